"""Fuzzing every reader with messy tables: nothing escapes but the toolkit's own errors.

Hypothesis strategies build the files people actually send, only worse: CSV
bytes in random encodings and separators, with shuffled, dropped, repeated and
misspelt headers and junk cells (dates in every format, decimal commas,
formula-looking text, stray quotes and newlines, control characters), for each
contract table; Excel sheets with typed cells; Parquet with odd dtypes;
SocioPatterns ``t i j`` logs; survey-tool exports with their header rows;
rotation scorecards. The property: a reader either returns, or raises a
:class:`toolkit.errors.NetoutError` subclass (a message for the user), never
anything else (a traceback).

The budget is fixed (``derandomize=True``: the same examples every run);
``benchmarks/fuzz_long.py`` runs the same strategies for 10,000 examples.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.contract import TABLE_ORDER, TABLES
from toolkit.errors import NetoutError

FUZZ_SETTINGS = dict(derandomize=True, deadline=None, database=None, print_blob=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])

# --------------------------------------------------------------------------- cells

#: Values that real exports hold where something else was expected.
JUNK = [
    "", " ", "NA", "n/a", "#N/A", "-", "null", "None", "nan", "NaT", "inf", "-inf", "1e308", "1e-320",
    "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "=1/0",
    "1,5", "1.234,5", "1,234", "12 000", "12\u00a0000", "3,5e2", "0x1F", "1_000", "٣", "½", "−4",
    "2024-05-01T18:00:00+02:00", "2024-05-01 18:00", "2024-05-01T16:00:00Z", "01/05/2024 18:10",
    "05/01/2024 6:10 PM", "May 1, 2024 6:25 PM", "01.05.2024", "2024-02-30", "2024-05-01T25:00:00",
    "2999-01-01", "1677-09-21", "0001-01-01T00:00:00", "9999-12-31T23:59:59Z", "45414.5", "-1", "0",
    "2024-05-01T18:00:00+25:00", "2024-W18-3", "2024-05-01T18:00:00.123456789123Z", "T18:00",
    "Strongly agree", "stronlgy agree", "AGREE", "Neither agree nor disagree", "4 - agree", "5 (strongly agree)",
    "yes", "Y", "No", "nope", "TRUE", "false", "1", "0", "1.0", "2.5", "11", "-3", "10/10", "✓",
    "structured", "Unstructured", "open", "hybrid", "randomized", "self-selected", "Self Selected", "lottery",
    "email", "E-Mail", "call", "meeting", "carrier pigeon", "badge_scan", "proximity",
    "e1", "e2", "E1", " e1 ", "S1", "S2", "S9", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "a1", "A1 ",
    "0012", "12", "1001.0", "1.23457E+11", "ann@example.org", "ANN@EXAMPLE.ORG", "+44 20 7946 0958",
    "Ann Lee", "\"quoted\"", "a\"b", "line\nbreak", "tab\there", "semi;colon", "comma,inside", "\ufeffA1",
    "\u200bA1", "é", "Économie", "Zürich", "日本", "🙂", "\x00", "\x07", "\r", "x" * 300,
]
ID_LIKE = ["e1", "S1", "S2", "A1", "A2", "A3", "A4", "A5", "A6", "G1", ""]

cells = st.one_of(
    st.sampled_from(JUNK),
    st.sampled_from(ID_LIKE),
    st.text(max_size=12),
    st.integers(-10 ** 12, 10 ** 12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.datetimes(min_value=datetime(1600, 1, 1), max_value=datetime(2400, 1, 1)).map(
        lambda d: d.isoformat()),
)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "mac_roman"]
DELIMITERS = [",", ";", "\t", "|", " "]


def header_for(columns: tuple[str, ...]):
    """Headers as exported: shuffled, some dropped, repeated, renamed in other case, junk added."""
    def mangle(name: str):
        return st.sampled_from([name, name, name, name.upper(), f" {name} ", name.replace("_", " "),
                                name.replace("_", "-").title(), name + "s", ""])
    return (st.permutations(list(columns))
            .flatmap(lambda cols: st.tuples(*[mangle(c) for c in cols]))
            .flatmap(lambda cols: st.tuples(
                st.just(list(cols)),
                st.lists(st.booleans(), min_size=len(cols), max_size=len(cols)),
                st.lists(st.sampled_from(["", "Unnamed: 9", "comment", "email", "attendee_id", "event_id",
                                          "notes", "Name", "phone", "=SUM(A:A)", "x.1"]), max_size=2)))
            .map(lambda t: [c for c, keep in zip(t[0], t[1]) if keep or sum(t[1]) == 0] + t[2]))


#: Plausible values per column, so that half the examples get past the header into the checks.
VALID = {
    "event_id": ["e1"], "attendee_id": ["A1", "A2", "A3", "A4"], "contact_id": ["A1", "A2", "A3", "A4"],
    "session_id": ["S1", "S2"], "group_id": ["G1", "G2", ""], "format": ["structured", "unstructured"],
    "assignment": ["randomized", "self_selected", "scheduled", ""], "grouping": ["industry", "random", ""],
    "start": ["2024-05-01T18:00:00Z", "2024-05-01T18:00:00+02:00"], "end": ["2024-05-01T19:00:00Z"],
    "timestamp": ["2024-05-01T18:10:00Z", "2024-05-03T09:00:00+01:00", ""], "kind": ["email", "call", "meeting"],
    "channel": ["badge_scan", "app", ""], "duration_s": ["20", "120", "1,5", ""], "interest": ["yes", "no", ""],
    "first_time": ["yes", "no", "1", ""], "satisfaction": ["1", "4", "5", "Agree", ""], "nps": ["0", "7", "10"],
    "met_helpful": ["yes", "no"], "would_return": ["Y", "N"], "industry": ["retail", "tech"],
    "company_size": ["1-9", "250+"], "networking_style": ["reserved", "self-directed"],
    "style_1": ["Agree", "2", "Strongly disagree"], "style_2": ["4", "neutral"],
}


def column_cell(name: str):
    """A cell of one column: usually plausible for it, sometimes junk."""
    valid = st.sampled_from(VALID.get(name.strip().lower(), ID_LIKE))
    return st.one_of(valid, valid, valid, cells)


@st.composite
def csv_bytes(draw, columns: tuple[str, ...]) -> bytes:
    """One table as a CSV file a spreadsheet or a hurried person might produce.

    Half the examples are mild (the contract's header, plausible cells with some
    junk, UTF-8 and commas) so that they reach the cross-table checks; the rest
    are wild (mangled headers, any cell, any encoding and separator).
    """
    mild = draw(st.booleans())
    if mild:
        header = list(columns) + (["style_1", "style_2"] if "nps" in columns else [])
        rows = draw(st.lists(st.tuples(*[column_cell(c) for c in header]).map(list), max_size=8))
    else:
        header = draw(header_for(columns))
        width = len(header)
        rows = draw(st.lists(st.lists(cells, min_size=max(0, width - 1), max_size=width + 1), max_size=8))
    delimiter = "," if mild else draw(st.sampled_from(DELIMITERS))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])))
    if mild or draw(st.booleans()):
        writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if draw(st.integers(0, 9)) == 0:
            buffer.write("\n")  # a blank line between records
    text = buffer.getvalue()
    if mild:
        return text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # a title row or a merged group header above the header
        text = draw(st.sampled_from(["Attendee list\n", ",,Company,,\n", "sep=;\n", "\n\n"])) + text
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    cut = draw(st.integers(0, 19))
    if cut == 0 and data:  # a download cut short
        data = data[: draw(st.integers(0, len(data)))]
    elif cut == 1:  # binary rubbish inside
        data = data + draw(st.binary(max_size=40))
    return data


# --------------------------------------------------------------------------- the folder around a fuzzed table

def _plain_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


BASE = {
    "attendees": [["event_id", "attendee_id", "industry"], ["e1", "A1", "retail"], ["e1", "A2", "tech"],
                  ["e1", "A3", "tech"], ["e1", "A4", "finance"]],
    "sessions": [["event_id", "session_id", "format", "start", "end"],
                 ["e1", "S1", "structured", "2024-05-01T18:00:00Z", "2024-05-01T19:00:00Z"],
                 ["e1", "S2", "unstructured", "2024-05-01T18:00:00Z", "2024-05-01T19:00:00Z"]],
    "participation": [["event_id", "session_id", "attendee_id"], ["e1", "S1", "A1"], ["e1", "S1", "A2"],
                      ["e1", "S2", "A3"], ["e1", "S2", "A4"]],
}

SETTINGS_VARIANTS = [
    None,
    '[style_scale]\nitems = ["style_1", "style_2"]\nreversed = ["style_2"]\n',
    '[style_scale]\nitems = ["satisfaction"]\nmin = 5\nmax = 1\n',
    '[style_scale]\nitems = 3\n',
    '[style_scale]\nitems = []\nreversed = ["x"]\n',
    '[likert]\n"Stronlgy agree" = 5\n"yes" = "high"\n',
    '[columns.attendees]\n"Member No" = "attendee_id"\n"industry" = "attendee_id"\n',
    '[columns]\nattendees = "oops"\n',
    '[style_scale\nitems = ["a"',
    "\x00\x01binary",
]


def _folder(root: Path, files: dict[str, bytes], toml: str | None) -> Path:
    folder = Path(tempfile.mkdtemp(dir=root))
    for name, rows in BASE.items():
        (folder / f"{name}.csv").write_bytes(_plain_csv(rows))
    for name, data in files.items():
        for old in folder.glob(f"{Path(name).stem}.*"):
            old.unlink()
        (folder / name).write_bytes(data)
    if toml is not None:
        (folder / "netout.toml").write_text(toml, encoding="utf-8")
    return folder


def check_folder(folder: Path) -> str:
    """Load a folder both ways; return the outcome. Only toolkit errors may escape the loader."""
    from toolkit.io.load import load_event_data, read_folder

    report = read_folder(folder).report
    try:
        load_event_data(folder)
    except NetoutError:
        assert not report.ok, "load_event_data raised on a folder read_folder found usable"
        return "error"
    assert report.ok
    return "warning" if report.warnings else "ok"


# --------------------------------------------------------------------------- strategies per reader

loader_csv = st.sampled_from(TABLE_ORDER).flatmap(
    lambda name: st.tuples(st.just(name), csv_bytes(TABLES[name].columns), st.sampled_from(SETTINGS_VARIANTS)))


def _excel_value():
    return st.one_of(
        cells.filter(lambda s: not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in s)),
        st.integers(-10 ** 15, 10 ** 15), st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(), st.none(),
        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
        st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
        st.sampled_from(["=1/0", "=NOW()", "=A1+1", "=HYPERLINK(\"http://x\")"]))


@st.composite
def xlsx_bytes(draw, columns: tuple[str, ...]) -> bytes:
    """An Excel sheet: typed cells (numbers, dates, booleans, formulas), a title row now and then."""
    from openpyxl import Workbook

    header = draw(header_for(columns))
    book = Workbook()
    sheet = book.active
    if draw(st.integers(0, 4)) == 0:
        sheet.append(["Attendee list, March"])
    sheet.append(header)
    for row in draw(st.lists(st.lists(_excel_value(), min_size=len(header), max_size=len(header) + 1), max_size=6)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


loader_xlsx = st.sampled_from(TABLE_ORDER).flatmap(lambda name: st.tuples(st.just(name), xlsx_bytes(TABLES[name].columns)))

_PARQUET_COLUMNS = {
    "text": lambda n: st.lists(st.sampled_from(ID_LIKE + JUNK[:60]), min_size=n, max_size=n).map(
        lambda v: pd.Series(v, dtype="string")),
    "int": lambda n: st.lists(st.integers(-2 ** 62, 2 ** 62), min_size=n, max_size=n).map(pd.Series),
    "nullable_int": lambda n: st.lists(st.one_of(st.none(), st.integers(-5, 20)), min_size=n, max_size=n).map(
        lambda v: pd.Series(v, dtype="Int64")),
    "float": lambda n: st.lists(st.floats(), min_size=n, max_size=n).map(pd.Series),
    "bool": lambda n: st.lists(st.booleans(), min_size=n, max_size=n).map(pd.Series),
    "naive_time": lambda n: st.lists(st.datetimes(min_value=datetime(1700, 1, 1), max_value=datetime(2200, 1, 1)),
                                     min_size=n, max_size=n).map(pd.Series),
    "utc_time": lambda n: st.lists(st.datetimes(min_value=datetime(1700, 1, 1), max_value=datetime(2200, 1, 1),
                                                timezones=st.just(timezone(timedelta(hours=2)))),
                                   min_size=n, max_size=n).map(lambda v: pd.Series(pd.to_datetime(v, utc=True))),
    "category": lambda n: st.lists(st.sampled_from(["structured", "unstructured", "x", "A1"]), min_size=n,
                                   max_size=n).map(lambda v: pd.Series(v, dtype="category")),
    "null": lambda n: st.just(pd.Series([None] * n, dtype="object")),
}


@st.composite
def parquet_bytes(draw, columns: tuple[str, ...]) -> bytes:
    """A Parquet table whose columns have whatever dtype the exporting program chose."""
    n = draw(st.integers(0, 6))
    names = draw(header_for(columns))
    frame = pd.DataFrame({f"{name}" if name else f"c{k}": draw(_PARQUET_COLUMNS[draw(st.sampled_from(
        sorted(_PARQUET_COLUMNS)))](n)).reset_index(drop=True) for k, name in enumerate(dict.fromkeys(names))})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


loader_parquet = st.sampled_from(TABLE_ORDER).flatmap(
    lambda name: st.tuples(st.just(name), parquet_bytes(TABLES[name].columns)))

# ---- importers

tij_token = st.one_of(st.integers(-5, 400).map(str), st.integers(10 ** 9, 2 * 10 ** 9).map(str),
                      st.sampled_from(["1", "2", "3", "1.5", "2e1", "nan", "inf", "-0", "t", "i", "j", "#", "",
                                       "1e400", "0x10", "١٢"]),
                      st.text(max_size=4))


@st.composite
def tij_bytes(draw) -> bytes:
    """A SocioPatterns log: mostly 't i j' lines, some short, long, blank, commented or binary."""
    if draw(st.booleans()):  # mild: three fields, times in 20-s steps, small badge numbers, a few junk lines
        line = st.tuples(st.integers(0, 30).map(lambda k: str(20 * k)), st.integers(1, 6).map(str),
                         st.integers(1, 6).map(str)).map(list)
        lines = draw(st.lists(st.one_of(line, line, line, st.lists(tij_token, max_size=4)), max_size=25))
    else:
        lines = draw(st.lists(st.lists(tij_token, min_size=0, max_size=5), max_size=15))
    sep = draw(st.sampled_from(["\t", " ", "  ", ",", " \t"]))
    text = "\n".join(sep.join(line) for line in lines)
    if draw(st.booleans()):
        text = "t\ti\tj\n" + text
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


SCHEDULES = [None, b"", b"session_id,start,end,format\nA,0,100,structured\nB,100,400,unstructured\n",
             b"session_id,start,end,format\nA,0,100,structured\nA,50,60,workshop\n",
             b"session_id;start;end;format\nA;2000-01-01T00:00:00Z;2000-01-01T00:05:00+01:00;structured\n",
             b"start,end\n1,2\n", b"\xff\xfe\x00\x00junk"]

sociopatterns_input = st.tuples(tij_bytes(), st.sampled_from(SCHEDULES),
                                st.sampled_from([None, 0, 20, 60]), st.sampled_from(["auto", "relative", "epoch"]))

QUESTIONS = ["Timestamp", "Email Address", "How satisfied were you?", "Did you meet someone who can help?",
             "How likely are you to recommend us?", "I enjoy working a room", "Comment", "Respondent ID",
             "Custom Data 1", "Status", "Finished", "#", "Submit Date (UTC)"]
SURVEY_MAP = ('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n'
              '"Did you meet someone who can help?" = "met_helpful"\n'
              '"How likely are you to recommend us?" = "nps"\n"I enjoy working a room" = "style_1"\n'
              '"Comment" = "comment"\n[style_scale]\nitems = ["style_1"]\n')
SURVEY_MAPS = [SURVEY_MAP, SURVEY_MAP.replace('"Email Address"', '"Custom Data 1"'),
               '[columns.survey]\n"Email Address" = "attendee_id"\n"Email Address " = "email"\n',
               '[columns.survey]\n"Nope" = "attendee_id"\n', "[columns]\nsurvey = 1\n", "not toml [",
               SURVEY_MAP + '[likert]\n"Stronlgy agree" = 5\n', SURVEY_MAP + '[survey]\nevent_id = ""\n']


@st.composite
def survey_export(draw) -> tuple[bytes, str, str]:
    """A survey tool's export (CSV or XLSX) with one to three header rows, and a column map."""
    if draw(st.booleans()):  # mild: the questions the map names, Google Forms order, plausible answers
        header = QUESTIONS[:7]
        answer = st.sampled_from(["2025/03/14 6:02:11 PM GMT", "ann@example.org", "bo@example.org", "", "4",
                                  "Agree", "Yes", "No", "9", "Stronlgy agree", "great"])
        body = draw(st.lists(st.lists(st.one_of(answer, answer, cells), min_size=7, max_size=7), max_size=6))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([header] + body)
        return buffer.getvalue().encode("utf-8"), ".csv", draw(st.sampled_from(SURVEY_MAPS[:2] + SURVEY_MAPS[-2:]))
    header = draw(st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=8))
    extra_headers = draw(st.sampled_from([[], [["Response"] * len(header)],
                                          [["Q%d" % k for k in range(len(header))],
                                           ['{"ImportId":"QID%d"}' % k for k in range(len(header))]]]))
    body = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header) + 1), max_size=6))
    rows = [header] + extra_headers + body
    suffix = draw(st.sampled_from([".csv", ".csv", ".csv", ".xlsx"]))
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append([c if not any(ord(ch) < 32 for ch in c) else "x" for c in row])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    else:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])), lineterminator="\n").writerows(rows)
        data = buffer.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return data, suffix, draw(st.sampled_from(SURVEY_MAPS))


SCORECARD_PROFILE = ('[file]\nseparator = "semicolon"\nthousands = ","\n[roles]\nperson = "Person"\n'
                     'partner = "Partner"\nevent = "Night"\nround = "Round"\ninterest = "Follow up?"\n'
                     'met_before = "Met"\n[[columns]]\nsource = "Field"\nname = "industry"\n'
                     'codes = { 1 = "law", 2 = "finance" }\n[[columns]]\nsource = "Happy"\ntable = "survey"\n'
                     'name = "satisfaction"\nrescale = [1, 10, 1, 5]\n')
SCORECARD_COLUMNS = ("Person", "Partner", "Night", "Round", "Follow up?", "Met", "Field", "Happy")
score_cell = st.one_of(st.sampled_from(["1", "2", "3", "4", "1.0", "A", "B", "", "0", "yes", "maybe", "9",
                                        "69,487.00", "1,200.50", "10", "-1", "NA"]), cells)


@st.composite
def scorecard_bytes(draw) -> bytes:
    if draw(st.booleans()):  # mild: the profile's header, small plausible cards
        person = st.sampled_from(["1", "2", "3", "4", "12.0", ""])
        row = st.tuples(person, person, st.sampled_from(["A", "B", ""]), st.sampled_from(["1", "2", "x"]),
                        st.sampled_from(["1", "0", "maybe", ""]), st.sampled_from(["1", "0", "2", ""]),
                        st.sampled_from(["1", "2", "9", ""]), st.one_of(st.sampled_from(["8", "10", "1,5", ""]), cells))
        rows = draw(st.lists(row.map(list), max_size=10))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([list(SCORECARD_COLUMNS)] + rows)
        return buffer.getvalue().encode("utf-8")
    header = draw(header_for(SCORECARD_COLUMNS).map(lambda h: [c.strip().title() if c.islower() else c for c in h]))
    rows = draw(st.lists(st.lists(score_cell, min_size=len(header), max_size=len(header)), max_size=10))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=draw(st.sampled_from([";", ";", ","])), lineterminator="\n").writerows(
        [header] + rows)
    return buffer.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


# --------------------------------------------------------------------------- checks (shared with the benchmark)

_COUNTER = itertools.count()


def _import(kind: str, root: Path, sources: list[Path], **options) -> str:
    from toolkit.io.importers import import_export

    out = root / f"out{next(_COUNTER)}"
    try:
        result = import_export(kind, sources, out=out, overwrite=True, **options)
    except NetoutError:
        return "refused"
    bad = result.report["what"].isin(["row_skipped", "value_not_mapped"]).any()
    return "warning" if bad else "ok"


def check_loader_csv(root: Path, example) -> str:
    name, data, toml = example
    return check_folder(_folder(root, {f"{name}.csv": data}, toml))


def check_loader_xlsx(root: Path, example) -> str:
    name, data = example
    return check_folder(_folder(root, {f"{name}.xlsx": data}, None))


def check_loader_parquet(root: Path, example) -> str:
    name, data = example
    return check_folder(_folder(root, {f"{name}.parquet": data}, None))


def check_sociopatterns(root: Path, example) -> str:
    data, schedule, min_duration, time_unit = example
    folder = Path(tempfile.mkdtemp(dir=root))
    (folder / "tij_fuzz.dat").write_bytes(data)
    options = {"time_unit": time_unit}
    if schedule is not None:
        (folder / "schedule.csv").write_bytes(schedule)
        options["schedule"] = folder / "schedule.csv"
    if min_duration is not None:
        options["min_duration"] = min_duration
    return _import("sociopatterns", folder, [folder / "tij_fuzz.dat"], **options)


def check_survey(root: Path, example) -> str:
    data, suffix, mapping = example
    folder = Path(tempfile.mkdtemp(dir=root))
    (folder / f"export{suffix}").write_bytes(data)
    (folder / "map.toml").write_text(mapping, encoding="utf-8")
    return _import("survey", folder, [folder / f"export{suffix}"], column_map=str(folder / "map.toml"))


def check_scorecards(root: Path, example) -> str:
    folder = Path(tempfile.mkdtemp(dir=root))
    (folder / "cards.csv").write_bytes(example)
    (folder / "profile.toml").write_text(SCORECARD_PROFILE, encoding="utf-8")
    return _import("scorecards", folder, [folder / "cards.csv"], column_map=str(folder / "profile.toml"))


#: reader name -> (strategy, check, examples in the test run)
READERS = {
    "loader_csv": (loader_csv, check_loader_csv, 40),
    "loader_xlsx": (loader_xlsx, check_loader_xlsx, 15),
    "loader_parquet": (loader_parquet, check_loader_parquet, 15),
    "import_sociopatterns": (sociopatterns_input, check_sociopatterns, 60),
    "import_survey": (survey_export(), check_survey, 60),
    "import_scorecards": (scorecard_bytes(), check_scorecards, 25),
}


def _property(reader: str):
    strategy, check, budget = READERS[reader]

    @settings(max_examples=budget, **FUZZ_SETTINGS)
    @given(example=strategy)
    def run(example):
        with tempfile.TemporaryDirectory() as root:
            assert check(Path(root), example) in ("ok", "warning", "error", "refused")

    return run


test_fuzz_loader_csv = _property("loader_csv")
test_fuzz_loader_xlsx = _property("loader_xlsx")
test_fuzz_loader_parquet = _property("loader_parquet")
test_fuzz_import_sociopatterns = _property("import_sociopatterns")
test_fuzz_import_survey = _property("import_survey")
test_fuzz_import_scorecards = _property("import_scorecards")

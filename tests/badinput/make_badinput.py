"""Writes the bad-input corpus: one small file or folder per realistic fault.

Each loader case is a valid event folder (``BASE``) with exactly one thing
wrong, the way a spreadsheet, a survey tool or a hurried colleague gets it
wrong; each importer case is one broken export. ``cases.toml`` (written too)
says for every case what the fault is, which reader meets it and what the
user must be told. ``tests/test_badinput.py`` runs the manifest.

Run ``.venv/bin/python tests/badinput/make_badinput.py`` after changing a case;
the files are committed. Nothing here is large: the oversized-file case is made
by the test as a sparse file, and the zip cases are a few hundred bytes.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import stat
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- the valid base event

# The same valid base event as the broken-folder fixtures: defined once, in tests/broken/make_broken.py.
sys.path.insert(0, str(HERE.parent / "broken"))
from make_broken import BASE, BASE_TOML, variant  # noqa: E402
from make_broken import set_cell as cell  # noqa: E402

sys.path.pop(0)


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def cells(*changes):
    def change(rows):
        for c in changes:
            c(rows)
    return change


def rename(old: str, new: str):
    def change(rows):
        rows[0][rows[0].index(old)] = new
    return change


def drop_column(column: str):
    def change(rows):
        k = rows[0].index(column)
        for r in rows:
            del r[k]
    return change


def write_folder(folder: Path, tables: dict[str, list[list[str]]], *, toml: str | None = BASE_TOML,
                 encodings: dict[str, str] | None = None, delimiters: dict[str, str] | None = None,
                 raw: dict[str, bytes] | None = None, xlsx: dict[str, object] | None = None) -> None:
    """One event folder: CSV tables (encoding and separator per table), raw files, XLSX tables."""
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        if name in (xlsx or {}):
            continue
        text = csv_text(rows, (delimiters or {}).get(name, ","))
        encoding = (encodings or {}).get(name, "utf-8")
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    for name, make in (xlsx or {}).items():
        make(folder / f"{name}.xlsx", tables.get(name))
    for name, content in (raw or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    if toml is not None:
        (folder / "netout.toml").write_text(toml, encoding="utf-8")


def xlsx_plain(path: Path, rows, *, numbers: tuple[str, ...] = (), dates: tuple[str, ...] = (),
               title: str | None = None) -> None:
    """An Excel sheet as people make it: numbers typed as numbers, dates as dates, a title row on top."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    sheet.append(rows[0])
    for row in rows[1:]:
        out = []
        for name, value in zip(rows[0], row):
            if name in numbers and value:
                out.append(int(value.lstrip("A")) if value.lstrip("A").isdigit() else value)
            elif name in dates and value:
                out.append(datetime.fromisoformat(value).replace(tzinfo=None))
            else:
                out.append(value)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    _fixed_zip(buffer.getvalue(), path)


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite a workbook with fixed dates (members and document properties): the same bytes every run."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-05-01T18:00:00Z", content)
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 5, 1, 18, 0, 0)), content,
                         zipfile.ZIP_DEFLATED)


def zip_bytes(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():  # a fixed date: the same bytes every run
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 5, 1, 18, 0, 0)), content, zipfile.ZIP_DEFLATED)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink, date_time=(2024, 5, 1, 18, 0, 0))
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def base_csv(name: str, **changes) -> bytes:
    return csv_text(variant(**changes)[name]).encode("utf-8")


# --------------------------------------------------------------------------- the cases
# Each case: folder/file name -> (how to write it, manifest entry). Manifest keys:
#   fault     what is wrong, as the person who made the file would say it
#   reader    load_event_data | import:sociopatterns | import:survey | import:scorecards | extract_zip
#   outcome   ok | warning | error | refused   (refused: the reader refuses the input as a whole)
#   file, row, column, phrase   what the message must name (row: spreadsheet row, header = 1)
#   options   importer options (paths relative to the case)

CASES: list[dict] = []


def case(name: str, fault: str, reader: str, outcome: str, *, file: str | None = None, row: int | None = None,
         column: str | None = None, phrase: str | None = None, sources: list[str] | None = None,
         options: dict | None = None, make=None, skipped_rows: list[int] | None = None,
         rows_in: int | None = None) -> None:
    entry = {"name": name, "fault": fault, "reader": reader, "outcome": outcome}
    for key, value in (("file", file), ("row", row), ("column", column), ("phrase", phrase),
                       ("sources", sources), ("options", options), ("skipped_rows", skipped_rows),
                       ("rows_in", rows_in)):
        if value is not None:
            entry[key] = value
    CASES.append(entry)
    entry["_make"] = make


L = "load_event_data"


def folder(**kwargs):
    tables = kwargs.pop("tables", None) or copy.deepcopy(BASE)
    return lambda path: write_folder(path, tables, **kwargs)


def define_cases() -> None:
    # ---- encodings
    case("latin1_attendees", "attendees.csv saved by Excel on Windows (cp1252: 'Économie', 'Café Müller')", L, "ok",
         make=folder(tables=variant(attendees=cells(cell(2, "industry", "Économie"), cell(3, "industry", "Café Müller"))),
                     encodings={"attendees": "cp1252"}))
    case("utf8_bom_everywhere", "every table starts with a UTF-8 byte-order mark (Excel 'CSV UTF-8')", L, "ok",
         make=folder(encodings={n: "utf-8-sig" for n in BASE}))
    case("utf16_le_bom", "survey.csv saved as 'Unicode text' (UTF-16 LE with BOM, tab separated)", L, "ok",
         make=folder(encodings={"survey": "utf-16"}, delimiters={"survey": "\t"}))
    case("utf16_no_bom", "participation.csv in UTF-16 LE without a byte-order mark", L, "ok",
         make=folder(encodings={"participation": "utf-16-le"}))
    case("utf8_one_bad_byte", "attendees.csv mostly UTF-8 with one Latin-1 byte pasted in ('Zürich' as 0xFC)", L, "ok",
         make=folder(raw={"attendees.csv": csv_text(variant(attendees=cell(4, "industry", "Zürich retail"))["attendees"])
                          .encode("utf-8").replace("ü".encode(), b"\xfc")}, tables=variant(attendees=None)))
    case("xlsx_saved_as_csv", "an Excel workbook renamed contacts.csv (zip bytes, not text)", L, "error",
         file="contacts.csv", phrase="export", make=folder(
             tables=variant(contacts=None),
             raw={"contacts.csv": zip_bytes({"xl/workbook.xml": b"<workbook/>" * 20})}))
    case("pdf_saved_as_csv", "a PDF print-out saved as attendees.csv", L, "error", file="attendees.csv",
         phrase="export", make=folder(tables=variant(attendees=None),
                                      raw={"attendees.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"
                                                            b"\x00\x01\x02stream\x00\x00\x00endstream\n"}))
    # ---- separators and numbers
    case("semicolon_decimal_comma", "contacts.csv from European Excel: semicolons, durations like '12,5'", L, "ok",
         make=folder(tables=variant(contacts=cells(cell(7, "duration_s", "120,5"), cell(6, "duration_s", "1.234,5"))),
                     delimiters={"contacts": ";"}))
    case("tab_separated_csv", "sessions.csv is tab separated (copied out of a spreadsheet)", L, "ok",
         make=folder(delimiters={"sessions": "\t"}))
    case("pipe_separated", "attendees.csv uses '|' between fields (a database dump)", L, "error",
         file="attendees.csv", row=1, column="attendee_id", phrase="missing",
         make=folder(delimiters={"attendees": "|"}))
    case("header_comma_rows_semicolon", "participation.csv header with commas, rows with semicolons (two exports glued)",
         L, "error", file="participation.csv", row=2, column="session_id", phrase="set aside",
         make=folder(raw={"participation.csv": (csv_text(BASE["participation"][:1])
                                                + csv_text(BASE["participation"][1:], ";")).encode()},
                     tables=variant(participation=None)))
    case("nps_decimal_comma", "survey nps typed as '8,0' and '9,5' in a semicolon file", L, "ok",
         make=folder(tables=variant(survey=cells(cell(2, "nps", "8,0"), cell(3, "nps", "9,5"))),
                     delimiters={"survey": ";"}))
    case("thousands_ambiguous_duration", "contacts duration_s '1,234' (a thousand? one point two?)", L, "warning",
         file="contacts.csv", row=7, column="duration_s", phrase="number of seconds",
         make=folder(tables=variant(contacts=cell(7, "duration_s", "1,234"))))
    case("duration_with_unit", "contacts duration_s typed as '2 min'", L, "warning", file="contacts.csv", row=7,
         column="duration_s", phrase="number of seconds",
         make=folder(tables=variant(contacts=cell(7, "duration_s", "2 min"))))
    # ---- header rows and columns
    case("merged_header_rows", "attendees.csv has a merged group-header row above the real header", L, "error",
         file="attendees.csv", row=1, column="attendee_id", phrase="missing",
         make=folder(tables=variant(attendees=lambda rows: rows.insert(0, ["Who", "", "", "Company", "", ""]))))
    case("title_row_xlsx", "attendees.xlsx has a merged title row 'Attendee list, March' above the header", L, "error",
         file="attendees.xlsx", row=1, column="attendee_id", phrase="missing",
         make=(lambda path: (write_folder(path, variant(attendees=None)),
                        xlsx_plain(path / "attendees.xlsx", BASE["attendees"], title="Attendee list, March"))))
    case("duplicate_column", "contacts.csv has the timestamp column twice", L, "error", file="contacts.csv", row=1,
         column="timestamp", phrase="columns that all read as",
         make=folder(tables=variant(contacts=lambda rows: [r.append(r[3]) for r in rows])))
    case("duplicate_column_case", "attendees.csv has 'Attendee ID' and 'attendee_id'", L, "error",
         file="attendees.csv", row=1, column="attendee_id", phrase="columns that all read as",
         make=folder(tables=variant(attendees=lambda rows: [r.append(r[1]) for r in rows]
                                    + [rows[0].__setitem__(-1, "Attendee ID")])))
    case("missing_format_column", "sessions.csv without the format column", L, "error", file="sessions.csv", row=1,
         column="format", phrase="required column", make=folder(tables=variant(sessions=drop_column("format"))))
    case("missing_contact_id_column", "contacts.csv without contact_id (only one person per scan)", L, "error",
         file="contacts.csv", row=1, column="contact_id", phrase="required column",
         make=folder(tables=variant(contacts=drop_column("contact_id"))))
    case("header_names_messy", "headers in other case with spaces: ' Event ID ', 'ATTENDEE_ID', 'First-Time'", L,
         "ok", make=folder(tables=variant(attendees=cells(rename("event_id", " Event ID "),
                                                          rename("attendee_id", "ATTENDEE_ID"),
                                                          rename("first_time", "First-Time")))))
    case("trailing_empty_columns", "survey.csv with two unnamed empty columns at the end (Excel selection)", L, "ok",
         make=folder(tables=variant(survey=lambda rows: [r.extend(["", ""]) for r in rows])))
    case("empty_file", "contacts.csv is 0 bytes", L, "error", file="contacts.csv", phrase="is empty",
         make=folder(tables=variant(contacts=None), raw={"contacts.csv": b""}))
    case("blank_lines_only", "participation.csv holds only blank lines", L, "error", file="participation.csv",
         phrase="is empty", make=folder(tables=variant(participation=None), raw={"participation.csv": b"\r\n\r\n  \r\n"}))
    case("header_only_attendees", "attendees.csv has its header and no rows", L, "error", file="participation.csv",
         column="attendee_id", phrase="not in attendees",
         make=folder(tables=variant(attendees=lambda rows: rows.__delitem__(slice(1, None)))))
    case("header_only_followups", "followups.csv header only (nobody followed up yet)", L, "ok",
         make=folder(tables=variant(followups=lambda rows: rows.__delitem__(slice(1, None)))))
    case("missing_required_table", "no sessions file at all", L, "error", file="sessions.csv",
         phrase="required table", make=folder(tables=variant(sessions=None)))
    case("blank_rows_between", "survey.csv with blank lines between responses (rows keep their numbers)", L,
         "warning", file="survey.csv", row=6, column="nps", phrase="between 0 and 10",
         make=folder(tables=variant(survey=lambda rows: (rows.insert(2, [""] * 8), rows.insert(4, [""] * 8),
                                                         rows[5].__setitem__(5, "11")))))
    case("too_many_fields", "contacts.csv row 4 has an extra comma-separated field", L, "error",
         file="contacts.csv", phrase="well-formed", make=folder(tables=variant(contacts=lambda rows: rows[3].append("x"))))
    case("too_few_fields", "attendees.csv row 3 stops after the industry", L, "ok",
         make=folder(tables=variant(attendees=lambda rows: rows.__setitem__(2, rows[2][:3]))))
    case("unclosed_quote", "sessions.csv has a quote that is never closed", L, "error", file="sessions.csv",
         phrase="well-formed", make=folder(tables=variant(sessions=None), raw={
             "sessions.csv": csv_text(BASE["sessions"]).replace("industry", '"industry').encode()}))
    case("two_files_one_table", "attendees.csv and attendees.xlsx side by side (an old copy)", L, "ok",
         make=lambda path: (write_folder(path, BASE), xlsx_plain(path / "attendees.xlsx", BASE["attendees"][:2])))
    case("upper_case_file_name", "files named Attendees.CSV, SESSIONS.csv by a Windows user", L, "ok",
         make=lambda path: (write_folder(path, BASE), (path / "attendees.csv").rename(path / "Attendees.CSV"),
                            (path / "sessions.csv").rename(path / "SESSIONS.csv")))
    case("broken_settings_toml", "netout.toml with a missing closing quote", L, "error", file="netout.toml",
         phrase="settings", make=folder(toml='[style_scale]\nitems = ["style_1, "style_2"]\n'))
    # ---- ids
    case("ids_trailing_spaces", "participation ids with trailing spaces and a non-breaking space ('A1 ', ' A2')", L,
         "ok", make=folder(tables=variant(participation=cells(cell(2, "attendee_id", "A1 "),
                                                              cell(3, "attendee_id", "\u00a0A2")))))
    case("leading_zeros_lost", "member numbers: attendees '0012', participation '12' (Excel dropped the zero)", L,
         "error", file="participation.csv", row=2, column="attendee_id", phrase="not in attendees",
         make=folder(tables=variant(attendees=cell(2, "attendee_id", "0012"),
                                    participation=cell(2, "attendee_id", "12"),
                                    contacts=cell(2, "attendee_id", "0012"),
                                    survey=cell(2, "attendee_id", "0012"),
                                    followups=cell(2, "attendee_id", "0012"),
                                    known_ties=cell(2, "attendee_id", "0012"))))
    case("ids_as_floats", "ids exported as numbers by pandas: attendees '1001', contacts '1001.0'", L, "error",
         file="contacts.csv", row=2, column="attendee_id", phrase="not in attendees",
         make=folder(tables=variant(attendees=cell(2, "attendee_id", "1001"),
                                    participation=cell(2, "attendee_id", "1001"),
                                    contacts=cells(cell(2, "attendee_id", "1001.0"), cell(3, "attendee_id", "1001")),
                                    survey=cell(2, "attendee_id", "1001"),
                                    followups=cell(2, "attendee_id", "1001.0"),
                                    known_ties=cell(2, "attendee_id", "1001"))))
    case("ids_scientific_notation", "badge ids shown by Excel as 1.23457E+11 in contacts", L, "error",
         file="contacts.csv", row=4, column="contact_id", phrase="not in attendees",
         make=folder(tables=variant(attendees=cell(6, "attendee_id", "123456789012"),
                                    participation=cell(6, "attendee_id", "123456789012"),
                                    contacts=cells(cell(4, "contact_id", "1.23457E+11"),
                                                   cell(5, "attendee_id", "123456789012")))))
    case("xlsx_ids_numbers_leading_zero", "attendees.xlsx typed ids as numbers (007 became 7), CSVs keep '007'", L,
         "error", file="participation.csv", column="attendee_id", phrase="not in attendees",
         make=lambda path: (write_folder(path, variant(attendees=None, participation=cell(2, "attendee_id", "007"),
                                                       contacts=cell(2, "attendee_id", "007"),
                                                       survey=cell(2, "attendee_id", "007"),
                                                       followups=cell(2, "attendee_id", "007"),
                                                       known_ties=cell(2, "attendee_id", "007"))),
                            xlsx_plain(path / "attendees.xlsx", variant(attendees=cell(2, "attendee_id", "007"))[
                                "attendees"], numbers=("attendee_id",))))
    case("empty_id_cell", "attendees.csv row 4 has no attendee_id", L, "error", file="attendees.csv", row=4,
         column="attendee_id", make=folder(tables=variant(attendees=cell(4, "attendee_id", ""))))
    case("duplicate_attendee_other_case", "attendees has 'A2' twice, once as 'A2 ' with a trailing space", L, "error",
         file="attendees.csv", row=8, column="attendee_id",
         make=folder(tables=variant(attendees=lambda rows: rows.append(["e1", "A2 ", "tech", "", "", ""]))))
    case("email_as_id", "contacts exported with emails as ids (personal data)", L, "ok",
         make=folder(tables=variant(
             **{t: (lambda rows: [r.__setitem__(k, r[k] + "@example.org") for r in rows[1:] for k, h in
                                  enumerate(rows[0]) if h in ("attendee_id", "contact_id") and r[k]])
                for t in ("attendees", "participation", "survey", "contacts", "followups", "known_ties")})))
    # ---- dates and times
    case("dates_three_formats", "contact times as ISO, '01/05/2024 18:10' and 'May 1, 2024 6:25 PM'", L, "warning",
         file="contacts.csv", row=3, column="timestamp", phrase="ISO 8601",
         make=folder(tables=variant(contacts=cells(cell(3, "timestamp", "01/05/2024 18:20"),
                                                   cell(5, "timestamp", "May 1, 2024 6:25 PM")))))
    case("session_start_dotted_date", "sessions start written '01.05.2024 18:00' (German Excel)", L, "error",
         file="sessions.csv", row=2, column="start", phrase="ISO 8601",
         make=folder(tables=variant(sessions=cell(2, "start", "01.05.2024 18:00"))))
    case("time_zones_mixed", "contact times with +02:00, Z and no offset in one column", L, "ok",
         make=folder(tables=variant(contacts=cells(cell(3, "timestamp", "2024-05-01T16:20:00Z"),
                                                   cell(4, "timestamp", "2024-05-01 16:15:00")))))
    case("followup_time_excel_serial", "a follow-up time left as an Excel serial number (45414.5)", L, "warning",
         file="followups.csv", row=3, column="timestamp", phrase="ISO 8601",
         make=folder(tables=variant(followups=cell(3, "timestamp", "45414.5"))))
    case("impossible_date", "contact on 2024-02-30 (no such day)", L, "warning", file="contacts.csv", row=4,
         column="timestamp", phrase="ISO 8601", make=folder(tables=variant(contacts=cell(4, "timestamp",
                                                                                         "2024-02-30T18:15:00"))))
    case("impossible_hour", "session end at 25:00", L, "error", file="sessions.csv", row=3, column="end",
         phrase="ISO 8601", make=folder(tables=variant(sessions=cell(3, "end", "2024-05-01T25:00:00+02:00"))))
    case("negative_epoch_timestamp", "contact time '-1' (a badge clock reset)", L, "warning", file="contacts.csv",
         row=6, column="timestamp", phrase="ISO 8601", make=folder(tables=variant(contacts=cell(6, "timestamp", "-1"))))
    case("year_out_of_range", "follow-up in year 2999 (a typo for 2024), beyond what can be represented", L,
         "warning", file="followups.csv", row=2, column="timestamp",
         make=folder(tables=variant(followups=cell(2, "timestamp", "2999-05-03T09:00:00Z"))))
    case("year_1900_session", "sessions start in 1900 (Excel's zero date)", L, "error", file="sessions.csv",
         row=2, column="end", make=folder(tables=variant(sessions=cell(2, "end", "1900-01-01T00:00:00"))))
    case("xlsx_real_dates", "sessions.xlsx with start/end as Excel date cells (no zone)", L, "ok",
         make=lambda path: (write_folder(path, variant(sessions=None)),
                            xlsx_plain(path / "sessions.xlsx", BASE["sessions"], dates=("start", "end"))))
    case("negative_duration", "contacts duration_s '-120'", L, "warning", file="contacts.csv", row=7,
         column="duration_s", make=folder(tables=variant(contacts=cell(7, "duration_s", "-120"))))
    # ---- answers
    case("likert_misspelt", "style items 'Stronlgy agree' and 'Agre' (typed by hand)", L, "warning",
         file="survey.csv", row=3, column="style_1", phrase="known answer label",
         make=folder(tables=variant(survey=cells(cell(3, "style_1", "Stronlgy agree"), cell(4, "style_2", "Agre")))))
    case("likert_other_language", "style items in French ('Tout à fait d'accord')", L, "warning", file="survey.csv",
         row=2, column="style_1", phrase="[likert]",
         make=folder(tables=variant(survey=cell(2, "style_1", "Tout à fait d'accord"))))
    case("satisfaction_out_of_range", "satisfaction 7 on a 1-5 scale (the 1-10 scale used last year)", L, "warning",
         file="survey.csv", row=5, column="satisfaction",
         make=folder(tables=variant(survey=cell(5, "satisfaction", "7"))))
    case("nps_as_fraction", "nps written '9/10'", L, "warning", file="survey.csv", row=2, column="nps",
         make=folder(tables=variant(survey=cell(2, "nps", "9/10"))))
    case("yes_no_variants", "met_helpful answers 'Yes.', 'nope'", L, "warning", file="survey.csv", row=3,
         column="met_helpful", phrase="yes/no",
         make=folder(tables=variant(survey=cells(cell(3, "met_helpful", "Yes."), cell(4, "met_helpful", "nope")))))
    case("unknown_format_code", "session format 'speed networking'", L, "error", file="sessions.csv", row=3,
         column="format", phrase="structured or unstructured",
         make=folder(tables=variant(sessions=cell(3, "format", "speed networking"))))
    case("followup_kind_unknown", "follow-up kind 'WhatsApp'", L, "warning", file="followups.csv", row=4,
         column="kind", phrase="set aside", make=folder(tables=variant(followups=cell(4, "kind", "WhatsApp"))))
    # ---- formula-looking cells (CSV injection)
    case("formula_cells", "=HYPERLINK(...), @SUM, +cmd and -2+3 in text columns, a column named =cmd|...", L, "ok",
         make=folder(tables=variant(
             attendees=cells(cell(2, "industry", '=HYPERLINK("http://evil.example","click")'),
                             cell(3, "company_size", "-2+3"), cell(4, "industry", "@SUM(A1:A9)"),
                             lambda rows: [r.append("=cmd|' /C calc'!A0" if k == 0 else "x")
                                           for k, r in enumerate(rows)]),
             contacts=cell(2, "channel", "+cmd|' /C calc'!A0"))))
    case("formula_ids", "attendee ids that look like formulas ('=A1', '+A2')", L, "ok",
         make=folder(tables=variant(**{t: (lambda rows: [r.__setitem__(k, {"A1": "=A1", "A2": "+A2"}.get(r[k], r[k]))
                                                         for r in rows[1:] for k, h in enumerate(rows[0])
                                                         if h in ("attendee_id", "contact_id")])
                                       for t in ("attendees", "participation", "survey", "contacts", "followups",
                                                 "known_ties")})))
    # ---- other files
    case("corrupt_xlsx", "survey.xlsx is a text file renamed", L, "error", file="survey.xlsx", phrase="Excel",
         make=folder(tables=variant(survey=None), raw={"survey.xlsx": b"event_id,attendee_id\ne1,A1\n"}))
    case("corrupt_parquet", "known_ties.parquet cut short by a failed download", L, "error",
         file="known_ties.parquet", phrase="Parquet",
         make=folder(tables=variant(known_ties=None), raw={"known_ties.parquet": b"PAR1\x15\x04\x15\x00"}))
    no_event = {n: drop_column("event_id") for n in BASE}
    case("subfolder_same_event_id", "two event subfolders whose files both say event_id 'e1' (copied template)",
         L, "error", file="spring/attendees.csv", row=2, column="attendee_id", phrase="listed more than once",
         make=lambda path: (write_folder(path / "autumn", BASE, toml=None),
                            write_folder(path / "spring", BASE, toml=None)))
    case("subfolder_sessions_unknown", "event subfolders without event_id; autumn's participation names a "
         "session only spring has", L, "error", file="autumn/participation.csv", row=2, column="session_id",
         phrase="not in sessions",
         make=lambda path: (write_folder(path / "spring", variant(**no_event), toml=None),
                            write_folder(path / "autumn", variant(**{**no_event, "participation": cells(
                                drop_column("event_id"), cell(2, "session_id", "S9"))}), toml=None)))
    # ---- zips (the dashboard's upload)
    for name, fault, members, link in (
        ("zip_slip", "upload zip with a member '../../outside.csv' (zip-slip)",
         {"event/attendees.csv": base_csv("attendees"), "../../outside.csv": b"x"}, None),
        ("zip_absolute_path", "upload zip with a member '/tmp/netout-evil.csv'",
         {"event/attendees.csv": base_csv("attendees"), "/tmp/netout-evil.csv": b"x"}, None),
        ("zip_symlink", "upload zip holding a symbolic link to /etc/passwd",
         {"event/attendees.csv": base_csv("attendees")}, "event/contacts.csv"),
    ):
        case(name, fault, "extract_zip", "refused", file=f"{name}.zip", phrase="outside" if link is None else "link",
             make=(lambda path, members=members, link=link: path.with_suffix(".zip").write_bytes(
                 zip_bytes(members, symlink=link))))
    case("zip_not_a_zip", "upload 'event.zip' that is an HTML error page", "extract_zip", "refused",
         file="zip_not_a_zip.zip", phrase="zip",
         make=lambda path: path.with_suffix(".zip").write_bytes(b"<html><body>502 Bad Gateway</body></html>"))
    case("zip_good_with_macosx", "a good upload zipped on a Mac (one top folder, __MACOSX junk)", "extract_zip", "ok",
         make=lambda path: path.with_suffix(".zip").write_bytes(zip_bytes(
             {**{f"spring/{n}.csv": csv_text(rows).encode() for n, rows in BASE.items()},
              "spring/netout.toml": BASE_TOML.encode(), "__MACOSX/spring/._attendees.csv": b"\x00\x05\x16\x07"})))

    # ---- importers: SocioPatterns t i j logs
    S = "import:sociopatterns"

    def tij(text: str, name: str = "tij_bad.dat"):
        return lambda path: (path.mkdir(), (path / name).write_bytes(text.encode()))

    case("tij_bad_lines", "tij log with a header line, 2-field and 4-field lines, text time, negative time, "
         "self contact and a repeated line", S, "warning", file="tij_bad.dat", row=3, phrase="three fields",
         skipped_rows=[1, 3, 4, 5, 6, 7, 9],
         sources=["tij_bad.dat"],
         make=tij("t i j\n20\t1\t2\n40 2\n40 3 4 9\nabc 1 2\n-20 1 3\n60 5 5\n60\t1\t2\n60\t1\t2\n80 3 4\n"))
    case("tij_empty", "an empty tij file", S, "refused", file="tij_empty.dat", phrase="no contact lines",
         sources=["tij_empty.dat"], make=tij("", "tij_empty.dat"))
    case("tij_is_a_csv", "a CSV given instead of the t i j log", S, "refused", file="tij_is_a_csv.csv",
         phrase="three fields", sources=["tij_is_a_csv.csv"],
         make=tij(csv_text(BASE["contacts"]), "tij_is_a_csv.csv"))
    case("tij_mixed_clock", "a log mixing relative seconds and Unix epoch seconds", S, "refused",
         phrase="--time-unit", sources=["tij_mixed.dat"], make=tij("20 1 2\n1481500000 1 3\n", "tij_mixed.dat"))
    case("tij_bad_schedule", "a schedule whose format says 'workshop'", S, "refused", file="schedule.csv", row=3,
         column="format", sources=["tij.dat"], options={"schedule": "schedule.csv"},
         make=lambda path: (path.mkdir(), (path / "tij.dat").write_text("20 1 2\n40 2 3\n"),
                            (path / "schedule.csv").write_text("session_id,start,end,format\nA,0,30,structured\n"
                                                               "B,30,60,workshop\n")))
    case("tij_empty_schedule", "a schedule file that is empty", S, "refused", file="schedule.csv",
         sources=["tij.dat"], options={"schedule": "schedule.csv"},
         make=lambda path: (path.mkdir(), (path / "tij.dat").write_text("20 1 2\n40 2 3\n"),
                            (path / "schedule.csv").write_bytes(b"")))
    case("tij_schedule_bad_time", "a schedule start typed '10h30'", S, "refused", file="schedule.csv", row=2,
         column="start", sources=["tij.dat"], options={"schedule": "schedule.csv"},
         make=lambda path: (path.mkdir(), (path / "tij.dat").write_text("20 1 2\n40 2 3\n"),
                            (path / "schedule.csv").write_text("session_id,start,end,format\nA,10h30,60,structured\n")))
    case("tij_metadata_bad_codes", "metadata with codes the codebook does not list and a row without an id", S,
         "warning", file="metadata.tsv", row=2, column="2", phrase="not in the codebook",
         sources=["tij.dat", "metadata.tsv"], options={"codebook": "codebook.csv"},
         make=lambda path: (path.mkdir(), (path / "tij.dat").write_text("20 1 2\n40 2 3\n"),
                            (path / "metadata.tsv").write_text("1\t0\n2\t7\nNA\t1\n3\t1\n"),
                            (path / "codebook.csv").write_text(
                                "source,name,table,code,label\n1,attendee_id,attendees,,\n"
                                "2,age_band,attendees,0,under 30\n2,age_band,attendees,1,30 and over\n")))
    # ---- importers: survey exports
    U = "import:survey"
    gf_map = ('[survey]\nevent_id = "spring"\n[style_scale]\nitems = ["style_1"]\n[columns.survey]\n'
              '"Email Address" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n'
              '"I enjoy working a room" = "style_1"\n')
    gf_head = "Timestamp,Email Address,How satisfied were you?,I enjoy working a room\n"

    def survey(text: str | bytes, name: str = "export.csv", mapping: str = gf_map):
        content = text.encode() if isinstance(text, str) else text
        return lambda path: (path.mkdir(), (path / name).write_bytes(content),
                             (path / "map.toml").write_text(mapping))

    case("survey_likert_misspelt", "Google Forms export with 'Stronlgy agree' and satisfaction 7 on a 1-5 scale", U,
         "warning", file="export.csv", row=3, column="I enjoy working a room", sources=["export.csv"], rows_in=3,
         options={"column_map": "map.toml"},
         make=survey(gf_head + "2025/03/14 6:02:11 PM GMT,ann@example.org,5,Agree\n"
                     "2025/03/14 6:05:40 PM GMT,bo@example.org,4,Stronlgy agree\n"
                     "2025/03/14 6:06:40 PM GMT,cy@example.org,7,Agree\n"))
    case("survey_monkey_header_row_deleted", "SurveyMonkey export whose second header row was deleted by hand", U,
         "refused", phrase="I find it easy", sources=["export.csv"], options={"column_map": "map.toml"},
         make=survey("Respondent ID,Collector ID,Custom Data 1,How much do you agree with each statement?,,\n"
                     "1142,4315,M-1,Agree,Disagree,Agree\n1143,4315,M-2,Agree,Agree,Agree\n",
                     mapping='[columns.survey]\n"Custom Data 1" = "attendee_id"\n'
                             '"I find it easy to start a conversation with a stranger" = "style_1"\n'))
    case("survey_empty", "an empty survey export", U, "refused", file="export.csv", phrase="empty",
         sources=["export.csv"], options={"column_map": "map.toml"}, make=survey(""))
    case("survey_header_only", "a survey export with its header and no response", U, "ok",
         sources=["export.csv"], options={"column_map": "map.toml"}, make=survey(gf_head))
    case("survey_semicolon_latin1", "a survey export re-saved by European Excel (semicolons, cp1252)", U, "ok",
         sources=["export.csv"], options={"column_map": "map.toml"},
         make=survey((gf_head.replace(",", ";") + "14/03/2025 18:02;ann@example.org;5;Tout à fait d'accord\n")
                     .encode("cp1252"),
                     mapping=gf_map + '[likert]\n"Tout à fait d\'accord" = 5\n'))
    case("survey_missing_map", "survey import without a column map", U, "refused", phrase="map",
         sources=["export.csv"], make=survey(gf_head))
    case("survey_map_names_absent_column", "the column map names a question that is not in the export", U, "refused",
         phrase="Would you come back?", sources=["export.csv"], options={"column_map": "map.toml"},
         make=survey(gf_head + "2025/03/14 6:02:11 PM GMT,ann@example.org,5,Agree\n",
                     mapping=gf_map + '"Would you come back?" = "would_return"\n'))
    case("survey_formula_answer", "a free-text answer '=HYPERLINK(...)'", U, "ok", sources=["export.csv"],
         options={"column_map": "map.toml"},
         make=survey(gf_head.strip() + ",Comment\n2025/03/14 6:02:11 PM GMT,ann@example.org,5,Agree,"
                     '"=HYPERLINK(""http://x.example"",""x"")"\n',
                     mapping=gf_map + '"Comment" = "comment"\n'))
    # ---- importers: scorecards
    C = "import:scorecards"
    profile = ('[file]\nseparator = "semicolon"\n[roles]\nperson = "Person"\npartner = "Partner"\n'
               'event = "Night"\ninterest = "Follow up?"\n[[columns]]\nsource = "Field"\nname = "industry"\n'
               'codes = { 1 = "law", 2 = "finance" }\n')

    def cards(text: str, mapping: str = profile):
        return lambda path: (path.mkdir(), (path / "cards.csv").write_text(text),
                             (path / "profile.toml").write_text(mapping))

    case("scorecards_bad_codes", "scorecards with interest 'maybe', a field code 9, an empty partner and a "
         "repeated row", C, "warning", file="cards.csv", row=3, column="Follow up?", phrase="1/0", rows_in=6,
         sources=["cards.csv"], options={"column_map": "profile.toml"},
         make=cards("Person;Partner;Night;Follow up?;Field\n1;2;A;1;1\n1;3;A;maybe;1\n2;1;A;0;9\n3;;A;1;2\n"
                    "3;1;A;1;2\n1;2;A;1;1\n"))
    case("scorecards_wrong_separator", "scorecards saved with commas, profile says semicolons", C, "refused",
         phrase="no column", sources=["cards.csv"], options={"column_map": "profile.toml"},
         make=cards("Person,Partner,Night,Follow up?,Field\n1,2,A,1,1\n2,1,A,0,2\n"))
    case("scorecards_empty", "an empty scorecard file", C, "refused", file="cards.csv", sources=["cards.csv"],
         options={"column_map": "profile.toml"}, make=cards(""))
    case("scorecards_header_only", "scorecards with the header row only", C, "refused", file="cards.csv",
         phrase="no scorecard rows", sources=["cards.csv"], options={"column_map": "profile.toml"},
         make=cards("Person;Partner;Night;Follow up?;Field\n"))
    case("scorecards_ragged", "a scorecard row with an unbalanced quote", C, "refused", file="cards.csv",
         sources=["cards.csv"], options={"column_map": "profile.toml"},
         make=cards('Person;Partner;Night;Follow up?;Field\n1;2;A;1;1\n2;"1;A;0;2\n3;1;A;1;1\n'))


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def write_manifest(path: Path) -> None:
    lines = ["# The bad-input corpus: one entry per case (folder or file of the same name in this folder).",
             "# Written by make_badinput.py; tests/test_badinput.py runs every entry.",
             "# reader: load_event_data | extract_zip | import:KIND",
             "# outcome: ok (loads; nothing to report) | warning (loads; the problem is reported and the row or",
             "#   answer set aside) | error (the folder cannot be used; every problem listed with file/row/column)",
             "#   | refused (the reader refuses the input as a whole with a NetoutError naming the file)",
             "# file/row/column/phrase: what the first matching message must name (row: spreadsheet row, header = 1)",
             ""]
    for entry in CASES:
        lines.append("[[case]]")
        for key, value in entry.items():
            if key.startswith("_"):
                continue
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    define_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for stale in HERE.iterdir():  # cases renamed or removed since the last run
        if (stale.is_dir() or stale.suffix == ".zip") and stale.stem not in names and not stale.name.startswith("_"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    for entry in CASES:
        for old in (HERE / entry["name"], HERE / f"{entry['name']}.zip"):
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
        entry["_make"](HERE / entry["name"])
    write_manifest(HERE / "cases.toml")
    print(f"wrote {len(CASES)} cases to {HERE}")


if __name__ == "__main__":
    main()

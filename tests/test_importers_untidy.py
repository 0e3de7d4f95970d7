"""Importers on real-style untidy exports: one-format evenings, title rows, blank rows, empty columns.

The exports are written here as an organiser's tools write them (a BOM and `;` from a European
Excel, blank rows and trailing empty columns, a title above the header of an .xlsx); each test
checks what the import writes and says, and that no name or email of the exports reaches a
message or a file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.errors import UsageError
from toolkit.io.importers import import_export

# names that no word of the toolkit's messages contains, so that finding one in an output means a leak
PEOPLE = [("Annelies", "Lemmens", "Retail"), ("Bogdan", "Chenko", "Law"), ("Carlijn", "Diazova", "Tech"),
          ("Devika", "Patelson", "Retail"), ("Evelien", "Okafor", "Law"), ("Finnur", "Bergsson", "Tech"),
          ("Galatea", "Rossini", "Retail")]
HEADER = ["Order #", "First Name", "Last Name", "Email", "Attendee #", "Attendee Status", "Which industry are you in?"]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.org"


def _tickets(statuses: list[str]) -> list[list[str]]:
    return [[str(7100 + k), first, last, _email(first, last), str(3100 + k), status, industry]
            for k, ((first, last, industry), status) in enumerate(zip(PEOPLE, statuses))]


STATUSES = ["Checked In"] * 5 + ["Attending", "Refunded"]   # 5 came, a no-show, a refund


def _planted() -> list[str]:
    return [p for first, last, _ in PEOPLE for p in (first, last, _email(first, last))] + ["@example"]


def _european_csv(path: Path, header: list[str], rows: list[list[str]], *, empty_columns: int = 0,
                  blank_rows: int = 0) -> Path:
    """A CSV as a European Excel saves it: BOM, `;`, CRLF, empty columns at the right, blank rows at the end."""
    pad = [""] * empty_columns
    lines = [";".join(header + pad)] + [";".join(row + pad) for row in rows]
    lines += [";" * (len(header) + empty_columns - 1)] * blank_rows
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _xlsx(path: Path, header: list[str], rows: list[list], *, title: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _scans(path: Path, *, blank_rows: int = 0) -> Path:
    """Scans of the five who came (badge numbers), one badge nobody registered, a repeat."""
    rows = [["3100", "3101", "08/10/2026 19:40", "Hot"], ["3101", "3102", "08/10/2026 19:45", "Warm"],
            ["3102", "3103", "08/10/2026 19:50", "Cold"], ["3103", "3104", "08/10/2026 20:05", ""],
            ["3104", "3100", "08/10/2026 20:10", "Hot"], ["3100", "3999", "08/10/2026 20:15", "Warm"],
            ["3100", "3101", "08/10/2026 20:20", "Hot"]]
    text = "Scanner Badge ID,Scanned Badge ID,Scan Time,Rating\n" + "".join(",".join(r) + "\n" for r in rows)
    path.write_text(text + ",,,\n" * blank_rows, encoding="utf-8")
    return path


def _map(path: Path, extra: str = "") -> Path:
    path.write_text('time_zone = "Europe/Brussels"\nday_first = true\n' + extra, encoding="utf-8")
    return path


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _lines(result, what: str) -> pd.DataFrame:
    return result.report[result.report["what"] == what]


def assert_none_of(planted: list[str], *texts: str, folder: Path | None = None) -> None:
    """None of the planted names and emails in the texts, nor in any file of the folder (pseudonyms aside)."""
    everything = list(texts)
    if folder is not None:
        everything += [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()]
    joined = re.sub(r"p_[0-9a-f]{16}", "p_", "\n".join(everything))
    for personal in planted:
        assert personal not in joined, personal


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    assert_none_of(_planted(), *texts, folder=folder)


# ---------------------------------------------------------------------------- finding 1: one format for everyone


def test_registrations_with_format_make_a_folder_that_validates(tmp_path, monkeypatch, capsys):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES), empty_columns=3, blank_rows=3)
    folder = tmp_path / "season" / "2026-10-tables"
    assert _netout(monkeypatch, "import", "registrations", export, "--format", "structured", "--out", folder) == 0
    assert _netout(monkeypatch, "import", "scans", _scans(tmp_path / "scans.csv"), "--map", _map(tmp_path / "m.toml"),
                   "--out", folder) == 0
    printed = capsys.readouterr()
    sessions = pd.read_csv(folder / "sessions.csv", dtype=str)
    assert sessions.values.tolist() == [["2026-10-tables", "all", "structured", "scheduled"]]
    participation = pd.read_csv(folder / "participation.csv", dtype=str)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    # one participation row per checked-in attendee: not the no-show, not the refund
    assert len(participation) == len(attendees) == 5
    assert set(participation["attendee_id"]) == set(attendees["attendee_id"])
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    assert (contacts["session_id"] == "all").all()
    assert "one structured session 'all'" in printed.out
    from toolkit.io.load import validate_folder

    assert validate_folder(tmp_path / "season").ok
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_the_maps_format_is_honoured_for_scans_and_registrations(tmp_path):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES))
    folder = tmp_path / "mixer"
    import_export("registrations", [export], out=folder, secret="k")
    assert not (folder / "sessions.csv").exists()
    result = import_export("scans", [_scans(tmp_path / "scans.csv")], out=folder, secret="k",
                           column_map=_map(tmp_path / "m.toml", '[scans]\nformat = "unstructured"\n'))
    assert result.tables["sessions"][["session_id", "format", "assignment"]].values.tolist() == [
        ["all", "unstructured", "scheduled"]]
    assert len(result.tables["participation"]) == 5
    # the registrations' own entry, with a session id of the organiser's choosing
    other = import_export("registrations", [export], out=tmp_path / "tables", secret="k",
                          column_map=_map(tmp_path / "r.toml", '[registrations]\nformat = "structured"\n'
                                                               'session = "evening"\n'))
    assert other.tables["sessions"][["session_id", "format"]].values.tolist() == [["evening", "structured"]]
    assert set(other.tables["participation"]["session_id"]) == {"evening"}


def test_scans_without_a_format_say_how_to_give_one(tmp_path):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES))
    import_export("registrations", [export], out=tmp_path / "mixer", secret="k")
    result = import_export("scans", [_scans(tmp_path / "scans.csv")], out=tmp_path / "mixer", secret="k",
                           column_map=_map(tmp_path / "m.toml"))
    assert "sessions" not in result.tables
    assert _lines(result, "note")["reason"].str.contains("--format structured").any()


def test_a_format_and_a_session_question_together_are_refused(tmp_path):
    rows = [row + ["Tables"] for row in _tickets(STATUSES)]
    export = _european_csv(tmp_path / "attendees.csv", HEADER + ["Format?"], rows)
    column_map = _map(tmp_path / "m.toml", '[registrations.sessions]\nquestion = "Format?"\n'
                                           '[registrations.sessions.answers]\nTables = "structured"\n')
    with pytest.raises(UsageError, match="keep one of the two"):
        import_export("registrations", [export], out=tmp_path / "e", column_map=column_map,
                      session_format="unstructured", secret="k")
    with pytest.raises(UsageError, match="--format must be structured or unstructured"):
        import_export("registrations", [export], out=tmp_path / "e", session_format="mixed", secret="k")


def _two_rooms(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A folder whose registrations put people in two rooms (one per format) through the session question."""
    rows = [row + [room] for row, room in zip(_tickets(STATUSES), ["Tables", "Bar"] * 4)]
    export = _european_csv(tmp_path / "attendees.csv", HEADER + ["Format?"], rows)
    column_map = _map(tmp_path / "m.toml", '[registrations.sessions]\nquestion = "Format?"\n'
                                           '[registrations.sessions.answers]\nTables = "structured"\n'
                                           'Bar = "unstructured"\n')
    folder = tmp_path / "mixer"
    import_export("registrations", [export], out=folder, column_map=column_map, secret="k")
    return export, column_map, folder


def test_a_folder_with_other_sessions_is_not_overwritten_by_a_format(tmp_path):
    """Sessions from the registration question (two rooms) and a --format on the scans: refused, unless --force."""
    export, column_map, folder = _two_rooms(tmp_path)
    scans = _scans(tmp_path / "scans.csv")
    with pytest.raises(UsageError, match="already has sessions .*2 for this event.*--force"):
        import_export("scans", [scans], out=folder, column_map=column_map, session_format="structured", secret="k")
    # the same format as the folder's one session: nothing to replace, the contacts go into it
    one = tmp_path / "one"
    import_export("registrations", [export], out=one, session_format="structured", secret="k")
    result = import_export("scans", [scans], out=one, column_map=_map(tmp_path / "n.toml"),
                           session_format="structured", secret="k")
    assert "sessions" not in result.tables and (result.tables["contacts"]["session_id"] == "all").all()
    replaced = import_export("scans", [scans], out=folder, column_map=column_map, session_format="structured",
                             secret="k", overwrite=True)
    assert replaced.tables["sessions"]["format"].tolist() == ["structured"]
    assert len(pd.read_csv(folder / "participation.csv")) == 5


# ---------------------------------------------------------------------------- findings 6, 7, 8, 13


def test_blank_rows_are_nobody_and_counted_once(tmp_path):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES), blank_rows=3)
    result = import_export("registrations", [export], out=tmp_path / "e", secret="k")
    skipped = _lines(result, "row_skipped")
    blank = skipped[skipped["reason"].str.startswith("blank rows left out")]
    assert len(blank) == 1 and int(blank["count"].iloc[0]) == 3 and "9, 10, 11" in blank["reason"].iloc[0]
    assert int(skipped["reason"].str.startswith("no-show").sum()) == 1          # the one real no-show
    assert "1 no show" in " ".join(_lines(result, "note")["reason"])
    scans = import_export("scans", [_scans(tmp_path / "scans.csv", blank_rows=2)], out=tmp_path / "e", secret="k",
                          column_map=_map(tmp_path / "m.toml"))
    reasons = _lines(scans, "row_skipped")["reason"]
    assert not reasons.str.contains("missing").any()
    assert reasons.str.startswith("blank rows left out").sum() == 1


def test_empty_unnamed_columns_are_left_out_and_said_once(tmp_path):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES), empty_columns=3)
    result = import_export("registrations", [export], out=tmp_path / "e", secret="k")
    assert not any(c.startswith("unnamed") for c in result.tables["attendees"].columns)
    said = _lines(result, "note")["reason"]
    assert said.str.contains("3 empty column(s) without a header left out (column(s) 8, 9, 10", regex=False).sum() == 1
    # an unnamed column with values is data: it stays
    rows = [row + ["", "x" if k == 0 else ""] for k, row in enumerate(_tickets(STATUSES))]
    export = _european_csv(tmp_path / "valued.csv", HEADER + ["", ""], rows)
    kept = import_export("registrations", [export], out=tmp_path / "f", secret="k")
    assert "unnamed_8" in kept.tables["attendees"].columns and "unnamed_7" not in kept.tables["attendees"].columns


def test_an_unknown_badge_is_reported_under_the_column_that_holds_it(tmp_path):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES))
    import_export("registrations", [export], out=tmp_path / "e", secret="k")
    result = import_export("scans", [_scans(tmp_path / "scans.csv")], out=tmp_path / "e", secret="k",
                           column_map=_map(tmp_path / "m.toml"))
    unknown = _lines(result, "row_skipped").set_index("row")
    assert unknown.loc[7, "column"] == "Scanned Badge ID" and "scanned badge" in unknown.loc[7, "reason"]


@pytest.mark.parametrize("kind", ["registrations", "scans"])
def test_a_title_row_above_the_header_of_an_xlsx(tmp_path, monkeypatch, capsys, kind):
    folder = tmp_path / "e"
    if kind == "scans":
        import_export("registrations", [_european_csv(tmp_path / "a.csv", HEADER, _tickets(STATUSES))], out=folder)
        frame = pd.read_csv(_scans(tmp_path / "scans.csv"), dtype=str)
        header, rows = frame.columns.tolist(), [[int(v) if str(v).isdigit() else v for v in r]
                                                for r in frame.fillna("").values.tolist()]
    else:
        header, rows = HEADER, [[int(v) if v.isdigit() else v for v in r] for r in _tickets(STATUSES)]
    export = _xlsx(tmp_path / f"{kind}.xlsx", header, rows, title="Attendee Summary Report - Member Evening")
    args = ["import", kind, export, "--out", folder, "--map", _map(tmp_path / "m.toml"), "--force"]
    assert _netout(monkeypatch, *args) == 0
    printed = capsys.readouterr()
    assert "the header is on row 3" in printed.out
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    ours = report[report["file"] == export.name]
    # rows keep their spreadsheet numbers: the refund is on row 10 (title, blank, header, then 7 tickets)
    if kind == "registrations":
        assert ours.loc[ours["reason"] == "refunded ticket", "row"].tolist() == ["10"]
    else:
        assert ours.loc[ours["reason"].str.contains("scanned badge is not"), "row"].tolist() == ["9"]
    # given by hand, the same
    assert _netout(monkeypatch, *args, "--header-row", "3") == 0
    assert "the header is on row 3" in capsys.readouterr().out
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_title_line_without_separators_above_a_csv_header(tmp_path):
    lines = ["Attendee report, 8 October"] + [";".join(HEADER)] + [";".join(r) for r in _tickets(STATUSES)]
    export = tmp_path / "attendees.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "e", secret="k")
    assert len(result.tables["attendees"]) == 5
    assert _lines(result, "row_skipped").set_index("reason").loc["refunded ticket", "row"] == 9


def test_a_wrong_header_row_is_a_usage_error(tmp_path, monkeypatch, capsys):
    export = _european_csv(tmp_path / "attendees.csv", HEADER, _tickets(STATUSES))
    with pytest.raises(UsageError, match="fewer rows"):
        import_export("registrations", [export], out=tmp_path / "e", header_row=40, secret="k")
    assert _netout(monkeypatch, "import", "registrations", export, "--out", tmp_path / "e", "--header-row", "0") == 2
    assert _netout(monkeypatch, "import", "sociopatterns", export, "--out", tmp_path / "f", "--header-row", "2") == 2
    assert "--header-row does not apply" in capsys.readouterr().err


def test_a_survey_xlsx_with_a_title_row(tmp_path, monkeypatch, capsys):
    header = ["Timestamp", "Email Address", "How satisfied were you?", "Would you come again?", "", ""]
    rows = [["08/10/2026 21:10:00", _email(first, last), str(2 + k % 4), "Yes" if k % 2 else "Perhaps", None, None]
            for k, (first, last, _) in enumerate(PEOPLE[:5])]
    export = _xlsx(tmp_path / "responses.xlsx", header, rows, title="Member evening - responses")
    column_map = tmp_path / "m.toml"
    column_map.write_text('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = '
                          '"satisfaction"\n"Would you come again?" = "would_return"\n', encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", tmp_path / "e") == 0
    printed = capsys.readouterr()
    assert "the header is on row 3" in printed.out
    report = pd.read_csv(tmp_path / "e" / "import_report.csv", dtype=str)
    # 'Perhaps' of the 1st, 3rd and 5th respondents: spreadsheet rows 4, 6 and 8
    assert report.loc[report["what"] == "value_not_mapped", "row"].tolist() == ["4", "6", "8"]
    assert pd.read_csv(tmp_path / "e" / "survey.csv")["satisfaction"].tolist() == [2, 3, 4, 5, 2]
    _no_personal_data(printed.out, printed.err, folder=tmp_path / "e")


def test_a_worksheet_not_in_the_workbook_is_named_with_the_ones_there(tmp_path, monkeypatch, capsys):
    header = ["Timestamp", "Email Address", "How satisfied were you?"]
    export = _xlsx(tmp_path / "responses.xlsx", header, [["08/10/2026 21:10:00", "a@example.org", "4"]])
    assert _netout(monkeypatch, "import", "survey", export, "--sheet", "Responses", "--out", tmp_path / "e") == 2
    err = capsys.readouterr().err
    assert "responses.xlsx: has no worksheet named 'Responses': its worksheets are 'Sheet'" in err, err
    assert _netout(monkeypatch, "import", "survey", export, "--sheet", "3", "--out", tmp_path / "e") == 2
    assert "no worksheet at position 3: its worksheets are 'Sheet'" in capsys.readouterr().err


def test_replacing_the_sessions_says_when_the_contacts_name_old_ones(tmp_path):
    export, column_map, folder = _two_rooms(tmp_path)
    import_export("scans", [_scans(tmp_path / "scans.csv")], out=folder, column_map=column_map, secret="k")
    again = import_export("registrations", [export], out=folder, session_format="structured", overwrite=True,
                          secret="k")
    assert _lines(again, "note")["reason"].str.contains("import the scans again").any()


def test_an_export_whose_header_is_not_found_names_the_option(tmp_path):
    export = tmp_path / "report.csv"
    export.write_text("Summary\n" + "\n" * 12 + ";".join(HEADER) + "\n" + ";".join(_tickets(STATUSES)[0]) + "\n",
                      encoding="utf-8")
    with pytest.raises(UsageError, match="give its row with --header-row N"):
        import_export("registrations", [export], out=tmp_path / "e", secret="k")
    # given, the header is found however far down it is
    result = import_export("registrations", [export], out=tmp_path / "e", header_row=14, secret="k")
    assert len(result.tables["attendees"]) == 1


def _comma_csv_with_title(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A comma CSV an organiser saved after typing a title above it: the title line has one cell, not padded."""
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["Networking evening, 8 October 2026"], [], header, *rows])
    return path


def test_an_unpadded_title_line_above_a_comma_csv_with_line_breaks_in_cells(tmp_path):
    """The title has fewer cells than the table; answers hold quoted line breaks: both are read, rows counted right."""
    rows = [row + ["needs\nparking" if k == 0 else ""] for k, row in enumerate(_tickets(STATUSES))]
    export = _comma_csv_with_title(tmp_path / "attendees.csv", HEADER + ["Notes"], rows)
    result = import_export("registrations", [export], out=tmp_path / "e", secret="k")
    assert len(result.tables["attendees"]) == 5
    # the refund is the 7th ticket: header on row 3, the 7th data row is spreadsheet row 10
    assert _lines(result, "row_skipped").set_index("reason").loc["refunded ticket", "row"] == 10


def test_a_survey_suggestion_looks_below_a_title_line(tmp_path, monkeypatch, capsys):
    from toolkit.io.importers.suggest import suggest_survey_map

    header = ["Timestamp", "Email Address", "How satisfied were you with the evening?", "Any other comments?"]
    rows = [["2026/10/08 8:01:02 PM GMT+1", _email(first, last), str(2 + k % 4), "Great.\nMore tables, please!"]
            for k, (first, last, _) in enumerate(PEOPLE[:5])]
    export = _comma_csv_with_title(tmp_path / "responses.csv", header, rows)
    suggestion = suggest_survey_map(export)
    assert suggestion.guesses == {"Email Address": "attendee_id",
                                  "How satisfied were you with the evening?": "satisfaction"}
    assert suggest_survey_map(export, header_row=3).guesses == suggestion.guesses
    column_map = tmp_path / "m.toml"
    column_map.write_text(suggestion.text, encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", tmp_path / "e") == 0
    printed = capsys.readouterr()
    assert "the header is on row 3" in printed.out
    survey = pd.read_csv(tmp_path / "e" / "survey.csv")
    assert survey["satisfaction"].tolist() == [2.0, 3.0, 4.0, 5.0, 2.0]
    _no_personal_data(printed.out, printed.err, folder=tmp_path / "e")


def test_the_summary_names_the_columns_not_mapped(tmp_path, monkeypatch, capsys):
    """An organiser mends the map from the screen: the columns left out are named there, not only in the CSV."""
    header = ["Timestamp", "Email Address", "How satisfied were you?"] + [f"Q{k}" for k in range(1, 9)]
    rows = [["08/10/2026 21:10:00", _email(first, last), "4"] + ["x"] * 8 for first, last, _ in PEOPLE[:5]]
    export = _comma_csv_with_title(tmp_path / "responses.csv", header, rows)
    column_map = tmp_path / "m.toml"
    column_map.write_text('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = '
                          '"satisfaction"\n', encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", tmp_path / "e") == 0
    printed = capsys.readouterr().out
    assert "not in the map; not imported (9): Timestamp, Q1, Q2, Q3, Q4, Q5 and 3 more" in printed

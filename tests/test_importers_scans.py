"""The scans import on a chamber evening as a newcomer organiser exports it.

An Eventbrite-style attendee report in which people chose one or both of two timed sessions
(round tables, then open networking), and a lead-retrieval export with the scanned person's
first name, last name and email typed at the stand: one attendee's email with a letter missing,
another's with two letters swapped, one scanned under another address, one badge number with two
digits swapped, a sponsor, a pair scanned at the round tables and again in the open room. Also:
workbooks whose first sheet is a cover sheet (registrations, scans, survey), and maps that name a
scan export's columns by the contract's names. Each test runs `netout import` as an organiser
would and checks the event folder, what is said, and that no name or email reaches a message or
a file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from test_importers_untidy import assert_none_of
from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io.importers import import_export

# names that no word of the toolkit's messages contains, so that finding one in an output means a leak
PEOPLE = [("Ottoline", "Brackenridge", "Retail"), ("Perpetua", "Quiverfull", "Law"),
          ("Quillon", "Ravensworth", "Tech"), ("Rosalind", "Sedgewick", "Retail"), ("Saffron", "Tindalwood", "Law"),
          ("Thaddeus", "Umberleigh", "Tech"), ("Ulrika", "Vantongeren", "Retail")]
BOTH = "Round tables, Open networking"
CHOICES = [BOTH, BOTH, "Round tables", BOTH, "Open networking", BOTH, BOTH]
HEADER = ["Order #", "First Name", "Last Name", "Email", "Attendee #", "Attendee Status",
          "Which industry are you in?", "Which networking sessions will you join?"]
SESSIONS = ('\n[registrations.sessions]\nquestion = "Which networking sessions will you join?"\n'
            '[registrations.sessions.answers]\n'
            '"Round tables" = { session_id = "tables", format = "structured", start = "2026-10-08 18:30", '
            'end = "2026-10-08 19:15" }\n'
            '"Open networking" = { session_id = "open", format = "unstructured", start = "2026-10-08 19:20", '
            'end = "2026-10-08 20:10" }\n')
SCAN_HEADER = ["Scanned By", "First Name", "Last Name", "Email", "Scan Date", "Scan Time", "Rating", "Notes"]


def _email(k: int) -> str:
    first, last, _ = PEOPLE[k]
    return f"{first.lower()}.{last.lower()}@example.org"


def _badge(k: int) -> str:
    return str(3100 + k)


def _planted() -> list[str]:
    return [p for k, (first, last, _) in enumerate(PEOPLE) for p in (first, last, _email(k))] + [
        "@example", "@privatemail", "@sponsor"]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _map(path: Path, extra: str = "") -> Path:
    path.write_text('time_zone = "Europe/London"\nday_first = true\n' + SESSIONS + extra, encoding="utf-8")
    return path


def _registrations(path: Path) -> Path:
    rows = [[str(7200 + k), first, last, _email(k), _badge(k), "Checked In", industry, CHOICES[k]]
            for k, (first, last, industry) in enumerate(PEOPLE)]
    path.write_text("\ufeff" + "\n".join(",".join(f'"{c}"' for c in r) for r in [HEADER] + rows) + "\n",
                    encoding="utf-8")
    return path


def _scan(scanner: int, k: int | None, clock: str, *, email: str | None = None, first: str | None = None,
          last: str | None = None, rating: str = "", note: str = "") -> list[str]:
    first = first if first is not None else PEOPLE[k][0]
    last = last if last is not None else PEOPLE[k][1]
    return [_email(scanner), first, last, email if email is not None else _email(k), "08/10/2026", clock, rating,
            note]


def _write_scans(path: Path, rows: list[list[str]], *, header: list[str] = SCAN_HEADER) -> Path:
    """As a European Excel saves it: BOM, ';', CRLF."""
    lines = [";".join(header)] + [";".join(r) for r in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _folder(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    folder = tmp_path / "season" / "2026-10-08-mixer"
    column_map = _map(tmp_path / "evening.toml")
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "attendees.csv"),
                   "--map", column_map, "--out", folder) == 0
    return folder, column_map


def _report(folder: Path, file: str) -> pd.DataFrame:
    report = pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"}, keep_default_na=False)
    return report[report["file"] == file]


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    assert_none_of(_planted(), *texts, folder=folder)


# ---------------------------------------------------------------------------- 1. a scanned email with a typo

ROSALIND_TYPO = "rosalindsedgewick@example.org"       # the dot left out: one letter from hers
SAFFRON_TYPO = "saffron.tindlawood@example.org"       # 'al' typed 'la': two letters swapped


def _typo_scans() -> list[list[str]]:
    return [
        _scan(0, 1, "18:40", rating="Hot"),                                   # row 2
        _scan(0, 3, "18:41", email=ROSALIND_TYPO, rating="Warm"),             # rows 3-7: Rosalind, a letter missing
        _scan(1, 3, "18:44", email=ROSALIND_TYPO),
        _scan(2, 3, "18:50", email=ROSALIND_TYPO, rating="Cold"),
        _scan(5, 3, "19:30", email=ROSALIND_TYPO),
        _scan(6, 3, "19:45", email=ROSALIND_TYPO.upper()),                     # the case is no typo
        _scan(1, 4, "19:31", email=SAFFRON_TYPO),                              # row 8: Saffron, two letters swapped
        _scan(2, 5, "18:52", email="thad.u@privatemail.example"),              # row 9: Thaddeus under another address
        _scan(1, None, "19:35", email="sam@sponsor.example", first="Sam", last="Sponsorly"),   # row 10: a sponsor
        _scan(6, 0, "19:50", rating="Hot"),                                    # row 11
    ]


def test_an_email_one_letter_off_a_registered_one_is_said_not_merged(tmp_path, monkeypatch, capsys):
    folder, column_map = _folder(tmp_path, monkeypatch)
    capsys.readouterr()
    scans = _write_scans(tmp_path / "lead_scans.csv", _typo_scans())
    assert _netout(monkeypatch, "import", "scans", scans, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv")
    assert len(contacts) == 2                     # rows 2 and 11: nothing is merged on a near match
    skipped = _report(folder, "lead_scans.csv")
    skipped = skipped[skipped["what"] == "row_skipped"].set_index("row")
    for row in (3, 4, 5, 6, 7, 8):
        reason = skipped.loc[row, "reason"]
        assert "one letter" in reason and "typo" in reason and "[scans.same_person]" in reason, reason
        assert skipped.loc[row, "column"] == "Email"
    # Rosalind's rows also carry her name: said; Saffron's too
    assert "first and last name" in skipped.loc[3, "reason"]
    # another address, but the row's name is a registered attendee's
    assert "first and last name" in skipped.loc[9, "reason"] and "one letter" not in skipped.loc[9, "reason"]
    # the sponsor: neither
    assert skipped.loc[10, "reason"].startswith("the scanned badge is not on the attendee list")
    # the summary says it once with the count, and a note per email with its rows and how to count them
    out = printed.out
    assert re.search(r"one letter .*\(6\)", out), out
    assert "rows 3, 4, 5, 6 and 7" in out and "count these 5 scans" in out, out
    assert "row 8" in out and "count this scan" in out, out
    _no_personal_data(out, printed.err, folder=folder)


def test_an_email_one_letter_from_two_registered_ones_is_not_pinned_on_either(tmp_path):
    # 'ann.lee@x' is one letter from both 'ann.lea@x' and 'ann.leo@x'; invented with no name columns
    people = tmp_path / "two.csv"
    people.write_text("Email,Attendee Status\nann.lea@example.org,Checked In\nann.leo@example.org,Checked In\n"
                      "bo@example.org,Checked In\n", encoding="utf-8")
    other = tmp_path / "season" / "2026-11-mixer"
    import_export("registrations", [people], out=other)
    scans = tmp_path / "scans.csv"
    scans.write_text("Scanned By,Email,Scan Time\nbo@example.org,ann.lee@example.org,2026-11-05 19:00\n",
                     encoding="utf-8")
    result = import_export("scans", [scans], out=other, column_map=_map(tmp_path / "m.toml"))
    reason = result.report.loc[result.report["what"] == "row_skipped", "reason"].iloc[0]
    assert reason.startswith("the scanned badge is not on the attendee list") and "one letter" not in reason


def test_a_badge_number_a_slip_from_another_is_a_typo_only_where_the_name_agrees(tmp_path, monkeypatch):
    """Badge numbers are given in sequence: 3011 is 3101 with two digits swapped, but an unknown number is as
    often a slip from someone else's; said only where the row's name is the same attendee's. A scanner's email
    with a letter doubled is said."""
    folder, column_map = _folder(tmp_path, monkeypatch)
    scans = tmp_path / "badges.csv"
    scanner_typo = _email(1).replace("perpetua", "perpettua")
    scans.write_text("Scanner,Scanned Badge ID,Scan Time\n"
                     f"{_email(0)},3102,08/10/2026 18:40\n{_email(0)},3011,08/10/2026 18:45\n"
                     f"{scanner_typo},3102,08/10/2026 18:50\n", encoding="utf-8")
    result = import_export("scans", [scans], out=folder, column_map=column_map)
    skipped = result.report[result.report["what"] == "row_skipped"].set_index("row")
    assert skipped.loc[3, "column"] == "Scanned Badge ID"
    assert skipped.loc[3, "reason"].startswith("the scanned badge is not on the attendee list (a sponsor")
    assert skipped.loc[4, "column"] == "Scanner" and skipped.loc[4, "reason"].startswith("the scanner's email")
    assert "one letter off exactly one registered attendee's" in skipped.loc[4, "reason"]
    # with the scanned person's name beside the badge, the same slip is said
    named = tmp_path / "named.csv"
    named.write_text("Scanner,Badge ID,First Name,Last Name,Scan Time\n"
                     f"{_email(0)},3011,{PEOPLE[1][0]},{PEOPLE[1][1]},08/10/2026 18:45\n"
                     f"{_email(0)},3013,{PEOPLE[2][0]},{PEOPLE[2][1]},08/10/2026 18:46\n", encoding="utf-8")
    result = import_export("scans", [named], out=folder, column_map=column_map, overwrite=True)
    skipped = result.report[result.report["what"] == "row_skipped"].set_index("row")
    assert "badge number is not on the attendee list but one character off" in skipped.loc[2, "reason"]
    assert "whose first and last name the row gives" in skipped.loc[2, "reason"]
    # 3013 is a slip from 3103 (Rosalind's), not from Quillon's 3102: his name is said, no typo
    assert "first and last name are those of exactly one" in skipped.loc[3, "reason"]
    _no_personal_data(result.summary(), folder=folder)


def test_same_person_in_the_map_counts_the_scans_of_a_typo(tmp_path, monkeypatch, capsys):
    folder, column_map = _folder(tmp_path, monkeypatch)
    scans = _write_scans(tmp_path / "lead_scans.csv", _typo_scans())
    fixed = _map(tmp_path / "fixed.toml", f'[scans.same_person]\n"{ROSALIND_TYPO}" = "{_email(3)}"\n'
                                          f'"nobody@example.org" = "{_email(2)}"\n')
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", scans, "--map", fixed, "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv")
    assert len(contacts) == 7                         # rows 2, 3-7 and 11
    assert "5 scan value(s) read as the registered person's through [scans.same_person]" in printed.out, printed.out
    assert "1 entry of [scans.same_person] matches no value of this export" in printed.out, printed.out
    # the row with Saffron's typo is still set aside, and said
    skipped = _report(folder, "lead_scans.csv")
    assert skipped.loc[skipped["row"] == 8, "reason"].str.contains("one letter").all()
    _no_personal_data(printed.out, printed.err, folder=folder)
    # a same_person entry of the wrong kind is refused without quoting it
    bad = _map(tmp_path / "bad.toml", f'[scans.same_person]\n"{ROSALIND_TYPO}" = 3\n')
    assert _netout(monkeypatch, "import", "scans", scans, "--map", bad, "--out", folder, "--force") == 2
    err = capsys.readouterr().err
    assert "[scans.same_person]" in err
    _no_personal_data(err)


# ---------------------------------------------------------------------------- 4. a pair met in two sessions


def _sessions_scans() -> list[list[str]]:
    return [
        _scan(0, 1, "18:40", rating="Warm"),       # row 2: Ottoline scans Perpetua at the round tables
        _scan(0, 1, "18:55", rating="Hot"),        # row 3: again at the same tables: the same contact
        _scan(0, 1, "19:30"),                      # row 4: and again in the open room: a contact of that session
        _scan(1, 3, "19:40", rating="Cold"),       # row 5
        _scan(5, 6, "18:45"),                      # row 6
    ]


def test_a_pair_met_in_two_sessions_keeps_a_contact_in_each(tmp_path, monkeypatch, capsys):
    folder, column_map = _folder(tmp_path, monkeypatch)
    scans = _write_scans(tmp_path / "lead_scans.csv", _sessions_scans())
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", scans, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv")
    assert contacts["session_id"].tolist() == ["tables", "open", "open", "tables"]
    # the tables' contact keeps the interest said there; the open room's has none said
    assert contacts["interest"].iloc[0] == "yes" and pd.isna(contacts["interest"].iloc[1])
    skipped = _report(folder, "lead_scans.csv")
    skipped = skipped[skipped["what"] == "row_skipped"]
    assert skipped["row"].tolist() == [3]
    assert skipped["reason"].iloc[0] == "the same scan again in the same session: merged into the first"
    assert "scanned again in another session" in printed.out, printed.out
    # the outcomes count the pair in each session's row of the two people in both sessions
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder.parent))
    rows = table.set_index(["attendee_id", "session_id"])["contacts"]
    ottoline, perpetua = privacy.pseudonym(_email(0)), privacy.pseudonym(_email(1))
    assert rows[(ottoline, "tables")] == 1 and rows[(ottoline, "open")] == 1
    assert rows[(perpetua, "tables")] == 1 and rows[(perpetua, "open")] == 2
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_without_sessions_a_repeat_is_merged_within_the_event(tmp_path):
    scans = tmp_path / "scans.csv"
    scans.write_text("Scanned By,Badge ID,Scan Date\nB1,B2,14/05/2025 18:41\nB1,B2,14/05/2025 20:45\n",
                     encoding="utf-8")
    result = import_export("scans", [scans], out=tmp_path / "mixer")
    assert len(result.tables["contacts"]) == 1
    reasons = result.report.loc[result.report["what"] == "row_skipped", "reason"].tolist()
    assert reasons == ["the same scan again: merged into the first"]


# ---------------------------------------------------------------------------- 2. a workbook's first sheet is a cover


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


COVER = [["Northbridge Chamber - Winter Evening"], ["Registered", 7]]


def _registration_rows() -> list[list]:
    return [HEADER] + [[7200 + k, first, last, _email(k), 3100 + k, "Checked In", industry, CHOICES[k]]
                       for k, (first, last, industry) in enumerate(PEOPLE)]


def test_a_registrations_workbook_opening_on_a_cover_names_the_sheet_to_give(tmp_path, monkeypatch, capsys):
    book = _workbook(tmp_path / "delegates.xlsx", {"Summary": COVER, "Delegates list": _registration_rows(),
                                                  "Notes": [["Caterer arrives at 17:00"]]})
    folder = tmp_path / "season" / "2026-12-evening"
    assert _netout(monkeypatch, "import", "registrations", book, "--out", folder) == 2
    err = capsys.readouterr().err
    assert "first sheet 'Summary' has no header" in err and "the sheet 'Delegates list' has one" in err, err
    assert '--sheet "Delegates list"' in err and "'Summary', 'Delegates list', 'Notes'" in err, err
    assert not folder.exists()                    # nothing is guessed: the sheet is not switched silently
    assert _netout(monkeypatch, "import", "registrations", book, "--sheet", "Delegates list", "--out", folder) == 0
    assert len(pd.read_csv(folder / "attendees.csv")) == 7
    _no_personal_data(err, capsys.readouterr().out, folder=folder)


def test_a_scans_workbook_with_two_sheets_that_could_hold_the_scans(tmp_path, monkeypatch, capsys):
    folder, column_map = _folder(tmp_path, monkeypatch)
    rows = [SCAN_HEADER] + _sessions_scans()
    book = _workbook(tmp_path / "scans.xlsx", {"Cover": COVER, "Day 1": rows, "Day 2": rows})
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", book, "--map", column_map, "--out", folder) == 2
    err = capsys.readouterr().err
    assert "first sheet 'Cover'" in err and "'Day 1' and 'Day 2'" in err and "--sheet" in err, err
    _no_personal_data(err)


def test_a_workbook_with_no_sheet_the_import_recognises_lists_its_sheets(tmp_path):
    sheets = {f"Tab {k}": [["Figures"], ["Total", k]] for k in range(1, 15)}
    book = _workbook(tmp_path / "report.xlsx", sheets)
    with pytest.raises(UsageError) as caught:
        import_export("registrations", [book], out=tmp_path / "e")
    message = str(caught.value)
    assert "no column gives each attendee an id" in message          # the import's own words first
    assert "14 sheets" in message and "'Tab 1', 'Tab 2'" in message and "and 6 more" in message, message
    assert "--sheet NAME" in message


def test_a_survey_workbook_opening_on_a_cover_lists_its_sheets(tmp_path):
    header = ["Timestamp", "Email Address", "How satisfied were you?"]
    answers = [header] + [["08/10/2026 21:10:00", _email(k), 4] for k in range(3)]
    book = _workbook(tmp_path / "responses.xlsx", {"About": COVER, "Form responses 1": answers})
    column_map = tmp_path / "m.toml"
    column_map.write_text('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = '
                          '"satisfaction"\n', encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        import_export("survey", [book], out=tmp_path / "e", column_map=column_map)
    message = str(caught.value)
    assert "'About', 'Form responses 1'" in message and "--sheet" in message, message
    _no_personal_data(message)
    result = import_export("survey", [book], out=tmp_path / "e", column_map=column_map, sheet="Form responses 1")
    assert len(result.tables["survey"]) == 3


def test_a_workbook_of_one_sheet_says_nothing_of_sheets(tmp_path):
    book = _workbook(tmp_path / "report.xlsx", {"Figures": [["Total", 3]]})
    with pytest.raises(UsageError) as caught:
        import_export("registrations", [book], out=tmp_path / "e")
    assert "--sheet" not in str(caught.value)


# ---------------------------------------------------------------------------- 3. the roles of a scan export's columns


def test_a_map_naming_scan_columns_by_the_contracts_names_is_read(tmp_path, monkeypatch, capsys):
    folder, _ = _folder(tmp_path, monkeypatch)
    scans = tmp_path / "badge_scans.csv"
    scans.write_text("Reader;Read badge;Read at;Score\n3100;3101;08/10/2026 18:40:05;4\n"
                     "3101;3103;08/10/2026 19:40:10;2\n", encoding="utf-8")
    column_map = _map(tmp_path / "ev.toml", '[columns.contacts]\n"Reader" = "attendee_id"\n'
                                            '"Read badge" = "contact_id"\n"Read at" = "timestamp"\n'
                                            '"Score" = "interest"\n"Booth" = "scanr"\n')
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", scans, "--map", column_map, "--out", folder) == 0
    out = capsys.readouterr().out
    contacts = pd.read_csv(folder / "contacts.csv")
    assert contacts["interest"].tolist() == ["yes", "no"] and contacts["timestamp"].notna().all()
    assert "'Read badge' = 'contact_id' read as the role person" in out, out
    assert "'booth' = 'scanr'" in out.lower() and "'scanner' meant?" in out, out
    assert "not a role of a scan or meeting export" in out


def test_an_export_without_a_scanner_lists_every_role_and_where_they_are_described(tmp_path):
    scans = tmp_path / "scans.csv"
    scans.write_text("Lead,When\nann@example.org,2026-10-08 19:00\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        import_export("scans", [scans], out=tmp_path / "e")
    message = str(caught.value)
    for role in ("scanner", "email", "badge", "person", "first_name", "last_name", "name", "time", "clock",
                 "rating", "status"):
        assert f" {role}" in message, (role, message)
    assert "docs/importers.md" in message and "Columns of a scan or meeting export" in message


def test_the_docs_table_lists_every_role():
    from toolkit.io.importers.scans import ROLES, ROLE_SYNONYMS

    docs = (Path(__file__).parents[1] / "docs" / "importers.md").read_text(encoding="utf-8")
    section = docs.split("### Columns of a scan or meeting export", 1)[1].split("\n## ", 1)[0]
    for role in ROLES:
        assert f"| `{role}` |" in section, role
    for name, role in ROLE_SYNONYMS.items():
        assert f"`{name}` is read as `{role}`" in section or f"`{name}` as `{role}`" in section, name


def test_same_person_may_name_the_registered_badge_number_for_an_email(tmp_path, monkeypatch, capsys):
    """A newcomer mapped a guest's shared email to her ticket number in [scans.same_person]; once keys were
    matched by kind, the ticket number in the email column was looked up as a name and her scans were lost."""
    folder, _ = _folder(tmp_path, monkeypatch)
    scans = _write_scans(tmp_path / "lead_scans.csv", _typo_scans())
    fixed = _map(tmp_path / "fixed.toml", f'[scans.same_person]\n"{ROSALIND_TYPO}" = "{_badge(3)}"\n')
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", scans, "--map", fixed, "--out", folder) == 0
    printed = capsys.readouterr()
    assert len(pd.read_csv(folder / "contacts.csv")) == 7, printed.out   # as with her email in the map
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_one_session_evening_is_not_told_to_add_session_times(tmp_path):
    """An organiser's German evening (registrations imported with --format, one session, no times), then its lead
    scans: the summary said both 'sessions.csv has no start and end columns, so no contact is placed by its time:
    add them' and '55 of 55 contact(s) placed in a session'. Times are asked for only where a contact lacks one."""
    from toolkit.io.importers import import_export

    folder = tmp_path / "2026-03"
    people = [(f"Gast{k}", f"Nachname{k}", f"gast{k}@verein.example") for k in range(6)]
    tickets = tmp_path / "teilnehmer.csv"
    tickets.write_text("Bestellnummer;Vorname;Nachname;E-Mail;Teilnehmerstatus\n" + "".join(
        f"{500 + k};{f};{last};{e};Eingecheckt\n" for k, (f, last, e) in enumerate(people)), encoding="utf-8")
    import_export("registrations", [tickets], out=folder, session_format="unstructured")
    scans = tmp_path / "scans.csv"
    scans.write_text("Gescannt von;E-Mail;Scan-Datum\n" + "".join(
        f"{people[k][2]};{people[k + 1][2]};12.03.2026 18:{10 + k}\n" for k in range(5)), encoding="utf-8")
    result = import_export("scans", [scans], out=folder)
    notes = " ".join(result.report["reason"].dropna())
    assert "5 of 5 contact(s) placed in a session" in notes
    assert "no start and end columns" not in notes

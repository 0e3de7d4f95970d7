"""The scans import on event-app meeting exports and on German and French lead-scan exports.

The exports are written here as the tools lay them out in their help pages and admin exports,
varied as organisers send them: Whova-style requester/invitee columns, Swapcard-style upper-case
statuses from a European Excel (BOM, `;`, separate date and time, blank rows), a Brella-style
workbook with a title above the header and a word of its own, a Grip-style export whose statuses
read "Scheduled" and "Awaiting response"; lead scans with German and French headers. Each test
runs `netout import` as an organiser would and checks the event folder it writes, what it says,
and that no name or email of the exports reaches a message or a file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from test_importers_untidy import assert_none_of
from toolkit.errors import UsageError
from toolkit.io.importers import import_export

# names that no word of the toolkit's messages contains, so that finding one in an output means a leak
PEOPLE = [("Wilhelmina", "Quastbeek", "Retail"), ("Oskar", "Brandtner", "Law"), ("Yvette", "Marchandou", "Tech"),
          ("Leontien", "Vandaalen", "Retail"), ("Casimir", "Oyelaran", "Law"), ("Margrethe", "Solbakken", "Tech"),
          ("Thaddeus", "Ekwueme", "Retail")]
REGISTRATION_HEADER = ["Order #", "First Name", "Last Name", "Email", "Attendee #", "Attendee Status",
                       "Which industry are you in?"]


def _email(k: int) -> str:
    first, last, _ = PEOPLE[k]
    return f"{first.lower()}.{last.lower()}@example.org"


def _name(k: int) -> str:
    return f"{PEOPLE[k][0]} {PEOPLE[k][1]}"


def _badge(k: int) -> str:
    return str(4100 + k)


def _planted() -> list[str]:
    return [p for k, (first, last, _) in enumerate(PEOPLE) for p in (first, last, _email(k))] + ["@example"]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _map(path: Path, extra: str = "") -> Path:
    path.write_text('time_zone = "Europe/Vienna"\nday_first = true\n' + extra, encoding="utf-8")
    return path


def _registrations(path: Path) -> Path:
    """Everyone checked in: an Eventbrite-style attendee report."""
    rows = [[str(8800 + k), first, last, _email(k), _badge(k), "Checked In", industry]
            for k, (first, last, industry) in enumerate(PEOPLE)]
    path.write_text("\n".join(",".join(r) for r in [REGISTRATION_HEADER] + rows) + "\n", encoding="utf-8")
    return path


def _registered_folder(tmp_path: Path, monkeypatch, name: str = "2026-03-forum") -> Path:
    folder = tmp_path / "season" / name
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "attendees.csv"),
                   "--format", "structured", "--out", folder) == 0
    return folder


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    assert_none_of(_planted(), *texts, folder=folder)


def _csv(path: Path, header: list[str], rows: list[list[str]], *, sep: str = ",", bom: bool = False,
         blank_rows: int = 0, encoding: str = "utf-8") -> Path:
    def cell(text: str) -> str:   # quoted where it holds the separator, as spreadsheet tools write it
        return '"' + text.replace('"', '""') + '"' if sep in text or '"' in text else text

    lines = [sep.join(map(cell, row)) for row in [header] + rows] + [sep * (len(header) - 1)] * blank_rows
    path.write_bytes((("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _report(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"})


# ---------------------------------------------------------------------------- finding 1: only meetings that happened

# (requester, invitee, status): four happened by the tool's words, four did not
WHOVA = [(0, 1, "Accepted"), (0, 2, "Confirmed"), (1, 3, "Completed"), (2, 4, "Checked-in"),
         (3, 5, "Pending"), (4, 6, "Declined"), (5, 0, "Cancelled"), (6, 1, "No-show")]


def _whova(path: Path) -> Path:
    header = ["Meeting ID", "Meeting Title", "Requester", "Requester email", "Invitee", "Invitee email",
              "Start time", "End time", "Location", "Status", "Message"]
    rows = [[f"M-{300 + n}", "1:1 meeting", _name(a), _email(a), _name(b), _email(b), f"12/03/2026 {10 + n}:00",
             f"12/03/2026 {10 + n}:20", f"Table {n + 1}", status, f"Hello {PEOPLE[b][0]}, shall we talk?"]
            for n, (a, b, status) in enumerate(WHOVA)]
    return _csv(path, header, rows)


def test_a_meeting_export_counts_only_the_meetings_that_happened(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", _whova(tmp_path / "meetings.csv"), "--map", _map(tmp_path / "m.toml"),
                   "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert len(contacts) == 4
    # the requester is the attendee, the invitee the contact, as a scanner and the badge scanned
    ids = dict(zip(range(len(PEOPLE)), attendees["attendee_id"]))
    assert sorted(zip(contacts["attendee_id"], contacts["contact_id"])) == sorted(
        (ids[a], ids[b]) for a, b, status in WHOVA[:4])
    assert contacts["timestamp"].tolist()[0] == "2026-03-12T09:00:00Z"      # 10:00 in Vienna
    skipped = _report(folder)
    skipped = skipped[(skipped["what"] == "row_skipped") & (skipped["file"] == "meetings.csv")]
    assert skipped["row"].tolist() == [6, 7, 8, 9]
    assert set(skipped["column"]) == {"Status"}
    assert skipped["reason"].str.contains("did not happen").all()
    # the summary counts what was set aside, status by status
    for word in ("Pending", "Declined", "Cancelled", "No-show"):
        assert re.search(rf"did not happen.*'{word}'", printed.out), word
    assert "4 of the 8 meetings happened" in printed.out
    from toolkit.io.load import validate_folder

    assert validate_folder(tmp_path / "season").ok
    _no_personal_data(printed.out, printed.err, folder=folder)


def _swapcard(path: Path) -> Path:
    """Upper-case statuses, date and time apart, a European Excel's `;` and BOM, columns in another order."""
    header = ["Status", "Place", "Start date", "Start time", "Organizer email", "Participant email", "Meeting ID",
              "Rating"]
    rows = [["CONFIRMED", "Booth 4", "12/03/2026", "10:00", _email(0), _email(1), "a1", "5"],
            ["HELD", "Booth 4", "12/03/2026", "10:30", _email(2), _email(3), "a2", ""],
            ["CANCELED", "Lounge", "12/03/2026", "11:00", _email(4), _email(5), "a3", ""],
            ["NO_SHOW", "Lounge", "12/03/2026", "11:30", _email(6), _email(0), "a4", ""],
            ["EXPIRED", "Lounge", "12/03/2026", "12:00", _email(1), _email(4), "a5", ""],
            ["PENDING", "Lounge", "13/03/2026", "09:00", _email(3), _email(6), "a6", ""],
            ["DECLINED", "Lounge", "13/03/2026", "09:30", _email(5), _email(2), "a7", ""]]
    return _csv(path, header, rows, sep=";", bom=True, blank_rows=2)


def test_upper_case_statuses_and_a_separate_date_and_time(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    result = import_export("scans", [_swapcard(tmp_path / "meetings.csv")], out=folder,
                           column_map=_map(tmp_path / "m.toml"))
    contacts = result.tables["contacts"]
    assert len(contacts) == 2
    assert contacts["timestamp"].tolist() == ["2026-03-12T09:00:00Z", "2026-03-12T09:30:00Z"]
    assert contacts["interest"].tolist()[0] == "yes"
    reasons = result.report.loc[result.report["what"] == "row_skipped", "reason"]
    assert reasons.str.contains("did not happen").sum() == 5
    assert reasons.str.contains("blank row").sum() == 1
    assert result.rows_skipped == 5 + 2


def _brella_xlsx(path: Path, statuses: list[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Meetings export - Spring forum"])
    sheet.append([])
    sheet.append(["Meeting ID", "Requester name", "Requester email", "Receiver name", "Receiver email",
                  "Start time", "Status", "Table"])
    pairs = [(0, 1), (2, 3), (4, 5), (6, 0)]
    for n, ((a, b), status) in enumerate(zip(pairs, statuses)):
        sheet.append([9000 + n, _name(a), _email(a), _name(b), _email(b), f"2026-03-12 1{n}:15", status, n + 1])
    book.save(path)
    return path


def test_a_status_word_not_known_is_set_aside_and_named_with_the_map_section(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    export = _brella_xlsx(tmp_path / "meetings.xlsx", ["Accepted", "Walked in", "Rescheduled", "accepted"])
    result = import_export("scans", [export], out=folder, column_map=_map(tmp_path / "m.toml"))
    assert len(result.tables["contacts"]) == 2
    unknown = result.report[result.report["reason"].str.contains(r"\[scans.status\]", na=False)]
    assert sorted(unknown["value"]) == ["Rescheduled", "Walked in"]
    assert (unknown["what"] == "row_skipped").all() and unknown["row"].tolist() == [5, 6]
    mapped = import_export("scans", [export], out=folder, overwrite=True, column_map=_map(
        tmp_path / "n.toml", '[scans.status]\n"Walked in" = "happened"\n"Rescheduled" = "not"\n'))
    assert len(mapped.tables["contacts"]) == 3
    assert "did not happen (status 'Rescheduled')" in mapped.summary()


def test_a_status_map_with_another_answer_is_refused(tmp_path, monkeypatch, capsys):
    export = _brella_xlsx(tmp_path / "meetings.xlsx", ["Accepted"] * 4)
    column_map = _map(tmp_path / "m.toml", '[scans.status]\n"Walked in" = "yes"\n')
    assert _netout(monkeypatch, "import", "scans", export, "--map", column_map, "--out", tmp_path / "e") != 0
    err = capsys.readouterr().err
    assert "[scans.status]" in err and "'Walked in'" in err and '"happened"' in err and '"not"' in err


def test_grip_style_words_and_a_status_column_named_in_the_map(tmp_path, monkeypatch):
    folder = _registered_folder(tmp_path, monkeypatch)
    header = ["Booked by", "Guest", "Meeting date", "Meeting time", "Meeting state"]
    rows = [[_badge(0), _badge(1), "12/03/2026", "14:00", "Scheduled"],
            [_badge(2), _badge(3), "12/03/2026", "14:20", "Awaiting response"],
            [_badge(4), _badge(5), "12/03/2026", "14:40", "Declined"]]
    export = _csv(tmp_path / "meetings.csv", header, rows)
    result = import_export("scans", [export], out=folder, column_map=_map(
        tmp_path / "m.toml", '[columns.contacts]\n"Meeting state" = "status"\n'))
    ids = pd.read_csv(folder / "attendees.csv", dtype=str)["attendee_id"].tolist()
    assert result.tables["contacts"][["attendee_id", "contact_id"]].values.tolist() == [[ids[0], ids[1]]]
    assert set(result.tables["contacts"]["channel"]) == {"app"}


def test_a_lead_status_of_a_scan_export_is_not_a_meeting_status(tmp_path):
    """Lead-retrieval apps have a 'Status' of their own (New, Qualified): every scan still counts."""
    header = ["Scanned By", "Badge ID", "Scan Date", "Status"]
    rows = [["B1", "B2", "12/03/2026 18:41", "New"], ["B2", "B3", "12/03/2026 18:45", "Qualified"],
            ["B3", "B1", "12/03/2026 18:50", "Contacted"]]
    result = import_export("scans", [_csv(tmp_path / "scans.csv", header, rows)], out=tmp_path / "e",
                           column_map=_map(tmp_path / "m.toml"))
    assert len(result.tables["contacts"]) == 3
    assert set(result.tables["contacts"]["channel"]) == {"badge_scan"}


# ---------------------------------------------------------------------------- finding 2: the channel


def test_a_meeting_export_gets_the_app_channel_and_lead_scans_keep_badge_scan(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    meetings = import_export("scans", [_whova(tmp_path / "meetings.csv")], out=folder,
                             column_map=_map(tmp_path / "m.toml"))
    assert set(meetings.tables["contacts"]["channel"]) == {"app"}
    assert "meeting export" in meetings.summary()
    header = ["Scanned By", "Badge ID", "Scan Date"]
    scans = import_export("scans", [_csv(tmp_path / "scans.csv", header, [[_badge(0), _badge(1), "12/03/2026 18:41"]])],
                          out=folder, column_map=_map(tmp_path / "n.toml"), overwrite=True)
    assert set(scans.tables["contacts"]["channel"]) == {"badge_scan"}


def test_the_channel_is_set_by_the_map_or_the_command_line(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    export = _whova(tmp_path / "meetings.csv")
    assert _netout(monkeypatch, "import", "scans", export, "--map", _map(tmp_path / "m.toml", '[scans]\nchannel = "card"\n'),
                   "--out", folder) == 0
    assert set(pd.read_csv(folder / "contacts.csv", dtype=str)["channel"]) == {"card"}
    # the command line wins over the map
    assert _netout(monkeypatch, "import", "scans", export, "--map", _map(tmp_path / "n.toml", '[scans]\nchannel = "card"\n'),
                   "--channel", "badge_scan", "--out", folder, "--force") == 0
    assert set(pd.read_csv(folder / "contacts.csv", dtype=str)["channel"]) == {"badge_scan"}


def test_an_unknown_channel_is_refused_with_the_allowed_ones(tmp_path, monkeypatch, capsys):
    export = _whova(tmp_path / "meetings.csv")
    assert _netout(monkeypatch, "import", "scans", export, "--channel", "handshake", "--out", tmp_path / "e") == 2
    err = capsys.readouterr().err
    assert "'handshake'" in err and "badge_scan, app, card" in err
    assert _netout(monkeypatch, "import", "scans", export, "--map", _map(tmp_path / "m.toml", '[scans]\nchannel = "sms"\n'),
                   "--out", tmp_path / "e") != 0
    err = capsys.readouterr().err
    assert "[scans] channel" in err and "'sms'" in err and "badge_scan, app, card" in err
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "a.csv"), "--channel", "app",
                   "--out", tmp_path / "f") == 2
    assert "--channel does not apply" in capsys.readouterr().err
    with pytest.raises(UsageError, match="badge_scan, app, card"):
        import_export("scans", [export], out=tmp_path / "g", channel="Proximity")
    assert not (tmp_path / "e").exists() and not (tmp_path / "g").exists()


# ---------------------------------------------------------------------------- finding 3: German and French headers


def test_german_lead_scans(tmp_path, monkeypatch, capsys):
    folder = _registered_folder(tmp_path, monkeypatch)
    header = ["Gescannt von", "Besucher", "Firma", "Scan-Datum", "Lead-Bewertung", "Notizen"]
    rows = [[_email(0), _name(1), "Brandtner KG", "12.03.2026 18:41", "Heiß", f"ruft {PEOPLE[1][0]} an"],
            [_email(1), _name(2), "", "12.03.2026 18:45", "Kalt", ""],
            [_email(2), _name(3), "", "12.03.2026 18:50", "4", ""],
            [_email(3), _name(3), "", "12.03.2026 18:55", "", "Test"]]
    export = _csv(tmp_path / "leads.csv", header, rows, sep=";", bom=True, blank_rows=1)
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", export, "--map", _map(tmp_path / "m.toml"), "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    assert len(contacts) == 3 and set(contacts["channel"]) == {"badge_scan"}
    assert contacts["interest"].tolist() == ["yes", "no", "yes"]
    assert contacts["timestamp"].tolist()[0] == "2026-03-12T17:41:00Z"
    report = _report(folder)
    assert set(report.loc[report["what"] == "personal_data", "column"]) >= {"Gescannt von", "Besucher"}
    assert "self-scan or test scan" in report.loc[report["row"] == 5, "reason"].iloc[0]
    _no_personal_data(printed.out, printed.err, folder=folder)


@pytest.mark.parametrize("header", [["Aussteller", "Besucher", "Gescannt am"], ["Exposant", "Visiteur", "Date du scan"],
                                    ["Besucher", "Aussteller", "Scan-Datum"]])
def test_the_exhibitor_is_the_scanner_and_the_visitor_the_one_scanned(tmp_path, header):
    """Only the exhibitor's column says who scanned (a stand's app export), in any order."""
    scanner_first = header[0] in ("Aussteller", "Exposant")
    rows = [[a, b, when] if scanner_first else [b, a, when]
            for a, b, when in (("B1", "B2", "12.03.2026 18:41"), ("B1", "B3", "12.03.2026 18:45"))]
    result = import_export("scans", [_csv(tmp_path / "leads.csv", header, rows)], out=tmp_path / "e",
                           column_map=_map(tmp_path / "m.toml"))
    assert result.tables["contacts"][["attendee_id", "contact_id"]].values.tolist() == [["B1", "B2"], ["B1", "B3"]]


def test_french_lead_scans_in_latin_1(tmp_path, monkeypatch, capsys):
    """A French Excel's CSV: Latin-1, `;`; the visitor by badge number, the exhibitor's staff by email."""
    folder = _registered_folder(tmp_path, monkeypatch)
    header = ["Date du scan", "Scanné par", "Exposant", "Visiteur", "Qualification", "Commentaires"]
    rows = [["12/03/2026 18:41", _email(0), "Quastbeek SA", _badge(1), "Chaud", "à rappeler"],
            ["12/03/2026 18:45", _email(1), "", _badge(2), "Froid", ""],
            ["12/03/2026 18:50", _email(2), "", "9999", "", ""]]
    export = _csv(tmp_path / "leads.csv", header, rows, sep=";", encoding="latin-1")
    result = import_export("scans", [export], out=folder, column_map=_map(tmp_path / "m.toml"))
    contacts = result.tables["contacts"]
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)["attendee_id"].tolist()
    assert contacts[["attendee_id", "contact_id"]].values.tolist() == [[attendees[0], attendees[1]],
                                                                      [attendees[1], attendees[2]]]
    assert contacts["interest"].tolist() == ["yes", "no"]
    skipped = result.report[result.report["what"] == "row_skipped"]
    assert skipped["column"].tolist() == ["Visiteur"] and "not on the attendee list" in skipped["reason"].iloc[0]
    # the exhibitor's company is a second scanner header: the person who scanned wins, the company is not copied
    written = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix == ".csv")
    assert "Quastbeek SA" not in written and "Quastbeek SA" not in result.summary()
    _no_personal_data(result.summary(), folder=folder)


def test_snake_case_headers_of_an_api_export_are_read_as_their_words(tmp_path, monkeypatch):
    """An app's API export writes ``scanned_by``, ``badge_id``, ``scanned_at``: read as the registrations import
    reads ``approval_status``, not refused as 'cannot tell who scanned whom'."""
    folder = _registered_folder(tmp_path, monkeypatch)
    header = ["scanned_by", "badge_id", "scanned_at", "lead_rating"]
    rows = [[_badge(0), _badge(1), "12/03/2026 18:41", "hot"], [_badge(2), _badge(3), "12/03/2026 18:45", "cold"]]
    result = import_export("scans", [_csv(tmp_path / "scans.csv", header, rows)], out=folder,
                           column_map=_map(tmp_path / "m.toml", '[columns.contacts]\n"lead_rating" = "rating"\n'))
    contacts = result.tables["contacts"]
    assert len(contacts) == 2 and contacts["interest"].tolist() == ["yes", "no"]
    assert contacts["timestamp"].notna().all()


def test_a_score_off_the_scale_is_said_as_such_not_sent_to_the_interest_words(tmp_path, monkeypatch):
    folder = _registered_folder(tmp_path, monkeypatch)
    header = ["Scanned By", "Badge ID", "Scan Date", "Lead Score"]
    rows = [[_badge(0), _badge(1), "12/03/2026 18:41", "7,5"], [_badge(2), _badge(3), "12/03/2026 18:45", "Blue"]]
    import_export("scans", [_csv(tmp_path / "scans.csv", header, rows)], out=folder, column_map=_map(tmp_path / "m.toml"))
    report = _report(folder)
    reasons = dict(zip(report["row"], report["reason"]))
    assert reasons[2].startswith("score off the 1-5 scale") and "[scans.interest]" not in reasons[2]
    assert reasons[3].startswith("rating not understood")

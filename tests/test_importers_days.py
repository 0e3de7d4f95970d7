"""``netout import registrations --schedule``: a conference of several days, each attendee in the sessions of their days.

The exports are written here as ticketing tools write them (a BOM and ``;``, a title above the header, dotted
dates, a check-in column per day in Dutch, English or German, or one check-in time for the whole event); each
test runs the command, then checks the folder's sessions and participation, what the summary says, that the
folder validates and that the outcomes have one row per person per session.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.privacy import pseudonym

# invented people; (first, last, industry, day-1 check-in, day-2 check-in)
PEOPLE = [("Annelies", "Lemmens", "Retail", "12.03.2026 09:05", ""),
          ("Bogdan", "Chenko", "Law", "12.03.2026 09:40", ""),
          ("Carlijn", "Diazova", "Tech", "", "13.03.2026 08:55"),
          ("Devika", "Patelson", "Retail", "", "13.03.2026 09:12"),
          ("Evelien", "Okafor", "Law", "12.03.2026 08:59", "13.03.2026 09:01"),
          ("Finnur", "Bergsson", "Tech", "12.03.2026 10:02", "13.03.2026 08:30"),
          ("Galatea", "Rossini", "Retail", "12.03.2026 09:30", "13.03.2026 09:45"),
          ("Hendrika", "Vasquez", "Law", "", "")]
DAY1 = {"d1-speed", "d1-drinks"}
DAY2 = {"d2-tables", "d2-coffee"}
SCHEDULE = ("session_id;format;assignment;grouping;start;end;description\n"
            "d1-speed;structured;scheduled;industry;12.03.2026 10:30;12.03.2026 11:30;speed round, host Ms Jansen\n"
            "d1-drinks;unstructured;scheduled;;12.03.2026 17:00;12.03.2026 19:00;drinks\n"
            "d2-tables;structured;randomized;random;13.03.2026 11:00;13.03.2026 12:00;topic tables\n"
            "d2-coffee;unstructured;;;13.03.2026 15:00;13.03.2026 15:45;coffee\n")


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.org"


def _export(path: Path, header: list[str], rows: list[list[str]], *, title: bool = True) -> Path:
    lines = (["Deelnemersoverzicht Jaarcongres 2026", ""] if title else []) + [";".join(header)]
    lines += [";".join(row) for row in rows] + [""]
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    return path


def _files(tmp_path: Path, day_headers=("Check-in dag 1", "Check-in dag 2"), status: str = "Geregistreerd"):
    header = ["Bestelnummer", "Voornaam", "Achternaam", "E-mailadres", day_headers[1], "Status", "Branche",
              day_headers[0], "Dieetwensen"]
    rows = [[f"EVX-{k}", first, last, _email(first, last), two, status, industry, one, "vegetarisch" if k % 2 else ""]
            for k, (first, last, industry, one, two) in enumerate(PEOPLE)]
    export = _export(tmp_path / "Deelnemers_export.csv", header, rows)
    schedule = tmp_path / "sessions_schedule.csv"
    schedule.write_text(SCHEDULE, encoding="utf-8")
    mapping = tmp_path / "congres.toml"
    mapping.write_text('time_zone = "Europe/Amsterdam"\nday_first = true\n', encoding="utf-8")
    return export, schedule, mapping


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _import_with_schedule(tmp_path: Path, monkeypatch, capsys, export: Path, out: Path) -> str:
    """Import the export with the two-day schedule and the map; what the command printed."""
    _, schedule, mapping = _files(tmp_path)
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", out) == 0
    return capsys.readouterr().out


def _placed(folder: Path) -> dict[str, set[str]]:
    part = pd.read_csv(folder / "participation.csv", dtype=str)
    return part.groupby("attendee_id")["session_id"].apply(set).to_dict()


def _id(first: str, last: str) -> str:
    return pseudonym(_email(first, last))


def _no_personal_data(text: str, folder: Path) -> None:
    everything = text + "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.csv"))
    for first, last, *_ in PEOPLE:
        for personal in (first, last, _email(first, last)):
            assert personal not in everything
    assert "Jansen" not in everything


@pytest.mark.parametrize("day_headers", [("Check-in dag 1", "Check-in dag 2"), ("Check-in day 1", "Check-in day 2"),
                                         ("Eingecheckt Tag 1", "Eingecheckt Tag 2"),
                                         ("Check-in 12.03.", "Check-in 13.03."),
                                         ("Checked in 2026-03-12", "Checked in 2026-03-13")])
def test_each_attendee_in_every_session_of_the_days_they_checked_in(tmp_path, monkeypatch, capsys, day_headers):
    export, schedule, mapping = _files(tmp_path, day_headers)
    out = tmp_path / "season" / "jaarcongres-2026"
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", out) == 0
    said = capsys.readouterr().out
    placed = _placed(out)
    expected = {_id(f, la): (DAY1 if one else set()) | (DAY2 if two else set()) for f, la, _, one, two in PEOPLE
                if one or two}
    assert placed == expected
    assert "day 1 (2026-03-12): 5 attendee(s) placed in each of its 2 session(s) (d1-speed, d1-drinks)" in said
    assert "day 2 (2026-03-13): 5 attendee(s) placed in each of its 2 session(s) (d2-tables, d2-coffee)" in said
    assert f"who checked in that day ('{day_headers[0]}')" in said
    # the one who checked in on no day is a no-show, not an attendee in no session
    assert "0 kept attendee(s) checked in on no day" in said and "no-show" in said
    attendees = pd.read_csv(out / "attendees.csv", dtype=str)
    assert len(attendees) == 7
    assert not any("check" in c or "tag" in c for c in attendees.columns)
    sessions = pd.read_csv(out / "sessions.csv", dtype=str).set_index("session_id")
    assert sessions.loc["d1-speed", "start"] == "2026-03-12T10:30:00+01:00"
    assert sessions.loc["d2-tables", "assignment"] == "randomized"
    assert sessions.loc["d2-coffee", "assignment"] == "scheduled"
    assert "description" not in sessions.columns
    _no_personal_data(said, out)

    assert _netout(monkeypatch, "validate", out.parent) == 0
    assert "usable" in capsys.readouterr().out
    outcomes = toolkit.compute_outcomes(toolkit.load_event_data(out.parent))
    assert len(outcomes) == sum(len(s) for s in expected.values())
    assert not outcomes.duplicated(["attendee_id", "session_id"]).any()
    assert outcomes.groupby("session_id").size().to_dict() == {s: 5 for s in DAY1 | DAY2}


def test_checked_in_on_no_day_is_counted_and_in_no_session(tmp_path, monkeypatch, capsys):
    # every ticket's status says it was checked in (at the door of the venue), the day columns say when
    export, schedule, mapping = _files(tmp_path, ("Check-in day 1", "Check-in day 2"), status="Checked In")
    out = tmp_path / "conf"
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", out) == 0
    said = capsys.readouterr().out
    assert "1 kept attendee(s) checked in on no day of the schedule: in no session" in said
    assert len(pd.read_csv(out / "attendees.csv")) == 8
    assert _id("Hendrika", "Vasquez") not in _placed(out)


def test_a_day_without_its_own_column_goes_by_ticket_type(tmp_path, monkeypatch, capsys):
    """Only day 2 has a check-in column (Eventix: 'Gescand' for the event, 'Check-in dag 2'): day 1 by ticket."""
    tickets = ["Dag 1 (12 maart)", "Combi 2 dagen", "Dag 2 (13 maart)", "Dag 2 (13 maart)", "Combi 2 dagen",
               "Combi 2 dagen", "Dag 1 (12 maart)", "Combi 2 dagen"]
    scanned = ["Ja", "Ja", "Ja", "Ja", "Ja", "Ja", "Ja", "Nee"]
    header = ["Tickettype", "Voornaam", "Achternaam", "E-mailadres", "Status", "Gescand", "Check-in dag 2", "Branche"]
    rows = [[t, f, la, _email(f, la), "Geregistreerd", s, two, ind]
            for t, s, (f, la, ind, _, two) in zip(tickets, scanned, PEOPLE)]
    export = _export(tmp_path / "export.csv", header, rows, title=False)
    out = tmp_path / "conf"
    said = _import_with_schedule(tmp_path, monkeypatch, capsys, export, out)
    placed = _placed(out)
    # day 1: scanned and a ticket valid on day 1 (Dag 1 or Combi); day 2: the day-2 check-in
    assert placed[_id("Annelies", "Lemmens")] == DAY1
    assert placed[_id("Bogdan", "Chenko")] == DAY1
    assert placed[_id("Carlijn", "Diazova")] == DAY2
    assert placed[_id("Evelien", "Okafor")] == DAY1 | DAY2
    # a day-1 ticket checked in on day 2 (upgraded at the door): the check-in of the day says she came
    assert placed[_id("Galatea", "Rossini")] == DAY1 | DAY2
    assert _id("Hendrika", "Vasquez") not in placed
    assert "no check-in column of that day: every kept attendee whose ticket type is valid that day" in said


def test_one_check_in_time_places_from_its_day_on(tmp_path, monkeypatch, capsys):
    header = ["Email", "First Name", "Last Name", "Ticket Type", "Checked In At", "Industry"]
    rows = [[_email("Annelies", "Lemmens"), "Annelies", "Lemmens", "Conference pass", "12/03/2026 09:05", "Retail"],
            [_email("Bogdan", "Chenko"), "Bogdan", "Chenko", "Conference pass", "13/03/2026 09:05", "Law"],
            [_email("Carlijn", "Diazova"), "Carlijn", "Diazova", "Day 1 only", "12/03/2026 08:05", "Tech"],
            [_email("Devika", "Patelson"), "Devika", "Patelson", "Conference pass", "", "Retail"]]
    export = _export(tmp_path / "attendees.csv", header, rows, title=False)
    out = tmp_path / "conf"
    said = _import_with_schedule(tmp_path, monkeypatch, capsys, export, out)
    placed = _placed(out)
    assert placed == {_id("Annelies", "Lemmens"): DAY1 | DAY2, _id("Bogdan", "Chenko"): DAY2,
                      _id("Carlijn", "Diazova"): DAY1}
    assert "who checked in that day or before" in said


def test_no_day_information_places_everyone_everywhere_and_says_so(tmp_path, monkeypatch, capsys):
    header = ["Email", "Attendee Status", "Industry"]
    rows = [[_email(f, la), "Checked In", ind] for f, la, ind, *_ in PEOPLE[:6]]
    export = _export(tmp_path / "attendees.csv", header, rows, title=False)
    out = tmp_path / "conf"
    said = _import_with_schedule(tmp_path, monkeypatch, capsys, export, out)
    assert all(s == DAY1 | DAY2 for s in _placed(out).values()) and len(_placed(out)) == 6
    assert "WARNING" in said and "every kept attendee is placed in every session of every day" in said


@pytest.mark.parametrize("change, message", [
    (lambda s: s.replace("12.03.2026 17:00", "12.03.2026 11:00"), "'d1-speed' and 'd1-drinks' overlap"),
    (lambda s: s.replace("unstructured;scheduled;;12", "open;scheduled;;12"), "row 3, column format ('open')"),
    (lambda s: s.replace("13.03.2026 15:45", "13.03.2026 25:45"), "row 5, column end ('13.03.2026 25:45')"),
    (lambda s: s.replace("session_id;", "id;"), "missing: session_id"),
])
def test_a_schedule_that_cannot_be_used_is_refused(tmp_path, monkeypatch, capsys, change, message):
    export, schedule, mapping = _files(tmp_path)
    schedule.write_text(change(SCHEDULE), encoding="utf-8")
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", tmp_path / "conf") == 2
    err = capsys.readouterr().err
    assert message in err and "sessions_schedule.csv" in err
    assert not (tmp_path / "conf" / "attendees.csv").exists()


def test_refusals_schedule_with_format_and_a_day_not_in_the_schedule(tmp_path, monkeypatch, capsys):
    export, schedule, mapping = _files(tmp_path, ("Check-in dag 1", "Check-in dag 3"))
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", tmp_path / "a") == 2
    assert "'Check-in dag 3'" in capsys.readouterr().err
    export, schedule, mapping = _files(tmp_path)
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--format", "structured",
                   "--out", tmp_path / "b") == 2
    assert "keep one of the two" in capsys.readouterr().err


def test_without_schedule_the_day_columns_are_read_and_the_schedule_suggested(tmp_path, monkeypatch, capsys):
    export, _, mapping = _files(tmp_path)
    out = tmp_path / "conf"
    assert _netout(monkeypatch, "import", "registrations", export, "--map", mapping, "--out", out) == 0
    said = capsys.readouterr().out
    assert "give the schedule with --schedule" in said
    assert not (out / "sessions.csv").exists()
    assert "check_in" not in " ".join(pd.read_csv(out / "attendees.csv").columns)


NEWCOMER = Path("/tmp/newcomer2")


@pytest.mark.skipif(not (NEWCOMER / "exports" / "Deelnemers_Jaarcongres2026_export.csv").exists(),
                    reason="the newcomer's trial export is not on this machine")
def test_the_newcomers_two_day_congress(tmp_path, monkeypatch, capsys):
    out = tmp_path / "season" / "jaarcongres-2026"
    assert _netout(monkeypatch, "import", "registrations", NEWCOMER / "exports" / "Deelnemers_Jaarcongres2026_export.csv",
                   "--schedule", NEWCOMER / "handwork" / "sessions_schedule.csv", "--map", NEWCOMER / "congres.toml",
                   "--out", out) == 0
    said = capsys.readouterr().out
    assert "day 1 (2026-03-12): 115 attendee(s)" in said and "day 2 (2026-03-13): 100 attendee(s)" in said
    part = pd.read_csv(out / "participation.csv")
    assert part.groupby("session_id").size().to_dict() == {"d1-speed": 115, "d1-borrel": 115, "d2-topic": 100,
                                                           "d2-koffie": 100}


# ---------------------------------------------------------------- dates in either order, durations, days named twice

def _import_march(tmp_path: Path, monkeypatch, capsys, header: list[str], rows: list[list[str]]):
    """Import the export with a schedule of 3-4 March (ISO times) and a map without day_first; folder, summary."""
    export = _export(tmp_path / "attendees.csv", header, rows, title=False)
    schedule = tmp_path / "schedule.csv"
    schedule.write_text("session_id,format,start,end\nd1,structured,2026-03-03 14:00,2026-03-03 15:00\n"
                        "d2,unstructured,2026-03-04 14:00,2026-03-04 15:00\n", encoding="utf-8")
    mapping = tmp_path / "event.toml"
    mapping.write_text('time_zone = "Europe/London"\n', encoding="utf-8")
    out = tmp_path / "conf"
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", out) == 0
    return out, capsys.readouterr().out


@pytest.mark.parametrize("second_day", ["04/03/2026 09:10", "03/04/2026 09:10"])  # day first, month first
def test_check_in_dates_in_either_order_are_read_by_the_schedules_days(tmp_path, monkeypatch, capsys, second_day):
    # 03/03 and 04/03 alone cannot tell their order; only one order puts them on the schedule's days
    header = ["Order #", "First Name", "Last Name", "Email", "Attendee Status", "Check-in Date", "Ticket Type",
              "Industry"]
    people = [("Annelies", "Lemmens", "03/03/2026 09:00", "Conference Pass"),
              ("Bogdan", "Chenko", second_day, "Conference Pass"),
              ("Carlijn", "Diazova", "03/03/2026 10:00", "2 Day Pass"),
              ("Devika", "Patelson", "03/03/2026 08:30", "Day 2 only")]
    rows = [[str(k), f, la, _email(f, la), "Checked In", when, ticket, "Law"]
            for k, (f, la, when, ticket) in enumerate(people)]
    out, said = _import_march(tmp_path, monkeypatch, capsys, header, rows)
    assert _placed(out) == {_id("Annelies", "Lemmens"): {"d1", "d2"}, _id("Bogdan", "Chenko"): {"d2"},
                            # "2 Day Pass" is a duration, not "day 2": valid on both days
                            _id("Carlijn", "Diazova"): {"d1", "d2"}, _id("Devika", "Patelson"): {"d2"}}
    assert "cannot be read" not in said and "WARNING" not in said


def test_a_check_in_date_that_cannot_be_read_is_reported_and_places_no_one_by_guess(tmp_path, monkeypatch, capsys):
    header = ["Email", "First Name", "Last Name", "Checked In At", "Ticket Type", "Industry"]
    people = [("Annelies", "Lemmens", "03/03/2026 09:00", "Conference Pass"),
              ("Bogdan", "Chenko", "31/02/2026 09:10", "Conference Pass"),   # no such date in either order
              ("Carlijn", "Diazova", "31/02/2026 09:12", "Day 2 only"),
              ("Devika", "Patelson", "04/03/2026 09:00", "Conference Pass")]
    rows = [[_email(f, la), f, la, when, ticket, "Tech"] for f, la, when, ticket in people]
    out, said = _import_march(tmp_path, monkeypatch, capsys, header, rows)
    placed = _placed(out)
    assert placed[_id("Annelies", "Lemmens")] == {"d1", "d2"} and placed[_id("Devika", "Patelson")] == {"d2"}
    # unread: no day supported by the data, except the one day a ticket names
    assert _id("Bogdan", "Chenko") not in placed and placed[_id("Carlijn", "Diazova")] == {"d2"}
    report = pd.read_csv(out / "import_report.csv", dtype=str)
    unread = report[report["reason"].str.contains("check-in date that cannot be read", na=False)]
    assert sorted(unread["row"].tolist()) == ["3", "4"] and set(unread["column"]) == {"Checked In At"}
    assert set(unread["what"]) == {"warning"}
    assert "31/02" not in said and "31/02" not in (out / "import_report.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, number", [
    ("2 Day Pass", None), ("1 Day Pass", None), ("3 Day Pass", None), ("1 dag", None),
    ("Day 2", 2), ("2nd day", 2), ("2e dag", 2), ("2. Tag", 2), ("Tag 2", 2), ("dag 2", 2), ("Dag 1 (12 maart)", 1)])
def test_a_number_of_days_is_a_duration_an_ordinal_names_a_day(text, number):
    from toolkit.io.importers.registrations import check_in_day

    day = check_in_day(f"Check-in {text}")
    assert (day.number if day is not None else None) == number


@pytest.mark.parametrize("headers", [("Check-in Day 1 (12.03.)", "Check-in Day 2 (13.03.)"),
                                     ("Checked in day 2 - 2026-03-13", "Checked in day 1 - 2026-03-12")])
def test_a_day_column_that_names_its_day_twice_is_that_days_check_in(tmp_path, monkeypatch, capsys, headers):
    header = ["First Name", "Last Name", "Email", "Attendee Status", *headers]
    answers = [("Yes", "No"), ("No", "Yes"), ("No", "No"), ("Yes", "Yes")]
    if "day 2" in headers[0]:
        answers = [(b, a) for a, b in answers]
    rows = [[f, la, _email(f, la), "Attending", one, two] for (f, la, *_), (one, two) in zip(PEOPLE, answers)]
    export = _export(tmp_path / "regs.csv", header, rows, title=False)
    out = tmp_path / "conf"
    said = _import_with_schedule(tmp_path, monkeypatch, capsys, export, out)
    assert _placed(out) == {_id("Annelies", "Lemmens"): DAY1, _id("Bogdan", "Chenko"): DAY2,
                            _id("Devika", "Patelson"): DAY1 | DAY2}
    assert "no check-in column per day" not in said and "WARNING" not in said
    assert not any("Day" in c or "day" in c for c in pd.read_csv(out / "attendees.csv").columns)


def test_a_day_column_whose_number_and_date_disagree_is_refused(tmp_path, monkeypatch, capsys):
    export, schedule, mapping = _files(tmp_path, ("Check-in Day 1 (13.03.)", "Check-in Day 2 (13.03.)"))
    assert _netout(monkeypatch, "import", "registrations", export, "--schedule", schedule, "--map", mapping,
                   "--out", tmp_path / "conf") == 2
    err = capsys.readouterr().err
    assert "'Check-in Day 1 (13.03.)'" in err and "day 1 of the schedule is 2026-03-12" in err

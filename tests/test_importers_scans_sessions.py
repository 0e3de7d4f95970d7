"""Scans and meetings placed in the folder's own sessions: hand-written sessions and participation tables.

An organiser imports the registrations, writes ``sessions.csv`` and ``participation.csv`` by hand (in an
event subfolder the ``event_id`` column may be left out; participation may name people by the export's
email column, mapped in the folder's ``netout.toml``; times may be written with dots) and then imports an
event app's meetings. Every contact that can be placed goes to a session; the others are counted in the
summary with the reason and what to add, never passed over in silence, and never a traceback.
All people are invented.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import toolkit
from test_importers_scans import PEOPLE, _email, _netout, _planted, _registrations
from test_importers_untidy import assert_none_of

# Two sessions of one evening; people 0-3 at the tables, 3-6 in the open room (3 in both)
TABLES = ["0", "1", "2", "3"]
OPEN = ["3", "4", "5", "6"]
MEETING_HEADER = ["Meeting ID", "Requester name", "Requester email", "Invitee name", "Invitee email", "Status",
                  "Date", "Start time", "Location", "Rating"]


def _meetings(path: Path, rows: list[tuple[int, int, str]], *, date: str = "08.10.2026") -> Path:
    """A Brella-like export: BOM, ';', dotted dates, separate time; extra columns (Location)."""
    lines = [";".join(MEETING_HEADER)]
    for n, (a, b, clock) in enumerate(rows):
        lines.append(";".join([str(880000 + n), " ".join(PEOPLE[a][:2]), _email(a), " ".join(PEOPLE[b][:2]),
                               _email(b), "Accepted", date, clock, f"Tafel {n % 3 + 1}", "4"]))
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


# (requester, invitee, time): 2 at the tables, 2 in the open room, 1 at lunch (outside both windows)
MEETINGS = [(0, 1, "18:40"), (2, 3, "18:50"), (4, 5, "19:30"), (3, 6, "19:45"), (1, 5, "13:05")]


def _registered(tmp_path: Path, monkeypatch, map_text: str = 'time_zone = "Europe/London"\n') -> tuple[Path, Path]:
    folder = tmp_path / "season" / "2026-10-08-mixer"
    column_map = tmp_path / "evening.toml"
    column_map.write_text(map_text, encoding="utf-8")
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "attendees.csv"),
                   "--map", column_map, "--out", folder) == 0
    return folder, column_map


def _sessions(folder: Path, *, event_id: bool, dotted: bool = False, times: bool = True) -> None:
    start = (("08.10.2026 18:30", "08.10.2026 19:15", "08.10.2026 19:20", "08.10.2026 20:10") if dotted else
                  ("2026-10-08T18:30:00+01:00", "2026-10-08T19:15:00+01:00", "2026-10-08T19:20:00+01:00",
                   "2026-10-08T20:10:00+01:00"))
    head = ["session_id", "format"] + (["start", "end"] if times else []) + ["description"]
    rows = [["tables", "structured"] + ([start[0], start[1]] if times else []) + ["round tables"],
            ["open", "unstructured"] + ([start[2], start[3]] if times else []) + ["drinks"]]
    frame = pd.DataFrame(rows, columns=head)
    if event_id:
        frame.insert(0, "event_id", folder.name)
    frame.to_csv(folder / "sessions.csv", sep=";", index=False)


def _participation(folder: Path, *, email_column: str | None = None, event_id: bool = True) -> None:
    """Canonical (attendee ids of the folder), or by email in a column of the organiser's own name."""
    ids = pd.read_csv(folder / "attendees.csv")["attendee_id"].tolist()   # in registration order
    rows = [(sid, int(k)) for sid, people in (("tables", TABLES), ("open", OPEN)) for k in people]
    if email_column:
        frame = pd.DataFrame({"session_id": [s for s, _ in rows], email_column: [_email(k) for _, k in rows],
                              "tafel": ["T1"] * len(rows)})
    else:
        frame = pd.DataFrame({"session_id": [s for s, _ in rows], "attendee_id": [ids[k] for _, k in rows]})
    if event_id:
        frame.insert(0, "event_id", folder.name)
    frame.to_csv(folder / "participation.csv", index=False)


def _import(monkeypatch, capsys, tmp_path, folder, column_map) -> tuple[int, str, pd.DataFrame]:
    meetings = _meetings(tmp_path / "brella_meetings.csv", MEETINGS)
    capsys.readouterr()
    code = _netout(monkeypatch, "import", "scans", meetings, "--map", column_map, "--out", folder)
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err, printed.err
    contacts = pd.read_csv(folder / "contacts.csv") if code == 0 else pd.DataFrame()
    # the organiser's own participation.csv holds emails; nothing the import wrote or said does
    written = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name != "participation.csv"]
    assert_none_of(_planted(), printed.out, printed.err, *written)
    return code, printed.out + printed.err, contacts


def test_sessions_without_event_id_in_an_event_folder_place_the_meetings(tmp_path, monkeypatch, capsys):
    """Was a KeyError: True traceback in _by_window (the docs allow leaving event_id out in an event folder)."""
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=False)
    _participation(folder)
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].tolist()[:4] == ["tables", "tables", "open", "open"]
    assert pd.isna(contacts["session_id"].iloc[4])
    assert "4 of 5 contact(s) placed in a session" in said, said
    assert "1 at a time outside every session's start and end" in said, said


def test_participation_without_event_id_too(tmp_path, monkeypatch, capsys):
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=False)
    _participation(folder, event_id=False)
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].notna().sum() == 4


def test_dotted_times_and_participation_by_a_mapped_email_column(tmp_path, monkeypatch, capsys):
    """The newcomer's flow: all contacts were written without a session and nothing was said."""
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=True, dotted=True)
    _participation(folder, email_column="E-mailadres", event_id=False)
    with open(folder / "netout.toml", "a", encoding="utf-8") as settings:
        settings.write('\n[columns.participation]\n"E-mailadres" = "attendee_id"\ntafel = "group_id"\n')
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].tolist()[:4] == ["tables", "tables", "open", "open"], contacts
    assert "4 of 5 contact(s) placed in a session" in said, said
    # the folder loads, and the outcomes see the same sessions
    data = toolkit.load_event_data(folder.parent)
    assert set(data.contacts["session_id"].dropna()) == {"tables", "open"}


def test_participation_naming_nobody_is_said_with_what_to_add(tmp_path, monkeypatch, capsys):
    """An email column not mapped: the contacts are still placed by time, and the summary says what to add."""
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=True, dotted=True)
    _participation(folder, email_column="E-mailadres")
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].notna().sum() == 4
    assert "participation.csv has no attendee_id column" in said, said
    assert "[columns.participation]" in said and "'e-mailadres'" in said.lower(), said


def test_sessions_without_times_and_no_participation_say_why_nothing_was_placed(tmp_path, monkeypatch, capsys):
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=True, times=False)
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].isna().all()
    assert "0 of 5 contact(s) placed in a session" in said, said
    assert "no participation table" in said and "no start and end" in said, said


def test_session_times_that_cannot_be_read_are_named_by_row(tmp_path, monkeypatch, capsys):
    folder, column_map = _registered(tmp_path, monkeypatch)
    _sessions(folder, event_id=True)
    text = (folder / "sessions.csv").read_text(encoding="utf-8").replace("2026-10-08T18:30:00+01:00", "half seven")
    (folder / "sessions.csv").write_text(text, encoding="utf-8")
    code, said, contacts = _import(monkeypatch, capsys, tmp_path, folder, column_map)
    assert code == 0, said
    assert contacts["session_id"].tolist()[2:4] == ["open", "open"]
    assert "sessions.csv row 2" in said and "'start'" in said, said

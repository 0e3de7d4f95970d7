"""Several contact exports of one event: ``netout import scans --add``, and name-only business cards.

A two-session trade evening (America/Chicago, month-first dates) whose contacts come from three
exports: business cards typed by staff (some with an email, some with a name only, spelled without
accents, apostrophes or hyphens), an event app's meeting export, and a lead-retrieval scan export
by badge number. The first is imported as usual and the others added with ``--add``; the event
must come out as if one combined export had been imported. All people are invented.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from test_importers_untidy import assert_none_of
from toolkit.errors import UsageError
from toolkit.io.importers import import_export

# (first, last, industry): names with accents, apostrophes, hyphens and two-word surnames; 7 and 8 fold alike
PEOPLE = [("Inès", "Dubois-Marchal", "Retail"), ("Ciarán", "Ó Briain", "Law"), ("Marta", "Núñez Ortega", "Tech"),
          ("Kwabena", "Asantewaa", "Retail"), ("Lena", "D'Amico", "Law"), ("Tomás", "Ferreirinha", "Tech"),
          ("Yusuke", "Takanashi", "Retail"), ("Ana", "Lima-Souza", "Law"), ("Aná", "Lima Souza", "Tech")]
EMAILS = ["ines.dm@trade.example", "ciaran.ob@trade.example", "marta.no@trade.example", "kwabena@trade.example",
          "lena.damico@trade.example", "tomas.f@trade.example", "yusuke.t@trade.example", "ana.ls@trade.example",
          "ana.lima@trade.example"]
BOTH = '"Tables, Open"'
CHOICE = [BOTH, BOTH, "Tables", BOTH, "Open", BOTH, "Open", "Tables", "Open"]
MAP = ('time_zone = "America/Chicago"\nday_first = false\n'
       '[registrations.sessions]\nquestion = "Sessions"\n[registrations.sessions.answers]\n'
       '"Tables" = { session_id = "tables", format = "structured", start = "2026-10-08 17:00", '
       'end = "2026-10-08 18:00" }\n'
       '"Open" = { session_id = "open", format = "unstructured", start = "2026-10-08 18:00", '
       'end = "2026-10-08 19:30" }\n')
CARDS_MAP = ('time_zone = "America/Chicago"\nday_first = false\n[columns.contacts]\n"Taken by" = "scanner"\n'
             '"Given name" = "first_name"\n"Family name" = "last_name"\n"Card e-mail" = "email"\n'
             '"When" = "time"\n')


def _planted() -> list[str]:
    words = {w for first, last, _ in PEOPLE for w in re.split(r"[ '\-]", f"{first} {last}") if len(w) > 3}
    return sorted(words | set(EMAILS) | {"Dubois", "Marchal", "Ferreirnha", "Quincebury", "@trade", "@booth"})


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _registrations(path: Path) -> Path:
    lines = ["Order #,First Name,Last Name,Email,Attendee #,Attendee Status,Industry,Sessions"]
    lines += [f"{5100 + k},{first},{last},{EMAILS[k]},{8800 + k},Checked In,{industry},{CHOICE[k]}"
              for k, (first, last, industry) in enumerate(PEOPLE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _folder(tmp_path: Path, monkeypatch, name: str) -> Path:
    folder = tmp_path / name / "2026-10-08-trade"
    (tmp_path / "evening.toml").write_text(MAP, encoding="utf-8")
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "registered.csv"), "--map",
                   tmp_path / "evening.toml", "--out", folder) == 0
    return folder


# the three exports: (rows as a combined scan export writes them) -------------------------------------------
# a combined row: scanner email, scanned badge, first name, last name, scanned email, date, time, rating

def _cards(path: Path) -> tuple[Path, list[list[str]]]:
    """Cards typed by staff: tab-separated, UTF-8, some with an email, four with a name only."""
    rows = [  # taken by, given name, family name, card e-mail, when
        (EMAILS[0], "Ciaran", "O Briain", "", "10/08/2026 17:20"),            # row 2: name only, spelled plain
        (EMAILS[3], "lena", "damico", "", "10/08/2026 18:20"),                # row 3: name only, no apostrophe
        (EMAILS[7], "Marta", "Nunez-Ortega", "", "10/08/2026 17:40"),          # row 4: hyphen for a space
        (EMAILS[5], "Ana", "Lima Souza", "", "10/08/2026 18:40"),             # row 5: two registered people
        (EMAILS[6], "Tomas", "Ferreirnha", "", "10/08/2026 18:50"),           # row 6: one letter left out
        (EMAILS[6], "Ottilie", "Quincebury", "", "10/08/2026 18:55"),         # row 7: no one of that name
        (EMAILS[4], "Kwabena", "Asantewaa", f" {EMAILS[3].upper()} ", "10/08/2026 18:45"),   # row 8: by email
        (EMAILS[1], "Ines", "Dubois Marchal", "", "10/08/2026 17:50"),        # row 9: again in the scans (17:30)
    ]
    lines = ["Taken by\tGiven name\tFamily name\tCard e-mail\tWhen\tPhone"]
    lines += ["\t".join([*r, "(312) 555-0147"]) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    combined = [[r[0], "", r[1], r[2], r[3].strip().lower(), *r[4].split(" "), ""] for r in rows]
    return path, combined


def _meetings(path: Path) -> tuple[Path, list[list[str]]]:
    """An event app's meeting report: a title block, then meetings; one declined, one met twice."""
    rows = [  # meeting id, requester email, invitee email, start, status
        ("M-1", EMAILS[2], EMAILS[0], "10/08/2026 17:10", "Accepted"),    # row 5
        ("M-2", EMAILS[0], EMAILS[2], "10/08/2026 17:15", "Accepted"),    # row 6: met back (the other's interest)
        ("M-3", EMAILS[4], EMAILS[6], "10/08/2026 18:30", "Declined"),    # row 7: did not happen
        ("M-4", EMAILS[3], EMAILS[4], "10/08/2026 18:05", "Accepted"),    # row 8: also on a card, later
        ("M-5", EMAILS[0], EMAILS[1], "10/08/2026 17:05", "Accepted"),    # row 9: also on a card, earlier
    ]
    lines = ["Trade Evening 2026 - Meetings", "Exported 10/12/2026", "",
             "Meeting ID,Requester email,Invitee email,Start time,Status"]
    lines += [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    combined = [[r[1], "", "", "", r[2], *r[3].split(" "), ""] for r in rows if r[4] == "Accepted"]
    return path, combined


def _scans(path: Path) -> tuple[Path, list[list[str]]]:
    """Lead retrieval by badge number, with ratings; a booth's own badge; a repeat scan."""
    rows = [  # scanned by, badge id, scan date, scan time, lead rating
        (EMAILS[1], "8800", "10/08/2026", "17:30", "Hot"),     # row 2: Ciarán scans Inès: he took her card
        (EMAILS[0], "8801", "10/08/2026", "17:25", "Warm"),    # row 3: Inès scans Ciarán: on a card and met too
        (EMAILS[5], "9901", "10/08/2026", "18:10", ""),        # row 4: a booth's badge, not registered
        (EMAILS[5], "8806", "10/08/2026", "18:15", "Cold"),    # row 5
        (EMAILS[5], "8806", "10/08/2026", "18:20", "Hot"),     # row 6: the same scan again
    ]
    lines = ["Scanned By,Badge ID,Scan Date,Scan Time,Lead Rating,Notes"]
    lines += [",".join([*r, "met at @booth"]) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    combined = [[r[0], r[1], "", "", "", r[2], r[3], r[4]] for r in rows]
    return path, combined


def _three(tmp_path: Path):
    exports = tmp_path / "exports"
    exports.mkdir(exist_ok=True)
    (tmp_path / "cards.toml").write_text(CARDS_MAP, encoding="utf-8")
    return _cards(exports / "cards_typed.tsv"), _meetings(exports / "app_meetings.csv"), _scans(
        exports / "lead_scans.csv")


def _add_three(tmp_path: Path, monkeypatch, folder: Path) -> None:
    (cards, _), (meetings, _), (scans, _) = _three(tmp_path)
    assert _netout(monkeypatch, "import", "scans", cards, "--channel", "card", "--map", tmp_path / "cards.toml",
                   "--out", folder) == 0
    assert _netout(monkeypatch, "import", "scans", meetings, "--add", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 0
    assert _netout(monkeypatch, "import", "scans", scans, "--add", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 0


def _report(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"}, keep_default_na=False)


# ---------------------------------------------------------------------------- 1. three exports, one event


def test_three_exports_added_give_the_outcomes_of_one_combined_export(tmp_path, monkeypatch, capsys):
    added = _folder(tmp_path, monkeypatch, "added")
    _add_three(tmp_path, monkeypatch, added)
    printed = capsys.readouterr()
    combined = _folder(tmp_path, monkeypatch, "combined")
    (_, a), (_, b), (_, c) = _three(tmp_path)
    one = tmp_path / "exports" / "all_contacts.csv"
    one.write_text("\n".join([",".join(["Scanned By", "Badge ID", "First Name", "Last Name", "Email", "Scan Date",
                                        "Scan Time", "Lead Rating"])] + [",".join(r) for r in a + b + c]) + "\n",
                   encoding="utf-8")
    assert _netout(monkeypatch, "import", "scans", one, "--map", tmp_path / "evening.toml", "--out", combined) == 0

    def outcomes(folder):
        table = toolkit.compute_outcomes(toolkit.load_event_data(folder.parent))
        return table.drop(columns=[c for c in table.columns if c == "event_id"]).sort_values(
            ["attendee_id", "session_id"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(outcomes(added), outcomes(combined))

    def contacts(folder):
        frame = pd.read_csv(folder / "contacts.csv", dtype=str)
        return sorted(map(tuple, frame[["attendee_id", "contact_id", "session_id", "timestamp", "interest"]]
                          .fillna("").values.tolist()))

    assert contacts(added) == contacts(combined)
    frame = pd.read_csv(added / "contacts.csv", dtype=str)
    # the pair Inès -> Ciarán at the tables is one contact (card, meeting and scan), its earliest time kept
    assert len(frame) == len(set(map(tuple, frame[["attendee_id", "contact_id", "session_id"]].values.tolist())))
    assert sorted(frame["channel"].unique()) == ["app", "badge_scan", "card"]
    _no_personal_data(printed.out, printed.err, folder=added)


def test_each_export_keeps_its_rows_left_out_in_the_report(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path, monkeypatch, "season")
    _add_three(tmp_path, monkeypatch, folder)
    printed = capsys.readouterr().out
    report = _report(folder)
    skipped = report[report["what"] == "row_skipped"]
    by_file = {f: sorted(part["row"].tolist()) for f, part in skipped.groupby("file")}
    # cards: the two people of one name, the slip, the name no one has; meetings: the declined one and the
    # two pairs already on a card; scans: the two pairs already in, the booth's badge and the repeat
    assert by_file["cards_typed.tsv"] == [5, 6, 7]
    assert by_file["app_meetings.csv"] == [7, 8, 9]
    assert by_file["lead_scans.csv"] == [2, 3, 4, 6]
    already = skipped[skipped["reason"].str.contains("already in contacts.csv")]
    assert set(already["file"]) == {"app_meetings.csv", "lead_scans.csv"}
    assert "merged into it" in already["reason"].iloc[0]
    # the summary of an added export says what it added to what was there
    assert re.search(r"added to the \d+ contact\(s\) already in contacts\.csv", printed), printed
    _no_personal_data(printed, folder=folder)


def test_adding_the_same_export_again_is_refused(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path, monkeypatch, "season")
    _add_three(tmp_path, monkeypatch, folder)
    before = (folder / "contacts.csv").read_bytes(), (folder / "import_report.csv").read_bytes()
    capsys.readouterr()
    scans = tmp_path / "exports" / "lead_scans.csv"
    assert _netout(monkeypatch, "import", "scans", scans, "--add", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 2
    err = capsys.readouterr().err
    assert "lead_scans.csv" in err and "already" in err and "twice" in err, err
    # a copy under another name is the same export: refused too, naming the first
    copy = tmp_path / "exports" / "lead_scans (1).csv"
    copy.write_bytes(scans.read_bytes())
    assert _netout(monkeypatch, "import", "scans", copy, "--add", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 2
    err = capsys.readouterr().err
    assert "same content as lead_scans.csv" in err, err
    # so is the first export, imported without --add
    assert _netout(monkeypatch, "import", "scans", tmp_path / "exports" / "cards_typed.tsv", "--add", "--map",
                   tmp_path / "cards.toml", "--out", folder) == 2
    assert (folder / "contacts.csv").read_bytes() == before[0]
    assert (folder / "import_report.csv").read_bytes() == before[1]


def test_add_and_force_are_not_given_together_and_force_still_replaces(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path, monkeypatch, "season")
    _add_three(tmp_path, monkeypatch, folder)
    capsys.readouterr()
    scans = tmp_path / "exports" / "lead_scans.csv"
    assert _netout(monkeypatch, "import", "scans", scans, "--add", "--force", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 2
    assert "--add" in capsys.readouterr().err
    # neither: the folder's contacts are said to come from the three exports, and both ways on are offered
    other = tmp_path / "exports" / "more_cards.csv"
    other.write_text(f"Scanned By,Email,Scan Date\n{EMAILS[8]},{EMAILS[6]},10/08/2026 18:40\n", encoding="utf-8")
    assert _netout(monkeypatch, "import", "scans", other, "--map", tmp_path / "evening.toml", "--out", folder) == 2
    err = capsys.readouterr().err
    assert "pass --add" in err and "--force" in err and "app_meetings.csv" in err, err
    # --force replaces every contact with this export's, and the report forgets the replaced exports' rows
    assert _netout(monkeypatch, "import", "scans", scans, "--force", "--map", tmp_path / "evening.toml",
                   "--out", folder) == 0
    assert len(pd.read_csv(folder / "contacts.csv")) == 3
    assert set(_report(folder).query("what == 'row_skipped'")["file"]) == {"lead_scans.csv"}
    # and the exports it replaced can be added again
    assert _netout(monkeypatch, "import", "scans", tmp_path / "exports" / "app_meetings.csv", "--add", "--map",
                   tmp_path / "evening.toml", "--out", folder) == 0


def test_add_without_contacts_in_the_folder_imports_as_usual(tmp_path):
    folder = tmp_path / "season" / "2026-10-08-trade"
    (_, _), (meetings, _), _ = _three(tmp_path)
    (tmp_path / "evening.toml").write_text(MAP, encoding="utf-8")
    result = import_export("scans", [meetings], out=folder, add=True, column_map=tmp_path / "evening.toml")
    assert len(result.tables["contacts"]) == 4
    with pytest.raises(UsageError, match="--add"):
        import_export("scans", [meetings], out=folder, add=True, overwrite=True)


# ---------------------------------------------------------------------------- 2. name-only business cards


def test_name_only_cards_are_matched_without_accents_apostrophes_hyphens_or_spaces(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path, monkeypatch, "season")
    (cards, _), _, _ = _three(tmp_path)
    capsys.readouterr()
    assert _netout(monkeypatch, "import", "scans", cards, "--channel", "card", "--map", tmp_path / "cards.toml",
                   "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    ids = pd.read_csv(folder / "attendees.csv", dtype=str)["attendee_id"].tolist()
    # rows 2, 3, 4, 8 and 9: Ciarán Ó Briain, Lena D'Amico, Marta Núñez Ortega, Kwabena by email, Inès
    assert contacts["contact_id"].tolist() == [ids[1], ids[4], ids[2], ids[3], ids[0]]
    skipped = _report(folder).query("what == 'row_skipped'").set_index("row")
    assert sorted(skipped.index) == [5, 6, 7]
    assert skipped.loc[5, "reason"].startswith("ambiguous name")
    for row in (5, 6, 7):
        assert "scanned badge" not in skipped.loc[row, "reason"], skipped.loc[row, "reason"]
        assert skipped.loc[row, "value"] == "", skipped.loc[row, "value"]
        assert skipped.loc[row, "column"] == "Given name + Family name"
    assert "one letter off exactly one registered attendee's" in skipped.loc[6, "reason"]
    assert "no registered attendee has the name" in skipped.loc[7, "reason"]
    assert "one letter" not in skipped.loc[7, "reason"]
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_key_file_of_an_earlier_version_still_finds_names_as_written(tmp_path, monkeypatch):
    folder = _folder(tmp_path, monkeypatch, "season")
    keys = pd.read_csv(folder / "import_keys.csv", dtype=str)
    assert "folded_name" in set(keys["kind"])
    keys[keys["kind"] != "folded_name"].to_csv(folder / "import_keys.csv", index=False)
    cards = tmp_path / "cards.csv"
    cards.write_text("Collected by,First Name,Last Name,Date\n"
                     f"{EMAILS[0]},Lena,D'Amico,10/08/2026 18:20\n{EMAILS[0]},Lena,DAmico,10/08/2026 18:25\n",
                     encoding="utf-8")
    result = import_export("scans", [cards], out=folder, column_map=tmp_path / "evening.toml")
    assert len(result.tables["contacts"]) == 1
    assert result.report.loc[result.report["what"] == "row_skipped", "row"].tolist() == [3]


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    assert_none_of(_planted(), *texts, folder=folder)


def test_a_folder_of_scans_alone_takes_the_people_of_an_added_export_as_attendees(tmp_path):
    """No registrations: the first export's people became the attendees; the second's join them."""
    first, second, both = tmp_path / "door.csv", tmp_path / "bar.csv", tmp_path / "both.csv"
    first.write_text("Scanned By,Badge ID,Scan Date\nB1,B2,2026-03-14 18:41\nB2,B3,2026-03-14 18:45\n",
                     encoding="utf-8")
    second.write_text("Collected by,Badge ID,Date\nB1,B2,2026-03-14 18:30\nB4,B1,2026-03-14 19:10\n"
                      "B5,B4,2026-03-14 19:20\n", encoding="utf-8")
    both.write_text("Scanned By,Badge ID,Scan Date\nB1,B2,2026-03-14 18:41\nB2,B3,2026-03-14 18:45\n"
                    "B1,B2,2026-03-14 18:30\nB4,B1,2026-03-14 19:10\nB5,B4,2026-03-14 19:20\n", encoding="utf-8")
    added, combined = tmp_path / "a" / "meetup", tmp_path / "b" / "meetup"
    import_export("scans", [first], out=added, session_format="structured")
    result = import_export("scans", [second], out=added, add=True)
    import_export("scans", [both], out=combined, session_format="structured")

    def rows(folder, table):
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str)
        return sorted(map(tuple, frame.fillna("").values.tolist()))

    for table in ("attendees", "sessions", "participation"):
        assert rows(added, table) == rows(combined, table), table
    # B1 -> B2 again, earlier: merged into the contact there
    assert result.report.loc[result.report["what"] == "row_skipped", "row"].tolist() == [2]
    assert len(result.tables["contacts"]) == 4
    pd.testing.assert_frame_equal(toolkit.compute_outcomes(toolkit.load_event_data(added.parent)),
                                  toolkit.compute_outcomes(toolkit.load_event_data(combined.parent)))

"""``netout followups --with-names``: names read as the registrations import reads them, never silently blank.

The folder is built the way an organiser builds one: a ticketing export (with a
title row above its header) imported as registrations, badge scans with
ratings imported as contacts; the follow-up list then takes its names from the
same ticketing export.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.errors import UsageError
from toolkit.io.importers import import_export
from toolkit.operational import NameBook

PEOPLE = [("Annelies", "Lemmens"), ("Bogdan", "Chenko"), ("Carlijn", "Diazova"), ("Devika", "Patelson"),
          ("Evelien", "Okafor")]
TITLE = "Attendee Summary Report - Autumn mixer,,,,,\n,,,,,\n"


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.org"


def _report(path: Path, people=PEOPLE, *, title: str = TITLE,
            header: str = "Order #,First Name,Last Name,Email,Badge Number,Attendee Status") -> Path:
    rows = [f"{7100 + k},{first},{last},{_email(first, last)},{3100 + k},Checked In"
            for k, (first, last) in enumerate(people)]
    path.write_text(title + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def season(tmp_path, monkeypatch):
    """A season folder with one imported evening: every one of the five asked to meet the next one again."""
    monkeypatch.setenv("NETOUT_SECRET", "followups-test-key-0123456789")
    export = _report(tmp_path / "report.csv")
    folder = tmp_path / "season" / "mixer"
    import_export("registrations", [export], out=folder, session_format="unstructured")
    scans = "Scanner Badge ID,Scanned Badge ID,Scan Time,Rating\n" + "".join(
        f"{3100 + k},{3100 + (k + 1) % 5},2026-10-08 19:{40 + k},Hot\n" for k in range(5))
    (tmp_path / "scans.csv").write_text(scans, encoding="utf-8")
    (tmp_path / "map.toml").write_text('time_zone = "Europe/Brussels"\n[scans.interest]\nHot = "yes"\n',
                                       encoding="utf-8")
    import_export("scans", [tmp_path / "scans.csv"], out=folder, column_map=tmp_path / "map.toml")
    return tmp_path / "season"


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _named(path: Path) -> pd.DataFrame:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# PERSONAL DATA")
    return pd.read_csv(path, skiprows=1, dtype="string")


def test_names_come_from_first_and_last_name_below_a_title_row(season, tmp_path, monkeypatch, capsys):
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names",
                   tmp_path / "report.csv") == 0
    wishes = _named(out)
    assert len(wishes) == 5
    pairs = set(zip(wishes["name"], wishes["contact_name"]))
    assert pairs == {(f"{a} {b}", f"{c} {d}") for (a, b), (c, d) in zip(PEOPLE, PEOPLE[1:] + PEOPLE[:1])}
    assert set(wishes["email"]) == {_email(*p) for p in PEOPLE}
    # the badge number is never taken for a name, and everyone was named: no note about unnamed people
    assert not wishes["name"].str.contains(r"\d").any()
    assert "not in the registrations file" not in capsys.readouterr().err


def test_people_the_file_cannot_name_are_counted(season, tmp_path, monkeypatch, capsys):
    partial = _report(tmp_path / "partial.csv", PEOPLE[:3])
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", partial) == 0
    err = capsys.readouterr().err
    assert "2 of the 5 people on the follow-up list are not in the registrations file partial.csv" in err
    wishes = _named(out)
    assert wishes["name"].isna().sum() == 2 and wishes["contact_name"].isna().sum() == 2
    # the note is counts only: no name or email of the export in what the command says
    for first, last in PEOPLE:
        assert first not in err and _email(first, last) not in err


def test_a_file_without_name_columns_is_refused_naming_the_headers_looked_for(season, tmp_path, monkeypatch,
                                                                              capsys):
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("Email,Badge Number,Attendee Status\n" + "".join(
        f"{_email(*p)},{3100 + k},Checked In\n" for k, p in enumerate(PEOPLE)), encoding="utf-8")
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", nameless) != 0
    err = capsys.readouterr().err
    assert "nameless.csv has no name columns" in err
    assert "'first name'" in err and "'last name'" in err and "'full name'" in err and "--map" in err
    assert not out.exists()


def test_the_folders_own_attendees_hold_no_names_and_say_to_give_the_export(season, tmp_path, monkeypatch, capsys):
    assert _netout(monkeypatch, "followups", season, "--out", tmp_path / "w.csv", "--with-names") != 0
    err = capsys.readouterr().err
    assert "mixer/attendees.csv has no name columns" in err and "--names FILE" in err


def _delegates(folder: Path, map_name: str) -> tuple[Path, Path]:
    """The registrations under headers no tool uses ("Delegate", "Delegate e-mail"), and the map that names them."""
    delegates = folder / "delegates.csv"
    delegates.write_text("Delegate,Delegate e-mail,Badge Number\n" + "".join(
        f"{first} {last},{_email(first, last)},{3100 + k}\n" for k, (first, last) in enumerate(PEOPLE)),
        encoding="utf-8")
    column_map = folder / map_name
    column_map.write_text('[columns.attendees]\n"Delegate" = "name"\n"Delegate e-mail" = "email"\n', encoding="utf-8")
    return delegates, column_map


def test_map_names_a_column_called_something_else(season, tmp_path, monkeypatch, capsys):
    delegates, column_map = _delegates(tmp_path, "names.toml")
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", delegates) != 0
    assert "delegates.csv has no name columns" in capsys.readouterr().err
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", delegates,
                   "--map", column_map) == 0
    assert set(_named(out)["name"]) == {f"{a} {b}" for a, b in PEOPLE}


def test_header_row_gives_the_header_where_a_summary_block_looks_like_one(season, tmp_path, monkeypatch):
    # a summary block above the table ("Name,Autumn mixer") passes for a header; --header-row says where it is
    odd = _report(tmp_path / "odd.csv", title="Name,Autumn mixer,,,,\nDate,2026-10-08,,,,\n")
    out = tmp_path / "wishes.csv"
    _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", odd)
    assert not out.exists() or set(_named(out)["name"].dropna()) != {f"{a} {b}" for a, b in PEOPLE}
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", odd,
                   "--header-row", "3") == 0
    assert set(_named(out)["name"]) == {f"{a} {b}" for a, b in PEOPLE}


def test_map_and_header_row_are_only_read_with_names(season, tmp_path, monkeypatch, capsys):
    assert _netout(monkeypatch, "followups", season, "--out", tmp_path / "w.csv", "--header-row", "3") != 0
    assert "--header-row is only read with --with-names" in capsys.readouterr().err


def test_one_name_column_and_a_badge_number_read_like_the_import():
    book = NameBook.from_registrations(b"Name,Email,Badge Number\nAnn Lee,ann@example.org,3100\n,bo@example.org,3101\n",
                                       name="r.csv", secret="k")
    assert book.people["name"].tolist()[0] == "Ann Lee"
    assert pd.isna(book.people["name"].tolist()[1])   # an empty name stays empty; the badge number is no name
    assert all(re.fullmatch(r"p_[0-9a-f]{16}", i) for i in book.people.index)


def test_require_names_refuses_a_file_with_none():
    with pytest.raises(UsageError, match="r.csv has no name columns"):
        NameBook.from_registrations(b"Email,Badge Number\nann@example.org,3100\n", name="r.csv", secret="k",
                                    require_names=True)


def test_sheet_names_the_worksheet_that_holds_the_attendees(season, tmp_path, monkeypatch, capsys):
    # a ticketing workbook whose first worksheet is a summary: refused (it names no one), with --sheet read
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Event", "Autumn mixer"])
    book.active.append(["Tickets sold", 5])
    attendees = book.create_sheet("Attendees")
    attendees.append(["Order #", "First Name", "Last Name", "Email", "Badge Number", "Attendee Status"])
    for k, (first, last) in enumerate(PEOPLE):
        attendees.append([7100 + k, first, last, _email(first, last), 3100 + k, "Checked In"])
    workbook = tmp_path / "orders.xlsx"
    book.save(workbook)
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", workbook) == 2
    # the sheet with the attendees' header is named
    assert "--sheet Attendees" in capsys.readouterr().err and not out.exists()
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", workbook,
                   "--sheet", "Attendees") == 0
    assert set(_named(out)["name"]) == {f"{a} {b}" for a, b in PEOPLE}
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", workbook,
                   "--sheet", "Guests") != 0
    err = capsys.readouterr().err
    assert "Guests" in err and "Traceback" not in err
    assert _netout(monkeypatch, "followups", season, "--out", out, "--sheet", "Attendees") == 2
    assert "--sheet is only read with --with-names" in capsys.readouterr().err
    assert "its worksheets are 'Summary', 'Attendees'" in err


# ---------------------------------------------------------------------------- a season: one registrations file per event

AUTUMN = PEOPLE
WINTER = [("Annelies", "Lemmens"), ("Fenna", "Quistorp"), ("Gideon", "Rautenbach"), ("Hedda", "Sandvik"),
          ("Ingmar", "Tolhurst")]                           # Annelies came back; four newcomers


def _winter_workbook(path: Path) -> Path:
    """The winter evening's ticketing workbook: a cover sheet first, the delegates on 'Attendees'."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Event", "Winter evening"])
    attendees = book.create_sheet("Attendees")
    attendees.append(["Order #", "First Name", "Last Name", "Email", "Badge Number", "Attendee Status"])
    for k, (first, last) in enumerate(WINTER):
        attendees.append([8100 + k, first, last, _email(first, last), 4100 + k, "Checked In"])
    book.save(path)
    return path


@pytest.fixture()
def two_evenings(season, tmp_path):
    """The season of the fixture, and a winter evening imported from a workbook: each asked to meet the next one."""
    workbook = _winter_workbook(tmp_path / "winter.xlsx")
    folder = season / "winter"
    import_export("registrations", [workbook], out=folder, sheet="Attendees", session_format="structured")
    scans = "Scanner Badge ID,Scanned Badge ID,Scan Time,Rating\n" + "".join(
        f"{4100 + k},{4100 + (k + 1) % 5},2026-12-10 19:{40 + k},Hot\n" for k in range(5))
    (tmp_path / "winter_scans.csv").write_text(scans, encoding="utf-8")
    import_export("scans", [tmp_path / "winter_scans.csv"], out=folder, column_map=tmp_path / "map.toml")
    return season, tmp_path / "report.csv", workbook


def test_several_names_files_name_a_whole_season(two_evenings, tmp_path, monkeypatch, capsys):
    season, autumn, winter = two_evenings
    out = tmp_path / "wishes.csv"
    # one file alone names one evening's people: the others are counted
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", autumn) == 0
    assert "4 of the 9 people on the follow-up list are not in the registrations file report.csv" in \
        capsys.readouterr().err
    # both: every one named; --sheet concerns the workbook only (a CSV has no worksheets)
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", autumn,
                   "--names", winter, "--sheet", "Attendees") == 0
    err = capsys.readouterr().err
    wishes = _named(out)
    assert len(wishes) == 10 and wishes["name"].notna().all() and wishes["contact_name"].notna().all()
    assert set(wishes.loc[wishes["event_id"].eq("winter"), "name"]) == {f"{a} {b}" for a, b in WINTER}
    assert "not in the registrations file" not in err and "wrote 10 follow-up wish(es)" in err
    for first, last in AUTUMN + WINTER:
        assert first not in err and _email(first, last) not in err


def test_a_names_file_that_names_nobody_on_the_list_is_said(two_evenings, tmp_path, monkeypatch, capsys):
    season, autumn, winter = two_evenings
    stranger = _report(tmp_path / "other_club.csv", [("Jorinde", "Ulvaeus")])
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", autumn, "--names",
                   winter, "--names", stranger, "--sheet", "Attendees") == 0
    err = capsys.readouterr().err
    assert "other_club.csv names none of the 9 people on the follow-up list" in err
    assert "are not in the registrations file" not in err


def test_a_map_per_names_file_in_the_same_order(two_evenings, tmp_path, monkeypatch, capsys):
    season, autumn, winter = two_evenings
    delegates, autumn_map = _delegates(tmp_path, "autumn.toml")    # the autumn export under other headers
    winter_map = tmp_path / "winter.toml"
    winter_map.write_text('time_zone = "Europe/Brussels"\n', encoding="utf-8")
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", delegates, "--map",
                   autumn_map, "--names", winter, "--map", winter_map, "--sheet", "Attendees") == 0
    assert _named(out)["name"].notna().all()
    # three maps for two files: which is whose? refused, saying the rule
    assert _netout(monkeypatch, "followups", season, "--out", out, "--with-names", "--names", delegates, "--names",
                   winter, "--map", autumn_map, "--map", winter_map, "--map", winter_map) == 2
    err = capsys.readouterr().err
    assert "--map is given 3 times and --names 2 times" in err and "once per --names" in err


def test_no_wish_says_why_the_contacts_recorded_no_interest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NETOUT_SECRET", "followups-test-key-0123456789")
    folder = tmp_path / "season" / "mixer"
    import_export("registrations", [_report(tmp_path / "report.csv")], out=folder, session_format="unstructured")
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out) == 0
    err = capsys.readouterr().err
    assert "wrote 0 follow-up wish(es)" in err and "no contacts" in err and "netout import scans" in err
    # scans without a rating column: contacts, but none says whether the person would like to meet again
    (tmp_path / "scans.csv").write_text("Scanner Badge ID,Scanned Badge ID,Scan Time\n" + "".join(
        f"{3100 + k},{3100 + (k + 1) % 5},2026-10-08 19:{40 + k}\n" for k in range(5)), encoding="utf-8")
    import_export("scans", [tmp_path / "scans.csv"], out=folder)
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "wrote 0 follow-up wish(es)" in err
    assert "none of the 5 contacts records an interest" in err and "rating" in err and "[columns.contacts]" in err
    # ratings that all say no
    (tmp_path / "cold.csv").write_text("Scanner Badge ID,Scanned Badge ID,Scan Time,Rating\n" + "".join(
        f"{3100 + k},{3100 + (k + 1) % 5},2026-10-08 19:{40 + k},Cold\n" for k in range(5)), encoding="utf-8")
    import_export("scans", [tmp_path / "cold.csv"], out=folder, overwrite=True)
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "every one of the 5 interests recorded is a no" in err


def test_no_wish_from_proximity_sensors_says_a_sensor_records_no_interest(tmp_path, monkeypatch, capsys):
    """A SocioPatterns folder (sensor contacts only, no scans) was told to name its scan export's rating column."""
    folder = tmp_path / "ht"
    import_export("sociopatterns", [Path(__file__).parent / "importers" / "tij_small.dat"], out=folder,
                  event_id="E1")
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", folder, "--out", out) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "wrote 0 follow-up wish(es)" in err
    assert "proximity sensors" in err and "records no interest" in err and "netout import scans" in err
    assert "[columns.contacts]" not in err and "--force" not in err and "scan export had no rating" not in err
    # scans beside the sensors: their rating is what is missing, as before
    (tmp_path / "scans.csv").write_text("event_id,attendee_id,contact_id,channel\nE1,1,2,badge_scan\n",
                                        encoding="utf-8")
    contacts = pd.read_csv(folder / "contacts.csv", dtype="string")
    pd.concat([contacts, pd.read_csv(tmp_path / "scans.csv", dtype="string")]).to_csv(folder / "contacts.csv",
                                                                                      index=False)
    assert _netout(monkeypatch, "followups", folder, "--out", out) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "[columns.contacts]" in err and "scan export had no rating" in err

"""A Dutch ticketing export (Eventix-like): a group order under one email, duplicate tickets, money, prefixes.

The export is written here as such a tool writes it (BOM, `;`, two title lines and a blank one above the
header, Dutch headers, a surname prefix column ``Tussenvoegsel``, ``Lid (ja/nee)``, ``Bedrag (EUR)`` with decimal
commas). Every name is invented. The tests follow one person through every path that pseudonymises a
registration: the import, a survey keyed by email, the names of ``netout followups --with-names`` and the plan.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit import privacy
from toolkit.io.importers import import_export
from toolkit.io.importers.registrations import read_registration_list
from toolkit.operational import NameBook
from toolkit.settings import Settings

SECRET = "group-order-test-key-0123456789"
HEADER = ["Bestelnummer", "Ticketnummer", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Branche",
          "Lid (ja/nee)", "Status", "Gescand", "Bedrag (EUR)"]
GROUP_EMAIL = "joerdis.wendelbaum@kieselgrund-voorbeeld.de"
# (order, ticket, first, prefix, last, email, industry, member, status, scanned, amount)
TICKETS = [
    # a group order: the buyer, Jördis, is the THIRD ticket; her two guests carry her email; one guest twice
    ("EVX-1", "T101", "Ortwin", "", "Kasperczyk", GROUP_EMAIL, "Bouw", "ja", "Geregistreerd", "Ja", "345,00"),
    ("EVX-1", "T102", "Sieglinde", "", "Brauckmann", GROUP_EMAIL, "Logistiek", "nee", "Geregistreerd", "Ja",
     "395,00"),
    ("EVX-1", "T103", "Jördis", "", "Wendelbaum", GROUP_EMAIL, "ICT", "ja", "Geregistreerd", "Ja", "195,00"),
    ("EVX-1", "T104", "Ortwin", "", "Kasperczyk", GROUP_EMAIL, "Bouw", "ja", "Geregistreerd", "Nee", "345,00"),
    ("EVX-2", "T201", "Maarten", "van der", "Hoeksema", "maarten.vanderhoeksema@dijkpaal-voorbeeld.nl", "Bouw",
     "ja", "Geregistreerd", "Ja", "345,00"),
    ("EVX-3", "T301", "Femke", "de", "Wolters", "femke.dewolters@zeewering-voorbeeld.nl", "ICT", "nee",
     "Geregistreerd", "Ja", "395,00"),
    ("EVX-4", "T401", "Gijsbert", "", "Tammeling", "gijsbert.tammeling@vlonder-voorbeeld.nl", "Logistiek", "ja",
     "Geregistreerd", "Ja", "345,00"),
    # Femke bought a second ticket (email in other case) and came on the first: a duplicate, no no-show
    ("EVX-5", "T501", "Femke", "de", "Wolters", "Femke.DeWolters@zeewering-voorbeeld.nl", "ICT", "nee",
     "Geregistreerd", "Nee", "395,00"),
    # a real no-show
    ("EVX-6", "T601", "Rianne", "", "Oostwoud", "rianne.oostwoud@kribbe-voorbeeld.nl", "Bouw", "nee",
     "Geregistreerd", "Nee", "395,00"),
]


def _export(path: Path, tickets=TICKETS, header=HEADER, *, title: bool = True) -> Path:
    rows = [";".join(header)] + [";".join(t) for t in tickets]
    title = "Deelnemersoverzicht Najaarscongres 2026;;;;\r\nGeëxporteerd op 16.10.2026 09:12;;;;\r\n\r\n" if title else ""
    path.write_bytes(("\ufeff" + title + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def _id(value: str) -> str:
    return privacy.pseudonymise(pd.Series([value.lower()]), secret=SECRET, all_values=True).iloc[0]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


@pytest.fixture()
def imported(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    export = _export(tmp_path / "Deelnemers_export.csv")
    folder = tmp_path / "season" / "najaarscongres"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder, "--format", "unstructured") == 0
    return export, folder


def _report(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"})


# ---------------------------------------------------------------------------- 1. the buyer's email on a group order


def test_the_group_email_belongs_to_the_ticket_whose_name_it_spells(imported, capsys):
    """doerte-style ``joerdis.wendelbaum`` is Jördis's (the third ticket), not the first ticket's."""
    _, folder = imported
    printed = capsys.readouterr().out
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string").set_index("attendee_id")
    jordis = _id(GROUP_EMAIL)
    assert attendees.loc[jordis, "industry"] == "ICT"
    # the buyer, her two guests, Maarten, Femke, Gijsbert: six people; Ortwin's second ticket counted once
    assert len(attendees) == 6
    report = _report(folder)
    notes = " ".join(report.loc[report["what"] == "note", "reason"])
    # spreadsheet rows: 2 title lines and a blank one, the header on row 4, Jördis's ticket on row 7
    assert "row 7" in notes and "name" in notes
    assert "Jördis" not in printed and GROUP_EMAIL not in printed and "Wendelbaum" not in notes


def test_a_survey_by_the_group_email_lands_on_the_buyer(imported, tmp_path, monkeypatch):
    _, folder = imported
    survey = tmp_path / "evaluatie.csv"
    survey.write_text("Tijdstempel,E-mailadres,Hoe tevreden was u?\n"
                      f"2026/10/17 9:02:11,{GROUP_EMAIL},5\n"
                      "2026/10/17 9:04:40,gijsbert.tammeling@vlonder-voorbeeld.nl,2\n", encoding="utf-8")
    (tmp_path / "survey.toml").write_text('[columns.survey]\n"E-mailadres" = "attendee_id"\n'
                                          '"Hoe tevreden was u?" = "satisfaction"\n', encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", survey, "--map", tmp_path / "survey.toml", "--out", folder) == 0
    answers = pd.read_csv(folder / "survey.csv", dtype="string")
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string").set_index("attendee_id")
    five = answers.loc[answers["satisfaction"].astype(float).eq(5), "attendee_id"].iloc[0]
    assert attendees.loc[five, "industry"] == "ICT"          # Jördis's row, not Ortwin's (Bouw)


def test_names_plan_and_import_give_the_same_ids(imported):
    export, folder = imported
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string")
    book = NameBook.from_registrations(export, secret=SECRET)
    named = book.people["name"]
    assert named[_id(GROUP_EMAIL)] == "Jördis Wendelbaum"
    assert set(attendees["attendee_id"]) <= set(named.index)
    assert {named[i] for i in attendees["attendee_id"]} == {
        "Jördis Wendelbaum", "Ortwin Kasperczyk", "Sieglinde Brauckmann", "Maarten van der Hoeksema",
        "Femke de Wolters", "Gijsbert Tammeling"}
    from toolkit.plan import read_registrations

    # (the plan reads no title above the header: the organiser cuts it off)
    people, _ = read_registrations(_export(export.parent / "no_title.csv", title=False), secret=SECRET)
    planned = people.set_index("attendee_id")
    # the plan keeps every registered ticket (no check-in yet): the no-show too, the same ids for the others
    assert set(attendees["attendee_id"]) <= set(planned.index)
    assert planned.loc[_id(GROUP_EMAIL), "industry"] == "ICT"


def test_followups_with_names_list_the_buyers_wish_under_her_name(imported, tmp_path, monkeypatch):
    export, folder = imported
    scans = tmp_path / "scans.csv"
    scans.write_text("Scanner Badge ID,Scanned Badge ID,Scan Time,Rating\n"
                     "T103,T201,2026-10-16 10:40,Hot\nT101,T401,2026-10-16 10:45,Hot\n", encoding="utf-8")
    (tmp_path / "scans.toml").write_text('time_zone = "Europe/Amsterdam"\n[scans.interest]\nHot = "yes"\n',
                                         encoding="utf-8")
    assert _netout(monkeypatch, "import", "scans", scans, "--map", tmp_path / "scans.toml", "--out", folder) == 0
    out = tmp_path / "followups_names.csv"
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out, "--with-names", "--names", export) == 0
    wishes = pd.read_csv(out, skiprows=1, dtype="string")
    assert set(zip(wishes["name"], wishes["contact_name"])) == {
        ("Jördis Wendelbaum", "Maarten van der Hoeksema"), ("Ortwin Kasperczyk", "Gijsbert Tammeling")}


def test_a_shared_email_that_names_nobody_goes_to_no_ticket(tmp_path):
    """``info@`` on two tickets of different people: neither is the email's person; the note says how to fix it."""
    tickets = [("EVX-7", "T701", "Ortwin", "", "Kasperczyk", "info@kieselgrund-voorbeeld.de", "Bouw", "ja",
                "Geregistreerd", "Ja", "345,00"),
               ("EVX-7", "T702", "Sieglinde", "", "Brauckmann", "info@kieselgrund-voorbeeld.de", "ICT", "ja",
                "Geregistreerd", "Ja", "345,00")] + TICKETS[4:7]
    result = import_export("registrations", [_export(tmp_path / "r.csv", tickets)], out=tmp_path / "ev",
                           secret=SECRET)
    ids = set(result.tables["attendees"]["attendee_id"])
    assert len(ids) == 5 and _id("info@kieselgrund-voorbeeld.de") not in ids
    notes = " ".join(result.report["reason"])
    assert "no ticket" in notes and "map" in notes and "own email" in notes


def test_a_buyer_name_column_tells_whose_the_email_is(tmp_path):
    header = ["Order #", "Buyer Name", "First Name", "Last Name", "Email", "Attendee Status"]
    rows = [["8001", "Sieglinde Brauckmann", "Ortwin", "Kasperczyk", "office@kieselgrund-voorbeeld.de", "Checked In"],
            ["8001", "Sieglinde Brauckmann", "Sieglinde", "Brauckmann", "office@kieselgrund-voorbeeld.de",
             "Checked In"],
            ["8002", "Gijsbert Tammeling", "Gijsbert", "Tammeling", "gijsbert.tammeling@vlonder-voorbeeld.nl",
             "Checked In"]]
    export = tmp_path / "attendees.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    listing = read_registration_list(pd.read_csv(export, dtype=str), settings=Settings(), file="attendees.csv",
                                     secret=SECRET)
    ids = listing.people["attendee_id"].tolist()
    assert ids[1] == _id("office@kieselgrund-voorbeeld.de") and ids[0] != ids[1]
    notes = " ".join(listing.log.frame()["reason"])
    assert "buyer" in notes and "Sieglinde" not in notes


# ---------------------------------------------------------------------------- 2. duplicates are no no-shows


def test_a_second_unchecked_ticket_of_someone_who_came_is_a_duplicate(imported):
    _, folder = imported
    report = _report(folder)
    skipped = report[report["what"] == "row_skipped"].set_index("row")["reason"]
    # row 7+1 = Ortwin's second ticket (row 8), Femke's second ticket (row 12), Rianne the only no-show (row 13)
    assert skipped[8].startswith("the same person on another kept ticket")
    assert skipped[12].startswith("the same person on another kept ticket")
    assert skipped[13].startswith("no-show")
    no_show = report[report["reason"].str.startswith("no-show", na=False)]
    assert int(no_show["count"].sum()) == 1


# ---------------------------------------------------------------------------- 3-4. money; a yes/no hint


def test_money_is_the_sale_and_ja_nee_reads_as_yes_no(imported):
    _, folder = imported
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string")
    assert not [c for c in attendees.columns if "bedrag" in c or "eur" in c]
    assert "lid" in attendees.columns and set(attendees["lid"]) == {"yes", "no"}
    report = _report(folder)
    sale = report[report["column"].eq("Bedrag (EUR)")]
    assert sale["reason"].str.contains("about the sale").all() and len(sale) == 1


@pytest.mark.parametrize("header, values", [
    ("Betrag", ["120,00", "95,50", "120,00", "0,00"]),
    ("Importe (€)", ["120.00", "95.50", "120.00", "0.00"]),
    ("Prix TTC", ["120", "95", "120", "0"]),
    ("Korting", ["10%", "", "10%", ""]),
    ("Ticket paid", ["yes", "yes", "no", "yes"]),
    ("Wat", ["€ 120,00", "€ 95,50", "€ 120,00", "€ 0,00"]),     # a header that says nothing, money values
])
def test_sale_columns_in_any_language_are_not_imported(tmp_path, header, values):
    people = ["Ortwin", "Sieglinde", "Gijsbert", "Maarten"]
    lines = [f"E-Mail,Vorname,Nachname,Status,{header}"] + [
        f"{p.lower()}@example.org,{p},Tester,Eingecheckt,\"{v}\"" for p, v in zip(people, values)]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_export("registrations", [tmp_path / "t.csv"], out=tmp_path / "ev", secret=SECRET)
    assert list(result.tables["attendees"].columns) == ["event_id", "attendee_id"]
    log = result.report
    assert log.loc[log["column"].eq(header), "reason"].str.contains("about the sale").any()


@pytest.mark.parametrize("header, name", [("Member (Y/N)", "member"), ("Membre (oui/non)", "membre"),
                                          ("Socio (sí/no)", "socio"), ("Lid (ja/nee)", "lid"),
                                          ("Mitglied", "mitglied")])
def test_a_yes_no_hint_in_the_header_reads_like_the_plain_word(tmp_path, header, name):
    answers = {"member": ["Y", "N"], "membre": ["oui", "non"], "socio": ["sí", "no"], "lid": ["Ja", "nee"],
               "mitglied": ["Ja", "Nein"]}[name] * 3
    lines = [f"Email,Status,{header}"] + [f"p{k}@example.org,Checked In,{a}" for k, a in enumerate(answers)]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_export("registrations", [tmp_path / "t.csv"], out=tmp_path / "ev", secret=SECRET)
    attendees = result.tables["attendees"]
    assert name in attendees.columns and attendees[name].tolist() == ["yes", "no"] * 3


# ---------------------------------------------------------------------------- 5. surname prefixes


def test_the_surname_prefix_is_part_of_the_name_and_its_keys(imported):
    export, folder = imported
    book = NameBook.from_registrations(export, secret=SECRET)
    assert book.people.loc[_id("maarten.vanderhoeksema@dijkpaal-voorbeeld.nl"), "name"] == "Maarten van der Hoeksema"
    keys = pd.read_csv(folder / "import_keys.csv", dtype="string")
    names = set(keys.loc[keys["kind"].eq("name"), "key"])
    whole = privacy.pseudonymise(pd.Series(["maarten van der hoeksema"]), secret=SECRET, all_values=True).iloc[0]
    assert whole in names

"""Who is who where one email stands for several people: four edge cases of the ticketing and survey imports.

Two layouts, written as the tools write them: an Eventbrite attendee summary (``Order #``, ``Attendee #``,
``Attendee Status``, the buyer's columns) and a Tito ticket export (``Ticket Reference``, ``Ticket Full
Name``, ``Ticket Email``, ``Order Reference``). Every name and address is invented.

1. Two separate orders whose tickets carry one email (an office assistant books two colleagues at different
   times) are two people, not one.
2. A nameless guest ticket without a ticket number gets the same id in the import and in the names of
   ``netout followups --with-names``.
3. A group-order guest who answers the survey from the buyer's email, giving their own name, is that guest.
4. The survey's stop rule counts the respondents without a usable id among the respondents.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io.importers import import_export
from toolkit.operational import NameBook

SECRET = "shared-email-test-key-0123456789"
ASSISTANT = "events@lindqvist-partners.example"

EVENTBRITE = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type", "Attendee #",
              "Order Type", "Total Paid", "Attendee Status", "Buyer First Name", "Buyer Last Name", "Buyer Email",
              "Company", "Industry"]


def _eventbrite(path: Path, tickets) -> Path:
    rows = [",".join(EVENTBRITE)] + [",".join(t) for t in tickets]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _id(value: str) -> str:
    return privacy.pseudonymise(pd.Series([value]), secret=SECRET, all_values=True).iloc[0]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _notes(result) -> str:
    report = result.report
    return " ".join(report.loc[report["what"] == "note", "reason"].astype(str))


# ---------------------------------------------------------------------------- 1. one email on separate orders

# the assistant booked Halvard in May and Oona in June, both under the firm's events inbox; Ruben is on his own
ASSISTANT_TICKETS = [
    ("4821907731", "2026-05-04 09:12", "Halvard", "Brennecke", ASSISTANT, "1", "General Admission", "4821907731001",
     "Eventbrite Completed", "45.00", "Checked In", "Pernille", "Aasgaard", ASSISTANT, "Lindqvist", "Law"),
    ("5090114202", "2026-06-11 14:40", "Ruben", "Okonkwo-Laar", "ruben.okonkwo@feldspar.example", "1",
     "General Admission", "5090114202001", "Eventbrite Completed", "45.00", "Checked In", "Ruben", "Okonkwo-Laar",
     "ruben.okonkwo@feldspar.example", "Feldspar", "Retail"),
    ("5127733918", "2026-06-19 10:03", "Oona", "Vesterinen", ASSISTANT, "1", "General Admission", "5127733918001",
     "Eventbrite Completed", "45.00", "Checked In", "Pernille", "Aasgaard", ASSISTANT, "Lindqvist", "Tax"),
]


def test_two_orders_under_one_assistant_email_are_two_people(tmp_path):
    export = _eventbrite(tmp_path / "report.csv", ASSISTANT_TICKETS)
    result = import_export("registrations", [export], out=tmp_path / "gala", secret=SECRET, event_id="gala")
    attendees = result.tables["attendees"]
    # Halvard, Ruben and Oona: three people, each with an id of their own
    assert len(attendees) == 3 and attendees["attendee_id"].is_unique
    assert set(attendees["industry"]) == {"Law", "Retail", "Tax"}
    # the inbox spells neither name: it is nobody's id
    assert _id(ASSISTANT) not in set(attendees["attendee_id"])
    assert result.rows_skipped == 0
    notes = _notes(result)
    # the rows that share the email are named (spreadsheet rows 2 and 4), the email never
    assert "rows 2 and 4" in notes and "different orders" in notes
    shown = result.report.astype(str).to_string() + result.summary()
    assert ASSISTANT not in shown and "Halvard" not in shown and "4821907731" not in shown
    # each is found later by name or ticket number, and the inbox finds no one
    keys = pd.read_csv(tmp_path / "gala" / "import_keys.csv", dtype="string")
    assert not keys[keys["kind"].eq("email")]["key"].eq(_id(ASSISTANT)).any()


TITO = ["Ticket Reference", "Ticket Created Date", "Ticket Full Name", "Ticket First Name", "Ticket Last Name",
        "Ticket Email", "Ticket Company Name", "Ticket", "Order Reference", "Order Name", "Order Email", "Sector"]


def _tito(path: Path, tickets) -> Path:
    rows = [",".join(TITO)] + [",".join(t) for t in tickets]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


INES = "ines.kowalczyk@brzozowa-labs.example"
TITO_TICKETS = [
    ("VQKD-1", "2026-09-01", "Ines Kowalczyk", "Ines", "Kowalczyk", INES, "Brzozowa Labs", "Early bird", "VQKD",
     "Ines Kowalczyk", INES, "Biotech"),
    ("M3TZ-1", "2026-09-02", "Aurelio Benassi", "Aurelio", "Benassi", "aurelio@benassi-studio.example",
     "Benassi Studio", "Early bird", "M3TZ", "Aurelio Benassi", "aurelio@benassi-studio.example", "Design"),
    # three weeks later Ines books her colleague Bartosz under her own address
    ("XW7P-1", "2026-09-23", "Bartosz Nowicki", "Bartosz", "Nowicki", INES, "Brzozowa Labs", "Standard", "XW7P",
     "Ines Kowalczyk", INES, "Chemistry"),
]


def test_an_email_on_two_orders_is_the_person_whose_name_it_spells_tito(tmp_path):
    export = _tito(tmp_path / "tito_tickets.csv", TITO_TICKETS)
    result = import_export("registrations", [export], out=tmp_path / "summit", secret=SECRET, event_id="summit")
    attendees = result.tables["attendees"].set_index("attendee_id")
    assert len(attendees) == 3
    # Ines keeps her email as her id; Bartosz, on another order under it, is a person of his own
    assert attendees.loc[_id(INES), "industry"] == "Biotech"
    assert set(attendees["industry"]) == {"Biotech", "Design", "Chemistry"}
    notes = _notes(result)
    assert "rows 2 and 4" in notes and INES not in result.report.astype(str).to_string()


def test_one_person_on_two_orders_under_one_email_is_still_one(tmp_path):
    # Oona bought a second ticket herself, later: one name, one email, two orders: one person
    again = ASSISTANT_TICKETS + [
        ("5200000417", "2026-07-01 08:00", "Oona", "Vesterinen", ASSISTANT, "1", "General Admission",
         "5200000417001", "Eventbrite Completed", "45.00", "Attending", "Pernille", "Aasgaard", ASSISTANT,
         "Lindqvist", "Tax")]
    result = import_export("registrations", [_eventbrite(tmp_path / "r.csv", again)], out=tmp_path / "gala",
                           secret=SECRET, event_id="gala")
    assert len(result.tables["attendees"]) == 3
    skipped = result.report[result.report["what"] == "row_skipped"]
    assert skipped["row"].tolist() == [5] and "same person" in skipped["reason"].iloc[0]


# ---------------------------------------------------------------------------- 2. a nameless guest, every command

GROUP = "yusuf.demiralp@kestrel-freight.example"
NAMELESS_TICKETS = [
    ("7001", "2026-05-04 09:12", "Yusuf", "Demiralp", GROUP, "3", "Table of three", "", "Eventbrite Completed",
     "120.00", "Checked In", "Yusuf", "Demiralp", GROUP, "Kestrel", "Logistics"),
    # the buyer's two guests: names not given yet, no ticket number in this export
    ("7001", "2026-05-04 09:12", "", "", GROUP, "3", "Table of three", "", "Eventbrite Completed", "0.00",
     "Checked In", "Yusuf", "Demiralp", GROUP, "Kestrel", "Shipping"),
    ("7001", "2026-05-04 09:12", "", "", GROUP, "3", "Table of three", "", "Eventbrite Completed", "0.00",
     "Checked In", "Yusuf", "Demiralp", GROUP, "Kestrel", "Customs"),
    ("7002", "2026-05-05 10:00", "Maren", "Oyelaran", "maren@oyelaran.example", "1", "General Admission", "",
     "Eventbrite Completed", "45.00", "Checked In", "Maren", "Oyelaran", "maren@oyelaran.example", "Oyelaran",
     "Retail"),
]


@pytest.mark.parametrize("title", [False, True], ids=["header on row 1", "title above the header"])
def test_a_nameless_guest_has_one_id_in_the_import_and_in_the_names(tmp_path, title):
    export = _eventbrite(tmp_path / "report.csv", NAMELESS_TICKETS)
    if title:
        export.write_text("Attendee Summary Report,,,\nKestrel Forum 2026,,,\n\n" + export.read_text("utf-8"),
                          encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "forum", secret=SECRET, event_id="forum")
    attendees = result.tables["attendees"]
    assert len(attendees) == 4 and attendees["attendee_id"].is_unique
    book = NameBook.from_registrations(export, secret=SECRET)
    # every attendee of the import is a person of the names, each guest under the id the import gave them
    assert set(attendees["attendee_id"]) <= set(book.people.index)
    by_industry = attendees.set_index("industry")["attendee_id"]
    assert book.people.loc[by_industry["Logistics"], "name"] == "Yusuf Demiralp"
    assert book.people.loc[[by_industry["Shipping"], by_industry["Customs"]], "name"].isna().all()
    # the plan reads the report through the same function: the same ids
    from toolkit.plan import read_registrations

    people, _ = read_registrations(export, secret=SECRET)
    assert set(people["attendee_id"]) == set(attendees["attendee_id"])


def test_followups_with_names_finds_the_nameless_guest_of_the_import(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    export = _eventbrite(tmp_path / "report.csv", NAMELESS_TICKETS)
    folder = tmp_path / "season" / "forum"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder, "--format", "unstructured") == 0
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string").set_index("industry")["attendee_id"]
    # the second nameless guest (Customs) asked to meet Maren: a followups wish written by id
    (folder / "contacts.csv").write_text(
        "event_id,session_id,attendee_id,contact_id,interest\n"
        f"forum,all,{attendees['Customs']},{attendees['Retail']},yes\n", encoding="utf-8")
    out = tmp_path / "followups_names.csv"
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out, "--with-names", "--names", export) == 0
    wishes = pd.read_csv(out, skiprows=1, dtype="string")
    assert len(wishes) == 1
    assert wishes["contact_name"].tolist() == ["Maren Oyelaran"]
    # the guest is known to the names (their row is found) though they have no name: their email is there
    assert wishes["email"].tolist() == [GROUP]


# ---------------------------------------------------------------------------- 3. a guest answers from the buyer's email

SELIN, TOMASZ, YUSUF = ("Selin", "Arıkan"), ("Tomasz", "Wierzbicki"), ("Yusuf", "Demiralp")
GROUP_TICKETS = [
    ("7101", "2026-05-04 09:12", *SELIN, GROUP, "3", "Table of three", "7101001", "Eventbrite Completed", "0.00",
     "Checked In", *YUSUF, GROUP, "Kestrel", "Shipping"),
    ("7101", "2026-05-04 09:12", *YUSUF, GROUP, "3", "Table of three", "7101002", "Eventbrite Completed", "120.00",
     "Checked In", *YUSUF, GROUP, "Kestrel", "Logistics"),
    ("7101", "2026-05-04 09:12", *TOMASZ, GROUP, "3", "Table of three", "7101003", "Eventbrite Completed", "0.00",
     "Checked In", *YUSUF, GROUP, "Kestrel", "Customs"),
    ("7102", "2026-05-05 10:00", "Maren", "Oyelaran", "maren@oyelaran.example", "1", "General Admission", "7102001",
     "Eventbrite Completed", "45.00", "Checked In", "Maren", "Oyelaran", "maren@oyelaran.example", "Oyelaran",
     "Retail"),
]


@pytest.fixture()
def forum(tmp_path):
    export = _eventbrite(tmp_path / "report.csv", GROUP_TICKETS)
    folder = tmp_path / "forum"
    import_export("registrations", [export], out=folder, secret=SECRET, event_id="forum")
    industry = pd.read_csv(folder / "attendees.csv", dtype="string").set_index("attendee_id")["industry"]
    return folder, industry


def _google_forms(path: Path, rows, *, names: bool = True) -> tuple[Path, Path]:
    header = "Timestamp,Email Address," + ("First name,Last name," if names else "") + "How satisfied were you?\n"
    lines = [f"2026/05/06 9:0{k}:11 AM GMT+2,{email}," + (f"{first},{last}," if names else "") + f"{score}"
             for k, (email, first, last, score) in enumerate(rows)]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    spec = path.with_suffix(".toml")
    spec.write_text('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n'
                    + ('"First name" = "first_name"\n"Last name" = "last_name"\n' if names else ""), encoding="utf-8")
    return path, spec


def test_a_guest_answering_from_the_buyers_email_is_the_guest(forum, tmp_path):
    folder, industry = forum
    survey, spec = _google_forms(tmp_path / "responses.csv", [
        (GROUP, *SELIN, "5"),                       # row 2: the guest Selin, from Yusuf's address
        (GROUP, *YUSUF, "3"),                       # row 3: Yusuf himself
        (GROUP, "", "", "1"),                       # row 4: no name: cannot be told
        ("maren@oyelaran.example", "Maren", "Oyelaran", "4"),
        (GROUP, "Pieter", "Claes", "2"),            # row 6: a name of nobody on that email: cannot be told
    ])
    result = import_export("survey", [survey], out=folder, column_map=spec, secret=SECRET)
    answers = result.tables["survey"]
    by_score = dict(zip(answers["satisfaction"].astype(float), answers["attendee_id"].map(industry)))
    assert by_score == {5.0: "Shipping", 3.0: "Logistics", 4.0: "Retail"}
    report = result.report
    told = report[report["row"].isin([4, 6])]
    assert set(told["row"]) == {4, 6}
    assert told["reason"].str.contains("shared by the tickets of several").all()
    # the note on what to do names both rows, as a spreadsheet shows them
    assert "rows 4 and 6: 2 answer(s) from an email several registered people share" in _notes(result)
    shown = report.astype(str).to_string() + result.summary()
    for secret_text in (GROUP, "Selin", "Arıkan", "Pieter", "Claes", "Yusuf"):
        assert secret_text not in shown


def test_a_survey_without_names_from_a_shared_email_says_so(forum, tmp_path):
    folder, industry = forum
    survey, spec = _google_forms(tmp_path / "responses.csv", [(GROUP, "", "", "3"),
                                                              ("maren@oyelaran.example", "", "", "4")], names=False)
    result = import_export("survey", [survey], out=folder, column_map=spec, secret=SECRET)
    answers = result.tables["survey"]
    # without a name to tell by, the email's own person (the buyer, whose name it spells) answered, as before ...
    assert answers["attendee_id"].map(industry).tolist() == ["Logistics", "Retail"]
    # ... but not silently: the row is named, and how to tell guests apart
    notes = result.report[result.report["what"].eq("note")]
    said = notes[notes["reason"].str.contains("shared by the tickets of several")]
    assert said["row"].tolist() == [2] and said["reason"].str.contains("name").all()


MS_FORMS = "ID,Start time,Completion time,Email,Name,Last modified time,How useful was the networking?\n"


def test_a_colleague_booked_under_anothers_email_is_found_by_name_microsoft_forms(tmp_path):
    export = _tito(tmp_path / "tito_tickets.csv", TITO_TICKETS)
    folder = tmp_path / "summit"
    import_export("registrations", [export], out=folder, secret=SECRET, event_id="summit")
    industry = pd.read_csv(folder / "attendees.csv", dtype="string").set_index("attendee_id")["industry"]
    survey = tmp_path / "Feedback(1-3).csv"
    survey.write_text(MS_FORMS
                      + f"1,9/24/26 10:02:11,9/24/26 10:04:40,{INES},Bartosz Nowicki,,5\n"
                      + f"2,9/24/26 10:05:11,9/24/26 10:06:40,{INES},Ines Kowalczyk,,4\n"
                      + "3,9/24/26 10:07:11,9/24/26 10:08:40,aurelio@benassi-studio.example,Aurelio Benassi,,2\n",
                      encoding="utf-8")
    spec = tmp_path / "forms.toml"
    spec.write_text('[columns.survey]\n"Email" = "attendee_id"\n"How useful was the networking?" = "usefulness"\n',
                    encoding="utf-8")
    result = import_export("survey", [survey], out=folder, column_map=spec, secret=SECRET)
    answers = result.tables["survey"]
    assert dict(zip(answers["attendee_id"].map(industry), answers["usefulness"].astype(float))) == {
        "Chemistry": 5.0, "Biotech": 4.0, "Design": 2.0}


# ---------------------------------------------------------------------------- 4. the stop rule's denominator


@pytest.mark.parametrize("strangers", [1, 0], ids=["one unknown email", "no unknown email"])
def test_respondents_without_an_id_count_among_the_respondents(forum, tmp_path, strangers):
    folder, _ = forum
    rows = [("maren@oyelaran.example", "", "", "4"), (GROUP, "", "", "3")]
    rows += [("kasimir@elsewhere.example", "", "", "2")] * strangers
    rows += [("", "", "", str(k % 5 + 1)) for k in range(6)]       # web-link answers: no email at all
    survey, spec = _google_forms(tmp_path / "responses.csv", rows, names=False)
    n = len(rows)
    with pytest.raises(UsageError, match=rf"only 2 of the {n} respondents(.|\n)*6 of them gave no usable id"):
        import_export("survey", [survey], out=folder, column_map=spec, secret=SECRET)
    result = import_export("survey", [survey], out=folder, column_map=spec, secret=SECRET, accept_unmatched=True,
                           overwrite=True)
    warning = result.report[result.report["what"].eq("warning")]
    assert len(warning) == 1 and f"only 2 of the {n} respondents" in warning["reason"].iloc[0]
    assert int(warning["count"].iloc[0]) == n - 2
    assert len(result.tables["survey"]) == 2 + strangers

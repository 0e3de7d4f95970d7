"""A chamber's season imported by a newcomer organiser: what went wrong between one import and the next.

The exports are written here as the organiser's tools write them (a Ticket Tailor export saved by a
European Excel: BOM, ``;``, CRLF; badge scans; a SurveyMonkey-like survey), with invented people.
Each test runs ``netout import`` as the organiser did and checks the event folder and what is said:

1. a person with two kept tickets is one attendee, and the second ticket's barcode finds them
   (the scans of that badge count);
2. a survey whose id column matches (almost) none of the registered attendees stops, says which
   file, which column, how many matched and what to check; an email one slip from a registered
   one is pointed at without being quoted;
3. a respondent who answered twice: the last answer counts, in the import and in the loader alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from test_importers_untidy import assert_none_of
from toolkit.errors import UsageError
from toolkit.io.importers import import_export

# names that no word of the toolkit's messages contains, so that finding one in an output means a leak
PEOPLE = [("Wendeline", "Ashcombe", "Legal"), ("Xavierre", "Blomquist", "Retail"), ("Yolanthe", "Corriveau", "Tech"),
          ("Zebedee", "Dunstervale", "Legal"), ("Aurelian", "Eckhartsen", "Retail"),
          ("Brunhilde", "Fairweatherly", "Tech"), ("Cosimo", "Galbraithe", "Legal")]
TICKET_HEADER = ["Order reference", "Ticket type", "Barcode", "First name", "Last name", "E-mail address",
                 "Checked in", "Status", "Sector"]
SECOND_TICKET = "TT58301"   # Wendeline's second ticket, bought later on an order of its own


def _email(k: int) -> str:
    first, last, _ = PEOPLE[k]
    return f"{first.lower()}.{last.lower()}@harbourchamber.example"


def _badge(k: int) -> str:
    return f"TT582{k:02d}"


def _planted() -> list[str]:
    return [p for k, (first, last, _) in enumerate(PEOPLE) for p in (first, last, _email(k))] + [
        "harbourchamber", "@home.example"]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _european_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """As a European Excel saves it: BOM, ';', CRLF, a blank row at the end."""
    lines = [";".join(header)] + [";".join(r) for r in rows] + [";" * (len(header) - 1)]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _tickets(path: Path) -> Path:
    """Seven people checked in; Wendeline (0) holds a second ticket of her own, checked in too; a cancellation."""
    rows = [[f"OR-77{k:02d}", "Member", _badge(k), first, last, _email(k), "Yes", "Valid", industry]
            for k, (first, last, industry) in enumerate(PEOPLE)]
    rows.append(["OR-7801", "Member", SECOND_TICKET, "Wendeline", "Ashcombe", _email(0), "Yes", "Valid", "Legal"])
    rows.append(["OR-7802", "Standard", "TT58302", "Cosimo", "Galbraithe", "someone.else@elsewhere.example", "No",
                 "Cancelled", "Legal"])
    return _european_csv(path, TICKET_HEADER, rows)


def _map(path: Path, extra: str = "") -> Path:
    path.write_text('time_zone = "Europe/London"\nday_first = true\n\n[columns.contacts]\n"Scanner badge" = '
                    '"scanner"\n"Scanned badge" = "contact_id"\n"Scanned at" = "timestamp"\n'
                    '"Lead score" = "rating"\n' + extra, encoding="utf-8")
    return path


def _registered(tmp_path: Path, monkeypatch, extra_map: str = "") -> tuple[Path, Path]:
    folder = tmp_path / "season" / "2025-11-13-members-evening"
    column_map = _map(tmp_path / "ev2.toml", extra_map)
    assert _netout(monkeypatch, "import", "registrations", _tickets(tmp_path / "tickets.csv"), "--map", column_map,
                   "--format", "unstructured", "--out", folder) == 0
    return folder, column_map


def _report(folder: Path, file: str) -> pd.DataFrame:
    report = pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"}, keep_default_na=False)
    return report[report["file"] == file]


# ---------------------------------------------------------------------------- 1. a second ticket's barcode


def test_the_second_tickets_barcode_finds_the_person_counted_once(tmp_path, monkeypatch, capsys):
    folder, column_map = _registered(tmp_path, monkeypatch)
    said = capsys.readouterr().out
    attendees = pd.read_csv(folder / "attendees.csv", dtype="string")
    assert len(attendees) == 7                                         # Wendeline once
    assert "the same person on another kept ticket: counted once" in said
    assert "ticket number finds the same attendee" in said
    keys = pd.read_csv(folder / "import_keys.csv", dtype="string")
    wendeline = keys.loc[keys["kind"].eq("email"), "attendee_id"].value_counts()
    tickets = keys[keys["kind"].eq("ticket")]
    assert len(tickets) == 8 and tickets["key"].is_unique                   # both of Wendeline's tickets are keys
    assert tickets["attendee_id"].value_counts().max() == 2
    assert tickets["attendee_id"].value_counts().idxmax() in set(wendeline.index)
    assert set(tickets["attendee_id"]) == set(attendees["attendee_id"])
    # the scans: 3 of her second badge, 2 by it; a sponsor's badge is still not on the list
    scans = [[_badge(1), SECOND_TICKET, "13/11/2025 19:41:50", "5"],
             [_badge(2), _badge(3), "13/11/2025 19:05:21", ""],
             [SECOND_TICKET, _badge(4), "13/11/2025 19:22:49", ""],
             [SECOND_TICKET, _badge(5), "13/11/2025 19:40:04", "4"],
             [_badge(4), SECOND_TICKET, "13/11/2025 19:29:35", "5"],
             [_badge(6), SECOND_TICKET, "13/11/2025 19:31:00", "2"],
             [_badge(3), "SP-0001", "13/11/2025 19:45:00", "4"]]
    export = _european_csv(tmp_path / "badge_scans.csv", ["Scanner badge", "Scanned badge", "Scanned at",
                                                          "Lead score", "Notes"], [r + [""] for r in scans])
    assert _netout(monkeypatch, "import", "scans", export, "--map", column_map, "--out", folder) == 0
    said += capsys.readouterr().out
    contacts = pd.read_csv(folder / "contacts.csv", dtype="string")
    assert len(contacts) == 6
    wid = tickets["attendee_id"].value_counts().idxmax()
    assert (contacts["attendee_id"].eq(wid) | contacts["contact_id"].eq(wid)).sum() == 5
    skipped = _report(folder, "badge_scans.csv").query("what == 'row_skipped'")
    assert skipped["row"].dropna().tolist() == [8]                          # the sponsor's badge only
    assert toolkit.validate_folder(folder.parent).ok
    assert_none_of(_planted() + [SECOND_TICKET, "OR-7801"], said, folder=folder)


def test_a_member_number_keys_every_email_and_ticket_of_the_member(tmp_path):
    """Where the id is a member number, a second ticket with another email is the member too: both emails find them."""
    header = ["Order #", "Attendee #", "Member number", "First Name", "Last Name", "Email", "Attendee Status"]
    rows = [["5001", "9001", "M-17", "Wendeline", "Ashcombe", _email(0), "Checked In"],
            ["5002", "9002", "M-18", "Xavierre", "Blomquist", _email(1), "Checked In"],
            ["5003", "9003", "M-17", "Wendeline", "Ashcombe", "wendeline@home.example", "Checked In"]]
    export = tmp_path / "attendees.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "ev", secret="season-key")
    keys = pd.read_csv(tmp_path / "ev" / "import_keys.csv", dtype="string")
    member = result.tables["attendees"]["attendee_id"].iloc[0]
    assert keys[keys["attendee_id"].eq(member)].groupby("kind").size().to_dict() == {
        "email": 2, "name": 1, "folded_name": 1, "ticket": 2, "order": 2}
    # a survey keyed by the home address finds the member
    survey = tmp_path / "survey.csv"
    survey.write_text("Timestamp,Email Address,How satisfied were you?\n"
                      "2025/11/14 9:02:11 AM GMT,wendeline@home.example,5\n"
                      f"2025/11/14 9:05:40 AM GMT,{_email(1)},4\n", encoding="utf-8")
    (tmp_path / "survey.toml").write_text('[columns.survey]\n"Email Address" = "attendee_id"\n'
                                          '"How satisfied were you?" = "satisfaction"\n', encoding="utf-8")
    answered = import_export("survey", [survey], out=tmp_path / "ev", column_map=tmp_path / "survey.toml",
                             secret="season-key")
    assert set(answered.tables["survey"]["attendee_id"]) == set(result.tables["attendees"]["attendee_id"])


def test_an_order_number_shared_by_guests_or_equal_to_a_ticket_is_no_key(tmp_path):
    """An order of several people names none of them; an order number that is also a ticket number stays the ticket's.

    A report that numbers each ticket twice (``Attendee #`` and ``Barcode #``) keys both numbers.
    """
    header = ["Order #", "Attendee #", "First Name", "Last Name", "Email", "Attendee Status", "Barcode #"]
    rows = [["5001", "9001", "Wendeline", "Ashcombe", _email(0), "Checked In", "500190011001"],
            ["5002", "9002", "Xavierre", "Blomquist", _email(1), "Checked In", "500290021001"],
            ["5002", "9003", "Yolanthe", "Corriveau", _email(2), "Checked In", "500290031001"],
            ["9001", "9004", "Zebedee", "Dunstervale", _email(3), "Checked In", "900190041001"]]
    export = tmp_path / "attendees.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "ev", secret="season-key")
    keys = pd.read_csv(tmp_path / "ev" / "import_keys.csv", dtype="string")
    ids = result.tables["attendees"]["attendee_id"].tolist()
    orders = keys[keys["kind"].eq("order")]
    assert orders["attendee_id"].tolist() == [ids[0]]            # 5002 is two people's, 9001 is also a ticket
    assert keys.drop_duplicates(["key", "attendee_id"])["key"].is_unique     # no key names two people
    assert keys.loc[keys["kind"].eq("ticket"), "attendee_id"].tolist() == ids + ids
    assert "barcode" not in " ".join(result.tables["attendees"].columns).lower()       # keyed, never copied


# ---------------------------------------------------------------------------- 2. a survey that matches nobody

SURVEY_HEADER = ["Timestamp", "Email Address", "Your work email", "How satisfied were you with the networking?",
                 "Would you come to another Chamber evening?"]


def _home(k: int) -> str:
    return f"{PEOPLE[k][0].lower()}{k}@home.example"


def _survey(path: Path, work: list[str], *, home: list[str] | None = None) -> Path:
    """A Google Forms export: the form collected the address people were signed in with (their own, at home)
    and asked for their work email (the one they registered with)."""
    home = home if home is not None else [_home(k) for k in range(len(work))]
    rows = [[f"2025/11/14 9:{10 + k:02d}:00 AM GMT", h, w, str(5 - k % 3), "Yes"]
            for k, (h, w) in enumerate(zip(home, work))]
    path.write_text("\n".join(",".join(r) for r in [SURVEY_HEADER] + rows) + "\n", encoding="utf-8")
    return path


def _survey_map(path: Path, id_column: str) -> Path:
    path.write_text(f'[columns.survey]\n"{id_column}" = "attendee_id"\n'
                    '"How satisfied were you with the networking?" = "satisfaction"\n'
                    '"Would you come to another Chamber evening?" = "would_return"\n', encoding="utf-8")
    return path


def test_a_survey_matching_none_of_the_registered_stops_and_says_what_to_check(tmp_path, monkeypatch, capsys):
    folder, _ = _registered(tmp_path, monkeypatch)
    capsys.readouterr()
    export = _survey(tmp_path / "survey.csv", [_email(k) for k in range(6)])
    wrong = _survey_map(tmp_path / "survey.toml", "Email Address")
    assert _netout(monkeypatch, "import", "survey", export, "--map", wrong, "--out", folder) == 2
    said = capsys.readouterr()
    message = " ".join(said.err.split())
    assert "survey.csv" in message and "'Email Address'" in message
    assert "0 of the 6 respondents" in message
    # the likely causes and what to do: another email column (this one would match), the event, the key, typos
    assert "'Your work email'" in message and "would match 6 of the 6" in message
    assert "--accept-unmatched" in message and "[columns.survey]" in message and "--event" in message
    assert not (folder / "survey.csv").exists()                             # nothing written, nothing lost
    assert_none_of(_planted(), said.out, said.err, folder=folder)
    # forced: written, the warning first in the summary and in the report
    assert _netout(monkeypatch, "import", "survey", export, "--map", wrong, "--out", folder,
                   "--accept-unmatched") == 0
    said = capsys.readouterr()
    lines = said.out.splitlines()
    assert lines[2].startswith("WARNING") and "0 of the 6 respondents" in " ".join(lines[3:5])
    assert len(pd.read_csv(folder / "survey.csv")) == 6
    assert (_report(folder, "survey.csv")["what"] == "warning").sum() == 1
    assert_none_of(_planted(), said.out, folder=folder)
    # the map mended: every respondent is a registered attendee
    right = _survey_map(tmp_path / "survey.toml", "Your work email")
    assert _netout(monkeypatch, "import", "survey", export, "--map", right, "--out", folder, "--force") == 0
    assert "WARNING" not in capsys.readouterr().out
    assert toolkit.load_event_data(folder.parent).survey.shape[0] == 6


def test_a_small_share_matched_stops_too(tmp_path, monkeypatch, capsys):
    folder, _ = _registered(tmp_path, monkeypatch)
    capsys.readouterr()
    export = _survey(tmp_path / "survey.csv", [_email(0)] + [_home(k) for k in range(1, 4)])
    right = _survey_map(tmp_path / "survey.toml", "Your work email")
    with pytest.raises(UsageError, match=r"only 1 of the 4 respondents"):
        import_export("survey", [export], out=folder, column_map=right)


def test_an_email_one_slip_from_a_registered_one_is_pointed_at_not_quoted(tmp_path, monkeypatch, capsys):
    folder, _ = _registered(tmp_path, monkeypatch)
    capsys.readouterr()
    typo = _email(3).replace("dunstervale", "dunstrvale")                  # a letter left out
    export = _survey(tmp_path / "survey.csv", [_email(0), _email(1), _email(2), typo, _email(4)])
    right = _survey_map(tmp_path / "survey.toml", "Your work email")
    assert _netout(monkeypatch, "import", "survey", export, "--map", right, "--out", folder) == 0
    said = capsys.readouterr().out
    report = _report(folder, "survey.csv")
    hint = report[report["reason"].str.contains("one letter off exactly one registered attendee's")
                  & report["row"].notna()]
    assert hint["row"].tolist() == [5] and hint["column"].tolist() == ["Your work email"]

    assert "one letter off exactly one registered attendee's" in said and "WARNING" not in said
    # the note on what to do names the row as a spreadsheet shows it
    assert "row 5 (column 'Your work email'): an email one letter off" in said
    assert_none_of(_planted() + ["dunstrvale"], said, folder=folder)


# ---------------------------------------------------------------------------- 3. a respondent who answered twice


def test_an_answer_given_again_replaces_the_earlier_in_the_import_and_the_loader(tmp_path, monkeypatch, capsys):
    folder, _ = _registered(tmp_path, monkeypatch)
    export = _survey(tmp_path / "survey.csv", [_email(k) for k in range(5)] + [_email(1)])   # Xavierre again
    right = _survey_map(tmp_path / "survey.toml", "Your work email")
    assert _netout(monkeypatch, "import", "survey", export, "--map", right, "--out", folder) == 0
    report = _report(folder, "survey.csv")
    assert report.loc[report["reason"].str.contains("answered again"), "row"].tolist() == [3]   # her first answer
    written = pd.read_csv(folder / "survey.csv")
    assert len(written) == 5
    # the loader reads a survey.csv with the repeat (made by hand, or the rows put back) by the same rule
    first = written.iloc[[1]].assign(satisfaction=1.0)
    pd.concat([first, written], ignore_index=True).to_csv(folder / "survey.csv", index=False)
    data = toolkit.load_event_data(folder.parent)
    person = data.survey[data.survey["attendee_id"] == written.loc[1, "attendee_id"]]
    assert person["satisfaction"].tolist() == [written.loc[1, "satisfaction"]]
    assert_none_of(_planted(), capsys.readouterr().out, folder=folder)


def test_the_docs_say_one_rule_for_an_answer_given_again():
    docs = Path(__file__).resolve().parents[1] / "docs"
    data_format = " ".join((docs / "data-format.md").read_text(encoding="utf-8").split())
    importers = " ".join((docs / "importers.md").read_text(encoding="utf-8").split())
    assert "the first is kept" not in data_format and "the last is kept" in data_format
    assert "(the last counts" in importers and "the loader keeps the last" in importers

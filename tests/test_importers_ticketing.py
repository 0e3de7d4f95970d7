"""Registrations import on the exports of Luma, Meetup, Cvent and localized Eventbrite reports.

Each export is written here from the tool's documented layout (Luma's guest CSV in snake_case,
Meetup's RSVP list, a Cvent registration report saved as a workbook with its title block, an
Eventbrite attendee report in German and in French) and varied the way organisers' files vary:
column order, extra columns, a BOM, `;` and CRLF, title rows, case. Each test checks what the
import writes and says, and that no name, email, phone, wallet or account id reaches a file or
a message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io.importers import import_export
from toolkit.io.importers.registrations import find_roles

from test_importers_untidy import _european_csv, _netout, _xlsx

# invented people, with names no word of the toolkit's messages contains
GUESTS = [("Ottoline", "Varghese", "Retail"), ("Radomir", "Quennell", "Law"), ("Sunniva", "Abernethy", "Tech"),
          ("Tancredi", "Ojukwu", "Retail"), ("Wilhelmina", "Zubiri", "Law"), ("Xaviera", "Marchetti", "Tech"),
          ("Yevgenia", "Lindqvist", "Retail"), ("Zebulon", "Achterberg", "Law"), ("Ulrike", "Fairbairn", "Tech"),
          ("Quirina", "Holmgaard", "Retail")]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.net"


def _written(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


def _no_leak(planted: list[str], *texts: str) -> None:
    joined = re.sub(r"p_[0-9a-f]{16}", "p_", "\n".join(texts))
    for value in planted:
        assert value not in joined, value


def _planted(extra: list[str] = ()) -> list[str]:
    return [p for first, last, _ in GUESTS for p in (first, last, _email(first, last))] + list(extra)


def _tickets_line(report: pd.DataFrame) -> str:
    notes = report.loc[report["what"] == "note", "reason"].astype(str)
    return next(n for n in notes if n.startswith("tickets:"))


# ---------------------------------------------------------------------------- Luma


LUMA_HEADER = ["api_id", "name", "first_name", "last_name", "email", "phone_number", "created_at",
               "approval_status", "checked_in_at", "custom_source", "qr_code_url", "amount", "amount_tax",
               "amount_discount", "currency", "coupon_code", "eth_address", "solana_address",
               "survey_response_rating", "survey_response_feedback", "ticket_type_id", "ticket_name",
               "What industry are you in?"]
# 5 approved and checked in, 1 approved who never came, then the four that never had a place
LUMA_STATUSES = ["approved"] * 6 + ["declined", "waitlist", "pending_approval", "invited"]


def _luma_rows(statuses: list[str], *, checked_in: int) -> list[list[str]]:
    rows = []
    for k, ((first, last, industry), status) in enumerate(zip(GUESTS, statuses)):
        came = status == "approved" and k < checked_in
        rows.append([f"gst-{first[:3]}{k}Qx7Lm", f"{first} {last}", first, last, _email(first, last),
                     f"+3247055{k:04d}", f"2026-04-{10 + k:02d}T08:1{k}:00.000Z", status,
                     f"2026-05-14T17:{30 + k:02d}:05.000Z" if came else "", "newsletter" if k % 2 else "",
                     f"https://lu.ma/check-in/evt-9Tz?pk=g-{first[:3]}{k}", "0", "0", "0", "", "",
                     f"0x{k:02d}a9F3c4{first[:2].lower()}77b1", "" if k % 3 else f"So1{last[:3]}Wa11et{k}", "", "",
                     "evtticktyp-Ab12", "VIP" if k == 0 else "General Admission", industry])
    return rows


def _luma_csv(path: Path, statuses=LUMA_STATUSES, *, checked_in: int = 5) -> Path:
    frame = pd.DataFrame(_luma_rows(statuses, checked_in=checked_in), columns=LUMA_HEADER)
    frame.to_csv(path, index=False)
    return path


def _luma_planted() -> list[str]:
    rows = _luma_rows(LUMA_STATUSES, checked_in=5)
    return _planted([r[0] for r in rows] + [r[5] for r in rows] + [r[16] for r in rows] + ["Wa11et", "pk=g-"])


def test_luma_keeps_approved_guests_who_checked_in(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "season" / "launch"
    export = _luma_csv(tmp_path / "Launch Night - Guests - 2026-05-15.csv")
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert len(attendees) == 5 and attendees["attendee_id"].str.match(r"^p_[0-9a-f]{16}$").all()
    # the ticket's name is the ticket type; Luma's bookkeeping, ids and wallets are no attendee columns
    assert attendees.columns.tolist()[:4] == ["event_id", "attendee_id", "ticket_type", "industry"]
    assert not {"api_id", "approval_status", "checked_in_at", "created_at", "amount_tax", "coupon_code",
                "custom_source", "eth_address", "solana_address", "ticket_type_id"} & set(attendees.columns)
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == ("tickets: 5 checked in, 0 registered, 0 refunded, 0 cancelled, "
                                     "4 not confirmed, 1 no show")
    # the four without a place are counted under their own reason, row by row, with the status column
    aside = report[report["reason"].str.startswith("not confirmed", na=False)]
    assert aside["row"].tolist() == ["8", "9", "10", "11"] and set(aside["column"]) == {"approval_status"}
    assert "not confirmed (declined, waitlisted, awaiting approval or only invited)" in printed.out
    assert "(4)" in printed.out.split("not confirmed (declined")[1].splitlines()[0]
    # the guest id is a key like the email: pseudonymised in import_keys.csv, never written as it is
    keys = pd.read_csv(folder / "import_keys.csv", dtype=str)
    assert set(keys["kind"]) == {"email", "name", "folded_name", "ticket"}
    assert keys["key"].str.match(r"^p_[0-9a-f]{16}$").all()
    personal = report.loc[report["what"] == "personal_data", "column"].tolist()
    assert {"api_id", "email", "phone_number", "eth_address", "solana_address", "qr_code_url"} <= set(personal)
    _no_leak(_luma_planted(), printed.out, printed.err, _written(folder))


def test_luma_before_the_event_counts_every_approved_guest(tmp_path):
    """An export taken before the doors open has no check-in: approved guests count, the others do not."""
    export = _luma_csv(tmp_path / "guests.csv", checked_in=0)
    result = import_export("registrations", [export], out=tmp_path / "launch", secret="k")
    assert len(result.tables["attendees"]) == 6
    assert _tickets_line(result.report).startswith("tickets: 0 checked in, 6 registered")
    assert result.report["reason"].str.contains("records no check-in").any()
    assert result.rows_skipped == 4


def test_underscores_in_headers_and_map_keys_read_as_spaces(tmp_path):
    roles = find_roles(["api_id", "first_name", "last_name", "email", "approval_status", "checked_in_at",
                        "ticket_name"], {})
    assert roles == {"email": "email", "first_name": "first_name", "last_name": "last_name",
                     "ticket": "api_id", "ticket_type": "ticket_name", "status": "approval_status",
                     "checked_in": "checked_in_at"}
    # the map may write a header with underscores, or an underscored header with spaces
    assert find_roles(["Approval Status", "Guest_Mail"], {"approval_status": "status", "guest mail": "email"}) == \
        {"status": "Approval Status", "email": "Guest_Mail"}
    # a Luma export re-saved from a spreadsheet: semicolons, a BOM, headers retyped, columns moved
    rows = _luma_rows(LUMA_STATUSES, checked_in=5)
    header = [h.replace("_", " ").title() if h in ("approval_status", "checked_in_at", "ticket_name") else h
              for h in LUMA_HEADER]
    header[header.index("What industry are you in?")] = "Company_Size"
    sizes = ["1-10", "11-50", "51-250", "1-10", "11-50", "1-10", "11-50", "1-10", "1-10", "11-50"]
    for row, size in zip(rows, sizes):
        row[-1] = size
        row[7] = {"waitlist": "On_Hold"}.get(row[7], row[7])
    order = [22, 7, 4, 0, 8, 21, 2, 3, 1, 5]
    export = _european_csv(tmp_path / "guests.csv", [header[k] for k in order], [[r[k] for k in order] for r in rows])
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.attendees]\n"company size" = "company_size"\n'
                          '[registrations.status]\n"on hold" = "registered"\n', encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "launch", column_map=column_map, secret="k")
    attendees = result.tables["attendees"]
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "ticket_type", "company_size"]
    assert attendees["company_size"].tolist() == ["1-10", "11-50", "51-250", "1-10", "11-50"]
    # "On_Hold" is the map's "on hold": a registered guest who did not check in, so a no-show
    assert _tickets_line(result.report) == ("tickets: 5 checked in, 0 registered, 0 refunded, 0 cancelled, "
                                            "3 not confirmed, 2 no show")


# ---------------------------------------------------------------------------- Meetup


MEETUP_HEADER = ["Name", "User ID", "Title", "Event Host", "RSVPed on", "Joined Group on", "URL of Member Profile",
                 "Guests", "RSVP", "Which industry are you in?"]
MEETUP_RSVPS = ["Yes", "Yes", "No", "Yes", "Waitlist", "Yes", "yes", "No", "Yes", "Yes"]


def _meetup_rows() -> list[list[str]]:
    return [[f"{first} {last}", str(201934870 + 7 * k), "Organizer" if k == 0 else "", "Yes" if k == 0 else "No",
             f"2026-05-0{1 + k % 9} 1{k}:02:00", f"2023-1{k % 3}-0{1 + k % 8}",
             f"https://www.meetup.com/members/{201934870 + 7 * k}/", "1" if k in (1, 3) else "0", rsvp, industry]
            for k, ((first, last, industry), rsvp) in enumerate(zip(GUESTS, MEETUP_RSVPS))]


def test_meetup_rsvp_list_keeps_yes_and_keys_the_user_id(tmp_path, monkeypatch, capsys):
    rows = _meetup_rows()
    export = tmp_path / "Founders_Breakfast_RSVPs.csv"
    lines = [",".join(MEETUP_HEADER)] + [",".join(row) for row in rows] + [",,,,,,,,,"]
    export.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    folder = tmp_path / "breakfast"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    yes = [k for k, r in enumerate(MEETUP_RSVPS) if r.lower() == "yes"]
    assert len(attendees) == len(yes) == 7
    assert "industry" in attendees.columns
    assert not {"rsvped_on", "joined_group_on", "guests", "title", "rsvp"} & set(attendees.columns)
    # the member's id is the attendee id, pseudonymised with the key as an email is
    result = import_export("registrations", [export], out=tmp_path / "again", secret="k")
    expected = privacy.pseudonymise(pd.Series([rows[k][1] for k in yes], dtype="string"), secret="k",
                                    all_values=True)
    assert result.tables["attendees"]["attendee_id"].tolist() == expected.tolist()
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == ("tickets: 0 checked in, 7 registered, 0 refunded, 0 cancelled, "
                                     "3 not confirmed, 0 no show")
    assert report.loc[report["reason"].str.startswith("not confirmed", na=False), "row"].tolist() == ["4", "6", "9"]
    assert {"Name", "User ID", "Title", "URL of Member Profile"} <= set(
        report.loc[report["what"] == "personal_data", "column"])
    # the guests members bring have no row: said, not counted as attendees
    assert "2 guest(s)" in printed.out
    _no_leak(_planted([r[1] for r in rows] + ["meetup.com/members"]), printed.out, printed.err, _written(folder))


# ---------------------------------------------------------------------------- Cvent


CVENT_HEADER = ["Confirmation Number", "Last Name", "First Name", "Email Address", "Company Name", "Title",
                "Registration Type", "Registration Status", "Registration Date", "Industry"]
CVENT_STATUSES = ["Accepted", "Accepted", "Cancelled", "ACCEPTED", "Declined", "Registered", "Pending", "Accepted",
                  "Accepted", "Accepted"]


def test_cvent_registration_report_with_its_title_block(tmp_path, monkeypatch, capsys):
    rows = [[f"R{7 * k + 3}XK{k}9", last, first, _email(first, last), f"{last} Holdings", "Director",
             "Attendee" if k % 4 else "Speaker", status, f"03/{10 + k}/2026", industry]
            for k, ((first, last, industry), status) in enumerate(zip(GUESTS, CVENT_STATUSES))]
    book = tmp_path / "Registration Report.xlsx"
    # Cvent's title block: the report's name, the event and the run date, with blank rows between
    _xlsx(book, ["Registration Report"], [[], ["Spring Forum 2026 - Run Date: 03/30/2026"], [], CVENT_HEADER, *rows])
    folder = tmp_path / "forum"
    assert _netout(monkeypatch, "import", "registrations", book, "--out", folder) == 0
    printed = capsys.readouterr()
    assert "the header is on row 5" in printed.out
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert len(attendees) == 7
    assert attendees["ticket_type"].tolist() == ["Speaker", "Attendee", "Attendee", "Attendee", "Attendee",
                                                 "Speaker", "Attendee"]
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == ("tickets: 0 checked in, 7 registered, 0 refunded, 1 cancelled, "
                                     "2 not confirmed, 0 no show")
    reasons = report[report["what"] == "row_skipped"].set_index("row")["reason"]
    # rows 8, 10 and 12 of the workbook: Cancelled, Declined, Pending
    assert reasons["8"].startswith("cancelled ticket") and reasons["10"].startswith("not confirmed")
    assert reasons["12"].startswith("not confirmed")
    assert "not understood" not in printed.out
    _no_leak(_planted([r[0] for r in rows] + ["Holdings"]), printed.out, printed.err, _written(folder))


# ---------------------------------------------------------------------------- a report with nobody in it


@pytest.mark.parametrize("tool", ["eventbrite", "luma"])
def test_a_report_where_every_ticket_is_set_aside_stops(tmp_path, monkeypatch, capsys, tool):
    if tool == "eventbrite":
        header = ["Order #", "First Name", "Last Name", "Email", "Attendee #", "Attendee Status", "Industry"]
        statuses = ["Cancelled", "Refunded", "Cancelled", "Cancelled"]
        rows = [[str(8100 + k), first, last, _email(first, last), str(4100 + k), status, industry]
                for k, ((first, last, industry), status) in enumerate(zip(GUESTS, statuses))]
        export, column, words = tmp_path / "attendees.csv", "Attendee Status", ["'Cancelled' (3)", "'Refunded' (1)"]
        pd.DataFrame(rows, columns=header).to_csv(export, index=False)
    else:
        statuses = ["declined", "waitlist", "waitlist", "pending_approval"]
        export, column = _luma_csv(tmp_path / "guests.csv", statuses), "approval_status"
        words = ["'waitlist' (2)", "'declined' (1)", "'pending_approval' (1)"]
    folder = tmp_path / "e"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 2
    printed = capsys.readouterr()
    message = " ".join(printed.err.split())
    assert export.name in message and f"column {column!r}" in message
    assert "every one of the 4 tickets is set aside" in message
    for word in words:
        assert word in message
    assert not folder.exists()
    with pytest.raises(UsageError, match="set aside"):
        import_export("registrations", [export], out=folder, secret="k")
    _no_leak(_planted(), printed.out, printed.err)


def test_statuses_nobody_understands_stop_with_the_words_seen(tmp_path, monkeypatch, capsys):
    export = tmp_path / "attendees.csv"
    export.write_text("Email,Booking State,Industry\nottoline.varghese@example.net,Zugesagt,Law\n"
                      "radomir.quennell@example.net,Zugesagt,Law\n", encoding="utf-8")
    column_map = tmp_path / "m.toml"
    column_map.write_text('[columns.attendees]\n"Booking State" = "status"\n', encoding="utf-8")
    code = _netout(monkeypatch, "import", "registrations", export, "--map", column_map, "--out", tmp_path / "e")
    assert code == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "'Zugesagt' (2)" in message and "[registrations.status]" in message


# ---------------------------------------------------------------------------- German and French reports


DE_HEADER = ["Bestellnummer", "Bestelldatum", "Vorname", "Nachname", "E-Mail", "Menge", "Ticketart",
             "Teilnehmer-Nr.", "Teilnehmerstatus", "Branche"]
DE_STATUSES = ["Eingecheckt", "Eingecheckt", "Storniert", "Eingecheckt", "Angemeldet", "Eingecheckt", "Erstattet",
               "Eingecheckt", "Warteliste", "eingecheckt"]


def test_german_eventbrite_report(tmp_path, monkeypatch, capsys):
    rows = [[str(1412000 + 3 * k), f"14.05.2026 1{k}:20", first, last, _email(first, last), "1",
             "Mitglied" if k % 2 else "Gast", str(2290100 + k), status, industry]
            for k, ((first, last, industry), status) in enumerate(zip(GUESTS, DE_STATUSES))]
    export = _european_csv(tmp_path / "Teilnehmerbericht.csv", DE_HEADER, rows, blank_rows=2)
    folder = tmp_path / "stammtisch"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    assert "not understood" not in printed.out
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "ticket_type", "industry"]
    assert attendees["industry"].tolist() == ["Retail", "Law", "Retail", "Tech", "Law", "Retail"]
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == ("tickets: 6 checked in, 0 registered, 1 refunded, 1 cancelled, "
                                     "1 not confirmed, 1 no show")
    # names, email, order and ticket numbers: used to tell people apart, never copied
    used = report.loc[report["reason"].str.contains("never copied", na=False), "column"].tolist()
    assert {"Bestellnummer", "Vorname", "Nachname", "E-Mail", "Teilnehmer-Nr."} <= set(used)
    assert "Bestelldatum" in report.loc[report["reason"].str.contains("about the sale", na=False), "column"].tolist()
    _no_leak(_planted([r[0] for r in rows] + [r[7] for r in rows]), printed.out, printed.err, _written(folder))


FR_HEADER = ["N° de commande", "Date de commande", "Prénom", "Nom", "E-mail", "Quantité", "Type de billet",
             "N° de participant", "Statut du participant", "Secteur d'activité"]


@pytest.mark.parametrize("statuses, expected, enregistre", [
    # beside "Présent", "Enregistré" is the registration: registered, never checked in, so a no-show
    (["Présent", "Présent", "Annulé", "Enregistré", "Présente", "Remboursé", "Présent", "Présent",
      "Liste d'attente", "Annulée"], "tickets: 5 checked in, 0 registered, 1 refunded, 2 cancelled, 1 not confirmed, 1 no show",
     "registered"),
    # alone, it is Eventbrite's word for a check-in ("Participe" is a ticket still to be checked in)
    (["Enregistré", "Enregistré", "Annulé", "Participe", "Enregistrée", "Enregistré", "Enregistré", "Inscrit",
      "Remboursée", "Enregistré"], "tickets: 6 checked in, 0 registered, 1 refunded, 1 cancelled, 0 not confirmed, "
     "2 no show", "checked in"),
])
def test_french_eventbrite_report(tmp_path, statuses, expected, enregistre):
    rows = [[str(88100 + k), f"2026-05-0{1 + k % 9} 09:1{k}", first, last, _email(first, last), "1",
             "Adhérent" if k % 2 else "Invité", f"A-{4400 + k}", status, industry]
            for k, ((first, last, industry), status) in enumerate(zip(GUESTS, statuses))]
    export = tmp_path / "rapport_participants.csv"
    # decomposed accents, as some spreadsheet programs on a Mac save them
    text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in [FR_HEADER, *rows]) + "\n"
    export.write_text(text.replace("é", "e\u0301"), encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "afterwork", secret="k")
    report = result.report
    assert _tickets_line(report) == expected
    assert not report["reason"].str.contains("not understood").any()
    notes = " ".join(report.loc[report["what"] == "note", "reason"])
    assert f"'Enregistré' read as {enregistre}" in notes and "[registrations.status]" in notes
    # the question's name in one spelling of its accents, whichever the file used
    assert "industry" in result.tables["attendees"].columns
    used = report.loc[report["reason"].str.contains("never copied", na=False), "column"].tolist()
    assert len([c for c in used if c]) == 5          # order, first and last name, email, ticket
    _no_leak(_planted([r[0] for r in rows] + [r[7] for r in rows]), _written(tmp_path / "afterwork"),
             report.to_csv())


def test_a_map_word_for_enregistre_wins(tmp_path):
    export = tmp_path / "rapport.csv"
    export.write_text("Prénom,Nom,E-mail,Statut\nOttoline,Varghese,o@example.net,Enregistré\n"
                      "Radomir,Quennell,r@example.net,Enregistré\nSunniva,Abernethy,s@example.net,Annulé\n",
                      encoding="utf-8")
    column_map = tmp_path / "m.toml"
    column_map.write_text('[registrations.status]\n"Enregistré" = "registered"\n', encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "e", column_map=column_map, secret="k")
    assert _tickets_line(result.report).startswith("tickets: 0 checked in, 2 registered")
    assert not result.report["reason"].str.contains("read as").any()


def test_a_report_whose_counted_tickets_have_no_email_stops(tmp_path, monkeypatch, capsys):
    """Emails left out of the export (a privacy setting of the tool): no attendee can be told apart."""
    export = tmp_path / "attendees.csv"
    export.write_text("Order #,Email,Attendee Status,Industry\n7100,,Checked In,Law\n7101,,Checked In,Tech\n"
                      "7102,ottoline.varghese@example.net,Cancelled,Law\n", encoding="utf-8")
    assert _netout(monkeypatch, "import", "registrations", export, "--out", tmp_path / "e") == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "attendees.csv" in message and "'Email'" in message and "none of the 2 tickets" in message
    assert not (tmp_path / "e").exists()


def test_german_first_name_beside_a_name_column(tmp_path):
    """'Vorname' and 'Name' (the surname): the key by name is the whole name, as a later scan by name gives it."""
    export = tmp_path / "anmeldungen.csv"
    export.write_text("Vorname;Name;E-Mail-Adresse;Status\nOttoline;Varghese;o@example.net;Angemeldet\n"
                      "Radomir;Radomir Quennell;r@example.net;Angemeldet\n", encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "e", secret="k")
    keys = pd.read_csv(tmp_path / "e" / "import_keys.csv", dtype=str)
    names = privacy.pseudonymise(pd.Series(["ottoline varghese", "radomir quennell"], dtype="string"), secret="k",
                                 all_values=True)
    assert keys.loc[keys["kind"] == "name", "key"].tolist() == names.tolist()
    assert len(result.tables["attendees"]) == 2


@pytest.mark.parametrize("question, answers, expected", [
    ("Branche", ["Handel", "Recht", "IT"], "industry"),
    ("Which industry are you in?", ["Retail", "Law", "Tech"], "industry"),
    ("Secteur d'activité", ["Commerce", "Droit", "Tech"], "industry"),
    ("Unternehmensgröße", ["1-10", "11-50", "51-200"], "company_size"),
])
def test_a_question_that_asks_the_toolkits_own_column_is_read_as_it(tmp_path, question, answers, expected):
    """A German report's 'Branche' became an attendee column 'branche', so cross_industry_share had no industry."""
    header = ["Order #", "First Name", "Last Name", "Email", "Attendee Status", question]
    rows = [[str(900 + k), f"Gast{k}", f"Tester{k}", f"gast{k}@example.org", "Checked In", answers[k % 3]]
            for k in range(6)]
    export = tmp_path / "report.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    folder = tmp_path / "event"
    import_export("registrations", [export], out=folder)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert expected in attendees.columns and sorted(set(attendees[expected])) == sorted(answers)
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    said = report.loc[report["column"] == question, "reason"].tolist()
    assert any(f"read as {expected}" in reason for reason in said)


def test_two_questions_asking_the_same_column_are_left_to_the_map(tmp_path):
    header = ["Email", "Attendee Status", "Industry (main)", "Industry (other)"]
    rows = [[f"gast{k}@example.org", "Checked In", "Retail", "Law"] for k in range(6)]
    export = tmp_path / "report.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    import_export("registrations", [export], out=tmp_path / "event")
    # both kept under their own names, for the organiser's map to say which is meant
    assert pd.read_csv(tmp_path / "event" / "attendees.csv").columns.tolist() == [
        "event_id", "attendee_id", "industry_(main)", "industry_(other)"]


def test_a_column_with_a_value_per_person_is_not_copied_whatever_its_language(tmp_path):
    """A Spanish report's 'Fecha del pedido' (a purchase time per person) was copied as an attendee column."""
    header = ["Correo electrónico", "Estado", "Fecha del pedido", "Referencia", "Sector", "Tipo de entrada"]
    rows = [[f"invitado{k}@example.org", "Checked In", f"2026-05-{1 + k:02d} 09:{10 + k}:00", f"R{7301 + 17 * k}",
             ("Comercio", "Derecho", "Tecnología")[k % 3], ("General", "Socio")[k % 2]] for k in range(12)]
    export = tmp_path / "informe.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.attendees]\n"Correo electrónico" = "email"\n', encoding="utf-8")
    folder = tmp_path / "event"
    import_export("registrations", [export], out=folder, column_map=column_map)
    written = (folder / "attendees.csv").read_text(encoding="utf-8")
    assert "2026-05-" not in written and "R7301" not in written
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert "industry" in attendees.columns and "sector" not in attendees.columns
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    set_apart = report.loc[report["reason"].str.contains("a value of their own", na=False), "column"]
    assert set(set_apart) == {"Referencia"}
    # Eventbrite's Spanish order date is named among the sale's columns now, as the German and French ones are
    assert "Fecha del pedido" in set(report.loc[report["reason"].str.contains("about the sale", na=False), "column"])


def test_an_order_time_is_not_copied_from_a_small_evening(tmp_path):
    """With 8 people kept of 12 tickets, 'Fecha del pedido' was under the 10 different values the rule needed."""
    header = ["Correo electrónico", "Attendee Status", "Fecha del pedido", "Tipo de entrada"]
    rows = [[f"invitado{k}@example.org", "Checked In" if k < 6 else "Cancelled", f"2026-05-{1 + k:02d} 09:{10 + k}",
             ("General", "Socio")[k % 2]] for k in range(8)]
    export = tmp_path / "informe.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.attendees]\n"Correo electrónico" = "email"\n', encoding="utf-8")
    import_export("registrations", [export], out=tmp_path / "event", column_map=column_map)
    attendees = pd.read_csv(tmp_path / "event" / "attendees.csv", dtype=str)
    assert len(attendees) == 6 and "fecha_del_pedido" not in attendees.columns
    assert "2026-05-" not in (tmp_path / "event" / "attendees.csv").read_text(encoding="utf-8")


def test_ticket_types_shaped_like_names_stay_and_a_replaced_answer_is_said(tmp_path):
    """'General Admission' and 'Early Bird' became '[name]' in ticket_type, and nothing said so."""
    header = ["Email", "Attendee Status", "Ticket Type", "Referred by"]
    rows = [[f"gast{k}@example.org", "Checked In", ("General Admission", "Early Bird", "VIP Pass")[k % 3],
             ("Wilhelmina Quastbeek", "newsletter")[k % 2]] for k in range(6)]
    export = tmp_path / "report.csv"
    export.write_text("\n".join(",".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    import_export("registrations", [export], out=tmp_path / "event")
    attendees = pd.read_csv(tmp_path / "event" / "attendees.csv", dtype=str)
    assert set(attendees["ticket_type"]) == {"General Admission", "Early Bird", "VIP Pass"}
    assert "Quastbeek" not in (tmp_path / "event" / "attendees.csv").read_text(encoding="utf-8")
    report = pd.read_csv(tmp_path / "event" / "import_report.csv", dtype=str)
    said = report.loc[report["column"] == "Referred by", "reason"].tolist()
    assert any("3 answer(s) held what looks like a name" in reason for reason in said), said


def _ticket_tailor_csv(path: Path, *, email_header: str = "E-mail address",
                       open_question: str = "Anything we should know?") -> Path:
    """A Ticket Tailor-style export as a newcomer's chamber had it: semicolons, an 'E-mail address' column and an
    open question whose answers repeat (allergies, access needs, a PA's phone, a colleague's name)."""
    answers = ["Nut allergy", "Wheelchair user - please call my PA Gwendolyn Ashdown on 07700 900987",
               "Vegetarian", "", "Email my assistant at pa.office@tidewell.example for invoices",
               "Nut allergy", "Please seat me away from Barnaby Crabtree", "Vegetarian", "", "Nut allergy"]
    people = [("Ifeoma", "Okonkwo"), ("Rhys", "Penhallow"), ("Saoirse", "Quigley"), ("Tobias", "Renwick"),
              ("Ulla", "Sandoval"), ("Vikram", "Thistlewood"), ("Wren", "Underhill"), ("Xanthe", "Vellacott"),
              ("Yusuf", "Wexford"), ("Zora", "Ashcombe")]
    rows = [f"Order reference;Ticket type;Barcode;First name;Last name;{email_header};Phone;Checked in;Status;"
            f"Sector;Number of employees;{open_question}"]
    for i, ((first, last), answer) in enumerate(zip(people, answers)):
        rows.append(f"OR-77{i:02d};Member;TT582{i:02d};{first};{last};{first.lower()}.{last.lower()}@members.example;"
                    f"07700 9002{i:02d};Yes;Valid;{['Legal', 'Retail'][i % 2]};1-9;{answer}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("email_header", ["E-mail address", "E-Mail Address", "e-mail-address", "Email-Address"])
def test_an_e_mail_address_column_is_the_attendee_id(tmp_path, monkeypatch, capsys, email_header):
    """A newcomer's Ticket Tailor export headed its emails 'E-mail address': the column was recognised as personal
    data but not used as the id ('no email column: the attendee's name is the id'), so the survey imported next
    matched 0 of 20 respondents."""
    folder = tmp_path / "season" / "members-evening"
    export = _ticket_tailor_csv(tmp_path / "tickettailor.csv", email_header=email_header)
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    assert "no email column" not in printed.out
    keys = pd.read_csv(folder / "import_keys.csv", dtype=str)
    assert "email" in set(keys["kind"])


@pytest.mark.parametrize("question", ["Anything we should know?", "Is there anything else we should know",
                                      "Any special requirements?", "Special requirements",
                                      "Access or dietary needs", "Anything else you would like to tell us?"])
def test_an_open_question_at_registration_never_reaches_the_folder_even_when_answers_repeat(
        tmp_path, monkeypatch, capsys, question):
    """A newcomer's 'Anything we should know?' was written to attendees.csv as anything_we_should_know: its
    answers repeat ('Nut allergy' four times), so they did not look written freely, and health needs, a PA's
    name and a colleague's name reached the folder."""
    folder = tmp_path / "season" / "members-evening"
    export = _ticket_tailor_csv(tmp_path / "tickettailor.csv", open_question=question)
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert {"industry", "company_size"} <= set(attendees.columns)
    written = _written(folder)
    for planted in ("allergy", "Vegetarian", "Wheelchair", "Gwendolyn", "Crabtree", "invoices"):
        assert planted.lower() not in written.lower(), planted
        assert planted.lower() not in printed.out.lower(), planted


@pytest.mark.parametrize("tiers, few", [
    (("Member - Full Conference", "Non-Member - Full Conference"), "Exhibitor"),
    (("Early Bird - Two Day Pass", "Standard - Day One Only"), "Student Pass"),
])
def test_ticket_tiers_of_four_words_stay_whole(tmp_path, tiers, few):
    """A newcomer's Luma export: 'Member - Full Conference' (60 people) became 'Member - [name]' in
    attendees.csv, the outcome table and compare --by ticket_type. A ticket name is the tool's own wording:
    one that five or more people hold is a category, and ticket words are no one's name."""
    header = ["api_id", "name", "email", "approval_status", "checked_in_at", "ticket_name"]
    rows = [[f"gst-{k:04d}", f"Guest Number{k}", f"guest{k}@example.org", "approved",
             f"2026-03-14T08:{k % 60:02d}:00.000Z", tiers[k % 2] if k < 12 else few] for k in range(14)]
    export = tmp_path / "guests.csv"
    pd.DataFrame(rows, columns=header).to_csv(export, index=False)
    import_export("registrations", [export], out=tmp_path / "event")
    attendees = pd.read_csv(tmp_path / "event" / "attendees.csv", dtype=str)
    assert set(attendees["ticket_type"]) == {*tiers, few}

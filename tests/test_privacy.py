"""Pseudonymisation: emails, phones and names never survive loading; the same person keeps one id."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.privacy import (
    EMAIL_ANYWHERE_RE,
    contains_personal_data,
    is_personal_column,
    load_secret,
    looks_personal,
    personal_column_kind,
    pseudonymise,
    redact_emails,
    redact_text,
)

BASE = Path(__file__).parent / "broken" / "_base"


def test_same_email_same_id_whatever_the_spelling():
    ids = pseudonymise(pd.Series(["Ann@Example.org", " ann@example.org ", "bob@example.org", "M-17", None]),
                       secret="s")
    assert ids[0] == ids[1] != ids[2]
    assert ids[0].startswith("p_") and len(ids[0]) == 2 + 16
    assert ids[3] == "M-17" and pd.isna(ids[4])


def test_different_secret_different_ids_and_no_plain_hash():
    import hashlib

    a = pseudonymise(pd.Series(["ann@example.org"]), secret="one")[0]
    b = pseudonymise(pd.Series(["ann@example.org"]), secret="two")[0]
    assert a != b
    assert a[2:] not in hashlib.sha256(b"ann@example.org").hexdigest()


def test_pseudonyms_are_not_hashed_twice():
    once = pseudonymise(pd.Series(["ann@example.org"]), secret="s")
    assert pseudonymise(once, secret="s").tolist() == once.tolist()


def test_phone_numbers_hashed_member_numbers_kept():
    values = pd.Series(["+44 20 7946 0958", "0044 20 7946 0958", "020-7946-0958", "100234", "B-1001"])
    assert looks_personal(values).tolist() == [True, True, True, False, False]
    ids = pseudonymise(values, secret="s")
    assert ids[0] == ids[1]  # +44 and 0044 are the same number
    assert ids[3] == "100234"


def test_personal_column_names():
    assert all(map(is_personal_column, ["email", "E-mail", "Full Name", "phone", "contact_email", "attendee_name"]))
    assert not any(map(is_personal_column, ["company_size", "session_name", "industry", "attendee_id"]))
    # a company (with a job title) identifies a person at a small event: left out too
    assert is_personal_column("company_name") and is_personal_column("Job Title")


# headers of European organisers' exports, as their tools and their own spreadsheets write them
LOCALIZED_PERSONAL = {
    "name": ["Vorname", "Nachname", "Name", "Familienname", "Vollständiger Name", "Prénom", "Pre\u0301nom", "Prenom",
             "Nom", "Nom de famille", "Nombre", "Apellidos", "Nombre y apellidos", "Voornaam", "Achternaam",
             "Volledige naam", "Ansprechpartner", "Wie lautet Ihr Vorname?", "¿Cuál es tu nombre?"],
    "email": ["E-Mail", "E-Mail-Adresse", "Emailadresse", "Adresse e-mail", "Adresse électronique",
              "Adresse de messagerie", "Courriel",
              "Correo electrónico", "Correo electronico", "E-mailadres", "Wat is uw e-mailadres?"],
    "phone number": ["Telefon", "Telefon-Nr.", "Telefonnummer", "Handynummer", "Mobilnummer", "Téléphone", "Telephone",
                     "Portable", "Teléfono", "Telefono", "Móvil", "Telefoonnummer", "Mobiel"],
    "postal address": ["Straße", "Strasse", "Straße und Hausnummer", "PLZ", "Postleitzahl", "Anschrift",
                       "Rechnungsadresse", "Adresse", "Code postal", "Dirección", "Direccion", "Código postal", "Adres",
                       "Straat"],
    "location": ["Ort", "Wohnort", "Stadt", "Ville", "Ciudad", "Woonplaats"],
    "birth date": ["Geburtsdatum", "Date de naissance", "Fecha de nacimiento", "Geboortedatum"],
    "order, ticket or member number": ["Bestellnummer", "Bestell-Nr.", "Teilnehmernummer", "Mitgliedsnummer",
                                       "Kundennummer", "Numéro de commande", "N° de commande", "Nº de commande",
                                       "Número de pedido", "Numero de pedido", "No. de socio", "Bestelnummer",
                                       "Lidnummer"],
    "job title or company": ["Firma", "Unternehmen", "Firmenname", "Name der Firma", "Arbeitgeber",
                             "Berufsbezeichnung", "Société", "Societe", "Entreprise", "Nom de l'entreprise",
                             "Raison sociale", "Fonction", "Empresa", "Compañía", "Nombre de la empresa", "Cargo",
                             "Bedrijf", "Bedrijfsnaam", "Naam van het bedrijf", "Functie"],
    "health or dietary needs": ["Ernährung", "Ernaehrung", "Allergien", "Unverträglichkeiten", "Régime alimentaire",
                                "Alergias", "Dieetwensen"],
    "free text": ["Notizen", "Notiz", "Bemerkungen", "Kommentar", "Anmerkungen", "Gesprächsnotizen", "Remarques",
                  "Commentaires", "Notes", "Comentarios", "Observaciones", "Opmerkingen", "Notities"],
}
# what an analysis groups by, in the same languages: never personal by name
LOCALIZED_ANALYSIS = ["Branche", "Unternehmensgröße", "Unternehmensgroesse", "Firmengröße", "Anzahl Mitarbeiter",
                      "Sitzung", "Name der Sitzung", "Zufriedenheit", "Ticketart", "Teilnehmerstatus", "Bundesland",
                      "Erstes Mal dabei?", "Wie groß ist Ihr Unternehmen?", "Secteur d'activité",
                      "Taille de l'entreprise", "Nombre de salariés", "Nombre d'employés", "Nom de la session", "Tarif",
                      "Pays", "Sector", "Tamaño de la empresa", "Número de empleados", "Tipo de entrada", "Sesión",
                      "Satisfacción", "Bedrijfsgrootte", "Tickettype", "Sessie", "Tevredenheid", "Zeitstempel",
                      "Horodateur", "Marca temporal", "no attendee characteristics"]


@pytest.mark.parametrize("kind", list(LOCALIZED_PERSONAL))
def test_personal_column_names_in_german_french_spanish_and_dutch(kind):
    from toolkit.privacy import personal_column_kind

    found = {name: personal_column_kind(name) for name in LOCALIZED_PERSONAL[kind]}
    assert {name: got for name, got in found.items() if got != kind} == {}


def test_localized_analysis_columns_are_not_personal():
    assert [name for name in LOCALIZED_ANALYSIS if is_personal_column(name)] == []


def test_redact_emails_in_free_text():
    out = redact_emails(pd.Series(["ann@x.org", "mail bob@y.com now", "fine", None]), secret="s")
    assert out[0].startswith("p_") and out[1] == "mail [email] now" and out[2] == "fine" and pd.isna(out[3])


def test_secret_from_env_then_file_created_once(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", "from-env-long-enough")
    assert load_secret() == b"from-env-long-enough"
    monkeypatch.delenv("NETOUT_SECRET")
    path = tmp_path / "deep" / "secret"
    monkeypatch.setenv("NETOUT_SECRET_FILE", str(path))
    first = load_secret()
    assert path.exists() and len(first) == 64
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert load_secret() == first  # kept, not regenerated


def test_default_secret_location_is_outside_the_data(tmp_path, monkeypatch):
    monkeypatch.delenv("NETOUT_SECRET", raising=False)
    monkeypatch.delenv("NETOUT_SECRET_FILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    load_secret()
    assert (tmp_path / ".config" / "netout" / "secret").exists()


def _folder_with_personal_data(folder: Path, event: str, *, id_is_email: bool) -> Path:
    folder.mkdir(parents=True)
    people = [("ann@example.org", "Ann Lee", "+44 20 7946 0958"), ("bob@example.org", "Bob Roe", "+1 555 010 9999"),
              ("cy@example.org", "Cy Poe", "+33 1 23 45 67 89")]
    ids = [p[0] if id_is_email else f"M{i}" for i, p in enumerate(people)]
    attendees = pd.DataFrame({
        "Event ID": event, "attendee_id": ids, "Name": [p[1] for p in people], "E-mail": [p[0] for p in people],
        "Phone": [p[2] for p in people], "Notes": ["call me at ann@example.org", "", "vegetarian"],
    })
    if not id_is_email:
        attendees = attendees.drop(columns=["attendee_id"])  # the email column is the id
    attendees.to_csv(folder / "attendees.csv", index=False)
    pd.DataFrame({"event_id": [event], "session_id": ["S1"], "format": ["structured"]}).to_csv(
        folder / "sessions.csv", index=False)
    pd.DataFrame({"event_id": event, "session_id": "S1", "attendee_id": [p[0] for p in people]}).to_csv(
        folder / "participation.csv", index=False)
    pd.DataFrame({"event_id": event, "attendee_id": [people[0][0], people[1][0]],
                  "contact_id": [people[1][0].upper(), people[2][0]],
                  "Contact Phone": [people[1][2], people[2][2]]}).to_csv(folder / "contacts.csv", index=False)
    pd.DataFrame({"event_id": [event], "attendee_id": [people[0][0]], "comment": ["great, write to cy@example.org"],
                  "satisfaction": [5]}).to_csv(folder / "survey.csv", index=False)
    return folder


def _all_cells(data) -> list[str]:
    cells = []
    for frame in data.tables().values():
        cells.extend(frame.columns.astype(str))
        for column in frame.columns:
            cells.extend(frame[column].dropna().astype(str).tolist())
    return cells


def test_no_raw_email_phone_or_name_anywhere_after_loading(tmp_path):
    root = tmp_path / "season"
    _folder_with_personal_data(root / "spring", "spring", id_is_email=False)
    _folder_with_personal_data(root / "autumn", "autumn", id_is_email=True)
    data = toolkit.load_event_data(root, secret="k")
    cells = _all_cells(data)
    assert not [c for c in cells if EMAIL_ANYWHERE_RE.search(c)], "an email survived loading"
    for fragment in ("Ann Lee", "Bob Roe", "7946", "555 010", "e_mail", "phone", "name"):
        assert not [c for c in cells if fragment in c], fragment
    for frame in data.tables().values():
        assert contains_personal_data(frame) == []
    # the same person has the same id in both events and in every table
    spring = data.attendees[data.attendees.event_id == "spring"].attendee_id.tolist()
    autumn = data.attendees[data.attendees.event_id == "autumn"].attendee_id.tolist()
    assert spring == autumn and all(i.startswith("p_") for i in spring)
    assert set(data.participation.attendee_id) == set(spring)
    assert data.report.ok, data.report.summary()


def test_same_person_same_id_across_separate_loads(tmp_path):
    one = toolkit.load_event_data(_folder_with_personal_data(tmp_path / "a", "a", id_is_email=True), secret="k")
    two = toolkit.load_event_data(_folder_with_personal_data(tmp_path / "b", "b", id_is_email=True), secret="k")
    assert one.attendees.attendee_id.tolist() == two.attendees.attendee_id.tolist()


def test_from_tables_pseudonymises_too():
    data = toolkit.from_tables({
        "attendees": pd.DataFrame({"event_id": "e", "attendee_id": ["a@x.org", "b@x.org"], "email": ["a@x.org", "b@x.org"]}),
        "sessions": pd.DataFrame({"event_id": ["e"], "session_id": ["s"], "format": ["unstructured"]}),
        "participation": pd.DataFrame({"event_id": "e", "session_id": "s", "attendee_id": ["a@x.org", "b@x.org"]}),
    }, secret="k")
    assert not [c for c in _all_cells(data) if "@" in c]


def test_import_toolkit_does_not_import_streamlit():
    code = ("import sys, toolkit; toolkit.load_event_data; toolkit.from_tables; import toolkit.cli; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert out.stdout.strip() == "False"


def _folder_with_personal_data_in_bad_cells(folder: Path) -> Path:
    """Valid ids, but cells that fail to parse hold an email or a phone number (typed into the wrong column)."""
    folder.mkdir(parents=True)
    pd.DataFrame({"event_id": "E1", "attendee_id": ["A1", "A2", "A3"], "industry": "law",
                  "first_time": ["maybe ann@example.org", "yes", "+44 20 7946 0958"]}).to_csv(
        folder / "attendees.csv", index=False)
    pd.DataFrame({"event_id": ["E1"], "session_id": ["S1"], "format": ["structured"]}).to_csv(
        folder / "sessions.csv", index=False)
    pd.DataFrame({"event_id": "E1", "session_id": "S1", "attendee_id": ["A1", "A2", "A3"]}).to_csv(
        folder / "participation.csv", index=False)
    pd.DataFrame({"event_id": "E1", "attendee_id": ["A1", "A2"], "contact_id": ["A2", "A3"],
                  "timestamp": ["2024-04-15T09:10:00Z", "call 0044 20 7946 0958 at 9"]}).to_csv(
        folder / "contacts.csv", index=False)
    pd.DataFrame({"event_id": "E1", "attendee_id": ["A1", "A2"],
                  "met_helpful": ["yes", "no - bob.roe@example.org was rude"],
                  "satisfaction": ["4", "555-010-9999"]}).to_csv(folder / "survey.csv", index=False)
    return folder


def test_problem_reports_never_quote_an_email_or_phone(tmp_path):
    folder = _folder_with_personal_data_in_bad_cells(tmp_path / "ev")
    reports = [toolkit.validate_folder(folder)]
    try:
        reports.append(toolkit.load_event_data(folder, secret="k").report)
    except toolkit.DataValidationError as exc:  # errors are fine here; what matters is what they say
        reports.append(exc.report)
    for report in reports:
        frame = report.to_frame()
        columns = set(frame["column"].dropna())
        assert {"first_time", "met_helpful"} <= columns, report.summary()  # the bad cells were reported...
        text = "\n".join([report.summary(), frame.to_csv(), report.set_aside_frame().to_csv()])
        for fragment in ("@", "example.org", "7946", "0958", "555-010", "010-9999"):
            assert fragment not in text, (fragment, text)  # ...without the personal data in them
        assert "[email]" in text and "[phone]" in text


def test_redact_text_keeps_dates_ids_and_numbers():
    assert redact_text("maybe ann@example.org") == "maybe [email]"
    assert redact_text("ring (020) 7946 0958 or 555-123-4567") == "ring [phone] or [phone]"
    for kept in ("2024-04-15T09:10:00Z", "2024-04-15 09:10:00+02:00", "15/04/2024", "B-1001", "100234",
                 "rows 2, 3, 4, 5, 6, 7, 8, 9", "value 3.5 is outside 1-5", "0.123456789"):
        assert redact_text(kept) == kept
    assert redact_text(447700900123) == "[phone]" and redact_text(12) == 12 and redact_text(None) is None


def test_free_text_phone_and_email_never_reach_the_outcome_table_or_its_csv(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from toolkit.cli import app
    from toolkit.outcomes import compute_outcomes

    folder = tmp_path / "ev"
    _folder_with_personal_data(folder, "ev", id_is_email=False)
    attendees = pd.read_csv(folder / "attendees.csv")
    attendees["Notes"] = ["Ring Jane Doe on +44 7700 900000", "or mail jane.doe@example.com", "call 020 7946 0000 at 10:30"]
    attendees.to_csv(folder / "attendees.csv", index=False)
    raw = ("+44 7700 900000", "7700 900000", "jane.doe@example.com", "020 7946 0000")

    data = toolkit.load_event_data(folder, secret="k")
    table = compute_outcomes(data)
    cells = [str(v) for v in table.to_numpy(dtype=object).ravel()] + list(map(str, table.columns))
    for fragment in raw + ("Jane Doe", "Notes", "notes"):
        assert not [c for c in cells if fragment in c], fragment
    # free text is left out of the analysis, and said once by column name, never by value
    said = [n for n in data.report.notes if "'Notes' (free text)" in n]
    assert len(said) == 1 and "Jane" not in said[0]

    monkeypatch.setenv("NETOUT_SECRET", "k" * 16)
    out = tmp_path / "outcomes.csv"
    result = CliRunner().invoke(app, ["outcomes", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text()
    for fragment in raw + ("Jane",):
        assert fragment not in written, fragment


def test_redact_free_text_keeps_dates_and_member_numbers():
    from toolkit.privacy import redact_free_text

    values = pd.Series(["met on 2026-11-22 at 18:30", "member 123456", "+44 7700 900000", None], dtype="string")
    assert redact_free_text(values, secret="k").tolist() == [
        "met on 2026-11-22 at 18:30", "member 123456", "[phone]", pd.NA]


# --------------------------------------------------------------------------- one rule where two disagreed

REGISTRATIONS = ("attendee_id,Full Name,Contact Email,industry,networking_style\n"
                 "ann@example.org,Ann Lee,ann@example.org,law,reserved\n"
                 "+44 20 7946 0958,Bob Roe,bob@example.org,tech,self-directed\n"
                 "M-17,Cy Poe,cy@example.org,retail,reserved\n"
                 "dee@example.org,Dee Kay,dee@example.org,law,self-directed\n")


def _dashboard_state():
    pytest.importorskip("streamlit")
    dashboards = Path(__file__).resolve().parents[1] / "dashboards"
    if str(dashboards) not in sys.path:
        sys.path.insert(0, str(dashboards))
    import state

    return state


def test_one_rule_dashboard_upload_and_cli_give_the_same_pseudonymised_ids(tmp_path, monkeypatch, demo_folder):
    """The dashboard read an uploaded registrations CSV with pandas and planned on raw emails; the CLI pseudonymised."""
    import io
    import zipfile

    from typer.testing import CliRunner

    from toolkit.cli import app

    monkeypatch.setenv("NETOUT_SECRET", "one-key-for-both-faces")
    source = tmp_path / "registrations.csv"
    source.write_text(REGISTRATIONS, encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(source), "--out", str(tmp_path / "cli"), "--by", "networking_style",
                                      "--seed", "3"])
    assert result.exit_code == 0, result.output
    cli_ids = set(pd.read_csv(tmp_path / "cli" / "assignment.csv")["attendee_id"])

    state = _dashboard_state()
    _, archive = state.next_event_plan.__wrapped__(str(demo_folder), state.fingerprint(demo_folder),
                                                   "networking_style", REGISTRATIONS.encode("utf-8"), random_state=3)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        dashboard_ids = set(pd.read_csv(io.BytesIO(z.read("assignment.csv")))["attendee_id"])
        written = b"".join(z.read(n) for n in z.namelist()).decode()
    assert dashboard_ids == cli_ids
    # every id is a pseudonym, the member number too (as the loader hashes it)
    assert len(cli_ids) == 4 and all(i.startswith("p_") for i in cli_ids)
    for raw in ("example.org", "7946", "Ann Lee"):
        assert raw not in written and raw not in (tmp_path / "cli" / "assignment.csv").read_text()


def test_one_rule_phone_number_ids_and_name_columns_in_registrations(tmp_path):
    """plan hashed ids only when one held an '@', and dropped only columns named exactly like 'email'."""
    from toolkit.plan import read_registrations

    source = tmp_path / "registrations.csv"
    source.write_text(REGISTRATIONS, encoding="utf-8")
    frame, _ = read_registrations(source, secret="k")
    assert list(frame.columns) == ["attendee_id", "industry", "networking_style"]  # 'full name', 'contact email' gone
    loaded = pseudonymise(pd.Series(["ann@example.org", "+44 20 7946 0958", "M-17"]), secret="k")
    assert frame["attendee_id"].tolist()[:2] == loaded.tolist()[:2]  # the phone number too, as the loader hashes it
    assert frame["attendee_id"].tolist()[2] == pseudonymise(pd.Series(["M-17"]), secret="k", all_values=True)[0]


def test_one_rule_registrations_without_an_id_column_use_the_email_as_the_loader_does(tmp_path):
    """plan refused a list without attendee_id; the loader took the email column as the id. Both now do."""
    from toolkit.plan import read_registrations

    folder = tmp_path / "event"
    folder.mkdir()
    (folder / "attendees.csv").write_text("event_id,E-mail,industry\ne1,ann@example.org,law\ne1,bob@example.org,tech\n",
                                          encoding="utf-8")
    frame, _ = read_registrations(folder, secret="k")
    pd.DataFrame({"event_id": ["e1"], "session_id": ["S1"], "format": ["structured"]}).to_csv(
        folder / "sessions.csv", index=False)
    pd.DataFrame({"event_id": "e1", "session_id": "S1", "attendee_id": ["ann@example.org", "bob@example.org"]}).to_csv(
        folder / "participation.csv", index=False)
    loaded = toolkit.load_event_data(folder, secret="k")
    assert sorted(frame["attendee_id"]) == sorted(loaded.attendees["attendee_id"])
    assert "e-mail" not in frame.columns


def test_one_rule_survey_tool_field_names_are_personal_for_the_loader_too(tmp_path):
    """The survey importer knew 'IPAddress', 'LocationLatitude', 'RecipientFirstName'; the loader kept them."""
    assert all(map(is_personal_column, ["IPAddress", "LocationLatitude", "RecipientFirstName", "recipientemail",
                                        "IP Address", "Mobile phone"]))
    folder = tmp_path / "ev"
    _folder_with_personal_data(folder, "ev", id_is_email=True)
    survey = pd.read_csv(folder / "survey.csv")
    survey["IPAddress"], survey["LocationLatitude"], survey["RecipientFirstName"] = "203.0.113.7", 39.74, "Ann"
    survey.to_csv(folder / "survey.csv", index=False)
    data = toolkit.load_event_data(folder, secret="k")
    assert not {"ipaddress", "locationlatitude", "recipientfirstname"} & set(data.survey.columns)
    assert "203.0.113.7" not in _all_cells(data)


def test_the_survey_import_copies_no_free_text(tmp_path):
    """The survey importer took emails and phones out of comments but kept the rest, names a detector misses too."""
    from toolkit.io.importers import import_export

    export = tmp_path / "forms.csv"
    export.write_text("Timestamp,Member,Anything else?\n"
                      "2025/03/14 6:02:11 PM GMT,B-1,ring me on +44 7700 900123 or ann@example.org\n", encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Member" = "attendee_id"\n"Anything else?" = "comment"\n',
                          encoding="utf-8")
    import_export("survey", [export], out=tmp_path / "o", column_map=column_map, secret="k")
    written = (tmp_path / "o" / "survey.csv").read_text(encoding="utf-8")
    assert "ring me" not in written and "7700" not in written and "example.org" not in written


def test_a_name_beside_a_phone_in_a_category_column_is_taken_out_and_categories_stay_whole():
    """A text cell holding contact details is a note about a person: its names go too; plain categories stay."""
    from toolkit.io.load import from_tables

    data = from_tables({
        "attendees": pd.DataFrame({"event_id": ["e1"] * 2, "attendee_id": ["a", "b"],
                                   "industry": ["Call Robert Brown on +44 7700 900456",
                                                "Health Care and Social Assistance"]}),
        "sessions": pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["structured"]}),
        "participation": pd.DataFrame({"event_id": ["e1"] * 2, "session_id": ["s1"] * 2, "attendee_id": ["a", "b"]}),
    })
    industries = sorted(data.attendees["industry"].tolist())
    assert industries == ["Call [name] on [phone]", "Health Care and Social Assistance"]


def test_nothing_of_a_loaded_folder_is_kept_in_memory_after_the_load():
    """The per-load memos (pseudonyms, verdicts on columns of a few values) end with the load."""
    import gc

    from toolkit import privacy
    from toolkit.io.load import from_tables

    planted = "Zelda Quartermaine"
    from_tables({
        "attendees": pd.DataFrame({"event_id": ["e1"] * 2, "attendee_id": ["zq@example.org", "b@example.org"],
                                   "industry": [planted, "Retail"]}),
        "sessions": pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["structured"]}),
        "participation": pd.DataFrame({"event_id": ["e1"] * 2, "session_id": ["s1"] * 2,
                                       "attendee_id": ["zq@example.org", "b@example.org"]}),
    })
    assert getattr(privacy._MEMO, "tokens", None) is None and getattr(privacy._MEMO, "content", None) is None
    gc.collect()
    kept = [obj for obj in gc.get_objects() if isinstance(obj, (dict, frozenset))
            and any(isinstance(v, str) and planted in v for v in obj)]
    assert not kept, "a value of the folder outlived its load"


def test_the_plain_python_no_of_looks_personal_and_is_pseudonym_is_the_full_rules_answer(monkeypatch):
    """Ids that cannot fit any mark skip the pandas passes; the answer (values, index, name) is the full rules' one."""
    import random

    import numpy as np

    from toolkit import privacy

    random.seed(7)
    alphabet = list("abE_p0123456789-/ ()+\u0660\uff10\u00a0") + ["p_0123456789abcdef", "p_", "S03", "tel", "00"]
    cases = [["E01", "E01-S03", None], ["\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"], ["0044 20 7946 0958"],
             ["p_0123456789abcdef", "x"], ["1.2.3.4"], ["a@b.org"]]
    cases += [["".join(random.choice(alphabet) for _ in range(random.randint(0, 9))) for _ in range(5)]
              for _ in range(400)]
    quick = []
    for values in cases:
        series = pd.Series(values, dtype="string", name="session_id", index=np.arange(len(values)) + 5)
        quick.append((privacy.looks_personal(series), privacy.is_pseudonym(series)))
    monkeypatch.setattr(privacy, "_surely_not_personal", lambda values: False)
    for values, (personal, pseudonym) in zip(cases, quick):
        series = pd.Series(values, dtype="string", name="session_id", index=np.arange(len(values)) + 5)
        full = privacy.looks_personal(series)
        assert personal.equals(full) and personal.name == full.name, values
        full = series.str.match(privacy._PSEUDONYM_RE.pattern).fillna(False).astype(bool)
        assert pseudonym.equals(full) and pseudonym.name == full.name, values
    assert sum(bool(p.any()) for p, _ in quick) >= 3   # the full way still runs where a value may fit


def test_accented_emails_are_whole_addresses_never_one_person_and_never_half_redacted():
    """'ana.muñoz@correo.es' and 'luis.muñoz@correo.es' were one pseudonym (only 'oz@correo.es' was read), so two
    Spanish attendees became one and one was set aside as a duplicate; a sentence kept 'luis.muñ' of the address."""
    from toolkit.privacy import redact_free_text

    ids = pseudonymise(pd.Series(["ana.muñoz@correo.es", "luis.muñoz@correo.es", "Ana.Muñoz@Correo.es",
                                  "jose.garcía@x.es", "maría.garcía@x.es", "андрей@почта.рф"]),
                       secret="k", all_values=True).tolist()
    assert ids[0] == ids[2] and len(set(ids)) == 5
    redacted = redact_free_text(pd.Series(["write to luis.muñoz@correo.es soon", "write to андрей@почта.рф soon"],
                                          dtype="string"), secret="k")
    assert redacted.tolist() == ["write to [email] soon", "write to [email] soon"]


@pytest.mark.parametrize("target", ["comment", "goals_text", "team"])
def test_a_mapped_open_question_never_reaches_survey_csv_whatever_it_is_mapped_to(tmp_path, target):
    """'Great, thanks - Bruno' and 'pls intro me to chiara vanterpool' reached survey.csv: the name detector misses
    a first name alone and lower-case names, so an open question's answers are not copied at all."""
    from toolkit.io.importers import import_export

    export = tmp_path / "typeform.csv"
    export.write_text("Member,How satisfied were you?,Anything else?\n"
                      "B-1,5,\"Great, thanks - Bruno\"\nB-2,4,pls intro me to chiara vanterpool\n", encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text(f'[columns.survey]\n"Member" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n'
                          f'"Anything else?" = "{target}"\n', encoding="utf-8")
    import_export("survey", [export], out=tmp_path / "o", column_map=column_map, secret="k")
    written = (tmp_path / "o" / "survey.csv").read_text(encoding="utf-8")
    assert "Bruno" not in written and "chiara" not in written and "satisfaction" in written
    report = (tmp_path / "o" / "import_report.csv").read_text(encoding="utf-8")
    assert "Anything else?" in report and "free text" in report


@pytest.mark.parametrize("name, values, personal", [
    ("Mitglied", ["Ja", "Nein", "ja", None], False),
    ("Member", [True, False, True], False),
    ("Client", ["oui", "", "non"], False),
    ("Lid", ["x", None, "x"], False),
    ("Socio", [1.0, 0.0, None], False),
    ("Mitglied", [f"M-{1020 + k}" for k in range(6)], True),        # member numbers
    ("Member", ["yes", "no", "17"], True),                           # one number among the answers: a number column
    ("Member", [None, ""], True),                                    # nothing to tell: the name's verdict
    ("Member number", ["yes", "no"], True),                          # says it is a number whatever it holds
    ("Email", ["yes", "no"], True),
])
def test_a_one_word_member_column_of_yes_no_answers_is_a_category(name, values, personal):
    series = pd.Series(values, dtype=object)
    assert is_personal_column(name)                                  # by its name alone: personal
    assert is_personal_column(name, series) is personal
    frame = pd.DataFrame({"attendee_id": ["a"] * len(values), name: series})
    kept, _ = toolkit.privacy.minimise_columns(frame, protected=["attendee_id"])
    assert (name in kept.columns) is not personal
    assert (name in toolkit.privacy.drop_personal_columns(frame).columns) is not personal


def test_an_answer_five_people_gave_is_a_category_not_a_name():
    import toolkit.wording
    from toolkit.privacy import MIN_GROUP_SIZE, redact_free_text

    # a category is a group that may be shown: one size, kept by the privacy rule and named by the wording
    assert toolkit.wording.MIN_GROUP_SIZE == MIN_GROUP_SIZE == 5
    assert not hasattr(toolkit.privacy, "CATEGORY_MIN_PEOPLE")
    regions = pd.Series(["North West"] * 5 + ["South East"] * 6 + ["East Midlands", None])
    people = pd.Series([f"p{k}" for k in range(13)])
    assert redact_free_text(regions, people=people).tolist() == (
        ["North West"] * 5 + ["South East"] * 6 + ["[name]", pd.NA])
    # five rows of one person are not five people
    assert redact_free_text(regions, people=pd.Series(["same"] * 5 + [f"p{k}" for k in range(8)]))[0] == "[name]"
    # without people, as before: every name-shaped answer goes
    assert set(redact_free_text(regions).dropna()) == {"[name]"}
    # mostly different names: the one that repeats is a name too
    names = pd.Series(["Wilhelmina Quastbeek"] * 5 + [f"Ottoline Varg{c}son" for c in "abcdefg"])
    assert set(redact_free_text(names, people=pd.Series(range(12)))) == {"[name]"}
    # a shared answer still loses its email or phone
    shared = pd.Series(["North West, call +44 7700 900456"] * 6)
    assert set(redact_free_text(shared, people=pd.Series(range(6)))) == {"North West, call [phone]"}


@pytest.mark.parametrize("header, kind", [
    # closed questions worded politely, and topics that name a health word: kept (a reviewer found them dropped)
    ("Please tell us how satisfied you were with the event overall", None),
    ("Please let us know if you met someone who can help your business", None),
    ("Please let us know your region", None),
    ("Which sector are you in (e.g. medical devices, retail)?", None),
    ("Which track will you join (Mobility, Energy, Medical)?", None),
    ("Are you interested in the disability inclusion roundtable?", None),
    ("Do you work in the medical sector?", None),
    # a box for the person's needs, however short its header: never copied
    ("Additional requirements", "health or dietary needs"), ("Other needs", "health or dietary needs"),
    ("Further requests", "health or dietary needs"), ("Covid vaccination status", "health or dietary needs"),
    ("Do you have any dietary requirements?", "health or dietary needs"),
    ("Do you have a disability we should know about?", "health or dietary needs"),
    ("Anything we should know?", "free text"), ("Tell us about yourself", "free text"),
])
def test_a_question_is_personal_by_what_it_asks_not_by_a_word_it_mentions(header, kind):
    assert personal_column_kind(header) == kind


def test_a_size_band_shields_only_its_digits_from_redaction():
    from toolkit.privacy import redact_free_text

    cells = pd.Series(["Jane Doe 10-49", "Acme Holdings Ltd: 250-999", "10-49 (ask Jane Doe)", "1000-4999",
                       "1.000-4.999", "250+", "10-49 employees", "10 bis 49 Mitarbeiter", "030 1234 5678"])
    out = redact_free_text(cells, bands=True, secret="k").tolist()
    for cell in out[:3]:
        assert "Jane" not in cell and "Doe" not in cell and "Acme" not in cell
    assert [c for c in out[:3] if not any(b in c for b in ("10-49", "250-999"))] == []
    assert out[3:] == ["1000-4999", "1.000-4.999", "250+", "10-49 employees", "10 bis 49 Mitarbeiter", "[phone]"]

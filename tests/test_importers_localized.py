"""European organisers' exports: German, French, Spanish and Dutch headers of personal data stay out of the folder.

The exports are written here as the tools of those countries write them (a German Eventbrite attendee
report saved by a European Excel with a BOM and ``;``, a French Weezevent export in Windows-1252, a
Spanish report as .xlsx, a Dutch one with a title line); their headers name people's names, emails,
phones, addresses, companies, order numbers and notes in the organisers' own languages. Each test runs
``netout import`` and checks that no such column reaches ``attendees.csv`` (or ``survey.csv``), that the
report names it as personal data, that the columns an analysis may use (industry, company size) stay,
and that no planted value reaches any file or message.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from toolkit.io.importers import import_export

# invented people; no word of the toolkit's messages contains these names, so finding one means a leak
PEOPLE = [("Annelies", "Lemmens"), ("Bogdan", "Chenkovic"), ("Carlijn", "Diazova"), ("Devika", "Patelsohn"),
          ("Evelien", "Okaforian"), ("Finnur", "Bergssonar")]
INDUSTRIES = ["Handel", "Recht", "Technik", "Handel", "Recht", "Technik"]
SIZES = ["1-10", "11-50", "1-10", "51-250", "11-50", "1-10"]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@beispiel.example"


def _company(last: str) -> str:
    return f"{last} Bauwerke GmbH"


def _order(k: int) -> str:
    return f"OX-48213{k:02d}"


def _note(first: str) -> str:
    return f"bringt {first}kuchen mit"


def _street(last: str) -> str:
    return f"{last}gasse {12 + len(last)}"


def _planted() -> list[str]:
    values = []
    for k, (first, last) in enumerate(PEOPLE):
        values += [first, last, _email(first, last), _company(last), _order(k), _note(first), _street(last),
                   f"5550{k}17{k}"]
    return values


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode().casefold()


def _european_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8-sig",
                  sep: str = ";", title: str | None = None) -> Path:
    lines = ([title, ""] if title else []) + [sep.join(header)] + [sep.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _no_personal_data(*texts: str, folder: Path) -> None:
    everything = list(texts) + [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()]
    joined = re.sub(r"p_[0-9a-f]{16}", "p_", "\n".join(everything))
    for personal in _planted():
        assert personal not in joined, personal


# one report per tool and language: (header, a function of a person's position and name giving their row,
# the columns that are personal data, the columns an analysis may use, how the file is written, the map)
def _german(k, first, last):
    return {"Bestellnummer": _order(k), "Vorname": first, "Nachname": last, "E-Mail": _email(first, last),
            "Ticketart": "Mitglied", "Teilnehmernummer": f"T-{7710 + k}", "Firma": _company(last),
            "Berufsbezeichnung": "Inhaberin", "Telefon": f"+49 30 5550{k}17{k}", "Handynummer": f"0151 5550{k}17{k}",
            "Straße": _street(last), "PLZ": f"104{k}7", "Ort": "Berlin", "Branche": INDUSTRIES[k],
            "Unternehmensgröße": SIZES[k], "Notizen": _note(first)}


def _german_ascii(k, first, last):
    # the same report as another tool spells it: no umlauts or sharp s, other words
    return {"Bestell-Nr.": _order(k), "Vorname": first, "Familienname": last, "E-Mail-Adresse": _email(first, last),
            "Unternehmen": _company(last), "Position": "Inhaberin", "Telefon-Nr.": f"030 5550{k}17{k}",
            "Mobilnummer": f"0151 5550{k}17{k}", "Strasse": _street(last), "Postleitzahl": f"104{k}7",
            "Wohnort": "Berlin", "Branche": INDUSTRIES[k], "Unternehmensgroesse": SIZES[k],
            "Bemerkungen": _note(first), "Sitzung": ["Tische", "Bar"][k % 2]}


def _french(k, first, last):
    return {"N° de commande": _order(k), "Nom": last, "Prénom": first, "Email": _email(first, last),
            "Société": _company(last), "Fonction": "Gérante", "Téléphone": f"+33 1 5550{k}17{k}",
            "Adresse": _street(last), "Code postal": f"750{k}1", "Ville": "Paris", "Tarif": "Membre",
            "Secteur d'activité": INDUSTRIES[k], "Taille de l'entreprise": SIZES[k], "Remarques": _note(first)}


def _spanish(k, first, last):
    return {"Número de pedido": _order(k), "Nombre": first, "Apellidos": last,
            "Correo electrónico": _email(first, last), "Teléfono": f"+34 91 5550{k}17{k}", "Empresa": _company(last),
            "Cargo": "Directora", "Tipo de entrada": "Socio", "Sector": INDUSTRIES[k],
            "Tamaño de la empresa": SIZES[k], "Dirección": _street(last), "Comentarios": _note(first)}


def _dutch(k, first, last):
    return {"Voornaam": first, "Achternaam": last, "E-mailadres": _email(first, last),
            "Telefoonnummer": f"06 5550{k}17{k}", "Bedrijf": _company(last), "Functie": "Eigenaar",
            "Bestelnummer": _order(k), "Tickettype": "Lid", "Branche": INDUSTRIES[k], "Bedrijfsgrootte": SIZES[k],
            "Opmerkingen": _note(first), "Adres": _street(last), "Postcode": f"10{k}1 AB", "Woonplaats": "Utrecht"}


REPORTS = {
    "de-eventbrite": (_german, {"Bestellnummer", "Vorname", "Nachname", "E-Mail", "Teilnehmernummer", "Firma",
                                "Berufsbezeichnung", "Telefon", "Handynummer", "Straße", "PLZ", "Ort", "Notizen"},
                      {"Ticketart", "Branche", "Unternehmensgröße"}, "csv", None),
    "de-ascii": (_german_ascii, {"Bestell-Nr.", "Vorname", "Familienname", "E-Mail-Adresse", "Unternehmen",
                                 "Position", "Telefon-Nr.", "Mobilnummer", "Strasse", "Postleitzahl", "Wohnort",
                                 "Bemerkungen"},
                 {"Branche", "Unternehmensgroesse", "Sitzung"}, "csv-comma", '"E-Mail-Adresse" = "email"'),
    "fr-weezevent": (_french, {"N° de commande", "Nom", "Prénom", "Email", "Société", "Fonction", "Téléphone",
                               "Adresse", "Code postal", "Ville", "Remarques"},
                     {"Tarif", "Secteur d'activité", "Taille de l'entreprise"}, "cp1252", None),
    "es": (_spanish, {"Número de pedido", "Nombre", "Apellidos", "Correo electrónico", "Teléfono", "Empresa", "Cargo",
                      "Dirección", "Comentarios"},
           {"Tipo de entrada", "Sector", "Tamaño de la empresa"}, "xlsx", '"Correo electrónico" = "email"'),
    "nl": (_dutch, {"Voornaam", "Achternaam", "E-mailadres", "Telefoonnummer", "Bedrijf", "Functie", "Bestelnummer",
                    "Opmerkingen", "Adres", "Postcode", "Woonplaats"},
           {"Tickettype", "Branche", "Bedrijfsgrootte"}, "title", '"E-mailadres" = "email"'),
}


def _write_report(tmp_path: Path, name: str) -> tuple[Path, Path | None]:
    row_of, _, _, how, email_map = REPORTS[name]
    records = [row_of(k, first, last) for k, (first, last) in enumerate(PEOPLE)]
    header = list(records[0])
    rows = [[r[c] for c in header] for r in records]
    if how == "xlsx":
        export = _xlsx(tmp_path / f"{name}.xlsx", header, rows)
    elif how == "cp1252":
        export = _european_csv(tmp_path / f"{name}.csv", header, rows, encoding="cp1252")
    elif how == "csv-comma":
        export = _european_csv(tmp_path / f"{name}.csv", header, rows, encoding="utf-8", sep=",")
    elif how == "title":
        export = _european_csv(tmp_path / f"{name}.csv", header, rows, title="Deelnemerslijst netwerkavond")
    else:
        export = _european_csv(tmp_path / f"{name}.csv", header, rows)
    column_map = None
    if email_map:
        column_map = tmp_path / f"{name}.toml"
        column_map.write_text(f"[columns.attendees]\n{email_map}\n", encoding="utf-8")
    return export, column_map


# the attendee columns each report's kept questions become (written out, not worked out by the code under test)
KEPT_AS = {"de-eventbrite": ["ticket_type", "industry", "company_size"],
           "de-ascii": ["sitzung", "industry", "company_size"],
           "fr-weezevent": ["tarif", "industry", "company_size"],
           "es": ["ticket_type", "industry", "company_size"],
           "nl": ["ticket_type", "industry", "company_size"]}


@pytest.mark.parametrize("name", list(REPORTS))
def test_personal_columns_of_a_localized_attendee_report_never_reach_the_folder(tmp_path, monkeypatch, capsys, name):
    _, personal, _, _, _ = REPORTS[name]
    export, column_map = _write_report(tmp_path, name)
    folder = tmp_path / "season" / "2026-10-abend"
    args = ["import", "registrations", export, "--out", folder] + (["--map", column_map] if column_map else [])
    assert _netout(monkeypatch, *args) == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert len(attendees) == len(PEOPLE)
    # what an analysis may group by stays, under its question's name, or the toolkit's name for what it asks
    # (a ticket type is ticket_type, "Branche" industry); nothing else does
    assert sorted(attendees.columns) == sorted(["event_id", "attendee_id"] + KEPT_AS[name])
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    said = set(report.loc[report["what"] == "personal_data", "column"])
    assert personal <= said, sorted(personal - said)
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_german_survey_map_cannot_carry_a_company_or_notes_into_the_folder(tmp_path, monkeypatch, capsys):
    """A personal column mapped to an attendee or survey column is refused in German as in English ("Company")."""
    header = ["Zeitstempel", "E-Mail-Adresse", "Vorname", "Firma", "Branche", "Wie zufrieden waren Sie mit dem Abend?",
              "Anmerkungen"]
    rows = [[f"08.10.2026 21:1{k}:00", _email(first, last), first, _company(last), INDUSTRIES[k], str(2 + k % 4),
             _note(first)] for k, (first, last) in enumerate(PEOPLE)]
    export = _european_csv(tmp_path / "antworten.csv", header, rows)
    column_map = tmp_path / "karte.toml"
    column_map.write_text('[columns.survey]\n"E-Mail-Adresse" = "attendee_id"\n'
                          '"Wie zufrieden waren Sie mit dem Abend?" = "satisfaction"\n"Anmerkungen" = "comments"\n'
                          '[columns.attendees]\n"Firma" = "company"\n"Vorname" = "team"\n"Branche" = "industry"\n',
                          encoding="utf-8")
    folder = tmp_path / "abend"
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    survey = pd.read_csv(folder / "survey.csv", dtype=str)
    assert sorted(attendees.columns) == ["attendee_id", "event_id", "industry"]
    assert "comments" not in survey.columns and survey["satisfaction"].notna().all()
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert {"Firma", "Vorname", "Anmerkungen"} <= set(report.loc[report["what"] == "personal_data", "column"])
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_the_loader_drops_localized_personal_columns_of_a_hand_made_folder(tmp_path):
    """A folder written by hand (not by an import) with German and French columns: the loader leaves them out."""
    import toolkit

    folder = tmp_path / "ev"
    folder.mkdir()
    people = pd.DataFrame({
        "event_id": "e1", "attendee_id": [f"B{k}" for k in range(len(PEOPLE))],
        "Vorname": [f for f, _ in PEOPLE], "Nachname": [last for _, last in PEOPLE],
        "Firma": [_company(last) for _, last in PEOPLE], "Prénom": [f for f, _ in PEOPLE],
        "Téléphone": [f"+33 1 5550{k}17{k}" for k in range(len(PEOPLE))],
        "Bemerkungen": [_note(f) for f, _ in PEOPLE], "Branche": INDUSTRIES, "Unternehmensgröße": SIZES})
    people.to_csv(folder / "attendees.csv", index=False)
    pd.DataFrame({"event_id": ["e1"], "session_id": ["S1"], "format": ["structured"]}).to_csv(
        folder / "sessions.csv", index=False)
    people[["event_id", "attendee_id"]].assign(session_id="S1").to_csv(folder / "participation.csv", index=False)
    data = toolkit.load_event_data(folder, secret="k")
    kept = {_fold(c) for c in data.attendees.columns}
    assert not {"vorname", "nachname", "firma", "prenom", "telephone", "bemerkungen"} & kept, kept
    assert {"branche", "unternehmensgrosse"} <= kept, kept


# ---------------------------------------------------------------------------- scans: notes and decimal commas


@pytest.mark.parametrize(("notes", "test_word"), [("Notizen", "Test"), ("Bemerkungen", "Testscan"),
                                                  ("Remarques", "essai"), ("Commentaires", "Test"),
                                                  ("Comentarios", "prueba"), ("Opmerkingen", "test")])
def test_scan_notes_in_other_languages_are_personal_notes_and_lead_scores_read_decimal_commas(
        tmp_path, monkeypatch, capsys, notes, test_word):
    """A German lead-retrieval export: notes are free text about a person (never copied; a note saying the scan was
    a test sets it aside), and scores written '4,5' by a European Excel are 4.5, not a rating not understood."""
    export, _ = _write_report(tmp_path, "de-eventbrite")
    folder = tmp_path / "abend"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    email = [_email(first, last) for first, last in PEOPLE]
    # scanner, scanned, score: 4,5 yes; 2,5 and 3,0 the middle (left empty); 1,5 no; 5 yes; then a test scan
    scans = [(0, 1, "4,5"), (1, 2, "2,5"), (2, 3, "1,5"), (3, 4, "5"), (4, 5, "3,0"), (0, 2, "4,0"), (5, 0, "")]
    header = ["Gescannt von", "E-Mail", "Vorname", "Nachname", "Firma", "Scan-Zeit", "Lead Score", notes]
    rows = [[email[a], email[b], PEOPLE[b][0], PEOPLE[b][1], _company(PEOPLE[b][1]), f"08.10.2026 19:{10 + k}",
             score, test_word if k == len(scans) - 1 else _note(PEOPLE[b][0])]
            for k, (a, b, score) in enumerate(scans)]
    export = _european_csv(tmp_path / "scans.csv", header, rows)
    column_map = tmp_path / "scans.toml"
    column_map.write_text('time_zone = "Europe/Berlin"\nday_first = true\n[columns.contacts]\n'
                          '"Gescannt von" = "scanner"\n"Scan-Zeit" = "time"\n', encoding="utf-8")
    assert _netout(monkeypatch, "import", "scans", export, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False)
    assert contacts["interest"].tolist() == ["yes", "", "no", "yes", "", "yes"]
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    ours = report[report["file"] == "scans.csv"]
    assert not (ours["what"] == "value_not_mapped").any(), ours
    middle = ours[ours["reason"].str.contains("middle of a 1-5 scale", na=False)]
    assert middle["reason"].tolist() == ["2 rating(s) in the middle of a 1-5 scale (above 2, below 4): neither "
                                         "interested nor not; interest left empty"]
    assert ours.loc[ours["reason"].str.contains("test scan", na=False), "row"].tolist() == ["8"]
    assert {notes, "Vorname", "Nachname", "Firma"} <= set(ours.loc[ours["what"] == "personal_data", "column"])
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_score_the_scale_does_not_know_is_still_reported(tmp_path):
    """Decimal commas are read; what is still not a 1-5 score (or a word the map names) is reported, never dropped."""
    rows = [["B1", "B2", "18/10/2026 19:40", "7,5"], ["B2", "B3", "18/10/2026 19:45", "vielleicht"],
            ["B3", "B1", "18/10/2026 19:50", "4,5"]]
    export = _european_csv(tmp_path / "scans.csv", ["Scanned By", "Badge ID", "Scan Date", "Rating"], rows)
    result = import_export("scans", [export], out=tmp_path / "e", secret="k")
    assert result.tables["contacts"]["interest"].fillna("").tolist() == ["", "", "yes"]
    unread = result.report[result.report["what"] == "value_not_mapped"]
    assert unread["row"].tolist() == [2, 3] and unread["value"].tolist() == ["7,5", "vielleicht"]

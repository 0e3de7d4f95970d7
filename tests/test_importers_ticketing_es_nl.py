"""Spanish and Dutch ticketing reports imported without a map, as German and French ones are.

The reports are written here from the tools' layouts in those languages (Eventbrite's attendee report in
Spanish and in Dutch, an Eventix / Ticketmaster NL style ticket list with a scan column, a Spanish report
saved as .xlsx with a title row, a French Weezevent list with its control column) and varied as organisers' files vary: column order, extra columns, a BOM,
`;` and CRLF, blank rows, status words with and without accents, a report exported before the event.
Each test runs the import with no map and checks that the email is the attendee id (so a survey by email
finds the same person), that the status words are read (checked in, registered, cancelled, refunded, not
confirmed), that the name and email columns are used and never copied, and that no planted name, email or
number reaches a file or a message.
"""

from __future__ import annotations


import pandas as pd
import pytest

from toolkit import privacy
from toolkit.io.importers import import_export

from test_importers_ticketing import _no_leak, _tickets_line, _written
from test_importers_untidy import _european_csv, _netout, _xlsx

# invented people; no word of the toolkit's messages contains these names, so finding one means a leak
PEOPLE = [("Ximena", "Arrietagoitia"), ("Benicio", "Zubizarreta"), ("Candela", "Echeverrigaray"),
          ("Dagoberto", "Olabarrieta"), ("Eulalia", "Urquizabal"), ("Fermina", "Goikoetxea"),
          ("Godelieve", "Vanderstraeten"), ("Hendrikje", "Oudshoorn"), ("Ijsbrand", "Kwakkelstein"),
          ("Jozefien", "Tielemansz")]
SECTORS = ["Comercio", "Derecho", "Tecnología", "Comercio", "Derecho", "Tecnología", "Comercio", "Derecho",
           "Tecnología", "Comercio"]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@ejemplo.example"


def _planted(extra: list[str] = ()) -> list[str]:
    return [p for first, last in PEOPLE for p in (first, last, _email(first, last))] + list(extra)


# the key of every import here, the command line's included (NETOUT_SECRET), so that ids can be checked
SECRET = "es-nl-tickets-test-key"


def _ids_of(emails: list[str]) -> list[str]:
    return privacy.pseudonymise(pd.Series(emails, dtype="string"), secret=SECRET, all_values=True).tolist()


# ---------------------------------------------------------------------------- Eventbrite in Spanish

ES_HEADER = ["N.º de pedido", "Fecha del pedido", "Nombre", "Apellido(s)", "Correo electrónico", "Cantidad",
             "Tipo de entrada", "N.º de asistente", "Estado de asistencia", "Sector"]


def _spanish_rows(statuses: list[str]) -> list[list[str]]:
    return [[str(5520300 + 7 * k), f"0{1 + k % 9}/05/2026", first, last, _email(first, last), "1",
             ("Entrada general", "Socio")[k % 2], str(88410 + k), status, SECTORS[k]]
            for k, ((first, last), status) in enumerate(zip(PEOPLE, statuses))]


@pytest.mark.parametrize("statuses, expected, note", [
    # after the event: the check-in words beside "Registrado", which is then the registration (a no-show)
    (["Check-in realizado", "Check-in realizado", "Cancelado", "Asistió", "Registrado", "Check-in realizado",
      "Reembolsado", "Check-in realizado", "Lista de espera", "Pendiente"],
     "tickets: 5 checked in, 0 registered, 1 refunded, 1 cancelled, 2 not confirmed, 1 no show",
     "'Registrado' read as registered"),
    # alone, "Registrado" is Eventbrite's Spanish word for a check-in ("Asistiendo" a ticket still to check in)
    (["Registrado", "Registrado", "Cancelada", "Asistiendo", "Registrada", "Registrado", "Reembolsada",
      "Registrado", "En lista de espera", "Registrado"],
     "tickets: 6 checked in, 0 registered, 1 refunded, 1 cancelled, 1 not confirmed, 1 no show",
     "'Registrado' read as checked in"),
    # exported before the evening: nobody has checked in, every registered ticket counts
    (["Inscrito", "Confirmado", "Cancelado", "Asistiendo", "Pendiente de aprobación", "Inscrita", "Rechazado",
      "Asistiendo", "Reembolsado", "Confirmada"],
     "tickets: 0 checked in, 6 registered, 1 refunded, 1 cancelled, 2 not confirmed, 0 no show",
     "records no check-in"),
])
def test_spanish_eventbrite_report_without_a_map(tmp_path, monkeypatch, capsys, statuses, expected, note):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    rows = _spanish_rows(statuses)
    export = _european_csv(tmp_path / "informe_asistentes.csv", ES_HEADER, rows, blank_rows=2)
    folder = tmp_path / "temporada" / "2026-05-afterwork"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == expected
    assert not report["reason"].str.contains("not understood", na=False).any()
    assert note in " ".join(report.loc[report["what"] == "note", "reason"])
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "ticket_type", "industry"]
    # the email is the id: a survey keyed by the same email finds the same people
    assert set(attendees["attendee_id"]) <= set(_ids_of([_email(f, last) for f, last in PEOPLE]))
    assert len(attendees) == int(expected.split()[1]) + int(expected.split()[4])
    # names, email, order and attendee numbers tell people apart and are never copied
    used = report.loc[report["reason"].str.contains("never copied", na=False), "column"].tolist()
    assert {"N.º de pedido", "Nombre", "Apellido(s)", "Correo electrónico", "N.º de asistente"} <= set(used)
    keys = pd.read_csv(folder / "import_keys.csv", dtype=str)
    kept_names = privacy.pseudonymise(pd.Series([f"{f} {last}".casefold() for f, last in PEOPLE], dtype="string"),
                                      secret=SECRET, all_values=True)
    assert set(keys.loc[keys["kind"] == "name", "key"]) <= set(kept_names)
    _no_leak(_planted([r[0] for r in rows] + [r[7] for r in rows]), printed.out, printed.err, _written(folder))


def test_spanish_report_as_a_workbook_with_a_title_and_unaccented_words(tmp_path):
    """A Spanish report saved as .xlsx, a title above the header, words typed without accents, other order."""
    header = ["Correo electronico", "Apellidos", "Nombre", "Estado del asistente", "Tipo de entrada", "Sector",
              "Numero de pedido"]
    statuses = ["Asistio", "Asistio", "No asistio", "Asistio", "Cancelado", "Asistio", "Asistio", "Reembolsado",
                "Asistio", "Lista de espera"]
    rows = [[_email(first, last), last, first, status, "General", SECTORS[k], f"P-{9100 + k}"]
            for k, ((first, last), status) in enumerate(zip(PEOPLE, statuses))]
    export = _xlsx(tmp_path / "Asistentes.xlsx", header, rows, title="Informe de asistentes - Networking mayo")
    result = import_export("registrations", [export], out=tmp_path / "evento", secret=SECRET)
    assert _tickets_line(result.report) == ("tickets: 6 checked in, 0 registered, 1 refunded, 1 cancelled, "
                                            "1 not confirmed, 1 no show")
    attendees = result.tables["attendees"]
    came = [k for k, s in enumerate(statuses) if s == "Asistio"]
    assert attendees["attendee_id"].tolist() == _ids_of([_email(*PEOPLE[k]) for k in came])
    _no_leak(_planted([r[6] for r in rows]), _written(tmp_path / "evento"), result.report.to_csv())


# ---------------------------------------------------------------------------- Eventbrite in Dutch

NL_HEADER = ["Bestelnummer", "Besteldatum", "Voornaam", "Achternaam", "E-mailadres", "Aantal", "Tickettype",
             "Deelnemernummer", "Status", "Branche", "Bedrijf"]
NL_STATUSES = ["Ingecheckt", "Ingecheckt", "Geannuleerd", "Aanwezig", "Geregistreerd", "ingecheckt",
               "Terugbetaald", "Ingecheckt", "Wachtlijst", "In afwachting"]


def test_dutch_eventbrite_report_without_a_map(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    rows = [[f"NL{730100 + 3 * k}", f"2026-05-{1 + k:02d}", first, last, _email(first, last), "1",
             ("Lid", "Niet-lid")[k % 2], str(66120 + k), status, ("Handel", "Recht", "ICT")[k % 3],
             f"{last} B.V."]
            for k, ((first, last), status) in enumerate(zip(PEOPLE, NL_STATUSES))]
    export = _european_csv(tmp_path / "deelnemers.csv", NL_HEADER, rows, empty_columns=2, blank_rows=1)
    folder = tmp_path / "netwerkborrel"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder) == 0
    printed = capsys.readouterr()
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert _tickets_line(report) == ("tickets: 5 checked in, 0 registered, 1 refunded, 1 cancelled, "
                                     "2 not confirmed, 1 no show")
    assert not report["reason"].str.contains("not understood", na=False).any()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "ticket_type", "industry"]
    assert set(attendees["ticket_type"]) == {"Lid", "Niet-lid"}
    came = [k for k, s in enumerate(NL_STATUSES) if s.lower() in ("ingecheckt", "aanwezig")]
    assert sorted(attendees["attendee_id"]) == sorted(_ids_of([_email(*PEOPLE[k]) for k in came]))
    used = report.loc[report["reason"].str.contains("never copied", na=False), "column"].tolist()
    assert {"Bestelnummer", "Voornaam", "Achternaam", "E-mailadres", "Deelnemernummer", "Bedrijf"} <= set(used)
    _no_leak(_planted([r[0] for r in rows] + [r[7] for r in rows] + [r[10] for r in rows]), printed.out,
             printed.err, _written(folder))


@pytest.mark.parametrize("scanned, expected", [
    # a scan column of yes/no: "Nee" is no, not a check-in
    (["Ja", "Ja", "Nee", "Ja", "Nee", "Ja", "Ja", "Ja", "Nee", "Ja"], 7),
    # a scan time, or empty
    (["2026-05-14 19:02", "2026-05-14 19:05", "", "2026-05-14 19:30", "", "2026-05-14 19:11", "", "", "",
      "2026-05-14 20:01"], 5),
])
def test_dutch_ticket_list_with_a_scan_column(tmp_path, scanned, expected):
    """An Eventix / Ticketmaster NL style ticket list: no status, a 'Gescand' column says who came."""
    header = ["Ordernummer", "Barcode", "Ticket", "Voornaam", "Achternaam", "E-mail", "Gescand", "Sector",
              "Prijs"]
    rows = [[f"TM-{40200 + k}", f"80{k}7731{k}90{k}", "Netwerkavond", first, last, _email(first, last),
             scanned[k], SECTORS[k], "25,00"] for k, (first, last) in enumerate(PEOPLE)]
    export = tmp_path / "tickets.csv"
    export.write_text("\n".join(";".join(r) for r in [header] + rows) + "\n", encoding="utf-8")
    result = import_export("registrations", [export], out=tmp_path / "borrel", secret=SECRET)
    attendees = result.tables["attendees"]
    assert len(attendees) == expected
    assert _tickets_line(result.report).startswith(f"tickets: {expected} checked in, 0 registered")
    came = [k for k, s in enumerate(scanned) if s and s != "Nee"]
    assert attendees["attendee_id"].tolist() == _ids_of([_email(*PEOPLE[k]) for k in came])
    assert "prijs" not in attendees.columns
    _no_leak(_planted([r[0] for r in rows] + [r[1] for r in rows]), _written(tmp_path / "borrel"),
             result.report.to_csv())


def test_a_dutch_report_where_every_ticket_is_set_aside_quotes_its_words(tmp_path, monkeypatch, capsys):
    header = ["Voornaam", "Achternaam", "E-mailadres", "Status"]
    rows = [[first, last, _email(first, last), ("Geannuleerd", "Terugbetaald", "Wachtlijst")[k % 3]]
            for k, (first, last) in enumerate(PEOPLE[:6])]
    export = _european_csv(tmp_path / "lijst.csv", header, rows)
    assert _netout(monkeypatch, "import", "registrations", export, "--out", tmp_path / "e") == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "'Geannuleerd' (2)" in message and "'Terugbetaald' (2)" in message and "'Wachtlijst' (2)" in message
    assert not (tmp_path / "e").exists()


def test_a_weezevent_list_with_a_control_column(tmp_path):
    """A French Weezevent participant list: 'Contrôlé' (Oui/Non) says who was let in; 'Tarif' stays a question."""
    header = ["Code-barres", "Nom", "Prénom", "Email", "Tarif", "Contrôlé", "Secteur d'activité"]
    checked = ["Oui", "Oui", "Non", "Oui", "Oui", "Non", "Oui", "Oui", "Non", "Oui"]
    rows = [[f"43{k}0992{k}1", last, first, _email(first, last), ("Plein tarif", "Adhérent")[k % 2], checked[k],
             ("Commerce", "Droit")[k % 2]] for k, (first, last) in enumerate(PEOPLE)]
    export = _european_csv(tmp_path / "participants.csv", header, rows)
    result = import_export("registrations", [export], out=tmp_path / "soiree", secret=SECRET)
    assert _tickets_line(result.report).startswith("tickets: 7 checked in, 0 registered")
    attendees = result.tables["attendees"]
    assert attendees["attendee_id"].tolist() == _ids_of([_email(*PEOPLE[k]) for k, c in enumerate(checked)
                                                         if c == "Oui"])
    _no_leak(_planted([r[0] for r in rows]), _written(tmp_path / "soiree"), result.report.to_csv())

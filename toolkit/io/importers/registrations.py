"""Event-ticketing attendee reports (CSV/XLSX) -> ``attendees`` (+ ``sessions``, ``participation``).

A ticketing tool's attendee report has one row per ticket: the order, the
attendee's name and email, the ticket type, a status, often a check-in, the
company and job title, fees, and one column per custom registration question.
The importer recognises these columns by their usual headers (:data:`ROLES`:
Eventbrite, Tito, Luma, Meetup and Cvent among them, and German, French,
Spanish and Dutch reports; an ``_`` reads as a space, so Luma's ``approval_status`` is a status;
a map's ``[columns.attendees]`` can name them: ``"Booking ref" = "order"``)
and keeps what an analysis may use:

- **who came**: checked-in attendees are kept; refunded, cancelled, not
  confirmed (declined, waitlisted, awaiting approval, only invited) and no-show
  tickets are set aside and counted in the report. Where the export records no
  check-in at all, every registered ticket counts (the report says so);
  ``[registrations] keep`` decides otherwise. Status words the tool uses
  beyond the usual ones go into ``[registrations.status]``. A report in which
  every ticket is set aside is refused, with the status words it holds.
- **one id per person**: the attendee's email, pseudonymised
  (:func:`toolkit.privacy.pseudonymise`), so that the survey and the scans of
  the same person get the same id; a member number or a tool's user id
  (Meetup's ``User ID``) is the id where there is one, pseudonymised the same
  way. Where one email is on the tickets of several people (the buyer's, on every
  guest's ticket of an order; an assistant's, on colleagues' separate orders),
  it is the person's whose name it spells (``doerte.quellmalz``),
  else the buyer's where a buyer name column says who bought them, else no one's;
  the others are guests, each with an id of their own from the order and their
  name. The same person on two tickets counts once, and a ticket not checked in of
  someone who came on another is their second ticket, not a no-show.
- **custom questions** become attendee columns (mapped ones under their
  canonical name, e.g. ``industry``), except personal ones (the one
  personal-data rule drops them) and free-text answers (reported).
  Order and ticket numbers, names, emails, fees, dates, company and job title
  never reach the tables.
- **the session a person chose**: a registration question that says which room
  or format someone chose becomes ``sessions`` and ``participation``
  (assignment ``self_selected``) through ``[registrations.sessions]``::

      [registrations.sessions]
      question = "Which networking format would you like to join?"
      [registrations.sessions.answers]
      "Hosted round tables" = { session_id = "tables", format = "structured", grouping = "industry" }
      "Open networking" = "unstructured"

  A question that takes several answers (checkboxes joined in one cell, or
  SurveyMonkey's one column per option) puts a person in every session chosen.
- **the days of a conference**: with a schedule of sessions (``--schedule``),
  each kept attendee is in every session of each day they came: by the
  check-in column of that day (``Check-in dag 2``, ``Eingecheckt Tag 1``,
  ``Check-in 12.03.``: read, never copied), else by their ticket type (one that
  names days is valid on those) and the date of their one check-in (from that
  day on). The summary counts who was placed on each day, and who on none.

Beside the tables the importer writes ``import_keys.csv``: keyed pseudonyms of
each kept attendee's email, name (as written and folded: ``name_key``) and ticket number (of every kept ticket: a
person's second ticket, counted once, keys them too) and of an order number
that is one person's, with their id, so that a later import of the same event
(badge scans by name or by either badge, a survey by email) finds them without
any of these being kept.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "attendees.csv").write_text(
...     "Order #,First Name,Last Name,Email,Ticket Type,Attendee Status,Industry\\n"
...     "1001,Ann,Lee,ann@example.org,Member,Checked In,Retail\\n"
...     "1002,Bo,Chen,bo@example.org,Member,Refunded,Law\\n")
>>> r = import_export("registrations", [work / "attendees.csv"], out=work / "gala", secret="k")
>>> r.tables["attendees"].columns.tolist(), r.rows_skipped
(['event_id', 'attendee_id', 'ticket_type', 'industry'], 1)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import privacy
from toolkit.contract import ASSIGNMENTS, DEFAULT_ASSIGNMENT, FORMATS
from toolkit.errors import NetoutError, UsageError
from toolkit.io import parsing
from toolkit.io.importers._common import (
    COLUMN_NOT_MAPPED,
    FOLDED_NAME,
    KEYS_FILE,
    SHARED_EMAIL_KEY,
    NOTE,
    PERSONAL_DATA,
    ROW_SKIPPED,
    VALUE_NOT_MAPPED,
    WARNING,
    ImportLog,
    ImportResult,
    contract_frame,
    existing_file,
    existing_table,
    yes_no_answers,
    event_format,
    finish,
    list_with_more,
    name_key,
    one_format_session,
    prepare_out,
    quote_values,
    read_export,
    read_export_table,
    resolve_event_id,
    tidy_export,
    write_folder_settings,
)
from toolkit.io.files import write_csv
from toolkit.io.importers.suggest import attendee_column_guess
from toolkit.io.importers.survey import form_layout, is_tool_column, option_is_personal
from toolkit.settings import REGISTRATION_STATES, Settings

#: The columns of an attendee report by what they hold, with the headers ticketing tools give them (English,
#: German, French, Spanish and Dutch reports; compared in lower case with ``_`` read as a space, so
#: ``approval_status`` is Luma's "approval status").
ROLES: dict[str, tuple[str, ...]] = {
    "attendee_id": ("attendee id", "member number", "member id", "membership number", "user id",
                    "mitgliedsnummer", "numéro de membre", "numéro d'adhérent", "número de socio", "numero de socio",
                    "n.º de socio", "nº de socio", "lidnummer", "lidmaatschapsnummer"),
    "email": ("email", "email address", "e-mail", "attendee email", "ticket email", "attendee e-mail",
              "delegate email", "guest email", "e-mail-adresse", "e-mail adresse", "adresse e-mail", "adresse email",
              "courriel", "emailadresse", "adresse de messagerie", "adresse électronique",
              "correo electrónico", "correo electronico", "correo", "dirección de correo electrónico",
              "direccion de correo electronico", "correo electrónico del asistente", "e-mailadres", "emailadres",
              "e-mail adres", "mailadres"),
    "buyer_email": ("buyer email", "order email", "purchaser email", "booker email", "email payeur", "e-mail payeur",
                    "email de l'acheteur",
                    "correo electrónico del comprador", "e-mailadres koper"),
    "first_name": ("first name", "given name", "ticket first name", "attendee first name", "first", "firstname",
                   "vorname", "prénom", "prénom participant", "prénom du participant", "nombre", "nombre de pila", "voornaam"),
    "last_name": ("last name", "surname", "family name", "ticket last name", "attendee last name", "last", "lastname",
                  "nachname", "familienname", "nom de famille", "nom", "nom participant", "nom du participant", "apellido(s)", "apellidos", "apellido",
                  "achternaam"),
    # Dutch surname prefixes ("van der", "de"), German "von": part of the name between the first and last name
    "name_prefix": ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "namenszusatz", "zusatz",
                    "nameprefix", "name prefix"),
    "name": ("name", "full name", "ticket full name", "attendee name", "attendee full name", "guest name",
             "vollständiger name", "nom complet", "nom et prénom", "prénom et nom", "nombre completo",
             "nombre y apellidos", "naam", "volledige naam"),
    # who bought the tickets of an order: tells whose an email on several of its tickets is
    "buyer_name": ("buyer name", "purchaser name", "booker name", "order name", "buyer full name", "naam koper",
                   "koper", "besteller", "käufer", "name des käufers", "acheteur",
                   "comprador", "nombre del comprador"),
    "buyer_first_name": ("buyer first name", "purchaser first name", "booker first name", "voornaam koper",
                         "vorname käufer", "vorname besteller", "prénom de l'acheteur", "prénom payeur"),
    "buyer_last_name": ("buyer last name", "purchaser last name", "booker last name", "buyer surname",
                        "achternaam koper", "nachname käufer", "nachname besteller", "nom de l'acheteur", "nom payeur",
                        "apellidos del comprador"),
    "order": ("order #", "order id", "order number", "order no", "order no.", "order reference", "order ref",
              "booking reference", "booking id", "booking ref", "order", "bestellnummer", "bestell-nr.", "bestellnr.",
              "n° de commande", "numéro de commande", "no de commande", "référence commande", "référence de commande", "n.º de pedido", "nº de pedido",
              "n° de pedido", "número de pedido", "numero de pedido", "bestelnummer", "ordernummer"),
    "ticket": ("attendee #", "ticket #", "ticket number", "ticket id", "ticket reference", "barcode", "barcode #",
               "ticket barcode", "badge number", "badge id", "registration id", "confirmation number",
               "confirmation #", "confirmation no", "confirmation no.", "api id", "guest id", "teilnehmer-nr.",
               "teilnehmernummer", "ticketnummer", "n° de participant", "numéro de participant", "n° de billet",
               "numéro de billet", "code-barre", "code barre", "code-barres", "codes-barres", "n.º de asistente", "nº de asistente", "número de asistente", "numero de asistente",
               "número de entrada", "código de barras", "codigo de barras", "deelnemernummer", "streepjescode"),
    "ticket_type": ("ticket type", "ticket", "price tier", "ticket class", "ticket name", "registration type",
                    "ticket category", "ticketart", "tickettyp", "type de billet", "catégorie de billet",
                    "billet", "tipo de entrada", "tipo de boleto", "tipo de ticket", "tickettype", "ticketsoort", "soort ticket"),
    "status": ("attendee status", "status", "ticket status", "registration status", "approval status",
               "invitee status", "guest status", "rsvp", "rsvp status", "rsvp response", "teilnehmerstatus",
               "statut du participant", "statut", "order status", "statut de la commande", "estado de asistencia", "estado del asistente",
               "estado de la entrada", "estado de la inscripción", "estado de inscripción", "estado del registro",
               "deelnemersstatus", "deelnemerstatus", "status deelnemer", "ticketstatus"),
    "checked_in": ("checked in", "checked in?", "check-in", "checked-in", "check in", "check-in status",
                   "check in status", "checked in at", "check-in date", "check-in time", "attended", "attendance",
                   "eingecheckt", "anwesend", "présent", "présence", "contrôlé", "scanné", "asistió", "asistio",
                   "check-in realizado", "fecha del check-in", "ingecheckt", "aanwezig", "gescand", "ingecheckt op"),
    "company": ("company", "company name", "organisation", "organization", "employer", "ticket company name",
                "organisation name", "organization name", "firma", "unternehmen", "entreprise", "société", "raison sociale",
                "empresa", "organización", "bedrijf", "bedrijfsnaam", "organisatie"),
    "job_title": ("job title", "title", "position", "job", "ticket job title", "berufsbezeichnung", "jobtitel",
                  "fonction", "poste", "cargo", "puesto", "functie", "functietitel"),
}
# Ids of a person's account with the tool or the association (Meetup's "User ID", a member number): keyed like an
# email whatever they look like; a column the organiser named attendee_id (study codes) is keyed only where personal.
_ACCOUNT_IDS = frozenset(ROLES["attendee_id"]) - {"attendee id"}
# Bookkeeping of the sale, never an attendee attribute (and order-level amounts identify a purchase).
_SALE_COLUMNS = frozenset({
    "quantity", "currency", "total paid", "fees paid", "eventbrite fees", "eventbrite payment processing",
    "price", "ticket price", "amount", "amount paid", "discount", "discount code", "promo code", "promotional code",
    "order type", "payment type", "payment method", "payment status", "group", "order date", "date",
    "created", "created at", "last updated", "updated at", "tax", "vat", "tax paid", "net sales", "gross sales",
    "affiliate", "invoice number", "refund amount", "event name", "event", "event id", "source", "tags",
    # Luma, Meetup, Cvent
    "amount tax", "amount discount", "coupon code", "custom source", "ticket type id", "rsvped on", "joined group on",
    "registration date", "registered on", "last modified date",
    # German and French reports
    "bestelldatum", "menge", "anzahl", "währung", "gesamtbetrag", "gebühren", "preis", "rabattcode",
    "date de commande", "quantité", "devise", "montant", "total payé", "frais", "prix", "code promo",
    "date de la commande", "date d'achat", "moyen de paiement", "montant du tarif", "montant du code promo",
    # Spanish and Dutch reports (an order date without its time repeats at a small evening: named here too)
    "fecha del pedido", "fecha de compra", "fecha de registro", "besteldatum", "aankoopdatum", "cantidad", "moneda", "precio", "importe", "total pagado", "comisiones", "tarifas", "código de descuento",
    "código promocional", "método de pago", "aantal", "valuta", "prijs", "bedrag", "totaal betaald", "kosten",
    "servicekosten", "kortingscode", "betaalmethode",
})
# The contact fields of ticketing tools' attendee reports (Eventbrite's "Home Address 1" ... "Work Phone", Luma's
# wallets, Meetup's profile link): part of the layout, used for nothing, never copied whatever the personal-data
# rule says of their names.
_CONTACT_FIELDS = frozenset(
    f"{where} {what}" for where in ("home", "work", "billing", "shipping")
    for what in ("address", "address 1", "address 2", "city", "state", "county", "zip", "postcode", "post code",
                 "country", "phone", "fax")
) | frozenset({"cell phone", "mobile phone", "website", "blog", "linkedin", "twitter", "birth date", "date of birth",
               "age", "gender", "address", "address 1", "address 2", "city", "postcode", "zip", "zip code",
               "postal code", "country", "state", "county", "phone number", "eth address", "solana address",
               "wallet address", "qr code url", "url of member profile", "profile url", "telefon", "telefonnummer",
               "mobiltelefon", "handy", "adresse", "straße", "stadt", "plz", "postleitzahl", "land", "geburtsdatum",
               "téléphone", "portable", "ville", "code postal", "pays", "date de naissance", "teléfono", "móvil",
               "dirección", "ciudad", "código postal", "país", "fecha de nacimiento", "telefoon", "telefoonnummer",
               "mobiel", "adres", "woonplaats", "geboortedatum"})
# How many unnamed guests a person brings (Meetup's "Guests"): they have no row, so they cannot be attendees.
_GUEST_COUNTS = frozenset({"guests", "guest count", "number of guests", "additional guests", "plus ones"})
# What the usual status words mean (English, German, French, Spanish, Dutch; Luma's, Meetup's and Cvent's among
# them).
_STATUS_WORDS: dict[str, str] = {
    "checked in": "checked_in", "checked-in": "checked_in", "attended": "checked_in", "present": "checked_in",
    "attending": "registered", "registered": "registered", "confirmed": "registered", "complete": "registered",
    "completed": "registered", "paid": "registered", "valid": "registered", "active": "registered",
    "booked": "registered", "going": "registered", "free order": "registered", "approved": "registered",
    "accepted": "registered",
    "refunded": "refunded", "refund": "refunded", "refund requested": "refunded",
    "cancelled": "cancelled", "canceled": "cancelled", "void": "cancelled", "voided": "cancelled",
    "deleted": "cancelled", "transferred": "cancelled",
    "waitlisted": "not_confirmed", "waitlist": "not_confirmed", "wait list": "not_confirmed",
    "waiting list": "not_confirmed", "declined": "not_confirmed", "rejected": "not_confirmed",
    "denied": "not_confirmed", "denied approval": "not_confirmed", "pending": "not_confirmed",
    "pending approval": "not_confirmed", "invited": "not_confirmed", "no response": "not_confirmed",
    "visited": "not_confirmed", "undeliverable": "not_confirmed",
    "not attending": "no_show", "no show": "no_show", "no-show": "no_show", "noshow": "no_show",
    "absent": "no_show", "did not attend": "no_show", "not checked in": "no_show",
    # German (Eventbrite's "Teilnehmerstatus" and the usual words)
    "eingecheckt": "checked_in", "anwesend": "checked_in", "teilgenommen": "checked_in",
    "angemeldet": "registered", "teilnehmend": "registered", "bestätigt": "registered", "bezahlt": "registered",
    "gebucht": "registered", "erstattet": "refunded", "rückerstattet": "refunded", "zurückerstattet": "refunded",
    "storniert": "cancelled", "abgesagt": "cancelled", "ungültig": "cancelled", "übertragen": "cancelled",
    "warteliste": "not_confirmed", "ausstehend": "not_confirmed", "abgelehnt": "not_confirmed",
    "eingeladen": "not_confirmed", "nicht erschienen": "no_show", "abwesend": "no_show",
    "nicht eingecheckt": "no_show", "nicht teilnehmend": "no_show",
    # French (Eventbrite's "Statut du participant" and the usual words)
    "présent": "checked_in", "présente": "checked_in", "inscrit": "registered", "inscrite": "registered",
    "participe": "registered", "confirmé": "registered", "confirmée": "registered", "payé": "registered",
    "réservé": "registered", "validé": "registered", "validée": "registered", "valide": "registered",
    "réglé": "registered", "réglée": "registered", "payée": "registered", "remboursé": "refunded", "remboursée": "refunded", "annulé": "cancelled",
    "annulée": "cancelled", "transféré": "cancelled", "liste d'attente": "not_confirmed",
    "en attente": "not_confirmed", "refusé": "not_confirmed", "refusée": "not_confirmed", "invité": "not_confirmed",
    "invitée": "not_confirmed", "absente": "no_show", "non présent": "no_show",
    "non enregistré": "no_show", "non enregistrée": "no_show",
    # Spanish (Eventbrite's "Estado del asistente"; words often typed without their accents)
    "check-in realizado": "checked_in", "check in realizado": "checked_in", "con check-in": "checked_in",
    "asistió": "checked_in", "asistio": "checked_in", "presente": "checked_in", "escaneado": "checked_in",
    "asistiendo": "registered", "inscrito": "registered", "inscrita": "registered", "confirmado": "registered",
    "confirmada": "registered", "pagado": "registered", "pagada": "registered", "reservado": "registered",
    "completado": "registered", "aprobado": "registered", "aprobada": "registered", "aceptado": "registered",
    "válido": "registered", "valido": "registered", "reembolsado": "refunded", "reembolsada": "refunded",
    "reembolso": "refunded", "cancelado": "cancelled", "cancelada": "cancelled", "anulado": "cancelled",
    "anulada": "cancelled", "transferido": "cancelled", "transferida": "cancelled", "eliminado": "cancelled",
    "lista de espera": "not_confirmed", "en lista de espera": "not_confirmed", "pendiente": "not_confirmed",
    "pendiente de aprobación": "not_confirmed", "pendiente de aprobacion": "not_confirmed",
    "rechazado": "not_confirmed", "rechazada": "not_confirmed", "denegado": "not_confirmed",
    "invitado": "not_confirmed", "invitada": "not_confirmed", "no asistió": "no_show", "no asistio": "no_show",
    "ausente": "no_show", "no se presentó": "no_show", "sin check-in": "no_show", "no registrado": "no_show",
    "no registrada": "no_show",
    # Dutch (Eventbrite's, Eventix's and Ticketmaster's words)
    "ingecheckt": "checked_in", "aanwezig": "checked_in", "gescand": "checked_in", "geregistreerd": "registered",
    "aangemeld": "registered", "ingeschreven": "registered", "bevestigd": "registered", "betaald": "registered",
    "geboekt": "registered", "geldig": "registered", "actief": "registered", "goedgekeurd": "registered",
    "geaccepteerd": "registered", "deelnemend": "registered", "terugbetaald": "refunded",
    "gerestitueerd": "refunded", "geretourneerd": "refunded", "geannuleerd": "cancelled", "afgemeld": "cancelled",
    "ongeldig": "cancelled", "overgedragen": "cancelled", "verwijderd": "cancelled", "wachtlijst": "not_confirmed",
    "op wachtlijst": "not_confirmed", "op de wachtlijst": "not_confirmed", "in afwachting": "not_confirmed",
    "in behandeling": "not_confirmed", "afgewezen": "not_confirmed", "uitgenodigd": "not_confirmed",
    "niet aanwezig": "no_show", "afwezig": "no_show", "niet ingecheckt": "no_show", "niet verschenen": "no_show",
    "niet gescand": "no_show",
}
# An RSVP column answers yes or no (Meetup's "RSVP": Yes, No, Waitlist); elsewhere "yes" says nothing of a ticket.
_RSVP_HEADERS = frozenset({"rsvp", "rsvp status", "rsvp response"})
_RSVP_WORDS = {"yes": "registered", "no": "not_confirmed"}
# Eventbrite's French and Spanish reports say "Enregistré" and "Registrado" for a checked-in ticket, while in
# everyday French and Spanish (and in a report that says "Présent" or "Asistió" for the check-in) they are the
# registration: read by what else the column says, and noted. Each spelling with the word its note quotes and the
# report's language.
_CHECK_IN_OR_REGISTERED: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("enregistré", "enregistrée", "enregistrés", "enregistrées"), ("Enregistré", "French")),
    **dict.fromkeys(("registrado", "registrada", "registrados", "registradas"), ("Registrado", "Spanish")),
}
_STATE_REASONS = {"refunded": "refunded ticket", "cancelled": "cancelled ticket (cancelled, void or transferred)",
                  "not_confirmed": "not confirmed (declined, waitlisted, awaiting approval or only invited): "
                                   "had no place",
                  "no_show": "no-show (registered but not checked in)"}
# How many status words a refused report's message quotes.
_WORDS_SHOWN = 8
# A custom question whose answers are this varied is free text, not a category to compare groups by.
_FREE_TEXT_SHARE = 0.5
# a column where at least 10 answers and 90% of them are different holds one value per person, not groups
_ONE_PER_PERSON_MIN_DISTINCT = 10
_ONE_PER_PERSON_SHARE = 0.9
_TIME_OF_DAY = r"\b\d{1,2}:\d{2}\b"
_FREE_TEXT_MIN_DISTINCT = 8
_FREE_TEXT_LENGTH = 20


@dataclass
class RegistrationList:
    """A ticketing export read: one row per kept person, what was set aside, and the keys to find people by.

    ``people`` has ``attendee_id``, ``_row`` (the spreadsheet row) and the
    attendee columns; ``choice`` the answer of the session question per person
    (where one is configured); ``keys`` keyed pseudonyms (``kind``, ``key``,
    ``attendee_id``) of each kept person's email, name, ticket numbers (every
    kept ticket's) and order number (where the order is theirs alone).
    """

    people: pd.DataFrame
    choice: pd.Series | None
    keys: pd.DataFrame
    log: ImportLog
    roles: dict[str, int] = field(default_factory=dict)
    #: per kept person (rows as ``people``): one bool column per check-in column of a day (named by its header),
    #: and, as text, ``_check_in`` (the one check-in column's value) and ``_ticket`` (the ticket type); never written
    attendance: pd.DataFrame | None = None
    #: the check-in columns of a day by their header, each with the day its header names (:func:`check_in_day`)
    day_columns: dict = field(default_factory=dict)


def import_registrations(sources, *, out, event_id: str | None = None, column_map=None, sheet=None,
                         header_row: int | None = None, session_format: str | None = None, schedule=None,
                         secret: str | bytes | None = None, overwrite: bool = False) -> ImportResult:
    """Turn a ticketing tool's attendee report into ``attendees`` (and ``sessions``, ``participation``).

    Parameters
    ----------
    sources : list of path
        One attendee report (CSV or XLSX).
    out : path
        The event folder (``DIR/EVENT``).
    event_id : str, optional
        Default: the name of the ``out`` folder.
    column_map : path, optional
        A ``netout.toml``-style map: ``[columns.attendees]`` (custom questions to
        canonical names, or the report's columns to roles such as ``email``),
        ``[registrations]`` (``keep``, ``status``, ``sessions``), time zone, labels.
    sheet : str or int, optional
        Worksheet of an XLSX report.
    header_row : int, optional
        Spreadsheet row of the header (default: row 1, else the first of the
        next rows that names an email, id or name column: a title above it is left out).
    session_format : {"structured", "unstructured"}, optional
        The whole event ran this one format (``--format``; else ``[registrations]
        format`` of the map): one session (``[registrations] session``, default
        ``all``, assignment ``scheduled``) with every kept attendee in it.
    schedule : path, optional
        The networking sessions (CSV or XLSX: ``session_id``, ``format``,
        ``start``, ``end``, optional ``assignment``, ``grouping``; local times of
        the event) (``--schedule``): each kept attendee takes part in every
        session of each day they came, by the export's check-in column of that
        day (``Check-in dag 2``), else their ticket type and check-in date.
    secret : str or bytes, optional
        Pseudonymisation key (see :mod:`toolkit.privacy`).
    overwrite : bool
        Replace tables already in ``out`` (a ``sessions.csv`` there is replaced only with it).

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "report.csv").write_text(
    ...     "Order #,Email,Attendee Status,Which format?\\n1,a@x.org,Checked In,Tables\\n2,b@x.org,Checked In,Bar\\n")
    >>> _ = (work / "map.toml").write_text('[registrations.sessions]\\nquestion = "Which format?"\\n'
    ...     '[registrations.sessions.answers]\\nTables = "structured"\\nBar = "unstructured"\\n')
    >>> r = import_registrations([work / "report.csv"], out=work / "mixer", column_map=work / "map.toml", secret="k")
    >>> r.tables["sessions"][["session_id", "format", "assignment"]].values.tolist()
    [['tables', 'structured', 'self_selected'], ['bar', 'unstructured', 'self_selected']]
    """
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"registrations takes one attendee report (got {len(sources)}).")
    path = existing_file(sources[0], "Attendee report")
    settings = read_settings_map(column_map)
    out_path = Path(out)
    event = resolve_event_id(event_id, out_path)
    frame, header = read_attendee_report(path, settings=settings, sheet=sheet, header_row=header_row)
    listing = read_registration_list(frame, settings=settings, file=path.name, secret=secret, header_row=header)
    log = listing.log
    people = listing.people
    attendees = contract_frame("attendees", {"event_id": event, "attendee_id": people["attendee_id"].to_numpy()},
                               extras=people.drop(columns=["attendee_id", "_row"]))
    tables = {"attendees": attendees}
    options = settings.section("registrations")
    chosen_format = event_format(session_format, options["format"], "registrations", log)
    if schedule is not None:
        if chosen_format is not None or options["sessions"]["question"]:
            given = ("--format" if session_format else "[registrations] format") if chosen_format is not None \
                else "the map's [registrations.sessions]"
            raise UsageError(f"--schedule gives the event's sessions, and {given} gives them too: keep one of the two.")
        tables.update(_sessions_by_day(listing, schedule, settings, event, log, path.name))
    elif chosen_format is not None:
        if options["sessions"]["question"]:
            raise UsageError("the map's [registrations.sessions] says people chose their session at registration, "
                             f"and {'--format' if session_format else '[registrations] format'} says the whole "
                             "event ran one format: keep one of the two.")
        tables.update(one_format_session(event, people["attendee_id"], session_format=chosen_format,
                                         session_id=options["session"]))
        log.note(f"the whole event ran one {chosen_format} session {options['session']!r} (assignment scheduled): "
                 f"its {len(people)} attendee(s) take part in it", file=path.name)
    else:
        tables.update(_sessions(listing, settings, event, log, path.name))
        if listing.day_columns:
            log.note(f"the report has a check-in column per day ({', '.join(map(repr, map(str, listing.day_columns)))}): "
                     "give the schedule with --schedule to place each attendee in the sessions of the days they came",
                     file=path.name)
    if "sessions" not in tables and existing_table(out_path, "sessions") is None:
        log.note("no sessions written: if the whole event ran one format, import again with --format structured "
                 "(or unstructured) or [registrations] format in the map; if people chose their session when they "
                 "registered, name that question in [registrations.sessions]; or add sessions.csv and "
                 "participation.csv before the folder validates")
    _stale_contact_sessions(out_path, tables, log)
    out_path = prepare_out(out_path, list(tables), overwrite=overwrite)
    keys = listing.keys.assign(event_id=event)[["event_id", "kind", "key", "attendee_id"]]
    extra = [write_csv(keys, out_path / KEYS_FILE)]
    log.note(f"{KEYS_FILE}: keyed pseudonyms of the kept attendees' emails, names, ticket numbers (every kept "
             "ticket's) and order numbers (of an order of one person), for later imports of this event (no email, "
             "name or number is kept)")
    extra += write_folder_settings(out_path, settings.raw, log, ("time_zone", "day_first"))
    return finish("registrations", out_path, tables, log, extra_files=extra, sources=[path])


def _stale_contact_sessions(out: Path, tables: dict, log: ImportLog) -> None:
    """Say so where the folder's contacts name sessions that the sessions written now no longer have."""
    contacts = existing_table(out, "contacts") if "sessions" in tables else None
    if contacts is None or "session_id" not in contacts.columns:
        return
    gone = set(contacts["session_id"].dropna()) - set(tables["sessions"]["session_id"])
    if gone:
        log.note(f"contacts.csv of the folder names {len(gone)} session(s) that sessions.csv no longer has: import "
                 "the scans again (with --force) to place the contacts in the new sessions")


def read_settings_map(column_map) -> Settings:
    """A map file's settings (none given: defaults), as a usage error where it cannot be read."""
    if column_map is None:
        return Settings()
    try:
        return Settings.read_file(existing_file(column_map, "Map"))
    except NetoutError as exc:
        raise UsageError(f"Map {exc}") from None


# ---------------------------------------------------------------------------- reading the list


def _norm(text: object) -> str:
    """A header, map key, status word or answer as compared: lower case, one space between words.

    ``_`` reads as a space (Luma's ``approval_status`` is "Approval Status"), accents are composed
    (a Mac spreadsheet may write ``é`` as ``e`` and a combining accent) and a typographic apostrophe is ``'``.
    """
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "").replace("\u00a0", " ")
    return " ".join(text.replace("_", " ").replace("\u2019", "'").split()).casefold()


def _role_key(text: object) -> str:
    """A header as a role's usual headers are compared: as :func:`_norm`, "e-mail" and "email" alike, hyphens as spaces.

    Ticket Tailor writes "E-mail address", others "Email-Address" or "E-Mail Address": all one column.
    """
    key = _norm(text).replace("e-mail", "email").replace("e mail", "email").replace("-", " ")
    return " ".join(key.split())


def find_roles(columns, mapped: dict[str, str]) -> dict[str, object]:
    """Which column plays which role (email, order, status ...): by the map first, then by the usual headers.

    Example
    -------
    >>> find_roles(["Order #", "E-mail", "Booking status"], {"booking status": "status"})
    {'status': 'Booking status', 'email': 'E-mail', 'order': 'Order #'}
    >>> find_roles(["api_id", "email", "approval_status"], {})
    {'email': 'email', 'ticket': 'api_id', 'status': 'approval_status'}
    >>> find_roles(["E-mail", "Présent / Scanné"], {})
    {'email': 'E-mail', 'checked_in': 'Présent / Scanné'}
    """
    roles: dict[str, object] = {}
    by_name = {_norm(c): c for c in columns}
    for key, target in mapped.items():
        if target in ROLES and _norm(key) in by_name:
            roles[target] = by_name[_norm(key)]
    taken = set(roles.values())
    by_role_key = {_role_key(c): c for c in reversed(list(columns))}
    for role, headers in ROLES.items():
        if role in roles:
            continue
        for header in headers:
            column = by_role_key.get(_role_key(header))
            if column is not None and column not in taken:
                roles[role] = column
                taken.add(column)
                break
    # Weezevent's "Présent / Scanné": two usual headers of one role joined by a slash are that role
    role_of = {_role_key(header): role for role, headers in ROLES.items() for header in headers}
    for column in columns:
        parts = {role_of.get(part.strip()) for part in _role_key(column).split("/")} if "/" in str(column) else set()
        if len(parts) == 1 and None not in parts and column not in taken and next(iter(parts)) not in roles:
            roles[next(iter(parts))] = column
            taken.add(column)
    return roles


def read_registration_list(frame: pd.DataFrame, *, settings: Settings, file: str, secret=None,
                           keep: str | None = None, header_row: int = 1) -> RegistrationList:
    """Read an attendee report: who counts, their ids, their attributes (the plan reads registrations by it too).

    ``keep`` overrides ``[registrations] keep`` (the plan keeps every registered,
    not refunded or cancelled person: nobody has checked in before the event).
    Blank rows and empty unnamed columns are left out first (:func:`tidy_export`);
    ``header_row`` is the header's spreadsheet row, for the report.

    Example
    -------
    >>> frame = pd.DataFrame({"Email": ["a@x.org", "b@x.org", "c@x.org"], "Status": ["Attending", "Refunded", "Attending"],
    ...                       "Industry": ["law", "law", "tech"]}, index=[2, 3, 4])
    >>> listing = read_registration_list(frame, settings=Settings(), file="r.csv", secret="k")
    >>> listing.people.columns.tolist(), listing.people["_row"].tolist()
    (['attendee_id', '_row', 'industry'], [2, 4])
    """
    options = settings.section("registrations")
    log = ImportLog()
    frame = tidy_export(frame, log, file, header_row=header_row)
    # a registration form made with a survey tool: SurveyMonkey's second header row is part of the header
    frame, tool, option_of = form_layout(frame)
    if tool == "surveymonkey":
        log.note(f"SurveyMonkey's second header row (row {header_row + 1}) read as part of the header",
                 file=file)
    rows = pd.Series(frame.index.to_numpy(), dtype="int64")
    frame = frame.reset_index(drop=True).astype("string")
    mapped = attendee_column_map(settings)
    roles = find_roles(frame.columns, mapped)
    day_columns = _day_columns(frame.columns, roles, mapped)
    state = _states(frame, roles, options, keep or options["keep"], rows, log, file, day_columns=list(day_columns))
    kept = state.isin(["checked_in", "registered"])
    ids, person_keys = _ids(frame, roles, kept, rows, log, file, secret)
    if kept.any() and not (kept & ids.notna()).any():
        column = next(roles[r] for r in ("attendee_id", "email", "name", "first_name", "last_name") if r in roles)
        raise UsageError(f"{file}: none of the {int(kept.sum())} tickets that count has a value in {column!r}, so "
                         "no attendee can be told apart and the event would have none; export the report with the "
                         "attendees' emails (some tools leave them out unless asked), or map another column that "
                         "tells people apart under [columns.attendees], e.g. \"Member No\" = \"attendee_id\".")
    kept &= ids.notna()
    dup = kept & ids.where(kept).duplicated(keep="first")
    # a ticket not checked in of someone who came on another ticket is that person's second ticket, not a no-show;
    # two tickets of one person who did not come are one no-show
    no_show = state.eq("no_show") & ids.notna()
    again = no_show & ids.isin(set(ids[kept].dropna()))
    twice = no_show & ~again & ids.where(no_show & ~again).duplicated(keep="first")
    state = state.where(~(again | twice), "duplicate")
    _report_states(state, rows, roles.get("status"), log, file)
    log.add_rows(ROW_SKIPPED, "the same person on another kept ticket: counted once", file=file,
                 rows=rows[dup | again], column=str(roles.get("email", "")))
    log.add_rows(ROW_SKIPPED, "the same person on another ticket, not checked in either: one no-show", file=file,
                 rows=rows[twice], column=str(roles.get("email", "")))
    kept &= ~dup
    if dup.any() and "ticket" in roles:
        log.note(f"{int(dup.sum())} further ticket(s) of a person already counted: each ticket number finds the same "
                 f"attendee ({KEYS_FILE}), so the scans of either badge count", file=file,
                 column=str(roles["ticket"]), count=int(dup.sum()))
    question = options["sessions"]["question"]
    choice_cols = _find_question(frame.columns, question, file) if question else []
    guests_col = _guests(frame, mapped, kept, log, file)
    for column, day in day_columns.items():
        log.note(f"read as the check-in of {day}: who came that day (with --schedule, they are placed in that "
                 "day's sessions); not an attendee column", file=file, column=str(column))
    attributes = _attributes(frame, roles, mapped, {*choice_cols, guests_col, *day_columns} - {None}, kept, rows,
                             log, file, secret, tool=tool, option_of=option_of,
                             first_time_words=settings.values.get("first_time"), people=ids)
    people = pd.concat([pd.DataFrame({"attendee_id": ids[kept].to_numpy(), "_row": rows[kept].to_numpy()}),
                        attributes.reset_index(drop=True)], axis=1)
    choice = _choices(frame.loc[kept], choice_cols, option_of) if choice_cols else None
    # every kept ticket keys its person, a second ticket of someone counted once too: a badge scanned, a survey
    # answered under either ticket's number, email or name is that person's
    keys = person_keys[person_keys["position"].isin(np.flatnonzero((kept | dup).to_numpy()))].drop(columns="position")
    attendance = pd.DataFrame({str(c): checked_in_values(frame.loc[kept, c]).to_numpy() for c in day_columns},
                              index=range(int(kept.sum())))
    for name, role in (("_check_in", "checked_in"), ("_ticket", "ticket_type")):
        attendance[name] = frame.loc[kept, roles[role]].to_numpy() if role in roles else pd.NA
    return RegistrationList(people, choice, _order_keys_of_one_person(keys.drop_duplicates()).reset_index(drop=True),
                            log, roles, attendance=attendance, day_columns=day_columns)


def _order_keys_of_one_person(keys: pd.DataFrame) -> pd.DataFrame:
    """The keys without the order numbers that cannot name one person.

    An order of several people (a buyer and guests) names none of them; an order number that is also a
    ticket number, an email or a name key is left to that key (otherwise the lookup would find two people and
    neither would be counted).

    Example
    -------
    >>> keys = pd.DataFrame({"kind": ["ticket", "order", "ticket", "order", "ticket", "order"],
    ...                      "key": ["t1", "o1", "t2", "o2", "t3", "o2"], "attendee_id": ["a", "a", "b", "b", "c", "c"]})
    >>> _order_keys_of_one_person(keys)["key"].tolist()
    ['t1', 'o1', 't2', 't3']
    """
    order = keys["kind"].eq("order")
    people = keys[order].groupby("key")["attendee_id"].nunique()
    shared = set(people[people > 1].index) | set(keys.loc[~order, "key"])
    return keys[~(order & keys["key"].isin(shared))]


def attendee_column_map(settings: Settings) -> dict[str, str]:
    """The map's names for an attendee report's columns: ``[columns.registrations]`` and ``[columns.attendees]``.

    Example
    -------
    >>> attendee_column_map(Settings.from_dict({"columns": {"attendees": {"Delegate": "name", "Sector_2": "x"}}}))
    {'delegate': 'name', 'sector 2': 'x'}
    """
    # keyed as headers are compared, so that "company_size" in the map finds the header "Company size"
    return {_norm(k): v for k, v in {**settings.columns.get("registrations", {}),
                                     **settings.columns.get("attendees", {})}.items()}


def read_attendee_report(source: Path | bytes, *, settings: Settings | None = None, sheet=None,
                         header_row: int | None = None, name: str | None = None) -> tuple[pd.DataFrame, int]:
    """An attendee report's cells and its header's spreadsheet row, with a title above the header left out.

    The header is ``header_row`` where given (``--header-row``), else row 1,
    else the first of the next rows that names an email, id or name column
    (by the usual headers of :data:`ROLES` or the map's ``[columns.attendees]``).
    The registrations import and the names of ``netout followups --with-names``
    both read a report through this, so a report one of them reads the other reads too.
    ``source`` may be the file's bytes (an upload) with its file ``name``.

    Example
    -------
    >>> frame, header = read_attendee_report(b"Attendee Summary Report,,\\n,,\\nFirst Name,Last Name,Email\\n"
    ...                                      b"Ann,Lee,ann@example.org\\n", name="report.csv")
    >>> header, frame.columns.tolist(), frame.index.tolist()
    (3, ['First Name', 'Last Name', 'Email'], [4])
    """
    mapped = attendee_column_map(settings or Settings())
    return read_export_table(source, sheet=sheet, header_row=header_row, name=name,
                             recognised=lambda names: _tells_people_apart(find_roles(names, mapped)))


#: The headers a person's name is read from: first and last name columns, or one column with the whole name.
NAME_ROLES: tuple[str, ...] = ("first_name", "last_name", "name")


def attendee_names(frame: pd.DataFrame, roles: dict, *, prefix: bool = True) -> pd.Series | None:
    """Each row's name as written (first and last name joined, else the one name column); None where neither is there.

    Only the name roles of :data:`ROLES` count: a badge number, a ticket
    number or an id is never read as a name. An empty name is missing. A
    surname prefix column (Dutch ``Tussenvoegsel``, German ``Namenszusatz``)
    goes between the first and the last name (``prefix=False``: left out, as
    a list that has no such column writes the name).

    Example
    -------
    >>> frame = pd.DataFrame({"First Name": ["Ann", None], "Last Name": ["Lee", "Chen"], "Badge Number": ["7", "8"]})
    >>> attendee_names(frame, find_roles(frame.columns, {})).tolist()
    ['Ann Lee', 'Chen']
    >>> attendee_names(frame[["Badge Number"]], find_roles(["Badge Number"], {})) is None
    True
    >>> dutch = pd.DataFrame({"Voornaam": ["Daan", "Ilse"], "Tussenvoegsel": ["van der", None],
    ...                       "Achternaam": ["Ploeg", "Veld"]})
    >>> attendee_names(dutch, find_roles(dutch.columns, {})).tolist()
    ['Daan van der Ploeg', 'Ilse Veld']

    A first name beside one ``Name`` column (German and French reports: ``Vorname``, ``Name``) is joined
    to it, unless that column already holds the whole name:

    >>> german = pd.DataFrame({"Vorname": ["Ann", "Bo"], "Name": ["Lee", "Bo Chen"]})
    >>> attendee_names(german, find_roles(german.columns, {})).tolist()
    ['Ann Lee', 'Bo Chen']
    """
    between = (frame[roles["name_prefix"]].astype("string").fillna("").str.strip()
               if prefix and "name_prefix" in roles else pd.Series("", index=frame.index, dtype="string"))
    if "first_name" in roles and "last_name" not in roles and "name" in roles:
        first = frame[roles["first_name"]].astype("string").fillna("").str.strip()
        other = frame[roles["name"]].astype("string").fillna("").str.strip()
        whole = [o if f and o.casefold().startswith(f.casefold()) else f"{f} {_prefixed(p, o)}"
                 for f, p, o in zip(first, between, other)]
        name = pd.Series(whole, index=frame.index, dtype="string").str.split().str.join(" ")
    elif "first_name" in roles or "last_name" in roles:
        first = frame[roles["first_name"]].astype("string").fillna("") if "first_name" in roles else ""
        last = (frame[roles["last_name"]].astype("string").fillna("") if "last_name" in roles
                else pd.Series("", index=frame.index, dtype="string"))
        last = pd.Series([_prefixed(p, o) for p, o in zip(between, last)], index=frame.index, dtype="string")
        name = (first + " " + last).str.split().str.join(" ")
        if "name" in roles:
            # SurveyMonkey's contact list columns (First Name, Last Name) are empty for a web link: the name
            # is then the one the contact question asked for
            whole = frame[roles["name"]].astype("string").fillna("").str.split().str.join(" ")
            name = name.where(name.ne(""), whole)
    elif "name" in roles:
        name = frame[roles["name"]].astype("string").fillna("").str.split().str.join(" ")
    else:
        return None
    return name.replace("", pd.NA).astype("string")


def _prefixed(prefix: str, last: str) -> str:
    """The last name with its prefix before it, unless the last name already starts with it ("van der Ploeg")."""
    if not prefix or _norm(last).startswith(_norm(prefix) + " "):
        return last
    return f"{prefix} {last}"


def attendee_ids(frame: pd.DataFrame, roles: dict, *, file: str, secret: str | bytes | None = None) -> pd.Series:
    """The attendee id the registrations import gives each row of a report (guests on a shared order their own).

    A row without an email or id has none (missing); a report with no column to
    take ids from is a :class:`~toolkit.errors.UsageError`, as for the import.

    Example
    -------
    >>> frame = pd.DataFrame({"Email": ["Ann@Example.org", None]})
    >>> ids = attendee_ids(frame, find_roles(frame.columns, {}), file="r.csv", secret="k")
    >>> ids.str.startswith("p_").tolist()
    [True, <NA>]
    """
    frame = frame.reset_index(drop=True).astype("string")
    rows = pd.Series(np.arange(1, len(frame) + 1), dtype="int64")
    every = pd.Series(True, index=frame.index)
    ids, _ = _ids(frame, roles, every, rows, ImportLog(), file, secret)
    return ids


def name_headers() -> str:
    """The name headers looked for, in words, for a message that says none was found.

    Example
    -------
    >>> "'first name'" in name_headers() and "'full name'" in name_headers()
    True
    """
    def listed(role: str) -> str:
        return ", ".join(repr(h) for h in ROLES[role][:4])

    return (f"first and last name columns ({listed('first_name')} ...; {listed('last_name')} ...) or one name "
            f"column ({listed('name')} ...)")


def _tells_people_apart(roles: dict) -> bool:
    """Whether a header has a column that tells attendees apart (an id, an email or a name)."""
    return bool({"attendee_id", "email", "name", "first_name", "last_name"} & set(roles))


def _states(frame, roles, options, keep: str, rows, log: ImportLog, file: str, *, day_columns=()) -> pd.Series:
    """Each ticket's state (one of :data:`~toolkit.settings.REGISTRATION_STATES`); set-aside ones reported.

    A check-in in the check-in column, or in the check-in column of any day (``day_columns``), is a check-in.

    A report in which no ticket is registered or checked in is a :class:`~toolkit.errors.UsageError` that names
    the status column and the words in it, rather than an event without attendees.
    """
    state = pd.Series("registered", index=frame.index, dtype="object")
    status_col = roles.get("status")
    if status_col is not None:
        status = frame[status_col].map(lambda v: _norm(v) if isinstance(v, str) else "")
        words = _status_words(status, status_col, options, log, file)
        known = status.map(words)
        unknown = status.ne("") & known.isna()
        log.add_rows(ROW_SKIPPED, "status not understood; say what it means in [registrations.status] of the map "
                     f"({', '.join(REGISTRATION_STATES)})", file=file, rows=rows[unknown],
                     column=str(status_col), values=frame.loc[unknown, status_col])
        state = known.where(known.notna(), state).where(~unknown, "unknown")
        if len(state) and not state.isin(["checked_in", "registered"]).any():
            raise UsageError(_nobody_came(frame[status_col], words, file, status_col))
    check_cols = [c for c in [roles.get("checked_in"), *day_columns] if c is not None]
    for check_col in dict.fromkeys(check_cols):
        checked = checked_in_values(frame[check_col])
        state = state.where(~(checked & state.eq("registered")), "checked_in")
    any_check_in = bool(state.eq("checked_in").any())
    if keep == "checked_in" and not any_check_in:
        raise UsageError(f"{file}: [registrations] keep = \"checked_in\", but the report records no check-in "
                         "(no status 'Checked In' and no check-in column); export it after the event, or set "
                         "keep = \"registered\".")
    if keep == "checked_in" or (keep == "auto" and any_check_in):
        state = state.where(~state.eq("registered"), "no_show")
    elif keep == "auto":
        log.note("the report records no check-in: every registered ticket (not refunded, cancelled or not "
                 "confirmed) is counted as present ([registrations] keep = \"checked_in\" refuses such a report)", file=file)
    return state


def checked_in_values(values: pd.Series) -> pd.Series:
    """Which cells of a check-in column say the person checked in: a yes, a check-in time or a word for it.

    A no, an empty cell or a word for not checking in (``Not checked in``, ``Afwezig``) is no check-in.

    Example
    -------
    >>> checked_in_values(pd.Series(["13.03.2026 09:01", "", "Ja", "Nee", None, "Not checked in"])).tolist()
    [True, False, True, False, False, False]
    """
    text = values.astype("string").str.strip().replace("", pd.NA)
    yes_no, not_yes_no = parsing.read_yes_no(text)
    words_in = text.map(lambda v: _STATUS_WORDS.get(_norm(v)) if isinstance(v, str) else None)
    # a check-in time or "Checked In" means yes; "no", an empty cell or "Not checked in" means no
    other = not_yes_no.astype(bool) & words_in.ne("no_show").fillna(True).astype(bool) & text.notna().astype(bool)
    return (yes_no.fillna(False).astype(bool) | other).astype(bool)


def _report_states(state: pd.Series, rows, status_col, log: ImportLog, file: str) -> None:
    """The set-aside tickets by reason, and how many tickets are in each state (``duplicate``: a no-show's ticket
    that is a further ticket of a person counted, reported with the duplicates)."""
    for name, reason in _STATE_REASONS.items():
        log.add_rows(ROW_SKIPPED, reason, file=file, rows=rows[state.eq(name)], column=str(status_col or ""))
    counts = state.value_counts()
    again = int(counts.get("duplicate", 0))
    log.note("tickets: " + ", ".join(f"{counts.get(s, 0)} {s.replace('_', ' ')}" for s in REGISTRATION_STATES)
             + (f", {again} further ticket(s) of a person counted once, not checked in" if again else ""), file=file)


def _status_words(status: pd.Series, column, options, log: ImportLog, file: str) -> dict[str, str]:
    """What each status word of this column means: the usual words, an RSVP's yes and no, then the map's words."""
    words = dict(_STATUS_WORDS)
    if _norm(column) in _RSVP_HEADERS:
        words.update(_RSVP_WORDS)
    own = {_norm(word): state for word, state in options["status"].items()}
    seen = set(status) - {""}
    ambiguous = (seen & set(_CHECK_IN_OR_REGISTERED)) - set(own)
    if ambiguous:
        # beside another word for the check-in ("Présent", "Asistió"), "Enregistré" or "Registrado" can only be the
        # registration
        beside = sorted(w for w in seen - set(_CHECK_IN_OR_REGISTERED) if words.get(w) == "checked_in")
        meaning = "registered" if beside else "checked_in"
        words.update(dict.fromkeys(ambiguous, meaning))
        for named, language in sorted({_CHECK_IN_OR_REGISTERED[w] for w in ambiguous}):
            why = (f"the column says {beside[0]!r} for a check-in" if beside
                   else f"Eventbrite's {language} report says it for a checked-in ticket")
            log.note(f"'{named}' read as {meaning.replace('_', ' ')} ({why}); where it means otherwise, say so in "
                     f"[registrations.status] of the map, e.g. \"{named}\" = "
                     f"\"{'checked_in' if beside else 'registered'}\"", file=file, column=str(column))
    words.update(own)
    return words


def _nobody_came(status: pd.Series, words: dict[str, str], file: str, column) -> str:
    """Why a report in which every ticket is set aside is refused: the status words seen, with their counts."""
    text = status.str.strip().replace("", pd.NA).dropna()
    counts = text.groupby(text, sort=False).size().sort_values(ascending=False, kind="stable")
    # the tool's own status words are quoted as written; a word nobody knows goes through the privacy rule
    # (a column mapped as the status by mistake may hold names or emails)
    shown = [(w if _norm(w) in words else str(quote_values(pd.Series([w])).iloc[0]), n)
             for w, n in counts.head(_WORDS_SHOWN).items()]
    more = f" and {len(counts) - _WORDS_SHOWN} other word(s)" if len(counts) > _WORDS_SHOWN else ""
    # a word quoted as written may be put in the map as it is; a redacted one may not
    unknown = [w for w, _ in shown if _norm(w) not in words and w in set(text)]
    hint = (f"Say what {unknown[0]!r} means in [registrations.status] of the map, e.g. \"{unknown[0]}\" = "
            "\"registered\". " if unknown else "")
    return (f"{file}: every one of the {len(status)} tickets is set aside (refunded, cancelled, not confirmed or "
            f"a status not understood), so the event would have no attendees. The status column {column!r} "
            "says " + ", ".join(f"{w!r} ({n})" for w, n in shown) + more + f". {hint}If this is the wrong report, "
            "or it was exported before anyone registered, export the attendee report of the event again.")


def _ids(frame, roles, kept, rows, log: ImportLog, file: str, secret) -> tuple[pd.Series, pd.DataFrame]:
    """Each ticket's attendee id (the email, pseudonymised; guests on a shared order their own) and its keys."""
    id_col, email_col = roles.get("attendee_id"), roles.get("email")
    name = _full_name(frame, roles)
    ticket = frame[roles["ticket"]].str.strip().replace("", pd.NA) if "ticket" in roles else None
    order = frame[roles["order"]].str.strip().replace("", pd.NA) if "order" in roles else None
    guests = shared = pd.Series(False, index=frame.index)
    if id_col is not None:
        # a member number or a tool's user id identifies the person in someone's records: hashed like an email
        # (as the survey import and the loader do), so the folder never holds it; a column named attendee_id (the
        # organiser's own study codes, or pseudonyms) is hashed only where a value looks personal
        account = _norm(id_col) in _ACCOUNT_IDS or privacy.is_personal_column(id_col)
        ids = privacy.pseudonymise(parsing.read_id(frame[id_col]), secret=secret, all_values=account)
        if account:
            log.add(PERSONAL_DATA, "member or user number: the attendee id, pseudonymised; never copied", file=file,
                    column=str(id_col))
    elif email_col is not None:
        email = parsing.read_id(frame[email_col]).str.lower()
        ids = privacy.pseudonymise(email, secret=secret, all_values=True)
        if order is not None:
            # tickets of different people that carry the same email (on one order or several): the email is one
            # person's (whose name it spells, or the buyer's), the others are guests with an id of their own;
            # decided over every ticket whatever its state, so that the import, the plan and the names of
            # followups give the same ids
            guests, own, shared = _shared_email_guests(frame, roles, email, order, ticket, rows, log, file,
                                                       str(email_col))
            if guests.any():
                ids = ids.where(~guests, privacy.pseudonymise("guest " + own, secret=secret, all_values=True))
    elif name is not None:
        ids = privacy.pseudonymise(name, secret=secret, all_values=True)
        log.note("no email column: the attendee's name is the id (pseudonymised); two people of one name would be "
                 "one attendee", file=file)
    else:
        raise UsageError(f"{file}: no column gives each attendee an id; the report needs an email column (or map "
                         "one under [columns.attendees], e.g. \"Delegate e-mail\" = \"email\"); where the header is "
                         "not on row 1, give its row with --header-row N. Its columns are: "
                         + ", ".join(map(str, frame.columns[:30])))
    no_id = kept & ids.isna()
    log.add_rows(ROW_SKIPPED, "no email or id: this attendee cannot be told apart from others", file=file,
                 rows=rows[no_id], column=str(email_col or id_col or ""))
    parts = []
    if email_col is not None:
        # a guest's "email" is the buyer's: it must find the buyer only
        parts.append(("email", parsing.read_id(frame[email_col]).str.lower().where(~guests)))
        # an email several people's tickets carry keys each of them: a survey answer from it is told by its name
        parts.append((SHARED_EMAIL_KEY, parsing.read_id(frame[email_col]).str.lower().where(shared)))
    if name is not None:
        parts.append(("name", name))
        # and folded: a card typed as "Jose Garcia Lopez" is José García-López (find_people compares these)
        parts.append((FOLDED_NAME, name.map(name_key, na_action="ignore").replace("", pd.NA)))
        if "name_prefix" in roles:
            # a scan list or survey without the prefix column writes "Daan Ploeg" for "Daan van der Ploeg"
            plain = _full_name(frame, roles, prefix=False)
            parts += [("name", plain), (FOLDED_NAME, plain.map(name_key, na_action="ignore").replace("", pd.NA))]
    if ticket is not None:
        parts.append(("ticket", ticket))
    # a report may number a ticket twice (Eventbrite's "Attendee #" and "Barcode #"): a badge may carry either
    parts += [("ticket", frame[c].str.strip().replace("", pd.NA)) for c in _more_ticket_columns(frame.columns, roles)]
    if order is not None:
        # an order of one person finds them (a tool may print it on the badge); read_registration_list drops the
        # order numbers that name several people (a buyer and their guests)
        parts.append(("order", order))
    keys = [pd.DataFrame({"position": np.arange(len(frame)), "kind": kind,
                          "key": privacy.pseudonymise(values, secret=secret, all_values=True).to_numpy(),
                          "attendee_id": ids.to_numpy()}) for kind, values in parts]
    keys = pd.concat(keys, ignore_index=True) if keys else pd.DataFrame(columns=["position", "kind", "key",
                                                                                   "attendee_id"])
    return ids.astype("string"), keys.dropna(subset=["key", "attendee_id"])


def _more_ticket_columns(columns, roles: dict) -> list:
    """Columns headed as a ticket number, beside the one that plays the role (keyed too, never copied)."""
    headers = {_role_key(h) for h in ROLES["ticket"]}
    taken = set(roles.values())
    return [c for c in columns if _role_key(c) in headers and c not in taken]


def _full_name(frame: pd.DataFrame, roles: dict, *, prefix: bool = True) -> pd.Series | None:
    """The attendee's name as one normalised text (for keys only; never written)."""
    name = attendee_names(frame, roles, prefix=prefix)
    return None if name is None else name.str.casefold()


# Rows a note lists at most (the others are counted).
_ROWS_SHOWN = 10


def _shared_email_guests(frame, roles, email: pd.Series, order: pd.Series, ticket, rows, log: ImportLog, file: str,
                         column: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which tickets that share one email are guests (not the email's person), what their ids are of, and which
    tickets carry an email that several people share.

    Tickets share an email within one order (a group order: the buyer's on every guest's ticket) or across
    orders (an office assistant booking two colleagues at different times under the firm's inbox). The email
    is the person's whose name it spells (``doerte.quellmalz`` is Dörte Quellmalz's, see
    :func:`email_spells_name`), else the buyer's where a buyer name column names one of the tickets; else no
    ticket's: each gets an id of its own, and the note says how to give them their own emails. Several tickets
    of one name under the email are one person's (the same guest twice is one guest; the same person on two
    orders is one person). A ticket without a name or number is known by its place among such tickets of its
    order, never by its row, so that every command that reads the report (whatever its title rows) gives it the
    same id.
    """
    guests = pd.Series(False, index=frame.index)
    members = pd.Series(False, index=frame.index)
    own = pd.Series(pd.NA, index=frame.index, dtype="string")
    group = email.where(order.notna() & email.notna())
    several = group.notna() & group.map(group.value_counts()).gt(1).fillna(False)
    if not several.any():
        return guests, own, members
    name = attendee_names(frame, roles)
    folded = name.map(_fold_name, na_action="ignore") if name is not None else None
    number = ("#" + ticket) if ticket is not None else pd.Series(pd.NA, index=frame.index, dtype="string")
    unknown = several & number.isna() & (folded.isna() if folded is not None else True)
    # nameless and numberless: the first, second ... such ticket of its order under the email
    place = (unknown.astype(int).groupby([group, order]).cumsum()).where(unknown)
    nameless = "#nameless " + order + " " + place.astype("Int64").astype("string")
    person = (folded.fillna(number) if folded is not None else number).fillna(nameless).astype("string")
    parts = _name_parts(frame, roles)
    buyer = _buyer_names(frame, roles)
    by_name, by_buyer, undecided, across, guest_count = [], [], [], [], 0
    for _, members_at in group[several].groupby(group[several], sort=False):
        at = members_at.index
        people = list(dict.fromkeys(person[at]))
        owner, how = None, None
        if len(people) == 1 and not people[0].startswith("#"):
            continue                               # one person's tickets: a duplicate, no guests
        members[at] = True
        local = str(email[at[0]]).split("@")[0]
        score = {p: email_spells_name(local, *parts[person[at].eq(p).idxmax()]) if parts is not None else 0
                 for p in people}
        best = max(score.values())
        if best > 0 and list(score.values()).count(best) == 1:
            owner, how = max(score, key=score.get), by_name
        elif buyer is not None:
            bought = set(buyer[at].dropna()) & set(people)
            if len(bought) == 1:
                owner, how = bought.pop(), by_buyer
        mine = person[at].eq(owner) if owner is not None else pd.Series(False, index=at)
        away = at[~mine.to_numpy()]
        if order[at].nunique() > 1:
            # orders of their own: each person was booked apart, the rows are said together
            across.append((rows[at].tolist(), int(rows[at[mine.to_numpy()][0]]) if owner is not None else None))
        elif owner is None:
            undecided.extend(rows[at].tolist())
        elif how is not None:
            how.append(int(rows[at[mine.to_numpy()][0]]))
        guests[away] = True
        # a person under the email on several orders is one guest: known by the first of their orders
        first = order[away].groupby(person[away]).transform("min")
        own[away] = first + "#" + person[away]
        guest_count += len(away)
    said = "the other ticket(s) of these orders are guests, each with an id of their own (from the order and " \
           "their name, else their ticket), found later by name or ticket number"
    if by_name:
        log.note(f"{len(by_name)} order(s) put one email (the buyer's) on several tickets: it is taken by the "
                 f"ticket whose name it spells, on {_rows_text(by_name)}; {said}", file=file, column=column,
                 count=len(by_name))
    if by_buyer:
        log.note(f"{len(by_buyer)} order(s) put one email (the buyer's) on several tickets: it is taken by the "
                 f"buyer's own ticket (the name the buyer name column gives), on {_rows_text(by_buyer)}; {said}",
                 file=file, column=column, count=len(by_buyer))
    if undecided:
        log.note(f"{len(undecided)} ticket(s) on orders that put one email on tickets of different people, and "
                 "neither the email (it spells none of their names, or several) nor a buyer name column tells "
                 f"whose it is ({_rows_text(undecided)}): no ticket takes the email, each has an id of its own "
                 "(from the order and the name, else the ticket), found later by name or ticket number; a survey "
                 "answer or a scan by that email counts nobody. To count them, have the ticketing tool ask each "
                 "guest's own email (or put each person's own email on their row of the export) and import again; "
                 "scans by that email can be given to the right ticket number in [scans.same_person] of the map",
                 file=file, column=column, count=len(undecided))
    if across:
        shown = "; ".join(_rows_text(found) + (f" (the email is the id of row {taken}, whose name it spells or "
                                               "who bought the tickets)" if taken is not None else
                                               " (the email is no one's id: it spells none of their names, or "
                                               "several)")
                          for found, taken in across[:_ROWS_SHOWN])
        more = f"; and {len(across) - _ROWS_SHOWN} more email(s)" if len(across) > _ROWS_SHOWN else ""
        log.note(f"{len(across)} email(s) are on tickets of different orders and different people (an assistant "
                 f"booking colleagues apart, say), each of these groups of rows sharing one: {shown}{more}. They "
                 "are counted as different people: each ticket the email is not the id of has an id of its own "
                 "(from its order and the name, else the ticket), found later by name or ticket number; "
                 "a survey answer by that email finds its person by the name the answer gives",
                 file=file, column=column, count=len(across))
    return guests, own, members


def _rows_text(found: list[int]) -> str:
    """Spreadsheet rows for a note: ``row 7`` or ``rows 7, 19 and 33`` (the first ten, then how many more)."""
    found = sorted(found)
    if len(found) == 1:
        return f"row {found[0]}"
    return "rows " + list_with_more(found, _ROWS_SHOWN, and_last=True)


def _fold_name(text: str) -> str:
    """A name as names are compared: accents folded, lower case, one space between words."""
    return " ".join(privacy.fold_accents(str(text)).casefold().split())


def _name_parts(frame: pd.DataFrame, roles: dict) -> pd.Series | None:
    """Each row's (first name, surname prefix, last name), from the name columns, or the one name column split."""
    def column(role):
        if role not in roles:
            return pd.Series("", index=frame.index, dtype="string")
        return frame[roles[role]].astype("string").fillna("").str.strip()

    if "first_name" in roles or "last_name" in roles:
        first, between, last = column("first_name"), column("name_prefix"), column("last_name")
        if "last_name" not in roles and "name" in roles:
            last = column("name")
        return pd.Series(list(zip(first, between, last)), index=frame.index)
    if "name" in roles:
        words = column("name").str.split()
        return words.map(lambda w: (w[0], "", " ".join(w[1:])) if len(w) > 1 else (" ".join(w), "", ""))
    return None


def _buyer_names(frame: pd.DataFrame, roles: dict) -> pd.Series | None:
    """Each row's buyer name, folded as :func:`_fold_name` folds the attendee's; None without a buyer column."""
    if "buyer_name" in roles:
        name = frame[roles["buyer_name"]].astype("string")
    elif "buyer_first_name" in roles or "buyer_last_name" in roles:
        name = (frame[roles["buyer_first_name"]].astype("string").fillna("") if "buyer_first_name" in roles
                else "") + " " + (frame[roles["buyer_last_name"]].astype("string").fillna("")
                                  if "buyer_last_name" in roles else "")
    else:
        return None
    return name.map(_fold_name, na_action="ignore").replace("", pd.NA)


def _spellings_of(word: str) -> set[str]:
    """A name part as an email spells it: letters only, accents folded, umlauts also as ``ae``/``oe``/``ue``."""
    text = str(word).casefold()
    german = text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}))
    return {re.sub(r"[^a-z0-9]", "", privacy.fold_accents(t)) for t in (text, german)} - {""}


def email_spells_name(local: str, first: str, prefix: str = "", last: str = "") -> int:
    """How well an email's local part spells a name: for the first and the last name each, 2 where it is a
    whole piece of it (between dots, dashes ...), 1 where it is inside it; 0 where it spells neither.

    Accents are folded and an umlaut may be written ``ae``/``oe``/``ue``; the last name counts with or without its
    prefix (``vanderploeg``); a first name may be its initial before the last name (``d.quellmalz``).

    Example
    -------
    >>> email_spells_name("doerte.quellmalz", "Dörte", "", "Quellmalz"), email_spells_name("doerte.quellmalz", "Jörg",
    ...                                                                                    "", "Hesselbarth")
    (4, 0)
    >>> email_spells_name("daan.vanderploeg", "Daan", "van der", "Ploeg"), email_spells_name("dquellmalz", "Dörte",
    ...                                                                                     "", "Quellmalz")
    (4, 2)
    """
    text = privacy.fold_accents(str(local).casefold())
    pieces = set(re.split(r"[^a-z0-9]+", text)) - {""}
    joined = re.sub(r"[^a-z0-9]", "", text)

    def fits(spellings: set[str]) -> int:
        if spellings & pieces:
            return 2
        return int(any(len(s) >= 3 and s in joined for s in spellings))

    surname = _spellings_of(last) | _spellings_of(f"{prefix}{last}") if last else set()
    last_fit = fits(surname)
    first_fit = fits(_spellings_of(first)) if first else 0
    if not first_fit and last_fit and first:
        initial = sorted(_spellings_of(first))[0][:1]
        # "d.quellmalz", "dquellmalz": the first name's initial just before the last name
        first_fit = int(any(joined == initial + s or joined.startswith(initial + s) for s in surname))
    return first_fit + last_fit


def _find_question(columns, question: str, file: str) -> list:
    """The session question's column, or its columns where the form gave each option one (``Question - Option``)."""
    by_name = {_norm(c): c for c in columns}
    if _norm(question) in by_name:
        return [by_name[_norm(question)]]
    per_option = [c for c in columns if _norm(c).startswith(_norm(question) + " - ")]
    if not per_option:
        raise UsageError(f"[registrations.sessions] question {question!r}: {file} has no such column. Its columns "
                         "are: " + ", ".join(map(str, columns[:30])))
    return per_option


def _guests(frame, mapped, kept, log: ImportLog, file: str):
    """The column that counts the unnamed guests a person brings (Meetup's "Guests"), and how many the kept bring.

    Guests have no row, no id and no answers: they are said, never made attendees.
    """
    column = next((c for c in frame.columns if _norm(c) in _GUEST_COUNTS and _norm(c) not in mapped), None)
    if column is None:
        return None
    count = int(pd.to_numeric(frame.loc[kept, column], errors="coerce").clip(lower=0).fillna(0).sum())
    log.add(COLUMN_NOT_MAPPED, "how many guests a person brings: not an attendee column", file=file,
            column=str(column))
    if count:
        log.note(f"{count} guest(s) that the kept attendees bring have no row of their own in the report: they are "
                 "not among the attendees (nothing tells them apart)", file=file, column=str(column), count=count)
    return column


def _choices(frame: pd.DataFrame, columns: list, option_of: dict) -> pd.Series:
    """Each person's answer to the session question as one text; one column per option: the options ticked."""
    if len(columns) == 1:
        return frame[columns[0]].reset_index(drop=True)
    # the option's name, not the cell: an "Other (please specify)" cell holds free text
    ticked = [frame[c].fillna("").str.strip().ne("").map({True: option_of.get(c, c), False: ""}) for c in columns]
    return pd.concat(ticked, axis=1).apply(lambda row: "\n".join(v for v in row if v), axis=1).reset_index(drop=True)


def _attributes(frame, roles, mapped, skipped, kept, rows, log: ImportLog, file: str, secret, *, tool="plain",
                option_of=None, first_time_words=None, people=None) -> pd.DataFrame:
    """Attendee columns: mapped questions under their canonical names, other categorical questions as they are.

    ``skipped`` are columns another part of the import reads (the session question, the guest count);
    ``tool`` the form tool that wrote the report, whose own columns (a timestamp ...) are left out;
    ``option_of`` the second-row label of SurveyMonkey's columns (a contact question's ``Company``);
    ``people`` each row's attendee id, by which an answer that five or more people gave is a category.
    """
    option_of = option_of or {}
    used = set(roles.values()) | set(skipped)
    guessed = _read_without_a_map([c for c in frame.columns if c not in used], mapped)
    out = {}
    if "ticket_type" in roles:
        # the tool's own ticket names ("General Admission", "Early Bird") are shaped like people's names: only
        # a sentence is searched for names, as the loader does in a column nobody declared, and a ticket name
        # that five or more people hold ("Member - Full Conference") is a category
        out["ticket_type"] = privacy.redact_free_text(frame.loc[kept, roles["ticket_type"]], secret=secret,
                                                      names_min_words=3,
                                                      people=None if people is None else people[kept])
    for role in ("order", "ticket", "first_name", "name_prefix", "last_name", "name", "email", "buyer_email",
                 "buyer_name", "buyer_first_name", "buyer_last_name", "company", "job_title"):
        if role in roles:
            log.add(PERSONAL_DATA, f"{role.replace('_', ' ')}: used to tell people apart, never copied", file=file,
                    column=str(roles[role]))
    for column in frame.columns:
        if column in used:
            continue
        key = _norm(column)
        # "Lid (ja/nee)", "Member (Y/N)": the hint says how to answer; the question is the word before it
        plain = without_answer_hint(column)
        target = mapped.get(key, mapped.get(_norm(plain)))
        # "Mitglied" alone heads member numbers or a yes/no question: the answers tell which (over the whole report)
        numbered = privacy.yes_no_category(plain, frame[column])
        flag = numbered or (plain != str(column) and privacy.all_yes_no(frame[column]))
        if privacy.is_personal_column(plain, frame[column]) or (target is None and key in _CONTACT_FIELDS) \
                or option_is_personal(option_of.get(column, "")):
            log.add(PERSONAL_DATA, "personal data (name, email, phone, address ...): not copied", file=file,
                    column=str(column))
            continue
        if target is None and (key in _SALE_COLUMNS or is_sale_column(column, frame[column])):
            log.add(COLUMN_NOT_MAPPED, "about the sale, not the attendee: not imported", file=file, column=str(column))
            continue
        if target is None and is_tool_column(str(column), tool):
            log.add(COLUMN_NOT_MAPPED, "written by the form tool (a time or a response number), not about the "
                    "attendee: not imported", file=file, column=str(column))
            continue
        values = frame.loc[kept, column].str.strip().replace("", pd.NA)
        if target is None and values.isna().all():
            # a field of the layout nobody filled in (Luma's survey_response_rating before its survey): no column
            log.add(COLUMN_NOT_MAPPED, "no answer from any kept attendee: not an attendee column", file=file,
                    column=str(column))
            continue
        if target is None and _free_text(values):
            log.add(COLUMN_NOT_MAPPED, "free-text answers (almost every one different): not an attendee column; map "
                    "it under [columns.attendees] to keep it", file=file, column=str(column))
            continue
        if target is None and column not in guessed and _one_value_per_person(frame[column].str.strip()):
            log.add(COLUMN_NOT_MAPPED, "almost every attendee has a value of their own (a number, code or time "
                    "such as an order date): it could point to one person and is no group to compare; not an "
                    "attendee column; map it under [columns.attendees] to keep it", file=file, column=str(column))
            continue
        name = target or guessed.get(column) or column_name(plain)
        if target is None and column in guessed:
            log.note(f"read as {name}, the toolkit's name for what it asks (say otherwise under "
                     "[columns.attendees] in the map)", file=file, column=str(column))
        if name == "first_time":
            mapped_values = parsing.map_values(values, first_time_words).astype("string")
            parsed, bad = parsing.read_yes_no(mapped_values)
            unread = bad & mapped_values.notna()
            if unread.any():
                log.add_rows(VALUE_NOT_MAPPED, f"not a yes/no answer ({int(unread.sum())} of "
                             f"{int(values.notna().sum())} answers); left empty: say what such answers mean under "
                             "[values.first_time] in the map, e.g. \"Not sure\" = \"no\"", file=file,
                             rows=rows[kept][unread], column=str(column), values=values[unread])
            values = parsed.map({True: "yes", False: "no"}).astype("string")
        elif flag:
            values = yes_no_answers(values)
            log.add(NOTE, "yes/no answers (a member or not), not member or order numbers: kept as a category of "
                    "yes and no" if numbered else f"yes/no answers: kept as {name}, a category of yes and no",
                    file=file, column=str(column))
        # an answer that five or more people gave is a category ("North West"), not someone's name; a company
        # size band ("1000-4999") has as many digits as a phone number, and is none
        out[name] = privacy.redact_free_text(values, secret=secret, bands=name == "company_size",
                                             people=None if people is None else people[kept])
        replaced = values.notna() & out[name].ne(values).fillna(False)
        if replaced.any():
            # said, so that a rarer category shaped like a name ("East Midlands") is not lost without a word
            log.add(VALUE_NOT_MAPPED, f"{int(replaced.sum())} answer(s) held what looks like a name, email, phone or "
                    "address, replaced by [name], [email] ... so that no one's details reach the folder (an answer "
                    f"written like a name that fewer than {privacy.MIN_GROUP_SIZE} people gave, such as a rare "
                    "'East Midlands', is replaced too; one that more gave is a category and stays)", file=file,
                    column=str(column), count=int(replaced.sum()))
    return pd.DataFrame(out, index=frame.index[kept])


# "(ja/nee)", "(Y/N)", "(oui/non)", "(sí/no)" after a question: how to answer it, not part of what it asks
_ANSWER_HINT = re.compile(r"\s*[(\[]\s*(?:yes|y|ja|j|oui|o|s[ií]|s|true|wahr|vrai|waar)\s*/\s*"
                          r"(?:no|n|nee|nein|non|false|falsch|faux|onwaar)\s*[)\]]\s*$", re.IGNORECASE)
# The words of a sale's amount, price, payment or discount (English, German, French, Spanish, Dutch): a header
# made of one of them, or a word that begins or ends with one ("Ticketprijs", "Gesamtbetrag", "Kortingscode")
_SALE_WORDS = frozenset({"bedrag", "betrag", "montant", "importe", "prijs", "preis", "prix", "precio", "amount",
                         "price", "korting", "rabatt", "discount", "descuento", "remise", "reduction", "coupon",
                         "voucher", "btw", "mwst", "iva", "tva", "vat"})
# ... and words that are a sale's only beside another such word or money values ("Total", "Paid" alone, "Ticket
# paid"), but not in "Total number of employees"
_SALE_WORDS_BESIDE = frozenset({"total", "totaal", "gesamt", "paid", "betaald", "bezahlt", "paye", "pagado",
                                "fee", "fees", "kosten", "gebuhr", "gebuhren", "frais", "tarifa"})
_SALE_COMPANIONS = frozenset({"ticket", "order", "bestelling", "bestellung", "commande", "pedido", "entrada",
                              "eur", "euro", "usd", "gbp", "chf", "incl", "excl", "inkl", "ttc", "ht", "net", "netto",
                              "gross", "brutto", "bruto"}) | _SALE_WORDS | _SALE_WORDS_BESIDE
# an amount of money as a report writes it: a currency sign or code, or two decimals ("245,00", "€ 12.50")
_MONEY = re.compile(r"^(?:[€$£¥]|eur|usd|gbp|chf)?\s*-?\d{1,3}(?:[.,'\s]?\d{3})*(?:[.,]\d{2})?\s*"
                    r"(?:[€$£¥]|eur|usd|gbp|chf)?$", re.IGNORECASE)
_MONEY_MARK = re.compile(r"[€$£¥]|eur|usd|gbp|chf|[.,]\d{2}$", re.IGNORECASE)
# the share of a column's answers that must be amounts for it to be the sale's
_MONEY_SHARE = 0.8


def without_answer_hint(header: object) -> str:
    """A header without the answer hint after it: ``Lid (ja/nee)`` is ``Lid``, ``Member (Y/N)`` is ``Member``.

    Example
    -------
    >>> without_answer_hint("Lid (ja/nee)"), without_answer_hint("Socio (sí/no)"), without_answer_hint("Size (m2)")
    ('Lid', 'Socio', 'Size (m2)')
    """
    text = str(header)
    plain = _ANSWER_HINT.sub("", text).strip()
    return plain or text


#: Words of a question about how many people a company employs: never the sale, whatever else it says ("amount").
_HEADCOUNT_WORDS = frozenset({"employees", "employee", "staff", "headcount", "mitarbeiter", "mitarbeitende",
                              "beschaftigte", "salaries", "employes", "empleados", "medewerkers", "werknemers"})


def is_sale_column(header: object, values: pd.Series) -> bool:
    """Whether a column is about the sale (an amount, a price, a payment, a discount), not the attendee.

    By its header in any of the toolkit's languages (``Bedrag (EUR)``, ``Betrag``, ``Importe``, ``Prix TTC``,
    ``Korting``, ``Ticket paid``), or by its answers: amounts of money (``€ 120,00``, ``245,00``).

    Example
    -------
    >>> is_sale_column("Bedrag (EUR)", pd.Series(["245,00"])), is_sale_column("Wat", pd.Series(["€ 12", "€ 9,50"]))
    (True, True)
    >>> is_sale_column("Total number of employees", pd.Series(["12", "40"])), is_sale_column("Branche",
    ...                                                                                       pd.Series(["ICT"]))
    (False, False)
    >>> is_sale_column("Amount of employees", pd.Series(["10-49"]))
    False
    """
    words = re.findall(r"[a-z0-9]+", privacy.fold_accents(_norm(header)))
    if set(words) & _HEADCOUNT_WORDS:  # "Amount of employees", "Company size (amount of staff)": a company size
        return False
    if any(w.startswith(s) or w.endswith(s) for w in words for s in _SALE_WORDS
           if w == s or (len(s) >= 5 and len(w) > len(s) + 2)):
        return True
    if any(w in _SALE_WORDS_BESIDE for w in words) and all(w in _SALE_COMPANIONS for w in words):
        return True
    answered = values.dropna().astype(str).str.strip()
    answered = answered[answered.ne("")]
    if answered.empty:
        return False
    money = answered.str.match(_MONEY) & answered.str.contains(_MONEY_MARK)
    return bool(money.mean() >= _MONEY_SHARE)


def _read_without_a_map(columns, mapped: dict) -> dict:
    """The unmapped questions that ask the toolkit's own attendee columns (``Branche`` is ``industry``).

    A name is taken only where one question alone asks it and neither the map nor another column gives it:
    with two industry questions, which one is meant is the organiser's to say.
    """
    given = set(mapped.values()) | {column_name(str(c)) for c in columns}
    candidates: dict[str, list] = {}
    for column in columns:
        guess = None if _norm(column) in mapped else attendee_column_guess(str(column))
        if guess is not None and column_name(str(column)) != guess:
            candidates.setdefault(guess, []).append(column)
    return {found[0]: name for name, found in candidates.items() if len(found) == 1 and name not in given}


def _one_value_per_person(values: pd.Series) -> bool:
    """Short answers nearly all different (an order time, a promo code per person): an id, not a group.

    The lists of sale and contact columns name what the tools' layouts call them in a few languages; this
    catches the rest (``Fecha del pedido``, ``Besteldatum``, a tool's own reference column) by their values,
    counted over every row of the report (a small evening's kept attendees are too few to tell), and any
    column of times of day whatever its size.
    """
    answered = values.replace("", pd.NA).dropna()
    distinct = answered.nunique()
    if distinct >= _ONE_PER_PERSON_MIN_DISTINCT and distinct >= _ONE_PER_PERSON_SHARE * len(answered):
        return True
    # a time of day (an order or check-in time) is a person's own moment, however few people the report has
    return len(answered) > 0 and bool(answered.str.contains(_TIME_OF_DAY, regex=True).mean() >= 0.8)


def _free_text(values: pd.Series) -> bool:
    """Answers written freely (long and nearly all different), not chosen from a list."""
    answered = values.dropna()
    distinct = answered.nunique()
    return (distinct >= _FREE_TEXT_MIN_DISTINCT and distinct > _FREE_TEXT_SHARE * len(answered)
            and answered.str.len().median() > _FREE_TEXT_LENGTH)


def column_name(text: str) -> str:
    """An attendee column's name from a registration question: lower case, ``_`` between words.

    Example
    -------
    >>> column_name("Which networking format would you like?")
    'which_networking_format_would_you_like'
    """
    return "_".join(_norm(text).replace("?", " ").replace(":", " ").split())[:60]


# ---------------------------------------------------------------------------- sessions from the chosen format


# Between the answers of a question that takes several (Google Forms ", ", Typeform ",", Microsoft Forms ";")
_CHOICE_SEPARATORS = re.compile(r"\s*[,;|\n]\s*")


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in _CHOICE_SEPARATORS.split(text) if p.strip()]


def _choice_key(pieces: list[str]) -> str:
    return ",".join(_norm(p) for p in pieces)


def chosen_sessions(answer: object, answers: dict[str, object]) -> tuple[list, list[str]]:
    """The sessions one answer names, and the parts that name none.

    A question that takes several answers puts them in one cell, separated by
    commas or semicolons; an answer may hold a comma itself ("Speed networking,
    hosted"), so the longest known answer is taken first. ``answers`` maps each
    known answer, its parts in lower case joined by ``,``, to its session.

    Example
    -------
    >>> known = {"round tables": "tables", "open networking": "bar", "speed networking,hosted": "speed"}
    >>> chosen_sessions("Speed networking, hosted, Open networking;Bar crawl;", known)
    (['speed', 'bar'], ['Bar crawl'])
    """
    pieces = _pieces(answer) if isinstance(answer, str) else []
    chosen, unknown, start = [], [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            if _choice_key(pieces[start:end]) in answers:
                chosen.append(answers[_choice_key(pieces[start:end])])
                start = end
                break
        else:
            unknown.append(pieces[start])
            start += 1
    return chosen, unknown


def _sessions(listing: RegistrationList, settings: Settings, event: str, log: ImportLog, file: str) -> dict:
    """``sessions`` and ``participation`` from the registration question that says which session(s) a person chose."""
    part = settings.section("registrations")["sessions"]
    if listing.choice is None or not part["choices"]:
        return {}
    by_answer = {_choice_key(_pieces(c.answer)): c.session_id for c in part["choices"]}
    read = listing.choice.map(lambda v: chosen_sessions(v, by_answer))
    sessions_of = read.map(lambda r: list(dict.fromkeys(r[0])))
    unknown = read.map(lambda r: ", ".join(r[1]))
    rows = listing.people["_row"]
    none = sessions_of.map(len).eq(0)
    unmapped = none & unknown.ne("")
    log.add_rows(VALUE_NOT_MAPPED, "answer not in [registrations.sessions.answers]: the attendee is in no session",
                 file=file, rows=rows[unmapped], column=part["question"], values=listing.choice[unmapped])
    partly = ~none & unknown.ne("")
    log.add_rows(VALUE_NOT_MAPPED, "not in [registrations.sessions.answers]: left out; the attendee is in the other "
                 "session(s) chosen", file=file, rows=rows[partly], column=part["question"], values=unknown[partly])
    empty = none & unknown.eq("")
    log.add_rows(NOTE, "no session chosen: the attendee is in no session (their contacts still count for others)",
                 file=file, rows=rows[empty], column=part["question"])
    several = sessions_of.map(len).gt(1)
    if several.any():
        log.note(f"{int(several.sum())} attendee(s) chose several sessions: each takes part in every session chosen",
                 file=file, column=part["question"], count=int(several.sum()))
    session = sessions_of.explode().dropna()
    chosen_ids = set(session)
    used = list({c.session_id: c for c in part["choices"] if c.session_id in chosen_ids}.values())
    unused = [c.answer for c in part["choices"] if c.session_id not in chosen_ids]
    if unused:
        log.note(f"no kept attendee chose {', '.join(map(repr, unused))}: no session written for it", file=file)
    sessions = contract_frame("sessions", {
        "event_id": event, "session_id": [c.session_id for c in used], "format": [c.format for c in used],
        "assignment": [c.assignment for c in used], "grouping": [c.grouping for c in used],
        "start": [c.start for c in used], "end": [c.end for c in used]})
    sessions = sessions.dropna(axis=1, how="all")
    participation = contract_frame("participation", {
        "event_id": event, "session_id": session.to_numpy(),
        "attendee_id": listing.people.loc[session.index, "attendee_id"].to_numpy()})
    return {"sessions": sessions, "participation": participation}


# ---------------------------------------------------------------------------- sessions from a schedule and the days


# A check-in in a header (English, German, French, Spanish, Dutch), compared without accents in lower case
_CHECK_IN_HEADER = re.compile(r"check(?:ed)?[\s-]?in|\bingecheckt|\beingecheckt|\baanwezig|\banwesend|\bpresen[ct]e?|"
                              r"\bgescan(?:d|nt)|\bscann?(?:ed|e)?\b|\battend(?:ed|ance)|\basisti|\barriv|\baankomst|"
                              r"\bankunft|\beinlass")
# "day 2", "Dag 1", "Tag 1", "jour 2", "día 2"; "2nd day", "2e dag", "2. Tag": ordinals name a day. A bare
# number before the word is a duration ("2 Day Pass", "1 dag"): it names none, so the ordinal ending is required
_DAY_NUMBER = re.compile(r"\b(?:day|dag|tag|jour|dia|giorno)\s*(\d{1,2})\b|"
                         r"\b(\d{1,2})\s*(?:st|nd|rd|th|e|de|ste|er|eme|\.)\s*(?:day|dag|tag|jour|dia)\b")
# a date in a header or a ticket type: 2026-03-12; 12.03. or 12-03-2026 (day first); 03/12 (either order)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SHORT_DATE = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})(?:\2(?:\d{4}|\d{2}))?(?![\d:])")


@dataclass(frozen=True)
class EventDay:
    """A day named in a header or a ticket type: by its number (``day 2``) or its date (month, day) candidates.

    A date written with slashes (``03/12``) may be either order: both are candidates, and the schedule's
    dates tell which.
    """

    label: str
    number: int | None = None
    dates: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return self.label


def _one_day(days: list[EventDay]) -> EventDay | None:
    """The one day several mentions name (``Day 1 (12.03.)``: a number and a date); None where they conflict.

    Two numbers, or dates with no candidate in common, conflict here; a number and a date can only be
    checked against the schedule (:func:`_resolve_day`).
    """
    numbers = {d.number for d in days if d.number is not None}
    candidates = [set(d.dates) for d in days if d.dates]
    dates = set.intersection(*candidates) if candidates else set()
    if len(numbers) > 1 or (candidates and not dates):
        return None
    order = [m for d in days for m in d.dates if m in dates]
    if len(days) == 1:
        return days[0]
    return EventDay(f"{days[0].label} ({', '.join(d.label for d in days[1:])})", number=numbers.pop() if numbers else None,
                    dates=tuple(dict.fromkeys(order)))


def _days_named(text: object) -> list[EventDay]:
    """The days a header or ticket type names, by number or by date."""
    folded = privacy.fold_accents(_norm(text))
    days = [EventDay(f"day {int(a or b)}", number=int(a or b)) for a, b in _DAY_NUMBER.findall(folded)]
    for year, month, day in _ISO_DATE.findall(folded):
        days.append(EventDay(f"{year}-{int(month):02d}-{int(day):02d}", dates=((int(month), int(day)),)))
    for a, sep, b in _SHORT_DATE.findall(_ISO_DATE.sub(" ", folded)):
        first, second = int(a), int(b)
        options = [(second, first)] if sep in ".-" else [(second, first), (first, second)]
        options = tuple(dict.fromkeys((m, d) for m, d in options if 1 <= m <= 12 and 1 <= d <= 31))
        if options:
            days.append(EventDay(f"{a}{sep}{b}", dates=options))
    return days


def check_in_day(header: object) -> EventDay | None:
    """The day whose check-in a column holds, by its header: a check-in word and one day (number, date or both).

    A header may name its day twice (``Check-in Day 1 (12.03.)``); two numbers or two different dates name
    no one day (None).

    Example
    -------
    >>> [str(check_in_day(h)) for h in ("Check-in dag 2", "Eingecheckt Tag 1", "Check-in 12.03.", "Checked in")]
    ['day 2', 'day 1', '12.03', 'None']
    >>> check_in_day("Check-in day 2").number, check_in_day("Check-in 2026-03-13").dates
    (2, ((3, 13),))
    >>> day = check_in_day("Check-in Day 1 (12.03.)"); day.number, day.dates, check_in_day("Check-in day 1 day 2")
    (1, ((3, 12),), None)
    """
    folded = privacy.fold_accents(_norm(header))
    if not _CHECK_IN_HEADER.search(folded):
        return None
    days = _days_named(header)
    return _one_day(days) if days else None


def _day_columns(columns, roles: dict, mapped: dict) -> dict:
    """The check-in columns of a day (``Check-in dag 2``) and the day each names; not the other roles' columns."""
    taken = {c for role, c in roles.items() if role != "checked_in"}
    found = {}
    for column in columns:
        if column in taken or mapped.get(_norm(column)) not in (None, "checked_in"):
            continue
        day = check_in_day(column)
        if day is not None:
            found[column] = day
    return found


def _read_schedule(path: Path, settings: Settings, event: str, log: ImportLog) -> pd.DataFrame:
    """The schedule's sessions (``session_id``, ``format``, ``assignment``, ``grouping``, local ``_start``/``_end``).

    Times are local times of the event (``time_zone``), dates in the map's order (``day_first``, else what the
    values show: dots are day first). Sessions at the same time are refused: a person who came that day cannot
    have been in both.
    """
    try:
        frame = read_export(path).reset_index(drop=True).astype("string")
    except UsageError as exc:
        raise UsageError(f"{exc} Write a CSV with the columns session_id, format, start, end.") from None
    frame.columns = ["_".join(_norm(c).split()) for c in frame.columns]
    need = ["session_id", "format", "start", "end"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise UsageError(f"{path.name}: the schedule needs the columns {', '.join(need)} (missing: "
                         f"{', '.join(missing)}); optional: assignment, grouping.")
    frame = frame[~frame.apply(lambda r: r.fillna("").str.strip().eq("").all(), axis=1)]
    if frame.empty:
        raise UsageError(f"{path.name}: the schedule has no sessions.")
    line = lambda k: int(frame.index[k]) + 2  # noqa: E731  (the header is line 1)
    for col in need:
        empty = frame[col].fillna("").str.strip().eq("")
        if empty.any():
            raise UsageError(f"{path.name} row {line(int(empty.to_numpy().argmax()))}, column {col}: empty; every "
                             "session needs session_id, format, start and end.")
    frame["session_id"] = frame["session_id"].str.strip()
    dup = frame["session_id"].duplicated()
    if dup.any():
        k = int(dup.to_numpy().argmax())
        raise UsageError(f"{path.name} row {line(k)}, column session_id: {frame['session_id'].iloc[k]!r} appears "
                         "twice; give each session its own id.")
    for col, allowed, default in (("format", FORMATS, None), ("assignment", ASSIGNMENTS, DEFAULT_ASSIGNMENT)):
        if col not in frame.columns:
            frame[col] = default
            continue
        frame[col] = frame[col].str.strip().str.lower().replace("", pd.NA).fillna(default or "")
        bad = ~frame[col].isin(allowed)
        if bad.any():
            k = int(bad.to_numpy().argmax())
            raise UsageError(f"{path.name} row {line(k)}, column {col} ({frame[col].iloc[k]!r}): use "
                             f"{', '.join(allowed)}.")
    day_first = settings.day_first
    if day_first is None:
        day_first = parsing.infer_day_first(pd.concat([frame["start"], frame["end"]]))
    for col in ("start", "end"):
        stamps, bad = parsing.read_local_timestamp(frame[col].str.strip(), time_zone=settings.time_zone,
                                                   day_first=day_first)
        if bad.any():
            k = int(bad.to_numpy().argmax())
            raise UsageError(f"{path.name} row {line(k)}, column {col} ({frame[col].iloc[k]!r}): not a date and "
                             "time that can be read; write e.g. 2026-03-12 10:30 (a local time of the event), or set "
                             "day_first in the map for 12/03/2026.")
        frame[f"_{col}"] = stamps.dt.tz_convert(settings.time_zone or "UTC")
    if settings.time_zone is None:
        log.note("the schedule's times without a zone are read as UTC: set time_zone (e.g. \"Europe/Amsterdam\") "
                 "in the map for local times", file=path.name)
    backwards = frame["_end"] <= frame["_start"]
    if backwards.any():
        raise UsageError(f"{path.name} row {line(int(backwards.to_numpy().argmax()))}: end is not after start.")
    frame = frame.sort_values("_start", kind="stable")
    overlap = frame["_start"] < frame["_end"].shift()
    if overlap.any():
        k = int(overlap.to_numpy().argmax())
        raise UsageError(f"{path.name}: sessions {frame['session_id'].iloc[k - 1]!r} and "
                         f"{frame['session_id'].iloc[k]!r} overlap; everyone who came on a day is placed in every "
                         "session of that day, which cannot be two at once. Where people chose between parallel "
                         "sessions, name that registration question in [registrations.sessions] instead.")
    for col in frame.columns:
        if col not in ("session_id", "format", "assignment", "grouping", "start", "end", "_start", "_end"):
            # a description may hold a facilitator's name: never copied
            log.add(COLUMN_NOT_MAPPED, "schedule column not used (not copied)", file=path.name, column=col)
    if "grouping" not in frame.columns:
        frame["grouping"] = pd.NA
    frame["_day"] = frame["_start"].dt.date
    return frame.reset_index(drop=True)


def _resolve_day(day: EventDay, dates: list, what: str) -> int | None:
    """The index among the schedule's ``dates`` of a day named by number or date; None where it names none.

    A day named both ways (``Day 1 (12.03.)``) must be one day of the schedule: a number and a date of two
    different days stop the import.
    """
    by_number = None
    if day.number is not None:
        by_number = day.number - 1 if 1 <= day.number <= len(dates) else None
        if not day.dates or by_number is None:
            return by_number
    found = {i for i, d in enumerate(dates) if (d.month, d.day) in day.dates}
    if by_number is not None:
        if by_number not in found:
            raise UsageError(f"{what} names {day.label}: day {day.number} of the schedule is "
                             f"{dates[by_number].isoformat()}, not that date; correct the number or the date.")
        return by_number
    if len(found) > 1:
        raise UsageError(f"{what} names {day.label}, which could be either of two days of the schedule; write the "
                         "date as 2026-03-12, or set day_first in the map.")
    return found.pop() if found else None


def _sessions_by_day(listing: RegistrationList, schedule, settings: Settings, event: str, log: ImportLog,
                     file: str) -> dict:
    """``sessions`` from the schedule, and ``participation``: each kept attendee in every session of the days they came.

    A day with a check-in column of its own: who checked in there. A day without one: those whose ticket is
    valid that day (a ticket type that names days is valid on those only) and, where the check-in column holds a
    date, who checked in on that day or before (a single check-in is the first arrival).
    """
    path = existing_file(schedule, "Schedule")
    plan = _read_schedule(path, settings, event, log)
    dates = sorted(plan["_day"].unique())
    people = listing.people["attendee_id"].reset_index(drop=True)
    attendance = listing.attendance if listing.attendance is not None else pd.DataFrame(index=people.index)
    came = pd.DataFrame(False, index=people.index, columns=range(len(dates)))
    by_column = {}
    for column, day in listing.day_columns.items():
        index = _resolve_day(day, dates, f"{file}, column {column!r},")
        if index is None:
            raise UsageError(f"{file}, column {column!r}: its header names {day.label}, which is no day of the "
                             f"schedule {path.name} (its days: {', '.join(d.isoformat() for d in dates)}); rename "
                             "the column, or give the schedule of the whole event.")
        by_column.setdefault(index, []).append(column)
        came[index] |= attendance[str(column)].to_numpy(dtype=bool)
    free = [i for i in range(len(dates)) if i not in by_column]
    valid, ticket_said = _ticket_days(attendance["_ticket"], dates, len(people))
    arrival, unread = _arrival_days(attendance["_check_in"], dates, settings)
    if unread.any():
        # an arrival that cannot be read says nothing of the day: only a ticket valid on one day alone places them
        log.add_rows(WARNING, "check-in date that cannot be read (day and month order unknown: set day_first in the "
                     "map): placed only on the one day their ticket type names, else on no day without a check-in "
                     "column of its own", file=file, rows=listing.people.loc[unread.to_numpy(), "_row"],
                     column=str(listing.roles.get("checked_in", "")))
    one_day = valid.sum(axis=1).eq(1).to_numpy()
    for i in free:
        came[i] = valid[i] & (arrival.isna() | arrival.le(i)).to_numpy() & (~unread.to_numpy() | one_day)
    rows = []
    for i, day in enumerate(dates):
        ids = plan.loc[plan["_day"].eq(day), "session_id"].tolist()
        placed = people[came[i].to_numpy()]
        rows += [(s, p) for s in ids for p in placed]
        if i in by_column:
            how = f"who checked in that day ({', '.join(repr(str(c)) for c in by_column[i])})"
        elif len(dates) == 1:
            how = "every kept attendee (a one-day schedule)"
        else:
            how = ("no check-in column of that day: every kept attendee" + (" whose ticket type is valid that day"
                   if ticket_said else "") + (" who checked in that day or before (the check-in column's date: a "
                   "single check-in is the first arrival)" if arrival.notna().any() else ""))
        log.note(f"day {i + 1} ({day.isoformat()}): {len(placed)} attendee(s) placed in each of its {len(ids)} "
                 f"session(s) ({', '.join(ids)}): {how}", file=path.name, count=len(placed))
    none = ~came.any(axis=1)
    if none.any():
        log.add_rows(NOTE, "checked in on no day of the schedule: in no session (their contacts still count for the "
                     "people they met)", file=file, rows=listing.people.loc[none.to_numpy(), "_row"])
    log.note(f"{int(none.sum())} kept attendee(s) checked in on no day of the schedule: in no session",
             file=file, count=int(none.sum()))
    if len(dates) > 1 and free and not by_column and not ticket_said and arrival.isna().all() \
            and not unread.any():
        log.add(WARNING, f"the export says nothing of which of the schedule's {len(dates)} days each attendee came "
                "(no check-in column per day such as 'Check-in day 2', no date in the check-in, no ticket type "
                "naming a day): every kept attendee is placed in every session of every day", file=file)
    sessions = contract_frame("sessions", {
        "event_id": event, "session_id": plan["session_id"].to_numpy(), "format": plan["format"].to_numpy(),
        "assignment": plan["assignment"].to_numpy(), "grouping": plan["grouping"].to_numpy(),
        "start": plan["_start"].map(lambda t: t.isoformat()).to_numpy(),
        "end": plan["_end"].map(lambda t: t.isoformat()).to_numpy()})
    participation = contract_frame("participation", {
        "event_id": event, "session_id": [s for s, _ in rows], "attendee_id": [p for _, p in rows]})
    return {"sessions": sessions.dropna(axis=1, how="all"), "participation": participation}


def _ticket_days(tickets: pd.Series, dates: list, count: int) -> tuple[pd.DataFrame, bool]:
    """On which schedule days each ticket is valid: the days its type names (``Dag 1 (12 maart)``), else all.

    Also whether any ticket type named a day of the schedule.
    """
    valid = pd.DataFrame(True, index=range(count), columns=range(len(dates)))
    said = False
    for k, text in enumerate(tickets.tolist()):
        if not isinstance(text, str):
            continue
        named = {_resolve_day(d, dates, "A ticket type") for d in _days_named(text)} - {None}
        if named:
            said = True
            valid.loc[k] = [i in named for i in range(len(dates))]
    return valid, said


def _arrival_days(check_in: pd.Series, dates: list, settings: Settings) -> tuple[pd.Series, pd.Series]:
    """The schedule day (index) on which each person's one check-in time falls, and which could not be read.

    The day missing where the check-in holds no date (a yes, a check-in word). Dates in the map's order
    (``day_first``), else the column's own (``14/03``, dots: day first), else the one order that puts every
    check-in on a day of the schedule or the evening before; a date that none of these settles
    (``04/03/2026`` alone, for an event in March and April) is unread, never guessed.
    """
    text = check_in.astype("string").str.strip().replace("", pd.NA).reset_index(drop=True)
    dated = parsing.looks_like_date_time(text)
    if not dated.any():
        return pd.Series(pd.NA, index=range(len(text)), dtype="Int64"), pd.Series(False, index=range(len(text)))
    zone = settings.time_zone or "UTC"

    def read(day_first):
        times, bad = parsing.read_local_timestamp(text.where(dated), time_zone=settings.time_zone,
                                                  day_first=day_first)
        return times.dt.tz_convert(zone).dt.date, bad & dated

    day_first = settings.day_first
    if day_first is None:
        day_first = parsing.infer_day_first(text[dated])
    if day_first is None:
        first = dates[0] - pd.Timedelta(days=1)
        readings = {order: read(order) for order in (True, False)}
        # a check-in no order can read (31/02) is reported below; it decides nothing here
        either = readings[True][1] & readings[False][1]
        fits = [order for order, (local, bad) in readings.items()
                if not (bad & ~either).any() and all(first <= d <= dates[-1] for d in local.dropna())]
        # both orders fit where they read the same days (03/03/2026): either will do
        same = len(fits) == 2 and readings[True][0].equals(readings[False][0])
        day_first = fits[0] if len(fits) == 1 or same else None
    local, bad = read(day_first)
    # a check-in before the first day (the evening before) is an arrival for the first day
    index = [pd.NA if pd.isna(d) else sum(1 for x in dates if x < d) if d not in dates else dates.index(d)
             for d in local]
    return pd.Series(index, dtype="Int64").reset_index(drop=True), bad.reset_index(drop=True)

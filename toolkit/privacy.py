"""The one personal-data rule: what is personal, keyed pseudonyms, redaction and minimisation.

``docs/privacy.md`` states the model in plain words; this module is that model
in code. Every stage that meets people's data asks it (the loader, the
importers, the plan's registration reading, the operational outputs with
names, the dashboard's uploads, the problem report, the CLI), so all treat it
alike:

- :func:`personal_column_kind` / :func:`is_personal_column`: which columns hold
  personal data by their name (names, emails, phones, addresses, birth dates,
  web profiles, IP addresses, locations, order/ticket/member numbers, job title
  and company, health and dietary needs, free text), in English, German,
  French, Spanish and Dutch, accents folded ("Straße" and "Strasse" alike);
  given the values, a yes/no column headed "Member", "Mitglied" ... is a
  category, not member numbers (:func:`yes_no_category`);
- :func:`personal_content_kind`: the same judged by a column's values (so a
  column map ``"Full Name" = "team"`` cannot carry names through);
  :func:`personal_content_kinds`: that verdict for each file of a pooled column;
- :func:`minimise_columns`: the columns an analysis table may not keep, dropped
  and named once (by column, never by value), unless declared as segments;
  :func:`minimise_columns_per_file`: the same where a table's files are prepared
  together, each file judged on its own values;
- :func:`pseudonymise` / :func:`pseudonymise_ids`: ids replaced by keyed hashes;
- :func:`redact_text` / :func:`redact_free_text`: emails, phone numbers, IP
  addresses (and, in free text and quoted values, name-like word pairs) taken out
  of messages and text, dates and times left whole;
- :func:`load_secret`: the key (never empty or short; the key file owner-only;
  one key per organisation where one is named); defined in :mod:`toolkit.keys`,
  which needs no pandas, and named here too.

A person's id is replaced by ``p_`` + the first 16 hex digits of
``HMAC-SHA256(key, normalised value)``. The same person therefore gets the same
id in every file and every event read with the same key, and nobody without the
key can turn an id back into the email by hashing a list of guesses.

The key comes from ``NETOUT_SECRET``, else the file named by
``NETOUT_SECRET_FILE``, else ``~/.config/netout/secret`` (created, readable by
its owner only, on first use). Where an organisation is named (``NETOUT_ORG`` or
``[privacy] organisation`` in ``netout.toml``) the key used is derived from that
key and the organisation's name, so two organisations' pseudonyms never match.

This module sits just above :mod:`toolkit.exceptions` and imports nothing
else from the toolkit: the problem report (:mod:`toolkit.errors`) redacts by it.

Example
-------
>>> import pandas as pd
>>> ids = pseudonymise(pd.Series(["Ann@Example.org ", "ann@example.org", "B17"]), secret=b"k")
>>> ids[0] == ids[1], ids[0].startswith("p_"), ids[2]
(True, True, 'B17')
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd


# the key's reading lives in toolkit.keys (no pandas there: the disk cache keys results by it cheaply); these
# names are part of this module's interface too
from toolkit.keys import (  # noqa: F401
    DEFAULT_SECRET_FILE,
    MIN_KEY_BYTES,
    PseudonymKey,
    load_secret,
    organisation_name,
)

#: Groups of fewer people than this are never shown by a face (counts, means or charts); as many different people
#: giving one answer make it a category, not a name (:func:`redact_free_text`). Named by :mod:`toolkit.wording` too.
MIN_GROUP_SIZE = 5

PSEUDONYM_PREFIX = "p_"
PSEUDONYM_HEX_DIGITS = 16

#: Column names (lower case, words joined by ``_``) that hold personal data in exports.
PERSONAL_COLUMN_NAMES: frozenset[str] = frozenset(
    {
        "name", "full_name", "first_name", "last_name", "surname", "given_name", "family_name",
        "email", "e_mail", "email_address", "mail",
        "phone", "phone_number", "mobile", "telephone", "tel",
        "ip", "ip_address", "latitude", "longitude",
    }
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# accented, Greek and Cyrillic letters are part of an address ("maria.garcía@x.es"): with ASCII letters only, the
# match began after the last accent, so "luis.muñoz@" and "ana.muñoz@" were one person ("oz@") and a redacted
# sentence kept "luis.muñ". The letters are written as ranges (not \w), which pandas' pyarrow engine reads alike.
_ADDRESS_LETTERS = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_DOMAIN_LETTERS = _ADDRESS_LETTERS.replace("0-9", "")
EMAIL_ANYWHERE_RE = re.compile(f"[{_ADDRESS_LETTERS}._%+\\-]+@[{_ADDRESS_LETTERS}.\\-]+\\.[{_DOMAIN_LETTERS}]{{2,}}")
_PHONE_RE = re.compile(r"^(\+|00)?[\d][\d\s\-().\/]{5,}\d$")
_PSEUDONYM_RE = re.compile(rf"^{PSEUDONYM_PREFIX}[0-9a-f]{{{PSEUDONYM_HEX_DIGITS}}}$")
_WORD_BOUNDARY_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[^0-9A-Za-z]+")

# --------------------------------------------------------------------------- what is personal, by column name

#: Answers read as yes / no, compared after lower-casing and trimming (English, German, French, Spanish and Dutch,
#: with the TRUE and FALSE their spreadsheets write). The toolkit's one list: :mod:`toolkit.io.parsing` reads
#: yes/no answers by it, and this rule tells a yes/no "Member" column from member numbers by it.
YES_WORDS: frozenset[str] = frozenset(
    {"y", "yes", "true", "t", "1", "1.0", "x", "on", "ja", "oui", "si", "sí", "checked", "✓", "✔", "wahr", "vrai",
     "verdadero", "waar"}
)
NO_WORDS: frozenset[str] = frozenset({"n", "no", "false", "f", "0", "0.0", "off", "nein", "non", "unchecked", "nee",
                                      "falsch", "faux", "falso", "onwaar"})

#: The kinds of personal data the rule knows, in the words messages use.
PERSONAL_KINDS: tuple[str, ...] = (
    "name", "email", "phone number", "postal address", "birth date", "web profile", "IP address", "location",
    "order, ticket or member number", "job title or company", "health or dietary needs", "free text")

# words that make a column personal wherever they stand in a short column name
_ENGLISH_KIND_WORDS: dict[str, frozenset[str]] = {
    "email": frozenset({"email", "e_mail", "mail", "emailaddress", "mailto"}),
    "phone number": frozenset({"phone", "mobile", "telephone", "tel", "cell", "cellphone", "whatsapp", "fax",
                               "phonenumber", "sms"}),
    "postal address": frozenset({"address", "street", "postcode", "zip", "zipcode", "postal", "housenumber"}),
    "birth date": frozenset({"birth", "birthday", "dob", "birthdate", "born"}),
    "web profile": frozenset({"linkedin", "twitter", "facebook", "instagram", "github", "website", "url", "homepage",
                              "profile", "handle", "social", "mastodon", "tiktok", "xing"}),
    "IP address": frozenset({"ip", "ipaddress", "ipv4", "ipv6"}),
    "location": frozenset({"latitude", "longitude", "lat", "lon", "lng", "geo", "gps", "location", "coordinates",
                           "city", "town", "geolocation"}),
    "order, ticket or member number": frozenset({"barcode", "qr", "passport", "ssn"}),
    "health or dietary needs": frozenset({"diet", "dietary", "allergy", "allergies", "medical", "health",
                                          "disability", "accessibility", "wheelchair", "medication", "food",
                                          "vaccination", "vaccinated", "vaccine", "covid"}),
    "free text": frozenset({"comment", "comments", "note", "notes", "remark", "remarks", "feedback", "message",
                            "bio", "biography", "about", "suggestion", "suggestions", "freetext", "anything"}),
}
# whole names (words joined by "_") of the kinds that a single word would over-reach
_ENGLISH_KIND_KEYS: dict[str, frozenset[str]] = {
    "name": frozenset({"name", "fullname", "firstname", "lastname", "surname", "forename", "username", "nickname",
                       "person", "contact", "contact_person", "attendee", "participant", "guest", "delegate",
                       "speaker", "visitor", "recipient", "sender"}),
    "order, ticket or member number": frozenset({
        "member_number", "member_no", "membership_number", "attendee_number", "attendee_no", "registration_number",
        "registration_id", "registration_no", "badge_number", "badge_no", "badge_id", "booking_reference",
        "booking_id", "booking_number", "reference", "ref", "national_id", "id_number", "customer_id",
        "customer_number", "member_id", "user_id", "employee_id", "student_id", "respondent_id", "response_id",
        "externalreference", "external_reference"}),
    "job title or company": frozenset({
        "job", "title", "job_title", "jobtitle", "position", "designation", "job_role", "occupation", "company",
        "company_name", "companyname", "employer", "employer_name", "organisation", "organization",
        "organisation_name", "organization_name", "org", "firm", "business_name", "affiliation", "institution"}),
    "free text": frozenset({"other", "free_text", "anything_else", "additional_information", "additional_comments",
                            "open_answer", "description", "text"}),
}
# a column ending in "name" is a person's name unless one of these words says whose name it is
_ENGLISH_NOT_A_PERSON = frozenset({"company", "business", "organisation", "organization", "org", "employer", "firm",
                           "session", "event", "venue", "room", "group", "table", "team", "product", "file",
                           "sheet", "industry", "sector", "track", "topic", "format", "workshop", "brand",
                           "department", "country", "region", "ticket", "tier", "category", "collector", "survey",
                           "question", "field", "column", "host", "sponsor"})
# The same endings written without separators, as survey tools name their fields ("RecipientEmail",
# "IPAddress", "LocationLatitude") and as they read once lower-cased ("recipientemail").
_ENGLISH_SQUASHED_ENDINGS: tuple[tuple[str, str], ...] = (
    ("emailaddress", "email"), ("email", "email"), ("phonenumber", "phone number"), ("ipaddress", "IP address"),
    ("firstname", "name"), ("lastname", "name"), ("fullname", "name"), ("latitude", "location"),
    ("longitude", "location"), ("dateofbirth", "birth date"), ("birthdate", "birth date"),
    ("linkedin", "web profile"), ("jobtitle", "job title or company"), ("postcode", "postal address"),
    ("zipcode", "postal address"))
_QUESTION_RE = re.compile(r"\byour\s+(?:full\s+|first\s+|last\s+)?(name|e-?mail|email address|phone|mobile|"
                          r"address|date of birth|birthday|linkedin|company|employer|job title)\b", re.I)
_QUESTION_KIND = {"name": "name", "email": "email", "e-mail": "email", "email address": "email",
                  "phone": "phone number", "mobile": "phone number", "address": "postal address",
                  "date of birth": "birth date", "birthday": "birth date", "linkedin": "web profile",
                  "company": "job title or company", "employer": "job title or company",
                  "job title": "job title or company"}
# canonical columns of the contract, and attendee columns organisers use as segments: never personal by name
_NEVER_PERSONAL = frozenset({"attendee_id", "contact_id", "event_id", "session_id", "group_id", "company_size",
                             "industry", "networking_style", "first_time", "region", "country", "style"})

# --- the same rule in German, French, Spanish and Dutch
# European organisers' tools write their headers in the organiser's language ("Vorname", "Prénom",
# "Correo electrónico", "Bestelnummer"). A name's accents are folded before it is split into words (ß -> ss,
# é -> e, ä -> a), so the words below are written as a header may spell them; _spellings adds the German
# way of writing an umlaut without one (ä -> ae), so "Straße", "Strasse", "Ernährung" and "Ernaehrung" match.
_FOLDED_LETTERS = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o",
                                 "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def fold_accents(text: str) -> str:
    """Text without accents: ``ß`` -> ``ss``, ``é`` -> ``e``, ``ä`` -> ``a``, ``œ`` -> ``oe``.

    The one folding of headers and words the importers and this rule compare (case is the caller's).

    Example
    -------
    >>> fold_accents("Straße, Prénom, Teléfono, Unternehmensgröße")
    'Strasse, Prenom, Telefono, Unternehmensgrosse'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDED_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spellings(*words: str) -> frozenset[str]:
    """The words as a folded header spells them: umlauts as plain letters (``ä`` -> ``a``) and as ``ae``.

    >>> sorted(_spellings("ernährung", "prénom"))
    ['ernaehrung', 'ernahrung', 'prenom']
    """
    german = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
    return frozenset(fold_accents(w) for word in words for w in (word, word.translate(german)))


_ABROAD_WORDS: dict[str, frozenset[str]] = {
    # first and last names: unambiguous wherever they stand ("Vorname des Gastes", "Nachname")
    "name": _spellings("vorname", "nachname", "familienname", "rufname", "spitzname", "benutzername", "prénom",
                       "apellido", "apellidos", "voornaam", "achternaam", "familienaam", "roepnaam", "tussenvoegsel",
                       "gebruikersnaam"),
    "email": _spellings("courriel", "correo", "mailadres", "emailadres", "mailadresse", "emailadresse"),
    "phone number": _spellings("telefon", "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer",
                               "mobiltelefon", "festnetz", "portable", "téléphone", "teléfono", "móvil", "celular",
                               "telefoon", "telefoonnummer", "mobiel", "gsm"),
    "postal address": _spellings("adresse", "adres", "anschrift", "straße", "str", "hausnummer", "hausnr", "plz",
                                 "postleitzahl", "rue", "dirección", "domicilio", "calle", "straat", "huisnummer"),
    "birth date": _spellings("geburtsdatum", "geburtstag", "geburtsort", "naissance", "nacimiento", "geboortedatum",
                             "geboren"),
    "web profile": _spellings("webseite", "internetseite", "webadresse", "internetadresse", "profil", "perfil"),
    "location": _spellings("stadt", "ort", "wohnort", "standort", "koordinaten", "ville", "ciudad", "localidad",
                           "ubicación", "woonplaats", "plaats"),
    "health or dietary needs": _spellings(
        "ernährung", "diät", "allergie", "allergien", "unverträglichkeit", "unverträglichkeiten", "gesundheit",
        "behinderung", "barrierefreiheit", "rollstuhl", "medikamente", "alimentaire", "alimentation", "allergies",
        "santé", "handicap", "accessibilité", "médicaments", "dieta", "alergia", "alergias", "alimentación",
        "salud", "discapacidad", "accesibilidad", "medicamentos", "dieet", "dieetwensen", "allergieën",
        "gezondheid", "toegankelijkheid", "rolstoel", "medicijnen"),
    "free text": _spellings(
        "notiz", "notizen", "bemerkung", "bemerkungen", "kommentar", "kommentare", "anmerkung", "anmerkungen",
        "hinweis", "hinweise", "nachricht", "freitext", "rückmeldung", "sonstiges", "remarque", "remarques",
        "commentaire", "commentaires", "observation", "observations", "précisions", "comentario", "comentarios",
        "notas", "observaciones", "mensaje", "opmerking", "opmerkingen", "notitie", "notities", "commentaar",
        "toelichting", "bericht"),
}
_ABROAD_KEYS: dict[str, frozenset[str]] = {
    "name": _spellings("nom", "nombre", "naam", "teilnehmer", "teilnehmerin", "gast", "besucher", "ansprechpartner",
                       "ansprechpartnerin", "ansprechperson", "kontakt", "kontaktperson", "referent", "sprecher",
                       "invité", "interlocuteur", "intervenant", "participante", "invitado", "asistente",
                       "contacto", "ponente", "deelnemer", "contactpersoon", "spreker", "bezoeker"),
    # a company, as "company" and "company name" are in English; its size ("Unternehmensgröße") is not one
    "job title or company": _spellings(
        "firma", "firmenname", "unternehmen", "unternehmensname", "arbeitgeber", "organisation", "institution",
        "berufsbezeichnung", "jobtitel", "titel", "funktion", "beruf", "tätigkeit", "stellung", "société",
        "entreprise", "employeur", "organisme", "établissement", "raison_sociale", "fonction", "poste", "titre",
        "intitulé_du_poste", "profession", "métier", "empresa", "compañía", "organización", "empleador",
        "institución", "cargo", "puesto", "profesión", "ocupación", "bedrijf", "bedrijfsnaam", "firmanaam",
        "organisatie", "werkgever", "functie", "functietitel", "beroep"),
    "free text": _spellings("andere", "autre", "autres", "otro", "otros", "overig", "overige", "beschreibung",
                            "description", "descripción", "beschrijving"),
}
# words that say a name is a company's ("Name der Firma", "Nom de l'entreprise", "Nombre de la empresa")
_COMPANY_WORDS = _spellings(
    "company", "business", "organisation", "organization", "org", "employer", "firm", "firma", "firmen",
    "unternehmen", "unternehmens", "arbeitgeber", "arbeitgebers", "société", "entreprise", "employeur", "organisme",
    "empresa", "compañía", "organización", "empleador", "bedrijf", "organisatie", "werkgever")
# words that say whose name it is where that is no person's (in the four languages, beside the English ones)
_NOT_A_PERSON_ABROAD = _spellings(
    "sitzung", "veranstaltung", "raum", "tisch", "gruppe", "produkt", "datei", "branche", "thema", "marke",
    "abteilung", "land", "kategorie", "umfrage", "frage", "feld", "spalte", "ort", "ortes", "veranstaltungsort",
    "séance", "session", "événement", "salle", "groupe", "équipe", "produit", "fichier", "secteur", "thème",
    "atelier", "marque", "service", "pays", "région", "catégorie", "billet", "tarif", "enquête", "champ", "colonne",
    "lieu", "sesión", "evento", "sala", "mesa", "grupo", "equipo", "producto", "archivo", "sector", "tema",
    "taller", "marca", "departamento", "país", "región", "categoría", "entrada", "tarifa", "encuesta",
    "pregunta", "campo", "columna", "lugar", "sessie", "evenement", "zaal", "tafel", "groep", "bestand",
    "onderwerp", "merk", "afdeling", "regio", "categorie", "enquête", "vraag", "veld", "kolom", "locatie")
# the head word of "Name of ...", "Name der ...", "Nom de ...", "Nombre de ...", "Naam van ..."
_NAME_HEADS = frozenset({"name", "nom", "nombre", "naam"})
# small words between that head and whose name it is
_LINK_WORDS = frozenset({"of", "the", "your", "de", "du", "des", "la", "le", "l", "d", "votre", "vos", "der", "die",
                         "das", "dem", "den", "ihr", "ihre", "ihres", "ihrer", "del", "el", "los", "las", "su", "sus",
                         "tu", "van", "het", "uw", "je", "jouw", "y", "et", "und", "en"})
# "Nombre" is Spanish for name and French for number ("Nombre de salariés"): a name only beside these words
_NOMBRE_IS_A_NAME = _spellings("completo", "apellido", "apellidos", "pila", "asistente", "participante",
                               "invitado", "contacto", "usuario", "persona")
# the compound numbers of German and Dutch ("Bestellnummer", "Mitgliedsnummer", "Bestelnummer")
_NUMBERED_THINGS_ABROAD = _spellings(
    "bestell", "bestellung", "mitglied", "mitglieds", "mitgliedschaft", "buchung", "buchungs", "rechnung",
    "rechnungs", "auftrag", "auftrags", "teilnehmer", "teilnehmenden", "kunde", "kunden", "anmeldung", "anmelde",
    "beleg", "commande", "billet", "adhérent", "membre", "réservation", "facture", "inscription", "client",
    "pedido", "socio", "reserva", "factura", "inscripción", "cliente", "bestelling", "bestel", "lid",
    "lidmaatschap", "factuur", "boeking", "boekings", "reservering", "deelnemer", "deelnemers", "klant",
    "inschrijving", "registratie", "order")
# two words that together say a kind neither says alone ("Adresse électronique" is an email, not a street)
_PHRASES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"adresse", "electronique"}), "email"), (frozenset({"courrier", "electronique"}), "email"),
    (frozenset({"adresse", "messagerie"}), "email"),
    (frozenset({"site", "web"}), "web profile"), (frozenset({"site", "internet"}), "web profile"),
    (frozenset({"sitio", "web"}), "web profile"), (frozenset({"pagina", "web"}), "web profile"),
    (frozenset({"raison", "sociale"}), "job title or company"),
    (frozenset({"intitule", "poste"}), "job title or company"),
    # a form's "Special requirements" / "Access needs" column holds health, diet and access needs
    (frozenset({"special", "requirements"}), "health or dietary needs"),
    (frozenset({"special", "requirement"}), "health or dietary needs"),
    (frozenset({"special", "requests"}), "health or dietary needs"),
    (frozenset({"special", "needs"}), "health or dietary needs"),
    (frozenset({"access", "needs"}), "health or dietary needs"),
    (frozenset({"access", "requirements"}), "health or dietary needs"),
    # "Additional requirements", "Other needs": a form's box for health, diet and access (a reviewer found
    # "Wheelchair user", "Type 1 diabetic, need fridge" copied under these headers)
    *((frozenset({first, second}), "health or dietary needs")
      for first in ("additional", "other", "further") for second in ("requirements", "requirement", "needs", "requests")))
# "your name" and the like in questions of the four languages (company is left out: "Wie groß ist Ihr
# Unternehmen?" asks for its size)
_QUESTION_ABROAD_RE = re.compile(
    r"\b(?:ihre?[nrs]?|deine?[nrs]?|votre|vos|ton|ta|tes|tu|tus|su|sus|uw|jouw|je)\s+"
    r"(?:(name|vorname|nachname|nom|prenom|nom de famille|nombre|apellidos?|naam|voornaam|achternaam)|"
    r"(e-?mail|e-?mail-?adresse|adresse e-?mail|adresse electronique|courriel|correo(?: electronico)?|"
    r"e-?mailadres)|(telefonnummer|telefon|handynummer|mobilnummer|(?:numero de )?telephone|portable|"
    r"(?:numero de )?telefono|movil|telefoonnummer|mobiele nummer)|(adresse|anschrift|adres|direccion)|"
    r"(geburtsdatum|date de naissance|fecha de nacimiento|geboortedatum))\b", re.I)
_QUESTION_ABROAD_KINDS = ("name", "email", "phone number", "postal address", "birth date")

# the English words and their equivalents together; first and last names first among the words
_KIND_WORDS = {kind: words | _ABROAD_WORDS.get(kind, frozenset())
               for kind, words in {"name": frozenset(), **_ENGLISH_KIND_WORDS}.items()}
_KIND_KEYS = {kind: keys | _ABROAD_KEYS.get(kind, frozenset()) for kind, keys in _ENGLISH_KIND_KEYS.items()}
_NOT_A_PERSON = _ENGLISH_NOT_A_PERSON | _NOT_A_PERSON_ABROAD
_SQUASHED_ENDINGS = (
    (("emailadresse", "email"), ("mailadresse", "email"), ("emailadres", "email"), ("mailadres", "email"),
     ("webadresse", "web profile"), ("internetadresse", "web profile"))
    + _ENGLISH_SQUASHED_ENDINGS
    + (("vorname", "name"), ("nachname", "name"), ("familienname", "name"), ("voornaam", "name"),
       ("achternaam", "name"), ("telefonnummer", "phone number"), ("telefon", "phone number"),
       ("handynummer", "phone number"), ("mobilnummer", "phone number"), ("telefoonnummer", "phone number"),
       ("strasse", "postal address"), ("adresse", "postal address"), ("anschrift", "postal address"),
       ("geburtsdatum", "birth date"), ("notizen", "free text"), ("bemerkungen", "free text"),
       ("kommentar", "free text"), ("kommentare", "free text"), ("anmerkungen", "free text"),
       ("opmerkingen", "free text"))
)


_NUMBER_KIND = "order, ticket or member number"
_NUMBER_WORDS = frozenset({"number", "no", "nr", "num", "id", "code", "ref", "reference", "nummer", "numero", "n",
                           "nro"})
# the small word after a number word that comes first ("Numéro de commande", "Número del pedido")
_NUMBER_LINKS = frozenset({"de", "du", "d", "des", "del", "van"})
# an order or ticket *number* identifies a person; a ticket *type* does not
_NUMBERED_THINGS = frozenset({"member", "membership", "attendee", "badge", "registration", "booking", "customer",
                              "employee", "order", "ticket", "invoice", "receipt", "confirmation", "transaction"}
                             ) | _NUMBERED_THINGS_ABROAD


def _column_words(name: object) -> list[str]:
    """A column name's words, lower case and without accents: split at spaces, punctuation and camelCase humps.

    >>> _column_words("E-Mail-Adresse"), _column_words("Prénom"), _column_words("RecipientFirstName")
    (['e', 'mail', 'adresse'], ['prenom'], ['recipient', 'first', 'name'])
    """
    text = fold_accents(str(name).replace("\ufeff", "")).strip()
    return [word.lower() for word in _WORD_BOUNDARY_RE.split(text) if word]


def personal_column_kind(name: object, values: pd.Series | None = None) -> str | None:
    """The kind of personal data a column holds, judged by its name (any case or spelling); None if none.

    The kinds are :data:`PERSONAL_KINDS`. A long column name (a survey
    question) is personal only where it asks for the data ("What is your email?").
    One word for what is numbered ("Member", "Mitglied", "Client", "Socio")
    heads member numbers and yes/no answers alike: given the column's
    ``values``, a yes/no column of that name is a category (:func:`yes_no_category`).

    Example
    -------
    >>> [personal_column_kind(c) for c in ("Badge Name", "E-mail", "LinkedIn profile", "IPAddress", "Date of birth")]
    ['name', 'email', 'web profile', 'IP address', 'birth date']
    >>> [personal_column_kind(c) for c in ("Order #", "Job Title", "Dietary requirements", "Comments")]
    ['order, ticket or member number', 'job title or company', 'health or dietary needs', 'free text']
    >>> [personal_column_kind(c) for c in ("industry", "company_size", "session_name", "Would you like us to phone you?")]
    [None, None, None, None]

    German, French, Spanish and Dutch headers are read alike, with or without their accents:

    >>> [personal_column_kind(c) for c in ("Vorname", "Strasse", "Prénom", "Correo electrónico", "Bestelnummer",
    ...                                    "Firma")]
    ['name', 'postal address', 'name', 'email', 'order, ticket or member number', 'job title or company']
    >>> [personal_column_kind(c) for c in ("Branche", "Unternehmensgröße", "Taille de l'entreprise",
    ...                                    "Nombre de salariés")]
    [None, None, None, None]
    >>> personal_column_kind("Mitglied"), personal_column_kind("Mitglied", pd.Series(["Ja", "Nein"]))
    ('order, ticket or member number', None)
    """
    kind = _kind_by_name(name)
    if kind == _NUMBER_KIND and values is not None and yes_no_category(name, values):
        return None
    return kind


def _kind_by_name(name: object) -> str | None:
    """:func:`personal_column_kind` by the name alone."""
    words = _column_words(name)
    if not words:
        return None
    key, squashed = "_".join(words), "".join(words)
    if key in _NEVER_PERSONAL:
        return None
    if len(words) > 5 or str(name).strip().endswith("?"):
        return _asked_for(str(name))
    for kind, keys in _KIND_KEYS.items():
        if key in keys or squashed in keys:
            return kind
    word_set = set(words)
    for together, kind in _PHRASES:
        if together <= word_set:
            return kind
    if words[0] in _NAME_HEADS and len(words) > 1:
        whose = _whose_name(words[0], [w for w in words[1:] if w not in _LINK_WORDS])
        if whose != "unknown":
            return whose
    if words[-1] in _NAME_HEADS or squashed.endswith(("firstname", "lastname", "fullname", "surname")):
        if set(words[:-1]) & _COMPANY_WORDS:
            return "job title or company"
        if not (set(words[:-1]) & _NOT_A_PERSON):
            return "name"
    if words[0] == "recipient":
        return "name"
    # "ip" alone is an IP address; "zip" etc. only as words, never inside another word
    for kind, kind_words in _KIND_WORDS.items():
        if word_set & kind_words:
            if kind == "postal address" and word_set & {"ip", "email", "mail", "e", "web", "internet"}:
                continue  # "IP address", "email address": their own kinds
            return kind
    for ending, kind in _SQUASHED_ENDINGS:
        if squashed.endswith(ending):
            return kind
    # "Order number", "Order #", and the other way round: "Numéro de commande", "N° de commande", "Nº de socio"
    numbered = (words[-1] in _NUMBER_WORDS or "#" in str(name)
                or (words[0] in _NUMBER_WORDS and len(words) > 2 and words[1] in _NUMBER_LINKS))
    if word_set & _NUMBERED_THINGS and (numbered or len(words) == 1):
        return "order, ticket or member number"
    if _numbered_compound(words[-1]):
        return "order, ticket or member number"
    if "job" in word_set and word_set & {"title", "role", "position", "function"}:
        return "job title or company"
    return None


# a question about the company's size, not the company ("How many employees does your company have?")
_SIZE_QUESTION_RE = re.compile(r"\b(?:how many|how big|how large|number of|size|employees|employ|staff|headcount|"
                               r"workforce|people work)\b", re.I)


def _asked_for(question: str) -> str | None:
    """The kind of personal data a question asks for ("What is your email?", "Wie lautet Ihr Vorname?"), or None.

    A question that invites anything at all ("Anything we should know?", "Any special requirements?") is
    free text, or health and dietary needs where it says so: its answers may repeat ("Nut allergy" four
    times) and so not look written freely, yet they are about the person.
    """
    asked = _QUESTION_RE.search(question)
    if asked:
        kind = _QUESTION_KIND[asked.group(1).lower()]
        if kind == "job title or company" and asked.group(1).lower() != "job title" \
                and _SIZE_QUESTION_RE.search(question):
            return None   # its size: a group to compare, not the company that would point to the person
        return kind
    asked = _QUESTION_ABROAD_RE.search(fold_accents(question))
    if asked:
        return _QUESTION_ABROAD_KINDS[asked.lastindex - 1]
    if _HEALTH_QUESTION_RE.search(question):
        return "health or dietary needs"
    if _OPEN_QUESTION_RE.search(question):
        return "free text"
    return None


# questions that invite any answer, and those about health, diet or access, in a registration form's words
# (not "please tell us ...": "Please tell us how satisfied you were" is a closed question, mapped to an outcome)
_OPEN_QUESTION_RE = re.compile(
    r"^\s*(?:is there\s+)?anything\b|\banything\s+(?:else|we|you)\b|"
    r"\b(?:any|other|additional|further)\s+(?:comments?|remarks?|notes?|requests?|information|details|"
    r"requirements?|needs|questions?\s+for\s+us)\b|\bspecial\s+(?:requirements?|requests?|needs)\b|"
    r"\btell\s+us\s+about\s+yourself\b", re.I)
# about the person's own needs: "medical devices", "the disability inclusion roundtable" or a "Mobility" track are
# topics, not needs
_HEALTH_QUESTION_RE = re.compile(
    r"\b(?:diet(?:ary)?|allerg\w*|intoleran\w*|wheelchair|vaccinat\w*|"
    r"access(?:ibility)?\s+(?:needs|requirements?)|medical\s+(?:needs|conditions?|requirements?|information|details)|"
    r"mobility\s+(?:needs|requirements?|aids?|issues?)|(?:do\s+you\s+have|any|your)\s+(?:\w+\s+)?disabilit\w*)\b",
    re.I)


def _whose_name(head: str, rest: list[str]) -> str | None:
    """Whose name "Name of ...", "Nom de ...", "Nombre de ..." is: "name", a company, None, or "unknown"."""
    said = set(rest)
    if head == "nombre" and not said & _NOMBRE_IS_A_NAME:
        # "Nombre de la empresa" is Spanish (a company's name); "Nombre de salariés" French (a number of people)
        if not said & _COMPANY_WORDS:
            return "unknown"
    if said & _COMPANY_WORDS:
        return "job title or company"
    if said & _NOT_A_PERSON:
        return None
    return "name"


def _numbered_compound(word: str) -> bool:
    """Whether one word is a German or Dutch compound number of an order, ticket or membership ("Bestellnummer")."""
    for ending in ("nummer", "nr"):
        stem = word[: -len(ending)] if word.endswith(ending) else ""
        if stem and (stem in _NUMBERED_THINGS or stem.rstrip("s") in _NUMBERED_THINGS):
            return True
    return False


def is_personal_column(name: object, values: pd.Series | None = None) -> bool:
    """Whether a column holds personal data, judged by its name (:func:`personal_column_kind`).

    With the column's ``values``, a yes/no column headed by one word for what
    is numbered ("Member", "Mitglied") is a category, not member numbers
    (:func:`yes_no_category`); without them, such a name is personal.

    Example
    -------
    >>> [is_personal_column(c) for c in ("email", "Contact E-mail", "RecipientFirstName", "IP Address")]
    [True, True, True, True]
    >>> [is_personal_column(c) for c in ("company_size", "attendee_id", "Would you like us to phone you?")]
    [False, False, False]
    >>> is_personal_column("Member", pd.Series(["yes", "no"])), is_personal_column("Member", pd.Series(["M-17"]))
    (False, True)
    """
    return personal_column_kind(name, values) is not None


def yes_no_category(name: object, values: pd.Series) -> bool:
    """Whether a column headed by one word for what is numbered holds yes/no answers: a category of two groups.

    "Member", "Mitglied", "Membre", "Socio", "Lid", "Client" or "Ticket" alone
    heads member (customer, ticket) numbers in some exports and a yes/no
    question (member or not) in others. Where every answer is a yes/no word
    (:data:`YES_WORDS`, :data:`NO_WORDS`: ``Ja``/``Nein``, ``oui``/``non``,
    ``TRUE``/``FALSE``, ``1``/``0``, a ticked ``x`` beside empty cells) the
    column says who is a member, which is no one's number; one other value
    (a number among them) and it is what its name says. A column without any
    answer, or whose name says more ("Member number"), is not one.

    Example
    -------
    >>> yes_no_category("Mitglied", pd.Series(["Ja", "Nein", None])), yes_no_category("Lid", pd.Series(["x", ""]))
    (True, True)
    >>> yes_no_category("Mitglied", pd.Series(["M-1021", "M-1022"])), yes_no_category("Member number",
    ...                                                                              pd.Series(["yes"]))
    (False, False)
    """
    words = _column_words(name)
    if len(words) != 1 or words[0] not in _NUMBERED_THINGS:
        return False
    return all_yes_no(values)


def all_yes_no(values: pd.Series) -> bool:
    """Whether a column has answers and every one is a yes or a no (:data:`YES_WORDS`, :data:`NO_WORDS`).

    >>> all_yes_no(pd.Series(["Ja", "nee", None, True])), all_yes_no(pd.Series(["yes", "M-1"])), all_yes_no(pd.Series([""]))
    (True, False, False)
    """
    answers = set()
    for value in values.to_numpy(dtype=object):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            continue
        text = ("true" if value else "false") if isinstance(value, (bool, np.bool_)) else str(value).strip().lower()
        if text:
            answers.add(text)
    return bool(answers) and answers <= YES_WORDS | NO_WORDS


def personal_columns(columns: Iterable[object]) -> list:
    """The columns, of those given, that hold personal data by :func:`is_personal_column`.

    Example
    -------
    >>> personal_columns(["attendee_id", "Email Address", "industry", "Full Name"])
    ['Email Address', 'Full Name']
    """
    return [c for c in columns if is_personal_column(c)]


def drop_personal_columns(frame: pd.DataFrame, *, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The frame without its personal columns (by name, a yes/no "Member" column staying); columns in ``keep`` stay.

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["a"], "email": ["a@x.org"], "industry": ["law"]})
    >>> drop_personal_columns(frame).columns.tolist()
    ['attendee_id', 'industry']
    """
    kept = set(keep)
    return frame.drop(columns=[c for c in frame.columns if c not in kept and is_personal_column(c, frame[c])])


# --------------------------------------------------------------------------- what is personal, by value

_TEL_RE = re.compile(r"^(?:tel|phone|mobile|sms|callto)\s*:", re.I)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s\"'<>()]*[^\s\"'<>().,;:!?]|\b(?:linkedin\.com|twitter\.com|x\.com|"
                     r"facebook\.com|instagram\.com|github\.com)/(?:[^\s\"'<>()]*[^\s\"'<>().,;:!?])?", re.I)
_IP_CANDIDATE_RE = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*(?:%\w+)?(?![\w:])|"
                              r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
_STREET_RE = re.compile(r"\b\d{1,5}[a-zA-Z]?,?\s+(?:[A-Z][\w'.-]*\s+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|"
                        r"Way|Drive|Dr|Boulevard|Blvd|Place|Pl|Court|Ct|Square|Sq|Terrace|Close|Crescent|Gardens|"
                        r"Strasse|Straße|Str|Weg|Platz|Gasse|Rue|Via|Calle|Laan|Straat)\b\.?|"
                        r"\b(?:Rue|Via|Calle|Avenida|Chemin)\s+(?:[A-Za-z][\w'.-]*\s+){0,3}[A-Z][\w'.-]+,?\s+\d{1,5}\b|"
                        r"\b[A-Z][a-zäöüß]+(?:strasse|straße|str\.|weg|platz|gasse)\s+\d{1,5}[a-z]?\b|"
                        r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?"
_NAME_VALUE_RE = re.compile(rf"^\s*(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?\s+)?{_NAME_WORD}(?:\s+(?:van|von|de|der|da|di|le|"
                            rf"la|du|del|bin|al)?\s*{_NAME_WORD}){{1,3}}\s*$|^\s*{_NAME_WORD},\s*{_NAME_WORD}\s*$")
_NAME_IN_TEXT_RE = re.compile(rf"\b(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?\s+{_NAME_WORD}|{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\b")
# capitalised words that start sentences or name things other than people: a pair of them is not a name
_NOT_NAMES = frozenset("""the a an i we you he she they it my our your their this that these those there here
great thanks thank please good very nice hello hi dear best kind regards yes no maybe not also and or but
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december structured unstructured session sessions event events networking format
strongly agree disagree neither somewhat satisfied dissatisfied extremely table group room open mingling
speed talk panel workshop keynote lunch dinner coffee break reception team track day evening morning
afternoon night week next last first new old real estate financial services health care retail tech law
technology software marketing sales consulting media education public sector government university
school hospital bank insurance energy food drink travel hotel ask ring call meet met contact email mail phone
text see tell introduce introduced talked spoke speak with from to for about by via please loved liked enjoyed
follow up met also would could should will can did does
full conference pass admission general standard early bird vip member members non exhibitor sponsor speaker
student delegate ticket tickets access only package virtual online premium""".split())


def _is_ip(token: str) -> bool:
    try:
        address = ipaddress.ip_address(token.split("%", 1)[0])
    except ValueError:
        return False
    # a time such as 18:30 never parses; an IPv6 address needs "::" or eight groups, an IPv4 four numbers
    return address.version == 4 or "::" in token or token.count(":") == 7


def _looks_like_name(text: pd.Series) -> pd.Series:
    """Values shaped like a person's name: two to four capitalised words, or "Last, First"."""
    shaped = text.str.match(_NAME_VALUE_RE.pattern).fillna(False)
    first = text.str.strip().str.split(r"[\s,]+", n=1, regex=True).str[0].str.lower().str.rstrip(".")
    return shaped & ~first.isin(_NOT_NAMES).fillna(False)


def looks_personal(values: pd.Series) -> pd.Series:
    """Which values are emails, phone numbers (also ``tel:``), ``Name <email>`` or IP addresses (vectorised).

    Names alone are not judged here (a session called "Open Floor" looks like
    one): person id columns are hashed whatever their values (see
    :func:`pseudonymise_ids`). Missing values are not personal.

    >>> looks_personal(pd.Series(["a@b.org", "+44 20 7946 0958", "B-1001", "100234", "Ann <a@b.org>",
    ...                           "tel:+447700900123", "2001:db8::7", "18:30"])).tolist()
    [True, True, False, False, True, True, True, False]
    """
    if _surely_not_personal(values):
        return pd.Series(False, index=values.index)
    text = values.astype("string").str.strip()
    email = text.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True).fillna(False)
    tel = text.str.contains(_TEL_RE.pattern, regex=True, flags=re.I).fillna(False)
    bare = text.str.replace(_TEL_RE.pattern, "", regex=True, flags=re.I).str.strip()
    digits = bare.str.count(r"\d").fillna(0)
    shaped = bare.str.match(_PHONE_RE.pattern).fillna(False)
    # a member number (digits only, short) is not a phone number; a long or punctuated one is
    punctuated = bare.str.contains(r"^(?:\+|00)|[\s\-().\/]", regex=True).fillna(False)
    phone = shaped & (digits >= 8) & (punctuated | (digits >= 10))
    maybe_ip = text.str.contains(r"^[0-9A-Fa-f:.%\w]+$", regex=True).fillna(False) & text.str.contains(
        r"[:.]", regex=True).fillna(False)
    ip = pd.Series(False, index=values.index)
    if bool(maybe_ip.any()):
        ip[maybe_ip] = [_is_ip(v) for v in text[maybe_ip]]
    return (email | tel | phone | ip).astype(bool)


def _surely_not_personal(values: pd.Series) -> bool:
    """Whether every value is text (or missing) that none of :func:`looks_personal`'s marks can fit.

    Each mark needs something such a value lacks: an email an "@", ``tel:`` and
    an IP address a ":" or ".", a phone number eight digits (``\\d``: Unicode
    decimal digits, as ``str.isdecimal``). Event, session and group ids ("E01",
    "E01-S03") have none of them, and are told so in plain Python instead of
    ten pandas string passes (5-10 ms a column however short: 0.1 s of a 10k
    season's first read). Anything else (a number, another type) is judged the
    full way.

    >>> _surely_not_personal(pd.Series(["E01", "E01-S03", None])), _surely_not_personal(pd.Series(["1.2.3.4"]))
    (True, False)
    """
    for value in values.to_numpy(dtype=object):
        if isinstance(value, str):
            if "@" in value or ":" in value or "." in value or sum(c.isdecimal() for c in value) >= 8:
                return False
        elif not (value is None or value is pd.NA or (isinstance(value, float) and value != value)):
            return False
    return True


# --------------------------------------------------------------------------- pseudonyms


def _normalise(value: str) -> str:
    """One spelling per person: emails lower-cased (``Name <email>`` and ``mailto:`` to the email), phones as digits."""
    text = " ".join(str(value).split())
    if "@" in text:
        found = EMAIL_ANYWHERE_RE.search(text)
        return (found.group(0) if found else text).lower()
    bare = _TEL_RE.sub("", text).strip()
    if _PHONE_RE.match(bare):
        digits = re.sub(r"\D", "", bare)
        return "+" + digits[2:] if bare.startswith("00") else ("+" + digits if bare.startswith("+") else digits)
    return text.casefold()


def _token(key: bytes, value: str) -> str:
    # hmac.digest is OpenSSL's one-shot HMAC: several times faster than an hmac object per value
    return PSEUDONYM_PREFIX + hmac.digest(key, _normalise(value).encode("utf-8"), "sha256").hex()[:PSEUDONYM_HEX_DIGITS]


# the pseudonyms of the current load, per key (see remembered_pseudonyms); per thread, so that a server's
# loads never share one
_MEMO = threading.local()
# at most this many ids remembered per load (some 60 MB): a season of millions of people is hashed as before
# beyond it, rather than holding every id twice more during the load
_MEMO_LIMIT = 500_000


@contextlib.contextmanager
def remembered_pseudonyms():
    """Within the block, each distinct id is hashed once per key, however many tables and files name it.

    A folder names the same people in its attendee, participation, survey,
    contact, follow-up and known-tie files (on the 10k demo folder 27,000
    hashes of 4,400 ids). The values and their pseudonyms are kept only until
    the block ends (the loader's one reading of a folder), never for the
    process's lifetime. Pseudonyms are the same with or without it. The
    verdicts of :func:`personal_content_kind` on columns of a few values are
    kept the same way.

    Example
    -------
    >>> ids = pd.Series(["ann@x.org", "bob@y.org"])
    >>> with remembered_pseudonyms():
    ...     first = pseudonymise(ids, secret="k")
    ...     again = pseudonymise(ids, secret="k")
    >>> first.equals(again) and first.equals(pseudonymise(ids, secret="k"))
    True
    """
    if getattr(_MEMO, "tokens", None) is not None:   # nested: the outer block's memo serves
        yield
        return
    _MEMO.tokens, _MEMO.content = {}, {}
    try:
        yield
    finally:
        _MEMO.tokens = _MEMO.content = None


def _tokens(key: bytes, values: Iterable[str]) -> list[str]:
    memo = getattr(_MEMO, "tokens", None)
    if memo is None:
        return [_token(key, value) for value in values]
    known = memo.setdefault(bytes(key), {})
    out = []
    for value in values:
        token = known.get(value)
        if token is None:
            token = _token(key, value)
            if len(known) < _MEMO_LIMIT:
                known[value] = token
        out.append(token)
    return out


def is_pseudonym(values: pd.Series) -> pd.Series:
    """Which values are already pseudonyms (``p_`` and 16 hex digits).

    >>> is_pseudonym(pd.Series(["p_0123456789abcdef", "A1", None])).tolist()
    [True, False, False]
    """
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        # a pseudonym starts with its prefix: without one in any value, none is (no pandas string pass)
        if not any(isinstance(v, str) and v.startswith(PSEUDONYM_PREFIX) for v in values.to_numpy(dtype=object)):
            return pd.Series(False, index=values.index, name=values.name)
    return values.astype("string").str.match(_PSEUDONYM_RE.pattern).fillna(False).astype(bool)


def pseudonymise(values: pd.Series, *, secret: str | bytes | None = None, all_values: bool = False,
                 organisation: str | None = None) -> pd.Series:
    """Replace personal identifiers by keyed hashes; other ids are left as they are.

    Parameters
    ----------
    values : Series
        Identifiers (any dtype); missing values stay missing.
    secret : str or bytes, optional
        The key; by default from :func:`load_secret`.
    all_values : bool
        Hash every value (a person id column: the loader's default), not only
        the values that :func:`looks_personal` flags. Pseudonyms stay as they are.
    organisation : str, optional
        Whose key (see :func:`load_secret`).

    Returns
    -------
    Series of ``string`` dtype, same index. Only distinct values are hashed.

    Example
    -------
    >>> out = pseudonymise(pd.Series(["Ann Lee", "ann  lee", "Ann Lee <ann@x.org>", "ann@x.org"]), secret="k",
    ...                    all_values=True)
    >>> out[0] == out[1], out[2] == out[3]
    (True, True)
    """
    text = values.astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(uniques, dtype="string")
    target = ~is_pseudonym(uniques) & (True if all_values else looks_personal(uniques))
    if not bool(target.any()):
        return text
    key = load_secret(secret, organisation=organisation)
    replaced = uniques.to_numpy(dtype=object).copy()
    positions = np.flatnonzero(target.to_numpy())
    replaced[positions] = _tokens(key, replaced[positions])
    out = np.append(replaced, pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


def pseudonym(value: str, *, secret: str | bytes | None = None, organisation: str | None = None) -> str:
    """The pseudonym of one id, as the loader gives it: to find a member's row in an output, given the key.

    Example
    -------
    >>> ids = pseudonymise(pd.Series(["M-17", "ann@example.org"]), secret="k", all_values=True)
    >>> pseudonym("M-17", secret="k") == ids[0], pseudonym(" Ann@Example.org", secret="k") == ids[1]
    (True, True)
    """
    return str(pseudonymise(pd.Series([str(value).strip()]), secret=secret, all_values=True,
                            organisation=organisation)[0])


#: Id columns that name people: wherever they are read, every value becomes a pseudonym.
PERSON_ID_COLUMNS: tuple[str, ...] = ("attendee_id", "contact_id")


def pseudonymise_ids(frame: pd.DataFrame, *, columns: Iterable[str] = PERSON_ID_COLUMNS,
                     every_value: Iterable[str] | None = None, secret: str | bytes | None = None,
                     organisation: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose person ids are pseudonyms.

    In the columns named in ``every_value`` (default: all of ``columns``, the
    safe default: member numbers identify people too) every value becomes a
    keyed pseudonym; in the others of ``columns`` only the values that look
    personal (:func:`looks_personal`). Clean the ids first (trimmed text, as
    :func:`toolkit.io.parsing.read_id` gives them).

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["ann@example.org", "B17"], "industry": ["law", "tech"]})
    >>> out = pseudonymise_ids(frame, secret="k")
    >>> out["attendee_id"].str.startswith("p_").tolist(), out["industry"].tolist()
    ([True, True], ['law', 'tech'])
    >>> pseudonymise_ids(frame, every_value=(), secret="k")["attendee_id"].str.startswith("p_").tolist()
    [True, False]
    """
    columns = list(columns)
    every = set(columns if every_value is None else every_value)
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = pseudonymise(out[column], secret=secret, all_values=column in every,
                                       organisation=organisation)
    return out


def stand_in_id_column(columns: Iterable[object]) -> object | None:
    """The personal column that stands in for a missing ``attendee_id``: an email, else a phone, else a name.

    The loader and the plan's registration reading both take a person's id from
    it (pseudonymised, every value) and then drop it; None when there is none.

    Example
    -------
    >>> stand_in_id_column(["Full Name", "industry", "Email Address"])
    'Email Address'
    >>> stand_in_id_column(["industry", "Order #"]) is None
    True
    """
    ranks = {"email": 0, "phone number": 1, "name": 2}

    def rank(column: object) -> int:
        kind = personal_column_kind(column)
        # a column called "person" or "attendee" is dropped as a name, but only one that says "name" is an id
        # ("Nom", "Prénom", "Nombre", "Naam" and "Apellidos" say it too)
        said = "".join(_column_words(column))
        if kind == "name" and not any(word in said for word in ("name", "nom", "naam", "apellido")):
            return 3
        return ranks.get(kind, 3)

    ranked = sorted((rank(c), k, c) for k, c in enumerate(columns))
    return ranked[0][2] if ranked and ranked[0][0] < 3 else None


# --------------------------------------------------------------------------- redaction


def redact_emails(values: pd.Series, *, secret: str | bytes | None = None) -> pd.Series:
    """In a free-text column: a cell that is an email becomes its pseudonym, emails inside text become ``[email]``.

    >>> redact_emails(pd.Series(["write to ann@x.org please"]), secret="k").tolist()
    ['write to [email] please']
    """
    text = values.astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(uniques, dtype="string")
    has_email = uniques.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True).fillna(False)
    if not bool(has_email.any()):
        return values
    whole = pseudonymise(uniques, secret=secret)
    partial = uniques.str.replace(EMAIL_ANYWHERE_RE.pattern, "[email]", regex=True)
    is_whole = uniques.str.strip().str.match(EMAIL_RE.pattern).fillna(False)
    cleaned = partial.where(~is_whole, whole).where(has_email, uniques)
    out = np.append(cleaned.to_numpy(dtype=object), pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


# A phone-shaped run inside text: digits with the separators phone numbers use (no ":" so times stay whole).
_PHONE_ANYWHERE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \t\-().\/]{5,}\d(?!\w)")
# Dates and times are set apart before phone numbers are looked for, so "14/05/2025 18:41" stays whole.
_DATE_TIME_RE = re.compile(
    r"(?<!\d)(?:\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:\s?(?:Z|UTC|GMT|[+\-]\d{2}:?\d{2}))?"
    r"|\d{1,2}[\-/.]\d{1,2}[\-/.]\d{2,4}(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)?"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[AaPp]\.?[Mm]\.?)?"
    r"|\d{1,2}\s*(?:-|–|to)\s*\d{1,2}(?=\s?[AaPp]\.?[Mm]))(?!\d)")
_HIDDEN = "\ue000"


def _phone_or_keep(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    punctuated = text.startswith(("+", "00")) or bool(re.search(r"[\s\-().\/]", text))
    # same rule as looks_personal: a short member number or a decimal is not a phone number
    if digits >= 8 and (punctuated or digits >= 10) and not re.fullmatch(r"\d+\.\d+", text):
        return "[phone]"
    return text


def _redact_string(value: str, *, names: bool) -> str:
    if "@" in value:
        value = EMAIL_ANYWHERE_RE.sub("[email]", value)
    value = _URL_RE.sub("[web]", value)
    value = _IP_CANDIDATE_RE.sub(lambda m: "[ip]" if _is_ip(m.group(0)) else m.group(0), value)
    value = _STREET_RE.sub("[address]", value)
    kept: list[str] = []
    if any(ch.isdigit() for ch in value):
        def hide(match: re.Match) -> str:
            kept.append(match.group(0))
            return _HIDDEN
        masked = _DATE_TIME_RE.sub(hide, value)
        masked = _PHONE_ANYWHERE_RE.sub(_phone_or_keep, masked)
        parts = masked.split(_HIDDEN)
        value = parts[0] + "".join(k + p for k, p in zip(kept, parts[1:]))
    if names:
        value = _NAME_IN_TEXT_RE.sub(_name_or_keep, value)
    return value


def _name_or_keep(match: re.Match) -> str:
    words = match.group(0).split()
    # leading capitalised words that are not names ("Ring Jane Doe", "Thanks Ann Lee") stay
    while words and words[0].lower().rstrip(".") in _NOT_NAMES:
        words.pop(0)
    if len(words) < 2 and not re.match(r"(?:Mr|Mrs|Ms|Mx|Dr|Prof)\b", match.group(0)):
        return match.group(0)
    if all(w.lower() in _NOT_NAMES for w in words):
        return match.group(0)
    lead = match.group(0)[: len(match.group(0)) - len(" ".join(words))]
    return lead + "[name]"


# a number of people as a band bound: "250", "4999", "1.000", "1,000", "5 000"
_BAND_BOUND = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+|\d{1,7}"
_SIZE_BAND_RE = re.compile(rf"^[^\d@]{{0,30}}?({_BAND_BOUND})\s*(?:-|\u2013|\u2014|to|bis|a|\u00e0|tot|hasta|al)\s*"
                           rf"({_BAND_BOUND})[^\d@]{{0,30}}$", re.I)


def is_size_band(text: object) -> bool:
    """Whether a cell is a band of a number of people ("1000-4999", "10 bis 49 Mitarbeiter"), not a phone number.

    The bounds are as bands are written: the lower one without a leading zero,
    ending in 0 or 1 (1, 10, 50, 251, 1000), the upper one larger, ending in 0 or
    9 (9, 49, 250, 4999). A phone number split by a dash ("030-1234567",
    "1234-5678") is not one.

    Example
    -------
    >>> [is_size_band(v) for v in ("1000-4999", "1.000 - 4.999", "10 bis 49 Mitarbeiter", "250+", "030-1234567")]
    [True, True, True, False, False]
    """
    found = _SIZE_BAND_RE.match(str(text).strip())
    if not found:
        return False
    low_text, high_text = (re.sub(r"\D", "", g) for g in found.groups())
    low, high = int(low_text), int(high_text)
    return (not (low_text.startswith("0") and low) and low_text[-1] in "01" and high_text[-1] in "09"
            and low < high)


# what may stand beside a size band as it is: a unit, "about", a plus, punctuation
_BAND_WORDS = re.compile(r"^(?:[\s+.,:;()\[\]~<>=/]|ca|circa|about|approx|approximately|ungef\u00e4hr|etwa|environ|"
                         r"ongeveer|aprox|aproximadamente|employees?|staff|people|persons?|fte|headcount|workers?|"
                         r"mitarbeiter(?:innen)?|mitarbeitende|besch\u00e4ftigte|salari\u00e9s?|employ\u00e9s?|"
                         r"personnes|medewerkers|werknemers|empleados|trabajadores|personas)*$", re.I)


def _redact_band(value: str, *, names: bool) -> str:
    """A size band cell: the band kept, unit words beside it kept, any other text around it redacted."""
    found = _SIZE_BAND_RE.match(value.strip())
    lead = value.strip()[: found.start(1)]
    tail = value.strip()[found.end(2):]
    band = value.strip()[found.start(1): found.end(2)]
    if _BAND_WORDS.match(lead) and _BAND_WORDS.match(tail):
        return value
    # text of its own beside the band ("Jane Doe 10-49"): redacted as any text, names included, and a word
    # that is left but names no unit still says whose the cell is, so the band alone is kept then
    lead, tail = (_redact_string(t, names=names) if t.strip() else t for t in (lead, tail))
    left = [re.sub(r"\[[a-z ]+\]|\bask\b|\bor\b|\band\b", " ", t, flags=re.I) for t in (lead, tail)]
    return lead + band + tail if all(_BAND_WORDS.match(t) for t in left) else band


def redact_text(value: object, *, names: bool = False) -> object:
    """Emails, phone numbers, web addresses, IP addresses and street addresses in a text, replaced by markers.

    For text that may reach a log, a message or a report (problem messages,
    cell values quoted back to the user). Dates and times stay whole. With
    ``names=True`` (a cell's value, free text) name-like capitalised word pairs
    become ``[name]`` too; the toolkit's own sentences are not searched for
    names. A whole number long enough to be a phone number (a spreadsheet that
    stored ``447700900123`` as a number) becomes ``[phone]``; anything else is
    returned unchanged.

    Example
    -------
    >>> redact_text("maybe ann@example.org, call +44 20 7946 0958 on 2026-11-22 10:00")
    'maybe [email], call [phone] on 2026-11-22 10:00'
    >>> redact_text("from 2001:db8::8a2e:370:7334 and 192.0.2.7 at 14/05/2025 18:41")
    'from [ip] and [ip] at 14/05/2025 18:41'
    >>> redact_text("Ask Jane Doe at 12 Baker Street", names=True)
    'Ask [name] at [address]'
    >>> redact_text(447700900123), redact_text(17), redact_text(None)
    ('[phone]', 17, None)
    """
    if isinstance(value, str):
        return _redact_string(value, names=names)
    if isinstance(value, (int, np.integer, float, np.floating)) and not isinstance(value, (bool, np.bool_)):
        number = float(value)
        if np.isfinite(number) and number == int(number) and abs(number) >= 1e7:
            text = str(int(number))
            if _PHONE_ANYWHERE_RE.sub(_phone_or_keep, text) != text:
                return "[phone]"
    return value


# A value that MIN_GROUP_SIZE or more different people gave in one column is a category ("North West", "Real
# Estate"), not a person's name, where such shared values make at least this share of the column's answers: a
# column of mostly different names is names, the one that repeats too
_CATEGORY_SHARE = 0.5


def redact_free_text(values: pd.Series, *, secret: str | bytes | None = None, names: bool = True,
                     names_min_words: int = 0, people: pd.Series | None = None,
                     bands: bool = False) -> pd.Series:
    """A text column with emails, phones, web and IP addresses, street addresses and names taken out.

    A cell that is an email becomes its pseudonym (:func:`redact_emails`);
    everything else by :func:`redact_text` (``names`` as there: on by default,
    off for a column the organiser declared as a segment, such as a city;
    ``names_min_words`` looks for names only in cells of at least that many
    words, so that short category values such as "North West" stay whole).
    ``people`` (each row's person, e.g. the attendee id) keeps categories
    whole: a value that :data:`MIN_GROUP_SIZE` or more different people
    gave ("North West", "Real Estate") is not searched for names, where such
    shared values are at least half the column's answers (in a column of
    mostly different names the one that repeats is a name too); emails,
    phones and addresses are taken out of it all the same. Dates, times and
    short member numbers stay. ``bands`` (a column of company sizes): the band
    of a cell that is one (:func:`is_size_band`, ``1000-4999``) stays, though
    its digits are as many as a phone number's; only unit words ("10-49
    employees") stay beside it, other text around it is redacted as any
    text ("10-49 (ask Jane Doe)" -> "10-49 (ask [name])"). Works on the
    distinct values, so long columns are cheap.

    Example
    -------
    >>> redact_free_text(pd.Series(["Ring Jane Doe on +44 7700 900000 or jane@x.org", None]), secret="k").tolist()
    ['Ring [name] on [phone] or [email]', <NA>]
    >>> regions = pd.Series(["North West"] * 5 + ["East Midlands"])
    >>> redact_free_text(regions, people=pd.Series(range(6))).unique().tolist()
    ['North West', '[name]']
    >>> redact_free_text(pd.Series(["1000-4999", "030 1234 5678"]), bands=True).tolist()
    ['1000-4999', '[phone]']
    """
    text = redact_emails(values, secret=secret).astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    if not len(uniques):
        return text
    shared = _shared_values(codes, people) if people is not None else frozenset()
    cleaned = [_redact_band(v, names=names) if bands and is_size_band(v)
               else _redact_string(v, names=names and len(v.split()) >= names_min_words and k not in shared)
               for k, v in enumerate(uniques)]
    out = np.append(np.array(cleaned, dtype=object), pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


def _shared_values(codes: np.ndarray, people: pd.Series) -> frozenset[int]:
    """The codes of the values :data:`MIN_GROUP_SIZE` or more different people gave, where they are a category.

    Empty where those values are less than half the answers (a column of mostly different names).
    """
    answered = codes >= 0
    pairs = pd.DataFrame({"code": codes[answered], "person": np.asarray(people, dtype=object)[answered]})
    by_value = pairs.dropna().groupby("code")["person"].nunique()
    shared = by_value.index[by_value >= MIN_GROUP_SIZE]
    if not len(shared) or np.isin(pairs["code"], shared).sum() < _CATEGORY_SHARE * len(pairs):
        return frozenset()
    return frozenset(int(k) for k in shared)


# --------------------------------------------------------------------------- minimisation

# the share of a column's distinct values that must be of one personal kind for the column to be that kind
_CONTENT_SHARE = 0.5
_CONTENT_SAMPLE = 2000
# verdicts kept within one load for columns of few distinct values (see personal_content_kind)
_CONTENT_MEMO_SIZE = 512
_CONTENT_MEMO_VALUES = 64


def personal_content_kind(values: pd.Series, *, strict: bool = False) -> str | None:
    """The kind of personal data a column's values hold (None where they look like no person's data).

    Looks at up to 2,000 distinct values: a column is personal where half of
    them or more are emails, phone numbers, IP addresses, web addresses or
    street addresses, or where most are shaped like people's names
    (two to four capitalised words) and nearly every row has its own (a
    column of industries repeats its few values; a column of names does not),
    or where nearly all of at least five different values are name-shaped.
    Long diverse texts are ``free text``. ``strict`` (the contract's own text
    columns) asks for at least eight different name-shaped values before it
    calls a column names.

    Example
    -------
    >>> personal_content_kind(pd.Series(["Ann Lee", "Bob Roe", "Cy Poe"]))
    'name'
    >>> personal_content_kind(pd.Series(["Real Estate", "Retail", "Real Estate", "Law", "Retail", "Law"]))
    >>> personal_content_kind(pd.Series(["ann@x.org", "bob@y.org", None]))
    'email'
    """
    return personal_content_kinds(values, np.array([0, len(values)]), strict=strict)[0]


def personal_content_kinds(values: pd.Series, file_bounds: np.ndarray, *, strict: bool = False) -> list[str | None]:
    """:func:`personal_content_kind` of each file in a column pooled from several (file ``k``: rows ``file_bounds[k]:file_bounds[k + 1]``).

    Each file is judged on its own values, as if it had been read alone (a
    column that is mostly emails in one file is personal there, whatever the
    other files hold); each distinct value is looked at once for all files.

    Example
    -------
    >>> pooled = pd.Series(["law", "it", "retail", "ann@x.org", "bob@y.org", "law"])
    >>> personal_content_kinds(pooled, np.array([0, 3, 6]))
    [None, 'email']
    """
    if values.dtype.kind in "biufcmM" or str(values.dtype) in ("Float64", "Int64", "boolean"):
        return [None] * (len(file_bounds) - 1)
    files = []   # per file: (its sampled distinct values, diverse) or None where it holds no text
    for lo, hi in zip(file_bounds[:-1], file_bounds[1:]):
        part = values.iloc[lo:hi]
        plain = _untrimmed_distinct(part)
        if plain is not None:
            n_text, unique = plain
        else:
            text = part.dropna().astype("string").str.strip()
            text = text[text != ""]
            n_text, unique = len(text), text.unique()
        if not n_text:
            files.append(None)
            continue
        diverse = len(unique) >= 0.6 * n_text
        distinct = pd.Series(unique, dtype="string")
        if len(distinct) > _CONTENT_SAMPLE:
            distinct = distinct.sample(_CONTENT_SAMPLE, random_state=0)
        files.append((distinct, diverse))
    # the verdict depends only on the distinct values, diversity and strictness: a season's event files
    # repeat the same few industries or answer labels, which are judged once per load. The values are
    # people's data, so the memo lives only as long as the load (remembered_pseudonyms), never longer.
    memo = getattr(_MEMO, "content", None)
    keys = [None if file is None or memo is None or len(file[0]) > _CONTENT_MEMO_VALUES
            else (frozenset(file[0].tolist()), file[1], strict) for file in files]
    wanted = [file[0] for file, key in zip(files, keys) if file is not None and (key is None or key not in memo)]
    flags = None
    if wanted:   # every value's flags at once: one pass of the patterns, not one per file
        union = pd.Series(pd.unique(pd.concat(wanted, ignore_index=True).to_numpy(dtype=object)), dtype="string")
        flags = _value_flags(union).set_axis(union.to_numpy(dtype=object))
    kinds: list[str | None] = []
    for file, key in zip(files, keys):
        if file is None:
            kinds.append(None)
        elif key is not None and key in memo:
            kinds.append(memo[key])
        else:
            distinct, diverse = file
            kind = _kind_from_flags(flags.loc[distinct.to_numpy(dtype=object)].reset_index(drop=True),
                                    n_distinct=len(distinct), diverse=diverse, strict=strict)
            if key is not None and len(memo) < _CONTENT_MEMO_SIZE:
                memo[key] = kind
            kinds.append(kind)
    return kinds


def _untrimmed_distinct(values: pd.Series) -> tuple[int, list[str]] | None:
    """(rows holding text, distinct texts in order of first appearance) of a text column none of whose values needs trimming.

    What :func:`personal_content_kind` would find by trimming every cell and
    dropping empty ones, found from the distinct values alone (a season's event
    files call it for each file's few industries, regions and groupings: five
    times faster). None where any value is blank or has spaces around it, or the
    column is not of a text dtype: then the cells are trimmed as they are. (Where
    Python's ``str.strip`` leaves a value as it is, pandas' leaves it too.)

    >>> _untrimmed_distinct(pd.Series(["law", None, "it", "law"], dtype="string"))
    (3, ['law', 'it'])
    >>> _untrimmed_distinct(pd.Series(["law ", "it"], dtype="string")) is None
    True
    """
    if not isinstance(values.dtype, pd.StringDtype):
        return None
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = uniques.tolist()
    if not all(value and value == value.strip() for value in distinct):
        return None
    return int((codes >= 0).sum()), distinct


#: The checks of the content rule, in the order they are tried: each names a kind where half the values pass.
_KIND_ORDER = ("email", "IP address", "phone number", "web profile", "postal address")


def _value_flags(distinct: pd.Series) -> pd.DataFrame:
    """Each value's marks for the content rule (every mark looks at one value alone), one row per value."""
    email = distinct.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True)
    personal = looks_personal(distinct)
    flags = {
        "email": email,
        "IP address": personal & ~distinct.str.contains("@", regex=False) & distinct.str.contains(
            r"[:.]", regex=True) & ~distinct.str.match(_PHONE_RE.pattern),
        "phone number": personal,
        "web profile": distinct.str.contains(_URL_RE.pattern, regex=True, flags=re.I),
        "postal address": distinct.str.contains(_STREET_RE.pattern, regex=True),
    }
    out = pd.DataFrame({kind: pd.Series(flag).fillna(False).astype(bool).to_numpy() for kind, flag in flags.items()})
    out["name"] = _looks_like_name(distinct).astype(bool).to_numpy()
    out["long"] = (distinct.str.count(r"\S+") >= 6).fillna(False).astype(bool).to_numpy()
    return out


def _kind_from_flags(flags: pd.DataFrame, *, n_distinct: int, diverse: bool, strict: bool) -> str | None:
    """The content rule's verdict from the marks of a file's (sampled) distinct values."""
    share = lambda column: float(flags[column].mean()) >= _CONTENT_SHARE  # noqa: E731
    for kind in _KIND_ORDER:
        if share(kind):
            return kind
    if share("name") and diverse and n_distinct >= (8 if strict else 2):
        return "name"
    # names that repeat (who helped you most?): nearly all values name-shaped, and several of them
    if not strict and float(flags["name"].mean()) >= 0.8 and n_distinct >= 5:
        return "name"
    if share("long") and diverse and n_distinct >= 3:
        return "free text"
    return None


def minimise_columns(frame: pd.DataFrame, *, protected: Iterable[str] = (), segments: Iterable[str] = (),
                     sources: Mapping[str, object] | None = None,
                     text_columns: Iterable[str] = ()) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame without the columns that can identify a person, and what was dropped (column -> kind).

    A column is dropped when its name (or the name of the export column it was
    mapped from, in ``sources``) says it is personal (:func:`personal_column_kind`),
    or its values do (:func:`personal_content_kind`). ``protected`` columns
    (ids, which are pseudonymised instead, and the contract's typed columns) are
    never dropped; ``text_columns`` of the contract are dropped only on a strict
    content check. Columns named in ``segments`` (the organiser declared them,
    ``[privacy] segments`` in ``netout.toml``) are kept. Values are never
    looked at beyond the check, nor quoted.

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["a", "b", "c"], "team": ["Ann Lee", "Bob Roe", "Cy Poe"],
    ...                       "City": ["Leeds", "York", "Leeds"], "industry": ["law", "tech", "law"]})
    >>> kept, dropped = minimise_columns(frame, protected=["attendee_id"], sources={"team": "Full Name"})
    >>> kept.columns.tolist(), dropped
    (['attendee_id', 'industry'], {'team': 'name', 'City': 'location'})
    >>> minimise_columns(frame, protected=["attendee_id"], segments=["city"])[0].columns.tolist()
    ['attendee_id', 'City', 'industry']
    """
    kept, dropped = _minimised(frame, protected=protected, segments=segments, sources=sources,
                               text_columns=text_columns, file_bounds=np.array([0, len(frame)]))
    return kept, dropped


def minimise_columns_per_file(frame: pd.DataFrame, file_bounds: np.ndarray, *, protected: Iterable[str] = (),
                              segments: Iterable[str] = (), sources: Mapping[str, object] | None = None,
                              text_columns: Iterable[str] = ()) -> tuple[pd.DataFrame, dict[str, str]] | None:
    """:func:`minimise_columns` of a frame pooled from several files of one layout, each file judged on its own.

    File ``k`` is rows ``file_bounds[k]:file_bounds[k + 1]``. The content check's
    verdict is a file's (a column that is mostly emails in one file must go even
    where the pool is mostly not), so this returns None where the files'
    verdicts differ: the caller then minimises file by file.

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["a", "b", "c", "d"], "tag": ["x", "y", "ann@x.org", "bob@y.org"]})
    >>> minimise_columns_per_file(frame, np.array([0, 2, 4]), protected=["attendee_id"]) is None
    True
    >>> minimise_columns_per_file(frame, np.array([0, 4]), protected=["attendee_id"])[1]
    {'tag': 'email'}
    """
    return _minimised(frame, protected=protected, segments=segments, sources=sources, text_columns=text_columns,
                      file_bounds=np.asarray(file_bounds))


def _minimised(frame: pd.DataFrame, *, protected, segments, sources, text_columns,
               file_bounds: np.ndarray) -> tuple[pd.DataFrame, dict[str, str]] | None:
    protected_set = {str(c) for c in protected}
    declared = {_segment_key(s) for s in segments}
    strict = {str(c) for c in text_columns}
    sources = dict(sources or {})
    dropped: dict[str, str] = {}
    for column in frame.columns:
        name = str(column)
        source = str(sources.get(column, name))
        if name in protected_set and name not in strict:
            continue
        if _segment_key(name) in declared or _segment_key(source) in declared:
            continue
        if name not in strict:
            kind = personal_column_kind(source, frame[column]) or personal_column_kind(name, frame[column])
        else:  # a contract column: its own name is fine, but not a personal column mapped onto it
            kind = personal_column_kind(source) if _segment_key(source) != _segment_key(name) else None
        if kind is None:
            kinds = personal_content_kinds(frame[column], file_bounds, strict=name in strict)
            if any(k != kinds[0] for k in kinds[1:]):
                return None
            kind = kinds[0]
        if kind is not None:
            dropped[name] = kind
    return frame.drop(columns=list(dropped)), dropped


def _segment_key(name: object) -> str:
    return "_".join(_column_words(name))


def describe_dropped(dropped: Mapping[str, str], *, where: str) -> str:
    """One sentence naming the columns left out of an analysis table and why (never their values).

    Example
    -------
    >>> describe_dropped({"Badge Name": "name", "LinkedIn": "web profile"}, where="attendees")
    "attendees: column(s) 'Badge Name' (name), 'LinkedIn' (web profile) left out of the analysis: they can identify people (declare one under [privacy] segments in netout.toml to keep it)"
    """
    listed = ", ".join(f"{column!r} ({kind})" for column, kind in dropped.items())
    return (f"{where}: column(s) {listed} left out of the analysis: they can identify people (declare one under "
            "[privacy] segments in netout.toml to keep it)")


def contains_personal_data(frame: pd.DataFrame) -> list[str]:
    """Columns of a frame that look personal by name or still hold an email somewhere (for checks and tests).

    >>> contains_personal_data(pd.DataFrame({"a": ["x"], "b": ["y@z.org"]}))
    ['b']
    """
    found = []
    for column in frame.columns:
        if is_personal_column(column, frame[column]):
            found.append(column)
            continue
        series = frame[column]
        if not isinstance(series.dtype, pd.CategoricalDtype) and series.dtype.kind in "biufcmM":
            continue
        text = series.dropna().astype(str)
        if len(text) and bool(text.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True).any()):
            found.append(column)
    return found

"""Badge and lead-retrieval scans, and event-app meetings (CSV/XLSX) -> ``contacts``.

One row of a scan export says that one person (the scanner) scanned another's
badge at a time, often with a rating and notes. One row of an event app's
meeting export (Brella, Grip, Swapcard, Whova ...) says that one person (the
requester) asked another (the invitee) for a meeting at a time, with the
meeting's status. The importer recognises the columns by their usual headers,
in English, German and French (:data:`ROLES`; a map's ``[columns.contacts]``
can name them: ``"Captured by" = "scanner"``):

- **who**: the scanner and the scanned person, each by email, name or badge /
  ticket number. They are found among the event's attendees through the key
  file the registrations import wrote (``import_keys.csv``: keyed pseudonyms
  only), else by their pseudonymised email or their badge id in the folder's
  ``attendees``. Names, emails, companies, phone numbers and notes are never
  copied.
- **when**: local times in the event's ``time_zone`` (a setting), day-first
  or month-first dates (``day_first``, a setting, else detected where the
  values show it), separate date and time columns joined.
- **interest**: ratings mapped to ``interest``: hot and warm are yes, cold is
  no; on a 1-5 scale 4-5 yes, 1-2 no, 3 left empty; ``[scans.interest]`` says
  otherwise (``"A-lead" = "yes"``).
- **meetings**: only those whose status says they happened (accepted,
  confirmed, completed, checked in ...: :data:`MEETING_STATUS`) are contacts;
  pending, declined, cancelled and no-show meetings are set aside and counted;
  ``[scans.status]`` says what other words mean (``"Walked in" = "happened"``).
- **channel**: ``app`` for a meeting export (its requester and invitee
  columns, or a meeting status), else ``badge_scan``; ``[scans] channel`` or
  ``channel`` (``--channel``) sets it (:data:`toolkit.settings.SCAN_CHANNELS`).
- **names**: compared without accents, case, apostrophes, hyphens or spaces
  (``Jose`` ``Garcia Lopez`` is José García-López); a name several registered
  attendees have is set aside as ambiguous, a name alone that no one has as
  such (with a hint where one registered name is a slip away), never quoted.
- **several exports** of one event: ``add`` (``--add``) appends an export's
  contacts to the folder's, merging those it holds already (:func:`_added_to`);
  an export added before is refused.
- **what is set aside, never fatal**: a badge not on the attendee list (a
  sponsor's, a speaker's), a self-scan or a test scan, and a repeated scan of
  the same pair in the same direction in the same session (merged into the
  first); each with its row and reason in ``import_report.csv``. A pair
  scanned again in another session is a contact of that session too: the
  outcomes count a person's contacts per session.

A contact takes the session both people were in (``participation``), else the
session whose ``start``-``end`` window holds its time; where neither tells, it
has none, and the summary counts those with the reason and what to add. The
folder's hand-written sessions and participation are read as the loader reads
them (no ``event_id`` in an event folder, ``[columns.participation]``, dotted dates). A folder without attendees (scans alone) gets everyone scanned as
attendees, in one session ``[scans] session`` of ``[scans] format``.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "scans.csv").write_text(
...     "Scanned By,Badge ID,Scan Date,Rating\\nB1,B2,14/05/2025 18:41,Hot\\nB1,B2,14/05/2025 18:45,Hot\\n"
...     "B2,B2,14/05/2025 18:50,\\n")
>>> r = import_export("scans", [work / "scans.csv"], out=work / "mixer")
>>> r.tables["contacts"][["attendee_id", "contact_id", "timestamp", "interest"]].values.tolist()
[['B1', 'B2', '2025-05-14T18:41:00Z', 'yes']]
>>> sorted(r.report.loc[r.report["what"] == "row_skipped", "reason"])
['a self-scan or test scan (scanner and scanned are the same person)', 'the same scan again: merged into the first']

A meeting export: the accepted meeting is a contact of channel ``app``, the declined one is not.

>>> _ = (work / "meetings.csv").write_text(
...     "Meeting ID,Requester,Invitee,Start time,Status\\nM1,B1,B2,2025-05-14 10:00,Accepted\\n"
...     "M2,B2,B3,2025-05-14 10:30,Declined\\n")
>>> m = import_export("scans", [work / "meetings.csv"], out=work / "forum")
>>> m.tables["contacts"][["attendee_id", "contact_id", "channel"]].values.tolist()
[['B1', 'B2', 'app']]
>>> m.report.loc[m.report["what"] == "row_skipped", ["row", "value", "reason"]].values.tolist()
[[3, 'Declined', "the meeting did not happen (status 'Declined'): not a contact"]]
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io import parsing
from toolkit.io.importers._common import (
    COLUMN_NOT_MAPPED,
    NOTE,
    PERSONAL_DATA,
    ROW_SKIPPED,
    VALUE_NOT_MAPPED,
    ImportLog,
    ImportResult,
    contract_frame,
    existing_file,
    existing_table,
    event_format,
    find_people,
    finish,
    fold_header,
    folder_report,
    key_kind,
    list_with_more,
    one_format_session,
    one_slip_from,
    prepare_out,
    read_as_same_person,
    read_export_table,
    read_keys,
    resolve_event_id,
    tidy_export,
    write_folder_settings,
)
from toolkit.io.importers.registrations import attendee_names, read_settings_map
from toolkit.settings import SCAN_CHANNELS, Settings

# the headers of event-app meeting exports (Brella, Grip, Swapcard, Whova ...): who asked for the meeting is
# read as the scanner, whom they asked as the person scanned; a column among them marks a meeting export
_REQUESTER = ("requester email", "requester e-mail", "organizer email", "organiser email", "host email",
              "sender email", "inviter email", "requested by", "booked by", "meeting requester", "requester",
              "organizer", "organiser", "host", "sender", "inviter", "requester name", "organizer name",
              "organiser name", "host name", "sender name")
_INVITEE_EMAIL = ("invitee email", "invitee e-mail", "receiver email", "recipient email", "guest email",
                  "participant email", "requested email")
_INVITEE = ("invitee", "receiver", "recipient", "guest", "meeting with", "requested person")
_INVITEE_NAME = ("invitee name", "receiver name", "recipient name", "guest name", "participant name")
#: Headers that only a meeting export has (with the requester's and invitee's): its generic ``Status`` column
#: is then the meeting's status, and its contacts take the channel ``app``.
MEETING_HEADERS: frozenset[str] = frozenset(_REQUESTER + _INVITEE_EMAIL + _INVITEE + _INVITEE_NAME + (
    "meeting id", "meeting title", "meeting type", "meeting location", "meeting status", "meeting state",
    "meeting date", "meeting time", "meeting start"))

#: The columns of a scan export by what they hold, with the headers scanning apps give them (English, German,
#: French; compared without case, accents or repeated spaces). ``person``: the person scanned, by email, badge
#: number or name, whichever the value is.
ROLES: dict[str, tuple[str, ...]] = {
    "scanner": ("scanned by", "scanner", "scanner name", "scanner email", "captured by", "collected by",
                "lead owner", "owner", "user", "user email", "exhibitor user", "staff", "scanner badge id",
                "scanner id", "gescannt von", "erfasst von", "scanne par", "scanne par (badge)", "badge du scanneur",
                "collecte par", "aussteller",
                "exposant") + _REQUESTER,
    "email": ("email", "email address", "scanned email", "lead email", "contact email", "attendee email",
              "e-mail", "e-mail-adresse", "besucher e-mail", "adresse e-mail", "adresse email", "courriel",
              "e-mail du visiteur") + _INVITEE_EMAIL,
    "badge": ("badge id", "badge number", "badge", "barcode", "registration id", "attendee id", "ticket number",
              "attendee #", "ticket #", "scanned badge", "scanned badge id", "badge-id", "badge-nummer",
              "badgenummer", "numero de badge", "n° de badge", "badge scanne", "code-barre", "code barre",
              "code-barres"),
    "person": ("visitor", "besucher", "visiteur") + _INVITEE,
    "first_name": ("first name", "lead first name", "attendee first name", "vorname", "prenom"),
    "last_name": ("last name", "lead last name", "attendee last name", "surname", "nachname", "nom de famille",
                  "nom"),
    # the surname prefix ("van der", "von") between the first and last name, as the registrations join them
    "name_prefix": ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "namenszusatz", "zusatz", "name prefix",
                    "lead name prefix", "attendee name prefix"),
    "name": ("name", "full name", "lead name", "scanned name", "attendee name", "contact name", "besuchername",
             "vollstandiger name", "nom complet", "nom du visiteur") + _INVITEE_NAME,
    # scan times first; a meeting's start before the time its request was made (``Created at``)
    "time": ("scan date", "scan time", "scanned at", "date scanned", "captured at", "capture date", "scan-datum",
             "scandatum", "gescannt am", "erfasst am", "date du scan", "date de scan", "scanne le",
             "start date", "meeting date", "date of meeting", "slot date", "start time", "meeting time",
             "meeting start", "starts at", "start", "scheduled at", "scheduled time", "time slot",
             "timestamp", "date/time", "date time", "created", "created at", "scan timestamp", "zeitstempel",
             "horodatage", "date", "datum"),
    "clock": ("time", "scan time", "time scanned", "scan hour", "capture time", "start time", "meeting time",
              "uhrzeit", "zeit", "scan-uhrzeit", "heure", "heure du scan"),
    "rating": ("rating", "lead rating", "qualification", "temperature", "lead score", "priority", "interest",
               "grade", "lead quality", "lead-bewertung", "bewertung", "einstufung", "qualifizierung", "interesse",
               "evaluation", "interet"),
    "status": ("meeting status", "meeting state", "booking status", "request status", "statut de la reunion",
               "terminstatus"),
}
#: The contract's names of a contact's columns, as a folder's ``netout.toml`` maps them, read in an import map's
#: ``[columns.contacts]`` as the role they stand for: ``"Scanned badge" = "contact_id"`` is the person scanned.
ROLE_SYNONYMS: dict[str, str] = {"attendee_id": "scanner", "contact_id": "person", "timestamp": "time",
                                 "interest": "rating"}
# what each role is, in the words of the report (docs/importers.md has the table)
_ROLE_MEANING = {"scanner": "who scanned, or asked for the meeting", "person": "the person scanned or met, by "
                 "email, badge number or name, whichever the value is", "time": "when", "rating": "the rating, read "
                 "as interest"}
# a status column of any export, read as a meeting's status only in a meeting export: lead-retrieval apps
# have a "Status" of their own (New, Qualified ...)
_GENERIC_STATUS = ("status", "state", "statut")
# a time-of-day column taken as the time where a date column is beside it (Date + Start time)
_CLOCK_FIRST = frozenset({"start time", "meeting time", "time slot"})
_DATE_ALONE = ("date", "datum", "day", "meeting day")
_PEOPLE_ROLES = ("scanner", "email", "badge", "person", "first_name", "name_prefix", "last_name", "name")
# the columns a scanned person's name is read from when no one column holds the whole name, in order
_NAME_PARTS = ("first_name", "name_prefix", "last_name")
_PEOPLE_HEADERS = frozenset(h for role in _PEOPLE_ROLES for h in ROLES[role])
# notes are what the privacy rule calls free text (read through it, never copied here); these headers it does
# not call so ("Messages": an event app's chat with the person met)
_NOTE_COLUMNS_BESIDE_PRIVACY = frozenset({"messages"})
_INTEREST_WORDS = {"hot": "yes", "warm": "yes", "cold": "no", "a": "yes", "b": "yes", "c": "no",
                   "high": "yes", "medium": "yes", "low": "no", "yes": "yes", "no": "no",
                   "heiss": "yes", "kalt": "no", "hoch": "yes", "mittel": "yes", "niedrig": "no", "ja": "yes",
                   "nein": "no", "chaud": "yes", "tiede": "yes", "froid": "no", "eleve": "yes", "moyen": "yes",
                   "faible": "no", "oui": "yes", "non": "no"}
#: What an event app's meeting status says (compared without case, accents, ``-`` or ``_``): the meeting
#: happened (a contact), or it did not (set aside). Other words are asked for in ``[scans.status]``;
#: ``Rescheduled`` among them, which one app writes on the meeting replaced and another on the one moved.
MEETING_STATUS: dict[str, str] = {
    **dict.fromkeys(("accepted", "confirmed", "completed", "checked in", "checkedin", "held", "attended", "met",
                     "took place", "happened", "done", "scheduled", "booked", "approved", "finished",
                     "bestatigt", "angenommen", "stattgefunden", "abgeschlossen", "accepte", "confirme", "termine",
                     "effectue"), "happened"),
    **dict.fromkeys(("pending", "pending invitation", "awaiting response", "awaiting", "requested", "request sent",
                     "incoming", "proposed", "draft", "declined", "rejected", "refused", "denied", "cancelled",
                     "canceled", "withdrawn", "discarded", "expired", "no show", "noshow", "missed", "not held",
                     "ausstehend", "abgelehnt", "abgesagt", "storniert", "nicht erschienen", "en attente", "refuse",
                     "annule", "absent"), "not"),
}
# a note that says the scan was a test, in the languages whose note columns the privacy rule knows
_TEST_WORDS = ("test scan", "test", "testing", "test-scan", "testscan", "scan de test", "scan test", "essai", "prueba",
               "escaneo de prueba", "proef", "proefscan")


def import_scans(sources, *, out, event_id: str | None = None, column_map=None, sheet=None,
                 header_row: int | None = None, session_format: str | None = None, channel: str | None = None,
                 secret: str | bytes | None = None, overwrite: bool = False, add: bool = False) -> ImportResult:
    """Turn a badge or lead-retrieval scan export into ``contacts`` of the event folder.

    Parameters
    ----------
    sources : list of path
        One scan export (CSV or XLSX).
    out : path
        The event folder (``DIR/EVENT``), usually holding the registrations already.
    event_id : str, optional
        Default: the folder's one event, else the name of the ``out`` folder.
    column_map : path, optional
        A ``netout.toml``-style map: ``time_zone``, ``day_first``,
        ``[columns.contacts]`` (the export's columns to roles: the keys of
        :data:`ROLES`, or the contract's names of :data:`ROLE_SYNONYMS`;
        docs/importers.md has the table), ``[scans]``.
    sheet : str or int, optional
        Worksheet of an XLSX export.
    header_row : int, optional
        Spreadsheet row of the header (default: row 1, else the first of the
        next rows that names a scanner and a scanned person: a title above it is left out).
    session_format : {"structured", "unstructured"}, optional
        The whole event ran this one format (``--format``; else ``[scans] format``
        of the map): where the folder has no sessions, one session (``[scans]
        session``, default ``all``, assignment ``scheduled``) with every attendee
        of the folder in it (everyone scanned, in a folder of scans alone).
    channel : {"badge_scan", "app", "card"}, optional
        The ``channel`` of the contacts written (``--channel``; else ``[scans] channel`` of the map; else
        ``app`` for a meeting export, ``badge_scan`` for others).
    secret : str or bytes, optional
        Pseudonymisation key (see :mod:`toolkit.privacy`).
    overwrite : bool
        Replace a ``contacts`` table already in ``out`` (and, with a format, its sessions and participation).
    add : bool
        Add this export's contacts to those already in ``out`` (``--add``: another export of the same event,
        such as an event app's meetings beside the badge scans). A contact already there (the same two people,
        the same way round, in the same session) is merged into it, as a repeat within one export is; the
        export's rows left out join ``import_report.csv`` under its name. An export already among the
        folder's contacts (by its name or its content) is refused: it would count its contacts twice.

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "scans.csv").write_text("Scanned By,Badge ID,Scan Date\\nB1,B2,2025-05-14 18:41\\n")
    >>> _ = (work / "cards.csv").write_text("Collected by,Badge ID,Date\\nB1,B2,2025-05-14 18:50\\n"
    ...                                     "B2,B1,2025-05-14 18:52\\n")
    >>> _ = import_scans([work / "scans.csv"], out=work / "mixer")
    >>> r = import_scans([work / "cards.csv"], out=work / "mixer", add=True)
    >>> r.tables["contacts"][["attendee_id", "contact_id"]].values.tolist()
    [['B1', 'B2'], ['B2', 'B1']]
    """
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"scans takes one scan export (got {len(sources)}); import each on its own.")
    if channel is not None and str(channel).strip().lower() not in SCAN_CHANNELS:
        raise UsageError(f"--channel {channel!r} is not a channel of a scan or meeting export; use one of: "
                         f"{', '.join(SCAN_CHANNELS)}.")
    if add and overwrite:
        raise UsageError("--add adds this export's contacts to those in the folder, --force replaces them: give "
                         "one of the two.")
    path = existing_file(sources[0], "Scan export")
    out_path = Path(out)
    fingerprint = _fingerprint(path)
    earlier = existing_table(out_path, "contacts") if out_path.is_dir() and not overwrite else None
    if earlier is not None and not add:
        made = _contact_exports(out_path, "")
        raise UsageError(f"{out_path} already holds {_file_of(earlier, 'contacts')} (from "
                         f"{', '.join(made) or 'an earlier import'}): pass --add to add the contacts of {path.name} "
                         "to them (another export of the same event), or --force to replace them.")
    if earlier is not None:
        _refuse_added_again(path, fingerprint, out_path, earlier)
    settings = (Settings.read(out_path) if out_path.is_dir() else Settings()).merged(read_settings_map(column_map))
    options = settings.section("scans")
    mapped = settings.columns.get("contacts", {})
    frame, header = read_export_table(path, sheet=sheet, header_row=header_row,
                                      recognised=lambda names: _tells_who_scanned_whom(_find_roles(names, mapped)[0]))
    log = ImportLog()
    frame = tidy_export(frame, log, path.name, header_row=header)
    rows = pd.Series(frame.index.to_numpy(), dtype="int64")
    frame = frame.reset_index(drop=True).astype("string")
    roles, meeting_headers = _roles(frame.columns, mapped, path.name, log)
    attendees = existing_table(out_path, "attendees")
    known = attendees[["event_id", "attendee_id"]] if attendees is not None and {"event_id", "attendee_id"} <= set(
        attendees.columns) else None
    event = resolve_event_id(event_id, out_path, known=known)
    listed = known.loc[known["event_id"] == event, "attendee_id"] if known is not None else None
    on_list = set(listed) if listed is not None else None
    keys = read_keys(out_path)
    keys = keys[keys["event_id"] == event] if "event_id" in keys.columns else keys
    if earlier is not None and _scans_alone(out_path, keys):
        listed = on_list = None   # the attendees are the people scanned: this export's people join them
    frame = read_as_same_person(frame, [roles[r] for r in ("scanner", "email", "badge", "person") if r in roles],
                                options["same_person"], log, path.name)
    scanner = find_people(frame[roles["scanner"]], keys, secret, "any")
    scanned, scanned_column = _scanned(frame, roles, keys, secret)
    times = _times(frame, roles, settings, rows, log, path.name)
    interest = _interest(frame, roles, options, rows, log, path.name)
    _report_columns(frame.columns, roles, log, path.name)
    meeting = "status" in roles or meeting_headers
    chosen_channel = _channel(channel, options["channel"], meeting, roles, log, path.name)
    happened = _meetings_held(frame, roles, options, log, path.name)

    near = _near_misses(frame, roles, scanner, scanned, scanned_column, keys, secret, on_list)
    keep = _set_aside(frame, scanner, scanned, on_list, rows, log, path.name, roles, scanned_column, happened, near)
    contacts = pd.DataFrame({"attendee_id": scanner, "contact_id": scanned, "timestamp": times,
                             "interest": interest, "_row": rows})[keep]
    chosen_format = event_format(session_format, options["format"], "scans", log)
    tables = _folder_tables(contacts, event, out_path, settings, listed, log, chosen_format, chosen_channel,
                            overwrite=overwrite, file=path.name, meeting=meeting,
                            people=lambda ids: _as_attendees(ids, keys, secret, on_list), earlier=earlier)
    # the exports whose contacts this one replaces: their lines of the report go with them
    replaced = [] if earlier is not None else _contact_exports(out_path, path.name)
    out_path = prepare_out(out_path, list(tables), overwrite=overwrite or earlier is not None)
    extra = write_folder_settings(out_path, settings.raw, log, ("time_zone", "day_first"))
    log.quote_as_written([fingerprint])
    log.add(NOTE, _CONTACT_EXPORT, file=path.name, value=fingerprint, count=0)
    return finish("scans", out_path, tables, log, extra_files=extra, sources=[path], replaces=replaced)


# how the note of a folder of scans alone begins: its attendees are the people scanned (--add extends them)
_SCANNED_ARE_ATTENDEES = "no attendee list in the folder: "
# the note every scans import writes with its export's fingerprint, by which an export added again is told
_CONTACT_EXPORT = ("this export's contacts are in contacts.csv (value: a fingerprint of the export, by which "
                   "--add tells it if it is added again)")


def _fingerprint(path: Path) -> str:
    """A short digest of the export's bytes: the same export under another name is told by it (no cell is kept)."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _contact_exports(out: Path, besides: str) -> list[str]:
    """The exports, other than ``besides``, whose contacts the folder's ``contacts`` holds (by the report's notes)."""
    report = folder_report(out)
    files = report.loc[report["reason"].eq(_CONTACT_EXPORT).fillna(False), "file"].dropna()
    return sorted(set(files) - {besides})


def _scans_alone(out: Path, keys: pd.DataFrame) -> bool:
    """Whether the folder's attendees are the people its scans named (no registrations: no key file, and a
    scans import said so in the report)."""
    if len(keys):
        return False
    report = folder_report(out)
    said = report["reason"].str.startswith(_SCANNED_ARE_ATTENDEES).fillna(False)
    return bool((said & report["file"].isin(_contact_exports(out, ""))).any())


def _refuse_added_again(path: Path, fingerprint: str, out: Path, earlier: pd.DataFrame) -> None:
    """Refuse to add an export whose contacts the folder already holds: by its name, or the same content."""
    if not {"attendee_id", "contact_id"} <= set(earlier.columns):
        raise UsageError(f"{out / _file_of(earlier, 'contacts')} has no attendee_id and contact_id columns, so "
                         f"{path.name} cannot be added to it: import the contact exports again, the first without "
                         "--add (with --force) and each other one with --add.")
    report = folder_report(out)
    marked = report[report["reason"].eq(_CONTACT_EXPORT).fillna(False)]
    # a report of an earlier version has no such notes: an export of the same name is then taken as the same
    named = set(marked["file"]) if len(marked) else set(report["file"].dropna())
    how = ("To import a corrected copy, import the first contact export again with --force and add the others "
           "with --add; another export of the same name: rename it first.")
    if path.name in named:
        raise UsageError(f"{path.name} is already among the contacts of {out} (import_report.csv has its lines): "
                         f"adding it again would count its contacts twice. {how}")
    same = marked.loc[marked["value"].eq(fingerprint).fillna(False), "file"]
    if len(same):
        raise UsageError(f"{path.name} has the same content as {same.iloc[0]}, already among the contacts of "
                         f"{out}: adding it would count its contacts twice.")


# a header or word as compared (``Scanné  par`` -> ``scanne par``), as the table plans' headers are
_norm = fold_header


def _status_word(text: object) -> str:
    """A status as compared: ``NO_SHOW``, ``No-show`` and ``no show`` are one word (:func:`_norm` reads ``_``)."""
    return _norm(str(text).replace("-", " "))


def _is_meeting_export(columns) -> bool:
    return any(_norm(c) in MEETING_HEADERS for c in columns)


def _mapped_role(target: object) -> str:
    """The role a map's ``[columns.contacts]`` target names: a role, or the contract's name of one."""
    word = str(target).strip().lower()
    return ROLE_SYNONYMS.get(word, word)


def _find_roles(columns, mapped: dict[str, str]) -> tuple[dict[str, object], bool]:
    """Which column plays which role (by the map first, then by the usual headers), and whether it is a meeting export.

    A plain ``Status`` is the meeting's status only in a meeting export; a ``Start time`` beside a ``Date``
    is the time of day of that date.

    Example
    -------
    >>> _find_roles(["Reader", "Badge", "Date", "Start time"], {"Reader": "attendee_id"})
    ({'scanner': 'Reader', 'badge': 'Badge', 'time': 'Date', 'clock': 'Start time'}, False)
    """
    by_name = {_norm(c): c for c in columns}
    roles: dict[str, object] = {}
    for key, target in mapped.items():
        role = _mapped_role(target)
        if role in ROLES and role not in roles and _norm(key) in by_name:
            roles[role] = by_name[_norm(key)]
    taken, from_map = set(roles.values()), set(roles)
    meeting = _is_meeting_export(columns)
    for role, headers in ROLES.items():
        if role == "status" and meeting:
            headers = headers + _GENERIC_STATUS
        for header in headers:
            column = by_name.get(header)
            if role not in roles and column is not None and column not in taken:
                roles[role] = column
                taken.add(column)
    date = next((by_name[h] for h in _DATE_ALONE if h in by_name and by_name[h] not in taken), None)
    if not {"clock", "time"} & from_map and date is not None and _norm(roles.get("time", "")) in _CLOCK_FIRST:
        roles["clock"], roles["time"] = roles["time"], date
    return roles, meeting


def _tells_who_scanned_whom(roles: dict) -> bool:
    return "scanner" in roles and bool({"email", "badge", "person", "name", "first_name", "last_name"} & set(roles))


# where the roles are described, for messages
_ROLES_DOC = "docs/importers.md, 'Columns of a scan or meeting export'"


def _roles(columns, mapped: dict[str, str], file: str, log: ImportLog) -> tuple[dict[str, object], bool]:
    """The roles of the export's columns and whether it is a meeting export; refused where who or when is missing.

    The map's entries read through a contract name (``"Scanned badge" = "contact_id"``) and those that name
    no role are said in the report: a typo in the map is never passed over in silence.
    """
    roles, meeting = _find_roles(columns, mapped)
    accepted = ", ".join([*ROLES, *ROLE_SYNONYMS])
    by_name = {_norm(c): str(c) for c in columns}
    for key, target in mapped.items():
        word, role = str(target).strip().lower(), _mapped_role(target)
        shown = by_name.get(_norm(key), str(key))   # the export's own header, where it has the column
        if word in ROLE_SYNONYMS and roles.get(role) is not None and _norm(roles[role]) == _norm(key):
            log.note(f"[columns.contacts] {shown!r} = {target!r} read as the role {role} ({_ROLE_MEANING[role]})",
                     file=file, column=shown)
        elif role not in ROLES:
            near = difflib.get_close_matches(word, [*ROLES, *ROLE_SYNONYMS], n=1, cutoff=0.75)
            meant = f" ({near[0]!r} meant?)" if near else ""
            log.note(f"[columns.contacts] {shown!r} = {target!r}: not a role of a scan or meeting export{meant}, so "
                     f"not used; the roles are {accepted} ({_ROLES_DOC})", file=file)
    if not _tells_who_scanned_whom(roles):
        raise UsageError(f"{file}: cannot tell who scanned whom; the export needs a scanner column (e.g. 'Scanned By') "
                         "and the scanned person's email, badge id or name. Name the columns in the map under "
                         "[columns.contacts] by their role, e.g. \"Captured by\" = \"scanner\", \"Lead e-mail\" = "
                         f"\"email\"; the roles are {accepted} ({_ROLES_DOC}); where the header is not on row 1, "
                         "give its row with --header-row N. Its columns are: " + ", ".join(map(str, columns[:30])))
    if "time" not in roles:
        raise UsageError(f"{file}: no column gives the time of each scan; name it in the map under "
                         f"[columns.contacts], e.g. \"Scan moment\" = \"time\" (the roles: {_ROLES_DOC}).")
    return roles, meeting


def _scanned(frame: pd.DataFrame, roles: dict, keys: pd.DataFrame, secret) -> tuple[pd.Series, pd.Series]:
    """The scanned person (by badge, else email, else name: first + last) and the column that gave each."""
    found = pd.Series(pd.NA, index=frame.index, dtype="string")
    source = pd.Series(_scanned_columns(roles)[0], index=frame.index, dtype="object")
    for role in ("badge", "email", "person"):
        if role in roles:
            here = find_people(frame[roles[role]], keys, secret, "any" if role == "person" else role).replace(
                "?ambiguous", pd.NA)
            source = source.where(found.notna() | here.isna(), str(roles[role]))
            found = found.fillna(here)
    name = _row_names(frame, roles)
    if name is not None:
        here = find_people(name, keys, secret, "name")
        source = source.where(found.notna() | here.isna(), _scanned_columns(roles)[-1])
        found = found.fillna(here)
    return found, source


def _scanned_columns(roles: dict) -> list[str]:
    """The columns that may name the scanned person, in the order they are read (first and last name as one)."""
    names = [str(roles[r]) for r in ("badge", "email", "person", "name") if r in roles]
    if "name" not in roles and ("first_name" in roles or "last_name" in roles):
        names.append(" + ".join(str(roles[r]) for r in _NAME_PARTS if r in roles))
    return names


def _row_names(frame: pd.DataFrame, roles: dict) -> pd.Series | None:
    """Each row's name of the person scanned, as the registrations key it; None where no column names them.

    One column with the whole name is read as it is; else the first name, the surname prefix (``van der``,
    ``von``) and the last name are joined (:func:`~toolkit.io.importers.registrations.attendee_names`), so that
    "Jan" + "van" + "Dijk" finds the registered Jan van Dijk. Only to find people; never written.

    Example
    -------
    >>> frame = pd.DataFrame({"Vorname": ["Jan", "Ann"], "Namenszusatz": ["van", None], "Nachname": ["Dijk", "Lee"]})
    >>> _row_names(frame, {"first_name": "Vorname", "name_prefix": "Namenszusatz", "last_name": "Nachname"}).tolist()
    ['Jan van Dijk', 'Ann Lee']
    """
    if "name" in roles:
        return frame[roles["name"]].fillna("")
    parts = {r: roles[r] for r in _NAME_PARTS if r in roles}
    if not {"first_name", "last_name"} & set(parts):
        return None
    return attendee_names(frame, parts).fillna("")


def _times(frame, roles, settings: Settings, rows, log: ImportLog, file: str) -> pd.Series:
    text = frame[roles["time"]].str.strip()
    if "clock" in roles:  # a date column and a time column
        text = (text.fillna("") + " " + frame[roles["clock"]].str.strip().fillna("")).str.strip()
    text = text.replace("", pd.NA)
    day_first = settings.day_first
    if day_first is None:
        day_first = parsing.infer_day_first(text)
        slashed = text.str.match(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}").fillna(False)
        if day_first is None and slashed.any():
            sample = text[slashed].iloc[0]
            raise UsageError(f"{file}: the dates (such as {sample!r}) could be day-first or month-first and none "
                             "of them shows which; set day_first = true (14/05/2025) or false (05/14/2025) in the map.")
        if day_first is not None:
            # said as what decided it: a day above 12, or dots (12.03.2026), which only day-first dates use
            by_dots = day_first and parsing.infer_day_first(text.str.replace(".", "/", regex=False)) is None
            why = "written with dots, as only day-first dates are" if by_dots else "as the values show"
            log.note(f"dates read {'day' if day_first else 'month'} first ({why}; set day_first in the map to "
                     "say so)", file=file, column=str(roles["time"]))
    if settings.time_zone is None:
        log.note("times without a zone read as UTC: set time_zone (e.g. \"Europe/London\") in the map for local "
                 "times", file=file, column=str(roles["time"]))
    times, bad = parsing.read_local_timestamp(text, time_zone=settings.time_zone, day_first=day_first)
    bad &= text.notna()
    if bad.any():
        log.add_rows(VALUE_NOT_MAPPED, "not a date and time that can be read (or a local time that does not exist "
                     "when the clocks change); the scan is kept without a time", file=file, rows=rows[bad],
                     column=str(roles["time"]), values=text[bad])
    return times.dt.strftime("%Y-%m-%dT%H:%M:%SZ").where(times.notna(), None)


def _interest(frame, roles, options, rows, log: ImportLog, file: str) -> pd.Series:
    if "rating" not in roles:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    text = frame[roles["rating"]].str.strip().replace("", pd.NA)
    words = {**_INTEREST_WORDS, **{_norm(k): v for k, v in options["interest"].items()}}
    key = text.map(lambda v: _norm(v) if isinstance(v, str) else None)
    mapped = key.map(words)
    # a European export writes a lead score's decimals with a comma ("4,5"): 4.5, read as the loader reads numbers
    number = parsing.read_number(text)[0].astype(float).where(mapped.isna())
    scaled = pd.Series(np.where(number >= 4, "yes", np.where(number <= 2, "no", None)), index=text.index)
    scaled = scaled.where(number.between(1, 5), None)
    out = mapped.where(mapped.notna(), scaled).replace("", pd.NA)
    # 3 (or 2.5 to 3.5 of a score with halves) is neither interested nor not
    middle = number.gt(2) & number.lt(4) & mapped.isna()
    unread = text.notna() & out.isna() & ~middle & mapped.isna()
    off_scale = unread & number.notna()
    if off_scale.any():
        # a number is a score: a word for it in [scans.interest] would be the wrong fix
        log.add_rows(VALUE_NOT_MAPPED, "score off the 1-5 scale (1-2 not interested, 4-5 interested); interest left "
                     "empty: check the scale the app uses", file=file, rows=rows[off_scale],
                     column=str(roles["rating"]), values=text[off_scale])
    unread &= ~off_scale
    if unread.any():
        log.add_rows(VALUE_NOT_MAPPED, "rating not understood; say what it means in [scans.interest] of the map "
                     "(\"yes\" or \"no\"); interest left empty", file=file, rows=rows[unread],
                     column=str(roles["rating"]), values=text[unread])
    if middle.any():
        log.note(f"{int(middle.sum())} rating(s) in the middle of a 1-5 scale (above 2, below 4): neither interested "
                 "nor not; interest left empty", file=file, column=str(roles["rating"]))
    return out.astype("string")


def _channel(given: str | None, from_map: str | None, meeting: bool, roles: dict, log: ImportLog,
             file: str) -> str:
    """The contacts' channel: ``--channel``, else ``[scans] channel``, else ``app`` for a meeting export."""
    if given is not None:
        return str(given).strip().lower()
    if from_map is not None:
        return from_map
    if not meeting:
        return "badge_scan"
    told = "its status column" if "status" in roles else "its requester and invitee columns"
    log.note(f"a meeting export (by {told}): its meetings are written as contacts of channel 'app' (an event app's "
             "meetings); set [scans] channel in the map or give --channel to say otherwise", file=file)
    return "app"


def _meetings_held(frame, roles, options, log: ImportLog, file: str) -> list:
    """Which meetings happened by their status; the others as checks for :func:`_set_aside`, one per word.

    A status of the usual words (:data:`MEETING_STATUS`) or of ``[scans.status]`` says whether the meeting
    took place; a meeting whose status says not, or says something unknown or nothing, is no contact.
    """
    if "status" not in roles:
        return []
    column = str(roles["status"])
    text = frame[roles["status"]].str.strip().replace("", pd.NA)
    words = {**MEETING_STATUS, **{_status_word(k): v for k, v in options["status"].items()}}
    key = text.map(lambda v: _status_word(v) if isinstance(v, str) else None)
    state = key.map(words)
    at = pd.Series(column, index=frame.index, dtype="object")
    checks = []
    not_held = state.eq("not").fillna(False)
    tally = []
    for word in pd.unique(key[not_held]):
        here = not_held & key.eq(word)
        shown = text[here].iloc[0]
        log.quote_as_written(text[here])   # a status word of the app's list, not a person's name
        tally.append(f"{int(here.sum())} {shown}")
        checks.append((here, at, f"the meeting did not happen (status {shown!r}): not a contact", text))
    unknown = text.notna() & state.isna()
    if unknown.any():
        checks.append((unknown, at, "meeting status not understood: say in [scans.status] of the map whether it "
                                    "means the meeting happened (\"happened\") or not (\"not\"); not a contact", text))
    checks.append((text.isna(), at, "no meeting status: cannot tell whether the meeting happened; not a contact"))
    held, unread = int(state.eq("happened").sum()), int(unknown.sum() + text.isna().sum())
    told = [f"{int(not_held.sum())} did not ({', '.join(tally)})"] if tally else []
    told += [f"{unread} with a status not understood or none"] if unread else []
    aside = f"; {'; '.join(told)}: set aside, each with its row" if told else ""
    log.note(f"{held} of the {len(frame)} meetings happened by their status (counted as contacts){aside}", file=file,
             column=column)
    return checks


def _report_columns(columns, roles, log: ImportLog, file: str) -> None:
    used = set(roles.values())
    notes = set(_note_columns(columns))
    for column in columns:
        if column in used:
            if any(roles.get(r) == column for r in _PEOPLE_ROLES):
                log.add(PERSONAL_DATA, "used to tell who scanned whom, never copied", file=file, column=str(column))
            continue
        if _norm(column) in _PEOPLE_HEADERS:   # e.g. the requester's name beside the requester's email used
            log.add(PERSONAL_DATA, "another column naming a person or their company: not copied", file=file,
                    column=str(column))
        elif privacy.is_personal_column(column) or column in notes:
            log.add(PERSONAL_DATA, "personal data or notes about a person: not copied", file=file, column=str(column))
        else:
            log.add(COLUMN_NOT_MAPPED, "not a part of a contact; not imported", file=file, column=str(column))


def _note_columns(columns) -> list:
    """The columns of notes about the scan or meeting: the usual headers, and any the privacy rule calls free text.

    Example
    -------
    >>> _note_columns(["Scanned By", "Notizen", "Rating", "Invitation message", "Comentarios", "Opmerkingen"])
    ['Notizen', 'Invitation message', 'Comentarios', 'Opmerkingen']
    """
    return [c for c in columns
            if privacy.personal_column_kind(c) == "free text" or _norm(c) in _NOTE_COLUMNS_BESIDE_PRIVACY]


def _set_aside(frame, scanner, scanned, on_list, rows, log: ImportLog, file: str, roles,
               scanned_column: pd.Series, meetings_not_held: list = (), near: tuple = (None, None)) -> pd.Series:
    """Rows that are contacts; the others reported with their reason and the column at fault.

    ``meetings_not_held``: checks (rows, column, reason, values) of meetings that did not happen, applied first;
    their values are the status words, written to the report as the export has them. ``near``: the
    :class:`_NearMiss` of the scanner and of the scanned person (:func:`_near_misses`): a person not on the list
    who is probably a registered attendee is set aside with a reason that says so.
    """
    near_scanner, near_scanned = near
    keep = pd.Series(True, index=frame.index)
    notes = _note_columns(frame.columns)
    test_note = pd.Series(False, index=frame.index)
    for column in notes:
        test_note |= frame[column].map(lambda v: _norm(v) in _TEST_WORDS if isinstance(v, str) else False)
    scanner_column = pd.Series(str(roles["scanner"]), index=frame.index, dtype="object")
    ambiguous = scanner.eq("?ambiguous").fillna(False)
    # where the scanner is the fault, its column; else the column that names the scanned person
    checks = list(meetings_not_held) + [
        (scanner.isna() | scanned.isna(), scanner_column.where(scanner.isna(), scanned_column),
         "the scanner or the scanned badge is missing"),
        (ambiguous | scanned.eq("?ambiguous").fillna(False), scanner_column.where(ambiguous, scanned_column),
         "ambiguous name: it is that of several registered attendees (compared without accents, case, "
         "apostrophes, hyphens or spaces); cannot tell who it is"),
        (scanner.eq(scanned).fillna(False) | test_note, scanner_column,
         "a self-scan or test scan (scanner and scanned are the same person)"),
    ]
    if on_list is not None:
        # a row that names the person scanned by name alone (a business card) carries no badge: said so
        by_name = scanned_column.eq(_scanned_columns(roles)[-1]) if {"name", "first_name", "last_name"} & set(roles) \
            else pd.Series(False, index=frame.index)
        for ids, column, near, plain in (
                (scanner, scanner_column, near_scanner, "the scanner is not on the attendee list (an exhibitor's or "
                                                        "sponsor's staff, a speaker?)"),
                (scanned, scanned_column, near_scanned, "the scanned badge is not on the attendee list (a sponsor's, "
                                                        "exhibitor's or speaker's badge?)")):
            off = ~ids.isin(on_list)
            if near is not None:   # first the rows that name, probably, a registered attendee: said as such
                checks += [(off & near.reason.eq(reason).fillna(False), column, reason, None, near.value)
                           for reason in pd.unique(near.reason[off].dropna())]
            if ids is scanned:
                checks.append((off & by_name, column, _NO_SUCH_NAME))
            checks.append((off, column, plain))
    for mask, columns, reason, *extra in checks:
        shown, groups = (list(extra) + [None, None])[:2]
        hit = keep & mask.fillna(False).astype(bool)
        for column in pd.unique(columns[hit]):
            here = hit & columns.eq(column)
            log.add_rows(ROW_SKIPPED, reason, file=file, rows=rows[here], column=str(column),
                         values=shown[here] if shown is not None else None)
            if groups is not None:
                _say_how_to_count(groups[here], rows[here], str(column), log, file)
        keep &= ~hit
    return keep


@dataclass(frozen=True)
class _NearMiss:
    """Rows whose person is not on the attendee list but probably is a registered attendee.

    ``reason``: per row, the reason to report (missing where nothing points to anyone); ``value``: per row, the
    value as compared (an email lower-cased), so that the rows of one value are counted together. The values
    are never written: they only group the rows of the note that says how to count them.
    """

    reason: pd.Series
    value: pd.Series


def _near_misses(frame: pd.DataFrame, roles: dict, scanner: pd.Series, scanned: pd.Series,
                 scanned_column: pd.Series, keys: pd.DataFrame, secret, on_list: set | None
                 ) -> tuple[_NearMiss | None, _NearMiss | None]:
    """The rows whose scanner or scanned person is not on the list but is probably a registered attendee.

    Probably: the email is a typing slip (:func:`~toolkit.io.importers._common.one_slip_away`) from exactly one registered attendee's, or
    (the person scanned) the row's first and last name are exactly one registered attendee's; a badge number a
    slip from one registered attendee's only where the row's name is that attendee's too (numbers given in
    sequence are a slip from one another).
    Nothing is merged on it: the reason says so, and a note how to count such scans (:func:`_say_how_to_count`).
    """
    if not on_list:
        return None, None
    empty = pd.Series(pd.NA, index=frame.index, dtype="string")
    # badge numbers are given in sequence: an unknown one is often a slip from someone else's (the second ticket of
    # a person, TT58301, is one from TT58201), so only an email, sparse, is taken as a typo on its own
    value = frame[roles["scanner"]].str.strip().where(~scanner.isin(on_list))
    value = value.where(key_kind(value).eq("email"))
    slip = one_slip_from(value, keys, secret, on_list)
    near_scanner = _NearMiss(empty.mask(slip.notna(), _slip_reason("the scanner's", value)), value.str.lower())
    off = ~scanned.isin(on_list)
    value = empty.copy()
    for column in pd.unique(scanned_column[off]):
        if column in frame.columns:   # not the first and last name read together: a name is no slip of a key
            value = value.mask(off & scanned_column.eq(column), frame[column].str.strip())
    value = value.where(key_kind(value).notna())
    by_name, said = _registered_by_name(frame, roles, keys, secret, on_list, value.notna())
    slip = one_slip_from(value.where(key_kind(value).eq("email") | by_name.notna()), keys, secret, on_list)
    slip = slip.where(key_kind(value).eq("email") | slip.eq(by_name).fillna(False))   # a badge: where the name agrees
    also = pd.Series(f", whose {said} the row gives", index=frame.index).where(slip.eq(by_name).fillna(False), "")
    verb = "are those" if said == "first and last name" else "is that"
    kind = key_kind(value)
    by_name_reason = ("the scanned " + kind + f" is not on the attendee list, but the row's {said} {verb} of exactly "
                      "one registered attendee (another " + kind + " of theirs, or a typo?), not counted; " +
                      _HOW_TO_COUNT)
    reason = empty.mask(by_name.notna(), by_name_reason).mask(slip.notna(), _slip_reason("the scanned", value, also))
    names = _row_names(frame, roles)
    if names is not None:   # a person named by name alone: a registered name a slip from it
        alone = off & scanned_column.eq(_scanned_columns(roles)[-1]) & value.isna()
        slip = one_slip_from(names.where(alone & names.ne("")), keys, secret, on_list, names=True)
        reason = reason.mask(slip.notna(), _NAME_SLIP)
    return near_scanner, _NearMiss(reason, value.str.lower())


# the reason of a row whose person scanned is named by name alone, and no registered attendee has it
_NO_SUCH_NAME = ("no registered attendee has the name on this row (compared without accents, case, apostrophes, "
                 "hyphens or spaces), and it gives no email or badge number: a sponsor's, exhibitor's or speaker's "
                 "card, or the name written otherwise?")
# ... and where one registered attendee's name is a slip from it
_NAME_SLIP = ("no registered attendee has the name on this row, but it is one letter off exactly one registered "
              "attendee's (compared without accents, case, apostrophes, hyphens or spaces): probably a typo, not "
              "counted; correct the name in the export and import it again")
# what a reason of a near miss ends with
_HOW_TO_COUNT = "correct it in the export or add it to [scans.same_person] in the map, and import again with --force"


def _slip_reason(who: str, values: pd.Series, also: pd.Series | str = "") -> pd.Series:
    """The reason of a row whose email or badge number is a slip of a registered attendee's."""
    kind = key_kind(values)
    unit = kind.map({"email": "letter", "badge number": "character"})
    return (f"{who} " + kind + " is not on the attendee list but one " + unit + " off exactly one registered "
            "attendee's" + also + ": probably a typo, not counted; " + _HOW_TO_COUNT)


def _registered_by_name(frame: pd.DataFrame, roles: dict, keys: pd.DataFrame, secret, on_list: set,
                        rows: pd.Series) -> tuple[pd.Series, str]:
    """For the given rows, the one registered attendee the row's name names (through the key file); and how said."""
    both = "name" not in roles and {"first_name", "last_name"} <= set(roles)
    said = "first and last name" if both else "name"
    name = _row_names(frame, roles)
    if name is None:
        return pd.Series(pd.NA, index=frame.index, dtype="string"), said
    person = find_people(name.where(rows), keys, secret, "name")
    return person.where(person.isin(on_list)), said


def _say_how_to_count(values: pd.Series, rows: pd.Series, column: str, log: ImportLog, file: str) -> None:
    """A note per value set aside as a near miss: its rows, how many, and how to count them (never the value)."""
    for value in pd.unique(values.dropna()):
        here = rows[values.eq(value).fillna(False)].tolist()
        n = len(here)
        shown = list_with_more(here, 10, and_last=True)
        where, scans = (f"row {shown}", "this scan") if n == 1 else (f"rows {shown}", f"these {n} scans")
        kind = "email" if "@" in str(value) else "badge number"
        log.note(f"{where} (column {column!r}): one {kind}, probably a registered attendee's: correct it or add it to "
                 f"[scans.same_person] in the map to count {scans}", file=file, column=column, count=n)


def _merge_repeats(contacts: pd.DataFrame, log: ImportLog, file: str, *, meeting: bool = False) -> pd.DataFrame:
    """The same scanner scanning the same badge again in the same session is one contact: the first, with any
    interest said later there.

    So is a second meeting the same person asked the same person for (``meeting``: said so in the report).
    A scan of the pair in another session is a contact of that session: the outcomes give a person in
    several sessions one row per session, each counting the contacts made there (docs/outcomes.md,
    "Sessions are the unit of exposure"), so merging it into the first would take it from the later
    session's row. Contacts without a session (none known, or outside every session) are one group: where
    no session is known, the repeats of the whole event are merged, as before.

    Example
    -------
    >>> scans = pd.DataFrame({"attendee_id": ["A", "A", "A"], "contact_id": ["B", "B", "B"],
    ...                       "timestamp": ["2025-05-14T18:40:00Z", "2025-05-14T18:55:00Z", "2025-05-14T19:30:00Z"],
    ...                       "session_id": ["tables", "tables", "open"], "interest": [None, "yes", None],
    ...                       "_row": [2, 3, 4]})
    >>> log = ImportLog()
    >>> _merge_repeats(scans, log, "scans.csv")[["session_id", "interest", "_row"]].values.tolist()
    [['tables', 'yes', 2], ['open', nan, 4]]
    >>> log.frame()["reason"].tolist()[0]
    'the same scan again in the same session: merged into the first'
    """
    pair = ["attendee_id", "contact_id", "session_id"]
    order = contacts.assign(_t=pd.to_datetime(contacts["timestamp"], utc=True)).sort_values(
        ["_t", "_row"], na_position="last", kind="stable")
    repeat = order[pair].duplicated(keep="first")
    later = order[repeat]
    # "in the same session" where the contacts fall in several; one session is the whole event
    in_session = later["session_id"].notna() & (order["session_id"].nunique() > 1)
    if meeting:
        again = "another meeting of the same requester with the same invitee"
        log.add_rows(ROW_SKIPPED, f"{again} in the same session: merged into the first", file=file,
                     rows=later.loc[in_session, "_row"])
        log.add_rows(ROW_SKIPPED, f"{again}: merged into the first", file=file, rows=later.loc[~in_session, "_row"])
    else:
        log.add_rows(ROW_SKIPPED, "the same scan again in the same session: merged into the first", file=file,
                     rows=later.loc[in_session, "_row"])
        log.add_rows(ROW_SKIPPED, "the same scan again: merged into the first", file=file,
                     rows=later.loc[~in_session, "_row"])
    first = order[~repeat]
    elsewhere = int(first.duplicated(["attendee_id", "contact_id"]).sum())
    if elsewhere:
        what = "meeting(s) of a requester with an invitee met" if meeting else "scan(s) of a pair scanned"
        log.note(f"{elsewhere} {what} again in another session: kept as a contact of that session too (a person in "
                 "several sessions has a row per session in the outcomes, each counting the contacts made there)",
                 file=file, count=elsewhere)
    said = order.dropna(subset=["interest"]).groupby(pair, dropna=False)["interest"].agg(
        lambda v: "yes" if (v == "yes").any() else "no")
    first = first.drop(columns=["interest", "_t"]).merge(said.rename("interest").reset_index(), on=pair, how="left")
    return first.sort_values("_row", kind="stable").reset_index(drop=True)


def _folder_tables(contacts: pd.DataFrame, event: str, out: Path, settings: Settings, listed: pd.Series | None,
                   log: ImportLog, session_format: str | None, channel: str = "badge_scan", *,
                   overwrite: bool, file: str = "", meeting: bool = False, people=None,
                   earlier: pd.DataFrame | None = None) -> dict:
    """``contacts`` with each contact's session, repeats merged; attendees and one session where the folder has none.

    ``listed``: the event's attendees already in the folder (None: none, the
    people scanned become the attendees). ``session_format``: the one format
    the whole event ran, if said; a folder whose sessions say otherwise is
    refused unless ``overwrite``. Repeats are merged within a session once
    each contact's session is known (:func:`_merge_repeats`). ``people``: reads the ids of the
    folder's participation as attendee ids (:func:`_as_attendees`). ``earlier``: the folder's contacts, to
    which these are added (:func:`_added_to`).
    """
    options = settings.section("scans")
    tables = {}
    participation = existing_table(out, "participation")
    sessions = existing_table(out, "sessions")
    session_id = pd.Series(pd.NA, index=contacts.index, dtype="string")
    if listed is None and earlier is not None:
        # scans alone, added to: this export's people join the attendees in the session the first export made
        before = existing_table(out, "attendees")
        before = _of_event(before, event)["attendee_id"] if before is not None else pd.Series(dtype="string")
        ours = _of_event(sessions, event) if sessions is not None else None
        one = ours is not None and len(ours) == 1 and "format" in ours.columns
        sid = str(ours["session_id"].iloc[0]).strip() if one else options["session"]
        fmt = str(ours["format"].iloc[0]).strip().lower() if one else session_format or "unstructured"
        mentioned = pd.concat([before, earlier["attendee_id"], earlier["contact_id"], contacts["attendee_id"],
                               contacts["contact_id"]]).astype("string").str.strip()
        people = pd.unique(mentioned.replace("", pd.NA).dropna())
        tables["attendees"] = contract_frame("attendees", {"event_id": event, "attendee_id": people})
        tables.update(one_format_session(event, people, session_format=fmt, session_id=sid))
        session_id[:] = sid
        log.note(f"{_SCANNED_ARE_ATTENDEES}{len(people) - len(set(before))} people first scanned in this export "
                 f"join the {len(set(before))} attendees of the earlier scans, all in the {fmt} session {sid!r}")
    elif listed is None:
        fmt = session_format or "unstructured"
        people = pd.unique(pd.concat([contacts["attendee_id"], contacts["contact_id"]]).dropna())
        tables["attendees"] = contract_frame("attendees", {"event_id": event, "attendee_id": people})
        tables.update(one_format_session(event, people, session_format=fmt, session_id=options["session"]))
        session_id[:] = options["session"]
        log.note(f"{_SCANNED_ARE_ATTENDEES}the {len(people)} people scanned are the attendees, all in one "
                 f"{fmt} session {options['session']!r} (import the registrations first for more)")
    elif session_format is not None and (sessions is None or overwrite or
                                         not _holds_one_session(sessions, event, session_format)):
        if sessions is not None and not overwrite:
            raise UsageError(_sessions_clash(sessions, event, session_format, out))
        tables.update(one_format_session(event, listed, session_format=session_format, session_id=options["session"]))
        session_id[:] = options["session"]
        log.note(f"the whole event ran one {session_format} session {options['session']!r} (assignment scheduled): "
                 f"the {tables['participation'].shape[0]} attendee(s) of the folder take part in it, and every "
                 "contact is placed in it")
    elif sessions is None:
        log.note("the folder has no sessions, so the contacts have none: if the whole event ran one format, import "
                 "again with --format structured (or unstructured) and --force, or import the registrations with "
                 "--format")
    placing = listed is not None and "participation" not in tables and sessions is not None
    if placing:
        people = people or (lambda ids: ids.str.strip())   # without a key file: the ids as they are
        session_id, unplaced = _place_in_sessions(contacts, sessions, participation, event, settings, people,
                                                  log)
        contacts = contacts.assign(_unplaced=unplaced)
    contacts = _merge_repeats(contacts.assign(session_id=session_id), log, file, meeting=meeting)
    if placing:
        _say_placed(contacts, log, file)
    held = None
    if earlier is not None:
        contacts, held = _added_to(earlier, contacts, event, log, file)
    tables["contacts"] = contract_frame("contacts", {
        "event_id": event, "attendee_id": contacts["attendee_id"].to_numpy(),
        "contact_id": contacts["contact_id"].to_numpy(), "timestamp": contacts["timestamp"].to_numpy(),
        "channel": channel, "session_id": contacts["session_id"].to_numpy(),
        "interest": contacts["interest"].to_numpy()})
    if held is not None:
        tables["contacts"] = pd.concat([held, tables["contacts"]], ignore_index=True)
    return tables


def _added_to(earlier: pd.DataFrame, contacts: pd.DataFrame, event: str, log: ImportLog,
              file: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The contacts of this export that the folder's do not hold yet, and the folder's with those it does merged in.

    A contact is held already where the folder has the same two people the same way round in the same session
    (no session: the event's contacts without one), the key by which :func:`_merge_repeats` merges a repeat
    within one export: so adding exports one by one gives the contacts one combined export would. The
    contact there keeps the earlier of the two times and interest where either says yes (else no, where
    either says it). A pair met the other way round is kept: it is the other person's own interest.

    Example
    -------
    >>> earlier = pd.DataFrame({"event_id": ["e"], "attendee_id": ["A"], "contact_id": ["B"],
    ...                         "timestamp": ["2025-05-14T18:50:00Z"], "session_id": ["s"], "interest": [None]})
    >>> new = pd.DataFrame({"attendee_id": ["A", "B"], "contact_id": ["B", "A"], "session_id": ["s", "s"],
    ...                     "timestamp": ["2025-05-14T18:40:00Z", "2025-05-14T18:41:00Z"],
    ...                     "interest": ["yes", None], "_row": [2, 3]})
    >>> kept, held = _added_to(earlier, new, "e", ImportLog(), "cards.csv")
    >>> kept["attendee_id"].tolist(), held[["timestamp", "interest"]].values.tolist()
    (['B'], [['2025-05-14T18:40:00Z', 'yes']])
    """
    old = earlier.copy()
    for column in ("timestamp", "session_id", "interest"):
        if column not in old.columns:
            old[column] = pd.Series(pd.NA, index=old.index, dtype="string")
    ours = (old["event_id"].str.strip().eq(event).fillna(False) if "event_id" in old.columns
            else pd.Series(True, index=old.index))

    def key(frame: pd.DataFrame) -> pd.Series:
        parts = [frame[c].astype("string").str.strip().fillna("") for c in ("attendee_id", "contact_id", "session_id")]
        return parts[0] + "\x1f" + parts[1] + "\x1f" + parts[2]

    held = pd.Series(old.index[ours], index=key(old[ours]).to_numpy())
    held = held[~held.index.duplicated()]
    new_key = key(contacts)
    there = new_key.isin(held.index).to_numpy()
    for i, at in zip(np.flatnonzero(there), new_key[there].map(held)):
        mine, theirs = contacts.iloc[i], old.loc[at]
        t_new, t_old = (pd.to_datetime(pd.Series([mine["timestamp"], theirs["timestamp"]]), utc=True, errors="coerce",
                                       format="ISO8601"))
        if pd.notna(t_new) and (pd.isna(t_old) or t_new < t_old):
            old.loc[at, "timestamp"] = mine["timestamp"]
        said = {str(v).strip().lower() for v in (mine["interest"], theirs["interest"])
                if pd.notna(v) and str(v).strip()}
        if said:
            old.loc[at, "interest"] = "yes" if "yes" in said else "no"
    log.add_rows(ROW_SKIPPED, "the same contact is already in contacts.csv from an earlier export (the same two "
                 "people, the same way round, in the same session): merged into it", file=file,
                 rows=contacts.loc[there, "_row"])
    kept = contacts[~there]
    log.note(f"added to the {len(old)} contact(s) already in contacts.csv: {len(kept)} new, {int(there.sum())} "
             f"already there (merged into them); contacts.csv now holds {len(old) + len(kept)}", file=file,
             count=len(kept))
    return kept, old


def _holds_one_session(sessions: pd.DataFrame, event: str, session_format: str) -> bool:
    """Whether the folder's sessions of the event are one session of that format (as ``--format`` would write)."""
    if not {"session_id", "format"} <= set(sessions.columns):
        return False
    ours = _of_event(sessions, event)
    return len(ours) == 1 and str(ours["format"].iloc[0]).strip().lower() == session_format


def _sessions_clash(sessions: pd.DataFrame, event: str, session_format: str, out: Path) -> str:
    ours = _of_event(sessions, event)
    formats = sorted(set(ours["format"].dropna().astype(str))) if "format" in ours.columns else []
    return (f"{out} already has sessions ({len(ours)} for this event: {', '.join(formats) or 'no format'}), and "
            f"--format (or [scans] format) says the whole event ran one {session_format} session. Leave the format "
            "out to place the contacts in the folder's sessions, or pass --force to replace its sessions and "
            "participation with the one session.")


def _of_event(frame: pd.DataFrame, event: str) -> pd.DataFrame:
    """The rows of ``event``; all rows of a table without ``event_id`` (an event folder's own table, whose rows
    the loader gives the folder's name: the docs allow leaving the column out there).

    Example
    -------
    >>> _of_event(pd.DataFrame({"session_id": ["s1"]}, dtype="string"), "e1")["session_id"].tolist()
    ['s1']
    """
    if "event_id" not in frame.columns:
        return frame
    return frame[frame["event_id"].str.strip().eq(event).fillna(False)]


def _as_attendees(ids: pd.Series, keys: pd.DataFrame, secret, on_list: set | None) -> pd.Series:
    """Participation's ids as the folder's attendee ids: an id on the list as it is, an email, badge number or
    name through the key file (as the registrations import and the loader make them: a hand-made table may name
    people by their email)."""
    text = ids.astype("string").str.strip().replace("", pd.NA)
    found = find_people(text, keys, secret, "any").replace("?ambiguous", pd.NA)
    return text.where(text.isin(on_list or set()).fillna(False), found)


def _folder_participation(participation: pd.DataFrame | None, event: str, settings: Settings,
                          people) -> tuple[pd.DataFrame | None, str]:
    """The event's participation (``session_id``, ``attendee_id`` as attendee ids), read through the folder's
    ``[columns.participation]`` as the loader reads it; or None and why it names nobody, with what to add."""
    if participation is None:
        return None, ("the folder has no participation table (participation.csv: who was in which session), so no "
                      "contact is placed by the people in it")
    file = _file_of(participation, "participation")
    mapped = {str(k).strip().lower(): str(v).strip().lower()
              for k, v in settings.columns.get("participation", {}).items()}
    part = participation.rename(columns=lambda c: mapped.get(c, c))
    part = part.loc[:, ~part.columns.duplicated()]
    missing = [c for c in ("session_id", "attendee_id") if c not in part.columns]
    if missing:
        return None, (f"{file} has no {' and no '.join(missing)} column (its columns: "
                      f"{', '.join(map(repr, _headers_of(participation)))}), so no contact is placed by the people "
                      "in it: "
                      "name the column under [columns.participation] in the folder's netout.toml (e.g. "
                      "\"E-mail\" = \"attendee_id\") and import again with --force")
    part = _of_event(part, event)
    return pd.DataFrame({"session_id": part["session_id"].str.strip(),
                         "attendee_id": people(part["attendee_id"])}).dropna(), ""


def _file_of(table: pd.DataFrame | None, name: str) -> str:
    """The folder's file of a table as it is named (``participation.xlsx``), else ``name.csv``."""
    return str(table.attrs.get("file", f"{name}.csv")) if table is not None else f"{name}.csv"


def _headers_of(table: pd.DataFrame) -> list[str]:
    """A folder table's headers as its file writes them (``E-mailadres``), not as compared (lower case)."""
    headers = table.attrs.get("headers")
    return list(headers) if headers is not None and len(headers) == table.shape[1] else list(map(str, table.columns))


def _header_of(table: pd.DataFrame, column: str) -> str:
    """One column's header as the file writes it."""
    return dict(zip(map(str, table.columns), _headers_of(table))).get(str(column), str(column))


def _session_windows(sessions: pd.DataFrame, event: str, settings: Settings, log: ImportLog) -> tuple[
        pd.DataFrame, str]:
    """The event's sessions with a [start, end) window (UTC), earliest first; and, where none has one, why.

    Local times are read in the folder's ``time_zone``; their date order is ``day_first``, else what the
    values show (dots are day first), as the loader reads them. A time that cannot be read is said by its row.
    """
    empty = pd.DataFrame({"session_id": pd.Series(dtype="string"), "start": pd.Series(dtype="datetime64[ns, UTC]"),
                          "end": pd.Series(dtype="datetime64[ns, UTC]")})
    ours = _of_event(sessions, event)
    file = _file_of(sessions, "sessions")
    if not {"session_id", "start", "end"} <= set(ours.columns):
        return empty, (f"{file} has no start and end columns, so no contact is placed by its time: add them "
                       "(e.g. 2026-03-12 10:30, in the event's time zone)")
    day_first = settings.day_first
    if day_first is None:
        day_first = parsing.infer_day_first(pd.concat([ours["start"], ours["end"]]))
    read = {}
    for column in ("start", "end"):
        text = ours[column].str.strip().replace("", pd.NA)
        read[column], bad = parsing.read_local_timestamp(text, time_zone=settings.time_zone, day_first=day_first)
        bad = (bad & text.notna()).to_numpy()
        if bad.any():
            rows = ", ".join(str(i + 2) for i in ours.index[bad])
            log.note(f"{file} row {rows}, column {_header_of(sessions, column)!r}: not a date and time that can "
                     "be read (e.g. 2026-03-12 10:30; set day_first in the map for 12/03/2026); no contact is placed "
                     "by time in that session", file=file, column=_header_of(sessions, column),
                     count=int(bad.sum()))
    windows = pd.DataFrame({"session_id": ours["session_id"].str.strip().to_numpy(),
                            "start": read["start"].to_numpy(), "end": read["end"].to_numpy()}).dropna()
    if windows.empty:
        return windows, (f"no session of {file} has a start and end that can be read, so no contact is placed "
                         "by its time")
    return windows.sort_values(["start", "session_id"], kind="stable"), ""


def _place_in_sessions(contacts: pd.DataFrame, sessions: pd.DataFrame, participation: pd.DataFrame | None,
                       event: str, settings: Settings, people, log: ImportLog) -> tuple[pd.Series, pd.Series]:
    """Each contact's session, and for a contact without one why not (in the words of the summary).

    A contact takes the session both people were in where each was in that one only (their whole
    evening); else the session whose [start, end) window holds its time: one of the two people's sessions
    first, else the earliest. This is the rule the outcomes place contacts by (docs/outcomes.md). Where
    participation names nobody or the sessions have no times, the reason says what to add; never silent.
    """
    session_id = pd.Series(pd.NA, index=contacts.index, dtype="string")
    reason = pd.Series(None, index=contacts.index, dtype="object")
    part, no_part = _folder_participation(participation, event, settings, people)
    windows, no_windows = _session_windows(sessions, event, settings, log)
    if no_part:
        log.note(no_part, file=_file_of(participation, "participation"))
    a_id, b_id = contacts["attendee_id"], contacts["contact_id"]
    members: dict = {}
    if part is not None:
        pairs = part.drop_duplicates(["attendee_id", "session_id"])
        one = pairs.drop_duplicates("attendee_id", keep=False).set_index("attendee_id")["session_id"]
        a, b = a_id.map(one), b_id.map(one)
        session_id = a.where(a.eq(b)).astype("string")
        members = pairs.groupby("session_id")["attendee_id"].agg(set).to_dict()
    at, _ = parsing.read_timestamp(contacts["timestamp"])
    at = pd.Series(at.to_numpy(), index=contacts.index)
    by_time = pd.Series(pd.NA, index=contacts.index, dtype="string")
    for theirs in (True, False):   # a session of one of the two people first, then any whose window holds it
        for sid, lo, hi in windows.itertuples(index=False):
            inside = ((at >= lo) & (at < hi)).fillna(False) & by_time.isna()
            if theirs:
                inside &= (a_id.isin(members.get(sid, ())) | b_id.isin(members.get(sid, ()))).fillna(False)
            by_time[inside] = sid
    session_id = session_id.fillna(by_time)
    none = session_id.isna()
    if no_windows and none.any():  # where every contact has its session by who was in it, times are not needed
        log.note(no_windows, file=_file_of(sessions, "sessions"))
    if windows.empty:
        reason[none] = f"not placed by time (see the note on {_file_of(sessions, 'sessions')})"
    else:
        reason[none & at.isna()] = "without a time"
        reason[none & at.notna()] = ("at a time outside every session's start and end (a lunch meeting, or one "
                                     "before or after the sessions?)")
    return session_id, reason


def _say_placed(contacts: pd.DataFrame, log: ImportLog, file: str) -> None:
    """How many contacts have a session, and why the others have none (never passed over in silence)."""
    n = len(contacts)
    if not n:
        return
    placed = int(contacts["session_id"].notna().sum())
    why = contacts.loc[contacts["session_id"].isna(), "_unplaced"].value_counts(sort=False)
    told = "; ".join(f"{int(k)} {reason}" for reason, k in why.items())
    log.note(f"{placed} of {n} contact(s) placed in a session (both people in it, or its time inside the session's "
             "start and end)" + (f"; the others have none: {told}" if told else ""), file=file, count=placed)

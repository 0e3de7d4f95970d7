"""Operational outputs with names, made on purpose: group rosters and the follow-up list for the organiser.

Everything else the toolkit writes carries pseudonyms only (``docs/privacy.md``).
An organiser running the next event, though, must know who sits in group G003
and whom to introduce to whom; these two outputs may show names and emails,
under three conditions:

- only when asked for (``--with-names`` on the command line, ``names=`` here);
- the names and emails come from the organiser's own registration file at
  output time (:class:`NameBook`), matched on the pseudonym, and are never
  stored in an analysis table;
- the file says on its first line that it holds personal data
  (:data:`PERSONAL_DATA_NOTICE`), so it is not mistaken for a shareable table.

The follow-up list itself (:func:`follow_up_list`) is pseudonymous: who asked,
in the contact log, for an extended conversation with whom (``interest``), whether
the wish was mutual and whether a follow-up was already recorded.

Example
-------
>>> import pandas as pd
>>> book = NameBook.from_registrations(b"Email,Full Name\\nann@example.org,Ann Lee\\n", name="reg.csv", secret="k")
>>> named = book.attach(pd.DataFrame({"attendee_id": book.people.index}))
>>> named.columns.tolist(), named.loc[0, "name"]
(['attendee_id', 'name', 'email'], 'Ann Lee')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from toolkit.errors import UsageError
from toolkit.io.files import first_table_file, neutralise_formulas
from toolkit.io.parsing import read_id
from toolkit.privacy import load_secret, pseudonymise
from toolkit.settings import Settings

__all__ = ["NameBook", "PERSONAL_DATA_NOTICE", "follow_up_list", "names_for_folder", "names_in_archive",
           "why_no_wishes", "write_with_names"]

#: The first line of every file with names: what it holds and how to treat it.
PERSONAL_DATA_NOTICE = ("# PERSONAL DATA: names and emails of attendees, for the organiser's own use; do not share "
                        "or publish, and delete it when the event is over")


@dataclass(frozen=True)
class NameBook:
    """Names and emails by pseudonym, read from the organiser's registration file when an output needs them.

    ``people`` is indexed by the pseudonym the loader gives each person, with
    ``name`` and ``email`` columns (missing where the file has none).

    Example
    -------
    >>> book = NameBook.from_registrations(b"attendee_id,First Name,Last Name\\nM1,Ann,Lee\\n", name="r.csv",
    ...                                    secret="k")
    >>> book.people["name"].tolist()
    ['Ann Lee']
    """

    people: pd.DataFrame

    @classmethod
    def from_registrations(cls, source: str | Path | bytes, *, name: str | None = None,
                           secret: str | bytes | None = None, organisation: str | None = None,
                           keep_plain_ids: bool = False, column_map: str | Path | None = None,
                           header_row: int | None = None, sheet: str | int | None = None,
                           require_names: bool = False) -> "NameBook":
        """Read names and emails from a registration file, a folder's ``registrations.*``/``attendees.*``, or bytes.

        The file is read as the registrations import reads an attendee report
        (:func:`toolkit.io.importers.registrations.read_attendee_report`): a
        title above the header is left out (or ``header_row`` says where the
        header is; ``sheet`` which worksheet of a workbook), names come from first and last name columns or one name
        column (never from a badge number or an id), and ``column_map`` (a
        ``--map`` file) names columns called something else. Ids are
        pseudonymised exactly as the import and the loader do it (same key, the
        folder's organisation), so they match the ids of every other output.
        ``require_names``: a file without name columns is refused, naming the
        headers looked for, rather than giving empty names.
        """
        from toolkit.io.importers.registrations import read_settings_map

        files = _registration_files(source) if not isinstance(source, (bytes, bytearray)) else [(source, name)]
        if not isinstance(source, (bytes, bytearray)) and Path(source).is_dir():
            settings = Settings.read(source)
            organisation = organisation or settings.privacy.organisation
            keep_plain_ids = keep_plain_ids or settings.privacy.keep_plain_ids
        key = load_secret(secret, organisation=organisation)
        mapping = read_settings_map(column_map)
        parts = [_names_of(file, label or Path(str(file)).name, key, keep_plain_ids, mapping, header_row, sheet,
                           require_names) for file, label in files]
        people = pd.concat(parts) if parts else pd.DataFrame(columns=["name", "email"])
        people = people[~people.index.duplicated(keep="first")]
        return cls(people)

    @classmethod
    def merged(cls, books: list["NameBook"]) -> "NameBook":
        """One book of several (a season's registration files): a person in several takes the first one's entry.

        The same person has the same pseudonym in every event's file (their email, read with the same key),
        so no file has to be tied to an event: each person is looked up in all of them.

        Example
        -------
        >>> autumn = NameBook(pd.DataFrame({"name": ["Ann Lee"], "email": ["ann@x.org"]},
        ...                                index=pd.Index(["p_a"], name="attendee_id")))
        >>> winter = NameBook(pd.DataFrame({"name": ["Ann Lee-Smith", "Bo Chen"], "email": ["ann@x.org", "bo@x.org"]},
        ...                                index=pd.Index(["p_a", "p_b"], name="attendee_id")))
        >>> NameBook.merged([autumn, winter]).people["name"].tolist()
        ['Ann Lee', 'Bo Chen']
        """
        people = pd.concat([book.people for book in books]) if books else pd.DataFrame(columns=["name", "email"])
        return cls(people[~people.index.duplicated(keep="first")])

    def attach(self, frame: pd.DataFrame, *, id_column: str = "attendee_id", prefix: str = "") -> pd.DataFrame:
        """``frame`` with ``name`` and ``email`` (with ``prefix``) beside ``id_column``."""
        looked_up = self.people.reindex(frame[id_column].astype("string").to_numpy())
        out = frame.copy()
        position = list(out.columns).index(id_column) + 1
        for offset, column in enumerate(("name", "email")):
            out.insert(position + offset, prefix + column, looked_up[column].to_numpy())
        return out


def _registration_files(source: str | Path) -> list[tuple[Path, str | None]]:
    path = Path(source)
    if not path.exists():
        raise UsageError(f"{path}: no such registration file or folder")
    if path.is_file():
        return [(path, None)]
    found = []
    for folder in [path] + sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        file = first_table_file(folder, "registrations") or first_table_file(folder, "attendees")
        if file is not None:
            found.append((file, file.relative_to(path).as_posix()))
    if not found:
        raise UsageError(f"{path}: holds no registrations or attendees file to take names from")
    return found



def _names_of(source: Path | bytes, label: str, key: bytes, keep_plain_ids: bool, mapping: Settings,
              header_row: int | None, sheet: str | int | None, require_names: bool) -> pd.DataFrame:
    """Name and email by pseudonym from one attendee report, read as the registrations import reads it."""
    from toolkit.io.importers.registrations import (
        attendee_column_map,
        attendee_ids,
        attendee_names,
        find_roles,
        name_headers,
        read_attendee_report,
    )
    from toolkit.io.importers.survey import form_layout

    frame, _ = read_attendee_report(source, settings=mapping, header_row=header_row, sheet=sheet, name=label)
    # a registration form made with SurveyMonkey: its second header row is part of the header, as the import reads it
    frame, _, _ = form_layout(frame)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.reset_index(drop=True).astype("string")
    roles = find_roles(frame.columns, attendee_column_map(mapping))
    name = attendee_names(frame, roles)
    if name is None and require_names:
        raise UsageError(f"names: {label} has no name columns; looked for {name_headers()}. Where the names are "
                         "under other headers, say which with --map MAP.toml ([columns.attendees] \"Delegate\" = "
                         "\"name\", or = \"first_name\" and = \"last_name\"); where a title is above the header, "
                         "give its row with --header-row N; where they are on another worksheet, name it with "
                         "--sheet NAME; or give the ticketing export that has the names with "
                         "--names FILE. Its columns are: " + ", ".join(map(str, frame.columns[:30])))
    ids = attendee_ids(frame, roles, file=label, secret=key)
    # the loader hashes every person id of a folder the same way: this makes the ids meet
    ids = read_id(ids, transform=lambda u: pseudonymise(u, secret=key, all_values=not keep_plain_ids))
    email = frame[roles["email"]] if "email" in roles else pd.NA
    people = pd.DataFrame({"name": name if name is not None else pd.NA, "email": email}, index=frame.index)
    people.index = pd.Index(ids.to_numpy(), dtype="string", name="attendee_id")
    return people[people.index.notna()]


def write_with_names(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table with names: :data:`PERSONAL_DATA_NOTICE` on the first line, then the CSV (formulas neutralised).

    Example
    -------
    >>> import tempfile, pathlib
    >>> path = write_with_names(pd.DataFrame({"name": ["Ann Lee"]}), pathlib.Path(tempfile.mkdtemp()) / "r.csv")
    >>> path.read_text(encoding="utf-8").splitlines()[0].startswith("# PERSONAL DATA")
    True
    """
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(_with_notice(frame))
    if hasattr(path, "chmod"):
        path.chmod(0o600)  # the organiser's own file: not readable by other users of the machine
    return path


def names_in_archive(archive: bytes, book: NameBook) -> bytes:
    """A zip of tables (a plan's download) again, with names and emails beside every ``attendee_id``.

    Each member ``x.csv`` becomes ``x_WITH_NAMES.csv``, opening with
    :data:`PERSONAL_DATA_NOTICE`; a member without ``attendee_id`` is copied
    with the notice too. People the book does not know keep their pseudonym
    with empty name and email.

    Example
    -------
    >>> import io, zipfile
    >>> book = NameBook.from_registrations(b"Email,Full Name\\nann@example.org,Ann Lee\\n", name="r.csv", secret="k")
    >>> plain = io.BytesIO()
    >>> with zipfile.ZipFile(plain, "w") as z:
    ...     z.writestr("rosters.csv", "group_id,attendee_id\\nG1," + book.people.index[0] + "\\n")
    >>> named = zipfile.ZipFile(io.BytesIO(names_in_archive(plain.getvalue(), book)))
    >>> named.namelist(), named.read("rosters_WITH_NAMES.csv").decode().splitlines()[1:]
    (['rosters_WITH_NAMES.csv'], ['group_id,attendee_id,name,email', 'G1,p_...,Ann Lee,ann@example.org'])
    """
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as plain, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as named:
        for member in plain.namelist():
            frame = pd.read_csv(io.BytesIO(plain.read(member)), dtype="string", keep_default_na=False)
            if "attendee_id" in frame.columns:
                frame = book.attach(frame)
            named.writestr(member.replace(".csv", "_WITH_NAMES.csv"), _with_notice(frame).encode("utf-8"))
    return out.getvalue()


def _with_notice(frame: pd.DataFrame) -> str:
    return PERSONAL_DATA_NOTICE + "\n" + neutralise_formulas(frame).to_csv(index=False)


def follow_up_list(data, *, event: str | None = None) -> pd.DataFrame:
    """Who asked to meet whom again: contact rows with ``interest`` = yes, one row per pair and direction.

    Parameters
    ----------
    data : EventData
        A loaded folder (:func:`toolkit.load_event_data`).
    event : str, optional
        One event only (default: every event).

    Returns
    -------
    DataFrame
        ``event_id``, ``attendee_id`` (who asked), ``contact_id`` (whom),
        ``mutual`` (both asked), ``followed_up`` (a follow-up from the asker to
        the contact is already recorded), sorted by event and asker. Pseudonyms
        only: attach names with :class:`NameBook` where the organiser asks for them.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="k")
    >>> wishes = follow_up_list(data)
    >>> wishes.columns.tolist()
    ['event_id', 'attendee_id', 'contact_id', 'mutual', 'followed_up']
    """
    contacts = data.contacts
    if event is not None:
        if event not in set(contacts["event_id"].dropna()) | set(data.attendees["event_id"].dropna()):
            raise UsageError(f"--event {event!r}: no such event; the events are {', '.join(data.event_ids)}")
        contacts = contacts[contacts["event_id"] == event]
    wanted = contacts[contacts["interest"].fillna(False).astype(bool)]
    pairs = wanted[["event_id", "attendee_id", "contact_id"]].drop_duplicates().reset_index(drop=True)
    reverse = set(zip(pairs["event_id"], pairs["contact_id"], pairs["attendee_id"]))
    pairs["mutual"] = [(e, a, c) in reverse for e, a, c in zip(pairs["event_id"], pairs["attendee_id"],
                                                                  pairs["contact_id"])]
    sent = set(zip(data.followups["attendee_id"], data.followups["contact_id"]))
    pairs["followed_up"] = [(a, c) in sent for a, c in zip(pairs["attendee_id"], pairs["contact_id"])]
    return pairs.sort_values(["event_id", "attendee_id", "contact_id"], kind="stable").reset_index(drop=True)


def why_no_wishes(data, *, event: str | None = None) -> str:
    """Why a folder's follow-up list is empty, in a sentence that says what to add (counts only).

    The list is made of the contacts with ``interest`` = yes: a folder without contacts, contacts that record no
    interest (a scan export without a rating column, or with one the import did not read; or proximity sensors,
    which never record one) and interests that are all no each give an empty list, for different reasons and
    with different cures.

    Example
    -------
    >>> from types import SimpleNamespace
    >>> scans = pd.DataFrame({"event_id": ["e1"], "attendee_id": ["p_a"], "contact_id": ["p_b"], "interest": [pd.NA]})
    >>> why_no_wishes(SimpleNamespace(contacts=scans))[:61]
    'no follow-up wish: none of the 1 contacts records an interest'
    """
    contacts = data.contacts
    where = "the folder"
    if event is not None:
        contacts = contacts[contacts["event_id"] == event]
        where = f"the event {event!r}"
    if contacts.empty:
        return (f"no follow-up wish: {where} has no contacts. The list is made of the contacts whose interest is yes "
                "(would like to meet the person again): import the badge or lead scans with netout import scans, "
                "with their rating column")
    interest = contacts["interest"] if "interest" in contacts.columns else pd.Series(pd.NA, index=contacts.index)
    said = interest.dropna()
    if said.empty and _sensed_only(contacts):
        return (f"no follow-up wish: the {len(contacts)} contacts of {where} were recorded by proximity sensors (who "
                "was near whom), and a sensor records no interest (whether the person would like to meet the "
                "contact again), so there is no wish to list. The list needs contacts that say so: import the "
                "event's badge or lead scans with their rating column (netout import scans), or add exchanges "
                "with an interest column (yes/no) to contacts.csv")
    if said.empty:
        return (f"no follow-up wish: none of the {len(contacts)} contacts records an interest (whether the person "
                "would like to meet the contact again), so no wish was recorded. The scan export had no rating "
                "column, or the import did not read it: where it has one (Rating, Lead score, Temperature ...), name "
                "it as the rating under [columns.contacts] in the map (\"Lead score\" = \"rating\"), say what its "
                "words mean under [scans.interest] (\"A-lead\" = \"yes\"), and import the scans again with --force; "
                "or add an interest column (yes/no) to contacts.csv")
    return (f"no follow-up wish: every one of the {len(said)} interests recorded is a no. If some ratings meant "
            "yes, say so under [scans.interest] in the map (\"Warm\" = \"yes\") and import the scans again with "
            "--force")


def _sensed_only(contacts: pd.DataFrame) -> bool:
    """Every contact row is a proximity sensor's (a channel of :data:`toolkit.events.UNDIRECTED_CHANNELS`)."""
    from toolkit.events import UNDIRECTED_CHANNELS

    if "channel" not in contacts.columns:
        return False
    # read as the outcome engine reads the channel: trimmed, any case
    return bool(contacts["channel"].astype("string").str.strip().str.lower().isin(UNDIRECTED_CHANNELS).all())


def names_for_folder(folder: str | Path, *, secret: str | bytes | None = None) -> NameBook:
    """The names of a loaded folder's people, from its own attendees (or registrations) files.

    Example
    -------
    >>> import toolkit
    >>> book = names_for_folder(toolkit.datasets.example_folder(), secret="k")
    >>> len(book.people) > 0
    True
    """
    if not Path(folder).is_dir():
        raise UsageError(f"{folder}: no such folder")
    return NameBook.from_registrations(folder, secret=secret)

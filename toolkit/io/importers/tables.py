"""Table plans and seating lists: who sat at which table, as the participation's ``group_id``.

A facilitator writes the plan of a structured session the way people read it: a table number beside
each person's name (``Table | Nom | Prénom | Société``), or one column per table with the names
below. This import finds each person among the event's registered attendees (through the keys the
registrations import wrote, :func:`~toolkit.io.importers._common.find_people`, as the scans and the
survey imports find people: by email, ticket number or name, case and accents folded) and writes
their table as ``group_id`` on their participation row of the session.

Rows that name nobody registered, or a name two registered people share, or a person already seated
at another table, are set aside and reported by their row, never with the name.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "reg.csv").write_text("First Name,Last Name,Email\\nAnn,Lee,ann@x.org\\nBo,Chen,bo@x.org\\n")
>>> _ = import_export("registrations", [work / "reg.csv"], out=work / "ev", session_format="structured",
...                   secret="k" * 16)
>>> _ = (work / "plan.csv").write_text("Table,Name\\n1,ann lee\\n1,Bo Chen\\n2,Cy Dale\\n")
>>> result = import_export("tables", [work / "plan.csv"], out=work / "ev", secret="k" * 16)
>>> result.tables["participation"]["group_id"].tolist(), result.rows_skipped
(['1', '1'], 1)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from toolkit import privacy
from toolkit.errors import UsageError
from toolkit.io.importers._common import (
    NOTE,
    ROW_SKIPPED,
    ImportLog,
    existing_file,
    existing_table,
    finish,
    find_people,
    fold_header,
    prepare_out,
    read_export_table,
    read_keys,
    resolve_event_id,
    tidy_export,
)
from toolkit.io.importers.registrations import attendee_column_map, attendee_names, find_roles, read_settings_map
from toolkit.settings import Settings

__all__ = ["import_tables", "TABLE_HEADERS"]

#: Headers of the column that gives each person's table or group (compared without case, accents or ``_``).
TABLE_HEADERS: tuple[str, ...] = (
    "table", "table number", "table no", "table n°", "n° table", "n° de table", "numero de table", "no table",
    "tisch", "tischnummer", "tisch nr", "mesa", "numero de mesa", "n.º de mesa", "tafel", "tafelnummer",
    "group", "group id", "group_id", "groupe", "gruppe", "groep", "grupo",
)

# a header that is one table of a plan written one column per table: "Table 1", "Table A", "Tisch 3", "T4", "12",
# "B"; never a short word without a table word before it ("Roux", "ACME": a row of names read as a header)
_TABLE_COLUMN = re.compile(r"^(?:(?:table|tisch|mesa|tafel|groupe?|gruppe|groep|grupo)\s*(?:n°|no\.?|nr\.?|#)?\s*"
                           r"[0-9a-z]{1,4}|t\s*\d{1,3}|\d{1,3}|[a-z])$")
_PERSON_ROLES = ("email", "ticket", "attendee_id", "name", "first_name", "last_name")


_TABLE_KEYS = {fold_header(h) for h in TABLE_HEADERS}


def _table_column(columns, given: str | None):
    """The column that gives the table: ``--table-column``, else a usual header; None where there is none."""
    by_norm = {fold_header(c): c for c in columns}
    if given is not None:
        if fold_header(given) not in by_norm:
            raise UsageError(f"--table-column {given!r} is not a column of the plan; its columns are: "
                             + ", ".join(map(str, list(columns)[:30])))
        return by_norm[fold_header(given)]
    return next((c for c in columns if fold_header(c) in _TABLE_KEYS), None)


def _wide_columns(columns) -> list:
    """The columns of a plan written one column per table (at least two headers that each name a table)."""
    found = [c for c in columns if str(c).strip() and _TABLE_COLUMN.match(fold_header(c))
             and not str(c).lower().startswith("unnamed")]
    return found if len(found) >= 2 else []


def _recognised(mapped: dict, given: str | None):
    """Whether a row is the plan's header: a person column beside the table column, or one column per table."""
    def check(names) -> bool:
        names = [str(n) for n in names]
        person = any(r in find_roles(names, mapped) for r in _PERSON_ROLES)
        # --table-column counts in a row that has it (in another, _table_column would refuse it)
        here = given if given is not None and fold_header(given) in {fold_header(n) for n in names} else None
        return (person and _table_column(names, here) is not None) or bool(_wide_columns(names))
    return check


def import_tables(sources, *, out, event_id: str | None = None, column_map=None, sheet=None,
                  header_row: int | None = None, session: str | None = None, table_column: str | None = None,
                  secret=None, overwrite: bool = False):
    """Write each seated person's table as ``group_id`` of their participation in a session of the event.

    Parameters
    ----------
    sources : list of path
        One table plan (CSV or XLSX): a table column beside each person's name (first and last name, or
        one name column), email or ticket number; or one column per table with the people below.
    out : path
        The event folder, made by ``netout import registrations`` (its attendees, sessions,
        participation and ``import_keys.csv`` are read).
    event_id : str, optional
        The event (default as every import: the folder's one event, else the folder's name).
    column_map : path, optional
        A map whose ``[columns.attendees]`` names unusual person columns (``"Convive" = "name"``).
    sheet, header_row
        The worksheet, and the spreadsheet row of the header (default: found below a title).
    session : str, optional
        The session the plan seats (``--session``); needed where the event has several.
    table_column : str, optional
        The column that gives the table, where its header is not a usual one (``--table-column``).
    secret : str or bytes, optional
        The pseudonymisation key the registrations were imported with.
    overwrite : bool
        Replace the tables already written for the session (``--force``).

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "reg.csv").write_text("Prénom,Nom,E-mail\\nHélène,Roux,h@x.fr\\nLéo,Petit,l@x.fr\\n")
    >>> from toolkit.io.importers import import_export
    >>> _ = import_export("registrations", [work / "reg.csv"], out=work / "pdj", session_format="structured",
    ...                   secret="k" * 16)
    >>> _ = (work / "plan.csv").write_text("Table 1,Table 2\\nHELENE ROUX,Léo Petit\\n")
    >>> import_export("tables", [work / "plan.csv"], out=work / "pdj", secret="k" * 16).counts()
    {'participation': 2}
    """
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"tables takes one table plan (got {len(sources)}); import each on its own.")
    path = existing_file(sources[0], "Table plan")
    out_path = Path(out)
    if not out_path.is_dir():
        raise UsageError(f"--out {out}: no such event folder; import the registrations into it first "
                         "(netout import registrations ... --format structured --out DIR/EVENT).")
    settings = Settings.read(out_path).merged(read_settings_map(column_map))
    mapped = attendee_column_map(settings)
    frame, header = read_export_table(path, sheet=sheet, header_row=header_row,
                                      recognised=_recognised(mapped, table_column))
    log = ImportLog()
    frame = tidy_export(frame, log, path.name, header_row=header)
    frame = frame.astype("string")
    seats = _seats(frame, mapped, table_column, path.name, log)

    attendees = existing_table(out_path, "attendees")
    if attendees is None or not {"event_id", "attendee_id"} <= set(attendees.columns):
        raise UsageError(f"{out_path}: no attendees.csv to find the plan's people in; import the registrations "
                         "first (netout import registrations ... --out DIR/EVENT).")
    event = resolve_event_id(event_id, out_path, known=attendees[["event_id", "attendee_id"]])
    on_list = set(attendees.loc[attendees["event_id"] == event, "attendee_id"].dropna())
    keys = read_keys(out_path)
    keys = keys[keys["event_id"] == event] if "event_id" in keys.columns else keys
    chosen = _session(out_path, event, session)

    person = _find(seats, keys, secret, on_list)
    seats = seats.assign(person=person)
    keep = _set_aside(seats, log, path.name)
    participation = _participation(out_path, event, chosen, seats[keep], log, path.name, overwrite=overwrite)
    out_path = prepare_out(out_path, [], overwrite=overwrite)
    for suffix in (".xlsx", ".parquet"):   # the plan's tables are written into participation.csv
        (out_path / f"participation{suffix}").unlink(missing_ok=True)
    return finish("tables", out_path, {"participation": participation}, log, sources=[path])


def _seats(frame: pd.DataFrame, mapped: dict, table_column: str | None, file: str, log: ImportLog) -> pd.DataFrame:
    """One row per person seated: ``row`` (the spreadsheet's), ``table``, ``email``, ``ticket``, ``name``, ``column``
    (and ``attendee_id`` where the plan has such a column)."""
    roles = find_roles([str(c) for c in frame.columns], mapped)
    table = _table_column(frame.columns, table_column)
    people = [r for r in _PERSON_ROLES if r in roles]
    if table is not None and people:
        missing = pd.Series(pd.NA, index=frame.index, dtype="string")
        names = attendee_names(frame, roles)
        seats = pd.DataFrame({
            "row": frame.index.to_numpy(), "table": frame[table].str.strip().replace("", pd.NA).to_numpy(),
            **{role: (frame[roles[role]].str.strip() if role in roles else missing).to_numpy()
               for role in ("email", "ticket", "attendee_id")},
            "name": (names if names is not None else missing).to_numpy(),
        }).astype({"table": "string", "email": "string", "ticket": "string", "attendee_id": "string",
                   "name": "string"})
        seats["name"] = seats["name"].str.strip().replace("", pd.NA)
        seats["column"] = ", ".join(str(roles[r]) for r in people)
        used = {table} | {roles[r] for r in roles}
        others = [c for c in frame.columns if c not in used]
        if others:
            log.note(f"{len(others)} column(s) not read (only the table and the person are): "
                     + ", ".join(f"{c!r}" for c in others[:8]), file=file)
        someone = seats[["email", "ticket", "attendee_id", "name"]].notna().any(axis=1)
        blank = seats["table"].isna() & someone
        log.add_rows(ROW_SKIPPED, "no table given for this person: not seated", file=file, rows=seats.loc[blank, "row"],
                     column=str(table))
        return seats[seats["table"].notna() & someone]
    wide = _wide_columns(frame.columns)
    if not wide:
        raise UsageError(f"{file}: the plan has no table column beside a person column (a name, first and last "
                         "name, email or ticket number), nor one column per table ('Table 1', 'Table 2' ...). "
                         "Name the table column with --table-column, or the person columns under "
                         "[columns.attendees] in a map (\"Convive\" = \"name\"). Its columns are: "
                         + ", ".join(map(str, list(frame.columns)[:30])))
    parts = []
    for column in wide:
        cells = frame[column].str.strip().replace("", pd.NA).dropna()
        if not len(cells):
            continue
        # one column per table: the cell is the person, by email, ticket number or name
        email = cells.where(cells.str.contains("@", regex=False))
        ticket = cells.where(email.isna() & cells.str.contains(r"\d", regex=True) & ~cells.str.contains(" "))
        parts.append(pd.DataFrame({"row": cells.index.to_numpy(), "table": str(column).strip(),
                                   "email": email.to_numpy(), "ticket": ticket.to_numpy(),
                                   "name": cells.where(email.isna() & ticket.isna()).to_numpy(),
                                   "column": str(column)}))
    log.note(f"read as one column per table ({len(wide)} tables: " + ", ".join(f"{c!r}" for c in wide[:8])
             + (" ..." if len(wide) > 8 else "") + ")", file=file)
    if not parts:
        return pd.DataFrame(columns=["row", "table", "email", "ticket", "name", "column"]).astype("string")
    return pd.concat(parts, ignore_index=True).astype({"table": "string", "email": "string", "ticket": "string",
                                                       "name": "string"})


def _find(seats: pd.DataFrame, keys: pd.DataFrame, secret, on_list: set) -> pd.Series:
    """Each seat's registered attendee (``?ambiguous`` for a shared name); missing where nobody registered is found.

    By email, else ticket number, else name, then the name's words the other way round (``ROUX Hélène`` for
    Hélène Roux). :func:`find_people` compares names as :func:`name_key` folds them where the key file has
    folded names (every key file the registrations import writes now); the accent-folded tries below find
    someone only in a key file of an earlier version, whose names are keyed as written.
    """
    found = pd.Series(pd.NA, index=seats.index, dtype="string")

    def look(values: pd.Series, kind: str) -> None:
        asked = found.isna() & values.notna()
        if not asked.any():
            return
        hit = find_people(values[asked], keys, secret, kind)
        hit = hit.where(hit.isin(on_list) | hit.eq("?ambiguous"))
        found.loc[asked] = found.loc[asked].fillna(hit)

    if "attendee_id" in seats.columns:
        # an id column: netout's own ids (a roster the plan was made from), else a member number keyed as an email
        given = seats["attendee_id"]
        found = found.fillna(given.where(given.isin(on_list)))
        look(given, "email")
    look(seats["email"], "email")
    look(seats["ticket"], "badge")
    name = seats["name"].str.split().str.join(" ")
    folded = name.map(privacy.fold_accents, na_action="ignore").astype("string")
    swapped = name.map(lambda n: " ".join(n.split()[1:] + n.split()[:1]), na_action="ignore").astype("string")
    for variant in (name, folded, swapped, swapped.map(privacy.fold_accents, na_action="ignore").astype("string")):
        look(variant, "name")
    return found


def _set_aside(seats: pd.DataFrame, log: ImportLog, file: str) -> pd.Series:
    """Which seats are kept; the others reported by row (never with the name)."""
    unknown = seats["person"].isna()
    shared = seats["person"].eq("?ambiguous").fillna(False)
    column = seats["column"].astype(str)
    for mask, reason in (
            (unknown, "names no registered attendee of this event (a name spelt otherwise than at registration, "
                      "someone who did not come, or a guest not on the list): not seated; write the name as "
                      "registered, or the person's email, and import again with --force"),
            (shared, "the name is shared by two or more registered attendees: not seated; give the person's email "
                     "or ticket number in the plan and import again with --force")):
        for col in pd.unique(column[mask]):
            log.add_rows(ROW_SKIPPED, reason, file=file, rows=seats.loc[mask & column.eq(col), "row"], column=col)
    known = ~unknown & ~shared
    tables = seats[known].groupby("person")["table"].nunique()
    twice = seats["person"].isin(set(tables[tables > 1].index)) & known
    for col in pd.unique(column[twice]):
        log.add_rows(ROW_SKIPPED, "the same attendee is at two tables of the plan: not seated (correct the plan "
                     "and import again with --force)", file=file, rows=seats.loc[twice & column.eq(col), "row"],
                     column=col)
    keep = known & ~twice
    repeat = keep & seats.duplicated(["person"])
    if repeat.any():
        log.note(f"{int(repeat.sum())} row(s) name a person already seated at the same table: counted once",
                 file=file, count=int(repeat.sum()))
    return keep & ~repeat


def _session(out: Path, event: str, given: str | None) -> dict:
    """The session the plan seats: ``--session``, else the event's one session."""
    sessions = existing_table(out, "sessions")
    if sessions is None or not {"event_id", "session_id"} <= set(sessions.columns):
        raise UsageError(f"{out}: no sessions.csv: the plan seats people in a session of the event; import the "
                         "registrations with --format structured (one session for everyone), or give the folder "
                         "its sessions.csv, first.")
    mine = sessions[sessions["event_id"] == event]
    ids = mine["session_id"].dropna().tolist()
    if given is not None:
        if given not in ids:
            raise UsageError(f"--session {given!r} is not a session of event {event!r}; its sessions are: "
                             + (", ".join(ids) or "none"))
        row = mine[mine["session_id"] == given].iloc[0]
    elif len(ids) == 1:
        row = mine.iloc[0]
    else:
        raise UsageError(f"event {event!r} has {len(ids)} sessions ({', '.join(ids[:10]) or 'none'}): give the one "
                         "the plan seats with --session ID.")
    return {"session_id": str(row["session_id"]),
            "format": str(row["format"]).strip().lower() if "format" in row and pd.notna(row["format"]) else ""}


def _participation(out: Path, event: str, chosen: dict, seats: pd.DataFrame, log: ImportLog, file: str, *,
                   overwrite: bool) -> pd.DataFrame:
    """The folder's participation with ``group_id`` of the session set from the plan."""
    session = chosen["session_id"]
    existing = existing_table(out, "participation")
    if existing is None:
        existing = pd.DataFrame({"event_id": pd.Series(dtype="string"), "session_id": pd.Series(dtype="string"),
                                 "attendee_id": pd.Series(dtype="string")})
        headers = list(existing.columns)
    else:
        headers = existing.attrs.get("headers", list(existing.columns))
        if not {"event_id", "session_id", "attendee_id"} <= set(existing.columns):
            raise UsageError(f"{existing.attrs.get('file', 'participation.csv')} has no event_id, session_id and "
                             "attendee_id columns to write the tables beside; import the registrations again "
                             "(netout import registrations ... --format structured --force) and then the plan.")
    frame = existing.copy()
    frame.columns = [h if h.lower() not in ("event_id", "session_id", "attendee_id", "group_id") else h.lower()
                     for h in headers]
    if "group_id" not in frame.columns:
        frame["group_id"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    here = frame["event_id"].eq(event) & frame["session_id"].eq(session)
    if (here & frame["group_id"].fillna("").str.strip().ne("")).any() and not overwrite:
        raise UsageError(f"participation of session {session!r} already has tables (group_id); pass --force to "
                         "replace them with this plan's.")
    table_of = dict(zip(seats["person"], seats["table"]))
    present = set(frame.loc[here, "attendee_id"])
    frame.loc[here, "group_id"] = frame.loc[here, "attendee_id"].map(table_of).astype("string")
    added = [p for p in table_of if p not in present]
    if added:
        extra = pd.DataFrame({"event_id": event, "session_id": session, "attendee_id": added,
                              "group_id": [table_of[p] for p in added]}).astype("string")
        frame = pd.concat([frame, extra], ignore_index=True)
        log.note(f"{len(added)} registered attendee(s) seated by the plan had no participation row in session "
                 f"{session!r}: added", file=file, count=len(added))
    unseated = int((here & frame["group_id"].isna()).sum())
    if unseated:
        log.note(f"{unseated} attendee(s) of session {session!r} are at no table of the plan: their group_id stays "
                 "empty", file=file, count=unseated)
    tables = pd.Series(list(table_of.values())).nunique()
    log.add(NOTE, f"{len(table_of)} attendee(s) seated at {tables} table(s) of session {session!r}", file=file,
            count=len(table_of))
    if chosen["format"] == "unstructured":
        log.note(f"session {session!r} is unstructured (open mingling): tables are written all the same; check its "
                 "format in sessions.csv", file=file)
    ordered = ["event_id", "session_id", "attendee_id", "group_id"]
    return frame[ordered + [c for c in frame.columns if c not in ordered]]

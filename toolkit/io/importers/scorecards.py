"""Pairwise scorecards from rotation formats (speed networking) -> an event folder.

One source row is one person's scorecard about one partner met in the
rotation: who (``person``), whom (``partner``), at which event and in which
round, and whether they would like to follow up (``interest``). A profile (a
TOML codebook with a ``[roles]`` table, see ``codebooks/speed_dating.toml``, the
default) names those columns and maps the rest: attendee attributes, per-event
design columns, scorecard ratings kept beside each contact, and survey answers.

What is written:

- ``contacts``: one row per scorecard, ``interest`` yes/no, ``channel`` ``scorecard``,
  the ``round`` and any contact columns of the profile;
- ``sessions``: one ``structured`` session per event (``assignment`` scheduled,
  ``grouping`` rotation), with the profile's session columns;
- ``participation``: everyone at an event in its session;
- ``attendees``: one row per person and event, with the profile's attributes;
- ``survey``: one row per person with at least one survey answer;
- ``known_ties``: pairs where a scorecard says the two had met before.

Rows that cannot be imported (no partner, partner at another event, same
scorecard twice, ...) and values the profile cannot map are listed with their
reason in the report.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "cards.csv").write_text("iid,pid,wave,dec,field\\n1,2,1,1,law\\n2,1,1,0,tech\\n3,3,1,,retail\\n")
>>> _ = (work / "profile.toml").write_text('[roles]\\nperson = "iid"\\npartner = "pid"\\nevent = "wave"\\n'
...                                         'interest = "dec"\\n[[columns]]\\nsource = "field"\\nname = "industry"\\n')
>>> r = import_export("scorecards", [work / "cards.csv"], out=work / "speed", column_map=work / "profile.toml")
>>> r.rows_skipped, r.tables["contacts"]["interest"].tolist()
(1, ['yes', 'no'])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import UsageError
from toolkit.io.importers._common import (
    ROW_SKIPPED,
    VALUE_NOT_MAPPED,
    ImportLog,
    ImportResult,
    apply_codebook,
    contract_frame,
    default_event_id,
    existing_file,
    finish,
    prepare_out,
    read_codebook,
    read_export,
)
from toolkit.io.parsing import read_yes_no

#: The profile used when none is given.
DEFAULT_PROFILE = "speed_dating"
_REQUIRED_ROLES = ("person", "partner", "event")
_OPTIONAL_ROLES = ("round", "interest", "met_before")


def import_scorecards(
    sources,
    *,
    out,
    event_id: str | None = None,
    column_map=None,
    overwrite: bool = False,
    codebook_check: str = "error",
) -> ImportResult:
    """Turn a rotation-scorecard export into an event folder (one event per ``event`` value).

    Parameters
    ----------
    sources : list of path
        One CSV or XLSX file, one row per person and partner met.
    out : path
        Folder to write the tables and ``import_report.csv`` into.
    event_id : str, optional
        Prefix of the event ids: events are named ``{event_id}{value}`` (``wave01`` ...
        by default, from the event column's name and value).
    column_map : path or str, optional
        Profile (TOML codebook with ``[roles]``); default the shipped ``speed_dating`` one.
    overwrite : bool, default False
        Replace tables already in ``out``.
    codebook_check : {"error", "warn"}
        What to do where the codebook does not fit the data
        (:func:`~toolkit.io.importers.codebook_misfits`): stop with a message, or
        import with the misfits in the report (``--accept-codebook``).

    Returns
    -------
    ImportResult

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "cards.csv").write_text("iid,pid,wave,dec,field\\n1,2,1,1,law\\n2,1,1,0,tech\\n"
    ...                                     "1,3,2,yes,law\\n3,1,2,no,retail\\n")
    >>> _ = (work / "profile.toml").write_text('[roles]\\nperson = "iid"\\npartner = "pid"\\nevent = "wave"\\n'
    ...                                         'interest = "dec"\\n[[columns]]\\nsource = "field"\\nname = "industry"\\n')
    >>> r = import_scorecards([work / "cards.csv"], out=work / "speed", column_map=work / "profile.toml")
    >>> r.counts()["sessions"], r.tables["sessions"]["event_id"].tolist()
    (2, ['wave1', 'wave2'])
    """
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"scorecards takes one export file (got {len(sources)}).")
    path = existing_file(sources[0], "Scorecard file")
    profile = read_codebook(column_map if column_map is not None else DEFAULT_PROFILE)
    log = ImportLog()
    frame, rows = _read(path, profile)
    roles = _resolve_roles(profile, frame, path)
    name = path.name

    person = frame[roles["person"]].str.strip()
    partner = frame[roles["partner"]].str.strip()
    event_raw = frame[roles["event"]].str.strip()
    # ids written as 12.0 by a spreadsheet are the same person as 12
    person, partner = (s.str.replace(r"^(\d+)\.0+$", r"\1", regex=True) for s in (person, partner))
    reasons = [
        (person.isna() | (person == ""), roles["person"], f"no person id ({roles['person']} empty)"),
        (partner.isna() | (partner == ""), roles["partner"],
         f"no partner id ({roles['partner']} empty): who was met is unknown"),
        (event_raw.isna() | (event_raw == ""), roles["event"], f"no event ({roles['event']} empty)"),
        (person == partner, roles["partner"], "person and partner are the same"),
    ]
    keep = pd.Series(True, index=frame.index)
    for bad, column, reason in reasons:
        bad = bad.fillna(False) & keep
        log.add_rows(ROW_SKIPPED, reason, file=name, rows=rows[bad], column=column, values=frame.loc[bad, column])
        keep &= ~bad

    # a partner must be at the same event; one who is a person elsewhere only is a data error
    people = pd.DataFrame({"event": event_raw, "id": person})[keep].drop_duplicates()
    here = pd.MultiIndex.from_frame(pd.DataFrame({"event": event_raw, "id": partner})).isin(
        pd.MultiIndex.from_frame(people))
    elsewhere = keep & ~here & partner.isin(people["id"])
    log.add_rows(ROW_SKIPPED, "partner is a person of another event", file=name, rows=rows[elsewhere],
                 column=roles["partner"], values=partner[elsewhere])
    keep &= ~elsewhere
    dup = keep & pd.DataFrame({"e": event_raw, "p": person, "q": partner}).where(keep).duplicated(keep="first")
    log.add_rows(ROW_SKIPPED, "same person and partner as an earlier row (first kept)", file=name,
                 rows=rows[dup], column=roles["partner"], values=partner[dup])
    keep &= ~dup
    if not keep.any():
        raise UsageError(f"{name}: no row could be imported; see the reasons above.")

    frame, rows = frame[keep], rows[keep]
    person, partner, event_raw = person[keep], partner[keep], event_raw[keep]
    events = _event_ids(event_raw, roles["event"], event_id)
    mapped = apply_codebook(frame, profile, log, file=name, row_numbers=rows, used_elsewhere=roles.values(),
                            check=codebook_check)
    for table in mapped:
        if table not in ("attendees", "survey", "sessions", "contacts"):
            raise UsageError(f"Profile {profile.source}: columns can go to attendees, survey, sessions or "
                             f"contacts, not {table!r}.")
    keys = pd.DataFrame({"event_id": events, "attendee_id": person})

    sessions = _sessions(events, mapped.get("sessions"), log, name)
    attendees = _per_person(keys, mapped.get("attendees"), log, name, "attendees")
    unseen = pd.DataFrame({"event_id": events, "attendee_id": partner}).drop_duplicates()
    unseen = unseen[~pd.MultiIndex.from_frame(unseen).isin(pd.MultiIndex.from_frame(attendees[["event_id", "attendee_id"]]))]
    if len(unseen):
        log.note(f"{len(unseen)} partner(s) who filled in no scorecard themselves: attendees without attributes",
                 count=len(unseen))
        attendees = pd.concat([attendees, unseen], ignore_index=True)
    attendees = attendees.sort_values(["event_id", "attendee_id"], key=_natural, kind="stable").reset_index(drop=True)
    participation = contract_frame("participation", {
        "event_id": attendees["event_id"].to_numpy(), "session_id": "rotation",
        "attendee_id": attendees["attendee_id"].to_numpy()})

    contact_cols = {"event_id": events.to_numpy(), "attendee_id": person.to_numpy(),
                    "contact_id": partner.to_numpy(), "channel": "scorecard", "session_id": "rotation"}
    if "interest" in roles:
        raw = frame[roles["interest"]].str.strip()
        answers, bad = read_yes_no(raw)  # the toolkit's one yes/no rule, as the loader reads it again
        interest = answers.map({True: "yes", False: "no"}).astype("string")
        log.add_rows(VALUE_NOT_MAPPED, "interest is not 1/0 or yes/no; left empty", file=name, rows=rows[bad],
                     column=roles["interest"], values=raw[bad])
        contact_cols["interest"] = interest.to_numpy()
    if "round" in roles:
        contact_cols["round"] = frame[roles["round"]].str.strip().to_numpy()
    contacts = contract_frame("contacts", contact_cols, extras=mapped.get("contacts"))

    tables = {"attendees": attendees, "sessions": sessions, "participation": participation, "contacts": contacts}
    survey = mapped.get("survey")
    if survey is not None:
        answers = _per_person(keys, survey, log, name, "survey")
        answered = answers.drop(columns=["event_id", "attendee_id"]).notna().any(axis=1)
        log.note(f"{int((~answered).sum())} people with no survey answer: no survey row", count=int((~answered).sum()))
        tables["survey"] = answers[answered].reset_index(drop=True)
    if "met_before" in roles:
        tables["known_ties"] = _known_ties(frame[roles["met_before"]], events, person, partner, rows, log, name,
                                           roles["met_before"])
    out = prepare_out(out, list(tables), overwrite=overwrite)
    return finish("scorecards", out, tables, log, sources=[path])


# ---------------------------------------------------------------------------- helpers


def _read(path: Path, profile) -> tuple[pd.DataFrame, pd.Series]:
    """The scorecards as text cells, and each row's spreadsheet row (header = 1)."""
    frame = read_export(path, separator=profile.sep, encoding=profile.encoding).astype("string")
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = pd.Series(frame.index.to_numpy(), dtype="int64")
    frame = frame.reset_index(drop=True)
    if frame.empty:
        raise UsageError(f"{path.name}: no scorecard rows below the header.")
    return frame, rows


def _resolve_roles(profile, frame: pd.DataFrame, path: Path) -> dict[str, str]:
    by_name = {c.lower(): c for c in frame.columns}
    roles = {}
    for role in _REQUIRED_ROLES + _OPTIONAL_ROLES:
        wanted = profile.roles.get(role)
        if wanted is None:
            if role in _REQUIRED_ROLES:
                raise UsageError(f"Profile {profile.source}: [roles] needs '{role}' (the column with the {role}).")
            continue
        if wanted.strip().lower() not in by_name:
            raise UsageError(f"{path.name} has no column {wanted!r} (the {role} in profile {profile.source}); "
                             "pass --map with a profile that names this export's columns.")
        roles[role] = by_name[wanted.strip().lower()]
    return roles


def _natural(values: pd.Series) -> pd.Series:
    """Sort key: numbers as numbers (2 before 10), then text."""
    num = pd.to_numeric(values, errors="coerce")
    return num.astype("float64").fillna(np.inf) if num.notna().all() else values


def _event_ids(raw: pd.Series, column: str, prefix: str | None) -> pd.Series:
    values = raw.str.replace(r"\.0+$", "", regex=True)
    width = int(values.str.len().max())
    numeric = values.str.fullmatch(r"\d+").all()
    shown = values.str.zfill(width) if numeric else values
    stem = default_event_id(Path(column)) if prefix is None else prefix
    if prefix is not None and values.nunique() == 1:
        return pd.Series(prefix, index=raw.index, dtype="string")
    return (stem + shown).astype("string")


def _sessions(events: pd.Series, extra: pd.DataFrame | None, log: ImportLog, name: str) -> pd.DataFrame:
    ids = pd.unique(events)
    sessions = contract_frame("sessions", {
        "event_id": ids, "session_id": "rotation", "format": "structured", "assignment": "scheduled",
        "grouping": "rotation"})
    if extra is not None:
        per_event = _first_per_group(pd.DataFrame({"event_id": events}), extra, ["event_id"], log, name, "sessions")
        sessions = sessions.merge(per_event, on="event_id", how="left")
    return sessions.sort_values("event_id", kind="stable").reset_index(drop=True)


def _per_person(keys: pd.DataFrame, values: pd.DataFrame | None, log: ImportLog, name: str,
                table: str) -> pd.DataFrame:
    if values is None:
        return keys.drop_duplicates().reset_index(drop=True)
    return _first_per_group(keys, values, ["event_id", "attendee_id"], log, name, table)


def _first_per_group(keys: pd.DataFrame, values: pd.DataFrame, by: list[str], log: ImportLog, name: str,
                     table: str) -> pd.DataFrame:
    """First non-empty value per group; groups whose rows disagree are reported."""
    joined = pd.concat([keys.reset_index(drop=True), values.reset_index(drop=True)], axis=1)
    grouped = joined.groupby(by, sort=False)
    differing = grouped[list(values.columns)].nunique() > 1
    for column in values.columns:
        n = int(differing[column].sum())
        if n:
            log.add(VALUE_NOT_MAPPED, f"{table} column {column!r} differs between rows of the same "
                    f"{'event' if by == ['event_id'] else 'person'}; first value kept", file=name, column=column,
                    count=n)
    return grouped.first().reset_index()


def _known_ties(met: pd.Series, events: pd.Series, person: pd.Series, partner: pd.Series, rows: pd.Series,
                log: ImportLog, name: str, column: str) -> pd.DataFrame:
    """Pairs a scorecard says had met before.

    The speed-dating key codes ``met`` 1 = yes, 2 = no, but some waves use 0 = no, 1 = yes;
    1 means yes in both. Per event the no-code is whichever of 0 and 2 is used more;
    any other code (3, 5, ... or the minority no-code) is reported, not guessed.
    """
    code = met.str.strip().str.replace(r"\.0+$", "", regex=True).replace("", pd.NA)
    counts = pd.DataFrame({"e": events, "zero": code == "0", "two": code == "2"}).groupby("e").sum()
    no_code = events.map(pd.Series(np.where(counts["zero"] >= counts["two"], "0", "2"), index=counts.index))
    odd = code.notna() & (code != "1") & (code != no_code)
    log.add_rows(VALUE_NOT_MAPPED, "met-before code not understood for this event (1 = yes and its no-code "
                 "only); not used", file=name, rows=rows[odd], column=column, values=code[odd])
    yes = (code == "1").fillna(False)
    first = _natural(person) <= _natural(partner)
    pairs = pd.DataFrame({"event_id": events, "attendee_id": person.where(first, partner),
                          "contact_id": partner.where(first, person)})[yes].drop_duplicates()
    return contract_frame("known_ties", {c: pairs[c].to_numpy() for c in ("attendee_id", "contact_id", "event_id")})

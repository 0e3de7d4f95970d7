"""Proximity-badge logs in the SocioPatterns ``t i j`` layout -> an event folder.

Each line of a log says "badges ``i`` and ``j`` were face to face during the
20-second window ending at ``t``". Consecutive windows of the same pair are
merged into one contact with its ``duration_s``; ``(i, j)`` and ``(j, i)`` are
the same pair. ``t`` is either seconds since a start (HT09, SFHH) or Unix epoch
seconds (WS16); relative seconds are placed after an anchor time (default
:data:`DEFAULT_ANCHOR`, a fixed date chosen so that relative logs are easy to
recognise: pass the real start with ``anchor=`` to get true clock times).

Without a schedule the whole log is one ``unstructured`` session with
assignment ``scheduled`` (the free mingling of a conference) and every attendee
takes part in it. A schedule file (CSV: ``start, end, format, session_id``,
optional ``grouping``, ``assignment``) splits the log into sessions: a contact
belongs to the session in which it started, and an attendee takes part in the
sessions in which they had a contact.

An optional metadata file (one row per badge) is read through a codebook the
user supplies, because every conference codes its questionnaire differently;
``codebooks/ws16.toml`` is the one for the GESIS Winter Symposium 2016.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "tij_mixer.dat").write_text("20 1 2\\n40 1 2\\n60 2 3\\n300 1 3\\n")
>>> result = import_export("sociopatterns", [work / "tij_mixer.dat"], out=work / "mixer")
>>> result.tables["contacts"][["attendee_id", "contact_id", "duration_s"]].values.tolist()
[['1', '2', 40], ['2', '3', 20], ['1', '3', 20]]
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import ASSIGNMENTS, DEFAULT_ASSIGNMENT, FORMATS
from toolkit.errors import UsageError
from toolkit.io.importers._common import (
    ROW_SKIPPED,
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
    read_export_text,
)

#: Where relative timestamps start when no ``anchor`` is given (documented in docs/importers.md).
DEFAULT_ANCHOR = "2000-01-01T00:00:00Z"
#: Length of a SocioPatterns recording window, seconds.
WINDOW_S = 20
# Below this a timestamp cannot be Unix epoch seconds of a real recording (1973-03-03).
_EPOCH_FLOOR = 1e8
_ISO = "%Y-%m-%dT%H:%M:%SZ"


def import_sociopatterns(
    sources,
    *,
    out,
    event_id: str | None = None,
    min_duration: float = 0,
    schedule=None,
    codebook=None,
    anchor: str | None = None,
    time_unit: str = "auto",
    window: int = WINDOW_S,
    overwrite: bool = False,
    codebook_check: str = "error",
) -> ImportResult:
    """Turn a SocioPatterns contact log (and optional metadata) into an event folder.

    Parameters
    ----------
    sources : list of path
        The ``t i j`` contact log, then optionally the metadata file (needs ``codebook``).
    out : path
        Folder to write ``attendees``, ``sessions``, ``participation``, ``contacts``
        (and ``survey`` if the codebook maps columns there) and ``import_report.csv``.
    event_id : str, optional
        Default: the log's file name without ``tij_`` (``tij_HT09.dat`` -> ``HT09``).
    min_duration : float, default 0
        Merged contacts shorter than this many seconds are left out (counted in the report).
        By default every recorded contact counts.
    schedule : path, optional
        CSV of session windows: ``start, end, format, session_id`` (+ ``grouping``,
        ``assignment``). Times are ISO 8601 (without a zone: UTC) or seconds on the log's own scale.
    codebook : path or str, optional
        Codebook for the metadata file (TOML or CSV), or a shipped one by name (``"ws16"``).
    anchor : str, optional
        Clock time of ``t = 0`` for relative logs (ISO 8601); default :data:`DEFAULT_ANCHOR`.
    time_unit : {"auto", "relative", "epoch"}
        ``auto`` reads ``t`` as epoch seconds when every value is at least 10^8.
    window : int, default 20
        Recording window in seconds; windows of a pair at most this far apart are merged.
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
    >>> _ = (work / "tij_mixer.dat").write_text("20 1 2\\n40 1 2\\n60 2 3\\n300 1 3\\n")
    >>> r = import_sociopatterns([work / "tij_mixer.dat"], out=work / "mixer")
    >>> r.counts()
    {'attendees': 3, 'sessions': 1, 'participation': 3, 'contacts': 3}
    """
    sources = [Path(s) for s in sources]
    if not sources or len(sources) > 2:
        raise UsageError("sociopatterns takes the contact log, then optionally the metadata file "
                         f"(got {len(sources)} files).")
    log_path = existing_file(sources[0], "Contact log")
    meta_path = existing_file(sources[1], "Metadata file") if len(sources) == 2 else None
    if meta_path is not None and codebook is None:
        raise UsageError(f"{meta_path.name}: a metadata file is read through a codebook; pass --codebook "
                         "FILE (or --codebook ws16 for the GESIS Winter Symposium 2016 file).")
    if codebook is not None and meta_path is None:
        raise UsageError("--codebook was given but no metadata file: pass it after the contact log.")
    if time_unit not in ("auto", "relative", "epoch"):
        raise UsageError(f"time_unit must be 'auto', 'relative' or 'epoch', not {time_unit!r}.")
    if min_duration < 0:
        raise UsageError(f"--min-duration must be 0 or more seconds, not {min_duration}.")
    book = read_codebook(codebook) if codebook is not None else None
    event = event_id or default_event_id(log_path)
    log = ImportLog()

    windows = _read_log(log_path, log)
    epoch = _is_epoch(windows["t"], time_unit, log, log_path.name)
    origin = pd.Timestamp(0, unit="s", tz="UTC") if epoch else _anchor(anchor)
    if not epoch:
        # only the default anchor is a stand-in worth replacing: one given is the real start
        told = "the anchor given" if anchor else "the anchor; pass --anchor for the real start"
        log.note(f"t read as seconds after {origin.strftime(_ISO)} ({told})", file=log_path.name)
    contacts = _merge_windows(windows, window=window)
    if min_duration > 0:
        short = contacts["duration_s"] < min_duration
        if short.any():
            log.add(ROW_SKIPPED, f"contact shorter than --min-duration {min_duration:g} s",
                    file=log_path.name, count=int(short.sum()))
        contacts = contacts[~short].reset_index(drop=True)

    meta_tables: dict[str, pd.DataFrame] = {}
    if meta_path is not None:
        meta_tables = _read_metadata(meta_path, book, log, codebook_check)
    people = pd.Index(pd.unique(pd.concat([contacts["attendee_id"], contacts["contact_id"]], ignore_index=True)),
                      dtype="string")
    attendees = _attendees(event, people, meta_tables.pop("attendees", None), log, meta_path)

    if schedule is None:
        sessions = _one_session(event, contacts, origin)
        contacts["session_id"] = "all"
        participation = contract_frame("participation", {
            "event_id": event, "session_id": "all", "attendee_id": attendees["attendee_id"].to_numpy()})
    else:
        sessions, session_of = _read_schedule(existing_file(schedule, "Schedule"), event, origin, log)
        contacts["session_id"] = _attribute(contacts["start"], sessions, session_of, log)
        participation = _participation_by_contacts(event, contacts)
        absent = ~attendees["attendee_id"].isin(participation["attendee_id"])
        if absent.any():
            log.note(f"{int(absent.sum())} attendee(s) with no contact inside any scheduled session: in no session "
                     "(left out of format comparisons, their contacts still count)", count=int(absent.sum()))

    tables = {
        "attendees": attendees,
        "sessions": sessions.drop(columns=["_from", "_to"], errors="ignore"),
        "participation": participation,
        "contacts": contract_frame("contacts", {
            "event_id": event,
            "attendee_id": contacts["attendee_id"].to_numpy(),
            "contact_id": contacts["contact_id"].to_numpy(),
            "timestamp": (origin + pd.to_timedelta(contacts["start"].to_numpy(), unit="s")).strftime(_ISO),
            "channel": "proximity",
            "session_id": contacts["session_id"].to_numpy(),
            "duration_s": contacts["duration_s"].to_numpy(),
        }),
    }
    for table, frame in meta_tables.items():  # e.g. survey answers kept in the metadata file
        frame = frame.loc[frame["attendee_id"].notna()]
        tables[table] = contract_frame(table, {"event_id": event, **{c: frame[c].to_numpy() for c in frame}})
    out = prepare_out(out, list(tables), overwrite=overwrite)
    return finish("sociopatterns", out, tables, log, sources=sources)


# ---------------------------------------------------------------------------- the log


def _fields_fast(text: str) -> tuple[pd.DataFrame, pd.Series] | None:
    """The C parser on usual logs (at most four fields a line); None when a line has more."""
    # pandas takes extra leading fields of the first line as an index: leave such files to the slow path
    content = text.lstrip()  # the first line that holds anything (without splitting a long log into lines)
    end = content.find("\n")
    first = content if end < 0 else content[:end]
    if len(first.split()) > 4:
        return None
    try:
        # a fourth name so that a line with one field too many is counted, not dropped
        frame = pd.read_csv(io.StringIO(text), sep=r"\s+", header=None, names=[0, 1, 2, 3], dtype="string",
                            skip_blank_lines=False, keep_default_na=False, na_values=[""], comment=None)
    except (pd.errors.ParserError, ValueError):
        return None
    line_no = pd.Series(np.arange(1, len(frame) + 1), dtype="Int64")
    return frame, line_no


def _read_log(path: Path, log: ImportLog) -> pd.DataFrame:
    """Read ``t i j`` lines split on any whitespace; bad lines are reported, not dropped silently."""
    text = read_export_text(path)  # the one reader's size cap and encoding detector
    fast = _fields_fast(text)
    if fast is not None:
        parts, line_no = fast
        blank = parts.isna().all(axis=1)
        lines = None  # rebuilt below for the few bad lines only
    else:  # a line with extra fields: split every line ourselves to report it
        lines = pd.Series(text.splitlines(), dtype="string")
        line_no = pd.Series(np.arange(1, len(lines) + 1), dtype="Int64")
        blank = lines.str.strip().fillna("") == ""
        parts = lines.str.split(expand=True)
    parts, line_no = parts[~blank.to_numpy()], line_no[~blank.to_numpy()]
    if parts.empty:
        raise UsageError(f"{path}: no contact lines found; expected lines 't i j' (time, badge, badge).")
    n_fields = parts.notna().sum(axis=1)
    wrong = (n_fields != 3).to_numpy()
    if lines is not None:
        shown = lines[~blank.to_numpy()]
    else:
        shown = pd.Series(pd.NA, index=parts.index, dtype="string")
        if wrong.any():
            bad = parts[wrong].fillna("")
            shown[wrong] = (bad[0] + " " + bad[1] + " " + bad[2] + " " + bad[3]).str.strip()
    if wrong.all():
        raise UsageError(f"{path}: no line has the three fields 't i j' (time, badge, badge); "
                         f"line {int(line_no.iloc[0])} reads {str(shown.iloc[0])[:60]!r}.")
    log.add_rows(ROW_SKIPPED, "not three fields 't i j'", file=path.name, rows=line_no[wrong], values=shown[wrong])
    parts, line_no = parts.loc[~wrong, [0, 1, 2]], line_no[~wrong]
    line_no.index = parts.index
    t = pd.to_numeric(parts[0], errors="coerce").astype("float64")
    bad_t = pd.Series(~np.isfinite(t.to_numpy()), index=t.index) | (t < 0)
    log.add_rows(ROW_SKIPPED, "time t is not a number of seconds (0 or more)", file=path.name,
                 rows=line_no[bad_t], column="t", values=parts.loc[bad_t, 0])
    frame = pd.DataFrame({"t": t, "i": parts[1].astype("string"),
                          "j": parts[2].astype("string"), "_row": line_no})[~bad_t]
    self_contact = frame["i"] == frame["j"]
    log.add_rows(ROW_SKIPPED, "badge in contact with itself", file=path.name,
                 rows=frame.loc[self_contact, "_row"], column="j", values=frame.loc[self_contact, "j"])
    frame = frame[~self_contact]
    dup = frame.duplicated(["t", "i", "j"])
    log.add_rows(ROW_SKIPPED, "same line as an earlier one", file=path.name, rows=frame.loc[dup, "_row"])
    return frame[~dup].reset_index(drop=True)


def _is_epoch(t: pd.Series, time_unit: str, log: ImportLog, name: str) -> bool:
    if time_unit != "auto":
        return time_unit == "epoch"
    low, high = float(t.min()), float(t.max())
    if low >= _EPOCH_FLOOR:
        log.note(f"t read as Unix epoch seconds (UTC): {pd.Timestamp(low, unit='s'):%Y-%m-%d %H:%M} "
                 f"to {pd.Timestamp(high, unit='s'):%Y-%m-%d %H:%M} UTC", file=name)
        return True
    if high >= _EPOCH_FLOOR:
        raise UsageError(f"{name}: t mixes relative seconds (smallest {low:.0f}) and epoch seconds "
                         f"(largest {high:.0f}); pass --time-unit relative or epoch if this is right.")
    return False


def _anchor(anchor: str | None) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(anchor or DEFAULT_ANCHOR)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"--anchor {anchor!r} is not a date and time; write e.g. 2009-06-29T08:00:00+02:00.") from exc
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _merge_windows(windows: pd.DataFrame, *, window: int) -> pd.DataFrame:
    """Merge consecutive windows of the same (unordered) pair into contacts.

    A contact starts ``window`` seconds before its first line (a line marks the end
    of its window) and lasts until its last line.
    """
    i, j = windows["i"], windows["j"]
    # float64: a badge '1e400' (inf) beside integer badges made the Int64 'where' below overflow
    i_num, j_num = (pd.to_numeric(s, errors="coerce").astype("float64") for s in (i, j))
    numeric = bool(i_num.notna().all() and j_num.notna().all())
    # badge numbers order as numbers (99 before 100); other ids as text
    i_first = (i_num <= j_num) if numeric else (i <= j)
    pairs = pd.DataFrame({
        "a": i.where(i_first, j), "b": j.where(i_first, i), "t": windows["t"].to_numpy(),
        "ka": (i_num.where(i_first, j_num) if numeric else i.where(i_first, j)),
        "kb": (j_num.where(i_first, i_num) if numeric else j.where(i_first, i)),
    }).sort_values(["ka", "kb", "t"], kind="stable")
    a, b, t = (pairs[c].to_numpy(dtype=object if c != "t" else "float64") for c in ("a", "b", "t"))
    continues = np.zeros(len(pairs), dtype=bool)
    continues[1:] = (a[1:] == a[:-1]) & (b[1:] == b[:-1]) & (np.diff(t) <= window)
    contact_no = np.cumsum(~continues)
    merged = pairs.groupby(contact_no, sort=False).agg(
        attendee_id=("a", "first"), contact_id=("b", "first"), first=("t", "min"), last=("t", "max"))
    merged["start"] = merged["first"] - window
    merged["duration_s"] = (merged["last"] - merged["first"] + window).round().astype("int64")
    return merged.sort_values(["start", "attendee_id", "contact_id"], kind="stable")[
        ["attendee_id", "contact_id", "start", "duration_s"]].reset_index(drop=True)


# ---------------------------------------------------------------------------- attendees


def _read_metadata(path: Path, book, log: ImportLog, check: str = "error") -> dict[str, pd.DataFrame]:
    frame = read_export(path, header=book.header, separator=book.sep or "whitespace", encoding=book.encoding)
    frame = frame.reset_index(drop=True).astype("string")
    if book.header:
        frame.columns = [str(c).strip() for c in frame.columns]
        rows = pd.Series(np.arange(2, len(frame) + 2), index=frame.index)
    else:
        frame.columns = list(range(1, frame.shape[1] + 1))
        rows = pd.Series(np.arange(1, len(frame) + 1), index=frame.index)
    id_cols = [c for c in book.columns if c.name == "attendee_id" and c.table == "attendees"]
    if len(id_cols) != 1:
        raise UsageError(f"Codebook {book.source}: exactly one column must be named 'attendee_id' "
                         f"(found {len(id_cols)}).")
    tables = apply_codebook(frame, book, log, file=path.name, row_numbers=rows, check=check)
    ids = tables["attendees"]["attendee_id"]
    no_id = ids.isna()
    log.add_rows(ROW_SKIPPED, "metadata row without an id", file=path.name, rows=rows[no_id],
                 column=str(id_cols[0].source))
    dup = ids.duplicated() & ~no_id
    log.add_rows(ROW_SKIPPED, "id already described in an earlier metadata row (first one kept)",
                 file=path.name, rows=rows[dup], column=str(id_cols[0].source), values=ids[dup])
    keep = ~(no_id | dup)
    out = {}
    for table, part in tables.items():
        part = part.loc[keep].copy()
        if "attendee_id" not in part.columns:
            part.insert(0, "attendee_id", ids[keep])
        if table not in ("attendees", "survey"):
            raise UsageError(f"Codebook {book.source}: metadata columns can go to 'attendees' or 'survey', "
                             f"not {table!r}.")
        out[table] = part.reset_index(drop=True)
    return out


def _attendees(event: str, people: pd.Index, meta: pd.DataFrame | None, log: ImportLog,
               meta_path: Path | None) -> pd.DataFrame:
    ids = pd.DataFrame({"attendee_id": people.astype("string")})
    if meta is None:
        frame = ids
    else:
        meta = meta.astype({"attendee_id": "string"})
        not_in_meta = ~ids["attendee_id"].isin(meta["attendee_id"])
        if not_in_meta.any():
            log.note(f"{int(not_in_meta.sum())} badge(s) in the contact log but not in {meta_path.name}: "
                     "attendees without attributes",
                     file=meta_path.name, count=int(not_in_meta.sum()))
        not_in_log = ~meta["attendee_id"].isin(ids["attendee_id"])
        if not_in_log.any():
            log.note(f"{int(not_in_log.sum())} people in {meta_path.name} with no contact in the log: "
                     "kept as attendees with 0 contacts",
                     file=meta_path.name, count=int(not_in_log.sum()))
        frame = ids.merge(meta, on="attendee_id", how="outer")
    key = pd.to_numeric(frame["attendee_id"], errors="coerce").astype("float64")  # Int64 refuses fillna(inf)
    order = np.lexsort((frame["attendee_id"].fillna("").to_numpy(dtype=str), key.fillna(np.inf).to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    return contract_frame("attendees", {"event_id": event, **{c: frame[c].to_numpy() for c in frame}})


# ---------------------------------------------------------------------------- sessions


def _one_session(event: str, contacts: pd.DataFrame, origin: pd.Timestamp) -> pd.DataFrame:
    start = origin + pd.Timedelta(seconds=float(contacts["start"].min())) if len(contacts) else pd.NaT
    end = (origin + pd.Timedelta(seconds=float((contacts["start"] + contacts["duration_s"]).max()))
           if len(contacts) else pd.NaT)
    return contract_frame("sessions", {
        "event_id": [event], "session_id": ["all"], "format": ["unstructured"],
        "assignment": [DEFAULT_ASSIGNMENT], "grouping": [pd.NA],
        "start": [start.strftime(_ISO) if start is not pd.NaT else pd.NA],
        "end": [end.strftime(_ISO) if end is not pd.NaT else pd.NA],
    })


def _to_seconds(values: pd.Series, origin: pd.Timestamp, name: str, column: str, log: ImportLog) -> pd.Series:
    """Schedule times (seconds on the log's scale, or ISO times) as seconds after ``origin``."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric.astype("float64")
    stamps = pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True)
    if stamps.isna().any():
        bad = values[stamps.isna()].iloc[0]
        row = int(stamps.isna().to_numpy().argmax()) + 2
        raise UsageError(f"{name} row {row}, column {column} ({bad!r}): not a time; write ISO 8601 "
                         "(2016-11-30T10:00:00+01:00) or seconds on the log's own scale.")
    naive = ~values.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
    if naive.any():
        log.note(f"{name}: {int(naive.sum())} time(s) without a time zone in column {column} read as UTC",
                 file=name, column=column, count=int(naive.sum()))
    return (stamps - origin).dt.total_seconds()


def _read_schedule(path: Path, event: str, origin: pd.Timestamp, log: ImportLog):
    try:
        frame = read_export(path).reset_index(drop=True).astype("string")
    except UsageError as exc:
        raise UsageError(f"{exc} Write a CSV with the columns session_id, start, end, format.") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    need = ["start", "end", "format", "session_id"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise UsageError(f"{path.name}: the schedule needs the columns {', '.join(need)} "
                         f"(missing: {', '.join(missing)}); optional: grouping, assignment.")
    if frame.empty:
        raise UsageError(f"{path.name}: the schedule has no rows.")
    for col in ("session_id", "format", "start", "end"):
        empty = frame[col].isna() | (frame[col].str.strip() == "")
        if empty.any():
            raise UsageError(f"{path.name} row {int(empty.to_numpy().argmax()) + 2}, column {col}: empty; "
                             "every session needs start, end, format and session_id.")
    frame["format"] = frame["format"].str.strip().str.lower()
    bad = ~frame["format"].isin(FORMATS)
    if bad.any():
        k = int(bad.to_numpy().argmax())
        raise UsageError(f"{path.name} row {k + 2}, column format ({frame['format'].iloc[k]!r}): "
                         f"use {' or '.join(FORMATS)}.")
    if "assignment" in frame.columns:
        frame["assignment"] = frame["assignment"].str.strip().str.lower().fillna(DEFAULT_ASSIGNMENT)
        bad = ~frame["assignment"].isin(ASSIGNMENTS)
        if bad.any():
            k = int(bad.to_numpy().argmax())
            raise UsageError(f"{path.name} row {k + 2}, column assignment ({frame['assignment'].iloc[k]!r}): "
                             f"use one of {', '.join(ASSIGNMENTS)}.")
    else:
        frame["assignment"] = DEFAULT_ASSIGNMENT
    frame["session_id"] = frame["session_id"].str.strip()
    dup = frame["session_id"].duplicated()
    if dup.any():
        k = int(dup.to_numpy().argmax())
        raise UsageError(f"{path.name} row {k + 2}: session_id {frame['session_id'].iloc[k]!r} appears twice; "
                         "give each time window its own id.")
    frame["_from"] = _to_seconds(frame["start"].str.strip(), origin, path.name, "start", log)
    frame["_to"] = _to_seconds(frame["end"].str.strip(), origin, path.name, "end", log)
    backwards = frame["_to"] <= frame["_from"]
    if backwards.any():
        k = int(backwards.to_numpy().argmax())
        raise UsageError(f"{path.name} row {k + 2}: end is not after start.")
    frame = frame.sort_values("_from", kind="stable").reset_index(drop=True)
    overlap = frame["_from"] < frame["_to"].shift()
    if overlap.any():
        k = int(overlap.to_numpy().argmax())
        raise UsageError(f"{path.name}: sessions {frame['session_id'].iloc[k - 1]!r} and "
                         f"{frame['session_id'].iloc[k]!r} overlap; a contact must belong to one session.")
    stamp = lambda s: (origin + pd.to_timedelta(s.to_numpy(), unit="s")).strftime(_ISO)  # noqa: E731
    sessions = contract_frame("sessions", {
        "event_id": event, "session_id": frame["session_id"].to_numpy(), "format": frame["format"].to_numpy(),
        "assignment": frame["assignment"].to_numpy(),
        "grouping": frame["grouping"].to_numpy() if "grouping" in frame.columns else pd.NA,
        "start": stamp(frame["_from"]), "end": stamp(frame["_to"]),
    })
    extra = [c for c in frame.columns if c not in ("start", "end", "format", "session_id", "grouping",
                                                   "assignment", "_from", "_to", "event_id")]
    for col in extra:
        log.add("column_not_mapped", "schedule column not used", file=path.name, column=col)
    return sessions, frame[["session_id", "_from", "_to"]]


def _attribute(start: pd.Series, sessions: pd.DataFrame, windows: pd.DataFrame, log: ImportLog) -> np.ndarray:
    """Session of each contact: the window in which it started (empty when in none)."""
    idx = np.searchsorted(windows["_from"].to_numpy(), start.to_numpy(), side="right") - 1
    inside = (idx >= 0) & (start.to_numpy() < windows["_to"].to_numpy()[np.clip(idx, 0, None)])
    ids = windows["session_id"].to_numpy(dtype=object)[np.clip(idx, 0, None)]
    outside = int((~inside).sum())
    if outside:
        log.note(f"{outside} contact(s) started outside every scheduled session: kept without a session_id "
                 "(they count for the people met, not for a format)", count=outside)
    return np.where(inside, ids, None)


def _participation_by_contacts(event: str, contacts: pd.DataFrame) -> pd.DataFrame:
    both = pd.concat([contacts[["session_id", "attendee_id"]],
                      contacts[["session_id", "contact_id"]].rename(columns={"contact_id": "attendee_id"})],
                     ignore_index=True).dropna().drop_duplicates()
    key = pd.to_numeric(both["attendee_id"], errors="coerce")
    both = both.assign(_k=key).sort_values(["session_id", "_k", "attendee_id"], kind="stable")
    return contract_frame("participation", {
        "event_id": event, "session_id": both["session_id"].to_numpy(), "attendee_id": both["attendee_id"].to_numpy()})

"""The embedded analytical engine (DuckDB): one connection per job, a memory limit, a folder to spill to.

The bulk work of a folder (reading the contact, follow-up and known-tie
tables, checking them against the attendees, collapsing contacts into pairs
and the per-attendee aggregation) runs as SQL in DuckDB, inside this
process; pandas holds the small tables and the results. This module only
opens connections and hands frames to them: what the SQL says lives in
:mod:`toolkit.outcome_sql` (outcomes) and :mod:`toolkit.io.load` (loading checks).

Memory: DuckDB keeps within ``memory_limit`` and spills the rest of a large
join or aggregation to ``temp_directory``, so a season larger than memory
still completes (more slowly). The defaults come from the environment:

- ``NETOUT_MEMORY_LIMIT``: ``"4GB"``, ``"500MB"`` or a share of the
  machine's memory such as ``"50%"`` (default :data:`DEFAULT_MEMORY_SHARE`);
- ``NETOUT_TEMP_DIR``: the folder to spill to (default: a new folder under
  the system's temporary folder, removed when the connection is closed, or
  by the next run where the process was killed before it could);
- ``NETOUT_THREADS``: worker threads (default: every core).

Times are compared in UTC (``TimeZone = 'UTC'``), as the loader stores them.

Example
-------
>>> import pandas as pd
>>> con = connect(memory_limit="256MB")
>>> con.execute("SELECT current_setting('memory_limit') AS m").fetchall()[0][0]
'244.1 MiB'
>>> register(con, "people", pd.DataFrame({"id": ["a", "b"]}))
>>> con.execute("SELECT count(*) FROM people").fetchall()[0][0]
2
>>> con.close()
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref

import numpy as np
import pandas as pd

#: Share of the machine's memory DuckDB may use when nothing else is set: a quarter, so that the engine,
#: the pandas side and the rest of the machine fit together (it spills to disk beyond it).
DEFAULT_MEMORY_SHARE = 0.25

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|[KMGT]i?B|B)?\s*$", re.IGNORECASE)


def machine_memory_bytes() -> int:
    """Physical memory of this machine in bytes (0 where the system does not say).

    Example
    -------
    >>> machine_memory_bytes() > 0
    True
    """
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0


def memory_limit_setting(value: str | float | None = None) -> str:
    """The memory limit as DuckDB reads it, from ``value``, ``NETOUT_MEMORY_LIMIT`` or the default share.

    ``value`` may be a size (``"4GB"``, ``"500MB"``), a share of the
    machine's memory (``"50%"`` or a float between 0 and 1).

    Example
    -------
    >>> memory_limit_setting("4GB"), memory_limit_setting("500 mb")
    ('4GB', '500MB')
    >>> memory_limit_setting(0.25).endswith("MB")
    True
    >>> memory_limit_setting("lots")
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: memory limit 'lots': give a size such as 4GB or 500MB, or a share such as 50%
    """
    from toolkit.exceptions import UsageError

    if value is None:
        value = os.environ.get("NETOUT_MEMORY_LIMIT") or DEFAULT_MEMORY_SHARE
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        share = float(value)
        if not 0 < share <= 1:
            raise UsageError(f"memory limit {value!r}: a share of the machine's memory is between 0 and 1")
        total = machine_memory_bytes() or 4 * 1024**3
        return f"{max(int(total * share / 1024**2), 64)}MB"
    found = _SIZE.match(str(value))
    if not found:
        raise UsageError(f"memory limit {value!r}: give a size such as 4GB or 500MB, or a share such as 50%")
    number, unit = found.groups()
    if unit == "%":
        return memory_limit_setting(float(number) / 100)
    return f"{number}{(unit or 'MB').upper()}"


def connect(*, memory_limit: str | float | None = None, temp_directory: str | None = None,
            threads: int | None = None):
    """A new in-process DuckDB connection with the memory limit, spill folder and UTC times set.

    Parameters
    ----------
    memory_limit : str or float, optional
        See :func:`memory_limit_setting` (default ``NETOUT_MEMORY_LIMIT``, else a quarter of the machine's memory).
    temp_directory : str, optional
        Where to spill (default ``NETOUT_TEMP_DIR``, else a new temporary folder removed on close).
    threads : int, optional
        Worker threads (default ``NETOUT_THREADS``, else every core).

    Returns
    -------
    duckdb.DuckDBPyConnection

    Example
    -------
    >>> con = connect(memory_limit="128MB", threads=1)
    >>> con.execute("SELECT current_setting('threads'), current_setting('TimeZone')").fetchall()[0]
    (1, 'UTC')
    >>> con.close()
    """
    import duckdb

    folder = temp_directory or os.environ.get("NETOUT_TEMP_DIR")
    owned = None
    if not folder:
        remove_abandoned_spill_folders()
        owned = folder = tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-")
    threads = threads or int(os.environ.get("NETOUT_THREADS", "0") or 0) or os.cpu_count() or 1
    con = duckdb.connect(config={"memory_limit": memory_limit_setting(memory_limit), "temp_directory": folder,
                                 "threads": int(threads)})
    con.execute("SET TimeZone = 'UTC'")
    if owned is not None:
        weakref.finalize(con, shutil.rmtree, owned, True)
    return con


#: The start of the name of each spill folder the engine makes itself; the process id follows it.
SPILL_PREFIX = "netout-duckdb-"


def remove_abandoned_spill_folders(parent: str | None = None) -> list[str]:
    """Remove the spill folders of netout processes that no longer run; return their paths.

    A process killed in the middle of a large job (out of memory, a server
    stopped with SIGKILL) cannot remove its spill folder, which may hold
    gigabytes. Each folder's name carries its process id; a folder whose
    process has gone is removed the next time the engine starts. A process
    that still runs (or belongs to another user) keeps its folder.

    Example
    -------
    >>> import tempfile
    >>> remove_abandoned_spill_folders(tempfile.mkdtemp())
    []
    """
    parent = parent or tempfile.gettempdir()
    removed = []
    try:
        names = os.listdir(parent)
    except OSError:
        return removed
    for name in names:
        found = re.fullmatch(re.escape(SPILL_PREFIX) + r"(\d+)-\w+", name)
        if found is None or _process_runs(int(found.group(1))):
            continue
        path = os.path.join(parent, name)
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.exists(path):
            removed.append(path)
    return removed


def _process_runs(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        return True  # on Windows os.kill(pid, 0) would end the process, not ask about it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # another user's process, or a platform that cannot tell: leave its folder alone
    return True


_SHARED: dict[str, object] = {}


def cursor():
    """A fresh cursor on this process's shared engine (created on first use with the default settings).

    Each job (one outcome table, one folder's checks) works in its own cursor:
    its temporary tables and views are its own and go when it is closed,
    while the engine, its memory limit and its worker threads are set up once.

    Example
    -------
    >>> job = cursor()
    >>> job.execute("CREATE TEMP TABLE t AS SELECT 1 AS x").execute("SELECT x FROM t").fetchall()[0]
    (1,)
    >>> job.close()
    """
    if "con" not in _SHARED:
        _SHARED["con"] = connect()
    return _SHARED["con"].cursor()


def register(con, name: str, frame) -> None:
    """Make a pandas frame queryable as ``name`` (a view over the frame, no copy where the types allow).

    Example
    -------
    >>> import pandas as pd
    >>> con = connect(memory_limit="128MB")
    >>> register(con, "t", pd.DataFrame({"x": [1, 2]}))
    >>> con.execute("SELECT sum(x) FROM t").fetchall()[0][0]
    3
    """
    con.register(name, frame)


# --------------------------------------------------------------------------- the loaded tables as views

_SOURCE_COLUMNS = {
    "attendees": ("event_id", "attendee_id", "industry"),
    "sessions": ("event_id", "session_id", "format", "assignment", "grouping", "start", "end"),
    "participation": ("event_id", "session_id", "attendee_id", "group_id"),
    "contacts": ("event_id", "attendee_id", "contact_id", "timestamp", "channel", "session_id", "interest",
                 "duration_s"),
    "followups": ("attendee_id", "contact_id", "timestamp", "kind", "event_id"),
    "known_ties": ("attendee_id", "contact_id", "event_id"),
}
_TEXT = ("event_id", "attendee_id", "contact_id", "session_id", "group_id", "industry", "channel", "kind", "format",
         "assignment", "grouping")


def _slim(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Only the columns the SQL reads, with the types it expects (text, UTC times, yes/no as boolean)."""
    out = {}
    for column in _SOURCE_COLUMNS[name]:
        if column not in frame.columns:
            values = pd.Series(pd.NA, index=frame.index, dtype="string" if column != "duration_s" else "Float64")
            if column in ("timestamp", "start", "end"):
                values = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
            elif column == "interest":
                values = pd.Series(pd.NA, index=frame.index, dtype="boolean")
        else:
            values = frame[column]
            if column in _TEXT:
                values = _as_text(values)
            elif column in ("timestamp", "start", "end") and not isinstance(values.dtype, pd.DatetimeTZDtype):
                values = pd.to_datetime(values, utc=True, errors="coerce", format="mixed") \
                    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype) \
                    else pd.to_datetime(values, utc=True, errors="coerce")
            elif column == "interest" and values.dtype != "boolean":
                from toolkit.io.parsing import parse_yes_no

                values = parse_yes_no(values.reset_index(drop=True), errors="coerce").set_axis(frame.index)
            elif column == "duration_s":
                values = pd.to_numeric(values, errors="coerce").astype("Float64")
        out[column] = values
    slim = pd.DataFrame(out, index=frame.index).reset_index(drop=True)
    slim["_pos"] = np.arange(len(slim), dtype=np.int64)
    return slim


def attach(con, data) -> None:
    """Create the ``src_*`` views of ``data``'s tables in ``con``.

    A table the loader kept inside the engine (``data.bulk``) is read there;
    every other table (and any table replaced in Python) from its frame.
    """
    bulk = getattr(data, "bulk", None)
    for name in _SOURCE_COLUMNS:
        if bulk is not None and bulk.holds(name, data):
            bulk.expose(con, name, f"src_{name}", _SOURCE_COLUMNS[name])
        else:
            con.register(f"src_{name}", _slim(getattr(data, name), name))


def event_starts(con, contacts: str = "src_contacts") -> pd.DataFrame:
    """Each event's start: its earliest session start or contact timestamp (missing where it has none).

    ``contacts``: the view of the contact log to read (any with ``event_id`` and ``timestamp``).
    """
    return con.execute(f"""
        SELECT event_id, min(t) AS start FROM (
            SELECT event_id, NULL::TIMESTAMPTZ AS t FROM src_attendees WHERE event_id IS NOT NULL
            UNION ALL SELECT event_id, start FROM src_sessions WHERE event_id IS NOT NULL
            UNION ALL SELECT event_id, min(timestamp) FROM {contacts} WHERE event_id IS NOT NULL GROUP BY event_id
        ) AS e GROUP BY event_id
    """).df()


def _as_text(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    return values if values.dtype == "string" else values.astype("string")

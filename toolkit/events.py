"""The order of a folder's events: which event is earlier, and which is the last.

One home for the rule that :mod:`toolkit.outcomes` (familiar pairs, follow-up
matching, the outcome table), :mod:`toolkit.network` (the contact picture)
and every face must agree on:

- **the order of events**, which says which event is *earlier* (a pair that
  exchanged details at an earlier event is already known) and which is the
  *last* (the default attendee mix, the trial registration list, the report).
  Events are ordered by their start: the earliest session start or contact
  timestamp. Where any event has no time at all, every event is ordered by
  the natural order of its id (``E9`` before ``E10``), so that the order
  never mixes the two rules, and an outcome table read back from a CSV file
  (which has lost its ``attrs``) gives the same last event
  (:func:`event_sequence`). Equal starts are ordered the same natural way.

The pairs, known pairs and the rest of the coded contact log live in SQL
(:mod:`toolkit.outcome_sql`); this module keeps the small helpers for times.

Example
-------
>>> sorted(["E10", "E9", "E1"], key=natural_key)
['E1', 'E9', 'E10']
>>> import toolkit
>>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
>>> event_order(data)["order"].tolist()
[0, 1]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Channels whose log is symmetric by nature (a sensor sees both people): no reciprocity there.
UNDIRECTED_CHANNELS: frozenset[str] = frozenset({"proximity"})

#: A missing time in the coded arrays: sorts after every real time, so ``min`` ignores it.
NO_TIME = np.iinfo(np.int64).max
_NAT = np.iinfo(np.int64).min


def natural_key(text: str) -> tuple:
    """Sort key that compares runs of digits as numbers: ``E9`` before ``E10``.

    Example
    -------
    >>> natural_key("E9") < natural_key("E10")
    True
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", str(text)))


def event_sequence(table: pd.DataFrame, events=None) -> list[str]:
    """Event ids in time order, from the outcome table or whatever says the order.

    Parameters
    ----------
    table : DataFrame
        The outcome table (with ``event_id``); its ``attrs["event_order"]`` is used where present.
    events : EventData, DataFrame or sequence of str, optional
        The loaded data (ordered by :func:`event_order`), the frame that
        function returns (``event_id``, ``order``), or ids in time order.
        Without any, the ids in natural order (``E9`` before ``E10``): the
        rule :func:`event_order` follows where events have no time, so a
        table read back from a file agrees with the one it was written from.
        Only events of ``table`` are listed (when it has rows); those that
        ``events`` does not name follow, in natural order.

    Example
    -------
    >>> event_sequence(pd.DataFrame({"event_id": ["E10", "E9", "E10"]}))
    ['E9', 'E10']
    >>> event_sequence(pd.DataFrame({"event_id": ["E9", "E10"]}), ["E10", "E7"])
    ['E10', 'E9']
    """
    present = sorted(table["event_id"].dropna().astype(str).unique(), key=natural_key) \
        if "event_id" in table.columns else []
    if events is None:
        events = table.attrs.get("event_order")
    if events is None:
        return present
    if hasattr(events, "attendees") and hasattr(events, "sessions"):   # the loaded EventData
        events = event_order(events)
    if isinstance(events, pd.DataFrame):
        frame = events.sort_values("order", kind="stable") if "order" in events.columns else events
        events = frame["event_id"].astype(str).tolist()
    ordered = [str(e) for e in events]
    if not present:
        return ordered
    ordered = [e for e in ordered if e in set(present)]
    return ordered + [e for e in present if e not in set(ordered)]


def utc_ns(values: pd.Series) -> np.ndarray:
    """Times as int64 nanoseconds since the epoch (UTC); missing -> :data:`NO_TIME`.

    Text with offsets is converted to UTC; naive times are taken as UTC.

    Example
    -------
    >>> ns = utc_ns(pd.Series(["2024-01-10T10:00+01:00", None]))
    >>> str(pd.Timestamp(ns[0], tz="UTC")), bool(ns[1] == NO_TIME)
    ('2024-01-10 09:00:00+00:00', True)
    """
    s = values
    if not isinstance(s.dtype, pd.DatetimeTZDtype):
        s = pd.to_datetime(s, utc=True, errors="coerce", format="mixed") if s.dtype == object or pd.api.types.is_string_dtype(s.dtype) else pd.to_datetime(s, utc=True, errors="coerce")
    out = s.dt.tz_convert("UTC").dt.as_unit("ns").array.asi8.copy()
    out[out == _NAT] = NO_TIME
    return out


def times_from_ns(ns: np.ndarray) -> pd.Series:
    """Inverse of :func:`utc_ns` (:data:`NO_TIME` -> NaT).

    Example
    -------
    >>> t = times_from_ns(np.array([0, NO_TIME]))
    >>> str(t[0]), bool(pd.isna(t[1]))
    ('1970-01-01 00:00:00+00:00', True)
    """
    vals = np.where(ns == NO_TIME, _NAT, ns)
    return pd.Series(pd.to_datetime(vals.view("M8[ns]"), utc=True))


def as_string(values: pd.Series) -> pd.Series:
    """A column as pandas' string dtype (ids and event ids are compared as text).

    Example
    -------
    >>> values = as_string(pd.Series([7, None], dtype="Int64"))
    >>> values.tolist()[0], bool(values.isna()[1])
    ('7', True)
    """
    return values if values.dtype == "string" else values.astype("string")


def order_events(starts: pd.DataFrame) -> pd.DataFrame:
    """Put events in time order: the rule every step shares.

    Events are ordered by their start; where any event has no start, every
    event is ordered by the natural order of its id (``E9`` before ``E10``),
    so that the order never mixes the two rules. Equal starts are ordered the
    same natural way.

    Parameters
    ----------
    starts : DataFrame
        ``event_id`` and ``start`` (UTC time, missing where the event has none), one row per event.

    Returns
    -------
    DataFrame
        ``event_id`` (string), ``start`` (UTC) and ``rank`` (0 = first), sorted by ``event_id``.

    Example
    -------
    >>> starts = pd.DataFrame({"event_id": ["spring", "winter"],
    ...                        "start": pd.to_datetime(["2024-04-15", "2024-01-15"], utc=True)})
    >>> order_events(starts)[["event_id", "rank"]].values.tolist()
    [['spring', 1], ['winter', 0]]
    >>> order_events(starts.assign(start=[starts["start"][0], pd.NaT]))["rank"].tolist()
    [0, 1]
    """
    events = [str(e) for e in starts["event_id"]]
    t = utc_ns(starts["start"]) if len(starts) else np.zeros(0, dtype=np.int64)
    natural = np.array(sorted(range(len(events)), key=lambda i: natural_key(events[i])), dtype=np.int64)
    rank = np.empty(len(events), dtype=np.int64)
    rank[natural] = np.arange(len(events))
    order = np.lexsort((rank, t)) if len(events) and (t != NO_TIME).all() else natural
    result = np.empty(len(events), dtype=np.int64)
    result[order] = np.arange(len(events))
    frame = pd.DataFrame({"event_id": pd.array(events, dtype="string"), "start": times_from_ns(t).to_numpy(),
                          "rank": result})
    return frame.sort_values("event_id", kind="stable").reset_index(drop=True)


def event_order(data) -> pd.DataFrame:
    """The order of the folder's events, used to tell *earlier* events.

    Events are ordered by their start (the earliest session start or contact
    timestamp); where any event has no time at all, all events are ordered by
    the natural order of ``event_id`` instead (``E9`` before ``E10``), so that
    the order never mixes the two rules (:func:`order_events`). Equal starts are ordered the same way.

    Parameters
    ----------
    data : EventData
        Loaded tables (:func:`toolkit.load_event_data`).

    Returns
    -------
    DataFrame
        ``event_id``, ``start`` (UTC, may be missing), ``order`` (0 = first),
        one row per event, sorted by ``event_id``.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> event_order(data)[["event_id", "order"]].values.tolist()
    [['E01', 0], ['E02', 1]]
    """
    from toolkit.io.engine import attach, cursor, event_starts

    con = cursor()
    try:
        attach(con, data)
        starts = event_starts(con)
    finally:
        con.close()
    return order_events(starts).rename(columns={"rank": "order"})[["event_id", "start", "order"]]

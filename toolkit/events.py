"""The order of a folder's events, and the integer-coded contact log every later step shares.

One home for two things that :mod:`toolkit.outcomes` (familiar pairs,
follow-up matching, the outcome table) and :mod:`toolkit.network` (the
contact picture) must agree on:

- **the order of events**, which says which event is *earlier* (a pair that
  exchanged details at an earlier event is already known) and which is the
  *last* (the default attendee mix, the trial registration list, the report).
  Events are ordered by their start: the earliest session start or contact
  timestamp. Where any event has no time at all, every event is ordered by
  the natural order of its id (``E9`` before ``E10``), so that the order
  never mixes the two rules, and an outcome table read back from a CSV file
  (which has lost its ``attrs``) gives the same last event
  (:func:`event_sequence`). Equal starts are ordered the same natural way.
- **the coded tables** (:class:`EventContext`): one integer code per person
  id across all tables, the contact log as codes, and one row per distinct
  pair and event with its first exchange and whether the two knew each
  other before (``known_ties`` for this or an earlier event, or an exchange
  at an earlier event). Hashing text ids is the costly part of the outcome
  table, so it is done once here.

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
from dataclasses import dataclass

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


def _yes_no(values: pd.Series) -> np.ndarray:
    """A yes/no column as int8: 1 yes, 0 no, -1 missing (or not a yes/no answer).

    The loader types these columns already; tables built by hand are read by the
    toolkit's one yes/no rule (:func:`toolkit.io.parsing.parse_yes_no`).
    """
    if values.dtype != "boolean":
        from toolkit.io.parsing import parse_yes_no

        values = parse_yes_no(values.reset_index(drop=True), errors="coerce")
    return values.astype("Int8").fillna(-1).to_numpy(dtype=np.int8)


class IdSpace:
    """One integer code per person id across all tables (codes are what the maths runs on).

    Each id column is hashed once (``pd.factorize``); the distinct values of all
    columns form one index, and ``coded[name]`` holds the codes of the column
    given under ``name`` (-1 where missing).

    Example
    -------
    >>> ids = IdSpace({"a": pd.Series(["x", "y", None]), "b": pd.Series(["y", "z"])})
    >>> ids.coded["a"].tolist(), ids.coded["b"].tolist(), ids.index[ids.codes(pd.Series(["z"]))[0]]
    ([0, 1, -1], [1, 2], 'z')
    """

    def __init__(self, columns: dict[str, pd.Series]):
        local = {name: pd.factorize(as_string(c)) for name, c in columns.items()}
        uniques = [pd.Series(u, dtype="string") for _, u in local.values() if len(u)]
        merged = pd.concat(uniques, ignore_index=True).drop_duplicates() if uniques else pd.Series([], dtype="string")
        self.index = pd.Index(merged.to_numpy(), dtype="string")
        self.n = max(len(self.index), 1)
        self.coded = {name: self._map(codes, u) for name, (codes, u) in local.items()}

    def _map(self, codes: np.ndarray, uniques) -> np.ndarray:
        if len(uniques) == 0:
            return np.full(len(codes), -1, dtype=np.int64)
        mapped = self.index.get_indexer(pd.Index(uniques, dtype="string")).astype(np.int64)
        return np.where(codes >= 0, mapped[np.maximum(codes, 0)], -1)

    def codes(self, values: pd.Series) -> np.ndarray:
        codes, uniques = pd.factorize(as_string(values))
        return self._map(codes, uniques)


def distinct_strings(values: pd.Series) -> list[str]:
    """The distinct values of a column as text, in order of first appearance, missing left out.

    Example
    -------
    >>> distinct_strings(pd.Series(["E2", "E1", None, "E2"]))
    ['E2', 'E1']
    """
    return [str(v) for v in pd.unique(as_string(values).dropna())]


def event_codes(ctx_index: pd.Index, values: pd.Series) -> np.ndarray:
    """Event ids as codes into ``ctx_index`` (-1 missing or unknown).

    Example
    -------
    >>> event_codes(pd.Index(["E1", "E2"], dtype="string"), pd.Series(["E2", "E3", None])).tolist()
    [1, -1, -1]
    """
    codes, uniques = pd.factorize(as_string(values))
    if len(uniques) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    mapped = ctx_index.get_indexer(pd.Index(uniques, dtype="string")).astype(np.int64)
    return np.where(codes >= 0, mapped[np.maximum(codes, 0)], -1)


@dataclass
class CodedContacts:
    """The contact log as integer codes, row for row (computed once: hashing text ids is the costly part).

    ``ev``: event code (-1 unknown), ``a`` / ``b``: person codes of the two sides
    (-1 missing), ``t``: time in ns (:data:`NO_TIME` when missing).

    Example
    -------
    >>> CodedContacts(ev=np.array([0]), a=np.array([0]), b=np.array([1]), t=np.array([NO_TIME])).a.tolist()
    [0]
    """

    ev: np.ndarray
    a: np.ndarray
    b: np.ndarray
    t: np.ndarray


def _order_events(data, events: list[str] | None = None, contact_ev: np.ndarray | None = None,
                  contact_t: np.ndarray | None = None) -> pd.DataFrame:
    if events is None:
        events = sorted(set(distinct_strings(data.attendees["event_id"])) | set(distinct_strings(data.sessions["event_id"]))
                        | set(distinct_strings(data.contacts["event_id"])))
    index = pd.Index(events, dtype="string")
    start = np.full(len(events), NO_TIME, dtype=np.int64)
    ses = data.sessions
    if len(ses) and "start" in ses.columns:
        sev = event_codes(index, ses["event_id"])
        ok = sev >= 0
        np.minimum.at(start, sev[ok], utc_ns(ses["start"])[ok])
    c = data.contacts
    if len(c) and "timestamp" in c.columns:
        if contact_ev is None:
            contact_ev, contact_t = event_codes(index, c["event_id"]), utc_ns(c["timestamp"])
        ok = contact_ev >= 0
        if ok.any():
            # per-event minimum through a sort-free reduction on codes
            per_event = pd.Series(contact_t[ok]).groupby(contact_ev[ok]).min()
            idx = per_event.index.to_numpy()
            start[idx] = np.minimum(start[idx], per_event.to_numpy())
    frame = pd.DataFrame({"event_id": pd.array(events, dtype="string"), "t": start})
    # the natural order of the ids (E9 before E10) where any event has no time, and between equal starts:
    # the rule event_sequence applies to a table without its attrs (e.g. read back from a CSV file)
    natural = np.array(sorted(range(len(events)), key=lambda i: natural_key(events[i])), dtype=np.int64)
    rank = np.empty(len(events), dtype=np.int64)
    rank[natural] = np.arange(len(events))
    if len(frame) and (frame["t"] != NO_TIME).all():
        frame = frame.iloc[np.lexsort((rank, frame["t"].to_numpy()))]
    else:
        frame = frame.iloc[natural]
    frame["order"] = np.arange(len(frame), dtype=np.int64)
    frame["start"] = times_from_ns(frame["t"].to_numpy()).to_numpy()
    return frame[["event_id", "start", "order"]].sort_values("event_id").reset_index(drop=True)


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


@dataclass
class EventContext:
    """Integer-coded views of a folder's tables, shared by the outcome, follow-up and network steps.

    Build it with :func:`build_event_context`. Event codes index
    ``event_index`` (event ids sorted as text); person codes index
    ``ids.index``. ``pairs`` has one row per distinct undirected pair and
    event: ``ev, lo, hi`` (codes, ``lo < hi``), ``t0`` (first exchange in ns;
    the event's start where the pair has no time), ``lo_hi`` / ``hi_lo`` (that
    direction was logged on a directed channel), ``int_lo`` / ``int_hi`` (the
    side's stated interest in the other: 1 yes, 0 no, -1 not stated) and
    ``known`` (the two knew each other before this event).

    Example
    -------
    >>> import toolkit
    >>> ctx = build_event_context(toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example"))
    >>> list(ctx.event_index), ctx.event_rank.tolist(), int(ctx.pairs["known"].sum()) > 0
    (['E01', 'E02'], [0, 1], True)
    """

    ids: IdSpace
    events: pd.DataFrame           # event_id, start, order (index = event code)
    event_index: pd.Index
    event_t: np.ndarray            # start per event code (ns, NO_TIME when unknown)
    event_rank: np.ndarray         # order per event code
    contacts: CodedContacts        # the contact log as codes, row for row
    pairs: pd.DataFrame            # one row per distinct (event, pair)
    pair_index: "KeyLookup"        # (ev * N + lo) * N + hi -> row of pairs (sorted keys)
    events_with_log: np.ndarray    # bool per event code: the event has a contact log


def build_event_context(data) -> EventContext:
    """Code a folder's tables once: person ids, events in order, the contact log, distinct pairs.

    Parameters
    ----------
    data : EventData
        Loaded tables (:func:`toolkit.load_event_data`).

    Returns
    -------
    EventContext

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> ctx = build_event_context(data)
    >>> len(ctx.contacts.a) == len(data.contacts), bool(ctx.events_with_log.all())
    (True, True)
    """
    c = data.contacts
    ids = IdSpace({"attendees": data.attendees["attendee_id"], "participation": data.participation["attendee_id"],
                    "contacts.a": c["attendee_id"], "contacts.b": c["contact_id"],
                    "followups.s": data.followups["attendee_id"], "followups.r": data.followups["contact_id"],
                    "ties.a": data.known_ties["attendee_id"], "ties.b": data.known_ties["contact_id"]})
    local_ev, contact_events = pd.factorize(as_string(c["event_id"]))
    names = sorted(set(distinct_strings(data.attendees["event_id"])) | set(distinct_strings(data.sessions["event_id"]))
                   | {str(e) for e in contact_events})
    event_index = pd.Index(names, dtype="string")
    mapped = event_index.get_indexer(pd.Index(contact_events, dtype="string")).astype(np.int64) \
        if len(contact_events) else np.zeros(0, dtype=np.int64)
    contact_ev = np.where(local_ev >= 0, mapped[np.maximum(local_ev, 0)], -1) if len(mapped) else \
        np.full(len(c), -1, dtype=np.int64)
    coded = CodedContacts(ev=contact_ev, a=ids.coded["contacts.a"], b=ids.coded["contacts.b"],
                      t=utc_ns(c["timestamp"]) if "timestamp" in c.columns else np.full(len(c), NO_TIME))
    events = _order_events(data, names, coded.ev, coded.t)   # sorted by event_id, like event_index
    event_t = utc_ns(events["start"]) if len(events) else np.array([], dtype=np.int64)
    event_rank = events["order"].to_numpy(dtype=np.int64)

    ev, a, b = coded.ev, coded.a, coded.b
    has_log = np.zeros(len(events), dtype=bool)
    has_log[np.unique(ev[ev >= 0])] = True
    keep = (ev >= 0) & (a >= 0) & (b >= 0) & (a != b)
    pairs = _pair_table(c, ev, a, b, coded.t, keep, ids.n, event_t)
    pairs = _mark_known(pairs, data, ids, event_index, event_rank)
    key = (pairs["ev"].to_numpy() * ids.n + pairs["lo"].to_numpy()) * ids.n + pairs["hi"].to_numpy()
    return EventContext(ids, events, event_index, event_t, event_rank, coded, pairs,
                    KeyLookup(key, 0, sorted_keys=True), has_log)


def _pair_table(c: pd.DataFrame, ev, a, b, t, keep, n: int, event_t: np.ndarray) -> pd.DataFrame:
    """Collapse contact rows to distinct undirected pairs per event.

    Columns: ``ev, lo, hi`` (codes, lo < hi), ``t0`` (first exchange, ns; the
    event's start when the pair has no timestamp), ``lo_hi`` / ``hi_lo`` (that
    direction was logged on a directed channel), ``int_lo`` / ``int_hi`` (the
    side's stated interest in the other: 1 yes, 0 no, -1 not stated).
    """
    if n * n * max(len(event_t), 1) >= 2**62:
        raise OverflowError("too many attendees x events for 64-bit pair keys")
    everything = bool(keep.all())  # the usual case: no copies of the big columns
    if not everything:
        ev, a, b, t = ev[keep], a[keep], b[keep], t[keep]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    forward = a < b
    if "channel" in c.columns and len(c):
        # judge the few distinct channel names, not every row
        codes, names = pd.factorize(c["channel"])
        undirected = pd.Series(np.asarray(names, dtype=object)).astype("string").str.strip().str.lower() \
            .isin(list(UNDIRECTED_CHANNELS)).to_numpy(dtype=bool)
        directed = (codes < 0) | ~undirected[np.maximum(codes, 0)] if len(names) else np.ones(len(c), dtype=bool)
        directed = directed if everything else directed[keep]
    else:
        directed = np.ones(len(ev), dtype=bool)
    interest = _yes_no(c["interest"]) if "interest" in c.columns else np.full(len(c), -1, np.int8)
    interest = interest if everything else interest[keep]
    del a, b
    # one event at a time: small hash tables (cache-friendly), and the pairs come out
    # sorted by (event, lo, hi), so that pair lookups are binary searches
    n_events = max(len(event_t), 1)
    if n_events > 1 and len(ev):
        order = np.argsort(ev.astype(np.int16 if n_events < 2**15 else np.int32), kind="stable")
        bounds = np.searchsorted(ev[order], np.arange(n_events + 1))
    else:
        order = None
        bounds = np.array([0, len(ev)])
    parts = []
    for e in range(len(bounds) - 1):  # a loop over events, each step vectorised
        lo_e, hi_e = bounds[e], bounds[e + 1]
        if hi_e == lo_e:
            continue
        idx = order[lo_e:hi_e] if order is not None else slice(None)
        codes, uniq = pd.factorize(lo[idx] * n + hi[idx])
        sort = np.argsort(uniq)
        rank = np.empty(len(uniq), dtype=np.int64)
        rank[sort] = np.arange(len(uniq))
        codes, uniq = rank[codes], uniq[sort]
        m = len(uniq)
        t0 = np.full(m, NO_TIME, dtype=np.int64)
        np.minimum.at(t0, codes, t[idx])
        f, d, it = forward[idx], directed[idx], interest[idx]
        lo_hi = np.zeros(m, dtype=bool)
        lo_hi[codes[f & d]] = True
        hi_lo = np.zeros(m, dtype=bool)
        hi_lo[codes[~f & d]] = True
        int_lo = np.full(m, -1, dtype=np.int8)
        int_hi = np.full(m, -1, dtype=np.int8)
        for side, mask in ((int_lo, f), (int_hi, ~f)):
            side[codes[mask & (it == 0)]] = 0   # any "yes" wins over "no": set no first, then yes
            side[codes[mask & (it == 1)]] = 1
        parts.append([np.full(m, ev[idx][0] if order is not None else ev[0], dtype=np.int64), uniq // n, uniq % n,
                      t0, lo_hi, hi_lo, int_lo, int_hi])
    del lo, hi, forward, directed, interest, order
    names = ("ev", "lo", "hi", "t0", "lo_hi", "hi_lo", "int_lo", "int_hi")
    columns = {}
    for i, (name, dtype) in enumerate(zip(names, (np.int64,) * 4 + (bool, bool, np.int8, np.int8))):
        columns[name] = np.concatenate([part[i] for part in parts]) if parts else np.zeros(0, dtype=dtype)
        for part in parts:  # free each chunk as soon as it is copied (memory at 50M rows)
            part[i] = None
    out = pd.DataFrame(columns, copy=False)
    no_time = out["t0"].to_numpy() == NO_TIME
    if no_time.any() and len(event_t):
        out.loc[no_time, "t0"] = event_t[out["ev"].to_numpy()[no_time]]
    return out


class KeyLookup:
    """Row positions for int64 keys: a dense array where the key range is small, else a hash index.

    ``size`` bounds the keys (a dense array of that length is used up to
    :attr:`DENSE_LIMIT`); ``sorted_keys=True`` says the keys are sorted and
    unique, and lookups are then binary searches. :meth:`get` gives -1 for
    keys that are not there.

    Example
    -------
    >>> KeyLookup(np.array([5, 2]), 10).get(np.array([2, 3, 5, 99])).tolist()
    [1, -1, 0, -1]
    >>> KeyLookup(np.array([2, 5]), 0, sorted_keys=True).get(np.array([5, 4])).tolist()
    [1, -1]
    """

    DENSE_LIMIT = 200_000_000

    def __init__(self, keys: np.ndarray, size: int, *, sorted_keys: bool = False):
        self.keys = keys
        self.dense = None
        self.index = None
        self.sorted = sorted_keys
        if size <= self.DENSE_LIMIT and not sorted_keys:
            self.dense = np.full(size, -1, dtype=np.int64)
            self.dense[keys] = np.arange(len(keys))
        elif not sorted_keys:
            self.index = pd.Index(keys)

    def get(self, query: np.ndarray) -> np.ndarray:
        """Row of each queried key (-1 where absent)."""
        query = np.asarray(query, dtype=np.int64)
        if self.dense is not None:
            inside = (query >= 0) & (query < len(self.dense))
            return np.where(inside, self.dense[np.where(inside, query, 0)], -1)
        if self.sorted:
            if not len(self.keys):
                return np.full(len(query), -1, dtype=np.int64)
            at = np.searchsorted(self.keys, query)
            at_c = np.minimum(at, len(self.keys) - 1)
            return np.where(self.keys[at_c] == query, at_c, -1)
        return self.index.get_indexer(query)


def _mark_known(pairs: pd.DataFrame, data, ids: IdSpace, event_index: pd.Index, rank: np.ndarray) -> pd.DataFrame:
    """Add ``known``: the pair knew each other before this event (known_ties or an earlier exchange)."""
    n = ids.n
    pk = pairs["lo"].to_numpy() * n + pairs["hi"].to_numpy()
    order = rank[pairs["ev"].to_numpy()] if len(pairs) else np.array([], dtype=np.int64)
    known = np.zeros(len(pairs), dtype=bool)
    if len(pairs) and len(np.unique(order)) > 1:
        first = pd.Series(order).groupby(pk).transform("min").to_numpy()
        known |= order > first
    kt = data.known_ties
    if len(kt) and len(pairs):
        a, b = ids.coded["ties.a"], ids.coded["ties.b"]
        ok = (a >= 0) & (b >= 0) & (a != b)
        since = np.full(len(kt), -1, dtype=np.int64)     # no event named: known at every event
        if "event_id" in kt.columns:
            ev = event_codes(event_index, kt["event_id"])
            named = ev >= 0
            since[named] = rank[ev[named]]
        tie_pk = np.minimum(a, b)[ok] * n + np.maximum(a, b)[ok]
        tie_since = pd.Series(since[ok]).groupby(tie_pk).min()
        pos = tie_since.index.get_indexer(pk)
        hit = pos >= 0
        known[hit] |= order[hit] >= tie_since.to_numpy()[pos[hit]]
    pairs["known"] = known
    return pairs



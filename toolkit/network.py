"""The contact network of an event, and brokerage across industries.

*Brokerage* of an attendee: the number of pairs of the attendee's contacts who
come from different industries (both known) and are not in contact with each
other at that event: the bridges only this attendee spans (after Burt's
structural holes). The outcome table computes it for every attendee in SQL
(:mod:`toolkit.outcome_sql`: triangles listed once each by pointing every pair
from its lower- to its higher-degree end); :func:`brokerage` is the plain
networkx version for one graph, easy to read and used as the reference in
the tests.

Example
-------
>>> import toolkit
>>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
>>> g = contact_graph(data, event_id="E02")
>>> g.number_of_nodes(), int(brokerage(g).gt(0).sum()) > 0
(60, True)
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from toolkit.events import NO_TIME, as_string, utc_ns


def contact_graph(data, *, event_id: str, session_id: str | None = None, table: pd.DataFrame | None = None,
                  by: str = "style", add_brokerage: bool = False):
    """The undirected contact network of one event (or one of its sessions).

    Parameters
    ----------
    data : EventData
    event_id : str
        The event.
    session_id : str, optional
        Only the pairs the outcome table counts in this session's rows (the one
        attribution of docs/outcomes.md, :func:`session_mixing` reads the same):
        every contact of a participant in this session only; of one in several,
        the rows naming it in ``contacts.session_id``, else those whose time lies
        in its [start, end) window. An edge's ``rows`` are then the pair's log
        rows at the event. The session's participants are nodes even without contacts.
    table : DataFrame, optional
        The outcome table (:func:`toolkit.outcomes.compute_outcomes`); when
        given, each node also gets its ``by`` value at this event (e.g.
        ``style``) as an attribute of that name, for colouring a picture.
    by : str, default "style"
        Column of ``table`` copied onto the nodes.
    add_brokerage : bool, default False
        Give each node ``brokerage`` (:func:`brokerage` of this graph).

    Returns
    -------
    networkx.Graph
        Nodes are attendee ids with their attendee columns as attributes
        (``industry``, ...); edges are distinct pairs with ``rows`` (log rows of
        the pair), ``first`` (first timestamp, UTC, or None),
        ``duration_s`` (summed, where logged) and ``familiar`` (the pair knew
        each other before this event: listed in ``known_ties`` for this event,
        an earlier one or none, or exchanged details at an earlier event of the
        folder; the same rule as the outcome table's ``familiar_share``).

    Example
    -------
    >>> import pandas as pd
    >>> from toolkit.io.load import from_tables
    >>> frame = lambda **cols: pd.DataFrame(cols)
    >>> data = from_tables({
    ...     "attendees": frame(event_id=["e1", "e1", "e2", "e2", "e2"], attendee_id=["a", "b", "a", "b", "c"]),
    ...     "sessions": frame(event_id=["e1", "e2"], session_id=["s1", "s2"], format=["structured"] * 2,
    ...                       start=["2024-01-10T09:00Z", "2024-03-10T09:00Z"],
    ...                       end=["2024-01-10T10:00Z", "2024-03-10T10:00Z"]),
    ...     "participation": frame(event_id=["e1", "e1", "e2", "e2", "e2"], session_id=["s1", "s1", "s2", "s2", "s2"],
    ...                            attendee_id=["a", "b", "a", "b", "c"]),
    ...     "contacts": frame(event_id=["e1", "e2", "e2"], attendee_id=["a", "a", "b"], contact_id=["b", "b", "c"]),
    ... }, settings={"privacy": {"keep_plain_ids": True}})  # readable ids for the example (default: pseudonyms)
    >>> g = contact_graph(data, event_id="e2")
    >>> g.number_of_nodes(), g.number_of_edges(), g.edges["a", "b"]["familiar"], g.edges["b", "c"]["familiar"]
    (3, 2, True, False)
    """
    import networkx as nx

    from toolkit.errors import UsageError

    att = data.attendees[as_string(data.attendees["event_id"]) == event_id]
    sessions = data.sessions[as_string(data.sessions["event_id"]) == event_id]
    if not len(att) and not len(sessions):
        raise UsageError(f"event_id {event_id!r} is not in the data; events: {sorted(data.event_ids)}")
    c = data.contacts[as_string(data.contacts["event_id"]) == event_id]
    graph = nx.Graph(event_id=event_id, session_id=session_id)
    attrs = [col for col in att.columns if col not in ("event_id", "attendee_id") and not col.startswith("_")]
    members = None
    if session_id is not None:
        ses = sessions[as_string(sessions["session_id"]) == session_id]
        if not len(ses):
            raise UsageError(f"session_id {session_id!r} is not a session of event {event_id!r}")
        part = data.participation
        part = part[(as_string(part["event_id"]) == event_id) & (as_string(part["session_id"]) == session_id)]
        members = set(as_string(part["attendee_id"]).dropna())
        c = c[_in_session(c, _session_pairs(data, event_id, session_id))]
        att = att[as_string(att["attendee_id"]).isin(members).fillna(False)]
        graph.add_nodes_from(sorted(members))
    for record in att.drop_duplicates("attendee_id").to_dict("records"):
        graph.add_node(str(record["attendee_id"]), **{k: (None if pd.isna(record[k]) else record[k]) for k in attrs})

    lo, hi, keep = _logged_pairs(c)
    edges = pd.DataFrame({"u": lo, "v": hi})
    edges["t"] = (utc_ns(c["timestamp"]) if "timestamp" in c.columns else np.full(len(c), NO_TIME))[keep]
    edges["duration_s"] = (pd.to_numeric(c["duration_s"], errors="coerce").to_numpy(dtype=float)[keep]
                           if "duration_s" in c.columns else np.nan)
    grouped = edges.groupby(["u", "v"], sort=True).agg(rows=("t", "size"), first=("t", "min"),
                                                       duration_s=("duration_s", lambda x: x.sum(min_count=1)))
    grouped["familiar"] = grouped.index.isin(_familiar_pairs(data, event_id)) if len(grouped) else False
    for (u, v), rec in zip(grouped.index, grouped.to_dict("records")):
        first = None if rec["first"] == NO_TIME else pd.Timestamp(int(rec["first"]), tz="UTC")
        duration = None if pd.isna(rec["duration_s"]) else float(rec["duration_s"])
        graph.add_edge(u, v, rows=int(rec["rows"]), first=first, duration_s=duration, familiar=bool(rec["familiar"]))

    if table is not None:
        if by not in table.columns:
            raise UsageError(f"contact_graph: the outcome table has no column {by!r} to put on the people.")
        rows = table.loc[as_string(table["event_id"]) == event_id, ["attendee_id", by]].drop_duplicates("attendee_id")
        values = dict(zip(as_string(rows["attendee_id"]).tolist(), rows[by].astype("string").tolist()))
        nx.set_node_attributes(graph, {n: None if pd.isna(values.get(n)) else values.get(n) for n in graph.nodes}, by)
    if add_brokerage and graph.number_of_edges():
        nx.set_node_attributes(graph, brokerage(graph).to_dict(), "brokerage")
    return graph


def _pair_ends(a, b) -> tuple[np.ndarray, np.ndarray]:
    """The two ids of each pair, the lower first, so that a pair logged in either order has one key.

    ``a`` and ``b``: the ids at either end, row by row (text, none missing).
    """
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return np.minimum(a, b), np.maximum(a, b)


def _logged_pairs(contacts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``lo``, ``hi`` (:func:`_pair_ends`) of the contact rows naming two different people, and which rows those are."""
    a, b = as_string(contacts["attendee_id"]), as_string(contacts["contact_id"])
    keep = (a.notna() & b.notna() & (a != b)).fillna(False).to_numpy()
    lo, hi = _pair_ends(a.to_numpy(dtype=object)[keep], b.to_numpy(dtype=object)[keep])
    return lo, hi, keep


def _session_pairs(data, event_id: str, session_id: str) -> set[tuple[str, str]]:
    """The pairs (lower id first) the outcome table counts in one session (:func:`_attributed_pairs`)."""
    pairs = _attributed_pairs(data, event_id)
    here = pairs[pairs["session_id"] == session_id]
    return set(zip(here["lo"], here["hi"]))


def _attributed_pairs(data, event_id: str) -> pd.DataFrame:
    """``session_id``, ``lo``, ``hi``: each pair once per session whose rows count it in the outcome table.

    Read from the outcome engine (:meth:`toolkit.outcome_sql.OutcomeQueries.session_contacts`), so that the
    network and the outcomes place a contact in the same session.
    """
    from toolkit.outcome_sql import OutcomeQueries

    with OutcomeQueries(data) as queries:
        ends = queries.session_contacts(str(event_id))
    lo, hi = _pair_ends(ends["attendee_id"].astype(str), ends["contact_id"].astype(str))
    return pd.DataFrame({"session_id": ends["session_id"].astype(str).to_numpy(dtype=object),
                         "lo": lo, "hi": hi}).drop_duplicates(ignore_index=True)


def _in_session(contacts: pd.DataFrame, pairs: set[tuple[str, str]]) -> np.ndarray:
    """Which contact rows belong to one of ``pairs`` (either order)."""
    lo, hi = _pair_ends(as_string(contacts["attendee_id"]).fillna(""), as_string(contacts["contact_id"]).fillna(""))
    return np.fromiter((pair in pairs for pair in zip(lo, hi)), dtype=bool, count=len(lo))


def _familiar_pairs(data, event_id: str) -> pd.MultiIndex:
    """Pairs (u < v, ids) with a contact at ``event_id`` who knew each other before it.

    The rule is the outcome table's own: both read ``known`` from the pairs of
    :class:`toolkit.outcome_sql.OutcomeQueries`, so the picture and
    ``familiar_share`` cannot disagree.
    """
    from toolkit.outcome_sql import OutcomeQueries

    with OutcomeQueries(data, upto="pairs") as queries:
        pairs = queries.known_pairs(event_id)
    return pd.MultiIndex.from_arrays(_pair_ends(pairs["lo"].astype(str), pairs["hi"].astype(str)), names=["u", "v"])


def brokerage(graph, *, attribute: str = "industry") -> pd.Series:
    """Pairs of each node's neighbours with different ``attribute`` values that are not linked.

    Neighbours whose attribute is missing are left out of the pairs.

    Parameters
    ----------
    graph : networkx.Graph
    attribute : str, default "industry"
        Node attribute compared (case and surrounding spaces ignored).

    Returns
    -------
    Series
        Brokerage per node (int), indexed by node, sorted by node.

    Example
    -------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "law", "c": "it", "d": "law"}, "industry")
    >>> brokerage(g).to_dict()
    {'a': 1, 'b': 0, 'c': 0, 'd': 0}
    """
    def label(node):
        value = graph.nodes[node].get(attribute)
        return None if value is None or pd.isna(value) else str(value).strip().lower()

    result = {}
    for node in graph.nodes:
        neighbours = [m for m in graph.neighbors(node) if label(m) is not None]
        result[node] = sum(1 for x, y in itertools.combinations(neighbours, 2)
                           if label(x) != label(y) and not graph.has_edge(x, y))
    return pd.Series(result, dtype="int64", name="brokerage").sort_index()


def session_mixing(data, table: pd.DataFrame, *, event_id: str, by: str = "style") -> pd.DataFrame:
    """How mixed each session of one event was: who met across groups, who was new, who bridged.

    One row per session of ``event_id`` (in the order of the sessions table):
    ``people`` in it (from the outcome table), ``format``, ``contacts`` in it
    (distinct pairs), ``mixed_share`` (of those pairs, the share between two
    people of different ``by`` groups, both known; NaN where no pair joins two
    known groups), ``new_per_person`` (mean new contacts), ``bridgers`` (people
    among the event's top tenth by ``brokerage``: they linked the most
    industries that did not otherwise meet) and ``bridger_share``.

    A session's contacts are those the outcome table counts in its rows
    (:meth:`toolkit.outcome_sql.OutcomeQueries.session_contacts`, the one
    attribution of docs/outcomes.md): all contacts of a person in that session
    only; of a person in several, those naming it in ``contacts.session_id``,
    else those whose time lies in its [start, end) window. So a folder whose
    contacts carry times but no session is read as the Overview reads it. ``attrs["unplaced"]`` counts the
    event's contacts no session holds, and why (:func:`unplaced_contacts`), for the words of a page.

    Parameters
    ----------
    data : EventData
    table : DataFrame
        The outcome table of :func:`toolkit.compute_outcomes` (one row per attendee and session).
    event_id : str
    by : str, default "style"
        The attendee column whose groups count as "mixed".

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> mixing = session_mixing(data, toolkit.compute_outcomes(data), event_id="E02")
    >>> list(mixing.columns)[:4], bool(mixing["mixed_share"].between(0, 1).all())
    (['session_id', 'format', 'people', 'contacts'], True)
    """
    rows = table.loc[(table["event_id"].astype(str) == str(event_id)) & table["session_id"].notna()]
    sessions = data.sessions.loc[data.sessions["event_id"].astype(str) == str(event_id), ["session_id", "format"]]
    groups = (rows.dropna(subset=[by]).drop_duplicates("attendee_id").set_index("attendee_id")[by].astype(str)
              if by in rows.columns else pd.Series(dtype="string"))
    groups = groups[groups != "unknown"]  # the style of someone who did not say is not a group of its own
    pairs = _attributed_pairs(data, event_id)
    span = pd.to_numeric(rows.get("brokerage", pd.Series(dtype=float)), errors="coerce")
    top = max(float(span.quantile(0.9)), 1.0) if span.notna().any() else float("inf")
    out = []
    for session_id, fmt in zip(sessions["session_id"].astype(str), sessions["format"]):
        people = rows.loc[rows["session_id"].astype(str) == session_id]
        here = pairs.loc[pairs["session_id"] == session_id]
        mine, theirs = here["lo"].map(groups), here["hi"].map(groups)
        both = mine.notna() & theirs.notna()
        brokers = int(pd.to_numeric(people.get("brokerage"), errors="coerce").fillna(0).ge(top).sum())
        n = int(people["attendee_id"].nunique())
        out.append({"session_id": session_id, "format": fmt, "people": n, "contacts": int(len(here)),
                    "mixed_share": float((mine[both] != theirs[both]).mean()) if both.any() else float("nan"),
                    "new_per_person": float(pd.to_numeric(people["new_contacts"], errors="coerce").astype("float64").mean())
                    if n else float("nan"),
                    "bridgers": brokers, "bridger_share": brokers / n if n else float("nan")})
    mixing = pd.DataFrame(out, columns=["session_id", "format", "people", "contacts", "mixed_share",
                                        "new_per_person", "bridgers", "bridger_share"])
    mixing.attrs["unplaced"] = unplaced_contacts(data, event_id, pairs)
    return mixing


def unplaced_contacts(data, event_id: str, pairs: pd.DataFrame | None = None) -> dict[str, int]:
    """How many of an event's contacts (distinct pairs) no session counts, and why, as far as the times tell.

    ``contacts``: the event's pairs; ``unplaced``: those in no session's rows (:func:`session_mixing`'s
    attribution, the outcome table's); of those, ``without_time`` have no time at all and ``outside`` only
    times outside every session's [start, end) window (a lunch meeting, one after the sessions). The rest
    of the unplaced are of people the participation puts in no session (or in several, without a time to
    choose by). ``pairs``: the attributed pairs, if already read.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> said = unplaced_contacts(data, "E02")
    >>> sorted(said), said["unplaced"] <= said["contacts"]
    (['contacts', 'outside', 'unplaced', 'without_time'], True)
    """
    if pairs is None:
        pairs = _attributed_pairs(data, event_id)
    c = data.contacts[as_string(data.contacts["event_id"]) == str(event_id)]
    lo, hi, keep = _logged_pairs(c)
    rows = pd.DataFrame({"lo": lo, "hi": hi,
                         "t": (utc_ns(c["timestamp"]) if "timestamp" in c.columns else np.full(len(c), NO_TIME))[keep]})
    placed = pd.MultiIndex.from_frame(pairs[["lo", "hi"]].astype(str)) if len(pairs) else None
    rows["placed"] = pd.MultiIndex.from_frame(rows[["lo", "hi"]]).isin(placed) if placed is not None else False
    sessions = data.sessions[as_string(data.sessions["event_id"]) == str(event_id)]
    windows = [(lo, hi) for lo, hi in zip(utc_ns(sessions["start"]), utc_ns(sessions["end"]))
               if lo != NO_TIME and hi != NO_TIME] if {"start", "end"} <= set(sessions.columns) else []
    timed = rows["t"].ne(NO_TIME)
    inside = np.zeros(len(rows), dtype=bool)
    for lo, hi in windows:
        inside |= (rows["t"].to_numpy() >= lo) & (rows["t"].to_numpy() < hi) & timed.to_numpy()
    rows["timed"], rows["inside"] = timed, inside
    per_pair = rows.groupby(["lo", "hi"], sort=False).agg(placed=("placed", "any"), timed=("timed", "any"),
                                                          inside=("inside", "any"))
    off = per_pair[~per_pair["placed"]]
    return {"contacts": int(len(per_pair)), "unplaced": int(len(off)), "without_time": int((~off["timed"]).sum()),
            "outside": int((off["timed"] & ~off["inside"]).sum())}

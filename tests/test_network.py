"""Contact network and brokerage: networkx graph of an event, vectorised brokerage against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from test_outcomes import make_data, tiny_folder

import toolkit
from toolkit.network import brokerage


def test_contact_graph_of_an_event():
    data = tiny_folder()
    g = toolkit.contact_graph(data, event_id="spring")
    assert sorted(g.nodes) == list("abcdef")
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("a", "b"), ("a", "c"), ("a", "d"), ("c", "d"),
                                                         ("d", "e"), ("e", "f")]
    assert g.edges["a", "b"]["rows"] == 3
    assert g.edges["a", "b"]["first"] == pd.Timestamp("2024-04-15T09:10:00Z")
    assert g.nodes["e"]["industry"] == "retail"
    assert brokerage(g).to_dict() == {"a": 1, "b": 0, "c": 0, "d": 2, "e": 1, "f": 0}


def test_contact_graph_of_a_session():
    data = tiny_folder()
    g = toolkit.contact_graph(data, event_id="spring", session_id="S2")
    # S2 (10:00-11:00 UTC): c, d, e take part; d-c is named S2, d-e at 12:30+02:00, e-f at 10:45
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("c", "d"), ("d", "e"), ("e", "f")]
    assert {"c", "d", "e"} <= set(g.nodes)


def test_unknown_event_or_session_is_a_usage_error():
    data = tiny_folder()
    with pytest.raises(toolkit.UsageError, match="not in the data"):
        toolkit.contact_graph(data, event_id="summer")
    with pytest.raises(toolkit.UsageError, match="not a session"):
        toolkit.contact_graph(data, event_id="spring", session_id="S9")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sql_brokerage_equals_networkx(seed):
    # the outcome table's brokerage (SQL, triangles listed once by degree order) against the plain networkx
    # count, with unknown industries and people who are not on the attendee list
    rng = np.random.default_rng(seed)
    n = 80
    graph = nx.gnm_random_graph(n, 500, seed=seed)
    groups = rng.integers(-1, 4, size=n)  # -1: industry unknown
    groups[n - 5:] = -1                    # people without a table row have no known industry
    nx.set_node_attributes(graph, {i: (None if groups[i] < 0 else f"g{groups[i]}") for i in range(n)}, "industry")
    attendees = [{"event_id": "E", "attendee_id": f"p{i}", "industry": None if groups[i] < 0 else f"g{groups[i]}"}
                 for i in range(n - 5)]
    contacts = [{"event_id": "E", "attendee_id": f"p{u}", "contact_id": f"p{v}"} for u, v in graph.edges]
    data = make_data(loader=False, attendees=attendees, contacts=contacts,
                     sessions=[{"event_id": "E", "session_id": "S", "format": "unstructured"}])
    table = toolkit.compute_outcomes(data).set_index("attendee_id")
    expected = brokerage(graph)
    assert {int(k[1:]): int(v) for k, v in table["brokerage"].items()} == {i: int(expected[i]) for i in range(n - 5)}


def test_brokerage_per_event_in_outcome_table():
    # the same people at two events: brokerage uses each event's own network
    attendees = [{"event_id": e, "attendee_id": p, "industry": i}
                 for e in ("E1", "E2") for p, i in (("a", "x"), ("b", "y"), ("c", "z"))]
    contacts = [{"event_id": "E1", "attendee_id": "a", "contact_id": "b"},
                {"event_id": "E1", "attendee_id": "a", "contact_id": "c"},
                {"event_id": "E2", "attendee_id": "a", "contact_id": "b"},
                {"event_id": "E2", "attendee_id": "a", "contact_id": "c"},
                {"event_id": "E2", "attendee_id": "b", "contact_id": "c"}]
    data = make_data(attendees=attendees, contacts=contacts,
                     sessions=[{"event_id": e, "session_id": "S", "format": "unstructured"} for e in ("E1", "E2")])
    table = toolkit.compute_outcomes(data).set_index(["event_id", "attendee_id"])
    assert table.loc[("E1", "a"), "brokerage"] == 1
    assert table.loc[("E2", "a"), "brokerage"] == 0


def _two_event_folder():
    """'zeta' (January) comes before 'alpha' (March), although it sorts after it by name.

    zeta:  a-b, a-c, c-d exchange.   alpha: a-b, b-c, c-e, d-e, a-d exchange.
    known_ties: c-e (no event: known everywhere), b-c named at alpha, a-c named at alpha.
    Familiar at alpha: a-b (met at zeta), b-c (tie at alpha), c-e (tie, any event); not d-e, not a-d
    (c-d met at zeta, but d-e and a-d did not). At zeta nothing is familiar: a-c's tie is named from alpha on.
    """
    from toolkit.io.load import from_tables

    def frame(**cols):
        return pd.DataFrame(cols)

    people = {"zeta": "abcd", "alpha": "abcde"}
    rows = [(e, p) for e, ps in people.items() for p in ps]
    industry = {"a": "law", "b": "it", "c": "law", "d": "retail", "e": "it"}
    contacts = [("zeta", "a", "b"), ("zeta", "c", "a"), ("zeta", "c", "d"),
                ("alpha", "b", "a"), ("alpha", "b", "c"), ("alpha", "e", "c"), ("alpha", "d", "e"), ("alpha", "a", "d")]
    return from_tables({
        "attendees": frame(event_id=[e for e, _ in rows], attendee_id=[p for _, p in rows],
                           industry=[industry[p] for _, p in rows]),
        "sessions": frame(event_id=["zeta", "alpha"], session_id=["Z1", "A1"], format=["unstructured", "structured"],
                          start=["2024-01-10T09:00Z", "2024-03-10T09:00Z"], end=["2024-01-10T10:00Z", "2024-03-10T10:00Z"]),
        "participation": frame(event_id=[e for e, _ in rows], session_id=["Z1" if e == "zeta" else "A1" for e, _ in rows],
                               attendee_id=[p for _, p in rows]),
        "contacts": frame(event_id=[e for e, _, _ in contacts], attendee_id=[a for _, a, _ in contacts],
                          contact_id=[b for _, _, b in contacts],
                          timestamp=["2024-01-10T09:30Z" if e == "zeta" else "2024-03-10T09:30Z" for e, _, _ in contacts]),
        "known_ties": frame(attendee_id=["c", "b", "a"], contact_id=["e", "c", "c"], event_id=[None, "alpha", "alpha"]),
    }, settings={"privacy": {"keep_plain_ids": True}})  # hand-made people a-e keep their names here


def _familiar_edges(graph) -> set[tuple[str, str]]:
    return {tuple(sorted((u, v))) for u, v, known in graph.edges(data="familiar") if known}


def test_edges_are_familiar_by_known_ties_and_earlier_events():
    data = _two_event_folder()
    later = toolkit.contact_graph(data, event_id="alpha")
    assert all(isinstance(known, bool) for _, _, known in later.edges(data="familiar"))
    assert _familiar_edges(later) == {("a", "b"), ("b", "c"), ("c", "e")}
    earlier = toolkit.contact_graph(data, event_id="zeta")
    assert earlier.number_of_edges() == 3 and _familiar_edges(earlier) == set()
    session = toolkit.contact_graph(data, event_id="alpha", session_id="A1")
    assert session.number_of_edges() == 5 and _familiar_edges(session) == _familiar_edges(later)


def test_familiar_edges_agree_with_the_outcome_tables_familiar_share():
    data = _two_event_folder()
    table = toolkit.compute_outcomes(data)
    for event in ("zeta", "alpha"):
        g = toolkit.contact_graph(data, event_id=event)
        share = {n: sum(bool(d["familiar"]) for d in g.adj[n].values()) / g.degree(n) for n in g.nodes if g.degree(n)}
        rows = table[table["event_id"] == event].set_index("attendee_id")["familiar_share"].astype(float)
        assert rows.loc[sorted(share)].to_dict() == pytest.approx(share)


def test_graph_carries_segments_and_brokerage_for_the_picture():
    data = _two_event_folder()
    table = toolkit.compute_outcomes(data)
    g = toolkit.contact_graph(data, event_id="alpha", table=table, by="industry", add_brokerage=True)
    assert nx.get_node_attributes(g, "industry") == {"a": "law", "b": "it", "c": "law", "d": "retail", "e": "it"}
    assert nx.get_node_attributes(g, "brokerage") == brokerage(g).to_dict()
    assert set(nx.get_node_attributes(toolkit.contact_graph(data, event_id="alpha", table=table), "style").values()) \
        == {"unknown"}
    with pytest.raises(toolkit.UsageError, match="no column 'nonsense'"):
        toolkit.contact_graph(data, event_id="alpha", table=table, by="nonsense")

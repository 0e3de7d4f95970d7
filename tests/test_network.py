"""Contact network and brokerage: networkx graph of an event, vectorised brokerage against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from test_outcomes import make_data, tiny_folder

import toolkit
from toolkit.network import _brokerage_codes, brokerage


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
def test_vectorised_brokerage_equals_networkx(seed):
    rng = np.random.default_rng(seed)
    n = 80
    graph = nx.gnm_random_graph(n, 500, seed=seed)
    groups = rng.integers(-1, 4, size=n)  # -1: industry unknown
    groups[n - 5:] = -1                    # people without a table row have no known industry
    nx.set_node_attributes(graph, {i: (None if groups[i] < 0 else f"g{groups[i]}") for i in range(n)}, "industry")
    edges = np.array(list(graph.edges))
    lo, hi = edges.min(axis=1), edges.max(axis=1)
    # every node has a table row equal to its number, except the last 5 (people not registered)
    rows = np.where(np.arange(n) < n - 5, np.arange(n), -1)
    got_rows, values = _brokerage_codes(lo, hi, rows[lo], rows[hi], groups, max_wedges=10**9)
    expected = brokerage(graph)
    assert dict(zip(got_rows.tolist(), values.tolist())) == {i: int(expected[i]) for i in range(n - 5)}


def test_brokerage_in_batches_equals_one_pass(monkeypatch):
    import toolkit.network as network

    graph = nx.gnm_random_graph(200, 3000, seed=5)
    edges = np.array(list(graph.edges))
    lo, hi = edges.min(axis=1), edges.max(axis=1)
    groups = np.arange(200) % 5
    rows = np.arange(200)
    _, whole = _brokerage_codes(lo, hi, rows[lo], rows[hi], groups, max_wedges=10**9)
    monkeypatch.setattr(network, "_WEDGE_BATCH", 50)
    _, batched = _brokerage_codes(lo, hi, rows[lo], rows[hi], groups, max_wedges=10**9)
    assert whole.tolist() == batched.tolist()


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


def test_dense_and_hashed_edge_tests_agree(monkeypatch):
    import toolkit.network as network

    graph = nx.gnm_random_graph(150, 2000, seed=9)
    edges = np.array(list(graph.edges))
    lo, hi = edges.min(axis=1), edges.max(axis=1)
    groups, rows = np.arange(150) % 4, np.arange(150)
    _, dense = _brokerage_codes(lo, hi, rows[lo], rows[hi], groups, max_wedges=10**9)
    monkeypatch.setattr(network, "_DENSE_ADJACENCY", 0)
    _, hashed = _brokerage_codes(lo, hi, rows[lo], rows[hi], groups, max_wedges=10**9)
    assert dense.tolist() == hashed.tolist()

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
    # S2 (10:00-11:00 UTC): c, d, e take part; d-c is named S2, d-e at 12:30+02:00, e-f at 10:45 (e is in S2
    # only: all of e's evening counts there); a-c at 09:15 too, as the outcome table counts it in c's S2 row
    # (c is in S2 only), though a met c in S1's window
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("a", "c"), ("c", "d"), ("d", "e"), ("e", "f")]
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


# ---------------------------------------------------------------------------- session mixing: the outcomes' attribution

def timed_tables(*, named: bool = False) -> dict[str, list[dict]]:
    """Two sessions of one evening; contacts with times and (unless ``named``) no session_id.

    p0-p5 at the tables (18:00-19:00), p4-p9 in the open room (19:00-20:00): p4 and p5 are in both.
    Industries go law, it, retail, law, ... (p0 law, p1 it, p2 retail, p3 law, ...): the tables' pairs
    are mixed but one, the open room's all within one industry.
    """
    people = [f"p{k}" for k in range(10)]
    industry = ["law", "it", "retail"]
    tables, open_room = people[:6], people[4:]
    contacts = [("p0", "p1", "18:10", "tables"), ("p1", "p2", "18:20", "tables"), ("p2", "p3", "18:30", "tables"),
                ("p4", "p5", "18:40", "tables"),                                   # in both: by time
                ("p4", "p7", "19:10", "open"), ("p5", "p8", "19:20", "open"),      # it-it, retail-retail
                ("p6", "p9", "19:30", "open"), ("p7", "p4", "19:40", "open"),      # law-law; p4-p7 again
                ("p0", "p6", "20:30", None)]                                       # law-law, after both windows
    return dict(
        attendees=[{"event_id": "E", "attendee_id": p, "industry": industry[k % 3]} for k, p in enumerate(people)],
        sessions=[{"event_id": "E", "session_id": "tables", "format": "structured",
                   "start": "2026-10-08T18:00:00Z", "end": "2026-10-08T19:00:00Z"},
                  {"event_id": "E", "session_id": "open", "format": "unstructured",
                   "start": "2026-10-08T19:00:00Z", "end": "2026-10-08T20:00:00Z"}],
        participation=[{"event_id": "E", "session_id": s, "attendee_id": p}
                       for s, members in (("tables", tables), ("open", open_room)) for p in members],
        contacts=[{"event_id": "E", "attendee_id": a, "contact_id": b, "timestamp": f"2026-10-08T{t}:00Z",
                   "session_id": s if named else None} for a, b, t, s in contacts])


def _timed_folder(*, named: bool = False):
    return make_data(**timed_tables(named=named))


def test_session_mixing_places_timed_contacts_without_a_session_as_the_outcomes_do():
    from toolkit.network import session_mixing
    from toolkit.wording import mixing_answer

    data = _timed_folder()
    assert data.contacts["session_id"].isna().all()
    table = toolkit.compute_outcomes(data)
    mixing = session_mixing(data, table, event_id="E", by="industry").set_index("session_id")
    # tables: p0-p1, p1-p2, p2-p3, p4-p5 (by its time) and p0-p6 (p0 is at the tables only: all of p0's evening
    # counts there); open: p4-p7 (once), p5-p8, p6-p9 and p0-p6 again (p6 is in the open room only)
    assert mixing.loc["tables", "contacts"] == 5 and mixing.loc["open", "contacts"] == 4
    assert mixing.loc["tables", "people"] == 6 and mixing.loc["open", "people"] == 6
    assert mixing.loc["tables", "mixed_share"] == 0.8 and mixing.loc["open", "mixed_share"] == 0
    answer = mixing_answer(mixing.reset_index(), by="industry", event="E")
    assert "no session to compare" not in answer and "tables" in answer, answer


def test_session_mixing_agrees_with_the_outcome_table_session_by_session():
    from toolkit.network import session_mixing
    from toolkit.outcome_sql import OutcomeQueries

    for named in (False, True):
        data = _timed_folder(named=named)
        table = toolkit.compute_outcomes(data)
        with OutcomeQueries(data) as queries:
            ends = queries.session_contacts("E")
        # each person's end of a pair placed in a session is one contact of their row of that session
        per_row = ends.groupby(["attendee_id", "session_id"]).size()
        counted = table.dropna(subset=["session_id"]).set_index(["attendee_id", "session_id"])["contacts"]
        assert per_row.reindex(counted.index, fill_value=0).astype(int).to_dict() == \
            counted.fillna(0).astype(int).to_dict()
        mixing = session_mixing(data, table, event_id="E", by="industry").set_index("session_id")
        assert mixing["contacts"].to_dict() == {"tables": 5, "open": 4}


def test_session_mixing_leaves_out_contacts_the_outcomes_cannot_place():
    """People in several sessions, contacts without session or time: missing in the outcomes, none here."""
    from toolkit.network import session_mixing

    data = _timed_folder()
    data.contacts["timestamp"] = pd.NaT
    table = toolkit.compute_outcomes(data)
    mixing = session_mixing(data, table, event_id="E", by="industry").set_index("session_id")
    unplaced = table.loc[table["attribution"] == "unattributable", "attendee_id"].unique()
    assert set(unplaced) == {"p4", "p5"}
    # the tables keep the contacts of the people there only (p0-p1, p1-p2, p2-p3, p0-p6), not p4-p5; the open
    # room p7's, p8's and p6's, p4-p7 and p5-p8 among them (from p7's and p8's side)
    assert mixing.loc["tables", "contacts"] == 4 and mixing.loc["open", "contacts"] == 4


def test_the_picture_of_a_session_has_the_pairs_its_mixing_counts():
    from toolkit.network import session_mixing

    data = _timed_folder()
    mixing = session_mixing(data, toolkit.compute_outcomes(data), event_id="E", by="industry")
    for session_id, contacts in zip(mixing["session_id"], mixing["contacts"]):
        assert toolkit.contact_graph(data, event_id="E", session_id=session_id).number_of_edges() == contacts


def test_no_session_to_compare_says_the_contacts_could_not_be_placed_and_why():
    """Everyone in both sessions: a contact is placed by its time only; none has one inside a session."""
    from toolkit.network import session_mixing, unplaced_contacts
    from toolkit.wording import mixing_answer

    tables = timed_tables()
    people = [f"p{k}" for k in range(10)]
    tables["participation"] = [{"event_id": "E", "session_id": s, "attendee_id": p}
                               for s in ("tables", "open") for p in people]
    # six contacts without a time, five at lunch (after both sessions), each pair once
    pairs = [(f"p{k}", f"p{k + 1}") for k in range(9)] + [("p0", "p5"), ("p1", "p6")]
    tables["contacts"] = [{"event_id": "E", "attendee_id": a, "contact_id": b,
                           "timestamp": None if k < 6 else "2026-10-08T21:15:00Z", "session_id": None}
                          for k, (a, b) in enumerate(pairs)]
    data = make_data(**tables)
    table = toolkit.compute_outcomes(data)
    mixing = session_mixing(data, table, event_id="E", by="industry")
    assert mixing["contacts"].sum() == 0
    assert mixing.attrs["unplaced"] == {"contacts": 11, "unplaced": 11, "without_time": 6, "outside": 5}
    assert unplaced_contacts(data, "E") == mixing.attrs["unplaced"]
    answer = mixing_answer(mixing, by="industry", event="E")
    assert "no session to compare" in answer
    assert "11 of its 11 contacts could not be placed in a session" in answer, answer
    assert "6 have no time" in answer and "5 a time outside every session's start and end" in answer, answer


def test_no_session_to_compare_without_unplaced_contacts_says_nothing_of_placing():
    from toolkit.network import session_mixing
    from toolkit.wording import mixing_answer

    data = _timed_folder()
    mixing = session_mixing(data, toolkit.compute_outcomes(data), event_id="E", by="industry")
    assert mixing.attrs["unplaced"]["unplaced"] == 0
    empty = mixing.assign(people=0)
    empty.attrs = mixing.attrs
    answer = mixing_answer(empty, by="industry", event="E")
    assert "no session to compare" in answer and "could not be placed" not in answer

"""Outcome table: hand-computed tiny folders for every outcome, the real HT09 log, the CLI."""

from __future__ import annotations

import copy
import dataclasses
import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.contract import ID_COLUMNS, OUTCOMES, TABLES, TIME_COLUMNS, YES_NO_COLUMNS
from toolkit.io.load import EventData
from toolkit.settings import PrivacySettings, Settings, StyleScale

# --------------------------------------------------------------------------- building EventData by hand


def make_data(settings: Settings | None = None, *, loader: bool = True,
              **tables: pd.DataFrame | list[dict]) -> EventData:
    """EventData from raw tables: through the loader (``toolkit.io.load.from_tables``) by default.

    With ``loader=False`` the tables are only given the documented in-memory
    dtypes (see toolkit/io/load.py) without any check or setting aside: ids
    ``string``, format/assignment categorical, yes/no ``boolean``, times UTC,
    survey answers ``Float64``, ``_row``/``_file`` bookkeeping. That path tests
    the outcome code on rows the loader would set aside.
    """
    if loader:
        from toolkit.io.load import from_tables

        raw = {name: (pd.DataFrame(t) if not isinstance(t, pd.DataFrame) else t) for name, t in tables.items()}
        for name, spec in TABLES.items():
            if spec.is_required_table and name not in raw:
                raw[name] = pd.DataFrame({c: pd.Series([], dtype="string") for c in spec.required})
        # hand computations name people A, B, C: keep those plain codes (the documented [privacy] setting);
        # the privacy tests check that ids are pseudonymised by default
        settings = dataclasses.replace(settings or Settings(), privacy=PrivacySettings(keep_plain_ids=True))
        return from_tables(raw, settings=settings, errors="raise")
    frames = {}
    for name, spec in TABLES.items():
        raw = tables.get(name, [])
        frame = pd.DataFrame(raw) if not isinstance(raw, pd.DataFrame) else raw.copy()
        for col in spec.columns:
            if col not in frame.columns:
                frame[col] = pd.Series([None] * len(frame), dtype=object)
        for col in ID_COLUMNS.get(name, ()):
            frame[col] = frame[col].astype("string")
        for col in YES_NO_COLUMNS.get(name, ()):
            frame[col] = frame[col].map({"yes": True, "no": False, True: True, False: False}).astype("boolean")
        for col in TIME_COLUMNS.get(name, ()):
            frame[col] = pd.to_datetime(frame[col], utc=True, format="ISO8601")
        if name == "sessions":
            frame["format"] = pd.Categorical(frame["format"], categories=["structured", "unstructured"])
            frame["assignment"] = pd.Categorical(frame["assignment"].fillna("scheduled"),
                                                 categories=["randomized", "self_selected", "scheduled"])
        if name == "survey":
            for col in frame.columns:
                if col not in ("event_id", "attendee_id") and col not in YES_NO_COLUMNS["survey"]:
                    frame[col] = pd.to_numeric(frame[col]).astype("Float64")
        if name == "followups":
            frame["kind"] = pd.Categorical(frame["kind"], categories=["email", "call", "meeting", "social"])
        frame["_row"] = pd.array(np.arange(2, len(frame) + 2), dtype="Int64")
        frame["_file"] = pd.array([f"{name}.csv"] * len(frame), dtype="string")
        frames[name] = frame.reset_index(drop=True)
    return EventData(**frames, settings=settings or Settings())


def tiny_folder(*, loader: bool = True) -> EventData:
    """Two events; 'winter' (January) is earlier than 'spring' (April) although it sorts later by name.

    See the tests for the hand computation. A fresh copy each call (tests change it).
    """
    return copy.deepcopy(_tiny_folder(loader))


@functools.lru_cache(maxsize=2)
def _tiny_folder(loader: bool) -> EventData:
    att = [("winter", x, ind) for x, ind in (("a", "law"), ("b", "it"), ("c", "law"))]
    att += [("spring", x, ind) for x, ind in (("a", "law"), ("b", "it"), ("c", "law"), ("d", "it"),
                                               ("e", "retail"), ("f", "law"))]
    attendees = [{"event_id": e, "attendee_id": a, "industry": i, "company_size": 10, "first_time": "no",
                  "networking_style": None} for e, a, i in att]
    sessions = [
        {"event_id": "winter", "session_id": "W1", "format": "unstructured", "start": "2024-01-15T09:00:00Z",
         "end": "2024-01-15T11:00:00Z"},
        # offsets on purpose: S1 is 09:00-10:00 UTC, S2 10:00-11:00 UTC
        {"event_id": "spring", "session_id": "S1", "format": "structured", "assignment": "randomized",
         "grouping": "industry", "start": "2024-04-15T11:00:00+02:00", "end": "2024-04-15T12:00:00+02:00"},
        {"event_id": "spring", "session_id": "S2", "format": "unstructured", "assignment": "randomized",
         "start": "2024-04-15T06:00:00-04:00", "end": "2024-04-15T07:00:00-04:00"},
    ]
    participation = [{"event_id": "winter", "session_id": "W1", "attendee_id": x} for x in "abc"]
    participation += [{"event_id": "spring", "session_id": s, "attendee_id": x, "group_id": g}
                      for s, x, g in (("S1", "a", "g1"), ("S1", "b", "g1"), ("S2", "c", None), ("S1", "d", "g2"),
                                      ("S2", "d", None), ("S2", "e", None))]
    contacts = [
        {"event_id": "winter", "attendee_id": "a", "contact_id": "b", "timestamp": "2024-01-15T10:00:00Z"},
        # same pair, both orders, repeated
        {"event_id": "spring", "attendee_id": "a", "contact_id": "b", "timestamp": "2024-04-15T09:10:00Z", "interest": "yes"},
        {"event_id": "spring", "attendee_id": "b", "contact_id": "a", "timestamp": "2024-04-15T09:20:00Z", "interest": "no"},
        {"event_id": "spring", "attendee_id": "a", "contact_id": "b", "timestamp": "2024-04-15T09:30:00Z"},
        {"event_id": "spring", "attendee_id": "a", "contact_id": "c", "timestamp": "2024-04-15T09:15:00Z"},
        {"event_id": "spring", "attendee_id": "d", "contact_id": "a", "timestamp": "2024-04-15T09:40:00Z", "interest": "yes"},
        # across time zones: 12:30 at +02:00 is 10:30 UTC, inside S2
        {"event_id": "spring", "attendee_id": "d", "contact_id": "e", "timestamp": "2024-04-15T12:30:00+02:00"},
        # session named: S2 wins over the time (09:50 is inside S1)
        {"event_id": "spring", "attendee_id": "d", "contact_id": "c", "timestamp": "2024-04-15T09:50:00Z", "session_id": "S2"},
        {"event_id": "spring", "attendee_id": "e", "contact_id": "f", "timestamp": "2024-04-15T10:45:00Z", "channel": "proximity"},
        {"event_id": "spring", "attendee_id": "a", "contact_id": "a", "timestamp": "2024-04-15T10:45:00Z"},  # self: ignored
    ]
    followups = [
        {"attendee_id": "a", "contact_id": "d", "timestamp": "2024-04-20T09:40:00Z", "kind": "email"},   # day 5
        {"attendee_id": "d", "contact_id": "a", "timestamp": "2024-04-23T09:41:00Z", "kind": "email"},   # day 8: no
        {"attendee_id": "d", "contact_id": "e", "timestamp": "2024-04-22T12:30:00+02:00", "kind": "call",
         "event_id": "spring"},                                                                         # exactly 7 days
        {"attendee_id": "c", "contact_id": "d", "timestamp": "2024-05-10T10:00:00Z", "kind": "meeting"},  # day 25
        {"attendee_id": "b", "contact_id": "e", "timestamp": "2024-04-16T10:00:00Z", "kind": "email"},   # never met
        {"attendee_id": "a", "contact_id": "b", "timestamp": "2024-01-16T10:00:00Z", "kind": "email"},   # -> winter
        {"attendee_id": "a", "contact_id": "b", "timestamp": "2024-04-16T10:00:00Z", "kind": "email"},   # -> spring (known)
    ]
    known_ties = [
        {"attendee_id": "c", "contact_id": "a"},                       # no event: known everywhere
        {"attendee_id": "f", "contact_id": "e", "event_id": "spring"},  # known from spring on
    ]
    survey = [
        {"event_id": "spring", "attendee_id": "a", "satisfaction": 4, "met_helpful": "yes", "s1": 5, "s2": 1, "s3": 4},
        {"event_id": "spring", "attendee_id": "b", "satisfaction": 2, "met_helpful": "no", "s1": 2, "s2": 4, "s3": None},
        {"event_id": "spring", "attendee_id": "c", "satisfaction": None, "met_helpful": None, "s1": 3, "s2": None, "s3": None},
    ]
    settings = Settings(style_scale=StyleScale(items=("s1", "s2", "s3"), reversed=("s2",)))
    return make_data(settings, loader=loader, attendees=attendees, sessions=sessions, participation=participation,
                     contacts=contacts, followups=followups, known_ties=known_ties, survey=survey)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """The tiny folder's outcome table (tests that change the data build their own)."""
    return toolkit.compute_outcomes(tiny_folder())


def col(table: pd.DataFrame, event: str, column: str) -> dict:
    """{attendee: value} at an event; a person with one row per session is keyed ``attendee@session``."""
    sub = table[table["event_id"] == event]
    several = sub["n_sessions"].fillna(0).to_numpy() > 1
    keys = [f"{a}@{s}" if m else a for a, s, m in zip(sub["attendee_id"], sub["session_id"], several)]
    return {k: (None if pd.isna(v) else v) for k, v in zip(keys, sub[column])}


# --------------------------------------------------------------------------- shape


def test_one_row_per_exposure_with_contract_columns(table):
    # nine attendee-event rows, and d (in S1 and S2 at spring) has one row per session: ten rows
    # (changed on purpose by "sessions as the unit of exposure"; it was one row per attendee and event)
    assert len(table) == 10
    assert not table.duplicated(["event_id", "attendee_id", "session_id"]).any()
    assert table.loc[table["n_sessions"] <= 1].duplicated(["event_id", "attendee_id"]).sum() == 0
    lead = ["event_id", "attendee_id", "session_id", "format", "assignment", "grouping", "group_id", "n_sessions",
            "session_order", "attribution", "industry", "company_size", "first_time", "networking_style", "s1", "s2", "s3",
            "responded", "style_score", "style", "style_source"]
    assert list(table.columns) == lead + list(OUTCOMES) + ["reciprocated_share", "interest_share", "brokerage",
                                                           "event_contacts", "event_new_contacts"]
    assert table["event_id"].dtype == "string" and table["contacts"].dtype == "Int64"
    assert table["familiar_share"].dtype == "Float64" and table["spectator"].dtype == "boolean"
    assert isinstance(table["format"].dtype, pd.CategoricalDtype)


# --------------------------------------------------------------------------- contact outcomes


def test_contacts_count_pairs_once_in_either_order(table):
    # a-b appears 3 times in both orders at spring; the self-contact a-a is ignored
    # d's contacts are split by session: a at 09:40 UTC falls in S1; e (12:30+02:00 = 10:30 UTC) in S2 by
    # time, and c names S2 (changed on purpose: d had one row with 3 contacts)
    assert col(table, "spring", "contacts") == {"a": 3, "b": 1, "c": 2, "d@S1": 1, "d@S2": 2, "e": 2, "f": 1}
    assert col(table, "winter", "contacts") == {"a": 1, "b": 1, "c": 0}


def test_known_ties_from_table_and_earlier_event(table):
    # a-b met at winter (January, earlier although 'spring' sorts first) -> known at spring;
    # c-a listed without event -> known; e-f listed for spring -> known; the rest new
    assert col(table, "spring", "new_contacts") == {"a": 1, "b": 0, "c": 1, "d@S1": 1, "d@S2": 2, "e": 1, "f": 0}
    # at winter a-b is a first meeting (a later event never makes a pair known)
    assert col(table, "winter", "new_contacts") == {"a": 1, "b": 1, "c": 0}
    fam = col(table, "spring", "familiar_share")
    assert fam == pytest.approx({"a": 2 / 3, "b": 1.0, "c": 0.5, "d@S1": 0.0, "d@S2": 0.0, "e": 0.5, "f": 1.0})
    assert col(table, "winter", "familiar_share") == {"a": 0.0, "b": 0.0, "c": None}


def test_event_order_by_start_time_then_by_id():
    data = tiny_folder()
    order = toolkit.outcomes.event_order(data).set_index("event_id")["order"].to_dict()
    assert order == {"winter": 0, "spring": 1}
    # without any time, the order falls back on the natural order of event_id: then spring is first
    # and a-b is new there
    data.contacts["timestamp"] = pd.NaT
    data.sessions["start"] = pd.NaT
    data.sessions["end"] = pd.NaT
    order = toolkit.outcomes.event_order(data).set_index("event_id")["order"].to_dict()
    assert order == {"spring": 0, "winter": 1}
    table = toolkit.compute_outcomes(data)
    assert col(table, "winter", "new_contacts")["a"] == 0


def test_events_without_times_follow_the_natural_order_of_ids_before_and_after_a_csv_round_trip(tmp_path):
    # E9 and E10 have no time at all. The outcome table used to order them as text (E10 first: the pair
    # a-b met "earlier" at E10) while event_sequence, on a table read back from a CSV file, used the
    # natural order (E9 first): "the last event" changed with the round trip. One rule now: E9, then E10.
    data = make_data(
        attendees=[{"event_id": e, "attendee_id": p} for e in ("E9", "E10") for p in ("a", "b")],
        sessions=[{"event_id": e, "session_id": f"s-{e}", "format": "structured", "assignment": "randomized"}
                  for e in ("E9", "E10")],
        participation=[{"event_id": e, "session_id": f"s-{e}", "attendee_id": p} for e in ("E9", "E10") for p in "ab"],
        contacts=[{"event_id": e, "attendee_id": "a", "contact_id": "b"} for e in ("E9", "E10")],
    )
    order = toolkit.events.event_order(data).set_index("event_id")["order"].to_dict()
    assert order == {"E9": 0, "E10": 1}
    table = toolkit.compute_outcomes(data)
    assert table.attrs["event_order"] == ["E9", "E10"]
    # a-b met first at E9, so they knew each other at E10
    assert col(table, "E9", "new_contacts") == {"a": 1, "b": 1}
    assert col(table, "E10", "new_contacts") == {"a": 0, "b": 0}
    path = tmp_path / "outcomes.csv"
    table.to_csv(path, index=False)
    read_back = pd.read_csv(path)
    assert not read_back.attrs
    assert toolkit.events.event_sequence(table) == toolkit.events.event_sequence(read_back) == ["E9", "E10"]
    assert toolkit.events.event_sequence(read_back)[-1] == toolkit.events.event_sequence(table, data)[-1] == "E10"
    # the event summary lists the events in that order too
    assert toolkit.event_summary(read_back)["event_id"].tolist() == ["E9", "E10"]


def test_table_carries_the_event_order_so_the_last_event_is_the_latest_in_time(table):
    # "winter" sorts after "spring" as text but took place first: the last event is spring
    assert table.attrs["event_order"] == ["winter", "spring"]
    mix = toolkit.default_mix(table, by="industry")
    spring = table[(table["event_id"] == "spring") & table["format"].notna()]
    assert mix == pytest.approx(spring["industry"].value_counts(normalize=True).to_dict())


def test_spectator_is_no_new_contact(table):
    assert col(table, "spring", "spectator") == {"a": False, "b": True, "c": False, "d@S1": False, "d@S2": False,
                                                 "e": False, "f": True}
    assert col(table, "winter", "spectator")["c"] == True  # noqa: E712 (numpy bool)


def test_an_attendee_place_is_a_person_at_one_event_whatever_their_sessions():
    """The one key the report's season figures and the follow-through table count people by."""
    from toolkit.outcomes import attendee_places

    t = pd.DataFrame({"event_id": ["E1", "E1", "E2", "E1", "E11"], "attendee_id": ["a", "a", "a", "12", "2"]},
                     index=[10, 11, 12, 13, 14])
    places = attendee_places(t)
    assert places.index.tolist() == [10, 11, 12, 13, 14]
    assert places[10] == places[11]          # two sessions of one event: one place
    assert places[10] != places[12]          # the same person at another event: another place
    assert places[13] != places[14]          # "E1"+"12" is not "E11"+"2"
    assert places.nunique() == 4
    # a table without the ids (a summary of a summary): every row its own place
    assert attendee_places(t.drop(columns="attendee_id")).nunique() == 5


def test_cross_industry_share(table):
    assert col(table, "spring", "cross_industry_share") == pytest.approx(
        {"a": 2 / 3, "b": 1.0, "c": 0.5, "d@S1": 1.0, "d@S2": 1.0, "e": 1.0, "f": 1.0})


def test_followups_within_7_days_day_8_not_counted(table):
    rate = col(table, "spring", "followup_rate_7d")
    # a: d followed on day 5 -> 1/1; d in S1: a on day 8 (not counted) -> 0/1; d in S2: e exactly 7 days
    # (counted), c none -> 1/2; c: a meeting on day 25 only -> 0/1; e: none -> 0/1; b, f: no new contact -> missing
    # (d's rows changed on purpose: one row, 1/3)
    assert rate == pytest.approx({"a": 1.0, "b": None, "c": 0.0, "d@S1": 0.0, "d@S2": 0.5, "e": 0.0, "f": None})
    # the January follow-up a->b (no event named) belongs to winter, where a-b was new
    assert col(table, "winter", "followup_rate_7d") == pytest.approx({"a": 1.0, "b": 0.0, "c": None})


def test_meetings_within_30_days_count_for_both(table):
    # the c-d meeting belongs to d's S2 row, where d met c
    assert col(table, "spring", "meetings_30d") == {"a": 0, "b": 0, "c": 1, "d@S1": 0, "d@S2": 1, "e": 0, "f": 0}


@pytest.mark.parametrize("loader", [True, False])
def test_followup_without_exchange_is_reported_not_counted(loader):
    # the loader sets the follow-up b->e aside with a warning; given such a row anyway,
    # compute_outcomes reports it itself and does not count it
    tiny = tiny_folder(loader=loader)
    table = toolkit.compute_outcomes(tiny)
    assert col(table, "spring", "followup_rate_7d")["b"] is None
    assert col(table, "spring", "followup_rate_7d")["d@S2"] == pytest.approx(1 / 2)
    warnings = [p for p in tiny.report.warnings if "followups" in p.file]
    assert [(p.row, p.value) for p in warnings] == [(6, "e")]
    toolkit.compute_outcomes(tiny)  # computing again does not repeat the warning
    assert len([p for p in tiny.report.warnings if "followups" in p.file]) == 1


def test_many_unmatched_followups_list_the_first_50_in_table_order():
    tiny = tiny_folder(loader=False)
    # the one unmatched follow-up (b->e, position 4) sixty times, after the matched ones, each on its own row
    fu = tiny.followups
    tiny.followups = pd.concat([fu, *[fu.iloc[[4]]] * 60], ignore_index=True)
    tiny.followups["_row"] = pd.array(np.arange(2, len(tiny.followups) + 2), dtype="Int64")
    toolkit.compute_outcomes(tiny)
    warnings = [p for p in tiny.report.warnings if "followups" in p.file]
    assert [p.row for p in warnings] == [6] + list(range(9, 58))
    assert {p.message for p in warnings} == {
        "no exchange between these two people before this follow-up: not counted in follow-up rates"}
    assert "followups: 61 follow-ups matched no exchange (first 50 listed); see toolkit.outcomes.match_followups" \
        in tiny.report.notes


def test_match_followups_side_table():
    matched = toolkit.match_followups(tiny_folder(loader=False))
    assert matched["status"].tolist() == ["matched"] * 4 + ["no exchange"] + ["matched"] * 2
    assert matched["matched_event_id"].tolist()[5:] == ["winter", "spring"]
    assert matched["days_after"].iloc[2] == pytest.approx(7.0)
    assert matched["days_after"].iloc[1] == pytest.approx(8 + 1 / 1440)
    assert matched["within_7d"].tolist() == [True, False, True, False, False, True, True]
    assert matched["meeting_within_30d"].tolist() == [False, False, False, True, False, False, False]


def test_followup_before_the_exchange_at_named_event_not_counted():
    data = tiny_folder()
    data.followups = data.followups.iloc[[2]].reset_index(drop=True)
    data.followups["timestamp"] = pd.Timestamp("2024-04-15T08:00:00Z")
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "followup_rate_7d")["d@S2"] == 0.0
    assert toolkit.match_followups(data)["status"].tolist() == ["before the exchange"]


def test_attendee_in_two_sessions_gets_one_row_per_session(table):
    # the majority-contact shortcut is gone (it made the format label from the outcome itself): d, in S1
    # (structured) and S2 (unstructured), gets a row for each, with the contacts made there
    spring = table[table["event_id"] == "spring"]
    d = spring[spring["attendee_id"] == "d"].set_index("session_id")
    assert d["format"].astype(str).to_dict() == {"S1": "structured", "S2": "unstructured"}
    assert d["n_sessions"].tolist() == [2, 2] and d["session_order"].to_dict() == {"S1": 1, "S2": 2}
    assert d["group_id"].to_dict()["S1"] == "g2"
    # a by time (09:40 in S1), e by time (10:30 UTC in S2), c by its session_id: "time" says some needed times
    assert set(d["attribution"].astype(str)) == {"time"}
    assert d["contacts"].to_dict() == {"S1": 1, "S2": 2}
    # survey answers are per event: the same on each of d's rows
    assert d["responded"].tolist() == [False, False]
    one = spring[spring["attendee_id"] != "d"].set_index("attendee_id")
    assert set(one["attribution"].astype(str)) == {"event"} and one.loc["a", "session_order"] == 1
    assert one.loc["a", "format"] == "structured" and one.loc["a", "group_id"] == "g1"
    assert one.loc["a", "assignment"] == "randomized" and one.loc["a", "grouping"] == "industry"
    # f took part in no session: no session, no format, no order, but contacts count
    assert pd.isna(one.loc["f", "session_id"]) and pd.isna(one.loc["f", "format"])
    assert one.loc["f", "n_sessions"] == 0 and one.loc["f", "contacts"] == 1 and pd.isna(one.loc["f", "session_order"])


def test_people_met_at_an_event_count_a_pair_met_in_two_sessions_once():
    """nc3: 'an attendee exchanged details with 8.1 people, 8.1 of them new' where the hand count of different
    people was 906 pairs / 117 = 7.7: a pair met in two sessions of the event was counted in each.

    Planted: d meets e in S1 (09:45 UTC) as well as in S2. By hand, the different people met at spring:
    a {b, c, d}, b {a}, c {a, d}, d {a, c, e}, e {d, f}, f {e} = 12 / 6 = 2.0 (the sessions summed: 13 / 6);
    new (c-a known everywhere, a-b from winter, e-f from spring on): a {d}, c {d}, d {a, c, e}, e {d} = 6 / 6
    = 1.0 (summed: 7 / 6)."""
    data = tiny_folder()
    again = data.contacts.iloc[[0]].assign(event_id="spring", attendee_id="e", contact_id="d",
                                           timestamp=pd.Timestamp("2024-04-15T09:45:00Z"), session_id=pd.NA)
    data.contacts = pd.concat([data.contacts, again], ignore_index=True)
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "contacts")["d@S1"] == 2 and col(table, "spring", "contacts")["d@S2"] == 2
    assert col(table, "spring", "event_contacts") == {"a": 3, "b": 1, "c": 2, "d@S1": 3, "d@S2": 3, "e": 2, "f": 1}
    assert col(table, "spring", "event_new_contacts")["d@S1"] == 3
    spring = toolkit.event_summary(table).set_index("event_id").loc["spring"]
    assert spring["mean_contacts"] == pytest.approx(2.0) and spring["mean_new_contacts"] == pytest.approx(1.0)
    # a table without the columns (a simulated one) sums the sessions, as it said before
    summed = toolkit.event_summary(table.drop(columns=["event_contacts", "event_new_contacts"]))
    assert summed.set_index("event_id").loc["spring", "mean_contacts"] == pytest.approx(13 / 6)


def test_time_zone_offsets_decide_the_session():
    data = tiny_folder()
    # without the session-named row, d's contact with e at 12:30+02:00 is 10:30 UTC: inside S2 (10:00-11:00 UTC).
    # Read as local clock time, 12:30 would fall in neither session.
    data.contacts = data.contacts[data.contacts["session_id"].isna()].reset_index(drop=True)
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "contacts")["d@S1"] == 1 and col(table, "spring", "contacts")["d@S2"] == 1
    data.contacts.loc[data.contacts["attendee_id"].eq("d") & data.contacts["contact_id"].eq("a"), "timestamp"] = \
        pd.Timestamp("2024-04-15T12:55:00+02:00")  # 10:55 UTC -> S2 as well
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "contacts")["d@S1"] == 0 and col(table, "spring", "contacts")["d@S2"] == 2


def test_reciprocated_share_only_on_directed_channels(table):
    # a-b logged both ways; every other pair one way; e-f is a proximity sensor row (no direction)
    assert col(table, "spring", "reciprocated_share") == pytest.approx(
        {"a": 1 / 3, "b": 1.0, "c": 0.0, "d@S1": 0.0, "d@S2": 0.0, "e": 0.0, "f": None})


def test_interest_share_from_own_statements(table):
    # d stated interest in a (S1) only
    assert col(table, "spring", "interest_share") == {"a": 1.0, "b": 0.0, "c": None, "d@S1": 1.0, "d@S2": None,
                                                      "e": None, "f": None}


def test_brokerage_hand_computed(table):
    # edges a-b a-c a-d c-d d-e e-f; industries a law, b it, c law, d it, e retail, f law
    # d is in two sessions: brokerage is an event-wide network measure, not split by session, so it is
    # missing on d's session rows (changed on purpose: d had 2)
    assert col(table, "spring", "brokerage") == {"a": 1, "b": 0, "c": 0, "d@S1": None, "d@S2": None, "e": 1, "f": 0}


def test_survey_outcomes_and_style(table):
    spring = table[table["event_id"] == "spring"].set_index("attendee_id")
    assert pd.isna(spring.loc["c", "satisfaction"]) and spring.loc["b", "satisfaction"] == 2
    assert spring.loc["a", "satisfaction"] == 4 and bool(spring.loc["a", "met_helpful"]) is True
    assert col(table, "spring", "responded") == {"a": True, "b": True, "c": True, "d@S1": False, "d@S2": False,
                                                 "e": False, "f": False}
    assert spring.loc["a", "style_score"] == pytest.approx(14 / 3)
    assert spring.loc["b", "style_score"] == pytest.approx(2.0)
    assert col(table, "spring", "style") == {"a": "self-directed", "b": "reserved", "c": "unknown",
                                             "d@S1": "unknown", "d@S2": "unknown", "e": "unknown", "f": "unknown"}
    assert spring.loc["d", "would_return"].isna().all() and spring.loc["d", "nps"].isna().all()
    # the tiny folder's scale is in the survey (after the event) and no one described themselves: flagged
    assert col(table, "spring", "style_source")["a"] == "post-event survey"
    assert table.attrs["style_timing"] == "post-event"


def test_style_falls_back_on_attendees_without_scale():
    data = tiny_folder()
    data.settings = Settings()
    data.attendees["networking_style"] = pd.array(
        ["Reserved", "self_directed", None, "Self-Directed ", "reserved", "bold", "SELF DIRECTED", None, None],
        dtype="string")
    table = toolkit.compute_outcomes(data)
    assert col(table, "winter", "style") == {"a": "reserved", "b": "self-directed", "c": "unknown"}
    assert col(table, "spring", "style")["a"] == "self-directed"
    assert table["style_score"].isna().all()


def test_style_per_attendee_pre_event_first_then_post_event_survey_then_unknown():
    # Changed on purpose (issue 12, pre-event segments): a style scored from the post-event survey may be a
    # consequence of the format, so the self-description (given at registration) now wins over it; the
    # survey's scale fills in only for people who described nothing, and is flagged.
    # spring: a and b answered enough scale items but also described themselves (their description wins);
    # c answered 1 of 3 items (not enough) and d, e, f did not answer
    data = tiny_folder()
    data.attendees["networking_style"] = pd.array(
        # winter a, b, c, then spring a, b, c, d, e, f
        [None, None, None, "Reserved", "Self Directed", "self_directed", "RESERVED", "bold", None], dtype="string")
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "style") == {"a": "reserved", "b": "self-directed", "c": "self-directed",
                                             "d@S1": "reserved", "d@S2": "reserved", "e": "unknown", "f": "unknown"}
    assert col(table, "spring", "style_source") == {"a": "self-described", "b": "self-described",
                                                    "c": "self-described", "d@S1": "self-described",
                                                    "d@S2": "self-described", "e": "none", "f": "none"}
    # no style came from the post-event survey: the segment is pre-event
    assert table.attrs["style_timing"] == "pre-event"
    # without a self-description, a's and b's survey scale gives their style, flagged as post-event
    data.attendees["networking_style"] = pd.array([None] * 9, dtype="string")
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "style_source")["a"] == "post-event survey"
    assert col(table, "spring", "style")["a"] == "self-directed" and table.attrs["style_timing"] == "post-event"
    # the score stays the scale's: missing wherever the style came from elsewhere
    spring = table[table["event_id"] == "spring"].drop_duplicates("attendee_id").set_index("attendee_id")
    assert spring["style_score"].isna().to_dict() == {"a": False, "b": False, "c": True, "d": True, "e": True,
                                                      "f": True}
    assert list(table["style_source"].cat.categories) == ["registration", "self-described", "post-event survey",
                                                          "none"]
    # the source follows the style: unknown exactly where no rule gave one
    assert ((table["style"] == "unknown") == (table["style_source"] == "none")).all()


def test_style_scale_asked_at_registration_comes_first():
    # the scale's items are attendee columns (asked at registration): pre-event, and it wins over the
    # self-description; the same items in the post-event survey are not used
    data = tiny_folder()
    for item, values in (("s1", [5, 1, None, 5, 1, 2, 4, None, None]), ("s2", [1, 5, None, 1, 5, 4, 2, None, None]),
                         ("s3", [4, 2, None, 4, 2, 1, 5, None, None])):
        data.attendees[item] = pd.array(values, dtype="Float64")
    data.attendees["networking_style"] = pd.array([None, None, None, "reserved", None, None, None, "reserved", None],
                                                  dtype="string")
    table = toolkit.compute_outcomes(data)
    assert table.attrs["style_timing"] == "pre-event"
    # spring a: (5 + 5 + 4) / 3 -> self-directed, though a described themselves as reserved
    assert col(table, "spring", "style") == {"a": "self-directed", "b": "reserved", "c": "reserved",
                                             "d@S1": "self-directed", "d@S2": "self-directed", "e": "reserved",
                                             "f": "unknown"}
    assert col(table, "spring", "style_source") == {"a": "registration", "b": "registration", "c": "registration",
                                                    "d@S1": "registration", "d@S2": "registration",
                                                    "e": "self-described", "f": "none"}
    assert col(table, "spring", "style_score")["a"] == pytest.approx(14 / 3)
    # settings may say where the scale was asked: a survey taken before the event counts as registration
    data = tiny_folder()
    data.settings = Settings(style_scale=StyleScale(items=("s1", "s2", "s3"), reversed=("s2",), asked="registration"))
    data.attendees["networking_style"] = pd.array(["reserved"] * 9, dtype="string")
    table = toolkit.compute_outcomes(data)
    assert col(table, "spring", "style_source")["a"] == "registration" and col(table, "spring", "style")["a"] == "self-directed"
    assert table.attrs["style_timing"] == "pre-event"


def test_survey_columns_listed_for_compare(table):
    listed = table.attrs["survey_columns"]
    assert {"satisfaction", "met_helpful", "s1", "s2", "s3"} <= set(listed) <= set(table.columns)
    assert not {"industry", "networking_style", "style_score", "style", "responded"} & set(listed)
    from toolkit.compare import default_covariates
    covariates = default_covariates(table, by="style")
    assert not {"s1", "s2", "s3", "satisfaction", "met_helpful", "responded", "style_source"} & set(covariates)


def test_scale_items_missing_from_survey_falls_back_with_a_note():
    data = tiny_folder()
    data.settings = Settings(style_scale=StyleScale(items=("x1", "x2")))
    data.attendees["networking_style"] = pd.array(["reserved"] * 9, dtype="string")
    table = toolkit.compute_outcomes(data)
    assert set(table["style"].astype(str)) == {"reserved"}
    assert any("style-scale items" in n for n in data.report.notes)


def test_no_contact_log_leaves_contact_outcomes_missing():
    data = tiny_folder()
    data.contacts = data.contacts.iloc[0:0]
    data.followups = data.followups.iloc[0:0]
    table = toolkit.compute_outcomes(data)
    assert table["contacts"].isna().all() and table["spectator"].isna().all()
    assert table["followup_rate_7d"].isna().all()


def test_event_summary_beside_reference_values(table):
    summary = toolkit.event_summary(table).set_index("event_id")
    spring = summary.loc["spring"]
    assert spring["attendees"] == 6 and spring["in_sessions"] == 5
    assert spring["sessions_structured"] == 1 and spring["sessions_unstructured"] == 1
    assert spring["mean_contacts"] == pytest.approx(12 / 6)
    assert spring["spectator_share"] == pytest.approx(2 / 6)
    assert spring["familiar_share"] == pytest.approx(6 / 12)   # known ends a-b x2, a-c x2, e-f x2
    assert spring["followup_rate_7d"] == pytest.approx(2 / 6)  # a->d, d->e of 6 new contact ends
    assert spring["reference_familiar_share"] == 0.5 and spring["reference_contacts"] == 40


# --------------------------------------------------------------------------- vectorised vs reference


def test_brokerage_matches_networkx_on_random_graph():
    from toolkit.network import brokerage

    rng = np.random.default_rng(3)
    people = [f"p{i}" for i in range(60)]
    industries = rng.choice(["law", "it", "retail", None], size=60, p=[0.3, 0.3, 0.3, 0.1])
    rows = rng.integers(0, 60, size=(400, 2))
    contacts = [{"event_id": "E", "attendee_id": people[i], "contact_id": people[j]} for i, j in rows]
    attendees = [{"event_id": "E", "attendee_id": p, "industry": ind} for p, ind in zip(people, industries)]
    data = make_data(attendees=attendees, contacts=contacts,
                     sessions=[{"event_id": "E", "session_id": "S", "format": "unstructured"}])
    table = toolkit.compute_outcomes(data).set_index("attendee_id")
    graph = toolkit.contact_graph(data, event_id="E")
    expected = brokerage(graph)
    assert table["brokerage"].astype(int).reindex(expected.index).tolist() == expected.tolist()
    assert table["contacts"].astype(int).reindex(expected.index).tolist() == [graph.degree(p) for p in expected.index]
    # the cap leaves brokerage missing rather than spending the time
    capped = toolkit.compute_outcomes(data, brokerage_max_wedges=10)
    assert capped["brokerage"].isna().all() and any("brokerage" in n for n in data.report.notes)


# --------------------------------------------------------------------------- real data


def _ht09_data(realdata: Path) -> EventData:
    tij = pd.read_csv(realdata / "sp_ht09" / "tij_HT09.dat", sep="\t", header=None, names=["t", "i", "j"])
    people = sorted(set(tij["i"]) | set(tij["j"]))
    contacts = pd.DataFrame({"event_id": "HT09", "attendee_id": tij["i"].astype(str), "contact_id": tij["j"].astype(str),
                             "timestamp": pd.Timestamp("2009-06-29T08:00:00Z") + pd.to_timedelta(tij["t"], unit="s"),
                             "channel": "proximity"})
    return make_data(attendees=pd.DataFrame({"event_id": "HT09", "attendee_id": [str(p) for p in people]}),
                     sessions=[{"event_id": "HT09", "session_id": "all", "format": "unstructured"}],
                     participation=pd.DataFrame({"event_id": "HT09", "session_id": "all",
                                                 "attendee_id": [str(p) for p in people]}),
                     contacts=contacts)


@pytest.mark.realdata
def test_ht09_gives_113_attendees_and_2196_pairs(realdata):
    table = toolkit.compute_outcomes(_ht09_data(realdata))
    assert len(table) == 113
    assert int(table["contacts"].sum()) == 2 * 2196
    assert table["contacts"].median() == 37 and table["contacts"].max() == 98  # README's measured facts
    assert table["reciprocated_share"].isna().all()  # a sensor log has no direction
    summary = toolkit.event_summary(table)
    assert summary.loc[0, "mean_contacts"] == pytest.approx(2 * 2196 / 113)


@pytest.mark.realdata
@pytest.mark.slow
def test_ht09_through_the_importer(realdata, tmp_path):
    importers = pytest.importorskip("toolkit.io.importers")
    dataset = pytest.importorskip("toolkit.io.load")
    if not hasattr(dataset, "load_event_data"):
        pytest.skip("the loader has not landed yet")
    importers.import_export("sociopatterns", [realdata / "sp_ht09" / "tij_HT09.dat"], out=tmp_path / "ht09")
    table = toolkit.compute_outcomes(dataset.load_event_data(tmp_path / "ht09"))
    assert len(table) == 113
    assert int(table["contacts"].sum()) == 2 * 2196


# --------------------------------------------------------------------------- command line


def test_cli_outcomes_writes_csv_and_parquet(tmp_path, monkeypatch):
    from toolkit.cli import _outcomes

    data = tiny_folder()
    data.attendees["industry"] = pd.array(["=HYPERLINK(1)", "-x", "@y", "+z", "-3", "law", "it", "law", "law"],
                                          dtype="string")
    monkeypatch.setattr(_outcomes, "_load", lambda folder: data)
    (tmp_path / "data").mkdir()
    tmp_path, folder = tmp_path / "out", tmp_path / "data"  # the output is never inside the data folder
    tmp_path.mkdir()
    out = _outcomes.write_outcomes(folder, tmp_path / "out.csv")
    text = pd.read_csv(out, dtype=str)
    assert len(text) == 10  # d has one row per session
    assert set(text["industry"]) >= {"'=HYPERLINK(1)", "'-x", "'@y", "'+z", "-3"}
    out = _outcomes.write_outcomes(folder, tmp_path / "out.parquet")
    back = pd.read_parquet(out)
    assert len(back) == 10 and back["contacts"].dtype == "Int64"
    with pytest.raises(toolkit.UsageError):
        _outcomes.write_outcomes(folder, tmp_path / "out.txt")


def test_cli_outcomes_on_demo_folder(demo_folder, tmp_path):
    dataset = pytest.importorskip("toolkit.io.load")
    if not hasattr(dataset, "load_event_data"):
        pytest.skip("the loader has not landed yet")
    from typer.testing import CliRunner

    from toolkit.cli import app

    result = CliRunner().invoke(app, ["outcomes", str(demo_folder), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "o.csv")
    attendees = toolkit.load_event_data(demo_folder).attendees
    assert len(table) == len(attendees.drop_duplicates(["event_id", "attendee_id"]))
    assert not table.duplicated(["event_id", "attendee_id"]).any()


# --------------------------------------------------------------------------- against a plain reference


def _reference(attendees, contacts, followups, ties, event_day):
    """Plain-Python outcomes (loops on purpose: easy to read, independent of the vectorised code)."""
    day = pd.Timedelta(days=1)
    order = sorted(event_day, key=event_day.get)
    first = {}  # (event, pair) -> first exchange time
    for c in contacts:
        if c["attendee_id"] == c["contact_id"]:
            continue
        key = (c["event_id"], frozenset((c["attendee_id"], c["contact_id"])))
        t = pd.Timestamp(c["timestamp"])
        first[key] = min(first.get(key, t), t)

    def known(event, pair):
        for t in ties:
            if frozenset((t["attendee_id"], t["contact_id"])) == pair and (
                    t.get("event_id") is None or order.index(t["event_id"]) <= order.index(event)):
                return True
        return any((e, pair) in first for e in order[:order.index(event)])

    followed, met = set(), set()
    for f in followups:
        pair = frozenset((f["attendee_id"], f["contact_id"]))
        t = pd.Timestamp(f["timestamp"])
        if f.get("event_id") is not None:
            event = f["event_id"] if (f["event_id"], pair) in first else None
        else:
            earlier = [e for e in order if (e, pair) in first and first[(e, pair)] <= t]
            event = earlier[-1] if earlier else None
        if event is None or t < first[(event, pair)]:
            continue
        delta = t - first[(event, pair)]
        if delta <= 7 * day:
            followed.add((event, f["attendee_id"], f["contact_id"]))
        if f["kind"] == "meeting" and delta <= 30 * day:
            met.add((event, f["attendee_id"], f["contact_id"]))
            met.add((event, f["contact_id"], f["attendee_id"]))
    industry = {(a["event_id"], a["attendee_id"]): a["industry"] for a in attendees}
    out = {}
    for a in attendees:
        e, me = a["event_id"], a["attendee_id"]
        others = [next(iter(p - {me})) for (ev, p) in first if ev == e and me in p]
        new = [o for o in others if not known(e, frozenset((me, o)))]
        cross = [o for o in others if industry.get((e, o)) is not None]
        out[(e, me)] = {
            "contacts": len(others), "new_contacts": len(new),
            "familiar_share": (len(others) - len(new)) / len(others) if others else None,
            "cross_industry_share": (sum(industry[(e, o)] != a["industry"] for o in cross) / len(cross)) if cross else None,
            "followup_rate_7d": (sum((e, me, o) in followed for o in new) / len(new)) if new else None,
            "meetings_30d": sum((e, me, o) in met for o in new),
        }
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_matches_plain_reference_on_random_season(seed):
    rng = np.random.default_rng(seed)
    event_day = {"e3": pd.Timestamp("2024-01-10T18:00Z"), "e1": pd.Timestamp("2024-03-01T18:00Z"),
                 "e2": pd.Timestamp("2024-05-20T18:00Z")}
    people = [f"p{i}" for i in range(25)]
    attendees, contacts, followups, ties = [], [], [], []
    for e, start in event_day.items():
        here = rng.choice(people, size=18, replace=False)
        attendees += [{"event_id": e, "attendee_id": p, "industry": ["law", "it", "retail"][int(p[1:]) % 3]} for p in here]
        for _ in range(70):
            a, b = rng.choice(here, size=2)
            t = start + pd.Timedelta(minutes=int(rng.integers(0, 180)))
            tz = rng.choice(["+00:00", "+05:30", "-08:00"])
            local = t.tz_convert(pd.Timestamp("2024-01-01T00:00" + tz).tz).isoformat()
            contacts.append({"event_id": e, "attendee_id": str(a), "contact_id": str(b), "timestamp": local})
        for _ in range(25):
            a, b = rng.choice(here, size=2)
            t = start + pd.Timedelta(hours=float(rng.uniform(-2, 24 * 35)))
            followups.append({"attendee_id": str(a), "contact_id": str(b), "timestamp": t.isoformat(),
                              "kind": str(rng.choice(["email", "meeting"])),
                              "event_id": e if rng.random() < 0.3 else None})
    for _ in range(10):
        a, b = rng.choice(people, size=2)
        ties.append({"attendee_id": str(a), "contact_id": str(b),
                     "event_id": None if rng.random() < 0.5 else str(rng.choice(list(event_day)))})
    sessions = [{"event_id": e, "session_id": "s", "format": "unstructured", "start": t.isoformat(),
                 "end": (t + pd.Timedelta(hours=3)).isoformat()} for e, t in event_day.items()]
    data = make_data(loader=False, attendees=attendees, contacts=contacts, followups=followups,
                     known_ties=ties, sessions=sessions)
    table = toolkit.compute_outcomes(data).set_index(["event_id", "attendee_id"])
    expected = _reference(attendees, contacts, followups, ties, event_day)
    for key, values in expected.items():
        for name, value in values.items():
            got = table.loc[key, name]
            if value is None:
                assert pd.isna(got), (key, name)
            else:
                assert got == pytest.approx(value), (key, name, got, value)


# --------------------------------------------------------------------------- sessions as the unit of exposure


def two_format_evening(**changes) -> EventData:
    """One evening: p is in the structured session ST (18:00-19:00 UTC) and the open session OP (19:00-20:00).

    p's contacts: q names ST (session_id); r at 18:30 and s at 19:15 are placed by time; u at 20:30 is outside
    every window; t names OP although logged at 21:00. q, r are only in ST, s, t only in OP, u in no session.
    p knew r before. p followed s up on day 2; s and p met on day 10.
    """
    contacts = [
        {"event_id": "E1", "attendee_id": "p", "contact_id": "q", "timestamp": "2024-05-02T18:10:00Z", "session_id": "ST"},
        {"event_id": "E1", "attendee_id": "p", "contact_id": "r", "timestamp": "2024-05-02T18:30:00Z"},
        {"event_id": "E1", "attendee_id": "s", "contact_id": "p", "timestamp": "2024-05-02T19:15:00Z"},
        {"event_id": "E1", "attendee_id": "p", "contact_id": "u", "timestamp": "2024-05-02T20:30:00Z"},
        {"event_id": "E1", "attendee_id": "t", "contact_id": "p", "timestamp": "2024-05-02T21:00:00Z", "session_id": "OP"},
        {"event_id": "E1", "attendee_id": "s", "contact_id": "t", "timestamp": "2024-05-02T19:20:00Z"},
    ]
    tables = dict(
        attendees=[{"event_id": "E1", "attendee_id": x, "industry": i} for x, i in zip("pqrstu", ["law", "it", "law", "it", "law", "it"])],
        sessions=[{"event_id": "E1", "session_id": "OP", "format": "unstructured", "assignment": "randomized",
                   "start": "2024-05-02T19:00:00Z", "end": "2024-05-02T20:00:00Z"},
                  {"event_id": "E1", "session_id": "ST", "format": "structured", "assignment": "randomized",
                   "start": "2024-05-02T18:00:00Z", "end": "2024-05-02T19:00:00Z"}],
        participation=[{"event_id": "E1", "session_id": s, "attendee_id": x}
                       for s, x in (("ST", "p"), ("OP", "p"), ("ST", "q"), ("ST", "r"), ("OP", "s"), ("OP", "t"))],
        contacts=contacts,
        known_ties=[{"attendee_id": "r", "contact_id": "p"}],
        followups=[{"attendee_id": "p", "contact_id": "s", "timestamp": "2024-05-04T19:15:00Z", "kind": "email"},
                   {"attendee_id": "s", "contact_id": "p", "timestamp": "2024-05-12T19:15:00Z", "kind": "meeting"}],
        survey=[{"event_id": "E1", "attendee_id": "p", "satisfaction": 4}],
    )
    tables.update(changes)
    return make_data(loader=False, **tables)


def test_person_in_two_formats_gets_a_row_per_session_with_the_contacts_made_there():
    table = toolkit.compute_outcomes(two_format_evening())
    p = table[table["attendee_id"] == "p"].set_index("session_id")
    assert list(p.index) == ["ST", "OP"]                         # in order of start, not of the sessions table
    assert p["session_order"].tolist() == [1, 2] and p["n_sessions"].tolist() == [2, 2]
    assert p["format"].astype(str).tolist() == ["structured", "unstructured"]
    assert set(p["attribution"].astype(str)) == {"time"}          # r and s needed their times
    # ST: q (its session_id) and r (18:30); OP: s (19:15) and t (its session_id, though logged after the end);
    # u (20:30, no session_id) is outside every window: in neither row
    assert p["contacts"].to_dict() == {"ST": 2, "OP": 2}
    assert p["new_contacts"].to_dict() == {"ST": 1, "OP": 2}      # r was known
    assert p["familiar_share"].to_dict() == {"ST": 0.5, "OP": 0.0}
    assert p["cross_industry_share"].to_dict() == {"ST": 0.5, "OP": 0.5}
    # follow-ups and meetings are those of the row's contacts: p -> s (day 2) and the s-p meeting are OP's
    assert p["followup_rate_7d"].to_dict() == {"ST": 0.0, "OP": 0.5}
    assert p["meetings_30d"].to_dict() == {"ST": 0, "OP": 1}
    assert p["brokerage"].isna().all()                            # an event-wide network measure
    # survey answers are per event: the same on both rows
    assert p["satisfaction"].tolist() == [4.0, 4.0] and p["responded"].all()
    others = table[table["attendee_id"] != "p"].set_index("attendee_id")
    assert set(others["attribution"].astype(str)) == {"event"}
    # u is in no session but the contact with p counts for u; t's contacts are all of t's evening
    assert others.loc["u", "contacts"] == 1 and pd.isna(others.loc["u", "session_order"])
    assert others.loc["t", "contacts"] == 2 and others.loc["t", "session_order"] == 1
    assert table.attrs["unattributable"] is None


def test_unattributable_contacts_leave_the_rows_missing_never_guessed():
    evening = two_format_evening()
    # r's contact with p loses its time: it names no session and has no time, so it cannot be placed
    evening.contacts.loc[evening.contacts["contact_id"] == "r", "timestamp"] = pd.NaT
    table = toolkit.compute_outcomes(evening)
    p = table[table["attendee_id"] == "p"]
    assert len(p) == 2 and set(p["attribution"].astype(str)) == {"unattributable"}
    for name in ("contacts", "new_contacts", "familiar_share", "followup_rate_7d", "meetings_30d", "spectator"):
        assert p[name].isna().all(), name
    assert "add session_id to contacts" in table.attrs["unattributable"]
    # the others are not affected: r still has p as a contact
    assert col(table, "E1", "contacts")["r"] == 1
    # sessions without windows: only session_id places contacts; p's r and s and u rows cannot be placed
    evening = two_format_evening()
    evening.sessions["start"] = pd.NaT
    evening.sessions["end"] = pd.NaT
    table = toolkit.compute_outcomes(evening)
    p = table[table["attendee_id"] == "p"]
    assert set(p["attribution"].astype(str)) == {"unattributable"} and p["session_order"].isna().all()
    # with every contact naming its session, no time is needed
    named = two_format_evening()
    named.contacts["session_id"] = pd.array(["ST", "ST", "OP", "OP", "OP", "OP"], dtype="string")
    named.sessions["start"] = pd.NaT
    named.sessions["end"] = pd.NaT
    p = toolkit.compute_outcomes(named).query("attendee_id == 'p'").set_index("session_id")
    assert set(p["attribution"].astype(str)) == {"session_id"} and p["contacts"].to_dict() == {"ST": 2, "OP": 3}


def test_demo_season_has_one_session_per_person_and_one_row_each(demo_folder):
    table = toolkit.compute_outcomes(toolkit.load_event_data(demo_folder))
    assert (table["n_sessions"] <= 1).all() and not table.duplicated(["event_id", "attendee_id"]).any()
    assert set(table["attribution"].astype(str)) == {"event"}
    assert set(table.loc[table["session_id"].notna(), "session_order"]) == {1}


# --------------------------------------------------------------------------- not recorded is not zero


@pytest.mark.parametrize("absent, outcomes, table_named", [
    ("contacts", ["contacts", "new_contacts", "familiar_share", "cross_industry_share", "followup_rate_7d",
                  "meetings_30d", "spectator", "brokerage"], "contacts"),
    ("followups", ["followup_rate_7d", "meetings_30d"], "followups"),
    ("known_ties", ["familiar_share"], "known_ties"),
    ("survey", ["satisfaction", "met_helpful", "would_return", "nps"], "survey"),
])
def test_an_absent_table_makes_its_outcomes_missing_with_a_reason(absent, outcomes, table_named):
    evening = two_format_evening()
    setattr(evening, absent, getattr(evening, absent).iloc[0:0])   # the folder did not give the table
    evening.recorded = frozenset(n for n in evening.tables() if n != absent)
    table = toolkit.compute_outcomes(evening)
    reasons = table.attrs["not_recorded"]
    for name in outcomes:
        assert table[name].isna().all(), name
        assert name in reasons and table_named in reasons[name] and reasons[name].startswith("not recorded"), name
    summary = toolkit.event_summary(table).iloc[0]
    for name in outcomes:
        column = toolkit.catalogue.OUTCOME_CATALOGUE[name].summary_column
        if column is not None:
            assert pd.isna(summary[column]), column   # the event summary keeps missing as missing
    if absent == "known_ties":
        # new contacts are still counted, with the caveat that only earlier-event pairs were left out
        assert table["new_contacts"].notna().all()
        assert "earlier event" in table.attrs["notes"]["new_contacts"]
    if absent != "contacts":
        assert table["contacts"].notna().all()


def test_an_empty_table_that_was_given_records_zero():
    # a followups file with a header and no rows says that no one followed up: 0, not missing
    evening = two_format_evening(followups=pd.DataFrame(columns=["attendee_id", "contact_id", "timestamp", "kind"]))
    evening.recorded = frozenset(evening.tables())
    table = toolkit.compute_outcomes(evening)
    assert "followup_rate_7d" not in table.attrs["not_recorded"]
    assert col(table, "E1", "followup_rate_7d")["q"] == 0.0


def test_without_known_ties_the_first_event_has_no_familiar_share():
    data = tiny_folder()
    data.known_ties = data.known_ties.iloc[0:0]
    data.recorded = frozenset(n for n in data.tables() if n != "known_ties")
    table = toolkit.compute_outcomes(data)
    # winter is the first event: no earlier event could make a pair known there
    assert all(v is None for v in col(table, "winter", "familiar_share").values())
    # at spring a-b met at winter: known from the earlier event
    assert col(table, "spring", "familiar_share")["b"] == 1.0
    assert "familiar_share" not in table.attrs["not_recorded"] and "first event" in table.attrs["notes"]["familiar_share"]


# --------------------------------------------------------------------------- channel kind


def test_contact_kind_from_the_channels():
    table = toolkit.compute_outcomes(tiny_folder())
    assert table.attrs["contact_kind"] == "mixed"          # one proximity row among exchanges
    data = tiny_folder()
    data.contacts["channel"] = pd.array(["proximity"] * len(data.contacts), dtype="string")
    data.contacts["duration_s"] = pd.array([40.0, 20.0] + [60.0] * (len(data.contacts) - 2), dtype="Float64")
    table = toolkit.compute_outcomes(data)
    assert table.attrs["contact_kind"] == "proximity" and table.attrs["min_duration_s"] == 20.0
    data.contacts["channel"] = pd.array(["badge_scan"] * len(data.contacts), dtype="string")
    assert toolkit.compute_outcomes(data).attrs["contact_kind"] == "exchange"
    data.contacts = data.contacts.iloc[0:0]
    assert toolkit.compute_outcomes(data).attrs["contact_kind"] is None


def test_registration_scale_through_the_loader_needs_no_survey():
    # the scale's items arrive as registration answers (attendee columns, labels allowed); no survey table
    from toolkit.io.load import from_tables

    labels = ["Strongly agree", "Disagree", "Agree", "Strongly disagree"]
    data = from_tables({
        "attendees": pd.DataFrame({"event_id": ["e1"] * 4, "attendee_id": list("abcd"), "q1": labels,
                                   "q2": list(reversed(labels))}),
        "sessions": pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["structured"]}),
        "participation": pd.DataFrame({"event_id": ["e1"] * 4, "session_id": ["s1"] * 4, "attendee_id": list("abcd")}),
    }, settings={"style_scale": {"items": ["q1", "q2"], "reversed": ["q2"]},
                 "privacy": {"keep_plain_ids": True}})  # plain ids keep the rows in a, b, c, d order
    assert data.report.ok
    table = toolkit.compute_outcomes(data)
    assert table["style"].astype(str).tolist() == ["self-directed", "reserved", "self-directed", "reserved"]
    assert set(table["style_source"].astype(str)) == {"registration"} and table.attrs["style_timing"] == "pre-event"


def test_channel_text_is_cleaned_once_per_channel_and_a_missing_channel_is_directed():
    # the SQL reads each channel's kind from the distinct channels (log_kinds, channels); a frame that did not come
    # through the loader may hold the text as typed: " Proximity " is still the proximity sensor, and a row with
    # no channel counts as a directed exchange (as on every row before the channels were joined)
    data = tiny_folder()
    expected = toolkit.compute_outcomes(data)
    data = tiny_folder()
    proximity = data.contacts["channel"].eq("proximity").fillna(False).to_numpy(dtype=bool)
    assert proximity.sum() == 1
    data.contacts["channel"] = data.contacts["channel"].mask(proximity, " Proximity ")
    table = toolkit.compute_outcomes(data)
    assert table.attrs["contact_kind"] == "mixed"
    assert col(table, "spring", "reciprocated_share") == col(expected, "spring", "reciprocated_share")
    data = tiny_folder()
    data.contacts["channel"] = data.contacts["channel"].mask(proximity, pd.NA)
    table = toolkit.compute_outcomes(data)
    assert table.attrs["contact_kind"] == "exchange"
    # e-f, one row e -> f, is now a directed contact that f did not return
    assert col(table, "spring", "reciprocated_share")["e"] == 0.0
    assert col(table, "spring", "reciprocated_share")["f"] == 0.0


def test_a_held_app_meeting_counts_today_as_one_directed_exchange(tmp_path, monkeypatch):
    """Pins how a meeting held through an event app counts for each outcome today (docs/outcomes.md, "A meeting
    held through an event app"). An app's meeting export lists each meeting once, requester to invitee, though a
    held meeting is mutual by nature; ``app`` is not among UNDIRECTED_CHANNELS, so ``reciprocated_share`` reads it
    as a badge scan that was not returned. The definition is left as it is on purpose: whoever changes it changes
    this test, deliberately."""
    from toolkit.events import UNDIRECTED_CHANNELS

    from test_importers_meetings import WHOVA, _map, _netout, _registered_folder, _whova

    folder = _registered_folder(tmp_path, monkeypatch)   # seven people checked in, one structured session
    assert _netout(monkeypatch, "import", "scans", _whova(tmp_path / "meetings.csv"), "--map",
                   _map(tmp_path / "m.toml"), "--out", folder) == 0
    # an empty follow-up log: no one followed up (recorded, so the follow-up outcomes are 0, not missing)
    (folder / "followups.csv").write_text("attendee_id,contact_id,timestamp,kind\n", encoding="utf-8")
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str)
    held = [(a, b) for a, b, status in WHOVA[:4]]    # 0->1, 0->2, 1->3, 2->4 happened; the rest did not
    assert len(contacts) == len(held) and set(contacts["channel"]) == {"app"} and "app" not in UNDIRECTED_CHANNELS
    people = pd.read_csv(folder / "attendees.csv", dtype=str)["attendee_id"].tolist()   # in the export's order

    def by_person(table: pd.DataFrame, name: str) -> list:
        values = table.set_index("attendee_id")[name]
        return [None if pd.isna(values[p]) else values[p] for p in people]

    table = toolkit.compute_outcomes(toolkit.load_event_data(folder.parent))
    assert table.attrs["contact_kind"] == "exchange"
    # one contact for both people, requester and invitee alike (pairs are undirected)
    assert by_person(table, "contacts") == [2, 2, 2, 1, 1, 0, 0]
    assert by_person(table, "new_contacts") == [2, 2, 2, 1, 1, 0, 0]
    assert by_person(table, "spectator") == [False] * 5 + [True] * 2
    # logged once, by the requester: in both people's denominators, in neither numerator
    assert by_person(table, "reciprocated_share") == [0.0] * 5 + [None] * 2
    # the export has no rating: no one stated interest
    assert by_person(table, "interest_share") == [None] * 7
    # the meeting at the event is a contact, not a follow-up: meetings_30d counts meetings logged afterwards
    assert by_person(table, "meetings_30d") == [0] * 7
    assert by_person(table, "followup_rate_7d") == [0.0] * 5 + [None] * 2

    # only a log in the other direction makes the pair reciprocated: the invitee scans the requester's badge
    back = pd.DataFrame([{**contacts.iloc[0].to_dict(), "attendee_id": contacts.iloc[0]["contact_id"],
                          "contact_id": contacts.iloc[0]["attendee_id"], "channel": "badge_scan"}])
    assert {back.loc[0, "attendee_id"], back.loc[0, "contact_id"]} == {people[0], people[1]}
    pd.concat([contacts, back]).to_csv(folder / "contacts.csv", index=False)
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder.parent))
    assert by_person(table, "contacts") == [2, 2, 2, 1, 1, 0, 0]
    assert by_person(table, "reciprocated_share") == [0.5, 0.5, 0.0, 0.0, 0.0, None, None]


def test_style_is_the_persons_an_event_without_it_takes_it_from_the_others(tmp_path):
    """Newcomer trial nc4: a person self-directed at B1, B2 and B4 from their surveys was 'unknown' at B3, which
    had no survey, so 'unknown' held 36 of its 48 structured places from B3. Planted: E03 has neither a
    survey nor self-descriptions; its people known at other events keep their style there."""
    from toolkit.datasets.demo import write_demo_folder

    folder = write_demo_folder(tmp_path / "demo", random_state=3)
    (folder / "E03" / "survey.csv").unlink()
    attendees = pd.read_csv(folder / "E03" / "attendees.csv", dtype=str)
    attendees["networking_style"] = ""
    attendees.to_csv(folder / "E03" / "attendees.csv", index=False)
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder))

    elsewhere = table[(table["event_id"] != "E03") & (table["style"] != "unknown")]
    known = elsewhere.groupby("attendee_id")["style"].agg(lambda s: set(s.astype(str)))
    e03 = table[table["event_id"] == "E03"].drop_duplicates("attendee_id").set_index("attendee_id")
    returning = e03.index.intersection(known.index)
    assert len(returning) >= 20
    assert (e03.loc[returning, "style"] != "unknown").all()
    assert all(e03.loc[p, "style"] in known[p] for p in returning)
    one = [p for p in returning if len(known[p]) == 1]
    assert all(e03.loc[p, "style"] == next(iter(known[p])) for p in one)
    new = e03.index.difference(known.index)
    assert (e03.loc[new, "style"] == "unknown").all() and (e03.loc[new, "style_source"] == "none").all()
    # a style scored after another event keeps its flag where it is used
    sources = elsewhere.groupby("attendee_id")["style_source"].agg(lambda s: set(s.astype(str)))
    post = [p for p in returning if sources[p] == {"post-event survey"}]
    assert post and (e03.loc[post, "style_source"] == "post-event survey").all()
    assert table.attrs["style_timing"] == "post-event"


def test_a_persons_style_comes_from_the_surest_source_then_most_events_then_the_latest():
    from toolkit.segments import combine_styles, styles_of_the_person

    person = pd.Series(["p", "p", "p", "p", "q", "q", "q"])
    post = pd.Series(["reserved", "self-directed", "self-directed", "unknown", "reserved", "unknown", "unknown"])
    described = pd.Series([None, None, None, None, None, "self-directed", None])
    styles = combine_styles(networking_style=described, post_event=post)
    filled, _ = styles_of_the_person(person, styles, event=pd.Series(["E1", "E2", "E3", "E4", "E1", "E2", "E3"]),
                                     event_rank=np.array([0, 1, 2, 3, 0, 1, 2]))
    # p: two events said self-directed (post-event); q: a self-description beats a post-event scale
    assert filled["style"].astype(str).tolist() == ["reserved", "self-directed", "self-directed", "self-directed",
                                                    "reserved", "self-directed", "self-directed"]
    assert filled["style_source"].astype(str).tolist()[3] == "post-event survey"
    assert filled["style_source"].astype(str).tolist()[6] == "self-described"

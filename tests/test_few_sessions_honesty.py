"""A two-day conference (2 structured + 2 open sessions, everyone in both formats): newcomer trial nc3.

Planted truth, fixed seeds. The groups had the same 2 + 2 sessions, yet only the group whose people were spread
exactly evenly over them got an interval; its "no difference" then became the report's headline. Here: one rule
for every group's interval, too few sessions is "cannot compare yet" (never "no difference"), and a
recommendation never rests on a group without an interval of its own or on an advantage that does not lean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.compare import compare_formats
from toolkit.recommend import recommend_format
from toolkit.wording import certainty, effect_certainty, lean_threshold

SESSIONS = [("D1-S", "structured", 1), ("D1-U", "unstructured", 2), ("D2-S", "structured", 3),
            ("D2-U", "unstructured", 4)]


def conference(effect: float = 0.0, seed: int = 0, day_two_group: bool = False) -> pd.DataFrame:
    """Software: 12 people at all four sessions; Logistics: 16, four of them first checked in on day 2;
    Retail (optional): 8 people on day 2 only (1 session of each format). ``effect``: planted structured gain."""
    rng = np.random.default_rng(seed)
    people = [(f"A{i:03d}", "Software", True) for i in range(12)] + \
             [(f"B{i:03d}", "Logistics", i >= 4) for i in range(16)]
    if day_two_group:
        people += [(f"C{i:03d}", "Retail", False) for i in range(8)]
    rows = []
    for person, industry, day_one in people:
        level = rng.normal(8, 2)
        mine = SESSIONS if day_one else SESSIONS[2:]
        for session, fmt, order in mine:
            y = round(max(0.0, level + (effect if fmt == "structured" else 0.0) + rng.normal(0, 1.5)))
            rows.append({"event_id": "annual", "attendee_id": person, "session_id": session, "format": fmt,
                         "assignment": "scheduled", "n_sessions": len(mine), "session_order": order,
                         "attribution": "session_id", "industry": industry, "contacts": y, "new_contacts": y})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_group_with_the_same_sessions_gets_an_interval_by_the_same_rule(seed):
    effects = compare_formats(conference(seed=seed), outcome="new_contacts", by="industry", random_state=0)
    assert effects["n_sessions_structured"].tolist() == [2, 2]
    # Logistics' people are spread unevenly over the two days; before, only Software (evenly spread) had one
    assert effects["ci_low"].notna().all() and effects["ci_high"].notna().all(), effects
    assert (effects["df"] == 1.0).all()


def test_a_group_with_one_session_of_a_format_still_has_no_interval():
    effects = compare_formats(conference(day_two_group=True), outcome="new_contacts", by="industry",
                              random_state=0).set_index("segment")
    assert np.isnan(effects.loc["Retail", "ci_low"]) and np.isfinite(effects.loc["Logistics", "ci_low"])


def test_an_interval_from_two_sessions_is_cannot_compare_unless_it_leans():
    row = {"outcome": "new_contacts", "effect": -0.4, "ci_low": -9.3, "ci_high": 8.5, "n_structured": 13,
           "n_unstructured": 13, "n_sessions_structured": 2, "n_sessions_unstructured": 2, "se": 0.7, "df": 1.0}
    assert effect_certainty(row).state == "cannot_compare"
    assert "Too few sessions" in effect_certainty(row).sentence
    # the same row from 12 sessions of each: a reading of no difference is then a finding
    assert effect_certainty(row | {"n_sessions_structured": 12, "n_sessions_unstructured": 12}).state == \
        "no_difference"
    for seed in range(6):   # no planted effect: never "no difference" from 2 + 2 sessions
        effects = compare_formats(conference(seed=seed), outcome="new_contacts", by="industry", random_state=0)
        assert {effect_certainty(r).state for r in effects.to_dict(orient="records")} <= {"cannot_compare",
                                                                                            "leaning"}


def test_leaning_uses_the_t_quantile_of_the_intervals_degrees_of_freedom():
    # 1 df: the 80% interval is 3.08 standard errors wide on each side, not 1.28
    assert lean_threshold(1.0) == pytest.approx(3.078, abs=1e-3) and lean_threshold(None) == pytest.approx(1.2816)
    row = {"outcome": "new_contacts", "effect": 2.0, "ci_low": -23.4, "ci_high": 27.4, "se": 1.0, "df": 1.0,
           "n_structured": 20, "n_unstructured": 20, "n_sessions_structured": 2, "n_sessions_unstructured": 2}
    assert effect_certainty(row).state == "cannot_compare"
    assert effect_certainty(row | {"effect": 4.0}).state == "leaning"


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_no_recommendation_where_two_sessions_neither_show_nor_lean(seed):
    advice = recommend_format(conference(seed=seed), outcome="new_contacts", by="industry",
                              mix={"Software": 0.5, "Logistics": 0.5}, random_state=0)
    assert advice.recommended is None and not advice.confident
    assert certainty(advice).state == "cannot_compare"
    assert any(s.startswith("Too few sessions of a format to tell (as few as 2;") for s in advice.rationale)
    assert advice.next_step.startswith("Run more sessions of each format")


def test_no_recommendation_where_a_group_of_the_mix_has_no_interval():
    advice = recommend_format(conference(effect=3.0, day_two_group=True), outcome="new_contacts", by="industry",
                              mix={"Software": 0.3, "Logistics": 0.3, "Retail": 0.4}, random_state=0)
    assert advice.recommended is None and certainty(advice).state == "cannot_compare"
    assert any("Retail nothing measures how sure" in s for s in advice.rationale)


def test_a_large_planted_effect_from_few_sessions_still_leans():
    advice = recommend_format(conference(effect=4.0, seed=3), outcome="new_contacts", by="industry",
                              mix={"Software": 0.5, "Logistics": 0.5}, random_state=0)
    assert advice.recommended == "structured" and not advice.confident
    assert certainty(advice).state == "leaning"

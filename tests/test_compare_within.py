"""People in several sessions: the within-person comparison against a planted truth, and what it will not do.

The crossover world (``simulate_crossover_table``) has every person in one structured and one open session
at each event, a planted effect per style, a first/second-session effect, session, event and person shocks.
The full check (thousands of worlds) is ``benchmarks/within_person_study.py``; here a seeded small run.
"""

from __future__ import annotations

import re
import numpy as np
import pandas as pd
import pytest

from toolkit import compare_formats, recommend_format
from toolkit.compare import fit_comparison
from toolkit.compare.variance import MultiwayVariance
from toolkit.datasets.simulate import simulate_crossover_table, simulate_outcome_table


def _intervals(n_worlds: int, seed: int, **options) -> pd.DataFrame:
    rows = []
    for world in np.random.SeedSequence(seed).spawn(n_worlds):
        table, truth = simulate_crossover_table(random_state=np.random.default_rng(world), **options)
        effects = compare_formats(table, outcome="new_contacts", covariates=[], random_state=0)
        for row in effects.itertuples(index=False):
            rows.append({"segment": row.segment, "truth": truth["new_contacts"][row.segment], "effect": row.effect,
                         "low": row.ci_low, "high": row.ci_high, "design": row.design})
    return pd.DataFrame(rows)


def test_within_person_intervals_cover_the_planted_effect_and_are_unbiased():
    # 60 small worlds x 2 segments; the study in benchmarks/ runs 2,000 worlds of the default size
    found = _intervals(60, 2026, n_events=2, sessions_per_format=10, session_size=8)
    assert (found["design"] == "within person").all()
    covered = (found["low"] <= found["truth"]) & (found["truth"] <= found["high"])
    assert 0.89 <= covered.mean() <= 0.99, covered.mean()
    error = (found["effect"] - found["truth"]).groupby(found["segment"]).mean()
    spread = (found["effect"] - found["truth"]).groupby(found["segment"]).std() / np.sqrt(60)
    assert (error.abs() < 3 * spread + 0.05).all(), (error, spread)


def test_clustering_by_person_and_both_sessions_matters():
    # strong room shocks and personal effects that last across events: treating people as independent, or
    # clustering by one dimension only, understates the variance the three-way clustering finds
    table, _ = simulate_crossover_table(n_events=3, sessions_per_format=8, session_size=10, effect_sd=2.0,
                                        session_sd=2.5, random_state=5)
    comparison = fit_comparison(table, outcome="new_contacts", covariates=[], random_state=0)
    three_way = comparison.variance
    assert isinstance(three_way, MultiwayVariance)

    def clustered_by(*clusters):
        return MultiwayVariance(scores=three_way.scores, clusters=clusters, segment=three_way.segment,
                                cell=three_way.cell, weight=three_way.weight)

    independent = clustered_by(np.arange(len(three_way.segment)))
    for j in range(len(comparison.segments)):
        contrast = np.eye(len(comparison.segments))[j]
        full = three_way.variance(contrast)[0]
        assert full > 2 * independent.variance(contrast)[0]
        assert all(full > clustered_by(codes).variance(contrast)[0] for codes in three_way.clusters)


def test_order_of_the_sessions_is_balanced_out_and_an_unbalanced_order_is_flagged():
    # a large second-session effect: by lot it cancels; structured-first for everyone it cannot be separated
    by_lot, truth = simulate_crossover_table(period_effect=-4.0, random_state=8)
    fair = compare_formats(by_lot, outcome="new_contacts", covariates=[], random_state=0).set_index("segment")
    for segment, value in truth["new_contacts"].items():
        assert fair.loc[segment, "ci_low"] <= value <= fair.loc[segment, "ci_high"]
        assert not any("first or second" in w for w in fair.loc[segment, "warnings"])
    fixed, _ = simulate_crossover_table(period_effect=-4.0, order="structured first", random_state=8)
    confounded = compare_formats(fixed, outcome="new_contacts", covariates=[], random_state=0).set_index("segment")
    assert (confounded["effect"] > fair["effect"] + 2.5).all()   # the first session's +4 is taken for the format
    for warnings in confounded["warnings"]:
        assert any("cannot be told apart from coming first or second" in w for w in warnings)


def test_survey_outcomes_are_never_compared_within_person():
    table, _ = simulate_crossover_table(one_format_share=0.3, random_state=9)
    effects = compare_formats(table, outcome="satisfaction", random_state=0)
    assert not (effects["design"] == "within person").any()
    note = "Survey answers are per event, not per session"
    assert all(any(note in w for w in warnings) for warnings in effects["warnings"])
    # only the people seen in one format are compared
    one_format = table[table["n_sessions"] == 1]
    answered = one_format["satisfaction"].notna()
    assert int(effects["n_structured"].sum() + effects["n_unstructured"].sum()) == int(answered.sum())


def test_people_in_one_format_are_left_out_with_a_note_and_the_rule_can_be_overridden():
    table, truth = simulate_crossover_table(one_format_share=0.2, random_state=10)
    within = compare_formats(table, outcome="new_contacts", random_state=0)
    assert (within["design"] == "within person").all()
    assert any("seen in one format only are left out" in w for w in within["warnings"].iloc[0])
    people_in_both = table.loc[table["n_sessions"] > 1, ["event_id", "attendee_id"]].drop_duplicates()
    assert int(within["n_structured"].sum()) == len(people_in_both)
    between = compare_formats(table, outcome="new_contacts", within_person=False, random_state=0)
    assert (between["design"] != "within person").all()
    assert any("left out (as asked" in w for w in between["warnings"].iloc[0])


def test_contacts_that_cannot_be_attributed_are_not_guessed():
    table, _ = simulate_crossover_table(unattributable=True, random_state=11)
    effects = compare_formats(table, outcome="new_contacts", random_state=0)
    assert effects["effect"].isna().all() and effects["ci_low"].isna().all()
    assert any("could not be attributed to a session" in w for w in effects["warnings"].iloc[0])
    advice = recommend_format(table, outcome="new_contacts", random_state=0)
    assert advice.recommended is None and not advice.confident
    assert "Record the session of each contact" in advice.next_step
    assert any("could not be attributed" in s for s in advice.rationale)


def test_rows_that_stand_for_several_sessions_are_left_out():
    # an outcome table in the old shape: one row per person, the format of one of their two sessions
    table, _ = simulate_outcome_table(n_events=1, random_state=12)
    table["n_sessions"] = np.where(np.arange(len(table)) % 4 == 0, 2, 1)
    effects = compare_formats(table, outcome="new_contacts", random_state=0)
    left_out = int((table["n_sessions"] == 2).sum())
    assert int(effects["n_structured"].sum() + effects["n_unstructured"].sum()) == len(table) - left_out
    assert any(f"{left_out} attendees were in several sessions" in w for w in effects["warnings"].iloc[0])


def test_a_recommendation_on_a_crossover_world_uses_the_within_person_effects():
    table, _ = simulate_crossover_table(n_events=3, sessions_per_format=12, random_state=13)
    advice = recommend_format(table, outcome="new_contacts", mix={"reserved": 0.5, "self-directed": 0.5},
                              random_state=0)
    assert advice.design == "within person"
    assert advice.recommended == "split"
    assert advice.plan == {"reserved": "structured", "self-directed": "unstructured"}
    expected = advice.expected
    assert expected["split"] > max(expected["structured"], expected["unstructured"])


def test_multiway_variance_matches_a_hand_computation():
    # four pairs, two structured and two open sessions, one person each: the Cameron-Gelbach-Miller sum
    scores = np.array([[0.2], [-0.1], [0.05], [-0.15]])
    variance = MultiwayVariance(scores=scores, clusters=(np.array([0, 0, 1, 1]), np.array([2, 3, 2, 3]),
                                                         np.arange(4)), segment=np.zeros(4, dtype=int))
    by_structured = 2 * ((0.2 - 0.1) ** 2 + (0.05 - 0.15) ** 2)       # G/(G-1) = 2 for two equal sessions
    by_open = 2 * ((0.2 + 0.05) ** 2 + (-0.1 - 0.15) ** 2)
    singles = 4 / 3 * float((scores**2).sum())                            # person, and every intersection
    expected = by_structured + by_open + singles - 3 * singles + singles
    assert variance.variance(np.array([1.0]))[0] == pytest.approx(expected)


def test_a_yes_no_grouping_is_named_in_words_in_the_notes():
    """A newcomer's `netout compare sp/ws16 --by first_time` said 'At WS16 every False attendee had the same
    order of formats'. The notes now name the group as people would: returning, first-time."""
    table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, order="structured first", random_state=0)
    table["first_time"] = table["attendee_id"].str[-1].isin(list("0123")).map({True: "True", False: "False"})
    effects = compare_formats(table, outcome="contacts", by="first_time", random_state=0)
    notes = " ".join(str(w) for warnings in effects["warnings"] for w in warnings)
    assert "returning attendees" in notes and "first-time attendees" in notes, notes
    assert not re.search(r"\b(False|True) attendee", notes)

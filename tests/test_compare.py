"""Format comparison per segment: planted truth recovered, honest intervals, warnings where evidence is thin."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from toolkit import UsageError, compare_formats, compare_outcomes, segment_difference
from toolkit.compare import (
    EXTRA_EFFECT_COLUMNS,
    LOWER_IS_BETTER,
    MIN_SESSIONS_PER_FORMAT,
    better_format,
    better_formats,
    default_covariates,
)
from toolkit.contract import EFFECT_COLUMNS
from toolkit.datasets.simulate import simulate_outcome_table, simulation_study


@pytest.fixture(scope="module")
def randomized():
    return simulate_outcome_table(assignment="randomized", random_state=11)


@pytest.fixture(scope="module")
def self_selected():
    return simulate_outcome_table(assignment="self_selected", n_events=3, random_state=12)


@pytest.fixture(scope="module")
def whole_events():
    # every session is a whole event, 3 events per format
    return simulate_outcome_table(
        n_events=6, sessions_per_format=1, session_size=60, whole_event_format=True, assignment="scheduled",
        random_state=13,
    )


def test_columns_and_types_follow_the_contract(randomized):
    table, _ = randomized
    result = compare_formats(table, outcome="new_contacts", by="style", random_state=0)
    assert list(result.columns[: len(EFFECT_COLUMNS)]) == list(EFFECT_COLUMNS)
    assert set(EXTRA_EFFECT_COLUMNS) <= set(result.columns)
    assert list(result["segment"]) == ["reserved", "self-directed"]
    assert (result["outcome"] == "new_contacts").all()
    assert all(isinstance(w, list) for w in result["warnings"])
    assert (result["n_structured"] + result["n_unstructured"]).sum() == len(table)
    assert (result["ci_low"] < result["effect"]).all() and (result["effect"] < result["ci_high"]).all()
    assert result["method"].str.contains("difference in means").all()
    assert (result["design"] == "within events").all()


def test_randomized_intervals_hold_the_planted_effects(randomized):
    table, truth = randomized
    result = compare_formats(table, outcome="new_contacts", random_state=0).set_index("segment")
    for segment, value in truth["new_contacts"].items():
        assert result.loc[segment, "ci_low"] <= value <= result.loc[segment, "ci_high"]


def test_self_selected_uses_doubly_robust_and_says_so(self_selected):
    table, truth = self_selected
    result = compare_formats(table, outcome="new_contacts", random_state=0).set_index("segment")
    assert result["method"].str.contains("AIPW").all()
    assert any("not assigned by lot" in w for w in result.loc["reserved", "warnings"])
    for segment, value in truth["new_contacts"].items():
        assert result.loc[segment, "ci_low"] <= value <= result.loc[segment, "ci_high"]


def test_same_seed_same_numbers(self_selected):
    table, _ = self_selected
    a = compare_formats(table, outcome="new_contacts", random_state=5)
    b = compare_formats(table, outcome="new_contacts", random_state=5)
    pd.testing.assert_frame_equal(a, b)


def test_cluster_robust_variance_matches_hand_computation():
    # one event, randomized, no covariate adjustment: the estimate is the difference in means, and the
    # variance is the sum over sessions of (session residual total / arm size)^2 / (1 - session share)
    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=6, session_size=15, random_state=3)
    table = table.assign(all="everyone")
    result = compare_formats(table, outcome="new_contacts", by="all", adjust=False, random_state=0).iloc[0]
    y = table["new_contacts"].to_numpy()
    t = (table["format"] == "structured").to_numpy()
    variance, parts = 0.0, []
    for arm in (True, False):
        sel = t == arm
        resid = y[sel] - y[sel].mean()
        totals = pd.Series(resid).groupby(table["session_id"].to_numpy()[sel]).sum().to_numpy() / sel.sum()
        share = table.loc[sel].groupby("session_id").size().to_numpy() / sel.sum()
        part = float((totals**2 / (1 - share)).sum())
        parts.append((part, len(totals)))
        variance += part
    assert result["effect"] == pytest.approx(y[t].mean() - y[~t].mean())
    assert result["se"] == pytest.approx(np.sqrt(variance), rel=1e-9)
    df = variance**2 / sum(v**2 / (g - 1) for v, g in parts)
    assert result["df"] == pytest.approx(df, rel=1e-9)


def test_people_in_several_sessions_get_two_way_clustered_variance():
    # as the hand computation above, but structured attendees with similar outcomes share an id (the same
    # person in two sessions): V = V_session + V_person - V_session∩person, rows scaled by their session's
    # correction; a negative cross term falls back to V_session
    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=6, session_size=15, random_state=3)
    table = table.assign(all="everyone")
    single = compare_formats(table, outcome="new_contacts", by="all", adjust=False, random_state=0).iloc[0]
    structured = table.index[table["format"] == "structured"]
    ordered = table.loc[structured].sort_values("new_contacts").index
    ids = table["attendee_id"].astype(object).copy()
    ids.loc[ordered] = [f"person{i // 2}" for i in range(len(ordered))]
    table = table.assign(attendee_id=pd.array(ids.to_numpy(), dtype="string"))
    result = compare_formats(table, outcome="new_contacts", by="all", adjust=False, random_state=0).iloc[0]
    assert "two-way" in result["method"]
    assert any("clustering by person as well as by session" in w for w in result["warnings"])

    y = table["new_contacts"].to_numpy(dtype=float)
    t = (table["format"] == "structured").to_numpy()
    session = table["session_id"].to_numpy()
    phi = np.zeros(len(table))
    for arm in (True, False):
        sel = t == arm
        sign = 1.0 if arm else -1.0
        share = table.loc[sel].groupby("session_id")["session_id"].transform("size").to_numpy() / sel.sum()
        phi[sel] = sign * (y[sel] - y[sel].mean()) / sel.sum() / np.sqrt(1 - share)
    frame = pd.DataFrame({"phi": phi, "p": table["attendee_id"].to_numpy(), "s": session})
    cross = float((frame.groupby("p")["phi"].sum() ** 2).sum() - (frame.groupby(["s", "p"])["phi"].sum() ** 2).sum())
    assert cross > 0
    assert result["se"] ** 2 == pytest.approx(single["se"] ** 2 + cross, rel=1e-9)
    assert result["df"] == pytest.approx(single["df"], rel=1e-9)  # degrees of freedom from the sessions
    assert result["effect"] == pytest.approx(single["effect"])


def test_whole_events_warn_that_few_sessions_limit_the_evidence(whole_events):
    table, _ = whole_events
    result = compare_formats(table, outcome="new_contacts", random_state=0)
    assert (result["design"] == "between events").all()
    for warnings in result["warnings"]:
        assert any("Too few sessions to trust this result" in w for w in warnings)
        assert any("compares events" in w for w in warnings)
    assert (result["n_sessions_structured"] == 3).all() and (result["n_sessions_unstructured"] == 3).all()


def test_segment_difference_and_optional_row(randomized):
    table, truth = randomized
    diff = segment_difference(table, outcome="new_contacts", random_state=0).iloc[0]
    planted = truth["new_contacts"]["reserved"] - truth["new_contacts"]["self-directed"]
    assert diff["segment"] == "reserved - self-directed"
    assert diff["ci_low"] <= planted <= diff["ci_high"]
    effects = compare_formats(table, outcome="new_contacts", include_difference=True, random_state=0)
    assert effects["segment"].tolist()[-1] == "reserved - self-directed"
    assert effects["effect"].iloc[-1] == pytest.approx(effects["effect"].iloc[0] - effects["effect"].iloc[1])


def test_survey_outcome_warns_when_response_differs_and_can_weight():
    table, truth = simulate_outcome_table(response_format_gap=0.3, random_state=4)
    result = compare_formats(table, outcome="satisfaction", random_state=0)
    assert any("response differs between formats" in w for w in result["warnings"].iloc[0])
    responded = table["responded"]
    assert (result["n_structured"] + result["n_unstructured"]).sum() == int(responded.sum())
    weighted = compare_formats(table, outcome="satisfaction", weight_nonresponse=True, random_state=0)
    assert weighted["method"].str.contains("inverse probability of response").all()
    for row in weighted.itertuples():
        assert row.ci_low <= truth["satisfaction"][row.segment] <= row.ci_high


def test_contact_log_outcome_says_who_has_no_value_not_survey_response():
    table, _ = simulate_outcome_table(response_format_gap=0.3, random_state=4)
    table = table.copy()
    table.loc[table.index[::5], "new_contacts"] = 0  # make sure there are some
    no_new = table["new_contacts"] == 0
    table["followup_rate_7d"] = table["followup_rate_7d"].astype("Float64").mask(no_new)
    result = compare_formats(table, outcome="followup_rate_7d", random_state=0).set_index("segment")
    for segment, warnings in result["warnings"].items():
        expected = int((no_new & (table["style"] == segment) & table["format"].notna()).sum())
        text = " ".join(warnings)
        assert "Survey response" not in text and "weight" not in text
        assert f"{expected} {segment} attendees with no new contact have no follow-up rate and are left out" in text
    # survey outcomes keep the response warning, naming the Python option and the CLI option
    survey = compare_formats(table, outcome="satisfaction", random_state=0)
    text = " ".join(survey["warnings"].iloc[0])
    assert "Survey response differs between formats" in text
    assert "weight_nonresponse=True" in text and "--weight-nonresponse" in text


def test_a_hidden_group_is_counted_as_fewer_than_5_never_by_its_size():
    """A group of 3 in the structured format is hidden by the small-cell rule; its warnings printed 'Only 3 structured
    and 9 unstructured ...', and '3 ... attendees have no ... value', which gave its size back."""
    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=6, random_state=0)
    table = table.assign(team="big")
    structured = np.flatnonzero((table["format"] == "structured").to_numpy())
    unstructured = np.flatnonzero((table["format"] == "unstructured").to_numpy())
    table.loc[table.index[np.r_[structured[:3], unstructured[:9]]], "team"] = "tiny"
    # and 3 people of the big group with no value of the outcome
    table["contacts"] = table["contacts"].astype("Float64")
    table.loc[table.index[structured[10:13]], "contacts"] = pd.NA
    result = compare_formats(table, outcome="contacts", by="team", random_state=0).set_index("segment")
    tiny, big = " ".join(result.loc["tiny", "warnings"]), " ".join(result.loc["big", "warnings"])
    assert "Fewer than 5 structured and 9 unstructured attendees whose team is tiny: too few for a firm conclusion." in tiny
    assert "Fewer than 5 attendees whose team is big have no contacts value" in big
    for text in (tiny, big):
        assert not re.search(r"\b3 (structured|unstructured|tiny|big) attendees|\b3 attendees whose|Only 3\b|^3 ", text), text
    from toolkit.wording import group_cautions

    kinds = {g.kind for g in group_cautions(result.reset_index(), by="team")}
    assert {"few_attendees", "values_missing"} <= kinds


def test_compare_outcomes_flags_false_discoveries():
    table, truth = simulate_outcome_table(n_events=3, random_state=8)
    result = compare_outcomes(table, outcomes=["new_contacts", "would_return", "nps"], random_state=0)
    assert {"q_value", "fdr_significant"} <= set(result.columns)
    assert (result["q_value"] >= result["p_value"] - 1e-12).all()
    flagged = result.set_index(["outcome", "segment"])["fdr_significant"]
    assert flagged[("new_contacts", "reserved")]          # planted 3 contacts: survives
    assert not flagged[("would_return", "self-directed")]  # planted 0


def test_q_values_are_statsmodels_fdr_bh_over_the_known_p_values():
    from statsmodels.stats.multitest import multipletests

    table, _ = simulate_outcome_table(n_events=3, random_state=8)
    cut = table[~((table["style"] == "reserved") & (table["format"] == "structured"))]  # reserved: no p-value
    result = compare_outcomes(cut, outcomes=["new_contacts", "would_return", "nps"], random_state=0)
    known = result["p_value"].notna()
    assert (~known).sum() == 3 and result.loc[~known, "q_value"].isna().all()
    expected = multipletests(result.loc[known, "p_value"].to_numpy(), method="fdr_bh")[1]
    assert np.allclose(result.loc[known, "q_value"].to_numpy(), expected)


def test_default_covariates_leave_out_ids_outcomes_and_survey_answers(self_selected):
    table, _ = self_selected
    chosen = default_covariates(table.assign(email="x@y.z", _row=1), by="style")
    assert "attendee_id" not in chosen and "email" not in chosen and "_row" not in chosen
    assert "satisfaction" not in chosen and "new_contacts" not in chosen
    assert {"industry", "first_time", "style"} <= set(chosen)
    narrowed = compare_formats(table, outcome="new_contacts", covariates=["first_time"], random_state=0)
    assert narrowed["covariates"].iloc[0] == ["first_time", "style"]


def test_better_format_more_is_better_and_lower_is_better():
    assert {"familiar_share", "spectator"} == set(LOWER_IS_BETTER)
    # more is better: a positive interval means structured did better
    assert better_format(1.0, 0.2, 1.8, outcome="new_contacts") == "structured"
    assert better_format(-1.0, -1.8, -0.2, outcome="new_contacts") == "unstructured"
    # lower is better: the same intervals read the other way round
    for outcome in LOWER_IS_BETTER:
        assert better_format(0.1, 0.02, 0.18, outcome=outcome) == "unstructured"
        assert better_format(-0.1, -0.18, -0.02, outcome=outcome) == "structured"
    # an interval including (or touching) 0, or a missing number: no verdict
    assert better_format(0.5, -0.1, 1.1, outcome="new_contacts") is None
    assert better_format(0.5, 0.0, 1.0, outcome="spectator") is None
    assert better_format(np.nan, np.nan, np.nan, outcome="new_contacts") is None
    frame = pd.DataFrame({
        "outcome": ["new_contacts", "spectator", "familiar_share", "nps", "nps"],
        "effect": [1.0, 0.1, -0.1, 0.0, np.nan],
        "ci_low": [0.5, 0.05, -0.2, -1.0, np.nan],
        "ci_high": [1.5, 0.15, -0.05, 1.0, np.nan],
    })
    expected = [better_format(r.effect, r.ci_low, r.ci_high, outcome=r.outcome) for r in frame.itertuples()]
    assert better_formats(frame).tolist() == expected == ["structured", "unstructured", "structured", None, None]


def test_few_sessions_warning_uses_the_public_threshold(randomized):
    table, _ = randomized
    result = compare_formats(table, outcome="new_contacts", random_state=0)
    few = (result[["n_sessions_structured", "n_sessions_unstructured"]].min(axis=1) < MIN_SESSIONS_PER_FORMAT)
    for warned, warnings in zip(few, result["warnings"]):
        assert warned == any("Too few sessions to trust this result" in w for w in warnings)
    assert MIN_SESSIONS_PER_FORMAT == 10


def test_default_covariates_leave_out_the_post_event_style_score(self_selected):
    table, _ = self_selected
    assert "style_score" in table.columns
    assert "style_score" not in default_covariates(table, by="style")
    chosen = default_covariates(table, by="industry")
    assert "style_score" not in chosen and "style" in chosen
    assert "style_score" in default_covariates(table, by="style_score")


def test_bad_requests_are_usage_errors(randomized):
    table, _ = randomized
    with pytest.raises(UsageError, match="not a column"):
        compare_formats(table, outcome="new_contacts", by="shoe_size")
    with pytest.raises(UsageError, match="outcome"):
        compare_formats(table, outcome="happiness")
    with pytest.raises(UsageError, match="confidence"):
        compare_formats(table, outcome="new_contacts", confidence=95)


def test_one_format_missing_in_a_segment_gives_no_effect_and_says_why(randomized):
    table, _ = randomized
    cut = table[~((table["style"] == "reserved") & (table["format"] == "structured"))]
    result = compare_formats(cut, outcome="new_contacts", random_state=0).set_index("segment")
    assert np.isnan(result.loc["reserved", "effect"])
    assert any("cannot be compared" in w for w in result.loc["reserved", "warnings"])
    assert np.isfinite(result.loc["self-directed", "effect"])


@pytest.mark.slow
def test_simulation_study_fast_version():
    """200 small seeded worlds per scenario: honest coverage, naive biased under self-selection, ours not."""
    small = {"n_events": 2, "sessions_per_format": 8, "session_size": 12}
    summary, worlds = simulation_study(
        scenarios={"randomized": {"assignment": "randomized"}, "self-selected": {"assignment": "self_selected"}},
        n_worlds=200, world_options=small, with_recommendation=False, random_state=2024,
    )
    ours = summary[summary["estimator"] == "netout"].set_index(["scenario", "segment"])
    naive = summary[summary["estimator"] == "naive"].set_index(["scenario", "segment"])
    # coverage within Monte Carlo error of 95% (400 correlated intervals per scenario)
    by_scenario = worlds[worlds["estimator"] == "netout"].groupby("scenario")["covered"].mean()
    assert by_scenario.between(0.91, 0.985).all(), by_scenario
    # self-selection: the naive difference is clearly biased, ours is not
    assert (naive.loc["self-selected", "bias"] < -0.5).all()
    assert (ours.loc["self-selected", "bias"].abs() < 0.25).all()
    # clustering ignored: the naive interval undercovers even under randomization
    naive_cover = worlds[worlds["estimator"] == "naive"].groupby("scenario")["covered"].mean()
    assert naive_cover["randomized"] < by_scenario["randomized"]


def test_unknown_segment_under_self_selection_is_flagged(self_selected):
    table, _ = self_selected
    table = table.copy()
    table.loc[table.index[::7], "style"] = pd.NA
    result = compare_formats(table, outcome="new_contacts", random_state=0).set_index("segment")
    assert "unknown" in result.index
    assert any("is unknown" in w for w in result.loc["unknown", "warnings"])
    assert not any("is unknown" in w for w in result.loc["reserved", "warnings"])


def test_the_comparison_result_holds_the_notes_once_and_what_recommend_needs(self_selected):
    from toolkit import fit_comparison

    table, _ = self_selected
    comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    frame = compare_formats(table, outcome="new_contacts", random_state=0)
    pd.testing.assert_frame_equal(comparison.to_frame(), frame)
    # the table's notes are held once; each row of the tidy frame repeats them before its own warnings
    assert any("not assigned by lot" in note for note in comparison.notes)
    for row in frame.itertuples():
        own = list(comparison.segment_warnings[row.segment])
        assert row.warnings == list(comparison.notes) + own
        assert not set(comparison.notes) & set(own)
    assert "warnings" not in comparison.effects.columns
    # the covariance's diagonal is each segment's squared standard error; a contrast's variance is that of
    # the difference row
    cov = comparison.cov_params()
    np.testing.assert_allclose(np.diag(cov), comparison.effects["se"] ** 2, rtol=1e-12)
    np.testing.assert_allclose(cov.to_numpy(), cov.to_numpy().T)
    diff = comparison.difference("reserved", "self-directed")
    variance, df = comparison.contrast_variance({"reserved": 1.0, "self-directed": -1.0})
    assert diff["se"].item() ** 2 == pytest.approx(variance) and diff["df"].item() == pytest.approx(df)
    # the expected outcome of a plan is the mix-weighted potential-outcome mean
    means = comparison.effects.set_index("segment")
    plan = {"reserved": "structured", "self-directed": "unstructured"}
    assert comparison.expected_outcome(plan, {"reserved": 3, "self-directed": 1}) == pytest.approx(
        0.75 * means.loc["reserved", "mean_structured"] + 0.25 * means.loc["self-directed", "mean_unstructured"])
    with pytest.raises(UsageError, match="not segments"):
        comparison.expected_outcome(plan, {"introvert": 1.0})
    # cluster statistics: the sessions of the tidy frame, a session size near the simulated 20
    clusters = comparison.cluster_statistics
    assert clusters.sessions["structured"].tolist() == frame["n_sessions_structured"].tolist()
    assert 0 <= clusters.icc <= 1 and 15 < clusters.mean_session_size < 25
    assert clusters.design_effect() == pytest.approx(1 + (clusters.mean_session_size - 1) * clusters.icc)
    text = comparison.summary()
    assert "reserved" in text and comparison.notes[0] in text


def test_the_fingerprint_covers_the_content_read_and_the_options(self_selected):
    from toolkit import fit_comparison

    table, _ = self_selected
    a = fit_comparison(table, outcome="new_contacts", random_state=0).fitted_on
    b = fit_comparison(table.copy(), outcome="new_contacts", random_state=0).fitted_on
    c = fit_comparison(table, outcome="new_contacts", random_state=1).fitted_on
    d = fit_comparison(table.assign(unread="x"), outcome="new_contacts", random_state=0).fitted_on
    assert a.fingerprint == b.fingerprint == d.fingerprint  # a column the fit does not read changes nothing
    assert a.table_digest == c.table_digest and a.fingerprint != c.fingerprint
    shuffled = table.sample(frac=1.0, random_state=0)
    e = fit_comparison(shuffled, outcome="new_contacts", random_state=0).fitted_on
    assert e.table_digest != a.table_digest and e.n_rows == a.n_rows


def test_default_covariates_follow_the_one_personal_data_rule(self_selected):
    # The comparison kept its own list of personal column names: a short-valued column such as
    # "contact_email" or "attendee_name" (not in that list) became a covariate, while the privacy rule
    # (toolkit.privacy.is_personal_column) calls it personal. Now there is one rule.
    from toolkit.privacy import is_personal_column

    table, _ = self_selected
    few = np.resize(["ann@example.org", "bob@example.org", "cy@example.org"], len(table))
    names = np.resize(["Ann Lee", "Bob Ray", "Cy Oz"], len(table))
    extended = table.assign(contact_email=few, attendee_name=names, company_name=np.resize(["Acme", "Bolt"], len(table)))
    assert is_personal_column("contact_email") and is_personal_column("attendee_name")
    chosen = default_covariates(extended, by="style")
    assert "contact_email" not in chosen and "attendee_name" not in chosen
    # a company (with a job title) identifies a person at a small event: the one rule leaves it out too
    assert "company_name" not in chosen


@pytest.mark.parametrize("seed", range(25))
def test_session_folds_keep_sessions_whole_and_spread_every_event_and_format(seed):
    from toolkit.compare.design import session_folds

    rng = np.random.default_rng(seed)
    session, treated, stratum, code = [], [], [], 0
    for event in range(int(rng.integers(1, 5))):
        for arm in (0.0, 1.0):
            for _ in range(int(rng.integers(1, 14))):
                size = int(rng.integers(1, 30))
                session += [code] * size
                treated += [arm] * size
                stratum += [event] * size
                code += 1
    session, treated, stratum = np.array(session), np.array(treated), np.array(stratum)
    n_folds = int(rng.integers(2, 4))
    folds = session_folds(session, treated, stratum, n_folds, seed)
    cells = pd.DataFrame({"s": session, "t": treated, "e": stratum}).drop_duplicates("s")
    per_cell = cells.groupby(["e", "t"]).size()
    per_arm = cells.groupby("t").size()
    if per_cell.min() < n_folds or per_arm.min() < 2 * n_folds:
        assert folds is None
        return
    frame = pd.DataFrame({"s": session, "t": treated, "e": stratum, "fold": folds})
    assert (frame.groupby("s")["fold"].nunique() == 1).all()
    assert (frame.groupby(["e", "t"])["fold"].nunique() == n_folds).all()


def test_a_generator_as_random_state_gives_the_same_numbers_from_the_same_state(self_selected):
    table, _ = self_selected
    a = compare_formats(table, outcome="new_contacts", random_state=np.random.default_rng(7))
    b = compare_formats(table, outcome="new_contacts", random_state=np.random.default_rng(7))
    pd.testing.assert_frame_equal(a, b)


def test_a_hidden_groups_session_count_and_response_rate_are_not_shown():
    """With 3 structured people in the 'tiny' group, the notes still gave '... in 3 structured sessions' (at
    least 3 people) and its survey response rate ('33% structured': 1 of 3 answered)."""
    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=6, response_format_gap=0.4, random_state=0)
    table = table.assign(team="big")
    structured = np.flatnonzero((table["format"] == "structured").to_numpy())
    unstructured = np.flatnonzero((table["format"] == "unstructured").to_numpy())
    tiny = table.index[np.r_[structured[:3], unstructured[:9]]]
    table.loc[tiny, "team"] = "tiny"
    table.loc[tiny[:3], "responded"] = [True, False, False]
    table.loc[tiny[:3], "satisfaction"] = [4.0, np.nan, np.nan]
    result = compare_formats(table, outcome="satisfaction", by="team", random_state=0).set_index("segment")
    text = " ".join(result.loc["tiny", "warnings"])
    assert "Too few sessions to trust this result: attendees whose team is tiny were in fewer than 10 sessions" in text
    assert not re.search(r"\d+ structured and \d+ unstructured sessions", text), text
    assert "33%" not in text and not re.search(r"\d+% structured", text), text
    big = " ".join(result.loc["big", "warnings"])
    assert re.search(r"attendees whose team is big were in \d+ structured and \d+ unstructured sessions", big), big

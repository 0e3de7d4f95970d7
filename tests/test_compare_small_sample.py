"""The comparison's nuisance models and variance where data are few or the confounding is curved.

Two faults of the simulation study (issue 14), each shown against planted truth in seeded worlds:
a single small event (60 people, 3+3 rooms) whose interval under-covered because the outcome
models, fitted on the very rows they predict, absorbed part of the noise the variance is summed
from; and a U-shaped confounder in age whose curve the ridge penalty flattened where one format
has few people.
"""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.compare import compare_formats
from toolkit.compare.aipw import (RIDGE_ALPHA, in_sample_correction, influence_values, outcome_values,
                                  ridge_scale)
from toolkit.compare.design import prepare_analysis_frame
from toolkit.datasets.simulate import simulate_nonlinear_confounding, simulate_outcome_table

SMALL_EVENT = {"n_events": 1, "sessions_per_format": 3, "session_size": 10,
               "effects": {"new_contacts": {"reserved": 3.0, "self-directed": -1.5}}}


def test_in_sample_correction_is_the_ridge_residual_degrees_of_freedom():
    # brute force: the hat matrix of each format's ridge fit, its trace the effective parameters
    table, _ = simulate_outcome_table(**SMALL_EVENT, random_state=3)
    frame = prepare_analysis_frame(table, by="style", random_state=0)
    values = influence_values(frame, outcome_values(frame, "new_contacts"), adjust=True)
    assert values.models_in_sample  # 3 rooms a format: too few to cross-fit
    factor = in_sample_correction(frame, values)
    for arm in (1.0, 0.0):
        sel = values.treated == arm
        X = frame.X[values.rows][sel]
        penalty = RIDGE_ALPHA * np.eye(X.shape[1])
        penalty[0, 0] = 0.0  # the intercept is not penalised
        hat = X @ np.linalg.solve(X.T @ X + penalty, X.T)
        cells = len(np.unique(values.segment_code[sel]))
        expected = (sel.sum() - cells) / (sel.sum() - np.trace(hat))
        assert np.allclose(factor[np.unique(values.session[sel])], expected)
        assert expected > 1.4  # some 13 effective parameters on 30 people
    # with enough sessions the models are cross-fitted and nothing is corrected
    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=8, random_state=3)
    frame = prepare_analysis_frame(table, by="style", random_state=0)
    assert not influence_values(frame, outcome_values(frame, "new_contacts"), adjust=True).models_in_sample


@pytest.mark.slow
def test_a_single_small_event_has_a_variance_as_large_as_the_spread_of_its_estimates():
    """150 seeded small events (planted +3 and -1.5): the variance was two thirds of the spread, now about all."""
    errors, variances, covered = [], [], []
    for seed in range(150):
        table, truth = simulate_outcome_table(**SMALL_EVENT, random_state=seed)
        result = compare_formats(table, outcome="new_contacts", random_state=seed).set_index("segment")
        for segment in ("reserved", "self-directed"):
            row = result.loc[segment]
            errors.append(row["effect"] - truth["new_contacts"][segment])
            variances.append(row["se"] ** 2)
            covered.append(row["ci_low"] <= truth["new_contacts"][segment] <= row["ci_high"])
    ratio = np.mean(variances) / np.var(errors)
    # before the correction 0.73 on these worlds (1.24 after); sampling error of the ratio about +-0.12
    assert 0.85 < ratio < 1.4, ratio
    assert 0.93 <= np.mean(covered) <= 0.995


def test_the_common_curve_is_learnt_unshrunk_where_one_format_is_scarce():
    table, _ = simulate_nonlinear_confounding(random_state=0)
    frame = prepare_analysis_frame(table, by="style", random_state=0)
    scale = ridge_scale(frame)
    assert scale is not None and int((scale > 1).sum()) == 5  # age's spline basis, not its per-segment copies
    values = influence_values(frame, outcome_values(frame, "new_contacts"), adjust=True)
    # the open format's people at the ends of the age range are few (the ends chose structured)
    age = table.loc[frame.frame.index, "age"].to_numpy()[values.rows]
    ends = np.abs(age - 45) > 17
    open_at_ends = (values.treated == 0) & ends
    assert open_at_ends.sum() < 0.25 * ends.sum()
    # their predicted outcome follows the U (2 ((age - 45) / 10)^2 at the ends) rather than the middle
    middle = (values.treated == 0) & (np.abs(age - 45) < 5)
    predicted = values.y - values.residual
    rise = predicted[open_at_ends].mean() - predicted[middle].mean()
    truth = 2 * (((age[open_at_ends] - 45) / 10) ** 2).mean() - 2 * (((age[middle] - 45) / 10) ** 2).mean()
    assert rise == pytest.approx(truth, rel=0.2)


@pytest.mark.slow
def test_a_strong_u_shaped_confounder_is_adjusted_for():
    """30 seeded worlds with the curve doubled: the bias was +0.54 and +0.57, now +0.03 and +0.21."""
    errors = []
    for seed in range(30):
        table, truth = simulate_nonlinear_confounding(strength=2.0, random_state=seed)
        result = compare_formats(table, outcome="new_contacts", random_state=seed).set_index("segment")
        errors.append([result.loc[s, "effect"] - truth["new_contacts"][s] for s in ("reserved", "self-directed")])
    bias = np.mean(errors, axis=0)
    assert (np.abs(bias) < 0.3).all(), bias  # Monte Carlo error about 0.09 each

"""Calibrated chances: the shrinkage posterior's "chance best" means what it says, against planted truths.

The full check (whole worlds: simulated events, fitted comparisons) is the
drawn-effects scenario of ``benchmarks/simulation_study.py``; here the
estimates are drawn directly around planted effects, so many worlds fit in a
second.
"""

from __future__ import annotations

import numpy as np

from toolkit import fit_comparison
from toolkit.datasets.simulate import simulate_outcome_table
from toolkit.recommend.mix import resolve_mix
from toolkit.recommend.options import probability_best, value_options
from toolkit.recommend.shrinkage import NO_EFFECT_SHARE, effect_posterior

PLANS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
SHARES = np.array([0.5, 0.5])


def _chance_and_truth(truth: np.ndarray, rng: np.random.Generator) -> tuple[float, bool]:
    """One world: noisy estimates of ``truth`` -> the posterior's chance that its plan is best, and whether it is."""
    variance = rng.uniform(0.2, 2.0, size=2)
    estimate = truth + rng.normal(size=2) * np.sqrt(variance)
    posterior = effect_posterior(estimate, np.diag(variance), df=float(rng.integers(4, 40)), scale=3.0)
    plan = (posterior.mean > 0).astype(float)
    draws = posterior.draw(2000, rng) * SHARES
    values = draws @ PLANS.T
    mine = draws @ plan
    chance = float(np.mean(mine > np.sort(values, axis=1)[:, -2] + 1e-12))
    gains = truth * SHARES
    best = bool((gains * plan).sum() >= gains.clip(min=0).sum() - 1e-12 and (gains != 0).all())
    return chance, best


def test_stated_chances_match_how_often_the_plan_is_best_over_drawn_worlds():
    rng = np.random.default_rng(11)
    worlds = []
    for _ in range(600):
        truth = np.zeros(2) if rng.random() < NO_EFFECT_SHARE else rng.normal(scale=1.5, size=2)
        worlds.append((*_chance_and_truth(truth, rng), bool((truth != 0).any())))
    chance, best, effect = (np.array(x) for x in zip(*worlds))
    # overall and in the upper and lower halves of the stated chances (each with some 300 worlds)
    assert abs(chance.mean() - best.mean()) < 0.04
    for part in (chance < 0.6, chance >= 0.6):
        assert abs(chance[part].mean() - best[part].mean()) < 0.06, (chance[part].mean(), best[part].mean())
    # worlds with no effect rarely claim a high chance
    assert np.mean(chance[~effect] >= 0.8) < 0.05


def test_a_noisy_large_estimate_is_pulled_in_and_a_precise_one_is_not():
    noisy = effect_posterior(np.array([3.0, 2.5]), np.diag([4.0, 4.0]), df=5.0, scale=3.0)
    precise = effect_posterior(np.array([3.0, 2.5]), np.diag([0.01, 0.01]), df=200.0, scale=3.0)
    assert (noisy.mean < 2.0).all() and (noisy.mean > 0).all()
    np.testing.assert_allclose(precise.mean, [3.0, 2.5], atol=0.05)


def test_an_event_without_effect_does_not_claim_a_plan_is_surely_best_one_with_a_large_effect_does():
    mix = {"reserved": 0.5, "self-directed": 0.5}
    chances = {}
    for label, effects in (("none", {"reserved": 0.0, "self-directed": 0.0}),
                           ("large", {"reserved": 4.0, "self-directed": -4.0})):
        table, _ = simulate_outcome_table(effects={"new_contacts": effects}, random_state=41)
        comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        values = value_options(comparison, resolve_mix(mix, segments=comparison.segments, by="style"))
        chances[label] = probability_best(values, n_draws=4000, rng=np.random.default_rng(0))
        if label == "none":
            # the options are valued with the shrunk effects: nearer no difference than the raw estimates
            assert (np.abs(values.shrunk[:2]) <= np.abs(values.effects[:2]) + 1e-12).all()
    assert chances["none"] < 0.5 < 0.95 < chances["large"]

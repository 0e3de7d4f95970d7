"""Valuing the options: everyone structured, everyone unstructured, or each segment in its better format.

With gains ``g_s = ±effect_s - cost`` per attendee of segment ``s`` (the sign
turned where lower is better), an option that puts segment ``s`` in the
structured format earns ``w_s g_s`` for it; the unstructured format is the
baseline. The effects are first taken with their uncertainty and the
selection in mind (:mod:`toolkit.recommend.shrinkage`: each segment's
estimate pulled towards the others' and towards no difference as far as the
evidence is weak), so that the best-looking option's lucky part is not
counted: the options are ranked by, and their expected outcomes computed from,
the posterior means of the effects; :func:`probability_best` counts how often
the recommended plan beats every assignment of segments to formats in draws
from that posterior. :meth:`OptionValues.advantage_over` gives the interval of
the recommended plan's advantage over another plan from the estimates
themselves (the decision rule's frequentist check).

Example
-------
>>> from toolkit.compare import fit_comparison
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> from toolkit.recommend.mix import resolve_mix
>>> table, _ = simulate_outcome_table(effects={"new_contacts": {"reserved": 3.0, "self-directed": -3.0}},
...                                   random_state=23)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> mix = resolve_mix({"reserved": 0.5, "self-directed": 0.5}, segments=comparison.segments, by="style")
>>> values = value_options(comparison, mix)
>>> values.recommended, values.plan
('split', {'reserved': 'structured', 'self-directed': 'unstructured'})
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from toolkit.compare import LOWER_IS_BETTER, FormatComparison, t_interval
from toolkit.recommend.mix import ResolvedMix
from toolkit.recommend.shrinkage import EffectPosterior, effect_posterior

__all__ = ["OPTIONS", "OptionValues", "value_options", "probability_best"]

#: The options a recommendation chooses between, in order of preference on a tie.
OPTIONS: tuple[str, ...] = ("structured", "unstructured", "split")


@dataclass(frozen=True, eq=False)
class OptionValues:
    """The options valued for one comparison, mix and cost.

    Attributes
    ----------
    comparison : FormatComparison
    mix : ResolvedMix
    sign : float
        -1 where lower is better, else 1.
    cost_per_attendee : float
    effects : ndarray
        Segment effects as estimated, 0 where unknown.
    shrunk : ndarray
        Posterior means of the segment effects (:mod:`toolkit.recommend.shrinkage`; the estimates where
        no posterior could be formed, 0 where unknown): what the options are ranked and valued by.
    posterior : EffectPosterior or None
        The posterior of the effects of the segments in the mix (None where an effect or its variance is missing).
    missing : ndarray
        Per segment: in the mix but never seen in one of the formats.
    gain : ndarray
        Net gain of the structured format per attendee, per segment (from ``shrunk``).
    plans : dict
        Option -> per segment 1.0 (structured) or 0.0 (unstructured).
    candidates : tuple of str
        The options worth comparing (``split`` only where it differs from both others).
    expected : dict
        Option -> expected outcome per attendee: each segment's midpoint of the two formats' means, plus or
        minus half its shrunk effect (:meth:`FormatComparison.expected_outcome` with the estimates where no
        posterior could be formed).
    net : dict
        Candidate -> net value per attendee over the all-unstructured baseline.
    recommended, runner_up : str
        The best and second-best candidates by net value.
    plan : dict
        Segment in the mix -> its format under the recommended option.

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.recommend.mix import resolve_mix
    >>> table, _ = simulate_outcome_table(random_state=5)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> mix = resolve_mix({"reserved": 1.0}, segments=comparison.segments, by="style")
    >>> value_options(comparison, mix, cost_per_attendee=100.0).recommended   # nothing pays that much
    'unstructured'
    """

    comparison: FormatComparison
    mix: ResolvedMix
    sign: float
    cost_per_attendee: float
    effects: np.ndarray
    shrunk: np.ndarray
    posterior: EffectPosterior | None
    missing: np.ndarray
    gain: np.ndarray
    plans: dict[str, np.ndarray]
    candidates: tuple[str, ...]
    expected: dict[str, float]
    net: dict[str, float]
    recommended: str
    runner_up: str
    plan: dict[str, str]

    def advantage_over(self, alternative: np.ndarray, *, confidence: float) -> dict[str, float]:
        """The recommended plan's advantage per attendee over ``alternative`` (1/0 per segment), with its interval.

        Returns ``advantage``, ``ci_low``, ``ci_high``, ``se`` and ``df`` (the
        interval is NaN where the contrast has no degrees of freedom).

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> from toolkit.recommend.mix import resolve_mix
        >>> table, _ = simulate_outcome_table(random_state=5)
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> values = value_options(comparison, resolve_mix({"reserved": 1.0}, segments=comparison.segments,
        ...                                                by="style"))
        >>> same = values.advantage_over(values.plans[values.recommended], confidence=0.95)
        >>> same["advantage"], same["se"]
        (0.0, 0.0)
        """
        active = self.mix.active
        change = np.where(active, self.plans[self.recommended] - alternative, 0.0)
        contrast = self.sign * self.mix.weights * change
        value = float(contrast @ self.effects - self.cost_per_attendee * np.sum(self.mix.weights * change))
        var, df = self.comparison.contrast_variance(contrast)
        se = math.sqrt(var) if np.isfinite(var) else float("nan")
        low, high, _ = t_interval(value, se, df, confidence)
        return {"advantage": value, "ci_low": low, "ci_high": high, "se": se, "df": float(df)}


def value_options(comparison: FormatComparison, mix: ResolvedMix, *, cost_per_attendee: float = 0.0,
                  posteriors: dict | None = None) -> OptionValues:
    """Value the three options for ``mix`` and rank them (see the module's note).

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.recommend.mix import resolve_mix
    >>> table, _ = simulate_outcome_table(random_state=5)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> values = value_options(comparison, resolve_mix({"reserved": 1.0}, segments=comparison.segments, by="style"))
    >>> sorted(values.expected)
    ['split', 'structured', 'unstructured']

    ``posteriors`` (a dict, filled as it is used) keeps the shrinkage posterior
    per set of segments in the mix: it depends on which segments are in the
    mix, not on their shares, so a caller trying many mixes passes one dict.
    """
    names = comparison.segments
    active = mix.active
    sign = -1.0 if comparison.outcome in LOWER_IS_BETTER else 1.0
    tau = comparison.effects["effect"].to_numpy(dtype=float)
    effects = np.where(np.isfinite(tau), tau, 0.0)
    if posteriors is None:
        posterior = _posterior(comparison, active)
    else:
        key = active.tobytes()
        if key not in posteriors:
            posteriors[key] = _posterior(comparison, active)
        posterior = posteriors[key]
    shrunk = effects.copy()
    if posterior is not None:
        shrunk[np.flatnonzero(active)] = posterior.mean
    gain = sign * shrunk - cost_per_attendee
    plan_structured = gain > 0
    plans = {"structured": np.ones(len(names)), "unstructured": np.zeros(len(names)),
             "split": plan_structured.astype(float)}
    plan = {s: ("structured" if plan_structured[i] else "unstructured") for i, s in enumerate(names) if active[i]}
    split_distinct = len(set(plan.values())) > 1
    candidates = tuple(o for o in OPTIONS if o != "split" or split_distinct)
    expected = {option: _expected(comparison, mix, plans[option], shrunk if posterior is not None else None)
                for option in OPTIONS}
    net = {o: float(np.sum(mix.weights * plans[o] * gain)) for o in candidates}
    ranked = sorted(candidates, key=lambda o: (-net[o], OPTIONS.index(o)))
    if ranked[0] != "split":
        plan = {s: ranked[0] for s in plan}  # the plan followed: who goes to which format
    return OptionValues(
        comparison=comparison, mix=mix, sign=sign, cost_per_attendee=float(cost_per_attendee), effects=effects,
        shrunk=shrunk, posterior=posterior,
        missing=active & ~np.isfinite(tau), gain=gain, plans=plans, candidates=candidates, expected=expected,
        net=net, recommended=ranked[0], runner_up=ranked[1], plan=plan,
    )


def _posterior(comparison: FormatComparison, active: np.ndarray) -> EffectPosterior | None:
    """The shrinkage posterior of the mix's segment effects, or None where an effect or its variance is missing."""
    act = np.flatnonzero(active)
    tau = comparison.effects["effect"].to_numpy(dtype=float)[act]
    cov = comparison.cov_params().to_numpy()[np.ix_(act, act)]
    dfs = comparison.effects["df"].to_numpy(dtype=float)[act]
    if not len(act) or not np.isfinite(tau).all() or not np.isfinite(cov).all() or not np.isfinite(dfs).any():
        return None
    sd = comparison.cluster_statistics.outcome_sd.to_numpy(dtype=float)[act]
    scale = float(np.nanmedian(sd)) if np.isfinite(sd).any() else float("nan")
    return effect_posterior(tau, cov, df=float(np.nanmin(dfs)), scale=scale)


def _expected(comparison: FormatComparison, mix: ResolvedMix, plan: np.ndarray, shrunk: np.ndarray | None) -> float:
    """Expected outcome per attendee under ``plan`` (1/0 per segment), from the shrunk effects where given."""
    names = comparison.segments
    chosen = {s: "structured" if plan[i] == 1 else "unstructured" for i, s in enumerate(names)}
    if shrunk is None:
        return comparison.expected_outcome(chosen, mix.shares)
    m1 = comparison.effects["mean_structured"].to_numpy(dtype=float)
    m0 = comparison.effects["mean_unstructured"].to_numpy(dtype=float)
    middle = (m1 + m0) / 2
    weights = mix.weights / mix.weights.sum()
    act = mix.active
    return float(np.sum(weights[act] * (middle[act] + (plan[act] - 0.5) * shrunk[act])))


def probability_best(values: OptionValues, *, n_draws: int, rng: np.random.Generator) -> float:
    """The chance that the recommended plan is the best assignment of segments to formats.

    Draws the segment effects from their shrinkage posterior
    (:mod:`toolkit.recommend.shrinkage`: the cluster-robust covariance with its
    uncertain scale, each effect pulled towards the others and towards no
    difference as far as the evidence is weak) and counts the draws in which
    the recommended plan beats every plan (all 2^k for up to 8 segments in the
    mix, else the candidate options); a draw in which plans tie (no
    difference) counts for none. NaN where a segment in the mix has no
    effect or no degrees of freedom. Checked in ``benchmarks/simulation_study.py``:
    stated chances against how often the recommended plan was truly best.

    Example
    -------
    >>> import numpy as np
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.recommend.mix import resolve_mix
    >>> table, _ = simulate_outcome_table(effects={"new_contacts": {"reserved": 5.0, "self-directed": 5.0}},
    ...                                   random_state=22)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> values = value_options(comparison, resolve_mix({"reserved": 0.5, "self-directed": 0.5},
    ...                                                segments=comparison.segments, by="style"))
    >>> probability_best(values, n_draws=2000, rng=np.random.default_rng(0)) > 0.9
    True
    """
    mix = values.mix
    act = np.flatnonzero(mix.active)
    if values.posterior is None or values.missing.any() or not len(act):
        return float("nan")
    if len(act) <= 8:
        bits = (np.arange(2 ** len(act))[:, None] >> np.arange(len(act))[None, :]) & 1
        plans = bits.astype(float)
    else:
        plans = np.array([values.plans[o][act] for o in values.candidates])
    tau = values.posterior.draw(n_draws, rng)
    gains = (values.sign * tau - values.cost_per_attendee) * mix.weights[act]
    value_of_plans = gains @ plans.T
    mine = gains @ values.plans[values.recommended][act]
    # best means better than every other plan: where all plans tie (no difference), none is best
    others = np.sort(value_of_plans, axis=1)[:, -2] if value_of_plans.shape[1] > 1 else np.full(n_draws, -np.inf)
    return float(np.mean((mine >= value_of_plans.max(axis=1) - 1e-12) & (mine > others + 1e-12)))

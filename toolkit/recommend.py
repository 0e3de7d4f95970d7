"""Which format to run at the next event, how sure we are, and what it would take to be sure.

In plain words: from the effect of the structured format in each segment
(:func:`toolkit.compare.compare_formats`) and the expected mix of segments at
the next event, work out the expected outcome per attendee if everyone gets
the structured format, if everyone gets open mingling, and under a *split*
(each segment to the format that worked better for it, in parallel rooms).
Recommend the best, say how likely it is really the best, and call the
recommendation ``confident`` only when the interval of its advantage over the
runner-up excludes zero and the smallest difference the organiser cares about.
When it is not confident, say how many attendees per segment and format a
randomised side-by-side run would need.

The effect fit depends on the table, outcome and segment column only, not on
the mix, cost or threshold. :func:`fit_recommendation_basis` returns it as a
:class:`RecommendationBasis`, which ``recommend_format(..., basis=...)`` then
reuses: trying many mixes or costs (a dashboard slider) costs milliseconds
instead of a refit each time.

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=5)
>>> rec = recommend_format(table, outcome="new_contacts", mix={"reserved": 0.5, "self-directed": 0.5},
...                        random_state=0)
>>> rec.recommended in ("structured", "unstructured", "split")
True
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.compare import LOWER_IS_BETTER, MIN_SESSIONS_PER_FORMAT, _effect_frame, _fit_for_recommend
from toolkit.errors import UsageError
from toolkit.events import event_sequence, natural_key
from toolkit.wording import effect_sentences, format_estimate

__all__ = ["recommend_format", "default_mix", "fit_recommendation_basis", "Recommendation", "RecommendationBasis",
           "MIN_SESSIONS_TO_ACT"]

#: Below this many sessions of each format (for a segment in the mix) a recommendation is never confident:
#: the same threshold below which ``compare_formats`` warns that there are too few sessions
#: (:data:`toolkit.compare.MIN_SESSIONS_PER_FORMAT`), so that a comparison the data page calls fragile is
#: never the basis of a confident recommendation.
MIN_SESSIONS_TO_ACT = MIN_SESSIONS_PER_FORMAT
_OPTIONS = ("structured", "unstructured", "split")


@dataclass
class Recommendation:
    """The format to run next, with the evidence behind it.

    ``to_dict()`` gives the contract's ``recommend --json`` document
    (``recommended``, ``expected``, ``probability_best``, ``confident``,
    ``rationale``) plus extra keys.

    Example
    -------
    >>> import toolkit
    >>> table = toolkit.compute_outcomes(toolkit.load_event_data("data/demo"))   # doctest: +SKIP
    >>> advice = toolkit.recommend_format(table, outcome="new_contacts", by="style",
    ...                                   mix={"reserved": 0.5, "self-directed": 0.5})  # doctest: +SKIP
    >>> advice.recommended, advice.confident                                  # doctest: +SKIP
    ('split', False)
    """

    outcome: str
    by: str
    recommended: str
    expected: dict[str, float]
    probability_best: float
    confident: bool
    rationale: list[str]
    effects: pd.DataFrame
    needed_per_arm: dict[str, int] | None
    mix: dict[str, float]
    plan: dict[str, str]
    difference: dict[str, float] = field(default_factory=dict)
    cost_per_attendee: float = 0.0
    min_difference: float = 0.0

    def to_dict(self) -> dict:
        """The JSON document of ``netout recommend --json``."""
        return {
            "recommended": self.recommended,
            "expected": {k: _num(v) for k, v in self.expected.items()},
            "probability_best": _num(self.probability_best),
            "confident": bool(self.confident),
            "rationale": list(self.rationale),
            "outcome": self.outcome,
            "by": self.by,
            "mix": {k: _num(v) for k, v in self.mix.items()},
            "plan": dict(self.plan),
            "difference_vs_runner_up": {k: _num(v) if not isinstance(v, str) else v for k, v in self.difference.items()},
            "cost_per_attendee": _num(self.cost_per_attendee),
            "min_difference": _num(self.min_difference),
            "needed_per_arm": None if self.needed_per_arm is None else {k: int(v) for k, v in self.needed_per_arm.items()},
            "effects": [
                {k: _num(v) for k, v in row.items()}
                for row in self.effects[
                    ["segment", "outcome", "n_structured", "n_unstructured", "effect", "ci_low", "ci_high", "method", "warnings"]
                ].to_dict(orient="records")
            ],
        }


@dataclass(frozen=True, eq=False)
class RecommendationBasis:
    """The effect fit a recommendation rests on, made once and reused for any mix, cost or threshold.

    Made by :func:`fit_recommendation_basis`; pass it to
    :func:`recommend_format` as ``basis=``. It holds the prepared analysis
    rows and the per-segment effects with their session-clustered covariance
    for one outcome table, outcome and segment column. Treat it as read-only:
    one basis may be shared (e.g. cached by a dashboard) by many calls, also
    from several threads.

    Attributes
    ----------
    outcome, by : str
        The outcome and segment column it was fitted for.
    covariates : tuple of str or None
        The covariates asked for (None: the default set).
    weight_nonresponse : bool
        Whether survey respondents were weighted for non-response.
    random_state : int or None
        Seed of the cross-fitting folds.
    n_rows : int
        Rows of the outcome table it was fitted on (checked against the table
        given to :func:`recommend_format`).
    segments : tuple of str
        The segments compared.
    prepared, fit
        The fitted state (internal objects of :mod:`toolkit.compare`).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=5)
    >>> basis = fit_recommendation_basis(table, outcome="new_contacts", random_state=0)
    >>> basis.segments
    ('reserved', 'self-directed')
    """

    outcome: str
    by: str
    covariates: tuple[str, ...] | None
    weight_nonresponse: bool
    random_state: int | None
    n_rows: int
    segments: tuple[str, ...]
    prepared: object = field(repr=False)
    fit: object = field(repr=False)

    def check(self, table: pd.DataFrame, *, outcome: str, by: str, covariates=None,
              weight_nonresponse: bool = False) -> None:
        """Raise :class:`~toolkit.errors.UsageError` unless this basis fits ``table`` and these options."""
        wrong = []
        if outcome != self.outcome:
            wrong.append(f"outcome {self.outcome!r}, not {outcome!r}")
        if by != self.by:
            wrong.append(f"segments by {self.by!r}, not {by!r}")
        if covariates is not None and tuple(covariates) != self.covariates:
            wrong.append(f"covariates {list(self.covariates) if self.covariates is not None else 'default'}, "
                         f"not {list(covariates)}")
        if weight_nonresponse != self.weight_nonresponse:
            wrong.append(f"weight_nonresponse={self.weight_nonresponse}, not {weight_nonresponse}")
        if len(table) != self.n_rows:
            wrong.append(f"an outcome table of {self.n_rows:,} rows, not {len(table):,}")
        if wrong:
            raise UsageError(
                "recommend: the basis given was fitted for " + "; ".join(wrong) + ". Make a new one with "
                "fit_recommendation_basis(table, outcome=..., by=...) for this table and these options, "
                "or leave basis out."
            )


def fit_recommendation_basis(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str = "style",
    covariates: list[str] | None = None,
    weight_nonresponse: bool = False,
    random_state: int | None = None,
) -> RecommendationBasis:
    """Fit the per-segment effects behind :func:`recommend_format` once, to reuse for many mixes.

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``). Do not
        modify it while the basis is in use.
    outcome : str
        The outcome to optimise.
    by : str
        Segment column.
    covariates : list of str, optional
        Attendee columns to adjust for; default
        :func:`toolkit.compare.default_covariates`.
    weight_nonresponse : bool
        For survey outcomes, weight respondents by the inverse of their
        estimated probability of answering.
    random_state : int, optional
        Seed of the cross-fitting folds. ``recommend_format(table, basis=b,
        random_state=s)`` equals ``recommend_format(table, random_state=s)``
        when ``b`` was fitted with the same ``s``.

    Returns
    -------
    RecommendationBasis

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=5)
    >>> basis = fit_recommendation_basis(table, outcome="new_contacts", random_state=0)
    >>> for share in (0.3, 0.5, 0.7):          # no refit: only the arithmetic of the mix
    ...     rec = recommend_format(table, outcome="new_contacts", basis=basis, random_state=0,
    ...                            mix={"reserved": share, "self-directed": 1 - share})
    >>> rec.mix["reserved"]
    0.7
    """
    prep, fit = _fit_for_recommend(
        table, outcome=outcome, by=by, covariates=covariates, weight_nonresponse=weight_nonresponse,
        random_state=random_state,
    )
    return RecommendationBasis(
        outcome=outcome, by=by, covariates=None if covariates is None else tuple(covariates),
        weight_nonresponse=bool(weight_nonresponse), random_state=random_state, n_rows=len(table),
        segments=tuple(fit.segment_names), prepared=prep, fit=fit,
    )


def _num(value):
    if isinstance(value, (list, tuple, str, bool)) or value is None:
        return value
    if isinstance(value, (np.integer,)):
        return int(value)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return value
    return value if math.isfinite(value) else None


def default_mix(table: pd.DataFrame, *, by: str = "style", events=None) -> dict[str, float]:
    """The attendee mix assumed for the next event when none is given: the last event's.

    The one rule every default recommendation uses (``recommend_format``
    without ``mix``, the CLI, the board report, the dashboard's sliders), so
    that they never give different advice on the same data. It counts the
    attendees of the last event who were in a networking session (the people
    the formats are for), over every segment of ``by`` including ``unknown``
    (a missing value counts as ``unknown``, as in
    :func:`toolkit.compare.compare_formats`).

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``), with
        ``event_id``, ``format`` and the ``by`` column.
    by : str
        Segment column.
    events : EventData, DataFrame or sequence of str, optional
        What says which event is the last: the loaded data (ordered by
        :func:`toolkit.outcomes.event_order`), the frame ``event_order``
        returns (``event_id``, ``order``), or event ids in time order. By
        default ``table.attrs["event_order"]`` where the table carries it, else
        the ids in natural order (``E9`` before ``E10``). Events without anyone
        in a networking session are passed over.

    Returns
    -------
    dict
        Share of each segment (adding up to 1), in the order of the segments'
        names; empty when nobody was in a networking session.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"event_id": ["E9", "E10", "E10", "E10", "E10"],
    ...                       "format": ["structured", "structured", "unstructured", "structured", None],
    ...                       "style": ["reserved", "reserved", "self-directed", None, "reserved"]})
    >>> default_mix(table, by="style")        # E10 is the last event; the person in no session is left out
    {'reserved': 0.3333333333333333, 'self-directed': 0.3333333333333333, 'unknown': 0.3333333333333333}
    """
    if by not in table.columns:
        raise UsageError(f"recommend: cannot split attendees by {by!r}: the outcome table has no such column.")
    rows = table.loc[table["format"].notna()] if "format" in table.columns else table
    if "event_id" in rows.columns and rows["event_id"].notna().any():
        present = set(rows["event_id"].dropna().astype(str))
        ordered = [e for e in event_sequence(table, events) if e in present]
        ordered += sorted(present - set(ordered), key=natural_key)
        rows = rows.loc[rows["event_id"].astype("string") == ordered[-1]]
    segments = rows[by].astype("string").fillna("unknown")
    shares = segments.value_counts(normalize=True).sort_index()
    return {str(k): float(v) for k, v in shares.items()}


def recommend_format(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str = "style",
    mix: dict[str, float] | pd.DataFrame | None = None,
    cost_per_attendee: float = 0.0,
    min_difference: float = 0.0,
    confidence: float = 0.95,
    covariates: list[str] | None = None,
    weight_nonresponse: bool = False,
    power: float = 0.8,
    n_draws: int = 20_000,
    random_state: int | None = None,
    basis: RecommendationBasis | None = None,
) -> Recommendation:
    """Recommend structured, unstructured or split sessions for the next event.

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``).
    outcome : str
        The outcome to optimise. For ``familiar_share`` and ``spectator`` lower is better.
    by : str
        Segment column.
    mix : dict or DataFrame, optional
        Expected share of each segment at the next event (normalised to 1), or
        the next event's registrations (a frame with the ``by`` column, or
        ``networking_style`` for ``by="style"``) to take the shares from;
        default :func:`default_mix` (the last event's attendees in networking
        sessions, every segment including ``unknown``).
    cost_per_attendee : float
        Cost of facilitation per attendee in a structured session, in units of
        the outcome (e.g. 0.5 means a facilitated session must bring half a
        contact more per person to pay for itself).
    min_difference : float
        Smallest advantage worth acting on, in outcome units.
    confidence : float
        Level of the interval of the advantage.
    power : float
        Power of the proposed side-by-side run (for ``needed_per_arm``).
    n_draws : int
        Monte Carlo draws for ``probability_best``.
    random_state : int, optional
        Seed (cross-fitting folds and draws).
    basis : RecommendationBasis, optional
        A fit made by :func:`fit_recommendation_basis` for this table, outcome
        and ``by`` (checked: a mismatch raises
        :class:`~toolkit.errors.UsageError`). It is used instead of fitting
        again; its own ``random_state`` set the folds, ``random_state`` here
        seeds the draws only.

    Returns
    -------
    Recommendation

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(n_events=6, sessions_per_format=1,
    ...                                       whole_event_format=True, random_state=0)
    >>> recommend_format(table, outcome="new_contacts", random_state=0).confident
    False
    """
    if cost_per_attendee < 0 or min_difference < 0:
        raise UsageError("recommend: cost_per_attendee and min_difference must not be negative.")
    if basis is None:
        basis = fit_recommendation_basis(table, outcome=outcome, by=by, covariates=covariates,
                                         weight_nonresponse=weight_nonresponse, random_state=random_state)
    else:
        basis.check(table, outcome=outcome, by=by, covariates=covariates, weight_nonresponse=weight_nonresponse)
    prep, fit = basis.prepared, basis.fit
    effects = _effect_frame(fit, prep, confidence)
    names = fit.segment_names

    if mix is None:
        mix = default_mix(table, by=by)
        mix_source = "the last event's mix"
    elif isinstance(mix, pd.DataFrame):
        from toolkit.plan import segment_column

        mix = {str(k): float(v) for k, v in segment_column(mix, by).value_counts(normalize=True).items()}
        mix = {k: v for k, v in mix.items() if k in names or v > 0}
        mix_source = "the registrations' mix"
    else:
        mix_source = "the given mix"
    unknown = [k for k in mix if k not in names]
    if unknown:
        raise UsageError(
            f"recommend: --mix names segment(s) {unknown} that are not values of {by!r}; "
            f"the segments are: {', '.join(names)}."
        )
    total = sum(float(v) for v in mix.values())
    if total <= 0:
        raise UsageError("recommend: --mix needs at least one positive share.")
    w = np.array([float(mix.get(s, 0.0)) / total for s in names])
    mix = {s: float(w[i]) for i, s in enumerate(names) if w[i] > 0}
    active = w > 0

    sign = -1.0 if outcome in LOWER_IS_BETTER else 1.0
    tau = fit.effect
    missing = active & ~np.isfinite(tau)
    rationale: list[str] = []
    if missing.any():
        lost = [names[i] for i in np.flatnonzero(missing)]
        rationale.append(
            f"The formats cannot be compared for {', '.join(lost)} attendees (one format was never seen), "
            "so no recommendation can rest on the data for them."
        )
    tau_safe = np.where(np.isfinite(tau), tau, 0.0)
    gain = sign * tau_safe - cost_per_attendee          # net gain of structured per attendee, per segment
    plan_struct = gain > 0
    options = {
        "structured": np.ones(len(names)),
        "unstructured": np.zeros(len(names)),
        "split": plan_struct.astype(float),
    }
    plan = {s: ("structured" if plan_struct[i] else "unstructured") for i, s in enumerate(names) if active[i]}
    split_distinct = len(set(plan.values())) > 1
    candidates = [o for o in _OPTIONS if o != "split" or split_distinct]

    mean1 = np.where(np.isfinite(fit.mean1), fit.mean1, np.nan)
    mean0 = np.where(np.isfinite(fit.mean0), fit.mean0, np.nan)
    expected = {}
    for name, a in options.items():
        level = np.where(a == 1, mean1, mean0)
        expected[name] = float(np.sum(w[active] * level[active])) if not missing.any() else float("nan")
    net = {o: float(np.sum(w * options[o] * gain)) for o in candidates}
    ranked = sorted(candidates, key=lambda o: (-net[o], _OPTIONS.index(o)))
    recommended, runner_up = ranked[0], ranked[1]
    if recommended != "split":
        plan = {s: recommended for s in plan}  # the plan followed: who goes to which format

    # every plan (each active segment to one format), to judge the recommended one against
    act = np.flatnonzero(active)
    if len(act) <= 8:
        bits = (np.arange(2 ** len(act))[:, None] >> np.arange(len(act))[None, :]) & 1
        plans = np.zeros((len(bits), len(names)))
        plans[:, act] = bits
    else:
        plans = np.array([options[o] for o in candidates])
    rec_plan = options[recommended]

    # probability best: draws of the segment effects from their (t-scaled) joint sampling distribution
    cov = fit.covariance()
    dfs = effects["df"].to_numpy(dtype=float)[active]
    df_min = float(np.nanmin(dfs)) if np.isfinite(dfs).any() else np.nan
    rng = np.random.default_rng(random_state)
    probability_best = float("nan")
    if len(act) and not missing.any() and np.isfinite(df_min) and np.all(np.isfinite(cov[np.ix_(act, act)])):
        sub = cov[np.ix_(act, act)]
        chol = np.linalg.cholesky(sub + 1e-12 * np.eye(len(act)) * max(np.trace(sub), 1e-12))
        z = rng.standard_normal((n_draws, len(act))) @ chol.T
        z /= np.sqrt(rng.chisquare(df_min, size=(n_draws, 1)) / df_min)
        gains = (sign * (tau[act] + z) - cost_per_attendee) * w[act]
        values = gains @ plans[:, act].T
        mine = gains @ rec_plan[act]
        probability_best = float(np.mean(mine >= values.max(axis=1) - 1e-12))

    def advantage_over(alternative: np.ndarray) -> dict:
        change = np.where(active, rec_plan - alternative, 0.0)
        contrast = sign * w * change
        value = float(contrast @ tau_safe - cost_per_attendee * np.sum(w * change))
        var, df = fit.variance(contrast) if np.any(contrast != 0) else (0.0, np.nan)
        se = math.sqrt(var) if np.isfinite(var) else float("nan")
        if np.isfinite(se) and np.isfinite(df) and se > 0:
            q = float(stats.t.ppf(0.5 + confidence / 2, df))
            return {"advantage": value, "ci_low": value - q * se, "ci_high": value + q * se, "se": se}
        return {"advantage": value, "ci_low": float("nan"), "ci_high": float("nan"), "se": se}

    # the advantage over the runner-up (by point estimate) must clear the organiser's threshold; and
    # no single segment may be in a format that the data cannot back (its own interval includes zero)
    difference = {"versus": runner_up} | advantage_over(options[runner_up])
    low, high, advantage = difference["ci_low"], difference["ci_high"], difference["advantage"]
    shaky = []
    for i in act:
        flipped = rec_plan.copy()
        flipped[i] = 1.0 - flipped[i]
        check = advantage_over(flipped)
        if not (np.isfinite(check["ci_low"]) and check["ci_low"] > 0):
            shaky.append(names[i])

    sessions_ok = bool(np.all(np.minimum(fit.g1, fit.g0)[active] >= MIN_SESSIONS_TO_ACT))
    interval_ok = bool(np.isfinite(low) and low > 0 and low > min_difference)
    confident = interval_ok and sessions_ok and not shaky and not missing.any()

    unit = outcome.replace("_", " ")
    rationale += effect_sentences(effects[active], unit, confidence, by)
    mix_text = ", ".join(f"{v:.0%} {k}" for k, v in mix.items())
    rationale.append(
        f"For {mix_source} ({mix_text}) the expected {unit} per attendee is "
        f"{format_estimate(expected['structured'])} with structured sessions, {format_estimate(expected['unstructured'])} with "
        f"unstructured sessions and {format_estimate(expected['split'])} with each segment in its better format."
    )
    if cost_per_attendee > 0:
        rationale.append(
            f"Facilitation is counted as a cost of {format_estimate(cost_per_attendee)} {unit} per attendee in structured sessions."
        )
    if recommended == "split":
        parts = [f"{s} attendees to {f} sessions" for s, f in plan.items()]
        rationale.append("Recommended: split the formats in parallel rooms, " + ", ".join(parts) + ".")
    else:
        rationale.append(f"Recommended: {recommended} sessions for everyone.")
    if np.isfinite(probability_best):
        rationale.append(f"The chance that this is the best of the options is about {probability_best:.0%}.")
    if np.isfinite(low):
        rationale.append(
            f"Its advantage over {runner_up} is {format_estimate(advantage)} {unit} per attendee "
            f"({confidence:.0%} interval {format_estimate(low)} to {format_estimate(high)})."
        )
    if confident:
        rationale.append("The interval lies wholly above zero" + (
            f" and the smallest difference worth acting on ({format_estimate(min_difference)})" if min_difference > 0 else ""
        ) + ": the evidence supports acting on this.")
    else:
        reasons = []
        if not sessions_ok:
            fewest = int(np.min(np.minimum(fit.g1, fit.g0)[active]))
            reasons.append(
                f"few sessions limit the evidence (as few as {fewest} per format; at least {MIN_SESSIONS_TO_ACT} "
                "are needed before acting)"
            )
        if not (np.isfinite(low) and low > 0):
            reasons.append("the interval of the advantage includes zero (no difference)")
        elif low <= min_difference:
            reasons.append(f"the interval includes differences smaller than the {format_estimate(min_difference)} worth acting on")
        if shaky and np.isfinite(low) and low > min_difference:
            reasons.append(
                "for " + ", ".join(shaky) + " attendees the data cannot tell which format is better"
            )
        if missing.any():
            reasons.append("some segments were never seen in one of the formats")
        rationale.append("Not confident: " + "; ".join(reasons) + ".")
    if prep.design != "within events":
        rationale.append(
            "Some events ran only one format, so part of the comparison is between events and may reflect "
            "the events rather than the formats."
        )

    needed = None
    if not confident:
        needed = _needed_per_arm(fit, effects, active, names, min_difference, confidence, power)
        if needed:
            sessions = max(10, math.ceil(max(needed.values()) * len(needed) / max(fit.mean_session_size, 1.0)))
            wanted = " and ".join(f"{n} {s}" for s, n in needed.items())
            rationale.append(
                "To settle it, run both formats side by side at the next event and assign attendees to them by lot "
                f"within each segment (netout plan): about {wanted} attendees in each format, spread over at least "
                f"{sessions} sessions per format."
            )
    return Recommendation(
        outcome=outcome,
        by=by,
        recommended=recommended,
        expected=expected,
        probability_best=probability_best,
        confident=confident,
        rationale=rationale,
        effects=effects,
        needed_per_arm=needed,
        mix=mix,
        plan=plan,
        difference=difference,
        cost_per_attendee=float(cost_per_attendee),
        min_difference=float(min_difference),
    )


def _needed_per_arm(fit, effects, active, names, min_difference, confidence, power) -> dict[str, int]:
    """Attendees per segment and format for a randomised run to detect the effect, with the design effect."""
    from statsmodels.stats.power import TTestIndPower

    analysis = TTestIndPower()
    deff = 1.0 + max(fit.mean_session_size - 1.0, 0.0) * fit.icc
    needed = {}
    for i in np.flatnonzero(active):
        sd = fit.sd_outcome[i]
        if not np.isfinite(sd) or sd <= 0:
            continue
        target = max(min_difference, abs(fit.effect[i]) if np.isfinite(fit.effect[i]) else 0.0, 0.2 * sd)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n_individual = analysis.solve_power(
                effect_size=target / sd, alpha=1 - confidence, power=power, ratio=1.0, alternative="two-sided"
            )
        if not np.isfinite(n_individual):
            # the t-based solver failed to converge (tiny samples); the normal approximation
            z = stats.norm.ppf(0.5 + confidence / 2) + stats.norm.ppf(power)
            n_individual = 2 * (z * sd / target) ** 2
        needed[names[i]] = int(math.ceil(float(n_individual) * deff))
    return needed

"""Did the structured format work better than open mingling, and for whom?

The effect of ``structured`` minus ``unstructured`` networking on one outcome,
per attendee segment, with an interval that respects how the data arose.

In plain words
--------------
* Where attendees were put into formats **by lot** (``assignment =
  randomized``) the effect is the difference between the two formats' average
  outcomes, compared inside each event (and segment) so that events are not
  mixed up with formats.
* Where attendees **chose** their format, or the organiser **scheduled** it,
  people in the two formats may differ to begin with (first-timers, industry,
  company size, style). The estimate then adjusts for those attendee
  characteristics with a *doubly robust* estimator (AIPW): one model predicts
  who ends up in the structured format, another predicts the outcome in each
  format; the estimate stays right if either model is right. Both models are
  fitted on other sessions than the ones they predict (cross-fitting).
* People in one session share a room, a facilitator and an evening, so they
  are not independent: every interval treats the **session** as the unit of
  evidence (cluster-robust variance with a small-sample correction and a t
  distribution whose degrees of freedom come from the number of sessions).
  People who came to several events are in several sessions: their rows are
  clustered by person as well (two-way cluster-robust variance).
  Fewer than :data:`MIN_SESSIONS_PER_FORMAT` sessions of a format means wide
  intervals and a warning.
* Where a whole event ran one format the comparison is **between events**
  (the ``design`` column says so): differences between those evenings are
  mixed into the effect.

The technical detail is in ``docs/methods.md``.

The parts
---------
:mod:`~toolkit.compare.design` (the analysis frame, covariates, design matrix,
session folds), :mod:`~toolkit.compare.aipw` (nuisance models, influence
values, segment effects), :mod:`~toolkit.compare.variance` (cluster-robust
two-way variance, Satterthwaite df), :mod:`~toolkit.compare.notes` (what the
comparison says about its evidence), :mod:`~toolkit.compare.results` (the
public :class:`FormatComparison`), :mod:`~toolkit.compare.fit`
(:func:`fit_comparison`) and :mod:`~toolkit.compare.verdict` (which format
did better). This module is the tidy API on top: each function returns the
contract's tidy frame, built from a :class:`FormatComparison`.

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=1)
>>> effects = compare_formats(table, outcome="new_contacts", by="style", random_state=0)
>>> list(effects["segment"])
['reserved', 'self-directed']
>>> comparison = fit_comparison(table, outcome="new_contacts", by="style", random_state=0)
>>> comparison.to_frame().equals(effects)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd
# scipy.special, not scipy.stats: the same functions without scipy.stats' second of import time on every command
from scipy import special

from toolkit.compare.design import (
    MAX_SEGMENT_GROUPS,
    UNKNOWN_SEGMENT,
    AnalysisFrame,
    default_covariates,
    default_grouping,
    prepare_analysis_frame,
    segment_columns,
)
from toolkit.compare.fit import columns_read, estimate, fit_comparison
from toolkit.compare.notes import MIN_SESSIONS_PER_FORMAT
from toolkit.compare.results import (
    EXTRA_EFFECT_COLUMNS,
    ClusterStatistics,
    FittedOn,
    FormatComparison,
    t_interval,
)
from toolkit.compare.verdict import LOWER_IS_BETTER, better_format, better_formats
from toolkit.contract import FORMATS, OUTCOMES
from toolkit.errors import UsageError
from toolkit.params import validate_params

__all__ = [
    "compare_formats",
    "compare_outcomes",
    "segment_difference",
    "naive_difference",
    "fit_comparison",
    "FormatComparison",
    "FittedOn",
    "ClusterStatistics",
    "AnalysisFrame",
    "prepare_analysis_frame",
    "default_covariates",
    "segment_columns",
    "default_grouping",
    "t_interval",
    "EXTRA_EFFECT_COLUMNS",
    "LOWER_IS_BETTER",
    "MAX_SEGMENT_GROUPS",
    "MIN_SESSIONS_PER_FORMAT",
    "better_format",
    "better_formats",
]


def compare_formats(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str = "style",
    confidence: float = 0.95,
    covariates: list[str] | None = None,
    adjust: bool | None = None,
    weight_nonresponse: bool = False,
    include_difference: bool = False,
    n_folds: int = 2,
    random_state: int | np.random.Generator | None = None,
    within_person: bool | None = None,
) -> pd.DataFrame:
    """Effect of structured minus unstructured networking on one outcome, per segment.

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``): one row per
        attendee and event with ``session_id``, ``format``, ``assignment``,
        attendee columns and outcomes. Rows without a session are left out.
    outcome : str
        Outcome column, e.g. ``"new_contacts"``.
    by : str
        Segment column (``"style"``, ``"first_time"``, ``"industry"``, ...).
    confidence : float
        Level of the intervals.
    covariates : list of str, optional
        Attendee columns to adjust for; default :func:`default_covariates`
        (pre-event characteristics only; see :mod:`toolkit.compare.covariates`);
        ``[]`` for none.
    adjust : bool, optional
        Adjust for covariates (default yes; where formats were assigned by lot
        this sharpens the estimate; ``False`` gives the plain stratified
        difference in means there).
    weight_nonresponse : bool
        For survey outcomes, weight respondents by the inverse of their
        estimated probability of answering.
    include_difference : bool
        Append a row ``"A - B"`` with the difference between the first two
        segments' effects (see :func:`segment_difference`).
    n_folds : int
        Cross-fitting folds (whole sessions per fold).
    random_state : None, int or numpy.random.Generator
        Seed of the fold split (see :mod:`toolkit.params`); same seed, same numbers.
    within_person : bool, optional
        People in both formats at one event: compare them within person (True)
        or leave them out (False); default by :func:`toolkit.compare.within.exposure_design`.

    Returns
    -------
    DataFrame
        One row per segment with ``toolkit.contract.EFFECT_COLUMNS`` and
        ``EXTRA_EFFECT_COLUMNS`` (``se``, ``df``, ``p_value``, potential-outcome
        means per format, sessions per format, ``design``, ``assignment``,
        ``covariates``).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=3)
    >>> res = compare_formats(table, outcome="new_contacts", random_state=0)
    >>> bool((res["ci_low"] < res["effect"]).all())
    True
    """
    validate_params("compare", confidence=confidence)
    comparison = fit_comparison(table, outcome=outcome, by=by, covariates=covariates, adjust=adjust,
                                weight_nonresponse=weight_nonresponse, n_folds=n_folds, random_state=random_state,
                                within_person=within_person)
    result = comparison.to_frame(confidence)
    if include_difference:
        pair = _default_pair(list(comparison.segments), by)
        if pair is not None:
            result = pd.concat([result, comparison.difference(*pair, confidence=confidence)], ignore_index=True)
    return result


def _default_pair(names: list[str], by: str) -> tuple[str, str] | None:
    if by == "style" and {"reserved", "self-directed"} <= set(names):
        return ("reserved", "self-directed")
    known = [n for n in names if n != UNKNOWN_SEGMENT]
    return (known[0], known[1]) if len(known) >= 2 else None


def segment_difference(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str = "style",
    segments: tuple[str, str] | None = None,
    confidence: float = 0.95,
    covariates: list[str] | None = None,
    adjust: bool | None = None,
    weight_nonresponse: bool = False,
    n_folds: int = 2,
    random_state: int | np.random.Generator | None = None,
    within_person: bool | None = None,
) -> pd.DataFrame:
    """Does the format matter more for one segment than another? Effect in A minus effect in B.

    The interval accounts for both segments sharing sessions. ``segments``
    defaults to ``("reserved", "self-directed")`` for ``by="style"``, else the
    first two segments in alphabetical order.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=3)
    >>> segment_difference(table, outcome="new_contacts", random_state=0)["segment"].item()
    'reserved - self-directed'
    """
    validate_params("compare", confidence=confidence)
    comparison = fit_comparison(table, outcome=outcome, by=by, covariates=covariates, adjust=adjust,
                                weight_nonresponse=weight_nonresponse, n_folds=n_folds, random_state=random_state,
                                within_person=within_person)
    pair = tuple(segments) if segments is not None else _default_pair(list(comparison.segments), by)
    if pair is None:
        raise UsageError(f"segment_difference: --by {by!r} has fewer than two segments.")
    return comparison.difference(*pair, confidence=confidence)


def compare_outcomes(
    table: pd.DataFrame,
    *,
    outcomes: list[str] | None = None,
    by: str = "style",
    confidence: float = 0.95,
    fdr: float = 0.05,
    covariates: list[str] | None = None,
    adjust: bool | None = None,
    weight_nonresponse: bool = False,
    n_folds: int = 2,
    random_state: int | np.random.Generator | None = None,
    within_person: bool | None = None,
) -> pd.DataFrame:
    """:func:`compare_formats` for several outcomes, with a false-discovery-rate flag.

    Adds ``q_value`` (Benjamini-Hochberg adjusted p-value over all outcome and
    segment rows, by statsmodels' ``multipletests(method="fdr_bh")``; missing
    p-values stay missing) and ``fdr_significant`` (``q_value <= fdr``): the
    differences that still stand when many outcomes were looked at. The
    analysis frame is prepared once for all outcomes.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=3)
    >>> res = compare_outcomes(table, outcomes=["new_contacts", "satisfaction"], random_state=0)
    >>> sorted(res["outcome"].unique())
    ['new_contacts', 'satisfaction']
    """
    from statsmodels.stats.multitest import multipletests

    validate_params("compare", confidence=confidence, fdr=fdr, n_folds=n_folds, random_state=random_state)
    if outcomes is None:
        outcomes = [o for o in OUTCOMES if o in table.columns]
    frame = prepare_analysis_frame(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    base, digests, propensities = columns_read(table, frame), {}, {}
    frames = [
        estimate(frame, outcome, table=table, base_columns=base, adjust=adjust, weight_nonresponse=weight_nonresponse,
                 covariates=covariates, digest_cache=digests, propensity_cache=propensities,
                 within_person=within_person).to_frame(confidence)
        for outcome in outcomes
    ]
    result = pd.concat(frames, ignore_index=True)
    p = result["p_value"].to_numpy(dtype=float)
    q = np.full_like(p, np.nan)
    known = np.isfinite(p)
    if known.any():
        q[known] = multipletests(p[known], method="fdr_bh")[1]
    result["q_value"] = q
    result["fdr_significant"] = (result["q_value"] <= fdr).fillna(False).astype(bool)
    return result


def naive_difference(
    table: pd.DataFrame, *, outcome: str, by: str = "style", confidence: float = 0.95
) -> pd.DataFrame:
    """The naive comparison, for contrast only: raw difference in means with an interval as if
    every attendee were independent (no adjustment, no clustering). Do not act on it.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=3)
    >>> list(naive_difference(table, outcome="new_contacts").columns[:3])
    ['segment', 'effect', 'ci_low']
    """
    validate_params("compare", confidence=confidence)
    fmt = table["format"].astype("string")
    y = pd.to_numeric(table[outcome].astype("Float64"), errors="coerce").astype("float64")
    seg = table[by].astype("string").fillna(UNKNOWN_SEGMENT)
    frame = pd.DataFrame({"seg": seg, "t": fmt == "structured", "y": y})
    frame = frame[fmt.isin(FORMATS).fillna(False) & y.notna()]
    g = frame.groupby(["seg", "t"])["y"].agg(["mean", "var", "count"]).unstack("t")
    m1, m0 = g[("mean", True)], g[("mean", False)]
    v = g[("var", True)] / g[("count", True)] + g[("var", False)] / g[("count", False)]
    se = np.sqrt(v)
    z = special.ndtri(0.5 + confidence / 2)
    out = pd.DataFrame(
        {
            "segment": g.index.astype(str),
            "effect": (m1 - m0).to_numpy(),
            "ci_low": (m1 - m0 - z * se).to_numpy(),
            "ci_high": (m1 - m0 + z * se).to_numpy(),
            "se": se.to_numpy(),
            "n_structured": g[("count", True)].to_numpy(),
            "n_unstructured": g[("count", False)].to_numpy(),
        }
    )
    out["outcome"] = outcome
    out["method"] = "naive difference in means (no adjustment, attendees treated as independent)"
    return out.reset_index(drop=True)

"""Fitting a comparison: analysis frame -> influence values -> segment effects -> variance -> result.

:func:`fit_comparison` is the entry point; :func:`estimate` fits one outcome
on an :class:`~toolkit.compare.design.AnalysisFrame` that several outcomes
may share (``compare_outcomes`` prepares the frame once).

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=1)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> comparison.conf_int().round(1).to_dict("index")
{'reserved': {'ci_low': 2.2, 'ci_high': 3.8}, 'self-directed': {'ci_low': -0.7, 'ci_high': 1.0}}
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.compare.aipw import influence_values, outcome_values, response_weights, segment_effects
from toolkit.compare.design import AnalysisFrame, prepare_analysis_frame
from toolkit.compare.notes import method_text, missing_value_notes, response_notes, segment_warnings, table_notes
from toolkit.compare.results import ClusterStatistics, FittedOn, FormatComparison, content_digest, t_interval
from toolkit.compare.variance import cluster_robust_variance, intraclass_correlation, variance_components
from toolkit.errors import UsageError
from toolkit.params import validate_params

__all__ = ["fit_comparison", "estimate", "columns_read"]


def fit_comparison(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str = "style",
    covariates: list[str] | None = None,
    adjust: bool | None = None,
    weight_nonresponse: bool = False,
    n_folds: int = 2,
    random_state: int | np.random.Generator | None = None,
) -> FormatComparison:
    """Fit the effect of structured minus unstructured networking on one outcome, per segment.

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``): one row per
        attendee and event with ``session_id``, ``format``, ``assignment``,
        attendee columns and outcomes. Rows without a session are left out.
        Do not modify it while the result is in use.
    outcome : str
        Outcome column, e.g. ``"new_contacts"``.
    by : str
        Segment column (``"style"``, ``"first_time"``, ``"industry"``, ...).
    covariates : list of str, optional
        Attendee columns to adjust for; default :func:`~toolkit.compare.design.default_covariates`.
    adjust : bool, optional
        Adjust for covariates (default yes; where formats were assigned by lot
        this sharpens the estimate; ``False`` gives the plain stratified
        difference in means there).
    weight_nonresponse : bool
        For survey outcomes, weight respondents by the inverse of their
        estimated probability of answering.
    n_folds : int
        Cross-fitting folds (whole sessions per fold).
    random_state : None, int or numpy.random.Generator
        Seed of the fold split (see :mod:`toolkit.params`); same seed, same numbers.

    Returns
    -------
    FormatComparison

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(assignment="self_selected", random_state=3)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> comparison.method.startswith("doubly robust AIPW"), len(comparison.notes)
    (True, 1)
    """
    validate_params("compare", n_folds=n_folds, random_state=random_state)
    frame = prepare_analysis_frame(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    return estimate(frame, outcome, table=table, base_columns=columns_read(table, frame), adjust=adjust,
                    weight_nonresponse=weight_nonresponse, covariates=covariates)


def columns_read(table: pd.DataFrame, frame: AnalysisFrame) -> tuple[str, ...]:
    """The columns of ``table`` that a comparison on ``frame`` reads (its fingerprint covers them), outcome aside.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", covariates=["first_time"])
    >>> columns_read(table, frame)
    ('format', 'session_id', 'event_id', 'assignment', 'attendee_id', 'style', 'first_time')
    """
    fixed = [c for c in ("format", "session_id", "event_id", "assignment", "attendee_id") if c in table.columns]
    return tuple(dict.fromkeys(fixed + [frame.by] + list(frame.covariates)))


def estimate(
    frame: AnalysisFrame,
    outcome: str,
    *,
    table: pd.DataFrame,
    base_columns: tuple[str, ...],
    adjust: bool | None = None,
    weight_nonresponse: bool = False,
    covariates: list[str] | None = None,
    digest_cache: dict | None = None,
    propensity_cache: dict | None = None,
) -> FormatComparison:
    """Fit one outcome on a prepared frame (the body of :func:`fit_comparison`).

    ``table`` is the outcome table the frame was prepared from (for the
    fingerprint), ``base_columns`` :func:`columns_read`; ``covariates`` the
    covariates as asked (None: the default set), recorded in the options.
    ``digest_cache`` and ``propensity_cache`` (dicts) let several outcomes of
    one frame share work: the base columns' digests, and the propensities of
    outcomes known for the same attendees.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> base = columns_read(table, frame)
    >>> [estimate(frame, o, table=table, base_columns=base).outcome for o in ("contacts", "nps")]
    ['contacts', 'nps']
    """
    # The nuisance models are small (or fitted on covariate patterns): multi-threaded BLAS only adds
    # contention (ten times slower on a busy two-core machine), so they run on one thread.
    with _blas_threads().limit(limits=1, user_api="blas"):
        parts = _estimate(frame, outcome, adjust=adjust, weight_nonresponse=weight_nonresponse,
                          propensity_cache=propensity_cache)
    columns = base_columns + ((outcome,) if outcome not in base_columns else ())
    fitted_on = FittedOn(
        table_digest=content_digest(table, columns, cache=digest_cache), columns=columns, n_rows=len(table),
        options={"outcome": outcome, "by": frame.by, "covariates": None if covariates is None else tuple(covariates),
                 "adjust": adjust, "weight_nonresponse": bool(weight_nonresponse), "n_folds": frame.n_folds,
                 "random_state": frame.seed},
    )
    return FormatComparison(**parts, fitted_on=fitted_on)


@functools.lru_cache(maxsize=1)
def _blas_threads():
    """One controller of the BLAS thread pools: finding the libraries costs 4 ms, limiting them does not.

    scikit-learn's linear models (and the BLAS they load) are imported first, so that the
    controller sees every library the nuisance models use.
    """
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _missing_notes(frame: AnalysisFrame, outcome: str, present: np.ndarray, survey: bool) -> dict[str, list[str]]:
    if present.all():
        return {}
    return response_notes(frame, present) if survey else missing_value_notes(frame, outcome, present)


def _estimate(frame: AnalysisFrame, outcome: str, *, adjust: bool | None, weight_nonresponse: bool,
              propensity_cache: dict | None) -> dict:
    """The parts of a :class:`FormatComparison` but what it was fitted on."""
    y_all = outcome_values(frame, outcome)
    present = ~np.isnan(y_all)
    # Only survey outcomes are missing because people did not answer; contact-log outcomes are missing
    # because the rate has no denominator (no new contact, no contact), which says nothing about response.
    spec = OUTCOME_CATALOGUE.get(outcome)
    survey = spec is not None and spec.from_survey
    missing = _missing_notes(frame, outcome, present, survey)
    if not present.any():
        raise UsageError(f"compare: outcome {outcome!r} has no values for attendees in networking sessions.")
    weights = (response_weights(frame, present) if survey and weight_nonresponse and not present.all()
               else np.ones(len(y_all)))
    # adjusting is the default everywhere: where formats were assigned by lot it sharpens the estimate (and
    # removes the imbalance that survey response or chance left among the people compared)
    adjust_now = True if adjust is None else bool(adjust)

    values = influence_values(frame, y_all, adjust=adjust_now, weights=weights, propensity_cache=propensity_cache)
    effects = segment_effects(frame, values)
    variance = cluster_robust_variance(
        phi=effects.phi, session=values.session, session_treated=frame.session_treated,
        segment_code=values.segment_code, used=values.usable, n_structured=effects.n_structured,
        n_unstructured=effects.n_unstructured, comparable=effects.comparable,
        person=None if frame.person is None else frame.person[values.rows],
    )
    names = list(frame.segment_names)
    icc, mean_size = intraclass_correlation(values.y, values.session, values.treated)
    clusters = ClusterStatistics(
        sessions=pd.DataFrame({"structured": effects.sessions_structured, "unstructured": effects.sessions_unstructured},
                              index=pd.Index(names, name="segment")),
        icc=icc, mean_session_size=mean_size, outcome_sd=pd.Series(effects.outcome_sd, index=names, name="outcome_sd"),
        components=variance_components(values.residual, values.session, values.segment_code, values.treated,
                                       frame.stratum[values.rows], names),
    )
    warnings = segment_warnings(frame, values, effects, missing)
    return {
        "outcome": outcome, "by": frame.by, "segments": tuple(names),
        "effects": _effects_table(names, outcome, effects, variance), "notes": tuple(table_notes(frame)),
        "segment_warnings": {name: tuple(items) for name, items in warnings.items()},
        "method": method_text(frame, adjust=adjust_now, weighted=survey and weight_nonresponse),
        "design": frame.design, "assignment": frame.assignment, "covariates": tuple(frame.covariates),
        "cluster_statistics": clusters, "variance": variance,
    }


def _effects_table(names: list[str], outcome: str, effects, variance) -> pd.DataFrame:
    variances = [variance.variance(np.eye(len(names))[j]) if effects.comparable[j] else (np.nan, np.nan)
                 for j in range(len(names))]
    var = np.array([v for v, _ in variances], dtype=float)
    df = np.array([d for _, d in variances], dtype=float)
    se = np.sqrt(var)
    table = pd.DataFrame({
        "segment": names, "outcome": outcome, "n_structured": effects.n_structured.astype(np.int64),
        "n_unstructured": effects.n_unstructured.astype(np.int64), "effect": effects.effect.astype(float),
        "se": se, "df": df, "p_value": t_interval(effects.effect, se, df, 0.95)[2],
        "mean_structured": effects.mean_structured, "mean_unstructured": effects.mean_unstructured,
        "n_sessions_structured": effects.sessions_structured.astype(np.int64),
        "n_sessions_unstructured": effects.sessions_unstructured.astype(np.int64),
    })
    return table

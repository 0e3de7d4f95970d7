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
from toolkit.compare.aipw import (in_sample_correction, influence_values, outcome_values, response_weights,
                                   segment_effects)
from toolkit.compare.design import AnalysisFrame, prepare_analysis_frame
from toolkit.compare.notes import (
    NO_COMPARISON_METHOD,
    WITHIN_PERSON_METHOD,
    channel_notes,
    context_notes,
    exposure_notes,
    method_text,
    missing_value_notes,
    no_comparison_notes,
    response_notes,
    segment_warnings,
    table_notes,
    within_notes,
    within_warnings,
)
from toolkit.compare.results import ClusterStatistics, FittedOn, FormatComparison, content_digest, t_interval
from toolkit.compare.variance import (
    ClusterRobustVariance,
    cluster_robust_variance,
    intraclass_correlation,
    variance_components,
)
from toolkit.compare.within import ExposureDesign, exposure_design, within_person_effects
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
    within_person: bool | None = None,
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
        Attendee columns to adjust for; default :func:`~toolkit.compare.design.default_covariates`;
        ``[]`` for none (the segment column is always in the models).
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
    within_person : bool, optional
        Where people were in both formats at one event: compare them within
        person (True), or leave them out and compare people in one format
        (False). Default: within person where they are at least as many as the
        people in one format only (:func:`~toolkit.compare.within.exposure_design`).
        Survey outcomes are never compared within person.

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
                    weight_nonresponse=weight_nonresponse, covariates=covariates, within_person=within_person)


def columns_read(table: pd.DataFrame, frame: AnalysisFrame) -> tuple[str, ...]:
    """The columns of ``table`` that a comparison on ``frame`` reads (its fingerprint covers them), outcome aside.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", covariates=["first_time"])
    >>> columns_read(table, frame)
    ('format', 'session_id', 'event_id', 'assignment', 'attendee_id', 'n_sessions', 'style', 'first_time')
    """
    fixed = [c for c in ("format", "session_id", "event_id", "assignment", "attendee_id", "n_sessions",
                         "session_order", "attribution") if c in table.columns]
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
    within_person: bool | None = None,
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
                          propensity_cache=propensity_cache, within_person=within_person)
    columns = base_columns + ((outcome,) if outcome not in base_columns else ())
    fitted_on = FittedOn(
        table_digest=content_digest(table, columns, cache=digest_cache), columns=columns, n_rows=len(table),
        options={"outcome": outcome, "by": frame.by, "covariates": None if covariates is None else tuple(covariates),
                 "adjust": adjust, "weight_nonresponse": bool(weight_nonresponse), "n_folds": frame.n_folds,
                 "random_state": frame.seed, "within_person": within_person},
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


def _missing_notes(frame: AnalysisFrame, outcome: str, present: np.ndarray, survey: bool,
                   considered: np.ndarray) -> dict[str, list[str]]:
    if present[considered].all():
        return {}
    if survey:
        return response_notes(frame, present, rows=considered)
    return missing_value_notes(frame, outcome, present, rows=considered)


def _estimate(frame: AnalysisFrame, outcome: str, *, adjust: bool | None, weight_nonresponse: bool,
              propensity_cache: dict | None, within_person: bool | None = None) -> dict:
    """The parts of a :class:`FormatComparison` but what it was fitted on."""
    y_all = outcome_values(frame, outcome)
    # Only survey outcomes are missing because people did not answer; contact-log outcomes are missing
    # because the rate has no denominator (no new contact, no contact), which says nothing about response.
    spec = OUTCOME_CATALOGUE.get(outcome)
    survey = spec is not None and spec.from_survey
    if np.isnan(y_all).all() and not _unattributable_rows(frame):
        # not recorded at all (no table gives it): the faces offer another outcome. Contacts that could not be
        # attributed to sessions go on to the comparison, which says so.
        reason = frame.frame.attrs.get("not_recorded", {}).get(outcome)
        raise UsageError(f"compare: outcome {outcome!r} has no values for attendees in networking sessions"
                         + (f" ({reason})." if reason else "."))
    design = exposure_design(frame, survey=survey, within_person=within_person)
    if design.within:
        return _within_parts(frame, outcome, y_all, design)
    considered = ~design.excluded
    y_between = np.where(considered, y_all, np.nan)
    present = ~np.isnan(y_between)
    if not present.any() or frame.treated[present].min() == frame.treated[present].max():
        return _no_comparison_parts(frame, outcome, y_between, design)
    missing = _missing_notes(frame, outcome, present, survey, considered)
    weights = (response_weights(frame, present) if survey and weight_nonresponse and not present[considered].all()
               else np.ones(len(y_all)))
    # adjusting is the default everywhere: where formats were assigned by lot it sharpens the estimate (and
    # removes the imbalance that survey response or chance left among the people compared)
    adjust_now = True if adjust is None else bool(adjust)
    if frame.X.shape[1] <= 1:
        adjust_now = False  # nothing to adjust for (one event, no covariates): the cell means are the models

    values = influence_values(frame, y_between, adjust=adjust_now, weights=weights, propensity_cache=propensity_cache)
    effects = segment_effects(frame, values)
    variance = cluster_robust_variance(
        phi=effects.phi, session=values.session, session_treated=frame.session_treated,
        segment_code=values.segment_code, used=values.usable, n_structured=effects.n_structured,
        n_unstructured=effects.n_unstructured, comparable=effects.comparable,
        person=None if frame.person is None else frame.person[values.rows],
        # ridge models fitted on the rows they predict (too few sessions to cross-fit) absorb part of the
        # noise: the residual degrees of freedom they use are given back, not only those of the cell means
        inflation=in_sample_correction(frame, values) if values.models_in_sample else None,
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
    table = _effects_table(names, outcome, effects, variance)
    _observed_means_where_incomparable(table, frame, values, effects.comparable)
    channel_note, channels = channel_notes(frame, outcome, present)
    return {
        "outcome": outcome, "by": frame.by, "segments": tuple(names),
        "effects": table, "contact_channels": channels,
        "notes": tuple(channel_note + exposure_notes(design) + table_notes(frame, considered=considered)
                       + context_notes(frame)),
        "segment_warnings": {name: tuple(items) for name, items in warnings.items()},
        "method": method_text(frame, adjust=adjust_now, weighted=survey and weight_nonresponse),
        "design": frame.design, "assignment": frame.assignment, "covariates": tuple(frame.covariates),
        "cluster_statistics": clusters, "variance": variance, **_covariate_parts(frame),
    }


def _observed_means_where_incomparable(table: pd.DataFrame, frame: AnalysisFrame, values, comparable) -> None:
    """A segment seen in one format only has no effect, but its mean in that format is what was observed."""
    for j in np.flatnonzero(~np.asarray(comparable)):
        mine = values.segment_code == j
        for arm, column in ((1.0, "mean_structured"), (0.0, "mean_unstructured")):
            sel = mine & (values.treated == arm)
            if sel.any():
                table.loc[j, column] = float(np.average(values.y[sel], weights=values.weights[sel]))


def _unattributable_rows(frame: AnalysisFrame) -> bool:
    data = frame.frame
    return "attribution" in data.columns and bool((data["attribution"].astype("string") == "unattributable").any())


def _covariate_parts(frame: AnalysisFrame) -> dict:
    choice = frame.covariate_choice
    return {"covariates_left_out": dict(choice.left_out) if choice is not None else {},
            "segment_timing": frame.segment_timing}


def _within_parts(frame: AnalysisFrame, outcome: str, y_all: np.ndarray, design: ExposureDesign) -> dict:
    """A within-person comparison: people in both formats at an event, each their own control."""
    fit = within_person_effects(frame, y_all)
    names = list(frame.segment_names)
    rows = fit.rows
    icc, mean_size = intraclass_correlation(y_all[rows], frame.session[rows], frame.treated[rows])
    clusters = ClusterStatistics(
        sessions=pd.DataFrame({"structured": fit.sessions_structured, "unstructured": fit.sessions_unstructured},
                              index=pd.Index(names, name="segment")),
        icc=icc, mean_session_size=mean_size, outcome_sd=pd.Series(fit.outcome_sd, index=names, name="outcome_sd"),
    )
    effects = pd.DataFrame({
        "segment": names, "outcome": outcome, "n_structured": fit.n_people, "n_unstructured": fit.n_people,
        "effect": fit.effect, "mean_structured": fit.mean_structured, "mean_unstructured": fit.mean_unstructured,
        "n_sessions_structured": fit.sessions_structured, "n_sessions_unstructured": fit.sessions_unstructured,
        "people_structured": fit.n_people, "people_unstructured": fit.n_people,
    })
    variances = [fit.variance.variance(np.eye(len(names))[j]) if fit.comparable[j] else (np.nan, np.nan)
                 for j in range(len(names))]
    effects["se"] = np.sqrt(np.array([v for v, _ in variances], dtype=float))
    effects["df"] = np.array([d for _, d in variances], dtype=float)
    effects["p_value"] = t_interval(effects["effect"].to_numpy(dtype=float), effects["se"].to_numpy(dtype=float),
                                    effects["df"].to_numpy(dtype=float), 0.95)[2]
    order = ["segment", "outcome", "n_structured", "n_unstructured", "effect", "se", "df", "p_value",
             "mean_structured", "mean_unstructured", "n_sessions_structured", "n_sessions_unstructured",
             "people_structured", "people_unstructured"]
    channel_note, channels = channel_notes(frame, outcome, fit.rows)
    return {
        "outcome": outcome, "by": frame.by, "segments": tuple(names), "effects": effects[order],
        "contact_channels": channels,
        "notes": tuple(channel_note + exposure_notes(design) + within_notes(frame, fit, outcome)
                       + context_notes(frame)),
        "segment_warnings": {name: tuple(items) for name, items in within_warnings(frame, fit, outcome).items()},
        "method": WITHIN_PERSON_METHOD, "design": "within person", "assignment": frame.assignment,
        "covariates": (), "cluster_statistics": clusters, "variance": fit.variance,
        "covariates_left_out": {}, "segment_timing": frame.segment_timing,
        "n_unattributable": int(fit.n_unattributable.sum()),
    }


def _no_comparison_parts(frame: AnalysisFrame, outcome: str, y: np.ndarray, design: ExposureDesign) -> dict:
    """Where the formats cannot be compared at all (one format seen, or no values): counts, no effects."""
    names = list(frame.segment_names)
    k = len(names)
    present = ~np.isnan(y)
    seg, t, session = frame.segment_code, frame.treated, frame.session
    counts, means = {}, {}
    for arm, fmt in ((1.0, "structured"), (0.0, "unstructured")):
        sel = present & (t == arm)
        counts[fmt] = np.bincount(seg[sel], minlength=k).astype(np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[fmt] = np.bincount(seg[sel], weights=y[sel], minlength=k) / counts[fmt]
        counts[f"sessions_{fmt}"] = np.array([len(np.unique(session[sel & (seg == j)])) for j in range(k)],
                                             dtype=np.int64)
        counts[f"people_{fmt}"] = (counts[fmt] if frame.person is None else np.array(
            [len(np.unique(frame.person[sel & (seg == j)])) for j in range(k)], dtype=np.int64))
    nan = np.full(k, np.nan)
    effects = pd.DataFrame({
        "segment": names, "outcome": outcome, "n_structured": counts["structured"],
        "n_unstructured": counts["unstructured"], "effect": nan, "se": nan, "df": nan, "p_value": nan,
        "mean_structured": means["structured"], "mean_unstructured": means["unstructured"],
        "n_sessions_structured": counts["sessions_structured"],
        "n_sessions_unstructured": counts["sessions_unstructured"],
        "people_structured": counts["people_structured"], "people_unstructured": counts["people_unstructured"],
    })
    sd = [float(np.nanstd(y[present & (seg == j)])) if (present & (seg == j)).sum() > 1 else np.nan for j in range(k)]
    clusters = ClusterStatistics(
        sessions=pd.DataFrame({"structured": counts["sessions_structured"],
                               "unstructured": counts["sessions_unstructured"]}, index=pd.Index(names, name="segment")),
        icc=float("nan"), mean_session_size=float(present.sum() / max(len(np.unique(session[present])), 1)),
        outcome_sd=pd.Series(sd, index=names, name="outcome_sd"),
    )
    variance = ClusterRobustVariance(totals=np.zeros((frame.n_sessions, k)), correction=np.ones((frame.n_sessions, k)),
                                     session_treated=frame.session_treated)
    notes = exposure_notes(design) + no_comparison_notes(frame, outcome, present) + context_notes(frame)
    return {
        "outcome": outcome, "by": frame.by, "segments": tuple(names), "effects": effects, "notes": tuple(notes),
        "segment_warnings": {name: () for name in names}, "method": NO_COMPARISON_METHOD, "design": "no comparison",
        "assignment": frame.assignment, "covariates": (), "cluster_statistics": clusters, "variance": variance,
        **_covariate_parts(frame),
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
        "people_structured": (effects.n_structured if effects.people_structured is None
                              else effects.people_structured).astype(np.int64),
        "people_unstructured": (effects.n_unstructured if effects.people_unstructured is None
                                else effects.people_unstructured).astype(np.int64),
    })
    return table

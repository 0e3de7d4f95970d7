"""The doubly robust estimate: nuisance models, influence values and per-segment effects.

For each analysed attendee, the AIPW influence value is
``psi = m1 - m0 + t (y - m1) / e - (1 - t) (y - m0) / (1 - e)``, with ``e`` the
chance of the structured format (a cross-fitted logistic model, or the known
share where formats were assigned by lot) and ``m1``, ``m0`` the predicted
outcome in each format (cross-fitted ridge models, or cell means when not
adjusting). Both kinds of model read the design of
:func:`toolkit.compare.design.nuisance_design`: spline curves of numbers and
each segment's own slopes, so that a curved or a minority segment's
confounding is adjusted for (the common curves all but unpenalised in the
outcome models, :data:`CURVE_PENALTY`). A segment's effect is the (weighted) mean of ``psi`` over its
attendees; :func:`segment_effects` also gives each row's contribution to the
variance (``phi``), which :mod:`toolkit.compare.variance` sums by session.

The nuisance models are fitted on distinct covariate patterns where the rows
collapse to few (same coefficients, a fraction of the time), and on other
sessions than the ones they predict (:func:`toolkit.compare.design.session_folds`).

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> from toolkit.compare.design import prepare_analysis_frame
>>> table, truth = simulate_outcome_table(n_events=2, random_state=1)
>>> frame = prepare_analysis_frame(table, by="style", random_state=0)
>>> values = influence_values(frame, outcome_values(frame, "new_contacts"), adjust=False)
>>> effects = segment_effects(frame, values)
>>> [round(float(x), 1) for x in effects.effect]
[3.1, 0.3]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.compare.design import AnalysisFrame, session_folds
from toolkit.contract import OUTCOMES
from toolkit.errors import UsageError

__all__ = [
    "InfluenceValues",
    "SegmentEffects",
    "outcome_values",
    "influence_values",
    "segment_effects",
    "response_weights",
    "fit_logistic",
    "fit_ridge",
    "PROPENSITY_CLIP",
    "in_sample_correction",
    "ridge_scale",
    "RIDGE_ALPHA",
    "CURVE_PENALTY",
]

#: Propensities are clipped to [PROPENSITY_CLIP, 1 - PROPENSITY_CLIP].
PROPENSITY_CLIP = 0.01

#: The outcome models' ridge penalty (the intercept is not penalised).
RIDGE_ALPHA = 1.0

#: The penalty on the common spline curves of numbers, relative to :data:`RIDGE_ALPHA`. The ridge
#: is there for the many segment slopes and category levels; a curve shared by all segments is
#: learnt from every row, and shrinking it (its B-spline columns are small, so ``RIDGE_ALPHA``
#: weighs on them heavily) leaves it flat where one format has few people, the very place that
#: confounds: a U-shaped confounder in age kept a bias of 4.9% of the effect (2,000 worlds).
CURVE_PENALTY = 1e-4


# ----------------------------------------------------------------------------------------
# the two kinds of nuisance model
# ----------------------------------------------------------------------------------------
def fit_logistic(X: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Coefficients of a lightly penalised logistic regression (scikit-learn, lbfgs; no extra intercept).

    Where ``t`` has one value the fit is degenerate: the intercept (first
    column) is set to +-30, a probability of 1 or 0.

    Example
    -------
    >>> import numpy as np
    >>> X = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    >>> coef = fit_logistic(X, np.array([0, 0, 1, 1, 1, 0.]), np.ones(6))
    >>> coef.shape
    (2,)
    """
    from sklearn.linear_model import LogisticRegression

    if t.min() == t.max():
        coef = np.zeros(X.shape[1])
        coef[0] = 30.0 if t.max() == 1 else -30.0
        return coef
    model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=300, fit_intercept=False)
    model.fit(X, t, sample_weight=w)
    return model.coef_.ravel()


def fit_ridge(X: np.ndarray, y: np.ndarray, w: np.ndarray, alpha: float = RIDGE_ALPHA,
              scale: np.ndarray | None = None) -> np.ndarray:
    """Ridge coefficients (scikit-learn, Cholesky); the first column is the intercept and is not penalised.

    ``scale`` (per column but the first) divides a column's penalty by its square.

    Example
    -------
    >>> import numpy as np
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> fit_ridge(X, np.array([1.0, 3.0, 5.0, 7.0]), np.ones(4), alpha=1e-9).round(3).tolist()
    [1.0, 2.0]
    """
    from sklearn.linear_model import Ridge

    if len(y) == 0:
        return np.zeros(X.shape[1])
    scale = np.ones(X.shape[1] - 1) if scale is None else scale
    model = Ridge(alpha=alpha, solver="cholesky", fit_intercept=True)
    # a column scaled by s has its penalty divided by s^2: how some columns are left all but unpenalised
    model.fit(X[:, 1:] * scale, y, sample_weight=w)
    return np.concatenate([[model.intercept_], model.coef_ * scale])


def ridge_scale(frame: AnalysisFrame) -> np.ndarray | None:
    """Per column of ``frame.X`` but the intercept: 1, or ``CURVE_PENALTY ** -0.5`` for a common curve.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_nonlinear_confounding
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_nonlinear_confounding(random_state=0)
    >>> scale = ridge_scale(prepare_analysis_frame(table, by="style", random_state=0))
    >>> int((scale > 1).sum())          # the 5 columns of the spline basis of age
    5
    """
    if frame.curve is None or not frame.curve.any():
        return None
    return np.where(frame.curve[1:], CURVE_PENALTY ** -0.5, 1.0)


def _logistic_on_rows(frame: AnalysisFrame, sub: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Logistic coefficients for rows ``sub`` (indices into the analysis frame), on patterns when possible."""
    if frame.pattern is None:
        return fit_logistic(frame.X[sub], t, w)
    pat = frame.pattern[sub]
    k = len(frame.pattern_X)
    w1 = np.bincount(pat, weights=w * t, minlength=k)
    w0 = np.bincount(pat, weights=w * (1 - t), minlength=k)
    s1, s0 = np.flatnonzero(w1 > 0), np.flatnonzero(w0 > 0)
    X = np.vstack([frame.pattern_X[s1], frame.pattern_X[s0]])
    y = np.concatenate([np.ones(len(s1)), np.zeros(len(s0))])
    return fit_logistic(X, y, np.concatenate([w1[s1], w0[s0]]))


def _ridge_on_rows(frame: AnalysisFrame, sub: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Ridge coefficients for rows ``sub``; on pattern means (same coefficients) when possible."""
    scale = ridge_scale(frame)
    if frame.pattern is None:
        return fit_ridge(frame.X[sub], y, w, scale=scale)
    pat = frame.pattern[sub]
    k = len(frame.pattern_X)
    total = np.bincount(pat, weights=w, minlength=k)
    mean = np.bincount(pat, weights=w * y, minlength=k)
    keep = np.flatnonzero(total > 0)
    return fit_ridge(frame.pattern_X[keep], mean[keep] / total[keep], total[keep], scale=scale)


def _predict_rows(frame: AnalysisFrame, sub: np.ndarray, coef: np.ndarray) -> np.ndarray:
    if frame.pattern is None:
        return frame.X[sub] @ coef
    return (frame.pattern_X @ coef)[frame.pattern[sub]]


def _cross_fit(frame: AnalysisFrame, index: np.ndarray, folds: np.ndarray | None, fit, *,
               arm: float | None = None) -> np.ndarray:
    """Out-of-fold linear predictions for rows ``index``, whole sessions per fold.

    ``fit(index, train_mask)`` returns coefficients fitted on ``index[train_mask]``;
    ``arm`` restricts the training rows to one format. Without folds, one fit on all rows.
    """
    t = frame.treated[index]
    out = np.empty(len(index))
    if folds is None:
        train = np.ones(len(index), dtype=bool) if arm is None else t == arm
        out[:] = _predict_rows(frame, index, fit(index, train))
        return out
    for k in range(frame.n_folds):
        test = folds == k
        train = ~test if arm is None else (~test) & (t == arm)
        out[test] = _predict_rows(frame, index[test], fit(index, train))
    return out


def _cells(frame: AnalysisFrame, rows: np.ndarray) -> np.ndarray:
    """Event-stratum by segment cell of each row."""
    return pd.factorize(frame.stratum[rows] * (len(frame.segment_names) + 1) + frame.segment_code[rows])[0]


def _known_shares(frame: AnalysisFrame, rows: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Assigned by lot: the chance of the structured format is its share in the event and segment."""
    cell = _cells(frame, rows)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.bincount(cell, weights=w * t) / np.bincount(cell, weights=w)
    return share[cell]


def _propensity(frame: AnalysisFrame, rows: np.ndarray, weights: np.ndarray, folds, cache: dict | None) -> np.ndarray:
    key = (hashlib.sha1(np.packbits(rows).tobytes()).hexdigest(), hashlib.sha1(weights.tobytes()).hexdigest())
    if cache is not None and key in cache:
        return cache[key]
    t = frame.treated[rows]
    w = weights[rows]
    if frame.randomized:
        e = _known_shares(frame, rows, w, t)
    else:
        def fit(index, train):
            sub = index[train]
            return _logistic_on_rows(frame, sub, frame.treated[sub], weights[sub])

        e = 1.0 / (1.0 + np.exp(-np.clip(_cross_fit(frame, np.flatnonzero(rows), folds(), fit), -30, 30)))
        by_lot = frame.by_lot[rows]
        if by_lot.any():
            # where attendees were assigned by lot the chance is known: the share in their event and segment
            e[by_lot] = _known_shares(frame, np.flatnonzero(rows)[by_lot], w[by_lot], t[by_lot])
    if cache is not None:
        cache[key] = e
    return e


def _outcome_models(frame: AnalysisFrame, rows: np.ndarray, y: np.ndarray, w: np.ndarray, adjust: bool, folds):
    """Predicted outcome under each format for every row (cross-fitted where adjusted)."""
    t = frame.treated[rows]
    if not adjust:
        cell = _cells(frame, rows)
        k = int(cell.max()) + 1
        preds = []
        for arm in (1.0, 0.0):
            sel = t == arm
            total = np.bincount(cell[sel], weights=(w * y)[sel], minlength=k)
            count = np.bincount(cell[sel], weights=w[sel], minlength=k)
            with np.errstate(invalid="ignore", divide="ignore"):
                preds.append((total / count)[cell])
        return preds[0], preds[1]
    y_full = np.zeros(len(rows))
    w_full = np.zeros(len(rows))
    y_full[rows] = y
    w_full[rows] = w

    def fit(index, train):
        sub = index[train]
        return _ridge_on_rows(frame, sub, y_full[sub], w_full[sub])

    index = np.flatnonzero(rows)
    return tuple(_cross_fit(frame, index, folds(), fit, arm=arm) for arm in (1.0, 0.0))


def in_sample_correction(frame: AnalysisFrame, values: "InfluenceValues") -> np.ndarray:
    """Per session: ``(n - c) / (n - df)`` of its format's ridge outcome model where it was fitted in-sample.

    Where too few sessions allow cross-fitting, each format's ridge model is
    fitted on the rows it then predicts, and it absorbs part of their noise:
    with 30 people per format and some 30 covariate columns it takes about 13
    effective parameters, and the variance summed from the residuals fell to
    two thirds of the spread of the estimates (single small event, 3+3 rooms:
    coverage 92-93%). This is the residual degrees-of-freedom factor of the
    usual small-sample correction of cluster-robust variances (the
    ``(N - 1) / (N - K)`` of Stata's CR1; Cameron and Miller 2015), with ``K``
    the ridge's effective number of parameters ``df = tr(H)`` (Hastie,
    Tibshirani and Friedman, *Elements of Statistical Learning*, 3.4.1;
    weighted, the intercept unpenalised), beyond the ``c`` segment means per
    format that the session-share correction of
    :func:`toolkit.compare.variance.cluster_robust_variance` already allows
    for. Computed from ``p x p`` products: cheap at any size, and close to 1
    where rows are many.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=3, session_size=10, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> values = influence_values(frame, outcome_values(frame, "new_contacts"), adjust=True)
    >>> values.models_in_sample, round(float(in_sample_correction(frame, values).max()), 1)
    (True, 1.7)
    """
    out = np.ones(frame.n_sessions)
    scale = ridge_scale(frame)
    X_all = frame.X[values.rows][:, 1:] * (1.0 if scale is None else scale)
    for arm in (1.0, 0.0):
        sel = (values.treated == arm) & (values.weights > 0)
        if not sel.any():
            continue
        X, w = X_all[sel], values.weights[sel]
        Xc = X - (w[:, None] * X).sum(axis=0) / w.sum()
        gram = Xc.T @ (w[:, None] * Xc)
        # tr(H) = 1 (intercept) + tr((X'WX + alpha I)^-1 X'WX) = 1 + sum of eigenvalue / (eigenvalue + alpha)
        eig = np.clip(np.linalg.eigvalsh(gram), 0.0, None)
        df = 1.0 + float((eig / (eig + RIDGE_ALPHA)).sum())
        n, cells = int(sel.sum()), len(np.unique(values.segment_code[sel]))
        factor = (n - cells) / max(n - df, 1.0) if n > cells else 1.0
        out[np.unique(values.session[sel])] = max(factor, 1.0)
    return out


def response_weights(frame: AnalysisFrame, answered: np.ndarray) -> np.ndarray:
    """Inverse probability of answering the survey (from covariates, strata and format); 0 for non-respondents.

    The probability is floored at 0.05, so no answer weighs more than 20.

    Example
    -------
    >>> import numpy as np
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> answered = table["responded"].to_numpy()
    >>> weights = response_weights(frame, answered)
    >>> bool((weights[answered] >= 1).all() and (weights[~answered] == 0).all())
    True
    """
    X = np.hstack([frame.X, frame.treated[:, None]])
    coef = fit_logistic(X, answered.astype(float), np.ones(len(answered)))
    p = 1.0 / (1.0 + np.exp(-np.clip(X @ coef, -30, 30)))
    w = 1.0 / np.clip(p, 0.05, 1.0)
    return np.where(answered, w, 0.0)


# ----------------------------------------------------------------------------------------
# influence values and segment effects
# ----------------------------------------------------------------------------------------
def outcome_values(frame: AnalysisFrame, outcome: str) -> np.ndarray:
    """The outcome of every analysed row as float64, missing as NaN; an unknown outcome is a UsageError.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> outcome_values(frame, "satisfaction").dtype
    dtype('float64')
    """
    if outcome not in frame.frame.columns:
        raise UsageError(
            f"compare: outcome {outcome!r} is not in the outcome table; known outcomes: {', '.join(OUTCOMES)}."
        )
    column = frame.frame[outcome]
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return pd.to_numeric(column.astype("Float64"), errors="coerce").astype("float64").to_numpy()
    numbers = pd.to_numeric(column.astype("string"), errors="coerce")
    words = column.notna() & numbers.isna()
    if words.any():
        # a text column (yes/no columns are read as booleans by compute_outcomes): a traceback from the cast
        # told nobody which column or what to do
        seen = pd.Series(column[words].astype(str).unique())
        shown = ", ".join(repr(v if len(v) <= 20 else v[:17] + "...") for v in seen.head(3))
        more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
        raise UsageError(
            f"compare: outcome {outcome!r} is not a number: {int(words.sum())} of its values are words "
            f"({shown}{more}). Compare a numeric column, or a yes/no question (every answer a yes/no word such as "
            "yes/no, oui/non or Y/N: read as a share); or correct or map those answers in the survey file and "
            "import it again."
        )
    return numbers.astype("float64").to_numpy()


@dataclass(frozen=True, eq=False)
class InfluenceValues:
    """Per analysed row (rows with an outcome value): the pieces of the AIPW estimate.

    ``rows`` is the mask over the analysis frame; every other array is over
    those rows: ``y``, ``treated``, ``weights``, ``segment_code``, ``session``,
    the clipped ``propensity``, whether the row is ``usable`` (both predicted
    outcomes exist), and the influence values ``psi`` (effect), ``psi1`` and
    ``psi0`` (mean outcome under each format), and ``residual``: the outcome
    minus its predicted value in the row's own format (NaN where not usable),
    from which the spread within and between sessions is measured
    (:func:`toolkit.compare.variance.variance_components`).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> values = influence_values(frame, outcome_values(frame, "satisfaction"), adjust=True)
    >>> int(values.rows.sum()) == int(table["responded"].sum()), bool(values.usable.all())
    (True, True)
    """

    rows: np.ndarray
    y: np.ndarray
    treated: np.ndarray
    weights: np.ndarray
    segment_code: np.ndarray
    session: np.ndarray
    propensity: np.ndarray
    usable: np.ndarray
    psi: np.ndarray
    psi1: np.ndarray
    psi0: np.ndarray
    residual: np.ndarray | None = None
    models_in_sample: bool = False


def influence_values(
    frame: AnalysisFrame,
    y_all: np.ndarray,
    *,
    adjust: bool,
    weights: np.ndarray | None = None,
    propensity_cache: dict | None = None,
) -> InfluenceValues:
    """AIPW influence values of the rows with an outcome value (see the module's note).

    Parameters
    ----------
    frame : AnalysisFrame
    y_all : ndarray
        The outcome per analysis row (:func:`outcome_values`), NaN where unknown.
    adjust : bool
        Adjust for the covariates (ridge outcome models) or not (cell means).
    weights : ndarray, optional
        Row weights (e.g. :func:`response_weights`); default all 1.
    propensity_cache : dict, optional
        Shared between outcomes of one frame: outcomes known for the same rows
        reuse the propensities.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, assignment="self_selected", random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> values = influence_values(frame, outcome_values(frame, "new_contacts"), adjust=True)
    >>> bool(values.propensity.min() >= 0.01 and values.propensity.max() <= 0.99)
    True
    """
    rows = ~np.isnan(y_all)
    weights = np.ones(len(y_all)) if weights is None else weights
    t = frame.treated[rows]
    y = y_all[rows]
    w = weights[rows]
    index = np.flatnonzero(rows)
    folds_cache: list = []

    def folds():
        # computed once, on first need, so the propensity and outcome models share the folds
        if not folds_cache:
            folds_cache.append(session_folds(frame.session[index], t, frame.stratum[index], frame.n_folds, frame.seed))
        return folds_cache[0]

    e = np.clip(_propensity(frame, rows, weights, folds, propensity_cache), PROPENSITY_CLIP, 1 - PROPENSITY_CLIP)
    m1, m0 = _outcome_models(frame, rows, y, w, adjust, folds)
    # cells with one format only (unadjusted) have no counterfactual mean: they cannot contribute
    usable = ~(np.isnan(m1) | np.isnan(m0))
    m1_, m0_ = np.nan_to_num(m1), np.nan_to_num(m0)
    psi1 = np.where(usable, m1_ + t * (y - m1_) / e, 0.0)
    psi0 = np.where(usable, m0_ + (1 - t) * (y - m0_) / (1 - e), 0.0)
    psi = np.where(usable, m1_ - m0_ + t * (y - m1_) / e - (1 - t) * (y - m0_) / (1 - e), 0.0)
    residual = np.where(usable, y - np.where(t == 1, m1_, m0_), np.nan)
    return InfluenceValues(
        rows=rows, y=y, treated=t, weights=w, segment_code=frame.segment_code[rows], session=frame.session[rows],
        propensity=e, usable=usable, psi=psi, psi1=psi1, psi0=psi0, residual=residual,
        models_in_sample=bool(adjust and folds() is None),
    )


@dataclass(frozen=True, eq=False)
class SegmentEffects:
    """Per segment (in the frame's order): the estimate, means per format and the counts behind them.

    ``effect``, ``mean_structured``, ``mean_unstructured`` are NaN where the
    segment was not seen in both formats (``comparable`` False).
    ``n_structured``/``n_unstructured`` count usable attendees,
    ``sessions_structured``/``sessions_unstructured`` their sessions,
    ``n_left_out`` the rows that could not be used (their event had one
    format for the segment), ``outcome_sd`` the pooled within-format standard
    deviation. ``phi`` is per analysed row: its share of its segment's
    estimate, ``w (psi - effect) / sum(w)`` (0 for unused rows).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=3, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> effects = segment_effects(frame, influence_values(frame, outcome_values(frame, "contacts"), adjust=False))
    >>> effects.sessions_structured.tolist()
    [3, 3]
    """

    effect: np.ndarray
    mean_structured: np.ndarray
    mean_unstructured: np.ndarray
    n_structured: np.ndarray
    n_unstructured: np.ndarray
    sessions_structured: np.ndarray
    sessions_unstructured: np.ndarray
    n_left_out: np.ndarray
    outcome_sd: np.ndarray
    comparable: np.ndarray
    phi: np.ndarray
    #: distinct people behind ``n_structured``/``n_unstructured`` (a person in several sessions has several rows)
    people_structured: np.ndarray | None = None
    people_unstructured: np.ndarray | None = None


def segment_effects(frame: AnalysisFrame, values: InfluenceValues) -> SegmentEffects:
    """Each segment's effect and means per format: weighted means of the influence values.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> effects = segment_effects(frame, influence_values(frame, outcome_values(frame, "contacts"), adjust=False))
    >>> int(effects.n_structured.sum() + effects.n_unstructured.sum()) == len(table)
    True
    """
    k = len(frame.segment_names)
    t, y, w, seg, session, usable = (values.treated, values.y, values.weights, values.segment_code,
                                     values.session, values.usable)
    out = {name: np.full(k, np.nan) for name in ("effect", "mean_structured", "mean_unstructured", "outcome_sd")}
    counts = {name: np.zeros(k, dtype=int) for name in (
        "n_structured", "n_unstructured", "sessions_structured", "sessions_unstructured", "n_left_out")}
    phi = np.zeros(len(y))
    person = None if frame.person is None else frame.person[values.rows]
    people = {fmt: np.zeros(k, dtype=int) for fmt in ("structured", "unstructured")}
    for j in range(k):
        sel = (seg == j) & usable
        counts["n_left_out"][j] = int(((seg == j) & ~usable).sum())
        n1, n0 = int((t[sel] == 1).sum()), int((t[sel] == 0).sum())
        counts["n_structured"][j], counts["n_unstructured"][j] = n1, n0
        for arm, fmt, n in ((1, "structured", n1), (0, "unstructured", n0)):
            people[fmt][j] = n if person is None else len(np.unique(person[sel & (t == arm)]))
        counts["sessions_structured"][j] = len(np.unique(session[sel][t[sel] == 1]))
        counts["sessions_unstructured"][j] = len(np.unique(session[sel][t[sel] == 0]))
        if n1 == 0 or n0 == 0:
            continue
        ws = w[sel]
        total_w = ws.sum()
        out["effect"][j] = (ws * values.psi[sel]).sum() / total_w
        out["mean_structured"][j] = (ws * values.psi1[sel]).sum() / total_w
        out["mean_unstructured"][j] = (ws * values.psi0[sel]).sum() / total_w
        phi[sel] = ws * (values.psi[sel] - out["effect"][j]) / total_w
        resid1 = y[sel & (t == 1)] - y[sel & (t == 1)].mean()
        resid0 = y[sel & (t == 0)] - y[sel & (t == 0)].mean()
        out["outcome_sd"][j] = float(np.sqrt(np.concatenate([resid1, resid0]).var())) if n1 + n0 > 1 else np.nan
    comparable = (counts["n_structured"] > 0) & (counts["n_unstructured"] > 0)
    return SegmentEffects(**out, **counts, comparable=comparable, phi=phi, people_structured=people["structured"],
                          people_unstructured=people["unstructured"])

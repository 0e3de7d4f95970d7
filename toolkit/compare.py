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

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=1)
>>> effects = compare_formats(table, outcome="new_contacts", by="style", random_state=0)
>>> list(effects["segment"])
['reserved', 'self-directed']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.contract import (
    EFFECT_COLUMNS,
    FORMATS,
    NON_COVARIATE_COLUMNS,
    OUTCOMES,
    PERSONAL_COLUMN_NAMES,
    SURVEY_OUTCOMES,
)
from toolkit.errors import UsageError

__all__ = [
    "compare_formats",
    "compare_outcomes",
    "segment_difference",
    "naive_difference",
    "default_covariates",
    "segment_columns",
    "EXTRA_EFFECT_COLUMNS",
    "LOWER_IS_BETTER",
    "MIN_SESSIONS_PER_FORMAT",
    "better_format",
    "better_formats",
]

#: Outcomes where a smaller value is the better one (used by ``better_format``, ``recommend``, reports).
LOWER_IS_BETTER: frozenset[str] = frozenset(
    name for name, spec in OUTCOME_CATALOGUE.items() if spec.better_when_lower)

#: Sessions per format (within a segment) below which a comparison rests on too few rooms to be
#: trusted: ``compare_formats`` warns below it and ``recommend`` is never confident below it.
MIN_SESSIONS_PER_FORMAT: int = 10

#: Columns that ``compare_formats`` returns beyond the contract's ``EFFECT_COLUMNS``.
EXTRA_EFFECT_COLUMNS: tuple[str, ...] = (
    "se",
    "df",
    "p_value",
    "mean_structured",
    "mean_unstructured",
    "n_sessions_structured",
    "n_sessions_unstructured",
    "design",
    "assignment",
    "covariates",
)

# Columns of the outcome table that are not attendee characteristics.
_NOT_COVARIATES = frozenset(
    {
        "format", "assignment", "grouping", "n_sessions", "start", "end", "responded",
        "reciprocated_share", "interest_share", "brokerage",
    }
) | NON_COVARIATE_COLUMNS | frozenset(OUTCOMES) | frozenset(SURVEY_OUTCOMES)

_UNKNOWN = "unknown"
# Measured by the post-event survey, so known only for respondents, and response differs by format:
# adjusting for it would compare respondents with everyone. ``style`` (which falls back on the
# registration's networking_style) carries the trait instead.
_POST_EVENT_COLUMNS = frozenset({"style_score"})
_NUMERIC_BINS = 10
_BETWEEN = "__between_events__"
_MIN_PER_ARM = 20           # attendees per segment and format below which the estimate is fragile
_PROPENSITY_CLIP = 0.01
_MAX_LEVELS = 30
_MAX_SEGMENTS = 20


# ----------------------------------------------------------------------------------------
# which format did better (the one rule every report, chart and recommendation uses)
# ----------------------------------------------------------------------------------------
def better_format(effect: float, ci_low: float, ci_high: float, *, outcome: str) -> str | None:
    """The format that did better on ``outcome``, or None when the interval includes no difference.

    ``effect`` is structured minus unstructured. For most outcomes more is better; for the
    outcomes in :data:`LOWER_IS_BETTER` (``familiar_share``, ``spectator``) less is better, so a
    negative effect means the structured format did better. An interval that touches or includes
    0, or a missing number, gives None (the data cannot tell the formats apart).

    Parameters
    ----------
    effect, ci_low, ci_high : float
        The estimate and its interval (columns of :func:`compare_formats`).
    outcome : str
        The outcome the effect is on.

    Returns
    -------
    ``"structured"``, ``"unstructured"`` or None.

    Example
    -------
    >>> better_format(1.2, 0.4, 2.0, outcome="new_contacts")
    'structured'
    >>> better_format(-0.1, -0.2, -0.05, outcome="spectator")
    'structured'
    >>> better_format(0.3, -0.1, 0.7, outcome="new_contacts") is None
    True
    """
    values = np.array([effect, ci_low, ci_high], dtype=float)
    if not np.isfinite(values).all():
        return None
    low, high = float(values[1]), float(values[2])
    if low > 0:
        higher = "structured"
    elif high < 0:
        higher = "unstructured"
    else:
        return None
    if outcome in LOWER_IS_BETTER:
        return "unstructured" if higher == "structured" else "structured"
    return higher


def better_formats(effects: pd.DataFrame) -> pd.Series:
    """:func:`better_format` for every row of an effects frame (vectorised).

    Needs the columns ``outcome``, ``effect``, ``ci_low`` and ``ci_high``; returns a
    Series of ``"structured"``, ``"unstructured"`` or None aligned with ``effects``.

    Example
    -------
    >>> frame = pd.DataFrame({"outcome": ["new_contacts", "spectator"], "effect": [1.0, 0.2],
    ...                       "ci_low": [0.5, 0.1], "ci_high": [1.5, 0.3]})
    >>> better_formats(frame).tolist()
    ['structured', 'unstructured']
    """
    low = pd.to_numeric(effects["ci_low"], errors="coerce").astype("float64").to_numpy()
    high = pd.to_numeric(effects["ci_high"], errors="coerce").astype("float64").to_numpy()
    est = pd.to_numeric(effects["effect"], errors="coerce").astype("float64").to_numpy()
    lower_better = effects["outcome"].astype(str).isin(LOWER_IS_BETTER).to_numpy()
    known = np.isfinite(low) & np.isfinite(high) & np.isfinite(est)
    higher_structured = known & (low > 0)
    higher_unstructured = known & (high < 0)
    structured = np.where(lower_better, higher_unstructured, higher_structured)
    unstructured = np.where(lower_better, higher_structured, higher_unstructured)
    out = np.full(len(effects), None, dtype=object)
    out[structured] = "structured"
    out[unstructured] = "unstructured"
    return pd.Series(out, index=effects.index, name="better_format", dtype=object)


# ----------------------------------------------------------------------------------------
# covariates and design matrices
# ----------------------------------------------------------------------------------------
def default_covariates(table: pd.DataFrame, *, by: str | None = None) -> list[str]:
    """The attendee columns used for adjustment when the caller does not name them.

    Every column except ids, personal data, session columns, outcomes,
    survey answers (``table.attrs["survey_columns"]`` where the outcome table
    lists them; otherwise columns that are filled only for survey respondents;
    ``style_score`` too: it comes from the post-event survey, so it is missing
    exactly for non-respondents, and response rates differ by format),
    ``_`` bookkeeping columns and columns with one value or with too many
    distinct text values (free text) to be a characteristic. The segment
    column ``by`` is always included.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=0)
    >>> default_covariates(table, by="style")
    ['industry', 'company_size', 'first_time', 'networking_style', 'style']
    """
    survey_cols = set(table.attrs.get("survey_columns", ()))
    responded = None
    if "responded" in table.columns:
        responded = table["responded"].fillna(False).astype(bool).to_numpy()
        if responded.all() or not responded.any():
            responded = None
    chosen: list[str] = []
    for col in table.columns:
        name = str(col)
        if (
            name.startswith("_")
            or name in _NOT_COVARIATES
            or name.lower() in PERSONAL_COLUMN_NAMES
            or name in survey_cols
        ):
            continue
        values = table[col]
        if name in _POST_EVENT_COLUMNS and name != by:
            continue
        if responded is not None and name != by:
            present = values.notna().to_numpy()
            if present.any() and not present[~responded].any():
                continue  # filled only for respondents: a survey answer, measured after the session
        if name != by and values.nunique(dropna=True) < 2:
            continue
        if (
            name != by
            and not _is_numeric(values)
            and values.nunique(dropna=True) > max(_MAX_LEVELS, 1)
        ):
            continue
        chosen.append(name)
    if by is not None and by in table.columns and by not in chosen:
        chosen.append(by)
    return chosen



#: At most this many groups make a column one to split attendees by (more makes every chart unreadable).
MAX_SEGMENT_GROUPS = 12


def segment_columns(table: pd.DataFrame, *, settings=None, max_groups: int = MAX_SEGMENT_GROUPS) -> list[str]:
    """Columns a person may split attendees by: ``style`` first, then attendee columns with few values.

    Eligibility is :func:`default_covariates`' rule (no ids, personal data,
    session columns, outcomes, survey answers, free text or single-valued
    columns: the same columns the comparison adjusts for), and further at most
    ``max_groups`` values, not more distinct values than half the rows (free
    text in a small table) and not the items of the networking-style scale
    (``settings.style_scale``: single answers, summed into ``style``).

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"attendee_id": list("abcdef"), "style": ["reserved", "self-directed"] * 3,
    ...                       "industry": ["law", "law", "tech", "tech", "retail", "retail"],
    ...                       "note": list("uvwxyz")})
    >>> segment_columns(table)
    ['style', 'industry']
    """
    skip = set()
    if settings is not None and getattr(settings, "style_scale", None) is not None:
        skip |= set(settings.style_scale.items)
    candidates = ["style"] if "style" in table.columns else []
    rows = max(len(table), 1)
    for col in default_covariates(table):
        if col in skip or col in candidates:
            continue
        n_values = table[col].nunique(dropna=True)
        if 2 <= n_values <= max_groups and n_values <= 0.5 * rows:
            candidates.append(col)
    return candidates

def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _design_matrix(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Numbers for the nuisance models: scaled numeric columns, one-hot text columns.

    Numbers with more than ``_NUMERIC_BINS`` distinct values enter as quantile
    bins (one per 500 rows, 2 to 10; missing as its own level); other numbers are scaled, with missing
    values at the mean plus a missing indicator; missing text becomes its own level. Rare levels beyond the first ``_MAX_LEVELS`` are pooled.
    """
    n = len(frame)
    blocks: list[np.ndarray] = [np.ones((n, 1))]
    for col in columns:
        values = frame[col]
        if _is_numeric(values) and values.nunique(dropna=True) > _NUMERIC_BINS:
            # many distinct numbers: quantile bins as levels, so that a curved relation is captured and
            # rows still collapse to a few covariate patterns (see _patterns); fewer bins in small
            # samples, where ten levels would make the nuisance models noisy
            x = pd.to_numeric(values, errors="coerce").astype("float64")
            n_bins = int(np.clip(n // 500, 2, _NUMERIC_BINS))
            bins = pd.qcut(x, n_bins, labels=False, duplicates="drop")
            codes = np.where(bins.isna(), -1, bins.fillna(-1)).astype(np.int64) + 1
            codes = pd.factorize(codes, sort=True)[0]
            k = int(codes.max()) + 1
            if k >= 2:
                onehot = np.zeros((n, k))
                onehot[np.arange(n), codes] = 1.0
                blocks.append(onehot[:, 1:])
            continue
        if _is_numeric(values):
            x = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
            missing = np.isnan(x)
            if missing.all():
                continue
            mean = np.nanmean(x)
            sd = np.nanstd(x) or 1.0
            x = np.where(missing, mean, x)
            blocks.append(((x - mean) / sd)[:, None])
            if missing.any():
                blocks.append(missing[:, None].astype(float))
        else:
            codes = _codes(values)
            k = int(codes.max()) + 1 if n else 0
            if k < 2:
                continue
            onehot = np.zeros((n, k))
            onehot[np.arange(n), codes] = 1.0
            blocks.append(onehot[:, 1:])  # drop one level: the intercept carries it
    return np.hstack(blocks)


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes of a text-like column, missing as its own level, rare levels pooled."""
    codes, uniques = pd.factorize(values, sort=True)
    codes = np.where(codes < 0, len(uniques), codes).astype(np.int64)
    if len(uniques) + 1 > _MAX_LEVELS:
        counts = np.bincount(codes)
        keep = np.argsort(-counts, kind="stable")[: _MAX_LEVELS - 1]
        remap = np.full(len(counts), _MAX_LEVELS - 1)
        remap[keep] = np.arange(len(keep))
        codes = remap[codes]
    return pd.factorize(codes, sort=True)[0].astype(np.int64)


# ----------------------------------------------------------------------------------------
# the prepared analysis frame (shared by several outcomes)
# ----------------------------------------------------------------------------------------
@dataclass
class _Prepared:
    frame: pd.DataFrame              # analysis rows (in a networking session with a format)
    by: str
    segments: np.ndarray             # segment label per row
    segment_names: list[str]
    treated: np.ndarray              # 1 structured, 0 unstructured
    session: np.ndarray              # session code per row (unique across events)
    stratum: np.ndarray              # event code where formats vary within it, else one "between" code
    stratum_labels: list[str]
    X: np.ndarray                    # covariates + stratum one-hot
    seg_code: np.ndarray             # segment index per row (into segment_names)
    by_lot: np.ndarray               # row's session was randomized
    pattern: np.ndarray | None       # distinct-covariate-row id per row, where few (see _patterns)
    pattern_X: np.ndarray | None
    covariates: list[str]
    randomized: bool
    assignment_label: str
    design: str
    n_folds: int
    random_state: int | None
    notes: list[str] = field(default_factory=list)
    person: np.ndarray | None = None  # person code per row where someone appears in several rows, else None
    _propensity_cache: dict = field(default_factory=dict)


def _prepare(
    table: pd.DataFrame,
    *,
    by: str,
    covariates: list[str] | None,
    n_folds: int,
    random_state: int | None,
) -> _Prepared:
    if not isinstance(table, pd.DataFrame):
        raise UsageError("compare: expected the outcome table (a pandas DataFrame from compute_outcomes).")
    for needed in ("format", "session_id"):
        if needed not in table.columns:
            raise UsageError(
                f"compare: the outcome table has no {needed!r} column; build it with "
                "toolkit.outcomes.compute_outcomes(data)."
            )
    if by not in table.columns:
        raise UsageError(
            f"compare: --by {by!r} is not a column of the outcome table; choose one of: "
            + ", ".join(sorted(c for c in map(str, table.columns) if not c.startswith("_")))
        )
    fmt = table["format"]
    keep = fmt.isin(FORMATS).to_numpy(dtype=bool, na_value=False) & table["session_id"].notna().to_numpy()
    notes = []
    left_out = int((~keep).sum())
    if left_out:
        notes.append(f"{left_out} attendee rows in no networking session were left out.")
    frame = table.loc[keep].reset_index(drop=True)
    if frame.empty:
        raise UsageError("compare: no attendee is in a networking session with a format; nothing to compare.")

    seg_codes, seg_uniques = pd.factorize(frame[by])
    labels = np.array([str(u) for u in seg_uniques] + [_UNKNOWN], dtype=object)
    seg = labels[np.where(seg_codes < 0, len(seg_uniques), seg_codes)]
    segment_names = sorted(set(labels[np.unique(np.where(seg_codes < 0, len(seg_uniques), seg_codes))]),
                           key=lambda s: (s == _UNKNOWN, s))
    if len(segment_names) > _MAX_SEGMENTS:
        raise UsageError(
            f"compare: --by {by!r} has {len(segment_names)} distinct values; segments need at most "
            f"{_MAX_SEGMENTS}. Group the values into a few bands first."
        )
    position = {name: i for i, name in enumerate(segment_names)}
    label_code = np.array([position.get(label, -1) for label in labels], dtype=np.int64)
    seg_code = label_code[np.where(seg_codes < 0, len(seg_uniques), seg_codes)]
    treated = (frame["format"] == "structured").to_numpy(dtype=bool, na_value=False).astype(float)
    if "event_id" in frame.columns:
        event_code, event_uniques = pd.factorize(frame["event_id"])
        event_names = np.array([str(u) for u in event_uniques] + ["<missing>"], dtype=object)
        event_code = np.where(event_code < 0, len(event_uniques), event_code)
    else:
        event_code, event_names = np.zeros(len(frame), dtype=np.int64), np.array(["<one event>"], dtype=object)
    session = (
        pd.DataFrame({"e": event_code, "s": frame["session_id"].to_numpy()})
        .groupby(["e", "s"], sort=False, dropna=False)
        .ngroup()
        .to_numpy()
    )

    # Events where both formats ran are strata; single-format events can only be compared between events.
    n_ev = len(event_names)
    share = np.bincount(event_code, weights=treated, minlength=n_ev) / np.maximum(np.bincount(event_code, minlength=n_ev), 1)
    present = np.bincount(event_code, minlength=n_ev) > 0
    within = present & (share > 0) & (share < 1)
    stratum_names = np.where(within, event_names, _BETWEEN)
    stratum, stratum_labels = pd.factorize(stratum_names[event_code], sort=True)
    n_within, n_between = int(within.sum()), int((present & ~within).sum())
    if n_between == 0:
        design = "within events"
    elif n_within == 0:
        design = "between events"
    else:
        design = "within and between events"

    if "assignment" in frame.columns:
        kinds = sorted({"scheduled" if pd.isna(k) else str(k) for k in pd.unique(frame["assignment"])})
    else:
        kinds = ["scheduled"]
    randomized = kinds == ["randomized"]
    assignment_label = kinds[0] if len(kinds) == 1 else "mixed (" + ", ".join(kinds) + ")"

    if covariates is None:
        covariates = default_covariates(frame, by=by)
    else:
        missing = [c for c in covariates if c not in frame.columns]
        if missing:
            raise UsageError(f"compare: covariates {missing} are not columns of the outcome table.")
        covariates = list(dict.fromkeys(list(covariates) + [by]))
    X = _design_matrix(frame, covariates)
    if len(stratum_labels) > 1:
        onehot = np.zeros((len(frame), len(stratum_labels)))
        onehot[np.arange(len(frame)), stratum] = 1.0
        X = np.hstack([X, onehot[:, 1:]])
    compressed = _patterns(X)
    return _Prepared(
        frame=frame,
        by=by,
        segments=seg,
        segment_names=segment_names,
        treated=treated,
        session=session,
        stratum=stratum,
        stratum_labels=list(stratum_labels),
        X=X,
        seg_code=seg_code,
        by_lot=(
            (frame["assignment"] == "randomized").to_numpy(dtype=bool, na_value=False)
            if "assignment" in frame.columns else np.zeros(len(frame), dtype=bool)
        ),
        pattern=None if compressed is None else compressed[0],
        pattern_X=None if compressed is None else compressed[1],
        covariates=covariates,
        randomized=randomized,
        assignment_label=assignment_label,
        design=design,
        n_folds=n_folds,
        random_state=random_state,
        notes=notes,
        person=_repeat_people(frame),
    )


def _repeat_people(frame: pd.DataFrame) -> np.ndarray | None:
    """Person code per row (a missing id is its own person), or None when nobody appears twice.

    People who come to several events are in several sessions; their rows are
    not independent, so the variance also clusters by person (see ``_Fit.variance``).
    """
    if "attendee_id" not in frame.columns:
        return None
    codes, uniques = pd.factorize(frame["attendee_id"])
    missing = codes < 0
    codes = np.where(missing, len(uniques) + np.cumsum(missing) - 1, codes)
    if len(np.unique(codes)) == len(codes):
        return None
    return codes.astype(np.int64)


def _session_folds(
    session: np.ndarray, treated: np.ndarray, stratum: np.ndarray, n_folds: int, random_state
) -> np.ndarray | None:
    """Fold per row: whole sessions together, every event (stratum) and format spread over the folds.

    Each training fold must hold sessions of every event and format, or the
    event's term in the models would be learnt from one format only and the
    propensities would run to 0 or 1. Returns None (no cross-fitting: the
    nuisance models are fitted on all rows) where an event has fewer sessions of
    a format than there are folds, or a format has fewer than two sessions per fold.
    """
    n_sessions = int(session.max()) + 1
    session_treated = np.full(n_sessions, -1.0)
    session_treated[session] = treated
    session_stratum = np.full(n_sessions, -1)
    session_stratum[session] = stratum
    present = np.flatnonzero(session_treated >= 0)
    for arm in (0.0, 1.0):
        if int((session_treated[present] == arm).sum()) < 2 * n_folds:
            return None
    rng = np.random.default_rng(random_state)
    fold_of_session = np.zeros(n_sessions, dtype=np.int64)
    key = session_stratum[present] * 2 + session_treated[present].astype(np.int64)
    for cell in np.unique(key):
        ids = present[key == cell]
        if len(ids) < n_folds:
            return None
        fold_of_session[rng.permutation(ids)] = (np.arange(len(ids)) + rng.integers(n_folds)) % n_folds
    return fold_of_session[session]


# ----------------------------------------------------------------------------------------
# nuisance models
# ----------------------------------------------------------------------------------------
def _fit_propensity(X: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Coefficients of a lightly penalised logistic regression (scikit-learn, lbfgs)."""
    from sklearn.linear_model import LogisticRegression

    if t.min() == t.max():
        coef = np.zeros(X.shape[1])
        coef[0] = 30.0 if t.max() == 1 else -30.0
        return coef
    model = LogisticRegression(C=10.0, solver="lbfgs", max_iter=300, fit_intercept=False)
    model.fit(X, t, sample_weight=w)
    return model.coef_.ravel()


def _fit_ridge(X: np.ndarray, y: np.ndarray, w: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Ridge coefficients (scikit-learn, Cholesky); the intercept column is not penalised."""
    from sklearn.linear_model import Ridge

    if len(y) == 0:
        return np.zeros(X.shape[1])
    model = Ridge(alpha=alpha, solver="cholesky", fit_intercept=True)
    model.fit(X[:, 1:], y, sample_weight=w)
    return np.concatenate([[model.intercept_], model.coef_])


def _patterns(X: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Distinct covariate rows and each row's pattern, where there are few (categorical covariates).

    Fitting on pattern totals with counts as weights gives exactly the same
    logistic and ridge coefficients as fitting on every row, in a fraction of the time.
    """
    if len(X) < 2000:
        return None
    rng = np.random.default_rng(12345)
    keys = X @ rng.normal(size=(X.shape[1], 2))
    pattern = pd.DataFrame(keys).groupby([0, 1], sort=False).ngroup().to_numpy()
    n_patterns = int(pattern.max()) + 1
    if n_patterns > len(X) // 4:
        return None
    first = np.full(n_patterns, -1)
    first[pattern[::-1]] = np.arange(len(X))[::-1]
    return pattern, X[first]


def _fit_logistic_rows(prep: _Prepared, sub: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Logistic coefficients for rows ``sub`` (indices into the analysis frame), on patterns when possible."""
    if prep.pattern is None:
        return _fit_propensity(prep.X[sub], t, w)
    pat = prep.pattern[sub]
    k = len(prep.pattern_X)
    w1 = np.bincount(pat, weights=w * t, minlength=k)
    w0 = np.bincount(pat, weights=w * (1 - t), minlength=k)
    s1, s0 = np.flatnonzero(w1 > 0), np.flatnonzero(w0 > 0)
    X = np.vstack([prep.pattern_X[s1], prep.pattern_X[s0]])
    y = np.concatenate([np.ones(len(s1)), np.zeros(len(s0))])
    return _fit_propensity(X, y, np.concatenate([w1[s1], w0[s0]]))


def _fit_ridge_rows(prep: _Prepared, sub: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Ridge coefficients for rows ``sub``; on pattern means (same coefficients) when possible."""
    if prep.pattern is None:
        return _fit_ridge(prep.X[sub], y, w)
    pat = prep.pattern[sub]
    k = len(prep.pattern_X)
    total = np.bincount(pat, weights=w, minlength=k)
    mean = np.bincount(pat, weights=w * y, minlength=k)
    keep = np.flatnonzero(total > 0)
    return _fit_ridge(prep.pattern_X[keep], mean[keep] / total[keep], total[keep])


def _predict_rows(prep: _Prepared, sub: np.ndarray, coef: np.ndarray) -> np.ndarray:
    if prep.pattern is None:
        return prep.X[sub] @ coef
    return (prep.pattern_X @ coef)[prep.pattern[sub]]


def _cross_fit(prep: _Prepared, rows: np.ndarray, fit, *, arm: float | None = None) -> np.ndarray:
    """Out-of-fold linear predictions for ``rows`` (boolean mask), whole sessions per fold.

    ``fit(index, train_mask)`` returns coefficients fitted on ``index[train_mask]``.
    """
    index = np.flatnonzero(rows)
    t = prep.treated[index]
    folds = _session_folds(prep.session[index], t, prep.stratum[index], prep.n_folds, prep.random_state)
    out = np.empty(len(index))
    if folds is None:
        train = np.ones(len(index), dtype=bool) if arm is None else t == arm
        out[:] = _predict_rows(prep, index, fit(index, train))
        return out
    for k in range(prep.n_folds):
        test = folds == k
        train = ~test if arm is None else (~test) & (t == arm)
        out[test] = _predict_rows(prep, index[test], fit(index, train))
    return out


def _cells(prep: _Prepared, rows: np.ndarray) -> np.ndarray:
    """Event-stratum by segment cell of each row."""
    return pd.factorize(prep.stratum[rows] * (len(prep.segment_names) + 1) + prep.seg_code[rows])[0]


def _propensity(prep: _Prepared, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    key = (hashlib.sha1(np.packbits(rows).tobytes()).hexdigest(), hashlib.sha1(weights.tobytes()).hexdigest())
    if key in prep._propensity_cache:
        return prep._propensity_cache[key]
    t = prep.treated[rows]
    w = weights[rows]
    if prep.randomized:
        # by lot: the chance of the structured format is its share in the event and segment
        cell = _cells(prep, rows)
        share = np.bincount(cell, weights=w * t) / np.bincount(cell, weights=w)
        e = share[cell]
    else:
        def fit(index, train):
            sub = index[train]
            return _fit_logistic_rows(prep, sub, prep.treated[sub], weights[sub])

        e = 1.0 / (1.0 + np.exp(-np.clip(_cross_fit(prep, rows, fit), -30, 30)))
        by_lot = prep.by_lot[rows]
        if by_lot.any():
            # where attendees were assigned by lot the chance is known: the share in their event and segment
            cell = _cells(prep, rows)[by_lot]
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.bincount(cell, weights=(w * t)[by_lot]) / np.bincount(cell, weights=w[by_lot])
            e[by_lot] = share[cell]
    prep._propensity_cache[key] = e
    return e


def _outcome_models(prep: _Prepared, rows: np.ndarray, y: np.ndarray, w: np.ndarray, adjust: bool):
    """Predicted outcome under each format for every row (cross-fitted where adjusted)."""
    t = prep.treated[rows]
    if not adjust:
        cell = _cells(prep, rows)
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
    preds = []
    for arm in (1.0, 0.0):
        def fit(index, train):
            sub = index[train]
            return _fit_ridge_rows(prep, sub, y_full[sub], w_full[sub])

        preds.append(_cross_fit(prep, rows, fit, arm=arm))
    return preds[0], preds[1]


# ----------------------------------------------------------------------------------------
# the estimate and its cluster-robust variance
# ----------------------------------------------------------------------------------------
@dataclass
class _Fit:
    outcome: str
    segment_names: list[str]
    effect: np.ndarray
    mean1: np.ndarray
    mean0: np.ndarray
    n1: np.ndarray
    n0: np.ndarray
    g1: np.ndarray
    g0: np.ndarray
    totals: np.ndarray       # sessions x segments: cluster sums of the influence function
    correction: np.ndarray   # sessions x segments: CR2-like inflation 1 / (1 - leverage)
    session_arm: np.ndarray  # sessions: 1 structured, 0 unstructured
    method: str
    warnings: list[list[str]]
    sd_outcome: np.ndarray   # per segment, pooled within-format sd of the outcome
    icc: float
    mean_session_size: float
    # two-way clustering (session and person), where people appear in several sessions; else None
    row_phi: np.ndarray | None = None      # per analysed row: influence value scaled by its session's correction
    row_segment: np.ndarray | None = None  # per analysed row: segment index
    row_person: np.ndarray | None = None   # per analysed row: person code
    row_cell: np.ndarray | None = None     # per analysed row: session-and-person code

    def _person_term(self, contrasts: np.ndarray) -> np.ndarray:
        """Cameron-Gelbach-Miller cross term V_person - V_session∩person for each column of ``contrasts``.

        The covariance, between rows of one person in different sessions, that
        session clustering leaves out. Rows carry their session's small-sample
        correction, so the three groupings are corrected alike.
        """
        k = contrasts.shape[1]
        if self.row_phi is None:
            return np.zeros((k, k))
        r = self.row_phi[:, None] * contrasts[self.row_segment]  # rows x contrasts
        by_person = _group_sums(self.row_person, r)
        by_cell = _group_sums(self.row_cell, r)
        return by_person.T @ by_person - by_cell.T @ by_cell

    def variance(self, contrast: np.ndarray) -> tuple[float, float]:
        """Variance and Satterthwaite degrees of freedom of ``contrast @ effect``.

        Two-way cluster-robust (session and person) where people appear in
        several sessions: V = V_session + V_person - V_session∩person, falling
        back to V_session where the added term is negative. The degrees of
        freedom come from the sessions alone.
        """
        s = self.totals @ contrast
        c = (self.correction * np.abs(contrast)).sum(axis=1) / max(np.abs(contrast).sum(), 1e-12)
        parts = []
        for arm in (1.0, 0.0):
            sel = (self.session_arm == arm) & (s != 0)
            parts.append((float((s[sel] ** 2 * c[sel]).sum()), int(sel.sum())))
        session_var = parts[0][0] + parts[1][0]
        var = session_var + max(float(self._person_term(np.asarray(contrast, float)[:, None])[0, 0]), 0.0)
        denom = sum(v**2 / (g - 1) for v, g in parts if g > 1)
        if any(g < 2 for v, g in parts) or denom <= 0:
            return var, np.nan
        return var, session_var**2 / denom

    def covariance(self) -> np.ndarray:
        """Covariance matrix of the segment effects (session-clustered, plus the person term where people repeat).

        Where the person term is not positive semi-definite the matrix falls back
        to the session-clustered one (as :meth:`variance` does for a negative term).
        """
        scaled = self.totals * np.sqrt(self.correction)
        cov = scaled.T @ scaled
        if self.row_phi is None:
            return cov
        term = self._person_term(np.eye(len(self.segment_names)))
        term = (term + term.T) / 2
        scale = max(float(np.abs(np.diag(cov)).max()) if cov.size else 0.0, 1e-300)
        if np.linalg.eigvalsh(term).min() < -1e-12 * scale:
            return cov
        return cov + term


def _group_sums(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Column sums of ``values`` (rows x m) within groups ``codes`` (0..G-1)."""
    groups = int(codes.max()) + 1 if len(codes) else 0
    return np.stack([np.bincount(codes, weights=values[:, i], minlength=groups) for i in range(values.shape[1])],
                    axis=1) if values.shape[1] else np.zeros((groups, 0))


def _estimate(prep: _Prepared, outcome: str, **options) -> _Fit:
    # The nuisance models are small (or fitted on covariate patterns): multi-threaded BLAS only adds
    # contention (ten times slower on a busy two-core machine), so they run on one thread.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _estimate_unlimited(prep, outcome, **options)


def _estimate_unlimited(
    prep: _Prepared,
    outcome: str,
    *,
    adjust: bool | None,
    weight_nonresponse: bool,
) -> _Fit:
    frame = prep.frame
    if outcome not in frame.columns:
        raise UsageError(
            f"compare: outcome {outcome!r} is not in the outcome table; known outcomes: {', '.join(OUTCOMES)}."
        )
    y_all = pd.to_numeric(frame[outcome].astype("Float64"), errors="coerce").astype("float64").to_numpy()
    rows = ~np.isnan(y_all)
    n_all = len(y_all)
    weights = np.ones(n_all)
    # Only survey outcomes are missing because people did not answer; contact-log outcomes are missing
    # because the rate has no denominator (no new contact, no contact), which says nothing about response.
    survey_like = outcome in SURVEY_OUTCOMES
    response_notes: dict[str, list[str]] = {s: [] for s in prep.segment_names}
    if survey_like and not rows.all():
        response_notes = _response_warnings(prep, rows)
        if weight_nonresponse:
            weights = _response_weights(prep, rows)
    elif not rows.all():
        response_notes = _missing_value_notes(prep, outcome, rows)
    if not rows.any():
        raise UsageError(f"compare: outcome {outcome!r} has no values for attendees in networking sessions.")

    if adjust is None:
        adjust = not prep.randomized
    t = prep.treated[rows]
    y = y_all[rows]
    w = weights[rows]
    seg = prep.segments[rows]
    session = prep.session[rows]
    row_phi = np.zeros(int(rows.sum())) if prep.person is not None else None
    e = np.clip(_propensity(prep, rows, weights), _PROPENSITY_CLIP, 1 - _PROPENSITY_CLIP)
    m1, m0 = _outcome_models(prep, rows, y, w, adjust)
    # cells with one format only (unadjusted) have no counterfactual mean: they cannot contribute
    usable = ~(np.isnan(m1) | np.isnan(m0))
    psi = np.where(
        usable,
        np.nan_to_num(m1 - m0) + t * (y - np.nan_to_num(m1)) / e - (1 - t) * (y - np.nan_to_num(m0)) / (1 - e),
        0.0,
    )
    psi1 = np.where(usable, np.nan_to_num(m1) + t * (y - np.nan_to_num(m1)) / e, 0.0)
    psi0 = np.where(usable, np.nan_to_num(m0) + (1 - t) * (y - np.nan_to_num(m0)) / (1 - e), 0.0)

    names = prep.segment_names
    k = len(names)
    seg_code = prep.seg_code[rows]
    n_sessions = int(prep.session.max()) + 1
    effect = np.full(k, np.nan)
    mean1 = np.full(k, np.nan)
    mean0 = np.full(k, np.nan)
    n1 = np.zeros(k, dtype=int)
    n0 = np.zeros(k, dtype=int)
    g1 = np.zeros(k, dtype=int)
    g0 = np.zeros(k, dtype=int)
    totals = np.zeros((n_sessions, k))
    correction = np.ones((n_sessions, k))
    session_arm = np.zeros(n_sessions)
    session_arm[prep.session] = prep.treated
    sd = np.full(k, np.nan)
    warnings: list[list[str]] = []
    overlap_low = (e < 0.05) | (e > 0.95)
    for j, name in enumerate(names):
        sel = (seg_code == j) & usable
        ws = w[sel]
        n1[j] = int((t[sel] == 1).sum())
        n0[j] = int((t[sel] == 0).sum())
        g1[j] = len(np.unique(session[sel][t[sel] == 1]))
        g0[j] = len(np.unique(session[sel][t[sel] == 0]))
        seg_warn: list[str] = []
        dropped = int(((seg_code == j) & ~usable).sum())
        if dropped:
            seg_warn.append(
                f"{dropped} attendees were in an event where this segment met only one format and were left out."
            )
        if n1[j] == 0 or n0[j] == 0:
            in_segment = seg_code == j
            missing = "a structured" if not (t[in_segment] == 1).any() else "an unstructured"
            seg_warn.append(f"No {name} attendee was in {missing} session, so the formats cannot be compared here.")
            warnings.append(seg_warn + response_notes.get(name, []))
            continue
        total_w = ws.sum()
        effect[j] = (ws * psi[sel]).sum() / total_w
        mean1[j] = (ws * psi1[sel]).sum() / total_w
        mean0[j] = (ws * psi0[sel]).sum() / total_w
        phi = ws * (psi[sel] - effect[j]) / total_w
        totals[:, j] = np.bincount(session[sel], weights=phi, minlength=n_sessions)
        # CR2-like leverage of a session: its share of the segment's attendees in its format
        size = np.bincount(session[sel], minlength=n_sessions).astype(float)
        arm_size = np.where(session_arm == 1, n1[j], n0[j]).astype(float)
        leverage = np.divide(size, arm_size, out=np.zeros(n_sessions), where=arm_size > 0)
        correction[:, j] = 1.0 / np.clip(1.0 - leverage, 0.05, None)
        if row_phi is not None:
            row_phi[sel] = phi * np.sqrt(correction[session[sel], j])
        resid1 = y[sel & (t == 1)] - y[sel & (t == 1)].mean()
        resid0 = y[sel & (t == 0)] - y[sel & (t == 0)].mean()
        sd[j] = float(np.sqrt(np.concatenate([resid1, resid0]).var())) if (n1[j] + n0[j]) > 1 else np.nan

        if min(g1[j], g0[j]) < MIN_SESSIONS_PER_FORMAT:
            seg_warn.append(
                f"Too few sessions to trust this result: {name} attendees were in {g1[j]} structured and "
                f"{g0[j]} unstructured sessions. Each session counts as one piece of evidence, and at least "
                f"{MIN_SESSIONS_PER_FORMAT} of each format are needed before the interval can be relied on; "
                "treat this comparison as a first look, not a conclusion."
            )
        if min(n1[j], n0[j]) < _MIN_PER_ARM:
            seg_warn.append(
                f"Only {n1[j]} structured and {n0[j]} unstructured {name} attendees: too few for a firm conclusion."
            )
        if not prep.randomized:
            poor = float(overlap_low[sel].mean())
            if poor > 0.10:
                seg_warn.append(
                    f"Poor overlap: for {poor:.0%} of {name} attendees the model gives a chance below 5% or above 95% "
                    "of being in the structured format, so the two groups are hard to compare; the estimate leans "
                    "on the outcome model there."
                )
        if name == _UNKNOWN and not prep.randomized:
            seg_warn.append(
                f"The {prep.by} of these attendees is unknown, so the adjustment cannot take it into account; "
                "if it drove their choice of format, this segment's estimate is biased."
            )
        seg_warn.extend(response_notes.get(name, []))
        warnings.append(seg_warn)

    common = list(prep.notes)
    if prep.design != "within events":
        common.append(
            "Some or all events ran a single format, so the comparison is partly between events: differences "
            "between those events (date, venue, audience, topic) are mixed into the effect."
            if prep.design == "within and between events"
            else "Each event ran one format, so this compares events, not formats within an event: differences "
            "between the events (date, venue, audience, topic) are mixed into the effect."
        )
    if not prep.randomized:
        common.append(
            f"Attendees were not assigned by lot ({prep.assignment_label}); the estimate adjusts for "
            + (", ".join(prep.covariates) if prep.covariates else "no attendee characteristics")
            + " but cannot adjust for reasons it does not see."
        )
    if prep.person is not None:
        repeat = np.bincount(prep.person)
        common.append(
            f"{int((repeat > 1).sum())} people appear in more than one session (they came to several events); "
            "the intervals allow for that by clustering by person as well as by session."
        )
    warnings = [common + wl for wl in warnings]

    method = _method_text(prep, adjust, weight_nonresponse and survey_like)
    # intraclass correlation of the outcome within sessions (for the design effect in power analysis)
    icc, mean_size = _icc(y, session, t)
    return _Fit(
        outcome=outcome,
        segment_names=names,
        effect=effect,
        mean1=mean1,
        mean0=mean0,
        n1=n1,
        n0=n0,
        g1=g1,
        g0=g0,
        totals=totals,
        correction=correction,
        session_arm=session_arm,
        method=method,
        warnings=warnings,
        sd_outcome=sd,
        icc=icc,
        mean_session_size=mean_size,
        **_two_way_parts(prep, rows, session, seg_code, row_phi),
    )


def _two_way_parts(prep: _Prepared, rows: np.ndarray, session: np.ndarray, seg_code: np.ndarray,
                   row_phi: np.ndarray | None) -> dict:
    """Person and session-and-person codes of the analysed rows, for the two-way variance."""
    if row_phi is None:
        return {}
    person = pd.factorize(prep.person[rows])[0]
    if len(np.unique(person)) == len(person):
        return {}  # nobody repeats among the rows with a value: session clustering is the whole story
    cell = pd.DataFrame({"s": session, "p": person}).groupby(["s", "p"], sort=False).ngroup().to_numpy()
    return {"row_phi": row_phi, "row_segment": np.maximum(seg_code, 0), "row_person": person, "row_cell": cell}


def _method_text(prep: _Prepared, adjust: bool, weighted: bool) -> str:
    if prep.randomized and not adjust:
        core = "difference in means (randomized"
        core += ", within event and segment)" if prep.design == "within events" else ", between events)"
    elif prep.randomized:
        core = "covariate-adjusted difference in means (randomized; AIPW with known assignment shares, ridge outcome model)"
    else:
        core = (
            "doubly robust AIPW (cross-fitted logistic propensity and ridge outcome models by session fold, "
            + ("event as a stratum)" if prep.design != "between events" else "between events)")
        )
    tail = (
        "; session- and person-clustered (two-way) CR2-type variance, t interval with Satterthwaite df"
        if prep.person is not None
        else "; session-clustered CR2-type variance, t interval with Satterthwaite df"
    )
    if weighted:
        tail += "; survey answers weighted by inverse probability of response"
    return core + tail


def _icc(y: np.ndarray, session: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    """One-way ANOVA estimate of the intraclass correlation of the outcome within sessions (format removed)."""
    resid = y.copy()
    for arm in (0.0, 1.0):
        sel = t == arm
        if sel.any():
            resid[sel] -= y[sel].mean()
    codes, inverse = np.unique(session, return_inverse=True)
    g = len(codes)
    n = len(resid)
    if g < 2 or n <= g:
        return 0.0, float(n / max(g, 1))
    size = np.bincount(inverse).astype(float)
    means = np.bincount(inverse, weights=resid) / size
    ss_between = float((size * (means - resid.mean()) ** 2).sum())
    ss_within = float(((resid - means[inverse]) ** 2).sum())
    ms_b = ss_between / (g - 1)
    ms_w = ss_within / (n - g)
    n0 = (n - (size**2).sum() / n) / (g - 1)
    icc = (ms_b - ms_w) / (ms_b + (n0 - 1) * ms_w) if ms_b + (n0 - 1) * ms_w > 0 else 0.0
    return float(np.clip(icc, 0.0, 1.0)), float(size.mean())


def _response_warnings(prep: _Prepared, answered: np.ndarray) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    t = prep.treated
    rates_by_segment = {}
    for name in prep.segment_names:
        sel = prep.segments == name
        r1 = answered[sel & (t == 1)].mean() if (sel & (t == 1)).any() else np.nan
        r0 = answered[sel & (t == 0)].mean() if (sel & (t == 0)).any() else np.nan
        rates_by_segment[name] = answered[sel].mean()
        items = []
        if np.isfinite(r1) and np.isfinite(r0) and abs(r1 - r0) >= 0.10:
            items.append(
                f"Survey response differs between formats for {name} attendees ({r1:.0%} structured vs "
                f"{r0:.0%} unstructured): the answers may not speak for everyone; consider weighting them by the "
                "chance of answering (weight_nonresponse=True in Python, --weight-nonresponse on the command line)."
            )
        notes[name] = items
    rates = np.array(list(rates_by_segment.values()), dtype=float)
    if len(rates) > 1 and np.nanmax(rates) - np.nanmin(rates) >= 0.10:
        text = ", ".join(f"{k} {v:.0%}" for k, v in rates_by_segment.items())
        for name in notes:
            notes[name].append(f"Survey response rates differ between segments ({text}).")
    return notes


# Why a contact-log outcome has no value: (column that is 0 then, who those attendees are, what they lack)
_NO_DENOMINATOR = {
    "followup_rate_7d": ("new_contacts", "with no new contact", "no follow-up rate"),
    "familiar_share": ("contacts", "with no contact", "no familiar share"),
    "reciprocated_share": ("contacts", "with no contact", "no reciprocated share"),
    "interest_share": ("contacts", "with no contact", "no interest share"),
    "cross_industry_share": (
        "contacts", "with no contact", "no cross-industry share",
    ),
}


def _missing_value_notes(prep: _Prepared, outcome: str, present: np.ndarray) -> dict[str, list[str]]:
    """Per segment: how many attendees have no value of a (non-survey) outcome, why, and that they are left out."""
    frame = prep.frame
    missing = ~present
    no_denominator = np.zeros(len(frame), dtype=bool)
    reason = _NO_DENOMINATOR.get(outcome)
    if reason is not None and reason[0] in frame.columns:
        count = pd.to_numeric(frame[reason[0]].astype("Float64"), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        no_denominator = missing & (count == 0)
    notes: dict[str, list[str]] = {}
    for name in prep.segment_names:
        sel = prep.segments == name
        items = []
        n_reason = int((sel & no_denominator).sum())
        n_other = int((sel & missing & ~no_denominator).sum())
        if n_reason:
            who, lacks = reason[1], reason[2]
            items.append(
                f"{n_reason} {name} attendees {who} have {lacks} and are left out, so this compares only "
                f"{name} attendees {who.replace('with no', 'with at least one')}."
            )
        if n_other:
            why = (
                "none of their contacts has a known industry on both sides, or their event has no contact log"
                if outcome == "cross_industry_share"
                else "for example, their event has no contact log"
            )
            items.append(f"{n_other} {name} attendees have no {outcome} value ({why}) and are left out.")
        notes[name] = items
    return notes


def _response_weights(prep: _Prepared, answered: np.ndarray) -> np.ndarray:
    """Inverse probability of answering the survey, from attendee characteristics, format and event."""
    X = np.hstack([prep.X, prep.treated[:, None]])
    coef = _fit_propensity(X, answered.astype(float), np.ones(len(answered)))
    p = 1.0 / (1.0 + np.exp(-np.clip(X @ coef, -30, 30)))
    w = 1.0 / np.clip(p, 0.05, 1.0)
    return np.where(answered, w, 0.0)


# ----------------------------------------------------------------------------------------
# public functions
# ----------------------------------------------------------------------------------------
def _effect_frame(fit: _Fit, prep: _Prepared, confidence: float) -> pd.DataFrame:
    rows = []
    for j, name in enumerate(fit.segment_names):
        contrast = np.zeros(len(fit.segment_names))
        contrast[j] = 1.0
        var, df = fit.variance(contrast) if np.isfinite(fit.effect[j]) else (np.nan, np.nan)
        rows.append(_interval_row(name, fit, fit.effect[j], var, df, confidence) | {
            "n_structured": int(fit.n1[j]),
            "n_unstructured": int(fit.n0[j]),
            "mean_structured": fit.mean1[j],
            "mean_unstructured": fit.mean0[j],
            "n_sessions_structured": int(fit.g1[j]),
            "n_sessions_unstructured": int(fit.g0[j]),
            "warnings": list(fit.warnings[j]),
            "design": prep.design,
            "assignment": prep.assignment_label,
            "covariates": list(prep.covariates),
        })
    frame = pd.DataFrame(rows)
    return frame[list(EFFECT_COLUMNS) + list(EXTRA_EFFECT_COLUMNS)]


def _interval_row(name, fit: _Fit, estimate, var, df, confidence) -> dict:
    se = float(np.sqrt(var)) if np.isfinite(var) else np.nan
    if np.isfinite(se) and np.isfinite(df) and se > 0:
        q = stats.t.ppf(0.5 + confidence / 2, df)
        low, high = estimate - q * se, estimate + q * se
        p = float(2 * stats.t.sf(abs(estimate) / se, df))
    else:
        low = high = p = np.nan
    return {
        "segment": name,
        "outcome": fit.outcome,
        "effect": float(estimate),
        "ci_low": float(low),
        "ci_high": float(high),
        "method": fit.method,
        "se": se,
        "df": float(df) if np.isfinite(df) else np.nan,
        "p_value": p,
    }


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise UsageError(f"compare: confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}.")


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
    random_state: int | None = None,
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
        Attendee columns to adjust for; default :func:`default_covariates`.
    adjust : bool, optional
        Adjust for covariates. Default: yes unless every session was randomized.
    weight_nonresponse : bool
        For survey outcomes, weight respondents by the inverse of their
        estimated probability of answering.
    include_difference : bool
        Append a row ``"A - B"`` with the difference between the first two
        segments' effects (see :func:`segment_difference`).
    n_folds : int
        Cross-fitting folds (whole sessions per fold).
    random_state : int, optional
        Seed for the fold split; same seed, same numbers.

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
    _check_confidence(confidence)
    prep = _prepare(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    fit = _estimate(prep, outcome, adjust=adjust, weight_nonresponse=weight_nonresponse)
    result = _effect_frame(fit, prep, confidence)
    if include_difference:
        pair = _default_pair(fit.segment_names, by)
        if pair is not None:
            result = pd.concat([result, _difference_frame(fit, prep, pair, confidence)], ignore_index=True)
    return result


def _default_pair(names: list[str], by: str) -> tuple[str, str] | None:
    if by == "style" and {"reserved", "self-directed"} <= set(names):
        return ("reserved", "self-directed")
    known = [n for n in names if n != _UNKNOWN]
    return (known[0], known[1]) if len(known) >= 2 else None


def _difference_frame(fit: _Fit, prep: _Prepared, pair: tuple[str, str], confidence: float) -> pd.DataFrame:
    a, b = pair
    for name in pair:
        if name not in fit.segment_names:
            raise UsageError(f"segment_difference: no segment {name!r}; segments are {fit.segment_names}.")
    ia, ib = fit.segment_names.index(a), fit.segment_names.index(b)
    contrast = np.zeros(len(fit.segment_names))
    contrast[ia], contrast[ib] = 1.0, -1.0
    estimate = fit.effect[ia] - fit.effect[ib]
    var, df = fit.variance(contrast) if np.isfinite(estimate) else (np.nan, np.nan)
    row = _interval_row(f"{a} - {b}", fit, estimate, var, df, confidence) | {
        "n_structured": int(fit.n1[ia] + fit.n1[ib]),
        "n_unstructured": int(fit.n0[ia] + fit.n0[ib]),
        "mean_structured": np.nan,
        "mean_unstructured": np.nan,
        "n_sessions_structured": int(max(fit.g1[ia], fit.g1[ib])),
        "n_sessions_unstructured": int(max(fit.g0[ia], fit.g0[ib])),
        "warnings": list(dict.fromkeys(fit.warnings[ia] + fit.warnings[ib])),
        "design": prep.design,
        "assignment": prep.assignment_label,
        "covariates": list(prep.covariates),
    }
    return pd.DataFrame([row])[list(EFFECT_COLUMNS) + list(EXTRA_EFFECT_COLUMNS)]


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
    random_state: int | None = None,
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
    _check_confidence(confidence)
    prep = _prepare(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    fit = _estimate(prep, outcome, adjust=adjust, weight_nonresponse=weight_nonresponse)
    pair = tuple(segments) if segments is not None else _default_pair(fit.segment_names, by)
    if pair is None:
        raise UsageError(f"segment_difference: --by {by!r} has fewer than two segments.")
    return _difference_frame(fit, prep, pair, confidence)


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
    random_state: int | None = None,
) -> pd.DataFrame:
    """:func:`compare_formats` for several outcomes, with a false-discovery-rate flag.

    Adds ``q_value`` (Benjamini-Hochberg adjusted p-value over all outcome and
    segment rows) and ``fdr_significant`` (``q_value <= fdr``): the differences
    that still stand when many outcomes were looked at.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=3)
    >>> res = compare_outcomes(table, outcomes=["new_contacts", "satisfaction"], random_state=0)
    >>> sorted(res["outcome"].unique())
    ['new_contacts', 'satisfaction']
    """
    _check_confidence(confidence)
    if outcomes is None:
        outcomes = [o for o in OUTCOMES if o in table.columns]
    prep = _prepare(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    frames = [
        _effect_frame(_estimate(prep, o, adjust=adjust, weight_nonresponse=weight_nonresponse), prep, confidence)
        for o in outcomes
    ]
    result = pd.concat(frames, ignore_index=True)
    result["q_value"] = benjamini_hochberg(result["p_value"].to_numpy(dtype=float))
    result["fdr_significant"] = (result["q_value"] <= fdr).fillna(False).astype(bool)
    return result


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); missing stay missing.

    Example
    -------
    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    q = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    m = int(ok.sum())
    if m == 0:
        return q
    order = np.argsort(p[ok])
    ranked = p[ok][order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.clip(ranked, 0, 1)
    q[ok] = out
    return q


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
    _check_confidence(confidence)
    fmt = table["format"].astype("string")
    y = pd.to_numeric(table[outcome].astype("Float64"), errors="coerce").astype("float64")
    seg = table[by].astype("string").fillna(_UNKNOWN)
    frame = pd.DataFrame({"seg": seg, "t": fmt == "structured", "y": y})
    frame = frame[fmt.isin(FORMATS).fillna(False) & y.notna()]
    g = frame.groupby(["seg", "t"])["y"].agg(["mean", "var", "count"]).unstack("t")
    m1, m0 = g[("mean", True)], g[("mean", False)]
    v = g[("var", True)] / g[("count", True)] + g[("var", False)] / g[("count", False)]
    se = np.sqrt(v)
    z = stats.norm.ppf(0.5 + confidence / 2)
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


def _fit_for_recommend(
    table: pd.DataFrame,
    *,
    outcome: str,
    by: str,
    covariates=None,
    adjust=None,
    weight_nonresponse=False,
    n_folds: int = 2,
    random_state=None,
):
    """Internal: the effect fit with its covariance, for ``toolkit.recommend``."""
    prep = _prepare(table, by=by, covariates=covariates, n_folds=n_folds, random_state=random_state)
    fit = _estimate(prep, outcome, adjust=adjust, weight_nonresponse=weight_nonresponse)
    return prep, fit

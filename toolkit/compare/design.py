"""The analysis frame: which rows are compared, their segments, sessions, strata and covariates.

:func:`prepare_analysis_frame` turns an outcome table into an
:class:`AnalysisFrame`: the rows in a networking session with a format, each
row's segment, session (unique across events), event stratum and person, and
the numeric design matrix of the attendee covariates
(:func:`design_matrix`). :func:`session_folds` splits the sessions into
cross-fitting folds. The frame does not depend on the outcome, so one frame
serves every outcome of a table.

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, random_state=0)
>>> frame = prepare_analysis_frame(table, by="style", random_state=0)
>>> frame.segment_names, frame.design, frame.randomized
(['reserved', 'self-directed'], 'within events', True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.compare.covariates import CovariateChoice, choose_covariates, segment_timing
from toolkit.contract import FORMATS
from toolkit.errors import UsageError
from toolkit.params import as_seed

__all__ = [
    "AnalysisFrame",
    "prepare_analysis_frame",
    "default_covariates",
    "segment_columns",
    "default_grouping",
    "design_matrix",
    "nuisance_design",
    "session_folds",
    "MAX_SEGMENT_GROUPS",
    "UNKNOWN_SEGMENT",
]

#: The segment of attendees whose ``by`` value is missing.
UNKNOWN_SEGMENT = "unknown"

#: At most this many groups make a column one to split attendees by (more makes every chart unreadable).
MAX_SEGMENT_GROUPS = 12

_NUMERIC_BINS = 10
_BETWEEN = "__between_events__"
_MAX_LEVELS = 30
_MAX_SEGMENTS = 20


# ----------------------------------------------------------------------------------------
# which columns are covariates and segments
# ----------------------------------------------------------------------------------------
def default_covariates(table: pd.DataFrame, *, by: str | None = None) -> list[str]:
    """The attendee columns used for adjustment when the caller does not name them, then ``by``.

    The rule is :func:`toolkit.compare.covariates.choose_covariates`: pre-event
    attendee columns that can describe a person (categories with few levels,
    numbers); never ids, order or ticket numbers, money, free text, personal
    data, answers given after the event (the post-event survey, ``style_score``,
    and ``style`` where it was scored from that survey) or columns that predict
    the format almost perfectly. The segment column ``by`` is always included.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=0)
    >>> default_covariates(table, by="style")
    ['industry', 'company_size', 'first_time', 'networking_style', 'style']
    """
    chosen = choose_covariates(table, by=by).used
    if by is not None and by in table.columns and by not in chosen:
        chosen.append(by)
    return chosen


def segment_columns(table: pd.DataFrame, *, settings=None, max_groups: int = MAX_SEGMENT_GROUPS) -> list[str]:
    """Columns a person may split attendees by: ``style`` first (last where no one's is known), then attendee columns
    with few values.

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
    >>> segment_columns(table.assign(style="unknown"))
    ['industry', 'style']
    """
    skip = {"style"}
    if settings is not None and getattr(settings, "style_scale", None) is not None:
        skip |= set(settings.style_scale.items)
    candidates = []
    rows = max(len(table), 1)
    for col in default_covariates(table):
        if col in skip:
            continue
        n_values = table[col].nunique(dropna=True)
        if 2 <= n_values <= max_groups and n_values <= 0.5 * rows:
            candidates.append(col)
    if "style" not in table.columns:
        return candidates
    # style comes first, as the question the toolkit asks; where no one's style is known (a folder from a ticketing
    # tool and a scanner, no survey) it comes last, so that a page opens on a grouping with something to show
    known = table["style"].notna() & table["style"].astype(str).ne("unknown")
    return ["style", *candidates] if bool(known.any()) else [*candidates, "style"]


def default_grouping(table: pd.DataFrame, *, settings=None) -> str:
    """The grouping every face opens on when none is asked for: the first of :func:`segment_columns`.

    That is ``style`` wherever anyone's networking style is known; in a folder
    where no one's is (a ticketing tool's attendee report and badge scans, no
    survey) it is the first attendee column with a few groups, so that the
    report, ``netout compare``/``recommend`` and the dashboard agree and none
    opens on a grouping with nothing to show. ``style`` where there is no
    other choice (the faces then say that it is not recorded).

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"attendee_id": list("abcdef"), "style": ["reserved", "self-directed"] * 3,
    ...                       "industry": ["law", "law", "retail", "retail", "tech", "tech"]})
    >>> default_grouping(table), default_grouping(table.assign(style="unknown"))
    ('style', 'industry')
    >>> default_grouping(table.drop(columns="industry").assign(style="unknown"))
    'style'
    """
    return (segment_columns(table, settings=settings) or ["style"])[0]


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


# ----------------------------------------------------------------------------------------
# the design matrix of the nuisance models
# ----------------------------------------------------------------------------------------
def design_matrix(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Numbers for the nuisance models: an intercept, curves of numbers, scaled numbers, one-hot text columns.

    Numbers with more than 10 distinct values enter as a cubic spline basis
    (scikit-learn's ``SplineTransformer``, knots at quantiles: 4 for up to
    2,000 rows, up to 7 for more), so that a curved relation (a U-shape in
    age, a threshold in company size) is caught and not only a straight line;
    missing values are put at the median with a missing indicator. Other
    numbers are scaled, with missing values at the mean plus a missing
    indicator; missing text becomes its own level. Rare text levels beyond the
    first 30 are pooled.

    Example
    -------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"industry": ["law", "tech", None], "size": [1.0, 3.0, None]})
    >>> design_matrix(frame, ["industry", "size"]).shape   # intercept, 2 industry levels, size, size missing
    (3, 5)
    >>> ages = pd.DataFrame({"age": range(20, 80)})
    >>> design_matrix(ages, ["age"]).shape                 # intercept and a spline basis of 5 columns
    (60, 6)
    """
    return _design_and_curves(frame, columns)[0]


def _design_and_curves(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`design_matrix` and a mask of its columns that are spline curves of numbers."""
    n = len(frame)
    blocks: list[np.ndarray] = [np.ones((n, 1))]
    curve: list[bool] = [False]
    for col in columns:
        values = frame[col]
        if _is_numeric(values) and values.nunique(dropna=True) > _NUMERIC_BINS:
            parts = _spline_numbers(values, n)
            blocks.extend(parts)
            curve.extend([True] * parts[0].shape[1] + [False] * sum(b.shape[1] for b in parts[1:]))
            continue
        if _is_numeric(values):
            parts = _scaled_numbers(values)
        else:
            codes = _codes(values)
            k = int(codes.max()) + 1 if n else 0
            parts = [_one_hot(codes, k)[:, 1:]] if k >= 2 else []  # drop one level: the intercept carries it
        blocks.extend(parts)
        curve.extend([False] * sum(b.shape[1] for b in parts))
    return np.hstack(blocks), np.array(curve, dtype=bool)


def nuisance_design(frame: pd.DataFrame, covariates: list[str], *, by: str, segment_code: np.ndarray,
                    n_segments: int) -> np.ndarray:
    """The nuisance models' design: covariates, the segment, and each segment's own slopes.

    :func:`design_matrix` of the covariates other than ``by``, the segment
    dummies, and the covariates again once per segment (zero outside it):
    with the ridge and logistic penalties these are each segment's deviations
    from the common slopes, shrunk towards them where a segment is small. So a
    minority segment whose people chose and fared differently is adjusted by
    its own relations, not by the majority's. Segments with fewer than 20 rows
    get no columns of their own.

    Example
    -------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({"first_time": [True, False] * 30, "style": ["reserved"] * 20 + ["self-directed"] * 40})
    >>> code = (frame["style"] == "self-directed").to_numpy().astype(int)
    >>> nuisance_design(frame, ["first_time", "style"], by="style", segment_code=code, n_segments=2).shape
    (60, 5)
    """
    return _nuisance_design_and_curves(frame, covariates, by=by, segment_code=segment_code,
                                       n_segments=n_segments)[0]


def _nuisance_design_and_curves(frame: pd.DataFrame, covariates: list[str], *, by: str, segment_code: np.ndarray,
                                n_segments: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`nuisance_design` and a mask of its columns that are the common spline curves (not the
    segments' own deviations from them)."""
    base, curve = _design_and_curves(frame, [c for c in covariates if c != by])
    blocks = [base]
    if n_segments >= 2:
        segment_dummies = _one_hot(segment_code, n_segments)
        blocks.append(segment_dummies[:, 1:])
        if base.shape[1] > 1:
            sizes = segment_dummies.sum(axis=0)
            blocks.extend(base[:, 1:] * segment_dummies[:, [j]] for j in range(n_segments) if sizes[j] >= 20)
    X = np.hstack(blocks)
    return X, np.concatenate([curve, np.zeros(X.shape[1] - len(curve), dtype=bool)])


def _one_hot(codes: np.ndarray, k: int) -> np.ndarray:
    onehot = np.zeros((len(codes), k))
    onehot[np.arange(len(codes)), codes] = 1.0
    return onehot


def _spline_numbers(values: pd.Series, n: int) -> list[np.ndarray]:
    # many distinct numbers: a cubic B-spline basis with knots at quantiles, so that a curve is caught
    # (coarse quantile bins missed a U-shaped confounder); more knots where there are more rows
    from sklearn.preprocessing import SplineTransformer

    x = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    missing = np.isnan(x)
    x = np.where(missing, np.nanmedian(x), x)
    n_knots = int(np.clip(3 + n // 2000, 4, 7))
    spline = SplineTransformer(n_knots=n_knots, degree=3, knots="quantile", extrapolation="linear",
                               include_bias=False)
    blocks = [spline.fit_transform(x[:, None])]
    if missing.any():
        blocks.append(missing[:, None].astype(float))
    return blocks


def _scaled_numbers(values: pd.Series) -> list[np.ndarray]:
    x = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    missing = np.isnan(x)
    if missing.all():
        return []
    mean = np.nanmean(x)
    sd = np.nanstd(x) or 1.0
    x = np.where(missing, mean, x)
    blocks = [((x - mean) / sd)[:, None]]
    if missing.any():
        blocks.append(missing[:, None].astype(float))
    return blocks


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


def _patterns(X: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Distinct covariate rows and each row's pattern, where there are few (categorical covariates).

    Fitting on pattern totals with counts as weights gives exactly the same
    logistic and ridge coefficients as fitting on every row, in a fraction of the time.
    """
    if len(X) < 2000:
        return None
    projection = np.random.default_rng(12345).normal(size=(X.shape[1], 2))  # a fixed hash, not randomness
    pattern = pd.DataFrame(X @ projection).groupby([0, 1], sort=False).ngroup().to_numpy()
    n_patterns = int(pattern.max()) + 1
    if n_patterns > len(X) // 4:
        return None
    first = np.full(n_patterns, -1)
    first[pattern[::-1]] = np.arange(len(X))[::-1]
    return pattern, X[first]


# ----------------------------------------------------------------------------------------
# the analysis frame
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class AnalysisFrame:
    """The rows a comparison analyses, coded once for every outcome (made by :func:`prepare_analysis_frame`).

    Attributes
    ----------
    frame : DataFrame
        The outcome table's rows in a networking session with a format.
    by : str
        The segment column.
    segment_names : list of str
        Segments in order (``unknown``, for a missing value, last).
    segment_code : ndarray
        Per row: index into ``segment_names``.
    treated : ndarray
        Per row: 1.0 structured, 0.0 unstructured.
    session : ndarray
        Per row: session code, unique across events (0 .. sessions - 1).
    stratum : ndarray
        Per row: the event where both formats ran there, else one shared "between events" code.
    by_lot : ndarray
        Per row: the session's formats were assigned by lot.
    person : ndarray or None
        Per row: person code where someone appears in several rows, else None.
    X : ndarray
        Design matrix: covariates, segment and per-segment slopes (:func:`nuisance_design`), stratum dummies.
    pattern, pattern_X : ndarray or None
        Distinct rows of ``X`` and each row's pattern, where there are few.
    covariates : list of str
        The covariates adjusted for (always including ``by``).
    randomized : bool
        Every session was assigned by lot.
    assignment : str
        How formats were assigned (``randomized``, ``self_selected``, ``scheduled`` or ``mixed (...)``).
    design : str
        ``within events``, ``between events`` or ``within and between events``.
    n_left_out : int
        Rows of the table in no networking session (left out).
    n_folds : int
        Cross-fitting folds.
    seed : int
        Seed of the fold split (drawn from ``random_state``).
    covariate_choice : CovariateChoice or None
        What the adjustment uses and leaves out, and why (:func:`~toolkit.compare.covariates.choose_covariates`).
    unit : ndarray or None
        Per row: the code of the person-at-an-event where that person was in
        both formats at the event (a within-person unit), else -1; None where
        nobody was.
    stands_for_several : ndarray or None
        Per row: the row stands for several sessions of the person at the
        event (``n_sessions`` above 1 but one row: an outcome table that gave
        each person one session's format); such rows cannot be compared. None where there are none.
    segment_timing : str or None
        When ``by`` was measured (:func:`~toolkit.compare.covariates.segment_timing`).
    person_event : ndarray or None
        Per row: the code of the person at the event (-1 without an attendee id); None without ids.
    curve : ndarray or None
        Per column of ``X``: it is a spline curve of a number shared by all segments (the outcome
        models leave it all but unpenalised, :data:`toolkit.compare.aipw.CURVE_PENALTY`).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=2, sessions_per_format=3, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> frame.n_sessions, frame.session_treated.sum(), frame.X.shape[0] == len(table)
    (12, np.float64(6.0), True)
    """

    frame: pd.DataFrame
    by: str
    segment_names: list[str]
    segment_code: np.ndarray
    treated: np.ndarray
    session: np.ndarray
    stratum: np.ndarray
    by_lot: np.ndarray
    person: np.ndarray | None
    X: np.ndarray
    pattern: np.ndarray | None
    pattern_X: np.ndarray | None
    covariates: list[str]
    randomized: bool
    assignment: str
    design: str
    n_left_out: int
    n_folds: int
    seed: int
    covariate_choice: CovariateChoice | None = None
    unit: np.ndarray | None = None
    stands_for_several: np.ndarray | None = None
    segment_timing: str | None = None
    person_event: np.ndarray | None = None
    curve: np.ndarray | None = None

    @property
    def n_sessions(self) -> int:
        """Sessions in the frame (session codes run from 0 to this minus one)."""
        return int(self.session.max()) + 1

    @property
    def session_treated(self) -> np.ndarray:
        """Per session: 1.0 structured, 0.0 unstructured."""
        arm = np.zeros(self.n_sessions)
        arm[self.session] = self.treated
        return arm


def prepare_analysis_frame(
    table: pd.DataFrame,
    *,
    by: str = "style",
    covariates: list[str] | None = None,
    n_folds: int = 2,
    random_state: int | np.random.Generator | None = None,
) -> AnalysisFrame:
    """Code the rows of an outcome table for a comparison (see :class:`AnalysisFrame`).

    Rows without a format or a session are left out (and counted). Raises
    :class:`~toolkit.errors.UsageError` for a table that is not an outcome
    table, an unknown ``by`` or covariate, or too many segments.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> "industry" in prepare_analysis_frame(table, by="industry").covariates
    True
    """
    frame, n_left_out = _analysis_rows(table, by)
    segment_names, segment_code = _segments(frame[by], by)
    treated = (frame["format"] == "structured").to_numpy(dtype=bool, na_value=False).astype(float)
    event_code, event_names = _events(frame)
    session = (
        pd.DataFrame({"e": event_code, "s": frame["session_id"].to_numpy()})
        .groupby(["e", "s"], sort=False, dropna=False)
        .ngroup()
        .to_numpy()
    )
    stratum, n_strata, design = _strata(event_code, event_names, treated)
    randomized, assignment = _assignment(frame)
    choice = choose_covariates(table, by=by, covariates=covariates)
    covariates = list(dict.fromkeys(choice.used + [by]))
    person_code = pd.factorize(frame["attendee_id"])[0] if "attendee_id" in frame.columns else None
    unit, stands_for_several, person_event = _exposure_units(frame, event_code, person_code)
    X, curve = _nuisance_design_and_curves(frame, covariates, by=by, segment_code=segment_code,
                                           n_segments=len(segment_names))
    if n_strata > 1:
        X = np.hstack([X, _one_hot(stratum, n_strata)[:, 1:]])
        curve = np.concatenate([curve, np.zeros(n_strata - 1, dtype=bool)])
    compressed = _patterns(X)
    by_lot = (
        (frame["assignment"] == "randomized").to_numpy(dtype=bool, na_value=False)
        if "assignment" in frame.columns else np.zeros(len(frame), dtype=bool)
    )
    return AnalysisFrame(
        frame=frame, by=by, segment_names=segment_names, segment_code=segment_code, treated=treated,
        session=session, stratum=stratum, by_lot=by_lot, person=_repeat_people(person_code), X=X,
        pattern=None if compressed is None else compressed[0],
        pattern_X=None if compressed is None else compressed[1],
        covariates=covariates, randomized=randomized, assignment=assignment, design=design,
        n_left_out=n_left_out, n_folds=n_folds, seed=as_seed(random_state), covariate_choice=choice,
        unit=unit, stands_for_several=stands_for_several, person_event=person_event,
        segment_timing=segment_timing(table, by), curve=curve,
    )


def _analysis_rows(table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, int]:
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
    keep = table["format"].isin(FORMATS).to_numpy(dtype=bool, na_value=False) & table["session_id"].notna().to_numpy()
    frame = table.loc[keep].reset_index(drop=True)
    if frame.empty:
        raise UsageError("compare: no attendee is in a networking session with a format; nothing to compare.")
    return frame, int((~keep).sum())


def _segments(values: pd.Series, by: str) -> tuple[list[str], np.ndarray]:
    codes, uniques = pd.factorize(values)
    labels = np.array([str(u) for u in uniques] + [UNKNOWN_SEGMENT], dtype=object)
    codes = np.where(codes < 0, len(uniques), codes)
    names = sorted(set(labels[np.unique(codes)]), key=lambda s: (s == UNKNOWN_SEGMENT, s))
    if len(names) > _MAX_SEGMENTS:
        raise UsageError(
            f"compare: --by {by!r} has {len(names)} distinct values; segments need at most "
            f"{_MAX_SEGMENTS}. Group the values into a few bands first."
        )
    position = {name: i for i, name in enumerate(names)}
    label_code = np.array([position.get(label, -1) for label in labels], dtype=np.int64)
    return names, label_code[codes]


def _events(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    if "event_id" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), np.array(["<one event>"], dtype=object)
    codes, uniques = pd.factorize(frame["event_id"])
    names = np.array([str(u) for u in uniques] + ["<missing>"], dtype=object)
    return np.where(codes < 0, len(uniques), codes), names


def _strata(event_code: np.ndarray, event_names: np.ndarray, treated: np.ndarray) -> tuple[np.ndarray, int, str]:
    """Events where both formats ran are strata; single-format events can only be compared between events."""
    n_events = len(event_names)
    size = np.bincount(event_code, minlength=n_events)
    share = np.bincount(event_code, weights=treated, minlength=n_events) / np.maximum(size, 1)
    present = size > 0
    within = present & (share > 0) & (share < 1)
    stratum_names = np.where(within, event_names, _BETWEEN)
    stratum, labels = pd.factorize(stratum_names[event_code], sort=True)
    n_within, n_between = int(within.sum()), int((present & ~within).sum())
    if n_between == 0:
        design = "within events"
    elif n_within == 0:
        design = "between events"
    else:
        design = "within and between events"
    return stratum, len(labels), design


def _assignment(frame: pd.DataFrame) -> tuple[bool, str]:
    if "assignment" in frame.columns:
        kinds = sorted({"scheduled" if pd.isna(k) else str(k) for k in pd.unique(frame["assignment"])})
    else:
        kinds = ["scheduled"]
    label = kinds[0] if len(kinds) == 1 else "mixed (" + ", ".join(kinds) + ")"
    return kinds == ["randomized"], label


def _exposure_units(frame: pd.DataFrame, event_code: np.ndarray, person_code: np.ndarray | None
                    ) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """Who was in both formats at one event (within-person units), rows that stand for several sessions,
    and each row's person-at-the-event code.

    A person in a structured and an open session at the same event has one
    row per session: together those rows are a within-person unit. A row
    whose ``n_sessions`` is above 1 while the person has one row at the event
    (an outcome table that gave each person one session's format) cannot be
    told apart by format.
    """
    if person_code is None or not len(frame):
        return None, None, None
    key = pd.factorize(event_code.astype(np.int64) * (int(person_code.max()) + 2) + person_code)[0]
    key = np.where(person_code < 0, -1, key)
    structured = (frame["format"] == "structured").to_numpy(dtype=bool, na_value=False)
    known = key >= 0
    size = int(key.max()) + 1 if known.any() else 0
    n_structured = np.bincount(key[known], weights=structured[known], minlength=size)
    n_rows = np.bincount(key[known], minlength=size)
    both = (n_structured > 0) & (n_structured < n_rows)
    in_unit = known & both[np.maximum(key, 0)]
    unit = None
    if in_unit.any():
        unit = np.full(len(frame), -1, dtype=np.int64)
        unit[in_unit] = pd.factorize(key[in_unit])[0]
    stands = None
    if "n_sessions" in frame.columns:
        declared = pd.to_numeric(frame["n_sessions"], errors="coerce").fillna(1).to_numpy(dtype=float)
        alone = known & (n_rows[np.maximum(key, 0)] == 1)
        stands = (declared > 1) & alone
        stands = stands if stands.any() else None
    return unit, stands, key.astype(np.int64)


def _repeat_people(codes: np.ndarray | None) -> np.ndarray | None:
    """Person code per row (a missing id is its own person), or None when nobody appears twice.

    People who come to several events are in several sessions; their rows are
    not independent, so the variance also clusters by person.
    """
    if codes is None:
        return None
    missing = codes < 0
    codes = np.where(missing, int(codes.max()) + 1 + np.cumsum(missing) - 1, codes)
    if len(np.unique(codes)) == len(codes):
        return None
    return codes.astype(np.int64)


# ----------------------------------------------------------------------------------------
# cross-fitting folds
# ----------------------------------------------------------------------------------------
def session_folds(
    session: np.ndarray, treated: np.ndarray, stratum: np.ndarray, n_folds: int, seed: int
) -> np.ndarray | None:
    """Fold per row: whole sessions together, every event (stratum) and format spread over the folds.

    Each training fold must hold sessions of every event and format, or the
    event's term in the models would be learnt from one format only and the
    propensities would run to 0 or 1. The sessions (one entry each, so a
    session never straddles folds) are split by scikit-learn's
    ``StratifiedKFold`` with the event x format cell as the class: it deals
    each cell's sessions round the folds, so a cell with at least ``n_folds``
    sessions has sessions in every fold. Returns None (no cross-fitting: the
    nuisance models are fitted on all rows) where a cell has fewer sessions
    than folds, or a format has fewer than two sessions per fold.

    Example
    -------
    >>> import numpy as np
    >>> session = np.repeat(np.arange(8), 5)                 # 8 sessions of 5 rows
    >>> treated = (session % 2).astype(float)                # alternate formats
    >>> folds = session_folds(session, treated, np.zeros(40, dtype=int), 2, seed=0)
    >>> [sorted(set(treated[folds == k].tolist())) for k in (0, 1)]   # both formats in every fold
    [[0.0, 1.0], [0.0, 1.0]]
    """
    from sklearn.model_selection import StratifiedKFold

    n_sessions = int(session.max()) + 1
    session_treated = np.full(n_sessions, -1.0)
    session_treated[session] = treated
    session_stratum = np.full(n_sessions, -1)
    session_stratum[session] = stratum
    present = np.flatnonzero(session_treated >= 0)
    for arm in (0.0, 1.0):
        if int((session_treated[present] == arm).sum()) < 2 * n_folds:
            return None
    cell = session_stratum[present] * 2 + session_treated[present].astype(np.int64)
    if np.unique(cell, return_counts=True)[1].min() < n_folds:
        return None
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    fold_of_session = np.zeros(n_sessions, dtype=np.int64)
    for fold, (_, test) in enumerate(splitter.split(np.zeros((len(present), 1)), cell)):
        fold_of_session[present[test]] = fold
    return fold_of_session[session]

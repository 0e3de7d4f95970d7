"""The comparison result: one public object that everything downstream reads.

In the manner of statsmodels' results objects, :func:`toolkit.compare.fit_comparison`
returns a :class:`FormatComparison`: the per-segment effects, the table's notes
(once) and each segment's warnings, the covariance of the segment effects,
the cluster statistics, what it was fitted on (:class:`FittedOn`: a
fingerprint of the table's content and the options), and the methods that
``recommend``, the report and the faces need. ``compare_formats`` is its
:meth:`FormatComparison.to_frame`.

Example
-------
>>> from toolkit.compare import fit_comparison
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=1)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> comparison.segments
('reserved', 'self-directed')
>>> comparison.cov_params().shape
(2, 2)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
# scipy.special, not scipy.stats: the same functions without scipy.stats' second of import time on every command
from scipy import special

from toolkit.compare.variance import ClusterRobustVariance, MultiwayVariance
from toolkit.contract import EFFECT_COLUMNS, FORMATS
from toolkit.errors import UsageError
from toolkit.params import validate_params

__all__ = [
    "FormatComparison",
    "FittedOn",
    "ClusterStatistics",
    "EXTRA_EFFECT_COLUMNS",
    "content_digest",
    "t_interval",
]

#: Columns that ``compare_formats`` returns beyond the contract's ``EFFECT_COLUMNS``.
EXTRA_EFFECT_COLUMNS: tuple[str, ...] = (
    "se",
    "df",
    "p_value",
    "mean_structured",
    "mean_unstructured",
    "n_sessions_structured",
    "n_sessions_unstructured",
    "people_structured",
    "people_unstructured",
    "design",
    "assignment",
    "covariates",
    "covariates_left_out",
)


def t_interval(estimate, se, df, confidence: float):
    """The t interval and two-sided p-value of an estimate: ``(low, high, p)``; NaNs where it cannot be formed.

    The one interval method of the comparison and the recommendation. Takes
    numbers (returns floats) or arrays of the same shape (returns arrays).

    Example
    -------
    >>> [round(x, 3) for x in t_interval(1.0, 0.5, 20.0, 0.95)]
    [-0.043, 2.043, 0.059]
    >>> t_interval(1.0, 0.0, 20.0, 0.95)
    (nan, nan, nan)
    """
    scalar = all(np.ndim(x) == 0 for x in (estimate, se, df))
    estimate, se, df = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in (estimate, se, df)))
    low, high, p = (np.full(estimate.shape, np.nan) for _ in range(3))
    ok = np.isfinite(se) & np.isfinite(df) & np.isfinite(estimate) & (se > 0)
    if ok.any():
        q = special.stdtrit(df[ok], 0.5 + confidence / 2)
        low[ok], high[ok] = estimate[ok] - q * se[ok], estimate[ok] + q * se[ok]
        p[ok] = 2 * special.stdtr(df[ok], -np.abs(estimate[ok]) / se[ok])
    if scalar:
        return float(low[0]), float(high[0]), float(p[0])
    return low, high, p


def _column_digest(values: pd.Series) -> bytes:
    """The content of a column, independent of its dtype (so a copy with other dtypes is the same table).

    Numbers are hashed as float64; anything else as Arrow text (categories
    decoded, booleans as ``true``/``false``), which is fast for the pyarrow
    strings the toolkit's tables hold.
    """
    import pyarrow as pa

    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return b"n" + values.to_numpy(dtype="float64", na_value=np.nan).tobytes()
    if isinstance(values.dtype, pd.CategoricalDtype):  # decoded by Arrow, without a round trip through Python
        codes = values.cat.codes.to_numpy()
        categories = pa.array(values.cat.categories.astype(str).to_numpy(dtype=object), type=pa.large_string())
        arrow = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), categories)
    else:
        try:
            arrow = pa.array(values, from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):  # mixed Python objects: their text
            arrow = pa.array(values.astype("string"), from_pandas=True)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    if pa.types.is_dictionary(arrow.type):
        arrow = arrow.dictionary_decode()
    arrow = arrow.cast(pa.large_string())
    offsets = np.frombuffer(arrow.buffers()[1], dtype=np.int64)[arrow.offset: arrow.offset + len(arrow) + 1]
    digest = hashlib.sha256(b"t" + np.asarray(arrow.is_valid()).tobytes() + (offsets - offsets[0]).tobytes())
    data = arrow.buffers()[2]
    if data is not None and len(arrow):
        digest.update(memoryview(data)[int(offsets[0]): int(offsets[-1])])
    return digest.digest()


def content_digest(table: pd.DataFrame, columns: tuple[str, ...], *, cache: dict | None = None) -> str:
    """A SHA-256 of the values of ``columns``, row by row (a missing column counts as such).

    Two tables with the same values in these columns (whatever their dtypes)
    have the same digest; any changed, added or removed row changes it.
    ``cache`` (a dict) keeps each column's digest for further calls on the same, unchanged table.

    Example
    -------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": [1, 2], "y": ["p", "q"]})
    >>> content_digest(a, ("x", "y")) == content_digest(a.astype({"x": float}), ("x", "y"))
    True
    >>> content_digest(a, ("x", "y")) == content_digest(a.iloc[::-1], ("x", "y"))
    False
    """
    digest = hashlib.sha256(f"{len(table)} rows".encode())
    for column in columns:
        if cache is not None and column in cache:
            part = cache[column]
        else:
            content = _column_digest(table[column]) if column in table.columns else b"<absent>"
            part = hashlib.sha256(content).digest()
            if cache is not None:
                cache[column] = part
        digest.update(str(column).encode() + b"\x1e" + part)
    return digest.hexdigest()


@dataclass(frozen=True)
class FittedOn:
    """What a comparison was fitted on: the content of the columns it read, and the options.

    Attributes
    ----------
    table_digest : str
        :func:`content_digest` of the table's ``columns``.
    columns : tuple of str
        The columns the fit read (format, session, event, assignment, attendee id, segment, covariates, outcome).
    n_rows : int
        Rows of the table (for messages; the digest is what identifies the table).
    options : mapping
        ``outcome``, ``by``, ``covariates`` (as asked; None for the default
        set), ``adjust``, ``weight_nonresponse``, ``n_folds`` and ``random_state``
        (the seed of the folds actually used).

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=1)
    >>> fitted_on = fit_comparison(table, outcome="contacts", random_state=3).fitted_on
    >>> fitted_on.options["random_state"], fitted_on.columns[:2], len(fitted_on.fingerprint)
    (3, ('format', 'session_id'), 64)
    """

    table_digest: str
    columns: tuple[str, ...]
    n_rows: int
    options: Mapping[str, object]

    @property
    def fingerprint(self) -> str:
        """One SHA-256 of the table's digest and the options: equal fingerprints, equal fits.

        Example
        -------
        >>> fitted_on = FittedOn(table_digest="0" * 64, columns=("format",), n_rows=3, options={"by": "style"})
        >>> fitted_on.fingerprint == FittedOn("0" * 64, ("format",), 3, {"by": "industry"}).fingerprint
        False
        """
        options = json.dumps({k: self.options[k] for k in sorted(self.options)}, default=str)
        return hashlib.sha256((self.table_digest + options).encode()).hexdigest()


@dataclass(frozen=True)
class ClusterStatistics:
    """How the evidence is clustered: sessions per format per segment, ICC, session size, outcome spread.

    Attributes
    ----------
    sessions : DataFrame
        Index segment, columns ``structured`` and ``unstructured``: sessions with
        the segment's attendees in each format.
    icc : float
        Intraclass correlation of the outcome within sessions (one-way ANOVA, format removed).
    mean_session_size : float
        Attendees with an outcome value per session.
    outcome_sd : Series
        Per segment: the pooled within-format standard deviation of the outcome.
    components : DataFrame, optional
        Per segment: the spread of the outcome models' residuals among people
        of one session and between sessions, with degrees of freedom
        (:func:`toolkit.compare.variance.variance_components`); what planning
        the next event's size reads.

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, random_state=1)
    >>> clusters = fit_comparison(table, outcome="contacts", random_state=0).cluster_statistics
    >>> clusters.sessions.loc["reserved"].tolist(), clusters.mean_session_size
    ([4, 4], 20.0)
    """

    sessions: pd.DataFrame
    icc: float
    mean_session_size: float
    outcome_sd: pd.Series
    components: pd.DataFrame | None = None

    def design_effect(self) -> float:
        """``1 + (mean session size - 1) * ICC``: how much clustering inflates the attendees a trial needs.

        Example
        -------
        >>> import pandas as pd
        >>> ClusterStatistics(pd.DataFrame(), icc=0.05, mean_session_size=21.0, outcome_sd=pd.Series()).design_effect()
        2.0
        """
        return 1.0 + max(self.mean_session_size - 1.0, 0.0) * self.icc


@dataclass(frozen=True, eq=False)
class FormatComparison:
    """The effect of structured minus unstructured networking per segment, with everything it rests on.

    Made by :func:`toolkit.compare.fit_comparison`; read-only, so one object
    can be shared (a dashboard caches it) and reused for many mixes, costs and
    thresholds in ``toolkit.recommend_format(..., comparison=...)``.

    Attributes
    ----------
    outcome, by : str
        The outcome and the segment column.
    segments : tuple of str
        The segments, in the order of every array and frame here.
    effects : DataFrame
        One row per segment: ``segment``, ``outcome``, ``n_structured``,
        ``n_unstructured``, ``effect``, ``se``, ``df``, ``p_value``,
        ``mean_structured``, ``mean_unstructured``, ``n_sessions_structured``,
        ``n_sessions_unstructured``. Intervals at any level: :meth:`conf_int`.
    notes : tuple of str
        What holds for the whole table (stated once).
    segment_warnings : mapping of str to tuple of str
        What holds for one segment.
    method, design, assignment : str
        The estimator; ``within events``/``between events``/both, or ``within
        person`` (people in both formats at an event, each their own control);
        how formats were assigned.
    covariates : tuple of str
        The covariates adjusted for (empty within person: nothing needs adjusting).
    cluster_statistics : ClusterStatistics
    fitted_on : FittedOn
    variance : ClusterRobustVariance or MultiwayVariance
        The clustered scores behind :meth:`cov_params` and :meth:`contrast_variance`.
    covariates_left_out : mapping of str to str
        Attendee columns not adjusted for, with the reason.
    segment_timing : str or None
        When the segment column was measured: ``pre-event``, ``post-event``
        (then every comparison carries a note that the segments may be
        affected by the format) or None where it is not known.
    n_unattributable : int
        People in both formats whose contacts could not be attributed to a
        session (left out, not guessed).
    contact_channels : mapping of str to mapping of str to int
        Where the formats' contacts were recorded through different channels
        (:func:`toolkit.compare.notes.channel_notes`): contact rows by channel
        in each format; empty where they were recorded alike (or the outcome
        is not read from the contacts). ``recommend`` is never confident then.

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(random_state=1)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> round(comparison.expected_outcome({"reserved": "structured", "self-directed": "structured"},
    ...                                   mix={"reserved": 0.5, "self-directed": 0.5}), 1)
    8.0
    """

    outcome: str
    by: str
    segments: tuple[str, ...]
    effects: pd.DataFrame
    notes: tuple[str, ...]
    segment_warnings: Mapping[str, tuple[str, ...]]
    method: str
    design: str
    assignment: str
    covariates: tuple[str, ...]
    cluster_statistics: ClusterStatistics
    fitted_on: FittedOn
    variance: ClusterRobustVariance | MultiwayVariance = field(repr=False)
    covariates_left_out: Mapping[str, str] = field(default_factory=dict)
    segment_timing: str | None = None
    n_unattributable: int = 0
    contact_channels: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    # ------------------------------------------------------------------ the numbers
    def _weights(self, weights) -> np.ndarray:
        if isinstance(weights, Mapping):
            unknown = [k for k in weights if k not in self.segments]
            if unknown:
                raise UsageError(f"compare: {unknown} are not segments of {self.by!r}; the segments are: "
                                 + ", ".join(self.segments) + ".")
            return np.array([float(weights.get(s, 0.0)) for s in self.segments])
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (len(self.segments),):
            raise UsageError(f"compare: a contrast needs one weight per segment ({len(self.segments)}).")
        return weights

    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of the segment effects (cluster-robust), indexed by segment.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> cov = fit_comparison(table, outcome="new_contacts", random_state=0).cov_params()
        >>> bool((cov.to_numpy().diagonal() > 0).all()), list(cov.index)
        (True, ['reserved', 'self-directed'])
        """
        return pd.DataFrame(self.variance.covariance(), index=list(self.segments), columns=list(self.segments))

    def contrast_variance(self, weights) -> tuple[float, float]:
        """Variance and Satterthwaite degrees of freedom of ``sum(weights[s] * effect[s])``.

        ``weights`` maps segments to weights (others 0) or is an array in the
        order of :attr:`segments`. Segments share sessions, so the variance of a
        difference includes their covariance.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> variance, df = comparison.contrast_variance({"reserved": 1.0})
        >>> bool(abs(variance - comparison.effects["se"].iloc[0] ** 2) < 1e-12)
        True
        """
        weights = self._weights(weights)
        if not np.any(weights != 0):
            return 0.0, float("nan")
        var, df = self.variance.variance(weights)
        return float(var), float(df)

    def conf_int(self, confidence: float = 0.95) -> pd.DataFrame:
        """Intervals of the segment effects at ``confidence``: index segment, columns ``ci_low``, ``ci_high``.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> wide, narrow = comparison.conf_int(0.99), comparison.conf_int(0.8)
        >>> bool((wide["ci_low"] < narrow["ci_low"]).all())
        True
        """
        validate_params("compare", confidence=confidence)
        rows = [t_interval(r.effect, r.se, r.df, confidence)[:2] for r in self.effects.itertuples()]
        return pd.DataFrame(rows, index=pd.Index(self.segments, name="segment"), columns=["ci_low", "ci_high"])

    def expected_outcome(self, plan: Mapping[str, str], mix: Mapping[str, float]) -> float:
        """The expected outcome per attendee if each segment gets the format ``plan`` names, for a ``mix``.

        ``mix`` gives each segment's share (normalised to 1; segments left out
        count 0); every segment with a share needs a format in ``plan``. NaN
        where a segment with a share was never seen in its planned format.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> everyone = comparison.expected_outcome({"reserved": "structured"}, mix={"reserved": 1.0})
        >>> bool(everyone == comparison.effects["mean_structured"].iloc[0])
        True
        """
        shares = self._weights(mix)
        if shares.sum() <= 0:
            raise UsageError("compare: the mix needs at least one positive share.")
        shares = shares / shares.sum()
        means = {fmt: self.effects[f"mean_{fmt}"].to_numpy(dtype=float) for fmt in FORMATS}
        total = 0.0
        for j, (segment, share) in enumerate(zip(self.segments, shares)):
            if share <= 0:
                continue
            chosen = plan.get(segment)
            if chosen not in FORMATS:
                raise UsageError(f"compare: the plan gives segment {segment!r} no format "
                                 f"({' or '.join(FORMATS)}); got {chosen!r}.")
            total += share * float(means[chosen][j])
        return float(total)

    # ------------------------------------------------------------------ tidy frames
    def _rows(self, confidence: float) -> list[dict]:
        return self.to_frame(confidence).to_dict(orient="records")

    def to_frame(self, confidence: float = 0.95) -> pd.DataFrame:
        """The contract's tidy effect table (what ``compare_formats`` returns), intervals at ``confidence``.

        Columns ``toolkit.contract.EFFECT_COLUMNS`` then :data:`EXTRA_EFFECT_COLUMNS`;
        ``warnings`` per row lists the table's notes, then the segment's warnings.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> frame = fit_comparison(table, outcome="new_contacts", random_state=0).to_frame()
        >>> list(frame.columns[:5])
        ['segment', 'outcome', 'n_structured', 'n_unstructured', 'effect']
        """
        validate_params("compare", confidence=confidence)
        frame = self.effects.copy()
        frame["ci_low"], frame["ci_high"], _ = t_interval(frame["effect"].to_numpy(dtype=float),
                                                          frame["se"].to_numpy(dtype=float),
                                                          frame["df"].to_numpy(dtype=float), confidence)
        frame["method"] = self.method
        frame["warnings"] = [list(self.notes) + list(self.segment_warnings[s]) for s in self.segments]
        frame["design"] = self.design
        frame["assignment"] = self.assignment
        frame["covariates"] = [list(self.covariates) for _ in self.segments]
        frame["covariates_left_out"] = [dict(self.covariates_left_out) for _ in self.segments]
        return frame[list(EFFECT_COLUMNS) + list(EXTRA_EFFECT_COLUMNS)]

    def difference(self, first: str, second: str, *, confidence: float = 0.95) -> pd.DataFrame:
        """Does the format matter more for one segment than another? One row: effect in ``first`` minus ``second``.

        Same columns as :meth:`to_frame`; the interval accounts for the two segments sharing sessions.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> comparison.difference("reserved", "self-directed")["segment"].item()
        'reserved - self-directed'
        """
        validate_params("compare", confidence=confidence)
        for name in (first, second):
            if name not in self.segments:
                raise UsageError(f"segment_difference: no segment {name!r}; segments are {list(self.segments)}.")
        rows = {row["segment"]: row for row in self._rows(confidence)}
        a, b = rows[first], rows[second]
        estimate = a["effect"] - b["effect"]
        var, df = self.contrast_variance({first: 1.0, second: -1.0}) if np.isfinite(estimate) else (np.nan, np.nan)
        se = float(np.sqrt(var)) if np.isfinite(var) else np.nan
        low, high, p = t_interval(estimate, se, df, confidence)
        row = a | {
            "segment": f"{first} - {second}", "effect": float(estimate), "ci_low": low, "ci_high": high, "se": se,
            "df": float(df) if np.isfinite(df) else np.nan, "p_value": p,
            "n_structured": int(a["n_structured"] + b["n_structured"]),
            "n_unstructured": int(a["n_unstructured"] + b["n_unstructured"]),
            "people_structured": int(a["people_structured"] + b["people_structured"]),
            "people_unstructured": int(a["people_unstructured"] + b["people_unstructured"]),
            "mean_structured": np.nan, "mean_unstructured": np.nan,
            "n_sessions_structured": int(max(a["n_sessions_structured"], b["n_sessions_structured"])),
            "n_sessions_unstructured": int(max(a["n_sessions_unstructured"], b["n_sessions_unstructured"])),
            "warnings": list(dict.fromkeys(a["warnings"] + b["warnings"])),
        }
        return pd.DataFrame([row])[list(EFFECT_COLUMNS) + list(EXTRA_EFFECT_COLUMNS)]

    # ------------------------------------------------------------------ checks and display
    def check_fitted_on(self, table: pd.DataFrame, *, caller: str = "recommend", outcome: str | None = None,
                        by: str | None = None, covariates=None, weight_nonresponse: bool | None = None) -> None:
        """Raise :class:`~toolkit.errors.UsageError` unless this comparison was fitted on ``table`` with these options.

        The table is compared by the content of the columns the fit read
        (:attr:`FittedOn.table_digest`), not by its size. Options given as None are not checked.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> other, _ = simulate_outcome_table(random_state=2)          # as many rows, other attendees
        >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
        >>> comparison.check_fitted_on(table, outcome="new_contacts")
        >>> comparison.check_fitted_on(other)
        Traceback (most recent call last):
        ...
        toolkit.exceptions.UsageError: recommend: the comparison given was fitted for another outcome table ...
        """
        options = self.fitted_on.options
        wrong = []
        if outcome is not None and outcome != self.outcome:
            wrong.append(f"outcome {self.outcome!r}, not {outcome!r}")
        if by is not None and by != self.by:
            wrong.append(f"segments by {self.by!r}, not {by!r}")
        asked = options.get("covariates")
        if covariates is not None and tuple(covariates) != asked:
            wrong.append(f"covariates {list(asked) if asked is not None else 'default'}, not {list(covariates)}")
        if weight_nonresponse is not None and bool(weight_nonresponse) != options.get("weight_nonresponse"):
            wrong.append(f"weight_nonresponse={options.get('weight_nonresponse')}, not {bool(weight_nonresponse)}")
        if content_digest(table, self.fitted_on.columns) != self.fitted_on.table_digest:
            wrong.append(
                f"another outcome table (this one differs in the columns the comparison read: "
                f"{', '.join(self.fitted_on.columns)}; it was fitted on {self.fitted_on.n_rows:,} rows, "
                f"this table has {len(table):,} rows)"
            )
        if wrong:
            raise UsageError(
                f"{caller}: the comparison given was fitted for " + "; ".join(wrong) + ". Fit one for this table "
                "and these options with fit_comparison(table, outcome=..., by=...), or leave comparison out."
            )

    def summary(self, confidence: float = 0.95) -> str:
        """A plain-text table of the effects with their intervals, then the notes and warnings.

        Example
        -------
        >>> from toolkit.compare import fit_comparison
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=1)
        >>> print(fit_comparison(table, outcome="new_contacts", random_state=0).summary().splitlines()[0])
        Format comparison: new_contacts by style (structured minus unstructured)
        """
        frame = self.to_frame(confidence)
        level = f"{confidence:.0%} interval"
        lines = [
            f"Format comparison: {self.outcome} by {self.by} (structured minus unstructured)",
            f"Method: {self.method}",
            f"Design: {self.design}; assignment: {self.assignment}; covariates: "
            + (", ".join(self.covariates) or "none")
            + ("; left out: " + "; ".join(f"{k} ({v})" for k, v in self.covariates_left_out.items())
               if self.covariates_left_out else ""),
            f"Fitted on {self.fitted_on.n_rows:,} rows (fingerprint {self.fitted_on.fingerprint[:12]}); "
            f"ICC {self.cluster_statistics.icc:.3f}, mean session size {self.cluster_statistics.mean_session_size:.1f}",
            "",
            f"{'segment':<20}{'effect':>9}  {level:<22}{'se':>8}{'df':>7}{'p':>9}  {'attendees':>11}  {'sessions':>9}",
        ]
        for row in frame.itertuples(index=False):
            interval = f"[{row.ci_low:.3g}, {row.ci_high:.3g}]"
            lines.append(
                f"{str(row.segment):<20}{row.effect:>9.3g}  {interval:<22}{row.se:>8.3g}{row.df:>7.1f}"
                f" {row.p_value:>8.3g}  {row.n_structured:>5}/{row.n_unstructured:<5}  "
                f"{row.n_sessions_structured:>4}/{row.n_sessions_unstructured:<4}"
            )
        lines += ["", "Notes:"] + [f"- {note}" for note in self.notes] if self.notes else []
        for segment in self.segments:
            if self.segment_warnings[segment]:
                lines += ["", f"Warnings ({segment}):"] + [f"- {w}" for w in self.segment_warnings[segment]]
        return "\n".join(lines)

"""Cluster-robust variance of the segment effects: by session, and by person where people repeat.

People in one session share a room, a facilitator and an evening, so the
session is the unit of evidence: the variance of an effect (or of any
contrast of segment effects) is the sum over sessions of the squared session
totals of the influence contributions, each inflated by a CR2-type leverage
correction ``1 / (1 - h_g)`` with ``h_g`` the session's share of its format's
attendees in the segment (and, where the outcome models were fitted on the
rows they predict, by the residual degrees of freedom those models spent:
:func:`toolkit.compare.aipw.in_sample_correction`). Sessions are nested in formats, so the degrees of
freedom of the t interval come from Welch-Satterthwaite over the two formats'
parts. Where people appear in several sessions (several events), the
variance is two-way cluster-robust (Cameron, Gelbach and Miller 2011):
``V = V_session + V_person - V_session∩person``, falling back to the session
part where the added term is negative. The formulas are in ``docs/methods.md``.

Example
-------
>>> import numpy as np
>>> # two sessions per format, one segment: influence contributions per row
>>> session = np.array([0, 0, 1, 1, 2, 2, 3, 3])
>>> variance = cluster_robust_variance(
...     phi=np.array([0.1, 0.2, -0.1, -0.2, 0.05, 0.05, -0.05, -0.05]), session=session,
...     session_treated=np.array([1.0, 1.0, 0.0, 0.0]), segment_code=np.zeros(8, dtype=int),
...     used=np.ones(8, dtype=bool), n_structured=np.array([4]), n_unstructured=np.array([4]),
...     comparable=np.array([True]))
>>> round(variance.variance(np.array([1.0]))[0], 4)
0.4
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["ClusterRobustVariance", "MultiwayVariance", "cluster_robust_variance", "intraclass_correlation",
           "variance_components", "COMPONENT_COLUMNS", "ALL_SEGMENTS"]


def _group_sums(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Column sums of ``values`` (rows x m) within groups ``codes`` (0..G-1)."""
    groups = int(codes.max()) + 1 if len(codes) else 0
    if not values.shape[1]:
        return np.zeros((groups, 0))
    return np.stack([np.bincount(codes, weights=values[:, i], minlength=groups) for i in range(values.shape[1])],
                    axis=1)


@dataclass(frozen=True, eq=False)
class ClusterRobustVariance:
    """Session totals of the influence contributions, and what the two-way variance needs.

    Attributes
    ----------
    totals : ndarray
        Sessions x segments: session sums of the influence contributions.
    correction : ndarray
        Sessions x segments: the CR2-type inflation ``1 / (1 - leverage)``.
    session_treated : ndarray
        Per session: 1.0 structured, 0.0 unstructured.
    row_phi, row_segment, row_person, row_cell : ndarray or None
        Where people appear in several sessions (else None): per analysed row,
        its contribution scaled by its session's correction, its segment, its
        person and its session-and-person cell.

    Example
    -------
    >>> import numpy as np
    >>> v = ClusterRobustVariance(totals=np.array([[0.3], [-0.3], [0.1], [-0.1]]), correction=np.ones((4, 1)),
    ...                           session_treated=np.array([1.0, 1.0, 0.0, 0.0]))
    >>> v.covariance().round(2).tolist()
    [[0.2]]
    """

    totals: np.ndarray
    correction: np.ndarray
    session_treated: np.ndarray
    row_phi: np.ndarray | None = None
    row_segment: np.ndarray | None = None
    row_person: np.ndarray | None = None
    row_cell: np.ndarray | None = None

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
        """Variance and Satterthwaite degrees of freedom of ``contrast @ effects``.

        Two-way cluster-robust (session and person) where people appear in
        several sessions, falling back to the session part where the added
        term is negative. The degrees of freedom come from the sessions alone
        (NaN where a format has fewer than two sessions in the contrast).

        Example
        -------
        >>> import numpy as np
        >>> v = ClusterRobustVariance(totals=np.array([[0.3], [-0.3], [0.1], [-0.1]]), correction=np.ones((4, 1)),
        ...                           session_treated=np.array([1.0, 1.0, 0.0, 0.0]))
        >>> [round(x, 3) for x in v.variance(np.array([1.0]))]
        [0.2, 1.22]
        """
        contrast = np.asarray(contrast, dtype=float)
        s = self.totals @ contrast
        c = (self.correction * np.abs(contrast)).sum(axis=1) / max(np.abs(contrast).sum(), 1e-12)
        parts = []
        for arm in (1.0, 0.0):
            sel = (self.session_treated == arm) & (s != 0)
            parts.append((float((s[sel] ** 2 * c[sel]).sum()), int(sel.sum())))
        session_var = parts[0][0] + parts[1][0]
        var = session_var + max(float(self._person_term(contrast[:, None])[0, 0]), 0.0)
        denom = sum(v**2 / (g - 1) for v, g in parts if g > 1)
        if any(g < 2 for v, g in parts) or denom <= 0:
            return var, np.nan
        return var, session_var**2 / denom

    def covariance(self) -> np.ndarray:
        """Covariance matrix of the segment effects (session-clustered, plus the person term where people repeat).

        Where the person term is not positive semi-definite the matrix falls back
        to the session-clustered one (as :meth:`variance` does for a negative term).

        Example
        -------
        >>> import numpy as np
        >>> v = ClusterRobustVariance(totals=np.array([[0.1, 0.2], [0.0, -0.2]]), correction=np.ones((2, 2)),
        ...                           session_treated=np.array([1.0, 0.0]))
        >>> v.covariance().round(2).tolist()
        [[0.01, 0.02], [0.02, 0.08]]
        """
        scaled = self.totals * np.sqrt(self.correction)
        cov = scaled.T @ scaled
        if self.row_phi is None:
            return cov
        term = self._person_term(np.eye(self.totals.shape[1]))
        term = (term + term.T) / 2
        scale = max(float(np.abs(np.diag(cov)).max()) if cov.size else 0.0, 1e-300)
        if np.linalg.eigvalsh(term).min() < -1e-12 * scale:
            return cov
        return cov + term


def cluster_robust_variance(
    *,
    phi: np.ndarray,
    session: np.ndarray,
    session_treated: np.ndarray,
    segment_code: np.ndarray,
    used: np.ndarray,
    n_structured: np.ndarray,
    n_unstructured: np.ndarray,
    comparable: np.ndarray,
    person: np.ndarray | None = None,
    inflation: np.ndarray | None = None,
) -> ClusterRobustVariance:
    """Sum the rows' influence contributions by session (and person) into a :class:`ClusterRobustVariance`.

    Parameters
    ----------
    phi : ndarray
        Per analysed row: its contribution to its segment's estimate (0 where not used).
    session : ndarray
        Per analysed row: session code (0 .. sessions - 1 over the whole frame).
    session_treated : ndarray
        Per session: 1.0 structured, 0.0 unstructured.
    segment_code : ndarray
        Per analysed row: segment index.
    used : ndarray
        Per analysed row: the row entered its segment's estimate.
    n_structured, n_unstructured : ndarray
        Per segment: rows used in each format (the leverage's denominators).
    comparable : ndarray
        Per segment: the effect exists (both formats seen).
    person : ndarray, optional
        Per analysed row: person code, where people appear in several rows of the frame.
    inflation : ndarray, optional
        Per session: a further small-sample factor of its squared totals, where the outcome models
        were fitted on the rows they predict (:func:`toolkit.compare.aipw.in_sample_correction`).

    Example
    -------
    >>> import numpy as np
    >>> v = cluster_robust_variance(phi=np.array([0.1, -0.1, 0.2, -0.2]), session=np.array([0, 0, 1, 1]),
    ...                             session_treated=np.array([1.0, 0.0]), segment_code=np.zeros(4, dtype=int),
    ...                             used=np.ones(4, dtype=bool), n_structured=np.array([2]),
    ...                             n_unstructured=np.array([2]), comparable=np.array([True]))
    >>> v.totals.tolist()
    [[0.0], [0.0]]
    """
    n_sessions, k = len(session_treated), len(comparable)
    totals = np.zeros((n_sessions, k))
    correction = np.ones((n_sessions, k))
    row_phi = np.zeros(len(phi)) if person is not None else None
    for j in np.flatnonzero(comparable):
        sel = (segment_code == j) & used
        totals[:, j] = np.bincount(session[sel], weights=phi[sel], minlength=n_sessions)
        # CR2-like leverage of a session: its share of the segment's attendees in its format
        size = np.bincount(session[sel], minlength=n_sessions).astype(float)
        arm_size = np.where(session_treated == 1, n_structured[j], n_unstructured[j]).astype(float)
        leverage = np.divide(size, arm_size, out=np.zeros(n_sessions), where=arm_size > 0)
        correction[:, j] = 1.0 / np.clip(1.0 - leverage, 0.05, None)
        if inflation is not None:
            correction[:, j] *= inflation
        if row_phi is not None:
            row_phi[sel] = phi[sel] * np.sqrt(correction[session[sel], j])
    two_way = {}
    if row_phi is not None:
        codes = pd.factorize(person)[0]
        if len(np.unique(codes)) < len(codes):  # else nobody repeats among these rows: sessions tell it all
            cell = pd.DataFrame({"s": session, "p": codes}).groupby(["s", "p"], sort=False).ngroup().to_numpy()
            two_way = {"row_phi": row_phi, "row_segment": np.maximum(segment_code, 0), "row_person": codes,
                       "row_cell": cell}
    return ClusterRobustVariance(totals=totals, correction=correction, session_treated=session_treated, **two_way)


def intraclass_correlation(y: np.ndarray, session: np.ndarray, treated: np.ndarray) -> tuple[float, float]:
    """One-way ANOVA estimate of the outcome's intraclass correlation within sessions (format removed).

    Returns the ICC (clipped to [0, 1]) and the mean session size.

    Example
    -------
    >>> import numpy as np
    >>> y = np.array([1.0, 1.1, 5.0, 5.2, 3.0, 3.1])       # sessions differ much more than people within them
    >>> icc, size = intraclass_correlation(y, np.array([0, 0, 1, 1, 2, 2]), np.zeros(6))
    >>> round(icc, 2), size
    (1.0, 2.0)
    """
    resid = y.copy()
    for arm in (0.0, 1.0):
        sel = treated == arm
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


@dataclass(frozen=True, eq=False)
class MultiwayVariance:
    """Multi-way cluster-robust covariance of within-person effects (Cameron, Gelbach and Miller 2011).

    Each row of ``scores`` is one pair of a person's structured and open
    session (its contribution to each segment's estimate, a weighted residual
    from the mean of its cell: segment, event and order). The pairs are
    clustered by their structured session, their open session and their
    person at once: ``V = sum over non-empty sets D of dimensions of
    (-1)^(|D|+1) V_D``, with ``V_D`` the sum of outer products of the score
    totals of the clusters that share every dimension in ``D``. Each
    cluster's total is inflated by a CR2-type leverage correction
    ``1 / (1 - h)``, with ``h`` the cluster's share of the people of the cells
    it draws on (the cell means are estimated from those people, which
    shrinks the cluster's residuals); for equal clusters of one cell this is
    ``G / (G - 1)``. Negative eigenvalues of the sum are set to zero (which
    only widens intervals). The degrees of freedom of a contrast are those of
    the scarcer format: the effective number of its sessions the contrast
    weighs (Kish), minus the cell means estimated (see :meth:`variance`).

    Attributes
    ----------
    scores : ndarray
        Pairs x segments.
    clusters : tuple of ndarray
        Per dimension (structured session, open session, person): the cluster code of each pair.
    segment : ndarray
        Per pair: its segment.
    cell : ndarray, optional
        Per pair: the cell whose mean its residual is taken from (default: one cell per segment).
    weight : ndarray, optional
        Per pair: its share of its person's unit (default 1), for the leverage.
    share : ndarray, optional
        Per pair: its weight in its segment's estimate (default equal), for the degrees of freedom.

    Example
    -------
    >>> import numpy as np
    >>> scores = np.array([[0.2], [-0.1], [0.05], [-0.15]])
    >>> v = MultiwayVariance(scores=scores, clusters=(np.array([0, 0, 1, 1]), np.array([2, 3, 2, 3]),
    ...                      np.arange(4)), segment=np.zeros(4, dtype=int))
    >>> var, df = v.variance(np.array([1.0]))
    >>> round(var, 4), df
    (0.19, 1.0)
    """

    scores: np.ndarray
    clusters: tuple[np.ndarray, ...]
    segment: np.ndarray
    cell: np.ndarray | None = None
    weight: np.ndarray | None = None
    share: np.ndarray | None = None

    def _inflation(self, codes: np.ndarray) -> np.ndarray:
        """Per pair: ``1 / (1 - h)`` of its cluster in its segment (``h`` floored so that 1 - h >= 0.05)."""
        cell = self.segment if self.cell is None else self.cell
        weight = np.ones(len(codes)) if self.weight is None else self.weight
        n_cell = np.bincount(cell, weights=weight)
        cluster_cell = pd.factorize(codes.astype(np.int64) * (int(cell.max()) + 1) + cell)[0]
        m = np.bincount(cluster_cell, weights=weight)
        cluster_segment = pd.factorize(codes.astype(np.int64) * (int(self.segment.max()) + 1) + self.segment)[0]
        first = np.zeros(len(m), dtype=np.int64)
        first[cluster_cell[::-1]] = np.arange(len(codes))[::-1]
        # h of (cluster, segment): sum over its cells of m^2 / n, over its people m
        numerator = np.bincount(cluster_segment[first], weights=m**2 / n_cell[cell[first]])
        size = np.bincount(cluster_segment[first], weights=m)
        leverage = np.divide(numerator, size, out=np.zeros(len(size)), where=size > 0)
        return 1.0 / np.clip(1.0 - leverage, 0.05, None)[cluster_segment]

    @functools.cached_property
    def _matrix(self) -> np.ndarray:
        k = self.scores.shape[1]
        total = np.zeros((k, k))
        if not len(self.scores):
            return total
        dims = len(self.clusters)
        for chosen in itertools.chain.from_iterable(itertools.combinations(range(dims), r) for r in range(1, dims + 1)):
            codes = self.clusters[chosen[0]]
            for d in chosen[1:]:
                codes = pd.factorize(codes.astype(np.int64) * (int(self.clusters[d].max()) + 1) + self.clusters[d])[0]
            codes = pd.factorize(codes)[0]
            sums = _group_sums(codes, self.scores * np.sqrt(self._inflation(codes))[:, None])
            total += (-1) ** (len(chosen) + 1) * (sums.T @ sums)
        total = (total + total.T) / 2
        values, vectors = np.linalg.eigh(total)
        return (vectors * np.clip(values, 0.0, None)) @ vectors.T
    def covariance(self) -> np.ndarray:
        """Covariance matrix of the segment effects (positive semi-definite).

        Example
        -------
        >>> import numpy as np
        >>> scores = np.array([[0.1, 0.0], [-0.1, 0.0], [0.0, 0.2], [0.0, -0.2]])
        >>> v = MultiwayVariance(scores=scores, clusters=(np.arange(4),), segment=np.array([0, 0, 1, 1]))
        >>> v.covariance().round(3).tolist()      # two clusters per segment: each total doubled (G / (G - 1))
        [[0.04, 0.0], [0.0, 0.16]]
        """
        return self._matrix.copy()

    def variance(self, contrast: np.ndarray) -> tuple[float, float]:
        """Variance and degrees of freedom of ``contrast @ effects``.

        The degrees of freedom are those of the scarcer format's sessions: the
        effective number of its sessions that the contrast weighs (Kish's
        ``(sum W)^2 / sum W^2`` of the sessions' weights in the estimate, so that
        a few heavy sessions count as few), minus the number of cell means
        estimated from them (events x orders of a segment), never below one. There is no interval (NaN)
        only where the scarcer format's sessions, counted, are no more than those cell means: the same rule
        for every segment, however evenly its people are spread over the sessions.

        Example
        -------
        >>> import numpy as np
        >>> v = MultiwayVariance(scores=np.array([[0.1], [-0.1], [0.2]]),
        ...                      clusters=(np.array([0, 1, 2]), np.array([3, 4, 5])), segment=np.zeros(3, dtype=int))
        >>> v.variance(np.array([1.0]))[1]
        2.0
        """
        contrast = np.asarray(contrast, dtype=float)
        var = float(contrast @ self._matrix @ contrast)
        weighed = contrast[self.segment] != 0 if len(self.segment) else np.zeros(0, dtype=bool)
        if len(self.clusters) < 2 or not weighed.any():
            return var, float("nan")
        weight = np.abs(contrast[self.segment]) * (np.ones(len(self.segment)) if self.share is None else self.share)
        effective, counted = [], []
        for codes in self.clusters[:2]:
            totals = np.bincount(pd.factorize(codes[weighed])[0], weights=weight[weighed])
            effective.append(totals.sum() ** 2 / max(float((totals**2).sum()), 1e-300))
            counted.append(int((totals > 0).sum()))
        cell = self.segment if self.cell is None else self.cell
        means = max(len(np.unique(cell[weighed & (self.segment == j)])) for j in np.unique(self.segment[weighed]))
        # Whether there is an interval at all is decided by the sessions counted, the same rule for every
        # segment; how evenly people spread over them only lowers the df. Deciding by the Kish number would
        # give a segment split exactly evenly over 2 + 2 sessions an interval and the others none.
        if min(counted) - means < 1:
            return var, float("nan")
        return var, float(max(min(effective) - means, 1.0))


#: The last row of :func:`variance_components`: every segment's members of a session together.
ALL_SEGMENTS = "(all)"

#: Columns of :func:`variance_components`, one row per segment.
COMPONENT_COLUMNS: tuple[str, ...] = ("within_var", "within_df", "between_var", "between_ms", "between_df",
                                      "n0", "sessions", "members_per_session")


def variance_components(residual: np.ndarray, session: np.ndarray, segment_code: np.ndarray, treated: np.ndarray,
                        stratum: np.ndarray, segments) -> pd.DataFrame:
    """Per segment: the outcome's spread among people of one session, and between sessions, with their df.

    From the residuals of the outcome models (outcome minus its prediction in
    the row's format), each segment's own members per session: a one-way
    analysis of variance with the session as the group, session means taken
    about the mean of their event and format. ``within_var`` (people of the
    segment in one session) has ``within_df`` degrees of freedom;
    ``between_ms`` is the mean square of the session means (``between_df``
    degrees of freedom), and ``between_var = max(0, (between_ms - within_var) / n0)``
    the spread of the sessions' shocks, ``n0`` the effective members per
    session. ``sessions`` and ``members_per_session`` count what it rests on.
    A last row, :data:`ALL_SEGMENTS`, does the same for all members of a
    session together: a room's shock is shared by everyone in it, and is
    measured best so. Planning the size of the next event reads these
    (:func:`toolkit.recommend.sample_size`): the session part with its few
    degrees of freedom is the uncertain one.

    Example
    -------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> session = np.repeat(np.arange(200), 10)
    >>> residual = rng.normal(size=200)[session] + rng.normal(scale=3.0, size=2000)   # session sd 1, people 3
    >>> parts = variance_components(residual, session, np.zeros(2000, dtype=int), (session % 2).astype(float),
    ...                             np.zeros(2000, dtype=int), ["everyone"])
    >>> [round(float(parts.loc["everyone", c]), 1) for c in ("within_var", "between_var", "sessions")]
    [9.1, 1.0, 200.0]
    >>> parts.index.tolist()
    ['everyone', '(all)']
    """
    rows = []
    for j in [*range(len(segments)), None]:
        sel = ((segment_code == j) if j is not None else np.ones(len(residual), dtype=bool)) & np.isfinite(residual)
        r, g = residual[sel], session[sel]
        if len(r) < 3:
            rows.append(dict.fromkeys(COMPONENT_COLUMNS, np.nan))
            continue
        codes, inverse = np.unique(g, return_inverse=True)
        size = np.bincount(inverse).astype(float)
        means = np.bincount(inverse, weights=r) / size
        cell = pd.factorize(stratum[sel] * 2 + treated[sel].astype(np.int64))[0]
        session_cell = np.zeros(len(codes), dtype=np.int64)
        session_cell[inverse] = cell
        cell_n = np.bincount(session_cell, weights=size)
        cell_mean = np.bincount(session_cell, weights=size * means) / cell_n
        within_df = len(r) - len(codes)
        between_df = len(codes) - len(cell_n)
        within_var = float(((r - means[inverse]) ** 2).sum() / within_df) if within_df > 0 else np.nan
        if between_df > 0:
            between_ms = float((size * (means - cell_mean[session_cell]) ** 2).sum() / between_df)
            n0 = float((len(r) - (np.bincount(session_cell, weights=size**2) / cell_n).sum()) / between_df)
            between_var = max(0.0, (between_ms - within_var) / n0) if np.isfinite(within_var) else np.nan
        else:
            between_ms, n0, between_var = np.nan, float(size.mean()), np.nan
        rows.append({"within_var": within_var, "within_df": float(within_df), "between_var": between_var,
                     "between_ms": between_ms, "between_df": float(between_df), "n0": n0,
                     "sessions": float(len(codes)), "members_per_session": float(size.mean())})
    return pd.DataFrame(rows, index=pd.Index([*map(str, segments), ALL_SEGMENTS], name="segment"),
                        columns=list(COMPONENT_COLUMNS))

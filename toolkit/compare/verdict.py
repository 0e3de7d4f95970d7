"""Which format did better: the one rule every report, chart and recommendation uses.

``effect`` is structured minus unstructured. For most outcomes more is better;
for the outcomes the catalogue marks lower-is-better (``familiar_share``,
``spectator``) less is better. An interval that touches or includes 0 gives no
verdict.

Example
-------
>>> better_format(0.8, 0.2, 1.4, outcome="new_contacts")
'structured'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.catalogue import OUTCOME_CATALOGUE

__all__ = ["LOWER_IS_BETTER", "better_format", "better_formats"]

#: Outcomes where a smaller value is the better one (from the outcome catalogue).
LOWER_IS_BETTER: frozenset[str] = frozenset(
    name for name, spec in OUTCOME_CATALOGUE.items() if spec.better_when_lower)


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

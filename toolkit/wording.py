"""Sentences and labels for people: the one place that turns results into words.

The CLI, the dashboard and the board report describe results with these
functions, so that the same result reads the same everywhere.

Example
-------
>>> format_estimate(0.5)
'0.50'
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def format_estimate(x: float) -> str:
    """An estimate in a sentence: two decimals below 10, one above; ``unknown`` when missing.

    Example
    -------
    >>> format_estimate(2.345), format_estimate(12.34), format_estimate(float("nan"))
    ('2.35', '12.3', 'unknown')
    """
    if not np.isfinite(x):
        return "unknown"
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


def effect_sentences(effects: pd.DataFrame, unit: str, confidence: float, by: str) -> list[str]:
    """One sentence per segment's effect, claiming a cause only where the formats were assigned by lot.

    ``effects`` is the frame of :func:`toolkit.compare.compare_formats` (with its extra columns).

    Example
    -------
    >>> import pandas as pd
    >>> row = {"segment": "reserved", "effect": 2.0, "ci_low": 1.0, "ci_high": 3.0, "n_structured": 40,
    ...        "n_unstructured": 38, "n_sessions_structured": 4, "n_sessions_unstructured": 4,
    ...        "assignment": "randomized", "covariates": []}
    >>> effect_sentences(pd.DataFrame([row]), "new contacts", 0.95, "style")[0][:60]
    'For reserved attendees the structured format gave 2.00 more '
    """
    out, chosen = [], False
    for row in effects.to_dict(orient="records"):
        effect = float(row["effect"]) if pd.notna(row["effect"]) else float("nan")
        if not np.isfinite(effect):
            continue
        direction = "more" if effect >= 0 else "fewer" if unit.endswith("s") else "less"
        low, high = (float(row[k]) if pd.notna(row[k]) else float("nan") for k in ("ci_low", "ci_high"))
        interval = (f"{confidence:.0%} interval {format_estimate(low)} to {format_estimate(high)}" if np.isfinite(low)
                    else "no interval: too few sessions")
        counts = (f", from {row['n_structured']} structured and {row['n_unstructured']} unstructured attendees in "
                  f"{row.get('n_sessions_structured')} and {row.get('n_sessions_unstructured')} sessions.")
        size = f"{format_estimate(abs(effect))} {direction} {unit} per person"
        if str(row.get("assignment", "")) == "randomized":
            # assigned by lot: the difference is the format's doing
            out.append(f"For {row['segment']} attendees the structured format gave {size} than unstructured "
                       f"(formats assigned by lot; {interval}){counts}")
            continue
        # attendees chose (or were scheduled into) a format: describe the difference, do not claim a cause
        adjusted = [str(c).replace("_", " ") for c in (row.get("covariates") or []) if str(c) != by]
        caveat = (f"after adjusting for {and_list(adjusted)}" if adjusted
                  else "not adjusted for who chose which format")
        out.append(f"For {row['segment']} attendees, those in structured sessions had {size} than those in "
                   f"unstructured sessions ({caveat}; {interval}){counts}")
        chosen = True
    if chosen:
        out.append("Not every format was assigned by lot, so part of these differences may come from who took "
                   "part in which format rather than from the format itself.")
    return out


def and_list(words: list[str]) -> str:
    """Words joined as people write them.

    Example
    -------
    >>> and_list(["industry"]), and_list(["industry", "company size", "style"])
    ('industry', 'industry, company size and style')
    """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

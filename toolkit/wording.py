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


# --- recommendation
# The rationale of ``toolkit.recommend_format``: the sentences of ``Recommendation.rationale``, in three
# groups (the evidence, the options, the verdict), each built from plain values.

#: How the source of the mix reads in a sentence (keys: ``toolkit.recommend.mix.MIX_SOURCES``).
MIX_SOURCE_PHRASES: dict[str, str] = {
    "given": "the given mix",
    "registrations": "the registrations' mix",
    "last_event": "the last event's mix",
}


def evidence_sentences(effects: pd.DataFrame, *, unit: str, confidence: float, by: str,
                       incomparable: list[str]) -> list[str]:
    """What the data say per segment: first the segments that cannot be compared, then :func:`effect_sentences`.

    Example
    -------
    >>> import pandas as pd
    >>> evidence_sentences(pd.DataFrame(columns=["effect"]), unit="new contacts", confidence=0.95, by="style",
    ...                    incomparable=["reserved"])[0][:53]
    'The formats cannot be compared for reserved attendees'
    """
    out = []
    if incomparable:
        out.append(
            f"The formats cannot be compared for {', '.join(incomparable)} attendees (one format was never seen), "
            "so no recommendation can rest on the data for them."
        )
    return out + effect_sentences(effects, unit, confidence, by)


def options_sentences(*, unit: str, mix_source: str, mix: dict[str, float], expected: dict[str, float],
                      cost_per_attendee: float, recommended: str, plan: dict[str, str], probability_best: float,
                      difference: dict, confidence: float) -> list[str]:
    """The expected outcome of each option for the mix, the cost counted, the choice, and its advantage.

    ``difference`` holds ``versus`` (the runner-up), ``advantage``, ``ci_low``
    and ``ci_high``; a missing interval or probability leaves its sentence out.

    Example
    -------
    >>> sentences = options_sentences(
    ...     unit="new contacts", mix_source="given", mix={"reserved": 0.5, "self-directed": 0.5},
    ...     expected={"structured": 9.1, "unstructured": 7.0, "split": 9.3}, cost_per_attendee=0.0,
    ...     recommended="split", plan={"reserved": "structured", "self-directed": "unstructured"},
    ...     probability_best=0.71, difference={"versus": "structured", "advantage": 0.2, "ci_low": -0.3,
    ...                                        "ci_high": 0.7}, confidence=0.95)
    >>> print("\\n".join(sentences))
    For the given mix (50% reserved, 50% self-directed) the expected new contacts per attendee is 9.10 with structured sessions, 7.00 with unstructured sessions and 9.30 with each segment in its better format.
    Recommended: split the formats in parallel rooms, reserved attendees to structured sessions, self-directed attendees to unstructured sessions.
    The chance that this is the best of the options is about 71%.
    Its advantage over structured is 0.20 new contacts per attendee (95% interval -0.30 to 0.70).
    """
    mix_text = ", ".join(f"{v:.0%} {k}" for k, v in mix.items())
    out = [
        f"For {MIX_SOURCE_PHRASES[mix_source]} ({mix_text}) the expected {unit} per attendee is "
        f"{format_estimate(expected['structured'])} with structured sessions, "
        f"{format_estimate(expected['unstructured'])} with unstructured sessions and "
        f"{format_estimate(expected['split'])} with each segment in its better format."
    ]
    if cost_per_attendee > 0:
        out.append(f"Facilitation is counted as a cost of {format_estimate(cost_per_attendee)} {unit} per attendee "
                   "in structured sessions.")
    if recommended == "split":
        parts = [f"{s} attendees to {f} sessions" for s, f in plan.items()]
        out.append("Recommended: split the formats in parallel rooms, " + ", ".join(parts) + ".")
    else:
        out.append(f"Recommended: {recommended} sessions for everyone.")
    if np.isfinite(probability_best):
        out.append(f"The chance that this is the best of the options is about {probability_best:.0%}.")
    if np.isfinite(difference["ci_low"]):
        out.append(
            f"Its advantage over {difference['versus']} is {format_estimate(difference['advantage'])} {unit} per "
            f"attendee ({confidence:.0%} interval {format_estimate(difference['ci_low'])} to "
            f"{format_estimate(difference['ci_high'])})."
        )
    return out


def verdict_sentences(*, confident: bool, reasons: tuple[str, ...], min_difference: float, fewest_sessions: int,
                      min_sessions: int, unclear_segments: tuple[str, ...], between_events: bool,
                      needed_per_arm: dict[str, int] | None, sessions_per_format: int | None) -> list[str]:
    """Whether to act, why not (``reasons``: ``toolkit.recommend.decision.REASONS``), and what would settle it.

    Example
    -------
    >>> print("\\n".join(verdict_sentences(
    ...     confident=False, reasons=("few_sessions",), min_difference=0.0, fewest_sessions=3, min_sessions=10,
    ...     unclear_segments=(), between_events=False, needed_per_arm={"reserved": 80}, sessions_per_format=10)))
    Not confident: few sessions limit the evidence (as few as 3 per format; at least 10 are needed before acting).
    To settle it, run both formats side by side at the next event and assign attendees to them by lot within each segment (netout plan): about 80 reserved attendees in each format, spread over at least 10 sessions per format.
    """
    out = []
    if confident:
        out.append("The interval lies wholly above zero" + (
            f" and the smallest difference worth acting on ({format_estimate(min_difference)})"
            if min_difference > 0 else "") + ": the evidence supports acting on this.")
    else:
        told = {
            "few_sessions": f"few sessions limit the evidence (as few as {fewest_sessions} per format; at least "
                            f"{min_sessions} are needed before acting)",
            "includes_zero": "the interval of the advantage includes zero (no difference)",
            "below_min_difference": "the interval includes differences smaller than the "
                                    f"{format_estimate(min_difference)} worth acting on",
            "segment_unclear": "for " + ", ".join(unclear_segments) + " attendees the data cannot tell which "
                               "format is better",
            "never_seen": "some segments were never seen in one of the formats",
        }
        out.append("Not confident: " + "; ".join(told[r] for r in reasons) + ".")
    if between_events:
        out.append("Some events ran only one format, so part of the comparison is between events and may reflect "
                   "the events rather than the formats.")
    if not confident and needed_per_arm:
        wanted = " and ".join(f"{n} {s}" for s, n in needed_per_arm.items())
        out.append(
            "To settle it, run both formats side by side at the next event and assign attendees to them by lot "
            f"within each segment (netout plan): about {wanted} attendees in each format, spread over at least "
            f"{sessions_per_format} sessions per format."
        )
    return out

"""The recommendation a person reads: the format, how sure, why, and what would settle it.

Example
-------
>>> from toolkit.recommend import recommend_format
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, _ = simulate_outcome_table(random_state=5)
>>> advice = recommend_format(table, outcome="new_contacts", mix={"reserved": 0.5, "self-directed": 0.5},
...                           random_state=0)
>>> sorted(advice.to_dict())[:5]
['by', 'confident', 'cost_per_attendee', 'covariates', 'covariates_left_out']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.wording import hidden_counts, small_groups, without_small_groups

__all__ = ["Recommendation"]


@dataclass
class Recommendation:
    """The format to run next, with the evidence behind it.

    ``to_dict()`` gives the contract's ``recommend --json`` document
    (``recommended``, ``expected``, ``probability_best``, ``confident``,
    ``rationale``, ``next_step``) plus extra keys.

    ``recommended`` is None where the data cannot value the options (a format
    never seen, or never seen for a segment in the mix): then ``confident`` is
    False, ``expected`` holds NaN where a value cannot be estimated, and
    ``rationale`` and ``next_step`` say what would settle the question.
    ``segment_timing`` is ``post-event`` where the segments were scored from
    the post-event survey (the rationale then says they may be affected by the
    format); ``covariates`` and ``covariates_left_out`` say what the comparison
    adjusted for and what it left out, and why.
    Where it is not confident, ``sample_size`` (a :class:`toolkit.recommend.SampleSize`)
    says how big the next event must be to settle it, and ``needed_per_arm`` the
    people of each segment per format in that event (kept for older callers;
    read ``sample_size``).
    ``expected_left_out`` names the groups of the mix left out of the valuing
    (fewer than five people in a format: the expected figures and the
    advantage would describe them); ``expected``, ``difference``,
    ``probability_best`` and ``plan`` are then for the rest of the mix.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.example_folder(), secret="example")
    >>> table = toolkit.compute_outcomes(data)
    >>> advice = toolkit.recommend_format(table, outcome="new_contacts", by="style",
    ...                                   mix={"reserved": 0.5, "self-directed": 0.5}, random_state=0)
    >>> advice.recommended in ("structured", "unstructured", "split"), advice.confident
    (True, False)
    """

    outcome: str
    by: str
    recommended: str | None
    expected: dict[str, float]
    probability_best: float
    confident: bool
    rationale: list[str]
    effects: pd.DataFrame
    needed_per_arm: dict[str, int] | None
    mix: dict[str, float]
    plan: dict[str, str]
    difference: dict[str, float] = field(default_factory=dict)
    cost_per_attendee: float = 0.0
    min_difference: float = 0.0
    next_step: str = ""
    design: str = ""
    segment_timing: str | None = None
    covariates: tuple[str, ...] = ()
    covariates_left_out: dict[str, str] = field(default_factory=dict)
    sample_size: object | None = None
    expected_left_out: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON document of ``netout recommend --json`` (numbers as floats, missing ones as None).

        Example
        -------
        >>> from toolkit.recommend import recommend_format
        >>> from toolkit.datasets.simulate import simulate_outcome_table
        >>> table, _ = simulate_outcome_table(random_state=5)
        >>> document = recommend_format(table, outcome="new_contacts", random_state=0).to_dict()
        >>> sorted(document["expected"]), type(document["probability_best"]).__name__
        (['split', 'structured', 'unstructured'], 'float')
        """
        # groups of 1-4 people in a format: their figures are blank here as in every face (toolkit.wording)
        small = set(self.expected_left_out) | set(self.effects.loc[small_groups(self.effects), "segment"].astype(str))
        return {
            "recommended": self.recommended,
            "expected": {k: _num(v) for k, v in self.expected.items()},
            "probability_best": _num(self.probability_best),
            "confident": bool(self.confident),
            "rationale": list(self.rationale),
            "next_step": self.next_step,
            "outcome": self.outcome,
            "by": self.by,
            "mix": {k: _num(v) for k, v in self.mix.items()},
            "plan": dict(self.plan),
            "expected_left_out": list(self.expected_left_out),
            "difference_vs_runner_up": {k: _num(v) if not isinstance(v, str) else v for k, v in self.difference.items()},
            "cost_per_attendee": _num(self.cost_per_attendee),
            "min_difference": _num(self.min_difference),
            "needed_per_arm": None if self.needed_per_arm is None else {k: int(v) for k, v in self.needed_per_arm.items()},
            "design": self.design,
            "segment_timing": self.segment_timing,
            "covariates": list(self.covariates),
            "covariates_left_out": dict(self.covariates_left_out),
            "sample_size": None if self.sample_size is None else _without_groups(self.sample_size.to_dict(), small),
            "effects": _effect_rows(self.effects),
        }


def _effect_rows(effects: pd.DataFrame) -> list[dict]:
    """The document's ``effects``: a group of 1-4 people in a format without its figures or its size (null)."""
    shown = without_small_groups(effects)
    rows = [{k: _num(v) for k, v in row.items()} for row in shown[
        ["segment", "outcome", "n_structured", "n_unstructured", "effect", "ci_low", "ci_high", "method", "warnings"]
    ].to_dict(orient="records")]
    return hidden_counts(rows, shown)


def _without_groups(size: dict, groups: set[str]) -> dict:
    """The sample size's per-group assumptions (spread, gain) blank for ``groups``: the small-cell rule."""
    assumptions = {k: ({s: (None if s in groups else x) for s, x in v.items()} if isinstance(v, dict) else v)
                   for k, v in size.get("assumptions", {}).items()}
    return {**size, "assumptions": assumptions}


def _num(value):
    if isinstance(value, (list, tuple, str, bool)) or value is None:
        return value
    if isinstance(value, (np.integer,)):
        return int(value)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return value
    return value if math.isfinite(value) else None

"""The decision rule: when a recommendation is confident.

A recommendation is **confident** only when all of these hold:

- the interval of its advantage over the runner-up lies above zero, and not
  wholly below the smallest difference worth acting on (``min_difference``:
  a difference that is surely real but surely smaller than that is not worth
  the change; a difference that may be that large is acted on, so that an
  event planned to detect ``min_difference`` can settle the question);
- no segment in the mix is in a format the data cannot back (moving any one
  segment to the other format must be worse, with an interval above zero);
- every segment in the mix has at least :data:`MIN_SESSIONS_TO_ACT` sessions
  of each format (the threshold below which ``compare`` warns);
- every segment in the mix was seen in both formats;
- for an outcome read from the contacts, the two formats' contacts were recorded
  the same way (:func:`toolkit.compare.notes.channel_notes`: cards typed by staff in
  one format and badge scans in the other measure the recording, not the format;
  then no format is named at all, see below).

**No advice without evidence.** Where the options cannot be valued (a format
never seen, or never seen for a segment that carries weight in the mix), or
the advantage or a segment of the mix has no interval (a single session of a
format: nothing measures how sure it is), or there are fewer than
:data:`MIN_SESSIONS_TO_ACT` sessions of a format and the advantage does not
even lean one way (the certainty state "cannot compare yet"), or the formats'
contacts were recorded through different channels (for an outcome read from
the contacts), the recommendation names no format at all (``advisable`` is
False): a format name is never given without an expected value and a measure
of its certainty behind it.

Otherwise :func:`toolkit.recommend.sample_size` says how many rooms of each
format, with how many people, the next event needs for this rule to become
confident with a stated chance.

Example
-------
>>> from toolkit.compare import fit_comparison
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> from toolkit.recommend.mix import resolve_mix
>>> from toolkit.recommend.options import value_options
>>> table, _ = simulate_outcome_table(n_events=3, sessions_per_format=15,
...     effects={"new_contacts": {"reserved": 3.0, "self-directed": 2.5}}, random_state=22)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> values = value_options(comparison, resolve_mix({"reserved": 0.5, "self-directed": 0.5},
...                                                segments=comparison.segments, by="style"))
>>> decide(values, min_difference=0.0, confidence=0.95).confident
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from toolkit.compare import MIN_SESSIONS_PER_FORMAT
from toolkit.recommend.options import OptionValues
from toolkit.wording import advantage_leans

__all__ = ["MIN_SESSIONS_TO_ACT", "REASONS", "Decision", "decide"]

#: Below this many sessions of each format (for a segment in the mix) a recommendation is never confident:
#: the same threshold below which ``compare_formats`` warns that there are too few sessions
#: (:data:`toolkit.compare.MIN_SESSIONS_PER_FORMAT`), so that a comparison the data page calls fragile is
#: never the basis of a confident recommendation.
MIN_SESSIONS_TO_ACT = MIN_SESSIONS_PER_FORMAT

#: Why a recommendation is not confident, in the order they are told.
REASONS: tuple[str, ...] = ("channels_differ", "few_sessions", "includes_zero", "below_min_difference",
                            "segment_unclear", "never_seen")


@dataclass(frozen=True)
class Decision:
    """Whether to act on the recommendation, and why not.

    Attributes
    ----------
    confident : bool
    difference : dict
        The advantage over the runner-up: ``versus``, ``advantage``, ``ci_low``, ``ci_high``, ``se``.
    reasons : tuple of str
        Codes from :data:`REASONS` (empty when confident).
    unclear_segments : tuple of str
        Segments in the mix whose own format the data cannot back.
    fewest_sessions : int
        The fewest sessions of one format among the segments in the mix.
    advisable : bool
        The options can be valued: every segment in the mix was seen in both
        formats, each has an interval of its own, the best option has an
        expected value, and (below :data:`MIN_SESSIONS_TO_ACT` sessions of a
        format) the advantage at least leans one way. Where not, no format is
        recommended.
    unmeasured_segments : tuple of str
        Segments in the mix whose own difference has no interval (no format is recommended).
    too_few_to_tell : bool
        Too few sessions of a format and an advantage that does not lean either way: "cannot compare yet",
        so no format is recommended.

    Example
    -------
    >>> Decision(confident=False, difference={}, reasons=("few_sessions",), unclear_segments=(),
    ...          fewest_sessions=3).reasons
    ('few_sessions',)
    """

    confident: bool
    difference: dict
    reasons: tuple[str, ...]
    unclear_segments: tuple[str, ...]
    fewest_sessions: int
    advisable: bool = True
    unmeasured_segments: tuple[str, ...] = ()
    too_few_to_tell: bool = False


def decide(values: OptionValues, *, min_difference: float, confidence: float) -> Decision:
    """Apply the decision rule of the module's note to valued options.

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.recommend.mix import resolve_mix
    >>> from toolkit.recommend.options import value_options
    >>> table, _ = simulate_outcome_table(n_events=2, sessions_per_format=4, random_state=26,
    ...     effects={"new_contacts": {"reserved": 5.0, "self-directed": 5.0}})
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> values = value_options(comparison, resolve_mix({"reserved": 1.0}, segments=comparison.segments, by="style"))
    >>> decide(values, min_difference=0.0, confidence=0.95).reasons      # 8 sessions per format: too few
    ('few_sessions',)
    """
    names = values.comparison.segments
    active = values.mix.active
    # the advantage over the runner-up (by point estimate) must clear the organiser's threshold; and
    # no single segment may be in a format that the data cannot back (its own interval includes zero)
    difference = {"versus": values.runner_up} | values.advantage_over(values.plans[values.runner_up],
                                                                      confidence=confidence)
    # the expected figures rank the options on the shrunk differences, so their gap can be smaller than the
    # measured advantage; the wording names both where they differ (one reader, two numbers for one thing)
    difference["expected_advantage"] = float(values.net[values.recommended] - values.net[values.runner_up])
    low = difference["ci_low"]
    unclear = []
    for i in np.flatnonzero(active):
        flipped = values.plans[values.recommended].copy()
        flipped[i] = 1.0 - flipped[i]
        check = values.advantage_over(flipped, confidence=confidence)
        if not (np.isfinite(check["ci_low"]) and check["ci_low"] > 0):
            unclear.append(names[i])
    sessions = values.comparison.cluster_statistics.sessions
    fewest_per_segment = np.minimum(sessions["structured"].to_numpy(), sessions["unstructured"].to_numpy())[active]
    fewest = int(fewest_per_segment.min())
    reasons = []
    if values.comparison.contact_channels:
        reasons.append("channels_differ")
    if fewest < MIN_SESSIONS_TO_ACT:
        reasons.append("few_sessions")
    if not (np.isfinite(low) and low > 0):
        reasons.append("includes_zero")
    elif difference["ci_high"] < min_difference:
        reasons.append("below_min_difference")
    if unclear and "includes_zero" not in reasons and "below_min_difference" not in reasons:
        reasons.append("segment_unclear")
    if values.missing.any():
        reasons.append("never_seen")
    # no advice without evidence: every segment in the mix seen in both formats, a value for the best option, and a
    # measure of how sure its advantage is (one session of a format gives none: sessions are the units of evidence)
    measured = bool(np.isfinite(difference["ci_low"]) and np.isfinite(difference["ci_high"]))
    # each group of the mix needs its own interval: the split places each group by its own difference, and an
    # advantage over the whole mix can have an interval while a group's has none (it would rest on the others)
    own = np.isfinite(values.comparison.conf_int(confidence).to_numpy(dtype=float)).all(axis=1)
    unmeasured = tuple(str(names[i]) for i in np.flatnonzero(active & ~values.missing & ~own))
    # below the sessions needed to trust an interval, only a lean (toolkit.wording.certainty's rule) is worth
    # telling: an advantage the data neither show nor rule out is "cannot compare yet", not a choice
    too_few = fewest < MIN_SESSIONS_TO_ACT and measured and not advantage_leans(difference, min_difference)
    # contacts recorded through different channels in the two formats (cards typed by staff in one, badge scans in
    # the other): the difference measures the recording, so no format is named on it
    recorded_alike = not values.comparison.contact_channels
    advisable = (not values.missing.any() and bool(np.isfinite(values.expected[values.recommended])) and measured
                 and not unmeasured and not too_few and recorded_alike)
    confident = advisable and not reasons and not unclear
    return Decision(confident=confident, difference=difference, reasons=tuple(reasons),
                    unclear_segments=tuple(unclear), fewest_sessions=fewest, advisable=advisable,
                    unmeasured_segments=unmeasured, too_few_to_tell=too_few)


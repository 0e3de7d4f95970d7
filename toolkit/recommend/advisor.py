"""Advice for many mixes of one comparison: what does not depend on the mix is worked out once.

A dashboard slider asks :func:`toolkit.recommend.recommend_format` the same
question with one share changed, over and over. Most of an answer does not
depend on the shares: the check that the comparison belongs to the table, the
effects as a table, who is too few to describe, the planning inputs of the
next event's size, and (per set of groups in the mix, not their shares) the
shrinkage posterior and the sentences about the evidence. :class:`MixAdvisor`
keeps those, and the answers it has given, so a new mix costs only the mix's
own arithmetic and a mix asked before costs nothing. ``recommend_format`` runs
the same code (:func:`advise`) with nothing kept, so both give the same answer.

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> from toolkit.recommend import mix_advisor, recommend_format
>>> table, _ = simulate_outcome_table(random_state=5)
>>> advisor = mix_advisor(table, outcome="new_contacts", random_state=0)
>>> first = advisor.advise({"reserved": 0.3, "self-directed": 0.7})
>>> advisor.advise({"reserved": 0.3, "self-directed": 0.7}) is first     # asked before: kept
True
>>> recommend_format(table, comparison=advisor.comparison, random_state=0,
...                  mix={"reserved": 0.3, "self-directed": 0.7}).rationale == first.rationale
True
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from toolkit.compare import FormatComparison, fit_comparison
from toolkit.errors import UsageError
from toolkit.params import as_generator, validate_params
from toolkit.recommend.decision import MIN_SESSIONS_TO_ACT, Decision, decide
from toolkit.recommend.mix import ResolvedMix, resolve_mix
from toolkit.recommend.options import OptionValues, probability_best, value_options
from toolkit.recommend.result import Recommendation
from toolkit.recommend.sample_size import planning_inputs, sample_size
from toolkit.wording import (
    evidence_sentences,
    expected_left_out_sentence,
    few_people,
    next_step_sentence,
    no_advice_sentences,
    options_sentences,
    sample_size_sentence,
    segment_timing_sentences,
    settle_sentence,
    verdict_sentences,
)

__all__ = ["MixAdvisor", "mix_advisor"]


class MixFree:
    """The parts of an answer that do not depend on the mix's shares, worked out on first use.

    With ``keep=False`` (one answer: ``recommend_format``) the per-set parts
    are not kept between calls; the others are computed at most once anyway.
    """

    def __init__(self, table: pd.DataFrame, comparison: FormatComparison, *, confidence: float, power: float,
                 n_draws: int, keep: bool = True) -> None:
        self.table, self.comparison = table, comparison
        self.confidence, self.power, self.n_draws = confidence, power, n_draws
        self.keep = keep
        self._effects: pd.DataFrame | None = None
        self._few: np.ndarray | None = None
        self._planning: dict | None = None
        self.posteriors: dict | None = {} if keep else None
        # no lock: two threads filling a part at once compute it twice and keep one (equal) copy, which is
        # cheaper for the visible answer than waiting for work ahead on another mix to finish
        self._evidence: dict = {}

    def effects(self) -> pd.DataFrame:
        if self._effects is None:
            self._effects = self.comparison.to_frame(self.confidence)
        # each Recommendation gets its own copy: a caller may change it
        return self._effects.copy() if self.keep else self._effects

    def few(self) -> np.ndarray:
        if self._few is None:
            self._few = few_people(self.comparison.effects).to_numpy(dtype=bool)
        return self._few

    def planning(self) -> dict:
        if self._planning is None:
            self._planning = planning_inputs(self.table, self.comparison.outcome)
        return self._planning

    def evidence(self, effects: pd.DataFrame, active: np.ndarray, incomparable: list[str]) -> list[str]:
        """``evidence_sentences`` of the groups in the mix: they depend on which groups, not their shares."""
        comparison = self.comparison
        key = (active.tobytes(), tuple(incomparable))
        if not self.keep or key not in self._evidence:
            sentences = evidence_sentences(effects[active], unit=comparison.outcome.replace("_", " "),
                                           confidence=self.confidence, by=comparison.by, incomparable=incomparable)
            if not self.keep:
                return sentences
            self._evidence[key] = sentences
        return list(self._evidence[key])


def advise(fixed: MixFree, mix, *, cost_per_attendee: float, min_difference: float, random_state) -> Recommendation:
    """The recommendation for ``mix`` (see :func:`toolkit.recommend.recommend_format`), from ``fixed``'s parts."""
    table, comparison, confidence = fixed.table, fixed.comparison, fixed.confidence
    resolved = resolve_mix(mix, segments=comparison.segments, by=comparison.by, table=table)
    described, left_out = _described_mix(resolved, comparison, fixed.few())
    valued = bool(described.active.any())
    # where every group is too small in a format the options are still valued (to say so in words), never shown
    values = value_options(comparison, described if valued else resolved, cost_per_attendee=cost_per_attendee,
                           posteriors=fixed.posteriors)
    chance = probability_best(values, n_draws=fixed.n_draws, rng=as_generator(random_state))
    decision = decide(values, min_difference=min_difference, confidence=confidence)
    if not valued:
        decision = dataclasses.replace(decision, advisable=False, confident=False)
    size = None
    if decision.advisable and not decision.confident:
        inputs = fixed.planning()
        size = sample_size(comparison, resolved, min_difference=min_difference, power=fixed.power,
                           confidence=confidence, cost_per_attendee=cost_per_attendee, room_size=inputs["room_size"],
                           event_size=inputs["event_size"], answer_rate=inputs["answer_rate"],
                           random_state=as_generator(random_state))
    effects = fixed.effects()
    expected = dict(values.expected) if valued else {o: float("nan") for o in values.expected}
    if values.missing.any():
        expected["split"] = float("nan")  # "each segment to its better format" is unknown for a segment never compared
    next_step = next_step_sentence(
        advisable=decision.advisable, confident=decision.confident, never_compared=_never_compared(values),
        next_event=None if size is None else sample_size_sentence(size, by=comparison.by),
        min_sessions=MIN_SESSIONS_TO_ACT,
        unattributed=comparison.n_unattributable > 0, post_event_segment=comparison.segment_timing == "post-event",
        by=comparison.by, recorded_apart=bool(comparison.contact_channels))
    return Recommendation(
        outcome=comparison.outcome,
        by=comparison.by,
        recommended=values.recommended if decision.advisable else None,
        expected=expected,
        probability_best=chance if decision.advisable else float("nan"),
        confident=decision.confident,
        rationale=_rationale(values, decision, effects, resolved, fixed, chance=chance, confidence=confidence,
                             min_difference=min_difference, expected=expected, left_out=left_out)
        + ([] if decision.confident else [settle_sentence(next_step)]),
        effects=effects,
        needed_per_arm=None if size is None else (size.needed_per_arm or None),
        mix=resolved.shares,
        plan=values.plan if decision.advisable else {},
        difference=decision.difference if decision.advisable else {},
        cost_per_attendee=float(cost_per_attendee),
        min_difference=float(min_difference),
        next_step=next_step,
        design=comparison.design,
        segment_timing=comparison.segment_timing,
        covariates=tuple(comparison.covariates),
        covariates_left_out=dict(comparison.covariates_left_out),
        sample_size=size,
        expected_left_out=tuple(left_out),
    )


def _never_compared(values: OptionValues) -> list[str] | None:
    """Segments in the mix never seen in both formats; None where no one was (a format never seen at all)."""
    comparison = values.comparison
    effects = comparison.effects
    seen = {fmt: int(effects[f"n_{fmt}"].sum()) for fmt in ("structured", "unstructured")}
    if min(seen.values()) == 0:
        return None
    return [comparison.segments[i] for i in np.flatnonzero(values.missing)]


def _described_mix(mix: ResolvedMix, comparison: FormatComparison, few: np.ndarray) -> tuple[ResolvedMix, list[str]]:
    """The mix without its groups of 1-4 people in a format (the small-cell rule), renormalised, and those groups.

    The options are valued from each group's means in both formats and their
    advantage weighs every group of the mix, so a group of a few people in a
    format would be described by the expected figures (and its difference
    worked back from the advantage and the other groups' shown differences).
    Such groups are left out of the valuing, also where the other format had
    none of them (its mean would be shown as that option's value); a group
    never seen in one format and seen by 5 or more in the other stays, and
    blocks the advice as before. The weights are all 0 where no group is left.
    """
    left_out = [s for i, s in enumerate(comparison.segments) if few[i] and mix.active[i]]
    if not left_out:
        return mix, []
    kept = np.where(few, 0.0, mix.weights)
    kept = kept / kept.sum() if kept.sum() > 0 else kept
    shares = {s: float(kept[i]) for i, s in enumerate(comparison.segments) if kept[i] > 0}
    return dataclasses.replace(mix, weights=kept, shares=shares), left_out


def _rationale(values: OptionValues, decision: Decision, effects: pd.DataFrame, mix: ResolvedMix, fixed: MixFree, *,
               chance: float, confidence: float, min_difference: float, expected: dict[str, float],
               left_out: list[str]) -> list[str]:
    """The sentences of the recommendation, in the order a person reads them (words from toolkit.wording)."""
    comparison = values.comparison
    unit = comparison.outcome.replace("_", " ")
    incomparable = [comparison.segments[i] for i in np.flatnonzero(values.missing)]
    timing = segment_timing_sentences(by=comparison.by, timing=comparison.segment_timing)
    if not decision.advisable:
        seen = {fmt: int(comparison.effects[f"n_{fmt}"].sum()) for fmt in ("structured", "unstructured")}
        unmeasured = not incomparable and not left_out and not all(
            np.isfinite(decision.difference.get(k, np.nan)) for k in ("ci_low", "ci_high"))
        return (no_advice_sentences(unit=unit, mix_source=mix.source, mix=mix.shares, expected=expected,
                                    seen=seen, incomparable=incomparable, notes=list(comparison.notes),
                                    fewest_sessions=decision.fewest_sessions if unmeasured else None,
                                    unmeasured=() if incomparable else decision.unmeasured_segments,
                                    too_few_to_tell=(decision.fewest_sessions if decision.too_few_to_tell
                                                     and not incomparable else None),
                                    by=comparison.by)
                + ([expected_left_out_sentence(left_out, every_group=not any(np.isfinite(list(expected.values()))))]
                   if left_out else [])
                + fixed.evidence(effects, mix.active, [])
                + timing)
    return (
        fixed.evidence(effects, mix.active, incomparable)
        + options_sentences(unit=unit, mix_source=mix.source, mix=mix.shares, expected=expected,
                            left_out=left_out, cost_per_attendee=values.cost_per_attendee, recommended=values.recommended,
                            plan=values.plan, probability_best=chance, difference=decision.difference,
                            confidence=confidence)
        + verdict_sentences(confident=decision.confident, reasons=decision.reasons, min_difference=min_difference,
                            fewest_sessions=decision.fewest_sessions, min_sessions=MIN_SESSIONS_TO_ACT,
                            unclear_segments=decision.unclear_segments,
                            between_events=comparison.design not in ("within events", "within person"))
        + timing
    )


_Key = tuple


class MixAdvisor:
    """Recommendations for many mixes of one table and comparison (see the module's note).

    Made by :func:`mix_advisor`. :meth:`advise` answers a mix and keeps the
    answer (the latest ``max_kept``); :meth:`advise_ahead` answers mixes a
    person is likely to ask next, in a background thread, and stops as soon
    as its ``stop()`` says so. Safe to share between threads: a mix being
    answered in one is waited for, not answered twice.

    Attributes
    ----------
    comparison : FormatComparison
        The fitted comparison every answer uses.

    Example
    -------
    >>> from toolkit import mix_advisor
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=5)
    >>> advisor = mix_advisor(table, outcome="new_contacts", random_state=0)
    >>> nearby = [{"reserved": s / 100, "self-directed": 1 - s / 100} for s in (49, 51)]
    >>> advisor.advise_ahead(nearby), advisor.is_kept(nearby[0])
    (2, True)
    """

    def __init__(self, table: pd.DataFrame, comparison: FormatComparison, *, confidence: float = 0.95,
                 power: float = 0.8, n_draws: int = 20_000, random_state: int = 0, max_kept: int = 256) -> None:
        self.comparison = comparison
        self.random_state = random_state
        self.max_kept = max_kept
        self._fixed = MixFree(table, comparison, confidence=confidence, power=power, n_draws=n_draws)
        self._answers: collections.OrderedDict[_Key, Recommendation] = collections.OrderedDict()
        self._working: dict[_Key, threading.Event] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(mix, cost_per_attendee: float, min_difference: float) -> _Key:
        if mix is None:
            shares = None
        elif isinstance(mix, Mapping):
            shares = tuple(sorted((str(g), float(v)) for g, v in mix.items()))
        else:
            raise UsageError("mix_advisor: give the mix as a mapping of group to share (or None for the default); "
                             f"got {type(mix).__name__}. For registrations, use recommend_format.")
        return shares, float(cost_per_attendee), float(min_difference)

    def is_kept(self, mix: Mapping[str, float] | None, *, cost_per_attendee: float = 0.0,
                min_difference: float = 0.0) -> bool:
        """Whether the answer for this mix is already kept (asking for it costs nothing)."""
        with self._lock:
            return self._key(mix, cost_per_attendee, min_difference) in self._answers

    def advise(self, mix: Mapping[str, float] | None = None, *, cost_per_attendee: float = 0.0,
               min_difference: float = 0.0) -> Recommendation:
        """The recommendation for ``mix``, the same as ``recommend_format`` with this comparison would give.

        Parameters are those of :func:`toolkit.recommend.recommend_format`;
        the mix is used with its groups in name order (the same answer as
        ``recommend_format`` given them in that order: another order can move
        the last digit of a float).
        The returned object is shared with later callers asking the same: read it, do not change it.
        """
        validate_params("recommend", cost_per_attendee=cost_per_attendee, min_difference=min_difference)
        key = self._key(mix, cost_per_attendee, min_difference)
        while True:
            with self._lock:
                if key in self._answers:
                    self._answers.move_to_end(key)
                    return self._answers[key]
                busy = self._working.get(key)
                if busy is None:
                    done = self._working[key] = threading.Event()
                    break
            busy.wait()  # another thread is answering this very mix: its answer comes sooner than a second one
        try:
            # the groups in the key's order, whatever the caller's: one mix, one answer to the last bit
            shares = None if key[0] is None else dict(key[0])
            answer = advise(self._fixed, shares, cost_per_attendee=cost_per_attendee,
                            min_difference=min_difference, random_state=self.random_state)
            with self._lock:
                self._answers[key] = answer
                while len(self._answers) > self.max_kept:
                    self._answers.popitem(last=False)
            return answer
        finally:
            with self._lock:
                self._working.pop(key, None)
            done.set()

    def advise_ahead(self, mixes: Iterable[Mapping[str, float]], *, cost_per_attendee: float = 0.0,
                     min_difference: float = 0.0, stop: Callable[[], bool] = lambda: False) -> int:
        """Answer ``mixes`` in order before they are asked, until ``stop()`` is true; the number answered.

        ``stop`` is asked before each mix, so a caller that sets it gives up
        after the answer in progress at most. Errors are left for the
        visible call to raise.
        """
        answered = 0
        for mix in mixes:
            if stop():
                break
            if self.is_kept(mix, cost_per_attendee=cost_per_attendee, min_difference=min_difference):
                continue
            try:
                self.advise(mix, cost_per_attendee=cost_per_attendee, min_difference=min_difference)
            except Exception:  # noqa: BLE001 - the same mix asked for real raises it where it can be shown
                continue
            answered += 1
        return answered


def comparison_for(table: pd.DataFrame, comparison: FormatComparison | None, *, outcome, by, covariates,
                    weight_nonresponse, adjust, random_state) -> FormatComparison:
    """The comparison given (checked against the table and options), or a fresh fit.

    Shared by :func:`toolkit.recommend.recommend_format` and :func:`mix_advisor`, so both check a comparison
    passed in the same way.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=5)
    >>> comparison_for(table, None, outcome="new_contacts", by=None, covariates=None, weight_nonresponse=None,
    ...                adjust=None, random_state=0).fitted_on.options["outcome"]
    'new_contacts'
    """
    if comparison is not None:
        comparison.check_fitted_on(table, caller="recommend", outcome=outcome, by=by, covariates=covariates,
                                   weight_nonresponse=weight_nonresponse)
        stored = comparison.fitted_on.options.get("adjust")
        fitted_adjusted = True if stored is None else bool(stored)  # None: the default, which adjusts
        if adjust is not None and fitted_adjusted != bool(adjust):
            raise UsageError(f"recommend: the comparison given was fitted with adjust={fitted_adjusted}, not "
                             f"{bool(adjust)}; fit one with these options, or leave comparison out.")
        return comparison
    if outcome is None:
        raise UsageError("recommend: name the outcome to optimise (outcome=...), or give a fitted comparison.")
    return fit_comparison(table, outcome=outcome, by="style" if by is None else by, covariates=covariates,
                          weight_nonresponse=bool(weight_nonresponse), adjust=adjust, random_state=random_state)


def mix_advisor(table: pd.DataFrame, *, outcome: str | None = None, by: str | None = None,
                comparison: FormatComparison | None = None, covariates: list[str] | None = None,
                weight_nonresponse: bool | None = None, adjust: bool | None = None, confidence: float = 0.95,
                power: float = 0.8, n_draws: int = 20_000, random_state: int = 0,
                max_kept: int = 256) -> MixAdvisor:
    """A :class:`MixAdvisor` for ``table``: the comparison fitted (or checked) once, answers kept per mix.

    Parameters are those of :func:`toolkit.recommend.recommend_format`;
    ``random_state`` must be an integer (each mix's draws start from it, as in
    ``recommend_format`` with that seed), and ``max_kept`` bounds the answers kept.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=5)
    >>> advisor = mix_advisor(table, outcome="new_contacts", random_state=0)
    >>> advisor.advise({"reserved": 0.6, "self-directed": 0.4}).mix
    {'reserved': 0.6, 'self-directed': 0.4}
    """
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
        raise UsageError("mix_advisor: random_state must be an integer (the seed every mix's answer starts from); "
                         f"got {random_state!r}.")
    validate_params("recommend", confidence=confidence, power=power, n_draws=n_draws, random_state=random_state)
    comparison = comparison_for(table, comparison, outcome=outcome, by=by, covariates=covariates,
                                 weight_nonresponse=weight_nonresponse, adjust=adjust, random_state=random_state)
    return MixAdvisor(table, comparison, confidence=confidence, power=power, n_draws=n_draws,
                      random_state=int(random_state), max_kept=max_kept)

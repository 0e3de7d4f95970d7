"""Which format to run at the next event, how sure we are, and what it would take to be sure.

In plain words: from the effect of the structured format in each segment
(:func:`toolkit.compare.fit_comparison`) and the expected mix of segments at
the next event, work out the expected outcome per attendee if everyone gets
the structured format, if everyone gets open mingling, and under a *split*
(each segment to the format that worked better for it, in parallel rooms).
Recommend the best, say how likely it is really the best, and call the
recommendation ``confident`` only when the interval of its advantage over the
runner-up excludes zero and the smallest difference the organiser cares about.
When it is not confident, say how big the next event must be for the
advice to become confident (:func:`sample_size`: rooms of each format and
people per room, from the rule itself). Where the options cannot be valued at
all (a format never seen, or never seen for a segment in the mix), recommend
no format (``recommended`` is None) and say what would settle it
(``next_step``): never a format name without an expected value behind it.

The parts: :mod:`~toolkit.recommend.mix` (the mix: given, from registrations,
or :func:`default_mix`), :mod:`~toolkit.recommend.options` (valuing the
options, the chance each is best), :mod:`~toolkit.recommend.decision` (the
decision rule), :mod:`~toolkit.recommend.sample_size` (the next event's
size), :mod:`~toolkit.recommend.result` (:class:`Recommendation`); the
sentences of the rationale come from :mod:`toolkit.wording`.

The comparison depends on the table, outcome and segment column only, not on
the mix, cost or threshold. Fit it once with
:func:`toolkit.compare.fit_comparison` and pass it as
``recommend_format(..., comparison=...)``: trying many mixes or costs (a
dashboard slider) then costs milliseconds instead of a refit each time.

Example
-------
>>> from toolkit.compare import fit_comparison
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, truth = simulate_outcome_table(random_state=5)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> for share in (0.3, 0.5, 0.7):          # no refit: only the arithmetic of the mix
...     rec = recommend_format(table, comparison=comparison, random_state=0,
...                            mix={"reserved": share, "self-directed": 1 - share})
>>> rec.recommended in ("structured", "unstructured", "split"), rec.mix["reserved"]
(True, 0.7)
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from toolkit.compare import FormatComparison, fit_comparison
from toolkit.errors import UsageError
from toolkit.params import as_generator, validate_params
from toolkit.recommend.decision import MIN_SESSIONS_TO_ACT, Decision, decide
from toolkit.recommend.mix import ResolvedMix, default_mix, resolve_mix
from toolkit.recommend.options import OptionValues, probability_best, value_options
from toolkit.recommend.result import Recommendation
from toolkit.recommend.sample_size import SampleSize, planning_inputs, sample_size
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

__all__ = ["recommend_format", "default_mix", "Recommendation", "MIN_SESSIONS_TO_ACT", "SampleSize", "sample_size",
           "planning_inputs"]


def recommend_format(
    table: pd.DataFrame,
    *,
    outcome: str | None = None,
    by: str | None = None,
    mix: dict[str, float] | pd.DataFrame | None = None,
    cost_per_attendee: float = 0.0,
    min_difference: float = 0.0,
    confidence: float = 0.95,
    covariates: list[str] | None = None,
    weight_nonresponse: bool | None = None,
    adjust: bool | None = None,
    power: float = 0.8,
    n_draws: int = 20_000,
    random_state: int | np.random.Generator | None = None,
    comparison: FormatComparison | None = None,
) -> Recommendation:
    """Recommend structured, unstructured or split sessions for the next event.

    Parameters
    ----------
    table : DataFrame
        The outcome table (``toolkit.outcomes.compute_outcomes``).
    outcome : str, optional
        The outcome to optimise (for ``familiar_share`` and ``spectator`` lower
        is better). Required unless ``comparison`` is given (then its outcome).
    by : str, optional
        Segment column; default ``"style"`` (or the comparison's).
    mix : dict or DataFrame, optional
        Expected share of each segment at the next event (normalised to 1), or
        the next event's registrations (a frame with the ``by`` column, or
        ``networking_style`` for ``by="style"``) to take the shares from;
        default :func:`default_mix` (the last event's attendees in networking
        sessions, every segment including ``unknown``).
    cost_per_attendee : float
        Cost of facilitation per attendee in a structured session, in units of
        the outcome (e.g. 0.5 means a facilitated session must bring half a
        contact more per person to pay for itself).
    min_difference : float
        Smallest advantage worth acting on, in outcome units: an advantage
        whose whole interval lies below it is not acted on, and the next
        event is sized to detect it (0: the outcome's default in
        :mod:`toolkit.catalogue` for the size, no threshold for the verdict).
    confidence : float
        Level of the interval of the advantage.
    covariates : list of str, optional
        Attendee columns to adjust for when fitting (default: the comparison's,
        else :func:`toolkit.compare.default_covariates`; ``[]`` for none).
    weight_nonresponse : bool, optional
        For survey outcomes, weight respondents by the inverse of their
        estimated probability of answering (default: the comparison's, else False).
    adjust : bool, optional
        Adjust for attendee covariates when fitting (default yes; see
        :func:`toolkit.compare.fit_comparison`).
    power : float
        The chance of a confident answer the next event is sized for (:func:`sample_size`).
    n_draws : int
        Monte Carlo draws for ``probability_best``.
    random_state : None, int or numpy.random.Generator
        Seed (see :mod:`toolkit.params`) of the cross-fitting folds and of the
        draws for ``probability_best``.
    comparison : FormatComparison, optional
        A comparison fitted by :func:`toolkit.compare.fit_comparison` on this
        table (checked by its fingerprint: a comparison fitted on another table,
        outcome, ``by``, covariates or weighting raises
        :class:`~toolkit.errors.UsageError`). It is used instead of fitting
        again; its own ``random_state`` set the folds, ``random_state`` here
        seeds the draws only.

    Returns
    -------
    Recommendation

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, truth = simulate_outcome_table(n_events=6, sessions_per_format=1,
    ...                                       whole_event_format=True, random_state=0)
    >>> recommend_format(table, outcome="new_contacts", random_state=0).confident
    False

    Where one format was never seen there is no advice, only what would settle it:

    >>> one_format = table[table["format"] == "unstructured"]
    >>> advice = recommend_format(one_format, outcome="new_contacts", random_state=0)
    >>> advice.recommended is None, advice.confident, advice.next_step[:34]
    (True, False, 'Run both formats at the next event')
    """
    validate_params("recommend", cost_per_attendee=cost_per_attendee, min_difference=min_difference,
                    confidence=confidence, power=power, n_draws=n_draws, random_state=random_state)
    comparison = _comparison_for(table, comparison, outcome=outcome, by=by, covariates=covariates,
                                 weight_nonresponse=weight_nonresponse, adjust=adjust, random_state=random_state)
    resolved = resolve_mix(mix, segments=comparison.segments, by=comparison.by, table=table)
    described, left_out = _described_mix(resolved, comparison)
    valued = bool(described.active.any())
    # where every group is too small in a format the options are still valued (to say so in words), never shown
    values = value_options(comparison, described if valued else resolved, cost_per_attendee=cost_per_attendee)
    chance = probability_best(values, n_draws=n_draws, rng=as_generator(random_state))
    decision = decide(values, min_difference=min_difference, confidence=confidence)
    if not valued:
        decision = dataclasses.replace(decision, advisable=False, confident=False)
    size = None
    if decision.advisable and not decision.confident:
        inputs = planning_inputs(table, comparison.outcome)
        size = sample_size(comparison, resolved, min_difference=min_difference, power=power, confidence=confidence,
                           cost_per_attendee=cost_per_attendee, room_size=inputs["room_size"],
                           event_size=inputs["event_size"], answer_rate=inputs["answer_rate"],
                           random_state=as_generator(random_state))
    effects = comparison.to_frame(confidence)
    expected = dict(values.expected) if valued else {o: float("nan") for o in values.expected}
    if values.missing.any():
        expected["split"] = float("nan")  # "each segment to its better format" is unknown for a segment never compared
    next_step = next_step_sentence(
        advisable=decision.advisable, confident=decision.confident, never_compared=_never_compared(values),
        next_event=None if size is None else sample_size_sentence(size, by=comparison.by),
        min_sessions=MIN_SESSIONS_TO_ACT,
        unattributed=comparison.n_unattributable > 0, post_event_segment=comparison.segment_timing == "post-event",
        by=comparison.by)
    return Recommendation(
        outcome=comparison.outcome,
        by=comparison.by,
        recommended=values.recommended if decision.advisable else None,
        expected=expected,
        probability_best=chance if decision.advisable else float("nan"),
        confident=decision.confident,
        rationale=_rationale(values, decision, effects, resolved, chance=chance, confidence=confidence,
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


def _comparison_for(table: pd.DataFrame, comparison: FormatComparison | None, *, outcome, by, covariates,
                    weight_nonresponse, adjust, random_state) -> FormatComparison:
    """The comparison given (checked against the table and options), or a fresh fit."""
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


def _described_mix(mix: ResolvedMix, comparison: FormatComparison) -> tuple[ResolvedMix, list[str]]:
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
    few = few_people(comparison.effects).to_numpy(dtype=bool)
    left_out = [s for i, s in enumerate(comparison.segments) if few[i] and mix.active[i]]
    if not left_out:
        return mix, []
    kept = np.where(few, 0.0, mix.weights)
    kept = kept / kept.sum() if kept.sum() > 0 else kept
    shares = {s: float(kept[i]) for i, s in enumerate(comparison.segments) if kept[i] > 0}
    return dataclasses.replace(mix, weights=kept, shares=shares), left_out


def _rationale(values: OptionValues, decision: Decision, effects: pd.DataFrame, mix: ResolvedMix, *,
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
                                    fewest_sessions=decision.fewest_sessions if unmeasured else None)
                + ([expected_left_out_sentence(left_out, every_group=not any(np.isfinite(list(expected.values()))))]
                   if left_out else [])
                + evidence_sentences(effects[mix.active], unit=unit, confidence=confidence, by=comparison.by,
                                     incomparable=[])
                + timing)
    return (
        evidence_sentences(effects[mix.active], unit=unit, confidence=confidence, by=comparison.by,
                           incomparable=incomparable)
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

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
:func:`mix_advisor` goes further (:mod:`~toolkit.recommend.advisor`): it
also keeps what depends on the groups in the mix but not their shares, and
the answers given, and can answer likely next mixes ahead of time.

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

import numpy as np
import pandas as pd

from toolkit.compare import FormatComparison
from toolkit.params import validate_params
from toolkit.recommend.advisor import MixAdvisor, MixFree, advise, comparison_for, mix_advisor
from toolkit.recommend.decision import MIN_SESSIONS_TO_ACT
from toolkit.recommend.mix import default_mix
from toolkit.recommend.result import Recommendation
from toolkit.recommend.sample_size import SampleSize, planning_inputs, sample_size

__all__ = ["recommend_format", "default_mix", "Recommendation", "MIN_SESSIONS_TO_ACT", "SampleSize", "sample_size",
           "planning_inputs", "mix_advisor", "MixAdvisor"]


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
    comparison = comparison_for(table, comparison, outcome=outcome, by=by, covariates=covariates,
                                 weight_nonresponse=weight_nonresponse, adjust=adjust, random_state=random_state)
    fixed = MixFree(table, comparison, confidence=confidence, power=power, n_draws=n_draws, keep=False)
    return advise(fixed, mix, cost_per_attendee=cost_per_attendee, min_difference=min_difference,
                  random_state=random_state)




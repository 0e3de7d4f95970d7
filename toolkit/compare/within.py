"""The within-person comparison: people who were in both formats at one event, each their own control.

In plain words: where a person was in a structured and an open session at
the same event, their outcome in the structured session minus their outcome
in the open one is a comparison in which everything about the person (how
sociable they are, their industry, why they came) is the same on both sides.
The effect of a segment is the average of those differences over its people.

Two things are allowed for:

- **Order.** The second session of an evening may give more (people are warmed
  up) or less (they are tired, or already met) than the first. Within each
  event and segment, the people who had the structured session first and those
  who had it second are given equal weight, so that a difference between
  first and second sessions cancels out. Where at an event everyone had the
  same order (or the order is unknown), the format cannot be told apart from
  coming first or second, and the comparison says so.
- **Shared rooms.** People in one session share a room and an evening; a
  person who came to several events is the same person each time. Each
  person's difference belongs to their structured session, their open
  session and themselves, and the interval is cluster-robust in all three at
  once (:class:`~toolkit.compare.variance.MultiwayVariance`).

Estimand: for segment *s*, the average over people of the segment seen in
both formats at an event of (outcome in their structured session − outcome
in their open session), with the people who had structured first and those
who had it second weighted equally within each event, and events weighted by
their number of such people. A person in several sessions of one format at an
event contributes the mean of those sessions.

Example
-------
>>> from toolkit.datasets.simulate import simulate_crossover_table
>>> from toolkit.compare.design import prepare_analysis_frame
>>> from toolkit.compare.aipw import outcome_values
>>> table, truth = simulate_crossover_table(random_state=2)
>>> frame = prepare_analysis_frame(table, by="style", random_state=0)
>>> fit = within_person_effects(frame, outcome_values(frame, "new_contacts"))
>>> [round(float(x), 1) for x in fit.effect], truth["new_contacts"]
([2.9, -1.0], {'reserved': 3.0, 'self-directed': -1.0})
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from toolkit.compare.design import AnalysisFrame
from toolkit.compare.variance import MultiwayVariance

__all__ = ["ExposureDesign", "exposure_design", "WithinPersonFit", "within_person_effects", "ORDER_LABELS"]

#: The order of a person's sessions at an event: structured first (+1), open first (-1), unknown or mixed (0).
ORDER_LABELS: dict[int, str] = {1: "structured first", -1: "open first", 0: "order unknown"}


@dataclass(frozen=True, eq=False)
class ExposureDesign:
    """Which comparison an outcome gets, and who is left out of it.

    Attributes
    ----------
    within : bool
        Compare within person (people in both formats at an event), else between people in one format.
    excluded : ndarray
        Per row of the analysis frame: left out of the comparison.
    n_both : int
        People-at-an-event seen in both formats.
    n_one : int
        People-at-an-event seen in one format only.
    n_several_one_row : int
        Rows that stand for several sessions of one person (left out: their format cannot be told).
    survey : bool
        The outcome is a survey answer (per event, never compared within person).
    asked : bool or None
        ``within_person`` as the caller gave it (None: chosen by the rule).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, one_format_share=0.2, random_state=0)
    >>> design = exposure_design(prepare_analysis_frame(table, by="style"), survey=False)
    >>> design.within, design.n_both, design.n_one
    (True, 80, 20)
    """

    within: bool
    excluded: np.ndarray
    n_both: int
    n_one: int
    n_several_one_row: int
    survey: bool
    asked: bool | None = None


def exposure_design(frame: AnalysisFrame, *, survey: bool, within_person: bool | None = None) -> ExposureDesign:
    """Choose between the within-person and the between-people comparison for one outcome.

    The rule: survey outcomes are per event (one answer for both sessions),
    so they are never compared within person, and the people seen in both
    formats are left out of them. Contact outcomes are compared within
    person where people seen in both formats at an event are at least as many
    as people seen in one format only (``within_person=None``); the people in
    one format only are then left out (mixing a comparison between different
    people into one that holds each person fixed would bring back the
    question of who chose which format). Otherwise the comparison is between
    people in one format, and the few seen in both are left out.
    ``within_person=True`` or ``False`` overrides the count. Rows that stand
    for several sessions (one row for a person in several) are always left out.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style")
    >>> exposure_design(frame, survey=True).within, exposure_design(frame, survey=False).within
    (False, True)
    """
    n = len(frame.treated)
    several = frame.stands_for_several if frame.stands_for_several is not None else np.zeros(n, dtype=bool)
    in_unit = frame.unit >= 0 if frame.unit is not None else np.zeros(n, dtype=bool)
    n_both = int(frame.unit.max()) + 1 if in_unit.any() else 0
    alone = ~in_unit & ~several
    n_one = _people_at_events(frame, alone) if n_both else 0
    if survey or not n_both:
        within = False
    elif within_person is None:
        within = n_both >= n_one
    else:
        within = bool(within_person)
    excluded = (~in_unit) if within else (in_unit | several)
    return ExposureDesign(within=within, excluded=excluded, n_both=n_both, n_one=n_one,
                          n_several_one_row=int(several.sum()), survey=survey, asked=within_person)


def _people_at_events(frame: AnalysisFrame, rows: np.ndarray) -> int:
    """Distinct people-at-an-event among ``rows`` (a row without an attendee id counts as one)."""
    if frame.person_event is None:
        return int(rows.sum())
    key = frame.person_event[rows]
    return int(len(np.unique(key[key >= 0])) + (key < 0).sum())


@dataclass(frozen=True, eq=False)
class WithinPersonFit:
    """The within-person estimate per segment (in the frame's segment order) and what it rests on.

    Attributes
    ----------
    effect, mean_structured, mean_unstructured : ndarray
        Per segment (NaN where nobody of the segment was seen in both formats
        with a value in each). The means are of the same people, weighted as
        the effect is, so their difference is the effect.
    n_people : ndarray
        Per segment: people-at-an-event compared (each was in both formats).
    n_unusable : ndarray
        Per segment: people in both formats without a value in one of them.
    n_unattributable : ndarray
        Per segment: of those, people whose contacts could not be attributed
        to a session (``attribution`` is ``unattributable``).
    sessions_structured, sessions_unstructured : ndarray
        Per segment: the sessions of each format those people were in.
    order_counts : DataFrame
        Per segment (index) and order (columns ``structured first``, ``open first``, ``order unknown``): people.
    unbalanced_events : dict
        Segment -> events where its people did not have both orders (the
        format there cannot be told apart from coming first or second).
    outcome_sd : ndarray
        Per segment: the pooled within-format standard deviation of the outcome.
    comparable : ndarray
        Per segment: an effect exists.
    rows : ndarray
        Mask over the analysis frame: rows that entered the estimate.
    variance : MultiwayVariance

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.compare.aipw import outcome_values
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> fit = within_person_effects(frame, outcome_values(frame, "contacts"))
    >>> fit.sessions_structured.tolist(), int(fit.n_people.sum()) == table["attendee_id"].nunique()
    ([4, 4], True)
    """

    effect: np.ndarray
    mean_structured: np.ndarray
    mean_unstructured: np.ndarray
    n_people: np.ndarray
    n_unusable: np.ndarray
    n_unattributable: np.ndarray
    sessions_structured: np.ndarray
    sessions_unstructured: np.ndarray
    order_counts: pd.DataFrame
    unbalanced_events: dict[str, list[str]]
    outcome_sd: np.ndarray
    comparable: np.ndarray
    rows: np.ndarray
    variance: MultiwayVariance


@dataclass(frozen=True, eq=False)
class _Units:
    """Per within-person unit (a person in both formats at an event): what the estimate needs, as arrays."""

    segment: np.ndarray
    event: np.ndarray
    k_s: np.ndarray
    k_u: np.ndarray
    mean_s: np.ndarray
    mean_u: np.ndarray
    order: np.ndarray
    unattributable: np.ndarray

    @property
    def usable(self) -> np.ndarray:
        return (self.k_s > 0) & (self.k_u > 0)


def _per_unit(unit: np.ndarray, n: int, values: np.ndarray, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Count and mean of ``values`` over the rows ``where``, per unit."""
    count = np.bincount(unit, weights=where.astype(float), minlength=n)
    total = np.bincount(unit, weights=np.where(where, values, 0.0), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return count, total / count


def _unit_table(frame: AnalysisFrame, y_all: np.ndarray) -> tuple[np.ndarray, _Units, np.ndarray]:
    """The rows of within-person units and one entry per unit: segment, event, order, means per format."""
    data = frame.frame
    rows = np.flatnonzero(frame.unit >= 0)
    unit = frame.unit[rows]
    n = int(unit.max()) + 1
    order = (pd.to_numeric(data["session_order"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[rows]
             if "session_order" in data.columns else np.full(len(rows), np.nan))
    event_codes, event_names = (pd.factorize(data["event_id"].astype("string").fillna(""))
                                if "event_id" in data.columns else (np.zeros(len(data), dtype=np.int64), [""]))
    first = np.zeros(n, dtype=np.int64)
    first[unit[::-1]] = rows[::-1]                      # the unit's first row
    y, structured = y_all[rows], frame.treated[rows] == 1
    valued = np.isfinite(y)
    k_s, mean_s = _per_unit(unit, n, y, structured & valued)
    k_u, mean_u = _per_unit(unit, n, y, ~structured & valued)
    known = np.isfinite(order)
    _, order_s = _per_unit(unit, n, order, structured & known)
    _, order_u = _per_unit(unit, n, order, ~structured & known)
    unattributable = np.zeros(n, dtype=bool)
    if "attribution" in data.columns:
        flag = (data["attribution"].astype("string") == "unattributable").to_numpy(dtype=bool, na_value=False)[rows]
        unattributable = np.bincount(unit, weights=flag.astype(float), minlength=n) > 0
    units = _Units(segment=frame.segment_code[first], event=np.asarray(event_codes)[first], k_s=k_s, k_u=k_u,
                   mean_s=mean_s, mean_u=mean_u, order=np.nan_to_num(np.sign(order_u - order_s)).astype(np.int64),
                   unattributable=unattributable)
    return rows, units, np.asarray(event_names, dtype=object)


def _weights(units: _Units) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unit's weight in its segment's estimate (0 where unusable), its cell mean and its cell (segment, event, order).

    Events weigh by their people; within an event the orders present weigh equally.
    """
    usable = units.usable
    d = np.where(usable, units.mean_s - units.mean_u, 0.0)
    n_events = int(units.event.max()) + 1
    event_cell = units.segment * n_events + units.event
    cell = event_cell * 3 + (units.order + 1)
    size = int(cell.max()) + 1
    n_cell = np.bincount(cell, weights=usable.astype(float), minlength=size)
    mu = np.bincount(cell, weights=d, minlength=size) / np.maximum(n_cell, 1)
    n_event = np.bincount(event_cell, weights=usable.astype(float), minlength=size // 3 + 1)
    present_cells = np.flatnonzero(n_cell > 0)
    orders = np.bincount(present_cells // 3, minlength=size // 3 + 1)
    n_segment = np.bincount(units.segment, weights=usable.astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        a = n_event[event_cell] / n_segment[units.segment] / orders[event_cell] / n_cell[cell]
    return np.where(usable, a, 0.0), mu[cell], cell


def _pair_scores(frame: AnalysisFrame, rows: np.ndarray, y_all: np.ndarray, units: _Units, a: np.ndarray,
                 mu: np.ndarray, cell: np.ndarray, k: int) -> MultiwayVariance:
    """Every (structured row, open row) pair of a usable unit with its score ``a w (y_s - y_u - cell mean)``."""
    unit = frame.unit[rows]
    valued = np.isfinite(y_all[rows]) & units.usable[unit]
    structured = frame.treated[rows] == 1
    s_rows, u_rows = rows[valued & structured], rows[valued & ~structured]
    if len(s_rows) == len(np.unique(frame.unit[s_rows])) and len(u_rows) == len(np.unique(frame.unit[u_rows])):
        # one session of each format per person (the usual case): the pairs are the units
        s_of = np.full(len(units.k_s), -1)
        u_of = np.full(len(units.k_s), -1)
        s_of[frame.unit[s_rows]], u_of[frame.unit[u_rows]] = s_rows, u_rows
        pair_unit = np.flatnonzero((s_of >= 0) & (u_of >= 0))
        s, u = s_of[pair_unit], u_of[pair_unit]
    else:
        pairs = pd.DataFrame({"unit": frame.unit[s_rows], "s": s_rows}).merge(
            pd.DataFrame({"unit": frame.unit[u_rows], "u": u_rows}), on="unit")
        pair_unit, s, u = (pairs[c].to_numpy() for c in ("unit", "s", "u"))
    w = 1.0 / (units.k_s[pair_unit] * units.k_u[pair_unit])
    score = a[pair_unit] * w * (y_all[s] - y_all[u] - mu[pair_unit])
    segment = units.segment[pair_unit].astype(np.int64)
    scores = np.zeros((len(pair_unit), k))
    scores[np.arange(len(pair_unit)), segment] = score
    person = pd.factorize(frame.frame["attendee_id"].astype("string"))[0]
    return MultiwayVariance(scores=scores, clusters=(frame.session[s], frame.session[u], person[s]), segment=segment,
                            cell=pd.factorize(cell[pair_unit])[0], weight=w, share=a[pair_unit] * w)


def within_person_effects(frame: AnalysisFrame, y_all: np.ndarray) -> WithinPersonFit:
    """The within-person effect of each segment, with its multi-way clustered covariance (see the module's note).

    Parameters
    ----------
    frame : AnalysisFrame
        With ``unit`` (people in both formats at an event; :func:`~toolkit.compare.design.prepare_analysis_frame`).
    y_all : ndarray
        The outcome per analysis row, NaN where unknown.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.compare.aipw import outcome_values
    >>> table, _ = simulate_crossover_table(n_events=2, sessions_per_format=4, order="structured first",
    ...                                     random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> within_person_effects(frame, outcome_values(frame, "contacts")).unbalanced_events["reserved"]
    ['E01', 'E02']
    """
    names = list(frame.segment_names)
    k = len(names)
    if frame.unit is None:
        raise ValueError("within_person_effects: nobody in this frame was in both formats at one event.")
    rows, units, event_names = _unit_table(frame, y_all)
    a, mu, cell = _weights(units)
    usable = units.usable
    d = np.where(usable, units.mean_s - units.mean_u, 0.0)
    seg = units.segment
    out = {"effect": np.bincount(seg, weights=a * d, minlength=k),
           "mean_structured": np.bincount(seg, weights=a * np.nan_to_num(units.mean_s), minlength=k),
           "mean_unstructured": np.bincount(seg, weights=a * np.nan_to_num(units.mean_u), minlength=k)}
    counts = {"n_people": np.bincount(seg, weights=usable, minlength=k).astype(np.int64),
              "n_unusable": np.bincount(seg, weights=~usable, minlength=k).astype(np.int64),
              "n_unattributable": np.bincount(seg, weights=~usable & units.unattributable, minlength=k).astype(np.int64)}
    comparable = counts["n_people"] > 0
    for key in out:
        out[key] = np.where(comparable, out[key], np.nan)
    variance = _pair_scores(frame, rows, y_all, units, a, mu, cell, k)
    mask = np.zeros(len(frame.treated), dtype=bool)
    entered = rows[np.isfinite(y_all[rows]) & usable[frame.unit[rows]]]
    mask[entered] = True
    counts |= _sessions_and_spread(frame, y_all, entered, k, out)
    order_counts = pd.DataFrame(
        {label: np.bincount(seg, weights=usable & (units.order == code), minlength=k).astype(np.int64)
         for code, label in ORDER_LABELS.items()}, index=pd.Index(names, name="segment"))
    unbalanced: dict[str, list[str]] = {}
    for j in range(k):
        for e in np.unique(units.event[usable & (seg == j)]):
            present = set(units.order[usable & (seg == j) & (units.event == e)].tolist())
            if not {1, -1} <= present:
                unbalanced.setdefault(names[j], []).append(str(event_names[int(e)]))
    return WithinPersonFit(
        **out, **counts, order_counts=order_counts, unbalanced_events=unbalanced, comparable=comparable, rows=mask,
        variance=variance,
    )


def _sessions_and_spread(frame: AnalysisFrame, y_all: np.ndarray, entered: np.ndarray, k: int, out: dict) -> dict:
    """Per segment: sessions of each format among the rows that entered; the pooled within-format SD into ``out``."""
    seg, t, session, y = frame.segment_code[entered], frame.treated[entered], frame.session[entered], y_all[entered]
    counts = {"sessions_structured": np.zeros(k, dtype=np.int64), "sessions_unstructured": np.zeros(k, dtype=np.int64)}
    out["outcome_sd"] = np.full(k, np.nan)
    for j in range(k):
        mine = seg == j
        residuals = []
        for arm, key in ((1.0, "sessions_structured"), (0.0, "sessions_unstructured")):
            sel = mine & (t == arm)
            counts[key][j] = len(np.unique(session[sel]))
            residuals.append(y[sel] - y[sel].mean() if sel.any() else y[sel])
        pooled = np.concatenate(residuals)
        out["outcome_sd"][j] = float(pooled.std()) if len(pooled) > 1 else np.nan
    return counts

"""How big the next event must be for the advice to become confident: rooms of each format, people per room.

In plain words: the next event runs both formats side by side, people put
into rooms by lot within each segment. How many rooms of each format, with
how many people, give the recommendation an 80% chance of becoming
``confident`` if the true difference between the formats is the smallest one
worth acting on? The answer comes from the rule itself, not from a textbook
formula for one test: the recommendation is confident only when every
segment in the mix is clearly better off in its format, the advantage over
the runner-up is clear, and every segment was seen in at least
:data:`~toolkit.recommend.decision.MIN_SESSIONS_TO_ACT` rooms of each format.
So the chance is found by simulating the next event many times and applying
that rule to each.

What the simulation rests on, measured on the data so far
(:func:`toolkit.compare.variance.variance_components`):

- each segment's **own members per room** (a segment that is a quarter of the
  mix has a quarter of each room), and the spread of the outcome among them;
- the **spread between rooms** (a lively room lifts everyone in it), which
  does not shrink with more people per room, only with more rooms. It is
  measured from few rooms, so it is uncertain: each simulated event draws it
  from its plausible range (a scaled inverse chi-square with the degrees of
  freedom the rooms gave, plus a prior worth :data:`PRIOR_ROOMS` rooms at an
  intraclass correlation of :data:`PRIOR_ICC`), and the chance promised is the
  average over that range;
- the smallest difference worth acting on: the organiser's
  ``min_difference``, else the outcome's default from
  :mod:`toolkit.catalogue`, per attendee of the whole event (as the rule
  weighs the recommended plan's advantage over the runner-up). Each segment
  is given the same gain, in the direction the data point to for it (after
  any facilitation cost), just large enough for the best plan to beat the
  runner-up by that much: the difference itself where every segment points
  the same way; for a split, the difference over the share of the segments
  it moves (the runner-up differs from a split only for them).

Segments with no share in the mix are not planned for. The result is a
:class:`SampleSize`: rooms per format, people per room, attendees per
segment and format, how many events like the last one that is, and the
chance of a confident answer at that size; every face shows it in the words
of :func:`toolkit.wording.sample_size_sentence`.

Example
-------
>>> from toolkit.compare import fit_comparison
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=6, random_state=1)
>>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
>>> size = sample_size(comparison, {"reserved": 0.5, "self-directed": 0.5}, room_size=12, random_state=0)
>>> size.rooms_per_format >= 10, size.room_size, size.difference, round(size.chance, 1)
(True, 12, 1.0, 0.8)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
# scipy.special, not scipy.stats: the same functions without scipy.stats' second of import time on every command
from scipy import special

from toolkit.catalogue import usual_min_difference
from toolkit.compare import LOWER_IS_BETTER, FormatComparison
from toolkit.compare.variance import ALL_SEGMENTS
from toolkit.params import as_generator
from toolkit.recommend.decision import MIN_SESSIONS_TO_ACT
from toolkit.recommend.mix import ResolvedMix, resolve_mix

__all__ = ["SampleSize", "sample_size", "planning_inputs", "confident_chance", "confident_and_right", "PRIOR_ICC",
           "PRIOR_ROOMS", "MAX_ROOMS_PER_FORMAT"]

#: The intraclass correlation assumed before any room is seen (typical of group sessions), and how many
#: rooms' worth of evidence that assumption counts as: it only matters where the data hold few rooms.
PRIOR_ICC = 0.05
PRIOR_ROOMS = 4

#: The most rooms of each format a plan proposes; beyond it the difference is out of reach.
MAX_ROOMS_PER_FORMAT = 5000

# people per room where nothing says otherwise, and the bounds of a sensible room
_DEFAULT_ROOM_SIZE = 12
_ROOM_SIZE_RANGE = (4, 200)


@dataclass(frozen=True)
class SampleSize:
    """The next event's size for a confident answer (made by :func:`sample_size`).

    Attributes
    ----------
    outcome, by : str
        The outcome and the segment column.
    difference : float
        The smallest difference worth acting on: the best plan's advantage over the runner-up, per attendee
        of the whole event, in outcome units (net of cost).
    difference_source : str
        ``given`` (the organiser's ``min_difference``), ``catalogue`` (the outcome's default) or
        ``spread`` (a fifth of the outcome's standard deviation, where the catalogue has none).
    power : float
        The chance of a confident answer asked for (0.8).
    chance : float
        The simulated chance at the size proposed (NaN where no size was found).
    rooms_per_format : int or None
        Rooms of each format (None where even :data:`MAX_ROOMS_PER_FORMAT` would not do, or nothing
        could be measured).
    room_size : int
        People per room.
    per_segment : DataFrame
        Index segment: ``share`` of the mix, ``per_room`` (people of the segment per room) and
        ``per_format`` (people of the segment in each format).
    event_size : int or None
        Attendees of the last event in a networking session (what "an event like this one" means).
    answer_rate : float
        Share of attendees who give the outcome (survey answers); the rooms are filled with attendees.
    reachable : bool
        A size was found.
    left_out : tuple of str
        Segments of the comparison with no share in the mix (not planned for).
    assumptions : mapping
        What the simulation assumed, per segment: ``planted_gain`` (the true net gain per person of the
        structured format that gives ``difference``), ``sd_within`` and ``sd_between`` (medians of the
        draws) and the rooms the spread between rooms was measured on.

    Example
    -------
    >>> import pandas as pd
    >>> size = SampleSize(outcome="new_contacts", by="style", difference=1.0, difference_source="catalogue",
    ...                   power=0.8, chance=0.81, rooms_per_format=12, room_size=10,
    ...                   per_segment=pd.DataFrame({"share": [0.5, 0.5], "per_room": [5.0, 5.0],
    ...                                             "per_format": [60, 60]}, index=["reserved", "self-directed"]),
    ...                   event_size=80, answer_rate=1.0, reachable=True)
    >>> size.attendees, size.events_like_this, size.needed_per_arm
    (240, 3.0, {'reserved': 60, 'self-directed': 60})
    """

    outcome: str
    by: str
    difference: float
    difference_source: str
    power: float
    chance: float
    rooms_per_format: int | None
    room_size: int
    per_segment: pd.DataFrame
    event_size: int | None
    answer_rate: float
    reachable: bool
    left_out: tuple[str, ...] = ()
    assumptions: Mapping[str, object] = field(default_factory=dict)

    @property
    def attendees_per_format(self) -> int | None:
        """People in each format (rooms times people per room)."""
        return None if self.rooms_per_format is None else int(self.rooms_per_format * self.room_size)

    @property
    def attendees(self) -> int | None:
        """People in both formats together."""
        per_format = self.attendees_per_format
        return None if per_format is None else 2 * per_format

    @property
    def events_like_this(self) -> float | None:
        """How many events of the last one's size hold that many attendees (None where unknown)."""
        if self.attendees is None or not self.event_size:
            return None
        return round(self.attendees / self.event_size, 1)

    @property
    def needed_per_arm(self) -> dict[str, int]:
        """People of each segment in each format: ``{"reserved": 60, ...}`` (empty where unreachable)."""
        if self.rooms_per_format is None:
            return {}
        return {str(s): int(n) for s, n in self.per_segment["per_format"].items()}

    def to_dict(self) -> dict:
        """A JSON-ready document (numbers as numbers, missing ones as None).

        Example
        -------
        >>> import pandas as pd
        >>> size = SampleSize(outcome="nps", by="style", difference=0.5, difference_source="catalogue", power=0.8,
        ...                   chance=float("nan"), rooms_per_format=None, room_size=12,
        ...                   per_segment=pd.DataFrame(columns=["share", "per_room", "per_format"]),
        ...                   event_size=None, answer_rate=0.6, reachable=False)
        >>> size.to_dict()["rooms_per_format"], size.to_dict()["chance"]
        (None, None)
        """
        def number(value):
            if value is None:
                return None
            value = float(value)
            return value if math.isfinite(value) else None

        return {
            "outcome": self.outcome, "by": self.by, "difference": number(self.difference),
            "difference_source": self.difference_source, "power": number(self.power), "chance": number(self.chance),
            "rooms_per_format": self.rooms_per_format, "room_size": int(self.room_size),
            "attendees_per_format": self.attendees_per_format, "attendees": self.attendees,
            "per_segment": {str(s): {"share": number(r["share"]), "per_room": number(r["per_room"]),
                                     "per_format": None if pd.isna(r["per_format"]) else int(r["per_format"])}
                            for s, r in self.per_segment.iterrows()},
            "event_size": self.event_size, "events_like_this": number(self.events_like_this),
            "answer_rate": number(self.answer_rate), "reachable": bool(self.reachable),
            "left_out": list(self.left_out),
            "assumptions": {k: ({s: number(x) for s, x in v.items()} if isinstance(v, Mapping) else number(v))
                            for k, v in self.assumptions.items()},
        }


def planning_inputs(table: pd.DataFrame, outcome: str) -> dict[str, float | int | None]:
    """What a plan reads from the outcome table: the last event's size, people per room, the answer rate.

    ``event_size``: attendees of the last event (:func:`toolkit.events.event_sequence`) in a networking
    session; ``room_size``: attendees per session over the table, rounded; ``answer_rate``: the share of
    attendees in sessions with a value of ``outcome`` (below 1 for survey answers).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=2, sessions_per_format=4, session_size=10, random_state=0)
    >>> inputs = planning_inputs(table, "satisfaction")
    >>> inputs["event_size"], inputs["room_size"], round(inputs["answer_rate"], 2)
    (80, 10, 0.62)
    """
    from toolkit.events import event_sequence

    in_session = table["session_id"].notna() & table["format"].notna() if "format" in table.columns else \
        table["session_id"].notna()
    rows = table.loc[in_session]
    if rows.empty:
        return {"event_size": None, "room_size": None, "answer_rate": 1.0}
    event = rows["event_id"].astype("string") if "event_id" in rows.columns else pd.Series("one", index=rows.index)
    present = set(event.dropna())
    ordered = [e for e in event_sequence(table) if e in present] if "event_id" in rows.columns else ["one"]
    last = ordered[-1] if ordered else None
    people = rows["attendee_id"] if "attendee_id" in rows.columns else pd.Series(rows.index, index=rows.index)
    event_size = int(people[event == last].nunique()) if last is not None else None
    sessions = rows.assign(_event=event).groupby(["_event", "session_id"], observed=True, dropna=False).ngroups
    answered = pd.to_numeric(rows[outcome].astype("Float64"), errors="coerce").notna().mean() \
        if outcome in rows.columns else 1.0
    return {"event_size": event_size, "room_size": int(round(len(rows) / max(sessions, 1))),
            "answer_rate": float(answered)}


def sample_size(
    comparison: FormatComparison,
    mix: Mapping[str, float] | ResolvedMix,
    *,
    min_difference: float = 0.0,
    difference: float | None = None,
    power: float = 0.8,
    confidence: float = 0.95,
    cost_per_attendee: float = 0.0,
    room_size: int | None = None,
    event_size: int | None = None,
    answer_rate: float = 1.0,
    n_simulations: int = 2000,
    random_state: int | np.random.Generator | None = None,
) -> SampleSize:
    """The rooms per format and people per room that give a confident answer with chance ``power``.

    Parameters
    ----------
    comparison : FormatComparison
        The comparison so far (:func:`toolkit.compare.fit_comparison`): it gives the spread of the
        outcome within and between rooms, per segment, and the direction each segment points to.
    mix : dict or ResolvedMix
        The next event's expected share of each segment; segments without a share are not planned for.
    min_difference : float
        The decision rule's threshold (as in :func:`toolkit.recommend.recommend_format`); also the
        difference planned for when ``difference`` is not given and it is above zero.
    difference : float, optional
        The true advantage of the best plan over the runner-up (per attendee, net of cost) to plan for;
        default ``min_difference`` where above zero, else the outcome's ``min_difference`` in the catalogue.
    power : float
        The chance of a confident answer wanted.
    confidence : float
        The level of the rule's intervals.
    cost_per_attendee : float
        Facilitation cost, as in the recommendation (only the direction of each segment depends on it).
    room_size : int, optional
        People per room (default: the comparison's mean session size over the answer rate, 4 to 200).
    event_size : int, optional
        Attendees of an event like the last one (for ``events_like_this``).
    answer_rate : float
        Share of attendees who give the outcome (survey answers): rooms hold attendees, the evidence
        comes from those who answer.
    n_simulations : int
        Simulated events per size tried.
    random_state : None, int or numpy.random.Generator
        Seed of the simulation: the same seed, the same size.

    Returns
    -------
    SampleSize

    Example
    -------
    >>> from toolkit.compare import fit_comparison
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=2, random_state=3)
    >>> comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    >>> small = sample_size(comparison, {"reserved": 0.5, "self-directed": 0.5}, difference=2.0, random_state=0)
    >>> large = sample_size(comparison, {"reserved": 0.5, "self-directed": 0.5}, difference=1.0, random_state=0)
    >>> small.attendees < large.attendees
    True
    """
    resolved = mix if isinstance(mix, ResolvedMix) else resolve_mix(dict(mix), segments=comparison.segments,
                                                                  by=comparison.by)
    active = np.flatnonzero(resolved.active)
    names = [comparison.segments[i] for i in active]
    left_out = tuple(s for i, s in enumerate(comparison.segments) if not resolved.active[i])
    target, source = _target_difference(comparison, min_difference, difference)
    answer_rate = float(np.clip(answer_rate if np.isfinite(answer_rate) else 1.0, 0.01, 1.0))
    room = _room_size(comparison, room_size, answer_rate)
    shares = resolved.weights[active] / resolved.weights[active].sum()
    rng = as_generator(random_state)
    parameters = _parameter_draws(comparison, active, n_simulations, rng)
    empty = pd.DataFrame({"share": shares, "per_room": shares * room, "per_format": np.nan}, index=pd.Index(names))
    common = dict(outcome=comparison.outcome, by=comparison.by, difference=float(target), difference_source=source,
                  power=float(power), room_size=room, event_size=event_size, answer_rate=answer_rate,
                  left_out=left_out)
    if parameters is None or not len(active):
        return SampleSize(**common, chance=float("nan"), rooms_per_format=None, per_segment=empty, reachable=False)
    sign = -1.0 if comparison.outcome in LOWER_IS_BETTER else 1.0
    tau = comparison.effects["effect"].to_numpy(dtype=float)[active]
    direction = np.where(np.isfinite(tau) & (sign * np.nan_to_num(tau) - cost_per_attendee < 0), -1.0, 1.0)
    planted = direction * _segment_gain(target, shares, direction)
    uniforms = _Uniforms(rng, n_simulations, len(active))

    def chance_at(rooms: int) -> float:
        return confident_chance(rooms, room * answer_rate, shares, planted, parameters, uniforms,
                                confidence=confidence, min_difference=min_difference)

    rooms = _fewest_rooms(chance_at, power)
    assumptions = {
        "planted_gain": dict(zip(names, planted)),
        "sd_within": dict(zip(names, np.sqrt(np.median(parameters["within"], axis=0)))),
        "sd_between": dict(zip(names, np.sqrt(np.median(parameters["between"], axis=0)))),
        "rooms_measured": dict(zip(names, parameters["rooms"])),
    }
    if rooms is None:
        return SampleSize(**common, chance=float("nan"), rooms_per_format=None, per_segment=empty, reachable=False,
                          assumptions=assumptions)
    per_segment = empty.assign(per_format=np.maximum(np.round(shares * room * rooms), 1).astype(int))
    return SampleSize(**common, chance=chance_at(rooms), rooms_per_format=int(rooms), per_segment=per_segment,
                      reachable=True, assumptions=assumptions)


def _segment_gain(difference: float, shares: np.ndarray, direction: np.ndarray) -> float:
    """Each segment's net gain (per person) at which the best plan beats the runner-up by ``difference`` per attendee.

    The rule weighs the advantage per attendee of the whole mix. Where every
    segment points the same way the runner-up is the other format for everyone,
    and each segment gaining ``difference`` gives it. A split's runner-up is the
    better of the two single formats: it differs from the split only for the
    segments moved, so their gain must be ``difference`` over their share.
    """
    towards = float(shares[direction > 0].sum())
    away = float(shares[direction < 0].sum())
    moved = min(towards, away) if towards > 0 and away > 0 else 1.0
    return difference / moved


def _target_difference(comparison: FormatComparison, min_difference: float,
                       difference: float | None) -> tuple[float, str]:
    if difference is not None and difference > 0:
        return float(difference), "given"
    if min_difference > 0:
        return float(min_difference), "given"
    usual = usual_min_difference(comparison.outcome)
    if usual is not None:
        return usual, "catalogue"
    sd = comparison.cluster_statistics.outcome_sd.to_numpy(dtype=float)
    spread = float(np.nanmedian(sd)) if np.isfinite(sd).any() else 1.0
    return 0.2 * spread, "spread"


def _room_size(comparison: FormatComparison, room_size: int | None, answer_rate: float) -> int:
    if room_size is not None:
        return int(np.clip(int(room_size), 1, None))
    measured = comparison.cluster_statistics.mean_session_size / answer_rate
    if not np.isfinite(measured) or measured <= 0:
        return _DEFAULT_ROOM_SIZE
    return int(np.clip(round(measured), *_ROOM_SIZE_RANGE))


def _parameter_draws(comparison: FormatComparison, active: np.ndarray, n: int,
                     rng: np.random.Generator) -> dict | None:
    """Plausible spreads within and between rooms per segment: ``n`` draws each (None where nothing was measured).

    Within a room, each segment's own spread: a scaled inverse chi-square around
    its measured variance (segments measured on too few rows take everyone's).
    Between rooms, one shock shared by everyone in a room, measured on all
    members together: the room mean square ``sigma_w^2 + n0 sigma_b^2`` is drawn
    the same way, with the degrees of freedom of the rooms plus
    :data:`PRIOR_ROOMS` rooms at :data:`PRIOR_ICC`; the shock's variance is what
    exceeds the within part.
    """
    components = comparison.cluster_statistics.components
    if components is None or ALL_SEGMENTS not in components.index:
        return None
    everyone = components.loc[ALL_SEGMENTS]
    if not (np.isfinite(float(everyone["within_var"])) and float(everyone["within_var"]) > 0):
        return None
    parts = components.iloc[active].copy()
    bad = ~((parts["within_var"] > 0) & np.isfinite(parts["within_var"].astype(float)) & (parts["within_df"] >= 2))
    parts.loc[bad, ["within_var", "within_df"]] = float(everyone["within_var"]), float(everyone["within_df"])
    k = len(active)
    within_var = parts["within_var"].to_numpy(float)
    within_df = np.maximum(parts["within_df"].to_numpy(float), 1.0)
    within = within_var * within_df / rng.chisquare(within_df, size=(n, k))
    # the rooms' shock, from everyone in them
    all_var, all_df = float(everyone["within_var"]), max(float(everyone["within_df"]), 1.0)
    n0 = max(float(everyone["n0"]), 1.0)
    between_df = max(float(everyone["between_df"]), 0.0) if np.isfinite(float(everyone["between_df"])) else 0.0
    between_ms = float(everyone["between_ms"]) if between_df > 0 else 0.0
    prior_ms = all_var * (1.0 + n0 * PRIOR_ICC / (1.0 - PRIOR_ICC))
    df = between_df + PRIOR_ROOMS
    centre = (between_df * between_ms + PRIOR_ROOMS * prior_ms) / df
    all_within = all_var * all_df / rng.chisquare(all_df, size=n)
    shock = np.maximum(centre * df / rng.chisquare(df, size=n) - all_within, 0.0) / n0
    return {"within": within, "between": np.repeat(shock[:, None], k, axis=1),
            "rooms": np.full(k, float(everyone["sessions"]))}


class _Uniforms:
    """The simulation's random numbers, drawn once, so that every size tried sees the same events."""

    def __init__(self, rng: np.random.Generator, n: int, k: int):
        self.normal = rng.standard_normal((2, n, k))
        self.lower = rng.standard_normal((2, n, k, k))
        self.chi = rng.standard_normal((2, n, k))


def _chi_square(z: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """Chi-square draws from standard normals (Wilson-Hilferty): monotone in ``z``, so every size tried
    sees the same events; exact enough for the 9 and more degrees of freedom that matter here."""
    a = 2.0 / (9.0 * degrees)
    return degrees * np.maximum(1.0 - a + z * np.sqrt(a), 0.05) ** 3


_T_GRID = np.exp(np.linspace(0.0, np.log(1e5), 400))


@functools.lru_cache(maxsize=8)
def _t_grid(level: float) -> np.ndarray:
    return special.stdtrit(_T_GRID, level)


def _t_quantile(level: float, df: np.ndarray) -> np.ndarray:
    """The t quantile at ``level`` for many degrees of freedom at once (interpolated on a fine grid of df)."""
    return np.interp(np.log(np.clip(df, 1.0, 1e5)), np.log(_T_GRID), _t_grid(float(level)))


def _fewest_rooms(chance_at, power: float) -> int | None:
    """The fewest rooms per format (at least MIN_SESSIONS_TO_ACT) whose chance reaches ``power``."""
    low = MIN_SESSIONS_TO_ACT
    if chance_at(low) >= power:
        return low
    high = low
    while chance_at(high) < power:
        if high >= MAX_ROOMS_PER_FORMAT:
            return None
        low, high = high, min(2 * high, MAX_ROOMS_PER_FORMAT)
    while high - low > 1:
        middle = (low + high) // 2
        if chance_at(middle) >= power:
            high = middle
        else:
            low = middle
    return high


def confident_chance(rooms: int, answers_per_room: float, shares: np.ndarray, truth: np.ndarray, parameters: dict,
                     uniforms: _Uniforms, *, confidence: float, min_difference: float) -> float:
    """The share of simulated events with ``rooms`` rooms per format whose advice is confident and right.

    Each simulated event has the segments' people dealt evenly over the
    rooms (``answers_per_room * shares`` each); a segment with fewer people
    than rooms is in as many rooms as it has people. Room means are normal,
    with a shock shared by every segment in the room (``between``) and each
    segment's own spread (``within``); the estimate per segment is the
    difference of the formats' means, its variance the session-clustered one
    (for rooms of equal size: the spread of the room means over the rooms),
    with Welch-Satterthwaite degrees of freedom. Then the rule of
    :func:`toolkit.recommend.decision.decide`: every segment's net gain has a
    t interval that excludes zero, the recommended plan's advantage over the
    runner-up too, its interval does not lie wholly below ``min_difference``,
    every segment is in at least ``MIN_SESSIONS_TO_ACT`` rooms of each
    format; and the plan is the true one (``truth``: each segment's true net
    gain). ``tests/test_plan.py`` checks this copy of the rule against
    ``decide`` on fitted comparisons.

    Example
    -------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> parameters = {"within": np.full((500, 1), 9.0), "between": np.full((500, 1), 1.0)}
    >>> uniforms = _Uniforms(rng, 500, 1)
    >>> few, many = (confident_chance(g, 12.0, np.array([1.0]), np.array([1.0]), parameters, uniforms,
    ...                               confidence=0.95, min_difference=0.0) for g in (10, 60))
    >>> few < 0.5 < many
    True
    """
    within, between = parameters["within"], parameters["between"]
    n, k = within.shape
    per_format = np.maximum(np.round(shares * answers_per_room * rooms), 1.0)
    full = per_format >= rooms
    rooms_of = np.where(full, rooms, per_format)
    members = per_format / rooms_of
    cov = np.sqrt(between)[:, :, None] * np.sqrt(between)[:, None, :] * (full[:, None] & full[None, :])
    cov = cov + np.eye(k)[None] * (within / members + np.where(full, 0.0, between))[:, :, None]
    chol = np.linalg.cholesky(cov)
    order = np.argsort(~full, kind="stable")  # the Bartlett factor: segments in every room first
    estimate = np.array(truth, dtype=float)[None, :].repeat(n, axis=0)
    spread = []
    for arm in (0, 1):
        z = np.einsum("nij,nj->ni", chol, uniforms.normal[arm]) / np.sqrt(rooms_of)
        estimate = estimate + (z if arm == 1 else -z)
        spread.append(_sample_covariance(chol, uniforms, arm, rooms, rooms_of, full, order))
    return float(np.mean(confident_and_right(estimate, spread, shares, truth, rooms_of, confidence=confidence,
                                             min_difference=min_difference)))


def _sample_covariance(chol, uniforms: _Uniforms, arm: int, rooms: int, rooms_of, full, order) -> np.ndarray:
    """One format's sample covariance of the room means, divided by the rooms (Bartlett's Wishart draw)."""
    n, k, _ = chol.shape
    degrees = np.where(full, rooms - 1 - np.argsort(order), rooms_of - 1).astype(float)
    degrees = np.maximum(degrees, 1.0)
    bartlett = np.tril(uniforms.lower[arm], -1) * (full[:, None] & full[None, :])
    diagonal = np.sqrt(_chi_square(uniforms.chi[arm], degrees))
    bartlett = bartlett + np.eye(k)[None] * diagonal[:, :, None]
    root = chol @ bartlett
    covariance = root @ np.transpose(root, (0, 2, 1))
    scale = np.sqrt(np.where(full, rooms - 1.0, rooms_of - 1.0) * rooms_of)
    return covariance / scale[None, :, None] / scale[None, None, :]


def _contrast(estimate, spread, contrast, rooms: np.ndarray, confidence: float):
    """Value, half-width of the t interval, per simulated event, for contrasts ``(n, k)``."""
    value = (estimate * contrast).sum(axis=1)
    parts = [np.einsum("ni,nij,nj->n", contrast, s, contrast) for s in spread]
    variance = parts[0] + parts[1]
    df = variance**2 / np.maximum((parts[0] ** 2 + parts[1] ** 2) / np.maximum(rooms - 1.0, 1.0), 1e-300)
    half = _t_quantile(0.5 + confidence / 2, df) * np.sqrt(variance)
    return value, half


def confident_and_right(estimate: np.ndarray, spread: list[np.ndarray], shares: np.ndarray, truth: np.ndarray,
                        rooms_of: np.ndarray, *, confidence: float, min_difference: float) -> np.ndarray:
    """The decision rule of :func:`toolkit.recommend.decision.decide`, for many events at once.

    ``estimate`` (events x segments): each segment's estimated net gain of the
    structured format; ``spread``: per format (unstructured, structured), the
    covariance of the segments' mean estimates (events x segments x segments);
    ``shares``: the mix; ``truth``: the true net gains; ``rooms_of``: rooms
    per format holding each segment. True where the advice is confident and
    its plan is the true one.

    Example
    -------
    >>> import numpy as np
    >>> tight = [np.eye(2)[None] * 0.01] * 2
    >>> confident_and_right(np.array([[1.0, -1.0], [1.0, 0.05]]), tight, np.array([0.5, 0.5]),
    ...                     np.array([1.0, -1.0]), np.array([12, 12]), confidence=0.95, min_difference=0.0).tolist()
    [True, False]
    """
    n, k = estimate.shape
    structured = estimate > 0
    enough = bool((np.asarray(rooms_of) >= MIN_SESSIONS_TO_ACT).all())
    # each segment's own interval (moving it to the other format must be clearly worse)
    clear = np.ones(n, dtype=bool)
    for j in range(k):
        contrast = np.zeros((n, k))
        contrast[:, j] = shares[j]
        value, half = _contrast(estimate, spread, contrast, np.full(n, float(rooms_of[j])), confidence)
        clear &= np.abs(value) > half
    # the advantage over the runner-up: split vs the better uniform plan, or one uniform plan vs the other
    mixed = structured.any(axis=1) & ~structured.all(axis=1)
    net_structured = (estimate * shares).sum(axis=1)
    versus_structured = mixed & (net_structured >= 0)
    change = np.where(mixed[:, None], np.where(versus_structured[:, None], ~structured, structured),
                      np.ones((n, k), dtype=bool))
    direction = np.where(mixed[:, None], np.where(structured, 1.0, -1.0),
                         np.where(structured.all(axis=1), 1.0, -1.0)[:, None])
    contrast = change * direction * shares
    value, half = _contrast(estimate, spread, contrast, np.full(n, float(np.max(rooms_of))), confidence)
    confident = enough & clear & (value - half > 0) & ~(value + half < min_difference)
    right = (structured == (np.asarray(truth) > 0)[None, :]).all(axis=1)
    return confident & right

"""Fast simulated outcome tables with a known truth, for testing the comparison and recommendation.

:func:`simulate_outcome_table` draws attendees (industry, company size,
first-time flag, a latent sociability behind the observed networking style),
networking sessions with random shocks (a good or bad room, facilitator or
evening) and event shocks, puts attendees into formats by lot
(``randomized``), by their own choice (``self_selected``: first-timers and
reserved people lean towards structured sessions, and they also differ in
their outcomes, so a naive comparison is biased) or by the organiser
(``scheduled``, optionally one format per whole event), and plants an effect
of the structured format per style segment. It returns the outcome table (the
shape of ``toolkit.outcomes.compute_outcomes``) and the planted truth.

It skips the raw tables entirely, so thousands of worlds take seconds; the
full pipeline from raw tables is ``toolkit.datasets.demo`` + ``toolkit.outcomes``.

Example
-------
>>> table, truth = simulate_outcome_table(n_events=2, random_state=0)
>>> truth["new_contacts"]
{'reserved': 3.0, 'self-directed': 0.5}
>>> sorted(table["assignment"].unique())
['randomized']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.contract import ASSIGNMENTS

__all__ = ["simulate_outcome_table", "SIM_EFFECTS", "simulate_crossover_table", "CROSSOVER_EFFECTS"]

#: Planted effects of structured minus unstructured, by outcome and style (exact in expectation).
SIM_EFFECTS: dict[str, dict[str, float]] = {
    "contacts": {"reserved": 3.0, "self-directed": 0.5},
    "new_contacts": {"reserved": 3.0, "self-directed": 0.5},
    "cross_industry_share": {"reserved": 0.10, "self-directed": 0.05},
    "followup_rate_7d": {"reserved": 0.08, "self-directed": 0.0},
    "meetings_30d": {"reserved": 0.3, "self-directed": 0.1},
    "satisfaction": {"reserved": 0.4, "self-directed": -0.1},
    "met_helpful": {"reserved": 0.12, "self-directed": 0.02},
    "would_return": {"reserved": 0.08, "self-directed": 0.0},
    "nps": {"reserved": 1.0, "self-directed": 0.0},
}

_INDUSTRIES = np.array(["consulting", "finance", "health", "manufacturing", "retail", "tech"])
_SIZES = np.array(["1-9", "10-49", "50-249", "250+"])
_SURVEY = ("satisfaction", "met_helpful", "would_return", "nps")


def simulate_outcome_table(
    *,
    n_events: int = 2,
    sessions_per_format: int = 12,
    session_size: int = 20,
    assignment: str = "randomized",
    whole_event_format: bool = False,
    reserved_share: float = 0.5,
    effects: dict[str, dict[str, float]] | None = None,
    session_sd: float = 1.0,
    event_sd: float = 1.0,
    noise_sd: float = 3.0,
    selection_strength: float = 1.0,
    response_rate: float = 0.6,
    response_format_gap: float = 0.0,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Draw one world: an outcome table and the planted per-segment effects.

    Parameters
    ----------
    n_events : int
        Events in the table.
    sessions_per_format : int
        Networking sessions of each format per event (with
        ``whole_event_format``: sessions per event, all of the event's format).
    session_size : int
        Attendees per session on average.
    assignment : {"randomized", "self_selected", "scheduled"}
        How attendees came to their format. ``scheduled`` without
        ``whole_event_format`` assigns sessions' formats by the organiser's
        plan: first-timers are steered to structured sessions.
    whole_event_format : bool
        Each event runs one format (alternating), so formats are compared between events.
    reserved_share : float
        Share of attendees whose observed style is ``reserved``.
    effects : dict, optional
        Planted effects by outcome and style; default :data:`SIM_EFFECTS`.
    session_sd, event_sd, noise_sd : float
        Spread of session shocks, event shocks and individual noise, in units of ``new_contacts``
        (other outcomes use the same proportions of their own scale).
    selection_strength : float
        How strongly choice (``self_selected``) depends on attendee characteristics.
    response_rate, response_format_gap : float
        Share answering the survey, and how much more often structured attendees answer.
    random_state : int or Generator, optional
        Seed.

    Returns
    -------
    (DataFrame, dict)
        The outcome table and the truth ``{outcome: {segment: effect}}``.

    Example
    -------
    >>> table, truth = simulate_outcome_table(n_events=6, sessions_per_format=1,
    ...                                       whole_event_format=True, random_state=0)
    >>> int(table.groupby("event_id", observed=True)["format"].nunique().max())
    1
    """
    if assignment not in ASSIGNMENTS:
        raise ValueError(f"assignment must be one of {ASSIGNMENTS}, got {assignment!r}")
    if whole_event_format and assignment == "self_selected":
        raise ValueError("whole_event_format needs assignment 'scheduled' or 'randomized' (events get a format)")
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    planted = {k: dict(v) for k, v in (effects or SIM_EFFECTS).items()}

    # the steps draw from one generator in a fixed order: attendees, formats, sessions, outcomes
    sessions_per_event = sessions_per_format if whole_event_format else 2 * sessions_per_format
    world = _draw_attendees(rng, n_events, sessions_per_event * session_size, reserved_share)
    world["treated"] = _draw_formats(rng, world, n_events, assignment, whole_event_format, selection_strength)
    _draw_sessions(rng, world, n_events, sessions_per_format, sessions_per_event, session_size, whole_event_format)
    outcomes = _draw_outcomes(rng, world, planted, session_sd=session_sd, event_sd=event_sd, noise_sd=noise_sd,
                              response_rate=response_rate, response_format_gap=response_format_gap)
    assigned = "scheduled" if whole_event_format and assignment != "randomized" else assignment
    return _outcome_frame(world, outcomes, assigned), {k: v for k, v in planted.items()}


def _draw_attendees(rng: np.random.Generator, n_events: int, per_event: int, reserved_share: float) -> dict:
    """Observed characteristics and a latent sociability behind the observed style."""
    n = n_events * per_event
    world = {"n": n, "event": np.repeat(np.arange(n_events), per_event)}
    world["industry"] = rng.integers(0, len(_INDUSTRIES), n)
    world["size"] = rng.integers(0, len(_SIZES), n)
    world["first_time"] = rng.random(n) < 0.35
    latent = rng.normal(size=n)
    world["latent"] = latent
    world["reserved"] = latent < np.quantile(latent, reserved_share) if n else latent < 0
    world["style"] = np.where(world["reserved"], "reserved", "self-directed")
    world["style_noise"] = rng.normal(scale=0.5, size=n)
    return world


def _draw_formats(rng: np.random.Generator, world: dict, n_events: int, assignment: str, whole_event_format: bool,
                  selection_strength: float) -> np.ndarray:
    """Who was in a structured session: by lot, by choice, by the organiser, or by the event's format."""
    n, event, reserved = world["n"], world["event"], world["reserved"]
    if whole_event_format:
        order = rng.permutation(n_events)
        event_structured = (order % 2 == 0)
        return event_structured[event]
    if assignment == "randomized":
        # by lot within event and style: half of each to structured
        key = event * 2 + reserved
        u = rng.random(n)
        rank = pd.Series(u).groupby(key).rank(method="first").to_numpy()
        count = np.bincount(key)[key]
        return rank <= np.floor(count / 2) + (rng.random(n) < (count % 2) / 2)
    strength = selection_strength if assignment == "self_selected" else 0.7 * selection_strength
    size, industry = world["size"], world["industry"]
    lin = strength * (0.9 * reserved + 1.5 * world["first_time"] - 0.6 * (size == 3) + 0.4 * (industry == 5) - 1.0)
    return rng.random(n) < 1.0 / (1.0 + np.exp(-lin))


def _draw_sessions(rng: np.random.Generator, world: dict, n_events: int, sessions_per_format: int,
                   sessions_per_event: int, session_size: int, whole_event_format: bool) -> None:
    """Attendees of a format spread at random over the event's sessions of that format; session and event shocks."""
    n, event, treated = world["n"], world["event"], world["treated"]
    if whole_event_format:
        session_in_event = rng.integers(0, sessions_per_format, n)
    else:
        session_in_event = rng.integers(0, sessions_per_format, n) + np.where(treated, 0, sessions_per_format)
    session = event * sessions_per_event + session_in_event
    world["session"] = session
    world["session_shock"] = rng.normal(size=n_events * sessions_per_event)[session]
    world["event_shock"] = rng.normal(size=n_events)[event]
    world["group"] = np.where(treated, rng.integers(0, max(session_size // 6, 1), n), -1)


def _draw_outcomes(rng: np.random.Generator, world: dict, planted: dict[str, dict[str, float]], *, session_sd: float,
                   event_sd: float, noise_sd: float, response_rate: float, response_format_gap: float) -> dict:
    """Every outcome, with the planted effect of the structured format per style segment, and who answered."""
    n, latent, first_time, reserved = world["n"], world["latent"], world["first_time"], world["reserved"]
    session_shock, event_shock = world["session_shock"], world["event_shock"]
    t = world["treated"].astype(float)
    seg_reserved = reserved.astype(float)

    def tau(outcome: str) -> np.ndarray:
        eff = planted.get(outcome, {})
        return t * (seg_reserved * eff.get("reserved", 0.0) + (1 - seg_reserved) * eff.get("self-directed", 0.0))

    industry_effect = np.array([0.0, 0.5, -0.3, -0.6, 0.2, 0.8])[world["industry"]]
    size_effect = np.array([-0.5, 0.0, 0.3, 0.6])[world["size"]]
    base = (
        6.0 + 1.5 * (~reserved) + 1.2 * latent - 2.5 * first_time + industry_effect + 1.5 * size_effect
    )  # first-timers and reserved people make fewer contacts: the confounders of self-selection
    out = {}
    out["new_contacts"] = new_contacts = (
        base + event_sd * event_shock + session_sd * session_shock + noise_sd * rng.normal(size=n) + tau("new_contacts")
    )
    familiar = rng.poisson(np.where(first_time, 0.5, 2.5))
    out["contacts"] = contacts = new_contacts + familiar + (tau("contacts") - tau("new_contacts"))
    out["familiar_share"] = familiar / np.maximum(contacts, 1.0)
    scale = 1.0 / 10.0  # shares and rates: a tenth of the contacts' spread
    out["cross_industry_share"] = (
        0.45 + 0.03 * latent + scale * 0.1 * (event_sd * event_shock + session_sd * session_shock)
        + 0.1 * rng.normal(size=n) + tau("cross_industry_share")
    )
    out["followup_rate_7d"] = (
        0.30 + 0.04 * latent - 0.05 * first_time + 0.02 * (session_sd * session_shock)
        + 0.12 * rng.normal(size=n) + tau("followup_rate_7d")
    )
    out["meetings_30d"] = rng.poisson(0.5 + 0.1 * (~reserved) + tau("meetings_30d")).astype(float)
    out["spectator"] = (new_contacts < 2).astype(float)
    out["satisfaction"] = (
        3.6 + 0.2 * latent - 0.2 * first_time + 0.15 * (session_sd * session_shock + event_sd * event_shock)
        + 0.7 * rng.normal(size=n) + tau("satisfaction")
    )
    out["met_helpful"] = (rng.random(n) < 0.30 + 0.10 * (~reserved) + 0.05 * first_time + tau("met_helpful")).astype(float)
    out["would_return"] = (rng.random(n) < 0.55 + 0.10 * (~first_time) + tau("would_return")).astype(float)
    out["nps"] = 7.0 + 0.5 * latent + 0.3 * (session_sd * session_shock) + 1.8 * rng.normal(size=n) + tau("nps")
    out["responded"] = rng.random(n) < np.clip(response_rate + response_format_gap * (t - 0.5) - 0.1 * first_time,
                                               0.02, 1.0)
    return out


def _outcome_frame(world: dict, out: dict, assignment: str) -> pd.DataFrame:
    """The world as an outcome table (the shape of ``toolkit.outcomes.compute_outcomes``)."""
    n, treated, responded = world["n"], world["treated"], out["responded"]
    table = pd.DataFrame(
        {
            "event_id": pd.array([f"E{e + 1:02d}" for e in world["event"]], dtype="string"),
            "attendee_id": pd.array([f"A{i:06d}" for i in range(n)], dtype="string"),
            "session_id": pd.array([f"S{s:04d}" for s in world["session"]], dtype="string"),
            "format": pd.Categorical(np.where(treated, "structured", "unstructured"), categories=["structured", "unstructured"]),
            "assignment": pd.Categorical(np.full(n, assignment), categories=list(ASSIGNMENTS)),
            "grouping": pd.array(np.where(treated, "industry", None), dtype="string"),
            "group_id": pd.array(np.where(treated, [f"G{g}" for g in world["group"]], None), dtype="string"),
            "n_sessions": np.ones(n, dtype=np.int64),
            "industry": pd.array(_INDUSTRIES[world["industry"]], dtype="string"),
            "company_size": pd.array(_SIZES[world["size"]], dtype="string"),
            "first_time": pd.array(world["first_time"], dtype="boolean"),
            "networking_style": pd.array(world["style"], dtype="string"),
            "responded": responded,
            "style_score": pd.array(np.where(responded, -(world["latent"] + world["style_noise"]), np.nan), dtype="Float64"),
            "style": pd.array(world["style"], dtype="string"),
            **{name: out[name] for name in ("contacts", "new_contacts", "familiar_share", "cross_industry_share",
                                            "followup_rate_7d", "meetings_30d", "spectator")},
        }
    )
    for name in _SURVEY:
        table[name] = pd.array(np.where(responded, out[name], np.nan), dtype="Float64")
    table.attrs["survey_columns"] = list(_SURVEY)
    return table


#: Scenarios of the simulation study: name -> options of :func:`simulate_outcome_table`.
STUDY_SCENARIOS: dict[str, dict] = {
    "randomized": {"assignment": "randomized"},
    "self-selected": {"assignment": "self_selected"},
    "self-selected, strong session shocks": {"assignment": "self_selected", "session_sd": 2.0},
    "whole events, 3 per format": {
        "assignment": "scheduled", "whole_event_format": True, "n_events": 6, "sessions_per_format": 1,
        "session_size": 60,
    },
}


def _plan_from_estimates(effects: dict[str, float], mix: dict[str, float]) -> dict[str, str]:
    """Each segment of the mix to the format its estimate favours (what a reader of the estimates would do)."""
    return {s: "structured" if effects.get(s, 0.0) > 0 else "unstructured" for s in mix}


def _plan_value(plan: dict[str, str], effects: dict[str, float], mix: dict[str, float]) -> float:
    """True gain over all-unstructured of a plan, per attendee."""
    return sum(mix[s] * effects.get(s, 0.0) for s in mix if plan.get(s) == "structured")


def simulation_study(
    *,
    scenarios: dict[str, dict] | None = None,
    n_worlds: int = 200,
    outcome: str = "new_contacts",
    mix: dict[str, float] | None = None,
    world_options: dict | None = None,
    with_recommendation: bool = True,
    extra_estimators: dict | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the comparison and the recommendation on many simulated worlds with a known truth.

    For each scenario and world: the toolkit's estimate (``compare_formats`` via
    ``recommend_format``) and the naive difference in means, per segment, set
    against the planted effect; and whether each one's recommendation (for
    ``mix``) picks an option that is truly best.

    ``extra_estimators`` maps a name to ``f(table, outcome) -> DataFrame`` with
    ``segment``, ``effect``, ``ci_low``, ``ci_high`` (e.g. a reference
    library), run on the same worlds; its recommendation is read off its point
    estimates like the naive one's.

    Returns
    -------
    (summary, worlds)
        ``summary``: one row per scenario, estimator and segment with ``bias``,
        ``rmse``, ``coverage`` (share of 95% intervals holding the truth),
        ``mean_width``, ``wrong_recommendation`` (share of worlds whose recommended
        option is not the truly best), ``confident_wrong`` (confident and wrong)
        and ``n_worlds``. ``worlds``: the per-world rows.

    Example
    -------
    >>> summary, _ = simulation_study(n_worlds=3, scenarios={"randomized": {"assignment": "randomized"}})
    >>> sorted(summary["estimator"].unique())
    ['naive', 'netout']
    """
    from toolkit.compare import compare_formats, naive_difference
    from toolkit.recommend import recommend_format

    scenarios = STUDY_SCENARIOS if scenarios is None else scenarios
    mix = {"reserved": 0.5, "self-directed": 0.5} if mix is None else mix
    seeds = np.random.SeedSequence(random_state)
    rows = []
    for name, options in scenarios.items():
        for world, seed in enumerate(seeds.spawn(n_worlds)):
            rng = np.random.default_rng(seed)
            table, truth = simulate_outcome_table(**{**(world_options or {}), **options}, random_state=rng)
            planted = truth[outcome]
            best_value = sum(mix[s] * max(planted.get(s, 0.0), 0.0) for s in mix)
            seed_fit = int(rng.integers(2**31))
            if with_recommendation:
                rec = recommend_format(table, outcome=outcome, mix=mix, n_draws=2000, random_state=seed_fit)
                ours, ours_choice, ours_confident = rec.effects, dict(rec.plan), rec.confident
            else:
                ours = compare_formats(table, outcome=outcome, random_state=seed_fit)
                ours_choice, ours_confident = None, False
            naive = naive_difference(table, outcome=outcome)
            naive_effects = dict(zip(naive["segment"], naive["effect"]))
            naive_best = _plan_from_estimates(naive_effects, mix)
            fits = [
                ("netout", ours, ours_choice, ours_confident),
                ("naive", naive, naive_best if with_recommendation else None, True),
            ]
            for extra_name, extra_fit in (extra_estimators or {}).items():
                frame = extra_fit(table, outcome)
                extra_best = _plan_from_estimates(dict(zip(frame["segment"], frame["effect"])), mix)
                fits.append((extra_name, frame, extra_best if with_recommendation else None, True))
            for estimator, frame, chosen, confident in fits:
                # wrong: the plan followed (who goes to which format) is worse than the truly best plan
                wrong = chosen is not None and _plan_value(chosen, planted, mix) < best_value - 1e-9
                for r in frame.itertuples(index=False):
                    if r.segment not in planted:
                        continue
                    rows.append(
                        {
                            "scenario": name,
                            "estimator": estimator,
                            "world": world,
                            "segment": r.segment,
                            "truth": planted[r.segment],
                            "effect": r.effect,
                            "ci_low": r.ci_low,
                            "ci_high": r.ci_high,
                            "recommended": None if chosen is None else ",".join(f"{k}:{v}" for k, v in chosen.items()),
                            "confident": bool(confident),
                            "wrong": bool(wrong),
                        }
                    )
    worlds = pd.DataFrame(rows)
    worlds["error"] = worlds["effect"] - worlds["truth"]
    worlds["covered"] = (worlds["ci_low"] <= worlds["truth"]) & (worlds["truth"] <= worlds["ci_high"])
    worlds["width"] = worlds["ci_high"] - worlds["ci_low"]
    worlds["confident_wrong"] = worlds["confident"] & worlds["wrong"]
    summary = (
        worlds.groupby(["scenario", "estimator", "segment"], sort=False)
        .agg(
            truth=("truth", "first"),
            bias=("error", "mean"),
            rmse=("error", lambda e: float(np.sqrt(np.mean(np.square(e))))),
            coverage=("covered", "mean"),
            mean_width=("width", "mean"),
            wrong_recommendation=("wrong", "mean"),
            confident_wrong=("confident_wrong", "mean"),
            n_worlds=("world", "nunique"),
        )
        .reset_index()
    )
    return summary, worlds


# ----------------------------------------------------------------------------------------
# a crossover world: every person in one structured and one open session at each event
# ----------------------------------------------------------------------------------------
#: Planted effects of the crossover world (structured minus open, per person and session), by outcome and style.
CROSSOVER_EFFECTS: dict[str, dict[str, float]] = {
    "contacts": {"reserved": 3.0, "self-directed": -1.0},
    "new_contacts": {"reserved": 3.0, "self-directed": -1.0},
    "satisfaction": {"reserved": 0.4, "self-directed": -0.1},
}


def simulate_crossover_table(
    *,
    n_events: int = 2,
    sessions_per_format: int = 12,
    session_size: int = 20,
    reserved_share: float = 0.5,
    effects: dict[str, dict[str, float]] | None = None,
    effect_sd: float = 1.0,
    person_sd: float = 2.0,
    session_sd: float = 1.0,
    event_sd: float = 1.0,
    noise_sd: float = 3.0,
    period_effect: float = -1.0,
    order: str = "by lot",
    same_people: bool = True,
    one_format_share: float = 0.0,
    unattributable: bool = False,
    style_timing: str = "pre-event",
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """A crossover world: each person attends one structured and one open session at every event.

    Each event has two time slots. In each slot half of the event's rooms of
    each format run side by side (``sessions_per_format`` rooms of each
    format per event in all); a person is in a structured room in one slot and
    an open room in the other, in the order drawn by lot (``order="by lot"``)
    or structured first for everyone (``order="structured first"``: the order
    is then confounded with the format). The outcome table has the shape agreed
    for people in several sessions: one row per attendee, event and session,
    with ``n_sessions``, ``session_order`` and ``attribution``.

    An outcome of a person in a session is their own level (``person_sd``,
    which the within-person comparison removes) + an event shock + the
    session's shock + ``period_effect`` in the second slot + the person's
    effect of the structured format (the planted effect of their style plus a
    personal deviation with spread ``effect_sd``, the same at every event) +
    noise. The survey outcome ``satisfaction`` is per event: one answer, the
    same on both of a person's rows (it cannot be compared within person).

    Parameters
    ----------
    n_events, sessions_per_format, session_size : int
        Events, rooms of each format per event, people per room.
    reserved_share : float
        Share of reserved people.
    effects : dict, optional
        Planted effects by outcome and style; default :data:`CROSSOVER_EFFECTS`.
    effect_sd, person_sd, session_sd, event_sd, noise_sd, period_effect : float
        Spreads of the personal effect, the person's level, the shocks, the
        noise; and how much more the second session gives than the first.
    order : {"by lot", "structured first"}
        Who goes to the structured format first.
    same_people : bool
        The same people come to every event (else new people each time).
    one_format_share : float
        Share of people at each event who attend one session only (of a format drawn by lot).
    unattributable : bool
        The contacts of people in two sessions cannot be attributed to a
        session (no session ids, no times): their contact outcomes are missing
        and ``attribution`` is ``unattributable``.
    style_timing : {"pre-event", "post-event"}
        Recorded in ``table.attrs["style_timing"]``.
    random_state : int or Generator, optional
        Seed.

    Returns
    -------
    (DataFrame, dict)
        The outcome table and the planted truth ``{outcome: {style: effect}}``
        (averages of the personal effects over the population).

    Example
    -------
    >>> table, truth = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> table.groupby("attendee_id")["format"].nunique().eq(2).all(), truth["new_contacts"]["reserved"]
    (np.True_, 3.0)
    >>> sorted(table["session_order"].dropna().unique().tolist())
    [1, 2]
    """
    if order not in ("by lot", "structured first"):
        raise ValueError(f"order must be 'by lot' or 'structured first', got {order!r}")
    if sessions_per_format < 2 or sessions_per_format % 2:
        raise ValueError("sessions_per_format must be an even number of at least 2 (half the rooms in each slot)")
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    planted = {k: dict(v) for k, v in (effects or CROSSOVER_EFFECTS).items()}
    rooms_per_slot = sessions_per_format // 2
    crossing = 2 * rooms_per_slot * session_size            # people in two sessions per event
    single = int(round(crossing * one_format_share / max(1.0 - one_format_share, 1e-9)))
    per_event = crossing + single
    n_people = per_event if same_people else per_event * n_events
    people = _crossover_people(rng, n_people, reserved_share, planted, effect_sd, person_sd)
    rows = []
    for e in range(n_events):
        who = np.arange(per_event) if same_people else np.arange(e * per_event, (e + 1) * per_event)
        who = rng.permutation(who)
        rows.append(_crossover_event(rng, e, who[:crossing], who[crossing:], rooms_per_slot, session_size, order))
    frame = pd.concat(rows, ignore_index=True)
    table = _crossover_outcomes(rng, frame, people, planted, n_events=n_events,
                                n_sessions=n_events * 2 * sessions_per_format, session_sd=session_sd,
                                event_sd=event_sd, noise_sd=noise_sd, period_effect=period_effect)
    return _crossover_frame(table, people, order=order, unattributable=unattributable,
                            style_timing=style_timing), planted


def _crossover_people(rng: np.random.Generator, n: int, reserved_share: float, planted: dict, effect_sd: float,
                      person_sd: float) -> dict:
    """People: style, characteristics, their own level and their personal effect of the structured format."""
    reserved = rng.random(n) < reserved_share
    people = {"reserved": reserved, "industry": rng.integers(0, len(_INDUSTRIES), n),
              "size": rng.integers(0, len(_SIZES), n), "first_time": rng.random(n) < 0.35,
              "level": person_sd * rng.normal(size=n), "deviation": effect_sd * rng.normal(size=n)}
    for outcome, by_style in planted.items():
        mean = np.where(reserved, by_style.get("reserved", 0.0), by_style.get("self-directed", 0.0))
        scale = 1.0 if outcome in ("contacts", "new_contacts") else 0.1
        people[f"tau_{outcome}"] = mean + scale * people["deviation"]
    return people


def _crossover_event(rng: np.random.Generator, event: int, crossing: np.ndarray, single: np.ndarray,
                     rooms_per_slot: int, session_size: int, order: str) -> pd.DataFrame:
    """Rows (person, session) of one event: slot 1 and slot 2, each with rooms of both formats side by side."""
    half = len(crossing) // 2
    if order == "by lot":
        structured_first = np.zeros(len(crossing), dtype=bool)
        structured_first[rng.permutation(len(crossing))[:half]] = True
    else:
        structured_first = np.ones(len(crossing), dtype=bool)
    parts = []
    for slot in (1, 2):
        structured_now = structured_first if slot == 1 else ~structured_first
        room = np.empty(len(crossing), dtype=np.int64)
        for fmt_structured in (True, False):
            sel = np.flatnonzero(structured_now == fmt_structured)
            room[sel] = rng.permutation(len(sel)) % rooms_per_slot
        parts.append(pd.DataFrame({"person": crossing, "slot": slot, "structured": structured_now, "room": room,
                                   "n_sessions": 2}))
    if len(single):
        fmt = rng.random(len(single)) < 0.5
        slot = rng.integers(1, 3, len(single))
        parts.append(pd.DataFrame({"person": single, "slot": slot, "structured": fmt,
                                   "room": rng.integers(0, rooms_per_slot, len(single)), "n_sessions": 1}))
    frame = pd.concat(parts, ignore_index=True)
    frame["event"] = event
    # rooms numbered within the event: slot, format, room
    frame["session_in_event"] = (frame["slot"] - 1) * 2 * rooms_per_slot + (~frame["structured"]) * rooms_per_slot \
        + frame["room"]
    return frame


def _crossover_outcomes(rng: np.random.Generator, frame: pd.DataFrame, people: dict, planted: dict, *, n_events: int,
                        n_sessions: int, session_sd: float, event_sd: float, noise_sd: float,
                        period_effect: float) -> pd.DataFrame:
    """Outcomes per (person, session): contact outcomes per session, the survey answer once per event."""
    p = frame["person"].to_numpy()
    t = frame["structured"].to_numpy().astype(float)
    second = (frame["slot"].to_numpy() == 2).astype(float)
    sessions_per_event = n_sessions // n_events
    session = frame["event"].to_numpy() * sessions_per_event + frame["session_in_event"].to_numpy()
    frame = frame.assign(session=session)
    event_shock = rng.normal(size=n_events)[frame["event"].to_numpy()]
    session_shock = rng.normal(size=n_sessions)[session]
    reserved = people["reserved"][p]
    base = 6.0 + 1.5 * (~reserved) - 2.0 * people["first_time"][p] + people["level"][p]
    shocks = event_sd * event_shock + session_sd * session_shock
    new = base + shocks + period_effect * second + t * people["tau_new_contacts"][p] + noise_sd * rng.normal(size=len(p))
    familiar = rng.poisson(np.where(people["first_time"][p], 0.5, 2.0))
    tau_contacts = people.get("tau_contacts", people["tau_new_contacts"])[p]
    frame["new_contacts"] = new
    frame["contacts"] = new + familiar + t * (tau_contacts - people["tau_new_contacts"][p])
    frame["spectator"] = (new < 2).astype(float)
    # one survey answer per person and event, about the whole event: the average of their sessions' effects
    key = frame["event"].to_numpy() * len(people["reserved"]) + p
    tau_sat = people.get("tau_satisfaction", np.zeros(len(people["reserved"])))[p]
    per_row = 3.6 + 0.15 * shocks + t * tau_sat
    mean_by_key = pd.Series(per_row).groupby(key).transform("mean").to_numpy()
    answer_noise = pd.Series(rng.normal(size=len(p))).groupby(key).transform("first").to_numpy()
    responded = pd.Series(rng.random(len(p)) < 0.6).groupby(key).transform("first").to_numpy()
    frame["satisfaction"] = np.where(responded, mean_by_key + 0.7 * answer_noise, np.nan)
    frame["responded"] = responded
    return frame


def _crossover_frame(frame: pd.DataFrame, people: dict, *, order: str, unattributable: bool,
                     style_timing: str) -> pd.DataFrame:
    """The crossover world in the agreed shape of the outcome table (one row per exposure)."""
    p = frame["person"].to_numpy()
    several = frame["n_sessions"].to_numpy() > 1
    style = np.where(people["reserved"][p], "reserved", "self-directed")
    contact_outcomes = ("contacts", "new_contacts", "spectator")
    table = pd.DataFrame({
        "event_id": pd.array([f"E{e + 1:02d}" for e in frame["event"]], dtype="string"),
        "attendee_id": pd.array([f"A{i:06d}" for i in p], dtype="string"),
        "session_id": pd.array([f"S{s:04d}" for s in frame["session"]], dtype="string"),
        "format": pd.Categorical(np.where(frame["structured"], "structured", "unstructured"),
                                 categories=["structured", "unstructured"]),
        "assignment": pd.Categorical(np.full(len(frame), "randomized" if order == "by lot" else "scheduled"),
                                     categories=list(ASSIGNMENTS)),
        "n_sessions": pd.array(frame["n_sessions"].to_numpy(), dtype="Int64"),
        "session_order": pd.array(np.where(several, frame["slot"].to_numpy(), 1), dtype="Int64"),
        "attribution": pd.array(np.where(several, "unattributable" if unattributable else "time", "event"),
                                dtype="string"),
        "industry": pd.array(_INDUSTRIES[people["industry"][p]], dtype="string"),
        "company_size": pd.array(_SIZES[people["size"][p]], dtype="string"),
        "first_time": pd.array(people["first_time"][p], dtype="boolean"),
        "networking_style": pd.array(style, dtype="string"),
        "responded": frame["responded"].to_numpy(),
        "style": pd.array(style, dtype="string"),
    })
    for name in contact_outcomes:
        values = frame[name].to_numpy(dtype=float)
        table[name] = np.where(several & unattributable, np.nan, values)
    table["satisfaction"] = pd.array(frame["satisfaction"].to_numpy(), dtype="Float64")
    table = table.sort_values(["event_id", "attendee_id", "session_order"], kind="stable").reset_index(drop=True)
    table.attrs["survey_columns"] = ["satisfaction"]
    table.attrs["event_order"] = sorted(table["event_id"].unique().tolist())
    table.attrs["not_recorded"] = {}
    if unattributable:
        reason = ("not attributable to sessions for people in several sessions: the contacts have no session ids "
                  "and the sessions no start and end times (add session_id to contacts.csv, or start and end to "
                  "sessions.csv)")
        table.attrs["notes"] = {name: reason for name in contact_outcomes}
    table.attrs["contact_kind"] = "exchange"
    table.attrs["style_timing"] = style_timing
    return table

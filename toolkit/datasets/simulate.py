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


# ----------------------------------------------------------------------------------------
# worlds for the decision numbers: confounding the adjustment must catch, small events, no effect,
# survey answers that depend on the format, people in both formats, and an event run from a plan
# ----------------------------------------------------------------------------------------
#: Planted effects on ``new_contacts`` in the scenario worlds below (opposite signs: the split is truly best).
SCENARIO_EFFECTS: dict[str, float] = {"reserved": 3.0, "self-directed": -1.5}


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _confounded_world(
    rng: np.random.Generator, *, n_events: int, sessions_per_format: int, session_size: int, reserved_share: float,
    effects: dict[str, float], extra_columns, extra_selection, extra_outcome, assignment: str = "self_selected",
    session_sd: float = 1.0, event_sd: float = 1.0, noise_sd: float = 3.0,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """A world of :func:`simulate_outcome_table`'s kind with extra covariates and extra confounding of new contacts.

    ``extra_columns(rng, world) -> dict`` adds attendee columns (also to the
    world), ``extra_selection(world)`` adds to the logit of choosing the
    structured format, ``extra_outcome(world)`` to ``new_contacts`` and
    ``contacts``. Only ``new_contacts`` and ``contacts`` carry ``effects``.
    """
    planted = {k: dict(v) for k, v in SIM_EFFECTS.items()}
    planted["new_contacts"] = dict(effects)
    planted["contacts"] = dict(effects)
    per_event = 2 * sessions_per_format * session_size
    world = _draw_attendees(rng, n_events, per_event, reserved_share)
    added = extra_columns(rng, world)
    world.update(added)
    if assignment == "randomized":
        world["treated"] = _draw_formats(rng, world, n_events, "randomized", False, 1.0)
    else:
        size, industry, reserved = world["size"], world["industry"], world["reserved"]
        lin = 0.9 * reserved + 1.5 * world["first_time"] - 0.6 * (size == 3) + 0.4 * (industry == 5) - 1.0
        world["treated"] = rng.random(world["n"]) < _expit(lin + extra_selection(world))
    _draw_sessions(rng, world, n_events, sessions_per_format, 2 * sessions_per_format, session_size, False)
    out = _draw_outcomes(rng, world, planted, session_sd=session_sd, event_sd=event_sd, noise_sd=noise_sd,
                         response_rate=0.6, response_format_gap=0.0)
    shift = extra_outcome(world)
    out["new_contacts"] = out["new_contacts"] + shift
    out["contacts"] = out["contacts"] + shift
    out["spectator"] = (out["new_contacts"] < 2).astype(float)
    table = _outcome_frame(world, out, assignment)
    for name, values in added.items():
        table[name] = values
    return table, planted


def simulate_nonlinear_confounding(
    *,
    n_events: int = 2,
    sessions_per_format: int = 12,
    session_size: int = 40,
    effects: dict[str, float] | None = None,
    strength: float = 1.0,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Self-chosen formats confounded by a number that enters only through a curve.

    Each attendee has an ``age`` (uniform 25-65). People at either end of the
    range choose the structured format more often *and* make more new contacts
    (a U-shape, ``((age - 45) / 10)^2``, centred to mean zero): a straight line
    in ``age`` catches none of it, and a few coarse bins only part.
    ``strength`` scales both. ``new_contacts`` carries ``effects``
    (default :data:`SCENARIO_EFFECTS`).

    Example
    -------
    >>> table, truth = simulate_nonlinear_confounding(random_state=0)
    >>> len(table), truth["new_contacts"]
    (1920, {'reserved': 3.0, 'self-directed': -1.5})
    >>> older = table["age"].sub(45).abs() > 15      # the ends of the age range chose structured more often
    >>> bool(table.loc[older, "format"].eq("structured").mean() > table.loc[~older, "format"].eq("structured").mean())
    True
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)

    def curve(world):
        return ((world["age"] - 45.0) / 10.0) ** 2 - 4.0 / 3.0

    return _confounded_world(
        rng, n_events=n_events, sessions_per_format=sessions_per_format, session_size=session_size,
        reserved_share=0.5, effects=effects or SCENARIO_EFFECTS,
        extra_columns=lambda r, w: {"age": np.round(r.uniform(25.0, 65.0, w["n"]), 1)},
        extra_selection=lambda w: 1.2 * strength * curve(w),
        extra_outcome=lambda w: 2.0 * strength * curve(w),
    )


def simulate_minority_segment(
    *,
    n_events: int = 2,
    sessions_per_format: int = 12,
    session_size: int = 40,
    reserved_share: float = 0.1,
    effects: dict[str, float] | None = None,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Self-chosen formats where a small segment is confounded differently from the rest.

    Only ``reserved_share`` (10%) of attendees are reserved. Among them,
    first-timers choose the structured format much more often and make far
    fewer new contacts than reserved regulars; among self-directed attendees
    both gaps are small. Nuisance models that treat every segment alike learn
    the majority's relation and mis-adjust the minority's effect.

    Example
    -------
    >>> table, truth = simulate_minority_segment(random_state=0)
    >>> round(float((table["style"] == "reserved").mean()), 2)
    0.1
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)

    def by_segment(world, reserved_value, other_value):
        return world["first_time"] * np.where(world["reserved"], reserved_value, other_value)

    return _confounded_world(
        rng, n_events=n_events, sessions_per_format=sessions_per_format, session_size=session_size,
        reserved_share=reserved_share, effects=effects or SCENARIO_EFFECTS, extra_columns=lambda r, w: {},
        extra_selection=lambda w: by_segment(w, 0.6, -0.6), extra_outcome=lambda w: by_segment(w, -3.0, 1.0),
    )


def simulate_binary_survey(
    *,
    n_events: int = 3,
    sessions_per_format: int = 12,
    session_size: int = 40,
    effects: dict[str, float] | None = None,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Formats by lot, a yes/no survey answer (``met_helpful``), and who answers depends on the format.

    Structured attendees answer the survey more often, first-timers in
    structured sessions much more often, and first-timers also say yes more
    often: among those who answered, the two formats hold different shares of
    first-timers, so a plain difference of the answers is off. The planted
    effect on the chance of saying yes is ``effects`` (default reserved +0.15,
    self-directed -0.10), the same for respondents and everyone.

    Example
    -------
    >>> table, truth = simulate_binary_survey(random_state=0)
    >>> answered = table["met_helpful"].notna()
    >>> by_format = answered.groupby(table["format"], observed=True).mean()
    >>> bool(by_format["structured"] > by_format["unstructured"] + 0.1), truth["met_helpful"]["reserved"]
    (True, 0.15)
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    effects = dict(effects or {"reserved": 0.15, "self-directed": -0.10})
    planted = {k: dict(v) for k, v in SIM_EFFECTS.items()}
    planted["met_helpful"] = effects
    per_event = 2 * sessions_per_format * session_size
    world = _draw_attendees(rng, n_events, per_event, 0.5)
    world["treated"] = _draw_formats(rng, world, n_events, "randomized", False, 1.0)
    _draw_sessions(rng, world, n_events, sessions_per_format, 2 * sessions_per_format, session_size, False)
    out = _draw_outcomes(rng, world, planted, session_sd=1.0, event_sd=1.0, noise_sd=3.0, response_rate=0.6,
                         response_format_gap=0.0)
    t, first, reserved = world["treated"].astype(float), world["first_time"], world["reserved"]
    shock = 0.04 * world["session_shock"]
    p_yes = 0.35 + 0.10 * (~reserved) + 0.12 * first + shock + t * np.where(reserved, effects["reserved"],
                                                                              effects["self-directed"])
    out["met_helpful"] = (rng.random(world["n"]) < np.clip(p_yes, 0.0, 1.0)).astype(float)
    p_answer = 0.55 + 0.10 * t - 0.25 * first + 0.30 * t * first
    out["responded"] = rng.random(world["n"]) < p_answer
    return _outcome_frame(world, out, "randomized"), planted


def simulate_crossover(
    *,
    n_events: int = 2,
    sessions_per_format: int = 12,
    session_size: int = 20,
    effects: dict[str, float] | None = None,
    person_sd: float = 2.0,
    order_effect: float = 0.5,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """People in both formats: at each event everyone joins one structured and one open session.

    Each event has two rounds with ``sessions_per_format`` rooms of each
    format per round; half of each segment, by lot, is in a structured room in
    the first round and an open room in the second, the other half the other
    way round. One row per attendee and session (``n_sessions`` 2): the same
    person's two rows share a person effect (``person_sd``), the second round
    adds ``order_effect``, each room a shock. ``new_contacts`` carries
    ``effects`` (default :data:`SCENARIO_EFFECTS`); the comparison must count
    each person once as evidence (clustered by session and person).

    Example
    -------
    >>> table, truth = simulate_crossover(random_state=0)
    >>> int(table.groupby("attendee_id")["format"].nunique().min()), len(table) // table["attendee_id"].nunique()
    (2, 2)
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    planted = {"new_contacts": dict(effects or SCENARIO_EFFECTS)}
    per_event = sessions_per_format * session_size
    world = _draw_attendees(rng, n_events, per_event, 0.5)
    n, event = world["n"], world["event"]
    structured_first = _draw_formats(rng, world, n_events, "randomized", False, 1.0)
    person = 1.2 * world["latent"] - 2.5 * world["first_time"] + person_sd * rng.normal(size=n)
    rows = []
    for round_ in (0, 1):
        treated = structured_first if round_ == 0 else ~structured_first
        room = rng.integers(0, sessions_per_format, n)
        session = event * 4 * sessions_per_format + round_ * 2 * sessions_per_format + room + np.where(
            treated, 0, sessions_per_format)
        rows.append((round_, treated, session))
    shocks = rng.normal(size=n_events * 4 * sessions_per_format)
    event_shock = rng.normal(size=n_events)[event]
    eff = np.where(world["reserved"], planted["new_contacts"]["reserved"], planted["new_contacts"]["self-directed"])
    frames = []
    for round_, treated, session in rows:
        y = (6.0 + 1.5 * (~world["reserved"]) + person + event_shock + shocks[session] + order_effect * round_
             + 3.0 * rng.normal(size=n) + treated * eff)
        frames.append(pd.DataFrame({
            "event_id": pd.array([f"E{e + 1:02d}" for e in event], dtype="string"),
            "attendee_id": pd.array([f"A{i:06d}" for i in range(n)], dtype="string"),
            "session_id": pd.array([f"S{s:04d}" for s in session], dtype="string"),
            "format": pd.Categorical(np.where(treated, "structured", "unstructured"),
                                     categories=["structured", "unstructured"]),
            "assignment": pd.Categorical(np.full(n, "randomized"), categories=list(ASSIGNMENTS)),
            "n_sessions": np.full(n, 2, dtype=np.int64),
            "industry": pd.array(_INDUSTRIES[world["industry"]], dtype="string"),
            "company_size": pd.array(_SIZES[world["size"]], dtype="string"),
            "first_time": pd.array(world["first_time"], dtype="boolean"),
            "style": pd.array(world["style"], dtype="string"),
            "round": np.full(n, round_ + 1, dtype=np.int64),
            "new_contacts": y,
        }))
    table = pd.concat(frames, ignore_index=True).sort_values(["event_id", "attendee_id", "round"], kind="stable")
    return table.reset_index(drop=True), planted


def simulate_registrations(n: int, *, shares: dict[str, float] | None = None, by: str = "networking_style",
                           random_state: int | np.random.Generator | None = None) -> pd.DataFrame:
    """A registration list of ``n`` people: ``attendee_id``, ``industry``, ``company_size``, ``first_time`` and the
    segment column ``by`` in the proportions ``shares`` (default half reserved, half self-directed).

    Example
    -------
    >>> people = simulate_registrations(10, random_state=0)
    >>> people.columns.tolist(), int((people["networking_style"] == "reserved").sum())
    (['attendee_id', 'industry', 'company_size', 'first_time', 'networking_style'], 5)
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    shares = shares or {"reserved": 0.5, "self-directed": 0.5}
    names = list(shares)
    weights = np.array([shares[s] for s in names], dtype=float)
    counts = np.floor(weights / weights.sum() * n).astype(int)
    counts[np.argsort(-(weights / weights.sum() * n - counts))[: n - counts.sum()]] += 1
    segment = rng.permutation(np.repeat(np.array(names, dtype=object), counts))
    return pd.DataFrame({
        "attendee_id": [f"R{i:06d}" for i in range(n)],
        "industry": _INDUSTRIES[rng.integers(0, len(_INDUSTRIES), n)],
        "company_size": _SIZES[rng.integers(0, len(_SIZES), n)],
        "first_time": rng.random(n) < 0.35,
        by: segment,
    })


def simulate_planned_event(
    assignment: pd.DataFrame,
    *,
    by: str = "style",
    effects: dict[str, float] | None = None,
    session_sd: float = 1.0,
    noise_sd: float = 3.0,
    event_id: str = "next",
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """An event run as planned: the outcome table of a plan's assignment (``NextEventPlan.assignment``).

    Everyone is in the room the plan gave them; ``new_contacts`` follows
    :func:`simulate_outcome_table`'s model (a latent sociability behind the
    segment, first-timers and industries, a shock per room, ``noise_sd`` per
    person) plus ``effects`` per segment of ``by`` in the structured rooms
    (default :data:`SCENARIO_EFFECTS`); ``contacts`` adds people already known.
    The plan's ``industry``, ``company_size`` and ``first_time`` are used where
    it has them, else drawn.

    Example
    -------
    >>> from toolkit.plan import plan_next_event
    >>> plan = plan_next_event(simulate_registrations(240, random_state=0), by="style", rooms_per_format=10,
    ...                        random_state=0)
    >>> table, truth = simulate_planned_event(plan.assignment, random_state=0)
    >>> table["session_id"].nunique(), sorted(table["assignment"].unique())
    (20, ['randomized'])
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    effects = dict(SCENARIO_EFFECTS if effects is None else effects)
    n = len(assignment)
    segment = assignment[by].astype("string").fillna("unknown").to_numpy(dtype=object)
    reserved = segment == "reserved"
    # the latent sociability behind the segment: the lower half of a normal for reserved people
    u = rng.random(n)
    latent = np.where(reserved, _normal_quantile(0.5 * u), np.where(segment == "self-directed",
                                                                     _normal_quantile(0.5 + 0.5 * u),
                                                                     rng.normal(size=n)))
    industry = (assignment["industry"].astype(str).to_numpy() if "industry" in assignment.columns
                else _INDUSTRIES[rng.integers(0, len(_INDUSTRIES), n)])
    size = (assignment["company_size"].astype(str).to_numpy() if "company_size" in assignment.columns
            else _SIZES[rng.integers(0, len(_SIZES), n)])
    first_time = (assignment["first_time"].astype(bool).to_numpy() if "first_time" in assignment.columns
                  else rng.random(n) < 0.35)
    industry_effect = pd.Series(dict(zip(_INDUSTRIES, [0.0, 0.5, -0.3, -0.6, 0.2, 0.8]))).reindex(industry).fillna(0)
    size_effect = pd.Series(dict(zip(_SIZES, [-0.5, 0.0, 0.3, 0.6]))).reindex(size).fillna(0)
    session, session_code = np.unique(assignment["session_id"].astype(str).to_numpy(), return_inverse=True)
    shock = rng.normal(size=len(session))[session_code]
    treated = (assignment["format"].astype(str) == "structured").to_numpy()
    effect = np.array([effects.get(s, 0.0) for s in segment])
    new_contacts = (6.0 + 1.5 * (segment == "self-directed") + 1.2 * latent - 2.5 * first_time
                    + industry_effect.to_numpy() + 1.5 * size_effect.to_numpy() + session_sd * shock
                    + noise_sd * rng.normal(size=n) + treated * effect)
    table = pd.DataFrame({
        "event_id": pd.array(np.full(n, event_id), dtype="string"),
        "attendee_id": pd.array(assignment["attendee_id"].astype(str).to_numpy(), dtype="string"),
        "session_id": pd.array(assignment["session_id"].astype(str).to_numpy(), dtype="string"),
        "format": pd.Categorical(np.where(treated, "structured", "unstructured"), categories=["structured", "unstructured"]),
        "assignment": pd.Categorical(np.full(n, "randomized"), categories=list(ASSIGNMENTS)),
        "n_sessions": np.ones(n, dtype=np.int64),
        "industry": pd.array(industry, dtype="string"),
        "company_size": pd.array(size, dtype="string"),
        "first_time": pd.array(first_time, dtype="boolean"),
        "style": pd.array(segment, dtype="string"),
        "new_contacts": new_contacts,
        "contacts": new_contacts + rng.poisson(np.where(first_time, 0.5, 2.5)),
    })
    if by != "style":
        table[by] = pd.array(segment, dtype="string")
    return table, {"new_contacts": effects, "contacts": effects}


def _normal_quantile(p: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return ndtri(np.clip(p, 1e-9, 1 - 1e-9))


def simulate_planned_event_tables(
    plan,
    registrations: pd.DataFrame,
    *,
    by: str = "style",
    satisfaction_effects: dict[str, float] | None = None,
    contacts_per_person: float = 4.0,
    structured_extra: float = 1.0,
    random_state: int | np.random.Generator | None = None,
) -> dict[str, pd.DataFrame]:
    """The raw tables of an event run from a plan: what its folder would hold after the event.

    ``attendees`` (from the registrations), the plan's ``sessions`` and
    ``participation``, ``contacts`` (each person names about
    ``contacts_per_person`` others of their room, ``structured_extra`` more in
    a structured room) and a ``survey`` with ``satisfaction`` (1-5; a room
    shock, and ``satisfaction_effects`` per segment in structured rooms).
    Write each table as ``NAME.csv`` into one folder and
    ``toolkit.load_event_data`` reads it.

    Example
    -------
    >>> from toolkit.plan import plan_next_event
    >>> people = simulate_registrations(240, random_state=0)
    >>> plan = plan_next_event(people, by="style", rooms_per_format=10, random_state=0)
    >>> tables = simulate_planned_event_tables(plan, people, random_state=0)
    >>> sorted(tables), tables["sessions"]["session_id"].nunique()
    (['attendees', 'contacts', 'participation', 'sessions', 'survey'], 20)
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    effects = satisfaction_effects or {"reserved": 0.4, "self-directed": -0.2}
    sessions, participation = plan.sessions, plan.participation
    event_id = str(sessions["event_id"].iloc[0])
    people = registrations.set_index(registrations["attendee_id"].astype(str))
    ids = participation["attendee_id"].astype(str).to_numpy()
    attendees = people.loc[ids].reset_index(drop=True).assign(event_id=event_id)
    attendees["first_time"] = np.where(attendees["first_time"].astype(bool), "yes", "no") \
        if "first_time" in attendees.columns else "no"
    room = participation["session_id"].astype(str).to_numpy()
    structured = pd.Series(room).map(sessions.set_index("session_id")["format"].astype(str)).eq("structured").to_numpy()
    rows = []
    for name in np.unique(room):
        members = ids[room == name]
        wanted = rng.poisson(contacts_per_person + structured_extra * structured[room == name][0], len(members))
        for person, k in zip(members, wanted):
            others = members[members != person]
            for other in rng.choice(others, size=min(int(k), len(others)), replace=False):
                rows.append((event_id, person, other, "app", name))
    contacts = pd.DataFrame(rows, columns=["event_id", "attendee_id", "contact_id", "channel", "session_id"])
    segment = plan.assignment.set_index(plan.assignment["attendee_id"].astype(str))[by].reindex(ids).to_numpy()
    shock = pd.Series(rng.normal(scale=0.3, size=len(np.unique(room))), index=np.unique(room))[room].to_numpy()
    score = 3.6 + shock + rng.normal(scale=0.7, size=len(ids)) + structured * np.array(
        [effects.get(str(s), 0.0) for s in segment])
    survey = pd.DataFrame({"event_id": event_id, "attendee_id": ids,
                           "satisfaction": np.clip(np.round(score), 1, 5).astype(int)})
    answered = rng.random(len(ids)) < 0.7
    return {"attendees": attendees, "sessions": sessions, "participation": participation,
            "contacts": contacts, "survey": survey.loc[answered].reset_index(drop=True)}


# ----------------------------------------------------------------------------------------
# the decision study: every scenario above, the comparison and the advice, against the truth
# ----------------------------------------------------------------------------------------
def _planned_world(rng: np.random.Generator, *, difference: float = 1.0, n_simulations: int = 1000) -> tuple:
    """A world sized by the toolkit: a season so far (2 events, by lot), the size it asks for, that event run.

    The planned event plants the smallest difference worth acting on
    (``difference``) in the direction the season's estimates point to, so
    that the chance of a confident answer it promised can be checked.
    """
    from toolkit.compare import fit_comparison
    from toolkit.plan import plan_next_event
    from toolkit.recommend.sample_size import sample_size

    season, _ = simulate_outcome_table(n_events=2, random_state=rng)
    comparison = fit_comparison(season, outcome="new_contacts", random_state=int(rng.integers(2**31)))
    mix = {"reserved": 0.5, "self-directed": 0.5}
    size = sample_size(comparison, mix, difference=difference, room_size=20, n_simulations=n_simulations,
                       random_state=rng)
    estimates = comparison.effects.set_index("segment")["effect"]
    truth = {s: difference if estimates.get(s, 1.0) > 0 else -difference for s in mix}
    registrations = simulate_registrations(size.attendees, shares=mix, random_state=rng)
    plan = plan_next_event(registrations, by="style", rooms_per_format=size.rooms_per_format,
                           room_size=size.room_size, random_state=rng)
    table, planted = simulate_planned_event(plan.assignment, effects=truth, random_state=rng)
    return table, planted, {"promised": size.chance, "rooms_per_format": size.rooms_per_format,
                            "room_size": size.room_size}


#: Scenarios of the decision study: name -> (generator(rng) -> (table, truth[, extras]), outcome).
DECISION_SCENARIOS: dict[str, tuple] = {
    "randomized": (lambda rng: simulate_outcome_table(effects={"new_contacts": SCENARIO_EFFECTS}, random_state=rng),
                   "new_contacts"),
    "randomized, small self-directed effect": (lambda rng: simulate_outcome_table(random_state=rng), "new_contacts"),
    "self-selected": (lambda rng: simulate_outcome_table(assignment="self_selected",
                                                         effects={"new_contacts": SCENARIO_EFFECTS}, random_state=rng),
                      "new_contacts"),
    "self-selected, strong session shocks": (
        lambda rng: simulate_outcome_table(assignment="self_selected", session_sd=2.0,
                                           effects={"new_contacts": SCENARIO_EFFECTS}, random_state=rng),
        "new_contacts"),
    "whole events, 3 per format": (
        lambda rng: simulate_outcome_table(assignment="scheduled", whole_event_format=True, n_events=6,
                                           sessions_per_format=1, session_size=60,
                                           effects={"new_contacts": SCENARIO_EFFECTS}, random_state=rng),
        "new_contacts"),
    "nonlinear confounder": (lambda rng: simulate_nonlinear_confounding(random_state=rng), "new_contacts"),
    "10% minority segment": (lambda rng: simulate_minority_segment(random_state=rng), "new_contacts"),
    "single small event (60 people, 3+3 rooms)": (
        lambda rng: simulate_outcome_table(n_events=1, sessions_per_format=3, session_size=10,
                                           effects={"new_contacts": SCENARIO_EFFECTS}, random_state=rng),
        "new_contacts"),
    "no effect": (lambda rng: simulate_outcome_table(effects={"new_contacts": {"reserved": 0.0, "self-directed": 0.0}},
                                                     random_state=rng), "new_contacts"),
    "binary survey answer, response depends on format": (lambda rng: simulate_binary_survey(random_state=rng),
                                                         "met_helpful"),
    "people in both formats": (lambda rng: simulate_crossover(random_state=rng), "new_contacts"),
    "planned event (the size the toolkit asked for)": (_planned_world, "new_contacts"),
    "effects and sizes drawn per world (25% no effect)": (lambda rng: simulate_drawn_effects(random_state=rng),
                                                          "new_contacts"),
}


#: The scenario whose worlds draw their effects (a quarter with none) and sizes: the population over which
#: the stated chance that a plan is best is checked against how often it was.
CALIBRATION_SCENARIO = "effects and sizes drawn per world (25% no effect)"


def _true_best(truth: dict[str, float], mix: dict[str, float]) -> tuple[float, dict[str, float]]:
    """The best plan's true gain over all-unstructured, and each plan's (by segment formats) true gain."""
    gains = {s: mix[s] * truth.get(s, 0.0) for s in mix}
    return sum(max(g, 0.0) for g in gains.values()), gains


def decision_world(table: pd.DataFrame, truth: dict[str, float], *, outcome: str, mix: dict[str, float],
                   seed: int, n_draws: int = 4000) -> list[dict]:
    """One world: the comparison, the advice, its chance and advantage, set against the planted truth.

    One row per segment of the mix, with the world's advice repeated on each:
    ``effect``, ``ci_low``, ``ci_high``, ``se``, ``df`` (the comparison: with the standard error and
    degrees of freedom a later rule for the interval can be rechecked without refitting), ``chance`` (stated
    chance that the recommended plan is best), ``best`` (it truly is: no plan
    has a larger true gain), ``confident``, ``advantage`` (stated, from the
    shrunk effects, over the runner-up) and ``true_advantage`` (the same two
    plans' true difference). ``best`` is strict, as the stated chance is: where
    a segment's true effect is zero, plans tie and none is best (in a world
    with no effect, a confident advice is a wrong one).

    Example
    -------
    >>> table, truth = simulate_outcome_table(random_state=0)
    >>> rows = decision_world(table, truth["new_contacts"], outcome="new_contacts",
    ...                       mix={"reserved": 0.5, "self-directed": 0.5}, seed=0)
    >>> [r["segment"] for r in rows], rows[0]["best"]
    (['reserved', 'self-directed'], True)
    """
    from toolkit.compare import fit_comparison
    from toolkit.recommend.decision import decide
    from toolkit.recommend.mix import resolve_mix
    from toolkit.recommend.options import probability_best, value_options

    rng = np.random.default_rng(seed)
    comparison = fit_comparison(table, outcome=outcome, by="style", random_state=int(rng.integers(2**31)))
    values = value_options(comparison, resolve_mix(mix, segments=comparison.segments, by="style"))
    chance = probability_best(values, n_draws=n_draws, rng=rng)
    decision = decide(values, min_difference=0.0, confidence=0.95)
    best_gain, gains = _true_best(truth, mix)
    plan = {s: values.plan.get(s, "unstructured") for s in mix}
    chosen_gain = sum(g for s, g in gains.items() if plan[s] == "structured")
    runner = values.plans[values.runner_up]
    names = list(comparison.segments)
    runner_gain = sum(g for s, g in gains.items() if s in names and runner[names.index(s)] == 1)
    frame = comparison.to_frame()
    rows = []
    for r in frame.itertuples(index=False):
        if r.segment not in mix:
            continue
        rows.append({
            "segment": r.segment, "truth": truth.get(r.segment, 0.0), "effect": r.effect, "ci_low": r.ci_low,
            "ci_high": r.ci_high, "se": r.se, "df": r.df, "recommended": values.recommended, "chance": chance,
            "best": bool(chosen_gain >= best_gain - 1e-9 and all(abs(g) > 1e-12 for g in gains.values())),
            "confident": bool(decision.confident),
            "advantage": values.net[values.recommended] - values.net[values.runner_up],
            "true_advantage": chosen_gain - runner_gain,
        })
    return rows


def decision_study(*, scenarios: dict[str, tuple] | None = None, n_worlds: int = 100,
                   mix: dict[str, float] | None = None, random_state: int = 0) -> pd.DataFrame:
    """Run :func:`decision_world` on ``n_worlds`` seeded worlds of each scenario; one row per world and segment.

    ``scenarios`` defaults to :data:`DECISION_SCENARIOS`; a scenario's
    generator may return extras (the planned event's ``promised`` chance and
    size), added to its rows. Summaries: :func:`summarise_decision_study`.

    Example
    -------
    >>> rows = decision_study(scenarios={"randomized": DECISION_SCENARIOS["randomized"]}, n_worlds=2)
    >>> len(rows), sorted(rows["segment"].unique())
    (4, ['reserved', 'self-directed'])
    """
    scenarios = DECISION_SCENARIOS if scenarios is None else scenarios
    mix = mix or {"reserved": 0.5, "self-directed": 0.5}
    out = []
    for name, (generator, outcome) in scenarios.items():
        for world, seed in enumerate(np.random.SeedSequence([random_state, len(name)]).spawn(n_worlds)):
            rng = np.random.default_rng(seed)
            made = generator(rng)
            table, truth, extras = made if len(made) == 3 else (*made, {})
            for row in decision_world(table, truth[outcome], outcome=outcome, mix=mix,
                                      seed=int(rng.integers(2**31))):
                out.append({"scenario": name, "world": world, **row, **extras})
    return pd.DataFrame(out)


def summarise_decision_study(worlds: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The study's tables: ``effects`` (per scenario and segment: bias, relative bias, coverage, width),
    ``decisions`` (per scenario: confident, confident and wrong, chance >= 0.8 share, stated and true
    advantage), ``calibration`` (stated chance against how often the plan was truly best, in bins of 0.1, over
    the worlds of :data:`CALIBRATION_SCENARIO`, else all) and ``power`` (promised against achieved, for
    scenarios that carry a promise).

    Example
    -------
    >>> rows = decision_study(scenarios={"randomized": DECISION_SCENARIOS["randomized"]}, n_worlds=3)
    >>> sorted(summarise_decision_study(rows))
    ['calibration', 'decisions', 'effects', 'power']
    """
    w = worlds.copy()
    w["error"] = w["effect"] - w["truth"]
    w["covered"] = (w["ci_low"] <= w["truth"]) & (w["truth"] <= w["ci_high"])
    w["width"] = w["ci_high"] - w["ci_low"]
    effects = (w.groupby(["scenario", "segment"], sort=False)
               .agg(truth=("truth", lambda t: t.iloc[0] if t.nunique() == 1 else np.nan),
                    bias=("error", "mean"), sd=("error", "std"),
                    coverage=("covered", "mean"), mean_width=("width", "mean"), worlds=("world", "nunique"))
               .reset_index())
    effects["relative_bias"] = np.where(effects["truth"] != 0, effects["bias"] / effects["truth"].abs(), np.nan)
    # the spread of the errors (where the truth differs between worlds, as for the planned event, not of the estimates)
    effects["bias_mc_se"] = effects["sd"] / np.sqrt(effects["worlds"])
    # Monte Carlo error of a coverage: that of a binomial share over the worlds
    effects["coverage_mc_se"] = np.sqrt(effects["coverage"] * (1 - effects["coverage"]) / effects["worlds"])
    per_world = w.drop_duplicates(["scenario", "world"])
    per_world = per_world.assign(confident_wrong=per_world["confident"] & ~per_world["best"],
                                 high_chance=per_world["chance"] >= 0.8,
                                 advantage_error=per_world["advantage"] - per_world["true_advantage"])
    decisions = (per_world.groupby("scenario", sort=False)
                 .agg(chance=("chance", "mean"), truly_best=("best", "mean"), confident=("confident", "mean"),
                      confident_wrong=("confident_wrong", "mean"), chance_at_least_80=("high_chance", "mean"),
                      advantage_stated=("advantage", "mean"), advantage_true=("true_advantage", "mean"),
                      worlds=("world", "nunique"))
                 .reset_index())
    # a stated chance is calibrated over a population of worlds: the drawn-effects scenario where present
    population = per_world[per_world["scenario"] == CALIBRATION_SCENARIO]
    population = (population if len(population) else per_world)
    population = population[population["chance"].notna()]
    bins = np.minimum((population["chance"] * 10).astype(int), 9)
    calibration = (population.assign(bin=bins / 10).groupby("bin")
                   .agg(stated=("chance", "mean"), realised=("best", "mean"), worlds=("world", "size"))
                   .reset_index())
    calibration["gap"] = calibration["realised"] - calibration["stated"]
    calibration["realised_mc_se"] = np.sqrt(calibration["realised"] * (1 - calibration["realised"])
                                            / calibration["worlds"])
    power = pd.DataFrame()
    if "promised" in per_world.columns:
        promised = per_world[per_world["promised"].notna()]
        power = (promised.assign(achieved=promised["confident"] & promised["best"]).groupby("scenario", sort=False)
                 .agg(promised=("promised", "mean"), achieved=("achieved", "mean"),
                      rooms_per_format=("rooms_per_format", "median"), room_size=("room_size", "median"),
                      worlds=("world", "nunique"))
                 .reset_index())
    return {"effects": effects, "calibration": calibration, "decisions": decisions, "power": power}


def simulate_drawn_effects(
    *,
    null_share: float = 0.25,
    effect_sd: float = 1.5,
    random_state: int | np.random.Generator | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """A world whose effects and size are drawn too: for checking that stated chances mean what they say.

    A stated chance is calibrated over a population of worlds, not in one
    world with one fixed truth. Here each world draws its own: with chance
    ``null_share`` the format makes no difference to anyone, else each
    segment's effect on ``new_contacts`` is normal with sd ``effect_sd``
    (independently); 1-2 events of 3-12 rooms per format with 10-30 people,
    formats by lot or by choice.

    Example
    -------
    >>> table, truth = simulate_drawn_effects(random_state=4)
    >>> sorted(truth["new_contacts"]), len(table) > 0
    (['reserved', 'self-directed'], True)
    """
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    if rng.random() < null_share:
        effects = {"reserved": 0.0, "self-directed": 0.0}
    else:
        effects = dict(zip(("reserved", "self-directed"), rng.normal(scale=effect_sd, size=2).round(3)))
    options = {"n_events": int(rng.integers(1, 3)), "sessions_per_format": int(rng.integers(3, 13)),
               "session_size": int(rng.integers(10, 31)),
               "assignment": "randomized" if rng.random() < 0.5 else "self_selected"}
    return simulate_outcome_table(**options, effects={"new_contacts": effects}, random_state=rng)

"""What a comparison says about its own evidence: the table's notes, each segment's warnings, the method.

Table-level notes (rows left out, a between-event design, assignment not by
lot, people in several sessions) hold for every segment and are stated once
(:func:`table_notes`); segment warnings (too few sessions or attendees, poor
overlap, an unknown segment, missing outcome values, survey response) are per
segment (:func:`segment_warnings`). :func:`method_text` names the estimator
and the interval.

Example
-------
>>> from toolkit.datasets.simulate import simulate_outcome_table
>>> from toolkit.compare.design import prepare_analysis_frame
>>> table, _ = simulate_outcome_table(n_events=2, whole_event_format=True, sessions_per_format=2, random_state=0)
>>> frame = prepare_analysis_frame(table, by="style", random_state=0)
>>> table_notes(frame)[0][:45]
'Each event ran one format, so this compares e'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.compare.aipw import InfluenceValues, SegmentEffects
from toolkit.compare.design import UNKNOWN_SEGMENT, AnalysisFrame
from toolkit.compare.within import ExposureDesign, WithinPersonFit
# the notes' openings are the words toolkit.wording recognises them by, kept in one place
from toolkit.wording import (
    CHANNELS_DIFFER_NOTE,
    MIN_GROUP_SIZE,
    SMALL_GROUP_TEXT,
    SURVEY_PER_EVENT_NOTE,
    segment_label,
    segment_people,
)

__all__ = [
    "MIN_SESSIONS_PER_FORMAT",
    "table_notes",
    "segment_warnings",
    "missing_value_notes",
    "response_notes",
    "method_text",
    "exposure_notes",
    "context_notes",
    "within_notes",
    "within_warnings",
    "no_comparison_notes",
    "WITHIN_PERSON_METHOD",
    "NO_COMPARISON_METHOD",
    "POST_EVENT_SEGMENT_NOTE",
    "CHANNELS_DIFFER_NOTE",
    "CHANNEL_SHARE_GAP",
    "channels_by_format",
    "channel_notes",
]

#: How far the two formats' mixes of contact channels may be apart (half the sum of the differences of the
#: channels' shares) before the comparison says contacts were recorded differently: a quarter of the rows.
CHANNEL_SHARE_GAP: float = 0.25

# the channels as an organiser says them
_CHANNEL_WORDS = {"badge_scan": "badge scans", "app": "the event app", "card": "exchanged business cards",
                  "proximity": "proximity badges", "not given": "rows without a channel"}

#: The ``method`` of a within-person comparison.
WITHIN_PERSON_METHOD = (
    "within-person difference (each person's structured minus open session at the same event; people who had "
    "the structured session first and second weighted equally); cluster-robust variance by structured session, "
    "open session and person at once (three-way), t interval with the fewer sessions of a format minus one df"
)

#: The ``method`` where the formats could not be compared.
NO_COMPARISON_METHOD = "no comparison: the data do not hold both formats with values of this outcome"

#: The flag on every comparison whose segment was measured after the event ({by}: the segment column).
POST_EVENT_SEGMENT_NOTE = (
    "The {by} segments were scored from the post-event survey (for some attendees or all): a person's "
    "answers after a structured session may differ from their answers after open mingling, and who answers "
    "depends on the format, so the segments may themselves be affected by the format. Ask the questions at "
    "registration instead (docs/methods.md, \"Segments measured before the event\")."
)

#: Sessions per format (within a segment) below which a comparison rests on too few rooms to be
#: trusted: ``compare_formats`` warns below it and ``recommend`` is never confident below it.
MIN_SESSIONS_PER_FORMAT: int = 10

_MIN_PER_ARM = 20           # attendees per segment and format below which the estimate is fragile


def _head_count(n: int, people: int | None = None) -> str:
    """A count of a segment's attendees as a note writes it: "fewer than 5" for a group the small-cell rule hides.

    ``people`` (default ``n``) is the distinct people behind ``n`` rows, which the rule counts: a note
    that printed a hidden group's size would give back what the comparison hides.

    >>> _head_count(12), _head_count(3), _head_count(6, people=3), _head_count(0)
    ('12', 'fewer than 5', 'fewer than 5', '0')
    """
    people = n if people is None else people
    return SMALL_GROUP_TEXT if 0 < people < MIN_GROUP_SIZE else str(int(n))


def _few_attendees(counted: str) -> str:
    """The warning that a comparison rests on few attendees, with their count (a hidden one in words).

    >>> _few_attendees("12 structured and 30 unstructured reserved attendees")
    'Only 12 structured and 30 unstructured reserved attendees: too few for a firm conclusion.'
    >>> _few_attendees("fewer than 5 structured and 30 unstructured reserved attendees")[:40]
    'Fewer than 5 structured and 30 unstructu'
    """
    if counted.startswith(SMALL_GROUP_TEXT):
        return f"{counted[:1].upper()}{counted[1:]}: too few for a firm conclusion."
    return f"Only {counted}: too few for a firm conclusion."

# Why a contact-log outcome has no value: who those attendees are, and what they lack. The column that
# is 0 for them is the outcome's denominator in the catalogue.
_NO_DENOMINATOR = {
    "followup_rate_7d": ("with no new contact", "no follow-up rate"),
    "familiar_share": ("with no contact", "no familiar share"),
    "reciprocated_share": ("with no contact", "no reciprocated share"),
    "interest_share": ("with no contact", "no interest share"),
    "cross_industry_share": ("with no contact", "no cross-industry share"),
}


def table_notes(frame: AnalysisFrame, *, considered: np.ndarray | None = None) -> list[str]:
    """Notes that hold for every segment of a comparison on ``frame``, each stated once.

    ``considered`` marks the rows the comparison uses (default: all); people
    counted as appearing in several sessions are counted among them.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, assignment="self_selected", random_state=0)
    >>> table_notes(prepare_analysis_frame(table, by="style", random_state=0))[0][:43]
    'Attendees were not assigned by lot (self_se'
    """
    notes = []
    if frame.n_left_out:
        notes.append(f"{frame.n_left_out} attendee rows in no networking session were left out.")
    if frame.design != "within events":
        notes.append(
            "Some or all events ran a single format, so the comparison is partly between events: differences "
            "between those events (date, venue, audience, topic) are mixed into the effect."
            if frame.design == "within and between events"
            else "Each event ran one format, so this compares events, not formats within an event: differences "
            "between the events (date, venue, audience, topic) are mixed into the effect."
        )
    if not frame.randomized:
        notes.append(
            f"Attendees were not assigned by lot ({frame.assignment}); the estimate adjusts for "
            + (", ".join(frame.covariates) if frame.covariates else "no attendee characteristics")
            + " but cannot adjust for reasons it does not see."
        )
    if frame.person is not None:
        person = frame.person if considered is None else frame.person[considered]
        repeat = np.bincount(person) if len(person) else np.zeros(0)
        if (repeat > 1).any():
            notes.append(
                f"{int((repeat > 1).sum())} people appear in more than one session (at several events, or in "
                "several sessions of one format); the intervals allow for that by clustering by person as well as "
                "by session."
            )
    return notes


def exposure_notes(design: ExposureDesign) -> list[str]:
    """Who the comparison leaves out because of how people were exposed to the formats, and why.

    Example
    -------
    >>> import numpy as np
    >>> design = ExposureDesign(within=False, excluded=np.zeros(0, dtype=bool), n_both=12, n_one=300,
    ...                         n_several_one_row=0, survey=True)
    >>> exposure_notes(design)[0][:46]
    'Survey answers are per event, not per session:'
    """
    notes = []
    if design.n_several_one_row:
        notes.append(
            f"{design.n_several_one_row} attendees were in several sessions at an event but the outcome table gives "
            "each of them one row (one session's format), so their format cannot be told; they are left out. "
            "toolkit.compute_outcomes gives one row per session for such people."
        )
    if not design.n_both:
        return notes
    if design.survey:
        notes.append(
            f"{SURVEY_PER_EVENT_NOTE}: the {design.n_both} people who were in both formats "
            "at an event answered once for both, so survey outcomes are never compared within person and these "
            f"people are left out; this compares the {design.n_one} people who were in one format only."
        )
    elif design.within:
        if design.n_one:
            notes.append(
                f"{design.n_one} attendees seen in one format only are left out: the comparison holds each person "
                "fixed, and mixing in a comparison between different people would bring back the question of who "
                "chose which format."
            )
    else:
        why = ("as asked (within_person=False)" if design.asked is False
               else f"too few beside the {design.n_one} people seen in one format only for a comparison within "
                    "person")
        notes.append(
            f"{design.n_both} people were in both formats at an event; they are left out ({why}), so this compares "
            "people in one format with people in the other."
        )
    return notes


def channels_by_format(frame: AnalysisFrame, rows: np.ndarray | None = None) -> dict[str, dict[str, int]]:
    """Contact rows by channel in each format, over the sessions of the rows compared (``rows``; default all).

    Read from the outcome table's ``attrs["contact_channels"]`` (:func:`toolkit.outcomes.contact_channels`);
    empty where the table does not say.

    Example
    -------
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=2, random_state=0)
    >>> channels_by_format(prepare_analysis_frame(table, by="style"))
    {}
    """
    by_session = frame.frame.attrs.get("contact_channels") or {}
    if not by_session:
        return {}
    data = frame.frame
    chosen = np.ones(len(data), dtype=bool)
    if rows is not None:
        chosen[:] = False
        chosen[np.asarray(rows)] = True  # a mask, or row positions (a within-person fit's rows)
    pairs = set(zip(data["event_id"].astype(str).to_numpy()[chosen], data["session_id"].astype(str).to_numpy()[chosen],
                    np.where(frame.treated[chosen] == 1.0, "structured", "unstructured")))
    out: dict[str, dict[str, int]] = {}
    for event, session, fmt in sorted(pairs):
        for channel, n in by_session.get(event, {}).get(session, {}).items():
            mix = out.setdefault(fmt, {})
            mix[channel] = mix.get(channel, 0) + int(n)
    return out


def _channel_text(mix: dict[str, int]) -> str:
    """A format's channels in words: one channel with its rows, several with their shares."""
    total = sum(mix.values())
    ranked = sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) == 1:
        channel, n = ranked[0]
        return f"{_CHANNEL_WORDS.get(channel, channel)} only ({n} contact row{'s' if n != 1 else ''})"
    return ", ".join(f"{_CHANNEL_WORDS.get(c, c)} {n / total:.0%}" for c, n in ranked) + f" of {total} contact rows"


def channel_notes(frame: AnalysisFrame, outcome: str, rows: np.ndarray | None = None) -> tuple[list[str], dict]:
    """The note that the formats' contacts were recorded through different channels, and the channels by format.

    A contact outcome compares what was recorded: where one format's contacts are a few cards typed by
    staff and the other's are badge scans, the difference is the recording's, not the format's. The note
    is given where the formats' mixes of channels are at least :data:`CHANNEL_SHARE_GAP` apart, for
    outcomes read from the contact log; the channels by format are returned with it (empty otherwise).

    Example
    -------
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=2, random_state=0)
    >>> table.attrs["contact_channels"] = {"E01": {s: {"card" if f == "structured" else "badge_scan": 10}
    ...     for s, f in table[["session_id", "format"]].drop_duplicates().astype(str).to_numpy()}}
    >>> notes, mix = channel_notes(prepare_analysis_frame(table, by="style"), "contacts")
    >>> notes[0][:99]
    'Contacts were recorded differently in the two formats: in structured sessions by exchanged business'
    >>> channel_notes(prepare_analysis_frame(table, by="style"), "nps")
    ([], {})
    """
    spec = OUTCOME_CATALOGUE.get(outcome)
    if spec is None or "contacts" not in spec.tables:
        return [], {}
    mix = channels_by_format(frame, rows)
    if set(mix) != {"structured", "unstructured"}:
        return [], {}
    shares = [{c: n / max(sum(m.values()), 1) for c, n in m.items()} for m in (mix["structured"], mix["unstructured"])]
    gap = 0.5 * sum(abs(shares[0].get(c, 0.0) - shares[1].get(c, 0.0)) for c in set(shares[0]) | set(shares[1]))
    if gap < CHANNEL_SHARE_GAP:
        return [], {}
    note = (f"{CHANNELS_DIFFER_NOTE}: in structured sessions by {_channel_text(mix['structured'])}, in "
            f"unstructured sessions by {_channel_text(mix['unstructured'])}. A difference in "
            f"{spec.label} may come from how contacts were recorded rather than from the "
            "format, so it is no evidence for either format.")
    return [note], mix


def context_notes(frame: AnalysisFrame) -> list[str]:
    """Notes about what the comparison is made of: a segment measured after the event, covariates left out.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, style_timing="post-event",
    ...                                     random_state=0)
    >>> context_notes(prepare_analysis_frame(table, by="style"))[0][:60]
    'The style segments were scored from the post-event survey (f'
    """
    notes = []
    if frame.segment_timing == "post-event":
        notes.append(POST_EVENT_SEGMENT_NOTE.format(by=frame.by))
    if frame.covariate_choice is not None:
        notes.extend(frame.covariate_choice.warnings)
    return notes


def within_notes(frame: AnalysisFrame, fit: WithinPersonFit, outcome: str) -> list[str]:
    """Table-level notes of a within-person comparison.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.compare.aipw import outcome_values
    >>> from toolkit.compare.within import within_person_effects
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style")
    >>> within_notes(frame, within_person_effects(frame, outcome_values(frame, "contacts")), "contacts")[0][:42]
    'Within person: 80 people were in both a st'
    """
    people = int(fit.n_people.sum())
    notes = [
        f"Within person: {people} people were in both a structured and an open session at the same event "
        "(someone who came to several events counted at each), and "
        "each is compared with themselves (their structured session minus their open one), so who they are "
        "needs no adjustment. People who had the structured session first and those who had it second weigh "
        "equally, so that a difference between first and second sessions cancels out. The intervals are "
        "clustered by structured session, open session and person at once."
    ]
    if frame.n_left_out:
        notes.append(f"{frame.n_left_out} attendee rows in no networking session were left out.")
    unattributable = int(fit.n_unattributable.sum())
    if unattributable:
        notes.append(
            f"The contacts of {unattributable} people in both formats could not be attributed to a session (the "
            "contacts carry no session id and the sessions no start and end times), so their outcome in each "
            "session is not known; they are left out, not guessed. Record the session of each contact, or each "
            "session's start and end time."
        )
    other = int(fit.n_unusable.sum()) - unattributable
    if other:
        notes.append(f"{other} people in both formats have no {outcome} value in one of them and are left out.")
    return notes


def within_warnings(frame: AnalysisFrame, fit: WithinPersonFit, outcome: str) -> dict[str, list[str]]:
    """Per segment: the warnings about a within-person comparison's evidence.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.compare.aipw import outcome_values
    >>> from toolkit.compare.within import within_person_effects
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, order="structured first",
    ...                                     random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style")
    >>> within_warnings(frame, within_person_effects(frame, outcome_values(frame, "contacts")),
    ...                 "contacts")["reserved"][1][:40]
    'At E01 all reserved attendees had the sa'
    """
    out = {}
    for j, name in enumerate(frame.segment_names):
        items: list[str] = []
        who = segment_people(name, frame.by)  # "returning attendees", not "False attendees"
        if not fit.comparable[j]:
            why = (" (their contacts could not be attributed to a session)" if fit.n_unattributable[j] else "")
            items.append(f"None of the {who} was seen in both formats with a {outcome} value in each{why}, so the "
                         "formats cannot be compared here.")
            out[name] = items
            continue
        g1, g0, n = fit.sessions_structured[j], fit.sessions_unstructured[j], fit.n_people[j]
        if min(g1, g0) < MIN_SESSIONS_PER_FORMAT:
            # a hidden group's session count would say how many people it has at least (as segment_warnings)
            seen = (f"{who} were in {g1} structured and {g0} unstructured sessions" if n >= MIN_GROUP_SIZE else
                    f"{who} were in fewer than {MIN_SESSIONS_PER_FORMAT} sessions of a format")
            items.append(
                f"Too few sessions to trust this result: {seen}. Each session counts as one piece of evidence, "
                "and at least "
                f"{MIN_SESSIONS_PER_FORMAT} of each format are needed before the interval can be relied on; "
                "treat this comparison as a first look, not a conclusion."
            )
        if n < _MIN_PER_ARM:
            items.append(_few_attendees(f"{_head_count(n)} {who} were seen in both formats"))
        events = fit.unbalanced_events.get(name, [])
        if events:
            where = ", ".join(events[:5]) + (f" and {len(events) - 5} more" if len(events) > 5 else "")
            items.append(
                f"At {where} all {who} had the same order of formats (or the order is unknown), so there "
                "the format cannot be told apart from coming first or second; the estimate assumes the order "
                "makes no difference."
            )
        out[name] = items
    return out


def no_comparison_notes(frame: AnalysisFrame, outcome: str, present: np.ndarray) -> list[str]:
    """Why the formats cannot be compared at all: no values left (see the exposure notes), or one format seen.

    Example
    -------
    >>> import numpy as np
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> table = table[table["format"] == "unstructured"]
    >>> frame = prepare_analysis_frame(table, by="style")
    >>> no_comparison_notes(frame, "contacts", np.ones(len(table), dtype=bool))[0][:60]
    'Only unstructured sessions were recorded at the event, so th'
    """
    if not present.any():
        return [f"No attendee left in this comparison has a {outcome} value, so the formats cannot be compared."]
    seen = "structured" if frame.treated[present].max() == 1 else "unstructured"
    other = "unstructured" if seen == "structured" else "structured"
    events = frame.frame.loc[present, "event_id"].nunique() if "event_id" in frame.frame.columns else 1
    where = "at the event" if events <= 1 else f"at all {events} events"
    return [f"Only {seen} sessions were recorded {where}, so the formats cannot be compared: no {other} session "
            f"was seen. The {seen} figures are shown as they are."]


def segment_warnings(
    frame: AnalysisFrame, values: InfluenceValues, effects: SegmentEffects, missing: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Per segment: the warnings about its own evidence, then ``missing`` (why outcome values are absent).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> from toolkit.compare.aipw import influence_values, outcome_values, segment_effects
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=3, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> values = influence_values(frame, outcome_values(frame, "contacts"), adjust=False)
    >>> warnings = segment_warnings(frame, values, segment_effects(frame, values), {})
    >>> warnings["reserved"][0][:33]
    'Too few sessions to trust this re'
    """
    out = {}
    poor_overlap = (values.propensity < 0.05) | (values.propensity > 0.95)
    for j, name in enumerate(frame.segment_names):
        items: list[str] = []
        who = segment_people(name, frame.by)  # "returning attendees", not "False attendees"
        if effects.n_left_out[j]:
            items.append(f"{_head_count(effects.n_left_out[j]).capitalize()} attendees were in an event where this "
                         "segment met only one format and were left out.")
        if not effects.comparable[j]:
            seen_structured = (values.treated[values.segment_code == j] == 1).any()
            lacking = "an unstructured" if seen_structured else "a structured"
            items.append(f"None of the {who} was in {lacking} session, so the formats cannot be compared here.")
            out[name] = items + missing.get(name, [])
            continue
        g1, g0 = effects.sessions_structured[j], effects.sessions_unstructured[j]
        n1, n0 = effects.n_structured[j], effects.n_unstructured[j]
        people1 = n1 if effects.people_structured is None else effects.people_structured[j]
        people0 = n0 if effects.people_unstructured is None else effects.people_unstructured[j]
        if min(g1, g0) < MIN_SESSIONS_PER_FORMAT:
            # a hidden group's session count would say how many people it has at least
            seen = (f"{who} were in {g1} structured and {g0} unstructured sessions"
                    if min(people1, people0) >= MIN_GROUP_SIZE else
                    f"{who} were in fewer than {MIN_SESSIONS_PER_FORMAT} sessions of a format")
            items.append(
                f"Too few sessions to trust this result: {seen}. Each session counts as one piece of evidence, "
                "and at least "
                f"{MIN_SESSIONS_PER_FORMAT} of each format are needed before the interval can be relied on; "
                "treat this comparison as a first look, not a conclusion."
            )
        if min(n1, n0) < _MIN_PER_ARM:
            items.append(_few_attendees(f"{_head_count(n1, people1)} structured and {_head_count(n0, people0)} "
                                        f"unstructured {who}"))
        if not frame.randomized:
            poor = float(poor_overlap[(values.segment_code == j) & values.usable].mean())
            if poor > 0.10:
                items.append(
                    f"Poor overlap: for {poor:.0%} of {who} the model gives a chance below 5% or above "
                    "95% of being in the structured format, so the two groups are hard to compare; the estimate "
                    "leans on the outcome model there."
                )
        if name == UNKNOWN_SEGMENT and not frame.randomized:
            items.append(
                f"The {frame.by} of these attendees is unknown, so the adjustment cannot take it into account; "
                "if it drove their choice of format, this segment's estimate is biased."
            )
        out[name] = items + missing.get(name, [])
    return out


def missing_value_notes(frame: AnalysisFrame, outcome: str, present: np.ndarray,
                        rows: np.ndarray | None = None) -> dict[str, list[str]]:
    """Per segment: how many attendees have no value of a (non-survey) outcome, why, and that they are left out.

    Example
    -------
    >>> import numpy as np
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> present = np.ones(len(table), dtype=bool)
    >>> present[:3] = False
    >>> sum(len(v) for v in missing_value_notes(frame, "contacts", present).values())
    2
    """
    data = frame.frame
    missing = ~present if rows is None else ~present & rows
    no_denominator = np.zeros(len(data), dtype=bool)
    reason = _NO_DENOMINATOR.get(outcome)
    spec = OUTCOME_CATALOGUE.get(outcome)
    denominator = spec.denominator if spec is not None else None
    if reason is not None and denominator in data.columns:
        count = pd.to_numeric(data[denominator].astype("Float64"), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        no_denominator = missing & (count == 0)
    notes: dict[str, list[str]] = {}
    for j, name in enumerate(frame.segment_names):
        sel = frame.segment_code == j
        items = []
        people = segment_people(name, frame.by)
        n_reason = int((sel & no_denominator).sum())
        n_other = int((sel & missing & ~no_denominator).sum())
        if n_reason:
            who, lacks = reason
            items.append(
                f"{_head_count(n_reason).capitalize()} {people} {who} have {lacks} and are left out, so "
                "this compares only "
                f"{people} {who.replace('with no', 'with at least one')}."
            )
        if n_other:
            why = (
                "none of their contacts has a known industry on both sides, or their event has no contact log"
                if outcome == "cross_industry_share"
                else "for example, their event has no contact log"
            )
            items.append(f"{_head_count(n_other).capitalize()} {people} have no {outcome} value ({why}) and "
                         "are left out.")
        notes[name] = items
    return notes


def response_notes(frame: AnalysisFrame, answered: np.ndarray,
                   rows: np.ndarray | None = None) -> dict[str, list[str]]:
    """Per segment: whether survey response differs between formats, and between segments.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, response_format_gap=0.4, random_state=0)
    >>> frame = prepare_analysis_frame(table, by="style", random_state=0)
    >>> response_notes(frame, table["responded"].to_numpy())["reserved"][0][:47]
    'Survey response differs between formats for res'
    """
    notes: dict[str, list[str]] = {}
    t = frame.treated
    rates_by_segment = {}
    for j, name in enumerate(frame.segment_names):
        sel = frame.segment_code == j
        if rows is not None:
            sel = sel & rows
        # a share of a group the small-cell rule hides is not shown: 1 of 3 answering says as much as the count
        r1 = answered[sel & (t == 1)].mean() if _shown(frame, sel & (t == 1)) else np.nan
        r0 = answered[sel & (t == 0)].mean() if _shown(frame, sel & (t == 0)) else np.nan
        rates_by_segment[name] = answered[sel].mean() if _shown(frame, sel) else np.nan
        items = []
        if np.isfinite(r1) and np.isfinite(r0) and abs(r1 - r0) >= 0.10:
            items.append(
                f"Survey response differs between formats for {segment_people(name, frame.by)} ({r1:.0%} structured vs "
                f"{r0:.0%} unstructured): the answers may not speak for everyone; consider weighting them by the "
                "chance of answering (weight_nonresponse=True in Python, --weight-nonresponse on the command line)."
            )
        notes[name] = items
    rates = np.array(list(rates_by_segment.values()), dtype=float)
    if np.isfinite(rates).sum() > 1 and np.nanmax(rates) - np.nanmin(rates) >= 0.10:
        text = ", ".join(f"{segment_label(k, frame.by)} {v:.0%}" if np.isfinite(v) else
                         f"{segment_label(k, frame.by)} ({SMALL_GROUP_TEXT} people)" for k, v in rates_by_segment.items())
        for name in notes:
            notes[name].append(f"Survey response rates differ between segments ({text}).")
    return notes


def _shown(frame: AnalysisFrame, rows: np.ndarray) -> bool:
    """Whether the rows hold enough distinct people for a figure about them to be shown (the small-cell rule)."""
    if not rows.any():
        return False
    people = len(np.unique(frame.person[rows])) if frame.person is not None else int(rows.sum())
    return people >= MIN_GROUP_SIZE


def method_text(frame: AnalysisFrame, *, adjust: bool, weighted: bool) -> str:
    """The estimator and interval in one line (the ``method`` column).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> from toolkit.compare.design import prepare_analysis_frame
    >>> table, _ = simulate_outcome_table(n_events=1, random_state=0)
    >>> method_text(prepare_analysis_frame(table, by="style"), adjust=False, weighted=False)[:60]
    'difference in means (randomized, within event and segment); '
    """
    if frame.randomized and not adjust:
        core = "difference in means (randomized"
        core += ", within event and segment)" if frame.design == "within events" else ", between events)"
    elif frame.randomized:
        core = ("covariate-adjusted difference in means (randomized; AIPW with known assignment shares, ridge "
                "outcome models with spline curves and per-segment slopes, cross-fitted by session fold)")
    else:
        core = (
            "doubly robust AIPW (cross-fitted logistic propensity and ridge outcome models with spline curves and "
            "per-segment slopes, by session fold, "
            + ("event as a stratum)" if frame.design != "between events" else "between events)")
        )
    tail = (
        "; session- and person-clustered (two-way) CR2-type variance, t interval with Satterthwaite df"
        if frame.person is not None
        else "; session-clustered CR2-type variance, t interval with Satterthwaite df"
    )
    if weighted:
        tail += "; survey answers weighted by inverse probability of response"
    return core + tail

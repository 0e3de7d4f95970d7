"""Build the post-event board report as a plain object, before any rendering.

:func:`build_report` runs the pipeline (load, outcomes, comparison,
recommendation) and :func:`compose_report` turns its tidy results into a
:class:`~toolkit.report.document.BoardReport`: an ordered list of sections
holding sentences, tables that are already formatted for people, and plotly
figures. HTML and PDF are two renderings of that one object (see
:mod:`toolkit.report.export`). The words come from :mod:`toolkit.wording`
and the outcome catalogue, as on every other face.

Privacy rules enforced here, once, for every rendering:

- nothing that identifies a person is copied into the report: only counts,
  shares and means over groups;
- a group of fewer than :data:`~toolkit.wording.MIN_GROUP_SIZE` attendees is
  written as "fewer than 5" and left out of the charts.

Example
-------
>>> from toolkit.wording import format_count
>>> format_count(3)   # what a report writes for a group too small to show
'fewer than 5'
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit import plots
from toolkit.catalogue import KEY_FIGURES, OUTCOME_CATALOGUE
from toolkit.contract import FORMATS, OUTCOMES
from toolkit.events import event_sequence
from toolkit.privacy import is_personal_column
from toolkit.report.document import BoardReport, ReportFigure, ReportTable, Section
from toolkit.wording import (
    CERTAINTY_STATES,
    MIN_GROUP_SIZE,
    MISSING_TEXT,
    PER_SESSION_EXPECTED,
    SHARE_OUTCOMES,
    SMALL_GROUP_TEXT,
    CERTAINTY_LABELS,
    and_list,
    how_placed,
    few_people,
    group_sizes,
    certainty,
    column_label,
    describe_effects,
    effect_certainty,
    expected_per_session,
    group_cautions,
    group_people,
    recommendation_answer,
    sample_size_figure,
    format_count,
    format_name,
    format_number,
    format_percent,
    format_value,
    is_missing,
    outcome_label,
    outcome_title,
    segment_label,
)

# --------------------------------------------------------------------------- formatting at the edge


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _scrub(text: str, *, quoted: bool = True) -> str:
    """Remove anything that could be a value from the data (quoted values, emails, phone numbers).

    Loader messages quote the offending cell value; a report names the problem, not the value.
    Messages of the analysis steps quote column and outcome names instead (``quoted=False`` keeps them).
    """
    from toolkit.privacy import redact_text

    text = str(text)
    if quoted:
        text = _QUOTED.sub("(value)", text)
    return redact_text(text)


def _expected_caption(left_out) -> str:
    """The expected table's caption: the mix it is for, and the groups it leaves out (the small-cell rule)."""
    if not left_out:
        return "For the expected mix of attendees at the next event."
    return (f"For the expected mix of attendees at the next event without {and_list(list(left_out))} "
            f"attendees ({SMALL_GROUP_TEXT} of them were in a format, too few to describe).")


def _figure_source(name: str, *inputs: Any) -> str:
    """What a chart is drawn from, as a digest (:func:`toolkit.cache.source_key`): its picture kept on disk is
    read back by it, without building the figure (:class:`~toolkit.report.document.ReportFigure`)."""
    from toolkit.cache import source_key

    return source_key(f"report-chart:{name}", *inputs)


def _sentence(text: str) -> str:
    """End a message with a full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# --------------------------------------------------------------------------- the pipeline


def build_report(
    data_or_folder: Any,
    *,
    outcome: str = "new_contacts",
    by: str | None = None,
    mix: dict[str, float] | None = None,
    event: str | None = None,
    title: str | None = None,
    random_state: int | None = 0,
    cache: bool = False,
) -> BoardReport:
    """Build the post-event board report for one event or a whole season.

    Parameters
    ----------
    data_or_folder : str, Path, EventData or DataFrame
        An event folder (read with :func:`toolkit.load_event_data`), loaded
        :class:`toolkit.EventData`, or an outcome table from
        :func:`toolkit.compute_outcomes` (then the data-quality appendix has no
        loader information).
    outcome : str, default "new_contacts"
        The outcome the formats are compared and recommended on (one of
        ``toolkit.contract.OUTCOMES``).
    by : str, optional
        The attendee column that defines the segments. By default the grouping
        every face opens on (:func:`toolkit.compare.default_grouping`):
        ``style`` wherever anyone's networking style is known, else the first
        attendee column with a few groups (e.g. ``industry`` in a folder built
        from a ticketing tool and badge scans).
    mix : dict, optional
        Expected share of each segment at the next event (``{"reserved": 0.6, ...}``);
        by default the mix seen in the data.
    event : str, optional
        Report on this event only (compared with the one before it). By default
        every event in the data: a season report whose key figures set the
        latest event beside the previous one.
    title : str, optional
        The report's title.
    random_state : int, optional
        Seed for the resampling steps of the comparison and recommendation.
    cache : bool, default False
        Keep the folder read, its outcome table and the drawn charts on disk
        (:mod:`toolkit.cache`, keyed by the folder's content), and read them
        back when they are there: a second report on the same folder skips
        reading it and starting a browser. ``netout report`` does this.

    Returns
    -------
    BoardReport

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> report = toolkit.build_report(data, outcome="new_contacts", by="style")
    >>> report.subtitle
    'Season report: 2 events (E01, E02)'
    >>> report.highlights[:2]
    [('attendee places', '120'), ('new contacts per attendee', '7.2')]
    """
    from toolkit.errors import UsageError

    if outcome not in OUTCOMES:
        raise UsageError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")

    if cache and isinstance(data_or_folder, (str, Path)):
        data, (table, events, quality) = None, _kept_folder(data_or_folder, event)
    else:
        data, table = _load(data_or_folder)
        # time order: the loaded data's, else the table's own (its attrs, or the natural order of the ids)
        events, quality = event_sequence(table, data), None
    if "event_id" not in table.columns or table.empty:
        raise UsageError("the outcome table is empty: there is nothing to report on")
    scope_events = _scope_events(events, event)
    if by is None:
        from toolkit.compare import default_grouping

        # as the dashboard chooses; the settings (where the folder was read here) set the style scale's questions
        # aside, which could come first only where the scale scored no one
        by = default_grouping(table, settings=getattr(data, "settings", None))
    # judged with its values: a one-word "Member" column of yes/no answers is a category, not member numbers
    if is_personal_column(by, table[by] if by in table.columns else None):
        raise UsageError(f"'{by}' holds personal data and cannot be used to group attendees in a report")
    if by not in table.columns:
        raise UsageError(f"cannot group by {by!r}: no such attendee or survey column in the data")
    scope = table[table["event_id"].isin(scope_events)]

    from toolkit.compare import compare_formats
    from toolkit.recommend import recommend_format

    fits = _kept_fits(data_or_folder, outcome=outcome, by=by, scope_events=scope_events,
                      random_state=random_state) if cache else None

    compared = scope[scope["format"].notna()] if "format" in scope.columns else scope
    from toolkit.contract import EFFECT_COLUMNS
    from toolkit.errors import NetoutError

    comparison_problem = None
    try:
        # the whole scope, not only rows with a format: compare_formats leaves the others out itself
        # and says how many ("N attendee rows in no networking session were left out")
        if fits is None:
            effects = compare_formats(scope, outcome=outcome, by=by, random_state=random_state)
        else:  # compare_formats is this fit's table at 95%: the same numbers, fitted once per folder
            effects = fits("scope", scope).to_frame(0.95)
    except NetoutError as exc:  # e.g. no contact log: the rest of the report still informs the board
        effects = pd.DataFrame(columns=list(EFFECT_COLUMNS))
        comparison_problem = str(exc)
    # Only problems the toolkit names (NetoutError) and numerical failures of the fit become report text;
    # any other exception is a bug and must raise, not be hidden in a board paper.
    recommendation_problem = None
    try:
        if comparison_problem is not None:
            raise NetoutError("the formats could not be compared, so there is nothing to recommend from")
        recommendation = recommend_format(compared, outcome=outcome, by=by, mix=mix, random_state=random_state,
                                          comparison=None if fits is None else fits("compared", compared))
    except NetoutError as exc:
        recommendation = None
        recommendation_problem = str(exc)
    except (np.linalg.LinAlgError, FloatingPointError) as exc:
        recommendation = None
        recommendation_problem = (f"the recommendation could not be computed on these data ({exc}); "
                                  "the comparison above still holds.")

    if quality is None:
        quality = _data_quality(data, scope, scope_events, every_event=events,
                                folder=data_or_folder if isinstance(data_or_folder, (str, Path)) else None)
    report = compose_report(
        table,
        effects=effects,
        recommendation=recommendation,
        outcome=outcome,
        by=by,
        events=events,
        scope_events=scope_events,
        quality=quality,
        title=title,
        recommendation_problem=recommendation_problem,
        comparison_problem=comparison_problem,
    )
    report.image_cache = cache
    return report


def _kept_fits(data_or_folder: Any, *, outcome: str, by: str, scope_events: list[str], random_state):
    """For a folder and an integer seed: ``fits(name, table)``, the effect fit on ``table`` kept on disk.

    The fit (:func:`toolkit.compare.fit_comparison` with the defaults ``compare_formats`` and
    ``recommend_format`` use) depends on the table, the outcome, the groups, the events and the seed
    only, so a second report on the same folder reads it back instead of fitting again and importing
    scikit-learn (about 1 s of CPU on the demo). None where there is nothing to key it by.
    """
    if not isinstance(data_or_folder, (str, Path)) or not isinstance(random_state, int):
        return None
    import hashlib
    import json

    from toolkit import cache as disk
    from toolkit.compare import fit_comparison

    folder_key = disk.content_key(data_or_folder)

    def fits(name: str, table: pd.DataFrame):
        what = json.dumps([folder_key, name, outcome, by, list(scope_events), random_state])  # no separator clash
        key = hashlib.sha256(what.encode()).hexdigest()[:32]
        return disk.kept("fit", key, lambda: fit_comparison(table, outcome=outcome, by=by,
                                                              random_state=random_state))

    return fits


def _scope_events(events: list[str], event: str | None) -> list[str]:
    """The events the report covers: ``event`` alone, or all of them."""
    if event is None:
        return events
    if event not in events:
        from toolkit.errors import UsageError

        raise UsageError(f"event {event!r} is not in the data; it has {', '.join(events)}")
    return [event]


def _kept_folder(folder: str | Path, event: str | None) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """(outcome table, events in time order, data-quality facts) of a folder, each kept on disk by its content.

    What the report needs from the loaded data (the order of the events and the data-quality appendix) is
    kept beside the outcome table, so that a folder read before is not read back as ``EventData`` at all:
    that would import the reading stack (pandera, DuckDB for the event order) and unpickle every table,
    about a second of a second report. Each result is worked out from the loaded data exactly as without the
    cache (:func:`event_sequence`, :func:`_data_quality`), once per folder content and ``event``.
    """
    import hashlib
    import json

    from toolkit import cache as disk

    fingerprint = disk.folder_fingerprint(folder)
    key = disk.content_key(folder, fingerprint)
    loaded: list[Any] = []

    def data() -> Any:
        if not loaded:
            loaded.append(disk.event_data(folder, fingerprint=fingerprint))
        return loaded[0]

    table = disk.outcome_table(folder, fingerprint=fingerprint,
                               data=None if disk.is_kept("outcomes", key) else data())
    if "event_id" not in table.columns or table.empty:
        return table, [], {}

    def facts() -> tuple[list[str], dict[str, Any]]:
        events = event_sequence(table, data())
        scope_events = _scope_events(events, event)
        return events, _data_quality(data(), table[table["event_id"].isin(scope_events)], scope_events,
                                     folder=folder, every_event=events)

    what = json.dumps([key, "report-folder", event])
    events, quality = disk.kept("report-folder", hashlib.sha256(what.encode()).hexdigest()[:32], facts)
    return table, events, quality


def _load(data_or_folder: Any) -> tuple[Any, pd.DataFrame]:
    """(EventData or None, outcome table) from whatever the caller handed in."""
    if isinstance(data_or_folder, pd.DataFrame):
        return None, data_or_folder
    from toolkit.outcomes import compute_outcomes

    if isinstance(data_or_folder, (str, Path)):
        from toolkit.io.load import load_event_data

        data = load_event_data(data_or_folder)
    else:
        data = data_or_folder
    return data, compute_outcomes(data)


def _data_quality(data: Any, scope: pd.DataFrame, scope_events: list[str], *,
                  folder: str | Path | None = None, every_event: list[str] | None = None) -> dict[str, Any]:
    """Response rates, rows set aside (by the importers too, where ``folder`` holds their reports), loader
    warnings and scale reliability."""
    quality: dict[str, Any] = {"loaded": data is not None}
    if folder is not None:
        from toolkit.io.importers.history import import_warnings, rows_left_out_on_import

        quality["left_out_on_import"] = rows_left_out_on_import(folder, scope_events, every_event=every_event)
        quality["import_warnings"] = import_warnings(folder, scope_events, every_event=every_event)
    if "responded" in scope.columns:
        # per person at the event: someone at two sessions has two rows and answered the survey once
        places = scope.groupby(["event_id", "attendee_id"], observed=True)["responded"].any().reset_index()
        rates = places.groupby("event_id", observed=True).agg(
            attendees=("attendee_id", "size"), responded=("responded", "sum")
        )
        quality["response"] = rates.reset_index()
    if data is None:
        return quality
    report = getattr(data, "report", None)
    if report is not None:
        aside = report.set_aside_frame()
        if not aside.empty:
            aside = aside.assign(reason=aside["reason"].map(_scrub))
            quality["set_aside"] = aside.groupby(["table", "reason"]).size().rename("rows").reset_index()
        else:
            quality["set_aside"] = aside
        quality["warnings"] = len(report.warnings)
    scale = getattr(getattr(data, "settings", None), "style_scale", None)
    if scale is not None and len(getattr(data, "survey", [])):
        try:
            from toolkit.segments import scale_reliability

            survey = data.survey[data.survey["event_id"].isin(scope_events)]
            quality["reliability"] = scale_reliability(survey, scale)
        except ImportError:
            pass
    return quality


# --------------------------------------------------------------------------- composing the sections


def compose_report(
    table: pd.DataFrame,
    *,
    effects: pd.DataFrame,
    recommendation: Any,
    outcome: str = "new_contacts",
    by: str = "style",
    events: list[str] | None = None,
    scope_events: list[str] | None = None,
    quality: dict[str, Any] | None = None,
    title: str | None = None,
    recommendation_problem: str | None = None,
    comparison_problem: str | None = None,
) -> BoardReport:
    """Assemble a :class:`BoardReport` from results already computed.

    :func:`build_report` calls this after running the pipeline; analysts can
    call it with their own effect table and recommendation.

    Parameters
    ----------
    table : DataFrame
        The outcome table (one row per attendee and event).
    effects : DataFrame
        ``compare_formats`` result for ``outcome`` and ``by``.
    recommendation : Recommendation or None
        ``recommend_format`` result (None: the section explains why there is none).
    events, scope_events : list of str, optional
        All events in time order, and those the report covers (default: all).
    recommendation_problem, comparison_problem : str, optional
        Why there is no recommendation, or no comparison, in plain words.
    quality : dict, optional
        Data-quality facts (``response``, ``set_aside``, ``warnings``, ``reliability``).

    Returns
    -------
    BoardReport

    Example
    -------
    >>> import toolkit
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, session_size=10, random_state=1)
    >>> effects = toolkit.compare_formats(table, outcome="new_contacts", by="style", random_state=0)
    >>> report = compose_report(table, effects=effects, recommendation=None,
    ...                         recommendation_problem="no recommendation was asked for")
    >>> report.section("recommendation").paragraphs
    ['No recommendation could be made: no recommendation was asked for.']
    """
    events = events or event_sequence(table)
    scope_events = scope_events or events
    quality = quality or {}
    scope = table[table["event_id"].isin(scope_events)]
    current = scope_events[-1]
    earlier = [e for e in events if e in events[: events.index(current)]]
    previous = earlier[-1] if earlier else None
    season = len(scope_events) > 1

    figures: dict[str, ReportFigure] = {}
    tables: dict[str, ReportTable] = {}
    facts = _facts(scope, outcome)
    if by in scope.columns:
        # a grouping nobody has (no style answers at a sensor conference) is said on the cover, not implied
        values = scope[by].astype("string").str.strip().str.lower()
        facts["by_recorded"] = bool((values.notna() & (values != "unknown")).any())
    shown_effects, hidden_segments = _effects_for_display(effects)

    sections = [
        _summary_section(facts, shown_effects, hidden_segments, recommendation, outcome, by, scope, scope_events,
                         recommendation_problem),
        _key_figures_section(table, current, previous, season, scope_events, tables),
        _effects_section(effects, shown_effects, hidden_segments, outcome, by, figures, tables, comparison_problem),
        _funnel_section(scope, by, figures, tables),
        _recommendation_section(recommendation, outcome, by, recommendation_problem, hidden_segments, figures, tables),
        _method_section(effects, outcome, by, scope),
        _quality_section(quality, scope, effects, hidden_segments, tables, by),
        _technical_section(effects, recommendation, quality, hidden_segments, by),
    ]
    if title is None:
        title = "Networking sessions: what worked, and for whom"
    if season:
        subtitle = f"Season report: {len(scope_events)} events ({', '.join(scope_events)})"
    else:
        subtitle = f"Event report: {current}" + (f" (compared with {previous})" if previous else "")
    highlights = [
        ("attendee places" if season else "attendees", format_count(facts["attendee_rows"])),
        (outcome_title("new_contacts", capital=False), format_value(facts.get("mean_new_contacts"), "new_contacts")),
        (outcome_title("spectator", capital=False), format_percent(facts.get("mean_spectator"))),
    ]
    if recommendation is not None:
        sure = certainty(recommendation)
        short = {"structured": "structured", "unstructured": "open mingling", "split": "both, by group"}
        highlights.append((f"suggested next ({sure.label.lower()})" if sure.favoured else sure.label.lower(),
                           short.get(sure.favoured, str(sure.favoured)) if sure.favoured else "no suggestion"))
    return BoardReport(
        highlights=highlights,
        title=title,
        subtitle=subtitle,
        generated=_dt.date.today().isoformat(),
        sections=sections,
        figures=figures,
        tables=tables,
        outcome=outcome,
        by=by,
        effects=effects,
        recommendation=recommendation,
        facts=facts,
    )


# How the contacts were recorded decides what a contact is in words: a proximity sensor records being near
# someone, not an exchange of details (the outcome table's attrs["contact_kind"]; None: exchanges, the usual)
CONTACT_VERBS = {None: "exchanged details with", "exchange": "exchanged details with",
                 "proximity": "was in close face-to-face contact with",
                 "mixed": "met (an exchange of details or a close face-to-face contact) with"}
CONTACT_SOURCES = {None: "exchanged details with (from badge scans, the event app or business cards)",
                   "exchange": "exchanged details with (from badge scans, the event app or business cards)",
                   "proximity": "were in close face-to-face contact with (recorded by proximity sensors worn on the "
                                "badge)",
                   "mixed": "exchanged details with (badge scans, the event app or business cards) or were in "
                            "close face-to-face contact with (proximity sensors)"}


def _facts(scope: pd.DataFrame, outcome: str) -> dict[str, Any]:
    """The cover's and the summary's figures, per attendee place as the key figures are (:func:`_place_summary`).

    Someone at two sessions of an evening has a row per session; counted by rows, the cover said 150
    attendee places and 3.3 new contacts where the key figures said 81 and 6.1, both "per attendee".
    """
    summary = _place_summary(scope)
    facts: dict[str, Any] = {
        "attendee_rows": int(summary["attendees"]),
        "people": int(scope["attendee_id"].nunique()) if "attendee_id" in scope.columns else int(len(scope)),
        "in_session": int(summary["in_sessions"]),
        "events": int(scope["event_id"].nunique()),
        "contact_kind": scope.attrs.get("contact_kind"),
    }
    if "format" in scope.columns:
        # a session is an event's: importers name a one-session event's session "all", so by its name alone
        # four breakfasts' sessions read as one
        run = scope.dropna(subset=["format", "session_id"]).drop_duplicates(["event_id", "session_id"])
        sessions = run.groupby("format", observed=True).size()
        attendees = scope.groupby("format", observed=True).size()
        for fmt in FORMATS:
            facts[f"sessions_{fmt}"] = int(sessions.get(fmt, 0))
            facts[f"attendees_{fmt}"] = int(attendees.get(fmt, 0))
    per_place = {"contacts": "mean_contacts", "new_contacts": "mean_new_contacts", "spectator": "spectator_share",
                 "familiar_share": "familiar_share", "followup_rate_7d": "followup_rate_7d"}
    for name in ("contacts", "new_contacts", "spectator", "familiar_share", "followup_rate_7d", outcome):
        if name in per_place and name in scope.columns:
            value = summary[per_place[name]]
            facts[f"mean_{name}"] = float("nan") if is_missing(value) else float(value)
        elif name in scope.columns:
            facts[f"mean_{name}"] = _mean(scope[name])
    if "responded" in scope.columns and summary["attendees"]:
        facts["response_rate"] = float(summary["respondents"] / summary["attendees"])
    if "assignment" in scope.columns:
        assigned = scope.dropna(subset=["format"])["assignment"].astype("string").value_counts()
        facts["assignment"] = {str(k): int(v) for k, v in assigned.items()}
    return facts


def _place_summary(frame: pd.DataFrame) -> pd.Series:
    """:func:`toolkit.outcomes.event_summary` over every attendee place of ``frame`` at once.

    An attendee place is a person at one event: their sessions' rows are one place, and a person at two
    events is two places, each with that event's contacts (summing a person's contacts over a season made
    its average higher than every event's).
    """
    # not at the top: a report read back needs no outcomes module
    from toolkit.outcomes import attendee_places, event_summary

    return event_summary(frame.assign(event_id="all", attendee_id=attendee_places(frame))).iloc[0]


def _mean(values: pd.Series) -> float:
    values = pd.to_numeric(values.astype("Float64"), errors="coerce").dropna()
    return float(values.mean()) if len(values) else float("nan")


def _effects_for_display(effects: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Effects of segments large enough to show, and the names of those left out."""
    if effects is None or effects.empty:
        return pd.DataFrame(columns=["segment", "effect", "ci_low", "ci_high"]), []
    counts = group_sizes(effects)   # people, not rows: a person in several sessions counts once
    # a group seen in one format only is not small, it cannot be compared: the table says so (its counts are
    # whole groups); only groups of 1-4 people in a format are hidden
    small = few_people(effects)
    no_estimate = effects["effect"].isna() | (counts == 0).any(axis=1)
    shown = effects[~small & ~no_estimate]
    hidden = effects.loc[small, "segment"].astype(str).tolist()
    return shown, hidden


def _summary_section(facts, shown, hidden, rec, outcome, by, scope, scope_events, rec_problem) -> Section:
    """The answer first (one sentence in the voice of :func:`toolkit.wording.certainty`), then what happened."""
    paragraphs = []
    if rec is not None:
        sure = certainty(rec)
        lead = recommendation_answer(rec)
        paragraphs.append(sure.sentence)
        figure = sample_size_figure(rec)
        if figure and sure.state != "clear":
            paragraphs.append(f"To settle it, the next event should run both formats side by side, people placed "
                              f"in them by lot: {figure}.")
    else:
        sure = None
        lead = "No recommendation could be made."
        if rec_problem:
            paragraphs.append(_sentence(_scrub(rec_problem, quoted=False)))
    n_events = len(scope_events)
    happened = (
        f"{'The season had ' + str(n_events) + ' events with' if n_events > 1 else 'The event had'} "
        f"{format_count(facts['attendee_rows'])} attendee places, {format_count(facts['in_session'])} of them in a "
        f"networking session ({facts.get('sessions_structured', 0)} structured and "
        f"{facts.get('sessions_unstructured', 0)} open mingling sessions)."
    )
    if not is_missing(facts.get("mean_contacts")):
        happened += (f" On average an attendee {CONTACT_VERBS.get(facts.get('contact_kind'), CONTACT_VERBS[None])} "
                     f"{facts['mean_contacts']:.1f} people")
        if not is_missing(facts.get("mean_new_contacts")):
            happened += f", {facts['mean_new_contacts']:.1f} of them new"
        happened += "."
    if not is_missing(facts.get("mean_spectator")):
        happened += f" {format_percent(facts['mean_spectator'])} made no new contact at all."
    paragraphs.append(happened)
    worked = _segment_readings(shown, outcome, by)
    if hidden:
        worked.append(f"Groups with {SMALL_GROUP_TEXT} attendees in a format are not reported "
                      f"({len(hidden)} group{'s' if len(hidden) > 1 else ''}).")
    if worked:
        paragraphs.append(" ".join(worked))
    assignment = facts.get("assignment", {})
    compared = sure is not None and sure.state != "cannot_compare"
    if compared and assignment and assignment.get("randomized", 0) < sum(assignment.values()):
        lead = "Not every attendee was" if assignment.get("randomized", 0) else "Attendees were not"
        paragraphs.append(f"{lead} placed in a format by lot, so part of a difference may come from "
                          f"{how_placed(assignment)} rather than from the format itself.")
    state = sure.state if sure is not None else "cannot_compare"
    return Section("summary", "The answer", paragraphs=paragraphs, lead=lead, certainty=state,
                   certainty_label=CERTAINTY_LABELS[state])


def _has_interval(row) -> bool:
    """Whether a comparison row's difference has a range (an estimate and a finite interval) to show and chart.

    Its reading may still be "cannot compare yet" (an interval from too few sessions): the figures are shown
    beside that reading, never a verdict.

    >>> _has_interval({"effect": 0.4, "ci_low": -9.3, "ci_high": 8.5}), _has_interval({"effect": 0.4, "ci_low": None})
    (True, False)
    """
    values = [row.get(k) for k in ("effect", "ci_low", "ci_high")]
    return all(v is not None and not is_missing(v) and np.isfinite(float(v)) for v in values)


def _segment_readings(shown: pd.DataFrame, outcome: str, by: str) -> list[str]:
    """One sentence per certainty state: which groups are clear, leaning, or show no difference."""
    states: dict[tuple[str, str | None], list[str]] = {}
    for row in shown.to_dict(orient="records"):
        sure = effect_certainty(row, outcome=outcome)
        states.setdefault((sure.state, sure.favoured), []).append(str(row["segment"]))
    what = outcome_label(outcome)
    out = []
    for (state, favoured), segments in sorted(states.items(), key=lambda kv: CERTAINTY_STATES.index(kv[0][0])):
        who = group_people(segments, by)
        fmt = "structured sessions" if favoured == "structured" else format_name(favoured or "")
        if state == "clear":
            out.append(f"For {who}, {fmt} clearly did better on {what}.")
        elif state == "leaning":
            out.append(f"For {who}, {fmt} did better on {what} so far, but not clearly enough to be sure.")
        elif state == "no_difference":
            out.append(f"For {who}, we see no difference between the formats.")
        else:
            out.append(f"For {who}, the formats cannot be compared yet.")
    return out


#: The report's key figures: the catalogue's (columns of ``event_summary``), then the survey outcomes
#: (means over the answers), each as (row title, column, outcome).
_KEY_FIGURES: tuple[tuple[str, str, str], ...] = tuple(
    (outcome_title(name), OUTCOME_CATALOGUE[name].summary_column or name, name)
    for name in (*KEY_FIGURES, *(n for n in OUTCOMES if OUTCOME_CATALOGUE[n].from_survey)))


def _key_figure_column(frame: pd.DataFrame) -> dict[str, str]:
    """Formatted key figures of the attendees in ``frame`` (one event or the season); small groups hidden.

    Over several events a figure is per attendee place (a person at two events counts at each, with that
    event's contacts): summing a person's contacts over the season made its average higher than every event's.
    """
    summary = _place_summary(frame)
    people = int(frame["attendee_id"].nunique())
    attendees = format_count(summary["attendees"])
    if people != summary["attendees"] and people >= MIN_GROUP_SIZE:
        attendees += f" ({format_count(people)} people)"
    out: dict[str, str] = {"Attendees": attendees,
                           "In a networking session": format_count(summary["in_sessions"])}
    if summary["attendees"] < MIN_GROUP_SIZE:
        return {k: (v if k == "Attendees" else MISSING_TEXT) for k, v in out.items()}
    # a survey answer is a person's at an event, not a session's: someone at two sessions answered once
    people_at_events = frame.drop_duplicates(["event_id", "attendee_id"])
    for label, column, outcome in _KEY_FIGURES:
        label = NET_PROMOTER_TITLE if outcome == "nps" else label
        if column in summary.index:
            out[label] = format_value(summary[column], outcome)
        elif column in frame.columns:
            answers = pd.to_numeric(people_at_events[column].astype("Float64"), errors="coerce").dropna()
            if len(answers) == 0:
                out[label] = MISSING_TEXT
            elif len(answers) < MIN_GROUP_SIZE:
                out[label] = SMALL_GROUP_TEXT + " answers"
            elif outcome == "nps":  # the dashboard's figure for the same answers, in the same words
                from toolkit.outcomes import net_promoter_score  # a report read back needs no outcomes module

                out[label] = format_number(net_promoter_score(answers), digits=0)
            else:
                out[label] = format_value(answers.mean(), outcome)
    return out


#: The row of the 0-10 recommend question: the net promoter score, as the dashboard's Overview shows it.
NET_PROMOTER_TITLE = "Net promoter score (-100 to 100)"


def _key_figures_section(table, current, previous, season, scope_events, tables) -> Section:
    columns = {f"{current} (latest)" if season else current: _key_figure_column(table[table["event_id"] == current])}
    if previous is not None:
        columns[f"{previous} (previous)"] = _key_figure_column(table[table["event_id"] == previous])
    if season:
        columns["Season"] = _key_figure_column(table[table["event_id"].isin(scope_events)])
    labels = list(dict.fromkeys(label for values in columns.values() for label in values))
    frame = pd.DataFrame({"Measure": labels})
    for name, values in columns.items():
        frame[name] = [values.get(label, MISSING_TEXT) for label in labels]
    notes: list[str] = []
    reference = []
    by_label = {label: outcome for label, _, outcome in _KEY_FIGURES} | {NET_PROMOTER_TITLE: "nps"}
    from toolkit.outcomes import applicable_references  # not at the top: a report read back needs no outcomes module

    references = applicable_references(table)
    for label in labels:
        outcome = by_label.get(label)
        ref = references.get(outcome) if outcome else None
        if ref:
            notes.append(f"({len(notes) + 1}) {ref['source']}.")
            value = ref["value"]
            shown = (f"{value:g}" if outcome not in SHARE_OUTCOMES else format_value(value, outcome))
            reference.append(f"{shown} ({len(notes)})")
        else:
            reference.append("")
    frame["Published reference"] = reference
    if "contacts" not in references:
        notes.append("The published figure of about 40 contacts per attendee counts brief face-to-face contacts "
                     "recorded by sensors; it is not set beside badge scans and exchanges of details, which record "
                     "far fewer.")
    # a measure's caveat (how "already known" was told, say) is said where the figure is shown, once per caveat
    caveats: dict[str, list[str]] = {}
    for label in labels:
        note = table.attrs.get("notes", {}).get(by_label.get(label) or "")
        if note:
            caveats.setdefault(str(note), []).append(label)
    for note, measures in caveats.items():
        named = and_list([measures[0]] + [m[:1].lower() + m[1:] for m in measures[1:]])
        notes.append(f"{named}: {note}.")
    if len(scope_events) > 1 and season:
        notes.append("Season: per attendee place (a person at two events counts at each).")
    tables["key_figures"] = ReportTable(
        "key_figures", "Key figures", frame.astype("string"),
        caption="Averages per attendee; shares of contacts are pooled over all contacts. Survey figures are "
                "over those who answered.",
        notes=notes,
    )
    beside = ([f"the previous one, {previous}"] if previous else []) + (["the whole season"] if season else [])
    beside.append("the values published for other events")
    text = (f"The {'latest ' if previous or season else ''}event, {current}, beside "
            + (", ".join(beside[:-1]) + " and " if len(beside) > 1 else "") + beside[-1] + ".")
    return Section("key_figures", "Key figures", paragraphs=[text], tables=["key_figures"])


def _effects_section(effects, shown, hidden, outcome, by, figures, tables, problem=None) -> Section:
    what = outcome_label(outcome)
    if problem is not None:
        return Section("effects", "What worked for whom", paragraphs=[
            f"The formats could not be compared on {what}: {_sentence(_scrub(problem, quoted=False))} Choose another outcome "
            "(netout report --outcome ...) or add the missing records to the folder."])
    rows = []
    if effects is not None:
        people = group_sizes(effects).to_dict(orient="records")   # a person in several sessions counts once
        for row, words, size in zip(effects.to_dict(orient="records"), describe_effects(effects, outcome=outcome,
                                                                                         by=by), people):
            small = str(row["segment"]) in hidden
            compared = not small and _has_interval(row)
            rows.append({
                "Group": words.segment,
                "In structured": format_count(size["structured"]),
                "In open mingling": format_count(size["unstructured"]),
                "Difference": "not shown" if small else words.difference if compared else MISSING_TEXT,
                "95% interval": words.interval if compared else MISSING_TEXT,
                "Reading": "not shown" if small else _reading(row, outcome),
            })
    frame = pd.DataFrame(rows, columns=["Group", "In structured", "In open mingling", "Difference",
                                        "95% interval", "Reading"])
    # the follow-through table beside it counts attendee places: the two counts must say which they are
    notes = [PEOPLE_NOTE]
    if hidden:
        notes.append(f"Segments with {SMALL_GROUP_TEXT} attendees in a format are not shown, to protect privacy "
                     "and because such small groups say little.")
    if _effect_warnings(effects, hidden, by):
        notes.append("What to keep in mind about these numbers is listed in the appendix.")
    tables["effects"] = ReportTable("effects", f"Structured minus open mingling: {what}, by {column_label(by)}",
                                    frame.astype("string"), notes=notes)
    # the chart draws the groups whose difference has a range, as the table gives figures for those only
    charted = shown[[_has_interval(row) for row in shown.to_dict(orient="records")]] if len(shown) else shown
    intro = (f"For each group of attendees, the difference in {what} between structured sessions and open "
             "mingling (structured minus open).")
    if len(charted):
        intro += (" The bar around each estimate is the range of differences the data are consistent with. Where "
                  "it crosses zero, the data cannot tell the formats apart for that group; the last column says "
                  "how sure we are, in the same words as the rest of this report.")
    else:
        intro += " The last column says how sure we are, in the same words as the rest of this report."
    section = Section("effects", "What worked for whom", paragraphs=[intro], tables=["effects"])
    if not len(charted):
        # hidden names segments of the effects, so there are effects wherever it is not empty
        every_small = bool(hidden) and set(map(str, effects["segment"])) <= set(hidden)
        section.paragraphs.append(
            f"No chart: every group had {SMALL_GROUP_TEXT} attendees in a format." if every_small else
            "No chart: no group's difference can be measured yet (too few sessions of a format, or a group seen in "
            "one format only), so a picture would claim more than the data can.")
    else:
        figures["effects"] = ReportFigure(
            "effects", f"Difference in {what}, structured minus open mingling",
            lambda: plots.effect_forest(charted, outcome=outcome, by=by),
            caption="Square: estimated difference for the group; bar: the range the data are consistent with. "
                    "Colour: the side the whole range lies on (grey: it crosses zero). How sure each reading is "
                    "(clear, leaning, no difference) is in the table's last column.",
            height=max(240, 110 + 60 * len(charted)), source=_figure_source("effects", charted, outcome, by))
        section.figures.append("effects")
    return section


#: What the comparison's counts are, and the follow-through's: people once each, or a place per event attended.
PEOPLE_NOTE = ("In structured, in open mingling: people, each person counted once however many events or sessions "
               "they came to.")
PLACES_NOTE = "Attendee places: a person counts once at each event they came to (twice if they came to two)."


def _reading(row: dict, outcome: str) -> str:
    """A segment's certainty in the table: its label, and the format the data point to."""
    sure = effect_certainty(row, outcome=outcome)
    return sure.label + (f": {format_name(sure.favoured)}" if sure.favoured else "")


def _effect_warnings(effects, hidden, by: str) -> list[str]:
    """The comparison's cautions by kind, most serious first (:func:`toolkit.wording.group_cautions`)."""
    return [c.line for c in group_cautions(effects, by=by, hidden=hidden, face="report") if not c.technical]


def _technical_cautions(effects, hidden, by: str) -> list[str]:
    return [c.text for c in group_cautions(effects, by=by, hidden=hidden, face="report") if c.technical]


def _funnel_section(scope, by, figures, tables) -> Section:
    section = Section(
        "funnel", "Follow-through after the event",
        paragraphs=["Networking only pays off when new contacts are followed up. For each format and segment: "
                    "new contacts per attendee, how many of them got a follow-up within 7 days, and how many "
                    "were met again within 30 days."],
    )
    needed = ("format", "new_contacts", "followup_rate_7d", "meetings_30d")
    if (any(c not in scope.columns for c in needed) or scope["format"].notna().sum() == 0
            or scope.loc[scope["format"].notna(), "new_contacts"].notna().sum() == 0):
        section.paragraphs.append("The data have no contact or follow-up records for attendees in networking "
                                  "sessions, so there is no funnel to show.")
        return section
    segment_by = by if by in scope.columns else None
    funnel = plots.followthrough_table(scope, by=segment_by)
    followed = plots.FUNNEL_STAGES[1] in set(funnel["stage"].astype(str))
    if not followed:
        # not recorded is not 0%: the later steps are left out and the report says why
        section.paragraphs.append("No follow-ups were recorded for this data (there is no followups table), so "
                                  "this report cannot show whether new contacts were followed up; the table "
                                  "shows the new contacts only, and there is no chart of one step.")
    funnel["segment"] = funnel["segment"].map(lambda v: segment_label(v, by))
    small = funnel["attendees"] < MIN_GROUP_SIZE
    rows = []
    for (segment, fmt), part in funnel.groupby(["segment", "format"], observed=True, sort=True):
        part = part.sort_values("stage")
        hidden = bool((part["attendees"] < MIN_GROUP_SIZE).any())
        row = {"Group": segment_label(segment, by), "Format": format_name(fmt, capital=True),
               "Attendee places": format_count(part["attendees"].iloc[0])}
        for stage, per, share in zip(part["stage"].astype(str), part["per_attendee"], part["share_of_first"]):
            label = stage[0].upper() + stage[1:]
            if hidden:
                row[label] = MISSING_TEXT
            elif stage == plots.FUNNEL_STAGES[0]:
                row[label] = format_number(per)
            else:
                row[label] = f"{format_number(per)} ({format_number(share, share=True)})"
        rows.append(row)
    tables["funnel"] = ReportTable(
        "funnel", "Follow-through by format", pd.DataFrame(rows).astype("string"),
        caption="Per attendee place; in brackets, the share of the new contacts that reached the step.",
        notes=[PLACES_NOTE] + ([f"Groups of {SMALL_GROUP_TEXT} attendees are not shown."] if small.any() else []),
    )
    plotted = funnel[~small]
    if len(plotted) and followed:   # a funnel of one step repeats the table's one number per group
        def draw():
            figure = plots.followthrough_funnel(plotted)
            # on paper the stage names of several panels collide unless tilted less and set smaller
            return figure.update_xaxes(tickangle=-20, tickfont=dict(size=11))

        figures["funnel"] = ReportFigure("funnel", "Follow-through by format", draw,
                                         caption="Bars: number per attendee at each step; labels: share of the "
                                                 "new contacts that reached the step.",
                                         width=900 if plotted["segment"].nunique() > 2 else 760, height=420,
                                         source=_figure_source("funnel", plotted))
        section.figures.append("funnel")
    section.tables.append("funnel")
    return section


def _recommendation_section(rec, outcome, by, rec_problem, hidden, figures, tables) -> Section:
    section = Section("recommendation", "Recommendation for the next event")
    if rec is None:
        section.paragraphs.append("No recommendation could be made"
                                  + (f": {_sentence(_scrub(rec_problem, quoted=False))}" if rec_problem else "."))
        return section
    sure = certainty(rec)
    section.lead = recommendation_answer(rec)
    section.certainty, section.certainty_label = sure.state, sure.label
    section.paragraphs.append(sure.sentence)
    expected = {k: v for k, v in (getattr(rec, "expected", None) or {}).items() if not is_missing(v)}
    if expected:
        names = {"structured": "Structured for everyone", "unstructured": "Open mingling for everyone",
                 "split": "Both formats, each group in its better one"}
        frame = pd.DataFrame({
            "Option": [names.get(k, k) for k in expected],
            f"Expected {outcome_label(outcome)}": [format_value(v, outcome) for v in expected.values()],
            "Suggested": [("yes" if sure.state == "clear" else "leaning") if k == sure.favoured else ""
                          for k in expected],
        })
        tables["expected"] = ReportTable("expected", "Expected result of each option", frame.astype("string"),
                                         caption=_expected_caption(getattr(rec, "expected_left_out", ()))
                                         + (" " + PER_SESSION_EXPECTED if expected_per_session(rec) else ""))
        section.tables.append("expected")
        def draw():
            figure = plots.expected_outcome_figure(expected, outcome=outcome, certainty=sure)
            return figure.update_yaxes(title_text="expected, per attendee")  # the long title is clipped on paper

        figures["expected"] = ReportFigure(
            "expected", f"Expected {outcome_label(outcome)} under each option", draw,
            caption=("The suggested option is outlined." if sure.state == "clear" else
                     "The option the data lean towards is outlined; it is not settled." if sure.favoured else
                     "No option is suggested yet: the bars are best guesses, not a ranking."),
            height=280, source=_figure_source("expected", expected, sure.favoured, sure.state, outcome))
        section.figures.append("expected")
    if sure.state != "clear":
        figure = sample_size_figure(rec)
        next_step = str(getattr(rec, "next_step", "") or "")
        if any(re.search(rf"\b{re.escape(seg)}\b", next_step) for seg in hidden):
            next_step = ""  # it names a group too small to show: the plain plan below says the same
        plan = [_sentence(_scrub(next_step, quoted=False)) if next_step else
                "Place attendees in the two formats by lot (netout plan does this and prints the group rosters), "
                "so that any difference can be put down to the format."]
        if figure:
            plan.append(f"Run {figure}: enough to tell a difference worth acting on from chance.")
        plan.append("Record who exchanged details with whom (badge scans or the app) and send the follow-up survey "
                    "within a week, so that every step of the funnel can be measured.")
        section.lists.append(("Plan for next time, to reach a firm answer", plan))
    return section


def _method_section(effects, outcome, by, scope) -> Section:
    """How we worked this out, in plain words (the technical note is in the appendix)."""
    assignment = scope["assignment"].astype("string").dropna().unique().tolist() if "assignment" in scope.columns else []
    # where people had both formats, each is compared with themselves: "one of two formats" and "who was placed
    # by lot" described another design (a newcomer's two-day conference, everyone in both)
    methods = effects["method"].astype(str) if effects is not None and "method" in effects.columns else pd.Series([])
    within = bool(len(methods)) and bool(methods.str.startswith("within-person").all())
    formats = scope["format"].astype("string").dropna().unique().tolist() if "format" in scope.columns else []
    # one format only (a real conference's open mingling): "one of two formats" and "we compared" described
    # a comparison the data could not hold
    alone = format_name(formats[0]) if len(formats) == 1 else None
    took_part = ("Attendees took part in both networking formats" if within else
                 f"Only {alone} was run, while a comparison needs both networking formats" if alone else
                 "Attendees took part in one of two networking formats")
    compared = (f"With one format, each group's {outcome_label(outcome)} is shown as it was, with nothing to "
                f"compare it with; run both formats to see which works better for whom." if alone else
                f"For each group of attendees (by {column_label(by)}) we compared each person's "
                f"{outcome_label(outcome)} in their structured sessions with their own in open mingling at the same "
                "event: everyone is compared with themselves, so who they are needs no adjustment." if within else
                f"For each group of attendees (by {column_label(by)}) we compared the average {outcome_label(outcome)} "
                "of those in structured sessions with those in open mingling, comparing like with like: people at "
                "the same event, and people with the same background where they were not placed in a format by lot.")
    paragraphs = [
        f"{took_part}: structured sessions, where a facilitator forms "
        "small groups and sets a topic, and open mingling. For every attendee we counted the people they "
        f"{CONTACT_SOURCES.get(scope.attrs.get('contact_kind'), CONTACT_SOURCES[None])}, left out people they "
        + ("already knew, and followed what happened in the month after the event." if _followed_up(scope) else
           "already knew."),
        compared,
        "People in the same session influence each other, so we count each session, not each person, as one piece "
        "of evidence. That is why a handful of sessions gives an uncertain answer even with many attendees.",
        "We call a difference clear only when the data leave no reasonable doubt about its direction and each "
        "format ran in enough sessions; leaning when the data point one way but not firmly; and no difference "
        "when the data show none worth acting on.",
        "The suggestion for next time weighs the expected result of each option (everyone structured, everyone in "
        "open mingling, or each group in the format that suits it) for the expected mix of attendees.",
    ]
    if by == "style":
        paragraphs.append("Networking style (reserved or self-directed) comes from the attendees' answers to a "
                          "short set of survey questions, or from their registration where there was no survey.")
    if within:
        paragraphs.append("Since everyone had both formats, how people came to be in a session does not bias the "
                          "comparison; what could is the order of the formats (the appendix says where one always "
                          "came first).")
    elif assignment and not alone:   # with one format there are no groups of each format to tell apart
        if set(assignment) == {"randomized"}:
            paragraphs.append("Attendees were placed in a format by lot, so the two groups are alike apart from the "
                              "format.")
        else:
            lead = "Attendees were not placed in a format by lot" if len(assignment) == 1 else \
                "Not every attendee was placed in a format by lot"
            paragraphs.append(f"{lead}: {_assignment_words(assignment)}. "
                              "Differences between the groups may then reflect who took part in each format as "
                              "well as the format itself.")
    return Section("method", "How we worked this out", paragraphs=paragraphs)


def _followed_up(scope: pd.DataFrame) -> bool:
    """Whether the folder holds follow-ups for these attendees: only then is the month after the event followed."""
    reasons = scope.attrs.get("not_recorded", {}) or {}
    return any(name not in reasons and name in scope.columns and scope[name].notna().any()
               for name in ("followup_rate_7d", "meetings_30d"))


#: The report's privacy line, at the head of the data-quality appendix (at the end of the method note it
#: spilled alone onto a page before the appendix's page break).
PRIVACY_LINE = (f"Privacy: the report shows only totals and averages; groups of {SMALL_GROUP_TEXT} attendees are not "
                "shown, and no names, e-mail addresses or phone numbers are used.")


#: How each way of assigning attendees to formats reads in a sentence.
_ASSIGNMENT_WORDS = {"randomized": "some were placed by lot", "self_selected": "some chose their format",
                     "scheduled": "some were scheduled into a format by the organiser"}


def _assignment_words(assignment: list[str]) -> str:
    if len(assignment) == 1:  # one way for everyone
        return {"self_selected": "everyone chose their format",
                "scheduled": "everyone was scheduled into a format by the organiser"}.get(
            str(assignment[0]), f"everyone was assigned as {str(assignment[0]).replace('_', ' ')}")
    words = [_ASSIGNMENT_WORDS.get(str(a), str(a).replace("_", " ")) for a in sorted(assignment)]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _technical_section(effects, rec, quality, hidden, by) -> Section:
    """The technical note for readers who want the statistics: method, interval, chance best, reliability."""
    section = Section("technical", "Appendix: technical note", appendix=True, paragraphs=[
        "For analysts and statisticians: how the numbers above were computed, in the field's own terms."])
    methods = sorted({str(m) for m in effects["method"].dropna()}) if effects is not None and "method" in effects else []
    designs = sorted({str(d) for d in effects["design"].dropna()}) if effects is not None and "design" in effects else []
    bullets = [f"Estimator: {m}." for m in methods] + [f"Design: {d}." for d in designs]
    bullets.append("Intervals are 95% intervals. A segment is 'clear' when its interval excludes zero and each format "
                   "has at least 10 sessions; 'leaning' when an 80% interval (t quantile at the comparison's degrees "
                   "of freedom) excludes zero; 'cannot compare yet' where there is no interval, where a format has "
                   "fewer than 10 sessions and the estimate does not lean, or where the formats' contacts were "
                   "recorded through different channels; otherwise 'no difference' "
                   "(toolkit.wording.effect_certainty). A recommendation is 'clear' exactly when it is confident.")
    if rec is not None:
        prob = getattr(rec, "probability_best", None)
        if not is_missing(prob):
            bullets.append(f"Estimated chance that the suggested option is the best of the three: {format_percent(prob)} "
                           "(a model-based estimate, not the level of an interval).")
        bullets += [_scrub(r, quoted=False) for r in (getattr(rec, "rationale", None) or [])
                    if not any(re.search(rf"\b{re.escape(seg)}\b", r) for seg in hidden)]
    bullets += _technical_cautions(effects, hidden, by)
    reliability = quality.get("reliability")
    if reliability is not None:
        bullets += _reliability_bullets(reliability)
    section.bullets = bullets
    return section


def _quality_section(quality, scope, effects, hidden, tables, by) -> Section:
    section = Section("data_quality", "Appendix: data quality", appendix=True,
                      paragraphs=["How complete the data are, and what was left out and why.", PRIVACY_LINE])
    cautions = _effect_warnings(effects, hidden, by)
    if cautions:
        section.lists.append(("What to keep in mind about the comparison", cautions))
    response = quality.get("response")
    # the folder's reasons, not one outcome's: a survey without a satisfaction question is still a survey (a
    # season's surveys asked only the recommend question, and the appendix said there was no survey table)
    unasked = _survey_not_asked(scope)
    if unasked is None:  # no survey table at all is not a response rate of 0%
        section.paragraphs.append("No survey was recorded for this data (there is no survey table), so the survey "
                                  "outcomes (satisfaction, would come again, recommend) cannot be shown.")
    elif response is not None and len(response):
        if unasked:
            section.paragraphs.append(f"The survey did not ask about {and_list(unasked)}, so "
                                      f"{'that outcome' if len(unasked) == 1 else 'those outcomes'} cannot be shown.")
        silent = response["responded"] == 0
        frame = pd.DataFrame({
            "Event": response["event_id"].astype(str),
            "Attendees": response["attendees"].map(format_count),
            "Answered the survey": response["responded"].map(format_count),
            # an event nobody answered may have had no survey: not a rate of 0%
            "Response rate": (response["responded"] / response["attendees"]).map(format_percent)
                             .where(~silent, MISSING_TEXT),
        })
        asked = [words for words in SURVEY_WORDS.values() if words not in unasked]
        tables["response"] = ReportTable(
            "response", "Survey response", frame.astype("string"),
            caption=f"Survey outcomes ({and_list(asked) if asked else 'the survey answers'}) rest on these answers.",
            notes=[f"{MISSING_TEXT}: no answers at that event (no survey there, or nobody answered)."]
            if silent.any() else [])
        section.tables.append("response")
    aside = quality.get("set_aside")
    if aside is not None:
        if len(aside):
            frame = pd.DataFrame({"Table": aside["table"].astype(str), "Reason": aside["reason"].astype(str),
                                  "Rows set aside": aside["rows"].map(lambda n: f"{int(n):,}")})
            tables["set_aside"] = ReportTable("set_aside", "Rows set aside", frame.astype("string"),
                                              caption="Rows of the input that were left out of the analysis.")
            section.tables.append("set_aside")
    imported = quality.get("left_out_on_import")
    if imported is not None and len(imported):
        frame = pd.DataFrame({"Event": imported["event"].astype(str),
                              "Export": imported["file"].map(lambda v: _scrub(v, quoted=False)),
                              "Reason": imported["reason"].map(lambda v: _scrub(v, quoted=False)),
                              "Rows left out": imported["rows"].map(lambda n: f"{int(n):,}")})
        tables["left_out_on_import"] = ReportTable(
            "left_out_on_import", "Rows the import left out", frame.astype("string"),
            caption="Rows of the organiser's exports that the import did not turn into attendees, contacts or "
                    "answers (cancelled tickets, no-shows, badges not on the list, repeats), from import_report.csv.")
        section.tables.append("left_out_on_import")
    warned = quality.get("import_warnings")
    if warned is not None and len(warned):
        section.lists.append(("What the import warned about", [
            f"{row.event}, {_scrub(row.file, quoted=False)}: {_sentence(_scrub(row.reason, quoted=False))}"
            for row in warned.itertuples()]))
    if aside is not None and not len(aside) and (imported is None or not len(imported)):
        section.bullets.append("No input row was set aside.")
    if quality.get("warnings"):
        section.bullets.append(f"The data check raised {quality['warnings']} warning(s); run netout validate on the "
                               "folder for the full list.")
    reliability = quality.get("reliability")
    if reliability is not None:
        section.bullets += _reliability_bullets(reliability, plain=True)
    if not quality.get("loaded", False):
        section.bullets.append("This report was built from an outcome table rather than an event folder, so the "
                               "loader's checks (rows set aside, scale reliability) are not included.")
    if "style" in scope.columns:
        unknown_rows = scope[scope["style"].astype("string") == "unknown"]
        unknown = len(unknown_rows[["event_id", "attendee_id"]].drop_duplicates())  # a person at two sessions once
        if unknown:
            section.bullets.append(f"Networking style unknown (too few answers to the style questions and no self-description): "
                                   f"{format_count(unknown)} attendee places; they form the segment 'unknown'.")
    return section


#: The survey outcomes in the appendix's words.
SURVEY_WORDS = {"satisfaction": "satisfaction", "met_helpful": "meeting someone who can help their business",
                "would_return": "would come again", "nps": "recommend"}


def _survey_not_asked(scope: pd.DataFrame) -> list[str] | None:
    """The survey outcomes the survey did not ask about, in words; None where there is no survey table at all."""
    reasons = scope.attrs.get("not_recorded", {}) or {}
    if any("no survey table" in str(reasons.get(name, "")) for name in SURVEY_WORDS):
        return None
    return [words for name, words in SURVEY_WORDS.items()
            if name in reasons or (name in scope.columns and not scope[name].notna().any())]


def _reliability_bullets(reliability: Any, *, plain: bool = False) -> list[str]:
    """Cronbach's alpha in words (``plain``: without the statistic's name), from ``scale_reliability``."""
    alpha = None
    n = None
    warnings: list[str] = []
    if isinstance(reliability, dict):
        alpha = reliability.get("alpha", reliability.get("cronbach_alpha"))
        warnings = list(reliability.get("warnings", []) or [])
    elif isinstance(reliability, pd.DataFrame):
        for name in ("alpha", "cronbach_alpha"):
            if name in reliability.columns:
                alpha = reliability[name].dropna().iloc[0] if reliability[name].notna().any() else None
                break
        if "warnings" in reliability.columns:
            for w in reliability["warnings"].dropna():
                warnings += list(w) if isinstance(w, (list, tuple, np.ndarray)) else [str(w)]
    else:
        alpha = getattr(reliability, "alpha", None)
        warnings = list(getattr(reliability, "warnings", []) or [])
        n = getattr(reliability, "n", None)
    bullets = []
    if alpha is not None and not is_missing(alpha):
        alpha = float(alpha)
        verdict = "good" if alpha >= 0.8 else "acceptable" if alpha >= 0.7 else "weak: read the style results with care"
        based = f", from {format_count(n)} complete answers" if n else ""
        if plain:
            agree = ("agree well with each other" if alpha >= 0.7 else
                     "agree only weakly with each other: read the networking-style results with care")
            return [f"The networking-style questions {agree}{based}."]
        bullets.append(f"Networking-style questions: Cronbach's alpha {alpha:.2f} ({verdict}{based}).")
    if plain and warnings:
        return ["The networking-style questions could not all be checked; the technical note says why."]
    bullets += [f"Networking-style questions: {_scrub(w)}" for w in dict.fromkeys(warnings)]
    return bullets

"""Per-attendee networking outcomes: the outcome table every comparison stands on.

:func:`compute_outcomes` turns an :class:`~toolkit.io.load.EventData` into one
row per *exposure*: an attendee at an event, or, for someone in several
networking sessions of one event, an attendee in one session. Each row has
its session columns, every attendee column, the survey answers, the
networking-style segment and the outcomes named in
:data:`toolkit.contract.OUTCOMES`. :func:`event_summary` sums that table up
per event beside published reference values, and :func:`match_followups`
shows which exchange each follow-up was matched to (and which follow-ups
matched none). The shape is agreed with the comparison: one row per exposure,
``n_sessions``, ``session_order``, ``attribution``, and ``attrs`` saying what
was not recorded, how contacts were recorded and when the style was asked.

The definitions (the full text is in ``docs/outcomes.md``; the SQL that
computes them, the one home of the rules, is :mod:`toolkit.outcome_sql`):

- A contact is a *pair* of people at an event: rows in either order and
  repeated rows count once. Self-contacts are ignored.
- A pair is *known* (familiar) at an event when ``known_ties`` lists it (with
  that event or an earlier one, or with no event at all), or when the pair
  exchanged details at an *earlier* event of the folder. Events are ordered by
  their start: the earliest session start or contact timestamp of the event.
  Where any event has no time at all, every event is ordered by the natural
  order of ``event_id`` (``E9`` before ``E10``); see :mod:`toolkit.events`.
- A pair's *first exchange* is its earliest contact timestamp at the event
  (else the event's start). A follow-up belongs to the pair's exchange at
  ``followups.event_id`` when given, else to the latest event at which the
  pair exchanged details at or before the follow-up's time. It counts for
  ``followup_rate_7d`` when sent by the attendee at most 7 x 24 hours after
  the first exchange (a follow-up on day 8 does not count). ``meetings_30d``
  counts new contacts with a ``meeting`` within 30 x 24 hours, whoever logged
  it. Follow-ups matched to no exchange are not counted and are reported as
  warnings in ``data.report``.
- ``cross_industry_share`` is the share of contacts from another industry
  **among the contacts whose industry is known on both sides**; missing where
  no such contact exists.
- **Sessions as the unit of exposure.** An attendee in one networking session
  gets one row with that session: every contact of the attendee at the event
  counts (``attribution`` = ``event``). An attendee in several sessions gets
  one row per session, and each row counts only the contacts made there: the
  contact's ``session_id`` where it names one of the attendee's sessions,
  else its time inside the session's [start, end) window (the earliest such
  session); a contact outside every window is in no row. Follow-ups and
  meetings are those of the row's contacts. ``attribution`` says how
  (``session_id`` or ``time``); where some contact of the person can be placed
  neither way, their rows' contact outcomes are missing (``unattributable``),
  never guessed. ``session_order`` numbers a person's sessions by start.
  Survey answers are per event: the same on each of a person's rows.
- **Not recorded is not zero.** An outcome whose table is absent (no
  contacts, followups, known_ties or survey table) is missing on every row,
  with the reason in ``table.attrs["not_recorded"]``.

Example
-------
>>> import toolkit
>>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
>>> table = toolkit.compute_outcomes(data)
>>> toolkit.event_summary(table)[["event_id", "attendees"]].values.tolist()
[['E01', 60], ['E02', 60]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.contract import CONTACT_OUTCOMES, REFERENCE_VALUES, STYLES, SURVEY_OUTCOMES
from toolkit.events import UNDIRECTED_CHANNELS, event_order, event_sequence
from toolkit.outcome_sql import ATTRIBUTIONS, FOLLOWUP_DAYS, MEETING_DAYS, OutcomeQueries

__all__ = [
    "EXTRA_OUTCOMES", "EVENT_CONTACT_COLUMNS", "SESSION_COLUMNS", "FOLLOWUP_WINDOW", "MEETING_WINDOW", "DEFAULT_BROKERAGE_MAX_WEDGES",
    "compute_outcomes", "contact_channels", "event_summary", "survey_summary", "match_followups", "not_recorded",
    # defined in toolkit.events (the one home of the event order), named here as the outcome rules use them
    "UNDIRECTED_CHANNELS", "event_order",
]

#: Extra per-attendee measures beside the contract's outcomes.
EXTRA_OUTCOMES: tuple[str, ...] = ("reciprocated_share", "interest_share", "brokerage")

#: Per person at the event, the same on each of their rows: the different people they exchanged details with over
#: all their sessions (a pair met in two sessions once), as :func:`event_summary` counts "people" per attendee.
EVENT_CONTACT_COLUMNS: tuple[str, ...] = ("event_contacts", "event_new_contacts")

#: Session columns of the outcome table, in order.
SESSION_COLUMNS: tuple[str, ...] = ("session_id", "format", "assignment", "grouping", "group_id", "n_sessions",
                                    "session_order", "attribution")

#: Follow-up windows, measured from the pair's first exchange at the event.
FOLLOWUP_WINDOW = pd.Timedelta(days=FOLLOWUP_DAYS)
MEETING_WINDOW = pd.Timedelta(days=MEETING_DAYS)

#: Above this many wedges (pairs of contacts around one person) in one event,
#: brokerage is left missing for that event rather than spending minutes on an extra.
DEFAULT_BROKERAGE_MAX_WEDGES = 20_000_000

_BOOKKEEPING = ("_row", "_file")
_IDS = ("event_id", "attendee_id")
_CONTACT_TABLE_OUTCOMES = CONTACT_OUTCOMES + EXTRA_OUTCOMES


# --------------------------------------------------------------------------- follow-ups


def match_followups(data) -> pd.DataFrame:
    """Each follow-up with the exchange it was matched to, and whether it counts.

    Parameters
    ----------
    data : EventData

    Returns
    -------
    DataFrame
        The follow-up columns, then ``matched_event_id``, ``first_exchange``
        (UTC), ``days_after`` (float), ``within_7d``, ``meeting_within_30d``
        and ``status``: ``matched``, ``no exchange`` (the pair exchanged at no
        event before the follow-up, or not at the named event), ``before the
        exchange``, ``event not in folder``, ``no time``, ``no exchange time``
        or ``no such pair``. Only ``matched`` follow-ups are counted.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> matched = match_followups(data)
    >>> len(matched) == len(data.followups), matched["status"].unique().tolist()
    (True, ['matched'])
    """
    with OutcomeQueries(data) as queries:
        m = queries.followup_matches()
    return _with_matches(data.followups, m)


def _with_matches(followups: pd.DataFrame, m: pd.DataFrame) -> pd.DataFrame:
    out = followups.reset_index(drop=True).copy()
    out["matched_event_id"] = pd.array(m["matched_event_id"].astype(object).where(m["matched_event_id"].notna(), None),
                                       dtype="string")
    first = pd.to_datetime(m["first_exchange"], utc=True).astype("datetime64[ns, UTC]")
    sent = pd.to_datetime(m["tf"], utc=True).astype("datetime64[ns, UTC]")
    out["first_exchange"] = first.to_numpy()
    timed = (m["status"].isin(["matched", "before the exchange"])).to_numpy()
    days = ((sent - first).dt.total_seconds() / 86400).to_numpy(dtype=float, na_value=np.nan)
    out["days_after"] = pd.array(np.where(timed, days, np.nan), dtype="Float64")
    out["days_after"] = out["days_after"].where(timed & ~np.isnan(days))
    out["within_7d"] = m["within_7d"].fillna(False).to_numpy(dtype=bool)
    out["meeting_within_30d"] = m["meeting_within_30d"].fillna(False).to_numpy(dtype=bool)
    out["status"] = pd.array(m["status"].to_numpy(dtype=object), dtype="string")
    return out


def _report_unmatched(data, unmatched: pd.DataFrame) -> None:
    """Record follow-ups that matched no exchange as warnings in ``data.report`` (once).

    ``unmatched``: :meth:`toolkit.outcome_sql.OutcomeQueries.unmatched_followups` (``_pos``, ``status``).
    """
    if not len(unmatched) or getattr(data, "report", None) is None:
        return
    fu = data.followups.reset_index(drop=True)
    rows = fu["_row"] if "_row" in fu.columns else pd.Series([pd.NA] * len(fu))
    files = fu["_file"] if "_file" in fu.columns else pd.Series(["followups"] * len(fu))
    existing = {(p.file, p.row, p.message) for p in data.report.problems}
    reasons = {
        "no exchange": "no exchange between these two people before this follow-up: not counted in follow-up rates",
        "before the exchange": "sent before the pair's first exchange at the named event: not counted",
        "event not in folder": "names an event that is not in the folder: not counted",
        "no time": "has no usable timestamp, so it cannot be matched to an exchange: not counted",
        "no exchange time": "the matched exchange has no time, so the 7- and 30-day windows cannot be checked: not counted",
        "no such pair": "sender or recipient missing (or the same person): not counted",
    }
    idx = unmatched["_pos"].to_numpy(dtype=np.int64)
    statuses = unmatched["status"].to_numpy(dtype=object)
    limit = 50
    for i, status in zip(idx[:limit], statuses[:limit]):
        row = rows.iloc[i]
        row = None if pd.isna(row) else int(row)
        file = str(files.iloc[i]) if pd.notna(files.iloc[i]) else "followups"
        message = reasons.get(status, "not matched to an exchange: not counted")
        if (file, row, message) not in existing:
            data.report.add(file, row=row, column="contact_id", value=fu["contact_id"].iat[i],
                            message=message, severity="warning", table="followups")
    if len(idx) > limit:
        note = f"followups: {len(idx)} follow-ups matched no exchange (first {limit} listed); see toolkit.outcomes.match_followups"
        if note not in data.report.notes:
            data.report.notes.append(note)


# --------------------------------------------------------------------------- what was not recorded


def not_recorded(data, *, events: int | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Outcomes the folder cannot give, with the table that would give them; and notes on partial ones.

    Parameters
    ----------
    data : EventData
    events : int, optional
        Events in the folder (default: counted from the attendees).

    Returns
    -------
    (dict, dict)
        ``not_recorded``: {outcome: reason}; these outcomes are missing on
        every row. ``notes``: {outcome: text} for outcomes recorded with a
        caveat (``new_contacts`` without a known_ties table).

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> not_recorded(data)
    ({}, {})
    """
    missing: dict[str, str] = {}
    notes: dict[str, str] = {}
    n_events = events if events is not None else int(data.attendees["event_id"].nunique())
    if not data.has_table("contacts"):
        for name in _CONTACT_TABLE_OUTCOMES:
            missing[name] = "not recorded: no contacts table (add contacts.csv)"
    else:
        if not data.has_table("known_ties"):
            earlier = ("only pairs who exchanged details at an earlier event of the folder are counted as known "
                       "(no known_ties table: add known_ties.csv to count pairs who knew each other before)")
            if n_events <= 1:
                missing["familiar_share"] = ("not recorded: no known_ties table (add known_ties.csv); with one "
                                             "event no pair can be known from an earlier one")
            else:
                notes["familiar_share"] = earlier + "; missing at the first event"
            notes["new_contacts"] = earlier
            notes["spectator"] = earlier
        industry = data.attendees["industry"] if "industry" in data.attendees.columns else None
        if industry is None or not industry.notna().any():
            missing["cross_industry_share"] = "not recorded: no industry in the attendees table (add an industry column)"
        contacts = data.contacts if "contacts" in vars(data) or getattr(data, "bulk", None) is None else None
        if contacts is not None and ("interest" not in contacts.columns or not contacts["interest"].notna().any()):
            missing["interest_share"] = "not recorded: no interest column in the contacts table"
        if not data.has_table("followups"):
            for name in ("followup_rate_7d", "meetings_30d"):
                missing[name] = "not recorded: no followups table (add followups.csv)"
    survey = data.survey
    for name in SURVEY_OUTCOMES:
        if not data.has_table("survey"):
            missing[name] = "not recorded: no survey table (add survey.csv)"
        elif name not in survey.columns or not survey[name].notna().any():
            missing[name] = f"not recorded: the survey table has no {name} answers (add a {name} column)"
    return missing, notes


def _contact_kind(kinds: dict) -> str | None:
    if not kinds["rows"]:
        return None
    if kinds["proximity"] == kinds["rows"]:
        return "proximity"
    return "exchange" if kinds["proximity"] == 0 else "mixed"


# --------------------------------------------------------------------------- the outcome table


def compute_outcomes(data, *, brokerage_max_wedges: int = DEFAULT_BROKERAGE_MAX_WEDGES) -> pd.DataFrame:
    """The outcome table: one row per exposure (attendee and event, or attendee and session).

    Parameters
    ----------
    data : EventData
        Loaded tables (see :mod:`toolkit.io.load`).
    brokerage_max_wedges : int, default 20 million
        Work cap for the ``brokerage`` extra: in an event where the pairs of
        contacts around all attendees exceed this number, ``brokerage`` is
        left missing (and a note is added to ``data.report``).

    Returns
    -------
    DataFrame
        ``event_id, attendee_id``, the session columns (``session_id, format,
        assignment, grouping, group_id, n_sessions, session_order,
        attribution``; the first five missing for attendees in no networking
        session), every attendee column, the survey answer columns,
        ``responded``, ``style_score``, ``style``, ``style_source``
        (``registration`` / ``self-described`` / ``post-event survey`` /
        ``none``: where ``style`` came from), the outcomes of
        :data:`toolkit.contract.OUTCOMES`, the extras ``reciprocated_share,
        interest_share, brokerage``, then ``event_contacts, event_new_contacts``
        (the different people the attendee exchanged details with at the
        event, all their sessions together: the same on each of their rows,
        where ``contacts`` counts a pair met in two sessions in each). One row per attendee and event, except
        for attendees in several sessions of an event: one row per session.
        Contact outcomes are missing for events without a contact log and
        for rows whose contacts could not be attributed to the session;
        shares when their denominator is 0; any outcome whose table is absent.
        ``attrs``: ``event_order``, ``survey_columns``, ``not_recorded``
        ({outcome: reason}), ``notes`` ({outcome: caveat}), ``contact_kind``
        (``exchange``, ``proximity`` or ``mixed``; None without contacts),
        ``min_duration_s`` (shortest proximity contact, where logged),
        ``unattributable`` (why some rows' contact outcomes are missing, or None) and
        ``style_timing`` (``pre-event``, or ``post-event`` where some style
        was scored from the post-event survey). Definitions: module docstring
        and ``docs/outcomes.md``.

    Notes
    -----
    Follow-ups that match no exchange are added to ``data.report`` as
    warnings (once, however often the table is computed); a known tie that
    names an event not in the folder counts for every event.

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> table = toolkit.compute_outcomes(data)
    >>> table.shape, table.attrs["event_order"], table.attrs["contact_kind"], table.attrs["style_timing"]
    ((120, 40), ['E01', 'E02'], 'exchange', 'post-event')
    >>> table.groupby(["format", "style"], observed=True)["new_contacts"].mean().round(1).loc["structured"].to_dict()
    {'reserved': 6.2, 'self-directed': 10.3, 'unknown': 9.3}
    """
    with OutcomeQueries(data) as queries:
        rows = queries.rows()
        outcomes = queries.contact_outcomes(brokerage_max_wedges)
        partners = queries.event_partners()
        channels = queries.session_channels()
        skipped = queries.skipped_brokerage_events()
        kinds = queries.channel_kinds()
        events = queries.events
        unmatched = queries.unmatched_followups() if len(data.followups) else None
    if unmatched is not None:
        _report_unmatched(data, unmatched)
    for event in skipped:
        note = (f"brokerage left missing for event {event}: more than {brokerage_max_wedges:,} pairs of "
                "contacts to check (raise brokerage_max_wedges to compute it)")
        if getattr(data, "report", None) is not None and note not in data.report.notes:
            data.report.notes.append(note)

    table = _session_columns(rows, data)
    att = data.attendees.reset_index(drop=True)
    extra_cols = [c for c in att.columns if c not in _IDS and c not in _BOOKKEEPING]
    att_rows = att.iloc[rows["_pos"].to_numpy(dtype=np.int64)].reset_index(drop=True)
    for col in extra_cols:
        table[col] = att_rows[col].array
    table, answers, survey_names = _add_survey(table, data, att_rows)
    _carry_styles(table, events)

    missing, notes = not_recorded(data, events=len(events))
    for col in _CONTACT_TABLE_OUTCOMES:
        table[col] = _typed(outcomes[col], col)
    for col in EVENT_CONTACT_COLUMNS:
        table[col] = _typed(partners[col], "contacts")
    if "familiar_share" in notes and not data.has_table("known_ties"):
        first = events.loc[events["rank"] == 0, "event_id"].astype(str).tolist()
        table["familiar_share"] = table["familiar_share"].where(~table["event_id"].isin(first).to_numpy())
    for col in SURVEY_OUTCOMES:
        if col not in table.columns:
            table[col] = pd.array([pd.NA] * len(table), dtype="boolean" if col in ("met_helpful", "would_return") else "Float64")
    for col in missing:
        if col in table.columns:
            table[col] = table[col].astype(table[col].dtype).where(pd.Series(False, index=table.index))

    lead = ["event_id", "attendee_id", *SESSION_COLUMNS]
    ordered = lead + extra_cols + answers + ["responded", "style_score", "style", "style_source"] + list(CONTACT_OUTCOMES) \
        + list(SURVEY_OUTCOMES) + list(EXTRA_OUTCOMES) + list(EVENT_CONTACT_COLUMNS)
    table = table[ordered]
    # which columns are survey answers (style items included): toolkit.compare keeps them out of
    # the default covariates, since they are measured after the session
    table.attrs["survey_columns"] = survey_names
    # the events in time order, so that "the last event" means the same in recommend, report and dashboard
    table.attrs["event_order"] = events.sort_values("rank", kind="stable")["event_id"].astype(str).tolist()
    table.attrs["not_recorded"] = missing
    table.attrs["notes"] = notes
    table.attrs["contact_kind"] = _contact_kind(kinds)
    table.attrs["min_duration_s"] = kinds["min_duration_s"]
    # how each session's contacts were recorded: a comparison warns where the formats' differ (toolkit.compare)
    table.attrs["contact_channels"] = _channels_by_session(channels)
    stuck = table.loc[table["attribution"] == "unattributable", ["event_id", "attendee_id"]].drop_duplicates()
    table.attrs["unattributable"] = None if not len(stuck) else (
        f"contact outcomes not recorded per session for {len(stuck)} attendee(s) in several sessions: some of "
        "their contacts have neither a session_id nor a time inside a session window (add session_id to "
        "contacts, or timestamps to contacts and start/end to sessions)")
    sources = set(table["style_source"].astype(str))
    table.attrs["style_timing"] = "post-event" if "post-event survey" in sources else "pre-event"
    return table


def _carry_styles(table: pd.DataFrame, events: pd.DataFrame) -> None:
    """Style is the person's: an ``unknown`` style at one event takes the person's style from another event of
    the folder (:func:`toolkit.segments.styles_of_the_person`), in place; rules in docs/outcomes.md."""
    from toolkit.segments import styles_of_the_person

    rank = table["event_id"].astype(str).map(dict(zip(events["event_id"].astype(str), events["rank"])))
    styles, score = styles_of_the_person(table["attendee_id"], table[["style", "style_source"]],
                                         table["style_score"], event=table["event_id"],
                                         event_rank=pd.to_numeric(rank, errors="coerce").to_numpy(dtype=float))
    table["style"] = styles["style"].array
    table["style_source"] = styles["style_source"].array
    table["style_score"] = pd.array(score, dtype="Float64")


#: What a contact row without a channel is counted as in :func:`contact_channels`.
NO_CHANNEL = "not given"


def contact_channels(data) -> dict[str, dict[str, dict[str, int]]]:
    """Contact rows by channel in each networking session: ``{event_id: {session_id: {channel: rows}}}``.

    A row belongs to its own ``session_id``; without one, to the session of the person who recorded it
    (``attendee_id``) where they were in exactly one session of the event, else to the other person's;
    rows that none of these place are left out (:meth:`toolkit.outcome_sql.OutcomeQueries.session_channels`).
    A row without a channel counts as :data:`NO_CHANNEL`.
    The comparison reads it to tell whether contacts were recorded the same way in both formats (badge
    scans in one, a few typed cards in the other make a difference of recording, not of format).

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> contact_channels(data)["E01"]["E01-S01"]
    {'app': 157, 'badge_scan': 72}
    """
    contacts = getattr(data, "contacts", None)
    if contacts is None or not len(contacts) or not len(data.participation):
        return {}
    with OutcomeQueries(data, upto="pairs") as queries:
        return _channels_by_session(queries.session_channels())


def _channels_by_session(counts: pd.DataFrame) -> dict[str, dict[str, dict[str, int]]]:
    """:meth:`~toolkit.outcome_sql.OutcomeQueries.session_channels`' rows as :func:`contact_channels`' nested dict.

    The channels are trimmed here, on the few rows of counts rather than on every contact row.
    """
    channel = counts["channel"].astype("string").str.strip().replace("", pd.NA).fillna(NO_CHANNEL)
    keys = [counts["event_id"].astype("string"), counts["session_id"].astype("string"), channel]
    summed = counts["n"].groupby(keys).sum()
    # plain nested dicts of text: the table's attrs are written into a parquet file's metadata as JSON
    out: dict[str, dict[str, dict[str, int]]] = {}
    for (event, sess, name), n in summed.items():
        out.setdefault(str(event), {}).setdefault(str(sess), {})[str(name)] = int(n)
    return out


def _typed(values: pd.Series, name: str):
    """An outcome column from the engine as the table's dtype: counts Int64, shares Float64, spectator boolean."""
    if name == "spectator":
        return values.astype("boolean").array
    if name in ("contacts", "new_contacts", "meetings_30d", "brokerage"):
        return values.astype("Float64").round().astype("Int64").array
    return values.astype("Float64").array


def _session_columns(rows: pd.DataFrame, data) -> pd.DataFrame:
    """The exposure rows' ids and session columns, typed as the table has them."""
    table = pd.DataFrame({"event_id": rows["event_id"].astype("string").array,
                          "attendee_id": rows["attendee_id"].astype("string").array})
    for col in ("session_id", "grouping", "group_id"):
        table[col] = rows[col].astype("string").array
    for col, cats in (("format", ("structured", "unstructured")), ("assignment", ("randomized", "self_selected", "scheduled"))):
        source = data.sessions[col] if col in data.sessions.columns else None
        categories = source.cat.categories if source is not None and isinstance(source.dtype, pd.CategoricalDtype) else cats
        table[col] = pd.Categorical(rows[col].astype(object).where(rows[col].notna(), None), categories=categories)
    table["n_sessions"] = rows["n_sessions"].astype("Int64").array
    table["session_order"] = rows["session_order"].astype("Float64").round().astype("Int64").array
    table["attribution"] = pd.Categorical(rows["attribution"].astype(object), categories=list(ATTRIBUTIONS))
    return table


def _yes_no_as_boolean(values: pd.Series) -> pd.Series:
    """A survey column of text whose every answer is a yes/no word ("Oui"/"Non" at one event, "Y"/"N" at
    another) as nullable booleans (the toolkit's one yes/no rule, :func:`toolkit.io.parsing.read_yes_no`), so
    that it can be compared and averaged as a share; any other column unchanged.

    >>> _yes_no_as_boolean(pd.Series(["Oui", "Non", None, "Y"], dtype="string")).tolist()
    [True, False, <NA>, True]
    >>> _yes_no_as_boolean(pd.Series(["Oui", "peut-être"], dtype="string")).tolist()
    ['Oui', 'peut-être']
    """
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype) \
            or not values.notna().any():
        return values
    from toolkit.io.parsing import read_yes_no  # the loader's rule; not at the top: outcomes needs no io to import

    if pd.to_numeric(values.dropna().astype(str), errors="coerce").notna().all():
        return values  # numbers stored as text stay numbers for the comparison to read
    parsed, invalid = read_yes_no(values)
    return values if invalid.any() else parsed


def _add_survey(table: pd.DataFrame, data, att_rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Survey answers (per event: the same on each of a person's rows), ``responded`` and the style columns."""
    from toolkit.segments import STYLE_SOURCES, combine_styles, scale_asked_at_registration, score_style

    sv = data.survey
    answer_cols = [c for c in sv.columns if c not in _IDS and c not in _BOOKKEEPING]
    keys = pd.MultiIndex.from_arrays([sv["event_id"].astype("string"), sv["attendee_id"].astype("string")])
    # the loader keeps one response per person and event (the last: an answer given again replaces the earlier);
    # data built otherwise follows the same rule
    kept = ~keys.duplicated(keep="last")
    sv1 = sv.loc[sv.index[kept]].reset_index(drop=True)
    pos = pd.MultiIndex.from_arrays([sv1["event_id"].astype("string"), sv1["attendee_id"].astype("string")]) \
        .get_indexer(pd.MultiIndex.from_arrays([table["event_id"], table["attendee_id"]])) if len(sv1) else \
        np.full(len(table), -1)
    has = pos >= 0
    taken = sv1.iloc[np.maximum(pos, 0)].reset_index(drop=True) if len(sv1) else None
    answers, survey_names = [], []
    for col in answer_cols:
        # survey columns keep their names; a clash with an attendee column gets "_survey"
        name = col if col not in table.columns else f"{col}_survey"
        values = taken[col].where(pd.Series(has)) if taken is not None else pd.Series([pd.NA] * len(table), dtype="Float64")
        values = _yes_no_as_boolean(values)
        table[name] = values.array if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) else values.to_numpy()
        survey_names.append(name)
        if name not in SURVEY_OUTCOMES:
            answers.append(name)
    if taken is not None and answer_cols:
        answered = taken[answer_cols].notna().any(axis=1).to_numpy() & has
    else:
        answered = has
    table["responded"] = answered.astype(bool)

    scale = getattr(getattr(data, "settings", None), "style_scale", None)
    attendee_columns = [c for c in att_rows.columns if c not in _BOOKKEEPING]
    at_registration = scale is not None and scale_asked_at_registration(scale, attendee_columns)
    in_attendees = scale is not None and any(i in set(attendee_columns) for i in scale.items)
    in_survey = scale is not None and len(sv1) and any(i in {c.strip().lower() for c in sv1.columns} for i in scale.items)
    if scale is not None and not in_attendees and not in_survey:
        note = (f"style: none of the style-scale items {list(scale.items)} is an attendee or survey column, so style "
                "comes from attendees.networking_style; check [style_scale] in netout.toml")
        if getattr(data, "report", None) is not None and note not in data.report.notes:
            data.report.notes.append(note)
    score = pd.array([pd.NA] * len(table), dtype="Float64")
    scored_style = None
    if in_attendees:
        scored = score_style(att_rows, scale)
        score, scored_style = scored["style_score"].array, scored["style"]
    elif in_survey:
        scored = score_style(sv1, scale)
        if len(scored):
            score = scored["style_score"].iloc[np.maximum(pos, 0)].where(pd.Series(has).to_numpy()).array
            scored_style = pd.Series(np.where(has, scored["style"].iloc[np.maximum(pos, 0)].to_numpy(dtype=object),
                                              "unknown"))
    described = table["networking_style"].reset_index(drop=True) if "networking_style" in table.columns else None
    registration = scored_style if at_registration else None
    post_event = scored_style if not at_registration else None
    if described is None and registration is None and post_event is None:
        described = pd.Series([None] * len(table), dtype=object)
    combined = combine_styles(registration, described, post_event)
    table["style_score"] = pd.array(score, dtype="Float64")
    # the score stays the scale's, and only where the style came from it
    from_scale = combined["style_source"].isin(["registration", "post-event survey"]).to_numpy()
    table["style_score"] = table["style_score"].where(from_scale)
    table["style"] = pd.Categorical(combined["style"].to_numpy(), categories=list(STYLES))
    table["style_source"] = pd.Categorical(combined["style_source"].to_numpy(), categories=list(STYLE_SOURCES))
    return table, answers, survey_names


# --------------------------------------------------------------------------- event level


def attendee_places(table: pd.DataFrame) -> pd.Series:
    """One key per attendee place of ``table``: a person at one event, whatever their sessions there.

    Someone in two sessions of an event has one place (their rows share the
    key); someone at two events has two. Counting the keys counts people as
    the comparison does, not their sessions. A table without ``event_id`` and
    ``attendee_id`` gives every row its own place. Aligned with ``table``'s
    index; missing where either id is missing.

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"event_id": ["E1", "E1", "E2"], "attendee_id": ["a", "a", "a"]})
    >>> attendee_places(t).nunique()
    2
    """
    if {"event_id", "attendee_id"} <= set(table.columns):
        # a separator no id holds, so that ("E1", "12") and ("E11", "2") stay two places
        return table["event_id"].astype("string") + "\0" + table["attendee_id"].astype("string")
    return pd.Series(pd.RangeIndex(len(table)).astype(str), index=table.index, dtype="string")


def event_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Event-level figures beside published reference values.

    Parameters
    ----------
    table : DataFrame
        The outcome table from :func:`compute_outcomes`.

    Returns
    -------
    DataFrame
        One row per event (people counted once: the contacts of someone in
        several sessions are the different people they met in any of them), in time order (:func:`toolkit.events.event_sequence`:
        the table's ``attrs["event_order"]``, else the natural order of the
        ids): ``event_id``, ``attendees``, ``in_sessions``, ``respondents``,
        ``sessions_structured``, ``sessions_unstructured`` (sessions of the
        event: a session is its event's, whatever its name), ``mean_contacts``
        (the different people an attendee exchanged details with at the
        event, ``event_contacts``: a pair met in two sessions counts once; a
        table without that column, such as a simulated one, sums the sessions'
        contacts), ``median_contacts``, ``mean_new_contacts`` (likewise),
        ``spectator_share``, ``familiar_share``
        (pooled: known contacts / all contacts), ``followup_rate_7d``
        (pooled: new contacts followed up within 7 days / new contacts),
        ``meetings_30d``, then ``reference_familiar_share`` (0.5, Ingram and
        Morris 2007) and ``reference_contacts`` (about 40, SocioPatterns; missing
        where the contacts are exchanges only: :func:`applicable_references`,
        also in ``attrs["references"]``).

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> summary = event_summary(compute_outcomes(data))
    >>> summary[["event_id", "attendees", "sessions_structured", "sessions_unstructured"]].values.tolist()
    [['E01', 60, 1, 1], ['E02', 60, 1, 1]]
    """
    t = table
    known = (t["familiar_share"].astype("Float64") * t["contacts"].astype("Float64")).round()
    followed = (t["followup_rate_7d"].astype("Float64") * t["new_contacts"].astype("Float64")).round()
    rows = pd.DataFrame({
        "event_id": t["event_id"].astype("string"),
        "attendee_id": t["attendee_id"].astype("string") if "attendee_id" in t.columns else pd.RangeIndex(len(t)),
        "in_session": t["session_id"].notna(),
        "responded": t["responded"].astype(bool),
        "contacts": t["contacts"].astype("Float64"),
        "new_contacts": t["new_contacts"].astype("Float64"),
        "known": known, "followed": followed,
        "followup_den": t["new_contacts"].astype("Float64").where(t["followup_rate_7d"].notna() | (t["new_contacts"] == 0)),
        "meetings_30d": t["meetings_30d"].astype("Float64"),
    })
    # one line per person: someone in several sessions has one row per session, and their sessions' contacts
    # are summed for the pooled shares (missing stays missing: a sum of nothing recorded is not 0)
    counts = ["contacts", "new_contacts", "known", "followed", "followup_den", "meetings_30d"]
    distinct = all(c in t.columns for c in EVENT_CONTACT_COLUMNS)
    if distinct:
        rows["people"] = t["event_contacts"].astype("Float64").array
        rows["new_people"] = t["event_new_contacts"].astype("Float64").array
    per_person = rows.groupby(["event_id", "attendee_id"], sort=False)
    frame = per_person[counts].sum(min_count=1)
    frame[["in_session", "responded"]] = per_person[["in_session", "responded"]].any()
    # "people per attendee" counts people: a pair met in two sessions of the event once (the same on each row),
    # where summing the sessions said 8.1 people for a hand count of 7.7
    people = per_person[["people", "new_people"]].max() if distinct else \
        frame[["contacts", "new_contacts"]].set_axis(["people", "new_people"], axis=1)
    frame = frame.join(people).reset_index()
    frame["spectator"] = (frame["new_people"] == 0).astype("Float64").where(frame["new_people"].notna())
    g = frame.groupby("event_id", sort=True)
    out = pd.DataFrame({
        "attendees": g.size(),
        "in_sessions": g["in_session"].sum(),
        "respondents": g["responded"].sum(),
        "mean_contacts": g["people"].mean(),
        "median_contacts": g["people"].median(),
        "mean_new_contacts": g["new_people"].mean(),
        "spectator_share": g["spectator"].mean(),
        "familiar_share": g["known"].sum(min_count=1) / g["contacts"].sum(min_count=1),
        "followup_rate_7d": g["followed"].sum(min_count=1) / g["followup_den"].sum(min_count=1),
        "meetings_30d": g["meetings_30d"].sum(min_count=1),
    })
    sessions = t.dropna(subset=["session_id"]).drop_duplicates(["event_id", "session_id"])
    per_format = pd.crosstab(sessions["event_id"], sessions["format"].astype(object)) if len(sessions) else pd.DataFrame()
    for fmt in ("structured", "unstructured"):
        col = per_format[fmt] if fmt in per_format.columns else pd.Series(dtype="int64")
        out.insert(3 if fmt == "structured" else 4, f"sessions_{fmt}", col.reindex(out.index).fillna(0).astype("int64"))
    for name in ("familiar_share", "followup_rate_7d"):
        out[name] = out[name].astype("Float64")
    references = applicable_references(t)
    for name in ("familiar_share", "contacts"):
        out[f"reference_{name}"] = float(references[name]["value"]) if name in references else float("nan")
    out.index = out.index.astype(str)
    out = out.reindex(event_sequence(t)).rename_axis("event_id").reset_index()
    out.attrs["references"] = references  # the faces draw these, and only these, beside the figures
    return out


def applicable_references(table: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The published reference values (:data:`toolkit.contract.REFERENCE_VALUES`) that fit how ``table``'s contacts were recorded.

    The reference of about 40 contacts per attendee counts brief face-to-face
    contacts recorded by proximity sensors; badge scans and card exchanges
    record far fewer, so beside contacts recorded only that way (the table's
    ``attrs["contact_kind"]`` is ``exchange``) it would read as a shortfall that
    is not one, and is left out.

    Example
    -------
    >>> table = pd.DataFrame()
    >>> table.attrs["contact_kind"] = "exchange"
    >>> sorted(applicable_references(table))
    ['familiar_share']
    """
    if table.attrs.get("contact_kind") == "exchange":
        return {k: v for k, v in REFERENCE_VALUES.items() if k != "contacts"}
    return dict(REFERENCE_VALUES)


def net_promoter_score(answers) -> float:
    """The net promoter score of 0-10 recommend answers: % of 9 or 10 minus % of 0 to 6 (-100 to 100), 1 decimal.

    Missing answers are left out; no answer at all gives NaN.

    Example
    -------
    >>> net_promoter_score([10, 9, 7, 3, 10, 8])
    33.3
    """
    answers = pd.to_numeric(pd.Series(answers, dtype="object"), errors="coerce").dropna()
    return float(round(_promoter_minus_detractor(answers).mean() * 100, 1)) if len(answers) else float("nan")


def _promoter_minus_detractor(answers: pd.Series) -> pd.Series:
    """Per answer: 1 for a promoter (9-10), -1 for a detractor (0-6), 0 between; missing stays missing."""
    return ((answers >= 9).astype(float) - (answers <= 6).astype(float)).where(answers.notna())


def survey_summary(table: pd.DataFrame, *, min_respondents: int = 5) -> pd.DataFrame:
    """How satisfied each event's attendees were: mean satisfaction and the net promoter score.

    Each attendee counts once per event (someone in several sessions gave one
    answer). The net promoter score is the percentage of answers of 9 or 10
    to the 0-10 recommend question minus the percentage of 0 to 6, from -100
    to 100. An event with fewer than ``min_respondents`` answers to a question
    gets no figure for it (a small group is never shown).

    Parameters
    ----------
    table : DataFrame
        The outcome table from :func:`compute_outcomes` (its ``satisfaction``
        and ``nps`` columns; missing columns give missing figures).
    min_respondents : int, default 5
        Fewest answers for a figure (the faces pass their small-group rule).

    Returns
    -------
    DataFrame
        One row per event in time order: ``event_id``, ``satisfaction_answers``,
        ``mean_satisfaction`` (1-5), ``nps_answers``, ``net_promoter_score``.

    Example
    -------
    >>> t = pd.DataFrame({"event_id": ["E1"] * 6 + ["E2"] * 2, "attendee_id": list("abcdefgh"),
    ...                   "satisfaction": [5, 4, 4, 3, 5, None, 4, 4], "nps": [10, 9, 7, 3, 10, 8, 9, 9]})
    >>> survey_summary(t).to_dict(orient="records")[0]
    {'event_id': 'E1', 'satisfaction_answers': 5, 'mean_satisfaction': 4.2, 'nps_answers': 6, 'net_promoter_score': 33.3}
    >>> survey_summary(t)["net_promoter_score"].isna().tolist()   # two answers at E2: no figure
    [False, True]
    """
    columns = [c for c in ("satisfaction", "nps") if c in table.columns]
    people = table.assign(event_id=table["event_id"].astype("string"))
    if "attendee_id" in people.columns:
        people = people.drop_duplicates(["event_id", "attendee_id"])
    events = event_sequence(table)
    out = pd.DataFrame({"event_id": pd.Series(events, dtype="string")})
    answers = {c: pd.to_numeric(people[c], errors="coerce") if c in columns else pd.Series(np.nan, index=people.index)
               for c in ("satisfaction", "nps")}
    grouped = {c: answers[c].groupby(people["event_id"]) for c in answers}
    n_sat, n_nps = grouped["satisfaction"].count(), grouped["nps"].count()
    mean_sat = grouped["satisfaction"].mean()
    nps = answers["nps"]
    score = _promoter_minus_detractor(nps).groupby(people["event_id"]).mean()
    out["satisfaction_answers"] = out["event_id"].map(n_sat).fillna(0).astype("int64")
    out["mean_satisfaction"] = out["event_id"].map(mean_sat).astype(float).round(2)
    out["nps_answers"] = out["event_id"].map(n_nps).fillna(0).astype("int64")
    out["net_promoter_score"] = (out["event_id"].map(score).astype(float) * 100).round(1)
    out.loc[out["satisfaction_answers"] < min_respondents, "mean_satisfaction"] = np.nan
    out.loc[out["nps_answers"] < min_respondents, "net_promoter_score"] = np.nan
    return out.astype({"event_id": object})

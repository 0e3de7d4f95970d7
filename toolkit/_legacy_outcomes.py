"""Per-attendee networking outcomes: the outcome table every comparison stands on.

:func:`compute_outcomes` turns an :class:`~toolkit.io.load.EventData` into one
row per attendee and event, with the attendee's networking session, its
format, every attendee column, the survey answers, the networking-style
segment and the outcomes named in :data:`toolkit.contract.OUTCOMES`.
:func:`event_summary` sums that table up per event beside published reference
values, and :func:`match_followups` shows which exchange each follow-up was
matched to (and which follow-ups matched none).

The definitions (the full text is in ``docs/outcomes.md``):

- A contact is a *pair* of people at an event: rows in either order and
  repeated rows count once. Self-contacts are ignored.
- A pair is *known* (familiar) at an event when ``known_ties`` lists it (with
  that event or an earlier one, or with no event at all), or when the pair
  exchanged details at an *earlier* event of the folder. Events are ordered by
  their start: the earliest session start or contact timestamp of the event.
  Where any event has no time at all, every event is ordered by the natural
  order of ``event_id`` (``E9`` before ``E10``); see :mod:`toolkit.events`,
  the one home of that rule and of the coded tables shared with
  :mod:`toolkit.network`.
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
  **among the contacts whose industry is known on both sides** (the
  attendee's and the contact's). Contacts with an unknown industry on either
  side are left out of both numerator and denominator rather than counted as
  "same industry"; the share is missing where no such contact exists. This
  differs from "share of all contacts" whenever industries are incomplete.
- The row's session: an attendee's only networking session; for someone in
  several, the session to which most of their contacts are attributed
  (``contacts.session_id``, else a timestamp between the session's start and
  end), ties broken by the earlier start, then by ``session_id``.

Everything is vectorised (numpy/pandas on integer codes); there is no Python
loop over rows, pairs or attendees.

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
from toolkit.events import (
    NO_TIME,
    UNDIRECTED_CHANNELS,
    EventContext,
    KeyLookup,
    as_string,
    build_event_context,
    event_codes,
    event_order,
    event_sequence,
    times_from_ns,
    utc_ns,
)
from toolkit.network import brokerage_codes

__all__ = [
    "EXTRA_OUTCOMES", "SESSION_COLUMNS", "FOLLOWUP_WINDOW", "MEETING_WINDOW", "DEFAULT_BROKERAGE_MAX_WEDGES",
    "compute_outcomes", "event_summary", "match_followups",
    # defined in toolkit.events (the one home of the event order), named here as the outcome rules use them
    "UNDIRECTED_CHANNELS", "event_order",
]

#: Extra per-attendee measures beside the contract's outcomes.
EXTRA_OUTCOMES: tuple[str, ...] = ("reciprocated_share", "interest_share", "brokerage")

#: Session columns of the outcome table, in order.
SESSION_COLUMNS: tuple[str, ...] = ("session_id", "format", "assignment", "grouping", "group_id", "n_sessions")

#: Follow-up windows, measured from the pair's first exchange at the event.
FOLLOWUP_WINDOW = pd.Timedelta(days=7)
MEETING_WINDOW = pd.Timedelta(days=30)

#: Above this many wedges (pairs of contacts around one person) in one event,
#: brokerage is left missing for that event rather than spending minutes on an extra.
DEFAULT_BROKERAGE_MAX_WEDGES = 20_000_000

_BOOKKEEPING = ("_row", "_file")
_IDS = ("event_id", "attendee_id")


# --------------------------------------------------------------------------- small helpers


# --------------------------------------------------------------------------- follow-ups


def _match_followups_codes(data, ctx: EventContext) -> pd.DataFrame:
    """Match each follow-up to a pair's exchange; integer-coded result, one row per follow-up."""
    fu = data.followups
    n = ctx.ids.n
    s, r = ctx.ids.coded["followups.s"], ctx.ids.coded["followups.r"]
    tf = utc_ns(fu["timestamp"]) if len(fu) else np.array([], dtype=np.int64)
    given = as_string(fu["event_id"]).notna().to_numpy() if "event_id" in fu.columns else np.zeros(len(fu), bool)
    ev_given = event_codes(ctx.event_index, fu["event_id"]) if "event_id" in fu.columns else np.full(len(fu), -1)
    lo, hi = np.minimum(s, r), np.maximum(s, r)
    pair_row = np.full(len(fu), -1, dtype=np.int64)
    valid = (s >= 0) & (r >= 0) & (s != r)

    # event named: the pair's exchange at that event
    with_ev = valid & given & (ev_given >= 0)
    if with_ev.any():
        key = (ev_given[with_ev] * n + lo[with_ev]) * n + hi[with_ev]
        pair_row[with_ev] = ctx.pair_index.get(key)

    # no event named: the latest event where the pair exchanged at or before the follow-up
    without = valid & ~given & (tf != NO_TIME)
    p = ctx.pairs
    if without.any() and len(p):
        t0 = p["t0"].to_numpy()
        has_t = t0 != NO_TIME
        right = pd.DataFrame({"pk": (p["lo"].to_numpy() * n + p["hi"].to_numpy())[has_t],
                              "t": t0[has_t], "row": np.flatnonzero(has_t)}).sort_values("t", kind="stable")
        idx = np.flatnonzero(without)
        left = pd.DataFrame({"pk": lo[idx] * n + hi[idx], "t": tf[idx], "i": idx}).sort_values("t", kind="stable")
        matched = pd.merge_asof(left, right, on="t", by="pk", direction="backward")
        pair_row[matched["i"].to_numpy()] = matched["row"].fillna(-1).to_numpy(dtype=np.int64)

    hit = pair_row >= 0
    t0 = np.full(len(fu), NO_TIME, dtype=np.int64)
    t0[hit] = p["t0"].to_numpy()[pair_row[hit]]
    ev = np.full(len(fu), -1, dtype=np.int64)
    ev[hit] = p["ev"].to_numpy()[pair_row[hit]]
    timed = hit & (t0 != NO_TIME) & (tf != NO_TIME)
    delta = np.where(timed, tf - np.where(timed, t0, 0), NO_TIME)
    kind = as_string(fu["kind"]).str.strip().str.lower().fillna("").to_numpy(dtype=object) if len(fu) else np.array([], object)

    status = np.full(len(fu), "matched", dtype=object)
    status[~valid] = "no such pair"
    status[valid & given & (ev_given < 0)] = "event not in folder"
    status[valid & ~given & (tf == NO_TIME)] = "no time"
    status[valid & ~hit & (status == "matched")] = "no exchange"
    status[hit & ~timed] = "no exchange time"
    status[timed & (delta < 0)] = "before the exchange"
    ok = timed & (delta >= 0)
    return pd.DataFrame({
        "s": s, "r": r, "ev": ev, "pair_row": pair_row, "t0": t0, "delta": delta, "status": status,
        "within_7d": ok & (delta <= FOLLOWUP_WINDOW.value),
        "meeting_30d": ok & (kind == "meeting") & (delta <= MEETING_WINDOW.value),
    })


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
    ctx = build_event_context(data)
    m = _match_followups_codes(data, ctx)
    out = data.followups.reset_index(drop=True).copy()
    ev = m["ev"].to_numpy()
    out["matched_event_id"] = pd.array(np.where(ev >= 0, ctx.event_index.to_numpy()[np.maximum(ev, 0)], None)
                                       if len(ctx.event_index) else [None] * len(out), dtype="string")
    out["first_exchange"] = times_from_ns(m["t0"].to_numpy()).to_numpy()
    delta = m["delta"].to_numpy()
    out["days_after"] = pd.array(np.where(delta == NO_TIME, np.nan, delta / 86400e9), dtype="Float64")
    out["days_after"] = out["days_after"].where(delta != NO_TIME)
    out["within_7d"] = m["within_7d"].to_numpy()
    out["meeting_within_30d"] = m["meeting_30d"].to_numpy()
    out["status"] = pd.array(m["status"].to_numpy(), dtype="string")
    return out


def _report_unmatched(data, matches: pd.DataFrame) -> None:
    """Record follow-ups that matched no exchange as warnings in ``data.report`` (once)."""
    bad = matches["status"].to_numpy() != "matched"
    if not bad.any() or getattr(data, "report", None) is None:
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
    idx = np.flatnonzero(bad)
    limit = 50
    for i in idx[:limit]:
        row = rows.iloc[i]
        row = None if pd.isna(row) else int(row)
        file = str(files.iloc[i]) if pd.notna(files.iloc[i]) else "followups"
        message = reasons.get(matches["status"].iat[i], "not matched to an exchange: not counted")
        if (file, row, message) not in existing:
            data.report.add(file, row=row, column="contact_id", value=fu["contact_id"].iat[i],
                            message=message, severity="warning", table="followups")
    if len(idx) > limit:
        note = f"followups: {len(idx)} follow-ups matched no exchange (first {limit} listed); see toolkit.outcomes.match_followups"
        if note not in data.report.notes:
            data.report.notes.append(note)


# --------------------------------------------------------------------------- sessions


def _choose_sessions(data, ctx: EventContext, base_key: "KeyLookup") -> pd.DataFrame:
    """One networking session per (event, attendee): the row's session (see module docstring)."""
    n = ctx.ids.n
    part = data.participation
    ses = data.sessions
    pev = event_codes(ctx.event_index, part["event_id"])
    patt = ctx.ids.coded["participation"]
    p = pd.DataFrame({"pkey": pev * n + patt, "session_id": as_string(part["session_id"]).to_numpy(),
                      "group_id": as_string(part["group_id"]) if "group_id" in part.columns else pd.NA,
                      "ev": pev, "att": patt})
    p = p[(pev >= 0) & (patt >= 0) & p["session_id"].notna()].drop_duplicates(["pkey", "session_id"])
    s = pd.DataFrame({"ev": event_codes(ctx.event_index, ses["event_id"]),
                      "session_id": as_string(ses["session_id"]).to_numpy()})
    for col in ("format", "assignment", "grouping"):
        s[col] = ses[col].to_numpy() if col in ses.columns else pd.NA
    s["start"] = utc_ns(ses["start"]) if "start" in ses.columns and len(ses) else NO_TIME
    s["end"] = utc_ns(ses["end"]) if "end" in ses.columns and len(ses) else NO_TIME
    s = s.drop_duplicates(["ev", "session_id"])
    p = p.merge(s, on=["ev", "session_id"], how="left")
    p["n_sessions"] = p.groupby("pkey")["session_id"].transform("size").astype("int64")
    p["attributed"] = 0
    multi = p[p["n_sessions"] > 1]
    if len(multi) and len(data.contacts):
        counts = _attribute_contacts(data, ctx, multi)
        if len(counts):
            p = p.merge(counts, on=["pkey", "session_id"], how="left", suffixes=("_x", ""))
            p = p.drop(columns="attributed_x")
            p["attributed"] = p["attributed"].fillna(0).astype("int64")
    p = p.sort_values(["pkey", "attributed", "start", "session_id"], ascending=[True, False, True, True], kind="stable")
    chosen = p.drop_duplicates("pkey", keep="first")
    return chosen


def _attribute_contacts(data, ctx: EventContext, multi: pd.DataFrame) -> pd.DataFrame:
    """Distinct contacts per (attendee, session) for attendees in several sessions."""
    n = ctx.ids.n
    c = data.contacts
    ev, a, b, t = ctx.contacts.ev, ctx.contacts.a, ctx.contacts.b, ctx.contacts.t
    sid = as_string(c["session_id"]).to_numpy() if "session_id" in c.columns else np.full(len(c), None, object)
    keys = KeyLookup(multi["pkey"].unique(), max(len(ctx.event_index), 1) * n)
    sides = []
    for me, other in ((a, b), (b, a)):
        k = ev * n + me
        sel = (keys.get(k) >= 0) & (other >= 0) & (me != other) & (me >= 0) & (ev >= 0)
        sides.append(pd.DataFrame({"pkey": k[sel], "other": other[sel], "t": t[sel],
                                   "csid": pd.array(sid[sel], dtype="string")}))
    rows = pd.concat(sides, ignore_index=True)
    if not len(rows):
        return pd.DataFrame(columns=["pkey", "session_id", "attributed"])
    rows["rid"] = np.arange(len(rows))
    cand = rows.merge(multi[["pkey", "session_id", "start", "end"]], on="pkey")
    own_session = (cand["csid"].notna() & (cand["session_id"] == cand["csid"])).fillna(False).astype(bool)
    # a row naming one of the attendee's sessions goes there; otherwise by time
    names_own = own_session.groupby(cand["rid"]).transform("any")
    in_time = (cand["t"] != NO_TIME) & (cand["start"] != NO_TIME) & (cand["end"] != NO_TIME) \
        & (cand["t"] >= cand["start"]) & (cand["t"] <= cand["end"])
    hit = cand[(names_own & own_session) | (~names_own & in_time)]
    return (hit.drop_duplicates(["pkey", "session_id", "other"])
            .groupby(["pkey", "session_id"]).size().rename("attributed").reset_index())


# --------------------------------------------------------------------------- the outcome table


def compute_outcomes(data, *, brokerage_max_wedges: int = DEFAULT_BROKERAGE_MAX_WEDGES) -> pd.DataFrame:
    """The outcome table: one row per attendee and event.

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
        assignment, grouping, group_id, n_sessions``; missing for attendees in
        no networking session), every attendee column, the survey answer
        columns, ``responded``, ``style_score``, ``style``, ``style_source``
        (``scale`` / ``self-described`` / ``none``: where ``style`` came from), the outcomes of
        :data:`toolkit.contract.OUTCOMES` and the extras ``reciprocated_share,
        interest_share, brokerage``. Contact outcomes are missing for events
        without a contact log, follow-up outcomes when there is no follow-up
        log, shares when their denominator is 0. Definitions: module docstring
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
    >>> table.shape, table.attrs["event_order"]
    ((120, 36), ['E01', 'E02'])
    >>> table.groupby(["format", "style"], observed=True)["new_contacts"].mean().round(1).loc["structured"].to_dict()
    {'reserved': 5.8, 'self-directed': 10.2, 'unknown': 9.3}
    """
    ctx = build_event_context(data)
    n = ctx.ids.n

    # base rows: the attendees table, one row per (event, attendee)
    att = data.attendees
    base = pd.DataFrame({"event_id": as_string(att["event_id"]).to_numpy(), "attendee_id": as_string(att["attendee_id"]).to_numpy()})
    extra_cols = [c for c in att.columns if c not in _IDS and c not in _BOOKKEEPING]
    base_ev = event_codes(ctx.event_index, base["event_id"])
    base_att = ctx.ids.coded["attendees"]
    base_k = base_ev * n + base_att
    first = ~pd.Series(base_k).duplicated().to_numpy() & (base_ev >= 0) & (base_att >= 0)
    base, base_ev, base_att, base_k = base[first].reset_index(drop=True), base_ev[first], base_att[first], base_k[first]
    base_key = KeyLookup(base_k, max(len(ctx.event_index), 1) * n)
    rows = len(base)

    table = base.copy()
    # sessions
    chosen = _choose_sessions(data, ctx, base_key)
    pos = pd.Index(chosen["pkey"].to_numpy()).get_indexer(base_k)
    has = pos >= 0
    for col in SESSION_COLUMNS:
        values = chosen[col] if col in chosen.columns else pd.Series([pd.NA] * len(chosen))
        taken = values.iloc[np.maximum(pos, 0)].reset_index(drop=True) if len(chosen) else pd.Series([pd.NA] * rows)
        taken = taken.where(pd.Series(has)) if len(chosen) else taken
        table[col] = taken.to_numpy() if col not in ("format", "assignment") else taken.array
    table["session_id"] = table["session_id"].astype("string")
    table["group_id"] = table["group_id"].astype("string")
    table["grouping"] = table["grouping"].astype("string")
    table["n_sessions"] = pd.array(np.where(has, table["n_sessions"].fillna(0).to_numpy(dtype=np.int64), 0), dtype="Int64")
    for col, cats in (("format", ("structured", "unstructured")), ("assignment", ("randomized", "self_selected", "scheduled"))):
        source = data.sessions[col] if col in data.sessions.columns else None
        categories = source.cat.categories if source is not None and isinstance(source.dtype, pd.CategoricalDtype) else cats
        table[col] = pd.Categorical(pd.Series(table[col].to_numpy(), dtype=object).where(has, None), categories=categories)

    # attendee columns
    att_first = att.loc[att.index[first]].reset_index(drop=True)
    for col in extra_cols:
        table[col] = att_first[col].to_numpy() if not isinstance(att_first[col].dtype, pd.api.extensions.ExtensionDtype) else att_first[col].array

    # survey answers, responded, style
    table = _add_survey(table, data, ctx, base_k)

    # contact outcomes
    out = _contact_outcomes(data, ctx, base_key, base_ev, base_att, att_first, rows, brokerage_max_wedges)
    for col in CONTACT_OUTCOMES:
        table[col] = out[col]
    for col in SURVEY_OUTCOMES:
        if col not in table.columns and "\x00survey:" + col not in table.columns:
            table[col] = pd.array([pd.NA] * rows, dtype="boolean" if col in ("met_helpful", "would_return") else "Float64")
    for col in EXTRA_OUTCOMES:
        table[col] = out[col]

    lead = ["event_id", "attendee_id", *SESSION_COLUMNS]
    survey_answers = [c for c in table.columns if c.startswith("\x00survey:")]
    rename = {c: c.removeprefix("\x00survey:") for c in survey_answers}
    answers = [rename[c] for c in survey_answers if rename[c] not in SURVEY_OUTCOMES]
    table = table.rename(columns=rename)
    ordered = lead + extra_cols + answers + ["responded", "style_score", "style", "style_source"] + list(CONTACT_OUTCOMES) \
        + list(SURVEY_OUTCOMES) + list(EXTRA_OUTCOMES)
    table = table[ordered]
    table["event_id"] = table["event_id"].astype("string")
    table["attendee_id"] = table["attendee_id"].astype("string")
    table = table.sort_values(["event_id", "attendee_id"], kind="stable").reset_index(drop=True)
    # which columns are survey answers (style items included): toolkit.compare keeps them out of
    # the default covariates, since they are measured after the session
    table.attrs["survey_columns"] = [rename[c] for c in survey_answers]
    # the events in time order, so that "the last event" means the same in recommend, report and dashboard
    table.attrs["event_order"] = ctx.events.sort_values("order", kind="stable")["event_id"].astype(str).tolist()
    return table


def _add_survey(table: pd.DataFrame, data, ctx: EventContext, base_k: np.ndarray) -> pd.DataFrame:
    from toolkit.segments import STYLE_SOURCES, combine_styles, score_style

    n = ctx.ids.n
    sv = data.survey
    answer_cols = [c for c in sv.columns if c not in _IDS and c not in _BOOKKEEPING]
    sk = event_codes(ctx.event_index, sv["event_id"]) * n + ctx.ids.codes(sv["attendee_id"])
    first = ~pd.Series(sk).duplicated().to_numpy()
    sv1 = sv.loc[sv.index[first]].reset_index(drop=True)
    pos = pd.Index(sk[first]).get_indexer(base_k)
    has = pos >= 0
    taken = sv1.iloc[np.maximum(pos, 0)].reset_index(drop=True) if len(sv1) else None
    for col in answer_cols:
        # survey columns keep their names; a clash with an attendee column gets "_survey"
        name = col if col not in table.columns else f"{col}_survey"
        values = taken[col].where(pd.Series(has)) if taken is not None else pd.Series([pd.NA] * len(table), dtype="Float64")
        table["\x00survey:" + name] = values.array if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) else values.to_numpy()
    if taken is not None and answer_cols:
        answered = taken[answer_cols].notna().any(axis=1).to_numpy() & has
    else:
        answered = has
    table["responded"] = answered.astype(bool)

    scale = getattr(getattr(data, "settings", None), "style_scale", None)
    if scale is not None and len(sv1) and not any(i in {c.strip().lower() for c in sv1.columns} for i in scale.items):
        note = (f"style: none of the style-scale items {list(scale.items)} is a survey column, so style comes from "
                "attendees.networking_style; check [style_scale] in netout.toml")
        if getattr(data, "report", None) is not None and note not in data.report.notes:
            data.report.notes.append(note)
        scale = None
    # style, attendee by attendee: the scale score where they answered enough items, else their
    # self-described networking_style, else unknown (non-respondents are not a random subset, so
    # leaving them out of the segments would bias the segments; see docs/outcomes.md)
    scale_style = pd.Series(["unknown"] * len(table), dtype=object)
    table["style_score"] = pd.array([pd.NA] * len(table), dtype="Float64")
    if scale is not None and len(sv1):
        scored = score_style(sv1, scale)
        if len(scored):
            table["style_score"] = scored["style_score"].iloc[np.maximum(pos, 0)].where(pd.Series(has).to_numpy()).array
            scale_style = pd.Series(np.where(has, scored["style"].iloc[np.maximum(pos, 0)].to_numpy(dtype=object), "unknown"))
    described = table["networking_style"] if "networking_style" in table.columns else None
    combined = combine_styles(scale_style, described)
    table["style"] = pd.Categorical(combined["style"].to_numpy(), categories=list(STYLES))
    table["style_source"] = pd.Categorical(combined["style_source"].to_numpy(), categories=list(STYLE_SOURCES))
    table["style_score"] = table["style_score"].astype("Float64")
    return table


def _share(num: np.ndarray, den: np.ndarray, valid: np.ndarray) -> pd.arrays.FloatingArray:
    """num / den as Float64, missing where the row is not valid or den is 0."""
    ok = valid & (den > 0)
    values = np.divide(num, den, out=np.zeros(len(num), dtype=float), where=den > 0)
    return pd.arrays.FloatingArray(values, ~ok)


def _count(values: np.ndarray, valid: np.ndarray) -> pd.arrays.IntegerArray:
    """Counts as Int64, missing where the row is not valid."""
    return pd.arrays.IntegerArray(values.astype(np.int64), ~valid)


def _contact_outcomes(data, ctx: EventContext, base_key: "KeyLookup", base_ev, base_att, att_first, rows: int,
                      max_wedges: int) -> dict:
    n = ctx.ids.n
    p = ctx.pairs
    ev = p["ev"].to_numpy()
    lo, hi = p["lo"].to_numpy(), p["hi"].to_numpy()
    known = p["known"].to_numpy()
    row_lo = base_key.get(ev * n + lo) if len(p) else np.array([], dtype=np.int64)
    row_hi = base_key.get(ev * n + hi) if len(p) else np.array([], dtype=np.int64)

    # industry code per base row (-1 unknown)
    if "industry" in att_first.columns:
        ind_codes, _ = pd.factorize(as_string(att_first["industry"]).str.strip().str.lower())
    else:
        ind_codes = np.full(rows, -1)
    ind_codes = np.asarray(ind_codes, dtype=np.int64)

    def side(row_self, row_other, logged_self, logged_other, interest_self):
        sel = row_self >= 0
        r = row_self[sel]
        ind_self = ind_codes[r]
        ind_other = np.where(row_other[sel] >= 0, ind_codes[np.maximum(row_other[sel], 0)], -1)
        both = (ind_self >= 0) & (ind_other >= 0)
        ls, lo_ = logged_self[sel], logged_other[sel]
        it = interest_self[sel]
        w = lambda x: np.bincount(r, weights=x, minlength=rows)  # noqa: E731
        return {
            "contacts": np.bincount(r, minlength=rows),
            "known": w(known[sel]),
            "cross": w(both & (ind_self != ind_other)),
            "cross_den": w(both),
            "recip": w(ls & lo_),
            "recip_den": w(ls | lo_),
            "int_yes": w(it == 1),
            "int_den": w(it >= 0),
        }

    lo_hi, hi_lo = p["lo_hi"].to_numpy(), p["hi_lo"].to_numpy()
    a = side(row_lo, row_hi, lo_hi, hi_lo, p["int_lo"].to_numpy())
    b = side(row_hi, row_lo, hi_lo, lo_hi, p["int_hi"].to_numpy())
    tot = {k: a[k] + b[k] for k in a}
    contacts = tot["contacts"].astype(np.int64)
    new = contacts - np.rint(tot["known"]).astype(np.int64)

    has_log = ctx.events_with_log[base_ev] if rows else np.zeros(0, bool)
    out = {
        "contacts": _count(contacts, has_log),
        "new_contacts": _count(new, has_log),
        "familiar_share": _share(tot["known"], contacts, has_log),
        "cross_industry_share": _share(tot["cross"], tot["cross_den"], has_log),
        "spectator": pd.arrays.BooleanArray(new == 0, ~has_log),
        "reciprocated_share": _share(tot["recip"], tot["recip_den"], has_log),
        "interest_share": _share(tot["int_yes"], tot["int_den"], has_log),
    }

    # follow-ups
    has_fu = len(data.followups) > 0
    if has_fu and len(p):
        m = _match_followups_codes(data, ctx)
        _report_unmatched(data, m)
        ok = m["status"].to_numpy() == "matched"
        pr = m["pair_row"].to_numpy()
        sender_is_lo = m["s"].to_numpy() == lo[np.maximum(pr, 0)]
        # follow-up within 7 days, counted for the sender only
        f7 = ok & m["within_7d"].to_numpy()
        f_lo = np.zeros(len(p), dtype=bool)
        f_hi = np.zeros(len(p), dtype=bool)
        f_lo[pr[f7 & sender_is_lo]] = True
        f_hi[pr[f7 & ~sender_is_lo]] = True
        # a meeting counts for both people, whoever logged it
        mt = np.zeros(len(p), dtype=bool)
        mt[pr[ok & m["meeting_30d"].to_numpy()]] = True
        new_pair = ~known
        follow = np.zeros(rows)
        meet = np.zeros(rows)
        for row_self, flag in ((row_lo, f_lo), (row_hi, f_hi)):
            sel = row_self >= 0
            follow += np.bincount(row_self[sel], weights=(flag & new_pair)[sel], minlength=rows)
            meet += np.bincount(row_self[sel], weights=(mt & new_pair)[sel], minlength=rows)
        out["followup_rate_7d"] = _share(follow, new, has_log)
        out["meetings_30d"] = _count(np.rint(meet).astype(np.int64), has_log)
    elif has_fu:
        _report_unmatched(data, _match_followups_codes(data, ctx))
        out["followup_rate_7d"] = _share(np.zeros(rows), new, has_log)
        out["meetings_30d"] = _count(np.zeros(rows, np.int64), has_log)
    else:
        out["followup_rate_7d"] = _share(np.zeros(rows), np.zeros(rows), np.zeros(rows, bool))
        out["meetings_30d"] = _count(np.zeros(rows, np.int64), np.zeros(rows, bool))

    # brokerage, per event
    brokerage = np.zeros(rows, dtype=np.int64)
    b_valid = has_log.copy()
    for e in np.flatnonzero(ctx.events_with_log):  # loop over events, not rows
        sel = ev == e
        counts = brokerage_codes(lo[sel], hi[sel], row_lo[sel], row_hi[sel], ind_codes, max_wedges=max_wedges)
        on_event = base_ev == e
        if counts is None:
            b_valid[on_event] = False
            note = (f"brokerage left missing for event {ctx.event_index[e]}: more than {max_wedges:,} pairs of "
                    "contacts to check (raise brokerage_max_wedges to compute it)")
            if getattr(data, "report", None) is not None and note not in data.report.notes:
                data.report.notes.append(note)
            continue
        rows_e, values = counts
        brokerage[rows_e] = values
    out["brokerage"] = _count(brokerage, b_valid)
    return out


# --------------------------------------------------------------------------- event level


def event_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Event-level figures beside published reference values.

    Parameters
    ----------
    table : DataFrame
        The outcome table from :func:`compute_outcomes`.

    Returns
    -------
    DataFrame
        One row per event, in time order (:func:`toolkit.events.event_sequence`:
        the table's ``attrs["event_order"]``, else the natural order of the
        ids): ``event_id``, ``attendees``, ``in_sessions``, ``respondents``,
        ``sessions_structured``, ``sessions_unstructured``, ``mean_contacts``
        (distinct contacts per attendee), ``median_contacts``,
        ``mean_new_contacts``, ``spectator_share``, ``familiar_share``
        (pooled: known contacts / all contacts), ``followup_rate_7d``
        (pooled: new contacts followed up within 7 days / new contacts),
        ``meetings_30d``, then ``reference_familiar_share`` (0.5, Ingram and
        Morris 2007) and ``reference_contacts`` (about 40, SocioPatterns).

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
    frame = pd.DataFrame({
        "event_id": t["event_id"],
        "in_session": t["session_id"].notna(),
        "responded": t["responded"].astype(bool),
        "contacts": t["contacts"].astype("Float64"),
        "new_contacts": t["new_contacts"].astype("Float64"),
        "spectator": t["spectator"].astype("Float64"),
        "known": known, "followed": followed,
        "followup_den": t["new_contacts"].astype("Float64").where(t["followup_rate_7d"].notna() | (t["new_contacts"] == 0)),
        "meetings_30d": t["meetings_30d"].astype("Float64"),
    })
    g = frame.groupby("event_id", sort=True)
    out = pd.DataFrame({
        "attendees": g.size(),
        "in_sessions": g["in_session"].sum(),
        "respondents": g["responded"].sum(),
        "mean_contacts": g["contacts"].mean(),
        "median_contacts": g["contacts"].median(),
        "mean_new_contacts": g["new_contacts"].mean(),
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
    out["reference_familiar_share"] = float(REFERENCE_VALUES["familiar_share"]["value"])
    out["reference_contacts"] = float(REFERENCE_VALUES["contacts"]["value"])
    out.index = out.index.astype(str)
    return out.reindex(event_sequence(t)).rename_axis("event_id").reset_index()

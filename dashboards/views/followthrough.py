"""Follow-through: from new contact to follow-up within 7 days to a meeting within 30 days."""

from __future__ import annotations

import streamlit as st

import show
import state
from toolkit import plots
from toolkit.wording import (
    MIN_GROUP_SIZE,
    column_label,
    followthrough_answer,
    format_name,
    format_number,
    segment_label,
)

st.title("Did new contacts turn into follow-ups and meetings?")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

EVERYONE = "(everyone together)"
segments = state.segment_choices(folder, fp)
choice = st.selectbox("Split attendees by", [EVERYONE] + segments, key="funnel_by",
                      # the grouping chosen on another page, else the first one
                      index=1 + segments.index(carried) if (carried := st.session_state.get(
                          state.CHOICES_KEY, {}).get("by", st.query_params.get("by"))) in segments else
                      (1 if segments else 0),
                      format_func=lambda c: c if c == EVERYONE else column_label(c))
by = None if choice == EVERYONE else choice

funnel = plots.followthrough_table(table, by=by)
note = state.formats_note(folder, fp)
if funnel.empty or not funnel["count"].gt(0).any():
    show.answer("There is no follow-through to show: this needs attendees in networking sessions, the contacts "
                "table, and the followups table for the later steps.", note=note)
    st.stop()
missing = state.not_recorded(folder, fp)
show.answer(followthrough_answer(funnel, missing=missing), note=note)
small = funnel["attendees"] < MIN_GROUP_SIZE  # the one small-cell rule: groups under five are not drawn
hidden = sorted({str(s) for s in funnel.loc[small, "segment"]})
funnel = funnel.loc[~small].copy()
if funnel.empty:
    st.stop()
if by is not None:
    funnel["segment"] = funnel["segment"].map(lambda v: segment_label(v, by))
if funnel["stage"].astype(str).nunique() > 1:   # a funnel of one step (no follow-ups) repeats the table's number
    show.chart(plots.followthrough_funnel(funnel), "follow-through", key="funnel_chart")
    st.caption("Bars show the number per attendee at each step; the percentages (also in brackets below) are the "
               "share of new contacts that reached that step. A follow-up is an email, call, meeting or social "
               "message sent within 7 days of first meeting; a meeting is one held within 30 days.")
if hidden:
    st.caption(f"Not shown, fewer than {MIN_GROUP_SIZE} people: "
               + ", ".join(segment_label(s, by) if by else s for s in hidden) + ".")

# one row per group and format, one column per step: per attendee, with the share of new contacts reaching it
wide = (funnel.assign(stage=funnel["stage"].astype(str))
        .set_index(["segment", "format", "attendees", "stage"])[["per_attendee", "share_of_first"]]
        .unstack("stage"))
rows = wide.index.to_frame(index=False).rename(columns={"segment": "group"})
rows["format"] = rows["format"].map(format_name)
for i, stage in enumerate(plots.FUNNEL_STAGES):
    if ("per_attendee", stage) not in wide.columns:
        rows[f"{stage} per attendee"] = "not recorded"
        continue
    per = wide[("per_attendee", stage)].to_numpy()
    if i == 0:
        rows[f"{stage} per attendee"] = [format_number(v) for v in per]
    else:
        share = wide[("share_of_first", stage)].to_numpy()
        rows[f"{stage} per attendee"] = [f"{format_number(v)} ({format_number(q, share=True)})"
                                         for v, q in zip(per, share)]
show.table(rows, "follow-through", key="funnel_table")

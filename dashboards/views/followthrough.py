"""Follow-through: from new contact to follow-up within 7 days to a meeting within 30 days."""

from __future__ import annotations

import streamlit as st

import state
from toolkit import plots
from toolkit.wording import column_label, format_name, format_number, segment_label

st.title("Did new contacts turn into follow-ups and meetings?")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

EVERYONE = "(everyone together)"
segments = [EVERYONE] + state.segment_columns(table, state.event_data(folder, fp).settings)
choice = st.selectbox("Split attendees by", segments, index=1 if len(segments) > 1 else 0, key="funnel_by",
                      format_func=lambda c: c if c == EVERYONE else column_label(c))
by = None if choice == EVERYONE else choice

funnel = plots.followthrough_table(table, by=by)
if funnel.empty:
    st.info("No attendee was in a networking session, so there is no follow-through to show.")
    st.stop()
if not funnel["count"].gt(0).any():
    st.info("No new contact was recorded, so there is no follow-through to show: this needs the contacts table "
            "(and the followups table for the later steps).")
    st.stop()
if by is not None:
    funnel["segment"] = funnel["segment"].map(lambda v: segment_label(v, by))
st.plotly_chart(plots.followthrough_funnel(funnel), width="stretch", config={"displayModeBar": False})
st.caption("Bars show the number per attendee at each step; the percentages (also in brackets below) are the share "
           "of new contacts that "
           "reached that step. A follow-up is an email, call, meeting or social message sent within 7 days of "
           "first meeting; a meeting is one held within 30 days.")

# one row per group and format, one column per step: per attendee, with the share of new contacts reaching it
wide = (funnel.assign(stage=funnel["stage"].astype(str))
        .set_index(["segment", "format", "attendees", "stage"])[["per_attendee", "share_of_first"]]
        .unstack("stage"))
shown = wide.index.to_frame(index=False).rename(columns={"segment": "group"})
shown["format"] = shown["format"].map(format_name)
for i, stage in enumerate(plots.FUNNEL_STAGES):
    per = wide[("per_attendee", stage)].to_numpy()
    if i == 0:
        shown[f"{stage} per attendee"] = [format_number(v) for v in per]
    else:
        share = wide[("share_of_first", stage)].to_numpy()
        shown[f"{stage} per attendee"] = [f"{format_number(v)} ({format_number(q, share=True)})"
                                          for v, q in zip(per, share)]
st.dataframe(shown, hide_index=True, width="stretch")

"""Follow-through: from new contact to follow-up within 7 days to a meeting within 30 days."""

from __future__ import annotations

import streamlit as st

import _state
from toolkit import plots

st.title("Did new contacts turn into follow-ups and meetings?")
folder, fp = _state.open_data()
table = _state.outcome_table(folder, fp)

segments = ["(everyone together)"] + _state.segment_columns(table, _state.event_data(folder, fp).settings)
choice = st.selectbox("Split attendees by", segments, index=1 if len(segments) > 1 else 0, key="funnel_by",
                      format_func=_state.segment_label)
by = None if choice == "(everyone together)" else choice

funnel = plots.followthrough_table(table, by=by)
if funnel.empty:
    st.info("No attendee was in a networking session, so there is no follow-through to show.")
    st.stop()
st.plotly_chart(plots.followthrough_funnel(funnel), width="stretch", config={"displayModeBar": False})
st.caption("Bars show the number per attendee at each step; the percentages are the share of new contacts that "
           "reached that step. A follow-up is an email, call, meeting or social message sent within 7 days of "
           "first meeting; a meeting is one held within 30 days.")

shown = funnel.assign(
    format=funnel["format"].map({"structured": "structured", "unstructured": "open mingling"}),
    per_attendee=funnel["per_attendee"].map(plots.format_number),
    share_of_first=funnel["share_of_first"].map(lambda v: plots.format_number(v, share=True)),
    count=funnel["count"].map(lambda v: plots.format_number(v, digits=0)),
).rename(columns={"segment": "group", "stage": "step", "count": "total", "per_attendee": "per attendee",
                  "share_of_first": "share of new contacts"})
st.dataframe(shown, hide_index=True, width="stretch")

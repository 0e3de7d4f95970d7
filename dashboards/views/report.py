"""Report: build the board report (HTML or PDF) from the open data and download it."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

import show
import state
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError
from toolkit.events import event_sequence
from toolkit.wording import MIN_GROUP_SIZE, column_label, outcome_label

st.title("Board report")
answer_box = st.empty()
st.write("A short report for the board: the event at a glance, which format worked for whom, the follow-through, "
         f"the suggestion for next time, and how sure we are. Groups of fewer than {MIN_GROUP_SIZE} people are not shown.")
folder, fp = state.open_data()
data = state.event_data(folder, fp)
table = state.outcome_table(folder, fp)

c1, c2, c3 = st.columns(3)
outcome = state.choose("outcome", "report_outcome", "Outcome", list(OUTCOMES), default="new_contacts", format_func=outcome_label,
                       container=c1)
by = state.choose("by", "report_by", "Attendee groups", state.segment_choices(folder, fp),
                  container=c2, format_func=column_label)
events = event_sequence(table, data)  # in time order
scope = c3.selectbox("Events", ["the whole season"] + events, key="report_event",
                     help="One event (set beside the one before it), or every event in the folder.")
event = None if scope == "the whole season" else scope

if st.button("Build the report", type="primary"):
    try:
        with st.spinner("Building the report and drawing its charts…"):
            html, pdf, chart_problem = state.board_report(folder, fp, outcome, by, event)
    except NetoutError as exc:
        st.error(state.shown(exc))
        st.stop()
    if chart_problem:
        state.board_report.clear()  # a report without its charts is not kept: the next press tries again
    st.session_state["report_files"] = (outcome, by, event, html, pdf, chart_problem)

files = st.session_state.get("report_files")
note = state.formats_note(folder, fp)
with answer_box.container():
    if files and files[:3] == (outcome, by, event):
        show.answer(f"The report for {scope} on {outcome_label(outcome)} by {column_label(by)} is ready: preview it "
                    "below, then download it as HTML or PDF.", note=note)
    else:
        show.answer(f"Press **Build the report** for a board report on {scope}: {outcome_label(outcome)} by "
                    f"{column_label(by)}; it is shown here before you download it.", note=note)
if files and files[:3] == (outcome, by, event):
    if files[5]:
        st.warning(f"The report was built without its charts. {state.shown(files[5])}")
    d1, d2 = st.columns(2)
    d1.download_button("Download the report (HTML)", files[3], file_name="board-report.html", mime="text/html")
    d2.download_button("Download the report (PDF)", files[4], file_name="board-report.pdf", mime="application/pdf")
    st.subheader("Preview")
    # the report as the board will read it, in a frame of its own (its styles do not touch the dashboard's)
    components.html(files[3].decode("utf-8"), height=900, scrolling=True)

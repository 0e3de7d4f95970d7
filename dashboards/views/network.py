"""Network: who met whom at one event or session."""

from __future__ import annotations

import streamlit as st

import state
from toolkit import plots
from toolkit.errors import NetoutError
from toolkit.events import event_sequence
from toolkit.wording import GLOSSARY, format_name

st.title("Who met whom")
folder, fp = state.open_data()
data = state.event_data(folder, fp)

events = event_sequence(state.outcome_table(folder, fp), data)  # in time order: the last is the latest
left, right = st.columns(2)
event = left.selectbox("Event", events, index=len(events) - 1, key="network_event")
sessions = data.sessions.loc[data.sessions["event_id"] == event]
WHOLE_EVENT = "(whole event)"  # a text option: None confuses Streamlit's choice boxes
labels = {WHOLE_EVENT: "the whole event"}
labels.update({sid: f"{sid} ({format_name(fmt)})" for sid, fmt in zip(sessions["session_id"], sessions["format"])})
# a large event is drawn one session at a time: start on its first session rather than on a refusal
too_big = state.people_in(folder, fp, event, None) > plots.MAX_NETWORK_NODES and len(labels) > 1
session = right.selectbox("Session", list(labels), index=1 if too_big else 0, format_func=labels.get,
                          key=f"network_session_{event}")
session = None if session == WHOLE_EVENT else session

people = state.people_in(folder, fp, event, session)
if people > plots.MAX_NETWORK_NODES:
    st.info(f"This {'session' if session else 'event'} has {people:,} people; the network picture is drawn for at most "
            f"{plots.MAX_NETWORK_NODES:,} people (beyond that it is an unreadable ball and slow to draw). "
            "Choose a single session, or a smaller event.")
    st.stop()
try:
    graph = state.contact_graph(folder, fp, event, session)
    fig = plots.network_figure(graph)
except NetoutError as exc:
    st.info(state.shown(exc))
    st.stop()
st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
st.caption(f"Each dot is a person, coloured by networking style; a line is an exchange of details. Dotted grey "
           f"lines join people who already knew each other (listed as known ties, or met at an earlier event "
           f"in this folder). Large dots with a black ring are **brokers**: "
           f"{GLOSSARY['broker']}. No names are shown.")
c1, c2 = st.columns(2)
c1.metric("People", f"{graph.number_of_nodes():,}")
c2.metric("Exchanges", f"{graph.number_of_edges():,}")

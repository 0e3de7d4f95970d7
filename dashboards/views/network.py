"""Network: how mixed each session was, who bridged groups, and (on request) the picture of who met whom."""

from __future__ import annotations

import streamlit as st

import show
import state
from toolkit import plots
from toolkit.errors import NetoutError
from toolkit.events import event_sequence
from toolkit.wording import GLOSSARY, MIN_GROUP_SIZE, column_label, format_name, format_number, mixing_answer

st.title("Did the sessions mix people?")
folder, fp = state.open_data()
data = state.event_data(folder, fp)
table = state.outcome_table(folder, fp)

events = event_sequence(table, data)  # in time order: the last is the latest
left, right = st.columns(2)
event = state.choose("event", "network_event", "Event", events, default=events[-1], container=left)
segments = state.segment_choices(folder, fp)
by = state.choose("by", "network_by", "Mixing between", segments, container=right, format_func=column_label,
                  help="Contacts between people of different groups of this kind count as mixing.")

mixing = state.session_mixing(folder, fp, event, by)
show.answer(mixing_answer(mixing, by=by, event=event), note=state.formats_note(folder, fp))
st.caption(f"**Mixed**: share of a session's contacts between two people whose {column_label(by)} differs (both "
           "known). A contact counts in a session as on the Overview: the session it names, else the one whose start "
           f"and end hold its time (all of a person's contacts where they were in one session only). **Linked industries**: {GLOSSARY['broker']}; counted for the event's top tenth. Sessions of "
           f"fewer than {MIN_GROUP_SIZE} people are not shown.")
rows = mixing.loc[mixing["people"] >= MIN_GROUP_SIZE]
shown = rows.assign(format=rows["format"].map(format_name),
                    mixed_share=rows["mixed_share"].map(lambda v: format_number(v, share=True)),
                    new_per_person=rows["new_per_person"].map(format_number))
shown = shown.rename(columns={"session_id": "session", "people": "people", "contacts": "contacts",
                              "mixed_share": "mixed", "new_per_person": "new contacts per person",
                              "bridgers": "people who linked industries"}).drop(columns=["bridger_share"])
show.table(shown, f"session-mixing-{event}", key="mixing_table")
st.caption("To mix people more at the next event, run more sessions like the most mixed one, or form small groups "
           "by lot on the **Next event** page (its plan spreads each group across the tables).")

with st.expander("The picture: who met whom"):
    sessions = data.sessions.loc[data.sessions["event_id"] == event]
    WHOLE_EVENT = "(whole event)"  # a text option: None confuses Streamlit's choice boxes
    labels = {WHOLE_EVENT: "the whole event"}
    labels.update({sid: f"{sid} ({format_name(fmt)})" for sid, fmt in zip(sessions["session_id"], sessions["format"])})
    too_big = state.people_in(folder, fp, event, None) > plots.MAX_NETWORK_NODES and len(labels) > 1
    session = st.selectbox("Session", list(labels), index=1 if too_big else 0, format_func=labels.get,
                           key=f"network_session_{event}")
    session = None if session == WHOLE_EVENT else session
    people = state.people_in(folder, fp, event, session)
    if people > plots.MAX_NETWORK_NODES:
        st.info(f"This {'session' if session else 'event'} has {people:,} people; the picture is drawn for at most "
                f"{plots.MAX_NETWORK_NODES:,} people. Choose a single session.")
    elif st.toggle("Draw it", key="network_draw", help="Drawing takes a few seconds on a large event."):
        try:
            graph = state.contact_graph(folder, fp, event, session, by)
            fig = plots.network_figure(graph, segment_attr=by)
        except NetoutError as exc:
            st.info(state.shown(exc))
        else:
            show.chart(fig, f"network-{event}", key="network_chart")
            st.caption(f"Each dot is a person, coloured by {column_label(by)}; a line is an exchange of details. "
                       "Dotted grey lines join people who already knew each other. Large dots with a black ring "
                       f"linked groups: {GLOSSARY['broker']}. No names are shown.")

"""Overview: the event at a glance, with the published reference values beside."""

from __future__ import annotations

import streamlit as st

import _state
from toolkit import plots
from toolkit.contract import REFERENCE_VALUES

st.title("The event at a glance")
folder, fp = _state.open_data()
summary = _state.event_summary(folder, fp)

events = summary["event_id"].astype(str).tolist()
if len(events) > 1:
    event = st.selectbox("Event", events, index=len(events) - 1,
                         help="The figures below are for this event; the chart compares all events.")
else:
    event = events[0]
row = summary.loc[summary["event_id"].astype(str) == event].iloc[0]


def _value(column: str):
    return row[column] if column in row.index else None


def _sessions(fmt: str) -> str:
    for column in (f"sessions_{fmt}", f"n_sessions_{fmt}", f"{fmt}_sessions"):
        if column in row.index:
            return plots.format_number(row[column], digits=0)
    return "–"


top = st.columns(3)
top[0].metric("Attendees", plots.format_number(_value("attendees"), digits=0))
top[1].metric("Structured sessions", _sessions("structured"),
              help="A facilitator forms small groups and sets a task or topic.")
top[2].metric("Open-mingling sessions", _sessions("unstructured"),
              help="Unstructured networking: people mingle freely.")

ref_known = REFERENCE_VALUES["familiar_share"]
ref_contacts = REFERENCE_VALUES["contacts"]
cols = st.columns(5)
cols[0].metric("Contacts / person", plots.format_number(_value("mean_contacts")),
               help=f"{plots.outcome_help('contacts')}. Published reference: about "
                    f"{plots.format_number(ref_contacts['value'])} ({ref_contacts['source']}).")
cols[1].metric("New contacts / person", plots.format_number(_value("mean_new_contacts")),
               help=plots.outcome_help("new_contacts"))
cols[2].metric("Spectators", plots.format_number(_value("spectator_share"), share=True),
               help="Share of attendees who made no new contact at all.")
cols[3].metric("Already known", plots.format_number(_value("familiar_share"), share=True),
               help=f"{plots.outcome_help('familiar_share')}. Published reference: about "
                    f"{plots.format_number(ref_known['value'], share=True)} ({ref_known['source']}).")
cols[4].metric("Followed up in 7 days", plots.format_number(_value("followup_rate_7d"), share=True),
               help=plots.outcome_help("followup_rate_7d"))

st.plotly_chart(plots.overview_figure(summary), width="stretch", config={"displayModeBar": False})
st.caption(
    "Dashed red lines are published reference values: "
    + "; ".join(f"{plots.outcome_label(k)} about "
                f"{plots.format_number(v['value'], outcome=k, digits=0 if float(v['value']).is_integer() else None)}"
                f" ({v['source']})"
                for k, v in REFERENCE_VALUES.items())
    + ". They come from other events and are a rough yardstick, not a target."
)

# while the person reads this page, prepare the comparison and the advice of the other pages
_state.warm_up(folder, fp)

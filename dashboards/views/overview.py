"""Overview: the event at a glance, with the published reference values beside."""

from __future__ import annotations

import streamlit as st

import state
from toolkit import plots
from toolkit.catalogue import KEY_FIGURES, OUTCOME_CATALOGUE
from toolkit.contract import REFERENCE_VALUES
from toolkit.wording import format_number, outcome_help, outcome_label, outcome_title

st.title("The event at a glance")
folder, fp = state.open_data()
summary = state.event_summary(folder, fp)

events = summary["event_id"].astype(str).tolist()  # in time order: the last is the latest
if len(events) > 1:
    event = st.selectbox("Event", events, index=len(events) - 1, key="overview_event",
                         help="The figures below are for this event; the chart compares all events.")
else:
    event = events[0]
row = summary.loc[summary["event_id"].astype(str) == event].iloc[0]


def _value(column: str):
    return row[column] if column in row.index else None


def _sessions(fmt: str) -> str:
    for column in (f"sessions_{fmt}", f"n_sessions_{fmt}", f"{fmt}_sessions"):
        if column in row.index:
            return format_number(row[column], digits=0)
    return "–"


def _help(outcome: str) -> str:
    """The outcome's explanation, with the published reference value where there is one."""
    text = outcome_help(outcome)
    reference = REFERENCE_VALUES.get(outcome)
    if reference:
        text += (f". Published reference: about {format_number(reference['value'], outcome=outcome, digits=0)} "
                 f"({reference['source']})")
    return text + "."


top = st.columns(3)
top[0].metric("Attendees", format_number(_value("attendees"), digits=0))
top[1].metric("Structured sessions", _sessions("structured"),
              help="A facilitator forms small groups and sets a task or topic.")
top[2].metric("Open-mingling sessions", _sessions("unstructured"),
              help="Unstructured networking: people mingle freely.")

cols = st.columns(len(KEY_FIGURES))
for column, outcome in zip(cols, KEY_FIGURES):
    column.metric(outcome_title(outcome),
                  format_number(_value(OUTCOME_CATALOGUE[outcome].summary_column), outcome=outcome),
                  help=_help(outcome))

st.plotly_chart(plots.overview_figure(summary), width="stretch", config={"displayModeBar": False})
st.caption(
    "Dashed red lines are published reference values: "
    + "; ".join(f"{outcome_label(k)} about "
                f"{format_number(v['value'], outcome=k, digits=0 if float(v['value']).is_integer() else None)}"
                f" ({v['source']})"
                for k, v in REFERENCE_VALUES.items())
    + ". They come from other events and are a rough yardstick, not a target."
)

# while the person reads this page, prepare the comparison and the advice of the other pages
state.warm_up(folder, fp)

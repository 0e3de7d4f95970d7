"""Overview: the event at a glance, what changed since the event before, and two events side by side."""

from __future__ import annotations

import streamlit as st

import show
import state
from toolkit import plots
from toolkit.catalogue import KEY_FIGURES, OUTCOME_CATALOGUE
from toolkit.contract import REFERENCE_VALUES
from toolkit.wording import change_since, format_number, outcome_help, outcome_label, outcome_title, overview_answer

st.title("The event at a glance")
folder, fp = state.open_data()
summary = state.event_summary(folder, fp)

events = summary["event_id"].astype(str).tolist()  # in time order: the last is the latest
left, right = st.columns(2)
event = state.choose("event", "overview_event", "Event", events, default=events[-1], container=left,
                     help="The figures below are for this event; the chart compares all events.")
show.answer(overview_answer(summary, event))

earlier = [e for e in events if e != event]
NOBODY = "(no other event)"
versus = right.selectbox("Side by side with", [NOBODY] + earlier, key="overview_versus",
                         help="Another event's figures beside this one's (the change since the event before "
                              "is shown either way).")


def _figures(event_id: str):
    row = summary.loc[summary["event_id"].astype(str) == event_id].iloc[0]
    return row


def _help(outcome: str) -> str:
    """The outcome's explanation, with the published reference value where there is one."""
    text = outcome_help(outcome)
    reference = REFERENCE_VALUES.get(outcome)
    if reference:
        text += (f". Published reference: about {format_number(reference['value'], outcome=outcome, digits=0)} "
                 f"({reference['source']})")
    return text + "."


def _metrics(event_id: str, container, *, deltas: bool) -> None:
    row = _figures(event_id)
    container.metric("Attendees", format_number(row.get("attendees"), digits=0),
                     delta=change_since(summary, event_id, "attendees") if deltas else None)
    sessions = (f"{format_number(row.get('sessions_structured'), digits=0)} structured · "
                f"{format_number(row.get('sessions_unstructured'), digits=0)} open")
    container.metric("Sessions", sessions, help="Structured: a facilitator forms small groups and sets a task. "
                                                "Open: people mingle freely.")
    for outcome in KEY_FIGURES:
        column = OUTCOME_CATALOGUE[outcome].summary_column
        better_lower = bool(getattr(OUTCOME_CATALOGUE[outcome], "better_when_lower", False))
        container.metric(outcome_title(outcome), format_number(row.get(column), outcome=outcome),
                         delta=change_since(summary, event_id, column, outcome=outcome) if deltas else None,
                         delta_color="inverse" if better_lower else "normal", help=_help(outcome))


if versus == NOBODY:
    grid = st.columns(len(KEY_FIGURES) + 2)
    row = _figures(event)
    grid[0].metric("Attendees", format_number(row.get("attendees"), digits=0),
                   delta=change_since(summary, event, "attendees"))
    grid[1].metric("Sessions", f"{format_number(row.get('sessions_structured'), digits=0)} structured · "
                               f"{format_number(row.get('sessions_unstructured'), digits=0)} open")
    for box, outcome in zip(grid[2:], KEY_FIGURES):
        column = OUTCOME_CATALOGUE[outcome].summary_column
        lower = bool(getattr(OUTCOME_CATALOGUE[outcome], "better_when_lower", False))
        box.metric(outcome_title(outcome), format_number(row.get(column), outcome=outcome),
                   delta=change_since(summary, event, column, outcome=outcome),
                   delta_color="inverse" if lower else "normal", help=_help(outcome))
else:
    first, second = st.columns(2)
    first.subheader(event)
    _metrics(event, first, deltas=True)
    second.subheader(versus)
    _metrics(versus, second, deltas=True)
st.caption("The small coloured figures are the change since the event before.")

show.chart(plots.overview_figure(summary), "event-figures", key="overview_chart")
st.caption(
    "Dashed red lines are published reference values: "
    + "; ".join(f"{outcome_label(k)} about "
                f"{format_number(v['value'], outcome=k, digits=0 if float(v['value']).is_integer() else None)}"
                f" ({v['source']})"
                for k, v in REFERENCE_VALUES.items())
    + ". They come from other events and are a rough yardstick, not a target."
)
shown = summary[["event_id", "attendees", *[OUTCOME_CATALOGUE[o].summary_column for o in KEY_FIGURES
                                          if OUTCOME_CATALOGUE[o].summary_column in summary.columns]]]
with st.expander("The figures as a table"):
    show.table(shown.rename(columns={OUTCOME_CATALOGUE[o].summary_column: outcome_title(o) for o in KEY_FIGURES}
                            | {"event_id": "event"}), "event-figures", key="overview_table")

# while the person reads this page, prepare the comparison and the advice of the other pages
state.warm_up(folder, fp)

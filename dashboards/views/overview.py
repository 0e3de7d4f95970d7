"""Overview: the event at a glance, the headline answer, what changed since the event before, two events side by side."""

from __future__ import annotations

import streamlit as st

import show
import state
from toolkit.catalogue import KEY_FIGURES, OUTCOME_CATALOGUE
from toolkit.contract import OUTCOMES, REFERENCE_VALUES
from toolkit.errors import NetoutError
from toolkit.wording import (
    MIN_GROUP_SIZE,
    certainty,
    change_since,
    column_label,
    format_number,
    outcome_help,
    outcome_label,
    outcome_title,
    overview_answer,
    recommendation_answer,
)

st.title("The event at a glance")
folder, fp = state.open_data()
summary = state.event_summary(folder, fp)
# the published values that fit how this folder's contacts were recorded (none of sensors' ~40 beside badge scans)
references = summary.attrs.get("references", REFERENCE_VALUES)
survey = state.survey_summary(folder, fp, MIN_GROUP_SIZE)

events = summary["event_id"].astype(str).tolist()  # in time order: the last is the latest
one_format = state.formats_note(folder, fp)
NOBODY = "none: this event alone"  # not "(no other event)": read as "there is no other event"
PER_ROW = 5
# The headline advice waits for the comparison, so on a whole-page run it is filled last (the charts and the
# table do not wait for it); on the event part's own rerun (a fragment) the page's end does not run, so the
# part fills it itself. "whole" is True from here to the page's end, and stays False between runs.
headline = {"box": None, "whole": True}


def _help(outcome: str) -> str:
    """The outcome's explanation, with the published reference value where there is one."""
    text = outcome_help(outcome)
    reference = references.get(outcome)
    if reference:
        text += (f". Published reference: about {format_number(reference['value'], outcome=outcome, digits=0)} "
                 f"({reference['source']})")
    return text + "."


def _figures(event_id: str) -> list[dict]:
    """The event's key figures as metric arguments, each with its change since the event before."""
    row = summary.loc[summary["event_id"].astype(str) == event_id].iloc[0]
    said = survey.loc[survey["event_id"].astype(str) == event_id].iloc[0]
    figures = [
        dict(label="Attendees", value=format_number(row.get("attendees"), digits=0),
             delta=change_since(summary, event_id, "attendees")),
        dict(label="Structured sessions", value=format_number(row.get("sessions_structured"), digits=0),
             help="A facilitator forms small groups and sets a task."),
        dict(label="Open mingling sessions", value=format_number(row.get("sessions_unstructured"), digits=0),
             help="People mingle freely."),
        dict(label="Satisfaction (1-5)", value=format_number(said["mean_satisfaction"]),
             delta=change_since(survey, event_id, "mean_satisfaction", outcome="satisfaction"),
             help=f"Mean answer to the survey's satisfaction question ({said['satisfaction_answers']:,} answers; "
                  f"none shown under {MIN_GROUP_SIZE})."),
        dict(label="Net promoter score", value=format_number(said["net_promoter_score"], digits=0),
             delta=change_since(survey, event_id, "net_promoter_score"),
             help="Of those who answered the 0-10 question whether they would recommend the event: the percentage "
                  f"answering 9 or 10 minus the percentage answering 0 to 6, from -100 to 100 "
                  f"({said['nps_answers']:,} answers)."),
    ]
    for outcome in KEY_FIGURES:
        column = OUTCOME_CATALOGUE[outcome].summary_column
        lower = OUTCOME_CATALOGUE[outcome].better_when_lower
        figures.append(dict(label=outcome_title(outcome), value=format_number(row.get(column), outcome=outcome),
                            delta=change_since(summary, event_id, column, outcome=outcome),
                            delta_color="inverse" if lower else "normal", help=_help(outcome)))
    return figures


def _headline(headline_box) -> None:
    """What to run next time, in the one voice of certainty, for the outcome and grouping chosen on any page.

    Not about the event chosen, yet drawn in its part of the page (under the answer): a fragment draws only
    inside itself. Cached, so an event change finds it at once.
    """
    if one_format:  # the answer above already says the formats cannot be compared and what to do
        return
    chosen = st.session_state.get(state.CHOICES_KEY, {})
    outcome = chosen.get("outcome", st.query_params.get("outcome"))
    outcome = outcome if outcome in OUTCOMES else "new_contacts"
    segments = state.segment_choices(folder, fp)
    by = chosen.get("by", st.query_params.get("by"))
    # the first grouping offered, as every page opens on (toolkit.default_grouping): style only where it is known
    by = by if by in segments else (segments or [None])[0]
    if by is None:
        return
    groups, shares = state.latest_mix(folder, fp, by)
    if not groups:
        return
    try:
        advice = state.recommendation(folder, fp, outcome, by, state.start_mix(shares), 0.0, 0.0)
    except NetoutError:
        return  # the Next event page says why, with a control to choose another outcome
    sure = certainty(advice)
    more = "" if sure.state == "clear" else " The **Next event** page says what would settle it."
    with headline_box.container():
        show.answer(f"Next time ({outcome_label(outcome)}, by {column_label(by)}): {recommendation_answer(advice)}"
                    f"{more}", state_label=sure.label, kind="headline")


# Choosing another event (or one side by side) changes only this part, which reruns alone (a fragment):
# the charts, the table and the rest of the page stay as they are, on the server and in the browser.
@st.fragment
def event_part() -> None:
    """The chosen event's answer, the headline advice and the key figures; reruns alone on a new choice."""
    try:
        _event_part()
    except Exception as exc:  # noqa: BLE001 - a fragment's own rerun is outside the page's guard in app.py
        state.show_failure("the Overview's figures", exc)


def _event_part() -> None:
    left, right = st.columns(2)
    event = state.choose("event", "overview_event", "Event", events, default=events[-1], container=left,
                         help="The figures below are for this event; the chart compares all events.")
    show.answer(overview_answer(summary, event), note=one_format)
    headline["box"] = st.empty()  # the headline advice: the figures do not wait for the comparison
    earlier = [e for e in events if e != event]
    versus = right.selectbox("Side by side with", [NOBODY] + earlier, key="overview_versus",
                             help="Another event's figures beside this one's (the change since the event before "
                                  "is shown either way).")
    shown_figures = []
    if versus == NOBODY:
        figures = _figures(event)
        shown_figures += figures
        for start in range(0, len(figures), PER_ROW):
            for box, figure in zip(st.columns(PER_ROW), figures[start:start + PER_ROW]):
                box.metric(**figure)
    else:
        for column, event_id in zip(st.columns(2), (event, versus)):
            column.subheader(event_id)
            for figure in _figures(event_id):
                shown_figures.append(figure)
                column.metric(**figure)
    if any(figure.get("delta") for figure in shown_figures):  # a first event has no change to explain
        st.caption("The small coloured figures are the change since the event before.")
    if not headline["whole"]:
        _headline(headline["box"])


event_part()

# the chart: five panels in a row on a wide screen, two to a row on a phone (the CSS shows one of the two),
# built once per folder (choosing another event or a side-by-side one does not change them). A fresh browser
# gets them a moment after the answer and the figures (show.charts_after_first_view), and plotly is imported
# only then, which a fresh server's first visitor sees.


def _charts() -> None:
    from toolkit import plots

    with st.container(key="wide_only"):
        show.chart(state.figure("overview", (folder, fp), lambda: plots.overview_figure(summary)),
                   "event-figures", key="overview_chart")
    with st.container(key="narrow_only"):
        show.chart(state.figure("overview-phone", (folder, fp), lambda: plots.overview_figure(summary, columns=2)),
                   "event-figures-phone", key="overview_chart_phone")


# the placeholders are as tall as the charts will be (plots.overview_figure's height plus show.chart's toolbar room)
show.charts_after_first_view(_charts, heights={"wide_only": 360 + 28, "narrow_only": 100 + 230 * 3 + 28},
                             after=(".netout-answer", "[data-testid=stMetric]"), key="overview_charts")
st.caption(
    "Dashed red lines are published reference values: "
    + "; ".join(f"{outcome_label(k)} about "
                f"{format_number(v['value'], outcome=k, digits=0 if float(v['value']).is_integer() else None)}"
                f" ({v['source']})"
                for k, v in references.items())
    + ". They come from other events and are a rough yardstick, not a target."
    + ("" if "contacts" in references else " The published figure of about 40 contacts per attendee counts brief "
       "face-to-face contacts recorded by sensors, so it is not drawn beside badge scans and exchanges of details.")
)
shown = summary[["event_id", "attendees", *[OUTCOME_CATALOGUE[o].summary_column for o in KEY_FIGURES
                                          if OUTCOME_CATALOGUE[o].summary_column in summary.columns]]]
shown = shown.merge(survey[["event_id", "mean_satisfaction", "net_promoter_score"]], on="event_id", how="left")
# drawn only while open: the data grid's JavaScript (1.5 MB) would otherwise load with the first view
table_box = st.expander("The figures as a table", key="overview_table_open", on_change="rerun")
if table_box.open:
    with table_box:
        show.table(shown.rename(columns={OUTCOME_CATALOGUE[o].summary_column: outcome_title(o) for o in KEY_FIGURES}
                                | {"event_id": "event", "mean_satisfaction": "Satisfaction (1-5)",
                                   "net_promoter_score": "Net promoter score"}), "event-figures", key="overview_table")

_headline(headline["box"])
headline["whole"] = False

# while the person reads this page, prepare the comparison and the advice of the other pages
state.warm_up(folder, fp)

"""Next event: which format to run, given the expected mix of attendees; and how to find out when unsure."""

from __future__ import annotations

import hashlib

import streamlit as st

import show
import state
from toolkit import plots
from toolkit.catalogue import usual_min_difference
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError
from toolkit.operational import NameBook, names_in_archive
from toolkit.wording import (
    GLOSSARY,
    MIN_GROUP_SIZE,
    PER_SESSION_EXPECTED,
    SHARE_OUTCOMES,
    expected_left_out_sentence,
    expected_per_session,
    certainty,
    column_label,
    recommendation_answer,
    sample_size_figure,
    format_name,
    format_number,
    outcome_label,
    segment_label,
    segment_people,
)

st.title("What to run at the next event")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

c1, c2 = st.columns(2)
outcome = state.choose("outcome", "next_outcome", "What should the networking achieve?", list(OUTCOMES), default="new_contacts",
                       format_func=outcome_label, container=c1)
by = state.choose("by", "next_by", "Attendee groups", state.segment_choices(folder, fp),
                  container=c2, format_func=column_label)
groups, observed = state.latest_mix(folder, fp, by)
if not groups:
    show.answer("There is nothing to suggest yet: no attendee group has been in a networking session. Run both "
                "formats at the next event, assigned by lot.")
    st.stop()


def _share_label(group: str) -> str:
    """Input label: "Reserved attendees", "Attendees whose industry is retail"."""
    words = segment_people(group, by)
    return words[0].upper() + words[1:]


def _mix_inputs() -> tuple[tuple[tuple[str, float], ...], list[int]] | None:
    """The expected mix as entered: the shares shown are the shares used (they add up to 100%), or None."""
    starts = [state.share_percent(observed[g]) for g in groups]
    if len(groups) == 2:
        first = st.slider(f"{_share_label(groups[0])} (%)", 0, 100, starts[0], step=1, format="%d%%",
                          key=f"mix_{by}", help=f"The rest are {segment_people(groups[1], by)}. The last event had "
                                                f"{format_number(observed[groups[0]], share=True)}.")
        percents = [first, 100 - first]
    else:
        cols = st.columns(min(len(groups) - 1, 3) or 1)
        entered = [cols[i % len(cols)].slider(f"{_share_label(g)} (%)", 0, 100, starts[i], step=1, format="%d%%",
                                              key=f"mix_{by}_{g}",
                                              help=f"The last event had {format_number(observed[g], share=True)}.")
                   for i, g in enumerate(groups[:-1])]
        rest = 100 - sum(entered)
        if rest < 0:
            st.error(f"These shares add up to {sum(entered)}%: lower one so that they add up to 100% at most (the "
                     f"{segment_people(groups[-1], by)} take what is left).")
            return None
        percents = entered + [rest]
    st.caption("Mix used: " + " · ".join(f"{segment_label(g, by)} **{p}%**" for g, p in zip(groups, percents))
               + " (the last group takes what is left; the inputs start at the last event's mix).")
    return state.entered_mix(groups, percents, start=observed), percents


# Only this part reruns when an input moves (a fragment): the outcome table, the choices above and the
# effect fit are not touched again, so a new mix costs little more than the recommendation's arithmetic.
@st.fragment
def advise() -> None:
    # a fragment's rerun does not pass through app.py: the same plain message here if anything fails
    try:
        _advise()
    except Exception as exc:  # noqa: BLE001 - st.stop and st.rerun are BaseExceptions and pass through
        state.show_failure("the Next event advice", exc)


def _costs() -> tuple[float, float]:
    """Facilitation cost and the smallest difference worth acting on, asked in money and in the outcome's unit."""
    share = outcome in SHARE_OUTCOMES
    unit = "percentage points" if share else outcome_label(outcome)
    c3, c4, c5 = st.columns(3)
    # any currency: only the cost divided by the worth is used, so the two need only share one (a UK chamber
    # was asked for euros)
    money = c3.number_input("Facilitator cost per attendee (in your currency)", 0.0, 1000.0, 0.0, step=1.0,
                            key="next_cost_money",
                            help="What running structured sessions costs per attendee, over open mingling, in "
                                 "pounds, euros, dollars...: the same currency as the next box.")
    worth = c4.number_input(f"What 1 {'percentage point' if share else 'more ' + outcome_label(outcome)} is "
                            "worth to you (same currency)", 0.1, 10000.0, 10.0, step=1.0, key=f"next_worth_{outcome}",
                            help="Turns the cost into the outcome's unit: structured must beat open mingling by "
                                 "at least the cost divided by this.")
    smallest = c5.number_input(f"Smallest difference worth acting on ({unit})", 0.0, 100.0 if share else 10.0, 0.0,
                               step=1.0 if share else 0.1, key=f"next_min_{outcome}",
                               help=GLOSSARY["smallest difference worth acting on"].capitalize() + ". At 0 "
                                    "every advantage counts, and the next event is sized for this outcome's usual "
                                    f"smallest difference, {_usual_smallest(outcome, share)} {unit}.")
    cost = money / worth
    if share:  # the library works in shares (0-1); people think in percentage points
        cost, smallest = cost / 100, smallest / 100
    return float(cost), float(smallest)


def _usual_smallest(name: str, share: bool) -> str:
    """The outcome's usual smallest difference worth acting on, in the unit the input asks in."""
    value = usual_min_difference(name)
    if value is None:
        return "a default"
    return format_number(value * 100 if share else value)


def _advise() -> None:
    state.stop_working_ahead()  # a slider step wins over the work ahead of it
    # the answer goes first; it is known once the mix below is read (a fragment writes only inside itself)
    answer_box = st.empty()
    st.subheader("Who do you expect?")
    entered = _mix_inputs()
    if entered is None:
        st.stop()
    mix, percents = entered
    if not mix:
        st.info("Give at least one group a share above 0%.")
        st.stop()
    cost, min_difference = _costs()
    try:
        rec = state.recommendation(folder, fp, outcome, by, mix, cost, min_difference)
    except NetoutError as exc:
        with answer_box.container():
            show.answer(f"{state.shown(exc)} Choose another outcome above.")
        st.stop()

    sure = certainty(rec)
    with answer_box.container():
        # the certainty label leads, the answer follows in the same voice, then what to do about it
        show.answer(f"{recommendation_answer(rec)} {sure.sentence}", state_label=sure.label)
    with st.expander("Why, in detail"):
        st.markdown("\n".join(f"- {sentence}" for sentence in rec.rationale))
        st.caption(f"Chance this option is best: {GLOSSARY['chance best']} "
                   f"({format_number(rec.probability_best, share=True)} here). Confident: {GLOSSARY['confident']}.")
    try:
        figure = plots.expected_outcome_figure(rec.expected, outcome=outcome, certainty=sure)
    except NetoutError:  # no option has an expected value for these groups (none was in both formats)
        st.info("There is no expected outcome to draw for these groups: none of them has yet been seen in both "
                f"formats with at least {MIN_GROUP_SIZE} people in each.")
    else:
        show.chart(figure, f"next-event-{outcome}", key="next_chart")
        if rec.expected_left_out:
            st.caption(expected_left_out_sentence(rec.expected_left_out))
        if expected_per_session(rec):
            st.caption(PER_SESSION_EXPECTED)

    if sure.state != "clear":
        _find_out(rec)
    # last, once the answer is on its way: the next slider step, either way, is then already worked out
    state.work_ahead_of_the_mix(folder, fp, outcome, by, groups, percents, start=observed, cost=cost,
                                min_difference=min_difference)


def _find_out(rec) -> None:
    st.subheader("Find out at the next event")
    figure = sample_size_figure(rec)
    if figure:
        st.write(f"To settle it, a side-by-side run needs **{figure}**, assigned by lot. "
                 f"Randomised: {GLOSSARY['randomised']}.")
    if getattr(rec, "next_step", ""):
        # the command-line tool named in the library's sentence is this page's plan below
        st.write(rec.next_step.replace(" (netout plan)", " (the plan below)"))
    st.write("Upload the next event's registrations (a CSV with `attendee_id` and, if you have them, industry and "
             "networking style), or try the plan on this event's attendee list.")
    upload = st.file_uploader("Registrations (CSV)", type=["csv"], key="registrations")
    registrations = state.checked_upload(upload) if upload else None
    if upload and registrations is None:
        st.stop()
    try:
        counts, archive = state.next_event_plan(folder, fp, by, registrations)
    except NetoutError as exc:
        st.error(state.shown(exc))
        st.stop()
    source = "the uploaded registrations" if upload else "this event's attendee list (as a trial)"
    st.write(f"Randomised plan for {source}: "
             + ", ".join(f"{n:,} attendees in {format_name(fmt)}" for fmt, n in counts.items()) + ".")
    st.download_button("Download the plan (assignment and group rosters, zip)", archive,
                       file_name="next_event_plan.zip", mime="application/zip",
                       help="People appear by code only (no names or emails), so this file can be shared.")
    names_for_the_team(upload, registrations, archive)


def names_for_the_team(upload, registrations: bytes | None, archive: bytes) -> None:
    """The plan with names and emails: only behind the password, only from uploaded registrations, only on request."""
    if not upload or registrations is None:
        return
    if not state.names_allowed():
        st.caption("The plan above has codes, not names. A copy with names and emails for the event team is offered "
                   "only when the dashboard is protected by a password.")
        return
    digest = hashlib.sha256(registrations).hexdigest()
    if st.button("Add names and emails to the plan (personal data)", key="plan_names",
                 help="Takes the names and emails from the registrations you uploaded. The file says on its first "
                      "line that it holds personal data."):
        st.session_state["plan_names_for"] = digest
    if st.session_state.get("plan_names_for") == digest:
        try:
            # the names come from the upload at this moment, matched on the plan's pseudonyms (the one rule)
            named = names_in_archive(archive, NameBook.from_registrations(registrations, name=upload.name))
        except NetoutError as exc:
            st.error(state.shown(exc))
            return
        st.warning("This file holds **personal data** (names and emails): keep it private, share it only with the "
                   "event team, and delete it after the event.")
        st.download_button("Download the plan WITH NAMES AND EMAILS (personal data, zip)", named,
                           file_name="next_event_plan_WITH_NAMES.zip", mime="application/zip",
                           key="plan_names_download")


advise()

"""Next event: which format to run, given the expected mix of attendees; and how to find out when unsure."""

from __future__ import annotations

import hashlib

import streamlit as st

import state
from toolkit import plots
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError
from toolkit.wording import (
    GLOSSARY,
    SHARE_OUTCOMES,
    column_label,
    format_number,
    outcome_label,
    segment_label,
    segment_people,
)

st.title("What to run at the next event")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

c1, c2 = st.columns(2)
outcome = c1.selectbox("What should the networking achieve?", list(OUTCOMES),
                       index=list(OUTCOMES).index("new_contacts"), format_func=outcome_label,
                       key="next_outcome")
by = c2.selectbox("Attendee groups", state.segment_columns(table, state.event_data(folder, fp).settings), key="next_by",
                  format_func=column_label)

groups, observed = state.latest_mix(folder, fp, by)
if not groups:
    st.info("No attendee group has been in a networking session, so there is nothing to suggest yet.")
    st.stop()

def _share_label(group: str) -> str:
    """Slider label: "Share of reserved attendees", "Share of attendees whose industry is retail"."""
    return f"Share of {segment_people(group, by)}"


# Only this part reruns when a slider moves (a fragment): the outcome table, the choices above and the
# effect fit are not touched again, so a new mix costs little more than the recommendation's arithmetic.
@st.fragment
def advise() -> None:
    # a fragment's rerun does not pass through app.py: the same plain message here if anything fails
    try:
        _advise()
    except Exception as exc:  # noqa: BLE001 - st.stop and st.rerun are BaseExceptions and pass through
        state.show_failure("the Next event advice", exc)


def _advise() -> None:
    st.subheader("Who do you expect?")
    if len(groups) == 2:
        first = st.slider(_share_label(groups[0]), 0, 100, state.slider_start(observed[groups[0]]), step=5,
                          format="%d%%", key=f"mix_{by}",
                          help=f"The rest ({segment_people(groups[1], by)}) make up the other share. The last event had "
                               f"{format_number(observed[groups[0]], share=True)}.")
        mix = state.slider_mix(groups, [first], start=observed)
        st.caption(f"{segment_label(groups[0], by)}: {first}% · {segment_label(groups[1], by)}: {100 - first}%")
    else:
        cols = st.columns(min(len(groups), 4) or 1)
        raw = {g: cols[i % len(cols)].slider(_share_label(g), 0, 100, state.slider_start(observed[g]), step=5,
                                             format="%d%%", key=f"mix_{by}_{g}",
                                             help="The last event had "
                                                  f"{format_number(observed[g], share=True)}.")
               for i, g in enumerate(groups)}
        mix = state.slider_mix(groups, [raw[g] for g in groups], start=observed)
        st.caption("The sliders start at the last event's mix of attendees in networking sessions. "
                   "Shares are rescaled to add up to 100%.")

    if not mix:
        st.info("Give at least one group a share above 0%.")
        st.stop()

    share = outcome in SHARE_OUTCOMES
    c3, c4 = st.columns(2)
    unit = "percentage points" if share else outcome_label(outcome)
    cost = c3.slider(f"Facilitation cost per attendee ({unit})", 0.0, 20.0 if share else 2.0, 0.0,
                     step=1.0 if share else 0.1, key=f"next_cost_{'pp' if share else 'units'}",
                     help="What a facilitator costs, in the unit of the outcome: structured networking must beat open "
                          "mingling by at least this much to be worth it.")
    min_difference = c4.slider(f"Smallest difference worth acting on ({unit})", 0.0, 20.0 if share else 3.0, 0.0,
                               step=1.0 if share else 0.1, key=f"next_min_{'pp' if share else 'units'}",
                               help=GLOSSARY["smallest difference worth acting on"].capitalize() + ".")
    if share:  # the library works in shares (0-1); people think in percentage points
        cost, min_difference = cost / 100, min_difference / 100

    try:
        rec = state.recommendation(folder, fp, outcome, by, mix, float(cost),
                                    float(min_difference))
    except NetoutError as exc:
        st.info(f"{state.shown(exc)} Choose another outcome above.")
        st.stop()

    names = {"structured": "structured networking", "unstructured": "open mingling",
             "split": "a split: each group in its better format, in parallel rooms"}
    chance = format_number(rec.probability_best, share=True)
    headline = f"Suggested: **{names.get(rec.recommended, rec.recommended)}**"
    if rec.confident:
        st.success(f"{headline}; the evidence supports acting on it (chance this option is best (estimate): "
                   f"{chance}).", icon=":material/check_circle:")
    else:
        st.warning(f"{headline}, but the evidence is not yet conclusive (chance this option is best (estimate): "
                   f"{chance}); the reasons below say where it is unsure.",
                   icon=":material/help:")
    st.caption(f"Chance this option is best: {GLOSSARY['chance best']}. Confident: {GLOSSARY['confident']}.")
    st.markdown("\n".join(f"- {sentence}" for sentence in rec.rationale))
    try:
        figure = plots.expected_outcome_figure(rec.expected, recommended=rec.recommended, outcome=outcome)
    except NetoutError:  # no option has an expected value for these groups (none was in both formats)
        st.info("There is no expected outcome to draw for these groups: none of them has been in both formats yet.")
    else:
        st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})

    if not rec.confident:
        st.subheader("Find out at the next event")
        needed = rec.needed_per_arm or {}
        if needed:
            parts = [f"**{format_number(n, digits=0)} {segment_label(group, by)}**" for group, n in needed.items()]
            st.write(f"To tell the formats apart, about {' and '.join(parts)} attendees are needed **in each format**, "
                     f"assigned by lot. Randomised: {GLOSSARY['randomised']}.")
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
                 + ", ".join(f"{n:,} attendees in {fmt}" for fmt, n in counts.items()) + ".")
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
            contacts = state.registration_contacts(registrations, name=upload.name)
        except NetoutError as exc:
            st.error(state.shown(exc))
            return
        st.warning("This file holds **personal data** (names and emails): keep it private, share it only with the "
                   "event team, and delete it after the event.")
        st.download_button("Download the plan WITH NAMES AND EMAILS (personal data, zip)",
                           state.plan_with_names(archive, contacts), file_name="next_event_plan_WITH_NAMES.zip",
                           mime="application/zip", key="plan_names_download")


advise()

"""Formats by segment: did structured networking do better than open mingling, and for whom?"""

from __future__ import annotations

import streamlit as st

import show
import state
from toolkit import plots
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError
from toolkit.wording import (
    GLOSSARY,
    MIN_GROUP_SIZE,
    column_label,
    comparison_answer,
    describe_effects,
    effect_certainty,
    format_name,
    group_cautions,
    outcome_help,
    outcome_label,
    segment_label,
    shown_groups,
)

st.title("Structured or open mingling: for whom did it work?")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

left, right = st.columns(2)
outcome = state.choose("outcome", "formats_outcome", "Outcome", list(OUTCOMES), default="new_contacts", format_func=outcome_label,
                       container=left, help="What to compare; each is worked out per attendee.")
segments = state.segment_choices(folder, fp)
by = state.choose("by", "formats_by", "Split attendees by", segments, container=right, format_func=column_label,
                  help="Each group of attendees gets its own comparison.")
weighted = st.checkbox("Weight the survey answers by who answered", key="formats_weighted",
                       help="Survey outcomes only: answers count more for the kind of attendee who answered less "
                            "often, so that the answers speak for everyone.")

one_format = state.formats_note(folder, fp)
if one_format:  # the plain reason, rather than "no group large enough" of a comparison that cannot be made
    show.answer(one_format)
    st.stop()
try:
    effects = state.effects(folder, fp, outcome, by, weighted)
except NetoutError as exc:
    show.answer(f"{state.shown(exc)} Choose another outcome (the survey answers need no contact log).")
    state.work_ahead_of_the_outcome(folder, fp, outcome, by, weighted, list(OUTCOMES))
    st.stop()
shown, hidden = shown_groups(effects)
show.answer(comparison_answer(effects, outcome=outcome, by=by))
st.caption(f"**{outcome_label(outcome).capitalize()}**: {outcome_help(outcome)}.")
if shown.empty:
    st.stop()

readings = describe_effects(shown, outcome=outcome, by=by)
sure = [effect_certainty(row, outcome=outcome) for row in shown.to_dict(orient="records")]


def _forest():
    return plots.effect_forest(shown, outcome=outcome, by=by, certainties=sure)


# the chart is drawn from the effects, which depend on these choices only (a choice made back reuses it)
show.chart(state.figure("forest", (folder, fp, outcome, by, weighted), _forest),
           f"formats-{outcome}-by-{by}", key="formats_chart")
st.caption(f"Each square is the **effect**: {GLOSSARY['effect']}. The line through it is the **range**: "
           f"{GLOSSARY['interval']}. Blue or orange means the difference is clear for that group; grey means it "
           "is leaning, not settled, or that the data cannot tell the two apart.")
if hidden:
    st.caption(f"Not shown, fewer than {MIN_GROUP_SIZE} people in a format: "
               + ", ".join(segment_label(s, by) for s in hidden) + ".")


def _reading(words, certain) -> str:
    """A group's line: how sure first, then the numbers; never a verdict beside a state that contradicts it."""
    towards = f" (towards {format_name(certain.favoured)})" if certain.favoured else ""
    return (f"- **{certain.label}{towards}** for {words.who}: difference {words.difference} "
            f"({words.interval_phrase.replace('interval', 'range', 1)}).")


st.markdown("\n".join(_reading(words, certain) for words, certain in zip(readings, sure)))
next_steps = list(dict.fromkeys(certain.sentence for certain in sure if certain.state != "clear"))
if next_steps:
    st.caption("What to do: " + " ".join(next_steps))

show.cautions([group.line for group in group_cautions(effects, by=by, hidden=hidden, face="dashboard")
               if not group.technical])

st.subheader("Counts")
counts = shown[["n_structured", "n_unstructured"]].rename(columns={
    "n_structured": "attendees in structured", "n_unstructured": "attendees in open mingling"})
counts.insert(0, "group", [words.segment for words in readings])
for extra, name in (("n_sessions_structured", "structured sessions"), ("n_sessions_unstructured", "open sessions")):
    if extra in shown.columns:
        counts[name] = shown[extra]
counts["difference"] = [words.difference for words in readings]
counts["95% range"] = [words.interval for words in readings]
counts["how sure"] = [certain.label for certain in sure]
show.table(counts, f"formats-{outcome}-by-{by}", key="formats_table")
methods = list(dict.fromkeys(str(m) for m in effects["method"].dropna()))
if methods:
    with st.expander("How this was worked out"):
        st.write("The differences compare attendees of the same kind in the two formats and allow for people who "
                 "met in the same session being alike. Technically: " + "; ".join(methods) + ".")
# last, once the page is drawn: the other outcomes of the choice box are then already compared
state.work_ahead_of_the_outcome(folder, fp, outcome, by, weighted, list(OUTCOMES))

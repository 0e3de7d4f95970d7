"""Formats by segment: did structured networking do better than open mingling, and for whom?"""

from __future__ import annotations

import streamlit as st

import state
from toolkit import plots
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError
from toolkit.wording import GLOSSARY, column_label, describe_effects, effect_cautions, outcome_help, outcome_label

st.title("Structured or open mingling: for whom did it work?")
folder, fp = state.open_data()
table = state.outcome_table(folder, fp)

left, right = st.columns(2)
outcome = left.selectbox("Outcome", list(OUTCOMES), index=list(OUTCOMES).index("new_contacts"),
                         format_func=outcome_label, key="formats_outcome",
                         help="What to compare; each is worked out per attendee.")
segments = state.segment_columns(table, state.event_data(folder, fp).settings)
by = right.selectbox("Split attendees by", segments, key="formats_by",
                     format_func=column_label,
                     help="Each group of attendees gets its own comparison.")
st.caption(f"**{outcome_label(outcome).capitalize()}**: {outcome_help(outcome)}.")

try:
    effects = state.effects(folder, fp, outcome, by)
except NetoutError as exc:
    st.info(f"{state.shown(exc)} Choose another outcome (the survey answers need no contact log).")
    st.stop()
if effects.empty:
    st.info("There is nothing to compare: no group has attendees in both formats.")
    st.stop()

st.plotly_chart(plots.effect_forest(effects, outcome=outcome, by=by), width="stretch",
                config={"displayModeBar": False})
st.caption(f"Each square is the **effect**: {GLOSSARY['effect']}. The line through it is the **interval**: "
           f"{GLOSSARY['interval']}. Blue or orange means one format clearly did better for that group; "
           "grey means the data cannot tell the two apart.")

# which format did better, and by how much: the words every face uses (toolkit.wording)
readings = describe_effects(effects, outcome=outcome, by=by)
st.markdown("\n".join(f"- **{words.segment}**: {words.summary}." for words in readings))

# the same caution often holds for every group: say it once, and name the group only where it differs
cautions = effect_cautions(effects)
if cautions:
    st.warning("**Read with care:**\n" + "\n".join(f"- {caution.line(by)}" for caution in cautions))

st.subheader("Counts")
counts = effects[["n_structured", "n_unstructured"]].rename(columns={
    "n_structured": "attendees in structured", "n_unstructured": "attendees in open mingling"})
counts.insert(0, "group", [words.segment for words in readings])
for extra, name in (("n_sessions_structured", "structured sessions"), ("n_sessions_unstructured", "open sessions")):
    if extra in effects.columns:
        counts[name] = effects[extra]
counts["difference"] = [words.difference for words in readings]
counts["95% interval"] = [words.interval for words in readings]
st.dataframe(counts, hide_index=True, width="stretch")
methods = list(dict.fromkeys(str(m) for m in effects["method"].dropna()))
if methods:
    st.caption("How the differences were worked out: " + "; ".join(methods) + ".")

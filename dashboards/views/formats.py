"""Formats by segment: did structured networking do better than open mingling, and for whom?"""

from __future__ import annotations

import streamlit as st

import _state
from toolkit import plots
from toolkit.compare import better_formats
from toolkit.contract import OUTCOMES
from toolkit.errors import NetoutError

st.title("Structured or open mingling: for whom did it work?")
folder, fp = _state.open_data()
table = _state.outcome_table(folder, fp)

left, right = st.columns(2)
outcome = left.selectbox("Outcome", list(OUTCOMES), index=list(OUTCOMES).index("new_contacts"),
                         format_func=plots.outcome_label, key="formats_outcome",
                         help="What to compare; each is worked out per attendee.")
segments = _state.segment_columns(table, _state.event_data(folder, fp).settings)
by = right.selectbox("Split attendees by", segments, key="formats_by",
                     format_func=_state.segment_label,
                     help="Each group of attendees gets its own comparison.")
st.caption(f"**{plots.outcome_label(outcome).capitalize()}**: {plots.outcome_help(outcome)}.")

try:
    effects = _state.effects(folder, fp, outcome, by)
except NetoutError as exc:
    st.info(f"{exc} Choose another outcome (the survey answers need no contact log).")
    st.stop()
if effects.empty:
    st.info("There is nothing to compare: no group has attendees in both formats.")
    st.stop()

st.plotly_chart(plots.effect_forest(effects, outcome=outcome), width="stretch", config={"displayModeBar": False})
st.caption(f"Each square is the **effect**: {plots.GLOSSARY['effect']}. The line through it is the **interval**: "
           f"{plots.GLOSSARY['interval']}. Blue or orange means one format clearly did better for that group; "
           "grey means the data cannot tell the two apart.")

share = outcome in plots.SHARE_OUTCOMES
unit = " percentage points" if share else ""
scale = 100 if share else 1
# which format did better: the library's one rule (for familiar_share and spectator, less is better)
better = better_formats(effects.assign(outcome=outcome))
lines = []
for (_, row), winner in zip(effects.iterrows(), better):
    lo, hi, eff = row["ci_low"] * scale, row["ci_high"] * scale, row["effect"] * scale
    size = plots.format_number(abs(eff))
    more_or_less = "more" if eff > 0 else "less"
    if winner is not None:
        name = "structured" if winner == "structured" else "open mingling"
        verdict = f"{name} did better ({size}{unit} {more_or_less} with structured)"
    else:
        verdict = "no clear difference between the formats"
    lines.append(f"- **{row['segment']}**: {verdict} (the data are consistent with differences from "
                 f"{plots.format_number(lo)} to {plots.format_number(hi)}{unit}).")
st.markdown("\n".join(lines))

# the same caution often holds for every group: say it once, and name the group only where it differs
cautions: dict[str, list[str]] = {}
for segment, warnings in zip(effects["segment"], effects["warnings"]):
    for warning in warnings if isinstance(warnings, (list, tuple)) else []:
        cautions.setdefault(str(warning).removeprefix(f"{segment}: "), []).append(str(segment))
if cautions:
    n_segments = len(effects)
    st.warning("**Read with care:**\n" + "\n".join(
        f"- {text}" if len(groups) == n_segments else f"- ({', '.join(groups)}) {text}"
        for text, groups in cautions.items()))

st.subheader("Counts")
counts = effects[["segment", "n_structured", "n_unstructured"]].rename(columns={
    "segment": "group", "n_structured": "attendees in structured", "n_unstructured": "attendees in open mingling"})
for extra, name in (("n_sessions_structured", "structured sessions"), ("n_sessions_unstructured", "open sessions")):
    if extra in effects.columns:
        counts[name] = effects[extra]
counts["difference"] = [plots.format_number(v * scale) + unit for v in effects["effect"]]
counts["95% interval"] = [f"{plots.format_number(lo * scale)} to {plots.format_number(hi * scale)}"
                          for lo, hi in zip(effects["ci_low"], effects["ci_high"])]
st.dataframe(counts, hide_index=True, width="stretch")
methods = list(dict.fromkeys(str(m) for m in effects["method"].dropna()))
if methods:
    st.caption("How the differences were worked out: " + "; ".join(methods) + ".")

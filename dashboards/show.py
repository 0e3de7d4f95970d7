"""How every page shows things: its answer first, charts and tables each with their downloads, phone-friendly.

Nothing here computes a result: it renders what :mod:`toolkit` returns.
"""

from __future__ import annotations

import re
import threading

import pandas as pd
import streamlit as st

# the chart toolbar: the camera downloads a PNG drawn by the browser itself (no request leaves the machine)
CHART_CONFIG = {"displayModeBar": True, "displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}

# narrow screens: columns stack, long labels wrap, charts keep inside the page (issue 15: charts clipped at 390 px)
PHONE_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.8rem; padding-right: 0.8rem; }
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
  .js-plotly-plot, .plot-container { max-width: 100% !important; overflow-x: auto; }
  h1 { font-size: 1.6rem !important; }
}
.st-key-narrow_only { display: none; }
@media (max-width: 640px) { .st-key-wide_only { display: none; } .st-key-narrow_only { display: block; } }
.netout-headline { font-size: 1.05rem; line-height: 1.45; padding: 0.5rem 0.9rem; border-left: 4px solid #6a6a6a;
  background: rgba(100, 100, 100, 0.07); border-radius: 0.3rem; margin-bottom: 0.8rem; hyphens: none; }
.netout-answer { font-size: 1.15rem; line-height: 1.45; padding: 0.6rem 0.9rem; border-left: 4px solid #1f77b4;
  background: rgba(31, 119, 180, 0.07); border-radius: 0.3rem; margin-bottom: 0.8rem; hyphens: none; }
</style>
"""


def page_style() -> None:
    """The phone layout and the answer box's look (once per page run)."""
    st.html(PHONE_CSS)


def answer(sentence: str, *, state_label: str | None = None, kind: str = "answer", note: str | None = None) -> None:
    """The page's one-sentence answer, first thing under the title (with the certainty label where there is one).

    ``kind="headline"`` is a second, quieter box (the Overview's advice for next time): the page's own
    answer stays the first ``netout-answer``. ``note`` follows the sentence (a folder of one format says
    so on every page).
    """
    sentence = f"{sentence} {note}" if note else sentence
    label = f"<b>{_escape(state_label)}.</b> " if state_label else ""
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", _escape(sentence))
    st.html(f'<div class="netout-{kind}" data-testid="netout-{kind}">{label}{text}</div>')


def literal(text: object) -> str:
    """Text for a Streamlit markdown element (``st.warning``, ``st.info``) shown as it is written: no link, image,
    emphasis or HTML from it. For text read from a folder's files (an uploaded ``import_report.csv`` could hold
    ``![x](https://...)``, which markdown would fetch from another host)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: session state: True once this session's browser is given charts as soon as a page runs (it has been given one,
#: or has been sent a page without its charts, see :func:`charts_after_first_view`)
CHARTS_AT_ONCE = "charts_at_once"

# Tells the server once the page's first things are on the screen and the browser has a quiet moment (or after
# `longest` ms whatever happens): an st.components.v2 component, run in the page, that makes no request of its own.
_SHOWN_JS = """
export default function ({ data, setTriggerValue }) {
  let done = false, timer = null;
  const started = performance.now();
  const tell = () => { if (!done) { done = true; setTriggerValue("shown", true); } };
  const check = () => {
    if (done) return;
    const there = data.after.every((selector) => document.querySelector(selector));
    if (there || performance.now() - started > data.longest) {
      if (window.requestIdleCallback) window.requestIdleCallback(tell, { timeout: 300 }); else tell();
    } else {
      timer = setTimeout(check, 50);
    }
  };
  check();
  return () => { done = true; clearTimeout(timer); };
}
"""
_page_shown = st.components.v2.component("netout_page_shown", js=_SHOWN_JS)


def charts_after_first_view(draw, *, heights: dict[str, int], after: tuple[str, ...], key: str) -> None:
    """``draw()`` the page's charts, or, in a session's first page run, placeholders and the charts once the rest shows.

    A fresh browser loads plotly's JavaScript (4.7 MB) before it draws any chart, and loading it holds up
    everything the page shows at the same time: at 10k attendees the Overview's answer and numbers reached
    the screen together with the chart, after 2.6 s of the browser's CPU. So a session's first run sends grey
    placeholders of the charts' heights (``heights``: container key -> pixels) and a small script that tells
    the server when the elements matched by the CSS selectors ``after`` are on the screen and the browser is
    idle (at the latest 5 s on); then only this part of the page runs again (a fragment) and draws the charts.
    Every later run draws them at once, as does a session given a chart before (:func:`chart`).

    Example (in a page)::

        show.charts_after_first_view(lambda: show.chart(figure, "figures"), heights={"figures": 388},
                                     after=(".netout-answer",), key="overview_charts")
    """
    shown = f"{key}_shown"
    if st.session_state.get(CHARTS_AT_ONCE):
        st.session_state[shown] = True
    st.session_state[CHARTS_AT_ONCE] = True  # the next run draws them whatever the browser says

    def on_shown() -> None:
        st.session_state[shown] = True

    # every run draws through the fragment, so that the charts keep their place in the page: drawn elsewhere
    # on the next run, the browser would build them anew (5 s at load 12 for the first event change)
    @st.fragment
    def charts() -> None:
        if st.session_state.get(shown):
            try:
                draw()
            except Exception as exc:  # noqa: BLE001 - a fragment's own rerun is outside the page's guard in app.py
                import state

                state.show_failure(f"charts of {key}", exc)
            return
        for container, height in heights.items():
            with st.container(key=container):
                st.skeleton(height=height)
        _page_shown(key=f"{key}_signal", data={"after": list(after), "longest": 5000}, on_shown_change=on_shown)

    charts()


_PREPARING = threading.Lock()


def chart(figure, name: str, *, key: str | None = None) -> None:
    """A chart with its toolbar (PNG from the camera) and an SVG download, drawn only when asked for.

    The figure is prepared once (a chart cached by ``state.figure`` comes back here on every rerun).
    """
    st.session_state[CHARTS_AT_ONCE] = True  # this browser has plotly's JavaScript from now on
    with _PREPARING:  # two sessions showing one cached chart at once must not both add the room
        if not getattr(figure, "_netout_ready", False):
            # room above the plot for the toolbar, which would otherwise sit on the panels' titles
            top = figure.layout.margin.t if figure.layout.margin.t is not None else 40
            figure.update_layout(autosize=True, margin_t=top + 28)
            figure._netout_ready = True
    st.plotly_chart(figure, width="stretch", config=CHART_CONFIG, key=key)

    def svg() -> bytes:
        from toolkit.errors import ChartError
        from toolkit.report.export import figure_image

        try:
            return figure_image(figure, fmt="svg", width=900, height=int(figure.layout.height or 450))
        except ChartError as exc:  # the chart engine failed: the file says so in one line, not an error page
            return _message_svg(f"{exc} The camera in the chart's toolbar saves it as a PNG picture.")

    st.download_button("Chart as SVG", svg, file_name=f"{name}.svg", mime="image/svg+xml", key=f"svg_{key or name}",
                       type="tertiary", icon=":material/download:",
                       help="The camera in the chart's toolbar saves it as a PNG picture.")


def _message_svg(text: str) -> bytes:
    """A picture holding one message, for a download whose chart could not be drawn."""
    from html import escape

    lines = re.findall(r".{1,100}(?:\s+|$)", text.strip()) or [text]
    rows = "".join(f'<tspan x="16" dy="22">{escape(line.strip())}</tspan>' for line in lines)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{40 + 22 * len(lines)}">'
            f'<text x="16" y="12" font-family="sans-serif" font-size="15">{rows}</text></svg>').encode("utf-8")


def table(frame: pd.DataFrame, name: str, *, key: str | None = None) -> None:
    """A table with a CSV download of exactly what is shown (formulas neutralised for spreadsheets)."""
    from toolkit.io.files import neutralise_formulas

    st.dataframe(frame, hide_index=True, width="stretch")

    def csv() -> bytes:  # made when the button is pressed, not on every rerun (0.1-0.2 s for a large table)
        return neutralise_formulas(frame.astype("string")).to_csv(index=False).encode()

    st.download_button("Table as CSV", csv,
                       file_name=f"{name}.csv", mime="text/csv", key=f"csv_{key or name}", type="tertiary",
                       icon=":material/download:")


def cautions(lines: list[str], *, title: str = "Read with care") -> None:
    """Cautions in one box: the first three shown, the rest behind "more"."""
    if not lines:
        return
    st.warning(f"**{title}:**\n" + "\n".join(f"- {line}" for line in lines[:3]))
    if len(lines) > 3:
        with st.expander(f"{len(lines) - 3} more caution(s)"):
            st.markdown("\n".join(f"- {line}" for line in lines[3:]))

"""The organiser's dashboard: did the networking sessions work, for whom, and what to run next time.

Start it with ``netout dashboard [DIR]`` (or ``make dashboard``), which runs
``streamlit run dashboards/app.py -- DIR``; with no folder it opens the demo
data in ``data/demo/``. Each page answers one question; pages only read
widgets, call :mod:`toolkit` (through the cached wrappers in ``state.py``) and
render.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # pages import state whichever way the app was started
    sys.path.insert(0, str(HERE))

import streamlit as st  # noqa: E402

import state  # noqa: E402

st.set_page_config(page_title="Networking outcomes", page_icon=":material/handshake:", layout="wide")

VIEWS = HERE / "views"  # not "pages/": Streamlit would route a fresh session to pages/*.py directly, bypassing st.navigation
pages = [
    st.Page(VIEWS / "overview.py", title="Overview", icon=":material/dashboard:", default=True, url_path="overview"),
    st.Page(VIEWS / "data.py", title="Data", icon=":material/folder_open:", url_path="data"),
    st.Page(VIEWS / "formats.py", title="Formats by segment", icon=":material/balance:", url_path="formats"),
    st.Page(VIEWS / "followthrough.py", title="Follow-through", icon=":material/forward_to_inbox:", url_path="follow-through"),
    st.Page(VIEWS / "network.py", title="Network", icon=":material/hub:", url_path="network"),
    st.Page(VIEWS / "next_event.py", title="Next event", icon=":material/explore:", url_path="next-event"),
]
if (VIEWS / "report.py").exists():
    pages.append(st.Page(VIEWS / "report.py", title="Report", icon=":material/description:", url_path="report"))

navigation = st.navigation(pages)
folder = state.current_folder()
with st.sidebar:
    label = "demo data" if folder == state.DEMO_FOLDER else folder.name
    st.caption(f"Showing: **{label}**  \nChange it on the Data page.")
navigation.run()

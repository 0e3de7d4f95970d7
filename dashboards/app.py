"""The organiser's dashboard: did the networking sessions work, for whom, and what to run next time.

Start it with ``netout dashboard [DIR]`` (or ``make dashboard``), which runs
``streamlit run dashboards/app.py -- DIR`` on 127.0.0.1 with usage statistics
off; with no folder it opens the demo data in ``data/demo/``. Each page
answers one question; pages only read widgets, call :mod:`toolkit` (through
the cached wrappers in ``state.py``) and render.

Before any page: the hosting rules of ``hosting.py``. Reachable from other
machines without a password, it shows only how to set one; with a password,
only the sign-in form until it is entered. A page that fails shows a plain
sentence and a reference; the detail goes to the server log, redacted.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # pages import state whichever way the app was started
    sys.path.insert(0, str(HERE))

import streamlit as st  # noqa: E402

import hosting  # noqa: E402
import state  # noqa: E402

# an emoji, not a ":material/...:" icon: the browser would fetch a material favicon from Google's font host
st.set_page_config(page_title="Networking outcomes", page_icon="🤝", layout="wide")
hosting.setup_logging()


def _password() -> str | None:
    try:
        return hosting.configured_password(st.get_option("secrets.files"))
    except hosting.HostingError as exc:
        hosting.log_failure("reading the dashboard password", exc)
        st.error("The dashboard's settings cannot be read, so it shows nothing. Whoever runs it can see why "
                 "in the server log.")
        st.stop()


def _sign_in() -> None:
    st.title("Networking outcomes")
    with st.form("sign_in", clear_on_submit=True):
        given = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        if hosting.password_matches(given, PASSWORD):
            st.session_state[state.SIGNED_IN_KEY] = True
            st.rerun()
        time.sleep(1.0)  # slows guessing; the form says no more than "not right"
        hosting.LOG.warning("a wrong dashboard password was entered")
        st.error("That password is not right.")


PASSWORD = _password()
problem = hosting.hosting_problem(st.get_option("server.address"), PASSWORD)
if problem:
    hosting.LOG.error("refusing to show the dashboard: %s", problem)
    st.error("This dashboard is reachable from other machines but has no password, so it shows nothing. "
             "Whoever runs it: " + problem[0].upper() + problem[1:])
    st.stop()
if PASSWORD and not st.session_state.get(state.SIGNED_IN_KEY):
    st.navigation([st.Page(_sign_in, title="Sign in", url_path="sign-in")], position="hidden").run()
    st.stop()

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
with st.sidebar:
    st.caption(f"Showing: **{state.folder_label()}**  \nChange it on the Data page.")
try:
    navigation.run()
except Exception as exc:  # noqa: BLE001 - st.stop and st.rerun are BaseExceptions and pass through
    state.show_failure(f"page {navigation.title}", exc)

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
import show  # noqa: E402
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
    st.error("This dashboard shows nothing until whoever runs it sets it up safely: " + problem.rstrip(".") + ".")
    st.stop()

VIEWS = HERE / "views"  # not "pages/": Streamlit would route a fresh session to pages/*.py directly, bypassing st.navigation
PAGES = [  # (file, title, icon, address); the first opens by default
    ("overview.py", "Overview", ":material/dashboard:", "overview"),
    ("data.py", "Data", ":material/folder_open:", "data"),
    ("formats.py", "Formats by segment", ":material/balance:", "formats"),
    ("followthrough.py", "Follow-through", ":material/forward_to_inbox:", "follow-through"),
    ("network.py", "Network", ":material/hub:", "network"),
    ("next_event.py", "Next event", ":material/explore:", "next-event"),
    ("report.py", "Report", ":material/description:", "report"),
]
PAGES = [page for page in PAGES if (VIEWS / page[0]).exists()]  # the Report page once toolkit.report has landed

if PASSWORD and not st.session_state.get(state.SIGNED_IN_KEY):
    # every page's address shows the sign-in form (no "page not found" dialog), and that page once signed in
    sign_in = [st.Page(_sign_in, title="Sign in", url_path="sign-in", default=True)]
    sign_in += [st.Page(_sign_in, title="Sign in", url_path=address) for *_, address in PAGES]
    st.navigation(sign_in, position="hidden").run()
    st.stop()

# the default page is served at "/" and its url_path is not served (yet must be unique): it gets a spare one,
# and a hidden page answers at its real address
pages = [st.Page(VIEWS / file, title=title, icon=icon, url_path=address + ("-start" if i == 0 else ""), default=i == 0)
         for i, (file, title, icon, address) in enumerate(PAGES)]


def _to_first_page() -> None:
    """The first page's own address opens it (with the link's choices) instead of "page not found"."""
    st.switch_page(pages[0], query_params=dict(st.query_params))


alias = st.Page(_to_first_page, title=PAGES[0][1], url_path=PAGES[0][3], visibility="hidden")
navigation = st.navigation(pages + [alias])
show.page_style()
state.stop_working_ahead()  # whatever this session was working out ahead: the person has moved on
state.current_folder()  # a new session takes the folder from the link
state.keep_address()  # and every page's address carries this session's folder and choices
with st.sidebar:
    st.caption(f"Showing: **{state.folder_label()}**  \nChange it on the Data page.")
try:
    navigation.run()
except Exception as exc:  # noqa: BLE001 - st.stop and st.rerun are BaseExceptions and pass through
    state.show_failure(f"page {navigation.title}", exc)

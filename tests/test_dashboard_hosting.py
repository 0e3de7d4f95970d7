"""A dashboard safe to host (issue 13, item 4): where it listens, the password, the data root, uploads, errors.

The rules live in ``dashboards/hosting.py``; these tests drive them directly,
through ``netout dashboard`` (without starting a server) and through the app
with Streamlit's AppTest. The real browser checks (no outside request, nothing
before the password) are in ``test_dashboard_browser.py``.
"""

from __future__ import annotations

import doctest
import io
import logging
import os
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboards" / "app.py"
if str(APP.parent) not in sys.path:
    sys.path.insert(0, str(APP.parent))

import hosting  # noqa: E402
import state  # noqa: E402

PASSWORD = "a long enough passphrase"


@pytest.fixture
def address(monkeypatch):
    """Set the address the app believes it listens on (AppTest runs no server); 127.0.0.1 unless changed."""
    from streamlit import config

    monkeypatch.delenv(hosting.PASSWORD_ENV, raising=False)
    before = config.get_option("server.address")

    def listen(where: str | None) -> None:
        config.set_option("server.address", where)

    listen("127.0.0.1")
    yield listen
    config.set_option("server.address", before)


def _app(folder: Path | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if folder is not None:
        at.session_state["folder"] = str(folder)
    return at


def _everything_shown(at: AppTest) -> str:
    """Every text of every element the run produced (titles, markdown, metrics, tables, charts, errors)."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


# ----------------------------------------------------------------------------- the rules themselves
def test_the_hosting_rules_examples_run():
    result = doctest.testmod(hosting, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


@pytest.mark.parametrize("where, local", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
                                          ("127.0.0.2", True), ("0.0.0.0", False), ("::", False), ("", False),
                                          (None, False), ("192.168.1.20", False), ("dashboard.example.org", False),
                                          ("unix://tmp/sock", False)])
def test_only_loopback_counts_as_this_machine(where, local):
    assert hosting.is_local_address(where) is local


def test_a_password_is_required_beyond_this_machine_and_must_not_be_short():
    assert hosting.hosting_problem("127.0.0.1", None) is None
    assert hosting.hosting_problem("0.0.0.0", PASSWORD) is None
    for where in ("0.0.0.0", "", None, "10.1.2.3"):
        problem = hosting.hosting_problem(where, None)
        assert problem and hosting.PASSWORD_ENV in problem and "password" in problem
    assert "shorter than 8" in hosting.hosting_problem("127.0.0.1", "short")


def test_the_password_comes_from_the_environment_then_the_secrets_files(tmp_path):
    first, second = tmp_path / "home.toml", tmp_path / "project.toml"
    first.write_text('dashboard_password = "from the home folder"\n')
    second.write_text('other = 1\n')
    assert hosting.configured_password([first, second], {}) == "from the home folder"
    second.write_text('dashboard_password = "from the project"\n')
    assert hosting.configured_password([first, second], {}) == "from the project"  # later files win, as in Streamlit
    assert hosting.configured_password([first, second], {hosting.PASSWORD_ENV: "env wins"}) == "env wins"
    assert hosting.configured_password([tmp_path / "none.toml"], {hosting.PASSWORD_ENV: ""}) is None
    second.write_text("dashboard_password = \n")
    with pytest.raises(hosting.HostingError, match="cannot be read"):
        hosting.configured_password([second], {})


def test_password_comparison_is_exact():
    assert hosting.password_matches(PASSWORD, PASSWORD)
    assert not hosting.password_matches(PASSWORD + " ", PASSWORD)
    assert not hosting.password_matches("", PASSWORD) and not hosting.password_matches(None, PASSWORD)
    assert hosting.password_matches("pässwörter!", "pässwörter!")


def test_folders_open_only_under_the_data_root(tmp_path):
    root = (tmp_path / "data").resolve()
    (root / "season" / "E01").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "link-out").symlink_to(tmp_path / "outside")
    (root / "link-etc").symlink_to("/etc")
    (root / "season" / "file.csv").write_text("x")
    assert hosting.folder_under_root("season/E01", root) == root / "season" / "E01"
    assert hosting.folder_under_root(str(root / "season"), root) == root / "season"
    assert hosting.folder_under_root("", root) is None
    for refused in ("/etc", "/", "..", "../outside", "season/../../outside", "link-out", "link-etc", "link-etc/ssl",
                    "/nonexistent", "nonexistent", "season/file.csv", "~", "season\x00"):
        assert hosting.folder_under_root(refused, root) is None, refused


def test_paths_are_stripped_from_what_people_see():
    names = {Path("/srv/netout/data"): "data", Path("/tmp/netout-dashboard-0/server-1/session-x"): "upload"}
    text = ("cannot read /srv/netout/data/E01/attendees.csv; /tmp/netout-dashboard-0/server-1/session-x/ab/survey.csv "
            "is broken; see /usr/lib/python3/site-packages/toolkit/io/load.py")
    shown = hosting.strip_paths(text, names)
    assert shown == "cannot read data/E01/attendees.csv; upload/ab/survey.csv is broken; see load.py"


# ----------------------------------------------------------------------------- netout dashboard
def _netout(*args: str, env: dict | None = None, cwd: Path | None = None):
    import subprocess

    code = "import sys; from toolkit.cli import main; sys.argv = ['netout'] + sys.argv[1:]; main()"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "NETOUT_DASHBOARD"))}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-c", code, "dashboard", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, timeout=120)


def test_netout_dashboard_refuses_to_listen_beyond_this_machine_without_a_password(tmp_path, demo_folder,
                                                                                   monkeypatch):
    from typer.testing import CliRunner

    from toolkit.cli import app
    from toolkit.errors import UsageError

    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in (hosting.PASSWORD_ENV, "STREAMLIT_SERVER_ADDRESS"):
        monkeypatch.delenv(variable, raising=False)
    for args, env in ((["--host", "0.0.0.0"], {}), (["--host", "192.168.1.20"], {}),
                      ([], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}),
                      (["--host", "0.0.0.0"], {hosting.PASSWORD_ENV: "short"})):
        out = CliRunner().invoke(app, ["dashboard", str(demo_folder), *args], env=env)
        assert isinstance(out.exception, UsageError), (args, env, out.output)  # exit code 2 through netout's guard
        assert "password" in str(out.exception) and "Starting" not in out.output, out.output
    # as people run it: the message on standard error, no traceback
    out = _netout(str(demo_folder), "--host", "0.0.0.0", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert out.returncode == 2 and "without a password" in out.stderr and "Traceback" not in out.stderr


def test_netout_dashboard_refuses_a_folder_outside_its_data_root(tmp_path, demo_folder):
    out = _netout(str(demo_folder), "--data-root", str(tmp_path), cwd=tmp_path)
    assert out.returncode == 2 and "not inside --data-root" in out.stderr


def test_netout_dashboard_starts_the_server_on_this_machine_with_statistics_off(tmp_path, monkeypatch):
    from toolkit.cli._dashboard import check_start, dashboard_command, listen_address, listen_port

    assert listen_address(None, {}) == "127.0.0.1" and listen_port(None, {}) == 8501
    assert listen_address(None, {"STREAMLIT_SERVER_ADDRESS": "10.0.0.2"}) == "10.0.0.2"  # Streamlit's own variable
    assert listen_address("127.0.0.1", {"STREAMLIT_SERVER_ADDRESS": "10.0.0.2"}) == "127.0.0.1"  # the flag wins
    command = dashboard_command(tmp_path, port=8765, host="127.0.0.1", data_root=tmp_path)
    options = dict(zip(command[5::2], command[6::2]))
    assert options["--server.address"] == "127.0.0.1" and options["--browser.gatherUsageStats"] == "false"
    assert options["--client.showErrorDetails"] == "none" and options["--browser.serverAddress"] == "127.0.0.1"
    assert command[-4:] == ["--", str(tmp_path.resolve()), "--data-root", str(tmp_path.resolve())]
    # every interface: Streamlit's banner would ask an outside host for this machine's address, so it is left out
    wide = dashboard_command(None, host="0.0.0.0")
    assert "--logger.hideWelcomeMessage" in wide and "--browser.serverAddress" not in wide
    monkeypatch.setenv(hosting.PASSWORD_ENV, PASSWORD)
    check_start(tmp_path, host="0.0.0.0", port=8501, data_root=None)  # a password: allowed


def test_working_ahead_is_on_unless_the_host_turns_it_off_and_a_typo_is_refused(tmp_path):
    assert hosting.work_ahead_allowed({}) is True
    for word, allowed in (("off", False), ("OFF ", False), ("0", False), ("no", False), ("on", True), ("yes", True)):
        assert hosting.work_ahead_allowed({hosting.WORK_AHEAD_ENV: word}) is allowed, word
    with pytest.raises(hosting.HostingError, match="set it to on"):
        hosting.work_ahead_allowed({hosting.WORK_AHEAD_ENV: "of"})
    # as people run it: refused before the server starts, with the variable named and no traceback
    out = _netout("--headless", cwd=tmp_path, env={"HOME": str(tmp_path), hosting.WORK_AHEAD_ENV: "sometimes"})
    assert out.returncode == 2 and "NETOUT_DASHBOARD_WORK_AHEAD is 'sometimes'" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "Starting" not in out.stdout


def test_netout_dashboard_reads_the_password_from_streamlit_secrets(tmp_path, monkeypatch):
    from toolkit.cli._dashboard import check_start

    from toolkit.errors import UsageError

    monkeypatch.delenv(hosting.PASSWORD_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="without a password"):
        check_start(None, host="0.0.0.0", port=8501, data_root=None)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'dashboard_password = "{PASSWORD}"\n')
    check_start(None, host="0.0.0.0", port=8501, data_root=None)


# ----------------------------------------------------------------------------- the app: password and address
def test_reachable_from_elsewhere_without_a_password_the_app_shows_nothing(address, demo_folder):
    address("0.0.0.0")
    at = _app(demo_folder)
    at.run()
    assert not at.exception
    assert not at.title and not at.metric and not at.get("plotly_chart")
    assert at.error and hosting.PASSWORD_ENV in at.error[0].value


def test_with_a_password_nothing_renders_before_it_is_entered(address, monkeypatch, demo_folder):
    monkeypatch.setenv(hosting.PASSWORD_ENV, PASSWORD)
    address("0.0.0.0")
    at = _app(demo_folder)
    at.run()
    assert not at.exception
    shown = _everything_shown(at)
    assert [t.value for t in at.title] == ["Networking outcomes"] and not at.metric and not at.sidebar.children
    assert "demo" not in shown and "Overview" not in shown and "event" not in shown.lower()
    with pytest.raises(Exception):  # noqa: B017,PT011 - the pages are not even registered
        at.switch_page("views/data.py")
    at.text_input[0].input("not the password")
    at.button[0].click().run()
    assert any("not right" in e.value for e in at.error) and not at.metric
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "The event at a glance" and at.metric  # the Overview
    at.switch_page("views/data.py")
    at.run()
    assert at.title[0].value == "Your event data"


# ----------------------------------------------------------------------------- the app: the data root
def test_the_data_page_opens_folders_only_inside_the_data_root(address, demo_folder, tmp_path):
    at = _app()
    at.run()
    at.switch_page("views/data.py")
    at.run()
    answers = {}
    for typed in ("/etc", "/nonexistent", "../../..", "/work", str(tmp_path), "E03"):
        at.text_input(key="folder_input").input(typed)
        next(b for b in at.button if b.label == "Open folder").click().run()
        assert not at.exception
        answers[typed] = ([e.value for e in at.error], at.session_state["folder"])
    for typed in ("/etc", "/nonexistent", "../../..", "/work", str(tmp_path)):
        errors, folder = answers[typed]
        assert errors == [hosting.FOLDER_REFUSED], (typed, errors)  # one message: "not there" = "not allowed"
        assert folder == str(demo_folder.resolve())
    assert answers["E03"] == ([], str((demo_folder / "E03").resolve()))
    assert "/etc" not in _everything_shown(at).replace('"/etc"', "")


def test_messages_name_folders_as_people_know_them_never_by_server_path(address, demo_folder, tmp_path):
    import shutil

    broken = tmp_path / "private-server-path" / "broken"
    shutil.copytree(demo_folder / "E01", broken)
    (broken / "sessions.csv").unlink()
    at = _app(broken)
    at.run()
    at.switch_page("views/data.py")
    at.run()
    # the Data page says so in its answer box, naming the folder by its name
    assert not at.exception and "broken” cannot be used yet" in _everything_shown(at)
    assert "private-server-path" not in _everything_shown(at)


# ----------------------------------------------------------------------------- the app: no tracebacks for people
def test_a_failing_page_shows_a_plain_message_and_logs_the_detail_redacted(address, monkeypatch, demo_folder):
    from toolkit import plots

    def broken(*args, **kwargs):
        raise ValueError("cannot draw /srv/private/customer-data for ann@example.org +44 7700 900123")

    monkeypatch.setattr(plots, "overview_figure", broken)
    state.figure.clear()  # a chart cached by an earlier test would not be drawn again
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    hosting.setup_logging().addHandler(handler)
    try:
        at = _app(demo_folder)
        at.run()
        at.run()  # the Overview draws its chart from a session's second run on
    finally:
        hosting.LOG.removeHandler(handler)
    assert not at.exception
    shown = _everything_shown(at)
    assert "Something went wrong" in shown and "reference" in shown
    for secret in ("/srv/private", "Traceback", "ValueError", "ann@example.org", "7700"):
        assert secret not in shown, secret
    logged = "\n".join(r.getMessage() for r in records)
    assert "ValueError" in logged and "overview" in logged.lower() and "[email]" in logged and "[phone]" in logged
    assert "ann@example.org" not in logged and "7700 900123" not in logged
    reference = next(e.value for e in at.error if "reference" in e.value).split("**")[1]
    assert reference in logged


# ----------------------------------------------------------------------------- uploads
def test_uploads_go_to_a_private_folder_per_session(address, demo_folder):
    at = _app()
    at.run()
    at.switch_page("views/data.py")
    at.run()
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted((demo_folder / "E02").glob("*.csv"))]
    at.file_uploader[0].set_value(files).run()
    next(b for b in at.button if b.label == "Use the uploaded files").click().run()
    assert not at.exception, [e.value for e in at.exception]
    session = Path(at.session_state["upload_dir"])
    opened = Path(at.session_state["folder"])
    assert opened.parent == session and session.parent.name == f"server-{os.getpid()}"
    assert session.stat().st_mode & 0o777 == 0o700 and session.parent.stat().st_mode & 0o777 == 0o700
    assert session.parent.parent.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in opened.iterdir()} == {0o600}
    assert at.sidebar.caption[0].value.startswith("Showing: **attendees.csv and 6 more")
    assert at.title[0].value == "Your event data" and any(  # read and checked
        "passed every check" in h.proto.body or "can be used" in h.proto.body for h in at.get("html"))


def test_a_session_folder_is_removed_when_its_session_has_ended(tmp_path):
    active = {"s1": True, "s2": True}
    janitor = hosting.SessionJanitor(lambda sid: active.get(sid, False), grace=10)
    folders = {sid: tmp_path / sid for sid in active}
    for sid, folder in folders.items():
        folder.mkdir()
        janitor.register(sid, folder, now=0)
    assert janitor.sweep(now=100) == [] and all(f.exists() for f in folders.values())
    active["s1"] = False  # disconnected: Streamlit may still resume it within the grace
    assert janitor.sweep(now=105) == [] and folders["s1"].exists()
    assert janitor.sweep(now=111) == [folders["s1"]] and not folders["s1"].exists() and folders["s2"].exists()
    assert list(janitor.registered()) == ["s2"]


def test_stale_upload_folders_of_stopped_servers_are_cleaned_at_start(tmp_path):
    import subprocess

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"server-{finished.stdout.strip()}"
    alive = tmp_path / f"server-{os.getppid()}"
    mine = tmp_path / f"server-{os.getpid()}"
    for folder in (dead, alive, mine):
        (folder / "session-x").mkdir(parents=True)
    removed = hosting.clean_stale_uploads(tmp_path)
    assert dead in removed and not dead.exists()
    assert alive.exists() and mine.exists()


def test_a_bad_upload_is_refused_by_a_capped_child_and_the_server_keeps_going(address, demo_folder, monkeypatch):
    # a 300 KB zip that unpacks to a 60 MB attendee list: with a 300 MB cap for the first read, it is refused
    monkeypatch.setenv(hosting.UPLOAD_MEMORY_ENV, "300")
    header = (demo_folder / "E01" / "attendees.csv").read_text().splitlines()[0]
    rows = "".join(f"E01,M{i:07d},Health,10-49,yes,reserved,South\n" for i in range(1_300_000))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((demo_folder / "E01").glob("*.csv")):
            if path.name != "attendees.csv":
                archive.write(path, path.name)
        archive.writestr("attendees.csv", header + "\n" + rows)
    at = _app()
    at.run()
    at.switch_page("views/data.py")
    at.run()
    at.file_uploader[0].set_value(("season.zip", bomb.getvalue(), "application/zip")).run()
    next(b for b in at.button if b.label == "Use the uploaded files").click().run(timeout=120)
    assert not at.exception
    assert any("not used" in e.value and "memory" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["folder"] == str(demo_folder.resolve())  # nothing was opened
    assert not [p for p in Path(at.session_state["upload_dir"]).iterdir() if p.is_dir()]  # nor kept
    at.switch_page("views/overview.py")
    at.run()
    assert at.metric  # the same server still answers


def test_a_time_cap_refuses_an_upload_that_reads_too_slowly(demo_folder):
    refused = hosting.check_upload_in_child(demo_folder, seconds=0.05)
    assert refused and "longer than" in refused
    assert hosting.check_upload_in_child(demo_folder) is None

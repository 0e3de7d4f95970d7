"""``netout dashboard [DIR] [--host H] [--port N] [--data-root ROOT]``: start the Streamlit dashboard on a folder.

It starts the app as it is safe to host (the rules live in ``dashboards/hosting.py``,
loaded from the checkout): on 127.0.0.1 unless ``--host`` (or Streamlit's own
``STREAMLIT_SERVER_ADDRESS``) says otherwise, refusing to listen beyond this
machine without a password; folders opened only inside the data root; usage
statistics off and no error details in the browser.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import typer

DEFAULT_PORT = 8501


def find_app() -> Path:
    """``dashboards/app.py`` of the repository checkout this toolkit was installed from.

    The dashboard is part of the checkout, not of the installed package, so it is
    looked for beside the ``toolkit`` package (an editable install or a plain
    checkout) and then in the current folder.
    """
    from toolkit.errors import UsageError

    here = Path(__file__).resolve()
    candidates = [here.parents[2] / "dashboards" / "app.py", Path.cwd() / "dashboards" / "app.py"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise UsageError(
        "cannot find dashboards/app.py: run netout dashboard from the repository checkout "
        "(the folder with the Makefile), where the dashboard lives."
    )


@functools.lru_cache(maxsize=1)
def hosting_rules():
    """The dashboard's ``hosting.py`` (beside ``app.py``), loaded by its path: the one home of the hosting rules."""
    path = find_app().parent / "hosting.py"
    spec = importlib.util.spec_from_file_location("netout_dashboard_hosting", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def listen_address(host: str | None, environ: dict | None = None) -> str:
    """Where the dashboard listens: ``--host``, else ``STREAMLIT_SERVER_ADDRESS``, else 127.0.0.1.

    >>> listen_address(None, {}), listen_address(None, {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}), listen_address("::1", {})
    ('127.0.0.1', '0.0.0.0', '::1')
    """
    environ = os.environ if environ is None else environ
    return host or environ.get("STREAMLIT_SERVER_ADDRESS") or "127.0.0.1"


def listen_port(port: int | None, environ: dict | None = None) -> int:
    """The port: ``--port``, else ``STREAMLIT_SERVER_PORT``, else 8501.

    >>> listen_port(None, {}), listen_port(None, {"STREAMLIT_SERVER_PORT": "8600"}), listen_port(9000, {})
    (8501, 8600, 9000)
    """
    from toolkit.errors import UsageError

    environ = os.environ if environ is None else environ
    if port is not None:
        return port
    text = environ.get("STREAMLIT_SERVER_PORT")
    if not text:
        return DEFAULT_PORT
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"STREAMLIT_SERVER_PORT must be a port number, got {text!r}") from None


def dashboard_command(folder: Path | None, *, port: int = DEFAULT_PORT, headless: bool = False,
                      host: str = "127.0.0.1", data_root: Path | None = None) -> list[str]:
    """The ``streamlit run`` command line that starts the dashboard on ``folder``.

    Usage statistics off, no error details in the browser, no question for an
    email; a specific ``host`` is also the address Streamlit prints and opens,
    and for every interface Streamlit's own banner is left out (it would ask an
    outside host for this machine's address).

    >>> cmd = dashboard_command(None, port=8600)
    >>> cmd[1:4], cmd[cmd.index("--server.address") + 1], cmd[cmd.index("--browser.gatherUsageStats") + 1]
    (['-m', 'streamlit', 'run'], '127.0.0.1', 'false')
    """
    command = [sys.executable, "-m", "streamlit", "run", str(find_app()),
               "--server.address", host, "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.showEmailPrompt", "false",
               "--client.toolbarMode", "minimal", "--client.showErrorDetails", "none"]
    if host.strip("[]") in ("0.0.0.0", "::", ""):  # noqa: S104
        command += ["--logger.hideWelcomeMessage", "true"]
    else:
        command += ["--browser.serverAddress", host]
    if headless:
        command += ["--server.headless", "true"]
    app_arguments = []
    if folder is not None:
        app_arguments.append(str(Path(folder).expanduser().resolve()))
    if data_root is not None:
        app_arguments += ["--data-root", str(Path(data_root).expanduser().resolve())]
    if app_arguments:
        command += ["--", *app_arguments]
    return command


def check_start(folder: Path | None, *, host: str, port: int, data_root: Path | None) -> Path | None:
    """Refuse an unsafe or impossible start with a :class:`~toolkit.errors.UsageError`; return the data root."""
    from toolkit.errors import UsageError

    if folder is not None and not folder.expanduser().is_dir():
        raise UsageError(f"there is no folder at {folder}: give an event data folder, or none for the demo data")
    if data_root is not None and not data_root.expanduser().is_dir():
        raise UsageError(f"--data-root {data_root} is not a folder: give the folder the dashboard may open folders in")
    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, got {port}")
    if folder is not None and data_root is not None:
        inside = Path(folder).expanduser().resolve()
        root = Path(data_root).expanduser().resolve()
        if inside != root and root not in inside.parents:
            raise UsageError(f"the folder {folder} is not inside --data-root {data_root}: the dashboard opens only "
                             "folders inside its data root")
    rules = hosting_rules()
    try:
        password = rules.configured_password()
    except rules.HostingError as exc:
        raise UsageError(str(exc)) from None
    problem = rules.hosting_problem(host, password)
    if problem:
        raise UsageError(problem)
    try:
        rules.work_ahead_allowed()
    except rules.HostingError as exc:
        raise UsageError(str(exc)) from None
    return data_root


def run_until_stopped(command: list[str]) -> int:
    """Run the server and pass a stop request on to it, so that stopping ``netout`` never leaves it running."""
    import signal

    process = subprocess.Popen(command)

    def stop(signum, frame):  # noqa: ARG001 - the signal handler's signature
        process.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the server too (same process group); wait for it to finish
        return process.wait() and 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if process.poll() is None:
            process.kill()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("dashboard")
    def dashboard(
        folder: Path = typer.Argument(None, help="Event data folder to open; the demo data when left out."),
        host: str = typer.Option(None, "--host",
                                 help="Address to listen on: 127.0.0.1 (this machine only) unless given here or in "
                                      "STREAMLIT_SERVER_ADDRESS. Any other address needs a password "
                                      "(NETOUT_DASHBOARD_PASSWORD or dashboard_password in .streamlit/secrets.toml)."),
        port: int = typer.Option(None, "--port", help="Port to listen on (STREAMLIT_SERVER_PORT, else 8501)."),
        data_root: Path = typer.Option(None, "--data-root",
                                       help="Folder inside which the Data page may open folders; the folder given "
                                            "(or the demo data) when left out."),
        headless: bool = typer.Option(False, "--headless", help="Do not open a browser window."),
    ) -> None:
        """Start the organiser's dashboard in the browser (the demo data when no folder is given)."""
        from toolkit.errors import UsageError

        address = listen_address(host)
        chosen_port = listen_port(port)
        check_start(folder, host=address, port=chosen_port, data_root=data_root)
        try:
            streamlit = importlib.util.find_spec("streamlit")
        except ImportError:
            streamlit = None
        if streamlit is None:  # the optional 'dashboard' extra is not installed
            raise UsageError("the dashboard needs Streamlit: pip install 'networking-outcomes[dashboard]' "
                             "(make setup installs it)")
        rules = hosting_rules()
        local = rules.is_local_address(address)
        command = dashboard_command(folder, port=chosen_port, headless=headless or not local, host=address,
                                    data_root=data_root)
        shown = "every network interface of this machine" if address.strip("[]") in ("0.0.0.0", "::") else address
        typer.echo(f"Starting the dashboard on {shown}, port {chosen_port}"
                   + ("" if local else ", password required") + " (Ctrl+C stops it)", err=True)
        raise typer.Exit(run_until_stopped(command))

"""``netout dashboard [DIR] [--port N]``: start the Streamlit dashboard on a folder (the demo data by default)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer


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


def dashboard_command(folder: Path | None, *, port: int = 8501, headless: bool = False) -> list[str]:
    """The ``streamlit run`` command line that starts the dashboard on ``folder``.

    >>> cmd = dashboard_command(None, port=8600)
    >>> cmd[1:4], "--server.port" in cmd
    (['-m', 'streamlit', 'run'], True)
    """
    command = [sys.executable, "-m", "streamlit", "run", str(find_app()), "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.showEmailPrompt", "false",
               "--client.toolbarMode", "minimal"]
    if headless:
        command += ["--server.headless", "true"]
    if folder is not None:
        command += ["--", str(Path(folder).expanduser().resolve())]
    return command


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("dashboard")
    def dashboard(
        folder: Path = typer.Argument(None, help="Event data folder to open; the demo data when left out."),
        port: int = typer.Option(8501, "--port", help="Port the dashboard listens on."),
        headless: bool = typer.Option(False, "--headless", help="Do not open a browser window."),
    ) -> None:
        """Start the organiser's dashboard in the browser (the demo data when no folder is given)."""
        from toolkit.errors import UsageError

        if folder is not None and not folder.expanduser().is_dir():
            raise UsageError(f"there is no folder at {folder}: give an event data folder, or none for the demo data")
        if not 1 <= port <= 65535:
            raise UsageError(f"--port must be between 1 and 65535, got {port}")
        import importlib.util

        try:
            streamlit = importlib.util.find_spec("streamlit")
        except ImportError:
            streamlit = None
        if streamlit is None:  # the optional 'dashboard' extra is not installed
            raise UsageError("the dashboard needs Streamlit: pip install 'networking-outcomes[dashboard]' "
                             "(make setup installs it)")
        command = dashboard_command(folder, port=port, headless=headless)
        typer.echo(f"Starting the dashboard on http://localhost:{port} (Ctrl+C stops it)", err=True)
        try:
            code = subprocess.call(command)
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(code)

"""Render a :class:`~toolkit.report.document.BoardReport` to HTML or PDF.

Both renderings come from one Jinja template and one stylesheet
(``templates/report.html.j2``, ``templates/report.css``): the HTML file is
self-contained (stylesheet inline, charts as PNG images in ``data:`` URLs), and
the PDF is that same HTML laid out on A4 pages by WeasyPrint, with page numbers.

Charts are drawn to PNG by plotly with kaleido, which drives a headless
Chromium (Debian's ``/usr/bin/chromium`` is found by itself). Kaleido's sync
server is started once per process, so that every chart after the first takes
a fraction of a second instead of starting a browser each time.

This module reads a report through its public fields and methods only and
imports neither the builder nor the report object, so that
``toolkit.report.document`` (which calls it to export) sits above it.

Example
-------
>>> from toolkit.report.document import BoardReport, Section
>>> report = BoardReport(title="Networking sessions", subtitle="Event report: E1", generated="2026-05-01",
...                      sections=[Section("summary", "Executive summary", paragraphs=["It worked."])],
...                      figures={}, tables={}, outcome="new_contacts", by="style")
>>> "Executive summary" in render_html(report)
True
"""

from __future__ import annotations

import atexit
import base64
import logging
import os
import re
import threading
import warnings
from pathlib import Path
from typing import Any

_log = logging.getLogger(__name__)

_TEMPLATES = Path(__file__).parent / "templates"
_SERVER_LOCK = threading.Lock()
_SERVER_STARTED = False
_WARM_THREAD: threading.Thread | None = None
_DRAW_LOCK = threading.Lock()
# Charts are drawn at this many CSS pixels across; the page shows them at full text width.
_CHART_WIDTH = 760
#: How to install what the exports need (the ``report`` extra), for the messages.
INSTALL_REPORT_EXTRA = "pip install 'networking-outcomes[report]' (make setup installs it)"
_NUMERIC_CELL = re.compile(r"^[\s+\-−–]*[\d.,]+\s*(%|pts)?(\s*\(.*\))?$|^–$|^fewer than \d+$")


def _start_image_server() -> None:
    """Start kaleido's browser once per process (later charts reuse it)."""
    global _SERVER_STARTED
    with _SERVER_LOCK:
        if _SERVER_STARTED:
            return
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except RuntimeError:  # already running (started by the caller)
            pass
        _SERVER_STARTED = True
        atexit.register(_stop_image_server)


def warm_up() -> None:
    """Start the chart browser in the background, while the caller computes the report.

    The first chart otherwise waits about two seconds for Chromium to start.
    Used by ``netout report``, which knows it will export; charts drawn later
    wait for the warm-up to finish.

    Example
    -------
    >>> warm_up()  # returns at once; the browser starts in a background thread
    """
    global _WARM_THREAD
    with _SERVER_LOCK:
        if _WARM_THREAD is not None or _SERVER_STARTED:
            return

        def _draw_nothing() -> None:
            import plotly.graph_objects as go

            try:
                _draw(go.Figure(), width=50, height=50, scale=1.0)
            except Exception:  # noqa: BLE001 - the real export reports the problem with a clear message
                pass

        _WARM_THREAD = threading.Thread(target=_draw_nothing, name="netout-kaleido-warm-up", daemon=True)
        _WARM_THREAD.start()


def _stop_image_server() -> None:
    global _SERVER_STARTED
    import kaleido

    try:
        kaleido.stop_sync_server(silence_warnings=True)
    except Exception:  # noqa: BLE001 - best effort at interpreter exit
        pass
    _SERVER_STARTED = False


def _sized(figure, *, width: int, height: int):
    """A copy of the figure at the size and on the white background it is drawn with (the report's stays as built)."""
    fig = figure.__class__(figure)
    fig.update_layout(width=width, height=height, paper_bgcolor="white", plot_bgcolor="white")
    return fig


def image_kept(figure, *, width: int = _CHART_WIDTH, height: int = 420, scale: float = 2.0) -> bool:
    """Whether this chart, at this size, is in the disk cache (:mod:`toolkit.cache`).

    Example
    -------
    >>> import os, tempfile
    >>> import plotly.graph_objects as go
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> image_kept(go.Figure(go.Bar(y=[1])), width=120, height=90)
    False
    """
    from toolkit import cache

    key = cache.chart_key(_sized(figure, width=width, height=height), fmt="png", width=width, height=height,
                          scale=scale)
    return cache.is_kept("chart", key, ".png")


def figure_png(figure, *, width: int = _CHART_WIDTH, height: int = 420, scale: float = 2.0,
               cache: bool = False) -> bytes:
    """A plotly figure as PNG bytes (white background, sized for an A4 page).

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
    width, height : int
        Size in CSS pixels.
    scale : float
        Pixel density (2 gives sharp print).
    cache : bool
        Read the image from the disk cache (:mod:`toolkit.cache`) when the same
        figure was drawn before at this size, and keep it there when drawn:
        the same figure JSON gives the same picture, without a browser.

    Raises
    ------
    NetoutError
        When no Chrome or Chromium is found, with what to install.

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> from toolkit.errors import NetoutError
    >>> try:
    ...     png = figure_png(go.Figure(go.Bar(x=[1], y=[2])), width=120, height=90, scale=1.0)
    ... except NetoutError as exc:  # a machine without Chromium: the message says what to install
    ...     png = b"\\x89PNG" if "chromium" in str(exc) else b""
    >>> png[:4] == b"\\x89PNG"
    True
    """
    from toolkit.errors import NetoutError

    if cache:
        from toolkit import cache as disk

        sized = _sized(figure, width=width, height=height)
        key = disk.chart_key(sized, fmt="png", width=width, height=height, scale=scale)
        return disk.kept_bytes("chart", key, lambda: figure_png(sized, width=width, height=height, scale=scale),
                               ".png")
    if _WARM_THREAD is not None and _WARM_THREAD is not threading.current_thread():
        _WARM_THREAD.join()
    try:
        return _draw(figure, width=width, height=height, scale=scale)
    except ImportError as exc:  # the optional 'report' extra is not installed
        raise NetoutError(f"Drawing the report's charts needs kaleido: {INSTALL_REPORT_EXTRA}.") from exc
    except Exception as exc:  # noqa: BLE001 - kaleido raises several kinds; all mean "no browser"
        raise NetoutError(
            "Could not draw the report's charts: kaleido needs Chrome or Chromium "
            f"(on Debian/Ubuntu: apt-get install chromium). Details: {exc}"
        ) from exc


def _draw(figure, *, width: int, height: int, scale: float) -> bytes:
    _start_image_server()
    fig = _sized(figure, width=width, height=height)
    # one chart at a time: the dashboard may export from several sessions' threads at once
    with _DRAW_LOCK, warnings.catch_warnings():
        # plotly warns that per-call browser options are ignored when the shared server runs
        warnings.simplefilter("ignore", UserWarning)
        return fig.to_image(format="png", width=width, height=height, scale=scale)


def render_html(report: Any, *, scale: float = 2.0) -> str:
    """The report as one self-contained HTML document (a string); charts drawn by :func:`figure_png`.

    Example
    -------
    >>> from toolkit.report.document import BoardReport
    >>> report = BoardReport(title="Networking sessions", subtitle="", generated="2026-05-01", sections=[],
    ...                      figures={}, tables={}, outcome="new_contacts", by="style")
    >>> "<title>" in render_html(report)
    True
    """
    import jinja2

    from toolkit import __version__
    from toolkit.wording import column_label, outcome_label

    images = {key: base64.b64encode(report.figure_png(key, scale=scale)).decode("ascii") for key in report.figures}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.tests["numeric_cell"] = lambda cell: bool(_NUMERIC_CELL.match(str(cell)))
    template = env.get_template("report.html.j2")
    return template.render(
        report=report,
        images=images,
        css=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
        version=__version__,
        outcome_label=outcome_label(report.outcome),
        by_label=column_label(report.by) + (" (not recorded in this data)"
                                            if report.facts.get("by_recorded") is False else ""),
    )


def write_html(report: Any, path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the report as a self-contained HTML file; returns the path.

    Example
    -------
    >>> import pathlib, tempfile
    >>> from toolkit.report.document import BoardReport
    >>> report = BoardReport(title="Networking sessions", subtitle="", generated="2026-05-01", sections=[],
    ...                      figures={}, tables={}, outcome="new_contacts", by="style")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_html(report, pathlib.Path(folder) / "out" / "report.html").name
    'report.html'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, scale=scale), encoding="utf-8")
    return path


# What the second process of :class:`PdfWriter` runs: it imports WeasyPrint only, then lays out the HTML it is sent.
_PDF_WORKER = """\
import logging, sys
import weasyprint
logging.getLogger("weasyprint").setLevel(logging.ERROR)
html = sys.stdin.buffer.read().decode("utf-8")
if html:
    weasyprint.HTML(string=html, base_url=sys.argv[1]).write_pdf(sys.argv[2])
"""


class PdfWriter:
    """Write a report's PDF in a second process that imports WeasyPrint while this one builds the report.

    Importing WeasyPrint costs about a second (it parses the C declarations of
    Pango and loads its user-agent stylesheets), and building a report read back
    from the disk cache about two. A command that knows it will write a PDF
    (``netout report --out r.pdf``) starts the writer first, so that on a machine
    with two cores the import runs beside the build instead of after it; the
    PDF is the same (the same HTML, laid out by the same WeasyPrint). The CPU
    time is not less, only the wall time. Where the second process cannot be
    started or fails, the PDF is written in this process (:func:`write_pdf`),
    with its clear messages.

    Example
    -------
    >>> import pathlib, tempfile
    >>> from toolkit.report.document import BoardReport, Section
    >>> report = BoardReport(title="T", subtitle="", generated="2026-05-01", figures={}, tables={},
    ...                      sections=[Section("summary", "The answer", paragraphs=["It worked."])],
    ...                      outcome="new_contacts", by="style")
    >>> with tempfile.TemporaryDirectory() as folder, PdfWriter(pathlib.Path(folder) / "r.pdf") as writer:
    ...     writer.write(report).read_bytes()[:5]
    b'%PDF-'
    """

    def __init__(self, path: str | Path) -> None:
        import subprocess
        import sys

        self.path = Path(path)
        # the worker writes beside the path and the file is moved into place only once it is whole: a PDF
        # left there by an earlier run never counts as this run's, and a failed worker leaves nothing
        self._part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        try:
            # -I: not the working folder's modules (a weasyprint.py there), nor PYTHON* settings
            self._process: Any = subprocess.Popen(
                [sys.executable, "-I", "-c", _PDF_WORKER, str(_TEMPLATES), str(self._part)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError:  # no second process here: write_pdf does the work
            self._process = None

    def write(self, report: Any, *, scale: float = 2.0) -> Path:
        """Write ``report`` as an A4 PDF with page numbers to the writer's path; returns the path."""
        html = render_html(report, scale=scale)
        self.path.parent.mkdir(parents=True, exist_ok=True)  # only now: a report that cannot be built leaves none
        process, self._process = self._process, None
        if process is not None:
            try:
                _, errors = process.communicate(html.encode("utf-8"))
                if process.returncode == 0 and self._part.is_file():
                    os.replace(self._part, self.path)
                    return self.path
                last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] if errors else []
                _log.debug("the PDF process failed (%s); writing the PDF here", last[0] if last else process.returncode)
            except OSError:  # the process went away (killed, out of memory): write it here
                process.kill()
                process.wait()
            except BaseException:  # interrupted (Ctrl-C, a timeout): no PDF may appear after the command ends
                process.kill()
                process.wait()
                raise
            finally:
                self._part.unlink(missing_ok=True)
        return write_pdf(report, self.path, scale=scale)

    def close(self) -> None:
        """Stop the second process if no PDF was written (the report could not be built)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.communicate()
            self._part.unlink(missing_ok=True)

    def __enter__(self) -> PdfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_pdf(report: Any, path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the report as an A4 PDF with page numbers; returns the path.

    Example
    -------
    >>> import pathlib, tempfile
    >>> from toolkit.report.document import BoardReport, Section
    >>> report = BoardReport(title="Networking sessions", subtitle="", generated="2026-05-01",
    ...                      sections=[Section("summary", "Executive summary", paragraphs=["It worked."])],
    ...                      figures={}, tables={}, outcome="new_contacts", by="style")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pdf = write_pdf(report, pathlib.Path(folder) / "report.pdf").read_bytes()
    >>> pdf[:5]
    b'%PDF-'
    """
    import logging

    try:
        import weasyprint
    except ImportError as exc:  # the optional 'report' extra is not installed
        from toolkit.errors import NetoutError

        raise NetoutError(f"Writing a PDF needs WeasyPrint: {INSTALL_REPORT_EXTRA}; "
                          "or write HTML (--out report.html).") from exc

    # weasyprint logs every CSS property it does not know at WARNING; the report's are deliberate
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(report, scale=scale)
    weasyprint.HTML(string=html, base_url=str(_TEMPLATES)).write_pdf(str(path))
    return path

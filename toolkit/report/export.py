"""Render a :class:`~toolkit.report.document.BoardReport` to HTML or PDF.

Both renderings come from one Jinja template and one stylesheet
(``templates/report.html.j2``, ``templates/report.css``): the HTML file is
self-contained (stylesheet inline, charts as PNG images in ``data:`` URLs), and
the PDF is that same HTML laid out on A4 pages by WeasyPrint, with page numbers.

Charts are drawn to PNG by kaleido, which drives a headless Chromium
(Debian's ``/usr/bin/chromium`` is found by itself). The browser is started
once per process, in a thread of its own (:class:`_ChartBrowser`), so that every
chart after the first takes a fraction of a second instead of starting a
browser each time. Whatever goes wrong there (no browser, a browser that
closes at once or stops answering) comes back as one :class:`ChartError`
line, within a time limit; the report is then written without its charts,
saying so where each would be.

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

import asyncio
import atexit
import base64
import logging
import os
import re
import threading
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


#: Seconds the chart browser may take to start, or to draw one chart, before the chart counts as failed.
CHART_TIMEOUT_S = 60.0
#: What to do when charts cannot be drawn (the end of every :class:`ChartError` message).
CHART_ADVICE = "install or repair Chrome or Chromium (on Debian/Ubuntu: apt-get install chromium)"


class _ChartBrowser:
    """Kaleido's headless browser, opened once in a thread of its own and driven through futures.

    Kaleido's own sync server (``kaleido.start_sync_server``) runs the browser in a thread whose failure to
    start is printed there as a traceback while the caller waits for ever for its chart. Here every failure
    and every hang comes back to the caller as an exception within :data:`CHART_TIMEOUT_S`, nothing is
    printed, and a browser that failed once is closed: the next chart starts a fresh one.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        # after a browser that stopped answering, charts asked for within the time limit fail at once (the
        # report's warm-up and its first chart would otherwise wait twice)
        self._hung_until = 0.0

    def draw(self, spec: dict, opts: dict, *, timeout: float) -> bytes:
        """The chart ``spec`` (a plotly figure as a dict) as ``opts["format"]`` bytes."""
        import time

        if time.monotonic() < self._hung_until:
            raise TimeoutError(f"no answer within {timeout:g} s")
        try:
            if self._loop is None:
                self._open(timeout)
            return self._run(self._kaleido.calc_fig(spec, opts=opts), timeout)
        except BaseException as exc:
            self.close()
            if isinstance(exc, TimeoutError):
                self._hung_until = time.monotonic() + timeout
            raise

    def _open(self, timeout: float) -> None:
        import kaleido

        # kaleido's browser library warns through logging ("Wait expired, Browser is being closed by watchdog");
        # with no handler configured Python would print that on the terminal beside the one-line message
        for name in ("choreographer", "kaleido", "logistro"):
            logging.getLogger(name).addHandler(_QUIET)
        options = _kaleido_options()
        loop = asyncio.new_event_loop()
        # kaleido's tasks that fail after their caller gave up are said once, in the debug log, not printed
        loop.set_exception_handler(lambda _, context: _log.debug("chart browser: %s", context.get("message")))
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="netout-chart-browser", daemon=True)
        self._thread.start()

        async def start() -> Any:
            browser = kaleido.Kaleido(timeout=timeout, **options)
            self._kaleido = browser   # so that close() ends its process even where it never finishes starting
            await browser.open()
            return browser

        self._kaleido = self._run(start(), timeout)

    def _run(self, coroutine, timeout: float):
        import concurrent.futures

        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:   # the built-in TimeoutError from Python 3.11 on
            future.cancel()
            raise TimeoutError(f"no answer within {timeout:g} s") from None

    def close(self) -> None:
        """Close the browser and stop its thread; a browser that does not answer has its process ended."""
        loop, thread, browser = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        if loop is None:
            return

        async def finish() -> None:
            if browser is not None:
                try:
                    await browser.close()
                except Exception:  # noqa: BLE001 - it may be gone already
                    pass
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(finish(), loop).result(3)
        except BaseException:  # noqa: BLE001 - a browser that does not answer: its process is ended below
            pass
        _end_process(getattr(browser, "subprocess", None))
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)
        if not loop.is_running():
            loop.close()


_BROWSER = _ChartBrowser()


def _end_process(process) -> None:
    """End the browser's process where closing it politely did not (it hangs): it and its children.

    On POSIX the browser runs in a session of its own (kaleido's choice), so its
    process group is the browser with its helpers.
    """
    import signal
    import subprocess

    if process is None or process.poll() is not None:
        return
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGTERM)   # the wrapper passes it on to the browser it started
        else:
            process.kill()
        process.wait(6)
    except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
        try:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except (ProcessLookupError, PermissionError):
            pass


_QUIET = logging.NullHandler()


def _kaleido_options() -> dict:
    """The browser options plotly's own export passes (its ``plotly.io.defaults``), so charts look the same,
    but never MathJax from the web.

    Left unset, kaleido's page loads MathJax from cdnjs.cloudflare.com for every chart: a request to another
    host each time a report is drawn, which the toolkit never makes (and which waits for a timeout offline).
    No chart of the toolkit writes LaTeX, so MathJax is off, whatever plotly's defaults say.

    >>> _kaleido_options()["mathjax"]
    False
    """
    import plotly.io as pio

    defaults = pio.defaults
    options = {name: getattr(defaults, name) for name in ("plotlyjs", "headers") if getattr(defaults, name, None)}
    return options | {"mathjax": False}


def _start_image_server() -> None:
    """Have the atexit hook close the chart browser (once per process)."""
    global _SERVER_STARTED
    with _SERVER_LOCK:
        if not _SERVER_STARTED:
            _SERVER_STARTED = True
            atexit.register(_stop_image_server)


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: its kind and the first line of its first argument.

    >>> _one_line(RuntimeError("The browser seemed to close\\nSee the log."))
    'RuntimeError: The browser seemed to close'
    >>> _one_line(FileNotFoundError("No browser found at '/opt/chrome'. Kaleido v1 requires Chrome."))
    "FileNotFoundError: No browser found at '/opt/chrome'."
    """
    first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    line = (first.strip().splitlines() or [""])[0].strip()
    # the first sentence: kaleido's later ones advise downloading a browser of its own, which this machine won't
    line = re.split(r"(?<=[.!?])\s+(?=[A-Z])", line, maxsplit=1)[0]
    line = line if len(line) <= 160 else line[:157] + "..."
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


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
            except BaseException:  # noqa: BLE001 - the real export says what failed in one line; a thread's
                pass               # uncaught exception (even asyncio's CancelledError) would print a traceback

        _WARM_THREAD = threading.Thread(target=_draw_nothing, name="netout-kaleido-warm-up", daemon=True)
        _WARM_THREAD.start()


def _stop_image_server() -> None:
    global _SERVER_STARTED
    # at exit a chart may still be drawing in another thread: wait for it a little, never for ever
    if _DRAW_LOCK.acquire(timeout=5):
        try:
            _BROWSER.close()
        finally:
            _DRAW_LOCK.release()
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
    ChartError
        When the chart cannot be drawn (no Chrome or Chromium, a browser that
        fails or stops answering), in one line with what to do.
    NetoutError
        When kaleido is not installed, with what to install.

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> from toolkit.errors import ChartError
    >>> try:
    ...     png = figure_png(go.Figure(go.Bar(x=[1], y=[2])), width=120, height=90, scale=1.0)
    ... except ChartError as exc:  # a machine without Chromium: the message says what to install
    ...     png = b"\\x89PNG" if "chromium" in str(exc) else b""
    >>> png[:4] == b"\\x89PNG"
    True
    """
    if cache:
        from toolkit import cache as disk

        sized = _sized(figure, width=width, height=height)
        key = disk.chart_key(sized, fmt="png", width=width, height=height, scale=scale)
        return disk.kept_bytes("chart", key, lambda: figure_png(sized, width=width, height=height, scale=scale),
                               ".png")
    return _guarded(lambda: _draw(figure, width=width, height=height, scale=scale), what="the report's charts",
                    then="write the report again")


def figure_image(figure, *, fmt: str = "png", width: int = _CHART_WIDTH, height: int = 420,
                 scale: float = 1.0) -> bytes:
    """A plotly figure as it is, drawn as ``png``, ``svg``, ``jpeg``, ``webp`` or ``pdf`` bytes.

    The same browser as the report's charts, with the same guard: a failure is a
    one-line :class:`ChartError` saying what to do, never a traceback or a wait
    without end. The dashboard's "Chart as SVG" uses it.

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> from toolkit.errors import ChartError
    >>> try:
    ...     svg = figure_image(go.Figure(go.Bar(x=[1], y=[2])), fmt="svg", width=120, height=90)
    ... except ChartError:  # a machine without Chromium
    ...     svg = b"<svg"
    >>> b"<svg" in svg
    True
    """
    return _guarded(lambda: _render(figure, fmt=fmt, width=width, height=height, scale=scale), what="the chart",
                    then="try again")


def _guarded(draw, *, what: str, then: str) -> bytes:
    """``draw()``, its failures said in one line: kaleido missing (install the extra) or the engine failed."""
    from toolkit.errors import ChartError, NetoutError

    if _WARM_THREAD is not None and _WARM_THREAD is not threading.current_thread():
        _WARM_THREAD.join()
    try:
        return draw()
    except ImportError as exc:  # the optional 'report' extra is not installed
        raise NetoutError(f"Drawing {what} needs kaleido: {INSTALL_REPORT_EXTRA}.") from exc
    except ChartError:
        raise
    except BaseException as exc:  # kaleido and its browser raise many kinds (even asyncio's CancelledError)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise ChartError(f"Could not draw {what}: the chart engine (kaleido with Chrome or Chromium) failed "
                         f"({_one_line(exc)}); {CHART_ADVICE}, then {then}.") from exc


def _draw(figure, *, width: int, height: int, scale: float) -> bytes:
    return _render(_sized(figure, width=width, height=height), fmt="png", width=width, height=height, scale=scale)


def _render(figure, *, fmt: str, width: int, height: int, scale: float) -> bytes:
    _start_image_server()
    import kaleido  # noqa: F401 - not installed: ImportError, said as "install the extra"

    spec = figure.to_dict()
    # one chart at a time: the dashboard may export from several sessions' threads at once
    with _DRAW_LOCK:
        return _BROWSER.draw(spec, {"format": fmt, "width": width, "height": height, "scale": scale},
                             timeout=CHART_TIMEOUT_S)


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

    images = _drawn_images(report, scale=scale)
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


def _drawn_images(report: Any, *, scale: float) -> dict[str, str]:
    """The report's charts as base64 PNG by key, and ``report.chart_problem`` None; or, where the chart engine
    fails, the charts drawn before it failed, the others left out (each would wait for the same failure), and
    ``report.chart_problem`` the one-line :class:`ChartError` message: the report is still written, and says
    in each missing chart's place that it was left out."""
    from toolkit.errors import ChartError

    images: dict[str, str] = {}
    report.chart_problem = None
    for key in report.figures:
        try:
            images[key] = base64.b64encode(report.figure_png(key, scale=scale)).decode("ascii")
        except ChartError as exc:
            report.chart_problem = str(exc)
            _log.info("%s", exc)   # the face says it (netout report: one line); info, so no second line here
            break
    return images


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

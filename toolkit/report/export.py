"""Render a :class:`~toolkit.report.builder.BoardReport` to HTML or PDF.

Both renderings come from one Jinja template and one stylesheet
(``templates/report.html.j2``, ``templates/report.css``): the HTML file is
self-contained (stylesheet inline, charts as PNG images in ``data:`` URLs), and
the PDF is that same HTML laid out on A4 pages by WeasyPrint, with page numbers.

Charts are drawn to PNG by plotly with kaleido, which drives a headless
Chromium (Debian's ``/usr/bin/chromium`` is found by itself). Kaleido's sync
server is started once per process, so that every chart after the first takes
a fraction of a second instead of starting a browser each time.

Example
-------
>>> import toolkit
>>> report = toolkit.build_report("data/demo")      # doctest: +SKIP
>>> write_pdf(report, "/tmp/board.pdf")             # doctest: +SKIP
"""

from __future__ import annotations

import atexit
import base64
import re
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.report.builder import BoardReport

_TEMPLATES = Path(__file__).parent / "templates"
_SERVER_LOCK = threading.Lock()
_SERVER_STARTED = False
_WARM_THREAD: threading.Thread | None = None
_DRAW_LOCK = threading.Lock()
# Charts are drawn at this many CSS pixels across; the page shows them at full text width.
_CHART_WIDTH = 760
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


def figure_png(figure, *, width: int = _CHART_WIDTH, height: int = 420, scale: float = 2.0) -> bytes:
    """A plotly figure as PNG bytes (white background, sized for an A4 page).

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
    width, height : int
        Size in CSS pixels.
    scale : float
        Pixel density (2 gives sharp print).

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> png = figure_png(go.Figure(go.Bar(x=[1], y=[2])))   # doctest: +SKIP
    >>> png[:4] == b"\\x89PNG"                                # doctest: +SKIP
    True
    """
    from toolkit.errors import NetoutError

    if _WARM_THREAD is not None and _WARM_THREAD is not threading.current_thread():
        _WARM_THREAD.join()
    try:
        return _draw(figure, width=width, height=height, scale=scale)
    except Exception as exc:  # noqa: BLE001 - kaleido raises several kinds; all mean "no browser"
        raise NetoutError(
            "Could not draw the report's charts: kaleido needs Chrome or Chromium "
            f"(on Debian/Ubuntu: apt-get install chromium). Details: {exc}"
        ) from exc


def _draw(figure, *, width: int, height: int, scale: float) -> bytes:
    _start_image_server()
    fig = figure.__class__(figure)  # a copy: the report's figure stays as built
    fig.update_layout(width=width, height=height, paper_bgcolor="white", plot_bgcolor="white")
    # one chart at a time: the dashboard may export from several sessions' threads at once
    with _DRAW_LOCK, warnings.catch_warnings():
        # plotly warns that per-call browser options are ignored when the shared server runs
        warnings.simplefilter("ignore", UserWarning)
        return fig.to_image(format="png", width=width, height=height, scale=scale)


def render_html(report: "BoardReport", *, scale: float = 2.0) -> str:
    """The report as one self-contained HTML document (a string)."""
    import jinja2

    from toolkit import __version__, plots

    images = {}
    for key, fig in report.figures.items():
        if (key, scale) not in report._images:
            report._images[(key, scale)] = figure_png(fig.figure, width=fig.width, height=fig.height, scale=scale)
        images[key] = base64.b64encode(report._images[(key, scale)]).decode("ascii")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.tests["numeric_cell"] = lambda cell: bool(_NUMERIC_CELL.match(str(cell)))
    template = env.get_template("report.html.j2")
    by_label = "networking style" if report.by == "style" else report.by.replace("_", " ")
    return template.render(
        report=report,
        images=images,
        css=(_TEMPLATES / "report.css").read_text(encoding="utf-8"),
        version=__version__,
        outcome_label=plots.outcome_label(report.outcome),
        by_label=by_label,
    )


def write_html(report: "BoardReport", path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the report as a self-contained HTML file; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, scale=scale), encoding="utf-8")
    return path


def write_pdf(report: "BoardReport", path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the report as an A4 PDF with page numbers; returns the path."""
    import logging

    import weasyprint

    # weasyprint logs every CSS property it does not know at WARNING; the report's are deliberate
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = render_html(report, scale=scale)
    weasyprint.HTML(string=html, base_url=str(_TEMPLATES)).write_pdf(str(path))
    return path

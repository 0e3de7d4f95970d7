"""The board report as a plain object: sections, formatted tables and plotly figures.

:func:`toolkit.report.build_report` fills a :class:`BoardReport`;
:mod:`toolkit.report.export` renders it (HTML, PDF). This module sits below
both, so that building and exporting never import each other: the object
knows how to export itself by calling the exporter, and the exporter reads the
object's public fields and methods only.

Example
-------
>>> section = Section("summary", "Executive summary", paragraphs=["All went well."])
>>> report = BoardReport(title="T", subtitle="S", generated="2026-01-01", sections=[section], figures={},
...                      tables={}, outcome="new_contacts", by="style")
>>> report.section("summary").paragraphs
['All went well.']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass
class ReportFigure:
    """One chart of the report: a plotly figure with a title and a caption, and its size on paper.

    ``figure`` may be given as a function that builds the figure: it is then
    built when first read. With ``source``, a digest of everything the picture
    is drawn from (the chart's inputs and the code that draws it, see
    :func:`toolkit.cache.source_key`), an export that keeps charts on disk reads
    a picture drawn before without building the figure at all: building the
    report's three figures costs about a second of plotly's validation.

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> ReportFigure("effects", "Difference in new contacts", go.Figure(), caption="Square: the estimate.").height
    420
    >>> later = ReportFigure("effects", "Difference", lambda: go.Figure(go.Bar(y=[1])))
    >>> type(later.figure).__name__       # built on first use
    'Figure'
    """

    key: str
    title: str
    figure: Any
    caption: str = ""
    width: int = 760
    height: int = 420
    #: a digest of what the picture is drawn from ('' for none): the same source gives the same picture
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if callable(self.figure):  # a recipe: keep it aside, so that reading ``figure`` builds it (__getattr__)
            self.__dict__["_build"] = self.__dict__.pop("figure")

    @property
    def unbuilt(self) -> bool:
        """True while the figure is still only a recipe: nobody has read (or could have edited) it."""
        return "_build" in self.__dict__

    def __getattr__(self, name: str) -> Any:
        # called only when ``figure`` is not set yet: build it once from the recipe
        build = self.__dict__.get("_build")
        if name == "figure" and build is not None:
            self.figure = build()
            del self.__dict__["_build"]
            return self.figure
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        # a recipe (a closure) cannot be pickled: a pickled report carries its built figures
        self.figure  # noqa: B018 - builds the figure where it is still a recipe
        return dict(self.__dict__)


@dataclass
class ReportTable:
    """One table of the report, already formatted as text for people.

    ``frame`` holds strings only (rounding happens before, at the edge: see
    :mod:`toolkit.wording`); ``notes`` are footnotes printed under the table.

    Example
    -------
    >>> table = ReportTable("counts", "Attendees", pd.DataFrame({"Format": ["Structured"], "Attendees": ["120"]}))
    >>> table.frame.columns.tolist(), table.notes
    (['Format', 'Attendees'], [])
    """

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    """One section: a lead sentence, paragraphs, bullet points, headed lists, then figures and tables (by key).

    Example
    -------
    >>> Section("method", "How we worked this out", paragraphs=["We counted contacts."], appendix=False).title
    'How we worked this out'
    """

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    lead: str = ""
    figures: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    appendix: bool = False
    #: the certainty state of the section's answer (``toolkit.wording.CERTAINTY_STATES``) and its label, shown
    #: as a badge above the lead ('' for none)
    certainty: str = ""
    certainty_label: str = ""


@dataclass
class BoardReport:
    """The post-event board report: sections, figures and tables, ready to export.

    Build it with :func:`toolkit.report.build_report`; export it with
    :meth:`to_html` or :meth:`to_pdf` (the same content in both). The raw tidy
    results the report was built from stay available for analysts: ``effects``
    (one row per segment, columns of ``toolkit.contract.EFFECT_COLUMNS``),
    ``recommendation`` and ``facts`` (the key numbers, unrounded).

    Example
    -------
    >>> report = BoardReport(title="Networking sessions", subtitle="Event report: E1", generated="2026-05-01",
    ...                      sections=[Section("summary", "Executive summary", paragraphs=["It worked."])],
    ...                      figures={}, tables={}, outcome="new_contacts", by="style")
    >>> print(report.text())
    Networking sessions
    Event report: E1
    Executive summary
    It worked.
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     html = report.to_html(pathlib.Path(folder) / "report.html").read_text(encoding="utf-8")
    >>> "It worked." in html and html.startswith("<!DOCTYPE html>")
    True
    """

    title: str
    subtitle: str
    generated: str
    sections: list[Section]
    figures: dict[str, ReportFigure]
    tables: dict[str, ReportTable]
    outcome: str
    by: str
    effects: pd.DataFrame | None = None
    recommendation: Any = None
    facts: dict[str, Any] = field(default_factory=dict)
    #: headline numbers shown as tiles above the summary: (label, value) pairs, already formatted
    highlights: list[tuple[str, str]] = field(default_factory=list)
    # PNG renderings of the figures by (key, scale), so that HTML and PDF draw each chart once
    _images: dict[tuple[str, float], bytes] = field(default_factory=dict, repr=False, compare=False)
    #: keep drawn charts on disk and read them back (:mod:`toolkit.cache`); set by ``build_report(cache=True)``
    image_cache: bool = field(default=False, repr=False, compare=False)
    #: why the charts were left out of the last rendering (the chart engine failed), else None; the file is written
    #: without them and says so in their place (:func:`toolkit.report.export.render_html`)
    chart_problem: str | None = field(default=None, repr=False, compare=False)

    def section(self, key: str) -> Section:
        """The section with this key (``summary``, ``key_figures``, ``effects``, ``funnel``,
        ``recommendation``, ``method``, ``data_quality``)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"no section {key!r}; the report has {[s.key for s in self.sections]}")

    def text(self) -> str:
        """The report's words (titles, paragraphs, bullets, table cells) as plain text."""
        lines = [self.title, self.subtitle] + [f"{label}: {value}" for label, value in self.highlights]
        for section in self.sections:
            lines.append(section.title)
            lines += ([section.certainty_label] if section.certainty_label else [])
            lines += ([section.lead] if section.lead else []) + section.paragraphs + section.bullets
            for heading, items in section.lists:
                lines += [heading] + items
            for key in section.tables:
                table = self.tables[key]
                lines.append(table.title)
                lines.append(table.frame.to_string(index=False))
                lines += table.notes
        return "\n".join(lines)

    def figure_png(self, key: str, *, scale: float = 2.0) -> bytes:
        """The figure ``key`` as PNG bytes, drawn once per scale (HTML and PDF reuse it)."""
        if (key, scale) not in self._images:
            from toolkit.report.export import figure_png

            figure = self.figures[key]
            if self.image_cache and figure.source and figure.unbuilt:
                # kept under what the chart is drawn from: a picture drawn before is read back without
                # building its figure (plotly) or starting a browser; a figure built (and perhaps edited)
                # since is kept under its own content instead
                from toolkit import cache

                png = cache.kept_bytes(
                    "chart", cache.chart_source_key(figure.source, fmt="png", width=figure.width,
                                                    height=figure.height, scale=scale),
                    lambda: figure_png(figure.figure, width=figure.width, height=figure.height, scale=scale),
                    ".png")
            else:
                png = figure_png(figure.figure, width=figure.width, height=figure.height, scale=scale,
                                 cache=self.image_cache)
            self._images[(key, scale)] = png
        return self._images[(key, scale)]

    def to_html(self, path: str | Path, *, scale: float = 2.0) -> Path:
        """Write a self-contained HTML file (charts embedded as PNG images) and return its path."""
        from toolkit.report.export import write_html

        return write_html(self, path, scale=scale)

    def to_pdf(self, path: str | Path, *, scale: float = 2.0) -> Path:
        """Write an A4 PDF with page numbers and return its path."""
        from toolkit.report.export import write_pdf

        return write_pdf(self, path, scale=scale)

"""The board report as one HTML string, for a face to show before anyone downloads it (the dashboard's preview).

It sits above both the builder and the exporter (they do not import each other), and renders the same
template as the HTML file, so the preview is the report.

Example
-------
>>> import toolkit
>>> from toolkit.report.preview import preview_html
>>> data = toolkit.load_event_data(toolkit.example_folder(), secret="example")
>>> html = preview_html(data, outcome="new_contacts", by="style", charts=False)
>>> html.startswith("<!DOCTYPE html>"), "The answer" in html, "data:image/png" in html
(True, True, False)
"""

from __future__ import annotations

import dataclasses
from typing import Any

from toolkit.report.builder import build_report
from toolkit.report.document import BoardReport
from toolkit.report.export import render_html

__all__ = ["preview_html"]


def preview_html(data_or_report: Any, *, outcome: str = "new_contacts", by: str | None = None,
                 event: str | None = None, charts: bool = True, scale: float = 1.0,
                 random_state: int | None = 0) -> str:
    """The report as a self-contained HTML document (a string) to show in a page.

    Parameters
    ----------
    data_or_report : BoardReport, str, Path, EventData or DataFrame
        A report already built, or what :func:`toolkit.report.build_report` takes.
    outcome, by, event, random_state
        As for :func:`toolkit.report.build_report` (ignored when a report is given); ``by`` left out is the
        grouping every face opens on (:func:`toolkit.compare.default_grouping`).
    charts : bool, default True
        Draw the charts (about 0.2-1 s each with kaleido); False leaves them out for a quick text preview,
        which needs no browser.
    scale : float, default 1.0
        Pixel density of the charts (the files use 2 for print).

    Returns
    -------
    str
        The HTML document; it reads on a phone (390 px) as on a desk.

    Example
    -------
    >>> from toolkit.report.document import BoardReport, Section
    >>> report = BoardReport(title="T", subtitle="S", generated="2026-05-01", figures={}, tables={},
    ...                      sections=[Section("summary", "The answer", lead="Run both.")],
    ...                      outcome="new_contacts", by="style")
    >>> "Run both." in preview_html(report)
    True
    """
    report = data_or_report if isinstance(data_or_report, BoardReport) else build_report(
        data_or_report, outcome=outcome, by=by, event=event, random_state=random_state)
    if not charts:
        # the same report without its pictures: sections keep their words and tables
        report = dataclasses.replace(report, figures={}, sections=[dataclasses.replace(s, figures=[])
                                                                   for s in report.sections], _images={})
    return render_html(report, scale=scale)

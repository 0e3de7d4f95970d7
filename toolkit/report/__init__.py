"""The post-event board report: built as an object, then exported to HTML or PDF.

- :mod:`toolkit.report.builder`: :func:`build_report` runs the pipeline on an
  event folder (or loaded data) and :func:`compose_report` turns results into
  a :class:`BoardReport` (sections, figures, tables);
- :mod:`toolkit.report.document`: the report object itself;
- :mod:`toolkit.report.preview`: :func:`preview_html`, the report as an HTML
  string for a page to show (the dashboard's preview), charts optional;
- :mod:`toolkit.report.export`: :meth:`BoardReport.to_html` writes a
  self-contained HTML file with the charts embedded as PNG images;
  :meth:`BoardReport.to_pdf` writes an A4 PDF with page numbers. Both render
  the same template.

Building and exporting do not import each other: both import the object, and
the object calls the exporter when asked to export itself.

Example
-------
>>> import toolkit
>>> toolkit.build_report is build_report, MIN_GROUP_SIZE
(True, 5)
"""

from toolkit.report.builder import build_report, compose_report
from toolkit.report.document import BoardReport, ReportFigure, ReportTable, Section
from toolkit.report.preview import preview_html
from toolkit.wording import MIN_GROUP_SIZE, SMALL_GROUP_TEXT

__all__ = [
    "MIN_GROUP_SIZE",
    "SMALL_GROUP_TEXT",
    "BoardReport",
    "ReportFigure",
    "ReportTable",
    "Section",
    "build_report",
    "compose_report",
    "preview_html",
]

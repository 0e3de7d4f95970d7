"""The post-event board report: built as an object, then exported to HTML or PDF.

- :func:`build_report` runs the pipeline on an event folder (or loaded data)
  and returns a :class:`BoardReport` (sections, figures, tables);
- :meth:`BoardReport.to_html` writes a self-contained HTML file with the
  charts embedded as PNG images; :meth:`BoardReport.to_pdf` writes an A4 PDF
  with page numbers. Both render the same template.

Example
-------
>>> import toolkit
>>> report = toolkit.build_report("data/demo", outcome="new_contacts", by="style")  # doctest: +SKIP
>>> report.to_pdf("board-report.pdf")                                              # doctest: +SKIP
"""

from toolkit.report.builder import (
    MIN_GROUP_SIZE,
    SMALL_GROUP_TEXT,
    BoardReport,
    ReportFigure,
    ReportTable,
    Section,
    build_report,
    compose_report,
)

__all__ = [
    "MIN_GROUP_SIZE",
    "SMALL_GROUP_TEXT",
    "BoardReport",
    "ReportFigure",
    "ReportTable",
    "Section",
    "build_report",
    "compose_report",
]

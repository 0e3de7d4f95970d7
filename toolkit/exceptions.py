"""The toolkit's own exceptions: the lowest layer, importing nothing from the toolkit.

They live apart from the problem report (:mod:`toolkit.errors`, which
re-exports them) so that :mod:`toolkit.privacy` can raise them while the
report redacts what it records by the privacy rule: exceptions, then privacy,
then the report, and no arrow pointing back up.

- :class:`NetoutError`: every error the toolkit raises on purpose;
- :class:`UsageError`: a caller asked for something that cannot be done; also a
  :class:`ValueError`, as scikit-learn's errors are, so generic code that
  catches ``ValueError`` for a bad argument catches it too;
- :class:`DataValidationError`: the data cannot be used; ``report`` lists why;
- :class:`ChartError`: the static-image engine (kaleido and its browser)
  could not draw a chart; a report is then written without it.

Example
-------
>>> isinstance(UsageError("--by: no column 'sector'"), ValueError)
True
>>> issubclass(DataValidationError, ValueError)
False
"""

from __future__ import annotations

from typing import Any

class NetoutError(Exception):
    """Base class of every error the toolkit raises on purpose.

    The CLI, the dashboard and the report catch it and show its message;
    anything else is a bug.

    Example
    -------
    >>> try:
    ...     raise NetoutError("attendees.csv is missing from /tmp/event")
    ... except NetoutError as exc:
    ...     print(exc)
    attendees.csv is missing from /tmp/event
    """


class UsageError(NetoutError, ValueError):
    """A caller asked for something that cannot be done (bad option, unknown column).

    Also a :class:`ValueError`: an argument had the right type and a wrong value.

    Example
    -------
    >>> error = UsageError("--by: no column 'sector'")
    >>> isinstance(error, NetoutError), isinstance(error, ValueError)
    (True, True)
    """


class DataValidationError(NetoutError):
    """The data cannot be used as it is; ``report`` lists every problem found.

    Example
    -------
    >>> from toolkit.errors import ValidationReport
    >>> report = ValidationReport()
    >>> _ = report.add("sessions.csv", row=3, column="format", value="mingle",
    ...                message="format must be structured or unstructured")
    >>> DataValidationError(report).report is report
    True
    """

    def __init__(self, report: Any, message: str | None = None):
        # ``report`` is a toolkit.errors.ValidationReport (defined above this module, so not imported)
        self.report = report
        super().__init__(message or report.summary())


class ChartError(NetoutError):
    """The static-image engine (kaleido driving Chrome or Chromium) could not draw a chart.

    Its message is one line: what failed and what to do. The report catches it
    and is written without its charts, saying so in their place
    (:func:`toolkit.report.export.render_html`); a missing ``kaleido`` package is a plain
    :class:`NetoutError` instead (install the extra).

    Example
    -------
    >>> error = ChartError("Could not draw the chart: the chart browser did not start")
    >>> isinstance(error, NetoutError)
    True
    """

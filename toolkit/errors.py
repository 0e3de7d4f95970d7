"""Problems found in event data, and the toolkit's own exceptions.

A :class:`Problem` names the file, the spreadsheet row, the column, the value
and a sentence a person can act on. A :class:`ValidationReport` collects them
all (validation is lazy: every problem comes back at once) together with the
rows that were set aside, so that nothing is dropped silently. What a report
records is redacted by the one personal-data rule (:func:`toolkit.privacy.redact_text`):
problems reach logs, screens and reports.

The exceptions are defined in :mod:`toolkit.exceptions` (below the privacy
rule) and re-exported here, their usual address. This module imports nothing
above it: write the set-aside rows with :func:`toolkit.io.files.write_csv`.

Example
-------
>>> report = ValidationReport()
>>> problem = report.add("contacts.csv", row=7, column="contact_id", value="A99",
...                      message="names an attendee who is not in attendees.csv", table="contacts")
>>> report.ok
False
>>> print(report.problems[0])
ERROR contacts.csv row 7, column contact_id ('A99'): names an attendee who is not in attendees.csv
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

from toolkit.exceptions import ChartError, DataValidationError, NetoutError, UsageError
from toolkit.privacy import redact_text

__all__ = ["ChartError", "DataValidationError", "NetoutError", "Problem", "Severity", "UsageError", "ValidationReport"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem in one place of the input.

    ``row`` is the spreadsheet row number (the header is row 1, the first data
    row is row 2) or ``None`` for a problem with a whole file or column.

    Example
    -------
    >>> print(Problem("attendees.csv", 4, "first_time", "maybe", "write yes or no", "warning"))
    WARNING attendees.csv row 4, column first_time ('maybe'): write yes or no
    """

    file: str
    row: int | None
    column: str | None
    value: object
    message: str
    severity: Severity = "error"
    table: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        place = " ".join(where)
        if self.column:
            place += f", column {self.column}"
        shown = "" if self.value is None or (isinstance(self.value, float) and pd.isna(self.value)) else f" ({self.value!r})"
        return f"{self.severity.upper()} {place}{shown}: {self.message}"


@dataclass
class ValidationReport:
    """Every problem found while loading a folder, and the rows set aside.

    Errors mean the folder cannot be used; warnings mean some rows were set
    aside (listed in ``set_aside`` with their reason) and the rest is usable.

    Example
    -------
    >>> report = ValidationReport()
    >>> report.set_rows_aside("contacts", "contacts.csv", [5, 9], "contact names no attendee")
    >>> len(report.set_aside_frame()), report.ok
    (2, True)
    """

    problems: list[Problem] = field(default_factory=list)
    set_aside: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Columns left out of the analysis tables because they can identify people: table -> {column: kind}.
    dropped_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(
        self,
        file: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        message: str,
        severity: Severity = "error",
        table: str | None = None,
    ) -> Problem:
        """Record one problem and return it (emails and phone numbers redacted: problems reach logs and reports)."""
        # a quoted cell may be a name too; the toolkit's own sentence is not searched for names
        problem = Problem(redact_text(str(file)), row, None if column is None else redact_text(str(column)),
                          redact_text(value, names=True), redact_text(message), severity, table)
        self.problems.append(problem)
        return problem

    def set_rows_aside(self, table: str, file: str, rows: "pd.Series | list[int]", reason: str) -> None:
        """Record rows (spreadsheet row numbers) left out of the analysis, with why."""
        reason = redact_text(reason, names=True)
        for row in list(rows):
            self.set_aside.append({"table": table, "file": str(file), "row": int(row), "reason": reason})

    def extend(self, other: "ValidationReport") -> None:
        self.problems.extend(other.problems)
        self.set_aside.extend(other.set_aside)
        self.notes.extend(other.notes)
        for table, dropped in other.dropped_columns.items():
            self.dropped_columns.setdefault(table, {}).update(dropped)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """Problems as a tidy table: severity, file, row, column, value, message."""
        cols = ["severity", "table", "file", "row", "column", "value", "message"]
        if not self.problems:
            return pd.DataFrame(columns=cols)
        frame = pd.DataFrame([asdict(p) for p in self.problems])
        frame["row"] = frame["row"].astype("Int64")
        frame["value"] = frame["value"].map(lambda v: None if v is None else str(v))
        return frame[cols]

    def set_aside_frame(self) -> pd.DataFrame:
        """Rows left out, one per row: table, file, row, reason."""
        return pd.DataFrame(self.set_aside, columns=["table", "file", "row", "reason"])

    def summary(self) -> str:
        lines = [f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), {len(self.set_aside)} row(s) set aside"]
        lines += [str(p) for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"... and {len(self.problems) - 50} more (see the full report)")
        return "\n".join(lines)

    def raise_if_errors(self) -> None:
        """Raise :class:`DataValidationError` when any problem is an error."""
        if not self.ok:
            raise DataValidationError(self)

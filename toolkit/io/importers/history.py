"""What the importers left out of an event folder, read back from its ``import_report.csv`` files.

The loader knows only the rows of the tables it reads; rows an importer set
aside (cancelled tickets, no-shows, a badge not on the list, a repeated scan)
never reach those tables. The board report and the dashboard's Data page show
them beside the loader's, so that neither says "no row was set aside" of a
folder whose import left rows out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import DataValidationError, UsageError
from toolkit.io.importers._common import REPORT_COLUMNS, REPORT_FILE, ROW_SKIPPED, WARNING, read_export

#: Columns of :func:`rows_left_out_on_import`.
LEFT_OUT_COLUMNS: tuple[str, ...] = ("event", "file", "reason", "rows")


def import_warnings(folder: str | Path, events: list[str] | None = None, *,
                    every_event: list[str] | None = None) -> pd.DataFrame:
    """The warnings the importers wrote into ``folder``'s import reports: ``event``, ``file``, ``reason``.

    A warning is what an import was told to go ahead with although the data
    look wrong (a survey matching few registered attendees, kept with
    ``--accept-unmatched``; a schedule of several days with nothing to say who
    came on which): the board report and the Data page show it, so that it is
    not lost in the import's output. ``events`` and ``every_event`` choose the
    events as :func:`rows_left_out_on_import` does.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "E01"
    >>> folder.mkdir()
    >>> _ = (folder / "import_report.csv").write_text(
    ...     "what,file,row,column,value,count,reason\\n"
    ...     "warning,survey.csv,,,,,only 2 of the 40 respondents are registered attendees\\n")
    >>> import_warnings(folder).values.tolist()
    [['E01', 'survey.csv', 'only 2 of the 40 respondents are registered attendees']]
    """
    lines = _report_lines(Path(folder), WARNING, events, every_event)
    return lines.drop(columns="rows").drop_duplicates().reset_index(drop=True)


def rows_left_out_on_import(folder: str | Path, events: list[str] | None = None, *,
                            every_event: list[str] | None = None) -> pd.DataFrame:
    """Rows the importers left out of ``folder`` and of its event folders, counted by export and reason.

    Each ``import_report.csv`` in the folder, in its subfolders and in theirs
    is read (a season folder holds one per event folder); its ``row_skipped``
    lines are counted. ``event`` is the name of the folder the report is in
    (the event id an import gives by default). With ``events``, only those
    events' lines are kept; with ``every_event`` too (all the data's events),
    so are the lines of a folder named like none of them (an event imported
    with ``--event`` under another name cannot be told apart, so it is shown).
    A report that cannot be read, or is not an import report, is passed over.
    No cell value is read: the lines name the export, the reason and a count.

    Example
    -------
    >>> import tempfile, pathlib
    >>> season = pathlib.Path(tempfile.mkdtemp())
    >>> (season / "E01").mkdir()
    >>> _ = (season / "E01" / "import_report.csv").write_text(
    ...     "what,file,row,column,value,count,reason\\n"
    ...     "row_skipped,tickets.csv,9,Status,,1,refunded ticket\\n"
    ...     "row_skipped,tickets.csv,12,Status,,1,refunded ticket\\n"
    ...     "note,tickets.csv,,,,,the header is on row 3\\n")
    >>> rows_left_out_on_import(season).values.tolist()
    [['E01', 'tickets.csv', 'refunded ticket', 2]]
    """
    lines = _report_lines(Path(folder), ROW_SKIPPED, events, every_event)
    counted = lines.groupby(["event", "file", "reason"], sort=False)["rows"].sum().reset_index()
    return counted.astype({"event": "string", "file": "string", "reason": "string", "rows": "int64"})


def _report_lines(folder: Path, what: str, events, every_event) -> pd.DataFrame:
    """The lines of one kind from every import report in the folder and two levels below (event, file, reason,
    rows), of the chosen events."""
    found = [folder / REPORT_FILE, *sorted(folder.glob(f"*/{REPORT_FILE}")), *sorted(folder.glob(f"*/*/{REPORT_FILE}"))]
    frames = [lines for path in found if path.is_file() and (lines := _lines(path, what)) is not None and len(lines)]
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name == "rows" else "string") for name in LEFT_OUT_COLUMNS})
    lines = pd.concat(frames, ignore_index=True)
    if events is not None:
        unknown = ~lines["event"].isin(every_event) if every_event is not None else False
        lines = lines[lines["event"].isin(events) | unknown]
    return lines


def _lines(path: Path, what: str) -> pd.DataFrame | None:
    """The lines of one kind of one import report (event, file, reason, rows), or None where it is not one."""
    try:
        report = read_export(path)
    except (UsageError, DataValidationError, OSError):
        return None
    if list(report.columns) != list(REPORT_COLUMNS):
        return None
    skipped = report[report["what"] == what]
    # a line stands for one row, or for ``count`` rows where one reason covers many
    # a count that is no whole number of rows (a hand-edited or crafted report: "inf", "-3", "1e30") counts one
    counts = pd.to_numeric(skipped["count"], errors="coerce").astype(float)
    rows = counts.where(np.isfinite(counts) & (counts >= 1) & (counts <= 1e9), 1).round().astype("int64")
    return pd.DataFrame({"event": path.parent.name, "file": skipped["file"].fillna("").astype(str),
                         "reason": skipped["reason"].fillna("").astype(str), "rows": rows.to_numpy()})

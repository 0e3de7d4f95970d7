"""Plumbing shared by the importers: the import report, codebooks, writing an event folder.

Private to ``toolkit.io.importers``; the public names are re-exported by the package.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import TABLES
from toolkit.errors import DataValidationError, UsageError
from toolkit.io.files import (
    WORKBOOK_SUFFIXES,
    blank_rows,
    empty_unnamed_columns,
    read_table,
    read_text,
    sniff_delimiter,
    worksheet_names,
    write_csv,
)
from toolkit.io.parsing import looks_like_date_time, read_yes_no
from toolkit.privacy import fold_accents, pseudonymise, redact_free_text, redact_text

#: Columns of ``ImportResult.report`` and of ``import_report.csv``.
REPORT_COLUMNS: tuple[str, ...] = ("what", "file", "row", "column", "value", "count", "reason")

#: Kinds of report lines, from the most to the least serious. A warning: written all the same, but read this
#: first (a survey that matches few of the folder's attendees, imported with --accept-unmatched).
WARNING = "warning"
ROW_SKIPPED = "row_skipped"
VALUE_NOT_MAPPED = "value_not_mapped"
COLUMN_NOT_MAPPED = "column_not_mapped"
PERSONAL_DATA = "personal_data"
CODEBOOK_MISFIT = "codebook_misfit"
NOTE = "note"

REPORT_FILE = "import_report.csv"


class ImportLog:
    """Collects what an importer skipped, could not map or wants the user to know.

    Lines can be single rows (``row`` = spreadsheet row, header = 1) or
    aggregates (``row`` empty, ``count`` = how many).

    Example
    -------
    >>> log = ImportLog()
    >>> log.add_rows(ROW_SKIPPED, "no attendee id", file="export.csv", rows=[4, 9])
    >>> log.frame()[["what", "row", "reason"]].values.tolist()
    [['row_skipped', 4, 'no attendee id'], ['row_skipped', 9, 'no attendee id']]
    """

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []
        self._as_written: set[str] = set()

    def quote_as_written(self, values) -> None:
        """Say that these values are a tool's own words (a status matched against the tool's list).

        The report quotes them as they are (``Survey Preview``), where any other value goes through the
        personal-data rule, whose name detector would take two capitalised words for a person's name.

        >>> log = ImportLog()
        >>> log.quote_as_written(["Survey Preview"])
        >>> log.as_written
        frozenset({'Survey Preview'})
        """
        self._as_written.update(str(v) for v in pd.Series(values, dtype="object").dropna())

    @property
    def as_written(self) -> frozenset[str]:
        """The values :meth:`quote_as_written` vouched for."""
        return frozenset(self._as_written)

    def add(self, what: str, reason: str, *, file: str = "", row=None, column: str = "",
            value: object = None, count: int = 1) -> None:
        """Record one line (one row, one column or one aggregate)."""
        self._parts.append(pd.DataFrame({
            "what": [what], "file": [str(file)], "row": [row], "column": [column],
            "value": [None if value is None else str(value)], "count": [int(count)], "reason": [reason],
        }))

    def add_rows(self, what: str, reason: str, *, file: str, rows, column: str = "", values=None) -> None:
        """Record many rows at once (vectorised); ``rows`` are spreadsheet row numbers."""
        rows = pd.Series(rows).reset_index(drop=True)
        if rows.empty:
            return
        vals = (pd.Series([None] * len(rows), dtype="object") if values is None
                else pd.Series(values).reset_index(drop=True).astype("string").astype("object"))
        self._parts.append(pd.DataFrame({
            "what": what, "file": str(file), "row": rows.astype("Int64"), "column": column,
            "value": vals, "count": 1, "reason": reason,
        }))

    def note(self, reason: str, *, file: str = "", column: str = "", count: int = 0) -> None:
        self.add(NOTE, reason, file=file, column=column, count=count)

    def frame(self) -> pd.DataFrame:
        """All lines as one tidy frame with :data:`REPORT_COLUMNS`."""
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype="Int64" if c in ("row", "count") else "string")
                                 for c in REPORT_COLUMNS})
        out = pd.concat(self._parts, ignore_index=True)
        out["row"] = out["row"].astype("Int64")
        out["count"] = out["count"].astype("Int64")
        for col in ("what", "file", "column", "value", "reason"):
            out[col] = out[col].astype("string")
        return out[list(REPORT_COLUMNS)]


@dataclass
class ImportResult:
    """What an importer wrote, and everything it could not map.

    Attributes
    ----------
    kind : str
        The importer used (``sociopatterns``, ``survey``, ``scorecards``).
    out : Path
        The event folder written.
    tables : dict of str to DataFrame
        The contract tables as written (raw text/number columns, as in the files).
    report : DataFrame
        One line per thing not imported or not mapped, columns
        ``what, file, row, column, value, count, reason``; ``what`` is one of
        ``warning``, ``row_skipped``, ``value_not_mapped``, ``column_not_mapped``,
        ``personal_data``, ``codebook_misfit``, ``note``. Also written as ``import_report.csv``.
    files : list of Path
        Files written (tables, ``netout.toml`` where needed, the report).

    Example
    -------
    >>> import tempfile, pathlib
    >>> from toolkit.io.importers import import_export
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "tij_mixer.dat").write_text("20 1 2\\n40 1 2\\n60 2 3\\n300 1 3\\n")
    >>> result = import_export("sociopatterns", [work / "tij_mixer.dat"], out=work / "mixer")
    >>> result.counts()["attendees"], result.rows_skipped, result.report["what"].tolist()
    (3, 0, ['note'])
    """

    kind: str
    out: Path
    tables: dict[str, pd.DataFrame]
    report: pd.DataFrame
    files: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows written per table."""
        return {name: len(frame) for name, frame in self.tables.items()}

    @property
    def rows_skipped(self) -> int:
        """Source rows not imported (each has a line with its reason in ``report``)."""
        skipped = self.report[self.report["what"] == ROW_SKIPPED]
        return int(skipped["count"].sum())

    def summary(self) -> str:
        """A few plain lines for the command line: what was written, what was left out and why."""
        lines = [f"netout import {self.kind}: wrote {self.out}"]
        lines += [f"  {name}.csv: {n:,} rows" for name, n in self.counts().items()]
        rep = self.report
        if rep.empty:
            lines.append("Everything in the source was imported.")
            return "\n".join(lines)
        grouped = (rep.assign(count=rep["count"].fillna(1))
                   .groupby(["what", "reason"], sort=False, dropna=False)
                   .agg(count=("count", "sum"), lines=("count", "size")).reset_index())
        labels = {WARNING: "WARNING (imported all the same)",
                  CODEBOOK_MISFIT: "WARNING: the codebook does not fit this file (imported all the same)",
                  ROW_SKIPPED: "rows not imported", VALUE_NOT_MAPPED: "values not mapped",
                  COLUMN_NOT_MAPPED: "columns not mapped", PERSONAL_DATA: "personal data", NOTE: "notes"}
        for what in (WARNING, CODEBOOK_MISFIT, ROW_SKIPPED, VALUE_NOT_MAPPED, COLUMN_NOT_MAPPED, PERSONAL_DATA, NOTE):
            part = grouped[grouped["what"] == what]
            if part.empty:
                continue
            lines.append(f"{labels[what][:1].upper()}{labels[what][1:]}:")
            for _, line in part.iterrows():  # a handful of distinct reasons, not data rows
                n = int(line["count"]) if what != COLUMN_NOT_MAPPED else int(line["lines"])
                # notes usually carry their number in the sentence already
                shown = n > 1 and not (what == NOTE and f"{n}" in str(line["reason"]))
                lines.append(f"  - {line['reason']}" + (f" ({n:,})" if shown else "")
                             + (_column_names(rep, what, line["reason"]) if what == COLUMN_NOT_MAPPED else ""))
        lines.append(f"Every line is in {self.out / REPORT_FILE}.")
        return "\n".join(lines)


def _column_names(report: pd.DataFrame, what: str, reason: str, *, shown: int = 6) -> str:
    """': Timestamp, Q7 and 3 more': which columns a line is about, so the map can be mended from the screen.

    Column headers are the export's questions and field names, not anyone's answers.
    """
    names = list(dict.fromkeys(report.loc[(report["what"] == what) & (report["reason"] == reason), "column"]
                               .dropna().astype(str)))
    if not names:
        return ""
    return ": " + list_with_more(names, shown)


# ---------------------------------------------------------------------------- reading and writing


def read_export(path: Path, **options) -> pd.DataFrame:
    """A source file through the one table reader (:func:`toolkit.io.files.read_table`); cells as text.

    A file the reader refuses is a :class:`~toolkit.errors.UsageError` naming
    the file and what to do, as every importer refuses a source it cannot use.
    """
    try:
        return read_table(path, text=True, **options)
    except DataValidationError as exc:
        raise UsageError(_said(exc)) from None


#: Rows searched for the header of an export with a title above it.
HEADER_SEARCH_ROWS = 10


def read_export_table(path: Path | bytes, *, sheet=None, header_row: int | None = None,
                      recognised=None, name: str | None = None) -> tuple[pd.DataFrame, int]:
    """An export with one header row, wherever it is: (cells as text, the header's spreadsheet row).

    The header is ``header_row`` where given (``--header-row``), else row 1 where
    ``recognised(names)`` accepts it (or no ``recognised`` is given), else the
    first of the next :data:`HEADER_SEARCH_ROWS` rows it accepts: a title and
    blank rows above the header (``Attendee Summary Report ...``) are left out.
    Where no row is accepted the frame of row 1 comes back, for the importer to
    say what it lacks. The index is each row's spreadsheet row, as always.
    ``path`` may be the file's bytes (an upload), with its file ``name``.

    Example
    -------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.csv"
    >>> _ = path.write_text("Attendee report;;\\n;;\\nEmail;Status;Industry\\na@x.org;Checked In;Law\\n")
    >>> frame, header = read_export_table(path, recognised=lambda names: "Email" in names)
    >>> header, frame.columns.tolist(), frame.index.tolist()
    (3, ['Email', 'Status', 'Industry'], [4])
    """
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1):
        raise UsageError(f"--header-row must be a row number from 1 (the spreadsheet's row of the header), "
                         f"not {header_row!r}.")
    label = name or Path(str(path)).name
    named = {"name": label} if isinstance(path, (bytes, bytearray)) else {}
    if header_row == 1 or (header_row is None and recognised is None):
        return read_export(path, sheet=sheet, **named), 1
    if header_row is None:
        try:
            frame = read_export(path, sheet=sheet, **named)
        except UsageError as exc:  # a title line without separators makes the CSV look ragged
            frame, unreadable = None, exc
        if frame is not None and recognised([str(c) for c in frame.columns]):
            return frame, 1
        rows = _first_rows(path, sheet, 1 + HEADER_SEARCH_ROWS, label)
        found = [n for n, cells in enumerate(rows[1:], start=2) if recognised(cells)]
        if not found:
            if sheet is None:
                _refuse_first_sheet(path, label, recognised)
            if frame is None:
                raise unreadable
            return frame, 1
        header_row = found[0]
    elif header_row > len(_first_rows(path, sheet, header_row, label)):
        raise UsageError(f"{label}: --header-row {header_row}, but the export has fewer rows.")
    if Path(label).suffix.lower() in WORKBOOK_SUFFIXES:
        grid = read_export(path, header=False, sheet=sheet, **named)   # index: spreadsheet rows from 1
        names = _header_names(grid.loc[header_row].tolist())
        frame = grid.loc[header_row + 1:].copy()
        frame.columns = names
        return frame, header_row
    text = read_export_text(path, name=label)
    start = 0
    for _ in range(header_row - 1):
        start = text.index("\n", start) + 1
    frame = read_export(text[start:].encode("utf-8"), name=label)
    frame.index = frame.index + (header_row - 1)
    return frame, header_row


#: Sheet names a message lists at most (a workbook may have dozens).
SHOWN_SHEETS = 8


def _refuse_first_sheet(path: Path | bytes, label: str, recognised) -> None:
    """Stop where a workbook's first sheet has no header the import recognises and another sheet has one.

    The sheet is never switched silently: the first sheet is what the import was given, and a workbook may
    hold the table twice (two days, a copy); the message names the sheet(s) to give with ``--sheet``.
    """
    if Path(label).suffix.lower() not in WORKBOOK_SUFFIXES:
        return
    names = worksheet_names(path) or []
    having = []
    for name in names[1:]:
        try:
            rows = _first_rows(path, name, 1 + HEADER_SEARCH_ROWS, label)
        except UsageError:   # a sheet the reader cannot read (a chart sheet) holds no table
            continue
        if any(recognised(cells) for cells in rows):
            having.append(name)
    if not having:
        return
    first = (f"{label}: its first sheet {names[0]!r} has no header this command recognises in its first "
             f"{1 + HEADER_SEARCH_ROWS} rows; ")
    if len(having) == 1:
        told = f"the sheet {having[0]!r} has one: give {sheet_option(having[0])}"
    else:
        told = (f"the sheets {', '.join(map(repr, having[:-1]))} and {having[-1]!r} have one: give the one that "
                "holds the table with --sheet NAME")
    raise UsageError(f"{first}{told} (another sheet than the first is read only when --sheet names it). The "
                     f"workbook's sheets: {sheet_list(names)}.")


def fold_header(text: object) -> str:
    """A header or word as compared: no case, accents, BOM or repeated spaces; ``_`` reads as a space.

    An API export's ``scanned_by`` is "Scanned By", a plan's ``N°_Table`` is "n° table".

    Example
    -------
    >>> fold_header("Scann\u00e9  par"), fold_header("\ufeffN\u00b0_Table")
    ('scanne par', 'n° table')
    """
    text = str(text).replace("\ufeff", "").replace("\u00a0", " ").replace("_", " ").casefold()
    return " ".join(fold_accents(text).split())


def sheet_option(name: str) -> str:
    """``--sheet NAME`` as typed in a shell: quoted where the name has a space.

    >>> sheet_option("Delegates"), sheet_option("Delegates list")
    ('--sheet Delegates', '--sheet "Delegates list"')
    """
    return f'--sheet "{name}"' if re.search(r"[\s'\"&|;<>()$]", name) else f"--sheet {name}"


def sheet_list(names: list[str]) -> str:
    """A workbook's sheet names for a message, the first :data:`SHOWN_SHEETS` of them.

    >>> sheet_list(["Summary", "Attendees"])
    "'Summary', 'Attendees'"
    """
    return list_with_more(map(repr, names), SHOWN_SHEETS)


def list_with_more(items, limit: int, *, and_last: bool = False) -> str:
    """Items for a message: the first ``limit`` of them, then how many more; ``and_last``: "7, 19 and 33" when all fit.

    >>> list_with_more(["Q1", "Q2", "Q3"], 2), list_with_more(["Q1", "Q2", "Q3"], 3)
    ('Q1, Q2 and 1 more', 'Q1, Q2, Q3')
    >>> list_with_more([7, 19, 33], 10, and_last=True)
    '7, 19 and 33'
    """
    items = [str(item) for item in items]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if and_last and len(items) > 1:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items)


def sheets_hint(sources) -> str:
    """A sentence naming the sheets of a workbook among the sources, where it has several; else "".

    Added to an import's refusal where no ``--sheet`` was given: the first sheet was read, and it may be a
    cover or summary sheet.

    Example
    -------
    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> book = Workbook(); book.active.title = "Cover"; _ = book.create_sheet("Responses")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "survey.xlsx"; book.save(path)
    >>> sheets_hint([path]).split(" and its")[0]
    " survey.xlsx has 2 sheets ('Cover', 'Responses')"
    """
    for source in sources:
        path = Path(source)
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file():
            names = worksheet_names(path) or []
            if len(names) > 1:
                return (f" {path.name} has {len(names)} sheets ({sheet_list(names)}) and its first was read: give "
                        "the one that holds the table with --sheet NAME.")
    return ""


def _first_rows(path: Path | bytes, sheet, count: int, label: str) -> list[list[str]]:
    """The first rows of an export as lists of text cells (empty cells as ""), each line split on its own separator."""
    named = {"name": label} if isinstance(path, (bytes, bytearray)) else {}
    if Path(label).suffix.lower() in WORKBOOK_SUFFIXES:
        grid = read_export(path, header=False, sheet=sheet, **named).head(count)
        return [["" if pd.isna(v) else str(v).strip() for v in row] for row in grid.itertuples(index=False)]
    lines = read_export_text(path, name=label).lstrip("\ufeff").split("\n", count)[:count]
    return [[c.strip() for c in next(csv.reader([line.rstrip("\r")], delimiter=sniff_delimiter(line)), [])]
            for line in lines]


def _header_names(cells: list) -> list[str]:
    """Column names from a header row as pandas gives them: ``Unnamed: k`` for a blank cell, ``x.1`` for a repeat."""
    names, seen = [], {}
    for k, cell in enumerate(cells):
        name = f"Unnamed: {k}" if pd.isna(cell) or not str(cell).strip() else str(cell)
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def tidy_export(frame: pd.DataFrame, log: ImportLog, file: str, *, header_row: int = 1) -> pd.DataFrame:
    """An export without what is no data, each said once in the report: rows above its header, blank rows, empty unnamed columns.

    Wholly blank rows (often at the end of an Excel export) are nobody: not a
    no-show, not a scan with a missing badge. Columns with no header and no
    value (trailing separators) are not imported; an unnamed column with values
    stays, for the importer to report.

    Example
    -------
    >>> frame = pd.DataFrame({"Email": ["a@x.org", np.nan], "Unnamed: 1": [np.nan, np.nan]}, index=[2, 3])
    >>> log = ImportLog()
    >>> tidy_export(frame, log, "r.csv").index.tolist(), log.frame()["reason"].str[:30].tolist()
    ([2], ['1 empty column(s) without a he', 'blank rows left out (no value '])
    """
    if header_row > 1:
        log.note(f"the header is on row {header_row}: the {header_row - 1} row(s) above it (a title) are left out "
                 "(--header-row N says where it is)", file=file, count=header_row - 1)
    empty = empty_unnamed_columns(frame)
    if empty:
        positions = [frame.columns.get_loc(c) + 1 for c in empty]
        log.note(f"{len(empty)} empty column(s) without a header left out (column(s) "
                 f"{', '.join(map(str, positions))}; no values)", file=file, count=len(empty))
        frame = frame.drop(columns=empty)
    blank = blank_rows(frame)
    if blank is not None:
        rows = frame.index[blank]
        shown = ", ".join(map(str, rows[:20])) + (" ..." if len(rows) > 20 else "")
        log.add(ROW_SKIPPED, f"blank rows left out (no value in any cell: row(s) {shown})", file=file,
                count=int(blank.sum()))
        frame = frame[~blank]
    return frame


def read_export_text(path: Path | bytes, *, encoding: str | None = None, name: str | None = None) -> str:
    """A text source (a contact log) through the one reader's size cap and encoding detector."""
    try:
        return read_text(path, encoding=encoding, name=name)[0]
    except DataValidationError as exc:
        raise UsageError(_said(exc)) from None


def _said(exc: DataValidationError) -> str:
    problem = exc.report.problems[0]
    where = problem.file + (f" row {problem.row}" if problem.row is not None else "")
    return f"{where}: {problem.message}."


def prepare_out(out: str | Path, tables: list[str], *, overwrite: bool) -> Path:
    """Create the output folder; refuse to replace existing tables unless asked."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder to write the event tables into.")
    out.mkdir(parents=True, exist_ok=True)
    clash = [f"{t}{s}" for t in tables for s in (".csv", ".xlsx", ".parquet") if (out / f"{t}{s}").exists()]
    if clash and not overwrite:
        raise UsageError(f"{out} already holds {', '.join(clash)}; choose another --out folder "
                         "or pass --force to replace them.")
    for name in clash:
        (out / name).unlink()
    return out


def finish(kind: str, out: Path, tables: dict[str, pd.DataFrame], log: ImportLog,
           extra_files: list[Path] | None = None, *, sources=(), replaces=()) -> ImportResult:
    """Write the tables and the report; return the :class:`ImportResult`.

    ``import_report.csv`` holds the lines of every import into the folder: each
    line names its export in ``file``, and importing an export again replaces
    that export's lines only (several imports build one event folder).
    ``replaces``: other exports whose lines go too (their rows were replaced now).
    """
    files = [write_csv(frame, out / f"{name}.csv") for name, frame in tables.items()]
    files += extra_files or []
    report = log.frame()
    names = [Path(s).name for s in sources]
    if names:
        report["file"] = report["file"].mask(report["file"].fillna("") == "", names[0])
    report["value"] = quote_values(report["value"], as_written=log.as_written)
    # a header is the export's text: one holding an email or phone number (typed by hand, or a respondent's row
    # read as a header) is scrubbed here too, whatever importer recorded it
    report["column"] = report["column"].map(redact_text, na_action="ignore").astype("string")
    earlier = _earlier_report(out, set(names) | set(report["file"].dropna()) | set(replaces))
    files.append(write_csv(pd.concat([earlier, report], ignore_index=True) if len(earlier) else report,
                           out / REPORT_FILE))
    return ImportResult(kind=kind, out=out, tables=tables, report=report, files=files)


def folder_report(out: Path) -> pd.DataFrame:
    """The lines of the imports already made into the folder (``import_report.csv``); empty where there are none.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder_report(pathlib.Path(tempfile.mkdtemp())).columns.tolist() == list(REPORT_COLUMNS)
    True
    """
    return _earlier_report(Path(out), set())


def _earlier_report(out: Path, replaced: set[str]) -> pd.DataFrame:
    """Lines of earlier imports into the folder, except those of the exports imported now."""
    path = out / REPORT_FILE
    if not path.is_file():
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    try:
        earlier = read_export(path)
    except UsageError:
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    if list(earlier.columns) != list(REPORT_COLUMNS):
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    earlier = earlier[~earlier["file"].isin(replaced)].reset_index(drop=True)
    earlier["row"] = pd.to_numeric(earlier["row"], errors="coerce").astype("Int64")
    earlier["count"] = pd.to_numeric(earlier["count"], errors="coerce").astype("Int64")
    return earlier


def quote_values(values: pd.Series, *, as_written=frozenset()) -> pd.Series:
    """Cell values as the report may quote them: dates and times whole, anything else by the one privacy rule.

    A date-time such as ``14/05/2025 18:41`` is not a phone number; a tool's own word
    that the importer matched against the tool's list (``as_written``, e.g. Qualtrics'
    ``Survey Preview``) is not a name; other values go through
    :func:`toolkit.privacy.redact_free_text` (emails, phone numbers and names out).

    Example
    -------
    >>> quote_values(pd.Series(["14/05/2025 18:41", "call +44 7700 900123", "Agre", None])).tolist()
    ['14/05/2025 18:41', 'call [phone]', 'Agre', <NA>]
    >>> quote_values(pd.Series(["Survey Preview", "Jane Doe"]), as_written={"Survey Preview"}).tolist()
    ['Survey Preview', '[name]']
    """
    text = values.astype("string")
    if not text.notna().any():
        return text
    whole = looks_like_date_time(text) | text.isin(set(as_written)).fillna(False)
    return text.where(whole, redact_free_text(text))


def contract_frame(table: str, data: dict[str, object], *, extras: pd.DataFrame | None = None) -> pd.DataFrame:
    """A table with the contract's columns in order (missing optional ones left out), then extras.

    Example
    -------
    >>> contract_frame("sessions", {"format": ["structured"], "session_id": ["S1"], "event_id": ["e1"]}).columns.tolist()
    ['event_id', 'session_id', 'format']
    """
    frame = pd.DataFrame(data)
    ordered = [c for c in TABLES[table].columns if c in frame.columns]
    frame = frame[ordered + [c for c in frame.columns if c not in ordered]]
    if extras is not None and not extras.empty:
        frame = pd.concat([frame.reset_index(drop=True), extras.reset_index(drop=True)], axis=1)
    return frame


def event_format(given: str | None, from_map: str | None, kind: str, log: ImportLog) -> str | None:
    """The one format an event ran: ``--format`` (checked), else the map's ``[KIND] format``; None where neither says.

    Example
    -------
    >>> event_format(None, "structured", "scans", ImportLog()), event_format(None, None, "scans", ImportLog())
    ('structured', None)
    """
    if given is None:
        return from_map
    if given not in ("structured", "unstructured"):
        raise UsageError(f"--format must be structured or unstructured, not {given!r}.")
    if from_map is not None and from_map != given:
        log.note(f"--format {given} used; the map's [{kind}] format = {from_map!r} is overridden")
    return given


def one_format_session(event: str, attendee_ids, *, session_format: str, session_id: str = "all") -> dict:
    """``sessions`` and ``participation`` of an event that ran one format for everyone: one session, all in it.

    The assignment is ``scheduled`` (the contract's word for a format the whole
    event or slot used); every attendee given takes part in the session.

    Example
    -------
    >>> tables = one_format_session("oct", ["a1", "a2"], session_format="structured")
    >>> tables["sessions"].values.tolist(), tables["participation"]["attendee_id"].tolist()
    ([['oct', 'all', 'structured', 'scheduled']], ['a1', 'a2'])
    """
    people = pd.unique(pd.Series(list(attendee_ids), dtype="string").dropna())
    return {"sessions": contract_frame("sessions", {"event_id": [event], "session_id": [session_id],
                                                    "format": [session_format], "assignment": ["scheduled"]}),
            "participation": contract_frame("participation", {"event_id": event, "session_id": session_id,
                                                              "attendee_id": people})}


# ---------------------------------------------------------------------------- names and files


def resolve_event_id(event_id: str | None, out: str | Path, *, known: pd.DataFrame | None = None,
                     from_map: str | None = None) -> str:
    """The event an import belongs to: ``--event``, else the map's, else the folder's one event, else the folder name.

    Importing into ``DIR/EVENT`` takes ``EVENT``, as the loader does for an
    event subfolder. A folder that already holds event subfolders (a season)
    is not an event: then the id must be given.

    Example
    -------
    >>> import tempfile, pathlib
    >>> season = pathlib.Path(tempfile.mkdtemp())
    >>> resolve_event_id(None, season / "spring-mixer"), resolve_event_id("E7", season / "x")
    ('spring-mixer', 'E7')
    >>> (season / "spring-mixer").mkdir(); _ = (season / "spring-mixer" / "attendees.csv").write_text("a\\n")
    >>> resolve_event_id(None, season)
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: --out ... holds event subfolders (spring-mixer), so it is a season, not one event: import into its event's subfolder (--out .../EVENT) or give --event ID.
    """
    for given in (event_id, from_map):
        if given is not None and str(given).strip():
            return str(given).strip()
    if known is not None and known["event_id"].nunique() == 1:
        return str(known["event_id"].iloc[0])  # adding to a one-event folder: that event
    folder = Path(out).resolve()
    if folder.is_dir():
        events = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                        and any(q.stem.lower() in TABLES for q in p.iterdir() if q.is_file()))
        if events:
            raise UsageError(f"--out {out} holds event subfolders ({', '.join(events[:5])}), so it is a season, "
                             f"not one event: import into its event's subfolder (--out {out}/EVENT) or give --event ID.")
    name = folder.name.strip()
    if not name or not re.search(r"[0-9A-Za-z]", name):
        raise UsageError(f"cannot tell the event of this import from --out {out}; give --event ID, or import into "
                         "a folder named after the event (--out DIR/EVENT).")
    return name


def default_event_id(source: Path) -> str:
    """An event id from a file name: ``tij_HT09.dat`` -> ``HT09``.

    Example
    -------
    >>> default_event_id(Path("tij_HT09.dat")), default_event_id(Path("Spring mixer (final).csv"))
    ('HT09', 'Spring_mixer_final')
    """
    stem = re.sub(r"^(tij|metadata)_", "", source.stem, flags=re.IGNORECASE)
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("_") or "event"


def existing_file(path: str | Path, what: str) -> Path:
    """The path of a file that exists; a UsageError naming ``what`` otherwise.

    Example
    -------
    >>> existing_file("no/such/export.csv", "Survey export")
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: Survey export no/such/export.csv does not exist (or is not a file); check the path.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{what} {path} does not exist (or is not a file); check the path.")
    return path


def read_toml(path: Path, what: str) -> dict:
    """A TOML file (a map, a codebook, settings) as a dict; a UsageError naming ``what`` when it is not TOML.

    Example
    -------
    >>> read_toml(packaged_codebooks()["ws16"], "Codebook")["file"]["separator"]
    'tab'
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path} is not a valid TOML file: {exc}") from exc


# ---------------------------------------------------------------------------- codebooks


@dataclass(frozen=True)
class CodebookColumn:
    """How one source column becomes one output column."""

    source: str | int          # column name, or 1-based position in a file without header
    name: str                  # output column
    table: str = "attendees"
    codes: dict[str, str] | None = None   # code -> label; codes not listed are reported
    rescale: tuple[float, float, float, float] | None = None  # from_min, from_max, to_min, to_max
    counts: dict[str, float] | None = None  # code -> how often the book's own data has it (checks the fit)


@dataclass(frozen=True)
class Codebook:
    """A user-supplied description of a file's columns and codes (TOML or CSV).

    TOML form::

        [file]
        separator = "tab"        # "tab", "comma", "semicolon", "whitespace" or a character
        header = false
        missing = ["NA", ""]
        encoding = "utf-8"       # optional

        [[columns]]
        position = 1             # or: source = "Column name" in a file with a header
        name = "attendee_id"

        [[columns]]
        position = 3
        name = "gender"
        codes = { M = "male", F = "female" }

    CSV form: columns ``source, name, table, code, label``; one row per column
    without ``code`` and one row per code with its ``label``.
    """

    columns: tuple[CodebookColumn, ...]
    separator: str | None = None
    header: bool = True
    missing: tuple[str, ...] = ("", "NA", "N/A", "NaN")
    encoding: str | None = None
    thousands: str | None = None
    roles: dict[str, str] = field(default_factory=dict)
    source: str = "codebook"

    @property
    def sep(self) -> str | None:
        named = {"tab": "\t", "comma": ",", "semicolon": ";", "whitespace": r"\s+", "space": r"\s+"}
        if self.separator is None:
            return None
        return named.get(self.separator.lower(), self.separator)


_PACKAGED = Path(__file__).resolve().parent / "codebooks"


def packaged_codebooks() -> dict[str, Path]:
    """Codebooks shipped with the toolkit, by short name (``ws16``, ``speed_dating``).

    Example
    -------
    >>> sorted(packaged_codebooks())
    ['speed_dating', 'ws16']
    """
    return {p.stem: p for p in sorted(_PACKAGED.glob("*.toml"))}


def resolve_codebook_path(path: str | Path, what: str = "Codebook") -> Path:
    """A path, or the short name of a packaged codebook."""
    candidate = Path(path)
    if candidate.is_file():
        return candidate
    shipped = packaged_codebooks()
    if str(path) in shipped:
        return shipped[str(path)]
    raise UsageError(f"{what} {path} does not exist; give a file, or one of the shipped ones: "
                     f"{', '.join(shipped) or 'none'}.")


def read_codebook(path: str | Path) -> Codebook:
    """Read a codebook file (TOML or CSV), or a shipped one by name, with messages that say what to fix.

    Example
    -------
    >>> book = read_codebook("speed_dating")
    >>> book.roles["person"], book.encoding
    ('iid', 'cp1252')
    """
    path = resolve_codebook_path(path)
    if path.suffix.lower() == ".csv":
        return _codebook_from_csv(path)
    raw = read_toml(path, "Codebook")
    file_part = raw.get("file", {}) or {}
    entries = raw.get("columns")
    if not isinstance(entries, list) or not entries:
        raise UsageError(f"Codebook {path}: needs a list of [[columns]] tables, each with 'name' and "
                         "'position' (file without header) or 'source' (column name).")
    columns = []
    for n, entry in enumerate(entries, start=1):
        if "name" not in entry or not ("position" in entry or "source" in entry):
            raise UsageError(f"Codebook {path}: [[columns]] entry {n} needs 'name' and 'position' or 'source'.")
        src = int(entry["position"]) if "position" in entry else str(entry["source"])
        table = str(entry.get("table", "attendees"))
        if table not in TABLES:
            raise UsageError(f"Codebook {path}: [[columns]] entry {n} has table {table!r}; "
                             f"use one of {', '.join(TABLES)}.")
        codes = entry.get("codes")
        codes = {str(k): str(v) for k, v in codes.items()} if isinstance(codes, dict) else None
        rescale = entry.get("rescale")
        if rescale is not None and (not isinstance(rescale, list) or len(rescale) != 4):
            raise UsageError(f"Codebook {path}: 'rescale' of {entry['name']!r} must be "
                             "[from_min, from_max, to_min, to_max].")
        counts = entry.get("counts")
        if counts is not None and (not isinstance(counts, dict) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in counts.values())):
            raise UsageError(f"Codebook {path}: 'counts' of {entry['name']!r} must map each code to how often it "
                             "appears, e.g. counts = { \"M\" = 66, \"F\" = 49 }.")
        columns.append(CodebookColumn(src, str(entry["name"]), table, codes,
                                      tuple(float(x) for x in rescale) if rescale else None,
                                      {str(k): float(v) for k, v in counts.items()} if counts else None))
    roles = {str(k): str(v) for k, v in (raw.get("roles") or {}).items()}
    return Codebook(tuple(columns), file_part.get("separator"), bool(file_part.get("header", True)),
                    tuple(str(m) for m in file_part.get("missing", ("", "NA", "N/A", "NaN"))),
                    file_part.get("encoding"), file_part.get("thousands"), roles, str(path))


def _codebook_from_csv(path: Path) -> Codebook:
    table = read_export(path).astype("string").fillna("")
    table.columns = [c.strip().lower() for c in table.columns]
    if not {"source", "name"} <= set(table.columns):
        raise UsageError(f"Codebook {path}: a CSV codebook needs the columns source, name "
                         "(and optionally table, code, label).")
    for col in ("table", "code", "label"):
        if col not in table.columns:
            table[col] = ""
    columns = []
    for (src, name, tab), part in table.groupby(["source", "name", "table"], sort=False):
        coded = part[part["code"].str.len() > 0]
        codes = dict(zip(coded["code"], coded["label"])) or None
        source: str | int = int(src) if src.isdigit() else src
        columns.append(CodebookColumn(source, name, tab or "attendees", codes))
    header = not all(isinstance(c.source, int) for c in columns)
    return Codebook(tuple(columns), None, header, source=str(path))


def apply_codebook(frame: pd.DataFrame, codebook: Codebook, log: ImportLog, *, file: str,
                   row_numbers: pd.Series, used_elsewhere=(), check: str = "error") -> dict[str, pd.DataFrame]:
    """Turn a raw frame into output columns per table, reporting codes that are not in the book.

    ``frame`` columns are the file's own names (or 1-based positions as ``int``).
    Returns one frame per table (same index as ``frame``). The codebook checks
    that it fits the data first (:func:`codebook_misfits`); where it does not,
    ``check="error"`` stops with a :class:`~toolkit.errors.UsageError` that says
    why and what to do, ``check="warn"`` goes on with the misfits in the report.
    """
    misfits = codebook_misfits(frame, codebook)
    if misfits and check == "error":
        raise UsageError(f"The codebook {Path(codebook.source).stem} does not fit {file}; its codes probably mean "
                         "other things here:\n" + "\n".join(f"  - {m}" for m in misfits) +
                         "\nCopy the codebook (netout import --print-codebook NAME > mine.toml), check each code "
                         "against this file's own description and import with --codebook mine.toml; or pass "
                         "--accept-codebook to import with this one anyway.")
    for misfit in misfits:
        log.add(CODEBOOK_MISFIT, misfit, file=file)
    out: dict[str, dict[str, pd.Series]] = {}
    missing_tokens = set(codebook.missing)
    used = set(used_elsewhere)
    by_name = {str(c).strip().lower(): c for c in frame.columns if not isinstance(c, int)}
    for col in codebook.columns:
        key = col.source if isinstance(col.source, int) else by_name.get(col.source.strip().lower(), col.source)
        if key not in frame.columns:
            where = f"column {key}" if isinstance(key, int) else f"column {key!r}"
            raise UsageError(f"Codebook {codebook.source} names {where}, which {file} does not have "
                             f"(it has {len(frame.columns)} columns: {', '.join(map(str, frame.columns[:12]))}).")
        used.add(key)
        raw = frame[key].astype("string").str.strip()
        is_missing = raw.isna() | raw.isin(missing_tokens)
        value = raw.mask(is_missing)
        if col.codes is not None:
            value = _book_case(value, col.codes)
            mapped = value.map(col.codes).astype("string")
            unknown = value.notna() & mapped.isna()
            if unknown.any():
                log.add_rows(VALUE_NOT_MAPPED, f"code not in the codebook for {col.name!r}; left empty",
                             file=file, rows=row_numbers[unknown], column=str(key), values=value[unknown])
            value = mapped
        if col.rescale is not None:
            lo, hi, to_lo, to_hi = col.rescale
            text = value.str.replace(codebook.thousands, "", regex=False) if codebook.thousands else value
            num = pd.to_numeric(text, errors="coerce")
            bad = value.notna() & num.isna()
            if bad.any():
                log.add_rows(VALUE_NOT_MAPPED, f"not a number, cannot rescale to {col.name!r}; left empty",
                             file=file, rows=row_numbers[bad], column=str(key), values=value[bad])
            value = (to_lo + (num - lo) * (to_hi - to_lo) / (hi - lo)).round(4).astype("Float64")
        n_missing = int(is_missing.sum())
        if n_missing:
            log.note(f"{file} column {key} -> {col.name}: {n_missing} row(s) with no value (empty or a missing code)",
                     file=file, column=str(key), count=n_missing)
        out.setdefault(col.table, {})[col.name] = value
    for key in frame.columns:
        if key not in used:
            log.add(COLUMN_NOT_MAPPED, "not in the codebook; not imported", file=file, column=str(key))
    return {table: pd.DataFrame(cols, index=frame.index) for table, cols in out.items()}


# ---------------------------------------------------------------------------- settings and keys in the folder

#: Entries of an import map that the loader needs later, copied into the event folder's netout.toml.
FOLDER_SETTINGS: tuple[str, ...] = ("time_zone", "day_first", "likert", "style_scale", "values")
#: File of keyed pseudonyms (of names, emails, badge numbers) -> attendee ids, written by the registrations import.
KEYS_FILE = "import_keys.csv"


def write_folder_settings(out: Path, raw: dict, log: ImportLog, keys: tuple[str, ...] = FOLDER_SETTINGS) -> list[Path]:
    """Lay the map's time zone, date order, ``[likert]`` and ``[style_scale]`` (those in ``keys``) over the folder's ``netout.toml``.

    The map wins over what the folder file said (re-running an import with new
    labels updates the folder); other entries of the folder file are kept. The
    registrations and scans imports write the time zone and date order only: a
    style scale without a survey would make the folder fail to load.
    """
    from toolkit.settings import SETTINGS_FILE, Settings, merge_documents

    parts = {k: raw[k] for k in keys if k in raw and raw[k] not in ({}, None)}
    if not parts:
        return []
    target = out / SETTINGS_FILE
    existing = read_toml(target, "Settings file") if target.is_file() else {}
    merged = merge_documents(existing, parts)
    if merged == existing:
        return []
    changed = [k for k in parts if existing.get(k) != merged.get(k)]
    text = "# netout.toml of this event; `netout import` lays its map's settings over it.\n" + toml_document(merged)
    Settings.from_dict(tomllib.loads(text), source=str(target))  # what is written must read back
    target.write_text(text, encoding="utf-8")
    log.note(f"{', '.join(changed)} written to {SETTINGS_FILE}")
    return [target]


def read_keys(out: Path) -> pd.DataFrame:
    """The folder's key file (``kind``, ``key``, ``attendee_id``); empty when there is none."""
    path = out / KEYS_FILE
    if not path.is_file():
        return pd.DataFrame({"kind": pd.Series(dtype="string"), "key": pd.Series(dtype="string"),
                             "attendee_id": pd.Series(dtype="string")})
    return read_export(path).astype("string")


# ---------------------------------------------------------------------------- registered people by their keys

#: The key kind of a name folded by :func:`name_key` (the registrations key every name so, beside it as written).
FOLDED_NAME = "folded_name"
#: The key kind of an email that the tickets of several people carry (a group order's, an assistant's).
SHARED_EMAIL_KEY = "shared_email"


def name_key(text: str) -> str:
    """A person's name as names are compared: accents folded, no case, apostrophes, hyphens, spaces or dots.

    Staff typing a business card write ``Garcia Lopez`` for ``García-López`` and ``OConnor`` for ``O'Connor``;
    so every character that is not a letter or digit is left out. Keyed only, never written.

    Example
    -------
    >>> name_key("Siobhán O'Connor"), name_key("siobhan  oconnor"), name_key("José García-López")
    ('siobhanoconnor', 'siobhanoconnor', 'josegarcialopez')
    """
    return "".join(c for c in fold_accents(str(text)).casefold() if c.isalnum())


def find_people(values: pd.Series, keys: pd.DataFrame, secret, kind: str = "any") -> pd.Series:
    """Attendee ids of people given by email, name or badge number (``kind``), through the key file.

    Without a key, an email stands for its pseudonym (the id the registrations
    and the survey give it), a badge number for itself, and a name for its
    pseudonym; a scanner column may hold any of the three: a value with a
    digit and no space is read as a badge number, one without as a name.
    A name is compared folded (:func:`name_key`) where the key file has folded names.
    A key that names two attendees (a name two people share) gives ``?ambiguous``.

    Example
    -------
    >>> keys = pd.DataFrame({"kind": ["ticket"], "key": pseudonymise(pd.Series(["TT7"]), secret="k", all_values=True),
    ...                      "attendee_id": ["p_ann"]})
    >>> find_people(pd.Series(["TT7", "TT8"], dtype="string"), keys, "k", "badge").tolist()[0]
    'p_ann'
    """
    text = values.str.strip().replace("", pd.NA)
    looks_email = text.str.contains("@", regex=False).fillna(False)
    if kind == "badge":
        looks_badge = ~looks_email
    elif kind in ("any", "email"):
        # an email column may hold a ticket number: [scans.same_person] maps a guest's shared email to her ticket
        looks_badge = ~looks_email & text.str.contains(r"\d", regex=True).fillna(False) & \
            ~text.str.contains(" ", regex=False).fillna(False)
    else:
        looks_badge = pd.Series(False, index=text.index)
    norm = text.where(~looks_email, text.str.lower())
    norm = norm.where(looks_email | looks_badge, norm.str.split().str.join(" ").str.casefold())
    hashed = pseudonymise(norm, secret=secret, all_values=True)
    fallback = hashed.where(~looks_badge, pseudonymise(text, secret=secret))
    # an email finds only an email key, a badge only a ticket key, a name only a name key: a badge "1001" is not
    # the person whose order number is 1001
    kinds = pd.Series(np.where(looks_email, "email", np.where(looks_badge, "ticket", "name")), index=text.index,
                      dtype="string").where(text.notna())
    if "kind" in keys.columns and keys["kind"].eq(FOLDED_NAME).any():
        # names compared as folded (José García-López is Jose Garcia Lopez); a key file of an earlier version has
        # no folded names, and its names are compared as written
        is_name = kinds.eq("name").fillna(False)
        folded = text.where(is_name).map(name_key, na_action="ignore").replace("", pd.NA)
        hashed = hashed.where(~is_name, pseudonymise(folded, secret=secret, all_values=True))
        kinds = kinds.where(~is_name, FOLDED_NAME)
    found, ambiguous = keyed_people(hashed, kinds, keys)
    if len(keys) and "attendee_id" in keys.columns:
        # a one-person order number printed on the badge, unless the value is a registered attendee's own id
        # (a member number as the attendee id): that person, not the one whose order has that number
        registered = set(keys["attendee_id"].dropna())
        later = looks_badge & found.isna() & ~ambiguous & ~(fallback.isin(registered) | hashed.isin(registered))
        by_order, shared = keyed_people(hashed, kinds.where(~later, "order").where(later), keys)
        found, ambiguous = found.fillna(by_order), ambiguous | shared
    out = found.astype("string").fillna(fallback)
    return out.where(~ambiguous, "?ambiguous").astype("string")


def keyed_people(hashed: pd.Series, kinds: pd.Series, keys: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The attendee each keyed value names through a key of its own kind, and whether that key names several.

    ``kinds`` gives, per value, the one kind of key it may match (``email``, ``name``, ``ticket``, ``order``);
    a value without a kind is not looked up. A member number hashed like an order number is the same text, so
    a key of another kind never decides whose a value is.

    Example
    -------
    >>> keys = pd.DataFrame({"kind": ["order", "ticket"], "key": ["p_1", "p_2"], "attendee_id": ["p_ann", "p_bob"]})
    >>> found, several = keyed_people(pd.Series(["p_1", "p_2"]), pd.Series(["ticket", "ticket"]), keys)
    >>> found.tolist(), several.tolist()
    ([<NA>, 'p_bob'], [False, False])
    """
    found = pd.Series(pd.NA, index=hashed.index, dtype="string")
    ambiguous = pd.Series(False, index=hashed.index)
    if not len(keys) or not {"kind", "key", "attendee_id"} <= set(keys.columns):
        return found, ambiguous
    lookup = keys.astype("string").dropna(subset=["kind", "key", "attendee_id"]).drop_duplicates(
        ["kind", "key", "attendee_id"])
    several = lookup.duplicated(["kind", "key"], keep=False)
    asked = kinds.astype("string").str.cat(hashed.astype("string"), sep="\x1f")
    pair = lookup["kind"].str.cat(lookup["key"], sep="\x1f")
    mapping = pd.Series(lookup.loc[~several, "attendee_id"].to_numpy(), index=pair[~several].to_numpy())
    found = asked.map(mapping).astype("string")
    ambiguous = asked.isin(set(pair[several])).fillna(False).astype(bool)
    return found, ambiguous


def key_kind(values: pd.Series) -> pd.Series:
    """``email`` or ``badge number`` for each value that is one (a badge number: a digit and no space).

    >>> key_kind(pd.Series(["ann@x.org", "TT58301", "Ann Lee"])).tolist()
    ['email', 'badge number', <NA>]
    """
    text = values.astype("string")
    email = text.str.contains("@", regex=False).fillna(False)
    badge = ~email & text.str.contains(r"\d", regex=True).fillna(False) & ~text.str.contains(" ", regex=False).fillna(
        False)
    return pd.Series(np.where(email, "email", np.where(badge, "badge number", None)), index=values.index,
                     dtype="string")


#: Characters a typing slip may put into an email, or into a badge or ticket number.
_EMAIL_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789.-_+@"
_BADGE_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_/"
# ... and into a name as compared (:func:`name_key`: folded, letters and digits only)
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz"
# values not on the attendee list looked at for a registered one a slip away, at most (each is some thousands of
# keyed hashes: an export of a sponsor's 500 badges is not held up by them)
_NEAR_MISS_LIMIT = 200


def read_as_same_person(frame: pd.DataFrame, columns, same: dict[str, str], log: ImportLog, file: str, *,
                        section: str = "scans", what: str = "scan value(s)") -> pd.DataFrame:
    """The export with the values of the map's ``[scans.same_person]`` (or ``[survey.same_person]``: ``section``)
    read as the registered ones, in ``columns``.

    Compared without case or surrounding spaces. The organiser says which values are the same person (a typo
    the import pointed at, another address): nothing is matched on a likeness alone. The report counts them
    (``what``: what a value is, in its words) and never quotes them.

    Example
    -------
    >>> frame = pd.DataFrame({"Scanned By": ["a@x.org"], "Email": [" Bo@Exmple.org"]}, dtype="string")
    >>> read_as_same_person(frame, ["Scanned By", "Email"], {"bo@exmple.org": "bo@example.org"},
    ...                     ImportLog(), "s.csv")["Email"].tolist()
    ['bo@example.org']
    """
    if not same:
        return frame
    wanted = {k.strip().casefold(): v for k, v in same.items()}
    frame, used, read = frame.copy(), set(), 0
    for column in columns:
        key = frame[column].astype("string").str.strip().str.casefold()
        hit = key.isin(wanted).fillna(False).astype(bool)
        frame[column] = frame[column].astype("string").mask(hit, key.map(wanted))
        used |= set(key[hit])
        read += int(hit.sum())
    unused = len(wanted) - len(used)
    log.note(f"{read} {what} read as the registered person's through [{section}.same_person]"
             + (f"; {unused} {'entry' if unused == 1 else 'entries'} of [{section}.same_person] "
                f"{'matches' if unused == 1 else 'match'} no value of this export" if unused else ""), file=file)
    return frame


def one_slip_away(text: str, alphabet: str) -> list[str]:
    """Every text one typing slip from ``text``: a character left out, added or changed, or two neighbours swapped.

    Example
    -------
    >>> one_slip_away("ab", "ab")
    ['a', 'aa', 'aab', 'aba', 'abb', 'b', 'ba', 'bab', 'bb']
    """
    found = set()
    for i in range(len(text) + 1):
        found.update(text[:i] + c + text[i:] for c in alphabet)
        if i < len(text):
            found.add(text[:i] + text[i + 1:])
            found.update(text[:i] + c + text[i + 1:] for c in alphabet)
            if i + 1 < len(text):
                found.add(text[:i] + text[i + 1] + text[i] + text[i + 2:])
    found.discard(text)
    return sorted(found)


def one_slip_from(values: pd.Series, keys: pd.DataFrame, secret, on_list: set, *, names: bool = False) -> pd.Series:
    """For each email or badge number, the one registered attendee whose own is a typing slip from it; else missing.

    ``names``: the values are people's names, compared folded (:func:`name_key`): a letter left out, added,
    changed or two swapped in the name as compared (only where the key file has folded names).

    Found without seeing anyone's email: every text a slip away is keyed as the registrations' keys are, and
    looked up among them. Where two registered attendees are a slip away, none is named. The first
    :data:`_NEAR_MISS_LIMIT` distinct values are tried. The scans import and the survey import both point
    at such typos this way, never quoting the value.

    Example
    -------
    >>> keys = pd.DataFrame({"kind": ["email"], "attendee_id": ["p_ann"],
    ...                      "key": pseudonymise(pd.Series(["ann.lee@x.org"]), secret="k", all_values=True)})
    >>> one_slip_from(pd.Series(["annlee@x.org", "bo@x.org"], dtype="string"), keys, "k", {"p_ann"}).tolist()
    ['p_ann', <NA>]
    """
    found = pd.Series(pd.NA, index=values.index, dtype="string")
    text = values.str.strip()
    if names:
        if "kind" not in keys.columns or not keys["kind"].eq(FOLDED_NAME).any():
            return found
        compared = text.map(name_key, na_action="ignore").replace("", pd.NA).astype("string")
        alphabet = _NAME_CHARACTERS
    else:
        kind = key_kind(text)
        compared = text.where(kind.ne("email"), text.str.lower()).where(kind.notna())
        alphabet = None
    candidates = [(value, slip) for value in pd.unique(compared.dropna())[:_NEAR_MISS_LIMIT]
                  for slip in one_slip_away(value, alphabet or (_EMAIL_CHARACTERS if "@" in value
                                                                else _BADGE_CHARACTERS))]
    if not candidates:
        return found
    slips = pd.DataFrame(candidates, columns=["value", "slip"]).astype("string")
    if names:
        slips["id"] = find_people(slips["slip"], keys, secret, "name")
    else:
        by_email = slips["value"].str.contains("@", regex=False)
        slips["id"] = pd.concat([find_people(slips.loc[by_email, "slip"], keys, secret, "email"),
                                 find_people(slips.loc[~by_email, "slip"], keys, secret, "badge")]).sort_index()
    hits = slips[slips["id"].isin(on_list)].drop_duplicates(["value", "id"])
    one = hits.drop_duplicates("value", keep=False).set_index("value")["id"]
    return compared.map(one).astype("string")


def existing_table(out: Path, table: str) -> pd.DataFrame | None:
    """A table already in the folder as text cells, column names lower-cased; None when absent or unreadable.

    A message about the table names it as the folder has it: ``attrs["file"]`` is its file name
    (``participation.xlsx``), ``attrs["headers"]`` its headers as the file writes them (``E-mailadres``), in
    the order of the columns.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "participation.csv").write_text("Session_ID,E-mailadres\\ns1,ann@example.org\\n")
    >>> frame = existing_table(folder, "participation")
    >>> frame.columns.tolist(), frame.attrs["headers"], frame.attrs["file"]
    (['session_id', 'e-mailadres'], ['Session_ID', 'E-mailadres'], 'participation.csv')
    """
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = out / f"{table}{suffix}"
        if path.exists():
            try:
                frame = read_export(path).astype("string")
            except UsageError:  # an unreadable table is the loader's to report; here it only helps
                return None
            headers = [str(c).strip() for c in frame.columns]
            frame.columns = [h.lower() for h in headers]
            frame = frame.reset_index(drop=True)
            frame.attrs.update(file=path.name, headers=headers)
            return frame
    return None


#: Share of a column's answers whose codes the book lacks from which the book is taken not to fit.
MISFIT_UNKNOWN_SHARE = 0.10
#: ... and at least this many answers (one stray code in a small file is a typo, reported by its row).
MISFIT_UNKNOWN_MIN = 3
#: A column's code shares this far (total variation distance) from the book's counts, and this unlikely
#: under them (chi-square p-value), do not fit the book.
MISFIT_DISTANCE = 0.25
MISFIT_P_VALUE = 1e-3


def _book_case(values: pd.Series, codes: dict[str, str]) -> pd.Series:
    """Codes written in another case than the book's (``m`` for ``M``) read as the book's, where that is unique."""
    folded: dict[str, list[str]] = {}
    for code in codes:
        folded.setdefault(code.casefold(), []).append(code)
    unique = {k: v[0] for k, v in folded.items() if len(v) == 1}
    other_case = values.notna() & ~values.isin(list(codes)) & values.str.casefold().isin(list(unique))
    return values.where(~other_case, values.str.casefold().map(unique))


def codebook_misfits(frame: pd.DataFrame, codebook: Codebook) -> list[str]:
    """Sentences naming where a codebook does not fit the data it is applied to; empty where it fits.

    A coded column does not fit when many of its codes are missing from the
    book (:data:`MISFIT_UNKNOWN_SHARE` of its answers, and at least
    :data:`MISFIT_UNKNOWN_MIN`), when its codes differ
    from the book's only in case (``m`` and ``M``: read as the book's, but said),
    or, where the book gives ``counts`` (how often each code appears in the data
    it was written for), when the codes appear in shares that data could hardly
    have (chi-square p below :data:`MISFIT_P_VALUE` and a distance of at least
    :data:`MISFIT_DISTANCE` between the shares).

    Example
    -------
    >>> book = Codebook((CodebookColumn(1, "role", codes={"1": "speaker", "2": "attendee"},
    ...                                 counts={"1": 10, "2": 90}),))
    >>> frame = pd.DataFrame({1: ["1"] * 80 + ["2"] * 20})
    >>> print(codebook_misfits(frame, book)[0])
    column 1 (role): the codes appear in other shares than in the book's data (1: 80% here, 10% there; 2: 20% here, 90% there)
    """
    from scipy.stats import chisquare

    found = []
    by_name = {str(c).strip().lower(): c for c in frame.columns if not isinstance(c, int)}
    missing_tokens = set(codebook.missing)
    for col in codebook.columns:
        if col.codes is None:
            continue
        key = col.source if isinstance(col.source, int) else by_name.get(col.source.strip().lower(), col.source)
        if key not in frame.columns:
            continue
        where = f"column {key} ({col.name})"
        raw = frame[key].astype("string").str.strip()
        value = raw.mask(raw.isna() | raw.isin(missing_tokens)).dropna()
        if value.empty:
            continue
        cased = _book_case(value, col.codes)
        changed = sorted(set(value[cased != value]))
        if changed:
            found.append(f"{where}: codes {', '.join(map(repr, changed[:5]))} differ from the book's only in case "
                         "(read as the book's codes)")
        unknown = ~cased.isin(list(col.codes))
        if unknown.mean() >= MISFIT_UNKNOWN_SHARE and unknown.sum() >= MISFIT_UNKNOWN_MIN:
            lacking = sorted(set(cased[unknown]), key=str)
            found.append(f"{where}: {unknown.mean():.0%} of the answers have codes the book lacks "
                         f"({', '.join(map(repr, lacking[:6]))}{' ...' if len(lacking) > 6 else ''})")
        if col.counts and len(col.counts) > 1:
            seen = cased[~unknown].value_counts().reindex(list(col.counts), fill_value=0).to_numpy(dtype=float)
            expected = np.array(list(col.counts.values()), dtype=float)
            if seen.sum() < 10 or expected.sum() <= 0 or (expected == 0).any():
                continue
            share_here, share_there = seen / seen.sum(), expected / expected.sum()
            distance = 0.5 * np.abs(share_here - share_there).sum()
            p_value = chisquare(seen, share_there * seen.sum()).pvalue
            if distance >= MISFIT_DISTANCE and p_value < MISFIT_P_VALUE:
                shares = "; ".join(f"{code}: {a:.0%} here, {b:.0%} there"
                                   for code, a, b in zip(col.counts, share_here, share_there))
                found.append(f"{where}: the codes appear in other shares than in the book's data ({shares})")
    return found


def codebook_text(name: str) -> str:
    """The text of a shipped codebook (``ws16``, ``speed_dating``) or of a codebook file, to copy and edit.

    Example
    -------
    >>> codebook_text("ws16").splitlines()[0]
    '# Codebook for metadata_WS16.dat, the attendee questionnaire of the GESIS Computational'
    """
    return resolve_codebook_path(name).read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------------------- small TOML writer


def toml_document(doc: dict) -> str:
    """A settings document as TOML: plain values first, then one ``[table]`` per table (nested as ``[a.b]``).

    Example
    -------
    >>> print(toml_document({"time_zone": "UTC", "likert": {"Top": 5}, "columns": {"survey": {"Q1": "nps"}}}), end="")
    time_zone = "UTC"
    <BLANKLINE>
    [likert]
    "Top" = 5
    <BLANKLINE>
    [columns.survey]
    "Q1" = "nps"
    """
    def body(table: dict, prefix: str) -> str:
        plain = [f"{_toml_key(k)} = {_inline(v)}" for k, v in table.items() if not _is_table(v)]
        text = "\n".join(plain) + ("\n" if plain else "")
        for key, value in table.items():
            if _is_table(value):
                name = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
                inner = body(value, name)
                if any(not _is_table(v) for v in value.values()) or not value:
                    text += f"\n[{name}]\n" + inner
                else:
                    text += inner
        return text

    return body(doc, "").lstrip("\n")


def _is_table(value: object) -> bool:
    return isinstance(value, dict)


def _toml_key(key: object) -> str:
    text = str(key)
    # the toolkit's own names bare (time_zone, style_scale); an export's labels and columns quoted
    return text if re.fullmatch(r"[a-z][a-z0-9_]*", text) and text not in ("true", "false") else toml_value(text)


def _inline(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return toml_value(value)



def toml_value(value: object) -> str:
    """One value written as TOML (strings quoted and escaped).

    Example
    -------
    >>> print(toml_value('say "hi"'), toml_value(2.0), toml_value(["a", 1]))
    "say \\"hi\\"" 2.0 ["a", 1]
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(float(value)) if isinstance(value, (float, np.floating)) else str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def toml_table(name: str, mapping: dict) -> str:
    """One ``[name]`` table with simple values (strings, numbers, lists).

    Example
    -------
    >>> print(toml_table("likert", {"Extremely satisfied": 5}), end="")
    [likert]
    "Extremely satisfied" = 5
    """
    lines = [f"[{name}]"]
    lines += [f"{toml_value(str(k))} = {toml_value(v)}" for k, v in mapping.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- yes/no categories

# what a ticked box of a spreadsheet or form export holds: beside it, an empty cell is a box left unticked
_TICKS = frozenset({"x", "✓", "✔", "checked"})


def yes_no_answers(values: pd.Series) -> pd.Series:
    """A yes/no column's answers as ``yes`` and ``no``; in a column of ticks only ("x"), an empty cell is a no.

    >>> yes_no_answers(pd.Series(["Ja", None, "nein"])).tolist(), yes_no_answers(pd.Series(["x", None])).tolist()
    (['yes', <NA>, 'no'], ['yes', 'no'])
    """
    parsed, _ = read_yes_no(values)
    if set(values.dropna().str.strip().str.lower()) <= _TICKS:
        parsed = parsed.fillna(False)
    return parsed.map({True: "yes", False: "no"}).astype("string")

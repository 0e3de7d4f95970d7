"""The one reader and the one writer of table files: encoding, delimiter, size cap, CSV/XLSX/Parquet, zips.

Every part of the toolkit that opens a person's table file goes through
:func:`read_table` (the loader, every importer, the plan's registration
reading, the dashboard's uploads), and every CSV written from people's data
goes through :func:`write_csv`, so that these rules hold everywhere alike:

- **size**: a file over the limit (:func:`max_file_bytes`, 500 MB unless the
  ``NETOUT_MAX_FILE_MB`` environment variable says otherwise) is refused
  before a byte of it is read;
- **encoding** (:func:`detect_encoding`, by ``charset-normalizer``): UTF-8 with
  or without a byte-order mark, UTF-16 (with a byte-order mark, or shown by the
  zero bytes of its ASCII letters) and Windows-1252/Latin-1 spreadsheet exports
  are read; anything else is refused with a message that says so;
- **delimiter** (:func:`sniff_delimiter`): comma, semicolon or tab, whichever
  the header row uses most outside quotes;
- **cells**: only an empty cell is missing (``NA`` stays the text ``NA``);
  CSV cells are text; XLSX and Parquet cells keep their types unless
  ``text=True``; rows are numbered as a spreadsheet numbers them (the frame's
  index: header = row 1, first data row = 2);
- **zips** (:func:`extract_zip`): unpacked only when every member is safe;
- **writing** (:func:`write_csv`): UTF-8, and text a spreadsheet would run as
  a formula is quoted (:func:`neutralise_formulas`).

A file that cannot be read raises :class:`~toolkit.errors.DataValidationError`
whose report holds one problem naming the file (and the row, where one is at
fault) and what to do.

Example
-------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "attendees.csv").write_bytes("event_id;attendee_id;industry\\ne1;A1;Café\\n".encode("cp1252"))
>>> frame = read_table(folder / "attendees.csv")
>>> frame.attrs["encoding"], frame.attrs["separator"], frame.loc[2, "industry"]
('cp1252', ';', 'Café')
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import stat
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import DataValidationError, UsageError, ValidationReport

__all__ = ["MAX_FILE_BYTES", "TABLE_SUFFIXES", "WORKBOOK_SUFFIXES", "ReadLimits", "blank_rows", "check_shape",
           "check_size", "decode_text", "detect_encoding", "empty_unnamed_columns", "extract_zip",
           "first_table_file", "max_file_bytes", "neutralise_formulas", "read_people_table", "read_table", "read_text",
           "sniff_delimiter", "worksheet_names", "write_csv"]

#: Largest table file read (bytes) unless ``NETOUT_MAX_FILE_MB`` says otherwise: a bigger file is refused
#: with a message before a byte is read, so that a stray 1 GB export cannot exhaust memory.
MAX_FILE_BYTES = 500 * 1024 * 1024

#: File endings read as tables, in order of preference when a folder holds several for one table.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".parquet")

# What charset-normalizer may choose from: the encodings spreadsheet programs export.
_ENCODINGS = ("utf_8", "cp1252", "latin_1")
_UTF16 = ("utf_16", "utf_16_le", "utf_16_be")
_PYTHON_NAMES = {"utf_8": "utf-8", "utf_16": "utf-16", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
                 "cp1252": "cp1252", "latin_1": "latin-1"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Cells starting like this are run as formulas by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: File endings read as workbooks (with sheets).
WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls")
_PARQUET = (".parquet", ".pq")
_WHITESPACE = {"whitespace", "space", r"\s+"}


def _refuse(file: str, message: str, *, row: int | None = None, value: object = None) -> DataValidationError:
    report = ValidationReport()
    report.add(file, row=row, value=value, message=message)
    return DataValidationError(report, message=f"{report.problems[0]}")


def _ragged_row(file: str, row: int, cells: int, columns: int, sep: str) -> DataValidationError:
    return _refuse(file, f"is not a well-formed table: this row has {cells} cells but the header has {columns} "
                         f"columns; check quotes and separators (read with separator {sep!r})", row=row)


# --------------------------------------------------------------------------- size and shape limits


@dataclass(frozen=True)
class ReadLimits:
    """How much one table file may hold; every limit is checked before the file's cells are read.

    Each has an environment variable (``NETOUT_MAX_...``) that sets it, so an
    organiser with a genuinely big file can raise it, and a hosted dashboard
    can lower it. The defaults let a season of large events in, and keep a
    hostile or broken file (a zip bomb, a workbook with one cell a million rows
    down, a Parquet file of repeated rows, a CSV a million columns wide) far
    from exhausting memory.

    ``file_bytes``: the file as stored (``NETOUT_MAX_FILE_MB``); ``unpacked_bytes``:
    a zip's members together, and a workbook's sheets (``NETOUT_MAX_UNPACKED_MB``);
    ``zip_members`` (``NETOUT_MAX_ZIP_MEMBERS``); ``zip_ratio``: how many times a
    member may grow when unpacked (``NETOUT_MAX_ZIP_RATIO``; tables compress
    5-20 times, zip bombs thousands); ``rows`` (``NETOUT_MAX_ROWS``), ``columns``
    (``NETOUT_MAX_COLUMNS``) and ``cells`` = rows x columns (``NETOUT_MAX_CELLS``)
    of one table or sheet.

    Example
    -------
    >>> limits = ReadLimits(rows=1000)
    >>> limits.rows, limits.columns
    (1000, 5000)
    """

    file_bytes: int = MAX_FILE_BYTES
    unpacked_bytes: int = 500 * 1024 * 1024
    zip_members: int = 1000
    zip_ratio: float = 200.0
    rows: int = 5_000_000
    columns: int = 5_000
    cells: int = 50_000_000

    @classmethod
    def from_environment(cls, **overrides: int | float | None) -> "ReadLimits":
        """The limits set by the ``NETOUT_MAX_...`` variables, else the defaults; ``overrides`` win.

        Example
        -------
        >>> import os
        >>> os.environ["NETOUT_MAX_ROWS"] = "10"
        >>> ReadLimits.from_environment().rows
        10
        >>> del os.environ["NETOUT_MAX_ROWS"]
        """
        values = {}
        for name, (variable, scale) in _LIMIT_VARIABLES.items():
            text = os.environ.get(variable)
            if text:
                try:
                    number = float(text) * scale
                except ValueError:
                    raise _refuse(variable, f"is {text!r}; give a number") from None
                if not number > 0:
                    raise _refuse(variable, f"is {text!r}; give a number above 0")
                values[name] = number if name == "zip_ratio" else int(number)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


_LIMIT_VARIABLES = {"file_bytes": ("NETOUT_MAX_FILE_MB", 1024 * 1024),
                    "unpacked_bytes": ("NETOUT_MAX_UNPACKED_MB", 1024 * 1024),
                    "zip_members": ("NETOUT_MAX_ZIP_MEMBERS", 1), "zip_ratio": ("NETOUT_MAX_ZIP_RATIO", 1),
                    "rows": ("NETOUT_MAX_ROWS", 1), "columns": ("NETOUT_MAX_COLUMNS", 1),
                    "cells": ("NETOUT_MAX_CELLS", 1)}


def check_shape(label: str, rows: int, columns: int, limits: ReadLimits, *, what: str = "") -> None:
    """Refuse a table whose rows, columns or cells are over the limits (before its cells are read).

    Example
    -------
    >>> check_shape("attendees.csv", 300_000_000, 6, ReadLimits())
    Traceback (most recent call last):
    ...
    toolkit.exceptions.DataValidationError: ERROR attendees.csv: has 300,000,000 rows, more than the 5,000,000 ...
    """
    where = f"{what} " if what else ""
    if rows > limits.rows:
        raise _refuse(label, f"{where}has {rows:,} rows, more than the {limits.rows:,} the toolkit reads from one "
                             "table; split it into one subfolder per event, or raise NETOUT_MAX_ROWS")
    if columns > limits.columns:
        raise _refuse(label, f"{where}has {columns:,} columns, more than the {limits.columns:,} the toolkit reads; "
                             "keep the columns the analysis needs, or raise NETOUT_MAX_COLUMNS")
    if rows * columns > limits.cells:
        raise _refuse(label, f"{where}has {rows:,} rows x {columns:,} columns = {rows * columns:,} cells, more than "
                             f"the {limits.cells:,} the toolkit reads; keep the columns the analysis needs, split "
                             "the file, or raise NETOUT_MAX_CELLS")


def max_file_bytes() -> int:
    """The size limit of a table file in bytes: ``NETOUT_MAX_FILE_MB`` (megabytes) if set, else :data:`MAX_FILE_BYTES`.

    Example
    -------
    >>> max_file_bytes() > 0
    True
    """
    try:
        return int(float(os.environ["NETOUT_MAX_FILE_MB"]) * 1024 * 1024)
    except (KeyError, ValueError):
        return MAX_FILE_BYTES


def check_size(source: str | Path | bytes, *, name: str | None = None, max_bytes: int | None = None) -> int:
    """Refuse a file over the size limit before reading it; return its size in bytes.

    The size of a file on disk comes from the file system, so nothing is read.

    Example
    -------
    >>> check_size(b"event_id,attendee_id\\n", name="attendees.csv")
    21
    >>> check_size(b"x" * 2000, name="big.csv", max_bytes=1000)
    Traceback (most recent call last):
    ...
    toolkit.exceptions.DataValidationError: ERROR big.csv: is 0 MB, more than the 0 MB ...
    """
    size = len(source) if isinstance(source, (bytes, bytearray)) else Path(source).stat().st_size
    limit = max_file_bytes() if max_bytes is None else int(max_bytes)
    if size > limit:
        label = name or Path(str(source)).name
        raise _refuse(label, f"is {size / 1024 ** 2:,.0f} MB, more than the {limit / 1024 ** 2:,.0f} MB the toolkit "
                             "reads; split it into one subfolder per event, or raise the limit with the "
                             "NETOUT_MAX_FILE_MB environment variable")
    return size


# --------------------------------------------------------------------------- encoding and text


def detect_encoding(raw: bytes) -> str | None:
    """The text encoding of a file's bytes (a Python codec name), or None when it is not text the toolkit reads.

    ``charset-normalizer`` chooses among UTF-8 (``utf-8-sig`` with a byte-order
    mark), Windows-1252 and Latin-1; UTF-16 is a candidate only where the bytes
    show it (a byte-order mark, or the zero bytes of ASCII letters), so that a
    short Western file is never taken for Chinese.

    Example
    -------
    >>> detect_encoding("Zürich".encode("utf-8")), detect_encoding("Zürich".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> detect_encoding("event_id".encode("utf-16")), detect_encoding(b"\\xef\\xbb\\xbfa,b")
    ('utf-16', 'utf-8-sig')
    """
    import charset_normalizer

    if not raw.strip():
        return "utf-8"
    sample = raw[:4096]
    shows_utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or sample.count(b"\x00") > len(sample) // 4
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(_UTF16 if shows_utf16 else _ENCODINGS)).best()
    if best is None or best.encoding not in _PYTHON_NAMES:
        return None
    if best.encoding == "utf_8" and raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return _PYTHON_NAMES[best.encoding]


def decode_text(raw: bytes, *, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file's bytes and the encoding used (:func:`detect_encoding` unless ``encoding`` is given).

    Refuses, naming the file, bytes that are not text in a readable encoding
    (a workbook or PDF saved as ``.csv``) and text holding control characters.

    Example
    -------
    >>> decode_text("a;b\\nCafé;1".encode("cp1252"), name="x.csv")
    ('a;b\\nCafé;1', 'cp1252')
    >>> decode_text(b"%PDF-1.4\\x00\\x01\\x02\\xff\\xfe", name="attendees.csv")
    Traceback (most recent call last):
    ...
    toolkit.exceptions.DataValidationError: ERROR attendees.csv: is not text in UTF-8, UTF-16 or ...
    """
    chosen = encoding or detect_encoding(raw)
    if chosen is None:
        if raw.startswith(codecs.BOM_UTF8):
            raise _refuse(name, "starts as UTF-8 (it has a byte-order mark) but is not UTF-8 throughout; save it "
                                "again as UTF-8")
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise _refuse(name, "starts as UTF-16 but cannot be read as UTF-16; save it again as UTF-8")
        raise _refuse(name, "is not text in UTF-8, UTF-16 or Windows-1252/Latin-1 (it may be a workbook, a PDF or "
                            "another binary file saved under this name); export the table as CSV in UTF-8")
    try:
        text = raw.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise _refuse(name, f"cannot be read as {chosen} text ({exc}); save it again as UTF-8") from None
    text = text.lstrip("\ufeff")
    if _CONTROL_RE.search(text[:100_000]):
        raise _refuse(name, f"does not look like a text table (it holds control characters when read as {chosen}); "
                            "export the table as CSV in UTF-8")
    return text, chosen


def read_text(source: str | Path | bytes, *, name: str | None = None, encoding: str | None = None,
              max_bytes: int | None = None) -> tuple[str, str]:
    """A text file's contents and its encoding: size checked first, then :func:`decode_text`.

    Example
    -------
    >>> read_text("t i j\\n20 1 2".encode("utf-16"), name="tij.dat")
    ('t i j\\n20 1 2', 'utf-16')
    """
    label = name or Path(str(source)).name
    check_size(source, name=label, max_bytes=max_bytes)
    raw = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    return decode_text(raw, name=label, encoding=encoding)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one the header row uses most outside quotes (comma on a tie or none).

    Example
    -------
    >>> sniff_delimiter('event_id;"name, first";industry\\ne1;A;law'), sniff_delimiter("attendee_id\\nA1")
    (';', ',')
    """
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# --------------------------------------------------------------------------- tables


def read_table(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    header: bool = True,
    text: bool = False,
    sheet: str | int | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits | None = None,
) -> pd.DataFrame:
    """Read one table file as a frame of cells: a workbook (``.xlsx``), Parquet, or else delimited text.

    Parameters
    ----------
    source : path or bytes
        The file, or its bytes (an upload; then ``name`` gives its ending).
    name : str, optional
        How messages name the file (default: the file's name).
    header : bool, default True
        The first row names the columns; with ``False`` columns are numbered
        from 0 and every row is data (for exports with several header rows).
    text : bool, default False
        Every cell as text (XLSX and Parquet cells keep their types otherwise).
    sheet : str or int, optional
        Worksheet of a workbook (default the first).
    separator : str, optional
        ``","``, ``";"``, ``"\\t"``, ``"whitespace"``...; default :func:`sniff_delimiter`.
    encoding : str, optional
        Text encoding; default :func:`detect_encoding`.
    max_bytes : int, optional
        Size limit; default :func:`max_file_bytes`.
    limits : ReadLimits, optional
        Size and shape limits (default :meth:`ReadLimits.from_environment`),
        all checked before a cell is read: the file's size, then a CSV's rows
        (its line count) and columns (its header), a workbook's sheet
        dimensions (the cells it really holds, however far apart) and the size
        of its unpacked parts, a Parquet file's rows and columns (its metadata).

    Returns
    -------
    DataFrame
        Cells (empty cells missing); the index is the spreadsheet row of each
        row; ``attrs`` holds ``file``, ``encoding`` and ``separator`` (None
        where they do not apply).

    Raises
    ------
    DataValidationError
        The file cannot be read; the one problem names the file, the row where
        one is at fault, and what to do.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> sessions = read_table(example_folder() / "E01" / "sessions.csv")
    >>> sessions.index[0], sessions.columns[:3].tolist()
    (2, ['event_id', 'session_id', 'format'])
    >>> read_table(b"attendee_id\\nA1\\n\\nA3\\n", name="registrations.csv")["attendee_id"].to_dict()
    {2: 'A1', 3: nan, 4: 'A3'}
    """
    label = name or Path(str(source)).name
    suffix = Path(label if isinstance(source, (bytes, bytearray)) else str(source)).suffix.lower()
    kind = ("an Excel workbook" if suffix in WORKBOOK_SUFFIXES else "a Parquet file" if suffix in _PARQUET
            else "a CSV file")
    limits = limits or ReadLimits.from_environment(file_bytes=max_bytes)
    check_size(source, name=label, max_bytes=limits.file_bytes)
    frame, used_encoding, used_separator = None, None, None
    try:
        _check_before_reading(source, label, kind, limits, sheet=sheet)
        if kind == "a CSV file":
            frame, used_encoding, used_separator = _read_csv(source, label, header=header, separator=separator,
                                                             encoding=encoding)
        else:
            handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
            if kind == "an Excel workbook":
                frame = pd.read_excel(handle, sheet_name=0 if sheet is None else sheet, header=0 if header else None,
                                      dtype=str if text else object, engine="openpyxl", keep_default_na=False,
                                      na_values=[""])
            else:
                frame = pd.read_parquet(handle)
                if text:
                    frame = frame.astype("string").astype(object).where(frame.notna(), np.nan)
    except DataValidationError:
        raise
    except Exception as exc:  # any reader failure is a problem with that file, said plainly
        worksheets = worksheet_names(source) if kind == "an Excel workbook" and sheet is not None else None
        missing = worksheets and ((not 0 <= sheet < len(worksheets)) if isinstance(sheet, int)
                                  else sheet not in worksheets)
        if missing:
            asked = f"no worksheet named {sheet!r}" if isinstance(sheet, str) else f"no worksheet at position {sheet}"
            raise _refuse(label, f"has {asked}: its worksheets are {', '.join(map(repr, worksheets))} (give one of "
                                 "these names with --sheet)") from None
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _refuse(label, f"could not be read as {kind} ({detail}); export it again") from None
    frame.index = pd.RangeIndex(2 if header else 1, len(frame) + (2 if header else 1), name="row")
    frame.attrs = {"file": label, "encoding": used_encoding, "separator": used_separator}
    return frame


def worksheet_names(source: str | Path | bytes) -> list[str] | None:
    """A workbook's worksheet names in order, or None where it cannot be opened (its reader's error says why).

    Sheet names are the workbook's own labels (``Summary``, ``Attendees``), not anyone's data: messages
    that ask for ``--sheet`` list them.

    Example
    -------
    >>> import io
    >>> from openpyxl import Workbook
    >>> book = Workbook(); book.active.title = "Summary"; _ = book.create_sheet("Attendees")
    >>> buffer = io.BytesIO(); book.save(buffer)
    >>> worksheet_names(buffer.getvalue())
    ['Summary', 'Attendees']
    >>> worksheet_names(b"not a workbook") is None
    True
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source, read_only=True)
    except Exception:  # noqa: BLE001 - the caller falls back to the reader's own message
        return None
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _widest_row(handle, sep: str, encoding: str | None) -> int:
    """The most cells of any record of a CSV (quoted line breaks kept inside their cell)."""
    text = io.TextIOWrapper(handle, encoding=encoding, newline="") if encoding else handle
    try:
        return max((len(record) for record in csv.reader(text, delimiter=sep)), default=1)
    finally:
        if encoding:
            text.detach()   # the bytes stay open for the second read


def _read_csv(source: str | Path | bytes, label: str, *, header: bool, separator: str | None,
              encoding: str | None) -> tuple[pd.DataFrame, str, str]:
    raw = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    if not raw.strip():
        raise _refuse(label, "is empty; export the table again with its header row")
    text, used = decode_text(raw, name=label, encoding=encoding)
    first_line = text[:text.find("\n") + 1 or len(text)]
    sep = separator or sniff_delimiter(first_line)
    whitespace = sep in _WHITESPACE
    # UTF-8 is parsed from the bytes, without a second copy of the text (a text buffer holds 4 bytes a letter)
    handle = io.BytesIO(raw) if used in ("utf-8", "utf-8-sig") else io.StringIO(text)
    del text
    options = dict(sep=r"\s+" if whitespace else sep, header=0 if header else None, dtype=str,
                   keep_default_na=False, na_values=[""], skip_blank_lines=whitespace, quoting=csv.QUOTE_MINIMAL,
                   engine="c", encoding=used if isinstance(handle, io.BytesIO) else None)
    try:
        try:
            frame = pd.read_csv(handle, **options)
        except pd.errors.ParserError:
            if header or whitespace:
                raise
            # a grid read before its header is known: a title line ("Survey, 8 October") has fewer cells than the
            # table below it, and the parser takes the first line's width; every row gets the widest row's width
            handle.seek(0)
            width = _widest_row(handle, sep, used if isinstance(handle, io.BytesIO) else None)
            handle.seek(0)
            frame = pd.read_csv(handle, names=list(range(width)), **options)
    except pd.errors.ParserError as exc:
        # "Expected 3 fields in line 5, saw 4": line numbers here are records, i.e. spreadsheet rows
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, row, saw = map(int, found.groups())
            raise _ragged_row(label, row, saw, expected, sep) from None
        raise _refuse(label, f"is not a well-formed table: {str(exc).strip()}; check quotes and separators "
                             f"(read with separator {sep!r})") from None
    except pd.errors.EmptyDataError:
        raise _refuse(label, "is empty; export the table again with its header row") from None
    if header and not isinstance(frame.index, pd.RangeIndex):
        frame = _one_cell_more_than_the_header(frame, handle, options, label, sep)
    if header and not whitespace:
        names = [h.strip() for h in next(csv.reader(io.StringIO(first_line), delimiter=sep), [])]
        named = [h for h in names if h]
        if len(names) == frame.shape[1] and len(set(named)) < len(named):
            # pandas renamed a repeated name ('x.1'); keep the file's names so the repeat is reported, not hidden
            # (blank header cells keep pandas' 'Unnamed: k': empty trailing columns are harmless)
            frame.columns = [h if h else c for h, c in zip(names, frame.columns)]
    return frame, used, sep


def _one_cell_more_than_the_header(frame: pd.DataFrame, handle, options: dict, label: str,
                                   sep: str) -> pd.DataFrame:
    """A CSV whose rows have one cell more than its header, read without shifting its values.

    pandas takes such a file's first column as the index and moves every value one column to the
    left (a comma typed into a cell that was not quoted does it to every row of a tool's export):
    the table would read without an error and hold each value under its neighbour's header. Where
    the cell more is empty in every row (a separator at the end of each line) it is nothing and the
    file is read again without it; else the first row with one is named.
    """
    extra = frame.iloc[:, -1]
    if extra.notna().any():
        row = int(np.flatnonzero(extra.notna().to_numpy())[0]) + 2   # the header is row 1
        columns = frame.shape[1]
        raise _ragged_row(label, row, columns + 1, columns, sep)
    handle.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.ParserWarning)   # the cells dropped are the empty ones
        return pd.read_csv(handle, index_col=False, **options)


def empty_unnamed_columns(frame: pd.DataFrame) -> list:
    """Columns with no header and no value (a trailing separator, an empty spreadsheet column): not data.

    A blank header cell reads as pandas' ``Unnamed: k``; such a column with a
    value in it is kept (and named as unnamed by whoever reads it).

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["A1"], "Unnamed: 1": [np.nan], "Unnamed: 2": ["x"]})
    >>> empty_unnamed_columns(frame)
    ['Unnamed: 1']
    """
    return [c for k, c in enumerate(frame.columns)  # by position: a header may repeat a name
            if str(c).startswith("Unnamed: ") and frame.iloc[:, k].isna().all()]


def blank_rows(frame: pd.DataFrame) -> np.ndarray | None:
    """Which rows have no value in any column; None where none is blank (found at the first full column, as a rule).

    Example
    -------
    >>> blank_rows(pd.DataFrame({"a": ["x", np.nan], "b": [np.nan, np.nan]})).tolist()
    [False, True]
    """
    if not len(frame.columns) or not len(frame):
        return None
    blank = np.ones(len(frame), dtype=bool)
    for k in range(len(frame.columns)):   # by position: a header may repeat a name
        blank &= frame.iloc[:, k].isna().to_numpy(dtype=bool)
        if not blank.any():
            return None
    return blank


# --------------------------------------------------------------------------- checks before reading

_SCAN_CHUNK = 16 * 1024 * 1024


def _check_before_reading(source: str | Path | bytes, label: str, kind: str, limits: ReadLimits, *,
                          sheet: str | int | None) -> None:
    """Refuse a table over the limits from what can be known without reading its cells."""
    if kind == "a CSV file":
        rows, columns = _csv_shape(source)
        check_shape(label, rows, columns, limits)
    elif kind == "a Parquet file":
        import pyarrow.parquet as pq

        handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
        metadata = pq.ParquetFile(handle).metadata
        check_shape(label, metadata.num_rows, metadata.num_columns, limits)
    else:
        _check_workbook(source, label, limits, sheet=sheet)


def _csv_shape(source: str | Path | bytes) -> tuple[int, int]:
    """Upper bounds of a delimited file's rows (its line breaks) and columns (its header's separators), streamed."""
    if isinstance(source, (bytes, bytearray)):
        chunks = (bytes(source[i:i + _SCAN_CHUNK]) for i in range(0, len(source), _SCAN_CHUNK))
    else:
        def read_chunks(path=Path(source)):
            with open(path, "rb") as handle:
                while chunk := handle.read(_SCAN_CHUNK):
                    yield chunk
        chunks = read_chunks()
    rows, header, last = 0, b"", b"\n"
    for chunk in chunks:
        if b"\n" not in header:
            header += chunk[: chunk.find(b"\n") + 1 or len(chunk)]
        rows += chunk.count(b"\n")
        last = chunk[-1:]
    rows += last != b"\n"
    # the most-used separator of the header, counted in its bytes (UTF-16's zero bytes do not matter)
    columns = 1 + max(header.count(b","), header.count(b";"), header.count(b"\t"))
    return max(rows - 1, 0), columns


_CELL_RE = re.compile(r"^([A-Za-z]{1,3})(\d+)$")


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _check_workbook(source: str | Path | bytes, label: str, limits: ReadLimits, *, sheet: str | int | None) -> None:
    """A workbook's parts unpacked sizes, and each sheet's true extent (its farthest cell), before openpyxl reads it.

    A workbook is a zip of XML parts: the parts' unpacked sizes are checked
    against the limits, and each worksheet is streamed to find the farthest row
    and column that hold a cell, because a reader lays out every cell up to it
    (one stray cell at XFD1048576 is 17 billion of them).
    """
    from xml.etree.ElementTree import iterparse

    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile:
        return  # not a workbook: the reader says so in its own words
    with archive:
        infos = archive.infolist()
        _check_members(infos, label, limits)
        sheets = [i for i in infos if re.match(r"xl/worksheets/sheet\d+\.xml$", i.filename)]
        for info in sheets:
            max_row = max_col = 0
            with archive.open(info) as part:
                for _, element in iterparse(part, events=("end",)):
                    tag = element.tag.rsplit("}", 1)[-1]
                    if tag == "c":
                        found = _CELL_RE.match(element.get("r") or "")
                        if found:
                            max_col = max(max_col, _column_number(found.group(1)))
                            max_row = max(max_row, int(found.group(2)))
                    elif tag == "row":
                        max_row = max(max_row, int(element.get("r") or 0))
                        element.clear()  # rows are done with: keep memory flat however long the sheet
            rows, name = max(max_row - 1, 0), info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
            if rows > limits.rows or max_col > limits.columns or rows * max_col > limits.cells:
                raise _refuse(label, f"{name} reaches cell {_column_letters(max_col)}{max_row}: read as a table it "
                                     f"is {rows:,} rows x {max_col:,} columns = {rows * max_col:,} cells, more than "
                                     f"the toolkit reads ({limits.rows:,} rows, {limits.columns:,} columns, "
                                     f"{limits.cells:,} cells); delete the stray cells far from the table (Ctrl+End "
                                     "shows the last one) and save it again, or export the table as CSV")


def _check_members(infos: list[zipfile.ZipInfo], label: str, limits: ReadLimits) -> None:
    """Refuse an archive with too many members, too much unpacked, or a member that grows like a zip bomb."""
    if len(infos) > limits.zip_members:
        raise _refuse(label, f"holds {len(infos):,} files, more than the {limits.zip_members:,} the toolkit unpacks; "
                             "nothing was unpacked (or raise NETOUT_MAX_ZIP_MEMBERS)")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.zip_ratio:
            raise _refuse(label, f"holds {info.filename!r}, which would grow {ratio:,.0f} times when unpacked "
                                 f"({info.compress_size / 1024 ** 2:,.1f} MB to {info.file_size / 1024 ** 2:,.0f} MB); "
                                 f"tables grow 5 to 20 times, so it is refused as a possible zip bomb (more than "
                                 f"{limits.zip_ratio:,.0f} times; NETOUT_MAX_ZIP_RATIO sets it)")
        if total > limits.unpacked_bytes:
            raise _refuse(label, f"would unpack to more than {limits.unpacked_bytes / 1024 ** 2:,.0f} MB; nothing was "
                                 "unpacked (split it, or raise NETOUT_MAX_UNPACKED_MB)", value=info.filename)


# --------------------------------------------------------------------------- writing


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote.

    Text, object and text-category columns are checked; numbers written as
    text (``-3``, ``+1.5``) are left alone; column names are checked too.

    Example
    -------
    >>> neutralise_formulas(pd.DataFrame({"x": ["=1+1", "-3", "ok"]}))["x"].tolist()
    ["'=1+1", '-3', 'ok']
    """
    out = frame.copy()
    for col in out.columns:
        dtype = out[col].dtype
        text_categories = (isinstance(dtype, pd.CategoricalDtype)
                           and pd.api.types.is_string_dtype(dtype.categories.dtype))
        if not (pd.api.types.is_string_dtype(dtype) or dtype == object or text_categories):
            continue
        values = out[col].astype("string")
        starts = values.str.startswith(_FORMULA_START, na=False)
        if not starts.any():   # most columns: no cell to look at twice
            continue
        risky = starts & ~values.str.match(_NUMBER_RE.pattern, na=False)
        if risky.any():
            out[col] = values.where(~risky, "'" + values)
    # column names come from the user's files and maps too
    out.columns = ["'" + c if isinstance(c, str) and c.startswith(_FORMULA_START) and not _NUMBER_RE.match(c) else c
                   for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table of people's data as UTF-8 CSV, formula-looking cells neutralised; return the path.

    The one CSV writer for people's data: imported tables, the import report,
    set-aside rows, plans and ``netout outcomes`` all use it.

    Example
    -------
    >>> import tempfile, pathlib
    >>> path = write_csv(pd.DataFrame({"note": ["=cmd()"]}), pathlib.Path(tempfile.mkdtemp()) / "x.csv")
    >>> path.read_text(encoding="utf-8").splitlines()
    ['note', "'=cmd()"]
    """
    path = Path(path)
    safe = neutralise_formulas(frame)
    # pandas writes its nullable numbers and yes/no columns (Float64, Int64, boolean) cell by cell on a slow
    # path; as Python objects the same values give the same text, about 2.5 times faster (the 10k outcome
    # table: 0.35 s -> 0.14 s). Times and categories keep their own formatting.
    masked = {c: object for c, dtype in safe.dtypes.items() if str(dtype) in _MASKED_DTYPES}
    (safe.astype(masked) if masked else safe).to_csv(path, index=False, encoding="utf-8")
    return path


_MASKED_DTYPES = frozenset({"Float64", "Int64", "Int32", "Int16", "Int8", "UInt64", "UInt32", "UInt16",
                            "UInt8", "boolean"})


# --------------------------------------------------------------------------- zip archives


def extract_zip(path: str | Path, dest: str | Path, *, max_bytes: int | None = None) -> Path:
    """Unpack an uploaded zip of event tables into ``dest`` safely; return the folder to read.

    Every member is checked before anything is written: a name that would land
    outside ``dest`` (``../``, an absolute path, a drive letter), a symbolic
    link, more members than the limit, a member that would grow like a zip bomb,
    or a total unpacked size over ``max_bytes`` (default: :class:`ReadLimits`'
    ``unpacked_bytes``) refuses the whole archive. Folders and Mac
    ``__MACOSX`` files are skipped. Where the archive holds one top folder,
    that folder is returned.

    Raises
    ------
    DataValidationError
        The archive is not a zip or is unsafe; the message names the member.

    Example
    -------
    >>> import shutil, tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> archive = shutil.make_archive(str(work / "season"), "zip", example_folder().parent, "example")
    >>> folder = extract_zip(archive, work / "unpacked")
    >>> folder.name, sorted(p.name for p in folder.iterdir())
    ('example', ['E01', 'E02', 'netout.toml'])
    """
    path, dest = Path(path), Path(dest)
    limits = ReadLimits.from_environment(unpacked_bytes=max_bytes)
    check_size(path, name=path.name, max_bytes=limits.file_bytes)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path.name, f"is not a zip archive ({exc}); upload the tables themselves or zip them "
                                 "again") from None
    with archive:
        _check_members(archive.infolist(), path.name, limits)
        members = _safe_members(archive, path.name, limits.unpacked_bytes)
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        for info, parts in members:
            target = root.joinpath(*parts).resolve()
            if root not in target.parents:  # belt and braces after the name checks
                raise _refuse(path.name, "holds a file whose path points outside the folder it is unpacked into",
                              value=info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
    entries = [p for p in dest.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def _safe_members(archive: zipfile.ZipFile, label: str, limit: int) -> list[tuple[zipfile.ZipInfo, list[str]]]:
    """The members to unpack, with their path parts; refuses the archive at the first unsafe one."""
    members, total = [], 0
    for info in archive.infolist():
        name = info.filename
        parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".")]
        if info.is_dir() or not parts or parts[0] == "__MACOSX" or parts[-1] == ".DS_Store":
            continue
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise _refuse(label, "holds a file whose path points outside the folder it is unpacked into; nothing "
                                 "was unpacked (zip the event folder again from inside it)", value=name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refuse(label, "holds a symbolic link; nothing was unpacked (zip the files themselves)", value=name)
        total += info.file_size
        if total > limit:
            raise _refuse(label, f"would unpack to more than {limit / 1024 ** 2:,.0f} MB; nothing was unpacked "
                                 "(upload one event at a time)", value=name)
        members.append((info, parts))
    return members


def first_table_file(folder: str | Path, stem: str) -> Path | None:
    """The folder's table file called ``stem`` in the preferred format (:data:`TABLE_SUFFIXES`), or None.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "attendees.parquet").write_bytes(b""), (folder / "attendees.csv").write_text("a")
    >>> first_table_file(folder, "attendees").name, first_table_file(folder, "sessions")
    ('attendees.csv', None)
    """
    for suffix in TABLE_SUFFIXES:
        candidate = Path(folder) / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


def read_people_table(source: str | Path | bytes, *, name: str | None = None, caller: str) -> pd.DataFrame:
    """A registration-like table as text cells, rows numbered from 0, column names trimmed.

    The one reader (:func:`read_table`) reads it; a file it cannot read is a
    :class:`~toolkit.errors.UsageError` naming ``caller``, the file and the problem.

    Example
    -------
    >>> read_people_table(b" Email ,Name\\nann@example.org,Ann\\n", name="r.csv", caller="plan").columns.tolist()
    ['Email', 'Name']
    >>> read_people_table(b"", name="r.csv", caller="plan")
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: plan: cannot read r.csv: ...
    """
    try:
        frame = read_table(source, name=name, text=True)
    except DataValidationError as exc:
        problem = exc.report.problems[0]
        raise UsageError(f"{caller}: cannot read {problem.file}: {problem.message}") from None
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame

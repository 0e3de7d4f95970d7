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
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import DataValidationError, ValidationReport

__all__ = ["MAX_FILE_BYTES", "TABLE_SUFFIXES", "check_size", "decode_text", "detect_encoding", "extract_zip",
           "max_file_bytes", "neutralise_formulas", "read_table", "read_text", "sniff_delimiter", "write_csv"]

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
_WORKBOOKS = (".xlsx", ".xlsm", ".xls")
_PARQUET = (".parquet", ".pq")
_WHITESPACE = {"whitespace", "space", r"\s+"}


def _refuse(file: str, message: str, *, row: int | None = None, value: object = None) -> DataValidationError:
    report = ValidationReport()
    report.add(file, row=row, value=value, message=message)
    return DataValidationError(report, message=f"{report.problems[0]}")


# --------------------------------------------------------------------------- size


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
    kind = "an Excel workbook" if suffix in _WORKBOOKS else "a Parquet file" if suffix in _PARQUET else "a CSV file"
    check_size(source, name=label, max_bytes=max_bytes)
    frame, used_encoding, used_separator = None, None, None
    try:
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
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _refuse(label, f"could not be read as {kind} ({detail}); export it again") from None
    frame.index = pd.RangeIndex(2 if header else 1, len(frame) + (2 if header else 1), name="row")
    frame.attrs = {"file": label, "encoding": used_encoding, "separator": used_separator}
    return frame


def _read_csv(source: str | Path | bytes, label: str, *, header: bool, separator: str | None,
              encoding: str | None) -> tuple[pd.DataFrame, str, str]:
    raw = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    if not raw.strip():
        raise _refuse(label, "is empty; export the table again with its header row")
    text, used = decode_text(raw, name=label, encoding=encoding)
    sep = separator or sniff_delimiter(text)
    whitespace = sep in _WHITESPACE
    try:
        frame = pd.read_csv(io.StringIO(text), sep=r"\s+" if whitespace else sep, header=0 if header else None,
                            dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=whitespace,
                            quoting=csv.QUOTE_MINIMAL, engine="c")
    except pd.errors.ParserError as exc:
        # "Expected 3 fields in line 5, saw 4": line numbers here are records, i.e. spreadsheet rows
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, row, saw = map(int, found.groups())
            raise _refuse(label, f"is not a well-formed table: this row has {saw} cells but the header has "
                                 f"{expected} columns; check quotes and separators (read with separator {sep!r})",
                          row=row) from None
        raise _refuse(label, f"is not a well-formed table: {str(exc).strip()}; check quotes and separators "
                             f"(read with separator {sep!r})") from None
    except pd.errors.EmptyDataError:
        raise _refuse(label, "is empty; export the table again with its header row") from None
    if header and not whitespace:
        names = [h.strip() for h in next(csv.reader(io.StringIO(text), delimiter=sep), [])]
        named = [h for h in names if h]
        if len(names) == frame.shape[1] and len(set(named)) < len(named):
            # pandas renamed a repeated name ('x.1'); keep the file's names so the repeat is reported, not hidden
            # (blank header cells keep pandas' 'Unnamed: k': empty trailing columns are harmless)
            frame.columns = [h if h else c for h, c in zip(names, frame.columns)]
    return frame, used, sep


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
        risky = values.str.startswith(_FORMULA_START, na=False) & ~values.str.match(_NUMBER_RE.pattern, na=False)
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
    neutralise_formulas(frame).to_csv(path, index=False, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- zip archives


def extract_zip(path: str | Path, dest: str | Path, *, max_bytes: int | None = None) -> Path:
    """Unpack an uploaded zip of event tables into ``dest`` safely; return the folder to read.

    Every member is checked before anything is written: a name that would land
    outside ``dest`` (``../``, an absolute path, a drive letter), a symbolic
    link, or a total unpacked size over ``max_bytes`` (default: the file-size
    limit, :func:`max_file_bytes`) refuses the whole archive. Folders and Mac
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
    limit = max_file_bytes() if max_bytes is None else int(max_bytes)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path.name, f"is not a zip archive ({exc}); upload the tables themselves or zip them "
                                 "again") from None
    with archive:
        members = _safe_members(archive, path.name, limit)
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

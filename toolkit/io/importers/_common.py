"""Plumbing shared by the importers: the import report, codebooks, writing an event folder.

Private to ``toolkit.io.importers``; the public names are re-exported by the package.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import TABLES
from toolkit.errors import DataValidationError, UsageError
from toolkit.io.files import read_table, read_text, write_csv
from toolkit.privacy import redact_free_text

#: Columns of ``ImportResult.report`` and of ``import_report.csv``.
REPORT_COLUMNS: tuple[str, ...] = ("what", "file", "row", "column", "value", "count", "reason")

#: Kinds of report lines, from the most to the least serious.
ROW_SKIPPED = "row_skipped"
VALUE_NOT_MAPPED = "value_not_mapped"
COLUMN_NOT_MAPPED = "column_not_mapped"
PERSONAL_DATA = "personal_data"
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
        ``row_skipped``, ``value_not_mapped``, ``column_not_mapped``,
        ``personal_data``, ``note``. Also written as ``import_report.csv``.
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
        labels = {ROW_SKIPPED: "rows not imported", VALUE_NOT_MAPPED: "values not mapped",
                  COLUMN_NOT_MAPPED: "columns not mapped", PERSONAL_DATA: "personal data", NOTE: "notes"}
        for what in (ROW_SKIPPED, VALUE_NOT_MAPPED, COLUMN_NOT_MAPPED, PERSONAL_DATA, NOTE):
            part = grouped[grouped["what"] == what]
            if part.empty:
                continue
            lines.append(f"{labels[what].capitalize()}:")
            for _, line in part.iterrows():  # a handful of distinct reasons, not data rows
                n = int(line["count"]) if what != COLUMN_NOT_MAPPED else int(line["lines"])
                # notes usually carry their number in the sentence already
                shown = n > 1 and not (what == NOTE and f"{n}" in str(line["reason"]))
                lines.append(f"  - {line['reason']}" + (f" ({n:,})" if shown else ""))
        lines.append(f"Every line is in {self.out / REPORT_FILE}.")
        return "\n".join(lines)


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


def read_export_text(path: Path, *, encoding: str | None = None) -> str:
    """A text source (a contact log) through the one reader's size cap and encoding detector."""
    try:
        return read_text(path, encoding=encoding)[0]
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
           extra_files: list[Path] | None = None) -> ImportResult:
    """Write the tables and the report; return the :class:`ImportResult`."""
    files = [write_csv(frame, out / f"{name}.csv") for name, frame in tables.items()]
    files += extra_files or []
    report = log.frame()
    # a cell quoted in the report must not leak an email, phone, address or name either (the one rule)
    report["value"] = redact_free_text(report["value"])
    files.append(write_csv(report, out / REPORT_FILE))
    return ImportResult(kind=kind, out=out, tables=tables, report=report, files=files)


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


# ---------------------------------------------------------------------------- names and files


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
        columns.append(CodebookColumn(src, str(entry["name"]), table, codes,
                                      tuple(float(x) for x in rescale) if rescale else None))
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
                   row_numbers: pd.Series, used_elsewhere=()) -> dict[str, pd.DataFrame]:
    """Turn a raw frame into output columns per table, reporting codes that are not in the book.

    ``frame`` columns are the file's own names (or 1-based positions as ``int``).
    Returns one frame per table (same index as ``frame``).
    """
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


# ---------------------------------------------------------------------------- small TOML writer


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

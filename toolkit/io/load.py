"""Read an event data folder into one typed container, :class:`EventData`.

One entry point, :func:`load_event_data`, reads a folder as ``docs/data-format.md``
describes it (tables directly, or one subfolder per event), checks every table
and the links between them, pseudonymises personal data, and returns the
tables with fixed dtypes. :func:`validate_folder` does the same and returns
the :class:`~toolkit.errors.ValidationReport` instead of raising, and
:func:`from_tables` does it for tables already in memory (the simulation
study, benchmarks, importers).

Files are read by the one reader (:func:`toolkit.io.files.read_table`); each
column is typed, and each bad cell handled, as its field in the pandera models
of :mod:`toolkit.io.schemas` says; personal data is handled by the one rule of
:mod:`toolkit.privacy`. In short, the in-memory shape of each table after
loading (column names canonical, lower case):

- ids (``event_id``, ``attendee_id``, ``session_id``, ``contact_id``, ``group_id``):
  pandas ``string`` dtype; emails/names used as ids are replaced by keyed hashes.
- ``format``: categorical with categories ``("structured", "unstructured")``.
- ``assignment``: categorical ``("randomized", "self_selected", "scheduled")``,
  missing filled with ``"scheduled"``.
- yes/no columns (``first_time``, ``met_helpful``, ``would_return``, ``interest``): ``boolean``.
- timestamps (``start``, ``end``, ``timestamp``): ``datetime64[ns, UTC]``.
- survey answers and Likert items: ``Float64``; ``nps`` 0-10, ``satisfaction`` 1-5.
  (Other survey columns that are not all numbers or known labels stay text.)
- ``duration_s``: ``Float64``; ``kind``: categorical of ``FOLLOWUP_KINDS``.
- other text columns (``industry``, ``company_size``, ``networking_style``,
  ``grouping``, ``channel``): ``string``; ``networking_style`` and ``channel`` lower case.
  Extra columns are kept: ``Float64`` where every value is a number, else ``string``.
- optional tables that are absent are empty frames with their canonical columns;
  optional columns that are absent are present and all missing.
- every table keeps a ``_row`` column (Int64): the spreadsheet row of the source
  file (header = row 1), and ``_file`` (string): the file it came from, so that later
  steps can still name file and row. (``_``-prefixed columns are bookkeeping, never
  segments or covariates.)
- in a folder of event subfolders, a missing ``event_id`` takes the subfolder's name.
- follow-ups without ``event_id`` get the latest event at which the pair exchanged
  details before the follow-up, where the contacts tell it.

Rows with problems are never dropped silently: a problem that makes the folder
unusable is an error; a row that cannot be used is set aside (a warning, listed
in ``report.set_aside`` with its reason); a single unreadable answer is left
blank (a warning, listed too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import FILE_SUFFIXES, TABLE_ORDER, TABLES
from toolkit.errors import DataValidationError, NetoutError, UsageError, ValidationReport
from toolkit.io import parsing
from toolkit.io.bulk import (
    BULK_TABLES,
    BulkSource,
    BulkStore,
    canonical_column_name,
    load_bulk,
    normal_column_name,
    usable_file,
)
from toolkit.io.files import blank_rows, empty_unnamed_columns, read_table
from toolkit.io.rules import FieldRule, Finding, field_rules, plain_checks_pass, table_rule, unreadable_findings
from toolkit.privacy import (
    PERSON_ID_COLUMNS,
    describe_dropped,
    load_secret,
    minimise_columns,
    minimise_columns_per_file,
    personal_column_kind,
    pseudonymise,
    redact_free_text,
    remembered_pseudonyms,
    stand_in_id_column,
)
from toolkit.settings import SETTINGS_FILE, PrivacySettings, Settings, combined_style_scale

BOOKKEEPING = ("_row", "_file")


@dataclass
class EventData:
    """All tables of an event folder (one or many events), validated and pseudonymised.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> data = load_event_data(example_folder(), secret="k")
    >>> data.attendees.groupby("event_id").size().to_dict(), data.event_ids
    ({'E01': 60, 'E02': 60}, ['E01', 'E02'])
    >>> list(data.tables())[:3]
    ['attendees', 'sessions', 'participation']
    """

    attendees: pd.DataFrame
    sessions: pd.DataFrame
    participation: pd.DataFrame
    survey: pd.DataFrame
    contacts: pd.DataFrame
    followups: pd.DataFrame
    known_ties: pd.DataFrame
    settings: Settings = field(default_factory=Settings)
    report: ValidationReport = field(default_factory=ValidationReport)
    source: Path | None = None
    #: The tables the folder (or the caller) gave, absent ones left out; None where not known (an EventData
    #: built by hand), when a table counts as given where it has rows. An absent table's outcomes are
    #: "not recorded", never zero.
    recorded: frozenset[str] | None = None
    #: Tables the loader kept inside the embedded engine (:mod:`toolkit.io.engine`), or None.
    bulk: object | None = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str):
        # only reached when the attribute is not set: a table the loader kept in the engine, read into
        # pandas the first time something asks for it (then kept, and used from then on)
        bulk = self.__dict__.get("bulk")
        if bulk is not None and name in getattr(bulk, "tables", {}):
            frame = bulk.frame(name)
            object.__setattr__(self, name, frame)
            return frame
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def has_table(self, name: str) -> bool:
        """The folder gave table ``name`` (possibly with no rows: then it recorded that nothing happened).

        Example
        -------
        >>> from toolkit.datasets import example_folder
        >>> data = load_event_data(example_folder(), secret="k")
        >>> data.has_table("followups"), data.has_table("survey")
        (True, True)
        """
        if self.recorded is not None:
            return name in self.recorded
        return len(getattr(self, name)) > 0

    def row_counts(self) -> dict[str, int]:
        """Rows per table, in contract order, without reading the engine's tables into pandas.

        Example
        -------
        >>> from toolkit.datasets import example_folder
        >>> load_event_data(example_folder(), secret="k").row_counts()["contacts"]
        996
        """
        counts = {}
        for name in ("attendees", "sessions", "participation", "survey", "contacts", "followups", "known_ties"):
            held = self.bulk is not None and self.bulk.holds(name, self)
            counts[name] = self.bulk.rows(name) if held else int(len(getattr(self, name)))
        return counts

    def tables(self) -> dict[str, pd.DataFrame]:
        """The seven tables by name, in contract order."""
        return {
            "attendees": self.attendees,
            "sessions": self.sessions,
            "participation": self.participation,
            "survey": self.survey,
            "contacts": self.contacts,
            "followups": self.followups,
            "known_ties": self.known_ties,
        }

    @property
    def event_ids(self) -> list[str]:
        return sorted(self.attendees["event_id"].dropna().unique().tolist())


# =========================================================================== public entry points


def load_event_data(path: str | Path, *, secret: str | bytes | None = None) -> EventData:
    """Read, check and pseudonymise an event data folder.

    Parameters
    ----------
    path : str or Path
        The folder: tables directly (``attendees.csv`` ...) or one subfolder per event.
    secret : str or bytes, optional
        Pseudonymisation key; by default from ``NETOUT_SECRET`` / the secret file
        (see :mod:`toolkit.privacy`).

    Returns
    -------
    EventData
        Typed tables; ``data.report`` lists warnings and the rows set aside.

    Raises
    ------
    DataValidationError
        When the folder has errors (``exc.report`` lists every problem at once).
    UsageError
        When ``path`` is not a folder.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> data = load_event_data(example_folder(), secret="k")
    >>> data.report.ok, len(data.report.set_aside), len(data.contacts)
    (True, 0, 996)
    """
    data = read_folder(path, secret=secret)
    data.report.raise_if_errors()
    return data


def validate_folder(path: str | Path, *, secret: str | bytes | None = None) -> ValidationReport:
    """Check an event data folder and return every problem found (never raises for bad data).

    Example
    -------
    >>> import shutil, tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "E01"
    >>> _ = shutil.copytree(example_folder() / "E01", folder)
    >>> with open(folder / "contacts.csv", "a", encoding="utf-8") as log:
    ...     _ = log.write("E01,M00000,A99,,app,,,\\n")
    >>> report = validate_folder(folder, secret="k")
    >>> problem = report.errors[0]  # a person's id is shown as its pseudonym: the row tells where it is
    >>> problem.file, problem.row, problem.column, problem.value.startswith("p_")
    ('contacts.csv', 408, 'contact_id', True)
    >>> problem.message
    "names an attendee who is not in attendees for event 'E01'; add the attendee to attendees or correct the id"
    """
    return read_folder(path, secret=secret).report


@remembered_pseudonyms()  # a whole load: each id hashed once, not once per table
def from_tables(
    tables: Mapping[str, pd.DataFrame],
    *,
    settings: Settings | Mapping | None = None,
    secret: str | bytes | None = None,
    errors: str = "raise",
) -> EventData:
    """Parse and check tables already in memory exactly as files in a folder would be.

    Parameters
    ----------
    tables : mapping of table name to DataFrame
        Raw tables as they would be written to files (text or typed columns).
        A ``_row``/``_file`` column is kept if present; otherwise rows are
        numbered as a spreadsheet would number them (first data row = 2) and the
        file is named after the table.
    settings : Settings or dict, optional
        As read from ``netout.toml`` (a dict is parsed like the TOML document).
    secret : str or bytes, optional
        Pseudonymisation key.
    errors : {"raise", "report"}
        ``"raise"``: raise :class:`DataValidationError` on errors; ``"report"``:
        return the data with the errors in ``data.report``.

    Example
    -------
    >>> import pandas as pd
    >>> data = from_tables({
    ...     "attendees": pd.DataFrame({"event_id": ["e1", "e1"], "attendee_id": ["a", "b"]}),
    ...     "sessions": pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["Structured"]}),
    ...     "participation": pd.DataFrame({"event_id": ["e1", "e1"], "session_id": ["s1", "s1"],
    ...                                    "attendee_id": ["a", "b"]}),
    ... })
    >>> data.sessions["assignment"].tolist()
    ['scheduled']
    """
    if errors not in ("raise", "report"):
        raise UsageError(f"errors must be 'raise' or 'report', not {errors!r}")
    if settings is None:
        settings = Settings()
    elif isinstance(settings, Mapping):
        settings = Settings.from_dict(dict(settings))
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise UsageError(f"unknown table name(s) {unknown}; the tables are {', '.join(TABLE_ORDER)}")
    report = ValidationReport()
    for warning in settings.warnings:
        report.add(SETTINGS_FILE, message=warning, severity="warning")
    secret = load_secret(secret, organisation=settings.privacy.organisation)
    raw: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        if frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            raise UsageError(f"table {name!r} must be a pandas DataFrame, not {type(frame).__name__}")
        frame = frame.reset_index(drop=True)
        label = str(frame["_file"].iloc[0]) if "_file" in frame.columns and len(frame) else name
        prepared = _prepare_frame(frame, name, label, settings.columns.get(name, {}), report, secret=secret,
                                  privacy=settings.privacy)
        if prepared is not None:
            raw[name] = prepared
    data = _build(raw, settings, report, secret=secret, source=None)
    if errors == "raise":
        data.report.raise_if_errors()
    return data


@remembered_pseudonyms()  # a whole load: each id hashed once, not once per table
def read_folder(path: str | Path, *, secret: str | bytes | None = None) -> EventData:
    """Read a folder and return the data with every problem in ``data.report`` (errors included).

    This is what :func:`load_event_data` and :func:`validate_folder` share; use
    it where you need the data even when the folder has errors (``netout validate``).

    Example
    -------
    >>> import shutil, tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "E01"
    >>> _ = shutil.copytree(example_folder() / "E01", folder)
    >>> _ = (folder / "sessions.csv").write_text(
    ...     (folder / "sessions.csv").read_text().replace("unstructured", "speed networking"))
    >>> data = read_folder(folder, secret="k")
    >>> data.report.ok, len(data.contacts), [p.column for p in data.report.errors]
    (False, 406, ['format'])
    """
    root = Path(path)
    if not root.exists():
        raise UsageError(f"{root}: no such folder; give the folder that holds attendees.csv (or its event subfolders)")
    if not root.is_dir():
        raise UsageError(f"{root}: is a file; give the folder that holds it")
    # each table's files prepared together (one rename, one pseudonymisation, ...) where nothing in them needs a
    # word in the report; otherwise file by file, exactly as before, so that every message keeps its place
    data = _read_folder(root, secret, pooled=True)
    return data if data is not None else _read_folder(root, secret, pooled=False)


def _read_folder(root: Path, secret: str | bytes | None, *, pooled: bool) -> EventData | None:
    """read_folder's work; ``pooled``: prepare each table's files together, or None where that cannot be exact."""
    report = ValidationReport()
    settings = _read_settings(root, SETTINGS_FILE, report) or Settings()
    # one key for the whole folder, made once: the organisation named in its settings (or NETOUT_ORG) applied
    secret = load_secret(secret, organisation=settings.privacy.organisation)
    folders = [root] + sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")) and _table_files(p)),
        key=lambda p: p.name,
    )
    parts: dict[str, list[pd.DataFrame]] = {}
    scales = {}
    bulk: dict[str, list[BulkSource]] = {}
    pending: dict[str, list[tuple[int, BulkSource, pd.DataFrame | None]]] = {}
    order: list[str] = []   # the table of each file, in reading order
    for folder in folders:
        local = _folder_settings(folder, root, settings, report)
        colmap = local.columns
        files = _table_files(folder)
        if files:
            scales[folder.name] = local.style_scale
        for name in TABLE_ORDER:
            candidates = files.get(name, [])
            if not candidates:
                continue
            chosen = candidates[0]
            label = chosen.relative_to(root).as_posix()
            if len(candidates) > 1:
                others = ", ".join(c.name for c in candidates[1:])
                report.notes.append(f"{label}: read this file; {others} in the same folder ignored (one file per table)")
            source = BulkSource(chosen, label, colmap.get(name, {}), folder.name if folder != root else None,
                                settings=local)
            # local clock times need the row-by-row reading of the event's time zone and date order
            if name in BULK_TABLES and usable_file(chosen) and local.time_zone is None and local.day_first is None:
                bulk.setdefault(name, []).append(source)   # read by the engine, in _build
                continue
            parts.setdefault(name, [])
            if pooled:   # read now (the reader's messages keep their place), prepared with the table's other files
                pending.setdefault(name, []).append((len(order), source, _read_file(source.path, label, report, name)))
                order.append(name)
                continue
            parts[name].extend(_read_sources([source], name, report, secret, top=settings))
    for name in [n for n in bulk if n in parts]:   # some files of the table need the plain reader: all do
        if pooled:
            for source in bulk.pop(name):
                pending.setdefault(name, []).append((len(order), source,
                                                     _read_file(source.path, source.label, report, name)))
                order.append(name)
            continue
        parts[name].extend(_read_sources(bulk.pop(name), name, report, secret, top=settings))
    if pooled:
        prepared = _prepare_pending(pending, report, secret, top=settings)
        if prepared is None:
            return None
        for name, frames in prepared.items():
            parts[name].extend(frames)
    if not parts and not bulk:
        report.add(str(root), message="holds no tables: expected attendees, sessions and participation as "
                   ".csv, .xlsx or .parquet files, directly or in one subfolder per event")
    raw = {name: pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
           for name, frames in parts.items() if frames}
    missing_but_tried = {name for name, frames in parts.items() if not frames}
    try:
        settings = replace(settings, style_scale=combined_style_scale(scales))
    except NetoutError as exc:
        report.add(SETTINGS_FILE, column="style_scale", table="survey", message=f"{exc}")
    return _build(raw, settings, report, secret=secret, source=root, unreadable=missing_but_tried, bulk=bulk)


def _read_sources(sources: list[BulkSource], name: str, report: ValidationReport,
                  secret: str | bytes | None, *, top: Settings) -> list[pd.DataFrame]:
    """Table files read the plain way (:func:`toolkit.io.files.read_table`), named and prepared."""
    frames = []
    for source in sources:
        frame = _read_file(source.path, source.label, report, name)
        if frame is None:
            continue  # the table is there, but unreadable: no "missing table" error
        local = source.settings if source.settings is not None else top
        frame = _prepare_frame(frame, name, source.label, source.column_map, report, secret=secret,
                               event_from_folder=source.event_from_folder, privacy=local.privacy)
        if frame is not None:
            frames.append(_read_local_values(frame, name, local, top))
    return frames


def _prepare_pending(pending: dict[str, list[tuple[int, BulkSource, pd.DataFrame | None]]], report: ValidationReport,
                     secret: str | bytes | None, *, top: Settings) -> dict[str, list[pd.DataFrame]] | None:
    """The files read by a pooled pass, prepared; None where the file-by-file pass must run instead.

    A table whose files have the same columns, types, column map and settings is
    prepared as one frame (a season's ten event files cost one rename, one
    pseudonymisation, one typing); the personal-data content check still judges
    each file on its own values (:func:`toolkit.privacy.minimise_columns_per_file`),
    and a file whose local times need their date order guessed has it guessed from
    its own dates (such a table is prepared file by file). None where
    preparing would say anything in the report other than the columns left out
    (a duplicated column, an id taken from an email column, ...), or where the
    content check judges a column differently in two files of a table: the
    file-by-file pass then says it in the order it always did.
    """
    scratch = ValidationReport()
    first_drop: dict[str, int] = {}
    prepared: dict[str, list[pd.DataFrame]] = {}
    for name, items in pending.items():
        frames = [(seq, source, frame) for seq, source, frame in items if frame is not None]
        out: list[pd.DataFrame] = []
        same = len(frames) > 1 and all(
            list(f.columns) == list(frames[0][2].columns) and f.dtypes.equals(frames[0][2].dtypes)
            and s.column_map == frames[0][1].column_map and s.settings is frames[0][1].settings
            for _, s, f in frames[1:]) and not _infers_date_order(name, frames[0][1].settings or top)
        if same:
            first_seq, first_source, _ = frames[0]
            local = first_source.settings if first_source.settings is not None else top
            pooled = pd.concat([f for _, _, f in frames], ignore_index=True)
            bounds = np.cumsum([0] + [len(f) for _, _, f in frames])
            folder_events = None
            if any(s.event_from_folder is not None for _, s, _ in frames):
                folder_events = pd.Series(np.repeat(np.array([s.event_from_folder for _, s, _ in frames], dtype=object),
                                                    np.diff(bounds)), dtype="str")
            before = {t: dict(d) for t, d in scratch.dropped_columns.items()}
            frame = _prepare_frame(pooled, name, first_source.label, first_source.column_map, scratch, secret=secret,
                                   event_from_folder=folder_events, privacy=local.privacy, file_bounds=bounds)
            if frame is None or frame is _MIXED_VERDICTS:
                return None
            if scratch.dropped_columns != before:
                first_drop.setdefault(name, first_seq)
            out.append(_read_local_values(frame, name, local, top))
        else:
            for seq, source, frame in frames:
                local = source.settings if source.settings is not None else top
                before = {t: dict(d) for t, d in scratch.dropped_columns.items()}
                frame = _prepare_frame(frame, name, source.label, source.column_map, scratch, secret=secret,
                                       event_from_folder=source.event_from_folder, privacy=local.privacy)
                if frame is None:
                    return None
                if scratch.dropped_columns != before:
                    first_drop.setdefault(name, seq)
                out.append(_read_local_values(frame, name, local, top))
        if scratch.problems or scratch.notes or scratch.set_aside:
            return None
        prepared[name] = out
    # the columns left out, table by table in the order the file-by-file pass would have found them
    for name in sorted(first_drop, key=first_drop.get):
        report.dropped_columns.setdefault(name, {}).update(scratch.dropped_columns[name])
    return prepared


# =========================================================================== reading files


def table_findings(name: str, frame: pd.DataFrame) -> list[Finding]:
    """Validate one loaded table against its schema; every failure as a :class:`Finding` (none where it passes).

    The plain checks (:func:`toolkit.io.rules.plain_checks_pass`) decide that a
    table passes, without importing pandera; where any fails, the pandera model
    validates the table lazily and names every failure
    (:func:`toolkit.io.schemas.check_table`). ``frame`` must have a default
    RangeIndex (positions); ``_row``/``_file`` are not needed here.

    Example
    -------
    >>> ties = pd.DataFrame({"event_id": ["e", "e"], "attendee_id": ["a", "b"], "contact_id": ["b", "b"]})
    >>> [(f.column, f.action, [int(i) for i in f.positions]) for f in table_findings("known_ties", ties.astype("string"))]
    [('contact_id', 'set_aside', [1])]
    """
    if plain_checks_pass(name, frame):
        return []
    # only here: the models import pandera (about a second), which a table that passes never needs
    from toolkit.io.schemas import check_table as described_by_the_model

    return described_by_the_model(name, frame)


def _table_files(folder: Path) -> dict[str, list[Path]]:
    """Table files in a folder by table name (case-insensitive), in order of suffix preference."""
    found: dict[str, list[Path]] = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        if not entry.is_file():
            continue
        stem, suffix = entry.stem.strip().lower(), entry.suffix.lower()
        if stem in TABLES and suffix in FILE_SUFFIXES:
            found.setdefault(stem, []).append(entry)
    for files in found.values():
        files.sort(key=lambda p: FILE_SUFFIXES.index(p.suffix.lower()))
    return found


def _infers_date_order(table: str, local: Settings) -> bool:
    """True where the table's local times are read with a date order guessed from the dates themselves.

    The guess (:func:`toolkit.io.parsing.infer_day_first`) must see one file's
    dates only: a month-first export of one event must not be read in the order
    another event's file shows.
    """
    return (local.time_zone is not None and local.day_first is None
            and any(rule.kind == "time" for rule in field_rules(table).values()))


def _folder_settings(folder: Path, root: Path, settings: Settings, report: ValidationReport) -> Settings:
    """The settings that hold for one event subfolder: its own ``netout.toml`` laid over the root's."""
    if folder == root or not (folder / SETTINGS_FILE).exists():
        return settings
    local = _read_settings(folder, f"{folder.name}/{SETTINGS_FILE}", report)
    return settings if local is None else settings.merged(local)


def _read_local_values(frame: pd.DataFrame, table: str, local: Settings, top: Settings) -> pd.DataFrame:
    """Cells only an event folder's own settings can read, read there: local times, Likert labels, ``[values]`` words.

    Times without an offset are local times of the folder's ``time_zone`` (in
    its ``day_first`` date order); survey answers written with labels of the
    folder's ``[likert]`` become their numbers. Cells these cannot read are left
    as they are, for the folder-wide reading to report.
    """
    if local.time_zone is not None or local.day_first is not None:
        for column, rule in field_rules(table).items():
            if rule.kind != "time" or column not in frame.columns or not len(frame):
                continue
            times, bad = parsing.read_local_timestamp(frame[column], time_zone=local.time_zone,
                                                      day_first=local.day_first)
            good = (~bad & times.notna()).to_numpy()
            if good.any():
                column_values = frame[column].astype(object).to_numpy(copy=True)
                column_values[good] = times[good].to_numpy(dtype=object)
                frame[column] = column_values
    if local.values != top.values:
        for column, words in local.values.items():
            if column in frame.columns and words != top.values.get(column):
                frame[column] = parsing.map_values(frame[column], words)
    if table == "survey" and local.likert != top.likert:
        for column in frame.columns:
            if column in BOOKKEEPING or column in ("event_id", "attendee_id"):
                continue
            here, bad_here = parsing.read_likert(frame[column], labels=local.likert)
            there, bad_there = parsing.read_likert(frame[column], labels=top.likert)
            differs = (bad_there | (here != there).fillna(True)).to_numpy(dtype=bool)
            take = (~bad_here).to_numpy(dtype=bool) & frame[column].notna().to_numpy() & differs
            if take.any():
                column_values = frame[column].astype(object).to_numpy(copy=True)
                column_values[take] = here[take].to_numpy(dtype=object)
                frame[column] = column_values
    return frame


def _read_settings(folder: Path, label: str, report: ValidationReport) -> Settings | None:
    """A folder's ``netout.toml``, or None (with an error in the report) when it cannot be understood.

    Entries the toolkit does not know are named as warnings.
    """
    try:
        settings = Settings.read(folder)
        for warning in settings.warnings:
            report.add(label, message=warning.split(": ", 1)[-1], severity="warning")
        return settings
    except NetoutError as exc:
        report.add(label, message=f"{exc}; correct the settings file")
    except (TypeError, ValueError, AttributeError) as exc:  # a value of the wrong kind, e.g. items = 3
        report.add(label, message=f"has a setting of the wrong kind ({exc}); compare it with the example "
                                  "in docs/data-format.md")
    return None


def _read_file(path: Path, label: str, report: ValidationReport, table: str) -> pd.DataFrame | None:
    """One table file with ``_row`` (spreadsheet row numbers) and ``_file``; None (a problem reported) when unreadable."""
    try:
        frame = read_table(path, name=label)
    except DataValidationError as exc:
        for problem in exc.report.problems:
            report.add(problem.file, row=problem.row, value=problem.value, message=problem.message, table=table)
        return None
    if frame.attrs.get("encoding") not in (None, "utf-8", "utf-8-sig"):
        report.notes.append(f"{label}: read as {frame.attrs['encoding'].upper()} text")
    rows = frame.index.to_numpy(dtype=np.int64)
    frame = frame.reset_index(drop=True)
    # a trailing separator in the header makes an unnamed, empty column: not data
    unnamed = empty_unnamed_columns(frame)
    # bookkeeping columns in a file (a re-exported loaded table) describe another file: ours win
    unwanted = unnamed + [c for c in BOOKKEEPING if c in frame.columns]
    if unwanted:   # (a drop copies the frame: a season's small files pay it fifty times otherwise)
        frame = frame.drop(columns=unwanted)
    # rows with no value at all (blank lines) carry nothing; their numbers are kept for the others
    blank = blank_rows(frame)
    frame["_row"] = rows
    frame["_file"] = label
    if blank is not None:
        frame = frame[~blank].reset_index(drop=True)
    return frame


# =========================================================================== columns and privacy


def _segment_key(name: object) -> str:
    return "_".join(re.findall(r"[0-9a-z]+", str(name).lower()))


def _prepare_frame(
    frame: pd.DataFrame,
    table: str,
    label: str,
    column_map: Mapping[str, str],
    report: ValidationReport,
    *,
    secret: str | bytes | None,
    event_from_folder: str | pd.Series | None = None,
    privacy: PrivacySettings = PrivacySettings(),
    file_bounds: np.ndarray | None = None,
) -> pd.DataFrame | None:
    """Canonical column names, bookkeeping columns, personal columns used and dropped (one file).

    ``file_bounds``: the frame holds several files of one layout, file ``k`` in rows
    ``file_bounds[k]:file_bounds[k + 1]`` (``event_from_folder`` then one value per row); the
    content check still judges each file, and :data:`_MIXED_VERDICTS` comes back where it
    judges a column differently in two of them.
    """
    spec = TABLES[table]
    renamed: dict[object, str] = {}
    sources: dict[str, str] = {}  # column -> the export's own name, where it was renamed or mapped
    personal_sources: set[str] = set()
    for original in frame.columns:
        if original in BOOKKEEPING:
            renamed[original] = original
            continue
        name = normal_column_name(original)
        target = canonical_column_name(original, spec, column_map)
        if target in PERSON_ID_COLUMNS and personal_column_kind(name) is not None:
            personal_sources.add(target)  # an email or name column used as an id: hash every value
        renamed[original] = target
        sources[target] = str(original).strip()
    names = [renamed[o] for o in frame.columns]  # per column: a name repeated as it is is a duplicate too
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        for name in duplicated:
            sources = [str(o) for o in frame.columns if renamed[o] == name]
            report.add(label, row=1, column=name, value=", ".join(sources), table=table,
                       message=f"has {len(sources)} columns that all read as {name!r} ({', '.join(sources)}); "
                               "keep one or map them apart in netout.toml")
        return None
    frame = frame.rename(columns=renamed)
    frame = _hashable_cells(frame)
    if "_row" not in frame.columns:
        frame["_row"] = np.arange(len(frame), dtype=np.int64) + 2
    if "_file" not in frame.columns:
        frame["_file"] = label
    if event_from_folder is not None and "event_id" not in frame.columns and "event_id" in spec.columns:
        frame["event_id"] = event_from_folder
    others = [c for c in frame.columns if c not in BOOKKEEPING and c not in spec.columns]
    # An export without attendee_id but with an email (or phone, or name) column: that column is the id.
    stand_in = stand_in_id_column(others) if "attendee_id" in spec.required else None
    if stand_in is not None and "attendee_id" not in frame.columns:
        frame["attendee_id"] = frame[stand_in]
        personal_sources.add("attendee_id")
        report.notes.append(f"{label}: no attendee_id column; the {stand_in!r} column was used as the id "
                            "(pseudonymised)")
    for column in personal_sources:
        if column in frame.columns:
            frame[column] = parsing.read_id(frame[column],
                                            transform=lambda u: pseudonymise(u, secret=secret, all_values=True))
    return _minimise(frame, table, sources, report, privacy, file_bounds=file_bounds)


_TEXT_KINDS = ("text",)
#: What _prepare_frame returns for pooled files whose columns the content check judges differently per file.
_MIXED_VERDICTS = pd.DataFrame()


def _minimise(frame: pd.DataFrame, table: str, sources: dict[str, str], report: ValidationReport,
              privacy: PrivacySettings, *, file_bounds: np.ndarray | None = None) -> pd.DataFrame:
    """The one personal-data rule's minimisation: columns that can identify people leave the analysis table.

    By name (also the export's own name a column was mapped from) and by
    content; ids are kept (they are pseudonymised), the contract's typed
    columns too, its text columns only pass a strict content check. What is
    dropped is collected in ``report.dropped_columns`` and said once per table.
    """
    rules = field_rules(table)
    text_columns = [c for c, rule in rules.items() if rule.kind in _TEXT_KINDS and c in frame.columns]
    protected = [c for c in rules if c not in text_columns] + list(BOOKKEEPING)
    if file_bounds is None:
        kept, dropped = minimise_columns(frame, protected=protected, segments=privacy.segments, sources=sources,
                                         text_columns=text_columns)
    else:
        # the verdict is each file's: a column that is mostly emails in one file goes, even where the pool of
        # files is mostly not emails; where the files disagree, the file-by-file pass must say so
        judged = minimise_columns_per_file(frame, file_bounds, protected=protected, segments=privacy.segments,
                                           sources=sources, text_columns=text_columns)
        if judged is None:
            return _MIXED_VERDICTS
        kept, dropped = judged
    if dropped:
        report.dropped_columns.setdefault(table, {}).update(
            {sources.get(c, c): kind for c, kind in dropped.items()})
    return kept


_PLAIN_KINDS = frozenset({"string", "empty", "integer", "floating", "boolean", "mixed-integer-float", "datetime",
                          "datetime64", "date", "decimal", "bytes"})


def _hashable_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells holding lists, dicts or arrays (Parquet nested types) become their text, so they can be compared."""
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) in _PLAIN_KINDS:
            continue
        odd = series.map(lambda v: isinstance(v, (list, dict, set, tuple, np.ndarray)))
        if odd.any():
            frame[column] = series.where(~odd, series[odd].map(str))
    return frame


# =========================================================================== building EventData


@dataclass
class _Checker:
    """Collects findings per table and applies them (errors, set-aside rows, cleared answers)."""

    frames: dict[str, pd.DataFrame]
    report: ValidationReport

    def apply(self, findings: list) -> None:
        """Record each finding's problems; set rows aside and blank cleared answers."""
        by_table: dict[str, list] = {}
        for finding in findings:
            by_table.setdefault(finding.table, []).append(finding)
        for table, table_findings in by_table.items():
            frame = self.frames[table]
            drop = np.zeros(len(frame), dtype=bool)
            seen: set[tuple[int, str | None]] = set()
            rows = frame["_row"].to_numpy()
            files = frame["_file"].to_numpy()
            for finding in table_findings:
                positions = np.asarray(finding.positions, dtype=int)
                if not len(positions):
                    self.report.add(files[0] if len(files) else table, column=finding.column, table=table,
                                    message=str(finding.messages), severity=finding.severity)
                    continue
                if finding.values is not None:
                    values = np.asarray(finding.values, dtype=object)
                elif finding.column in frame.columns:
                    values = frame[finding.column].iloc[positions].to_numpy(dtype=object)
                else:
                    values = np.full(len(positions), None, dtype=object)
                messages = (np.full(len(positions), finding.messages, dtype=object)
                            if isinstance(finding.messages, str) else np.asarray(finding.messages, dtype=object))
                for position, value, message in zip(positions.tolist(), values.tolist(), messages.tolist()):
                    key = (position, finding.column)
                    if key in seen:
                        continue  # one problem per cell: the first (most specific) wins
                    seen.add(key)
                    value = _shown(value)
                    self.report.add(files[position], row=int(rows[position]), column=finding.column, value=value,
                                    message=message, severity=finding.severity, table=table)
                    if finding.action == "set_aside":
                        drop[position] = True
                        self.report.set_aside.append({"table": table, "file": str(files[position]),
                                                      "row": int(rows[position]),
                                                      "reason": f"{finding.column}: {message}"})
                if finding.action == "clear" and finding.column in frame.columns:
                    frame.loc[frame.index[positions], finding.column] = pd.NA
                    for position, message in zip(positions.tolist(), messages.tolist()):
                        if not drop[position]:
                            self.report.set_aside.append({
                                "table": table, "file": str(files[position]), "row": int(rows[position]),
                                "reason": f"{finding.column} left blank: {message}"})
            if drop.any():
                frame = frame[~drop].reset_index(drop=True)
            self.frames[table] = frame


def _shown(value: object) -> object:
    """A cell's value as a person would write it in the problem message."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _build(
    raw: dict[str, pd.DataFrame],
    settings: Settings,
    report: ValidationReport,
    *,
    secret: str | bytes | None,
    source: Path | None,
    unreadable: set[str] | frozenset[str] = frozenset(),
    bulk: dict[str, list[BulkSource]] | None = None,
) -> EventData:
    """Type, check, pseudonymise and cross-check raw tables; every problem goes to ``report``.

    ``bulk`` names table files the engine may read and check itself (:mod:`toolkit.io.bulk`); a table it
    finds any problem in is read the plain way instead, so that each problem is named by file and row.
    """
    bulk = dict(bulk or {})
    usable: dict[str, bool] = {}
    frames: dict[str, pd.DataFrame] = {}
    bad_cells: dict[str, dict] = {}
    for name in TABLE_ORDER:
        if name in bulk:
            usable[name], frames[name] = True, _empty_table(name)
            continue
        usable[name], frames[name], bad_cells[name] = _type_one(name, raw.get(name), settings, report, secret=secret,
                                                                unreadable=unreadable)

    checker = _Checker(frames, report)
    findings = []
    for name in TABLE_ORDER:
        if usable[name] and len(frames[name]):
            findings.extend(unreadable_findings(name, bad_cells.get(name, {})))
            findings.extend(table_findings(name, frames[name]))
    checker.apply(findings)
    store = None
    for name, sources in bulk.items():
        if usable["attendees"] and usable["sessions"]:
            store = store or BulkStore()
            if load_bulk(name, sources, checker.frames["attendees"], checker.frames["sessions"], secret=secret,
                         store=store, every_id=not settings.privacy.keep_plain_ids):
                continue
        # a problem somewhere in the table (or attendees not usable): the plain path names every one
        frames_read = _read_sources(sources, name, report, secret, top=settings)
        raw[name] = pd.concat(frames_read, ignore_index=True) if len(frames_read) > 1 else \
            (frames_read[0] if frames_read else None)
        usable[name], frame, bad = _type_one(name, raw[name], settings, report, secret=secret,
                                             unreadable=frozenset({name}) if raw[name] is None else frozenset())
        if raw[name] is None:
            del raw[name]
        checker.frames[name] = frame
        if usable[name] and len(frame):
            checker.apply(unreadable_findings(name, bad) + table_findings(name, frame))
    _check_style_scale(settings, checker.frames, usable, report)
    in_engine = store.tables if store is not None else {}
    if all(usable[n] for n in ("attendees", "sessions", "participation")):
        findings = _cross_checks(checker.frames, usable, store if "contacts" in in_engine else None)
        for notice in [f for f in findings if isinstance(f, _Notice)]:
            notice.report(checker.frames, report)
        checker.apply([f for f in findings if not isinstance(f, _Notice)])
        checker.apply(_followup_checks(checker.frames, usable, store if "contacts" in in_engine else None))
    frames = {name: _finish(name, frame) for name, frame in checker.frames.items()}
    _check_nothing_left(raw, frames, usable, report)
    for table, dropped in report.dropped_columns.items():  # said once per table, by column name, never by value
        report.notes.append(describe_dropped(dropped, where=table))
    data = EventData(**frames, settings=settings, report=report, source=source,
                     recorded=frozenset(raw) | frozenset(in_engine), bulk=store if in_engine else None)
    for name in in_engine:
        object.__delattr__(data, name)   # read from the engine when first used (EventData.__getattr__)
    return data


def _type_one(name: str, frame: pd.DataFrame | None, settings: Settings, report: ValidationReport, *,
              secret: str | bytes | None, unreadable) -> tuple[bool, pd.DataFrame, dict]:
    """One raw table typed: (usable, typed frame, unreadable cells); an absent or unusable table is empty."""
    spec = TABLES[name]
    if frame is None:
        if spec.is_required_table and name not in unreadable:
            report.add(f"{name}.csv", table=name,
                       message=f"the required table {name} is missing; add {name}.csv (or .xlsx/.parquet) "
                               "to the folder or to each event subfolder")
        return not spec.is_required_table, _empty_table(name), {}
    label = str(frame["_file"].iloc[0]) if len(frame) else f"{name}.csv"
    missing = [c for c in spec.required if c not in frame.columns]
    if missing:
        for column in missing:
            files = sorted(frame["_file"].astype(str).unique()) if len(frame) else [label]
            for file in files:
                if column in frame.columns and frame.loc[frame["_file"] == file, column].notna().any():
                    continue
                report.add(file, row=1, column=column, table=name,
                           message=f"the required column {column!r} is missing; add it to the header row "
                                   "(or map your column to it in netout.toml under [columns." + name + "])")
        return False, _empty_table(name), {}
    typed, bad = _type_table(name, frame, settings, report, secret=secret)
    return True, typed, bad


def _check_nothing_left(raw: dict[str, pd.DataFrame], frames: dict[str, pd.DataFrame],
                        usable: dict[str, bool], report: ValidationReport) -> None:
    """A table whose every row was set aside is an error, not a usable folder with an empty table.

    Each row's warning alone would let the folder pass although nothing of the
    table is left: that is usually a systematic fault (two exports glued
    together, another separator), which the user must see as one clear error.
    """
    for name, frame in raw.items():
        if usable.get(name) and len(frame) and not len(frames[name]):
            files = ", ".join(sorted(frame["_file"].astype(str).unique()))
            report.add(files, table=name,
                       message=f"every one of its {len(frame)} row(s) was set aside (see the warnings), so nothing "
                               f"of the {name} table is left; the rows probably share one fault, such as another "
                               "separator than the header's or a column with the wrong content")


def _empty_table(name: str) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in TABLES[name].columns})
    frame["_row"] = pd.Series([], dtype="Int64")
    frame["_file"] = pd.Series([], dtype="string")
    return _finish(name, _type_table(name, frame, Settings(), ValidationReport(), secret=None)[0])


def _type_table(name: str, frame: pd.DataFrame, settings: Settings, report: ValidationReport, *,
                secret: str | bytes | None) -> tuple[pd.DataFrame, dict]:
    """Parse every column as its schema field says (:func:`toolkit.io.schemas.field_rules`); extras by the table's rule.

    Returns the typed frame and its unreadable cells: per column, the mask of
    cells that could not be read and the values as they were in the file.
    """
    rules = field_rules(name)
    frame = frame.copy()
    for column in rules:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype=object)
    originals = {c: frame[c] for c in frame.columns}
    invalid: dict[str, pd.Series] = {}
    for column, rule in rules.items():
        if column in settings.values:  # the organiser's own words first ([values.COLUMN]); the reader reports the rest
            frame[column] = parsing.map_values(frame[column], settings.values[column])
        frame[column], bad = _read_field(frame[column], rule, settings, secret)
        if bad is not None:
            invalid[column] = bad
    extras = [c for c in frame.columns if c not in rules and c not in BOOKKEEPING]
    scale_items = set(settings.style_scale.items) if settings.style_scale else set()
    declared = {_segment_key(s) for s in settings.privacy.segments}
    for column in extras:
        frame[column], bad = _read_extra(frame[column], table_rule(name).extras, column in scale_items, settings,
                                         secret, declared=_segment_key(column) in declared)
        if bad is not None:
            invalid[column] = bad
    frame["_row"] = pd.to_numeric(frame["_row"], errors="coerce").astype("Int64")
    frame["_file"] = frame["_file"].astype("string")
    frame = frame.reset_index(drop=True)
    unreadable = {}
    for column, mask in invalid.items():
        flags = mask.to_numpy(dtype=bool)
        if flags.any():
            unreadable[column] = (flags, originals[column].to_numpy(dtype=object))
    return frame, unreadable


def _read_field(series: pd.Series, rule: FieldRule, settings: Settings,
                secret: str | bytes | None) -> tuple[pd.Series, pd.Series | None]:
    """One contract column read by its kind; the mask of unreadable cells (None where every cell reads)."""
    if rule.kind == "id":
        # a person's id is hashed whatever its shape (member numbers identify people too), unless the settings
        # say the codes are not personal; other ids (events, sessions, groups) only where they hold an email,
        # a phone number or an IP address
        every = rule.person and not settings.privacy.keep_plain_ids
        return parsing.read_id(series, transform=lambda u: pseudonymise(u, secret=secret, all_values=every)), None
    if rule.kind == "text":
        text = _text(series, lower=rule.lower)
        # category values ("Health Care and Social Assistance") would read as names, so names are looked for only
        # in a cell that also held an email, phone or address: such a cell is a note about a person
        # company sizes are bands ("1000-4999"), not phone numbers
        plain = redact_free_text(text, secret=secret, names=False, bands=rule.column == "company_size")
        about_someone = (plain != text).fillna(False)
        if about_someone.any():
            plain = plain.where(~about_someone, redact_free_text(text, secret=secret, names=True))
        return plain, None
    if rule.kind == "yes_no":
        return parsing.read_yes_no(series)
    if rule.kind == "time":
        return parsing.read_timestamp(series)
    if rule.kind == "number":
        return parsing.read_number(series)
    if rule.kind == "likert":
        return parsing.read_likert(series, labels=settings.likert)
    values, bad = parsing.read_code(series, rule.codes, synonyms=rule.synonyms)
    if rule.default is not None:  # an empty code takes the default; an unreadable one stays to be reported
        values = values.where(values.notna() | bad, rule.default)
    return values, bad


def _read_extra(series: pd.Series, extras: str, scale_item: bool, settings: Settings,
                secret: str | bytes | None, *, declared: bool = False) -> tuple[pd.Series, pd.Series | None]:
    """A column beyond the contract: an answer or a number where it reads as one, else text without emails and phones.

    Survey extras (the table rule ``likert``) are answers where every cell reads
    as one (a style-scale item always is, its unreadable cells reported); other
    extras are numbers where every value is one, and typed columns stay as they are.
    """
    if extras == "likert":
        values, bad = parsing.read_likert(series, labels=settings.likert)
        if scale_item or not bad.any():
            return values, bad
    elif series.dtype.kind in "biufM" or str(series.dtype) in ("Float64", "Int64", "boolean") \
            or isinstance(series.dtype, pd.DatetimeTZDtype):
        return series, None
    elif series.dtype.kind in "OUT" or str(series.dtype) in ("str", "string"):
        numbers = pd.to_numeric(series, errors="coerce")
        if len(series) and bool((numbers.notna() | series.isna()).all()) and series.notna().any():
            return numbers.astype("Float64"), None
    # what is left is not personal by name or content; sentences in it are still searched for names, short
    # category values ("North West") are not; a column the organiser declared as a segment keeps its values
    return redact_free_text(_text(series), secret=secret, names=not declared, names_min_words=3), None


def _text(series: pd.Series, *, lower: bool = False) -> pd.Series:
    text = parsing.read_id(series)
    return text.str.lower() if lower else text


def _check_style_scale(settings: Settings, frames: dict, usable: dict, report: ValidationReport) -> None:
    scale = settings.style_scale
    if scale is None or not usable.get("survey"):
        return
    if all(item in frames["attendees"].columns for item in scale.items):
        return   # asked at registration: the items are attendee columns
    survey = frames["survey"]
    if not len(survey) and "survey" not in {p.table for p in report.problems}:
        report.add(SETTINGS_FILE, column="style_scale", table="survey",
                   message="[style_scale] is set but there is no survey table; add survey.csv or remove the scale")
        return
    missing = [item for item in scale.items if item not in survey.columns]
    if missing:
        report.add(SETTINGS_FILE, column="style_scale", value=", ".join(missing), table="survey",
                   message=f"[style_scale] names item(s) {', '.join(missing)} that are not survey columns "
                           "(nor attendee columns); correct the item names in netout.toml")


# =========================================================================== cross-table checks


def _not_in(left: pd.DataFrame, right: pd.DataFrame, left_columns: list[str], right_columns: list[str]) -> np.ndarray:
    """Positions of ``left`` rows whose key is present (no part missing) but absent from ``right`` (SQL)."""
    from toolkit.io.engine import cursor

    if not len(left):
        return np.array([], dtype=np.int64)
    con = cursor()
    try:
        keys = {f"k{i}": left[c].astype("string").array for i, c in enumerate(left_columns)}
        con.register("left_keys", pd.DataFrame({"_pos": np.arange(len(left), dtype=np.int64), **keys}))
        con.register("right_keys", pd.DataFrame({f"k{i}": right[c].astype("string").array
                                                 for i, c in enumerate(right_columns)}))
        present = " AND ".join(f"l.k{i} IS NOT NULL" for i in range(len(left_columns)))
        same = " AND ".join(f"r.k{i} = l.k{i}" for i in range(len(left_columns)))
        found = con.execute(f"""SELECT _pos FROM left_keys l WHERE {present}
                                AND NOT EXISTS (SELECT 1 FROM right_keys r WHERE {same}) ORDER BY _pos""").df()
    finally:
        con.close()
    return found["_pos"].to_numpy(dtype=np.int64)


def _cross_checks(frames: dict[str, pd.DataFrame], usable: dict[str, bool], store: BulkStore | None = None) -> list:
    """Rows naming people or sessions that are not there; ``store``: the contacts are in the engine, checked there."""

    attendees, sessions, participation = frames["attendees"], frames["sessions"], frames["participation"]
    findings: list = []

    def unknown_attendee(table: str, frame: pd.DataFrame, column: str, action: str, tail: str) -> None:
        positions = _not_in(frame, attendees, ["event_id", column], ["event_id", "attendee_id"])
        if len(positions):
            events = frame["event_id"].to_numpy(dtype=object)[positions]
            messages = np.array([f"names an attendee who is not in attendees for event {e!r}; {tail}"
                                 for e in events], dtype=object)
            findings.append(Finding(table, positions, column, messages, action))

    def unknown_session(table: str, frame: pd.DataFrame, action: str) -> None:
        positions = _not_in(frame, sessions, ["event_id", "session_id"], ["event_id", "session_id"])
        if len(positions):
            events = frame["event_id"].to_numpy(dtype=object)[positions]
            messages = np.array([f"names a session that is not in sessions for event {e!r}; add the session or "
                                 "correct the id" for e in events], dtype=object)
            findings.append(Finding(table, positions, "session_id", messages, action))

    fix = "add the attendee to attendees or correct the id"
    unknown_attendee("participation", participation, "attendee_id", "error", fix)
    unknown_session("participation", participation, "error")
    contacts = frames["contacts"]
    if usable.get("contacts") and len(contacts):
        unknown_attendee("contacts", contacts, "attendee_id", "error", fix)
        unknown_attendee("contacts", contacts, "contact_id", "error", fix)
        unknown_session("contacts", contacts, "error")
    survey = frames["survey"]
    if usable.get("survey") and len(survey):
        unknown_attendee("survey", survey, "attendee_id", "set_aside",
                         "the response is set aside (add the attendee to attendees to keep it)")
    findings.extend(_mixed_format_attendees(frames, usable, store))
    return findings


def _mixed_format_attendees(frames: dict[str, pd.DataFrame], usable: dict[str, bool],
                            store: BulkStore | None = None) -> list:
    """Attendees in sessions of both formats at one event whose contacts cannot be attributed to a session.

    A warning, not an error: the outcome table then leaves their per-session contact outcomes missing
    (``attribution`` = ``unattributable``) rather than guessing.
    """

    participation, sessions, contacts = frames["participation"], frames["sessions"], frames["contacts"]
    if not len(participation):
        return []
    # a duplicated session id is already an error; use its first row here so as not to repeat the problem
    sessions = sessions.drop_duplicates(["event_id", "session_id"])
    joined = participation[["event_id", "session_id", "attendee_id", "_row"]].merge(
        sessions[["event_id", "session_id", "format", "start", "end"]], on=["event_id", "session_id"], how="inner")
    n_formats = joined.groupby(["event_id", "attendee_id"], observed=True)["format"].transform("nunique")
    mixed = joined[n_formats > 1]
    if store is not None and not mixed.empty:
        contacts = _engine_rows_of(store, mixed[["event_id", "attendee_id"]].drop_duplicates())
    if mixed.empty or not usable.get("contacts") or not len(contacts):
        return []
    # contact rows that involve a mixed attendee, from either side
    both_sides = pd.concat([
        contacts[["event_id", "attendee_id", "session_id", "timestamp"]],
        contacts[["event_id", "contact_id", "session_id", "timestamp"]].rename(columns={"contact_id": "attendee_id"}),
    ], ignore_index=True)
    people = mixed[["event_id", "attendee_id"]].drop_duplicates()
    involved = both_sides.merge(people, on=["event_id", "attendee_id"], how="inner")
    if involved.empty:
        return []
    # by time: the contact has a timestamp and every session of the attendee has a start and an end
    # (a contact outside all windows is then known to be outside the sessions: also an attribution)
    timed = (mixed["start"].notna() & mixed["end"].notna()).groupby(
        [mixed["event_id"], mixed["attendee_id"]]).all().rename("timed").reset_index()
    involved = involved.merge(timed, on=["event_id", "attendee_id"], how="left")
    attributable = (involved["session_id"].notna() | (involved["timed"].fillna(False).astype(bool)
                                                      & involved["timestamp"].notna())).to_numpy(dtype=bool)
    unattributable = involved[~attributable].groupby(["event_id", "attendee_id"]).size()
    if unattributable.empty:
        return []
    bad_people = unattributable.reset_index(name="n")
    rows = participation.reset_index().merge(bad_people, on=["event_id", "attendee_id"], how="inner")
    rows = rows.merge(sessions[["event_id", "session_id", "format"]], on=["event_id", "session_id"], how="left")
    positions = rows["index"].to_numpy()
    messages = np.array([
        f"attendee {a!r} is in sessions of both formats at event {e!r}, and {n} of their contact row(s) have "
        "neither a session_id nor a timestamp (with start and end on the sessions), so their contacts cannot be "
        "placed in a session: their contact outcomes are left missing (not guessed); add session_id to contacts, "
        "or timestamps to contacts and start/end to sessions"
        for e, a, n in zip(rows["event_id"], rows["attendee_id"], rows["n"])], dtype=object)
    return [_Notice("participation", positions, "session_id", messages)]


@dataclass
class _Notice:
    """A warning on rows that changes nothing in the data (the rows stay as they are)."""

    table: str
    positions: np.ndarray
    column: str
    messages: np.ndarray

    def report(self, frames: dict[str, pd.DataFrame], report: ValidationReport) -> None:
        frame = frames[self.table]
        for position, message in zip(self.positions.tolist(), self.messages.tolist()):
            report.add(str(frame["_file"].iat[position]), row=int(frame["_row"].iat[position]), column=self.column,
                       value=_shown(frame[self.column].iat[position]), message=message, severity="warning",
                       table=self.table)


def _engine_rows_of(store: BulkStore, people: pd.DataFrame) -> pd.DataFrame:
    """The engine's contact rows that involve any of ``people`` (``event_id``, ``attendee_id``), as pandas."""
    from toolkit.io.bulk import typed_frame

    con = store.con
    con.register("wanted_people", people.astype("string"))
    try:
        rows = con.execute(f"""
            SELECT c.* FROM {store.tables["contacts"]} c
            WHERE EXISTS (SELECT 1 FROM wanted_people p WHERE p.event_id = c.event_id
                          AND (p.attendee_id = c.attendee_id OR p.attendee_id = c.contact_id))""").df()
    finally:
        con.unregister("wanted_people")
    return typed_frame("contacts", rows)


def _followup_checks(frames: dict[str, pd.DataFrame], usable: dict[str, bool], store: BulkStore | None = None) -> list:
    """Follow-ups by or to unknown people, to people never met, or sent before the first exchange (SQL).

    Also fills a missing ``event_id`` with the latest event at which the pair exchanged details
    before the follow-up (a join and ``row_number`` rather than an as-of join), else the one event
    at which the pair exchanged details where their exchanges have no times. ``store``: the contacts
    are in the engine (:mod:`toolkit.io.bulk`); otherwise the contacts frame is read from pandas.
    """
    from toolkit.io.engine import cursor

    followups, attendees = frames["followups"], frames["attendees"]
    if not usable.get("followups") or not len(followups):
        return []
    con = store.cursor() if store is not None else cursor()
    try:
        con.register("fu_src", pd.DataFrame({
            "_pos": np.arange(len(followups), dtype=np.int64),
            "a": followups["attendee_id"].astype("string").array, "c": followups["contact_id"].astype("string").array,
            "event_id": followups["event_id"].astype("string").array, "t": followups["timestamp"].array}))
        con.register("people_src", pd.DataFrame({"id": attendees["attendee_id"].dropna().astype("string").unique()}))
        findings = []
        unknown = con.execute("""
            SELECT _pos, a IS NOT NULL AND a NOT IN (SELECT id FROM people_src) AS sender,
                   c IS NOT NULL AND c NOT IN (SELECT id FROM people_src) AS recipient FROM fu_src ORDER BY _pos""").df()
        for column, who in (("attendee_id", "sender"), ("contact_id", "recipient")):
            flags = unknown[who].to_numpy(dtype=bool)
            if flags.any():
                findings.append(Finding("followups", np.flatnonzero(flags), column,
                                        f"the {who} is not in attendees at any event; the row is set aside", "set_aside"))
        contacts = frames["contacts"]
        if not usable.get("contacts") or (store is None and not len(contacts)):
            return findings  # nothing to compare follow-ups with
        coded = store.coded.get("contacts") if store is not None else None
        if coded is not None:
            # the stored log holds person codes (toolkit.io.bulk): code the follow-ups rather than decode the log;
            # someone the codes lack has no code and so no pair, as with the text
            log, codes = coded
            con.execute(f"CREATE OR REPLACE TEMP VIEW cx AS SELECT attendee_id, contact_id, event_id, timestamp "
                        f"FROM {log}")
            con.execute(f"CREATE OR REPLACE TEMP VIEW fu_k AS SELECT f.*, ka.code AS ka, kc.code AS kc FROM fu_src f "
                        f"LEFT JOIN {codes} ka ON ka.id = f.a LEFT JOIN {codes} kc ON kc.id = f.c")
        elif store is not None:
            con.execute(f"CREATE OR REPLACE TEMP VIEW cx AS SELECT attendee_id, contact_id, event_id, timestamp "
                        f"FROM {store.tables['contacts']}")
        else:
            con.register("cx", pd.DataFrame({c: contacts[c].array for c in ("attendee_id", "contact_id", "event_id",
                                                                                 "timestamp")}))
        if coded is None:
            con.execute("CREATE OR REPLACE TEMP VIEW fu_k AS SELECT *, a AS ka, c AS kc FROM fu_src")
        checked = con.execute("""
            WITH f AS (
                SELECT _pos, CASE WHEN ka IS NOT NULL AND kc IS NOT NULL THEN least(ka, kc) END AS lo,
                       CASE WHEN ka IS NOT NULL AND kc IS NOT NULL THEN greatest(ka, kc) END AS hi, event_id, t,
                       a IS NOT NULL AND c IS NOT NULL AS valid FROM fu_k),
            -- only the pairs some follow-up names: a season's log holds far more pairs than its follow-ups
            named AS (SELECT DISTINCT lo, hi FROM f WHERE valid),
            first AS (
                SELECT x.lo, x.hi, x.event_id, min(x.timestamp) AS t FROM (
                    SELECT least(attendee_id, contact_id) AS lo, greatest(attendee_id, contact_id) AS hi, event_id,
                           timestamp
                    FROM cx WHERE attendee_id IS NOT NULL AND contact_id IS NOT NULL) AS x
                WHERE EXISTS (SELECT 1 FROM named n WHERE n.lo = x.lo AND n.hi = x.hi)
                GROUP BY x.lo, x.hi, x.event_id),
            per_pair AS (
                SELECT lo, hi, min(t) AS t, count(DISTINCT event_id) AS n_events, min(event_id) AS only_event
                FROM first GROUP BY lo, hi),
            judged AS (
                SELECT f._pos, f.lo, f.hi, f.event_id, f.t, f.valid,
                       f.valid AND (p.lo IS NULL OR (f.event_id IS NOT NULL AND there.lo IS NULL)) AS never,
                       CASE WHEN f.event_id IS NOT NULL THEN there.t ELSE p.t END AS bound,
                       CASE WHEN p.n_events = 1 THEN p.only_event END AS only_event
                FROM f LEFT JOIN per_pair p ON p.lo = f.lo AND p.hi = f.hi
                LEFT JOIN first there ON there.lo = f.lo AND there.hi = f.hi AND there.event_id = f.event_id),
            latest AS (
                SELECT _pos, event_id FROM (
                    SELECT j._pos, x.event_id,
                           row_number() OVER (PARTITION BY j._pos ORDER BY x.t DESC, x.event_id DESC) AS k
                    FROM judged j JOIN first x ON x.lo = j.lo AND x.hi = j.hi AND x.t <= j.t
                    WHERE j.event_id IS NULL) AS y
                WHERE k = 1)
            SELECT j._pos, j.never, coalesce(j.t < j.bound, FALSE) AND NOT j.never AS before,
                   CASE WHEN j.event_id IS NULL AND j.valid AND NOT j.never AND NOT coalesce(j.t < j.bound, FALSE)
                        THEN coalesce(l.event_id, j.only_event) END AS fill
            FROM judged j LEFT JOIN latest l ON l._pos = j._pos ORDER BY j._pos""").df()
    finally:
        con.close()
    never = checked["never"].to_numpy(dtype=bool)
    if never.any():
        findings.append(Finding("followups", np.flatnonzero(never), "contact_id",
                                "the pair exchanged no details in contacts (at this event, where one is named); "
                                "the follow-up cannot be linked to a meeting and is set aside", "set_aside"))
    before = checked["before"].to_numpy(dtype=bool)
    if before.any():
        findings.append(Finding("followups", np.flatnonzero(before), "timestamp",
                                "is before the pair's first recorded exchange; the follow-up is set aside "
                                "(check the time and its offset)", "set_aside"))
    fill = checked["fill"]
    if fill.notna().any():
        where = np.flatnonzero(fill.notna().to_numpy())
        frame = frames["followups"]
        frame.loc[frame.index[where], "event_id"] = pd.array(fill.iloc[where].astype(str).to_numpy(dtype=object),
                                                             dtype="string")
    return findings


# =========================================================================== final shape


def _finish(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns first, extras next, bookkeeping last; a clean RangeIndex."""
    spec = TABLES[name]
    extras = [c for c in frame.columns if c not in spec.columns and c not in BOOKKEEPING]
    return frame[list(spec.columns) + extras + list(BOOKKEEPING)].reset_index(drop=True)

"""The loader's bulk path: a folder's contact log and known ties read and checked inside the engine.

A season's contact log can hold tens of millions of rows. Reading it into
pandas, typing every cell and checking every id row by row costs minutes
and gigabytes; the engine (DuckDB, :mod:`toolkit.io.engine`) reads the CSV or
Parquet file straight from disk instead, and the loader keeps the typed
table there (:class:`BulkStore`). The contact log keeps each person as a
4-byte code into a table of the ids (numbered in the ids' sort order); a
view shows the ids as text to whatever reads text. Only where something
reads ``data.contacts`` is it turned into a pandas frame.

The cell rules stay the loader's own (:mod:`toolkit.io.parsing`): each id,
channel or yes/no column is read once per *distinct* value (people are
pseudonymised once each, not once per row) and joined back; times and
numbers are cast in SQL. The checks run as SQL: every required id present,
no one paired with themselves, every cell readable, every person on the
attendee list of the event, every named session known. A file that passes
is used as it is. A file with any problem, an encoding other than UTF-8, an
unusual layout (blank lines, extra columns, personal columns) or a column
map that needs the row-by-row rules is read by the ordinary path instead
(:func:`toolkit.io.files.read_table`), which names each problem by file,
row and column: the bulk path never reports problems itself, it only
decides that there are none.

Example
-------
>>> import toolkit
>>> from toolkit.datasets import example_folder
>>> data = toolkit.load_event_data(example_folder(), secret="k")
>>> data.bulk.holds("contacts", data), len(data.contacts), data.bulk.holds("contacts", data)
(True, 996, False)
"""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import TABLES
from toolkit.io import parsing
from toolkit.privacy import is_personal_column, pseudonymise

#: Tables the loader may keep in the engine.
BULK_TABLES: tuple[str, ...] = ("contacts", "known_ties")
#: CSV files smaller than this are read by the ordinary path (the engine pays off on large logs only).
MIN_BULK_BYTES = 0

_COUNTER = itertools.count()
_ROW = "netout_file_row_"   # the spreadsheet row of a scanned file (a file's own _row column is not ours)
_TIMES = {"timestamp"}
_PERSON_IDS = ("attendee_id", "contact_id")


@dataclass(frozen=True)
class BulkSource:
    """One table file the bulk path may read: where it is, how messages name it, its column map."""

    path: Path
    label: str
    column_map: dict
    event_from_folder: str | None = None
    #: the event folder's own settings (its privacy rule, time zone, labels), for the plain path's reading
    settings: object = field(default=None, compare=False)


class BulkStore:
    """Typed tables the loader kept in the engine, one per bulk table; materialised as pandas on demand.

    Example
    -------
    >>> store = BulkStore()
    >>> store.tables
    {}
    """

    def __init__(self):
        from toolkit.io.engine import cursor

        self.con = cursor()
        self.prefix = f"bulk{next(_COUNTER)}_"
        self.tables: dict[str, str] = {}
        #: table -> (stored table with integer person codes, its code table ``(code, id)``); ``tables`` then
        #: names a view that shows the ids as text
        self.coded: dict[str, tuple[str, str]] = {}
        self._objects: list[tuple[str, str]] = []   # ("TABLE" or "VIEW", name), dropped with the store
        weakref.finalize(self, _drop, self.con, self._objects)

    def __deepcopy__(self, memo):
        return self  # the engine's tables are shared, never copied

    def holds(self, name: str, data) -> bool:
        """The table is read from the engine (the caller has not taken it into pandas, where it may change)."""
        return name in self.tables and name not in vars(data)

    def cursor(self):
        """A cursor on the engine that holds these tables."""
        from toolkit.io.engine import cursor

        return cursor()

    def expose(self, con, name: str, view: str, columns, *, table: str | None = None) -> None:
        """Make ``view`` in ``con`` show the stored table ``name`` with ``columns`` (absent ones NULL).

        ``table``: the stored table to show instead of ``name``'s text view (its coded table, ``coded[name][0]``).
        """
        source = table or self.tables[name]
        have = set(self.columns(name, table=source))
        parts = [f'"{c}"' if c in have else f'NULL AS "{c}"' for c in columns]
        con.execute(f'CREATE OR REPLACE TEMP VIEW {view} AS SELECT {", ".join(parts)} FROM {source}')

    def columns(self, name: str, *, table: str | None = None) -> list[str]:
        return [r[0] for r in self.con.execute(f"DESCRIBE {table or self.tables[name]}").fetchall()]

    def rows(self, name: str) -> int:
        table = self.coded[name][0] if name in self.coded else self.tables[name]
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def frame(self, name: str) -> pd.DataFrame:
        """The stored table as the loader's pandas frame (canonical columns, dtypes, ``_row``, ``_file``)."""
        frame = self.con.execute(f"SELECT * FROM {self.tables[name]} ORDER BY _file, _row").df()
        return typed_frame(name, frame)


def _drop(con, objects: list) -> None:
    for kind, name in reversed(objects):   # views before the tables they read
        try:
            con.execute(f"DROP {kind} IF EXISTS {name}")
        except Exception:  # the engine is already gone (interpreter exit)
            pass


def typed_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read back from the engine with the loader's dtypes (ids text, UTC times, yes/no boolean)."""
    out = pd.DataFrame(index=frame.index)
    for column in TABLES[name].columns:
        values = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index, dtype=object)
        if column in _TIMES:
            out[column] = pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
        elif column == "duration_s":
            out[column] = pd.to_numeric(values).astype("Float64")
        elif column == "interest":
            out[column] = values.astype("boolean")
        else:
            out[column] = values.astype("string")
    out["_row"] = frame["_row"].astype("Int64") if "_row" in frame.columns else pd.array([pd.NA] * len(frame), "Int64")
    out["_file"] = frame["_file"].astype("string") if "_file" in frame.columns else pd.NA
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- reading


def usable_file(path: Path) -> bool:
    """Whether the bulk path can read the file as it is (Parquet, or plain UTF-8 CSV without blank lines)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return True
    if suffix != ".csv":
        return False
    try:
        size = path.stat().st_size
        if size < MIN_BULK_BYTES:
            return False
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    # a blank line would shift the row numbers; a quoted line break is fine for DuckDB but rare: read it plainly
    text = head.replace(b"\r\n", b"\n")
    return b"\n\n" not in text.rstrip(b"\n") and b'"' not in text


def _scan(source: BulkSource) -> str:
    """SQL that scans one file: every column as the file has it, and ``_row`` (the spreadsheet row)."""
    path = str(source.path).replace("'", "''")
    if source.path.suffix.lower() == ".parquet":
        return f"SELECT *, file_row_number + 2 AS {_ROW} FROM read_parquet('{path}', file_row_number = true)"
    from toolkit.io.files import sniff_delimiter

    with open(source.path, "rb") as handle:
        head = handle.read(65536).decode("utf-8", errors="ignore")
    delim = sniff_delimiter(head).replace("'", "''")
    return (f"SELECT * FROM read_csv('{path}', all_varchar = true, header = true, delim = '{delim}', "
            "quote = '\"', escape = '\"', skip = 0, auto_detect = false, "
            f"columns = {_csv_columns(source, delim)})")


def _csv_columns(source: BulkSource, delim: str) -> str:
    import csv
    import io

    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(io.StringIO(handle.readline()), delimiter=delim), [])
    return "{" + ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header) + "}"


def normal_column_name(name: object) -> str:
    """A header cell as the loader compares it: no BOM, single spaces, trimmed, lower case.

    Example
    -------
    >>> normal_column_name("\ufeff Contact  ID ")
    'contact id'
    """
    return re.sub(r"\s+", " ", str(name).replace("\ufeff", "")).strip().lower()


def canonical_column_name(original: object, spec, column_map) -> str:
    """The column a header cell names: the folder's column map first, else the contract's name with ``_``.

    Example
    -------
    >>> from toolkit.contract import TABLES
    >>> canonical_column_name("Contact ID", TABLES["contacts"], {}), canonical_column_name("Badge", TABLES["contacts"],
    ...                                                                                     {"badge": "attendee_id"})
    ('contact_id', 'attendee_id')
    """
    name = normal_column_name(original)
    target = column_map.get(name) or column_map.get(re.sub(r"[\s\-]+", "_", name))
    if target is None:
        underscored = re.sub(r"[\s\-]+", "_", name)
        target = underscored if underscored in set(spec.columns) else name
    return target


def _mapping(table: str, names: list[str], column_map: dict) -> dict[str, str] | None:
    """File column -> canonical column, as the loader's column rules say; None where the plain path must read it."""
    spec = TABLES[table]
    mapped: dict[str, str] = {}
    for name in names:
        if name in ("_row", "_file", "file_row_number", _ROW):
            continue
        target = canonical_column_name(name, spec, column_map)
        if target not in spec.columns or is_personal_column(name) or is_personal_column(target) and target not in _PERSON_IDS:
            return None   # an extra or personal column: the plain path knows what to keep and what to drop
        mapped[name] = target
    targets = list(mapped.values())
    if len(set(targets)) < len(targets) or any(c not in targets for c in spec.required if c != "event_id"):
        return None
    return mapped


def load_bulk(table: str, sources: list[BulkSource], people: pd.DataFrame | None, sessions: pd.DataFrame | None,
              *, secret, store: BulkStore, every_id: bool = True) -> bool:
    """Read and check one bulk table inside the engine; True where it passed and ``store`` now holds it.

    ``people`` (``event_id``, ``attendee_id``) and ``sessions`` (``event_id``,
    ``session_id``) are the typed attendee and session keys for the
    referential checks (contacts only). False means "read it the ordinary
    way": a problem was found, or the files need the row-by-row rules.
    """
    con = store.con
    parts = []
    for source in sources:
        try:
            names = [r[0] for r in con.execute(f"DESCRIBE {_scan(source)}").fetchall()]
        except Exception:  # not readable by the engine as it is: the plain reader says why
            return False
        mapped = _mapping(table, names, source.column_map)
        if mapped is None or ("event_id" not in mapped.values() and "event_id" in TABLES[table].required
                              and source.event_from_folder is None):
            return False
        select = [f'"{name}" AS "{target}"' for name, target in mapped.items()]
        if "event_id" not in mapped.values() and "event_id" in TABLES[table].columns:
            event = (source.event_from_folder or "").replace("'", "''")
            select.append(f"'{event}' AS event_id" if source.event_from_folder else "NULL AS event_id")
        label = source.label.replace("'", "''")
        parts.append(f"SELECT {', '.join(select)}, CAST({_ROW} AS BIGINT) AS _row, '{label}' AS _file "
                     f"FROM ({_scan(source)}) AS s" if _ROW in names else
                     f"SELECT {', '.join(select)}, CAST(row_number() OVER () + 1 AS BIGINT) AS _row, "
                     f"'{label}' AS _file FROM ({_scan(source)}) AS s")
    raw = f"{store.prefix}{table}_raw"
    # Parquet is read again by each pass (fast, and no second copy of the log in memory); CSV is parsed once
    parquet = all(source.path.suffix.lower() == ".parquet" for source in sources)
    try:
        con.execute(f"CREATE OR REPLACE TEMP {'VIEW' if parquet else 'TABLE'} {raw} AS "
                    f"{' UNION ALL BY NAME '.join(parts)}")
        con.execute(f"SELECT count(*) FROM {raw}").fetchall()
    except Exception:  # a malformed file (a row with too many cells, ...): the plain reader names the row
        return False
    target = f"{store.prefix}{table}"
    # the contact log keeps each person as a 4-byte code (see _type_in_engine); other tables keep the text
    coded = table == "contacts" and people is not None
    codes = f"{target}_people" if coded else None
    try:
        typed = _type_in_engine(con, table, raw, secret, f"{target}_coded" if coded else target, every_id=every_id,
                                files=sorted({source.label for source in sources}), codes=codes,
                                people=people["attendee_id"] if coded else None)
        if typed is None or not _checks_pass(con, table, typed, people, sessions, codes=codes):
            for name in (f"{target}_coded", target, codes):
                if name:
                    con.execute(f"DROP TABLE IF EXISTS {name}")
            return False
        if coded:
            _decoding_view(con, typed, codes, target)
            store.coded[table] = (typed, codes)
            store._objects.extend([("TABLE", codes), ("TABLE", typed), ("VIEW", target)])
        else:
            store._objects.append(("TABLE", target))
        store.tables[table] = target
        return True
    finally:
        con.execute(f"DROP {'VIEW' if parquet else 'TABLE'} IF EXISTS {raw}")


def _decoding_view(con, coded: str, codes: str, view: str) -> None:
    """``view``: the coded table with its person codes shown as the ids (text), for readers of the text."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {coded}").fetchall()]
    select = [f"p_{c}.id AS {c}" if c in _PERSON_IDS else f'c."{c}"' for c in columns]
    joins = [f"LEFT JOIN {codes} AS p_{c} ON p_{c}.code = c.{c}" for c in columns if c in _PERSON_IDS]
    con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {', '.join(select)} FROM {coded} AS c {' '.join(joins)}")


def _column_types(con, raw: str) -> dict[str, str]:
    """Each column's SQL type (upper case), from one DESCRIBE; VARCHAR throughout for an empty scan."""
    described = {r[0]: str(r[1]).upper() for r in con.execute(f"DESCRIBE {raw}").fetchall()}
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {raw} LIMIT 1) AS s").fetchall()[0][0]:
        return {column: "VARCHAR" for column in described}
    return described


def _as_text(types: dict[str, str], column: str) -> str:
    """SQL for a column as text: numbers as the plain reader writes them (``1001.0`` -> ``1001``)."""
    kind = types[column]
    if kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL"):
        return (f'CASE WHEN "{column}" = floor("{column}") THEN CAST(CAST("{column}" AS BIGINT) AS VARCHAR) '
                f'ELSE CAST("{column}" AS VARCHAR) END')
    return f'CAST("{column}" AS VARCHAR)'


def _distinct_texts(con, raw: str, groups: dict[str, list[str]]) -> dict[str, pd.Series]:
    """The distinct non-missing texts of each group of column expressions, from one pass over ``raw``.

    A scan per group read the files again each time (the Parquet log is a view over them); here
    every cell becomes a (group, text) row of one query and is made distinct there.
    """
    if not groups:
        return {}
    labels = [group for group, expressions in groups.items() for _ in expressions]
    cells = [expression for expressions in groups.values() for expression in expressions]
    listed = ", ".join("'" + label.replace("'", "''") + "'" for label in labels)
    found = con.execute(f"""
        SELECT DISTINCT g, raw FROM (SELECT unnest([{listed}]) AS g, unnest([{', '.join(cells)}]) AS raw FROM {raw})
        WHERE raw IS NOT NULL""").df()
    return {group: found.loc[found["g"] == group, "raw"].reset_index(drop=True) for group in groups}


def _distinct_map(con, name: str, values: pd.Series, convert) -> tuple[str, bool, bool]:
    """A table ``name`` (raw -> value, bad) from distinct texts; whether it is the identity, and whether any is bad."""
    converted, bad = convert(pd.Series(values.to_numpy(dtype=object), dtype=object))
    frame = pd.DataFrame({"raw": values.astype("string").array, "value": converted.array,
                          "bad": np.asarray(bad, dtype=bool)})
    con.register(f"{name}_src", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_src")
    con.unregister(f"{name}_src")
    any_bad = bool(frame["bad"].any())
    same = bool((frame["value"].astype("string") == frame["raw"]).fillna(False).all()) and not any_bad
    return name, same, any_bad


_UNREADABLE_CELL = "netout: a cell the engine cannot read"


def _type_in_engine(con, table: str, raw: str, secret, typed: str, *, every_id: bool = True,
                    files: list[str] = (), codes: str | None = None, people: pd.Series | None = None) -> str | None:
    """The raw scan typed as the loader types it; None where a cell cannot be read (the plain path reports it).

    ``files`` are the labels of the files scanned: ``_file`` is stored as a code into them (an enumeration
    in sorted order, so it sorts as the text does), not as the text on each of tens of millions of rows.
    With ``codes`` (a table name), the person ids are stored as 4-byte codes into a table ``codes(code, id)``
    of the log's cleaned ids and ``people`` (the attendees' ids): pseudonyms are longer than the 12
    characters DuckDB keeps inline, so a season's log of text ids holds gigabytes of strings. The codes
    follow the ids' sort order, so ``least``/``greatest`` and ``<`` on codes agree with the text.
    """
    types = _column_types(con, raw)
    columns = list(types)
    select, joins = [], []
    person = [c for c in _PERSON_IDS if c in columns]
    mapped = [c for c in ("event_id", "session_id", "channel") if c in columns]
    if "interest" in columns and types["interest"] != "BOOLEAN":
        mapped.append("interest")
    distinct = _distinct_texts(con, raw, {**({"people": [_as_text(types, c) for c in person]} if person else {}),
                                          **{c: [_as_text(types, c)] for c in mapped}})
    if person:
        def ids(values):
            cleaned = parsing.read_id(values, transform=lambda u: pseudonymise(u, secret=secret, all_values=every_id))
            return cleaned, cleaned.isna().to_numpy()   # an id that cleans to nothing is missing: not readable here

        mapping, same, _ = _distinct_map(con, f"{raw}_people", distinct["people"], ids)
        if codes is not None:
            con.register(f"{raw}_attendee_ids", pd.DataFrame({"id": pd.Series(people, dtype="string").dropna()
                                                              .unique()}))
            con.execute(f"""CREATE OR REPLACE TABLE {codes} AS
                SELECT CAST(row_number() OVER (ORDER BY id) AS INTEGER) AS code, id FROM (
                    SELECT value AS id FROM {mapping} WHERE value IS NOT NULL
                    UNION SELECT id FROM {raw}_attendee_ids) AS u""")
            con.unregister(f"{raw}_attendee_ids")
            # one join per column, straight from the file's text to the code
            con.execute(f"CREATE OR REPLACE TEMP TABLE {mapping}_code AS "
                        f"SELECT m.raw, c.code FROM {mapping} m JOIN {codes} c ON c.id = m.value")
        for i, column in enumerate(person):
            text = _as_text(types, column)
            if codes is not None:
                joins.append(f"LEFT JOIN {mapping}_code AS m{i} ON m{i}.raw = {text}")
                select.append(f"m{i}.code AS {column}")
            elif same:
                select.append(f"{text} AS {column}")
            else:
                joins.append(f"LEFT JOIN {mapping} AS m{i} ON m{i}.raw = {text}")
                select.append(f"m{i}.value AS {column}")
    for column in ("event_id", "session_id"):
        if column in columns:
            def plain(values):
                cleaned = parsing.read_id(values)
                return cleaned, np.zeros(len(cleaned), dtype=bool)

            mapping, same, _ = _distinct_map(con, f"{raw}_{column}", distinct[column], plain)
            text = _as_text(types, column)
            if same:
                select.append(f"{text} AS {column}")
            else:
                joins.append(f"LEFT JOIN {mapping} AS k_{column} ON k_{column}.raw = {text}")
                select.append(f"k_{column}.value AS {column}")
    checks = []
    if "timestamp" in columns:
        kind = types["timestamp"]
        if kind.startswith("TIMESTAMP") or kind == "DATE":
            select.append("CAST(timestamp AS TIMESTAMPTZ) AS timestamp")
        else:
            missing = ", ".join(f"'{w}'" for w in sorted(parsing.MISSING_WORDS) if "'" not in w)
            clean = "lower(trim(CAST(timestamp AS VARCHAR)))"
            parsed = (f"CASE WHEN timestamp IS NULL OR {clean} IN ({missing}) THEN NULL "
                      f"WHEN regexp_matches(trim(CAST(timestamp AS VARCHAR)), '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                      f"THEN try_cast(trim(CAST(timestamp AS VARCHAR)) AS TIMESTAMPTZ) END")
            select.append(f"{parsed} AS timestamp")
            checks.append(f"timestamp IS NOT NULL AND {clean} NOT IN ({missing}) AND ({parsed}) IS NULL")
    if "duration_s" in columns:
        kind = types["duration_s"]
        value = "CAST(duration_s AS DOUBLE)" if kind != "VARCHAR" else "try_cast(trim(duration_s) AS DOUBLE)"
        select.append(f"{value} AS duration_s")
        checks.append(f"duration_s IS NOT NULL AND (({value}) IS NULL OR ({value}) < 0)")
    for column, convert in (("channel", lambda v: (parsing.read_id(v).str.lower(), np.zeros(len(v), bool))),
                            ("interest", parsing.read_yes_no)):
        if column not in columns:
            continue
        kind = types[column]
        if column == "interest" and kind == "BOOLEAN":
            select.append("interest")
            continue
        mapping, same, any_bad = _distinct_map(con, f"{raw}_{column}", distinct[column], convert)
        if same and column == "channel":   # every value already as the loader writes it, none unreadable
            select.append(f"{_as_text(types, column)} AS {column}")
            continue
        joins.append(f"LEFT JOIN {mapping} AS c_{column} ON c_{column}.raw = {_as_text(types, column)}")
        select.append(f"c_{column}.value AS {column}")
        if any_bad:
            checks.append(f"coalesce(c_{column}.bad, FALSE)")
    # the cell checks run in the pass that types the log (a separate count was a second pass over the files and
    # joins): the first unreadable cell stops it with this message, and the plain reader then names every one
    guard = (f" WHERE CASE WHEN {' OR '.join(f'({check})' for check in checks)} THEN error('{_UNREADABLE_CELL}') "
             f"ELSE TRUE END" if checks else "")
    sql_types = {"timestamp": "TIMESTAMPTZ", "duration_s": "DOUBLE", "interest": "BOOLEAN"}
    for column in TABLES[table].columns:   # every contract column, absent ones empty
        if column not in columns:
            select.append(f"CAST(NULL AS {sql_types.get(column, 'VARCHAR')}) AS {column}")
    labels = ", ".join("'" + label.replace("'", "''") + "'" for label in files)
    file_column = f"CAST(_file AS ENUM({labels}))" if files else "_file"
    import duckdb   # loaded already: the connection is the engine's

    try:
        con.execute(f"CREATE OR REPLACE TABLE {typed} AS SELECT {', '.join(select)}, _row, {file_column} AS _file "
                    f"FROM {raw} {' '.join(joins)}{guard}")
    except duckdb.Error as exc:
        if _UNREADABLE_CELL not in str(exc):
            raise
        con.execute(f"DROP TABLE IF EXISTS {raw}_people_code")
        con.execute(f"DROP TABLE IF EXISTS {raw}_people")   # the file's own ids, in plain: not kept
        return None
    if person and codes is not None:
        con.execute(f"DROP TABLE IF EXISTS {raw}_people_code")
    # the file's own ids in plain text, beside their pseudonyms: not kept past the load (a long-lived dashboard
    # connection would gather them, and the engine may spill them to its temporary folder)
    con.execute(f"DROP TABLE IF EXISTS {raw}_people")
    return typed


def _checks_pass(con, table: str, typed: str, people: pd.DataFrame | None, sessions: pd.DataFrame | None,
                 *, codes: str | None = None) -> bool:
    """The schema's row checks and the referential checks, as counts: True where nothing is wrong.

    ``codes``: the log holds person codes into this table (``code``, ``id``); the attendees are coded the same way.
    """
    required = [c for c in TABLES[table].required]
    conditions = [f"{c} IS NULL" for c in required]
    conditions.append("attendee_id = contact_id")
    if table != "contacts":
        return not con.execute(f"SELECT count(*) FROM {typed} WHERE {' OR '.join(conditions)}").fetchall()[0][0]
    if codes is None:
        con.register("bulk_people", people[["event_id", "attendee_id"]].astype("string"))
    else:
        con.register("bulk_people_text", people[["event_id", "attendee_id"]].astype("string"))
        con.execute(f"CREATE OR REPLACE TEMP VIEW bulk_people AS SELECT p.event_id, c.code AS attendee_id "
                    f"FROM bulk_people_text p JOIN {codes} c ON c.id = p.attendee_id")
    con.register("bulk_sessions", sessions[["event_id", "session_id"]].astype("string"))
    try:   # one pass over the log: the row checks and the referential checks together
        unknown = con.execute(f"""
            SELECT count(*) FROM {typed} c
            WHERE {' OR '.join(f"c.{c}" for c in conditions)}
               OR NOT EXISTS (SELECT 1 FROM bulk_people p WHERE p.event_id = c.event_id AND p.attendee_id = c.attendee_id)
               OR NOT EXISTS (SELECT 1 FROM bulk_people p WHERE p.event_id = c.event_id AND p.attendee_id = c.contact_id)
               OR (c.session_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM bulk_sessions s WHERE s.event_id = c.event_id AND s.session_id = c.session_id))
        """).fetchall()[0][0]
    finally:
        if codes is None:
            con.unregister("bulk_people")
        else:
            con.execute("DROP VIEW IF EXISTS bulk_people")
            con.unregister("bulk_people_text")
        con.unregister("bulk_sessions")
    return not unknown

"""Survey-tool exports (Google Forms, SurveyMonkey, Typeform, Qualtrics; CSV or XLSX) -> ``survey.csv``.

The export's columns are mapped onto the contract through a ``netout.toml``-style
file (the column map), which says which column is the attendee id (or email),
which are the outcomes (``satisfaction``, ``met_helpful``, ``would_return``,
``nps``), which are the networking-style items, and which attendee attributes
the survey asked::

    [columns.survey]
    "Email Address" = "attendee_id"
    "How satisfied were you with the networking session?" = "satisfaction"
    "Did you meet someone who can help your business?" = "met_helpful"
    "Would you come to our next event?" = "would_return"
    "How likely are you to recommend this event to a colleague?" = "nps"
    "I find it easy to start a conversation with a stranger" = "style_1"

    [columns.attendees]
    "Which industry do you work in?" = "industry"

    [likert]                       # labels beyond the usual ones
    "Extremely satisfied" = 5

    [style_scale]                  # copied into the folder's netout.toml
    items = ["style_1", "style_2"]
    reversed = ["style_2"]

A map key is matched, ignoring case and spacing, against the column's header,
its question text (Qualtrics' second row) or, for SurveyMonkey's two header
rows, the question, the sub-item or "question - sub-item".

Layouts are recognised from their headers: Google Forms (``Timestamp`` first),
SurveyMonkey (``Respondent ID`` and a second header row of ``Response`` /
option labels), Typeform (``#`` first, ``Submit Date (UTC)``), Qualtrics (short
names, question text, and a row of ``{"ImportId": ...}``); anything else is read
as one header row.

Answers are converted as they are written: Likert labels and ``4 - Agree`` to
numbers, yes/no to ``yes``/``no``; a value that cannot be read is left empty and
reported with its row and column. Emails and phone numbers used as ids are
replaced by keyed pseudonyms (:mod:`toolkit.privacy`) before anything is
written, so the output folder holds no contact details; columns not in the map
(names, IP addresses, free text) are never copied.

Example
-------
>>> import tempfile, pathlib
>>> from toolkit.io.importers import import_export
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> _ = (work / "responses.csv").write_text(
...     "Timestamp,Email Address,How satisfied were you?,Would you come again?\\n"
...     "2025/03/14 6:02:11 PM GMT,ann@example.org,Very satisfied,Yes\\n")
>>> _ = (work / "map.toml").write_text(
...     '[columns.survey]\\n"Email Address" = "attendee_id"\\n"How satisfied were you?" = "satisfaction"\\n')
>>> r = import_export("survey", [work / "responses.csv"], out=work / "spring", column_map=work / "map.toml")
>>> r.tables["survey"]["attendee_id"].str.startswith("p_").tolist(), r.tables["survey"]["satisfaction"].tolist()
([True], [5.0])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import SURVEY_OUTCOMES
from toolkit.errors import NetoutError, UsageError
from toolkit.io.importers._common import (
    COLUMN_NOT_MAPPED,
    NOTE,
    PERSONAL_DATA,
    ROW_SKIPPED,
    VALUE_NOT_MAPPED,
    ImportLog,
    ImportResult,
    contract_frame,
    default_event_id,
    existing_file,
    finish,
    prepare_out,
    read_export,
    read_toml,
    toml_table,
)
from toolkit import privacy
from toolkit.io import parsing
from toolkit.settings import SETTINGS_FILE, Settings

LAYOUTS: tuple[str, ...] = ("auto", "google_forms", "surveymonkey", "typeform", "qualtrics", "plain")
_YES_NO = ("met_helpful", "would_return")
_ATTENDEE_YES_NO = ("first_time",)
# SurveyMonkey's second header row says this for a single-answer question
_SM_GENERIC = {"", "response", "open-ended response"}
# Qualtrics' Status column: survey previews, test and spam responses are not attendees' answers
_QUALTRICS_NOT_ANSWERS = {"survey preview", "survey test", "spam", "1", "2", "8", "16"}


def import_survey(
    sources,
    *,
    out,
    event_id: str | None = None,
    column_map=None,
    layout: str = "auto",
    sheet: str | int | None = None,
    pseudonymise: bool = True,
    secret: str | bytes | None = None,
    overwrite: bool = False,
) -> ImportResult:
    """Turn a survey tool's export into ``survey.csv`` (and ``attendees.csv`` where missing).

    Parameters
    ----------
    sources : list of path
        One CSV or XLSX export.
    out : path
        Event folder to write into; an existing folder keeps its other tables.
    event_id : str, optional
        Default: ``[survey] event_id`` in the map, a column mapped to ``event_id``,
        else the export's file name.
    column_map : path
        The ``netout.toml``-style map (required).
    layout : {"auto", "google_forms", "surveymonkey", "typeform", "qualtrics", "plain"}
        How many header rows the export has; ``auto`` recognises the four tools.
    sheet : str or int, optional
        Worksheet of an XLSX export (default the first).
    pseudonymise : bool, default True
        Replace emails and phone numbers used as ids by keyed pseudonyms before
        writing. With ``False`` the folder holds personal data until it is loaded
        (the loader pseudonymises then), and the report says so.
    secret : str or bytes, optional
        Pseudonymisation key; by default the toolkit's secret (see :mod:`toolkit.privacy`).
    overwrite : bool, default False
        Replace ``survey.csv`` (and ``attendees.csv``) already in ``out``.

    Returns
    -------
    ImportResult

    Example
    -------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "responses.csv").write_text(
    ...     "Timestamp,Email Address,How satisfied were you?,Would you come again?\\n"
    ...     "2025/03/14 6:02:11 PM GMT,ann@example.org,Very satisfied,Yes\\n"
    ...     "2025/03/14 6:05:40 PM GMT,bo@example.org,4,No\\n")
    >>> _ = (work / "map.toml").write_text(
    ...     '[columns.survey]\\n"Email Address" = "attendee_id"\\n"How satisfied were you?" = "satisfaction"\\n'
    ...     '"Would you come again?" = "would_return"\\n')
    >>> r = import_survey([work / "responses.csv"], out=work / "spring", event_id="spring",
    ...                   column_map=work / "map.toml", secret="k")
    >>> r.tables["survey"].columns.tolist(), r.tables["survey"][["satisfaction", "would_return"]].values.tolist()
    (['event_id', 'attendee_id', 'satisfaction', 'would_return'], [[5.0, 'yes'], [4.0, 'no']])
    """
    sources = [Path(s) for s in sources]
    if len(sources) != 1:
        raise UsageError(f"survey takes one export file (got {len(sources)}).")
    path = existing_file(sources[0], "Survey export")
    if layout not in LAYOUTS:
        raise UsageError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}.")
    grid = _read_grid(path, sheet)
    found_layout, names, aliases, first_data = _headers(grid, layout, path.name)
    if column_map is None:
        listing = "\n".join(f'  "{n}" = ""' for n in names[:40])
        raise UsageError(f"{path.name}: a survey export needs a column map (--map FILE). This export "
                         f"({found_layout.replace('_', ' ')}) has these columns; write a [columns.survey] "
                         f"table that gives each one you need its canonical name:\n{listing}")
    spec = _read_map(existing_file(column_map, "Column map"))
    log = ImportLog()
    log.note(f"layout read as {found_layout.replace('_', ' ')}", file=path.name)

    data = grid.iloc[first_data:].reset_index(drop=True)
    data.columns = range(data.shape[1])
    rows = pd.Series(np.arange(first_data + 1, first_data + 1 + len(data)))  # spreadsheet rows
    targets = _match_columns(spec, aliases, names, path.name)
    _report_unmapped(targets, names, log, path.name)

    keep = pd.Series(True, index=data.index)
    # astype(bool): with no data row the frame stays string-typed and .all() refuses it
    blank = data.apply(lambda col: col.astype("string").str.strip().fillna("") == "").astype(bool).all(axis=1)
    log.add_rows(ROW_SKIPPED, "empty response", file=path.name, rows=rows[blank])
    keep &= ~blank
    if found_layout == "qualtrics":
        keep &= _qualtrics_answers(data, names, keep, rows, log, path.name)

    id_targets = [k for k, (table, name) in targets.items() if name in ("attendee_id", "email")]
    if len(id_targets) != 1:
        raise UsageError(f"Column map: exactly one column must map to attendee_id (or email); found "
                         f"{len(id_targets)}. Map the column holding the member number, badge id or email.")
    id_col = id_targets[0]
    ids = data[id_col].astype("string").str.strip().replace("", pd.NA)
    no_id = keep & ids.isna()
    log.add_rows(ROW_SKIPPED, "no attendee id", file=path.name, rows=rows[no_id], column=names[id_col])
    keep &= ~no_id
    ids = _pseudonymise_ids(ids, names[id_col], targets[id_col][1], pseudonymise, secret, log, path.name)
    # the latest answer of a person counts; earlier ones are reported
    dup = keep & ids.where(keep).duplicated(keep="last") & ids.notna()
    log.add_rows(ROW_SKIPPED, "the same attendee answered again further down (last answer kept)",
                 file=path.name, rows=rows[dup], column=names[id_col])
    keep &= ~dup

    known = _existing_attendees(Path(out))
    events = _events(data, targets, event_id, spec, path, known)
    labels = spec["settings"].likert
    item_names = set(spec["settings"].style_scale.items) if spec["settings"].style_scale else set()
    columns: dict[str, dict[str, pd.Series]] = {"survey": {}, "attendees": {}}
    for col, (table, name) in targets.items():
        if name in ("attendee_id", "email", "event_id"):
            continue
        columns[table][name] = _convert(data[col][keep], name, table, item_names, labels, log, path.name,
                                        names[col], rows[keep], secret=secret)
    survey = contract_frame("survey", {"event_id": events[keep].to_numpy(), "attendee_id": ids[keep].to_numpy(),
                                       **{k: v.to_numpy() for k, v in columns["survey"].items()}})
    missing_items = sorted(item_names - set(survey.columns))
    if missing_items:
        log.note(f"style-scale items not mapped to any column: {', '.join(missing_items)}")

    tables = {"survey": survey}
    out_path = Path(out)
    has_attendees = any((out_path / f"attendees{s}").exists() for s in (".csv", ".xlsx", ".parquet"))
    if has_attendees:  # never replace the folder's own attendees, even with --force
        for name in columns["attendees"]:
            log.add(COLUMN_NOT_MAPPED, f"attendee column {name!r} not written: {out_path.name} already has an "
                    "attendees table (add it there)", column=name)
        log.note(f"survey added to the event folder {out_path}; attendees, sessions and participation kept")
        if known is not None:
            pairs = pd.MultiIndex.from_arrays([events[keep], ids[keep]])
            strangers = ~pairs.isin(pd.MultiIndex.from_frame(known))
            if strangers.any():
                log.add_rows(NOTE, "respondent is not in the folder's attendees for this event (the loader will "
                             "set the answer aside; check the id column and the event id)", file=path.name,
                             rows=rows[keep][strangers], column=names[id_col])
    else:
        tables["attendees"] = contract_frame("attendees", {
            "event_id": events[keep].to_numpy(), "attendee_id": ids[keep].to_numpy(),
            **{k: v.to_numpy() for k, v in columns["attendees"].items()}})
        log.note("attendees.csv lists the respondents only; the folder also needs sessions and participation "
                 "(e.g. from a badge-log import) before it validates")
    out_path = prepare_out(out_path, list(tables), overwrite=overwrite)
    extra = _write_settings(out_path, spec["raw"], log)
    return finish("survey", out_path, tables, log, extra_files=extra)


# ---------------------------------------------------------------------------- reading


def _read_grid(path: Path, sheet) -> pd.DataFrame:
    """The export as a grid of text cells (positions as column names), no header interpreted yet."""
    grid = read_export(path, header=False, sheet=sheet)
    return grid.reset_index(drop=True).astype("string").fillna("")


def _norm(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


def _headers(grid: pd.DataFrame, layout: str, name: str) -> tuple[str, list[str], list[set[str]], int]:
    """Layout, one display name per column, the names a map may use for it, first data row."""
    if grid.empty:
        raise UsageError(f"{name} has no rows; export the responses again.")
    row0 = [str(v).strip().lstrip("\ufeff") for v in grid.iloc[0]]
    row1 = [str(v).strip() for v in grid.iloc[1]] if len(grid) > 1 else [""] * len(row0)
    row2 = [str(v).strip() for v in grid.iloc[2]] if len(grid) > 2 else [""] * len(row0)
    if layout == "auto":
        lowered = {_norm(v) for v in row0}
        if sum(v.startswith('{"ImportId"') or v.startswith("{'ImportId'") for v in row2) >= max(1, len(row2) // 2):
            layout = "qualtrics"
        elif "respondent id" in lowered and any(_norm(v) in ("response", "open-ended response") for v in row1):
            layout = "surveymonkey"
        elif row0[0] == "#" or "submit date (utc)" in lowered or "network id" in lowered:
            layout = "typeform"
        elif _norm(row0[0]) in ("timestamp", "horodateur", "zeitstempel", "marca temporal"):
            layout = "google_forms"
        else:
            layout = "plain"
    if layout == "qualtrics":
        names = row0
        aliases = [{_norm(a), _norm(b)} for a, b in zip(row0, row1)]
        first = 3
    elif layout == "surveymonkey":
        question = pd.Series(row0).replace("", pd.NA).ffill().fillna("").tolist()
        names, aliases = [], []
        for q, sub in zip(question, row1):
            if _norm(sub) in _SM_GENERIC:
                names.append(q)
                aliases.append({_norm(q)})
            else:
                names.append(f"{q} - {sub}")
                aliases.append({_norm(f"{q} - {sub}"), _norm(sub)})
        first = 2
    else:
        names = row0
        aliases = [{_norm(v)} for v in row0]
        first = 1
    names = [n if n else f"column {k + 1}" for k, n in enumerate(names)]
    return layout, names, aliases, first


def _read_map(path: Path) -> dict:
    raw = read_toml(path, "Column map")
    cols = raw.get("columns") or {}
    if not isinstance(cols, dict) or not any(isinstance(cols.get(t), dict) for t in ("survey", "attendees")):
        raise UsageError(f"Column map {path}: needs a [columns.survey] table mapping the export's column names "
                         'to canonical ones, e.g. "Email Address" = "attendee_id".')
    try:
        settings = Settings.from_dict({k: v for k, v in raw.items() if k in ("likert", "style_scale")},
                                      source=str(path))
    except NetoutError as exc:
        raise UsageError(str(exc)) from exc
    entries = []
    for table in ("survey", "attendees"):
        for key, target in (cols.get(table) or {}).items():
            target = str(target).strip().lower()
            if not target:
                continue
            if table == "attendees" and target in ("attendee_id", "email"):
                table_for = "survey"
            else:
                table_for = table
            entries.append((_norm(key), str(key), table_for, target))
    return {"entries": entries, "settings": settings, "raw": raw, "source": str(path),
            "options": raw.get("survey") or {}}


def _match_columns(spec: dict, aliases: list[set[str]], names: list[str], file: str) -> dict[int, tuple[str, str]]:
    """Column position -> (table, canonical name); every map key must find exactly one column."""
    targets: dict[int, tuple[str, str]] = {}
    for key, shown, table, target in spec["entries"]:
        hits = [k for k, names_of in enumerate(aliases) if key in names_of]
        if not hits:
            raise UsageError(f"Column map {spec['source']}: {file} has no column {shown!r}. Its columns are: "
                             f"{'; '.join(names[:30])}{' ...' if len(names) > 30 else ''}")
        if len(hits) > 1:
            raise UsageError(f"Column map {spec['source']}: {shown!r} matches {len(hits)} columns of {file} "
                             f"({'; '.join(names[k] for k in hits)}); use the full 'question - option' name.")
        if hits[0] in targets:
            raise UsageError(f"Column map {spec['source']}: column {names[hits[0]]!r} is mapped twice.")
        targets[hits[0]] = (table, target)
    taken = [t for t in targets.values() if t[1] not in ("event_id",)]
    dup = pd.Series([f"{a}.{b}" for a, b in taken]).duplicated()
    if dup.any():
        raise UsageError(f"Column map {spec['source']}: two columns map to {taken[int(dup.to_numpy().argmax())][1]!r}.")
    return targets


def _qualtrics_answers(data: pd.DataFrame, names: list[str], keep: pd.Series, rows: pd.Series, log: ImportLog,
                       file: str) -> pd.Series:
    """False for Qualtrics previews, tests and spam (reported); unfinished responses are kept and counted."""
    answers = pd.Series(True, index=data.index)
    status_col = _find(names, "status")
    if status_col is not None:
        status = data[status_col].astype("string").str.strip().str.lower()
        preview = keep & status.isin(_QUALTRICS_NOT_ANSWERS)
        log.add_rows(ROW_SKIPPED, "Qualtrics preview, test or spam response", file=file,
                     rows=rows[preview], column="Status", values=data.loc[preview, status_col])
        answers &= ~preview
    finished_col = _find(names, "finished")
    if finished_col is not None:
        unfinished = keep & answers & data[finished_col].astype("string").str.strip().str.lower().isin(["false", "0"])
        if unfinished.any():
            log.note(f"{int(unfinished.sum())} unfinished response(s) kept with the answers given so far",
                     file=file, column="Finished", count=int(unfinished.sum()))
    return answers


def _find(names: list[str], wanted: str) -> int | None:
    hits = [k for k, n in enumerate(names) if _norm(n) == wanted]
    return hits[0] if hits else None


def _report_unmapped(targets: dict, names: list[str], log: ImportLog, file: str) -> None:
    for k, name in enumerate(names):
        if k in targets:
            continue
        if privacy.is_personal_column(name):
            log.add(PERSONAL_DATA, "personal data (name, email, phone, IP address or location): not copied",
                    file=file, column=name)
        else:
            log.add(COLUMN_NOT_MAPPED, "not in the column map; not imported", file=file, column=name)


def _pseudonymise_ids(ids: pd.Series, column: str, target: str, wanted: bool, secret, log: ImportLog,
                      file: str) -> pd.Series:
    personal_column = target == "email" or privacy.is_personal_column(column)
    personal = privacy.looks_personal(ids)
    if not (personal.any() or personal_column):
        return ids
    if not wanted:
        log.add(PERSONAL_DATA, "ids are emails, phone numbers or names: the folder holds personal data until "
               "it is loaded (the loader pseudonymises them); keep it private", file=file, column=column,
               count=int(personal.sum()))
        return ids
    log.note("ids that are emails, phone numbers or names replaced by keyed pseudonyms "
             "(the same as the loader gives them)", file=file, column=column, count=int(ids.notna().sum()))
    return privacy.pseudonymise(ids, secret=secret, all_values=personal_column)


def _existing_attendees(out: Path) -> pd.DataFrame | None:
    """The (event_id, attendee_id) pairs of an attendees table already in the folder, if readable."""
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = out / f"attendees{suffix}"
        if not path.exists():
            continue
        try:
            frame = read_export(path).astype("string")
        except UsageError:  # an unreadable table is the loader's to report; here it only helps
            return None
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        if {"event_id", "attendee_id"} <= set(frame.columns):
            return frame[["event_id", "attendee_id"]].apply(lambda c: c.str.strip())
        return None
    return None


def _events(data: pd.DataFrame, targets: dict, event_id: str | None, spec: dict, path: Path,
            known: pd.DataFrame | None) -> pd.Series:
    if event_id:
        return pd.Series(event_id, index=data.index, dtype="string")
    if spec["options"].get("event_id"):
        return pd.Series(str(spec["options"]["event_id"]), index=data.index, dtype="string")
    cols = [k for k, (_, name) in targets.items() if name == "event_id"]
    if cols:
        events = data[cols[0]].astype("string").str.strip().replace("", pd.NA)
        if events.isna().any():
            raise UsageError(f"{path.name}: the event column has empty cells; give --event-id or fill them.")
        return events
    if known is not None and known["event_id"].nunique() == 1:
        # adding the survey to a one-event folder: it is that event's survey
        return pd.Series(known["event_id"].iloc[0], index=data.index, dtype="string")
    return pd.Series(default_event_id(path), index=data.index, dtype="string")


def _convert(values: pd.Series, name: str, table: str, items: set[str], labels: dict, log: ImportLog,
             file: str, column: str, rows: pd.Series, *, secret=None) -> pd.Series:
    """One answer column as written: numbers for scales, yes/no for yes/no, text otherwise."""
    text = values.astype("string").str.strip().replace("", pd.NA)
    if name in _YES_NO or (table == "attendees" and name in _ATTENDEE_YES_NO):
        parsed, bad = parsing.read_yes_no(text)
        out = parsed.map({True: "yes", False: "no"}).astype("string")
        why = "not a yes/no answer; left empty"
    elif name in SURVEY_OUTCOMES or name in items:
        out, bad = parsing.read_likert(text, labels=labels)
        why = "not a number or a known label (add it to [likert] in the map); left empty"
        if name in SURVEY_OUTCOMES:
            lo, hi = SURVEY_OUTCOMES[name]
            outside = out.notna() & ((out < lo) | (out > hi))
            if outside.any():
                log.add_rows(VALUE_NOT_MAPPED, f"{name} outside {lo:g}-{hi:g}; left empty", file=file,
                             rows=rows[outside], column=column, values=text[outside])
                out = out.mask(outside)
    else:  # free text: the loader's rule for text columns (emails and phone numbers out)
        return privacy.redact_free_text(text, secret=secret)
    bad = bad & text.notna()
    if bad.any():
        log.add_rows(VALUE_NOT_MAPPED, why, file=file, rows=rows[bad], column=column, values=text[bad])
    return out


def _write_settings(out: Path, raw: dict, log: ImportLog) -> list[Path]:
    """Copy ``[likert]`` and ``[style_scale]`` of the map into the folder's ``netout.toml``."""
    parts = {k: raw[k] for k in ("likert", "style_scale") if isinstance(raw.get(k), dict) and raw[k]}
    if not parts:
        return []
    target = out / SETTINGS_FILE
    existing = read_toml(target, "Settings file") if target.exists() else {}
    text = target.read_text(encoding="utf-8-sig") if target.exists() else (
        "# Written by `netout import survey` from the column map.\n")
    added = []
    for key, table in parts.items():
        if key in existing:
            if existing[key] != table:
                log.note(f"{SETTINGS_FILE} already has a [{key}] table that differs from the map's; left as it is")
            continue
        text += "\n" + toml_table(key, table)
        added.append(key)
    if not added:
        return []
    target.write_text(text, encoding="utf-8")
    log.add(NOTE, f"[{'], ['.join(added)}] written to {SETTINGS_FILE}", count=0)
    return [target]


"""The table contract, stated once: pandera models of the seven tables, with each field's meaning and rules.

One schema class per table states what a *loaded* table looks like (the shape
documented in :mod:`toolkit.io.load`: dtypes, required values, ranges, unique
keys, no self-pairs), and each field carries, as pandera metadata:

- ``description``: what the column means (the data contract's words);
- ``kind``: how its cells are read (``id``, ``text``, ``yes_no``, ``time``,
  ``code``, ``number``, ``likert``), and ``required``: whether a file must
  have the column (other columns are added, empty, when a file lacks them);
- what happens to a bad cell: ``unreadable`` (a value that cannot be read) and
  ``missing`` (an empty cell where a value is needed), each an action and the
  sentence a person reads, and ``out_of_range`` for a value outside ``scale``.

The actions:

- ``"error"``: the folder cannot be used until the data is corrected;
- ``"set_aside"``: the row is left out of the analysis (a warning; listed in
  the report's ``set_aside``);
- ``"clear"``: the single answer is left blank (a warning; the row stays and is
  also listed in ``set_aside`` so that nothing changes silently).

Everything else is derived from these models: :data:`toolkit.contract.TABLES`,
``ID_COLUMNS``, ``YES_NO_COLUMNS``, ``TIME_COLUMNS``, the loader's typing and
its bad-cell messages (:func:`field_rules`, :func:`table_rule`,
:func:`unreadable_findings`). This module imports nothing from
:mod:`toolkit.contract` (the arrow points from the contract to the schemas).

:func:`check_table` validates a loaded table lazily, so every failure comes
back at once, as :class:`Finding` s: which rows, which column, what is wrong
and what happens to the row.

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"event_id": ["e1"], "attendee_id": ["A1"], "contact_id": ["A1"]}).astype("string")
>>> [f.messages for f in check_table("known_ties", frame)]
['pairs a person with themselves; the row is set aside']
>>> field_rules("sessions")["format"].unreadable[1]
'is not a session format; use structured or unstructured, or map your own word under [values.format] in netout.toml, e.g. "Round tables" = "structured"'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.io.rules import (  # noqa: F401  (named here too: the models use them, callers found them here)
    ASSIGNMENTS,
    CODE_SYNONYMS,
    DEFAULT_ASSIGNMENT,
    FOLLOWUP_KINDS,
    FORMATS,
    NOT_AN_ANSWER,
    Action,
    FieldRule,
    Finding,
    Kind,
    TableRule,
    end_not_before_start,
    field_rules,
    not_self,
    table_rule,
    unreadable_findings,
)

_UTC = {"unit": "ns", "tz": "UTC"}
_ISO_HINT = "write it like 2024-05-01T18:30:00+02:00"
_NOT_YES_NO = ("clear", "is not a yes/no answer (use yes/no, y/n, true/false or 1/0); left blank (map other words "
                        "under [values.COLUMN] in netout.toml, e.g. [values.met_helpful] \"Maybe\" = \"no\", or "
                        "= \"\" to leave them empty without this warning)")
_NOT_AN_ANSWER = NOT_AN_ANSWER


def _field(kind: Kind, meaning: str, *, required: bool = False, nullable: bool = True,
           unreadable: tuple[Action, str] | None = None, missing: tuple[Action, str] | None = None,
           scale: tuple[float, float | None] | None = None, lower: bool = False, person: bool = False,
           default: str | None = None, **options) -> object:
    """A pandera field whose metadata says how its cells are read and what happens to a bad one."""
    checks = {}
    if scale is not None:
        low, high = scale
        checks = {"ge": low} if high is None else {"in_range": {"min_value": low, "max_value": high}}
    metadata = {"kind": kind, "required": required, "unreadable": unreadable, "missing": missing,
                "out_of_range": "clear" if scale is not None else None, "scale": scale, "lower": lower,
                "person": person, "default": default}
    return pa.Field(nullable=nullable, description=meaning, metadata=metadata, **checks, **options)


def _codes(values: tuple[str, ...]) -> dict:
    return {"dtype_kwargs": {"categories": list(values), "ordered": False}}


def _survey_scale(name: str) -> tuple[float, float]:
    low, high = OUTCOME_CATALOGUE[name].scale
    return float(low), float(high)


class AttendeesSchema(pa.DataFrameModel):
    """One row per attendee at an event; ``(event_id, attendee_id)`` is unique.

    Example
    -------
    >>> AttendeesSchema.to_schema().columns["first_time"].description
    'first event of this organiser'
    """

    event_id: Series[pd.StringDtype] = _field("id", "the event", required=True, nullable=False)
    attendee_id: Series[pd.StringDtype] = _field(
        "id", "the person, stable across events (member number, badge id, or email: emails and names are "
              "pseudonymised on import and never shown)", required=True, nullable=False, person=True)
    industry: Series[pd.StringDtype] = _field("text", "business type")
    company_size: Series[pd.StringDtype] = _field("text", "company size, as text or a number")
    first_time: Series[pd.BooleanDtype] = _field("yes_no", "first event of this organiser", unreadable=_NOT_YES_NO)
    networking_style: Series[pd.StringDtype] = _field(
        "text", "self-described networking style, e.g. reserved or self-directed", lower=True)

    class Config:
        name = "attendees"
        strict = False
        unique = ["event_id", "attendee_id"]
        metadata = {"required_table": True, "empty_cell": "error",
                    "duplicate": ("error", "is listed more than once for this event (rows {rows}); keep one row per attendee "
                                           "and event")}


class SessionsSchema(pa.DataFrameModel):
    """One row per networking session; ``(event_id, session_id)`` is unique; end not before start.

    Example
    -------
    >>> SessionsSchema.to_schema().columns["assignment"].metadata["default"]
    'scheduled'
    """

    event_id: Series[pd.StringDtype] = _field("id", "the event", required=True, nullable=False)
    session_id: Series[pd.StringDtype] = _field("id", "the session, unique within the event", required=True,
                                                nullable=False)
    format: Series[pd.CategoricalDtype] = _field(
        "code", "structured: a facilitator forms small groups and sets a task or topic; unstructured: open "
                "mingling", required=True, nullable=False,
        unreadable=("error", "is not a session format; use structured or unstructured, or map your own word "
                             "under [values.format] in netout.toml, e.g. \"Round tables\" = \"structured\""),
        **_codes(FORMATS))
    assignment: Series[pd.CategoricalDtype] = _field(
        "code", "how attendees came to be in this format: by lot, by their own choice, or because the whole "
                "event or slot used it", nullable=False, default=DEFAULT_ASSIGNMENT,
        unreadable=("error", "is not an assignment; use randomized, self_selected or scheduled (or leave it empty "
                             "for scheduled), or map your own word under [values.assignment] in netout.toml, e.g. "
                             "\"Drawn by lot\" = \"randomized\""), **_codes(ASSIGNMENTS))
    grouping: Series[pd.StringDtype] = _field(
        "text", "criterion used to form groups: industry, company_size, region, random, ...", lower=True)
    start: Series[pd.DatetimeTZDtype] = _field("time", "start of the session (ISO 8601)",
                                               unreadable=("error", f"is not an ISO 8601 time; {_ISO_HINT}"),
                                               dtype_kwargs=_UTC)
    end: Series[pd.DatetimeTZDtype] = _field("time", "end of the session (ISO 8601)",
                                             unreadable=("error", f"is not an ISO 8601 time; {_ISO_HINT}"),
                                             dtype_kwargs=_UTC)

    @pa.dataframe_check(name="end_not_before_start")
    def _end_after_start(cls, frame: pd.DataFrame) -> pd.Series:
        return end_not_before_start(frame)

    class Config:
        name = "sessions"
        strict = False
        unique = ["event_id", "session_id"]
        metadata = {"required_table": True, "empty_cell": "error",
                    "duplicate": ("error", "is used for two sessions of this event (rows {rows}); give each session "
                                           "its own id")}


class ParticipationSchema(pa.DataFrameModel):
    """One row per attendee in a session; the same attendee is listed once per session.

    Example
    -------
    >>> ParticipationSchema.Config.unique
    ['event_id', 'session_id', 'attendee_id']
    """

    event_id: Series[pd.StringDtype] = _field("id", "the event", required=True, nullable=False)
    session_id: Series[pd.StringDtype] = _field("id", "the session", required=True, nullable=False)
    attendee_id: Series[pd.StringDtype] = _field("id", "the attendee in the session", required=True,
                                                 nullable=False, person=True)
    group_id: Series[pd.StringDtype] = _field("id", "small group within a structured session")

    class Config:
        name = "participation"
        strict = False
        unique = ["event_id", "session_id", "attendee_id"]
        metadata = {"required_table": True, "empty_cell": "set_aside",
                    "duplicate": ("set_aside", "repeats an earlier row (rows {rows}); the repeat is set aside")}


class SurveySchema(pa.DataFrameModel):
    """One response per attendee and event; answers within their scales.

    Example
    -------
    >>> SurveySchema.to_schema().columns["nps"].metadata["scale"]
    (0.0, 10.0)
    """

    event_id: Series[pd.StringDtype] = _field("id", "the event", required=True, nullable=False)
    attendee_id: Series[pd.StringDtype] = _field("id", "who answered", required=True, nullable=False, person=True)
    satisfaction: Series[pd.Float64Dtype] = _field("likert", "satisfaction with the event (1-5)",
                                                   unreadable=_NOT_AN_ANSWER, scale=_survey_scale("satisfaction"))
    met_helpful: Series[pd.BooleanDtype] = _field(
        "yes_no", "met someone who can help with their business", unreadable=_NOT_YES_NO)
    would_return: Series[pd.BooleanDtype] = _field("yes_no", "would come again", unreadable=_NOT_YES_NO)
    nps: Series[pd.Float64Dtype] = _field("number", "likelihood to recommend (0-10)",
                                          unreadable=("clear", "is not a number from 0 to 10; the answer is left "
                                                               "blank"), scale=_survey_scale("nps"))

    class Config:
        name = "survey"
        strict = False
        unique = ["event_id", "attendee_id"]
        # other survey columns are answers (Likert items of the style scale, ...) where they read as such
        metadata = {"required_table": False, "empty_cell": "set_aside", "extras": "likert",
                    "extras_unreadable": _NOT_AN_ANSWER,
                    # a form people can resubmit: the later answer is the one they meant, as the survey import keeps
                    "duplicate": ("set_aside", "has more than one survey response for this event (rows {rows}); "
                                               "the last is kept (an answer given again replaces the earlier one) "
                                               "and the earlier ones are set aside"),
                    "duplicate_keeps": "last"}


class ContactsSchema(pa.DataFrameModel):
    """One row per recorded exchange between two different attendees.

    Example
    -------
    >>> ContactsSchema.to_schema().columns["duration_s"].metadata["unreadable"]
    ('clear', 'is not a number of seconds; the duration is left blank')
    """

    event_id: Series[pd.StringDtype] = _field("id", "the event", required=True, nullable=False)
    attendee_id: Series[pd.StringDtype] = _field("id", "one of the two people", required=True, nullable=False,
                                                 person=True)
    contact_id: Series[pd.StringDtype] = _field("id", "the other person", required=True, nullable=False,
                                                person=True)
    timestamp: Series[pd.DatetimeTZDtype] = _field(
        "time", "when they exchanged details",
        unreadable=("clear", f"is not an ISO 8601 time ({_ISO_HINT}); the time is left blank"), dtype_kwargs=_UTC)
    channel: Series[pd.StringDtype] = _field("text", "badge_scan, app, card, proximity, ...", lower=True)
    session_id: Series[pd.StringDtype] = _field("id", "the session the exchange happened in")
    duration_s: Series[pd.Float64Dtype] = _field(
        "number", "seconds, for proximity sensors",
        unreadable=("clear", "is not a number of seconds; the duration is left blank"), scale=(0, None))
    interest: Series[pd.BooleanDtype] = _field(
        "yes_no", "the attendee would like an extended conversation with this contact next week",
        unreadable=_NOT_YES_NO)

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return not_self(frame)

    class Config:
        name = "contacts"
        strict = False
        metadata = {"required_table": False, "empty_cell": "set_aside"}


class FollowupsSchema(pa.DataFrameModel):
    """One row per follow-up sent by ``attendee_id`` to ``contact_id``.

    Example
    -------
    >>> FollowupsSchema.to_schema().columns["kind"].metadata["kind"]
    'code'
    """

    attendee_id: Series[pd.StringDtype] = _field("id", "who sent it", required=True, nullable=False, person=True)
    contact_id: Series[pd.StringDtype] = _field("id", "to whom", required=True, nullable=False, person=True)
    timestamp: Series[pd.DatetimeTZDtype] = _field(
        "time", "when it was sent", required=True, nullable=False,
        unreadable=("set_aside", "is not an ISO 8601 time; a follow-up needs its time, so the row is set aside"),
        missing=("set_aside", "is empty or not a time; a follow-up needs its time, so the row is set aside"),
        dtype_kwargs=_UTC)
    kind: Series[pd.CategoricalDtype] = _field(
        "code", "email, call, meeting or social", required=True, nullable=False,
        unreadable=("set_aside", "is not a follow-up kind (email, call, meeting, social); the row is set aside "
                                 "(map your own word under [values.kind] in netout.toml, e.g. \"WhatsApp\" = "
                                 "\"social\")"),
        missing=("set_aside", "is empty or not one of " + ", ".join(FOLLOWUP_KINDS) + "; the row is set aside"),
        **_codes(FOLLOWUP_KINDS))
    event_id: Series[pd.StringDtype] = _field(
        "id", "where they met; otherwise the latest event at which the pair exchanged details before the follow-up")

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return not_self(frame)

    class Config:
        name = "followups"
        strict = False
        metadata = {"required_table": False, "empty_cell": "set_aside"}


class KnownTiesSchema(pa.DataFrameModel):
    """One row per pair of attendees who knew each other before the event.

    Example
    -------
    >>> KnownTiesSchema.to_schema().columns["event_id"].nullable
    True
    """

    attendee_id: Series[pd.StringDtype] = _field("id", "one of the pair", required=True, nullable=False,
                                                 person=True)
    contact_id: Series[pd.StringDtype] = _field("id", "the other", required=True, nullable=False, person=True)
    event_id: Series[pd.StringDtype] = _field("id", "the event at which they already knew each other")

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return not_self(frame)

    class Config:
        name = "known_ties"
        strict = False
        metadata = {"required_table": False, "empty_cell": "set_aside"}


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "attendees": AttendeesSchema,
    "sessions": SessionsSchema,
    "participation": ParticipationSchema,
    "survey": SurveySchema,
    "contacts": ContactsSchema,
    "followups": FollowupsSchema,
    "known_ties": KnownTiesSchema,
}



def _derived_table_rule(name: str) -> dict:
    """The table-level rules of one model, read from its ``Config`` (as :class:`TableRule` fields)."""
    config = SCHEMAS[name].Config
    meta = dict(getattr(config, "metadata", None) or {})
    return {"required_table": bool(meta.get("required_table")), "unique": tuple(getattr(config, "unique", None) or ()),
            "empty_cell": meta.get("empty_cell", "set_aside"), "duplicate": meta.get("duplicate"),
            "duplicate_keeps": meta.get("duplicate_keeps", "first"),
            "extras": meta.get("extras", "number_or_text"), "extras_unreadable": meta.get("extras_unreadable")}


def _derived_fields(name: str) -> dict[str, dict]:
    """Every field of one model, in contract order (as :class:`FieldRule` fields).

    A required value that is empty takes the field's own ``missing`` rule, else
    the table's (``error`` in attendees and sessions, where every row matters to
    the design; the row set aside elsewhere).
    """
    empty_cell = _derived_table_rule(name)["empty_cell"]
    fields = {}
    for column, spec in SCHEMAS[name].to_schema().columns.items():
        meta = spec.metadata or {}
        missing = meta.get("missing")
        if missing is None and not spec.nullable:
            missing = (("error", f"is empty; every {name} row needs a {column}") if empty_cell == "error" else
                       ("set_aside", f"is empty; a {name} row needs a {column}, so the row is set aside"))
        categories = getattr(spec.dtype.type, "categories", None) if meta.get("kind") == "code" else None
        codes = tuple(str(c) for c in categories) if categories is not None else ()
        fields[column] = {"kind": meta["kind"], "meaning": spec.description or "",
                          "required": bool(meta.get("required")), "nullable": bool(spec.nullable),
                          "unreadable": meta.get("unreadable"), "on_missing": missing, "scale": meta.get("scale"),
                          "lower": bool(meta.get("lower")), "person": bool(meta.get("person")),
                          "default": meta.get("default"), "codes": codes}
    return fields


def derived_snapshot() -> dict[str, dict]:
    """What the models say, as plain data: the snapshot :mod:`toolkit.io.rules` reads at run time.

    Per table: its ``Config`` rules, its fields' rules, each column's dtype,
    each column's checks (name, statistics, whether missing values are ignored)
    and the whole-table checks by name.

    Example
    -------
    >>> snapshot = derived_snapshot()
    >>> snapshot["survey"]["column_checks"]["nps"][0][:2]
    ('in_range', {'min_value': 0.0, 'max_value': 10.0, 'include_min': True, 'include_max': True})
    >>> snapshot["sessions"]["frame_checks"], snapshot["sessions"]["dtypes"]["start"]
    (('end_not_before_start',), 'datetime64[ns, UTC]')
    """
    snapshot = {}
    for name, model in SCHEMAS.items():
        schema = model.to_schema()
        snapshot[name] = {
            "table": _derived_table_rule(name),
            "fields": _derived_fields(name),
            "dtypes": {c: _dtype_name(spec.dtype.type) for c, spec in schema.columns.items()},
            "column_checks": {c: tuple((k.name, dict(k.statistics), bool(k.ignore_na)) for k in spec.checks)
                              for c, spec in schema.columns.items() if spec.checks},
            "frame_checks": tuple(k.name for k in schema.checks),
        }
    return snapshot


def _dtype_name(dtype) -> str:
    """A model column's dtype as :func:`pandas.api.types.pandas_dtype` reads it back (codes come from the field)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if isinstance(dtype, pd.StringDtype):
        # the model states the text type by its storage; the loader writes it with pd.NA for missing values,
        # which the model accepts (tests/test_schemas.py: the loaded tables pass the model)
        return f"string[{dtype.storage}]"
    return str(dtype)


SNAPSHOT_FILE = Path(__file__).with_name("_schema_snapshot.py")


def snapshot_source() -> str:
    """The text of ``_schema_snapshot.py`` for the models as they are now.

    Example
    -------
    >>> snapshot_source() == SNAPSHOT_FILE.read_text(encoding="utf-8")   # the snapshot is up to date
    True
    """
    import pprint

    return ('"""What the pandera models of toolkit/io/schemas.py say, as plain data (see toolkit/io/rules.py).\n\n'
            "Written by ``python -m toolkit.io.schemas``; do not edit. tests/test_schemas.py fails when this\n"
            'and the models differ.\n"""\n\n'
            f"SNAPSHOT = {pprint.pformat(derived_snapshot(), width=110, sort_dicts=False)}\n")


def check_table(name: str, frame: pd.DataFrame) -> list[Finding]:
    """Validate one loaded table against its schema, lazily; every failure as a :class:`Finding`.

    ``frame`` must have a default RangeIndex (positions); ``_row``/``_file`` are not needed here.

    Example
    -------
    >>> frame = pd.DataFrame({"event_id": ["e"], "attendee_id": ["a"], "nps": [11.0]})
    >>> frame = frame.astype({"event_id": "string", "attendee_id": "string", "nps": "Float64"})
    >>> [(f.column, f.action) for f in check_table("survey", frame)]
    [('nps', 'clear')]
    """
    schema = SCHEMAS[name]
    full = schema.to_schema()
    present = [c for c in full.columns if c in frame.columns]
    # validate only the columns the schema knows (and that the table has): faster on wide tables
    subset = frame[present]
    try:
        full.remove_columns([c for c in full.columns if c not in present]).validate(subset, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    findings: list[Finding] = []
    frame_checks_done: set[str] = set()
    for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
        positions = pd.to_numeric(group["index"], errors="coerce").dropna().astype(int).unique()
        column = None if pd.isna(column) else str(column)
        check = str(check)
        if check == "multiple_fields_uniqueness" or check.startswith("field_uniqueness"):
            if "unique" in frame_checks_done:
                continue
            frame_checks_done.add("unique")
            findings.extend(_duplicates(name, frame, list(table_rule(name).unique)))
        elif check in frame_checks_done:
            continue  # a whole-frame check reports once per column; one finding is enough
        elif check == "not_self":
            frame_checks_done.add(check)
            findings.append(Finding(name, _positions_failing(not_self(frame)), "contact_id",
                                    "pairs a person with themselves; the row is set aside", "set_aside"))
        elif check == "end_not_before_start":
            frame_checks_done.add(check)
            before = (frame["end"] < frame["start"]).fillna(False).astype(bool)
            findings.append(Finding(name, _positions_failing(~before), "end",
                                    "is before the session's start; correct start or end", "error"))
        elif check == "not_nullable" and column in field_rules(name):
            action, message = field_rules(name)[column].on_missing
            findings.append(Finding(name, positions, column, message, action))
        elif check.startswith(("in_range", "greater_than")) and column in field_rules(name):
            action, message = field_rules(name)[column].out_of_range
            findings.append(Finding(name, positions, column, message, action))
        else:
            # dtype or column-presence failures mean the loader produced a wrong shape: a bug, said plainly
            findings.append(Finding(name, positions if len(positions) else np.array([], dtype=int), column,
                                    f"internal check {check!r} failed on column {column!r}; please report this",
                                    "error", values=group["failure_case"].to_numpy()[:len(positions)] if len(positions) else None))
    return findings


def _positions_failing(passes: pd.Series) -> np.ndarray:
    return np.flatnonzero(~passes.to_numpy(dtype=bool))


_ROWS_SHOWN = 5


def _duplicates(name: str, frame: pd.DataFrame, keys: list[str]) -> list[Finding]:
    """Rows repeating another row's key, naming the first rows of each key and their count.

    The row kept is the first, or the last where the table's rule says so (``duplicate_keeps``: a survey
    response given again replaces the earlier one).
    """
    rule = table_rule(name)
    action, template = rule.duplicate
    key_frame = frame[keys]
    valid = key_frame.notna().all(axis=1)
    repeated = key_frame.duplicated(keep=rule.duplicate_keeps) & valid
    if not repeated.any():
        return []
    involved = key_frame.duplicated(keep=False) & valid
    rows = frame["_row"] if "_row" in frame.columns else pd.Series(np.arange(len(frame)) + 2, index=frame.index)
    labels = rows.astype(str)
    if "_file" in frame.columns and frame["_file"].nunique() > 1:  # repeats across files: name each file
        labels = labels + " of " + frame["_file"].astype(str)
    # each key's first few rows and how many there are: a list of every row, repeated on every row, grows with
    # the square of the repeats (20,000 copies of one id made 5 GB of messages)
    groups = labels[involved].groupby([key_frame.loc[involved, k] for k in keys], sort=False)
    shown = groups.head(_ROWS_SHOWN).groupby([key_frame.loc[involved, k] for k in keys], sort=False).agg(", ".join)
    counts = groups.size()
    listed = shown.where(counts <= _ROWS_SHOWN, shown + " ... " + counts.map("{:,} rows in all".format))
    key_of = pd.MultiIndex.from_frame(key_frame[repeated])
    unique_messages = listed.map(lambda r: template.format(rows=r))
    messages = unique_messages.reindex(key_of).to_numpy(dtype=object)
    id_column = keys[-1]
    return [Finding(name, np.flatnonzero(repeated.to_numpy()), id_column, messages, action)]


if __name__ == "__main__":   # python -m toolkit.io.schemas: write the snapshot after changing a model
    SNAPSHOT_FILE.write_text(snapshot_source(), encoding="utf-8")
    print(f"wrote {SNAPSHOT_FILE}")

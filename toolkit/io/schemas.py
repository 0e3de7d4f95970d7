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
>>> field_rules("sessions")["format"].unreadable
('error', 'is not a session format; use structured or unstructured')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.io.codes import ASSIGNMENTS, DEFAULT_ASSIGNMENT, FOLLOWUP_KINDS, FORMATS  # noqa: F401  (named here too)

Action = Literal["error", "set_aside", "clear"]
Kind = Literal["id", "text", "yes_no", "time", "code", "number", "likert"]


#: Other spellings read as a code (compared after lower-casing; spaces and dashes read as ``_``).
CODE_SYNONYMS: dict[str, dict[str, str]] = {
    "format": {"structure": "structured", "unstructure": "unstructured", "open": "unstructured",
               "open_mingling": "unstructured", "mingling": "unstructured", "facilitated": "structured"},
    "assignment": {"randomised": "randomized", "random": "randomized", "lottery": "randomized",
                   "self_select": "self_selected", "self_selection": "self_selected", "chosen": "self_selected",
                   "choice": "self_selected", "schedule": "scheduled"},
    "kind": {"e_mail": "email", "mail": "email", "phone": "call", "phone_call": "call", "linkedin": "social",
             "meet": "meeting"},
}

_UTC = {"unit": "ns", "tz": "UTC"}
_ISO_HINT = "write it like 2024-05-01T18:30:00+02:00"
_NOT_YES_NO = ("clear", "is not a yes/no answer (use yes/no, y/n, true/false or 1/0); left blank")
_NOT_AN_ANSWER = ("clear", "is not a number or a known answer label; the answer is left blank "
                           "(add unusual labels under [likert] in netout.toml)")


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


@dataclass
class Finding:
    """Rows of one table that share a problem (positions into the table as it is being checked).

    ``messages`` is one sentence for all rows, or one per row; ``values`` are the
    offending values (default: the cells of ``column``).

    Example
    -------
    >>> Finding("survey", np.array([0]), "nps", "is not a number", "clear").severity
    'warning'
    """

    table: str
    positions: np.ndarray
    column: str | None
    messages: str | np.ndarray
    action: Action
    values: np.ndarray | None = None

    @property
    def severity(self) -> str:
        return "error" if self.action == "error" else "warning"


def _not_self(frame: pd.DataFrame) -> pd.Series:
    """True where a row does not pair a person with themselves (missing ids pass)."""
    same = frame["attendee_id"] == frame["contact_id"]
    return ~same.fillna(False).astype(bool)


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
        unreadable=("error", "is not a session format; use structured or unstructured"), **_codes(FORMATS))
    assignment: Series[pd.CategoricalDtype] = _field(
        "code", "how attendees came to be in this format: by lot, by their own choice, or because the whole "
                "event or slot used it", nullable=False, default=DEFAULT_ASSIGNMENT,
        unreadable=("error", "is not an assignment; use randomized, self_selected or scheduled (or leave it empty "
                             "for scheduled)"), **_codes(ASSIGNMENTS))
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
        return ~(frame["end"] < frame["start"]).fillna(False).astype(bool)

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
                    "duplicate": ("set_aside", "has more than one survey response for this event (rows {rows}); "
                                               "the first is kept and the others are set aside")}


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
        return _not_self(frame)

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
        unreadable=("set_aside", "is not a follow-up kind (email, call, meeting, social); the row is set aside"),
        missing=("set_aside", "is empty or not one of " + ", ".join(FOLLOWUP_KINDS) + "; the row is set aside"),
        **_codes(FOLLOWUP_KINDS))
    event_id: Series[pd.StringDtype] = _field(
        "id", "where they met; otherwise the latest event at which the pair exchanged details before the follow-up")

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return _not_self(frame)

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
        return _not_self(frame)

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



@dataclass(frozen=True)
class FieldRule:
    """One column of the contract as its schema states it: meaning, how cells are read, what a bad cell does.

    Example
    -------
    >>> rule = field_rules("followups")["kind"]
    >>> rule.kind, rule.required, rule.codes, rule.on_missing[0]
    ('code', True, ('email', 'call', 'meeting', 'social'), 'set_aside')
    """

    table: str
    column: str
    kind: Kind
    meaning: str
    required: bool
    nullable: bool
    unreadable: tuple[Action, str] | None
    on_missing: tuple[Action, str] | None
    scale: tuple[float, float | None] | None = None
    lower: bool = False
    person: bool = False
    default: str | None = None
    codes: tuple[str, ...] = ()

    @property
    def synonyms(self) -> dict[str, str]:
        """Other spellings of the codes (``open`` for ``unstructured`` ...)."""
        return CODE_SYNONYMS.get(self.column, {})

    @property
    def out_of_range(self) -> tuple[Action, str] | None:
        """What a value outside ``scale`` does: the answer is left blank, with the range in the sentence."""
        if self.scale is None:
            return None
        low, high = self.scale
        allowed = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        return "clear", f"is outside the allowed range ({allowed}); the answer is left blank"


@dataclass(frozen=True)
class TableRule:
    """What a table's schema says beyond its fields: required or not, repeats, empty cells, extra columns.

    Example
    -------
    >>> rule = table_rule("survey")
    >>> rule.required_table, rule.unique, rule.extras
    (False, ('event_id', 'attendee_id'), 'likert')
    """

    name: str
    required_table: bool
    unique: tuple[str, ...]
    empty_cell: Action
    duplicate: tuple[Action, str] | None = None
    extras: str = "number_or_text"
    extras_unreadable: tuple[Action, str] | None = None


@functools.cache
def table_rule(name: str) -> TableRule:
    """The table-level rules of one contract table, read from its schema's ``Config``.

    Example
    -------
    >>> table_rule("attendees").duplicate[0], table_rule("sessions").empty_cell
    ('error', 'error')
    """
    config = SCHEMAS[name].Config
    meta = dict(getattr(config, "metadata", None) or {})
    return TableRule(name, bool(meta.get("required_table")), tuple(getattr(config, "unique", None) or ()),
                     meta.get("empty_cell", "set_aside"), meta.get("duplicate"),
                     meta.get("extras", "number_or_text"), meta.get("extras_unreadable"))


@functools.cache
def field_rules(name: str) -> dict[str, FieldRule]:
    """Every field of one contract table, in contract order, with what its schema says about it.

    A required value that is empty takes the field's own ``missing`` rule, else
    the table's (``error`` in attendees and sessions, where every row matters to
    the design; the row set aside elsewhere).

    Example
    -------
    >>> [c for c, rule in field_rules("contacts").items() if rule.kind == "id"]
    ['event_id', 'attendee_id', 'contact_id', 'session_id']
    >>> field_rules("attendees")["attendee_id"].on_missing
    ('error', 'is empty; every attendees row needs a attendee_id')
    """
    table = table_rule(name)
    rules = {}
    for column, spec in SCHEMAS[name].to_schema().columns.items():
        meta = spec.metadata or {}
        missing = meta.get("missing")
        if missing is None and not spec.nullable:
            missing = (("error", f"is empty; every {name} row needs a {column}") if table.empty_cell == "error" else
                       ("set_aside", f"is empty; a {name} row needs a {column}, so the row is set aside"))
        categories = getattr(spec.dtype.type, "categories", None) if meta.get("kind") == "code" else None
        codes = tuple(str(c) for c in categories) if categories is not None else ()
        rules[column] = FieldRule(name, column, meta["kind"], spec.description or "", bool(meta.get("required")),
                                  bool(spec.nullable), meta.get("unreadable"), missing, meta.get("scale"),
                                  bool(meta.get("lower")), bool(meta.get("person")), meta.get("default"), codes)
    return rules


def unreadable_findings(name: str, unreadable: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[Finding]:
    """Cells the parsers could not read, as findings with each field's own action and sentence.

    ``unreadable`` maps a column to (mask of unreadable cells, the values as
    they were in the file). Columns the schema does not name (survey answers
    beyond the contract's) take the table's ``extras_unreadable`` rule.

    Example
    -------
    >>> mask, raw = np.array([False, True]), np.array(["yes", "maybe"], dtype=object)
    >>> [(f.column, f.action, f.values.tolist()) for f in unreadable_findings("survey", {"met_helpful": (mask, raw)})]
    [('met_helpful', 'clear', ['maybe'])]
    """
    rules, table = field_rules(name), table_rule(name)
    findings = []
    for column, (mask, raw_values) in unreadable.items():
        positions = np.flatnonzero(mask)
        rule = rules.get(column)
        action, message = (rule.unreadable if rule is not None and rule.unreadable is not None
                           else table.extras_unreadable or _NOT_AN_ANSWER)
        findings.append(Finding(name, positions, column, message, action, values=raw_values[positions]))
    return findings


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
            findings.append(Finding(name, _positions_failing(_not_self(frame)), "contact_id",
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
    """Rows repeating an earlier row's key (the first stays), naming the first rows of each key and their count."""
    action, template = table_rule(name).duplicate
    key_frame = frame[keys]
    valid = key_frame.notna().all(axis=1)
    repeated = key_frame.duplicated(keep="first") & valid
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

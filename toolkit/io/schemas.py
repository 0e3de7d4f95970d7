"""pandera schemas of the seven contract tables, and how their failures become problems.

One schema class per table states what a *loaded* table looks like (the shape
documented in :mod:`toolkit.io.load`: dtypes, required values, ranges, unique
keys, no self-pairs). :func:`check_table` validates a table lazily, so every
failure comes back at once, and turns each failed cell into a
:class:`Finding`: which rows, which column, what is wrong in a sentence a person
can act on, and what happens to the row:

- ``"error"``: the folder cannot be used until the data is corrected;
- ``"set_aside"``: the row is left out of the analysis (a warning; listed in
  the report's ``set_aside``);
- ``"clear"``: the single answer is left blank (a warning; the row stays and is
  also listed in ``set_aside`` so that nothing changes silently).

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"event_id": ["e1"], "attendee_id": ["A1"], "contact_id": ["A1"]}).astype("string")
>>> [f.messages for f in check_table("known_ties", frame)]
['pairs a person with themselves; the row is set aside']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from toolkit.contract import ASSIGNMENTS, FOLLOWUP_KINDS, FORMATS, SURVEY_OUTCOMES

Action = Literal["error", "set_aside", "clear"]

_UTC = {"unit": "ns", "tz": "UTC"}


@dataclass
class Finding:
    """Rows of one table that share a problem (positions into the table as it is being checked).

    ``messages`` is one sentence for all rows, or one per row; ``values`` are the
    offending values (default: the cells of ``column``).
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
    """One row per attendee at an event; ``(event_id, attendee_id)`` is unique."""

    event_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    industry: Series[pd.StringDtype] = pa.Field(nullable=True)
    company_size: Series[pd.StringDtype] = pa.Field(nullable=True)
    first_time: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    networking_style: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        name = "attendees"
        strict = False
        unique = ["event_id", "attendee_id"]


class SessionsSchema(pa.DataFrameModel):
    """One row per networking session; ``(event_id, session_id)`` is unique; end not before start."""

    event_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    session_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    format: Series[pd.CategoricalDtype] = pa.Field(
        nullable=False, dtype_kwargs={"categories": list(FORMATS), "ordered": False})
    assignment: Series[pd.CategoricalDtype] = pa.Field(
        nullable=False, dtype_kwargs={"categories": list(ASSIGNMENTS), "ordered": False})
    grouping: Series[pd.StringDtype] = pa.Field(nullable=True)
    start: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=_UTC)
    end: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=_UTC)

    @pa.dataframe_check(name="end_not_before_start")
    def _end_after_start(cls, frame: pd.DataFrame) -> pd.Series:
        return ~(frame["end"] < frame["start"]).fillna(False).astype(bool)

    class Config:
        name = "sessions"
        strict = False
        unique = ["event_id", "session_id"]


class ParticipationSchema(pa.DataFrameModel):
    """One row per attendee in a session; the same attendee is listed once per session."""

    event_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    session_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    group_id: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        name = "participation"
        strict = False
        unique = ["event_id", "session_id", "attendee_id"]


class SurveySchema(pa.DataFrameModel):
    """One response per attendee and event; answers within their scales."""

    event_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    satisfaction: Series[pd.Float64Dtype] = pa.Field(nullable=True, in_range={
        "min_value": SURVEY_OUTCOMES["satisfaction"][0], "max_value": SURVEY_OUTCOMES["satisfaction"][1]})
    met_helpful: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    would_return: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    nps: Series[pd.Float64Dtype] = pa.Field(nullable=True, in_range={
        "min_value": SURVEY_OUTCOMES["nps"][0], "max_value": SURVEY_OUTCOMES["nps"][1]})

    class Config:
        name = "survey"
        strict = False
        unique = ["event_id", "attendee_id"]


class ContactsSchema(pa.DataFrameModel):
    """One row per recorded exchange between two different attendees."""

    event_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    contact_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    timestamp: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=_UTC)
    channel: Series[pd.StringDtype] = pa.Field(nullable=True)
    session_id: Series[pd.StringDtype] = pa.Field(nullable=True)
    duration_s: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    interest: Series[pd.BooleanDtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return _not_self(frame)

    class Config:
        name = "contacts"
        strict = False


class FollowupsSchema(pa.DataFrameModel):
    """One row per follow-up sent by ``attendee_id`` to ``contact_id``."""

    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    contact_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    timestamp: Series[pd.DatetimeTZDtype] = pa.Field(nullable=False, dtype_kwargs=_UTC)
    kind: Series[pd.CategoricalDtype] = pa.Field(
        nullable=False, dtype_kwargs={"categories": list(FOLLOWUP_KINDS), "ordered": False})
    event_id: Series[pd.StringDtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return _not_self(frame)

    class Config:
        name = "followups"
        strict = False


class KnownTiesSchema(pa.DataFrameModel):
    """One row per pair of attendees who knew each other before the event."""

    attendee_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    contact_id: Series[pd.StringDtype] = pa.Field(nullable=False)
    event_id: Series[pd.StringDtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="not_self")
    def _not_self(cls, frame: pd.DataFrame) -> pd.Series:
        return _not_self(frame)

    class Config:
        name = "known_ties"
        strict = False


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "attendees": AttendeesSchema,
    "sessions": SessionsSchema,
    "participation": ParticipationSchema,
    "survey": SurveySchema,
    "contacts": ContactsSchema,
    "followups": FollowupsSchema,
    "known_ties": KnownTiesSchema,
}

# Tables whose every row matters to the design: a broken row there is an error, not a set-aside.
_STRICT_TABLES = frozenset({"attendees", "sessions"})

_DUPLICATE_RULES: dict[str, tuple[Action, str]] = {
    "attendees": ("error", "is listed twice for this event (rows {rows}); keep one row per attendee and event"),
    "sessions": ("error", "is used for two sessions of this event (rows {rows}); give each session its own id"),
    "participation": ("set_aside", "repeats an earlier row (rows {rows}); the repeat is set aside"),
    "survey": ("set_aside", "has more than one survey response for this event (rows {rows}); "
                            "the first is kept and the others are set aside"),
}


def _missing_message(table: str, column: str) -> tuple[Action, str]:
    if table in _STRICT_TABLES:
        return "error", f"is empty; every {table} row needs a {column}"
    if table == "followups" and column == "kind":
        return "set_aside", "is empty or not one of " + ", ".join(FOLLOWUP_KINDS) + "; the row is set aside"
    if table == "followups" and column == "timestamp":
        return "set_aside", "is empty or not a time; a follow-up needs its time, so the row is set aside"
    return "set_aside", f"is empty; a {table} row needs a {column}, so the row is set aside"


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
            findings.extend(_duplicates(name, frame, schema.Config.unique))
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
        elif check == "not_nullable" and column is not None:
            action, message = _missing_message(name, column)
            findings.append(Finding(name, positions, column, message, action))
        elif check.startswith(("in_range", "greater_than")) and column is not None:
            low, high = SURVEY_OUTCOMES.get(column, (0, None))
            allowed = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            findings.append(Finding(name, positions, column,
                                    f"is outside the allowed range ({allowed}); the answer is left blank", "clear"))
        else:
            # dtype or column-presence failures mean the loader produced a wrong shape: a bug, said plainly
            findings.append(Finding(name, positions if len(positions) else np.array([], dtype=int), column,
                                    f"internal check {check!r} failed on column {column!r}; please report this",
                                    "error", values=group["failure_case"].to_numpy()[:len(positions)] if len(positions) else None))
    return findings


def _positions_failing(passes: pd.Series) -> np.ndarray:
    return np.flatnonzero(~passes.to_numpy(dtype=bool))


def _duplicates(name: str, frame: pd.DataFrame, keys: list[str]) -> list[Finding]:
    """Rows repeating an earlier row's key (the first stays), naming all rows of each key."""
    action, template = _DUPLICATE_RULES[name]
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
    group_rows = (labels[involved].groupby([key_frame.loc[involved, k] for k in keys], sort=False)
                  .agg(", ".join))
    key_of = pd.MultiIndex.from_frame(key_frame[repeated])
    listed = group_rows.reindex(key_of).to_numpy(dtype=object)
    messages = np.array([template.format(rows=r) for r in listed], dtype=object)
    id_column = keys[-1]
    return [Finding(name, np.flatnonzero(repeated.to_numpy()), id_column, messages, action)]

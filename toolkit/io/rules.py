"""The contract's rules as plain data, for the loader at run time: what the pandera models say, without pandera.

The tables are stated once, as the pandera models of :mod:`toolkit.io.schemas`.
Importing pandera (with pydantic, typeguard and, where installed, hypothesis)
costs about half a second, and its first validation in a process another half
(issue 16 asks for ``netout validate`` on a 10k folder in 1.5 s). So the loader
reads what the models say from a snapshot, ``toolkit/io/_schema_snapshot.py``,
written from the models by ``python -m toolkit.io.schemas``;
``tests/test_schemas.py`` fails when the snapshot and the models differ.

:func:`plain_checks_pass` runs the models' checks (dtypes, required values, ranges,
unique keys, whole-table checks) as plain pandas; the loader
(:func:`toolkit.io.load.table_findings`) runs them first. Only where one of
them fails, or the snapshot names a check this module does not know, does the loader
import pandera and let the models name every failure
(:func:`toolkit.io.schemas.check_table`): a table the plain checks pass is one
the models pass, and every problem is still described by the models.

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"event_id": ["e1"], "attendee_id": ["A1"], "contact_id": ["A1"]}).astype("string")
>>> plain_checks_pass("known_ties", frame)
False
>>> field_rules("sessions")["format"].unreadable[1]
'is not a session format; use structured or unstructured, or map your own word under [values.format] in netout.toml, e.g. "Round tables" = "structured"'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from toolkit.io._schema_snapshot import SNAPSHOT

Action = Literal["error", "set_aside", "clear"]
Kind = Literal["id", "text", "yes_no", "time", "code", "number", "likert"]

#: Session formats: a facilitator forms small groups and sets a task (structured), or open mingling.
FORMATS: tuple[str, ...] = ("structured", "unstructured")
#: How attendees came to be in a format: by lot, by their own choice, or because the event or slot used it.
ASSIGNMENTS: tuple[str, ...] = ("randomized", "self_selected", "scheduled")
DEFAULT_ASSIGNMENT = "scheduled"
FOLLOWUP_KINDS: tuple[str, ...] = ("email", "call", "meeting", "social")

#: Other spellings read as a code (compared as :func:`toolkit.settings.value_key` does: lower case, spaces and
#: punctuation as ``_``); an organiser's own words go into ``[values.COLUMN]`` of netout.toml.
CODE_SYNONYMS: dict[str, dict[str, str]] = {
    "format": {"structure": "structured", "unstructure": "unstructured", "open": "unstructured",
               "open_mingling": "unstructured", "mingling": "unstructured", "facilitated": "structured"},
    "assignment": {"randomised": "randomized", "random": "randomized", "lottery": "randomized",
                   "self_select": "self_selected", "self_selection": "self_selected", "chosen": "self_selected",
                   "choice": "self_selected", "schedule": "scheduled"},
    "kind": {"e_mail": "email", "mail": "email", "email_sent": "email", "phone": "call", "phone_call": "call",
             "video_call": "call", "video": "call", "zoom": "call", "zoom_call": "call", "teams": "call",
             "teams_call": "call", "ms_teams": "call", "microsoft_teams": "call", "google_meet": "call",
             "linkedin": "social", "linkedin_message": "social", "linkedin_connection": "social", "meet": "meeting",
             "met": "meeting", "met_up": "meeting", "meetup": "meeting", "meet_up": "meeting", "in_person": "meeting",
             "in_person_meeting": "meeting", "face_to_face": "meeting", "coffee": "meeting", "lunch": "meeting"},
}

NOT_AN_ANSWER: tuple[Action, str] = ("clear", "is not a number or a known answer label; the answer is left blank "
                                              "(add unusual labels under [likert] in netout.toml)")

#: Table names in contract order (the order of the models in :data:`toolkit.io.schemas.SCHEMAS`).
TABLE_NAMES: tuple[str, ...] = tuple(SNAPSHOT)


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
    >>> rule.required_table, rule.unique, rule.extras, rule.duplicate_keeps
    (False, ('event_id', 'attendee_id'), 'likert', 'last')

    ``duplicate_keeps``: which of the rows repeating a key is kept (``first``, or ``last`` for a survey
    response given again).
    """

    name: str
    required_table: bool
    unique: tuple[str, ...]
    empty_cell: Action
    duplicate: tuple[Action, str] | None = None
    duplicate_keeps: str = "first"
    extras: str = "number_or_text"
    extras_unreadable: tuple[Action, str] | None = None


@functools.cache
def table_rule(name: str) -> TableRule:
    """The table-level rules of one contract table (its schema's ``Config``, from the snapshot).

    Example
    -------
    >>> table_rule("attendees").duplicate[0], table_rule("sessions").empty_cell
    ('error', 'error')
    """
    return TableRule(name, **SNAPSHOT[name]["table"])


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
    return {column: FieldRule(name, column, **fields) for column, fields in SNAPSHOT[name]["fields"].items()}


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
                           else table.extras_unreadable or NOT_AN_ANSWER)
        findings.append(Finding(name, positions, column, message, action, values=raw_values[positions]))
    return findings


def not_self(frame: pd.DataFrame) -> pd.Series:
    """True where a row does not pair a person with themselves (missing ids pass).

    Example
    -------
    >>> not_self(pd.DataFrame({"attendee_id": ["a", "a"], "contact_id": ["a", "b"]})).tolist()
    [False, True]
    """
    same = frame["attendee_id"] == frame["contact_id"]
    return ~same.fillna(False).astype(bool)


def end_not_before_start(frame: pd.DataFrame) -> pd.Series:
    """True where a session does not end before it starts (missing times pass).

    Example
    -------
    >>> t = pd.to_datetime(["2024-05-01T18:00Z", "2024-05-01T19:00Z"])
    >>> end_not_before_start(pd.DataFrame({"start": t, "end": t[::-1]})).tolist()
    [True, False]
    """
    return ~(frame["end"] < frame["start"]).fillna(False).astype(bool)


#: The whole-table checks of the models by name, and the columns each reads.
FRAME_CHECKS = {"not_self": (not_self, ("attendee_id", "contact_id")),
                "end_not_before_start": (end_not_before_start, ("start", "end"))}


@functools.cache
def _dtype(name: str, column: str):
    spec = SNAPSHOT[name]["dtypes"][column]
    if spec == "category":
        return pd.CategoricalDtype(list(field_rules(name)[column].codes), ordered=False)
    return pd.api.types.pandas_dtype(spec)


def plain_checks_pass(name: str, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` passes every check of its model, decided with pandas alone (False where unsure).

    False does not say that something is wrong, only that the model must look:
    a dtype other than the model's exact one, a check this function does not
    know, a column a check needs that is absent.

    Example
    -------
    >>> frame = pd.DataFrame({"event_id": ["e"], "attendee_id": ["a"], "nps": [7.0]})
    >>> plain_checks_pass("survey", frame.astype({"event_id": "string", "attendee_id": "string", "nps": "Float64"}))
    True
    >>> plain_checks_pass("survey", frame)   # object and float64 columns: the model decides
    False
    """
    snapshot = SNAPSHOT[name]
    rules = field_rules(name)
    for column in snapshot["dtypes"]:
        if column not in frame.columns:
            continue   # the model is validated on the columns the table has
        series = frame[column]
        if series.dtype != _dtype(name, column):
            return False
        if not rules[column].nullable and bool(series.isna().any()):
            return False
        for check, statistics, ignore_na in snapshot["column_checks"].get(column, ()):
            if not ignore_na:
                return False
            values = series.dropna()
            if check == "in_range" and statistics.get("include_min", True) and statistics.get("include_max", True):
                inside = (values >= statistics["min_value"]) & (values <= statistics["max_value"])
            elif check == "greater_than_or_equal_to":
                inside = values >= statistics["min_value"]
            else:
                return False
            if not bool(inside.all()):
                return False
    unique = list(snapshot["table"]["unique"])
    if unique:
        if any(c not in frame.columns for c in unique):
            return False
        if bool(frame[unique].duplicated().any()):   # missing keys count as equal here: stricter than the model
            return False
    for check in snapshot["frame_checks"]:
        if check not in FRAME_CHECKS:
            return False
        passes, needs = FRAME_CHECKS[check]
        if any(c not in frame.columns for c in needs) or not bool(passes(frame).all()):
            return False
    return True

"""The event data contract in code: table names, canonical columns, codes and outcome names.

Every other module takes its names from here. The tables are stated once, as
the pandera models of :mod:`toolkit.io.schemas` (each field's meaning, how it
is read, what a bad cell does; read here through :mod:`toolkit.io.rules`); :data:`TABLES`, :data:`ID_COLUMNS`,
:data:`YES_NO_COLUMNS` and :data:`TIME_COLUMNS` are derived from them, and the
outcome names from :mod:`toolkit.catalogue`. The prose version for people is
``docs/data-format.md``.

Example
-------
>>> from toolkit.contract import TABLES, OUTCOMES
>>> TABLES["attendees"].required
('event_id', 'attendee_id')
>>> "new_contacts" in OUTCOMES
True
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.catalogue import contract_outcomes
from toolkit.io.files import TABLE_SUFFIXES
# what the schemas' models say, read from their snapshot so that this import does not load pandera
from toolkit.io.rules import (  # noqa: F401  (the code lists' home is the schemas; named here too)
    ASSIGNMENTS,
    DEFAULT_ASSIGNMENT,
    FOLLOWUP_KINDS,
    FORMATS,
    TABLE_NAMES,
    field_rules,
    table_rule,
)
from toolkit.privacy import PERSONAL_COLUMN_NAMES  # noqa: F401  (its home is the privacy rule)


@dataclass(frozen=True)
class TableSpec:
    """Canonical columns of one contract table (derived from its schema).

    ``required`` columns must be present in the file; ``optional`` ones are
    added (empty) when missing so that downstream code can rely on them.
    Extra columns in a file are kept.

    Example
    -------
    >>> TABLES["followups"].optional, TABLES["sessions"].is_required_table
    (('event_id',), True)
    """

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    is_required_table: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


def _spec(name: str) -> TableSpec:
    rules = field_rules(name)
    return TableSpec(name, tuple(c for c, r in rules.items() if r.required),
                     tuple(c for c, r in rules.items() if not r.required), table_rule(name).required_table)


def _columns_of_kind(kind: str) -> dict[str, tuple[str, ...]]:
    found = {name: tuple(c for c, r in field_rules(name).items() if r.kind == kind) for name in TABLE_NAMES}
    return {name: columns for name, columns in found.items() if columns}


TABLES: dict[str, TableSpec] = {name: _spec(name) for name in TABLE_NAMES}

#: Table names in the order a folder is read and reported.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

#: File endings the loader reads, in order of preference when several exist (the one reader's list).
FILE_SUFFIXES: tuple[str, ...] = TABLE_SUFFIXES

STYLES: tuple[str, ...] = ("reserved", "self-directed", "unknown")

#: Yes/no answers by column, per table (parsed to nullable booleans).
YES_NO_COLUMNS: dict[str, tuple[str, ...]] = _columns_of_kind("yes_no")
#: Timestamps by column, per table (parsed to UTC).
TIME_COLUMNS: dict[str, tuple[str, ...]] = _columns_of_kind("time")
#: Identifier columns, per table (kept as text; pseudonymised where personal).
ID_COLUMNS: dict[str, tuple[str, ...]] = _columns_of_kind("id")

#: Survey answers with a fixed meaning and range (from the outcome catalogue).
SURVEY_OUTCOMES: dict[str, tuple[float, float]] = {
    spec.name: spec.scale for spec in contract_outcomes() if spec.from_survey
}

#: Per-attendee outcomes computed from the contact log (names fixed by the contract).
CONTACT_OUTCOMES: tuple[str, ...] = tuple(spec.name for spec in contract_outcomes() if not spec.from_survey)

#: Every outcome name the toolkit accepts for ``--outcome``.
OUTCOMES: tuple[str, ...] = CONTACT_OUTCOMES + tuple(SURVEY_OUTCOMES)

#: Columns that identify people or rows (or, ``style_source``, say where a value came from:
#: it follows survey response, which happens after the session; or are the event's contact counts per person,
#: outcomes of the sessions) and are never used as covariates or segments.
NON_COVARIATE_COLUMNS: frozenset[str] = frozenset(
    {"event_id", "attendee_id", "session_id", "group_id", "contact_id", "style_source", "session_order", "attribution",
     "event_contacts", "event_new_contacts"}
)

#: Columns of the effect table returned by ``compare_formats`` (and ``compare --json``).
EFFECT_COLUMNS: tuple[str, ...] = (
    "segment",
    "outcome",
    "n_structured",
    "n_unstructured",
    "effect",
    "ci_low",
    "ci_high",
    "method",
    "warnings",
)

#: Published reference values an event can be set beside.
REFERENCE_VALUES: dict[str, dict[str, object]] = {
    "familiar_share": {
        "value": 0.5,
        "source": "Ingram & Morris (2007): about half of a mixer's encounters were with people guests already knew",
    },
    "contacts": {
        "value": 40,
        "source": "SocioPatterns conference logs: each attendee in brief contact with roughly 40 people",
    },
}

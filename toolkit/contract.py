"""The event data contract in code: table names, canonical columns, codes and outcome names.

Every other module takes its names from here, so that the contract is stated once.
The prose version for people is ``docs/data-format.md``.

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
from toolkit.privacy import PERSONAL_COLUMN_NAMES  # noqa: F401  (its home is the privacy rule)


@dataclass(frozen=True)
class TableSpec:
    """Canonical columns of one contract table.

    ``required`` columns must be present in the file; ``optional`` ones are
    added (empty) when missing so that downstream code can rely on them.
    Extra columns in a file are kept.
    """

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    is_required_table: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


TABLES: dict[str, TableSpec] = {
    "attendees": TableSpec(
        "attendees",
        required=("event_id", "attendee_id"),
        optional=("industry", "company_size", "first_time", "networking_style"),
        is_required_table=True,
    ),
    "sessions": TableSpec(
        "sessions",
        required=("event_id", "session_id", "format"),
        optional=("assignment", "grouping", "start", "end"),
        is_required_table=True,
    ),
    "participation": TableSpec(
        "participation",
        required=("event_id", "session_id", "attendee_id"),
        optional=("group_id",),
        is_required_table=True,
    ),
    "survey": TableSpec(
        "survey",
        required=("event_id", "attendee_id"),
        optional=("satisfaction", "met_helpful", "would_return", "nps"),
    ),
    "contacts": TableSpec(
        "contacts",
        required=("event_id", "attendee_id", "contact_id"),
        optional=("timestamp", "channel", "session_id", "duration_s", "interest"),
    ),
    "followups": TableSpec(
        "followups",
        required=("attendee_id", "contact_id", "timestamp", "kind"),
        optional=("event_id",),
    ),
    "known_ties": TableSpec(
        "known_ties",
        required=("attendee_id", "contact_id"),
        optional=("event_id",),
    ),
}

#: Table names in the order a folder is read and reported.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

#: File endings the loader reads, in order of preference when several exist (the one reader's list).
FILE_SUFFIXES: tuple[str, ...] = TABLE_SUFFIXES

FORMATS: tuple[str, ...] = ("structured", "unstructured")
ASSIGNMENTS: tuple[str, ...] = ("randomized", "self_selected", "scheduled")
DEFAULT_ASSIGNMENT = "scheduled"
FOLLOWUP_KINDS: tuple[str, ...] = ("email", "call", "meeting", "social")
STYLES: tuple[str, ...] = ("reserved", "self-directed", "unknown")

#: Yes/no answers by column, per table (parsed to nullable booleans).
YES_NO_COLUMNS: dict[str, tuple[str, ...]] = {
    "attendees": ("first_time",),
    "survey": ("met_helpful", "would_return"),
    "contacts": ("interest",),
}
#: Timestamps by column, per table (parsed to UTC).
TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": ("start", "end"),
    "contacts": ("timestamp",),
    "followups": ("timestamp",),
}
#: Identifier columns, per table (kept as text; pseudonymised where personal).
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "attendees": ("event_id", "attendee_id"),
    "sessions": ("event_id", "session_id"),
    "participation": ("event_id", "session_id", "attendee_id", "group_id"),
    "survey": ("event_id", "attendee_id"),
    "contacts": ("event_id", "attendee_id", "contact_id", "session_id"),
    "followups": ("event_id", "attendee_id", "contact_id"),
    "known_ties": ("event_id", "attendee_id", "contact_id"),
}

#: Survey answers with a fixed meaning and range (from the outcome catalogue).
SURVEY_OUTCOMES: dict[str, tuple[float, float]] = {
    spec.name: spec.scale for spec in contract_outcomes() if spec.from_survey
}

#: Per-attendee outcomes computed from the contact log (names fixed by the contract).
CONTACT_OUTCOMES: tuple[str, ...] = tuple(spec.name for spec in contract_outcomes() if not spec.from_survey)

#: Every outcome name the toolkit accepts for ``--outcome``.
OUTCOMES: tuple[str, ...] = CONTACT_OUTCOMES + tuple(SURVEY_OUTCOMES)

#: Columns that identify people or rows (or, ``style_source``, say where a value came from:
#: it follows survey response, which happens after the session) and are never used as covariates or segments.
NON_COVARIATE_COLUMNS: frozenset[str] = frozenset(
    {"event_id", "attendee_id", "session_id", "group_id", "contact_id", "style_source"}
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

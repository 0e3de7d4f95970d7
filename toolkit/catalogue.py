"""The outcome catalogue: what each outcome is, in one place.

Every face (CLI, dashboard, report, charts) and every analysis step reads an
outcome's label, unit, direction and kind from here, so that "lower is
better for spectators" or "a share is shown as a percentage" is decided once.

Each :class:`OutcomeSpec` says:

- ``name``: the column of the outcome table (fixed by the data contract);
- ``label``: a few plain words for axis titles and tables;
- ``help``: one line saying what it measures;
- ``unit``: what one unit is, for sentences ("contacts", "points", "" for shares);
- ``kind``: ``count`` (per attendee), ``share`` (0-1, shown as a percentage),
  ``scale`` (a survey scale such as 1-5) or ``yes_no`` (a share of yes answers);
- ``higher_is_better``: False for ``familiar_share`` and ``spectator``;
- ``source``: the table that records it, in words a person can act on
  (``contacts``; ``followups``; ``contacts + known_ties or earlier events``
  where a pair must be known to be left out; ``contacts + attendees.industry``;
  ``survey``); without that table the outcome is not recorded, and the outcome
  table says so in ``attrs["not_recorded"]`` (see :func:`toolkit.outcomes.not_recorded`);
  :attr:`OutcomeSpec.tables` lists the table names;
- ``denominator``: for a share, the outcome it divides by (None otherwise);
- ``contract``: named by the data contract (False for the toolkit's extras);
- ``short_label``: two to four words for a key-figure panel, tile or table row
  ("contacts already known"); the faces capitalise it where it starts a line;
- ``summary_column``: its column in :func:`toolkit.outcomes.event_summary`
  (None where the event summary has none);
- ``min_difference``: the smallest difference between the formats worth acting
  on, in the outcome's own units, when the organiser names none (the size a
  next event is planned to detect: ``toolkit.recommend.sample_size``). None
  where no general value makes sense (a fifth of the outcome's standard
  deviation is used then).

:data:`KEY_FIGURES` names the outcomes every face shows as an event's key
figures, in display order.

Example
-------
>>> OUTCOME_CATALOGUE["spectator"].higher_is_better
False
>>> outcome_spec("followup_rate_7d").denominator
'new_contacts'
>>> [o.name for o in contract_outcomes() if o.source == "survey"]
['satisfaction', 'met_helpful', 'would_return', 'nps']
>>> [OUTCOME_CATALOGUE[name].short_label for name in KEY_FIGURES][:2]
['contacts per attendee', 'new contacts per attendee']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toolkit.errors import UsageError

Kind = Literal["count", "share", "scale", "yes_no"]


@dataclass(frozen=True)
class OutcomeSpec:
    """One outcome: its name, words for people, unit, direction, kind and source table.

    Example
    -------
    >>> spec = OUTCOME_CATALOGUE["new_contacts"]
    >>> spec.label, spec.is_share, spec.better_when_lower, spec.summary_column
    ('new contacts per attendee', False, False, 'mean_new_contacts')
    """

    name: str
    label: str
    help: str
    unit: str
    kind: Kind
    source: str
    higher_is_better: bool = True
    denominator: str | None = None
    contract: bool = True
    scale: tuple[float, float] | None = None
    short_label: str = ""
    summary_column: str | None = None
    min_difference: float | None = None

    @property
    def is_share(self) -> bool:
        """Shown as a percentage: shares and yes/no answers."""
        return self.kind in ("share", "yes_no")

    @property
    def better_when_lower(self) -> bool:
        """Less is better (``familiar_share``, ``spectator``)."""
        return not self.higher_is_better

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables named in ``source``, e.g. ``('contacts', 'known_ties')``.

        Example
        -------
        >>> OUTCOME_CATALOGUE["familiar_share"].tables
        ('contacts', 'known_ties')
        """
        words = self.source.replace("+", " ").replace(".", " ").split()
        return tuple(w for w in words if w in ("contacts", "followups", "known_ties", "survey", "attendees"))

    @property
    def from_survey(self) -> bool:
        """Computed from the survey answers (missing for attendees who did not answer)."""
        return self.source == "survey"


_SPECS: tuple[OutcomeSpec, ...] = (
    OutcomeSpec("contacts", "contacts per attendee", "people the attendee exchanged details with",
                "contacts", "count", "contacts", short_label="contacts per attendee", summary_column="mean_contacts",
                min_difference=1.0),
    OutcomeSpec("new_contacts", "new contacts per attendee", "people met who were not known before the event",
                "new contacts", "count", "contacts + known_ties or earlier events", short_label="new contacts per attendee",
                summary_column="mean_new_contacts", min_difference=1.0),
    OutcomeSpec("familiar_share", "share of contacts already known",
                "how much of the time went to people already known", "", "share", "contacts + known_ties or earlier events",
                higher_is_better=False, denominator="contacts", short_label="contacts already known",
                summary_column="familiar_share", min_difference=0.05),
    OutcomeSpec("cross_industry_share", "share of contacts from another industry",
                "contacts outside the attendee's own industry", "", "share", "contacts + attendees.industry",
                denominator="contacts",
                short_label="contacts from another industry", min_difference=0.05),
    OutcomeSpec("followup_rate_7d", "follow-up rate within 7 days",
                "share of new contacts who got a follow-up within a week", "", "share", "followups",
                denominator="new_contacts", short_label="followed up within 7 days", summary_column="followup_rate_7d",
                min_difference=0.05),
    OutcomeSpec("meetings_30d", "meetings within 30 days", "new contacts met again within a month",
                "meetings", "count", "followups", short_label="met again within 30 days", min_difference=0.2),
    OutcomeSpec("spectator", "share of spectators", "attendees who made no new contact at all", "", "yes_no",
                "contacts + known_ties or earlier events", higher_is_better=False, short_label="made no new contact",
                summary_column="spectator_share", min_difference=0.05),
    OutcomeSpec("satisfaction", "satisfaction (1-5)", "answer to the survey's satisfaction question", "points",
                "scale", "survey", scale=(1, 5), short_label="satisfaction (1-5)", min_difference=0.25),
    OutcomeSpec("met_helpful", "met someone helpful",
                "share who said they met someone who can help their business", "", "yes_no", "survey",
                scale=(0, 1), short_label="met someone who can help their business", min_difference=0.1),
    OutcomeSpec("would_return", "would come again", "share who said they would come again", "", "yes_no",
                "survey", scale=(0, 1), short_label="would come again", min_difference=0.1),
    OutcomeSpec("nps", "likelihood to recommend (0-10)", "the survey's 0-10 recommend question", "points",
                "scale", "survey", scale=(0, 10), short_label="likelihood to recommend (0-10)",
                min_difference=0.5),
    OutcomeSpec("reciprocated_share", "share of exchanges returned", "contacts who also recorded the attendee",
                "", "share", "contacts", denominator="contacts", contract=False, short_label="exchanges returned",
                min_difference=0.05),
    OutcomeSpec("interest_share", "share wanting to talk again",
                "contacts the attendee wants an extended talk with", "", "share", "contacts",
                denominator="contacts", contract=False, short_label="wanting to talk again", min_difference=0.05),
    OutcomeSpec("brokerage", "brokerage", "how much the attendee links people who would not otherwise meet",
                "pairs bridged", "count", "contacts", contract=False, short_label="brokerage"),
)

#: Every outcome the toolkit computes, by name, in the order of the outcome table.
OUTCOME_CATALOGUE: dict[str, OutcomeSpec] = {spec.name: spec for spec in _SPECS}

#: An event's key figures, in the order every face shows them (each has a ``summary_column``).
KEY_FIGURES: tuple[str, ...] = ("contacts", "new_contacts", "spectator", "familiar_share", "followup_rate_7d")


def outcome_spec(name: str) -> OutcomeSpec:
    """The catalogue entry of an outcome; a :class:`~toolkit.errors.UsageError` naming the choices otherwise.

    Example
    -------
    >>> outcome_spec("nps").scale
    (0, 10)
    """
    try:
        return OUTCOME_CATALOGUE[name]
    except KeyError:
        raise UsageError(f"unknown outcome {name!r}; choose one of: {', '.join(OUTCOME_CATALOGUE)}") from None


def usual_min_difference(name: str) -> float | None:
    """The outcome's usual smallest difference worth acting on (what a next event is sized for by default).

    None for a name the catalogue does not know or gives no such figure.

    Example
    -------
    >>> usual_min_difference("new_contacts"), usual_min_difference("no_such_outcome")
    (1.0, None)
    """
    spec = OUTCOME_CATALOGUE.get(name)
    return float(spec.min_difference) if spec is not None and spec.min_difference else None


def contract_outcomes() -> list[OutcomeSpec]:
    """The outcomes the data contract names, in its order.

    Example
    -------
    >>> [o.name for o in contract_outcomes()][:3]
    ['contacts', 'new_contacts', 'familiar_share']
    """
    return [spec for spec in _SPECS if spec.contract]

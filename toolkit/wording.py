"""Sentences and labels for people: the one place that turns results into words.

The CLI, the dashboard, the board report and the charts describe results with
these functions, so that the same result reads the same everywhere:

- **numbers** (:func:`format_number`, :func:`format_value`, :func:`format_count`,
  :func:`format_percent`): rounding happens here, at the edge; shares are shown
  as percentages, differences of shares in percentage points ("pts"), groups of
  fewer than :data:`MIN_GROUP_SIZE` people as "fewer than 5";
- **labels** (:func:`outcome_label`, :func:`outcome_title`, :func:`format_name`,
  :func:`column_label`, :func:`segment_label`, :func:`segment_people`): words
  from the outcome catalogue and from the data (``first-time`` / ``returning``
  rather than ``True`` / ``False``);
- **effects** (:func:`describe_effects`, :func:`effect_cautions`,
  :func:`effect_sentences`): one reading of each row of a comparison
  (which format did better by :func:`toolkit.compare.better_format`, the
  difference and its interval in words), used by ``netout compare``, the
  dashboard's Formats page and the report alike.

Example
-------
>>> format_estimate(0.5)
'0.50'
>>> segment_people("True", "first_time"), format_name("unstructured")
('first-time attendees', 'open mingling')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.privacy import MIN_GROUP_SIZE  # groups smaller than this are never shown: the privacy rule's size

#: What a face writes instead of a small group's numbers.
SMALL_GROUP_TEXT = f"fewer than {MIN_GROUP_SIZE}"
#: What a face writes for a missing number.
MISSING_TEXT = "–"
#: Said where a difference has no interval (a format ran in too few sessions to measure one).
NO_INTERVAL_TEXT = "no interval: too few sessions of a format to measure how sure it is"

#: Outcomes that are shares (0-1) and shown as percentages (and the event summary's spectator share).
SHARE_OUTCOMES: frozenset[str] = frozenset(
    {name for name, spec in OUTCOME_CATALOGUE.items() if spec.is_share} | {"spectator_share"})

#: The formats (and the split plan) in people's words.
FORMAT_NAMES: dict[str, str] = {"structured": "structured", "unstructured": "open mingling", "split": "split"}

#: Plain names of columns attendees may be split by, where the column name alone would mislead.
COLUMN_LABELS: dict[str, str] = {"style": "networking style",
                                 "networking_style": "networking style (self-described)"}

#: Statistical terms with a one-line explanation in plain words.
GLOSSARY: dict[str, str] = {
    "effect": "how much higher the outcome was in structured sessions than in open mingling, comparing the same kind of attendee",
    "interval": "the range of differences the data are consistent with (a 95% interval); a wide range means the data say little",
    "chance best": "an estimate, from the data so far, of the chance that this option is the best of the three; "
                   "it is not the 95% of an interval",
    "confident": "the suggestion is called confident only when the interval of its advantage over the next-best "
                 "option lies wholly above zero (and not wholly below the smallest difference worth acting on), each "
                 "group is clearly better off in its format, and each format ran in enough sessions",
    "randomised": "attendees are assigned to a format by lot, so that the two groups differ only by the format",
    "smallest difference worth acting on": "the next event is sized to detect a difference this large; an advantage "
                                           "that is surely smaller than this is not acted on",
    "spectator": "an attendee who made no new contact at all",
    "reliability": "whether the questions of the networking-style scale agree with each other (Cronbach's alpha; 0.7 or more is good)",
    "broker": "a person who links groups that would not otherwise meet",
}

#: Which format did better, in words (None: the interval includes no difference).
VERDICTS: dict[str | None, str] = {"structured": "structured did better", "unstructured": "open mingling did better",
                                   None: "no clear difference"}


# --------------------------------------------------------------------------- numbers


def is_missing(value: Any) -> bool:
    """Whether a value is missing (None, NA, NaN); text and other objects are not.

    Example
    -------
    >>> is_missing(None), is_missing(float("nan")), is_missing(pd.NA), is_missing(0), is_missing("x")
    (True, True, True, False, False)
    """
    try:
        return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
            or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value: Any, *, outcome: str | None = None, share: bool | None = None, digits: int | None = None) -> str:
    """Round a number for people: shares as whole percentages, small numbers to one decimal.

    Parameters
    ----------
    value : number or None
        The value; missing values give an en dash.
    outcome : str, optional
        Outcome name; shares among :data:`SHARE_OUTCOMES` are shown as percentages.
    share : bool, optional
        Force (or forbid) percentage display regardless of ``outcome``.
    digits : int, optional
        Decimal places; by default 0 for numbers of 100 or more, else 1.

    Examples
    --------
    >>> format_number(0.4567, outcome="familiar_share")
    '46%'
    >>> format_number(3.14159)
    '3.1'
    >>> format_number(12345.6)
    '12,346'
    >>> format_number(None)
    '–'
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or value is pd.NA:
        return MISSING_TEXT
    try:
        if pd.isna(value):
            return MISSING_TEXT
    except (TypeError, ValueError):
        pass
    is_share = share if share is not None else (outcome in SHARE_OUTCOMES)
    number = float(value)
    if is_share:
        return f"{number * 100:.{0 if digits is None else digits}f}%"
    if digits is None:
        digits = 0 if abs(number) >= 100 else 1
    text = f"{number:,.{digits}f}"
    return "0" if text in ("-0", "-0.0") else text


def format_value(value: Any, outcome: str, *, signed: bool = False) -> str:
    """A value of ``outcome`` for people; with ``signed``, a difference (shares in percentage points).

    Example
    -------
    >>> format_value(0.25, "familiar_share"), format_value(0.05, "familiar_share", signed=True)
    ('25%', '+5 pts')
    >>> format_value(-1.25, "new_contacts", signed=True), format_value(-0.01, "new_contacts", signed=True)
    ('-1.2', '0')
    """
    if is_missing(value):
        return MISSING_TEXT
    value = float(value)
    if outcome in SHARE_OUTCOMES:
        text = format_number(value * 100, digits=0) + " pts" if signed else format_number(value, share=True)
    else:
        text = format_number(value)
    # the sign of what is shown: "+0.0" and "-0 pts" read as noise
    if signed and value > 0 and any(c in "123456789" for c in text):
        text = "+" + text
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def format_count(n: Any) -> str:
    """A head count, or "fewer than 5" for a small group (never its size).

    Example
    -------
    >>> format_count(1234), format_count(3), format_count(0), format_count(None)
    ('1,234', 'fewer than 5', '0', '–')
    """
    if is_missing(n):
        return MISSING_TEXT
    n = int(n)
    return SMALL_GROUP_TEXT if 0 < n < MIN_GROUP_SIZE else f"{n:,}"


def format_percent(x: Any) -> str:
    """A share (0-1) as a whole percentage.

    Example
    -------
    >>> format_percent(0.345), format_percent(None)
    ('34%', '–')
    """
    return MISSING_TEXT if is_missing(x) else f"{float(x) * 100:.0f}%"


def format_estimate(x: float) -> str:
    """An estimate in a sentence: two decimals below 10, one above; ``unknown`` when missing.

    Example
    -------
    >>> format_estimate(2.345), format_estimate(12.34), format_estimate(float("nan"))
    ('2.35', '12.3', 'unknown')
    """
    if not np.isfinite(x):
        return "unknown"
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


# --------------------------------------------------------------------------- labels


def outcome_label(outcome: str) -> str:
    """Plain-word name of an outcome (the outcome name itself, spaced, when unknown).

    Example
    -------
    >>> outcome_label("followup_rate_7d"), outcome_label("my_score")
    ('follow-up rate within 7 days', 'my score')
    """
    spec = OUTCOME_CATALOGUE.get(outcome)
    return spec.label if spec is not None else str(outcome).replace("_", " ")


def outcome_help(outcome: str) -> str:
    """One-line explanation of an outcome ('' when unknown).

    Example
    -------
    >>> outcome_help("spectator")
    'attendees who made no new contact at all'
    """
    spec = OUTCOME_CATALOGUE.get(outcome)
    return spec.help if spec is not None else ""


def outcome_title(outcome: str, *, capital: bool = True) -> str:
    """The short title of an outcome for a key-figure panel, tile or table row.

    Example
    -------
    >>> outcome_title("familiar_share"), outcome_title("spectator", capital=False)
    ('Contacts already known', 'made no new contact')
    """
    spec = OUTCOME_CATALOGUE.get(outcome)
    text = (spec.short_label or spec.label) if spec is not None else str(outcome).replace("_", " ")
    return text[:1].upper() + text[1:] if capital else text


def format_name(fmt: Any, *, capital: bool = False) -> str:
    """A format (or the split plan) in people's words: ``unstructured`` is "open mingling".

    Example
    -------
    >>> format_name("unstructured"), format_name("structured", capital=True)
    ('open mingling', 'Structured')
    """
    text = FORMAT_NAMES.get(str(fmt), str(fmt))
    return text[:1].upper() + text[1:] if capital else text


def column_label(column: str) -> str:
    """Plain name of a column attendees are split by (distinct for ``style`` and ``networking_style``).

    Example
    -------
    >>> column_label("style"), column_label("networking_style"), column_label("company_size")
    ('networking style', 'networking style (self-described)', 'company size')
    """
    return COLUMN_LABELS.get(column, str(column).replace("_", " "))


#: Where :func:`grouping_note` says no networking style was found, or what the grouping follows.
GROUPING_SOURCES = ("data", "registrations", "past events")


def grouping_note(by: str, *, source: str = "data") -> str | None:
    """The sentence a face says when it grouped attendees by something else than style by itself; None for style.

    ``by`` is the grouping chosen where none was asked for
    (:func:`toolkit.compare.default_grouping`, :func:`toolkit.plan.plan_grouping`).
    ``source`` says why: ``"data"``, no one's style is recorded in the
    folder; ``"registrations"``, none is in the registrations a plan is drawn
    from; ``"past events"``, the plan follows the grouping the past events
    are compared by.

    Example
    -------
    >>> grouping_note("industry")
    "Grouped by industry: no one's networking style is recorded in this data (--by chooses another grouping)."
    >>> grouping_note("style") is None
    True
    """
    if source not in GROUPING_SOURCES:
        raise ValueError(f"grouping_note: source {source!r} is not one of {', '.join(GROUPING_SOURCES)}")
    if by == "style":
        return None
    if source == "past events":
        return (f"Grouped by {column_label(by)}, as the past events are compared (netout compare and recommend "
                "open on it; --by chooses another grouping).")
    where = "recorded in this data" if source == "data" else "in the registrations"
    return f"Grouped by {column_label(by)}: no one's networking style is {where} (--by chooses another grouping)."


def segment_label(segment: Any, by: str) -> str:
    """A segment's name for people: yes/no segments in words, first-time attendees by name.

    Example
    -------
    >>> segment_label(True, "first_time"), segment_label("False", "first_time"), segment_label("true", "vip")
    ('first-time', 'returning', 'yes')
    >>> segment_label("reserved", "style")
    'reserved'
    """
    text = str(segment)
    if text.lower() in ("true", "false"):
        yes = text.lower() == "true"
        if by == "first_time":
            return "first-time" if yes else "returning"
        return "yes" if yes else "no"
    return text


def segment_people(segment: Any, by: str) -> str:
    """The people of a segment in words: 'reserved attendees', 'attendees whose industry is retail'.

    Example
    -------
    >>> segment_people("reserved", "style"), segment_people("retail", "industry")
    ('reserved attendees', 'attendees whose industry is retail')
    >>> segment_people("False", "first_time"), segment_people("unknown", "style")
    ('returning attendees', 'attendees whose networking style is unknown')
    """
    segment = str(segment)
    if segment in ("all", "overall", "everyone"):
        return "all attendees together"
    if by == "first_time" and segment.lower() in ("true", "false"):
        return f"{segment_label(segment, by)} attendees"
    segment = segment_label(segment, by)
    if by == "style":
        return "attendees whose networking style is unknown" if segment == "unknown" else f"{segment} attendees"
    return f"attendees whose {column_label(by)} is {segment}"


# --------------------------------------------------------------------------- page answers
# Each page of the dashboard opens with one sentence that answers its question; the numbers behind it
# come from the library and the words from here, so the pages hold no analysis.


def shown_groups(effects: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The one small-cell rule for a comparison: rows with fewer than :data:`MIN_GROUP_SIZE` in either format are hidden.

    Returns the rows that may be shown and the segments left out (also rows
    with no estimate). Every chart and table of every face uses it.

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["a", "b"], "effect": [1.0, 2.0],
    ...                         "n_structured": [40, 3], "n_unstructured": [38, 9]})
    >>> shown, hidden = shown_groups(effects)
    >>> shown["segment"].tolist(), hidden
    (['a'], ['b'])
    """
    if effects is None or effects.empty:
        return (effects if effects is not None else pd.DataFrame()), []
    small = small_groups(effects)
    no_estimate = effects["effect"].isna() if "effect" in effects.columns else small & False
    return effects[~small & ~no_estimate], effects.loc[small | no_estimate, "segment"].astype(str).tolist()


def small_groups(effects: pd.DataFrame) -> pd.Series:
    """Per row of a comparison: True where a format holds fewer than :data:`MIN_GROUP_SIZE` of the group.

    Example
    -------
    >>> small_groups(pd.DataFrame({"n_structured": [40, 3], "n_unstructured": [38, 9]})).tolist()
    [False, True]
    """
    sizes = group_sizes(effects)
    return (sizes["structured"] < MIN_GROUP_SIZE) | (sizes["unstructured"] < MIN_GROUP_SIZE)


def few_people(effects: pd.DataFrame) -> pd.Series:
    """Per row of a comparison: True where a format holds 1 to 4 people of the group (too few to describe).

    Unlike :func:`small_groups`, a format with none of the group is not "few": that group cannot be compared,
    which is said as such, and describes nobody.

    Example
    -------
    >>> few_people(pd.DataFrame({"n_structured": [40, 3, 0], "n_unstructured": [38, 9, 12]})).tolist()
    [False, True, False]
    """
    sizes = group_sizes(effects)
    return ((sizes > 0) & (sizes < MIN_GROUP_SIZE)).any(axis=1)


def group_sizes(effects: pd.DataFrame) -> pd.DataFrame:
    """People per row of a comparison and format, as the small-cell rule counts them (columns ``structured``, ``unstructured``).

    Distinct people (``people_structured``/``people_unstructured``) where the
    comparison gives them, else its rows (``n_structured``/``n_unstructured``):
    a person in several sessions of a format is one person, not several.

    Example
    -------
    >>> group_sizes(pd.DataFrame({"n_structured": [6, 40], "n_unstructured": [9, 38],
    ...                           "people_structured": [3, 40], "people_unstructured": [9, 38]}))["structured"].tolist()
    [3, 40]
    """
    out = {}
    for fmt in ("structured", "unstructured"):
        rows = (pd.to_numeric(effects[f"n_{fmt}"], errors="coerce") if f"n_{fmt}" in effects.columns
                else pd.Series(float(MIN_GROUP_SIZE), index=effects.index))
        if f"people_{fmt}" in effects.columns:  # never more people than rows, whatever a frame edited by hand says
            people = pd.to_numeric(effects[f"people_{fmt}"], errors="coerce")
            rows = rows.where(people.isna() | (rows.notna() & (rows <= people)), people)
        out[fmt] = rows.fillna(0)
    return pd.DataFrame(out, index=effects.index)


# a comparison row's figures about the difference between its formats (its counts and design stay)
_DIFFERENCE_FIGURES = ("effect", "ci_low", "ci_high", "se", "df", "p_value")

def hidden_counts(records: list[dict], effects: pd.DataFrame) -> list[dict]:
    """``records`` (one per row of ``effects``, for JSON) with the counts of a format of 1-4 people as None.

    The small-cell rule hides such a format's size on every face ("fewer than 5" in words, the other format's
    count stays, as ``netout compare`` prints it); a JSON document gives null instead, so that a count stays
    a number or nothing. Its session count goes too: one session of a format says it had at least one person.

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["a", "b"], "n_structured": [40, 3], "n_unstructured": [38, 9]})
    >>> hidden_counts(effects.to_dict(orient="records"), effects)[1]
    {'segment': 'b', 'n_structured': None, 'n_unstructured': 9}
    """
    if not len(effects):
        return list(records)
    sizes = group_sizes(effects)
    out = []
    for record, (_, size) in zip(records, sizes.iterrows()):
        hide = {key for fmt in ("structured", "unstructured") if 0 < size[fmt] < MIN_GROUP_SIZE
                for key in (f"n_{fmt}", f"n_sessions_{fmt}", f"people_{fmt}")}
        out.append({k: (None if k in hide else v) for k, v in record.items()})
    return out


def without_small_groups(effects: pd.DataFrame) -> pd.DataFrame:
    """The comparison with no estimate for a group of fewer than :data:`MIN_GROUP_SIZE` in a format.

    For outputs that hand on every row (``netout compare`` as text and JSON):
    the row stays, with its counts, but its effect and interval are missing and
    its warnings say why (the one small-cell rule; :func:`shown_groups` drops
    such rows from charts and tables instead).

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["a", "b"], "effect": [1.0, 2.0], "ci_low": [0.5, 1.0],
    ...                         "ci_high": [1.5, 3.0], "n_structured": [40, 3], "n_unstructured": [38, 9],
    ...                         "warnings": [[], []]})
    >>> hidden = without_small_groups(effects)
    >>> hidden["effect"].tolist()[1] != hidden["effect"].tolist()[1], hidden.loc[1, "warnings"][0][:29]
    (True, 'Fewer than 5 attendees of thi')
    """
    small = small_groups(effects)
    if not small.any():
        return effects
    out = effects.copy()
    # only a row that had an estimate gets the note: a format nobody attended already has its own warning
    hidden = small & out["effect"].notna() if "effect" in out.columns else small
    # every figure from which the small format's outcomes could be read back (``--details`` prints them all);
    # the other format's mean describes its own, larger group and stays
    out.loc[small, [c for c in _DIFFERENCE_FIGURES if c in out.columns]] = np.nan
    sizes = group_sizes(out)
    for fmt in ("structured", "unstructured"):
        if f"mean_{fmt}" in out.columns:
            out.loc[sizes[fmt] < MIN_GROUP_SIZE, f"mean_{fmt}"] = np.nan
    if "warnings" in out.columns:
        note = (f"Fewer than {MIN_GROUP_SIZE} attendees of this group in one of the formats: the difference is not "
                "shown, since it would describe a few people.")
        out["warnings"] = [list(w) + [note] if is_hidden else w for w, is_hidden in zip(out["warnings"], hidden)]
    return out


def comparison_answer(effects: pd.DataFrame, *, outcome: str, by: str) -> str:
    """One sentence answering "did structured networking do better, and for whom?" from a comparison.

    Each group's reading is its certainty state (:func:`effect_certainty`):
    groups are named with what the data show, clearest first.

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["reserved", "self-directed"], "outcome": "new_contacts",
    ...     "effect": [2.0, 0.1], "ci_low": [1.0, -1.0], "ci_high": [3.0, 1.2],
    ...     "n_structured": [50, 50], "n_unstructured": [50, 50],
    ...     "n_sessions_structured": [12, 12], "n_sessions_unstructured": [12, 12]})
    >>> comparison_answer(effects, outcome="new_contacts", by="style")
    'Structured sessions clearly did better for reserved attendees; no difference we can see for self-directed attendees.'
    """
    shown, _ = shown_groups(effects)
    if shown.empty:
        return ("The formats cannot be compared yet: no group large enough to show was in both formats. Run both "
                "formats at the next event, assigned by lot.")
    order = {state: i for i, state in enumerate(CERTAINTY_STATES)}
    readings = sorted(((effect_certainty(row, outcome=outcome), segment_people(row["segment"], by))
                       for row in shown.to_dict(orient="records")), key=lambda r: order[r[0].state])
    parts = []
    for sure, who in readings:
        if sure.state == "clear":
            did = "structured sessions clearly did better" if sure.favoured == "structured" else \
                "open mingling clearly did better"
            parts.append(f"{did} for {who}")
        elif sure.state == "leaning":
            parts.append(f"the data lean towards {format_name(sure.favoured)} for {who}, not settled")
        elif sure.state == "no_difference":
            parts.append(f"no difference we can see for {who}")
        else:
            parts.append(f"cannot compare yet for {who}")
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def change_since(summary: pd.DataFrame, event: str, column: str, *, outcome: str | None = None) -> str | None:
    """How a key figure moved since the event before ``event`` (summary rows in time order): "+1.2", "-3 pts".

    None for the first event or where either value is missing.

    Example
    -------
    >>> summary = pd.DataFrame({"event_id": ["E1", "E2"], "mean_new_contacts": [5.0, 6.5]})
    >>> change_since(summary, "E2", "mean_new_contacts", outcome="new_contacts"), change_since(summary, "E1", "mean_new_contacts")
    ('+1.5', None)
    >>> change_since(pd.DataFrame({"event_id": ["E1", "E2"], "attendees": [80, 80]}), "E2", "attendees")
    '0'
    """
    events = summary["event_id"].astype(str).tolist()
    if str(event) not in events or events.index(str(event)) == 0 or column not in summary.columns:
        return None
    now, before = (summary[column].iloc[i] for i in (events.index(str(event)), events.index(str(event)) - 1))
    if is_missing(now) or is_missing(before):
        return None
    difference = float(now) - float(before)
    text = format_value(difference, outcome, signed=True) if outcome else f"{difference:+,.0f}"
    # no change reads as a plain 0 (never "+0", which a figure's arrow would show as a rise)
    return "0" if not any(c in "123456789" for c in text) else text


def overview_answer(summary: pd.DataFrame, event: str) -> str:
    """The Overview's one sentence: how many came, how many new people each met, and the change since last time.

    Example
    -------
    >>> summary = pd.DataFrame({"event_id": ["E1", "E2"], "attendees": [80, 100], "mean_new_contacts": [5.0, 6.5],
    ...                         "followup_rate_7d": [0.3, 0.4]})
    >>> overview_answer(summary, "E2")
    'At E2, 100 attendees met 6.5 new people each on average (+1.5 since E1), and 40% of new contacts were followed up within 7 days.'
    >>> overview_answer(summary.assign(mean_new_contacts=6.5), "E2").split(", and")[0]
    'At E2, 100 attendees met 6.5 new people each on average (the same as at E1)'
    """
    events = summary["event_id"].astype(str).tolist()
    row = summary.loc[summary["event_id"].astype(str) == str(event)].iloc[0]
    text = f"At {event}, {format_count(row.get('attendees'))} attendees"
    new = row.get("mean_new_contacts")
    if not is_missing(new):
        change = change_since(summary, event, "mean_new_contacts", outcome="new_contacts")
        before = events[events.index(str(event)) - 1]
        since = "" if not change else f" (the same as at {before})" if change == "0" else f" ({change} since {before})"
        text += f" met {format_value(new, 'new_contacts')} new people each on average{since}"
    else:
        text += " came; no contact log was recorded, so there are no contact figures"
    followed = row.get("followup_rate_7d")
    if not is_missing(followed):
        text += f", and {format_percent(followed)} of new contacts were followed up within 7 days"
    return text + "."


def followthrough_answer(funnel: pd.DataFrame, *, missing: Mapping[str, str] | None = None) -> str:
    """The Follow-through page's one sentence: of the new contacts, how many were followed up and met, per format.

    ``funnel`` is :func:`toolkit.plots.followthrough_table` (its rows of fewer than
    :data:`MIN_GROUP_SIZE` attendees are not used); ``missing`` is the first part of
    :func:`toolkit.outcomes.not_recorded` (no follow-ups recorded: no rates of 0% are read out).

    Example
    -------
    >>> funnel = pd.DataFrame({"segment": "all", "format": ["structured"] * 3, "attendees": 40,
    ...     "stage": ["new contacts", "followed up within 7 days", "met within 30 days"],
    ...     "count": [200, 80, 20], "per_attendee": [5.0, 2.0, 0.5], "share_of_first": [1.0, 0.4, 0.1]})
    >>> followthrough_answer(funnel)
    'In structured sessions, 40% of new contacts were followed up within 7 days and 10% led to a meeting within 30 days.'
    >>> followthrough_answer(funnel, missing={"followup_rate_7d": "no followups table"})[:36]
    'No follow-ups were recorded for this'
    """
    if missing and "followup_rate_7d" in missing:
        return ("No follow-ups were recorded for this data, so it cannot show whether new contacts were followed up: "
                "add a followups table (the Data page says how) to see it.")
    usable = funnel.loc[funnel["attendees"] >= MIN_GROUP_SIZE]
    parts = []
    for fmt, rows in usable.groupby("format", sort=True, observed=True):
        count = rows.groupby("stage", sort=False, observed=True)["count"].sum()
        stages = list(count.index.astype(str))
        if len(stages) < 3 or not count.iloc[0]:
            continue
        parts.append(f"in {format_name(fmt)} sessions, {format_percent(count.iloc[1] / count.iloc[0])} of new "
                     f"contacts were followed up within 7 days and {format_percent(count.iloc[2] / count.iloc[0])} "
                     "led to a meeting within 30 days")
    if not parts:
        return "There is no follow-through to show: no group large enough to show made a new contact."
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def formats_note(formats: Iterable[Any]) -> str | None:
    """What every page adds to its answer when the data hold one format only (None when both were run).

    Example
    -------
    >>> formats_note(["unstructured", "unstructured"])
    'Only open mingling was run here, so the formats cannot be compared yet: run both at the next event, with attendees assigned by lot (the Next event page draws up the plan).'
    >>> formats_note(["structured", "unstructured"]) is None
    True
    """
    seen = sorted({str(f) for f in formats if not is_missing(f)})
    if len(seen) >= 2:
        return None
    ran = f"Only {format_name(seen[0])} was run here" if seen else "No networking session was recorded here"
    return (f"{ran}, so the formats cannot be compared yet: run both at the next event, with attendees assigned by "
            "lot (the Next event page draws up the plan).")


def _unplaced_words(mixing: pd.DataFrame) -> str:
    """Why contacts are in no session, where :func:`toolkit.network.session_mixing` counted some (else empty).

    Counts are shown as :func:`format_count` shows them (a handful as "fewer than 5"), so the verbs are plural.

    >>> frame = pd.DataFrame()
    >>> frame.attrs["unplaced"] = {"contacts": 52, "unplaced": 40, "without_time": 12, "outside": 25}
    >>> print(_unplaced_words(frame))
     40 of its 52 contacts could not be placed in a session (12 have no time, 25 a time outside every session's start and end, fewer than 5 are of people the participation puts in no session): give each contact its session_id, or give the sessions start and end times that hold the contacts' times.
    """
    said = mixing.attrs.get("unplaced") or {}
    n, total = int(said.get("unplaced", 0)), int(said.get("contacts", 0))
    if not n:
        return ""
    no_time, outside = int(said.get("without_time", 0)), int(said.get("outside", 0))
    rest = n - no_time - outside
    why = [f"{format_count(no_time)} have no time" if no_time else "",
           f"{format_count(outside)} a time outside every session's start and end" if outside else "",
           f"{format_count(rest)} are of people the participation puts in no session" if rest > 0 else ""]
    return (f" {format_count(n)} of its {format_count(total)} contacts could not be placed in a session ("
            + ", ".join(w for w in why if w) + "): give each contact its session_id, or give the sessions start "
            "and end times that hold the contacts' times.")


def mixing_answer(mixing: pd.DataFrame, *, by: str, event: str) -> str:
    """The Network page's one sentence: which session mixed the groups most, and where the bridges were.

    ``mixing`` is :func:`toolkit.network.session_mixing`; sessions of fewer than
    :data:`MIN_GROUP_SIZE` people are not named.

    Example
    -------
    >>> mixing = pd.DataFrame({"session_id": ["S1", "S2"], "format": ["structured", "unstructured"],
    ...     "people": [30, 40], "contacts": [90, 120], "mixed_share": [0.6, 0.3], "new_per_person": [4.0, 3.0],
    ...     "bridgers": [5, 2], "bridger_share": [0.17, 0.05]})
    >>> mixing_answer(mixing, by="style", event="E1")
    'At E1, S1 (structured) mixed people most: 60% of its contacts were between people whose networking style differs, against 30% in S2 (open mingling); it also held the most people who linked industries (5).'
    """
    usable = mixing.loc[(mixing["people"] >= MIN_GROUP_SIZE) & mixing["mixed_share"].notna()]
    if usable.empty:
        return (f"At {event}, there is no session to compare: none of at least {MIN_GROUP_SIZE} people has "
                f"contacts between people whose {column_label(by)} is known." + _unplaced_words(mixing) +
                " Choose another grouping under **Mixing between**.")
    best = usable.loc[usable["mixed_share"].idxmax()]
    if len(usable) == 1:
        words = f"At {event}, in its one session ({best['session_id']}, {format_name(best['format'])}), " \
                f"{format_percent(best['mixed_share'])} of contacts were between people whose {column_label(by)} " \
                "differs"
    else:
        words = f"At {event}, {best['session_id']} ({format_name(best['format'])}) mixed people most: " \
                f"{format_percent(best['mixed_share'])} of its contacts were between people whose {column_label(by)} " \
                "differs"
    if len(usable) > 1:
        worst = usable.loc[usable["mixed_share"].idxmin()]
        words += f", against {format_percent(worst['mixed_share'])} in {worst['session_id']} " \
                 f"({format_name(worst['format'])})"
    bridges = usable.loc[usable["bridgers"].idxmax()]
    if bridges["bridgers"] > 0 and len(usable) == 1:
        words += f"; {int(bridges['bridgers'])} people in it linked industries that did not otherwise meet"
    elif bridges["bridgers"] > 0:
        where = "it also" if bridges["session_id"] == best["session_id"] else f"{bridges['session_id']}"
        words += f"; {where} held the most people who linked industries ({int(bridges['bridgers'])})"
    return words + "."



# --------------------------------------------------------------------------- effects


@dataclass(frozen=True)
class EffectWords:
    """One row of a format comparison in words (see :func:`describe_effects`).

    ``better`` is the format that did better (``structured``, ``unstructured``)
    or None, by the one rule :func:`toolkit.compare.better_format`;
    ``verdict`` says it in words; ``difference``, ``low`` and ``high`` are the
    signed difference (structured minus open mingling) and its interval,
    rounded for people; ``sentence`` is the whole reading as one sentence.

    Example
    -------
    >>> words = describe_effect({"segment": "True", "effect": 0.05, "ci_low": 0.01, "ci_high": 0.09},
    ...                         outcome="would_return", by="first_time")
    >>> words.segment, words.verdict, words.difference, words.interval
    ('first-time', 'structured did better', '+5 pts', '+1 pts to +9 pts')
    """

    segment: str
    who: str
    better: str | None
    verdict: str
    difference: str
    low: str
    high: str
    confidence: str
    sentence: str

    @property
    def interval(self) -> str:
        """The interval as 'low to high', or why there is none (never '– to –'); '–' where no difference is."""
        if self.difference == MISSING_TEXT:
            return MISSING_TEXT   # nothing to measure: the reason is the state's ("Cannot compare yet")
        if MISSING_TEXT in (self.low, self.high):
            return NO_INTERVAL_TEXT
        return f"{self.low} to {self.high}"

    @property
    def interval_phrase(self) -> str:
        """'95% interval +1.0 to +3.0', or 'no interval: too few sessions ...' where there is none."""
        if MISSING_TEXT in (self.low, self.high):
            return "no difference measured" if self.difference == MISSING_TEXT else NO_INTERVAL_TEXT
        return f"{self.confidence} interval {self.interval}"

    @property
    def summary(self) -> str:
        """The verdict with its numbers, for a list: 'structured did better: +2.0 (95% interval +1.0 to +3.0)'."""
        return f"{self.verdict}: {self.difference} ({self.interval_phrase})"


def describe_effect(row: Mapping[str, Any], *, outcome: str | None = None, by: str = "style",
                    confidence: float = 0.95) -> EffectWords:
    """Words for one row of :func:`toolkit.compare.compare_formats` (a mapping with its columns).

    Parameters
    ----------
    row : mapping
        ``segment``, ``effect``, ``ci_low``, ``ci_high`` and, unless ``outcome`` is given, ``outcome``.
    outcome : str, optional
        The outcome compared (decides the unit and, for ``familiar_share`` and
        ``spectator``, that less is better).
    by : str, default "style"
        The column the segments come from (for their names).
    confidence : float, default 0.95
        The level of the interval, for the words.

    Example
    -------
    >>> words = describe_effect({"segment": "reserved", "outcome": "new_contacts", "effect": 2.0,
    ...                          "ci_low": 1.0, "ci_high": 3.0})
    >>> words.sentence
    'For reserved attendees, structured sessions did better (difference in new contacts per attendee: +2.0; 95% interval +1.0 to +3.0).'
    """
    from toolkit.compare import better_format

    outcome = str(row.get("outcome", "")) if outcome is None else outcome
    effect, low, high = (float("nan") if is_missing(row.get(k)) else float(row.get(k))
                         for k in ("effect", "ci_low", "ci_high"))
    better = better_format(effect, low, high, outcome=outcome)
    who = segment_people(row.get("segment"), by)
    level = f"{confidence:.0%}"
    difference, low_text, high_text = (format_value(v, outcome, signed=True) for v in (effect, low, high))
    numbers = (f"difference in {outcome_label(outcome)}: {difference}; {level} interval {low_text} to {high_text}"
               if MISSING_TEXT not in (low_text, high_text)
               else f"difference in {outcome_label(outcome)}: {difference}; {NO_INTERVAL_TEXT}")
    spec = OUTCOME_CATALOGUE.get(outcome)
    if better is None:
        includes = ", which includes no difference" if MISSING_TEXT not in (low_text, high_text) else ""
        sentence = f"For {who}, the data cannot tell the two formats apart ({numbers}{includes})."
    else:
        did = "structured sessions did better" if better == "structured" else "open mingling did better"
        lower = "; lower is better" if spec is not None and spec.better_when_lower else ""
        sentence = f"For {who}, {did} ({numbers}{lower})."
    return EffectWords(segment=segment_label(row.get("segment"), by), who=who, better=better,
                       verdict=VERDICTS[better], difference=difference, low=low_text, high=high_text,
                       confidence=level, sentence=sentence)


def describe_effects(effects: pd.DataFrame, *, outcome: str | None = None, by: str = "style",
                     confidence: float = 0.95) -> list[EffectWords]:
    """:func:`describe_effect` for every row of an effects frame, in its order.

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["reserved", "self-directed"], "outcome": "spectator",
    ...                         "effect": [-0.10, 0.02], "ci_low": [-0.15, -0.03], "ci_high": [-0.05, 0.07]})
    >>> [w.verdict for w in describe_effects(effects)]
    ['structured did better', 'no clear difference']
    """
    return [describe_effect(row, outcome=outcome, by=by, confidence=confidence)
            for row in effects.to_dict(orient="records")]


@dataclass(frozen=True)
class Caution:
    """One caution of a comparison, and the segments it was raised for (all of them, or some).

    Example
    -------
    >>> Caution("few sessions", ("True",), False).line("first_time")
    '(first-time) few sessions'
    >>> Caution("few sessions", ("True", "False"), True).line("first_time")
    'few sessions'
    """

    text: str
    segments: tuple[str, ...]
    everyone: bool

    def line(self, by: str = "") -> str:
        """The caution as every face shows it: after the segments it concerns, unless it concerns them all."""
        if self.everyone:
            return self.text
        return f"({', '.join(segment_label(s, by) for s in self.segments)}) {self.text}"


def effect_cautions(effects: pd.DataFrame, *, hidden: Iterable[str] = ()) -> list[Caution]:
    """The comparison's warnings once each, with the segments they were raised for.

    A warning repeated for every segment is one caution (``everyone``); a
    leading ``"segment: "`` is taken off and the segment listed instead.
    Warnings of ``hidden`` segments (too small to show) are left out, and
    e-mail addresses and phone numbers are redacted
    (:func:`toolkit.privacy.redact_text`).

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["a", "b"], "warnings": [["x", "a: y"], ["x"]]})
    >>> [(c.text, c.segments, c.everyone) for c in effect_cautions(effects)]
    [('x', ('a', 'b'), True), ('y', ('a',), False)]
    >>> [c.text for c in effect_cautions(effects, hidden=["a"])]
    ['x']
    """
    from toolkit.privacy import redact_text

    if effects is None or "warnings" not in effects.columns:
        return []
    hidden = {str(h) for h in hidden}
    shown = [str(s) for s in effects["segment"] if str(s) not in hidden]
    found: dict[str, list[str]] = {}
    for segment, warnings in zip(effects["segment"].astype(str), effects["warnings"]):
        if segment in hidden or not isinstance(warnings, (list, tuple, np.ndarray)):
            continue
        for warning in warnings:
            text = str(redact_text(str(warning).removeprefix(f"{segment}: ")))
            segments = found.setdefault(text, [])
            if segment not in segments:
                segments.append(segment)
    return [Caution(text, tuple(segments), set(segments) >= set(shown)) for text, segments in found.items()]


def effect_sentences(effects: pd.DataFrame, unit: str, confidence: float, by: str) -> list[str]:
    """One sentence per segment's effect, claiming a cause only where the formats were assigned by lot.

    ``effects`` is the frame of :func:`toolkit.compare.compare_formats` (with its extra columns).
    Segments are named as everywhere else (:func:`segment_people`).

    Example
    -------
    >>> import pandas as pd
    >>> row = {"segment": "reserved", "effect": 2.0, "ci_low": 1.0, "ci_high": 3.0, "n_structured": 40,
    ...        "n_unstructured": 38, "n_sessions_structured": 4, "n_sessions_unstructured": 4,
    ...        "assignment": "randomized", "covariates": []}
    >>> effect_sentences(pd.DataFrame([row]), "new contacts", 0.95, "style")[0][:60]
    'For reserved attendees the structured format gave 2.00 more '
    >>> effect_sentences(pd.DataFrame([row | {"design": "within person"}]), "new contacts", 0.95, "style")[0][:66]
    'For reserved attendees who were in both formats, their structured '
    """
    out, chosen = [], False
    small = small_groups(effects).tolist() if len(effects) else []
    for row, is_small in zip(effects.to_dict(orient="records"), small):
        effect = float(row["effect"]) if pd.notna(row["effect"]) else float("nan")
        if not np.isfinite(effect) or is_small:   # the one small-cell rule: a few people's difference is not told
            continue
        direction = "more" if effect >= 0 else "fewer" if unit.endswith("s") else "less"
        low, high = (float(row[k]) if pd.notna(row[k]) else float("nan") for k in ("ci_low", "ci_high"))
        interval = (f"{confidence:.0%} interval {format_estimate(low)} to {format_estimate(high)}" if np.isfinite(low)
                    else "no interval: too few sessions")
        # rows, not people: beside the report's people in each format (a person at two events counted once) the
        # same word "attendees" read as a contradiction
        counts = (f", from {row['n_structured']} structured and {row['n_unstructured']} unstructured session places "
                  f"(a person counts at each session they attended) in {row.get('n_sessions_structured')} and "
                  f"{row.get('n_sessions_unstructured')} sessions.")
        size = f"{format_estimate(abs(effect))} {direction} {unit} per person"
        who = segment_people(row["segment"], by)
        if str(row.get("design", "")) == "within person":
            # the same people in both formats: a comparison of each person with themselves
            out.append(f"For {who} who were in both formats, their structured session gave {size} than their "
                       f"open one (each person compared with themselves; {interval}), from {row['n_structured']} "
                       f"people (each event counted apart) in {row.get('n_sessions_structured')} structured and "
                       f"{row.get('n_sessions_unstructured')} open sessions.")
            continue
        if str(row.get("assignment", "")) == "randomized":
            # assigned by lot: the difference is the format's doing
            out.append(f"For {who} the structured format gave {size} than unstructured "
                       f"(formats assigned by lot; {interval}){counts}")
            continue
        # attendees chose (or were scheduled into) a format: describe the difference, do not claim a cause
        adjusted = [str(c).replace("_", " ") for c in (row.get("covariates") or []) if str(c) != by]
        caveat = (f"after adjusting for {and_list(adjusted)}" if adjusted
                  else "not adjusted for " + how_placed(re.findall(r"self_selected|scheduled",
                                                                    str(row.get("assignment", "")))))
        out.append(f"For {who}, those in structured sessions had {size} than those in "
                   f"unstructured sessions ({caveat}; {interval}){counts}")
        chosen = True
    if chosen:
        out.append("Not every format was assigned by lot, so part of these differences may come from who took "
                   "part in which format rather than from the format itself.")
    hidden = [segment_people(r["segment"], by) for r, is_small in zip(effects.to_dict(orient="records"), small)
              if is_small and pd.notna(r["effect"])]
    if hidden:
        out.append(f"For {and_list(hidden)} a format had fewer than {MIN_GROUP_SIZE} people, too few to tell their "
                   "difference without describing individuals.")
    return out


def and_list(words: list[str]) -> str:
    """Words joined as people write them.

    Example
    -------
    >>> and_list(["industry"]), and_list(["industry", "company size", "style"])
    ('industry', 'industry, company size and style')
    """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- certainty
# One voice for how sure a result is: the CLI, the dashboard and the board report show a comparison row
# or a recommendation with one of four states, its label and one sentence of what to do next, never a
# bold verdict beside a caution that contradicts it. The rule is stated once, here:
#
# - cannot_compare: there is no difference to read (no recommendation, a format never seen, no interval,
#   or too few sessions of a format and no lean either way);
# - clear: the 95% interval lies wholly on one side of no difference, each format ran in enough sessions
#   (toolkit.compare.MIN_SESSIONS_PER_FORMAT) and the difference can reach the smallest one worth acting
#   on; for a recommendation, exactly when it is ``confident`` (toolkit.recommend.decision);
# - no_difference: each format ran in enough sessions and the whole interval lies within the smallest
#   difference worth acting on, or an 80% interval includes no difference (lean_threshold: a t quantile
#   where the degrees of freedom are known, else LEANING_Z standard errors); with fewer sessions such a result is cannot_compare (an interval from a
#   few rooms cannot be relied on, so "choose on cost and convenience" would be a verdict it cannot give);
# - leaning: the rest: the data point one way (an 80% interval excludes no difference) but not firmly.

#: The certainty states, from the surest to the least informative.
CERTAINTY_STATES: tuple[str, ...] = ("clear", "leaning", "no_difference", "cannot_compare")

#: Each state's label, as every face shows it.
CERTAINTY_LABELS: dict[str, str] = {
    "clear": "Clear difference",
    "leaning": "Leaning, not settled",
    "no_difference": "No difference we can see",
    "cannot_compare": "Cannot compare yet",
}

#: Standard errors an estimate must lie from no difference to be "leaning" (the edge of an 80% interval).
LEANING_Z = 1.2816
# the normal quantile of a 95% interval: turns an interval's half-width back into a standard error
_Z95 = 1.96


def lean_threshold(df: Any = None) -> float:
    """Standard errors an estimate must lie from no difference to lean one way: the edge of an 80% interval.

    A t quantile where the degrees of freedom are known (with the few sessions of a small event the 80%
    interval is much wider than the normal one), else :data:`LEANING_Z`.

    Example
    -------
    >>> lean_threshold(), round(lean_threshold(1.0), 2), round(lean_threshold(1000.0), 2)
    (1.2816, 3.08, 1.28)
    """
    df = _number(df)
    if not math.isfinite(df) or df <= 0:
        return LEANING_Z
    from scipy import special  # only where degrees of freedom are given

    return float(special.stdtrit(df, 0.9))


def advantage_leans(difference: Mapping[str, Any], min_difference: float = 0.0) -> bool:
    """Whether a recommendation's advantage leans its way: the ``leaning`` rule of :func:`certainty`.

    ``difference`` holds ``advantage``, ``ci_low``, ``ci_high``, ``se`` and ``df``
    (:meth:`toolkit.recommend.OptionValues.advantage_over`). The advantage lies at
    least :func:`lean_threshold` standard errors above no difference (the standard
    error read back from the 95% interval where it is not given), and the interval
    is not wholly below the smallest difference worth acting on. ``toolkit.recommend``
    names no format from a few sessions where it does not lean.

    Example
    -------
    >>> advantage_leans({"advantage": 1.0, "ci_low": -0.2, "ci_high": 2.2, "se": 0.6})
    True
    >>> advantage_leans({"advantage": 0.1, "ci_low": -3.0, "ci_high": 3.2, "se": 1.5})
    False
    """
    advantage, low, high, se = (_number(difference.get(k)) for k in ("advantage", "ci_low", "ci_high", "se"))
    se = se if math.isfinite(se) and se > 0 else (high - low) / (2 * _Z95)
    if math.isfinite(min_difference) and min_difference > 0 and high < min_difference:
        return False
    return bool(advantage >= lean_threshold(difference.get("df")) * se)


@dataclass(frozen=True)
class Certainty:
    """How sure a result is, in the words every face uses (made by :func:`certainty`, :func:`effect_certainty`).

    Attributes
    ----------
    state : str
        One of :data:`CERTAINTY_STATES`.
    label : str
        The state in words (:data:`CERTAINTY_LABELS`).
    sentence : str
        One plain sentence of what to do next.
    favoured : str or None
        What the data point to (a format or option: ``structured``, ``unstructured``, ``split``) where the
        state is ``clear`` or ``leaning``; None otherwise.

    Example
    -------
    >>> sure = Certainty("leaning", CERTAINTY_LABELS["leaning"], "Treat it as a lead.", "structured")
    >>> sure.line
    'Leaning, not settled (towards structured): Treat it as a lead.'
    """

    state: str
    label: str
    sentence: str
    favoured: str | None = None

    @property
    def line(self) -> str:
        """Label, direction and sentence on one line: how a text face shows it."""
        towards = f" (towards {format_name(self.favoured)})" if self.favoured else ""
        return f"{self.label}{towards}: {self.sentence}"


def _certain(state: str, sentence: str, favoured: str | None = None) -> Certainty:
    return Certainty(state, CERTAINTY_LABELS[state], sentence, favoured if state in ("clear", "leaning") else None)


def _number(value: Any) -> float:
    try:
        return float("nan") if is_missing(value) else float(value)
    except (TypeError, ValueError):
        return float("nan")


def _field(source: Any, name: str, default: Any = None) -> Any:
    """A field of a result object or of its ``to_dict()`` document."""
    if isinstance(source, Mapping):
        return source.get(name, default)
    return getattr(source, name, default)


def default_min_difference(outcome: str | None) -> float:
    """The smallest difference worth acting on for ``outcome`` from the catalogue (0 where it gives none).

    Example
    -------
    >>> default_min_difference("my_score")
    0.0
    """
    spec = OUTCOME_CATALOGUE.get(str(outcome)) if outcome is not None else None
    value = getattr(spec, "min_difference", None)
    return 0.0 if value is None else float(value)


#: How the comparison's note starts where the formats' contacts came from different channels
#: (:func:`toolkit.compare.notes.channel_notes` writes it; :data:`CAUTION_KINDS` and :func:`recorded_differently`
#: recognise it: a recommendation's JSON document carries only its words).
CHANNELS_DIFFER_NOTE = "Contacts were recorded differently in the two formats"


def recorded_differently(warnings: Any) -> bool:
    """Whether a comparison's warnings say the formats' contacts were recorded through different channels.

    >>> recorded_differently(["Contacts were recorded differently in the two formats: ..."]), recorded_differently([])
    (True, False)
    """
    if not isinstance(warnings, (list, tuple, np.ndarray)):
        return False
    return any(str(w).startswith(CHANNELS_DIFFER_NOTE) for w in warnings)


def effect_certainty(row: Mapping[str, Any], *, outcome: str | None = None,
                     min_difference: float | None = None) -> Certainty:
    """How sure one row of :func:`toolkit.compare.compare_formats` is (one segment's difference).

    Parameters
    ----------
    row : mapping
        ``effect``, ``ci_low``, ``ci_high`` and, where present, ``outcome``, ``se``,
        ``n_structured``/``n_unstructured`` and ``n_sessions_structured``/``n_sessions_unstructured``.
    outcome : str, optional
        The outcome (else the row's): decides which direction is better.
    min_difference : float, optional
        The smallest difference worth acting on (default: the catalogue's for the outcome, else 0).

    Examples
    --------
    >>> row = {"outcome": "new_contacts", "effect": 2.0, "ci_low": 1.0, "ci_high": 3.0,
    ...        "n_sessions_structured": 12, "n_sessions_unstructured": 11}
    >>> effect_certainty(row).state, effect_certainty(row).favoured
    ('clear', 'structured')
    >>> effect_certainty(row | {"n_sessions_structured": 3}).label   # too few sessions to call it
    'Leaning, not settled'
    >>> effect_certainty(row | {"effect": 0.1, "ci_low": -0.9, "ci_high": 1.1}).state
    'no_difference'
    >>> effect_certainty(row | {"ci_low": float("nan")}).state
    'cannot_compare'
    >>> effect_certainty(row | {"effect": 0.1, "ci_low": -8.0, "ci_high": 8.2, "n_sessions_structured": 2}).label
    'Cannot compare yet'
    """
    from toolkit.compare import LOWER_IS_BETTER, MIN_SESSIONS_PER_FORMAT

    outcome = str(row.get("outcome", "")) if outcome is None else outcome
    effect, low, high = (_number(row.get(k)) for k in ("effect", "ci_low", "ci_high"))
    counts = [_number(row.get(k)) for k in ("n_structured", "n_unstructured")]
    if not all(math.isfinite(v) for v in (effect, low, high)) or any(n == 0 for n in counts):
        if all(math.isfinite(n) and n > 0 for n in counts):  # both formats ran: too few sessions to tell
            return _certain("cannot_compare", "Run more sessions of each format for these attendees at the next "
                                              "event, people placed in them by lot, so that the two can be compared.")
        return _certain("cannot_compare", "Run both formats for these attendees at the next event, assigned by lot, "
                                          "so that the two can be compared.")
    higher = "structured" if effect > 0 else "unstructured"
    favoured = ({"structured": "unstructured", "unstructured": "structured"}[higher]
                if outcome in LOWER_IS_BETTER else higher)
    limit = default_min_difference(outcome) if min_difference is None else float(min_difference)
    sessions = [_number(row.get(k)) for k in ("n_sessions_structured", "n_sessions_unstructured")]
    few_sessions = any(math.isfinite(g) and g < MIN_SESSIONS_PER_FORMAT for g in sessions)
    if recorded_differently(row.get("warnings")):
        # contacts recorded through different channels in the two formats: a difference of recording, not of
        # format, so not even a lean is told (a lean beside "no evidence for either format" would contradict it)
        return _certain("cannot_compare", RECORD_ALIKE)
    se = _number(row.get("se"))
    se = se if math.isfinite(se) and se > 0 else (high - low) / (2 * _Z95)
    leans = abs(effect) >= lean_threshold(row.get("df")) * se
    if few_sessions and not leans:
        # an interval from a few rooms cannot be relied on: "no difference, choose on cost" would be a verdict
        return _certain("cannot_compare", f"Too few sessions of a format to tell (at least {MIN_SESSIONS_PER_FORMAT} "
                                          "of each are needed): run more sessions of each format for these "
                                          "attendees, people placed in them by lot.")
    if limit > 0 and max(abs(low), abs(high)) < limit and not few_sessions:
        return _certain("no_difference", "Any difference is smaller than the smallest worth acting on: choose "
                                         "the format on cost and convenience.")
    if (low > 0 or high < 0) and not few_sessions:
        return _certain("clear", f"Plan these attendees into {format_name(favoured)} sessions.", favoured)
    if leans:
        return _certain("leaning", "Treat it as a lead, not a result: more sessions of both formats, assigned by "
                                   "lot, would settle it.", favoured)
    return _certain("no_difference", "The data show no difference between the formats for these attendees; only a "
                                     "larger side-by-side run could find a small one.")


def certainty(recommendation: Any) -> Certainty:
    """How sure a recommendation is (a :class:`toolkit.recommend.Recommendation` or its ``to_dict()``).

    ``clear`` exactly when the recommendation is ``confident``; ``cannot_compare``
    where nothing is recommended or the advantage has no interval; otherwise
    the advantage over the runner-up (``difference``) decides between
    ``leaning`` and ``no_difference`` by the rule of :func:`effect_certainty`.
    What would settle it is the recommendation's own next step (every face
    shows it after the sentence).

    Examples
    --------
    >>> advice = {"recommended": "split", "confident": False, "min_difference": 0.0,
    ...           "difference_vs_runner_up": {"versus": "structured", "advantage": 1.0, "ci_low": 0.2, "ci_high": 1.8}}
    >>> sure = certainty(advice)
    >>> sure.state, sure.label, sure.favoured
    ('leaning', 'Leaning, not settled', 'split')
    >>> certainty(advice | {"confident": True}).label
    'Clear difference'
    >>> certainty(advice | {"recommended": None}).sentence
    'Run both formats at the next event, assigned by lot, so that the two can be compared.'
    """
    recommended = _field(recommendation, "recommended")
    difference = _field(recommendation, "difference", None)
    if difference is None:
        difference = _field(recommendation, "difference_vs_runner_up", None) or {}
    advantage, low, high = (_number(difference.get(k)) for k in ("advantage", "ci_low", "ci_high"))
    if recommended is None or not all(math.isfinite(v) for v in (advantage, low, high)):
        if recorded_differently(_field(recommendation, "rationale", None)):
            return _certain("cannot_compare", RECORD_ALIKE)
        if _both_formats_seen(recommendation):  # "run both formats" to an organiser who just did read as unheard
            return _certain("cannot_compare", "Run more sessions of each format at the next event, people placed in "
                                              "them by lot, so that the two can be compared.")
        return _certain("cannot_compare", "Run both formats at the next event, assigned by lot, so that the two can "
                                          "be compared.")
    if bool(_field(recommendation, "confident", False)):
        return _certain("clear", "Act on it at the next event, and keep recording contacts to check that the "
                                 "advantage holds.", recommended)
    limit = _number(_field(recommendation, "min_difference", 0.0))
    if math.isfinite(limit) and limit > 0 and high < limit:
        return _certain("no_difference", "Any advantage is smaller than the smallest worth acting on: choose on "
                                         "cost and convenience.")
    if advantage_leans(difference, limit):
        return _certain("leaning", "Treat it as a lead, not a result: if you follow it, also run both formats side "
                                   "by side, assigned by lot, to settle it.", recommended)
    return _certain("no_difference", "The options did about equally well as far as the data show: choose on cost "
                                     "and convenience, or run a larger side-by-side test to find a small difference.")


def _both_formats_seen(recommendation: Any) -> bool:
    """Whether the recommendation's comparison saw some group in both formats (its effects' counts)."""
    effects = _field(recommendation, "effects", None)
    if not isinstance(effects, pd.DataFrame) or not {"n_structured", "n_unstructured"} <= set(effects.columns):
        return False
    seen = (pd.to_numeric(effects["n_structured"], errors="coerce").fillna(0) > 0) & \
           (pd.to_numeric(effects["n_unstructured"], errors="coerce").fillna(0) > 0)
    return bool(seen.any())


#: Said beside the expected outcome of each option where people had several sessions (a within-person design):
#: the options' figures are per session attended, while the key figures add up a person's sessions.
PER_SESSION_EXPECTED = ("Per session attended: people had several sessions, so these figures are for one session, "
                        "while the key figures count the different people each person met over all their sessions.")


def expected_per_session(recommendation: Any) -> bool:
    """Whether a recommendation's expected figures are per session attended (people had several: within person).

    >>> expected_per_session({"design": "within person"}), expected_per_session({"design": "within events"})
    (True, False)
    """
    return _field(recommendation, "design", "") == "within person"


def sample_size_figure(recommendation: Any) -> str:
    """What a side-by-side run must hold to settle the question: the one figure every face shows.

    Read from the recommendation's ``sample_size`` (rooms of each format and people per room) where it
    has one, else from ``needed_per_arm`` (attendees of each segment per format); '' where the
    recommendation is confident or gives no size. Works on the object and on its ``to_dict()``.

    Example
    -------
    >>> sample_size_figure({"confident": False, "by": "style",
    ...                     "needed_per_arm": {"reserved": 80, "self-directed": 120, "unknown": 9}})
    'about 80 reserved, 120 self-directed and 9 unknown attendees in each format'
    >>> sample_size_figure({"confident": False, "sample_size": {"rooms_per_format": 12, "room_size": 20}})
    '12 rooms of each format with about 20 people each'
    """
    if bool(_field(recommendation, "confident", False)):
        return ""
    size = _field(recommendation, "sample_size")
    rooms = _field(size, "rooms_per_format") if size is not None else None
    if rooms:
        return f"{int(rooms):,} rooms of each format with about {int(_field(size, 'room_size')):,} people each"
    needed = _field(recommendation, "needed_per_arm") or {}
    by = str(_field(recommendation, "by", "style") or "style")
    parts = [f"{int(n):,} {segment_label(s, by)}" for s, n in needed.items() if not is_missing(n)]
    return f"about {and_list(parts)} attendees in each format" if parts else ""


def option_words(option: Any, plan: Mapping[str, str] | None = None, *, by: str = "style") -> str:
    """An option of the recommendation in people's words (a split names who goes where).

    Example
    -------
    >>> option_words("split", {"reserved": "structured", "self-directed": "unstructured"})
    'both formats in parallel rooms (reserved attendees in structured sessions, self-directed attendees in open mingling)'
    >>> option_words("unstructured")
    'open mingling for everyone'
    """
    if option == "split":
        rooms = [f"{segment_people(s, by)} in {'structured sessions' if f == 'structured' else format_name(f)}"
                 for s, f in (plan or {}).items() if str(s) != "unknown"]
        return "both formats in parallel rooms" + (f" ({', '.join(rooms)})" if rooms else "")
    return {"structured": "structured sessions for everyone", "unstructured": "open mingling for everyone"}.get(
        str(option), str(option))


def recommendation_answer(recommendation: Any) -> str:
    """The one-sentence answer a page or report opens with, in the voice of :func:`certainty`.

    Example
    -------
    >>> advice = {"recommended": "structured", "confident": False, "outcome": "new_contacts", "by": "style",
    ...           "difference_vs_runner_up": {"advantage": 1.0, "ci_low": 0.2, "ci_high": 1.8}}
    >>> recommendation_answer(advice)
    'The data lean towards structured sessions for everyone for more new contacts per attendee, but it is not settled yet.'
    >>> recommendation_answer(advice | {"confident": True})
    'Run structured sessions for everyone next time: it gives more new contacts per attendee.'
    >>> recommendation_answer(advice | {"recommended": None, "effects": [{"n_structured": 0, "n_unstructured": 138}]})
    'Only open mingling was run, so there is nothing to compare it with yet.'
    >>> recommendation_answer(advice | {"recommended": None, "mix": {"reserved": 1.0}, "expected_left_out": ["reserved"],
    ...                                  "effects": [{"segment": "reserved", "n_structured": 4, "n_unstructured": 40}]})
    'The formats cannot be compared on new contacts per attendee yet: fewer than 5 reserved attendees were in one of the formats, too few to describe.'
    """
    sure = certainty(recommendation)
    outcome = str(_field(recommendation, "outcome", "") or "")
    by = str(_field(recommendation, "by", "style") or "style")
    spec = OUTCOME_CATALOGUE.get(outcome)
    what = (f"{'fewer' if spec.better_when_lower else 'more'} {outcome_label(outcome)}" if spec is not None
            else f"a better {outcome_label(outcome)}")
    option = option_words(sure.favoured, _field(recommendation, "plan", None), by=by) if sure.favoured else ""
    if sure.state == "clear":
        return f"Run {option} next time: it gives {what}."
    if sure.state == "leaning":
        return f"The data lean towards {option} for {what}, but it is not settled yet."
    if sure.state == "no_difference":
        return f"We see no difference between the formats in {outcome_label(outcome)} so far."
    seen = _formats_seen(_field(recommendation, "effects", None))
    if len(seen) == 1:
        return f"Only {format_name(seen[0])} was run, so there is nothing to compare it with yet."
    # both formats were run: say why the mix's groups cannot be compared (seen in one format, or too few people)
    yet = f"The formats cannot be compared on {outcome_label(outcome)} yet"
    if recorded_differently(_field(recommendation, "rationale", None)):
        return f"{yet}: their contacts were recorded differently (a difference of recording, not of format)."
    mix = [str(s) for s, share in (_field(recommendation, "mix", None) or {}).items() if _number(share) > 0]
    one_format = [s for s in mix if s in _segments_in_one_format(_field(recommendation, "effects", None))]
    left_out = {str(s) for s in _field(recommendation, "expected_left_out", ()) or ()}
    few = [s for s in mix if s in left_out and s not in one_format]
    if not one_format and not (few and len(few) == len(mix)):
        # the groups were seen in both formats: the advantage has no interval (one session of a format)
        return f"{yet}: too few sessions of each format to tell how sure the difference is."
    reasons = [f"{and_list([segment_people(s, by) for s in one_format])} were seen in one format only"] if one_format else []
    if len(few) == 1:
        reasons.append(f"fewer than {MIN_GROUP_SIZE} {segment_people(few[0], by)} were in one of the formats, too few "
                       "to describe")
    elif few:
        reasons.append(f"in each group ({and_list([segment_label(s, by) for s in few])}) fewer than {MIN_GROUP_SIZE} "
                       "people were in one of the formats, too few to describe")
    return f"{yet}: {', and '.join(reasons)}."


def _segments_in_one_format(effects: Any) -> set[str]:
    """The segments of a comparison that were in one format only (none of them in the other)."""
    if effects is None:
        return set()
    rows = effects.to_dict(orient="records") if isinstance(effects, pd.DataFrame) else list(effects)
    return {str(r.get("segment")) for r in rows if sum(_attended(r, fmt) for fmt in ("structured", "unstructured")) == 1}


def _attended(row: Mapping[str, Any], fmt: str) -> bool:
    """Whether some of a comparison row's group were in ``fmt``: a count above 0, or one a document hides as null
    (1-4 people: :func:`hidden_counts`)."""
    key = f"n_{fmt}"
    return (key in row and row[key] is None) or _number(row.get(key)) > 0


def _formats_seen(effects: Any) -> list[str]:
    """The formats any attendee of a comparison was in ([] where unknown)."""
    if effects is None:
        return []
    rows = effects.to_dict(orient="records") if isinstance(effects, pd.DataFrame) else list(effects)
    return [fmt for fmt in ("structured", "unstructured") if any(_attended(r, fmt) for r in rows)] if rows else []


# --- cautions, grouped
# A comparison's warnings come per segment and repeat with only the numbers changed ("Too few sessions ...
# reserved attendees were in 7 ...", the same for every other group). group_cautions reads them by kind:
# one caution per kind, the segments it concerns listed once, ranked by how much it changes what to believe,
# each with one thing to do that exists where it is shown (face "cli", "dashboard" or "report").

#: The kinds of caution, most serious first: (kind, pattern of the comparison's warning, plain text).
#: ``{who}`` is the segments concerned in words, ``{fewest}`` the fewest sessions of a format.
CAUTION_KINDS: tuple[tuple[str, str, str], ...] = (
    # the formats' contacts came from different channels (toolkit.compare.notes.channel_notes): its own text
    # names them, so it has no plain text of its own
    ("channels_differ", "^" + CHANNELS_DIFFER_NOTE, ""),
    ("never_compared", r"^(No .+ attendee|None of the .+) was in an? (un)?structured session",
     "{Who} were seen in one format only, so the formats cannot be compared for them."),
    ("between_events", r"ran a single format|Each event ran one format",
     "Some events ran only one format, so part of the difference may come from the events (date, venue, "
     "audience) rather than the formats."),
    ("few_sessions", r"^Too few sessions to trust this result",
     "Too few sessions for {who} (as few as {fewest} of a format; at least {minimum} are needed): read "
     "these differences as a first look, not a conclusion."),
    ("not_by_lot", r"^Attendees were not assigned by lot",
     "People were not placed in a format by lot, so part of a difference may come from {how} rather than from "
     "the format itself."),
    # a hidden group's count is written "fewer than 5" (toolkit.compare.notes), never its size
    ("few_attendees", rf"^(Only \d+|{SMALL_GROUP_TEXT.capitalize()}) (structured and (\d+|{SMALL_GROUP_TEXT}) "
                      r"unstructured|.* were seen in both formats)",
     "Too few attendees for a firm conclusion for {who}."),
    ("order_confounded", r"had the same order of formats",
     "For {who}, at some events everyone had the two formats in the same order, so there the format cannot be "
     "told apart from coming first or second; the estimate assumes the order makes no difference."),
    ("poor_overlap", r"^Poor overlap",
     "For {who}, the people in the two formats differed a lot, so they are hard to compare fairly."),
    ("response_differs", r"^Survey response differs between formats",
     "For {who}, people in one format answered the survey more often than in the other, so the answers may "
     "not speak for everyone."),
    ("segment_left_out", r"met only one format and were left out",
     "Some {who} were at an event where their group met only one format, and were left out."),
    ("values_missing", r"(have no .* value|are left out, so this compares only)",
     "Some {who} have no value for this outcome and are left out of the comparison."),
    ("unknown_group", r"is unknown, so the adjustment cannot",
     "For {who}, the comparison cannot allow for why they were in their format."),
    ("response_rates", r"^Survey response rates differ between segments",
     "Survey response rates differ between the groups."),
    ("left_out_rows", r"attendee rows in no networking session were left out",
     "{count} attendee places were in no networking session and are not part of the comparison."),
    ("repeat_people", r"people appear in more than one session",
     "{count} people were in more than one session (at several events, or in both formats): each of their "
     "sessions counts in the comparison, and the range around each difference allows for those sessions being "
     "one person's, not strangers'."),
)

#: What to do about each kind, per face: only controls that exist there (the report has none).
CAUTION_ACTIONS: dict[str, dict[str, str]] = {
    "channels_differ": {"cli": "Record contacts the same way in every format next time (the same scans or app "
                               "everywhere), or compare a survey outcome (--outcome).",
                        "dashboard": "Record contacts the same way in every format next time (the same scans or app "
                                     "everywhere), or choose a survey outcome above.",
                        "all": "Record contacts the same way in every format next time (the same scans or app "
                               "everywhere)."},
    "never_compared": {"dashboard": "At the next event, place some of them in each format by lot; the Next event "
                                    "page draws up the plan.",
                       "all": "At the next event, place some of them in each format by lot (netout plan)."},
    "between_events": {"all": "Run both formats at the same event next time."},
    "few_sessions": {"cli": "Run more sessions of each format before acting (netout recommend says how many).",
                     "dashboard": "Run more sessions of each format before acting; the Next event page says how many.",
                     "all": "Run more sessions of each format before acting; the plan for next time says how many."},
    "not_by_lot": {"dashboard": "Place people in the formats by lot next time (the Next event page draws up the "
                                "plan), so that the difference is the format's.",
                   "all": "Place people in the formats by lot next time (netout plan), so that the difference is "
                          "the format's."},
    "few_attendees": {"all": "Place more of them in each format next time."},
    "order_confounded": {"all": "Next time, let half the rooms have the structured session first and half second."},
    "poor_overlap": {"all": "Place people in the formats by lot next time."},
    "response_differs": {"cli": "Weight the answers by the chance of answering (--weight-nonresponse).",
                         "all": "Ask everyone for the survey before they leave the session, to even out who answers."},
    "values_missing": {"dashboard": "Choose another outcome above to compare on everyone.",
                       "cli": "Choose another outcome (--outcome) to compare on everyone.",
                       "all": "Record contacts for every session next time."},
    "unknown_group": {"all": "Ask the grouping question at registration next time."},
}

#: Kinds that describe how the numbers were worked out rather than a reason to doubt them.
TECHNICAL_CAUTIONS: frozenset[str] = frozenset({"repeat_people", "left_out_rows"})

# instructions for another face than the one showing the text: a Python argument or a command-line flag
_FACE_INSTRUCTIONS = re.compile(r"\s*[;,]?\s*(consider [^.;]*)?\((?=[^)]*(=True|--))[^)]*\)")


@dataclass(frozen=True)
class CautionGroup:
    """One kind of caution, once, with the segments it concerns and what to do (see :func:`group_cautions`).

    Example
    -------
    >>> group = CautionGroup("few_sessions", "Too few sessions.", ("reserved",), False, 2, "Run more sessions.")
    >>> group.line
    'Too few sessions. Run more sessions.'
    """

    kind: str
    text: str
    segments: tuple[str, ...]
    everyone: bool
    rank: int
    action: str = ""

    @property
    def line(self) -> str:
        """The caution and what to do, as one line."""
        return f"{self.text} {self.action}".strip()

    @property
    def technical(self) -> bool:
        """Whether it belongs in the technical note rather than among the cautions."""
        return self.kind in TECHNICAL_CAUTIONS


def _caution_kind(text: str) -> tuple[int, str, str]:
    for rank, (kind, pattern, plain) in enumerate(CAUTION_KINDS):
        if re.search(pattern, text):
            return rank, kind, plain
    return len(CAUTION_KINDS), "other", ""


def group_cautions(effects: pd.DataFrame, *, by: str = "style", hidden: Iterable[str] = (), face: str = "report",
                   limit: int | None = None) -> list[CautionGroup]:
    """The comparison's cautions grouped by kind, deduplicated and ranked, each with one thing to do.

    Parameters
    ----------
    effects : DataFrame
        :func:`toolkit.compare.compare_formats` result (its ``segment`` and ``warnings`` columns).
    by : str
        The segment column (for the segments' names).
    hidden : iterable of str
        Segments too small to show: their cautions are left out.
    face : {"report", "dashboard", "cli"}
        Where the cautions are shown: the action names only controls that exist there, and
        instructions for another face (a Python argument, a command-line flag) are taken out.
    limit : int, optional
        Keep only the first ``limit`` groups (the most serious).

    Example
    -------
    >>> effects = pd.DataFrame({"segment": ["reserved", "self-directed"], "warnings": [
    ...     ["Too few sessions to trust this result: reserved attendees were in 7 structured and 7 unstructured "
    ...      "sessions.", "119 people appear in more than one session (they came to several events)."],
    ...     ["Too few sessions to trust this result: self-directed attendees were in 6 structured and 7 "
    ...      "unstructured sessions.", "119 people appear in more than one session (they came to several events)."]]})
    >>> groups = group_cautions(effects)
    >>> [(g.kind, g.segments, g.everyone) for g in groups]
    [('few_sessions', ('reserved', 'self-directed'), True), ('repeat_people', ('reserved', 'self-directed'), True)]
    >>> groups[0].text
    'Too few sessions for every group (as few as 6 of a format; at least 10 are needed): read these differences as a first look, not a conclusion.'
    """
    from toolkit.compare import MIN_SESSIONS_PER_FORMAT

    found: dict[str, dict[str, Any]] = {}
    for caution in effect_cautions(effects, hidden=hidden):
        rank, kind, plain = _caution_kind(caution.text)
        key = kind if kind != "other" else caution.text
        group = found.setdefault(key, {"rank": rank, "kind": kind, "plain": plain, "segments": [], "texts": [],
                                       "numbers": []})
        group["segments"] += [s for s in caution.segments if s not in group["segments"]]
        group["texts"].append(caution.text)
        group["numbers"] += [int(n) for n in re.findall(r"\b(\d+)\b", caution.text)]
    shown = [str(s) for s in effects["segment"] if str(s) not in {str(h) for h in hidden}] \
        if effects is not None and "segment" in effects.columns else []
    groups = []
    for group in found.values():
        segments = tuple(group["segments"])
        everyone = bool(shown) and set(segments) >= set(shown)
        text = group["plain"] or _FACE_INSTRUCTIONS.sub("", group["texts"][0]).strip()
        if group["kind"] == "few_sessions":
            fewest = min((n for t in group["texts"] for n in _session_counts(t)), default=0)
        else:
            fewest = 0
        # "for every group" reads; as the subject ("Some every group have ...") it must name people
        after_for = re.search(r"\b[Ff]or \{who\}", text) is not None
        who = (("every group" if after_for else "attendees of every group") if everyone and len(segments) > 1 else
               group_people(segments, by) if segments else "some attendees")
        count = group["numbers"][0] if group["numbers"] else ""
        # how people came to their format, as the sessions' assignment column says (the comparison's note names it)
        kinds = re.findall(r"randomized|self_selected|scheduled", group["texts"][0]) if group["kind"] == "not_by_lot" \
            else []
        text = text.format(who=who, Who=who[:1].upper() + who[1:], fewest=fewest, how=how_placed(kinds),
                           minimum=MIN_SESSIONS_PER_FORMAT, count=f"{count:,}" if count != "" else "Some")
        if not text.endswith("."):
            text += "."
        actions = CAUTION_ACTIONS.get(group["kind"], {})
        action = actions.get(face, actions.get("all", ""))
        groups.append(CautionGroup(group["kind"], text, segments, everyone, group["rank"], action))
    groups.sort(key=lambda g: (g.rank, -len(g.segments)))
    return groups[:limit] if limit is not None else groups


def how_placed(assignment: Iterable[Any]) -> str:
    """Who ended up in each format, in the words of the sessions' ``assignment`` values (not by lot).

    Example
    -------
    >>> how_placed(["scheduled"]), how_placed(["self_selected"])
    ('who was scheduled into each format', 'who chose each format')
    >>> how_placed(["randomized", "scheduled", "self_selected"])
    'who chose or was scheduled into each format'
    """
    kinds = {str(k) for k in assignment} - {"randomized"}
    if kinds == {"scheduled"}:
        return "who was scheduled into each format"
    if kinds == {"self_selected"}:
        return "who chose each format"
    return "who chose or was scheduled into each format"


def group_people(segments: Iterable[Any], by: str) -> str:
    """Several segments' people in a few words: 'reserved and self-directed attendees'.

    Example
    -------
    >>> group_people(["reserved", "self-directed"], "style")
    'reserved and self-directed attendees'
    >>> group_people(["Retail", "Finance", "Health"], "industry")
    'attendees whose industry is Retail, Finance or Health'
    >>> group_people(["True"], "first_time")
    'first-time attendees'
    """
    segments = [str(s) for s in segments]
    if len(segments) == 1:
        return segment_people(segments[0], by)
    labels = [segment_label(s, by) for s in segments]
    if by in ("style", "first_time") and "unknown" not in segments:
        return f"{and_list(labels)} attendees"
    return f"attendees whose {column_label(by)} is {', '.join(labels[:-1])} or {labels[-1]}"


def _session_counts(text: str) -> list[int]:
    match = re.search(r"were in (\d+) structured and (\d+) unstructured sessions", text)
    return [int(match.group(1)), int(match.group(2))] if match else []


# --- recommendation
# The rationale of ``toolkit.recommend_format``: the sentences of ``Recommendation.rationale``, in three
# groups (the evidence, the options, the verdict), each built from plain values.

#: How the source of the mix reads in a sentence (keys: ``toolkit.recommend.mix.MIX_SOURCES``).
MIX_SOURCE_PHRASES: dict[str, str] = {
    "given": "the given mix",
    "registrations": "the registrations' mix",
    "last_event": "the last event's mix",
}


def evidence_sentences(effects: pd.DataFrame, *, unit: str, confidence: float, by: str,
                       incomparable: list[str]) -> list[str]:
    """What the data say per segment: first the segments that cannot be compared, then :func:`effect_sentences`.

    Example
    -------
    >>> import pandas as pd
    >>> evidence_sentences(pd.DataFrame(columns=["effect"]), unit="new contacts", confidence=0.95, by="style",
    ...                    incomparable=["reserved"])[0][:53]
    'The formats cannot be compared for reserved attendees'
    """
    out = []
    if incomparable:
        out.append(
            f"The formats cannot be compared for {', '.join(incomparable)} attendees (one format was never seen), "
            "so no recommendation can rest on the data for them."
        )
    return out + effect_sentences(effects, unit, confidence, by)


def options_sentences(*, unit: str, mix_source: str, mix: dict[str, float], expected: dict[str, float],
                      cost_per_attendee: float, recommended: str, plan: dict[str, str], probability_best: float,
                      difference: dict, confidence: float, left_out: Sequence[str] = ()) -> list[str]:
    """The expected outcome of each option for the mix, the cost counted, the choice, and its advantage.

    ``difference`` holds ``versus`` (the runner-up), ``advantage``, ``ci_low``
    and ``ci_high``; a missing interval or probability leaves its sentence out.
    ``left_out`` names the groups of the mix the figures leave out (fewer
    than :data:`MIN_GROUP_SIZE` people in a format: :func:`expected_left_out_sentence`).

    Example
    -------
    >>> sentences = options_sentences(
    ...     unit="new contacts", mix_source="given", mix={"reserved": 0.5, "self-directed": 0.5},
    ...     expected={"structured": 9.1, "unstructured": 7.0, "split": 9.3}, cost_per_attendee=0.0,
    ...     recommended="split", plan={"reserved": "structured", "self-directed": "unstructured"},
    ...     probability_best=0.71, difference={"versus": "structured", "advantage": 0.2, "ci_low": -0.3,
    ...                                        "ci_high": 0.7}, confidence=0.95)
    >>> print("\\n".join(sentences))
    For the given mix (50% reserved, 50% self-directed) the expected new contacts per attendee is 9.10 with structured sessions, 7.00 with unstructured sessions and 9.30 with each segment in its better format.
    Recommended: split the formats in parallel rooms, reserved attendees to structured sessions, self-directed attendees to unstructured sessions.
    The chance that this is the best of the options is about 71%.
    Its advantage over structured is 0.20 new contacts per attendee (95% interval -0.30 to 0.70).
    """
    mix_text = ", ".join(f"{v:.0%} {k}" for k, v in mix.items())
    valued = any(np.isfinite(expected.get(o, float("nan"))) for o in ("structured", "unstructured", "split"))
    out = [
        f"For {MIX_SOURCE_PHRASES[mix_source]} ({mix_text}) the expected {unit} per attendee is "
        f"{format_estimate(expected['structured'])} with structured sessions, "
        f"{format_estimate(expected['unstructured'])} with unstructured sessions and "
        f"{format_estimate(expected['split'])} with each segment in its better format."
    ] if valued or not left_out else []
    if left_out:
        out.append(expected_left_out_sentence(left_out, every_group=not valued))
    if cost_per_attendee > 0:
        out.append(f"Facilitation is counted as a cost of {format_estimate(cost_per_attendee)} {unit} per attendee "
                   "in structured sessions.")
    if recommended == "split":
        parts = [f"{s} attendees to {f} sessions" for s, f in plan.items()]
        # a room plan must place everyone: a group left out of the valuing goes to either room
        parts += [f"{s} attendees to either (the choice leaves them out)" for s in left_out if s not in plan]
        out.append("Recommended: split the formats in parallel rooms, " + ", ".join(parts) + ".")
    else:
        out.append(f"Recommended: {recommended} sessions for everyone.")
    if np.isfinite(probability_best):
        out.append(f"The chance that this is the best of the options is about {probability_best:.0%}.")
    # the expected figures are before the cost; both advantages are after it, and say so
    cost_note = ", the facilitation cost counted," if cost_per_attendee > 0 else ""
    if np.isfinite(difference["ci_low"]):
        out.append(
            f"Its advantage over {difference['versus']}{cost_note} is {format_estimate(difference['advantage'])} "
            f"{unit} per attendee ({confidence:.0%} interval {format_estimate(difference['ci_low'])} to "
            f"{format_estimate(difference['ci_high'])})."
        )
        expected_gap = float(difference.get("expected_advantage", float("nan")))
        if np.isfinite(expected_gap) and format_estimate(expected_gap) != format_estimate(difference["advantage"]):
            out.append(expected_gap_sentence(expected_gap, unit=unit, cost_counted=cost_per_attendee > 0))
    return out


def expected_gap_sentence(expected_gap: float, *, unit: str, cost_counted: bool = False) -> str:
    """Why the expected figures give another advantage than the measured one: they are shrunk.

    The options are valued (and ranked) on each group's difference pulled
    towards the other groups' and towards no difference as far as the
    evidence is thin (docs/methods.md, *Shrinkage*); the advantage and its
    interval are the differences as measured. A reader who subtracts the
    expected figures should not find a third number unexplained. With
    ``cost_counted`` both advantages are after the facilitation cost, which
    the expected figures are before, and the sentence says so.

    Example
    -------
    >>> print(expected_gap_sentence(0.76, unit="new contacts"))
    Valued as in the expected figures, the advantage is 0.76 new contacts per attendee: they pull each group's difference towards the other groups' and towards no difference as far as the evidence is thin.
    >>> print(expected_gap_sentence(0.41, unit="new contacts", cost_counted=True))
    Valued as in the expected figures, less the facilitation cost, the advantage is 0.41 new contacts per attendee: they pull each group's difference towards the other groups' and towards no difference as far as the evidence is thin.
    """
    cost = ", less the facilitation cost" if cost_counted else ""
    return (f"Valued as in the expected figures{cost}, the advantage is {format_estimate(expected_gap)} {unit} per "
            "attendee: they pull each group's difference towards the other groups' and towards no difference as "
            "far as the evidence is thin.")


def expected_left_out_sentence(groups: Sequence[str], *, every_group: bool = False) -> str:
    """Why the figures and the choice leave out some groups of the mix (or value nothing): too few people in a format.

    Example
    -------
    >>> expected_left_out_sentence(["unknown"])
    'The figures and the choice leave out unknown attendees: fewer than 5 of them were in one format, too few to describe, so they are for the rest of the mix.'
    >>> expected_left_out_sentence(["reserved", "unknown"], every_group=True)[:60]
    'No option is valued: in every group of the mix (reserved and'
    """
    if every_group:
        return (f"No option is valued: in every group of the mix ({and_list(list(groups))}) "
                f"{SMALL_GROUP_TEXT} people were in a format, too few to describe.")
    return (f"The figures and the choice leave out {and_list(list(groups))} attendees: {SMALL_GROUP_TEXT} of them "
            "were in one format, too few to describe, so they are for the rest of the mix.")


def verdict_sentences(*, confident: bool, reasons: tuple[str, ...], min_difference: float, fewest_sessions: int,
                      min_sessions: int, unclear_segments: tuple[str, ...], between_events: bool) -> list[str]:
    """Whether to act and why not (``reasons``: ``toolkit.recommend.decision.REASONS``).

    What would settle it is :func:`next_step_sentence` (with the size of the
    next event from :func:`sample_size_sentence`); :func:`settle_sentence` puts
    it in the rationale.

    Example
    -------
    >>> print("\\n".join(verdict_sentences(
    ...     confident=False, reasons=("few_sessions",), min_difference=0.0, fewest_sessions=3, min_sessions=10,
    ...     unclear_segments=(), between_events=False)))
    Not confident: few sessions limit the evidence (as few as 3 per format; at least 10 are needed before acting).
    """
    out = []
    if confident:
        out.append("The interval lies wholly above zero" + (
            f" and reaches the smallest difference worth acting on ({format_estimate(min_difference)})"
            if min_difference > 0 else "") + ": the evidence supports acting on this.")
    else:
        told = {
            "few_sessions": f"few sessions limit the evidence (as few as {fewest_sessions} per format; at least "
                            f"{min_sessions} are needed before acting)",
            "includes_zero": "the interval of the advantage includes zero (no difference)",
            "below_min_difference": "the whole interval lies below the "
                                    f"{format_estimate(min_difference)} worth acting on (a real but small difference)",
            "segment_unclear": "for " + ", ".join(unclear_segments) + " attendees the data cannot tell which "
                               "format is better",
            "never_seen": "some segments were never seen in one of the formats",
            "channels_differ": "contacts were recorded differently in the two formats (for example typed cards "
                               "in one, badge scans in the other), so the difference may be the recording's, "
                               "not the format's",
        }
        out.append("Not confident: " + "; ".join(told[r] for r in reasons) + ".")
    if between_events:
        out.append("Some events ran only one format, so part of the comparison is between events and may reflect "
                   "the events rather than the formats.")
    return out


#: How the rationale introduces the next step (faces that show ``next_step`` apart leave this sentence out).
SETTLE_PREFIX = "To settle it, "


def settle_sentence(next_step: str) -> str:
    """The next step as the rationale's last sentence.

    Example
    -------
    >>> settle_sentence("Run both formats side by side.")
    'To settle it, run both formats side by side.'
    """
    return SETTLE_PREFIX + next_step[:1].lower() + next_step[1:]


def recommendation_headline(recommended: str | None, *, confident: bool) -> str:
    """The first line of a recommendation: the format (or that there is none) and whether to act on it.

    Example
    -------
    >>> recommendation_headline("split", confident=False)
    'Recommended: split (not confident)'
    >>> recommendation_headline(None, confident=False)
    'No recommendation: the data cannot say which format works better'
    """
    if recommended is None:
        return "No recommendation: the data cannot say which format works better"
    return f"Recommended: {recommended} ({'confident' if confident else 'not confident'})"


#: How the comparison's note starts where survey answers, one per person and event, met a within-person design
#: (:func:`toolkit.compare.notes.exposure_notes`).
SURVEY_PER_EVENT_NOTE = "Survey answers are per event, not per session"


def no_advice_sentences(*, unit: str, mix_source: str, mix: dict[str, float], expected: dict[str, float],
                        seen: dict[str, int], incomparable: list[str], notes: list[str],
                        fewest_sessions: int | None = None, unmeasured: Sequence[str] = (),
                        too_few_to_tell: int | None = None, by: str = "style") -> list[str]:
    """Why no format is recommended: which format or segment was never seen, and what the data do show.

    ``seen`` counts the attendees compared in each format; ``expected`` the
    expected outcome of each option (NaN where it cannot be estimated);
    ``notes`` the comparison's own notes (those that say why it could not be
    made are repeated: contacts that could not be attributed to a session, an outcome not recorded);
    ``fewest_sessions`` the fewest sessions of a format where that is why (the advantage has no interval);
    ``unmeasured`` the groups of the mix whose own difference has no interval; ``too_few_to_tell`` the fewest
    sessions of a format where the advantage has an interval but, from so few rooms, neither shows a difference
    nor leans one way (the certainty state "cannot compare yet").

    Example
    -------
    >>> print("\\n".join(no_advice_sentences(
    ...     unit="new contacts", mix_source="last_event", mix={"unknown": 1.0},
    ...     expected={"structured": float("nan"), "unstructured": 12.3, "split": float("nan")},
    ...     seen={"structured": 0, "unstructured": 138}, incomparable=["unknown"], notes=[])))
    No format is recommended: the data cannot say which format works better.
    Only open mingling was seen (138 attendees), so there is nothing to compare it with; with it the expected new contacts per attendee is 12.3.
    """
    out = ["No format is recommended: the data cannot say which format works better."]
    present = [fmt for fmt, n in seen.items() if n > 0]
    if len(present) == 1:
        fmt = present[0]
        value = expected.get(fmt, float("nan"))
        tail = (f"; with it the expected {unit} per attendee is {format_estimate(value)}"
                if np.isfinite(value) else "")
        out.append(f"Only {format_name(fmt)} was seen ({format_count(seen[fmt])} attendees), so there is nothing to "
                   f"compare it with{tail}.")
    elif not present:
        # everyone in both formats answered the survey once: the values exist, they cannot be compared
        once = next((re.search(r"the ([\d,]+) people who were in both formats", n) for n in notes
                     if n.startswith(SURVEY_PER_EVENT_NOTE)), None)
        if once is not None:
            out.append(f"{once.group(1)} people were in both formats at an event and answered the survey once for "
                       f"both, so a survey outcome ({unit}) cannot be compared within a person; and no one was in one "
                       "format only to compare instead.")
        else:
            out.append(f"No attendee in a networking session has a {unit} value.")
    elif incomparable:
        mix_text = ", ".join(f"{v:.0%} {k}" for k, v in mix.items())
        out.append(f"For {MIX_SOURCE_PHRASES[mix_source]} ({mix_text}), {and_list(list(incomparable))} attendees "
                   "were never seen in both formats, so no option can be valued for them.")
    elif fewest_sessions is not None:
        sessions = "one session" if fewest_sessions == 1 else f"{int(fewest_sessions)} sessions"
        out.append(f"With {sessions} of a format, nothing measures how sure a difference is: the people of one "
                   "session share its room, its host and its evening, so sessions, not people, are the units of "
                   "evidence.")
    elif unmeasured:
        out.append(f"For {group_people(list(unmeasured), by)} nothing measures how sure their own difference is "
                   "(too few sessions of a format), so no group can be placed in a format by it.")
    elif too_few_to_tell is not None:
        from toolkit.compare import MIN_SESSIONS_PER_FORMAT

        out.append(f"Too few sessions of a format to tell (as few as {int(too_few_to_tell)}; at least "
                   f"{MIN_SESSIONS_PER_FORMAT} are needed before an interval can be relied on): the data neither "
                   "show a difference between the options nor lean towards one, so the formats cannot be compared "
                   "yet.")
    why = [n for n in notes if "could not be attributed" in n or "not recorded" in n or recorded_differently([n])]
    return out + [n for n in why if n not in out]


def segment_timing_sentences(*, by: str, timing: str | None) -> list[str]:
    """The flag on a recommendation whose segments were scored after the event (none otherwise).

    Example
    -------
    >>> segment_timing_sentences(by="style", timing="post-event")[0][:58]
    'The networking style groups were scored from the post-even'
    >>> segment_timing_sentences(by="style", timing="pre-event")
    []
    """
    if timing != "post-event":
        return []
    return [f"The {column_label(by)} groups were scored from the post-event survey, so they may themselves be "
            "affected by the format (a person may answer differently after a structured session, and who answers "
            "depends on the format); treat the split by group with care."]


#: What to do where the formats' contacts were recorded through different channels (toolkit.compare.notes).
RECORD_ALIKE = ("Record contacts the same way in every format at the next event (the same badge scans or event app "
                "in every session, or cards typed in every session), so that the formats' contacts can be compared.")


def next_step_sentence(*, advisable: bool, confident: bool, never_compared: list[str] | None,
                       next_event: str | None, min_sessions: int, unattributed: bool = False,
                       post_event_segment: bool = False, by: str = "style", recorded_apart: bool = False) -> str:
    """What would settle the question, in plain words (``Recommendation.next_step``).

    ``never_compared`` is None where a format was never seen at all, else the
    segments in the mix never seen in both formats (empty where all were).
    ``next_event`` is the size of the next event in its own terms
    (:func:`sample_size_sentence`), where it could be worked out.

    Example
    -------
    >>> next_step_sentence(advisable=False, confident=False, never_compared=None, next_event=None, min_sessions=10)
    'Run both formats at the next event and assign attendees to them by lot (netout plan), in at least 10 rooms of each format, so that the two can be compared.'
    >>> next_step_sentence(advisable=True, confident=True, never_compared=[], next_event=None, min_sessions=10)[:41]
    'Nothing more is needed before acting on t'
    >>> next_step_sentence(advisable=True, confident=False, never_compared=[], min_sessions=10,
    ...                    next_event="To settle it, run both formats in 12 rooms each.")
    'Run both formats in 12 rooms each.'
    """
    if confident:
        text = ("Nothing more is needed before acting on this; keep recording contacts at the next event to check "
                "that the advantage holds.")
    elif recorded_apart:
        # the formats' contacts came from different channels: more sessions recorded the same way settle nothing
        text = (RECORD_ALIKE + " Until then, compare the formats on a survey outcome (satisfaction, "
                "would return), which was asked the same way in both.")
    elif not advisable and never_compared is not None and not never_compared:
        # every group was seen in both formats, in too few rooms: "run both formats" would read as unheard
        text = ("Run more sessions of each format at the next event and assign attendees to them by lot "
                f"(netout plan), in at least {min_sessions} rooms of each format, so that the two can be compared.")
    elif not advisable:
        who = (f", so that {and_list(list(never_compared))} attendees are seen in both"
               if never_compared else ", so that the two can be compared")
        text = ("Run both formats at the next event and assign attendees to them by lot "
                f"(netout plan), in at least {min_sessions} rooms of each format{who}.")
    elif next_event:
        # the sample-size sentence is written to follow "To settle it, "; as a next step it stands alone
        text = next_event[len(SETTLE_PREFIX):] if next_event.startswith(SETTLE_PREFIX) else next_event
        text = text[:1].upper() + text[1:]
    else:
        text = ("Run both formats side by side at the next event and assign attendees to them by lot within each "
                f"segment (netout plan), in at least {min_sessions} rooms of each format.")
    if unattributed:
        text += (" Record the session of each contact (a session id on each contact, or each session's start and "
                 "end time), so that contacts can be counted per session.")
    if post_event_segment:
        text += (f" Ask the {column_label(by)} questions at registration, so that the groups are known before "
                 "anyone meets a format.")
    return text


def sample_size_sentence(size, *, by: str = "style") -> str:
    """What would settle the question, in the event's terms: rooms of each format, people per room, events.

    ``size`` is a :class:`toolkit.recommend.SampleSize` (or anything with its
    attributes). The sentence starts "To settle it" (the report leaves it out
    where it says the same in its own words).

    Example
    -------
    >>> import pandas as pd
    >>> from toolkit.recommend import SampleSize
    >>> size = SampleSize(outcome="new_contacts", by="style", difference=1.0, difference_source="catalogue",
    ...                   power=0.8, chance=0.81, rooms_per_format=12, room_size=20,
    ...                   per_segment=pd.DataFrame({"share": [0.5, 0.5], "per_room": [10.0, 10.0],
    ...                                             "per_format": [120, 120]}, index=["reserved", "self-directed"]),
    ...                   event_size=240, answer_rate=1.0, reachable=True)
    >>> print(sample_size_sentence(size))
    To settle it, run both formats side by side at the next event, putting people into rooms by lot within each segment (netout plan): 12 rooms of each format with about 20 people each (about 10 reserved and 10 self-directed per room; 480 attendees in all, about 2 events like the last one). That gives an 80% chance of a confident answer if the best option is truly ahead of the next best by 1.00 new contacts per attendee (the smallest worth acting on, a default for this outcome).
    """
    unit = _difference_text(size.outcome, size.difference)
    source = {"given": "the smallest you said is worth acting on",
              "catalogue": "the smallest worth acting on, a default for this outcome",
              "spread": "a fifth of the outcome's spread"}.get(size.difference_source, "")
    if not size.reachable or size.rooms_per_format is None:
        if size.assumptions:
            return (f"To settle it, a side-by-side run by lot would need more than any practical number of rooms to "
                    f"tell a difference of {unit} from chance: decide on other grounds, or look for a larger "
                    "difference.")
        return ("To settle it, run both formats side by side at the next event, putting people into rooms by lot "
                "within each segment (netout plan), in at least 10 rooms of each format.")
    per_room = [f"{format_number(r['per_room'], digits=0)} {segment_label(s, by)}"
                for s, r in size.per_segment.iterrows() if r["per_room"] >= 0.5]
    events = size.events_like_this
    total = f"{size.attendees:,} attendees in all" + (
        f", about {_events_text(events)} like the last one" if events is not None else "")
    answers = (f" (counting that about {format_percent(size.answer_rate)} answer the survey)"
               if size.answer_rate < 0.999 else "")
    return (f"To settle it, run both formats side by side at the next event, putting people into rooms by lot "
            f"within each segment (netout plan): {size.rooms_per_format} rooms of each format with about "
            f"{size.room_size} people each (about {and_list(per_room) if per_room else 'a few'} per room; {total}). "
            f"That gives {'an' if f'{size.power:.0%}'.startswith('8') else 'a'} {size.power:.0%} chance of a "
            f"confident answer if the best option is truly ahead of the next best by {unit}{answers} ({source}).")


def _difference_text(outcome: str, difference: float) -> str:
    if outcome in SHARE_OUTCOMES:
        return f"{difference * 100:.0f} percentage points"
    spec = OUTCOME_CATALOGUE.get(outcome)
    unit = spec.unit if spec is not None and spec.unit else outcome.replace("_", " ")
    return f"{format_estimate(difference)} {unit} per attendee"


def _events_text(events: float) -> str:
    if events < 1.25:
        return "one event"
    return "one and a half events" if events < 1.75 else f"{round(events)} events"

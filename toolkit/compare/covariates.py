"""Which attendee columns a comparison adjusts for, which it leaves out, and why.

A covariate must describe a person *before* the event: a category with few
levels (industry, company size, first time) or a number (years in business).
By default these are left out, each with its reason:

- identifiers: attendee, order, ticket, badge or member numbers (a name that
  says so and one value per person, or any text with one value per person);
- personal data (:func:`toolkit.privacy.is_personal_column`, or values that
  are e-mail addresses or phone numbers);
- money: what someone paid (``price``, ``fee``, ``amount``, ... or values
  with a currency sign);
- free text, and text with more than :data:`MAX_COVARIATE_LEVELS` categories;
- anything answered after the event: the post-event survey's answers, the
  ``style_score`` scored from it, and ``style`` itself where it was scored
  from the post-event survey (``table.attrs["style_timing"]``);
- columns with one value for everyone;
- columns that predict the format almost perfectly: the format under another
  name ("which format would you like to join"), or a stand-in for it. They
  are the treatment, not a characteristic; adjusting for them would leave no
  one to compare. A warning names them.

A user may name the covariates instead (``covariates=[...]``, ``--covariates
a,b``; ``[]`` or ``--no-covariates`` for none). Named columns are used as
asked, with a warning where one breaks a rule, except personal data, which
is refused. The segment column is always part of the models.

Example
-------
>>> import pandas as pd
>>> table = pd.DataFrame({
...     "attendee_id": [f"a{i}" for i in range(40)],
...     "format": ["structured", "unstructured"] * 20,
...     "session_id": ["s1", "s2"] * 20,
...     "industry": ["law", "tech", "tech", "retail"] * 10,
...     "order_number": [f"100{i}" for i in range(40)],
...     "wish": ["facilitated", "open"] * 20,
... })
>>> choice = choose_covariates(table, by=None)
>>> choice.used
['industry']
>>> sorted(choice.left_out)
['order_number', 'wish']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.contract import FORMATS, NON_COVARIATE_COLUMNS
from toolkit.errors import UsageError
from toolkit.privacy import is_personal_column, looks_personal

__all__ = [
    "CovariateChoice",
    "choose_covariates",
    "segment_timing",
    "MAX_COVARIATE_LEVELS",
    "PROXY_ACCURACY",
    "NOT_ATTENDEE_COLUMNS",
]

#: A text column with more categories than this is free text (or too fine to adjust for).
MAX_COVARIATE_LEVELS = 20

#: A column whose categories tell a person's format right this often (balanced over the two formats,
#: each person's own row left out) is the format under another name, or a stand-in for it.
PROXY_ACCURACY = 0.9

#: Columns of the outcome table that are not attendee characteristics at all (never listed as left out):
#: session bookkeeping, ids, the comparison's own columns and every outcome of the catalogue.
NOT_ATTENDEE_COLUMNS: frozenset[str] = (
    frozenset({"format", "assignment", "grouping", "n_sessions", "session_order", "attribution", "start", "end",
               "responded", "style_source"})
    | NON_COVARIATE_COLUMNS | frozenset(OUTCOME_CATALOGUE)
)

_ID_WORDS = frozenset({"id", "ids", "number", "no", "nr", "num", "code", "ref", "reference", "barcode", "order",
                       "ticket", "booking", "invoice", "confirmation", "uuid", "guid", "badge", "registration",
                       "member", "membership", "serial", "key"})
_MONEY_WORDS = frozenset({"price", "prices", "fee", "fees", "amount", "paid", "pay", "payment", "cost", "costs",
                          "revenue", "total", "eur", "euro", "euros", "usd", "gbp", "dollar", "dollars", "currency",
                          "discount", "spend", "spent", "income", "salary", "vat", "tax", "refund", "charge"})
_CURRENCY_RE = re.compile(r"^\s*(?:[€$£¥]|eur|usd|gbp|chf)\s*[\d.,]+|[\d.,]+\s*(?:[€$£¥]|eur|usd|gbp|chf)\s*$")
_WORD_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^0-9A-Za-z]+")
_POST_EVENT_SOURCES = ("scale", "survey", "post-event", "post_event")


@dataclass(frozen=True)
class CovariateChoice:
    """The covariates of a comparison: those adjusted for, those left out with the reason, and warnings.

    Attributes
    ----------
    used : list of str
        Attendee columns adjusted for (the segment column is added by the comparison).
    left_out : mapping of str to str
        Attendee column -> why it was not adjusted for (plain words).
    warnings : list of str
        Sentences for the comparison's notes: columns that stand in for the
        format, and columns a user asked for that break a rule.
    asked : bool
        The user named the covariates (else the default rule chose them).

    Example
    -------
    >>> CovariateChoice(used=["industry"], left_out={"fee": "an amount of money"}).describe()
    'adjusted for industry; left out: fee (an amount of money)'
    """

    used: list[str]
    left_out: Mapping[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    asked: bool = False

    def describe(self) -> str:
        """What was adjusted for and what was left out, in one line.

        Example
        -------
        >>> CovariateChoice(used=[], left_out={}).describe()
        'adjusted for no attendee characteristics'
        """
        text = "adjusted for " + (", ".join(self.used) if self.used else "no attendee characteristics")
        if self.left_out:
            text += "; left out: " + "; ".join(f"{k} ({v})" for k, v in self.left_out.items())
        return text


def segment_timing(table: pd.DataFrame, by: str) -> str | None:
    """When the segment column ``by`` was measured: ``"post-event"``, ``"pre-event"`` or None (not known).

    ``style`` is post-event where ``table.attrs["style_timing"]`` says so, or
    where any row's ``style_source`` says it was scored from the survey (the
    survey of the data contract is the post-event survey). A survey answer
    (``table.attrs["survey_columns"]``) is post-event. Other attendee columns
    come from registration: pre-event.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"style": ["reserved"], "style_source": ["scale"], "industry": ["law"]})
    >>> segment_timing(table, "style"), segment_timing(table, "industry")
    ('post-event', 'pre-event')
    """
    if by in table.attrs.get("survey_columns", ()):
        return "post-event"
    if by != "style":
        return "pre-event" if by in table.columns else None
    timing = table.attrs.get("style_timing")
    if timing in ("pre-event", "post-event"):
        return str(timing)
    if "style_source" in table.columns:
        sources = {str(s).lower() for s in pd.unique(table["style_source"].dropna())}
        if any(any(word in s for word in _POST_EVENT_SOURCES) for s in sources):
            return "post-event"
        return "pre-event"
    return None


def choose_covariates(table: pd.DataFrame, *, by: str | None, covariates: list[str] | None = None) -> CovariateChoice:
    """Apply the module's rule to the attendee columns of an outcome table (see the module's note).

    Parameters
    ----------
    table : DataFrame
        The outcome table, or the rows of it that are compared.
    by : str or None
        The segment column (never left out; warned about where it stands in for the format).
    covariates : list of str, optional
        The columns the user named (None: the default rule; ``[]``: none).

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_outcome_table
    >>> table, _ = simulate_outcome_table(random_state=0)
    >>> choose_covariates(table, by="style").used
    ['industry', 'company_size', 'first_time', 'networking_style']
    """
    attrs = table.attrs
    table = table.copy(deep=False)
    table.attrs = dict(attrs)       # pandas deep-copies attrs on every column taken: keep them, once, shallow
    context = _Context(table)
    if covariates is not None:
        return _named(table, context, by, list(covariates))
    used, left_out, warnings = [], {}, []
    for column in table.columns:
        name = str(column)
        if name == by or name.startswith("_") or name in NOT_ATTENDEE_COLUMNS:
            continue
        reason = _reason_to_leave_out(table, context, name)
        if reason is None:
            used.append(name)
            continue
        left_out[name] = reason
        if reason.startswith("predicts the format"):
            warnings.append(_proxy_warning(name, reason))
    if by is not None and by in table.columns:
        reason = _proxy(context, pd.factorize(table[by], use_na_sentinel=False)[0])
        if reason is not None:
            warnings.append(f"The segment column {by!r} {reason}: every group then met mostly one format, so "
                            "within a group the formats can hardly be compared.")
    return CovariateChoice(used=used, left_out=left_out, warnings=warnings, asked=False)


def _named(table: pd.DataFrame, context: _Context, by: str | None, names: list[str]) -> CovariateChoice:
    missing = [c for c in names if c not in table.columns]
    if missing:
        raise UsageError(f"compare: covariates {missing} are not columns of the outcome table; attendee columns "
                         "are: " + ", ".join(_attendee_columns(table)) + ".")
    personal = [c for c in names if is_personal_column(c, table[c]) or _personal_values(table[c])]
    if personal:
        raise UsageError(f"compare: {personal} hold personal data, which never enters an analysis; choose other "
                         "covariates.")
    not_attendee = [c for c in names if c in NOT_ATTENDEE_COLUMNS]
    if not_attendee:
        raise UsageError(f"compare: {not_attendee} are not attendee characteristics (ids, session columns or "
                         "outcomes); choose from: " + ", ".join(_attendee_columns(table)) + ".")
    warnings = []
    for name in dict.fromkeys(names):
        if name == by:
            continue
        reason = _reason_to_leave_out(table, context, name)
        if reason is not None:
            warnings.append(f"{name!r} is adjusted for as asked, although it {_as_clause(reason)}.")
    used = [c for c in dict.fromkeys(names) if c != by]
    return CovariateChoice(used=used, left_out={}, warnings=warnings, asked=True)


def _as_clause(reason: str) -> str:
    """'an identifier ...' -> 'is an identifier ...'; 'predicts ...' stays."""
    return reason if reason.split(" ", 1)[0] in ("predicts", "was", "has") else "is " + reason


def _attendee_columns(table: pd.DataFrame) -> list[str]:
    return [str(c) for c in table.columns if not str(c).startswith("_") and str(c) not in NOT_ATTENDEE_COLUMNS]


class _Context:
    """What every column's check needs, computed once: people, rows in sessions, their format, respondents."""

    def __init__(self, table: pd.DataFrame):
        self._table = table
        self.in_sessions = (table["format"].isin(FORMATS).to_numpy(dtype=bool, na_value=False)
                            if "format" in table.columns else np.zeros(len(table), dtype=bool))
        self.treated = ((table["format"] == "structured").to_numpy(dtype=bool, na_value=False)[self.in_sessions]
                        if "format" in table.columns else np.zeros(0, dtype=bool))
        self.non_respondents = None
        if "responded" in table.columns:
            responded = table["responded"].fillna(False).astype(bool).to_numpy()
            if responded.any() and not responded.all():
                self.non_respondents = ~responded

    @functools.cached_property
    def people(self) -> int:
        """Distinct attendees (rows where there is no id): counted only when a rule needs it."""
        if "attendee_id" in self._table.columns:
            return max(int(self._table["attendee_id"].nunique(dropna=True)), 1)
        return max(len(self._table), 1)


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.split(name) if w]


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _personal_values(values: pd.Series) -> bool:
    if _is_numeric(values) or pd.api.types.is_bool_dtype(values):
        return False
    sample = pd.Series(pd.unique(values.dropna().astype(str)))[:200]
    return bool(len(sample)) and float(looks_personal(sample).mean()) > 0.5


def _reason_to_leave_out(table: pd.DataFrame, context: _Context, name: str) -> str | None:
    """Why ``name`` is not a pre-event characteristic of a person, or None where it is one."""
    values = table[name]
    if not values.notna().any():  # a column the export had but nobody filled in (a sensor log's empty industry)
        return "no values recorded"
    words = set(_words(name))
    numeric = _is_numeric(values) or pd.api.types.is_bool_dtype(values)
    codes, uniques = pd.factorize(values)
    distinct = len(uniques)
    text = None if numeric else pd.Series(np.asarray(uniques, dtype=object)).astype(str)
    # emails and phone numbers are one per person: only a column with many values can hold them
    if is_personal_column(name, values) or (text is not None and distinct > MAX_COVARIATE_LEVELS
                                    and float(looks_personal(text[:200]).mean()) > 0.5):
        return "personal data"
    if _ID_WORDS & words and distinct > 10 and distinct > 0.5 * context.people:
        return "an identifier (an attendee, order or ticket number): one value per person, describing no one"
    if _MONEY_WORDS & words or (text is not None and _money_values(text[:200])):
        return "an amount of money (what someone paid), not a characteristic of the person"
    post = _post_event(table, context, name)
    if post is not None:
        return post
    if distinct < 2:
        return "the same for everyone"
    if text is not None:
        if distinct > 20 and distinct > 0.9 * context.people:
            return "one value per person: an identifier or free text"
        if distinct > MAX_COVARIATE_LEVELS:
            return f"free text or too many categories ({distinct} different values)"
        if text.str.len().mean() > 40:
            return "free text"
    if numeric and distinct > 10:
        binned = pd.qcut(pd.to_numeric(values, errors="coerce"), 10, labels=False, duplicates="drop")
        codes = binned.fillna(-1).to_numpy(dtype=np.int64) + 1
    else:
        codes = np.asarray(codes, dtype=np.int64) + 1   # missing (-1) as its own level
    return _proxy(context, codes)


def _money_values(text: pd.Series) -> bool:
    """Most of the (distinct) values carry a currency sign or code."""
    values = text.tolist()
    return bool(values) and sum(bool(_CURRENCY_RE.search(v.lower())) for v in values) > 0.5 * len(values)


def _post_event(table: pd.DataFrame, context: _Context, name: str) -> str | None:
    if name in set(table.attrs.get("survey_columns", ())):
        return "answered after the event (post-event survey), so it may be affected by the format"
    if name == "style_score" or (name == "style" and segment_timing(table, "style") == "post-event"):
        return "scored from the post-event survey, so it may be affected by the format"
    if context.non_respondents is not None:
        present = table[name].notna().to_numpy()
        # judged within the events that recorded the column: a registration question of one event is missing
        # for everyone at another (a different ticketing tool), respondents or not
        asked = np.ones_like(present)
        if "event_id" in table.columns:
            asked = table["event_id"].isin(set(table["event_id"][present])).to_numpy()
        silent = context.non_respondents & asked
        if silent.any() and not present[silent].any():
            return "known only for survey respondents (answered after the event)"
    return None


def _proxy(context: _Context, codes: np.ndarray) -> str | None:
    """How well a column's categories (``codes`` per row, 0..k-1) tell a person's format, where almost perfectly.

    Leave-one-out majority format per category (numbers in up to ten quantile
    bins), balanced over the two formats, so a small category and a lopsided
    share of formats do not count as prediction. Each row's own format is left out.
    """
    treated = context.treated
    if min(int(treated.sum()), int((~treated).sum())) < 10:
        return None
    codes = codes[context.in_sessions]
    k = int(codes.max()) + 1 if len(codes) else 0
    if k < 2:
        return None
    s = np.bincount(codes[treated], minlength=k).astype(float)
    u = np.bincount(codes, minlength=k) - s
    # each row predicted from the others in its category: right where its own format is the clear majority
    # (half right on a tie), counted per category
    right_s = s * np.where(s - 1 > u, 1.0, np.where(s - 1 == u, 0.5, 0.0))
    right_u = u * np.where(u - 1 > s, 1.0, np.where(u - 1 == s, 0.5, 0.0))
    accuracy = 0.5 * (right_s.sum() / s.sum() + right_u.sum() / u.sum())
    if accuracy < PROXY_ACCURACY:
        return None
    return f"predicts the format almost perfectly (right for {accuracy:.0%} of attendees)"


def _proxy_warning(name: str, reason: str) -> str:
    return (f"{name!r} {reason}: it is the format under another name, or a stand-in for it (for example "
            "the format a person asked for), so it was left out of the adjustment; adjusting for it would leave "
            "no one to compare.")

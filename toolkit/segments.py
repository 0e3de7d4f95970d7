"""Who the attendees are: the networking-style segment and its scale's reliability.

A folder's ``netout.toml`` may declare a survey scale (``[style_scale]``:
items, reversed items, answer range). :func:`score_style` scores it and splits
attendees into ``reserved`` and ``self-directed``; :func:`scale_reliability`
says how far the scale can be trusted (Cronbach's alpha, item-rest
correlations). :func:`style_from_attendees` reads the self-described
``attendees.networking_style``, and :func:`combine_styles` picks, attendee by
attendee, pre-event data first: the scale where it was asked before the event
(registration answers: its items are attendee columns, or ``asked =
"registration"``), else the self-description, else the scale scored from the
post-event survey (flagged: the format may have changed the answers), else
``unknown`` (with ``style_source`` saying which).

Scoring rule (also in ``docs/outcomes.md``):

1. Answers outside ``[min, max]`` (e.g. a 0 "not answered" code) are missing.
2. Reversed items are turned round: ``min + max - answer``.
3. ``style_score`` = the mean of the answered items, when at least
   ``scale.required_answers`` items were answered (default: more than half);
   otherwise the score is missing and ``style`` is ``unknown`` (the outcome
   table then falls back on the self-description, see :func:`combine_styles`).
4. ``split = "midpoint"`` (default): a score above the scale's midpoint
   ``(min + max) / 2`` means ``scale.high`` (``self-directed`` unless declared
   otherwise); a score at or below it means the other style.
   ``split = "median"``: the same with the median of the scored attendees in
   place of the midpoint (a data-driven split into two halves).

Example
-------
>>> import pandas as pd
>>> from toolkit.settings import StyleScale
>>> scale = StyleScale(items=("s1", "s2", "s3"), reversed=("s2",))
>>> survey = pd.DataFrame({"event_id": ["E1", "E1"], "attendee_id": ["a", "b"],
...                        "s1": [5.0, 1.0], "s2": [1.0, 5.0], "s3": [4.0, None]})
>>> score_style(survey, scale)[["attendee_id", "style_score", "style"]]
  attendee_id  style_score          style
0           a     4.666667  self-directed
1           b          1.0       reserved
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.contract import STYLES
from toolkit.errors import UsageError

#: Alpha below this is reported as too low to trust the split.
MIN_ALPHA = 0.7

_STYLE_WORDS = {
    "reserved": "reserved",
    "selfdirected": "self-directed",
}


def _other(style: str) -> str:
    return "reserved" if style == "self-directed" else "self-directed"


def _items(survey: pd.DataFrame, scale) -> pd.DataFrame:
    """The scale's items as floats, reversed where declared, out-of-range answers missing."""
    columns = {c.strip().lower(): c for c in survey.columns}
    present = [i for i in scale.items if i in columns]
    if not present:
        raise UsageError(
            f"none of the style-scale items {list(scale.items)} is a survey column; check [style_scale] items "
            f"in netout.toml against the survey's columns ({[c for c in survey.columns if not c.startswith('_')]})")
    out = pd.DataFrame(index=survey.index)
    for item in scale.items:
        if item in columns:
            raw = survey[columns[item]]
            if not pd.api.types.is_numeric_dtype(raw.dtype):
                from toolkit.io.parsing import read_likert

                raw = read_likert(raw.astype(object), labels=getattr(scale, "labels", None))[0]
            values = pd.to_numeric(raw, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        else:
            values = np.full(len(survey), np.nan)
        values = np.where((values >= scale.min) & (values <= scale.max), values, np.nan)
        if item in scale.reversed:
            values = scale.min + scale.max - values
        out[item] = values
    return out


def score_style(survey: pd.DataFrame, scale) -> pd.DataFrame:
    """Score the networking-style scale and derive ``style`` for each respondent.

    Parameters
    ----------
    survey : DataFrame
        Survey answers with ``event_id``, ``attendee_id`` and the scale's item columns.
    scale : toolkit.settings.StyleScale
        Items, reversed items, answer range, what a high score means, split rule,
        answers required.

    Returns
    -------
    DataFrame
        ``event_id``, ``attendee_id`` (when present in ``survey``), ``n_answered``
        (Int64), ``style_score`` (Float64, mean of answered items after reversing)
        and ``style`` (``reserved`` / ``self-directed`` / ``unknown``), one row per
        survey row, in the survey's order.

    Example
    -------
    >>> from toolkit.settings import StyleScale
    >>> scale = StyleScale(items=("q1", "q2"), reversed=("q2",), min=1, max=5)
    >>> s = pd.DataFrame({"attendee_id": ["a"], "q1": [4.0], "q2": [2.0]})
    >>> score_style(s, scale)["style"].tolist()
    ['self-directed']
    """
    items = _items(survey, scale)
    values = items.to_numpy(dtype=float)
    answered = (~np.isnan(values)).sum(axis=1)
    enough = answered >= scale.required_answers
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(answered[:, None] > 0, values, 0.0), axis=1)
    score = np.where(enough & (answered > 0), mean, np.nan)
    if scale.split == "median":
        cut = float(np.nanmedian(score)) if np.isfinite(score).any() else scale.midpoint
    else:
        cut = scale.midpoint
    style = np.where(score > cut, scale.high, _other(scale.high)).astype(object)
    style[np.isnan(score)] = "unknown"
    out = pd.DataFrame(index=survey.index)
    for col in ("event_id", "attendee_id"):
        if col in survey.columns:
            out[col] = survey[col].astype("string")
    out["n_answered"] = pd.array(answered, dtype="Int64")
    out["style_score"] = pd.array(score, dtype="Float64")
    out["style_score"] = out["style_score"].where(~np.isnan(score))
    out["style"] = pd.Categorical(style, categories=list(STYLES))
    out.attrs["style_cut"] = cut
    return out.reset_index(drop=True)


def style_from_attendees(networking_style: pd.Series) -> pd.Series:
    """Normalise self-described styles to ``reserved`` / ``self-directed`` / ``unknown``.

    Case, spaces, hyphens and underscores are ignored (``Self Directed``,
    ``self_directed``, ``SELF-DIRECTED``); anything else is ``unknown``.

    Example
    -------
    >>> style_from_attendees(pd.Series(["Reserved ", "self_directed", "Self Directed", "bold", None])).tolist()
    ['reserved', 'self-directed', 'self-directed', 'unknown', 'unknown']
    """
    squeezed = networking_style.astype("string").str.lower().str.replace(r"[\s_\-]+", "", regex=True)
    mapped = squeezed.map(_STYLE_WORDS).astype(object)
    mapped = mapped.where(pd.notna(mapped), "unknown")
    return pd.Series(pd.Categorical(mapped, categories=list(STYLES)), index=networking_style.index, name="style")


#: Where an attendee's ``style`` came from (the outcome table's ``style_source``): a scale asked at
#: registration (or in a survey before the event), the self-described ``networking_style``, a scale
#: scored from the post-event survey, or nothing.
STYLE_SOURCES: tuple[str, ...] = ("registration", "self-described", "post-event survey", "none")

#: Sources measured before the event (``style_timing`` is ``pre-event`` when every style came from one).
PRE_EVENT_SOURCES: frozenset[str] = frozenset({"registration", "self-described"})


def combine_styles(registration: pd.Series | None = None, networking_style: pd.Series | None = None,
                   post_event: pd.Series | None = None) -> pd.DataFrame:
    """One style per attendee: pre-event data first, a post-event survey's scale only where nothing else says.

    The order, attendee by attendee: the scale asked before the event
    (``registration``), else the self-described ``networking_style``, else the
    scale scored from the post-event survey (``post_event``: the format may have
    changed how people answer, and who answers, so the outcome table flags it),
    else ``unknown``. Survey non-response is not random (reserved people skip
    surveys more often), so dropping everyone without a score would bias the
    segments; each rule fills the gaps of the one before.

    Parameters
    ----------
    registration, post_event : Series, optional
        ``style`` from :func:`score_style` aligned to the attendees (``unknown``
        or missing where that scale gave no score).
    networking_style : Series, optional
        The attendees' self-described style (raw text, same length);
        normalised with :func:`style_from_attendees`.

    Returns
    -------
    DataFrame
        ``style`` (categorical ``reserved`` / ``self-directed`` / ``unknown``)
        and ``style_source`` (categorical of :data:`STYLE_SOURCES`), one row per
        attendee (the index of the first series given).

    Example
    -------
    >>> combine_styles(networking_style=pd.Series(["Self Directed", None, None]),
    ...                post_event=pd.Series(["reserved", "reserved", "unknown"])).values.tolist()
    [['self-directed', 'self-described'], ['reserved', 'post-event survey'], ['unknown', 'none']]
    >>> combine_styles(pd.Series(["reserved"]), pd.Series(["self-directed"])).values.tolist()
    [['reserved', 'registration']]
    """
    given = [x for x in (registration, networking_style, post_event) if x is not None]
    if not given:
        raise UsageError("combine_styles: give at least one of registration, networking_style, post_event")
    index = given[0].index
    n = len(given[0])

    def scaled(values: pd.Series | None) -> np.ndarray:
        if values is None:
            return np.full(n, "unknown", dtype=object)
        return values.astype(object).where(values.notna(), "unknown").astype(str).to_numpy()

    described = (np.full(n, "unknown", dtype=object) if networking_style is None else
                 style_from_attendees(pd.Series(networking_style.to_numpy(), dtype=object)).astype(str).to_numpy())
    style = np.full(n, "unknown", dtype=object)
    source = np.full(n, "none", dtype=object)
    for values, name in ((scaled(post_event), "post-event survey"), (described, "self-described"),
                         (scaled(registration), "registration")):   # later rules win
        has = values != "unknown"
        style[has] = values[has]
        source[has] = name
    return pd.DataFrame({"style": pd.Categorical(style, categories=list(STYLES)),
                         "style_source": pd.Categorical(source, categories=list(STYLE_SOURCES))}, index=index)


def styles_of_the_person(person: pd.Series, styles: pd.DataFrame, score: pd.Series | None = None,
                         event: pd.Series | None = None,
                         event_rank: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.Series | None]:
    """A person's style where it is ``unknown`` at one event but known from another event of the folder.

    Style is a trait of the person, not of the evening: a person self-directed at three breakfasts from their
    surveys is self-directed at the fourth, which had no survey. Rows whose style is known keep it (each
    event's own measure stands). An ``unknown`` row takes the style of the same person's best-known row:
    the most trustworthy source (registration, then self-described, then the post-event survey), then the
    style most of the person's events at that source gave, then the latest event. Its ``style_source`` (and
    its ``style_score``) is that row's, so a style scored after an event keeps its post-event flag wherever it
    is used.

    Parameters
    ----------
    person : Series
        ``attendee_id`` per row (a missing id is never matched).
    styles : DataFrame
        ``style`` and ``style_source`` per row, as :func:`combine_styles` gives them (same order as ``person``).
    score : Series, optional
        ``style_score`` per row (carried with the style).
    event : Series, optional
        ``event_id`` per row (a person's several sessions of one event count as one vote).
    event_rank : array, optional
        Per row, its event's place in the season (ties of the rule above go to the later event; default:
        the later row).

    Example
    -------
    >>> styles = combine_styles(post_event=pd.Series(["self-directed", "unknown", "self-directed", "unknown"]))
    >>> filled, _ = styles_of_the_person(pd.Series(["p1", "p1", "p1", "p2"]), styles)
    >>> filled.values.tolist()
    [['self-directed', 'post-event survey'], ['self-directed', 'post-event survey'], ['self-directed', 'post-event survey'], ['unknown', 'none']]
    """
    style = styles["style"].astype(str).to_numpy(dtype=object)
    source = styles["style_source"].astype(str).to_numpy(dtype=object)
    who = pd.Series(person).astype("string").reset_index(drop=True)
    known = (style != "unknown") & who.notna().to_numpy()
    missing = (style == "unknown") & who.notna().to_numpy()
    if not known.any() or not missing.any():
        return styles, score
    rank = {name: i for i, name in enumerate(STYLE_SOURCES)}
    rows = pd.DataFrame({"person": who[known].to_numpy(), "style": style[known], "source": source[known],
                         "rank": [rank[x] for x in source[known]], "row": np.flatnonzero(known),
                         "event": (pd.Series(event).astype("string").to_numpy()[known] if event is not None
                                   else np.zeros(int(known.sum()), dtype=object)),
                         "when": (np.asarray(event_rank, dtype=float)[known] if event_rank is not None
                                  else np.zeros(int(known.sum())))})
    rows = rows.sort_values(["when", "row"], kind="stable")
    # a person counted once per event (several sessions of one evening are one measure)
    best = rows[rows["rank"] == rows.groupby("person")["rank"].transform("min")]
    votes = best.drop_duplicates(["person", "event", "style"]).groupby(["person", "style"]).size().rename("votes")
    best = best.join(votes, on=["person", "style"])
    best = best[best["votes"] == best.groupby("person")["votes"].transform("max")]
    donor = best.groupby("person")["row"].last()           # sorted by event: the latest event's
    take = who.map(donor).to_numpy(dtype=float)
    fill = missing & np.isfinite(take)
    if not fill.any():
        return styles, score
    rows_from = take[fill].astype(np.int64)
    style, source = style.copy(), source.copy()
    style[fill], source[fill] = style[rows_from], source[rows_from]
    out = pd.DataFrame({"style": pd.Categorical(style, categories=list(STYLES)),
                        "style_source": pd.Categorical(source, categories=list(STYLE_SOURCES))}, index=styles.index)
    if score is not None:
        values = pd.array(score, dtype="Float64").copy()
        values[np.flatnonzero(fill)] = values[rows_from]
        score = pd.Series(values, index=getattr(score, "index", None))
    return out, score


def scale_asked_at_registration(scale, attendee_columns) -> bool:
    """Whether the style scale was asked before the event: ``scale.asked``, else its items are attendee columns.

    Example
    -------
    >>> from toolkit.settings import StyleScale
    >>> scale_asked_at_registration(StyleScale(items=("s1", "s2")), ["event_id", "s1", "s2"])
    True
    >>> scale_asked_at_registration(StyleScale(items=("s1", "s2")), ["event_id", "industry"])
    False
    """
    if getattr(scale, "asked", None) is not None:
        return scale.asked == "registration"
    columns = {str(c).strip().lower() for c in attendee_columns}
    return any(item in columns for item in scale.items)


@dataclass
class ScaleReliability:
    """Reliability of the networking-style scale.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha on complete responses (NaN with fewer than 2 complete responses).
    n : int
        Complete responses used.
    items : DataFrame
        One row per item: ``item``, ``reversed``, ``n_answered``, ``mean`` and ``sd``
        (after reversing), ``item_rest_r`` (correlation with the sum of the other
        items), ``alpha_if_dropped``.
    warnings : list of str
        Sentences for the validation report (low alpha, negative item-rest
        correlations, missing items, too few responses).
    
    Example
    -------
    >>> import pandas as pd
    >>> from toolkit.settings import StyleScale
    >>> survey = pd.DataFrame({"q1": [1, 2, 4, 5], "q2": [5, 4, 2, 1], "q3": [1, 3, 4, 5]})
    >>> rel = scale_reliability(survey, StyleScale(items=("q1", "q2", "q3"), reversed=("q2",)))
    >>> round(rel.alpha, 2) > 0.9
    True
    """

    alpha: float
    n: int
    items: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"alpha": None if not np.isfinite(self.alpha) else float(self.alpha), "n": int(self.n),
                "items": self.items.to_dict("records"), "warnings": list(self.warnings)}


def _alpha(values: np.ndarray) -> float:
    k = values.shape[1]
    if k < 2 or values.shape[0] < 2:
        return float("nan")
    item_var = values.var(axis=0, ddof=1).sum()
    total_var = values.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_var / total_var)) if total_var > 0 else float("nan")


def scale_reliability(survey: pd.DataFrame, scale) -> ScaleReliability:
    """Cronbach's alpha and item-rest correlations of the style scale, with warnings.

    Responses are used when every item is answered (listwise), after reversing
    the declared reversed items. An item that correlates negatively with the
    rest is usually a reversed item that ``netout.toml`` does not declare.

    Parameters
    ----------
    survey : DataFrame
        Survey answers with the scale's item columns.
    scale : toolkit.settings.StyleScale

    Returns
    -------
    ScaleReliability

    Example
    -------
    >>> from toolkit.settings import StyleScale
    >>> rng = np.random.default_rng(0)
    >>> trait = rng.normal(size=200)
    >>> s = pd.DataFrame({f"q{i}": np.clip(np.round(3 + trait + rng.normal(size=200)), 1, 5) for i in range(4)})
    >>> r = scale_reliability(s, StyleScale(items=("q0", "q1", "q2", "q3")))
    >>> round(r.alpha, 2) > 0.7, r.warnings
    (True, [])
    """
    warnings: list[str] = []
    columns = {c.strip().lower() for c in survey.columns}
    if not any(i in columns for i in scale.items):
        empty = pd.DataFrame(columns=["item", "reversed", "n_answered", "mean", "sd", "item_rest_r", "alpha_if_dropped"])
        return ScaleReliability(float("nan"), 0, empty, [
            f"none of the style-scale items {list(scale.items)} is a survey column: check [style_scale] items in "
            "netout.toml against the survey's column names"])
    items = _items(survey, scale)
    missing = [i for i in scale.items if i not in columns]
    if missing:
        warnings.append(f"style-scale items {missing} are not in the survey; they are scored as unanswered")
    answered = items.columns[items.notna().any()].tolist()
    complete = items[answered].dropna().to_numpy(dtype=float)
    n = complete.shape[0]
    alpha = _alpha(complete)
    rows = []
    for j, item in enumerate(answered):
        rest = np.delete(complete, j, axis=1)
        x = complete[:, j]
        r = float(np.corrcoef(x, rest.sum(axis=1))[0, 1]) if n > 2 and rest.shape[1] and x.std() > 0 and rest.sum(axis=1).std() > 0 else float("nan")
        rows.append({"item": item, "reversed": item in scale.reversed, "n_answered": int(items[item].notna().sum()),
                     "mean": float(np.nanmean(items[item])), "sd": float(np.nanstd(items[item], ddof=1)) if items[item].notna().sum() > 1 else float("nan"),
                     "item_rest_r": r, "alpha_if_dropped": _alpha(rest)})
    table = pd.DataFrame(rows, columns=["item", "reversed", "n_answered", "mean", "sd", "item_rest_r", "alpha_if_dropped"])
    if n < 30:
        warnings.append(f"only {n} complete responses to the style scale: its reliability is uncertain")
    if np.isfinite(alpha) and alpha < MIN_ALPHA:
        warnings.append(f"the style scale's Cronbach's alpha is {alpha:.2f}, below {MIN_ALPHA}: its items do not agree "
                        "well, so the reserved/self-directed split is noisy")
    for rec in table.itertuples():
        if np.isfinite(rec.item_rest_r) and rec.item_rest_r < 0:
            hint = ("probably a reversed item not declared as reversed in netout.toml [style_scale]"
                    if not rec.reversed else "it is declared reversed: check that it really is")
            warnings.append(f"style-scale item {rec.item!r} correlates negatively with the rest "
                            f"(r = {rec.item_rest_r:.2f}): {hint}")
    return ScaleReliability(alpha, n, table, warnings)

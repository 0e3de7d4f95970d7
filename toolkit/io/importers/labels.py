"""The answer labels survey tools write, by scale, and reading one question's answers with them.

Survey tools write the same scales with different words: Qualtrics'
"Somewhat agree" and "Extremely satisfied", SurveyMonkey's "Agree" and "Very
satisfied", and translations of both. This module knows the usual labels of
5- and 7-point agreement, satisfaction, likelihood and quality scales
(:data:`TOOL_LABELS_5`, :data:`TOOL_LABELS_7`) and reads a question's columns
(the rows of a matrix together) on the scale their labels show
(:func:`read_scale_answers`): labels only a 7-point scale has ("Slightly
agree", "Moderately satisfied"), or both "Agree" and "Somewhat agree" in one
question, mean the 7-point reading; otherwise the 5-point one.

Labels from a map's ``[likert]`` always win. Numbers (``4``, ``4 - Agree``)
are read as numbers.

Example
-------
>>> import pandas as pd
>>> answers = {"q_1": pd.Series(["Somewhat agree", "Strongly agree"]), "q_2": pd.Series(["Agree", "4"])}
>>> values, points, bad = read_scale_answers(answers)
>>> values["q_1"].tolist(), values["q_2"].tolist(), points
([5.0, 7.0], [6.0, 4.0], 7)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from toolkit.io import parsing
from toolkit.privacy import fold_accents

# The usual labels of 5-point scales beyond the toolkit's own (parsing.LIKERT_LABELS), tool by tool and in
# the languages organisers' surveys use most; written as :func:`fold_label` folds them (no accents, "," "/" "-"
# between words as a space), so "Plutôt d'accord", "PLUTOT D’ACCORD" and "Teils, teils" / "teils/teils" all match.
TOOL_LABELS_5: dict[str, float] = {
    # Qualtrics
    "extremely dissatisfied": 1, "somewhat dissatisfied": 2, "somewhat satisfied": 4, "extremely satisfied": 5,
    "extremely unlikely": 1, "somewhat unlikely": 2, "neither likely nor unlikely": 3, "somewhat likely": 4,
    "extremely likely": 5, "terrible": 1, "average": 3,
    "definitely not": 1, "probably not": 2, "might or might not": 3, "probably yes": 4, "definitely yes": 5,
    "none at all": 1, "a little": 2, "a moderate amount": 3, "a lot": 4, "a great deal": 5,
    # SurveyMonkey
    "very unlikely": 1, "unlikely": 2, "likely": 4, "very likely": 5, "neutral": 3,
    "very satisfied": 5,
    # Jotform's satisfaction scale
    "very unsatisfied": 1, "unsatisfied": 2,
    # French (Google Forms' and Microsoft Forms' usual wording, and the survey institutes')
    "pas du tout d'accord": 1, "plutot pas d'accord": 2, "pas d'accord": 2, "ni d'accord ni pas d'accord": 3,
    "plutot d'accord": 4, "d'accord": 4, "tout a fait d'accord": 5, "entierement d'accord": 5,
    "totalement d'accord": 5, "totalement en desaccord": 1, "en desaccord": 2,
    "tres insatisfait": 1, "pas du tout satisfait": 1, "insatisfait": 2, "plutot insatisfait": 2,
    "peu satisfait": 2, "ni satisfait ni insatisfait": 3, "moyennement satisfait": 3, "neutre": 3, "satisfait": 4,
    "plutot satisfait": 4, "assez satisfait": 4, "tres satisfait": 5,
    # German: the agreement scales "Stimme ... zu" and "Trifft ... zu", and satisfaction
    "stimme uberhaupt nicht zu": 1, "stimme gar nicht zu": 1, "stimme nicht zu": 2, "stimme eher nicht zu": 2,
    "teils teils": 3, "weder noch": 3, "stimme weder zu noch nicht zu": 3, "stimme eher zu": 4, "stimme zu": 4,
    "stimme voll und ganz zu": 5, "stimme voll zu": 5, "stimme vollig zu": 5,
    "trifft gar nicht zu": 1, "trifft uberhaupt nicht zu": 1, "trifft eher nicht zu": 2, "trifft wenig zu": 2,
    "trifft teilweise zu": 3, "trifft mittelmassig zu": 3, "trifft eher zu": 4, "trifft ziemlich zu": 4,
    "trifft voll zu": 5, "trifft voll und ganz zu": 5, "trifft vollig zu": 5,
    "sehr unzufrieden": 1, "unzufrieden": 2, "eher unzufrieden": 2, "eher nicht zufrieden": 2,
    "weder zufrieden noch unzufrieden": 3,
    "zufrieden": 4, "eher zufrieden": 4, "sehr zufrieden": 5,
    # Spanish
    "totalmente en desacuerdo": 1, "en desacuerdo": 2, "ni de acuerdo ni en desacuerdo": 3, "de acuerdo": 4,
    "totalmente de acuerdo": 5, "muy insatisfecho": 1, "insatisfecho": 2, "satisfecho": 4, "muy satisfecho": 5,
}

# 7-point scales (Qualtrics' defaults): the same words sit at other numbers than on 5 points.
TOOL_LABELS_7: dict[str, float] = {
    "strongly disagree": 1, "disagree": 2, "somewhat disagree": 3, "neither agree nor disagree": 4,
    "somewhat agree": 5, "agree": 6, "strongly agree": 7,
    "extremely dissatisfied": 1, "moderately dissatisfied": 2, "slightly dissatisfied": 3,
    "neither satisfied nor dissatisfied": 4, "slightly satisfied": 5, "moderately satisfied": 6,
    "extremely satisfied": 7,
    "extremely unlikely": 1, "moderately unlikely": 2, "slightly unlikely": 3, "neither likely nor unlikely": 4,
    "slightly likely": 5, "moderately likely": 6, "extremely likely": 7,
    "slightly disagree": 3, "slightly agree": 5,
}
# Labels found only on 7-point scales, and pairs that sit apart only there: either in one question means 7 points.
_SEVEN_ONLY = frozenset({"moderately dissatisfied", "slightly dissatisfied", "slightly satisfied", "moderately satisfied",
                         "moderately unlikely", "slightly unlikely", "slightly likely", "moderately likely",
                         "slightly disagree", "slightly agree"})
_SEVEN_PAIRS = (("agree", "somewhat agree"), ("disagree", "somewhat disagree"))


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# separators inside a label ("Teils, teils", "teils/teils", "Teils - teils", "Ni d'accord, ni pas d'accord")
_INNER_PUNCTUATION = re.compile(r"\s*[,;/]\s*|\s+[-\u2013\u2014]\s+|(?<=[^\W\d_])-(?=[^\W\d_])")


def fold_label(text: object) -> str:
    """A label as the tables above hold it: lower case, no accents, one apostrophe, separators as spaces.

    Example
    -------
    >>> fold_label("  Plutôt pas d\u2019ACCORD "), fold_label("Teils, teils"), fold_label("Stimme überhaupt nicht zu")
    ("plutot pas d'accord", 'teils teils', 'stimme uberhaupt nicht zu')
    """
    text = fold_accents(str(text).translate(_APOSTROPHES).casefold())
    return " ".join(_INNER_PUNCTUATION.sub(" ", text).split()).strip(" .")


_norm = fold_label


def five_point_labels(extra: Mapping[str, float] | None = None) -> dict[str, float]:
    """The labels read on a 5-point scale: the toolkit's, the tools', then ``extra`` (a map's ``[likert]``).

    Example
    -------
    >>> five_point_labels({"Bof": 2})["bof"], five_point_labels()["extremely satisfied"]
    (2.0, 5)
    """
    table = {**TOOL_LABELS_5}
    table.update({_norm(k): float(v) for k, v in (extra or {}).items()})
    return table


def scale_points(labels: set[str], extra: Mapping[str, float] | None = None) -> int | None:
    """7 where a question's labels show a 7-point scale, else None (read on 5 points).

    Example
    -------
    >>> scale_points({"somewhat agree", "agree"}), scale_points({"somewhat agree", "strongly agree"})
    (7, None)
    """
    own = {_norm(k) for k in (extra or {})}
    wording = {label for label in labels if label not in own}
    if not wording or not wording <= set(TOOL_LABELS_7):
        return None
    if wording & _SEVEN_ONLY or any(a in wording and b in wording for a, b in _SEVEN_PAIRS):
        return 7
    return None


def read_scale_answers(columns: Mapping[object, pd.Series], labels: Mapping[str, float] | None = None
                       ) -> tuple[dict[object, pd.Series], int | None, dict[object, pd.Series]]:
    """One question's columns read as numbers on the scale their labels show.

    Parameters
    ----------
    columns : mapping of key to Series
        The question's answer columns (one, or the rows of a matrix), as text.
    labels : mapping, optional
        A map's ``[likert]`` labels; they win over every other reading.

    Returns
    -------
    values : dict of key to Float64 Series
    points : 7 where read as a 7-point scale, else None
    bad : dict of key to bool Series: cells that are neither a number nor a known label

    Example
    -------
    >>> values, points, bad = read_scale_answers({"sat": pd.Series(["Extremely satisfied", "Très satisfait", "meh"])})
    >>> values["sat"].tolist(), points, bad["sat"].tolist()
    ([5.0, 5.0, <NA>], None, [False, False, True])
    """
    seen: set[str] = set()
    for series in columns.values():
        seen |= {_norm(v) for v in series.dropna().astype(str).unique()}
    points = scale_points({s for s in seen if s and not s.lstrip("+-")[:1].isdigit()}, labels)
    table = dict(TOOL_LABELS_7) if points == 7 else five_point_labels()
    table.update({_norm(k): float(v) for k, v in (labels or {}).items()})
    values, bad = {}, {}
    for key, series in columns.items():
        values[key], bad[key] = _read_labels(series, table)
    return values, points, bad


def _read_labels(series: pd.Series, table: Mapping[str, float]) -> tuple[pd.Series, pd.Series]:
    """A column's labels looked up folded (accents, case, apostrophes); numbers and the rest as the loader reads."""
    text = series.astype("string")
    folded = text.map(fold_label, na_action="ignore")
    known = pd.to_numeric(folded.map(table.get, na_action="ignore"), errors="coerce").astype("Float64")
    # the rest (numbers, "4 - agree", unknown words) through the one Likert reader, which reports what it cannot read
    values, bad = parsing.read_likert(text.where(known.isna()), labels=table)
    return known.fillna(values), bad & known.isna()

"""The answer labels survey tools write, by scale, and reading one question's answers with them.

Survey tools write the same scales with different words: Qualtrics'
"Somewhat agree" and "Extremely satisfied", SurveyMonkey's "Agree" and "Very
satisfied", and translations of both (German, French, Dutch, Spanish: "Trifft
eher zu", "Plutôt d'accord", "Mee eens", "De acuerdo"). This module knows the usual labels of
4-, 5- and 7-point agreement, satisfaction, likelihood and quality scales
(:data:`TOOL_LABELS_5`, :data:`TOOL_LABELS_7`, :data:`GRADED_LABELS`) and reads
a question's columns (the rows of a matrix together) on the scale their labels
show (:func:`read_scale_answers`): labels only a 7-point scale has ("Slightly
agree", "Moderately satisfied"), or both "Agree" and "Somewhat agree" in one
question, mean the 7-point reading; answers on both sides of a scale without
its middle answer ("Trifft nicht zu ... Trifft zu", "Strongly disagree ...
Strongly agree" with no "Neither", "Pas du tout d'accord ... Tout à fait
d'accord" with no "Ni d'accord ni pas d'accord") the 4-point reading, 1 to 4;
otherwise the 5-point one. A plain label sits at the end of its scale where the
question's labels have a softer one beside it and no stronger one ("Trifft zu"
beside "Trifft eher zu" is the top), else next to the end ("Agree" beside
"Strongly agree").

A question stays on five points where its text says so ("(1-5)": :func:`header_points`) or its labels and
the map's ``[likert]`` do (a middle word of its scale at 3, a label at 5: :func:`says_five_points`).

Labels from a map's ``[likert]`` always win. Numbers (``4``, ``4 - Agree``)
are read as numbers, and so are grades written out of their maximum (``4/5``, ``4 sur 5``, ``4 von 5``).

Example
-------
>>> import pandas as pd
>>> answers = {"q_1": pd.Series(["Somewhat agree", "Strongly agree"]), "q_2": pd.Series(["Agree", "4"])}
>>> values, points, bad = read_scale_answers(answers)
>>> values["q_1"].tolist(), values["q_2"].tolist(), points
([5.0, 7.0], [6.0, 4.0], 7)
>>> room = pd.Series(["Trifft nicht zu", "Trifft eher nicht zu", "Trifft eher zu", "Trifft zu"] * 3)
>>> values, points, bad = read_scale_answers({"q": room})
>>> values["q"].unique().tolist(), points
([1.0, 2.0, 3.0, 4.0], 4)
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
    "trifft gar nicht zu": 1, "trifft uberhaupt nicht zu": 1, "trifft nicht zu": 2, "trifft zu": 4,
    "trifft eher nicht zu": 2, "trifft wenig zu": 2,
    "trifft teilweise zu": 3, "trifft mittelmassig zu": 3, "trifft eher zu": 4, "trifft ziemlich zu": 4,
    "trifft voll zu": 5, "trifft voll und ganz zu": 5, "trifft vollig zu": 5,
    "sehr unzufrieden": 1, "unzufrieden": 2, "eher unzufrieden": 2, "eher nicht zufrieden": 2,
    "weder zufrieden noch unzufrieden": 3,
    "zufrieden": 4, "eher zufrieden": 4, "sehr zufrieden": 5,
    # Spanish: agreement, satisfaction and likelihood (SurveyMonkey's, Google Forms' and Microsoft Forms' wording)
    "totalmente en desacuerdo": 1, "muy en desacuerdo": 1, "en desacuerdo": 2, "ni de acuerdo ni en desacuerdo": 3,
    "de acuerdo": 4, "totalmente de acuerdo": 5, "muy de acuerdo": 5,
    "muy insatisfecho": 1, "insatisfecho": 2, "ni satisfecho ni insatisfecho": 3, "satisfecho": 4,
    "muy satisfecho": 5,
    "nada probable": 1, "muy improbable": 1, "extremadamente improbable": 1, "poco probable": 2, "improbable": 2,
    "ni probable ni improbable": 3, "moderadamente probable": 3,
    "probable": 4, "muy probable": 5, "extremadamente probable": 5, "totalmente probable": 5,
    # Dutch: agreement ("(Helemaal) mee eens", "(Helemaal) eens"), satisfaction and likelihood; "Neutraal" is
    # the middle of all three
    "helemaal mee oneens": 1, "helemaal niet mee eens": 1, "helemaal oneens": 1, "mee oneens": 2,
    "niet mee eens": 2, "oneens": 2, "neutraal": 3, "noch mee eens noch mee oneens": 3,
    "niet mee eens niet mee oneens": 3, "mee eens": 4, "eens": 4, "helemaal mee eens": 5, "helemaal eens": 5,
    "zeer ontevreden": 1, "helemaal niet tevreden": 1, "ontevreden": 2, "niet tevreden": 2,
    "noch tevreden noch ontevreden": 3, "niet tevreden niet ontevreden": 3, "tevreden": 4, "zeer tevreden": 5,
    "zeer onwaarschijnlijk": 1, "onwaarschijnlijk": 2, "noch waarschijnlijk noch onwaarschijnlijk": 3,
    "waarschijnlijk": 4, "zeer waarschijnlijk": 5,
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
# Qualtrics' Spanish 7-point likelihood words, which the toolkit does not read: beside them "Moderadamente
# probable" is not the middle of SurveyMonkey's 5-point scale
_SEVEN_ONLY_ES = frozenset({"ligeramente probable", "ligeramente improbable", "moderadamente improbable"})



def _graded(family: str, strong: tuple[tuple[str, ...], tuple[str, ...]],
            plain: tuple[tuple[str, ...], tuple[str, ...]],
            soft: tuple[tuple[str, ...], tuple[str, ...]],
            extreme: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())) -> dict[str, tuple[str, int, str]]:
    """A family's labels, each with its side (-1 below the middle, +1 above) and its strength."""
    return {label: (family, side, strength)
            for strength, pair in (("extreme", extreme), ("strong", strong), ("plain", plain), ("soft", soft))
            for side, labels in zip((-1, 1), pair) for label in labels}


#: The labels of agreement, satisfaction and likelihood scales by family: each label's side of the middle and
#: its strength. ``strong`` labels are the ends ("Strongly agree", "Trifft voll und ganz zu"), ``soft`` ones
#: next to the middle ("Somewhat agree", "Trifft eher zu", "Plutôt d'accord"), ``plain`` ones ("Agree",
#: "Trifft zu", "D'accord") at the end where the question has a soft label and no strong one, else beside it.
#: ``extreme`` ones are always the end, and a strong label of their side beside one is next to the end
#: (SurveyMonkey's Spanish "Muy probable" below "Extremadamente probable").
#: Written as :func:`fold_label` folds them.
GRADED_LABELS: dict[str, tuple[str, int, str]] = {
    **_graded("agree", (("strongly disagree", "totally disagree", "completely disagree", "disagree strongly"),
                        ("strongly agree", "totally agree", "completely agree", "agree strongly")),
              (("disagree",), ("agree",)),
              (("somewhat disagree", "tend to disagree", "mostly disagree"),
               ("somewhat agree", "tend to agree", "mostly agree"))),
    **_graded("satisfied", (("very dissatisfied", "extremely dissatisfied", "very unsatisfied"),
                            ("very satisfied", "extremely satisfied")),
              (("dissatisfied", "unsatisfied"), ("satisfied",)),
              (("somewhat dissatisfied",), ("somewhat satisfied",))),
    **_graded("likely", (("very unlikely", "extremely unlikely"), ("very likely", "extremely likely")),
              (("unlikely",), ("likely",)), (("somewhat unlikely",), ("somewhat likely",))),
    **_graded("trifft", (("trifft gar nicht zu", "trifft uberhaupt nicht zu"),
                         ("trifft voll zu", "trifft voll und ganz zu", "trifft vollig zu")),
              (("trifft nicht zu",), ("trifft zu",)),
              (("trifft eher nicht zu", "trifft wenig zu"), ("trifft eher zu", "trifft ziemlich zu"))),
    **_graded("stimme", (("stimme uberhaupt nicht zu", "stimme gar nicht zu"),
                         ("stimme voll und ganz zu", "stimme voll zu", "stimme vollig zu")),
              (("stimme nicht zu",), ("stimme zu",)), (("stimme eher nicht zu",), ("stimme eher zu",))),
    **_graded("zufrieden", (("sehr unzufrieden",), ("sehr zufrieden",)), (("unzufrieden",), ("zufrieden",)),
              (("eher unzufrieden", "eher nicht zufrieden"), ("eher zufrieden",))),
    **_graded("accord", (("pas du tout d'accord", "totalement en desaccord"),
                         ("tout a fait d'accord", "entierement d'accord", "totalement d'accord")),
              (("pas d'accord", "en desaccord"), ("d'accord",)), (("plutot pas d'accord",), ("plutot d'accord",))),
    **_graded("satisfait", (("tres insatisfait", "pas du tout satisfait"), ("tres satisfait",)),
              (("insatisfait",), ("satisfait",)),
              (("plutot insatisfait", "peu satisfait"), ("plutot satisfait", "assez satisfait"))),
    **_graded("acuerdo", (("totalmente en desacuerdo",), ("totalmente de acuerdo",)),
              (("en desacuerdo",), ("de acuerdo",)), (("algo en desacuerdo",), ("algo de acuerdo",))),
    **_graded("satisfecho", (("muy insatisfecho",), ("muy satisfecho",)), (("insatisfecho",), ("satisfecho",)),
              (("algo insatisfecho",), ("algo satisfecho",))),
    **_graded("probable", (("nada probable", "muy improbable"), ("muy probable",)),
              (("improbable",), ("probable",)), (("poco probable", "algo improbable"), ("algo probable",)),
              (("extremadamente improbable",), ("extremadamente probable", "totalmente probable"))),
    **_graded("eens", (("helemaal mee oneens", "helemaal niet mee eens", "helemaal oneens"),
                       ("helemaal mee eens", "helemaal eens")),
              (("mee oneens", "niet mee eens", "oneens"), ("mee eens", "eens")),
              (("enigszins mee oneens", "enigszins oneens"), ("enigszins mee eens", "enigszins eens"))),
    **_graded("tevreden", (("zeer ontevreden", "helemaal niet tevreden"), ("zeer tevreden",)),
              (("ontevreden", "niet tevreden"), ("tevreden",)),
              (("enigszins ontevreden",), ("enigszins tevreden", "redelijk tevreden"))),
    **_graded("waarschijnlijk", (("zeer onwaarschijnlijk",), ("zeer waarschijnlijk",)),
              (("onwaarschijnlijk",), ("waarschijnlijk",)),
              (("enigszins onwaarschijnlijk",), ("enigszins waarschijnlijk",))),
}


def graded_positions(labels: set[str], points: int) -> dict[str, float]:
    """Where the graded labels of one question sit on a scale of ``points`` (4 or 5), by the labels seen together.

    An extreme label is an end; a strong one an end unless an extreme label of its side is among ``labels``
    (then next to the end); a soft one next to the middle; a plain one an end where its family has a
    soft label among ``labels`` and no strong or extreme one, else next to the end.

    Example
    -------
    >>> graded_positions({"trifft nicht zu", "trifft eher zu", "trifft zu"}, 5)
    {'trifft eher zu': 4, 'trifft nicht zu': 1, 'trifft zu': 5}
    >>> graded_positions({"strongly disagree", "disagree", "agree"}, 4)
    {'agree': 3, 'disagree': 2, 'strongly disagree': 1}
    >>> graded_positions({"nada probable", "muy probable", "extremadamente probable"}, 5)
    {'extremadamente probable': 5, 'muy probable': 4, 'nada probable': 1}
    """
    seen = {label: GRADED_LABELS[label] for label in labels if label in GRADED_LABELS}
    strengths: dict[str, set[str]] = {}
    extreme_sides = {(family, side) for family, side, strength in seen.values() if strength == "extreme"}
    for family, _, strength in seen.values():
        strengths.setdefault(family, set()).add(strength)
    positions = {}
    for label, (family, side, strength) in sorted(seen.items()):
        outer = strength == "extreme" or (strength == "strong" and (family, side) not in extreme_sides) or (
            strength == "plain" and strengths[family] >= {"soft"} and not strengths[family] & {"strong", "extreme"})
        positions[label] = (1 if outer else 2) if side < 0 else (points if outer else points - 1)
    return positions


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


#: The fewest answers (a matrix's rows together) without a middle answer that show a 4-point scale: with
#: fewer, a 5-point question nobody answered in the middle looks the same (a room of 6 often has no "Neutral").
FOUR_POINTS_MIN_ANSWERS = 10


# The middle answers of the families' scales: a [likert] entry of one of these at 3 says that the questions of
# those families are on five points (the middle of another language's scale says nothing of them)
_MIDDLES: dict[str, frozenset[str]] = {label: frozenset(families) for label, families in {
    "neutral": ("agree", "satisfied", "likely", "acuerdo", "satisfecho", "probable"),
    "neither": ("agree", "satisfied", "likely"), "undecided": ("agree",),
    "neither agree nor disagree": ("agree",), "neither disagree nor agree": ("agree",),
    "neither satisfied nor dissatisfied": ("satisfied",), "neither likely nor unlikely": ("likely",),
    "teils teils": ("trifft", "stimme", "zufrieden"), "weder noch": ("trifft", "stimme", "zufrieden"),
    "stimme weder zu noch nicht zu": ("stimme",), "trifft teilweise zu": ("trifft",),
    "trifft mittelmassig zu": ("trifft",), "weder zufrieden noch unzufrieden": ("zufrieden",),
    "neutre": ("accord", "satisfait"), "ni d'accord ni pas d'accord": ("accord",),
    "ni satisfait ni insatisfait": ("satisfait",), "moyennement satisfait": ("satisfait",),
    "ni de acuerdo ni en desacuerdo": ("acuerdo",), "ni satisfecho ni insatisfecho": ("satisfecho",),
    "ni probable ni improbable": ("probable",), "moderadamente probable": ("probable",),
    "neutraal": ("eens", "tevreden", "waarschijnlijk"), "noch mee eens noch mee oneens": ("eens",),
    "niet mee eens niet mee oneens": ("eens",), "noch tevreden noch ontevreden": ("tevreden",),
    "niet tevreden niet ontevreden": ("tevreden",), "noch waarschijnlijk noch onwaarschijnlijk": ("waarschijnlijk",),
}.items()}


def says_five_points(labels: set[str], extra: Mapping[str, float] | None = None) -> bool:
    """Whether a question's labels, or the map's ``[likert]``, say its scale has five points though nobody
    answered in the middle.

    So it is where the map gives one of the question's labels the number 5 (a 4-point reading would put it
    beyond the scale), where the map's ``[likert]`` names the middle answer of the question's scale at 3
    ("Neither agree nor disagree" = 3, or "Neutral" for the English, Spanish or Jotform scales), or where a
    side of the question has both a strong and an extreme label (SurveyMonkey's Spanish "Muy probable" below
    "Extremadamente probable": its scale's middle is "Moderadamente probable").

    Example
    -------
    >>> agree = {"strongly disagree", "disagree", "agree", "strongly agree"}
    >>> says_five_points(agree), says_five_points(agree, {"Neutral": 3}), says_five_points(agree, {"Agree": 5})
    (False, True, True)
    >>> says_five_points({"trifft nicht zu", "trifft zu"}, {"Neutral": 3})
    False
    """
    own = {_norm(k): float(v) for k, v in (extra or {}).items()}
    if any(own.get(label, 0) >= 5 for label in labels):
        return True
    families = {GRADED_LABELS[label][0] for label in labels if label in GRADED_LABELS}
    if any(value == 3 and families & _MIDDLES.get(label, frozenset()) for label, value in own.items()):
        return True
    sides: dict[tuple[str, int], set[str]] = {}
    for label in labels - set(own):
        if label in GRADED_LABELS:
            family, side, strength = GRADED_LABELS[label]
            sides.setdefault((family, side), set()).add(strength)
    return any({"strong", "extreme"} <= strengths for strengths in sides.values())


# What a question's text says of its points: "(1-5)", "1 to 5", "von 1 bis 5", "de 1 à 5", "del 1 al 5",
# "van 1 tot 5", "(1 = poor, 5 = excellent)", "out of 5", "sur 5", "/5", "5-point"; compared without accents
_SAYS_POINTS = (
    re.compile(r"(?<![\d.,])1\s*(?:-|\u2013|\u2014|to|a|bis|tot|al|t/m)\s*(\d+)(?![\d.,]\d)"),
    re.compile(r"(?<![\d.,])1\s*=[^=]*?(?<![\d.,])(\d+)\s*="),
    re.compile(r"(?:out of|sur|von|op|/)\s*(\d+)(?![\d.,]\d)"),
    re.compile(r"(?<![\d.,])(\d+)[- ]?(?:point|points|punkte?|puntos|punten|stufige?)(?!\w)"),
)


def header_points(headers) -> int | None:
    """The points a question's text says its scale has (4, 5 or 7), or None where it says none or several.

    Example
    -------
    >>> header_points(["How satisfied were you? (1-5)"]), header_points(["Bewertung von 1 bis 4"])
    (5, 4)
    >>> header_points(["Rate it (1 = poor, 5 = excellent)"]), header_points(["How likely (0-10)?"])
    (5, None)
    """
    said = set()
    for header in headers or ():
        text = fold_accents(str(header).casefold())
        said |= {int(m.group(1)) for pattern in _SAYS_POINTS for m in pattern.finditer(text)} & {4, 5, 7}
    return said.pop() if len(said) == 1 else None


def scale_points(labels: set[str], extra: Mapping[str, float] | None = None, *, answers: int | None = None,
                 scale: str | int = "auto", said: int | None = None) -> int | None:
    """7 or 4 where a question's labels show a 7- or 4-point scale, else None (read on 5 points).

    Four points: every label is a graded one (:data:`GRADED_LABELS`), none a middle answer, some below the
    middle and some above, in at least :data:`FOUR_POINTS_MIN_ANSWERS` ``answers`` (where counted), and
    neither the question's text (``said``: :func:`header_points`) nor its labels and the map
    (:func:`says_five_points`) say five points; or the question's text says four.
    ``scale`` is the map's ``[survey] scale_points``: 4 reads every question of graded labels without a
    middle answer on four points, 5 none. Labels of the map's ``[likert]`` are the organiser's and show nothing.

    Example
    -------
    >>> scale_points({"somewhat agree", "agree"}), scale_points({"somewhat agree", "strongly agree"})
    (7, None)
    >>> scale_points({"disagree", "agree"}), scale_points({"disagree", "neutral", "agree"}), scale_points({"agree"})
    (4, None, None)
    >>> scale_points({"disagree", "agree"}, answers=6), scale_points({"agree"}, answers=6, scale=4)
    (None, 4)
    >>> scale_points({"disagree", "agree"}, said=5), scale_points({"disagree", "agree"}, answers=6, said=4)
    (None, 4)
    """
    own = {_norm(k) for k in (extra or {})}
    wording = {label for label in labels if label not in own}
    if not wording:
        return None
    if wording <= set(TOOL_LABELS_7) and (
            wording & _SEVEN_ONLY or any(a in wording and b in wording for a, b in _SEVEN_PAIRS)):
        return 7
    if scale == 5 or not wording <= set(GRADED_LABELS):
        return None
    if scale == 4 or said == 4:
        return 4
    if said == 5 or says_five_points(labels, extra):
        return None
    both_sides = {GRADED_LABELS[label][1] for label in wording} == {-1, 1}
    return 4 if both_sides and (answers is None or answers >= FOUR_POINTS_MIN_ANSWERS) else None


def too_few_to_tell(columns: Mapping[object, pd.Series], labels: Mapping[str, float] | None = None, *,
                    headers=()) -> int:
    """How many answers a question has where they look like a 4-point scale but are too few to show it; else 0.

    ``headers``: the question's texts, which may say its points (:func:`header_points`).

    Example
    -------
    >>> too_few_to_tell({"q": pd.Series(["Disagree", "Agree", "Strongly agree"])})
    3
    >>> too_few_to_tell({"q": pd.Series(["Disagree", "Neutral", "Agree"])})
    0
    """
    worded, answers, numbered = _wording(_as_grades(columns)[0])
    said = header_points(headers)
    if said is not None or numbered or answers >= FOUR_POINTS_MIN_ANSWERS or scale_points(worded, labels) != 4:
        return 0
    return answers


def _wording(columns: Mapping[object, pd.Series]) -> tuple[set[str], int, bool]:
    """A question's labels (folded), how many answers it has, and whether numbers are among them."""
    seen: set[str] = set()
    answers = 0
    for series in columns.values():
        text = series.dropna().astype(str)
        answers += int(text.str.strip().ne("").sum())
        seen |= {_norm(v) for v in text.unique()}
    worded = {s for s in seen if s and not s.lstrip("+-")[:1].isdigit()}
    return worded, answers, len(worded) < len({s for s in seen if s})


# A grade written out of its maximum: "4/5", "4 / 5", "4 sur 5", "4 von 5", "3 out of 5", "4 de 5", "4 op 5"
_GRADE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/|out of|sur|von|de|van|op|su)\s*(\d+)\s*$", re.IGNORECASE)
#: The maxima grades are written out of, and the points of the scale each says (None: five points, or 0-10
#: read as its numbers).
GRADE_MAXIMA: dict[int, int | None] = {4: 4, 5: None, 7: 7, 10: None}


def _as_grades(columns: Mapping[object, pd.Series]) -> tuple[dict[object, pd.Series], int | None]:
    """The columns with each grade written out of the question's maximum ("4/5") as its number ("4"), and that
    maximum (the most common one; None where no cell is a grade).

    A grade out of another maximum than the others, out of a maximum not in :data:`GRADE_MAXIMA`, or above its
    maximum ("6/5") is left as written, so that it is reported as unreadable.
    """
    found = {key: series.astype("string").str.extract(_GRADE) for key, series in columns.items()}
    maxima = pd.concat([f[1] for f in found.values()]).dropna().astype(int) if found else pd.Series(dtype=int)
    if maxima.empty:
        return dict(columns), None
    out_of = int(maxima.value_counts().idxmax())
    if out_of not in GRADE_MAXIMA:
        return dict(columns), None
    read = {}
    for key, series in columns.items():
        grade = found[key]
        number = pd.to_numeric(grade[0].str.replace(",", ".", regex=False), errors="coerce")
        fits = grade[1].astype("Float64").eq(out_of).fillna(False).astype(bool) & number.le(out_of).fillna(False)
        read[key] = series.astype("string").mask(fits, number.map(lambda v: f"{v:g}", na_action="ignore"))
    return read, out_of


def read_scale_answers(columns: Mapping[object, pd.Series], labels: Mapping[str, float] | None = None, *,
                       scale: str | int = "auto", headers=()) -> tuple[dict[object, pd.Series], int | None,
                                                                       dict[object, pd.Series]]:
    """One question's columns read as numbers on the scale their labels show.

    Parameters
    ----------
    columns : mapping of key to Series
        The question's answer columns (one, or the rows of a matrix), as text.
    labels : mapping, optional
        A map's ``[likert]`` labels; they win over every other reading.
    scale : {"auto", 4, 5}
        The map's ``[survey] scale_points``: whether graded labels without a middle answer are read on
        4 points where enough answers show it (``auto``), always (4) or never (5).
    headers : list of str, optional
        The question's texts (header, question text, matrix stem): where one says the scale's points
        ("(1-5)", "von 1 bis 4": :func:`header_points`), that decides between four and five points.

    Grades written out of their maximum ("4/5", "4 sur 5", "4 von 5") are their numbers; out of 7 they are
    read on 7 points, out of 4 on 4 points (:data:`GRADE_MAXIMA`).

    Returns
    -------
    values : dict of key to Float64 Series
    points : 7 or 4 where read as a 7- or 4-point scale (4: from 1 to 4), else None (5 points)
    bad : dict of key to bool Series: cells that are neither a number nor a known label

    Example
    -------
    >>> values, points, bad = read_scale_answers({"sat": pd.Series(["Extremely satisfied", "Très satisfait", "meh"])})
    >>> values["sat"].tolist(), points, bad["sat"].tolist()
    ([5.0, 5.0, <NA>], None, [False, False, True])
    >>> read_scale_answers({"sat": pd.Series(["4/5", "3 sur 5", "5 von 5"])})[0]["sat"].tolist()
    [4.0, 3.0, 5.0]
    """
    columns, out_of = _as_grades(columns)
    worded, answers, numbered = _wording(columns)
    points = scale_points(worded, labels, answers=answers, scale=scale, said=header_points(headers))
    if points == 4 and numbered:
        points = None   # numbers beside the words: the numbers say the scale, read on 5 points as before
    if points is None and not worded and out_of is not None:
        points = GRADE_MAXIMA[out_of]
    if points == 7:
        table = dict(TOOL_LABELS_7)
    else:
        table = five_point_labels()
        table.update(graded_positions(worded, points or 5))
        if worded & _SEVEN_ONLY_ES:
            # Qualtrics' Spanish 7-point words are not known: "Moderadamente probable" is its 6 there, not a middle
            table.pop("moderadamente probable", None)
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

"""Words for people (toolkit.wording): numbers, labels, and one reading of each effect."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit import wording
from toolkit.catalogue import KEY_FIGURES, OUTCOME_CATALOGUE
from toolkit.compare import better_formats
from toolkit.contract import OUTCOMES


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [(0.456, {"outcome": "familiar_share"}, "46%"), (3.14159, {}, "3.1"), (12345.6, {}, "12,346"),
     (None, {}, "–"), (float("nan"), {}, "–"), (pd.NA, {}, "–"), (-0.01, {}, "0"), (0.2, {"share": True}, "20%")],
)
def test_format_number_rounds_for_people(value, kwargs, text):
    assert wording.format_number(value, **kwargs) == text


def test_outcome_labels_cover_every_contract_outcome():
    for outcome in OUTCOMES:
        assert wording.outcome_label(outcome) != outcome.replace("_", " ") or outcome in ("contacts",)
        assert wording.outcome_help(outcome)
        assert OUTCOME_CATALOGUE[outcome].short_label
    for outcome in KEY_FIGURES:
        assert OUTCOME_CATALOGUE[outcome].summary_column


def test_small_groups_are_written_as_fewer_than_five():
    assert [wording.format_count(n) for n in (0, 1, 4, 5)] == ["0", "fewer than 5", "fewer than 5", "5"]


def test_yes_no_segments_are_named_in_words_in_every_writer():
    # the dashboard and netout compare used to print the raw codes True/False; the report said
    # "first-time"/"returning": one rule (wording.segment_label) for all
    effects = pd.DataFrame({"segment": ["False", "True"], "outcome": "new_contacts", "effect": [1.0, 2.0],
                            "ci_low": [0.5, 1.0], "ci_high": [1.5, 3.0], "n_structured": [40, 40],
                            "n_unstructured": [40, 40], "n_sessions_structured": [4, 4],
                            "n_sessions_unstructured": [4, 4], "assignment": "randomized", "covariates": [[], []]})
    words = wording.describe_effects(effects, by="first_time")
    assert [w.segment for w in words] == ["returning", "first-time"]
    assert words[1].sentence.startswith("For first-time attendees, structured sessions did better")
    sentences = wording.effect_sentences(effects, "new contacts", 0.95, "first_time")
    assert sentences[0].startswith("For returning attendees the structured format gave")


@pytest.mark.parametrize("outcome", ["new_contacts", "spectator", "familiar_share", "satisfaction"])
def test_the_verdict_is_the_library_rule_for_every_outcome(outcome):
    effects = pd.DataFrame({"segment": ["a", "b", "c", "d"], "outcome": outcome,
                            "effect": [0.2, -0.2, 0.05, float("nan")], "ci_low": [0.1, -0.3, -0.05, float("nan")],
                            "ci_high": [0.3, -0.1, 0.15, float("nan")]})
    words = wording.describe_effects(effects)
    assert [w.better for w in words] == list(better_formats(effects))
    assert [w.verdict for w in words] == [wording.VERDICTS[b] for b in better_formats(effects)]
    share = outcome in wording.SHARE_OUTCOMES
    assert words[0].difference == ("+20 pts" if share else "+0.2")
    assert words[3].difference == "–"


def test_cautions_are_said_once_with_the_segments_they_concern_and_without_personal_data():
    effects = pd.DataFrame({"segment": ["reserved", "self-directed", "tiny"],
                            "warnings": [["few sessions", "reserved: odd answers from ann@example.org"],
                                         ["few sessions"], ["few sessions", "tiny only"]]})
    cautions = wording.effect_cautions(effects, hidden=["tiny"])
    assert [(c.text, c.segments, c.everyone) for c in cautions] == [
        ("few sessions", ("reserved", "self-directed"), True),
        ("odd answers from [email]", ("reserved",), False),
    ]


def test_a_split_places_a_group_left_out_of_the_valuing_in_either_room():
    from toolkit.wording import options_sentences
    sentences = options_sentences(
        unit="new contacts", mix_source="given", mix={"reserved": 0.4, "self-directed": 0.4, "unknown": 0.2},
        expected={"structured": 9.1, "unstructured": 7.0, "split": 9.3}, cost_per_attendee=0.0,
        recommended="split", plan={"reserved": "structured", "self-directed": "unstructured"},
        probability_best=0.7, difference={"versus": "structured", "advantage": 0.2, "ci_low": -0.3, "ci_high": 0.7},
        confidence=0.95, left_out=["unknown"])
    plan_sentence = next(s for s in sentences if s.startswith("Recommended: split"))
    for group in ("reserved", "self-directed", "unknown"):
        assert f"{group} attendees to" in plan_sentence
    assert "unknown attendees to either" in plan_sentence


def test_a_recommendation_that_cannot_compare_says_why_for_the_groups_of_the_mix():
    """The example folder ran both formats, with 4 people of company size 250+ in each, Finance and Hospitality
    with 3 and 1 in structured, and Construction in one format only: the answer names those reasons, not "the
    formats were not seen side by side"; with one session of each format, too few sessions."""
    from toolkit.datasets import example_folder
    from toolkit.io.load import load_event_data
    from toolkit.outcomes import compute_outcomes
    from toolkit.recommend import recommend_format

    table = compute_outcomes(load_event_data(example_folder()))
    sizes = table.groupby(["company_size", "format"]).size()
    assert sizes["250+"].tolist() == [4, 4]  # the planted cases: both formats, fewer than 5 in each
    by_industry = table.groupby(["industry", "format"]).size().unstack(fill_value=0)
    assert by_industry.loc[["Construction", "Finance", "Hospitality"], "structured"].tolist() == [2, 3, 1]
    assert by_industry.loc["Construction", "unstructured"] == 0
    first = table[table["event_id"] == "E01"]
    one_room_each = first[first.groupby("format")["session_id"].transform(lambda s: s == sorted(s.unique())[0])]

    def advice(data, by, mix):
        return recommend_format(data, outcome="new_contacts", by=by, mix=mix, random_state=0)

    cases = [
        (advice(table, "company_size", {"250+": 1.0}),
         "yet: fewer than 5 attendees whose company size is 250+ were in one of the formats, too few to describe."),
        (advice(table, "industry", {"Construction": 1.0}),
         "yet: attendees whose industry is Construction were seen in one format only."),
        (advice(table, "industry", {"Finance": 0.5, "Hospitality": 0.5}),
         "yet: in each group (Finance and Hospitality) fewer than 5 people were in one of the formats"),
        (advice(table, "industry", {"Construction": 0.5, "Finance": 0.5}),
         "yet: attendees whose industry is Construction were seen in one format only, and fewer than 5 attendees "
         "whose industry is Finance were in one of the formats"),
        (advice(one_room_each, "style", None),
         "yet: too few sessions of each format to tell how sure the difference is."),
    ]
    for recommendation, reason in cases:
        assert wording.certainty(recommendation).state == "cannot_compare"
        for face in (recommendation, recommendation.to_dict()):  # the dashboard reads the object, the report its document
            answer = wording.recommendation_answer(face)
            assert reason in answer and "side by side" not in answer, answer


def test_a_difference_without_an_interval_says_why_instead_of_dashes():
    """One session of a format gives a difference but no interval: every face says so, never '– to –'."""
    row = {"segment": "reserved", "outcome": "new_contacts", "effect": 1.5, "ci_low": float("nan"),
           "ci_high": float("nan")}
    words = wording.describe_effect(row)
    for text in (words.interval, words.interval_phrase, words.summary, words.sentence):
        assert "– to –" not in text and "too few sessions" in text
    assert "which includes no difference" not in words.sentence
    measured = wording.describe_effect(row | {"ci_low": 0.5, "ci_high": 2.5})
    assert measured.interval == "+0.5 to +2.5" and measured.interval_phrase == "95% interval +0.5 to +2.5"
    nothing = wording.describe_effect(row | {"effect": float("nan")})
    assert nothing.interval == "–" and nothing.interval_phrase == "no difference measured"


@pytest.mark.parametrize("by", ["industry", "company_size", "networking_style"])
def test_the_mixing_sentence_reads_for_any_grouping(by):
    """'75% of contacts were between different industrys' (a plural made by adding an s)."""
    from toolkit.wording import column_label, mixing_answer

    mixing = pd.DataFrame({"session_id": ["all"], "format": ["unstructured"], "people": [26], "contacts": [55],
                           "mixed_share": [0.75], "new_per_person": [4.1], "bridgers": [0], "bridger_share": [0.0]})
    sentence = mixing_answer(mixing, by=by, event="2026-03")
    assert f"between people whose {column_label(by)} differs" in sentence and f"{column_label(by)}s" not in sentence


def test_one_sentence_says_why_attendees_are_grouped_by_something_else_than_style():
    """netout compare/recommend/report, and the plan with or without past events, word it alike."""
    assert wording.grouping_note("style") is None
    assert wording.grouping_note("style", source="registrations") is None
    assert wording.grouping_note("industry") == (
        "Grouped by industry: no one's networking style is recorded in this data (--by chooses another grouping).")
    assert wording.grouping_note("company_size", source="registrations") == (
        "Grouped by company size: no one's networking style is in the registrations (--by chooses another grouping).")
    assert wording.grouping_note("industry", source="past events") == (
        "Grouped by industry, as the past events are compared (netout compare and recommend open on it; --by "
        "chooses another grouping).")
    with pytest.raises(ValueError, match="source"):
        wording.grouping_note("industry", source="survey")


def test_no_advice_reads_the_survey_per_event_note_as_compare_writes_it():
    """Everyone in both formats answered the survey once: the reason is told from the comparison's own note, so
    the words compare writes and the words recommend recognises must stay one text."""
    import numpy as np

    from toolkit.compare.notes import exposure_notes
    from toolkit.compare.within import ExposureDesign

    notes = exposure_notes(ExposureDesign(within=False, excluded=np.zeros(0, dtype=bool), n_both=117, n_one=0,
                                          n_several_one_row=0, survey=True))
    said = wording.no_advice_sentences(unit="satisfaction", mix_source="last_event", mix={"reserved": 1.0},
                                       expected={"structured": float("nan"), "unstructured": float("nan")},
                                       seen={"structured": 0, "unstructured": 0}, incomparable=[], notes=notes)
    assert said[1].startswith("117 people were in both formats at an event and answered the survey once for both")
    assert not any(s.startswith("No attendee in a networking session") for s in said)


def test_recorded_differently_recognises_the_note_compare_writes():
    from toolkit.compare.notes import CHANNELS_DIFFER_NOTE

    assert wording.recorded_differently((f"{CHANNELS_DIFFER_NOTE}: in structured sessions by ...",))
    assert not wording.recorded_differently([f"Note: {CHANNELS_DIFFER_NOTE}"])    # its opening, not any mention
    assert not wording.recorded_differently(CHANNELS_DIFFER_NOTE)                 # a list of notes, not one text

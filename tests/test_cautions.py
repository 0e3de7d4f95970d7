"""Cautions grouped, deduplicated and ranked (issue 15, item 2): the demo split by industry on satisfaction gave
about 30 bullets, the same caution once per group, and one named a Python argument and a command-line flag."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toolkit.wording import CAUTION_KINDS, effect_cautions, group_cautions

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture(scope="module")
def industry_satisfaction():
    import toolkit

    table = toolkit.compute_outcomes(toolkit.load_event_data(DEMO))
    return toolkit.compare_formats(table, outcome="satisfaction", by="industry", random_state=0)


def test_the_flood_becomes_a_few_ranked_cautions(industry_satisfaction):
    raw = sum(len(w) for w in industry_satisfaction["warnings"])
    groups = group_cautions(industry_satisfaction, by="industry")
    assert raw >= 30 and len(groups) <= len(CAUTION_KINDS)
    kinds = [g.kind for g in groups]
    assert len(kinds) == len(set(kinds)), "one caution per kind"
    assert [g.rank for g in groups] == sorted(g.rank for g in groups), "most serious first"
    assert kinds[0] == "few_sessions"  # the caution that changes what to believe comes first


@pytest.mark.parametrize("face", ["report", "dashboard"])
def test_no_instruction_for_another_face(industry_satisfaction, face):
    lines = [g.line for g in group_cautions(industry_satisfaction, by="industry", face=face)]
    assert not any("--" in line or "=True" in line for line in lines), lines
    # the raw warnings did carry them: the test would catch a regression
    assert any("--weight-nonresponse" in c.text for c in effect_cautions(industry_satisfaction))


def test_the_command_line_keeps_its_own_flag(industry_satisfaction):
    actions = {g.kind: g.action for g in group_cautions(industry_satisfaction, by="industry", face="cli")}
    assert "--weight-nonresponse" in actions["response_differs"]


def test_segments_are_named_once_in_words():
    effects = pd.DataFrame({"segment": ["True", "False"], "warnings": [
        ["Fewer than 5 structured and 40 unstructured True attendees: too few for a firm conclusion."], []]})
    (group,) = group_cautions(effects, by="first_time")
    assert group.segments == ("True",) and not group.everyone
    assert "first-time attendees" in group.text and "True" not in group.text
    assert group.kind == "few_attendees"
    # the older wording, with both counts, is still read as the same caution
    (older,) = group_cautions(effects.assign(warnings=[["Only 12 structured and 40 unstructured True attendees: too "
                                                        "few for a firm conclusion."], []]), by="first_time")
    assert older.kind == "few_attendees"


def test_hidden_segments_and_unknown_warnings():
    effects = pd.DataFrame({"segment": ["a", "b"], "warnings": [["Something new happened."], ["Fewer than 5 structured "
                                                                "and fewer than 5 unstructured b attendees: too few."]]})
    groups = group_cautions(effects, by="industry", hidden=["b"])
    assert [(g.kind, g.text) for g in groups] == [("other", "Something new happened.")]


def test_a_within_person_comparisons_repeated_cautions_are_said_once():
    """A newcomer's season report listed 'At ..., ... all reserved attendees had the same order of formats ...'
    once per group, and 'Only 16 reserved attendees were seen in both formats' apart from the other groups'."""
    effects = pd.DataFrame({"segment": ["reserved", "self-directed"], "warnings": [
        ["Only 16 reserved attendees were seen in both formats: too few for a firm conclusion.",
         "At E01, E02 all reserved attendees had the same order of formats (or the order is unknown), so there the "
         "format cannot be told apart from coming first or second; the estimate assumes the order makes no "
         "difference."],
        ["Only 15 self-directed attendees were seen in both formats: too few for a firm conclusion.",
         "At E01 all self-directed attendees had the same order of formats (or the order is unknown), so there the "
         "format cannot be told apart from coming first or second; the estimate assumes the order makes no "
         "difference."]]})
    groups = group_cautions(effects, by="style", face="report")
    assert [g.kind for g in groups] == ["few_attendees", "order_confounded"]
    assert all(g.segments == ("reserved", "self-directed") for g in groups)
    assert "first or second" in groups[1].text and "half the rooms" in groups[1].action


def test_a_caution_about_every_group_reads_as_a_sentence():
    """A newcomer's compare by industry said 'Some every group have no value for this outcome' and 'Few
    attendees to compare for every group'."""
    effects = pd.DataFrame({"segment": ["law", "retail"], "warnings": [
        ["Fewer than 5 attendees whose industry is law have no contacts value (x) and are left out.",
         "Only 12 structured and 40 unstructured attendees whose industry is law: too few for a firm conclusion.",
         "None of the attendees whose industry is law was in an unstructured session, so the formats cannot be "
         "compared here."],
        ["Fewer than 5 attendees whose industry is retail have no contacts value (x) and are left out.",
         "Only 11 structured and 40 unstructured attendees whose industry is retail: too few for a firm conclusion.",
         "None of the attendees whose industry is retail was in a structured session, so the formats cannot be "
         "compared here."]]})
    texts = {g.kind: g.text for g in group_cautions(effects, by="industry", face="cli")}
    assert texts["values_missing"].startswith("Some attendees of every group have no value")
    assert texts["few_attendees"] == "Too few attendees for a firm conclusion for every group."
    assert texts["never_compared"].startswith("Attendees of every group were seen in one format only")
    assert not any("Some every" in t or "for attendees of every" in t for t in texts.values())

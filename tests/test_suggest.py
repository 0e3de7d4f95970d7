"""``netout import survey --suggest-map``: which question the suggester takes for which contract field.

Headers as survey tools write them (Google Forms, Microsoft Forms, SurveyMonkey,
Typeform; numbering, trailing punctuation, brackets), each with the guess a
person checking the map would accept, or none. The guesses match whole words:
a count question never becomes a yes/no or scale field.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toolkit.io.importers.suggest import suggest_survey_map

# (header, expected guess or None, whether a style item is reversed)
HEADERS = [
    # Google Forms: the question as the header
    ("How satisfied were you with the networking session?", "satisfaction"),
    ("Did you meet someone who can help your business?", "met_helpful"),
    ("Would you come to another event?", "would_return"),
    ("Would you come again?", "would_return"),
    ("Would you attend again?", "would_return"),
    ("Will you join our next event?", "would_return"),
    ("Is this your first event with us?", "first_time"),
    ("Is this your first time attending?", "first_time"),
    ("Which industry do you work in?", "industry"),
    ("I find it easy to start a conversation with a stranger", "style_1"),
    ("How reserved are you? [1-5]", "style_1"),
    ("Please rate the following [Catering]", None),
    # counts: never a yes/no or scale field
    ("How many people did you meet?", None),
    ("How many new contacts did you make?", None),
    ("How many of the people you met could help your business?", None),
    ("How many times have you attended our events?", None),
    ("Number of business cards exchanged", None),
    ("How many new people did you talk to?", None),
    # ...but a company's size may be asked as a count
    ("How many employees work at your organisation?", "company_size"),
    ("Company size (number of employees)", "company_size"),
    # whole words only: none of these is what a substring would make it
    ("First impressions of the venue", None),
    ("Which session did you attend first?", None),
    ("Was the meeting app helpful?", None),
    ("Did you remember to bring business cards?", None),
    ("Are you a returning attendee?", None),
    ("Were you dissatisfied with anything?", None),
    ("Would you recommend this event to a colleague?", None),     # yes/no, not a 0-10 score
    ("Any suggestions for improvement?", None),
    # numbering and punctuation
    ("Q3. How satisfied were you overall?", "satisfaction"),
    ("3. Did you meet anyone useful for your business?", "met_helpful"),
    ("Q7) Would you come back!", "would_return"),
    # Microsoft Forms
    ("Would you come to one of our events again?", "would_return"),
    ("I prefer to be introduced by someone rather than introduce myself", "style_1"),
    # SurveyMonkey
    ("Overall, how satisfied or dissatisfied were you with the networking event?", "satisfaction"),
    ("How likely is it that you would recommend this event to a friend or colleague?", "nps"),
    # Typeform
    ("On a scale of 0-10, how likely are you to recommend us?", "nps"),
    ("Was this your first time at one of our events?", "first_time"),
    ("Do you plan to return next year?", "would_return"),
]
REVERSED = {"How reserved are you? [1-5]", "I prefer to be introduced by someone rather than introduce myself"}


def _google_forms(path: Path, header: list[str], row: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", "Email Address", *header])
        writer.writerow(["2026/10/08 9:02:11 PM CET", "ann@example.org", *row])
    return path


@pytest.mark.parametrize("header,expected", HEADERS, ids=[h for h, _ in HEADERS])
def test_each_header_gets_the_guess_a_person_would_accept(tmp_path, header, expected):
    suggestion = suggest_survey_map(_google_forms(tmp_path / "form.csv", [header], ["3"]))
    assert suggestion.tool == "google_forms"
    assert suggestion.guesses.get("Email Address") == "attendee_id"
    assert suggestion.guesses.get(header) == expected
    if expected and expected.startswith("style_"):
        assert suggestion.reversed == (["style_1"] if header in REVERSED else [])


def test_a_header_without_a_guess_stays_a_comment_in_the_map(tmp_path):
    suggestion = suggest_survey_map(_google_forms(tmp_path / "form.csv", ["How many people did you meet?"], ["4"]))
    assert '# "How many people did you meet?" = ""   # no guess' in suggestion.text


def _suggest_from_rows(path, rows):
    """The suggestion for an export written as its tool writes it (a CSV of ``rows``)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return suggest_survey_map(path)


def test_a_surveymonkey_export_with_two_header_rows(tmp_path):
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "How many people did you meet?", "Overall, how satisfied or dissatisfied were you?",
             "Did you meet anyone who could help your business?", "Would you come to another event?"],
            ["", "", "", "", "", "", "Response", "Response", "Response", "Response"],
            ["114", "4", "10/08/2026", "10/08/2026", "", "ann@example.org", "6", "Very satisfied", "Yes", "Yes"]]
    suggestion = _suggest_from_rows(tmp_path / "monkey.csv", rows)
    assert suggestion.tool == "surveymonkey"
    assert suggestion.guesses == {"Email Address": "attendee_id",
                                  "Overall, how satisfied or dissatisfied were you?": "satisfaction",
                                  "Did you meet anyone who could help your business?": "met_helpful",
                                  "Would you come to another event?": "would_return"}


def test_a_typeform_export(tmp_path):
    rows = [["#", "Is this your first time attending?", "How many new contacts did you make?",
             "On a scale of 0-10, how likely are you to recommend us?", "email", "Start Date (UTC)",
             "Submit Date (UTC)", "Network ID"],
            ["x1", "Yes", "3", "9", "ann@example.org", "2026-10-08 19:00:00", "2026-10-08 19:03:00", "abc"]]
    suggestion = _suggest_from_rows(tmp_path / "typeform.csv", rows)
    assert suggestion.tool == "typeform"
    assert suggestion.guesses == {"Is this your first time attending?": "first_time",
                                  "On a scale of 0-10, how likely are you to recommend us?": "nps",
                                  "email": "attendee_id"}

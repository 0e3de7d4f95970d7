"""An organiser's own words for codes and yes/no answers: built-in synonyms and ``[values.COLUMN]`` in netout.toml.

Follow-up kinds as a CRM or a spreadsheet writes them ("Coffee", "Zoom",
"LinkedIn message") read as the contract's kinds; words the toolkit does not
know are reported (file, row, column) with the line of netout.toml that maps
them, and read once that line is there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.contract import TABLE_NAMES
from toolkit.errors import DataValidationError, NetoutError
from toolkit.io.rules import field_rules
from toolkit.settings import VALUE_FIELDS, Settings

# the kind as an organiser's sheet writes it -> the contract's kind
KIND_WORDS = {"Coffee": "meeting", "Lunch": "meeting", "In person": "meeting", "Met up": "meeting",
              "in-person meeting": "meeting", "Phone": "call", "Video call": "call", "Zoom": "call",
              "Teams": "call", "zoom call!": "call", "E-mail": "email", "Mail": "email", "EMAIL.": "email",
              "LinkedIn message": "social", "LinkedIn": "social", "meeting": "meeting"}


@pytest.fixture()
def folder(tmp_path) -> Path:
    target = tmp_path / "season"
    shutil.copytree(toolkit.datasets.example_folder(), target)
    return target


def _set_cells(path: Path, column: str, values: dict[int, str]) -> None:
    """Write ``values`` (spreadsheet row -> text) into ``column`` of a CSV."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for row, value in values.items():
        frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False)


def _problems(folder: Path, file: str, column: str):
    report = toolkit.validate_folder(folder, secret="k")
    return [p for p in report.problems if p.file.endswith(file) and p.column == column]


def test_follow_up_kinds_in_everyday_words_read_as_the_contracts_kinds(folder):
    words = list(KIND_WORDS)
    _set_cells(folder / "E01" / "followups.csv", "kind", {2 + k: w for k, w in enumerate(words)})
    assert _problems(folder, "E01/followups.csv", "kind") == []
    raw = pd.read_csv(folder / "E01" / "followups.csv", dtype=str, nrows=len(words))
    data = toolkit.load_event_data(folder, secret="k")
    read = data.followups[data.followups["event_id"] == "E01"].head(len(words))
    assert read["kind"].astype(str).tolist() == [KIND_WORDS[w] for w in raw["kind"]]


def test_an_unknown_kind_is_reported_with_the_line_that_maps_it_then_read(folder):
    _set_cells(folder / "E01" / "followups.csv", "kind", {4: "WhatsApp", 7: "whatsapp"})
    before = len(toolkit.load_event_data(folder, secret="k").followups)
    problems = _problems(folder, "E01/followups.csv", "kind")
    assert [(p.row, p.value, p.severity) for p in problems] == [(4, "WhatsApp", "warning"), (7, "whatsapp", "warning")]
    message = " ".join(str(p) for p in problems)
    assert "set aside" in message and "[values.kind]" in message and '"WhatsApp" = "social"' in message
    with open(folder / "netout.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[values.kind]\n"WhatsApp" = "social"\n')
    assert _problems(folder, "E01/followups.csv", "kind") == []
    assert len(toolkit.load_event_data(folder, secret="k").followups) == before + 2


def test_a_format_not_understood_says_values_format_can_map_it(folder):
    _set_cells(folder / "E01" / "sessions.csv", "format", {2: "Round tables"})
    with pytest.raises(DataValidationError) as caught:
        toolkit.load_event_data(folder, secret="k")
    problem = next(p for p in caught.value.report.problems if p.column == "format")
    assert (problem.file.endswith("E01/sessions.csv"), problem.row, problem.value) == (True, 2, "Round tables")
    assert "[values.format] in netout.toml" in problem.message and '"Round tables" = "structured"' in problem.message
    with open(folder / "netout.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[values.format]\n"Round tables" = "structured"\n')
    sessions = toolkit.load_event_data(folder, secret="k").sessions
    assert sessions.loc[sessions["session_id"] == "E01-S01", "format"].astype(str).tolist() == ["structured"]


def test_an_events_own_netout_toml_maps_words_for_that_event_only(folder):
    _set_cells(folder / "E01" / "sessions.csv", "assignment", {2: "Drawn by lot", 3: "Drawn by lot"})
    (folder / "E01" / "netout.toml").write_text('[values.assignment]\n"Drawn by lot" = "randomized"\n',
                                                encoding="utf-8")
    sessions = toolkit.load_event_data(folder, secret="k").sessions
    assert set(sessions.loc[sessions["event_id"] == "E01", "assignment"].astype(str)) == {"randomized"}
    _set_cells(folder / "E02" / "sessions.csv", "assignment", {2: "Drawn by lot"})
    problems = _problems(folder, "E02/sessions.csv", "assignment")
    assert problems and "[values.assignment]" in problems[0].message


def test_values_that_cannot_be_meant_are_refused_naming_what_is_allowed():
    with pytest.raises(NetoutError, match=r"\[values.kind\] 'Fax' = 'fax': use one of 'email', 'call'"):
        Settings.from_dict({"values": {"kind": {"Fax": "fax"}}})
    with pytest.raises(NetoutError, match=r"\[values.colour\]: no such column.*takes format, assignment, kind"):
        Settings.from_dict({"values": {"colour": {"Red": "structured"}}})
    assert Settings.from_dict({"values": {"met_helpful": {"Maybe": ""}}}).values == {"met_helpful": {"maybe": ""}}


def test_value_fields_are_the_contracts_code_and_yes_no_columns():
    codes = {c: r.codes for t in TABLE_NAMES for c, r in field_rules(t).items() if r.kind == "code"}
    yes_no = {c for t in TABLE_NAMES for c, r in field_rules(t).items() if r.kind == "yes_no"}
    # survey answers, read as yes/no where they are answered (a reported follow-up: the survey import's own)
    survey_yes_no = {"met_helpful", "would_return", "followed_up_reported"}
    assert {c: a for c, a in VALUE_FIELDS.items() if a != ("yes", "no", "")} == codes
    assert {c for c, a in VALUE_FIELDS.items() if a == ("yes", "no", "")} == yes_no | survey_yes_no


# ---------------------------------------------------------------------------- "Maybe" in a yes/no survey question

SURVEY = ("Timestamp,Email Address,Did you meet someone who can help your business?,Would you come to another event?\n"
          "2026/10/08 9:00:00 PM CET,ann@example.org,Yes,Maybe\n"
          "2026/10/08 9:01:00 PM CET,bo@example.org,Not sure,Yes\n"
          "2026/10/08 9:02:00 PM CET,cy@example.org,No,Maybe\n")
SURVEY_MAP = ('[columns.survey]\n"Email Address" = "attendee_id"\n'
              '"Did you meet someone who can help your business?" = "met_helpful"\n'
              '"Would you come to another event?" = "would_return"\n')


def _import_survey(tmp_path: Path, extra: str = "", event: str = "e1"):
    from toolkit.io.importers import import_export

    (tmp_path / "responses.csv").write_text(SURVEY, encoding="utf-8")
    (tmp_path / "map.toml").write_text(SURVEY_MAP + extra, encoding="utf-8")
    return import_export("survey", [tmp_path / "responses.csv"], out=tmp_path / event,
                         column_map=tmp_path / "map.toml", secret="k")


def test_maybe_in_a_yes_no_question_is_counted_and_says_how_to_map_it(tmp_path):
    result = _import_survey(tmp_path)
    report = result.report[result.report["what"] == "value_not_mapped"]
    would = report[report["column"] == "Would you come to another event?"]
    assert would["row"].tolist() == [2, 4]
    reason = would["reason"].iloc[0]
    assert "2 of 3 answers" in reason and "left empty" in reason and "[values.would_return]" in reason
    assert '"Maybe" = "no"' in reason
    helped = report[report["column"] == "Did you meet someone who can help your business?"]
    assert helped["row"].tolist() == [3] and "[values.met_helpful]" in helped["reason"].iloc[0]
    assert "[values.would_return]" in result.summary()
    assert result.tables["survey"]["would_return"].isna().sum() == 2


def test_values_in_the_map_read_maybe_and_go_into_the_folder(tmp_path):
    result = _import_survey(tmp_path, '[values.would_return]\n"Maybe" = "no"\n[values.met_helpful]\n"Not sure" = ""\n')
    survey = result.tables["survey"]
    assert survey["would_return"].tolist() == ["no", "yes", "no"]
    assert survey["met_helpful"].tolist()[0] == "yes" and pd.isna(survey["met_helpful"].tolist()[1])
    assert (result.report["what"] == "value_not_mapped").sum() == 0
    assert "1 answer(s) left empty as [values.met_helpful] of the map says" in result.summary()
    written = Settings.read(tmp_path / "e1")
    assert written.values == {"would_return": {"maybe": "no"}, "met_helpful": {"not_sure": ""}}


def test_the_loader_says_how_to_map_maybe_and_reads_it_once_mapped(folder):
    _set_cells(folder / "E01" / "survey.csv", "met_helpful", {3: "Maybe"})
    problems = _problems(folder, "E01/survey.csv", "met_helpful")
    assert [(p.row, p.value) for p in problems] == [(3, "Maybe")]
    assert "[values.COLUMN] in netout.toml" in problems[0].message and '"Maybe" = "no"' in problems[0].message
    with open(folder / "netout.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[values.met_helpful]\n"Maybe" = "yes"\n')   # the row said "no" before: the map shows
    assert _problems(folder, "E01/survey.csv", "met_helpful") == []
    survey = toolkit.load_event_data(folder, secret="k").survey
    assert survey[survey["event_id"] == "E01"]["met_helpful"].iloc[1] == True  # noqa: E712 (a nullable boolean)


def test_registrations_read_first_time_through_values_too(tmp_path):
    from toolkit.io.importers import import_export

    (tmp_path / "report.csv").write_text(
        "Email,Attendee Status,Is this your first event with us?\n"
        "ann@example.org,Checked In,Yes\nbo@example.org,Checked In,Not sure\ncy@example.org,Checked In,No\n",
        encoding="utf-8")
    (tmp_path / "map.toml").write_text('[columns.attendees]\n"Is this your first event with us?" = "first_time"\n',
                                       encoding="utf-8")
    plain = import_export("registrations", [tmp_path / "report.csv"], out=tmp_path / "a", secret="k",
                          column_map=tmp_path / "map.toml")
    unread = plain.report[plain.report["what"] == "value_not_mapped"]
    assert unread["row"].tolist() == [3] and "[values.first_time]" in unread["reason"].iloc[0]
    with open(tmp_path / "map.toml", "a", encoding="utf-8") as handle:
        handle.write('[values.first_time]\n"Not sure" = "no"\n')
    mapped = import_export("registrations", [tmp_path / "report.csv"], out=tmp_path / "b", secret="k",
                           column_map=tmp_path / "map.toml")
    assert mapped.tables["attendees"]["first_time"].tolist() == ["yes", "no", "no"]

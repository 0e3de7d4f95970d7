"""Contacts recorded through different channels in the two formats: a caution, never a confident answer.

The CCI breakfasts: the structured ones' contacts were a dozen business cards typed by staff, the open
ones' were badge scans. Contacts per attendee then differ by how they were recorded, not by the format.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import toolkit
from toolkit.datasets.simulate import simulate_outcome_table
from toolkit.outcomes import contact_channels
from toolkit.wording import certainty, effect_certainty, group_cautions

MIX = {"reserved": 0.5, "self-directed": 0.5}


def _planted(channel_of_format):
    """A season with a clear planted effect on new contacts, each session's contacts recorded by its format's channel."""
    table, _ = simulate_outcome_table(n_events=3, sessions_per_format=15,
                                      effects={"new_contacts": {"reserved": 3.0, "self-directed": 2.5}},
                                      random_state=22)
    sessions = table[["event_id", "session_id", "format"]].drop_duplicates().astype(str)
    channels: dict = {}
    for event, session, fmt in sessions.to_numpy():
        channels.setdefault(event, {})[session] = {channel_of_format[fmt]: 40}
    table.attrs["contact_channels"] = channels
    return table


def test_formats_that_differ_only_by_channel_get_the_caution_and_no_confident_answer():
    table = _planted({"structured": "card", "unstructured": "badge_scan"})
    effects = toolkit.compare_formats(table, outcome="new_contacts", random_state=0)
    groups = group_cautions(effects, face="cli")
    assert groups[0].kind == "channels_differ" and groups[0].everyone
    assert "exchanged business cards" in groups[0].text and "badge scans" in groups[0].text
    assert "Record contacts the same way" in groups[0].action
    # not even a lean: the dashboard said "the data lean towards open mingling" above "no evidence for either"
    assert all(effect_certainty(row).state == "cannot_compare" for row in effects.to_dict(orient="records"))
    assert all("Record contacts the same way" in effect_certainty(row).sentence
               for row in effects.to_dict(orient="records"))
    rec = toolkit.recommend_format(table, outcome="new_contacts", mix=MIX, random_state=0)
    # planted: structured +3 and +2.5, which the same data recorded alike call confidently (the test below);
    # recorded differently, no format is named on it at all
    assert not rec.confident and rec.recommended is None
    assert any(s.startswith("Contacts were recorded differently") for s in rec.rationale)
    sure = certainty(rec)
    assert sure.state == "cannot_compare" and "Record contacts the same way" in sure.sentence
    assert "Record contacts the same way" in rec.next_step
    from toolkit.wording import recommendation_answer

    # the Next event page said "too few sessions of each format" where the reason is how contacts were recorded
    assert "recorded differently" in recommendation_answer(rec)


def test_the_same_channel_everywhere_gives_no_caution_and_the_confident_answer():
    table = _planted({"structured": "badge_scan", "unstructured": "badge_scan"})
    effects = toolkit.compare_formats(table, outcome="new_contacts", random_state=0)
    assert "channels_differ" not in [g.kind for g in group_cautions(effects)]
    rec = toolkit.recommend_format(table, outcome="new_contacts", mix=MIX, random_state=0)
    assert rec.confident and rec.recommended == "structured"


def test_a_survey_outcome_is_not_cautioned_for_the_contacts_channels():
    table = _planted({"structured": "card", "unstructured": "badge_scan"})
    effects = toolkit.compare_formats(table, outcome="satisfaction", random_state=0)
    assert "channels_differ" not in [g.kind for g in group_cautions(effects)]


def _folder_with_channels(tmp_path, channel_of_format):
    folder = tmp_path / "season"
    shutil.copytree(toolkit.datasets.example_folder(), folder)
    for event in ("E01", "E02"):
        sessions = pd.read_csv(folder / event / "sessions.csv", dtype=str)
        participation = pd.read_csv(folder / event / "participation.csv", dtype=str)
        contacts = pd.read_csv(folder / event / "contacts.csv", dtype=str)
        fmt = dict(zip(sessions["session_id"], sessions["format"]))
        session_of = dict(zip(participation["attendee_id"], participation["session_id"]))
        where = contacts["session_id"].fillna(contacts["attendee_id"].map(session_of)).fillna(
            contacts["contact_id"].map(session_of))
        contacts["channel"] = where.map(fmt).map(channel_of_format)
        contacts.to_csv(folder / event / "contacts.csv", index=False)
    return folder


def test_a_folder_whose_formats_recorded_contacts_differently_is_cautioned(tmp_path):
    folder = _folder_with_channels(tmp_path, {"structured": "card", "unstructured": "badge_scan"})
    data = toolkit.load_event_data(folder, secret="example")
    by_session = contact_channels(data)
    # each session holds its own format's channel only
    formats = {(str(e), str(s)): str(f) for e, s, f in data.sessions[["event_id", "session_id", "format"]].to_numpy()}
    assert {(event, session): set(mix) for event, sessions in by_session.items() for session, mix in sessions.items()} \
        == {key: {"card" if fmt == "structured" else "badge_scan"} for key, fmt in formats.items()}
    table = toolkit.compute_outcomes(data)
    effects = toolkit.compare_formats(table, outcome="contacts", random_state=0)
    assert "channels_differ" in [g.kind for g in group_cautions(effects, face="report")]


def test_the_example_folder_with_mixed_channels_in_both_formats_is_not_cautioned():
    data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    table = toolkit.compute_outcomes(data)
    effects = toolkit.compare_formats(table, outcome="contacts", random_state=0)
    assert "channels_differ" not in [g.kind for g in group_cautions(effects)]


@pytest.mark.parametrize("outcome", ["contacts", "new_contacts"])
def test_the_compare_command_says_it_in_plain_words(tmp_path, outcome):
    from typer.testing import CliRunner

    from toolkit.cli import app

    folder = _folder_with_channels(tmp_path, {"structured": "card", "unstructured": "badge_scan"})
    result = CliRunner().invoke(app, ["compare", str(folder), "--outcome", outcome])
    assert "Contacts were recorded differently in the two formats" in result.output, result.output
    assert "Record contacts the same way" in result.output


def test_the_recommend_command_names_no_format(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app

    folder = _folder_with_channels(tmp_path, {"structured": "card", "unstructured": "badge_scan"})
    result = CliRunner().invoke(app, ["recommend", str(folder), "--outcome", "contacts"])
    assert result.output.startswith("No recommendation"), result.output
    assert "Contacts were recorded differently in the two formats" in result.output
    assert "about 95%" not in result.output


def test_the_report_says_it_among_its_cautions(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app

    folder = _folder_with_channels(tmp_path, {"structured": "card", "unstructured": "badge_scan"})
    result = CliRunner().invoke(app, ["report", str(folder), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Contacts were recorded differently in the two formats" in html
    assert "Record contacts the same way" in html


def test_the_channels_are_counted_over_the_rows_compared_a_mask_or_row_positions():
    """The between-people fit passes a mask of its rows, the within-person fit row positions: one count."""
    import numpy as np

    from toolkit.compare.design import prepare_analysis_frame
    from toolkit.compare.notes import channels_by_format

    frame = prepare_analysis_frame(_planted({"structured": "card", "unstructured": "badge_scan"}), by="style")
    events = frame.frame["event_id"].astype(str)
    first = (events == events.iloc[0]).to_numpy()
    by_mask = channels_by_format(frame, first)
    assert by_mask == {"structured": {"card": 15 * 40}, "unstructured": {"badge_scan": 15 * 40}}   # one event's
    assert channels_by_format(frame, np.flatnonzero(first)) == by_mask
    assert channels_by_format(frame) == {"structured": {"card": 3 * 15 * 40},
                                         "unstructured": {"badge_scan": 3 * 15 * 40}}


def test_the_outcome_table_counts_channels_without_taking_a_stored_contact_log_into_pandas():
    """Issue 16: counting each session's channels read data.contacts, which took the engine's stored log into
    pandas on every outcome table (at 10k attendees a third of compute_outcomes)."""
    data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    assert data.bulk.holds("contacts", data)
    stored = toolkit.compute_outcomes(data).attrs["contact_channels"]
    assert data.bulk.holds("contacts", data)
    plain = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    plain.contacts   # taken into pandas: the same counts from the frame
    assert stored == toolkit.compute_outcomes(plain).attrs["contact_channels"] == contact_channels(plain)
    assert stored["E01"]["E01-S01"] == {"app": 157, "badge_scan": 72}

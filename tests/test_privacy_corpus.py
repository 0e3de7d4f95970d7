"""Acceptance: planted personal data run through every output surface of the library and the CLI: zero hits.

The corpus and the scanner live in ``tests/privacy_corpus.py`` (the dashboard
tests use them too). Surfaces here: the loaded tables, the outcome table as CSV
and Parquet, ``validate`` as text and JSON, the import outputs, the plan, the
follow-up list, the report as HTML and PDF, and every log record and message.
"""

from __future__ import annotations

import json
import logging
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

import toolkit
from tests import privacy_corpus as corpus
from toolkit.cli import app

KEY = "corpus-key-0123456789abcdef"


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory):
    return corpus.write_corpus_folder(tmp_path_factory.mktemp("corpus") / "CORPUS")


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", KEY)


def _run(args, caplog=None):
    result = CliRunner().invoke(app, args)
    text = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    return result, text


def test_the_corpus_is_usable_and_its_planted_data_is_there(corpus_folder):
    """The scanner must see the planted data in the inputs, or zero hits elsewhere would prove nothing."""
    assert len(corpus.leaks_in_path(corpus_folder)) == 7
    data = toolkit.load_event_data(corpus_folder)
    assert data.report.ok, data.report.summary()
    assert len(data.attendees) == corpus.N_PEOPLE and data.contacts["interest"].any()


def test_loaded_tables_hold_no_planted_data_and_the_drop_is_said_once_by_column(corpus_folder, caplog):
    caplog.set_level(logging.DEBUG)
    data = toolkit.load_event_data(corpus_folder)
    for name, frame in data.tables().items():
        assert corpus.leaks(frame.to_csv(index=False)) == [], name
    # every person id is a pseudonym whatever its shape; harmless extra columns stay
    for frame in (data.attendees, data.participation, data.contacts, data.survey, data.followups):
        assert frame["attendee_id"].str.match(r"^p_[0-9a-f]{16}$").all()
    assert "favourite_colour" in data.attendees.columns
    left_out = set(data.report.dropped_columns["attendees"])
    assert {"Full Name", "Badge Name", "buddy", "E-mail", "Mobile", "LinkedIn", "IP Address", "Postal address",
            "Date of birth", "Job Title", "Company", "Order #", "Ticket number", "Dietary requirements",
            "Notes"} <= left_out
    assert {"What is your email?", "Anything else?", "Who helped you most?"} <= set(data.report.dropped_columns["survey"])
    notes = [n for n in data.report.notes if n.startswith("attendees: column(s)")]
    assert len(notes) == 1 and "'Full Name' (name)" in notes[0]
    assert corpus.leaks(data.report.summary() + "\n".join(data.report.notes) + caplog.text) == []


def test_outcomes_csv_and_parquet(corpus_folder, tmp_path):
    for name in ("outcomes.csv", "outcomes.parquet"):
        result, text = _run(["outcomes", str(corpus_folder), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, text
        assert corpus.leaks_in_path(tmp_path / name) == {}
        assert corpus.leaks(text) == []


def test_validate_text_and_json(corpus_folder):
    result, text = _run(["validate", str(corpus_folder)])
    assert result.exit_code == 0, text
    assert "left out of the analysis" in text and corpus.leaks(text) == []
    result, text = _run(["validate", str(corpus_folder), "--json"])
    assert result.exit_code == 0
    assert corpus.leaks_in_json(json.loads(result.stdout)) == []


def test_validate_messages_of_a_broken_corpus_quote_no_planted_value(corpus_folder, tmp_path):
    """Bad cells holding personal data: the messages quote them only after redaction."""
    broken = shutil.copytree(corpus_folder, tmp_path / "broken")
    survey = pd.read_csv(broken / "survey.csv", dtype=str)
    survey.loc[0, "met_helpful"] = f"ask {corpus.PEOPLE[0][0]} {corpus.PEOPLE[0][1]} on {corpus.PEOPLE[0][3]}"
    survey.loc[1, "nps"] = f"{corpus.IPV6[1]}"
    survey.to_csv(broken / "survey.csv", index=False)
    contacts = pd.read_csv(broken / "contacts.csv", dtype=str)
    contacts.loc[0, "timestamp"] = f"when {corpus.PEOPLE[1][2]} called from {corpus.ADDRESSES[0]}"
    contacts.loc[1, "contact_id"] = f"{corpus.PEOPLE[2][0]} {corpus.PEOPLE[2][1]}"  # someone not on the list
    contacts.to_csv(broken / "contacts.csv", index=False)
    for args in (["validate", str(broken)], ["validate", str(broken), "--json"]):
        result, text = _run(args)
        assert result.exit_code == 1, text
        assert "met_helpful" in text and corpus.leaks(text) == [], text


def test_import_outputs(tmp_path):
    export = corpus.write_survey_export(tmp_path / "responses.csv")
    column_map = corpus.write_survey_map(tmp_path / "map.toml")
    result, text = _run(["import", "survey", str(export), "--map", str(column_map), "--out", str(tmp_path / "out"),
                         "--event-id", "CORPUS"])
    assert result.exit_code == 0, text
    assert corpus.leaks_in_path(tmp_path / "out") == {}
    assert corpus.leaks(text) == []


def test_plan_and_follow_up_list_without_names(corpus_folder, tmp_path):
    registrations = tmp_path / "registrations.csv"
    registrations.write_bytes(corpus.registrations_bytes())
    result, text = _run(["plan", str(registrations), "--out", str(tmp_path / "plan"), "--seed", "1",
                         "--by", "networking_style"])
    assert result.exit_code == 0, text
    assert sorted(p.name for p in (tmp_path / "plan").iterdir()) == ["assignment.csv", "participation.csv",
                                                                     "rosters.csv", "sessions.csv"]
    assert corpus.leaks_in_path(tmp_path / "plan") == {} and corpus.leaks(text) == []
    result, text = _run(["followups", str(corpus_folder), "--out", str(tmp_path / "followups.csv")])
    assert result.exit_code == 0, text
    written = (tmp_path / "followups.csv").read_text(encoding="utf-8")
    assert not written.startswith("#") and corpus.leaks(written) == [] and corpus.leaks(text) == []
    assert len(pd.read_csv(tmp_path / "followups.csv")) == corpus.N_PEOPLE  # one wish per attendee


def test_outputs_with_names_only_on_purpose_and_say_so(corpus_folder, tmp_path):
    """--with-names: names and emails from the registration file, first line says it is personal data."""
    registrations = tmp_path / "registrations.csv"
    registrations.write_bytes(corpus.registrations_bytes())
    result, text = _run(["plan", str(registrations), "--out", str(tmp_path / "plan"), "--seed", "1",
                         "--by", "networking_style", "--with-names"])
    assert result.exit_code == 0, text
    named = (tmp_path / "plan" / "rosters_with_names.csv").read_text(encoding="utf-8")
    assert named.splitlines()[0].startswith("# PERSONAL DATA")
    assert corpus.PEOPLE[0][2] in named and corpus.PEOPLE[0][0] in named
    assert corpus.leaks_in_path(tmp_path / "plan", skip=("rosters_with_names.csv",)) == {}
    rosters = pd.read_csv(tmp_path / "plan" / "rosters.csv")
    with_names = pd.read_csv(tmp_path / "plan" / "rosters_with_names.csv", skiprows=1)
    assert with_names["attendee_id"].tolist() == rosters["attendee_id"].tolist()
    assert with_names["name"].notna().all()

    result, text = _run(["followups", str(corpus_folder), "--out", str(tmp_path / "wishes.csv"), "--with-names",
                         "--names", str(registrations)])
    assert result.exit_code == 0, text
    lines = (tmp_path / "wishes.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# PERSONAL DATA")
    wishes = pd.read_csv(tmp_path / "wishes.csv", skiprows=1)
    assert {"name", "email", "contact_name", "contact_email"} <= set(wishes.columns)
    assert wishes["name"].notna().all() and wishes["contact_email"].notna().all()


def test_report_html_and_pdf(corpus_folder, tmp_path):
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    for name in ("report.html", "report.pdf"):
        result, text = _run(["report", str(corpus_folder), "--out", str(tmp_path / name), "--outcome",
                             "new_contacts", "--by", "style"])
        assert result.exit_code == 0, text
        assert corpus.leaks_in_path(tmp_path / name) == {}, name
        assert corpus.leaks(text) == []


def test_report_refuses_a_name_column_as_its_segments(corpus_folder, tmp_path):
    result, text = _run(["report", str(corpus_folder), "--out", str(tmp_path / "r.html"), "--by", "Full Name"])
    assert result.exit_code != 0 and corpus.leaks(text) == []

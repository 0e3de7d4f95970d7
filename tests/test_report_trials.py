"""What two newcomer organisers' trials found wrong in the board report's numbers and words (nc3, nc4).

Each test plants the truth in a small table and checks the words the report (or the command) says about it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.report import compose_report


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    from toolkit.datasets.simulate import simulate_outcome_table

    table, _ = simulate_outcome_table(random_state=3, sessions_per_format=6, session_size=12)
    return table


@pytest.fixture(scope="module")
def effects(table):
    from toolkit.compare import compare_formats

    return compare_formats(table, outcome="new_contacts", by="style", random_state=0)


def _summary(report) -> str:
    return " ".join(report.section("summary").paragraphs)


def test_sessions_are_counted_per_event_not_by_their_name_alone(table):
    """nc4: a season of 4 breakfasts (2 structured, 2 open) said '(1 structured and 1 open mingling sessions)':
    importers name a one-session event's session 'all', and sessions were counted by session_id alone."""
    renamed = table.copy()
    renamed["session_id"] = (renamed["format"].astype(str) + "-"
                             + renamed.groupby(["event_id", "format"], observed=True)["session_id"]
                             .transform(lambda s: pd.factorize(s)[0]).astype(str))
    renamed.attrs = dict(table.attrs)
    truth = renamed.dropna(subset=["format"]).drop_duplicates(["event_id", "session_id"])["format"].value_counts()
    assert renamed["session_id"].nunique() < truth.sum()          # the same names at both events
    report = compose_report(renamed, effects=None, recommendation=None)
    assert (f"({truth['structured']} structured and {truth['unstructured']} open mingling sessions)"
            in _summary(report))


def test_the_appendix_does_not_say_no_survey_when_one_was_recorded(table):
    """nc4: surveys at 3 of 4 breakfasts asked the recommend question (NPS) but no satisfaction question; the
    appendix said 'No survey was recorded for this data (there is no survey table)' beside the NPS and the
    style questions' reliability from 74 answers."""
    from toolkit.report.builder import _data_quality

    surveyed = table.copy()
    surveyed.attrs = dict(table.attrs) | {"not_recorded": {
        name: f"not recorded: the survey table has no {name} answers (add a {name} column)"
        for name in ("satisfaction", "met_helpful", "would_return")}}
    for name in ("satisfaction", "met_helpful", "would_return"):
        surveyed[name] = pd.NA
    quality = _data_quality(None, surveyed, ["E01", "E02"])
    report = compose_report(surveyed, effects=None, recommendation=None, quality=quality)
    appendix = " ".join(report.section("data_quality").paragraphs)
    assert "No survey was recorded" not in appendix and "there is no survey table" not in appendix
    assert "response" in report.tables                             # who answered is shown
    assert "satisfaction" in appendix and "would come again" in appendix  # what the survey did not ask is said
    assert report.tables["response"].caption == "Survey outcomes (recommend) rest on these answers."

    none = table.copy()
    none.attrs = dict(table.attrs) | {"not_recorded": {
        name: "not recorded: no survey table (add survey.csv)" for name in ("satisfaction", "met_helpful",
                                                                             "would_return", "nps")}}
    none["responded"] = False
    report = compose_report(none, effects=None, recommendation=None, quality=_data_quality(None, none, ["E01", "E02"]))
    assert "No survey was recorded" in " ".join(report.section("data_quality").paragraphs)


def test_an_event_without_answers_has_no_response_rate_of_zero(table):
    """nc4: breakfast B3 had no survey; its row read 0% beside events with one."""
    from toolkit.report.builder import _data_quality

    one = table.copy()
    one.loc[one["event_id"] == "E01", "responded"] = False
    one.attrs = dict(table.attrs)
    report = compose_report(one, effects=None, recommendation=None, quality=_data_quality(None, one, ["E01", "E02"]))
    response = report.tables["response"]
    from toolkit.wording import MISSING_TEXT

    rates = response.frame.set_index("Event")
    assert rates.loc["E01", "Answered the survey"] == "0" and rates.loc["E01", "Response rate"] == MISSING_TEXT
    assert rates.loc["E02", "Response rate"].endswith("%")      # an event with answers keeps its rate
    assert any("no answers" in note for note in [response.caption, *response.notes])


def test_the_tables_say_whether_they_count_people_or_attendee_places(table, effects):
    """nc4: 'What worked for whom' showed 12/16 (distinct people) and the follow-through table 12/25 (attendee
    places) under near-identical headings."""
    again = table.copy()
    again["attendee_id"] = "p" + again.groupby("event_id").cumcount().astype(str)  # everyone came to both events
    again.attrs = dict(table.attrs)
    report = compose_report(again, effects=effects, recommendation=None)
    said = {key: " ".join([t.title, t.caption or "", *t.notes, *t.frame.columns]) for key, t in report.tables.items()}
    assert "In structured, in open mingling: people, each person counted once" in said["effects"]
    assert "attendee places" in said["funnel"].lower() and "once at each event" in said["funnel"]
    assert "people" not in said["funnel"].lower()


def test_the_method_note_speaks_of_the_month_after_only_with_follow_up_data(table):
    """nc3/nc4: 'followed what happened in the month after the event' with no follow-up data in the folder."""
    without = table.copy()
    without[["followup_rate_7d", "meetings_30d"]] = pd.NA
    without.attrs = dict(table.attrs) | {"not_recorded": {
        "followup_rate_7d": "not recorded: no followups table (add followups.csv)",
        "meetings_30d": "not recorded: no followups table (add followups.csv)"}}
    method = " ".join(compose_report(without, effects=None, recommendation=None).section("method").paragraphs)
    assert "month after the event" not in method
    method = " ".join(compose_report(table, effects=None, recommendation=None).section("method").paragraphs)
    assert "month after the event" in method


def test_the_appendix_and_the_method_note_name_the_same_way_into_a_format(table, effects):
    """nc4: the appendix said 'who chose each format' while the method note said everyone was 'scheduled ... by
    the organiser' (sessions.assignment = scheduled)."""
    scheduled = table.copy()
    scheduled["assignment"] = pd.Categorical(["scheduled"] * len(table), categories=table["assignment"].cat.categories)
    scheduled.attrs = dict(table.attrs)
    from toolkit.compare import compare_formats

    effects = compare_formats(scheduled, outcome="new_contacts", by="style", random_state=0)
    report = compose_report(scheduled, effects=effects, recommendation=None)
    words = " ".join([*report.section("method").paragraphs,
                      *(line for _, lines in report.section("data_quality").lists for line in lines)])
    assert "scheduled" in words
    assert "chose" not in words, words


def test_repeat_attendees_are_said_in_plain_words_with_their_number(table):
    """nc4: 33 people came to both formats; the report said only 'Some people came to several events; the
    comparison allows for that.'"""
    from toolkit.compare import compare_formats

    again = table.copy()
    again["attendee_id"] = "p" + again.groupby("event_id").cumcount().astype(str)  # everyone came to both events
    again.attrs = dict(table.attrs)
    repeat = int(again.dropna(subset=["format"]).groupby("attendee_id").size().gt(1).sum())
    effects = compare_formats(again, outcome="new_contacts", by="style", random_state=0)
    report = compose_report(again, effects=effects, recommendation=None)
    text = " ".join(report.section("technical").bullets)
    assert "Some people came to several events" not in text
    assert f"{repeat:,} people" in text and "each of their sessions counts" in text, text


def test_a_survey_outcome_refused_within_person_says_why(tmp_path):
    """nc3: everyone was in both formats and answered the survey once, and 'netout recommend --outcome nps' said
    'No attendee in a networking session has a nps value' while 71 people had answered."""
    from toolkit.wording import no_advice_sentences

    note = ("Survey answers are per event, not per session: the 117 people who were in both formats at an event "
            "answered once for both, so survey outcomes are never compared within person and these people are left "
            "out; this compares the 0 people who were in one format only.")
    said = no_advice_sentences(unit="nps", mix_source="last_event", mix={"unknown": 1.0},
                               expected={"structured": float("nan"), "unstructured": float("nan"),
                                         "split": float("nan")},
                               seen={"structured": 0, "unstructured": 0}, incomparable=[], notes=[note])
    text = " ".join(said)
    assert "has a nps value" not in text
    assert "117 people" in text and "both formats" in text and "once" in text


def test_an_anchor_given_is_not_asked_for_again(tmp_path):
    """nc3: with --anchor 2009-06-04T00:00:00+02:00 the import's note still said 'pass --anchor for the real
    start'."""
    from toolkit.io.importers.sociopatterns import import_sociopatterns

    log = tmp_path / "tij_mixer.dat"
    log.write_text("20 1 2\n40 1 2\n60 2 3\n300 1 3\n")
    given = import_sociopatterns([log], out=tmp_path / "given", anchor="2009-06-04T00:00:00+02:00")
    notes = " ".join(given.report["reason"].astype(str))
    assert "pass --anchor" not in notes and "2009-06-03T22:00:00Z" in notes
    default = import_sociopatterns([log], out=tmp_path / "default")
    assert "pass --anchor" in " ".join(default.report["reason"].astype(str))


def test_people_per_attendee_count_a_pair_met_in_two_sessions_once_in_every_face(table):
    """nc3: 'an attendee exchanged details with 8.1 people, 8.1 of them new' where the hand count was 7.7 different
    people: a pair met in two sessions of the event was counted in each. The report's sentence, its key figures
    and the dashboard Overview's sentence all say the different people (compute_outcomes' event_contacts)."""
    from toolkit.outcomes import event_summary
    from toolkit.wording import overview_answer

    one = table[table["event_id"] == "E01"]
    twice = one.assign(session_id=one["session_id"] + "b", n_sessions=2)   # everyone in a second session ...
    both = pd.concat([one.assign(n_sessions=2), twice], ignore_index=True)
    both[["contacts", "new_contacts"]] = [4, 3]                            # ... 4 contacts (3 new) in each,
    both["event_contacts"], both["event_new_contacts"] = 6, 4              # 6 different people (4 new) in all
    both.attrs = dict(table.attrs)
    report = compose_report(both, effects=None, recommendation=None)
    assert "exchanged details with 6.0 people, 4.0 of them new" in _summary(report)
    figures = report.tables["key_figures"].frame.set_index("Measure").iloc[:, 0]
    assert (figures["Contacts per attendee"], figures["New contacts per attendee"]) == ("6.0", "4.0")
    assert "met 4.0 new people each" in overview_answer(event_summary(both), "E01")


def test_the_technical_note_says_its_counts_are_session_places(table, effects):
    """nc4: the technical note said 'from 12 structured and 25 unstructured attendees' (a row per session
    attended) beside 'What worked for whom' giving 12 and 16 people."""
    from toolkit.wording import effect_sentences

    said = " ".join(effect_sentences(effects.assign(assignment="scheduled", covariates=[[]] * len(effects)),
                                     "new contacts", 0.95, "style"))
    assert "unstructured attendees in" not in said
    assert "session places (a person counts at each session they attended)" in said
    assert "not adjusted for who was scheduled into each format" in said


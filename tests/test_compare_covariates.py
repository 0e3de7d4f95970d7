"""Covariates a user can see and choose, and segments measured after the event.

Each rule of ``toolkit.compare.covariates`` on a column built to break it; the format under another name
left out with a warning; ``--covariates`` / ``--no-covariates``; a post-event segment flagged everywhere.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from toolkit import UsageError, compare_formats, recommend_format
from toolkit.compare import default_covariates, fit_comparison
from toolkit.compare.covariates import choose_covariates, segment_timing
from toolkit.datasets.simulate import simulate_crossover_table, simulate_outcome_table


@pytest.fixture(scope="module")
def registrations():
    """A self-selected world with the kinds of columns a ticketing export brings along."""
    table, truth = simulate_outcome_table(assignment="self_selected", n_events=2, random_state=31)
    rng = np.random.default_rng(31)
    n = len(table)
    structured = (table["format"] == "structured").to_numpy()
    table["order_number"] = [f"ORD-{100000 + i}" for i in range(n)]
    table["ticket_price"] = rng.choice([0.0, 45.0, 90.0], n)
    table["paid"] = [f"€{v:.2f}" for v in rng.choice([10, 20, 30], n)]
    table["work_email"] = [f"person{i}@example.org" for i in range(n)]
    table["reach_me_at"] = [f"+44 20 7946 {i:04d}" for i in range(n)]
    table["comments"] = [f"I would like to meet people working on topic number {i} and more" for i in range(n)]
    table["venue_city"] = "Leeds"
    # the format under another name: what the person asked for at registration (a few did not get it)
    wish = np.where(structured, "facilitated groups", "open networking")
    flip = rng.random(n) < 0.03
    table["which_format_would_you_like"] = np.where(flip, np.where(structured, "open networking",
                                                                   "facilitated groups"), wish)
    table["years_in_business"] = rng.integers(0, 30, n)
    table["liked_venue"] = pd.array(np.where(table["responded"], rng.integers(1, 6, n), np.nan), dtype="Float64")
    table.attrs["survey_columns"] = list(table.attrs["survey_columns"]) + ["liked_venue"]
    return table, truth


def test_each_rule_leaves_its_column_out_with_a_plain_reason(registrations):
    table, _ = registrations
    choice = choose_covariates(table.assign(venue_hall="Main hall", badge_colour=pd.NA), by="style")
    assert choice.used == ["industry", "company_size", "first_time", "networking_style", "years_in_business"]
    reasons = choice.left_out
    assert reasons["order_number"].startswith("personal data")  # order numbers trace a purchase to a person
    assert reasons["ticket_price"].startswith("an amount of money")
    assert reasons["paid"].startswith("an amount of money")             # by its values: '€20.00'
    assert reasons["work_email"] == "personal data"                     # by its name
    assert reasons["reach_me_at"] == "personal data"                    # by its values: phone numbers
    # free text is personal data under the one privacy rule (it can hold names): left out as such
    assert reasons["comments"].startswith("one value per person") or reasons["comments"] in ("free text",
                                                                                              "personal data")
    assert reasons["venue_hall"] == "the same for everyone"
    assert reasons["badge_colour"] == "no values recorded"            # a column nobody filled in
    assert reasons["venue_city"] == "personal data"                     # a place can identify: the privacy rule
    assert reasons["liked_venue"].startswith("answered after the event")
    assert reasons["style_score"].startswith("scored from the post-event survey")
    assert reasons["which_format_would_you_like"].startswith("predicts the format almost perfectly")
    # ids and outcomes are not attendee characteristics at all: not listed
    assert not {"attendee_id", "session_id", "new_contacts", "format"} & set(reasons)


def test_the_format_under_another_name_is_left_out_with_a_warning(registrations):
    table, _ = registrations
    comparison = fit_comparison(table, outcome="new_contacts", random_state=0)
    assert "which_format_would_you_like" not in comparison.covariates
    assert "which_format_would_you_like" in comparison.covariates_left_out
    warning = [n for n in comparison.notes if "which_format_would_you_like" in n]
    assert warning and "the format under another name" in warning[0]
    effects = comparison.to_frame()
    assert all(any("which_format_would_you_like" in w for w in ws) for ws in effects["warnings"])
    assert effects["covariates_left_out"].iloc[0]["order_number"].startswith("personal data")


def test_a_real_confounder_is_not_mistaken_for_the_format(registrations):
    # first-timers lean towards structured sessions (self-selection), but far from perfectly
    table, _ = registrations
    assert "first_time" in default_covariates(table, by="style")


def test_named_covariates_are_used_as_asked_and_personal_data_is_refused(registrations):
    table, _ = registrations
    asked = fit_comparison(table, outcome="new_contacts", covariates=["industry", "years_in_business"],
                           random_state=0)
    assert asked.covariates == ("industry", "years_in_business", "style")
    with pytest.raises(UsageError, match="personal data"):  # an order number is personal data: never adjusted for
        fit_comparison(table, outcome="new_contacts", covariates=["industry", "order_number"], random_state=0)
    none = fit_comparison(table, outcome="new_contacts", covariates=[], random_state=0)
    assert none.covariates == ("style",)
    with pytest.raises(UsageError, match="personal data"):
        fit_comparison(table, outcome="new_contacts", covariates=["reach_me_at"], random_state=0)
    with pytest.raises(UsageError, match="not attendee characteristics"):
        fit_comparison(table, outcome="new_contacts", covariates=["new_contacts"], random_state=0)
    with pytest.raises(UsageError, match="not columns"):
        fit_comparison(table, outcome="new_contacts", covariates=["no_such_column"], random_state=0)


def test_the_proxy_would_have_wrecked_the_adjustment(registrations):
    # forcing the stand-in for the format into the adjustment leaves nobody comparable: poor overlap everywhere
    table, _ = registrations
    forced = compare_formats(table, outcome="new_contacts", covariates=["which_format_would_you_like"],
                             random_state=0)
    assert all(any("Poor overlap" in w for w in ws) for ws in forced["warnings"])
    default = compare_formats(table, outcome="new_contacts", random_state=0)
    assert not any(any("Poor overlap" in w for w in ws) for ws in default["warnings"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from toolkit.datasets.demo import write_demo_folder

    base = tmp_path_factory.mktemp("covariates-cli")
    folder = write_demo_folder(base / "demo", n_attendees=240, n_events=2, random_state=3)
    for event in sorted(p for p in folder.iterdir() if p.is_dir()):
        attendees = pd.read_csv(event / "attendees.csv", dtype=str)
        attendees["order_number"] = [f"ORD-{event.name}-{i:05d}" for i in range(len(attendees))]
        attendees.to_csv(event / "attendees.csv", index=False)
    return folder


def _invoke(*args: str):
    from toolkit.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_covariates_and_no_covariates(folder):
    chosen = _invoke("compare", str(folder), "--outcome", "new_contacts", "--covariates", "industry,first_time",
                     "--json", "--details")
    assert chosen.exit_code == 0, chosen.output
    rows = json.loads(chosen.stdout)
    assert rows[0]["covariates"] == ["industry", "first_time", "style"]
    none = _invoke("compare", str(folder), "--outcome", "new_contacts", "--no-covariates", "--json", "--details")
    assert json.loads(none.stdout)[0]["covariates"] == ["style"]
    default = _invoke("compare", str(folder), "--outcome", "new_contacts", "--json", "--details")
    row = json.loads(default.stdout)[0]
    # the loader never lets the order number into the outcome table (personal data), so it is neither used nor listed
    assert "order_number" not in row["covariates"] and "order_number" not in row["covariates_left_out"]
    assert row["covariates_left_out"]["style_score"].startswith("scored from the post-event survey")
    text = _invoke("compare", str(folder), "--outcome", "new_contacts")
    assert "adjusted for: industry" in text.stdout
    assert "left out style_score: scored from the post-event survey" in text.stdout
    advice = _invoke("recommend", str(folder), "--outcome", "new_contacts", "--covariates", "industry",
                     "--json", "--details")
    assert advice.exit_code == 0, advice.output
    assert json.loads(advice.stdout)["covariates"] == ["industry", "style"]
    both = _invoke("compare", str(folder), "--covariates", "industry", "--no-covariates")
    assert isinstance(both.exception, UsageError) and "not both" in str(both.exception)   # exit code 2 in netout


# ---------------------------------------------------------------------------- segments measured after the event
def test_a_post_event_segment_is_flagged_in_every_comparison_and_recommendation():
    table, _ = simulate_crossover_table(n_events=2, sessions_per_format=12, style_timing="post-event",
                                        random_state=41)
    assert segment_timing(table, "style") == "post-event"
    effects = compare_formats(table, outcome="new_contacts", random_state=0)
    flag = "scored from the post-event survey"
    assert all(any(flag in w for w in ws) for ws in effects["warnings"])
    advice = recommend_format(table, outcome="new_contacts", random_state=0)
    assert advice.segment_timing == "post-event"
    assert any("may themselves be affected by the format" in s for s in advice.rationale)
    assert "at registration" in advice.next_step
    # by a registration column there is no flag, and style (post-event) is not adjusted for
    by_industry = fit_comparison(table, outcome="new_contacts", by="industry", within_person=False, random_state=0)
    assert by_industry.segment_timing == "pre-event"
    assert not any(flag in n for n in by_industry.notes)


def test_style_from_the_survey_scale_counts_as_post_event_without_the_attribute():
    table, _ = simulate_outcome_table(n_events=1, random_state=42)
    table["style_source"] = np.where(table["responded"], "scale", "self-described")
    assert segment_timing(table, "style") == "post-event"
    assert choose_covariates(table, by="industry").left_out["style"].startswith("scored from the post-event")
    table["style_source"] = "self-described"
    assert segment_timing(table, "style") == "pre-event"
    assert "style" in choose_covariates(table, by="industry").used


def test_a_registration_column_of_one_event_is_not_taken_for_a_survey_answer():
    """Event 1's ticketing tool recorded ticket_type and everyone there answered the survey; event 2's tool had
    no ticket type. The column was left out as 'known only for survey respondents (answered after the event)'."""
    from toolkit.compare import compare_formats
    from toolkit.datasets.simulate import simulate_outcome_table

    table, _ = simulate_outcome_table(n_events=2, random_state=1)
    table = table.copy()
    first = (table["event_id"] == "E01").to_numpy()
    rng = np.random.default_rng(0)
    table.loc[first, "responded"] = True
    table["ticket_type"] = np.where(first, rng.choice(["General", "Member"], len(table)), None)
    table["answered_only"] = np.where(table["responded"], rng.choice(["a", "b"], len(table)), None)
    left_out = compare_formats(table, outcome="new_contacts", random_state=0)["covariates_left_out"].iloc[0]
    assert "survey respondents" not in left_out.get("ticket_type", "")
    assert left_out["answered_only"] == "known only for survey respondents (answered after the event)"
    # without events, the whole table is where the column was asked
    alone = compare_formats(table.drop(columns="event_id").assign(ticket_type=None), outcome="new_contacts",
                            random_state=0)["covariates_left_out"].iloc[0]
    assert alone["answered_only"] == "known only for survey respondents (answered after the event)"

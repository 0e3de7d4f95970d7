"""One voice for certainty (issue 15, item 1): the four states of toolkit.wording, their rule, and the faces
that show them. The states are checked on worlds with a planted, known truth (fixed seeds)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from toolkit.compare import compare_formats
from toolkit.datasets.simulate import simulate_outcome_table
from toolkit.recommend import recommend_format
from toolkit.wording import CERTAINTY_LABELS, CERTAINTY_STATES, certainty, effect_certainty

ROW = {"outcome": "new_contacts", "effect": 2.0, "ci_low": 1.0, "ci_high": 3.0, "n_structured": 60,
       "n_unstructured": 60, "n_sessions_structured": 12, "n_sessions_unstructured": 12}


def test_every_state_has_a_label_and_a_sentence():
    states = [effect_certainty(ROW), effect_certainty(ROW | {"n_sessions_structured": 3}),
              effect_certainty(ROW | {"effect": 0.1, "ci_low": -0.9, "ci_high": 1.1}),
              effect_certainty(ROW | {"effect": float("nan")})]
    assert [s.state for s in states] == list(CERTAINTY_STATES)
    assert [s.label for s in states] == [CERTAINTY_LABELS[s] for s in CERTAINTY_STATES]
    assert all(s.sentence.endswith(".") and "\n" not in s.sentence for s in states)
    # a direction only where the data point one way
    assert [s.favoured for s in states] == ["structured", "structured", None, None]


def test_a_clear_interval_with_few_sessions_is_leaning_not_a_verdict():
    # the mixed message: "structured did better" beside "too few sessions to trust this result"
    assert effect_certainty(ROW | {"n_sessions_unstructured": 7}).state == "leaning"


def test_lower_is_better_outcomes_point_the_right_way():
    row = ROW | {"outcome": "spectator", "effect": -0.10, "ci_low": -0.15, "ci_high": -0.05}
    assert effect_certainty(row).favoured == "structured"


def test_a_difference_smaller_than_worth_acting_on_is_no_difference():
    row = ROW | {"effect": 0.3, "ci_low": 0.1, "ci_high": 0.5}
    assert effect_certainty(row, min_difference=1.0).state == "no_difference"
    assert effect_certainty(row, min_difference=0.0).state == "clear"


def test_a_format_never_seen_cannot_be_compared():
    assert effect_certainty(ROW | {"n_unstructured": 0}).state == "cannot_compare"
    assert certainty({"recommended": None, "confident": False, "difference_vs_runner_up": {}}).state == \
        "cannot_compare"


def test_certainty_reads_the_object_and_its_document_alike():
    table, _ = simulate_outcome_table(random_state=5)
    advice = recommend_format(table, outcome="new_contacts", mix={"reserved": 0.5, "self-directed": 0.5},
                              random_state=0)
    assert certainty(advice) == certainty(advice.to_dict())
    assert (certainty(advice).state == "clear") == advice.confident


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_truth_large_effects_are_clear_and_none_are_not(seed):
    # randomised, 2 events x 15 sessions of each format: a planted +4 is seen clearly in both segments
    table, _ = simulate_outcome_table(n_events=2, sessions_per_format=15, random_state=seed,
                                      effects={"new_contacts": {"reserved": 4.0, "self-directed": 4.0}})
    effects = compare_formats(table, outcome="new_contacts", random_state=0)
    assert {effect_certainty(r).state for r in effects.to_dict(orient="records")} == {"clear"}
    # no planted effect: never a clear difference in these seeds, and never pointing the same way in both
    table, _ = simulate_outcome_table(n_events=2, sessions_per_format=15, random_state=seed,
                                      effects={"new_contacts": {"reserved": 0.0, "self-directed": 0.0}})
    effects = compare_formats(table, outcome="new_contacts", random_state=0)
    states = [effect_certainty(r).state for r in effects.to_dict(orient="records")]
    assert "clear" not in states and "cannot_compare" not in states


def test_cli_shows_each_segments_state_and_the_recommendations(tmp_path):
    import toolkit
    from toolkit.cli import app
    from toolkit.datasets.demo import write_demo_folder
    from toolkit.wording import format_name

    folder = write_demo_folder(tmp_path / "demo", random_state=0)
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder))
    result = CliRunner().invoke(app, ["compare", str(folder), "--outcome", "new_contacts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for row in compare_formats(table, outcome="new_contacts", random_state=0).to_dict(orient="records"):
        sure = effect_certainty(row)
        line = next(x for x in lines if x.strip().startswith(str(row["segment"])))
        towards = f" (towards {format_name(sure.favoured)})" if sure.favoured else ""
        assert line.rstrip().endswith(sure.label + towards)
        assert "did better" not in line  # never a bare verdict beside the cautions
    result = CliRunner().invoke(app, ["recommend", str(folder), "--outcome", "new_contacts"])
    advice = recommend_format(table, outcome="new_contacts", by="style", random_state=0)
    assert f"Certainty: {certainty(advice).line}" in result.output.splitlines()


def test_cannot_compare_after_both_formats_ran_asks_for_more_sessions_not_both_formats():
    """A newcomer's conference ran both formats (too few sessions to tell); every face told them to 'Run both
    formats at the next event'."""
    import pandas as pd

    ran_both = {"recommended": None, "confident": False,
                "effects": pd.DataFrame({"segment": ["reserved"], "n_structured": [36], "n_unstructured": [36]})}
    assert certainty(ran_both).sentence.startswith("Run more sessions of each format at the next event")
    one_format = ran_both | {"effects": pd.DataFrame({"segment": ["reserved"], "n_structured": [0],
                                                      "n_unstructured": [40]})}
    assert certainty(one_format).sentence.startswith("Run both formats at the next event")


@pytest.mark.parametrize(("difference", "limit", "leans"), [
    ({"advantage": 4.0, "ci_low": -21.4, "ci_high": 29.4, "se": 1.0, "df": 1.0}, 0.0, True),
    ({"advantage": 2.0, "ci_low": -23.4, "ci_high": 27.4, "se": 1.0, "df": 1.0}, 0.0, False),   # 1 df: 3.08 se
    ({"advantage": 1.0, "ci_low": -0.2, "ci_high": 2.2}, 0.0, True),                            # se from the interval
    ({"advantage": 0.1, "ci_low": -3.0, "ci_high": 3.2}, 0.0, False),
    ({"advantage": 1.0, "ci_low": 0.2, "ci_high": 1.8, "se": 0.4}, 2.0, False),                 # below the limit
])
def test_recommend_and_the_certainty_label_lean_by_one_rule(difference, limit, leans):
    """recommend names no format from a few sessions unless the advantage leans; the label says 'leaning' by the
    same rule, so the two never disagree."""
    from toolkit.wording import advantage_leans

    advice = {"recommended": "structured", "confident": False, "min_difference": limit,
              "difference_vs_runner_up": difference}
    assert advantage_leans(difference, limit) is leans
    assert (certainty(advice).state == "leaning") is leans

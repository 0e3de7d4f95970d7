"""Figures from small hand-made tidy frames of the documented shapes."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from toolkit import plots
from toolkit.contract import EFFECT_COLUMNS, FORMATS, REFERENCE_VALUES
from toolkit.errors import UsageError


@pytest.fixture
def effects() -> pd.DataFrame:
    return pd.DataFrame({
        "segment": ["reserved", "self-directed", "unknown"],
        "outcome": "new_contacts",
        "n_structured": [40, 38, 6],
        "n_unstructured": [41, 39, 5],
        "effect": [2.0, -0.3, -1.5],
        "ci_low": [1.0, -1.4, -2.5],
        "ci_high": [3.0, 0.8, -0.5],
        "method": "ols",
        "warnings": [[], [], ["few attendees"]],
    })[list(EFFECT_COLUMNS)]


@pytest.fixture
def outcome_table() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["E1"] * 6,
        "attendee_id": list("abcdef"),
        "format": pd.Categorical(["structured", "structured", "unstructured", "unstructured", None, "structured"],
                                 categories=FORMATS),
        "style": ["reserved", "self-directed", "reserved", "self-directed", "reserved", "reserved"],
        "new_contacts": [4, 6, 2, 5, 9, 0],
        "followup_rate_7d": [0.5, 1 / 3, 0.5, 0.2, 1.0, np.nan],
        "meetings_30d": [1, 1, 0, 1, 3, 0],
    })


def test_one_colour_per_format_defined_once():
    assert set(FORMATS) <= set(plots.FORMAT_COLOURS)
    assert len(set(plots.FORMAT_COLOURS.values())) == len(plots.FORMAT_COLOURS)
    assert plots.format_colour("structured") == plots.FORMAT_COLOURS["structured"]
    with pytest.raises(UsageError, match="unknown format"):
        plots.format_colour("speed-dating")


def test_forest_points_intervals_and_colours(effects):
    fig = plots.effect_forest(effects)
    point = fig.data[0]
    assert list(point.x) == [2.0, -0.3, -1.5]
    assert list(point.error_x.array) == pytest.approx([1.0, 1.1, 1.0])
    assert list(point.error_x.arrayminus) == pytest.approx([1.0, 1.1, 1.0])
    # the interval decides the colour: wholly above zero -> structured, crossing -> neutral, below -> unstructured
    assert list(point.marker.color) == [plots.FORMAT_COLOURS["structured"], plots.NEUTRAL_COLOUR,
                                        plots.FORMAT_COLOURS["unstructured"]]
    assert "40 structured" in point.y[0] and "41 open" in point.y[0]
    assert "new contacts per attendee" in fig.layout.xaxis.title.text
    lo, hi = fig.layout.xaxis.range
    assert lo < -2.5 and hi > 3.0


def test_forest_shows_shares_as_percentage_points(effects):
    shares = effects.assign(outcome="followup_rate_7d", effect=[0.1, 0.0, -0.05], ci_low=[0.05, -0.02, -0.1],
                            ci_high=[0.15, 0.02, -0.01])
    fig = plots.effect_forest(shares)
    assert list(fig.data[0].x) == pytest.approx([10.0, 0.0, -5.0])
    assert "percentage points" in fig.layout.xaxis.title.text


def test_forest_refuses_frames_without_the_columns():
    with pytest.raises(UsageError, match="ci_low"):
        plots.effect_forest(pd.DataFrame({"segment": ["a"], "effect": [1.0]}))


def test_followthrough_table_sums_stages(outcome_table):
    funnel = plots.followthrough_table(outcome_table, by="style")
    # attendee e has no format and is left out, as in comparisons
    assert funnel["attendees"].max() == 2
    s_res = funnel.query("format == 'structured' and segment == 'reserved'").assign(stage=lambda f: f["stage"].astype(str)).set_index("stage")
    assert s_res.loc["new contacts", "count"] == 4
    assert s_res.loc["followed up within 7 days", "count"] == pytest.approx(2)
    assert s_res.loc["met within 30 days", "count"] == 1
    assert s_res.loc["followed up within 7 days", "share_of_first"] == pytest.approx(0.5)
    assert s_res.loc["new contacts", "per_attendee"] == pytest.approx(2.0)
    assert set(funnel["segment"]) == {"reserved", "self-directed"}
    assert len(funnel) == 2 * 2 * 3


def test_followthrough_funnel_figure(outcome_table):
    fig = plots.followthrough_funnel(plots.followthrough_table(outcome_table))
    names = {t.name for t in fig.data}
    assert names == {"structured", "open mingling"}
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["structured"] == plots.FORMAT_COLOURS["structured"]
    assert colours["open mingling"] == plots.FORMAT_COLOURS["unstructured"]
    assert [a.text for a in fig.layout.annotations] == ["reserved", "self-directed"]
    one = plots.followthrough_funnel(plots.followthrough_table(outcome_table, by=None))
    assert [a.text for a in one.layout.annotations] == ["everyone"]


def test_overview_draws_reference_values():
    summary = pd.DataFrame({"event_id": ["E1", "E2"], "mean_contacts": [12.0, 20.0], "mean_new_contacts": [8.0, 9.0],
                            "spectator_share": [0.1, 0.2], "familiar_share": [0.3, 0.6], "followup_rate_7d": [0.4, 0.5]})
    fig = plots.overview_figure(summary)
    titles = [a.text for a in fig.layout.annotations]
    assert titles[:5] == [plots.KEY_FIGURE_TITLES[k] for k in ("contacts", "new_contacts", "spectator",
                                                                "familiar_share", "followup_rate_7d")]
    assert f"published: {REFERENCE_VALUES['contacts']['value']:.0f}" in titles
    assert "published: 50%" in titles
    lines = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert sorted(s.y0 for s in lines) == [40.0, 50.0]
    assert list(fig.data[3].y) == pytest.approx([30.0, 60.0])


def test_overview_without_a_contact_log_draws_empty_panels_quietly():
    import warnings

    summary = pd.DataFrame({"event_id": ["E1"], "mean_contacts": [np.nan], "familiar_share": [np.nan]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.overview_figure(summary)
    assert fig.layout.yaxis.range[1] > 0


def _graph(n: int) -> nx.Graph:
    g = nx.Graph()
    for i in range(n):
        g.add_node(f"p{i}", style="reserved" if i % 2 else "self-directed", brokerage=float(i == 3))
    for i in range(n - 1):
        g.add_edge(f"p{i}", f"p{i + 1}", familiar=(i % 3 == 0))
    return g


def test_network_figure_colours_segments_separates_familiar_ties_and_marks_brokers():
    fig = plots.network_figure(_graph(12), random_state=1)
    by_name = {t.name: t for t in fig.data}
    assert {"new contact", "already knew each other", "reserved", "self-directed", "broker (links groups)"} <= set(by_name)
    assert by_name["reserved"].marker.color == plots.STYLE_COLOURS["reserved"]
    assert by_name["already knew each other"].line.dash == "dot"
    # the one node with positive brokerage is drawn bigger
    sizes = list(by_name["reserved"].marker.size)
    assert sorted(sizes)[-1] == 16 and sizes.count(16) == 1
    # no ids in hover texts
    hover = " ".join(by_name["reserved"].hovertext)
    assert "p3" not in hover and "contact" in hover


def test_network_figure_lines_up_people_without_exchanges_underneath():
    g = _graph(8)
    g.add_node("alone", style="reserved")
    fig = plots.network_figure(g, random_state=0)
    ys = [y for t in fig.data if t.mode == "markers" and t.y is not None and t.y[0] is not None for y in t.y]
    assert min(ys) < sorted(ys)[1]  # the lone person sits below everyone else
    assert any("1 without any recorded exchange" in a.text for a in fig.layout.annotations)


def test_network_figure_refuses_large_graphs_with_a_message():
    with pytest.raises(UsageError, match="at most 10 people"):
        plots.network_figure(_graph(11), max_nodes=10)
    with pytest.raises(UsageError, match="empty"):
        plots.network_figure(nx.Graph())


def test_expected_outcome_marks_recommended():
    fig = plots.expected_outcome_figure({"structured": 0.4, "unstructured": 0.3, "split": 0.45},
                                        recommended="split", outcome="followup_rate_7d")
    bar = fig.data[0]
    assert list(bar.x) == ["structured", "open mingling", "split"]
    assert list(bar.y) == pytest.approx([40, 30, 45])
    assert list(bar.marker.color) == [plots.FORMAT_COLOURS[p] for p in ("structured", "unstructured", "split")]
    assert "suggested" in bar.text[2] and "suggested" not in bar.text[0]
    assert bar.text[0].startswith("40%")


@pytest.mark.parametrize("state, favoured, marked, light", [
    ("clear", "split", "✔ suggested", [0.45, 0.45, 1.0]),
    ("leaning", "split", "(leaning)", [0.45, 0.45, 1.0]),
    ("cannot_compare", None, None, [0.45, 0.45, 0.45]),
    ("no_difference", None, None, [0.45, 0.45, 0.45])])
def test_expected_outcome_speaks_with_the_answers_certainty(state, favoured, marked, light):
    """A newcomer's Next event page said 'Cannot compare yet' above a chart whose tallest bar, split, stood out
    in full colour: read as the answer. The chart now marks only what the certainty favours, in its words."""
    from toolkit.wording import CERTAINTY_LABELS, Certainty

    sure = Certainty(state, CERTAINTY_LABELS[state], "What to do next.", favoured)
    fig = plots.expected_outcome_figure({"structured": 3.0, "unstructured": 3.4, "split": 3.7}, certainty=sure)
    bar = fig.data[0]
    assert list(bar.marker.opacity) == light
    if marked:
        assert bar.text[-1].endswith(marked) and not any("✔" in t or "leaning" in t for t in bar.text[:2])
        assert not fig.layout.annotations
    else:
        assert not any("✔" in t for t in bar.text)
        assert fig.layout.annotations[0].text == f"{CERTAINTY_LABELS[state]}: best guesses, not a ranking"


def test_figures_serialise(effects, outcome_table):
    for fig in (plots.effect_forest(effects), plots.followthrough_funnel(plots.followthrough_table(outcome_table)),
                plots.network_figure(_graph(5)), plots.expected_outcome_figure({"structured": 1.0})):
        assert isinstance(fig, go.Figure)
        assert fig.to_json()


def test_plots_never_imports_streamlit():
    code = "import toolkit.plots, sys; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_forest_direction_labels_run_away_from_zero_and_have_room(effects, sign):
    # every interval on one side of zero: the other side still gets room for its label
    one_sided = effects.assign(effect=sign * 3.0, ci_low=2.0 if sign > 0 else -4.0, ci_high=4.0 if sign > 0 else -2.0)
    fig = plots.effect_forest(one_sided)
    labels = {a.text: a for a in fig.layout.annotations}
    left, right = labels["◀ open mingling did better"], labels["structured did better ▶"]
    assert left.x == right.x == 0 and left.xref == right.xref == "x"
    assert (left.xanchor, right.xanchor) == ("right", "left") and left.xshift < 0 < right.xshift
    lo, hi = fig.layout.xaxis.range
    assert min(-lo, hi) / (hi - lo) >= 0.3 - 1e-9


def test_forest_turns_round_for_lower_is_better_outcomes(effects):
    # fewer spectators with structured networking (interval below zero) means structured did better
    spectators = effects.assign(outcome="spectator", effect=[-0.10, 0.01, 0.08], ci_low=[-0.15, -0.03, 0.02],
                                ci_high=[-0.05, 0.05, 0.14])
    fig = plots.effect_forest(spectators)
    assert list(fig.data[0].marker.color) == [plots.FORMAT_COLOURS["structured"], plots.NEUTRAL_COLOUR,
                                              plots.FORMAT_COLOURS["unstructured"]]
    labels = {a.text: a for a in fig.layout.annotations}
    left, right = labels["◀ structured did better"], labels["open mingling did better ▶"]
    assert (left.xanchor, right.xanchor) == ("right", "left")
    assert left.font.color == plots.FORMAT_COLOURS["structured"]
    assert right.font.color == plots.FORMAT_COLOURS["unstructured"]
    # the same frame for an outcome where more is better keeps the usual direction
    more = plots.effect_forest(spectators, outcome="followup_rate_7d")
    assert list(more.data[0].marker.color)[0] == plots.FORMAT_COLOURS["unstructured"]
    assert "structured did better ▶" in {a.text for a in more.layout.annotations}


def test_the_follow_through_table_counts_people_not_their_sessions():
    """A newcomer's conference: the follow-through table said 53 reserved attendees in structured sessions (their
    sessions: most had two) where the comparison said 36 people. Attendees are people at an event, with the
    contacts of all their sessions of the format."""
    t = pd.DataFrame({"event_id": ["E1"] * 4, "attendee_id": ["a", "a", "b", "c"],
                      "format": ["structured", "structured", "structured", "unstructured"],
                      "style": ["reserved"] * 4, "new_contacts": [2, 3, 4, 1],
                      "followup_rate_7d": [0.5, 0.0, 0.25, 1.0], "meetings_30d": [0, 1, 0, 0]})
    funnel = plots.followthrough_table(t).query("format == 'structured'")
    assert funnel["attendees"].tolist() == [2, 2, 2]
    assert funnel["per_attendee"].tolist() == pytest.approx([4.5, 1.0, 0.5])

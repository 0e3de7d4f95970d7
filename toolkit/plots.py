"""Plotly figures built from the toolkit's tidy frames, shared by the dashboard, the report and notebooks.

Each function takes a tidy result (the effect table of
:func:`toolkit.compare.compare_formats`, the outcome table, the event summary,
a contact graph, a recommendation's expected values) and returns a
``plotly.graph_objects.Figure``. Exporting (HTML, PNG) is a separate step.

The colour of each format is defined here once (:data:`FORMAT_COLOURS`) so that
"structured" looks the same on every page and in every report. The words on a
chart (outcome labels, format names, rounding) come from :mod:`toolkit.wording`
and the outcome catalogue (:mod:`toolkit.catalogue`), like every other face's.
No figure shows an attendee id, a name or an email; hover texts name segments
and counts only.

This module never imports Streamlit, and imports plotly only in the functions
that build a figure: its table helpers (:func:`followthrough_table`) and
colours cost no plotly import (a report read back from the disk cache uses
them and draws nothing).

Example
-------
>>> import pandas as pd
>>> from toolkit.plots import effect_forest
>>> effects = pd.DataFrame({"segment": ["reserved", "self-directed"], "outcome": "new_contacts",
...     "n_structured": [40, 38], "n_unstructured": [41, 39], "effect": [2.1, -0.3],
...     "ci_low": [1.0, -1.4], "ci_high": [3.2, 0.8], "method": "ols", "warnings": [[], []]})
>>> fig = effect_forest(effects)
>>> len(fig.data) >= 1
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.catalogue import KEY_FIGURES as KEY_FIGURE_OUTCOMES
from toolkit.catalogue import OUTCOME_CATALOGUE
from toolkit.contract import FORMATS, REFERENCE_VALUES
from toolkit.errors import UsageError
from toolkit.wording import (
    SHARE_OUTCOMES,
    VERDICTS,
    format_name,
    format_number,
    outcome_label,
    outcome_title,
    segment_label,
)

if TYPE_CHECKING:  # plotly is imported where a figure is built (see the module's note)
    import plotly.graph_objects as go

#: One colour per format (and for the split plan), used on every page and in the report.
FORMAT_COLOURS: dict[str, str] = {
    "structured": "#1b6ca8",    # blue
    "unstructured": "#e07b24",  # orange
    "split": "#5a9e4b",         # green: each segment in its better format
}
#: Colour of things that favour neither format (intervals that cross zero, reference lines).
NEUTRAL_COLOUR = "#8a8a8a"
#: Colours of attendee segments in the network picture (cycled for other segment columns).
SEGMENT_COLOURS: tuple[str, ...] = ("#7b4fa0", "#2a9d8f", "#c9a227", "#d1495b", "#457b9d", "#6d6875")
#: Fixed colours of the style segments, so that "reserved" has one colour everywhere.
STYLE_COLOURS: dict[str, str] = {"reserved": "#7b4fa0", "self-directed": "#2a9d8f", "unknown": "#b0b0b0"}
#: Largest network (people) the network picture draws; beyond it a picture is unreadable and slow.
MAX_NETWORK_NODES = 400

_LAYOUT = dict(
    template="plotly_white",
    font=dict(family="DejaVu Sans, Arial, sans-serif", size=13),
    margin=dict(l=10, r=10, t=50, b=10),
)


def format_colour(name: str) -> str:
    """The colour of a format (``structured``, ``unstructured``, ``split``).

    >>> format_colour("structured") == FORMAT_COLOURS["structured"]
    True
    """
    try:
        return FORMAT_COLOURS[str(name)]
    except KeyError:
        raise UsageError(f"unknown format {name!r}: expected one of {', '.join(FORMAT_COLOURS)}") from None


def _style(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(**_LAYOUT)
    if title is not None:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left"))
    if height is not None:
        fig.update_layout(height=height)
    return fig


def _require(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UsageError(f"{what} needs the column(s) {', '.join(missing)}; the frame has {', '.join(map(str, frame.columns))}")


# ----------------------------------------------------------------------------- forest plot
#: Least share of the forest plot's axis on each side of zero (room for the direction labels).
_DIRECTION_ROOM = 0.3


def effect_forest(effects: pd.DataFrame, *, outcome: str | None = None, by: str | None = None,
                  title: str | None = None, certainties: list | None = None) -> go.Figure:
    """Forest plot: the effect of structured minus unstructured per segment, with its interval.

    A point right of the zero line means the outcome was higher with structured
    networking for that segment: better for most outcomes, worse for those
    where less is better (``familiar_share``, ``spectator``; see
    :data:`toolkit.compare.LOWER_IS_BETTER`), and the direction labels above
    the plot say which side is better for the outcome shown. Points take the
    colour of the format that did better by
    :func:`toolkit.compare.better_format` (the one rule the reports and the
    recommendation use too), grey where the interval includes zero (no clear
    winner). Each row is labelled with its counts.

    Parameters
    ----------
    effects : DataFrame
        The effect table of :func:`toolkit.compare.compare_formats` (columns
        ``segment, outcome, n_structured, n_unstructured, effect, ci_low, ci_high``).
    outcome : str, optional
        Outcome name for the axis title; taken from the frame when omitted.
    by : str, optional
        The column the segments come from: segments are then named for people
        (:func:`toolkit.wording.segment_label`: ``first-time`` rather than ``True``).
    title : str, optional
        Figure title.
    certainties : list, optional
        Each row's certainty (:func:`toolkit.wording.effect_certainty`): a point
        then takes its format's colour only where the difference is clear, as
        the words beside the chart say (one voice), grey otherwise.

    Returns
    -------
    plotly.graph_objects.Figure

    Example
    -------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"segment": ["reserved"], "outcome": ["new_contacts"], "n_structured": [30],
    ...                   "n_unstructured": [31], "effect": [1.5], "ci_low": [0.5], "ci_high": [2.5]})
    >>> float(effect_forest(e).data[0].x[0])
    1.5
    >>> unmeasured = e.assign(effect=[2.7], ci_low=[float("nan")], ci_high=[float("nan")])
    >>> low, high = effect_forest(unmeasured).layout.xaxis.range       # the point is on the chart
    >>> low < 0 < 2.7 < high
    True
    """
    import plotly.graph_objects as go
    _require(effects, ("segment", "n_structured", "n_unstructured", "effect", "ci_low", "ci_high"), "effect_forest")
    if outcome is None and "outcome" in effects.columns and len(effects):
        outcome = str(effects["outcome"].iloc[0])
    frame = effects.reset_index(drop=True).copy()
    frame["segment"] = frame["segment"].map(lambda v: segment_label(v, by) if by else str(v))
    for col in ("effect", "ci_low", "ci_high"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    from toolkit.compare import better_formats

    # one outcome per forest: the one named (or the frame's first) decides which direction is better
    frame["outcome"] = "" if outcome is None else str(outcome)
    favours = better_formats(frame)
    colours = [FORMAT_COLOURS.get(f, NEUTRAL_COLOUR) if f else NEUTRAL_COLOUR for f in favours]
    if certainties is not None:
        colours = [FORMAT_COLOURS.get(c.favoured, NEUTRAL_COLOUR) if c.state == "clear" else NEUTRAL_COLOUR
                   for c in certainties]
    spec = OUTCOME_CATALOGUE.get(outcome) if outcome else None
    lower_is_better = spec is not None and spec.better_when_lower
    share = outcome in SHARE_OUTCOMES
    scale = 100.0 if share else 1.0
    unit = " percentage points" if share else ""
    labels = [
        f"{seg}<br><sup>{int(ns)} structured · {int(nu)} open</sup>"
        for seg, ns, nu in zip(frame["segment"], frame["n_structured"].fillna(0), frame["n_unstructured"].fillna(0))
    ]
    hover = [
        f"{seg}: {format_number(e * scale)}{unit} (95% interval {format_number(lo * scale)} to {format_number(hi * scale)})"
        for seg, e, lo, hi in zip(frame["segment"], frame["effect"], frame["ci_low"], frame["ci_high"])
    ]
    fig = go.Figure(
        go.Scatter(
            x=frame["effect"] * scale,
            y=labels,
            mode="markers",
            marker=dict(size=13, color=colours, symbol="square"),
            error_x=dict(
                type="data", symmetric=False, thickness=2.5, width=6, color="#555555",
                array=(frame["ci_high"] - frame["effect"]) * scale,
                arrayminus=(frame["effect"] - frame["ci_low"]) * scale,
            ),
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.add_vline(x=0, line=dict(color=NEUTRAL_COLOUR, dash="dash", width=1.5))
    # the axis holds every interval and every point: a group's estimate without an interval (one session of a
    # format) was drawn off the chart, leaving the smallest difference as the only one seen
    ends = np.concatenate([frame[c].to_numpy(dtype=float) * scale for c in ("ci_low", "ci_high", "effect")])
    ends = ends[np.isfinite(ends)]
    lo, hi = (float(ends.min()), float(ends.max())) if ends.size else (-1.0, 1.0)
    pad = 0.15 * max(hi - lo, abs(hi), abs(lo), 1e-9)
    left, right = -(min(lo, 0) - pad), max(hi, 0) + pad      # room on each side of zero
    # each side of zero keeps a share of the axis, so that the direction label written on that
    # side (anchored at zero, running away from it) fits above the plot instead of running off
    # the figure when every interval lies on one side
    least = _DIRECTION_ROOM / (1 - _DIRECTION_ROOM)
    left, right = max(left, least * right), max(right, least * left)
    fig.update_xaxes(
        range=[-left, right],
        # three short lines: on a phone (390 px) "difference in new contacts per attendee" was cut off
        title=f"difference in<br>{outcome_label(outcome) if outcome else 'outcome'}{unit}<br>"
              "structured minus open mingling",
        zeroline=False,
    )
    fig.update_yaxes(autorange="reversed", title=None)
    # direction labels above the plot area, clear of the first row's interval: each anchored at the
    # zero line by its inner end (right end of the left label, left end of the right label) and
    # shifted away from it, so that they cannot meet whatever the width of the figure
    # for a lower-is-better outcome a difference below zero (less with structured) favours structured
    left_format, right_format = ("structured", "unstructured") if lower_is_better else ("unstructured", "structured")
    for text, anchor, shift, fmt in ((f"◀ {VERDICTS[left_format]}", "right", -8, left_format),
                                     (f"{VERDICTS[right_format]} ▶", "left", 8, right_format)):
        fig.add_annotation(x=0, y=1.0, xref="x", yref="paper", yanchor="bottom", yshift=6, xanchor=anchor,
                           xshift=shift, text=text, showarrow=False, font=dict(color=FORMAT_COLOURS[fmt], size=11))
    fig = _style(fig, title=title, height=max(240, 130 + 70 * len(frame)))
    fig.update_layout(margin=dict(t=70 if title else 40))
    return fig


# ----------------------------------------------------------------------------- funnel
FUNNEL_STAGES: tuple[str, ...] = ("new contacts", "followed up within 7 days", "met within 30 days")


def followthrough_table(table: pd.DataFrame, *, by: str | None = "style") -> pd.DataFrame:
    """Sum the outcome table into the follow-through funnel, by format and segment (presentation only).

    Stage counts come straight from the per-attendee outcomes, summed over a
    person's sessions of a format (``attendees`` counts people at an event,
    not their sessions, where the table has ``event_id`` and ``attendee_id``): new contacts
    (``new_contacts``), followed up within 7 days (``followup_rate_7d`` times
    ``new_contacts``), met within 30 days (``meetings_30d``). Attendees with no
    format (in no networking session) are left out, as in the comparisons. A
    stage whose outcome has no value at all (not recorded: a folder without a
    followups table) has no rows, since not recorded is not 0%.

    Parameters
    ----------
    table : DataFrame
        The outcome table of :func:`toolkit.outcomes.compute_outcomes`.
    by : str or None
        Segment column; ``None`` for one funnel per format only.

    Returns
    -------
    DataFrame
        One row per (format, segment, stage): ``format, segment, stage, count,
        attendees, per_attendee, share_of_first`` (share of the first stage).

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"format": ["structured", "unstructured"], "style": ["reserved", "reserved"],
    ...                   "new_contacts": [4, 2], "followup_rate_7d": [0.5, 0.5], "meetings_30d": [1, 0]})
    >>> followthrough_table(t).query("format == 'structured'")["count"].tolist()
    [4.0, 2.0, 1.0]
    >>> followthrough_table(t.assign(followup_rate_7d=None, meetings_30d=None))["stage"].unique().tolist()
    ['new contacts']
    """
    # not at the top: the report imports this module, and a report read back needs no outcomes module
    from toolkit.outcomes import attendee_places

    _require(table, ("format", "new_contacts", "followup_rate_7d", "meetings_30d"), "followthrough_table")
    if by is not None:
        _require(table, (by,), "followthrough_table")
    frame = table.loc[table["format"].notna()].copy()
    frame["_segment"] = frame[by].astype("string").fillna("unknown") if by is not None else "everyone"
    frame["_format"] = frame["format"].astype("string")
    new = pd.to_numeric(frame["new_contacts"], errors="coerce").astype(float).fillna(0.0)
    rate = pd.to_numeric(frame["followup_rate_7d"], errors="coerce").astype(float).fillna(0.0)
    frame["_s0"] = new
    frame["_s1"] = new * rate
    frame["_s2"] = pd.to_numeric(frame["meetings_30d"], errors="coerce").astype(float).fillna(0.0)
    # attendees are people at an event: someone in two structured sessions is one attendee of that format (with
    # both sessions' contacts), as the comparison counts them; rows would count them twice
    frame["_place"] = attendee_places(frame)
    grouped = frame.groupby(["_format", "_segment"], observed=True, sort=True).agg(
        attendees=("_place", "nunique"), s0=("_s0", "sum"), s1=("_s1", "sum"), s2=("_s2", "sum")
    ).reset_index()
    long = grouped.melt(id_vars=["_format", "_segment", "attendees"], value_vars=["s0", "s1", "s2"],
                        var_name="_stage", value_name="count")
    recorded = {"s0": True, "s1": bool(frame["followup_rate_7d"].notna().any()),
                "s2": bool(frame["meetings_30d"].notna().any())}
    long = long.loc[long["_stage"].map(recorded)]
    long["stage"] = long["_stage"].map({"s0": FUNNEL_STAGES[0], "s1": FUNNEL_STAGES[1], "s2": FUNNEL_STAGES[2]})
    first = long.loc[long["_stage"] == "s0"].set_index(["_format", "_segment"])["count"]
    long["share_of_first"] = long["count"] / long.set_index(["_format", "_segment"]).index.map(first).to_numpy(dtype=float)
    long["share_of_first"] = long["share_of_first"].where(np.isfinite(long["share_of_first"]))
    long["per_attendee"] = long["count"] / long["attendees"]
    long = long.rename(columns={"_format": "format", "_segment": "segment"})
    long["stage"] = pd.Categorical(long["stage"], categories=list(FUNNEL_STAGES), ordered=True)
    long = long.sort_values(["segment", "format", "stage"]).reset_index(drop=True)
    return long[["format", "segment", "stage", "count", "attendees", "per_attendee", "share_of_first"]]


def followthrough_funnel(funnel: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Follow-through funnel by format and segment: new contacts, followed up in 7 days, met in 30 days.

    One panel per segment; within it, bars per stage in the colour of each
    format, their height the number per attendee, labelled with the share of
    new contacts that reached the stage (so the drop-off reads directly).

    Parameters
    ----------
    funnel : DataFrame
        The frame of :func:`followthrough_table` (``format, segment, stage,
        per_attendee, share_of_first``).
    title : str, optional

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"format": ["structured", "unstructured"], "style": ["reserved", "reserved"],
    ...                   "new_contacts": [4, 2], "followup_rate_7d": [0.5, 0.5], "meetings_30d": [1, 0]})
    >>> fig = followthrough_funnel(followthrough_table(t))
    >>> sorted({trace.name for trace in fig.data})
    ['open mingling', 'structured']
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
    _require(funnel, ("format", "segment", "stage", "per_attendee", "share_of_first"), "followthrough_funnel")
    segments = list(dict.fromkeys(funnel["segment"].astype(str)))
    if not segments:
        raise UsageError("followthrough_funnel: there is nothing to draw (no attendee in a networking session)")
    fig = make_subplots(rows=1, cols=len(segments), subplot_titles=segments, shared_yaxes=True,
                        horizontal_spacing=0.04)
    for col, segment in enumerate(segments, start=1):
        part = funnel.loc[funnel["segment"].astype(str) == segment]
        for fmt in FORMATS:
            rows = part.loc[part["format"].astype(str) == fmt].sort_values("stage")
            if rows.empty:
                continue
            texts = [
                "" if i == 0 else format_number(s, share=True)
                for i, s in enumerate(rows["share_of_first"])
            ]
            fig.add_trace(
                go.Bar(
                    x=rows["stage"].astype(str).map(_STAGE_TICKS), y=rows["per_attendee"].astype(float),
                    name=format_name(fmt),
                    marker_color=FORMAT_COLOURS[fmt], legendgroup=fmt, showlegend=(col == 1),
                    text=texts, textposition="outside", cliponaxis=False,
                    hovertext=[f"{format_name(fmt)}, {segment}: {format_number(v)} per attendee ({st})"
                               for v, st in zip(rows["per_attendee"], rows["stage"].astype(str))],
                    hoverinfo="text",
                ),
                row=1, col=col,
            )
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.18, x=0))
    fig.update_xaxes(tickangle=0)
    fig.update_yaxes(title_text="per attendee", row=1, col=1)
    return _style(fig, title=title, height=420)


_STAGE_TICKS = {FUNNEL_STAGES[0]: "new<br>contacts", FUNNEL_STAGES[1]: "followed up<br>in 7 days",
                FUNNEL_STAGES[2]: "met<br>in 30 days"}


# ----------------------------------------------------------------------------- overview
def _two_lines(text: str) -> str:
    """A short title broken once, after its first word or its first two (five panels side by side)."""
    words = text.split()
    cut = 1 if len(words) <= 3 else 2
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:]) if len(words) > 1 else text


#: Key figures of the overview, in the catalogue's display order: (event_summary column, outcome,
#: reference key where :data:`toolkit.contract.REFERENCE_VALUES` has a published value).
KEY_FIGURES: tuple[tuple[str, str, str | None], ...] = tuple(
    (OUTCOME_CATALOGUE[name].summary_column, name, name if name in REFERENCE_VALUES else None)
    for name in KEY_FIGURE_OUTCOMES)
#: Two-line panel titles of the key figures (the catalogue's short labels, broken once).
KEY_FIGURE_TITLES: dict[str, str] = {name: _two_lines(outcome_title(name, capital=False)) for name in KEY_FIGURE_OUTCOMES}


def overview_figure(summary: pd.DataFrame, *, references: Mapping[str, Mapping[str, Any]] | None = None,
                    title: str | None = None, columns: int | None = None) -> go.Figure:
    """Key figures of each event as small bar panels, with the published reference value beside.

    Parameters
    ----------
    summary : DataFrame
        :func:`toolkit.outcomes.event_summary` (one row per event, with
        ``event_id`` and some of ``mean_contacts, mean_new_contacts,
        spectator_share, familiar_share, followup_rate_7d``); missing columns
        are skipped.
    references : mapping, optional
        Outcome name -> ``{"value": ..., "source": ...}``; defaults to the
        summary's ``attrs["references"]`` (those that fit how its contacts were
        recorded), else :data:`toolkit.contract.REFERENCE_VALUES`. Drawn as a dashed line.
    columns : int, optional
        Panels per row (default: all in one row); a phone shows them best one or two to a row.

    Example
    -------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"event_id": ["E1"], "mean_contacts": [12.0], "familiar_share": [0.3]})
    >>> fig = overview_figure(s)
    >>> [a.text for a in fig.layout.annotations][:2]
    ['contacts<br>per attendee', 'contacts<br>already known']
    >>> overview_figure(s, columns=1).layout.height   # one panel to a row: taller
    560
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
    if references is None:  # the summary's own (toolkit.outcomes.applicable_references), else every published one
        references = summary.attrs.get("references", REFERENCE_VALUES)
    _require(summary, ("event_id",), "overview_figure")
    panels = [(col, outcome, ref) for col, outcome, ref in KEY_FIGURES if col in summary.columns]
    if not panels:
        raise UsageError("overview_figure: the event summary has none of the key-figure columns "
                         + ", ".join(c for c, _, _ in KEY_FIGURES))
    per_row = max(1, min(columns or len(panels), len(panels)))
    n_rows = -(-len(panels) // per_row)
    fig = make_subplots(rows=n_rows, cols=per_row, vertical_spacing=0.5 / n_rows if n_rows > 1 else 0.3,
                        subplot_titles=[KEY_FIGURE_TITLES.get(o, outcome_label(o)) for _, o, _ in panels],
                        horizontal_spacing=0.06 if per_row > 2 else 0.18)
    events = summary["event_id"].astype(str).tolist()
    for i, (col, outcome, ref) in enumerate(panels, start=1):
        row, column = (i - 1) // per_row + 1, (i - 1) % per_row + 1
        share = outcome in SHARE_OUTCOMES
        values = pd.to_numeric(summary[col], errors="coerce").astype(float) * (100 if share else 1)
        fig.add_trace(
            go.Bar(x=events, y=values, marker_color="#4a5a6a", showlegend=False,
                   text=[format_number(v / 100 if share else v, share=share) for v in values],
                   textposition="outside", cliponaxis=False, hoverinfo="x+text"),
            row=row, col=column,
        )
        if ref is not None and ref in references:
            ref_value = float(references[ref]["value"]) * (100 if share else 1)
            fig.add_hline(y=ref_value, line=dict(color="#c0392b", dash="dash", width=2), row=row, col=column)
            shown = format_number(ref_value / 100 if share else ref_value, share=share,
                                  digits=0 if float(ref_value).is_integer() else None)
            fig.add_annotation(text=f"published: {shown}",
                               x=0.5, xref=f"x{'' if i == 1 else i} domain", y=ref_value, yref=f"y{'' if i == 1 else i}",
                               yshift=10, showarrow=False, font=dict(color="#c0392b", size=11))
            top = max(_finite_max(values), ref_value)
        else:
            top = _finite_max(values) or 1.0
        fig.update_yaxes(range=[0, (100 if share and top <= 100 else top * 1.25) or 1], ticksuffix="%" if share else "",
                         row=row, col=column)
        fig.update_xaxes(type="category", row=row, col=column)
    return _style(fig, title=title, height=360 if n_rows == 1 else 100 + 230 * n_rows)


def _finite_max(values: pd.Series) -> float:
    """Largest finite value (0 when there is none, e.g. a folder without a contact log)."""
    finite = values[np.isfinite(values)]
    return float(finite.max()) if len(finite) else 0.0


# ----------------------------------------------------------------------------- network
def network_figure(graph, *, segment_attr: str = "style", familiar_attr: str = "familiar",
                   broker_attr: str = "brokerage", n_brokers: int = 5, max_nodes: int = MAX_NETWORK_NODES,
                   random_state: int | None = 0, title: str | None = None) -> go.Figure:
    """Contact network: people coloured by segment, ties already known apart, brokers highlighted.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`toolkit.network.contact_graph`. Node attribute
        ``segment_attr`` colours the people; an edge attribute
        ``familiar_attr`` that is true marks a tie known before the event (drawn
        dashed and grey); node attribute ``broker_attr`` picks the
        ``n_brokers`` highest-scoring people, drawn larger with a black ring.
    max_nodes : int
        Refuse (with :class:`~toolkit.errors.UsageError`) above this many people.
    random_state : int or None
        Seed of the layout.

    Example
    -------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", style="reserved"); g.add_node("b", style="self-directed")
    >>> g.add_edge("a", "b", familiar=False)
    >>> fig = network_figure(g)
    >>> any(t.name == "new contact" for t in fig.data)
    True
    """
    import plotly.graph_objects as go
    import networkx as nx

    n = graph.number_of_nodes()
    if n > max_nodes:
        raise UsageError(
            f"This network has {n:,} people; the picture is drawn for at most {max_nodes:,} people "
            "(beyond that it is an unreadable ball and slow to draw). Choose a single session, or a smaller event."
        )
    if n == 0:
        raise UsageError("This network is empty: no exchange of details was recorded here.")
    nodes = list(graph.nodes)
    # people without any exchange would be flung to the edge by the layout and shrink everyone else:
    # lay out the connected people, and line the others up underneath
    isolated = [v for v in nodes if graph.degree(v) == 0]
    linked = graph.subgraph([v for v in nodes if graph.degree(v) > 0])
    pos = (nx.spring_layout(linked, seed=random_state, k=1.8 / math.sqrt(max(linked.number_of_nodes(), 1)),
                            iterations=80) if linked.number_of_nodes() else {})
    if isolated:
        xs = np.array([p[0] for p in pos.values()]) if pos else np.array([-1.0, 1.0])
        ys = np.array([p[1] for p in pos.values()]) if pos else np.array([0.0, 0.0])
        row_y = ys.min() - 0.2 * max(ys.max() - ys.min(), 0.5)
        row_x = np.linspace(xs.min(), xs.max(), len(isolated)) if len(isolated) > 1 else [xs.mean()]
        pos.update({v: (float(x), float(row_y)) for v, x in zip(isolated, row_x)})
    xy = np.array([pos[v] for v in nodes])
    index = {v: i for i, v in enumerate(nodes)}

    fig = go.Figure()
    edges = list(graph.edges(data=True))
    for familiar, name, colour, dash, width in ((False, "new contact", "rgba(90, 130, 170, 0.35)", "solid", 1.0),
                                                (True, "already knew each other", "rgba(120, 120, 120, 0.6)", "dot", 1.2)):
        chosen = [(u, v) for u, v, d in edges if bool(d.get(familiar_attr, False) is True) == familiar]
        if not chosen:
            continue
        ex = np.full(3 * len(chosen), np.nan)
        ey = np.full(3 * len(chosen), np.nan)
        iu = np.fromiter((index[u] for u, _ in chosen), int, len(chosen))
        iv = np.fromiter((index[v] for _, v in chosen), int, len(chosen))
        ex[0::3], ex[1::3] = xy[iu, 0], xy[iv, 0]
        ey[0::3], ey[1::3] = xy[iu, 1], xy[iv, 1]
        fig.add_trace(go.Scatter(x=ex, y=ey, mode="lines", name=name, hoverinfo="skip",
                                 line=dict(color=colour, width=width, dash=dash)))

    segments = pd.Series([str(graph.nodes[v].get(segment_attr, "unknown") or "unknown") for v in nodes])
    degree = np.array([graph.degree(v) for v in nodes])
    scores = pd.to_numeric(pd.Series([graph.nodes[v].get(broker_attr, np.nan) for v in nodes]), errors="coerce")
    brokers = np.zeros(n, dtype=bool)
    if scores.notna().any() and n_brokers > 0:
        top = scores.fillna(-np.inf).to_numpy().argsort()[::-1][:n_brokers]
        brokers[top[np.isfinite(scores.to_numpy()[top]) & (scores.to_numpy()[top] > 0)]] = True
    palette = _segment_palette(segments.unique().tolist())
    for segment, colour in palette.items():
        mask = (segments == segment).to_numpy()
        fig.add_trace(go.Scatter(
            x=xy[mask, 0], y=xy[mask, 1], mode="markers", name=segment,
            marker=dict(color=colour, size=np.where(brokers[mask], 16, 9),
                        line=dict(color=np.where(brokers[mask], "#000000", "#ffffff").tolist(),
                                  width=np.where(brokers[mask], 2.5, 0.5).tolist())),
            hovertext=[f"{segment}, {d} contact{'s' if d != 1 else ''}{' · broker' if b else ''}"
                       for d, b in zip(degree[mask], brokers[mask])],
            hoverinfo="text",
        ))
    if brokers.any():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="broker (links groups)",
                                 marker=dict(color="#ffffff", size=14, line=dict(color="#000000", width=2.5))))
    if isolated:
        fig.add_annotation(x=float(xy[:, 0].min()), y=float(pos[isolated[0]][1]), yshift=14, xanchor="left",
                           text=f"{len(isolated)} without any recorded exchange", showarrow=False,
                           font=dict(size=11, color="#666666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.05, x=0))
    return _style(fig, title=title, height=560)


def _segment_palette(segments: list[str]) -> dict[str, str]:
    """Colour per segment: fixed for the style segments, cycled for any other column."""
    palette: dict[str, str] = {}
    k = 0
    for seg in sorted(segments, key=lambda s: (s == "unknown", s)):
        if seg in STYLE_COLOURS:
            palette[seg] = STYLE_COLOURS[seg]
        else:
            palette[seg] = SEGMENT_COLOURS[k % len(SEGMENT_COLOURS)]
            k += 1
    return palette


# ----------------------------------------------------------------------------- expected outcome
PLANS: tuple[str, ...] = ("structured", "unstructured", "split")


def expected_outcome_figure(expected: Mapping[str, float], *, recommended: str | None = None,
                            outcome: str | None = None, title: str | None = None,
                            certainty: Any = None) -> go.Figure:
    """Expected outcome per attendee under structured, open mingling and the split plan.

    Parameters
    ----------
    expected : mapping
        ``{"structured": x, "unstructured": y, "split": z}`` (a
        recommendation's ``expected``); missing plans are left out.
    recommended : str, optional
        The recommended plan, drawn solid and marked; the others are lighter.
    outcome : str, optional
        Outcome name for the axis title and percent display.
    certainty : toolkit.wording.Certainty, optional
        How sure the advice is (:func:`toolkit.wording.certainty`): the plan it
        favours is marked "suggested" where the difference is clear and
        "leaning" where it is not settled; where it favours none, every bar is
        drawn light under a note that the bars are best guesses, not a
        ranking (a tallest bar beside "cannot compare yet" read as the answer).

    Example
    -------
    >>> fig = expected_outcome_figure({"structured": 5.2, "unstructured": 4.1, "split": 5.6}, recommended="split")
    >>> list(fig.data[0].x)
    ['structured', 'open mingling', 'split']
    >>> from toolkit.wording import CERTAINTY_LABELS, Certainty
    >>> unsure = Certainty("cannot_compare", CERTAINTY_LABELS["cannot_compare"], "Run both formats.")
    >>> fig = expected_outcome_figure({"structured": 3.0, "split": 3.7}, certainty=unsure)
    >>> list(fig.data[0].marker.opacity), fig.layout.annotations[0].text[:37]
    ([0.45, 0.45], 'Cannot compare yet: best guesses, not')
    """
    import plotly.graph_objects as go
    plans = [p for p in PLANS if p in expected and expected[p] is not None and pd.notna(expected[p])]
    if not plans:
        raise UsageError("expected_outcome_figure: no expected value to draw")
    mark = "  ✔ suggested"
    if certainty is not None:
        recommended = certainty.favoured
        mark = "  ✔ suggested" if certainty.state == "clear" else "  (leaning)"
    share = outcome in SHARE_OUTCOMES
    values = [float(expected[p]) * (100 if share else 1) for p in plans]
    unsettled = certainty is not None and recommended is None
    fig = go.Figure(go.Bar(
        x=[format_name(p) for p in plans], y=values,
        marker=dict(color=[FORMAT_COLOURS[p] for p in plans],
                    opacity=[0.45 if unsettled or recommended not in (None, p) else 1.0 for p in plans],
                    line=dict(color=["#000000" if p == recommended else "rgba(0,0,0,0)" for p in plans], width=2.5)),
        text=[format_number(v / 100 if share else v, share=share) + (mark if p == recommended else "")
              for p, v in zip(plans, values)],
        textposition="outside", cliponaxis=False, hoverinfo="x+text", showlegend=False,
    ))
    top = max(values) if values else 1.0
    fig.update_yaxes(title=(outcome_label(outcome) if outcome else "expected outcome") + " (expected)",
                     range=[min(0.0, min(values) * 1.2), top * 1.25 if top > 0 else 1], ticksuffix="%" if share else "")
    if unsettled:
        fig.add_annotation(text=f"{certainty.label}: best guesses, not a ranking", xref="paper", yref="paper",
                           x=0.5, y=1.0, yanchor="bottom", showarrow=False, font=dict(color="#555555"))
    return _style(fig, title=title, height=330)

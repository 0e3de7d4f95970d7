"""``netout compare``, ``netout recommend`` and ``netout plan``.

``compare DIR --by COLUMN --outcome NAME [--json [--details]]``: the effect of
structured minus unstructured per segment (``--json``: a list with one object
per segment with exactly the data contract's keys; ``--details`` adds the
extras: se, df, p_value, sessions per format, design, covariates and the
covariates left out with the reason, ...).
``recommend DIR --by COLUMN --outcome NAME --mix SEG=SHARE,... [--json [--details]]``:
the format to run next (``--json``: exactly the contract's keys, ``recommended``
null where the data cannot value the options; ``--details`` adds outcome, mix,
plan, effects, sample_size, covariates, ...).
Both take ``--covariates a,b`` (the attendee columns to adjust for) or
``--no-covariates`` (none); by default the toolkit's rule chooses them and the
output says what it left out and why. ``--adjust/--no-adjust``: adjust for the
chosen covariates with the flexible outcome and format models (the default,
also where formats were assigned by lot) or compare plain means.
``plan REGISTRATIONS --out DIR [--rooms N] [--room-size M] [--data FOLDER --outcome NAME]``: rooms of
each format (as many as the past data say are needed, with ``--data``), assignment by lot within segments,
group rosters, and the next event's ``sessions`` and ``participation`` tables, as CSV.
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import DEFAULT_BY_HELP, parse_mix, print_json


def _outcome_table(folder: Path):
    from toolkit.io.load import load_event_data
    from toolkit.errors import UsageError
    from toolkit.outcomes import compute_outcomes

    if not folder.exists():
        raise UsageError(f"the folder {folder} does not exist.")
    return compute_outcomes(load_event_data(folder))


def _check_outcome(table, outcome: str) -> None:
    from toolkit.catalogue import contract_outcomes
    from toolkit.errors import UsageError

    if outcome not in table.columns:
        choices = "; ".join(f"{spec.name} ({spec.label})" for spec in contract_outcomes())
        raise UsageError(f"--outcome {outcome!r} is not an outcome; choose one of: {choices}.")


def _grouping(table, by: str | None) -> tuple[str, str | None]:
    """(``--by``, or the grouping every face opens on where none was given; the line saying so, if any)."""
    if by is not None:
        return by, None
    from toolkit.compare import default_grouping
    from toolkit.wording import grouping_note

    chosen = default_grouping(table)
    return chosen, grouping_note(chosen)


# The keys of ``recommend --json`` in the data contract (DATA_CONTRACT.md, "recommend --json").
RECOMMEND_KEYS: tuple[str, ...] = ("recommended", "expected", "probability_best", "confident", "rationale",
                                   "next_step")


def _covariate_choice(covariates: str | None, no_covariates: bool) -> list[str] | None:
    """``--covariates a,b`` -> ["a", "b"]; ``--no-covariates`` -> []; neither -> None (the default rule)."""
    from toolkit.errors import UsageError

    if covariates is not None and no_covariates:
        raise UsageError("give either --covariates or --no-covariates, not both.")
    if no_covariates:
        return []
    if covariates is None:
        return None
    names = [c.strip() for c in covariates.split(",") if c.strip()]
    if not names:
        raise UsageError("--covariates: name at least one column, e.g. --covariates industry,first_time "
                         "(or --no-covariates for none).")
    return names


def _print_covariates(covariates, left_out) -> None:
    """What the comparison adjusted for, and what it left out and why (from the result object)."""
    typer.echo("adjusted for: " + (", ".join(covariates) if covariates else "no attendee characteristics"))
    for column, reason in dict(left_out).items():
        typer.echo(f"  left out {column}: {reason}")


# Effect columns that are counts: integers in JSON.
_COUNT_KEYS = ("n_structured", "n_unstructured", "n_sessions_structured", "n_sessions_unstructured",
               "people_structured", "people_unstructured")


def _effect_records(frame, *, details: bool) -> list[dict]:
    """``compare --json`` rows: exactly the contract's EFFECT_COLUMNS, or every column with ``details``."""
    from toolkit.contract import EFFECT_COLUMNS

    from toolkit.wording import hidden_counts

    shown = frame if details else frame[list(EFFECT_COLUMNS)]
    # a format of 1-4 people: its size is never printed (counted in people, as the text face counts them)
    records = hidden_counts(_records(shown), frame)
    for record in records:
        for key in _COUNT_KEYS:
            if key in record and record[key] is not None:
                record[key] = int(record[key])
    return records


def _recommend_document(rec, *, details: bool) -> dict:
    """``recommend --json``: exactly the contract's keys, or everything ``to_dict`` gives with ``details``."""
    document = rec.to_dict()
    if details:
        return document
    return {key: document[key] for key in RECOMMEND_KEYS}


def _records(frame) -> list[dict]:
    import numpy as np

    records = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, np.ndarray):
                value = value.tolist()
            elif isinstance(value, (np.integer,)):
                value = int(value)
            elif isinstance(value, (np.floating,)):
                value = float(value)
            clean[key] = value
        records.append(clean)
    return records


def _print_effects(effects, table, *, outcome: str, by: str, weight_nonresponse: bool, seed: int,
                   covariates: list[str] | None) -> None:
    """``compare`` without ``--json``: one line per segment in the words every face uses (toolkit.wording)."""
    import math

    import pandas as pd

    from toolkit.compare import segment_difference
    from toolkit.errors import UsageError
    from toolkit.wording import (MIN_GROUP_SIZE, MISSING_TEXT, SMALL_GROUP_TEXT, column_label, describe_effect,
                                 describe_effects, effect_certainty, format_count, format_name, group_cautions,
                                 group_sizes, outcome_label)

    typer.echo(f"{outcome_label(outcome)} ({outcome}): structured minus unstructured, by {column_label(by)}")
    typer.echo(f"method: {effects['method'].iloc[0]}; design: {effects['design'].iloc[0]}")
    _print_covariates(effects["covariates"].iloc[0], effects["covariates_left_out"].iloc[0])
    sizes = group_sizes(effects).to_dict(orient="records")
    described = describe_effects(effects, outcome=outcome, by=by)
    # the groups' names in one column however long ("physics, mathematics and statistics")
    width = max([20] + [len(words.segment) for words in described])
    for row, people, words in zip(effects.to_dict(orient="records"), sizes, described):
        # the one certainty state every face shows, rather than a bare verdict beside a caution that contradicts it
        sure = effect_certainty(row, outcome=outcome)
        towards = f" (towards {format_name(sure.favoured)})" if sure.favoured else ""
        # a format whose people the small-cell rule hides shows neither its size nor its sessions (1 session says
        # at least 1 person); the rule counts distinct people, as everywhere
        hidden = {fmt: 0 < people[fmt] < MIN_GROUP_SIZE for fmt in ("structured", "unstructured")}
        counts = [SMALL_GROUP_TEXT if hidden[fmt] else format_count(row[f"n_{fmt}"])
                  for fmt in ("structured", "unstructured")]
        sessions = [MISSING_TEXT if hidden[fmt] else str(row[f"n_sessions_{fmt}"])
                    for fmt in ("structured", "unstructured")]
        typer.echo(
            f"  {words.segment:<{width}} {words.difference:>8}  [{words.interval}]  "
            f"n = {counts[0]} / {counts[1]} in {sessions[0]} / {sessions[1]} sessions: {sure.label}{towards}"
        )
    try:
        diff = segment_difference(table, outcome=outcome, by=by, weight_nonresponse=weight_nonresponse,
                                  covariates=covariates, random_state=seed)
        row = diff.iloc[0].to_dict()
        shown = {str(r["segment"]) for r in effects.to_dict(orient="records") if not pd.isna(r["effect"])}
        # a difference between groups is told only where each group's own difference may be (no small group)
        if math.isfinite(float(row["effect"])) and set(str(row["segment"]).split(" - ")) <= shown:
            words = describe_effect({**row, "segment": ""}, outcome=outcome, by=by)
            pair = " - ".join(describe_effect({**row, "segment": part}, outcome=outcome, by=by).segment
                              for part in str(row["segment"]).split(" - "))
            typer.echo(f"  difference {pair}: {words.difference} [{words.interval}]")
    except UsageError:
        pass
    for caution in group_cautions(effects, by=by, face="cli"):
        typer.echo(f"warning: {caution.line}")


_ADJUST_HELP = ("Adjust for attendee characteristics (default; also where formats were assigned by lot, where it "
                "sharpens the estimate). --no-adjust compares plain means within events and segments.")


def compare_command(
    folder: Path = typer.Argument(..., help="Event data folder."),
    by: str = typer.Option(None, "--by", help=f"Segment column: any attendee or survey column, or style ({DEFAULT_BY_HELP})."),
    outcome: str = typer.Option("new_contacts", "--outcome", help="Outcome to compare, e.g. new_contacts."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (a list, one object per segment, the contract's keys)."),
    details: bool = typer.Option(False, "--details", help="With --json: add the extra keys (se, df, p_value, sessions per format, design, covariates, ...)."),
    weight_nonresponse: bool = typer.Option(False, "--weight-nonresponse", help="Weight survey answers by inverse response probability."),
    covariates: str = typer.Option(None, "--covariates", help="Attendee columns to adjust for, e.g. industry,first_time (default: the toolkit's rule)."),
    no_covariates: bool = typer.Option(False, "--no-covariates", help="Adjust for no attendee characteristics."),
    adjust: bool = typer.Option(True, "--adjust/--no-adjust", help=_ADJUST_HELP),
    seed: int = typer.Option(0, "--seed", help="Random state (cross-fitting folds)."),
) -> None:
    """Effect of structured minus unstructured networking per segment, with 95% intervals."""
    from toolkit.compare import compare_formats

    chosen = _covariate_choice(covariates, no_covariates)
    table = _outcome_table(folder)
    _check_outcome(table, outcome)
    by, note = _grouping(table, by)
    from toolkit.wording import without_small_groups

    effects = without_small_groups(compare_formats(table, outcome=outcome, by=by,
                                                   weight_nonresponse=weight_nonresponse, covariates=chosen,
                                                   adjust=adjust, random_state=seed))
    if as_json:
        print_json(_effect_records(effects, details=details))
        return
    if note:
        typer.echo(note)
    _print_effects(effects, table, outcome=outcome, by=by, weight_nonresponse=weight_nonresponse, seed=seed,
                   covariates=chosen)


def recommend_command(
    folder: Path = typer.Argument(..., help="Event data folder."),
    by: str = typer.Option(None, "--by", help=f"Segment column ({DEFAULT_BY_HELP})."),
    outcome: str = typer.Option("new_contacts", "--outcome", help="Outcome to optimise."),
    mix: str = typer.Option(None, "--mix", help="Expected mix of the next event, e.g. reserved=0.6,self-directed=0.4 (default: the last event's)."),
    cost: float = typer.Option(0.0, "--cost", help="Cost of facilitation per structured attendee, in outcome units."),
    min_difference: float = typer.Option(0.0, "--min-difference", help="Smallest difference worth acting on, in outcome units."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (the contract's keys)."),
    details: bool = typer.Option(False, "--details", help="With --json: add the extra keys (outcome, mix, plan, effects, needed_per_arm, covariates, ...)."),
    weight_nonresponse: bool = typer.Option(False, "--weight-nonresponse", help="Weight survey answers by inverse response probability."),
    covariates: str = typer.Option(None, "--covariates", help="Attendee columns to adjust for, e.g. industry,first_time (default: the toolkit's rule)."),
    no_covariates: bool = typer.Option(False, "--no-covariates", help="Adjust for no attendee characteristics."),
    adjust: bool = typer.Option(True, "--adjust/--no-adjust", help=_ADJUST_HELP),
    seed: int = typer.Option(0, "--seed", help="Random state."),
) -> None:
    """The format to run at the next event: structured, unstructured or split (or none, where the data cannot tell)."""
    from toolkit.recommend import recommend_format
    from toolkit.wording import SETTLE_PREFIX, recommendation_headline

    chosen = _covariate_choice(covariates, no_covariates)
    shares = parse_mix(mix) if mix else None
    table = _outcome_table(folder)
    _check_outcome(table, outcome)
    by, note = _grouping(table, by)
    rec = recommend_format(
        table, outcome=outcome, by=by, mix=shares, cost_per_attendee=cost, min_difference=min_difference,
        weight_nonresponse=weight_nonresponse, covariates=chosen, adjust=adjust, random_state=seed,
    )
    if as_json:
        print_json(_recommend_document(rec, details=details))
        return
    from toolkit.wording import certainty, sample_size_figure

    if note:
        typer.echo(note)
    typer.echo(recommendation_headline(rec.recommended, confident=rec.confident))
    typer.echo(f"Certainty: {certainty(rec).line}")
    if sample_size_figure(rec):
        typer.echo(f"To settle it, the next event runs both formats by lot: {sample_size_figure(rec)}.")
    for sentence in rec.rationale:
        if not sentence.startswith(SETTLE_PREFIX):  # said below as the next step
            typer.echo(f"- {sentence}")
    typer.echo(f"Next step: {rec.next_step}")
    _print_covariates(rec.covariates, rec.covariates_left_out)


def plan_command(
    registrations: Path = typer.Argument(..., help="Registrations file (CSV/XLSX/Parquet) or a folder with attendees.csv."),
    out: Path = typer.Option(..., "--out", help="Folder to write sessions.csv, participation.csv, assignment.csv and rosters.csv into."),
    by: str = typer.Option(None, "--by", help="Segment to stratify the lot by (default: with --data, the grouping "
                           "compare and recommend open on; else networking style where the registrations record "
                           "it, else the first of industry, company_size, first_time, region they have)."),
    grouping: str = typer.Option("industry", "--grouping", help="Group criterion: industry, company_size, region or random."),
    group_size: int = typer.Option(6, "--group-size", help="People per small group."),
    known_ties: Path = typer.Option(None, "--known-ties", help="CSV of pairs who know each other (attendee_id, contact_id)."),
    rooms: int = typer.Option(None, "--rooms", help="Rooms of each format (default: what --data asks for, else 10 where the registrations fill them)."),
    room_size: int = typer.Option(None, "--room-size", help="People per room to aim for (default 12, or what --data shows)."),
    data: Path = typer.Option(None, "--data", help="Past events' folder: size the plan so that the next comparison can become confident."),
    outcome: str = typer.Option("new_contacts", "--outcome", help="With --data: the outcome to size the plan for."),
    min_difference: float = typer.Option(0.0, "--min-difference", help="With --data: the smallest difference worth acting on (default: the outcome's)."),
    event_id: str = typer.Option("next", "--event-id", help="The next event's id in sessions.csv and participation.csv."),
    seed: int = typer.Option(None, "--seed", help="Random state of the lot (default: fresh)."),
    with_names: bool = typer.Option(False, "--with-names", help="Also write rosters_with_names.csv: each group's "
                                    "people with names and emails from REGISTRATIONS (personal data: keep it "
                                    "private)."),
    column_map: Path = typer.Option(None, "--map", metavar="MAP.toml", help="A netout.toml-style map naming the "
                                    "registration file's columns ([columns.attendees] \"Sector\" = \"industry\"), "
                                    "as for netout import (default: the netout.toml beside the file)."),
    header_row: int = typer.Option(None, "--header-row", metavar="N", min=1, help="Spreadsheet row of the "
                                   "registration file's header, where a title is above it (default: found by its "
                                   "column names)."),
    sheet: str = typer.Option(None, "--sheet", help="Worksheet of an Excel registration file that holds the "
                              "attendees, by name or position (default: the first)."),
) -> None:
    """Rooms of both formats, assignment by lot within segments, group rosters: the next event's tables.

    The registration file is read as netout import registrations reads it (a title block above the header is
    left out; --header-row, --sheet and --map as there). The files hold pseudonyms only; --with-names adds
    rosters_with_names.csv for the organiser, whose first line says that it holds personal data. The plan lays
    out one slot: each person gets one format and one room.
    \f
    Example
    -------
    >>> import tempfile, pathlib
    >>> from typer.testing import CliRunner
    >>> from toolkit.cli import app
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "registrations.csv").write_text(
    ...     "attendee_id,industry\\n" + "".join(f"A{i},{'law' if i % 2 else 'tech'}\\n" for i in range(40)))
    >>> result = CliRunner().invoke(app, ["plan", str(work / "registrations.csv"), "--out", str(work / "plan"),
    ...                                   "--by", "industry", "--seed", "1"])
    >>> result.exit_code, sorted(p.name for p in (work / "plan").iterdir())
    (0, ['assignment.csv', 'participation.csv', 'rosters.csv', 'sessions.csv'])
    """
    from toolkit.cli._common import refuse_output_over_inputs, worksheet
    from toolkit.plan import (
        history_note,
        plan_grouping,
        plan_next_event,
        read_known_ties,
        read_registrations,
        registration_column,
        style_known,
    )

    inputs = [registrations] + [p for p in (known_ties, data, column_map) if p is not None]
    refuse_output_over_inputs(out, inputs, writes=("assignment.csv", "rosters.csv", "rosters_with_names.csv",
                                                   "sessions.csv", "participation.csv"))
    reading = {"column_map": column_map, "header_row": header_row, "sheet": worksheet(sheet)}
    frame, ties = read_registrations(registrations, **reading)
    for reason, count in frame.attrs.get("left_out", {}).items():
        typer.echo(f"Left out of the registrations ({count}): {reason}.")
    table = _outcome_table(data) if data is not None else None
    if by is None:
        by, note = plan_grouping(frame, table)
        if note:
            typer.echo(note)
    else:
        by = registration_column(by)  # columns in any case, as the registrations read them
        if by == "style" and not style_known(frame):
            typer.echo("The registrations record no networking style, so the lot is one draw over all of them "
                       "(--by chooses a column to draw the lot within).")
    if grouping in ("industry", "company_size", "region") and grouping not in frame.columns:
        typer.echo(f"The registrations have no {grouping} column, so the structured groups are drawn at random "
                   "(--grouping random).")
        grouping = "random"
    if known_ties is not None:
        ties = read_known_ties(known_ties)
    size = None
    if table is not None:
        size = _size_from_data(table, frame, by=by, outcome=outcome, min_difference=min_difference,
                               room_size=room_size, seed=seed)
    plan = plan_next_event(frame, by=by, grouping=grouping, group_size=group_size, known_ties=ties,
                           rooms_per_format=rooms, room_size=room_size, size=size, event_id=event_id,
                           random_state=seed)
    names = None
    if with_names:
        from toolkit.operational import NameBook

        names = NameBook.from_registrations(registrations, **reading)
    paths = plan.write(out, names=names)
    for note in plan.notes:
        typer.echo(note)
    if table is not None and history_note(table):
        typer.echo(history_note(table))
    typer.echo("Wrote " + ", ".join(str(p) for p in paths))


def _size_from_data(table, registrations, *, by: str, outcome: str, min_difference: float,
                    room_size: int | None, seed: int | None):
    """The sample size the past events (``table``) ask for, for the registrations' mix (printed in the event's
    terms); a mix the past events cannot weigh is the plan's usage error, in its words."""
    from toolkit.compare import fit_comparison
    from toolkit.errors import UsageError
    from toolkit.recommend import planning_inputs, sample_size
    from toolkit.recommend.mix import resolve_mix
    from toolkit.wording import sample_size_sentence

    _check_outcome(table, outcome)
    if by not in table.columns:
        raise UsageError(f"plan: --data has no {by!r} column to size the plan by, so the past events cannot say "
                         "how many rooms are needed; give --by a column both have, or leave out --data and give "
                         "--rooms.")
    comparison = fit_comparison(table, outcome=outcome, by=by, random_state=0 if seed is None else seed)
    try:
        mix = resolve_mix(registrations, segments=comparison.segments, by=by, table=table)
    except UsageError as exc:
        raise UsageError(f"plan: cannot size the plan from --data: {exc} Give --by a grouping both have, or "
                         "leave out --data and give the rooms of each format with --rooms.") from None
    inputs = planning_inputs(table, outcome)
    size = sample_size(comparison, mix, min_difference=min_difference,
                       room_size=room_size if room_size is not None else inputs["room_size"],
                       event_size=inputs["event_size"], answer_rate=inputs["answer_rate"], random_state=seed)
    typer.echo(sample_size_sentence(size, by=by).replace("To settle it, run", "Sized from the past events: run"))
    return size


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("compare")(compare_command)
    app.command("recommend")(recommend_command)
    app.command("plan")(plan_command)

"""``netout validate DIR``: check an event data folder and say what to fix.

Exit codes: 0 the folder can be used (warnings allowed), 1 it has errors,
2 usage error (no such folder, bad option).
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import EXIT_INVALID_DATA, EXIT_OK, print_json


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the app.

    Example
    -------
    >>> app = typer.Typer()
    >>> register(app)
    >>> [command.name for command in app.registered_commands]
    ['validate']
    """
    app.command("validate")(validate)


def validate(
    folder: Path = typer.Argument(..., help="Event data folder: the tables directly, or one subfolder per event."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document (problems, set-aside rows, counts)."),
    set_aside: Path | None = typer.Option(
        None, "--set-aside", help="Write the rows set aside (table, file, row, reason) to this CSV file."),
) -> None:
    """Check an event data folder: every problem with its file, row, column and what to do.

    Errors mean the folder cannot be used until they are fixed; warnings mean
    some rows or answers were set aside (listed, never dropped silently).

    Example
    -------
    >>> from typer.testing import CliRunner
    >>> from toolkit.cli import app
    >>> from toolkit.datasets import example_folder
    >>> result = CliRunner().invoke(app, ["validate", str(example_folder())])
    >>> result.exit_code, result.output.splitlines()[0].split(": ", 1)[1]
    (0, 'usable. 2 event(s), 120 attendees, 4 sessions, 112 participation, 73 survey, 996 contacts, 547 followups, 119 known_ties')
    """
    from toolkit.io.load import read_folder

    data = read_folder(folder)
    report = data.report
    reliability = _style_reliability(data) if report.ok else None
    if set_aside is not None:
        from toolkit.io.files import write_csv

        write_csv(report.set_aside_frame(), set_aside)
    if as_json:
        print_json(_document(folder, data, reliability))
    else:
        _print_text(folder, data, reliability, set_aside)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_INVALID_DATA)


def _style_reliability(data):
    """Reliability of the networking-style scale (None where the folder has no scale)."""
    scale = data.settings.style_scale
    if scale is None or not len(data.survey):
        return None
    try:
        from toolkit.segments import scale_reliability
    except ImportError:  # pragma: no cover - segments is part of the toolkit; kept for partial installs
        return None
    return scale_reliability(data.survey, scale)


def _counts(data) -> dict[str, int]:
    return data.row_counts()


def _document(folder: Path, data, reliability) -> dict:
    report = data.report
    problems = report.to_frame()
    return {
        "folder": str(folder),
        "valid": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "events": data.event_ids if report.ok else sorted(data.attendees["event_id"].dropna().unique().tolist()),
        "rows": _counts(data),
        "problems": problems.astype(object).where(problems.notna(), None).to_dict("records"),
        "set_aside": report.set_aside,
        "notes": report.notes,
        "style_scale": None if reliability is None else reliability.to_dict(),
    }


def _print_text(folder: Path, data, reliability, set_aside_file: Path | None) -> None:
    report = data.report
    echo = typer.echo
    if report.ok:
        counts = _counts(data)
        events = data.event_ids
        echo(f"{folder}: usable. {len(events)} event(s), " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    else:
        echo(f"{folder}: NOT usable: {len(report.errors)} error(s) to fix.", err=False)
    if report.warnings:
        echo(f"{len(report.warnings)} warning(s); {len(report.set_aside)} row(s) or answer(s) set aside.")
    for problem in report.problems[:200]:
        echo(f"  {problem}")
    if len(report.problems) > 200:
        echo(f"  ... and {len(report.problems) - 200} more (use --json for all)")
    for note in report.notes:
        echo(f"  note: {note}")
    if reliability is not None:
        alpha = "n/a" if reliability.alpha != reliability.alpha else f"{reliability.alpha:.2f}"
        echo(f"Networking-style scale: Cronbach's alpha {alpha} on {reliability.n} complete response(s).")
        for warning in reliability.warnings:
            echo(f"  scale: {warning}")
    if set_aside_file is not None:
        echo(f"Rows set aside written to {set_aside_file}.")

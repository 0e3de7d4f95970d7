"""``netout validate DIR``: check an event data folder and say what to fix.

Exit codes: 0 the folder can be used (warnings allowed), 1 it has errors,
2 usage error (no such folder, bad option).
"""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import EXIT_INVALID_DATA, EXIT_OK, json_ready, print_json


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
    no_cache: bool = typer.Option(False, "--no-cache", help="Check the folder afresh (by default the result is kept "
                                  "in the netout cache, $NETOUT_CACHE, keyed by the folder's content, so a second "
                                  "check of an unchanged folder is quick)."),
) -> None:
    """Check an event data folder: every problem with its file, row, column and what to do.

    Errors mean the folder cannot be used until they are fixed; warnings mean
    some rows or answers were set aside (listed, never dropped silently).
    \f
    Example
    -------
    >>> from typer.testing import CliRunner
    >>> from toolkit.cli import app
    >>> from toolkit.datasets import example_folder
    >>> result = CliRunner().invoke(app, ["validate", str(example_folder())])
    >>> result.exit_code, result.output.splitlines()[0].split(": ", 1)[1]
    (0, 'usable. 2 event(s), 120 attendees, 4 sessions, 112 participation, 73 survey, 996 contacts, 547 followups, 119 known_ties')
    """
    checked = check_folder(folder, cache=not no_cache)
    if set_aside is not None:
        import pandas as pd

        from toolkit.io.files import write_csv

        # the frame of ValidationReport.set_aside_frame, from the kept rows
        write_csv(pd.DataFrame(checked["document"]["set_aside"], columns=["table", "file", "row", "reason"]),
                  set_aside)
    if as_json:
        print_json({"folder": str(folder), **checked["document"]})
    else:
        typer.echo(f"{folder}: {checked['head']}")
        for line in checked["lines"]:
            typer.echo(line)
        if set_aside is not None:
            typer.echo(f"Rows set aside written to {set_aside}.")
    raise typer.Exit(EXIT_OK if checked["valid"] else EXIT_INVALID_DATA)


def check_folder(folder: Path, *, cache: bool = False) -> dict:
    """What ``netout validate`` prints about a folder, as plain data (JSON types only).

    ``document`` is the ``--json`` document without its ``folder``; ``head`` the
    first line of the text after the folder's name, ``lines`` the rest (the
    problems, notes and the scale's reliability). With ``cache``, the result is
    kept on disk (:func:`toolkit.cache.folder_result`: the folder's files'
    names and bytes, its path, the toolkit, the pseudonymisation key and the
    read limits), so a second check of an unchanged folder reads it back
    instead of reading the folder. It holds what the command prints: the
    problems quote people's ids as pseudonyms and redact emails and phone
    numbers, as on screen.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> checked = check_folder(example_folder())
    >>> checked["valid"], checked["document"]["rows"]["contacts"], checked["head"].split(".")[0]
    (True, 996, 'usable')
    """
    def compute() -> dict:
        from toolkit.io.load import read_folder

        data = read_folder(folder)
        reliability = _style_reliability(data) if data.report.ok else None
        return {"valid": data.report.ok, "document": json_ready(_document(data, reliability)),
                "head": _head(data), "lines": _lines(data, reliability)}

    if not cache:
        return compute()
    from toolkit import cache as disk

    return disk.folder_result("validate", folder, compute)


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


def _document(data, reliability) -> dict:
    report = data.report
    problems = report.to_frame()
    return {
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


def _head(data) -> str:
    """The text's first line after the folder's name."""
    report = data.report
    if report.ok:
        counts = _counts(data)
        return f"usable. {len(data.event_ids)} event(s), " + ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"NOT usable: {len(report.errors)} error(s) to fix."


def _lines(data, reliability) -> list[str]:
    """The text's lines after the first (without the line naming the set-aside file)."""
    report = data.report
    lines = []
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s); {len(report.set_aside)} row(s) or answer(s) set aside.")
    for problem in report.problems[:200]:
        lines.append(f"  {problem}")
    if len(report.problems) > 200:
        lines.append(f"  ... and {len(report.problems) - 200} more (use --json for all)")
    for note in report.notes:
        lines.append(f"  note: {note}")
    if reliability is not None:
        alpha = "n/a" if reliability.alpha != reliability.alpha else f"{reliability.alpha:.2f}"
        lines.append(f"Networking-style scale: Cronbach's alpha {alpha} on {reliability.n} complete response(s).")
        for warning in reliability.warnings:
            lines.append(f"  scale: {warning}")
    return lines

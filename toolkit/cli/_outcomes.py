"""``netout outcomes DIR --out FILE``: write the per-attendee outcome table.

The format follows the file's extension: ``.csv`` (UTF-8; text that a
spreadsheet would run as a formula, i.e. starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, is prefixed with a quote; plain numbers are
left alone; the rule of :func:`toolkit.io.files.write_csv`) or
``.parquet`` (typed columns kept).
"""

from __future__ import annotations

from pathlib import Path

import typer

WRITERS = (".csv", ".parquet", ".pq")


def _load(folder: Path):
    """The folder's EventData (a seam for tests)."""
    from toolkit.io.load import load_event_data

    return load_event_data(folder)


def write_outcomes(folder: str | Path, out: str | Path) -> Path:
    """Compute the outcome table of ``folder`` and write it to ``out`` (CSV or Parquet by extension).

    Example
    -------
    >>> import tempfile, pathlib, pandas as pd
    >>> from toolkit.datasets import example_folder
    >>> out = write_outcomes(example_folder(), pathlib.Path(tempfile.mkdtemp()) / "outcomes.csv")
    >>> table = pd.read_csv(out)
    >>> len(table), {"attendee_id", "new_contacts", "style"} <= set(table.columns)
    (120, True)
    """
    from toolkit.errors import UsageError
    from toolkit.outcomes import compute_outcomes

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"--out {out}: give a file ending in .csv or .parquet (got {suffix or 'no extension'!r})")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    from toolkit.cli._common import refuse_output_over_inputs

    refuse_output_over_inputs(out, [Path(folder)])
    table = compute_outcomes(_load(Path(folder)))
    if suffix == ".csv":
        from toolkit.io.files import write_csv  # the one CSV writer for people's data

        write_csv(table, out)
    else:
        table.to_parquet(out, index=False)
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app.

    Example
    -------
    >>> app = typer.Typer()
    >>> register(app)
    >>> [command.name for command in app.registered_commands]
    ['outcomes']
    """

    @app.command("outcomes")
    def outcomes(
        folder: Path = typer.Argument(..., help="Event data folder (one event, or one subfolder per event)."),
        out: Path = typer.Option(..., "--out", "-o", help="Output file: .csv or .parquet."),
    ) -> None:
        """Write the per-attendee outcome table (one row per attendee and event, with segment columns)."""
        written = write_outcomes(folder, out)
        typer.echo(f"wrote {written}", err=True)

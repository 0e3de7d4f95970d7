"""``netout followups DIR --out FILE``: who asked to meet whom again, for the organiser to introduce them.

The list is pseudonymous; ``--with-names`` adds names and emails from the
organiser's registration file (``--names``, default: the folder's attendees
files), and the file then says on its first line that it holds personal data.
"""

from __future__ import annotations

from pathlib import Path

import typer


def write_follow_up_list(folder: str | Path, out: str | Path, *, with_names: bool = False,
                         names: str | Path | None = None, event: str | None = None) -> tuple[Path, int]:
    """Write the follow-up list of ``folder`` to ``out`` (CSV); return the path and the number of rows.

    Example
    -------
    >>> import tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> path, rows = write_follow_up_list(example_folder(), pathlib.Path(tempfile.mkdtemp()) / "followups.csv")
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'event_id,attendee_id,contact_id,mutual,followed_up'
    """
    from toolkit.cli._common import refuse_output_over_inputs
    from toolkit.errors import UsageError
    from toolkit.io.files import write_csv
    from toolkit.io.load import load_event_data
    from toolkit.operational import NameBook, follow_up_list, write_with_names

    out, folder = Path(out), Path(folder)
    if out.suffix.lower() != ".csv":
        raise UsageError(f"--out {out}: give a file ending in .csv")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    if names is not None and not with_names:
        raise UsageError("--names is only read with --with-names")
    refuse_output_over_inputs(out, [folder] + ([Path(names)] if names else []))
    wishes = follow_up_list(load_event_data(folder), event=event)
    if not with_names:
        return write_csv(wishes, out), len(wishes)
    book = NameBook.from_registrations(names if names is not None else folder)
    named = book.attach(book.attach(wishes, id_column="contact_id", prefix="contact_"), id_column="attendee_id")
    return write_with_names(named, out), len(named)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app.

    Example
    -------
    >>> app = typer.Typer()
    >>> register(app)
    >>> [command.name for command in app.registered_commands]
    ['followups']
    """

    @app.command("followups")
    def followups(
        folder: Path = typer.Argument(..., help="Event data folder."),
        out: Path = typer.Option(..., "--out", "-o", help="CSV file to write."),
        with_names: bool = typer.Option(False, "--with-names", help="Add names and emails (personal data: the "
                                        "file says so on its first line; keep it private)."),
        names: Path = typer.Option(None, "--names", help="Registration file to take names from (default: the "
                                   "folder's attendees files)."),
        event: str = typer.Option(None, "--event", help="One event only."),
    ) -> None:
        """Who asked (contacts with interest = yes) for an extended conversation with whom, to introduce them."""
        path, rows = write_follow_up_list(folder, out, with_names=with_names, names=names, event=event)
        typer.echo(f"wrote {rows} follow-up wish(es) to {path}" + (" (with names: personal data)" if with_names else ""),
                   err=True)

"""``netout demo``: write a synthetic event folder with planted effects."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer


class _Assignment(str, Enum):
    mixed = "mixed"
    randomized = "randomized"
    self_selected = "self_selected"
    scheduled = "scheduled"


class _FileFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app.

    Example
    -------
    >>> app = typer.Typer()
    >>> register(app)
    >>> [command.name for command in app.registered_commands]
    ['demo']
    """

    @app.command("demo")
    def demo(
        folder: Path = typer.Argument(..., help="Folder to write (created; must be empty unless --overwrite)."),
        attendees: int = typer.Option(400, "--attendees", "-n", min=2,
                                      help="Attendee rows over all events (people come back, so fewer people)."),
        events: int = typer.Option(4, "--events", "-e", min=1, help="Number of events, eight weeks apart."),
        seed: int = typer.Option(0, "--seed", help="Random seed: the same seed writes the same folder."),
        assignment: _Assignment = typer.Option(
            _Assignment.mixed, "--assignment",
            help="How attendees come to a format: mixed cycles randomized, self_selected, scheduled over the events."),
        file_format: _FileFormat = typer.Option(_FileFormat.csv, "--format", help="File type of the tables."),
        whole_event_format: bool = typer.Option(
            False, "--whole-event-format", help="Each event runs one format in one session (between-event comparison)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace an earlier demo folder at this path."),
        truth: Path | None = typer.Option(
            None, "--truth", help="Also write each attendee's true style and true effects to this CSV (outside FOLDER)."),
    ) -> None:
        """Write a synthetic event folder (one subfolder per event, netout.toml) with planted effects.

        Structured sessions help reserved attendees meet new people (+3 new contacts) and
        cost self-directed ones a little (-1); docs/demo-data.md lists every planted effect.
        """
        from toolkit.datasets.demo import write_demo_folder

        started = time.perf_counter()
        out = write_demo_folder(
            folder, file_format=file_format.value, overwrite=overwrite, truth_path=truth,
            n_attendees=attendees, n_events=events, assignment=assignment.value,
            whole_event_format=whole_event_format, random_state=seed,
        )
        seconds = time.perf_counter() - started
        typer.echo(f"Wrote a demo folder with {events} event(s) and {attendees} attendee rows to {out} "
                   f"({file_format.value}, seed {seed}, {seconds:.1f} s).")
        typer.echo(f"Next: netout validate {out}")

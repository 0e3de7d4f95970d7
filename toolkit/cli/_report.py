"""netout report: the post-event board report as HTML or PDF (see toolkit/cli/__init__.py for the conventions)."""

from __future__ import annotations

from pathlib import Path

import typer

from toolkit.cli._common import DEFAULT_BY_HELP

_SUFFIXES = (".html", ".htm", ".pdf")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("report")
    def report(
        folder: Path = typer.Argument(..., help="Event data folder (one event, or one subfolder per event)."),
        out: Path = typer.Option(..., "--out", "-o", help="Report file to write: .html (self-contained) or .pdf (A4)."),
        outcome: str = typer.Option("new_contacts", "--outcome", help="Outcome to compare the formats on."),
        by: str = typer.Option(None, "--by", help=f"Attendee or survey column that defines the segments ({DEFAULT_BY_HELP})."),
        mix: str = typer.Option(None, "--mix", help="Expected segment mix at the next event, e.g. reserved=0.6,self-directed=0.4."),
        event: str = typer.Option(None, "--event", help="Report on this event only (default: every event in the folder)."),
        title: str = typer.Option(None, "--title", help="Title printed on the report."),
        seed: int = typer.Option(0, "--seed", help="Random seed of the resampling steps (same seed, same report)."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Read the folder afresh and draw every chart "
                                      "(by default both are kept in the netout cache, $NETOUT_CACHE, keyed by "
                                      "the folder's content, so a second report is quick)."),
    ) -> None:
        """Write the post-event board report (summary, key figures, effects by segment, follow-through,
        recommendation, method note, data-quality appendix)."""
        from toolkit.cli._common import parse_mix
        from toolkit.errors import UsageError
        from toolkit.wording import grouping_note

        suffix = out.suffix.lower()
        if suffix not in _SUFFIXES:
            raise UsageError(f"--out must end in .html or .pdf (got {out.name!r}): the file type decides the format")
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder; give the event data folder, e.g. netout report data/demo --out report.pdf")
        from contextlib import nullcontext

        from toolkit.report.export import PdfWriter, warm_up

        # a PDF: WeasyPrint is imported in a second process while this one builds the report
        with PdfWriter(out) if suffix == ".pdf" else nullcontext() as writer:
            from toolkit.report import build_report

            if no_cache or not _folder_kept(folder):
                # a folder never reported on: start the chart browser while the report is computed; on a folder
                # read before, the charts are most likely kept too, and a browser started for nothing costs
                # seconds of CPU that the computation needs
                warm_up()

            built = build_report(folder, outcome=outcome, by=by, mix=parse_mix(mix) if mix else None,
                                 event=event, title=title, random_state=seed, cache=not no_cache)
            path = writer.write(built) if writer is not None else built.to_html(out)
        note = grouping_note(built.by) if by is None else None
        if note:
            typer.echo(note)
        if built.chart_problem:
            typer.echo(f"warning: the report was written without its charts. {built.chart_problem}", err=True)
        typer.echo(f"Report written to {path}")


def _folder_kept(folder: Path) -> bool:
    """Whether the folder's outcome table is in the disk cache (it was read before, unchanged)."""
    from toolkit import cache

    try:
        return cache.is_kept("outcomes", cache.content_key(folder))
    except OSError:  # an unreadable file or cache folder: read the folder as usual
        return False

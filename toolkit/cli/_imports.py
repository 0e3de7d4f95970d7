"""``netout import KIND SOURCE... --out DIR``: turn a real export into an event folder.

The command only parses options, calls :func:`toolkit.io.importers.import_export`
and prints the import summary (what was written, every row not imported and
every column not mapped, with the reason); the full list is in
``import_report.csv`` in the output folder.
"""

from __future__ import annotations

from pathlib import Path

import typer

KINDS = ("sociopatterns", "survey", "scorecards")
# what an import may write into its --out folder (the contract's tables, the report, the settings file)
_WRITTEN = tuple(f"{table}{suffix}" for table in ("attendees", "sessions", "participation", "survey", "contacts",
                                                  "followups", "known_ties") for suffix in (".csv", ".xlsx", ".parquet")
                 ) + ("import_report.csv", "set_aside.csv")

# which CLI options each kind understands (option name -> importer keyword)
_OPTIONS_BY_KIND: dict[str, dict[str, str]] = {
    "sociopatterns": {"--min-duration": "min_duration", "--schedule": "schedule", "--codebook": "codebook",
                      "--anchor": "anchor", "--time-unit": "time_unit"},
    "survey": {"--map": "column_map", "--layout": "layout", "--sheet": "sheet"},
    "scorecards": {"--map": "column_map"},
}

EPILOG = """
Examples (one per kind):

\b
  # proximity badges: one unstructured session, 20-s windows merged
  netout import sociopatterns tij_HT09.dat --out ht09 --event-id HT09
\b
  # attendee attributes through a codebook; sessions from a programme
  netout import sociopatterns tij_WS16.dat metadata_WS16.dat --codebook ws16 \\
      --schedule programme.csv --min-duration 60 --out ws16
\b
  # a survey export (Google Forms, SurveyMonkey, Typeform, Qualtrics)
  netout import survey responses.csv --map survey_map.toml --out spring-mixer
\b
  # rotation scorecards (speed networking), speed-dating profile
  netout import scorecards "Speed Dating Data.csv" --out speed-dating

See docs/importers.md for the schedule, codebook and column-map files.
"""


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app.

    Example
    -------
    >>> app = typer.Typer()
    >>> register(app)
    >>> [command.name for command in app.registered_commands]
    ['import']
    """

    @app.command("import", epilog=EPILOG)
    def import_(
        kind: str = typer.Argument(..., help="Kind of export: sociopatterns, survey or scorecards."),
        sources: list[Path] = typer.Argument(..., help="The export file(s): for sociopatterns the contact log, "
                                             "then optionally the metadata file."),
        out: Path = typer.Option(..., "--out", "-o", help="Folder to write the event tables into."),
        event_id: str | None = typer.Option(None, "--event-id", help="Event id written into every table "
                                            "(scorecards: prefix of one id per event)."),
        min_duration: float | None = typer.Option(None, "--min-duration", metavar="S",
                                                  help="sociopatterns: leave out contacts shorter than S seconds "
                                                  "(default: every recorded contact counts)."),
        schedule: Path | None = typer.Option(None, "--schedule", metavar="FILE",
                                             help="sociopatterns: CSV of sessions (start, end, format, session_id, "
                                             "optional grouping)."),
        codebook: str | None = typer.Option(None, "--codebook", metavar="FILE",
                                            help="sociopatterns: codebook of the metadata file (TOML/CSV), "
                                            "or 'ws16' for the shipped one."),
        column_map: str | None = typer.Option(None, "--map", metavar="FILE",
                                              help="survey: netout.toml-style column map (required); "
                                              "scorecards: profile (default: speed_dating)."),
        anchor: str | None = typer.Option(None, "--anchor", help="sociopatterns: clock time of t = 0 for relative "
                                          "timestamps (default 2000-01-01T00:00:00Z)."),
        time_unit: str | None = typer.Option(None, "--time-unit", help="sociopatterns: auto, relative or epoch."),
        layout: str | None = typer.Option(None, "--layout", help="survey: auto, google_forms, surveymonkey, "
                                          "typeform, qualtrics or plain."),
        sheet: str | None = typer.Option(None, "--sheet", help="survey: worksheet of an XLSX export."),
        force: bool = typer.Option(False, "--force", help="Replace tables already in the --out folder."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON document."),
    ) -> None:
        """Turn a real export (sociopatterns, survey, scorecards) into an event folder.

        Prints what was written and every row not imported or column not mapped, with the reason;
        the full list is written to import_report.csv in the --out folder.
        """
        from toolkit.errors import UsageError
        from toolkit.io.importers import import_export

        if kind not in KINDS:
            raise UsageError(f"Unknown import kind {kind!r}; use one of: {', '.join(KINDS)}.")
        given = {"--min-duration": min_duration, "--schedule": schedule, "--codebook": codebook,
                 "--map": column_map, "--anchor": anchor, "--time-unit": time_unit, "--layout": layout,
                 "--sheet": sheet}
        allowed = _OPTIONS_BY_KIND[kind]
        options = {}
        for flag, value in given.items():
            if value is None:
                continue
            if flag not in allowed:
                raise UsageError(f"{flag} does not apply to 'netout import {kind}' "
                                 f"(it takes {', '.join(allowed) or 'no extra option'}).")
            options[allowed[flag]] = value
        if sheet is not None and sheet.isdigit():
            options["sheet"] = int(sheet)
        from toolkit.cli._common import refuse_output_over_inputs

        # the import writes the contract's tables and its report into --out: none of them may be a source
        refuse_output_over_inputs(out, list(sources) + ([schedule] if schedule else []), writes=_WRITTEN)
        result = import_export(kind, sources, out=out, event_id=event_id, overwrite=force, **options)
        if as_json:
            from toolkit.cli._common import print_json

            report = result.report.astype(object).where(result.report.notna(), None)
            print_json({"kind": result.kind, "out": str(result.out), "counts": result.counts(),
                        "rows_skipped": result.rows_skipped, "report": report.to_dict(orient="records")})
        else:
            typer.echo(result.summary())

"""``netout import KIND SOURCE... --out DIR``: turn a real export into an event folder.

The command only parses options, calls :func:`toolkit.io.importers.import_export`
(or, for ``--suggest-map`` and ``--print-codebook``, the helpers beside it) and
prints the import summary (what was written, every row not imported and every
column not mapped, with the reason); the full list is in ``import_report.csv``
in the output folder.
"""

from __future__ import annotations

from pathlib import Path

import typer

KINDS = ("survey", "registrations", "scans", "sociopatterns", "scorecards", "tables")
# what an import may write into its --out folder (the contract's tables, the report, the settings file)
_WRITTEN = tuple(f"{table}{suffix}" for table in ("attendees", "sessions", "participation", "survey", "contacts",
                                                  "followups", "known_ties") for suffix in (".csv", ".xlsx", ".parquet")
                 ) + ("import_report.csv", "set_aside.csv", "import_keys.csv", "netout.toml")

# which CLI options each kind understands (option name -> importer keyword)
_OPTIONS_BY_KIND: dict[str, dict[str, str]] = {
    "sociopatterns": {"--min-duration": "min_duration", "--schedule": "schedule", "--codebook": "codebook",
                      "--anchor": "anchor", "--time-unit": "time_unit", "--accept-codebook": "codebook_check"},
    "survey": {"--map": "column_map", "--layout": "layout", "--sheet": "sheet", "--header-row": "header_row",
               "--accept-unmatched": "accept_unmatched"},
    "registrations": {"--map": "column_map", "--sheet": "sheet", "--format": "session_format",
                      "--header-row": "header_row", "--schedule": "schedule"},
    "scans": {"--map": "column_map", "--sheet": "sheet", "--format": "session_format", "--header-row": "header_row",
              "--channel": "channel", "--add": "add"},
    "scorecards": {"--map": "column_map", "--accept-codebook": "codebook_check"},
    "tables": {"--map": "column_map", "--sheet": "sheet", "--header-row": "header_row", "--session": "session",
               "--table-column": "table_column"},
}

EPILOG = """
Examples (one per kind):

\b
  # one evening: registrations, badge scans and a survey into one event folder
  netout import registrations attendees.csv --map evening.toml --out season/2025-05-mixer
  netout import scans lead_scans.xlsx --map evening.toml --out season/2025-05-mixer
  netout import survey responses.csv --map evening.toml --out season/2025-05-mixer
\b
  # an event app's meeting export (Brella, Grip, Swapcard, Whova): the meetings that happened
  netout import scans meetings.csv --map evening.toml --out season/2025-05-mixer
\b
  # a second contact export of the same event (cards typed by staff): added to the contacts there
  netout import scans cards.csv --add --channel card --map cards.toml --out season/2025-05-mixer
\b
  # an evening that ran one format for everyone: one session, every checked-in attendee in it
  netout import registrations attendees.csv --format structured --out season/2025-10-tables
\b
  # a two-day conference: every attendee in each session of the day(s) they checked in
  netout import registrations attendees.csv --schedule sessions.csv --map congres.toml --out season/congres
\b
  # a survey export you have no map for yet: write one to check and edit
  netout import survey responses.csv --suggest-map --map evening.toml
\b
  # proximity badges: one unstructured session, 20-s windows merged
  netout import sociopatterns tij_HT09.dat --out ht09 --event HT09
\b
  # attendee attributes through a codebook; sessions from a programme
  netout import sociopatterns tij_WS16.dat metadata_WS16.dat --codebook ws16 \\
      --schedule programme.csv --min-duration 60 --out ws16
\b
  # a shipped codebook to copy and edit
  netout import --print-codebook ws16 > my_codebook.toml
\b
  # a table plan (table + names, or one column per table): each person's table as group_id
  netout import tables plan_de_table.xlsx --out season/2026-01-breakfast [--session ID]
\b
  # rotation scorecards (speed networking), speed-dating profile
  netout import scorecards "Speed Dating Data.csv" --out speed-dating

See docs/importers.md for each layout, the map, the schedule and the codebooks.
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
        kind: str = typer.Argument(None, help="Kind of export: survey, registrations, scans, sociopatterns, "
                                   "scorecards or tables (a table plan)."),
        sources: list[Path] = typer.Argument(None, help="The export file(s): one for survey, registrations and "
                                             "scans; for sociopatterns the contact log, then optionally the "
                                             "metadata file."),
        out: Path = typer.Option(None, "--out", "-o", help="Event folder to write the tables into (DIR/EVENT)."),
        event_id: str | None = typer.Option(None, "--event", "--event-id", help="Event id written into every "
                                            "table (default: the --out folder's name; scorecards: a prefix)."),
        min_duration: float | None = typer.Option(None, "--min-duration", metavar="S",
                                                  help="sociopatterns: leave out contacts shorter than S seconds "
                                                  "(default: every recorded contact counts)."),
        schedule: Path | None = typer.Option(None, "--schedule", metavar="FILE",
                                             help="sociopatterns, registrations: CSV of sessions (session_id, "
                                             "format, start, end, optional grouping, assignment); registrations: "
                                             "everyone who came on a day is in every session of that day."),
        codebook: str | None = typer.Option(None, "--codebook", metavar="FILE",
                                            help="sociopatterns: codebook of the metadata file (TOML/CSV), "
                                            "or 'ws16' for the shipped one."),
        accept_codebook: bool = typer.Option(False, "--accept-codebook",
                                             help="sociopatterns, scorecards: import although the data's codes do "
                                             "not fit the codebook (the mismatch stays in the report)."),
        accept_unmatched: bool = typer.Option(False, "--accept-unmatched",
                                              help="survey: import although fewer than a third of the respondents "
                                              "are among the folder's attendees (the warning heads the summary)."),
        column_map: str | None = typer.Option(None, "--map", metavar="MAP.toml",
                                              help="survey, registrations, scans: netout.toml-style map; "
                                              "scorecards: profile (default: speed_dating). With --suggest-map: "
                                              "where to write the suggested map."),
        anchor: str | None = typer.Option(None, "--anchor", help="sociopatterns: clock time of t = 0 for relative "
                                          "timestamps (default 2000-01-01T00:00:00Z)."),
        time_unit: str | None = typer.Option(None, "--time-unit", help="sociopatterns: auto, relative or epoch."),
        layout: str | None = typer.Option(None, "--layout", help="survey: auto, google_forms, surveymonkey, "
                                          "typeform, qualtrics, microsoft_forms, jotform, tally, limesurvey or plain."),
        sheet: str | None = typer.Option(None, "--sheet", help="survey, registrations, scans, tables: worksheet of an "
                                         "XLSX export."),
        header_row: int | None = typer.Option(None, "--header-row", metavar="N", min=1,
                                              help="survey, registrations, scans, tables: spreadsheet row of the header, where "
                                              "a title is above it (default: found by its column names)."),
        session_format: str | None = typer.Option(
            None, "--format", metavar="structured|unstructured",
            help="registrations, scans: the whole event ran this one format: one session (assignment scheduled) with "
            "every attendee in it (also [registrations] format or [scans] format in the map)."),
        channel: str | None = typer.Option(
            None, "--channel", metavar="badge_scan|app|card",
            help="scans: the channel the contacts are written with (also [scans] channel in the map); default app "
            "for an event app's meeting export (requester, invitee, status), else badge_scan."),
        session: str | None = typer.Option(None, "--session", metavar="ID",
                                           help="tables: the session the plan seats (needed where the event has "
                                           "several)."),
        table_column: str | None = typer.Option(None, "--table-column", metavar="NAME",
                                                help="tables: the plan's column that gives the table, where its "
                                                "header is not a usual one (Table, N° de table, Tisch, Mesa ...)."),
        suggest_map: bool = typer.Option(False, "--suggest-map", help="survey: write a map with a guess for every "
                                         "column (to --map, else beside the export) instead of importing."),
        print_codebook: str | None = typer.Option(None, "--print-codebook", metavar="NAME",
                                                  help="Print a shipped codebook (ws16, speed_dating) to copy and "
                                                  "edit, and stop."),
        force: bool = typer.Option(False, "--force", help="Replace tables already in the --out folder."),
        add: bool = typer.Option(False, "--add", help="scans: add this export's contacts to those already in the "
                                 "--out folder (another export of the same event: meetings, cards); a contact "
                                 "already there is merged into it, an export added before is refused."),
        as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON document."),
    ) -> None:
        """Turn a real export (survey, registrations, scans, sociopatterns, scorecards, tables) into an event folder.

        Prints what was written and every row not imported or column not mapped, with the reason;
        the full list is written to import_report.csv in the --out folder.
        """
        from toolkit.errors import UsageError

        if print_codebook is not None:
            from toolkit.io.importers import codebook_text

            typer.echo(codebook_text(print_codebook), nl=False)
            return
        if kind not in KINDS:
            raise UsageError(f"Unknown import kind {kind!r}; use one of: {', '.join(KINDS)}." if kind else
                             f"Give the kind of export ({', '.join(KINDS)}) and the file(s), e.g. "
                             "netout import survey responses.csv --map map.toml --out DIR/EVENT.")
        if not sources:
            raise UsageError(f"Give the export file(s) to import, e.g. netout import {kind} FILE --out DIR/EVENT.")
        if suggest_map:
            if kind != "survey":
                raise UsageError("--suggest-map applies to 'netout import survey' only.")
            _suggest(sources, column_map, layout, sheet, header_row)
            return
        if out is None:
            raise UsageError(f"Give the event folder to write into: netout import {kind} ... --out DIR/EVENT.")
        given = {"--min-duration": min_duration, "--schedule": schedule, "--codebook": codebook,
                 "--map": column_map, "--anchor": anchor, "--time-unit": time_unit, "--layout": layout,
                 "--sheet": sheet, "--accept-codebook": "warn" if accept_codebook else None,
                 "--format": session_format, "--header-row": header_row, "--channel": channel,
                 "--accept-unmatched": True if accept_unmatched else None, "--add": True if add else None,
                 "--session": session, "--table-column": table_column}
        options = _options(kind, given)
        from toolkit.cli._common import refuse_output_over_inputs
        from toolkit.io.importers import import_export

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


def _options(kind: str, given: dict) -> dict:
    from toolkit.errors import UsageError

    allowed = _OPTIONS_BY_KIND[kind]
    options = {}
    for flag, value in given.items():
        if value is None:
            continue
        if flag not in allowed:
            raise UsageError(f"{flag} does not apply to 'netout import {kind}' "
                             f"(it takes {', '.join(allowed) or 'no extra option'}).")
        options[allowed[flag]] = int(value) if flag == "--sheet" and str(value).isdigit() else value
    return options


def _suggest(sources: list[Path], column_map: str | None, layout: str | None, sheet: str | None,
             header_row: int | None = None) -> None:
    from toolkit.errors import UsageError
    from toolkit.io.importers.suggest import suggest_survey_map

    if len(sources) != 1:
        raise UsageError("--suggest-map reads one survey export.")
    target = Path(column_map) if column_map else sources[0].with_name(sources[0].stem + ".map.toml")
    suggestion = suggest_survey_map(sources[0], layout=layout or "auto",
                                    sheet=int(sheet) if sheet and sheet.isdigit() else sheet, header_row=header_row)
    if target.exists():
        raise UsageError(f"{target} already exists; give another --map path for the suggested map (it is never "
                         "overwritten).")
    target.write_text(suggestion.text, encoding="utf-8")
    typer.echo(suggestion.summary(target))

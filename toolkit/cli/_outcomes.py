"""``netout outcomes DIR --out FILE``: write the per-attendee outcome table.

The format follows the file's extension: ``.csv`` (UTF-8; text that a
spreadsheet would run as a formula, i.e. starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, is prefixed with a quote; plain numbers are
left alone; the rule of :func:`toolkit.io.files.write_csv`) or
``.parquet`` (typed columns kept). Outcomes the folder cannot give (their
table is absent) are missing in the file, and the reasons are printed on
standard error, with the caveats (``new_contacts`` without known ties) and how
contacts were recorded.

The bulk work runs in the embedded engine; ``--memory-limit`` (or
``NETOUT_MEMORY_LIMIT``) caps its memory, spilling to a temporary folder
beyond it (``NETOUT_TEMP_DIR``).
"""

from __future__ import annotations

from pathlib import Path

import typer

WRITERS = (".csv", ".parquet", ".pq")


def _load(folder: Path):
    """The folder's EventData (a seam for tests)."""
    from toolkit.io.load import load_event_data

    return load_event_data(folder)


def write_outcomes(folder: str | Path, out: str | Path, *, messages: list[str] | None = None,
                   cache: bool = False) -> Path:
    """Compute the outcome table of ``folder`` and write it to ``out`` (CSV or Parquet by extension).

    With ``cache``, the table is kept on disk (:mod:`toolkit.cache`: the entry
    ``netout report`` reads too, keyed by the folder's files' names and bytes,
    the toolkit and its libraries, the pseudonymisation key and the read
    limits), and so is the file written from it with its notes; a second run on
    an unchanged folder writes the kept file's bytes without reading the folder
    (or importing pandas). Both hold the pseudonymised table this function
    writes, nothing more.

    Example
    -------
    >>> import tempfile, pathlib, pandas as pd
    >>> from toolkit.datasets import example_folder
    >>> out = write_outcomes(example_folder(), pathlib.Path(tempfile.mkdtemp()) / "outcomes.csv")
    >>> table = pd.read_csv(out)
    >>> len(table), {"attendee_id", "new_contacts", "style"} <= set(table.columns)
    (120, True)
    """
    from toolkit.exceptions import UsageError  # not toolkit.errors: that imports pandas

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"--out {out}: give a file ending in .csv or .parquet (got {suffix or 'no extension'!r})")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    from toolkit.cli._common import refuse_output_over_inputs

    refuse_output_over_inputs(out, [Path(folder)])
    written = _kept_file(Path(folder), out) if cache and _small_enough_to_keep(Path(folder)) else None
    if written is None:
        table = _compute(Path(folder))
        _write(table, out)
        notes = outcome_notes(table)
    else:
        notes = written
    if messages is not None:
        messages.extend(notes)
    return out


#: Folders whose files add up to more bytes than this are not kept by ``outcomes`` (``NETOUT_CACHE_MAX_MB``):
#: the table and the file written from it would be held in memory and on disk twice over (about 0.5 GB at a
#: million attendees, beside a run that needs most of the memory), for a repeat that a season that size
#: rarely has.
KEEP_AT_MOST_MB = 256


def _small_enough_to_keep(folder: Path) -> bool:
    """Whether ``outcomes`` keeps this folder's result: its files are at most ``NETOUT_CACHE_MAX_MB`` (256) MB.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> _small_enough_to_keep(example_folder())
    True
    """
    import os

    from toolkit.cache import folder_fingerprint

    try:
        limit = float(os.environ.get("NETOUT_CACHE_MAX_MB", KEEP_AT_MOST_MB))
    except ValueError:
        limit = KEEP_AT_MOST_MB
    return sum(size for _, size, _ in folder_fingerprint(folder)) <= limit * 1e6


def _compute(folder: Path):
    from toolkit.outcomes import compute_outcomes

    return compute_outcomes(_load(folder))


def _write(table, out: Path) -> None:
    if out.suffix.lower() == ".csv":
        from toolkit.io.files import write_csv  # the one CSV writer for people's data

        write_csv(table, out)
    else:
        table.to_parquet(out, index=False)


def _kept_file(folder: Path, out: Path) -> list[str] | None:
    """Write ``out`` by way of the disk cache; its notes, or None where the folder's files cannot be read for a key.

    Two entries: :func:`toolkit.cache.outcome_table` (what ``netout report``
    reads; computed here from the loaded data alone, without keeping the loaded
    data too: pickling every table would slow a first run), and the file written from it
    in ``out``'s format with its notes (a second run writes these bytes as
    they are: the same file, without pandas).
    """
    import hashlib

    from toolkit import cache as disk

    try:
        key = disk.content_key(folder)
    except OSError:  # a file that cannot be read: the loader says which, and why
        return None
    kind = "csv" if out.suffix.lower() == ".csv" else "parquet"
    computed = []

    def compute() -> dict:
        import os
        import tempfile

        table = disk.outcome_table(folder, load=lambda: _load(folder))
        # the bytes kept are the ones this run wrote: read from a file of its own, not from --out, which another
        # run given the same --out may be rewriting meanwhile (a half file would be kept and written ever after)
        handle, part = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix, dir=out.parent)
        os.close(handle)
        try:
            _write(table, Path(part))
            written = Path(part).read_bytes()
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(part, 0o666 & ~mask)  # as a file the writer made in place would be (mkstemp makes it 0600)
            os.replace(part, out)
        finally:
            Path(part).unlink(missing_ok=True)
        computed.append(True)
        return {"file": written, "notes": outcome_notes(table)}

    kept = disk.kept("outcome-file", hashlib.sha256(f"{key}:{kind}".encode()).hexdigest()[:32], compute)
    if not computed:
        out.write_bytes(kept["file"])
    return kept["notes"]


def outcome_notes(table) -> list[str]:
    r"""Plain lines about an outcome table: outcomes not recorded (and why), caveats, how contacts were recorded.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame()
    >>> table.attrs = {"not_recorded": {"nps": "not recorded: no survey table (add survey.csv)"},
    ...                "notes": {}, "contact_kind": "proximity", "min_duration_s": 20.0}
    >>> print("\n".join(outcome_notes(table)))
    nps: not recorded: no survey table (add survey.csv)
    contacts: face-to-face contacts recorded by proximity sensors (at least 20 s)
    """
    lines = [f"{name}: {reason}" for name, reason in table.attrs.get("not_recorded", {}).items()]
    lines += [f"{name}: {note}" for name, note in table.attrs.get("notes", {}).items()]
    if table.attrs.get("unattributable"):
        lines.append(f"sessions: {table.attrs['unattributable']}")
    kind = table.attrs.get("contact_kind")
    if kind == "proximity":
        shortest = table.attrs.get("min_duration_s")
        lines.append("contacts: face-to-face contacts recorded by proximity sensors"
                     + (f" (at least {shortest:g} s)" if shortest else ""))
    elif kind == "mixed":
        lines.append("contacts: some recorded as exchanges of details, some by proximity sensors")
    if table.attrs.get("style_timing") == "post-event":
        lines.append("style: some styles were scored from the post-event survey, which the format may have "
                     "changed; ask the style scale at registration (docs/outcomes.md)")
    return lines


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
        memory_limit: str = typer.Option(None, "--memory-limit",
                                         help="Memory for the engine, e.g. 4GB or 50% (default: "
                                              "NETOUT_MEMORY_LIMIT, else a quarter of the machine); spills beyond it."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Read the folder afresh (by default the outcome "
                                      "table is kept in the netout cache, $NETOUT_CACHE, keyed by the folder's "
                                      "content, so a second run on an unchanged folder is quick; not for folders "
                                      "over 256 MB, NETOUT_CACHE_MAX_MB)."),
    ) -> None:
        """Write the per-attendee outcome table (one row per attendee and event, or per session for people in
        several sessions, with segment columns)."""
        if memory_limit:
            import os

            from toolkit.io.engine import memory_limit_setting

            os.environ["NETOUT_MEMORY_LIMIT"] = memory_limit_setting(memory_limit)
        messages: list[str] = []
        written = write_outcomes(folder, out, messages=messages, cache=not no_cache)
        for line in messages:
            typer.echo(line, err=True)
        typer.echo(f"wrote {written}", err=True)

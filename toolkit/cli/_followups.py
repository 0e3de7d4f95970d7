"""``netout followups DIR --out FILE``: who asked to meet whom again, for the organiser to introduce them.

The list is pseudonymous; ``--with-names`` adds names and emails from the
organiser's registration file (``--names``, default: the folder's attendees
files), and the file then says on its first line that it holds personal data.
The registration file is read as ``netout import registrations`` reads it
(``--map``, ``--header-row``); a file without name columns is refused, and
people the file cannot name are counted in a note rather than left blank silently.
"""

from __future__ import annotations

from pathlib import Path

import typer


def write_follow_up_list(folder: str | Path, out: str | Path, *, with_names: bool = False,
                         names: str | Path | None = None, event: str | None = None,
                         column_map: str | Path | None = None,
                         header_row: int | None = None,
                         sheet: str | None = None) -> tuple[Path, int, list[str]]:
    """Write the follow-up list of ``folder`` to ``out`` (CSV); return the path, the number of rows and notes.

    With ``with_names``, names and emails come from ``names`` (default: the
    folder's attendees files), read as the registrations import reads an
    attendee report (``column_map``, ``header_row``, ``sheet``); the notes then say how
    many people on the list the file could not name (counts only, no names).

    Example
    -------
    >>> import tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> path, rows, notes = write_follow_up_list(example_folder(), pathlib.Path(tempfile.mkdtemp()) / "followups.csv")
    >>> path.read_text(encoding="utf-8").splitlines()[0], notes
    ('event_id,attendee_id,contact_id,mutual,followed_up', [])
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
    for flag, value in (("--names", names), ("--map", column_map), ("--header-row", header_row),
                        ("--sheet", sheet)):
        if value is not None and not with_names:
            raise UsageError(f"{flag} is only read with --with-names")
    refuse_output_over_inputs(out, [folder] + ([Path(names)] if names else []) + ([Path(column_map)] if column_map
                                                                                  else []))
    wishes = follow_up_list(load_event_data(folder), event=event)
    if not with_names:
        return write_csv(wishes, out), len(wishes), []
    source = names if names is not None else folder
    # as netout import reads --sheet: digits are the worksheet's position
    worksheet = int(sheet) if sheet is not None and str(sheet).isdigit() else sheet
    book = NameBook.from_registrations(source, column_map=column_map, header_row=header_row, sheet=worksheet,
                                       require_names=True)
    named = book.attach(book.attach(wishes, id_column="contact_id", prefix="contact_"), id_column="attendee_id")
    return write_with_names(named, out), len(named), unnamed_notes(wishes, book, source)


def unnamed_notes(wishes, book, source: str | Path) -> list[str]:
    """How many people on the follow-up list the registration file does not name, in sentences (counts only).

    Example
    -------
    >>> import pandas as pd
    >>> from toolkit.operational import NameBook
    >>> book = NameBook(pd.DataFrame({"name": ["Ann Lee", pd.NA], "email": [pd.NA, "b@x.org"]},
    ...                              index=pd.Index(["p_a", "p_b"], name="attendee_id")))
    >>> wishes = pd.DataFrame({"attendee_id": ["p_a", "p_b"], "contact_id": ["p_c", "p_a"]})
    >>> unnamed_notes(wishes, book, "reg.csv")
    ['1 of the 3 people on the follow-up list are not in the registrations file reg.csv: their name and email are left empty', '1 of the 3 people on the follow-up list have no name in reg.csv: their name is left empty']
    """
    people = _distinct_ids(list(wishes["attendee_id"]) + list(wishes["contact_id"]))
    known = book.people.index
    missing = [p for p in people if p not in known]
    nameless = [p for p in people if p in known and _blank(book.people.loc[p, "name"])]
    where = Path(str(source)).name
    notes = []
    if missing:
        notes.append(f"{len(missing)} of the {len(people)} people on the follow-up list are not in the registrations "
                     f"file {where}: their name and email are left empty")
    if nameless:
        notes.append(f"{len(nameless)} of the {len(people)} people on the follow-up list have no name in {where}: "
                     "their name is left empty")
    return notes


def _distinct_ids(values: list) -> list:
    """Distinct values, first seen first, missing ones left out."""
    return [v for v in dict.fromkeys(values) if isinstance(v, str)]


def _blank(value) -> bool:
    return not isinstance(value, str) or not value.strip()


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
        column_map: Path = typer.Option(None, "--map", metavar="MAP.toml", help="With --with-names: a "
                                        "netout.toml-style map naming the registration file's name columns "
                                        "([columns.attendees] \"Delegate\" = \"name\"), as for netout import."),
        header_row: int = typer.Option(None, "--header-row", metavar="N", min=1, help="With --with-names: "
                                       "spreadsheet row of the registration file's header, where a title is above "
                                       "it (default: found by its column names)."),
        sheet: str = typer.Option(None, "--sheet", help="With --with-names: worksheet of an Excel registration "
                                  "file that holds the attendees, by name (default: the first)."),
    ) -> None:
        """Who asked (contacts with interest = yes) for an extended conversation with whom, to introduce them."""
        path, rows, notes = write_follow_up_list(folder, out, with_names=with_names, names=names, event=event,
                                                 column_map=column_map, header_row=header_row, sheet=sheet)
        for note in notes:
            typer.echo(note, err=True)
        typer.echo(f"wrote {rows} follow-up wish(es) to {path}" + (" (with names: personal data)" if with_names else ""),
                   err=True)

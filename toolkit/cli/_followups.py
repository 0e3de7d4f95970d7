"""``netout followups DIR --out FILE``: who asked to meet whom again, for the organiser to introduce them.

The list is pseudonymous; ``--with-names`` adds names and emails from the
organiser's registration files (``--names``, once per file: a season's events
each have theirs; default: the folder's attendees files), and the file then says
on its first line that it holds personal data. Each registration file is read as
``netout import registrations`` reads it (``--map``, ``--header-row``, ``--sheet``:
each given once for every file, or once per ``--names`` in the same order); a file
without name columns is refused, and people the files cannot name are counted in a
note rather than left blank silently. An empty list says why (no contacts, or no
interest recorded).
"""

from __future__ import annotations

from pathlib import Path

import typer


def write_follow_up_list(folder: str | Path, out: str | Path, *, with_names: bool = False,
                         names: str | Path | list | None = None, event: str | None = None,
                         column_map: str | Path | list | None = None,
                         header_row: int | list | None = None,
                         sheet: str | list | None = None) -> tuple[Path, int, list[str]]:
    """Write the follow-up list of ``folder`` to ``out`` (CSV); return the path, the number of rows and notes.

    With ``with_names``, names and emails come from ``names`` (one registration
    file, or a list of them: a season's events each have theirs; default: the
    folder's attendees files), read as the registrations import reads an attendee
    report (``column_map``, ``header_row``, ``sheet``: one value for every file, or
    a list with one per file, in the same order); the notes then say how many
    people on the list the files could not name (counts only, no names). A
    person is looked up in every file (the same email is the same pseudonym at
    every event), the first file that has them giving their name. An empty list
    comes with a note that says why (:func:`toolkit.operational.why_no_wishes`).

    Example
    -------
    >>> import tempfile, pathlib
    >>> from toolkit.datasets import example_folder
    >>> path, rows, notes = write_follow_up_list(example_folder(), pathlib.Path(tempfile.mkdtemp()) / "followups.csv")
    >>> path.read_text(encoding="utf-8").splitlines()[0], notes
    ('event_id,attendee_id,contact_id,mutual,followed_up', [])
    """
    from toolkit.cli._common import refuse_output_over_inputs, worksheet
    from toolkit.errors import UsageError
    from toolkit.io.files import write_csv
    from toolkit.io.load import load_event_data
    from toolkit.operational import NameBook, follow_up_list, why_no_wishes, write_with_names

    out, folder = Path(out), Path(folder)
    files = [Path(n) for n in _as_list(names)]
    if out.suffix.lower() != ".csv":
        raise UsageError(f"--out {out}: give a file ending in .csv")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    for flag, value in (("--names", files), ("--map", _as_list(column_map)), ("--header-row", _as_list(header_row)),
                        ("--sheet", _as_list(sheet))):
        if value and not with_names:
            raise UsageError(f"{flag} is only read with --with-names")
    maps = _per_file("--map", column_map, files)
    rows_ = _per_file("--header-row", header_row, files)
    sheets = _per_file("--sheet", sheet, files)
    refuse_output_over_inputs(out, [folder] + files + [Path(m) for m in maps if m is not None])
    data = load_event_data(folder)
    wishes = follow_up_list(data, event=event)
    notes = [] if len(wishes) else [why_no_wishes(data, event=event)]
    if not with_names:
        return write_csv(wishes, out), len(wishes), notes
    sources = files or [folder]
    books = [NameBook.from_registrations(source, column_map=m, header_row=r, sheet=worksheet(w), require_names=True)
             for source, m, r, w in zip(sources, maps or [None], rows_ or [None], sheets or [None])]
    book = NameBook.merged(books)
    named = book.attach(book.attach(wishes, id_column="contact_id", prefix="contact_"), id_column="attendee_id")
    notes += unnamed_notes(wishes, book, sources if len(sources) > 1 else sources[0])
    if len(books) > 1:
        people = set(_distinct_ids(list(wishes["attendee_id"]) + list(wishes["contact_id"])))
        notes += [_names_nobody(len(people), source) for one, source in zip(books, sources)
                  if not people & set(one.people.index)]
    return write_with_names(named, out), len(named), notes


def _as_list(value) -> list:
    """An option given once, several times (a list) or not at all, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _per_file(flag: str, value, files: list[Path]) -> list:
    """One value per --names file: the one value given for every file, or one per file in the same order.

    >>> _per_file("--map", ["a.toml"], [Path("x.csv"), Path("y.csv")])
    ['a.toml', 'a.toml']
    """
    from toolkit.errors import UsageError

    values = _as_list(value)
    count = max(len(files), 1)
    if not values:
        return [None] * count
    if len(values) == 1:
        return values * count
    if len(values) == count:
        return values
    raise UsageError(f"{flag} is given {len(values)} times and --names {len(files)} times: give it once (for "
                     f"every file) or once per --names, in the same order (the first {flag} for the first --names ...).")


def _names_nobody(people: int, source) -> str:
    """Said of one of several registration files that names none of the ``people`` on the list (counts only)."""
    return (f"{Path(str(source)).name} names none of the {people} people on the follow-up list (another "
            "organiser's file, or a list read with another key?)")


def unnamed_notes(wishes, book, source: str | Path | list) -> list[str]:
    """How many people on the follow-up list the registration file(s) do not name, in sentences (counts only).

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
    several = isinstance(source, (list, tuple))
    where = ", ".join(Path(str(s)).name for s in source) if several else Path(str(source)).name
    notes = []
    if missing:
        notes.append(f"{len(missing)} of the {len(people)} people on the follow-up list are "
                     + (f"in none of the registrations files {where}" if several else
                        f"not in the registrations file {where}") + ": their name and email are left empty")
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
        names: list[Path] = typer.Option(None, "--names", help="Registration file to take names from; give "
                                         "--names once per file for a season (each event's export): a person is "
                                         "looked up in all of them (default: the folder's attendees files)."),
        event: str = typer.Option(None, "--event", help="One event only."),
        column_map: list[Path] = typer.Option(None, "--map", metavar="MAP.toml", help="With --with-names: a "
                                              "netout.toml-style map naming the registration file's name columns "
                                              "([columns.attendees] \"Delegate\" = \"name\"), as for netout "
                                              "import; once for every --names file, or once per file in their order."),
        header_row: list[int] = typer.Option(None, "--header-row", metavar="N", min=1, help="With --with-names: "
                                             "spreadsheet row of the registration file's header, where a title is "
                                             "above it (default: found by its column names); once, or once per "
                                             "--names file."),
        sheet: list[str] = typer.Option(None, "--sheet", help="With --with-names: worksheet of an Excel "
                                        "registration file that holds the attendees, by name (default: the first; "
                                        "a CSV has none); once, or once per --names file."),
    ) -> None:
        """Who asked (contacts with interest = yes) for an extended conversation with whom, to introduce them."""
        path, rows, notes = write_follow_up_list(folder, out, with_names=with_names, names=names or None,
                                                 event=event, column_map=column_map or None,
                                                 header_row=header_row or None, sheet=sheet or None)
        for note in notes:
            typer.echo(note, err=True)
        typer.echo(f"wrote {rows} follow-up wish(es) to {path}" + (" (with names: personal data)" if with_names else ""),
                   err=True)

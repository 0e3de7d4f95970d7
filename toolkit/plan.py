"""Plan the next event so that its comparison of formats is fair and can be analysed: rooms, lot, rosters.

In plain words: the next event runs both formats side by side in several
rooms each (the comparison counts rooms, not people, as its evidence: with
one room per format it can never be sure). Every registered attendee is put
into a format **by lot, separately within each segment** (so that, for
example, half of the reserved and half of the self-directed attendees get
each format and the next comparison is like for like), and then into one of
that format's rooms, each segment dealt evenly over the rooms. The
structured rooms' attendees are split into small groups by a chosen
criterion, keeping people who already know each other apart and mixing
industries. How many rooms: as many as the recommendation's sample size asks
for (``rooms_per_format``, or ``size=`` a :class:`toolkit.recommend.SampleSize`),
and at least enough for rooms of about ``room_size`` people.

The plan writes the ``sessions`` and ``participation`` tables of the folder
the event will produce (plus the assignment and the rosters): put them in the
event's subfolder, add the attendees, contacts and survey after the event, and
the comparison reads it as it is.

Example
-------
>>> import pandas as pd
>>> registrations = pd.DataFrame({
...     "attendee_id": [f"A{i}" for i in range(24)],
...     "industry": ["tech", "retail", "health", "finance"] * 6,
...     "networking_style": ["reserved", "self-directed"] * 12,
... })
>>> plan = plan_next_event(registrations, by="style", random_state=0)
>>> plan.assignment.groupby(["style", "format"]).size().tolist()
[6, 6, 6, 6]
>>> plan.rooms_per_format, sorted(plan.tables())
(3, ['assignment', 'participation', 'rosters', 'sessions'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.compare import MIN_SESSIONS_PER_FORMAT
from toolkit.errors import UsageError
from toolkit.events import event_sequence
from toolkit.io.files import first_table_file, read_people_table, write_csv
from toolkit.io.parsing import read_id
from toolkit.params import Interval, OneOf, as_generator, validate_params
from toolkit.privacy import drop_personal_columns, minimise_columns, pseudonymise
from toolkit.wording import MIN_GROUP_SIZE, SMALL_GROUP_TEXT

__all__ = ["plan_next_event", "NextEventPlan", "GROUPINGS", "USUAL_SEGMENTS", "history_note", "plan_grouping",
           "read_known_ties", "read_registrations", "registration_column", "trial_registrations",
           "segment_column", "style_known"]

#: Criteria for forming the small groups of the structured session.
GROUPINGS: tuple[str, ...] = ("industry", "company_size", "region", "random")

#: People per room when nothing says otherwise, and the fewest a room is planned with.
DEFAULT_ROOM_SIZE = 12
MIN_ROOM_SIZE = 4


@dataclass
class NextEventPlan:
    """A randomised plan: who goes to which format and room, and the small groups of the structured rooms.

    ``assignment``: one row per attendee (``attendee_id``, the segment column,
    ``format``, ``assignment`` = ``randomized``, ``session_id``: the room).
    ``rosters``: one row per structured attendee (``group_id``, ``attendee_id``,
    segment, ``industry``, ``session_id`` and the grouping column where known).
    ``sessions`` and ``participation``: the contract's tables of the next
    event (one row per room; one row per attendee in a room, with the group).
    ``notes``: plain sentences about the plan (rooms, group sizes, ties kept apart).
    ``rooms_per_format``: rooms of each format.

    Example
    -------
    >>> import pandas as pd, toolkit
    >>> people = pd.DataFrame({"attendee_id": [f"a{i}" for i in range(12)],
    ...                        "style": ["reserved", "self-directed"] * 6,
    ...                        "industry": ["retail", "law", "tech"] * 4})
    >>> plan = toolkit.plan_next_event(people, by="style", random_state=1)
    >>> sorted(plan.assignment["format"].unique())
    ['structured', 'unstructured']
    """

    assignment: pd.DataFrame
    rosters: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    ties_in_same_group: int = 0
    sessions: pd.DataFrame | None = None
    participation: pd.DataFrame | None = None
    rooms_per_format: int = 1

    def tables(self) -> dict[str, pd.DataFrame]:
        """The plan's tables by file name: ``assignment``, ``rosters``, and the next event's ``sessions``
        and ``participation`` (where the plan has rooms).

        Example
        -------
        >>> import pandas as pd, toolkit
        >>> people = pd.DataFrame({"attendee_id": [f"a{i}" for i in range(40)], "industry": ["law", "tech"] * 20})
        >>> plan = toolkit.plan_next_event(people, by="industry", random_state=0)
        >>> plan.tables()["sessions"][["session_id", "format"]].head(2).to_dict("records")
        [{'session_id': 'structured-1', 'format': 'structured'}, {'session_id': 'structured-2', 'format': 'structured'}]
        """
        tables = {"assignment": self.assignment, "rosters": self.rosters}
        if self.sessions is not None and self.participation is not None:
            tables |= {"sessions": self.sessions, "participation": self.participation}
        return tables

    def write(self, folder: str | Path, *, names=None) -> list[Path]:
        """Write the plan's tables (:meth:`tables`, no personal data) as CSV into ``folder``; return the paths.

        With ``names`` (a :class:`toolkit.operational.NameBook` read from the
        organiser's registration file, asked for on purpose: ``--with-names``)
        ``rosters_with_names.csv`` is written too: each group's people with their
        names and emails, its first line saying that it holds personal data.

        Example
        -------
        >>> import tempfile, pandas as pd, toolkit
        >>> people = pd.DataFrame({"attendee_id": [f"a{i}" for i in range(8)], "industry": ["law", "tech"] * 4})
        >>> plan = toolkit.plan_next_event(people, by="industry", random_state=0)
        >>> [p.name for p in plan.write(tempfile.mkdtemp())]
        ['assignment.csv', 'rosters.csv', 'sessions.csv', 'participation.csv']
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        # the one CSV writer for people's data (ids and industries were typed by people)
        paths = [write_csv(drop_personal_columns(frame), folder / f"{name}.csv")
                 for name, frame in self.tables().items()]
        if names is not None:
            from toolkit.operational import write_with_names

            named = names.attach(drop_personal_columns(self.rosters))
            paths.append(write_with_names(named, folder / "rosters_with_names.csv"))
        return paths

    def to_zip(self, *, names=None) -> bytes:
        """The files :meth:`write` makes (with ``names`` as there), as the bytes of one zip archive (a download)."""
        import io
        import tempfile
        import zipfile

        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.write(tmp, names=names)):
                archive.write(path, path.name)
        return buffer.getvalue()

    def counts(self) -> dict[str, int]:
        """Attendees per format, e.g. ``{"structured": 40, "unstructured": 38}``."""
        if "format" not in self.assignment.columns:
            return {}
        sizes = self.assignment.groupby("format", observed=True).size()
        return {str(k): int(v) for k, v in sizes.items()}


def trial_registrations(table: pd.DataFrame, *, by: str = "style") -> pd.DataFrame:
    """The latest event's attendees as a stand-in registration list, to try a plan before registrations exist.

    The latest event is the last of ``table.attrs["event_order"]`` (set by
    :func:`toolkit.outcomes.compute_outcomes`), else of the event ids in natural order.

    Example
    -------
    >>> import toolkit
    >>> table = toolkit.compute_outcomes(toolkit.load_event_data(toolkit.example_folder(), secret="k"))
    >>> people = trial_registrations(table, by="style")
    >>> sorted(people["attendee_id"]) == sorted(table.loc[table["event_id"] == "E02", "attendee_id"].unique())
    True
    """
    latest = event_sequence(table)[-1]
    rows = table.loc[table["event_id"].astype(str) == latest].drop_duplicates("attendee_id")
    keep = [c for c in dict.fromkeys(("attendee_id", "industry", "company_size", "first_time", by)) if c in rows.columns]
    return rows[keep].reset_index(drop=True)


def read_registrations(source: str | Path | bytes, *, name: str | None = None,
                       secret: str | bytes | None = None, column_map: str | Path | None = None,
                       header_row: int | None = None,
                       sheet: str | int | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read registrations and, beside them, known ties: a ticketing export as the registrations import reads it.

    ``source`` is a CSV/XLSX/Parquet file, its bytes (an upload; ``name`` gives
    its ending), or a folder with ``registrations.*`` or ``attendees.*`` (and
    ``known_ties.*``). The file is read exactly as ``netout import
    registrations`` and ``netout followups --names`` read an attendee report
    (:func:`toolkit.io.importers.registrations.read_attendee_report`, then
    :func:`~toolkit.io.importers.registrations.read_registration_list`): a
    title block above the header is found and left out (or ``header_row`` says
    where the header is), ``sheet`` names the worksheet of a workbook, and
    ``column_map`` (a ``--map`` file, else the ``netout.toml`` beside the file)
    names columns called something else;
    column names in any case; the id from an ``attendee_id`` column, else the
    email (pseudonymised), else a column the folder's ``netout.toml`` maps to
    ``email`` or ``attendee_id``; refunded, cancelled and not confirmed tickets left out (and
    counted in ``frame.attrs["left_out"]``); names, emails, order and ticket
    numbers, fees and free text never kept. Column names come back lower case
    with ``_`` for spaces (``Company size`` -> ``company_size``; see
    :func:`registration_column`). The CLI's ``netout plan`` and the dashboard's
    upload both come here, so the same person gets the same id in both, and the
    same id as the registrations import gives them.

    Example
    -------
    >>> people, ties = read_registrations(b"Email,Industry,Status\\nann@example.org,law,Attending\\n"
    ...                                   b"B17@x.org,tech,Refunded\\n", name="registrations.csv", secret="k")
    >>> people.columns.tolist(), bool(people["attendee_id"].str.startswith("p_").all()), len(people), ties
    (['attendee_id', 'industry'], True, 1, None)
    >>> people.attrs["left_out"]
    {'refunded ticket': 1}
    """
    from toolkit.io.importers.registrations import read_attendee_report, read_registration_list, read_settings_map
    from toolkit.settings import Settings

    ties = None
    settings = Settings()
    if not isinstance(source, (bytes, bytearray)):
        path = Path(source)
        if path.is_dir():
            found = first_table_file(path, "registrations") or first_table_file(path, "attendees")
            if found is None:
                raise UsageError(f"plan: {path} holds no registrations.csv or attendees.csv (or .xlsx/.parquet).")
            tie_file = first_table_file(path, "known_ties")
            ties = read_known_ties(tie_file, secret=secret) if tie_file else None
            source = found
        elif not path.exists():
            raise UsageError(f"plan: the registrations file {path} does not exist.")
        if column_map is None:
            try:
                settings = Settings.read(Path(source).parent)
            except Exception as exc:  # a broken settings file beside the list is the user's to fix
                raise UsageError(f"plan: {exc}") from None
    label = name or Path(str(source)).name
    try:
        if column_map is not None:
            settings = read_settings_map(column_map)
        # the import's own reader: a title block above the header, a worksheet, the map's headers
        frame, header = read_attendee_report(source if isinstance(source, (bytes, bytearray)) else Path(source),
                                             settings=settings, sheet=sheet, header_row=header_row, name=label)
        listing = read_registration_list(frame, settings=settings, file=label, secret=secret, keep="registered",
                                         header_row=header)
    except UsageError as exc:
        raise UsageError(f"plan: {exc}") from None
    # the importer already leaves contact fields out; the one rule catches what its headers did not name
    people, _ = minimise_columns(listing.people.drop(columns=["_row"]), protected=("attendee_id",),
                                 segments=settings.privacy.segments)
    # every id a pseudonym, as the loader makes it: a member code kept plain by the importer is hashed here
    people["attendee_id"] = pseudonymise(people["attendee_id"], secret=secret, all_values=True)
    skipped = listing.log.frame()
    skipped = skipped[skipped["what"] == "row_skipped"]
    people.attrs["left_out"] = {str(k): int(v) for k, v in skipped.groupby("reason")["count"].sum().items()}
    return people, ties


def registration_column(name: str) -> str:
    """A registration column's name as :func:`read_registrations` gives it (for ``--by`` in any case).

    Example
    -------
    >>> registration_column(" Company Size "), registration_column("style")
    ('company_size', 'style')
    """
    from toolkit.io.importers.registrations import column_name

    return column_name(name)


def read_known_ties(source: str | Path | bytes, *, name: str | None = None,
                    secret: str | bytes | None = None) -> pd.DataFrame:
    """Pairs who know each other (``attendee_id``, ``contact_id``), read and pseudonymised as registrations are.

    Example
    -------
    >>> ties = read_known_ties(b"attendee_id,contact_id\\nA1,ann@example.org\\n", name="ties.csv", secret="k")
    >>> ties.loc[0, "attendee_id"].startswith("p_"), ties.loc[0, "contact_id"].startswith("p_")
    (True, True)
    """
    people = read_people_table(source, name=name, caller="plan")
    people.columns = [c.lower() for c in people.columns]
    frame = _person_ids(people, ("attendee_id", "contact_id"), secret=secret)
    return drop_personal_columns(frame)


def _person_ids(frame: pd.DataFrame, columns: tuple[str, ...], *, secret: str | bytes | None) -> pd.DataFrame:
    """Ids cleaned and pseudonymised as the loader does it: every value, whatever its shape."""
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            frame[column] = read_id(frame[column], transform=lambda u: pseudonymise(u, secret=secret, all_values=True))
    return frame


def segment_column(registrations: pd.DataFrame, by: str) -> pd.Series:
    """Each registered attendee's segment: the ``by`` column, read as the comparison reads it.

    The groups stay as written (``ICT`` is ``ICT``, as the outcome table and
    the comparison of past events have it), trimmed of spaces; a missing or
    empty value is ``unknown``. ``by="style"`` falls back on
    ``networking_style`` where the registrations have no ``style`` column
    (where they have neither, everyone's style is ``unknown``), and
    a style is read as the loader reads it
    (:func:`toolkit.segments.style_from_attendees`: ``Self Directed`` is
    ``self-directed``). Used by :func:`plan_next_event` (the lot within
    segments) and by ``toolkit.recommend`` (the next event's mix from its
    registrations), so that both count the same segments.

    Example
    -------
    >>> import pandas as pd
    >>> registrations = pd.DataFrame({"attendee_id": ["a", "b", "c"],
    ...                               "networking_style": [" Reserved", None, "self-directed"],
    ...                               "industry": ["ICT", " Bouw ", ""]})
    >>> segment_column(registrations, "style").tolist(), segment_column(registrations, "industry").tolist()
    (['reserved', 'unknown', 'self-directed'], ['ICT', 'Bouw', 'unknown'])
    """
    if by in registrations.columns:
        values = registrations[by]
    elif by == "style" and "networking_style" in registrations.columns:
        values = registrations["networking_style"]
    elif by == "style":  # no one's style recorded: everyone is unknown, the lot one draw over all
        values = pd.Series(pd.NA, index=registrations.index, dtype="string")
    else:
        raise UsageError(
            f"plan: --by {by!r} is not a column of the registrations; columns are: "
            + ", ".join(map(str, registrations.columns))
        )
    if by == "style":
        from toolkit.segments import style_from_attendees

        return style_from_attendees(values).astype("string").rename(None)
    return values.astype("string").str.strip().fillna("unknown").replace("", "unknown")


#: The registration columns the lot is stratified by where ``--by`` is not given, in order of preference
#: (after ``style``, where anyone's is known).
USUAL_SEGMENTS: tuple[str, ...] = ("industry", "company_size", "first_time", "region")


def plan_grouping(registrations: pd.DataFrame, table: pd.DataFrame | None = None) -> tuple[str, str | None]:
    """The segment column to draw the lot within where none is asked for, and the sentence saying why.

    With past events (``table``, an outcome table) it is the grouping every
    face opens on (:func:`toolkit.compare.default_grouping`), where the
    registrations have that column: the plan is then sized and drawn by the
    grouping ``netout compare`` and ``recommend`` show. Otherwise it is
    ``style`` where anyone's style is known in the registrations, else the
    first of :data:`USUAL_SEGMENTS` the registrations have with two or more
    groups. The sentence is None where the choice is style (nothing to
    explain). ``style`` where nothing else fits: everyone then is ``unknown``
    and the lot is one draw over all registrations.

    Example
    -------
    >>> import pandas as pd
    >>> people = pd.DataFrame({"attendee_id": list("abcd"), "industry": ["ICT", "Bouw"] * 2})
    >>> plan_grouping(people)
    ('industry', "Grouped by industry: no one's networking style is in the registrations (--by chooses another grouping).")
    >>> plan_grouping(people.assign(networking_style=["reserved", None, None, None]))
    ('style', None)
    """
    from toolkit.wording import grouping_note

    if table is not None:
        from toolkit.compare import default_grouping

        chosen = default_grouping(table)
        has_it = chosen in registrations.columns or (chosen == "style" and style_known(registrations))
        if has_it:
            return chosen, grouping_note(chosen, source="past events")
    if style_known(registrations):
        return "style", None
    for column in USUAL_SEGMENTS:
        if column in registrations.columns and registrations[column].astype("string").str.strip().replace(
                "", pd.NA).nunique(dropna=True) >= 2:
            return column, grouping_note(column, source="registrations")
    return "style", ("Drawn by lot over all registrations: they record no networking style and none of "
                     + ", ".join(USUAL_SEGMENTS) + " (--by chooses a column to draw the lot within).")


def style_known(registrations: pd.DataFrame) -> bool:
    """Whether anyone's networking style is known in the registrations: a style column is not enough.

    True where a ``style`` (else ``networking_style``) value reads as a style
    (:func:`segment_column`); a column of blanks or unreadable answers leaves
    everyone ``unknown`` and a lot by style one draw over all.

    Example
    -------
    >>> import pandas as pd
    >>> style_known(pd.DataFrame({"networking_style": ["Reserved", None]}))
    True
    >>> style_known(pd.DataFrame({"networking_style": [None, ""]})), style_known(pd.DataFrame({"industry": ["ICT"]}))
    (False, False)
    """
    if "style" not in registrations.columns and "networking_style" not in registrations.columns:
        return False
    return bool(segment_column(registrations, "style").ne("unknown").any())


def history_note(table: pd.DataFrame) -> str | None:
    """What the plan does and does not do, where past events had people in several sessions (None where not).

    The plan lays out one slot: each person gets one format and one room, and
    the next comparison is between people. Where the history shows people in
    both formats at one event (a within-person design, each their own control,
    as ``netout compare`` then compares), the plan says so rather than
    quietly switching designs; it does not lay out several slots per person.

    Example
    -------
    >>> from toolkit.datasets.simulate import simulate_crossover_table
    >>> table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    >>> history_note(table).split(":")[0]
    'In the past events 80 people were in both formats at one event (each compared with themselves)'
    """
    needed = {"event_id", "attendee_id", "format"}
    if not needed <= set(table.columns):
        return None
    rows = table.dropna(subset=["attendee_id", "format"])
    formats = rows.groupby(["event_id", "attendee_id"], observed=True)["format"].nunique()
    both = int((formats >= 2).sum())
    if not both:
        return None
    return (f"In the past events {both} people were in both formats at one event (each compared with themselves): "
            "this plan lays out one slot, each person in one format and one room by lot, so the next event "
            "compares different people; it does not plan several slots per person. To compare people with "
            "themselves again, run a second slot with each person in the other format and record both sessions "
            "in participation.csv.")


def plan_next_event(
    registrations: pd.DataFrame,
    *,
    by: str = "style",
    grouping: str = "industry",
    group_size: int = 6,
    known_ties: pd.DataFrame | None = None,
    structured_share: float = 0.5,
    rooms_per_format: int | None = None,
    room_size: int | None = None,
    size=None,
    event_id: str = "next",
    random_state: int | np.random.Generator | None = None,
) -> NextEventPlan:
    """Assign registered attendees to formats by lot within segments, deal them into rooms, form small groups.

    Parameters
    ----------
    registrations : DataFrame
        One row per registered attendee: ``attendee_id`` and any of
        ``industry``, ``company_size``, ``region``, the segment column.
    by : str
        Segment column to stratify the lot by (``"style"`` falls back to
        ``networking_style``). Missing values form the segment ``unknown``.
    grouping : {"industry", "company_size", "region", "random"}
        How to form the structured rooms' groups: ``industry`` spreads each
        industry over the groups (every group as mixed as possible);
        ``company_size`` or ``region`` puts peers of similar size or the same
        region together, mixing industries inside; ``random`` draws groups by lot.
    group_size : int
        Target people per group (groups differ by at most one).
    known_ties : DataFrame, optional
        Pairs (``attendee_id``, ``contact_id``) who know each other; they are
        kept in different groups where possible.
    structured_share : float
        Share of each segment assigned to the structured format.
    rooms_per_format : int, optional
        Rooms of each format wanted (e.g. a sample size's); the plan has at
        least that many where the registrations fill rooms of
        :data:`MIN_ROOM_SIZE` people, and at least enough for rooms of
        ``room_size``.
    room_size : int, optional
        People per room to aim for (default :data:`DEFAULT_ROOM_SIZE`, or the size's).
    size : SampleSize, optional
        A :func:`toolkit.recommend.sample_size` result: its rooms per format and
        room size, unless given above.
    event_id : str
        The next event's id in the ``sessions`` and ``participation`` tables.
    random_state : None, int or numpy.random.Generator
        Seed of the lot (see :mod:`toolkit.params`): the same seed gives the same plan.

    Returns
    -------
    NextEventPlan

    Example
    -------
    >>> import pandas as pd
    >>> reg = pd.DataFrame({"attendee_id": [f"A{i}" for i in range(40)],
    ...                     "industry": list("abcde") * 8})
    >>> plan = plan_next_event(reg, by="industry", group_size=5, rooms_per_format=2, random_state=1)
    >>> int(plan.rosters.groupby("group_id")["industry"].nunique().min())  # every group mixes all five
    5
    >>> plan = plan_next_event(reg, by="industry", rooms_per_format=4, random_state=1)
    >>> plan.sessions.groupby("format").size().tolist(), plan.participation["session_id"].nunique()
    ([4, 4], 8)
    """
    counts_asked = {k: v for k, v in (("rooms_per_format", rooms_per_format), ("room_size", room_size)) if v is not None}
    validate_params("plan", grouping=grouping, group_size=group_size, structured_share=structured_share,
                    random_state=random_state, **counts_asked,
                    constraints={"grouping": OneOf(GROUPINGS), "rooms_per_format": Interval(1, None, integer=True),
                                 "room_size": Interval(2, None, integer=True)})
    if "attendee_id" not in registrations.columns:
        raise UsageError("plan: the registrations need an attendee_id column.")
    reg = drop_personal_columns(registrations.drop(columns=[c for c in registrations.columns if str(c).startswith("_")]))
    reg = reg.drop_duplicates("attendee_id").reset_index(drop=True)
    reg["attendee_id"] = reg["attendee_id"].astype("string")
    if reg["attendee_id"].isna().any():
        raise UsageError("plan: some registrations have no attendee_id; give every attendee an id.")
    rng = as_generator(random_state)
    segment = segment_column(reg, by)
    n = len(reg)

    # lot within each segment: a random order, the first share of each segment to structured;
    # an odd one out goes to either format with equal chance
    order = pd.Series(rng.random(n)).groupby(segment.to_numpy()).rank(method="first").to_numpy()
    counts_by_segment = segment.map(segment.value_counts()).to_numpy(dtype=float)
    cut = counts_by_segment * structured_share
    structured = (order <= np.floor(cut)) | ((order == np.floor(cut) + 1) & (rng.random(n) < cut - np.floor(cut)))
    wanted = rooms_per_format if rooms_per_format is not None else getattr(size, "rooms_per_format", None)
    # rooms asked for by number keep that number (their size follows from the registrations) unless a room
    # size is given too; a sample size brings both
    aim = room_size if room_size is not None else (getattr(size, "room_size", None) if rooms_per_format is None
                                                   else None)
    rooms, room_notes = _room_count(int(structured.sum()), int((~structured).sum()), wanted, aim)
    room = _deal_into_rooms(segment.to_numpy(), structured, rooms, rng)
    assignment = pd.DataFrame(
        {
            "attendee_id": reg["attendee_id"],
            by: segment.to_numpy(),
            "format": pd.Categorical(np.where(structured, "structured", "unstructured"),
                                     categories=["structured", "unstructured"]),
            "assignment": "randomized",
            "session_id": room,
        }
    )
    for col in ("industry", "company_size", "region"):
        if col in reg.columns and col != by:
            assignment[col] = reg[col].to_numpy()

    rosters, notes, together = _rosters(reg.loc[structured].reset_index(drop=True), segment[structured].to_numpy(),
                                        by, grouping, group_size, known_ties, rng, room=room[structured])
    counts = assignment.groupby([by, "format"], observed=True).size()
    notes[:0] = [
        "Assigned by lot within each " + by + " segment: "
        + "; ".join(_lot_counts(seg, counts.get((seg, "structured"), 0), counts.get((seg, "unstructured"), 0))
                    for seg in sorted(segment.unique()))
        + ".",
    ] + room_notes
    sessions, participation = _event_tables(assignment, rosters, grouping, event_id)
    return NextEventPlan(assignment=assignment, rosters=rosters, notes=notes, ties_in_same_group=together,
                         sessions=sessions, participation=participation, rooms_per_format=rooms)


def _lot_counts(segment, n_structured: int, n_unstructured: int) -> str:
    """A segment's places by lot as the plan's note says them: a group or format of 1-4 people is not counted.

    >>> _lot_counts("Retail", 12, 11), _lot_counts("Agriculture", 1, 2), _lot_counts("Farming", 3, 4)
    ('Retail: 12 structured, 11 unstructured', 'Agriculture: fewer than 5 people', 'Farming: fewer than 5 structured, fewer than 5 unstructured')
    """
    if 0 < n_structured + n_unstructured < MIN_GROUP_SIZE:
        return f"{segment}: {SMALL_GROUP_TEXT} people"
    shown = [SMALL_GROUP_TEXT if 0 < n < MIN_GROUP_SIZE else str(int(n)) for n in (n_structured, n_unstructured)]
    return f"{segment}: {shown[0]} structured, {shown[1]} unstructured"


def _room_count(n_structured: int, n_unstructured: int, wanted: int | None, aim: int | None) -> tuple[int, list[str]]:
    """Rooms per format: the number wanted (where people fill rooms of MIN_ROOM_SIZE), at least enough for rooms
    of ``aim`` people, and (without a number wanted) MIN_SESSIONS_PER_FORMAT where the registrations allow."""
    smaller, larger = min(n_structured, n_unstructured), max(n_structured, n_unstructured)
    fillable = max(smaller // MIN_ROOM_SIZE, 1)
    if aim is None and wanted is None:
        aim = DEFAULT_ROOM_SIZE
    by_size = math.ceil(larger / int(aim)) if aim and larger else 1
    notes = []
    if wanted is not None:
        rooms = max(min(int(wanted), fillable), by_size, 1)
        if rooms < wanted:
            notes.append(
                f"The sample size asks for {wanted} rooms of each format; {n_structured + n_unstructured} "
                f"registrations fill {rooms} rooms of at least {MIN_ROOM_SIZE} people, so this event alone is "
                "unlikely to settle the question: combine it with the next ones, run the same way.")
    else:
        rooms = max(by_size, min(MIN_SESSIONS_PER_FORMAT, fillable), 1)
    per_room = larger / rooms if rooms else 0
    notes.append(f"{rooms} room{'s' if rooms > 1 else ''} of each format, about {per_room:.0f} people each; "
                 "each segment is dealt evenly over the rooms.")
    if rooms < MIN_SESSIONS_PER_FORMAT:
        notes.append(f"Fewer than {MIN_SESSIONS_PER_FORMAT} rooms of each format: the comparison of this event "
                     "alone will not be confident, whatever it shows.")
    return rooms, notes


def _deal_into_rooms(segment: np.ndarray, structured: np.ndarray, rooms: int, rng: np.random.Generator) -> np.ndarray:
    """Session id per person: within each format, people sorted by segment (shuffled within) and dealt round
    the rooms like cards, so each segment is spread evenly and rooms differ by at most one person."""
    room = np.empty(len(segment), dtype=object)
    for fmt, members in (("structured", np.flatnonzero(structured)), ("unstructured", np.flatnonzero(~structured))):
        if not len(members):
            continue
        key = pd.DataFrame({"s": segment[members], "r": rng.random(len(members))})
        ordered = members[key.sort_values(["s", "r"], kind="stable").index.to_numpy()]
        labels = rng.permutation(rooms)  # which room gets the odd ones out is left to the lot too
        room[ordered] = [f"{fmt}-{labels[i % rooms] + 1}" for i in range(len(ordered))]
    return room


def _event_tables(assignment: pd.DataFrame, rosters: pd.DataFrame, grouping: str,
                  event_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The next event's ``sessions`` (one row per room) and ``participation`` (one row per attendee) tables."""
    rooms = assignment.drop_duplicates("session_id")[["session_id", "format"]].copy()
    rooms["number"] = rooms["session_id"].str.rsplit("-", n=1).str[-1].astype(int)
    rooms = rooms.sort_values(["format", "number"]).reset_index(drop=True)
    sessions = pd.DataFrame({
        "event_id": event_id, "session_id": rooms["session_id"].astype("string"),
        "format": rooms["format"].astype(str), "assignment": "randomized",
        "grouping": pd.array(np.where(rooms["format"].astype(str) == "structured", grouping, None), dtype="string"),
    })
    group = rosters.set_index("attendee_id")["group_id"] if len(rosters) else pd.Series(dtype="string")
    participation = pd.DataFrame({
        "event_id": event_id, "session_id": assignment["session_id"].astype("string"),
        "attendee_id": assignment["attendee_id"].astype("string"),
        "group_id": pd.array(assignment["attendee_id"].map(group), dtype="string"),
    })
    return sessions, participation


def _rosters(reg, segment, by, grouping, group_size, known_ties, rng, *, room):
    """Small groups of the structured rooms' attendees: formed within each room (``room``: its session id)."""
    n = len(reg)
    notes: list[str] = []
    if n == 0:
        return (pd.DataFrame(columns=["group_id", "attendee_id", by, "industry", "session_id"]),
                ["No attendee in a structured room."], 0)
    industry = reg["industry"].astype("string").fillna("unknown") if "industry" in reg.columns else pd.Series(["unknown"] * n, dtype="string")
    if grouping in ("company_size", "region"):
        if grouping not in reg.columns:
            raise UsageError(f"plan: --grouping {grouping} needs a {grouping} column in the registrations.")
        block = reg[grouping].astype("string").fillna("unknown")
    else:
        block = pd.Series(["all"] * n, dtype="string")
    block = pd.Series(np.asarray(room, dtype=object), dtype="string") + "\x1f" + block.reset_index(drop=True)
    # sort by industry (in a random order of industries, people shuffled within), then deal the
    # sorted list round the groups like cards: each industry is spread evenly over the groups
    shuffled_industry = {name: rng.random() for name in industry.unique()}
    key = pd.DataFrame({
        "block": block.to_numpy(),
        "i": 0.0 if grouping == "random" else industry.map(shuffled_industry).to_numpy(dtype=float),
        "r": rng.random(n),
    })
    ordered = key.sort_values(["block", "i", "r"], kind="stable").index.to_numpy()
    group = np.empty(n, dtype=np.int64)
    offset = 0
    block_sorted = key["block"].to_numpy()[ordered]
    for name in pd.unique(block_sorted):
        members = ordered[block_sorted == name]
        k = max(1, math.ceil(len(members) / group_size))
        group[members] = offset + np.arange(len(members)) % k
        offset += k
    together = 0
    if known_ties is not None and len(known_ties):
        group, together, moved = _separate_ties(reg["attendee_id"].to_numpy(), group, block.to_numpy(), known_ties, rng)
        notes.append(
            f"Known ties: {moved} swaps kept acquaintances in different groups"
            + (f"; {together} pairs could not be separated." if together else "; every known pair is apart.")
        )
    rosters = pd.DataFrame(
        {
            "group_id": [f"G{g + 1:03d}" for g in group],
            "attendee_id": reg["attendee_id"].to_numpy(),
            by: segment,
            "industry": industry.to_numpy(),
            "session_id": np.asarray(room, dtype=object),
        }
    )
    if grouping in ("company_size", "region"):
        rosters[grouping] = block.str.split("\x1f", n=1).str[1].to_numpy()
    rosters = rosters.sort_values(["group_id", "attendee_id"], kind="stable").reset_index(drop=True)
    sizes = rosters.groupby("group_id").size()
    mixed = rosters.groupby("group_id")["industry"].nunique()
    notes.append(
        f"{len(sizes)} groups of {sizes.min()}-{sizes.max()} people formed by {grouping}; "
        f"each group has {mixed.min()}-{mixed.max()} industries."
    )
    return rosters, notes, together


def _separate_ties(ids, group, block, known_ties, rng, max_passes: int = 20):
    """Swap people so that pairs who know each other are in different groups (same block only)."""
    ties = known_ties.rename(columns=str.lower)
    if not {"attendee_id", "contact_id"} <= set(ties.columns):
        raise UsageError("plan: known ties need attendee_id and contact_id columns.")
    index = {a: i for i, a in enumerate(ids)}
    a = ties["attendee_id"].astype("string").map(index)
    b = ties["contact_id"].astype("string").map(index)
    pairs = np.column_stack([a.dropna().to_numpy(), b[a.notna()].to_numpy()])
    pairs = pairs[~pd.isna(pairs).any(axis=1)].astype(np.int64) if len(pairs) else np.empty((0, 2), dtype=np.int64)
    neighbours: dict[int, set[int]] = {}
    for x, y in pairs:
        neighbours.setdefault(x, set()).add(y)
        neighbours.setdefault(y, set()).add(x)
    group = group.copy()

    def clash(person: int, g: int, ignore: int = -1) -> bool:
        return any(group[o] == g and o != ignore for o in neighbours.get(person, ()))

    moved = 0
    for _ in range(max_passes):
        conflicts = pairs[group[pairs[:, 0]] == group[pairs[:, 1]]] if len(pairs) else pairs
        if not len(conflicts):
            break
        for x, y in conflicts:
            if group[x] != group[y]:
                continue
            home = group[y]
            candidates = np.flatnonzero((block == block[y]) & (group != home))
            for c in rng.permutation(candidates):
                if not clash(y, group[c], ignore=c) and not clash(c, home, ignore=y):
                    group[y], group[c] = group[c], home
                    moved += 1
                    break
    together = int((group[pairs[:, 0]] == group[pairs[:, 1]]).sum()) if len(pairs) else 0
    return group, together, moved

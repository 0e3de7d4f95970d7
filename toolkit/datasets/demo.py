"""Synthetic event folders with planted, documented effects.

The generator builds a season of networking events in the shape of the data
contract (text ids, ``structured``/``unstructured``, ``yes``/``no``, ISO 8601
times with offsets, Likert items partly as labels) so that every step of the
toolkit can be tried, tested and benchmarked against a known truth. What is
planted and why is written up in ``docs/demo-data.md``.

How the truth is kept exact
---------------------------
Every attendee has a latent true style (``reserved`` or ``self-directed``).
Within a session each attendee gets a target number of *new* partners drawn
with mean ``base(style, covariates) + effect(style) * structured``, times a
session shock of mean 1; the partners are formed by a configuration model on
stubs inside the session (stubs that would make a self-loop, a repeated pair or
a pair who already know each other are re-paired, so nearly every attendee ends
with exactly their target). Known ties meet at the event level with a
probability that does not depend on the format, and a short reception adds a
format-free number of new partners. So the average effect of the structured
format on distinct new partners is the planted one in every segment of
covariates, whatever the assignment mechanism; survey and follow-up outcomes
are drawn the same way (additive effects inside the answer range, symmetric
noise, no clipping). :data:`PLANTED_EFFECTS` holds the truth by true style.

Example
-------
>>> from toolkit.datasets.demo import make_demo_tables, PLANTED_EFFECTS
>>> tables = make_demo_tables(n_attendees=200, n_events=2, random_state=1)
>>> sorted(tables)
['attendees', 'contacts', 'followups', 'known_ties', 'participation', 'sessions', 'survey']
>>> len(tables["attendees"])
200
>>> PLANTED_EFFECTS["new_contacts"]["reserved"]
3.0
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.contract import ASSIGNMENTS, TABLES
from toolkit.errors import UsageError
from toolkit.settings import SETTINGS_FILE

#: True average effect of the structured format (structured minus unstructured)
#: per true style, on each outcome as the toolkit measures it, at ``contacts_scale=1``.
#: Count outcomes scale with ``contacts_scale``; the per-attendee truth of any
#: generated world is in the ``_truth`` frame (``make_demo_tables(with_truth=True)``).
PLANTED_EFFECTS: dict[str, dict[str, float]] = {
    "contacts": {"reserved": 3.0, "self-directed": -1.0},
    "new_contacts": {"reserved": 3.0, "self-directed": -1.0},
    "followup_rate_7d": {"reserved": 0.10, "self-directed": -0.05},
    "meetings_30d": {"reserved": 0.30, "self-directed": -0.10},
    "satisfaction": {"reserved": 0.40, "self-directed": -0.20},
    "nps": {"reserved": 0.80, "self-directed": -0.40},
    "met_helpful": {"reserved": 0.15, "self-directed": -0.05},
    "would_return": {"reserved": 0.0, "self-directed": 0.0},
}

#: The networking-style scale written into the demo survey (high = self-directed).
STYLE_ITEMS: dict[str, str] = {
    "style_1": "I start conversations with people I have not met before.",
    "style_2": "At a networking event I wait for others to come and talk to me.",
    "style_3": "I move around the room to meet as many people as I can.",
    "style_4": "I would rather be introduced to people than introduce myself.",
    "style_5": "Before an event I decide whom I want to meet.",
}
STYLE_REVERSED: tuple[str, ...] = ("style_2", "style_4")
LIKERT_LABELS: tuple[str, ...] = (
    "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree",
)

DEMO_ASSIGNMENTS: tuple[str, ...] = ("mixed",) + ASSIGNMENTS

# --- the world's parameters (see docs/demo-data.md) --------------------------------
_INDUSTRIES = ("Retail", "Manufacturing", "Professional services", "Technology",
               "Hospitality", "Construction", "Health", "Finance")
_INDUSTRY_P = (0.16, 0.14, 0.16, 0.14, 0.10, 0.10, 0.10, 0.10)
_SIZES = ("1-9", "10-49", "50-249", "250+")
_SIZE_P = (0.35, 0.30, 0.22, 0.13)
_REGIONS = ("North", "South", "East", "West", "Central")
_GROUPINGS = ("industry", "company_size", "region", "random")
_RESERVED_SHARE = 0.45

# new partners in the session (per true style: reserved, self-directed)
_NEW_BASE = np.array([2.0, 9.0])
_NEW_EFFECT = np.array([PLANTED_EFFECTS["new_contacts"]["reserved"],
                        PLANTED_EFFECTS["new_contacts"]["self-directed"]])
_NEW_SHIFT_FIRST_TIME = -1.0
_NEW_SHIFT_SIZE = np.array([-0.5, 0.0, 0.3, 0.5])
_NEW_SHIFT_INDUSTRY = np.array([0.0, -0.5, 0.5, 0.5, 0.0, -0.3, -0.3, 0.3])
_NEW_DISPERSION = 6.0          # gamma shape of individual sociability (negative binomial)
_RECEPTION_NEW = np.array([0.6, 1.2])  # new partners met at the reception by style, whatever the format
_FAMILIAR_P = 0.6              # chance that two people who know each other exchange at an event
_KNOWN_PER_PERSON = 3.0        # known ties drawn per person inside their circle
_CIRCLE_SIZE = 12

_FOLLOW_BASE = np.array([0.25, 0.40])
_FOLLOW_EFFECT = np.array([PLANTED_EFFECTS["followup_rate_7d"]["reserved"],
                           PLANTED_EFFECTS["followup_rate_7d"]["self-directed"]])
_MEETING_30D = 0.10            # chance a new pair meets (kind "meeting") within 30 days
_MEETING_LATE = 0.04           # ... or to one after 30 days (not counted)
_LATE_FOLLOW = 0.20            # chance of a first follow-up after day 7 when none came earlier
_FAMILIAR_FOLLOW = 0.15

_SAT_BASE = np.array([3.0, 3.5])
_SAT_EFFECT = np.array([PLANTED_EFFECTS["satisfaction"]["reserved"],
                        PLANTED_EFFECTS["satisfaction"]["self-directed"]])
_HELP_BASE = np.array([0.35, 0.55])
_HELP_EFFECT = np.array([PLANTED_EFFECTS["met_helpful"]["reserved"],
                         PLANTED_EFFECTS["met_helpful"]["self-directed"]])
_RETURN_BASE = np.array([0.65, 0.75])

_OFFSETS_MIN = (60, 120, -300, 0, 330, -180)   # event time zones (minutes east of UTC)
_FIRST_EVENT = np.datetime64("2025-02-04", "D")
_EVENT_SPACING_DAYS = 56
_CHANNEL_MIX = (
    (("app", 0.7), ("badge_scan", 0.3)),
    (("badge_scan", 0.8), ("card", 0.2)),
    (("proximity", 1.0),),
    (("app", 1.0),),
)
_DAY = 86_400


def make_demo_tables(
    *,
    n_attendees: int = 400,
    n_events: int = 4,
    assignment: str = "mixed",
    session_shock_sd: float = 0.15,
    whole_event_format: bool = False,
    attendees_per_session: int = 30,
    contacts_scale: float = 1.0,
    rows_per_contact: float = 1.6,
    scale_noise: float = 1.0,
    with_survey: bool = True,
    with_followups: bool = True,
    with_truth: bool = False,
    compact: bool = False,
    random_state: int | np.random.Generator | None = 0,
) -> dict[str, pd.DataFrame]:
    """Generate a synthetic season of networking events as contract tables.

    Parameters
    ----------
    n_attendees : int
        Attendee rows in total over all events (one row per attendee per event);
        people come back, so there are fewer distinct people.
    n_events : int
        Number of events, eight weeks apart, each in its own time zone.
    assignment : {"mixed", "randomized", "self_selected", "scheduled"}
        How attendees come to a format. ``mixed`` cycles randomised (stratified
        at the first event, by simple lot at the fourth), self-selected and
        scheduled (two time slots) over the events.
    session_shock_sd : float
        Standard deviation of the session-level random shock (mean 1 on contact
        counts, mean 0 on survey and follow-up outcomes); keep it at or below
        0.25 for the survey truth to stay exact.
    whole_event_format : bool
        Each event runs one format in one session (alternating structured,
        unstructured): the comparison can only be between events.
    attendees_per_session : int
        Typical session size; structured sessions are split into groups of about 6.
    contacts_scale : float
        Multiplies every contact rate (and so the count effects).
    rows_per_contact : float
        Mean rows per distinct pair in the contact log (repeated scans, both
        directions; at least 1).
    scale_noise : float
        Noise of the style items around the latent trait (larger: less reliable scale).
    with_survey, with_followups : bool
        Leave out the survey or the follow-ups (empty tables) to save time on
        very large worlds.
    with_truth : bool
        Add a ``_truth`` frame (one row per attendee and event: true style,
        propensity of the structured format, per-attendee true effects). It is
        not a contract table and :func:`write_demo_folder` never writes it into
        the folder.
    compact : bool
        For very large worlds held in memory: text columns with few distinct
        values (event, session, channel, interest, kind) become categoricals and
        contact and follow-up times UTC datetimes (the loader's shape), which
        takes about half the memory. The default is the raw file shape.
    random_state : int, Generator or None
        Seed; the same seed gives the same tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        The seven contract tables in raw file shape (text ids, format words,
        ``yes``/``no``, ISO 8601 text times with offsets), plus ``_truth`` when asked.

    Example
    -------
    >>> t = make_demo_tables(n_attendees=120, n_events=1, assignment="randomized", with_truth=True)
    >>> t["sessions"]["format"].isin(["structured", "unstructured"]).all()
    np.True_
    >>> sorted(t["_truth"]["true_style"].unique())
    ['reserved', 'self-directed']
    """
    _check_options(n_attendees, n_events, assignment, session_shock_sd, attendees_per_session,
                   contacts_scale, rows_per_contact, scale_noise)
    rng = np.random.default_rng(random_state)
    world = _World(rng, n_attendees=n_attendees, n_events=n_events, assignment=assignment,
                   shock_sd=session_shock_sd, whole_event=whole_event_format,
                   per_session=attendees_per_session, scale=contacts_scale,
                   rows_per_contact=rows_per_contact, scale_noise=scale_noise, compact=compact)
    world.build()
    tables = {
        "attendees": world.attendees_table(),
        "sessions": world.sessions_table(),
        "participation": world.participation_table(),
        "survey": world.survey_table() if with_survey else _empty("survey", list(STYLE_ITEMS)),
        "contacts": world.contacts_table(),
        "followups": world.followups_table() if with_followups else _empty("followups"),
        "known_ties": world.known_ties_table(),
    }
    if with_truth:
        tables["_truth"] = world.truth_table()
    return tables


def write_demo_folder(
    path: str | Path,
    *,
    file_format: str = "csv",
    overwrite: bool = False,
    truth_path: str | Path | None = None,
    **options,
) -> Path:
    """Write a synthetic event folder: one subfolder per event plus ``netout.toml``.

    Parameters
    ----------
    path : str or Path
        Folder to create. It must be empty or absent unless ``overwrite``.
    file_format : {"csv", "parquet"}
        File type of the tables.
    overwrite : bool
        Replace an earlier demo folder (removes its event subfolders and settings file).
    truth_path : str, Path or None
        Also write the per-attendee truth to this CSV file, which must be outside the folder.
    **options
        Passed to :func:`make_demo_tables` (``n_attendees``, ``n_events``,
        ``assignment``, ``random_state``, ...).

    Returns
    -------
    Path
        The folder written.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_demo_folder(Path(tmp) / "demo", n_attendees=100, n_events=2, random_state=1)
    ...     sorted(p.name for p in folder.iterdir()), sorted(p.name for p in (folder / "E01").iterdir())[:3]
    (['E01', 'E02', 'netout.toml'], ['attendees.csv', 'contacts.csv', 'followups.csv'])
    """
    if file_format not in ("csv", "parquet"):
        raise UsageError(f"file_format must be 'csv' or 'parquet', not {file_format!r}")
    folder = Path(path)
    if truth_path is not None and _is_inside(Path(truth_path), folder):
        raise UsageError(f"the truth file {truth_path} must be outside the demo folder {folder}, "
                         "or the toolkit would read it as data")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder; choose another path")
    if folder.is_dir() and any(folder.iterdir()):
        if not overwrite:
            raise UsageError(f"{folder} is not empty; choose a new folder or pass --overwrite")
        _remove_old_demo(folder)
    options.setdefault("with_truth", truth_path is not None)
    if options.get("compact"):
        raise UsageError("compact tables are for memory only; a folder is always written in the raw file shape")
    tables = make_demo_tables(**options)
    truth = tables.pop("_truth", None)
    folder.mkdir(parents=True, exist_ok=True)
    event_ids = tables["attendees"]["event_id"].drop_duplicates().tolist()
    for event_id in event_ids:
        sub = folder / event_id
        sub.mkdir(exist_ok=True)
        for name, frame in tables.items():
            part = frame[frame["event_id"] == event_id]
            if name == "survey":
                part = _numeric_where_possible(part, list(STYLE_ITEMS))
            target = sub / f"{name}.{file_format}"
            if file_format == "csv":
                part.to_csv(target, index=False)
            else:
                part.to_parquet(target, index=False)
    (folder / SETTINGS_FILE).write_text(demo_settings_text(), encoding="utf-8")
    if truth is not None and truth_path is not None:
        Path(truth_path).parent.mkdir(parents=True, exist_ok=True)
        truth.to_csv(truth_path, index=False)
    return folder


def demo_settings_text() -> str:
    """The ``netout.toml`` written into a demo folder (the style scale and its labels).

    Example
    -------
    >>> "[style_scale]" in demo_settings_text()
    True
    """
    items = ", ".join(f'"{i}"' for i in STYLE_ITEMS)
    rev = ", ".join(f'"{i}"' for i in STYLE_REVERSED)
    wording = "\n".join(f"#   {k}: {v}{'  (reversed)' if k in STYLE_REVERSED else ''}"
                        for k, v in STYLE_ITEMS.items())
    labels = "\n".join(f'"{label}" = {i + 1}' for i, label in enumerate(LIKERT_LABELS))
    return (
        "# Settings of a synthetic demo folder written by `netout demo` (see docs/demo-data.md).\n"
        "#\n# Networking-style scale (1 = strongly disagree ... 5 = strongly agree):\n"
        f"{wording}\n\n"
        "[style_scale]\n"
        f"items = [{items}]\n"
        f"reversed = [{rev}]\n"
        "min = 1\nmax = 5\n"
        'high = "self-directed"\n\n'
        "[likert]\n"
        f"{labels}\n"
    )


# ------------------------------------------------------------------------------------
# the world
# ------------------------------------------------------------------------------------
class _World:
    """All arrays of one generated season; rows are attendee-event rows, event-major."""

    def __init__(self, rng, *, n_attendees, n_events, assignment, shock_sd, whole_event,
                 per_session, scale, rows_per_contact, scale_noise, compact=False):
        self.rng = rng
        self.n = n_attendees
        self.n_events = n_events
        self.assignment = assignment
        self.shock_sd = shock_sd
        self.whole_event = whole_event
        self.per_session = per_session
        self.scale = scale
        self.rows_per_contact = rows_per_contact
        self.scale_noise = scale_noise
        self.compact = compact

    # -- build ----------------------------------------------------------------------
    def build(self) -> None:
        self._people()
        self._attendance()
        self._known_ties()
        self._formats_and_sessions()
        self._contacts()

    def _people(self) -> None:
        rng = self.rng
        per_event = self.n / self.n_events
        P = int(max(np.ceil(per_event), round(self.n * 0.6))) if self.n_events > 1 else self.n
        self.P = P
        self.circle = rng.integers(0, max(1, P // _CIRCLE_SIZE), P)
        n_circles = int(self.circle.max()) + 1
        circle_industry = rng.choice(len(_INDUSTRIES), n_circles, p=_INDUSTRY_P)
        own = rng.choice(len(_INDUSTRIES), P, p=_INDUSTRY_P)
        self.industry = np.where(rng.random(P) < 0.6, circle_industry[self.circle], own)
        self.size = rng.choice(len(_SIZES), P, p=_SIZE_P)
        self.region = rng.integers(0, len(_REGIONS), P)
        self.self_directed = (rng.random(P) >= _RESERVED_SHARE).astype(np.int8)
        # latent trait: the class sets its centre, people vary around it
        self.theta = np.where(self.self_directed == 1, 1.0, -1.0) + rng.normal(0, 0.5, P)
        self.prior_history = rng.random(P) < 0.5
        self.loyalty = rng.gamma(2.0, 0.5, P)
        said = np.where(rng.random(P) < 0.8, self.self_directed, 1 - self.self_directed)
        self.said_style = np.where(rng.random(P) < 0.2, -1, said)   # -1: left blank

    def _attendance(self) -> None:
        rng = self.rng
        sizes = np.full(self.n_events, self.n // self.n_events)
        sizes[: self.n % self.n_events] += 1
        gumbel_base = np.log(self.loyalty)
        persons, events = [], []
        for e, m in enumerate(sizes):
            keys = gumbel_base + rng.gumbel(size=self.P)
            chosen = np.sort(np.argpartition(-keys, m - 1)[:m]) if m < self.P else np.arange(self.P)
            persons.append(chosen)
            events.append(np.full(m, e, dtype=np.int32))
        self.person = np.concatenate(persons)
        self.event = np.concatenate(events)
        self.event_start = np.concatenate([[0], np.cumsum(sizes)])
        # first time: no history before the folder and not at an earlier event in it
        order = np.lexsort((self.event, self.person))
        first_seen = np.ones(len(order), dtype=bool)
        first_seen[order[1:]] = self.person[order[1:]] != self.person[order[:-1]]
        self.first_time = (first_seen & ~self.prior_history[self.person]).astype(np.int8)
        self.sd = self.self_directed[self.person]
        self.x_size = self.size[self.person]
        self.x_industry = self.industry[self.person]
        self.event_ids = [f"E{e + 1:02d}" for e in range(self.n_events)]
        self.offset_s = np.array([_OFFSETS_MIN[e % len(_OFFSETS_MIN)] * 60 for e in range(self.n_events)])
        day0 = (_FIRST_EVENT - np.datetime64("1970-01-01", "D")).astype(np.int64)
        self.event_day = day0 + _EVENT_SPACING_DAYS * np.arange(self.n_events)

    def _known_ties(self) -> None:
        """People who knew each other before the season: pairs inside small circles."""
        rng = self.rng
        order = np.argsort(self.circle, kind="stable")
        circ_sorted = self.circle[order]
        starts = np.searchsorted(circ_sorted, np.arange(circ_sorted.max() + 1))
        counts = np.bincount(circ_sorted, minlength=len(starts))
        # people who came before the season know more of the others
        k = rng.poisson(_KNOWN_PER_PERSON / 2 * np.where(self.prior_history, 1.5, 0.5))
        a = np.repeat(np.arange(self.P), k)
        c = self.circle[a]
        b = order[starts[c] + (rng.random(len(a)) * counts[c]).astype(np.int64)]
        keep = a != b
        self.static_known = _sorted_unique(_pair_key(a[keep], b[keep], self.P))

    def _local_time(self, e: int, hh: float) -> int:
        """UTC seconds of local clock time ``hh`` (hours) on the day of event ``e``."""
        return int(self.event_day[e] * _DAY + hh * 3600 - self.offset_s[e])

    def _formats_and_sessions(self) -> None:
        rng = self.rng
        n = len(self.person)
        self.in_session = rng.random(n) >= 0.06          # speakers, exhibitors: in no session
        if self.whole_event:
            self.in_session[:] = True
        structured = np.zeros(n, dtype=np.int8)
        propensity = np.full(n, np.nan)
        self.event_assignment = []
        sess_event, sess_format, sess_assign, sess_grouping, sess_start, sess_end = [], [], [], [], [], []
        self.session = np.full(n, -1, dtype=np.int64)
        self.reception = np.zeros((self.n_events, 2), dtype=np.int64)
        small = (self.x_size == 0).astype(float)
        techfin = np.isin(self.x_industry, [3, 7]).astype(float)
        for e in range(self.n_events):
            rows = np.arange(self.event_start[e], self.event_start[e + 1])
            rows = rows[self.in_session[rows]]
            mode = self._mode(e)
            self.event_assignment.append(mode)
            ft = self.first_time[rows]
            if self.whole_event:
                s = np.full(len(rows), 1 - e % 2, dtype=np.int8)
                p = s.astype(float)
            elif mode == "randomized" and (e // 3) % 2 == 0:
                strata = (self.said_style[self.person[rows]] + 1) * 2 + ft
                s = _stratified_halves(rng, strata)
                p = np.full(len(rows), 0.5)
            elif mode == "randomized":
                p = np.full(len(rows), 0.5)
                s = (rng.random(len(rows)) < p).astype(np.int8)
            elif mode == "self_selected":
                lin = 0.4 - 1.4 * self.sd[rows] + 0.9 * ft + 0.5 * small[rows] - 0.4 * techfin[rows]
                p = 1 / (1 + np.exp(-lin))
                s = (rng.random(len(rows)) < p).astype(np.int8)
            else:  # scheduled: the early slot is structured; who comes early depends on covariates
                lin = -0.1 + 0.7 * ft + 0.5 * small[rows]
                p = 1 / (1 + np.exp(-lin))
                s = (rng.random(len(rows)) < p).astype(np.int8)
            structured[rows] = s
            propensity[rows] = p
            # sessions inside each format
            for fmt in (1, 0):
                members = rows[s == fmt]
                if len(members) == 0:
                    continue
                k = 1 if self.whole_event else max(1, int(round(len(members) / self.per_session)))
                local = rng.permutation(len(members)) % k
                first = len(sess_event)
                self.session[members] = first + local
                if mode == "scheduled" and not self.whole_event:
                    window = (17.25, 18.25) if fmt == 1 else (18.5, 19.5)
                elif self.whole_event:
                    window = (18.0, 19.5)
                else:
                    window = (18.0, 19.25)
                for j in range(k):
                    sess_event.append(e)
                    sess_format.append(fmt)
                    sess_assign.append(mode)
                    sess_grouping.append(_GROUPINGS[(first + j) % len(_GROUPINGS)] if fmt == 1 else None)
                    sess_start.append(self._local_time(e, window[0]))
                    sess_end.append(self._local_time(e, window[1]))
            self.reception[e] = (self._local_time(e, 19.5), self._local_time(e, 21.5))
        self.structured = structured
        self.propensity = propensity
        self.sess_event = np.array(sess_event, dtype=np.int64)
        self.sess_format = np.array(sess_format, dtype=np.int8)
        self.sess_assign = sess_assign
        self.sess_grouping = sess_grouping
        self.sess_start = np.array(sess_start, dtype=np.int64)
        self.sess_end = np.array(sess_end, dtype=np.int64)
        n_sess = len(sess_event)
        self.sess_local = np.zeros(n_sess, dtype=np.int64)
        if n_sess:
            counts = np.bincount(self.sess_event, minlength=self.n_events)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            self.sess_local = np.arange(n_sess) - starts[self.sess_event]
        # one shock per session: lognormal (mean 1) on contacts, the same z shifts the rest
        z = rng.standard_normal(n_sess)
        sd = self.shock_sd
        self.sess_mult = np.exp(np.log1p(sd**2) ** 0.5 * z - np.log1p(sd**2) / 2) if sd > 0 else np.ones(n_sess)
        self.sess_z = z
        self._groups()

    def _mode(self, e: int) -> str:
        if self.whole_event:
            return "scheduled" if self.assignment == "mixed" else self.assignment
        if self.assignment != "mixed":
            return self.assignment
        return ("randomized", "self_selected", "scheduled")[e % 3]

    def _groups(self) -> None:
        """Small groups of about six inside structured sessions, by the session's criterion."""
        rng = self.rng
        n = len(self.person)
        self.group = np.full(n, -1, dtype=np.int64)
        rows = np.flatnonzero(self.session >= 0)
        rows = rows[self.sess_format[self.session[rows]] == 1]
        if len(rows) == 0:
            self.n_groups_total = 0
            self.group_local = np.zeros(0, dtype=np.int64)
            self.group_session = np.zeros(0, dtype=np.int64)
            return
        sess = self.session[rows]
        crit_index = np.array([_GROUPINGS.index(g) if g else 3 for g in self.sess_grouping])[sess]
        p = self.person[rows]
        crit_value = np.select(
            [crit_index == 0, crit_index == 1, crit_index == 2],
            [self.industry[p], self.size[p], self.region[p]], default=0)
        order = np.lexsort((rng.random(len(rows)), crit_value, sess))
        sess_o = sess[order]
        size = np.bincount(sess_o, minlength=len(self.sess_event))
        start = np.concatenate([[0], np.cumsum(size)[:-1]])
        rank = np.arange(len(rows)) - start[sess_o]
        n_groups = np.maximum(1, np.round(size / 6).astype(np.int64))
        local = rank * n_groups[sess_o] // np.maximum(size[sess_o], 1)
        offset = np.concatenate([[0], np.cumsum(n_groups)[:-1]])
        self.group[rows[order]] = offset[sess_o] + local
        self.n_groups_total = int(n_groups.sum())
        self.group_session = np.repeat(np.arange(len(n_groups)), n_groups)
        self.group_local = np.arange(self.n_groups_total) - offset[self.group_session]

    # -- expected outcomes (the truth) ----------------------------------------------
    def mean_new(self, structured: np.ndarray) -> np.ndarray:
        """Expected new partners in the session, before the session shock."""
        sd = self.sd
        mu = (_NEW_BASE[sd] + _NEW_EFFECT[sd] * structured + _NEW_SHIFT_FIRST_TIME * self.first_time
              + _NEW_SHIFT_SIZE[self.x_size] + _NEW_SHIFT_INDUSTRY[self.x_industry])
        return self.scale * mu

    def _shock(self, scale: float, bound: float) -> np.ndarray:
        """Per-row additive session shock (mean 0: symmetric and symmetrically bounded)."""
        z = np.zeros(len(self.person))
        has = self.session >= 0
        z[has] = self.sess_z[self.session[has]]
        b = min(2 * self.shock_sd * scale, bound)
        return np.clip(self.shock_sd * scale * z, -b, b)

    def follow_prob(self, structured) -> np.ndarray:
        sd = self.sd
        return (_FOLLOW_BASE[sd] + _FOLLOW_EFFECT[sd] * structured + 0.05 * self.first_time
                + 0.03 * (self.x_size == 0) - 0.03 * (self.x_industry == 1))

    def sat_mean(self, structured) -> np.ndarray:
        sd = self.sd
        return (_SAT_BASE[sd] + _SAT_EFFECT[sd] * structured - 0.15 * self.first_time
                + 0.1 * (self.x_size == 0) - 0.1 * (self.x_industry == 4))

    def help_prob(self, structured) -> np.ndarray:
        sd = self.sd
        return _HELP_BASE[sd] + _HELP_EFFECT[sd] * structured - 0.05 * self.first_time

    # -- contacts -------------------------------------------------------------------
    def _contacts(self) -> None:
        rng = self.rng
        P = self.P
        n = len(self.person)
        in_s = self.session >= 0
        sess_size = np.bincount(self.session[in_s], minlength=len(self.sess_event))
        # session targets: sociability (gamma, mean 1) x session shock x expected count
        mu = self.mean_new(self.structured.astype(float))
        lam = np.zeros(n)
        lam[in_s] = mu[in_s] * self.sess_mult[self.session[in_s]] * rng.gamma(
            _NEW_DISPERSION, 1 / _NEW_DISPERSION, int(in_s.sum()))
        target = rng.poisson(lam)
        target[~in_s] = 0
        # a session cannot give more partners than it has people: the excess is met at the reception
        room = np.zeros(n, dtype=np.int64)
        room[in_s] = sess_size[self.session[in_s]] - 1
        excess = np.maximum(target - room, 0)
        target -= excess
        reception_target = rng.poisson(self.scale * _RECEPTION_NEW[self.sd]) + excess
        person_row = np.full(P, -1, dtype=np.int64)
        known = self.static_known
        edges_a, edges_b, edges_kind, edges_sess = [], [], [], []
        self.known_static_rows = []
        n_sess = len(self.sess_event)
        for e in range(self.n_events):
            lo, hi = self.event_start[e], self.event_start[e + 1]
            rows = np.arange(lo, hi)
            person_row[self.person[rows]] = rows
            # familiar exchanges: known pairs both present, format-free chance
            ka, kb = known // P, known % P
            ra, rb = person_row[ka], person_row[kb]
            both = (ra >= 0) & (rb >= 0)
            fa, fb = ra[both], rb[both]
            meet = rng.random(len(fa)) < _FAMILIAR_P
            fa, fb = fa[meet], fb[meet]
            same = (self.session[fa] == self.session[fb]) & (self.session[fa] >= 0)
            # static known ties present at this event: the event's known_ties table
            sa, sb = self.static_known // P, self.static_known % P
            sra, srb = person_row[sa], person_row[sb]
            sboth = (sra >= 0) & (srb >= 0)
            self.known_static_rows.append((sra[sboth], srb[sboth]))
            # new partners inside sessions (configuration model; groups first in structured ones)
            owner = np.repeat(rows, target[rows])
            grp = self.group[owner]
            in_group = (grp >= 0) & (rng.random(len(owner)) < 0.5)
            pool_late = self.session[owner]
            pool_early = np.where(in_group, n_sess + grp, pool_late)
            sa_, sb_, left = _pair_stubs(rng, owner, self.person, pool_early, pool_late, [known], P,
                                         switch_round=3)
            # reception: everyone, across the event; stubs a session could not place meet here
            owner_r = np.concatenate([np.repeat(rows, reception_target[rows]), left])
            pool_r = np.zeros(len(owner_r), dtype=np.int64)
            session_keys = _sorted_unique(_pair_key(self.person[sa_], self.person[sb_], P))
            ra_, rb_, _ = _pair_stubs(rng, owner_r, self.person, pool_r, pool_r, [known, session_keys], P,
                                   switch_round=0)
            edges_a += [fa, sa_, ra_]
            edges_b += [fb, sb_, rb_]
            edges_kind += [np.full(len(fa), 2, np.int8), np.zeros(len(sa_), np.int8), np.ones(len(ra_), np.int8)]
            edges_sess += [np.where(same, self.session[fa], -1), self.session[sa_], np.full(len(ra_), -1)]
            new_keys = _pair_key(self.person[np.concatenate([sa_, ra_])],
                                 self.person[np.concatenate([sb_, rb_])], P)
            known = _sorted_unique(np.concatenate([known, new_keys]))
            person_row[self.person[rows]] = -1
        self.ea = np.concatenate(edges_a)
        self.eb = np.concatenate(edges_b)
        self.ekind = np.concatenate(edges_kind)
        self.esess = np.concatenate(edges_sess).astype(np.int64)
        self.eevent = self.event[self.ea]
        # first exchange time of each pair
        m = len(self.ea)
        start = np.where(self.esess >= 0, self.sess_start[np.maximum(self.esess, 0)],
                         self.reception[self.eevent, 0])
        end = np.where(self.esess >= 0, self.sess_end[np.maximum(self.esess, 0)],
                       self.reception[self.eevent, 1])
        self.et0 = start + (rng.random(m) * (end - start - 600)).astype(np.int64)

    # -- tables -----------------------------------------------------------------------
    def _ids(self) -> np.ndarray:
        width = max(5, len(str(self.P)))
        return np.char.add("M", np.char.zfill(np.arange(self.P).astype(str), width))

    def _event_text(self, event_idx: np.ndarray) -> pd.Series:
        return _take_text(np.array(self.event_ids), event_idx)

    def _session_names(self) -> np.ndarray:
        return np.array([f"{self.event_ids[e]}-S{j + 1:02d}" for e, j in zip(self.sess_event, self.sess_local)],
                        dtype=object) if len(self.sess_event) else np.array([], dtype=object)

    def attendees_table(self) -> pd.DataFrame:
        ids = self._ids()
        said = self.said_style[self.person]
        return pd.DataFrame({
            "event_id": self._event_text(self.event),
            "attendee_id": _take_text(ids, self.person),
            "industry": _take_text(np.array(_INDUSTRIES), self.x_industry),
            "company_size": _take_text(np.array(_SIZES), self.x_size),
            "first_time": _take_text(np.array(["no", "yes"]), self.first_time),
            "networking_style": _take_text(np.array(["reserved", "self-directed"]), said, mask=said < 0),
            "region": _take_text(np.array(_REGIONS), self.region[self.person]),
        })

    def sessions_table(self) -> pd.DataFrame:
        return pd.DataFrame({
            "event_id": self._event_text(self.sess_event),
            "session_id": pd.Series(self._session_names(), dtype="str"),
            "format": _take_text(np.array(["unstructured", "structured"]), self.sess_format),
            "assignment": pd.Series(self.sess_assign, dtype="str"),
            "grouping": pd.Series(self.sess_grouping, dtype="str"),
            "start": _iso_text(self.sess_start, self.sess_event, self.offset_s),
            "end": _iso_text(self.sess_end, self.sess_event, self.offset_s),
        })

    def participation_table(self) -> pd.DataFrame:
        rows = np.flatnonzero(self.session >= 0)
        names = self._session_names()
        grp = self.group[rows]
        group_names = np.array([f"G{j + 1}" for j in range(int(self.group_local.max()) + 1)]
                               if self.n_groups_total else ["G1"])
        session_text = _take_text(names.astype(str), self.session[rows])
        group_text = _take_text(group_names, np.where(grp >= 0, self.group_local[np.maximum(grp, 0)]
                                                      if self.n_groups_total else 0, 0), mask=grp < 0)
        group_id = (session_text + "-" + group_text).astype("str")
        return pd.DataFrame({
            "event_id": self._event_text(self.event[rows]),
            "session_id": session_text,
            "attendee_id": _take_text(self._ids(), self.person[rows]),
            "group_id": group_id,
        })

    def contacts_table(self) -> pd.DataFrame:
        rng = self.rng
        m = len(self.ea)
        reps = 1 + rng.poisson(max(self.rows_per_contact - 1.0, 0.0), m)
        edge = np.repeat(np.arange(m, dtype=np.int32 if m < 2**31 else np.int64), reps)
        del reps
        n_rows = len(edge)
        first = np.ones(n_rows, dtype=bool)
        first[1:] = edge[1:] != edge[:-1]
        # each row in either order; repeats a few minutes after the first exchange
        flip = rng.random(n_rows, dtype=np.float32) < 0.5
        pa_, pb_ = self.person[self.ea].astype(np.int32), self.person[self.eb].astype(np.int32)
        a = np.where(flip, pb_[edge], pa_[edge])
        b = np.where(flip, pa_[edge], pb_[edge])
        del flip, pa_, pb_
        ts = self.et0[edge]
        later = np.flatnonzero(~first)
        ts[later] += rng.integers(1, 600, len(later))
        del first, later
        ev = self.eevent[edge].astype(np.int16)
        sess = self.esess[edge]
        del edge
        # channel per event
        names = ["app", "badge_scan", "card", "proximity"]
        channel = np.zeros(n_rows, dtype=np.int8)
        u = rng.random(n_rows, dtype=np.float32)
        for e in range(self.n_events):
            mix = _CHANNEL_MIX[e % len(_CHANNEL_MIX)]
            sel = np.flatnonzero(ev == e)
            cum = np.cumsum([p for _, p in mix])
            pick = np.searchsorted(cum, u[sel], side="right").clip(0, len(mix) - 1)
            channel[sel] = np.array([names.index(c) for c, _ in mix], dtype=np.int8)[pick]
        proximity = channel == 3
        duration = pd.Series(pd.array(np.zeros(n_rows, dtype=np.int64), dtype="Int64"))
        if proximity.any():
            duration[proximity] = 20 * (1 + rng.geometric(0.25, int(proximity.sum())))
        duration[~proximity] = pd.NA
        del proximity
        asks_interest = (ev % 2 == 0) & (channel == 0)
        structured_row = (sess >= 0) & (self.sess_format[np.maximum(sess, 0)] == 1) if len(self.sess_format) \
            else np.zeros(n_rows, dtype=bool)
        interest = (u < np.where(structured_row, 0.4, 0.3)).astype(np.int8)
        del u, structured_row
        ids = self._ids()
        session_names = self._session_names().astype(str) if len(self.sess_event) else np.array(["-"])
        frame = pd.DataFrame({"event_id": self._text_column(np.array(self.event_ids), ev)})
        frame["attendee_id"] = _take_text(ids, a)
        del a
        frame["contact_id"] = _take_text(ids, b)
        del b
        frame["timestamp"] = _iso_text(ts, ev, self.offset_s, as_text=not self.compact)
        del ts
        frame["channel"] = self._text_column(np.array(names), channel)
        frame["session_id"] = self._text_column(session_names, np.maximum(sess, 0).astype(np.int32), mask=sess < 0)
        frame["duration_s"] = duration
        frame["interest"] = self._text_column(np.array(["no", "yes"]), interest, mask=~asks_interest)
        return frame

    def _text_column(self, vocab: np.ndarray, index: np.ndarray, *, mask=None) -> pd.Series:
        """A text column with few distinct values: plain text, or a categorical when compact."""
        if not self.compact:
            return _take_text(vocab, index, mask=mask)
        codes = np.asarray(index).astype(np.int32)
        if mask is not None:
            codes = np.where(mask, -1, codes)
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(np.asarray(vocab).astype(str))))

    def followups_table(self) -> pd.DataFrame:
        rng = self.rng
        # both directions of every exchange: the sender is the first row of the pair
        sender = np.concatenate([self.ea, self.eb])
        receiver = np.concatenate([self.eb, self.ea])
        kind_edge = np.concatenate([self.ekind, self.ekind])
        t0 = np.concatenate([self.et0, self.et0])
        new = kind_edge < 2
        p = self.follow_prob(self.structured.astype(float)) + self._shock(0.3, 0.05)
        early = new & (rng.random(len(sender)) < p[sender])
        u_late = rng.random(len(sender))
        late = new & ~early & (u_late < _LATE_FOLLOW)
        fam = ~new & (u_late < _FAMILIAR_FOLLOW)
        # a meeting is one per pair, logged by either of the two (the toolkit counts it for both)
        m_edges = len(self.ea)
        r_meet = rng.random(m_edges)
        logged_by_b = rng.random(m_edges) < 0.5
        u_meet = np.ones(2 * m_edges)
        u_meet[:m_edges] = np.where(logged_by_b, 1.0, r_meet)
        u_meet[m_edges:] = np.where(logged_by_b, r_meet, 1.0)
        meet = new & (u_meet < _MEETING_30D)
        meet_late = new & (u_meet >= _MEETING_30D) & (u_meet < _MEETING_30D + _MEETING_LATE)
        # delays: within 6.5 days (truncated exponential, mean about 1.5 days), or clearly later
        trunc, scale = 6.5 * _DAY - 1800, 1.5 * _DAY

        def early_delay(k):
            u = rng.random(k)
            return 1800 + (-scale * np.log1p(-u * (1 - np.exp(-trunc / scale)))).astype(np.int64)

        def between(lo_days, hi_days):
            return lambda k: rng.integers(int(lo_days * _DAY), int(hi_days * _DAY), k)

        def kinds_of(p):
            return lambda k: rng.choice(np.array([0, 1, 3], dtype=np.int8), k, p=p)

        meeting = lambda k: np.full(k, 2, dtype=np.int8)  # noqa: E731
        parts = [
            (early, early_delay, kinds_of([0.6, 0.15, 0.25])),
            (late, between(8, 40), kinds_of([0.7, 0.1, 0.2])),
            (fam, between(1 / 24, 20), kinds_of([0.7, 0.1, 0.2])),
            (meet, between(8, 28), meeting),
            (meet_late, between(32, 45), meeting),
        ]
        idx, delay, kind = [], [], []
        for sel, draw_delay, draw_kind in parts:
            where = np.flatnonzero(sel)
            idx.append(where)
            delay.append(draw_delay(len(where)))
            kind.append(draw_kind(len(where)))
        idx, delay, kind = np.concatenate(idx), np.concatenate(delay), np.concatenate(kind)
        order = np.lexsort((t0[idx] + delay, idx % len(self.ea)))
        idx, delay, kind = idx[order], delay[order], kind[order]
        ev = self.event[sender[idx]]
        ids = self._ids()
        return pd.DataFrame({
            "event_id": self._text_column(np.array(self.event_ids), ev),
            "attendee_id": _take_text(ids, self.person[sender[idx]]),
            "contact_id": _take_text(ids, self.person[receiver[idx]]),
            "timestamp": _iso_text(t0[idx] + delay, ev, self.offset_s, as_text=not self.compact),
            "kind": self._text_column(np.array(["email", "call", "meeting", "social"]), kind),
        })

    def known_ties_table(self) -> pd.DataFrame:
        a = np.concatenate([r[0] for r in self.known_static_rows])
        b = np.concatenate([r[1] for r in self.known_static_rows])
        flip = self.rng.random(len(a)) < 0.5
        a, b = np.where(flip, b, a), np.where(flip, a, b)
        ids = self._ids()
        return pd.DataFrame({
            "event_id": self._event_text(self.event[a]),
            "attendee_id": _take_text(ids, self.person[a]),
            "contact_id": _take_text(ids, self.person[b]),
        })

    def survey_table(self) -> pd.DataFrame:
        rng = self.rng
        n = len(self.person)
        reserved = 1 - self.sd
        lin = 1.1 - 0.8 * reserved - 0.6 * self.first_time
        responded = rng.random(n) < 1 / (1 + np.exp(-lin))
        self.responded = responded
        s = self.structured.astype(float)
        # satisfaction: mean mu exactly (symmetric step noise, then a random rounding)
        mu = self.sat_mean(s) + self._shock(1.0, 0.3)
        v = mu + rng.choice([-1.0, 0.0, 1.0], n, p=[0.25, 0.5, 0.25])
        sat = np.floor(v) + (rng.random(n) < v - np.floor(v))
        nps = 2 * sat - 1 + rng.choice([-1, 0, 1], n)
        helped = rng.random(n) < self.help_prob(s) + self._shock(0.3, 0.05)
        ret = rng.random(n) < _RETURN_BASE[self.sd] - 0.1 * self.first_time
        # style items: noisy measures of the latent trait, two reversed
        k = len(STYLE_ITEMS)
        theta = self.theta[self.person]
        raw = np.clip(np.rint(3 + 1.2 * theta[:, None] + rng.normal(0, self.scale_noise, (n, k))), 1, 5)
        rev = np.array([name in STYLE_REVERSED for name in STYLE_ITEMS])
        items = np.where(rev[None, :], 6 - raw, raw).astype(np.int64)
        skipped = (rng.random((n, k)) < 0.04) | (rng.random(n) < 0.05)[:, None]
        rows = np.flatnonzero(responded)
        labelled_event = (self.event[rows] % 2) == 1
        out = {
            "event_id": self._event_text(self.event[rows]),
            "attendee_id": _take_text(self._ids(), self.person[rows]),
            "satisfaction": _int_or_missing(sat[rows], rng.random(len(rows)) < 0.02),
            "met_helpful": _take_text(np.array(["no", "yes"]), helped[rows].astype(np.int8),
                                      mask=rng.random(len(rows)) < 0.02),
            "would_return": _take_text(np.array(["no", "yes"]), ret[rows].astype(np.int8),
                                       mask=rng.random(len(rows)) < 0.02),
            "nps": _int_or_missing(nps[rows], rng.random(len(rows)) < 0.03),
        }
        labels = np.array(LIKERT_LABELS + tuple(str(i) for i in range(1, 6)))
        for j, name in enumerate(STYLE_ITEMS):
            code = items[rows, j] - 1 + np.where(labelled_event, 0, 5)
            out[name] = _take_text(labels, code, mask=skipped[rows, j])
        return pd.DataFrame(out)

    def truth_table(self) -> pd.DataFrame:
        one, zero = np.ones(len(self.person)), np.zeros(len(self.person))
        eff_new = self.mean_new(one) - self.mean_new(zero)
        eff_follow = self.follow_prob(one) - self.follow_prob(zero)
        eff_sat = self.sat_mean(one) - self.sat_mean(zero)
        frame = pd.DataFrame({
            "event_id": self._event_text(self.event),
            "attendee_id": _take_text(self._ids(), self.person),
            "true_style": _take_text(np.array(["reserved", "self-directed"]), self.sd),
            "style_trait": self.theta[self.person],
            "in_session": self.in_session & (self.session >= 0),
            "structured": pd.Series(pd.array(self.structured, dtype="Int64")).where(self.session >= 0),
            "propensity": self.propensity,
            "expected_new_unstructured": self.mean_new(zero) + self.scale * _RECEPTION_NEW[self.sd],
            "effect_new_contacts": eff_new,
            "effect_contacts": eff_new,
            "effect_followup_rate_7d": eff_follow,
            "effect_meetings_30d": _MEETING_30D * eff_new,
            "effect_satisfaction": eff_sat,
            "effect_nps": 2 * eff_sat,
            "effect_met_helpful": self.help_prob(one) - self.help_prob(zero),
            "effect_would_return": zero,
        })
        return frame


# ------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------
def _check_options(n_attendees, n_events, assignment, shock_sd, per_session, scale, rows_per_contact,
                   scale_noise) -> None:
    if int(n_attendees) != n_attendees or n_attendees < 2:
        raise UsageError(f"n_attendees must be a whole number of at least 2, not {n_attendees!r}")
    if int(n_events) != n_events or n_events < 1:
        raise UsageError(f"n_events must be a whole number of at least 1, not {n_events!r}")
    if n_attendees < 2 * n_events:
        raise UsageError(f"n_attendees ({n_attendees}) must be at least twice n_events ({n_events})")
    if assignment not in DEMO_ASSIGNMENTS:
        raise UsageError(f"assignment must be one of {', '.join(DEMO_ASSIGNMENTS)}, not {assignment!r}")
    if not 0 <= shock_sd <= 1:
        raise UsageError(f"session_shock_sd must be between 0 and 1, not {shock_sd!r}")
    if per_session < 2:
        raise UsageError(f"attendees_per_session must be at least 2, not {per_session!r}")
    if not scale > 0:
        raise UsageError(f"contacts_scale must be positive, not {scale!r}")
    if rows_per_contact < 1:
        raise UsageError(f"rows_per_contact must be at least 1, not {rows_per_contact!r}")
    if scale_noise < 0:
        raise UsageError(f"scale_noise must not be negative, not {scale_noise!r}")


def _pair_key(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """One int64 per undirected pair of person numbers."""
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    return np.minimum(a, b) * n + np.maximum(a, b)


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort based: faster than ``np.unique`` on large int64 keys here)."""
    keys = np.sort(keys)
    if len(keys) == 0:
        return keys
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    return keys[keep]


def _member(keys: np.ndarray, sorted_sets: list[np.ndarray]) -> np.ndarray:
    """Whether each key is in any of the sorted sets (queries sorted first: cache friendly)."""
    order = np.argsort(keys)
    q = keys[order]
    hit_sorted = np.zeros(len(keys), dtype=bool)
    for s in sorted_sets:
        if len(s) == 0 or len(q) == 0:
            continue
        i = np.searchsorted(s, q).clip(0, len(s) - 1)
        hit_sorted |= s[i] == q
    hit = np.empty(len(keys), dtype=bool)
    hit[order] = hit_sorted
    return hit


def _propose(rng, owner, pool):
    """Shuffle stubs inside their pool and pair neighbours: (positions of first stubs, order)."""
    m = len(owner)
    key = (pool.astype(np.uint64) << np.uint64(32)) | rng.integers(0, 2**32, m, dtype=np.uint64)
    order = np.argsort(key)
    p = pool[order]
    new_run = np.ones(m, dtype=bool)
    new_run[1:] = p[1:] != p[:-1]
    run_start = np.flatnonzero(new_run)
    rank = np.arange(m) - np.repeat(run_start, np.diff(np.append(run_start, m)))
    lead = np.flatnonzero((rank % 2 == 0)[:-1] & ~new_run[1:])
    return lead, order


def _repeated(keys: np.ndarray) -> np.ndarray:
    """True for every element whose value occurs more than once."""
    out = np.zeros(len(keys), dtype=bool)
    if len(keys) < 2:
        return out
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    same = k[1:] == k[:-1]
    rep = np.zeros(len(keys), dtype=bool)
    rep[1:] |= same
    rep[:-1] |= same
    out[order] = rep
    return out


def _pair_stubs(rng, owner, person, pool_early, pool_late, forbidden, n_person, *, switch_round=0,
                max_rounds=40, max_swap_rounds=20):
    """Configuration model: pair stubs at random inside their pool, so each attendee gets their target.

    ``owner`` gives the attendee row of each stub. A proposed pair is rejected
    when both stubs belong to the same person, when the pair is in one of the
    sorted ``forbidden`` key sets (people who know each other, pairs met earlier
    in this event) or was already formed; rejected stubs go back into the pool
    for the next round. Until ``switch_round`` stubs pair inside ``pool_early``
    (small groups), then inside ``pool_late`` (the session). Stubs that still
    cannot pair (in a dense session the last ones often belong to people who
    already met) are placed by degree-preserving swaps: an existing pair (x, y)
    of the pool is broken and (u, x), (v, y) formed instead, so everybody keeps
    their count. What cannot be placed even so (an odd stub in a pool, a target
    larger than the session allows) is dropped; the loss is measured in the tests.
    """
    owner = np.asarray(owner, dtype=np.int64)
    pe = np.asarray(pool_early, dtype=np.int64)
    pl = np.asarray(pool_late, dtype=np.int64)
    sets = [np.asarray(f) for f in forbidden if len(f)]
    out_a, out_b, out_pool = [], [], []
    stalled = 0
    for r in range(max_rounds):
        m = len(owner)
        if m < 2:
            break
        lead, order = _propose(rng, owner, pe if r < switch_round else pl)
        a, b = owner[order[lead]], owner[order[lead + 1]]
        keys = _pair_key(person[a], person[b], n_person)
        bad = (person[a] == person[b]) | _member(keys, sets)
        ks = np.argsort(keys, kind="stable")
        dup = np.zeros(len(keys), dtype=bool)
        dup[ks[1:]] = keys[ks[1:]] == keys[ks[:-1]]
        good = ~(bad | dup)
        if good.any():
            out_a.append(a[good])
            out_b.append(b[good])
            out_pool.append(pl[order[lead[good]]])
            sets.append(np.sort(keys[good]))
            stalled = 0
        elif r >= switch_round:
            stalled += 1
            if stalled >= 3:
                break
        paired = np.zeros(m, dtype=bool)
        paired[lead[good]] = True
        paired[lead[good] + 1] = True
        keep = order[~paired]
        owner, pe, pl = owner[keep], pe[keep], pl[keep]
        if len(sets) > 12:  # keep membership tests cheap
            sets = sets[:len(forbidden)] + [np.sort(np.concatenate(sets[len(forbidden):]))]
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), owner
    ea, eb, ep = np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_pool)
    if len(owner) < 2:
        return ea, eb, owner
    # degree-preserving swaps for the stubs left over
    alive = np.ones(len(ea), dtype=bool)
    by_pool = np.argsort(ep, kind="stable")
    ep_sorted = ep[by_pool]
    swap_a, swap_b = [], []
    stalled = 0
    for _ in range(max_swap_rounds):
        if len(owner) < 2:
            break
        lead, order = _propose(rng, owner, pl)
        if len(lead) == 0:
            break
        u, v, q = owner[order[lead]], owner[order[lead + 1]], pl[order[lead]]
        lo = np.searchsorted(ep_sorted, q, side="left")
        cnt = np.searchsorted(ep_sorted, q, side="right") - lo
        ok = cnt > 0
        eid = by_pool[np.minimum(lo + (rng.random(len(q)) * cnt).astype(np.int64), len(by_pool) - 1)]
        flip = rng.random(len(q)) < 0.5
        x = np.where(flip, eb[eid], ea[eid])
        y = np.where(flip, ea[eid], eb[eid])
        k1 = _pair_key(person[u], person[x], n_person)
        k2 = _pair_key(person[v], person[y], n_person)
        ok &= alive[eid] & (person[u] != person[x]) & (person[v] != person[y]) & (k1 != k2)
        ok &= ~_member(k1, sets) & ~_member(k2, sets)
        cand = np.flatnonzero(ok)
        clash = _repeated(np.concatenate([k1[cand], k2[cand]]))
        clash = clash[: len(cand)] | clash[len(cand):] | _repeated(eid[cand])
        acc = cand[~clash]
        if len(acc) == 0:
            stalled += 1
            if stalled >= 6:
                break
            continue
        stalled = 0
        alive[eid[acc]] = False
        swap_a += [u[acc], v[acc]]
        swap_b += [x[acc], y[acc]]
        sets.append(np.sort(np.concatenate([k1[acc], k2[acc]])))
        used = np.zeros(len(owner), dtype=bool)
        used[lead[acc]] = True
        used[lead[acc] + 1] = True
        keep = order[~used]
        owner, pl = owner[keep], pl[keep]
        if len(sets) > 12:
            sets = sets[:len(forbidden)] + [np.sort(np.concatenate(sets[len(forbidden):]))]
    return np.concatenate([ea[alive]] + swap_a), np.concatenate([eb[alive]] + swap_b), owner


def _stratified_halves(rng, strata: np.ndarray) -> np.ndarray:
    """Randomise to two arms by lot inside each stratum, halves as equal as possible."""
    n = len(strata)
    order = np.lexsort((rng.random(n), strata))
    s = strata[order]
    new = np.ones(n, dtype=bool)
    new[1:] = s[1:] != s[:-1]
    starts = np.flatnonzero(new)
    rank = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
    coin = rng.integers(0, 2, len(starts))
    arm = np.empty(n, dtype=np.int8)
    arm[order] = (rank + np.repeat(coin, np.diff(np.append(starts, n)))) % 2
    return arm


def _string_series(arrow_array) -> pd.Series:
    return pd.Series(arrow_array, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _take_text(values, index, *, mask=None) -> pd.Series:
    """Text column from a small vocabulary and an index per row (missing where ``mask``)."""
    import pyarrow as pa

    vocab = pa.array(np.asarray(values).astype(str))
    index = np.asarray(index)
    if index.dtype.kind not in "iu":
        index = index.astype(np.int64)
    idx = pa.array(index, mask=None if mask is None else np.asarray(mask))
    return _string_series(vocab.take(idx))


def _iso_text(utc_seconds: np.ndarray, event_index: np.ndarray, event_offsets: np.ndarray,
              *, as_text: bool = True) -> pd.Series:
    """ISO 8601 local times with their event's UTC offset, e.g. ``2025-02-04T18:03:12+01:00``.

    Built from three small vocabularies (dates, clock times, offsets) joined by
    pyarrow: about ten times faster than ``strftime`` on tens of millions of rows.
    With ``as_text=False`` the same instants come back as UTC datetimes instead.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    utc_seconds = np.asarray(utc_seconds, dtype=np.int64)
    if not as_text:
        return pd.Series(pd.to_datetime(utc_seconds, unit="s", utc=True)).astype("datetime64[ns, UTC]")
    if len(utc_seconds) == 0:
        return pd.Series([], dtype="str")
    event_index = np.asarray(event_index)
    local = utc_seconds + np.asarray(event_offsets, dtype=np.int64)[event_index]
    day, sec = np.divmod(local, _DAY)
    del local
    first_day = int(day.min())
    day_idx = (day - first_day).astype(np.int32)
    del day
    day_text = np.datetime_as_string(np.arange(first_day, first_day + int(day_idx.max()) + 1).astype("datetime64[D]"))
    off_text = np.array([f"{'+' if o >= 0 else '-'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}"
                         for o in np.asarray(event_offsets, dtype=np.int64)])
    joined = pc.binary_join_element_wise(
        pa.array(day_text).take(pa.array(day_idx)),
        pa.array(_clock_texts()).take(pa.array(sec.astype(np.int32))),
        pa.array(off_text).take(pa.array(event_index.astype(np.int32))),
        "",
    )
    return _string_series(joined)


@functools.lru_cache(maxsize=1)
def _clock_texts() -> np.ndarray:
    """``T00:00:00`` ... ``T23:59:59``: one text per second of the day (built on first use)."""
    return np.array([f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)])


def _int_or_missing(values: np.ndarray, missing: np.ndarray) -> pd.Series:
    return pd.Series(pd.array(values.astype(np.int64), dtype="Int64")).where(~missing)


def _numeric_where_possible(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Write an event's Likert items as numbers when that event's export used numbers."""
    frame = frame.copy()
    for col in columns:
        numbers = pd.to_numeric(frame[col], errors="coerce")
        if numbers.notna().sum() == frame[col].notna().sum():
            frame[col] = numbers.astype("Int64")
    return frame


def _empty(table: str, extra: list[str] | None = None) -> pd.DataFrame:
    cols = list(TABLES[table].columns) + list(extra or [])
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in cols})


def _is_inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def _remove_old_demo(folder: Path) -> None:
    """Remove what an earlier ``netout demo`` wrote, and refuse to touch anything else."""
    table_files = {f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")}
    for child in folder.iterdir():
        if child.name == SETTINGS_FILE:
            continue
        if not (child.is_dir() and all(f.name in table_files for f in child.iterdir())):
            raise UsageError(f"{folder} holds {child.name}, which a demo folder does not; "
                             "choose a new folder (nothing was removed)")
    for child in folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()

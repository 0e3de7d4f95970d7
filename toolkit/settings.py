"""The optional ``netout.toml`` settings file of an event folder (and the import map of the same shape).

It holds a column map (an export's own column names to the canonical ones,
per table), unusual Likert labels, the networking-style scale, the event's
time zone and date order, and what the importers need to read an
organiser's exports (``[survey]``, ``[registrations]``, ``[scans]``,
``[codebook]``). An import map (``netout import ... --map MAP.toml``) is the
same file: whatever an import needs later is copied into the event folder's
``netout.toml``.

Example ``netout.toml``::

    time_zone = "Europe/London"    # times without an offset are local times there
    day_first = true               # 04/05/2025 is the 4th of May

    [columns.attendees]
    "Badge ID" = "attendee_id"
    "Sector" = "industry"

    [likert]
    "Totally disagree" = 1
    "Totally agree" = 5

    [style_scale]
    items = ["style_1", "style_2", "style_3", "style_4", "style_5"]
    reversed = ["style_2", "style_4"]
    min = 1
    max = 5
    high = "self-directed"   # what a high score means
    split = "midpoint"       # or "median" (data-driven)
    min_answered = 3         # fewer answered items -> style "unknown"
    asked = "registration"   # or "post-event survey"; default: registration where the items are
                             # attendee columns, else the post-event survey

    [values.kind]                  # the organiser's own words for codes and yes/no answers
    "Coffee chat" = "meeting"
    [values.met_helpful]
    "Maybe" = ""                   # left empty on purpose (not reported)

    [privacy]
    organisation = "acme-events"   # its own pseudonym key (docs/privacy.md)
    segments = ["City"]            # kept although it can identify people
    keep_plain_ids = false         # true: member codes stay as they are (emails, phones still hashed)

A season folder may hold a ``netout.toml`` at its top and one in each event
subfolder: the subfolder's file holds for that event and is laid over the
top-level one (:meth:`Settings.merged`): column maps and labels key by key,
the other entries (the style scale, the time zone) whole.

Unknown entries are named as warnings (``Settings.warnings``); a value of the
wrong kind, a folder in the file's place or a file nested too deeply is a
:class:`~toolkit.errors.NetoutError` naming the file and the entry.

>>> s = Settings.from_dict({"style_scale": {"items": ["a", "b"], "reversed": ["b"]}})
>>> s.style_scale.items, s.style_scale.reversed
(('a', 'b'), ('b',))
>>> top = Settings.from_dict({"time_zone": "Europe/Paris", "likert": {"Top": 5}})
>>> event = Settings.from_dict({"likert": {"Bof": 2}, "day_first": True})
>>> merged = top.merged(event)
>>> merged.time_zone, merged.day_first, sorted(merged.likert)
('Europe/Paris', True, ['bof', 'top'])
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import NetoutError

SETTINGS_FILE = "netout.toml"

#: Top-level entries a settings file (or an import map) may hold; others are named as warnings.
KNOWN_KEYS: tuple[str, ...] = ("columns", "likert", "style_scale", "time_zone", "day_first", "survey",
                               "registrations", "scans", "codebook", "privacy", "values")
#: Entries of each importer's section; others are named as warnings.
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "survey": ("event_id", "layout", "keep_unfinished", "sheet", "scale_points", "same_person"),
    "registrations": ("keep", "status", "sessions", "format", "session"),
    "scans": ("interest", "status", "session", "format", "channel", "same_person"),
    "codebook": ("check",),
}
#: Entries of the other fixed-key sections; others are named as warnings too.
_CHECKED_KEYS: dict[str, tuple[str, ...]] = {
    **SECTION_KEYS,
    "style_scale": ("items", "reversed", "min", "max", "high", "split", "min_answered", "asked"),
    "privacy": ("organisation", "segments", "keep_plain_ids"),
}
#: Largest settings file read: it is a few lines of TOML; anything bigger is not one.
MAX_SETTINGS_BYTES = 1024 * 1024
# Entries replaced whole by a later file rather than merged key by key.
_REPLACED_WHOLE = frozenset({"style_scale", "sessions", "interest"})
#: What a registration's status may be read as (``[registrations.status]`` maps an export's own words onto these).
REGISTRATION_STATES: tuple[str, ...] = ("checked_in", "registered", "refunded", "cancelled", "not_confirmed",
                                      "no_show")
#: Which registrations count as attendees: checked in only, every registered one, or decided by the export.
REGISTRATION_KEEP: tuple[str, ...] = ("auto", "checked_in", "registered")
#: The contract's contact channels a scan or meeting export may be written with (``[scans] channel``,
#: ``--channel``): scanned badges, meetings or connections made in an event app, exchanged cards.
#: ``proximity`` is left out: it means a sensor's symmetric log, which no scan export is.
SCAN_CHANNELS: tuple[str, ...] = ("badge_scan", "app", "card")
#: What ``[scans.status]`` may say of a meeting status word: the meeting happened, or it did not.
MEETING_STATES: tuple[str, ...] = ("happened", "not")
CODEBOOK_CHECKS: tuple[str, ...] = ("error", "warn")
#: The columns ``[values.COLUMN]`` may map an organiser's own words for, and what the words may mean
#: (codes of the contract; "" for a yes/no answer: left empty on purpose). tests/test_values.py checks
#: these against the contract's code and yes/no columns (and the survey import's ``followed_up_reported``).
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "format": ("structured", "unstructured"),
    "assignment": ("randomized", "self_selected", "scheduled"),
    "kind": ("email", "call", "meeting", "social"),
    **{column: ("yes", "no", "") for column in ("met_helpful", "would_return", "first_time", "interest",
                                                "followed_up_reported")},
}


@dataclass(frozen=True)
class StyleScale:
    """A survey scale that measures networking style; a high score means ``high``.

    Example
    -------
    >>> scale = StyleScale(items=("s1", "s2", "s3", "s4"), reversed=("s2", "s4"))
    >>> scale.midpoint, scale.required_answers
    (3.0, 3)
    """

    items: tuple[str, ...]
    reversed: tuple[str, ...] = ()
    min: float = 1
    max: float = 5
    high: str = "self-directed"
    split: str = "midpoint"
    min_answered: int | None = None
    #: When the scale was asked: ``"registration"`` (before the event: registration form or a pre-event
    #: survey) or ``"post-event survey"``; None: registration where the items are attendee columns, else
    #: the post-event survey (whose answers may be affected by the format, so its style is flagged).
    asked: str | None = None

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2

    @property
    def required_answers(self) -> int:
        """Items an attendee must answer to get a score (default: more than half)."""
        return self.min_answered if self.min_answered is not None else len(self.items) // 2 + 1


@dataclass(frozen=True)
class PrivacySettings:
    """The ``[privacy]`` section: whose key, which personal columns the organiser keeps as segments, id hashing.

    Example
    -------
    >>> PrivacySettings(segments=("city",)).keep_plain_ids
    False
    """

    organisation: str | None = None
    segments: tuple[str, ...] = ()
    keep_plain_ids: bool = False


@dataclass(frozen=True)
class SessionChoice:
    """One answer of the registration question that says which session (room, format) a person chose.

    Example
    -------
    >>> SessionChoice("Round tables", "tables", "structured").assignment
    'self_selected'
    """

    answer: str
    session_id: str
    format: str
    assignment: str = "self_selected"
    grouping: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Settings:
    """Parsed ``netout.toml``; every part optional.

    ``raw`` keeps the document as read, so that an import can copy it into an
    event folder and a subfolder's file can be laid over the top-level one;
    ``warnings`` names entries the toolkit does not know (a typo is never
    ignored silently).

    Example
    -------
    >>> Settings.from_dict({"columns": {"attendees": {"Badge ID": "attendee_id"}}}).columns
    {'attendees': {'badge id': 'attendee_id'}}
    >>> Settings.from_dict({"likret": {"Top": 5}}).warnings
    ("netout.toml: unknown entry 'likret' ignored; the entries are columns, likert, style_scale, time_zone, day_first, survey, registrations, scans, codebook, privacy, values",)
    >>> Settings.from_dict({"values": {"kind": {"Coffee chat": "meeting"}}}).values
    {'kind': {'coffee_chat': 'meeting'}}
    """

    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    likert: dict[str, float] = field(default_factory=dict)
    style_scale: StyleScale | None = None
    time_zone: str | None = None
    day_first: bool | None = None
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    #: ``[values.COLUMN]``: an organiser's own words for codes and yes/no answers, by :func:`value_key`.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    raw: dict = field(default_factory=dict, repr=False, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_dict(cls, raw: dict, *, source: str = SETTINGS_FILE) -> "Settings":
        """Build settings from a parsed TOML document, with clear errors."""
        if not isinstance(raw, dict):
            raise NetoutError(f"{source}: not a settings document")
        for part in ("columns", "likert", "style_scale", "privacy", "values", *SECTION_KEYS):
            if part in raw and not isinstance(raw[part], dict):
                raise NetoutError(f"{source}: [{part}] must be a table (a [{part}] section), not {raw[part]!r}")
        columns = _column_maps(raw.get("columns") or {}, source)
        likert = {}
        for k, v in (raw.get("likert") or {}).items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
                raise NetoutError(f"{source}: [likert] {k!r} = {v!r}: give the label a number, e.g. \"{k}\" = 5")
            likert[str(k).strip().lower()] = float(v)
        scale = _style_scale(raw["style_scale"], source) if "style_scale" in raw else None
        time_zone = raw.get("time_zone")
        if time_zone is not None:
            time_zone = check_time_zone(time_zone, source)
        day_first = raw.get("day_first")
        if day_first is not None and not isinstance(day_first, bool):
            raise NetoutError(f"{source}: day_first must be true or false, not {day_first!r}")
        for section in SECTION_KEYS:  # read them now, so that a fault shows when the file is read
            section_settings(raw, section, source=source)
        privacy = _privacy(raw.get("privacy") or {}, source)
        values = _values(raw.get("values") or {}, source)
        return cls(columns, likert, scale, time_zone, day_first, privacy, values, dict(raw),
                   tuple(_unknown_keys(raw, source)))

    @classmethod
    def read(cls, folder: str | Path) -> "Settings":
        """Read ``netout.toml`` from a folder; defaults when there is none."""
        path = Path(folder) / SETTINGS_FILE
        if not path.exists() and not path.is_symlink():
            return cls()
        return cls.read_file(path)

    @classmethod
    def read_file(cls, path: str | Path) -> "Settings":
        """Read one settings file (a folder's ``netout.toml`` or an import map), with clear errors."""
        path = Path(path)
        if not path.is_file():
            raise NetoutError(f"{path}: is not a file; a settings file is a small text file in TOML")
        try:
            if path.stat().st_size > MAX_SETTINGS_BYTES:
                raise NetoutError(f"{path}: is {path.stat().st_size / 1024 ** 2:,.1f} MB, too big to be a settings "
                                  "file (at most 1 MB)")
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise NetoutError(f"{path}: not a valid TOML settings file ({exc})") from None
        except RecursionError:
            raise NetoutError(f"{path}: nested too deeply to be a settings file") from None
        except OSError as exc:
            raise NetoutError(f"{path}: cannot be read ({exc.strerror or type(exc).__name__})") from None
        return cls.from_dict(raw, source=str(path))

    def merged(self, over: "Settings") -> "Settings":
        """These settings with ``over`` laid on top: an event subfolder's file over the top-level one.

        Column maps and Likert labels merge key by key (the later file wins a
        key both name); the style scale, the time zone, the date order and the
        importers' session and interest maps are taken whole from ``over``
        where it has them.

        Example
        -------
        >>> top = Settings.from_dict({"columns": {"survey": {"Q1": "satisfaction"}},
        ...                           "style_scale": {"items": ["a", "b"]}})
        >>> event = Settings.from_dict({"columns": {"survey": {"Q2": "nps"}}, "style_scale": {"items": ["c"]}})
        >>> both = top.merged(event)
        >>> both.columns["survey"], both.style_scale.items
        ({'q1': 'satisfaction', 'q2': 'nps'}, ('c',))
        """
        if not over.raw:
            return self
        if not self.raw:
            return over
        return Settings.from_dict(merge_documents(self.raw, over.raw))

    def section(self, name: str) -> dict:
        """An importer's section (``survey``, ``registrations``, ``scans``, ``codebook``) as checked values.

        Example
        -------
        >>> Settings.from_dict({"registrations": {"keep": "registered"}}).section("registrations")["keep"]
        'registered'
        """
        return section_settings(self.raw, name)


def merge_documents(base: dict, over: dict) -> dict:
    """Two parsed settings documents as one: tables merged key by key, other values from ``over``.

    Example
    -------
    >>> merge_documents({"likert": {"a": 1}, "time_zone": "UTC"}, {"likert": {"b": 2}, "time_zone": "Europe/Rome"})
    {'likert': {'a': 1, 'b': 2}, 'time_zone': 'Europe/Rome'}
    """
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key not in _REPLACED_WHOLE:
            out[key] = merge_documents(out[key], value)
        else:
            out[key] = value
    return out


def check_time_zone(name: object, source: str = SETTINGS_FILE) -> str:
    """An IANA time-zone name (``Europe/London``) checked against the system's zone database.

    Example
    -------
    >>> check_time_zone("Europe/Berlin")
    'Europe/Berlin'
    >>> check_time_zone("CEST")
    Traceback (most recent call last):
    ...
    toolkit.exceptions.NetoutError: netout.toml: time_zone 'CEST' is not a time-zone name; write one such as "Europe/Berlin" or "America/New_York"
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = str(name).strip()
    try:
        if "/" not in text and text.upper() not in ("UTC", "GMT"):
            raise ZoneInfoNotFoundError(text)  # abbreviations such as CET or EST are not places
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise NetoutError(f"{source}: time_zone {text!r} is not a time-zone name; write one such as "
                          '"Europe/Berlin" or "America/New_York"') from None
    return text


def section_settings(raw: dict, name: str, *, source: str = SETTINGS_FILE) -> dict:
    """One importer's section of a settings document, with defaults and its values checked.

    Example
    -------
    >>> section_settings({}, "codebook")
    {'check': 'error'}
    >>> section_settings({"scans": {"interest": {"Hot": "yes", "Cold": "no"}}}, "scans")["interest"]
    {'hot': 'yes', 'cold': 'no'}
    """
    part = raw.get(name) or {}
    if not isinstance(part, dict):
        raise NetoutError(f"{source}: [{name}] must be a table (a [{name}] section), not {part!r}")
    if name == "survey":
        keep = part.get("keep_unfinished", False)
        if not isinstance(keep, bool):
            raise NetoutError(f"{source}: [survey] keep_unfinished must be true or false, not {keep!r}")
        points = part.get("scale_points", "auto")
        if points not in ("auto", 4, 5) or isinstance(points, bool):
            raise NetoutError(f"{source}: [survey] scale_points must be 4, 5 or \"auto\" (the labels' scale, "
                              f"from the answers), not {points!r}")
        return {"event_id": part.get("event_id"), "layout": part.get("layout", "auto"), "keep_unfinished": keep,
                "sheet": part.get("sheet"), "scale_points": points,
                "same_person": _same_person(part.get("same_person"), source, "survey")}
    if name == "codebook":
        check = part.get("check", "error")
        if check not in CODEBOOK_CHECKS:
            raise NetoutError(f"{source}: [codebook] check must be 'error' or 'warn', not {check!r}")
        return {"check": check}
    if name == "scans":
        return _scan_settings(part, source)
    return _registration_settings(part, source)


def _scan_settings(part: dict, source: str) -> dict:
    interest = part.get("interest") or {}
    if not isinstance(interest, dict):
        raise NetoutError(f"{source}: [scans.interest] must map ratings to yes or no, e.g. Hot = \"yes\"")
    mapped = {}
    for rating, answer in interest.items():
        word = str(answer).strip().lower()
        if word not in ("yes", "no", ""):
            raise NetoutError(f"{source}: [scans.interest] {rating!r} = {answer!r}: write \"yes\", \"no\" or \"\" "
                              "(not known)")
        mapped[str(rating).strip().lower()] = word
    fmt = _event_format(part, "scans", source)
    # "format" None: the map does not say; a folder of scans alone is then one unstructured session
    return {"interest": mapped, "status": _meeting_states(part.get("status"), source),
            "session": _session_id(part, "scans", source), "format": fmt,
            "channel": _scan_channel(part.get("channel"), source),
            "same_person": _same_person(part.get("same_person"), source)}


def _same_person(part, source: str, section: str = "scans") -> dict:
    """``[scans.same_person]`` (``[survey.same_person]``): an email or badge number as a scan (survey) export has
    it -> the one registered.

    The entries are personal data (the organiser's own, in their map): a message never quotes them.
    """
    if part is None:
        return {}
    if not isinstance(part, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                                             for k, v in part.items()):
        export, given = ("scan export", "scanned") if section == "scans" else ("survey export", "answered")
        raise NetoutError(f"{source}: [{section}.same_person] must map an email or badge number as the {export} "
                          f"writes it to the registered one, both as text in quotes: \"as {given}\" = \"as "
                          "registered\"")
    return {k.strip(): v.strip() for k, v in part.items()}


def _meeting_states(part, source: str) -> dict:
    """``[scans.status]``: an event app's own status words, each mapped to ``happened`` or ``not``."""
    if part is None:
        return {}
    if not isinstance(part, dict):
        raise NetoutError(f"{source}: [scans.status] must map an app's meeting status words to \"happened\" or "
                          "\"not\", e.g. \"Walked in\" = \"happened\"")
    states = {}
    for word, state in part.items():
        said = str(state).strip().lower()
        if said not in MEETING_STATES:
            raise NetoutError(f"{source}: [scans.status] {word!r} = {state!r}: write \"happened\" (the meeting took "
                              "place: a contact) or \"not\" (it did not: set aside)")
        states[str(word)] = said
    return states


def _scan_channel(value, source: str) -> str | None:
    """``[scans] channel``: the channel the contacts are written with, or None where the map does not say."""
    if value is None:
        return None
    channel = str(value).strip().lower()
    if channel not in SCAN_CHANNELS:
        raise NetoutError(f"{source}: [scans] channel {value!r} is not a channel of a scan or meeting export; use one "
                          f"of: {', '.join(SCAN_CHANNELS)}")
    return channel


def _event_format(part: dict, name: str, source: str) -> str | None:
    """``[NAME] format``: the one format the whole event ran, or None where the section does not say."""
    fmt = part.get("format")
    if fmt is not None and fmt not in ("structured", "unstructured"):
        raise NetoutError(f"{source}: [{name}] format must be 'structured' or 'unstructured', not {fmt!r}")
    return fmt


def _session_id(part: dict, name: str, source: str) -> str:
    """``[NAME] session``: the id of the one session of an event that ran one format (default ``all``)."""
    session = str(part.get("session", "all")).strip()
    if not session:
        raise NetoutError(f"{source}: [{name}] session must be a session id, e.g. \"all\"")
    return session


def _registration_settings(part: dict, source: str) -> dict:
    keep = part.get("keep", "auto")
    if keep not in REGISTRATION_KEEP:
        raise NetoutError(f"{source}: [registrations] keep must be one of {', '.join(REGISTRATION_KEEP)}, "
                          f"not {keep!r}")
    status = {}
    for word, state in (part.get("status") or {}).items():
        state = str(state).strip().lower().replace(" ", "_").replace("-", "_")
        if state not in REGISTRATION_STATES:
            raise NetoutError(f"{source}: [registrations.status] {word!r} = {state!r}: use one of "
                              f"{', '.join(REGISTRATION_STATES)}")
        status[" ".join(str(word).split()).casefold()] = state
    return {"keep": keep, "status": status, "sessions": _session_choices(part.get("sessions"), source),
            "format": _event_format(part, "registrations", source),
            "session": _session_id(part, "registrations", source)}


def _session_choices(part, source: str) -> dict:
    """``[registrations.sessions]``: the question, and per answer the session it means."""
    if part is None:
        return {"question": None, "choices": ()}
    if not isinstance(part, dict) or not isinstance(part.get("question"), str) or \
            not isinstance(part.get("answers"), dict) or not part["answers"]:
        raise NetoutError(f"{source}: [registrations.sessions] needs question = \"the registration question\" and "
                          "an [registrations.sessions.answers] table, e.g. \"Round tables\" = \"structured\"")
    assignment = part.get("assignment", "self_selected")
    if assignment not in ("randomized", "self_selected", "scheduled"):
        raise NetoutError(f"{source}: [registrations.sessions] assignment must be randomized, self_selected or "
                          f"scheduled, not {assignment!r}")
    choices = []
    for answer, meaning in part["answers"].items():
        if isinstance(meaning, str):
            meaning = {"format": meaning}
        if not isinstance(meaning, dict) or meaning.get("format") not in ("structured", "unstructured"):
            raise NetoutError(f"{source}: [registrations.sessions.answers] {answer!r}: give its format, "
                              "\"structured\" or \"unstructured\" (or a table with format and session_id)")
        session_id = str(meaning.get("session_id") or _slug(answer))
        choices.append(SessionChoice(str(answer), session_id, meaning["format"],
                                     str(meaning.get("assignment", assignment)), meaning.get("grouping"),
                                     _text_or_none(meaning.get("start")), _text_or_none(meaning.get("end"))))
    return {"question": part["question"], "choices": tuple(choices)}


def _text_or_none(value) -> str | None:
    return None if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^0-9a-z]+", "-", str(text).casefold()).strip("-")[:40] or "session"


def _style_scale(s, source: str) -> StyleScale:
    if not isinstance(s.get("items", ()), (list, tuple)) or not isinstance(s.get("reversed", ()), (list, tuple)):
        raise NetoutError(f"{source}: [style_scale] needs items = [...] (and reversed = [...]) as lists "
                          "of survey column names")
    for bound in ("min", "max"):
        if bound in s and (isinstance(s[bound], bool) or not isinstance(s[bound], (int, float))):
            raise NetoutError(f"{source}: [style_scale] {bound} must be a number, not {s[bound]!r}")
    items = tuple(str(i).strip().lower() for i in s.get("items", ()))
    if not items:
        raise NetoutError(f"{source}: [style_scale] needs a non-empty 'items' list")
    rev = tuple(str(i).strip().lower() for i in s.get("reversed", ()))
    unknown = sorted(set(rev) - set(items))
    if unknown:
        raise NetoutError(f"{source}: [style_scale] reversed items {unknown} are not in 'items'")
    split = s.get("split", "midpoint")
    if split not in ("midpoint", "median"):
        raise NetoutError(f"{source}: [style_scale] split must be 'midpoint' or 'median', not {split!r}")
    high = s.get("high", "self-directed")
    if high not in ("self-directed", "reserved"):
        raise NetoutError(f"{source}: [style_scale] high must be 'self-directed' or 'reserved', not {high!r}")
    if not all(isinstance(i, str) for i in (*s.get("items", ()), *s.get("reversed", ()))):
        raise NetoutError(f"{source}: [style_scale] items and reversed must be lists of column names "
                          "(text in quotes)")
    answered = s.get("min_answered")
    if answered is not None and (isinstance(answered, bool) or not isinstance(answered, int)
                                 or not 1 <= answered <= len(items)):
        raise NetoutError(f"{source}: [style_scale] min_answered must be a whole number from 1 to "
                          f"{len(items)}, not {answered!r}")
    if float(s.get("min", 1)) >= float(s.get("max", 5)):
        raise NetoutError(f"{source}: [style_scale] min must be below max")
    return StyleScale(items, rev, float(s.get("min", 1)), float(s.get("max", 5)), high, split, answered,
                      _asked(s.get("asked"), source))


def _asked(given: object, source: str) -> str | None:
    """``[style_scale] asked``: when the scale was asked, in the words an organiser may use."""
    if given is None:
        return None
    words = str(given).strip().lower().replace("_", " ").replace("-", " ")
    asked = {"registration": "registration", "pre event": "registration", "before": "registration",
             "pre event survey": "registration", "post event survey": "post-event survey",
             "post event": "post-event survey", "survey": "post-event survey",
             "after": "post-event survey"}.get(words)
    if asked is None:
        raise NetoutError(f"{source}: [style_scale] asked must be 'registration' (before the event) or "
                          f"'post-event survey', not {given!r}")
    return asked


def _column_maps(raw: object, source: str) -> dict[str, dict[str, str]]:
    """``[columns.TABLE]`` sections: every value a column name in quotes."""
    if not isinstance(raw, dict):
        raise NetoutError(f"{source}: [columns] must be a table of [columns.TABLE] sections, not {raw!r}")
    columns = {}
    for table, mapping in raw.items():
        if not isinstance(mapping, dict):
            raise NetoutError(f"{source}: [columns.{table}] must be a table of \"export column\" = \"name\" lines, "
                              f"not {mapping!r}")
        for key, value in mapping.items():
            if not isinstance(value, str) or not value.strip():
                raise NetoutError(f"{source}: [columns.{table}] {key!r} = {value!r}: give the toolkit's column name "
                                  "in quotes, e.g. \"Badge ID\" = \"attendee_id\"")
        columns[str(table).strip().lower()] = {str(k).strip().lower(): str(v).strip().lower()
                                               for k, v in mapping.items()}
    return columns


def _privacy(raw: dict, source: str) -> PrivacySettings:
    organisation = raw.get("organisation")
    if organisation is not None and (not isinstance(organisation, str) or not organisation.strip()):
        raise NetoutError(f"{source}: [privacy] organisation must be a name in quotes, not {organisation!r}")
    segments = raw.get("segments", [])
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
        raise NetoutError(f"{source}: [privacy] segments must be a list of column names, e.g. segments = [\"City\"]")
    plain = raw.get("keep_plain_ids", False)
    if not isinstance(plain, bool):
        raise NetoutError(f"{source}: [privacy] keep_plain_ids must be true or false, not {plain!r}")
    return PrivacySettings(organisation.strip() if organisation else None,
                           tuple(s.strip() for s in segments if s.strip()), plain)


def value_key(text: object) -> str:
    """A word as ``[values]`` and the code reader compare it: lower case, punctuation and spaces as one ``_``.

    Example
    -------
    >>> value_key("  E-mail! "), value_key("LinkedIn message"), value_key("self_selected")
    ('e_mail', 'linkedin_message', 'self_selected')
    """
    return re.sub(r"[\W_]+", "_", str(text).casefold()).strip("_")


def _values(part: dict, source: str) -> dict[str, dict[str, str]]:
    """``[values.COLUMN]`` tables: each word checked against what the column may hold."""
    out = {}
    for column, words in part.items():
        allowed = VALUE_FIELDS.get(str(column).strip().lower())
        if allowed is None:
            raise NetoutError(f"{source}: [values.{column}]: no such column to map words for; [values] takes "
                              f"{', '.join(VALUE_FIELDS)}")
        if not isinstance(words, dict):
            raise NetoutError(f"{source}: [values.{column}] must be a table of words, e.g. "
                              f"[values.{column}] then \"My word\" = \"{allowed[0]}\"")
        mapped = {}
        for word, meaning in words.items():
            target = str(meaning).strip().lower().replace(" ", "_").replace("-", "_")
            if isinstance(meaning, bool) or target not in allowed:
                shown = ", ".join(repr(a) if a else '"" (leave empty)' for a in allowed)
                raise NetoutError(f"{source}: [values.{column}] {word!r} = {meaning!r}: use one of {shown}")
            if value_key(word):
                mapped[value_key(word)] = target
        out[str(column).strip().lower()] = mapped
    return out


def _unknown_keys(raw: dict, source: str) -> list[str]:
    found = [f"{source}: unknown entry {key!r} ignored; the entries are {', '.join(KNOWN_KEYS)}"
             for key in raw if key not in KNOWN_KEYS]
    for section, keys in _CHECKED_KEYS.items():
        part = raw.get(section)
        if isinstance(part, dict):
            found += [f"{source}: unknown entry {key!r} in [{section}] ignored; it takes {', '.join(keys)}"
                      for key in part if key not in keys]
    return found


def combined_style_scale(scales: dict[str, StyleScale | None]) -> StyleScale | None:
    """One scale for a folder whose events declare their own: the union of their items.

    Events may name different items (a question renamed, an item added); an
    attendee's score uses the items of their own event, since the others are
    not in their survey. The events must agree on what they share: an item
    reversed in one event and not in another, or another answer range, cannot
    be scored as one scale (a :class:`~toolkit.errors.NetoutError` says which).
    Where events need different numbers of answers, the smallest applies.

    Example
    -------
    >>> a = StyleScale(("s1", "s2", "s3"), ("s2",))
    >>> b = StyleScale(("s1", "s2", "s4", "s5"), ("s2",))
    >>> both = combined_style_scale({"E1": a, "E2": b, "E3": None})
    >>> both.items, both.reversed, both.required_answers
    (('s1', 's2', 's3', 's4', 's5'), ('s2',), 2)
    """
    declared = {event: scale for event, scale in scales.items() if scale is not None}
    distinct = list(dict.fromkeys(declared.values()))
    if len(distinct) <= 1:
        return distinct[0] if distinct else None
    first_event, first = next(iter(declared.items()))
    for event, scale in declared.items():
        for what in ("min", "max", "high", "split"):
            if getattr(scale, what) != getattr(first, what):
                raise NetoutError(f"the style scales of events {first_event!r} and {event!r} differ in {what} "
                                  f"({getattr(first, what)!r} and {getattr(scale, what)!r}); one folder scores one "
                                  "scale: put the events in separate folders or make the scales agree")
    items = tuple(dict.fromkeys(i for scale in declared.values() for i in scale.items))
    reversed_in = {i for scale in declared.values() for i in scale.reversed}
    for event, scale in declared.items():
        clash = sorted(i for i in scale.items if i in reversed_in and i not in scale.reversed)
        if clash:
            raise NetoutError(f"style item(s) {', '.join(clash)} are reversed in one event's [style_scale] and not in "
                              f"event {event!r}'s; give the item another name in one of them")
    required = min(scale.required_answers for scale in declared.values())
    asked = {scale.asked for scale in declared.values()}
    # one event that asked after the sessions makes the whole scale suspect of being moved by the format
    when = "post-event survey" if "post-event survey" in asked else (asked.pop() if len(asked) == 1 else None)
    return StyleScale(items, tuple(i for i in items if i in reversed_in), first.min, first.max, first.high,
                      first.split, required, when)

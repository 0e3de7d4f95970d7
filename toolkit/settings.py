"""The optional ``netout.toml`` settings file of an event folder.

It holds a column map (an export's own column names to the canonical ones,
per table), unusual Likert labels, and the networking-style scale.

Example ``netout.toml``::

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

>>> s = Settings.from_dict({"style_scale": {"items": ["a", "b"], "reversed": ["b"]}})
>>> s.style_scale.items, s.style_scale.reversed
(('a', 'b'), ('b',))
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import NetoutError

SETTINGS_FILE = "netout.toml"


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
class Settings:
    """Parsed ``netout.toml``; every part optional.

    Example
    -------
    >>> Settings.from_dict({"columns": {"attendees": {"Badge ID": "attendee_id"}}}).columns
    {'attendees': {'badge id': 'attendee_id'}}
    """

    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    likert: dict[str, float] = field(default_factory=dict)
    style_scale: StyleScale | None = None

    @classmethod
    def from_dict(cls, raw: dict, *, source: str = SETTINGS_FILE) -> "Settings":
        """Build settings from a parsed TOML document, with clear errors."""
        for part in ("columns", "likert", "style_scale"):
            if part in raw and not isinstance(raw[part], dict):
                raise NetoutError(f"{source}: [{part}] must be a table (a [{part}] section), not {raw[part]!r}")
        columns = {str(t).strip().lower(): {str(k).strip().lower(): str(v).strip().lower() for k, v in m.items()}
                   for t, m in (raw.get("columns") or {}).items() if isinstance(m, dict)}
        likert = {}
        for k, v in (raw.get("likert") or {}).items():
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise NetoutError(f"{source}: [likert] {k!r} = {v!r}: give the label a number, e.g. \"{k}\" = 5")
            likert[str(k).strip().lower()] = float(v)
        scale = None
        if "style_scale" in raw:
            s = raw["style_scale"]
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
            asked = s.get("asked")
            if asked is not None:
                asked = str(asked).strip().lower().replace("_", " ").replace("-", " ")
                asked = {"registration": "registration", "pre event": "registration", "before": "registration",
                         "pre event survey": "registration", "post event survey": "post-event survey",
                         "post event": "post-event survey", "survey": "post-event survey",
                         "after": "post-event survey"}.get(asked)
                if asked is None:
                    raise NetoutError(f"{source}: [style_scale] asked must be 'registration' (before the event) or "
                                      f"'post-event survey', not {s.get('asked')!r}")
            scale = StyleScale(items, rev, float(s.get("min", 1)), float(s.get("max", 5)), high, split,
                               s.get("min_answered"), asked)
        return cls(columns, likert, scale)

    @classmethod
    def read(cls, folder: str | Path) -> "Settings":
        """Read ``netout.toml`` from a folder; defaults when there is none."""
        path = Path(folder) / SETTINGS_FILE
        if not path.exists():
            return cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise NetoutError(f"{path}: not a valid TOML settings file ({exc})") from exc
        return cls.from_dict(raw, source=str(path))

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

    [privacy]
    organisation = "acme-events"   # its own pseudonym key (docs/privacy.md)
    segments = ["City"]            # kept although it can identify people
    keep_plain_ids = false         # true: member codes stay as they are (emails, phones still hashed)

Unknown entries are named as warnings (``Settings.warnings``); a value of the
wrong kind, a folder in the file's place or a file nested too deeply is a
:class:`~toolkit.errors.NetoutError` naming the file and the entry.

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
#: Largest settings file read: it is a few lines of TOML; anything bigger is not one.
MAX_SETTINGS_BYTES = 1024 * 1024

#: Top-level entries a settings file may hold; others are named as warnings.
KNOWN_KEYS: tuple[str, ...] = ("columns", "likert", "style_scale", "privacy")
#: Entries of the sections whose keys are fixed; others are named as warnings.
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "style_scale": ("items", "reversed", "min", "max", "high", "split", "min_answered"),
    "privacy": ("organisation", "segments", "keep_plain_ids"),
}


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
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_dict(cls, raw: dict, *, source: str = SETTINGS_FILE) -> "Settings":
        """Build settings from a parsed TOML document, with clear errors."""
        for part in ("columns", "likert", "style_scale"):
            if part in raw and not isinstance(raw[part], dict):
                raise NetoutError(f"{source}: [{part}] must be a table (a [{part}] section), not {raw[part]!r}")
        if not isinstance(raw, dict):
            raise NetoutError(f"{source}: not a settings document")
        for part in ("privacy",):
            if part in raw and not isinstance(raw[part], dict):
                raise NetoutError(f"{source}: [{part}] must be a table (a [{part}] section), not {raw[part]!r}")
        columns = _column_maps(raw.get("columns") or {}, source)
        likert = {}
        for k, v in (raw.get("likert") or {}).items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
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
            scale = StyleScale(items, rev, float(s.get("min", 1)), float(s.get("max", 5)), high, split, answered)
        privacy = _privacy(raw.get("privacy") or {}, source)
        return cls(columns, likert, scale, privacy, tuple(_unknown_keys(raw, source)))

    @classmethod
    def read(cls, folder: str | Path) -> "Settings":
        """Read ``netout.toml`` from a folder; defaults when there is none."""
        path = Path(folder) / SETTINGS_FILE
        if not path.exists() and not path.is_symlink():
            return cls()
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


def _unknown_keys(raw: dict, source: str) -> list[str]:
    found = [f"{source}: unknown entry {key!r} ignored; the entries are {', '.join(KNOWN_KEYS)}"
             for key in raw if key not in KNOWN_KEYS]
    for section, keys in SECTION_KEYS.items():
        part = raw.get(section)
        if isinstance(part, dict):
            found += [f"{source}: unknown entry {key!r} in [{section}] ignored; it takes {', '.join(keys)}"
                      for key in part if key not in keys]
    return found

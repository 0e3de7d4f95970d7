"""Costly results kept on disk, keyed by what they were computed from: a second run reads them back.

Reading and checking a folder and working out the outcome table cost seconds
(the demo folder: about 2 s of CPU; 10k attendees: 4-6 s), and drawing a chart
starts a browser. ``netout report``, ``netout validate``, ``netout outcomes``
and the dashboard keep these results here, so that a second run on the same
folder, or a fresh dashboard server on a folder read before, skips the work.
Nothing is kept unless a caller asks (library functions never write here by
themselves; the commands do unless given ``--no-cache``).

What a key is made of, so that a stale result is never read back:

- a folder's results: the names and bytes of every file in the folder (its
  ``netout.toml`` included: time zone, date order, column maps, organisation),
  the toolkit's version and the sizes and times of its source files, Python's
  version and the installed files (sizes and times) of the libraries that
  compute and store the results, the read limits
  set in the environment (``NETOUT_MAX_...``: a lower one refuses a file), and a
  digest of the pseudonymisation key (another key, or another ``NETOUT_ORG``,
  gives other pseudonyms); :func:`folder_result` adds the folder's own path and
  the caller's options;
- a chart: the figure's full JSON, its size and scale, and the plotly and
  kaleido versions; or, where the report knows it (:func:`chart_source_key`),
  what the figure is drawn from (its inputs and the toolkit's stamp) instead
  of its JSON, so that a chart drawn before is read back without building the
  figure.

Where: ``$NETOUT_CACHE``, else ``$NETOUT_DASHBOARD_CACHE`` (the older name),
else ``~/.cache/netout``; the folder is made readable by its owner only (mode
0700) and every file is written with mode 0600. The folder results hold
pseudonymised tables (no names, emails or phone numbers: the loader removes
them), and ``netout validate``'s what it prints (the report quotes ids as
pseudonyms and redacts emails and phone numbers); charts hold group totals only. A file that cannot be read back is
computed again. The folder holds about ``NETOUT_CACHE_TOTAL_MB`` (2048) MB at most: beyond it the
results used longest ago are removed when a new one is kept (results of an older toolkit, key or folder are
never read again; only the cache's own files are removed, :func:`make_room`). Delete the folder to empty the cache.

Example
-------
>>> import os, tempfile
>>> from toolkit import cache
>>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
>>> calls = []
>>> cache.kept("example", "some-key", lambda: calls.append(1) or 42)
42
>>> cache.kept("example", "some-key", lambda: calls.append(1) or 42), len(calls)  # read back, not computed
(42, 1)
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import threading
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable

CACHE_ENV = "NETOUT_CACHE"
#: the dashboard's name for the same folder, still honoured
LEGACY_CACHE_ENV = "NETOUT_DASHBOARD_CACHE"
_CONTENT_KEYS: dict[tuple, str] = {}
_KEYS_LOCK = threading.Lock()


def cache_dir() -> Path:
    """The cache folder (``$NETOUT_CACHE``, else ``$NETOUT_DASHBOARD_CACHE``, else ``~/.cache/netout``), mode 0700.

    Example
    -------
    >>> import os, tempfile
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> oct(cache_dir().stat().st_mode & 0o777)
    '0o700'
    """
    folder = Path(os.environ.get(CACHE_ENV) or os.environ.get(LEGACY_CACHE_ENV)
                  or Path.home() / ".cache" / "netout")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


@functools.lru_cache(maxsize=1)
def toolkit_stamp() -> str:
    """The toolkit's version and its source files' sizes and times: a changed toolkit never reads an old result.

    Example
    -------
    >>> len(toolkit_stamp())
    16
    """
    import toolkit

    package = Path(toolkit.__file__).parent
    digest = hashlib.sha256(str(getattr(toolkit, "__version__", "")).encode())
    digest.update(_library_versions().encode())
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


#: Libraries whose version can change a kept result (its values, or the pickled form of its tables).
_LIBRARIES = ("pandas", "numpy", "pyarrow", "duckdb", "openpyxl")


def _library_versions() -> str:
    """Python's version and, for each library, its package's ``__init__.py`` and folder (sizes and times), unimported.

    An upgrade or reinstall writes the package's files and its installation
    folder anew, so their times change. Found with ``importlib.util.find_spec``
    (well under a millisecond), not from the packages' metadata (importing
    ``importlib.metadata`` alone took 0.1 s of a result read back).
    """
    import importlib.util
    import sys

    stamp = [sys.version.split()[0]]
    for package in _LIBRARIES:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            stamp.append(f"{package}=none")
            continue
        init = Path(spec.origin)
        here, home = init.stat(), init.parent.parent.stat()
        stamp.append(f"{package}={init}:{here.st_size}:{here.st_mtime_ns}:{home.st_mtime_ns}")
    return ":".join(stamp)


def _read_settings_of_environment() -> tuple:
    """The ``NETOUT_MAX_...`` read limits set in the environment: a lower limit refuses a file read before."""
    return tuple(sorted((name, value) for name, value in os.environ.items() if name.startswith("NETOUT_MAX_")))


def folder_fingerprint(folder: str | Path) -> tuple:
    """Names, sizes and modification times of the folder's files (cheap: no file is read).

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> sorted(name for name, size, mtime in folder_fingerprint(example_folder()))[:1]
    ['E01/attendees.csv']
    """
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
                        for p in _files_under(folder)))


def _files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, through linked subfolders too (the loader reads them; each real folder once)."""
    seen, files = set(), []
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:  # a link back up the tree: read once, as the loader would
            dirs[:] = []
            continue
        seen.add(real)
        files.extend(p for p in (Path(root) / n for n in names) if p.is_file())
    return files


def key_digest() -> str:
    """A digest of the pseudonymisation key: results read with another key hold other pseudonyms.

    Part of every cache key, on disk and in the dashboard's memory, so that a result made with one key
    is never paired with one made with another (their attendee ids would not match).

    Example
    -------
    >>> len(key_digest())
    16
    """
    from toolkit.keys import load_secret  # not toolkit.privacy: that imports pandas, which a result read back needs not

    return hashlib.sha256(b"netout-cache\0" + load_secret()).hexdigest()[:16]


def content_key(folder: str | Path, fingerprint: tuple | None = None) -> str:
    """A hash of the folder's files' names and bytes, the toolkit's stamp and the key's digest.

    ``fingerprint`` (from :func:`folder_fingerprint`) lets a caller that already
    has it skip listing the folder; the bytes are hashed once per process for
    each fingerprint.

    Example
    -------
    >>> from toolkit.datasets import example_folder
    >>> content_key(example_folder()) == content_key(example_folder())
    True
    """
    folder = str(folder)
    fingerprint = folder_fingerprint(folder) if fingerprint is None else fingerprint
    # the key and the limits are looked up on every call: either may change within a process
    secret, limits = key_digest(), _read_settings_of_environment()
    key = (folder, fingerprint, secret, limits)
    with _KEYS_LOCK:
        known = _CONTENT_KEYS.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256(f"{toolkit_stamp()}:{secret}:{limits!r}".encode())
    root = Path(folder)
    for name, *_ in fingerprint:
        digest.update(name.encode() + b"\0")
        with open(root / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()[:32]
    with _KEYS_LOCK:
        _CONTENT_KEYS[key] = value
    return value


def _write_private(path: Path, data: bytes) -> None:
    """Write bytes to a file only its owner can read (mode 0600), whatever the umask; atomically; then make room."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    partial.replace(path)
    _mark_used(path)
    _make_room_if_needed(path, len(data))


#: The most the cache folder holds, in MB (``NETOUT_CACHE_TOTAL_MB``): a result is a few MB at 10k attendees
#: (the outcome table 3 MB, a chart 50 kB), so this keeps hundreds of folders' results, while a dashboard
#: server or a weekly report run for years does not fill the disk with results no key will ask for again.
CACHE_TOTAL_MB = 2048

#: The names this module gives its files (``{kind}-{key}{suffix}``, keys of 32 hex digits, and a result
#: being written, ``....part``): only these are ever removed, whatever else the folder holds.
_RESULT_NAME = re.compile(r"^[a-z][a-z0-9_-]*-[0-9a-f]{32}\.[a-z]+(\.\d+\.\d+\.part)?$")

#: A ``.part`` older than this was left by a run that stopped while writing; younger, it may be being written.
_STALE_PART_SECONDS = 3600

#: Each cache folder's bytes as this process last listed them plus what it kept since, and when it listed them
_FOLDER_BYTES: dict[str, tuple[int, float]] = {}
#: Seconds after which a process lists the folder again although its own total is under the limit: other
#: processes (a second dashboard server, a scheduled report) keep results in the same folder meanwhile
_RELIST_SECONDS = 60.0
_ROOM_LOCK = threading.Lock()


def _total_limit_bytes() -> float:
    """``NETOUT_CACHE_TOTAL_MB`` in bytes (a positive number), else :data:`CACHE_TOTAL_MB`."""
    try:
        limit = float(os.environ.get("NETOUT_CACHE_TOTAL_MB", CACHE_TOTAL_MB))
    except ValueError:
        limit = CACHE_TOTAL_MB
    return (limit if limit > 0 else CACHE_TOTAL_MB) * 1e6


def _make_room_if_needed(path: Path, size: int) -> None:
    """:func:`make_room` on a process's first write to a folder, when its running total passes the limit, and
    at least once a minute: listing a cache of thousands of files takes ~10 ms, and a report keeps a score of
    charts."""
    import time

    folder = str(path.parent)
    with _ROOM_LOCK:
        known, listed_at = _FOLDER_BYTES.get(folder, (None, 0.0))
        if known is not None:
            known += size
            _FOLDER_BYTES[folder] = (known, listed_at)
    if known is None or known > _total_limit_bytes() or time.monotonic() - listed_at > _RELIST_SECONDS:
        make_room(path.parent, keep=path)


def make_room(folder: Path, *, keep: Path | None = None) -> list[Path]:
    """Remove the results used longest ago until ``folder`` holds at most ``NETOUT_CACHE_TOTAL_MB``; those removed.

    "Used" is when a result was kept or last read back (either stamps the
    file's time). Only the cache's own files are counted and removed (named
    ``{kind}-{key}{suffix}``; any other file in the folder stays, even where
    ``NETOUT_CACHE`` names a folder shared with other things); ``keep`` (the
    result just written) stays, and so does a ``.part`` file younger than an
    hour (another run may be writing it; an older one was left by a run that
    stopped, and goes first). A process calls this on its first write to the
    folder, when its own running total passes the limit and at least once a
    minute, so a folder written by several processes at once may be over its
    size for a while.

    Example
    -------
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> names = ["chart-" + "a" * 32 + ".png", "chart-" + "b" * 32 + ".png", "notes.txt"]
    >>> for age, name in enumerate(names):
    ...     size = (folder / name).write_bytes(b"x" * 600_000)
    ...     os.utime(folder / name, (1e9 - age, 1e9 - age))
    >>> before, os.environ["NETOUT_CACHE_TOTAL_MB"] = os.environ.get("NETOUT_CACHE_TOTAL_MB"), "1"
    >>> [path.name[:7] for path in make_room(folder)], len(list(folder.iterdir()))  # the older result goes
    (['chart-b'], 2)
    >>> _ = os.environ.pop("NETOUT_CACHE_TOTAL_MB") if before is None else os.environ.update(NETOUT_CACHE_TOTAL_MB=before)
    """
    import time

    limit, now = _total_limit_bytes(), time.time_ns()
    files = []
    with _ROOM_LOCK:  # two threads of one server removing at once would remove twice what is needed
        try:
            entries = list(os.scandir(folder))
        except OSError:  # a folder that cannot be listed: nothing is removed, the results still work
            return []
        for entry in entries:
            if not _RESULT_NAME.match(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # gone meanwhile (a .part renamed, a result another run removed)
                continue
            part = entry.name.endswith(".part")
            stale = part and now - info.st_mtime_ns > _STALE_PART_SECONDS * 1e9
            # stale parts first, then by time of use; the name breaks ties where a clock or file system is coarse
            files.append((not stale, info.st_mtime_ns, entry.name, info.st_size, entry.path, part and not stale))
        total = sum(item[3] for item in files)
        removed = []
        spared = str(keep) if keep is not None else None
        for _, _, _, size, path, busy in sorted(files):
            if total <= limit:
                break
            if path == spared or busy:
                continue
            try:
                os.unlink(path)
                removed.append(Path(path))
            except FileNotFoundError:  # another run removed it: it no longer counts either way
                pass
            except OSError:
                continue
            total -= size
        _FOLDER_BYTES[str(folder)] = (total, time.monotonic())
    return removed


def _mark_used(path: Path) -> None:
    """Stamp a result kept or read back with the time now, so that :func:`make_room` removes the ones used longest ago first."""
    import time

    now = time.time_ns()  # not os.utime(path): the file system's own clock ticks in milliseconds
    try:
        os.utime(path, ns=(now, now))
    except OSError:
        pass


def _portable(value: Any) -> Any:
    """A value fit for pickling: loaded event data with the tables its embedded engine held read into pandas."""
    import dataclasses

    if dataclasses.is_dataclass(value) and getattr(value, "bulk", None) is not None:
        return dataclasses.replace(value, bulk=None)  # replace() reads every table, which loads the engine's
    return value


def path_for(kind: str, key: str, suffix: str = ".pickle") -> Path:
    """Where the result ``kind`` with ``key`` is kept.

    Example
    -------
    >>> path_for("outcomes", "abc").name
    'outcomes-abc.pickle'
    """
    return cache_dir() / f"{kind}-{key}{suffix}"


def kept(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept on disk under ``kind`` and ``key`` (pickled): a later call reads it back.

    A file that cannot be read back (another Python, a broken file) is computed
    again; a value that cannot be pickled is returned without being kept.

    Example
    -------
    >>> import os, tempfile
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> kept("answer", "k1", lambda: {"a": 1})
    {'a': 1}
    """
    try:
        path = path_for(kind, key)
    except OSError:  # no cache folder can be made here (a file in its place, a read-only home): work without
        return compute()
    if path.exists():
        try:
            with open(path, "rb") as handle:
                value = pickle.load(handle)  # noqa: S301 - our own file, in a folder only this user can read
            _mark_used(path)
            return value
        except Exception:  # noqa: BLE001 - a cache that cannot be read is rebuilt
            path.unlink(missing_ok=True)
    value = compute()
    try:
        _write_private(path, pickle.dumps(_portable(value), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a result that cannot be kept is still returned
        pass
    return value


def kept_bytes(kind: str, key: str, compute: Callable[[], bytes], suffix: str = ".bin") -> bytes:
    """Like :func:`kept` for bytes (a drawn chart): stored as they are, no pickle.

    Example
    -------
    >>> import os, tempfile
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> kept_bytes("chart", "k1", lambda: b"PNG"), kept_bytes("chart", "k1", lambda: b"other")
    (b'PNG', b'PNG')
    """
    try:
        path = path_for(kind, key, suffix)
    except OSError:  # no cache folder can be made here: work without
        return compute()
    try:
        data = path.read_bytes()
        if data:
            _mark_used(path)
            return data
    except OSError:
        pass
    data = compute()
    try:
        _write_private(path, data)
    except OSError:
        pass
    return data


def is_kept(kind: str, key: str, suffix: str = ".pickle") -> bool:
    """Whether a result is on disk (without reading it).

    Example
    -------
    >>> import os, tempfile
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> is_kept("outcomes", "nothing-yet")
    False
    """
    try:
        return path_for(kind, key, suffix).exists()
    except OSError:
        return False


def event_data(folder: str | Path, *, fingerprint: tuple | None = None):
    """:func:`toolkit.load_event_data` of a folder, kept on disk under the folder's content.

    Example
    -------
    >>> import os, tempfile
    >>> from toolkit.datasets import example_folder
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> sorted(event_data(example_folder()).attendees["event_id"].unique())
    ['E01', 'E02']
    """
    from toolkit.io.load import load_event_data

    return kept("data", content_key(folder, fingerprint), lambda: load_event_data(folder))


def folder_result(kind: str, folder: str | Path, compute: Callable[[], Any], *, options: Any = ()) -> Any:
    """``compute()`` of a folder, kept on disk under its content (:func:`content_key`), its path and ``options``.

    For results that name the folder (a validation report says "FOLDER holds no
    tables", with the path as the caller gave it: the key holds it as given and
    as resolved) or depend on a command's options: ``options`` is any value of
    plain data (text, numbers, lists, mappings with text keys), written as JSON.
    Where the folder's files cannot be read to make the key, or the cache
    folder cannot be made, ``compute()`` runs without the cache.

    Example
    -------
    >>> import os, tempfile
    >>> from toolkit.datasets import example_folder
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> calls = []
    >>> folder_result("count", example_folder(), lambda: calls.append(1) or 7, options={"a": 1})
    7
    >>> folder_result("count", example_folder(), lambda: calls.append(1) or 7, options={"a": 1}), len(calls)
    (7, 1)
    >>> folder_result("count", example_folder(), lambda: calls.append(1) or 7, options={"a": 2}), len(calls)
    (7, 2)
    """
    import json

    try:
        content = content_key(folder)
    except OSError:  # a file that cannot be read: the computation says what is wrong with it
        return compute()
    # the path as given and as resolved: a message names the folder as the caller wrote it ("data holds no tables")
    where = [str(folder), str(Path(folder).resolve())]
    what = json.dumps([kind, content, where, options], separators=(",", ":"), sort_keys=True)
    return kept(kind, hashlib.sha256(what.encode()).hexdigest()[:32], compute)


def outcome_table(folder: str | Path, *, fingerprint: tuple | None = None, data: Any = None,
                  load: Callable[[], Any] | None = None):
    """:func:`toolkit.compute_outcomes` of a folder, kept on disk under the folder's content.

    ``data`` (the folder's loaded data) is used when the table must be computed;
    else ``load()`` gives it (the loaded data is then not kept: ``netout
    outcomes``); by default it comes from :func:`event_data`.

    Example
    -------
    >>> import os, tempfile
    >>> from toolkit.datasets import example_folder
    >>> os.environ["NETOUT_CACHE"] = tempfile.mkdtemp()
    >>> int(outcome_table(example_folder())["event_id"].nunique())
    2
    """
    from toolkit.outcomes import compute_outcomes

    def compute():
        if data is not None:
            return compute_outcomes(data)
        return compute_outcomes(load() if load is not None else event_data(folder, fingerprint=fingerprint))

    return kept("outcomes", content_key(folder, fingerprint), compute)


def chart_key(figure: Any, *, fmt: str, width: int, height: int, scale: float) -> str:
    """The key of a drawn chart: the figure's JSON, its size and scale, and the plotly and kaleido versions.

    Example
    -------
    >>> import plotly.graph_objects as go
    >>> a = chart_key(go.Figure(go.Bar(y=[1])), fmt="png", width=100, height=80, scale=1.0)
    >>> a == chart_key(go.Figure(go.Bar(y=[2])), fmt="png", width=100, height=80, scale=1.0)
    False
    """
    from importlib import metadata

    import plotly

    try:
        kaleido_version = metadata.version("kaleido")
    except metadata.PackageNotFoundError:
        kaleido_version = "none"
    digest = hashlib.sha256(f"{plotly.__version__}:{kaleido_version}:{fmt}:{width}:{height}:{scale}\0".encode())
    digest.update(figure.to_json().encode())
    return digest.hexdigest()[:32]


def _canonical(value: Any) -> Any:
    """A value as plain JSON data that is the same in every process (frames by columns, dtypes and cells)."""
    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return {"frame": [str(c) for c in value.columns], "dtypes": [str(t) for t in value.dtypes],
                "index": _canonical(value.index.tolist()), "cells": _canonical(value.to_numpy(dtype=object).tolist())}
    if isinstance(value, pd.Series):
        return _canonical(value.to_frame())
    if isinstance(value, Mapping):
        return {"map": [[_canonical(k), _canonical(v)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(repr(_canonical(v)) for v in value)}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_canonical(v) for v in (value.tolist() if isinstance(value, np.ndarray) else value)]
    if isinstance(value, np.generic):
        return _canonical(value.item())
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)  # exact, and NaN and infinities too
    return f"{type(value).__name__}:{value!r}"  # pd.NA, timestamps and the like, by their exact text


def source_key(name: str, *inputs: Any) -> str:
    """A digest of what a result is made from: a name, the inputs and the toolkit's stamp.

    The toolkit's stamp stands for the code that turns the inputs into the
    result: changed code never reads an old result. The inputs (frames, lists,
    mappings, numbers, text) are written out canonically, so equal inputs give
    the same key in every process (a pickle would not: it depends on which
    cells share one object in memory).

    Example
    -------
    >>> import pandas as pd
    >>> a = source_key("effects", pd.DataFrame({"effect": [1.0], "notes": [["a"]]}), "new_contacts")
    >>> a == source_key("effects", pd.DataFrame({"effect": [1.0], "notes": [["a"]]}), "new_contacts")
    True
    >>> a == source_key("effects", pd.DataFrame({"effect": [2.0], "notes": [["a"]]}), "new_contacts")
    False
    """
    import json

    what = json.dumps([name, toolkit_stamp(), _canonical(list(inputs))], separators=(",", ":"))
    return hashlib.sha256(what.encode()).hexdigest()[:32]


def _image_versions() -> str:
    """The plotly and kaleido versions (read from the installed packages' metadata, without importing them)."""
    from importlib import metadata

    versions = []
    for package in ("plotly", "kaleido"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("none")
    return ":".join(versions)


def chart_source_key(source: str, *, fmt: str, width: int, height: int, scale: float) -> str:
    """The key of a chart drawn from ``source`` (:func:`source_key`): with its size, scale and the drawing versions.

    Unlike :func:`chart_key` it needs no figure, so a chart kept on disk is
    found without building the figure or importing plotly.

    Example
    -------
    >>> a = chart_source_key("abc", fmt="png", width=760, height=420, scale=2.0)
    >>> a == chart_source_key("abc", fmt="png", width=760, height=420, scale=1.0)
    False
    """
    what = f"source:{_image_versions()}:{fmt}:{width}:{height}:{scale}:{source}"
    return hashlib.sha256(what.encode()).hexdigest()[:32]

"""What makes the dashboard safe to host: where it listens, its password, its data root, private uploads, logs.

The rules, in one place for the app and for ``netout dashboard`` (which loads
this file by its path to refuse an unsafe start before Streamlit starts, so
nothing here imports Streamlit at module level):

- **Where it listens**: 127.0.0.1 unless told otherwise. Listening on any
  other address (another interface, every interface) needs a password.
- **Password**: ``NETOUT_DASHBOARD_PASSWORD``, else ``dashboard_password`` in
  Streamlit's secrets files (``~/.streamlit/secrets.toml``,
  ``./.streamlit/secrets.toml``). With one set, nothing of a page is shown
  before it is entered; it is compared in constant time.
- **Data root**: folders open only inside it (and the demo data, and this
  session's uploads); one refusal for "not there" and "not allowed", so that
  paths cannot be probed.
- **Uploads**: in a private folder per session (mode 0700, under a per-user,
  per-server folder of the system's temporary folder), removed when the
  session ends, when the server stops, or at the next start if the server died.
- **A bad upload** is read first in a child process with a memory and time
  cap: a file built to exhaust memory ends that child, never the server.
- **Logs**: failures go to the server log with their detail, through
  :func:`toolkit.privacy.redact_text`; people see a plain sentence and a reference.
"""

from __future__ import annotations

import argparse
import atexit
import hmac
import ipaddress
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

PASSWORD_ENV = "NETOUT_DASHBOARD_PASSWORD"
PASSWORD_SECRET = "dashboard_password"
MIN_PASSWORD_LENGTH = 8
LOCAL_HOST = "127.0.0.1"
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104 - named to be refused without a password
UPLOAD_MEMORY_ENV = "NETOUT_DASHBOARD_UPLOAD_MEMORY_MB"
UPLOAD_SECONDS_ENV = "NETOUT_DASHBOARD_UPLOAD_SECONDS"
DEFAULT_UPLOAD_MEMORY_MB = 2048
DEFAULT_UPLOAD_SECONDS = 60
WORK_AHEAD_ENV = "NETOUT_DASHBOARD_WORK_AHEAD"
_WORK_AHEAD_WORDS = {"on": True, "yes": True, "true": True, "1": True, "off": False, "no": False, "false": False,
                     "0": False}
FOLDER_REFUSED = ("There is no folder by that name that this dashboard may open. Folders open only inside its "
                  "data folder: give a folder's name as it appears there (for example `E01`), or upload the files.")
LOG = logging.getLogger("netout.dashboard")


class HostingError(Exception):
    """A start that would not be safe (or a secrets file that cannot be read): the message says what to do."""


# ----------------------------------------------------------------------------- where it listens, the password
def is_local_address(address: str | None) -> bool:
    """True when ``address`` only accepts connections from this machine (loopback).

    ``None`` or an empty address is Streamlit's default, every interface: not local.

    >>> [is_local_address(a) for a in ("127.0.0.1", "localhost", "::1", "127.0.1.1", "0.0.0.0", "", None, "10.0.0.5")]
    [True, True, True, True, False, False, False, False]
    """
    if not address:
        return False
    host = address.strip().strip("[]").lower()
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name or a unix socket: it may be reachable from elsewhere
        return False


def default_secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit looks for secrets by default (later files override earlier ones)."""
    return [Path.home() / ".streamlit" / "secrets.toml", (cwd or Path.cwd()) / ".streamlit" / "secrets.toml"]


def configured_password(secrets_files: list | None = None, environ: dict | None = None) -> str | None:
    """The dashboard password: ``NETOUT_DASHBOARD_PASSWORD``, else ``dashboard_password`` in the secrets files.

    An empty value counts as none. A secrets file that exists but cannot be
    read as TOML raises :class:`HostingError` (Streamlit itself would fail on it later).

    >>> configured_password([], {"NETOUT_DASHBOARD_PASSWORD": "correct horse"})
    'correct horse'
    >>> configured_password([], {}) is None
    True
    """
    import tomllib

    environ = os.environ if environ is None else environ
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    password = None
    for file in default_secrets_files() if secrets_files is None else secrets_files:
        path = Path(file).expanduser()
        if not path.is_file():
            continue
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8")).get(PASSWORD_SECRET)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise HostingError(f"the secrets file {path} cannot be read ({type(exc).__name__}): fix it or remove it") from None
        if value is not None:
            password = str(value)
    return password or None


def hosting_problem(address: str | None, password: str | None) -> str | None:
    """Why the dashboard must not start (None when it may): no or a too short password while reachable from elsewhere.

    >>> hosting_problem("127.0.0.1", None) is None, hosting_problem("0.0.0.0", "a long passphrase") is None
    (True, True)
    >>> hosting_problem("0.0.0.0", None).startswith("the dashboard would listen")
    True
    """
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        return (f"the dashboard password is shorter than {MIN_PASSWORD_LENGTH} characters: choose a longer one "
                f"({PASSWORD_ENV} or {PASSWORD_SECRET} in .streamlit/secrets.toml)")
    if is_local_address(address) or password:
        return None
    where = "on every network interface" if (address or "").strip() in WILDCARD_HOSTS else f"on {address}"
    return (f"the dashboard would listen {where}, where other machines can reach it, without a password. "
            f"Set one first (the environment variable {PASSWORD_ENV}, or {PASSWORD_SECRET} = \"...\" in "
            f".streamlit/secrets.toml), or leave --host out to keep it on this machine ({LOCAL_HOST}).")


def password_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the entered password with the configured one.

    >>> password_matches("open sesame", "open sesame"), password_matches("open", "open sesame"), password_matches(None, "x")
    (True, False, False)
    """
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# ----------------------------------------------------------------------------- the command line of the app, the data root
@dataclass(frozen=True)
class AppArguments:
    """What ``streamlit run dashboards/app.py -- [DIR] [--data-root ROOT]`` was given."""

    folder: Path | None = None
    data_root: Path | None = None


def parse_app_arguments(argv: list[str]) -> AppArguments:
    """The folder and the data root after ``--`` of ``streamlit run``; only read when ``argv[0]`` is ``app.py``.

    So that a test runner's own arguments are never taken for a folder.

    >>> parse_app_arguments(["/x/dashboards/app.py", "/data/season", "--data-root", "/data"])
    AppArguments(folder=PosixPath('/data/season'), data_root=PosixPath('/data'))
    >>> parse_app_arguments(["/usr/bin/pytest", "-q"])
    AppArguments(folder=None, data_root=None)
    """
    if not argv or Path(argv[0]).name != "app.py":
        return AppArguments()
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--data-root")
    known, _ = parser.parse_known_args(argv[1:])
    resolve = (lambda p: Path(p).expanduser().resolve() if p else None)
    return AppArguments(folder=resolve(known.folder), data_root=resolve(known.data_root))


def is_inside(path: Path, root: Path) -> bool:
    """True when ``path`` is ``root`` or lies under it (both taken as they are: resolve them first)."""
    return path == root or root in path.parents


def folder_under_root(typed: str, root: Path, *, also: tuple[Path, ...] = ()) -> Path | None:
    """The folder a person typed, if it exists and lies under ``root`` (or one of ``also``); else None.

    A relative path is taken inside ``root``; links and ``..`` are followed
    before the check, so neither leads outside. The caller shows one message
    (:data:`FOLDER_REFUSED`) for "not there" and "not allowed" alike.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()).resolve(); (root / "E01").mkdir()
    >>> folder_under_root("E01", root) == root / "E01", folder_under_root("/etc", root), folder_under_root("../..", root)
    (True, None, None)
    """
    text = (typed or "").strip()
    if not text or "\x00" in text:
        return None
    candidate = Path(text).expanduser()
    if not candidate.is_absolute():
        candidate = root / candidate
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    allowed = [Path(r).resolve() for r in (root, *also)]
    if not any(is_inside(resolved, r) for r in allowed) or not resolved.is_dir():
        return None
    return resolved


# ----------------------------------------------------------------------------- private uploads
def upload_base() -> Path:
    """This user's folder for the dashboard's uploads in the system's temporary folder (mode 0700, owned by us).

    When the name is taken by something we do not own (another user on a
    shared machine) or by a link, a fresh private folder is used instead.
    """
    base = Path(tempfile.gettempdir()) / f"netout-dashboard-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        info = base.lstat()
        if base.is_symlink() or not base.is_dir() or info.st_uid != os.getuid():
            raise PermissionError(base)
        base.chmod(0o700)
        return base
    except OSError:
        return Path(tempfile.mkdtemp(prefix="netout-dashboard-"))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def clean_stale_uploads(base: Path) -> list[Path]:
    """Remove the upload folders of dashboard servers that are no longer running; return what was removed.

    Each server keeps its uploads in ``server-<pid>``; a server that was
    killed could not clean up, so the next start does. The world-readable
    folder of earlier versions (``netout-dashboard-uploads``) goes too.
    """
    removed = []
    for folder in base.glob("server-*"):
        pid = folder.name.removeprefix("server-")
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    legacy = Path(tempfile.gettempdir()) / "netout-dashboard-uploads"
    try:
        if legacy.is_dir() and not legacy.is_symlink() and legacy.stat().st_uid == os.getuid():
            shutil.rmtree(legacy, ignore_errors=True)
            removed.append(legacy)
    except OSError:
        pass
    return removed


_SERVER_DIR: Path | None = None
_SERVER_LOCK = threading.Lock()


def server_upload_dir() -> Path:
    """This server's upload folder (``server-<pid>``, mode 0700), made on first use after cleaning stale ones.

    It is removed when the server stops normally.
    """
    global _SERVER_DIR  # noqa: PLW0603 - one folder per server process
    with _SERVER_LOCK:
        if _SERVER_DIR is None or not _SERVER_DIR.is_dir():
            base = upload_base()
            clean_stale_uploads(base)
            folder = base / f"server-{os.getpid()}"
            folder.mkdir(mode=0o700, exist_ok=True)
            folder.chmod(0o700)
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            _SERVER_DIR = folder
        return _SERVER_DIR


def new_session_dir() -> Path:
    """A fresh private folder (mode 0700) for one browser session's uploads."""
    return Path(tempfile.mkdtemp(prefix="session-", dir=server_upload_dir()))


def write_private(path: Path, data: bytes) -> Path:
    """Write bytes to a file only its owner can read (mode 0600), whatever the umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return path


class SessionJanitor:
    """Removes a session's upload folder once the session has ended.

    Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL``
    seconds in case the browser comes back; a folder is removed once its
    session has been inactive for longer than ``grace`` seconds (that TTL
    plus a margin). ``is_active(session_id)`` is the runtime's own test.
    """

    def __init__(self, is_active, *, grace: float, interval: float = 15.0):
        self._is_active, self.grace, self.interval = is_active, float(grace), float(interval)
        self._folders: dict[str, tuple[Path, float]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def register(self, session_id: str, folder: Path, *, now: float | None = None) -> None:
        """Keep ``folder`` while ``session_id`` lives; a folder moves to its newest session (a reload adopts it)."""
        with self._lock:
            for other, (known, _) in list(self._folders.items()):
                if known == Path(folder) and other != session_id:
                    del self._folders[other]
            self._folders[session_id] = (Path(folder), time.monotonic() if now is None else now)

    def registered(self) -> dict[str, Path]:
        with self._lock:
            return {sid: folder for sid, (folder, _) in self._folders.items()}

    def sweep(self, *, now: float | None = None) -> list[Path]:
        """Remove the folders of sessions inactive for longer than the grace; return them."""
        now = time.monotonic() if now is None else now
        removed = []
        with self._lock:
            for session_id, (folder, last_seen) in list(self._folders.items()):
                if self._is_active(session_id):
                    self._folders[session_id] = (folder, now)
                elif now - last_seen > self.grace:
                    shutil.rmtree(folder, ignore_errors=True)
                    del self._folders[session_id]
                    removed.append(folder)
        if removed:
            LOG.info("removed the uploads of %d ended session(s)", len(removed))
        return removed

    def start(self) -> None:
        """Sweep every ``interval`` seconds in a background thread (once)."""
        if self._thread is not None:
            return

        def loop() -> None:
            while True:
                time.sleep(self.interval)
                try:
                    self.sweep()
                except Exception:  # noqa: BLE001 - the janitor must outlive one bad sweep
                    LOG.warning("the upload janitor failed once; it tries again")

        self._thread = threading.Thread(target=loop, name="netout-upload-janitor", daemon=True)
        self._thread.start()


# ----------------------------------------------------------------------------- a bad upload cannot take the server down
_CHILD_CHECK = """
import resource, sys
kind, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    if kind == "folder":
        from toolkit.io.load import load_event_data
        load_event_data(path)
    else:
        from toolkit.plan import read_registrations
        read_registrations(path)
except MemoryError:
    sys.exit(3)
except Exception as exc:
    from toolkit.exceptions import NetoutError
    sys.exit(0 if isinstance(exc, NetoutError) else 4)
"""


def upload_limits(environ: dict | None = None) -> tuple[int, float]:
    """(memory in MB, seconds) a first read of an upload may take: settable, 2048 MB and 60 s by default."""
    environ = os.environ if environ is None else environ

    def number(name: str, default: float) -> float:
        try:
            value = float(environ.get(name, default))
        except ValueError:
            return default
        return value if value > 0 else default

    return int(number(UPLOAD_MEMORY_ENV, DEFAULT_UPLOAD_MEMORY_MB)), number(UPLOAD_SECONDS_ENV, DEFAULT_UPLOAD_SECONDS)


def work_ahead_allowed(environ: dict | None = None) -> bool:
    """Whether the dashboard works out answers before they are asked for: yes, unless the host turns it off.

    After a first view the other pages' answers are prepared, and after each
    answer the slider's neighbouring steps and the other outcomes, in a
    background thread per visitor. On a server shared by many visitors that
    work competes with the answers people are waiting for, so a host may set
    ``NETOUT_DASHBOARD_WORK_AHEAD=off``: every answer is then worked out when
    it is asked for (and kept, as before). A value that is not on/off (or
    yes/no, true/false, 1/0) is refused rather than guessed.

    >>> work_ahead_allowed({"NETOUT_DASHBOARD_WORK_AHEAD": "off"})
    False
    >>> work_ahead_allowed({})
    True
    """
    environ = os.environ if environ is None else environ
    value = str(environ.get(WORK_AHEAD_ENV, "on")).strip().lower()
    if value not in _WORK_AHEAD_WORDS:
        raise HostingError(f"{WORK_AHEAD_ENV} is {environ.get(WORK_AHEAD_ENV)!r}: set it to on (the default: answers "
                           "are prepared before they are asked for) or off (each answer is worked out when asked for)")
    return _WORK_AHEAD_WORDS[value]


def resident_mb(pid: int) -> float:
    """Memory a process holds in RAM (its resident set, MB), read from ``/proc``; 0 where that cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def check_upload_in_child(path: Path, *, kind: str = "folder", memory_mb: int | None = None,
                          seconds: float | None = None) -> str | None:
    """Read an upload once in a child process with capped memory and time; None if it may be read here.

    The child reads it exactly as the dashboard will (:func:`toolkit.load_event_data`
    for a folder, :func:`toolkit.plan.read_registrations` for registrations)
    while its resident memory is watched: past ``memory_mb`` (or ``seconds``)
    it is stopped. Its address space is also capped at four times that, in
    case memory grows faster than the watch. A file that the toolkit refuses
    with a clear message passes: the page then shows that message. What the
    child prints is thrown away (it could quote the data). Returns the plain
    sentence to show when the read needed too much memory or time, or failed
    in an unexpected way.
    """
    default_memory, default_seconds = upload_limits()
    memory_mb = memory_mb or default_memory
    seconds = seconds or default_seconds

    # the child caps its own address space first thing (a preexec_fn is unsafe in a server with threads)
    address_space = 4 * int(memory_mb) * 1024 * 1024
    child = subprocess.Popen([sys.executable, "-c", _CHILD_CHECK, kind, str(path), str(address_space)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, peak, stopped = time.monotonic() + seconds, 0.0, None
    while child.poll() is None:
        peak = max(peak, resident_mb(child.pid))
        if peak > memory_mb:
            stopped = "memory"
        elif time.monotonic() > deadline:
            stopped = "time"
        if stopped:
            child.kill()
            child.wait()
            break
        time.sleep(0.05)
    if stopped == "time":
        LOG.warning("an upload was refused: reading it took more than %.0f s", seconds)
        return (f"The upload was not used: reading it took longer than the {seconds:.0f} seconds this dashboard "
                "allows. Check that it holds what you meant to send, or split it into one folder per event.")
    if child.returncode == 0:
        return None
    if stopped == "memory" or child.returncode in (3, -9):  # over the watch, a MemoryError, or killed by the system
        LOG.warning("an upload was refused: reading it needed more than %d MB (peak seen %.0f MB, child exit %d)",
                    memory_mb, peak, child.returncode)
        return (f"The upload was not used: reading it needed more than the {memory_mb:,} MB of memory this "
                "dashboard allows (a small file can unpack into a very large table). Check what it holds.")
    LOG.warning("an upload was refused: the first read failed unexpectedly (child exit %d)", child.returncode)
    return "The upload was not used: it could not be read. Check that the files are the event tables."


# ----------------------------------------------------------------------------- logs and what people see
def setup_logging() -> logging.Logger:
    """The dashboard's logger (``netout.dashboard``) writing to the server's standard error, set up once."""
    if not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False
    return LOG


def log_failure(where: str, exc: BaseException) -> str:
    """Write a failure's detail to the server log (personal data redacted); return a short reference for people.

    >>> ref = log_failure("test", ValueError("bad value ann@example.org"))
    >>> len(ref)
    8
    """
    from toolkit.privacy import redact_text

    reference = secrets.token_hex(4)
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    setup_logging().error("[%s] %s failed: %s", reference, redact_text(where), redact_text(detail))
    return reference


_PATH_RE = re.compile(r"(?<![\w.:/])/(?:[^\s/'\"`]+/)+([^\s/'\"`]+)")


def strip_paths(text: str, names: dict[Path, str] | None = None) -> str:
    """Server paths in a message replaced by what a person knows them as (``names``), others by their last part.

    >>> strip_paths("cannot read /srv/data/season/E01/attendees.csv", {Path("/srv/data"): "data"})
    'cannot read data/season/E01/attendees.csv'
    >>> strip_paths("see /home/x/secret/file.csv and 1/2 and and/or")
    'see file.csv and 1/2 and and/or'
    """
    for path, label in sorted((names or {}).items(), key=lambda item: -len(str(item[0]))):
        text = re.sub(re.escape(str(path)) + r"(?=/|\b|$)", label.replace("\\", r"\\"), text)
    return _PATH_RE.sub(lambda m: m.group(1), text)

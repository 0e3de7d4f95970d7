"""The pseudonymisation key: read from the environment or the key file, checked, derived per organisation.

Part of the privacy rule (:mod:`toolkit.privacy` uses it and names it in its
interface); kept apart because it needs neither pandas nor numpy, so that the
disk cache (:mod:`toolkit.cache`) can key a result by the key's digest without
importing them (a second ``netout validate`` of an unchanged folder then
imports no pandas at all).

Example
-------
>>> load_secret("my key")
b'my key'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from pathlib import Path

from toolkit.exceptions import NetoutError

DEFAULT_SECRET_FILE = Path("~/.config/netout/secret")
#: Shortest key read from the environment or a key file (bytes): a short key can be guessed.
MIN_KEY_BYTES = 16
_ORG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")


def organisation_name(name: str | None = None) -> str | None:
    """The organisation whose key is used: ``name`` (the settings file's), else ``NETOUT_ORG``; None for neither.

    A name is 1-64 letters, digits, spaces, dots, dashes or underscores;
    compared without case. Where the settings file and ``NETOUT_ORG`` both
    name one and they differ, nothing is read (the folder belongs to another
    organisation than the shell is set up for).

    Example
    -------
    >>> organisation_name("Acme Events")
    'acme events'
    """
    env = (os.environ.get("NETOUT_ORG") or "").strip() or None
    chosen = name.strip() if isinstance(name, str) and name.strip() else None
    for label, value in (("[privacy] organisation", chosen), ("NETOUT_ORG", env)):
        if value is not None and not _ORG_RE.match(value):
            raise NetoutError(f"{label} {value!r} is not an organisation name; use 1-64 letters, digits, spaces, "
                              "dots, dashes or underscores")
    if chosen and env and chosen.casefold() != env.casefold():
        raise NetoutError(f"the settings file names the organisation {chosen!r} but NETOUT_ORG is {env!r}; "
                          "pseudonyms of two organisations must never be mixed: unset NETOUT_ORG or correct the "
                          "settings file")
    value = chosen or env
    return value.casefold() if value else None


def _check_key_file(path: Path) -> None:
    """Refuse a key file that other users can read or that belongs to someone else (POSIX)."""
    if os.name != "posix":
        return
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NetoutError(f"the pseudonymisation key {path} is not a file; point NETOUT_SECRET_FILE at the key file")
    if info.st_mode & 0o077:
        raise NetoutError(f"the pseudonymisation key {path} can be read by other users (permissions "
                          f"{stat.S_IMODE(info.st_mode):o}); make it private with: chmod 600 {path}")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise NetoutError(f"the pseudonymisation key {path} belongs to another user; use a key file of your own "
                          "(NETOUT_SECRET_FILE)")


def _refuse_short(key: bytes, where: str) -> bytes:
    if not key:
        raise NetoutError(f"the pseudonymisation key in {where} is empty; an empty key would let anyone turn ids "
                          "back into emails. Restore the key from your backup, or delete the file to have a new "
                          "one made (the same people then get new ids)")
    if len(key) < MIN_KEY_BYTES:
        raise NetoutError(f"the pseudonymisation key in {where} is {len(key)} characters long; use at least "
                          f"{MIN_KEY_BYTES} (a random key, e.g. python -c \"import secrets; "
                          "print(secrets.token_hex(32))\")")
    return key


def _base_key(secret: str | bytes | None) -> bytes:
    if secret is not None:
        key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if not key:
            raise NetoutError("the pseudonymisation secret is empty; give a non-empty secret")
        return key
    env = os.environ.get("NETOUT_SECRET")
    if env is not None:
        return _refuse_short(env.strip().encode("utf-8"), "NETOUT_SECRET")
    path = Path(os.environ.get("NETOUT_SECRET_FILE") or DEFAULT_SECRET_FILE).expanduser()
    try:
        if path.exists():
            _check_key_file(path)
            return _refuse_short(path.read_bytes().strip(), str(path))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(32).encode("ascii")
        # create readable by the owner only; never overwrite a key another process just wrote
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
        return key
    except FileExistsError:
        return _refuse_short(path.read_bytes().strip(), str(path))
    except OSError as exc:
        raise NetoutError(
            f"cannot read or create the pseudonymisation key at {path} ({exc.strerror or type(exc).__name__}); "
            "set NETOUT_SECRET or NETOUT_SECRET_FILE to a place you can write"
        ) from None


class PseudonymKey(bytes):
    """A key :func:`load_secret` has already made (organisation applied): passed on as it is, never derived again."""


def load_secret(secret: str | bytes | None = None, *, organisation: str | None = None) -> bytes:
    """The pseudonymisation key: ``secret`` if given, else from the environment or the key file; per organisation.

    Looks at ``NETOUT_SECRET``, then the file named by ``NETOUT_SECRET_FILE``,
    then ``~/.config/netout/secret``; the file is created with a random key on
    first use. A key from the environment or a file must be at least
    :data:`MIN_KEY_BYTES` long, and the file readable by its owner only. An
    explicit ``secret`` (tests, notebooks) must not be empty.

    Where an organisation is named (``organisation``, else ``NETOUT_ORG``; see
    :func:`organisation_name`), the key is ``HMAC-SHA256(key, organisation)``:
    two organisations' pseudonyms never match, even on one machine.

    Example
    -------
    >>> load_secret("my key")
    b'my key'
    >>> load_secret("my key", organisation="acme") != load_secret("my key", organisation="other")
    True
    """
    if isinstance(secret, PseudonymKey):
        return secret
    key = _base_key(secret)
    org = organisation_name(organisation)
    if org is None:
        return PseudonymKey(key)
    derived = hmac.new(key, b"netout organisation\x00" + org.encode("utf-8"), hashlib.sha256).hexdigest()
    return PseudonymKey(derived.encode("ascii"))

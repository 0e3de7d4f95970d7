"""The one personal-data rule: which columns and values are personal, keyed pseudonyms, redaction.

Every stage that meets people's data asks this module, so that the loader,
the importers, the plan's registration reading, the dashboard's uploads and
the CLI treat it alike:

- :func:`is_personal_column`: which columns hold personal data by their name
  (``email``, ``Full Name``, ``RecipientEmail``, ``IP Address`` ...);
- :func:`looks_personal`: which values are emails or phone numbers;
- :func:`pseudonymise` / :func:`pseudonymise_ids`: ids replaced by keyed hashes;
- :func:`drop_personal_columns`: personal columns left out, by name;
- :func:`redact_text` / :func:`redact_free_text`: emails and phone numbers in
  messages and free text.

A person's email (or phone number, or name where an export uses it as the id)
is replaced by ``p_`` + the first 16 hex digits of ``HMAC-SHA256(secret,
normalised value)``. The same person therefore gets the same id in every file
and every event read with the same secret, and nobody without the secret can
turn the id back into the email by hashing a list of guesses.

The secret is kept outside the data folder: the environment variable
``NETOUT_SECRET``, else the file named by ``NETOUT_SECRET_FILE``, else
``~/.config/netout/secret``, which is created (readable by its owner only) on
first use. Keep that file: with a new secret, the same people get new ids.

Columns whose names are personal are used where needed (an email column
standing in for a missing ``attendee_id``) and then dropped, so nothing
downstream can see them.

This module sits just above :mod:`toolkit.exceptions` and imports nothing
else from the toolkit: the problem report (:mod:`toolkit.errors`) redacts by it.

Example
-------
>>> import pandas as pd
>>> ids = pseudonymise(pd.Series(["Ann@Example.org ", "ann@example.org", "B17"]), secret=b"k")
>>> ids[0] == ids[1], ids[0].startswith("p_"), ids[2]
(True, True, 'B17')
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.exceptions import NetoutError

PSEUDONYM_PREFIX = "p_"
PSEUDONYM_HEX_DIGITS = 16
DEFAULT_SECRET_FILE = Path("~/.config/netout/secret")

#: Column names (lower case, words joined by ``_``) that hold personal data in exports.
PERSONAL_COLUMN_NAMES: frozenset[str] = frozenset(
    {
        "name", "full_name", "first_name", "last_name", "surname", "given_name", "family_name",
        "email", "e_mail", "email_address", "mail",
        "phone", "phone_number", "mobile", "telephone", "tel",
        "ip", "ip_address", "latitude", "longitude",
    }
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_ANYWHERE_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(r"^(\+|00)?[\d][\d\s\-().\/]{5,}\d$")
_PSEUDONYM_RE = re.compile(rf"^{PSEUDONYM_PREFIX}[0-9a-f]{{{PSEUDONYM_HEX_DIGITS}}}$")
# Column-name endings that mark personal data even with a prefix ("contact_email", "sender_phone").
_PERSON_WORDS = frozenset({"attendee", "contact", "person", "participant", "sender", "recipient", "member",
                           "guest", "delegate", "full", "first", "last", "given", "family", "display"})
_PERSONAL_SUFFIXES = ("_email", "_e_mail", "_mail", "_email_address", "_phone", "_phone_number",
                      "_mobile", "_telephone", "_ip_address", "_latitude", "_longitude")
# The same endings written without separators, as survey tools name their fields ("RecipientEmail",
# "IPAddress", "LocationLatitude") and as they read once lower-cased ("recipientemail").
_PERSONAL_ENDINGS_SQUASHED = ("email", "emailaddress", "phonenumber", "ipaddress", "firstname", "lastname",
                              "fullname", "latitude", "longitude")
_WORD_BOUNDARY_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[^0-9A-Za-z]+")


def load_secret(secret: str | bytes | None = None) -> bytes:
    """The pseudonymisation key: ``secret`` if given, else from the environment or the secret file.

    Looks at ``NETOUT_SECRET``, then the file named by ``NETOUT_SECRET_FILE``,
    then ``~/.config/netout/secret``; the file is created with a random key
    on first use.

    Example
    -------
    >>> load_secret("my key")
    b'my key'
    """
    if secret is not None:
        key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if not key:
            raise NetoutError("the pseudonymisation secret is empty; give a non-empty secret")
        return key
    env = os.environ.get("NETOUT_SECRET")
    if env:
        return env.encode("utf-8")
    path = Path(os.environ.get("NETOUT_SECRET_FILE") or DEFAULT_SECRET_FILE).expanduser()
    try:
        if path.exists():
            key = path.read_bytes().strip()
            if key:
                return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode("ascii")
        # create readable by the owner only; never overwrite a key another process just wrote
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
        return key
    except FileExistsError:
        return path.read_bytes().strip()
    except OSError as exc:
        raise NetoutError(
            f"cannot read or create the pseudonymisation secret at {path} ({exc}); "
            "set NETOUT_SECRET or NETOUT_SECRET_FILE to a place you can write"
        ) from exc


def _column_words(name: object) -> list[str]:
    """A column name's words, lower case: split at spaces, punctuation and camelCase humps."""
    text = str(name).replace("\ufeff", "").strip()
    return [word.lower() for word in _WORD_BOUNDARY_RE.split(text) if word]


def is_personal_column(name: object) -> bool:
    """Whether a column holds personal data, judged by its name (any case or spelling).

    Personal: names, emails, phone numbers, IP addresses and locations, also
    with a prefix (``contact_email``, ``attendee_name``, ``RecipientEmail``,
    ``LocationLatitude``); not personal: ``company_name``, ``session_name``, ids.

    Example
    -------
    >>> [is_personal_column(c) for c in ("email", "Contact E-mail", "RecipientFirstName", "IP Address")]
    [True, True, True, True]
    >>> [is_personal_column(c) for c in ("company_name", "attendee_id", "Would you like us to phone you?")]
    [False, False, False]
    """
    words = _column_words(name)
    if not words:
        return False
    key, squashed = "_".join(words), "".join(words)
    if key in PERSONAL_COLUMN_NAMES or key.endswith(_PERSONAL_SUFFIXES):
        return True
    if squashed.endswith(_PERSONAL_ENDINGS_SQUASHED) or words[0] == "recipient":
        return True
    # "attendee_name", "contact_full_name": a person's name; "company_name", "session_name" are not
    return words[-1] == "name" and len(words) > 1 and words[0] in _PERSON_WORDS


def personal_columns(columns: Iterable[object]) -> list:
    """The columns, of those given, that hold personal data by :func:`is_personal_column`.

    Example
    -------
    >>> personal_columns(["attendee_id", "Email Address", "industry", "Full Name"])
    ['Email Address', 'Full Name']
    """
    return [c for c in columns if is_personal_column(c)]


def drop_personal_columns(frame: pd.DataFrame, *, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The frame without its personal columns (by name); columns in ``keep`` stay.

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["a"], "email": ["a@x.org"], "industry": ["law"]})
    >>> drop_personal_columns(frame).columns.tolist()
    ['attendee_id', 'industry']
    """
    kept = set(keep)
    return frame.drop(columns=[c for c in personal_columns(frame.columns) if c not in kept])


def looks_personal(values: pd.Series) -> pd.Series:
    """Which values are emails or phone numbers (vectorised; missing values are not).

    >>> looks_personal(pd.Series(["a@b.org", "+44 20 7946 0958", "B-1001", "100234"])).tolist()
    [True, True, False, False]
    """
    text = values.astype("string").str.strip()
    email = text.str.match(EMAIL_RE.pattern).fillna(False)
    digits = text.str.count(r"\d").fillna(0)
    shaped = text.str.match(_PHONE_RE.pattern).fillna(False)
    # a member number (digits only, short) is not a phone number; a long or punctuated one is
    punctuated = text.str.contains(r"^(?:\+|00)|[\s\-().\/]", regex=True).fillna(False)
    phone = shaped & (digits >= 8) & (punctuated | (digits >= 10))
    return (email | phone).astype(bool)


def _normalise(value: str) -> str:
    """One spelling per person: emails lower-cased, phones as digits, names case-folded."""
    text = " ".join(str(value).split())
    if "@" in text:
        return text.lower()
    if _PHONE_RE.match(text):
        digits = re.sub(r"\D", "", text)
        return "+" + digits[2:] if text.startswith("00") else ("+" + digits if text.startswith("+") else digits)
    return text.casefold()


def _token(key: bytes, value: str) -> str:
    digest = hmac.new(key, _normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_DIGITS]


def pseudonymise(values: pd.Series, *, secret: str | bytes | None = None, all_values: bool = False) -> pd.Series:
    """Replace personal identifiers by keyed hashes; other ids are left as they are.

    Parameters
    ----------
    values : Series
        Identifiers (any dtype); missing values stay missing.
    secret : str or bytes, optional
        The key; by default from :func:`load_secret`.
    all_values : bool
        Hash every value (for a name or email column used as the id), not only
        the values that look like emails or phone numbers.

    Returns
    -------
    Series of ``string`` dtype, same index. Only distinct values are hashed.

    Example
    -------
    >>> out = pseudonymise(pd.Series(["Ann Lee", "ann  lee"]), secret="k", all_values=True)
    >>> out[0] == out[1]
    True
    """
    text = values.astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(uniques, dtype="string")
    already = uniques.str.match(_PSEUDONYM_RE.pattern).fillna(False)
    target = ~already & (True if all_values else looks_personal(uniques))
    if not bool(target.any()):
        return text
    key = load_secret(secret)
    replaced = uniques.to_numpy(dtype=object).copy()
    positions = np.flatnonzero(target.to_numpy())
    replaced[positions] = [_token(key, v) for v in replaced[positions]]
    out = np.append(replaced, pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


#: Id columns that name people: wherever they are read, their emails and phone numbers become pseudonyms.
PERSON_ID_COLUMNS: tuple[str, ...] = ("attendee_id", "contact_id")


def pseudonymise_ids(frame: pd.DataFrame, *, columns: Iterable[str] = PERSON_ID_COLUMNS,
                     every_value: Iterable[str] = (), secret: str | bytes | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose person ids hold no email or phone number.

    In each of ``columns`` that the frame has, values that look personal
    (:func:`looks_personal`) become keyed pseudonyms; in the columns named in
    ``every_value`` (an id taken from an email or name column) every value
    does. Clean the ids first (trimmed text, as :func:`toolkit.io.parsing.read_id`
    gives them) so that other ids are kept exactly as the loader keeps them.

    Example
    -------
    >>> frame = pd.DataFrame({"attendee_id": ["ann@example.org", "B17"], "industry": ["law", "tech"]})
    >>> out = pseudonymise_ids(frame, secret="k")
    >>> out["attendee_id"].str.startswith("p_").tolist(), out["industry"].tolist()
    ([True, False], ['law', 'tech'])
    """
    every = set(every_value)
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = pseudonymise(out[column], secret=secret, all_values=column in every)
    return out


def stand_in_id_column(columns: Iterable[object]) -> object | None:
    """The personal column that stands in for a missing ``attendee_id``: an email, else a phone, else a name.

    The loader and the plan's registration reading both take a person's id from
    it (pseudonymised, every value) and then drop it; None when there is none.

    Example
    -------
    >>> stand_in_id_column(["Full Name", "industry", "Email Address"])
    'Email Address'
    >>> stand_in_id_column(["industry"]) is None
    True
    """
    def rank(column: object) -> int:
        squashed = "".join(_column_words(column))
        if "mail" in squashed:
            return 0
        if "phone" in squashed or "mobile" in squashed or squashed == "tel":
            return 1
        return 2 if "name" in squashed else 3  # an IP address or a location never names a person

    ranked = sorted(((rank(c), k, c) for k, c in enumerate(personal_columns(columns))), key=lambda t: t[:2])
    return ranked[0][2] if ranked and ranked[0][0] < 3 else None


def redact_emails(values: pd.Series, *, secret: str | bytes | None = None) -> pd.Series:
    """In a free-text column: a cell that is an email becomes its pseudonym, emails inside text become ``[email]``.

    >>> redact_emails(pd.Series(["write to ann@x.org please"]), secret="k").tolist()
    ['write to [email] please']
    """
    text = values.astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(uniques, dtype="string")
    has_email = uniques.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True).fillna(False)
    if not bool(has_email.any()):
        return values
    whole = pseudonymise(uniques, secret=secret)
    partial = uniques.str.replace(EMAIL_ANYWHERE_RE.pattern, "[email]", regex=True)
    is_whole = uniques.str.strip().str.match(EMAIL_RE.pattern).fillna(False)
    cleaned = partial.where(~is_whole, whole).where(has_email, uniques)
    out = np.append(cleaned.to_numpy(dtype=object), pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


# A phone-shaped run inside text: digits with the separators phone numbers use (no ":" so times stay whole).
_PHONE_ANYWHERE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \t\-().\/]{5,}\d(?!\w)")
_DATE_LIKE_RE = re.compile(r"^\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|^\d{1,2}[\-/.]\d{1,2}[\-/.]\d{2,4}$|^\d+\.\d+$")


def _phone_or_keep(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    punctuated = text.startswith(("+", "00")) or bool(re.search(r"[\s\-().\/]", text))
    # same rule as looks_personal: a short member number is not a phone number, and dates are not either
    if digits >= 8 and (punctuated or digits >= 10) and not _DATE_LIKE_RE.match(text.strip("()")):
        return "[phone]"
    return text


def redact_text(value: object) -> object:
    """Emails and phone numbers inside a message or cell value, replaced by ``[email]`` / ``[phone]``.

    For text that may reach a log or a report (problem messages, cell values
    quoted back to the user). Strings are redacted; a whole number long enough
    to be a phone number (a spreadsheet that stored ``447700900123`` as a
    number) becomes ``[phone]``; anything else is returned unchanged.

    Example
    -------
    >>> redact_text("maybe ann@example.org, call +44 20 7946 0958 on 2026-11-22 10:00")
    'maybe [email], call [phone] on 2026-11-22 10:00'
    >>> redact_text(447700900123), redact_text(17), redact_text(None)
    ('[phone]', 17, None)
    """
    if isinstance(value, str):
        if "@" in value:
            value = EMAIL_ANYWHERE_RE.sub("[email]", value)
        return _PHONE_ANYWHERE_RE.sub(_phone_or_keep, value)
    if isinstance(value, (int, np.integer, float, np.floating)) and not isinstance(value, (bool, np.bool_)):
        number = float(value)
        if np.isfinite(number) and number == int(number) and abs(number) >= 1e7:
            text = str(int(number))
            if _PHONE_ANYWHERE_RE.sub(_phone_or_keep, text) != text:
                return "[phone]"
    return value


def redact_free_text(values: pd.Series, *, secret: str | bytes | None = None) -> pd.Series:
    """A free-text column with emails and phone numbers removed (the loader's rule for text columns).

    Emails as in :func:`redact_emails` (a cell that is an email becomes its
    pseudonym, emails inside text ``[email]``); phone numbers inside text become
    ``[phone]`` by the rule of :func:`redact_text` (dates, times and short
    member numbers stay). Works on the distinct values, so long columns are cheap.

    Example
    -------
    >>> redact_free_text(pd.Series(["Ring Jane on +44 7700 900000 or jane@x.org", None]), secret="k").tolist()
    ['Ring Jane on [phone] or [email]', <NA>]
    """
    text = redact_emails(values, secret=secret).astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(uniques, dtype="string")
    cleaned = uniques.str.replace(_PHONE_ANYWHERE_RE, _phone_or_keep, regex=True)
    out = np.append(cleaned.to_numpy(dtype=object), pd.NA)[codes]
    return pd.Series(pd.array(out, dtype="string"), index=values.index)


def contains_personal_data(frame: pd.DataFrame) -> list[str]:
    """Columns of a frame that still hold an email address somewhere (for checks and tests).

    >>> contains_personal_data(pd.DataFrame({"a": ["x"], "b": ["y@z.org"]}))
    ['b']
    """
    found = []
    for column in frame.columns:
        if is_personal_column(column):
            found.append(column)
            continue
        series = frame[column]
        if not isinstance(series.dtype, pd.CategoricalDtype) and series.dtype.kind in "biufcmM":
            continue
        text = series.dropna().astype(str)
        if len(text) and bool(text.str.contains(EMAIL_ANYWHERE_RE.pattern, regex=True).any()):
            found.append(column)
    return found

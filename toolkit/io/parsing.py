"""Turn the text of spreadsheet exports into typed values: yes/no, Likert answers, times, numbers, ids.

Every parser works on a whole column at once and comes in two shapes:

- ``parse_yes_no(values)`` (and friends): the public form. It returns the typed
  values, or raises :class:`toolkit.errors.DataValidationError` naming the
  values it could not read (``errors="coerce"`` turns them into missing values
  instead). It never raises anything else, whatever it is given.
- ``read_yes_no(series)`` (and friends): the form the loader uses. It returns
  ``(values, invalid)`` where ``invalid`` marks the cells that held something
  that could not be read, so that the loader can name each file, row and column.

The slow part of parsing (text clean-up) runs once per distinct value, not once
per row, so a million contact rows with a few thousand distinct ids stay fast.

Example
-------
>>> import pandas as pd
>>> parse_yes_no(["Y", "no", "TRUE", 0, None]).tolist()
[True, False, True, False, <NA>]
>>> parse_likert(["Strongly agree", "2", "neutral"]).tolist()
[5.0, 2.0, 3.0]
>>> parse_timestamp(["2024-05-01T10:00:00+02:00", "2024-05-01 08:30"]).dt.strftime("%H:%M").tolist()
['08:00', '08:30']
>>> parse_number(["3,5", "1.234,5", "1,234.5", "12 000"]).tolist()
[3.5, 1234.5, 1234.5, 12000.0]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from toolkit.errors import DataValidationError, ValidationReport
# Answers read as yes / no (YES_WORDS, NO_WORDS), compared after lower-casing and trimming: the personal-data
# rule's words (it tells a yes/no "Member" column from member numbers by them, and imports nothing from here).
from toolkit.privacy import NO_WORDS, YES_WORDS

Errors = Literal["raise", "coerce"]


# The usual labels of 5-point agreement and satisfaction scales (and yes/no items scored 1/0).
LIKERT_LABELS: dict[str, float] = {
    "strongly disagree": 1, "disagree strongly": 1, "totally disagree": 1, "completely disagree": 1,
    "disagree": 2, "somewhat disagree": 2, "mostly disagree": 2, "tend to disagree": 2,
    "neutral": 3, "neither agree nor disagree": 3, "neither disagree nor agree": 3,
    "undecided": 3, "neither": 3,
    "agree": 4, "somewhat agree": 4, "mostly agree": 4, "tend to agree": 4,
    "strongly agree": 5, "agree strongly": 5, "totally agree": 5, "completely agree": 5,
    "very dissatisfied": 1, "dissatisfied": 2, "neither satisfied nor dissatisfied": 3,
    "satisfied": 4, "very satisfied": 5,
    "very poor": 1, "poor": 2, "fair": 3, "good": 4, "very good": 5, "excellent": 5,
    "yes": 1, "no": 0,
}

# Values that mean "no answer" in exports.
MISSING_WORDS: frozenset[str] = frozenset(
    {"", "na", "n/a", "nan", "none", "null", "-", "--", "#n/a", "nat", "<na>", "missing"}
)

_SPACE_RE = re.compile(r"\s+")
# "4 - agree", "5 (strongly agree)", "3: neutral": a number followed by its label.
_LEADING_NUMBER_RE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–:.)(=]\s*)?[^\d]*$")
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_COMMA_DECIMAL_RE = re.compile(r"^[+-]?\d+,\d+$")
_DOT_THOUSANDS_COMMA_DECIMAL_RE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_THOUSANDS_DOT_DECIMAL_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f\u2009']\d{3})+([.,]\d+)?$")


# --------------------------------------------------------------------------- helpers


def _as_series(values: object) -> pd.Series:
    """Any list-like (or scalar) as a Series, without failing on odd content.

    Bytes cells become text (undecodable bytes replaced), so that later string
    operations cannot fail on them.
    """
    if not isinstance(values, pd.Series):
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            values = [values]
        try:
            values = pd.Series(list(values), dtype=object)
        except Exception:  # pragma: no cover - defensive: exotic iterables
            values = pd.Series([repr(v) for v in values], dtype=object)
    if values.dtype == object and len(values) and pd.api.types.infer_dtype(values, skipna=True) in (
            "bytes", "mixed", "mixed-integer"):
        is_bytes = values.map(lambda v: isinstance(v, (bytes, bytearray)))
        if is_bytes.any():
            values = values.copy()
            values[is_bytes] = values[is_bytes].map(lambda v: bytes(v).decode("utf-8", errors="replace"))
    return values


def _all_missing(series: pd.Series) -> bool:
    """True for a column with no value at all (an optional column left out): nothing to parse."""
    return series.dtype == object and bool(series.isna().all())


def _no_flags(series: pd.Series) -> pd.Series:
    return pd.Series(np.zeros(len(series), dtype=bool), index=series.index)


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean_text(value: object) -> str | None:
    """Trimmed, lower-cased text of a cell, or None when the cell is empty/missing."""
    if value is None or _is_missing(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = _SPACE_RE.sub(" ", str(value).replace("\ufeff", "")).strip().lower()
    return None if text in MISSING_WORDS else text


def _by_unique(series: pd.Series, convert) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``convert`` (value -> (result, ok)) once per distinct value; results per row.

    Returns ``(results, invalid)`` arrays aligned with ``series``.
    """
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        uniques = list(uniques)
    except TypeError:  # unhashable cells (lists, dicts): fall back to their text
        codes, uniques = pd.factorize(series.map(repr), use_na_sentinel=True)
        uniques = list(uniques)
    results = [convert(u) for u in uniques]
    values = np.array([r[0] for r in results] + [None], dtype=object)
    bad = np.array([not r[1] for r in results] + [False], dtype=bool)
    return values[codes], bad[codes]


def _fail(kind: str, column: str | None, series: pd.Series, invalid: np.ndarray, hint: str) -> None:
    """Raise the toolkit's validation error naming the unreadable values (up to 10)."""
    report = ValidationReport()
    where = column or "values"
    shown = series[invalid]
    for position, value in list(shown.items())[:10]:
        report.add(where, row=None, column=column, value=_safe_repr(value),
                   message=f"{_safe_repr(value)!s} (item {position}) is not {kind}; {hint}")
    if len(shown) > 10:
        report.notes.append(f"{len(shown) - 10} more unreadable values")
    raise DataValidationError(report)


def _safe_repr(value: object) -> str:
    try:
        text = str(value)
    except Exception:  # pragma: no cover
        text = object.__repr__(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- yes / no


def _yes_no_value(value: object) -> tuple[object, bool]:
    text = _clean_text(value)
    if text is None:
        return pd.NA, True
    if text in YES_WORDS:
        return True, True
    if text in NO_WORDS:
        return False, True
    return pd.NA, False


def read_yes_no(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no answers as nullable booleans, and a mask of cells that were not yes/no.

    Reads ``yes``/``no``, ``Y``/``N``, ``TRUE``/``FALSE``, ``1``/``0`` and a few
    other languages' words, in any case; empty cells are missing. The toolkit's
    one yes/no rule: the loader, the importers and the outcomes all read by it.

    Example
    -------
    >>> values, invalid = read_yes_no(pd.Series(["Yes", "oui", "0", "", "maybe"]))
    >>> values.tolist(), invalid.tolist()
    ([True, True, False, <NA>, <NA>], [False, False, False, False, True])
    """
    series = _as_series(series)
    if _all_missing(series):
        return pd.Series(pd.array([pd.NA] * len(series), dtype="boolean"), index=series.index), _no_flags(series)
    if series.dtype == "boolean" or series.dtype == bool:
        return series.astype("boolean"), pd.Series(False, index=series.index)
    values, bad = _by_unique(series, _yes_no_value)
    return (pd.Series(values, index=series.index, dtype=object).astype("boolean"),
            pd.Series(bad, index=series.index))


def parse_yes_no(values: object, *, errors: Errors = "raise", column: str | None = None) -> pd.Series:
    """Parse yes/no answers into a nullable boolean Series.

    Parameters
    ----------
    values : list-like
        Cells as exported (text, numbers, booleans, missing).
    errors : {"raise", "coerce"}
        ``"raise"``: unreadable answers raise :class:`DataValidationError`;
        ``"coerce"``: they become missing.
    column : str, optional
        Name used in the error message.

    Example
    -------
    >>> parse_yes_no(["Yes", "n", 1, ""]).tolist()
    [True, False, True, <NA>]
    """
    series = _as_series(values)
    parsed, invalid = read_yes_no(series)
    if errors == "raise" and invalid.any():
        _fail("a yes/no answer", column, series, invalid.to_numpy(), "use yes/no, y/n, true/false or 1/0")
    return parsed


# --------------------------------------------------------------------------- numbers


def _number_value(value: object, decimal_comma: bool = False) -> tuple[object, bool]:
    if isinstance(value, (bool, np.bool_)):
        return float(value), True
    if isinstance(value, (int, float, np.integer, np.floating)) and not _is_missing(value):
        number = float(value)
        return (number, True) if np.isfinite(number) else (pd.NA, False)
    text = _clean_text(value)
    if text is None:
        return pd.NA, True
    text = text.replace("\u2212", "-")
    candidate: str | None = None
    if _PLAIN_NUMBER_RE.match(text):
        # "1,234" never reaches here; "1.234" is ambiguous only in decimal-comma columns
        if decimal_comma and re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
            candidate = text.replace(".", "")
        else:
            candidate = text
    elif _COMMA_DECIMAL_RE.match(text):
        digits_after = len(text.split(",")[1])
        if digits_after == 3 and not decimal_comma:
            return pd.NA, False  # "1,234": a thousand or one point two? Not safe to guess.
        candidate = text.replace(",", ".")
    elif _DOT_THOUSANDS_COMMA_DECIMAL_RE.match(text):
        candidate = text.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS_DOT_DECIMAL_RE.match(text):
        candidate = text.replace(",", "")
    elif _SPACE_THOUSANDS_RE.match(text):
        candidate = re.sub(r"[ \u00a0\u202f\u2009']", "", text).replace(",", ".")
    if candidate is None:
        return pd.NA, False
    try:
        number = float(candidate)
    except ValueError:
        return pd.NA, False
    return (number, True) if np.isfinite(number) else (pd.NA, False)


def _uses_decimal_comma(series: pd.Series) -> bool:
    """Whether a text column writes decimals with a comma (``3,5``), judged on its clear cases."""
    if series.dtype.kind in "biuf" or len(series) == 0:
        return False
    text = series.dropna().astype(str).str.strip()
    text = pd.Series(text.unique())
    comma = text.str.fullmatch(r"[+-]?\d+,(\d{1,2}|\d{4,})") | text.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
    dot = text.str.fullmatch(r"[+-]?\d+\.(\d{1,2}|\d{4,})") | text.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+\.\d+")
    return bool(comma.any() and not dot.any())


def read_number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as ``Float64``, reading decimal commas and thousand separators where that is safe.

    ``3,5`` is 3.5; ``1.234,5`` and ``1,234.5`` are 1234.5; ``12 000`` is 12000.
    A lone ``1,234`` is read as 1.234 only when the column's other values show
    that it writes decimals with a comma; otherwise it is flagged as unreadable.

    Example
    -------
    >>> read_number(pd.Series(["12,5", "1.234,5", "1,234", "n/a"]))[0].tolist()  # this column writes 3,5
    [12.5, 1234.5, 1.234, <NA>]
    >>> read_number(pd.Series(["1.5", "1,234"]))[1].tolist()  # a thousand, or one point two? not guessed
    [False, True]
    """
    series = _as_series(series)
    if _all_missing(series):
        return pd.Series(pd.array([pd.NA] * len(series), dtype="Float64"), index=series.index), _no_flags(series)
    if series.dtype.kind == "m":  # durations from a typed table: seconds
        return series.dt.total_seconds().astype("Float64"), _no_flags(series)
    if series.dtype.kind in "cM" or isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.astype(str).astype(object)  # not numbers: read as text, so they are flagged
    if series.dtype.kind in "biuf" or str(series.dtype) in ("Int64", "Float64", "Int32", "Float32"):
        values = pd.to_numeric(series, errors="coerce").astype("Float64")
        finite = values.isna() | np.isfinite(values.astype(float).fillna(0).to_numpy())
        values = values.where(finite)
        return values, pd.Series(~finite.to_numpy(), index=series.index)
    # fast path: plain numbers
    fast = pd.to_numeric(series, errors="coerce")
    needs_work = fast.isna() & series.notna()
    if not needs_work.any():
        return fast.astype("Float64"), pd.Series(False, index=series.index)
    decimal_comma = _uses_decimal_comma(series[needs_work])
    values, bad = _by_unique(series[needs_work], lambda v: _number_value(v, decimal_comma))
    result = fast.astype(object)
    result[needs_work] = values
    invalid = pd.Series(False, index=series.index)
    invalid[needs_work] = bad
    result = pd.to_numeric(pd.Series(result, index=series.index), errors="coerce").astype("Float64")
    return result, invalid


def parse_number(values: object, *, errors: Errors = "raise", column: str | None = None) -> pd.Series:
    """Parse numbers (``Float64``), accepting decimal commas and thousand separators where safe.

    Example
    -------
    >>> parse_number(["2,5", "10"]).tolist()
    [2.5, 10.0]
    """
    series = _as_series(values)
    parsed, invalid = read_number(series)
    if errors == "raise" and invalid.any():
        _fail("a number", column, series, invalid.to_numpy(), "write a plain number such as 3 or 3.5")
    return parsed


# --------------------------------------------------------------------------- Likert answers


def _likert_value(value: object, labels: Mapping[str, float]) -> tuple[object, bool]:
    number, ok = _number_value(value)
    if ok:
        return number, True
    text = _clean_text(value)
    if text is None:
        return pd.NA, True
    if text in labels:
        return float(labels[text]), True
    match = _LEADING_NUMBER_RE.match(text)
    if match:
        return _number_value(match.group(1).replace(",", "."))
    return pd.NA, False


def read_likert(series: pd.Series, *, labels: Mapping[str, float] | None = None) -> tuple[pd.Series, pd.Series]:
    """Likert answers as ``Float64``: numbers, or labels (``Strongly agree`` = 5 ...) in any case.

    ``labels`` adds or overrides labels (from ``[likert]`` in ``netout.toml``);
    a number followed by its label (``4 - agree``) is read as the number.

    Example
    -------
    >>> read_likert(pd.Series(["4 - agree", "Totally agree", "meh"]), labels={"meh": 3})[0].tolist()
    [4.0, 5.0, 3.0]
    """
    series = _as_series(series)
    if _all_missing(series) or series.dtype.kind in "biuf" or str(series.dtype) in ("Int64", "Float64"):
        return read_number(series)
    table = dict(LIKERT_LABELS)
    for key, value in (labels or {}).items():
        table[_SPACE_RE.sub(" ", str(key)).strip().lower()] = float(value)
    values, bad = _by_unique(series, lambda v: _likert_value(v, table))
    result = pd.to_numeric(pd.Series(values, index=series.index, dtype=object), errors="coerce").astype("Float64")
    return result, pd.Series(bad, index=series.index)


def parse_likert(values: object, *, labels: Mapping[str, float] | None = None, errors: Errors = "raise",
                 column: str | None = None) -> pd.Series:
    """Parse Likert answers (numbers or labels) into ``Float64``.

    Parameters
    ----------
    values : list-like
    labels : mapping, optional
        Extra labels, e.g. ``{"Totally disagree": 1}`` (case-insensitive).
    errors : {"raise", "coerce"}

    Example
    -------
    >>> parse_likert(["AGREE", "Totally wrong"], labels={"totally wrong": 1}).tolist()
    [4.0, 1.0]
    """
    series = _as_series(values)
    parsed, invalid = read_likert(series, labels=labels)
    if errors == "raise" and invalid.any():
        _fail("a known answer", column, series, invalid.to_numpy(),
              "use a number, a usual label such as 'Strongly agree', or add the label to [likert] in netout.toml")
    return parsed


# --------------------------------------------------------------------------- timestamps


def _timestamp_value(value: object) -> tuple[object, bool]:
    if value is None or _is_missing(value):
        return pd.NaT, True
    if isinstance(value, (str, bytes)):
        text = _clean_text(value)
        if text is None:
            return pd.NaT, True
        value = text.upper()
        # ISO 8601 only: a date first (so that "12" or "May 3" are not guessed)
        if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return pd.NaT, False
    elif not hasattr(value, "year"):
        return pd.NaT, False
    try:
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        stamp = stamp.as_unit("ns")
    except Exception:  # any unreadable or out-of-range time is an invalid cell, never a crash
        return pd.NaT, False
    return stamp, True


def read_timestamp(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO 8601 times as ``datetime64[ns, UTC]``; times without an offset are taken as UTC.

    Spreadsheet date cells (already times) are accepted as they are.

    Example
    -------
    >>> times, invalid = read_timestamp(pd.Series(["2024-05-01T20:00:00+02:00", "May 1st"]))
    >>> times.dt.strftime("%H:%M").tolist(), invalid.tolist()
    (['18:00', nan], [False, True])
    """
    series = _as_series(series)
    if _all_missing(series):
        return (pd.Series(pd.DatetimeIndex([pd.NaT] * len(series), tz="UTC"), index=series.index)
                .astype("datetime64[ns, UTC]"), _no_flags(series))
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").astype("datetime64[ns, UTC]"), pd.Series(False, index=series.index)
    if dtype.kind == "M":
        return series.dt.tz_localize("UTC").astype("datetime64[ns, UTC]"), pd.Series(False, index=series.index)
    if len(series) > 1000:
        # parse each distinct text once (logs repeat times a lot), then spread back to the rows
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if len(uniques) < 0.8 * len(series):
            parsed, bad = read_timestamp(pd.Series(np.asarray(uniques, dtype=object)))
            taken = parsed.array.take(codes, allow_fill=True)
            flags = np.append(bad.to_numpy(dtype=bool), False)[codes]
            return (pd.Series(taken, index=series.index).astype("datetime64[ns, UTC]"),
                    pd.Series(flags, index=series.index))
    # fast path: the whole column is clean ISO 8601 text
    try:
        if dtype.kind in "OUT" or str(dtype) in ("str", "string"):
            text = series.astype("string").str.strip()
            empty = text.isna() | text.str.lower().isin(list(MISSING_WORDS))
            iso = text.str.match(r"^\d{4}-\d{2}-\d{2}").fillna(False)
            if bool((iso | empty).all()):
                parsed = pd.to_datetime(text.where(~empty), format="ISO8601", utc=True, errors="coerce")
                parsed = parsed.astype("datetime64[ns, UTC]")
                invalid = (parsed.isna() & ~empty).astype(bool)
                if not invalid.any():
                    return parsed, pd.Series(False, index=series.index)
    except Exception:  # fall back to the careful path below
        pass
    values, bad = _by_unique(series, _timestamp_value)
    result = pd.Series(pd.DatetimeIndex(list(values), tz="UTC") if len(values) else pd.DatetimeIndex([], tz="UTC"),
                       index=series.index).astype("datetime64[ns, UTC]")
    return result, pd.Series(bad, index=series.index)


def parse_timestamp(values: object, *, errors: Errors = "raise", column: str | None = None) -> pd.Series:
    """Parse ISO 8601 times (with or without an offset) into UTC.

    Example
    -------
    >>> parse_timestamp(["2024-05-01T10:00:00Z"]).iloc[0]
    Timestamp('2024-05-01 10:00:00+0000', tz='UTC')
    """
    series = _as_series(values)
    parsed, invalid = read_timestamp(series)
    if errors == "raise" and invalid.any():
        _fail("an ISO 8601 time", column, series, invalid.to_numpy(),
              "write times like 2024-05-01T18:30:00+02:00 (the offset may be left out for UTC)")
    return parsed


# --------------------------------------------------------------------------- local times (exports)


# A date with its parts in any order of day, month and year, an optional time (12- or 24-hour) and an
# optional zone: "14/05/2025 18:41", "05-14-2025 6:41 PM", "2025/03/14 6:02:11 PM GMT", "14.05.25 18.41".
_LOCAL_TIME_RE = re.compile(
    r"^(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})"
    r"(?:(?:[ t]|,\s*)(?P<H>\d{1,2})[:.h](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"\s*(?P<zone>z|(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?|utc|gmt)?$"
)
_MONTH_NAME_RE = re.compile(r"[a-z]{3}")


def _date_parts(match: re.Match, day_first: bool | None) -> tuple[int, int, int] | None:
    """(year, month, day) of a matched date; None where the order of day and month is not known."""
    a, b, c = match.group("a"), match.group("b"), match.group("c")
    if len(a) == 4:
        return int(a), int(b), int(c)
    year = int(c) + (2000 if len(c) == 2 else 0)
    first, second = int(a), int(b)
    if day_first is None:
        if first > 12 >= second:
            day_first = True
        elif second > 12 >= first:
            day_first = False
        elif first == second:
            day_first = True  # 05/05: the same either way
        else:
            return None
    return (year, second, first) if day_first else (year, first, second)


def _zone_offset(zone: str | None) -> pd.Timedelta | None:
    if not zone:
        return None
    text = zone.replace("utc", "").replace("gmt", "").replace(" ", "")
    if text in ("", "z"):
        return pd.Timedelta(0)
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return sign * pd.Timedelta(hours=hours, minutes=minutes)


def _local_time_value(value: object, zone, day_first: bool | None) -> tuple[object, bool]:
    if value is None or _is_missing(value):
        return pd.NaT, True
    if hasattr(value, "year") and not isinstance(value, str):
        stamp = pd.Timestamp(value)
        return (stamp.tz_localize(zone, ambiguous="NaT", nonexistent="NaT") if stamp.tzinfo is None else stamp), True
    text = _clean_text(value)
    if text is None:
        return pd.NaT, True
    match = _LOCAL_TIME_RE.match(text)
    try:
        if match is None:
            if not _MONTH_NAME_RE.search(text.replace("am", "").replace("pm", "").replace("utc", "")
                                         .replace("gmt", "")):
                return pd.NaT, False
            from dateutil import parser as dateparser  # month names: "14 May 2025 18:41", "May 14, 2025 6:41 PM"

            stamp = pd.Timestamp(dateparser.parse(text, dayfirst=bool(day_first)))
            offset = None
        else:
            parts = _date_parts(match, day_first)
            if parts is None:
                return pd.NaT, False
            hour = int(match.group("H") or 0)
            ampm = (match.group("ampm") or "").replace(".", "")
            if ampm:
                if not 1 <= hour <= 12:
                    return pd.NaT, False
                hour = hour % 12 + (12 if ampm == "pm" else 0)
            stamp = pd.Timestamp(year=parts[0], month=parts[1], day=parts[2], hour=hour,
                                 minute=int(match.group("M") or 0), second=int(match.group("S") or 0))
            offset = _zone_offset(match.group("zone"))
    except (ValueError, OverflowError, TypeError):  # 31/02, hour 25, an unreadable month name
        return pd.NaT, False
    if offset is not None:
        return (stamp - offset).tz_localize("UTC"), True
    if stamp.tzinfo is not None:
        return stamp.tz_convert("UTC"), True
    local = stamp.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    return (local, True) if not pd.isna(local) else (pd.NaT, False)


def looks_like_date_time(series: pd.Series) -> pd.Series:
    """Which values are shaped as a date with or without a time (``14/05/2025 18:41``, ISO 8601), valid or not.

    For quoting a value back to a person: a date is never a phone number.

    Example
    -------
    >>> looks_like_date_time(pd.Series(["05/14/2025 25:00", "2025-05-14T18:41:00Z", "+44 20 7946 0958", None])).tolist()
    [True, True, False, False]
    """
    text = _as_series(series).astype("string").str.strip().str.lower()
    return text.str.match(_LOCAL_TIME_RE.pattern).fillna(False).astype(bool)


def infer_day_first(series: pd.Series) -> bool | None:
    """Whether a column of dates writes the day before the month, where its values show it; else None.

    ``14/05/2025`` can only be day first and ``05/14/2025`` only month first;
    a column of ``04/05/2025`` alone cannot tell (None), except where every
    date is written with dots (``04.05.2025``): German, Austrian, Swiss,
    Scandinavian and Eastern European dates, always day first (month-first
    dates are written with slashes). Year-first dates (``2025/05/14``) and
    dates with month names never decide.

    Example
    -------
    >>> infer_day_first(pd.Series(["04/05/2025 18:00", "14/05/2025 18:41"]))
    True
    >>> infer_day_first(pd.Series(["05/14/2025 6:41 PM"])), infer_day_first(pd.Series(["04/05/2025"]))
    (False, None)
    >>> infer_day_first(pd.Series(["04.05.2025 18:00", "12.03.2026"]))
    True
    """
    text = _as_series(series).dropna().astype(str).str.strip().str.lower()
    parts = text.drop_duplicates().str.extract(r"^(\d{1,2})([./-])(\d{1,2})[./-]\d{2,4}\b").dropna()
    if parts.empty:
        return None
    day, month = parts[0].astype(int), parts[2].astype(int)
    day_first = bool((day > 12).any())
    month_first = bool((month > 12).any())
    if day_first == month_first:
        if not day_first and (parts[1] == ".").all():
            return True
        return None
    return day_first


def read_local_timestamp(series: pd.Series, *, time_zone: str | None = None,
                         day_first: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Times as exports write them, as ``datetime64[ns, UTC]``: local times, any date order, 12-hour clocks.

    A time with an offset or a zone (``+02:00``, ``Z``, ``GMT``, ``GMT+1``) is
    read at that offset; one without is a local time in ``time_zone`` (an IANA
    name; UTC when None). ``day_first`` says whether ``04/05/2025`` is the 4th
    of May (True) or April 5th (False); None decides by the column's own
    values where they show it (:func:`infer_day_first`) and flags the dates
    whose order is not known. Year-first dates and ISO 8601 are read as such;
    a local time that does not exist or happens twice (the hour the clocks
    change) is flagged rather than guessed.

    Example
    -------
    >>> times, bad = read_local_timestamp(pd.Series(["14/05/2025 18:41", "05/05/2025 6:41 PM", "2025-05-14T18:41Z"]),
    ...                                   time_zone="Europe/London")
    >>> times.dt.strftime("%d %b %H:%M").tolist(), bad.tolist()
    (['14 May 17:41', '05 May 17:41', '14 May 18:41'], [False, False, False])
    >>> read_local_timestamp(pd.Series(["03/04/2025 10:00"]))[1].tolist()   # March 4th or April 3rd?
    [True]
    """
    from zoneinfo import ZoneInfo

    series = _as_series(series)
    zone = ZoneInfo(time_zone) if time_zone else "UTC"
    if day_first is None:
        day_first = infer_day_first(series)
    values, bad = _by_unique(series, lambda v: _local_time_value(v, zone, day_first))
    stamps = [pd.Timestamp(v).tz_convert("UTC") if not pd.isna(v) else pd.NaT for v in values]
    result = pd.Series(pd.DatetimeIndex(stamps, tz="UTC") if len(stamps) else pd.DatetimeIndex([], tz="UTC"),
                       index=series.index).astype("datetime64[ns, UTC]")
    return result, pd.Series(bad, index=series.index)


# --------------------------------------------------------------------------- ids and codes


def _id_value(value: object) -> tuple[object, bool]:
    if value is None or _is_missing(value):
        return pd.NA, True
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = _SPACE_RE.sub(" ", str(value)).strip()
    return (text or pd.NA), True


def read_id(series: pd.Series, *, transform=None) -> pd.Series:
    """Identifiers as trimmed ``string`` values; ``1001.0`` from a spreadsheet becomes ``1001``.

    ``transform`` (Series -> Series) is applied to the distinct cleaned values only,
    e.g. pseudonymisation, so that it runs once per person rather than once per row.

    Example
    -------
    >>> read_id(pd.Series([1001.0, " B  17 ", None])).tolist()
    ['1001', 'B 17', <NA>]
    """
    series = _as_series(series)
    if _all_missing(series):
        return pd.Series(pd.array([pd.NA] * len(series), dtype="string"), index=series.index)
    if series.dtype.kind in "iu" or str(series.dtype).startswith(("Int", "UInt")):
        series = series.astype("Int64")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if isinstance(uniques, pd.Index):
        uniques = uniques.to_numpy(dtype=object)
    else:
        uniques = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        # all text: each distinct value cleaned in plain Python, as pandas did it (its .str.replace of r"\s+" runs
        # Python's re value by value; after it no whitespace but " " is left, so any strip gives the same text)
        # without pandas' per-call overhead (0.1 s over the 32 id columns of a 10k season's files)
        cleaned = pd.Series([_SPACE_RE.sub(" ", u).strip() or None for u in uniques], dtype="string")
    else:
        cleaned = pd.Series([_id_value(u)[0] for u in uniques], dtype="string")
    if transform is not None and len(cleaned):
        cleaned = pd.Series(transform(cleaned).to_numpy(dtype=object), dtype="string")
    taken = cleaned.array.take(codes, allow_fill=True)
    return pd.Series(taken, index=series.index, dtype="string")


def read_code(series: pd.Series, allowed: tuple[str, ...], *, synonyms: Mapping[str, str] | None = None
              ) -> tuple[pd.Series, pd.Series]:
    """Codes such as ``format`` as a categorical of ``allowed``, case-, spacing- and punctuation-insensitive.

    ``Self selected``, ``self-selected.`` and ``SELF_SELECTED`` all read as ``self_selected``.

    Example
    -------
    >>> codes, invalid = read_code(pd.Series(["Self selected", "lottery", "draw"]), ("randomized", "self_selected"),
    ...                            synonyms={"lottery": "randomized"})
    >>> codes.tolist(), invalid.tolist()
    (['self_selected', 'randomized', nan], [False, False, True])
    """
    from toolkit.settings import value_key

    series = _as_series(series)
    allowed_keys = {value_key(a): a for a in allowed}
    for key, value in (synonyms or {}).items():
        allowed_keys[value_key(key)] = value

    def convert(value: object) -> tuple[object, bool]:
        text = _clean_text(value)
        if text is None:
            return pd.NA, True
        key = value_key(text)
        return (allowed_keys[key], True) if key in allowed_keys else (pd.NA, False)

    if _all_missing(series):
        return (pd.Series(pd.Categorical([None] * len(series), categories=list(allowed)), index=series.index),
                _no_flags(series))
    values, bad = _by_unique(series, convert)
    return (pd.Series(pd.Categorical(values, categories=list(allowed)), index=series.index),
            pd.Series(bad, index=series.index))


def map_values(series: pd.Series, words: Mapping[str, str] | None) -> pd.Series:
    """Cells written in an organiser's own words (``[values.COLUMN]`` of netout.toml) as the words they stand for.

    ``words`` maps :func:`toolkit.settings.value_key` of a word to its meaning;
    a meaning of ``""`` empties the cell on purpose. Other cells are left as they are,
    for the column's reader to read or report.

    Example
    -------
    >>> map_values(pd.Series(["Coffee chat", "Maybe", "email"]), {"coffee_chat": "meeting", "maybe": ""}).tolist()
    ['meeting', <NA>, 'email']
    """
    if not words or not len(series):
        return series
    from toolkit.settings import value_key

    def mapped(value: object) -> object:
        text = _clean_text(value)
        if text is None or value_key(text) not in words:
            return value
        return words[value_key(text)] or pd.NA

    return pd.Series([mapped(v) for v in series.to_numpy(dtype=object)], index=series.index, dtype=object,
                     name=series.name)

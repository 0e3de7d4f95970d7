"""Parsers of spreadsheet text: yes/no, Likert answers, times, numbers, ids and codes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import DataValidationError, parse_likert, parse_number, parse_timestamp, parse_yes_no
from toolkit.io.parsing import read_code, read_id, read_likert, read_number, read_timestamp, read_yes_no

# ----------------------------------------------------------------------------- yes / no


@pytest.mark.parametrize("text", ["Y", "y", "yes", "YES", " Yes ", "TRUE", "true", "t", "1", 1, 1.0, True, "ja", "oui"])
def test_yes_variants(text):
    assert parse_yes_no([text]).tolist() == [True]


@pytest.mark.parametrize("text", ["N", "no", "No ", "FALSE", "f", "0", 0, 0.0, False, "nein", "non"])
def test_no_variants(text):
    assert parse_yes_no([text]).tolist() == [False]


@pytest.mark.parametrize("text", [None, np.nan, "", "  ", "NA", "n/a", pd.NA])
def test_yes_no_missing(text):
    assert parse_yes_no([text]).isna().all()


def test_yes_no_unreadable_raises_toolkit_error_naming_value():
    with pytest.raises(DataValidationError) as info:
        parse_yes_no(["yes", "maybe"], column="met_helpful")
    problem = info.value.report.problems[0]
    assert problem.column == "met_helpful" and "maybe" in str(problem)


def test_yes_no_coerce_and_mask():
    assert parse_yes_no(["maybe", "y"], errors="coerce").tolist() == [pd.NA, True]
    values, invalid = read_yes_no(pd.Series(["maybe", "y", None]))
    assert values.dtype == "boolean"
    assert invalid.tolist() == [True, False, False]


# ----------------------------------------------------------------------------- Likert


@pytest.mark.parametrize("text, expected", [
    ("Strongly disagree", 1), ("STRONGLY AGREE", 5), ("agree", 4), ("Disagree", 2), ("Neutral", 3),
    ("neither agree nor disagree", 3), ("4", 4), (3, 3), ("4 - agree", 4), ("5 (strongly agree)", 5),
    ("Yes", 1), ("no", 0), ("3,5", 3.5), ("Very satisfied", 5),
])
def test_likert_labels(text, expected):
    assert parse_likert([text]).tolist() == [expected]


def test_likert_custom_labels_from_settings_override():
    labels = {"Totally Disagree": 1, "tout à fait d'accord": 5, "agree": 3.5}
    assert parse_likert(["totally disagree", "Tout à fait d'accord", "Agree"], labels=labels).tolist() == [1, 5, 3.5]


def test_likert_unknown_label():
    values, invalid = read_likert(pd.Series(["kinda", "agree"]))
    assert invalid.tolist() == [True, False]
    with pytest.raises(DataValidationError):
        parse_likert(["kinda"])


# ----------------------------------------------------------------------------- timestamps


def test_timestamps_with_and_without_offsets_are_utc():
    out = parse_timestamp(["2024-05-01T18:00:00+02:00", "2024-05-01T16:00:00Z", "2024-05-01 16:00",
                           "2024-05-01T16:00:00.000-00:00", "2024-05-01"])
    assert str(out.dtype) == "datetime64[ns, UTC]"
    assert out.iloc[:4].nunique() == 1
    assert out.iloc[0] == pd.Timestamp("2024-05-01T16:00:00Z")
    assert out.iloc[4] == pd.Timestamp("2024-05-01T00:00:00Z")


def test_timestamps_mixed_offsets_in_one_column():
    out = parse_timestamp(["2024-05-01T18:00:00+02:00", "2024-05-01T12:00:00-04:00"])
    assert out.tolist() == [pd.Timestamp("2024-05-01T16:00Z")] * 2


def test_timestamps_from_spreadsheet_cells_and_datetime_columns():
    cells = pd.Series([dt.datetime(2024, 5, 1, 10, 0), None], dtype=object)
    assert parse_timestamp(cells).iloc[0] == pd.Timestamp("2024-05-01T10:00Z")
    naive = pd.Series(pd.to_datetime(["2024-05-01 10:00"]))
    assert parse_timestamp(naive).iloc[0] == pd.Timestamp("2024-05-01T10:00Z")
    aware = pd.Series(pd.to_datetime(["2024-05-01 10:00+02:00"]))
    assert parse_timestamp(aware).iloc[0] == pd.Timestamp("2024-05-01T08:00Z")


@pytest.mark.parametrize("text", ["yesterday", "18h00", "01/05/2024", "2024-13-45T10:00", "12", "May 3"])
def test_timestamps_not_iso_are_invalid(text):
    values, invalid = read_timestamp(pd.Series(["2024-05-01T10:00Z", text]))
    assert invalid.tolist() == [False, True]
    assert pd.isna(values.iloc[1])


def test_timestamps_many_rows_with_repeats_take_the_distinct_value_path():
    texts = pd.Series(["2024-05-01T10:00:00+02:00", "2024-05-01T10:00:01+02:00", "bad"] * 2000)
    values, invalid = read_timestamp(texts)
    assert invalid.sum() == 2000
    assert values.iloc[0] == pd.Timestamp("2024-05-01T08:00Z")


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("text, expected", [
    ("3,5", 3.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("12 000", 12000), ("1 234,5", 1234.5),
    ("-2", -2), ("1e3", 1000), (" 7 ", 7), ("1,234,567", 1234567), ("\u22125", -5),
])
def test_numbers_with_separators(text, expected):
    assert parse_number([text]).tolist() == [expected]


def test_ambiguous_thousands_only_read_where_column_uses_decimal_commas():
    values, invalid = read_number(pd.Series(["1,234", "2.5"]))
    assert invalid.tolist() == [True, False]
    values, invalid = read_number(pd.Series(["1,234", "2,5"]))
    assert values.tolist() == [1.234, 2.5] and not invalid.any()


def test_numbers_typed_columns_pass_and_infinity_is_invalid():
    values, invalid = read_number(pd.Series([1.0, np.inf, None]))
    assert values.dtype == "Float64" and invalid.tolist() == [False, True, False]


# ----------------------------------------------------------------------------- ids and codes


def test_ids_from_spreadsheet_numbers_and_spaces():
    assert read_id(pd.Series([1001.0, " B 7 ", None, ""], dtype=object)).tolist() == ["1001", "B 7", pd.NA, pd.NA]
    assert read_id(pd.Series([5, 6])).dtype == "string"


def test_codes_accept_case_and_spelling_variants():
    values, invalid = read_code(pd.Series(["Self selected", "SELF-SELECTED", "self_selected", "coin", None]),
                                ("randomized", "self_selected", "scheduled"))
    assert values.tolist()[:3] == ["self_selected"] * 3
    assert invalid.tolist() == [False, False, False, True, False]


# ----------------------------------------------------------------------------- property tests

_cells = st.one_of(
    st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())), st.binary(max_size=10),
    st.sampled_from(["yes", "No", "Strongly agree", "2024-05-01T10:00:00+02:00", "1.234,5", "NaT", "nan", "∞"]),
)
_budget = settings(max_examples=200, derandomize=True, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("parser", [parse_yes_no, parse_likert, parse_timestamp, parse_number],
                         ids=["yes_no", "likert", "timestamp", "number"])
@_budget
@given(values=st.lists(_cells, max_size=12))
def test_parsers_raise_only_the_toolkit_validation_error(parser, values):
    try:
        result = parser(values)
    except DataValidationError as exc:
        assert exc.report.problems  # it says what was wrong
    else:
        assert len(result) == len(values)
        coerced = parser(values, errors="coerce")
        assert len(coerced) == len(values)


@_budget
@given(st.lists(st.text(max_size=20), max_size=10), st.dictionaries(st.text(max_size=10), st.floats(-10, 10),
                                                                 max_size=3))
def test_likert_with_any_custom_labels_never_crashes(values, labels):
    try:
        parse_likert(values, labels=labels)
    except DataValidationError:
        pass


def test_read_id_cleans_every_kind_of_space_as_pandas_did():
    """Runs of any whitespace (tabs, no-break and ideographic spaces, line separators) become one space, ends trimmed,
    empty ids missing: the distinct values are cleaned in Python exactly as pandas' string methods did."""
    raw = pd.Series(["a  b", "\u00a0x\u3000", "a\tb\nc", "\u2028y", "x\x1cy", "  ", "", None, "\u180e q", "B 17"],
                    dtype="str")
    expected = pd.Series(raw.astype("string").str.replace(r"\s+", " ", regex=True).str.strip(), dtype="string")
    expected = expected.mask(expected == "")
    got = read_id(raw)
    assert got.tolist() == ["a b", "x", "a b c", "y", "x y", pd.NA, pd.NA, pd.NA, "\u180e q", "B 17"]
    assert got.astype(object).equals(expected.astype(object))


@pytest.mark.parametrize(("dates", "expected"), [
    (["04.05.2025 18:00", "12.03.2026 09:15"], True),     # dotted: German, Swiss, Nordic ... always day first
    (["04.05.25", "01.02.25"], True),
    (["04/05/2025", "12/03/2026"], None),                  # slashed and never above 12: cannot tell
    (["04.05.2025", "05/04/2025"], None),                  # dots and slashes mixed: no convention holds
    (["05.14.2025"], False),                               # a 14 in the second place still decides
    (["2025.05.04"], None),                                # year first never decides
])
def test_dotted_dates_are_day_first_where_the_values_cannot_tell(dates, expected):
    """A German scan export of 12.03.2026 was refused as 'could be day-first or month-first'."""
    from toolkit.io.parsing import infer_day_first

    assert infer_day_first(pd.Series(dates)) is expected


def test_a_german_scan_export_with_dotted_dates_imports_without_a_date_order(tmp_path):
    from toolkit.io.importers import import_export

    export = tmp_path / "scans.csv"
    export.write_text("Gescannt von;Badge-ID;Scan-Datum\n4101;4102;12.03.2026 18:41\n4103;4104;01.03.2026 18:45\n",
                      encoding="utf-8-sig")
    result = import_export("scans", [export], out=tmp_path / "event", session_format="unstructured")
    assert result.tables["contacts"]["timestamp"].astype(str).str[:10].tolist() == ["2026-03-12", "2026-03-01"]

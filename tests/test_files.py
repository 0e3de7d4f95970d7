"""The one table-file reader and CSV writer (``toolkit.io.files``), and the cases where its rule replaced another.

Each ``test_one_rule_*`` test names a case where two copies of a rule used to
disagree (the loader's reader, the importers' readers and the plan's reader;
three yes/no parsers); the one rule now decides, and the test shows the case.
"""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from toolkit.errors import DataValidationError, UsageError
from toolkit.io.files import (
    check_size,
    decode_text,
    detect_encoding,
    neutralise_formulas,
    read_table,
    sniff_delimiter,
    write_csv,
)
from toolkit.io.importers import import_export
from toolkit.privacy import pseudonym

# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(("raw", "expected"), [
    ("event_id,name\ne1,Zoë\n".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "event_id,name\ne1,Zoë\n".encode("utf-8"), "utf-8-sig"),
    ("event_id,name\ne1,Zoë\n".encode("utf-16"), "utf-16"),
    ("event_id,name\ne1,Zoë\n".encode("utf-16-le"), "utf-16-le"),
    ("event_id,name\ne1,Café Müller\n".encode("cp1252"), "cp1252"),
])
def test_spreadsheet_encodings_are_detected(raw, expected):
    assert detect_encoding(raw) == expected
    text, used = decode_text(raw, name="x.csv")
    assert used == expected and text.startswith("event_id,name\n") and text.split(",")[-1].strip() in ("Zoë",
                                                                                                      "Café Müller")


def test_a_short_western_file_is_never_read_as_utf16():
    # charset-normalizer alone calls these ten bytes UTF-16-BE; without zero bytes or a BOM UTF-16 is no candidate
    assert detect_encoding(b"a,b\n1,caf\xe9\n") == "cp1252"


@pytest.mark.parametrize(("raw", "phrase"), [
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)), "not text in UTF-8, UTF-16"),
    (codecs.BOM_UTF8 + b"a,b\n1,\x81\x8d\x8f\x90\x9d\n", "starts as UTF-8"),
    (b"a,b\n1,\x01\x02\x03\n", "control characters"),
])
def test_bytes_that_are_not_a_text_table_are_refused_saying_so(raw, phrase):
    with pytest.raises(DataValidationError, match=phrase) as caught:
        decode_text(raw, name="attendees.csv")
    assert caught.value.report.problems[0].file == "attendees.csv"


# --------------------------------------------------------------------------- tables


def test_rows_are_numbered_as_a_spreadsheet_numbers_them(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("event_id;attendee_id;contact_id\ne1;A1;A2\n\ne1;A3;A4\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.attrs["separator"] == ";" and frame.attrs["encoding"] == "utf-8"
    assert frame.index.tolist() == [2, 3, 4]
    assert frame.loc[4, "contact_id"] == "A4" and frame.loc[3].isna().all()
    grid = read_table(path, header=False)
    assert grid.index.tolist() == [1, 2, 3, 4] and grid.loc[1, 0] == "event_id"


def test_only_an_empty_cell_is_missing(tmp_path):
    frame = read_table(b"attendee_id,industry\nA1,NA\nA2,\n", name="attendees.csv")
    assert frame["industry"].tolist()[0] == "NA" and pd.isna(frame["industry"].tolist()[1])


def test_xlsx_and_parquet_read_as_text_when_asked(tmp_path):
    frame = pd.DataFrame({"attendee_id": ["A1", "A2"], "company_size": [12, 250]})
    frame.to_excel(tmp_path / "attendees.xlsx", index=False)
    frame.to_parquet(tmp_path / "attendees.parquet", index=False)
    typed = read_table(tmp_path / "attendees.xlsx")
    assert typed.loc[2, "company_size"] == 12
    for name in ("attendees.xlsx", "attendees.parquet"):
        text = read_table(tmp_path / name, text=True)
        assert text.loc[3, "company_size"] == "250", name
    upload = read_table((tmp_path / "attendees.xlsx").read_bytes(), name="upload.xlsx", text=True)
    assert upload["attendee_id"].tolist() == ["A1", "A2"]


def test_ragged_row_is_named_with_its_spreadsheet_row():
    with pytest.raises(DataValidationError) as caught:
        read_table(b'a,b\n1,2\n3,4,5\n', name="x.csv")
    problem = caught.value.report.problems[0]
    assert (problem.file, problem.row) == ("x.csv", 3) and "3 cells" in problem.message


def test_a_cell_more_than_the_header_in_every_row_is_refused_not_shifted():
    """A comma typed into an unquoted cell of every row: pandas took the first column as the index and read
    each value under its neighbour's header, without a word."""
    with pytest.raises(DataValidationError) as caught:
        read_table(b"attendee_id,industry,note\nA1,Law,call back, soon\nA2,Tech,fine, thanks\n", name="x.csv")
    problem = caught.value.report.problems[0]
    assert (problem.file, problem.row) == ("x.csv", 2) and "4 cells but the header has 3" in problem.message
    # a separator at the end of each line is nothing: the values stay under their own headers
    frame = read_table(b"attendee_id,industry\nA1,Law,\nA2,Tech,\n", name="y.csv", text=True)
    assert frame.to_dict(orient="list") == {"attendee_id": ["A1", "A2"], "industry": ["Law", "Tech"]}
    assert frame.index.tolist() == [2, 3]


def test_size_is_checked_before_reading(tmp_path):
    big = tmp_path / "contacts.csv"
    with open(big, "wb") as handle:
        handle.truncate(3 * 1024 ** 2)  # sparse: 3 MB by its size
    with pytest.raises(DataValidationError, match="NETOUT_MAX_FILE_MB"):
        read_table(big, max_bytes=1024 ** 2)
    assert check_size(big) == 3 * 1024 ** 2


def test_delimiter_ignores_separators_inside_quotes():
    assert sniff_delimiter('"a;b";"c;d",e\n') == ","
    assert sniff_delimiter("a\tb\tc;d\n") == "\t"


def test_the_writer_neutralises_formulas_in_cells_and_names(tmp_path):
    out = write_csv(pd.DataFrame({"=bad": ["@SUM(A1)", "-3", "fine"]}), tmp_path / "x.csv")
    assert out.read_text(encoding="utf-8").splitlines() == ["'=bad", "'@SUM(A1)", "-3", "fine"]


# --------------------------------------------------------------------------- one rule where two disagreed


def test_one_rule_delimiter_for_a_one_column_registration_list(tmp_path):
    """plan's reader let Python's csv.Sniffer guess, and it split 'attendee_id' at the letter 'e'."""
    from toolkit.plan import read_registrations

    path = tmp_path / "registrations.csv"
    path.write_text("attendee_id\nA1\nA2\nA3\n", encoding="utf-8")
    frame, _ = read_registrations(path, secret="k")
    assert frame["attendee_id"].tolist() == [pseudonym(i, secret="k") for i in ("A1", "A2", "A3")]


def test_one_rule_delimiter_for_semicolon_scorecards(tmp_path):
    """The scorecards importer read commas only (unless its profile said otherwise); now the separator is sniffed."""
    cards = tmp_path / "cards.csv"
    cards.write_text("iid;pid;wave;dec;field\n1;2;1;1;law\n2;1;1;0;tech\n", encoding="utf-8")
    profile = tmp_path / "profile.toml"
    profile.write_text('[roles]\nperson = "iid"\npartner = "pid"\nevent = "wave"\ninterest = "dec"\n'
                       '[[columns]]\nsource = "field"\nname = "industry"\n', encoding="utf-8")
    result = import_export("scorecards", [cards], out=tmp_path / "out", column_map=profile)
    assert result.counts()["contacts"] == 2


@pytest.mark.parametrize(("answer", "expected"), [("x", "yes"), ("Oui", "yes"), ("checked", "yes"), ("nein", "no")])
def test_one_rule_yes_no_in_scorecards(tmp_path, answer, expected):
    """The importers' own yes/no reader knew 1/0, yes/no, y/n and true/false only ('x' was 'not 1/0 or yes/no')."""
    cards = tmp_path / "cards.csv"
    cards.write_text(f"iid,pid,wave,dec,field\n1,2,1,{answer},law\n2,1,1,1,tech\n", encoding="utf-8")
    profile = tmp_path / "profile.toml"
    profile.write_text('[roles]\nperson = "iid"\npartner = "pid"\nevent = "wave"\ninterest = "dec"\n'
                       '[[columns]]\nsource = "field"\nname = "industry"\n', encoding="utf-8")
    result = import_export("scorecards", [cards], out=tmp_path / "out", column_map=profile)
    assert result.tables["contacts"]["interest"].tolist() == [expected, "yes"]
    assert result.report[result.report["what"] == "value_not_mapped"].empty


def _interest_data(answers):
    from toolkit.io.load import from_tables

    others = [f"B{i}" for i in range(len(answers))]
    people = ["A", *others]
    return from_tables({
        "attendees": pd.DataFrame({"event_id": "e1", "attendee_id": people}),
        "sessions": pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["structured"]}),
        "participation": pd.DataFrame({"event_id": "e1", "session_id": "s1", "attendee_id": people}),
        "contacts": pd.DataFrame({"event_id": "e1", "attendee_id": "A", "contact_id": others,
                                  "interest": pd.Series(answers, dtype=object)}),
    }, secret="k", errors="report")


def test_one_rule_yes_no_for_outcomes():
    """outcomes read text yes/no answers with its own list; 'x' or 'oui' were missing there and yes for the loader."""
    from toolkit.io.parsing import read_yes_no
    from toolkit.outcomes import compute_outcomes

    answers = ["x", "oui", "no", "1.0", None, "maybe"]
    data = _interest_data(answers)
    table = compute_outcomes(data)
    expected = read_yes_no(pd.Series(answers, dtype=object))[0]
    # each row of the log is a different pair with A: A's interest share is the share of yes among the readable answers
    readable = expected.dropna()
    assert table.set_index("attendee_id").loc[pseudonym("A", secret="k"), "interest_share"] == pytest.approx(
        readable.mean())
    assert readable.tolist() == [True, True, False, True]


def test_one_rule_blank_lines_in_a_survey_export_keep_row_numbers(tmp_path):
    """The survey importer's reader skipped blank lines, so every row after one was reported one row too early."""
    export = tmp_path / "forms.csv"
    export.write_text("Timestamp,Member,Would you come to our next event?\n"
                      "2025/03/14 6:02:11 PM GMT,B-1,Yes\n"
                      "\n"
                      "2025/03/14 6:03:11 PM GMT,B-2,Perhaps\n", encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Member" = "attendee_id"\n'
                          '"Would you come to our next event?" = "would_return"\n', encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "o", column_map=column_map)
    lines = result.report.set_index("what")
    assert int(lines.loc["value_not_mapped", "row"]) == 4  # 'Perhaps' is on spreadsheet row 4
    assert int(lines.loc["row_skipped", "row"]) == 3 and lines.loc["row_skipped", "reason"] == "blank row left out (no value in any cell)"


def test_one_rule_unreadable_export_is_a_usage_error_naming_the_file(tmp_path):
    export = tmp_path / "responses.csv"
    export.write_bytes(b"%PDF-1.7\x00\x01\x02" + bytes(range(128, 256)))
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Member" = "attendee_id"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="responses.csv: is not text in UTF-8"):
        import_export("survey", [export], out=tmp_path / "o", column_map=column_map)


def test_write_csv_writes_nullable_columns_as_pandas_writes_them(tmp_path):
    # write_csv hands nullable numbers and yes/no answers to pandas as Python objects (faster); the text must
    # be what pandas writes for the typed columns: missing cells empty, 1.0 as 1.0, a third to 16 digits
    frame = pd.DataFrame({
        "share": pd.array([1 / 3, 1.0, None, 0.1 + 0.2, 1e-7, 12345678.9], dtype="Float64"),
        "n": pd.array([3, None, 0, -2, 10**12, 7], dtype="Int64"),
        "single": pd.array([0.1, 1 / 3, None, 2.5, 1e-7, 7.0], dtype="Float32"),  # as Python floats: 0.10000000149
        "yes": pd.array([True, None, False, True, False, None], dtype="boolean"),
        "when": pd.to_datetime(["2024-05-01T18:00:00.5Z", None, "2024-05-01T18:00:00.0Z"] * 2, utc=True),
        "name": pd.array(["=x", "a", None, "b", "c", "d"], dtype="string"),
    })
    written = write_csv(frame, tmp_path / "t.csv").read_text(encoding="utf-8")
    assert written == neutralise_formulas(frame).to_csv(index=False)

"""Loading and validating event folders: layouts, file types, encodings, and every problem named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import DataValidationError, UsageError
from toolkit.contract import TABLES
from toolkit.privacy import pseudonym

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base"

# folder -> (file, spreadsheet row, column, severity) that the first problem must name.
# One folder per problem; each is the valid base event with exactly one thing wrong.
EXPECTED = {
    "contact_unknown_attendee": ("contacts.csv", 7, "contact_id", "error"),
    "contact_unknown_session": ("contacts.csv", 3, "session_id", "error"),
    "participation_unknown_attendee": ("participation.csv", 5, "attendee_id", "error"),
    "participation_unknown_session": ("participation.csv", 3, "session_id", "error"),
    "duplicate_attendee": ("attendees.csv", 8, "attendee_id", "error"),
    "duplicate_session": ("sessions.csv", 4, "session_id", "error"),
    "self_contact": ("contacts.csv", 5, "contact_id", "warning"),
    "unknown_format": ("sessions.csv", 2, "format", "error"),
    "unknown_assignment": ("sessions.csv", 3, "assignment", "error"),
    "bad_contact_timestamp": ("contacts.csv", 4, "timestamp", "warning"),
    "bad_session_time": ("sessions.csv", 3, "start", "error"),
    "end_before_start": ("sessions.csv", 2, "end", "error"),
    "followup_before_exchange": ("followups.csv", 3, "timestamp", "warning"),
    "followup_never_met": ("followups.csv", 5, "contact_id", "warning"),
    "followup_unknown_kind": ("followups.csv", 2, "kind", "warning"),
    # a warning since sessions became the unit of exposure: the outcome table leaves the person's contact
    # outcomes missing (attribution "unattributable") instead of refusing the folder
    "mixed_formats_unattributable": ("participation.csv", 2, "session_id", "warning"),
    "missing_required_column": ("attendees.csv", 1, "attendee_id", "error"),
    "missing_required_table": ("participation.csv", None, None, "error"),
    "likert_unknown_label": ("survey.csv", 3, "style_1", "warning"),
    "nps_out_of_range": ("survey.csv", 4, "nps", "warning"),
    "bad_yes_no": ("survey.csv", 2, "met_helpful", "warning"),
    "survey_unknown_attendee": ("survey.csv", 3, "attendee_id", "warning"),
    "contact_missing_id": ("contacts.csv", 3, "contact_id", "warning"),
    "negative_duration": ("contacts.csv", 7, "duration_s", "warning"),
    "duplicate_columns": ("attendees.csv", 1, "event_id", "error"),
    "utf16_duplicate_attendee": ("attendees.csv", 8, "attendee_id", "error"),
    "latin1_bad_yes_no": ("attendees.csv", 5, "first_time", "warning"),
    "semicolon_nps_decimal_comma": ("survey.csv", 5, "nps", "warning"),
    "quoted_newline_unknown_attendee": ("contacts.csv", 7, "contact_id", "error"),
    "xlsx_duplicate_attendee": ("attendees.xlsx", 8, "attendee_id", "error"),
    "binary_file": ("attendees.csv", None, None, "error"),
    "style_item_missing": ("netout.toml", None, "style_scale", "error"),
    "subfolder_unknown_attendee": ("e2/contacts.csv", 3, "attendee_id", "error"),
}


def test_every_broken_folder_is_listed():
    folders = {p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == set(EXPECTED)
    assert len(EXPECTED) >= 20


def test_base_folder_is_valid():
    data = toolkit.load_event_data(BASE, secret="k")
    assert data.report.problems == [] and data.report.set_aside == []
    assert data.event_ids == ["e1"]


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_broken_folder_names_file_row_and_column(folder):
    file, row, column, severity = EXPECTED[folder]
    data = toolkit.read_folder(BROKEN / folder, secret="k")
    report = data.report
    assert report.problems, f"{folder}: no problem found"
    # exactly one problem (one cell), except where one person's problem shows on each of their rows
    places = {(p.file, p.column, p.severity) for p in report.problems}
    assert places == {(file, column, severity)}, report.summary()
    first = report.problems[0]
    assert (first.file, first.row, first.column, first.severity) == (file, row, column, severity), str(first)
    assert len(first.message) > 20  # a sentence, not a code
    assert report.ok == (severity == "warning")
    if severity == "warning" and folder == "mixed_formats_unattributable":
        # a warning that drops nothing: the participation rows stay, their contact outcomes are left missing
        assert report.set_aside == []
        report.raise_if_errors()
    elif severity == "warning":
        # nothing is dropped silently: the row is listed with its reason
        assert {"file": file, "row": row} in [{"file": s["file"], "row": s["row"]} for s in report.set_aside]
        report.raise_if_errors()  # usable: load_event_data would return the data
    else:
        with pytest.raises(DataValidationError) as info:
            report.raise_if_errors()  # what load_event_data raises
        assert file in str(info.value)


def test_set_aside_rows_are_removed_and_cleared_answers_blank():
    data = toolkit.load_event_data(BROKEN / "self_contact", secret="k")
    assert 5 not in data.contacts["_row"].tolist() and len(data.contacts) == 5
    data = toolkit.load_event_data(BROKEN / "nps_out_of_range", secret="k")
    row = data.survey.set_index("_row").loc[4]
    assert pd.isna(row["nps"]) and row["satisfaction"] == 3  # only the bad answer is blank


def test_set_aside_file(tmp_path):
    report = toolkit.validate_folder(BROKEN / "followup_before_exchange", secret="k")
    from toolkit.io.files import write_csv

    out = write_csv(report.set_aside_frame(), tmp_path / "aside.csv")
    frame = pd.read_csv(out)
    assert frame.to_dict("records")[0]["row"] == 3 and "before" in frame["reason"][0]


# ----------------------------------------------------------------------------- the loaded shape


def test_loaded_dtypes_follow_the_documented_shape():
    data = toolkit.load_event_data(BASE, secret="k")
    for name, frame in data.tables().items():
        assert list(frame.columns[: len(TABLES[name].columns)]) == list(TABLES[name].columns)
        assert list(frame.columns[-2:]) == ["_row", "_file"]
        assert frame["_row"].dtype == "Int64" and frame["_file"].dtype == "string"
        assert isinstance(frame.index, pd.RangeIndex)
    assert data.attendees["attendee_id"].dtype == "string"
    assert data.attendees["first_time"].dtype == "boolean"
    assert list(data.sessions["format"].cat.categories) == ["structured", "unstructured"]
    assert data.sessions["assignment"].tolist() == ["randomized", "randomized"]
    assert str(data.contacts["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert data.contacts["timestamp"].iloc[0] == pd.Timestamp("2024-05-01T16:10:00Z")
    assert data.survey["style_1"].dtype == "Float64"
    assert data.survey["style_1"].tolist() == [2, 5, 3, 4, 4]
    assert data.survey["met_helpful"].tolist() == [True, True, False, True, False]
    assert data.followups["kind"].dtype == "category"
    assert data.followups["event_id"].tolist() == ["e1"] * 3  # filled from the pair's exchange
    assert data.settings.style_scale.reversed == ("style_2",)


def test_absent_optional_tables_are_empty_with_canonical_columns(tmp_path):
    folder = tmp_path / "min"
    folder.mkdir()
    for name in ("attendees", "sessions", "participation"):
        shutil.copy(BASE / f"{name}.csv", folder)
    data = toolkit.load_event_data(folder, secret="k")
    for name in ("survey", "contacts", "followups", "known_ties"):
        frame = getattr(data, name)
        assert len(frame) == 0 and set(TABLES[name].columns) <= set(frame.columns)
    assert str(data.contacts["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert data.contacts["attendee_id"].dtype == "string"


# ----------------------------------------------------------------------------- file types and layouts


def _load_without_file(data):
    return {name: frame.drop(columns="_file") for name, frame in data.tables().items()}


def test_round_trip_csv_xlsx_parquet_give_the_same_tables(tmp_path):
    reference = _load_without_file(toolkit.load_event_data(BASE, secret="k"))
    raw = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in BASE.glob("*.csv")}
    for suffix in ("xlsx", "parquet"):
        folder = tmp_path / suffix
        folder.mkdir()
        shutil.copy(BASE / "netout.toml", folder)
        for name, frame in raw.items():
            if suffix == "xlsx":
                frame.to_excel(folder / f"{name}.xlsx", index=False)
            else:
                frame.to_parquet(folder / f"{name}.parquet", index=False)
        loaded = _load_without_file(toolkit.load_event_data(folder, secret="k"))
        for name in reference:
            pd.testing.assert_frame_equal(loaded[name], reference[name], check_dtype=True, obj=f"{suffix} {name}")


def test_typed_excel_cells_numbers_and_dates(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    folder = tmp_path / "f"
    sessions = pd.read_csv(folder / "sessions.csv")
    sessions["start"] = pd.to_datetime(sessions["start"], utc=True).dt.tz_localize(None)
    sessions["end"] = pd.to_datetime(sessions["end"], utc=True).dt.tz_localize(None)
    sessions.to_excel(folder / "sessions.xlsx", index=False)
    (folder / "sessions.csv").unlink()
    attendees = pd.read_csv(folder / "attendees.csv")
    attendees["seats"] = np.arange(len(attendees)) + 1000  # (a "badge" number would identify people: left out)
    attendees.to_excel(folder / "attendees.xlsx", index=False)
    (folder / "attendees.csv").unlink()
    data = toolkit.load_event_data(folder, secret="k")
    assert data.sessions["start"].iloc[0] == pd.Timestamp("2024-05-01T16:00Z")
    assert data.attendees["seats"].tolist()[:2] == [1000, 1001]


def test_event_subfolders_take_their_names_and_are_read_as_one():
    data = toolkit.validate_folder(BROKEN / "subfolder_unknown_attendee", secret="k")
    assert {p.file for p in data.problems} == {"e2/contacts.csv"}
    # a subfolder read on its own is a folder of tables without event_id: that is said plainly
    alone = toolkit.validate_folder(BROKEN / "subfolder_unknown_attendee" / "e1", secret="k")
    assert {(p.file, p.column) for p in alone.errors} >= {("attendees.csv", "event_id")}


def test_subfolder_season_loads(tmp_path):
    for event in ("spring", "autumn"):
        shutil.copytree(BASE, tmp_path / event)
        (tmp_path / event / "netout.toml").unlink()
        for path in (tmp_path / event).glob("*.csv"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame.drop(columns=[c for c in frame.columns if c == "event_id"]).to_csv(path, index=False)
    shutil.copy(BASE / "netout.toml", tmp_path)
    data = toolkit.load_event_data(tmp_path, secret="k")
    assert data.event_ids == ["autumn", "spring"]
    assert set(data.attendees["_file"]) == {"spring/attendees.csv", "autumn/attendees.csv"}
    assert len(data.contacts) == 12 and data.followups["event_id"].notna().all()


def test_column_names_case_spaces_and_column_map(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    folder = tmp_path / "f"
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str, keep_default_na=False)
    attendees.columns = [" Event_ID ", "Badge Number", "INDUSTRY", "Company Size", "First time", "networking_style"]
    attendees["Favourite Colour"] = "blue"
    attendees.to_csv(folder / "attendees.csv", index=False)
    toml = (folder / "netout.toml").read_text()
    (folder / "netout.toml").write_text('[columns.attendees]\n"Badge Number" = "attendee_id"\n\n' + toml)
    data = toolkit.load_event_data(folder, secret="k")
    assert data.attendees["attendee_id"].tolist()[:2] == [pseudonym("A1", secret="k"), pseudonym("A2", secret="k")]
    assert data.attendees["company_size"].iloc[0] == "10-49"
    assert data.attendees["favourite colour"].tolist()[0] == "blue"  # extra columns are kept


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8-sig", ","), ("utf-16", "\t"), ("utf-16-le", ";"), ("cp1252", ";"), ("latin-1", "\t"), ("utf-8", ";"),
])
def test_encodings_and_delimiters(tmp_path, encoding, delimiter):
    shutil.copytree(BASE, tmp_path / "f")
    folder = tmp_path / "f"
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str, keep_default_na=False)
    attendees.loc[0, "industry"] = "Agroalimentaire, café"
    text = attendees.to_csv(index=False, sep=delimiter)
    (folder / "attendees.csv").write_bytes(text.encode(encoding))
    data = toolkit.load_event_data(folder, secret="k")
    assert data.attendees["industry"].iloc[0] == "Agroalimentaire, café"
    assert data.attendees["_row"].tolist() == [2, 3, 4, 5, 6, 7]


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    path = tmp_path / "f" / "contacts.csv"
    lines = path.read_text().splitlines()
    lines.insert(2, "")  # a blank row 3
    lines[5] = lines[5].replace("A5,A6", "A5,A5")  # self-contact on spreadsheet row 6
    path.write_text("\n".join(lines) + "\n")
    report = toolkit.validate_folder(tmp_path / "f", secret="k")
    assert [(p.row, p.column) for p in report.problems] == [(6, "contact_id")]


def test_two_files_for_one_table_uses_csv_and_says_so(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "f" / "attendees.parquet")
    data = toolkit.load_event_data(tmp_path / "f", secret="k")
    assert any("attendees.parquet" in n and "ignored" in n for n in data.report.notes)


def test_not_a_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        toolkit.load_event_data(tmp_path / "nope")
    with pytest.raises(UsageError):
        toolkit.load_event_data(BASE / "attendees.csv")


def test_empty_folder_is_an_error(tmp_path):
    report = toolkit.validate_folder(tmp_path, secret="k")
    assert not report.ok and "holds no tables" in report.problems[0].message


# ----------------------------------------------------------------------------- from_tables


def _raw_base() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in BASE.glob("*.csv")}


def test_from_tables_equals_loading_the_files():
    settings = toolkit.Settings.read(BASE)
    folder = toolkit.load_event_data(BASE, secret="k")
    memory = toolkit.from_tables(_raw_base(), settings=settings, secret="k")
    for name, frame in folder.tables().items():
        pd.testing.assert_frame_equal(memory.tables()[name].drop(columns="_file"), frame.drop(columns="_file"))


def test_from_tables_reports_problems_by_table_and_row():
    raw = _raw_base()
    raw["contacts"].loc[2, "contact_id"] = "ZZ"
    with pytest.raises(DataValidationError) as info:
        toolkit.from_tables(raw, secret="k")
    problem = info.value.report.errors[0]
    assert (problem.file, problem.row, problem.column) == ("contacts", 4, "contact_id")
    data = toolkit.from_tables(raw, secret="k", errors="report")
    assert not data.report.ok


def test_from_tables_accepts_typed_columns_and_dict_settings():
    raw = _raw_base()
    raw["contacts"]["timestamp"] = pd.to_datetime(raw["contacts"]["timestamp"], utc=True, format="ISO8601")
    raw["survey"]["nps"] = raw["survey"]["nps"].astype(int)
    raw["attendees"]["first_time"] = raw["attendees"]["first_time"].eq("yes")
    data = toolkit.from_tables(raw, settings={"style_scale": {"items": ["style_1", "style_2"]}}, secret="k")
    assert data.survey["nps"].dtype == "Float64" and data.attendees["first_time"].dtype == "boolean"


def test_from_tables_rejects_unknown_table_names():
    with pytest.raises(UsageError):
        toolkit.from_tables({"attendee": pd.DataFrame()})


def test_from_tables_large_contact_log_is_checked_vectorised():
    n_people, n_contacts = 2_000, 200_000
    rng = np.random.default_rng(1)
    ids = np.array([f"A{i}" for i in range(n_people)], dtype=object)
    a = rng.integers(0, n_people, n_contacts)
    b = (a + rng.integers(1, n_people, n_contacts)) % n_people
    contacts = pd.DataFrame({"event_id": "e", "attendee_id": ids[a], "contact_id": ids[b],
                             "timestamp": pd.Timestamp("2024-05-01T18:00Z")
                             + pd.to_timedelta(rng.integers(0, 3600, n_contacts), unit="s")})
    contacts.loc[[10, 20], "contact_id"] = contacts.loc[[10, 20], "attendee_id"]  # two self-contacts
    data = toolkit.from_tables({
        "attendees": pd.DataFrame({"event_id": "e", "attendee_id": ids}),
        "sessions": pd.DataFrame({"event_id": ["e"], "session_id": ["s"], "format": ["unstructured"]}),
        "participation": pd.DataFrame({"event_id": "e", "session_id": "s", "attendee_id": ids}),
        "contacts": contacts,
    }, secret="k")
    assert len(data.contacts) == n_contacts - 2
    assert sorted(s["row"] for s in data.report.set_aside) == [12, 22]


# ----------------------------------------------------------------------------- the demo folder


def test_demo_folder_loads_without_errors(demo_folder):
    data = toolkit.load_event_data(demo_folder, secret="k")
    assert data.report.ok and len(data.event_ids) >= 2
    assert set(data.sessions["format"]) == {"structured", "unstructured"}
    assert data.settings.style_scale is not None
    assert data.survey[list(data.settings.style_scale.items)].dtypes.eq("Float64").all()


# ----------------------------------------------------------------------------- property: no crash on any cell

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_any_cell = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 20), st.floats(allow_nan=True),
                      st.booleans(), st.sampled_from(["A1", "A2", "S1", "e1", "", "yes", "2024-05-01T10:00Z"]))


@settings(max_examples=20, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(["attendees", "sessions", "participation", "survey", "contacts", "followups",
                              "known_ties"]),
       row=st.integers(0, 1), cells=st.lists(_any_cell, min_size=8, max_size=8))
def test_any_cell_values_give_problems_never_crashes(table, row, cells):
    raw = _raw_base()
    frame = raw[table]
    for column, value in zip(frame.columns, cells):
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
    data = toolkit.from_tables(raw, secret="k", errors="report")  # anything raised here is a bug
    for problem in data.report.problems:
        assert problem.file and problem.message


def test_trailing_separators_and_reexported_bookkeeping_columns(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    path = tmp_path / "f" / "attendees.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line + "," for line in lines) + "\n")  # every line ends with a separator
    known = tmp_path / "f" / "known_ties.csv"
    frame = pd.read_csv(known)
    frame["_row"], frame["_file"] = [99], ["elsewhere.csv"]
    frame.to_csv(known, index=False)
    data = toolkit.load_event_data(tmp_path / "f", secret="k")
    assert not [c for c in data.attendees.columns if "unnamed" in c]
    assert data.known_ties[["_row", "_file"]].values.tolist() == [[2, "known_ties.csv"]]


def test_row_with_too_many_cells_is_named_by_its_spreadsheet_row(tmp_path):
    shutil.copytree(BASE, tmp_path / "f")
    path = tmp_path / "f" / "contacts.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",yes", ',"a\nquoted, multi-line note"')  # row 2 spans two lines
    lines[3] += ",surplus"  # spreadsheet row 4 (physical line 5)
    path.write_text("\n".join(lines) + "\n")
    report = toolkit.validate_folder(tmp_path / "f", secret="k")
    assert [(p.file, p.row) for p in report.errors] == [("contacts.csv", 4)]
    assert "cells" in report.errors[0].message


# --------------------------------------------------------------------------- a table's files prepared together


def _season_with_tags(tmp_path, tags_by_event: dict[str, list[str]], suffix: str = "parquet") -> Path:
    """The example season split into one subfolder per event, with an extra attendee column ``tag``."""
    from toolkit.io.files import read_table

    root = tmp_path / "season"
    for event in ("E01", "E02"):
        folder = root / event
        folder.mkdir(parents=True)
        for path in (toolkit.example_folder() / event).iterdir():
            frame = read_table(path).reset_index(drop=True)
            if path.stem == "attendees":
                frame["tag"] = [tags_by_event[event][k % len(tags_by_event[event])] for k in range(len(frame))]
            if suffix == "parquet":
                frame.to_parquet(folder / f"{path.stem}.parquet", index=False)
            else:
                frame.to_csv(folder / f"{path.stem}.csv", index=False)
    return root


def _same_load(root: Path) -> toolkit.EventData:
    """The pooled load equals the file-by-file load: every table, dtype, problem, note and dropped column."""
    from toolkit.io import load

    pooled = load.read_folder(root, secret="k")
    with toolkit.privacy.remembered_pseudonyms():
        one_by_one = load._read_folder(root, "k", pooled=False)
    for name, frame in pooled.tables().items():
        pd.testing.assert_frame_equal(frame, one_by_one.tables()[name], obj=name)
    assert pooled.report.to_frame().equals(one_by_one.report.to_frame())
    assert pooled.report.notes == one_by_one.report.notes
    assert pooled.report.set_aside == one_by_one.report.set_aside
    assert list(pooled.report.dropped_columns.items()) == list(one_by_one.report.dropped_columns.items())
    return pooled


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_the_content_check_judges_each_file_even_when_the_files_are_read_together(tmp_path, suffix):
    # E02's tags are emails, E01's are not: pooled, the column would be mostly not emails (60 of 120 rows
    # hold 2 distinct emails among 5 distinct values); judged by file, E02's tags must go
    tags = {"E01": ["north", "south", "east"], "E02": ["ann@x.org", "bob@y.org"]}
    data = _same_load(_season_with_tags(tmp_path, tags, suffix))
    attendees = data.attendees
    assert attendees.loc[attendees["event_id"] == "E02", "tag"].isna().all()
    assert set(attendees.loc[attendees["event_id"] == "E01", "tag"]) == {"north", "south", "east"}
    assert "attendees" in data.report.dropped_columns
    assert not toolkit.privacy.contains_personal_data(attendees)


@pytest.mark.parametrize("tags", [
    {"E01": ["ann@x.org", "bob@y.org"], "E02": ["cy@z.org", "dee@w.org"]},   # every file: the column goes
    {"E01": ["north", "south"], "E02": ["east", "west"]},                     # no file: it stays
])
def test_files_judged_alike_give_the_file_by_file_tables(tmp_path, tags):
    data = _same_load(_season_with_tags(tmp_path, tags))
    assert ("tag" in data.attendees.columns) == ("north" in tags["E01"])


def test_each_file_of_local_times_is_read_in_its_own_date_order(tmp_path):
    # with a time zone and no day_first, the date order is guessed per file: E01's export shows it is
    # day-first (14/02), E02's dates (03/04) could be either; guessed from the pooled files, E02 would be
    # read day-first on E01's evidence, without a word
    root = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), root)
    (root / "netout.toml").write_text('time_zone = "Europe/London"\n' + (root / "netout.toml").read_text())
    for event, (month, day) in (("E01", (2, 14)), ("E02", (4, 3))):
        sessions = pd.read_csv(root / event / "sessions.csv", dtype=str)
        for column in ("start", "end"):
            times = pd.to_datetime(sessions[column]).dt.tz_localize(None)
            sessions[column] = times.map(lambda t, m=month, d=day: t.replace(month=m, day=d).strftime("%d/%m/%Y %H:%M"))
        sessions.to_csv(root / event / "sessions.csv", index=False)
    data = _same_load(root)
    assert {(p.file, p.column) for p in data.report.errors} == {("E02/sessions.csv", "start"), ("E02/sessions.csv", "end")}
    e01 = data.sessions.loc[data.sessions["event_id"] == "E01", "start"]
    assert ((e01.dt.month == 2) & (e01.dt.day == 14)).all()


def test_a_season_of_like_files_is_read_by_the_pooled_pass():
    # the pooled pass must not quietly fall back to the file-by-file one on an ordinary season
    from toolkit.io import load

    with toolkit.privacy.remembered_pseudonyms():
        assert load._read_folder(toolkit.example_folder(), "k", pooled=True) is not None


def test_a_second_survey_response_replaces_the_first():
    """A form people can resubmit: the later answer is the one they meant (the survey import keeps it too)."""
    raw = _raw_base()
    survey = raw["survey"]
    again = survey.iloc[[0]].copy()
    again["satisfaction"] = "1" if survey.loc[0, "satisfaction"] != "1" else "2"
    raw["survey"] = pd.concat([survey, again], ignore_index=True)
    data = toolkit.from_tables(raw, secret="k")
    person = data.survey[data.survey["attendee_id"] == pseudonym(survey.loc[0, "attendee_id"], secret="k")]
    assert len(person) == 1 and person["satisfaction"].iloc[0] == float(again["satisfaction"].iloc[0])
    aside = [s for s in data.report.set_aside if s["file"] == "survey"]
    assert [s["row"] for s in aside] == [2]                     # the first answer, on its spreadsheet row
    assert "the last is kept" in aside[0]["reason"]

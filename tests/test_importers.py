"""Importers: hand-made exports with known answers, then the real public data sets."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.errors import UsageError
from toolkit.io.importers import IMPORTERS, REPORT_COLUMNS, ImportResult, import_export

FIXTURES = Path(__file__).parent / "importers"


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _lines(result: ImportResult, what: str) -> pd.DataFrame:
    return result.report[result.report["what"] == what]


def _validate(folder: Path):
    from toolkit.io.load import validate_folder

    return validate_folder(folder)


# ---------------------------------------------------------------------------- registry and errors


def test_public_api_and_registry():
    assert set(IMPORTERS) == {"sociopatterns", "survey", "scorecards"}
    assert toolkit.import_export is import_export
    assert toolkit.ImportResult is ImportResult


def test_unknown_kind_and_option_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="Unknown import kind 'badges'"):
        import_export("badges", [FIXTURES / "tij_small.dat"], out=tmp_path)
    with pytest.raises(UsageError, match="no option 'colour'"):
        import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path, colour="red")
    with pytest.raises(UsageError, match="does not exist"):
        import_export("sociopatterns", [tmp_path / "missing.dat"], out=tmp_path / "o")


def test_existing_tables_are_not_replaced_without_force(tmp_path):
    import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path)
    with pytest.raises(UsageError, match="--force"):
        import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path)
    import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path, overwrite=True)


# ---------------------------------------------------------------------------- sociopatterns


def test_sociopatterns_merges_windows_and_reports_bad_lines(tmp_path):
    result = import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path, event_id="E1")
    contacts = _read(tmp_path, "contacts")
    # pair 1-2 (either order) at t = 20, 40, 60 then 100, 120: two contacts of 60 s and 40 s;
    # pair 3-4 at 40 and 140: two 20-s contacts; pair 1-9 at 200
    got = sorted(zip(contacts["attendee_id"], contacts["contact_id"], contacts["duration_s"].astype(int)))
    assert got == [("1", "2", 40), ("1", "2", 60), ("1", "9", 20), ("3", "4", 20), ("3", "4", 20)]
    first = contacts.sort_values("timestamp").iloc[0]
    assert first["timestamp"] == "2000-01-01T00:00:00Z"  # the window ending at t=20 starts at the anchor
    assert set(contacts["channel"]) == {"proximity"}

    skipped = _lines(result, "row_skipped").set_index("row")
    assert skipped.loc[7, "reason"] == "not three fields 't i j'"
    assert skipped.loc[6, "reason"] == "badge in contact with itself"
    assert skipped.loc[9, "reason"] == "same line as an earlier one"
    assert result.rows_skipped == 3
    assert list(result.report.columns) == list(REPORT_COLUMNS)
    assert (tmp_path / "import_report.csv").is_file()

    sessions = _read(tmp_path, "sessions")
    assert sessions[["session_id", "format", "assignment"]].values.tolist() == [["all", "unstructured", "scheduled"]]
    assert sorted(_read(tmp_path, "participation")["attendee_id"]) == ["1", "2", "3", "4", "9"]
    assert sorted(_read(tmp_path, "attendees")["attendee_id"]) == ["1", "2", "3", "4", "9"]


def test_sociopatterns_min_duration_and_anchor(tmp_path):
    result = import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path, min_duration=40,
                           anchor="2009-06-29T08:00:00+02:00")
    contacts = _read(tmp_path, "contacts")
    assert sorted(contacts["duration_s"].astype(int)) == [40, 60]
    assert contacts["timestamp"].min() == "2009-06-29T06:00:00Z"
    short = result.report[result.report["reason"].str.contains("min-duration", na=False)]
    assert int(short["count"].sum()) == 3


def test_sociopatterns_epoch_seconds_are_detected(tmp_path):
    log = tmp_path / "tij_epoch.dat"
    log.write_text("1480486100\t125\t130\n1480486120\t130\t125\n")
    result = import_export("sociopatterns", [log], out=tmp_path / "out")
    contacts = _read(tmp_path / "out", "contacts")
    assert contacts["timestamp"].tolist() == ["2016-11-30T06:08:00Z"]
    assert contacts["duration_s"].tolist() == ["40"]
    assert result.report["reason"].str.contains("epoch").any()
    assert _read(tmp_path / "out", "attendees")["event_id"].iloc[0] == "epoch"  # tij_ prefix dropped


def test_sociopatterns_schedule_splits_sessions(tmp_path):
    result = import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path,
                           schedule=FIXTURES / "schedule_small.csv")
    sessions = _read(tmp_path, "sessions").set_index("session_id")
    assert sessions.loc["morning-groups", "format"] == "structured"
    assert sessions.loc["morning-groups", "grouping"] == "industry"
    assert sessions.loc["coffee", "format"] == "unstructured"
    contacts = _read(tmp_path, "contacts")
    by_start = dict(zip(contacts["timestamp"] + contacts["attendee_id"], contacts["session_id"]))
    assert by_start["2000-01-01T00:00:00Z1"] == "morning-groups"   # starts at 0
    assert by_start["2000-01-01T00:02:00Z3"] == "coffee"           # starts at 120
    assert by_start["2000-01-01T00:03:00Z1"] == ""                 # starts at 180, after the last session
    participation = _read(tmp_path, "participation")
    assert sorted(participation.loc[participation["session_id"] == "coffee", "attendee_id"]) == ["3", "4"]
    assert "9" not in set(participation["attendee_id"])             # only met someone outside the sessions
    assert result.report["reason"].str.contains("outside every scheduled session").any()


def test_sociopatterns_schedule_in_clock_time(tmp_path):
    import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path,
                  schedule=FIXTURES / "schedule_iso.csv", anchor="2009-06-29T06:00:00Z")
    contacts = _read(tmp_path, "contacts")
    assert contacts.groupby("session_id").size().to_dict() == {"": 1, "coffee": 1, "morning-groups": 3}


@pytest.mark.parametrize("text, message", [
    ("session_id,start,end,format\na,0,100,structured\nb,50,150,unstructured\n", "overlap"),
    ("session_id,start,end,format\na,0,100,workshop\n", "use structured or unstructured"),
    ("session_id,start,end\na,0,100\n", "missing: format"),
    ("session_id,start,end,format\na,100,50,structured\n", "end is not after start"),
    ("session_id,start,end,format\na,tomorrow,50,structured\n", "not a time"),
])
def test_bad_schedule_is_a_usage_error(tmp_path, text, message):
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(text)
    with pytest.raises(UsageError, match=message):
        import_export("sociopatterns", [FIXTURES / "tij_small.dat"], out=tmp_path / "o", schedule=schedule)


@pytest.mark.parametrize("text, bad_rows", [
    ("20 1 2 x\n40 1 2\n", [1]),            # one field too many on the first line
    ("20 1 2 x y\n40 1 2\n 60  1 2\n", [1]),  # several too many (pandas would take them as an index)
    ("40 1 2\n20 1 2 x y\n", [2]),
    ("40 1\n60 1 2\n\n80 1 2\n", [1]),      # one field too few; the blank line is no row
])
def test_lines_with_the_wrong_number_of_fields_are_reported(tmp_path, text, bad_rows):
    log = tmp_path / "tij_fields.dat"
    log.write_text(text)
    result = import_export("sociopatterns", [log], out=tmp_path / "o")
    assert _lines(result, "row_skipped")["row"].tolist() == bad_rows
    assert set(_read(tmp_path / "o", "contacts")["contact_id"]) == {"2"}


def test_sociopatterns_metadata_through_csv_codebook(tmp_path):
    result = import_export("sociopatterns", [FIXTURES / "tij_small.dat", FIXTURES / "metadata_small.tsv"],
                           out=tmp_path, codebook=FIXTURES / "codebook_small.csv")
    attendees = _read(tmp_path, "attendees").set_index("attendee_id")
    assert attendees.loc["1", "gender"] == "female" and attendees.loc["1", "age_band"] == "under 30"
    assert attendees.loc["5", "gender"] == "male"          # in the metadata only: kept, 0 contacts
    assert attendees.loc["3", "gender"] == ""              # code X is not in the codebook
    assert attendees.loc["9", "age_band"] == ""            # in the log only
    unmapped = _lines(result, "value_not_mapped")
    assert unmapped[["row", "column", "value"]].values.tolist() == [[3, "3", "X"]]
    assert _lines(result, "column_not_mapped")["column"].tolist() == ["4"]


def test_sociopatterns_metadata_needs_a_codebook(tmp_path):
    with pytest.raises(UsageError, match="--codebook"):
        import_export("sociopatterns", [FIXTURES / "tij_small.dat", FIXTURES / "metadata_small.tsv"], out=tmp_path)


def test_unreadable_log_is_a_usage_error(tmp_path):
    bad = tmp_path / "tij_bad.dat"
    bad.write_text("time,badge,badge\n")
    with pytest.raises(UsageError, match="three fields"):
        import_export("sociopatterns", [bad], out=tmp_path / "o")


# ---------------------------------------------------------------------------- survey


SURVEY_CASES = {
    "google_forms": dict(event="spring-mixer", n=4, skipped={5: "no attendee id", 2: "answered again"}),
    "surveymonkey": dict(event="surveymonkey", n=3, skipped={6: "no attendee id"}),
    "typeform": dict(event="spring-mixer", n=4, skipped={}),
    "qualtrics": dict(event="spring-mixer", n=3, skipped={4: "preview"}),
}


@pytest.mark.parametrize("layout", list(SURVEY_CASES))
def test_survey_layouts(tmp_path, layout):
    case = SURVEY_CASES[layout]
    result = import_export("survey", [FIXTURES / f"{layout}.csv"], out=tmp_path,
                           column_map=FIXTURES / f"{layout}.toml")
    assert result.report["reason"].str.contains(f"layout read as {layout.replace('_', ' ')}").any()
    survey = _read(tmp_path, "survey")
    assert len(survey) == case["n"]
    assert set(survey["event_id"]) == {case["event"]}
    assert list(survey.columns[:6]) == ["event_id", "attendee_id", "satisfaction", "met_helpful",
                                        "would_return", "nps"]
    assert set(survey["met_helpful"]) <= {"yes", "no", ""}
    assert pd.to_numeric(survey["satisfaction"], errors="coerce").dropna().between(1, 5).all()
    skipped = _lines(result, "row_skipped")
    assert dict(zip(skipped["row"], skipped["reason"])).keys() == case["skipped"].keys()
    for row, words in case["skipped"].items():
        assert words in skipped.set_index("row").loc[row, "reason"]
    # the style scale travels with the data
    settings = toolkit.Settings.read(tmp_path)
    assert settings.style_scale is not None and "style_2" in settings.style_scale.reversed


def test_survey_values_converted_and_unreadable_ones_reported(tmp_path):
    result = import_export("survey", [FIXTURES / "surveymonkey.csv"], out=tmp_path,
                           column_map=FIXTURES / "surveymonkey.toml")
    survey = _read(tmp_path, "survey").set_index("attendee_id")
    assert survey.loc["M-0012", ["satisfaction", "style_1", "style_2", "style_3"]].tolist() == ["5.0", "4.0", "2.0", "5.0"]
    assert survey.loc["M-0107", "satisfaction"] == "5.0"   # "Extremely satisfied" from the map's [likert]
    assert survey.loc["M-0107", "style_1"] == ""            # "Agre" is not a label
    bad = _lines(result, "value_not_mapped")
    assert bad[["row", "value"]].values.tolist() == [[5, "Agre"]]
    attendees = _read(tmp_path, "attendees").set_index("attendee_id")
    assert attendees.loc["M-0107", "industry_other"] == "Shipping"


def test_survey_out_of_range_and_non_yes_no_are_reported(tmp_path):
    result = import_export("survey", [FIXTURES / "google_forms.csv"], out=tmp_path,
                           column_map=FIXTURES / "google_forms.toml")
    bad = _lines(result, "value_not_mapped").set_index("value")
    assert bad.loc["7", "reason"].startswith("satisfaction outside 1-5")
    assert bad.loc["Maybe", "row"] == 6


def test_survey_writes_no_personal_data(tmp_path):
    result = import_export("survey", [FIXTURES / "google_forms.csv"], out=tmp_path,
                           column_map=FIXTURES / "google_forms.toml", secret="test-key")
    written = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.suffix == ".csv")
    for personal in ("@example", "ann.lee", "CARL", "bo.chen"):
        assert personal not in written
    ids = _read(tmp_path, "survey")["attendee_id"]
    assert ids.str.match(r"^p_[0-9a-f]{16}$").all()
    # the same person's email in another case gets the same pseudonym as the loader would give it
    from toolkit.privacy import pseudonymise

    assert pseudonymise(pd.Series(["carl@example.net"]), secret="test-key")[0] in set(ids)
    # free text keeps its words but not the email inside it
    comments = _read(tmp_path, "survey")["comment"]
    assert "Write to me at [email]" in set(comments)
    personal = _lines(result, "personal_data")
    assert personal.empty  # Google Forms had no name column; the email was the id and is pseudonymised


def test_report_quotes_no_email(tmp_path):
    export = tmp_path / "forms.csv"
    export.write_text("Timestamp,Member,Would you come to our next event?\n"
                      "2025/03/14 6:02:11 PM GMT,B-1,write to ann@example.org\n")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Member" = "attendee_id"\n'
                          '"Would you come to our next event?" = "would_return"\n')
    result = import_export("survey", [export], out=tmp_path / "o", column_map=column_map)
    assert _lines(result, "value_not_mapped")["value"].tolist() == ["write to [email]"]
    assert "ann@example.org" not in (tmp_path / "o" / "import_report.csv").read_text()


def test_survey_without_pseudonymising_warns(tmp_path):
    result = import_export("survey", [FIXTURES / "google_forms.csv"], out=tmp_path,
                           column_map=FIXTURES / "google_forms.toml", pseudonymise=False)
    warning = _lines(result, "personal_data")
    assert warning["reason"].str.contains("holds personal data until it is loaded").all()


def test_survey_tool_columns_with_personal_data_are_never_copied(tmp_path):
    result = import_export("survey", [FIXTURES / "qualtrics.csv"], out=tmp_path,
                           column_map=FIXTURES / "qualtrics.toml")
    personal = set(_lines(result, "personal_data")["column"])
    assert {"RecipientEmail", "RecipientFirstName", "RecipientLastName", "IPAddress"} <= personal
    written = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.suffix == ".csv")
    assert "Lee" not in written.replace("Leave", "") and "203.0.113" not in written


def test_formula_cells_are_neutralised(tmp_path):
    import_export("survey", [FIXTURES / "google_forms.csv"], out=tmp_path, column_map=FIXTURES / "google_forms.toml")
    comments = _read(tmp_path, "survey")["comment"]
    # neutralised, and its web address redacted by the one personal-data rule (a web address can be a profile)
    assert "'=HYPERLINK(\"[web]\",\"my site\")" in set(comments)


def test_survey_xlsx_matches_csv(tmp_path):
    grid = pd.read_csv(FIXTURES / "qualtrics.csv", header=None, dtype=str, keep_default_na=False)
    xlsx = tmp_path / "qualtrics.xlsx"
    grid.to_excel(xlsx, header=False, index=False)
    import_export("survey", [FIXTURES / "qualtrics.csv"], out=tmp_path / "csv", column_map=FIXTURES / "qualtrics.toml")
    import_export("survey", [xlsx], out=tmp_path / "xlsx", column_map=FIXTURES / "qualtrics.toml")
    pd.testing.assert_frame_equal(_read(tmp_path / "csv", "survey"), _read(tmp_path / "xlsx", "survey"))


def test_survey_map_errors(tmp_path):
    with pytest.raises(UsageError, match="needs a column map"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=tmp_path)
    wrong = tmp_path / "map.toml"
    wrong.write_text('[columns.survey]\n"Member number" = "attendee_id"\n')
    with pytest.raises(UsageError, match="has no column 'Member number'"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=tmp_path, column_map=wrong)
    wrong.write_text('[columns.survey]\n"Would you come back?" = "would_return"\n')
    with pytest.raises(UsageError, match="exactly one column must map to attendee_id"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=tmp_path, column_map=wrong)


def test_survey_added_to_an_event_folder_validates(tmp_path):
    """A badge log and the survey of the same event make one folder that the loader accepts."""
    log = tmp_path / "tij_mixer.dat"
    log.write_text("20 B-1001 B-1002\n40 B-1002 B-1001\n60 B-1003 B-1004\n80 B-1001 B-1003\n")
    folder = tmp_path / "mixer"
    import_export("sociopatterns", [log], out=folder, event_id="spring-mixer")
    result = import_export("survey", [FIXTURES / "typeform.csv"], out=folder, column_map=FIXTURES / "typeform.toml")
    assert "attendees" not in result.tables   # the folder's own attendees are kept
    report = _validate(folder)
    assert report.ok, report.summary()
    data = toolkit.load_event_data(folder)
    assert len(data.survey) == 4 and data.settings.style_scale is not None


def test_survey_takes_the_event_of_a_one_event_folder(tmp_path):
    log = tmp_path / "tij_gala.dat"
    log.write_text("20 M-0012 M-0044\n40 M-0107 M-0044\n")
    folder = tmp_path / "gala"
    import_export("sociopatterns", [log], out=folder)
    result = import_export("survey", [FIXTURES / "surveymonkey.csv"], out=folder,
                           column_map=FIXTURES / "surveymonkey.toml", overwrite=True)
    assert set(_read(folder, "survey")["event_id"]) == {"gala"}
    assert not result.report["reason"].str.contains("not in the folder's attendees").any()
    assert len(_read(folder, "attendees")) == 3          # --force never replaces the folder's attendees
    assert _validate(folder).ok
    # a survey of another event (the map says so) is flagged before the loader sets it aside
    other = import_export("survey", [FIXTURES / "typeform.csv"], out=folder, column_map=FIXTURES / "typeform.toml",
                          overwrite=True)
    assert other.report["reason"].str.contains("not in the folder's attendees").sum() == 4


# ---------------------------------------------------------------------------- scorecards


def test_scorecards_with_a_profile(tmp_path):
    result = import_export("scorecards", [FIXTURES / "scorecards_small.csv"], out=tmp_path, event_id="night-",
                           column_map=FIXTURES / "scorecards_small.toml")
    skipped = _lines(result, "row_skipped").set_index("row")["reason"]
    assert skipped.to_dict() == {
        7: "no partner id (Partner empty): who was met is unknown",
        11: "partner is a person of another event",
        12: "same person and partner as an earlier row (first kept)",
    }
    assert _lines(result, "value_not_mapped")[["row", "value"]].values.tolist() == [[5, "maybe"]]
    sessions = _read(tmp_path, "sessions")
    assert sessions[["event_id", "format", "assignment", "grouping"]].values.tolist() == [
        ["night-A", "structured", "scheduled", "rotation"], ["night-B", "structured", "scheduled", "rotation"]]
    contacts = _read(tmp_path, "contacts")
    assert len(contacts) == 8
    assert contacts.loc[(contacts["attendee_id"] == "2") & (contacts["contact_id"] == "3"), "interest"].item() == ""
    assert contacts.loc[(contacts["attendee_id"] == "3") & (contacts["contact_id"] == "2"), "round"].item() == "3"
    attendees = _read(tmp_path, "attendees").set_index("attendee_id")
    assert attendees.loc["1", "industry"] == "Économie"           # Windows-1252 read as such
    assert float(attendees.loc["1", "income_k"]) == pytest.approx(69.487)   # "69,487.00" / 1000
    survey = _read(tmp_path, "survey").set_index("attendee_id")
    assert float(survey.loc["4", "satisfaction"]) == 5.0 and "2" not in survey.index
    assert _validate(tmp_path).ok


def test_scorecards_profile_must_name_existing_columns(tmp_path):
    with pytest.raises(UsageError, match="has no column 'iid'"):
        import_export("scorecards", [FIXTURES / "scorecards_small.csv"], out=tmp_path)


# ---------------------------------------------------------------------------- command line


def _netout(monkeypatch, *args: str) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def test_cli_import_prints_summary_and_writes_report(tmp_path, monkeypatch, capsys):
    code = _netout(monkeypatch, "import", "sociopatterns", FIXTURES / "tij_small.dat", "--out", tmp_path,
                   "--min-duration", "30")
    out = capsys.readouterr().out
    assert code == 0
    assert "contacts.csv: 2 rows" in out and "Rows not imported" in out and "import_report.csv" in out
    report = pd.read_csv(tmp_path / "import_report.csv")
    assert list(report.columns) == list(REPORT_COLUMNS)


def test_cli_import_json(tmp_path, monkeypatch, capsys):
    import json

    code = _netout(monkeypatch, "import", "scorecards", FIXTURES / "scorecards_small.csv", "--out", tmp_path,
                   "--map", FIXTURES / "scorecards_small.toml", "--json")
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["rows_skipped"] == 3 and document["counts"]["contacts"] == 8


def test_cli_import_usage_errors(tmp_path, monkeypatch, capsys):
    assert _netout(monkeypatch, "import", "survey", FIXTURES / "typeform.csv", "--out", tmp_path,
                   "--schedule", "x.csv") == 2
    assert "--schedule does not apply" in capsys.readouterr().err
    assert _netout(monkeypatch, "import", "faxes", "a.txt", "--out", tmp_path) == 2


def test_cli_import_help_has_an_example_per_kind(monkeypatch, capsys):
    assert _netout(monkeypatch, "import", "--help") == 0
    text = capsys.readouterr().out
    for kind in IMPORTERS:
        assert f"netout import {kind} " in text


# ---------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def ht09(realdata, tmp_path_factory):
    out = tmp_path_factory.mktemp("ht09")
    return import_export("sociopatterns", [realdata / "sp_ht09" / "tij_HT09.dat"], out=out)


@pytest.fixture(scope="module")
def ws16(realdata, tmp_path_factory):
    out = tmp_path_factory.mktemp("ws16")
    folder = realdata / "sp_ws16"
    return import_export("sociopatterns", [folder / "tij_WS16.dat", folder / "metadata_WS16.dat"],
                         out=out, codebook="ws16")


@pytest.fixture(scope="module")
def speed_dating(realdata, tmp_path_factory):
    out = tmp_path_factory.mktemp("speed")
    return import_export("scorecards", [realdata / "speed_dating" / "Speed Dating Data.csv"], out=out)


def _pairs(contacts: pd.DataFrame) -> int:
    a, b = contacts["attendee_id"].astype(str), contacts["contact_id"].astype(str)
    return len(set(zip(a.where(a < b, b), b.where(a < b, a))))


@pytest.mark.realdata
def test_ht09_counts(ht09):
    assert ht09.counts() == {"attendees": 113, "sessions": 1, "participation": 113, "contacts": 9865}
    assert _pairs(ht09.tables["contacts"]) == 2196
    durations = ht09.tables["contacts"]["duration_s"]
    assert durations.median() == 20 and durations.max() == 7080 and round(durations.mean()) == 42
    assert ht09.rows_skipped == 0


@pytest.mark.realdata
def test_ht09_validates_and_outcomes_run(ht09):
    from toolkit.outcomes import compute_outcomes

    assert _validate(ht09.out).ok
    table = compute_outcomes(toolkit.load_event_data(ht09.out))
    assert len(table) == 113
    assert table["contacts"].median() == 37 and table["contacts"].max() == 98   # as measured in the README


@pytest.mark.realdata
def test_sfhh_space_separated(realdata, tmp_path):
    result = import_export("sociopatterns", [realdata / "sp_sfhh09" / "tij_SFHH.dat"], out=tmp_path)
    assert result.counts()["attendees"] == 403
    assert _pairs(result.tables["contacts"]) == 9565
    assert result.counts()["contacts"] == 26040


@pytest.mark.realdata
def test_ws16_attendees_with_attributes(ws16):
    attendees = ws16.tables["attendees"]
    assert len(attendees) == 138 and ws16.counts()["contacts"] == 53164
    assert _pairs(ws16.tables["contacts"]) == 7497
    assert attendees["gender"].value_counts().to_dict() == {"male": 66, "female": 49}
    assert attendees["role"].value_counts().to_dict() == {"poster presenter": 43, "attendee": 43, "staff": 16,
                                                          "speaker": 12}
    assert attendees["first_time"].value_counts().to_dict() == {"yes": 65, "no": 49}
    assert attendees["age_band"].isna().sum() == 23
    assert _lines(ws16, "value_not_mapped").empty   # every code is in the codebook
    assert _validate(ws16.out).ok


@pytest.mark.realdata
def test_speed_dating_reports_every_row_not_imported(speed_dating):
    skipped = _lines(speed_dating, "row_skipped")
    assert len(skipped) == 10 and speed_dating.rows_skipped == 10
    assert set(skipped["column"]) == {"pid"} and skipped["reason"].str.contains("pid empty").all()
    assert skipped["row"].tolist() == [1757 + 10 * k for k in range(10)]   # wave 5, partner 7
    counts = speed_dating.counts()
    assert counts["contacts"] == 8378 - 10
    assert counts["attendees"] == 551 and counts["sessions"] == 21
    contacts = speed_dating.tables["contacts"]
    assert (contacts["interest"] == "yes").sum() == 3518 - 3   # three of the ten skipped rows said yes
    # met codes beyond the wave's own coding are reported, not guessed
    odd = _lines(speed_dating, "value_not_mapped")
    assert set(odd["column"]) == {"met"} and len(odd) == 9
    survey = speed_dating.tables["survey"]
    assert survey["satisfaction"].between(1, 5).all()
    unmapped = set(_lines(speed_dating, "column_not_mapped")["column"])
    assert {"attr", "match", "dec_o", "income"} <= unmapped and "dec" not in unmapped


@pytest.mark.realdata
def test_speed_dating_validates(speed_dating):
    report = _validate(speed_dating.out)
    assert report.ok, report.summary()
    data = toolkit.load_event_data(speed_dating.out)
    assert set(data.sessions["format"].astype(str)) == {"structured"}
    assert len(data.known_ties) > 0


def test_report_file_columns_are_stable(tmp_path):
    shutil.copy(FIXTURES / "tij_small.dat", tmp_path / "tij_copy.dat")
    result = import_export("sociopatterns", [tmp_path / "tij_copy.dat"], out=tmp_path / "o")
    assert result.files[-1].name == "import_report.csv"
    assert "Every line is in" in result.summary()

"""Importers: hand-made exports with known answers, then the real public data sets."""

from __future__ import annotations

import re
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
    assert set(IMPORTERS) == {"sociopatterns", "survey", "registrations", "scans", "scorecards",
                              "tables"}
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
    # without --event or a map's event id, the event is the folder imported into (never the file's name)
    "surveymonkey": dict(event="spring-mixer", n=3, skipped={6: "no attendee id"}),
    "typeform": dict(event="spring-mixer", n=4, skipped={}),
    "qualtrics": dict(event="spring-mixer", n=2, skipped={4: "preview", 7: "unfinished"}),
}


@pytest.mark.parametrize("layout", list(SURVEY_CASES))
def test_survey_layouts(tmp_path, layout):
    case = SURVEY_CASES[layout]
    folder = tmp_path / "spring-mixer"
    result = import_export("survey", [FIXTURES / f"{layout}.csv"], out=folder,
                           column_map=FIXTURES / f"{layout}.toml")
    assert result.report["reason"].str.contains(f"layout read as {layout.replace('_', ' ')}").any()
    survey = _read(folder, "survey")
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
    settings = toolkit.Settings.read(folder)
    assert settings.style_scale is not None and "style_2" in settings.style_scale.reversed


def test_survey_values_converted_and_unreadable_ones_reported(tmp_path):
    result = import_export("survey", [FIXTURES / "surveymonkey.csv"], out=tmp_path,
                           column_map=FIXTURES / "surveymonkey.toml")
    survey = _read(tmp_path, "survey").set_index("attendee_id")
    assert survey.loc["M-0012", ["satisfaction", "style_1", "style_2", "style_3"]].tolist() == ["5.0", "4.0", "2.0", "5.0"]
    assert survey.loc["M-0107", "satisfaction"] == "5.0"   # "Extremely satisfied" from the map's [likert]
    assert survey.loc["M-0107", "style_1"] == "Agre"        # not a label: kept as written for a later [likert]
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
    # free text is not copied at all: names in it cannot all be found ("Write to me at ..." among them)
    assert "comment" not in _read(tmp_path, "survey").columns and "Write to me" not in written
    personal = _lines(result, "personal_data")
    # Google Forms had no name column; the email was the id and is pseudonymised; the comments are named once
    assert personal["column"].tolist() == ["Anything else you would like to tell us?"]
    assert personal["reason"].str.startswith("free text").all()


def _survey_of(tmp_path, export_text: str, map_text: str):
    """Import a small survey export written here, with its map, into ``tmp_path / "o"``."""
    export = tmp_path / "forms.csv"
    export.write_text(export_text)
    column_map = tmp_path / "map.toml"
    column_map.write_text(map_text)
    return import_export("survey", [export], out=tmp_path / "o", column_map=column_map)


def test_report_quotes_no_email(tmp_path):
    result = _survey_of(tmp_path, "Timestamp,Member,Would you come to our next event?\n"
                                  "2025/03/14 6:02:11 PM GMT,B-1,write to ann@example.org\n",
                        '[columns.survey]\n"Member" = "attendee_id"\n'
                        '"Would you come to our next event?" = "would_return"\n')
    assert _lines(result, "value_not_mapped")["value"].tolist() == ["write to [email]"]
    assert "ann@example.org" not in (tmp_path / "o" / "import_report.csv").read_text()


def test_survey_without_pseudonymising_warns(tmp_path):
    result = import_export("survey", [FIXTURES / "google_forms.csv"], out=tmp_path,
                           column_map=FIXTURES / "google_forms.toml", pseudonymise=False)
    warning = _lines(result, "personal_data")
    ids = warning[warning["column"] == "Email Address"]
    assert len(ids) == 1 and ids["reason"].str.contains("holds personal data until it is loaded").all()


def test_survey_tool_columns_with_personal_data_are_never_copied(tmp_path):
    result = import_export("survey", [FIXTURES / "qualtrics.csv"], out=tmp_path,
                           column_map=FIXTURES / "qualtrics.toml")
    personal = set(_lines(result, "personal_data")["column"])
    assert {"RecipientEmail", "RecipientFirstName", "RecipientLastName", "IPAddress"} <= personal
    written = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.suffix == ".csv")
    assert "Lee" not in written.replace("Leave", "") and "203.0.113" not in written


def test_formula_cells_are_neutralised(tmp_path):
    # a short answer mapped to a column of its own (free text is not copied at all)
    column_map = tmp_path / "map.toml"
    column_map.write_text((FIXTURES / "google_forms.toml").read_text().replace(
        '"Anything else you would like to tell us?" = "comment"', '"Anything else you would like to tell us?" = "team"')
        .replace("Anything else you would like to tell us?", "Which team are you in?"), encoding="utf-8")
    export = tmp_path / "forms.csv"
    export.write_text((FIXTURES / "google_forms.csv").read_text(encoding="utf-8").replace(
        "Anything else you would like to tell us?", "Which team are you in?"), encoding="utf-8")
    import_export("survey", [export], out=tmp_path / "o", column_map=column_map)
    teams = _read(tmp_path / "o", "survey")["team"]
    # neutralised, and its web address redacted by the one personal-data rule (a web address can be a profile)
    assert "'=HYPERLINK(\"[web]\",\"my site\")" in set(teams)


def test_survey_xlsx_matches_csv(tmp_path):
    grid = pd.read_csv(FIXTURES / "qualtrics.csv", header=None, dtype=str, keep_default_na=False)
    xlsx = tmp_path / "qualtrics.xlsx"
    grid.to_excel(xlsx, header=False, index=False)
    import_export("survey", [FIXTURES / "qualtrics.csv"], out=tmp_path / "csv", column_map=FIXTURES / "qualtrics.toml")
    import_export("survey", [xlsx], out=tmp_path / "xlsx", column_map=FIXTURES / "qualtrics.toml")
    pd.testing.assert_frame_equal(_read(tmp_path / "csv", "survey"), _read(tmp_path / "xlsx", "survey"))


def test_survey_map_errors(tmp_path):
    with pytest.raises(UsageError, match="needs a map"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=tmp_path)
    wrong = tmp_path / "map.toml"
    wrong.write_text('[columns.survey]\n"Member number" = "attendee_id"\n')
    with pytest.raises(UsageError, match="has no column 'Member number'"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=tmp_path, column_map=wrong)
    wrong.write_text('[columns.survey]\n"Would you come back?" = "would_return"\n')
    with pytest.raises(UsageError, match="must map to attendee_id"):
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
    # a survey of another event (the map says so) matches none of the folder's attendees: it stops, naming the
    # events; forced, it is written and each respondent flagged before the loader sets the answers aside
    with pytest.raises(UsageError, match=r"only 0 of the 4 respondents(.|\n)*event 'spring-mixer'(.|\n)*'gala'"):
        import_export("survey", [FIXTURES / "typeform.csv"], out=folder, column_map=FIXTURES / "typeform.toml",
                      overwrite=True)
    other = import_export("survey", [FIXTURES / "typeform.csv"], out=folder, column_map=FIXTURES / "typeform.toml",
                          overwrite=True, accept_unmatched=True)
    assert other.report["reason"].str.contains("not in the folder's attendees").sum() == 4
    assert other.summary().splitlines()[2].startswith("WARNING")


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


# ---------------------------------------------------------------------------- one evening: three exports, one map

EVENING = FIXTURES / "evening"
TOOLS = ("qualtrics", "surveymonkey", "google_forms", "typeform")
# survey rows each tool's export sets aside (spreadsheet row -> words of the reason)
SURVEY_SET_ASIDE = {
    "qualtrics": {4: "preview", 8: "unfinished", 10: "spam"},
    "surveymonkey": {8: "no attendee id"},             # a web-link response without any email
    "google_forms": {2: "answered again"},             # Ann's first answer; her later one counts
    "typeform": {4: "unfinished"},                     # Ian's partial response (no submit date)
}


def _evening(tmp_path, monkeypatch, tool: str, *, scans: bool = True) -> tuple[Path, str]:
    """The three commands of the docs into season/2025-05-mixer; returns the folder and everything printed."""
    folder = tmp_path / "season" / "2025-05-mixer"
    map_file = EVENING / f"evening_{tool}.toml"
    printed = []
    exports = [("registrations", "registrations_eventbrite.csv")]
    exports += [("scans", "scans_leads.csv")] if scans else []
    exports += [("survey", f"survey_{tool}.csv")]
    for kind, export in exports:
        assert _netout(monkeypatch, "import", kind, EVENING / export, "--map", map_file, "--out", folder) == 0
    return folder, printed


@pytest.mark.parametrize("tool", TOOLS)
def test_an_evening_from_three_exports_with_one_map(tmp_path, monkeypatch, capsys, tool):
    """Registrations, scans and a survey of any of the four tools: hand-counted attendees, responses and styles.

    Kept (checked in): Ann, Bo, Carl and his guests Dana and Eli (one order, the buyer's email on every ticket),
    Ian, Jo, Kim = 8; set aside: Fay (refunded), Gus (registered, not checked in), Hana (cancelled) and Ann's
    second ticket. Answers: Ann, Bo, Carl, Jo, Kim = 5; by the scale (style_2 reversed): Ann 4.33, Carl 3.33,
    Kim 3.67 self-directed; Bo 1.33, Jo 1.0 reserved; Dana, Eli, Ian unknown.
    """
    folder, _ = _evening(tmp_path, monkeypatch, tool, scans=tool == "qualtrics")
    capsys.readouterr()
    assert _netout(monkeypatch, "validate", folder.parent) == 0
    data = toolkit.load_event_data(folder.parent)
    table = toolkit.compute_outcomes(data)
    assert len(data.attendees) == 8 and set(data.attendees["event_id"]) == {"2025-05-mixer"}
    assert int(table["responded"].sum()) == 5
    assert table["style"].value_counts().to_dict() == {"self-directed": 3, "reserved": 2, "unknown": 3}
    assert sorted(table["satisfaction"].dropna().tolist()) == [1.0, 2.0, 3.0, 4.0, 5.0]
    sessions = data.sessions.set_index("session_id")
    assert sessions["format"].astype(str).to_dict() == {"round-tables": "structured", "open-floor": "unstructured"}
    assert set(sessions["assignment"].astype(str)) == {"self_selected"}
    assert data.participation.groupby("session_id").size().to_dict() == {"open-floor": 3, "round-tables": 4}
    # every row of every export is imported or listed with its reason
    report = pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"})
    skipped = report[report["what"] == "row_skipped"]
    regs = skipped[skipped["file"] == "registrations_eventbrite.csv"].set_index("row")["reason"]
    assert {r: regs[r].split(" ")[0] for r in regs.index} == {7: "refunded", 8: "no-show", 9: "cancelled", 13: "the"}
    survey_rows = skipped[skipped["file"] == f"survey_{tool}.csv"].set_index("row")["reason"]
    assert set(survey_rows.index) == set(SURVEY_SET_ASIDE[tool])
    for row, words in SURVEY_SET_ASIDE[tool].items():
        assert words in survey_rows[row]
    registered_rows, survey_rows_in_file = 12, {"qualtrics": 8, "surveymonkey": 6, "google_forms": 6, "typeform": 6}
    assert len(data.attendees) + len(regs) == registered_rows
    assert len(data.survey) + len(survey_rows) == survey_rows_in_file[tool]


def test_the_evening_scans(tmp_path, monkeypatch):
    """Scans by email and by name, local day-first times; a sponsor, a test scan and a repeat each reported."""
    folder, _ = _evening(tmp_path, monkeypatch, "qualtrics")
    data = toolkit.load_event_data(folder.parent)
    contacts = data.contacts
    assert len(contacts) == 5 and set(contacts["channel"].astype(str)) == {"badge_scan"}
    # 14/05/2025 18:41 in London (summer time) is 17:41 UTC
    assert contacts["timestamp"].min() == pd.Timestamp("2025-05-14T17:41:00Z")
    assert contacts["interest"].tolist() == [True, False, True, False, True]
    assert contacts["session_id"].notna().sum() == 2   # Carl-Dana at the round tables, Eli-Ian on the open floor
    report = pd.read_csv(folder / "import_report.csv", dtype={"row": "Int64"})
    skipped = report[(report["what"] == "row_skipped") & (report["file"] == "scans_leads.csv")]
    reasons = skipped.set_index("row")["reason"].to_dict()
    assert "merged into the first" in reasons[3]
    assert "not on the attendee list" in reasons[6] and "not on the attendee list" in reasons[10]
    assert "self-scan or test scan" in reasons[7]
    assert len(contacts) + len(reasons) == 9


def _personal_strings() -> list[str]:
    """Values of the evening's exports that identify people; none may appear in any output."""
    return ["Ann", "Ortiz", "Priya", "Shah", "Florists", "Chen Capital", "Mill Lane", "High Street", "ann.lee",
            "@example", "@sponsor", "7700", "203.0.113", "198.51.100", "51.5072", "-0.1276", "5003", "90004",
            "Paralegal", "CFO", "R_Ann"]


@pytest.mark.parametrize("tool", TOOLS)
def test_no_personal_data_in_any_output(tmp_path, monkeypatch, capsys, tool):
    import re

    folder, _ = _evening(tmp_path, monkeypatch, tool)
    assert _netout(monkeypatch, "validate", folder.parent, "--json") == 0
    assert _netout(monkeypatch, "outcomes", folder.parent, "--out", tmp_path / "outcomes.csv") == 0
    printed = capsys.readouterr()
    texts = [printed.out, printed.err, (tmp_path / "outcomes.csv").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()]
    # pseudonyms are keyed hashes; a number inside one is not a person's number
    everything = re.sub(r"p_[0-9a-f]{16}", "p_", "\n".join(texts))
    for personal in _personal_strings():
        assert personal not in everything, personal
    # the only id columns hold pseudonyms
    for table in ("attendees", "survey", "participation"):
        assert _read(folder, table)["attendee_id"].str.match(r"^p_[0-9a-f]{16}$").all()


# ---------------------------------------------------------------------------- each layout on its own


def _registered_folder(tmp_path) -> Path:
    folder = tmp_path / "season" / "mixer"
    import_export("registrations", [EVENING / "registrations_eventbrite.csv"], out=folder,
                  column_map=EVENING / "evening_qualtrics.toml")
    return folder


@pytest.mark.parametrize("tool", ["qualtrics", "surveymonkey"])
def test_survey_xlsx_exports_read_as_their_csv(tmp_path, tool):
    grid = pd.read_csv(EVENING / f"survey_{tool}.csv", header=None, dtype=str, keep_default_na=False)
    xlsx = tmp_path / f"survey_{tool}.xlsx"
    grid.to_excel(xlsx, header=False, index=False)
    results = {}
    for source in (EVENING / f"survey_{tool}.csv", xlsx):
        folder = _registered_folder(tmp_path / source.suffix[1:])
        results[source.suffix] = import_export("survey", [source], out=folder,
                                               column_map=EVENING / f"evening_{tool}.toml")
        assert _validate(folder.parent).ok
    pd.testing.assert_frame_equal(results[".csv"].tables["survey"], results[".xlsx"].tables["survey"])


def test_qualtrics_numeric_values_and_seven_point_labels(tmp_path):
    """An export with numeric values reads as the numbers; 7-point labels are read on 7 points and satisfaction rescaled."""
    text = (EVENING / "survey_qualtrics.csv").read_text(encoding="utf-8")
    seven = (text.replace("Somewhat satisfied", "Moderately satisfied")
             .replace("Somewhat dissatisfied", "Slightly dissatisfied")
             .replace("Strongly disagree\",\"Strongly agree", "Disagree\",\"Agree"))
    export = tmp_path / "seven.csv"
    export.write_text(seven, encoding="utf-8")
    folder = _registered_folder(tmp_path)
    result = import_export("survey", [export], out=folder, column_map=EVENING / "evening_qualtrics.toml")
    survey = result.tables["survey"].set_index("attendee_id")
    # satisfaction: Extremely satisfied = 7 of 7 -> 5; Moderately satisfied 6 -> 4.33; Slightly dissatisfied 3 -> 2.33
    assert sorted(survey["satisfaction"].astype(float).round(2).tolist()) == [1.0, 2.33, 3.0, 4.33, 5.0]
    assert result.report["reason"].str.contains("7-point scale; satisfaction rescaled to 1-5").any()


def test_unknown_labels_are_kept_and_recovered_by_a_later_likert(tmp_path):
    """A label the tool's and the map's lists lack stays as written; [likert] added later recovers it."""
    text = (EVENING / "survey_qualtrics.csv").read_text(encoding="utf-8").replace(
        "Extremely dissatisfied", "Totally fed up")
    export = tmp_path / "survey.csv"
    export.write_text(text, encoding="utf-8")
    folder = _registered_folder(tmp_path)
    result = import_export("survey", [export], out=folder, column_map=EVENING / "evening_qualtrics.toml")
    assert "Totally fed up" in _read(folder, "survey")["satisfaction"].tolist()
    assert _lines(result, "value_not_mapped")["reason"].str.contains("kept as written").all()
    before = toolkit.load_event_data(folder.parent)
    assert before.survey["satisfaction"].notna().sum() == 4
    with open(folder / "netout.toml", "a", encoding="utf-8") as settings:
        settings.write('\n[likert]\n"Totally fed up" = 1\n')
    after = toolkit.load_event_data(folder.parent)
    assert after.survey["satisfaction"].notna().sum() == 5
    # re-running the import with the label in the map gives the number, and the folder keeps the label
    new_map = tmp_path / "map.toml"
    new_map.write_text((EVENING / "evening_qualtrics.toml").read_text(encoding="utf-8") +
                       '\n[likert]\n"Totally fed up" = 1\n', encoding="utf-8")
    import_export("survey", [export], out=folder, column_map=new_map, overwrite=True)
    assert "1.0" in _read(folder, "survey")["satisfaction"].tolist()
    assert toolkit.Settings.read(folder).likert == {"totally fed up": 1.0}


def test_survey_event_comes_from_event_or_folder_never_the_file(tmp_path, monkeypatch, capsys):
    season = tmp_path / "season"
    folder = _registered_folder(tmp_path)
    # into DIR/EVENT: the folder's event (here the registrations' one, "mixer")
    result = import_export("survey", [EVENING / "survey_typeform.csv"], out=folder,
                           column_map=EVENING / "evening_typeform.toml")
    assert set(result.tables["survey"]["event_id"]) == {"mixer"}
    # --event wins
    other = import_export("survey", [EVENING / "survey_typeform.csv"], out=tmp_path / "x",
                          column_map=EVENING / "evening_typeform.toml", event_id="E7")
    assert set(other.tables["survey"]["event_id"]) == {"E7"}
    # into a season: refused with how to say it
    code = _netout(monkeypatch, "import", "survey", EVENING / "survey_typeform.csv", "--map",
                   EVENING / "evening_typeform.toml", "--out", season)
    assert code == 2
    err = capsys.readouterr().err
    assert "--event ID" in err and "DIR/EVENT" not in err and f"{season}/EVENT" in err


def test_registrations_alone_validate_and_keep_questions(tmp_path):
    folder = _registered_folder(tmp_path)
    assert _validate(folder.parent).ok
    attendees = _read(folder, "attendees")
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "ticket_type", "industry", "company_size"]
    report = pd.read_csv(folder / "import_report.csv")
    # the chosen format is the treatment, not a covariate; free text and sale columns never become columns
    free = report[report["reason"].str.contains("free-text", na=False)]["column"].tolist()
    assert free == ["What do you hope to get out of the evening?"]
    assert {"Total Paid", "Fees Paid", "Currency", "Order Date"} <= set(
        report[report["reason"].str.contains("about the sale", na=False)]["column"])
    keys = _read(folder, "import_keys")
    # order 5003 puts one email on three people's tickets: it is keyed for each of them as a shared_email
    assert keys["key"].str.match(r"^p_[0-9a-f]{16}$").all() and set(keys["kind"]) == {
        "email", "name", "folded_name", "ticket", "order", "shared_email"}
    assert keys["kind"].eq("shared_email").sum() == 3


def test_registration_status_words_and_keep_from_the_map(tmp_path):
    export = tmp_path / "tito.csv"
    export.write_text("Ticket Reference,Ticket Full Name,Ticket Email,Ticket,Ticket Status,Sector\n"
                      "AB12-1,Ann Lee,ann@x.org,Standard,Comp,Retail\nAB12-2,Bo Chen,bo@x.org,Standard,Complete,Law\n"
                      "AB13-1,Cy Dow,cy@x.org,Standard,Void,Law\nAB14-1,Di Eve,di@x.org,Standard,Waitlisted,Law\n"
                      "AB15-1,Ed Fox,ed@x.org,Standard,Mystery,Law\n", encoding="utf-8")
    map_file = tmp_path / "map.toml"
    map_file.write_text('[columns.attendees]\n"Sector" = "industry"\n[registrations.status]\n"Comp" = "registered"\n')
    result = import_export("registrations", [export], out=tmp_path / "e1", column_map=map_file)
    assert len(result.tables["attendees"]) == 2 and result.tables["attendees"]["industry"].tolist() == ["Retail", "Law"]
    reasons = _lines(result, "row_skipped").set_index("row")["reason"]
    # a waitlisted ticket never had a place: set aside as not confirmed, not counted as a cancellation
    assert "cancelled" in reasons[4] and "not confirmed" in reasons[5] and "not understood" in reasons[6]
    assert result.report["reason"].str.contains("records no check-in").any()
    map_file.write_text('[registrations]\nkeep = "checked_in"\n')
    with pytest.raises(UsageError, match="records no check-in"):
        import_export("registrations", [export], out=tmp_path / "e2", column_map=map_file)


def test_scans_alone_make_a_folder_that_validates(tmp_path):
    export = tmp_path / "scans.csv"
    export.write_text("Scanner ID,Badge ID,Date,Time,Lead Rating\r\nB-01,B-02,05/14/2025,6:41 PM,4\r\n"
                      "B-02,B-03,05/14/2025,6:45 PM,3\r\nB-03,B-01,05/14/2025,25:00,cold\r\n", encoding="utf-8")
    map_file = tmp_path / "map.toml"
    map_file.write_text('time_zone = "America/New_York"\n[columns.contacts]\n"Scanner ID" = "scanner"\n')
    result = import_export("scans", [export], out=tmp_path / "season" / "expo", column_map=map_file)
    contacts = result.tables["contacts"]
    assert contacts["timestamp"].tolist()[:2] == ["2025-05-14T22:41:00Z", "2025-05-14T22:45:00Z"]
    assert contacts["interest"].tolist()[0] == "yes" and pd.isna(contacts["interest"].tolist()[1])
    bad_time = _lines(result, "value_not_mapped")
    assert bad_time["value"].tolist() == ["05/14/2025 25:00"]          # quoted whole, not as a phone number
    assert _validate(tmp_path / "season").ok


def test_ambiguous_dates_need_day_first(tmp_path):
    export = tmp_path / "scans.csv"
    export.write_text("Scanned By,Badge ID,Scan Date\nB1,B2,04/05/2025 18:41\nB2,B1,04/05/2025 18:45\n")
    with pytest.raises(UsageError, match="day_first = true"):
        import_export("scans", [export], out=tmp_path / "e")
    map_file = tmp_path / "map.toml"
    map_file.write_text("day_first = true\n")
    result = import_export("scans", [export], out=tmp_path / "e", column_map=map_file)
    assert result.tables["contacts"]["timestamp"].iloc[0] == "2025-05-04T18:41:00Z"


# ---------------------------------------------------------------------------- settings per event


def test_event_subfolder_settings_hold_for_that_event(tmp_path):
    """The issue's case: [style_scale], [likert] and time_zone in a subfolder's netout.toml are used there."""
    season = tmp_path / "season"
    shutil.copytree(toolkit.example_folder() / "E01", season / "E01")
    shutil.copytree(toolkit.example_folder() / "E02", season / "E02")
    # the top-level file has no scale; only E02's own file has one, and a label of its own
    (season / "netout.toml").write_text("# nothing but a comment\n", encoding="utf-8")
    scale = (toolkit.example_folder() / "netout.toml").read_text().split("[style_scale]")[1].split("[likert]")[0]
    (season / "E02" / "netout.toml").write_text('[likert]\n"Bof" = 2\n\n[style_scale]' + scale, encoding="utf-8")
    survey = pd.read_csv(season / "E02" / "survey.csv", dtype=str, keep_default_na=False)
    item = toolkit.load_event_data(toolkit.example_folder(), secret="k").settings.style_scale.items[0]
    survey.loc[0, item] = "Bof"
    survey.to_csv(season / "E02" / "survey.csv", index=False)
    data = toolkit.load_event_data(season, secret="k")
    assert data.settings.style_scale is not None
    first = data.survey[(data.survey["event_id"] == "E02")].iloc[0]
    assert first[item] == 2.0                      # E02's own label
    table = toolkit.compute_outcomes(data)
    # the scale of E02's own file scores E02's answers: pre-event data (a self-described style) comes first,
    # and every E02 style taken from the survey carries its score
    e02 = table[table["event_id"] == "E02"]
    from_scale = e02[e02["style_source"] == "post-event survey"]
    assert len(from_scale) > 0 and from_scale["style_score"].notna().all()
    unscored = e02["networking_style"].isna() & e02["style_score"].isna()
    assert unscored.any() and (e02.loc[unscored, "style"] == "unknown").all()


def test_time_zone_of_an_event_folder_reads_its_local_times(tmp_path):
    folder = tmp_path / "season" / "E01"
    shutil.copytree(toolkit.example_folder() / "E01", folder)
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False)
    utc = pd.to_datetime(contacts["timestamp"], utc=True)
    contacts["timestamp"] = utc.dt.tz_convert("Europe/Berlin").dt.strftime("%d/%m/%Y %H:%M:%S")
    contacts.to_csv(folder / "contacts.csv", index=False)
    (folder / "netout.toml").write_text('time_zone = "Europe/Berlin"\nday_first = true\n', encoding="utf-8")
    data = toolkit.load_event_data(tmp_path / "season", secret="k")
    assert (data.contacts["timestamp"].reset_index(drop=True) == utc.reset_index(drop=True)).all()


def test_unknown_settings_entries_are_named(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "E01"
    shutil.copytree(toolkit.example_folder() / "E01", folder)
    (folder / "netout.toml").write_text('time_zon = "Europe/Berlin"\n[scans]\nrating = 3\n', encoding="utf-8")
    report = _validate(folder)
    warnings = [p.message for p in report.warnings if "unknown entry" in p.message]
    assert len(warnings) == 2 and "'time_zon'" in warnings[0] and "'rating' in [scans]" in warnings[1]


# ---------------------------------------------------------------------------- codebooks and the suggested map


def test_a_codebook_that_does_not_fit_stops_the_import(tmp_path, monkeypatch, capsys):
    """ws16 on another conference's metadata: its roles mostly staff, codes in other case, codes it lacks."""
    lines = [f"{k}\t{k % 3}\t{'m' if k % 2 else 'f'}\tC1\tL1\t{k % 7}\t{5 + k % 3}\t4\tNo" for k in range(40)]
    meta = tmp_path / "metadata_other.dat"
    meta.write_text("\n".join(lines) + "\n")
    log = tmp_path / "tij_other.dat"
    log.write_text("".join(f"{20 * k} {k} {k + 1}\n" for k in range(39)))
    code = _netout(monkeypatch, "import", "sociopatterns", log, meta, "--codebook", "ws16", "--out", tmp_path / "o")
    err = capsys.readouterr().err
    assert code == 2 and "does not fit metadata_other.dat" in err
    assert "differ from the book's only in case" in err           # m/f for M/F
    assert "codes the book lacks ('5', '6', '7')" in err         # disciplines 5-7
    assert "other shares than in the book's data (1: 0% here" in err   # every role is 4 (staff)
    assert not (tmp_path / "o" / "attendees.csv").exists()
    code = _netout(monkeypatch, "import", "sociopatterns", log, meta, "--codebook", "ws16", "--out", tmp_path / "o",
                   "--accept-codebook")
    out = capsys.readouterr().out
    assert code == 0 and out.count("WARNING: the codebook does not fit this file") == 1
    assert set(_read(tmp_path / "o", "attendees")["gender"]) == {"male", "female"}


def test_the_shipped_codebook_fits_its_own_data(realdata, tmp_path):
    from toolkit.io.importers import codebook_misfits
    from toolkit.io.importers._common import read_codebook

    meta = pd.read_csv(realdata / "sp_ws16" / "metadata_WS16.dat", sep="\t", header=None, dtype=str,
                       keep_default_na=False)
    meta.columns = range(1, meta.shape[1] + 1)
    assert codebook_misfits(meta, read_codebook("ws16")) == []


def test_print_codebook_writes_the_shipped_file(monkeypatch, capsys):
    assert _netout(monkeypatch, "import", "--print-codebook", "ws16") == 0
    shipped = (Path(toolkit.__file__).parent / "io" / "importers" / "codebooks" / "ws16.toml").read_text()
    assert capsys.readouterr().out == shipped


def test_suggested_map_round_trip(tmp_path, monkeypatch, capsys):
    """--suggest-map, read and complete the map, import with it: the docs' round trip."""
    map_file = tmp_path / "suggested.toml"
    assert _netout(monkeypatch, "import", "survey", EVENING / "survey_qualtrics.csv", "--suggest-map",
                   "--map", map_file) == 0
    printed = capsys.readouterr().out
    text = map_file.read_text(encoding="utf-8")
    for line in ('"RecipientEmail" = "attendee_id"', '"Q1" = "satisfaction"', '"Q4" = "nps"', '"Q5_1" = "style_1"',
                 'reversed = ["style_2"]', '# "RecipientFirstName" = ""   # personal data'):
        assert line in text, line
    assert "25 columns, 8 with a guess" in printed
    # never over a file that exists
    assert _netout(monkeypatch, "import", "survey", EVENING / "survey_qualtrics.csv", "--suggest-map",
                   "--map", map_file) == 2
    folder = _registered_folder(tmp_path)
    assert _netout(monkeypatch, "import", "survey", EVENING / "survey_qualtrics.csv", "--map", map_file,
                   "--out", folder) == 0
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder.parent))
    assert int(table["responded"].sum()) == 5
    assert table["style"].value_counts().to_dict() == {"self-directed": 3, "reserved": 2, "unknown": 3}


# ---------------------------------------------------------------------------- netout plan on a real registration list


def test_plan_reads_a_ticketing_export(tmp_path, monkeypatch, capsys):
    out = tmp_path / "plan"
    code = _netout(monkeypatch, "plan", EVENING / "registrations_eventbrite.csv", "--out", out, "--by",
                   "Company Size", "--seed", "3")
    printed = capsys.readouterr().out
    assert code == 0
    assert "Left out of the registrations (1): refunded ticket." in printed
    assert "Left out of the registrations (1): cancelled ticket" in printed
    # the industry question is read as industry, so the groups mix industries
    assert "no industry column" not in printed and "formed by industry" in printed
    assignment = pd.read_csv(out / "assignment.csv", dtype=str)
    # Ann (twice), Bo, Carl, Dana, Eli, Gus (registered; nobody has checked in before the event), Ian, Jo, Kim
    assert len(assignment) == 9 and assignment["attendee_id"].str.match(r"^p_[0-9a-f]{16}$").all()
    assert assignment.groupby("company_size").size().to_dict() == {"1-10": 4, "11-50": 2, "51-250": 3}
    written = "".join(p.read_text() for p in out.iterdir())
    assert "@" not in written and "Ortiz" not in written


def test_qualtrics_numeric_values_export(tmp_path):
    """'Use numeric values': scales as their recode numbers, Yes/No as 1/2."""
    labels = {"Extremely satisfied": "5", "Somewhat satisfied": "4", "Neither satisfied nor dissatisfied": "3",
              "Somewhat dissatisfied": "2", "Extremely dissatisfied": "1", "Strongly agree": "5",
              "Somewhat agree": "4", "Neither agree nor disagree": "3", "Somewhat disagree": "2",
              "Strongly disagree": "1", '"Yes"': '"1"', '"No"': '"2"', ",Yes,": ",1,", ",No,": ",2,"}
    lines = (EVENING / "survey_qualtrics.csv").read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[3:])
    for label, number in labels.items():
        body = body.replace(label, number).replace(label, number)   # twice: neighbours share a comma
    export = tmp_path / "numeric.csv"
    export.write_text("\n".join(lines[:3]) + "\n" + body + "\n", encoding="utf-8")
    folder = _registered_folder(tmp_path)
    numeric = import_export("survey", [export], out=folder, column_map=EVENING / "evening_qualtrics.toml")
    labelled = import_export("survey", [EVENING / "survey_qualtrics.csv"], out=tmp_path / "other" / "mixer",
                             column_map=EVENING / "evening_qualtrics.toml", event_id="mixer")
    columns = ["satisfaction", "met_helpful", "would_return", "nps", "style_1", "style_2", "style_3"]
    assert numeric.tables["survey"][columns].astype(str).values.tolist() == \
        labelled.tables["survey"][columns].astype(str).values.tolist()
    assert numeric.report["reason"].str.contains("read as Qualtrics' Yes/No").any()


def test_the_evening_compared_hides_groups_of_fewer_than_five(tmp_path, monkeypatch, capsys):
    """Eight people from real-tool exports: no face tells the difference of a group of one or two people."""
    import json

    folder, _ = _evening(tmp_path, monkeypatch, "qualtrics")
    capsys.readouterr()
    assert _netout(monkeypatch, "compare", folder.parent, "--outcome", "satisfaction", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    # a format of 1-4 people has no count either (null: the size of a small group is never printed)
    small = [r for r in rows if None in (r["n_structured"], r["n_unstructured"])
             and 0 not in (r["n_structured"], r["n_unstructured"])]
    assert small and all(r["effect"] is None and r["ci_low"] is None for r in small)
    assert all(any("Fewer than 5 attendees" in w for w in r["warnings"]) for r in small)
    # nor the figures --details adds, from which the difference could be worked back
    assert _netout(monkeypatch, "compare", folder.parent, "--outcome", "satisfaction", "--json", "--details") == 0
    detailed = [r for r in json.loads(capsys.readouterr().out) if None in (r["n_structured"], r["n_unstructured"])
                and 0 not in (r["n_structured"], r["n_unstructured"])]
    assert detailed and all(r[k] is None for r in detailed for k in ("effect", "se", "p_value"))
    assert all(r[f"mean_{fmt}"] is None for r in detailed for fmt in ("structured", "unstructured")
               if r[f"n_{fmt}"] is None)
    assert _netout(monkeypatch, "compare", folder.parent, "--outcome", "satisfaction") == 0
    text = capsys.readouterr().out
    assert "n = fewer than 5" in text and not re.search(r"n = [1-4] ", text)
    assert _netout(monkeypatch, "recommend", folder.parent, "--outcome", "satisfaction") == 0
    advice = capsys.readouterr().out
    assert "fewer than 5 people, too few to tell their difference" in advice
    assert "less satisfaction per person" not in advice and "more satisfaction per person" not in advice
    # nor the expected outcome per format: it is made from those few people's means (the Next-event chart, the
    # report and `recommend --json` all show it)
    for outcome in ("satisfaction", "new_contacts"):
        assert _netout(monkeypatch, "recommend", folder.parent, "--outcome", outcome, "--json") == 0
        assert all(v is None for v in json.loads(capsys.readouterr().out)["expected"].values()), outcome


def test_a_member_number_never_reaches_the_folder_and_still_joins_the_survey(tmp_path):
    """A member number was the id of the registrations import and was written as it was into attendees.csv."""
    report = tmp_path / "report.csv"
    report.write_text("Order #,First Name,Last Name,Email,Attendee Status,Membership Number,Industry\n"
                      + "".join(f"10{i},Ann{i},Ash{i},ann{i}@example.org,Checked In,M5552{i},Finance\n"
                                for i in range(6)), encoding="utf-8")
    survey = tmp_path / "survey.csv"
    survey.write_text("Timestamp,Membership Number,How satisfied were you with the networking?\n"
                      + "".join(f"2025/03/14 6:0{i}:11 PM GMT,M5552{i},Very satisfied\n" for i in range(6)),
                      encoding="utf-8")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Membership Number" = "attendee_id"\n'
                          '"How satisfied were you with the networking?" = "satisfaction"\n')
    out = tmp_path / "event"
    import_export("registrations", [report], out=out, session_format="structured", secret="k")
    import_export("survey", [survey], out=out, column_map=column_map, secret="k")
    written = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".csv", ".toml"))
    assert "M5552" not in written
    attendees = pd.read_csv(out / "attendees.csv")
    answers = pd.read_csv(out / "survey.csv")
    assert attendees["attendee_id"].str.startswith("p_").all()
    assert set(answers["attendee_id"]) == set(attendees["attendee_id"])


def test_a_survey_whose_id_column_is_empty_in_every_row_is_reported_not_a_crash(tmp_path):
    """Found by the fuzz test: an id column with no value at all crashed the anonymous-response check
    (pyarrow's null type) instead of setting the rows aside."""
    export = tmp_path / "forms.csv"
    export.write_text("Timestamp,Email Address,How satisfied were you?\n2025/03/14 6:02:11 PM GMT,,Very satisfied\n")
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you?" = "satisfaction"\n')
    result = import_export("survey", [export], out=tmp_path / "o", column_map=column_map)
    assert _lines(result, "row_skipped")["row"].tolist() == [2]


def test_a_map_target_one_letter_off_is_said_with_the_name_meant(tmp_path):
    """'"Q1" = "satisfation"' imported without a word; netout compare then found no satisfaction answers."""
    result = _survey_of(tmp_path, "Timestamp,Member,How satisfied were you?,Which team?\n"
                                  "2025/03/14 6:02:11 PM GMT,B-1,5,red\n2025/03/14 6:03:11 PM GMT,B-2,4,blue\n",
                        '[columns.survey]\n"Member" = "attendee_id"\n"How satisfied were you?" = "satisfation"\n'
                        '"Which team?" = "team"\n')
    notes = _lines(result, "note")
    said = notes[notes["reason"].str.contains("did you mean", na=False)]
    assert said["column"].tolist() == ["How satisfied were you?"]
    assert "did you mean 'satisfaction'?" in said["reason"].iloc[0]


def test_a_list_in_a_message_shows_its_first_items_and_how_many_more():
    """The one "... and N more" of the importers' messages (columns, sheets, spreadsheet rows)."""
    from toolkit.io.importers._common import list_with_more

    assert list_with_more(["Q1", "Q2", "Q3"], 2) == "Q1, Q2 and 1 more"
    assert list_with_more(["Q1", "Q2", "Q3"], 3) == "Q1, Q2, Q3"
    assert list_with_more([7, 19, 33], 10, and_last=True) == "7, 19 and 33"
    assert list_with_more([7], 10, and_last=True) == "7"
    assert list_with_more(range(1, 13), 10, and_last=True) == "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more"
    assert list_with_more([], 3) == ""

"""The synthetic demo generator: contract shape, determinism, planted truth, committed folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit import PLANTED_EFFECTS, make_demo_tables, write_demo_folder
from toolkit.contract import ASSIGNMENTS, FOLLOWUP_KINDS, FORMATS, TABLES
from toolkit.settings import Settings

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
LABELS = {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}


@pytest.fixture(scope="module")
def tables():
    return make_demo_tables(n_attendees=2000, n_events=4, with_truth=True, random_state=3)


@pytest.fixture(scope="module")
def big_randomized():
    """A large randomised world without session shocks, to measure the plant."""
    return make_demo_tables(n_attendees=80_000, n_events=2, assignment="randomized", session_shock_sd=0.0,
                            with_survey=False, with_followups=False, with_truth=True, random_state=11)


def _distinct_partners(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per attendee and event: distinct undirected partners, and those not known before (by hand)."""
    c = t["contacts"]
    a, b = c["attendee_id"].astype(str), c["contact_id"].astype(str)
    pairs = pd.DataFrame({"event_id": c["event_id"].astype(str),
                          "lo": np.minimum(a, b), "hi": np.maximum(a, b)}).drop_duplicates()
    k = t["known_ties"]
    ka, kb = k["attendee_id"].astype(str), k["contact_id"].astype(str)
    listed = pd.DataFrame({"event_id": k["event_id"].astype(str), "lo": np.minimum(ka, kb),
                           "hi": np.maximum(ka, kb), "listed": True})
    met_before = pairs["event_id"] > pairs.groupby(["lo", "hi"])["event_id"].transform("min")
    pairs = pairs.merge(listed, how="left", on=["event_id", "lo", "hi"])
    pairs["new"] = ~(pairs["listed"].fillna(False).astype(bool).to_numpy() | met_before.to_numpy())
    ends = pd.concat([pairs[["event_id", "lo", "new"]].rename(columns={"lo": "attendee_id"}),
                      pairs[["event_id", "hi", "new"]].rename(columns={"hi": "attendee_id"})])
    counts = ends.groupby(["event_id", "attendee_id"]).agg(contacts=("new", "size"), new_contacts=("new", "sum"))
    truth = t["_truth"].astype({"event_id": str, "attendee_id": str})
    out = truth.merge(counts.reset_index(), how="left", on=["event_id", "attendee_id"])
    return out.fillna({"contacts": 0, "new_contacts": 0})


def _effects(frame: pd.DataFrame, outcome: str) -> dict[str, float]:
    frame = frame[frame["in_session"]]
    means = frame.groupby(["true_style", "structured"])[outcome].mean()
    return {s: means[(s, 1)] - means[(s, 0)] for s in ("reserved", "self-directed")}


# --- determinism ------------------------------------------------------------------------
def test_same_seed_same_tables_and_another_seed_differs():
    one = make_demo_tables(n_attendees=300, n_events=2, random_state=5)
    two = make_demo_tables(n_attendees=300, n_events=2, random_state=5)
    other = make_demo_tables(n_attendees=300, n_events=2, random_state=6)
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
    assert not one["contacts"].equals(other["contacts"])


# --- contract shape -------------------------------------------------------------------------
def test_every_contract_table_with_its_columns_in_raw_file_shape(tables):
    for name, spec in TABLES.items():
        assert name in tables, name
        assert set(spec.required) <= set(tables[name].columns), name
        for col in ("event_id", "attendee_id", "session_id", "contact_id", "group_id"):
            if col in tables[name]:
                assert pd.api.types.is_string_dtype(tables[name][col]), (name, col)
    assert tables["attendees"]["attendee_id"].str.fullmatch(r"M\d{5,}").all()
    assert set(tables["sessions"]["format"]) == set(FORMATS)
    assert set(tables["sessions"]["assignment"]) == set(ASSIGNMENTS)
    for name, col in [("attendees", "first_time"), ("survey", "met_helpful"), ("survey", "would_return"),
                      ("contacts", "interest")]:
        assert set(tables[name][col].dropna()) == {"yes", "no"}, (name, col)
    for name, col in [("sessions", "start"), ("sessions", "end"), ("contacts", "timestamp"),
                      ("followups", "timestamp")]:
        assert tables[name][col].str.fullmatch(ISO_WITH_OFFSET).all(), (name, col)
    assert set(tables["followups"]["kind"]) == set(FOLLOWUP_KINDS)
    assert tables["attendees"].groupby("event_id").size().size == 4
    assert {"industry", "company_size", "first_time", "networking_style", "region"} <= set(tables["attendees"])
    assert "_truth" in tables and "true_style" not in tables["attendees"]


def test_several_time_zones_and_half_hour_offsets():
    t = make_demo_tables(n_attendees=600, n_events=6, random_state=0)
    offsets = set(t["sessions"]["start"].str[-6:])
    assert {"+01:00", "-05:00", "+05:30"} <= offsets


def test_structured_sessions_have_small_groups_and_a_grouping(tables):
    s, p = tables["sessions"], tables["participation"]
    merged = p.merge(s[["event_id", "session_id", "format", "grouping"]], on=["event_id", "session_id"])
    structured = merged[merged["format"] == "structured"]
    assert structured["group_id"].notna().all()
    assert merged.loc[merged["format"] == "unstructured", "group_id"].isna().all()
    sizes = structured.groupby("group_id").size()
    assert 4 <= sizes.median() <= 8
    assert set(s.loc[s["format"] == "structured", "grouping"]) <= {"industry", "company_size", "region", "random"}
    assert s.loc[s["format"] == "unstructured", "grouping"].isna().all()


def test_survey_has_a_style_scale_partly_as_labels_and_the_settings_declare_it(tables, tmp_path):
    survey = tables["survey"]
    items = [f"style_{i}" for i in range(1, 6)]
    values = set(pd.unique(survey[items].stack().dropna()))
    assert values & LABELS and values & {"1", "2", "3", "4", "5"}
    folder = write_demo_folder(tmp_path / "d", n_attendees=200, n_events=2)
    scale = Settings.read(folder).style_scale
    assert scale.items == tuple(items) and scale.reversed == ("style_2", "style_4")
    assert (scale.min, scale.max, scale.high) == (1, 5, "self-directed")
    # reversed items run against the forward ones
    numeric = survey[items].replace({lab: str(i + 1) for i, lab in enumerate(
        ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"])}).astype(float)
    corr = numeric.corr()
    assert corr.loc["style_1", "style_3"] > 0.3 and corr.loc["style_1", "style_2"] < -0.3


def test_survey_non_response_depends_on_the_attendee(tables):
    truth = tables["_truth"].merge(tables["attendees"], on=["event_id", "attendee_id"])
    answered = truth.set_index(["event_id", "attendee_id"]).index.isin(
        tables["survey"].set_index(["event_id", "attendee_id"]).index)
    truth["answered"] = answered
    by_style = truth.groupby("true_style")["answered"].mean()
    by_first = truth.groupby("first_time")["answered"].mean()
    assert by_style["reserved"] < by_style["self-directed"] - 0.1
    assert by_first["yes"] < by_first["no"] - 0.05
    assert tables["attendees"]["networking_style"].isna().mean() > 0.1


def test_follow_ups_over_weeks_meetings_and_interest(tables):
    c, f = tables["contacts"], tables["followups"]
    first = (c.assign(ts=pd.to_datetime(c["timestamp"], utc=True), lo=np.minimum(c["attendee_id"], c["contact_id"]),
                      hi=np.maximum(c["attendee_id"], c["contact_id"]))
             .groupby(["event_id", "lo", "hi"])["ts"].min().rename("first").reset_index())
    f = f.assign(ts=pd.to_datetime(f["timestamp"], utc=True), lo=np.minimum(f["attendee_id"], f["contact_id"]),
                 hi=np.maximum(f["attendee_id"], f["contact_id"])).merge(first, on=["event_id", "lo", "hi"], how="left")
    assert f["first"].notna().all(), "every follow-up follows an exchange at its event"
    days = (f["ts"] - f["first"]).dt.total_seconds() / 86400
    assert (days > 0).all()
    assert (days > 7).mean() > 0.1 and (days <= 7).mean() > 0.3
    meetings = days[f["kind"] == "meeting"]
    assert (meetings <= 30).any() and (meetings > 30).any()
    assert c["interest"].notna().any() and c["interest"].isna().any()
    assert c["session_id"].notna().any() and c["channel"].nunique() >= 3


def test_known_ties_listed_and_pairs_meet_again_at_later_events(tables):
    assert len(tables["known_ties"]) > 0
    c = tables["contacts"]
    pairs = pd.DataFrame({"e": c["event_id"], "lo": np.minimum(c["attendee_id"], c["contact_id"]),
                          "hi": np.maximum(c["attendee_id"], c["contact_id"])}).drop_duplicates()
    assert (pairs.groupby(["lo", "hi"])["e"].nunique() > 1).any()


def test_whole_event_format_runs_one_session_per_event():
    t = make_demo_tables(n_attendees=600, n_events=6, whole_event_format=True, random_state=2)
    s = t["sessions"]
    assert len(s) == 6 and s.groupby("event_id").size().eq(1).all()
    assert (s["format"] == "structured").sum() == 3 and set(s["assignment"]) == {"scheduled"}


def test_small_worlds_and_bad_options():
    t = make_demo_tables(n_attendees=12, n_events=1, random_state=0)
    assert len(t["attendees"]) == 12
    with pytest.raises(toolkit.UsageError, match="assignment"):
        make_demo_tables(assignment="lottery")
    with pytest.raises(toolkit.UsageError, match="n_attendees"):
        make_demo_tables(n_attendees=1)


# --- planted truth -------------------------------------------------------------------------
def test_planted_effect_on_distinct_new_partners_in_a_large_randomised_world(big_randomized):
    counts = _distinct_partners(big_randomized)
    for outcome in ("new_contacts", "contacts"):
        got = _effects(counts, outcome)
        for style, planted in PLANTED_EFFECTS[outcome].items():
            # about 20,000 attendees per cell, sd about 4: standard error of a difference about 0.05
            assert got[style] == pytest.approx(planted, abs=0.2), (outcome, style, got)
    # realised counts match each attendee's expected count (nearly nothing lost in pairing)
    sessioned = counts[counts["in_session"]]
    expected = sessioned["expected_new_unstructured"] + sessioned["structured"] * sessioned["effect_new_contacts"]
    assert (sessioned["new_contacts"] - expected).mean() == pytest.approx(0, abs=0.06)


def test_truth_frame_carries_the_planted_effects(tables):
    truth = tables["_truth"]
    for outcome, by_style in PLANTED_EFFECTS.items():
        per_style = truth.groupby("true_style")[f"effect_{outcome}"].agg(["min", "max"])
        for style, planted in by_style.items():
            assert per_style.loc[style].tolist() == pytest.approx([planted, planted]), (outcome, style)


def test_self_selection_biases_the_naive_difference():
    t = make_demo_tables(n_attendees=60_000, n_events=2, assignment="self_selected", session_shock_sd=0.0,
                         with_survey=False, with_followups=False, with_truth=True, random_state=4)
    counts = _distinct_partners(t)
    sessioned = counts[counts["in_session"]]
    chose = sessioned.groupby("true_style")["structured"].mean()
    assert chose["self-directed"] < chose["reserved"] - 0.2
    naive = _effects(counts, "contacts")
    assert naive["self-directed"] < PLANTED_EFFECTS["contacts"]["self-directed"] - 0.5
    assert naive["reserved"] < PLANTED_EFFECTS["contacts"]["reserved"] - 0.2


# --- the folder, the loader, the command ---------------------------------------------------
def test_committed_demo_folder_is_small_and_is_what_the_command_writes(demo_folder, tmp_path):
    files = [p for p in demo_folder.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 2_000_000
    fresh = write_demo_folder(tmp_path / "demo")
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert fresh_files == sorted(p.relative_to(demo_folder) for p in files)
    for rel in fresh_files:
        assert (fresh / rel).read_bytes() == (demo_folder / rel).read_bytes(), f"data/demo/{rel} is stale"


def test_demo_folder_loads_without_errors_or_warnings(demo_folder):
    data = toolkit.load_event_data(demo_folder)
    assert data.report.ok and not data.report.problems
    assert len(data.attendees) == 400 and data.settings.style_scale is not None
    table = toolkit.compute_outcomes(data)
    assert len(table) == 400 and table[["event_id", "attendee_id"]].duplicated().sum() == 0


def test_parquet_folder_loads_like_csv(tmp_path):
    csv = toolkit.load_event_data(write_demo_folder(tmp_path / "c", n_attendees=300, n_events=2, random_state=1))
    pq = toolkit.load_event_data(write_demo_folder(tmp_path / "p", file_format="parquet", n_attendees=300,
                                                   n_events=2, random_state=1))
    assert pq.report.ok and not pq.report.problems
    for name in ("attendees", "contacts", "survey", "followups"):
        a = csv.tables()[name].drop(columns=["_row", "_file"], errors="ignore").reset_index(drop=True)
        b = pq.tables()[name].drop(columns=["_row", "_file"], errors="ignore").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_truth_never_lands_in_the_folder(tmp_path):
    folder = tmp_path / "d"
    write_demo_folder(folder, n_attendees=100, n_events=1, truth_path=tmp_path / "truth.csv")
    assert (tmp_path / "truth.csv").exists()
    assert not any("true_style" in p.read_text() for p in folder.rglob("*.csv"))
    with pytest.raises(toolkit.UsageError, match="outside"):
        write_demo_folder(tmp_path / "e", truth_path=tmp_path / "e" / "truth.csv")


def _netout(args, monkeypatch, capsys):
    """Run the netout app in this process as the console entry point would: (exit code, out, err)."""
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    code = run_guarded(app)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_netout_demo_command(tmp_path, monkeypatch, capsys):
    code, out, _ = _netout(["demo", tmp_path / "d", "--attendees", "150", "--events", "2", "--format", "parquet",
                            "--seed", "7"], monkeypatch, capsys)
    assert code == 0 and "Wrote a demo folder" in out
    assert (tmp_path / "d" / "E02" / "contacts.parquet").exists()
    code, _, err = _netout(["demo", tmp_path / "d"], monkeypatch, capsys)
    assert code == 2 and "not empty" in err
    code, _, _ = _netout(["demo", tmp_path / "d", "--overwrite", "--events", "1", "--attendees", "50"],
                         monkeypatch, capsys)
    assert code == 0 and sorted(p.name for p in (tmp_path / "d").iterdir()) == ["E01", "netout.toml"]
    (tmp_path / "d" / "notes.txt").write_text("mine")
    code, _, err = _netout(["demo", tmp_path / "d", "--overwrite"], monkeypatch, capsys)
    assert code == 2 and "notes.txt" in err and (tmp_path / "d" / "notes.txt").exists()


def test_netout_demo_help_and_exit_code_as_a_process(tmp_path):
    netout = str(Path(sys.executable).with_name("netout"))
    helptext = subprocess.run([netout, "demo", "--help"], capture_output=True, text=True)
    assert helptext.returncode == 0 and "--assignment" in helptext.stdout and "--attendees" in helptext.stdout
    done = subprocess.run([netout, "demo", str(tmp_path / "d"), "--attendees", "60", "--events", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_compact_tables_hold_the_same_world_in_less_memory():
    raw = make_demo_tables(n_attendees=500, n_events=2, random_state=8)
    compact = make_demo_tables(n_attendees=500, n_events=2, random_state=8, compact=True)
    assert isinstance(compact["contacts"]["channel"].dtype, pd.CategoricalDtype)
    assert str(compact["contacts"]["timestamp"].dtype) == "datetime64[ns, UTC]"
    same_instants = pd.to_datetime(raw["contacts"]["timestamp"], utc=True, format="ISO8601")
    assert (same_instants == compact["contacts"]["timestamp"]).all()
    assert (raw["contacts"]["session_id"].astype(object).fillna("")
            == compact["contacts"]["session_id"].astype(object).fillna("")).all()
    lean = make_demo_tables(n_attendees=500, n_events=2, with_survey=False, with_followups=False)
    assert lean["survey"].empty and {"event_id", "attendee_id", "style_1"} <= set(lean["survey"])
    assert lean["followups"].empty and len(lean["contacts"]) > 0

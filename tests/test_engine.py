"""The embedded engine: same answers as before it, memory settings, not-recorded outcomes, channel kind.

The outcome table moved from numpy/pandas code to SQL run by DuckDB
(:mod:`toolkit.outcome_sql`). These tests pin the values the earlier engine
gave on the demo season and on every real data set (``../shared/realdata``,
imported as a user would): the outcome columns of each are reduced to a
fingerprint (count of values, sum, and a hash of the values rounded to 9
decimals, row by row in (event, attendee) order) that the earlier engine
produced. Every person in these folders is in one session per event, so
"sessions as the unit of exposure" leaves them unchanged; only where a
table is absent does "not recorded" turn a 0 into a missing value, and the
fingerprints below are taken after the same masking.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

import toolkit

OUTCOME_COLUMNS = ("contacts", "new_contacts", "familiar_share", "cross_industry_share", "followup_rate_7d",
                   "meetings_30d", "spectator", "reciprocated_share", "interest_share", "brokerage",
                   "satisfaction", "met_helpful", "would_return", "nps")


def fingerprint(table: pd.DataFrame) -> dict[str, tuple[int, float, str]]:
    """Per outcome column: (values present, their sum rounded, a hash of every value in row order)."""
    ordered = table.sort_values(["event_id", "attendee_id"], kind="stable")
    out = {}
    for name in OUTCOME_COLUMNS:
        values = ordered[name].astype("Float64").round(9)
        text = ",".join("" if pd.isna(v) else repr(float(v)) for v in values)
        out[name] = (int(values.notna().sum()), round(float(values.sum()), 6),
                     hashlib.sha256(text.encode()).hexdigest()[:16])
    return out


def _masked(table: pd.DataFrame) -> pd.DataFrame:
    """The table with the not-recorded outcomes missing (what the earlier engine showed as 0, hidden)."""
    table = table.copy()
    for name in table.attrs.get("not_recorded", {}):
        table[name] = table[name].astype("Float64").where(pd.Series(False, index=table.index))
    return table


# --------------------------------------------------------------------------- same answers as before the engine


def _folders(realdata, tmp_path_factory):
    from toolkit.io.importers import import_export

    work = tmp_path_factory.mktemp("engine-realdata")
    return {
        "ht09": lambda: import_export("sociopatterns", [realdata / "sp_ht09" / "tij_HT09.dat"], out=work / "ht09").out,
        "sfhh": lambda: import_export("sociopatterns", [realdata / "sp_sfhh09" / "tij_SFHH.dat"], out=work / "sfhh").out,
        "ws16": lambda: import_export("sociopatterns", [realdata / "sp_ws16" / "tij_WS16.dat",
                                                        realdata / "sp_ws16" / "metadata_WS16.dat"],
                                      out=work / "ws16", codebook="ws16").out,
        "speed_dating": lambda: import_export("scorecards", [realdata / "speed_dating" / "Speed Dating Data.csv"],
                                              out=work / "speed").out,
    }


def _check_same_answers(name: str, folder, project_root) -> None:
    import json

    expected = json.loads((project_root / "tests" / "engine_fingerprints.json").read_text())[name]
    data = toolkit.load_event_data(folder, secret="fingerprint")
    table = toolkit.compute_outcomes(data)
    # one session per person per event: one row per attendee and event, exactly as before
    assert (table["n_sessions"] <= 1).all() and set(table["attribution"].astype(str)) == {"event"}
    assert not table.duplicated(["event_id", "attendee_id"]).any()
    got = fingerprint(table)
    assert {k: list(v) for k, v in got.items()} == expected
    try:  # while the earlier engine is in the tree, compare row by row too
        from toolkit import _legacy_outcomes as legacy
    except ImportError:
        return
    old = legacy.compute_outcomes(data)
    old.attrs = table.attrs
    old = _masked(old).set_index(["event_id", "attendee_id"]).sort_index()
    new = table.set_index(["event_id", "attendee_id"]).sort_index()
    for column in OUTCOME_COLUMNS:
        a, b = new[column].astype("Float64"), old[column].astype("Float64")
        same = ((a - b).abs() < 1e-9).fillna(False) | (a.isna() & b.isna())
        assert same.all(), (name, column, new.loc[~same.to_numpy(), column].head())


def test_same_answers_as_the_earlier_engine_on_the_demo_season(demo_folder, project_root):
    _check_same_answers("demo", demo_folder, project_root)


@pytest.mark.realdata
@pytest.mark.slow
@pytest.mark.parametrize("name", ["ht09", "sfhh", "ws16", "speed_dating"])
def test_same_answers_as_the_earlier_engine_on_real_data(name, realdata, tmp_path_factory, project_root):
    _check_same_answers(name, _folders(realdata, tmp_path_factory)[name](), project_root)


# --------------------------------------------------------------------------- person codes in the stored log


def _example(secret: str = "codes"):
    return toolkit.load_event_data(toolkit.datasets.example_folder(), secret=secret)


def test_the_stored_contact_log_holds_person_codes_in_the_ids_order():
    data = _example()
    table, codes = data.bulk.coded["contacts"]
    con = data.bulk.con
    types = {r[0]: str(r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()}
    assert types["attendee_id"] == types["contact_id"] == "INTEGER"
    # codes follow the ids' sort order, so least/greatest and < on codes agree with the text
    mismatched = con.execute(f"""
        SELECT count(*) FROM {table} c JOIN {codes} a ON a.code = c.attendee_id JOIN {codes} b ON b.code = c.contact_id
        WHERE (c.attendee_id < c.contact_id) <> (a.id < b.id)""").fetchall()[0][0]
    assert mismatched == 0
    ids = con.execute(f"SELECT id FROM {codes} ORDER BY code").df()["id"].tolist()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    # readers of the text (the loader's checks, data.contacts) see the pseudonyms, as before
    contacts = data.contacts
    people = set(data.attendees["attendee_id"].dropna())
    assert len(contacts) == 996 and set(contacts["attendee_id"]) | set(contacts["contact_id"]) <= people


def test_no_table_of_the_engine_keeps_the_files_plain_ids_after_the_load():
    """The loader maps each plain id to its pseudonym in the engine; the plain side is dropped once the log is typed
    (a dashboard's connection lives long, and the engine may spill what it holds to its temporary folder)."""
    data = _example()
    plain = set(pd.read_csv(toolkit.example_folder() / "E01" / "contacts.csv", dtype=str)["attendee_id"])
    con = data.bulk.con
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        columns = [r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()]
        for column in columns:
            values = set(con.execute(f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM "{name}"').df().iloc[:, 0])
            assert not (values & plain), (name, column)


def test_coded_log_and_pandas_log_give_the_same_outcome_table():
    stored = toolkit.compute_outcomes(_example())
    plain = _example()
    plain.contacts   # taken into pandas: the outcome steps code the people themselves
    assert not plain.bulk.holds("contacts", plain)
    pd.testing.assert_frame_equal(stored, toolkit.compute_outcomes(plain))


def test_a_follow_up_naming_someone_the_codes_lack_falls_back_to_coding_everyone():
    from toolkit.outcome_sql import OutcomeQueries
    from toolkit.outcomes import match_followups

    data = _example()
    before = match_followups(data)
    extra = data.followups.iloc[:1].copy()
    extra["attendee_id"] = pd.array(["p_not_on_any_list"], dtype="string")
    data.followups = pd.concat([data.followups, extra], ignore_index=True)
    assert data.bulk.holds("contacts", data)
    with OutcomeQueries(data) as q:
        # the steps' own code table, not the store's: it names the stranger too
        assert q.con.execute("SELECT count(*) FROM pc WHERE id = 'p_not_on_any_list'").fetchall()[0][0] == 1
    after = match_followups(data)
    assert after["status"].iloc[-1] == "no exchange"
    columns = ["matched_event_id", "first_exchange", "status", "within_7d", "meeting_within_30d"]
    pd.testing.assert_frame_equal(after[columns].iloc[:-1], before[columns])


def test_the_loaders_follow_up_checks_read_the_coded_log_as_they_read_text(tmp_path):
    import csv
    import shutil

    folder = tmp_path / "coded"
    shutil.copytree(toolkit.datasets.example_folder(), folder)
    with open(folder / "E01" / "followups.csv", "a", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["E01", "NOBODY", "M00011", "2025-02-14T09:50:53+01:00", "call"])    # not an attendee
        writer.writerow(["E01", "M00000", "M00002", "2025-02-14T09:50:53+01:00", "call"])    # never met
        writer.writerow(["E01", "M00011", "M00000", "2025-02-01T09:00:00+01:00", "email"])   # before the exchange
        writer.writerow(["", "M00000", "M00011", "2025-03-01T09:00:00+01:00", "call"])       # event to fill in
    coded = toolkit.load_event_data(folder, secret="k")
    assert "contacts" in coded.bulk.coded
    plain_folder = tmp_path / "plain"
    shutil.copytree(folder, plain_folder)
    for event in ("E01", "E02"):   # quoted cells: the bulk path leaves the file to the plain reader
        rows = list(csv.reader(open(folder / event / "contacts.csv", newline="")))
        with open(plain_folder / event / "contacts.csv", "w", newline="") as handle:
            csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    plain = toolkit.load_event_data(plain_folder, secret="k")
    assert plain.bulk is None or "contacts" not in plain.bulk.tables
    assert [p.message for p in coded.report.problems] == [p.message for p in plain.report.problems]
    assert coded.report.set_aside == plain.report.set_aside
    assert len([p for p in coded.report.problems if p.table == "followups"]) >= 3
    pd.testing.assert_frame_equal(coded.followups.drop(columns=["_file"]), plain.followups.drop(columns=["_file"]))


@pytest.mark.parametrize("column, cell", [("duration_s", "-5"), ("timestamp", "2025-02-31T19:40:51+01:00"),
                                          ("interest", "perhaps")])
def test_an_unreadable_cell_leaves_the_log_to_the_plain_reader_which_names_it(tmp_path, column, cell):
    # the engine checks the cells in the pass that types the log and stops at the first bad one; the plain
    # reader then reads the table and says where the cell is, and no engine table keeps the file's plain ids
    import shutil

    from toolkit.io.load import read_folder

    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    path = folder / "E01" / "contacts.csv"
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    log.loc[5, column] = cell   # spreadsheet row 7
    log.to_csv(path, index=False)
    data = read_folder(folder, secret="codes")
    assert not data.bulk.holds("contacts", data)
    assert ("E01/contacts.csv", 7, column) in {(p.file, p.row, p.column) for p in data.report.problems}
    plain = set(log["attendee_id"])
    con = data.bulk.con
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        for (col,) in [r[:1] for r in con.execute(f'DESCRIBE "{name}"').fetchall()]:
            values = set(con.execute(f'SELECT DISTINCT CAST("{col}" AS VARCHAR) FROM "{name}"').df().iloc[:, 0])
            assert not (values & plain), (name, col)


def test_a_clean_log_is_kept_by_the_engine():
    data = _example()
    assert data.bulk.holds("contacts", data) and len(data.contacts) == 996


def test_a_killed_runs_spill_folder_is_removed_by_the_next_run_and_a_running_ones_kept(tmp_path, monkeypatch):
    """A run killed mid-job (SIGKILL, out of memory) left its spill folder, which can hold gigabytes, for ever."""
    import os
    import subprocess
    import sys
    import tempfile

    from toolkit.io import engine

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    abandoned = tmp_path / f"netout-duckdb-{dead_pid}-k2x9"
    (abandoned / "duckdb_temp_storage").mkdir(parents=True)
    (abandoned / "duckdb_temp_storage" / "spill.block").write_bytes(b"0" * 1024)
    running = tmp_path / f"netout-duckdb-{os.getpid()}-a1b2"
    running.mkdir()
    other = tmp_path / "netout-duckdb-notes"  # not a spill folder's name: never touched
    other.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv("NETOUT_TEMP_DIR", raising=False)
    con = engine.connect(memory_limit="128MB", threads=1)
    con.close()
    assert not abandoned.exists()
    assert running.exists() and other.exists()


@pytest.mark.skipif(os.name == "nt", reason="the sweep cannot ask Windows whether a process runs")
def test_a_live_foreign_process_keeps_its_spill_folder_until_it_is_killed(tmp_path):
    """Another netout process that still runs (a dashboard, a long report) keeps its spill folder; once it is
    killed (SIGKILL: it cannot remove the folder itself) the next sweep removes it. The test above only has
    this process's own id, which the sweep never asks the system about."""
    import subprocess
    import sys

    from toolkit.io import engine

    child_code = (
        "import os, sys, tempfile\n"
        "tempfile.tempdir = sys.argv[1]\n"
        "from toolkit.io import engine\n"
        "con = engine.connect(memory_limit='128MB', threads=1)\n"
        "print(con.execute(\"SELECT current_setting('temp_directory')\").fetchone()[0], flush=True)\n"
        "sys.stdin.read()  # stays alive until its parent ends it\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NETOUT_TEMP_DIR"}
    child = subprocess.Popen([sys.executable, "-c", child_code, str(tmp_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        spill = Path(child.stdout.readline().strip())
        assert spill.parent == tmp_path and spill.name.startswith(f"{engine.SPILL_PREFIX}{child.pid}-")
        (spill / "spill.block").write_bytes(b"0" * 1024)   # as if it had spilled
        assert engine.remove_abandoned_spill_folders(str(tmp_path)) == []
        assert spill.exists() and child.poll() is None, "a running process's folder was removed"
    finally:
        child.kill()
        child.wait(30)
    assert spill.exists()   # killed: nothing removed it
    assert engine.remove_abandoned_spill_folders(str(tmp_path)) == [str(spill)]
    assert not spill.exists()

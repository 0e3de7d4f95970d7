"""``netout validate``: exit codes 0/1/2, problems by file/row/column, JSON, the set-aside file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import app
from toolkit.cli._common import run_guarded

BROKEN = Path(__file__).parent / "broken"


def _netout(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    monkeypatch.setenv("NETOUT_SECRET", "test-secret-at-least-16")
    code = run_guarded(app)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_valid_folder_exits_0_and_reports_scale_reliability(monkeypatch, capsys):
    code, out, _ = _netout(monkeypatch, capsys, "validate", BROKEN / "_base")
    assert code == 0
    assert "usable" in out and "6 attendees" in out
    assert "Cronbach's alpha" in out


def test_unknown_attendee_exits_1_naming_file_row_column(monkeypatch, capsys):
    code, out, err = _netout(monkeypatch, capsys, "validate", BROKEN / "contact_unknown_attendee")
    assert code == 1
    # the unknown id is quoted as its pseudonym (ids are personal); the row says where it is
    assert "contacts.csv row 7, column contact_id ('p_" in out and "A99" not in out
    assert "Traceback" not in out + err


def test_warnings_only_exit_0_and_set_aside_file(monkeypatch, capsys, tmp_path):
    target = tmp_path / "aside.csv"
    code, out, _ = _netout(monkeypatch, capsys, "validate", BROKEN / "self_contact", "--set-aside", target)
    assert code == 0
    assert "WARNING contacts.csv row 5" in out
    assert target.read_text().splitlines()[1].startswith("contacts,contacts.csv,5,")


def test_json_document(monkeypatch, capsys):
    code, out, _ = _netout(monkeypatch, capsys, "validate", BROKEN / "nps_out_of_range", "--json")
    document = json.loads(out)
    assert code == 0 and document["valid"] is True
    assert document["problems"][0] | {"message": None} == {
        "severity": "warning", "table": "survey", "file": "survey.csv", "row": 4, "column": "nps", "value": "11",
        "message": None}
    assert document["set_aside"][0]["row"] == 4
    assert document["rows"]["attendees"] == 6 and document["events"] == ["e1"]
    assert document["style_scale"]["alpha"] is not None


def test_json_for_invalid_folder_still_one_document(monkeypatch, capsys):
    code, out, _ = _netout(monkeypatch, capsys, "validate", BROKEN / "missing_required_table", "--json")
    document = json.loads(out)
    assert code == 1 and document["valid"] is False and document["errors"] == 1
    assert document["problems"][0]["file"] == "participation.csv"


@pytest.mark.parametrize("args", [["validate", "/no/such/folder"], ["validate"], ["validate", ".", "--bogus"]])
def test_usage_errors_exit_2(monkeypatch, capsys, args):
    code, out, err = _netout(monkeypatch, capsys, *args)
    assert code == 2
    assert "Traceback" not in out + err


def test_installed_command_end_to_end(tmp_path):
    """The console script itself (a fresh process): exit code 1 and the place of the problem."""
    netout = Path(sys.executable).with_name("netout")
    if not netout.exists():
        pytest.skip("netout console script not installed in this environment")
    result = subprocess.run([str(netout), "validate", str(BROKEN / "quoted_newline_unknown_attendee")],
                            capture_output=True, text=True, env={"NETOUT_SECRET": "x" * 16, "PATH": "/usr/bin:/bin",
                                                                 # validate keeps its result: not in the home folder
                                                                 "NETOUT_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert "contacts.csv row 7, column contact_id" in result.stdout


def test_demo_folder_validates(monkeypatch, capsys, tmp_path):
    demo = pytest.importorskip("toolkit.datasets.demo")
    demo.write_demo_folder(tmp_path / "d", n_attendees=120, n_events=2)
    code, out, _ = _netout(monkeypatch, capsys, "validate", tmp_path / "d")
    assert code == 0, out
    assert "usable" in out


def test_a_whole_process_prints_everything_and_keeps_its_exit_code(tmp_path):
    # main() freezes the objects left at exit (toolkit.cli._cheap_teardown): the output must still be
    # whole and the exit code the command's, for a usable folder (0), a broken one (1) and a usage error (2)
    import os

    import toolkit

    env = {**os.environ, "NETOUT_SECRET": "test-secret-at-least-16", "NETOUT_CACHE": str(tmp_path)}
    code = "import sys; from toolkit.cli import main; sys.argv = ['netout'] + sys.argv[1:]; main()"
    runs = {name: subprocess.run([sys.executable, "-c", code, "validate", str(folder), "--json", "--no-cache"],
                                 capture_output=True, text=True, env=env, timeout=120)
            for name, folder in (("ok", toolkit.example_folder()), ("broken", BROKEN / "duplicate_attendee"),
                                 ("missing", tmp_path / "no-such-folder"))}
    assert {name: run.returncode for name, run in runs.items()} == {"ok": 0, "broken": 1, "missing": 2}
    assert json.loads(runs["ok"].stdout)["valid"] is True
    assert json.loads(runs["broken"].stdout)["errors"] >= 1
    assert "no such folder" in runs["missing"].stderr

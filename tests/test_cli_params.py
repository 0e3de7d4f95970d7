"""The command line's own reading of plain text and path parameters (toolkit.cli._common._PlainFirst).

typer builds a pydantic adapter for every parameter of the command being run;
the CLI reads text and paths itself and leaves every other value to typer, so
each value and each message must be typer's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.cli._common import PLAIN_COERCION_TYPER, _PlainFirst, plain_coercion

pytest.importorskip("typer._coercion")
if not typer.__version__.startswith(PLAIN_COERCION_TYPER):
    pytest.skip(f"the CLI's coercion hook is for typer {PLAIN_COERCION_TYPER}x; this typer is {typer.__version__}",
                allow_module_level=True)
from typer._coercion import build_runtime_param  # noqa: E402

SAMPLES = ["x", "E01/scans.csv", "/tmp/", "/tmp", "", " a b ", "a\x00b", "-", "~/season", "./x", "a//b",
           "3", "0.5", "yes", "é ü"]


def _commands(root=None):
    root = root or typer.main.get_command(app)   # a new click command tree each call
    for name in root.list_commands(None):
        command = root.get_command(None, name)
        yield from getattr(command, "commands", {}).values() or [command]


def _outcome(runtime, value, param):
    try:
        return "value", runtime.coerce(value, param=param, ctx=None)
    except Exception as exc:  # the message typer would show
        return type(exc).__name__, str(exc)


def test_every_parameter_reads_every_value_as_typer_does():
    """Each command's parameters give typer's value, or typer's error and message, for text and paths."""
    compared = 0
    for command in _commands():
        for param in command.params:
            typer_way = build_runtime_param(param.type_descriptor)
            ours = _PlainFirst()
            values = [None] + (SAMPLES if param.nargs == 1 and not param.multiple else [tuple(SAMPLES[:3])])
            for value in values:
                assert _outcome(ours, value, param) == _outcome(typer_way, value, param), (command.name, param.name,
                                                                                           value)
                compared += 1
    assert compared > 1000


def test_paths_and_text_reach_the_command_as_before(tmp_path, monkeypatch):
    """A path argument arrives as a Path, text as str; a wrong number still gets typer's message."""
    import toolkit.cli._outcomes as outcomes_command

    (tmp_path / "season").mkdir()
    seen = {}
    monkeypatch.setattr(outcomes_command, "write_outcomes",
                        lambda folder, out, **options: seen.update(folder=folder, out=out) or Path(out))
    result = CliRunner().invoke(app, ["outcomes", str(tmp_path / "season"), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    assert seen == {"folder": tmp_path / "season", "out": tmp_path / "o.csv"}
    assert all(type(value) is type(tmp_path) for value in seen.values())
    bad = CliRunner().invoke(app, ["demo", str(tmp_path / "d"), "--attendees", "many"])
    assert bad.exit_code == 2
    assert "Invalid value for '--attendees'" in bad.output


def test_the_hook_covers_the_help_option_and_subcommands():
    root = typer.main.get_command(app)
    context = root.make_context("netout", ["outcomes", "--help"], resilient_parsing=True)
    plain_coercion(root, context)
    commands = list(_commands(root))
    assert {type(p._runtime_param) for c in commands for p in c.get_params(context)} == {_PlainFirst}


def test_a_command_run_imports_no_pydantic(tmp_path):
    """typer's pydantic layer (0.14-0.20 s of CPU a run, half of a result read back) is not imported."""
    script = ("import sys; from toolkit.cli import run_guarded, app; sys.argv = ['netout'] + sys.argv[1:]; "
              "code = run_guarded(app); print('pydantic' in sys.modules, file=sys.stderr); sys.exit(code)")
    folder = Path(__file__).resolve().parents[1] / "data" / "demo"
    for command in (["validate", str(folder), "--json"], ["outcomes", str(folder), "--out", str(tmp_path / "o.csv"),
                                                        "--no-cache"], ["--version"]):
        run = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True,
                             env={**__import__("os").environ, "NETOUT_CACHE": str(tmp_path / "cache")})
        assert run.stderr.splitlines()[-1] == "False", (command, run.stderr[-500:])


def test_another_typer_release_keeps_its_own_coercion(monkeypatch):
    """The hook reads typer's private parts as 0.29 has them: under another release typer's own way runs."""
    monkeypatch.setattr(typer, "__version__", "0.30.0")
    command = typer.main.get_command(app).get_command(None, "outcomes")
    plain_coercion(command)
    assert not any(isinstance(getattr(p, "_runtime_param", None), _PlainFirst) for p in command.params)

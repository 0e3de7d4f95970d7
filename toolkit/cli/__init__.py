"""The ``netout`` command line (typer).

Commands are grouped in modules by pipeline stage; each only parses options,
calls the library and prints. Heavy libraries are imported inside commands so
that ``netout --help`` stays fast.

Exit codes: 0 success / valid data, 1 invalid data or a failed analysis,
2 usage error. A :class:`toolkit.errors.NetoutError` is shown as a message,
never as a traceback.
"""

from __future__ import annotations

import sys

import typer

from toolkit.cli import _compare, _dashboard, _demo, _followups, _imports, _outcomes, _report, _validate
from toolkit.cli._common import run_guarded

app = typer.Typer(
    name="netout",
    help="Networking-outcomes toolkit: did the networking sessions work, and for whom?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Show the toolkit's version and exit."),
) -> None:
    """Networking-outcomes toolkit: did the networking sessions work, and for whom?"""
    if version:
        from toolkit import __version__

        typer.echo(f"netout {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


for _module in (_demo, _validate, _imports, _outcomes, _compare, _followups, _report, _dashboard):
    _module.register(app)


def main() -> None:
    """Console entry point: run the app, turning toolkit errors into messages and exit codes."""
    sys.exit(run_guarded(app))

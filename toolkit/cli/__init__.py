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
from typer.core import TyperGroup

from toolkit.cli import _compare, _dashboard, _demo, _followups, _imports, _outcomes, _report, _validate
from toolkit.cli._common import plain_coercion, run_guarded


class _Commands(TyperGroup):
    """The command list of ``netout --help`` with each command's whole first sentence, wrapped.

    Plain help (``rich_markup_mode=None`` below) cuts a command's summary at the
    terminal's width with "..."; the summaries here are a sentence each, so they
    are wrapped instead. Plain help because typer's rich renderer alone took
    about 0.25 s of ``netout --help``'s 0.5 s of CPU (issue 16: under 0.5 s).

    Example
    -------
    >>> from typer.testing import CliRunner
    >>> out = " ".join(CliRunner().invoke(app, ["--help"]).output.split())   # as one line, whatever the width
    >>> "demo Write a synthetic event folder (one subfolder per event, netout.toml) with planted effects." in out
    True
    """

    def parse_args(self, ctx, args):
        plain_coercion(self, ctx, subcommands=False)   # --version and --help: see resolve_command
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        # the command's parameters read plain text and paths without typer's pydantic layer (_PlainFirst)
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            plain_coercion(command, ctx)
        return name, command, rest

    def format_commands(self, ctx, formatter) -> None:
        rows = [(name, command.get_short_help_str(limit=1_000))
                for name, command in ((n, self.get_command(ctx, n)) for n in self.list_commands(ctx))
                if command is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="netout",
    cls=_Commands,
    help="Networking-outcomes toolkit: did the networking sessions work, and for whom?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,   # plain help: see _Commands
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
    _cheap_teardown()
    sys.exit(run_guarded(app))


_TEARDOWN_REGISTERED = False


def _cheap_teardown() -> None:
    """Freeze the objects still alive when the interpreter starts to exit (once per process).

    The interpreter's last garbage collections walk every object a command
    left (pandas, DuckDB, the loaded tables): 0.16-0.21 s of a ``netout
    validate`` on the 10k demo folder, for memory the process hands back
    anyway. Frozen objects are skipped by those collections (0.03-0.06 s). It runs
    as an exit handler, not here, so that a test calling ``main()`` keeps its
    own garbage collected; the other exit handlers (the engine's spill folder)
    and the flushing of the output run as before, and the exit code is the
    command's.
    """
    global _TEARDOWN_REGISTERED
    if not _TEARDOWN_REGISTERED:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _TEARDOWN_REGISTERED = True

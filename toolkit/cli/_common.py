"""Shared plumbing of the CLI faces: error handling, JSON output, option parsing."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import typer

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2


def run_guarded(app: typer.Typer) -> int:
    """Run a typer app; toolkit errors become a message on stderr and exit code 1 or 2."""
    from toolkit.exceptions import DataValidationError, NetoutError, UsageError

    try:
        result = app(standalone_mode=False)
        # click returns typer.Exit's code instead of raising it when not in standalone mode
        if isinstance(result, int) and not isinstance(result, bool):
            return result
    except DataValidationError as exc:
        typer.echo(f"netout: the data cannot be used:\n{exc}", err=True)
        return EXIT_INVALID_DATA
    except UsageError as exc:
        typer.echo(f"netout: {exc}", err=True)
        return EXIT_USAGE
    except NetoutError as exc:
        typer.echo(f"netout: {exc}", err=True)
        return EXIT_INVALID_DATA
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        return 1
    except Exception as exc:
        # click's own usage errors arrive here in non-standalone mode; typer may vendor click
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            return exc.exit_code if exc.exit_code != 1 else EXIT_USAGE
        if isinstance(exc, FileNotFoundError):
            typer.echo(f"netout: {exc}", err=True)
            return EXIT_INVALID_DATA
        raise
    return EXIT_OK


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def _clean(value: Any) -> Any:
    """Replace NaN/inf (not valid JSON) by null, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def json_ready(document: Any) -> Any:
    """The document as JSON data (dicts, lists, text, numbers, None): what :func:`print_json` prints.

    Tuples and sets become lists, dates their ISO text, other values JSON has
    no type for their text; NaN and infinities become None. Printing the result
    gives the same bytes as printing the document, so a result kept as JSON
    data prints exactly as when computed.

    Example
    -------
    >>> import datetime
    >>> json_ready({"day": datetime.date(2026, 12, 1), "x": float("nan"), "s": (1, 2)})
    {'day': '2026-12-01', 'x': None, 's': [1, 2]}
    """
    return _clean(json.loads(json.dumps(document, default=_json_default)))


def print_json(document: Any) -> None:
    """Print one JSON document on standard output."""
    text = json.dumps(json_ready(document), indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")


def parse_mix(text: str) -> dict[str, float]:
    """Parse ``SEG=SHARE,SEG=SHARE`` into a dict; shares are normalised to sum to 1.

    >>> parse_mix("reserved=0.6,self-directed=0.4")
    {'reserved': 0.6, 'self-directed': 0.4}
    """
    from toolkit.errors import UsageError

    mix: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, share = part.partition("=")
        if not sep:
            raise UsageError(f"--mix: expected SEGMENT=SHARE, got {part!r}")
        try:
            value = float(share)
        except ValueError:
            raise UsageError(f"--mix: share of {name.strip()!r} must be a number, got {share!r}") from None
        if value < 0:
            raise UsageError(f"--mix: share of {name.strip()!r} must not be negative")
        mix[name.strip()] = value
    total = sum(mix.values())
    if not mix or total <= 0:
        raise UsageError("--mix: give at least one segment with a positive share, e.g. reserved=0.6,self-directed=0.4")
    return {k: v / total for k, v in mix.items()}


def worksheet(sheet: str | None) -> str | int | None:
    """``--sheet`` as ``netout import`` reads it: digits are the worksheet's position, anything else its name.

    >>> worksheet("2"), worksheet("Deelnemers"), worksheet(None)
    (2, 'Deelnemers', None)
    """
    return int(sheet) if sheet is not None and str(sheet).isdigit() else sheet


#: ``--by``'s help where a command chooses the grouping itself (the dashboard opens on the same one).
DEFAULT_BY_HELP = ("default: networking style where anyone's is recorded, else the first attendee column with a "
                   "few groups, e.g. industry, as the dashboard opens on")


def refuse_output_over_inputs(out: Path, inputs: list[Path], *, option: str = "--out",
                              writes: tuple[str, ...] = ()) -> None:
    """Refuse an output inside an input folder, or one that would replace an input file.

    ``out`` is the file (or, with ``writes``, the folder and the names of the
    files written into it); ``inputs`` are the files and folders read. An
    analysis output written into the organiser's data folder would be read
    back as data next time, and one written over an input destroys it.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> refuse_output_over_inputs(folder / "outcomes.csv", [folder])
    Traceback (most recent call last):
    ...
    toolkit.exceptions.UsageError: --out ... is inside the input folder ...; write it somewhere else ...
    """
    from pathlib import Path as _Path

    from toolkit.exceptions import UsageError  # not toolkit.errors: that imports pandas

    targets = [out / name for name in writes] if writes else [out]
    for given in inputs:
        source = _Path(given).resolve()
        for target in [out, *targets]:
            resolved = _Path(target).resolve()
            if source.is_dir() and (resolved == source or source in resolved.parents):
                raise UsageError(f"{option} {out} is inside the input folder {given}; write it somewhere else "
                                 "(outputs in the data folder would be read back as data)")
            if source.is_file() and resolved == source:
                raise UsageError(f"{option} {out} would replace the input file {given}; write it somewhere else")


PLAIN_COERCION_TYPER = "0.29."  # the typer release line whose private coercion the CLI's hook was checked on


class _PlainFirst:
    """A typer parameter's coercion that reads plain text and paths itself and asks typer for anything else.

    typer (0.2x) builds a pydantic ``TypeAdapter`` for every parameter of the
    command being run, given or not, before it looks at the value: importing
    pydantic and building the adapters took 0.14-0.20 s of CPU, about half of
    a ``netout outcomes`` whose result was kept (issue 16). Here a missing
    value stays missing and a ``str`` parameter keeps its text, as typer's
    adapters give them; a ``Path`` is checked by typer's own
    ``coerce_cli_path`` (so its messages are typer's), only where ``Path(text)``
    is the text as given (the one conversion pydantic makes). Every other value
    or type (numbers, choices, lists, files, options with a parser or path
    settings) goes to typer's adapter, built on first use.
    """

    def __init__(self) -> None:
        self.typer_param = None

    def coerce(self, value, param, ctx):
        many = param.multiple or param.nargs == -1
        if value is None:   # what typer's RuntimeParam.coerce does before any adapter
            return () if many else None
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        plain = (not many and param.nargs == 1 and type(value) is str and "\x00" not in value
                 and descriptor.file_annotation is None and info.parser is None)
        if plain and descriptor.annotation is str:
            return value
        if (plain and descriptor.annotation is Path and info.path_type is None and not info.allow_dash
                and not info.resolve_path and str(Path(value)) == value):
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if self.typer_param is None:
            from typer._coercion import build_runtime_param

            self.typer_param = build_runtime_param(descriptor)
        return self.typer_param.coerce(value, param=param, ctx=ctx)


def plain_coercion(command, ctx=None, *, subcommands: bool = True) -> None:
    """Give the parameters of ``command`` (and of its subcommands) :class:`_PlainFirst` coercion.

    With ``ctx`` (the context the command runs in, or its parent's), its
    ``--help`` option too, which click makes on first use with the context's
    help option names (taken from the parent unless the command sets its own).

    Leaves typer's own coercion where this typer has no such hook (another
    version): the values are the same either way, only slower to reach.

    Example
    -------
    >>> from toolkit.cli import app
    >>> import typer.main
    >>> command = typer.main.get_command(app).get_command(None, "outcomes")
    >>> plain_coercion(command)
    >>> sorted({type(p._runtime_param).__name__ for p in command.params})
    ['_PlainFirst']
    """
    import typer

    # the hook uses typer's private coercion parts as 0.29 has them; another typer keeps its own (slower) way
    if not typer.__version__.startswith(PLAIN_COERCION_TYPER):
        return
    params = list(getattr(command, "params", ()))
    if ctx is not None and "help_option_names" not in (getattr(command, "context_settings", None) or {}):
        params = command.get_params(ctx)
    for param in params:
        if hasattr(param, "type_descriptor") and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _PlainFirst()
    for sub in getattr(command, "commands", {}).values() if subcommands else ():
        plain_coercion(sub, ctx)

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

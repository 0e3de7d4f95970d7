"""``netout outcomes DIR --out FILE``: write the per-attendee outcome table.

The format follows the file's extension: ``.csv`` (UTF-8; text that a
spreadsheet would run as a formula, i.e. starting with ``=``, ``+``, ``-`` or
``@``, is prefixed with a quote; plain numbers are left alone) or
``.parquet`` (typed columns kept).
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

_FORMULA_START = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
WRITERS = (".csv", ".parquet", ".pq")


def _load(folder: Path):
    """The folder's EventData (a seam for tests)."""
    from toolkit.dataset import load_event_data

    return load_event_data(folder)


def neutralise_formulas(frame):
    """Prefix text cells that start like a spreadsheet formula with a quote (numbers left alone).

    Example
    -------
    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"x": ["=1+1", "-3", "ok"]}))["x"].tolist()
    ["'=1+1", '-3', 'ok']
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if not (pd.api.types.is_string_dtype(dtype) or dtype == object
                or (isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(dtype.categories.dtype))):
            continue
        text = out[col].astype("string")
        risky = text.str.startswith(_FORMULA_START, na=False) & ~text.str.match(_NUMBER.pattern, na=False)
        if risky.any():
            out[col] = text.where(~risky, "'" + text)
    # column names come from the user's files too (extra attendee or survey columns)
    out.columns = ["'" + c if isinstance(c, str) and c.startswith(_FORMULA_START) and not _NUMBER.match(c) else c
                   for c in out.columns]
    return out


def write_outcomes(folder: str | Path, out: str | Path) -> Path:
    """Compute the outcome table of ``folder`` and write it to ``out`` (CSV or Parquet by extension)."""
    from toolkit.errors import UsageError
    from toolkit.outcomes import compute_outcomes

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"--out {out}: give a file ending in .csv or .parquet (got {suffix or 'no extension'!r})")
    if not out.parent.exists():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    table = compute_outcomes(_load(Path(folder)))
    if suffix == ".csv":
        neutralise_formulas(table).to_csv(out, index=False, encoding="utf-8")
    else:
        table.to_parquet(out, index=False)
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("outcomes")
    def outcomes(
        folder: Path = typer.Argument(..., help="Event data folder (one event, or one subfolder per event)."),
        out: Path = typer.Option(..., "--out", "-o", help="Output file: .csv or .parquet."),
    ) -> None:
        """Write the per-attendee outcome table (one row per attendee and event, with segment columns)."""
        written = write_outcomes(folder, out)
        typer.echo(f"wrote {written}", err=True)

"""Same answers: the files the commands write with another commit's code and with this checkout, byte by byte.

A change to the engine (issue 16) must leave every answer as it was. This writes a spread of demo
folders (sizes, seeds, assignments, CSV and Parquet, one format per event), adds any folders you
name (real events imported with ``netout import``), runs ``netout outcomes --out``,
``netout validate --json`` and ``netout compare --json --details`` on each with both versions in
fresh processes, and compares what they wrote. It prints one line per difference (with the first
differing line) and exits 1 if there was any, so it can gate a change::

    .venv/bin/python benchmarks/same_answers.py --before main
    .venv/bin/python benchmarks/same_answers.py --before 373e3fe --seeds 8 --folders /tmp/real/sfhh

Both versions run with the same Python and libraries: the other commit is taken with
``git archive`` and put first on ``sys.path`` (the editable install's finder set aside), as in
``bench_before_after.py``. Disk caches are off (``--no-cache``), so each run reads the folder.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_before_after import ROOT, RUNNER  # the other commit's code first on sys.path, as there

COMMANDS = ("outcomes", "validate", "compare")


def demo_folders(work: Path, seeds: int) -> list[Path]:
    """Write the demo folders both versions are run on (``demo-0-mixed-csv`` ...): every seed with a different shape."""
    shapes = itertools.cycle([
        ("mixed", "csv", []), ("randomized", "parquet", []), ("self_selected", "csv", ["--whole-event-format"]),
        ("scheduled", "parquet", []),
    ])
    folders = []
    for seed, (assignment, file_type, extra) in zip(range(seeds), shapes):
        folder = work / f"demo-{seed}-{assignment}-{file_type}{'-whole' if extra else ''}"
        attendees = (200, 400, 1500)[seed % 3]
        subprocess.run([sys.executable, "-c", "from toolkit.cli import main; main()", "demo", str(folder),
                        "--seed", str(seed), "--attendees", str(attendees), "--events", str(2 + seed % 4),
                        "--assignment", assignment, "--format", file_type, *extra], check=True, capture_output=True)
        folders.append(folder)
    return folders


def _written(tree: Path, command: str, folder: Path, out: Path, env: dict) -> bytes:
    # the bytes a command leaves: the outcome file for outcomes, the JSON it prints for the others
    arguments = {"outcomes": ["outcomes", str(folder), "--no-cache", "--out", str(out)],
                 "validate": ["validate", str(folder), "--no-cache", "--json"],
                 "compare": ["compare", str(folder), "--json", "--details"]}[command]
    run = subprocess.run([sys.executable, "-c", RUNNER, str(tree), *arguments], env=env, capture_output=True)
    if command == "outcomes":
        return out.read_bytes() if out.exists() else b"exit %d\n" % run.returncode + run.stderr
    return b"exit %d\n" % run.returncode + run.stdout


def first_difference(before: bytes, after: bytes) -> str:
    """The first line where two outputs differ, both versions shown, for a one-line report.

    >>> first_difference(b"a\\nb\\n", b"a\\nc\\n")
    "line 2: 'b' | 'c'"
    """
    for number, (old, new) in enumerate(itertools.zip_longest(before.splitlines(), after.splitlines()), 1):
        if old != new:
            show = lambda line: "(none)" if line is None else repr(line.decode(errors="replace")[:80])  # noqa: E731
            return f"line {number}: {show(old)} | {show(new)}"
    return "same lines, different line endings"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="commit to compare with (e.g. main)")
    parser.add_argument("--seeds", type=int, default=4, help="demo folders to write (default 4)")
    parser.add_argument("--folders", default="", help="comma-separated event folders to add (real events)")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    args = parser.parse_args(argv)
    env = dict(os.environ, NETOUT_SECRET=os.environ.get("NETOUT_SECRET", "same-answers-key-0123456789"))
    with tempfile.TemporaryDirectory(prefix="netout-same-") as scratch:
        work = Path(scratch)
        before = work / "src"
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
        folders = demo_folders(work / "folders", args.seeds) + [Path(f) for f in args.folders.split(",") if f]
        compared = differences = 0
        for folder in folders:
            for command in args.commands.split(","):
                old = _written(before, command, folder, work / "before.csv", env)
                new = _written(ROOT, command, folder, work / "after.csv", env)
                compared += 1
                if old != new:
                    differences += 1
                    print(f"DIFFERS {command:9} {folder.name}: {first_difference(old, new)}")
                for leftover in (work / "before.csv", work / "after.csv"):
                    leftover.unlink(missing_ok=True)
        print(f"{compared - differences} of {compared} outputs byte-identical "
              f"({len(folders)} folders x {len(args.commands.split(','))} commands, before = {args.before})")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the same commands with the code of another commit and with this checkout, alternately.

Each run is a fresh process under ``/usr/bin/time`` (wall, CPU = user + system, peak memory),
the two versions taking turns so that both see the same load on a shared machine; each run with an
empty disk cache (a folder never read), or with ``--read-before`` one filled by an untimed run. The other
version is taken with ``git archive`` into a temporary folder and put first on ``sys.path``
(the editable install's finder set aside), so both run with the same Python and libraries.

Run::

    .venv/bin/python benchmarks/bench_before_after.py --before 0b4ba05 --folders /tmp/10k,/tmp/10kcsv --repeat 3

where the folders come from ``netout demo DIR --attendees 10000 --events 10 --format parquet`` (or csv).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ("import sys; src = sys.argv[1]; "
          "sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]; "
          "sys.path.insert(0, src); from toolkit.cli import main; sys.argv = ['netout'] + sys.argv[2:]; main()")


def _timed(src: Path, args: list[str], env: dict, *, read_before: bool = False) -> dict:
    # each run has its own empty disk cache (netout validate and outcomes keep their result there): a folder
    # never read; with read_before, an untimed run fills it first
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, \
            tempfile.TemporaryDirectory(prefix="netout-cache-") as cache:
        env = dict(env, NETOUT_CACHE=cache)
        command = [sys.executable, "-c", RUNNER, str(src), *args]
        if read_before:
            subprocess.run(command, env=env, capture_output=True)
        subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", *command], env=env,
                       capture_output=True)
        wall, user, system, peak = report.read().split()[-4:]
    return {"wall": float(wall), "cpu": float(user) + float(system), "mb": int(peak) // 1024,
            "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="commit to compare with (e.g. main)")
    parser.add_argument("--folders", required=True, help="comma-separated event folders")
    parser.add_argument("--commands", default="validate,outcomes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--read-before", action="store_true",
                        help="time a second run on each folder (the disk cache filled by an untimed first run)")
    args = parser.parse_args(argv)
    env = dict(os.environ, NETOUT_SECRET=os.environ.get("NETOUT_SECRET", "benchmark-key-0123456789"))
    with tempfile.TemporaryDirectory(prefix="netout-before-") as work:
        before = Path(work) / "src"
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
        trees = {"before": before, "after": ROOT}
        for tree in trees.values():   # bytecode written beforehand for both, so neither compiles in the timed runs
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "toolkit")], capture_output=True)
        results: dict[tuple, list[dict]] = {}
        for _ in range(args.repeat):
            for folder in args.folders.split(","):
                for command in args.commands.split(","):
                    for label, tree in trees.items():
                        out = ["--out", str(Path(work) / f"{label}.csv")] if command == "outcomes" else []
                        results.setdefault((folder, command, label), []).append(
                            _timed(tree, [command, folder, *out], env, read_before=args.read_before))
        print(f"{'folder':28} {'command':9} {'version':7} {'wall s':>11} {'CPU s':>11} {'peak MB':>9} {'load':>9}")
        for (folder, command, label), runs in results.items():
            span = lambda key, fmt: f"{fmt.format(min(r[key] for r in runs))}-{fmt.format(max(r[key] for r in runs))}"  # noqa: E731
            print(f"{folder[-28:]:28} {command:9} {label:7} {span('wall', '{:.2f}'):>11} {span('cpu', '{:.2f}'):>11} "
                  f"{span('mb', '{}'):>9} {span('load', '{:.1f}'):>9}")


if __name__ == "__main__":
    main()

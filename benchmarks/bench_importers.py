"""Benchmark: the importers on the real public data sets, and a synthetic 1.5M-line badge log.

Target (issue 7): the largest real log (WS16, 153,371 lines) imports in well
under a few seconds; the merge of 20-s windows is vectorised, so ten times
that scales linearly.

What is timed: :func:`toolkit.import_export` end to end (read, merge, write the
CSV tables and the report), best of ``--repeat`` runs, and the peak resident
memory of the process (``ru_maxrss``).

Run: ``.venv/bin/python benchmarks/bench_importers.py [--repeat 3] [--synthetic-lines 1500000]``.
Needs ``../shared/realdata`` beside the checkout for the real-data rows (skipped otherwise).
Results are printed and written to ``benchmarks/results/importers.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"


def _synthetic_log(path: Path, lines: int, *, people: int = 2000, random_state: int = 0) -> Path:
    """A badge log shaped like the real ones: 20-s windows, pairs in either order, runs of windows."""
    rng = np.random.default_rng(random_state)
    runs = lines // 3
    start = np.sort(rng.integers(0, 200_000, size=runs)) // 20 * 20
    i = rng.integers(0, people, size=runs)
    j = (i + rng.integers(1, people, size=runs)) % people
    length = rng.integers(1, 6, size=runs)
    idx = np.repeat(np.arange(runs), length)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(length) - length, length)
    t = start[idx] + 20 * (offset + 1)
    swap = rng.random(len(idx)) < 0.5
    a, b = np.where(swap, j[idx], i[idx]), np.where(swap, i[idx], j[idx])
    order = np.argsort(t, kind="stable")
    np.savetxt(path, np.column_stack([t[order], a[order], b[order]]), fmt="%d", delimiter="\t")
    return path


def _time(kind: str, sources: list[Path], repeat: int, **options) -> dict:
    from toolkit import import_export

    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            began = time.perf_counter()
            result = import_export(kind, sources, out=out, **options)
            best = min(best, time.perf_counter() - began)
    return {"kind": kind, "source": sources[0].name, "seconds": round(best, 3), "counts": result.counts(),
            "rows_skipped": result.rows_skipped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic-lines", type=int, default=1_500_000)
    args = parser.parse_args()

    runs = []
    if REALDATA.is_dir():
        runs.append(_time("sociopatterns", [REALDATA / "sp_ht09" / "tij_HT09.dat"], args.repeat))
        runs.append(_time("sociopatterns", [REALDATA / "sp_sfhh09" / "tij_SFHH.dat"], args.repeat))
        runs.append(_time("sociopatterns", [REALDATA / "sp_ws16" / "tij_WS16.dat",
                                            REALDATA / "sp_ws16" / "metadata_WS16.dat"], args.repeat, codebook="ws16"))
        runs.append(_time("scorecards", [REALDATA / "speed_dating" / "Speed Dating Data.csv"], args.repeat))
    else:
        print(f"(real data not found at {REALDATA}; only the synthetic log is timed)")
    with tempfile.TemporaryDirectory() as tmp:
        log = _synthetic_log(Path(tmp) / "tij_synthetic.dat", args.synthetic_lines)
        runs.append(_time("sociopatterns", [log], 1))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for run in runs:
        print(f"{run['kind']:14s} {run['source']:28s} {run['seconds']:7.2f} s  {run['counts']}")
    print(f"peak resident memory: {peak_mb:.0f} MB")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "importers.json").write_text(json.dumps({"runs": runs, "peak_rss_mb": round(peak_mb)}, indent=2))


if __name__ == "__main__":
    main()

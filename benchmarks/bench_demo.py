"""The demo generator: speed, memory, and how exactly the planted contact effect is realised.

Run each part in a fresh process so that memory peaks do not mix::

    .venv/bin/python benchmarks/bench_demo.py --part cli        # netout demo DIR --attendees 10000
    .venv/bin/python benchmarks/bench_demo.py --part large      # 1M attendee rows, ~50M contact rows, raw text
    .venv/bin/python benchmarks/bench_demo.py --part large --compact
    .venv/bin/python benchmarks/bench_demo.py --part accuracy --attendees 200000

Wall time, CPU time (user + system: steadier than wall time on a shared machine) and peak
resident memory (``ru_maxrss``). ``accuracy`` counts distinct undirected partners by hand
(pandas) in a randomised world and prints the realised effect per true style beside the plant,
with standard errors. Results are appended to ``benchmarks/results/demo.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_gb() -> float:
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1e6


def cli(attendees: int) -> dict:
    netout = Path(sys.executable).with_name("netout")
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), _cpu()
        done = subprocess.run([str(netout), "demo", f"{tmp}/d", "--attendees", str(attendees)],
                              capture_output=True, text=True, check=True)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        size = sum(p.stat().st_size for p in Path(tmp, "d").rglob("*") if p.is_file())
    return {"part": "cli", "attendees": attendees, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "folder_mb": round(size / 1e6, 1), "message": done.stdout.strip().splitlines()[0]}


def large(attendees: int, rows_per_contact: float, compact: bool) -> dict:
    from toolkit.datasets.demo import make_demo_tables

    start, cpu = time.perf_counter(), _cpu()
    tables = make_demo_tables(n_attendees=attendees, rows_per_contact=rows_per_contact, compact=compact,
                              with_survey=False, with_followups=False, random_state=0)
    return {"part": "large", "attendees": attendees, "contact_rows": len(tables["contacts"]),
            "rows_per_contact": rows_per_contact, "compact": compact,
            "wall_s": round(time.perf_counter() - start, 1), "cpu_s": round(_cpu() - cpu, 1),
            "peak_gb": round(_peak_gb(), 2)}


def accuracy(attendees: int, seed: int) -> dict:
    from toolkit.datasets.demo import PLANTED_EFFECTS, make_demo_tables

    sys.path.insert(0, str(ROOT / "tests"))
    from test_demo import _distinct_partners

    t = make_demo_tables(n_attendees=attendees, n_events=4, assignment="randomized", with_truth=True,
                         with_survey=False, with_followups=False, random_state=seed)
    counts = _distinct_partners(t)
    counts = counts[counts["in_session"]]
    expected = counts["expected_new_unstructured"] + counts["structured"] * counts["effect_new_contacts"]
    gap = counts["new_contacts"] - expected
    out = {"part": "accuracy", "attendees": attendees, "seed": seed,
           "realised_minus_expected": round(gap.mean(), 4), "se": round(gap.std() / np.sqrt(len(gap)), 4)}
    for style, planted in PLANTED_EFFECTS["new_contacts"].items():
        g = counts[counts["true_style"] == style]
        a = g.loc[g["structured"] == 1, "new_contacts"]
        b = g.loc[g["structured"] == 0, "new_contacts"]
        out[f"effect_{style}"] = round(a.mean() - b.mean(), 3)
        out[f"se_{style}"] = round(float(np.sqrt(a.var() / len(a) + b.var() / len(b))), 3)
        out[f"planted_{style}"] = planted
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["cli", "large", "accuracy"], default="cli")
    parser.add_argument("--attendees", type=int)
    parser.add_argument("--rows-per-contact", type=float, default=11.0)
    parser.add_argument("--compact", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.part == "cli":
        result = cli(args.attendees or 10_000)
    elif args.part == "large":
        result = large(args.attendees or 1_000_000, args.rows_per_contact, args.compact)
    else:
        result = accuracy(args.attendees or 200_000, args.seed)
    result["load_average"] = round(__import__("os").getloadavg()[0], 1)
    print(json.dumps(result))
    out = ROOT / "benchmarks" / "results" / "demo.json"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as fh:
        fh.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

"""How long the board report takes: build, HTML, PDF (run on demand, not a test).

Usage::

    .venv/bin/python benchmarks/bench_report.py [FOLDER] [--repeat N] [--cli-repeat M] [--skip-inprocess]

Times, in one process: building the report object (load, outcomes, comparison,
recommendation), the first HTML export (starts kaleido's browser and draws the
charts), the PDF export (reuses the charts already drawn), and a second build
plus HTML and PDF with the browser warm. Also the cost of the command as a user
runs it (``netout report FOLDER --out FILE.pdf``, a fresh process), in wall seconds and in CPU seconds
(the command's own plus its children's: Chromium drawing the charts), because on a shared, busy machine
the wall time measures the other work as much as this one: with ``--no-cache``, then a first run with an
empty disk cache (``$NETOUT_CACHE``, a temporary folder), then a second run on the folder read before
(data, outcome table and charts read back; no Chromium started), ``--cli-repeat`` times, with the range.
The target (issue 15) is a PDF in under 5 s.

``netout report --out FILE.pdf`` lays the PDF out in a second process that imports WeasyPrint while the
report is built (``toolkit.report.export.PdfWriter``): on two free cores that saves wall time, not CPU
time; on a machine whose cores are busy with other work it saves nothing. Hence both figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "data" / "demo"))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--cli-repeat", type=int, default=3, help="runs of the cached netout report (PDF)")
    parser.add_argument("--skip-inprocess", action="store_true", help="time the command only")
    args = parser.parse_args()

    import toolkit

    out = Path(tempfile.mkdtemp(prefix="netout-bench-"))
    for run in range(1, 0 if args.skip_inprocess else args.repeat + 1):
        t0 = time.perf_counter()
        report = toolkit.build_report(args.folder, random_state=0)
        t1 = time.perf_counter()
        report.to_html(out / "r.html")
        t2 = time.perf_counter()
        report.to_pdf(out / "r.pdf")
        t3 = time.perf_counter()
        pages = subprocess.run(["pdfinfo", str(out / "r.pdf")], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        print(f"run {run}: build {t1 - t0:5.2f} s · HTML {t2 - t1:5.2f} s ({len(report.figures)} charts) · "
              f"PDF {t3 - t2:5.2f} s ({pages} pages) · total {t3 - t0:5.2f} s")
    netout = Path(sys.executable).parent / "netout"
    cache = out / "cache"  # an empty disk cache of its own: the first cached run fills it, the next reads it
    runs = [("pdf", ["--no-cache"], "folder read, charts drawn, no disk cache"),
            ("html", [], "first run: fills the disk cache"),
            *[("pdf", [], "folder read before: data, outcome table and charts from the disk cache")] * args.cli_repeat]
    cached: list[tuple[float, float]] = []
    for i, (suffix, extra, what) in enumerate(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        subprocess.run([str(netout), "report", args.folder, "--out", str(out / f"cli{i}.{suffix}"), *extra],
                       check=True, capture_output=True, env={**os.environ, "NETOUT_CACHE": str(cache)})
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"netout report --out cli{i}.{suffix} {' '.join(extra)}: {wall:5.2f} s wall, {cpu:5.2f} s CPU with "
              f"Chromium and the PDF process ({what}; fresh process; load average {load_before:.1f} -> "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        if i >= 2:
            cached.append((wall, cpu))
    if cached:
        walls, cpus = [w for w, _ in cached], [c for _, c in cached]
        print(f"folder read before, {len(cached)} runs: {min(walls):.2f}-{max(walls):.2f} s wall, "
              f"{min(cpus):.2f}-{max(cpus):.2f} s CPU")
    print(f"files in {out}")


if __name__ == "__main__":
    main()

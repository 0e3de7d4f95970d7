"""Hostile inputs end with a clear message, under 2 GB peak memory and 60 s each (issue 13, bounded resources).

Builds each case of the issue in a private temporary folder and runs the CLI
on it in a child process (so that the peak memory measured is that run's
alone: ``ru_maxrss`` of the child), then checks the exit code, the message,
the wall time and the peak memory:

1. ``zip-bomb``: a ~1.4 MB zip that unpacks to a ~458 MB ``attendees.csv``
   (``toolkit.extract_zip``, as the dashboard's upload does), and the 458 MB CSV
   itself read by ``netout validate`` (as if someone unpacked it by hand);
2. ``far-cell-xlsx``: an ~8 KB workbook with a real table and one cell at XFD1048576;
3. ``parquet-300m``: a ~2.7 MB Parquet file of 300 million repeated rows;
4. ``million-columns``: a CSV one million columns wide;
5. ``duplicate-ids``: 20,000 copies of one attendee id (a valid folder otherwise).

Run: ``.venv/bin/python benchmarks/bench_hostile_inputs.py [--only NAME]``.
Results are printed and written to ``benchmarks/results/hostile_inputs.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NETOUT = [sys.executable, "-c", "import sys; from toolkit.cli import main; sys.argv[0] = 'netout'; main()"]
LIMIT_SECONDS, LIMIT_MB = 60.0, 2048.0
ROW = b"E1,A0000001,retail,10-49,yes,reserved,West,\n"


def _small_tables(folder: Path) -> None:
    (folder / "sessions.csv").write_text("event_id,session_id,format\nE1,S1,structured\n", encoding="utf-8")
    (folder / "participation.csv").write_text("event_id,session_id,attendee_id\nE1,S1,A0000001\n", encoding="utf-8")


def build_zip_bomb(work: Path) -> dict:
    """A zip of one attendees.csv of ~458 MB of repeated rows (deflate makes it ~1.4 MB)."""
    archive = work / "upload.zip"
    header = b"event_id,attendee_id,industry,company_size,first_time,networking_style,region,note\n"
    target = 458 * 1024 * 1024
    block = ROW * (1024 * 1024 // len(ROW))
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("event/attendees.csv", "w", force_zip64=True) as member:
            member.write(header)
            written = len(header)
            while written < target:
                member.write(block)
                written += len(block)
    # the same CSV unpacked by hand, in a folder with the other tables
    folder = work / "unpacked"
    folder.mkdir()
    with zipfile.ZipFile(archive) as z, z.open("event/attendees.csv") as source, \
            open(folder / "attendees.csv", "wb") as out:
        shutil.copyfileobj(source, out, 16 * 1024 * 1024)
    _small_tables(folder)
    return {"archive": archive, "folder": folder}


def build_far_cell(work: Path) -> Path:
    from openpyxl import Workbook

    folder = work / "far"
    folder.mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(["event_id", "attendee_id", "industry"])
    for i in range(20):
        sheet.append(["E1", f"A{i}", "law"])
    sheet["XFD1048576"] = "x"
    book.save(folder / "attendees.xlsx")
    _small_tables(folder)
    return folder


def build_parquet(work: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = work / "parquet"
    folder.mkdir()
    batch = 3_000_000
    table = pa.table({"event_id": pa.array(["E1"] * batch).dictionary_encode(),
                      "attendee_id": pa.array(["A1"] * batch).dictionary_encode()})
    with pq.ParquetWriter(folder / "attendees.parquet", table.schema, compression="zstd") as writer:
        for _ in range(100):  # 300 million rows
            writer.write_table(table, row_group_size=batch)
    _small_tables(folder)
    return folder


def build_wide(work: Path) -> Path:
    folder = work / "wide"
    folder.mkdir()
    columns = 1_000_000
    with open(folder / "attendees.csv", "w", encoding="utf-8") as out:
        out.write("event_id,attendee_id," + ",".join(f"c{i}" for i in range(columns - 2)) + "\n")
        out.write("E1,A1," + "," * (columns - 3) + "\n")
    _small_tables(folder)
    return folder


def build_duplicates(work: Path) -> Path:
    folder = work / "dupes"
    folder.mkdir()
    copies = 20_000
    with open(folder / "attendees.csv", "w", encoding="utf-8") as out:
        out.write("event_id,attendee_id,industry\n" + "E1,A1,law\n" * copies + "E1,A2,tech\n")
    (folder / "sessions.csv").write_text("event_id,session_id,format\nE1,S1,structured\n", encoding="utf-8")
    with open(folder / "participation.csv", "w", encoding="utf-8") as out:
        out.write("event_id,session_id,attendee_id\n" + "E1,S1,A1\n" * copies + "E1,S1,A2\n")
    return folder


# a fresh parent per run, so that ru_maxrss of its children is this run's peak alone
_MEASURE = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "sys.stderr.write(f'\\n@@ {peak} {time.perf_counter() - start}\\n')\n"
            "sys.exit(done.returncode)\n")


def _child(args: list[str], env: dict) -> dict:
    """Run a command; wall time, its peak memory (MB, resident), exit code and its first message lines."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, env=env,
                          timeout=900, cwd=ROOT)
    stderr, _, measured = done.stderr.rpartition("\n@@ ")
    peak_kb, seconds = measured.split()
    message = (stderr.strip() or done.stdout.strip()).splitlines()
    return {"exit": done.returncode, "seconds": round(float(seconds), 2), "peak_mb": round(int(peak_kb) / 1024, 1),
            "message": " / ".join(message[:3])[:400], "traceback": "Traceback" in stderr}


def run(only: str | None) -> list[dict]:
    env = {**os.environ, "NETOUT_SECRET": "benchmark-key-0123456789", "PYTHONPATH": str(ROOT)}
    results = []
    with tempfile.TemporaryDirectory(prefix="netout-hostile-") as tmp:
        work = Path(tmp)
        cases = []
        if only in (None, "duplicate-ids"):
            cases.append(("duplicate-ids", "20,000 copies of one id", lambda: build_duplicates(work),
                          lambda f: NETOUT + ["validate", str(f)]))
        if only in (None, "far-cell-xlsx"):
            cases.append(("far-cell-xlsx", "8 KB XLSX with one cell at XFD1048576", lambda: build_far_cell(work),
                          lambda f: NETOUT + ["validate", str(f)]))
        if only in (None, "parquet-300m"):
            cases.append(("parquet-300m", "Parquet of 300 million repeated rows", lambda: build_parquet(work),
                          lambda f: NETOUT + ["validate", str(f)]))
        if only in (None, "million-columns"):
            cases.append(("million-columns", "CSV one million columns wide", lambda: build_wide(work),
                          lambda f: NETOUT + ["validate", str(f)]))
        if only in (None, "zip-bomb"):
            cases.append(("zip-bomb", "1.4 MB zip unpacking to a 458 MB CSV (upload)",
                          lambda: build_zip_bomb(work)["archive"],
                          lambda f: [sys.executable, "-c", "import sys, toolkit\ntry:\n toolkit.extract_zip(sys.argv[1], "
                                     "sys.argv[2])\nexcept toolkit.NetoutError as e:\n print(e, file=sys.stderr); "
                                     "sys.exit(1)", str(f), str(work / "dest")]))
            cases.append(("zip-bomb-unpacked", "the same 458 MB CSV unpacked by hand",
                          lambda: work / "unpacked", lambda f: NETOUT + ["validate", str(f)]))
        for name, what, build, command in cases:
            started = time.perf_counter()
            built = build()
            size = sum(p.stat().st_size for p in ([built] if built.is_file() else built.rglob("*")) if p.is_file())
            outcome = _child(command(built), env)
            outcome.update({"case": name, "input": what, "input_mb": round(size / 1024 ** 2, 2),
                            "build_seconds": round(time.perf_counter() - started - outcome["seconds"], 1)})
            outcome["ok"] = (outcome["exit"] != 0 and not outcome["traceback"] and outcome["seconds"] < LIMIT_SECONDS
                             and outcome["peak_mb"] < LIMIT_MB and bool(outcome["message"]))
            results.append(outcome)
            print(f"{name:18} {outcome['input_mb']:>9.2f} MB in  exit {outcome['exit']}  {outcome['seconds']:6.2f} s  "
                  f"peak {outcome['peak_mb']:7.1f} MB  {'OK ' if outcome['ok'] else 'BAD'}  {outcome['message'][:150]}",
                  flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run one case (duplicate-ids, far-cell-xlsx, parquet-300m, million-columns, "
                                       "zip-bomb)")
    args = parser.parse_args()
    load = os.getloadavg()
    results = run(args.only)
    out = ROOT / "benchmarks" / "results" / "hostile_inputs.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"load_average_before": load, "cpus": os.cpu_count(), "results": results}, indent=2))
    print(f"load average before: {load[0]:.1f} (on {os.cpu_count()} cores); written to {out.relative_to(ROOT)}")
    sys.exit(0 if all(r["ok"] for r in results) else 1)


if __name__ == "__main__":
    main()

"""Benchmark: `netout outcomes` (and `netout validate`) end to end, as whole processes, from Parquet folders.

Writes the event folders first (kept in ``--work`` for reruns):

- ``10k``, ``100k``, ``1m``: ``netout demo DIR --attendees N --events 10 --format parquet``
  (10,000 / 100,000 / 1,000,000 attendee rows; about 6.3 contact rows per attendee row);
- ``1m50m``: 1,000,000 attendee rows over 10 events with 50,000,000 contact rows, written in
  chunks by :func:`write_large_folder` (the demo generator would need tens of GB for that).

Then runs each command as its own process under ``/usr/bin/time`` and prints wall time, CPU
time (user + system) and peak resident memory, twice: on a folder never read (an empty disk
cache) and on a folder read before (the cache filled by an untimed run: ``netout validate`` and
``netout outcomes`` keep their result keyed by the folder's content); with the reference line: the same contact
outcomes as one bare DuckDB query over the same files (``bare_duckdb_outcomes.py``), and
the ratio of the toolkit to it. The machine's load average is printed with each line
(other jobs share this 2-core machine; compare CPU times where the load is high).

Run::

    .venv/bin/python benchmarks/bench_outcomes.py --sizes 10k,100k,1m      # a few minutes
    .venv/bin/python benchmarks/bench_outcomes.py --sizes 1m50m --commands outcomes --no-read-before
                                                              # 10-30 minutes, 8 GB

Targets (issue 16): 1m50m ``netout outcomes`` under 60 s wall and 8 GB, within 2x of the bare
query; the 10k folder under 1.5 s wall in a fresh process. Results are also written to
``benchmarks/results/outcomes.json`` (``--results`` names another file).
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
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "1m50m": 1_000_000}
SESSION_SIZE = 30


def _ids(prefix: str, codes: np.ndarray):
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(codes), pa.string()), "")


def write_large_folder(folder: Path, n_attendees: int = 1_000_000, n_contacts: int = 50_000_000, *,
                       n_events: int = 10, random_state: int = 0, chunk: int = 5_000_000) -> Path:
    """An event folder of Parquet files: ``n_attendees`` attendee rows over ``n_events`` events, ``n_contacts`` contacts.

    Sessions of 30 people (alternately structured and open), one session per person, 2/3 of the
    pairs within the session; each pair logged about 1.6 times in either order; follow-ups for
    1 in 20 contact rows, known ties for 1 in 10 attendees, survey answers from 60%.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(random_state)
    per_event = n_attendees // n_events
    n_attendees = per_event * n_events
    n_people = int(n_attendees * 0.6) + per_event
    ev = np.repeat(np.arange(n_events), per_event)
    person = np.concatenate([rng.choice(n_people, size=per_event, replace=False) for _ in range(n_events)])
    industries = np.array(["law", "it", "retail", "finance", "health", "construction", "media", "public"])
    utc = pa.timestamp("us", tz="UTC")
    pq.write_table(pa.table({
        "event_id": _ids("E", ev), "attendee_id": _ids("P", person),
        "industry": pa.array(industries[person % 8]),
        "company_size": pa.array(rng.integers(1, 500, n_attendees)),
        "first_time": pa.array(np.where(rng.random(n_attendees) < 0.3, "yes", "no")),
        "networking_style": pa.array(np.where(person % 3 == 0, "reserved", "self-directed")),
    }), folder / "attendees.parquet")
    slot = np.arange(n_attendees) % per_event // SESSION_SIZE
    n_slots = int(slot.max()) + 1
    session_code = ev * n_slots + slot
    s_ev, s_slot = np.repeat(np.arange(n_events), n_slots), np.tile(np.arange(n_slots), n_events)
    day0 = np.datetime64("2025-01-01T17:00:00", "us").astype(np.int64)
    start = day0 + s_ev * 56 * 86_400_000_000
    pq.write_table(pa.table({
        "event_id": _ids("E", s_ev), "session_id": _ids("S", s_ev * n_slots + s_slot),
        "format": pa.array(np.where(s_slot % 2 == 0, "structured", "unstructured")),
        "assignment": pa.array(np.full(len(s_ev), "randomized")),
        "start": pa.array(start, type=utc), "end": pa.array(start + 3_600_000_000, type=utc),
    }), folder / "sessions.parquet")
    pq.write_table(pa.table({"event_id": _ids("E", ev), "session_id": _ids("S", session_code),
                             "attendee_id": _ids("P", person)}), folder / "participation.parquet")
    resp = np.flatnonzero(rng.random(n_attendees) < 0.6)
    pq.write_table(pa.table({"event_id": _ids("E", ev[resp]), "attendee_id": _ids("P", person[resp]),
                             "satisfaction": pa.array(rng.integers(1, 6, len(resp)).astype(float)),
                             "nps": pa.array(rng.integers(0, 11, len(resp)).astype(float))}),
                   folder / "survey.parquet")
    kt = rng.integers(0, n_attendees, (n_attendees // 10, 2))
    kt = kt[person[kt[:, 0]] != person[kt[:, 1]]]
    pq.write_table(pa.table({"attendee_id": _ids("P", person[kt[:, 0]]), "contact_id": _ids("P", person[kt[:, 1]]),
                             "event_id": pa.nulls(len(kt), pa.string())}), folder / "known_ties.parquet")
    # contacts in chunks: pairs mostly within a session, each logged ~1.6 times in either order
    n_pairs = int(n_contacts / 1.6)
    a = rng.integers(0, n_attendees, n_pairs)
    local = rng.random(n_pairs) < 2 / 3
    block = (a // SESSION_SIZE) * SESSION_SIZE
    first, last = ev[a] * per_event, ev[a] * per_event + per_event - 1   # stay within the attendee's event
    b = np.where(local, np.clip(block + rng.integers(0, SESSION_SIZE, n_pairs), first, last),
                 first + rng.integers(0, per_event, n_pairs))
    b = np.where(b == a, np.where(a % per_event == 0, a + 1, a - 1), b)   # no one meets themselves
    del local, block, first, last
    rows = np.concatenate([np.arange(n_pairs), rng.choice(n_pairs, size=n_contacts - n_pairs)])
    rng.shuffle(rows)
    writer = None
    fu_parts = []
    for lo in range(0, n_contacts, chunk):
        r = rows[lo:lo + chunk]
        flip = rng.random(len(r)) < 0.5
        ra, rb = np.where(flip, b[r], a[r]), np.where(flip, a[r], b[r])
        t = start[session_code[ra]] + rng.integers(0, 3600, len(r)) * 1_000_000
        table = pa.table({
            "event_id": _ids("E", ev[ra]), "attendee_id": _ids("P", person[ra]), "contact_id": _ids("P", person[rb]),
            "timestamp": pa.array(t, type=utc),
            "channel": pa.array(np.where(rng.random(len(r)) < 0.5, "app", "badge_scan")),
            "interest": pa.array(rng.random(len(r)) < 0.3),
        })
        writer = writer or pq.ParquetWriter(folder / "contacts.parquet", table.schema)
        writer.write_table(table)
        pick = rng.random(len(r)) < 0.05
        fu_parts.append((ev[ra][pick], person[ra][pick], person[rb][pick], t[pick]))
        del table, ra, rb, t
    writer.close()
    fe, fs, fr, ft = (np.concatenate(x) for x in zip(*fu_parts))
    pq.write_table(pa.table({
        "event_id": _ids("E", fe), "attendee_id": _ids("P", fs), "contact_id": _ids("P", fr),
        "timestamp": pa.array(ft + rng.integers(0, 14 * 86400, len(ft)) * 1_000_000, type=utc),
        "kind": pa.array(rng.choice(np.array(["email", "call", "meeting", "social"]), len(ft))),
    }), folder / "followups.parquet")
    return folder


def _timed(command: list[str], env: dict) -> dict:
    """Wall, CPU and peak memory of one whole process (``/usr/bin/time``)."""
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%U %S %M", *command], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        user, system, peak_kb = report.read().split()[-3:]
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(float(user) + float(system), 2),
            "peak_gb": round(int(peak_kb) / 1024**2, 2), "load": round(load, 1)}


def _timed_cached(command: list[str], env: dict, work: Path, *, read_before: bool) -> dict:
    """One timed run with an empty disk cache (a folder never read), or (``read_before``) after an untimed run
    that filled it: ``netout validate`` and ``netout outcomes`` keep their result keyed by the folder's content."""
    with tempfile.TemporaryDirectory(dir=work, prefix="cache-") as cache:
        env = dict(env, NETOUT_CACHE=cache)
        if read_before:
            subprocess.run(command, env=env, capture_output=True, check=True)
        return _timed(command, env)


def _rows(folder: Path) -> tuple[int, int]:
    import pyarrow.parquet as pq

    def count(name):
        return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.rglob(f"{name}.parquet"))

    return count("attendees"), count("contacts")


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the generated event folders (default: a new temporary folder, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders for a rerun")
    parser.add_argument("--commands", default="outcomes,validate", help="netout commands to time")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (best kept)")
    parser.add_argument("--no-read-before", action="store_true",
                        help="time only the folder never read: for a folder over the cache's size cap "
                             "(NETOUT_CACHE_MAX_MB) a 'read before' run does the whole work again, twice")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "outcomes.json",
                        help="where the JSON results are written")
    args = parser.parse_args(argv)
    owned = args.work is None
    args.work = args.work or Path(tempfile.mkdtemp(prefix="netout-bench-outcomes-"))
    try:
        return _run(args)
    finally:
        if owned and not args.keep:
            shutil.rmtree(args.work, ignore_errors=True)


def _run(args) -> list[dict]:
    env = dict(os.environ, NETOUT_SECRET=os.environ.get("NETOUT_SECRET", "benchmark-key-0123456789"))
    netout = str(BIN / "netout")
    results = []
    print(f"{os.cpu_count()} cores; load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min)")
    print(f"{'folder':8} {'attendees':>10} {'contacts':>11} {'command':28} {'wall s':>7} {'CPU s':>7} "
          f"{'peak GB':>8} {'load':>5}  ratio to bare DuckDB (wall / CPU / memory)")
    for size in args.sizes.split(","):
        folder = args.work / size
        if not (folder / "done").exists():
            if size == "1m50m":
                write_large_folder(folder)
            else:
                subprocess.run([netout, "demo", str(folder), "--attendees", str(SIZES[size]), "--events", "10",
                                "--format", "parquet", "--overwrite"], env=env, check=True, capture_output=True)
            (folder / "done").write_text("")
        attendees, contacts = _rows(folder)
        out = args.work / f"{size}-out.parquet"
        runs = {"bare DuckDB aggregation": [sys.executable, str(ROOT / "benchmarks" / "bare_duckdb_outcomes.py"),
                                            str(folder), str(out)]}
        for command in args.commands.split(","):
            line = [netout, command, str(folder)] + (["--out", str(out)] if command == "outcomes" else [])
            runs[f"netout {command}"] = line
            if not args.no_read_before:
                runs[f"netout {command}, read before"] = line
        reference = None
        for label, command in runs.items():
            best = min((_timed_cached(command, env, args.work, read_before=label.endswith("read before"))
                        for _ in range(args.repeat)), key=lambda r: r["wall_s"])
            reference = reference or best
            ratio = "" if best is reference else " / ".join(
                f"{best[k] / reference[k]:.1f}" for k in ("wall_s", "cpu_s", "peak_gb"))
            row = {"folder": size, "attendee_rows": attendees, "contact_rows": contacts, "command": label, **best}
            results.append(row)
            print(f"{size:8} {attendees:>10,} {contacts:>11,} {label:28} {best['wall_s']:>7} {best['cpu_s']:>7} "
                  f"{best['peak_gb']:>8} {best['load']:>5}  {ratio}", flush=True)
    start_up = _timed([netout, "--help"], env)
    print(f"netout --help: {start_up['wall_s']} s wall, {start_up['cpu_s']} s CPU (load {start_up['load']})")
    results.append({"command": "netout --help", **start_up})
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=1) + "\n")
    return results


if __name__ == "__main__":
    main()

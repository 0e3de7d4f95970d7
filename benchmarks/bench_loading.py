"""Loading speed: ``load_event_data`` on a demo folder, and ``from_tables`` on a 1M-row contact log.

Targets (issue 2 and the simulation study): a 10k-attendee folder loads in a
few seconds; ``from_tables`` parses and checks a million contact rows in about
a second (vectorised; only distinct ids are hashed).

What is timed (best of ``--repeat`` runs, after one warm-up that pays the
import of pandas/pandera), as wall-clock and as process CPU seconds:

- ``load_event_data`` on a folder written by ``toolkit.datasets.demo.write_demo_folder``
  (CSV, one subfolder per event) with ``--attendees`` attendee rows;
- ``from_tables`` on in-memory tables: ``--people`` attendees at one event in
  two sessions and ``--contacts`` contact rows with text ids and ISO 8601
  text timestamps (as read from a CSV), plus the same with typed timestamps.

Run: ``.venv/bin/python benchmarks/bench_loading.py [--attendees 10000] [--contacts 1000000]``.
Results are printed and written to ``benchmarks/results/loading.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(function, repeat: int) -> dict[str, float]:
    """Best wall-clock and process CPU seconds (CPU time is what to compare on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"wall": round(min(wall), 3), "cpu": round(min(cpu), 3)}


def _contact_tables(people: int, contacts: int, *, text_times: bool) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    ids = np.array([f"A{i:06d}" for i in range(people)], dtype=object)
    a = rng.integers(0, people, contacts)
    b = (a + rng.integers(1, people, contacts)) % people
    times = pd.Timestamp("2024-05-01T18:00:00Z") + pd.to_timedelta(rng.integers(0, 7200, contacts), unit="s")
    log = pd.DataFrame({"event_id": "e1", "attendee_id": ids[a], "contact_id": ids[b],
                        "timestamp": times.strftime("%Y-%m-%dT%H:%M:%S+00:00") if text_times else times,
                        "channel": rng.choice(np.array(["app", "badge_scan"], dtype=object), contacts)})
    return {
        "attendees": pd.DataFrame({"event_id": "e1", "attendee_id": ids,
                                   "industry": rng.choice(np.array(["retail", "finance", "tech"], dtype=object), people)}),
        "sessions": pd.DataFrame({"event_id": ["e1", "e1"], "session_id": ["S1", "S2"],
                                  "format": ["structured", "unstructured"]}),
        "participation": pd.DataFrame({"event_id": "e1", "attendee_id": ids,
                                       "session_id": np.where(np.arange(people) % 2 == 0, "S1", "S2")}),
        "contacts": log,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NETOUT_SECRET", "benchmark-key-0123456789")

    import toolkit
    from toolkit.datasets.demo import write_demo_folder

    results: dict[str, object] = {"load_avg_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_demo_folder(Path(tmp) / "demo", n_attendees=args.attendees)
        data = toolkit.load_event_data(folder)  # warm-up (imports)
        results["folder_rows"] = {name: len(frame) for name, frame in data.tables().items()}
        results["load_event_data_s"] = _best(lambda: toolkit.load_event_data(folder), args.repeat)
    for label, text_times in (("from_tables_text_times_s", True), ("from_tables_typed_times_s", False)):
        tables = _contact_tables(args.people, args.contacts, text_times=text_times)
        results[label] = _best(lambda: toolkit.from_tables(tables), args.repeat)
    results.update(attendees=args.attendees, people=args.people, contacts=args.contacts,
                   load_avg_after=os.getloadavg()[0], cpus=os.cpu_count())
    print(json.dumps(results, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "loading.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Benchmark: the outcome table for 10k attendees / 1M contact rows and 1M attendees / 50M rows.

Builds the tables in memory, already in the loader's in-memory shape
(``EventData``: string ids, UTC times, categorical format), then times
:func:`toolkit.compute_outcomes` alone: wall time and the peak resident memory
of the process (``ru_maxrss``, which includes building the input tables) and
the peak resident memory while the outcome table is computed (input tables
included; sampled every 20 ms).

Run each size in a fresh process so that peaks do not mix::

    .venv/bin/python benchmarks/bench_outcomes.py --size small
    .venv/bin/python benchmarks/bench_outcomes.py --size large
    .venv/bin/python benchmarks/bench_outcomes.py --size small --source demo   # toolkit.datasets.demo tables

Targets (2-core machine): small under 2 s; large under 60 s and 8 GB.
``outcomes_cpu_s`` (CPU time of the process) is reported beside the wall time
because wall time on a shared machine also measures the neighbours.

The generator: events of up to 100,000 attendee rows; 60 % of the people of a
season come back, so earlier-event exchanges make pairs known; sessions of
30 people alternating structured/unstructured, 5 % of attendees in two
sessions; contact rows mostly inside the session (two thirds) and the rest
across the event, each pair logged ~1.6 times in either order; follow-ups for
5 % of rows, a few known ties, a 5-item style scale answered by 60 %.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"small": (10_000, 1_000_000), "large": (1_000_000, 50_000_000)}
EVENT_SIZE = 100_000
SESSION_SIZE = 30


def _ids(prefix: str, codes: np.ndarray) -> pd.Series:
    """Text ids built in pyarrow (fast), as the loader's ``string`` dtype."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.binary_join_element_wise(prefix, pc.cast(pa.array(codes), pa.string()), "")
    return pd.Series(pd.arrays.ArrowStringArray(text))


def generate(n_attendees: int, n_contacts: int, *, random_state: int = 0):
    """EventData with ``n_attendees`` attendee rows and ``n_contacts`` contact rows."""
    from toolkit.io.load import EventData
    from toolkit.settings import Settings, StyleScale

    rng = np.random.default_rng(random_state)
    n_events = max(1, -(-n_attendees // EVENT_SIZE)) if n_attendees > 20_000 else 4
    per_event = n_attendees // n_events
    n_attendees = per_event * n_events
    n_people = int(per_event * n_events * 0.6) + per_event
    ev = np.repeat(np.arange(n_events), per_event)
    person = np.concatenate([rng.choice(n_people, size=per_event, replace=False) for _ in range(n_events)])
    industries = np.array(["law", "it", "retail", "finance", "health", "construction", "media", "public"])
    attendees = pd.DataFrame({
        "event_id": _ids("E", ev), "attendee_id": _ids("P", person),
        "industry": pd.array(industries[person % 8], dtype="string"),
        "company_size": pd.array(rng.integers(1, 500, n_attendees), dtype="Int64"),
        "first_time": pd.array(rng.random(n_attendees) < 0.3, dtype="boolean"),
        "networking_style": pd.array(np.where(person % 3 == 0, "reserved", "self-directed"), dtype="string"),
    })
    # sessions: consecutive blocks of 30 within each event
    slot = np.arange(n_attendees) % per_event // SESSION_SIZE
    n_slots = int(slot.max()) + 1
    session_code = ev * n_slots + slot
    s_ev = np.repeat(np.arange(n_events), n_slots)
    s_slot = np.tile(np.arange(n_slots), n_events)
    event_start = pd.Timestamp("2025-01-01T17:00:00Z") + pd.to_timedelta(s_ev * 56, unit="D")
    start = event_start + pd.to_timedelta((s_slot % 2) * 3600, unit="s")
    sessions = pd.DataFrame({
        "event_id": _ids("E", s_ev), "session_id": _ids("S", s_ev * n_slots + s_slot),
        "format": pd.Categorical(np.where(s_slot % 2 == 0, "structured", "unstructured"),
                                 categories=["structured", "unstructured"]),
        "assignment": pd.Categorical(["randomized"] * len(s_ev), categories=["randomized", "self_selected", "scheduled"]),
        "grouping": pd.array(["industry"] * len(s_ev), dtype="string"),
        "start": start, "end": start + pd.Timedelta(hours=1),
    })
    second = rng.random(n_attendees) < 0.05
    p_rows = np.concatenate([np.arange(n_attendees), np.flatnonzero(second)])
    p_session = np.concatenate([session_code, ev[second] * n_slots + (slot[second] + 1) % n_slots])
    participation = pd.DataFrame({"event_id": _ids("E", ev[p_rows]), "session_id": _ids("S", p_session),
                                  "attendee_id": _ids("P", person[p_rows]),
                                  "group_id": _ids("G", p_session * 5 + rng.integers(0, 5, len(p_rows)))})
    # contacts: pairs (mostly same session), each logged ~1.6 times in either order
    n_pairs = int(n_contacts / 1.6)
    a = rng.integers(0, n_attendees, n_pairs)
    local = rng.random(n_pairs) < 2 / 3
    block = (a // SESSION_SIZE) * SESSION_SIZE
    b_local = np.minimum(block + rng.integers(0, SESSION_SIZE, n_pairs), ev[a] * per_event + per_event - 1)
    b_any = ev[a] * per_event + rng.integers(0, per_event, n_pairs)
    b = np.where(local, b_local, b_any)
    del local, block, b_local, b_any
    rep = rng.choice(n_pairs, size=n_contacts - n_pairs)
    rows = np.concatenate([np.arange(n_pairs), rep])
    del rep
    flip = rng.random(n_contacts) < 0.5
    ra, rb = np.where(flip, b[rows], a[rows]), np.where(flip, a[rows], b[rows])
    del rows, flip, a, b
    t = (start[session_code[ra]].as_unit("ns").asi8 + rng.integers(0, 3600, n_contacts) * 10**9)
    contacts = pd.DataFrame({
        "event_id": _ids("E", ev[ra]), "attendee_id": _ids("P", person[ra]), "contact_id": _ids("P", person[rb]),
        "timestamp": pd.to_datetime(t, utc=True),
        "channel": pd.Categorical(np.where(rng.random(n_contacts) < 0.5, "app", "badge_scan")),
        "session_id": pd.Series(pd.NA, index=range(n_contacts), dtype="string"),
        "duration_s": pd.array(np.full(n_contacts, np.nan), dtype="Float64"),
        "interest": pd.array(rng.random(n_contacts) < 0.3, dtype="boolean"),
    })
    fu = rng.choice(n_contacts, size=n_contacts // 20, replace=False)
    followups = pd.DataFrame({
        "attendee_id": contacts["attendee_id"].iloc[fu].reset_index(drop=True),
        "contact_id": contacts["contact_id"].iloc[fu].reset_index(drop=True),
        "timestamp": pd.to_datetime(t[fu] + rng.integers(0, 14 * 86400, len(fu)) * 10**9, utc=True),
        "kind": pd.Categorical(rng.choice(["email", "call", "meeting", "social"], len(fu)),
                               categories=["email", "call", "meeting", "social"]),
        "event_id": pd.Series(pd.NA, index=range(len(fu)), dtype="string"),
    })
    kt = rng.integers(0, n_attendees, (n_attendees // 10, 2))
    known_ties = pd.DataFrame({"attendee_id": _ids("P", person[kt[:, 0]]), "contact_id": _ids("P", person[kt[:, 1]]),
                               "event_id": pd.Series(pd.NA, index=range(len(kt)), dtype="string")})
    resp = np.flatnonzero(rng.random(n_attendees) < 0.6)
    survey = pd.DataFrame({"event_id": _ids("E", ev[resp]), "attendee_id": _ids("P", person[resp]),
                           "satisfaction": pd.array(rng.integers(1, 6, len(resp)), dtype="Float64"),
                           "met_helpful": pd.array(rng.random(len(resp)) < 0.5, dtype="boolean"),
                           "would_return": pd.array(rng.random(len(resp)) < 0.7, dtype="boolean"),
                           "nps": pd.array(rng.integers(0, 11, len(resp)), dtype="Float64")})
    for i in range(1, 6):
        survey[f"style_{i}"] = pd.array(rng.integers(1, 6, len(resp)), dtype="Float64")
    settings = Settings(style_scale=StyleScale(items=tuple(f"style_{i}" for i in range(1, 6)),
                                               reversed=("style_2", "style_4")))
    return EventData(attendees=attendees, sessions=sessions, participation=participation, survey=survey,
                     contacts=contacts, followups=followups, known_ties=known_ties, settings=settings)


def from_demo(n_attendees: int, n_contacts: int, *, random_state: int = 0):
    """EventData from ``toolkit.datasets.demo.make_demo_tables`` (raw text tables coerced as the loader would)."""
    from toolkit.datasets.demo import make_demo_tables

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_outcomes import make_data  # the tests' stand-in for the loader

    scale = n_contacts / (7.3 * n_attendees)  # the demo logs about 7.3 rows per attendee at scale 1
    tables = make_demo_tables(n_attendees=n_attendees, contacts_scale=scale, random_state=random_state)
    from toolkit.settings import Settings, StyleScale

    # the demo folder's netout.toml declares this scale
    settings = Settings(style_scale=StyleScale(items=tuple(f"style_{i}" for i in range(1, 6)),
                                               reversed=("style_2", "style_4")))
    return make_data(settings, **tables)


class _RssSampler:
    """Peak resident memory of this process while a block runs (polls /proc every 20 ms)."""

    def __enter__(self):
        import threading

        self.start = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    @staticmethod
    def _rss() -> int:
        try:
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * resource.getpagesize()
        except OSError:
            return 0

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--source", choices=["generator", "demo"], default="generator")
    parser.add_argument("--repeat", type=int, default=1, help="time the computation this many times (best is kept)")
    args = parser.parse_args(argv)
    n_attendees, n_contacts = SIZES[args.size]

    import toolkit

    t0 = time.perf_counter()
    data = (from_demo if args.source == "demo" else generate)(n_attendees, n_contacts)
    build_s = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    times, cpu = [], []
    with _RssSampler() as sampler:
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            table = toolkit.compute_outcomes(data)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    result = {
        "size": args.size, "source": args.source,
        "attendee_rows": len(data.attendees), "contact_rows": len(data.contacts),
        "distinct_pairs": int(table["contacts"].sum()) // 2 if len(table) else 0,
        "events": int(data.attendees["event_id"].nunique()),
        "build_s": round(build_s, 1), "outcomes_s": round(min(times), 2), "outcomes_cpu_s": round(min(cpu), 2),
        "peak_rss_gb": round(peak, 2), "rss_before_outcomes_gb": round(rss_before, 2),
        "rss_at_start_gb": round(sampler.start / 1024**3, 2),
        "peak_rss_during_outcomes_gb": round(sampler.peak / 1024**3, 2),
        "brokerage_computed": bool(table["brokerage"].notna().any()),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()

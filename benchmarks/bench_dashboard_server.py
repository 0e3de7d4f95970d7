"""The dashboard's server side alone: seconds of script per rerun at 10k attendees (run on demand, not a test).

The browser benchmark (``bench_dashboard.py``) times what a person waits for, which on a busy 2-core
machine is mostly the browser loading Streamlit's and plotly's JavaScript. This one times only the
page script on the server, per rerun, in Streamlit's ``AppTest`` (wall seconds of the script thread
and that thread's CPU seconds), so that work cut on the server shows even when the browser's time
hides it:

- the Overview for the first visitor (a fresh process: nothing in memory; the disk cache
  ``$NETOUT_CACHE`` as found), then for three fresh visitors once the warm-up thread is done;
- the Overview's event changed and back; Formats by segment opened, another outcome (a first fit),
  back (fitted); Next event opened and its mix slider moved 1, 2, 1 and 0 steps.

``AppTest`` reruns the whole script where a browser would rerun only a fragment (the Next event
advice), so the slider's figures here are an upper bound.

Run: ``.venv/bin/python benchmarks/bench_dashboard_server.py [FOLDER] [--attendees 10000] [--profile]``
(``--profile`` prints the page code's cumulative profile for some reruns).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboards" / "app.py"
LAST: dict = {}


def _instrument(profile: bool) -> None:
    """Time (and optionally profile) each run of the page script in its own thread."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def timed(self, rerun_data):
        profiler = cProfile.Profile() if profile else None
        wall, cpu = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            if profiler:
                profiler.disable()
            LAST.update(wall=time.perf_counter() - wall, cpu=time.thread_time() - cpu, profile=profiler)

    script_runner.ScriptRunner._run_script = timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(APP.parent))
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("server.address", "127.0.0.1")  # as `netout dashboard` serves it: no password needed
    _instrument(args.profile)
    folder = args.folder
    if folder is None:
        from toolkit.datasets.demo import write_demo_folder

        folder = write_demo_folder(Path(tempfile.mkdtemp(prefix="bench-server-")) / "bench",
                                   n_attendees=args.attendees, random_state=0)

    def new_visitor() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.session_state["folder"] = str(folder)
        return at

    def step(label: str, run, show: int = 0) -> None:
        run()
        print(f"{label:45s} script {LAST['wall']:6.3f} s wall, {LAST['cpu']:6.3f} s CPU "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)
        if show and LAST.get("profile"):
            text = io.StringIO()
            pstats.Stats(LAST["profile"], stream=text).sort_stats("cumulative").print_stats(show)
            print("\n".join(line[:180] for line in text.getvalue().splitlines()
                            if "/toolkit/" in line or "/dashboards/" in line))

    at = new_visitor()
    step("Overview, first visitor", at.run, show=60)
    for thread in threading.enumerate():
        if thread.name == "netout-warm-up":
            thread.join()
    for i in range(3):
        at = new_visitor()
        step(f"Overview, fresh visitor to a warm server #{i + 1}", at.run, show=60 if i == 2 else 0)
    events = at.selectbox(key="overview_event")
    step("Overview: another event", lambda: events.select(events.options[0]).run(), show=40)
    step("Overview: back", lambda: at.selectbox(key="overview_event").select(events.options[-1]).run())
    at.switch_page("views/formats.py")
    step("Formats by segment opened", at.run)
    step("Formats: another outcome (first fit)",
         lambda: at.selectbox(key="formats_outcome").select("followup_rate_7d").run(), show=40)
    step("Formats: back (fitted before)", lambda: at.selectbox(key="formats_outcome").select("new_contacts").run())
    at.switch_page("views/next_event.py")
    step("Next event opened", at.run)
    key = next(s.key for s in at.slider if s.key and s.key.startswith("mix_"))
    start = at.slider(key=key).value
    for move in (1, 2, 1, 0):
        step(f"Next event: mix slider to {start + move}%",
             lambda: at.slider(key=key).set_value(start + move).run(), show=40 if move == 2 else 0)
    if at.exception:
        sys.exit(f"the app failed: {at.exception}")


if __name__ == "__main__":
    main()

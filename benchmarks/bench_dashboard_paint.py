"""When each part of the Overview reaches a fresh visitor's screen, and the browser CPU it takes.

Complements ``bench_dashboard.py``: for fresh visitors (a browser context each) to a warm server it
records, from ``page.goto``, the moment the title, the answer box, the key figures and the chart appear
(polled every animation frame in the page), when the server's last websocket message arrived (for this
checkout's Overview, the charts' message, sent once the answer and figures show), and the
browser's own CPU counters (Chrome's ``Performance.getMetrics``: the page's main-thread time), which
move less with the machine's load than wall time. With ``--app`` it alternates with another checkout's
``dashboards/app.py`` (the same toolkit, folder and disk cache), so that a change is timed before and
after under the same load.

With ``--floor`` it alternates the dashboard with a bare Streamlit app (a title, one ``st.write``, a
choice box and a slider; :data:`BARE_APP`) started the same way (``netout dashboard``'s command line, so the same
settings as ``make dashboard``): for each, a fresh visitor's first text, then choices (from the click on
the option, the list open) and slider steps (from the key press), each until the new text is shown and
the script has finished, with the main thread's CPU of each. The bare app is the floor: what Streamlit itself costs on this machine, against which the
2 s and 300 ms targets are read. The dashboard's interactions are ``bench_dashboard.interactions``.

Run: ``.venv/bin/python benchmarks/bench_dashboard_paint.py --folder DIR [--app OTHER/dashboards/app.py |
--floor] [--rounds 2] [--visits 2]`` (DIR from ``netout demo DIR --attendees 10000``; another checkout from
``git archive COMMIT dashboards | tar -x -C /tmp/before``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import interactions, until_server_idle  # noqa: E402
from test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, free_port, stop_app, wait_until_idle  # noqa: E402

# the first moment each part is in the page (performance.now(), ms)
MARKS = """
window.__marks = {};
const parts = {title: 'h1', answer: '.netout-answer', numbers: '[data-testid=stMetric]',
               chart: '[data-testid=stPlotlyChart] .main-svg', headline: '.netout-headline'};
function poll() {
  for (const [name, selector] of Object.entries(parts))
    if (!(name in window.__marks) && document.querySelector(selector)) window.__marks[name] = Math.round(performance.now());
  requestAnimationFrame(poll);
}
requestAnimationFrame(poll);
"""


# the floor: the least a Streamlit page can be (its text, and a widget whose change reruns the script)
BARE_APP = """import streamlit as st

st.title("Bare Streamlit")
event = st.selectbox("Event", ["E01", "E02", "E03", "E04"], index=3)
share = st.slider("Share (%)", 0, 100, 35)
st.write(f"The share is {share}% at {event}.")
"""
BARE_TEXT = "[data-testid=stMarkdown] p"  # the st.write (the slider's label is markdown too, outside stMarkdown)
BARE_LINE = ("Array.from(document.querySelectorAll('p')).map(e => e.textContent)"
             ".find(t => t.startsWith('The share is')) || ''")


def start(app: Path, folder: Path, cache: Path) -> tuple[subprocess.Popen, str]:
    """``app`` served as ``netout dashboard`` serves it, on a free port; returns the process and its address."""
    from toolkit.cli._dashboard import dashboard_command

    port = free_port()
    command = dashboard_command(folder, port=port, headless=True)
    command[command.index(next(c for c in command if c.endswith("app.py")))] = str(app)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "NETOUT_DASHBOARD", "NETOUT_CACHE"))}
    environment["NETOUT_CACHE"] = str(cache)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    stop_app(process)
    raise RuntimeError("the dashboard did not start")


def visit(browser, url: str) -> dict:
    """One fresh visitor: seconds to each part, to the server's last message, and the main thread's CPU."""
    context = browser.new_context(viewport={"width": 1366, "height": 1800})
    context.add_init_script(MARKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    frames: list[float] = []
    started = time.perf_counter()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: frames.append(time.perf_counter() - started)))
    page.goto(url)
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=180_000)
    wait_until_idle(page, timeout_ms=180_000)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result = {name: round(ms / 1000, 2) for name, ms in page.evaluate("() => window.__marks").items()}
    result["server_messages_done"] = round(max(frames), 2) if frames else None
    result["main_thread_cpu_s"] = round(metrics.get("ThreadTime", 0.0), 2)
    result["load"] = round(os.getloadavg()[0], 1)
    context.close()
    return result


def _thread_cpu(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics.get("ThreadTime", 0.0)


def bare_visit(browser, url: str, *, moves: int = 6) -> dict:
    """The bare app for one fresh visitor: its first text, then ``moves`` slider steps (seconds, CPU seconds)."""
    context = browser.new_context(viewport={"width": 1366, "height": 1800})
    context.add_init_script(MARKS.replace("headline: '.netout-headline'", f"text: '{BARE_TEXT}'"))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url)
    page.wait_for_selector(BARE_TEXT, timeout=60_000)
    wait_until_idle(page)
    result = {name: round(ms / 1000, 2) for name, ms in page.evaluate("() => window.__marks").items()}
    result["first_view_main_thread_cpu_s"] = round(_thread_cpu(cdp), 2)
    result["slider"] = _slider_steps(page, cdp, BARE_LINE, moves)
    result["choice"] = _choices(page, cdp, BARE_LINE, ["E03", "E04", "E03", "E04"])
    result["load"] = round(os.getloadavg()[0], 1)
    context.close()
    return result


# the Next event page's "Mix used" line, which changes with every slider step
MIX_LINE = ("Array.from(document.querySelectorAll('[data-testid=stCaptionContainer]')).map(e => e.textContent)"
            ".find(t => t.startsWith('Mix used')) || ''")


def _slider_steps(page, cdp, text: str, moves: int, *, first: str = "ArrowRight") -> dict:
    """Slider steps from the key press until the JavaScript expression ``text`` changes and the script has finished.

    Half the steps go ``first`` (to mixes not seen before), then back through the ones just seen.
    """
    back = "ArrowLeft" if first == "ArrowRight" else "ArrowRight"
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    times, cpu = [], []
    for i in range(moves):
        thumb.focus()
        seconds, main_cpu = _until_changed(page, cdp, text, lambda: thumb.press(first if i < moves // 2 else back))
        times.append(seconds)
        cpu.append(main_cpu)
    return _summary(times, cpu)


def _until_changed(page, cdp, text: str, act) -> tuple[float, float]:
    """Seconds and browser main-thread CPU from ``act()`` until ``text`` changes and the script has finished."""
    before = page.evaluate(f"() => {text}")
    cpu_before = _thread_cpu(cdp)
    start = time.perf_counter()
    act()
    page.wait_for_function(
        f"(before) => {{ const now = {text};"
        " const app = document.querySelector('[data-testid=stApp]');"
        " return now !== before && app.getAttribute('data-test-script-state') === 'notRunning'; }",
        arg=before, timeout=60_000)
    seconds, main_cpu = time.perf_counter() - start, _thread_cpu(cdp) - cpu_before
    page.wait_for_timeout(300)
    return seconds, main_cpu


def _summary(times: list[float], cpu: list[float]) -> dict:
    """The median, every time, and the browser's main-thread CPU of each step."""
    return {"median": round(statistics.median(times), 3), "all": [round(t, 3) for t in times],
            "main_thread_cpu_s": [round(c, 3) for c in cpu]}


def _choices(page, cdp, text: str, options: list[str], box: int = 0) -> dict:
    """Choices in a choice box, each from the click on the option (its list open) until ``text`` changes."""
    from bench_dashboard import _choose

    times, cpu = [], []
    for option in options:
        open_, choose = _choose(page, box, option)
        open_()
        seconds, main_cpu = _until_changed(page, cdp, text, choose)
        times.append(seconds)
        cpu.append(main_cpu)
    return _summary(times, cpu)


def floor(browser, folder: Path, cache: Path, *, rounds: int, visits: int) -> None:
    """The bare app and the dashboard, alternately: first text, a slider step; the dashboard's interactions."""
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        bare = Path(tmp) / "app.py"
        bare.write_text(BARE_APP)
        for round_ in range(rounds):
            process, url = start(bare, folder, cache)
            try:
                for _ in range(visits):
                    print("bare", round_, bare_visit(browser, url), flush=True)
            finally:
                stop_app(process)
            process, url = start(ROOT / "dashboards" / "app.py", folder, cache)
            try:
                visit(browser, url)
                until_server_idle(process.pid)
                for _ in range(visits):
                    print("dashboard", round_, visit(browser, url), flush=True)
                until_server_idle(process.pid)
                context = browser.new_context(viewport={"width": 1366, "height": 1800})
                print("dashboard", round_, "interactions", interactions(context, url),
                      "load", round(os.getloadavg()[0], 1), flush=True)
                context.close()
                print("dashboard", round_, "slider", dashboard_slider(browser, url), flush=True)
            finally:
                stop_app(process)


def dashboard_slider(browser, url: str, *, moves: int = 6) -> dict:
    """The Next event page's mix slider and the Overview's event, timed as the bare app's, with the CPU of each."""
    context = browser.new_context(viewport={"width": 1366, "height": 1800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(f"{url}/next-event")
    page.wait_for_selector(".js-plotly-plot .bartext", timeout=180_000)
    wait_until_idle(page, timeout_ms=180_000)
    # to the left: bench_dashboard.interactions has moved it to the right and back on this server
    result = _slider_steps(page, cdp, MIX_LINE, moves, first="ArrowLeft")
    page.goto(url)
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=180_000)
    wait_until_idle(page, timeout_ms=180_000)
    answer = "(document.querySelector('.netout-answer') || {}).innerText"
    result = {"slider": result, "event_choice": _choices(page, cdp, answer, ["E03", "E04", "E03", "E04"])}
    result["load"] = round(os.getloadavg()[0], 1)
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--app", type=Path, help="another checkout's dashboards/app.py, timed alternately")
    parser.add_argument("--floor", action="store_true", help="alternate with a bare Streamlit app (the floor)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--visits", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    apps = {"this": ROOT / "dashboards" / "app.py"} | ({"other": args.app.resolve()} if args.app else {})
    with tempfile.TemporaryDirectory(prefix="bench-paint-") as cache, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        if args.floor:
            floor(browser, args.folder, Path(cache), rounds=args.rounds, visits=args.visits)
            browser.close()
            return
        for round_ in range(args.rounds):
            for label, app in apps.items():
                process, url = start(app, args.folder, Path(cache))
                try:
                    visit(browser, url)  # reads the folder (or its disk cache) and warms the server
                    until_server_idle(process.pid)
                    for _ in range(args.visits):
                        print(label, round_, visit(browser, url), flush=True)
                finally:
                    stop_app(process)
        browser.close()


if __name__ == "__main__":
    main()

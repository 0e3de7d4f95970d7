"""Dashboard speed in a real browser on a 10k-attendee folder: first view and slider update.

Targets (issue 5): the first view appears in under 2 s and a slider change
updates in under 300 ms after the first load.

What is timed, in headless Debian Chromium driven by Playwright:

- cold first view: a fresh server, the app opened (Overview page): seconds to
  its title, its numbers and its chart (reads the folder and computes the
  outcome table: nothing cached yet);
- warm first view: a new browser tab on the same server (the outcome table is
  cached, as for every visitor after the first), median of three;
- Next event page first view, to the recommendation (effects fitted for the first time);
- slider update: the mix slider moved one 5% step, until the expected-outcome
  chart shows new numbers (median of several moves: first up to mixes not seen
  before, then back down through cached ones).

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--attendees 10000] [--folder DIR]``.
Results are printed and written to ``benchmarks/results/dashboard.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, wait_until_idle  # noqa: E402


def _bar_texts(page) -> str:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot .bartext')).map(e => e.textContent).join('|')")


def run(folder: Path, *, moves: int = 8) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    t0 = time.perf_counter()
    process = start_app(folder, port)
    result: dict = {"server_start_s": round(time.perf_counter() - t0, 2)}
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1366, "height": 1800})

            def first_view(path: str, wait_for: str = "[data-testid=stMetric]") -> dict:
                """Seconds from opening the page to its title, its numbers and its chart."""
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{url}/{path}")
                page.wait_for_selector("h1", timeout=120_000)
                title = time.perf_counter() - start
                page.wait_for_selector(wait_for, timeout=120_000)
                numbers = time.perf_counter() - start
                page.wait_for_selector(".js-plotly-plot", timeout=120_000)
                chart = time.perf_counter() - start
                wait_until_idle(page)
                page.close()
                return {"title": round(title, 3), "numbers": round(numbers, 3), "chart": round(chart, 3)}

            result["first_view_cold_s"] = first_view("")
            warm = [first_view("") for _ in range(3)]
            result["first_view_warm_s"] = {k: round(statistics.median(w[k] for w in warm), 3) for k in warm[0]}
            result["next_event_first_view_s"] = first_view("next-event", "text=Suggested:")

            page = context.new_page()
            page.goto(f"{url}/next-event")
            page.wait_for_selector(".js-plotly-plot .bartext", timeout=120_000)
            wait_until_idle(page)
            thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
            times = []
            for i in range(moves):
                before = _bar_texts(page)
                thumb.focus()
                start = time.perf_counter()
                thumb.press("ArrowRight" if i < moves // 2 else "ArrowLeft")  # 5% steps up, then down again
                page.wait_for_function(
                    "(before) => Array.from(document.querySelectorAll('.js-plotly-plot .bartext'))"
                    ".map(e => e.textContent).join('|') !== before", arg=before, timeout=60_000)
                times.append(time.perf_counter() - start)
                wait_until_idle(page)
            result["slider_update_s"] = {"median": round(statistics.median(times), 3),
                                         "max": round(max(times), 3), "all": [round(t, 3) for t in times]}
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return result


def library_times(folder: Path) -> dict:
    """The library steps behind the first view and a slider move, timed in this process (after imports)."""
    import toolkit.compare
    import toolkit.recommend
    from toolkit.io.load import load_event_data
    from toolkit.outcomes import compute_outcomes, event_summary

    times: dict = {}
    start = time.perf_counter()
    data = load_event_data(folder)
    times["load_event_data"] = time.perf_counter() - start
    start = time.perf_counter()
    table = compute_outcomes(data)
    times["compute_outcomes"] = time.perf_counter() - start
    start = time.perf_counter()
    event_summary(table)
    times["event_summary"] = time.perf_counter() - start
    groups = sorted(g for g in table["style"].dropna().astype(str).unique() if g != "unknown")[:2]
    mixes = [{groups[0]: share, groups[1]: 1 - share} for share in (0.3, 0.35, 0.4)]
    start = time.perf_counter()
    for mix in mixes:
        toolkit.recommend.recommend_format(table, outcome="new_contacts", by="style", mix=mix, random_state=0)
    times["recommend_new_mix_refit"] = (time.perf_counter() - start) / len(mixes)
    # the Next event page reuses one effect fit (the app caches it) while the sliders move
    start = time.perf_counter()
    basis = toolkit.compare.fit_comparison(table, outcome="new_contacts", by="style", random_state=0)
    times["recommend_basis_fit"] = time.perf_counter() - start
    start = time.perf_counter()
    for mix in mixes:
        toolkit.recommend.recommend_format(table, outcome="new_contacts", by="style", mix=mix, random_state=0,
                                           comparison=basis)
    times["recommend_new_mix_reused_fit"] = (time.perf_counter() - start) / len(mixes)
    return {k: round(v, 3) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--folder", type=Path, help="use this folder instead of generating demo data")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("needs /usr/bin/chromium (make system-deps)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        info: dict = {}
        if folder is None:
            from toolkit.datasets.demo import write_demo_folder

            start = time.perf_counter()
            folder = write_demo_folder(Path(tmp) / "bench", n_attendees=args.attendees, random_state=0)
            info["demo_write_s"] = round(time.perf_counter() - start, 2)
            info["attendees"] = args.attendees
        info["folder"] = str(folder) if args.folder else f"demo, {args.attendees} attendees"
        info["library_s"] = library_times(folder)
        info.update(run(folder))
    print(json.dumps(info, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "dashboard.json").write_text(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()

"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Starts ``streamlit run dashboards/app.py`` on the demo data, opens every page,
saves a screenshot of each under ``test-output/screenshots/`` and moves the
mix slider on the Next event page until the recommendation changes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboards" / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PAGES = {"overview": "Overview", "data": "Data", "formats": "Formats by segment", "followthrough": "Follow-through",
         "network": "Network", "next_event": "Next event"}
if (APP.parent / "views" / "report.py").exists():
    PAGES["report"] = "Report"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(folder: Path, port: int, *, timeout: float = 60.0) -> subprocess.Popen:
    """Start the dashboard headless on 127.0.0.1:port and wait until its health endpoint answers."""
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal", "--", str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the dashboard did not answer its health check within a minute")


def wait_until_idle(page, *, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (and the page has its title)."""
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=timeout_ms)
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_timeout(200)


def open_page(page, title: str) -> None:
    """Go to a page through the sidebar, as a person does (one session, no reload)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_timeout(150)
    wait_until_idle(page)


@pytest.fixture(scope="module")
def app_url(demo_folder):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (make system-deps installs it)")
    pytest.importorskip("playwright.sync_api")
    port = free_port()
    process = start_app(demo_folder, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser_page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # laptop width; tall, because Streamlit scrolls inside its own container
        page = browser.new_page(viewport={"width": 1366, "height": 1800})
        page.goto(app_url)  # the app opens on the Overview of the demo data
        wait_until_idle(page)
        yield page
        browser.close()


def test_health_endpoint_answers(app_url):
    with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=5) as answer:
        assert answer.read().decode().strip() == "ok"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_in_the_browser(browser_page, app_url, name):
    page = browser_page
    open_page(page, PAGES[name])
    if name not in ("data", "network", "report"):
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.wait_for_timeout(700)  # let plotly and the data grid finish drawing
    # the app's own navigation (titles, data caption), never Streamlit's automatic file-name pages
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Next event" in sidebar and "Showing:" in sidebar, sidebar
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    assert "@" not in page.locator("section.main, [data-testid='stMain']").first.inner_text()


def _suggestion(page) -> str:
    return page.get_by_text("Suggested:").first.inner_text()


def test_mix_slider_changes_the_recommendation(browser_page, app_url):
    page = browser_page
    open_page(page, "Next event")
    page.wait_for_selector("text=Suggested:", timeout=30_000)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    thumb.press("Home")  # nobody of the first group
    page.wait_for_function("() => document.querySelector('[data-testid=stSlider] input[type=range]').value === '0'")
    wait_until_idle(page)
    page.wait_for_timeout(500)
    low = _suggestion(page)
    thumb.focus()
    thumb.press("End")  # everyone of the first group
    page.wait_for_function(
        f"() => !document.body.innerText.includes({low!r})", timeout=30_000)
    wait_until_idle(page)
    high = _suggestion(page)
    assert low != high
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "next_event_after_slider.png"))

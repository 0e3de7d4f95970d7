"""When the static-image engine fails, people read one line, never a traceback, and the report is still written.

Charts are drawn by kaleido driving Chrome or Chromium (toolkit.report.export). A browser that is missing,
closes at once or stops answering used to print kaleido's traceback from its server thread and leave
`netout report` waiting for ever. Here the engine is made to fail (the image call replaced, or a fake browser
that is missing, crashes or hangs): the command prints what failed and what to do in one line, and writes the
report with each chart's place saying that it was left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import toolkit
from toolkit.errors import ChartError
from toolkit.report import export

from test_importers_untidy import _netout

KALEIDO_SAYS = ("The browser seemed to close immediately after starting.\n"
                '  File "/site-packages/kaleido/_sync_server.py", line 31, in _server\n'
                "You may try installing a known working copy of Chrome")
ONE_LINE = ("warning: the report was written without its charts. Could not draw the report's charts: the chart "
            "engine (kaleido with Chrome or Chromium) failed (RuntimeError: The browser seemed to close immediately "
            "after starting.); install or repair Chrome or Chromium (on Debian/Ubuntu: apt-get install chromium), "
            "then write the report again.")
HAS_BROWSER = Path("/usr/bin/chromium").exists() or shutil.which("chromium") is not None


def _engine_fails(*args, **kwargs):
    raise RuntimeError(KALEIDO_SAYS)


@pytest.fixture
def season(tmp_path, monkeypatch) -> Path:
    """The bundled example season in a folder of its own, with a disk cache of its own (nothing drawn before)."""
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    return folder


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_the_report_is_written_without_its_charts_and_says_so_in_one_line(season, tmp_path, monkeypatch, capsys,
                                                                          suffix):
    monkeypatch.setattr(export, "_render", _engine_fails)
    out = tmp_path / f"board{suffix}"
    assert _netout(monkeypatch, "report", season, "--out", out) == 0
    printed = capsys.readouterr()
    assert [line for line in printed.err.splitlines() if line.strip()] == [ONE_LINE]
    assert "Traceback" not in printed.out + printed.err and "_sync_server" not in printed.out + printed.err
    assert printed.out.splitlines()[-1] == f"Report written to {out}"
    if suffix == ".html":
        text = out.read_text(encoding="utf-8")
        assert "data:image/png" not in text
    else:
        assert out.read_bytes()[:5] == b"%PDF-"
        if shutil.which("pdftotext") is None:
            pytest.skip("reading the PDF's text needs pdftotext (poppler-utils: make system-deps)")
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        text = " ".join(text.split())
    # each of the three charts (effects, funnel, expected outcome) says in its place that it was left out
    assert text.count("Chart left out: it could not be drawn when this report was written") == 3
    assert "Executive summary" in text or "The answer" in text


def test_a_failure_is_not_kept_and_the_next_report_has_its_charts(season, tmp_path, monkeypatch, capsys):
    if not HAS_BROWSER:
        pytest.skip("needs Chromium (make system-deps)")
    render = export._render
    monkeypatch.setattr(export, "_render", _engine_fails)
    assert _netout(monkeypatch, "report", season, "--out", tmp_path / "without.html") == 0
    monkeypatch.setattr(export, "_render", render)
    capsys.readouterr()
    assert _netout(monkeypatch, "report", season, "--out", tmp_path / "with.html") == 0
    assert "warning" not in capsys.readouterr().err
    text = (tmp_path / "with.html").read_text(encoding="utf-8")
    assert text.count("data:image/png") == 3 and "Chart left out" not in text


def test_the_library_report_says_why_its_charts_are_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "_render", _engine_fails)
    report = toolkit.build_report(toolkit.example_folder(), random_state=0)
    report.to_html(tmp_path / "board.html")
    assert report.chart_problem.startswith("Could not draw the report's charts: the chart engine")
    assert "\n" not in report.chart_problem
    # a missing kaleido is an install problem, not a failed engine: said as such, and no file half made
    monkeypatch.setattr(export, "_render", lambda *a, **k: (_ for _ in ()).throw(ImportError("No module 'kaleido'")))
    fresh = toolkit.build_report(toolkit.example_folder(), random_state=0)
    with pytest.raises(toolkit.NetoutError, match="needs kaleido") as caught:
        fresh.to_html(tmp_path / "again.html")
    assert not isinstance(caught.value, ChartError) and not (tmp_path / "again.html").exists()


FAKE_BROWSERS = {
    # what each one does when kaleido starts it, and the words of the one line that says so
    "missing": (None, ("No browser found at BROWSER_PATH=",)),
    # (kaleido says it one of two ways, depending on whether the browser dies before or after its channel opens)
    "crashes": ("#!/bin/sh\necho 'Trace/breakpoint trap' >&2\nexit 133\n",
                ("The browser seemed to close", "ChannelClosedError")),
    "hangs": ("#!/bin/sh\necho $$ > \"$(dirname \"$0\")/pid\"\nexec sleep 120\n", ("no answer within 3 s",)),
}


@pytest.mark.skipif(os.name != "posix", reason="the fake browsers are shell scripts")
@pytest.mark.parametrize("browser", sorted(FAKE_BROWSERS))
def test_a_browser_that_fails_is_one_line_soon_and_leaves_no_process(tmp_path, monkeypatch, capfd, browser):
    """The real engine with a fake browser: kaleido's own server printed a traceback and then waited for ever."""
    import plotly.graph_objects as go

    pytest.importorskip("kaleido")
    script, words = FAKE_BROWSERS[browser]
    path = tmp_path / "chromium"
    if script is not None:
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(path))
    monkeypatch.setattr(export, "_BROWSER", export._ChartBrowser())   # not the browser other tests started
    monkeypatch.setattr(export, "CHART_TIMEOUT_S", 3.0)
    started = time.monotonic()
    with pytest.raises(ChartError) as caught:
        export.figure_image(go.Figure(go.Bar(x=["a"], y=[1])), fmt="svg", width=120, height=90)
    assert time.monotonic() - started < 30
    message = str(caught.value)
    assert any(w in message for w in words) and "\n" not in message and "apt-get install chromium" in message
    assert message.startswith("Could not draw the chart: the chart engine (kaleido with Chrome or Chromium) failed")
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "watchdog" not in out + err
    if browser == "hangs":
        pid = int((tmp_path / "pid").read_text())
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(pid), "the browser that stopped answering was left running"
        # a chart asked for at once does not wait for the same browser again
        started = time.monotonic()
        with pytest.raises(ChartError, match="no answer"):
            export.figure_image(go.Figure(go.Bar(x=["a"], y=[1])), fmt="svg", width=120, height=90)
        assert time.monotonic() - started < 1


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def test_the_warning_is_the_only_line_on_stderr_in_a_fresh_process(tmp_path):
    """`netout report` as a person runs it, in its own interpreter, the engine failing as in the tests above."""
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    code = ("import sys\nfrom toolkit.report import export\n"
            f"def fail(*a, **k):\n    raise RuntimeError({KALEIDO_SAYS!r})\n"
            "export._render = fail\n"
            "from toolkit.cli import main\nsys.argv = ['netout', 'report', sys.argv[1], '--out', sys.argv[2]]\n"
            "main()\n")
    env = {**os.environ, "NETOUT_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "board.pdf")], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [ONE_LINE]
    assert (tmp_path / "board.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_chart_browsers_page_loads_nothing_from_another_host():
    """Kaleido's page loaded MathJax from cdnjs.cloudflare.com for every chart unless told not to: a request to
    another host whenever a report was drawn. The page the toolkit has kaleido build names local files only."""
    from kaleido._page_generator import PageGenerator

    from toolkit.report.export import _kaleido_options

    options = _kaleido_options()
    page = PageGenerator(plotly=options.get("plotlyjs"), mathjax=options["mathjax"]).generate_index()
    scripts = re.findall(r"<script[^>]*src=[\"']([^\"']+)", page)
    assert scripts and all(src.startswith("file:") for src in scripts), scripts

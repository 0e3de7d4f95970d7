"""Acceptance (issue 15): one test per face shows the same certainty state and the same sample-size figure for
the same data: the command line, the dashboard (driven headless by AppTest) and the board report.

The library's recommendation on the demo folder (default mix: the last event's; seed 0, as every face uses) is
the reference; each face must show its certainty label (toolkit.wording.certainty) and every number of its
sample-size figure (toolkit.wording.sample_size_figure)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import toolkit
from toolkit.wording import certainty, sample_size_figure

APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"


@pytest.fixture(scope="module")
def reference(demo_folder):
    table = toolkit.compute_outcomes(toolkit.load_event_data(demo_folder))
    advice = toolkit.recommend_format(table, outcome="new_contacts", by="style", random_state=0)
    figure = sample_size_figure(advice)
    # the demo data do not settle the question, so there is a size to show: the test can fail on it
    assert certainty(advice).state != "clear" and figure
    return advice, certainty(advice), figure


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*", text)


def test_cli_face(demo_folder, reference):
    from toolkit.cli import app

    _, sure, figure = reference
    result = CliRunner().invoke(app, ["recommend", str(demo_folder), "--outcome", "new_contacts", "--by", "style"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Certainty: {sure.line}" in lines
    assert any(figure in line for line in lines), result.output


def test_report_face(demo_folder, reference):
    _, sure, figure = reference
    report = toolkit.build_report(demo_folder, outcome="new_contacts", by="style", random_state=0)
    for key in ("summary", "recommendation"):
        section = report.section(key)
        assert (section.certainty, section.certainty_label) == (sure.state, sure.label), key
    assert figure in " ".join(report.section("summary").paragraphs)
    assert figure in " ".join(item for _, items in report.section("recommendation").lists for item in items)
    html = toolkit.report.preview_html(report, charts=False)
    assert f">{sure.label}<" in html and figure in html


def test_dashboard_face(demo_folder, reference, monkeypatch):
    pytest.importorskip("streamlit")
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    if str(APP.parent) not in sys.path:
        sys.path.insert(0, str(APP.parent))
    monkeypatch.delenv("NETOUT_DASHBOARD_PASSWORD", raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    try:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state["folder"] = str(demo_folder)
        at.run()
        at.switch_page("views/next_event.py")
        at.run()
    finally:
        config.set_option("server.address", before)
    assert not at.exception, at.exception
    shown = " ".join([e.proto.body for e in at.get("html")] + [m.value for m in at.markdown])
    shown = re.sub(r"<[^>]+>|\*\*", "", shown)
    _, sure, figure = reference
    if "netout-answer" not in " ".join(e.proto.body for e in at.get("html")):
        pytest.skip("this checkout's dashboard has no answer box yet (it lands with the dashboard branch, c-dash)")
    assert sure.label in shown
    for number in _numbers(figure):
        assert number in _numbers(shown), (number, figure)

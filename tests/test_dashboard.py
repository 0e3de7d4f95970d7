"""The dashboard driven headless with Streamlit's AppTest, from the entrypoint, on the demo data.

Each page must run without an exception; the numbers it shows must equal the
library's; the Next event page's recommendation must follow the mix slider
where the demo data's planted effects say it should.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

import toolkit  # noqa: E402
from toolkit import plots, wording  # noqa: E402

APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
if str(APP.parent) not in sys.path:  # the app's own modules (state, hosting), as the app imports them
    sys.path.insert(0, str(APP.parent))
PAGES = ["overview", "data", "formats", "followthrough", "network", "next_event"] + (
    ["report"] if (APP.parent / "views" / "report.py").exists() else [])


@pytest.fixture(autouse=True)
def _served_on_this_machine(monkeypatch):
    """AppTest runs the app as a server bound to 127.0.0.1 would (no password needed), with none configured."""
    from streamlit import config

    monkeypatch.delenv("NETOUT_DASHBOARD_PASSWORD", raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


# a page that fails shows people a plain sentence, not an exception: the server log catches it
pytestmark = pytest.mark.usefixtures("page_failures_fail")


@pytest.fixture(scope="module")
def library(demo_folder):
    """What the library says about the demo data, computed without the dashboard."""
    from toolkit.outcomes import compute_outcomes, event_summary

    data = toolkit.load_event_data(demo_folder)
    table = compute_outcomes(data)
    return {"data": data, "table": table, "summary": event_summary(table)}


def _app(demo_folder, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["folder"] = str(demo_folder)
    at.run()
    assert not at.exception, at.exception
    if page is None:  # the Overview draws its charts from a session's second run on (the first sends placeholders)
        at.run()
        assert not at.exception, at.exception
    else:
        at.switch_page(f"views/{page}.py")
        at.run()
    return at


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _values(array) -> list:
    """A plotly JSON array: a plain list, or a typed array ``{"dtype": ..., "bdata": base64}``."""
    if isinstance(array, dict) and "bdata" in array:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_data(demo_folder, page):
    at = _app(demo_folder, page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"page {page} shows no title"
    assert not at.error, [e.value for e in at.error]


def test_report_page_only_when_the_report_has_landed():
    pages = APP.parent / "views"
    if (pages / "report.py").exists():
        assert (Path(toolkit.__file__).parent / "report" / "__init__.py").exists()


def test_overview_numbers_equal_the_library(demo_folder, library):
    at = _app(demo_folder)
    summary = library["summary"]
    row = summary.iloc[-1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Attendees"] == wording.format_number(row["attendees"], digits=0)
    # the key figures and their titles come from the outcome catalogue, as in the report and the charts
    assert metrics["New contacts per attendee"] == wording.format_number(row["mean_new_contacts"])
    assert metrics["Made no new contact"] == wording.format_number(row["spectator_share"], share=True)
    assert metrics["Contacts already known"] == wording.format_number(row["familiar_share"], share=True)
    assert metrics["Followed up within 7 days"] == wording.format_number(row["followup_rate_7d"], share=True)
    figure = _figures(at)[0]
    assert _values(figure["data"][0]["x"]) == summary["event_id"].astype(str).tolist()


def test_overview_sends_its_answer_and_figures_before_its_charts_and_table(demo_folder):
    # a fresh browser loads plotly's JavaScript (4.7 MB) and the data grid's (1.5 MB) before it draws a chart or a
    # table, and the answer and figures sent with them waited too (issue 15, item 6): a session's first run sends
    # placeholders and no chart, a later one the charts; the table is drawn only while its expander is open
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["folder"] = str(demo_folder)
    at.run()
    assert not at.exception, at.exception
    assert _answer(at) and at.metric
    assert not at.get("plotly_chart") and not at.dataframe and len(at.get("skeleton")) == 2
    assert at.get("bidi_component")  # tells the server once the answer and figures are on the screen
    at.run()
    assert len(at.get("plotly_chart")) == 2 and not at.get("skeleton") and not at.dataframe
    at.session_state["overview_table_open"] = True
    at.run()
    assert len(at.dataframe) == 1 and not at.exception


def test_overview_shows_satisfaction_nps_and_the_headline_advice(demo_folder, library):
    import re

    from toolkit.outcomes import survey_summary
    from toolkit.recommend import recommend_format

    at = _app(demo_folder)
    said = survey_summary(library["table"]).iloc[-1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Satisfaction (1-5)"] == wording.format_number(said["mean_satisfaction"])
    assert metrics["Net promoter score"] == wording.format_number(said["net_promoter_score"], digits=0)
    # the advice for next time, as the CLI and the report give it (the library's default mix, seed 0)
    advice = recommend_format(library["table"], outcome="new_contacts", by="style", random_state=0)
    headline = next(re.sub(r"<[^>]+>", "", e.proto.body) for e in at.get("html") if "netout-headline" in e.proto.body)
    assert headline.startswith(wording.certainty(advice).label + ".") and wording.recommendation_answer(advice) in headline


def test_formats_page_draws_the_library_effects(demo_folder, library):
    from toolkit.compare import compare_formats

    at = _app(demo_folder, "formats")
    at.selectbox(key="formats_outcome").set_value("followup_rate_7d").run()
    assert not at.exception
    # the groups the page may show: none of fewer than five people in a format (the demo's few 'unknown' ones)
    effects, _ = wording.shown_groups(compare_formats(library["table"], outcome="followup_rate_7d", by="style",
                                                      random_state=0))
    figure = _figures(at)[0]
    shown = _values(figure["data"][0]["x"])
    assert shown == pytest.approx([float(v) * 100 for v in effects["effect"]])  # shares in percentage points
    counts = at.dataframe[0].value
    assert counts["attendees in structured"].tolist() == effects["n_structured"].tolist()


def test_formats_page_speaks_with_one_voice_about_certainty(demo_folder, library):
    # each group's line leads with its certainty state (the one every face uses) and puts no verdict beside it;
    # a square takes a format's colour only where that state is "clear"
    from toolkit.compare import compare_formats

    at = _app(demo_folder, "formats")
    at.selectbox(key="formats_outcome").set_value("spectator").run()  # less is better: never the sign alone
    assert not at.exception
    effects = compare_formats(library["table"], outcome="spectator", by="style", random_state=0)
    shown, _ = wording.shown_groups(effects)
    readings = next(m.value for m in at.markdown if m.value.startswith("- **"))
    sure = [wording.effect_certainty(row, outcome="spectator") for row in shown.to_dict(orient="records")]
    for segment, certain in zip(shown["segment"], sure):
        line = next(line for line in readings.splitlines() if wording.segment_people(segment, "style") in line)
        assert line.startswith(f"- **{certain.label}"), line
        assert "did better" not in line, line
    colours = _figures(at)[0]["data"][0]["marker"]["color"]
    assert colours == [plots.FORMAT_COLOURS[c.favoured] if c.state == "clear" else plots.NEUTRAL_COLOUR for c in sure]


def test_followthrough_page_shows_the_funnel_of_the_outcome_table(demo_folder, library):
    at = _app(demo_folder, "followthrough")
    funnel = plots.followthrough_table(library["table"], by="style")
    funnel = funnel.loc[funnel["attendees"] >= wording.MIN_GROUP_SIZE]   # the one small-cell rule
    shown = at.dataframe[0].value
    assert len(shown) == len(funnel) // len(plots.FUNNEL_STAGES)
    first = funnel.loc[funnel["stage"] == plots.FUNNEL_STAGES[0]]
    assert sorted(shown["new contacts per attendee"]) == sorted(wording.format_number(v) for v in first["per_attendee"])
    met = funnel.loc[funnel["stage"] == plots.FUNNEL_STAGES[2]]
    assert sorted(shown["met within 30 days per attendee"]) == sorted(
        f"{wording.format_number(v)} ({wording.format_number(q, share=True)})"
        for v, q in zip(met["per_attendee"], met["share_of_first"]))


def test_network_page_refuses_or_draws(demo_folder, library):
    at = _app(demo_folder, "network")
    assert not at.exception
    # the answer names the most mixed session; the table lists every session of five or more people
    assert "mixed people most" in _answer(at)
    assert len(at.dataframe[0].value) >= 1


def _answer(at: AppTest) -> str:
    """The page's one-sentence answer (the first thing under its title)."""
    import re

    for element in at.get("html"):
        body = element.proto.body
        if "netout-answer" in body and "<style>" not in body:
            return re.sub(r"<[^>]+>", "", body)
    raise AssertionError("no answer shown")


def _recommended(at: AppTest) -> str:
    answer = _answer(at)
    assert answer.split(". ")[0] in wording.CERTAINTY_LABELS.values(), answer
    return answer


def test_next_event_starts_from_the_librarys_default_mix(demo_folder, library):
    # the CLI, the report and the dashboard assume the same mix, so they give the same first advice
    from toolkit.recommend import default_mix, recommend_format

    at = _app(demo_folder, "next_event")
    mix = default_mix(library["table"], by="style", events=library["data"])
    assert "unknown" in mix  # every segment, as compare_formats compares it
    groups = ["reserved", "self-directed", "unknown"]
    for group in groups[:-1]:  # the last group takes what is left
        assert at.slider(key=f"mix_style_{group}").value == round(mix[group] * 100)
    default = recommend_format(library["table"], outcome="new_contacts", by="style", random_state=0)
    assert default.mix == pytest.approx(mix)
    shown = _recommended(at)
    assert wording.recommendation_answer(default) in shown
    # one voice for certainty: the dashboard shows the state every face shows for the same advice
    assert shown.startswith(wording.certainty(default).label + "."), shown
    used = next(c.value for c in at.caption if c.value.startswith("Mix used:"))
    assert sum(int(n) for n in __import__("re").findall(r"\*\*(\d+)%\*\*", used)) == 100, used


def test_next_event_recommendation_follows_the_mix_slider(demo_folder, library):
    from toolkit.recommend import recommend_format

    at = _app(demo_folder, "next_event")
    groups = ["reserved", "self-directed", "unknown"]
    assert [s.key for s in at.slider if s.key.startswith("mix_style")] == [f"mix_style_{g}" for g in groups[:-1]]
    results = {}
    for share in (0, 100):
        for group, value in zip(groups, (share, 100 - share)):
            at.slider(key=f"mix_style_{group}").set_value(value)
        at.run()
        assert not at.exception
        mix = {"reserved": share / 100, "self-directed": 1 - share / 100}
        rec = recommend_format(library["table"], outcome="new_contacts", by="style", mix=mix, random_state=0)
        results[share] = (rec.recommended, _recommended(at))
        assert wording.recommendation_answer(rec) in results[share][1]
        assert results[share][1].startswith(wording.certainty(rec).label)
    # the demo data plants opposite effects in the two styles, so an all-one-style crowd changes the answer
    assert results[0][0] != results[100][0]
    assert results[0][1] != results[100][1]


def test_the_next_slider_step_is_worked_out_ahead_and_answers_as_the_library(demo_folder):
    # after an answer the page works out the neighbouring steps in the background; the step then taken is
    # answered from that work, and the answer is the library's own for that mix
    import time

    import state
    from toolkit.recommend import recommend_format

    at = _app(demo_folder, "next_event")
    groups = ["reserved", "self-directed", "unknown"]
    percents = [at.slider(key=f"mix_style_{g}").value for g in groups[:-1]]
    percents.append(100 - sum(percents))
    folder = str(demo_folder)
    fp = state.fingerprint(folder)
    advisor = state.mix_advisor(folder, fp, "new_contacts", "style")
    _, observed = state.latest_mix(folder, fp, "style")
    ahead = state.neighbouring_mixes(groups, percents, start=observed)
    assert len(ahead) == 8  # two inputs, one and two steps either way
    deadline = time.monotonic() + 60
    while not all(advisor.is_kept(dict(m)) for m in ahead) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(advisor.is_kept(dict(m)) for m in ahead)
    step = percents[0] + 1
    at.slider(key="mix_style_reserved").set_value(step).run()
    assert not at.exception
    asked = state.entered_mix(groups, [step, percents[1], percents[2] - 1], start=observed)
    assert asked in ahead
    mix = dict(asked)  # as the page asks for it
    assert mix == {"reserved": step / 100, "self-directed": percents[1] / 100, "unknown": (percents[2] - 1) / 100}
    kept = advisor.advise(mix)
    # on the page's own table (read back from the disk cache, its sums can differ from a fresh one's in the last bit)
    fresh = recommend_format(state.outcome_table(folder, fp), outcome="new_contacts", by="style", mix=mix,
                             random_state=0)
    assert kept.rationale == fresh.rationale and kept.expected == fresh.expected
    assert wording.recommendation_answer(fresh) in _recommended(at)


def test_a_host_can_turn_working_ahead_off(demo_folder, tmp_path, monkeypatch):
    # NETOUT_DASHBOARD_WORK_AHEAD=off: an answer shown starts no background work for the steps not taken
    import shutil
    import time

    import hosting
    import state

    folder = tmp_path / "event"  # a folder of its own: nothing kept for it by the tests before
    shutil.copytree(demo_folder, folder)
    monkeypatch.setenv(hosting.WORK_AHEAD_ENV, "off")
    at = _app(folder, "next_event")
    groups = ["reserved", "self-directed", "unknown"]
    percents = [at.slider(key=f"mix_style_{g}").value for g in groups[:-1]]
    percents.append(100 - sum(percents))
    fp = state.fingerprint(str(folder))
    advisor = state.mix_advisor(str(folder), fp, "new_contacts", "style")
    _, observed = state.latest_mix(str(folder), fp, "style")
    ahead = state.neighbouring_mixes(groups, percents, start=observed)
    time.sleep(1.5)  # ten times the pause before work ahead starts
    assert not any(advisor.is_kept(dict(m)) for m in ahead)
    step = percents[0] + 1
    at.slider(key="mix_style_reserved").set_value(step).run()  # the step is worked out when it is asked for
    assert not at.exception
    assert advisor.is_kept(dict(state.entered_mix(groups, [step, percents[1], percents[2] - 1], start=observed)))


def test_a_mix_over_100_percent_is_refused_not_rescaled(demo_folder):
    at = _app(demo_folder, "next_event")
    at.slider(key="mix_style_reserved").set_value(80)
    at.slider(key="mix_style_self-directed").set_value(40)
    at.run()
    assert any("add up to 120%" in e.value for e in at.error)


@pytest.mark.slow
def test_report_page_builds_both_files(demo_folder):
    if not (APP.parent / "views" / "report.py").exists():
        pytest.skip("the Report page appears once toolkit.report has landed")
    at = _app(demo_folder, "report")
    at.button[0].click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert "is ready" in _answer(at)


def test_report_page_without_a_chart_engine_still_gives_the_files_and_says_why(monkeypatch):
    """The chart engine fails (no Chromium, a browser that crashed): the report is built all the same, the page
    says so in one line, and a second press tries again instead of handing back the chartless report."""
    from toolkit.report import export

    def engine_fails(*args, **kwargs):
        raise RuntimeError("The browser seemed to close immediately after starting.\nTraceback (most recent call last):")

    monkeypatch.setattr(export, "_render", engine_fails)
    at = _app(toolkit.example_folder(), "report")
    at.button[0].click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert "is ready" in _answer(at)
    [warning] = [w.value for w in at.warning]
    assert warning.startswith("The report was built without its charts. Could not draw the report's charts")
    assert "apt-get install chromium" in warning and "Traceback" not in warning
    calls = []
    monkeypatch.setattr(export, "_render", lambda *a, **k: calls.append(1) or engine_fails())
    at.button[0].click().run(timeout=120)
    assert calls, "the report without its charts was handed back from the cache"


def test_netout_dashboard_runs_the_app_of_this_checkout(tmp_path):
    from toolkit.cli._dashboard import dashboard_command, find_app

    assert find_app() == APP
    command = dashboard_command(tmp_path, port=8765, headless=True)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP)]
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[-2:] == ["--", str(tmp_path.resolve())]
    assert "--" not in dashboard_command(None)


def test_netout_dashboard_refuses_a_missing_folder(tmp_path):
    import subprocess
    import sys

    code = "import sys; from toolkit.cli import main; sys.argv = ['netout'] + sys.argv[1:]; main()"
    out = subprocess.run([sys.executable, "-c", code, "dashboard", str(tmp_path / "nope")],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "no folder" in out.stderr


def test_the_folder_comes_from_the_command_line_only_when_streamlit_runs_the_app(tmp_path):
    import sys

    sys.path.insert(0, str(APP.parent))
    import state

    assert state.folder_from_command_line(["/x/dashboards/app.py", str(tmp_path)]) == tmp_path.resolve()
    assert state.folder_from_command_line(["/x/bin/pytest", str(tmp_path)]) is None
    assert state.folder_from_command_line(["/x/dashboards/app.py"]) is None


def test_next_event_offers_the_randomised_plan_when_not_confident(demo_folder):
    import io
    import zipfile

    at = _app(demo_folder, "next_event")
    shown = _recommended(at)
    # the demo has 7 sessions per format, fewer than compare.MIN_SESSIONS_PER_FORMAT: never a clear difference
    assert not shown.startswith(wording.CERTAINTY_LABELS["clear"]) and "settle" in shown
    # the size of the run that would settle it: the figure the CLI and the report show (toolkit.wording)
    from toolkit.recommend import recommend_format

    table = toolkit.compute_outcomes(toolkit.load_event_data(demo_folder))
    figure = wording.sample_size_figure(recommend_format(table, outcome="new_contacts", by="style", random_state=0))
    assert figure and any(figure in m.value for m in at.markdown), figure
    buttons = at.get("download_button")
    assert buttons, "no plan to download"
    sys_path = str(APP.parent)
    import sys

    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    import state

    counts, archive = state.next_event_plan(str(demo_folder), state.fingerprint(demo_folder), "style", None)
    assert sum(counts.values()) > 0
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        names = z.namelist()
        text = b"".join(z.read(n) for n in names).decode()
    assert names and "@" not in text  # pseudonymised ids only


def _dashboard_state():
    import sys

    if str(APP.parent) not in sys.path:
        sys.path.insert(0, str(APP.parent))
    import state

    return state


class _Upload:
    """What st.file_uploader hands over: a name and the bytes."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_uploaded_files_and_zips_become_a_folder(tmp_path, monkeypatch, demo_folder):
    import io
    import zipfile

    state = _dashboard_state()
    event = demo_folder / "E01"
    files = [_Upload(p.name, p.read_bytes()) for p in sorted(event.glob("*.csv"))]
    folder = state.save_uploads(files, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in event.glob("*.csv"))
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}  # readable by the server's user only
    assert state.save_uploads(files, tmp_path) == folder  # same files, same folder (and cache)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for p in sorted(event.glob("*.csv")):
            z.write(p, f"season/E01/{p.name}")
        z.writestr("__MACOSX/._attendees.csv", "junk")
    folder = state.save_uploads([_Upload("season.zip", buffer.getvalue())], tmp_path)
    assert folder.name == "season" and (folder / "E01" / "attendees.csv").exists()
    assert toolkit.load_event_data(folder).attendees["attendee_id"].nunique() > 0

    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../escape.csv", "x")
    # toolkit.extract_zip refuses the whole archive and says which member; nothing is unpacked or kept
    from toolkit.errors import DataValidationError

    before = set(tmp_path.iterdir())
    with pytest.raises(DataValidationError, match="outside the folder") as refused:
        state.save_uploads([_Upload("evil.zip", evil.getvalue())], tmp_path)
    assert "evil.zip" in str(refused.value) and "../../escape.csv" in str(refused.value)
    assert set(tmp_path.iterdir()) == before
    assert not (tmp_path.parent / "escape.csv").exists() and not list(tmp_path.rglob("escape.csv"))


def test_a_folder_with_errors_is_explained_on_the_data_page(tmp_path, demo_folder):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(demo_folder / "E01", broken)
    (broken / "sessions.csv").unlink()
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["folder"] = str(broken)
    at.run()
    assert not at.exception
    assert any("Data" in e.value for e in at.error)  # the Overview sends the person to the Data page
    at.switch_page("views/data.py")
    at.run()
    assert not at.exception
    assert "must be fixed" in _answer(at)
    problems = at.dataframe[0].value
    assert "what is wrong / what to do" in problems.columns and len(problems) >= 1


def test_every_page_copes_with_a_folder_without_a_contact_log(tmp_path, demo_folder):
    import shutil

    folder = tmp_path / "survey-only"
    shutil.copytree(demo_folder / "E01", folder)
    shutil.copy(demo_folder / "netout.toml", folder)
    for table in ("contacts", "followups", "known_ties"):
        (folder / f"{table}.csv").unlink()
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["folder"] = str(folder)
    at.run()
    for page in PAGES:
        at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("views/formats.py")
    at.run()
    assert "another outcome" in _answer(at)
    at.selectbox(key="formats_outcome").set_value("satisfaction").run()
    assert not at.exception and at.get("plotly_chart")


def test_next_event_works_for_every_offered_group_column(demo_folder):
    at = _app(demo_folder, "next_event")
    state = _dashboard_state()
    data = toolkit.load_event_data(demo_folder)
    from toolkit.outcomes import compute_outcomes

    for column in state.segment_columns(compute_outcomes(data), data.settings):
        at.selectbox(key="next_by").set_value(column).run()
        assert not at.exception, (column, [e.value for e in at.exception])
        assert _recommended(at)


def test_the_data_page_never_shows_an_email_quoted_in_a_problem(tmp_path, demo_folder):
    import shutil

    import pandas as pd

    folder = tmp_path / "pii"
    shutil.copytree(demo_folder / "E01", folder)
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    attendees.loc[1, "first_time"] = "maybe ann@example.org"
    attendees.to_csv(folder / "attendees.csv", index=False)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["folder"] = str(folder)
    at.run()
    at.switch_page("views/data.py")
    at.run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert "[email]" in problems.to_string() and "@" not in problems.to_string()


def test_network_page_starts_on_a_session_when_the_event_is_too_large(demo_folder, monkeypatch):
    monkeypatch.setattr(plots, "MAX_NETWORK_NODES", 50)  # demo events have 100 people, sessions fewer
    at = _app(demo_folder, "network")
    assert not at.exception
    session = next(s for s in at.selectbox if s.label == "Session")
    assert session.value != "(whole event)" and not at.get("plotly_chart")  # the picture is drawn on request
    at.toggle(key="network_draw").set_value(True).run()
    assert not at.exception and at.get("plotly_chart")
    session = next(s for s in at.selectbox if s.label == "Session")
    session.set_value("(whole event)").run()
    assert not at.exception
    assert any("at most 50 people" in i.value for i in at.info) and not at.get("plotly_chart")


def test_group_choice_offers_no_free_text_personal_or_survey_columns():
    import pandas as pd

    state = _dashboard_state()
    n = 20
    table = pd.DataFrame({
        "event_id": "E1", "attendee_id": [f"a{i}" for i in range(n)],
        "format": ["structured", "unstructured"] * (n // 2),
        "style": ["reserved", "self-directed"] * (n // 2),
        "industry": ["Retail", "Finance", "Health", "Retail"] * (n // 4),
        "note": [f"said something {i % 11}" for i in range(n)],       # free text: 11 values in 20 rows
        "email": [f"p{i % 4}@example.org" for i in range(n)],          # personal data, few values
        "satisfaction_comment": ["good", "bad"] * (n // 2),            # a survey answer
        "new_contacts": range(n),
    })
    table.attrs["survey_columns"] = ["satisfaction_comment"]
    offered = state.segment_columns(table)
    assert offered[0] == "style" and "industry" in offered
    assert not {"note", "email", "satisfaction_comment", "attendee_id", "new_contacts"} & set(offered)
    # the same eligibility as the comparison's default adjustment set
    from toolkit.compare import default_covariates

    assert set(offered) <= set(default_covariates(table)) | {"style"}


def test_overview_explains_the_change_figures_only_where_there_is_an_event_before(tmp_path, demo_folder):
    import shutil

    one_event = tmp_path / "one-event"
    shutil.copytree(demo_folder / "E01", one_event)
    shutil.copy(demo_folder / "netout.toml", one_event)
    captions = {}
    for name, folder in (("one", one_event), ("season", demo_folder)):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state["folder"] = str(folder)
        at.run()
        assert not at.exception, at.exception
        captions[name] = " ".join(c.value for c in at.caption)
    assert "change since the event before" not in captions["one"]
    assert "change since the event before" in captions["season"]


def test_the_sensor_reference_is_not_drawn_beside_badge_scans(tmp_path, demo_folder):
    """E01 of the demo recorded contacts by badge scans and the app only: the published ~40 contacts per attendee
    (proximity sensors) would read as a shortfall; the season, with sensor contacts, keeps it."""
    import shutil

    one_event = tmp_path / "scans-only"
    shutil.copytree(demo_folder / "E01", one_event)
    shutil.copy(demo_folder / "netout.toml", one_event)
    seen = {}
    for name, folder in (("scans", one_event), ("season", demo_folder)):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.session_state["folder"] = str(folder)
        at.run()
        at.run()  # the charts come on the second run
        assert not at.exception, at.exception
        notes = " ".join(str(a.get("text", "")) for figure in _figures(at) for a in figure["layout"].get("annotations", []))
        seen[name] = (" ".join(c.value for c in at.caption), notes)
    assert "contacts per attendee about 40" not in seen["scans"][0] and "not drawn beside badge scans" in seen["scans"][0]
    assert "published: 40" not in seen["scans"][1] and "published: 50%" in seen["scans"][1]
    assert "contacts per attendee about 40" in seen["season"][0] and "published: 40" in seen["season"][1]


def test_followthrough_without_followups_draws_no_one_step_funnel(tmp_path, demo_folder):
    """Contacts but no follow-ups (a sensor conference): the answer says so; a chart of one step would only repeat it."""
    import shutil

    folder = tmp_path / "no-followups"
    shutil.copytree(demo_folder / "E01", folder)
    shutil.copy(demo_folder / "netout.toml", folder)
    (folder / "followups.csv").unlink()
    at = _app(folder, "followthrough")
    assert not at.exception
    assert at.dataframe and not at.get("plotly_chart")
    at = _app(demo_folder, "followthrough")
    assert at.get("plotly_chart")


def test_a_two_question_style_scale_shows_no_empty_column_on_the_data_page(tmp_path, demo_folder):
    """With two style questions, dropping one leaves one: no agreement to show, and no column of "None"."""
    import shutil

    folder = tmp_path / "two-items"
    shutil.copytree(demo_folder / "E01", folder)
    settings = (demo_folder / "netout.toml").read_text()
    settings = settings.replace('items = ["style_1", "style_2", "style_3", "style_4", "style_5"]',
                                'items = ["style_1", "style_3"]').replace('reversed = ["style_2", "style_4"]',
                                                                          "reversed = []")
    (folder / "netout.toml").write_text(settings)
    at = _app(folder, "data")
    assert not at.exception, at.exception
    questions = [frame.value for frame in at.dataframe if "question" in frame.value.columns]
    assert len(questions) == 1 and list(questions[0]["question"]) == ["style_1", "style_3"]
    assert "agreement without this question" not in questions[0].columns
    assert "agreement with the other questions" in questions[0].columns


def test_a_folder_without_styles_opens_its_pages_on_a_grouping_with_something_to_show(tmp_path, demo_folder):
    """A folder imported from a ticketing tool and a scanner (no survey, no style) opened the Network page on
    'networking style', where every style is unknown: 'no session to compare'."""
    import shutil

    import pandas as pd

    folder = tmp_path / "no-style"
    shutil.copytree(demo_folder / "E01", folder)
    (folder / "survey.csv").unlink()
    attendees = pd.read_csv(folder / "attendees.csv").drop(columns="networking_style")
    attendees.to_csv(folder / "attendees.csv", index=False)
    at = _app(folder, "network")
    assert not at.exception, at.exception
    assert at.selectbox(key="network_by").value == "industry"
    assert "no session to compare" not in _answer(at)


def test_the_data_page_shows_the_rows_the_import_left_out_and_no_backticks(tmp_path, demo_folder):
    """A newcomer's imported season: the Data page said '`season` passed every check' (backticks shown as they
    are) and 'No row was set aside: every row is used' of a folder whose import had left out no-shows and
    scans of badges not on the list. The import's lines are now shown, by export and reason, without values."""
    import shutil

    folder = tmp_path / "E01"
    shutil.copytree(demo_folder / "E01", folder)
    (folder / "import_report.csv").write_text(
        "what,file,row,column,value,count,reason\n"
        "row_skipped,tickets.csv,9,Attendee Status,,1,no-show (registered but not checked in)\n"
        "row_skipped,tickets.csv,12,Attendee Status,,1,no-show (registered but not checked in)\n"
        "row_skipped,scans.csv,40,Email,'zoe.quill@example.org',1,the scanned badge is not on the attendee list\n"
        "note,tickets.csv,,,,,the header is on row 3\n", encoding="utf-8")
    at = _app(folder, "data")
    page = " ".join(str(m.value) for m in (*at.markdown, *at.get("html")))
    assert "`" not in " ".join(str(h.proto) for h in at.get("html"))
    assert "No row was set aside" not in page
    assert "The import left out 3 row(s)" in page
    left_out = [frame.value for frame in at.dataframe if "rows left out" in frame.value.columns]
    assert len(left_out) == 1
    assert left_out[0][["export", "reason", "rows left out"]].values.tolist() == [
        ["tickets.csv", "no-show (registered but not checked in)", 2],
        ["scans.csv", "the scanned badge is not on the attendee list", 1]]
    assert "zoe" not in page and not any("zoe" in frame.value.to_string() for frame in at.dataframe)


def test_the_next_event_page_asks_for_money_in_any_currency(demo_folder):
    """A UK chamber was asked for the facilitator's cost in euros. Only the cost divided by what a better outcome
    is worth is used, so the page asks for both in the organiser's own currency."""
    at = _app(demo_folder, "next_event")
    labels = [box.label for box in at.number_input]
    assert "Facilitator cost per attendee (in your currency)" in labels
    assert any(label.endswith("worth to you (same currency)") for label in labels)
    assert not any("€" in label for label in labels)


def test_the_network_page_places_timed_contacts_without_a_session_as_the_overview_does(tmp_path):
    """A meetings export imported without sessions: the contacts carry times, no session_id. The outcomes place
    them in sessions by time, and the Network page said 'there is no session to compare'. It reads them the same
    way now."""
    import pandas as pd
    from test_network import timed_tables

    folder = tmp_path / "E"
    folder.mkdir()
    for name, rows in timed_tables().items():
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
    at = _app(folder, "network")
    assert not at.exception, at.exception
    at.selectbox(key="network_by").set_value("industry").run()
    assert not at.exception, at.exception
    answer = _answer(at)
    assert "no session to compare" not in answer and "tables" in answer, answer


def test_the_background_threads_notices_stay_out_of_the_organisers_terminal():
    """`make dashboard` printed "Thread 'netout-warm-up': missing ScriptRunContext! This warning can be ignored"
    twice on a fresh clone: the warm-up's cached calls run no page, on purpose, as the work-ahead thread's do."""
    import logging

    import state

    notice = "Thread '{}': missing ScriptRunContext! This warning can be ignored when running in bare mode."
    keep = state._NoContextNotice().filter
    record = lambda text: logging.LogRecord("streamlit", logging.WARNING, __file__, 1, text, None, None)  # noqa: E731
    assert not keep(record(notice.format(state._WARM_THREAD)))
    assert not keep(record(notice.format(state._AHEAD_THREAD)))
    assert keep(record(notice.format("ScriptRunner.scriptThread")))   # a page's own thread is still told


def test_the_data_page_shows_the_imports_warnings(tmp_path, demo_folder):
    """A warning an import went ahead with (a survey matching few registered attendees) is on the Data page."""
    import shutil

    folder = tmp_path / "E01"
    shutil.copytree(demo_folder / "E01", folder)
    (folder / "import_report.csv").write_text(
        "what,file,row,column,value,count,reason\n"
        "warning,survey.csv,,Email,,,only 2 of the 40 respondents are registered attendees\n", encoding="utf-8")
    import show

    at = _app(folder, "data")
    assert [w.value for w in at.warning] == [show.literal(
        "The import of survey.csv (E01) warned: only 2 of the 40 respondents are registered attendees")]


def test_an_import_warning_from_a_folders_file_is_shown_as_written_never_as_markdown(tmp_path, demo_folder):
    """The Data page shows import_report.csv's warnings; an uploaded folder could hold one written as markdown
    (an image from another host, a link). It is shown as the text it is."""
    import shutil

    folder = tmp_path / "E01"
    shutil.copytree(demo_folder / "E01", folder)
    (folder / "import_report.csv").write_text(
        "what,file,row,column,value,count,reason\n"
        "warning,survey.csv,,,,,see ![x](https://tracker.example/p.png) and [here](https://phish.example)\n",
        encoding="utf-8")
    at = _app(folder, "data")
    (shown,) = [w.value for w in at.warning]
    # the addresses are taken out (state.shown), and what is left is no markdown: an escaped ! [ ] ( )
    assert "https://" not in shown and "tracker.example" not in shown
    assert "\\!\\[x\\]" in shown and "\\[here\\]" in shown


def test_the_cache_key_of_a_folder_holds_the_pseudonymisation_key(demo_folder, monkeypatch):
    """A full CI run once paired the demo's data read with one key with an outcome table made with another (the
    Network page found no contact between known styles): the in-memory caches were keyed by the files alone."""
    import state

    monkeypatch.setenv("NETOUT_SECRET", "first-key-0123456789abcdef")
    first = state.fingerprint(demo_folder)
    monkeypatch.setenv("NETOUT_SECRET", "other-key-0123456789abcdef")
    assert state.fingerprint(demo_folder) != first
    assert state.fingerprint(demo_folder)[0] == first[0]   # the same files

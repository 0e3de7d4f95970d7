"""The board report: the object's contents, and the HTML and PDF renderings of it.

Most tests build the report from a simulated outcome table with planted effects
(``toolkit.datasets.simulate``), so that they do not depend on an event folder; the
command-line tests run on the committed demo folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import toolkit
from toolkit.report import SMALL_GROUP_TEXT, compose_report

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not Path("/usr/bin/chromium").exists() and shutil.which("chromium") is None,
    reason="needs poppler-utils (pdftotext) and Chromium (make system-deps)",
)
NETOUT = [sys.executable, "-m", "toolkit.cli"] if not (Path(sys.executable).parent / "netout").exists() else [
    str(Path(sys.executable).parent / "netout")]


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext gives it, with line breaks and runs of spaces made single spaces."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # a line may break after the hyphen of "self-directed": join such words again
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", out))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    from toolkit.datasets.simulate import simulate_outcome_table

    table, _truth = simulate_outcome_table(random_state=3, sessions_per_format=6, session_size=12)
    return table


@pytest.fixture(scope="module")
def report(table):
    return toolkit.build_report(table, outcome="new_contacts", by="style", random_state=0)


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    html = report.to_html(folder / "board.html")
    pdf = report.to_pdf(folder / "board.pdf")
    return SimpleNamespace(html=html, pdf=pdf, html_text=html.read_text(encoding="utf-8"), pdf_text=pdf_text(pdf))


def test_report_has_the_board_sections_in_order(report):
    assert [s.key for s in report.sections] == [
        "summary", "key_figures", "effects", "funnel", "recommendation", "method", "data_quality", "technical",
    ]
    assert {"effects", "funnel", "expected"} <= set(report.figures)
    assert {"key_figures", "effects", "funnel", "expected", "response"} <= set(report.tables)


def test_summary_says_what_worked_for_whom_and_what_to_run(report):
    from toolkit.wording import certainty, recommendation_answer

    summary = " ".join(report.section("summary").paragraphs)
    # planted truth: structured helps reserved attendees (+3 new contacts), barely the self-directed (+0.5)
    assert "For reserved attendees, structured sessions" in summary and "did better" in summary
    assert "self-directed attendees" in summary
    # the answer first, in the one voice of certainty, and never the chance-best figure beside it
    assert report.section("summary").lead == recommendation_answer(report.recommendation)
    sure = certainty(report.recommendation)
    assert (report.section("summary").certainty, report.section("summary").certainty_label) == (sure.state, sure.label)
    assert report.section("summary").paragraphs[0] == sure.sentence
    assert "chance" not in summary
    assert report.recommendation.recommended in ("structured", "unstructured", "split")


def test_effects_are_those_of_compare_formats(report, table):
    expected = toolkit_compare(table)
    pd.testing.assert_series_equal(report.effects["effect"], expected["effect"], check_names=False)
    reserved = report.effects.set_index("segment").loc["reserved"]
    assert reserved["ci_low"] > 0  # the planted +3 is found


def toolkit_compare(table):
    from toolkit.compare import compare_formats

    return compare_formats(table, outcome="new_contacts", by="style", random_state=0)


def test_key_figures_set_latest_event_beside_previous_and_references(report):
    frame = report.tables["key_figures"].frame
    assert list(frame.columns) == ["Measure", "E02 (latest)", "E01 (previous)", "Season", "Published reference"]
    refs = dict(zip(frame["Measure"], frame["Published reference"]))
    assert refs["Contacts per attendee"].startswith("40")
    assert refs["Contacts already known"].startswith("50%")
    assert any("Ingram" in note for note in report.tables["key_figures"].notes)


def test_season_figures_are_per_attendee_place_and_sensor_references_stay_off_badge_scans(table):
    """A newcomer's season: people at both evenings had their contacts summed over the season, so its contacts
    per attendee (10.7) beat both evenings' (8.0, 9.3); and the sensor figure of ~40 contacts stood beside badge
    scans. The season is per attendee place (with the number of people), and the reference is left out, said."""
    again = table.copy()
    again["attendee_id"] = "p" + again.groupby("event_id").cumcount().astype(str)  # everyone came to both events
    again.attrs = dict(table.attrs) | {"contact_kind": "exchange",
                                       "notes": {"familiar_share": "only pairs met at an earlier event count as known"}}
    report = compose_report(again, effects=toolkit_compare(table), recommendation=None)
    key = report.tables["key_figures"]
    frame = key.frame.set_index("Measure")
    per_event = [float(frame.loc["Contacts per attendee", c]) for c in ("E02 (latest)", "E01 (previous)")]
    assert min(per_event) <= float(frame.loc["Contacts per attendee", "Season"]) <= max(per_event)
    assert frame.loc["Attendees", "Season"] == f"{len(again):,} ({again['attendee_id'].nunique():,} people)"
    assert frame.loc["Contacts per attendee", "Published reference"] == ""
    assert frame.loc["Contacts already known", "Published reference"].startswith("50%")
    assert any("not set beside badge scans" in note for note in key.notes)
    assert "Contacts already known: only pairs met at an earlier event count as known." in key.notes


def test_single_event_report_compares_with_the_one_before(table):
    report = toolkit.build_report(table, event="E02", random_state=0)
    assert report.subtitle == "Event report: E02 (compared with E01)"
    assert list(report.tables["key_figures"].frame.columns)[1:3] == ["E02", "E01 (previous)"]
    assert report.facts["events"] == 1


def test_events_of_a_bare_table_in_time_order_not_as_text(table):
    # the report used to sort a bare outcome table's events as text (E10 before E9) and ignore the
    # table's own attrs["event_order"]; it now follows toolkit.events.event_sequence like every face
    renamed = table.assign(event_id=table["event_id"].map({"E01": "E9", "E02": "E10"}).astype("string"))
    renamed.attrs = {}
    report = toolkit.build_report(renamed, random_state=0)
    assert report.subtitle == "Season report: 2 events (E9, E10)"
    assert list(report.tables["key_figures"].frame.columns)[1:3] == ["E10 (latest)", "E9 (previous)"]
    # the table's own time order wins over the natural order of the ids
    renamed.attrs["event_order"] = ["E10", "E9"]
    report = toolkit.build_report(renamed, event="E9", random_state=0)
    assert report.subtitle == "Event report: E9 (compared with E10)"


def test_not_confident_recommendation_comes_with_a_plan(table):
    effects = toolkit_compare(table)
    unsure = SimpleNamespace(recommended="split", expected={"structured": 7.0, "unstructured": 6.5, "split": 7.1},
                             probability_best=0.55, confident=False, rationale=["The segments differ."],
                             needed_per_arm={"reserved": 120, "self-directed": 340}, by="style",
                             outcome="new_contacts", plan={"reserved": "structured", "self-directed": "unstructured"},
                             difference={"advantage": 0.6, "ci_low": -0.1, "ci_high": 1.3})
    report = compose_report(table, effects=effects, recommendation=unsure)
    section = report.section("recommendation")
    headings = [h for h, _ in section.lists]
    assert "Plan for next time, to reach a firm answer" in headings
    plan = dict(section.lists)["Plan for next time, to reach a firm answer"]
    assert any("120 reserved and 340 self-directed attendees" in p for p in plan)
    assert section.certainty_label == "Leaning, not settled"
    assert "reserved attendees in structured sessions" in section.lead


def test_small_segments_are_fewer_than_5_and_left_out_of_the_chart(table):
    effects = toolkit_compare(table)
    tiny = effects.iloc[[0]].assign(segment="tiny", n_structured=3, n_unstructured=2, effect=9.0)
    report = compose_report(table, effects=pd.concat([effects, tiny], ignore_index=True), recommendation=None)
    frame = report.tables["effects"].frame.set_index("Group")
    assert frame.loc["tiny", "In structured"] == SMALL_GROUP_TEXT
    assert frame.loc["tiny", "Difference"] == "not shown"
    labels = " ".join(str(y) for trace in report.figures["effects"].figure.data for y in trace.y)
    assert "tiny" not in labels and "reserved" in labels
    assert "No recommendation could be made" in report.text()
    assert "No chart" not in report.text()                       # a hidden group beside charted ones
    all_small = compose_report(table, effects=effects.assign(n_structured=3, n_unstructured=2),
                               recommendation=None)
    assert "effects" not in all_small.figures
    assert f"No chart: every group had {SMALL_GROUP_TEXT} attendees in a format." in all_small.text()
    assert "can be measured yet" not in all_small.text() and "The bar around each estimate" not in all_small.text()


def test_the_chart_draws_the_groups_whose_difference_has_a_range_and_none_without(table):
    """A newcomer's season (one session of each format) got a chart whose axis held only the smallest estimate
    while the table said "-" for every difference: the chart now draws what the table gives figures for."""
    effects = toolkit_compare(table)
    unmeasured = effects.iloc[[0]].assign(segment="unmeasured", effect=9.0, ci_low=float("nan"),
                                          ci_high=float("nan"))
    report = compose_report(table, effects=pd.concat([effects, unmeasured], ignore_index=True), recommendation=None)
    assert report.tables["effects"].frame.set_index("Group").loc["unmeasured", "Difference"] == "–"
    labels = " ".join(str(y) for trace in report.figures["effects"].figure.data for y in trace.y)
    assert "unmeasured" not in labels and "reserved" in labels
    none_measured = compose_report(table, effects=effects.assign(ci_low=float("nan"), ci_high=float("nan")),
                                   recommendation=None)
    assert "effects" not in none_measured.figures
    assert "No chart: no group's difference can be measured yet" in none_measured.text()
    assert "every group had" not in none_measured.text()
    # a real one-format conference (WS16) was told about "the bar around each estimate" with no chart drawn
    assert "The bar around each estimate" not in none_measured.text()
    assert "The bar around each estimate" in report.text()


def test_html_is_self_contained_with_embedded_charts(rendered, report):
    html = rendered.html_text
    assert html.count('src="data:image/png;base64,') == len(report.figures)
    # nothing fetched from elsewhere: no external scripts, stylesheets or images
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html
    assert "The answer" in html and "Appendix: data quality" in html and "Appendix: technical note" in html


def test_pdf_is_a4_with_page_numbers(rendered):
    info = subprocess.run(["pdfinfo", str(rendered.pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    assert f"Page 1 of {pages}" in rendered.pdf_text and f"Page {pages} of {pages}" in rendered.pdf_text


def test_pdf_text_holds_the_recommendation_and_each_segment_effect(rendered, report):
    text = rendered.pdf_text
    assert report.section("recommendation").lead in text
    for segment, row in report.tables["effects"].frame.set_index("Group").iterrows():
        assert re.search(rf"{re.escape(segment)} .*?{re.escape(row['Difference'])} {re.escape(row['95% interval'])}", text), segment


def test_html_and_pdf_say_the_same(rendered, report):
    for paragraph in report.section("summary").paragraphs:
        assert paragraph.split(".")[0] in rendered.pdf_text
    assert report.section("recommendation").lead in rendered.html_text


def test_unknown_outcome_and_personal_segment_are_refused(table):
    with pytest.raises(toolkit.UsageError, match="outcome must be one of"):
        toolkit.build_report(table, outcome="happiness")
    with pytest.raises(toolkit.UsageError, match="personal data"):
        toolkit.build_report(table, by="email")
    with pytest.raises(toolkit.UsageError, match="no such attendee or survey column"):
        toolkit.build_report(table, by="shoe_size")


# ----------------------------------------------------------------------------- command line (demo folder)


@pytest.fixture(scope="module")
def cli_reports(demo_folder, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    runs = {}
    for suffix in ("pdf", "html"):
        out = folder / f"r.{suffix}"
        runs[suffix] = (subprocess.run(NETOUT + ["report", str(demo_folder), "--out", str(out)],
                                       capture_output=True, text=True, timeout=240), out)
    return runs


@pytest.mark.slow
def test_cli_writes_pdf_with_recommendation_and_segment_effects(cli_reports, demo_folder):
    proc, out = cli_reports["pdf"]
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(out)
    report = toolkit.build_report(demo_folder, random_state=0)
    assert report.section("recommendation").lead in text
    for segment, row in report.tables["effects"].frame.set_index("Group").iterrows():
        if row["Difference"] != "not shown":
            assert f"{segment} " in text and f"{row['Difference']} {row['95% interval']}" in text, segment


@pytest.mark.slow
def test_cli_writes_self_contained_html(cli_reports):
    proc, out = cli_reports["html"]
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "Recommendation for the next event" in html


def test_cli_refuses_other_file_types(demo_folder, tmp_path):
    proc = subprocess.run(NETOUT + ["report", str(demo_folder), "--out", str(tmp_path / "r.docx")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert ".html or .pdf" in proc.stderr


def test_folder_without_contact_log_still_reports_why(demo_folder, tmp_path):
    for name in ("attendees", "sessions", "participation"):
        (tmp_path / f"{name}.csv").write_bytes((demo_folder / "E01" / f"{name}.csv").read_bytes())
    report = toolkit.build_report(tmp_path, random_state=0)
    effects = " ".join(report.section("effects").paragraphs)
    assert "could not be compared" in effects and "--outcome" in effects
    assert report.recommendation is None
    assert "No recommendation could be made" in " ".join(report.section("recommendation").paragraphs)


def test_appendix_lists_rows_set_aside_without_their_values(table):
    from toolkit.errors import ValidationReport
    from toolkit.report.builder import _data_quality

    checked = ValidationReport()
    checked.set_rows_aside("contacts", "E01/contacts.csv", [4, 9, 12],
                           "contact_id 'jane.doe@example.org' is not an attendee of this event")
    loaded = SimpleNamespace(report=checked, settings=None, survey=pd.DataFrame())
    quality = _data_quality(loaded, table, ["E01", "E02"])
    report = compose_report(table, effects=toolkit_compare(table), recommendation=None, quality=quality)
    frame = report.tables["set_aside"].frame
    assert frame.iloc[0].tolist() == ["contacts", "contact_id (value) is not an attendee of this event", "3"]
    assert "jane" not in report.text()


def test_a_bug_in_the_recommendation_step_raises_not_hidden_in_the_report(table, monkeypatch):
    import toolkit.recommend

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(toolkit.recommend, "recommend_format", broken)
    with pytest.raises(KeyError, match="a bug"):
        toolkit.build_report(table, outcome="new_contacts", by="style", random_state=0)

    def refused(*args, **kwargs):
        raise toolkit.UsageError("not enough sessions to recommend")

    monkeypatch.setattr(toolkit.recommend, "recommend_format", refused)
    report = toolkit.build_report(table, outcome="new_contacts", by="style", random_state=0)
    assert "not enough sessions to recommend" in report.text()


def test_attendees_in_no_session_are_counted_as_left_out(table):
    outside = table.head(3).assign(session_id=pd.NA, format=pd.NA)
    report = toolkit.build_report(pd.concat([table, outside], ignore_index=True), outcome="new_contacts",
                                  by="style", random_state=0)
    assert "3 attendee places were in no networking session" in report.text()


def test_a_folder_without_followups_or_survey_is_not_reported_as_zero(tmp_path):
    """Not recorded is not 0%: a contact log alone gives no follow-up rates and no survey response rate."""
    folder = tmp_path / "E01"
    shutil.copytree(toolkit.example_folder() / "E01", folder)
    for table in ("followups", "survey"):
        (folder / f"{table}.csv").unlink()
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder, secret="k" * 16))
    report = toolkit.build_report(table, random_state=0)
    assert "funnel" not in report.figures   # a funnel of one step is the table's number again, not a chart
    html = report.to_html(tmp_path / "board.html").read_text(encoding="utf-8")
    assert "No follow-ups were recorded for this data" in html
    assert "No survey was recorded for this data" in html
    assert "Followed up within 7 days</th>" not in html and "Response rate" not in html


# ----------------------------------------------------------------------------- the disk cache (netout report's default)


def test_cached_report_reads_the_folder_back_with_the_same_words(tmp_path, monkeypatch):
    from toolkit import cache

    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    fresh = toolkit.build_report(folder, random_state=0)
    first = toolkit.build_report(folder, random_state=0, cache=True)
    key = cache.content_key(folder)
    assert cache.is_kept("data", key) and cache.is_kept("outcomes", key)
    assert len(list((tmp_path / "cache").glob("fit-*.pickle"))) == 2  # the comparison's and the recommendation's
    from toolkit.io import load

    calls, read = [], load.load_event_data
    monkeypatch.setattr(load, "load_event_data", lambda *a, **k: calls.append(a) or read(*a, **k))
    unpickled, read_back = [], cache.event_data
    monkeypatch.setattr(cache, "event_data", lambda *a, **k: unpickled.append(a) or read_back(*a, **k))
    second = toolkit.build_report(folder, random_state=0, cache=True)
    assert calls == []  # read back, not read again
    assert unpickled == []  # nor the loaded data read back: the event order and data quality are kept too
    assert fresh.text() == first.text() == second.text()
    assert fresh.effects.equals(second.effects)
    assert fresh.recommendation.probability_best == second.recommendation.probability_best
    assert all(p.stat().st_mode & 0o077 == 0 for p in (tmp_path / "cache").iterdir())  # the owner's only
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    # a changed file is a new key: the folder is read again, never the old result
    (folder / "E01" / "sessions.csv").write_text((folder / "E01" / "sessions.csv").read_text() + "\n")
    assert cache.content_key(folder) != key
    toolkit.build_report(folder, random_state=0, cache=True)
    assert len(calls) == 1


def test_a_cache_folder_that_cannot_be_made_leaves_the_report_as_it_is(tmp_path, monkeypatch):
    """A file where the cache folder should be (or a read-only home): the report is built without the cache."""
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("")
    monkeypatch.setenv("NETOUT_CACHE", str(in_the_way))
    report = toolkit.build_report(toolkit.example_folder(), random_state=0, cache=True)
    assert report.text() == toolkit.build_report(toolkit.example_folder(), random_state=0).text()


def test_cached_chart_is_drawn_once(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    from toolkit.report import export

    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    first = export.figure_png(figure, width=200, height=120, scale=1.0, cache=True)
    assert export.image_kept(figure, width=200, height=120, scale=1.0)
    monkeypatch.setattr(export, "_draw", lambda *a, **k: pytest.fail("drawn again"))
    assert export.figure_png(figure, width=200, height=120, scale=1.0, cache=True) == first


def test_cached_report_reads_its_charts_back_without_building_them(tmp_path, monkeypatch):
    """A second report on a folder read before finds its pictures by what they are drawn from: no figure is
    built (no plotly validation, no browser) and the pictures are the ones drawn the first time."""
    from toolkit.report import export

    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    first = toolkit.build_report(folder, random_state=0, cache=True)
    drawn = {key: first.figure_png(key) for key in first.figures}
    assert set(drawn) == {"effects", "funnel", "expected"}
    second = toolkit.build_report(folder, random_state=0, cache=True)
    assert {key: f.source for key, f in second.figures.items()} == {key: f.source for key, f in first.figures.items()}
    draw = export._draw
    monkeypatch.setattr(export, "_draw", lambda *a, **k: pytest.fail("drawn again"))
    assert {key: second.figure_png(key) for key in second.figures} == drawn
    assert all("_build" in f.__dict__ for f in second.figures.values())  # never built
    assert len(second.figures["effects"].figure.data) >= 1  # and built when an analyst asks for it
    # another outcome draws other pictures: a source is what the chart shows, not the folder
    other = toolkit.build_report(folder, outcome="followup_rate_7d", random_state=0, cache=True)
    assert other.figures["effects"].source != second.figures["effects"].source
    # a figure an analyst built and edited is drawn as it now is, not read back by its source
    monkeypatch.setattr(export, "_draw", draw)
    edited = toolkit.build_report(folder, random_state=0, cache=True)
    edited.figures["effects"].figure.update_layout(title_text="Edited", plot_bgcolor="red")
    assert edited.figure_png("effects") != drawn["effects"]


def test_pdf_writer_process_writes_the_same_pdf_and_falls_back_when_it_fails(report, rendered, tmp_path,
                                                                              monkeypatch):
    """netout report lays the PDF out in a second process (WeasyPrint imported beside the build): the same
    words as to_pdf; where that process fails the PDF is written in this one; unused, it is stopped."""
    from toolkit.report import export

    with export.PdfWriter(tmp_path / "beside.pdf") as writer:
        assert writer.write(report) == tmp_path / "beside.pdf"
    assert pdf_text(tmp_path / "beside.pdf") == rendered.pdf_text

    # a PDF left at the path by an earlier run is not taken for this run's, and the working folder's
    # modules are not imported by the worker (a weasyprint.py there that writes nothing and exits 0)
    stale = tmp_path / "stale.pdf"
    stale.write_bytes(b"%PDF-1.7 from last week")
    (tmp_path / "weasyprint.py").write_text("import sys\nsys.exit(0)\n")
    monkeypatch.chdir(tmp_path)
    with export.PdfWriter(stale) as writer:
        assert writer.write(report) == stale
    assert pdf_text(stale) == rendered.pdf_text
    assert not list(tmp_path.glob("*.part"))

    monkeypatch.setattr(export, "_PDF_WORKER", "import sys; sys.exit(3)")
    with export.PdfWriter(tmp_path / "fallback.pdf") as writer:
        assert writer.write(report) == tmp_path / "fallback.pdf"
    assert pdf_text(tmp_path / "fallback.pdf") == rendered.pdf_text

    monkeypatch.setattr(export, "_PDF_WORKER", "import time; time.sleep(60)")
    with export.PdfWriter(tmp_path / "unused.pdf") as writer:
        process = writer._process
    assert process.poll() is not None and not (tmp_path / "unused.pdf").exists()


def test_a_cached_report_imports_neither_the_reading_stack_nor_the_drawing_one(tmp_path):
    """What makes a second report quick, kept from coming back unnoticed: on a folder read before, building the
    report and its HTML imports no pandera (reading), DuckDB (event order), scikit-learn (fits), plotly or
    kaleido (charts): everything they made is read back from the disk cache."""
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    env = {**__import__("os").environ, "NETOUT_CACHE": str(tmp_path / "cache")}
    code = ("import sys, toolkit; r = toolkit.build_report(sys.argv[1], random_state=0, cache=True); "
            "r.to_html(sys.argv[2]); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pandera', 'duckdb', 'sklearn', 'plotly', 'kaleido', 'statsmodels', 'networkx'}))")
    first = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "a.html")], env=env,
                           capture_output=True, text=True, check=True, timeout=240)
    assert "plotly" in first.stdout  # the first time everything is worked out and drawn
    second = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "b.html")], env=env,
                            capture_output=True, text=True, check=True, timeout=240)
    assert second.stdout.strip() == "[]", second.stdout
    def undated(path):  # the two runs may fall on either side of midnight
        return re.sub(r"Prepared \d{4}-\d{2}-\d{2}", "Prepared", path.read_text(encoding="utf-8"))

    assert undated(tmp_path / "a.html") == undated(tmp_path / "b.html")


@pytest.mark.parametrize(("kind", "said"), [("proximity", "was in close face-to-face contact with"),
                                             ("exchange", "exchanged details with"), (None, "exchanged details with")])
def test_a_contact_is_told_as_it_was_recorded(kind, said):
    """Proximity sensors (SocioPatterns) record being near someone, not an exchange of details: the words follow."""
    import toolkit
    from toolkit.datasets.simulate import simulate_outcome_table
    from toolkit.report.builder import compose_report

    table, _ = simulate_outcome_table(n_events=1, sessions_per_format=4, session_size=10, random_state=1)
    table.attrs["contact_kind"] = kind
    effects = toolkit.compare_formats(table, outcome="new_contacts", by="style", random_state=0)
    report = compose_report(table, effects=effects, recommendation=None, recommendation_problem="not asked")
    text = " ".join(" ".join(section.paragraphs) for section in report.sections)
    assert f"On average an attendee {said}" in text
    assert ("exchanged details with (from badge scans" in text) == (kind != "proximity")


def test_the_cover_says_when_nobody_has_the_grouping(table, tmp_path):
    """A sensor conference has no style answers: 'Segments: networking style' alone would imply groups."""
    def cover(frame, name):
        html = toolkit.build_report(frame, outcome="new_contacts", by="style", random_state=0).to_html(
            tmp_path / name).read_text(encoding="utf-8")
        return re.search(r"Segments: <strong>([^<]*)", html).group(1)

    assert cover(table.assign(style="unknown"), "none.html") == "networking style (not recorded in this data)"
    assert cover(table, "some.html") == "networking style"


def test_the_cover_and_the_key_figures_count_people_in_several_sessions_once(table):
    """A newcomer's chamber season: members went to two sessions an evening. The cover said '150 attendee
    places · 3.3 new contacts per attendee' (one row per session attended) while the key figures said
    '81 (44 people)' and 6.1, both 'per attendee'; the survey table said 47 attendees (session rows) for an
    evening of 27. Every figure is now per attendee at an event, as the key figures are."""
    from toolkit.report.builder import _data_quality
    from toolkit.wording import outcome_title

    twice = table[table["attendee_id"].str[-1].isin(list("02468"))]   # half the people, a second session each
    second = twice.assign(session_id=twice["session_id"] + "b", new_contacts=2.0, contacts=3.0, n_sessions=2)
    several = pd.concat([table, second], ignore_index=True)
    several.attrs = dict(table.attrs)
    quality = _data_quality(None, several, ["E01", "E02"])
    report = compose_report(several, effects=toolkit_compare(several), recommendation=None, quality=quality)
    season = report.tables["key_figures"].frame.set_index("Measure")["Season"]
    highlights = dict(report.highlights)
    places = several[["event_id", "attendee_id"]].drop_duplicates()
    assert highlights["attendee places"] == f"{len(places):,}"
    assert season["Attendees"].startswith(highlights["attendee places"])
    assert highlights[outcome_title("new_contacts", capital=False)] == season["New contacts per attendee"]
    summary = report.section("summary").paragraphs
    assert any(f"{len(places):,} attendee places" in p and f"{float(season['New contacts per attendee']):.1f} of "
               "them new" in p for p in summary), summary
    response = report.tables["response"].frame.set_index("Event")
    assert response.loc["E01", "Attendees"] == f"{(places['event_id'] == 'E01').sum():,}"


def test_rows_the_import_left_out_are_in_the_appendix_not_no_row_set_aside(tmp_path, monkeypatch):
    """A newcomer's season: the imports set aside no-shows, a refunded ticket and scans of badges not on the
    list, and the report's appendix said 'No input row was set aside' (the loader's view only). The import's
    own count is now shown per export and reason, without a value from the rows."""
    from toolkit.io.importers import import_export

    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    export = tmp_path / "tickets.csv"
    export.write_text("Order #,First Name,Last Name,Email,Attendee Status\n"
                      "1001,Ana,Quill,ana.quill@example.org,Checked In\n"
                      "1002,Bo,Reyes,bo.reyes@example.org,Refunded\n"
                      "1003,Cy,Stone,cy.stone@example.org,Attending\n"
                      "1004,Di,Tran,di.tran@example.org,Checked In\n", encoding="utf-8")
    scratch = tmp_path / "scratch" / "E01"
    import_export("registrations", [export], out=scratch)
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    shutil.copy(scratch / "import_report.csv", folder / "E01" / "import_report.csv")

    report = toolkit.build_report(folder, random_state=0)
    frame = report.tables["left_out_on_import"].frame
    assert frame.to_dict("list") == {"Event": ["E01", "E01"], "Export": ["tickets.csv", "tickets.csv"],
                                     "Reason": ["refunded ticket", "no-show (registered but not checked in)"],
                                     "Rows left out": ["1", "1"]}
    text = report.text()
    assert "No input row was set aside" not in text
    assert not re.search(r"reyes|stone|1002|1003", text, re.IGNORECASE)
    # a report of the other event leaves E01's lines out
    assert "left_out_on_import" not in toolkit.build_report(folder, event="E02", random_state=0).tables


def test_the_recommend_question_is_the_net_promoter_score_the_dashboard_shows(table):
    """A newcomer saw 'Likelihood to recommend 6.2' in the report and 'Net promoter score -24' on the dashboard
    for the same answers. The report now shows the same net promoter score, each person's answer once."""
    from toolkit.outcomes import survey_summary

    report = compose_report(table, effects=toolkit_compare(table), recommendation=None)
    frame = report.tables["key_figures"].frame.set_index("Measure")
    dashboard = survey_summary(table).set_index("event_id")["net_promoter_score"]
    assert "Likelihood to recommend (0-10)" not in frame.index
    assert frame.loc["Net promoter score (-100 to 100)", "E02 (latest)"] == f"{dashboard['E02']:.0f}"
    assert frame.loc["Net promoter score (-100 to 100)", "E01 (previous)"] == f"{dashboard['E01']:.0f}"


def test_the_method_note_describes_a_design_where_everyone_had_both_formats(table):
    """A newcomer's two-day conference (everyone in a structured and an open slot each day): the method note said
    'Attendees took part in one of two networking formats' and 'Not every attendee was placed in a format by lot:
    some were placed by lot', neither true of that design."""
    from toolkit.datasets.simulate import simulate_crossover_table

    crossover, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, order="structured first",
                                            random_state=0)
    effects = toolkit_compare_by(crossover, "contacts")   # each person's structured minus their open session
    report = compose_report(table, effects=effects, recommendation=None, outcome="contacts")
    method = " ".join(report.section("method").paragraphs)
    assert "took part in both networking formats" in method and "compared with themselves" in method
    assert "one of two networking formats" not in method and "placed in a format by lot" not in method


def toolkit_compare_by(table, outcome):
    from toolkit.compare import compare_formats

    return compare_formats(table, outcome=outcome, by="style", random_state=0)


def test_the_options_expected_figures_say_they_are_per_session_where_people_had_several(table):
    """A newcomer's conference: the options' 'new contacts per attendee' (2.8, per session) stood beside key figures
    of 8.0 (a person's four sessions added up), both 'per attendee'."""
    from toolkit.wording import PER_SESSION_EXPECTED

    effects = toolkit_compare(table)
    rec = toolkit.recommend_format(table, outcome="new_contacts", by="style", random_state=0)
    within = SimpleNamespace(**{**rec.__dict__, "design": "within person"})
    captions = {name: compose_report(table, effects=effects, recommendation=advice).tables["expected"].caption
                for name, advice in (("between", rec), ("within", within))}
    assert PER_SESSION_EXPECTED not in captions["between"]
    assert captions["within"].endswith(PER_SESSION_EXPECTED)


def test_the_imports_warnings_are_in_the_appendix(tmp_path, monkeypatch):
    """A survey kept with --accept-unmatched (few respondents were registered attendees) wrote a warning into
    import_report.csv that no face showed: the board read figures resting on it without knowing."""
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), folder)
    (folder / "E01" / "import_report.csv").write_text(
        "what,file,row,column,value,count,reason\n"
        "warning,survey.csv,,Email,,,only 2 of the 40 respondents are registered attendees\n", encoding="utf-8")
    report = toolkit.build_report(folder, random_state=0)
    lists = dict(report.section("data_quality").lists)
    assert lists["What the import warned about"] == [
        "E01, survey.csv: only 2 of the 40 respondents are registered attendees."]


def test_an_import_report_with_counts_that_are_no_numbers_of_rows_is_read_not_a_crash(tmp_path):
    """A hand-edited or crafted import_report.csv (a count of 'inf', '-3', '1e30') crashed the report and the
    Data page (a reviewer's find): such a count is one row."""
    from toolkit.io.importers.history import rows_left_out_on_import

    (tmp_path / "import_report.csv").write_text(
        "what,file,row,column,value,count,reason\n"
        "row_skipped,a.csv,2,,,inf,no-show\nrow_skipped,a.csv,3,,,-3,no-show\n"
        "row_skipped,a.csv,4,,,1e30,no-show\nrow_skipped,a.csv,5,,,2,no-show\n", encoding="utf-8")
    assert rows_left_out_on_import(tmp_path)["rows"].tolist() == [5]


def test_the_method_note_of_a_one_format_event_describes_no_comparison(table):
    """On WS16 (open mingling only) the board read 'Attendees took part in one of two networking formats',
    'we compared ...' and why people were not placed by lot: a comparison the data could not hold."""
    one = table[table["format"] == "unstructured"].copy()
    one.attrs = dict(table.attrs)
    method = next(s for s in compose_report(one, effects=None, recommendation=None).sections if s.key == "method")
    text = " ".join(method.paragraphs)
    assert "Only open mingling was run, while a comparison needs both networking formats" in text
    assert "one of two networking formats" not in text and "we compared" not in text
    assert "placed in a format by lot" not in text
    both = next(s for s in compose_report(table, effects=toolkit_compare(table), recommendation=None).sections
                if s.key == "method")
    assert "one of two networking formats" in " ".join(both.paragraphs)

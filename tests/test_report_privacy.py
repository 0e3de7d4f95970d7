"""No personal data reaches the board report, and small groups are not shown.

A fixture folder plants names, e-mail addresses and phone numbers in the
attendee and survey files (as extra columns, and as the attendee ids of some
people), and an industry with only three attendees. The report is rendered to
HTML and PDF; the HTML source, the PDF text (pdftotext) and the figures'
data are scanned for every planted value.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.report import SMALL_GROUP_TEXT

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
    reason="needs poppler-utils (pdftotext) and Chromium for the charts (make system-deps)",
)

FIRST = ("Ottilie", "Bartholomew", "Wilhelmina", "Thaddeus", "Perpetua", "Ignatius", "Clementine", "Leopold")
LAST = ("Featherstonehaugh", "Quackenbush", "Vandersloot", "Pennywhistle", "Ravenscroft", "Oglethorpe")
SMALL_INDUSTRY = "Falconry"


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """An event folder with personal data planted; returns (folder, list of planted strings)."""
    from toolkit.datasets.demo import demo_settings_text, make_demo_tables

    tables = make_demo_tables(n_attendees=120, n_events=2, random_state=11)
    people = tables["attendees"]["attendee_id"].drop_duplicates().reset_index(drop=True)
    k = np.arange(len(people))
    first = np.array(FIRST)[k % len(FIRST)]
    last = np.array(LAST)[(k // len(FIRST)) % len(LAST)]
    person = pd.DataFrame({
        "attendee_id": people,
        "Name": [f"{f} {l}" for f, l in zip(first, last)],
        "Email": [f"{f.lower()}.{l.lower()}{i}@planted-example.org" for f, l, i in zip(first, last, k)],
        "Phone": [f"+44 7700 9{i:05d}" for i in k],
    })
    # a third of the people are identified by their e-mail address, as some exports do
    as_email = dict(zip(person["attendee_id"][::3], person["Email"][::3]))
    for name, frame in tables.items():
        for column in ("attendee_id", "contact_id"):
            if column in frame.columns:
                frame[column] = frame[column].map(lambda v: as_email.get(v, v))
    person["attendee_id"] = person["attendee_id"].map(lambda v: as_email.get(v, v))
    tables["attendees"] = tables["attendees"].merge(person, on="attendee_id", how="left")
    survey = tables["survey"].merge(person[["attendee_id", "Email", "Phone"]], on="attendee_id", how="left")
    tables["survey"] = survey.rename(columns={"Email": "email", "Phone": "mobile"})
    # three attendees of the latest event in an industry of their own: a group too small to show
    latest = sorted(tables["attendees"]["event_id"].unique())[-1]
    small = tables["attendees"].index[tables["attendees"]["event_id"] == latest][:3]
    tables["attendees"].loc[small, "industry"] = SMALL_INDUSTRY

    folder = tmp_path_factory.mktemp("planted")
    for event_id in tables["attendees"]["event_id"].unique():
        sub = folder / str(event_id)
        sub.mkdir()
        for name, frame in tables.items():
            if name.startswith("_"):
                continue
            part = frame[frame["event_id"] == event_id] if "event_id" in frame.columns else frame
            part.to_csv(sub / f"{name}.csv", index=False)
    (folder / "netout.toml").write_text(demo_settings_text(), encoding="utf-8")
    secrets = sorted(set(person["Name"]) | set(person["Email"]) | set(person["Phone"]) | set(LAST))
    return folder, secrets


@pytest.fixture(scope="module")
def renders(planted, tmp_path_factory):
    """The report by networking style and by industry (where one group is too small), as object, HTML, PDF text, chart data."""
    folder, _ = planted
    out = {}
    for by in ("style", "industry"):
        report = toolkit.build_report(folder, by=by, random_state=0)
        target = tmp_path_factory.mktemp(f"out-{by}")
        html = report.to_html(target / "r.html").read_text(encoding="utf-8")
        pdf = report.to_pdf(target / "r.pdf")
        pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        figures = " ".join(f.figure.to_json() for f in report.figures.values())
        out[by] = (report, html, pdf_text, figures)
    return out


def _phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("by", ["style", "industry"])
def test_no_planted_name_email_or_phone_in_html_pdf_or_charts(renders, planted, by):
    report, html, pdf_text, figures = renders[by]
    _, secrets = planted
    haystacks = {
        "html": html_lib.unescape(html).lower(),
        "pdf": re.sub(r"\s+", " ", pdf_text).lower(),
        "figures": figures.lower(),
        "report object": report.text().lower(),
    }
    for where, text in haystacks.items():
        found = [s for s in secrets if s.lower() in text]
        assert not found, f"personal data in the {where}: {found[:5]}"
    # phone numbers also with their spacing changed
    digits = {where: _phone_digits(text) for where, text in haystacks.items() if where != "html"}
    for s in secrets:
        if s.startswith("+44"):
            for where, text in digits.items():
                assert _phone_digits(s) not in text, f"phone number in the {where}"
    assert "planted-example" not in haystacks["html"] and "planted-example" not in haystacks["pdf"]


def test_small_group_is_fewer_than_5_and_not_charted(renders):
    report, html, pdf_text, figures = renders["industry"]
    assert SMALL_INDUSTRY not in figures
    rows = report.tables["effects"].frame
    small = rows[rows["Group"] == SMALL_INDUSTRY]
    if len(small):  # shown in the table only as "fewer than 5"
        assert small.iloc[0]["Difference"] == "not shown"
        assert SMALL_GROUP_TEXT in small.iloc[0].tolist()
    funnel = report.tables["funnel"].frame
    assert (funnel.loc[funnel["Group"] == SMALL_INDUSTRY, "Attendee places"] == SMALL_GROUP_TEXT).all()
    assert SMALL_GROUP_TEXT in re.sub(r"\s+", " ", pdf_text)
    # no sentence of the report gives the small group's numbers
    for section in report.sections:
        for sentence in section.paragraphs + section.bullets + [i for _, items in section.lists for i in items]:
            assert SMALL_INDUSTRY not in sentence or SMALL_GROUP_TEXT in sentence, sentence

"""Survey layouts that were read as another tool's: Tally (taken for SurveyMonkey, a respondent's answers read
as its second header row, their email and comment then leaking into the map, messages and the report) and
LimeSurvey (read as a plain table, its unfinished responses imported silently).

The exports are written here as the tools write them; each test runs the detection, the suggestion or the
import and checks what it writes and says, and that no email, phone number or comment reaches a message, a
map or a file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_importers_forms import SECRET, _csv, _id, _netout, _read
from test_importers_untidy import assert_none_of

from toolkit.errors import UsageError
from toolkit.io.importers import import_export
from toolkit.io.importers.suggest import suggest_survey_map
from toolkit.io.importers.survey import detect_tool, read_grid, read_layout

# invented people whose names no word of the toolkit's messages contains
PEOPLE = [("Ottoline", "Varga"), ("Casimir", "Blomqvist"), ("Perpetua", "Nakashima"), ("Lysander", "Okafor"),
          ("Henrike", "Dalgaard"), ("Evander", "Mbeki"), ("Rosalind", "Ferreira"), ("Augustin", "Lindqvist")]
PHONE = "312-555-0147"
COMMENT = f"Lovely evening! Ask {PEOPLE[3][0]} {PEOPLE[3][1]} to call me on {PHONE}."


def _email(first: str, last: str, domain: str = "example.net") -> str:
    return f"{first.lower()}.{last.lower()}@{domain}"


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    planted = [p for first, last in PEOPLE for p in (first, last, _email(first, last))]
    assert_none_of([*planted, "@example", PHONE, "Lovely evening", "call me"], *texts, folder=folder)


# ---------------------------------------------------------------------------- Tally

TALLY_HEADER = ["Submission ID", "Respondent ID", "Submitted at", "Your email", "How satisfied were you?",
                "I enjoy meeting new people", "Did you meet someone useful?", "Anything else?"]
TALLY_MAP = """[columns.survey]
"Your email" = "attendee_id"
"How satisfied were you?" = "satisfaction"
"I enjoy meeting new people" = "style_1"
"Did you meet someone useful?" = "met_helpful"
"""


def _tally(path: Path, n: int = 6) -> Path:
    """A Tally CSV export: its three columns in front, then one column per question; the first answer has a comment."""
    labels = ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"]
    rows = [TALLY_HEADER]
    for k, person in enumerate(PEOPLE[:n]):
        rows.append([f"mJk{k}Qa", f"w{k}RtZ", f"2026-05-0{1 + k % 3} 1{k}:2{k}:00", _email(*person),
                     labels[k % 5], ["Agree", "Disagree", "Strongly agree"][k % 3], ["Yes", "No"][k % 2],
                     COMMENT if k == 0 else ""])
    return _csv(path, rows)


def test_tally_is_recognised_as_its_own_layout():
    row1 = ["mJk0Qa", "w0RtZ", "2026-05-01 10:20:00", _email(*PEOPLE[0]), "Satisfied", "Agree", "Yes", COMMENT]
    assert detect_tool(TALLY_HEADER, row1, row1) == "tally"
    # a Tally form without the respondent id column (older exports) is Tally all the same
    assert detect_tool(["Submission ID", "Submitted at", "Q?"], ["a1", "2026-05-01 10:20:00", "4"], []) == "tally"


def test_tally_import_keeps_every_respondent_and_leaks_nothing(tmp_path, monkeypatch, capsys):
    export = _tally(tmp_path / "tally_feedback.csv")
    map_file = tmp_path / "m.toml"
    map_file.write_text(TALLY_MAP, encoding="utf-8")
    folder = tmp_path / "spring-social"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    # the first respondent's answers are theirs, not a second header row
    assert survey["attendee_id"].tolist() == [_id(_email(*p)) for p in PEOPLE[:6]]
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 1, 5]
    report = _read(folder, "import_report")
    assert report["reason"].str.contains("layout read as tally").any()
    # every header is the export's own: none is "question - answer"
    unmapped = report[report["what"].eq("column_not_mapped")]
    assert set(unmapped["column"]) == {"Submission ID", "Respondent ID", "Submitted at"}
    assert "Anything else?" in set(report.loc[report["what"].eq("personal_data"), "column"])
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_tally_suggested_map_names_the_questions_not_an_answer(tmp_path, monkeypatch, capsys):
    export = _tally(tmp_path / "tally_feedback.csv")
    suggestion = suggest_survey_map(export)
    assert suggestion.tool == "tally"
    assert suggestion.guesses["Your email"] == "attendee_id"
    assert suggestion.guesses["How satisfied were you?"] == "satisfaction"
    map_file = tmp_path / "suggested.toml"
    assert _netout(monkeypatch, "import", "survey", export, "--suggest-map", "--map", map_file) == 0
    printed = capsys.readouterr()
    assert '# "Submission ID" = ""   # written by the survey tool' in map_file.read_text(encoding="utf-8")
    _no_personal_data(printed.out, printed.err, suggestion.summary(map_file), map_file.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- SurveyMonkey's second header row

SM_HEADER = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address",
             "How satisfied were you?", "Which sessions did you join?", "", "Anything else?"]
SM_SECOND = ["", "", "", "", "", "Response", "Round tables", "Open bar", "Open-Ended Response"]


def test_a_real_surveymonkey_second_header_row_is_still_read():
    assert detect_tool(SM_HEADER, SM_SECOND, []) == "surveymonkey"
    # matrix rows and options only (no "Response" anywhere), the question's later columns left blank
    assert detect_tool(["Respondent ID", "Rate each statement", "", ""],
                       ["", "I find it easy to start a conversation", "I prefer to be introduced", "Other"],
                       []) == "surveymonkey"


ANSWERS_NOT_HEADERS = {
    "respondent id and an email": ["11423", "431", "05/01/2026 10:00:00", "05/01/2026 10:04:00",
                                   _email(*PEOPLE[1]), "Satisfied", "Round tables", "", ""],
    "email only (front cells blank)": ["", "", "", "", _email(*PEOPLE[1]), "Response", "Round tables", "", ""],
    "a phone number": ["", "", "", "", "", "Response", PHONE, "", ""],
    "a comment": ["", "", "", "", "", "Response", "Round tables", "", COMMENT],
    "a date": ["", "", "", "05/01/2026 10:04:00", "", "Response", "Round tables", "", ""],
}


@pytest.mark.parametrize("row1", list(ANSWERS_NOT_HEADERS.values()), ids=list(ANSWERS_NOT_HEADERS))
def test_a_row_of_answers_is_not_taken_for_surveymonkeys_second_header_row(row1):
    assert detect_tool(SM_HEADER, row1, []) != "surveymonkey"


def test_forcing_surveymonkey_on_a_row_of_answers_says_so_without_quoting_it(tmp_path):
    export = _tally(tmp_path / "tally_feedback.csv")
    map_file = tmp_path / "m.toml"
    map_file.write_text(TALLY_MAP, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        import_export("survey", [export], out=tmp_path / "ev", column_map=map_file, layout="surveymonkey",
                      secret=SECRET)
    message = str(caught.value)
    assert "row 2" in message and "--layout" in message
    _no_personal_data(message)


# ---------------------------------------------------------------------------- headers are scrubbed wherever shown

def _odd_headers(path: Path) -> Path:
    """A plain export whose header cells hold an email and a phone number (a header row typed by hand, or a
    layout read wrong): they are never quoted as they are."""
    header = ["Email", f"Questions for {_email(*PEOPLE[5])}", f"Ring {PHONE} if late", "How satisfied were you?"]
    rows = [header] + [[_email(*p), "Yes", "No", "Satisfied"] for p in PEOPLE[:3]]
    return _csv(path, rows)


def test_header_text_is_scrubbed_in_the_report_the_map_and_messages(tmp_path, monkeypatch, capsys):
    export = _odd_headers(tmp_path / "odd.csv")
    map_file = tmp_path / "suggested.toml"
    assert _netout(monkeypatch, "import", "survey", export, "--suggest-map", "--map", map_file) == 0
    suggested = capsys.readouterr()
    text = map_file.read_text(encoding="utf-8")
    assert "[email]" in text and "[phone]" in text
    folder = tmp_path / "ev"
    # the suggested map, once filled in, still finds its columns by their scrubbed names
    map_file.write_text(text.replace('# "Questions for [email]" = ""', '"Questions for [email]" = "met_helpful"'),
                        encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    imported = capsys.readouterr()
    assert len(_read(folder, "survey")) == 3
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[columns.survey]\n"Email" = "attendee_id"\n"Nowhere" = "satisfaction"\n', encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", wrong, "--out", tmp_path / "ev2") == 2
    failed = capsys.readouterr()
    assert "Questions for [email]" in failed.err
    assert _netout(monkeypatch, "import", "survey", export, "--out", tmp_path / "ev3") == 2
    listing = capsys.readouterr()
    assert "Ring [phone] if late" in listing.err
    _no_personal_data(suggested.out, suggested.err, text, imported.out, imported.err, failed.out, failed.err,
                      listing.out, listing.err, folder=folder)


# ---------------------------------------------------------------------------- LimeSurvey

LIME_FR = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série",
           "Date de lancement", "Date de la dernière action", "Adresse e-mail",
           "Êtes-vous satisfait(e) de la soirée ?", "Avez-vous rencontré quelqu'un d'utile ?", "Remarques"]
LIME_EN = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started",
           "Date last action", "Email address", "How satisfied were you?", "Did you meet someone useful?", "Comments"]
LIME_CODES = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "email",
              "G01Q01", "G01Q02", "G01Q03"]
LIME_ANSWERS = {"fr": (["Très satisfait", "Satisfait", "Neutre", "Insatisfait"], ["Oui", "Non"]),
                "en": (["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"], ["Yes", "No"]),
                "codes": (["5", "4", "3", "2"], ["Y", "N"])}


def _limesurvey(path: Path, header: list[str], answers: str, *, unfinished: tuple[int, ...] = (2,)) -> Path:
    """A LimeSurvey export ("Réponses complètes", English headers, or question codes); the responses at the
    positions in ``unfinished`` were never submitted (no submit date, an earlier last page)."""
    satisfaction, yes_no = LIME_ANSWERS[answers]
    rows = [header]
    for k, person in enumerate(PEOPLE[:6]):
        done = k not in unfinished
        rows.append([str(k + 3), "14/05/2026 19:3{k}".format(k=k) if done else "", "2" if done else "1", "fr",
                     str(530118 + 7 * k), "14/05/2026 19:0{k}".format(k=k), "14/05/2026 19:4{k}".format(k=k),
                     _email(*person), satisfaction[k % 4], yes_no[k % 2], COMMENT if k == 1 else ""])
    return _csv(path, rows, bom=True)


def _lime_map(header: list[str]) -> str:
    return (f'[columns.survey]\n"{header[7]}" = "attendee_id"\n"{header[8]}" = "satisfaction"\n'
            f'"{header[9]}" = "met_helpful"\n[values.met_helpful]\n"Y" = "yes"\n"N" = "no"\n')


LIME_CASES = {"fr": LIME_FR, "en": LIME_EN, "codes": LIME_CODES}


@pytest.mark.parametrize("answers", list(LIME_CASES))
def test_limesurvey_is_recognised(tmp_path, answers):
    grid = read_grid(_limesurvey(tmp_path / "results-survey123456.csv", LIME_CASES[answers], answers))
    found = read_layout(grid, "auto", "results-survey123456.csv")
    assert found.tool == "limesurvey" and found.first_data == 1 and found.response_id == 0


@pytest.mark.parametrize("answers", list(LIME_CASES))
def test_limesurvey_unfinished_response_is_set_aside_and_reported(tmp_path, monkeypatch, capsys, answers):
    header = LIME_CASES[answers]
    export = _limesurvey(tmp_path / "limesurvey_reponses.csv", header, answers, unfinished=(2, 4))
    map_file = tmp_path / "m.toml"
    map_file.write_text(_lime_map(header), encoding="utf-8")
    folder = tmp_path / "soiree-mai"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["attendee_id"].tolist() == [_id(_email(*PEOPLE[k])) for k in (0, 1, 3, 5)]
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 2, 4]
    report = _read(folder, "import_report")
    skipped = report[report["what"].eq("row_skipped")]
    assert skipped["row"].tolist() == ["4", "6"]           # the header is row 1: the third and fifth responses
    assert skipped["reason"].str.contains("unfinished").all()
    assert report["reason"].str.contains("layout read as limesurvey").any()
    unmapped = report.loc[report["what"].eq("column_not_mapped"), "column"]
    assert unmapped.tolist()[:7] == header[:7]
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_limesurvey_unfinished_kept_where_the_map_says(tmp_path):
    export = _limesurvey(tmp_path / "results.csv", LIME_EN, "en")
    map_file = tmp_path / "m.toml"
    map_file.write_text(_lime_map(LIME_EN) + "[survey]\nkeep_unfinished = true\n", encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "ev", column_map=map_file, secret=SECRET)
    assert len(result.tables["survey"]) == 6
    assert result.report["reason"].str.contains("1 unfinished response").any()


def test_limesurvey_suggested_map_marks_the_tools_columns(tmp_path):
    suggestion = suggest_survey_map(_limesurvey(tmp_path / "r.csv", LIME_FR, "fr"))
    assert suggestion.tool == "limesurvey"
    for column in LIME_FR[:7]:
        assert f'# "{column}" = ""   # written by the survey tool' in suggestion.text
    assert suggestion.guesses["Adresse e-mail"] == "attendee_id"


# ---------------------------------------------------------------------------- matching through the key file


def _registrations(path: Path) -> Path:
    header = ["Order #", "Attendee #", "First Name", "Last Name", "Email", "Attendee Status"]
    rows = [[str(7100 + k), str(9100 + k), first, last, _email(first, last), "Checked In"]
            for k, (first, last) in enumerate(PEOPLE)]
    return _csv(path, [header] + rows)


def test_the_key_file_note_says_how_the_respondents_were_matched(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "season" / "soiree-mai"
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "tickets.csv"),
                   "--format", "structured", "--out", folder) == 0
    capsys.readouterr()
    export = _limesurvey(tmp_path / "results.csv", LIME_EN, "en", unfinished=(4,))
    map_file = tmp_path / "m.toml"
    map_file.write_text(_lime_map(LIME_EN), encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    assert "(0 found)" not in printed.out
    # the unfinished response is set aside before the matching, which counts the respondents imported
    assert "5 of the 5 ids are registered attendees' (all as the registrations keyed them)" in printed.out
    _no_personal_data(printed.out, printed.err)


def test_the_report_never_holds_a_header_with_an_email_or_phone_whoever_wrote_the_line(tmp_path):
    from toolkit.io.importers._common import ImportLog, finish

    log = ImportLog()
    log.add("column_not_mapped", "not in the map; not imported", file="x.csv", column=f"Call {PHONE}")
    log.add_rows("row_skipped", "no attendee id", file="x.csv", rows=[3], column=_email(*PEOPLE[6]))
    log.note("layout read as plain", file="x.csv", column="How satisfied were you? (1-5)")
    folder = tmp_path / "ev"
    folder.mkdir()
    result = finish("survey", folder, {}, log)
    assert result.report["column"].tolist() == ["Call [phone]", "[email]", "How satisfied were you? (1-5)"]
    _no_personal_data(folder=folder)

"""Findings from real organisers' survey exports, each written here as its tool writes it and varied.

- four-point scales ("trifft nicht zu ... trifft zu", "Strongly disagree ... Strongly agree" without a
  middle, "Pas du tout d'accord ... Tout à fait d'accord") are read as four points, not at 1, 2, 4, 5;
- a French "Note" (a grade) holding numbers or scale words is a rating, a "Notes" of comments is free text;
- "How many employees does your company have?" and its German, French, Spanish and Dutch forms are the
  company size, kept as its bands, never personal data;
- ``netout followups --with-names`` reads SurveyMonkey's second header row as the import does;
- the tools' own status words (Qualtrics' "Survey Preview") are quoted in the report as they are;
- Jotform is a layout of its own (its submission id, dates and IP are the tool's).

Every test checks what the import writes and says, and that no planted name or email reaches a message
or a file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toolkit.io.importers import import_export
from toolkit.io.importers.labels import read_scale_answers
from toolkit.io.importers.suggest import attendee_column_guess, suggest_survey_map
from toolkit.privacy import personal_column_kind

from test_importers_forms import PEOPLE, SECRET, _csv, _email, _id, _netout, _read, _toml
from test_importers_untidy import assert_none_of

EVENING = Path(__file__).parent / "importers" / "evening"
# a room large enough to show a scale's points (at least ten answers): the forms tests' people and six more
ROOM = PEOPLE + [("Wilhelmina", "Oyelaran"), ("Casimir", "Thorvaldsen"), ("Philippa", "Nakashima"),
                 ("Ignatius", "Abernathy"), ("Rosalind", "Kowalczyk"), ("Benedikt", "Achterberg")]


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    """No planted name or email in what was printed nor in any file of the folder (pseudonyms aside)."""
    assert_none_of([p for first, last in ROOM for p in (first, last, _email(first, last))] + ["@example"], *texts,
                   folder=folder)


def _lines(report: pd.DataFrame, what: str) -> pd.DataFrame:
    return report[report["what"] == what]


def _import_survey(monkeypatch, capsys, export: Path, map_text: str, folder: Path):
    """``netout import survey EXPORT --map MAP --out FOLDER`` as an organiser runs it: what it printed, the
    survey and the report it wrote (read back from the folder)."""
    column_map = _toml(folder.parent / f"{folder.name}.toml", map_text)
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", folder) == 0
    return capsys.readouterr(), _read(folder, "survey"), _read(folder, "import_report")


# ---------------------------------------------------------------------------- 1. four-point scales

FOUR_POINT = {
    "german trifft": ["Trifft nicht zu", "Trifft eher nicht zu", "Trifft eher zu", "Trifft zu"],
    "german trifft strong": ["Trifft überhaupt nicht zu", "Trifft eher nicht zu", "Trifft eher zu",
                             "Trifft voll und ganz zu"],
    "german stimme": ["Stimme nicht zu", "Stimme eher nicht zu", "Stimme eher zu", "Stimme zu"],
    "german stimme strong": ["Stimme überhaupt nicht zu", "Stimme nicht zu", "Stimme zu", "Stimme voll und ganz zu"],
    "english agree": ["Strongly disagree", "Disagree", "Agree", "Strongly agree"],
    "english satisfied": ["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"],
    "french accord": ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"],
    "french satisfait": ["Pas du tout satisfait", "Plutôt insatisfait", "Plutôt satisfait", "Très satisfait"],
    "german zufrieden": ["Sehr unzufrieden", "Eher unzufrieden", "Eher zufrieden", "Sehr zufrieden"],
    "spanish acuerdo": ["Totalmente en desacuerdo", "En desacuerdo", "De acuerdo", "Totalmente de acuerdo"],
}


@pytest.mark.parametrize("labels", FOUR_POINT.values(), ids=FOUR_POINT.keys())
def test_a_question_answered_on_four_points_reads_one_to_four(labels):
    # as answered by a room of twelve: every answer at least once, in any case
    answers = pd.Series(labels * 2 + [labels[1].upper(), labels[2], labels[2], labels[3].lower()])
    values, points, bad = read_scale_answers({"q": answers})
    assert points == 4 and not bad["q"].any()
    assert values["q"].tolist() == [1, 2, 3, 4] * 2 + [2, 3, 3, 4]


def test_a_small_room_without_a_middle_answer_stays_on_five_points_unless_the_map_says_four():
    """Six answers without "Neutral" may well be a five-point question: read as before, and said."""
    from toolkit.io.importers.labels import too_few_to_tell

    answers = {"q": pd.Series(["Strongly disagree", "Disagree", "Agree", "Strongly agree", "Agree", "Agree"])}
    values, points, _ = read_scale_answers(answers)
    assert points is None and values["q"].tolist() == [1, 2, 4, 5, 4, 4]
    assert too_few_to_tell(answers) == 6
    values, points, _ = read_scale_answers(answers, scale=4)
    assert points == 4 and values["q"].tolist() == [1, 2, 3, 4, 3, 3]
    # and a large room of a five-point question nobody answered in the middle, read on five points as asked
    values, points, _ = read_scale_answers({"q": pd.concat([answers["q"]] * 3)}, scale=5)
    assert points is None and values["q"].tolist()[:4] == [1, 2, 4, 5]


@pytest.mark.parametrize("labels", [
    ["Trifft nicht zu", "Trifft eher nicht zu", "Teils, teils", "Trifft eher zu", "Trifft zu"],
    ["Stimme nicht zu", "Stimme eher nicht zu", "Weder noch", "Stimme eher zu", "Stimme zu"],
    ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
    ["Pas du tout d'accord", "Plutôt pas d'accord", "Ni d'accord ni pas d'accord", "Plutôt d'accord",
     "Tout à fait d'accord"],
], ids=["trifft", "stimme", "english", "french"])
def test_a_question_with_its_middle_answer_stays_on_five_points(labels):
    """The middle answer shows five points; the plain ends ("Trifft zu") sit at the ends beside "eher"."""
    values, points, bad = read_scale_answers({"q": pd.Series(labels)})
    assert points is None and not bad["q"].any()
    assert values["q"].tolist() == [1, 2, 3, 4, 5]


def test_answers_on_one_side_only_cannot_show_four_points():
    """All agreed: nothing tells four points from five, so the five-point reading stays (as the contract's labels)."""
    values, points, _ = read_scale_answers({"q": pd.Series(["Agree", "Strongly agree", "Agree"])})
    assert points is None and values["q"].tolist() == [4, 5, 4]


def test_numbers_and_likert_entries_are_never_read_as_four_points():
    values, points, _ = read_scale_answers({"q": pd.Series(["1", "2", "4", "5"])})
    assert points is None and values["q"].tolist() == [1, 2, 4, 5]
    # the organiser's own numbers for the words win, and no rescaling follows
    own = {"Disagree": 2, "Agree": 4, "Strongly agree": 5, "Strongly disagree": 1}
    values, points, _ = read_scale_answers({"q": pd.Series(["Strongly disagree", "Disagree", "Agree"])}, own)
    assert points is None and values["q"].tolist() == [1, 2, 4]


FOUR_HEADER = ["Zeitstempel", "E-Mail-Adresse", "Wie zufrieden waren Sie mit dem Networking?",
               "Aussagen [Es fällt mir leicht, Fremde anzusprechen]", "Aussagen [Ich warte, bis mich jemand anspricht]",
               "Der Veranstaltungsort war gut erreichbar"]
FOUR_ROWS = [["Sehr zufrieden", "Trifft zu", "Trifft nicht zu", "Trifft zu"],
             ["Eher zufrieden", "Trifft eher zu", "Trifft eher nicht zu", "Trifft eher zu"],
             ["Eher unzufrieden", "Trifft eher nicht zu", "Trifft eher zu", "Trifft eher nicht zu"],
             ["Sehr unzufrieden", "Trifft nicht zu", "Trifft zu", "Trifft nicht zu"],
             ["Eher zufrieden", "trifft eher zu", "TRIFFT EHER NICHT ZU", "Trifft zu"],
             ["", "Trifft zu", "Trifft nicht zu", ""]] * 2
FOUR_MAP = """[columns.survey]
"E-Mail-Adresse" = "attendee_id"
"Wie zufrieden waren Sie mit dem Networking?" = "satisfaction"
"Es fällt mir leicht, Fremde anzusprechen" = "style_1"
"Ich warte, bis mich jemand anspricht" = "style_2"
"Der Veranstaltungsort war gut erreichbar" = "venue"

[style_scale]
items = ["style_1", "style_2"]
reversed = ["style_2"]
"""


def _four_point_export(tmp_path: Path, rows_of=FOUR_ROWS) -> Path:
    rows = [FOUR_HEADER] + [[f"14.03.2026 18:{10 + k}:02", _email(*ROOM[k]), *answers]
                            for k, answers in enumerate(rows_of)]
    rows.insert(4, [""] * len(FOUR_HEADER))   # a blank row a spreadsheet left
    return _csv(tmp_path / "Umfrage (Antworten).csv", rows, sep=";", bom=True)


def test_a_four_point_survey_is_put_on_the_contracts_scales_and_said(tmp_path, monkeypatch, capsys):
    """Satisfaction and the style items evenly on their 1-5 scales (1, 2.33, 3.67, 5); another answer on 1-4."""
    folder = tmp_path / "season" / "2026-03-stammtisch"
    folder.parent.mkdir()
    printed, survey, report = _import_survey(monkeypatch, capsys, _four_point_export(tmp_path), FOUR_MAP, folder)
    even = {"1": 1.0, "2": 2.3333, "3": 3.6667, "4": 5.0}
    assert survey["satisfaction"].tolist()[:6] == [str(v) for v in (5.0, 3.6667, 2.3333, 1.0, 3.6667)] + [""]
    assert survey["style_1"].astype(float).tolist() == [even[k] for k in "432134" * 2]
    assert survey["style_2"].astype(float).tolist() == [even[k] for k in "123421" * 2]
    assert survey["venue"].tolist()[:6] == ["4.0", "3.0", "2.0", "1.0", "4.0", ""]
    notes = report.loc[report["what"].eq("note"), ["column", "reason"]]
    said = dict(zip(notes["column"], notes["reason"]))
    assert "4-point scale" in said["Wie zufrieden waren Sie mit dem Networking?"]
    assert "1, 2.33, 3.67, 5" in said["Wie zufrieden waren Sie mit dem Networking?"]
    assert "4-point scale" in said["Aussagen [Es fällt mir leicht, Fremde anzusprechen]"]
    assert "4-point scale" in said["Der Veranstaltungsort war gut erreichbar"]
    assert "kept as 1-4" in said["Der Veranstaltungsort war gut erreichbar"]
    assert "4-point scale" in printed.out
    assert not report["what"].eq("value_not_mapped").any()
    # the style scale splits at its midpoint: the rescaled items put nobody on it
    import toolkit

    answers = pd.read_csv(folder / "survey.csv")
    table = toolkit.score_style(answers, toolkit.Settings.read(folder).style_scale)
    assert table["style"].tolist() == ["self-directed", "self-directed", "reserved", "reserved", "self-directed",
                                       "self-directed"] * 2
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_style_scale_declared_on_four_points_keeps_one_to_four(tmp_path):
    column_map = _toml(tmp_path / "m.toml", FOUR_MAP.replace('reversed = ["style_2"]',
                                                             'reversed = ["style_2"]\nmin = 1\nmax = 4'))
    result = import_export("survey", [_four_point_export(tmp_path)], out=tmp_path / "e", column_map=column_map,
                           secret=SECRET)
    survey = result.tables["survey"]
    assert survey["style_1"].tolist() == [4, 3, 2, 1, 3, 4] * 2
    assert survey["satisfaction"].tolist()[:2] == [5.0, 3.6667]


def test_a_small_room_on_four_points_is_said_and_the_map_can_say_four(tmp_path):
    export = _four_point_export(tmp_path, FOUR_ROWS[:6])
    result = import_export("survey", [export], out=tmp_path / "a", column_map=_toml(tmp_path / "m.toml", FOUR_MAP),
                           secret=SECRET)
    assert result.tables["survey"]["satisfaction"].tolist()[:4] == [5, 4, 2, 1]
    notes = _lines(result.report, "note")
    said = notes.loc[notes["column"].eq(FOUR_HEADER[2]), "reason"].iloc[0]
    assert "too few to tell" in said and "scale_points = 4" in said
    four = _toml(tmp_path / "four.toml", FOUR_MAP.replace("[style_scale]", "[survey]\nscale_points = 4\n\n[style_scale]"))
    result = import_export("survey", [export], out=tmp_path / "b", column_map=four, secret=SECRET)
    assert result.tables["survey"]["satisfaction"].tolist()[:4] == [5, 3.6667, 2.3333, 1]
    assert not result.report["reason"].str.contains("too few to tell").any()


def test_a_wrong_scale_points_is_refused(tmp_path, monkeypatch, capsys):
    bad = _toml(tmp_path / "bad.toml", FOUR_MAP.replace("[style_scale]", "[survey]\nscale_points = 3\n\n[style_scale]"))
    assert _netout(monkeypatch, "import", "survey", _four_point_export(tmp_path), "--map", bad, "--out",
                   tmp_path / "o") == 2
    assert "scale_points must be 4, 5 or" in capsys.readouterr().err


# ---------------------------------------------------------------------------- 2. "Note" is a grade in French

NOTE_HEADER = ["Horodateur", "Adresse e-mail", "Note globale", "Note sur 5", "Note", "Notes",
               "Remarques", "Dans l'ensemble, êtes-vous satisfait de la soirée ?"]


def _note_rows() -> list[list[str]]:
    grades = ["5", "4", "3", "4", "2", "5"]
    words = ["Très satisfait", "Satisfait", "Neutre", "Satisfait", "Insatisfait", "Très satisfait"]
    comments = ["Super soirée, merci à Thaddeus Okonkwo", "Trop de bruit", "", "Rien à signaler",
                "Dommage que Solveig soit partie tôt", "À refaire"]
    return [NOTE_HEADER] + [[f"14/03/2026 21:0{k}:00", _email(*p), grades[k], grades[::-1][k], words[k],
                             comments[k], comments[::-1][k], words[::-1][k]] for k, p in enumerate(PEOPLE)]


def test_a_french_note_column_of_grades_is_a_rating_and_notes_of_comments_stay_free_text(tmp_path, monkeypatch,
                                                                                          capsys):
    export = _csv(tmp_path / "reponses.csv", _note_rows(), sep=";", bom=True)
    folder = tmp_path / "soiree"
    printed, survey, report = _import_survey(
        monkeypatch, capsys, export, '[columns.survey]\n"Adresse e-mail" = "attendee_id"\n"Note globale" = '
        '"satisfaction"\n"Note sur 5" = "note_lieu"\n"Note" = "note_accueil"\n"Notes" = "notes"\n', folder)
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 3, 4, 2, 5]
    assert survey["note_lieu"].astype(float).tolist() == [5, 2, 4, 3, 4, 5]
    assert survey["note_accueil"].astype(float).tolist() == [5, 4, 3, 4, 2, 5]
    assert "notes" not in survey.columns
    personal = set(_lines(report, "personal_data")["column"])
    assert {"Notes", "Remarques"} <= personal
    assert not {"Note globale", "Note sur 5", "Note"} & personal
    _no_personal_data(printed.out, printed.err, folder=folder)
    assert "Okonkwo" not in printed.out


def test_an_unmapped_note_of_grades_is_not_called_personal_and_the_map_suggests_it(tmp_path):
    export = _csv(tmp_path / "reponses.csv", _note_rows())
    column_map = _toml(tmp_path / "carte.toml", '[columns.survey]\n"Adresse e-mail" = "attendee_id"\n')
    result = import_export("survey", [export], out=tmp_path / "soiree", column_map=column_map, secret=SECRET)
    unmapped = result.report.set_index("column")["what"]
    assert unmapped["Note globale"] == "column_not_mapped" and unmapped["Note"] == "column_not_mapped"
    assert unmapped["Notes"] == "personal_data"
    suggestion = suggest_survey_map(export)
    # the satisfaction question is the satisfaction; a grade is offered as its own answer, to check
    assert suggestion.guesses["Dans l'ensemble, êtes-vous satisfait de la soirée ?"] == "satisfaction"
    assert suggestion.guesses["Note globale"] == "note_globale"
    assert '"Note globale" = "note_globale"' in suggestion.text
    assert '# "Notes" = ""   # personal data: never imported' in suggestion.text


def test_a_note_column_alone_is_suggested_as_the_satisfaction(tmp_path):
    rows = [[c for c in row if c != ""] for row in _note_rows()]
    rows = [[row[0], row[1], row[2]] for row in rows]
    suggestion = suggest_survey_map(_csv(tmp_path / "r.csv", rows))
    assert suggestion.guesses == {"Adresse e-mail": "attendee_id", "Note globale": "satisfaction"}


def test_a_note_of_comments_that_hold_a_number_stays_free_text(tmp_path):
    rows = [["Horodateur", "Adresse e-mail", "Note"]] + [
        [f"14/03/2026 21:0{k}:00", _email(*p), v] for k, (p, v) in
        enumerate(zip(PEOPLE, ["5", "appeler au 06 12 34 56 78", "4", "très bien", "3", "bof"]))]
    column_map = _toml(tmp_path / "m.toml", '[columns.survey]\n"Adresse e-mail" = "attendee_id"\n"Note" = "note"\n')
    result = import_export("survey", [_csv(tmp_path / "r.csv", rows)], out=tmp_path / "o", column_map=column_map,
                           secret=SECRET)
    assert "note" not in result.tables["survey"].columns
    assert "Note" in set(_lines(result.report, "personal_data")["column"])


# ---------------------------------------------------------------------------- 3. company size

SIZE_QUESTIONS = ["How many employees does your company have?", "Anzahl Mitarbeiter", "Nombre de salariés",
                  "Número de empleados", "Aantal medewerkers", "How many people work at your company?",
                  "What is the size of your company?", "Wie viele Mitarbeiter hat Ihr Unternehmen?",
                  "Combien de salariés compte votre entreprise ?"]
BANDS = ["1-9", "10-49", "50-249", "250-999", "1000-4999", "1.000-4.999"]


@pytest.mark.parametrize("question", SIZE_QUESTIONS)
def test_a_company_size_question_is_not_personal_and_is_company_size(question):
    assert personal_column_kind(question) is None
    assert attendee_column_guess(question) == "company_size"


@pytest.mark.parametrize("question", ["What is your company?", "Your company name", "What is your company's name?",
                                      "Company", "Firma", "Nom de l'entreprise"])
def test_asking_for_the_company_itself_stays_personal(question):
    assert personal_column_kind(question) == "job title or company"


@pytest.mark.parametrize("question", SIZE_QUESTIONS[:5])
def test_registrations_read_the_company_size_question_with_its_bands(tmp_path, question):
    rows = [["Order #", "First Name", "Last Name", "Email", "Attendee Status", question]]
    rows += [[str(7100 + k), first, last, _email(first, last), "Checked In", band]
             for k, ((first, last), band) in enumerate(zip(PEOPLE, BANDS))]
    folder = tmp_path / "mixer"
    result = import_export("registrations", [_csv(tmp_path / "tickets.csv", rows, sep=";", bom=True)], out=folder,
                           secret=SECRET, session_format="unstructured")
    attendees = _read(folder, "attendees")
    assert attendees["company_size"].tolist() == BANDS
    report = result.report
    assert question not in set(_lines(report, "personal_data")["column"])
    assert report.loc[report["column"].eq(question), "reason"].str.contains("read as company_size").any()
    # the loader keeps the bands too: a band is not a phone number
    import toolkit

    assert toolkit.load_event_data(folder, secret=SECRET).attendees["company_size"].tolist() == BANDS
    _no_personal_data(result.summary(), folder=folder)


def test_two_company_size_questions_are_the_organisers_to_name(tmp_path):
    rows = [["Email", "Attendee Status", "How many employees does your company have?", "Anzahl Mitarbeiter"]]
    rows += [[_email(*p), "Checked In", "1-9", "10-49"] for p in PEOPLE]
    result = import_export("registrations", [_csv(tmp_path / "t.csv", rows)], out=tmp_path / "m", secret=SECRET)
    assert "company_size" not in result.tables["attendees"].columns


def test_a_survey_maps_the_company_size_question_and_suggests_it(tmp_path):
    header = ["Timestamp", "Email Address", "How satisfied were you with the networking?",
              "How many employees does your company have?"]
    rows = [header] + [[f"2026/03/14 9:0{k}:00 PM GMT", _email(*p), "Very satisfied", band]
                       for k, (p, band) in enumerate(zip(PEOPLE, BANDS))]
    export = _csv(tmp_path / "responses.csv", rows)
    suggestion = suggest_survey_map(export)
    assert suggestion.guesses["How many employees does your company have?"] == "company_size"
    map_file = tmp_path / "m.toml"
    map_file.write_text(suggestion.text, encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "e", column_map=map_file, secret=SECRET)
    assert result.tables["attendees"]["company_size"].tolist() == BANDS
    assert not _lines(result.report, "personal_data")["column"].eq(header[3]).any()


# ---------------------------------------------------------------------------- 4. follow-ups named from SurveyMonkey

SM_HEADER = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "First Name", "Last Name", "Custom Data 1", "Your contact details", "", "", "Which industry are you in?"]
SM_SUB = ["", "", "", "", "", "", "", "", "", "Name", "Email Address", "Company", "Response"]


def _surveymonkey_registrations(path: Path) -> Path:
    """A registration form made with SurveyMonkey's web link: the names and emails are in a contact question."""
    rows = [SM_HEADER, SM_SUB] + [
        [str(11400 + k), "431", "10/01/2026 09:00:00 AM", "10/01/2026 09:03:00 AM", f"192.0.2.{k + 1}", "", "", "",
         "", f"{first} {last}", _email(first, last), "Acme Ltd", "Retail"] for k, (first, last) in enumerate(PEOPLE)]
    return _csv(path, rows)


SM_MAP = '[columns.attendees]\n"Your contact details - Email Address" = "email"\n"Your contact details - Name" = "name"\n'


def test_followups_with_names_read_surveymonkeys_second_header_row(tmp_path, monkeypatch, capsys):
    export = _surveymonkey_registrations(tmp_path / "Sheet_1.csv")
    column_map = _toml(tmp_path / "m.toml", 'time_zone = "Europe/Brussels"\n' + SM_MAP + '[scans.interest]\nHot = "yes"\n')
    folder = tmp_path / "season" / "mixer"
    assert _netout(monkeypatch, "import", "registrations", export, "--map", column_map, "--out", folder,
                   "--format", "unstructured") == 0
    scans = [["Scanned By", "Scanned Email", "Scan Time", "Rating"]] + [
        [_email(*PEOPLE[k]), _email(*PEOPLE[(k + 1) % len(PEOPLE)]), f"2026-10-08 19:{40 + k}", "Hot"]
        for k in range(len(PEOPLE))]
    assert _netout(monkeypatch, "import", "scans", _csv(tmp_path / "scans.csv", scans), "--map", column_map,
                   "--out", folder) == 0
    out = tmp_path / "wishes.csv"
    assert _netout(monkeypatch, "followups", folder.parent, "--out", out, "--with-names", "--names", export,
                   "--map", column_map) == 0
    err = capsys.readouterr().err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# PERSONAL DATA")
    wishes = pd.read_csv(out, skiprows=1, dtype="string")
    assert len(wishes) == len(PEOPLE)
    pairs = set(zip(wishes["name"], wishes["contact_name"]))
    assert pairs == {(f"{a} {b}", f"{c} {d}") for (a, b), (c, d) in zip(PEOPLE, PEOPLE[1:] + PEOPLE[:1])}
    assert set(wishes["email"]) == {_email(*p) for p in PEOPLE}
    assert "not in the registrations file" not in err
    # the company typed into the contact question is the person's, never an attendee column
    assert "Acme" not in (folder / "attendees.csv").read_text(encoding="utf-8")


def test_the_name_book_folds_surveymonkeys_header_like_the_import(tmp_path):
    from toolkit.operational import NameBook

    export = _surveymonkey_registrations(tmp_path / "Sheet_1.csv")
    book = NameBook.from_registrations(export, column_map=_toml(tmp_path / "m.toml", SM_MAP), secret=SECRET,
                                       require_names=True)
    assert sorted(book.people["name"]) == sorted(f"{a} {b}" for a, b in PEOPLE)
    assert set(book.people.index) == {_id(_email(*p)) for p in PEOPLE}


# ---------------------------------------------------------------------------- 5. the tools' status words in the report


def test_qualtrics_status_words_are_quoted_as_they_are_and_names_still_are_not(tmp_path):
    text = (EVENING / "survey_qualtrics.csv").read_text(encoding="utf-8").splitlines()
    header, rows = text[:3], text[3:]
    # more of Qualtrics' status words, and a satisfaction answer that is a person's name
    extra = [rows[1].replace("IP Address,203.0.113.7", "Spam,203.0.113.9").replace("R_Ann0001", "R_Spam01")
             .replace("ann.lee@", "spam.one@"),
             rows[1].replace("IP Address,203.0.113.7", "Survey Test,").replace("R_Ann0001", "R_Test01")
             .replace("ann.lee@", "test.one@"),
             rows[1].replace("IP Address,203.0.113.7", "Imported Spam,").replace("R_Ann0001", "R_Imp01")
             .replace("ann.lee@", "imported.one@"),
             rows[1].replace("Extremely satisfied", "Priya Shah").replace("R_Ann0001", "R_Name01")
             .replace("ann.lee@", "named.one@")]
    export = tmp_path / "survey_qualtrics.csv"
    export.write_text("\n".join(header + rows + extra) + "\n", encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "evening", secret=SECRET,
                           column_map=EVENING / "evening_qualtrics.toml")
    report = _read(tmp_path / "evening", "import_report")
    skipped = _lines(report, "row_skipped")
    quoted = set(skipped.loc[skipped["column"].eq("Status"), "value"])
    assert {"Survey Preview", "Spam", "Survey Test", "Imported Spam"} <= quoted
    assert "[name]" not in quoted
    unread = _lines(report, "value_not_mapped")
    assert "Priya Shah" not in set(unread["value"]) and "[name]" in set(unread["value"])
    assert "Priya Shah" not in result.summary()


def test_meeting_status_words_are_quoted_as_they_are(tmp_path):
    registrations = [["Email", "First Name", "Last Name", "Attendee Status"]] + [
        [_email(*p), *p, "Checked In"] for p in PEOPLE]
    folder = tmp_path / "mixer"
    import_export("registrations", [_csv(tmp_path / "r.csv", registrations)], out=folder, secret=SECRET,
                  session_format="structured")
    meetings = [["Meeting ID", "Requester email", "Invitee email", "Start time", "Status"]] + [
        [str(k), _email(*PEOPLE[k]), _email(*PEOPLE[k + 1]), f"2026-10-08 19:{10 + k}", status]
        for k, status in enumerate(["Completed", "Awaiting Response", "Declined", "No Show", "Walked Away Early"])]
    result = import_export("scans", [_csv(tmp_path / "meetings.csv", meetings)], out=folder, secret=SECRET,
                           column_map=_toml(tmp_path / "m.toml", 'time_zone = "UTC"\n'))
    skipped = _lines(result.report, "row_skipped").set_index("row")["value"]
    assert skipped[3] == "Awaiting Response" and skipped[5] == "No Show"
    # a word the toolkit does not know may be anything: still through the name rule
    assert skipped[6] == "[name]"


# ---------------------------------------------------------------------------- 6. Jotform is a layout


JOT_HEADER = ["Submission Date", "Full Name", "E-mail", "How satisfied are you with the networking?",
              "Would you come to our next event?", "Submission ID", "Submission IP", "Last Update Date"]


def _jotform(path: Path, *, sep: str = ",", order=None) -> Path:
    words = ["Very Satisfied", "Satisfied", "Neutral", "Unsatisfied", "Very Unsatisfied", "Satisfied"]
    rows = [[f"Mar 14, 2026 21:0{k}", f"{p[0]} {p[1]}", _email(*p), w, "Yes", f"59{k}1234567890",
             f"198.51.100.{k + 1}", ""] for k, (p, w) in enumerate(zip(PEOPLE, words))]
    table = [JOT_HEADER] + rows
    if order is not None:
        table = [[row[k] for k in order] for row in table]
    return _csv(path, table, sep=sep, bom=sep == ";")


JOT_MAP = ('[columns.survey]\n"E-mail" = "attendee_id"\n"How satisfied are you with the networking?" = "satisfaction"\n'
           '"Would you come to our next event?" = "would_return"\n')


@pytest.mark.parametrize("sep,order", [(",", None), (";", [5, 0, 2, 1, 3, 4, 6, 7])], ids=["as-exported", "reordered"])
def test_jotform_is_its_own_layout(tmp_path, monkeypatch, capsys, sep, order):
    export = _jotform(tmp_path / "Networking_Feedback.csv", sep=sep, order=order)
    folder = tmp_path / "jot"
    printed, survey, report = _import_survey(monkeypatch, capsys, export, JOT_MAP, folder)
    assert "layout read as jotform" in printed.out
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 1, 4]
    personal = set(_lines(report, "personal_data")["column"])
    assert {"Full Name", "Submission IP"} <= personal
    tool = report[report["column"].isin(["Submission Date", "Submission ID", "Last Update Date"])]
    assert tool["what"].tolist() == ["column_not_mapped"] * 3
    assert "198.51.100" not in "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.csv"))
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_jotform_submission_id_is_not_a_person(tmp_path):
    column_map = _toml(tmp_path / "m.toml", JOT_MAP.replace('"E-mail" = "attendee_id"', '"Submission ID" = "attendee_id"'))
    result = import_export("survey", [_jotform(tmp_path / "j.csv")], out=tmp_path / "o", column_map=column_map,
                           secret=SECRET)
    warning = result.report[result.report["column"].eq("Submission ID") & result.report["what"].eq("note")]
    assert warning["reason"].str.contains("response number").any()


def test_suggesting_a_map_for_a_jotform_export(tmp_path):
    suggestion = suggest_survey_map(_jotform(tmp_path / "j.csv"))
    assert suggestion.tool == "jotform"
    assert suggestion.guesses == {"E-mail": "attendee_id", JOT_HEADER[3]: "satisfaction", JOT_HEADER[4]: "would_return"}
    for column in ("Submission Date", "Submission ID", "Last Update Date"):
        assert f'# "{column}" = ""   # written by the survey tool, not an answer' in suggestion.text
    assert '# "Submission IP" = ""   # personal data: never imported' in suggestion.text

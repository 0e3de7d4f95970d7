"""Survey exports that the import misread, each written here as its tool writes it.

- grades typed as "4/5", "4 / 5", "4 sur 5", "4 von 5" (Microsoft Forms in French, Google Forms in German)
  are 4 on a 5-point scale;
- a 5-point question nobody answered in the middle stays on 5 points where its header ("(1-5)") or the
  map's ``[likert]`` (a middle word such as "Neither agree nor disagree", a label at 5) says so (Qualtrics,
  SurveyMonkey), while the real 4-point scales stay on 4;
- SurveyMonkey's Spanish likelihood scale ("Nada probable ... Moderadamente probable ... Extremadamente
  probable") is read on its five points;
- ``[survey.same_person]`` in the map says that a respondent's email, one slip from a registered
  attendee's, is that attendee's (Google Forms);
- "Did you follow up with anyone you met?" (Typeform, LimeSurvey, Microsoft Forms in French, Google Forms in
  German) is kept as the survey answer ``followed_up_reported``, yes or no, beside (never inside) the
  measured follow-up rate.

Every test checks what the import writes and says, and that no planted name or email reaches a message
or a file.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from test_importers_forms import SECRET, _csv, _id, _netout, _read, _toml, _xlsx
from test_importers_untidy import assert_none_of

import toolkit
from toolkit.io.importers import import_export
from toolkit.io.importers.labels import read_scale_answers, too_few_to_tell
from toolkit.io.importers.suggest import suggest_survey_map

# invented people whose names no word of the toolkit's messages contains
PEOPLE = [("Gunnhild", "Paszkiewicz"), ("Evander", "Quisenberry"), ("Lucretia", "Ballantyne"),
          ("Florentin", "Achterhuis"), ("Genoveva", "Strozzapieri"), ("Radomir", "Vukasinovic"),
          ("Wendeline", "Oosterbroek"), ("Casimira", "Dunsinane"), ("Hieronymus", "Castellvi"),
          ("Ottilie", "Farquharson"), ("Bartholomea", "Lindqvist"), ("Ezequiel", "Montgomerie")]


def _email(k: int) -> str:
    first, last = PEOPLE[k]
    return f"{first.lower()}.{last.lower()}@example.org"


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    planted = [p for k, (first, last) in enumerate(PEOPLE) for p in (first, last, _email(k))] + ["@example"]
    assert_none_of(planted, *texts, folder=folder)


def _import(monkeypatch, capsys, export: Path, map_text: str, folder: Path, *extra) -> tuple:
    """``netout import survey EXPORT --map MAP --out FOLDER`` as an organiser runs it: printed, survey, report."""
    column_map = _toml(folder.parent / f"{folder.name}.toml", map_text)
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", folder, *extra) == 0
    return capsys.readouterr(), _read(folder, "survey"), _read(folder, "import_report")


# ---------------------------------------------------------------------------- 1. grades written as 4/5

@pytest.mark.parametrize("written,value", [("4/5", 4), ("4 / 5", 4), ("4 sur 5", 4), ("4 von 5", 4), ("5/5", 5),
                                           ("1 / 5", 1), ("3 out of 5", 3), ("4 de 5", 4), ("4 van 5", 4),
                                           (" 2/5 ", 2), ("4,5/5", 4.5)])
def test_a_grade_out_of_five_is_its_number_on_five_points(written, value):
    values, points, bad = read_scale_answers({"q": pd.Series([written, "3/5"])})
    assert values["q"].tolist() == [value, 3] and points is None and not bad["q"].any()


def test_grades_out_of_seven_or_ten_and_impossible_grades():
    values, points, bad = read_scale_answers({"q": pd.Series(["5/7", "7/7", "1/7"])})
    assert values["q"].tolist() == [5, 7, 1] and points == 7 and not bad["q"].any()
    values, points, _ = read_scale_answers({"nps": pd.Series(["8/10", "10 / 10", "0/10"])})
    assert values["nps"].tolist() == [8, 10, 0] and points is None
    # more than the grade's maximum, or another maximum than the question's others: not read, reported
    values, _, bad = read_scale_answers({"q": pd.Series(["6/5", "4/5", "4/5", "3/4"])})
    assert values["q"].tolist()[:3] == [pd.NA, 4, 4] and bad["q"].tolist() == [True, False, False, True]


FR_HEADER = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
             "Note globale de la soirée networking", "Note sur 5 du lieu", "Reviendrez-vous ?"]
FR_GRADES = ["4/5", "4 sur 5", "5/5", "3 / 5", "2/5", "5 sur 5"]


def test_a_french_microsoft_forms_export_reads_grades_written_out_of_five(tmp_path):
    start = dt.datetime(2026, 4, 9, 19, 0)
    rows = [FR_HEADER] + [[k + 1, start, start + dt.timedelta(minutes=4), _email(k), " ".join(PEOPLE[k]),
                           FR_GRADES[k], FR_GRADES[-1 - k], "Oui" if k % 2 else "Non"] for k in range(6)]
    export = _xlsx(tmp_path / "Bilan soirée.xlsx", rows)
    map_file = _toml(tmp_path / "m.toml", '[columns.survey]\n"Adresse de messagerie" = "attendee_id"\n'
                                          '"Note globale de la soirée networking" = "satisfaction"\n'
                                          '"Reviendrez-vous ?" = "would_return"\n')
    result = import_export("survey", [export], out=tmp_path / "soiree", column_map=map_file, secret=SECRET)
    survey = result.tables["survey"]
    assert survey["satisfaction"].tolist() == [4, 4, 5, 3, 2, 5]
    assert not result.report["what"].eq("value_not_mapped").any()
    # the unmapped "Note sur 5" of grades is a grade, listed as not mapped, not as personal data
    venue = result.report[result.report["column"].eq("Note sur 5 du lieu")]
    assert venue["what"].tolist() == ["column_not_mapped"] and "grades" in venue["reason"].iloc[0]
    _no_personal_data(result.summary(), folder=tmp_path / "soiree")


def test_a_german_google_forms_grade_von_5_is_read(tmp_path, monkeypatch, capsys):
    header = ["Zeitstempel", "E-Mail-Adresse", "Wie bewerten Sie das Speed-Networking? (Note 1 bis 5)"]
    rows = [header] + [[f"09.04.2026 21:{10 + k}:00", _email(k), f"{1 + k % 5} von 5"] for k in range(7)]
    export = _csv(tmp_path / "Feedback (Antworten).csv", rows, sep=";", bom=True)
    printed, survey, report = _import(monkeypatch, capsys, export, '[columns.survey]\n"E-Mail-Adresse" = '
                                      '"attendee_id"\n"Wie bewerten Sie das Speed-Networking? (Note 1 bis 5)" = '
                                      '"satisfaction"\n', tmp_path / "stammtisch")
    assert survey["satisfaction"].astype(float).tolist() == [1, 2, 3, 4, 5, 1, 2]
    assert not report["what"].eq("value_not_mapped").any()
    _no_personal_data(printed.out, printed.err, folder=tmp_path / "stammtisch")


# ---------------------------------------------------------------------------- 2. five points said, none in the middle

AGREE_4 = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]


def test_a_header_that_says_one_to_five_keeps_five_points():
    answers = {"q": pd.Series(AGREE_4 * 3)}
    for header in ("I find it easy to talk to strangers (1-5)", "On a scale of 1 to 5, how much do you agree?",
                   "Rate it (1 = strongly disagree, 5 = strongly agree)", "5-point scale: I enjoyed the tables",
                   "Bewertung von 1 bis 5", "Notez de 1 à 5", "Puntúe del 1 al 5", "Geef een cijfer van 1 tot 5"):
        values, points, _ = read_scale_answers(answers, headers=[header])
        assert points is None and values["q"].tolist()[:4] == [1, 2, 4, 5], header
    # a header that says four points reads four, even in a small room
    few = {"q": pd.Series(["Disagree", "Agree", "Strongly agree"])}
    values, points, _ = read_scale_answers(few, headers=["How much do you agree? (1-4)"])
    assert points == 4 and values["q"].tolist() == [2, 3, 4] and too_few_to_tell(few, headers=["(1-4)"]) == 0
    # numbers of another kind in a header say nothing
    values, points, _ = read_scale_answers(answers, headers=["At the 2025 edition, 150 people came"])
    assert points == 4


def test_a_likert_middle_word_or_a_label_at_five_in_the_map_keeps_five_points():
    answers = {"q": pd.Series(AGREE_4 * 3)}
    for likert in ({"Neither agree nor disagree": 3}, {"Neutral": 3}, {"Strongly agree": 5},
                   {"Strongly disagree": 1, "Strongly agree": 5}):
        values, points, bad = read_scale_answers(answers, likert)
        assert points is None and values["q"].tolist()[:4] == [1, 2, 4, 5] and not bad["q"].any(), likert
        assert too_few_to_tell({"q": answers["q"][:6]}, likert) == 0
    # the middle of another scale (another language's) says nothing of this one: a real 4-point German scale
    trifft = {"q": pd.Series(["Trifft nicht zu", "Trifft eher nicht zu", "Trifft eher zu", "Trifft zu"] * 3)}
    values, points, _ = read_scale_answers(trifft, {"Neutral": 3, "Bof": 2})
    assert points == 4 and values["q"].tolist()[:4] == [1, 2, 3, 4]


SM_HEADER = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address",
             "How much do you agree with the following statements?", "", "Overall, how satisfied were you?"]
SM_SUB = ["", "", "", "", "", "I find it easy to start a conversation with a stranger",
          "I prefer to be introduced by someone I know", "Response"]


def _surveymonkey(path: Path, answers: list[list[str]]) -> Path:
    rows = [SM_HEADER, SM_SUB] + [[str(11400000000 + k), "431234567", "04/09/2026 09:12:03 PM",
                                   "04/09/2026 09:15:40 PM", _email(k), *a] for k, a in enumerate(answers)]
    return _csv(path, rows)


SM_MAP = """[columns.survey]
"Email Address" = "attendee_id"
"I find it easy to start a conversation with a stranger" = "style_1"
"I prefer to be introduced by someone I know" = "style_2"
"Overall, how satisfied were you?" = "satisfaction"

[likert]
"Neither agree nor disagree" = 3

[style_scale]
items = ["style_1", "style_2"]
reversed = ["style_2"]
"""


def test_a_surveymonkey_matrix_nobody_answered_neutral_stays_on_five_points_by_the_map(tmp_path, monkeypatch,
                                                                                         capsys):
    answers = [[AGREE_4[k % 4], AGREE_4[(k + 2) % 4], ["Very satisfied", "Satisfied"][k % 2]] for k in range(12)]
    folder = tmp_path / "mixer"
    printed, survey, report = _import(monkeypatch, capsys, _surveymonkey(tmp_path / "Mixer.csv", answers), SM_MAP,
                                      folder)
    assert survey["style_1"].astype(float).tolist()[:4] == [1, 2, 4, 5]
    assert survey["style_2"].astype(float).tolist()[:4] == [4, 5, 1, 2]
    assert "read as a 4-point scale" not in printed.out
    # without the map's middle word the same answers are a 4-point scale, as before
    folder = tmp_path / "mixer-4"
    printed, survey, _ = _import(monkeypatch, capsys, _surveymonkey(tmp_path / "Mixer.csv", answers),
                                 SM_MAP.replace('"Neither agree nor disagree" = 3', ""), folder)
    assert survey["style_1"].astype(float).round(2).tolist()[:4] == [1, 2.33, 3.67, 5]
    assert "read as a 4-point scale" in printed.out
    _no_personal_data(printed.out, printed.err, folder=folder)


QUALTRICS_FRONT = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
                   "RecordedDate", "ResponseId", "RecipientEmail", "DistributionChannel", "UserLanguage"]


def _qualtrics(path: Path, questions: list[tuple[str, str]], answers: list[list[str]]) -> Path:
    rows = [[*QUALTRICS_FRONT, *(q for q, _ in questions)],
            [*QUALTRICS_FRONT, *(t for _, t in questions)],
            [f'{{"ImportId":"{h}"}}' for h in QUALTRICS_FRONT] + [f'{{"ImportId":"QID{k + 1}"}}'
                                                                  for k in range(len(questions))]]
    rows += [["2026-04-09 21:00:00", "2026-04-09 21:03:00", "IP Address", "100", "180", "True",
              "2026-04-09 21:03:01", f"R_{k:015d}", _email(k), "email", "EN", *a] for k, a in enumerate(answers)]
    return _csv(path, rows)


def test_a_qualtrics_question_whose_text_says_one_to_five_stays_on_five_points(tmp_path, monkeypatch, capsys):
    questions = [("Q1", "How satisfied were you with the round tables? (1 = very dissatisfied, 5 = very "
                        "satisfied)"), ("Q2", "How satisfied were you with the venue?")]
    satisfied = ["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"]
    answers = [[satisfied[k % 4], satisfied[(k + 1) % 4]] for k in range(12)]
    folder = tmp_path / "tables"
    printed, survey, _ = _import(monkeypatch, capsys, _qualtrics(tmp_path / "Tables.csv", questions, answers),
                                 '[columns.survey]\n"RecipientEmail" = "attendee_id"\n"Q1" = "satisfaction"\n'
                                 '"Q2" = "venue"\n', folder)
    assert survey["satisfaction"].astype(float).tolist()[:4] == [1, 2, 4, 5]
    # the venue question says nothing of its points: its twelve answers without a middle are 4 points
    assert survey["venue"].astype(float).tolist()[:4] == [2, 3, 4, 1]
    assert "Q2: read as a 4-point scale" in printed.out and "Q1: read as a 4-point" not in printed.out
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- 3. Spanish likelihood words

PROBABLE = ["Nada probable", "Poco probable", "Moderadamente probable", "Muy probable", "Extremadamente probable"]


def test_surveymonkeys_spanish_likelihood_scale_is_read_on_five_points():
    values, points, bad = read_scale_answers({"q": pd.Series(PROBABLE)})
    assert values["q"].tolist() == [1, 2, 3, 4, 5] and points is None and not bad["q"].any()
    # nobody in the middle, a room of twelve: the scale's own words still say five points
    no_middle = [w for w in PROBABLE if w != "Moderadamente probable"] * 3
    values, points, bad = read_scale_answers({"q": pd.Series(no_middle)})
    assert values["q"].tolist()[:4] == [1, 2, 4, 5] and points is None and not bad["q"].any()
    # "Muy probable" at the top where no stronger word is there, as before
    values, _, _ = read_scale_answers({"q": pd.Series(["Nada probable", "Poco probable", "Moderadamente probable",
                                                       "Probable", "Muy probable"])})
    assert values["q"].tolist() == [1, 2, 3, 4, 5]
    values, _, _ = read_scale_answers({"q": pd.Series(["MUY PROBABLE", "Ni probable ni improbable", "Improbable"])})
    assert values["q"].tolist() == [5, 3, 2]
    # Qualtrics' Spanish 7-point words are not known: "Moderadamente probable" is not guessed at 3 among them
    values, _, bad = read_scale_answers({"q": pd.Series(["Ligeramente probable", "Moderadamente probable"])})
    assert bad["q"].tolist() == [True, True]


def test_a_spanish_surveymonkey_likelihood_question_is_read(tmp_path, monkeypatch, capsys):
    header = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address",
              "¿Qué probabilidad hay de que asista al próximo encuentro?"]
    rows = [header, ["", "", "", "", "", "Response"]] + [
        [str(11500000000 + k), "431234567", "04/09/2026 09:12:03 PM", "04/09/2026 09:15:40 PM", _email(k),
         PROBABLE[k % 5]] for k in range(10)]
    folder = tmp_path / "encuentro"
    printed, survey, report = _import(monkeypatch, capsys, _csv(tmp_path / "Encuesta.csv", rows),
                                      '[columns.survey]\n"Email Address" = "attendee_id"\n"¿Qué probabilidad hay de '
                                      'que asista al próximo encuentro?" = "return_likelihood"\n', folder)
    assert survey["return_likelihood"].astype(float).tolist() == [1, 2, 3, 4, 5] * 2
    assert not report["what"].eq("value_not_mapped").any()
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- 4. [survey.same_person]

def _registrations(path: Path) -> Path:
    header = ["Order #", "Attendee #", "First Name", "Last Name", "Email", "Attendee Status"]
    rows = [[str(5100 + k), str(9100 + k), first, last, _email(k), "Checked In"] for k, (first, last) in
            enumerate(PEOPLE[:6])]
    return _csv(path, [header] + rows)


TYPO = "gunnhild.paszkiewcz@example.org"   # the first person's, with a letter missing


def _google_forms(path: Path) -> Path:
    emails = [TYPO, *(_email(k) for k in range(1, 6))]
    rows = [["Timestamp", "Email Address", "How satisfied were you with the evening?"]] + [
        [f"2026/04/09 9:{10 + k}:00 PM GMT+1", e, str(5 - k % 3)] for k, e in enumerate(emails)]
    return _csv(path, rows)


GF_MAP = '[columns.survey]\n"Email Address" = "attendee_id"\n"How satisfied were you with the evening?" = ' \
         '"satisfaction"\n'


def test_same_person_in_the_map_matches_a_respondents_typo(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "season" / "apr-mixer"
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "tickets.csv"),
                   "--format", "structured", "--out", folder) == 0
    capsys.readouterr()
    export = _google_forms(tmp_path / "Feedback.csv")
    printed, survey, report = _import(monkeypatch, capsys, export, GF_MAP, folder)
    assert _id(_email(0)) not in set(survey["attendee_id"])
    assert "[survey.same_person]" in printed.out      # the typo note says how to count the answer
    fixed = GF_MAP + f'\n[survey.same_person]\n"{TYPO.upper()}" = "{_email(0)}"\n"nobody@example.org" = ' \
                     f'"{_email(2)}"\n'
    printed, survey, report = _import(monkeypatch, capsys, export, fixed, folder, "--force")
    assert survey["attendee_id"].tolist() == [_id(_email(k)) for k in range(6)]
    assert "1 respondent id(s) read as the registered person's through [survey.same_person]; 1 entry of " \
           "[survey.same_person] matches no value of this export" in printed.out, printed.out
    assert not report["reason"].str.contains("not in the folder's attendees").any()
    # the entries are the organiser's personal data: never copied into the folder's settings
    settings = tomllib.loads((folder / "netout.toml").read_text(encoding="utf-8")) if (
        folder / "netout.toml").is_file() else {}
    assert "survey" not in settings
    _no_personal_data(printed.out, printed.err, folder=folder)
    # an entry of the wrong kind is refused, naming the section and no value
    bad = _toml(tmp_path / "bad.toml", GF_MAP + f'\n[survey.same_person]\n"{TYPO}" = 3\n')
    assert _netout(monkeypatch, "import", "survey", export, "--map", bad, "--out", folder, "--force") == 2
    err = capsys.readouterr().err
    assert "[survey.same_person]" in err
    _no_personal_data(err)


# ---------------------------------------------------------------------------- 5. self-reported follow-up

FOLLOW_UP = {
    "typeform": (["#", "What is your email?", "How satisfied were you with the networking?",
                  "Did you follow up with anyone you met?", "Submit Date (UTC)", "Network ID"],
                 ["Yes", "No"], "What is your email?"),
    "limesurvey": (["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Email address",
                    "How satisfied were you with the networking?",
                    "Since the event, did you follow up with anyone you met there?"], ["Yes", "No"], "Email address"),
    "google forms german": (["Zeitstempel", "E-Mail-Adresse", "Wie zufrieden waren Sie mit dem Networking?",
                             "Haben Sie nach der Veranstaltung jemanden kontaktiert, den Sie dort kennengelernt "
                             "haben?"], ["Ja", "Nein"], "E-Mail-Adresse"),
}


def _follow_up_export(tmp_path: Path, tool: str) -> tuple[Path, str]:
    header, (yes, no), email = FOLLOW_UP[tool]
    rows = []
    for k in range(8):
        answers = {header[-1] if tool != "typeform" else header[3]: yes if k % 3 else no,
                   header[2] if tool != "limesurvey" else header[6]: str(1 + k % 5), email: _email(k)}
        rows.append([answers.get(h, {"#": f"r{k:05d}", "Submit Date (UTC)": "2026-04-10 08:00:00",
                                     "Network ID": f"n{k}", "Response ID": str(k + 1),
                                     "Date submitted": "2026-04-10 08:00:00", "Last page": "2",
                                     "Start language": "en", "Seed": "12345",
                                     "Zeitstempel": "10.04.2026 08:00:00"}.get(h, "")) for h in header])
    question = header[3] if tool == "typeform" else header[-1]
    satisfaction = header[2] if tool != "limesurvey" else header[6]
    column_map = (f'[columns.survey]\n"{email}" = "attendee_id"\n"{satisfaction}" = "satisfaction"\n'
                  f'"{question}" = "followed_up_reported"\n')
    return _csv(tmp_path / f"{tool}.csv", [header] + rows), column_map


@pytest.mark.parametrize("tool", FOLLOW_UP)
def test_a_self_reported_follow_up_is_kept_as_a_yes_no_survey_answer(tmp_path, monkeypatch, capsys, tool):
    export, column_map = _follow_up_export(tmp_path, tool)
    folder = tmp_path / "evening"
    printed, survey, report = _import(monkeypatch, capsys, export, column_map, folder)
    assert survey["followed_up_reported"].tolist() == ["no", "yes", "yes", "no", "yes", "yes", "no", "yes"]
    assert not report["what"].eq("value_not_mapped").any()
    assert "not the follow-ups" in printed.out      # said: a survey answer, not the measured follow-up rate
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_french_microsoft_forms_follow_up_question_and_an_unreadable_answer(tmp_path):
    header = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
              "Avez-vous recontacté une personne rencontrée lors de la soirée ?"]
    start = dt.datetime(2026, 4, 10, 9, 0)
    said = ["Oui", "Non", "oui", "Peut-être", "NON", ""]
    rows = [header] + [[k + 1, start, start, _email(k), " ".join(PEOPLE[k]), said[k]] for k in range(6)]
    export = _xlsx(tmp_path / "Suivi.xlsx", rows)
    map_file = _toml(tmp_path / "m.toml", '[columns.survey]\n"Adresse de messagerie" = "attendee_id"\n'
                                          f'"{header[-1]}" = "followed_up_reported"\n')
    result = import_export("survey", [export], out=tmp_path / "soiree", column_map=map_file, secret=SECRET)
    assert result.tables["survey"]["followed_up_reported"].fillna("").tolist() == ["yes", "no", "yes", "", "no", ""]
    unread = result.report[result.report["what"].eq("value_not_mapped")]
    assert unread["row"].tolist() == [5] and "[values.followed_up_reported]" in unread["reason"].iloc[0]
    _no_personal_data(result.summary(), folder=tmp_path / "soiree")


@pytest.mark.parametrize("question", ["Did you follow up with anyone you met?",
                                      "Have you followed up with any of the people you met?",
                                      "Avez-vous recontacté quelqu'un rencontré lors de la soirée ?",
                                      "Haben Sie nach der Veranstaltung jemanden kontaktiert, den Sie kennengelernt "
                                      "haben?",
                                      "¿Se puso en contacto con alguien que conoció en el evento?",
                                      "Heeft u contact opgenomen met iemand die u daar hebt ontmoet?"])
def test_the_suggested_map_names_a_follow_up_question(tmp_path, question):
    path = _csv(tmp_path / "form.csv", [["Timestamp", "Email Address", question],
                                        ["2026/04/10 8:00:00 AM GMT", "a@example.org", "Yes"]])
    assert suggest_survey_map(path).guesses.get(question) == "followed_up_reported"
    # a question that asks for a count is not a yes/no answer
    path = _csv(tmp_path / "count.csv", [["Timestamp", "Email Address", "How many people did you follow up with?"],
                                         ["2026/04/10 8:00:00 AM GMT", "a@example.org", "3"]])
    assert suggest_survey_map(path).guesses.get("How many people did you follow up with?") != "followed_up_reported"


def test_the_reported_follow_up_is_a_post_event_answer_never_the_follow_up_rate():
    """In the outcome table the answer is a survey column (post-event: never adjusted for), and the measured
    follow-up rate and the follow-through funnel stay not recorded where the folder has no follow-ups."""
    tables = toolkit.make_demo_tables(n_attendees=80, n_events=1, with_followups=False, random_state=3)
    tables.pop("followups", None)      # a folder without followups.csv
    tables["survey"]["followed_up_reported"] = ["yes" if k % 2 else "no" for k in range(len(tables["survey"]))]
    table = toolkit.compute_outcomes(toolkit.from_tables(tables))
    assert "followed_up_reported" in table.attrs["survey_columns"]
    # read as a survey extra is: yes 1, no 0, so that its mean is the share who said yes
    assert set(table["followed_up_reported"].dropna()) == {0, 1}
    assert table["followup_rate_7d"].isna().all()
    assert "followed_up_reported" not in toolkit.default_covariates(table, by="style")
    assert toolkit.followthrough_table(table)["stage"].astype(str).unique().tolist() == ["new contacts"]

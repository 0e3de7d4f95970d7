"""``netout import survey --suggest-map``: which question the suggester takes for which contract field.

Headers as survey tools write them (Google Forms, Microsoft Forms, SurveyMonkey,
Typeform; numbering, trailing punctuation, brackets), each with the guess a
person checking the map would accept, or none. The guesses match whole words:
a count question never becomes a yes/no or scale field.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toolkit.io.importers.suggest import suggest_survey_map

# (header, expected guess or None, whether a style item is reversed)
HEADERS = [
    # Google Forms: the question as the header
    ("How satisfied were you with the networking session?", "satisfaction"),
    ("Did you meet someone who can help your business?", "met_helpful"),
    ("Would you come to another event?", "would_return"),
    ("Would you come again?", "would_return"),
    ("Would you attend again?", "would_return"),
    ("Will you join our next event?", "would_return"),
    ("Is this your first event with us?", "first_time"),
    ("Is this your first time attending?", "first_time"),
    ("Which industry do you work in?", "industry"),
    ("I find it easy to start a conversation with a stranger", "style_1"),
    ("How reserved are you? [1-5]", "style_1"),
    ("Please rate the following [Catering]", None),
    # counts: never a yes/no or scale field
    ("How many people did you meet?", None),
    ("How many new contacts did you make?", None),
    ("How many of the people you met could help your business?", None),
    ("How many times have you attended our events?", None),
    ("Number of business cards exchanged", None),
    ("How many new people did you talk to?", None),
    # ...but a company's size may be asked as a count
    ("How many employees work at your organisation?", "company_size"),
    ("Company size (number of employees)", "company_size"),
    # whole words only: none of these is what a substring would make it
    ("First impressions of the venue", None),
    ("Which session did you attend first?", None),
    ("Was the meeting app helpful?", None),
    ("Did you remember to bring business cards?", None),
    ("Are you a returning attendee?", None),
    ("Were you dissatisfied with anything?", None),
    ("Would you recommend this event to a colleague?", None),     # yes/no, not a 0-10 score
    ("Any suggestions for improvement?", None),
    # numbering and punctuation
    ("Q3. How satisfied were you overall?", "satisfaction"),
    ("3. Did you meet anyone useful for your business?", "met_helpful"),
    ("Q7) Would you come back!", "would_return"),
    # Microsoft Forms
    ("Would you come to one of our events again?", "would_return"),
    ("I prefer to be introduced by someone rather than introduce myself", "style_1"),
    # SurveyMonkey
    ("Overall, how satisfied or dissatisfied were you with the networking event?", "satisfaction"),
    ("How likely is it that you would recommend this event to a friend or colleague?", "nps"),
    # Typeform
    ("On a scale of 0-10, how likely are you to recommend us?", "nps"),
    ("Was this your first time at one of our events?", "first_time"),
    ("Do you plan to return next year?", "would_return"),
]
REVERSED = {"How reserved are you? [1-5]", "I prefer to be introduced by someone rather than introduce myself"}


def _google_forms(path: Path, header: list[str], row: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", "Email Address", *header])
        writer.writerow(["2026/10/08 9:02:11 PM CET", "ann@example.org", *row])
    return path


@pytest.mark.parametrize("header,expected", HEADERS, ids=[h for h, _ in HEADERS])
def test_each_header_gets_the_guess_a_person_would_accept(tmp_path, header, expected):
    suggestion = suggest_survey_map(_google_forms(tmp_path / "form.csv", [header], ["3"]))
    assert suggestion.tool == "google_forms"
    assert suggestion.guesses.get("Email Address") == "attendee_id"
    assert suggestion.guesses.get(header) == expected
    if expected and expected.startswith("style_"):
        assert suggestion.reversed == (["style_1"] if header in REVERSED else [])


def test_a_header_without_a_guess_stays_a_comment_in_the_map(tmp_path):
    suggestion = suggest_survey_map(_google_forms(tmp_path / "form.csv", ["How many people did you meet?"], ["4"]))
    assert '# "How many people did you meet?" = ""   # no guess' in suggestion.text


def _suggest_from_rows(path, rows):
    """The suggestion for an export written as its tool writes it (a CSV of ``rows``)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return suggest_survey_map(path)


def test_a_surveymonkey_export_with_two_header_rows(tmp_path):
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "How many people did you meet?", "Overall, how satisfied or dissatisfied were you?",
             "Did you meet anyone who could help your business?", "Would you come to another event?"],
            ["", "", "", "", "", "", "Response", "Response", "Response", "Response"],
            ["114", "4", "10/08/2026", "10/08/2026", "", "ann@example.org", "6", "Very satisfied", "Yes", "Yes"]]
    suggestion = _suggest_from_rows(tmp_path / "monkey.csv", rows)
    assert suggestion.tool == "surveymonkey"
    assert suggestion.guesses == {"Email Address": "attendee_id",
                                  "Overall, how satisfied or dissatisfied were you?": "satisfaction",
                                  "Did you meet anyone who could help your business?": "met_helpful",
                                  "Would you come to another event?": "would_return"}


def test_a_typeform_export(tmp_path):
    rows = [["#", "Is this your first time attending?", "How many new contacts did you make?",
             "On a scale of 0-10, how likely are you to recommend us?", "email", "Start Date (UTC)",
             "Submit Date (UTC)", "Network ID"],
            ["x1", "Yes", "3", "9", "ann@example.org", "2026-10-08 19:00:00", "2026-10-08 19:03:00", "abc"]]
    suggestion = _suggest_from_rows(tmp_path / "typeform.csv", rows)
    assert suggestion.tool == "typeform"
    assert suggestion.guesses == {"Is this your first time attending?": "first_time",
                                  "On a scale of 0-10, how likely are you to recommend us?": "nps",
                                  "email": "attendee_id"}


# German and French forms: the same guesses as their English equivalents above
LOCALISED = [
    # German
    ("Wie zufrieden waren Sie mit dem Networking?", "satisfaction"),
    ("Wie zufrieden sind Sie insgesamt mit der Veranstaltung?", "satisfaction"),
    ("Zufriedenheit mit dem Abend", "satisfaction"),
    ("Waren Sie mit etwas unzufrieden?", None),                          # as "dissatisfied"
    ("Wie viele neue Kontakte haben Sie geknüpft?", None),               # a count
    ("Wie viele der Personen, die Sie getroffen haben, können Ihrem Unternehmen helfen?", None),
    ("Anzahl der ausgetauschten Visitenkarten", None),
    ("Haben Sie jemanden getroffen, der Ihrem Unternehmen helfen kann?", "met_helpful"),
    ("Haben Sie jemanden kennengelernt, der Ihnen geschäftlich weiterhelfen kann?", "met_helpful"),
    ("Würden Sie wieder teilnehmen?", "would_return"),
    ("Werden Sie an unserer nächsten Veranstaltung teilnehmen?", "would_return"),
    ("Würden Sie wiederkommen?", "would_return"),
    ("Ist das Ihre erste Veranstaltung bei uns?", "first_time"),
    ("Sind Sie zum ersten Mal dabei?", "first_time"),
    ("Branche", "industry"),
    ("In welcher Branche sind Sie tätig?", "industry"),
    ("Unternehmensgröße", "company_size"),
    ("Unternehmensgroesse (Mitarbeitende)", "company_size"),
    ("Größe Ihres Unternehmens", "company_size"),
    ("Wie viele Mitarbeiter hat Ihr Unternehmen?", "company_size"),   # a count, but a company's size
    ("Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?", "nps"),
    ("Auf einer Skala von 0 bis 10: Wie wahrscheinlich würden Sie die Veranstaltung empfehlen?", "nps"),
    ("Würden Sie die Veranstaltung empfehlen?", None),                   # yes/no, as "Would you recommend ...?"
    ("Es fällt mir leicht, mit Fremden ins Gespräch zu kommen", "style_1"),
    ("Ich warte lieber, bis ich vorgestellt werde", "style_1"),
    ("Verbesserungsvorschläge", None),
    # French
    ("Dans l'ensemble, êtes-vous satisfait de la soirée ?", "satisfaction"),
    ("Quel est votre niveau de satisfaction ?", "satisfaction"),
    ("Étiez-vous insatisfait de quelque chose ?", None),
    ("Combien de nouveaux contacts avez-vous noués ?", None),
    ("Nombre de cartes de visite échangées", None),
    ("Avez-vous rencontré quelqu'un qui peut aider votre entreprise ?", "met_helpful"),
    ("Reviendriez-vous à un prochain événement ?", "would_return"),
    ("Participeriez-vous à nouveau ?", "would_return"),
    ("Est-ce votre premier événement avec nous ?", "first_time"),
    ("Est-ce la première fois que vous participez ?", "first_time"),
    ("Secteur d'activité", "industry"),
    ("Taille de l'entreprise", "company_size"),
    ("Nombre de salariés", "company_size"),
    ("Quelle est la probabilité que vous recommandiez cet événement à un collègue ?", "nps"),
    ("Sur une échelle de 0 à 10, recommanderiez-vous cet événement ?", "nps"),
    ("Recommanderiez-vous cet événement ?", None),                       # yes/no unless answered 0-10 (below)
    ("J'aborde facilement des inconnus", "style_1"),
    ("Je préfère être présenté(e) par quelqu'un", "style_1"),
    # a CCI's LimeSurvey scale: the reserved statement was not seen as a style statement at all
    ("Je vais facilement vers des inconnus", "style_1"),
    ("J'attends que les autres viennent me parler", "style_1"),
    ("Ich warte, bis andere mich ansprechen", "style_1"),
]
LOCALISED_REVERSED = {"Ich warte lieber, bis ich vorgestellt werde", "Je préfère être présenté(e) par quelqu'un",
                      "J'attends que les autres viennent me parler", "Ich warte, bis andere mich ansprechen"}


@pytest.mark.parametrize("header,expected", LOCALISED, ids=[h for h, _ in LOCALISED])
@pytest.mark.parametrize("language", ["de", "fr"])
def test_german_and_french_questions_get_the_english_guesses(tmp_path, header, expected, language):
    # Google Forms writes its own columns in the form's language
    front = {"de": ["Zeitstempel", "E-Mail-Adresse"], "fr": ["Horodateur", "Adresse e-mail"]}[language]
    suggestion = _suggest_from_rows(tmp_path / "form.csv", [[*front, header],
                                                            ["14.03.2026 18:02:11", "a@example.org", "3"]])
    assert suggestion.tool == "google_forms"
    assert suggestion.guesses.get(front[1]) == "attendee_id"
    assert f'# "{front[0]}" = ""   # written by the survey tool' in suggestion.text
    assert suggestion.guesses.get(header) == expected
    if expected and expected.startswith("style_"):
        assert suggestion.reversed == (["style_1"] if header in LOCALISED_REVERSED else [])


@pytest.mark.parametrize("header", ["Recommanderiez-vous cet événement à un collègue ?",
                                    "Würden Sie uns weiterempfehlen?", "Would you recommend this event?"])
def test_a_recommend_question_answered_from_0_to_10_is_nps(tmp_path, header):
    scores = [["9"], ["10"], ["6"], ["0"], ["8"]]
    rows = [["Timestamp", "Email Address", header]] + [["2026/03/14 6:02:11 PM GMT", f"p{k}@example.org", *s]
                                                       for k, s in enumerate(scores)]
    assert _suggest_from_rows(tmp_path / "scores.csv", rows).guesses.get(header) == "nps"
    yes_no = [rows[0]] + [[*row[:2], answer] for row, answer in zip(rows[1:], ["Oui", "Non", "Ja", "Yes", "No"])]
    assert _suggest_from_rows(tmp_path / "yes_no.csv", yes_no).guesses.get(header) is None
    # a 1-5 rating is not a 0-10 score
    five = [rows[0]] + [[*row[:2], answer] for row, answer in zip(rows[1:], ["1", "5", "4", "3", "5"])]
    assert _suggest_from_rows(tmp_path / "five.csv", five).guesses.get(header) is None


def test_a_german_form_with_personal_columns_the_privacy_rule_knows(tmp_path):
    rows = [["Zeitstempel", "E-Mail-Adresse", "Vollständiger Name", "Branche", "Unternehmensgröße",
             "Wie zufrieden waren Sie mit dem Networking?"],
            ["14.03.2026 18:02:11", "a@example.org", "Hildegard Quennell", "Handel", "10-49", "Sehr zufrieden"]]
    suggestion = _suggest_from_rows(tmp_path / "form.csv", rows)
    assert suggestion.guesses == {"E-Mail-Adresse": "attendee_id", "Branche": "industry",
                                  "Unternehmensgröße": "company_size",
                                  "Wie zufrieden waren Sie mit dem Networking?": "satisfaction"}
    assert '"Branche" = "industry"' in suggestion.text.split("[columns.attendees]")[1]


@pytest.mark.parametrize("question, expected", [
    ("Tamaño de la empresa", "company_size"), ("Número de empleados", "company_size"), ("Industria", "industry"),
    ("¿Es la primera vez que asiste?", "first_time"), ("Bedrijfsgrootte", "company_size"),
    ("Aantal medewerkers", "company_size"), ("Is dit de eerste keer dat u komt?", "first_time"),
    ("Tipo de entrada", None), ("Dieetwensen", None),
])
def test_spanish_and_dutch_registration_questions_are_read_as_the_toolkits_columns(question, expected):
    """A Spanish or Dutch report's company size stayed 'tamaño_de_la_empresa' / 'bedrijfsgrootte'."""
    from toolkit.io.importers.suggest import attendee_column_guess

    assert attendee_column_guess(question) == expected

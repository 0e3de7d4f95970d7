"""Dutch and Spanish survey exports: their scale words read without a map, their questions guessed by
``--suggest-map``, and Qualtrics' recipient names finding the group guests the registrations gave no email.

The exports are written here as the tools write them (Qualtrics' three header rows, Microsoft Forms' .xlsx
with ID, Start time ... in front, Google Forms re-saved by a European Excel with a BOM and `;`), with 5-point
scales with and without the middle answer and 4-point ones; each test runs the import or the suggestion and
checks what it writes and says, and that no name or email reaches a message or a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from test_importers_forms import SECRET, _csv, _email, _id, _netout, _read, _xlsx
from test_importers_untidy import assert_none_of

from toolkit.io.importers.labels import GRADED_LABELS, TOOL_LABELS_5, TOOL_LABELS_7, fold_label, read_scale_answers
from toolkit.io.importers.suggest import suggest_survey_map
from toolkit.privacy import pseudonymise

# invented people whose names no word of the toolkit's messages contains
PEOPLE = [("Wietske", "Zonneveldt"), ("Baltasar", "Quiroga"), ("Femke", "Hooglander"), ("Ximena", "Arrieta"),
          ("Gijsbert", "Oudkerk"), ("Rocio", "Valderrama"), ("Marijke", "Steenbergh"), ("Ignacio", "Pellicer"),
          ("Tjitske", "Wolterbeek"), ("Amparo", "Llorente"), ("Sietse", "Brouwersma"), ("Leocadia", "Zubiaurre")]


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    planted = [p for first, last in PEOPLE for p in (first, last, _email(first, last))] + ["@example", "@home"]
    assert_none_of(planted, *texts, folder=folder)


# ---------------------------------------------------------------------------- the scale words

LABELS = [
    # Dutch agreement, satisfaction and likelihood, as Qualtrics, Google Forms and Microsoft Forms users type them
    ("Helemaal mee oneens", 1), ("Mee oneens", 2), ("Neutraal", 3), ("Noch mee eens, noch mee oneens", 3),
    ("Mee eens", 4), ("Helemaal mee eens", 5), ("Helemaal oneens", 1), ("Oneens", 2), ("Eens", 4),
    ("Helemaal eens", 5), ("Niet mee eens, niet mee oneens", 3), ("Helemaal niet mee eens", 1),
    ("Niet mee eens", 2), ("Zeer ontevreden", 1), ("Ontevreden", 2), ("Tevreden", 4), ("Zeer tevreden", 5),
    ("Niet tevreden, niet ontevreden", 3), ("Noch tevreden, noch ontevreden", 3), ("Zeer onwaarschijnlijk", 1),
    ("Onwaarschijnlijk", 2), ("Waarschijnlijk", 4), ("Zeer waarschijnlijk", 5),
    # Spanish
    ("Totalmente en desacuerdo", 1), ("En desacuerdo", 2), ("Ni de acuerdo ni en desacuerdo", 3), ("De acuerdo", 4),
    ("Totalmente de acuerdo", 5), ("Muy en desacuerdo", 1), ("Muy de acuerdo", 5), ("Muy insatisfecho", 1),
    ("Insatisfecho", 2), ("Ni satisfecho ni insatisfecho", 3), ("Satisfecho", 4), ("Muy satisfecho", 5),
    ("Neutral", 3), ("Nada probable", 1), ("Poco probable", 2), ("Probable", 4), ("Muy probable", 5),
    ("Ni probable ni improbable", 3),
    # case, accents and spacing as exports and hand edits give them
    ("HELEMAAL MEE EENS", 5), ("  zeer   tevreden ", 5), ("Muy Satisfecho", 5), ("TOTALMENTE EN DESACUERDO", 1),
]


@pytest.mark.parametrize("label,value", LABELS, ids=[label for label, _ in LABELS])
def test_dutch_and_spanish_scale_words_are_read_without_a_likert_map(label, value):
    values, points, bad = read_scale_answers({"q": pd.Series([label])})
    assert values["q"].tolist() == [value] and points is None and not bad["q"].any()


def test_the_new_words_take_no_other_words_place():
    """No Dutch or Spanish word is a 7-point label, and every graded label sits on its side of the middle."""
    assert not {fold_label(label) for label, _ in LABELS} & set(TOOL_LABELS_7)
    for label, (family, side, _) in GRADED_LABELS.items():
        if label in TOOL_LABELS_5:
            assert (TOOL_LABELS_5[label] - 3) * side > 0, (family, label)
    for family in ("eens", "tevreden", "waarschijnlijk", "acuerdo", "satisfecho", "probable"):
        assert {side for fam, side, _ in GRADED_LABELS.values() if fam == family} == {-1, 1}, family


@pytest.mark.parametrize("words", [
    ["Helemaal mee oneens", "Mee oneens", "Mee eens", "Helemaal mee eens"],
    ["Zeer ontevreden", "Ontevreden", "Tevreden", "Zeer tevreden"],
    ["Totalmente en desacuerdo", "En desacuerdo", "De acuerdo", "Totalmente de acuerdo"],
    ["Muy insatisfecho", "Insatisfecho", "Satisfecho", "Muy satisfecho"],
])
def test_four_dutch_or_spanish_answers_without_the_middle_are_a_4_point_scale(words):
    values, points, bad = read_scale_answers({"q": pd.Series(words * 3)})
    assert points == 4 and values["q"].tolist()[:4] == [1, 2, 3, 4] and not bad["q"].any()
    # with the middle answer among them: 5 points, as before
    values, points, _ = read_scale_answers({"q": pd.Series([*words, "Neutraal"] * 3)})
    assert points is None and values["q"].tolist()[:5] == [1, 2, 4, 5, 3]


def test_a_0_to_10_question_with_dutch_or_spanish_end_labels_reads_the_numbers():
    answers = pd.Series(["0 - Zeer onwaarschijnlijk", "7", "10 - Zeer waarschijnlijk", "0 - Nada probable",
                         "10 - Extremadamente probable", "5"])
    values, points, bad = read_scale_answers({"nps": answers})
    assert values["nps"].tolist() == [0, 7, 10, 0, 10, 5] and points is None and not bad["nps"].any()


# ---------------------------------------------------------------------------- Qualtrics, Dutch, with registrations

QUALTRICS_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                  "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                  "ExternalReference", "DistributionChannel", "UserLanguage"]
QUALTRICS_META_TEXT = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
                       "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
                       "Recipient Email", "External Data Reference", "Distribution Channel", "User Language"]
STEM = "In hoeverre bent u het eens met de volgende stellingen?"
DUTCH_QUESTIONS = [("Q1", "Hoe tevreden bent u over het netwerken op de avond?"),
                   ("Q2_1", f"{STEM} - Ik vind het makkelijk om vreemden aan te spreken"),
                   ("Q2_2", f"{STEM} - Ik wacht liever tot iemand anders mij aanspreekt"),
                   ("Q2_3", f"{STEM} - Ik word liever voorgesteld door iemand die ik ken"),
                   ("Q3", "Heeft u iemand ontmoet die u verder kan helpen?"),
                   ("Q4", "Hoe waarschijnlijk is het dat u deze avond aanbeveelt aan een collega? (0-10)"),
                   ("Q5", "Komt u volgend jaar weer?"),
                   ("Q6", "Heeft u nog opmerkingen of suggesties?")]
DUTCH_ANSWERS = [["Zeer tevreden", "Helemaal mee eens", "Helemaal mee oneens", "Mee oneens", "Ja",
                  "10 - Zeer waarschijnlijk", "Ja", "Top!"],
                 ["Tevreden", "Mee eens", "Mee oneens", "Neutraal", "Nee", "8", "Ja", ""],
                 ["Neutraal", "Neutraal", "Neutraal", "Mee eens", "Ja", "6", "Nee", ""],
                 ["Ontevreden", "Mee oneens", "Mee eens", "Helemaal mee eens", "Nee", "3", "Nee", ""],
                 ["Zeer ontevreden", "Helemaal mee oneens", "Helemaal mee eens", "Mee eens", "Nee",
                  "0 - Zeer onwaarschijnlijk", "Nee", ""],
                 ["Tevreden", "Mee eens", "Neutraal", "Mee oneens", "Ja", "9", "Ja", ""],
                 ["Tevreden", "Mee eens", "Mee oneens", "Neutraal", "Ja", "7", "Ja", ""],
                 ["Zeer tevreden", "Helemaal mee eens", "Helemaal mee oneens", "Mee oneens", "Ja", "9", "Ja", ""]]


def _qualtrics(path: Path, respondents: list[tuple[str, str, str]], *, status: list[str] | None = None) -> Path:
    """A Qualtrics export (three header rows) of the Dutch questions: one row per (first, last, email)."""
    rows = [[*QUALTRICS_META, *(q for q, _ in DUTCH_QUESTIONS)],
            [*QUALTRICS_META_TEXT, *(t for _, t in DUTCH_QUESTIONS)],
            [f'{{"ImportId":"{h}"}}' for h in QUALTRICS_META] + [f'{{"ImportId":"QID{q[1:]}"}}'
                                                                 for q, _ in DUTCH_QUESTIONS]]
    for k, (first, last, email) in enumerate(respondents):
        rows.append(["2026-03-16 20:00:11", "2026-03-16 20:04:58", (status or [])[k:k + 1] and status[k]
                     or "IP Address", "145.1.2.3", "100", "287", "True", "2026-03-16 20:04:59", f"R_{k:015d}",
                     last, first, email, "", "email", "NL", *DUTCH_ANSWERS[k % len(DUTCH_ANSWERS)]])
    return _csv(path, rows, crlf=True)


DUTCH_MAP = f"""[columns.survey]
"RecipientEmail" = "attendee_id"
"Q1" = "satisfaction"
"Q2_1" = "style_1"
"Q2_2" = "style_2"
"Q2_3" = "style_3"
"Q3" = "met_helpful"
"Q4" = "nps"
"Q5" = "would_return"

[style_scale]
items = ["style_1", "style_2", "style_3"]
reversed = ["style_2", "style_3"]
"""


def test_a_dutch_qualtrics_export_reads_its_scales_end_to_end(tmp_path, monkeypatch, capsys):
    respondents = [(first, last, _email(first, last)) for first, last in PEOPLE[:8]]
    export = _qualtrics(tmp_path / "evaluatie.csv", respondents)
    map_file = tmp_path / "m.toml"
    map_file.write_text(DUTCH_MAP, encoding="utf-8")
    folder = tmp_path / "season" / "netwerkavond-2026"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 1, 4, 4, 5]
    assert survey["style_1"].astype(float).tolist() == [5, 4, 3, 2, 1, 4, 4, 5]
    assert survey["style_2"].astype(float).tolist() == [1, 2, 3, 4, 5, 3, 2, 1]
    assert survey["met_helpful"].tolist() == ["yes", "no", "yes", "no", "no", "yes", "yes", "yes"]
    assert survey["would_return"].tolist() == ["yes", "yes", "no", "no", "no", "yes", "yes", "yes"]
    assert survey["nps"].astype(float).tolist() == [10, 8, 6, 3, 0, 9, 7, 9]
    assert "not a number or a known label" not in printed.out
    assert not _read(folder, "import_report")["what"].eq("value_not_mapped").any()
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- Microsoft Forms, Spanish, 4 points

ES_QUESTIONS = ["¿Qué tan satisfecho está con el networking?", "Me resulta fácil hablar con desconocidos",
                "¿Volvería a un próximo evento?"]


def test_a_spanish_microsoft_forms_export_on_four_points(tmp_path):
    from toolkit.io.importers import import_export

    agree = ["Totalmente en desacuerdo", "En desacuerdo", "De acuerdo", "Totalmente de acuerdo"]
    satisfied = ["Muy insatisfecho", "Insatisfecho", "Satisfecho", "Muy satisfecho"]
    header = ["Id.", "Hora de inicio", "Hora de finalización", "Correo electrónico", "Nombre", *ES_QUESTIONS]
    header[0] = "ID"
    start = dt.datetime(2026, 3, 14, 18, 0)
    rows = [header] + [[k + 1, start, start + dt.timedelta(minutes=3), _email(*PEOPLE[k]), " ".join(PEOPLE[k]),
                        satisfied[k % 4], agree[(k + 1) % 4], "Sí" if k % 3 else "No"] for k in range(12)]
    export = _xlsx(tmp_path / "Encuesta.xlsx", rows)
    map_file = tmp_path / "m.toml"
    map_file.write_text('[columns.survey]\n"Correo electrónico" = "attendee_id"\n'
                        f'"{ES_QUESTIONS[0]}" = "satisfaction"\n"{ES_QUESTIONS[1]}" = "style_1"\n'
                        f'"{ES_QUESTIONS[2]}" = "would_return"\n[style_scale]\nitems = ["style_1"]\nreversed = []\n',
                        encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "evento", column_map=map_file, secret=SECRET)
    survey = result.tables["survey"]
    assert result.report["reason"].str.contains("layout read as microsoft forms").any()
    # satisfaction evenly on 1-5, the style item evenly on the style scale's 1-5
    assert survey["satisfaction"].astype(float).round(2).tolist()[:4] == [1, 2.33, 3.67, 5]
    assert survey["style_1"].astype(float).round(2).tolist()[:4] == [2.33, 3.67, 5, 1]
    assert survey["would_return"].tolist()[:4] == ["no", "yes", "yes", "no"]
    assert not result.report["what"].eq("value_not_mapped").any()
    _no_personal_data(result.summary(), folder=tmp_path / "evento")


# ---------------------------------------------------------------------------- Google Forms, Dutch, 4 points

def test_a_dutch_google_forms_export_without_neutraal_is_read_on_four_points(tmp_path, monkeypatch, capsys):
    header = ["Tijdstempel", "E-mailadres", "Hoe tevreden bent u over de borrel?", "Komt u volgend jaar weer?"]
    satisfied = ["Zeer ontevreden", "Ontevreden", "Tevreden", "Zeer tevreden"]
    rows = [header] + [[f"14-3-2026 18:{10 + k}:02", _email(*PEOPLE[k]), satisfied[k % 4], "Ja" if k % 2 else "Nee"]
                       for k in range(12)] + [[""] * 4]
    export = _csv(tmp_path / "Evaluatie (antwoorden).csv", rows, sep=";", bom=True, crlf=True)
    map_file = tmp_path / "voorstel.toml"
    assert _netout(monkeypatch, "import", "survey", export, "--suggest-map", "--map", map_file) == 0
    expected = ('"E-mailadres" = "attendee_id"', '"Hoe tevreden bent u over de borrel?" = "satisfaction"',
                '"Komt u volgend jaar weer?" = "would_return"', '# "Tijdstempel" = ""   # written by the survey')
    assert [line for line in expected if line not in map_file.read_text(encoding="utf-8")] == []
    folder = tmp_path / "borrel"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["satisfaction"].astype(float).round(2).tolist()[:4] == [1, 2.33, 3.67, 5]
    assert survey["would_return"].tolist()[:2] == ["no", "yes"]
    assert "read as a 4-point scale" in printed.out
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- --suggest-map in Dutch and Spanish

SUGGESTED = [
    # Dutch
    ("Hoe tevreden bent u over de netwerkmogelijkheden op het congres?", "satisfaction"),
    ("Was u ontevreden over iets?", None),
    ("Komt u volgend jaar weer?", "would_return"),
    ("Zou u een volgende editie weer bezoeken?", "would_return"),
    ("Heeft u iemand ontmoet die u verder kan helpen?", "met_helpful"),
    ("Hoeveel mensen heeft u ontmoet die u kunnen helpen?", None),
    ("Hoe waarschijnlijk is het dat u dit congres aanbeveelt aan een collega?", "nps"),
    ("Hoe waarschijnlijk is het dat u dit congres zou aanbevelen aan een collega? (0-10)", "nps"),
    ("Ik vind het makkelijk om vreemden aan te spreken", "style_1"),
    ("Ik word liever voorgesteld door iemand die ik ken", "style_1"),
    ("Welke netwerkvorm beviel u het best?", None),
    # Spanish
    ("¿Qué tan satisfecho está con el evento?", "satisfaction"),
    ("¿Estuvo insatisfecho con algo?", None),
    ("¿Volvería a un próximo evento?", "would_return"),
    ("¿Conoció a alguien que pueda ayudarle con su negocio?", "met_helpful"),
    ("¿Cuántas personas conoció que puedan ayudarle?", None),
    ("¿Qué probabilidad hay de que recomiende este evento a un colega?", "nps"),
    ("Me resulta fácil hablar con desconocidos", "style_1"),
    ("Prefiero que alguien me presente a otras personas", "style_1"),
]
REVERSED = {"Ik word liever voorgesteld door iemand die ik ken", "Prefiero que alguien me presente a otras personas"}


@pytest.mark.parametrize("header,expected", SUGGESTED, ids=[h for h, _ in SUGGESTED])
@pytest.mark.parametrize("front", [["Tijdstempel", "E-mailadres"], ["Marca temporal", "Correo electrónico"]])
def test_dutch_and_spanish_questions_get_the_english_guesses(tmp_path, header, expected, front):
    path = _csv(tmp_path / "form.csv", [[*front, header], ["14-3-2026 18:02:11", "a@example.org", "3"]])
    suggestion = suggest_survey_map(path)
    assert suggestion.tool == "google_forms"
    assert suggestion.guesses.get(front[1]) == "attendee_id"
    assert suggestion.guesses.get(header) == expected
    if expected and expected.startswith("style_"):
        assert suggestion.reversed == (["style_1"] if header in REVERSED else [])


def test_the_dutch_qualtrics_suggested_map_imports_it_unchanged(tmp_path, monkeypatch, capsys):
    """--suggest-map on the Dutch Qualtrics export guesses all its questions, and the import reads it as written."""
    respondents = [(first, last, _email(first, last)) for first, last in PEOPLE[:8]]
    export = _qualtrics(tmp_path / "evaluatie.csv", respondents)
    suggestion = suggest_survey_map(export)
    assert suggestion.guesses == {"RecipientEmail": "attendee_id", "Q1": "satisfaction", "Q2_1": "style_1",
                                  "Q2_2": "style_2", "Q2_3": "style_3", "Q3": "met_helpful", "Q4": "nps",
                                  "Q5": "would_return"}
    assert suggestion.reversed == ["style_2", "style_3"]
    map_file = tmp_path / "voorstel.toml"
    map_file.write_text(suggestion.text, encoding="utf-8")
    folder = tmp_path / "avond"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    assert _read(folder, "survey")["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 1, 4, 4, 5]
    assert "not a number or a known label" not in printed.out
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- group guests found by name

def _registrations(path: Path) -> Path:
    """An Eventbrite-style report: eight people with their own emails, a namesake of the third, and an order
    of three tickets that gives both guests the buyer's email."""
    header = ["Order #", "Attendee #", "First Name", "Last Name", "Email", "Attendee Status"]
    rows = [[str(6100 + k), str(8100 + k), first, last, _email(first, last), "Checked In"]
            for k, (first, last) in enumerate(PEOPLE[:8])]
    rows.append(["6108", "8108", *PEOPLE[2], "f.h@elsewhere.example", "Checked In"])      # a namesake
    buyer = _email(*PEOPLE[8])
    rows += [["6109", str(8109 + k), *PEOPLE[8 + k], buyer, "Checked In"] for k in range(3)]
    return _csv(path, [header] + rows)


def _name_key(first: str, last: str) -> str:
    return pseudonymise(pd.Series([f"{first} {last}".casefold()]), secret=SECRET, all_values=True)[0]


def test_qualtrics_recipient_names_find_group_guests_the_registrations_gave_no_email(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "season" / "netwerkavond-2026"
    assert _netout(monkeypatch, "import", "registrations", _registrations(tmp_path / "tickets.csv"),
                   "--format", "structured", "--out", folder) == 0
    keys = _read(folder, "import_keys")
    guest_ids = [keys.loc[keys["key"].eq(_name_key(*PEOPLE[k])), "attendee_id"].iloc[0] for k in (9, 10)]
    assert _id(_email(*PEOPLE[8])) not in guest_ids
    capsys.readouterr()
    respondents = [(*PEOPLE[0], _email(*PEOPLE[0])), (*PEOPLE[1], _email(*PEOPLE[1])),
                   (*PEOPLE[9], _email(*PEOPLE[9])),                    # guests, with emails of their own ...
                   (*PEOPLE[10], _email(*PEOPLE[10])),                  # ... that the registrations never saw
                   (*PEOPLE[2], "femke@home.example"),                  # a name two registered people share
                   (*PEOPLE[1], "baltasar@home.example"),              # already answered with the registered email
                   (*PEOPLE[11], _email(*PEOPLE[11])),                  # registered under no name or email
                   (*PEOPLE[3], _email(*PEOPLE[3]))]
    export = _qualtrics(tmp_path / "evaluatie.csv", respondents)
    map_file = tmp_path / "m.toml"
    map_file.write_text(DUTCH_MAP, encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    attendees = set(_read(folder, "attendees")["attendee_id"])
    matched = survey[survey["attendee_id"].isin(attendees)]
    assert matched["attendee_id"].tolist() == [_id(_email(*PEOPLE[0])), _id(_email(*PEOPLE[1])), *guest_ids,
                                               _id(_email(*PEOPLE[3]))]
    assert matched["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 5]
    assert len(survey) == 8                                             # the others kept, set aside by the loader
    report = _read(folder, "import_report")
    by_name = report[report["reason"].str.contains("matched to a registered attendee by the recipient's name")
                     & report["row"].ne("")]
    assert by_name["row"].tolist() == ["6", "7"]
    assert "2 respondent(s) matched to a registered attendee by the recipient's name" in printed.out
    shared = report[report["reason"].str.contains("several registered attendees")]
    assert shared["row"].tolist() == ["8"]
    again = report[report["reason"].str.contains("already answered")]
    assert again["row"].tolist() == ["9"]
    strangers = report[report["reason"].str.startswith("respondent is not in the folder's attendees")]
    assert strangers["row"].tolist() == ["8", "9", "10"]
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_without_registrations_the_recipient_names_are_not_used(tmp_path):
    from toolkit.io.importers import import_export

    respondents = [(*PEOPLE[k], _email(*PEOPLE[k])) for k in range(3)] + [(*PEOPLE[3], "")]
    export = _qualtrics(tmp_path / "evaluatie.csv", respondents)
    map_file = tmp_path / "m.toml"
    map_file.write_text(DUTCH_MAP, encoding="utf-8")
    result = import_export("survey", [export], out=tmp_path / "avond", column_map=map_file, secret=SECRET)
    assert result.tables["survey"]["attendee_id"].tolist() == [_id(_email(*PEOPLE[k])) for k in range(3)]
    assert not result.report["reason"].str.contains("recipient's name").any()
    _no_personal_data(result.summary(), folder=tmp_path / "avond")

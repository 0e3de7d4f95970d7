"""Form and survey exports beyond the English defaults: other languages' scale words, Jotform's
satisfaction words, session questions that take several answers, and Microsoft Forms' own layout.

Each export is written here as its tool writes it (Google Forms with German or French headers and a
European Excel's BOM and `;`, Jotform's "Submission Date" first, SurveyMonkey's two header rows with
one column per option, Typeform's comma-joined choices, Microsoft Forms' .xlsx with ID, Start time,
Completion time, Email and Name in front); each test runs the import and checks what it writes and
says, and that no name or email reaches a message or a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.io.importers import import_export
from toolkit.io.importers.labels import read_scale_answers
from toolkit.io.importers.suggest import suggest_survey_map
from toolkit.privacy import pseudonymise

SECRET = "forms-test-key-of-sixteen-or-more"
# invented people whose names no word of the toolkit's messages contains
PEOPLE = [("Hildegard", "Quennell"), ("Octave", "Marchetti"), ("Ingeborg", "Fairweather"),
          ("Thaddeus", "Okonkwo"), ("Solveig", "Brandauer"), ("Leocadia", "Villanueva")]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@example.org"


def _id(email: str) -> str:
    return pseudonymise(pd.Series([email.lower()]), secret=SECRET, all_values=True)[0]


def _planted() -> list[str]:
    return [p for first, last in PEOPLE for p in (first, last, _email(first, last))] + ["@example"]


def _no_personal_data(*texts: str, folder: Path | None = None) -> None:
    """No planted name or email in what was printed nor in any file of the folder (pseudonyms aside)."""
    written = [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()] if folder else []
    joined = re.sub(r"p_[0-9a-f]{16}", "p_", "\n".join([*texts, *written]))
    assert [personal for personal in _planted() if personal in joined] == []


def _csv(path: Path, rows: list[list[str]], *, sep: str = ",", bom: bool = False, crlf: bool = False) -> Path:
    """A CSV as a tool (or a European Excel re-saving it: BOM, `;`, CRLF) writes it."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=sep, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    return run_guarded(app)


def _read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _lines(result, what: str) -> pd.DataFrame:
    return result.report[result.report["what"] == what]


# ---------------------------------------------------------------------------- scale words in other languages

LABELS = [
    # German agreement (5 points), as Google Forms and Microsoft Forms users type them
    ("Stimme überhaupt nicht zu", 1), ("Stimme nicht zu", 2), ("Stimme eher nicht zu", 2), ("Teils, teils", 3),
    ("Teils/teils", 3), ("Weder noch", 3), ("Stimme eher zu", 4), ("Stimme zu", 4), ("Stimme voll und ganz zu", 5),
    ("Trifft gar nicht zu", 1), ("Trifft überhaupt nicht zu", 1), ("Trifft eher nicht zu", 2),
    ("Trifft teilweise zu", 3), ("Trifft eher zu", 4), ("Trifft voll zu", 5), ("Trifft voll und ganz zu", 5),
    # German satisfaction
    ("Sehr zufrieden", 5), ("Zufrieden", 4), ("Weder zufrieden noch unzufrieden", 3), ("Unzufrieden", 2),
    ("Sehr unzufrieden", 1), ("Eher zufrieden", 4), ("Eher unzufrieden", 2),
    # French agreement and satisfaction
    ("Pas du tout d'accord", 1), ("Plutôt pas d'accord", 2), ("Ni d'accord ni pas d'accord", 3),
    ("Plutôt d'accord", 4), ("Tout à fait d'accord", 5), ("Pas d'accord", 2), ("D'accord", 4),
    ("Très satisfait", 5), ("Satisfait", 4), ("Ni satisfait ni insatisfait", 3), ("Insatisfait", 2),
    ("Très insatisfait", 1), ("Plutôt satisfait", 4), ("Plutôt insatisfait", 2), ("Pas du tout satisfait", 1),
    ("Peu satisfait", 2), ("Moyennement satisfait", 3), ("Neutre", 3), ("Assez satisfait", 4),
    ("Eher nicht zufrieden", 2),
    # accents, case and apostrophes as exports and hand edits give them
    ("STIMME ÜBERHAUPT NICHT ZU", 1), ("stimme uberhaupt nicht zu", 1), ("TOUT A FAIT D'ACCORD", 5),
    ("Plutot pas d\u2019accord", 2), ("Ni d'accord, ni pas d'accord", 3), ("tres satisfait", 5),
    ("  Sehr   zufrieden ", 5), ("Teils - teils", 3),
    # Jotform's satisfaction scale
    ("Very Unsatisfied", 1), ("Unsatisfied", 2), ("Neutral", 3), ("Satisfied", 4), ("Very Satisfied", 5),
]


@pytest.mark.parametrize("label,value", LABELS, ids=[label for label, _ in LABELS])
def test_scale_words_of_other_languages_and_jotform_are_read_without_a_likert_map(label, value):
    values, points, bad = read_scale_answers({"q": pd.Series([label])})
    assert values["q"].tolist() == [value] and points is None and not bad["q"].any()


def test_a_likert_entry_still_wins_and_unknown_words_stay_unknown():
    values, _, bad = read_scale_answers({"q": pd.Series(["Bof", "Stimme zu", "Pas terrible"])}, {"Stimme zu": 5})
    assert values["q"].tolist()[1] == 5 and bad["q"].tolist() == [True, False, True]


GERMAN_HEADER = ["Zeitstempel", "E-Mail-Adresse", "Wie zufrieden waren Sie mit dem Networking?",
                 "Es fällt mir leicht, Fremde anzusprechen", "Ich warte, bis mich jemand anspricht", "Branche"]
GERMAN_ROWS = [["Sehr zufrieden", "Stimme voll und ganz zu", "Trifft gar nicht zu", "Handel"],
               ["zufrieden", "Stimme zu", "Trifft eher nicht zu", "Recht"],
               ["Unzufrieden", "Teils, teils", "Trifft teilweise zu", "IT"],
               ["SEHR UNZUFRIEDEN", "Weder noch", "Trifft eher zu", "Handel"],
               ["Weder zufrieden noch unzufrieden", "Stimme nicht zu", "Trifft voll zu", "Recht"],
               ["Zufrieden", "Stimme überhaupt nicht zu", "trifft voll zu", "IT"]]
GERMAN_MAP = """[columns.survey]
"E-Mail-Adresse" = "attendee_id"
"Wie zufrieden waren Sie mit dem Networking?" = "satisfaction"
"Es fällt mir leicht, Fremde anzusprechen" = "style_1"
"Ich warte, bis mich jemand anspricht" = "style_2"

[columns.attendees]
"Branche" = "industry"

[style_scale]
items = ["style_1", "style_2"]
reversed = ["style_2"]
"""


def test_a_german_google_forms_export_reads_its_scales_end_to_end(tmp_path, monkeypatch, capsys):
    rows = [GERMAN_HEADER] + [[f"14.03.2026 18:{10 + k}:02", _email(*PEOPLE[k]), *answers]
                              for k, answers in enumerate(GERMAN_ROWS)]
    export = _csv(tmp_path / "Umfrage (Antworten).csv", rows, sep=";", bom=True, crlf=True)
    folder = tmp_path / "season" / "2026-03-stammtisch"
    assert _netout(monkeypatch, "import", "survey", export, "--map", _toml(tmp_path / "m.toml", GERMAN_MAP),
                   "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 2, 1, 3, 4]
    assert survey["style_1"].astype(float).tolist() == [5, 4, 3, 3, 2, 1]
    assert survey["style_2"].astype(float).tolist() == [1, 2, 3, 4, 5, 5]
    assert survey["attendee_id"].tolist() == [_id(_email(*p)) for p in PEOPLE]
    report = _read(folder, "import_report")
    assert not report["what"].eq("value_not_mapped").any()
    assert "layout read as google forms" in printed.out
    assert "not a number or a known label" not in printed.out
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_german_forms_suggested_map_imports_it_unchanged(tmp_path, monkeypatch, capsys):
    """--suggest-map on a German form, then the import with that map as written: the scales, the style scale."""
    rows = [GERMAN_HEADER] + [[f"14.03.2026 18:{10 + k}:02", _email(*PEOPLE[k]), *answers]
                              for k, answers in enumerate(GERMAN_ROWS)]
    export = _csv(tmp_path / "antworten.csv", rows, sep=";", bom=True)
    map_file = tmp_path / "vorschlag.toml"
    assert _netout(monkeypatch, "import", "survey", export, "--suggest-map", "--map", map_file) == 0
    text = map_file.read_text(encoding="utf-8")
    for line in ('"E-Mail-Adresse" = "attendee_id"', '"Wie zufrieden waren Sie mit dem Networking?" = "satisfaction"',
                 '"Es fällt mir leicht, Fremde anzusprechen" = "style_1"',
                 '"Ich warte, bis mich jemand anspricht" = "style_2"', 'reversed = ["style_2"]',
                 '"Branche" = "industry"', '# "Zeitstempel" = ""   # written by the survey tool'):
        assert line in text, line
    folder = tmp_path / "stammtisch"
    assert _netout(monkeypatch, "import", "survey", export, "--map", map_file, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 2, 1, 3, 4]
    assert _read(folder, "attendees")["industry"].tolist() == ["Handel", "Recht", "IT"] * 2
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_french_export_with_odd_case_accents_and_a_blank_row(tmp_path):
    header = ["Adresse e-mail", "Horodateur", "Dans l'ensemble, êtes-vous satisfait de la soirée ?",
              "J'aime aborder des inconnus"]
    answers = [("Très satisfait", "Pas du tout d'accord"), ("Tres satisfait", "PLUTOT PAS D\u2019ACCORD"),
               ("satisfait", "Ni d'accord, ni pas d'accord"), ("Insatisfait", "plutôt d'accord"),
               ("TRÈS INSATISFAIT", "Tout a fait d'accord"), ("Bof", "Tout à fait d'accord")]
    rows = [header] + [[_email(*p), f"14/03/2026 18:0{k}:00", *a] for k, (p, a) in enumerate(zip(PEOPLE, answers))]
    rows.insert(3, ["", "", "", ""])
    export = _csv(tmp_path / "reponses.csv", rows)
    column_map = _toml(tmp_path / "carte.toml", '[columns.survey]\n"Adresse e-mail" = "attendee_id"\n'
                       '"Dans l\'ensemble, êtes-vous satisfait de la soirée ?" = "satisfaction"\n'
                       '"J\'aime aborder des inconnus" = "style_1"\n')
    result = import_export("survey", [export], out=tmp_path / "soiree", column_map=column_map, secret=SECRET)
    survey = result.tables["survey"]
    assert survey["satisfaction"].tolist()[:5] == [5, 5, 4, 2, 1]
    assert survey["style_1"].tolist() == [1, 2, 3, 4, 5, 5]
    # a word no scale has is still reported, and kept as written for a later [likert]
    unknown = _lines(result, "value_not_mapped")
    assert unknown[["row", "value"]].values.tolist() == [[8, "Bof"]]
    assert survey["satisfaction"].tolist()[5] == "Bof"
    assert _lines(result, "row_skipped")["row"].tolist() == [4]   # the blank row, by its spreadsheet number


def test_a_jotform_export_reads_its_satisfaction_words(tmp_path, monkeypatch, capsys):
    words = ["Very Satisfied", "Satisfied", "Neutral", "Unsatisfied", "Very Unsatisfied", "unsatisfied"]
    rows = [["Submission Date", "Full Name", "E-mail", "How satisfied are you with the networking?",
             "How satisfied are you with the venue?", "Would you come to our next event?", "Submission ID"]]
    rows += [[dt.datetime(2026, 3, 14, 21, k), f"{p[0]} {p[1]}", _email(*p), w, words[-1 - k], "Yes",
              f"59{k}1234567890"] for k, (p, w) in enumerate(zip(PEOPLE, words))]
    export = _xlsx(tmp_path / "Networking_Feedback.xlsx", rows)
    column_map = _toml(tmp_path / "m.toml", '[columns.survey]\n"E-mail" = "attendee_id"\n'
                       '"How satisfied are you with the networking?" = "satisfaction"\n'
                       '"How satisfied are you with the venue?" = "venue"\n'
                       '"Would you come to our next event?" = "would_return"\n')
    folder = tmp_path / "jot"
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    survey = _read(folder, "survey")
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 3, 2, 1, 2]
    assert survey["venue"].astype(float).tolist() == [2, 1, 2, 3, 4, 5]
    report = _read(folder, "import_report")
    assert not report["what"].eq("value_not_mapped").any()
    assert "Full Name" in set(report.loc[report["what"].eq("personal_data"), "column"])
    _no_personal_data(printed.out, printed.err, folder=folder)


# ---------------------------------------------------------------------------- a session question with several answers

SESSIONS_MAP = """[registrations.sessions]
question = "Which sessions will you join?"
[registrations.sessions.answers]
"Round tables" = { session_id = "round-tables", format = "structured", grouping = "industry" }
"Open networking" = "unstructured"
"Speed networking, hosted" = { session_id = "speed", format = "structured" }
"""
# what each person chose, and the sessions that puts them in
CHOICES = [["Round tables", "Open networking"], ["Round tables"], ["Open networking"],
           ["Speed networking, hosted", "Open networking"], [], ["Round tables", "Bar crawl"]]
PLACED = [{"round-tables", "open-networking"}, {"round-tables"}, {"open-networking"},
          {"speed", "open-networking"}, set(), {"round-tables"}]


def _placed(folder: Path) -> list[set[str]]:
    part = _read(folder, "participation")
    return [set(part.loc[part["attendee_id"] == _id(_email(*p)), "session_id"]) for p in PEOPLE]


def _check_sessions(report: pd.DataFrame, folder: Path, *, row: int,
                    column: str = "Which sessions will you join?") -> None:
    """Everyone in every session they chose; the answer no session has reported on its row, the rest kept."""
    assert _placed(folder) == PLACED
    sessions = _read(folder, "sessions").set_index("session_id")
    assert sessions.loc[["round-tables", "open-networking", "speed"], "format"].tolist() == [
        "structured", "unstructured", "structured"]
    assert (sessions["assignment"] == "self_selected").all()
    unmapped = report[report["what"] == "value_not_mapped"]
    assert unmapped[["value", "column"]].values.tolist() == [["Bar crawl", column]]
    assert pd.to_numeric(unmapped["row"]).tolist() == [row]
    assert "other session(s) chosen" in unmapped["reason"].iloc[0]
    from toolkit.io.load import validate_folder

    assert validate_folder(folder).ok


def test_google_forms_checkboxes_place_a_person_in_every_session_chosen(tmp_path, monkeypatch, capsys):
    header = ["Timestamp", "Email Address", "Your name", "Which sessions will you join?", "Which industry are you in?"]
    rows = [header] + [[f"2026/10/01 9:0{k}:11 AM GMT+1", _email(*p), f"{p[0]} {p[1]}", ", ".join(c), ind]
                       for k, (p, c, ind) in enumerate(zip(PEOPLE, CHOICES, ["Retail", "Law", "Tech"] * 2))]
    export = _csv(tmp_path / "Registration (Responses).csv", rows)
    folder = tmp_path / "season" / "2026-10-mixer"
    assert _netout(monkeypatch, "import", "registrations", export, "--map",
                   _toml(tmp_path / "m.toml", SESSIONS_MAP), "--out", folder) == 0
    printed = capsys.readouterr()
    _check_sessions(_read(folder, "import_report"), folder, row=7)
    # the form tool's own column (Timestamp) is not an attendee attribute
    assert _read(folder, "attendees").columns.tolist() == ["event_id", "attendee_id", "industry"]
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_typeform_comma_joined_choices(tmp_path):
    header = ["#", "What's your email address?", "Which sessions will you join?", "Start Date (UTC)",
              "Submit Date (UTC)", "Network ID"]
    rows = [header] + [[f"r{k}x9", _email(*p), ",".join(c), "2026-10-01 08:00:00", "2026-10-01 08:03:00", "n1"]
                       for k, (p, c) in enumerate(zip(PEOPLE, CHOICES))]
    export = _csv(tmp_path / "typeform.csv", rows)
    column_map = _toml(tmp_path / "m.toml", SESSIONS_MAP + '[columns.attendees]\n'
                       '"What\'s your email address?" = "email"\n')
    folder = tmp_path / "mixer"
    result = import_export("registrations", [export], out=folder, column_map=column_map, secret=SECRET)
    _check_sessions(result.report, folder, row=7)
    # Typeform's own columns (#, dates, Network ID) are not attendee attributes
    assert result.tables["attendees"].columns.tolist() == ["event_id", "attendee_id"]


def test_surveymonkey_one_column_per_option(tmp_path):
    options = ["Round tables", "Open networking", "Speed networking, hosted", "Other (please specify)"]
    header = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
              "First Name", "Last Name", "Which sessions will you join?", "", "", "", "Which industry are you in?"]
    sub = ["", "", "", "", "", "", "", "", *options, "Response"]
    rows = [header, sub]
    for k, (p, chosen) in enumerate(zip(PEOPLE, CHOICES)):
        cells = [o if o in chosen else "" for o in options]
        if "Bar crawl" in chosen:
            cells[3] = "Bar crawl"   # typed into "Other (please specify)"
        rows.append([str(11400 + k), "431", "10/01/2026", "10/01/2026", "", _email(*p), p[0], p[1], *cells, "Law"])
    export = _csv(tmp_path / "Sheet_1.csv", rows)
    folder = tmp_path / "mixer"
    result = import_export("registrations", [export], out=folder, column_map=_toml(tmp_path / "m.toml", SESSIONS_MAP),
                           secret=SECRET)
    assert _placed(folder) == PLACED
    # the second header row is not a person without an email
    assert not _lines(result, "row_skipped")["reason"].str.contains("no email").any()
    # the typed "other" answer is said by its option, never quoted (it is free text)
    unmapped = _lines(result, "value_not_mapped")
    assert unmapped["value"].tolist() == ["Other (please specify)"] and unmapped["row"].tolist() == [8]
    attendees = result.tables["attendees"]
    assert attendees.columns.tolist() == ["event_id", "attendee_id", "industry"]
    _no_personal_data(result.summary(), folder=folder)


def test_microsoft_forms_semicolon_joined_choices_in_an_xlsx(tmp_path):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Which sessions will you join?", "Industry"]
    rows = [header] + [[k + 1, dt.datetime(2026, 10, 1, 9, k), dt.datetime(2026, 10, 1, 9, k + 2), _email(*p),
                        f"{p[0]} {p[1]}", "".join(f"{c};" for c in chosen), "Retail"]
                       for k, (p, chosen) in enumerate(zip(PEOPLE, CHOICES))]
    export = _xlsx(tmp_path / "Registration.xlsx", rows)
    folder = tmp_path / "mixer"
    result = import_export("registrations", [export], out=folder, column_map=_toml(tmp_path / "m.toml", SESSIONS_MAP),
                           secret=SECRET)
    _check_sessions(result.report, folder, row=7)
    # ID, Start time and Completion time are the form tool's: never attendee columns
    assert result.tables["attendees"].columns.tolist() == ["event_id", "attendee_id", "industry"]


def test_a_single_answer_with_a_comma_is_still_one_session(tmp_path):
    rows = [["Email", "Which sessions will you join?"], ["a.b@example.org", "Speed networking, hosted"],
            ["c.d@example.org", "Open networking"]]
    folder = tmp_path / "mixer"
    result = import_export("registrations", [_csv(tmp_path / "r.csv", rows)], out=folder,
                           column_map=_toml(tmp_path / "m.toml", SESSIONS_MAP), secret=SECRET)
    assert sorted(result.tables["participation"]["session_id"]) == ["open-networking", "speed"]
    assert _lines(result, "value_not_mapped").empty


# ---------------------------------------------------------------------------- Microsoft Forms

MS_QUESTIONS = ["How satisfied were you with the networking?", "Would you come to one of our events again?",
                "Which industry are you in?"]


def _ms_rows(header: list[str], *, anonymous: tuple[int, ...] = ()) -> list[list]:
    answers = [("Very satisfied", "Yes", "Retail"), ("Satisfied", "No", "Law"), ("Neutral", "Yes", "Tech"),
               ("Dissatisfied", "Yes", "Retail"), ("Very satisfied", "Yes", "Law"), ("Satisfied", "No", "Tech")]
    rows = [header]
    for k, (p, a) in enumerate(zip(PEOPLE, answers)):
        who = ("anonymous", "") if k in anonymous else (_email(*p), f"{p[0]} {p[1]}")
        rows.append([k + 1, dt.datetime(2026, 10, 8, 21, k), dt.datetime(2026, 10, 8, 21, k + 3), *who,
                     dt.datetime(2026, 10, 8, 21, k + 3), *a])
    return rows


def test_microsoft_forms_is_its_own_layout(tmp_path, monkeypatch, capsys):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", *MS_QUESTIONS]
    export = _xlsx(tmp_path / "Networking evening(1-6).xlsx", _ms_rows(header, anonymous=(2, 4)))
    column_map = _toml(tmp_path / "m.toml", '[columns.survey]\n"Email" = "attendee_id"\n'
                       f'"{MS_QUESTIONS[0]}" = "satisfaction"\n"{MS_QUESTIONS[1]}" = "would_return"\n'
                       f'[columns.attendees]\n"{MS_QUESTIONS[2]}" = "industry"\n')
    folder = tmp_path / "evening"
    assert _netout(monkeypatch, "import", "survey", export, "--map", column_map, "--out", folder) == 0
    printed = capsys.readouterr()
    assert "layout read as microsoft forms" in printed.out
    survey = _read(folder, "survey")
    assert survey["attendee_id"].tolist() == [_id(_email(*PEOPLE[k])) for k in (0, 1, 3, 5)]
    assert survey["satisfaction"].astype(float).tolist() == [5, 4, 2, 4]
    report = _read(folder, "import_report")
    # "anonymous" is what Microsoft Forms writes where it records no one: not one person answering twice
    skipped = report[report["what"].eq("row_skipped")]
    assert skipped["row"].tolist() == ["4", "6"] and skipped["reason"].str.contains("anonymous").all()
    assert "Name" in set(report.loc[report["what"].eq("personal_data"), "column"])
    tool = report[report["column"].isin(["ID", "Start time", "Completion time", "Last modified time"])]
    assert tool["what"].tolist() == ["column_not_mapped"] * 4
    _no_personal_data(printed.out, printed.err, folder=folder)


def test_a_french_microsoft_forms_export_knows_its_name_column(tmp_path):
    header = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
              "Heure de la dernière modification", *MS_QUESTIONS]
    rows = [[c.isoformat(sep=" ") if isinstance(c, dt.datetime) else str(c) for c in row]
            for row in _ms_rows(header)]
    export = _csv(tmp_path / "formulaire.csv", rows, sep=";", bom=True)
    column_map = _toml(tmp_path / "m.toml", '[columns.survey]\n"Adresse de messagerie" = "attendee_id"\n'
                       f'"{MS_QUESTIONS[0]}" = "satisfaction"\n"Nom" = "team"\n')
    result = import_export("survey", [export], out=tmp_path / "soiree", column_map=column_map, secret=SECRET)
    assert result.report["reason"].str.contains("layout read as microsoft forms").any()
    assert "team" not in result.tables["survey"].columns
    personal = _lines(result, "personal_data")
    assert "Nom" in set(personal["column"])
    _no_personal_data(result.summary(), folder=tmp_path / "soiree")


def test_a_microsoft_forms_response_number_is_not_a_person(tmp_path):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", *MS_QUESTIONS]
    export = _xlsx(tmp_path / "anonymous.xlsx", _ms_rows(header, anonymous=tuple(range(6))))
    column_map = _toml(tmp_path / "m.toml", f'[columns.survey]\n"ID" = "attendee_id"\n'
                       f'"{MS_QUESTIONS[0]}" = "satisfaction"\n')
    result = import_export("survey", [export], out=tmp_path / "o", column_map=column_map, secret=SECRET)
    warning = result.report[result.report["column"].eq("ID") & result.report["what"].eq("note")]
    assert warning["reason"].str.contains("response number").any()


def test_suggesting_a_map_for_a_microsoft_forms_export(tmp_path):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", *MS_QUESTIONS]
    suggestion = suggest_survey_map(_xlsx(tmp_path / "form.xlsx", _ms_rows(header)))
    assert suggestion.tool == "microsoft_forms"
    assert suggestion.guesses == {"Email": "attendee_id", MS_QUESTIONS[0]: "satisfaction",
                                  MS_QUESTIONS[1]: "would_return", MS_QUESTIONS[2]: "industry"}
    for column in ("ID", "Start time", "Completion time", "Last modified time"):
        assert f'# "{column}" = ""   # written by the survey tool, not an answer' in suggestion.text
    assert '# "Name" = ""   # personal data: never imported' in suggestion.text


# ---------------------------------------------------------------------------- German and French registration forms


LOCAL_HEADERS = [["Prénom", "Nom", "Adresse e-mail", "Secteur"], ["Vorname", "Nachname", "E-Mail-Adresse", "Branche"],
                 ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Secteur"]]


@pytest.mark.parametrize("header", LOCAL_HEADERS, ids=["french", "german", "microsoft-forms-french"])
def test_localised_name_and_email_columns_are_used_and_never_copied(tmp_path, header):
    """A French or German form's name columns tell people apart; they never become attendee columns."""
    rows = [header]
    for k, (first, last) in enumerate(PEOPLE):
        person = {"Prénom": first, "Vorname": first, "Nom": last if "Prénom" in header else f"{first} {last}",
                  "Nachname": last, "Adresse e-mail": _email(first, last), "E-Mail-Adresse": _email(first, last),
                  "Adresse de messagerie": _email(first, last), "ID": str(k + 1),
                  "Heure de début": "2026-10-01 09:00", "Heure de fin": "2026-10-01 09:03"}
        rows.append([person.get(column, "Retail") for column in header])
    folder = tmp_path / "soiree"
    result = import_export("registrations", [_csv(tmp_path / "inscriptions.csv", rows, sep=";")], out=folder,
                           secret=SECRET)
    assert result.tables["attendees"]["attendee_id"].tolist() == [_id(_email(*p)) for p in PEOPLE]
    assert result.tables["attendees"].columns.tolist() == ["event_id", "attendee_id", "industry"]
    _no_personal_data(result.summary(), folder=folder)


@pytest.mark.parametrize("header", [
    ["ID", "Ora di inizio", "Ora di completamento", "Posta elettronica", "Nome", "Ora ultima modifica"],
    ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Nome", "Letzte Änderungszeit"],
])
def test_a_name_column_only_the_microsoft_forms_layout_knows_is_not_copied(tmp_path, header):
    """'Nome' is personal by Microsoft Forms' layout alone (the privacy rule's words do not hold it); the German
    'E-Mail' was never found as the layout's email (its list said 'e-mail', the headers are compared as 'e mail'),
    so the columns after it were not the tool's."""
    rows = [[c.isoformat(sep=" ") if isinstance(c, dt.datetime) else str(c) for c in row]
            for row in _ms_rows(header + MS_QUESTIONS)]
    export = _csv(tmp_path / "modulo.csv", rows, sep=";", bom=True)
    column_map = _toml(tmp_path / "m.toml", f'[columns.survey]\n"{header[3]}" = "attendee_id"\n'
                       f'"{MS_QUESTIONS[0]}" = "satisfaction"\n"Nome" = "team"\n')
    result = import_export("survey", [export], out=tmp_path / "serata", column_map=column_map, secret=SECRET)
    assert "team" not in result.tables["survey"].columns
    assert "Nome" in set(_lines(result, "personal_data")["column"])
    _no_personal_data(result.summary(), folder=tmp_path / "serata")

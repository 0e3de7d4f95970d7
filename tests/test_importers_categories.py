"""Registration answers that are categories, not people's data: a yes/no "Member" column, a name-shaped region.

Organisers' attendee reports hold questions that look personal by their header or their values and are not:
a yes/no column headed with one word such as "Mitglied", "Member", "Client", "Membre", "Lid" or "Socio" (the
word alone also heads member-number columns), and answers such as "North West" or "Greater London" that are
shaped like a person's name. Each test runs ``netout import registrations`` on a report written here, and
checks that the category reaches the folder whole (and survives the loader, so it can group a comparison),
while real member numbers, a first-name column full of the same first name, and real names typed into a
question never do.
"""

from __future__ import annotations


import pandas as pd
import pytest

import toolkit
from toolkit.io.importers import import_export

from test_importers_ticketing import _no_leak, _written
from test_importers_untidy import _european_csv, _netout, _xlsx

# invented people; no word of the toolkit's messages contains these names
PEOPLE = [("Annelore", "Quaglietti"), ("Bertrand", "Vasquezova"), ("Cosima", "Ouwerkerkx"),
          ("Dorotea", "Marchettini"), ("Eberhard", "Lindqvistad"), ("Filippa", "Zuidervaart"),
          ("Gunnhild", "Achterbosch"), ("Hortensia", "Brzezinskie"), ("Isolde", "Kaczmarekian"),
          ("Jolanda", "Wijnbergenx"), ("Konstanze", "Fairbairnes"), ("Leopoldine", "Holmgaardt")]


def _email(first: str, last: str) -> str:
    return f"{first.lower()}.{last.lower()}@beispiel.example"


def _report(header: list[str], columns: dict[str, list[str]], n: int = 10) -> tuple[list[str], list[list[str]]]:
    """An English Eventbrite-style report of ``n`` checked-in people with the given extra columns."""
    head = ["Order #", "First Name", "Last Name", "Email", "Attendee Status"] + header
    rows = [[str(4100 + k), first, last, _email(first, last), "Checked In"] + [columns[c][k] for c in header]
            for k, (first, last) in enumerate(PEOPLE[:n])]
    return head, rows


# ---------------------------------------------------------------------------- a yes/no member column

YES_NO = [
    ("Mitglied", ["Ja", "Nein"]), ("Member", ["yes", "no"]), ("Client", ["oui", "non"]),
    ("Membre", ["TRUE", "FALSE"]), ("Lid", ["Ja", "Nee"]), ("Socio", ["Sí", "No"]), ("Member", ["1", "0"]),
    ("Mitglied", ["x", ""]),
]


@pytest.mark.parametrize("header, words", YES_NO, ids=[f"{h}-{w[0] or 'blank'}" for h, w in YES_NO])
def test_a_yes_no_member_column_is_kept_as_a_category_and_survives_the_loader(tmp_path, monkeypatch, capsys,
                                                                             header, words):
    answers = [words[0] if k % 3 else words[1] for k in range(10)]      # 6 members, 4 not
    head, rows = _report([header, "Industry"], {header: answers, "Industry": ["Retail", "Law"] * 5})
    export = _european_csv(tmp_path / "report.csv", head, rows)
    folder = tmp_path / "season" / "2026-06-stammtisch"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder, "--format", "structured") == 0
    printed = capsys.readouterr()
    name = header.lower()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str, keep_default_na=False)
    assert name in attendees.columns
    # read as the yes/no it is: "x" and a blank are a ticked and an unticked box
    assert attendees[name].tolist() == ["yes" if a == words[0] else "no" for a in answers]
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    assert header not in set(report.loc[report["what"] == "personal_data", "column"])
    assert any("yes/no" in r for r in report.loc[report["column"] == header, "reason"])
    # the loader keeps it too, so that it can group a comparison
    data = toolkit.load_event_data(folder.parent, secret="k")
    assert sorted(data.attendees[name].dropna().astype(str).str.lower().unique()) == ["no", "yes"]
    _no_leak([p for f, last in PEOPLE for p in (f, last, _email(f, last))], printed.out, printed.err,
             _written(folder))


@pytest.mark.parametrize("header, numbers", [
    ("Mitglied", [f"M-{10230 + 7 * k}" for k in range(12)]),        # a member number each, a big evening
    ("Member", [f"{880100 + 13 * k}" for k in range(6)]),            # a small evening: six numbers
    ("Socio", ["Sí", "No", "Sí", "No", "S-20417", "No"]),             # yes/no but one number: a number column
])
def test_member_numbers_under_a_one_word_header_are_never_copied(tmp_path, header, numbers):
    n = len(numbers)
    head, rows = _report([header, "Industry"], {header: numbers, "Industry": ["Retail", "Law"] * 6}, n=n)
    export = tmp_path / "report.csv"
    export.write_text("\n".join(",".join(r) for r in [head] + rows) + "\n", encoding="utf-8")
    folder = tmp_path / "event"
    result = import_export("registrations", [export], out=folder, secret="k")
    assert header.lower() not in result.tables["attendees"].columns
    report = result.report
    assert header in set(report.loc[report["what"] == "personal_data", "column"])
    _no_leak([v for v in numbers if v not in ("Sí", "No")], _written(folder), report.to_csv())


def test_a_hand_made_folder_keeps_a_yes_no_member_column_and_drops_member_numbers(tmp_path):
    """The loader's rule is the importer's: one word of a numbered thing, yes/no answers: a category."""
    event = tmp_path / "e1"
    event.mkdir()
    ids = [f"a{k}" for k in range(8)]
    pd.DataFrame({"event_id": "e1", "attendee_id": ids, "Mitglied": ["Ja", "Nein"] * 4,
                  "Member": [f"M-{5510 + k}" for k in range(8)]}).to_csv(event / "attendees.csv", index=False)
    pd.DataFrame({"event_id": ["e1"], "session_id": ["s1"], "format": ["structured"]}).to_csv(
        event / "sessions.csv", index=False)
    pd.DataFrame({"event_id": "e1", "session_id": "s1", "attendee_id": ids}).to_csv(
        event / "participation.csv", index=False)
    data = toolkit.load_event_data(tmp_path, secret="k")
    assert "mitglied" in data.attendees.columns and "member" not in data.attendees.columns


# ---------------------------------------------------------------------------- categories shaped like names

REGIONS = ["North West"] * 5 + ["South East"] * 5 + ["Greater London", "East Midlands"]
SECTORS = ["Venture Capital", "Private Equity"] * 6


def test_a_category_shared_by_five_people_stays_whole_and_rarer_answers_are_replaced(tmp_path, monkeypatch,
                                                                                     capsys):
    """'North West' (five people) was written as '[name]': a region, an industry, not anyone's name."""
    head, rows = _report(["Which region are you based in?", "Sector"],
                         {"Which region are you based in?": REGIONS, "Sector": SECTORS}, n=12)
    export = _xlsx(tmp_path / "report.xlsx", head, rows)
    folder = tmp_path / "mixer"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", folder, "--format", "unstructured") == 0
    printed = capsys.readouterr()
    attendees = pd.read_csv(folder / "attendees.csv", dtype=str)
    region = attendees["which_region_are_you_based_in"].tolist()
    # shared by five or more people: a category; given by one: it could be a name, so it is replaced
    assert region == ["North West"] * 5 + ["South East"] * 5 + ["[name]", "[name]"]
    assert attendees["industry"].tolist() == SECTORS
    report = pd.read_csv(folder / "import_report.csv", dtype=str)
    said = report.loc[report["column"] == "Which region are you based in?", "reason"].tolist()
    assert any("2 answer(s) held what looks like a name" in r for r in said), said
    assert not report.loc[report["column"] == "Sector", "reason"].str.contains("looks like a name").any()
    # the loader keeps the column: it can group a comparison
    data = toolkit.load_event_data(folder, secret="k")
    assert {"North West", "South East"} <= set(data.attendees["which_region_are_you_based_in"].dropna())
    _no_leak([p for f, last in PEOPLE for p in (f, last, _email(f, last))], printed.out, printed.err,
             _written(folder))


def test_names_typed_into_a_question_never_stay_even_where_one_repeats(tmp_path):
    """A question that holds people's names, mostly different: every name is replaced, the repeated one too."""
    referrers = ["Wilhelmina Quastbeek"] * 5 + [f"{f} {last}" for f, last in PEOPLE[5:12]]
    head, rows = _report(["Who referred you?"], {"Who referred you?": referrers}, n=12)
    export = tmp_path / "report.csv"
    export.write_text("\n".join(",".join(r) for r in [head] + rows) + "\n", encoding="utf-8")
    folder = tmp_path / "event"
    import_export("registrations", [export], out=folder, secret="k")
    written = _written(folder)
    assert "Quastbeek" not in written and "Wilhelmina" not in written
    _no_leak([p for f, last in PEOPLE for p in (f, last, _email(f, last))], written)


@pytest.mark.parametrize("first, last", [("First Name", "Last Name"), ("Vorname", "Nachname"),
                                         ("Nombre", "Apellidos"), ("Voornaam", "Achternaam")])
def test_a_first_name_column_where_one_name_repeats_is_never_copied(tmp_path, first, last):
    """Six people called Anna: a first-name column is personal by its header, whatever its values."""
    firsts = ["Annaluise"] * 6 + [f for f, _ in PEOPLE[6:10]]
    head = [first, last, "Email", "Status", "Team"]
    rows = [[firsts[k], surname, _email(firsts[k], surname), "Checked In", ("Red Team", "Blue Team")[k % 2]]
            for k, (_, surname) in enumerate(PEOPLE[:10])]
    export = _european_csv(tmp_path / "report.csv", head, rows)
    folder = tmp_path / "event"
    result = import_export("registrations", [export], out=folder, secret="k")
    assert result.tables["attendees"].columns.tolist() == ["event_id", "attendee_id", "team"]
    assert set(result.tables["attendees"]["team"]) == {"Red Team", "Blue Team"}
    _no_leak(["Annaluise"] + [p for f, surname in PEOPLE for p in (f, surname, _email(f, surname))],
             _written(folder), result.report.to_csv())


def test_a_surveys_yes_no_member_question_is_kept_and_member_numbers_are_not(tmp_path):
    """The registrations import kept a yes/no 'Mitglied' column as a category, but the survey import still
    refused it by its name ('personal data: mapped to 'member' but not copied'). A column of member numbers
    mapped the same way is still refused."""
    from toolkit.io.importers import import_export

    emails = [f"gast{k}@verein.example" for k in range(8)]
    for answers, kept in ((["Ja", "Nein"] * 4, True), ([f"M-{1000 + 7 * k}" for k in range(8)], False)):
        out = tmp_path / ("yes-no" if kept else "numbers")
        export = tmp_path / f"{out.name}.csv"
        export.write_text("E-Mail,Mitglied,Wie zufrieden waren Sie?\n"
                          + "".join(f"{e},{a},4\n" for e, a in zip(emails, answers)), encoding="utf-8")
        column_map = tmp_path / "map.toml"
        column_map.write_text('[columns.survey]\n"E-Mail" = "attendee_id"\n"Mitglied" = "member"\n'
                              '"Wie zufrieden waren Sie?" = "satisfaction"\n', encoding="utf-8")
        result = import_export("survey", [export], out=out, column_map=column_map)
        survey = pd.read_csv(out / "survey.csv", dtype=str)
        refused = result.report[(result.report["what"] == "personal_data") & (result.report["column"] == "Mitglied")]
        if kept:
            assert survey["member"].str.lower().tolist() == ["yes", "no"] * 4 and refused.empty
        else:
            assert "member" not in survey.columns and len(refused) == 1
            assert not any("M-10" in p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())

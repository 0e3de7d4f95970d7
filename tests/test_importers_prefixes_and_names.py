"""Names with a surname prefix in scan exports, survey respondents found by their name, tables named as written.

A Dutch registration export (``Voornaam``, ``Tussenvoegsel``, ``Achternaam``) keys "Jan van Dijk" under his
whole name; a German scan export writes ``Vorname``, ``Namenszusatz``, ``Nachname``; a survey tool other
than Qualtrics has the respondent's name in its own columns. Every name is invented.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from test_importers_untidy import assert_none_of
from toolkit import privacy

SECRET = "prefix-and-names-test-key-0123456789"
# (ticket, first, prefix, last, email, industry); the last two are a group order: the buyer's email on both,
# spelling neither name, so neither ticket is that email's person
PEOPLE = [("T1", "Jannis", "van", "Dijkhorst", "jannis.vandijkhorst@polder-voorbeeld.nl", "Bouw"),
          ("T2", "Marijke", "de", "Wolterink", "marijke.dewolterink@zeewering-voorbeeld.nl", "ICT"),
          ("T3", "Gerolf", "von der", "Heydtmann", "gerolf.heydtmann@kieselgrund-voorbeeld.de", "Logistiek"),
          ("T4", "Ilsabe", "", "Quarrendonk", "ilsabe.quarrendonk@vlonder-voorbeeld.nl", "Bouw"),
          ("T5", "Brechtje", "ter", "Haarvelde", "inkoop@dijkpaal-voorbeeld.nl", "ICT"),
          ("T6", "Wiebren", "", "Sloothaak", "inkoop@dijkpaal-voorbeeld.nl", "Logistiek"),
          # another person, whose name is Jannis van Dijkhorst's without the prefix
          ("T7", "Jannis", "", "Dijkhorst", "jannis.dijkhorst@vlonder-voorbeeld.nl", "ICT")]
GROUP_EMAIL = "inkoop@dijkpaal-voorbeeld.nl"


def _planted() -> list[str]:
    return [w for p in PEOPLE for w in (p[1], p[3], p[4])] + ["voorbeeld"]


def _netout(monkeypatch, *args) -> int:
    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    return run_guarded(app)


def _id(value: str) -> str:
    return privacy.pseudonymise(pd.Series([value.lower()]), secret=SECRET, all_values=True).iloc[0]


def _write(path: Path, rows: list[list[str]], *, sep: str = ";", bom: bool = True) -> Path:
    text = "\r\n".join(sep.join(r) for r in rows) + "\r\n"
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    return path


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    """A Dutch ticketing export, imported: Jannis van Dijkhorst keyed under his whole name."""
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    rows = [["Bestelnummer", "Ticketnummer", "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Branche",
             "Status"]]
    rows += [[f"EVX-{k if k not in (4, 5) else 4}", t, f, p, last, e, ind, "Ingecheckt"]
             for k, (t, f, p, last, e, ind) in enumerate(PEOPLE)]
    export = _write(tmp_path / "Deelnemers.csv", rows)
    out = tmp_path / "season" / "najaarscongres"
    assert _netout(monkeypatch, "import", "registrations", export, "--out", out, "--format", "unstructured") == 0
    return out


def _attendees(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "attendees.csv", dtype="string").set_index("attendee_id")


def _report(folder: Path, file: str) -> pd.DataFrame:
    report = pd.read_csv(folder / "import_report.csv", dtype="string", keep_default_na=False)
    return report[report["file"] == file]


# ---------------------------------------------------------------------------- 1. scans: a surname prefix column


@pytest.mark.parametrize("header", ["Namenszusatz", "Tussenvoegsel", "Zusatz"])
def test_a_scan_export_with_a_prefix_column_finds_the_registered_name(folder, tmp_path, monkeypatch, capsys,
                                                                      header):
    capsys.readouterr()
    scans = _write(tmp_path / "leads.csv", [
        ["Erfasst von", "Vorname", header, "Nachname", "Firma", "Scan-Datum", "Bewertung"],
        [PEOPLE[3][4], "Jannis", "van", "Dijkhorst", "Polder BV", "16.10.2026 10:40", "Heiß"],
        # the prefix written in capitals and the name with extra spaces: the same person
        [PEOPLE[3][4], " Gerolf ", "Von der", "Heydtmann", "", "16.10.2026 10:45", "Kalt"],
        [PEOPLE[0][4], "Marijke", "de", "Wolterink", "", "16.10.2026 10:50", ""],
        # without the prefix the name is both Jannises': not pinned on either
        [PEOPLE[1][4], "Jannis", "", "Dijkhorst", "", "16.10.2026 10:55", ""],
        ["", "", "", "", "", "", ""]])
    assert _netout(monkeypatch, "import", "scans", scans, "--out", folder) == 0
    printed = capsys.readouterr()
    contacts = pd.read_csv(folder / "contacts.csv", dtype="string")
    pairs = set(zip(contacts["attendee_id"], contacts["contact_id"]))
    ilsabe, jannis = _id(PEOPLE[3][4]), _id(PEOPLE[0][4])
    assert pairs == {(ilsabe, jannis), (ilsabe, _id(PEOPLE[2][4])), (jannis, _id(PEOPLE[1][4]))}
    assert set(contacts["contact_id"]) <= set(_attendees(folder).index)
    used = _report(folder, "leads.csv")
    assert header in set(used.loc[used["reason"].str.contains("never copied"), "column"])
    assert used.loc[used["what"].eq("row_skipped"), "reason"].str.contains("several registered attendees").any()
    assert_none_of(_planted(), printed.out, printed.err, folder=folder)


def test_a_scanned_email_not_on_the_list_is_said_as_that_of_the_prefixed_name(folder, tmp_path, monkeypatch):
    scans = _write(tmp_path / "leads.csv", [
        ["Scanned By", "Email", "First Name", "Name prefix", "Last Name", "Scan Time"],
        [PEOPLE[3][4], "jannis@home-voorbeeld.nl", "Jannis", "van", "Dijkhorst", "2026-10-16 10:40"]], sep=",")
    assert _netout(monkeypatch, "import", "scans", scans, "--out", folder) == 0
    report = _report(folder, "leads.csv")
    said = report.loc[report["what"].eq("row_skipped"), "reason"].tolist()
    assert len(said) == 1 and "first and last name are those of exactly one registered attendee" in said[0], said


# ---------------------------------------------------------------------------- 2. survey: the respondent's name

MAP = '[columns.survey]\n"{id}" = "attendee_id"\n"{q}" = "satisfaction"\n'


def _survey(folder: Path, tmp_path: Path, monkeypatch, rows: list[list[str]], map_text: str,
            sep: str = ",") -> tuple[pd.DataFrame, pd.DataFrame, str]:
    export = _write(tmp_path / "evaluatie.csv", rows, sep=sep, bom=False)
    (tmp_path / "s.toml").write_text(map_text, encoding="utf-8")
    assert _netout(monkeypatch, "import", "survey", export, "--map", tmp_path / "s.toml", "--out", folder) == 0
    survey = pd.read_csv(folder / "survey.csv", dtype="string")
    return survey, _report(folder, "evaluatie.csv"), (folder / "survey.csv").read_text(encoding="utf-8")


def test_google_forms_name_columns_in_the_map_find_a_guest_of_a_group_order(folder, tmp_path, monkeypatch,
                                                                           capsys):
    """Brechtje answers with the buyer's email (no one's): her name, mapped, decides; never written."""
    capsys.readouterr()
    q = "Hoe tevreden was u?"
    rows = [["Tijdstempel", "E-mailadres", "Voornaam", "Tussenvoegsel", "Achternaam", q],
            ["2026/10/17 9:02:11", GROUP_EMAIL, "Brechtje", "ter", "Haarvelde", "5"],
            ["2026/10/17 9:03:11", "wiebren@thuis-voorbeeld.nl", "Wiebren", "", "Sloothaak", "4"],
            ["2026/10/17 9:04:40", PEOPLE[3][4], "Ilsabe", "", "Quarrendonk", "2"],
            # a name no one registered, and one whose own email already answered: not matched by name
            ["2026/10/17 9:05:40", "x@thuis-voorbeeld.nl", "Onno", "", "Onbekend", "3"],
            ["2026/10/17 9:06:40", "ilsabe@thuis-voorbeeld.nl", "Ilsabe", "", "Quarrendonk", "1"]]
    map_text = (MAP.format(id="E-mailadres", q=q) + '"Voornaam" = "first_name"\n"Tussenvoegsel" = "name_prefix"\n'
                '"Achternaam" = "last_name"\n')
    survey, report, written = _survey(folder, tmp_path, monkeypatch, rows, map_text)
    printed = capsys.readouterr()
    attendees = _attendees(folder)
    guests = [i for i in attendees.index if i not in {_id(p[4]) for p in PEOPLE}]
    assert len(guests) == 2                       # the group order's two tickets: ids of their own
    matched = survey[survey["attendee_id"].isin(attendees.index)]
    by_score = dict(zip(matched["satisfaction"].astype(float), matched["attendee_id"]))
    assert set(by_score) == {5.0, 4.0, 2.0}
    assert attendees.loc[by_score[5.0], "industry"] == "ICT" and by_score[5.0] in guests
    assert attendees.loc[by_score[4.0], "industry"] == "Logistiek" and by_score[4.0] in guests
    by_name = report[report["reason"].str.contains("by the respondent's name")]
    assert by_name["row"].tolist()[:2] == ["2", "3"]
    assert "Voornaam" in by_name["column"].iloc[0]
    assert report["reason"].str.contains("already answered").any()
    for column in ("first_name", "last_name", "name_prefix"):
        assert column not in survey.columns
    assert_none_of(_planted(), printed.out, printed.err, written, folder=folder)


def test_microsoft_forms_name_column_finds_the_attendee(folder, tmp_path, monkeypatch):
    q = "Hoe tevreden was u?"
    rows = [["Id", "Begintijd", "Tijdstip van voltooien", "E-mail", "Naam", q],
            ["1", "10/17/26 9:00:01", "10/17/26 9:02:11", "jannis@thuis-voorbeeld.nl", "Jannis van Dijkhorst", "5"],
            ["2", "10/17/26 9:01:01", "10/17/26 9:03:11", "anonymous", "", "4"],
            ["3", "10/17/26 9:01:01", "10/17/26 9:03:11", "m@thuis-voorbeeld.nl", "Marijke Wolterink", "3"]]
    survey, report, _ = _survey(folder, tmp_path, monkeypatch, rows, MAP.format(id="E-mail", q=q))
    assert survey.loc[survey["satisfaction"].astype(float).eq(5), "attendee_id"].iloc[0] == _id(PEOPLE[0][4])
    # "Marijke Wolterink" leaves out the prefix: the registrations keyed that spelling too
    assert survey.loc[survey["satisfaction"].astype(float).eq(3), "attendee_id"].iloc[0] == _id(PEOPLE[1][4])
    assert report["reason"].str.contains("by the respondent's name").any()


def test_surveymonkey_contact_question_names_find_the_attendee(folder, tmp_path, monkeypatch):
    q = "Hoe tevreden was u?"
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address", "First Name", "Last Name",
             "Uw gegevens", "", "", q],
            ["", "", "", "", "", "", "", "First Name", "Last Name", "Company", "Response"],
            ["1141", "4315", "10/17/2026 09:01:12 AM", "10/17/2026 09:03:40 AM", "", "", "", "Gerolf",
             "von der Heydtmann", "Kieselgrund", "Zeer tevreden"],
            ["1142", "4315", "10/17/2026 09:01:12 AM", "10/17/2026 09:03:40 AM", "ilsabe@thuis-voorbeeld.nl",
             "Ilsabe", "Quarrendonk", "", "", "", "Tevreden"]]
    survey, report, _ = _survey(folder, tmp_path, monkeypatch, rows, MAP.format(id="Email Address", q=q))
    ids = dict(zip(survey["satisfaction"].astype(float), survey["attendee_id"]))
    assert ids == {5.0: _id(PEOPLE[2][4]), 4.0: _id(PEOPLE[3][4])}


def test_a_name_two_registered_attendees_share_matches_neither(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    rows = [["Voornaam", "Achternaam", "E-mailadres", "Status"],
            ["Jannis", "Dijkhorst", "j1@polder-voorbeeld.nl", "Ingecheckt"],
            ["Jannis", "Dijkhorst", "j2@polder-voorbeeld.nl", "Ingecheckt"]]
    folder = tmp_path / "ev"
    assert _netout(monkeypatch, "import", "registrations", _write(tmp_path / "r.csv", rows), "--out", folder,
                   "--format", "unstructured") == 0
    q = "Hoe tevreden was u?"
    survey, report, _ = _survey(folder, tmp_path, monkeypatch,
                                [["Timestamp", "Email", "Naam", q],
                                 ["2026/10/17 9:02:11", "j@x-voorbeeld.nl", "Jannis Dijkhorst", "5"],
                                 ["2026/10/17 9:03:11", "j1@polder-voorbeeld.nl", "", "4"]],
                                MAP.format(id="Email", q=q) + '"Naam" = "name"\n')
    assert survey["attendee_id"].iloc[0] not in set(_attendees(folder).index)
    assert survey["attendee_id"].iloc[1] in set(_attendees(folder).index)
    assert report["reason"].str.contains("several registered attendees").any()


# ---------------------------------------------------------------------------- 3. a table named as the file writes it


def test_a_participation_without_people_column_is_named_as_written(folder, tmp_path, monkeypatch):
    (folder / "participation.csv").unlink()
    pd.DataFrame({"Sessie": ["s1"], "start": ["2026-10-16 10:00"], "end": ["2026-10-16 11:00"],
                  "format": ["structured"], "session_id": ["s1"]}).to_csv(folder / "sessions.csv", index=False)
    pd.DataFrame({"session_id": ["s1"], "E-mailadres": [PEOPLE[0][4]]}).to_excel(folder / "participation.xlsx",
                                                                                 index=False)
    scans = _write(tmp_path / "leads.csv", [["Scanned By", "Email", "Scan Time"],
                                            [PEOPLE[3][4], PEOPLE[0][4], "2026-10-16 10:40"]], sep=",")
    assert _netout(monkeypatch, "import", "scans", scans, "--out", folder) == 0
    notes = " ".join(pd.read_csv(folder / "import_report.csv", dtype="string", keep_default_na=False)["reason"])
    assert "'E-mailadres'" in notes and "'e-mailadres'" not in notes
    assert "participation.xlsx has no attendee_id column" in notes and "participation.csv" not in notes

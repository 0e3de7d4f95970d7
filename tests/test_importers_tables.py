"""`netout import tables`: a facilitator's table plan becomes the participation's group_id.

A CCI breakfast organiser had a table plan (Table, Nom, Prénom, Société, a title above the header) and
an email-keyed attendee list; mapping the names to attendee_id gave 37 validate errors, and the emails
were looked up by hand. The import finds the plan's people among the registered attendees.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import toolkit
from toolkit.cli import app
from toolkit.errors import UsageError
from toolkit.io.importers import import_export

SECRET = "tables-test-key-0123456789"
PEOPLE = [("Hélène", "Dupont", "helene.dupont@ex.fr"), ("Marc", "Lefèvre", "marc.l@ex.fr"),
          ("Zoé", "Martin", "zoe@ex.fr"), ("Paul", "Girard", "paul.g@ex.fr"), ("Paul", "Girard", "pgirard@ex.fr"),
          ("Inès", "Roux", "ines@ex.fr"), ("Jean", "Morel", "jean@ex.fr"), ("Anne", "Faure", "anne@ex.fr")]
# the plan as a facilitator types it: accents dropped, capitals, the surname first, a guest not registered,
# a name two registered people share, someone written at two tables, a row without a table
PLAN = [("Table 1", "Dupont", "Helene"), ("Table 1", "LEFEVRE", "marc"), ("Table 1", "Martin", "Zoé"),
        ("Table 2", "Girard", "Paul"), ("Table 2", "Roux", "Inès"), ("Table 2", "Inconnu", "Victor"),
        ("Table 2", "Morel", "Jean"), ("Table 3", "Morel", "Jean"), (None, "Faure", "Anne")]


def _event(tmp_path, *, sessions=None):
    reg = tmp_path / "inscriptions.csv"
    pd.DataFrame(PEOPLE, columns=["Prénom", "Nom", "E-mail"]).to_csv(reg, index=False)
    out = tmp_path / "season" / "2026-01-pdj1"
    import_export("registrations", [reg], out=out, session_format="structured", secret=SECRET)
    if sessions is not None:
        pd.DataFrame({"event_id": "2026-01-pdj1", "session_id": sessions, "format": "structured"}).to_csv(
            out / "sessions.csv", index=False)
    return out


def _plan_xlsx(path, rows=PLAN):
    book = Workbook()
    sheet = book.active
    sheet.append(["Plan de table - petit-déjeuner du 15 janvier"])
    sheet.append([])
    sheet.append(["Table", "Nom", "Prénom", "Société"])
    for table, nom, prenom in rows:
        sheet.append([table, nom, prenom, "ACME"])
    book.save(path)
    return path


def _ids(out):
    """Attendee id of each registered person, by email (the registrations' id is the pseudonymised email)."""
    from toolkit.privacy import pseudonymise

    emails = pd.Series([e for _, _, e in PEOPLE], dtype="string")
    return dict(zip(emails, pseudonymise(emails, secret=SECRET, all_values=True)))


def test_a_table_plan_by_names_gives_each_registered_person_their_table(tmp_path):
    out = _event(tmp_path)
    result = import_export("tables", [_plan_xlsx(tmp_path / "plan_de_table.xlsx")], out=out, secret=SECRET)
    part = pd.read_csv(out / "participation.csv", dtype="string")
    table = dict(zip(part["attendee_id"], part["group_id"]))
    ids = _ids(out)
    assert table[ids["helene.dupont@ex.fr"]] == "Table 1"     # "Dupont Helene": accents folded
    assert table[ids["marc.l@ex.fr"]] == "Table 1"            # "LEFEVRE marc": case and accents folded
    assert table[ids["zoe@ex.fr"]] == "Table 1"
    assert table[ids["ines@ex.fr"]] == "Table 2"
    # two registered Paul Girard: neither is guessed; Jean Morel at two tables: neither is kept
    assert pd.isna(table[ids["paul.g@ex.fr"]]) and pd.isna(table[ids["pgirard@ex.fr"]])
    assert pd.isna(table[ids["jean@ex.fr"]]) and pd.isna(table[ids["anne@ex.fr"]])
    report = result.report
    skipped = report[report["what"] == "row_skipped"].set_index("row")["reason"]
    # spreadsheet rows: title on 1, header on 3, the plan from row 4
    assert "shared by two or more registered attendees" in skipped[7]
    assert "names no registered attendee" in skipped[9]
    assert "two tables" in skipped[10] and "two tables" in skipped[11]
    assert "no table given" in skipped[12]
    assert result.rows_skipped == 5
    assert not toolkit.validate_folder(tmp_path / "season", secret=SECRET).errors


def test_no_name_from_the_plan_reaches_the_folder_or_the_report(tmp_path):
    out = _event(tmp_path)
    result = import_export("tables", [_plan_xlsx(tmp_path / "plan.xlsx")], out=out, secret=SECRET)
    written = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".csv", ".toml"))
    shown = written + result.summary()
    for _, nom, prenom in PLAN:
        for word in (nom, prenom, "Inconnu", "Victor", "ACME"):
            assert word.lower() not in shown.lower(), word


def test_the_folder_validates_and_the_tables_are_groups_of_the_session(tmp_path):
    out = _event(tmp_path)
    import_export("tables", [_plan_xlsx(tmp_path / "plan.xlsx")], out=out, secret=SECRET)
    data = toolkit.load_event_data(tmp_path / "season", secret=SECRET)
    groups = data.participation["group_id"].dropna()
    assert sorted(groups.value_counts().to_dict().items()) == [("Table 1", 3), ("Table 2", 1)]


def test_one_column_per_table_with_the_names_below(tmp_path):
    out = _event(tmp_path)
    plan = tmp_path / "tables.csv"
    plan.write_text("Table 1,Table 2,Table 3\nHélène Dupont,Inès Roux,anne@ex.fr\nZOE MARTIN,,Victor Inconnu\n",
                    encoding="utf-8")
    result = import_export("tables", [plan], out=out, secret=SECRET)
    part = pd.read_csv(out / "participation.csv", dtype="string")
    table = dict(zip(part["attendee_id"], part["group_id"]))
    ids = _ids(out)
    assert table[ids["helene.dupont@ex.fr"]] == "Table 1" and table[ids["zoe@ex.fr"]] == "Table 1"
    assert table[ids["ines@ex.fr"]] == "Table 2" and table[ids["anne@ex.fr"]] == "Table 3"   # by email
    skipped = result.report[result.report["what"] == "row_skipped"]
    assert skipped[["row", "column"]].values.tolist() == [[3, "Table 3"]]


def test_an_event_of_several_sessions_needs_the_session(tmp_path):
    out = _event(tmp_path, sessions=["tables-8h", "open-9h"])
    plan = _plan_xlsx(tmp_path / "plan.xlsx")
    with pytest.raises(UsageError, match="has 2 sessions .*--session"):
        import_export("tables", [plan], out=out, secret=SECRET)
    with pytest.raises(UsageError, match="not a session"):
        import_export("tables", [plan], out=out, secret=SECRET, session="tables-9h")
    import_export("tables", [plan], out=out, secret=SECRET, session="tables-8h")
    part = pd.read_csv(out / "participation.csv", dtype="string")
    seated = part[part["group_id"].notna()]
    assert set(seated["session_id"]) == {"tables-8h"} and len(seated) == 4


def test_tables_already_written_are_replaced_only_with_force(tmp_path):
    out = _event(tmp_path)
    plan = _plan_xlsx(tmp_path / "plan.xlsx")
    import_export("tables", [plan], out=out, secret=SECRET)
    with pytest.raises(UsageError, match="already has tables.*--force"):
        import_export("tables", [plan], out=out, secret=SECRET)
    # Zoé moves to table 9; Inès is no longer on the plan: her table of the first plan goes
    moved = [("Table 9", n, p) if n == "Martin" else (t, n, p) for t, n, p in PLAN if n != "Roux"]
    import_export("tables", [_plan_xlsx(tmp_path / "plan2.xlsx", moved)], out=out, secret=SECRET, overwrite=True)
    part = pd.read_csv(out / "participation.csv", dtype="string")
    table = dict(zip(part["attendee_id"], part["group_id"]))
    assert table[_ids(out)["zoe@ex.fr"]] == "Table 9" and table[_ids(out)["helene.dupont@ex.fr"]] == "Table 1"
    assert pd.isna(table[_ids(out)["ines@ex.fr"]])
    assert len(part) == len(PEOPLE)


def test_a_plan_without_a_table_column_says_what_it_needs(tmp_path):
    out = _event(tmp_path)
    plan = tmp_path / "liste.csv"
    plan.write_text("Convive,Place\nHélène Dupont,A\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no table column .*--table-column"):
        import_export("tables", [plan], out=out, secret=SECRET)


def test_the_command(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    out = _event(tmp_path)
    plan = _plan_xlsx(tmp_path / "plan.xlsx")
    result = CliRunner().invoke(app, ["import", "tables", str(plan), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 attendee(s) seated at 2 table(s) of session 'all'" in result.output
    assert "names no registered attendee" in result.output
    wrong = CliRunner().invoke(app, ["import", "tables", str(plan), "--out", str(out), "--format", "structured"])
    assert isinstance(wrong.exception, UsageError)
    assert "--format does not apply to 'netout import tables'" in str(wrong.exception)


def test_a_table_column_of_an_unusual_header_is_named_with_table_column(tmp_path):
    """"Emplacement" is no usual table header: --table-column names it, and the header is still found below the
    plan's title (the header row is recognised by the table column given)."""
    out = _event(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(["Plan de table - petit-déjeuner du 15 janvier"])
    sheet.append(["Emplacement", "Nom", "Prénom", "Société"])
    sheet.append(["Fenêtre", "Dupont", "Hélène", "Groupe Alpha"])
    sheet.append(["Fenêtre", "Lefèvre", "Marc", "Groupe Alpha"])
    plan = tmp_path / "plan.xlsx"
    book.save(plan)
    with pytest.raises(UsageError, match="no table column"):
        import_export("tables", [plan], out=out, secret=SECRET)
    with pytest.raises(UsageError, match="--table-column 'Salle' is not a column of the plan"):
        import_export("tables", [plan], out=out, secret=SECRET, table_column="Salle")
    result = import_export("tables", [plan], out=out, secret=SECRET, table_column="emplacement")
    table = dict(zip(result.tables["participation"]["attendee_id"], result.tables["participation"]["group_id"]))
    ids = _ids(out)
    assert table[ids["helene.dupont@ex.fr"]] == "Fenêtre" and table[ids["marc.l@ex.fr"]] == "Fenêtre"
    assert result.rows_skipped == 0


def test_a_plan_by_email_beside_the_table(tmp_path):
    out = _event(tmp_path)
    plan = tmp_path / "plan_emails.csv"
    plan.write_text("N° de table,E-mail\n3, PAUL.G@ex.fr\n3,pgirard@ex.fr\n4,someone@else.example\n,zoe@ex.fr\n",
                    encoding="utf-8")
    result = import_export("tables", [plan], out=out, secret=SECRET)
    table = dict(zip(result.tables["participation"]["attendee_id"], result.tables["participation"]["group_id"]))
    ids = _ids(out)
    # the two Paul Girard, told apart by their emails
    assert table[ids["paul.g@ex.fr"]] == "3" and table[ids["pgirard@ex.fr"]] == "3"
    skipped = result.report[result.report["what"] == "row_skipped"].set_index("row")
    assert sorted(skipped.index) == [4, 5]
    assert "names no registered attendee" in skipped.loc[4, "reason"] and skipped.loc[4, "column"] == "E-mail"
    assert "no table given" in skipped.loc[5, "reason"]
    assert "someone@else" not in result.report.astype(str).to_string()


def test_a_row_of_short_names_is_never_read_as_the_header_of_tables(tmp_path):
    """A reviewer's find: a data row of short cells ('Roux', 'Inès', 'ACME') matched the one-column-per-table
    header rule, so the report listed them as tables and a seat's group_id could be a person's name."""
    out = _event(tmp_path)
    plan = tmp_path / "plan.csv"
    plan.write_text("Roux,Inès,ACME\nTable,Nom,Prénom\n1,Dupont,Hélène\n2,Roux,Inès\n", encoding="utf-8")
    result = import_export("tables", [plan], out=out, secret=SECRET)
    shown = result.summary() + (out / "import_report.csv").read_text(encoding="utf-8") \
        + (out / "participation.csv").read_text(encoding="utf-8")
    for word in ("Roux", "Inès", "ACME", "Dupont", "Hélène"):
        assert word not in shown, word
    part = pd.read_csv(out / "participation.csv", dtype="string")
    ids = _ids(out)
    assert dict(zip(part["attendee_id"], part["group_id"]))[ids["ines@ex.fr"]] == "2"


@pytest.mark.parametrize("header", ["T4", "Table A", "12", "B"])
def test_table_headers_of_one_column_per_table_are_still_read(header):
    from toolkit.io.importers.tables import _wide_columns

    assert _wide_columns([header, "Table 9"]) == [header, "Table 9"]
    assert _wide_columns(["Roux", "Inès", "ACME", "Tom", "Anne"]) == []


def test_a_plan_by_attendee_id_seats_people_or_says_why_not(tmp_path):
    """A plan whose person column is the attendee id (netout's own rosters) seated nobody and said nothing."""
    out = _event(tmp_path)
    ids = list(_ids(out).values())
    plan = tmp_path / "plan.csv"
    plan.write_text(f"Table,attendee_id\n1,{ids[0]}\n1,{ids[1]}\n2,p_0000000000000000\n", encoding="utf-8")
    result = import_export("tables", [plan], out=out, secret=SECRET)
    part = pd.read_csv(out / "participation.csv", dtype="string")
    seated = dict(zip(part["attendee_id"], part["group_id"]))
    assert seated[ids[0]] == "1" and seated[ids[1]] == "1"
    skipped = result.report[result.report["what"] == "row_skipped"]
    assert skipped["row"].tolist() == [4]

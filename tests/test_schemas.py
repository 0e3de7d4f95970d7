"""The table contract is stated once, in the pandera models; the rest is derived from them."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.contract import ID_COLUMNS, TABLES, TIME_COLUMNS, YES_NO_COLUMNS
from toolkit.io.schemas import SCHEMAS, check_table, field_rules, table_rule

KINDS = {"id", "text", "yes_no", "time", "code", "number", "likert"}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_field_says_what_it_means_and_how_it_is_read(name):
    for column, rule in field_rules(name).items():
        assert rule.meaning, f"{name}.{column} has no meaning"
        assert rule.kind in KINDS
        if not rule.nullable:
            assert rule.on_missing is not None and rule.on_missing[0] in ("error", "set_aside")
        if rule.kind in ("yes_no", "time", "code", "number", "likert"):
            assert rule.unreadable is not None, f"{name}.{column}: what happens to an unreadable cell?"


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_contract_constants_are_derived_from_the_schemas(name):
    rules = field_rules(name)
    assert TABLES[name].columns == tuple(rules)
    assert TABLES[name].required == tuple(c for c, r in rules.items() if r.required)
    assert TABLES[name].is_required_table == table_rule(name).required_table
    for constant, kind in ((ID_COLUMNS, "id"), (YES_NO_COLUMNS, "yes_no"), (TIME_COLUMNS, "time")):
        assert constant.get(name, ()) == tuple(c for c, r in rules.items() if r.kind == kind)


def test_loaded_tables_pass_their_schemas_dtypes_included():
    data = toolkit.load_event_data(toolkit.example_folder(), secret="k")
    for name, frame in data.tables().items():
        assert len(frame.columns) > len(field_rules(name))  # the fields, then _row and _file
        assert check_table(name, frame) == [], name  # a wrong dtype would be an 'internal check' finding


@pytest.mark.parametrize(("table", "column", "value"), [
    ("sessions", "format", "mingle"), ("survey", "met_helpful", "maybe"), ("contacts", "duration_s", "long"),
    ("followups", "kind", "fax"),
])
def test_the_bad_cell_message_is_the_schemas_sentence(tmp_path, table, column, value):
    import shutil

    folder = tmp_path / "ev"
    shutil.copytree(toolkit.example_folder() / "E01", folder)
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(path, index=False)
    report = toolkit.validate_folder(folder, secret="k")
    action, sentence = field_rules(table)[column].unreadable
    found = [p for p in report.problems if p.file == f"{table}.csv" and p.column == column and p.row == 2]
    assert found and found[0].message == sentence
    assert found[0].severity == ("error" if action == "error" else "warning")

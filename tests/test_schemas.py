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


# --------------------------------------------------------------------------- the run-time snapshot of the models


def test_the_snapshot_the_loader_reads_is_what_the_models_say():
    from toolkit.io import schemas
    from toolkit.io._schema_snapshot import SNAPSHOT

    assert SNAPSHOT == schemas.derived_snapshot(), "run: python -m toolkit.io.schemas"
    assert list(SNAPSHOT) == list(SCHEMAS)


def test_loading_a_folder_does_not_import_pandera(tmp_path):
    import subprocess
    import sys

    code = ("import sys, toolkit\n"
            "toolkit.load_event_data(toolkit.example_folder(), secret='k')\n"
            "print('pandera' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_plain_checks_pass_the_loaded_tables_with_the_models_dtypes():
    from toolkit.io.rules import _dtype, plain_checks_pass

    data = toolkit.load_event_data(toolkit.example_folder(), secret="k")
    for name, frame in data.tables().items():
        for column in field_rules(name):
            assert frame[column].dtype == _dtype(name, column), (name, column)
        assert plain_checks_pass(name, frame), name


def _spoiled(name, frame, how):
    frame = frame.copy()
    if how == "missing_id":
        frame.loc[0, "attendee_id"] = pd.NA
    elif how == "self_pair":
        frame.loc[0, "contact_id"] = frame.loc[0, "attendee_id"]
    elif how == "repeat":
        frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    elif how == "end_before_start":
        frame.loc[0, "end"] = frame.loc[0, "start"] - pd.Timedelta(minutes=1)
    elif how == "out_of_range":
        frame.loc[0, "nps"] = 11.0
    elif how == "negative_duration":
        frame["duration_s"] = pd.array([-1.0] + [5.0] * (len(frame) - 1), dtype="Float64")
    elif how == "python_strings":
        frame["attendee_id"] = frame["attendee_id"].astype("string[python]")
    elif how == "float_dtype":
        frame["met_helpful"] = frame["met_helpful"].astype("float64")
    elif how == "other_codes":
        frame["format"] = frame["format"].cat.add_categories(["hybrid"])
    return frame


@pytest.mark.parametrize(("name", "how"), [
    ("attendees", "missing_id"), ("attendees", "repeat"), ("attendees", "python_strings"),
    ("sessions", "end_before_start"), ("sessions", "repeat"), ("sessions", "other_codes"),
    ("participation", "repeat"), ("survey", "out_of_range"), ("survey", "repeat"), ("survey", "float_dtype"),
    ("contacts", "self_pair"), ("contacts", "missing_id"), ("contacts", "negative_duration"),
    ("followups", "self_pair"), ("known_ties", "self_pair"), ("known_ties", "python_strings"),
])
def test_where_the_model_finds_a_problem_the_plain_checks_do_not_pass(name, how):
    # (the plain checks are stricter than the model on dtypes: an object column of text passes the model and is
    # sent to it; that costs time, never a different answer)
    # the plain checks may only say "passes" where the model says so too; then the model names the problem
    from toolkit.io import load, rules, schemas

    data = toolkit.load_event_data(toolkit.example_folder(), secret="k")
    frame = _spoiled(name, data.tables()[name], how)
    described = schemas.check_table(name, frame)
    assert described, "the spoiled table should fail its model"
    assert not rules.plain_checks_pass(name, frame)
    assert [(f.column, f.action, list(f.positions)) for f in load.table_findings(name, frame)] == \
        [(f.column, f.action, list(f.positions)) for f in described]

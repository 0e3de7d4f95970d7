"""The bad-input corpus (``tests/badinput/``): every realistic fault gets a clear message, never a traceback.

Table-driven over ``tests/badinput/cases.toml``: for each case the reader named
there must end as the manifest says (ok / warning / error / refused), and the
message must name the file, the spreadsheet row and the column, with a phrase
that says what is wrong or what to do. Where the data loads, no row may vanish:
every row read from a file is either in the loaded table or listed as set aside.
A sample runs through the ``netout`` command line (exit code, no traceback), and
everything the toolkit writes back as CSV is checked for formula-looking cells.
"""

from __future__ import annotations

import csv
import io
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from toolkit.errors import DataValidationError, NetoutError

CORPUS = Path(__file__).resolve().parent / "badinput"
CASES: list[dict] = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
BY_NAME = {c["name"]: c for c in CASES}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Outcome:
    """How a reader ended on one case, and every message it gave (file/row/column/text)."""

    outcome: str
    messages: list[dict] = field(default_factory=list)
    data: object = None
    result: object = None


# --------------------------------------------------------------------------- running one case


def _case_path(entry: dict) -> Path:
    path = CORPUS / entry["name"]
    return path.with_suffix(".zip") if entry["reader"] == "extract_zip" else path


def _refused(exc: NetoutError) -> Outcome:
    return Outcome("refused", [{"file": None, "row": None, "column": None, "message": str(exc), "text": str(exc)}])


def run_case(entry: dict, work: Path) -> Outcome:
    """Run the case's reader; a toolkit error is an outcome, anything else propagates (a defect)."""
    from toolkit.io.files import extract_zip
    from toolkit.io.load import read_folder
    from toolkit.io.importers import import_export

    path = _case_path(entry)
    reader = entry["reader"]
    try:
        if reader == "load_event_data":
            data = read_folder(path)
            report = data.report
            messages = [{"file": p.file, "row": p.row, "column": p.column, "message": p.message, "text": str(p),
                         "severity": p.severity} for p in report.problems]
            outcome = "error" if report.errors else "warning" if report.warnings else "ok"
            return Outcome(outcome, messages, data=data)
        if reader == "extract_zip":
            folder = extract_zip(path, work / "unpacked")
            return Outcome("ok", data=folder)
        kind = reader.split(":", 1)[1]
        options = {k: (str(path / v) if k in ("schedule", "codebook", "column_map") else v)
                   for k, v in entry.get("options", {}).items()}
        result = import_export(kind, [path / s for s in entry["sources"]], out=work / "out", **options)
        report = result.report
        messages = [{"file": r["file"], "row": None if pd.isna(r["row"]) else int(r["row"]), "column": r["column"],
                     "message": r["reason"], "text": f"{r['what']} {r['file']} row {r['row']} {r['column']}: "
                     f"{r['reason']}", "what": r["what"]} for r in report.to_dict("records")]
        bad = report["what"].isin(["row_skipped", "value_not_mapped"]).any()
        return Outcome("warning" if bad else "ok", messages, result=result)
    except NetoutError as exc:
        return _refused(exc)


def _matches(message: dict, entry: dict) -> bool:
    text = message["text"].casefold()
    if "file" in entry:
        if message["file"] is None:
            if entry["file"].casefold() not in text:
                return False
        elif not str(message["file"]).endswith(entry["file"]):
            return False
    if "row" in entry:
        if message["row"] is None:
            if f"row {entry['row']}" not in text:
                return False
        elif int(message["row"]) != entry["row"]:
            return False
    if "column" in entry:
        if message["column"] is None:
            if entry["column"].casefold() not in text:
                return False
        elif str(message["column"]) != entry["column"]:
            return False
    return "phrase" not in entry or entry["phrase"].casefold() in text


# --------------------------------------------------------------------------- no row vanishes


def _records(path: Path) -> set[int]:
    """Spreadsheet rows (header = 1) of a table file that hold any value, read independently of the loader."""
    from toolkit.io.files import decode_text, sniff_delimiter

    if path.suffix.lower() == ".xlsx":
        frame = pd.read_excel(path, dtype=object)
        return {i + 2 for i in range(len(frame)) if frame.iloc[i].notna().any()}
    text, _ = decode_text(path.read_bytes(), name=path.name)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    return {k + 1 for k, record in enumerate(rows) if k > 0 and any(cell.strip() for cell in record)}


def _check_nothing_vanished(entry: dict, data) -> None:
    """Rows read = rows loaded + rows set aside, per table file, by spreadsheet row number."""
    from toolkit.io.load import _table_files

    root = _case_path(entry)
    aside = {(r["file"], r["row"]) for r in data.report.set_aside if " left blank: " not in r["reason"]}
    folders = [root] + [p for p in root.iterdir() if p.is_dir()]
    for folder in folders:
        for name, files in _table_files(folder).items():
            chosen = files[0]  # the loader reads the first file of a table and notes the others
            label = chosen.relative_to(root).as_posix()
            read = {(label, row) for row in _records(chosen)}
            table = data.tables()[name]
            loaded = set(zip(table["_file"].astype(str), table["_row"].astype(int)))
            mine = {key for key in loaded | aside if key[0] == label}
            assert read == mine, f"{entry['name']}: {label}: rows read {sorted(read - mine)} vanished, " \
                                 f"{sorted(mine - read)} appeared"
            assert not (loaded & aside), f"{entry['name']}: rows both loaded and set aside: {loaded & aside}"


# --------------------------------------------------------------------------- the table-driven test


def test_corpus_is_large_and_documented():
    assert len(CASES) >= 60
    for entry in CASES:
        assert entry["outcome"] in ("ok", "warning", "error", "refused"), entry["name"]
        assert entry["fault"].strip(), entry["name"]
        assert _case_path(entry).exists(), f"{entry['name']} is in cases.toml but not in {CORPUS}"
        if entry["outcome"] in ("warning", "error"):
            assert "file" in entry, f"{entry['name']}: a reported problem must name its file"
    listed = {c["name"] for c in CASES}
    on_disk = {p.stem for p in CORPUS.iterdir() if not p.name.startswith((".", "_")) and p.suffix in ("", ".zip")}
    assert on_disk <= listed, f"corpus entries without a manifest line: {sorted(on_disk - listed)}"


@pytest.mark.parametrize("entry", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_case(entry, tmp_path):
    got = run_case(entry, tmp_path)
    assert got.outcome == entry["outcome"], (
        f"{entry['name']} ({entry['fault']}): expected {entry['outcome']}, got {got.outcome}:\n"
        + "\n".join(m["text"] for m in got.messages[:10]))
    if entry["outcome"] in ("warning", "error", "refused"):
        assert got.messages, f"{entry['name']}: nothing was said"
        assert any(_matches(m, entry) for m in got.messages), (
            f"{entry['name']}: no message names " + ", ".join(f"{k}={entry[k]!r}" for k in
                                                              ("file", "row", "column", "phrase") if k in entry)
            + ":\n" + "\n".join(m["text"] for m in got.messages[:10]))
    for message in got.messages:
        assert "Traceback" not in message["text"]
    if entry["reader"] == "load_event_data" and got.outcome in ("ok", "warning"):
        _check_nothing_vanished(entry, got.data)
        # every problem of a usable folder names the file, and a row-level one its row and column
        for problem in got.data.report.problems:
            assert problem.file, problem
            if problem.row is not None and problem.row > 1:
                assert problem.column, problem
    if entry["reader"] == "extract_zip" and got.outcome == "ok":
        from toolkit.io.load import read_folder

        assert read_folder(got.data).report.ok
    if entry["reader"].startswith("import:") and got.outcome in ("ok", "warning"):
        result = got.result
        if "skipped_rows" in entry:
            skipped = result.report[result.report["what"] == "row_skipped"]["row"].dropna().astype(int)
            assert sorted(skipped) == entry["skipped_rows"]
        if "rows_in" in entry:
            main = {"survey": "survey", "scorecards": "contacts"}[entry["reader"].split(":")[1]]
            assert result.counts()[main] + result.rows_skipped == entry["rows_in"]
        if {"sessions", "participation"} <= set(result.tables):  # a whole event folder: it must validate
            from toolkit.io.load import read_folder

            report = read_folder(result.out).report
            assert report.ok, report.summary()


def test_error_folders_raise_the_toolkit_error():
    """load_event_data raises DataValidationError (with the report) where validation finds errors."""
    from toolkit.io.load import load_event_data

    for name in ("duplicate_column", "leading_zeros_lost", "title_row_xlsx"):
        with pytest.raises(DataValidationError) as caught:
            load_event_data(CORPUS / name)
        assert not caught.value.report.ok
        assert BY_NAME[name]["file"] in str(caught.value)


def test_refused_zip_writes_nothing(tmp_path):
    from toolkit.io.files import extract_zip

    dest = tmp_path / "deep" / "unpacked"
    for name in ("zip_slip", "zip_absolute_path", "zip_symlink"):
        with pytest.raises(DataValidationError):
            extract_zip(CORPUS / f"{name}.zip", dest)
        assert not dest.exists() or not any(dest.rglob("*")), f"{name}: something was unpacked"
    assert not (tmp_path / "outside.csv").exists() and not (tmp_path / "deep" / "outside.csv").exists()


def test_zip_over_the_size_limit_is_refused(tmp_path):
    from toolkit.io.files import extract_zip

    with pytest.raises(DataValidationError, match="more than"):
        extract_zip(CORPUS / "zip_good_with_macosx.zip", tmp_path / "x", max_bytes=1000)
    assert not (tmp_path / "x").exists()


# --------------------------------------------------------------------------- oversized file


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    """A 1 GB contacts.csv (sparse: no disk, no memory) is refused by its size, with file and what to do."""
    import shutil

    from toolkit.io.load import read_folder

    folder = tmp_path / "big"
    shutil.copytree(CORPUS / "header_only_followups", folder)
    with open(folder / "contacts.csv", "wb") as handle:
        handle.truncate(1024 ** 3)  # a sparse file: 1 GB by its size, nothing written
    read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != "contacts.csv", "the oversized file was read"
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    report = read_folder(folder).report
    problem = next(p for p in report.errors if p.file == "contacts.csv")
    assert "1,024 MB" in problem.message and "NETOUT_MAX_FILE_MB" in problem.message
    monkeypatch.setenv("NETOUT_MAX_FILE_MB", "0.0001")  # the limit is a setting: a tiny limit refuses the rest too
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    small = read_folder(CORPUS / "header_only_followups").report
    assert {p.file for p in small.errors} >= {"attendees.csv", "sessions.csv"}


# --------------------------------------------------------------------------- the command line


def _netout(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    from toolkit.cli import main

    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.out + captured.err


@pytest.mark.parametrize("name", ["leading_zeros_lost", "duplicate_column", "unclosed_quote", "empty_file",
                                  "pdf_saved_as_csv", "merged_header_rows"])
def test_cli_validate_names_the_place_without_traceback(name, monkeypatch, capsys):
    entry = BY_NAME[name]
    code, text = _netout(monkeypatch, capsys, "validate", CORPUS / name)
    assert code == 1
    assert "Traceback" not in text
    assert entry["file"] in text
    if "row" in entry:
        assert f"row {entry['row']}" in text


def test_cli_outcomes_on_bad_folder_exits_1(monkeypatch, capsys, tmp_path):
    code, text = _netout(monkeypatch, capsys, "outcomes", CORPUS / "unknown_format_code", "--out", tmp_path / "o.csv")
    assert code == 1 and "Traceback" not in text
    assert "sessions.csv row 3, column format" in text


@pytest.mark.parametrize("name", ["tij_empty", "tij_empty_schedule", "survey_empty", "scorecards_empty",
                                  "scorecards_ragged"])
def test_cli_import_refuses_without_traceback(name, monkeypatch, capsys, tmp_path):
    entry = BY_NAME[name]
    path = CORPUS / name
    flags = {"schedule": "--schedule", "codebook": "--codebook", "column_map": "--map"}
    options = [x for k, v in entry.get("options", {}).items() for x in (flags[k], path / v)]
    code, text = _netout(monkeypatch, capsys, "import", entry["reader"].split(":")[1],
                         *[path / s for s in entry["sources"]], *options, "--out", tmp_path / "out")
    assert code in (1, 2) and "Traceback" not in text
    assert entry.get("file", entry["sources"][0]) in text


# --------------------------------------------------------------------------- formula-looking cells written back


def _formula_cells(path: Path) -> list[str]:
    """Cells of a written CSV that a spreadsheet would run as a formula (plain numbers are fine)."""
    import re

    number = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row
                if cell.startswith(FORMULA_START) and not number.match(cell)]


def test_outcomes_csv_neutralises_formulas(monkeypatch, capsys, tmp_path):
    for name in ("formula_cells", "formula_ids"):
        out = tmp_path / f"{name}.csv"
        code, text = _netout(monkeypatch, capsys, "outcomes", CORPUS / name, "--out", out)
        assert code == 0, text
        assert _formula_cells(out) == []
        written = out.read_text(encoding="utf-8")
        if name == "formula_cells":
            assert "'=HYPERLINK" in written and "'@SUM(A1:A9)" in written and "'-2+3" in written


def test_importer_csvs_neutralise_formulas(tmp_path):
    from toolkit.io.importers import import_export

    path = CORPUS / "survey_formula_answer"
    result = import_export("survey", [path / "export.csv"], out=tmp_path / "s", column_map=str(path / "map.toml"))
    for written in result.files:
        if written.suffix == ".csv":
            assert _formula_cells(written) == [], written.name
    # the free-text comment that held the formula is personal data: left out, and the report says so
    assert "HYPERLINK" not in (tmp_path / "s" / "survey.csv").read_text(encoding="utf-8")
    report = (tmp_path / "s" / "import_report.csv").read_text(encoding="utf-8")
    assert "personal_data,export.csv,,Comment," in report


def test_set_aside_csv_neutralises_formulas(tmp_path):
    """The set-aside list names files and reasons; a file or value that looks like a formula is quoted."""
    from toolkit.errors import ValidationReport

    report = ValidationReport()
    report.set_rows_aside("survey", "=cmd|' /C calc'!A0.csv", [2, 3], "+reason that looks like a formula")
    from toolkit.io.files import write_csv

    out = write_csv(report.set_aside_frame(), tmp_path / "aside.csv")
    assert _formula_cells(out) == []


def test_design_plan_csvs_neutralise_formulas(tmp_path):
    from toolkit.plan import plan_next_event

    registrations = pd.DataFrame({
        "attendee_id": [f"=A{i}" if i % 4 == 0 else f"R{i}" for i in range(24)],
        "industry": ["=HYPERLINK(\"http://x\")", "@SUM(1)", "retail", "+tech"] * 6,
        "networking_style": ["reserved", "self-directed"] * 12,
    })
    plan = plan_next_event(registrations, by="networking_style", grouping="industry", group_size=4, random_state=1)
    for written in plan.write(tmp_path / "plan"):
        assert _formula_cells(written) == [], written.name

"""Issue 13: keys that cannot be empty, short, readable by others or shared across organisations; settings faults
said plainly; size and shape limits checked before reading; --out never over the inputs; redaction that keeps dates."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import toolkit
from toolkit.cli import app
from toolkit.errors import DataValidationError, NetoutError, UsageError
from toolkit.io.files import ReadLimits, extract_zip, read_table
from toolkit.privacy import load_secret, minimise_columns, personal_content_kind, pseudonymise, redact_text
from toolkit.settings import Settings

# --------------------------------------------------------------------------- keys


def test_an_empty_key_file_is_refused_not_used(tmp_path, monkeypatch):
    """An empty secret file gave an empty HMAC key, silently."""
    monkeypatch.delenv("NETOUT_SECRET", raising=False)
    key_file = tmp_path / "secret"
    key_file.write_bytes(b"\n")
    key_file.chmod(0o600)
    monkeypatch.setenv("NETOUT_SECRET_FILE", str(key_file))
    with pytest.raises(NetoutError, match="is empty"):
        load_secret()


def test_a_short_key_is_refused(monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", "short")
    with pytest.raises(NetoutError, match="5 characters long; use at least 16"):
        load_secret()
    monkeypatch.setenv("NETOUT_SECRET", "")
    with pytest.raises(NetoutError, match="is empty"):
        load_secret()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_key_file_others_can_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("NETOUT_SECRET", raising=False)
    key_file = tmp_path / "secret"
    key_file.write_text("x" * 64)
    key_file.chmod(0o644)
    monkeypatch.setenv("NETOUT_SECRET_FILE", str(key_file))
    with pytest.raises(NetoutError, match="chmod 600"):
        load_secret()
    key_file.chmod(0o600)
    assert load_secret() == b"x" * 64


def test_two_organisations_never_share_pseudonyms(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_SECRET", "one-machine-one-key-file")
    emails = pd.Series(["ann@example.org"])
    plain = pseudonymise(emails, all_values=True)[0]
    monkeypatch.setenv("NETOUT_ORG", "acme")
    acme = pseudonymise(emails, all_values=True)[0]
    monkeypatch.setenv("NETOUT_ORG", "globex")
    globex = pseudonymise(emails, all_values=True)[0]
    assert len({plain, acme, globex}) == 3
    # the settings file names the organisation too; both naming different ones is refused
    monkeypatch.delenv("NETOUT_ORG")
    import shutil

    base = shutil.copytree(toolkit.datasets.example_folder() / "E01", tmp_path / "ev")
    (base / "netout.toml").write_text('[privacy]\norganisation = "acme"\n', encoding="utf-8")
    data = toolkit.load_event_data(base)
    again = pseudonymise(data.attendees["attendee_id"].head(1), all_values=True, organisation="acme")
    assert data.attendees["attendee_id"].iloc[0] == again.iloc[0]  # already a pseudonym: kept
    monkeypatch.setenv("NETOUT_ORG", "globex")
    with pytest.raises(NetoutError, match="must never be mixed"):
        toolkit.load_event_data(base)


def test_every_person_id_is_hashed_unless_the_settings_keep_plain_codes(tmp_path):
    import shutil

    base = shutil.copytree(toolkit.datasets.example_folder() / "E01", tmp_path / "ev")
    hashed = toolkit.load_event_data(base, secret="k")
    assert hashed.attendees["attendee_id"].str.startswith("p_").all()
    (base / "netout.toml").write_text("[privacy]\nkeep_plain_ids = true\n", encoding="utf-8")
    plain = toolkit.load_event_data(base, secret="k")
    assert plain.attendees["attendee_id"].str.startswith("M").all()


# --------------------------------------------------------------------------- settings faults


@pytest.mark.parametrize("content, phrase", [
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("[likert]\nTop = \"five\"\n", "give the label a number"),
    ("[columns.attendees]\n\"Badge ID\" = 3\n", "give the toolkit's column name in quotes"),
    ("[style_scale]\nitems = [\"a\", \"b\"]\nmin_answered = \"two\"\n", "min_answered must be a whole number"),
    ("[privacy]\nsegments = \"City\"\n", "segments must be a list"),
    ("privacy = 3\n", "[privacy] must be a table"),
    ("[columns\n", "not a valid TOML settings file"),
])
def test_every_settings_fault_is_a_clear_error(tmp_path, content, phrase):
    (tmp_path / "netout.toml").write_text(content, encoding="utf-8")
    with pytest.raises(NetoutError) as caught:
        Settings.read(tmp_path)
    assert phrase in str(caught.value)


def test_a_settings_folder_is_a_clear_error_and_validate_says_so(tmp_path):
    import shutil

    base = shutil.copytree(toolkit.datasets.example_folder() / "E01", tmp_path / "ev")
    (base / "netout.toml").mkdir()
    with pytest.raises(NetoutError, match="is not a file"):
        Settings.read(base)
    result = CliRunner().invoke(app, ["validate", str(base)])
    assert result.exit_code == 1 and "is not a file" in result.output and "Traceback" not in result.output


def test_unknown_settings_entries_are_named_as_warnings(tmp_path):
    import shutil

    base = shutil.copytree(toolkit.datasets.example_folder() / "E01", tmp_path / "ev")
    (base / "netout.toml").write_text('likret = 3\n[privacy]\norganization = "x"\n', encoding="utf-8")
    report = toolkit.validate_folder(base, secret="k")
    warnings = [str(p) for p in report.warnings]
    assert any("unknown entry 'likret'" in w for w in warnings)
    assert any("unknown entry 'organization' in [privacy]" in w for w in warnings)
    assert report.ok


# --------------------------------------------------------------------------- limits before reading


def test_rows_columns_and_cells_are_checked_before_reading(tmp_path):
    csv = tmp_path / "attendees.csv"
    csv.write_text("event_id,attendee_id\n" + "e1,a\n" * 50, encoding="utf-8")
    with pytest.raises(DataValidationError, match="has 50 rows, more than the 10"):
        read_table(csv, limits=ReadLimits(rows=10))
    with pytest.raises(DataValidationError, match="has 2 columns, more than the 1"):
        read_table(csv, limits=ReadLimits(columns=1))
    with pytest.raises(DataValidationError, match="= 100 cells"):
        read_table(csv, limits=ReadLimits(cells=99))
    assert len(read_table(csv)) == 50


def test_the_limits_are_settings(tmp_path, monkeypatch):
    csv = tmp_path / "attendees.csv"
    csv.write_text("event_id,attendee_id\n" + "e1,a\n" * 50, encoding="utf-8")
    monkeypatch.setenv("NETOUT_MAX_ROWS", "20")
    with pytest.raises(DataValidationError, match="NETOUT_MAX_ROWS"):
        read_table(csv)
    monkeypatch.setenv("NETOUT_MAX_ROWS", "many")
    with pytest.raises(DataValidationError, match="give a number"):
        read_table(csv)


def test_a_workbook_with_one_far_cell_is_refused_before_reading(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["event_id", "attendee_id"])
    book.active.append(["e1", "A1"])
    book.active["XFD1048576"] = "stray"
    book.save(tmp_path / "attendees.xlsx")
    assert (tmp_path / "attendees.xlsx").stat().st_size < 20_000
    with pytest.raises(DataValidationError, match="reaches cell XFD1048576") as caught:
        read_table(tmp_path / "attendees.xlsx")
    assert "delete the stray cells" in str(caught.value)


def test_a_parquet_file_of_many_rows_is_refused_from_its_metadata(tmp_path):
    frame = pd.DataFrame({"event_id": ["e1"] * 1000, "attendee_id": ["a"] * 1000})
    frame.to_parquet(tmp_path / "attendees.parquet")
    with pytest.raises(DataValidationError, match="has 1,000 rows"):
        read_table(tmp_path / "attendees.parquet", limits=ReadLimits(rows=999))


def test_a_zip_bomb_and_a_zip_of_many_members_are_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("attendees.csv", "event_id,attendee_id\n" + "e1,a\n" * 2_000_000)
    with pytest.raises(DataValidationError, match="possible zip bomb"):
        extract_zip(bomb, tmp_path / "out")
    assert not (tmp_path / "out" / "attendees.csv").exists()
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(1001):
            archive.writestr(f"f{i}.csv", "a\n")
    with pytest.raises(DataValidationError, match="holds 1,001 files"):
        extract_zip(many, tmp_path / "out2")


def test_duplicate_messages_list_the_first_rows_and_a_count(tmp_path):
    frame = pd.DataFrame({"event_id": ["e1"] * 3001, "attendee_id": ["A1"] * 3000 + ["A2"]})
    sessions = pd.DataFrame({"event_id": ["e1"], "session_id": ["s"], "format": ["structured"]})
    participation = pd.DataFrame({"event_id": ["e1"], "session_id": ["s"], "attendee_id": ["A2"]})
    data = toolkit.from_tables({"attendees": frame, "sessions": sessions, "participation": participation},
                               secret="k", errors="report")
    messages = {p.message for p in data.report.errors if p.column == "attendee_id"}
    assert messages == {"is listed more than once for this event (rows 2, 3, 4, 5, 6 ... 3,000 rows in all); "
                        "keep one row per attendee and event"}
    assert len(data.report.errors) == 2999


# --------------------------------------------------------------------------- --out


def test_out_inside_the_input_folder_or_over_an_input_is_refused(tmp_path):
    import shutil

    base = shutil.copytree(toolkit.datasets.example_folder() / "E01", tmp_path / "ev")
    before = (base / "attendees.csv").read_bytes()
    runner = CliRunner()
    for args in (["outcomes", str(base), "--out", str(base / "attendees.csv")],
                 ["outcomes", str(base), "--out", str(base / "outcomes.csv")],
                 ["plan", str(base / "attendees.csv"), "--out", str(base / "attendees.csv")],
                 ["plan", str(base), "--out", str(base / "plan")]):
        result = runner.invoke(app, args)
        assert isinstance(result.exception, UsageError), (args, result.output)  # netout exits 2 on it
        assert "somewhere else" in str(result.exception)
    assert (base / "attendees.csv").read_bytes() == before
    export = tmp_path / "survey.csv"
    export.write_text("Member,How satisfied?\nM1,5\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "survey", str(export), "--out", str(tmp_path)])
    assert isinstance(result.exception, UsageError) and "would replace the input file" in str(result.exception)


# --------------------------------------------------------------------------- redaction and minimisation


def test_redaction_keeps_dates_and_times_and_takes_ip_addresses_whole():
    for kept in ("14/05/2025 18:41", "2025-05-14T18:41:00+02:00", "14.05.2025, 6:41 PM", "18:41:07",
                 "2025/03/14 6:02:11 PM GMT"):
        assert redact_text(kept) == kept, kept
    assert redact_text("from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and fe80::1%eth0") == "from [ip] and [ip]"
    assert redact_text("host 203.0.113.9, v1.2.3") == "host [ip], v1.2.3"
    assert redact_text("tel:+447700900123") == "tel:[phone]"


def test_a_column_map_cannot_carry_names_through(tmp_path):
    """"Full Name" = "team" carried names into the analysis; now by source name and by content."""
    frame = pd.DataFrame({"attendee_id": list("abcdef"),
                          "team": ["Ann Lee", "Bob Roe", "Cy Poe", "Di Ray", "Ed Fox", "Flo Mae"]})
    kept, dropped = minimise_columns(frame, protected=["attendee_id"], sources={"team": "Full Name"})
    assert dropped == {"team": "name"}
    kept, dropped = minimise_columns(frame, protected=["attendee_id"])  # no map: the content says it
    assert dropped == {"team": "name"}
    assert personal_content_kind(pd.Series(["Retail", "Law", "Real Estate"] * 20)) is None
    assert personal_content_kind(pd.Series(np.arange(10))) is None

"""``netout validate`` and ``netout outcomes`` keep their result in the disk cache: never a stale answer.

A second run on an unchanged folder reads the result back (the folder is not read again) and prints
the same bytes; a changed file, settings file, read limit, pseudonymisation key or organisation
gives a fresh computation; ``--no-cache`` neither reads nor writes the cache; the kept files are
the owner's only and hold no plain ids.
"""

from __future__ import annotations

import shutil
import sys

import pytest

import toolkit
from toolkit.cli import main

SECRET = "cache-test-secret-0123456789"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    monkeypatch.delenv("NETOUT_ORG", raising=False)
    target = tmp_path / "season"
    shutil.copytree(toolkit.example_folder(), target)
    return target


def _netout(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["netout", *map(str, args)])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


@pytest.fixture
def reads(monkeypatch):
    """The folders read by the loader in this test (the entry point both commands go through)."""
    from toolkit.io import load

    calls, read = [], load.read_folder
    monkeypatch.setattr(load, "read_folder", lambda path, **k: calls.append(path) or read(path, **k))
    return calls


def test_validate_reads_an_unchanged_folder_back_with_the_same_output(folder, reads, monkeypatch, capsys, tmp_path):
    first = [_netout(monkeypatch, capsys, "validate", folder, *extra) for extra in ((), ("--json",))]
    assert len(reads) == 1 and first[0][0] == 0 and '"valid": true' in first[1][1]  # one entry for text and JSON
    second = [_netout(monkeypatch, capsys, "validate", folder, *extra) for extra in ((), ("--json",))]
    assert len(reads) == 1  # both read back, the folder not read again
    assert second == first
    fresh = [_netout(monkeypatch, capsys, "validate", folder, *extra, "--no-cache") for extra in ((), ("--json",))]
    assert len(reads) == 3 and fresh == first
    kept = list((tmp_path / "cache").iterdir())
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o077 == 0  # one entry (text and JSON share it), private


def test_validate_set_aside_file_is_the_same_read_back(tmp_path, reads, monkeypatch, capsys):
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    broken = tmp_path / "self_contact"
    shutil.copytree(__import__("pathlib").Path(__file__).parent / "broken" / "self_contact", broken)
    outputs = []
    for name in ("a.csv", "b.csv"):
        code, out, _ = _netout(monkeypatch, capsys, "validate", broken, "--set-aside", tmp_path / name)
        outputs.append((code, out.replace(name, "X.csv"), (tmp_path / name).read_bytes()))
    assert len(reads) == 1 and outputs[0] == outputs[1]
    assert b"contacts,contacts.csv,5," in outputs[0][2]


def test_validate_changed_file_settings_or_limit_is_checked_afresh(folder, reads, monkeypatch, capsys):
    code, before, _ = _netout(monkeypatch, capsys, "validate", folder)
    # a changed table: the new problem is reported, not the old verdict
    sessions = folder / "E01" / "sessions.csv"
    sessions.write_text(sessions.read_text().replace("unstructured", "speed networking", 1))
    code, out, _ = _netout(monkeypatch, capsys, "validate", folder)
    assert len(reads) == 2 and code == 1 and "NOT usable" in out and "column format" in out
    sessions.write_text(sessions.read_text().replace("speed networking", "unstructured", 1))
    assert _netout(monkeypatch, capsys, "validate", folder)[1] == before and len(reads) == 2  # the same bytes again
    # a changed settings file (the scale's reversed items): another reliability
    settings = folder / "netout.toml"
    settings.write_text(settings.read_text().replace('reversed = ["style_2", "style_4"]', 'reversed = ["style_2"]'))
    code, out, _ = _netout(monkeypatch, capsys, "validate", folder)
    assert len(reads) == 3 and out != before
    # a read limit set in the environment: a file over it is refused, never the verdict read before
    monkeypatch.setenv("NETOUT_MAX_ROWS", "50")
    code, out, _ = _netout(monkeypatch, capsys, "validate", folder)
    assert len(reads) == 4 and code == 1 and "NETOUT_MAX_ROWS" in out


def test_validate_folder_path_is_part_of_the_key(tmp_path, reads, monkeypatch, capsys):
    """Two empty folders have the same content; the message names each one's own path."""
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    outs = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        outs.append(_netout(monkeypatch, capsys, "validate", tmp_path / name, "--json")[1])
    assert len(reads) == 2 and str(tmp_path / "two") in outs[1] and str(tmp_path / "one") not in outs[1]
    # the same folder named another way: the message names it as given this time
    monkeypatch.chdir(tmp_path)
    code, out, _ = _netout(monkeypatch, capsys, "validate", "two", "--json")
    assert len(reads) == 3 and '"file": "two"' in out and str(tmp_path / "two") not in out


def _outcomes(monkeypatch, capsys, folder, out, *extra):
    code, _, err = _netout(monkeypatch, capsys, "outcomes", folder, "--out", out, *extra)
    assert code == 0, err
    return out.read_bytes(), err.replace(str(out), "OUT")


def test_outcomes_read_back_same_bytes_and_afresh_when_anything_changes(folder, reads, monkeypatch, capsys, tmp_path):
    (tmp_path / "o").mkdir()
    first = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "a.csv")
    assert len(reads) == 1
    assert _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "b.csv") == first and len(reads) == 1
    parquet = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "a.parquet")[0]
    assert len(reads) == 1 and parquet == _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "b.parquet",
                                                    "--no-cache")[0]
    assert len(reads) == 2  # --no-cache read the folder
    # another key gives other pseudonyms: computed afresh, never the first key's table
    monkeypatch.setenv("NETOUT_SECRET", SECRET + "-other")
    other = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "c.csv")
    assert len(reads) == 3 and other[0] != first[0]
    monkeypatch.setenv("NETOUT_ORG", "Another Org")  # another organisation: another key
    assert _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "d.csv")[0] not in (first[0], other[0])
    assert len(reads) == 4
    monkeypatch.delenv("NETOUT_ORG")
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    # a changed contact log: the new counts, not the kept table
    contacts = folder / "E02" / "contacts.csv"
    lines = contacts.read_text().splitlines(keepends=True)
    contacts.write_text("".join(lines[:-50]))
    changed = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "e.csv")
    assert len(reads) == 5 and changed[0] != first[0]


def test_kept_results_hold_no_plain_ids(folder, monkeypatch, capsys, tmp_path):
    (tmp_path / "o").mkdir()
    _netout(monkeypatch, capsys, "validate", folder, "--json")
    _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "a.csv")
    kept = list((tmp_path / "cache").iterdir())
    assert len(kept) == 3  # validate's result; the outcome table and the file written from it
    for path in kept:
        assert path.stat().st_mode & 0o777 == 0o600
        data = path.read_bytes()
        assert b"M00000" not in data and b"M00002" not in data  # attendee ids of the example, as pseudonyms only


def test_a_result_read_back_imports_no_pandas(folder, tmp_path):
    """The point of the cache for these commands: a second run is start-up only (no pandas, no reading)."""
    import os
    import subprocess

    script = ("import sys; from toolkit.cli import run_guarded, app; sys.argv = ['netout'] + sys.argv[1:]; "
              "code = run_guarded(app); print('pandas' in sys.modules, file=sys.stderr); sys.exit(code)")
    env = dict(os.environ)
    for command in (["validate", str(folder)], ["outcomes", str(folder), "--out", str(tmp_path / "o.csv")]):
        runs = [subprocess.run([sys.executable, "-c", script, *command], env=env, capture_output=True, text=True)
                for _ in range(2)]
        assert [r.returncode for r in runs] == [0, 0]
        assert [r.stderr.splitlines()[-1] for r in runs] == ["True", "False"]  # read, then read back
        assert runs[0].stdout == runs[1].stdout


def test_an_upgraded_library_is_a_new_key(tmp_path, monkeypatch):
    """A result computed with another pandas (or numpy, pyarrow, DuckDB, openpyxl) is never read back."""
    import os

    from toolkit import cache

    package = tmp_path / "site" / "fakelib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("version = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(cache, "_LIBRARIES", ("fakelib",))
    monkeypatch.setenv("NETOUT_SECRET", SECRET)
    first = cache._library_versions()
    (package / "__init__.py").write_text("version = 22\n")  # an upgrade rewrites the package's files
    os.utime(package / "__init__.py", ns=(1, 1))
    assert cache._library_versions() != first
    cache.toolkit_stamp.cache_clear()
    try:
        stamp = cache.toolkit_stamp()
        (tmp_path / "site" / "fakelib-2.dist-info").mkdir()  # a reinstall changes the installation folder
        os.utime(tmp_path / "site", ns=(2, 2))
        cache.toolkit_stamp.cache_clear()
        assert cache.toolkit_stamp() != stamp
    finally:
        cache.toolkit_stamp.cache_clear()


def test_outcomes_keeps_no_result_of_a_folder_over_the_size_limit(folder, reads, monkeypatch, capsys, tmp_path):
    """A season of a million attendees would hold its table twice over in memory and on disk for a repeat it
    rarely has: folders over NETOUT_CACHE_MAX_MB (256 MB by default) are read afresh and nothing is kept."""
    (tmp_path / "o").mkdir()
    monkeypatch.setenv("NETOUT_CACHE_MAX_MB", "0.01")         # the example folder is about 0.2 MB
    first = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "a.csv")
    assert _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "b.csv") == first
    assert len(reads) == 2
    assert not list((tmp_path / "cache").glob("outcome*"))
    monkeypatch.delenv("NETOUT_CACHE_MAX_MB")
    _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "c.csv")
    _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "d.csv")
    assert len(reads) == 3                                     # under the limit: the second run read it back


def test_a_linked_event_folder_is_part_of_the_key(folder, reads, monkeypatch, capsys, tmp_path):
    """An event folder linked in from elsewhere is read by the loader, so a change in it is a new key."""
    store = tmp_path / "store"
    store.mkdir()
    shutil.move(str(folder / "E01"), store / "E01")
    (folder / "E01").symlink_to(store / "E01", target_is_directory=True)
    first = _netout(monkeypatch, capsys, "validate", folder, "--json")[1]
    attendees = store / "E01" / "attendees.csv"
    attendees.write_text("".join(attendees.read_text().splitlines(keepends=True)[:20]))
    again = _netout(monkeypatch, capsys, "validate", folder, "--json")[1]
    assert len(reads) == 2 and again != first



def test_the_cache_keeps_to_its_size_by_removing_the_results_used_longest_ago(tmp_path, monkeypatch):
    """A dashboard server or a weekly report run for years would fill the disk with results no key asks for again:
    beyond NETOUT_CACHE_TOTAL_MB the results used longest ago go first; one read back counts as used."""
    from toolkit import cache

    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NETOUT_CACHE_TOTAL_MB", "1")
    blob = b"x" * 400_000
    one, two, three = ("1" * 32, "2" * 32, "3" * 32)  # keys as the toolkit makes them: 32 hex digits
    for key in (one, two):
        cache.kept_bytes("chart", key, lambda: blob)
    assert cache.kept_bytes("chart", one, lambda: b"computed again") == blob  # read back: now the newer
    cache.kept("table", three, lambda: blob)                                  # 1.2 MB: one result must go
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert kept == [f"chart-{one}.bin", f"table-{three}.pickle"]              # "two", used longest ago, went
    assert cache.kept_bytes("chart", two, lambda: b"computed again") == b"computed again"
    table = tmp_path / "cache" / f"table-{three}.pickle"
    before = table.stat().st_mtime_ns
    assert cache.kept("table", three, lambda: "computed again") == blob        # a table read back is used too
    assert table.stat().st_mtime_ns > before
    cache.kept_bytes("chart", "4" * 32, lambda: b"y" * 500_000)
    assert sorted(p.name[:7] for p in (tmp_path / "cache").iterdir()) == ["chart-2", "chart-4", "table-3"]
    cache.kept_bytes("chart", "5" * 32, lambda: b"z" * 1_500_000)               # alone over the limit: still kept
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"chart-{'5' * 32}.bin"]


def test_the_cache_removes_only_its_own_files_and_no_result_being_written(tmp_path, monkeypatch):
    """NETOUT_CACHE may name a folder that holds other things: they are neither counted nor removed. A result
    another run is writing (.part) stays; one left by a run that stopped an hour ago goes first. Results another
    process kept meanwhile are counted when this one lists the folder again."""
    import os
    import time

    from toolkit import cache

    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv("NETOUT_CACHE", str(folder))
    monkeypatch.setenv("NETOUT_CACHE_TOTAL_MB", "1")
    blob = b"x" * 400_000
    hour_ago = time.time() - 2 * 3600
    for name in ("thesis.docx", "chart-0123.png", f"CHART-{'a' * 32}.png"):  # not the cache's names
        (folder / name).write_bytes(blob)
        os.utime(folder / name, (hour_ago, hour_ago))
    writing, stopped = (folder / f"chart-{'b' * 32}.png.{n}.140.part" for n in (11, 12))
    writing.write_bytes(blob)
    stopped.write_bytes(blob)
    os.utime(stopped, (hour_ago, hour_ago))
    cache.kept_bytes("chart", "c" * 32, lambda: blob)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["thesis.docx", "chart-0123.png", f"CHART-{'a' * 32}.png", writing.name, f"chart-{'c' * 32}.bin"])

    monkeypatch.setattr(cache, "_RELIST_SECONDS", 0.0)  # as a minute later
    other = folder / f"fit-{'d' * 32}.pickle"  # kept by another process meanwhile: this one's total misses it
    other.write_bytes(blob)
    os.utime(other, (hour_ago, hour_ago))
    cache.kept_bytes("chart", "e" * 32, lambda: b"small")
    assert not other.exists() and (folder / "thesis.docx").exists()


def test_a_cache_at_its_size_gives_the_same_outputs(folder, reads, monkeypatch, capsys, tmp_path):
    """Results removed to keep the cache to its size are computed again, the same bytes."""
    (tmp_path / "o").mkdir()
    seasons = {"a": folder}
    for name, industry in (("b", "Retail"), ("c", "Finance")):  # three folders: one attendee's industry differs
        seasons[name] = tmp_path / name
        shutil.copytree(folder, seasons[name])
        attendees = seasons[name] / "E01" / "attendees.csv"
        attendees.write_text(attendees.read_text().replace("M00000,Health", f"M00000,{industry}", 1))
    first = _outcomes(monkeypatch, capsys, folder, tmp_path / "o" / "first.csv")  # how much one folder keeps
    one_folder = sum(p.stat().st_size for p in (tmp_path / "cache").iterdir())
    monkeypatch.setenv("NETOUT_CACHE", str(tmp_path / "capped"))
    monkeypatch.setenv("NETOUT_CACHE_TOTAL_MB", str(1.5 * one_folder / 1e6))
    outputs = {}
    for round_ in (1, 2):
        for name in ("a", "b", "c"):
            outputs.setdefault(name, []).append(
                _outcomes(monkeypatch, capsys, seasons[name], tmp_path / "o" / f"{name}{round_}.csv"))
            assert sum(p.stat().st_size for p in (tmp_path / "capped").iterdir()) <= 1.5 * one_folder
    assert len(reads) == 7  # each folder's results were removed before its second run
    assert outputs["a"][0][0] == first[0] and all(one == two for one, two in outputs.values())

"""The heavy faces are optional extras: the library works without Streamlit, WeasyPrint and kaleido.

``pip install networking-outcomes`` gives the analysis API, the charts and the
``netout`` command; ``[dashboard]`` adds Streamlit, ``[report]`` WeasyPrint and
kaleido. These tests run a fresh interpreter in which those three cannot be
imported (as after a plain install), import every toolkit module, run the
pipeline on the bundled example folder, and check that asking for a face whose
extra is missing gives a clear message rather than a traceback.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = ("streamlit", "weasyprint", "kaleido")

WITHOUT_EXTRAS = textwrap.dedent(f"""
    import importlib.abc, sys

    class NotInstalled(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {OPTIONAL!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, NotInstalled())
""")


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_EXTRAS + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_the_heavy_faces_are_extras_and_make_installs_them():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    assert not [name for name in OPTIONAL if name in core]
    extras = project["optional-dependencies"]
    assert any("streamlit" in d for d in extras["dashboard"])
    assert {"kaleido", "weasyprint"} <= {d.split(">")[0].split("[")[0] for d in extras["report"]}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-e ".[dashboard,report,test]"' in makefile


def test_every_toolkit_module_imports_and_the_pipeline_runs_without_the_extras():
    result = _run("""
        import importlib, pkgutil, sys
        import toolkit

        for module in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
            importlib.import_module(module.name)
        data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
        table = toolkit.compute_outcomes(data)
        effects = toolkit.compare_formats(table, outcome="new_contacts", by="style", random_state=0)
        toolkit.effect_forest(effects)
        report = toolkit.build_report(data, random_state=0)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "weasyprint", "kaleido"))
        print("ok", len(table), len(effects), len(report.sections), loaded)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 120 3 8 []"  # eight sections: the technical note is the last


def test_a_face_whose_extra_is_missing_says_what_to_install(tmp_path):
    result = _run(f"""
        import toolkit
        from toolkit.errors import NetoutError

        data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
        report = toolkit.build_report(data, random_state=0)
        for export in (report.to_pdf, report.to_html):
            try:
                export({str(tmp_path)!r} + "/report")
            except NetoutError as exc:
                print(exc)

        from toolkit.cli import app
        from toolkit.cli._common import run_guarded
        sys.argv = ["netout", "dashboard"]
        print("exit", run_guarded(app))
    """)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "needs WeasyPrint" in lines[0] and "networking-outcomes[report]" in lines[0]
    assert "needs kaleido" in lines[1] and "networking-outcomes[report]" in lines[1]
    assert lines[2] == "exit 2"
    assert "networking-outcomes[dashboard]" in result.stderr

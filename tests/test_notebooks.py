"""The analyst notebooks run from top to bottom on the demo data, and are committed clean.

Each notebook is executed with nbclient in a kernel of *this* interpreter (the
project's virtualenv). The kernel is declared in a temporary Jupyter data folder
put first on ``JUPYTER_PATH``, so the test neither needs nor touches the user's
own Jupyter configuration or kernels.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
KERNEL = "netout-test-venv"


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory) -> str:
    """A kernelspec pointing at this interpreter, visible only to this test run."""
    jupyter_dir = tmp_path_factory.mktemp("jupyter")
    spec_dir = jupyter_dir / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "netout test kernel", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(jupyter_dir))
    # keep IPython's history and profile out of the user's home folder too
    patch.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
    yield KERNEL
    patch.undo()


def test_the_three_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-explore-an-event.ipynb", "02-compare-formats.ipynb", "03-plan-the-next-event.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean_and_holds_no_reusable_code(path):
    book = nbformat.read(path, as_version=4)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in code), \
        f"{path.name} has outputs: clear them before committing"
    for cell in code:
        tree = ast.parse(cell.source)
        defined = [node for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defined, f"{path.name}: define functions in toolkit, not in a notebook"
    markdown = [cell for cell in book.cells if cell.cell_type == "markdown"]
    assert len(markdown) >= 3, f"{path.name} needs markdown that explains what is done and why"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_the_demo_data(path, kernel_name, demo_folder):
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, kernel_name=kernel_name, timeout=240, allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},  # run with cwd = notebooks/, as a user would
    )
    client.execute()
    errors = [out for cell in book.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    assert not errors

"""Shared fixtures. Tests import from ``toolkit`` as users do."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_FOLDER = PROJECT_ROOT / "data" / "demo"
# CI has ../shared beside the checkout; elsewhere the real-data tests skip.
REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def realdata() -> Path:
    """Folder of real public data sets; skips the test where it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real data not found at {REALDATA}")
    return REALDATA


@pytest.fixture(scope="session")
def demo_folder() -> Path:
    """The committed demo event folder the dashboard opens by default."""
    if not DEMO_FOLDER.is_dir():
        pytest.skip("data/demo has not been generated yet")
    return DEMO_FOLDER


@pytest.fixture(scope="session", autouse=True)
def _netout_files_out_of_home(tmp_path_factory):
    """Keep netout's disk cache (netout report keeps read folders and drawn charts by default) and its key out of the
    user's home for the whole run: module-scoped fixtures run the CLI before any test's monkeypatch."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NETOUT_CACHE", str(tmp_path_factory.getbasetemp() / "netout-cache"))
        # the pseudonymisation key out of the user's home too, set for the whole run rather than per test: the
        # dashboard's warm-up thread of one test may still be reading a folder when the next test begins
        secret_dir = tmp_path_factory.getbasetemp() / "netout-secret"
        secret_dir.mkdir(exist_ok=True)
        patch.setenv("NETOUT_SECRET_FILE", str(secret_dir / "secret"))
        yield


@pytest.fixture
def page_failures_fail():
    """A dashboard page that fails shows people a plain sentence, not an exception: the test fails on its log line.

    For the dashboard's test modules (``pytestmark = pytest.mark.usefixtures("page_failures_fail")``), which put
    ``dashboards/`` on the import path first.
    """
    import logging

    import hosting

    failures: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = failures.append
    hosting.setup_logging().addHandler(handler)
    yield
    hosting.LOG.removeHandler(handler)
    assert not failures, [record.getMessage()[:3000] for record in failures]

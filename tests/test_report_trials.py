"""What two newcomer organisers' trials found wrong in the board report's numbers and words (nc3, nc4).

Each test plants the truth in a small table and checks the words the report (or the command) says about it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.report import compose_report


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    from toolkit.datasets.simulate import simulate_outcome_table

    table, _ = simulate_outcome_table(random_state=3, sessions_per_format=6, session_size=12)
    return table


@pytest.fixture(scope="module")
def effects(table):
    from toolkit.compare import compare_formats

    return compare_formats(table, outcome="new_contacts", by="style", random_state=0)


def _summary(report) -> str:
    return " ".join(report.section("summary").paragraphs)


def test_an_anchor_given_is_not_asked_for_again(tmp_path):
    """nc3: with --anchor 2009-06-04T00:00:00+02:00 the import's note still said 'pass --anchor for the real
    start'."""
    from toolkit.io.importers.sociopatterns import import_sociopatterns

    log = tmp_path / "tij_mixer.dat"
    log.write_text("20 1 2\n40 1 2\n60 2 3\n300 1 3\n")
    given = import_sociopatterns([log], out=tmp_path / "given", anchor="2009-06-04T00:00:00+02:00")
    notes = " ".join(given.report["reason"].astype(str))
    assert "pass --anchor" not in notes and "2009-06-03T22:00:00Z" in notes
    default = import_sociopatterns([log], out=tmp_path / "default")
    assert "pass --anchor" in " ".join(default.report["reason"].astype(str))

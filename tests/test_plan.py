"""Next-event plan: rooms, assignment by lot within segments, mixed groups, known ties apart, tables the analysis reads."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from toolkit import UsageError, plan_next_event


@pytest.fixture()
def registrations():
    rng = np.random.default_rng(0)
    n = 150
    return pd.DataFrame(
        {
            "attendee_id": [f"A{i:03d}" for i in range(n)],
            "name": [f"Person {i}" for i in range(n)],
            "email": [f"p{i}@example.org" for i in range(n)],
            "industry": rng.choice(["retail", "tech", "health", "finance", "legal"], n),
            "company_size": rng.choice(["1-9", "10-49", "50+"], n),
            "networking_style": rng.choice(["reserved", "self-directed", None], n, p=[0.45, 0.45, 0.10]),
        }
    )


def test_lot_is_balanced_within_each_segment(registrations):
    plan = plan_next_event(registrations, by="style", random_state=1)
    counts = plan.assignment.groupby(["style", "format"], observed=True).size().unstack()
    assert (counts["structured"] - counts["unstructured"]).abs().max() <= 1
    assert set(plan.assignment["style"]) == {"reserved", "self-directed", "unknown"}
    assert (plan.assignment["assignment"] == "randomized").all()
    assert len(plan.assignment) == len(registrations)


def test_same_seed_same_plan_other_seed_other_plan(registrations):
    a = plan_next_event(registrations, random_state=7)
    b = plan_next_event(registrations, random_state=7)
    c = plan_next_event(registrations, random_state=8)
    pd.testing.assert_frame_equal(a.assignment, b.assignment)
    assert not a.assignment["format"].equals(c.assignment["format"])


def test_groups_have_the_target_size_and_mix_industries(registrations):
    plan = plan_next_event(registrations, grouping="industry", group_size=6, rooms_per_format=3, random_state=2)
    rosters = plan.rosters
    assert set(rosters["attendee_id"]) == set(plan.assignment.loc[plan.assignment["format"] == "structured", "attendee_id"])
    # groups are formed within each structured room
    assert (rosters.groupby("group_id")["session_id"].nunique() == 1).all()
    for _, room in rosters.groupby("session_id"):
        sizes = room.groupby("group_id").size()
        assert sizes.max() - sizes.min() <= 1 and sizes.max() <= 6
        k = len(sizes)
        # each industry spread evenly: no group holds more of one industry than its fair share, rounded up
        per_group = room.groupby(["group_id", "industry"]).size()
        industry_total = room.groupby("industry").size()
        for (group, industry), count in per_group.items():
            assert count <= math.ceil(industry_total[industry] / k)


def test_company_size_groups_are_peers(registrations):
    plan = plan_next_event(registrations, grouping="company_size", random_state=3)
    assert (plan.rosters.groupby("group_id")["company_size"].nunique() == 1).all()


def test_known_ties_are_kept_apart(registrations):
    ids = registrations["attendee_id"]
    ties = pd.DataFrame({"attendee_id": ids[:120:2].to_numpy(), "contact_id": ids[1:121:2].to_numpy()})
    # force many acquaintances into the structured session: one segment only
    reg = registrations.assign(networking_style="reserved")
    plan = plan_next_event(reg, grouping="random", group_size=5, known_ties=ties, random_state=4)
    group = plan.rosters.set_index("attendee_id")["group_id"]
    pairs = ties[ties["attendee_id"].isin(group.index) & ties["contact_id"].isin(group.index)]
    assert len(pairs) > 0
    assert (group[pairs["attendee_id"]].to_numpy() != group[pairs["contact_id"]].to_numpy()).all()
    assert plan.ties_in_same_group == 0


def test_written_csv_has_no_personal_data(registrations, tmp_path):
    plan = plan_next_event(registrations, random_state=5)
    paths = plan.write(tmp_path / "plan")
    assert sorted(p.name for p in paths) == ["assignment.csv", "participation.csv", "rosters.csv", "sessions.csv"]
    for path in paths:
        text = path.read_text()
        assert "@example.org" not in text and "Person 1" not in text
    assert len(pd.read_csv(paths[0])) == len(registrations)


def test_bad_options_are_usage_errors(registrations):
    with pytest.raises(UsageError, match="grouping"):
        plan_next_event(registrations, grouping="astrology")
    with pytest.raises(UsageError, match="region"):
        plan_next_event(registrations, grouping="region")
    with pytest.raises(UsageError, match="not a column"):
        plan_next_event(registrations, by="shoe_size")


def test_netout_plan_command(registrations, tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app

    source = tmp_path / "registrations.csv"
    registrations.to_csv(source, index=False)
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, ["plan", str(source), "--out", str(out), "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "assignment.csv").exists() and (out / "rosters.csv").exists()
    assert "Assigned by lot" in result.output
    assert "@example.org" not in (out / "assignment.csv").read_text()


def test_trial_registrations_take_the_latest_event_in_time_and_the_plan_zips():
    import io
    import zipfile

    import pandas as pd

    import toolkit

    table = pd.DataFrame({
        "event_id": ["E9"] * 4 + ["E10"] * 4,
        "attendee_id": [f"a{i}" for i in range(8)],
        "style": ["reserved", "self-directed"] * 4,
        "industry": ["law", "tech"] * 4,
        "contacts": range(8),
    })
    table.attrs["event_order"] = ["E10", "E9"]          # E10 came first although it sorts last
    trial = toolkit.trial_registrations(table, by="style")
    assert trial["attendee_id"].tolist() == ["a0", "a1", "a2", "a3"]
    assert "contacts" not in trial.columns

    plan = toolkit.plan_next_event(trial, by="style", random_state=0)
    assert sum(plan.counts().values()) == 4
    names = zipfile.ZipFile(io.BytesIO(plan.to_zip())).namelist()
    assert sorted(names) == ["assignment.csv", "participation.csv", "rosters.csv", "sessions.csv"]

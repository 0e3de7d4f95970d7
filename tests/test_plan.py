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


# ---------------------------------------------------------------------------- rooms the analysis can read
def test_rooms_per_format_as_asked_each_segment_dealt_evenly(registrations):
    plan = plan_next_event(registrations, by="style", rooms_per_format=5, random_state=11)
    assert plan.rooms_per_format == 5
    rooms = plan.assignment.groupby(["format", "session_id"], observed=True).size()
    assert rooms.groupby(level="format", observed=True).size().tolist() == [5, 5]
    # every segment spread evenly over its format's rooms: counts per room differ by at most one
    per_room = plan.assignment.groupby(["format", "style", "session_id"], observed=True).size()
    spread = per_room.groupby(level=["format", "style"], observed=True).agg(lambda x: x.max() - x.min())
    assert (spread <= 1).all()
    assert (rooms.groupby(level="format", observed=True).agg(lambda x: x.max() - x.min()) <= 1).all()


def test_sessions_and_participation_are_the_next_events_tables(registrations):
    plan = plan_next_event(registrations, by="style", rooms_per_format=4, event_id="E2027", random_state=12)
    sessions, participation = plan.sessions, plan.participation
    assert list(sessions.columns) == ["event_id", "session_id", "format", "assignment", "grouping"]
    assert (sessions["assignment"] == "randomized").all() and (sessions["event_id"] == "E2027").all()
    assert sessions["session_id"].is_unique and len(sessions) == 8
    assert set(participation["session_id"]) == set(sessions["session_id"])
    assert sorted(participation["attendee_id"]) == sorted(plan.assignment["attendee_id"])
    # structured attendees carry their small group, open-mingling attendees none
    fmt = participation["session_id"].map(sessions.set_index("session_id")["format"])
    assert participation.loc[fmt == "structured", "group_id"].notna().all()
    assert participation.loc[fmt == "unstructured", "group_id"].isna().all()


def test_without_a_number_the_plan_aims_at_ten_rooms_and_says_when_it_cannot(registrations):
    plan = plan_next_event(registrations, by="style", random_state=13)      # 150 people: 75 per format
    assert plan.rooms_per_format == 10
    few = plan_next_event(registrations.head(30), by="style", random_state=13)
    assert few.rooms_per_format < 10
    assert any("will not be confident" in note for note in few.notes)
    # a sample size asking for more rooms than the registrations fill: as many rooms as fill, and a note
    short = plan_next_event(registrations, by="style", rooms_per_format=40, random_state=13)
    assert short.rooms_per_format == 75 // 4
    assert any("asks for 40 rooms" in note for note in short.notes)


def test_a_sample_size_object_sets_the_rooms(registrations):
    class Size:          # what plan_next_event reads of a toolkit.recommend.SampleSize
        rooms_per_format, room_size = 6, 10

    plan = plan_next_event(registrations, by="style", size=Size(), random_state=14)
    assert plan.rooms_per_format >= 6
    assert plan.assignment.groupby("session_id").size().max() <= 10 + 3


def test_an_event_run_from_the_plan_reads_back_with_finite_intervals(tmp_path):
    """Round trip: plan -> the event's folder (its sessions and participation from the plan) -> loader ->
    outcome table -> comparison: every interval finite (before, one room per format gave a zero standard error)."""
    import toolkit
    from toolkit.datasets.simulate import simulate_planned_event_tables, simulate_registrations

    people = simulate_registrations(240, random_state=3)
    plan = plan_next_event(people, by="style", rooms_per_format=10, random_state=3)
    folder = tmp_path / "next"
    written = {p.name for p in plan.write(folder)}
    assert {"sessions.csv", "participation.csv"} <= written
    for name in ("assignment.csv", "rosters.csv"):
        (folder / name).unlink()      # the plan's own working lists are not tables of the event
    tables = simulate_planned_event_tables(plan, people, random_state=3)
    for name in ("attendees", "contacts", "survey"):
        tables[name].to_csv(folder / f"{name}.csv", index=False)
    table = toolkit.compute_outcomes(toolkit.load_event_data(folder, secret="round-trip"))
    for outcome in ("new_contacts", "satisfaction"):
        effects = toolkit.compare_formats(table, outcome=outcome, random_state=0)
        assert set(effects["segment"]) == {"reserved", "self-directed"}
        assert np.isfinite(effects[["effect", "ci_low", "ci_high"]].to_numpy(dtype=float)).all()
        assert (effects["ci_high"] - effects["ci_low"] > 0).all()
        assert (effects["n_sessions_structured"] == 10).all() and (effects["n_sessions_unstructured"] == 10).all()


def test_netout_plan_sizes_the_rooms_from_past_data(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli import app
    from toolkit.datasets.simulate import simulate_registrations

    source = tmp_path / "registrations.csv"
    simulate_registrations(600, random_state=4).to_csv(source, index=False)
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, ["plan", str(source), "--out", str(out), "--rooms", "12", "--seed", "2"])
    assert result.exit_code == 0, result.output
    sessions = pd.read_csv(out / "sessions.csv")
    assert sessions.groupby("format").size().tolist() == [12, 12]
    participation = pd.read_csv(out / "participation.csv")
    assert len(participation) == 600 and participation["session_id"].nunique() == 24


def test_netout_plan_with_data_prints_the_size_and_plans_that_many_rooms(tmp_path, demo_folder):
    from typer.testing import CliRunner

    from toolkit.cli import app
    from toolkit.datasets.simulate import simulate_registrations

    source = tmp_path / "registrations.csv"
    simulate_registrations(2000, random_state=5).to_csv(source, index=False)
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, ["plan", str(source), "--out", str(out), "--data", str(demo_folder),
                                      "--outcome", "new_contacts", "--min-difference", "3", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Sized from the past events" in result.output and "rooms of each format" in result.output
    sessions = pd.read_csv(out / "sessions.csv")
    assert sessions.groupby("format").size().min() >= 10


# ---------------------------------------------------------------------------- untidy registrations (netout plan)
# A ticketing export as organisers get it: BOM, semicolons, a title block above a Dutch header, capitalised
# industries, a cancelled ticket and the same person twice. Every name and address is invented.
DEMO_INDUSTRIES = ("Construction", "Finance", "Health", "Hospitality", "Manufacturing", "Professional services",
                   "Retail", "Technology")


def _ticket_export(n: int = 80, *, industries=DEMO_INDUSTRIES, industry_header: str = "Branche",
                   title: bool = True) -> str:
    header = ("Bestelnummer;Voornaam;Achternaam;E-mailadres;Telefoonnummer;" + industry_header
              + ";Bedrijfsgrootte (medewerkers);Status;Opmerkingen")
    rows = [f"ORD-{1000 + i};Voornaam{i};Achternaam{i};gast{i}@voorbeeld-bedrijf.nl;+31 6 1234 {5600 + i};"
            f"{industries[i % len(industries)]};{('1-9', '10-49', '50-249')[i % 3]};Geregistreerd;"
            f"graag naast Voornaam{(i + 1) % n}" for i in range(n)]
    rows.append(f"ORD-9990;Geannuleerd;Persoon;weg@voorbeeld-bedrijf.nl;;Retail;1-9;Geannuleerd;")
    rows.append(rows[0].replace("ORD-1000", "ORD-9991"))              # the same person on a second ticket
    lines = [header, *rows]
    if title:
        lines[:0] = ["Deelnemersoverzicht Jaarcongres Voorbeeld 2027;;;;", "Geëxporteerd op 02.12.2026 09:12;;;;", ""]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def _run_plan(*args):
    from typer.testing import CliRunner

    from toolkit.cli import app

    return CliRunner().invoke(app, ["plan", *map(str, args)])


def _no_personal_data(folder):
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "voorbeeld-bedrijf.nl" not in text and "Voornaam" not in text and "ORD-" not in text, path.name


def test_plan_reads_a_ticketing_export_with_a_title_block_as_the_import_does(tmp_path):
    source = tmp_path / "Deelnemers_export.csv"
    source.write_text(_ticket_export(), encoding="utf-8")
    out = tmp_path / "plan"
    result = _run_plan(source, "--by", "industry", "--out", out, "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "cancelled" in result.output and "counted once" in result.output
    assignment = pd.read_csv(out / "assignment.csv")
    assert len(assignment) == 80 and assignment["attendee_id"].str.startswith("p_").all()
    # the groups as written in the export, not lower-cased
    assert set(assignment["industry"]) == set(DEMO_INDUSTRIES)
    _no_personal_data(out)

    # --header-row says where the header is; a wrong one is read as told (and then lacks the columns)
    told = _run_plan(source, "--by", "industry", "--out", tmp_path / "told", "--header-row", "4", "--seed", "3")
    assert told.exit_code == 0, told.output
    assert pd.read_csv(tmp_path / "told" / "assignment.csv").equals(assignment)


def test_plan_reads_a_workbook_sheet_and_a_map(tmp_path):
    workbook = tmp_path / "registrations.xlsx"
    text = _ticket_export(40, industry_header="Sector van het bedrijf", title=False).lstrip("\ufeff")
    grid = pd.DataFrame([line.split(";") for line in text.strip().split("\r\n")])
    with pd.ExcelWriter(workbook) as writer:
        pd.DataFrame({"Uitleg": ["Dit blad is de toelichting"]}).to_excel(writer, sheet_name="Toelichting", index=False)
        grid.to_excel(writer, sheet_name="Deelnemers", index=False, header=False)
    column_map = tmp_path / "map.toml"
    column_map.write_text('[columns.attendees]\n"Sector van het bedrijf" = "industry"\n', encoding="utf-8")
    out = tmp_path / "plan"
    result = _run_plan(workbook, "--sheet", "Deelnemers", "--map", column_map, "--by", "industry", "--out", out,
                       "--seed", "1")
    assert result.exit_code == 0, result.output
    assignment = pd.read_csv(out / "assignment.csv")
    assert len(assignment) == 40 and set(assignment["industry"]) == set(DEMO_INDUSTRIES)
    _no_personal_data(out)
    # --with-names reads the names from the same sheet, by the same map
    named = _run_plan(workbook, "--sheet", "Deelnemers", "--map", column_map, "--by", "industry", "--out",
                      tmp_path / "named", "--seed", "1", "--with-names")
    assert named.exit_code == 0, named.output
    assert "Voornaam0 Achternaam0" in (tmp_path / "named" / "rosters_with_names.csv").read_text(encoding="utf-8")


def test_plan_with_data_keeps_capitalised_groups_and_sizes_the_plan(tmp_path, demo_folder):
    source = tmp_path / "registrations.csv"
    source.write_text(_ticket_export(400), encoding="utf-8")
    out = tmp_path / "plan"
    result = _run_plan(source, "--by", "industry", "--data", demo_folder, "--out", out, "--seed", "7")
    assert result.exit_code == 0, result.output
    assert "--mix" not in result.output and "recommend:" not in result.output
    assert "Sized from the past events" in result.output
    assignment = pd.read_csv(out / "assignment.csv")
    assert set(assignment["industry"]) == set(DEMO_INDUSTRIES)
    rosters = pd.read_csv(out / "rosters.csv")
    assert set(rosters["industry"]) <= set(DEMO_INDUSTRIES)


def test_plan_with_data_matches_groups_that_differ_only_in_case(tmp_path, demo_folder):
    source = tmp_path / "registrations.csv"
    source.write_text(_ticket_export(400, industries=tuple(i.upper() for i in DEMO_INDUSTRIES)), encoding="utf-8")
    result = _run_plan(source, "--by", "industry", "--data", demo_folder, "--out", tmp_path / "plan", "--seed", "7")
    assert result.exit_code == 0, result.output
    assert "Sized from the past events" in result.output


def test_plan_with_data_says_in_its_own_words_which_groups_the_past_events_lack(tmp_path, demo_folder, monkeypatch,
                                                                               capsys):
    import sys

    from toolkit.cli import app
    from toolkit.cli._common import run_guarded

    source = tmp_path / "registrations.csv"
    source.write_text(_ticket_export(200, industries=DEMO_INDUSTRIES + ("Ruimtevaart",)), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["netout", "plan", str(source), "--by", "industry", "--data", str(demo_folder),
                                      "--out", str(tmp_path / "plan")])
    assert run_guarded(app) == 2
    said = capsys.readouterr().err
    assert said.startswith("netout: plan:"), said
    assert "Ruimtevaart" in said and "--mix" not in said and "recommend:" not in said
    assert "--rooms" in said          # the way on: size the plan by hand
    assert not (tmp_path / "plan").exists()


def test_plan_without_by_chooses_a_grouping_the_registrations_have_and_says_so(tmp_path):
    source = tmp_path / "registrations.csv"
    source.write_text(_ticket_export(), encoding="utf-8")
    out = tmp_path / "plan"
    result = _run_plan(source, "--out", out, "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "Grouped by industry" in result.output and "networking style" in result.output
    assert "industry" in pd.read_csv(out / "assignment.csv").columns
    # where the style is known, the lot stays by style and no line is needed
    styled = tmp_path / "styled.csv"
    styled.write_text("Email,Industry,Networking style\n" + "".join(
        f"p{i}@voorbeeld-bedrijf.nl,{DEMO_INDUSTRIES[i % 3]},{('Reserved', 'Self-directed')[i % 2]}\n"
        for i in range(30)), encoding="utf-8")
    result = _run_plan(styled, "--out", tmp_path / "styled_plan", "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "Grouped by" not in result.output
    assert set(pd.read_csv(tmp_path / "styled_plan" / "assignment.csv")["style"]) == {"reserved", "self-directed"}


def test_plan_says_what_it_does_where_the_history_is_within_person(tmp_path):
    from toolkit.datasets.simulate import simulate_crossover_table
    from toolkit.plan import history_note

    table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    note = history_note(table)
    assert note is not None and "one format" in note and "both formats" in note
    one_slot = table.drop_duplicates(["event_id", "attendee_id"])
    assert history_note(one_slot.assign(n_sessions=1)) is None


def test_plan_on_registrations_with_nothing_to_group_by_draws_one_lot_and_says_so(tmp_path):
    source = tmp_path / "registrations.csv"
    source.write_text("Email\n" + "".join(f"p{i}@voorbeeld-bedrijf.nl\n" for i in range(24)), encoding="utf-8")
    for extra, said in (((), "Drawn by lot over all registrations"), (("--by", "style"), "one draw over all")):
        out = tmp_path / ("plan" + "".join(extra))
        result = _run_plan(source, "--out", out, "--seed", "1", *extra)
        assert result.exit_code == 0, result.output
        assert said in result.output
        assert pd.read_csv(out / "assignment.csv")["format"].value_counts().tolist() == [12, 12]


def test_netout_plan_with_a_within_person_history_says_it_plans_one_slot(tmp_path, monkeypatch):
    import toolkit.cli._compare as cli
    from toolkit.datasets.simulate import simulate_crossover_table

    table, _ = simulate_crossover_table(n_events=1, sessions_per_format=4, random_state=0)
    monkeypatch.setattr(cli, "_outcome_table", lambda folder: table)   # past events where people were in both formats
    (tmp_path / "season").mkdir()
    source = tmp_path / "registrations.csv"
    source.write_text("Email,Networking style\n" + "".join(
        f"p{i}@voorbeeld-bedrijf.nl,{('Reserved', 'Self directed')[i % 2]}\n" for i in range(120)), encoding="utf-8")
    result = _run_plan(source, "--data", tmp_path / "season", "--out", tmp_path / "plan", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert "were in both formats at one event" in result.output
    assert "does not plan several slots per person" in result.output
    participation = pd.read_csv(tmp_path / "plan" / "participation.csv")
    assert participation["attendee_id"].is_unique          # one slot: one room per person


def test_plan_by_style_says_one_draw_where_the_style_column_names_no_ones_style(tmp_path):
    """``netout plan --by style`` looked for a style column only; a column where no one's style is known (all
    blank or unreadable) drew one lot over everyone without a word. The same check as the plan's own now."""
    from toolkit.plan import read_registrations, style_known

    source = tmp_path / "registrations.csv"
    source.write_text("Email,Networking style\n" + "".join(
        f"p{i}@voorbeeld-bedrijf.nl,{('', 'n/a', 'weet niet')[i % 3]}\n" for i in range(24)), encoding="utf-8")
    frame, _ = read_registrations(source)
    assert frame.columns.isin(["style", "networking_style"]).any() and not style_known(frame)
    result = _run_plan(source, "--out", tmp_path / "plan", "--seed", "1", "--by", "style")
    assert result.exit_code == 0, result.output
    assert "one draw over all" in result.output
    assert pd.read_csv(tmp_path / "plan" / "assignment.csv")["format"].value_counts().tolist() == [12, 12]


def test_the_plans_note_never_counts_a_group_under_five(registrations):
    """Newcomer trial nc3: 'Agriculture: 1 structured, 2 unstructured' printed a 3-person group's size."""
    registrations = registrations.copy()
    registrations.loc[:2, "industry"] = "agriculture"              # 3 people
    registrations.loc[3:9, "industry"] = "mining"                  # 7 people: 3 or 4 in each format
    plan = plan_next_event(registrations, by="industry", random_state=1)
    note = next(n for n in plan.notes if n.startswith("Assigned by lot"))
    assert "agriculture: fewer than 5 people" in note
    assert "mining: fewer than 5 structured, fewer than 5 unstructured" in note
    counts = plan.assignment.groupby(["industry", "format"], observed=True).size()
    assert f"retail: {counts[('retail', 'structured')]} structured" in note    # a large group is counted

"""Simulation study: does the comparison find the planted truth, and do the decision numbers hold?

Seeded worlds per scenario (``toolkit.datasets.simulate.DECISION_SCENARIOS``):
formats by lot, by choice (confounded), by choice with strong room shocks,
whole events of one format, a confounder that enters only through a curve, a
10% minority segment confounded unlike the rest, a single small event (60
people, 3+3 rooms), no effect at all, a yes/no survey answer whose response
depends on the format, people in both formats, and an event of the size the
toolkit asked for (sized from a two-event season, run from its plan with the
smallest difference worth acting on planted). For each world: the comparison
(bias, coverage and width of each segment's 95% interval), the advice for a
50/50 mix (how often confident, confident and wrong, the stated chance that
the recommended plan is best against how often it truly was, the stated
advantage over the runner-up against the true one) and, for the planned
event, the chance of a confident answer promised against achieved.

``--demo-worlds N`` runs the full pipeline on demo folders from
``toolkit.datasets.demo`` (raw tables -> loader -> outcome table -> compare).
``--baselines N`` adds the older table (netout against the naive difference
in means and, where installed, EconML's LinearDRLearner) on N worlds of the
first four scenarios.

Run:  .venv/bin/python benchmarks/simulation_study.py --worlds 1000 --calibration-worlds 1500 --seed 2026
      [--baselines 200] [--rows rows.parquet]
Pool: .venv/bin/python benchmarks/simulation_study.py --pool rows1.parquet rows2.parquet ...
      (runs at different seeds, or of different scenarios, summarised together)
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.datasets.simulate import (  # noqa: E402
    CALIBRATION_SCENARIO,
    DECISION_SCENARIOS,
    STUDY_SCENARIOS,
    decision_study,
    simulation_study,
    summarise_decision_study,
)


def econml_estimator(table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """EconML LinearDRLearner: segment as effect modifier, attendee covariates and event as controls."""
    from econml.dr import LinearDRLearner
    from sklearn.linear_model import LogisticRegression, Ridge

    frame = table[table["format"].notna()]
    y = frame[outcome].astype("float64").to_numpy()
    keep = ~np.isnan(y)
    frame, y = frame[keep], y[keep]
    t = (frame["format"] == "structured").to_numpy().astype(int)
    segments = sorted(frame["style"].astype(str).unique())
    X = pd.get_dummies(frame["style"].astype(str)).reindex(columns=segments, fill_value=0).to_numpy(float)[:, 1:]
    W = pd.get_dummies(
        frame[["industry", "company_size", "first_time", "event_id"]].astype(str), drop_first=True
    ).to_numpy(float)
    groups = (frame["event_id"].astype(str) + "/" + frame["session_id"].astype(str)).to_numpy()
    learner = LinearDRLearner(
        model_propensity=LogisticRegression(C=10.0, max_iter=300),
        model_regression=Ridge(alpha=1.0),
        cv=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        learner.fit(y, t, X=X, W=W, groups=groups)
        grid = np.eye(len(segments))[:, 1:]
        effect = learner.effect(grid)
        low, high = learner.effect_interval(grid, alpha=0.05)
    return pd.DataFrame({"segment": segments, "effect": effect, "ci_low": low, "ci_high": high})


def demo_pipeline_study(n_worlds: int, random_state: int = 0) -> pd.DataFrame:
    """Full pipeline on demo folders: coverage of the planted per-segment truth (measured style)."""
    import tempfile

    from toolkit.compare import compare_formats, naive_difference
    from toolkit.io.load import load_event_data
    from toolkit.datasets.demo import write_demo_folder
    from toolkit.outcomes import compute_outcomes

    rows = []
    for world in range(n_worlds):
        for assignment in ("randomized", "self_selected"):
            with tempfile.TemporaryDirectory() as tmp:
                folder = write_demo_folder(Path(tmp) / "demo", truth_path=Path(tmp) / "truth.csv",
                                           n_attendees=1200, n_events=4, assignment=assignment,
                                           random_state=random_state + world)
                table = compute_outcomes(load_event_data(folder))
                truth = pd.read_csv(Path(tmp) / "truth.csv", comment="#", dtype={"event_id": str, "attendee_id": str})
            merged = table[table["format"].notna()].merge(truth, on=["event_id", "attendee_id"], how="left")
            planted = merged.groupby("style")["effect_new_contacts"].mean()
            for name, result in (
                ("netout", compare_formats(table, outcome="new_contacts", random_state=world)),
                ("naive", naive_difference(table, outcome="new_contacts")),
            ):
                for r in result.itertuples(index=False):
                    if r.segment in ("reserved", "self-directed"):
                        rows.append({"assignment": assignment, "estimator": name, "segment": r.segment,
                                     "truth": planted[r.segment], "effect": r.effect,
                                     "covered": r.ci_low <= planted[r.segment] <= r.ci_high,
                                     "width": r.ci_high - r.ci_low})
    frame = pd.DataFrame(rows)
    frame["error"] = frame["effect"] - frame["truth"]
    return (
        frame.groupby(["assignment", "estimator", "segment"], sort=False)
        .agg(bias=("error", "mean"), coverage=("covered", "mean"), mean_width=("width", "mean"),
             n_worlds=("effect", "size"))
        .reset_index()
    )


def _markdown(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> str:
    """A markdown table: ``columns`` maps a column to (header, format), format '' for text."""
    lines = ["| " + " | ".join(h for h, _ in columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in frame.to_dict("records"):
        cells = []
        for column, (_, fmt) in columns.items():
            value = row[column]
            if fmt and (value is None or (isinstance(value, float) and np.isnan(value))):
                cells.append("")
            elif fmt:
                cells.append(format(value, fmt))
            else:
                cells.append(str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def effects_markdown(effects: pd.DataFrame) -> str:
    return _markdown(effects, {
        "scenario": ("scenario", ""), "segment": ("segment", ""), "truth": ("truth", "g"),
        "bias": ("bias", "+.3f"), "relative_bias": ("bias / effect", "+.1%"), "bias_mc_se": ("± (MC)", ".3f"),
        "coverage": ("95% coverage", ".1%"), "coverage_mc_se": ("± (MC)", ".1%"), "mean_width": ("mean width", ".2f"),
        "worlds": ("worlds", "d"),
    })


def decisions_markdown(decisions: pd.DataFrame) -> str:
    return _markdown(decisions, {
        "scenario": ("scenario", ""), "chance": ("stated chance best", ".2f"),
        "truly_best": ("truly best", ".0%"), "confident": ("confident", ".0%"),
        "confident_wrong": ("confident and wrong", ".1%"), "chance_at_least_80": ("chance ≥ 0.8", ".1%"),
        "advantage_stated": ("advantage stated", "+.3f"), "advantage_true": ("advantage true", "+.3f"),
        "worlds": ("worlds", "d"),
    })


def calibration_markdown(calibration: pd.DataFrame) -> str:
    frame = calibration.assign(bin=[f"{b:.1f}-{b + 0.1:.1f}" for b in calibration["bin"]])
    return _markdown(frame, {
        "bin": ("stated chance", ""), "stated": ("mean stated", ".3f"), "realised": ("truly best", ".3f"),
        "gap": ("gap", "+.3f"), "realised_mc_se": ("± (MC)", ".3f"), "worlds": ("worlds", "d"),
    })


def power_markdown(power: pd.DataFrame) -> str:
    return _markdown(power, {
        "scenario": ("scenario", ""), "rooms_per_format": ("rooms per format (median)", ".0f"),
        "room_size": ("people per room", ".0f"), "promised": ("promised chance", ".3f"),
        "achieved": ("achieved", ".3f"), "worlds": ("worlds", "d"),
    })


def baselines_markdown(summary: pd.DataFrame) -> str:
    return _markdown(summary, {
        "scenario": ("scenario", ""), "estimator": ("estimator", ""), "segment": ("segment", ""),
        "truth": ("truth", "g"), "bias": ("bias", "+.2f"), "coverage": ("95% coverage", ".1%"),
        "mean_width": ("mean width", ".2f"), "wrong_recommendation": ("wrong recommendation", ".0%"),
        "confident_wrong": ("confident and wrong", ".0%"), "n_worlds": ("worlds", "d"),
    })


def pooled_tables(paths: list[Path]) -> str:
    """The study's tables from the per-world rows of several runs (``--rows`` files; different seeds or scenarios).

    A run's worlds are numbered from 0, so each file's world numbers are kept apart before pooling.
    """
    frames = [pd.read_parquet(path).assign(world=lambda f, i=i: f["world"] + i * 1_000_000)
              for i, path in enumerate(paths)]
    tables = summarise_decision_study(pd.concat(frames, ignore_index=True))
    order = {name: i for i, name in enumerate(DECISION_SCENARIOS)}
    for key in ("effects", "decisions"):  # in the order of DECISION_SCENARIOS, whatever the files' order
        tables[key] = tables[key].sort_values("scenario", key=lambda s: s.map(order), kind="stable")
    parts = ["Effects (each segment's 95% interval against the planted effect):", effects_markdown(tables["effects"]),
             "Advice for a 50/50 mix:", decisions_markdown(tables["decisions"]),
             "Stated chance that the recommended plan is best, against how often it was (drawn-effects worlds):",
             calibration_markdown(tables["calibration"])]
    if len(tables["power"]):
        parts += ["Chance of a confident answer at the size asked for:", power_markdown(tables["power"])]
    parts.append(f"Pooled from {len(paths)} files.")
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worlds", type=int, default=1000, help="worlds per scenario")
    parser.add_argument("--calibration-worlds", type=int, default=1500,
                        help="worlds of the drawn-effects scenario (the chance's calibration)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenarios", default="", help="'|'-separated scenario names (default: all)")
    parser.add_argument("--baselines", type=int, default=0,
                        help="worlds per scenario for netout/naive/EconML (0: skip)")
    parser.add_argument("--demo-worlds", type=int, default=0, help="demo-generator worlds per assignment (0: skip)")
    parser.add_argument("--out", type=Path, default=None, help="also write the tables (markdown) here")
    parser.add_argument("--rows", type=Path, default=None, help="also write the per-world rows (parquet) here")
    parser.add_argument("--pool", type=Path, nargs="+", default=None,
                        help="run nothing: summarise the per-world rows of earlier runs (--rows files) pooled")
    args = parser.parse_args()
    if args.pool:
        print(pooled_tables(args.pool))
        return

    chosen = DECISION_SCENARIOS if not args.scenarios else {k: DECISION_SCENARIOS[k] for k in args.scenarios.split("|")}
    calibration = {k: v for k, v in chosen.items() if k == CALIBRATION_SCENARIO}
    fixed = {k: v for k, v in chosen.items() if k != CALIBRATION_SCENARIO}
    start = time.perf_counter()
    parts_rows = []
    if fixed and args.worlds:
        parts_rows.append(decision_study(scenarios=fixed, n_worlds=args.worlds, random_state=args.seed))
    if calibration and args.calibration_worlds:
        parts_rows.append(decision_study(scenarios=calibration, n_worlds=args.calibration_worlds,
                                         random_state=args.seed))
    elapsed = time.perf_counter() - start
    parts: list[str] = []
    if parts_rows:
        rows = pd.concat(parts_rows, ignore_index=True)
        if args.rows:
            rows.to_parquet(args.rows)
        tables = summarise_decision_study(rows)
        parts += [
            "Effects (each segment's 95% interval against the planted effect):", effects_markdown(tables["effects"]),
            "Advice for a 50/50 mix:", decisions_markdown(tables["decisions"]),
            "Stated chance that the recommended plan is best, against how often it was (drawn-effects worlds):",
            calibration_markdown(tables["calibration"]),
        ]
        if len(tables["power"]):
            parts += ["Chance of a confident answer at the size asked for:", power_markdown(tables["power"])]
        parts.append(f"{args.worlds} worlds per scenario ({args.calibration_worlds} for the drawn-effects one), "
                     f"seed {args.seed}, in {elapsed:.0f} s.")
    if args.baselines:
        extra = {}
        try:
            import econml  # noqa: F401
            extra = {"EconML LinearDRLearner": econml_estimator}
        except ImportError:
            parts.append("EconML is not installed (pip install 'networking-outcomes[bench]'); its rows are left out.")
        summary, _ = simulation_study(n_worlds=args.baselines, random_state=args.seed, extra_estimators=extra)
        order = {name: i for i, name in enumerate(STUDY_SCENARIOS)}
        summary = summary.sort_values(["scenario", "estimator"], key=lambda s: s.map(order) if s.name == "scenario"
                                      else s.map({"netout": 0, "naive": 1}).fillna(2), kind="stable")
        parts += ["Against the naive difference in means and EconML:", baselines_markdown(summary)]
    if args.demo_worlds:
        demo = demo_pipeline_study(args.demo_worlds, random_state=args.seed)
        parts += ["Full pipeline on demo folders (toolkit.datasets.demo -> loader -> compute_outcomes -> compare):",
                  demo.round(3).to_string(index=False)]
    text = "\n\n".join(parts)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()

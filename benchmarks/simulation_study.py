"""Simulation study: does the comparison find the planted truth, with honest intervals?

Many seeded worlds (``toolkit.datasets.simulate.simulate_outcome_table``: session and
event shocks, covariates, a latent style) per scenario: attendees assigned by
lot, by their own choice (confounded: first-timers and reserved people lean to
structured sessions and make fewer contacts), by their own choice with strong
session shocks, and whole events of one format (3 per format). For each:
bias, 95% interval coverage, mean interval width, and how often the
recommendation for a 50/50 mix picks an option that is not truly best, for
netout's estimator, the naive difference in means and (where installed)
EconML's LinearDRLearner with the same lean nuisance models and session-grouped
cross-fitting (its intervals are not clustered).

Optionally (``--demo-worlds N``) the full pipeline on demo folders from
``toolkit.datasets.demo`` (raw tables -> loader -> outcome table -> compare).

Run:  .venv/bin/python benchmarks/simulation_study.py --worlds 500 --econml-worlds 200 --demo-worlds 40
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

from toolkit.datasets.simulate import STUDY_SCENARIOS, simulation_study  # noqa: E402


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


def to_markdown(summary: pd.DataFrame) -> str:
    columns = ["scenario", "estimator", "segment", "truth", "bias", "coverage", "mean_width",
               "wrong_recommendation", "confident_wrong", "n_worlds"]
    header = ["scenario", "estimator", "segment", "truth", "bias", "95% coverage", "mean width",
              "wrong recommendation", "confident and wrong", "worlds"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in summary[columns].itertuples(index=False):
        cells = [
            row.scenario, row.estimator, row.segment, f"{row.truth:g}", f"{row.bias:+.2f}",
            f"{row.coverage:.1%}", f"{row.mean_width:.2f}",
            "" if np.isnan(row.wrong_recommendation) else f"{row.wrong_recommendation:.0%}",
            "" if np.isnan(row.confident_wrong) else f"{row.confident_wrong:.0%}",
            str(row.n_worlds),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worlds", type=int, default=500, help="worlds per scenario")
    parser.add_argument("--econml-worlds", type=int, default=0, help="worlds per scenario for EconML (0: skip)")
    parser.add_argument("--demo-worlds", type=int, default=0, help="demo-generator worlds per assignment (0: skip)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=None, help="also write the markdown table here")
    args = parser.parse_args()

    start = time.perf_counter()
    summary, _ = simulation_study(n_worlds=args.worlds, random_state=args.seed)
    elapsed = time.perf_counter() - start
    parts = [summary]
    if args.econml_worlds:
        try:
            import econml  # noqa: F401
        except ImportError:
            print("EconML is not installed (pip install 'networking-outcomes[bench]'); its rows are left out.")
        else:
            # the same seeds give the same first worlds as above
            econ, _ = simulation_study(
                n_worlds=args.econml_worlds, random_state=args.seed,
                extra_estimators={"EconML LinearDRLearner": econml_estimator},
            )
            parts.append(econ[econ["estimator"] == "EconML LinearDRLearner"])
    summary = pd.concat(parts, ignore_index=True)
    order = {name: i for i, name in enumerate(STUDY_SCENARIOS)}
    summary = summary.sort_values(["scenario", "estimator"], key=lambda s: s.map(order) if s.name == "scenario"
                                  else s.map({"netout": 0, "naive": 1}).fillna(2), kind="stable")
    table = to_markdown(summary)
    print(table)
    print(f"\n{args.worlds} worlds per scenario in {elapsed:.0f} s (netout + naive, with recommendations).")
    if args.demo_worlds:
        demo = demo_pipeline_study(args.demo_worlds, random_state=args.seed)
        print("\nFull pipeline on demo folders (toolkit.datasets.demo -> loader -> compute_outcomes -> compare_formats):")
        print(demo.round(3).to_string(index=False))
    if args.out:
        args.out.write_text(table + "\n")


if __name__ == "__main__":
    main()

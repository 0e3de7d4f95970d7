"""Speed of the comparison: targets 10k attendees x all outcomes x segments < 2 s; 200k attendees, one outcome < 1 s.

Side by side at 200k attendees (self-selected, 4 events, 400 sessions):
netout's ``compare_formats``; the naive difference in means; a plain
cross-fitted AIPW (scikit-learn pipelines with one-hot encoding, 5 folds over
rows, logistic propensity and ridge outcome models on every row, analytic
variance); and EconML's LinearDRLearner (where installed, same nuisance
models, 2 folds). Wall-clock (best of ``--repeat``) and CPU seconds per fit.

Run:  .venv/bin/python benchmarks/bench_compare.py [--repeat 3] [--no-econml]
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

from toolkit.compare import compare_formats, compare_outcomes, naive_difference  # noqa: E402
from toolkit.contract import OUTCOMES  # noqa: E402
from toolkit.datasets.simulate import simulate_outcome_table  # noqa: E402

COVARIATES = ["industry", "company_size", "first_time", "style", "event_id"]


def plain_aipw(table: pd.DataFrame, outcome: str, n_folds: int = 5) -> pd.DataFrame:
    """Textbook cross-fitted AIPW per segment: sklearn pipelines on every row, folds over rows, iid variance."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.model_selection import KFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    frame = table[table["format"].notna()].reset_index(drop=True)
    X = frame[COVARIATES].astype(str)
    t = (frame["format"] == "structured").to_numpy().astype(int)
    y = frame[outcome].astype("float64").to_numpy()

    def encoder():
        return make_column_transformer((OneHotEncoder(handle_unknown="ignore"), COVARIATES))

    e, m1, m0 = np.empty(len(y)), np.empty(len(y)), np.empty(len(y))
    for train, test in KFold(n_folds, shuffle=True, random_state=0).split(X):
        prop = make_pipeline(encoder(), LogisticRegression(C=10.0, max_iter=300)).fit(X.iloc[train], t[train])
        e[test] = prop.predict_proba(X.iloc[test])[:, 1]
        for arm, out in ((1, m1), (0, m0)):
            sel = train[t[train] == arm]
            out[test] = make_pipeline(encoder(), Ridge(alpha=1.0)).fit(X.iloc[sel], y[sel]).predict(X.iloc[test])
    e = np.clip(e, 0.01, 0.99)
    psi = m1 - m0 + t * (y - m1) / e - (1 - t) * (y - m0) / (1 - e)
    rows = []
    for segment, idx in frame.groupby("style").indices.items():
        est = psi[idx].mean()
        se = psi[idx].std(ddof=1) / np.sqrt(len(idx))
        rows.append({"segment": segment, "effect": est, "ci_low": est - 1.96 * se, "ci_high": est + 1.96 * se})
    return pd.DataFrame(rows)


def timed(fn, repeat: int) -> tuple[float, float, object]:
    best_wall, best_cpu, result = np.inf, np.inf, None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-econml", action="store_true")
    args = parser.parse_args()

    small, _ = simulate_outcome_table(n_events=2, sessions_per_format=25, session_size=100,
                                      assignment="self_selected", random_state=1)
    outcomes = [o for o in OUTCOMES if o in small.columns]
    compare_outcomes(small, outcomes=outcomes, random_state=0)  # warm up imports
    wall, cpu, res = timed(lambda: compare_outcomes(small, outcomes=outcomes, random_state=0), args.repeat)
    print(f"{len(small):,} attendees, {len(outcomes)} outcomes x {res['segment'].nunique()} segments "
          f"({len(res)} effects with intervals): {wall:.2f} s wall, {cpu:.2f} s CPU (target < 2 s)")

    big, truth = simulate_outcome_table(n_events=4, sessions_per_format=50, session_size=500,
                                        assignment="self_selected", random_state=2)
    rows = []
    candidates = [
        ("netout compare_formats (AIPW, session-clustered)", lambda: compare_formats(big, outcome="new_contacts", random_state=0)),
        ("naive difference in means", lambda: naive_difference(big, outcome="new_contacts")),
        ("plain cross-fitted AIPW (sklearn pipelines, 5 folds)", lambda: plain_aipw(big, "new_contacts")),
    ]
    if not args.no_econml:
        try:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from simulation_study import econml_estimator

            import econml  # noqa: F401

            candidates.append(("EconML LinearDRLearner (2 folds)", lambda: econml_estimator(big, "new_contacts")))
        except ImportError:
            print("EconML not installed: its row is left out (pip install 'networking-outcomes[bench]').")
    compare_formats(big, outcome="new_contacts", random_state=0)  # warm up
    for name, fn in candidates:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wall, cpu, res = timed(fn, args.repeat if "netout" in name or "naive" in name else 1)
        res = res.set_index("segment")
        est = ", ".join(
            f"{s} {res.loc[s, 'effect']:+.2f} [{res.loc[s, 'ci_low']:+.2f}, {res.loc[s, 'ci_high']:+.2f}]"
            for s in ("reserved", "self-directed")
        )
        rows.append((name, wall, cpu, est))
    print(f"\n{len(big):,} attendees, one outcome (new_contacts; planted reserved "
          f"{truth['new_contacts']['reserved']:+g}, self-directed {truth['new_contacts']['self-directed']:+g}):")
    print("| method | wall s | CPU s | estimates [95% interval] |\n|---|---|---|---|")
    for name, wall, cpu, est in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {est} |")


if __name__ == "__main__":
    main()

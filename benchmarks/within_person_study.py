"""Within-person study: people in a structured and an open session at each event, a planted effect.

Many seeded crossover worlds (``toolkit.datasets.simulate.simulate_crossover_table``: two time slots
with rooms of both formats side by side, each person in one structured and one open room per event,
the order by lot, a second-session effect, session, event and person shocks, personal effects that
last across events) per scenario; for each world ``compare_formats`` (the within-person comparison,
clustered by structured session, open session and person) and, for contrast, the same estimate with
intervals that treat each person's difference as independent, and with the degrees of freedom used
before (the fewer sessions of the two formats, minus one). Reported per scenario and segment: bias
(and as a share of the effect, with its Monte Carlo standard error), 95% coverage (with its Monte
Carlo error), mean degrees of freedom, mean width.

Run:  .venv/bin/python benchmarks/within_person_study.py --worlds 2000 --seed 2026
(about 0.1-0.8 s per world on a busy 2-core machine; ``--scenarios 1`` runs the default world only)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.compare import fit_comparison  # noqa: E402
from toolkit.compare.variance import MultiwayVariance  # noqa: E402
from toolkit.datasets.simulate import simulate_crossover_table  # noqa: E402

#: Scenarios: name -> options of simulate_crossover_table.
SCENARIOS: dict[str, dict] = {
    "default (2 events, 12 rooms per format, 20 per room)": {},
    "strong room shocks (session sd 2.5)": {"session_sd": 2.5},
    "large second-session effect (-4)": {"period_effect": -4.0},
    "one event, 10 rooms per format of 10": {"n_events": 1, "sessions_per_format": 10, "session_size": 10},
    "4 events, same people, personal effects sd 2": {"n_events": 4, "effect_sd": 2.0},
    "20% reserved": {"reserved_share": 0.2},
}


def one_world(options: dict, rng: np.random.Generator) -> list[dict]:
    table, truth = simulate_crossover_table(random_state=rng, **options)
    comparison = fit_comparison(table, outcome="new_contacts", covariates=[], random_state=0)
    intervals = comparison.conf_int()
    variance = comparison.variance
    naive = MultiwayVariance(scores=variance.scores, clusters=(np.arange(len(variance.segment)),),
                             segment=variance.segment, cell=variance.cell, weight=variance.weight,
                             share=variance.share)
    rows = []
    for j, segment in enumerate(comparison.segments):
        effect = float(comparison.effects["effect"].iloc[j])
        df = float(comparison.effects["df"].iloc[j])
        se = float(comparison.effects["se"].iloc[j])
        naive_se = np.sqrt(naive.variance(np.eye(len(comparison.segments))[j])[0])
        q = stats.t.ppf(0.975, df)
        # the degrees of freedom used before: the fewer sessions of the two formats, minus one
        fewest = min(comparison.effects["n_sessions_structured"].iloc[j],
                     comparison.effects["n_sessions_unstructured"].iloc[j]) - 1
        q_fewest = stats.t.ppf(0.975, fewest)
        rows.append({"segment": segment, "truth": truth["new_contacts"][segment], "effect": effect,
                     "low": intervals["ci_low"].iloc[j], "high": intervals["ci_high"].iloc[j], "se": se, "df": df,
                     "fewest_low": effect - q_fewest * se, "fewest_high": effect + q_fewest * se,
                     "naive_low": effect - q * naive_se, "naive_high": effect + q * naive_se})
    return rows


def study(n_worlds: int, seed: int, scenarios: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for name, options in scenarios.items():
        start = time.time()
        number = list(SCENARIOS).index(name) if name in SCENARIOS else len(SCENARIOS)
        for world, child in enumerate(np.random.SeedSequence([seed, number]).spawn(n_worlds)):
            for row in one_world(options, np.random.default_rng(child)):
                rows.append({"scenario": name, "world": world, **row})
        print(f"  {name}: {n_worlds} worlds in {time.time() - start:.0f} s", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def summarise(worlds: pd.DataFrame) -> pd.DataFrame:
    worlds = worlds.assign(
        error=worlds["effect"] - worlds["truth"],
        covered=(worlds["low"] <= worlds["truth"]) & (worlds["truth"] <= worlds["high"]),
        naive_covered=(worlds["naive_low"] <= worlds["truth"]) & (worlds["truth"] <= worlds["naive_high"]),
        fewest_covered=(worlds["fewest_low"] <= worlds["truth"]) & (worlds["truth"] <= worlds["fewest_high"]),
        width=worlds["high"] - worlds["low"],
    )
    groups = worlds.groupby(["scenario", "segment"], sort=False)
    out = groups.agg(truth=("truth", "first"), bias=("error", "mean"), sd=("error", "std"),
                     coverage=("covered", "mean"), naive_coverage=("naive_covered", "mean"),
                     fewest_coverage=("fewest_covered", "mean"), mean_df=("df", "mean"),
                     mean_width=("width", "mean"), worlds=("world", "nunique")).reset_index()
    out["bias_mc_se"] = out["sd"] / np.sqrt(out["worlds"])
    out["bias_share"] = out["bias"] / out["truth"].abs()
    out["coverage_mc_se"] = np.sqrt(0.95 * 0.05 / out["worlds"])
    return out


def markdown(summary: pd.DataFrame) -> str:
    lines = ["| scenario | segment | truth | bias (MC se) | bias / effect | 95% coverage (MC se) | mean df | "
             "mean width | coverage with min(sessions) - 1 df | coverage if people were independent | worlds |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in summary.itertuples(index=False):
        lines.append(f"| {r.scenario} | {r.segment} | {r.truth:+.1f} | {r.bias:+.3f} ({r.bias_mc_se:.3f}) | "
                     f"{r.bias_share:+.1%} | {r.coverage:.1%} ({r.coverage_mc_se:.1%}) | {r.mean_df:.1f} | "
                     f"{r.mean_width:.2f} | {r.fewest_coverage:.1%} | {r.naive_coverage:.1%} | {r.worlds} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenarios", default="all",
                        help="'all', or the numbers of the scenarios to run, e.g. 1,4 (1 is the default world)")
    parser.add_argument("--out", type=Path, default=None, help="Also write the per-world rows (CSV).")
    args = parser.parse_args()
    items = list(SCENARIOS.items())
    scenarios = (SCENARIOS if args.scenarios == "all"
                 else dict(items[int(i) - 1] for i in args.scenarios.split(",")))
    worlds = study(args.worlds, args.seed, scenarios)
    if args.out is not None:
        worlds.to_csv(args.out, index=False)
    print(markdown(summarise(worlds)))


if __name__ == "__main__":
    main()

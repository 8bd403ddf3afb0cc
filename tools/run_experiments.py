"""Run bundled experiments in memory and write their per-run outcomes (a developer's bridge).

Until the results store and its sweep (``realpolitik sweep``) are available, this script runs
an experiment file's cells one after another with the scenario chain (scenario -> set ->
intervention -> design point) and writes ``cells.parquet``, ``runs.parquet`` and
``experiment.json`` to a folder that ``realpolitik report`` reads. Usage::

    python tools/run_experiments.py OUT_DIR [NAME ...] [--runs N] [--years T] [--samples K]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from realpolitik.analysis import run_outcomes
from realpolitik.experiments.analysis import extra_outcomes, run_table
from realpolitik.experiments.interventions import apply_intervention
from realpolitik.scenarios import load_scenario
from realpolitik.scenarios.compile import run_scenario
from realpolitik.scenarios.overrides import with_overrides

LIBRARY = Path(__file__).resolve().parents[1] / "src/realpolitik/experiments/library"


def design_points(design: dict[str, Any] | None, seed: int) -> list[dict[str, float]]:
    """Return the design's points (grid, Latin hypercube or Saltelli sample)."""
    if not design:
        return [{}]
    factors = design["factors"]
    names = list(factors)
    kind = design["kind"]
    if kind == "grid":
        grids = np.meshgrid(*[factors[n] for n in names], indexing="ij")
        return [
            dict(zip(names, (float(g.flat[i]) for g in grids), strict=True))
            for i in range(grids[0].size)
        ]
    lows = np.array([factors[n]["low"] for n in names], dtype=float)
    highs = np.array([factors[n]["high"] for n in names], dtype=float)
    if kind == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(names), seed=seed).random(int(design["samples"]))
        x = qmc.scale(unit, lows, highs)
    else:
        from SALib.sample import sobol

        problem = {
            "num_vars": len(names),
            "names": names,
            "bounds": [[lo, hi] for lo, hi in zip(lows, highs, strict=True)],
        }
        x = sobol.sample(problem, int(design["samples"]), calc_second_order=False, seed=seed)
    return [dict(zip(names, map(float, row), strict=True)) for row in x]


def run_experiment(
    path: Path, out: Path, runs: int | None, years: int | None, samples: int | None = None
) -> None:
    """Run every cell of one experiment file and write its tables to ``out``."""
    exp = yaml.safe_load(path.read_text(encoding="utf-8"))
    if samples and exp.get("design", {}).get("samples"):
        exp["design"]["samples"] = samples
    runs = runs or int(exp["runs"])
    years = years or int(exp.get("years") or 0) or None
    target = exp["scenario"]
    scenario_path = path.parent / target
    scenario = load_scenario(scenario_path if scenario_path.is_file() else target)
    years = years or scenario.years
    points = design_points(exp.get("design"), int(exp["seed"]))
    cells, frames = [], []
    started = time.perf_counter()
    for intervention in exp["interventions"]:
        for p, point in enumerate(points):
            cell = len(cells)
            overrides = apply_intervention(
                intervention, dict(exp.get("set") or {}), states=scenario.n_states
            )
            overrides.update(point)
            seed = int(np.random.SeedSequence([int(exp["seed"]), cell]).generate_state(1)[0])
            tr = run_scenario(
                with_overrides(scenario, overrides), runs=runs, years=years, seed=seed
            )
            m = tr.data["military"].transpose("run", "year", "state").values
            y = tr.data["gdp"].transpose("run", "year", "state").values
            summaries = {
                k: tr.data[k].transpose("run", "year").values
                for k in ("violations_detected", "cheaters")
                if k in tr.data
            }
            extras = extra_outcomes(tr.events, runs, **summaries)
            frames.append(run_table(run_outcomes(m, y, tr.events, runs), extras, cell=cell))
            cells.append({"cell": cell, "intervention": intervention, "point": p, **point})
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(cells).to_parquet(out / "cells.parquet", index=False)
    pd.concat(frames, ignore_index=True).to_parquet(out / "runs.parquet", index=False)
    meta = {
        **exp,
        "runs": runs,
        "years": years,
        "source": path.name,
        "scenario_sources": list(scenario.sources),
    }
    (out / "experiment.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(
        f"{exp['name']}: {len(cells)} cells x {runs} runs x {years} years in "
        f"{time.perf_counter() - started:.1f} s -> {out}"
    )


def main() -> None:
    """Parse the command line and run the experiments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--years", type=int)
    parser.add_argument("--samples", type=int, help="LHS points / Sobol base N instead")
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in LIBRARY.glob("*.yaml"))
    for name in names:
        path = LIBRARY / f"{name}.yaml"
        run_experiment(path, args.out / name, args.runs, args.years, args.samples)


if __name__ == "__main__":
    main()

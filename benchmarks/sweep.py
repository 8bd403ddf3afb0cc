"""Benchmark of sweeps: executors' speed-up, Dask's overhead, the store's cost, driver memory.

What it measures (issue 11, "Performance"), on a small scenario (two-state-spiral, the
strategic engine, two states) with at least 100 chunks at the engine's default chunk size
(1024 runs):

* wall time of the same sweep (``realpolitik.experiments.sweep.run_sweep``) serial, on 2 local
  processes and on 2 Dask workers (a ``distributed.LocalCluster`` of two single-threaded
  processes, started and warmed up before the clock starts, as a cluster on SLURM would be);
  the speed-up is serial time / parallel time;
* overhead per chunk of an executor: (workers x wall - the chunks' summed compute time, as
  measured in the workers) / chunks, as a share of the mean chunk's compute time, the wall
  time counted from the first chunk handed out (the store's creation and check, about a
  second once per sweep, excluded; it is printed); the serial overhead is the driver's
  per-chunk work (building the tasks, writing the store); Dask's adds scheduling and
  moving tasks and results;
* the store's cost: the time the driver spends writing chunks (one DuckDB transaction each)
  as a share of the serial sweep's wall time;
* the driver's peak memory (resident set, ``ru_maxrss``) in a fresh process for two sweep
  sizes, and the linear extrapolation to a million runs (or the measurement itself with
  ``--million``).

Results are printed and written as JSON to ``benchmarks/results/sweep-<timestamp>.json``. Run
``make bench`` (with the engine's benchmark) or ``python benchmarks/sweep.py [--quick]``. The
load average at the start is printed: other processes on the machine skew every number.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

EXPERIMENT = """\
name: bench-sweep
title: Sweep benchmark
description: The spiral scenario under two interventions, for timing sweeps.
scenario: two-state-spiral
years: {years}
runs: {runs}
seed: 5
chunk_size: {chunk_size}
interventions: [baseline, transparency]
set: {{burn_in: {burn_in}}}
"""


def _experiment(folder: Path, runs: int, years: int, chunk_size: int, burn_in: int) -> Any:
    from realpolitik.experiments.design import build_sweep
    from realpolitik.experiments.schema import load_experiment

    path = folder / f"bench-{runs}-{years}.yaml"
    path.write_text(
        EXPERIMENT.format(runs=runs, years=years, chunk_size=chunk_size, burn_in=burn_in)
    )
    return build_sweep(load_experiment(path)), path


def _timed(sweep: Any, store: Path, executor: Any, workers: int) -> dict[str, float]:
    from realpolitik.experiments.sweep import run_sweep

    result = run_sweep(sweep, store, executor=executor, workers=workers)
    chunks = result.ran
    mean = result.compute_seconds / chunks
    loop = result.seconds - result.setup_seconds  # from the first chunk handed out to the end
    overhead = (workers * loop - result.compute_seconds) / chunks
    return {
        "chunks": chunks,
        "runs": result.runs,
        "wall_s": result.seconds,
        "setup_s": result.setup_seconds,
        "compute_s": result.compute_seconds,
        "write_s": result.write_seconds,
        "mean_chunk_s": mean,
        "overhead_per_chunk_s": overhead,
        "overhead_share": overhead / mean,
    }


def _warm_cluster(workers: int, task: Any) -> Any:
    """Start the sweep's LocalCluster and load the engine on every worker (untimed)."""
    from distributed import Client

    from realpolitik.experiments.sweep import local_cluster, warm_up_outcomes

    cluster = local_cluster(workers)
    with Client(cluster) as client:
        client.run(warm_up_outcomes, task)
    return cluster


def speed(folder: Path, runs: int, years: int, burn_in: int) -> dict[str, Any]:
    """Time serial, 2 processes and 2 Dask workers on the same sweep (fresh stores)."""
    from realpolitik.experiments.sweep import DaskExecutor, cell_tasks, warm_up_outcomes

    sweep, _ = _experiment(folder, runs, years, 1024, burn_in)
    first = cell_tasks(sweep, sweep.cells[0])[0]
    warm_up_outcomes(first)
    out = {
        "chunks": len(sweep.cells) * sweep.chunks_per_cell,
        "runs_per_cell": runs,
        "years": years,
        "burn_in": burn_in,
        "cells": len(sweep.cells),
    }
    out["serial"] = _timed(sweep, folder / "serial.duckdb", "serial", 1)
    out["processes"] = _timed(sweep, folder / "processes.duckdb", "processes", 2)
    cluster = _warm_cluster(2, first)
    try:
        dask = DaskExecutor(2, scheduler=cluster.scheduler_address)
        out["dask"] = _timed(sweep, folder / "dask.duckdb", dask, 2)
    finally:
        cluster.close()
    for name in ("processes", "dask"):
        out[name]["speedup"] = out["serial"]["wall_s"] / out[name]["wall_s"]
    out["store_share"] = out["serial"]["write_s"] / out["serial"]["wall_s"]
    return out


MEMORY_CHILD = """\
import resource, sys, json
from pathlib import Path
from realpolitik.experiments.design import build_sweep
from realpolitik.experiments.schema import load_experiment
from realpolitik.experiments.sweep import run_sweep
sweep = build_sweep(load_experiment(sys.argv[1]))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = run_sweep(sweep, Path(sys.argv[2]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"runs": result.runs, "wall_s": result.seconds, "before_mib": base / 1024,
                  "peak_mib": peak / 1024}))
"""


def memory(folder: Path, sizes: list[int], years: int, burn_in: int) -> dict[str, Any]:
    """Peak driver memory of serial sweeps of each size (runs in all), in fresh processes."""
    points = []
    for total in sizes:
        _, path = _experiment(folder, total // 2, years, 1024, burn_in)  # 2 cells
        store = folder / f"memory-{total}.duckdb"
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(path), str(store)],
            capture_output=True,
            text=True,
            check=True,
        )
        points.append(json.loads(done.stdout.strip().splitlines()[-1]))
        points[-1]["store_mib"] = store.stat().st_size / 2**20
    (r0, m0), (r1, m1) = ((p["runs"], p["peak_mib"]) for p in (points[0], points[-1]))
    slope = (m1 - m0) / (r1 - r0) if r1 != r0 else 0.0
    million = m1 + slope * (1_000_000 - r1)
    return {
        "points": points,
        "mib_per_million_runs": slope * 1e6,
        "peak_mib_at_million": million,
        "measured_million": r1 >= 1_000_000,
    }


def _report(result: dict[str, Any], console: Console) -> None:
    s = result["speed"]
    table = Table(
        title=f"Sweep benchmark: {s['chunks']} chunks of 1024 runs ({s['cells']} "
        f"cells x {s['runs_per_cell']:,} runs x {s['years']} years, burn-in "
        f"{s['burn_in']}); load average at start {result['load']}",
        title_justify="left",
    )
    for col in (
        "executor",
        "wall s",
        "setup s",
        "speed-up",
        "mean chunk s",
        "overhead/chunk",
        "store writes",
    ):
        table.add_column(col, justify="right")
    for name in ("serial", "processes", "dask"):
        r = s[name]
        table.add_row(
            name,
            f"{r['wall_s']:.1f}",
            f"{r['setup_s']:.1f}",
            f"{s['serial']['wall_s'] / r['wall_s']:.2f}x",
            f"{r['mean_chunk_s']:.3f}",
            f"{100 * r['overhead_share']:.1f}%",
            f"{100 * r['write_s'] / r['wall_s']:.1f}%",
        )
    console.print(table)
    m = result["memory"]
    for p in m["points"]:
        console.print(
            f"driver peak RSS, serial sweep of {p['runs']:,} runs: {p['peak_mib']:.0f} "
            f"MiB (store file {p['store_mib']:.1f} MiB, {p['wall_s']:.0f} s)"
        )
    how = "measured" if m["measured_million"] else "extrapolated linearly"
    console.print(
        f"driver peak RSS at 1,000,000 runs ({how}): {m['peak_mib_at_million']:.0f} "
        f"MiB ({m['mib_per_million_runs']:.0f} MiB per million runs)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--million", action="store_true", help="measure 1e6 runs' memory")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)
    runs, years, burn_in = (1024 * 3, 5, 0) if args.quick else (1024 * 50, 60, 50)
    sizes = [4096, 16384] if args.quick else [20480, 1_000_000 if args.million else 204800]
    console = Console()
    result: dict[str, Any] = {
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "cpus": os.cpu_count(),
        "quick": args.quick,
    }
    with tempfile.TemporaryDirectory() as tmp:
        result["speed"] = speed(Path(tmp), runs, years, burn_in)
        result["memory"] = memory(Path(tmp), sizes, 2, 0)
    _report(result, console)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"sweep-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2))
    console.print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

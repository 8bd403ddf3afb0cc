"""Speed, memory and agreement benchmark of the engine against an idiomatic Mesa version.

What it measures (CORE_MODEL.md, issue 3 item 5), all in one process run:

* engine state-steps/s (``realpolitik.engine.simulate``, core configuration) with
  ``workers=1`` and ``workers=2`` (the whole 2-core machine), best of ``--repeat`` calls
  after one untimed warm-up call (JIT compilation, pool start-up);
* the same for the full engine (issue 4 item 4: every mechanism on,
  ``realpolitik.testing.full_configuration`` and ``full_schedule``), compared with the Mesa
  *core* model measured in the same run;
* the same for the strategic engine with every mechanism on (issue 8:
  ``realpolitik.testing.strategic_configuration`` under ``Params.strategic`` with
  ``burn_in = 0``, so that every simulated year is counted, and ``full_schedule``), compared
  with the Mesa core model measured in the same run;
* the idiomatic Mesa version (``mesa_core.py``: one ``mesa.Model`` per run, agents =
  states, DataCollector on) on a stated subset of the runs, compared per state-step;
* the draws-alone limit: numpy's default Generator producing exactly the random numbers
  the model needs at the workload (N - 1 normals per state-step, one uniform per unordered
  pair and step, plus the measured share of extra uniforms for war and winner draws), in
  float64 and float32, on one core and on two threads;
* peak memory of the engine call: the summed PSS of this process and its workers, sampled
  by a monitor process, and this process's peak resident set (``/proc/self/clear_refs`` +
  ``VmHWM``), with the workers' ``ru_maxrss`` for reference; for the full engine also the
  summed PSS of the same call in a fresh process that imports only ``realpolitik``;
* ``import realpolitik`` time in a fresh interpreter (minus a bare interpreter start);
* agreement engine vs Mesa: deterministic configuration (sigma = 0, p0 = 0) trajectories
  to a relative 1e-12, and the stochastic core configuration (KS on final military and GDP,
  chi-square on wars per run, z on the means) via ``realpolitik.testing.agreement``.

State-steps/s = states x years x runs / seconds. Results are printed and written as JSON to
``benchmarks/results/engine-<timestamp>.json``. Run ``make bench`` (or
``python benchmarks/engine.py [--quick]``).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from realpolitik.testing import (
    FULL_MECHANISMS,
    FULL_WARHEADS,
    full_configuration,
    full_schedule,
    strategic_configuration,
)

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # so that `python benchmarks/engine.py` and imports both work
    sys.path.insert(0, str(HERE))

from mesa_core import CoreModel, CoreParams, core_initial, run_mesa  # noqa: E402

console = Console(width=140)

# Targets of issue 3 (whole 2-core machine, at the headline workload 8 x 200 x 10000).
TARGET_STATE_STEPS = 5e6
TARGET_LIMIT_FACTOR = 3.0
TARGET_MEMORY_MIB = 1024.0
TARGET_IMPORT_S = 0.5
TARGET_DETERMINISTIC_RTOL = 1e-12
HEADLINE = (8, 200, 10_000)
# Target of issue 4 item 4: the full engine (all mechanisms on) at 8 x 200 x 10000 runs at
# least this many times the Mesa core model's speed (state-steps/s), in under 1 GiB.
TARGET_FULL_MESA_FACTOR = 30.0
# Target of issue 8: the strategic engine with every mechanism on, the same factor.
TARGET_STRATEGIC_MESA_FACTOR = 30.0


# --------------------------------------------------------------------------- workloads


@dataclass(frozen=True)
class Workload:
    """One benchmark workload: an engine configuration at states x years x runs.

    Parameters
    ----------
    states, years, runs : int
        The workload's size.
    mesa_runs : int or None
        Runs of the Mesa version timed (a subset); None: no Mesa timing. Mesa implements the
        core model only: for another configuration (e.g. the full engine with all mechanisms
        on) it is the Mesa core model, timed as the reference speed of the issue's target.
    config : str
        Key of ``ENGINE_CONFIGS``: which engine configuration is timed.
    overrides : dict
        Parameter overrides passed to the configuration's factory (and to Mesa for the core
        configuration).
    """

    states: int
    years: int
    runs: int
    mesa_runs: int | None
    config: str = "core"
    overrides: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return a short label such as ``core 8x200x10000``."""
        return f"{self.config} {self.states}x{self.years}x{self.runs}"

    @property
    def state_steps(self) -> int:
        """Return states x years x runs."""
        return self.states * self.years * self.runs


def _core_params(**overrides: Any) -> Any:
    from realpolitik.engine import Params

    return Params.core(**overrides)


def engine_params(config: str, keys: Mapping[str, Any]) -> Any:
    """Return the ``Params`` of a configuration: its preset (``ENGINE_PRESETS``) with its keys."""
    from realpolitik.engine import Params

    return getattr(Params, ENGINE_PRESETS.get(config, "core"))(**keys)


# The full configuration (every mechanism on) is realpolitik.testing's FULL_MECHANISMS,
# full_configuration and full_schedule: the tests that check the whole engine run the same.


# Engine configurations by name: (states, **overrides) -> the keyword arguments of
# Params.core. A configuration may also have a schedule in ENGINE_SCHEDULES:
# (states, years) -> list of ScheduledEvent.
ENGINE_CONFIGS: dict[str, Callable[..., dict[str, Any]]] = {
    "core": lambda states, **overrides: dict(overrides),
    "full": full_configuration,
    "strategic": strategic_configuration,
}
ENGINE_SCHEDULES: dict[str, Callable[[int, int], list[Any]]] = {
    "full": full_schedule,
    "strategic": full_schedule,
}
# The Params preset of a configuration (a classmethod name; "core" when not listed).
ENGINE_PRESETS: dict[str, str] = {"strategic": "strategic"}
# The strategic row simulates no burn-in, so that state-steps count every simulated year.
STRATEGIC_OVERRIDES: dict[str, Any] = {"burn_in": 0}


def workloads(quick: bool = False, configs: tuple[str, ...] = ("core",)) -> list[Workload]:
    """Return the workloads of the issues' tables (or small ones for a smoke run).

    Parameters
    ----------
    quick : bool
        Small sizes for a smoke run.
    configs : tuple of str
        The configurations to include: ``"core"`` (issue 3's table: 8 x 200 x {100, 10 000}
        and 100 x 200 x 100, each with a Mesa subset) and ``"full"`` (issue 4 item 4: every
        mechanism on, 8 x 200 x 10 000, with the Mesa *core* model timed as its reference:
        Mesa implements the core model only) and ``"strategic"`` (issue 8: the same under the
        strategic engine, without burn-in). The command line runs all three.

    Returns
    -------
    list of Workload
        In the order they are run and printed.
    """
    out: list[Workload] = []
    if "core" in configs:
        if quick:
            out += [
                Workload(8, 50, 100, mesa_runs=5),
                Workload(8, 50, 2_000, mesa_runs=5),
                Workload(30, 50, 20, mesa_runs=1),
            ]
        else:
            out += [
                Workload(8, 200, 100, mesa_runs=20),
                Workload(8, 200, 10_000, mesa_runs=20),
                Workload(100, 200, 100, mesa_runs=2),
            ]
    if "full" in configs:
        size = (8, 50, 2_000) if quick else HEADLINE
        out.append(Workload(*size, mesa_runs=5 if quick else 20, config="full"))
    if "strategic" in configs:
        size = (8, 50, 500) if quick else HEADLINE
        out.append(
            Workload(
                *size,
                mesa_runs=5 if quick else 20,
                config="strategic",
                overrides=dict(STRATEGIC_OVERRIDES),
            )
        )
    return out


# --------------------------------------------------------------------------- memory


def _kib_to_mib(value: float) -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    return value / (1024.0 * 1024.0) if sys.platform == "darwin" else value / 1024.0


def release_memory() -> bool:
    """Collect garbage and hand the heap's free pages back to the system (glibc ``malloc_trim``).

    Called before each measured engine call, so that memory freed by earlier workloads but
    still held by the allocator does not count as the call's (without it, the same call
    measures up to a few hundred MiB more after a large workload than in a fresh process).

    Returns
    -------
    bool
        Whether ``malloc_trim`` ran (False off glibc).
    """
    gc.collect()
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True


def reset_peak_rss() -> bool:
    """Reset this process's peak resident set (Linux ``clear_refs``); True if it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mib() -> float:
    """Return this process's peak resident set in MiB (``VmHWM``, else ``ru_maxrss``)."""
    with contextlib.suppress(OSError):
        match = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
        if match:
            return int(match.group(1)) / 1024.0
    return _kib_to_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def children_peak_rss_mib() -> float:
    """Return the largest peak resident set of any finished child process, in MiB."""
    return _kib_to_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


# Polls the summed proportional set size (PSS) of a process and all its descendants; prints the
# peak in KiB when its stdin closes. PSS shares each shared page among the processes mapping
# it, so the sum is the tree's real memory use (forked workers share the parent's pages).
# Runs as a separate process, so the benchmark process stays single-threaded (the engine forks
# its workers only then).
_PSS_MONITOR = r"""
import os, select, sys
root, me = int(sys.argv[1]), os.getpid()
def tree(pid):
    out = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            continue
        for kid in kids:
            if kid != me:
                out.extend(tree(kid))
    return out
def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
peak = 0
print("ready", flush=True)
while True:
    peak = max(peak, sum(pss(p) for p in tree(root)))
    if select.select([sys.stdin], [], [], 0.01)[0]:
        break
print(peak, flush=True)
"""


def pss_peak_mib(call: Callable[[], Any], root: int | None = None) -> float | None:
    """Run ``call()`` while a monitor process samples a process tree's summed PSS.

    Parameters
    ----------
    call : callable
        What to measure (its result is discarded).
    root : int, optional
        The process whose tree is sampled (default: this process).

    Returns
    -------
    float or None
        The peak of the summed PSS of the process and its descendants during the call, MiB
        (sampled every 10 ms); None where ``/proc/*/smaps_rollup`` is unavailable.
    """
    if not Path("/proc/self/smaps_rollup").exists():
        call()
        return None
    monitor = subprocess.Popen(
        [sys.executable, "-c", _PSS_MONITOR, str(os.getpid() if root is None else root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert monitor.stdin is not None and monitor.stdout is not None
    monitor.stdout.readline()  # "ready"
    try:
        call()
    finally:
        monitor.stdin.close()
        out = monitor.stdout.read()
        monitor.wait()
    return int(out.split()[-1]) / 1024.0


# A plain process for the engine call alone: it imports only realpolitik, warms up, waits for
# a line on stdin, runs the call and says "done".
_FRESH_CHILD = r"""
import json, sys
from realpolitik.engine import Params, ScheduledEvent, simulate
spec = json.loads(sys.argv[1])
params = getattr(Params, spec["preset"])(**spec["params"])
events = [ScheduledEvent(e["year"], e["action"], tuple(e["states"]),
                         tuple(e["value"]) if isinstance(e["value"], list) else e["value"])
          for e in spec["schedule"]]
kw = dict(states=spec["states"], seed=spec["seed"], chunk_size=spec["chunk_size"],
          workers=spec["workers"], schedule=events or None)
simulate(params, runs=min(spec["runs"], 2 * spec["chunk_size"]), years=min(spec["years"], 10),
         **kw)
print("ready", flush=True)
sys.stdin.readline()
simulate(params, runs=spec["runs"], years=spec["years"], **kw)
print("done", flush=True)
"""


def fresh_process_pss(w: Workload, *, workers: int, seed: int, chunk_size: int) -> dict | None:
    """Peak PSS of one engine call in a fresh process that imports only ``realpolitik``.

    The benchmark process carries Mesa, SciPy, pandas and the memory of earlier workloads;
    this measures the same call where a user would make it: a child process builds the
    workload's parameters (and schedule), warms up (as :func:`time_engine`), then makes the
    call while a monitor samples the child's process tree.

    Parameters
    ----------
    w : Workload
        The workload.
    workers, seed, chunk_size : int
        As for ``simulate``.

    Returns
    -------
    dict or None
        ``pss_peak_mib`` (the call) and ``baseline_mib`` (the child's PSS before it), or None
        where ``/proc/*/smaps_rollup`` is unavailable.
    """
    if not Path("/proc/self/smaps_rollup").exists():
        return None
    keys = ENGINE_CONFIGS[w.config](w.states, **w.overrides)
    schedule = ENGINE_SCHEDULES[w.config](w.states, w.years) if w.config in ENGINE_SCHEDULES else []
    spec = {
        "params": _jsonable(keys),
        "preset": ENGINE_PRESETS.get(w.config, "core"),
        "schedule": [asdict(e) for e in schedule],
        "states": w.states,
        "runs": w.runs,
        "years": w.years,
        "seed": seed,
        "chunk_size": chunk_size,
        "workers": workers,
    }
    child = subprocess.Popen(
        [sys.executable, "-c", _FRESH_CHILD, json.dumps(spec)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "ready":
            return None
        baseline = _pss_kib(child.pid) / 1024.0

        def call() -> None:
            child.stdin.write("go\n")
            child.stdin.flush()
            child.stdout.readline()  # "done"

        peak = pss_peak_mib(call, root=child.pid)
    finally:
        child.stdin.close()
        child.wait()
    return {"pss_peak_mib": peak, "baseline_mib": baseline}


def _pss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


# --------------------------------------------------------------------------- draws alone


def draws_per_state_step(states: int, extra_per_pair: float) -> tuple[float, float]:
    """Return (normals, uniforms) the core model needs per state-step.

    Parameters
    ----------
    states : int
        N.
    extra_per_pair : float
        Extra uniforms per pair and step (war given crisis, winner), measured.

    Returns
    -------
    tuple of float
        ``N - 1`` normals and ``(N - 1) / 2 * (1 + extra_per_pair)`` uniforms.
    """
    return float(states - 1), (states - 1) / 2.0 * (1.0 + extra_per_pair)


def _draw_runs(
    seed: np.random.SeedSequence,
    runs: int,
    states: int,
    years: int,
    dtype: type,
    chunk_size: int,
    extra_per_pair: float,
) -> None:
    rng = np.random.default_rng(seed)
    pairs = states * (states - 1) // 2
    for start in range(0, runs, chunk_size):
        chunk = min(chunk_size, runs - start)
        normals = np.empty((chunk, states * (states - 1)), dtype)
        uniforms = np.empty((chunk, pairs), dtype)
        n_extra = math.ceil(chunk * pairs * extra_per_pair)
        extra = np.empty(n_extra, dtype)
        for _ in range(years):
            rng.standard_normal(out=normals, dtype=dtype)
            rng.random(out=uniforms, dtype=dtype)
            if n_extra:
                rng.random(out=extra, dtype=dtype)


def draws_alone_rate(
    states: int,
    years: int,
    runs: int,
    *,
    dtype: type,
    threads: int,
    extra_per_pair: float,
    chunk_size: int = 1024,
    min_seconds: float = 0.3,
    max_repeat: int = 5,
) -> float:
    """State-steps/s allowed by the random draws alone at a workload.

    The runs are split evenly over ``threads`` threads, each with its own default
    Generator (numpy releases the GIL while filling arrays), and drawn in chunks of
    ``chunk_size`` runs into preallocated buffers. Repeated while the total time is under
    ``min_seconds``; the best rate is returned.

    Parameters
    ----------
    states, years, runs : int
        The workload.
    dtype : type
        ``np.float64`` or ``np.float32``.
    threads : int
        Threads drawing concurrently.
    extra_per_pair : float
        Extra uniforms per pair and step.
    chunk_size : int
        Runs per buffer.
    min_seconds : float
        Minimum total measuring time.
    max_repeat : int
        Maximum number of repeats.

    Returns
    -------
    float
        State-steps per second.
    """
    share = [runs // threads + (1 if t < runs % threads else 0) for t in range(threads)]
    best = math.inf
    spent = 0.0
    for rep in range(max_repeat):
        seeds = np.random.SeedSequence(rep).spawn(threads)
        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            futures = [
                pool.submit(_draw_runs, s, n, states, years, dtype, chunk_size, extra_per_pair)
                for s, n in zip(seeds, share, strict=True)
                if n
            ]
            for f in futures:
                f.result()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        if spent >= min_seconds:
            break
    return states * years * runs / best


# --------------------------------------------------------------------------- engine


def engine_available() -> str | None:
    """Return None if the engine imports, else the reason it does not."""
    try:
        from realpolitik.engine import Params, simulate  # noqa: F401
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _event_counts(traj: Any) -> dict[str, int]:
    events = getattr(traj, "events", None)
    if events is None or len(events) == 0:
        return {"crisis": 0, "war": 0}
    counts = events["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in ("crisis", "war")}


def time_engine(
    w: Workload, *, workers: int, seed: int, chunk_size: int, repeat: int
) -> dict[str, Any]:
    """Time the engine on a workload (best of ``repeat`` after an untimed warm-up).

    One more, untimed, call measures the summed PSS of the process tree (the monitor's
    polling would disturb the timing).

    Parameters
    ----------
    w : Workload
        The workload.
    workers : int
        ``simulate(workers=...)``.
    seed : int
        Seed.
    chunk_size : int
        Runs per chunk.
    repeat : int
        Timed calls; the fastest counts.

    Returns
    -------
    dict
        ``seconds``, ``state_steps_per_s``, ``pss_peak_mib`` (process tree),
        ``baseline_pss_mib`` (this process's PSS just before that call),
        ``peak_rss_mib`` (this process during the timed calls), ``effective_workers``,
        ``children_peak_rss_mib`` (largest worker so far), ``peak_exact`` (whether the peak
        was reset before the call) and the event counts of the last timed call.
    """
    from realpolitik.engine import simulate

    params = engine_params(w.config, ENGINE_CONFIGS[w.config](w.states, **w.overrides))
    kwargs: dict[str, Any] = {
        "states": w.states,
        "seed": seed,
        "chunk_size": chunk_size,
        "workers": workers,
    }
    if w.config in ENGINE_SCHEDULES:
        kwargs["schedule"] = ENGINE_SCHEDULES[w.config](w.states, w.years)
    # the engine never uses more processes than chunks
    effective = min(workers, math.ceil(w.runs / chunk_size))
    warm_runs = min(w.runs, 2 * chunk_size)
    simulate(params, runs=warm_runs, years=min(w.years, 10), **kwargs)
    best = math.inf
    peak = 0.0
    exact = False
    counts: dict[str, int] = {}
    for _ in range(repeat):
        release_memory()
        exact = reset_peak_rss()
        start = time.perf_counter()
        traj = simulate(params, runs=w.runs, years=w.years, **kwargs)
        elapsed = time.perf_counter() - start
        peak = max(peak, peak_rss_mib())
        counts = _event_counts(traj)
        del traj
        best = min(best, elapsed)
    release_memory()
    baseline = _pss_kib(os.getpid()) / 1024.0
    pss = pss_peak_mib(lambda: simulate(params, runs=w.runs, years=w.years, **kwargs))
    return {
        "seconds": best,
        "pss_peak_mib": pss,
        "baseline_pss_mib": baseline,
        "state_steps_per_s": w.state_steps / best,
        "peak_rss_mib": peak,
        "effective_workers": effective,
        "children_peak_rss_mib": children_peak_rss_mib() if effective > 1 else 0.0,
        "peak_exact": exact,
        "events": counts,
    }


# --------------------------------------------------------------------------- Mesa


def time_mesa(w: Workload, *, seed: int) -> dict[str, Any]:
    """Time the idiomatic Mesa version on ``w.mesa_runs`` runs of the workload.

    Mesa implements the core model: for a workload of another configuration this times the
    Mesa core model at the same states and years (its overrides are not passed).

    Parameters
    ----------
    w : Workload
        The workload (``mesa_runs`` must not be None).
    seed : int
        Seed.

    Returns
    -------
    dict
        ``runs``, ``seconds``, ``state_steps_per_s``, ``crises_per_pair_step``,
        ``wars_per_pair_step``.
    """
    assert w.mesa_runs is not None
    start = time.perf_counter()
    overrides = w.overrides if w.config == "core" else {}
    sample = run_mesa(w.states, w.mesa_runs, w.years, seed, params=overrides, collect=True)
    elapsed = time.perf_counter() - start
    pair_steps = w.states * (w.states - 1) / 2 * w.years * w.mesa_runs
    return {
        "runs": w.mesa_runs,
        "seconds": elapsed,
        "state_steps_per_s": w.states * w.years * w.mesa_runs / elapsed,
        "crises_per_pair_step": float(sample["crises_per_run"].sum() / pair_steps),
        "wars_per_pair_step": float(sample["wars_per_run"].sum() / pair_steps),
    }


# --------------------------------------------------------------------------- import time


def import_time(repeat: int = 5) -> dict[str, float]:
    """Time ``import realpolitik`` in fresh interpreters.

    Parameters
    ----------
    repeat : int
        Interpreter starts per measurement; the fastest counts.

    Returns
    -------
    dict
        ``wall_s`` (``python -c "import realpolitik"`` minus ``python -c "pass"``, best of
        ``repeat``) and ``importtime_s`` (cumulative time of the top-level package reported
        by ``python -X importtime``, best of ``repeat``).
    """

    def wall(code: str) -> float:
        best = math.inf
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
        return best

    bare = wall("pass")
    loaded = wall("import realpolitik")
    best_cumulative = math.inf
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import realpolitik"],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        for line in out.splitlines():
            parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
            if len(parts) == 3 and parts[2] == "realpolitik":
                best_cumulative = min(best_cumulative, int(parts[1]) / 1e6)
    return {"wall_s": max(loaded - bare, 0.0), "importtime_s": best_cumulative}


# --------------------------------------------------------------------------- agreement


def deterministic_difference(states: int, years: int, runs: int, seed: int) -> float:
    """Largest relative difference engine vs Mesa in the deterministic configuration.

    Both get the same injected initial arrays; sigma = 0 and p0 = 0.

    Parameters
    ----------
    states, years, runs : int
        The workload.
    seed : int
        Seed of the initial conditions.

    Returns
    -------
    float
        ``max |engine - mesa| / |mesa|`` over military and GDP, all runs, years, states.
    """
    from realpolitik.engine import simulate

    overrides = {"perception_noise": 0.0, "crisis_base_rate": 0.0}
    initial = core_initial(states, runs, seed)
    traj = simulate(
        _core_params(**overrides), states=states, runs=runs, years=years, seed=seed,
        initial=initial,
    )  # fmt: skip
    worst = 0.0
    for r in range(runs):
        model = CoreModel(states, overrides, {k: v[r] for k, v in initial.items()}, seed=r)
        for _ in range(years):
            model.step()
        mesa_traj = model.trajectory()
        for name in ("military", "gdp"):
            engine_values = np.asarray(traj.data[name].isel(run=r).transpose("year", "state"))
            ref = mesa_traj[name]
            scale = np.maximum(np.abs(ref), np.finfo(float).tiny)
            worst = max(worst, float(np.max(np.abs(engine_values - ref) / scale)))
    return worst


def stochastic_agreement(states: int, years: int, runs: int, seed: int) -> dict[str, Any]:
    """Compare engine and Mesa on the stochastic core configuration from the same start.

    Parameters
    ----------
    states, years, runs : int
        The workload (runs per implementation).
    seed : int
        Seed of the initial conditions; the engine and Mesa get different derived seeds.

    Returns
    -------
    dict
        ``table`` (records of ``realpolitik.testing.agreement``), ``passes``, timings and
        the two samples' mean wars per run.
    """
    from realpolitik.engine import simulate
    from realpolitik.testing import agreement, sample_from_trajectory

    initial = core_initial(states, runs, seed)
    start = time.perf_counter()
    traj = simulate(
        _core_params(), states=states, runs=runs, years=years, seed=seed + 1, initial=initial
    )
    engine_s = time.perf_counter() - start
    engine_sample = sample_from_trajectory(traj)
    start = time.perf_counter()
    mesa_sample = run_mesa(states, runs, years, seed + 2, initial=initial)
    mesa_s = time.perf_counter() - start
    table = agreement(engine_sample, mesa_sample)
    return {
        "states": states,
        "years": years,
        "runs": runs,
        "engine_seconds": engine_s,
        "mesa_seconds": mesa_s,
        "engine_mean_wars_per_run": float(np.mean(engine_sample["wars_per_run"])),
        "mesa_mean_wars_per_run": float(np.mean(mesa_sample["wars_per_run"])),
        "table": table.to_dict(orient="records"),
        "passes": bool(table["passes"].all()),
    }


def params_mismatch() -> dict[str, tuple[Any, Any]]:
    """Return parameters whose engine default differs from CORE_MODEL.md's (Mesa's)."""
    engine = _core_params()
    if hasattr(engine, "to_dict"):
        values = engine.to_dict()
    elif hasattr(engine, "__dataclass_fields__"):
        values = asdict(engine)
    else:
        values = {name: getattr(engine, name, None) for name in CoreParams.names()}
    mesa = CoreParams().as_dict()
    return {
        name: (values[name], mesa[name])
        for name in mesa
        if name in values and not math.isclose(float(values[name]), float(mesa[name]))
    }


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, spec: str = ".3g") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return format(value, spec)


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("[green]PASS[/]" if ok else "[red]FAIL[/]")


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Run every measurement, print the tables and return the results.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed command line.

    Returns
    -------
    dict
        All results (what is written as JSON).
    """
    import mesa

    no_engine = engine_available()
    info = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "seed": args.seed,
        "chunk_size": args.chunk_size,
        "repeat": args.repeat,
        "quick": args.quick,
        "configs": list(args.configs),
        "full_keys": FULL_MECHANISMS,
        "full_warheads": FULL_WARHEADS,
        "strategic_keys": strategic_configuration(HEADLINE[0], **STRATEGIC_OVERRIDES),
        "engine_error": no_engine,
    }
    console.print(
        f"[bold]realpolitik engine benchmark[/]  python {info['python']}, numpy "
        f"{info['numpy']}, mesa {info['mesa']}, {info['cpus']} CPUs, load average at start "
        f"{_fmt(info['load_average_at_start'][0] if info['load_average_at_start'] else None)}"
    )
    if no_engine:
        console.print(f"[yellow]engine not available ({no_engine}): engine parts skipped[/]")
    else:
        mismatch = params_mismatch()
        info["params_mismatch"] = mismatch
        if mismatch:
            console.print(f"[red]engine defaults differ from CORE_MODEL.md: {mismatch}[/]")

    results: dict[str, Any] = {"info": info, "workloads": []}
    for w in workloads(args.quick, args.configs):
        console.print(f"[dim]running {w.name} ...[/]")
        row: dict[str, Any] = {"workload": asdict(w), "name": w.name}
        if w.mesa_runs is not None:
            row["mesa"] = time_mesa(w, seed=args.seed)
        if not no_engine:
            for workers in args.workers:
                row[f"engine_w{workers}"] = time_engine(
                    w,
                    workers=workers,
                    seed=args.seed,
                    chunk_size=args.chunk_size,
                    repeat=args.repeat,
                )
        if w.config != "core":  # the draws-alone limit is the core model's (issue 3)
            if not no_engine:
                for workers in args.workers:
                    row[f"fresh_w{workers}"] = fresh_process_pss(
                        w, workers=workers, seed=args.seed, chunk_size=args.chunk_size
                    )
            results["workloads"].append(row)
            continue
        if "mesa" in row:
            extra = row["mesa"]["crises_per_pair_step"] + row["mesa"]["wars_per_pair_step"]
        elif not no_engine:
            counts = row[f"engine_w{args.workers[0]}"]["events"]
            pair_steps = w.states * (w.states - 1) / 2 * w.years * w.runs
            extra = (counts["crisis"] + counts["war"]) / pair_steps
        else:
            extra = 0.0
        normals, uniforms = draws_per_state_step(w.states, extra)
        limits = {}
        for dtype in (np.float64, np.float32):
            for threads in (1, 2):
                limits[f"{dtype.__name__}_{threads}"] = draws_alone_rate(
                    w.states,
                    w.years,
                    w.runs,
                    dtype=dtype,
                    threads=threads,
                    extra_per_pair=extra,
                    chunk_size=args.chunk_size,
                )
        row["draws"] = {
            "normals_per_state_step": normals,
            "uniforms_per_state_step": uniforms,
            "extra_uniforms_per_pair_step": extra,
            "state_steps_per_s": limits,
        }
        results["workloads"].append(row)

    if not no_engine:
        console.print("[dim]agreement ...[/]")
        results["deterministic_max_rel_diff"] = deterministic_difference(
            8, args.agreement_years, args.deterministic_runs, args.seed
        )
        try:
            results["agreement"] = stochastic_agreement(
                8, args.agreement_years, args.agreement_runs, args.seed
            )
        except ImportError as exc:  # realpolitik.testing missing
            results["agreement_error"] = f"{type(exc).__name__}: {exc}"
            console.print(f"[yellow]stochastic agreement skipped ({exc})[/]")
    console.print("[dim]import time ...[/]")
    results["import"] = import_time()
    results["process_peak_rss_mib"] = _kib_to_mib(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    )
    results["children_peak_rss_mib"] = children_peak_rss_mib()
    results["targets"] = evaluate_targets(results, args.workers)
    print_report(results, args.workers)
    return results


def _engine_best(row: Mapping[str, Any], workers: list[int]) -> float | None:
    rates = [row[f"engine_w{n}"]["state_steps_per_s"] for n in workers if f"engine_w{n}" in row]
    return max(rates) if rates else None


def _engine_memory(row: Mapping[str, Any], workers: list[int]) -> float | None:
    """Peak memory of the engine calls: summed PSS of the process tree, else an upper bound."""
    peaks = []
    for e in (row.get(f"engine_w{n}") for n in workers):
        if e is None:
            continue
        if e.get("pss_peak_mib") is not None:  # HWM: exact for this process alone
            peaks.append(max(e["pss_peak_mib"], e["peak_rss_mib"]))
        else:  # forked workers share the parent's pages, which this counts again per worker
            peaks.append(e["peak_rss_mib"] + e["effective_workers"] * e["children_peak_rss_mib"])
    return max(peaks) if peaks else None


def mesa_reference(results: Mapping[str, Any], row: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Return the Mesa measurement a workload is compared with.

    Its own (for another configuration than core, the Mesa core model: see
    :func:`time_mesa`); without one, the Mesa core model measured in the same run at the same
    states and years (the core workload with the most runs).

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.
    row : mapping
        One of ``results["workloads"]``.

    Returns
    -------
    mapping or None
        The ``mesa`` entry, or None when nothing comparable was measured.
    """
    if row.get("mesa"):
        return row["mesa"]
    w = row["workload"]
    rows = [
        r
        for r in results["workloads"]
        if r.get("mesa")
        and (r["workload"]["states"], r["workload"]["years"]) == (w["states"], w["years"])
    ]
    best = max(rows, key=lambda r: r["workload"]["runs"], default=None)
    return best["mesa"] if best else None


def full_workload(results: Mapping[str, Any], config: str = "full") -> Mapping[str, Any] | None:
    """Return the row of a configuration at 8 states with the most state-steps.

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.
    config : str
        The configuration (``"full"`` or ``"strategic"``).

    Returns
    -------
    mapping or None
        The row, or None when the configuration was not run.
    """
    rows = [
        r
        for r in results["workloads"]
        if r["workload"]["config"] == config and r["workload"]["states"] == HEADLINE[0]
    ]
    return max(rows, key=lambda r: r["workload"]["years"] * r["workload"]["runs"], default=None)


def headline_workload(results: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Return the row of the headline workload: 8 x 200 x 10000 (else the largest core one).

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.

    Returns
    -------
    mapping or None
        The row of the core workload at 8 states with the most state-steps.
    """
    rows = [
        r
        for r in results["workloads"]
        if r["workload"]["config"] == "core" and r["workload"]["states"] == HEADLINE[0]
    ]
    return max(rows, key=lambda r: r["workload"]["years"] * r["workload"]["runs"], default=None)


def evaluate_targets(results: Mapping[str, Any], workers: list[int]) -> dict[str, Any]:
    """Check the issues' targets at the headline workloads (8 x 200 x 10000, whole machine).

    Issue 3 at the core workload (memory: every core workload); issue 4 item 4 at the full
    workload: its best rate over the worker counts against the Mesa core model of the same
    run (:func:`mesa_reference`), and its peak memory. With ``--quick`` the largest 8-state
    workloads stand in for the headlines (the speed targets are then only indicative).

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.
    workers : list of int
        Worker counts timed.

    Returns
    -------
    dict
        Per target: the measured value, the threshold and whether it passes (None when not
        measured).
    """
    headline = headline_workload(results)
    rate = _engine_best(headline, workers) if headline else None
    limit = headline["draws"]["state_steps_per_s"]["float64_2"] if headline else None
    core_rows = [r for r in results["workloads"] if r["workload"]["config"] == "core"]
    memory = [_engine_memory(r, workers) for r in core_rows]
    memory = [m for m in memory if m is not None]
    peak = max(memory) if memory else None
    factor = limit / rate if rate and limit else None
    imp = results["import"]["wall_s"]
    det = results.get("deterministic_max_rel_diff")
    agree = results.get("agreement", {}).get("passes")
    return {
        "workload": headline["name"] if headline else None,
        "state_steps_per_s": {
            "value": rate,
            "threshold": TARGET_STATE_STEPS,
            "passes": None if rate is None else rate >= TARGET_STATE_STEPS,
        },
        "draws_limit_factor": {
            "value": factor,
            "threshold": TARGET_LIMIT_FACTOR,
            "passes": None if factor is None else factor <= TARGET_LIMIT_FACTOR,
        },
        "peak_memory_mib": {
            "value": peak,
            "threshold": TARGET_MEMORY_MIB,
            "passes": None if peak is None else peak < TARGET_MEMORY_MIB,
        },
        "import_s": {"value": imp, "threshold": TARGET_IMPORT_S, "passes": imp < TARGET_IMPORT_S},
        "deterministic_rel_diff": {
            "value": det,
            "threshold": TARGET_DETERMINISTIC_RTOL,
            "passes": None if det is None else det <= TARGET_DETERMINISTIC_RTOL,
        },
        "stochastic_agreement": {"value": agree, "threshold": True, "passes": agree},
        **config_targets(results, workers, "full", TARGET_FULL_MESA_FACTOR),
        **config_targets(results, workers, "strategic", TARGET_STRATEGIC_MESA_FACTOR),
    }


def config_targets(
    results: Mapping[str, Any], workers: list[int], config: str, factor: float
) -> dict[str, Any]:
    """Check a configuration's targets: speed against the Mesa core model, and memory.

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.
    workers : list of int
        Worker counts timed.
    config : str
        ``"full"`` (issue 4 item 4) or ``"strategic"`` (issue 8).
    factor : float
        The least ratio of the configuration's best rate to the Mesa core model's.

    Returns
    -------
    dict
        ``<config>_workload`` (the row's name) and, per target, the measured value, the
        threshold and whether it passes (None when not measured): ``<config>_mesa_factor``,
        ``<config>_peak_memory_mib`` and ``<config>_fresh_memory_mib``.
    """
    row = full_workload(results, config)
    rate = _engine_best(row, workers) if row else None
    mesa = mesa_reference(results, row) if row else None
    ratio = rate / mesa["state_steps_per_s"] if rate and mesa else None
    memory = _engine_memory(row, workers) if row else None
    fresh = [(row or {}).get(f"fresh_w{n}") or {} for n in workers]
    fresh = [f["pss_peak_mib"] for f in fresh if f.get("pss_peak_mib") is not None]
    fresh_peak = max(fresh) if fresh else None
    return {
        f"{config}_workload": row["name"] if row else None,
        f"{config}_mesa_factor": {
            "value": ratio,
            "threshold": factor,
            "passes": None if ratio is None else ratio >= factor,
        },
        f"{config}_peak_memory_mib": {
            "value": memory,
            "threshold": TARGET_MEMORY_MIB,
            "passes": None if memory is None else memory < TARGET_MEMORY_MIB,
        },
        f"{config}_fresh_memory_mib": {
            "value": fresh_peak,
            "threshold": TARGET_MEMORY_MIB,
            "passes": None if fresh_peak is None else fresh_peak < TARGET_MEMORY_MIB,
        },
    }


def _ratio_cell(single: Mapping[str, Any] | None, best: float | None, mesa: Any) -> str:
    if not (best and mesa):
        return "n/a"
    one = f"{single['state_steps_per_s'] / mesa['state_steps_per_s']:.0f}x, " if single else ""
    return f"{one}{best / mesa['state_steps_per_s']:.0f}x"


def print_report(results: Mapping[str, Any], workers: list[int]) -> None:
    """Print the speed, draws-limit, memory, agreement and target tables.

    Parameters
    ----------
    results : mapping
        What ``run_benchmark`` measured.
    workers : list of int
        Worker counts timed.
    """
    speed = Table(title="Speed (state-steps/s = states x years x runs / s; engine: best of calls)")
    speed.add_column("workload (N x T x R)")
    for n in workers:
        speed.add_column(f"engine w={n}", justify="right")
    speed.add_column("Mesa (runs timed)", justify="right")
    speed.add_column("engine/Mesa w=1, best", justify="right")
    speed.add_column("draws limit 2 thr f64", justify="right")
    speed.add_column("limit/engine", justify="right")
    speed.add_column("peak memory MiB", justify="right")
    for row in results["workloads"]:
        best = _engine_best(row, workers)
        mesa = mesa_reference(results, row)
        limit = row["draws"]["state_steps_per_s"]["float64_2"] if "draws" in row else None
        memory = _engine_memory(row, workers)
        if mesa is None:
            mesa_cell = "-"
        elif row["workload"]["config"] == "core":
            mesa_cell = f"{_fmt(mesa['state_steps_per_s'])} ({mesa['runs']})"
        else:  # another configuration, compared with the Mesa core model
            mesa_cell = f"core: {_fmt(mesa['state_steps_per_s'])} ({mesa['runs']})"
        speed.add_row(
            row["name"],
            *[_fmt(row.get(f"engine_w{n}", {}).get("state_steps_per_s")) for n in workers],
            mesa_cell,
            _ratio_cell(row.get("engine_w1"), best, mesa),
            _fmt(limit) if limit else "-",
            _fmt(limit / best, ".2f") + "x" if best and limit else "-",
            _fmt(memory, ".0f"),
        )
    console.print(speed)
    console.print(
        "full = every mechanism on (realpolitik.testing.FULL_MECHANISMS, two nuclear states, "
        "full_schedule); strategic = the same under the strategic engine "
        "(realpolitik.testing.strategic_configuration, Params.strategic, burn_in = 0); Mesa "
        "implements the core model only, so the full and strategic rows are compared "
        "with the Mesa core model at the same states and years, timed in the same row"
    )

    draws = Table(title="Draws-alone limit (numpy default Generator; state-steps/s)")
    draws.add_column("workload")
    draws.add_column("normals / state-step", justify="right")
    draws.add_column("uniforms / state-step", justify="right")
    for key in ("float64_1", "float32_1", "float64_2", "float32_2"):
        dtype, threads = key.split("_")
        draws.add_column(f"{dtype.replace('float', 'f')} {threads} thr", justify="right")
    draws.add_column("engine / limit (2 thr f64, f32)", justify="right")
    for row in results["workloads"]:
        if "draws" not in row:
            continue
        d = row["draws"]
        lim = d["state_steps_per_s"]
        best = _engine_best(row, workers)
        draws.add_row(
            row["name"],
            _fmt(d["normals_per_state_step"]),
            _fmt(d["uniforms_per_state_step"], ".4g"),
            *[_fmt(lim[k]) for k in ("float64_1", "float32_1", "float64_2", "float32_2")],
            f"{best / lim['float64_2']:.2f}, {best / lim['float32_2']:.2f}" if best else "n/a",
        )
    console.print(draws)

    console.print(
        "peak memory of the engine calls, MiB: PSS = summed proportional set size of the "
        "process and its workers (sampled every 10 ms; what the speed table shows; this "
        "process's PSS just before the call in brackets); HWM = this "
        "process's peak resident set; worker = the largest worker's peak resident set (it "
        "includes pages shared with the parent)"
    )
    mem = Table()
    mem.add_column("workload")
    for n in workers:
        mem.add_column(f"w={n} PSS (base)", justify="right")
        mem.add_column(f"w={n} HWM", justify="right")
        if n > 1:
            mem.add_column(f"w={n} worker", justify="right")
    for n in workers:
        mem.add_column(f"w={n} fresh PSS (base)", justify="right")
    for row in results["workloads"]:
        cells = []
        for n in workers:
            e = row.get(f"engine_w{n}") or {}
            base = e.get("baseline_pss_mib")
            cells.append(
                _fmt(e.get("pss_peak_mib"), ".0f") + (f" ({base:.0f})" if base is not None else "")
            )
            cells.append(_fmt(e.get("peak_rss_mib"), ".0f"))
            if n > 1:
                child = e.get("children_peak_rss_mib")
                cells.append("-" if child == 0.0 else _fmt(child, ".0f"))
        for n in workers:
            f = row.get(f"fresh_w{n}")
            cells.append(
                f"{_fmt(f['pss_peak_mib'], '.0f')} ({_fmt(f['baseline_mib'], '.0f')})" if f else "-"
            )
        mem.add_row(row["name"], *cells)
    console.print(mem)
    console.print(
        "fresh PSS: the same call in a fresh process that imports only realpolitik (its PSS "
        "before the call in brackets): the engine's memory without the benchmark's Mesa, "
        "SciPy, pandas and earlier workloads"
    )
    imp = results["import"]
    console.print(
        f"import realpolitik: {imp['wall_s']:.3f} s (wall, minus bare interpreter), "
        f"{imp['importtime_s']:.3f} s (-X importtime cumulative)"
    )

    if "agreement" in results:
        a = results["agreement"]
        console.print(
            f"deterministic configuration (sigma = 0, p0 = 0), engine vs Mesa: max relative "
            f"difference {results['deterministic_max_rel_diff']:.3g}"
        )
        console.print(
            f"agreement engine vs Mesa, stochastic core configuration, {a['states']} states x "
            f"{a['years']} years x {a['runs']} runs each from the same initial conditions "
            f"(engine {a['engine_seconds']:.2f} s, Mesa {a['mesa_seconds']:.1f} s):"
        )
        agree = Table()
        columns = list(a["table"][0]) if a["table"] else []
        for c in columns:
            agree.add_column(c)
        for rec in a["table"]:
            agree.add_row(
                *[
                    _mark(v)
                    if c == "passes"
                    else (_fmt(v, ".4g") if isinstance(v, float) else str(v))
                    for c, v in rec.items()
                ]
            )
        console.print(agree)
        console.print(
            f"mean wars per run: engine {a['engine_mean_wars_per_run']:.3f}, "
            f"Mesa {a['mesa_mean_wars_per_run']:.3f}"
        )

    t = results["targets"]
    targets = Table(
        title=f"Targets (issue 3 at {t['workload']}, memory over the core workloads; issue 4 "
        f"at {t['full_workload']}; issue 8 at {t['strategic_workload']}; speeds: best of "
        "workers)"
    )
    for c in ("target", "measured", "threshold", "result"):
        targets.add_column(c)
    labels = {
        "state_steps_per_s": ("engine state-steps/s", ".3g", ">= "),
        "draws_limit_factor": ("draws limit (f64, 2 thr) / engine", ".2f", "<= "),
        "peak_memory_mib": ("peak memory, MiB", ".0f", "< "),
        "import_s": ("import realpolitik, s", ".3f", "< "),
        "deterministic_rel_diff": ("deterministic engine vs Mesa, rel. diff", ".2g", "<= "),
        "stochastic_agreement": ("stochastic agreement (all tests)", "", ""),
        "full_mesa_factor": ("full engine / Mesa core (state-steps/s)", ".1f", ">= "),
        "full_peak_memory_mib": ("full engine peak memory (this process), MiB", ".0f", "< "),
        "full_fresh_memory_mib": ("full engine peak memory (fresh process), MiB", ".0f", "< "),
        "strategic_mesa_factor": ("strategic engine / Mesa core (state-steps/s)", ".1f", ">= "),
        "strategic_peak_memory_mib": ("strategic peak memory (this process), MiB", ".0f", "< "),
        "strategic_fresh_memory_mib": ("strategic peak memory (fresh process), MiB", ".0f", "< "),
    }
    for key, (label, spec, op) in labels.items():
        entry = t[key]
        value = entry["value"]
        shown = str(value) if isinstance(value, bool) or value is None else _fmt(value, spec)
        threshold = entry["threshold"]
        threshold = _fmt(threshold, ".4g") if isinstance(threshold, float) else str(threshold)
        targets.add_row(label, shown, f"{op}{threshold}", _mark(entry["passes"]))
    console.print(targets)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (``sys.argv[1:]`` when None).

    Returns
    -------
    argparse.Namespace
        The options.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=None, help="timed engine calls (best)")
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument(
        "--configs",
        type=lambda s: tuple(x.strip() for x in s.split(",")),
        default=("core", "full", "strategic"),
        help="engine configurations to time (core, full, strategic)",
    )
    parser.add_argument("--agreement-runs", type=int, default=None, help="runs per side")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="JSON folder")
    args = parser.parse_args(argv)
    unknown = [c for c in args.configs if c not in ENGINE_CONFIGS]
    if unknown:
        parser.error(
            f"--configs: unknown configuration(s) {unknown}; allowed: {list(ENGINE_CONFIGS)}"
        )
    if args.repeat is None:
        args.repeat = 1 if args.quick else 2
    if args.agreement_runs is None:
        args.agreement_runs = 50 if args.quick else 200
    args.agreement_years = 50 if args.quick else 200
    args.deterministic_runs = 3 if args.quick else 10
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its JSON; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (``sys.argv[1:]`` when None).

    Returns
    -------
    int
        0.
    """
    args = parse_args(argv)
    results = run_benchmark(args)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"engine-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(_jsonable(results), indent=2))
    console.print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Checking a run before it runs: what will run, what takes effect, and what it will cost.

Source: docs/cli.md ("Conventions": check before compute). The command line's ``realpolitik check``
and ``realpolitik keys`` print these values; the web lab shows them.

- :func:`check_run`: a prepared run's resolved states, alliances, scheduled events and the
  parameters that take effect (:func:`realpolitik.report.run_scenario.scenario_tables`), with an
  :class:`Estimate` of memory, disk and time (:func:`estimate_run`), without simulating;
- :func:`describe_keys`: the engine's keys (``Params.describe()``), all or one mechanism's.

The time estimate is a cost model of the engine (:data:`COST_US`), not a measurement of this
machine: expect it within a factor of about two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from realpolitik.citations import docs_reference
from realpolitik.engine import Params, simulate
from realpolitik.report.run_scenario import parameters_in_effect, scenario_tables
from realpolitik.report.tables import Table
from realpolitik.scenarios import ScenarioError
from realpolitik.scenarios.validation import estimate_memory_bytes

if TYPE_CHECKING:
    from realpolitik.lab import PreparedRun

__all__ = [
    "CHUNK_SIZE",
    "COST_US",
    "DISK_BYTES_PER_VALUE",
    "Estimate",
    "RunCheck",
    "check_run",
    "describe_keys",
    "estimate_run",
]

#: Runs per chunk unless ``chunk_size`` is given: the engine's default.
CHUNK_SIZE: int = (simulate.__kwdefaults__ or {}).get("chunk_size", 1024)

#: Simulation cost in microseconds per run and year for N states, ``a + b N^2 + c N^3``:
#: the fused core kernel and the mechanism modules, measured on one core of a 2020s x86 CPU
#: (two-state-spiral, bipolar-nuclear, multipolar-offense and the core model at N = 2..50).
COST_US: dict[str, tuple[float, float, float]] = {
    "fast": (0.1, 0.016, 0.0),
    "mechanisms": (0.3, 0.06, 0.0008),
}
#: Bytes on disk per recorded number of the saved trajectory (data.nc holds the three
#: variables per run, year and state, the yearly summaries and the per-run values).
DISK_BYTES_PER_VALUE = 9.6


@dataclass(frozen=True)
class Estimate:
    """What a run will take, estimated before it runs (rough: within a factor of about 2).

    Attributes
    ----------
    chunks : int
        Chunks of the run (the unit of work and of progress).
    memory_bytes : int
        Memory of the simulation: the recorded arrays and one chunk's working arrays.
    disk_bytes : int
        The saved trajectory on disk.
    seconds : float
        Simulation time with the given workers (writing figures adds a few seconds).
    workers : int
        The workers the time assumes.
    path : str
        ``"fast"`` (the fused core kernel) or ``"mechanisms"``.
    """

    chunks: int
    memory_bytes: int
    disk_bytes: int
    seconds: float
    workers: int
    path: str


@dataclass(frozen=True)
class RunCheck:
    """A prepared run described without simulating it (``realpolitik check``).

    Attributes
    ----------
    prepared : PreparedRun
        The checked run.
    tables : tuple of Table
        The resolved states, the alliances in force from the start, the scheduled events, and
        the parameters that take effect and differ from the core model.
    parameters : tuple of str
        The keys of the last table.
    estimate : Estimate
        Memory, disk and time.
    """

    prepared: PreparedRun
    tables: tuple[Table, ...]
    parameters: tuple[str, ...]
    estimate: Estimate


def estimate_run(
    prepared: PreparedRun, *, workers: int = 1, chunk_size: int = CHUNK_SIZE
) -> Estimate:
    """Estimate a run's memory, disk and time from its sizes, without simulating.

    Parameters
    ----------
    prepared
        From :func:`prepare_run`.
    workers
        Local processes.
    chunk_size
        Runs per chunk.

    Returns
    -------
    Estimate
        The estimate (time from :data:`COST_US`, memory from
        :func:`~realpolitik.scenarios.validation.estimate_memory_bytes`).
    """
    runs, years, states = prepared.runs, prepared.years, prepared.scenario.n_states
    chunks = math.ceil(runs / chunk_size)
    fast = prepared.compiled.params.is_core_configuration() and not prepared.compiled.schedule
    path = "fast" if fast else "mechanisms"
    a, b, c = COST_US[path]
    busy = min(max(1, workers), chunks)
    seconds = runs * years * (a + b * states**2 + c * states**3) * 1e-6 / busy
    if busy > 1:
        seconds = seconds / 0.85 + 0.5  # process start and uneven chunks
    disk = int(runs * (years + 1) * states * 3 * DISK_BYTES_PER_VALUE)
    memory = estimate_memory_bytes(runs, years, states, chunk_size)
    return Estimate(chunks, memory, disk, seconds, busy, path)


def check_run(prepared: PreparedRun, *, workers: int = 1) -> RunCheck:
    """Describe a prepared run without simulating it: what runs, what takes effect, its cost.

    Parameters
    ----------
    prepared
        From :func:`prepare_run` (all of its checks have passed).
    workers
        Local processes, for the time estimate.

    Returns
    -------
    RunCheck
        Tables of the resolved states, alliances, events and the parameters that take effect,
        and the estimate.
    """
    params = prepared.compiled.params
    keys = parameters_in_effect(prepared.scenario, params)
    tables = scenario_tables(prepared.scenario, params, prepared.overrides)
    return RunCheck(prepared, tuple(tables), keys, estimate_run(prepared, workers=workers))


def describe_keys(mechanism: str | None = None) -> Any:
    """Return the engine's keys (``Params.describe()``), all or those of one mechanism.

    Parameters
    ----------
    mechanism
        A mechanism's name (the ``mechanism`` column: ``"core"``, ``"beliefs"``, ...), or None
        for every key.

    Returns
    -------
    pandas.DataFrame
        One row per key: key, symbol, value (the default: the core value, or the neutral
        value beyond the core), range, kind, per_state, mechanism, neutral, requires,
        schedulable, source, doc (sources and meanings name documentation pages, not
        developer notes: :func:`realpolitik.citations.docs_reference`).

    Raises
    ------
    ScenarioError
        With ``loc == ("mechanism",)``, for an unknown mechanism (listing them).
    """
    table = Params.describe()
    for column in ("source", "doc"):
        table[column] = table[column].map(docs_reference)
    if mechanism is None:
        return table
    names = list(dict.fromkeys(table["mechanism"]))
    if mechanism not in names:
        raise ScenarioError(
            f"{mechanism!r} is not a mechanism; allowed: {', '.join(names)}", loc=("mechanism",)
        )
    return table[table["mechanism"] == mechanism].reset_index(drop=True)

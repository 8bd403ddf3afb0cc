"""The vectorised engine: many runs of an anarchic system of states, advanced at once.

Source: docs/architecture.md ("The engine's world", "The engine's API"); docs/engine.md is the
core configuration it reduces to when every other mechanism is neutral.

API (fixed; tests, benchmarks and users call these names)::

    Params.core(**overrides) -> Params
    simulate(params, *, states, runs, years, seed, chunk_size=1024, workers=1,
             initial=None, schedule=None) -> Trajectory
    ScheduledEvent(year, action, states=(), value=None)   # a scenario's time-dated event
    Trajectory.data / .events / .metrics() / .save(dir) / Trajectory.load(dir)

Arrays have the run axis first (:class:`World`); each year runs the phases of
:data:`PHASES` (schedule, perception, beliefs, arms_control, arming, economy, alliances,
deterrence, domestic, crisis, war, record), one module per mechanism in the one ordered list
of :mod:`realpolitik.engine.mechanisms` (docs/mechanisms.md; adding one:
docs/contributing.md). Results depend on (seed, runs, chunk_size) only.

The public parts :func:`simulate` is composed of:

- :mod:`~realpolitik.engine.chunks`: :func:`plan_chunks` (the chunks and their random streams),
  :class:`ChunkTask` and :func:`run_chunk` (one chunk's :class:`ChunkRecords`, a plain value);
- :mod:`~realpolitik.engine.executors`: :class:`Executor` (``map``, ``run``),
  :class:`SerialExecutor`, :class:`ProcessExecutor`;
- :mod:`~realpolitik.engine.recorder`: what a year records, the event schema,
  :class:`EventColumn` (per-event columns a mechanism declares);
- :mod:`~realpolitik.engine.context`: :class:`ChunkContext`, what a chunk's phases share
  besides the World; :mod:`~realpolitik.engine.contracts`: the typed terms mechanisms hand on;
- :mod:`~realpolitik.engine.keys` and :mod:`~realpolitik.engine.params`: the keys each
  mechanism declares (:class:`KeySpec`, :func:`~realpolitik.engine.keys.key`), assembled into
  :class:`Params` and :class:`ResolvedParams`;
- :mod:`~realpolitik.engine.compiled`: the Numba switch and the compile helpers.

Example
-------
>>> from realpolitik.engine import Params, simulate
>>> traj = simulate(Params.core(), states=4, runs=8, years=20, seed=1)
>>> traj.data["military"].shape
(8, 21, 4)
"""

from __future__ import annotations

from realpolitik.engine.chunks import (
    ChunkPlan,
    ChunkRecords,
    ChunkTask,
    phases_for,
    plan_chunks,
    run_chunk,
)
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.executors import Executor, ProcessExecutor, SerialExecutor
from realpolitik.engine.mechanisms.schedule import ScheduledEvent
from realpolitik.engine.params import PARAM_SPECS, KeySpec, Params, ResolvedParams
from realpolitik.engine.recorder import LABELS, EventColumn
from realpolitik.engine.simulate import PHASE_ORDER, PHASES, Phase, record, simulate, time_draws
from realpolitik.engine.trajectory import Trajectory
from realpolitik.engine.world import World

__all__ = [
    "EVENT_KINDS",
    "LABELS",
    "PARAM_SPECS",
    "PHASES",
    "PHASE_ORDER",
    "ChunkContext",
    "ChunkPlan",
    "ChunkRecords",
    "ChunkTask",
    "EventColumn",
    "Executor",
    "KeySpec",
    "Params",
    "Phase",
    "ProcessExecutor",
    "ResolvedParams",
    "ScheduledEvent",
    "SerialExecutor",
    "Trajectory",
    "World",
    "phases_for",
    "plan_chunks",
    "record",
    "run_chunk",
    "simulate",
    "time_draws",
]

"""A toy mechanism written the way docs/contributing.md says: sanctions on the strongest state.

Each year, when ``sanctions`` z > 0, every state's GDP growth this year is cut by z for the
state whose military is the largest in the run (ties: the lowest index); the senders bear
``sanctions_cost`` of it. Not part of the engine: the contributing test puts it into a copy of
the list of mechanisms.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.recorder import EventColumn
from realpolitik.engine.world import World

MODELS = "sanctions: a growth penalty on the strongest state"
SECTION = "docs/contributing.md"
READS = ("sanctions", "sanctions_cost")
WRITES = ("gdp", "summaries", "event_values")
REFERENCES = ("schelling1966",)

_key = functools.partial(key, mechanism="sanctions", source="docs/mechanisms.md")

KEYS: tuple[KeySpec, ...] = (
    _key("sanctions", "z", 0.0, "growth penalty on the strongest state, 1/yr", hi=1.0,
         schedulable=True),
    _key("sanctions_cost", "c_z", 0.1, "share of the penalty the senders bear", hi=1.0,
         requires="sanctions"),
)  # fmt: skip

SANCTIONED = EventColumn("sanctioned", "bool", doc="the initiator is under sanctions")
COLUMNS = (SANCTIONED,)


def prepare(params, states: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the penalty on the target and on each sender, per state."""
    z = per_state(params.sanctions, states)
    return z, z * params.sanctions_cost / (states - 1)


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Cut the strongest state's GDP by z (the senders by their share of the cost)."""
    ctx = ensure_context(world, params, ctx)
    params = ctx.params
    if params.sanctions == 0.0:
        return world
    z, cost = ctx.prepared(prepare, READS)
    target = np.argmax(world.military, axis=1)
    hit = np.zeros((world.runs, world.states), dtype=bool)
    hit[np.arange(world.runs), target] = True
    world.gdp *= np.where(hit, 1.0 - z, 1.0 - cost)
    world.summaries["sanctioned_state"] = target.astype(np.float64)
    column = world.event_column(SANCTIONED)
    column[...] = hit[:, world.pair_i] | hit[:, world.pair_j]
    return world

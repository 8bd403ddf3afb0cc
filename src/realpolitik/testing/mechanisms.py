"""Conformance of a mechanism module: its declarations, and that it is inert when neutral.

Source: docs/contributing.md (what a mechanism module declares).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_mechanism"]


def check_mechanism(
    module: Any, *, params: Any = None, acts_in_core: bool = False, states: int = 3
) -> None:
    """Check a mechanism module's declarations and that it is inert at its neutral keys.

    The module must have a callable ``step(world, params, rng, ctx=None)``, non-empty
    ``MODELS`` and ``SECTION``, ``KEYS`` (a tuple of :class:`~realpolitik.engine.keys.KeySpec`
    beyond the core, each neutral at its default), ``READS`` among the parameter keys,
    ``WRITES`` among the World's fields and ``REFERENCES`` among :mod:`realpolitik.citations`
    (docs/contributing.md). Unless it ``acts_in_core``, its step with every key at its default
    must draw no random number and leave the stocks unchanged.

    Parameters
    ----------
    module
        The mechanism module.
    params
        The :class:`~realpolitik.engine.Params` class that holds its keys (default:
        ``Params.with_mechanisms(module)``).
    acts_in_core
        Whether the mechanism acts in the core configuration (perception, arming, economy,
        crisis, war), so that the neutral check does not apply.
    states
        The number of states of the hand-built world of the neutral check.

    Raises
    ------
    AssertionError
        Naming what is missing or wrong.
    """
    from realpolitik.citations import BIBTEX
    from realpolitik.engine import Params, World
    from realpolitik.engine.keys import KeySpec

    name = getattr(module, "__name__", repr(module))
    params = Params.with_mechanisms(module) if params is None else params
    problems = []
    if not callable(getattr(module, "step", None)):
        problems.append("no callable step(world, params, rng, ctx=None)")
    for attr in ("MODELS", "SECTION"):
        if not getattr(module, attr, ""):
            problems.append(f"{attr} is missing or empty")
    for spec in getattr(module, "KEYS", ()):
        if not isinstance(spec, KeySpec) or spec.mechanism == "core":
            problems.append(f"KEYS holds {spec!r}, not a KeySpec beyond the core")
        elif not (spec.is_neutral(spec.default) or spec.sets_core):
            problems.append(f"key {spec.key!r} is not neutral at its default")
    unknown = set(getattr(module, "READS", ())) - set(params.keys())
    fields = set(World.__dataclass_fields__)
    unknown |= set(getattr(module, "WRITES", ())) - fields
    unknown |= set(getattr(module, "REFERENCES", ())) - set(BIBTEX)
    if unknown:
        problems.append(f"READS / WRITES / REFERENCES name unknown {sorted(unknown)}")
    if problems:
        raise AssertionError(f"mechanism {name}: " + "; ".join(problems))
    if not acts_in_core:
        _check_inert(module, params, states)


def _check_inert(module: Any, params: Any, states: int) -> None:
    """Check that a step at the neutral keys draws nothing and changes no stock."""
    from realpolitik.engine import World

    runs = 4
    grid = np.linspace(0.5, 1.5, runs * states).reshape(runs, states)
    world = World(grid * 0.2, grid * 10.0, np.full((runs, states), 0.02), grid > 1.0)
    world.begin_step()
    world.perceived[...] = world.military_old[:, None, :]
    before = {k: getattr(world, k).copy() for k in ("military", "gdp", "military_old")}
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    out = module.step(world, params().resolve(states), rng)
    name = getattr(module, "__name__", repr(module))
    if out is not world:
        raise AssertionError(f"mechanism {name}: step must return the world it was given")
    if rng.bit_generator.state != state:
        raise AssertionError(f"mechanism {name}: draws random numbers at its neutral keys")
    for k, v in before.items():
        if not np.array_equal(getattr(world, k), v):
            raise AssertionError(f"mechanism {name}: changes {k} at its neutral keys")

"""Economy: trend growth minus the burden of defence (guns versus butter).

Source: docs/engine.md.

Equation (the burden uses this year's military and last year's economy)::

    y_i_new = y_i_old * (1 + dt * (r_i - c_i * m_i_new / y_i_old))

Conventions
-----------
- GDP never falls below 0: an economy whose update would turn negative collapses to 0 and stays
  there (never reached in the core configuration, where c * cap * dt = 0.02 < 1).
- Speed: with Numba the update runs as a compiled loop of :func:`grown_gdp` (the numpy
  operations, in the same order; they are the reference and run with
  ``realpolitik.engine.compiled.NUMBA = False``).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, scalar
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec
from realpolitik.engine.world import World

__all__ = ["KEYS", "MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "grown_gdp", "step"]

MODELS = "economic growth and the burden of defence on it"
SECTION = "docs/engine.md"
READS = ("burden_cost", "dt")
WRITES = ("gdp",)
REFERENCES: tuple[str, ...] = ()
KEYS: tuple[KeySpec, ...] = ()
"""The keys this mechanism owns: none."""


@scalar
def grown_gdp(y_old: float, growth: float, burden_cost: float, m_new: float, dt: float) -> float:
    """Return one state's GDP after a year: ``y_old (1 + dt (r - c m_new / y_old))``, >= 0.

    The operations of :func:`step` in the same order; a state without GDP stays at 0.

    Parameters
    ----------
    y_old
        Last year's GDP.
    growth, burden_cost
        The trend growth r and the burden cost c.
    m_new
        This year's military (after arming).
    dt
        The step, years.

    Returns
    -------
    float
        The new GDP (0 where it would turn negative or where ``y_old`` is 0).
    """
    if y_old > 0.0:
        z = y_old * (1.0 + dt * (growth - burden_cost * m_new / y_old))
        return 0.0 if z < 0.0 else z
    return 0.0


def _burden_cost(params, states: int) -> np.ndarray:
    """Return the burden cost ``c`` per state, float64 ``(N,)`` (the compiled loop's input)."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(params.burden_cost, float), (states,)))


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Advance ``world.gdp`` by one year of growth net of the defence burden.

    Parameters
    ----------
    world
        The chunk's world; reads ``gdp_old``, ``growth`` and the post-arming ``military``.
    params
        The resolved parameters.
    rng
        Unused.
    ctx
        The chunk's context (the per-state burden cost is prepared there once for the
        parameters in effect), or None.

    Returns
    -------
    World
        The same world, updated in place.
    """
    y_old = world.gdp_old
    kernel = compiled(_economy_loops)
    if kernel is not None:  # grown_gdp, state by state: the same operations
        N = world.states
        cost = _burden_cost(params, N) if ctx is None else ctx.prepared(_burden_cost, READS)
        kernel(y_old, world.growth, cost, world.military, float(params.dt), world.gdp)
        return world
    positive = y_old > 0
    burden = np.divide(
        params.burden_cost * world.military, y_old, out=np.zeros_like(y_old), where=positive
    )
    y_new = y_old * (1.0 + params.dt * (world.growth - burden))
    world.gdp[...] = np.where(positive, np.maximum(y_new, 0.0), 0.0)
    return world


def _economy_loops(y_old, growth, cost, military, dt, gdp):  # pragma: no cover
    """Fill ``gdp`` with :func:`grown_gdp` of every state (the numpy operations of step)."""
    R, N = y_old.shape
    for r in range(R):
        for i in range(N):
            gdp[r, i] = grown_gdp(y_old[r, i], growth[r, i], cost[i], military[r, i], dt)

"""Arming: each state sets its military by a Richardson response to perceived threat.

Source: reference/CORE_MODEL.md, step 3 (DESIGN.md phase 2); Richardson (1939, 1960).

Equation (capped by last year's economy)::

    m_i_new = clip(m_i_old + dt * (k_i * threat_i - a_i * m_i_old + g_i),  0,  cap_i * y_i_old)
    k_i = kappa_i / (N - 1);   g_i = g_greedy_i if state i is greedy else g_secure_i
    budget_share_i = m_i_new / y_i_old

Conventions
-----------
- ``military_cap_share = inf`` means no cap (Richardson's unconstrained response, except that
  military stays >= 0); a state whose GDP is 0 has cap 0 (finite cap) and budget share 0.
- The budget share is the arming decision's share of last year's GDP, recorded before any war
  losses of the step (so it lies in [0, cap]).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World

__all__ = ["MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "step"]

MODELS = "the Richardson response of each state's military to perceived threat"
SECTION = "CORE_MODEL.md step 3; MODELS.md 1 (Richardson); DESIGN.md phase 2"
READS = (
    "reaction",
    "fatigue",
    "grievance_greedy",
    "grievance_secure",
    "military_cap_share",
    "dt",
)
WRITES = ("military", "budget_share")
REFERENCES = ("richardson1939", "richardson1960")


def step(world: World, params, rng: np.random.Generator) -> World:
    """Set ``world.military`` to the capped Richardson response and record the budget share.

    Parameters
    ----------
    world
        The chunk's world; reads ``military_old``, ``gdp_old``, ``threat``, ``greedy``.
    params
        The resolved parameters.
    rng
        Unused (arming is deterministic given the threat).

    Returns
    -------
    World
        The same world, updated in place.
    """
    m_old, y_old = world.military_old, world.gdp_old
    g = np.where(world.greedy, params.grievance_greedy, params.grievance_secure)
    m_new = m_old + params.dt * (params.k * world.threat - params.fatigue * m_old + g)
    cap = params.military_cap_share
    with np.errstate(invalid="ignore"):
        upper = np.where(np.isinf(cap), np.inf, cap * y_old)
    m_new = np.minimum(np.maximum(m_new, 0.0), upper)
    world.military[...] = m_new
    positive = y_old > 0
    world.budget_share[...] = np.divide(m_new, y_old, out=np.zeros_like(m_new), where=positive)
    return world

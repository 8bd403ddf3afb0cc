"""Arming: each state sets its military by a Richardson response to perceived threat.

Source: docs/engine.md; Richardson (1939, 1960); the hooks
of docs/mechanisms.md ("The engine contract"): hawk bias (docs/models/audience.md), burden sharing
(docs/models/alliances.md), guns vs butter, treaty caps.

Equation (capped by last year's economy)::

    m_i_new = clip(m_i_old + dt * (k_i (1 + h_i) max(0, threat_i - offset_i)
                                   - a_i (1 + b_i burden_i / cap_i) m_i_old + g_i
                                   + e_i y_i_old),
                   0,  min(cap_i * y_i_old, limit_i))
    k_i = kappa_i / (N - 1);   g_i = g_greedy_i if state i is greedy else g_secure_i
    burden_i = m_i_old / y_i_old;   budget_share_i = m_i_new / y_i_old

with h = ``hawkishness``, b = ``butter_pressure``, e = ``arming_drive`` (extra yearly
military spending as a share of last year's GDP, added to the Richardson increment and capped
with it; the tool of a state that arms more than its rivals' threat calls for, e.g. to deter),
offset = ``world.threat_offset`` and limit = ``world.military_limit``. In the core
configuration h = b = e = 0 and the two world fields are None, and the step computes
exactly the core model's expression ``m_old + dt * (k * threat - a * m_old + g)`` (so the
fused fast path still equals it).

Conventions
-----------
- ``military_cap_share = inf`` means no cap (Richardson's unconstrained response, except that
  military stays >= 0); a state whose GDP is 0 has cap 0 (finite cap) and budget share 0.
- ``burden / cap`` is 0 where the cap is infinite or 0, or GDP is 0.
- The budget share is the arming decision's share of last year's GDP, recorded before any war
  losses of the step (so it lies in [0, cap]).
"""

from __future__ import annotations

import math

import numpy as np

from realpolitik.engine.compiled import scalar
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec, key
from realpolitik.engine.world import World

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "capped",
    "military_response",
    "step",
]

MODELS = "the Richardson response of each state's military to perceived threat"
SECTION = (
    "docs/engine.md; docs/models/richardson.md, docs/models/alliances.md, docs/models/audience.md"
)
READS = (
    "reaction",
    "fatigue",
    "grievance_greedy",
    "grievance_secure",
    "military_cap_share",
    "dt",
    "hawkishness",
    "butter_pressure",
    "arming_drive",
)
WRITES = ("military", "budget_share")
REFERENCES = ("richardson1939", "richardson1960")
KEYS: tuple[KeySpec, ...] = (
    key("arming_drive", "e_i", 0.0,
        "extra yearly military spending as a share of last year's GDP, within the cap",
        mechanism="arming", source="docs/strategic.md", per_state=True, hi=1.0),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


@scalar
def military_response(
    m_old: float, threat: float, k: float, fatigue: float, grievance: float, dt: float
) -> float:
    """Return one state's Richardson response before its caps (the core model's arming).

    ``m_old + dt * (k * threat - fatigue * m_old + grievance)``, the operations of :func:`step`
    in the same order.

    Parameters
    ----------
    m_old, threat
        Last year's military and this year's (weighted) threat.
    k, fatigue, grievance
        The reaction per rival, the fatigue and the type's grievance.
    dt
        The step, years.

    Returns
    -------
    float
        The new military, uncapped.
    """
    return m_old + dt * (k * threat - fatigue * m_old + grievance)


@scalar
def capped(x: float, cap: float, y_old: float) -> float:
    """Return a military decision clipped to ``[0, cap * y_old]`` (no upper cap when inf)."""
    if x < 0.0:
        x = 0.0
    if cap != math.inf:
        upper = cap * y_old
        if x > upper:
            x = upper
    return x


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Set ``world.military`` to the capped Richardson response and record the budget share.

    Parameters
    ----------
    world
        The chunk's world; reads ``military_old``, ``gdp_old``, ``threat``, ``greedy`` and, when
        set, ``threat_offset`` and ``military_limit``.
    params
        The resolved parameters.
    rng
        Unused (arming is deterministic given the threat).
    ctx
        The chunk's context (unused: no schedulable key, no prepared constants).

    Returns
    -------
    World
        The same world, updated in place.
    """
    m_old, y_old = world.military_old, world.gdp_old
    g = np.where(world.greedy, params.grievance_greedy, params.grievance_secure)
    cap = params.military_cap_share
    threat = world.threat
    if world.threat_offset is not None:
        threat = np.maximum(threat - world.threat_offset, 0.0)
    k = params.k
    hawk = getattr(params, "hawkishness", None)
    if hawk is not None and np.any(hawk != 0.0):
        k = k * (1.0 + hawk)
    fatigue = params.fatigue
    butter = getattr(params, "butter_pressure", None)
    if butter is not None and np.any(butter != 0.0):
        positive = (y_old > 0) & np.isfinite(cap) & (cap > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(positive, m_old / np.where(positive, y_old * cap, 1.0), 0.0)
        fatigue = fatigue * (1.0 + butter * ratio)
    m_new = m_old + params.dt * (k * threat - fatigue * m_old + g)
    drive = getattr(params, "arming_drive", None)
    if drive is not None and np.any(drive != 0.0):
        m_new += params.dt * drive * y_old
    with np.errstate(invalid="ignore"):
        upper = np.where(np.isinf(cap), np.inf, cap * y_old)
    if world.military_limit is not None:
        upper = np.minimum(upper, world.military_limit)
    m_new = np.minimum(np.maximum(m_new, 0.0), upper)
    world.military[...] = m_new
    positive = y_old > 0
    world.budget_share[...] = np.divide(m_new, y_old, out=np.zeros_like(m_new), where=positive)
    return world

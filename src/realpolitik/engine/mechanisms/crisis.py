"""Crisis: pairs whose perceived balance is lopsided enter crises.

Source: reference/CORE_MODEL.md, step 5 (DESIGN.md phase 5).

Equations, for every unordered pair i < j (mhat from this step's perception; "old" = start of
the step)::

    R_ij = max(mhat_ij / (m_i_old + tiny), mhat_ji / (m_j_old + tiny)),   tiny = 1e-9
    P(crisis) = p0 * R_ij**beta / (1 + R_ij**beta)

The initiator is the side whose ratio is the larger (it felt the larger threat); ties go to
the lower index i.

Conventions
-----------
- Random draws (the categorical trick, shared with :mod:`~realpolitik.engine.mechanisms.war`):
  when ``crisis_base_rate > 0``, one block ``rng.random((runs, pairs))`` per step, one uniform
  u per unordered pair, every pair decided. A crisis happens iff ``u < P(crisis)``; given a
  crisis, ``v = u / P(crisis)`` is again uniform on [0, 1) and independent of the crisis
  decision, so the war phase uses ``v`` to decide war (``v < q_war``) and, given war,
  ``w = v / q_war`` to decide the winner. With ``crisis_base_rate = 0`` nothing is drawn.
- ``R**beta`` is computed as ``R * R`` for beta = 2 and ``R`` for beta = 1 (also in the fused
  kernel); when ``R**beta`` overflows, P(crisis) = p0. The product is evaluated as
  ``p0 * (R**beta / (1 + R**beta))`` so that rounding never lifts it above p0.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World

__all__ = [
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "TINY",
    "WRITES",
    "crisis_power",
    "crisis_probability",
    "step",
]

MODELS = "crises between pairs of states, more likely the more lopsided the perceived balance"
SECTION = "CORE_MODEL.md step 5; DESIGN.md phase 5"
READS = ("crisis_base_rate", "crisis_sensitivity")
WRITES = ("crisis", "initiator_second", "crisis_u")
REFERENCES = ("jervis1978",)

TINY = 1e-9
"""Guard added to own military in the perceived ratio (CORE_MODEL step 5)."""


def crisis_power(R: np.ndarray, beta: float) -> np.ndarray:
    """Return ``R**beta`` as both engine paths compute it.

    Parameters
    ----------
    R
        Perceived ratios (>= 0).
    beta
        The crisis sensitivity.

    Returns
    -------
    numpy.ndarray
        ``R * R`` for beta = 2, ``R`` for beta = 1, else ``R**beta``.
    """
    with np.errstate(over="ignore", divide="ignore"):
        if beta == 2.0:
            return R * R
        if beta == 1.0:
            return R.copy()
        return np.power(R, np.full_like(R, beta))


def crisis_probability(R: np.ndarray, p0: float, beta: float) -> np.ndarray:
    """Return P(crisis) = p0 * (R**beta / (1 + R**beta)) (p0 where R**beta overflows).

    Parameters
    ----------
    R
        Perceived ratios (>= 0).
    p0
        The crisis base rate.
    beta
        The crisis sensitivity.

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, p0].
    """
    Rb = crisis_power(np.asarray(R, dtype=np.float64), beta)
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(Rb), p0, p0 * (Rb / (1.0 + Rb)))


def step(world: World, params, rng: np.random.Generator) -> World:
    """Decide which pairs enter a crisis this step, and who initiates.

    Parameters
    ----------
    world
        The chunk's world; reads ``perceived`` and ``military_old``.
    params
        The resolved parameters.
    rng
        The chunk's generator (one uniform per unordered pair per step when p0 > 0).

    Returns
    -------
    World
        The same world with ``crisis``, ``initiator_second`` and ``crisis_u`` set.
    """
    i, j = world.pair_i, world.pair_j
    m_old, mhat = world.military_old, world.perceived
    R_i = mhat[:, i, j] / (m_old[:, i] + TINY)
    R_j = mhat[:, j, i] / (m_old[:, j] + TINY)
    world.initiator_second[...] = R_j > R_i
    p0 = params.crisis_base_rate
    if p0 <= 0.0:
        world.crisis[...] = False
        return world
    p_crisis = crisis_probability(np.maximum(R_i, R_j), p0, params.crisis_sensitivity)
    u = rng.random((world.runs, world.pairs))
    crisis = u < p_crisis
    world.crisis[...] = crisis
    world.initiator_second &= crisis
    np.divide(u, p_crisis, out=world.crisis_u, where=crisis)
    world.crisis_u[~crisis] = 0.0
    return world

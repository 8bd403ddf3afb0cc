"""War: a contest success function decides each war; war destroys military and GDP.

Source: reference/CORE_MODEL.md, step 6 (DESIGN.md phase 6); Tullock (1980) / Hirshleifer
(1989) contest success function; MODELS.md 6.

Equations (all wars of a step are decided on the post-arming military m_new, losses applied
together)::

    P(war | crisis) = q_war
    P(i wins) = m_i_new**gamma / (m_i_new**gamma + m_j_new**gamma)      (0.5 if both are 0)
              = 1 / (1 + (m_j_new / m_i_new)**gamma)                        (as computed)
    m_i *= (1 - loss_m)**n_lost_i * (1 - cost_m)**n_won_i
    y_i *= (1 - loss_y)**n_lost_i

Conventions
-----------
- Draws: none of its own. The crisis phase's conditional uniform ``v`` (uniform on [0, 1)
  given a crisis) decides war iff ``v < q_war``; given war, ``w = v / q_war`` (uniform again)
  makes the lower-indexed state i the winner iff ``w < P(i wins)``.
- P(i wins) is computed in the ratio form, which never overflows to inf / inf.
- The loss factors ``(1 - loss)**n`` come from small tables computed once with Python's
  ``**`` (:func:`loss_tables`), shared with the fused kernel, so both paths multiply by the same
  numbers: ``m *= table_m[n_lost] * table_c[n_won]``.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World

__all__ = [
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "loss_tables",
    "step",
    "win_probability",
]

MODELS = "wars decided by a contest success function, with losses of military and GDP"
SECTION = "CORE_MODEL.md step 6; MODELS.md 6 (contest functions); DESIGN.md phase 6"
READS = (
    "war_given_crisis",
    "decisiveness",
    "loser_military_loss",
    "loser_gdp_loss",
    "winner_military_cost",
)
WRITES = ("war", "winner_second", "military", "gdp")
REFERENCES = ("tullock1980", "hirshleifer1989")


def loss_tables(params, states: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(1 - loss)**n`` for n = 0..N-1 for the three war losses.

    Parameters
    ----------
    params
        The resolved parameters.
    states
        The number of states N (a state fights at most N - 1 wars a step).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        Tables for the loser's military loss, the loser's GDP loss and the winner's military
        cost, each of length N.
    """
    n = range(states)
    lm = np.array([(1.0 - params.loser_military_loss) ** k for k in n])
    ly = np.array([(1.0 - params.loser_gdp_loss) ** k for k in n])
    cm = np.array([(1.0 - params.winner_military_cost) ** k for k in n])
    return lm, ly, cm


def win_probability(m_i: np.ndarray, m_j: np.ndarray, gamma: float) -> np.ndarray:
    """Return the contest success function P(i wins) (0.5 where both sides have nothing).

    Parameters
    ----------
    m_i, m_j
        Military of the two sides (>= 0).
    gamma
        Decisiveness.

    Returns
    -------
    numpy.ndarray
        P(i wins) in [0, 1].
    """
    positive = m_i > 0
    with np.errstate(over="ignore"):
        ratio = np.divide(m_j, m_i, out=np.zeros_like(m_i), where=positive)
        if gamma != 1.0:
            ratio = np.power(ratio, np.full_like(ratio, gamma))
    p = 1.0 / (1.0 + ratio)
    zero_vs_some = 0.0 if gamma > 0 else 0.5  # 0**gamma / (0**gamma + m_j**gamma)
    return np.where(positive, p, np.where(m_j > 0, zero_vs_some, 0.5))


def step(world: World, params, rng: np.random.Generator) -> World:
    """Turn some crises into wars, decide them and apply the losses.

    Parameters
    ----------
    world
        The chunk's world; reads ``crisis``, ``crisis_u`` and the post-arming ``military``.
    params
        The resolved parameters.
    rng
        Unused (the crisis phase's uniform decides war and winner).

    Returns
    -------
    World
        The same world with ``war``, ``winner_second`` set and losses applied.
    """
    q = params.war_given_crisis
    v = world.crisis_u
    war = world.crisis & (v < q)
    world.war[...] = war
    if not war.any():
        world.winner_second[...] = False
        return world
    i, j = world.pair_i, world.pair_j
    m = world.military
    p_i = win_probability(m[:, i], m[:, j], params.decisiveness)
    w = np.divide(v, q, out=np.ones_like(v), where=war)
    second = war & ~(w < p_i)
    world.winner_second[...] = second
    first = war & ~second
    N = world.states
    E_i = np.zeros((world.pairs, N), dtype=np.int64)
    E_j = np.zeros((world.pairs, N), dtype=np.int64)
    E_i[np.arange(world.pairs), i] = 1
    E_j[np.arange(world.pairs), j] = 1
    first_i = first.astype(np.int64)
    second_i = second.astype(np.int64)
    n_lost = second_i @ E_i + first_i @ E_j
    n_won = first_i @ E_i + second_i @ E_j
    lm, ly, cm = loss_tables(params, N)
    world.military[...] = m * (lm[n_lost] * cm[n_won])
    world.gdp[...] = world.gdp * ly[n_lost]
    return world

"""Domestic politics: hawk bias and audience costs in crises; guns vs butter.

Sources: J. Fearon, "Domestic Political Audiences and the Escalation of International
Disputes", APSR 88(3), 1994 (audience costs, as the one-shot signalling game of MODELS.md 9.1,
solved by :func:`realpolitik.theory.audience.audience_costs`, reused here); B. Bueno de
Mesquita et al., *The Logic of Political Survival*, 2003 (hawk bias, MODELS.md 9.2).
DESIGN.md phases 2 and 5; docs/mechanisms.md, "Domestic politics".

Equations (h_i = ``hawkishness``, a_i = ``audience_cost``; the initiator of a crisis is only
known in the crisis phase, so the audience terms are per state *as initiator*)::

    hawk_factor_ij       = 1 + h_i + h_j                       (per unordered pair i < j)
    G(a)                 = audience_costs(v, a, w_B, w_lo, w_hi)   (theory.audience)
    audience_factor_i    = G(a_i).p_war / G(0).p_war           (1 where G(0).p_war = 0)
    concede_prob_i       = G(a_i).p_concedes / G(a_i).p_challenge   (0 where p_challenge = 0)

with v = ``crisis_stake``, w_B = ``target_war_value``, w_lo / w_hi = ``war_value_low`` /
``war_value_high``. The crisis phase multiplies P(war | crisis) by ``hawk_factor`` and by the
initiator's ``audience_factor`` (capped at 1 in total), and a crisis that does not become a
war ends with the target conceding with the initiator's ``concede_prob``
(:mod:`~realpolitik.engine.mechanisms.crisis`). In the semi-separating range of the game,
``p_concedes / p_challenge = 1 - v/(v + a)`` rises with a (public commitment makes threats
credible), and ``p_war(a) = v/(v + a) * (w_hi + a)/(w_hi - w_lo)`` rises with a iff
``v > w_hi``; at MODELS.md 11's classic inputs (v = w_hi = 1) it is constant, so audience costs
then act on concessions only.

The other two domestic hooks act in the arming phase (:mod:`~realpolitik.engine.mechanisms.arming`
applies them; this module only documents them): defence-industry pressure raises the reaction
to ``k_i (1 + h_i)``, and ``butter_pressure`` b raises fatigue to ``a_i (1 + b burden_i / cap_i)``
(guns vs butter).

Conventions
-----------
- Stored for the crisis phase: ``world.extra["hawk_factor"]`` ((P,) float64, or absent when
  every h_i = 0), ``world.extra["audience_factor"]`` and ``world.extra["concede_prob"]`` ((N,)
  float64, or absent when every a_i = 0). With every h_i = 0 and a_i = 0 the step removes them
  and returns at once; the results are cached per distinct parameter values.
- Keys are read through ``world.param`` (a scenario schedule may change them). No random draws.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.world import World, pair_indices
from realpolitik.theory import audience as theory

__all__ = [
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "audience_effects",
    "hawk_factor",
    "step",
]

MODELS = "domestic politics: hawk bias and audience costs in crises (guns vs butter in arming)"
SECTION = "MODELS.md 9 (9.1 audience costs, 9.2 hawk bias); DESIGN.md phases 2 and 5"
READS = (
    "hawkishness",
    "audience_cost",
    "crisis_stake",
    "target_war_value",
    "war_value_low",
    "war_value_high",
)
WRITES = ("extra['hawk_factor']", "extra['audience_factor']", "extra['concede_prob']")
REFERENCES = theory.REFERENCES


def hawk_factor(hawkishness) -> np.ndarray:
    """Return ``1 + h_i + h_j`` for every unordered pair i < j.

    Parameters
    ----------
    hawkishness
        Per-state h >= 0, shape ``(N,)``.

    Returns
    -------
    numpy.ndarray
        float64 of shape ``(P,)``, pairs in lexicographic order.
    """
    h = np.asarray(hawkishness, dtype=np.float64).reshape(-1)
    pi, pj = pair_indices(h.shape[0])
    return 1.0 + h[pi] + h[pj]


@functools.lru_cache(maxsize=256)
def _audience_one(v: float, a: float, w_B: float, lo: float, hi: float) -> tuple[float, float]:
    game = theory.audience_costs(v, a, w_B, lo, hi)
    base = theory.audience_costs(v, 0.0, w_B, lo, hi)
    factor = game.p_war / base.p_war if base.p_war > 0 else 1.0
    concede = game.p_concedes / game.p_challenge if game.p_challenge > 0 else 0.0
    return factor, concede


def audience_effects(
    audience_cost, stake, target_war_value, war_value_low, war_value_high
) -> tuple[np.ndarray, np.ndarray]:
    """Return each state's audience factor on P(war | crisis) and concession probability.

    Parameters
    ----------
    audience_cost
        Per-state a >= 0, shape ``(N,)``.
    stake, target_war_value, war_value_low, war_value_high
        The game's v > 0, w_B < 0, w_lo < w_hi (scalars or per-state arrays).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``factor`` = p_war(a_i) / p_war(0) (1 where p_war(0) = 0) and ``concede`` =
        p_concedes(a_i) / p_challenge(a_i) (0 where p_challenge = 0), each float64 ``(N,)``,
        for state i as the crisis initiator.

    Raises
    ------
    ValueError
        If an input is out of range (from :func:`realpolitik.theory.audience.audience_costs`).
    """
    a = np.asarray(audience_cost, dtype=np.float64).reshape(-1)
    N = a.shape[0]
    cols = [
        np.broadcast_to(np.asarray(x, dtype=np.float64), N)
        for x in (stake, target_war_value, war_value_low, war_value_high)
    ]
    out = [
        _audience_one(float(cols[0][s]), float(a[s]), *(float(c[s]) for c in cols[1:]))
        for s in range(N)
    ]
    factor = np.array([f for f, _ in out])
    concede = np.array([c for _, c in out])
    return factor, concede


def step(world: World, params, rng: np.random.Generator) -> World:
    """Store the hawk and audience-cost terms of crises for the crisis phase.

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters.
    rng
        Unused (no draws).

    Returns
    -------
    World
        The same world with ``extra["hawk_factor"]``, ``extra["audience_factor"]`` and
        ``extra["concede_prob"]`` set where their keys are not neutral (removed otherwise).
    """
    N = world.states
    # unchanged parameter objects (the usual case, year after year): last year's result
    raw = tuple(world.param(name, params) for name in READS)
    cached = world.extra.get(_CACHE)
    if (
        cached is not None
        and cached[0] is params
        and cached[1] == N
        and all(a is b for a, b in zip(raw, cached[2], strict=True))
    ):
        _store(world, *cached[3])
        return world
    h = np.broadcast_to(np.asarray(world.param("hawkishness", params), np.float64), N)
    a = np.broadcast_to(np.asarray(world.param("audience_cost", params), np.float64), N)
    hawk_on = bool(np.any(h != 0.0))
    aud_on = bool(np.any(a != 0.0))
    hawk = hawk_factor(h) if hawk_on else None
    audience = None
    if aud_on:
        audience = audience_effects(
            a,
            world.param("crisis_stake", params),
            world.param("target_war_value", params),
            world.param("war_value_low", params),
            world.param("war_value_high", params),
        )
    world.extra[_CACHE] = (params, N, raw, (hawk, audience))
    _store(world, hawk, audience)
    return world


_CACHE = "_domestic_inputs"
"""``world.extra`` key of the last step's parameter objects and results."""


def _store(
    world: World, hawk: np.ndarray | None, audience: tuple[np.ndarray, np.ndarray] | None
) -> None:
    """Set the crisis phase's entries of ``world.extra`` (remove those that are None)."""
    if hawk is None:
        world.extra.pop("hawk_factor", None)
    else:
        world.extra["hawk_factor"] = hawk
    if audience is None:
        world.extra.pop("audience_factor", None)
        world.extra.pop("concede_prob", None)
    else:
        world.extra["audience_factor"], world.extra["concede_prob"] = audience

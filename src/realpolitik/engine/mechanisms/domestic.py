"""Domestic politics: hawk bias and audience costs in crises; guns vs butter.

Sources: J. Fearon, "Domestic Political Audiences and the Escalation of International
Disputes", APSR 88(3), 1994 (audience costs, as the one-shot signalling game of
docs/models/audience.md,
solved by :func:`realpolitik.theory.audience.audience_costs`, reused here); B. Bueno de
Mesquita et al., *The Logic of Political Survival*, 2003 (hawk bias, docs/models/audience.md).
docs/engine.md (the year's phases); docs/mechanisms.md, "Domestic politics".

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
``v > w_hi``; at docs/theory.md's classic inputs (v = w_hi = 1) it is constant, so audience costs
then act on concessions only.

The other two domestic hooks act in the arming phase (:mod:`~realpolitik.engine.mechanisms.arming`
applies them; this module only documents them): defence-industry pressure raises the reaction
to ``k_i (1 + h_i)``, and ``butter_pressure`` b raises fatigue to ``a_i (1 + b burden_i / cap_i)``
(guns vs butter).

Conventions
-----------
- What the crisis phase reads is ``world.domestic``
  (:class:`~realpolitik.engine.contracts.DomesticTerms`): every state's h_i and a_i, the pairs'
  ``hawk_factor`` (None when every h_i = 0), and each state's ``audience_factor`` and
  ``concede_prob`` (None when every a_i = 0); ``world.domestic`` is None when every h_i and
  a_i is 0. The terms depend on parameters only: :func:`prepare` computes them once per chunk.
- No random draws.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.contracts import DomesticTerms
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.world import World, pair_indices
from realpolitik.theory import audience as theory

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "audience_effects",
    "hawk_factor",
    "prepare",
    "step",
]

MODELS = "domestic politics: hawk bias and audience costs in crises (guns vs butter in arming)"
SECTION = "docs/models/audience.md (9.1 audience costs, 9.2 hawk bias)"
READS = (
    "hawkishness",
    "audience_cost",
    "crisis_stake",
    "target_war_value",
    "war_value_low",
    "war_value_high",
)
WRITES = ("domestic",)
REFERENCES = theory.REFERENCES

_key = functools.partial(
    key,
    mechanism="domestic",
    source="docs/models/audience.md, docs/theory.md",
    requires="audience_cost",
)

KEYS: tuple[KeySpec, ...] = (
    _key("hawkishness", "h_i", 0.0,
         "hawk bias: reaction k (1 + h_i); P(war | crisis) * (1 + h_i + h_j)",
         source="docs/models/audience.md", per_state=True, requires=None),
    _key("audience_cost", "a_i", 0.0, "audience cost of backing down after a public threat",
         source="docs/models/audience.md", per_state=True, requires=None),
    _key("crisis_stake", "v", 1.0, "value of the stake in the audience-cost game",
         lo_open=True),
    _key("target_war_value", "w_B", -1.25, "the target's war value (< 0)", lo=-math.inf,
         hi=0.0, hi_open=True),
    _key("war_value_low", "w_lo", -3.0, "lower end of the challenger's private war value",
         lo=-math.inf),
    _key("war_value_high", "w_hi", 1.0,
         "upper end of the challenger's private war value (> war_value_low)", lo=-math.inf),
    _key("butter_pressure", "b", 0.0, "guns vs butter: fatigue a (1 + b * burden / cap)",
         source="docs/models/contest.md, docs/models/audience.md", per_state=True, requires=None),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


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
    cols = [per_state(x, N) for x in (stake, target_war_value, war_value_low, war_value_high)]
    out = [
        _audience_one(float(cols[0][s]), float(a[s]), *(float(c[s]) for c in cols[1:]))
        for s in range(N)
    ]
    factor = np.array([f for f, _ in out])
    concede = np.array([c for _, c in out])
    return factor, concede


def prepare(params, states: int) -> DomesticTerms | None:
    """Return the domestic terms of the parameters (None when every h_i and a_i is 0).

    Parameters
    ----------
    params
        The resolved parameters in effect.
    states
        The number of states N.

    Returns
    -------
    DomesticTerms or None
        h, a, the hawk factors (:func:`hawk_factor`) and the audience effects
        (:func:`audience_effects`) where their keys are not neutral.
    """
    h = per_state(params.hawkishness, states)
    a = per_state(params.audience_cost, states)
    hawk_on = bool(np.any(h != 0.0))
    aud_on = bool(np.any(a != 0.0))
    if not (hawk_on or aud_on):
        return None
    factor = concede = None
    if aud_on:
        factor, concede = audience_effects(
            a,
            params.crisis_stake,
            params.target_war_value,
            params.war_value_low,
            params.war_value_high,
        )
    return DomesticTerms(h, a, hawk_factor(h) if hawk_on else None, factor, concede)


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Set ``world.domestic``, the hawk and audience-cost terms of crises, for the crisis phase.

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters.
    rng
        Unused (no draws).
    ctx
        The chunk's context (the terms are prepared once per chunk).

    Returns
    -------
    World
        The same world with ``domestic`` set (None where every key is neutral).
    """
    ctx = ensure_context(world, params, ctx)
    world.domestic = ctx.prepared(prepare, READS)
    return world

"""Nuclear deterrence: MAD damps crisis escalation, first-strike incentives feed it.

Source: docs/models/deterrence.md (counterforce exchange, Schelling's Strike/Wait game of the
reciprocal fear of surprise attack, mutual assured destruction); the game itself is
:func:`realpolitik.theory.deterrence.crisis`, reused here (one idea, one place).
docs/architecture.md
phase 5; docs/mechanisms.md, "Nuclear deterrence".

Equations, for every unordered pair i < j where both states are nuclear (W_i > 0 and W_j > 0)::

    Force_i = Force(silos = round(W_i (1 - s_i) / mirv_i), mirv = round(mirv_i),
                    ssbn = W_i s_i, k = k_i)
    c       = theory.deterrence.crisis(Force_i, Force_j, r = r, sigma = sigma, D_star = D*)
    nuclear_factor_ij = (mad_damping if c.mad else 1) * (1 + first_strike_sensitivity
                                                            * (1 - min(q*_i, q*_j)))

and ``nuclear_factor_ij = 1`` for every pair that is not nuclear on both sides. The crisis
phase multiplies P(war | crisis) by this factor (:mod:`~realpolitik.engine.mechanisms.crisis`).
With survivable (sea-based) forces both sides keep assured destruction (MAD, the factor
``mad_damping``) and have no first-strike advantage (q* = 1); MIRVed silo-only forces have a
low q* (reciprocal fear of surprise attack, the factor rises above 1).

Conventions
-----------
- Keys: ``nuclear_warheads`` W, ``survivable_share`` s, ``warheads_per_missile`` mirv (rounded to
  an integer >= 1), ``warhead_kill_prob`` k (the attacker's per-warhead kill probability against
  a silo), ``countervalue_scale`` sigma (warheads), ``unacceptable_damage`` D*,
  ``mad_damping``, ``first_strike_sensitivity``, ``strike_warheads_per_silo`` r (warheads a
  first striker aims at each enemy silo, limited by its silo warheads: section 5.1 of the
  counterforce exchange; default 1, the strategic engine's 2, at which the survivable share
  decides MAD at realistic arsenals: 2,000 warheads a side, 4 per missile, kill probability
  0.8 give q* = 0.22 and no MAD with every warhead in silos, q* = 0.91 and MAD with half at
  sea); a scenario's schedule may change ``mad_damping``.
- Arsenals are parameters, so the terms are computed by :func:`prepare` once per chunk (again
  when the schedule changes one of the keys) and set each year as ``world.nuclear``
  (:class:`~realpolitik.engine.contracts.NuclearTerms`): the pair factors and flags the crisis
  phase reads, and for every ordered pair (i, j) the damage to i if it strikes first
  (``Crisis.D_F``: j retaliates with its survivors, D(S_j)), if it is struck first
  (``Crisis.D_S``: D(W_j remaining)) and i's threshold q*_ij (Schelling 1960, ch. 9). With
  fewer than two nuclear states the mechanism is neutral: ``world.nuclear`` is None.
- No random draws.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.contracts import NuclearTerms
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.world import World, pair_indices
from realpolitik.theory import deterrence as theory

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "nuclear_factors",
    "nuclear_force",
    "nuclear_terms",
    "prepare",
    "step",
]

MODELS = "nuclear deterrence: MAD damps escalation of crises, first-strike incentives feed it"
SECTION = "docs/models/deterrence.md (5.1 counterforce exchange, 5.2 Strike/Wait game, MAD)"
READS = (
    "nuclear_warheads",
    "survivable_share",
    "warheads_per_missile",
    "warhead_kill_prob",
    "countervalue_scale",
    "unacceptable_damage",
    "mad_damping",
    "first_strike_sensitivity",
    "strike_warheads_per_silo",
)
WRITES = ("nuclear",)
REFERENCES = theory.REFERENCES

_key = functools.partial(
    key, mechanism="deterrence", source="docs/models/deterrence.md", requires="nuclear_warheads"
)

KEYS: tuple[KeySpec, ...] = (
    _key("nuclear_warheads", "W_i", 0.0, "nuclear arsenal, warheads (0: not nuclear)",
         per_state=True, requires=None, schedulable=True),
    _key("survivable_share", "s_i", 0.0, "share of warheads at sea (survivable), rest in silos",
         per_state=True, hi=1.0, schedulable=True),
    _key("warheads_per_missile", "mirv_i", 1.0, "MIRVs per silo missile", per_state=True,
         lo=1.0, schedulable=True),
    _key("warhead_kill_prob", "k", 0.5, "per-warhead kill probability against a silo", hi=1.0),
    _key("countervalue_scale", "sigma", 1000.0, "damage scale: D(S) = 1 - exp(-S / sigma)",
         lo_open=True),
    _key("unacceptable_damage", "D*", 0.5, "assured-destruction threshold", hi=1.0,
         lo_open=True, hi_open=True),
    _key("mad_damping", "-", 0.1, "P(war | crisis) factor for a pair in MAD", hi=1.0,
         schedulable=True),
    _key("first_strike_sensitivity", "-", 1.0,
         "P(war | crisis) factor 1 + sens (1 - min q*) under first-strike incentives"),
    _key("strike_warheads_per_silo", "r", 1,
         "warheads a first striker aims at each enemy silo (limited by its silo warheads)",
         kind="int", lo=1.0, hi=100.0, source="docs/strategic.md"),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


def nuclear_force(warheads: float, survivable: float, mirv: float, k: float) -> theory.Force:
    """Return the :class:`~realpolitik.theory.deterrence.Force` of an arsenal.

    Parameters
    ----------
    warheads
        W >= 0, the arsenal's warheads.
    survivable
        s in [0, 1], the share of warheads at sea (SSBN); the rest sits in silos.
    mirv
        Warheads per silo missile, >= 1 (rounded to an integer).
    k
        Per-warhead kill probability against a silo, in [0, 1].

    Returns
    -------
    Force
        ``Force(silos=round(W (1 - s) / mirv), mirv=round(mirv), ssbn=W s, k=k)``.

    Raises
    ------
    ValueError
        If an argument is out of range (raised by :class:`~realpolitik.theory.deterrence.Force`).
    """
    mirv_int = max(1, round(float(mirv)))
    silos = round(float(warheads) * (1.0 - float(survivable)) / mirv_int)
    return theory.Force(
        silos=silos, mirv=mirv_int, ssbn=float(warheads) * float(survivable), k=float(k)
    )


def nuclear_terms(
    warheads,
    survivable,
    mirv,
    kill,
    sigma: float,
    D_star: float,
    mad_damping: float,
    first_strike_sensitivity: float,
    r: int = 1,
) -> NuclearTerms:
    """Return the nuclear terms of every pair of states (see the module docstring).

    Parameters
    ----------
    warheads, survivable, mirv, kill
        Per-state W, s, mirv and k (numbers or arrays of shape ``(N,)``; ``warheads`` fixes N).
    sigma
        Countervalue damage scale, warheads (> 0).
    D_star
        Unacceptable damage in (0, 1) defining assured destruction.
    mad_damping
        Factor in [0, 1] for a pair in MAD.
    first_strike_sensitivity
        Weight (>= 0) of the first-strike incentive ``1 - min(q*_i, q*_j)``.
    r
        Warheads a first striker aims at each enemy silo (an integer >= 1).

    Returns
    -------
    NuclearTerms
        Per unordered pair the factor on P(war | crisis), whether it is nuclear and in MAD;
        per ordered pair the damages of striking first and of being struck first and the
        first-strike thresholds, from :func:`realpolitik.theory.deterrence.crisis` with ``r``
        warheads per target silo.

    Raises
    ------
    ValueError
        If a value is out of range (from :mod:`realpolitik.theory.deterrence`).
    """
    W = np.asarray(warheads, dtype=np.float64).reshape(-1)
    N = W.shape[0]
    cols = [per_state(x, N) for x in (survivable, mirv, kill)]
    forces = [nuclear_force(W[s], cols[0][s], cols[1][s], cols[2][s]) for s in range(N)]
    pi, pj = pair_indices(N)
    nuclear = (W[pi] > 0) & (W[pj] > 0)
    factor = np.ones(pi.shape[0])
    mad = np.zeros(pi.shape[0], dtype=bool)
    damage_first = np.zeros((N, N))
    damage_second = np.zeros((N, N))
    q_star = np.ones((N, N))
    games: dict[tuple[theory.Force, theory.Force], theory.Crisis] = {}
    for p in np.flatnonzero(nuclear):
        a, b = int(pi[p]), int(pj[p])
        key = (forces[a], forces[b])
        if key not in games:
            games[key] = theory.crisis(key[0], key[1], r=r, sigma=sigma, D_star=D_star)
        c = games[key]
        damp = mad_damping if c.mad else 1.0
        factor[p] = damp * (1.0 + first_strike_sensitivity * (1.0 - min(c.q_star)))
        mad[p] = c.mad
        damage_first[a, b], damage_first[b, a] = c.D_F
        damage_second[a, b], damage_second[b, a] = c.D_S
        q_star[a, b], q_star[b, a] = c.q_star
    return NuclearTerms(factor, nuclear, damage_first, damage_second, q_star, mad)


def nuclear_factors(
    warheads,
    survivable,
    mirv,
    kill,
    sigma: float,
    D_star: float,
    mad_damping: float,
    first_strike_sensitivity: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each unordered pair's factor on P(war | crisis) and whether it is nuclear.

    Parameters
    ----------
    warheads, survivable, mirv, kill, sigma, D_star, mad_damping, first_strike_sensitivity
        As for :func:`nuclear_terms`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``factor`` (float64) and ``nuclear`` (bool), both read-only of shape ``(P,)`` over the
        pairs ``i < j`` in lexicographic order; ``factor`` is 1 where ``nuclear`` is False.

    Raises
    ------
    ValueError
        If a value is out of range (from :mod:`realpolitik.theory.deterrence`).
    """
    terms = nuclear_terms(
        warheads, survivable, mirv, kill, sigma, D_star, mad_damping, first_strike_sensitivity
    )
    return terms.factor, terms.pair


def prepare(params, states: int) -> NuclearTerms | None:
    """Return the nuclear terms of the parameters, or None with fewer than two nuclear states.

    Parameters
    ----------
    params
        The resolved parameters in effect.
    states
        The number of states N.

    Returns
    -------
    NuclearTerms or None
        :func:`nuclear_terms` of the deterrence keys.
    """
    W = per_state(params.nuclear_warheads, states)
    if np.count_nonzero(W > 0) < 2:
        return None
    return nuclear_terms(
        W,
        params.survivable_share,
        params.warheads_per_missile,
        params.warhead_kill_prob,
        float(params.countervalue_scale),
        float(params.unacceptable_damage),
        float(params.mad_damping),
        float(params.first_strike_sensitivity),
        int(params.strike_warheads_per_silo),
    )


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Set ``world.nuclear``, the pairs' nuclear terms, for the crisis phase.

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters.
    rng
        Unused (no draws).
    ctx
        The chunk's context (the terms are prepared once per chunk, again when a schedule
        changes a deterrence key such as ``mad_damping``).

    Returns
    -------
    World
        The same world, with ``nuclear`` set (None with fewer than two nuclear states).
    """
    ctx = ensure_context(world, params, ctx)
    world.nuclear = ctx.prepared(prepare, READS)
    return world

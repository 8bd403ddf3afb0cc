"""Nuclear deterrence: MAD damps crisis escalation, first-strike incentives feed it.

Source: MODELS.md section 5 (counterforce exchange, Schelling's Strike/Wait game of the
reciprocal fear of surprise attack, mutual assured destruction); the game itself is
:func:`realpolitik.theory.deterrence.crisis`, reused here (one idea, one place). DESIGN.md
phase 5; docs/mechanisms.md, "Nuclear deterrence".

Equations, for every unordered pair i < j where both states are nuclear (W_i > 0 and W_j > 0)::

    Force_i = Force(silos = round(W_i (1 - s_i) / mirv_i), mirv = round(mirv_i),
                    ssbn = W_i s_i, k = k_i)
    c       = theory.deterrence.crisis(Force_i, Force_j, r = 1, sigma = sigma, D_star = D*)
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
  ``mad_damping``, ``first_strike_sensitivity``; all read through ``world.param`` so that a
  scenario schedule may change them.
- Arsenals are parameters, constant within a simulation unless a schedule changes them, so the
  pair factors are computed once per distinct parameter values (cached) and stored in
  ``world.extra["nuclear_factor"]`` ((P,) float64) and ``world.extra["nuclear_pair"]`` ((P,)
  bool, both states nuclear), which the crisis phase reads. With fewer than two nuclear states
  the mechanism is neutral: it removes both entries and returns at once.
- No random draws.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.world import World, pair_indices
from realpolitik.theory import deterrence as theory

__all__ = [
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "nuclear_factors",
    "nuclear_force",
    "step",
]

MODELS = "nuclear deterrence: MAD damps escalation of crises, first-strike incentives feed it"
SECTION = "MODELS.md 5 (5.1 counterforce exchange, 5.2 Strike/Wait game, MAD); DESIGN.md phase 5"
READS = (
    "nuclear_warheads",
    "survivable_share",
    "warheads_per_missile",
    "warhead_kill_prob",
    "countervalue_scale",
    "unacceptable_damage",
    "mad_damping",
    "first_strike_sensitivity",
)
WRITES = ("extra['nuclear_factor']", "extra['nuclear_pair']")
REFERENCES = theory.REFERENCES


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


@functools.lru_cache(maxsize=64)
def _factors_cached(
    warheads: tuple[float, ...],
    survivable: tuple[float, ...],
    mirv: tuple[float, ...],
    kill: tuple[float, ...],
    sigma: float,
    D_star: float,
    mad_damping: float,
    sensitivity: float,
) -> tuple[np.ndarray, np.ndarray]:
    N = len(warheads)
    pi, pj = pair_indices(N)
    forces = [nuclear_force(warheads[s], survivable[s], mirv[s], kill[s]) for s in range(N)]
    nuclear = np.array([warheads[a] > 0 and warheads[b] > 0 for a, b in zip(pi, pj, strict=True)])
    factor = np.ones(pi.shape[0])
    games: dict[tuple[theory.Force, theory.Force], float] = {}
    for p in np.flatnonzero(nuclear):
        key = (forces[pi[p]], forces[pj[p]])
        if key not in games:
            c = theory.crisis(key[0], key[1], r=1, sigma=sigma, D_star=D_star)
            damp = mad_damping if c.mad else 1.0
            games[key] = damp * (1.0 + sensitivity * (1.0 - min(c.q_star)))
        factor[p] = games[key]
    factor.setflags(write=False)
    nuclear.setflags(write=False)
    return factor, nuclear


def _per_state(value, states: int) -> tuple[float, ...]:
    return tuple(float(x) for x in np.broadcast_to(np.asarray(value, dtype=np.float64), states))


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
    warheads, survivable, mirv, kill
        Per-state W, s, mirv and k (arrays of shape ``(N,)``).
    sigma
        Countervalue damage scale, warheads (> 0).
    D_star
        Unacceptable damage in (0, 1) defining assured destruction.
    mad_damping
        Factor in [0, 1] for a pair in MAD.
    first_strike_sensitivity
        Weight (>= 0) of the first-strike incentive ``1 - min(q*_i, q*_j)``.

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
    W = np.asarray(warheads, dtype=np.float64).reshape(-1)
    N = W.shape[0]
    return _factors_cached(
        _per_state(W, N),
        _per_state(survivable, N),
        _per_state(mirv, N),
        _per_state(kill, N),
        float(sigma),
        float(D_star),
        float(mad_damping),
        float(first_strike_sensitivity),
    )


def step(world: World, params, rng: np.random.Generator) -> World:
    """Store the pairs' nuclear factors and flags for the crisis phase.

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
        The same world, with ``extra["nuclear_factor"]`` and ``extra["nuclear_pair"]`` set (or
        removed when fewer than two states are nuclear).
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
        _store(world, cached[3])
        return world
    W = np.broadcast_to(np.asarray(world.param("nuclear_warheads", params), np.float64), N)
    if np.count_nonzero(W > 0) < 2:
        world.extra[_CACHE] = (params, N, raw, None)
        _store(world, None)
        return world
    result = nuclear_factors(
        W,
        world.param("survivable_share", params),
        world.param("warheads_per_missile", params),
        world.param("warhead_kill_prob", params),
        float(world.param("countervalue_scale", params)),
        float(world.param("unacceptable_damage", params)),
        float(world.param("mad_damping", params)),
        float(world.param("first_strike_sensitivity", params)),
    )
    world.extra[_CACHE] = (params, N, raw, result)
    _store(world, result)
    return world


_CACHE = "_deterrence_inputs"
"""``world.extra`` key of the last step's parameter objects and result."""


def _store(world: World, result: tuple[np.ndarray, np.ndarray] | None) -> None:
    """Set (or, for None, remove) ``extra["nuclear_factor"]`` and ``extra["nuclear_pair"]``."""
    if result is None:
        world.extra.pop("nuclear_factor", None)
        world.extra.pop("nuclear_pair", None)
    else:
        world.extra["nuclear_factor"], world.extra["nuclear_pair"] = result

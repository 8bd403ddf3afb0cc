"""Alliances: balancing against, or bandwagoning with, the most threatening state; burden sharing.

Sources: S. Walt, *The Origins of Alliances* (1987), balance of threat (MODELS.md 8.3);
M. Olson & R. Zeckhauser, "An Economic Theory of Alliances" (1966), free riding (MODELS.md 8.1);
K. Waltz, *Theory of International Politics* (1979). DESIGN.md phase 4; docs/mechanisms.md,
"Alliances".

Pacts live in ``world.allied`` (runs, N, N) bool, symmetric with a False diagonal. Scenario pacts
arrive through the schedule phase; this phase adds the pacts of alliance formation and computes
the burden-sharing offset. Nothing happens unless ``alliances`` is true.

Formation (``alliance_formation`` != ``"none"``, N >= 3), for every run and every state C at
once (observer C, "perceived" = this year's ``world.perceived``, w = ``world.threat_weight`` if
set, else 1)::

    A = argmax_{j != C} w_Cj * mhat_Cj * od_C          (the state most threatening to C)
    D = argmax_{j != C, A} mhat_Cj                      (the strongest other state)
    "balance":   pact C-D;  "bandwagon": pact C-A
    "threat":    pact C-D iff U_balance > U_bandwagon, else C-A, with
                 (U_balance, U_bandwagon) = theory.alliances.balance_utilities(
                     x_A = mhat_CA, x_D = mhat_CD, x_C = m_C, m = decisiveness,
                     V = alliance_stake_C, L = alliance_loss_C,
                     theta = aggressor_threat_C * (1 - mu_CA if beliefs else 1))

Burden sharing (``burden_sharing`` s > 0; MODELS.md 8.1's free riding)::

    threat_offset_i = s_i * sum_{k allied with i} m_k        (this year's post-arming military)

which next year's arming subtracts from the threat (``max(0, threat_i - offset_i)``).

Conventions
-----------
- Each state holds one *dynamic* pact (with its choice D or A), replaced every year: this year's
  dynamic pacts are dropped before the new choices are made. A pact is symmetric, so a state
  may sit in several pacts (its own choice and the choices of others). Scenario pacts persist:
  a pact that was already in ``world.allied`` when formation ran (a scenario pact) is never
  dropped by formation, even when a state also chooses it; only pacts that formation itself
  added (kept in ``world.extra["alliance_dynamic"]``) are dropped the next year. A scenario
  pact formed by the schedule for a pair that holds a dynamic pact that year is indistinguishable
  from it and is dropped with it next year unless chosen again (the schedule should dissolve
  and form scenario pacts in years of its own).
- Ties (equal threat or equal military) go to the lowest index. With N = 2 there is no third
  state, so formation makes no pact.
- Walt's utilities need positive capabilities and decisiveness: perceived and own military are
  floored at ``FLOOR`` = 1e-12 and ``decisiveness = 0`` is read as its limit 0+ (floored at
  ``FLOOR``: the contest is a coin toss). Ties U_balance = U_bandwagon go to bandwagoning
  (theory.alliances's convention).
- Summaries (per run, each year): ``alliance_pairs`` (allied unordered pairs, scenario and
  formed), and with formation ``balancing_share`` (share of states whose choice was to balance).
- Draws: none.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World
from realpolitik.theory.alliances import balance_utilities

__all__ = [
    "FLOOR",
    "FORMATIONS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "choose_partners",
    "step",
]

MODELS = (
    "defence pacts: balancing vs bandwagoning against the most threatening state, burden sharing"
)
SECTION = "MODELS.md 8.1 (burden sharing), 8.3 (balancing vs bandwagoning); DESIGN.md phase 4"
READS = (
    "alliances",
    "alliance_formation",
    "alliance_stake",
    "alliance_loss",
    "aggressor_threat",
    "burden_sharing",
    "decisiveness",
    "offense_defense_factor",
)
WRITES = ("allied", "threat_offset", "summaries")
REFERENCES = ("walt1987", "waltz1979", "olson1966")

FORMATIONS = ("none", "balance", "bandwagon", "threat")
"""The values of ``alliance_formation``."""

FLOOR = 1e-12
"""Floor of capabilities and decisiveness in Walt's utilities (which need them > 0)."""


def _per_state(value, states: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (states,))


def _allied(world: World) -> np.ndarray:
    allied = world.allied
    if allied is None:
        allied = np.zeros((world.runs, world.states, world.states), dtype=bool)
        world.allied = allied
    return allied


def choose_partners(world: World, params, formation: str) -> tuple[np.ndarray, np.ndarray]:
    """Return each state's chosen partner and whether that choice is balancing.

    Parameters
    ----------
    world
        The chunk's world (N >= 3); reads ``perceived``, ``military`` (post-arming),
        ``threat_weight`` and ``beliefs`` where set.
    params
        The resolved parameters.
    formation
        ``"balance"``, ``"bandwagon"`` or ``"threat"``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``partner`` int64 ``(runs, N)``: the state each state C allies with (D when it
        balances, A when it bandwagons), and ``balance`` bool ``(runs, N)``.

    Raises
    ------
    ValueError
        If ``formation`` is not one of ``"balance"``, ``"bandwagon"``, ``"threat"`` or the world
        has fewer than 3 states.
    """
    if formation not in FORMATIONS[1:]:
        raise ValueError(
            f"alliance_formation = {formation!r} is not allowed here; "
            f"allowed: {list(FORMATIONS[1:])}"
        )
    R, N = world.runs, world.states
    if N < 3:
        raise ValueError(f"states = {N}: alliance formation needs a third state (N >= 3)")
    mhat = world.perceived
    eye = np.eye(N, dtype=bool)[None]
    w = world.threat_weight
    od = _per_state(world.param("offense_defense_factor", params), N)
    threat = mhat * od[None, :, None] if w is None else w * mhat * od[None, :, None]
    threat = np.where(eye, -np.inf, threat)
    A = np.argmax(threat, axis=2)
    rows = np.arange(R)[:, None]
    cols = np.arange(N)[None, :]
    others = np.where(eye, -np.inf, mhat)
    others[rows, cols, A] = -np.inf
    D = np.argmax(others, axis=2)
    if formation == "balance":
        balance = np.ones((R, N), dtype=bool)
    elif formation == "bandwagon":
        balance = np.zeros((R, N), dtype=bool)
    else:
        x_A = np.maximum(mhat[rows, cols, A], FLOOR)
        x_D = np.maximum(mhat[rows, cols, D], FLOOR)
        x_C = np.maximum(world.military, FLOOR)
        m = np.maximum(_per_state(world.param("decisiveness", params), N), FLOOR)
        V = _per_state(world.param("alliance_stake", params), N)
        L = _per_state(world.param("alliance_loss", params), N)
        theta = np.broadcast_to(_per_state(world.param("aggressor_threat", params), N), (R, N))
        beliefs = world.beliefs
        if beliefs is not None:
            theta = theta * (1.0 - beliefs[rows, cols, A])
        theta = np.clip(theta, 0.0, 1.0)
        u_balance, u_bandwagon = balance_utilities(x_A, x_D, x_C, m, V, L, theta)
        balance = u_balance > u_bandwagon
    return np.where(balance, D, A), balance


def step(world: World, params, rng: np.random.Generator) -> World:
    """Form this year's pacts, set the burden-sharing offset and count the allied pairs.

    Parameters
    ----------
    world
        The chunk's world; reads ``allied`` (scenario pacts), ``perceived``, ``military``,
        ``threat_weight`` and ``beliefs``.
    params
        The resolved parameters.
    rng
        Unused (alliance politics is deterministic given perceptions).

    Returns
    -------
    World
        The same world with ``allied``, ``threat_offset`` (when burden sharing is on) and the
        summaries set; unchanged when ``alliances`` is false.
    """
    if not bool(world.param("alliances", params)):
        return world
    R, N = world.runs, world.states
    allied = _allied(world)
    formation = str(world.param("alliance_formation", params))
    dynamic = world.extra.pop("alliance_dynamic", None)
    if dynamic is not None:
        allied &= ~dynamic  # last year's formed pacts end; scenario pacts persist
    if formation != "none" and N >= 3:
        partner, balance = choose_partners(world, params, formation)
        new = np.zeros((R, N, N), dtype=bool)
        new[np.arange(R)[:, None], np.arange(N)[None, :], partner] = True
        new |= new.transpose(0, 2, 1)
        world.extra["alliance_dynamic"] = new & ~allied
        allied |= new
        world.summaries["balancing_share"] = balance.mean(axis=1)
    s = _per_state(world.param("burden_sharing", params), N)
    if np.any(s > 0.0):
        allies_m = np.matmul(allied.astype(np.float64), world.military[:, :, None])[:, :, 0]
        world.threat_offset = s * allies_m
    world.summaries["alliance_pairs"] = (
        allied[:, world.pair_i, world.pair_j].sum(axis=1).astype(np.float64)
    )
    return world

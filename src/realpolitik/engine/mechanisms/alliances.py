"""Alliances: balancing against, or bandwagoning with, the most threatening state; burden sharing.

Sources: S. Walt, *The Origins of Alliances* (1987), balance of threat (docs/models/alliances.md);
M. Olson & R. Zeckhauser, "An Economic Theory of Alliances" (1966), free riding
(docs/models/alliances.md);
K. Waltz, *Theory of International Politics* (1979). docs/engine.md; docs/mechanisms.md,
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

Under the strategic engine (``decisions = "strategic"``, docs/strategic.md) the capabilities
are strengths in a long war, the measure its wars are decided on (Walt 1987: aggregate power is
a source of threat): ``mhat_Cj`` above reads ``mhat_Cj + mob_j y_j`` and ``m_C`` reads
``m_C + mob_C y_C`` (:func:`_capabilities`). By armies alone, a state that grows rich on the
concessions it extracts is never the threat: the flagship's concessions rose by about 40%
with alliance formation instead of falling.

Burden sharing (``burden_sharing`` s > 0; free riding, docs/models/alliances.md)::

    threat_offset_i = s_i * sum_{k allied with i} m_k        (this year's post-arming military)

which next year's arming subtracts from the threat (``max(0, threat_i - offset_i)``).

Conventions
-----------
- Each state holds one *dynamic* pact (with its choice D or A), replaced every year: this year's
  dynamic pacts are dropped before the new choices are made. A pact is symmetric, so a state
  may sit in several pacts (its own choice and the choices of others). Scenario pacts persist:
  a pact that was already in ``world.allied`` when formation ran (a scenario pact) is never
  dropped by formation, even when a state also chooses it; only pacts that formation itself
  added (kept in ``world.dynamic_pacts``) are dropped the next year. A scenario
  pact formed by the schedule for a pair that holds a dynamic pact that year is indistinguishable
  from it and is dropped with it next year unless chosen again (the schedule should dissolve
  and form scenario pacts in years of its own).
- A user's policy (docs/policies.md, ``Policy.alliances``) may then replace its state's row of
  pacts: a pact it adds is dynamic (it ends next year unless chosen again), one it drops ends
  now (a scenario pact for good).
- Ties (equal threat or equal military) go to the lowest index. With N = 2 there is no third
  state, so formation makes no pact.
- Walt's utilities need positive capabilities and decisiveness: perceived and own military are
  floored at ``FLOOR`` = 1e-12 and ``decisiveness = 0`` is read as its limit 0+ (floored at
  ``FLOOR``: the contest is a coin toss). Ties U_balance = U_bandwagon go to bandwagoning
  (theory.alliances's convention).
- Summaries (per run, each year): ``alliance_pairs`` (allied unordered pairs, scenario and
  formed), and with formation ``balancing_share`` (share of states whose choice was to balance).
- Draws: none.
- Speed: the strengths, A, D, the capabilities of Walt's utilities and the contests' ratios
  are computed in one pass of loops compiled with Numba
  (:func:`realpolitik.engine.compiled.compiled`; the same sums and products, the same
  comparisons as ``np.argmax``, identical results), the numpy operations being the reference
  (without Numba or with ``realpolitik.engine.compiled.NUMBA = False``). The utilities are
  :func:`realpolitik.theory.alliances.alignment_utilities` (the theory's arithmetic without
  its validation: the inputs are valid by construction); with Numba its arithmetic runs in
  compiled loops around numpy's powers (which also set the partners and the balancing
  share), as do the year's pacts and the allied-pair count. Burden sharing's sum over allies
  is numpy's matmul (BLAS gemv per run); a compiled loop sums in the gemv kernel's order
  where a probe shows it gives matmul's bits (:func:`_allies_military`). In :func:`step`
  under ``"threat"`` one compiled pass drops last year's formed pacts, makes Walt's choice
  and forms the new pacts (:func:`_choose_and_form`), and one more sets the burden-sharing
  offset and counts the allied pairs (:func:`_offset_and_pairs`): fewer passes over the
  pacts and fewer calls, the same operations.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.world import World
from realpolitik.theory.alliances import alignment_utilities

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
SECTION = "docs/models/alliances.md"
READS = (
    "alliances",
    "decisions",
    "mobilization",
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

_key = functools.partial(
    key, mechanism="alliances", source="docs/models/alliances.md", requires="alliances"
)

KEYS: tuple[KeySpec, ...] = (
    _key("alliances", "-", False, "defence pacts (scenario and formation) are in force",
         source="docs/models/alliances.md", kind="bool", requires=None),
    _key("alliance_formation", "-", "none",
         "yearly alignment against (balance) / with (bandwagon) the most threatening state, "
         "or by Walt's utilities (threat)", kind="choice", choices=FORMATIONS),
    _key("alliance_stake", "V", 1.0, "prize of the alignment game", lo_open=True),
    _key("alliance_loss", "L", 1.0, "loss of the alignment game", lo_open=True),
    _key("aggressor_threat", "theta", 0.5,
         "threat that a victorious aggressor turns on the third state", hi=1.0),
    _key("burden_sharing", "s", 0.0,
         "allies' military counts against one's threat: threat - s * sum_allies m_k",
         source="docs/models/alliances.md", hi=1.0),
    _key("balancing_cost", "K", 0.5, "an ally's cost of joining a war (volunteer's dilemma)",
         source="docs/models/alliances.md", lo_open=True),
    _key("alliance_war_cost", "c_war", 0.5,
         "chain-ganging iff beta V > c_war, else buck-passing", source="docs/models/alliances.md",
         lo_open=True),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""

FLOOR = 1e-12
"""Floor of capabilities and decisiveness in Walt's utilities (which need them > 0)."""


def _allied(world: World) -> np.ndarray:
    allied = world.allied
    if allied is None:
        allied = np.zeros((world.runs, world.states, world.states), dtype=bool)
        world.allied = allied
    return allied


def _buffers(world: World, ctx: ChunkContext | None, *names: str) -> list[np.ndarray]:
    """Return the mechanism's float64 ``(runs, N, N)`` scratch arrays of the given names.

    Kept in the chunk's context (allocated on first use); new ones without a context.
    """
    shape = (world.runs, world.states, world.states)
    buffers = {} if ctx is None else ctx.scratch("alliances")
    if buffers.get("shape") != shape:
        buffers.clear()
        buffers["shape"] = shape
    out = []
    for name in names:
        if name not in buffers:
            buffers[name] = np.empty(shape)
        out.append(buffers[name])
    return out


def _constants(params, states: int) -> tuple[np.ndarray | None, ...]:
    """Return od, m, V, L, aggressor_threat and mobilization, float64 ``(N,)`` C-contiguous.

    ``m`` is the decisiveness floored at FLOOR; a key the parameters lack (read only by
    Walt's utilities, or under the strategic engine) is None. Prepared once for the
    parameters in effect (``ctx.prepared(_constants, READS)``).
    """
    values = [
        getattr(params, name, None)
        for name in ("offense_defense_factor", "decisiveness", "alliance_stake",
                     "alliance_loss", "aggressor_threat", "mobilization")
    ]  # fmt: skip
    od, m, V, L, at, mob = (
        None if v is None else np.ascontiguousarray(per_state(v, states)) for v in values
    )
    return od, (None if m is None else np.maximum(m, FLOOR)), V, L, at, mob


def _aggressor_and_defender(
    world: World,
    params,
    w: np.ndarray | None,
    od: np.ndarray,
    contests: bool,
    mob: np.ndarray | None = None,
) -> tuple[np.ndarray, ...] | None:
    """Return A, D (int64 ``(runs, N)``), x_A, x_D, x_C, mu_CA and the contests' ratios, or None.

    A = argmax_{j != C} w_Cj mhat_Cj od_C and D = argmax_{j != C, A} mhat_Cj, ties to the
    lowest index (``np.argmax``); x_A, x_D and x_C = max(m_C, FLOOR) floored at FLOOR, with the
    capabilities of :func:`_capabilities` (the strengths under the strategic engine) computed
    in the loop; mu_CA is None without beliefs; Walt's four ratios (:func:`_walt_compiled`)
    as one ``(4, runs, N)`` block (filled with ``contests``, else of 0 runs). One compiled
    pass (:func:`_select_loops`, the same sums, products and comparisons as the numpy
    operations of :func:`_capabilities`, :func:`_select_numpy` and the theory); None without
    Numba (the caller runs those). ``mob`` is the mobilization ``(N,)`` where prepared.
    """
    kernel = compiled(_select_loops)
    if kernel is None:
        return None
    R, N = world.runs, world.states
    strategic = getattr(params, "decisions", "hazard") == "strategic"
    if strategic:
        mob_y = (per_state(params.mobilization, N) if mob is None else mob) * world.gdp
    else:
        mob_y = world.military
    beliefs = world.beliefs
    A = np.empty((R, N), dtype=np.int64)
    D = np.empty((R, N), dtype=np.int64)
    x_A, x_D, x_C, mu_A = (np.empty((R, N)) for _ in range(4))
    ratios = np.empty((4, R, N) if contests else (4, 0, N))  # one block: one np.power
    perceived = np.ascontiguousarray(world.perceived, dtype=np.float64)
    kernel(
        perceived,
        np.ascontiguousarray(mob_y, dtype=np.float64),
        strategic,
        np.ascontiguousarray(world.military, dtype=np.float64),
        perceived if w is None else np.ascontiguousarray(w, dtype=np.float64),
        w is not None,
        np.ascontiguousarray(od, dtype=np.float64),
        perceived if beliefs is None else np.ascontiguousarray(beliefs, dtype=np.float64),
        beliefs is not None,
        A, D, x_A, x_D, x_C, mu_A, *ratios,
    )  # fmt: skip
    return A, D, x_A, x_D, x_C, (mu_A if beliefs is not None else None), ratios


def _select_numpy(
    world: World,
    mhat: np.ndarray,
    w: np.ndarray | None,
    od: np.ndarray,
    beliefs: np.ndarray | None,
    ctx: ChunkContext | None,
) -> tuple[np.ndarray, ...]:
    """Return A, D, x_A, x_D and mu_CA with numpy operations (without Numba).

    The reference of :func:`_aggressor_and_defender`'s loops, on the capabilities ``mhat`` of
    :func:`_capabilities`.
    """
    N = world.states
    idx = np.arange(N)
    threat, others = _buffers(world, ctx, "threat", "others")
    if w is None:
        np.multiply(mhat, od[None, :, None], out=threat)
    else:  # w * mhat * od
        np.multiply(w, mhat, out=threat)
        threat *= od[None, :, None]
    threat[:, idx, idx] = -np.inf
    A = np.argmax(threat, axis=2)
    np.copyto(others, mhat)
    others[:, idx, idx] = -np.inf
    A_col = A[:, :, None]
    np.put_along_axis(others, A_col, -np.inf, axis=2)
    D = np.argmax(others, axis=2)
    x_A = np.maximum(np.take_along_axis(mhat, A_col, axis=2)[:, :, 0], FLOOR)
    x_D = np.maximum(np.take_along_axis(mhat, D[:, :, None], axis=2)[:, :, 0], FLOOR)
    mu_A = None if beliefs is None else np.take_along_axis(beliefs, A_col, axis=2)[:, :, 0]
    return A, D, x_A, x_D, mu_A


@numpy_errors
def _select_loops(
    perceived, mob_y, use_mob, military, w, use_w, od, mu, use_mu,
    A, D, x_A, x_D, x_C, mu_A, r_D, s_D, r_A, s_A,
):  # pragma: no cover  # fmt: skip
    """Run the loops of :func:`_aggressor_and_defender` (compiled by Numba; see there).

    ``mhat_Cj = perceived_Cj + mob_y_j`` and ``own_C = m_C + mob_y_C`` with ``use_mob`` (the
    strategic engine's strengths, as ``np.add``), else ``perceived_Cj`` and ``m_C``. Each
    argmax takes the first ``j != C`` (and ``!= A``), then a strictly greater value (ties to
    the lowest index; branches measured faster than selects here). D is read off the same
    pass over j as A: the first and the second of mhat over ``j != C`` (each the argmax of
    what is left, ties to the lowest index), D the first unless it is A; a run's row with a
    NaN in mhat (where "first, then strictly greater" is no maximum) takes D in a second
    pass over ``j != C, A`` (the same comparisons as ever). The floors of x_A and
    x_D are the comparison ``v >= FLOOR``; that of x_C is ``np.maximum`` (NaN kept). The
    ratios are filled where ``r_D`` has rows: ``x_A / (x_D + x_C)``, its inverse, and
    likewise for A.
    """
    R, N = perceived.shape[0], perceived.shape[1]
    contests = r_D.shape[0] > 0
    mhat = np.empty(N)
    for r in range(R):
        for c in range(N):
            odc = od[c]
            a = -1  # the threat's argmax
            best = 0.0
            d1 = -1  # the first and second of mhat (j != c), as the argmax takes them
            v1 = 0.0
            d2 = -1
            v2 = 0.0
            nan = False
            for j in range(N):
                m = perceived[r, c, j] + mob_y[r, j] if use_mob else perceived[r, c, j]
                mhat[j] = m
                nan |= m != m
                # w * mhat * od, as numpy evaluates it: (w * mhat) * od
                v = (w[r, c, j] * m) * odc if use_w else m * odc
                if j != c:
                    if a < 0 or v > best:
                        a = j
                        best = v
                    if d1 < 0 or m > v1:
                        d2 = d1
                        v2 = v1
                        d1 = j
                        v1 = m
                    elif d2 < 0 or m > v2:
                        d2 = j
                        v2 = m
            d = d1 if d1 != a else d2
            if nan:  # the argmax over j != c, A in its own pass (a NaN never wins after the first)
                d = -1
                best = 0.0
                for j in range(N):
                    v = mhat[j]
                    if j != c and j != a and (d < 0 or v > best):
                        d = j
                        best = v
            A[r, c] = a
            D[r, c] = d
            v = mhat[a]
            xa = v if v >= FLOOR else FLOOR
            v = mhat[d]
            xd = v if v >= FLOOR else FLOOR
            v = military[r, c] + mob_y[r, c] if use_mob else military[r, c]
            xc = v if (v >= FLOOR or np.isnan(v)) else FLOOR  # np.maximum(own, FLOOR)
            x_A[r, c] = xa
            x_D[r, c] = xd
            x_C[r, c] = xc
            if use_mu:
                mu_A[r, c] = mu[r, c, a]
            if contests:
                r_D[r, c] = xa / (xd + xc)
                s_D[r, c] = (xd + xc) / xa
                r_A[r, c] = xd / (xa + xc)
                s_A[r, c] = (xa + xc) / xd


def choose_partners(
    world: World, params, formation: str, ctx: ChunkContext | None = None
) -> tuple[np.ndarray, np.ndarray]:
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
    ctx
        The chunk's context (its scratch buffers), or None.

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
    partner, balance, _ = _choose(world, params, formation, ctx)
    return partner, balance


def _choose(
    world: World, params, formation: str, ctx: ChunkContext | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`choose_partners` (checked) and the balancing share where the loops count it.

    With Numba the choice is compiled (:func:`_aggressor_and_defender`, and
    :func:`_walt_compiled` under ``"threat"``), which also returns the ``balancing_share``
    summary under ``"threat"`` (``balance.mean(axis=1)``: a count over N, exact in any
    order); else the numpy operations, and None for the share.
    """
    if formation not in FORMATIONS[1:]:
        raise ValueError(
            f"alliance_formation = {formation!r} is not allowed here; "
            f"allowed: {list(FORMATIONS[1:])}"
        )
    R, N = world.runs, world.states
    if N < 3:
        raise ValueError(f"states = {N}: alliance formation needs a third state (N >= 3)")
    w = world.threat_weight
    const = _constants(params, N) if ctx is None else ctx.prepared(_constants, READS)
    od, m, V, L, at, mob = const
    threat = formation not in ("balance", "bandwagon")
    chosen = _aggressor_and_defender(world, params, w, od, threat, mob)
    if chosen is not None:
        A, D, x_A, x_D, x_C, mu_A, contests = chosen
        if threat:
            return _walt_compiled(contests, A, D, x_A, x_D, x_C, m, V, L, at, mu_A)
        balance = np.full((R, N), formation == "balance")
        return (D if formation == "balance" else A), balance, None
    mhat, own = _capabilities(world, params, ctx)
    beliefs = world.beliefs
    A, D, x_A, x_D, mu_A = _select_numpy(world, mhat, w, od, beliefs, ctx)
    if formation == "balance":
        balance = np.ones((R, N), dtype=bool)
    elif formation == "bandwagon":
        balance = np.zeros((R, N), dtype=bool)
    else:
        x_C = np.maximum(own, FLOOR)
        theta = np.broadcast_to(at, (R, N))
        if beliefs is not None:
            theta = theta * (1.0 - mu_A)
        theta = np.clip(theta, 0.0, 1.0)
        u_balance, u_bandwagon = alignment_utilities(x_A, x_D, x_C, m, V, L, theta)
        balance = u_balance > u_bandwagon
    return np.where(balance, D, A), balance, None


def _capabilities(world: World, params, ctx: ChunkContext | None) -> tuple[np.ndarray, np.ndarray]:
    """Return the capabilities alignment weighs: perceived ``(runs, N, N)`` and own ``(runs, N)``.

    Under the hazard model, military: this year's perception ``mhat_Cj`` and one's own
    post-arming military. Under the strategic engine (``decisions = "strategic"``) wars are
    decided on strength in a long war, ``C = m + mob * y`` (docs/strategic.md, "Values"), so a
    state weighs its rivals and partners by the same measure, ``Chat_Cj = mhat_Cj + mob_j y_j``
    (GDP is observed exactly) and ``C_C = m_C + mob_C y_C``: a power that grows rich, by growth
    or by the concessions it extracts, becomes the most threatening state and is balanced
    against (Walt 1987: aggregate power is a source of threat), though its army stays small.
    """
    if getattr(params, "decisions", "hazard") != "strategic":
        return world.perceived, world.military
    N = world.states
    mob_y = per_state(params.mobilization, N) * world.gdp
    (strength,) = _buffers(world, ctx, "strength")
    np.add(world.perceived, mob_y[:, None, :], out=strength)
    return strength, world.military + mob_y


def _walt_compiled(
    contests, A, D, x_A, x_D, x_C, m, V, L, at, mu_A
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return Walt's choice (partner, balance where U_balance > U_bandwagon, balancing share).

    The arithmetic of :func:`~realpolitik.theory.alliances.alignment_utilities` with the
    threat ``clip(aggressor_threat (1 - mu_CA), 0, 1)``: the contests' ratios (computed by
    :func:`_select_loops`, one ``(4, runs, N)`` block) raised to ``m`` by one call of numpy's
    power (elementwise, as the theory's ``tullock_unchecked`` on each ``(runs, N)`` array),
    the rest in :func:`_walt_loops`.
    """
    R, N = x_A.shape
    with np.errstate(over="ignore"):  # the four (runs, N) ratios in one block, one call
        powers = np.power(contests, m)
    balance = np.empty((R, N), dtype=bool)
    partner = np.empty((R, N), dtype=np.int64)
    share = np.empty(R)
    compiled(_walt_loops)(
        *powers, x_A, x_D, x_C, V, L, at,
        x_A if mu_A is None else mu_A, mu_A is not None, A, D, balance, partner, share,
    )  # fmt: skip
    return partner, balance, share


def _sharing(params, states: int) -> tuple[np.ndarray, bool]:
    """Return the burden-sharing share per state ``(N,)`` and whether any is positive."""
    s = per_state(params.burden_sharing, states)
    return s, bool(np.any(s > 0.0))


@numpy_errors
def _walt_loops(
    pow_rD, pow_sD, pow_rA, pow_sA, x_A, x_D, x_C, V, L, at, mu_A, use_mu, A, D, balance,
    partner, share,
):  # pragma: no cover  # fmt: skip
    """Fill ``balance``: U_balance > U_bandwagon from the contests' powers (theory's order).

    ``p = 1 / (1 + power)``; ``U_balance = p_D V x_C / (x_D + x_C) - q_D L``,
    ``U_bandwagon = p_A V x_C / (x_A + x_C) - q_A L - p_A theta L`` with
    ``theta = clip(at (1 - mu_A), 0, 1)`` (NaN kept, as ``np.clip``); ``partner`` D where
    balancing, else A; ``share_r`` the balancing states' count over N (``balance.mean``).
    """
    R, N = x_A.shape
    for r in range(R):
        count = 0
        for c in range(N):
            p_D = 1.0 / (1.0 + pow_rD[r, c])
            q_D = 1.0 / (1.0 + pow_sD[r, c])
            p_A = 1.0 / (1.0 + pow_rA[r, c])
            q_A = 1.0 / (1.0 + pow_sA[r, c])
            x = x_C[r, c]
            u_balance = p_D * V[c] * x / (x_D[r, c] + x) - q_D * L[c]
            u_band0 = p_A * V[c] * x / (x_A[r, c] + x) - q_A * L[c]
            t = at[c] * (1.0 - mu_A[r, c]) if use_mu else at[c]
            t = t if (t >= 0.0 or np.isnan(t)) else 0.0
            t = t if (t <= 1.0 or np.isnan(t)) else 1.0
            b = u_balance > u_band0 - p_A * t * L[c]
            balance[r, c] = b
            partner[r, c] = D[r, c] if b else A[r, c]
            count += b
        share[r] = count / N


def _choose_and_form(
    world: World,
    params,
    ctx: ChunkContext | None,
    allied: np.ndarray,
    dynamic: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Drop last year's formed pacts, choose by Walt's utilities and form this year's pacts.

    The compiled route of :func:`step` under ``"threat"``: :func:`_aggressor_and_defender`,
    numpy's power of the contests' ratios, then one pass (:func:`_walt_form_loops`) that
    drops ``dynamic`` from ``allied`` (``allied &= ~dynamic``; the choice does not read the
    pacts), decides as :func:`_walt_loops` and forms the pacts as :func:`_form_loops`.
    Returns this year's dynamic pacts and the balancing share, or None (nothing done) where
    the loops do not run (without Numba, or on arrays other than the engine's).
    """
    kernel = compiled(_walt_form_loops)
    if (
        kernel is None
        or allied.dtype != np.bool_
        or not allied.flags.c_contiguous
        or not (dynamic is None or (dynamic.dtype == np.bool_ and dynamic.flags.c_contiguous))
    ):
        return None
    od, m, V, L, at, mob = (
        _constants(params, world.states) if ctx is None else ctx.prepared(_constants, READS)
    )
    chosen = _aggressor_and_defender(world, params, world.threat_weight, od, True, mob)
    if chosen is None:  # pragma: no cover - kernel is not None: the loops run
        return None
    A, D, x_A, x_D, x_C, mu_A, contests = chosen
    with np.errstate(over="ignore"):  # the four (runs, N) ratios in one block, one call
        powers = np.power(contests, m)
    R, N = A.shape
    new = np.empty((R, N, N), dtype=bool)
    share = np.empty(R)
    kernel(
        *powers, x_A, x_D, x_C, V, L, at, x_A if mu_A is None else mu_A, mu_A is not None,
        A, D, allied, allied if dynamic is None else dynamic, dynamic is not None, new, share,
    )  # fmt: skip
    return new, share


@numpy_errors
def _walt_form_loops(
    pow_rD, pow_sD, pow_rA, pow_sA, x_A, x_D, x_C, V, L, at, mu_A, use_mu, A, D, allied,
    old, drop, dynamic, share,
):  # pragma: no cover  # fmt: skip
    """Run :func:`_walt_loops`' choice and :func:`_form_loops`' pacts, run by run.

    With ``drop``, ``allied &= ~old`` first (last year's formed pacts end). Each state's
    choice as :func:`_walt_loops` (``partner`` D where balancing, else A; ``share_r`` the
    balancing states' count over N); the chosen pacts marked both ways in ``dynamic``, then
    ``dynamic = new and not allied`` and ``allied |= new``, as :func:`_form_loops`. Walt's
    utilities are written out as in :func:`_walt_loops` on purpose (a shared compiled helper
    made the loop ~4x slower: Numba called it instead of inlining it); change both together.
    """
    R, N = x_A.shape
    partner = np.empty(N, np.int64)
    for r in range(R):
        count = 0
        for c in range(N):
            p_D = 1.0 / (1.0 + pow_rD[r, c])
            q_D = 1.0 / (1.0 + pow_sD[r, c])
            p_A = 1.0 / (1.0 + pow_rA[r, c])
            q_A = 1.0 / (1.0 + pow_sA[r, c])
            x = x_C[r, c]
            u_balance = p_D * V[c] * x / (x_D[r, c] + x) - q_D * L[c]
            u_band0 = p_A * V[c] * x / (x_A[r, c] + x) - q_A * L[c]
            t = at[c] * (1.0 - mu_A[r, c]) if use_mu else at[c]
            t = t if (t >= 0.0 or np.isnan(t)) else 0.0
            t = t if (t <= 1.0 or np.isnan(t)) else 1.0
            b = u_balance > u_band0 - p_A * t * L[c]
            partner[c] = D[r, c] if b else A[r, c]
            count += b
        share[r] = count / N
        for i in range(N):
            for j in range(N):
                dynamic[r, i, j] = False
        for c in range(N):
            k = partner[c]
            dynamic[r, c, k] = True
            dynamic[r, k, c] = True
        for i in range(N):
            for j in range(N):
                new = dynamic[r, i, j]
                kept = allied[r, i, j] > old[r, i, j] if drop else allied[r, i, j]
                dynamic[r, i, j] = new > kept  # new and not kept
                allied[r, i, j] = new | kept


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
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
    ctx
        The chunk's context (scratch buffers), or None; ``ctx.policies`` may replace a
        state's pacts after formation (docs/policies.md).

    Returns
    -------
    World
        The same world with ``allied``, ``threat_offset`` (when burden sharing is on) and the
        summaries set; unchanged when ``alliances`` is false.
    """
    if not bool(params.alliances):
        return world
    N = world.states
    allied = _allied(world)
    formation = str(params.alliance_formation)
    dynamic, world.dynamic_pacts = world.dynamic_pacts, None
    formed = None
    if formation == "threat" and N >= 3:  # compiled: last year's pacts end in the same pass
        formed = _choose_and_form(world, params, ctx, allied, dynamic)
    if formed is not None:
        world.dynamic_pacts, world.summaries["balancing_share"] = formed
    else:
        if dynamic is not None:
            allied &= ~dynamic  # last year's formed pacts end; scenario pacts persist
        if formation != "none" and N >= 3:
            partner, balance, share = _choose(world, params, formation, ctx)
            world.dynamic_pacts = _form(allied, partner)
            world.summaries["balancing_share"] = balance.mean(axis=1) if share is None else share
    policies = getattr(ctx, "policies", None)
    if policies is not None:  # a user's policy joins or leaves its state's pacts
        policies.alliances(world, ctx)
    s, sharing = _sharing(params, N) if ctx is None else ctx.prepared(_sharing, READS)
    if sharing and _offset_and_pairs(world, s):
        return world
    if sharing:
        world.threat_offset = s * _allies_military(world, ctx)
    world.summaries["alliance_pairs"] = _pair_count(allied, world)
    return world


def _offset_and_pairs(world: World, s: np.ndarray) -> bool:
    """Set the burden-sharing offset and the allied-pair count in one pass, if possible.

    :func:`_offset_pairs_loops`: ``s_i * sum_{k allied with i} m_k`` as :func:`_allies_loops`
    sums it (``s * _allies_military(world)``) and :func:`_pair_count`'s count, where
    :func:`_allies_military` would run its loop (the engine's arrays, :func:`_gemv_order`).
    Returns False, doing nothing, elsewhere.
    """
    allied, military = world.allied, world.military
    kernel = compiled(_offset_pairs_loops)
    if not (
        kernel is not None
        and military.dtype == np.float64
        and military.flags.c_contiguous
        and allied.flags.c_contiguous
        and allied.dtype == np.bool_
        and s.dtype == np.float64
        and _gemv_order(world.states)
    ):
        return False
    offset = np.empty(military.shape)
    pairs = np.empty(world.runs)
    kernel(allied, military, s, offset, pairs)
    world.threat_offset = offset
    world.summaries["alliance_pairs"] = pairs
    return True


def _offset_pairs_loops(allied, military, s, offset, pairs):  # pragma: no cover
    """Fill the burden-sharing offset and the allied-pair count, run by run.

    ``offset[r, i] = s_i * sum_k allied_rik m_rk`` (the sum in :func:`_allies_loops`' order:
    lane ``t`` from ``0.0 + a_t m_t``, then ``a_{t+4} m_{t+4}``, ...) and ``pairs[r]``
    (:func:`_pair_count_loops`' count, as a masked sum over the whole row). The lanes of a
    row sit side by side and the count runs over whole rows (fixed trip counts: LLVM
    vectorises them).
    """
    R, N = military.shape
    lanes = np.empty((N, 4))
    for r in range(R):
        n = 0
        for i in range(N):
            for j in range(N):
                n += allied[r, i, j] & (j > i)
        pairs[r] = n
        for i in range(N):
            for t in range(4):
                lanes[i, t] = 0.0 + (1.0 if allied[r, i, t] else 0.0) * military[r, t]
            for b in range(4, N, 4):
                for t in range(4):
                    lanes[i, t] += (1.0 if allied[r, i, b + t] else 0.0) * military[r, b + t]
        for i in range(N):
            offset[r, i] = s[i] * ((lanes[i, 0] + lanes[i, 2]) + (lanes[i, 1] + lanes[i, 3]))


def _allies_military(world: World, ctx: ChunkContext | None) -> np.ndarray:
    """Return ``sum_{k allied with i} m_k`` per run and state ``(runs, N)``, as numpy's matmul.

    The reference is ``allied (as float64) @ m`` by numpy's matmul, which hands each run's
    ``(N, N) @ (N,)`` product to BLAS's gemv: on OpenBLAS's AVX2 kernel four lanes sum the
    products ``t_k`` (exact: the pacts are 0 or 1) of ``k = t mod 4`` in increasing order and
    the lanes are added as ``(l_0 + l_2) + (l_1 + l_3)``. :func:`_allies_loops` does that
    sum in one compiled pass (a thousand gemv calls cost about ten times more), where its bits
    are matmul's on a probe (:func:`_gemv_order`, once per N); else matmul runs.
    """
    allied, military = world.allied, world.military
    kernel = compiled(_allies_loops)
    if (
        kernel is not None
        and military.dtype == np.float64
        and military.flags.c_contiguous
        and allied.flags.c_contiguous
        and _gemv_order(world.states)
    ):
        out = np.empty(military.shape)
        kernel(allied, military, out)
        return out
    (allied_f,) = _buffers(world, ctx, "allied")
    np.copyto(allied_f, allied)  # allied.astype(np.float64)
    return np.matmul(allied_f, military[:, :, None])[:, :, 0]


_GEMV_ORDER: dict[int, bool] = {}
"""N -> whether :func:`_allies_loops` gives numpy's matmul bits (:func:`_gemv_order`)."""


def _gemv_order(states: int) -> bool:
    """Return whether :func:`_allies_loops` sums in the order of this numpy's matmul at N.

    Checked once per N on a probe of 64 runs (pacts at random, military of magnitudes
    spread over many orders, so that every other order of the sums gives other bits);
    N a multiple of 4 only (the kernel's lanes).
    """
    ok = _GEMV_ORDER.get(states)
    if ok is None:
        ok = False
        if states % 4 == 0:
            probe = np.random.default_rng(20260)
            allied = probe.random((64, states, states)) < 0.7
            military = np.exp(probe.normal(0.0, 8.0, (64, states)))
            want = np.matmul(allied.astype(np.float64), military[:, :, None])[:, :, 0]
            got = np.empty(military.shape)
            compiled(_allies_loops)(allied, military, got)
            ok = got.tobytes() == want.tobytes()
        _GEMV_ORDER[states] = ok
    return ok


def _allies_loops(allied, military, out):  # pragma: no cover
    """Fill ``out[r, i] = sum_k allied_rik m_rk`` in the gemv kernel's order (N % 4 == 0).

    Lane ``t`` sums ``a_k m_k`` (``a_k`` 1.0 or 0.0: the product is exact, as the kernel's
    fused multiply-add of it) over ``k = t, t + 4, ...`` from 0; then
    ``(l_0 + l_2) + (l_1 + l_3)``.
    """
    R, N = military.shape
    for r in range(R):
        for i in range(N):
            l0 = 0.0
            l1 = 0.0
            l2 = 0.0
            l3 = 0.0
            for b in range(0, N, 4):
                l0 += (1.0 if allied[r, i, b] else 0.0) * military[r, b]
                l1 += (1.0 if allied[r, i, b + 1] else 0.0) * military[r, b + 1]
                l2 += (1.0 if allied[r, i, b + 2] else 0.0) * military[r, b + 2]
                l3 += (1.0 if allied[r, i, b + 3] else 0.0) * military[r, b + 3]
            out[r, i] = (l0 + l2) + (l1 + l3)


def _form(allied: np.ndarray, partner: np.ndarray) -> np.ndarray:
    """Add each state's pact with its chosen partner to ``allied``; return the new pacts.

    A pact is symmetric; the pacts returned (this year's dynamic pacts) are those that were not
    in ``allied`` before. One compiled pass where Numba runs (:func:`_form_loops`).
    """
    R, N = partner.shape
    kernel = compiled(_form_loops)
    if kernel is not None:
        dynamic = np.empty((R, N, N), dtype=bool)
        kernel(allied, np.ascontiguousarray(partner, dtype=np.int64), dynamic)
        return dynamic
    new = np.zeros((R, N, N), dtype=bool)
    new[np.arange(R)[:, None], np.arange(N)[None, :], partner] = True
    new |= new.transpose(0, 2, 1)
    dynamic = new & ~allied
    allied |= new
    return dynamic


def _form_loops(allied, partner, dynamic):  # pragma: no cover
    """Run the loops of :func:`_form`: mark the chosen pacts (both ways), then add them."""
    R, N = partner.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                dynamic[r, i, j] = False
        for c in range(N):
            k = partner[r, c]
            dynamic[r, c, k] = True
            dynamic[r, k, c] = True
        for i in range(N):
            for j in range(N):
                new = dynamic[r, i, j]
                old = allied[r, i, j]
                dynamic[r, i, j] = new > old  # new and not old
                allied[r, i, j] = new | old


def _pair_count(allied: np.ndarray, world: World) -> np.ndarray:
    """Return the allied unordered pairs of each run (the ``alliance_pairs`` summary)."""
    kernel = compiled(_pair_count_loops)
    if kernel is None:
        return allied[:, world.pair_i, world.pair_j].sum(axis=1).astype(np.float64)
    out = np.empty(world.runs)
    kernel(allied, out)
    return out


def _pair_count_loops(allied, out):  # pragma: no cover
    """Run the loops of :func:`_pair_count` (a count: exact in any order)."""
    R, N = allied.shape[0], allied.shape[1]
    for r in range(R):
        n = 0
        for i in range(N):
            for j in range(i + 1, N):
                n += allied[r, i, j]
        out[r] = n

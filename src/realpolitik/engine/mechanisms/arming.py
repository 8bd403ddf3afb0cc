"""Arming: each state sets its military by a Richardson response or chooses its defence burden.

Richardson's response to perceived threat is the core model's law; with ``arming_law =
"burden"`` (the strategic engine's default) each state chooses its defence burden from the
losses it fears.

Source: docs/engine.md; Richardson (1939, 1960); for the burden law Powell (1993), Fearon
(2018) and docs/strategic.md ("Arming: the defence burden"); the hooks
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

The burden law (``arming_law = "burden"``, the strategic engine's default; the core model keeps
Richardson's law). In the guns-versus-butter models of arming (Powell 1993; Fearon 2018) a state
spends on arms what the losses it fears, and the gains it covets, are worth, so its military grows
with its economy and an arms race is a sustained rise in two rivals' defence burdens. State i's
burden is ``b_i = m_i / y_i``; from this year's perception of its rivals (the phase's
``perceived``, last year's military) and its beliefs ``mu_ij`` that j is a security seeker::

    C_i    = m_i + mob_i y_i;   Chat_ij = mhat_ij + mob_j y_j      (strengths, docs/strategic.md)
    E_ij   = (1 - CSF(C_i, od_j Chat_ij)) (loss_m b_i + loss_y + c) (share of y_i lost if j
                                                                    strikes first and wins)
    G_ij   = (1 - CSF(od_i C_i, Chat_ij)) v_i c y_j / y_i           (the stake i cannot yet take)
    F_i    = max_{j != i} ((1 - mu_ij) E_ij + G_ij)                 (the rival that matters most)
    b*_i   = b_type_i + k_F_i (1 + h_i) F_i / (1 + bp_i b_i / cap_i)
    m_i_new = clip(y_i (b_i + dt lambda_i (b*_i - b_i)) + dt e_i y_i,  0,  min(cap_i y_i, limit_i))

with y last year's GDP, c = ``gdp_cession``, v the conquest value of i's type
(``conquest_value_greedy`` or ``conquest_value_secure``), b_type = ``burden_greedy`` or
``burden_secure`` (what a greedy state or a security seeker spends with nothing to fear or covet),
k_F = ``fear_burden`` (the burden a state adds per unit of the GDP share at stake), lambda =
``burden_adjustment`` (the share of the gap to the target closed in a year: adjustment costs make
budgets move gradually) and 1 - mu = 1 - ``prior_trust`` without type beliefs. A state arms
against the rival that matters most to it, not against the sum of all, so one pair's mistrust moves
both sides' burdens (Diehl 1983; Gibler, Rider and Hutchison 2005); as j arms, 1 - CSF rises and
i's target with it, and as i arms it falls (a best response). Under the strategic engine, observers
read each move against a security seeker's target (:func:`burden_readings`). The treaty offset
(``threat_offset``) acts on Richardson's law only; the treaty limit caps both.

Speed: without a user's policy, Richardson's law and its caps run as one loop compiled with
Numba (:func:`realpolitik.engine.compiled.compiled`) that performs the numpy operations'
floating-point operations in the same order (identical numbers); the numpy operations are the
reference and run without Numba or with ``realpolitik.engine.compiled.NUMBA = False``.
"""

from __future__ import annotations

import math

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.world import World

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "burden_law",
    "burden_readings",
    "burden_targets",
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
    "arming_law",
    "burden_secure",
    "burden_greedy",
    "fear_burden",
    "burden_adjustment",
    "mobilization",
    "gdp_cession",
    "offense_defense_factor",
    "decisiveness",
    "loser_military_loss",
    "loser_gdp_loss",
    "prior_trust",
)
WRITES = ("military", "budget_share")
REFERENCES = ("richardson1939", "richardson1960", "powell1993", "fearon2018")
_SRC = "docs/strategic.md"
KEYS: tuple[KeySpec, ...] = (
    key("arming_drive", "e_i", 0.0,
        "extra yearly military spending as a share of last year's GDP, within the cap",
        mechanism="arming", source=_SRC, per_state=True, hi=1.0),
    key("arming_law", "-", "richardson",
        "how states arm under the strategic engine: 'richardson' (military follows Richardson's "
        "level) or 'burden' (each state chooses its defence burden from the loss it fears)",
        mechanism="arming", source=_SRC, kind="choice", choices=("richardson", "burden")),
    key("burden_secure", "b_S", 0.01,
        "defence burden (military / GDP) a security seeker keeps with nothing to fear",
        mechanism="arming", source=_SRC, per_state=True, hi=1.0, requires="arming_law"),
    key("burden_greedy", "b_G", 0.05,
        "defence burden (military / GDP) a greedy state keeps with nothing to fear",
        mechanism="arming", source=_SRC, per_state=True, hi=1.0, requires="arming_law"),
    key("fear_burden", "k_F", 0.3,
        "burden added per unit of the GDP share a state fears to lose to its most feared rival",
        mechanism="arming", source=_SRC, per_state=True, requires="arming_law"),
    key("burden_adjustment", "lambda", 0.5,
        "share of the gap to the target burden closed in a year (adjustment costs), 1/yr",
        mechanism="arming", source=_SRC, per_state=True, hi=1.0, requires="arming_law"),
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


def burden_law(params) -> bool:
    """Return whether the burden law runs (``arming_law = "burden"``)."""
    return getattr(params, "arming_law", "richardson") == "burden"


def burden_targets(
    strength: np.ndarray,
    rivals: np.ndarray,
    burden: np.ndarray,
    fear: np.ndarray,
    greedy: np.ndarray,
    coveted: np.ndarray,
    params,
) -> np.ndarray:
    """Return the burden each state aims at: its type's burden plus what it fears and covets.

    The target of the burden law (module docstring)::

        E_sj = (1 - CSF(C_s, od_j Chat_sj)) (loss_m b_s + loss_y + c)
        G_sj = (1 - CSF(od_s C_s, Chat_sj)) v_s c y_j / y_s
        b*_s = b_type_s + k_F_s (1 + h_s) max_{j != s} (fear_sj E_sj + G_sj)
                          / (1 + bp_s b_s / cap_s)

    Leading axes (runs, and the observer when one state estimates another's target) broadcast.

    Parameters
    ----------
    strength
        ``(..., S)`` the subject's own strength ``C_s = m_s + mob_s y_s``.
    rivals
        ``(..., S, N)`` the subject's view of every state's strength ``Chat_sj`` (entries with
        j = s are ignored).
    burden
        ``(..., S)`` the subject's current burden ``b_s = m_s / y_s``.
    fear
        ``(..., S, N)`` the subject's belief that j is greedy, ``1 - mu_sj`` (broadcastable).
    greedy
        ``(..., S)`` bool, the subject's type (its base burden).
    coveted
        ``(..., S, N)`` what the subject would gain from conquering j, ``v_s c y_j / y_s`` (its
        conquest value times the stake, as a share of its GDP; 0 for a security seeker at the
        default ``conquest_value_secure = 0``).
    params
        The resolved parameters (per-state keys indexed by the subject, rivals by j).

    Returns
    -------
    numpy.ndarray
        ``(..., S)`` the target burden, >= 0 (capped by the caller).
    """
    from realpolitik.engine.strategy.values import csf

    N = rivals.shape[-1]
    S = strength.shape[-1]
    od = per_state(params.offense_defense_factor, N)
    gamma = float(params.decisiveness)
    p_def = csf(strength[..., None], od * rivals, gamma)
    cession = per_state(params.gdp_cession, S)
    stake = params.loser_military_loss * burden + params.loser_gdp_loss + cession
    loss = fear * (1.0 - p_def) * stake[..., None]
    if np.any(coveted != 0.0):  # what a greedy state cannot yet extract (Powell 1993)
        p_atk = csf(per_state(params.offense_defense_factor, S)[..., None] * strength[..., None],
                    rivals, gamma)  # fmt: skip
        loss = loss + (1.0 - p_atk) * coveted
    if S == N:  # a state does not fear itself
        loss = np.where(np.eye(N, dtype=bool), 0.0, loss)
    feared = loss.max(axis=-1)
    scale = per_state(params.fear_burden, S) * (1.0 + per_state(params.hawkishness, S))
    butter = per_state(params.butter_pressure, S)
    if np.any(butter != 0.0):
        cap = per_state(params.military_cap_share, S)
        ratio = np.where(np.isfinite(cap) & (cap > 0), burden / np.where(cap > 0, cap, 1.0), 0.0)
        scale = scale / (1.0 + butter * ratio)
    base = np.where(greedy, per_state(params.burden_greedy, S), per_state(params.burden_secure, S))
    return base + scale * feared


def burden_readings(
    previous: np.ndarray, gdp: np.ndarray, beliefs: np.ndarray | None, params
) -> np.ndarray:
    """Return the military above which observer i reads j's move as "arm" under the burden law.

    The burden law's analogue of :func:`~realpolitik.engine.mechanisms.trust.secure_levels`
    (Kydd 2005): i estimates the target burden a security-seeking j would have chosen
    (:func:`burden_targets`, from i's perceptions of the year before, capped). i cannot see j's
    beliefs, so it lends j its own: j fears a third state l as much as i does (``1 - mu_il``),
    and does not fear i at all (a state seldom sees itself as a threat: Jervis 1976, the root of
    the spiral). i reads "arm" when j's military exceeds that target by more than half the gap
    between the types' burdens::

        threshold_ij = y_j (min(b*_S,ij, cap_j) + (b_G_j - b_S_j) / 2)

    Parameters
    ----------
    previous
        ``(runs, N, N)`` the observer's perceptions of the year before, its own military on the
        diagonal.
    gdp
        ``(runs, N)`` GDP (observed exactly).
    beliefs
        ``(runs, N, N)`` the observer's beliefs mu_il, or None (the prior).
    params
        The resolved parameters.

    Returns
    -------
    numpy.ndarray
        float64 ``(runs, N, N)``, observer first.
    """
    N = previous.shape[-1]
    mob = per_state(params.mobilization, N)
    view = previous + (mob * gdp)[:, None, :]  # Chat_il: i's view of l's strength
    positive = gdp > 0
    burden = np.divide(previous, gdp[:, None, :], out=np.zeros_like(previous),
                       where=positive[:, None, :])  # fmt: skip
    if beliefs is None:
        fear = np.broadcast_to(1.0 - per_state(params.prior_trust, N)[None, None, None, :],
                               (1, N, N, N)).copy()  # fmt: skip
    else:
        fear = np.broadcast_to((1.0 - beliefs)[:, :, None, :], (*view.shape, N)).copy()
    idx = np.arange(N)
    fear[:, idx, :, idx] = 0.0  # i does not see itself as a threat to j (Jervis 1976)
    secure = np.zeros(view.shape, dtype=bool)
    coveted = _coveted(np.zeros((1, N), dtype=bool), gdp, params)[:, None]  # (runs, 1, N, N)
    target = burden_targets(view, np.broadcast_to(view[:, :, None, :], (*view.shape, N)),
                            burden, fear, secure, coveted, params)  # fmt: skip
    cap = per_state(params.military_cap_share, N)
    b_S, b_G = per_state(params.burden_secure, N), per_state(params.burden_greedy, N)
    return gdp[:, None, :] * (np.minimum(target, cap) + 0.5 * (b_G - b_S))


def _coveted(greedy: np.ndarray, gdp: np.ndarray, params) -> np.ndarray:
    """Return ``v_s c_j y_j / y_s``, ``(..., S, N)``: a rival's stake as a share of one's GDP."""
    N = gdp.shape[-1]
    v = np.where(greedy, per_state(params.conquest_value_greedy, N),
                 per_state(params.conquest_value_secure, N))  # fmt: skip
    stake = per_state(params.gdp_cession, N) * gdp
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(gdp[..., :, None] > 0, stake[..., None, :] / gdp[..., :, None], 0.0)
    return v[..., :, None] * ratio


def _burden_step(world: World, params) -> np.ndarray:
    """Return the burden law's uncapped military (module docstring)."""
    m_old, y_old = world.military_old, world.gdp_old
    N = world.states
    positive = y_old > 0
    burden = np.divide(m_old, y_old, out=np.zeros_like(m_old), where=positive)
    mob = per_state(params.mobilization, N)
    strength = m_old + mob * y_old
    rivals = world.perceived + (mob * y_old)[:, None, :]
    if world.beliefs is not None:
        fear = 1.0 - world.beliefs
    else:
        fear = np.broadcast_to(1.0 - per_state(params.prior_trust, N)[None, None, :], rivals.shape)
    target = burden_targets(strength, rivals, burden, fear, world.greedy,
                            _coveted(world.greedy, y_old, params), params)  # fmt: skip
    step_ = params.dt * per_state(params.burden_adjustment, N)
    return y_old * (burden + step_ * (target - burden))


def _richardson_step(world: World, params) -> np.ndarray:
    """Return Richardson's uncapped military, the core model's arming (module docstring)."""
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
    return m_old + params.dt * (k * threat - fatigue * m_old + g)


def _richardson_compiled(world: World, params, ctx: ChunkContext | None = None) -> bool:
    """Run Richardson's arming with its caps as one compiled pass; False where it cannot.

    The operations of :func:`_richardson_step` and :func:`step` (:func:`_richardson_loops`);
    False, doing nothing, without Numba or under the burden law (then numpy runs). The
    per-state constants (:func:`_richardson_constants`) are prepared once for the parameters
    in effect (:meth:`~realpolitik.engine.context.ChunkContext.prepared`).
    """
    kernel = compiled(_richardson_loops)
    if kernel is None or burden_law(params):
        return False
    const = (
        _richardson_constants(params, world.states)
        if ctx is None
        else ctx.prepared(_richardson_constants, READS)
    )
    (k, fatigue, butter, use_butter, g_G, g_S, cap, dt, dt_drive, use_drive) = const
    shape = (world.runs, world.states)
    offset, limit = world.threat_offset, world.military_limit
    threat = world.threat
    kernel(world.military_old, world.gdp_old, world.greedy, threat,
           threat if offset is None else _as_f64(offset, shape), offset is not None,
           k, fatigue, butter, use_butter, g_G, g_S, cap, dt, dt_drive, use_drive,
           threat if limit is None else _as_f64(limit, shape), limit is not None,
           world.military, world.budget_share)  # fmt: skip
    return True


def _richardson_constants(params, states: int) -> tuple:
    """Return the per-state constants :func:`_richardson_loops` reads, float64 ``(N,)`` each.

    ``(k, fatigue, butter, use_butter, g_G, g_S, cap, dt, dt_drive, use_drive)``: ``k`` times
    ``1 + hawkishness`` where some is nonzero (as :func:`_richardson_step`), the butter
    pressure (0 without), ``dt * arming_drive`` (0 without), ``dt`` a float.
    """
    N = states
    k = params.k
    hawk = getattr(params, "hawkishness", None)
    if hawk is not None and np.any(hawk != 0.0):
        k = k * (1.0 + hawk)
    butter = getattr(params, "butter_pressure", None)
    drive = getattr(params, "arming_drive", None)
    use_drive = drive is not None and bool(np.any(drive != 0.0))
    return (
        _as_f64(k, N), _as_f64(params.fatigue, N), _as_f64(0.0 if butter is None else butter, N),
        butter is not None and bool(np.any(butter != 0.0)),
        _as_f64(params.grievance_greedy, N), _as_f64(params.grievance_secure, N),
        _as_f64(params.military_cap_share, N), float(params.dt),
        _as_f64(params.dt * drive if use_drive else 0.0, N), use_drive,
    )  # fmt: skip


def _as_f64(value, shape) -> np.ndarray:
    """Return ``value`` broadcast to ``shape`` as a C-contiguous float64 array (itself if so)."""
    if (
        type(value) is np.ndarray
        and value.dtype == np.float64
        and value.shape == (shape if isinstance(shape, tuple) else (shape,))
        and value.flags.c_contiguous
    ):
        return value
    return np.ascontiguousarray(np.broadcast_to(np.asarray(value, dtype=np.float64), shape))


@numpy_errors
def _richardson_loops(
    m_old, y_old, greedy, threat, offset, use_offset, k, fatigue, butter, use_butter, g_G, g_S,
    cap, dt, dt_drive, use_drive, limit, use_limit, military, share,
):  # fmt: skip  # pragma: no cover
    """Run :func:`_richardson_step` and the caps of :func:`step`, state by state.

    The same operations in the same order; ``np.maximum`` / ``np.minimum`` keep the first of
    equal values and propagate NaN.
    """
    R, N = m_old.shape
    for r in range(R):
        for i in range(N):
            mo = m_old[r, i]
            y = y_old[r, i]
            th = threat[r, i]
            if use_offset:
                th = th - offset[r, i]
                th = th if (th >= 0.0 or np.isnan(th)) else 0.0
            f = fatigue[i]
            if use_butter:
                positive = y > 0 and np.isfinite(cap[i]) and cap[i] > 0
                ratio = mo / (y * cap[i]) if positive else 0.0
                f = f * (1.0 + butter[i] * ratio)
            g = g_G[i] if greedy[r, i] else g_S[i]
            m = mo + dt * (k[i] * th - f * mo + g)
            if use_drive:
                m += dt_drive[i] * y
            upper = np.inf if np.isinf(cap[i]) else cap[i] * y
            if use_limit:
                lim = limit[r, i]
                upper = upper if (upper <= lim or np.isnan(upper)) else lim
            m = m if (m >= 0.0 or np.isnan(m)) else 0.0
            m = m if (m <= upper or np.isnan(m)) else upper
            military[r, i] = m
            share[r, i] = m / y if y > 0 else 0.0


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Set ``world.military`` to the capped response (Richardson's or the burden law's).

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
        The chunk's context: ``ctx.policies`` replaces a policy state's level before the caps
        (docs/policies.md); no schedulable key, no prepared constants.

    Returns
    -------
    World
        The same world, updated in place.
    """
    y_old = world.gdp_old
    cap = params.military_cap_share
    if getattr(ctx, "policies", None) is None and _richardson_compiled(world, params, ctx):
        return world
    m_new = _burden_step(world, params) if burden_law(params) else _richardson_step(world, params)
    drive = getattr(params, "arming_drive", None)
    if drive is not None and np.any(drive != 0.0):
        m_new += params.dt * drive * y_old
    policies = getattr(ctx, "policies", None)
    if policies is not None:  # a user's policy sets its state's level (docs/policies.md)
        m_new = policies.arming(world, ctx, m_new)
    with np.errstate(invalid="ignore"):
        upper = np.where(np.isinf(cap), np.inf, cap * y_old)
    if world.military_limit is not None:
        upper = np.minimum(upper, world.military_limit)
    m_new = np.minimum(np.maximum(m_new, 0.0), upper)
    world.military[...] = m_new
    positive = y_old > 0
    world.budget_share[...] = np.divide(m_new, y_old, out=np.zeros_like(m_new), where=positive)
    return world

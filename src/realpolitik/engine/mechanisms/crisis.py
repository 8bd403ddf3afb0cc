"""Crisis: pairs whose perceived balance is lopsided enter crises, which climb an escalation ladder.

Source: docs/engine.md for crisis onset; docs/models/deterrence.md
(nuclear deterrence, via :mod:`~realpolitik.engine.mechanisms.deterrence`) and 9 (hawk bias and
audience costs, via :mod:`~realpolitik.engine.mechanisms.domestic`); Schelling, *Arms and
Influence* (1966) for the escalation ladder and the 1963 hotline as crisis communication
(docs/mechanisms.md). docs/mechanisms.md, "Crises and crisis management".

Equations, for every unordered pair i < j (mhat from this step's perception; "old" = start of
the step; w_ij = ``world.threat_weight`` when a beliefs mechanism sets it, else 1)::

    R_ij = max(w_ij mhat_ij / (m_i_old + tiny), w_ji mhat_ji / (m_j_old + tiny)),   tiny = 1e-9
    P(crisis) = p0 * R_ij**beta / (1 + R_ij**beta)

The initiator is the side whose ratio is the larger (it felt the larger threat); ties go to
the lower index i. In the core configuration that is all: the war phase turns a crisis into a
war with probability ``war_given_crisis``.

Escalation (when ``escalation_rungs`` n > 1, a ``hotline``, nuclear forces, hawkishness or
audience costs are on), for a crisis with initiator I and target T::

    q_eff   = min(1, q_war * nuclear_factor_IT * (1 + h_I + h_T) * audience_factor_I)
    R_per   = I's (weighted) perceived ratio above;  R_true = w_IT m_T_old / (m_I_old + tiny)
    s       = hotline * max(0, 1 - R_true / R_per)        (the misperceived share of R_per)
    c       = q_eff**(1/n) * (1 - s)                      (probability of climbing each rung)
    P(war | crisis) = c**n = q_eff * (1 - s)**n           (= q_eff without a hotline)

A crisis climbs rung k (k = 1..n) with probability c given it reached rung k - 1 (the hotline
stops each climb with probability s); reaching rung n is war. So P(rung >= k) = c**k.

Conventions
-----------
- Random draws (the categorical trick, shared with :mod:`~realpolitik.engine.mechanisms.war`):
  when ``crisis_base_rate > 0``, one block ``rng.random((runs, pairs))`` per step, one uniform
  u per unordered pair, every pair decided. A crisis happens iff ``u < P(crisis)``; given a
  crisis, ``v = u / P(crisis)`` is again uniform on [0, 1) and independent of the crisis
  decision, so the war phase uses ``v`` to decide war (``v < q_war``, or ``v < war_prob`` when
  this phase sets ``world.war_prob``) and, given war, ``w = v / q_war`` (``v / war_prob``) to
  decide the winner. With ``crisis_base_rate = 0`` nothing is drawn. The escalation ladder
  draws nothing more: from the same ``v``, the rung reached is the number of k in 1..n with
  ``v < c**k`` (P(rung >= k) = c**k), evaluated as n where ``v < war_prob`` (war, exactly the
  war phase's decision) and as the number of k in 1..n-1 with ``v < c**k`` otherwise. Given a
  crisis that stops at rung r < n, v is uniform on ``[lower, upper)`` (upper = c**r, lower =
  c**(r + 1), or ``war_prob`` for r = n - 1), so ``(v - lower) / (upper - lower)`` is again
  uniform on [0, 1) and independent of the rung and of war; the target concedes iff it is
  below the initiator's ``concede_prob`` (audience costs; P(conceded | crisis without war) =
  p_concedes / p_challenge of docs/models/audience.md).
- Outputs of the escalation: ``world.war_prob`` ((runs, pairs) float64, P(war | crisis) on the
  crisis pairs, 0 elsewhere), ``world.event_rung`` (rung reached, 0..n, on crisis pairs) and
  ``world.event_flags`` (FLAG_MISPERCEIVED where R_per > R_true, FLAG_NUCLEAR for pairs with two
  nuclear states, FLAG_CONCEDED as above). With every escalation key neutral this phase does no
  extra work and ``world.war_prob`` stays None, so the core model is exactly docs/engine.md and
  equals the fused kernel.
- ``hotline`` and ``mad_damping`` can be changed by a scenario schedule (the parameters every
  phase receives have the schedule's values).
- ``R**beta`` is computed as ``R * R`` for beta = 2 and ``R`` for beta = 1 (also in the fused
  kernel); when ``R**beta`` overflows, P(crisis) = p0. The product is evaluated as
  ``p0 * (R**beta / (1 + R**beta))`` so that rounding never lifts it above p0.
- Speed: for beta = 1 or 2 the ratios, initiators and crisis decisions run in one pass of
  loops compiled with Numba (:func:`realpolitik.engine.compiled.compiled`) that perform the
  numpy operations' floating-point operations in the same order (identical numbers) after the
  same uniform block is drawn, with the scalar equations :func:`perceived_ratio`,
  :func:`larger_ratio` and :func:`crisis_chance` that the fused kernel shares; the numpy
  operations are the reference (other beta, no Numba, or
  ``realpolitik.engine.compiled.NUMBA = False``).
- With ``crisis_base_rate = 0`` (as under the strategic engine) the phase draws nothing and
  computes nothing: no pair is in crisis, so none has an initiator (``initiator_second`` is
  False everywhere, as on every pair without a crisis when p0 > 0).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from realpolitik.engine.compiled import compiled, scalar
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key
from realpolitik.engine.world import (
    FLAG_CONCEDED,
    FLAG_MISPERCEIVED,
    FLAG_NUCLEAR,
    World,
)

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "TINY",
    "WRITES",
    "crisis_chance",
    "crisis_power",
    "crisis_probability",
    "escalation_active",
    "larger_ratio",
    "perceived_ratio",
    "step",
]

MODELS = (
    "crises between pairs of states, more likely the more lopsided the perceived balance, "
    "climbing an escalation ladder (hotline, nuclear deterrence, hawks, audience costs)"
)
SECTION = "docs/engine.md; docs/models/deterrence.md, docs/models/audience.md, docs/mechanisms.md"
READS = (
    "crisis_base_rate",
    "crisis_sensitivity",
    "war_given_crisis",
    "escalation_rungs",
    "hotline",
)
WRITES = ("crisis", "initiator_second", "crisis_u", "war_prob", "event_rung", "event_flags")
REFERENCES = ("jervis1978", "schelling1966")

_key = functools.partial(
    key, mechanism="crisis", source="docs/mechanisms.md; docs/models/deterrence.md"
)

KEYS: tuple[KeySpec, ...] = (
    _key("escalation_rungs", "n", 1,
         "rungs of the escalation ladder, each climbed with probability q^(1/n)", kind="int",
         lo=1.0, hi=127.0),
    _key("hotline", "h", 0.0,
         "at each rung, misperception-driven escalation stops with h (1 - R_true/R_perc)",
         source="docs/mechanisms.md; docs/mechanisms.md", hi=1.0, schedulable=True),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""

TINY = 1e-9
"""Guard added to own military in the perceived ratio (docs/engine.md)."""


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
        if Rb.ndim == 0:
            return np.where(np.isinf(Rb), p0, p0 * (Rb / (1.0 + Rb)))
        out = np.add(1.0, Rb)  # p0 * (Rb / (1 + Rb)), in place
        np.divide(Rb, out, out=out)
        np.multiply(p0, out, out=out)
    if Rb.size and not np.isfinite(Rb.max()):  # R**beta overflowed: P(crisis) = p0 there
        out[np.isinf(Rb)] = p0
    return out


def _ratios(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Return the pairs' perceived ratios ``R_i = w_ij mhat_ij / (m_i_old + tiny)`` and ``R_j``.

    Both ``(runs, pairs)``, contiguous. Computed for both directions at once: the gathered
    ``(runs, 2 pairs)`` entries (i, j) then (j, i) of ``w`` and ``mhat`` (flat indices) over the
    gathered ``m_old + tiny`` of the observers, the same operations as elementwise.
    """
    runs, N, P = world.runs, world.states, world.pairs
    flat, observer = _pair_gather(N)
    mhat = world.perceived.reshape(runs, N * N)
    weight = world.threat_weight
    own = np.take(world.military_old + TINY, observer, axis=1)
    if weight is None:
        R = np.take(mhat, flat, axis=1)
    else:
        R = np.take(weight.reshape(runs, N * N), flat, axis=1)
        R *= np.take(mhat, flat, axis=1)
    R /= own
    R = R.reshape(runs, 2, P).transpose(1, 0, 2).copy()
    return R[0], R[1]


_PAIR_GATHER: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _pair_gather(N: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the flat ``N * N`` indices of (i, j) then (j, i) for every pair, and the observer."""
    out = _PAIR_GATHER.get(N)
    if out is None:
        i, j = np.triu_indices(N, k=1)
        observer = np.concatenate([i, j]).astype(np.intp)
        target = np.concatenate([j, i]).astype(np.intp)
        out = (observer * N + target, observer)
        _PAIR_GATHER[N] = out
    return out


@scalar
def perceived_ratio(seen: float, own: float) -> float:
    """Return an observer's perceived ratio ``R = seen / (own + TINY)``.

    Parameters
    ----------
    seen
        The (weighted) perceived military of the rival, ``w_ij mhat_ij``.
    own
        The observer's own military at the start of the step.

    Returns
    -------
    float
        The ratio.
    """
    return seen / (own + TINY)


@scalar
def larger_ratio(a: float, b: float) -> float:
    """Return the larger of two ratios as ``np.maximum`` does (NaN wins)."""
    return a if (a >= b or a != a) else b


@scalar
def crisis_chance(ratio: float, p0: float, beta: float) -> float:
    """Return P(crisis) of one pair: ``p0 * (R**beta / (1 + R**beta))``, p0 when it overflows.

    ``R**beta`` is ``R * R`` for beta = 2 and ``R`` for beta = 1 (as :func:`crisis_power`).

    Parameters
    ----------
    ratio
        The pair's larger perceived ratio R >= 0.
    p0
        The crisis base rate.
    beta
        The crisis sensitivity.

    Returns
    -------
    float
        The probability, in [0, p0].
    """
    if beta == 2.0:
        rb = ratio * ratio
    elif beta == 1.0:
        rb = ratio
    else:
        rb = ratio**beta
    return p0 if rb == math.inf else p0 * (rb / (1.0 + rb))


def _crisis_loops(
    mhat, w, use_w, m_old, pair_i, pair_j, u, p0, beta, R_i, R_j, crisis, second, crisis_u
):  # pragma: no cover
    """Ratios, initiators and crisis decisions in one pass (the numpy path of :func:`step`).

    ``R_i = perceived_ratio(w_ij mhat_ij, m_i_old)`` and ``R_j`` (``w = 1`` without
    ``use_w``); ``P(crisis) = crisis_chance(larger_ratio(R_i, R_j), p0, beta)``,
    ``crisis = u < P(crisis)``, ``crisis_u = u / P(crisis)`` on crises (0 elsewhere) and
    ``initiator_second = R_j > R_i`` on crises (False elsewhere).
    """
    R, P = R_i.shape[0], R_i.shape[1]
    for r in range(R):
        a_old = m_old[r]
        for p in range(P):
            i = pair_i[p]
            j = pair_j[p]
            if use_w:
                ri = perceived_ratio(w[r, i, j] * mhat[r, i, j], a_old[i])
                rj = perceived_ratio(w[r, j, i] * mhat[r, j, i], a_old[j])
            else:
                ri = perceived_ratio(mhat[r, i, j], a_old[i])
                rj = perceived_ratio(mhat[r, j, i], a_old[j])
            R_i[r, p] = ri
            R_j[r, p] = rj
            pc = crisis_chance(larger_ratio(ri, rj), p0, beta)
            c = u[r, p] < pc
            crisis[r, p] = c
            second[r, p] = rj > ri and c
            crisis_u[r, p] = u[r, p] / pc if c else 0.0


def escalation_active(world: World, params) -> bool:
    """Return whether any escalation mechanism is on this step.

    Parameters
    ----------
    world
        The chunk's world (reads ``world.nuclear`` and ``world.domestic``).
    params
        The resolved parameters in effect.

    Returns
    -------
    bool
        True when ``escalation_rungs > 1``, a hotline is open, or nuclear or domestic terms
        are set.
    """
    if int(params.escalation_rungs) != 1:
        return True
    if float(params.hotline) != 0.0:
        return True
    return world.nuclear is not None or world.domestic is not None


def _escalate(world: World, params, R_i: np.ndarray, R_j: np.ndarray) -> None:
    """Climb the escalation ladder of this step's crises (see the module docstring)."""
    runs, P = world.runs, world.pairs
    war_prob = world.war_prob
    if war_prob is None or war_prob.shape != (runs, P):
        war_prob = np.zeros((runs, P))
    else:
        war_prob[...] = 0.0
    world.war_prob = war_prob
    idx = np.flatnonzero(world.crisis)
    if idx.size == 0:
        return
    nuclear, domestic = world.nuclear, world.domestic
    r, p = np.divmod(idx, P)
    second = world.initiator_second.reshape(-1)[idx]
    init = np.where(second, world.pair_j[p], world.pair_i[p])
    rival = np.where(second, world.pair_i[p], world.pair_j[p])
    # perceived (weighted) ratio of the initiator and its true counterpart
    R_per = np.where(second, R_j.reshape(-1)[idx], R_i.reshape(-1)[idx])
    m_old = world.military_old
    true_threat = m_old[r, rival]
    if world.threat_weight is not None:
        true_threat = world.threat_weight[r, init, rival] * true_threat
    R_true = true_threat / (m_old[r, init] + TINY)
    misperceived = R_per > R_true
    # P(war | crisis) before crisis management
    q = np.full(idx.size, float(params.war_given_crisis))
    if nuclear is not None:
        q *= nuclear.factor[p]
    if domestic is not None and domestic.hawk_factor is not None:
        q *= domestic.hawk_factor[p]
    if domestic is not None and domestic.audience_factor is not None:
        q *= domestic.audience_factor[init]
    np.minimum(q, 1.0, out=q)
    # ladder and hotline
    n = int(params.escalation_rungs)
    hot = float(params.hotline)
    stop = np.zeros(idx.size)
    if hot > 0.0:
        share = np.divide(R_true, R_per, out=np.ones_like(R_per), where=misperceived)
        stop = hot * np.maximum(0.0, 1.0 - share)
    keep = 1.0 - stop
    pw = q * keep**n
    v = world.crisis_u.reshape(-1)[idx]
    war = v < pw
    war_prob.reshape(-1)[idx] = pw
    # rung reached: n for war, else the number of k in 1..n-1 with v < c**k
    if n == 1:
        rung = war.astype(np.int64)
        upper = np.ones(idx.size)
        lower = pw
    else:
        climb = q ** (1.0 / n) * keep
        powers = climb[:, None] ** np.arange(1, n)  # c**1 .. c**(n-1)
        below = np.count_nonzero(v[:, None] < powers, axis=1)
        rung = np.where(war, n, below)
        bounds = np.concatenate([np.ones((idx.size, 1)), powers, pw[:, None]], axis=1)
        k = np.minimum(rung, n - 1)
        upper = bounds[np.arange(idx.size), k]
        lower = bounds[np.arange(idx.size), k + 1]
    flags = np.where(misperceived, FLAG_MISPERCEIVED, 0).astype(np.uint16)
    if nuclear is not None:
        flags |= np.where(nuclear.pair[p], FLAG_NUCLEAR, 0).astype(np.uint16)
    concede = None if domestic is None else domestic.concede_prob
    if concede is not None:
        width = upper - lower
        rest = np.divide(v - lower, width, out=np.ones_like(v), where=width > 0)
        conceded = ~war & (rest < concede[init])
        flags |= np.where(conceded, FLAG_CONCEDED, 0).astype(np.uint16)
    world.event_rung.reshape(-1)[idx] = rung.astype(np.uint8)
    world.event_flags.reshape(-1)[idx] |= flags


def _no_crises_between_allies(world: World, params) -> None:
    """Cancel the crises of pairs bound by a defence pact (alliances on; docs/mechanisms.md).

    Allies settle their disputes inside the alliance: a pact rules out a crisis between its
    members. The uniform of the pair was drawn all the same, so the random stream does not
    depend on who is allied.
    """
    if world.allied is None or not params.alliances:
        return
    pact = world.allied[:, world.pair_i, world.pair_j]
    if pact.any():
        world.crisis &= ~pact
        world.initiator_second &= world.crisis
        np.copyto(world.crisis_u, 0.0, where=pact)


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Decide which pairs enter a crisis this step, who initiates, and how far it escalates.

    Parameters
    ----------
    world
        The chunk's world; reads ``perceived``, ``military_old``, ``threat_weight`` (when set)
        and the deterrence and domestic terms ``nuclear`` and ``domestic``.
    params
        The resolved parameters.
    rng
        The chunk's generator (one uniform per unordered pair per step when p0 > 0; nothing
        more).
    ctx
        The chunk's context (for the parameters in effect when called on its own).

    Returns
    -------
    World
        The same world with ``crisis``, ``initiator_second`` and ``crisis_u`` set; with an
        escalation mechanism on also ``war_prob``, ``event_rung`` and ``event_flags``.
    """
    params = ensure_context(world, params, ctx).params
    p0 = params.crisis_base_rate
    beta = float(params.crisis_sensitivity)
    if p0 <= 0.0:  # no crisis drawn: no crisis, no initiator
        world.crisis[...] = False
        world.initiator_second[...] = False
        if world.war_prob is not None:
            world.war_prob = None
        return world
    kernel = compiled(_crisis_loops) if beta in (1.0, 2.0) else None
    weight = world.threat_weight
    w = world.perceived if weight is None else weight
    if kernel is not None:  # the same operations in one compiled pass
        u = rng.random((world.runs, world.pairs))
        R_i = np.empty((world.runs, world.pairs))
        R_j = np.empty((world.runs, world.pairs))
        kernel(world.perceived, w, weight is not None, world.military_old, world.pair_i,
               world.pair_j, u, float(p0), beta, R_i, R_j, world.crisis, world.initiator_second,
               world.crisis_u)  # fmt: skip
        _no_crises_between_allies(world, params)
        if escalation_active(world, params):
            _escalate(world, params, R_i, R_j)
        elif world.war_prob is not None:
            world.war_prob = None
        return world
    R_i, R_j = _ratios(world)
    np.greater(R_j, R_i, out=world.initiator_second)
    p_crisis = crisis_probability(np.maximum(R_i, R_j), p0, params.crisis_sensitivity)
    u = rng.random((world.runs, world.pairs))
    crisis = np.less(u, p_crisis, out=world.crisis)
    world.initiator_second &= crisis
    np.divide(u, p_crisis, out=world.crisis_u, where=crisis)
    np.copyto(world.crisis_u, 0.0, where=~crisis)
    _no_crises_between_allies(world, params)
    if escalation_active(world, params):
        _escalate(world, params, R_i, R_j)
    elif world.war_prob is not None:
        world.war_prob = None
    return world

"""Beliefs: Bayesian type beliefs from observed moves, threat weights and costly reassurance.

Sources: A. Kydd, "Game Theory and the Spiral Model", *World Politics* 49(3), 1997; "Trust,
Reassurance, and Cooperation", *International Organization* 54(2), 2000; *Trust and Mistrust
in International Relations*, 2005; R. Jervis, *Perception and Misperception in International
Politics*, 1976, and "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978;
C. Glaser, "The Security Dilemma Revisited", *World Politics* 50(1), 1997.
docs/models/offense_defense.md;
docs/mechanisms.md, "Perception and signalling" and "Offense-defense balance and
distinguishability" (the keys), the engine's belief convention (docs/mechanisms.md).
Phase "beliefs" runs after
perception and before arms control and arming.

Equations (observer i, target j != i, run axis first; all arrays ``(runs, N, N)``, observer
first)

1. Type beliefs (``type_beliefs``; docs/models/spiral.md, by the engine's belief
   convention of docs/mechanisms.md). On first use
   ``mu_ij = prior_trust_i`` (``mu_ii = 1``). Each year, with ``mhat`` this year's perception
   and ``mhat_prev`` the observer's perception of the year before::

       arm_ij = mhat_ij > (1 + arm_threshold_i) * mhat_prev_ij
       q_S, q_G = theory.spiral.observation_probabilities(a_S_i, a_G_i, eps_i)
       mu_ij <- theory.spiral.update_belief(mu_ij, arm_ij, q_S, q_G)

   so fed the same observations the beliefs equal ``theory.spiral.spiral(...).posterior_path``.
1b. Under the strategic engine (``decisions = "strategic"``, docs/strategic.md) the types
   differ in their Richardson level, not in their growth (read against growth, "arm" is as
   likely from either type), so i reads j's move as "arm" iff j's perceived military exceeds
   what a security seeker would have chosen by more than half the gap between the types'
   levels (:func:`~realpolitik.engine.mechanisms.trust.secure_levels`,
   :func:`~realpolitik.engine.mechanisms.trust.strategic_moves`)::

       T_ij     = od_j * sum_{l != j} mhat_prev_il     (unit weights; mhat_prev_ii = m_i then)
       level_ij = min((k_j T_ij + g_secure_j) / a_j,  cap_j * y_j)
       arm_ij   = mhat_ij > level_ij + (g_greedy_j - g_secure_j) / (2 a_j)

   with last year's perceptions (what j responded to) and this year's GDP. Distinguishability
   d_j turns a security seeker's "arm" reading into "restrain" with probability d_j (one
   uniform per ordered pair and year, drawn only when some d > 0), so a defensive build-up is
   less often read as aggressive (Jervis 1978); the Bayes update with a_S, a_G and eps is the
   same. The threat weights (3.) act on arming as in the hazard model.
2. Reassurance gestures (``reassurance_gesture`` x > 0, with type beliefs; docs/models/spiral.md).
   With ``pi*_i = theory.spiral.min_trust(exploitation_cost_i, temptation_secure_i)``, state i
   is distrusted when ``mean_{j != i} mu_ji < mean_{j != i} pi*_j`` (the mean trust others
   hold in it is below their minimum trust; with common keys, ``mean_j mu_ji < pi*``). A
   distrusted security seeker gestures iff ``k_S x <= 1`` (the gesture costs no more than
   cooperation is worth); a distrusted greedy state mimics iff ``k_G x < t_G``. A gesture
   multiplies the sender's military by ``1 - x``; every observer sees it this year, and one
   of size ``x >= x_LC = t_G / k_G`` (the least-cost separating signal) sets ``mu_ji = 1``
   for every observer j; a smaller one pools (greedy types mimic it) and leaves mu unchanged.
   A user's policy (docs/policies.md, ``Policy.reassure``) may size its state's gesture.
3. Threat weights (``trust_discount``, ``distinguishability``; docs/models/offense_defense.md,
   docs/models/spiral.md)::

       w_ij = (1 - trust_discount_i * [i secure and mu_ij >= pi*_i]) * (1 - d_j * [j secure])
       threat_i = od_i * sum_j w_ij * mhat_ij           (j in increasing order, as perception)

   The first factor is 1 without type beliefs; "secure" is the true type (a state knows its
   own type; distinguishability makes a security seeker's defensive posture readable).

Conventions
-----------
- Timing. The first active year makes no observation (there is no earlier perception to
  compare with): beliefs start at the prior and the year's perception is stored as
  ``world.perceived_prev`` (with ``world.perceived_prev_year``) for the next year. An
  observation is made only
  when that stored perception is from the year just before (a mechanism switched off and on
  again by the schedule starts over without one). Observations update beliefs before the
  gestures are decided, and the threat weights use the beliefs after both.
- The gesture is a unilateral cut of the start-of-year stock, made before arming: the
  sender's ``military_old`` and ``military`` are multiplied by ``1 - x``, and every observer's
  perception of it (``perceived[:, :, i]``) too, so that arming, the crisis ratio and next
  year's observation (the stored perception is the post-gesture one) all start from the cut.
- Per-state values of the keys index the observer for ``prior_trust``, ``arm_prob_secure``,
  ``arm_prob_greedy``, ``misperception``, ``arm_threshold``, ``exploitation_cost``,
  ``temptation_secure`` (pi*) and ``trust_discount``; the target (sender) for
  ``distinguishability``, ``reassurance_gesture``, ``temptation_greedy``,
  ``signal_cost_secure`` and ``signal_cost_greedy``; ``offense_defense_factor`` is the
  observer's, as in perception.
- ``threat_weight`` has a zero diagonal (no state threatens itself); when only
  distinguishability is on it is ``1 - d_j [j secure]``. When the mechanism is inactive the
  step sets ``world.threat_weight = None`` (crisis then uses unit weights) and returns at once,
  drawing nothing. The mechanism draws random numbers only for 1b's distinguishability.
- Under the strategic engine the diagonal of ``world.perceived_prev`` holds each observer's
  own military of that year (its post-gesture start-of-year stock), the part of the threat
  its rivals responded to.
- Summaries (per run, this year): ``mean_trust`` (mean of mu over ordered pairs i != j) and
  ``gestures`` (the number of gestures made), written whenever type beliefs are on.
- Speed: the observation and Bayes update (when every observation has positive probability
  under both types; under the strategic engine's Richardson law in one pass with its
  reading), the gestures' distrust, the mean trust, the gestures' count, the stored
  perception and the threat weights with the weighted threat run as loops compiled with
  Numba (:mod:`~realpolitik.engine.mechanisms.belief_loops`, through
  :func:`realpolitik.engine.compiled.compiled`) that perform the numpy path's
  floating-point operations in the same order (identical numbers); the numpy operations are
  the reference and run without Numba or with ``realpolitik.engine.compiled.NUMBA = False``.
  Parameter-derived constants and switches are computed once per chunk and parameters in
  effect (:func:`prepare`, :class:`BeliefConstants`, :func:`_switches`), scratch arrays
  reused (the chunk context's scratch).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from realpolitik.engine.compiled import compiled
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key, per_state
from realpolitik.engine.mechanisms import belief_loops
from realpolitik.engine.mechanisms.arming import burden_law, burden_readings
from realpolitik.engine.mechanisms.trust import (
    min_trust_per_state,
    observe_moves,
    reassurance_moves,
    secure_levels,
    select,
    strategic_moves,
    threat_weights,
    uniform,
)
from realpolitik.engine.world import World
from realpolitik.theory.spiral import observation_probabilities, update_belief

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "BeliefConstants",
    "finish",
    "min_trust_per_state",
    "observe",
    "observe_moves",
    "observe_strategic",
    "prepare",
    "reassurance_moves",
    "reset_beliefs",
    "step",
    "threat_weights",
]

MODELS = (
    "Bayesian beliefs about rivals' types from observed arming, costly reassurance gestures, "
    "and the threat weights of trust and offense-defense distinguishability"
)
SECTION = "docs/models/spiral.md; docs/mechanisms.md 'Perception and signalling', 'Offense-defense'"
READS = (
    "type_beliefs",
    "prior_trust",
    "arm_prob_secure",
    "arm_prob_greedy",
    "misperception",
    "arm_threshold",
    "exploitation_cost",
    "temptation_secure",
    "temptation_greedy",
    "trust_discount",
    "reassurance_gesture",
    "signal_cost_secure",
    "signal_cost_greedy",
    "distinguishability",
    "offense_defense_factor",
    "decisions",
    "reaction",
    "fatigue",
    "grievance_secure",
    "grievance_greedy",
    "military_cap_share",
    "leader_turnover",
)
WRITES = ("beliefs", "threat_weight", "threat", "military", "military_old", "perceived")
REFERENCES = (
    "kydd1997", "kydd2000", "kydd2005", "jervis1976", "jervis1978", "glaser1997", "horowitz2015",
)  # fmt: skip

_key = functools.partial(
    key, mechanism="beliefs", source="docs/models/spiral.md", requires="type_beliefs"
)

KEYS: tuple[KeySpec, ...] = (
    _key("type_beliefs", "-", False,
         "each observer i holds mu_ij = P(j is a security seeker), updated by Bayes",
         kind="bool", requires=None),
    _key("prior_trust", "mu0", 0.7, "initial belief mu_ij that a rival is a security seeker",
         hi=1.0),
    _key("arm_prob_secure", "a_S", 0.2, "P(arm) of a security seeker in the observer's model",
         hi=1.0),
    _key("arm_prob_greedy", "a_G", 0.8, "P(arm) of a greedy type in the observer's model",
         hi=1.0),
    _key("misperception", "eps", 0.1, "P(noise flips an arm/restrain observation)", hi=0.5),
    _key("arm_threshold", "-", 0.0,
         "a move reads as 'arm' when perceived military grew by more than this share",
         lo=-1.0),
    _key("exploitation_cost", "c", 0.5, "cost of being exploited", source="docs/models/spiral.md",
         lo_open=True),
    _key("temptation_secure", "t_S", 0.4, "temptation of a security seeker",
         source="docs/models/spiral.md", hi=1.0, lo_open=True, hi_open=True),
    _key("temptation_greedy", "t_G", 1.5, "temptation of a greedy type",
         source="docs/models/spiral.md", lo=1.0, lo_open=True),
    _key("trust_discount", "-", 0.5,
         "share of a trusted rival's threat (mu_ij >= pi*) a security seeker discounts",
         source="docs/models/spiral.md", hi=1.0),
    _key("leader_turnover", "-", 0.0,
         "yearly chance of a new leader, whose beliefs about its rivals restart from the prior",
         source="docs/strategic.md", per_state=True, hi=1.0),
    _key("reassurance_gesture", "x", 0.0,
         "unilateral cut (share of own military) of a distrusted security seeker",
         source="docs/models/spiral.md", hi=1.0),
    _key("signal_cost_secure", "k_S", 1.0, "a security seeker's cost of a gesture",
         source="docs/models/spiral.md", lo_open=True),
    _key("signal_cost_greedy", "k_G", 3.0,
         "a greedy type's cost of a gesture (x_LC = t_G / k_G)", source="docs/models/spiral.md",
         lo_open=True),
    key("distinguishability", "d", 0.0,
        "share by which a security seeker's military is discounted as a threat",
        mechanism="offense_defense", source="docs/models/offense_defense.md", hi=1.0,
         schedulable=True),
)  # fmt: skip
"""The keys this mechanism owns (``distinguishability`` is in the offense-defense group)."""


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Update type beliefs, make reassurance gestures and reweight the perceived threat.

    The phase is :func:`observe` then :func:`finish` (the stepper pauses between them, so that
    a person decides the year's gesture on this year's beliefs; docs/policies.md).

    Parameters
    ----------
    world
        The chunk's world; reads ``perceived``, ``greedy``, ``beliefs``, ``military_old`` and
        ``perceived_prev``.
    params
        The resolved parameters.
    rng
        The chunk's stream (only the strategic engine's distinguishability draws from it).
    ctx
        The chunk's context (prepared constants, scratch buffers; the parameters in effect;
        ``ctx.policies`` may replace a state's gesture, docs/policies.md).

    Returns
    -------
    World
        The same world with ``beliefs``, ``threat_weight``, ``threat``, ``perceived_prev``
        (and, for gestures, ``military``, ``military_old``, ``perceived``) and the summaries
        updated in place.
    """
    ctx = ensure_context(world, params, ctx)
    return finish(world, ctx, observe(world, rng, ctx))


def observe(world: World, rng: np.random.Generator, ctx: ChunkContext) -> tuple | None:
    """Run the first half of the phase: update the type beliefs on this year's observation.

    Returns what :func:`finish` needs, or None when the mechanism is inactive (then
    ``world.threat_weight`` is None and nothing is drawn).
    """
    params = ctx.params
    beliefs_on, d_on, _ = ctx.prepared(_switches, READS)
    if not beliefs_on and not d_on:
        world.threat_weight = None
        return None
    buffers = _buffers(world, ctx)
    if not beliefs_on:
        return buffers, None, 1.0, None  # pi* is unused without type beliefs
    const = ctx.prepared(prepare, _CONSTANT_KEYS)
    return buffers, _observe(world, params, const, buffers, rng, ctx), const.pi_star, const


def _switches(params, states: int) -> tuple[bool, bool, bool]:
    """Return whether type beliefs are on, some distinguishability and some turnover > 0.

    Prepared once for the parameters in effect (``ctx.prepared(_switches, READS)``), not
    computed every year.
    """
    return (
        bool(np.any(params.type_beliefs)),
        bool(np.any(np.asarray(params.distinguishability) > 0)),
        bool(np.any(getattr(params, "leader_turnover", 0.0) > 0.0)),
    )


def finish(world: World, ctx: ChunkContext, observed: tuple | None) -> World:
    """Run the second half of the phase: gestures, the stored perception, the threat weights."""
    if observed is None:
        return world
    buffers, beliefs, pi_star, const = observed
    if beliefs is not None:
        sent = _gesture(world, beliefs, const, ctx)
        _store_perception(world, _strategic(ctx.params))
        world.perceived_prev_year = world.year
        world.summaries["mean_trust"] = belief_loops.mean_trust(beliefs, const.off)
        counting = compiled(belief_loops.count_loops)
        if counting is None:
            world.summaries["gestures"] = sent.sum(axis=1).astype(np.float64)
        else:
            world.summaries["gestures"] = gestures = np.empty(world.runs)
            counting(sent, gestures)
    _weigh(world, ctx.params, beliefs, pi_star, buffers, ctx)
    return world


def _store_perception(world: World, diagonal: bool) -> None:
    """Keep this year's perception for next year's observation (``world.perceived_prev``).

    With ``diagonal`` (the strategic engine) its diagonal is what the rivals saw of the
    observer, ``military_old``. One compiled pass (:func:`belief_loops.store_loops`) where
    Numba runs and the buffers are the engine's float64 C-contiguous ones.
    """
    prev, perceived = world.perceived_prev, world.perceived
    if prev is None or prev.shape != perceived.shape:
        world.perceived_prev = prev = np.empty_like(perceived)
    kernel = compiled(belief_loops.store_loops)
    m_old = world.military_old
    if (
        kernel is not None
        and perceived.dtype == m_old.dtype == prev.dtype == np.float64
        and perceived.flags.c_contiguous
        and m_old.flags.c_contiguous
        and prev.flags.c_contiguous
    ):
        kernel(perceived, m_old, prev, diagonal)
        return
    np.copyto(prev, perceived)
    if diagonal:
        idx = np.arange(world.states)
        prev[:, idx, idx] = world.military_old


def reset_beliefs(world: World, params) -> None:
    """Set every belief back to the prior: ``mu_ij = prior_trust_i``, ``mu_ii = 1``.

    Used on first use and at the recorded year 0 after a burn-in
    (:func:`~realpolitik.engine.chunks.run_chunk`), so that a run's recorded beliefs start
    from the prior whatever the burn-in taught; nothing happens while ``world.beliefs`` is None.

    Parameters
    ----------
    world
        The chunk's world (``beliefs`` updated in place).
    params
        The resolved parameters in effect (``prior_trust``).
    """
    if world.beliefs is None:
        return
    N = world.states
    world.beliefs[...] = per_state(params.prior_trust, N)[None, :, None]
    idx = np.arange(N)
    world.beliefs[:, idx, idx] = 1.0


def _gesture(
    world: World, beliefs: np.ndarray, const: BeliefConstants, ctx: ChunkContext | None = None
) -> np.ndarray:
    """Make this year's reassurance gestures (:func:`reassurance_moves`); return who sent one.

    A state with a policy that overrides ``reassure`` (docs/policies.md) sends the gesture
    its policy chooses, of any size in [0, 1]; it separates iff its size is at least
    ``x_LC = t_G / k_G`` of that sender.
    """
    runs, N = world.runs, world.states
    policies = getattr(ctx, "policies", None)
    acting = policies is not None and bool(policies.acting(world, "reassure"))
    if not const.gesture_on and not acting:
        return np.zeros((runs, N), dtype=bool)
    idx = np.arange(N)
    kernel = compiled(belief_loops.gesture_loops)
    if const.gesture_on and kernel is not None:
        sent = np.empty((runs, N), dtype=bool)  # every entry filled
        kernel(beliefs, world.greedy, const.needed, const.willing_greedy, const.willing_secure,
               sent)  # fmt: skip
    elif const.gesture_on:  # reassurance_moves, with the parameter terms prepared
        held = (beliefs.sum(axis=1) - beliefs[:, idx, idx]) / (N - 1)  # mean_j!=i mu_ji
        sent = held < const.needed[None, :]
        sent &= np.where(world.greedy, const.willing_greedy, const.willing_secure)
    else:
        sent = np.zeros((runs, N), dtype=bool)
    if acting:  # a user's policy sizes its state's gesture
        sent, cut, separating = policies.reassure(world, ctx, sent)
    else:
        cut, separating = None, const.separating[None, :]
        cutting = compiled(belief_loops.cut_loops)
        if cutting is not None:
            cutting(sent, const.cut, const.separating, world.military_old, world.military,
                    world.perceived, beliefs)  # fmt: skip
            return sent
    if sent.any():
        cut = np.where(sent, const.cut[None, :], 1.0) if cut is None else cut
        world.military_old *= cut
        world.military *= cut
        world.perceived *= cut[:, None, :]
        reveal = sent & separating
        if reveal.any():  # observers' mu of a separating sender -> 1
            beliefs.transpose(0, 2, 1)[reveal] = 1.0
            beliefs[:, idx, idx] = 1.0
    return sent


def _weigh(
    world: World,
    params,
    beliefs: np.ndarray | None,
    pi_star: object,
    buffers: dict,
    ctx: ChunkContext | None = None,
) -> None:
    """Set the threat weights and recompute the weighted threat (:func:`threat_weights`)."""
    N = world.states
    mhat = world.perceived
    kernel = compiled(belief_loops.weights_loops)
    if kernel is not None:
        w = buffers["weight"]
        if ctx is None:
            trust, factor, od = belief_loops.weight_tables(params, N)
        else:
            trust, factor, od = ctx.prepared(belief_loops.weight_tables, belief_loops.WEIGHT_KEYS)
        kernel(mhat if beliefs is None else beliefs, beliefs is not None, world.greedy,
               np.ascontiguousarray(per_state(pi_star, N)), trust, factor, mhat, od, w,
               world.threat)  # fmt: skip
        world.threat_weight = w
        return
    od = per_state(params.offense_defense_factor, N)
    w = threat_weights(
        world.greedy,
        beliefs,
        pi_star,
        params.trust_discount,
        params.distinguishability,
        out=buffers["weight"],
    )
    world.threat_weight = w
    weighted = np.multiply(w, mhat, out=buffers["a"])
    total = weighted[:, :, 0].copy()
    for j in range(1, N):  # sequential over targets, as perception
        total += weighted[:, :, j]
    np.multiply(od[None, :], total, out=world.threat)


def _buffers(world: World, ctx: ChunkContext) -> dict[str, np.ndarray]:
    """Return the scratch arrays of this world's shape (kept in the chunk's context)."""
    runs, N = world.runs, world.states
    buffers = ctx.scratch("beliefs")
    if "a" not in buffers or buffers["a"].shape != (runs, N, N):
        buffers["a"] = np.empty((runs, N, N))
        buffers["b"] = np.empty((runs, N, N))
        buffers["arm"] = np.empty((runs, N, N), dtype=bool)
        buffers["weight"] = np.empty((runs, N, N))
    return buffers


_CONSTANT_KEYS = (
    "exploitation_cost",
    "temptation_secure",
    "arm_prob_secure",
    "arm_prob_greedy",
    "misperception",
    "arm_threshold",
    "reassurance_gesture",
    "signal_cost_secure",
    "signal_cost_greedy",
    "temptation_greedy",
)
"""The keys :func:`prepare` reads."""


@dataclass(frozen=True, eq=False)
class BeliefConstants:
    """The type beliefs' parameter-derived constants (:func:`prepare`), per observer i.

    Attributes
    ----------
    pi_star : numpy.ndarray
        ``(N,)`` minimum trust pi*_i (:func:`min_trust_per_state`).
    q_secure, q_greedy : numpy.ndarray
        ``(N, 1)`` P("arm" observed) of a security seeker and of a greedy type
        (:func:`theory.spiral.observation_probabilities`).
    lik : tuple
        The likelihoods (arm | S, restrain | S, arm | G, restrain | G), each a float when
        every observer has the same, else an observer column ``(1, N, 1)``.
    lik_table : tuple of numpy.ndarray
        ``(N, 2)`` tables of the compiled loops (column 0 after "restrain", 1 after "arm") for
        a security seeker and for a greedy type.
    plain : bool
        Every observation has a positive probability under both types and tells them apart
        (Bayes' rule is then ``num / den`` everywhere).
    thr, thr_vec : numpy.ndarray
        ``1 + arm_threshold`` as an ``(N, 1)`` column and an ``(N,)`` vector.
    gesture_on : bool
        Some state's ``reassurance_gesture`` is > 0.
    cut, needed : numpy.ndarray
        ``(N,)`` ``1 - x_i`` and ``mean_{j != i} pi*_j``.
    willing_greedy, willing_secure, separating : numpy.ndarray
        ``(N,)`` bool: a greedy / security-seeking sender is willing to gesture; its gesture
        separates (Kydd 2005).
    off : numpy.ndarray
        ``(N, N)`` bool, the off-diagonal mask.
    """

    pi_star: np.ndarray
    q_secure: np.ndarray
    q_greedy: np.ndarray
    lik: tuple
    lik_table: tuple[np.ndarray, np.ndarray]
    plain: bool
    thr: np.ndarray
    thr_vec: np.ndarray
    gesture_on: bool
    cut: np.ndarray
    needed: np.ndarray
    willing_greedy: np.ndarray
    willing_secure: np.ndarray
    separating: np.ndarray
    off: np.ndarray


def prepare(params, states: int) -> BeliefConstants:
    """Return the type beliefs' constants for the parameters in effect (see the class).

    Parameters
    ----------
    params
        The resolved parameters.
    states
        The number of states N.

    Returns
    -------
    BeliefConstants
        The constants.
    """
    N = states
    c, t_S, a_S, a_G, eps, thr, x, k_S, k_G, t_G = (getattr(params, k) for k in _CONSTANT_KEYS)
    pi_star = min_trust_per_state(c, t_S, N)
    q_S, q_G = observation_probabilities(
        per_state(a_S, N)[:, None], per_state(a_G, N)[:, None], per_state(eps, N)[:, None]
    )
    lik = (q_S, 1.0 - q_S, q_G, 1.0 - q_G)
    # Every observation has a positive probability under both types and tells them apart:
    # Bayes' rule is then defined everywhere, and theory.spiral.update_belief is num / den.
    plain = all(bool(np.all(v > 0.0)) for v in lik) and bool(
        np.all(lik[0] != lik[2]) and np.all(lik[1] != lik[3])
    )
    x = per_state(x, N)
    k_S = per_state(k_S, N)
    k_G = per_state(k_G, N)
    t_G = per_state(t_G, N)
    return BeliefConstants(
        pi_star=pi_star,
        q_secure=q_S,
        q_greedy=q_G,
        lik=tuple(uniform(v)[0] for v in lik),
        lik_table=(
            np.stack([lik[1].reshape(-1), lik[0].reshape(-1)], axis=1),
            np.stack([lik[3].reshape(-1), lik[2].reshape(-1)], axis=1),
        ),
        plain=plain,
        thr=1.0 + per_state(thr, N)[:, None],
        thr_vec=np.ascontiguousarray(1.0 + per_state(thr, N)),
        gesture_on=bool(np.any(x > 0)),
        cut=1.0 - x,
        needed=(pi_star.sum() - pi_star) / (N - 1),  # mean_j!=i pi*_j
        willing_greedy=(k_G * x < t_G) & (x > 0),
        willing_secure=(k_S * x <= 1.0) & (x > 0),
        separating=x >= t_G / k_G,
        off=~np.eye(N, dtype=bool),
    )


def _strategic(params) -> bool:
    """Return whether the strategic engine runs (its observation rule, module docstring 1b)."""
    return getattr(params, "decisions", "hazard") == "strategic"


def _observe(
    world: World,
    params,
    const: BeliefConstants,
    buffers: dict,
    rng: np.random.Generator,
    ctx: ChunkContext,
) -> np.ndarray:
    """Initialise the beliefs on first use and update them on this year's observation."""
    N = world.states
    if world.beliefs is None:
        world.beliefs = np.empty((world.runs, N, N))
        reset_beliefs(world, params)
    beliefs = world.beliefs
    prev = world.perceived_prev
    if prev is None or world.perceived_prev_year != world.year - 1:
        return beliefs
    if _strategic(params):
        if not (
            const.plain and belief_loops.update_strategic(world, params, const.lik_table, rng, ctx)
        ):
            _update(beliefs, observe_strategic(world, params, rng), const, buffers)
    else:
        kernel = compiled(belief_loops.update_loops) if const.plain else None
        if kernel is not None:
            kernel(beliefs, world.perceived, prev, const.thr_vec, *const.lik_table)
            return beliefs
        # observe_moves (the diagonal's observation is irrelevant: mu_ii is reset to 1)
        thr = np.multiply(const.thr, prev, out=buffers["a"])
        arm = np.greater(world.perceived, thr, out=buffers["arm"])
        _update(beliefs, arm, const, buffers)
    if ctx.prepared(_switches, READS)[2]:
        turnover = getattr(params, "leader_turnover", 0.0)
        new_leaders(beliefs, per_state(turnover, N), per_state(params.prior_trust, N), rng)
    return beliefs


def new_leaders(
    beliefs: np.ndarray, turnover: np.ndarray, prior: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Replace leaders at random: a new leader's beliefs about its rivals restart from the prior.

    Each state's leader changes in a year with probability ``turnover_i``; the new leader has
    not learnt its predecessor's lessons, so its beliefs ``mu_ij`` about every rival return to
    its prior ``prior_trust_i`` (leaders bring their own beliefs to office: Horowitz, Stam and
    Ellis 2015). Types belong to regimes and do not change, and the rivals keep what they learnt
    about the state. One block ``rng.random((runs, N))`` per call.

    Parameters
    ----------
    beliefs
        ``(runs, N, N)`` mu_ij, observer first, updated in place (diagonal kept at 1).
    turnover, prior
        ``(N,)`` each state's yearly chance of a new leader and its prior trust.
    rng
        The chunk's stream.

    Returns
    -------
    numpy.ndarray
        bool ``(runs, N)``: who has a new leader this year.
    """
    runs, N, _ = beliefs.shape
    new = rng.random((runs, N)) < turnover[None, :]
    r, i = np.nonzero(new)
    beliefs[r, i, :] = prior[i][:, None]
    beliefs[r, i, i] = 1.0
    return new


def observe_strategic(world: World, params, rng: np.random.Generator) -> np.ndarray:
    """Return this year's "arm" readings under the strategic engine (module docstring, 1b).

    Parameters
    ----------
    world
        The chunk's world, before the beliefs phase stores this year's perception: reads
        ``perceived``, ``perceived_prev`` (last year's, the observer's own military on its
        diagonal), ``gdp_old`` and ``greedy``.
    params
        The resolved parameters in effect.
    rng
        The chunk's stream: one ``(runs, N, N)`` block of uniforms when some
        distinguishability is > 0, nothing otherwise.

    Returns
    -------
    numpy.ndarray
        bool ``(runs, N, N)``, observer first; the diagonal is False.
    """
    N = world.states
    if burden_law(params):  # the burden law's levels (arming module)
        arm = world.perceived > burden_readings(
            world.perceived_prev, world.gdp_old, world.beliefs, params
        )
        idx = np.arange(N)
        arm[:, idx, idx] = False
    else:
        levels = secure_levels(
            world.perceived_prev, world.gdp_old, params.offense_defense_factor, params.k,
            params.fatigue, params.grievance_secure, params.military_cap_share,
        )  # fmt: skip
        arm = strategic_moves(world.perceived, levels, params.fatigue, params.grievance_secure,
                              params.grievance_greedy)  # fmt: skip
    d = per_state(params.distinguishability, N)
    if np.any(d > 0):  # a security seeker's build-up reads as defensive with probability d_j
        u = rng.random((world.runs, N, N))
        arm &= ~((u < d[None, None, :]) & ~world.greedy[:, None, :])
    return arm


def _update(beliefs: np.ndarray, arm: np.ndarray, const: BeliefConstants, buffers: dict) -> None:
    """Bayes' rule on the observations ``arm``, in place (theory.spiral.update_belief)."""
    if const.plain:
        # theory.spiral.update_belief's arithmetic (_bayes: num = mu l_S,
        # den = num + (1 - mu) l_G; mu' = num / den), in place
        num, den = buffers["a"], buffers["b"]
        arm_S, rest_S, arm_G, rest_G = const.lik
        select(arm, arm_S, rest_S, num)
        select(arm, arm_G, rest_G, den)
        np.multiply(beliefs, num, out=num)
        np.subtract(1.0, beliefs, out=beliefs)
        np.multiply(beliefs, den, out=den)
        np.add(num, den, out=den)
        np.divide(num, den, out=beliefs)
    else:
        beliefs[...] = update_belief(beliefs, arm, const.q_secure, const.q_greedy)
    idx = np.arange(beliefs.shape[-1])
    beliefs[:, idx, idx] = 1.0

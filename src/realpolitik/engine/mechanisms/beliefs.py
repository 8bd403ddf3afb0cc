"""Beliefs: Bayesian type beliefs from observed moves, threat weights and costly reassurance.

Sources: A. Kydd, "Game Theory and the Spiral Model", *World Politics* 49(3), 1997; "Trust,
Reassurance, and Cooperation", *International Organization* 54(2), 2000; *Trust and Mistrust
in International Relations*, 2005; R. Jervis, *Perception and Misperception in International
Politics*, 1976, and "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978;
C. Glaser, "The Security Dilemma Revisited", *World Politics* 50(1), 1997. MODELS.md 2 (offense
-defense distinguishability), 3.2 (reassurance by costly signal), 3.3 (spiral of mistrust);
docs/mechanisms.md, "Perception and signalling" and "Offense-defense balance and
distinguishability" (the keys), DESIGN.md's belief convention. Phase "beliefs" runs after
perception and before arms control and arming.

Equations (observer i, target j != i, run axis first; all arrays ``(runs, N, N)``, observer
first)

1. Type beliefs (``type_beliefs``; MODELS.md 3.3 by DESIGN.md's convention). On first use
   ``mu_ij = prior_trust_i`` (``mu_ii = 1``). Each year, with ``mhat`` this year's perception
   and ``mhat_prev`` the observer's perception of the year before::

       arm_ij = mhat_ij > (1 + arm_threshold_i) * mhat_prev_ij
       q_S, q_G = theory.spiral.observation_probabilities(a_S_i, a_G_i, eps_i)
       mu_ij <- theory.spiral.update_belief(mu_ij, arm_ij, q_S, q_G)

   so fed the same observations the beliefs equal ``theory.spiral.spiral(...).posterior_path``.
2. Reassurance gestures (``reassurance_gesture`` x > 0, with type beliefs; MODELS.md 3.2).
   With ``pi*_i = theory.spiral.min_trust(exploitation_cost_i, temptation_secure_i)``, state i
   is distrusted when ``mean_{j != i} mu_ji < mean_{j != i} pi*_j`` (the mean trust others
   hold in it is below their minimum trust; with common keys, ``mean_j mu_ji < pi*``). A
   distrusted security seeker gestures iff ``k_S x <= 1`` (the gesture costs no more than
   cooperation is worth); a distrusted greedy state mimics iff ``k_G x < t_G``. A gesture
   multiplies the sender's military by ``1 - x``; every observer sees it this year, and one
   of size ``x >= x_LC = t_G / k_G`` (the least-cost separating signal) sets ``mu_ji = 1``
   for every observer j; a smaller one pools (greedy types mimic it) and leaves mu unchanged.
3. Threat weights (``trust_discount``, ``distinguishability``; MODELS.md 2 and 3.1)::

       w_ij = (1 - trust_discount_i * [i secure and mu_ij >= pi*_i]) * (1 - d_j * [j secure])
       threat_i = od_i * sum_j w_ij * mhat_ij           (j in increasing order, as perception)

   The first factor is 1 without type beliefs; "secure" is the true type (a state knows its
   own type; distinguishability makes a security seeker's defensive posture readable).

Conventions
-----------
- Timing. The first active year makes no observation (there is no earlier perception to
  compare with): beliefs start at the prior and the year's perception is stored as
  ``world.extra["beliefs_prev_perceived"]`` for the next year. An observation is made only
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
  drawing nothing. The mechanism never draws random numbers.
- Summaries (per run, this year): ``mean_trust`` (mean of mu over ordered pairs i != j) and
  ``gestures`` (the number of gestures made), written whenever type beliefs are on.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World
from realpolitik.theory.spiral import min_trust, observation_probabilities, update_belief

__all__ = [
    "MODELS",
    "PREV_PERCEIVED",
    "PREV_YEAR",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "min_trust_per_state",
    "observe_moves",
    "reassurance_moves",
    "step",
    "threat_weights",
]

MODELS = (
    "Bayesian beliefs about rivals' types from observed arming, costly reassurance gestures, "
    "and the threat weights of trust and offense-defense distinguishability"
)
SECTION = (
    "MODELS.md 3.3 (spiral), 3.2 (reassurance), 2 (distinguishability); DESIGN.md phase 1; "
    "docs/mechanisms.md 'Perception and signalling', 'Offense-defense'"
)
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
)
WRITES = ("beliefs", "threat_weight", "threat", "military", "military_old", "perceived")
REFERENCES = ("kydd1997", "kydd2000", "kydd2005", "jervis1976", "jervis1978", "glaser1997")

PREV_PERCEIVED = "beliefs_prev_perceived"
"""``world.extra`` key of the observer's previous perception ``(runs, N, N)``."""
PREV_YEAR = "beliefs_prev_year"
"""``world.extra`` key of the year in which :data:`PREV_PERCEIVED` was stored."""


def _per_state(value: object, states: int) -> np.ndarray:
    """Return a scalar or per-state key as a float64 array of shape ``(states,)``."""
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (states,))


def min_trust_per_state(
    exploitation_cost: object, temptation_secure: object, states: int
) -> np.ndarray:
    """Return each observer's minimum trust pi*_i = c_i / (1 - t_S_i + c_i) (MODELS.md 3.1).

    Parameters
    ----------
    exploitation_cost
        c, a float or per-state array (> 0).
    temptation_secure
        t_S, a float or per-state array in [0, 1).
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        pi*, float64 array of shape ``(states,)``, from :func:`theory.spiral.min_trust`.

    Raises
    ------
    ValueError
        If a value is outside its range (from :func:`theory.spiral.min_trust`).
    """
    if np.ndim(exploitation_cost) == 0 and np.ndim(temptation_secure) == 0:
        pi = min_trust(float(exploitation_cost), float(temptation_secure))
        return np.full(states, pi)
    c = _per_state(exploitation_cost, states)
    t_S = _per_state(temptation_secure, states)
    return np.array([min_trust(float(a), float(b)) for a, b in zip(c, t_S, strict=True)])


def observe_moves(perceived: np.ndarray, previous: np.ndarray, arm_threshold: object) -> np.ndarray:
    """Classify each rival's move as "arm" (True) or "restrain" (False), DESIGN.md's convention.

    A move is "arm" iff the perceived military grew by more than ``arm_threshold`` relative to
    the observer's previous perception of it: ``perceived > (1 + arm_threshold) * previous``.

    Parameters
    ----------
    perceived
        This year's perception ``(runs, N, N)`` (observer first).
    previous
        The observer's perception of the year before, same shape.
    arm_threshold
        The observer's threshold share (float or per-observer array of shape ``(N,)``), >= -1.

    Returns
    -------
    numpy.ndarray
        bool ``(runs, N, N)``; the diagonal is False.
    """
    N = perceived.shape[-1]
    thr = _per_state(arm_threshold, N)[:, None]
    arm = perceived > (1.0 + thr) * previous
    idx = np.arange(N)
    arm[..., idx, idx] = False
    return arm


def threat_weights(
    greedy: np.ndarray,
    beliefs: np.ndarray | None,
    pi_star: object,
    trust_discount: object,
    distinguishability: object,
) -> np.ndarray:
    """Return the weights w_ij of rival j's perceived military in observer i's threat.

    ``w_ij = (1 - trust_discount_i [i secure and mu_ij >= pi*_i]) (1 - d_j [j secure])``, with
    a zero diagonal (MODELS.md 2 and 3.1; docs/mechanisms.md).

    Parameters
    ----------
    greedy
        bool ``(runs, N)``: the true types.
    beliefs
        ``(runs, N, N)`` mu_ij, or None without type beliefs (the trust factor is then 1).
    pi_star
        Minimum trust pi*, float or per-observer ``(N,)``.
    trust_discount
        Share of a trusted rival's threat a security seeker discounts, float or per-observer.
    distinguishability
        d, float or per-target ``(N,)``, in [0, 1].

    Returns
    -------
    numpy.ndarray
        float64 ``(runs, N, N)`` in [0, 1].
    """
    runs, N = greedy.shape
    secure = ~greedy
    w = np.ones((runs, N, N))
    if beliefs is not None:
        pi = _per_state(pi_star, N)[None, :, None]
        trusted = secure[:, :, None] & (beliefs >= pi)
        w -= _per_state(trust_discount, N)[None, :, None] * trusted
    d = _per_state(distinguishability, N)
    if np.any(d > 0):
        w *= 1.0 - d[None, None, :] * secure[:, None, :]
    idx = np.arange(N)
    w[:, idx, idx] = 0.0
    return w


def reassurance_moves(
    greedy: np.ndarray,
    beliefs: np.ndarray,
    pi_star: object,
    gesture: object,
    signal_cost_secure: object,
    signal_cost_greedy: object,
    temptation_greedy: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Decide who makes a reassurance gesture this year and whether it separates (MODELS.md 3.2).

    State i is distrusted when ``mean_{j != i} mu_ji < mean_{j != i} pi*_j``. A distrusted
    security seeker gestures iff ``x_i > 0`` and ``k_S x_i <= 1``; a distrusted greedy state
    mimics iff ``x_i > 0`` and ``k_G x_i < t_G``. A gesture separates iff
    ``x_i >= x_LC = t_G / k_G`` (then greedy types never send it).

    Parameters
    ----------
    greedy
        bool ``(runs, N)``: the true types.
    beliefs
        ``(runs, N, N)`` mu_ij (observer first).
    pi_star
        Minimum trust pi*, float or per-observer ``(N,)``.
    gesture
        x, the size of the cut (share of own military), float or per-sender, in [0, 1].
    signal_cost_secure, signal_cost_greedy
        k_S and k_G, floats or per-sender (> 0).
    temptation_greedy
        t_G, float or per-sender (> 1).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``sent`` bool ``(runs, N)``: who gestures; ``separating`` bool ``(N,)``: whether a
        gesture of that sender's size is the separating signal.
    """
    N = greedy.shape[1]
    x = _per_state(gesture, N)
    k_S = _per_state(signal_cost_secure, N)
    k_G = _per_state(signal_cost_greedy, N)
    t_G = _per_state(temptation_greedy, N)
    pi = _per_state(pi_star, N)
    idx = np.arange(N)
    held = (beliefs.sum(axis=1) - beliefs[:, idx, idx]) / (N - 1)  # mean_j!=i mu_ji
    needed = (pi.sum() - pi) / (N - 1)  # mean_j!=i pi*_j
    distrusted = held < needed[None, :]
    willing = np.where(greedy, (k_G * x < t_G)[None, :], (k_S * x <= 1.0)[None, :])
    sent = distrusted & willing & (x > 0)[None, :]
    separating = x >= t_G / k_G
    return sent, separating


def step(world: World, params, rng: np.random.Generator) -> World:
    """Update type beliefs, make reassurance gestures and reweight the perceived threat.

    Parameters
    ----------
    world
        The chunk's world; reads ``perceived``, ``greedy``, ``beliefs``, ``military_old``.
    params
        The resolved parameters (keys read through ``world.param``).
    rng
        Unused: the mechanism draws nothing.

    Returns
    -------
    World
        The same world with ``beliefs``, ``threat_weight``, ``threat`` (and, for gestures,
        ``military``, ``military_old``, ``perceived``) and the summaries updated in place.
    """

    def p(name: str):
        return world.param(name, params)

    beliefs_on = bool(np.any(p("type_beliefs")))
    d = p("distinguishability")
    if not beliefs_on and not np.any(np.asarray(d) > 0):
        world.threat_weight = None
        return world
    runs, N = world.runs, world.states
    mhat = world.perceived
    idx = np.arange(N)
    beliefs = None
    pi_star = 1.0  # unused without type beliefs
    if beliefs_on:
        pi_star = min_trust_per_state(p("exploitation_cost"), p("temptation_secure"), N)
        beliefs = _observe(world, p, N)
        x = p("reassurance_gesture")
        sent = np.zeros((runs, N), dtype=bool)
        if np.any(np.asarray(x) > 0):
            sent, separating = reassurance_moves(
                world.greedy,
                beliefs,
                pi_star,
                x,
                p("signal_cost_secure"),
                p("signal_cost_greedy"),
                p("temptation_greedy"),
            )
            if sent.any():
                cut = np.where(sent, 1.0 - _per_state(x, N)[None, :], 1.0)
                world.military_old *= cut
                world.military *= cut
                mhat *= cut[:, None, :]
                reveal = sent & separating[None, :]
                beliefs[...] = np.where(reveal[:, None, :], 1.0, beliefs)
                beliefs[:, idx, idx] = 1.0
        prev = world.extra.get(PREV_PERCEIVED)
        if prev is None or prev.shape != mhat.shape:
            world.extra[PREV_PERCEIVED] = mhat.copy()
        else:
            np.copyto(prev, mhat)
        world.extra[PREV_YEAR] = world.year
        off = ~np.eye(N, dtype=bool)
        world.summaries["mean_trust"] = beliefs[:, off].mean(axis=1)
        world.summaries["gestures"] = sent.sum(axis=1).astype(np.float64)
    w = threat_weights(world.greedy, beliefs, pi_star, p("trust_discount"), d)
    world.threat_weight = w
    total = np.zeros((runs, N))
    for j in range(N):  # sequential over targets, as perception
        total += w[:, :, j] * mhat[:, :, j]
    od = _per_state(p("offense_defense_factor"), N)
    np.multiply(od[None, :], total, out=world.threat)
    return world


def _observe(world: World, p, N: int) -> np.ndarray:
    """Initialise the beliefs on first use and update them on this year's observation."""
    idx = np.arange(N)
    if world.beliefs is None:
        mu0 = _per_state(p("prior_trust"), N)
        world.beliefs = np.broadcast_to(mu0[None, :, None], (world.runs, N, N)).copy()
        world.beliefs[:, idx, idx] = 1.0
    beliefs = world.beliefs
    prev = world.extra.get(PREV_PERCEIVED)
    if prev is not None and world.extra.get(PREV_YEAR) == world.year - 1:
        arm = observe_moves(world.perceived, prev, p("arm_threshold"))
        q_S, q_G = observation_probabilities(
            _per_state(p("arm_prob_secure"), N)[:, None],
            _per_state(p("arm_prob_greedy"), N)[:, None],
            _per_state(p("misperception"), N)[:, None],
        )
        beliefs[...] = update_belief(beliefs, arm, q_S, q_G)
        beliefs[:, idx, idx] = 1.0
    return beliefs

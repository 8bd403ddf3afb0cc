"""Each state's choice towards each rival: demand, preventive war, preemption, nuclear strike.

Sources: J. Fearon, "Rationalist Explanations for War", *International Organization* 49(3),
1995 (the risk-return demand under private information about the target's cost); T. Schelling,
*The Strategy of Conflict* (1960), ch. 9 and A. Kydd, *Trust and Mistrust in International
Relations* (2005) (fear of a greedy rival; the reciprocal fear of surprise attack); R. Powell,
"War as a Commitment Problem", *International Organization* 60(1), 2006 (prevention);
docs/strategic.md ("Demands", "Fear and preemption", "Prevention", "Nuclear dyads").

Everything here is pair-level: for every ordered pair (i, j) (observer first, arrays
``(runs, N, N)``), what i would choose from its own perceptions and beliefs mu_ij = P(j is a
security seeker). Which of these choices are made (one demand per state, one event per pair)
is decided by :mod:`realpolitik.engine.strategy.resolve`. In units of the stake S_ij = c y_j::

    demand:     W_atk_ij > 0; p = p_atk_ij, c_A = p - W_atk_ij / S_ij; j's cost as i sees it
                c_j = -U_j / S_ij - p, with U_j j's value of resisting (its gain valued at i's
                belief 1 - mu_ij that j is greedy); the band c_j (1 -/+ u/2);
                (x, P(war), EU) = theory.bargaining.risk_return_arrays(p, c_A, band)
    fear:       phi_ij = (1 - mu_ij) P(war) of a greedy j's optimal demand on i (i's view)
    preemption: W_atk_ij <= 0 and W_atk_ij > phi_ij W_def_ij
    prevention: W_atk_ij <= 0 and patience / (1 - patience) L_ij > -W_atk_ij, with
                L_ij = (1 - mu_ij)(p_now - p_then) S_ji (the coercive power a rising j gains)
    nuclear:    both nuclear, a crisis (either side would demand if the war stayed
                conventional), and phi^N_ij = (1 - mu_ij)(1 - q*_ji) > q*_ij

The projection of strength ``projection_years`` T ahead uses each state's mean yearly economic
growth over the last ``trend_window`` years, measured before the year's wars (so a war's one-off
losses never read as a decline), and the current military (military follows the level of
Richardson's arming law, not a trend).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.strategy.choice_loops import (
    bargain_compiled,
    choices_compiled,
    nuclear_pairs,
)
from realpolitik.engine.strategy.values import Perception, Values, csf
from realpolitik.theory.bargaining import risk_return_arrays

__all__ = ["Bargain", "PairChoices", "bargain", "pair_choices", "transpose"]

KIND_PREVENTION = 1
KIND_PREEMPTION = 2
KIND_NUCLEAR = 3


def transpose(a: np.ndarray) -> np.ndarray:
    """Return ``a[r, j, i]`` at ``[r, i, j]`` (the other side's view of the pair)."""
    return np.swapaxes(a, 1, 2)


@dataclass
class Bargain:
    """A challenger's optimal demand on each rival (stake units) and its expected gain (GDP)."""

    p: np.ndarray
    c_target: np.ndarray  # the challenger's estimate of the target's cost, stake units
    x: np.ndarray
    p_war: np.ndarray
    gain: np.ndarray


@dataclass
class PairChoices:
    """What every observer would choose towards every rival this year."""

    bargain: Bargain
    demand: np.ndarray  # bool: W_atk > 0 and a stake to demand
    strike_kind: np.ndarray  # int8: 0 none, 1 prevention, 2 preemption, 3 nuclear preemption
    strike_margin: np.ndarray  # by how much the strike beats waiting (GDP; nuclear: probability)


def _type_value(mu: np.ndarray, const) -> np.ndarray:
    """Return the conquest value i expects of j: ``(1 - mu_ij) v_G_j + mu_ij v_S_j``."""
    return (1.0 - mu) * const.v_greedy[None, None, :] + mu * const.v_secure[None, None, :]


def bargain(vals: Values, view: Perception, gdp: np.ndarray, mu: np.ndarray, const) -> Bargain:
    """Return each challenger i's risk-return demand on each target j (module docstring).

    Parameters
    ----------
    vals
        The war values of this view.
    view
        The perceptions (i's view of j's military).
    gdp
        ``(runs, N)`` GDP (observed exactly).
    mu
        ``(runs, N, N)`` beliefs.
    const
        The phase's constants.

    Returns
    -------
    Bargain
        Demands and expected gains.
    """
    fast = bargain_compiled(vals, view, gdp, mu, const)
    if fast is not None:
        return Bargain(vals.p_atk, *fast)
    S = vals.stake
    Sd = np.where(S > 0.0, S, 1.0)
    p = vals.p_atk
    c_A = p - vals.W_atk / Sd
    c = const.cession
    mh = view.mhat
    y_j = gdp[:, None, :]
    gain_j = _type_value(mu, const) * vals.stake_back - const.cost_m * mh
    lose_j = const.loss_m * mh + (const.loss_y + c) * y_j
    U_j = (1.0 - p) * gain_j - p * lose_j
    if const.nuclear is not None:
        U_j = U_j - const.nuclear.damage_second.T[None] * y_j
    c_j = -U_j / Sd - p
    half = 0.5 * const.u * c_j
    lo, hi = np.minimum(c_j - half, c_j + half), np.maximum(c_j - half, c_j + half)
    x, p_war, eu = risk_return_arrays(p, c_A, lo, hi)
    return Bargain(p, c_j, x, p_war, eu * S)


def fear(vals: Values, view: Perception, gdp: np.ndarray, mu: np.ndarray, const) -> np.ndarray:
    """Return phi_ij: i's belief that a greedy j's optimal demand on i would end in war.

    The demand is j's risk-return demand as i can compute it: j's chance ``1 - p_def_ij``, j's
    cost from i's perceptions (valuing conquest as a greedy state, with j's hawk bias), i's own
    cost of resisting from ``W_def_ij``, and the cost band of width u.
    """
    S = vals.stake_back
    Sd = np.where(S > 0.0, S, 1.0)
    pj = 1.0 - vals.p_def
    mh = view.mhat
    c = const.cession
    y_j = gdp[:, None, :]
    gain_j = const.v_greedy[None, None, :] * S - const.cost_m * mh
    lose_j = const.loss_m * mh + (const.loss_y + c) * y_j
    W_j = pj * gain_j - (1.0 - pj) * lose_j + const.hawk[None, None, :] * S
    if const.nuclear is not None:
        W_j = W_j - const.nuclear.damage_first.T[None] * y_j
    c_A = pj - W_j / Sd
    c_B = -vals.W_def / Sd - pj
    half = 0.5 * const.u * c_B
    lo, hi = np.minimum(c_B - half, c_B + half), np.maximum(c_B - half, c_B + half)
    _, p_war, _ = risk_return_arrays(pj, c_A, lo, hi)
    return np.where(S > 0.0, (1.0 - mu) * p_war, 0.0)


def prevention_loss(
    vals: Values, view: Perception, military: np.ndarray, gdp: np.ndarray, trend: np.ndarray,
    mu: np.ndarray, const,
) -> np.ndarray:  # fmt: skip
    """Return L_ij, what a shift of power towards j would cost i (module docstring).

    Parameters
    ----------
    trend
        ``(runs, N)`` each state's mean yearly log growth of GDP (before wars).
    """
    mob = const.mobilization[None, :]
    grow = gdp * np.exp(const.projection_years * trend)
    C_then = military + mob * grow
    Chat_then = view.mhat + (mob * grow)[:, None, :]
    p_now = csf(vals.C[:, :, None], vals.Chat, const.gamma)
    p_then = csf(C_then[:, :, None], Chat_then, const.gamma)
    return (1.0 - mu) * (p_now - p_then) * vals.stake_back


def pair_choices(
    vals: Values, view: Perception, military: np.ndarray, gdp: np.ndarray, mu: np.ndarray,
    trend: np.ndarray | None, eligible: np.ndarray, const,
) -> PairChoices:  # fmt: skip
    """Return every observer's choice towards every rival (module docstring).

    Parameters
    ----------
    vals, view
        War values and the perceptions they came from.
    military, gdp
        ``(runs, N)`` after this year's arming and growth.
    mu
        ``(runs, N, N)`` beliefs (P(j is a security seeker)).
    trend
        ``(runs, N)`` mean log growth of GDP over the trend window, or None (no prevention).
    eligible
        ``(runs, N, N)`` bool: pairs that may go to war this year (not allied, not at peace).
    const
        The phase's constants.

    Returns
    -------
    PairChoices
        Demands, strikes and their margins.
    """
    fast = choices_compiled(vals, view, military, gdp, mu, trend, eligible, const)
    if fast is not None:
        return PairChoices(Bargain(vals.p_atk, *fast[:4]), *fast[4:])
    W_atk, W_def = vals.W_atk, vals.W_def
    b = bargain(vals, view, gdp, mu, const)
    demand = eligible & (vals.stake > 0.0) & (W_atk > 0.0)
    kind = np.zeros(W_atk.shape, dtype=np.int8)
    margin = np.zeros(W_atk.shape)
    waits = eligible & (W_atk <= 0.0)
    if trend is not None and const.patience > 0.0 and const.cession > 0.0:
        L = prevention_loss(vals, view, military, gdp, trend, mu, const)
        # a rival can extract a concession from i at most once per settlement
        per_year = L / max(const.settlement_years, 1)
        value = const.patience / (1.0 - const.patience) * per_year
        prevent = waits & (L > 0.0) & (value > -W_atk)
        kind[prevent] = KIND_PREVENTION
        margin = np.where(prevent, value + W_atk, margin)
    phi = fear(vals, view, gdp, mu, const)
    preempt = waits & (kind == 0) & (W_atk > phi * W_def)
    kind[preempt] = KIND_PREEMPTION
    margin = np.where(preempt, W_atk - phi * W_def, margin)
    nuc = const.nuclear
    if nuc is not None:
        nuclear_pair = np.broadcast_to(nuclear_pairs(nuc), W_atk.shape)
        conv = nuclear_pair & (vals.W_atk_conv > 0.0)
        crisis = conv | transpose(conv)
        q = nuc.q_star[None]
        phi_n = (1.0 - mu) * (1.0 - nuc.q_star.T[None])
        strike = eligible & crisis & (kind == 0) & (phi_n > q)
        kind[strike] = KIND_NUCLEAR
        margin = np.where(strike, phi_n - q, margin)
    return PairChoices(b, demand, kind, margin)

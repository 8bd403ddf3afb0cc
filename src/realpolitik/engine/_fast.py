"""Fused fast path: one Numba kernel for a whole year of the core model (CORE_MODEL.md 1-6).

Source: reference/CORE_MODEL.md ("Semantics"); the kernel fuses the mechanism modules
perception, arming, economy, crisis and war (see their docstrings for the equations) into one
loop over runs, with no temporary arrays.

It is used only for the core configuration (:meth:`Params.is_core_configuration`) and consumes
exactly the random blocks the mechanism modules draw, in the same order: per year one float32
normals block ``(runs, N, N - 1)`` when any perception noise is > 0, then one uniform block
``(runs, pairs)`` when the crisis base rate is > 0. Its arithmetic follows the modules operation
by operation (the threat summed over targets in increasing order, ``R * R`` for beta = 2, the
shared loss tables), so the tests find it bit-identical to the generic path.

Numba is imported here, and this module only when the fast path first runs, so that
``import realpolitik`` stays fast. The kernel is compiled with ``nogil=True, cache=True`` and
without ``fastmath`` (which would change results).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from realpolitik.engine.mechanisms.crisis import TINY
from realpolitik.engine.world import (
    EVENT_CRISIS,
    EVENT_INITIATOR_SECOND,
    EVENT_WAR,
    EVENT_WINNER_SECOND,
)

__all__ = ["SCALARS", "STATE_KEYS", "pack", "year_step"]

STATE_KEYS = (
    "k",
    "fatigue",
    "offense_defense_factor",
    "grievance_greedy",
    "grievance_secure",
    "military_cap_share",
    "burden_cost",
    "perception_noise",
)
"""Rows of the per-state parameter matrix the kernel reads."""

SCALARS = (
    "dt",
    "crisis_base_rate",
    "crisis_sensitivity",
    "war_given_crisis",
    "decisiveness",
)
"""Entries of the scalar parameter vector the kernel reads."""


def pack(params) -> tuple[np.ndarray, np.ndarray]:
    """Pack resolved parameters into the kernel's arrays.

    Parameters
    ----------
    params
        :class:`~realpolitik.engine.params.ResolvedParams`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The per-state matrix ``(len(STATE_KEYS), N)`` and the scalar vector ``(len(SCALARS),)``.
    """
    ps = np.ascontiguousarray(np.stack([getattr(params, k) for k in STATE_KEYS]))
    sc = np.array([getattr(params, k) for k in SCALARS], dtype=np.float64)
    return ps, sc


@numba.njit(nogil=True, cache=True)
def year_step(
    m,
    y,
    r,
    greedy,
    eps,
    use_eps,
    u,
    use_u,
    ps,
    sc,
    tab_lm,
    tab_ly,
    tab_cm,
    pair_i,
    pair_j,
    out_m,
    out_y,
    out_s,
    t,
    ev_flat,
    ev_code,
):  # pragma: no cover - compiled by Numba; equality with the modules is tested
    """Advance every run of a chunk by one year in place and record year ``t``.

    Parameters
    ----------
    m, y, r
        float64 ``(runs, N)``: military and GDP (updated in place), trend growth.
    greedy
        bool ``(runs, N)``: types.
    eps
        float32 ``(runs, N, N - 1)`` perception normals (ignored unless ``use_eps``).
    use_eps
        Whether noise was drawn (any perception noise > 0).
    u
        float64 ``(runs, pairs)`` uniforms (ignored unless ``use_u``).
    use_u
        Whether crises are possible (crisis base rate > 0).
    ps, sc
        Parameters as :func:`pack` returns them.
    tab_lm, tab_ly, tab_cm
        Loss tables (:func:`realpolitik.engine.mechanisms.war.loss_tables`).
    pair_i, pair_j
        The unordered pairs.
    out_m, out_y, out_s
        ``(runs, years + 1, N)`` records; year ``t`` is written.
    t
        The year index to record (1..T).
    ev_flat, ev_code
        int64 and uint8 buffers of length runs * pairs: this year's events, as flat indices
        ``run * pairs + pair`` in increasing order and their codes (the first ``n`` are written).

    Returns
    -------
    int
        ``n``, the number of pairs with an event this year.
    """
    C, N = m.shape
    P = pair_i.shape[0]
    dt = sc[0]
    p0 = sc[1]
    beta = sc[2]
    q = sc[3]
    gamma = sc[4]
    mhat = np.zeros((N, N))
    mo = np.empty(N)
    yo = np.empty(N)
    mn = np.empty(N)
    yn = np.empty(N)
    sh = np.empty(N)
    n_lost = np.zeros(N, np.int64)
    n_won = np.zeros(N, np.int64)
    n_events = 0
    for c in range(C):
        for i in range(N):
            mo[i] = m[c, i]
            yo[i] = y[c, i]
        # perception, threat, arming, economy
        for i in range(N):
            sig = ps[7, i]
            total = 0.0
            if use_eps:
                for jj in range(N - 1):  # targets j != i in increasing order
                    j = jj if jj < i else jj + 1
                    v = mo[j] * (1.0 + sig * np.float64(eps[c, i, jj]))
                    if v < 0.0:
                        v = 0.0
                    mhat[i, j] = v
                    total += v
            else:
                for j in range(N):
                    if j != i:
                        mhat[i, j] = mo[j]
                        total += mo[j]
            threat = ps[2, i] * total
            g = ps[3, i] if greedy[c, i] else ps[4, i]
            x = mo[i] + dt * (ps[0, i] * threat - ps[1, i] * mo[i] + g)
            if x < 0.0:
                x = 0.0
            cap = ps[5, i]
            if cap != math.inf:
                upper = cap * yo[i]
                if x > upper:
                    x = upper
            mn[i] = x
            if yo[i] > 0.0:
                sh[i] = x / yo[i]
                burden = ps[6, i] * x / yo[i]
                z = yo[i] * (1.0 + dt * (r[c, i] - burden))
                if z < 0.0:
                    z = 0.0
                yn[i] = z
            else:
                sh[i] = 0.0
                yn[i] = 0.0
        # crises and wars
        any_war = False
        for p in range(P):
            code = 0
            uu = u[c, p] if use_u else 1.0
            if uu < p0:  # P(crisis) <= p0 exactly, so no pair with u >= p0 can have a crisis
                i = pair_i[p]
                j = pair_j[p]
                Ri = mhat[i, j] / (mo[i] + TINY)
                Rj = mhat[j, i] / (mo[j] + TINY)
                R = Rj if Rj > Ri else Ri
                if beta == 2.0:
                    Rb = R * R
                elif beta == 1.0:
                    Rb = R
                else:
                    Rb = R**beta
                pc = p0 if Rb == math.inf else p0 * (Rb / (1.0 + Rb))
                if uu < pc:
                    code = EVENT_CRISIS
                    if Rj > Ri:
                        code |= EVENT_INITIATOR_SECOND
                    v = uu / pc
                    if v < q:
                        code |= EVENT_WAR
                        if not any_war:
                            any_war = True
                            for k in range(N):
                                n_lost[k] = 0
                                n_won[k] = 0
                        w = v / q
                        if mn[i] > 0.0:
                            ratio = mn[j] / mn[i]
                            if gamma != 1.0:
                                ratio = ratio**gamma
                            pi = 1.0 / (1.0 + ratio)
                        elif mn[j] > 0.0 and gamma > 0.0:
                            pi = 0.0
                        else:
                            pi = 0.5
                        if w < pi:
                            n_won[i] += 1
                            n_lost[j] += 1
                        else:
                            code |= EVENT_WINNER_SECOND
                            n_won[j] += 1
                            n_lost[i] += 1
            if code != 0:
                ev_flat[n_events] = c * P + p
                ev_code[n_events] = code
                n_events += 1
        if any_war:
            for i in range(N):
                mn[i] = mn[i] * (tab_lm[n_lost[i]] * tab_cm[n_won[i]])
                yn[i] = yn[i] * tab_ly[n_lost[i]]
        for i in range(N):
            m[c, i] = mn[i]
            y[c, i] = yn[i]
            out_m[c, t, i] = mn[i]
            out_y[c, t, i] = yn[i]
            out_s[c, t, i] = sh[i]
    return n_events

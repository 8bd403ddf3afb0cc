"""Fused fast path: one Numba kernel for a whole year of the core model (docs/engine.md).

Source: docs/engine.md ("Semantics"); the kernel fuses the mechanism modules
perception, arming, economy, crisis and war (see their docstrings for the equations) into one
loop over runs, with no temporary arrays.

It is used only for the core configuration (:meth:`Params.is_core_configuration`) and consumes
exactly the random blocks the mechanism modules draw, in the same order: per year one float32
normals block ``(runs, N, N - 1)`` when any perception noise is > 0, then one uniform block
``(runs, pairs)`` when the crisis base rate is > 0. Each equation is the mechanism module's own
scalar function (:func:`~realpolitik.engine.mechanisms.perceived.perceived_value`,
:func:`~realpolitik.engine.mechanisms.arming.military_response`,
:func:`~realpolitik.engine.mechanisms.arming.capped`,
:func:`~realpolitik.engine.mechanisms.economy.grown_gdp`,
:func:`~realpolitik.engine.mechanisms.crisis.crisis_chance`,
:func:`~realpolitik.engine.mechanisms.war.win_chance`, ...), shared with the modules' compiled
loops, and the parameters are read by named rows (:data:`K`, :data:`SIGMA`, ... of
:data:`STATE_KEYS`; :data:`DT`, :data:`P0`, ... of :data:`SCALARS`); the threat is summed over
targets in increasing order and the loss tables are shared, so the tests find it bit-identical
to the generic path. ``_year_step`` is one compiled kernel and long by design.

This module is imported only when the fast path first runs (it compiles the kernel, or loads
it from Numba's cache, :func:`realpolitik.engine.compiled.jit`), so that ``import realpolitik``
stays fast. The kernel is compiled with ``nogil=True, cache=True`` and without ``fastmath``
(which would change results).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import jit
from realpolitik.engine.mechanisms.arming import capped, military_response
from realpolitik.engine.mechanisms.crisis import crisis_chance, larger_ratio, perceived_ratio
from realpolitik.engine.mechanisms.economy import grown_gdp
from realpolitik.engine.mechanisms.perceived import perceived_value
from realpolitik.engine.mechanisms.war import win_chance
from realpolitik.engine.recorder import (
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
K, FATIGUE, OD, G_GREEDY, G_SECURE, CAP, BURDEN, SIGMA = range(len(STATE_KEYS))
"""The row of each per-state key (in the order of :data:`STATE_KEYS`)."""

SCALARS = (
    "dt",
    "crisis_base_rate",
    "crisis_sensitivity",
    "war_given_crisis",
    "decisiveness",
)
"""Entries of the scalar parameter vector the kernel reads."""
DT, P0, BETA, Q_WAR, GAMMA = range(len(SCALARS))
"""The entry of each scalar key (in the order of :data:`SCALARS`)."""


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


def _year_step(
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
    dt = sc[DT]
    p0 = sc[P0]
    beta = sc[BETA]
    q = sc[Q_WAR]
    gamma = sc[GAMMA]
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
            total = 0.0
            if use_eps:
                for jj in range(N - 1):  # targets j != i in increasing order
                    j = jj if jj < i else jj + 1
                    v = perceived_value(mo[j], ps[SIGMA, i], eps[c, i, jj])
                    mhat[i, j] = v
                    total += v
            else:
                for j in range(N):
                    if j != i:
                        mhat[i, j] = mo[j]
                        total += mo[j]
            g = ps[G_GREEDY, i] if greedy[c, i] else ps[G_SECURE, i]
            x = military_response(mo[i], ps[OD, i] * total, ps[K, i], ps[FATIGUE, i], g, dt)
            x = capped(x, ps[CAP, i], yo[i])
            mn[i] = x
            sh[i] = x / yo[i] if yo[i] > 0.0 else 0.0
            yn[i] = grown_gdp(yo[i], r[c, i], ps[BURDEN, i], x, dt)
        # crises and wars
        any_war = False
        for p in range(P):
            code = 0
            uu = u[c, p] if use_u else 1.0
            if uu < p0:  # P(crisis) <= p0 exactly, so no pair with u >= p0 can have a crisis
                i = pair_i[p]
                j = pair_j[p]
                Ri = perceived_ratio(mhat[i, j], mo[i])
                Rj = perceived_ratio(mhat[j, i], mo[j])
                pc = crisis_chance(larger_ratio(Ri, Rj), p0, beta)
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
                        if v / q < win_chance(mn[i], mn[j], gamma):
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


year_step = jit(_year_step)
"""The compiled kernel (:func:`_year_step`, compiled with the scalar equations it calls)."""

"""A plain per-state Python loop of the core model, written from reference/CORE_MODEL.md.

Independent of the engine: plain floats and lists, one run at a time, one state at a time,
Python's own ``random.Random`` for the draws (drawn the straightforward way: a normal per
observer-target pair, then per pair a uniform for the crisis, one for war, one for the winner).
Parameters are per-state lists or scalars, as in the engine.
"""

from __future__ import annotations

import math
import random

TINY = 1e-9


def _per_state(value, n):
    if isinstance(value, (list, tuple)):
        assert len(value) == n
        return [float(v) for v in value]
    return [float(value)] * n


def core_loop(params: dict, initial: dict, years: int, seed: int = 0) -> dict:
    """Simulate every run of ``initial`` for ``years`` years.

    Returns military[r][t][i], gdp[r][t][i], share[r][t][i] (t = 1..years; index 0 is the
    initial state, share[.][0] is NaN) and wars (list of (run, year, initiator, target, winner)),
    crises (list of (run, year, initiator, target)).
    """
    rng = random.Random(seed)
    runs = len(initial["military"])
    n = len(initial["military"][0])
    kappa = _per_state(params["reaction"], n)
    a = _per_state(params["fatigue"], n)
    od = _per_state(params["offense_defense_factor"], n)
    g_greedy = _per_state(params["grievance_greedy"], n)
    g_secure = _per_state(params["grievance_secure"], n)
    cap = _per_state(params["military_cap_share"], n)
    c = _per_state(params["burden_cost"], n)
    sigma = _per_state(params["perception_noise"], n)
    p0 = float(params["crisis_base_rate"])
    beta = float(params["crisis_sensitivity"])
    q_war = float(params["war_given_crisis"])
    gamma = float(params["decisiveness"])
    loss_m = float(params["loser_military_loss"])
    loss_y = float(params["loser_gdp_loss"])
    cost_m = float(params["winner_military_cost"])
    dt = float(params["dt"])
    k = [kappa[i] / (n - 1) for i in range(n)]

    out_m, out_y, out_s, wars, crises = [], [], [], [], []
    for r in range(runs):
        m = [float(x) for x in initial["military"][r]]
        y = [float(x) for x in initial["gdp"][r]]
        growth = [float(x) for x in initial["growth"][r]]
        greedy = [bool(x) for x in initial["greedy"][r]]
        hist_m, hist_y, hist_s = [list(m)], [list(y)], [[math.nan] * n]
        for t in range(1, years + 1):
            m_old, y_old = list(m), list(y)
            # 1. perception
            mhat = [[0.0] * n for _ in range(n)]
            for i in range(n):
                for j in range(n):
                    if i != j:
                        eps = rng.gauss(0.0, 1.0) if sigma[i] > 0 else 0.0
                        mhat[i][j] = max(0.0, m_old[j] * (1 + sigma[i] * eps))
            # 2-4. threat, arming, economy
            m_new, y_new, share = [0.0] * n, [0.0] * n, [0.0] * n
            for i in range(n):
                threat = od[i] * sum(mhat[i][j] for j in range(n) if j != i)
                g = g_greedy[i] if greedy[i] else g_secure[i]
                x = m_old[i] + dt * (k[i] * threat - a[i] * m_old[i] + g)
                m_new[i] = min(max(x, 0.0), cap[i] * y_old[i])
                share[i] = m_new[i] / y_old[i]
                y_new[i] = y_old[i] * (1 + dt * (growth[i] - c[i] * m_new[i] / y_old[i]))
            # 5-6. crises and wars, decided on m_new, losses applied together
            lost, won = [0] * n, [0] * n
            for i in range(n):
                for j in range(i + 1, n):
                    r_i = mhat[i][j] / (m_old[i] + TINY)
                    r_j = mhat[j][i] / (m_old[j] + TINY)
                    ratio = max(r_i, r_j)
                    p_crisis = p0 * ratio**beta / (1 + ratio**beta)
                    if p0 > 0 and rng.random() < p_crisis:
                        ini, tgt = (j, i) if r_j > r_i else (i, j)
                        crises.append((r, t, ini, tgt))
                        if rng.random() < q_war:
                            a_i, a_j = m_new[i] ** gamma, m_new[j] ** gamma
                            p_i = 0.5 if a_i + a_j == 0 else a_i / (a_i + a_j)
                            winner, loser = (i, j) if rng.random() < p_i else (j, i)
                            won[winner] += 1
                            lost[loser] += 1
                            wars.append((r, t, ini, tgt, winner))
            for i in range(n):
                m_new[i] *= (1 - loss_m) ** lost[i] * (1 - cost_m) ** won[i]
                y_new[i] *= (1 - loss_y) ** lost[i]
            m, y = m_new, y_new
            hist_m.append(list(m))
            hist_y.append(list(y))
            hist_s.append(share)
        out_m.append(hist_m)
        out_y.append(hist_y)
        out_s.append(hist_s)
    return {"military": out_m, "gdp": out_y, "share": out_s, "wars": wars, "crises": crises}

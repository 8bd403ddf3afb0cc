"""Domestic audience costs in a crisis, and hawk bias, as a one-shot signalling game.

Sources: J. Fearon, "Domestic Political Audiences and the Escalation of International
Disputes", *American Political Science Review* 88(3), 1994 (the original is a continuous-time
war of attrition; the lab uses the simplified one-shot signalling version standard in teaching);
K. Schultz, "Do Democratic Institutions Constrain or Inform?", *International Organization*
53(2), 1999; B. Bueno de Mesquita et al., *The Logic of Political Survival* (2003) for the
selectorate motivation of hawk bias. docs/models/audience.md.

Game, solved for its perfect Bayesian equilibrium
-------------------------------------------------
A's war value ``w_A ~ U[w_A_lo, w_A_hi]`` is private; the stake is worth ``v > 0``; backing down
after a public threat costs A the audience cost ``a >= 0``; B's war value ``w_B < 0`` is known.
A chooses the status quo (0, 0) or challenges; B concedes (A: v, B: -v) or resists; A then fights
(A: w_A, B: w_B) or backs down (A: -a, B: 0).

* A fights iff ``w_A >= -a``; ``P_R = P(w_A >= -a)`` is the share of resolved types.
* B resists iff P(A fights | challenge) <= ``q_bar = v/(-w_B)``.
* Regimes: "pooling_B_concedes" if ``P_R > q_bar`` (everyone challenges, B concedes);
  "B_always_resists" if ``q_bar >= 1`` (no bluffing; types with ``w_A >= max(0, -a)`` challenge
  and fight); otherwise "semi_separating": resolved types challenge, unresolved types bluff with
  probability ``beta_b = P_R(1 - q_bar)/(q_bar(1 - P_R))`` and B resists with probability
  ``r* = v/(v + a)``; then P(challenge) = P_R + beta_b(1 - P_R), P(war) = r* P_R,
  P(A backs down) = r* beta_b (1 - P_R) and P(B concedes) = (1 - r*) P(challenge).
* In the semi-separating range r* strictly falls and P_R strictly rises in a: higher audience
  costs make threats credible, so fewer bluffs are called and B backs down more often.
* Hawk bias (9.2) in the complete-information bargaining model is
  :func:`realpolitik.theory.bargaining.hawk_bias_war`, re-exported here.

Conventions: payoffs in units of the stake's scale (v, a, w_A, w_B in the same units);
probabilities are unconditional (over A's type and both sides' mixing) and lie in [0, 1], with
``p_challenge = p_war + p_backs_down + p_concedes`` in every regime. Regime boundaries
(``P_R = q_bar``, ``q_bar = 1``) are ties up to a relative 1e-12, as in
:mod:`realpolitik.theory.bargaining`; a tie goes to the weak side (semi-separating, B resists).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as val
from realpolitik.theory.bargaining import _exceeds, hawk_bias_war
from realpolitik.theory.inputs import Input

__all__ = [
    "INPUTS",
    "REFERENCES",
    "REGIMES",
    "AudienceCosts",
    "AudienceSweep",
    "audience_costs",
    "audience_sweep",
    "hawk_bias_war",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = ("fearon1994", "schultz1999", "bdm2003")

#: Regime labels of :func:`audience_costs`.
REGIMES: tuple[str, ...] = ("pooling_B_concedes", "B_always_resists", "semi_separating")


@dataclass(frozen=True)
class AudienceCosts:
    """Perfect Bayesian equilibrium of the audience-cost crisis game.

    Attributes
    ----------
    regime : str
        ``"pooling_B_concedes"``, ``"B_always_resists"`` or ``"semi_separating"``.
    p_resolved : float
        P_R = P(w_A >= -a), the share of A's types that would fight if resisted.
    q_bar : float
        ``v/(-w_B)``: B resists iff P(A fights | challenge) is at most this.
    r_resist : float
        Probability that B resists a challenge.
    bluff_prob : float
        Probability that an unresolved type of A challenges (bluffs).
    p_challenge : float
        Probability that A challenges.
    p_war : float
        Probability of war.
    p_backs_down : float
        Probability that A challenges, is resisted and backs down (paying the audience cost).
    p_concedes : float
        Probability that A challenges and B concedes.
    """

    regime: str
    p_resolved: float
    q_bar: float
    r_resist: float
    bluff_prob: float
    p_challenge: float
    p_war: float
    p_backs_down: float
    p_concedes: float


def _p_at_least(x: float, lo: float, hi: float) -> float:
    """P(w >= x) for w ~ U[lo, hi]."""
    return min(1.0, max(0.0, (hi - x) / (hi - lo)))


def audience_costs(v: float, a: float, w_B: float, w_A_lo: float, w_A_hi: float) -> AudienceCosts:
    """Solve the one-shot audience-cost crisis game (Fearon 1994).

    Parameters
    ----------
    v : float
        Value of the stake, ``v > 0``.
    a : float
        Audience cost of backing down after a public threat, ``a >= 0``.
    w_B : float
        B's (known) war value, ``w_B < 0``.
    w_A_lo : float
        Lower end of A's uniformly distributed private war value.
    w_A_hi : float
        Upper end of A's war value, ``w_A_hi > w_A_lo``.

    Returns
    -------
    AudienceCosts
        The regime, P_R, q_bar, B's resistance and A's bluffing probabilities, and the
        probabilities of challenge, war, A backing down and B conceding.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    v = val.positive("v", v)
    a = val.nonnegative("a", a)
    w_B = val.in_range("w_B", w_B, hi=0.0, hi_open=True)
    w_lo = val.real("w_A_lo", w_A_lo)
    w_hi = val.in_range("w_A_hi", w_A_hi, w_lo, lo_open=True)

    p_R = _p_at_least(-a, w_lo, w_hi)
    q_bar = v / (-w_B)
    if _exceeds(p_R, q_bar):
        return AudienceCosts(
            regime=REGIMES[0],
            p_resolved=p_R,
            q_bar=q_bar,
            r_resist=0.0,
            bluff_prob=1.0,
            p_challenge=1.0,
            p_war=0.0,
            p_backs_down=0.0,
            p_concedes=1.0,
        )
    if not _exceeds(1.0, q_bar):  # q_bar >= 1
        p_fight = _p_at_least(max(0.0, -a), w_lo, w_hi)
        return AudienceCosts(
            regime=REGIMES[1],
            p_resolved=p_R,
            q_bar=q_bar,
            r_resist=1.0,
            bluff_prob=0.0,
            p_challenge=p_fight,
            p_war=p_fight,
            p_backs_down=0.0,
            p_concedes=0.0,
        )
    bluff = min(1.0, p_R * (1.0 - q_bar) / (q_bar * (1.0 - p_R)))
    r = v / (v + a)
    p_challenge = p_R + bluff * (1.0 - p_R)
    return AudienceCosts(
        regime=REGIMES[2],
        p_resolved=p_R,
        q_bar=q_bar,
        r_resist=r,
        bluff_prob=bluff,
        p_challenge=p_challenge,
        p_war=r * p_R,
        p_backs_down=r * bluff * (1.0 - p_R),
        p_concedes=(1.0 - r) * p_challenge,
    )


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class AudienceSweep:
    """The crisis equilibrium as the audience cost grows from 0 (Fearon 1994).

    Attributes
    ----------
    a : numpy.ndarray
        Audience costs, ascending from 0.
    regime : tuple of str
        The regime at each cost.
    p_resolved, r_resist, bluff_prob, p_challenge, p_war, p_backs_down, p_concedes : ndarray
        The fields of :class:`AudienceCosts` at each cost.
    """

    a: np.ndarray
    regime: tuple[str, ...]
    p_resolved: np.ndarray
    r_resist: np.ndarray
    bluff_prob: np.ndarray
    p_challenge: np.ndarray
    p_war: np.ndarray
    p_backs_down: np.ndarray
    p_concedes: np.ndarray


def audience_sweep(
    v: float, w_B: float, w_A_lo: float, w_A_hi: float, a_max: float, points: int = 81
) -> AudienceSweep:
    """Return :func:`audience_costs` for audience costs from 0 to ``a_max``.

    In the semi-separating range higher audience costs make more of A's types resolved and B
    resist less often: public threats become credible.

    Parameters
    ----------
    v, w_B, w_A_lo, w_A_hi : float
        As in :func:`audience_costs`.
    a_max : float
        Largest audience cost, > 0.
    points : int, optional
        Number of evenly spaced costs, an integer >= 2 (default 81).

    Returns
    -------
    AudienceSweep
        The costs and the equilibrium at each.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    a_max = val.positive("a_max", a_max)
    points = val.integer("points", points, lo=2)
    grid = np.linspace(0.0, a_max, points)
    games = [audience_costs(v, float(a), w_B, w_A_lo, w_A_hi) for a in grid]
    fields = ("p_resolved", "r_resist", "bluff_prob", "p_challenge", "p_war")
    fields += ("p_backs_down", "p_concedes")
    return AudienceSweep(
        a=grid,
        regime=tuple(g.regime for g in games),
        **{f: np.array([getattr(g, f) for g in games]) for f in fields},
    )


#: The classic inputs: A's war value uniform on [-3, 1] against B's -1.25, audience costs
#: swept from 0 to 2.
INPUTS: tuple[Input, ...] = (
    Input("v", 1.0, "Value of the stake", "utility", lo=0.0, lo_open=True),
    Input("a", 1.0, "Audience cost of backing down after a threat", "utility", lo=0.0),
    Input("w_B", -1.25, "B's (known) war value", "utility", hi=0.0, hi_open=True),
    Input("w_A_lo", -3.0, "A's private war value ~ U[w_A_lo, w_A_hi]: low end", "utility"),
    Input("w_A_hi", 1.0, "High end, > w_A_lo", "utility"),
    Input("a_max", 2.0, "Sweep audience costs from 0 to a_max", "utility", lo=0.0, lo_open=True),
)

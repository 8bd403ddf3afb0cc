"""Trust, reassurance and the spiral of mistrust between security seekers and greedy states.

Sources: C. Glaser, "The Security Dilemma Revisited", *World Politics* 50(1), 1997, and
*Rational Theory of International Politics* (2010); A. Kydd, "Game Theory and the Spiral
Model", *World Politics* 49(3), 1997; "Trust, Reassurance, and Cooperation", *International
Organization* 54(2), 2000; *Trust and Mistrust in International Relations* (2005); R. Jervis,
*Perception and Misperception in International Politics* (1976). docs/models/spiral.md.

Equations implemented
---------------------
One-shot Bayesian security-dilemma game with R = 1, P = 0, S = -c (c > 0, the cost of being
exploited) and T = t_i, player i's private temptation: a security seeker has t_S < 1
(assurance preferences), a greedy type t_G > 1 (prisoner's-dilemma preferences). Trust ``pi`` is
the prior probability that the other is a security seeker.

* Minimum trust: ``pi* = c / (1 - t_S + c)``, the stag-hunt belief threshold
  q* = (P - S)/((R - T) + (P - S)) of section 2. It rises in ``c`` and in ``t_S``.
* Two-type Bayesian Nash equilibrium: greedy types defect; "security seekers cooperate" is an
  equilibrium iff ``pi >= pi*`` (weak), with P(mutual cooperation) = pi**2. A security seeker's
  expected payoffs against it are ``pi - (1 - pi)*c`` (cooperate) and ``pi*t_S`` (defect).
* Uniform types t ~ U[0, t_max]: a cutoff ``t_hat`` solves
  ``t_hat**2 - (1 + c)*t_hat + c*t_max = 0``, which has real roots iff
  ``(1 + c)**2 >= 4*c*t_max``. The larger root, capped at t_max, is the stable, most cooperative
  cutoff (the limit of B(t) = 1 + c - c/F(t) from t = 1); the smaller one is unstable. When
  ``t_max > 1`` and both roots exceed it (exactly when ``c > 1``), no cutoff exists (None).
* Reassurance by a costly signal (lab convention): type S pays ``k_S*x``, type G ``k_G*x`` for a
  gesture x in [0, x_max]. A separating PBE exists iff ``t_G/k_G <= min(1/k_S, x_max)``; the
  separating interval is ``[t_G/k_G, min(1/k_S, x_max)]`` and the least-cost (Intuitive
  Criterion) signal is ``t_G/k_G``.
* Spiral: with arming probabilities a_S < a_G and misperception eps (an observation is flipped
  with probability eps), ``q_type = a_type*(1 - eps) + (1 - a_type)*eps`` = P(observe "arm" |
  type) and Bayes' rule gives ``mu' = mu*q_S / (mu*q_S + (1 - mu)*q_G)`` after "arm" (1 - q in
  place of q after "restrain"). A security seeker arms in period t iff ``mu_t < pi*``. The number
  of consecutive "arm" observations that takes mu below pi* is
  ``n* = floor(ln(odds0/odds*) / ln(q_G/q_S)) + 1`` (0 if mu0 < pi*), odds = mu/(1 - mu).

Conventions: payoffs are in units of the value of mutual cooperation (R = 1); probabilities and
beliefs lie in [0, 1]; all results are float64. :func:`update_belief` and
:func:`observation_probabilities` are the vectorised Bayesian update that the engine reuses, so
that its beliefs equal :func:`spiral`'s ``posterior_path`` for the same observations.
"""

from __future__ import annotations

from realpolitik.theory.inputs import Input
from realpolitik.theory.spiral._beliefs import (
    MISPERCEPTION_LEVELS,
    Spiral,
    misperception_paths,
    observation_probabilities,
    spiral,
    update_belief,
)
from realpolitik.theory.spiral._games import (
    REGIMES,
    Reassurance,
    TwoType,
    min_trust,
    reassurance,
    two_type,
    uniform_cutoffs,
)

__all__ = [
    "INPUTS",
    "MISPERCEPTION_LEVELS",
    "REFERENCES",
    "REGIMES",
    "Reassurance",
    "Spiral",
    "TwoType",
    "min_trust",
    "misperception_paths",
    "observation_probabilities",
    "reassurance",
    "spiral",
    "two_type",
    "uniform_cutoffs",
    "update_belief",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = (
    "jervis1976",
    "glaser1997",
    "glaser2010",
    "kydd1997",
    "kydd2000",
    "kydd2005",
)

#: The classic inputs: a spiral after five "arm" observations, and reassurance at low trust.
INPUTS: tuple[Input, ...] = (
    Input("mu0", 0.8, "Prior trust: P(the rival is a security seeker)", lo=0.0, hi=1.0),
    Input("a_S", 0.2, "P(a security seeker arms)", lo=0.0, hi=1.0),
    Input("a_G", 0.8, "P(a greedy state arms), > a_S", lo=0.0, hi=1.0),
    Input("eps", 0.1, "Misperception: P(an observation is flipped)", lo=0.0, hi=0.5),
    Input("c", 0.5, "Cost of being exploited", "utility", lo=0.0, lo_open=True),
    Input("t_S", 0.4, "Security seeker's temptation", "utility", lo=0.0, hi=1.0, hi_open=True),
    Input(
        "observations",
        (1, 1, 1, 1, 1),
        "Observed moves, 1 = arm, 0 = restrain (e.g. 11111)",
        kind="bits",
    ),
    Input("t_G", 1.5, "Greedy type's temptation", "utility", lo=1.0, lo_open=True),
    Input("pi", 0.3, "Trust for the two-type and reassurance games", lo=0.0, hi=1.0),
    Input("k_S", 1.0, "Security seeker's cost per unit of gesture", lo=0.0, lo_open=True),
    Input("k_G", 3.0, "Greedy type's cost per unit of gesture", lo=0.0, lo_open=True),
    Input("x_max", 1.0, "Largest feasible reassuring gesture", lo=0.0),
)

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (Reassurance, Spiral, TwoType):
    _cls.__module__ = __name__
del _cls

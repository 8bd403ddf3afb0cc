"""Long-run and discounted payoffs of a match between two memory-one strategies, exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import in_range, probability, real
from realpolitik.theory.repeated._chain import (
    _cesaro,
    _log_first_round,
    _log_transition,
)
from realpolitik.theory.repeated._strategies import Strategy, _check_strategy


@dataclass(frozen=True)
class Match:
    """Long-run (or discounted) outcome of a match between two memory-one strategies.

    Attributes
    ----------
    stationary : tuple of float
        Occupancy of ``(CC, CD, DC, DD)`` from X's view: the stationary distribution (noisy,
        ergodic chain), the Cesaro average from round 1 (no noise), or the normalised
        discounted occupancy (when ``w`` is given). Sums to 1.
    payoff_X, payoff_Y : float
        Per-round payoffs ``v . (R, S, T, P)`` and ``v . (R, T, S, P)``.
    closed_classes : int
        Number of closed communicating classes of the chain; 1 means the long run does not
        depend on the first round.
    """

    stationary: tuple[float, float, float, float]
    payoff_X: float  # noqa: N815
    payoff_Y: float  # noqa: N815
    closed_classes: int

    @property
    def cooperation_X(self) -> float:
        """Share of rounds in which X cooperates, ``v_CC + v_CD``."""
        return self.stationary[0] + self.stationary[1]

    @property
    def cooperation_Y(self) -> float:
        """Share of rounds in which Y cooperates, ``v_CC + v_DC``."""
        return self.stationary[0] + self.stationary[2]


def match(
    X: Strategy,
    Y: Strategy,
    R: float = 3.0,
    S: float = 0.0,
    T: float = 5.0,
    P: float = 1.0,
    eps_impl: float = 0.0,
    eps_perc: float = 0.0,
    w: float | None = None,
) -> Match:
    """Return the long-run or discounted occupancy and payoffs of X against Y.

    Parameters
    ----------
    X, Y : Strategy
        The row (X) and column (Y) memory-one strategies.
    R, S, T, P : float, optional
        Row player's stage payoffs for (C,C), (C,D), (D,C), (D,D); default 3, 0, 5, 1.
    eps_impl : float, optional
        Implementation noise in [0, 1] (applies to the first move too).
    eps_perc : float, optional
        Perception noise in [0, 1].
    w : float or None, optional
        Continuation probability in [0, 1). ``None`` (default) gives the long run: the
        stationary distribution when noise makes the chain ergodic, otherwise the exact
        Cesaro average of ``v1 M^t`` (start-dependent when the chain has several closed
        classes; exact for periodic chains). Both are the same Cesaro limit, which equals the
        stationary distribution whenever there is one closed class; with perception noise
        alone the chain need not be ergodic (GRIM's DD absorbs), and the limit from ``v1``
        is then reported. A number gives the normalised discounted
        occupancy ``(1 - w) v1 (I - w M)^{-1}``.

    Returns
    -------
    Match
        ``stationary`` (tuple of 4 floats), ``payoff_X``, ``payoff_Y``, ``closed_classes``.

    Raises
    ------
    ValueError
        If a strategy is not a :class:`Strategy`, a payoff is not a finite real, a noise level
        is outside [0, 1] or ``w`` is outside [0, 1).
    """
    X, Y = _check_strategy("X", X), _check_strategy("Y", Y)
    R, S, T, P = real("R", R), real("S", S), real("T", T), real("P", P)
    eps_impl = probability("eps_impl", eps_impl)
    eps_perc = probability("eps_perc", eps_perc)
    if w is not None:
        w = in_range("w", w, 0.0, 1.0, hi_open=True)
    logM = _log_transition(X, Y, eps_impl, eps_perc)
    v1 = np.exp(_log_first_round(X, Y, eps_impl))
    v, n_classes = _cesaro(logM, v1)
    if w is not None:
        v = np.linalg.solve((np.eye(4) - w * np.exp(logM)).T, (1.0 - w) * v1)
        v = np.clip(v, 0.0, None)
        v = v / v.sum()
    payoff_X = float(v @ np.array([R, S, T, P]))
    payoff_Y = float(v @ np.array([R, T, S, P]))
    return Match(
        stationary=(float(v[0]), float(v[1]), float(v[2]), float(v[3])),
        payoff_X=payoff_X,
        payoff_Y=payoff_Y,
        closed_classes=n_classes,
    )

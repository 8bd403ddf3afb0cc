"""Jervis's offense-defense balance and distinguishability as a symmetric 2x2 arming game.

Sources: R. Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978;
repeated play after R. Axelrod, *The Evolution of Cooperation* (1984) and the standard
folk-theorem results. docs/models/offense_defense.md.

Equations implemented
---------------------
Action 0 = C (do not arm), 1 = D (arm). The row player's payoffs are R (C,C), S (C,D),
T (D,C), P (D,D); the column player's are the transpose. Mixed strategies are reported as P(C).

* Game types (strict inequalities, in this order): T > R and P > S: "prisoners_dilemma" if
  R > P else "deadlock"; R > T and P > S: "stag_hunt"; T > R and S > P: "chicken"; R > T and
  S > P: "harmony"; otherwise "degenerate".
* Mixed equilibrium / belief threshold: ``q* = (P - S)/((R - T) + (P - S))``; in a stag hunt a
  player cooperates iff P(other cooperates) >= q*, and (C,C) is risk dominant iff
  ``R - T > P - S``.
* Arming game (lab convention), offense advantage beta in [0, 1], distinguishability (warning)
  d in [0, 1], status-quo value v, arming cost c > 0, gain g > 0, loss L > 0::

      R = v,  P = v - c
      T = (1-d)*(v - c + beta*g) + d*(v - c)
      S = (1-d)*(v - beta*L)     + d*(v - c)

  so T > R iff ``beta*(1-d)*g > c`` and P > S iff ``(1-d)*(beta*L - c) > 0``; thresholds
  ``beta_T = c/((1-d)*g)`` (inf at d = 1) and ``beta_S = c/L``.
* Four worlds: offense dominant iff beta > beta0 (0.5), distinguishable iff d >= d0 (0.5).
* Repeated prisoner's dilemma, continuation probability delta: grim trigger iff
  ``delta >= (T-R)/(T-P)``; TFT iff ``delta >= max((T-R)/(T-P), (T-R)/(R-S))`` (a value >= 1
  means never); WSLS iff ``delta >= (T-R)/(R-P)``, which needs ``2R > T + P`` (else None).
  Stag hunt and harmony: 0; chicken: None; deadlock and degenerate: None (0 where R >= T).

Conventions: payoffs in any common unit (float64); beta, d, delta and probabilities in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as val
from realpolitik.theory.inputs import Input

__all__ = [
    "GAME_TYPES",
    "INPUTS",
    "REFERENCES",
    "WORLDS",
    "Game",
    "WorldMap",
    "arming_game",
    "four_worlds",
    "thresholds",
    "world",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = ("jervis1978", "axelrod1984")

#: Labels of :attr:`Game.game_type`, in the order the classification checks them.
GAME_TYPES: tuple[str, ...] = (
    "prisoners_dilemma",
    "deadlock",
    "stag_hunt",
    "chicken",
    "harmony",
    "degenerate",
)

#: Jervis's four worlds (1978, p. 211), labels of :func:`world`.
WORLDS: tuple[str, ...] = (
    "1_doubly_dangerous",
    "2_security_dilemma_compatible_requirements",
    "3_no_security_dilemma_aggression_possible",
    "4_doubly_stable",
)


@dataclass(frozen=True)
class Game:
    """A symmetric 2x2 game; action 0 = C (restrain), 1 = D (arm).

    Parameters
    ----------
    R : float
        Row payoff at (C, C).
    S : float
        Row payoff at (C, D) (the sucker's payoff).
    T : float
        Row payoff at (D, C) (the temptation).
    P : float
        Row payoff at (D, D).

    Raises
    ------
    ValueError
        If a payoff is not a finite real number.
    """

    R: float
    S: float
    T: float
    P: float

    def __post_init__(self) -> None:
        for name in ("R", "S", "T", "P"):
            object.__setattr__(self, name, val.real(name, getattr(self, name)))

    @property
    def payoff_matrix(self) -> np.ndarray:
        """The row player's payoffs ``[[R, S], [T, P]]`` (the column player's is its transpose)."""
        return np.array([[self.R, self.S], [self.T, self.P]])

    @property
    def game_type(self) -> str:
        """The game's type, one of :data:`GAME_TYPES` (strict inequalities, ties: "degenerate")."""
        R, S, T, P = self.R, self.S, self.T, self.P
        if T > R and P > S:
            return "prisoners_dilemma" if R > P else "deadlock"
        if R > T and P > S:
            return "stag_hunt"
        if T > R and S > P:
            return "chicken"
        if R > T and S > P:
            return "harmony"
        return "degenerate"

    @property
    def q_star(self) -> float | None:
        """The indifference belief ``q* = (P - S)/((R - T) + (P - S))``.

        The probability that the other cooperates at which C and D pay the same: in a stag hunt
        the cooperation threshold (cooperate iff P(other C) >= q*), in chicken each player's
        P(C) in the mixed equilibrium. None when it is undefined (zero denominator) or outside
        [0, 1] (one action dominates).
        """
        den = (self.R - self.T) + (self.P - self.S)
        if den == 0:
            return None
        q = (self.P - self.S) / den
        return q if 0.0 <= q <= 1.0 else None

    @property
    def risk_dominant(self) -> str | None:
        """In a stag hunt, "(C,C)" if ``R - T > P - S``, "(D,D)" if ``R - T < P - S``.

        None for a tie or a game that is not a stag hunt.
        """
        if self.game_type != "stag_hunt":
            return None
        gap = (self.R - self.T) - (self.P - self.S)
        return "(C,C)" if gap > 0 else "(D,D)" if gap < 0 else None

    def nash_equilibria(self) -> tuple[tuple[float, float], ...]:
        """Return the Nash equilibria as (row P(C), column P(C)) pairs, sorted ascending.

        Pure equilibria use weak best replies; the completely mixed equilibrium is the
        symmetric point (q*, q*) whenever 0 < q* < 1. In a game with ties (a "degenerate" one)
        a continuum of equilibria can exist; only its pure profiles and the symmetric mixed
        point are listed.

        Returns
        -------
        tuple of tuple of float
            E.g. ``((0.0, 0.0),)`` for a prisoner's dilemma (mutual arming).
        """
        A = self.payoff_matrix
        out = []
        for i in (0, 1):
            for j in (0, 1):
                row_best = A[i, j] >= A[1 - i, j]
                col_best = A[j, i] >= A[1 - j, i]  # column payoffs are the transpose
                if row_best and col_best:
                    out.append((1.0 - i, 1.0 - j))
        q = self.q_star
        if q is not None and 0.0 < q < 1.0:
            out.append((q, q))
        return tuple(sorted(out))

    def grim_threshold(self) -> float | None:
        """Return the smallest delta at which grim trigger sustains (C, C).

        Returns
        -------
        float or None
            Prisoner's dilemma: ``(T - R)/(T - P)``. Stag hunt, harmony and degenerate games
            with R >= T: 0 ((C, C) is already a stage equilibrium). Chicken, deadlock and other
            degenerate games: None.
        """
        if self.game_type != "prisoners_dilemma":
            return self._threshold_outside_pd()
        return (self.T - self.R) / (self.T - self.P)

    def tft_threshold(self) -> float | None:
        """Return the smallest delta at which TFT is a Nash equilibrium against itself.

        Returns
        -------
        float or None
            Prisoner's dilemma: ``max((T - R)/(T - P), (T - R)/(R - S))`` (Axelrod 1984,
            Prop. 2); a value >= 1 means never. Other games as :meth:`grim_threshold`.
        """
        if self.game_type != "prisoners_dilemma":
            return self._threshold_outside_pd()
        gain = self.T - self.R
        return max(gain / (self.T - self.P), gain / (self.R - self.S))

    def wsls_threshold(self) -> float | None:
        """Return the smallest delta at which win-stay, lose-shift (Pavlov) is an SPE.

        Returns
        -------
        float or None
            Prisoner's dilemma with ``2R > T + P``: ``(T - R)/(R - P)``; with ``2R <= T + P``
            never: None. Other games as :meth:`grim_threshold`.
        """
        if self.game_type != "prisoners_dilemma":
            return self._threshold_outside_pd()
        if not 2.0 * self.R > self.T + self.P:
            return None
        return (self.T - self.R) / (self.R - self.P)

    def _threshold_outside_pd(self) -> float | None:
        kind = self.game_type
        if kind in ("stag_hunt", "harmony") or (kind == "degenerate" and self.R >= self.T):
            return 0.0
        return None


def arming_game(v: float, c: float, g: float, L: float, beta: float, d: float) -> Game:
    """Build the lab's arming game from the offense-defense balance and distinguishability.

    Parameters
    ----------
    v : float
        Value of the secure status quo (any real).
    c : float
        Cost of arming, > 0.
    g : float
        Gain from exploiting a disarmed rival, > 0.
    L : float
        Loss when exploited, > 0.
    beta : float
        Offense advantage in [0, 1] (0 = defense dominant, 1 = offense dominant).
    d : float
        Distinguishability in [0, 1]: the probability that an attempt to exploit is detected in
        time (warning), after which both end up armed.

    Returns
    -------
    Game
        ``R = v``, ``P = v - c``, ``T = (1-d)(v - c + beta*g) + d(v - c)``,
        ``S = (1-d)(v - beta*L) + d(v - c)``.

    Raises
    ------
    ValueError
        If v is not finite, c, g or L is not > 0, or beta or d lies outside [0, 1].
    """
    v = val.real("v", v)
    c = val.positive("c", c)
    g = val.positive("g", g)
    L = val.positive("L", L)
    beta = val.probability("beta", beta)
    d = val.probability("d", d)
    armed = v - c
    return Game(
        R=v,
        S=(1.0 - d) * (v - beta * L) + d * armed,
        T=(1.0 - d) * (armed + beta * g) + d * armed,
        P=armed,
    )


def world(beta: float, d: float, beta0: float = 0.5, d0: float = 0.5) -> str:
    """Return Jervis's world for an offense advantage and a distinguishability.

    Parameters
    ----------
    beta : float
        Offense advantage in [0, 1]; offense dominant iff ``beta > beta0``.
    d : float
        Distinguishability in [0, 1]; distinguishable iff ``d >= d0``.
    beta0, d0 : float, default 0.5
        The thresholds, in [0, 1].

    Returns
    -------
    str
        "1_doubly_dangerous" (offense, not distinguishable),
        "2_security_dilemma_compatible_requirements" (defense, not distinguishable),
        "3_no_security_dilemma_aggression_possible" (offense, distinguishable) or
        "4_doubly_stable" (defense, distinguishable).

    Raises
    ------
    ValueError
        If an argument lies outside [0, 1].
    """
    beta = val.probability("beta", beta)
    d = val.probability("d", d)
    beta0 = val.probability("beta0", beta0)
    d0 = val.probability("d0", d0)
    offense = beta > beta0
    distinguishable = d >= d0
    if distinguishable:
        return WORLDS[2] if offense else WORLDS[3]
    return WORLDS[0] if offense else WORLDS[1]


def thresholds(c: float, g: float, L: float, d: float) -> tuple[float, float]:
    """Return the offense advantages at which the arming game's payoff orderings flip.

    Parameters
    ----------
    c : float
        Cost of arming, > 0.
    g : float
        Gain from exploiting a disarmed rival, > 0.
    L : float
        Loss when exploited, > 0.
    d : float
        Distinguishability in [0, 1].

    Returns
    -------
    tuple of float
        ``(beta_T, beta_S)``: T > R iff beta > ``beta_T = c/((1-d)*g)`` (math.inf at d = 1:
        never), and P > S iff beta > ``beta_S = c/L`` (when d < 1). Values above 1 mean the
        flip is not reached for beta in [0, 1].

    Raises
    ------
    ValueError
        If c, g or L is not > 0 or d lies outside [0, 1].
    """
    c = val.positive("c", c)
    g = val.positive("g", g)
    L = val.positive("L", L)
    d = val.probability("d", d)
    beta_T = math.inf if d == 1.0 else c / ((1.0 - d) * g)
    return (beta_T, c / L)


# ---------------------------------------------------------------------------------------------
# The four worlds over a grid, and the classic inputs
# ---------------------------------------------------------------------------------------------

_GRID = Input("grid", 51, "Grid points per axis of the map", kind="integer", lo=2, hi=401)

#: The classic inputs: the arming game's payoffs over a grid of (beta, d), or one game.
INPUTS: tuple[Input, ...] = (
    Input("v", 4.0, "Value of the secure status quo (payoff R)", "utility"),
    Input("c", 1.0, "Cost of arming", "utility", lo=0.0, lo_open=True),
    Input("g", 3.0, "Gain from exploiting a disarmed rival", "utility", lo=0.0, lo_open=True),
    Input("L", 4.0, "Loss when exploited", "utility", lo=0.0, lo_open=True, aliases=("loss",)),
    Input("beta", None, "Offense advantage: with d, solve that one game", lo=0.0, hi=1.0),
    Input("d", None, "Distinguishability (warning): with beta, one game", lo=0.0, hi=1.0),
    Input("beta0", 0.5, "Offense-dominance threshold of the four worlds", lo=0.0, hi=1.0),
    Input("d0", 0.5, "Distinguishability threshold of the four worlds", lo=0.0, hi=1.0),
    _GRID,
)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class WorldMap:
    """Jervis's four worlds over a grid of offense advantage and distinguishability.

    Attributes
    ----------
    betas : numpy.ndarray
        Offense advantages, ``grid`` points from 0 to 1.
    ds : numpy.ndarray
        Distinguishabilities, ``grid`` points from 0 to 1.
    game_types : numpy.ndarray
        The arming game's type (:data:`GAME_TYPES`) in each cell, shape ``(len(ds), len(betas))``
        (row i is ``d = ds[i]``).
    worlds : numpy.ndarray
        The world (:data:`WORLDS`) of each cell, same shape.
    beta_T : numpy.ndarray
        The temptation threshold ``beta_T(d)`` at each d (inf at d = 1).
    beta_S : float
        The sucker threshold ``c / L``.
    beta0, d0 : float
        The four worlds' thresholds.
    """

    betas: np.ndarray
    ds: np.ndarray
    game_types: np.ndarray
    worlds: np.ndarray
    beta_T: np.ndarray  # noqa: N815 (Jervis's threshold symbols)
    beta_S: float  # noqa: N815
    beta0: float
    d0: float

    def game_mix(self, label: str) -> tuple[tuple[str, int], ...]:
        """Return the game types of a world's cells with their counts, most frequent first.

        Parameters
        ----------
        label : str
            One of :data:`WORLDS`.

        Returns
        -------
        tuple of (str, int)
            ``(game_type, cells)`` pairs; ties in alphabetical order; empty for an empty world.

        Raises
        ------
        ValueError
            For an unknown world.
        """
        label = val.choice("label", label, WORLDS)
        kinds, counts = np.unique(self.game_types[self.worlds == label], return_counts=True)
        pairs = [(str(k), int(n)) for k, n in zip(kinds, counts, strict=True)]
        return tuple(sorted(pairs, key=lambda pair: -pair[1]))


def four_worlds(
    v: float,
    c: float,
    g: float,
    L: float,
    beta0: float = 0.5,
    d0: float = 0.5,
    grid: int = 51,
) -> WorldMap:
    """Map the arming game's type and Jervis's world over a (beta, d) grid (Jervis 1978).

    Offense dominance (high beta) and indistinguishable postures (low d) turn the arming game
    from harmony into a stag hunt and then a prisoner's dilemma; warning lowers T.

    Parameters
    ----------
    v, c, g, L : float
        As in :func:`arming_game`.
    beta0, d0 : float, default 0.5
        The four worlds' thresholds, in [0, 1].
    grid : int, default 51
        Points per axis, an integer in [2, 401].

    Returns
    -------
    WorldMap
        Each cell's game type and world, and the payoff-ordering thresholds.

    Raises
    ------
    ValueError
        If an argument is out of its range.
    """
    grid = _GRID.check(grid)
    world(0.5, 0.5, beta0, d0)  # validates the thresholds
    betas = np.linspace(0.0, 1.0, grid)
    ds = np.linspace(0.0, 1.0, grid)
    types = np.empty((grid, grid), dtype=object)
    worlds = np.empty((grid, grid), dtype=object)
    for i, dd in enumerate(ds):
        for j, bb in enumerate(betas):
            types[i, j] = arming_game(v, c, g, L, float(bb), float(dd)).game_type
            worlds[i, j] = world(float(bb), float(dd), beta0, d0)
    return WorldMap(
        betas=betas,
        ds=ds,
        game_types=types.astype(str),
        worlds=worlds.astype(str),
        beta_T=np.array([thresholds(c, g, L, float(dd))[0] for dd in ds]),
        beta_S=thresholds(c, g, L, 0.0)[1],
        beta0=float(beta0),
        d0=float(d0),
    )

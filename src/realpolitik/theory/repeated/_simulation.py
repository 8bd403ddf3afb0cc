"""Brute-force simulation of repeated play, for memory-one strategies and functions of history.

It is the independent check of the exact payoffs, and the way strategies that are functions of
the history play.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import integer, probability, real
from realpolitik.theory.repeated._history import Player, check_player, play_history
from realpolitik.theory.repeated._strategies import Strategy


@dataclass(frozen=True)
class Simulation:
    """Averages from a brute-force simulation of repeated play.

    Attributes
    ----------
    payoff_X, payoff_Y : float
        Average per-round payoffs over all rounds of all matches.
    frequencies : tuple of float
        Observed shares of ``(CC, CD, DC, DD)`` from X's view.
    rounds : int
        Rounds per match.
    matches : int
        Number of independent matches.
    """

    payoff_X: float  # noqa: N815
    payoff_Y: float  # noqa: N815
    frequencies: tuple[float, float, float, float]
    rounds: int
    matches: int


# Below this many matches a scalar loop per match is faster than numpy over tiny arrays.
_VECTOR_MIN_MATCHES = 16
_CHUNK = 1 << 16


def _play_one(
    X: Strategy,
    Y: Strategy,
    rounds: int,
    eps_impl: float,
    eps_perc: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """One match, scalar loop (about 1 microsecond a round); returns outcome counts."""
    pX, pY = X.response, Y.response
    counts = [0, 0, 0, 0]
    u = rng.random(4)
    x_d = bool((u[0] >= X.p0) ^ (u[1] < eps_impl))  # True = D
    y_d = bool((u[2] >= Y.p0) ^ (u[3] < eps_impl))
    counts[2 * x_d + y_d] += 1
    done = 1
    while done < rounds:
        n = min(_CHUNK, rounds - done)
        for u0, u1, u2, u3, u4, u5 in rng.random((n, 6)).tolist():
            y_seen = y_d ^ (u0 < eps_perc)  # X's reading of Y's last action
            x_seen = x_d ^ (u1 < eps_perc)
            x_d, y_d = (
                (u2 >= pX[2 * x_d + y_seen]) ^ (u3 < eps_impl),
                (u4 >= pY[2 * y_d + x_seen]) ^ (u5 < eps_impl),
            )
            counts[2 * x_d + y_d] += 1
        done += n
    return np.array(counts, dtype=np.int64)


def _play_parallel(
    X: Strategy,
    Y: Strategy,
    rounds: int,
    matches: int,
    eps_impl: float,
    eps_perc: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Many matches in parallel numpy arrays (one vector step a round); returns counts."""
    pX, pY = np.array(X.response), np.array(Y.response)

    def act(p_coop: np.ndarray | float) -> np.ndarray:
        defect = rng.random(matches) >= p_coop  # True = D
        return defect ^ (rng.random(matches) < eps_impl)

    def seen(defect: np.ndarray) -> np.ndarray:
        return defect ^ (rng.random(matches) < eps_perc)

    x_d, y_d = act(X.p0), act(Y.p0)
    counts = np.bincount(2 * x_d + y_d, minlength=4)
    for _ in range(rounds - 1):
        # index of (own, other's perceived) in CC, CD, DC, DD order, D = 1
        x_d, y_d = act(pX[2 * x_d + seen(y_d)]), act(pY[2 * y_d + seen(x_d)])
        counts += np.bincount(2 * x_d + y_d, minlength=4)
    return counts


def simulate_match(
    X: Player,
    Y: Player,
    rounds: int,
    R: float = 3.0,
    S: float = 0.0,
    T: float = 5.0,
    P: float = 1.0,
    eps_impl: float = 0.0,
    eps_perc: float = 0.0,
    *,
    matches: int = 1,
    seed: int | np.random.Generator | None = None,
) -> Simulation:
    """Simulate repeated play move by move (a check on, and teaching companion to, :func:`match`).

    Each round each player looks at the other's last action (misread with probability
    ``eps_perc``), draws its intended action from its strategy, and the action is flipped with
    probability ``eps_impl`` (round 1 uses ``p0`` and the flip only). Few matches are played by
    a scalar loop (about 1 microsecond a round: 4e5 rounds take well under a second); 16 or
    more run in parallel numpy arrays, so the cost then grows with ``rounds``, not with
    ``rounds * matches`` (100 matches of 4000 rounds take about 0.1 s). The averages include
    the opening rounds: to estimate the long run of :func:`match`, use many rounds per match
    relative to the chain's mixing time. A strategy that is a function of the history
    (``f(mine, theirs)``, see :mod:`realpolitik.theory.repeated`) plays move by move in the
    scalar loop, with the same noise, whatever the number of matches.

    Parameters
    ----------
    X, Y : Strategy or callable
        The row (X) and column (Y) strategies: memory-one, or functions of the history.
    rounds : int
        Rounds per match, >= 1.
    R, S, T, P : float, optional
        Row player's stage payoffs; default 3, 0, 5, 1.
    eps_impl, eps_perc : float, optional
        Implementation and perception noise in [0, 1].
    matches : int, optional
        Number of independent matches, >= 1 (default 1).
    seed : int, numpy.random.Generator or None, optional
        Seed or generator for reproducibility.

    Returns
    -------
    Simulation
        Average payoffs and outcome frequencies.

    Raises
    ------
    ValueError
        If an argument is outside its allowed range, or a function returns something other
        than 'C', 'D' or a probability of cooperating.
    """
    X, Y = check_player("X", X), check_player("Y", Y)
    rounds = integer("rounds", rounds, lo=1)
    matches = integer("matches", matches, lo=1)
    R, S, T, P = real("R", R), real("S", S), real("T", T), real("P", P)
    eps_impl = probability("eps_impl", eps_impl)
    eps_perc = probability("eps_perc", eps_perc)
    rng = np.random.default_rng(seed)
    if not (isinstance(X, Strategy) and isinstance(Y, Strategy)):
        counts = sum(
            (play_history(X, Y, rounds, eps_impl, eps_perc, rng) for _ in range(matches)),
            start=np.zeros(4, dtype=np.int64),
        )
    elif matches < _VECTOR_MIN_MATCHES:
        counts = sum(
            (_play_one(X, Y, rounds, eps_impl, eps_perc, rng) for _ in range(matches)),
            start=np.zeros(4, dtype=np.int64),
        )
    else:
        counts = _play_parallel(X, Y, rounds, matches, eps_impl, eps_perc, rng)
    freq = counts / counts.sum()
    return Simulation(
        payoff_X=float(freq @ np.array([R, S, T, P])),
        payoff_Y=float(freq @ np.array([R, T, S, P])),
        frequencies=(float(freq[0]), float(freq[1]), float(freq[2]), float(freq[3])),
        rounds=rounds,
        matches=matches,
    )

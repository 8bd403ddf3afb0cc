"""Iterated security game with noise: memory-one strategies as a Markov chain (MODELS.md 7).

Sources: R. Axelrod, *The Evolution of Cooperation* (1984); M. Nowak & K. Sigmund, "Tit for tat
in heterogeneous populations", *Nature* 355 (1992) (generous tit for tat, GTFT); M. Nowak &
K. Sigmund, "A strategy of win-stay, lose-shift that outperforms tit-for-tat in the Prisoner's
Dilemma game", *Nature* 364 (1993) (WSLS); W. Press & F. Dyson, "Iterated Prisoner's Dilemma
contains strategies that dominate any evolutionary opponent", *PNAS* 109 (2012) (the Markov
formulation).

Model
-----
A memory-one strategy is ``(p0, p_cc, p_cd, p_dc, p_dd)``: ``p0`` is P(C) in round 1 and
``p_xy`` is P(C) after a round in which *I* played ``x`` and *the other* played ``y``. The row
player's stage payoffs are R (C,C), S (C,D), T (D,C), P (D,D); the game is symmetric.

Noise, independent across players and rounds:

* perception noise ``eps_perc``: a player misreads the other's last action, so
  ``p~(x, y) = (1 - eps_perc) p(x, y) + eps_perc p(x, not y)``; own actions are seen correctly;
* implementation noise ``eps_impl``: the intended action is flipped,
  ``p^ = eps_impl + (1 - 2 eps_impl) p~``; it also applies to ``p0``.

The true outcomes form a Markov chain on the states ordered ``(CC, CD, DC, DD)`` from X's
point of view (Y sees X's ``CD`` as its own ``DC``), with ``M[s, s']`` the product of X's and
Y's independent move probabilities and first-round distribution ``v1``. :func:`match` reports

* the long-run occupancy ``v`` (Cesaro limit of ``v1 M^t``). When noise makes the chain
  ergodic this is the unique stationary distribution (left eigenvector of ``M`` for the
  eigenvalue 1); without noise it is the Cesaro average from ``v1``, which may depend on the
  start and is exact for periodic chains;
* or, when a continuation probability ``w`` is given, the normalised discounted occupancy
  ``(1 - w) v1 (I - w M)^{-1}``,

and the payoffs ``pi_X = v . (R, S, T, P)`` and ``pi_Y = v . (R, T, S, P)`` (per round).

The Cesaro limit is computed exactly from the chain's structure: the closed communicating
classes (recurrent classes) of the transition graph, the stationary distribution of each class
by the Grassmann-Taksar-Heyman state-reduction algorithm (subtraction-free and exact for
periodic classes), and the absorption probabilities of the transient states by the same
elimination. No matrix powers, iterations or tolerances are involved. Transition
probabilities are built and reduced in log space as sums of non-negative terms, so any noise
level in (0, 1], down to the smallest float, keeps the chain's structure and its long run.

Conventions: probabilities in [0, 1]; payoffs are real numbers (any ordering for :func:`match`,
a prisoner's dilemma ``T > R > P > S`` for :func:`gtft`); ``w`` in [0, 1).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from realpolitik.theory._validate import in_range, integer, probability, real

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ALLC",
    "ALLD",
    "GRIM",
    "REFERENCES",
    "STATES",
    "TFT",
    "WSLS",
    "Match",
    "Simulation",
    "Strategy",
    "classic_strategies",
    "first_round",
    "generosity",
    "gtft",
    "match",
    "simulate_match",
    "tournament",
    "transition_matrix",
]

REFERENCES: tuple[str, ...] = ("axelrod1984", "nowak1992", "nowak1993", "press2012")

#: Outcome labels in the chain's state order, from X's point of view (X's action first).
STATES: tuple[str, str, str, str] = ("CC", "CD", "DC", "DD")

# Y's own state for each of X's states: X's CD is Y's DC and vice versa.
_SWAP = np.array([0, 2, 1, 3])


@dataclass(frozen=True)
class Strategy:
    """A memory-one strategy of the iterated game.

    Parameters
    ----------
    p0 : float
        Probability of cooperating in round 1, in [0, 1].
    p_cc, p_cd, p_dc, p_dd : float
        Probability of cooperating after a round in which I played the first letter and the
        other played the second (e.g. ``p_cd``: I cooperated, the other defected), in [0, 1].

    Raises
    ------
    ValueError
        If any probability is not a real number in [0, 1].
    """

    p0: float
    p_cc: float
    p_cd: float
    p_dc: float
    p_dd: float

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, probability(f.name, getattr(self, f.name)))

    @property
    def response(self) -> tuple[float, float, float, float]:
        """P(C) after each previous outcome ``(CC, CD, DC, DD)`` from this player's view."""
        return (self.p_cc, self.p_cd, self.p_dc, self.p_dd)


#: Always cooperate.
ALLC = Strategy(1.0, 1.0, 1.0, 1.0, 1.0)
#: Always defect.
ALLD = Strategy(0.0, 0.0, 0.0, 0.0, 0.0)
#: Tit for tat: cooperate first, then copy the other's last action.
TFT = Strategy(1.0, 1.0, 0.0, 1.0, 0.0)
#: Grim trigger as memory-one: defects forever once any D occurred (its own erroneous D too).
GRIM = Strategy(1.0, 1.0, 0.0, 0.0, 0.0)
#: Win-stay, lose-shift (Pavlov): repeat after R or T, switch after S or P.
WSLS = Strategy(1.0, 1.0, 0.0, 0.0, 1.0)


def _check_pd(R: float, S: float, T: float, P: float) -> tuple[float, float, float, float]:
    R, S, T, P = real("R", R), real("S", S), real("T", T), real("P", P)
    if not T > R > P > S:
        raise ValueError(
            f"R, S, T, P = {R!r}, {S!r}, {T!r}, {P!r} is not a prisoner's dilemma; "
            "allowed: payoffs with T > R > P > S"
        )
    return R, S, T, P


def generosity(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> float:
    """Return GTFT's forgiveness ``g* = min(1 - (T-R)/(R-S), (R-P)/(T-P))`` (Nowak-Sigmund 1992).

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs, ``T > R > P > S``.

    Returns
    -------
    float
        ``g*`` (1/3 for 3, 0, 5, 1). When ``2R <= T + S`` the first term is <= 0 and no
        forgiveness is safe; the value is then clipped to 0 (GTFT becomes TFT).

    Raises
    ------
    ValueError
        If the payoffs are not real numbers with ``T > R > P > S``.
    """
    R, S, T, P = _check_pd(R, S, T, P)
    g = min(1.0 - (T - R) / (R - S), (R - P) / (T - P))
    return max(0.0, g)


def gtft(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> Strategy:
    """Return generous tit for tat ``(1, 1, g*, 1, g*)`` for the given payoffs.

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs, ``T > R > P > S``.

    Returns
    -------
    Strategy
        GTFT: cooperate first and after the other's C; after the other's D cooperate with
        probability ``g*`` (see :func:`generosity`).

    Raises
    ------
    ValueError
        If the payoffs are not real numbers with ``T > R > P > S``.
    """
    g = generosity(R, S, T, P)
    return Strategy(1.0, 1.0, g, 1.0, g)


def classic_strategies(
    R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0
) -> dict[str, Strategy]:
    """Return the tour's strategies (MODELS.md 11): TFT, GTFT, WSLS, GRIM, ALLD, ALLC.

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs (used for GTFT's ``g*``), ``T > R > P > S``.

    Returns
    -------
    dict[str, Strategy]
        Name -> strategy, in the order above.

    Raises
    ------
    ValueError
        If the payoffs are not a prisoner's dilemma.
    """
    return {
        "TFT": TFT,
        "GTFT": gtft(R, S, T, P),
        "WSLS": WSLS,
        "GRIM": GRIM,
        "ALLD": ALLD,
        "ALLC": ALLC,
    }


def _check_strategy(name: str, value: object) -> Strategy:
    if not isinstance(value, Strategy):
        raise ValueError(f"{name} = {value!r} is not a Strategy; expected a repeated.Strategy")
    return value


def _log(x: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(x)


def _noisy(log_c: np.ndarray, log_d: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Mix P(C), P(D) with their swap: ``c' = (1-eps) c + eps d``, in log space.

    Written as a mixture of non-negative terms (``eps + (1 - 2 eps) p`` is the same number),
    so there is no cancellation and no underflow, whatever ``eps``.
    """
    keep, flip = _log(1.0 - eps), _log(eps)
    return (
        np.logaddexp(keep + log_c, flip + log_d),
        np.logaddexp(keep + log_d, flip + log_c),
    )


def _log_moves(s: Strategy, eps_impl: float, eps_perc: float) -> tuple[np.ndarray, np.ndarray]:
    """Return log P(C) and log P(D) after each own-view state ``(CC, CD, DC, DD)``, with noise.

    Perception: ``p~(x, y) = (1-eps_perc) p(x, y) + eps_perc p(x, not y)``; implementation:
    ``p^ = eps_impl + (1 - 2 eps_impl) p~`` (here ``(1-eps_impl) p~ + eps_impl (1 - p~)``).
    """
    c = np.array(s.response)
    log_c, log_d = _log(c), _log(1.0 - c)
    flip = np.array([1, 0, 3, 2])  # (x, y) -> (x, not y)
    keep, misread = _log(1.0 - eps_perc), _log(eps_perc)
    log_c, log_d = (
        np.logaddexp(keep + log_c, misread + log_c[flip]),
        np.logaddexp(keep + log_d, misread + log_d[flip]),
    )
    return _noisy(log_c, log_d, eps_impl)


def _log_transition(X: Strategy, Y: Strategy, eps_impl: float, eps_perc: float) -> np.ndarray:
    xc, xd = _log_moves(X, eps_impl, eps_perc)
    yc, yd = _log_moves(Y, eps_impl, eps_perc)
    yc, yd = yc[_SWAP], yd[_SWAP]
    return np.column_stack([xc + yc, xc + yd, xd + yc, xd + yd])


def _log_first_round(X: Strategy, Y: Strategy, eps_impl: float) -> np.ndarray:
    xc, xd = _noisy(_log(np.array([X.p0])), _log(np.array([1.0 - X.p0])), eps_impl)
    yc, yd = _noisy(_log(np.array([Y.p0])), _log(np.array([1.0 - Y.p0])), eps_impl)
    return np.concatenate([xc + yc, xc + yd, xd + yc, xd + yd])


def transition_matrix(
    X: Strategy, Y: Strategy, eps_impl: float = 0.0, eps_perc: float = 0.0
) -> np.ndarray:
    """Return the 4x4 transition matrix over outcomes ``(CC, CD, DC, DD)`` from X's view.

    Parameters
    ----------
    X, Y : Strategy
        The two memory-one strategies.
    eps_impl : float, optional
        Implementation noise in [0, 1].
    eps_perc : float, optional
        Perception noise in [0, 1].

    Returns
    -------
    numpy.ndarray
        ``M[s, s']``, shape (4, 4), rows summing to 1.

    Raises
    ------
    ValueError
        If a strategy is not a :class:`Strategy` or a noise level is outside [0, 1].
    """
    X, Y = _check_strategy("X", X), _check_strategy("Y", Y)
    eps_impl = probability("eps_impl", eps_impl)
    eps_perc = probability("eps_perc", eps_perc)
    return np.exp(_log_transition(X, Y, eps_impl, eps_perc))


def first_round(X: Strategy, Y: Strategy, eps_impl: float = 0.0) -> np.ndarray:
    """Return the first-round outcome distribution ``v1`` over ``(CC, CD, DC, DD)``.

    Parameters
    ----------
    X, Y : Strategy
        The two memory-one strategies.
    eps_impl : float, optional
        Implementation noise in [0, 1] (it also flips the first move; perception noise does
        not matter in round 1).

    Returns
    -------
    numpy.ndarray
        Shape (4,), summing to 1.

    Raises
    ------
    ValueError
        If a strategy is not a :class:`Strategy` or ``eps_impl`` is outside [0, 1].
    """
    X, Y = _check_strategy("X", X), _check_strategy("Y", Y)
    return np.exp(_log_first_round(X, Y, probability("eps_impl", eps_impl)))


def _closed_classes(edge: np.ndarray) -> list[list[int]]:
    """Return the closed communicating classes of the graph ``edge``, in state order."""
    n = edge.shape[0]
    reach = edge | np.eye(n, dtype=bool)
    for k in range(n):  # Warshall's transitive closure
        reach = reach | (reach[:, [k]] & reach[[k], :])
    classes: list[list[int]] = []
    assigned: set[int] = set()
    for i in range(n):
        if i in assigned:
            continue
        members = [j for j in range(n) if reach[i, j] and reach[j, i]]
        assigned.update(members)
        outside = [j for j in range(n) if j not in members]
        if not edge[np.ix_(members, outside)].any():
            classes.append(members)
    return classes


def _logsumexp(a: np.ndarray) -> float:
    return float(np.logaddexp.reduce(a))


def _gth(logP: np.ndarray) -> np.ndarray:
    """Return the stationary distribution of an irreducible block (Grassmann-Taksar-Heyman).

    State reduction in log space: no subtractions and no underflow, so it is accurate for
    tiny transition probabilities, and exact for periodic chains (it never iterates).
    """
    A = np.array(logP, dtype=float)
    n = A.shape[0]
    log_exit = np.zeros(n)
    for k in range(n - 1, 0, -1):
        log_exit[k] = _logsumexp(A[k, :k])  # finite: the block is irreducible
        A[k, :k] -= log_exit[k]  # conditional probabilities of where k goes
        A[:k, :k] = np.logaddexp(A[:k, :k], A[:k, k][:, None] + A[k, :k][None, :])
    x = np.full(n, -np.inf)
    x[0] = 0.0
    for k in range(1, n):
        # x_k = sum_i x_i A_ik / s_k, written as a rescaling of x_0..x_{k-1} by s_k
        inflow = _logsumexp(x[:k] + A[:k, k])
        x[:k] += log_exit[k]
        x[k] = inflow
        x[: k + 1] -= x[: k + 1].max()
    pi = np.exp(x)
    return pi / pi.sum()


def _absorption(logM: np.ndarray, transient: list[int], classes: list[list[int]]) -> np.ndarray:
    """Return ``h[c, i]``: the probability that state i ends in closed class c.

    Transient states are eliminated one by one (censoring, in log space); the absorption
    probabilities then follow by back-substitution.
    """
    n = logM.shape[0]
    A = np.array(logM, dtype=float)
    alive = list(range(n))
    steps = []
    for k in transient:
        alive.remove(k)
        log_out = A[k, alive] - _logsumexp(A[k, alive])  # where k goes when it leaves
        steps.append((k, list(alive), np.exp(log_out)))
        block = np.ix_(alive, alive)
        A[block] = np.logaddexp(A[block], A[alive, k][:, None] + log_out[None, :])
    h = np.zeros((len(classes), n))
    for c, members in enumerate(classes):
        h[c, members] = 1.0
    for k, others, p_out in reversed(steps):
        h[:, k] = h[:, others] @ p_out
    return h


def _cesaro(logM: np.ndarray, v1: np.ndarray) -> tuple[np.ndarray, int]:
    """Return the exact Cesaro limit of ``v1 M^t`` and the number of closed classes.

    ``v = sum_C P(v1 ends in C) * pi_C`` over the closed communicating classes C.
    """
    classes = _closed_classes(logM > -np.inf)
    recurrent = [i for c in classes for i in c]
    transient = [i for i in range(logM.shape[0]) if i not in recurrent]
    mass = _absorption(logM, transient, classes) @ v1
    v = np.zeros(logM.shape[0])
    for members, m in zip(classes, mass, strict=True):
        v[members] += m * _gth(logM[np.ix_(members, members)])
    return v / v.sum(), len(classes)


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
    X: Strategy,
    Y: Strategy,
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
    relative to the chain's mixing time.

    Parameters
    ----------
    X, Y : Strategy
        The row (X) and column (Y) strategies.
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
        If an argument is outside its allowed range.
    """
    X, Y = _check_strategy("X", X), _check_strategy("Y", Y)
    rounds = integer("rounds", rounds, lo=1)
    matches = integer("matches", matches, lo=1)
    R, S, T, P = real("R", R), real("S", S), real("T", T), real("P", P)
    eps_impl = probability("eps_impl", eps_impl)
    eps_perc = probability("eps_perc", eps_perc)
    rng = np.random.default_rng(seed)
    if matches < _VECTOR_MIN_MATCHES:
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


def tournament(
    strategies: dict[str, Strategy],
    R: float = 3.0,
    S: float = 0.0,
    T: float = 5.0,
    P: float = 1.0,
    eps_impl: float = 0.0,
    eps_perc: float = 0.0,
    w: float | None = None,
) -> pd.DataFrame:
    """Return the round-robin table of pairwise payoffs (Axelrod's tournament, exactly).

    Parameters
    ----------
    strategies : dict[str, Strategy]
        Name -> strategy (at least one); e.g. :func:`classic_strategies`.
    R, S, T, P : float, optional
        Stage payoffs; default 3, 0, 5, 1.
    eps_impl, eps_perc : float, optional
        Noise levels in [0, 1] (the lab's tour uses ``eps_impl = 0.01``).
    w : float or None, optional
        Continuation probability in [0, 1), or ``None`` for the long run (see :func:`match`).

    Returns
    -------
    pandas.DataFrame
        Entry ``[row, col]`` is the row strategy's per-round payoff against the column strategy
        (self-play on the diagonal); the index and columns are the names, in input order.

    Raises
    ------
    ValueError
        If ``strategies`` is empty or holds a non-strategy, or a parameter is out of range.
    """
    import pandas as pd

    if not isinstance(strategies, dict) or not strategies:
        raise ValueError(
            f"strategies = {strategies!r} is not allowed; "
            "expected a non-empty dict name -> Strategy"
        )
    names = list(strategies)
    for name in names:
        _check_strategy(f"strategies[{name!r}]", strategies[name])
    table = np.empty((len(names), len(names)))
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            table[i, j] = match(
                strategies[a], strategies[b], R, S, T, P, eps_impl, eps_perc, w
            ).payoff_X
    return pd.DataFrame(table, index=names, columns=names)

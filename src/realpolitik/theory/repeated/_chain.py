"""The Markov chain of a match between memory-one strategies, in log space (Press & Dyson 2012).

Transition probabilities are built and reduced as sums of non-negative terms in log space; the
Cesaro limit comes from the closed classes of the transition graph, the
Grassmann-Taksar-Heyman state reduction of each class and the absorption probabilities of the
transient states (see :mod:`realpolitik.theory.repeated`).
"""

from __future__ import annotations

import numpy as np

from realpolitik.theory._validate import probability
from realpolitik.theory.repeated._strategies import Strategy, _check_strategy

#: Outcome labels in the chain's state order, from X's point of view (X's action first).
STATES: tuple[str, str, str, str] = ("CC", "CD", "DC", "DD")

# Y's own state for each of X's states: X's CD is Y's DC and vice versa.
_SWAP = np.array([0, 2, 1, 3])


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

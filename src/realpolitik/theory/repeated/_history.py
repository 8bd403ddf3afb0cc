"""Strategies as functions of the history, and move-by-move play of any two strategies.

A strategy of your own can be any function ``f(mine, theirs)`` of the two histories, as
Axelrod-style tournaments allow: ``mine`` is the player's own moves so far and ``theirs`` the
other's moves as the player saw them, both strings of ``"C"`` and ``"D"``, oldest first, empty in
round 1. It returns the move, ``"C"`` or ``"D"``, or the probability of cooperating in [0, 1]
(return a probability rather than drawing a random number yourself: the match's generator then
draws it, and a seed reproduces the whole tournament). It should be a pure function of its
arguments: the same function plays both sides of a self-play match.

The noise is the Markov chain's (:mod:`realpolitik.theory.repeated`): each round a player
misreads the other's last move with probability ``eps_perc`` (what it saw stays in ``theirs``)
and its intended move is flipped with probability ``eps_impl``; its own moves are seen as they
were played. A memory-one :class:`~realpolitik.theory.repeated.Strategy` is the function that
looks at the last letters only, and :func:`play_history` plays it draw for draw as the
brute-force simulation does.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from realpolitik.theory.repeated._strategies import Strategy

__all__ = ["HistoryFunction", "Player", "check_player", "play_history"]

#: A strategy as a function of the histories: ``f(mine, theirs) -> "C" | "D" | P(C)``.
HistoryFunction = Callable[[str, str], "float | str"]
#: Anything that can play: a memory-one strategy or a function of the histories.
Player = Strategy | HistoryFunction

_ALLOWED = "'C', 'D' or a probability of cooperating in [0, 1]"
_CHUNK = 1 << 16


def check_player(name: str, value: object) -> Player:
    """Return ``value`` if it can play, else raise a ValueError naming ``name``.

    Parameters
    ----------
    name
        The argument, e.g. ``"strategies['mine']"``.
    value
        A :class:`Strategy` or a function of two strings.

    Returns
    -------
    Strategy or callable
        ``value``.

    Raises
    ------
    ValueError
        For anything else (a tuple of probabilities included: ``memory_one`` turns those into a
        Strategy).
    """
    if isinstance(value, Strategy) or (callable(value) and not isinstance(value, type)):
        return value  # type: ignore[return-value]
    raise ValueError(
        f"{name} = {value!r} is not a strategy; expected a repeated.Strategy (e.g. "
        "memory_one(1, 0.1, 1, 0.1)) or a function f(mine, theirs) of the two histories"
    )


def _cooperation(name: str, value: object, mine: str) -> float:
    """Return the probability of cooperating a history function returned, checked."""
    if value == "C":
        return 1.0
    if value == "D":
        return 0.0
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise ValueError(
        f"strategy {name} returned {value!r} in round {len(mine) + 1}; allowed: {_ALLOWED}"
    )


def _decider(player: Player, name: str) -> Callable[[str, str], float]:
    """Return P(C) as a function of (own history, the other's history as seen)."""
    if isinstance(player, Strategy):
        p0, response = player.p0, player.response

        def memory_one(mine: str, theirs: str) -> float:
            if not mine:
                return p0
            return response[2 * (mine[-1] == "D") + (theirs[-1] == "D")]

        return memory_one

    def rule(mine: str, theirs: str) -> float:
        return _cooperation(name, player(mine, theirs), mine)

    return rule


def play_history(
    X: Player,
    Y: Player,
    rounds: int,
    eps_impl: float,
    eps_perc: float,
    rng: np.random.Generator,
    names: tuple[str, str] = ("X", "Y"),
) -> np.ndarray:
    """Play one match of ``rounds`` rounds move by move; return the counts of CC, CD, DC, DD.

    The draws are those of the brute-force simulation's scalar loop: four numbers for round 1
    (X's intent and flip, Y's intent and flip), then six a round (X's and Y's misreading, X's
    intent and flip, Y's intent and flip), so two memory-one strategies play exactly the match
    :func:`~realpolitik.theory.repeated.simulate_match` plays from the same generator.

    Parameters
    ----------
    X, Y
        The row and column players (checked by the caller).
    rounds
        Rounds, >= 1.
    eps_impl, eps_perc
        Implementation and perception noise in [0, 1].
    rng
        The match's generator.
    names
        The players' names, for an error about what a function returned.

    Returns
    -------
    numpy.ndarray
        int64 counts of the outcomes ``(CC, CD, DC, DD)`` from X's view.

    Raises
    ------
    ValueError
        If a function returns something other than 'C', 'D' or a probability.
    """
    fx, fy = _decider(X, names[0]), _decider(Y, names[1])
    counts = [0, 0, 0, 0]
    u = rng.random(4)
    x_d = bool((u[0] >= fx("", "")) ^ (u[1] < eps_impl))  # True = D
    y_d = bool((u[2] >= fy("", "")) ^ (u[3] < eps_impl))
    counts[2 * x_d + y_d] += 1
    own_x, seen_x, own_y, seen_y = "CD"[x_d], "", "CD"[y_d], ""
    done = 1
    while done < rounds:
        n = min(_CHUNK, rounds - done)
        for u0, u1, u2, u3, u4, u5 in rng.random((n, 6)).tolist():
            seen_x += "CD"[y_d ^ (u0 < eps_perc)]  # X's reading of Y's last move
            seen_y += "CD"[x_d ^ (u1 < eps_perc)]
            x_d = (u2 >= fx(own_x, seen_x)) ^ (u3 < eps_impl)
            y_d = (u4 >= fy(own_y, seen_y)) ^ (u5 < eps_impl)
            own_x += "CD"[x_d]
            own_y += "CD"[y_d]
            counts[2 * x_d + y_d] += 1
        done += n
    return np.array(counts, dtype=np.int64)

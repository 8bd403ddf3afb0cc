"""Axelrod's round-robin tournament of any strategies: exact for memory-one, else simulated."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np

from realpolitik.theory._validate import in_range, integer, probability, real
from realpolitik.theory.repeated._history import Player, check_player, play_history
from realpolitik.theory.repeated._match import match
from realpolitik.theory.repeated._simulation import _play_one
from realpolitik.theory.repeated._strategies import Strategy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Rounds of a simulated match when neither ``rounds`` nor ``w`` is given (Axelrod's 200).
DEFAULT_ROUNDS = 200
#: Matches per pair of a simulated tournament (Axelrod's repetitions).
DEFAULT_MATCHES = 10


def tournament(
    strategies: dict[str, Player],
    R: float = 3.0,
    S: float = 0.0,
    T: float = 5.0,
    P: float = 1.0,
    eps_impl: float = 0.0,
    eps_perc: float = 0.0,
    w: float | None = None,
    *,
    rounds: int | None = None,
    matches: int = DEFAULT_MATCHES,
    seed: int | None = None,
) -> pd.DataFrame:
    """Return the round-robin table of pairwise payoffs (Axelrod's tournament).

    Any strategies play: the classic ones, memory-one strategies of your own
    (:func:`~realpolitik.theory.repeated.memory_one`) and functions of the history
    (``f(mine, theirs)``, see :mod:`realpolitik.theory.repeated`). When every strategy is
    memory-one and ``rounds`` is not given, the table is exact: the long run, or the discounted
    payoff with ``w`` (:func:`~realpolitik.theory.repeated.match`). Otherwise every pair plays
    ``matches`` matches move by move with the same noise: of ``rounds`` rounds each, or of a
    random length that ends after each round with probability ``1 - w`` (so that the pooled
    payoff estimates the discounted one), or of :data:`DEFAULT_ROUNDS` rounds; each cell is the
    payoff per round over all of that pair's rounds.

    Each pair's matches draw from their own generator, seeded from ``seed`` and the two names
    (``numpy.random.SeedSequence(seed, spawn_key=...)``): a seed reproduces the whole table, and
    a pair's result does not depend on which other strategies take part or in which order.

    Parameters
    ----------
    strategies : dict[str, Strategy or callable]
        Name -> strategy (at least one); e.g. :func:`classic_strategies` plus your own.
    R, S, T, P : float, optional
        Stage payoffs; default 3, 0, 5, 1.
    eps_impl, eps_perc : float, optional
        Noise levels in [0, 1] (the lab's tour uses ``eps_impl = 0.01``).
    w : float or None, optional
        Continuation probability in [0, 1), or ``None`` for the long run (see :func:`match`).
    rounds : int or None, optional
        Play simulated matches of this many rounds (>= 1) even between memory-one strategies;
        not together with ``w``.
    matches : int, optional
        Simulated matches per pair (>= 1), default :data:`DEFAULT_MATCHES`.
    seed : int or None, optional
        Seed (>= 0) of a simulated tournament; None draws one, which the table records.

    Returns
    -------
    pandas.DataFrame
        Entry ``[row, col]`` is the row strategy's per-round payoff against the column strategy
        (self-play on the diagonal); the index and columns are the names, in input order.
        ``attrs`` records how it was computed: ``method`` (``"exact"`` or ``"simulated"``),
        ``w``, and for a simulation ``rounds``, ``matches`` and ``seed``.

    Raises
    ------
    ValueError
        If ``strategies`` is empty or holds something that cannot play, a parameter is out of
        range, both ``rounds`` and ``w`` are given, or a function returns something other than
        'C', 'D' or a probability.
    """
    import pandas as pd

    players = _checked_players(strategies)
    game = (real("R", R), real("S", S), real("T", T), real("P", P))
    noise = (probability("eps_impl", eps_impl), probability("eps_perc", eps_perc))
    w, rounds, matches, seed = _checked_lengths(w, rounds, matches, seed)
    if rounds is None and all(isinstance(p, Strategy) for p in players.values()):
        table, attrs = _exact_table(players, *game, *noise, w), {"method": "exact", "w": w}
    else:
        play = _Play(*noise, rounds, w, matches, seed)
        table, attrs = play.table(players, np.array(game)), play.attrs()
    frame = pd.DataFrame(table, index=list(players), columns=list(players))
    frame.attrs.update(attrs)
    return frame


def _exact_table(players: dict[str, Player], *args: float | None) -> np.ndarray:
    """Return the exact payoffs of memory-one ``players`` (``args``: R, S, T, P, noise, w)."""
    return np.array(
        [[match(players[a], players[b], *args).payoff_X for b in players] for a in players]
    )


def _checked_lengths(
    w: float | None, rounds: int | None, matches: int, seed: int | None
) -> tuple[float | None, int | None, int, int | None]:
    """Return the match length's arguments checked: one of ``w`` and ``rounds`` at most."""
    if w is not None:
        w = in_range("w", w, 0.0, 1.0, hi_open=True)
    if rounds is not None:
        rounds = integer("rounds", rounds, lo=1)
        if w is not None:
            raise ValueError(
                f"rounds = {rounds} and w = {w!r} are two match lengths; allowed: one of them "
                "(rounds: fixed, w: a random length)"
            )
    matches = integer("matches", matches, lo=1)
    return w, rounds, matches, None if seed is None else integer("seed", seed, lo=0)


def _checked_players(strategies: object) -> dict[str, Player]:
    if not isinstance(strategies, dict) or not strategies:
        raise ValueError(
            f"strategies = {strategies!r} is not allowed; "
            "expected a non-empty dict name -> Strategy or function of the history"
        )
    return {
        str(name): check_player(f"strategies[{name!r}]", value)
        for name, value in strategies.items()
    }


def _name_key(name: str) -> int:
    """Return a stable 32-bit number of a name (the same in every process and Python)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "little")


class _Play:
    """The simulated matches of a tournament: one generator per pair, pooled payoffs."""

    def __init__(
        self,
        eps_impl: float,
        eps_perc: float,
        rounds: int | None,
        w: float | None,
        matches: int,
        seed: int | None,
    ) -> None:
        self.eps_impl, self.eps_perc = eps_impl, eps_perc
        self.rounds = DEFAULT_ROUNDS if rounds is None and w is None else rounds
        self.w, self.matches = w, matches
        self.seed: int = np.random.SeedSequence().entropy if seed is None else seed  # type: ignore[assignment]

    def attrs(self) -> dict[str, object]:
        """Return how the table was made: method, w, rounds, matches and the seed."""
        return {
            "method": "simulated",
            "w": self.w,
            "rounds": self.rounds,
            "matches": self.matches,
            "seed": self.seed,
        }

    def table(self, players: dict[str, Player], payoffs: np.ndarray) -> np.ndarray:
        """Every pair's per-round payoffs: ``table[i, j]`` is i's against j."""
        names = list(players)
        out = np.empty((len(names), len(names)))
        swap = np.array([0, 2, 1, 3])  # Y's view of X's outcomes
        for i, a in enumerate(names):
            for j in range(i, len(names)):
                b = names[j]
                x, y = (a, b) if a <= b else (b, a)  # roles by name: order does not matter
                counts = self.pair(players[x], players[y], (x, y))
                share = counts / counts.sum()
                pay_x, pay_y = float(share @ payoffs), float(share[swap] @ payoffs)
                if i == j:  # self-play: both seats are the strategy's
                    out[i, i] = (pay_x + pay_y) / 2
                else:
                    out[i, j], out[j, i] = (pay_x, pay_y) if x == a else (pay_y, pay_x)
        return out

    def pair(self, X: Player, Y: Player, names: tuple[str, str]) -> np.ndarray:
        """Return the pooled outcome counts of one pair's matches, from X's view."""
        sequence = np.random.SeedSequence(
            self.seed, spawn_key=(_name_key(names[0]), _name_key(names[1]))
        )
        rng = np.random.default_rng(sequence)
        counts = np.zeros(4, dtype=np.int64)
        memory_one = isinstance(X, Strategy) and isinstance(Y, Strategy)
        for _ in range(self.matches):
            length = self.rounds if self.rounds is not None else int(rng.geometric(1 - self.w))
            if memory_one:
                counts += _play_one(X, Y, length, self.eps_impl, self.eps_perc, rng)
            else:
                counts += play_history(X, Y, length, self.eps_impl, self.eps_perc, rng, names)
        return counts

"""Which choices are made this year, and their outcomes: strikes, demands, answers, wars, payments.

Sources: J. Fearon, "Rationalist Explanations for War" (1995) (a resisted demand is a war) and
"Domestic Political Audiences and the Escalation of International Disputes", *APSR* 88(3), 1994
(a challenger whose demand is resisted backs down at an audience cost); docs/strategic.md ("One
year", "Who initiates, and why").

Order (all ordered pairs at once, vectorised over runs):

1. Strikes: every ordered pair whose choice is a strike (prevention first, then preemption,
   then a nuclear first strike: :mod:`~realpolitik.engine.strategy.choices`). One event per
   unordered pair: if both sides strike, the larger margin initiates (ties: the lower index).
2. Demands: each state that strikes no one makes at most one demand, on the target with the
   largest expected gain (ties: the lower index), never on a pair with a strike or on a target
   it is settled with. If both sides of a pair demand, the larger expected gain stands.
3. Answers: both sides re-perceive each other inside the crisis with noise ``sigma (1 -
   transparency)(1 - hotline)``; the target accepts the demand x iff ``x <= p_T + c_j (1 + u
   (xi - 1/2))`` with p_T its own (crisis) estimate of the challenger's chance and xi ~ U(0, 1)
   its private cost draw; a resisted challenger fights iff its (crisis) war value exceeds
   ``-audience_cost_i S_ij``, else backs down and pays that audience cost (recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.strategy.choices import PairChoices, transpose
from realpolitik.engine.strategy.resolve_loops import TIE, answer_compiled, select_compiled

__all__ = ["Year", "answer", "list_moves", "select"]


@dataclass
class Year:
    """The moves chosen this year (ordered pairs, ``(runs, N, N)``), and their list.

    ``moves[:, q]`` = (flat index of ``(r, i, j)``, r, i, j, strike kind) of the q-th strike or
    demand in (run, i, j) order (kind 0: a demand); it lists the moves as selected (a
    policy's demands, made after the selection, change the arrays and not the list).
    """

    strike: np.ndarray  # bool, i strikes j
    kind: np.ndarray  # int8 strike kind
    demand: np.ndarray  # bool, i demands of j
    moves: np.ndarray | None = None  # (5, moves) int64 flat index, r, i, j, kind (0: demand)


def _one_per_pair(chosen: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """Keep, where both directions of a pair are chosen, the larger margin (ties: lower i)."""
    N = chosen.shape[1]
    both = chosen & transpose(chosen)
    mt = transpose(margin)
    upper = np.triu(np.ones((N, N), dtype=bool), k=1)[None]
    lose = both & ((margin < mt) | ((margin == mt) & ~upper))
    return chosen & ~lose


def select(choices: PairChoices, settled: np.ndarray | None) -> Year:
    """Return the strikes and demands made this year (module docstring, steps 1 and 2).

    Parameters
    ----------
    choices
        Every observer's choice towards every rival.
    settled
        ``(runs, N, N)`` years left of a settlement (no demand of i on j while > 0), or None.

    Returns
    -------
    Year
        The moves.
    """
    kind = choices.strike_kind
    fast = select_compiled(kind, choices.strike_margin, choices.demand, choices.bargain.gain,
                           settled)  # fmt: skip
    if fast is not None:
        return Year(*fast)
    strike = _one_per_pair(kind > 0, choices.strike_margin)
    struck = strike | transpose(strike)
    striker = strike.any(axis=2)
    cand = choices.demand & ~struck & ~striker[:, :, None]
    if settled is not None:
        cand &= settled <= 0
    gain = np.where(cand, choices.bargain.gain, -np.inf)
    best = np.argmax(gain, axis=2)
    has = cand.any(axis=2)
    demand = np.zeros_like(cand)
    rr, ii = np.nonzero(has)
    demand[rr, ii, best[rr, ii]] = True
    demand = _one_per_pair(demand, choices.bargain.gain)
    kind = np.where(strike, kind, 0).astype(np.int8)
    return Year(strike, kind, demand, list_moves(strike, kind, demand))


def list_moves(strike: np.ndarray, kind: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Return the list of :attr:`Year.moves`: each strike or demand, in (run, i, j) order."""
    N = strike.shape[1]
    t = np.flatnonzero(strike | demand)
    r, ij = np.divmod(t, N * N)
    i, j = np.divmod(ij, N)
    return np.stack((t, r, i, j, np.take(kind, t).astype(np.int64)))


@dataclass
class Answers:
    """The fate of each demand (ordered pairs, bool)."""

    conceded: np.ndarray
    fought: np.ndarray
    backed_down: np.ndarray


def answer(
    demand: np.ndarray,
    x: np.ndarray,
    c_target: np.ndarray,
    xi: np.ndarray,
    p_def_crisis: np.ndarray,
    W_atk_crisis: np.ndarray,
    stake: np.ndarray,
    const,
) -> Answers:
    """Return which demands are conceded, fought or abandoned (module docstring, step 3).

    Parameters
    ----------
    demand
        Bool ``(runs, N, N)``: i demands x of j.
    x, c_target
        The demands (stake units) and the challenger's estimate of the target's cost.
    xi
        ``(runs, N, N)`` uniforms: the target's private cost draw for the pair.
    p_def_crisis
        ``p_def`` of the crisis view (``[r, j, i]`` is j's chance if i strikes first).
    W_atk_crisis
        The challenger's war value in the crisis view.
    stake
        S_ij = c y_j.
    const
        The phase's constants.

    Returns
    -------
    Answers
        Conceded, fought and backed-down demands.
    """
    fast = answer_compiled(demand, x, c_target, xi, p_def_crisis, W_atk_crisis, stake, const)
    if fast is not None:
        return Answers(*fast)
    p_T = 1.0 - transpose(p_def_crisis)
    c_T = c_target * (1.0 + const.u * (xi - 0.5))
    accept = x <= p_T + c_T + TIE
    conceded = demand & accept
    resisted = demand & ~accept
    fights = resisted & (W_atk_crisis > -const.audience[None, :, None] * stake)
    return Answers(conceded, fights, resisted & ~fights)

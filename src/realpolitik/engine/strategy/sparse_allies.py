"""Expected allies of the two sides of a pair, one observer's view, for the sparse contests.

A side's expected allies are the sum over its eligible partners k of ``join[k, n] * chat[k]``
(n = the number of the side's eligible partners, ``chat`` the observer's perceived strengths),
summed in the order of :func:`~.kernels.pairwise_sum` so that each sum has the bits of the
whole-array computation of :func:`~.values.perceive` and :func:`~.fused.coalition_loops`. Up to
62 states the eligible partners come from bit masks of the two sides' pacts
(:func:`allies_from_masks`; :func:`lowest_bit` finds a mask's lowest partner); above that from
the pact array (:func:`allies_of`). Used by :mod:`.sparse` (and :func:`lowest_bit` by
:mod:`.resolve_loops`). Source of the rule (an ally's chance of joining falls with the number of
partners it shares the burden with): docs/strategic.md.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import scalar
from realpolitik.engine.strategy.kernels import pairwise_sum

__all__ = ["allies_from_masks", "allies_of", "lowest_bit"]

_DE_BRUIJN = 0x03F79D71B4CB0A89
"""A de Bruijn sequence of 64 bits: the top 6 bits of ``2**k * _DE_BRUIJN`` differ for each k."""
_BIT_INDEX = np.zeros(64, dtype=np.int64)
_BIT_INDEX[[((_DE_BRUIJN << k) % 2**64) >> 58 for k in range(64)]] = np.arange(64)


@scalar
def lowest_bit(mask) -> int:
    """Return the index of the lowest bit set in ``mask`` (a 64-bit integer; 0 for 0).

    Branch-free: the lowest bit alone, times a de Bruijn sequence, indexes a table.
    """
    m = np.uint64(mask)
    low = m & (~m + np.uint64(1))
    return _BIT_INDEX[(low * np.uint64(_DE_BRUIJN)) >> np.uint64(58)]


@scalar
def allies_from_masks(chat, join, elig_a, elig_b) -> tuple:
    """:func:`~.kernels.allies_pair`'s sums for one observer, from bit masks of eligible allies.

    ``chat`` is the observer's view of every state's strength; ``elig_a`` (``elig_b``) has
    bit k set where k is an eligible ally of the observer (of its rival): each of ``n``
    eligible allies on a side joins with ``join[k, n]``; an ineligible k's term is
    ``join[k, n] * 0.0 * Chat_k`` (0.0, as :func:`~.values.expected_allies`'s ``np.where``
    gives, for the finite join probabilities), summed in numpy's order
    (the sum of ``N`` terms is :func:`~.kernels.pairwise_sum`'s, with no scratch array).
    """
    N = chat.shape[0]
    n_a, n_b, m = 0, 0, elig_a
    while m:
        m &= m - 1
        n_a += 1
    m = elig_b
    while m:
        m &= m - 1
        n_b += 1
    return _terms_sum(chat, join, n_a, elig_a, N), _terms_sum(chat, join, n_b, elig_b, N)


@scalar
def _term(chat, join, n, mask, k) -> float:
    """Return the k-th term of :func:`allies_from_masks`'s sum, ``(join[k, n] bit_k) Chat_k``."""
    return (join[k, n] * ((mask >> k) & 1)) * chat[k]


@scalar
def _terms_sum(chat, join, n, mask, N) -> float:
    """Sum the N terms :func:`_term` in :func:`~.kernels.pairwise_sum`'s order (N <= BLOCK)."""
    if N < 8:
        res = 0.0
        for k in range(N):
            res += _term(chat, join, n, mask, k)
        return res
    r0 = _term(chat, join, n, mask, 0)
    r1 = _term(chat, join, n, mask, 1)
    r2 = _term(chat, join, n, mask, 2)
    r3 = _term(chat, join, n, mask, 3)
    r4 = _term(chat, join, n, mask, 4)
    r5 = _term(chat, join, n, mask, 5)
    r6 = _term(chat, join, n, mask, 6)
    r7 = _term(chat, join, n, mask, 7)
    t = 8
    while t < N - (N % 8):
        r0 += _term(chat, join, n, mask, t)
        r1 += _term(chat, join, n, mask, t + 1)
        r2 += _term(chat, join, n, mask, t + 2)
        r3 += _term(chat, join, n, mask, t + 3)
        r4 += _term(chat, join, n, mask, t + 4)
        r5 += _term(chat, join, n, mask, t + 5)
        r6 += _term(chat, join, n, mask, t + 6)
        r7 += _term(chat, join, n, mask, t + 7)
        t += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while t < N:
        res += _term(chat, join, n, mask, t)
        t += 1
    return res


@scalar
def allies_of(allied, chat, join, r, a, b, ta, tb) -> tuple:
    """:func:`~.kernels.allies_pair` for observer a and rival b, ``chat`` a's view ``(N,)``.

    The route of more states than the bit masks hold; ``ta``/``tb`` are scratch.
    """
    N = chat.shape[0]
    n_a = 0
    n_b = 0
    for k in range(N):
        ai = allied[r, a, k]
        bi = allied[r, b, k]
        if ai and not bi and k != b:
            n_a += 1
        if bi and not ai and k != a:
            n_b += 1
    for k in range(N):
        ai = allied[r, a, k]
        bi = allied[r, b, k]
        p_a = join[k, n_a] if (ai and not bi and k != b) else 0.0
        p_b = join[k, n_b] if (bi and not ai and k != a) else 0.0
        ta[k] = p_a * chat[k]
        tb[k] = p_b * chat[k]
    return pairwise_sum(ta, N), pairwise_sum(tb, N)

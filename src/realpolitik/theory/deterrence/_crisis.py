"""Schelling's reciprocal fear of surprise attack: the Strike/Wait crisis game of two forces."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v
from realpolitik.theory.deterrence._exchange import (
    Force,
    Strike,
    assured_destruction_threshold,
    damage,
    first_strike,
)

# --------------------------------------------------------------------------------------------
# 5.2 Strike/Wait crisis game
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StrikeWait:
    """Solution of the abstract Strike/Wait game of one side.

    Attributes
    ----------
    q_star : float
        The belief that the other strikes above which this side strikes,
        ``D_F / (D_F + D_S - D_M)`` capped at 1; 1 (never strike) when Strike is not a best
        reply to Strike.
    strike_is_best_reply_to_strike : bool
        True iff ``D_M < D_S``.
    equilibria : tuple of str
        Labels among ``"(W,W)"``, ``"(S,S)"``, ``"mixed"``, in that order.
    fsi : float
        First-strike incentive ``D_S - D_F`` (> 0: an advantage in going first).
    """

    q_star: float
    strike_is_best_reply_to_strike: bool
    equilibria: tuple[str, ...]
    fsi: float


def strike_wait(D_F: float, D_S: float, D_M: float) -> StrikeWait:
    """Solve the Strike/Wait game given a side's damages (Schelling's reciprocal fear).

    Payoffs are minus damage: (Strike, Wait) costs ``D_F``, (Wait, Strike) costs ``D_S``,
    (Strike, Strike) costs ``D_M`` and (Wait, Wait) costs 0. Wait is always a best reply to Wait;
    Strike is a best reply to Strike iff ``D_M < D_S``, in which case (S,S) and a mixed
    equilibrium join (W,W). Under the lab's ``D_M = D_F + lam * (D_S - D_F)`` with lam < 1 the
    condition ``D_M < D_S`` is the same as ``D_S > D_F``; for abstract inputs the game-theoretic
    condition ``D_M < D_S`` is used, so ``q*`` is always the mixed equilibrium's
    belief.

    Parameters
    ----------
    D_F : float
        Damage to this side if it strikes first, >= 0.
    D_S : float
        Damage to this side if the other strikes first, >= 0.
    D_M : float
        Damage to this side under simultaneous strikes, >= 0.

    Returns
    -------
    StrikeWait
        ``q_star``, whether Strike is a best reply to Strike, the equilibrium labels and the
        first-strike incentive ``D_S - D_F``.

    Raises
    ------
    ValueError
        If a damage is negative or not finite.
    """
    D_F = v.nonnegative("D_F", D_F)
    D_S = v.nonnegative("D_S", D_S)
    D_M = v.nonnegative("D_M", D_M)
    strike_vs_strike = D_M < D_S
    if strike_vs_strike:
        # Denominator >= D_S - D_M > 0.
        q_star = min(1.0, D_F / (D_F + D_S - D_M))
        equilibria: tuple[str, ...] = ("(W,W)", "(S,S)", "mixed")
    else:
        q_star = 1.0
        equilibria = ("(W,W)",)
    return StrikeWait(
        q_star=float(q_star),
        strike_is_best_reply_to_strike=strike_vs_strike,
        equilibria=equilibria,
        fsi=float(D_S - D_F),
    )


@dataclass(frozen=True)
class Crisis:
    """First-strike (crisis) stability of a pair of forces.

    Every pair is ordered (A's, B's).

    Attributes
    ----------
    D_F : tuple of float
        Damage to each side if it strikes first.
    D_S : tuple of float
        Damage to each side if the other strikes first.
    D_M : tuple of float
        Damage to each side under simultaneous strikes.
    fsi : tuple of float
        First-strike incentive ``D_S - D_F`` of each side.
    q_star : tuple of float
        Each side's belief threshold ``q*``.
    S_star : float
        Warheads needed for assured destruction, ``-sigma * ln(1 - D_star)``.
    mad : bool
        True iff both sides have assured destruction after the other's first strike.
    stable : bool
        True iff ``min(q_star) >= q_bar``.
    assured_destruction : tuple of bool
        Whether each side's retaliation after the other's first strike reaches ``S_star``.
    exchange_ratio : tuple of float or None
        Exchange ratio of each side's first strike on the other.
    strikes : tuple of Strike
        (A's first strike on B, B's first strike on A).
    """

    D_F: tuple[float, float]
    D_S: tuple[float, float]
    D_M: tuple[float, float]
    fsi: tuple[float, float]
    q_star: tuple[float, float]
    S_star: float
    mad: bool
    stable: bool
    assured_destruction: tuple[bool, bool]
    exchange_ratio: tuple[float | None, float | None]
    strikes: tuple[Strike, Strike]


def crisis(
    A: Force,
    B: Force,
    r: int,
    sigma: float,
    lam: float = 0.5,
    D_star: float = 0.5,
    q_bar: float = 0.9,
) -> Crisis:
    """Return the first-strike stability and MAD verdict of forces ``A`` and ``B``.

    For side i: ``D_F = D(S_j after i strikes first)``, ``D_S = D(W_j remaining after j strikes
    first)`` and ``D_M = D_F + lam * (D_S - D_F)``; then :func:`strike_wait` gives ``q*``.

    Parameters
    ----------
    A, B : Force
        The two sides' forces.
    r : int
        Warheads a first striker aims at each enemy silo, an integer >= 0.
    sigma : float
        Damage scale in warheads, > 0.
    lam : float, default 0.5
        Weight of the struck-first damage under simultaneous strikes, in [0, 1).
    D_star : float, default 0.5
        Unacceptable damage defining assured destruction, in (0, 1).
    q_bar : float, default 0.9
        Threshold belief for crisis stability, in [0, 1].

    Returns
    -------
    Crisis
        Damages, first-strike incentives, ``q*`` (pairs ordered (A's, B's)), ``S*``, MAD and
        stability.

    Raises
    ------
    ValueError
        If an argument is out of its range; the message names it.
    """
    if not isinstance(A, Force):
        raise ValueError(f"A = {A!r} is not a Force; expected Force(silos, mirv, ssbn, k)")
    if not isinstance(B, Force):
        raise ValueError(f"B = {B!r} is not a Force; expected Force(silos, mirv, ssbn, k)")
    r = v.integer("r", r, lo=0)
    sigma = v.positive("sigma", sigma)
    lam = v.in_range("lam", lam, 0.0, 1.0, hi_open=True)
    D_star = v.in_range("D_star", D_star, 0.0, 1.0, lo_open=True, hi_open=True)
    q_bar = v.probability("q_bar", q_bar)

    a_first = first_strike(A, B, r)
    b_first = first_strike(B, A, r)
    # For A: D_F from B's retaliation after A's strike; D_S from B's reserve after B's strike.
    D_F = (float(damage(a_first.retaliation, sigma)), float(damage(b_first.retaliation, sigma)))
    D_S = (
        float(damage(b_first.attacker_remaining, sigma)),
        float(damage(a_first.attacker_remaining, sigma)),
    )
    D_M = (D_F[0] + lam * (D_S[0] - D_F[0]), D_F[1] + lam * (D_S[1] - D_F[1]))
    games = (strike_wait(D_F[0], D_S[0], D_M[0]), strike_wait(D_F[1], D_S[1], D_M[1]))
    S_star = assured_destruction_threshold(sigma, D_star)
    # A has assured destruction if its retaliation after B's first strike reaches S*.
    assured = (b_first.retaliation >= S_star, a_first.retaliation >= S_star)
    q_star = (games[0].q_star, games[1].q_star)
    return Crisis(
        D_F=D_F,
        D_S=D_S,
        D_M=D_M,
        fsi=(games[0].fsi, games[1].fsi),
        q_star=q_star,
        S_star=S_star,
        mad=all(assured),
        stable=min(q_star) >= q_bar,
        assured_destruction=assured,
        exchange_ratio=(a_first.exchange_ratio, b_first.exchange_ratio),
        strikes=(a_first, b_first),
    )


# --------------------------------------------------------------------------------------------
# Classic postures and how q* moves with MIRVing and survivable forces
# --------------------------------------------------------------------------------------------

#: The classic symmetric postures, each side ``(label, silos, mirv, ssbn)``: single-warhead
#: silos (stable, no MAD), MIRVed silos (exchange ratio 5: unstable) and silos plus survivable
#: sea-based warheads (stable, MAD).
POSTURES: tuple[tuple[str, int, int, float], ...] = (
    ("(a) 1000 single-warhead silos", 1000, 1, 0.0),
    ("(b) 100 silos x 10 MIRVs", 100, 10, 0.0),
    ("(c) 500 silos + 500 SSBN warheads", 500, 1, 500.0),
)

# The sweeps hold 1000 warheads a side: on silos of MIRV_SWEEP warheads each, or (at sea
# share s) on 10-warhead silos with the share s at sea.
_SWEEP_WARHEADS = 1000
_MIRV_SWEEP: tuple[int, ...] = (1, 2, 4, 5, 8, 10, 20)
_SEA_SWEEP_MIRV = 10
_SEA_SHARES = 11


def posture_crisis(
    silos: int,
    mirv: int,
    ssbn: float,
    k: float,
    r: int,
    sigma: float,
    lam: float = 0.5,
    D_star: float = 0.5,
    q_bar: float = 0.9,
) -> Crisis:
    """Return the :func:`crisis` between two sides with the same posture.

    Parameters
    ----------
    silos, mirv, ssbn, k
        Each side's :class:`Force`.
    r, sigma, lam, D_star, q_bar
        As in :func:`crisis`.

    Returns
    -------
    Crisis
        Symmetric: each pair holds the same value twice.

    Raises
    ------
    ValueError
        If an argument is out of its range; the message names it.
    """
    side = Force(silos, mirv, ssbn, k)
    return crisis(side, side, r, sigma, lam, D_star, q_bar)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class QStarSweeps:
    """How the strike threshold q* of a symmetric crisis moves with the posture of 1000 warheads.

    Attributes
    ----------
    mirv : numpy.ndarray
        Warheads per silo, all 1000 warheads on silos (1000 // mirv silos).
    q_star_mirv : numpy.ndarray
        q* at each MIRV level: MIRVing erodes stability.
    sea_share : numpy.ndarray
        Share of the 1000 warheads at sea, 0 to 1 (the rest on 10-warhead silos).
    q_star_sea : numpy.ndarray
        q* at each share: survivable forces restore stability.
    """

    mirv: np.ndarray
    q_star_mirv: np.ndarray
    sea_share: np.ndarray
    q_star_sea: np.ndarray


def q_star_sweeps(
    k: float,
    r: int,
    sigma: float,
    lam: float = 0.5,
    D_star: float = 0.5,
    q_bar: float = 0.9,
) -> QStarSweeps:
    """Return q* of symmetric crises against MIRVing and against the share of warheads at sea.

    Parameters
    ----------
    k, r, sigma, lam, D_star, q_bar
        As in :func:`posture_crisis`.

    Returns
    -------
    QStarSweeps
        q* for 1, 2, 4, 5, 8, 10 and 20 warheads per silo, and for 0%, 10%, ..., 100% of the
        warheads on survivable submarines.

    Raises
    ------
    ValueError
        If an argument is out of its range; the message names it.
    """

    def q_star(silos: int, mirv: int, ssbn: float) -> float:
        return posture_crisis(silos, mirv, ssbn, k, r, sigma, lam, D_star, q_bar).q_star[0]

    mirvs = np.array(_MIRV_SWEEP)
    shares = np.linspace(0.0, 1.0, _SEA_SHARES)
    per_silo = _SWEEP_WARHEADS / _SEA_SWEEP_MIRV
    return QStarSweeps(
        mirv=mirvs,
        q_star_mirv=np.array([q_star(_SWEEP_WARHEADS // int(m), int(m), 0.0) for m in mirvs]),
        sea_share=shares,
        q_star_sea=np.array(
            [
                q_star(round(per_silo * (1 - s)), _SEA_SWEEP_MIRV, _SWEEP_WARHEADS * s)
                for s in shares
            ]
        ),
    )

"""Nuclear deterrence: counterforce exchange, first-strike stability, MAD and competition in risk.

Sources
-------
- T. C. Schelling, *The Strategy of Conflict*, 1960, ch. 9 "The reciprocal fear of surprise
  attack" (the Strike/Wait crisis game).
- T. C. Schelling, *Arms and Influence*, 1966 (competition in risk taking).
- R. Powell, *Nuclear Deterrence Theory: The Search for Credibility*, 1990 (the manipulation of
  risk under mutual assured destruction).
- G. Kent and D. Thaler, *First-Strike Stability*, RAND R-3765, 1989 (the idea of a first-strike
  stability index; their exact index is not reproduced, the lab index below is a convention).

Equations (MODELS.md section 5, *lab convention*)
-------------------------------------------------
Counterforce exchange. A side has ``silos`` ICBM launchers carrying ``mirv`` warheads each,
``ssbn`` survivable sea-based warheads and a per-warhead kill probability ``k`` against a silo
(``k = SSPK * reliability``), with ``SSPK = 1 - 0.5 ** ((LR / CEP) ** 2)``. A first strike by i on
j with ``r`` warheads per silo uses ``used = min(r * silos_j, silos_i * mirv_i)`` ICBM warheads,
spread as evenly as possible (``base = used // silos_j``; ``extra = used % silos_j`` silos get one
more)::

    surviving_silos_j = (silos_j - extra) * (1 - k_i) ** base + extra * (1 - k_i) ** (base + 1)
    S_j               = surviving_silos_j * mirv_j + ssbn_j          (retaliatory warheads)
    W_i remaining     = W_i - used,  W = silos * mirv + ssbn
    exchange_ratio    = (silos_j - surviving_silos_j) * mirv_j / used

Countervalue damage of ``S`` arriving warheads ``D(S) = 1 - exp(-S / sigma)``; j has assured
destruction iff ``S_j >= S* = -sigma * ln(1 - D*)``; MAD iff both sides have it.

Strike/Wait crisis game, for side i: ``D_F = D(S_j after i strikes first)``,
``D_S = D(W_j remaining after j strikes first)``, ``D_M = D_F + lam * (D_S - D_F)``. Payoffs are
minus damage, ``(Wait, Wait) = 0``. Strike is a best reply to Strike iff ``D_M < D_S``; the belief
threshold is ``q* = D_F / (D_F + D_S - D_M)`` (capped at 1; 1 when Strike is never a best reply),
the first-strike index is ``FSI = D_S - D_F`` and the crisis is stable iff
``min(q*_A, q*_B) >= q_bar``.

Competition in risk taking. Resolve ``rho = v / (v + c)``; under complete information the less
resolute side concedes at once; with ``rho_B ~ U[0, 1]`` unknown to A and a war trigger
``u ~ U[0, 1]``, ``P(war) = P(A prevails) = rho_A - rho_A**2 / 2`` and
``P(B prevails) = (1 - rho_A) ** 2``.

Conventions
-----------
Warhead and silo counts are numbers of weapons; ``sigma`` is in warheads; damages are fractions
of value destroyed in [0, 1]; probabilities lie in [0, 1]. Pairs are ordered (A's, B's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v

REFERENCES: tuple[str, ...] = ("schelling1960", "schelling1966", "powell1990", "kent1989")

__all__ = [
    "REFERENCES",
    "Crisis",
    "Force",
    "Nerves",
    "NervesUncertain",
    "Strike",
    "StrikeWait",
    "assured_destruction_threshold",
    "crisis",
    "damage",
    "first_strike",
    "sspk",
    "strike_wait",
    "war_of_nerves",
    "war_of_nerves_uncertain",
]

# Relative tolerance under which two resolves count as equal ("tie") in war_of_nerves.
_TIE_RTOL = 1e-12


# --------------------------------------------------------------------------------------------
# 5.1 Counterforce exchange
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Force:
    """A side's strategic nuclear force (MODELS.md 5.1).

    Parameters
    ----------
    silos : int
        Number of ICBM silos (launchers), an integer >= 0.
    mirv : int
        Warheads per ICBM, an integer >= 1.
    ssbn : float
        Survivable sea-based warheads, >= 0 (stored as a float).
    k : float
        Kill probability of one of this side's warheads against one enemy silo, in [0, 1]
        (``SSPK * reliability``, see :func:`sspk`).

    Raises
    ------
    ValueError
        If an argument is out of its range; the message names the argument.
    """

    silos: int
    mirv: int
    ssbn: float
    k: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "silos", v.integer("silos", self.silos, lo=0))
        object.__setattr__(self, "mirv", v.integer("mirv", self.mirv, lo=1))
        object.__setattr__(self, "ssbn", v.nonnegative("ssbn", self.ssbn))
        object.__setattr__(self, "k", v.probability("k", self.k))

    @property
    def icbm_warheads(self) -> int:
        """Warheads carried by the silo-based ICBMs, ``silos * mirv``."""
        return self.silos * self.mirv

    @property
    def warheads(self) -> float:
        """Total warheads ``W = silos * mirv + ssbn``."""
        return self.icbm_warheads + self.ssbn


def sspk(cep: float, lethal_radius: float) -> float:
    """Return the single-shot kill probability ``1 - 0.5 ** ((lethal_radius / cep) ** 2)``.

    Parameters
    ----------
    cep : float
        Circular error probable, > 0 (same length unit as ``lethal_radius``).
    lethal_radius : float
        Lethal radius against the target, >= 0.

    Returns
    -------
    float
        The probability in [0, 1] that one warhead destroys one silo.

    Raises
    ------
    ValueError
        If ``cep`` is not > 0 or ``lethal_radius`` is negative.
    """
    cep = v.positive("cep", cep)
    lethal_radius = v.nonnegative("lethal_radius", lethal_radius)
    # 1 - 0.5**x written as -expm1(x * ln 0.5) for accuracy when x is small.
    return float(-math.expm1(((lethal_radius / cep) ** 2) * math.log(0.5)))


def damage(S: float | np.ndarray, sigma: float) -> float | np.ndarray:
    """Return the countervalue damage ``D(S) = 1 - exp(-S / sigma)`` of ``S`` arriving warheads.

    Works elementwise on numpy arrays (the engine's nuclear mechanism reuses it).

    Parameters
    ----------
    S : float or array_like
        Arriving warheads, >= 0.
    sigma : float
        Damage scale in warheads, > 0 (``S = sigma`` destroys ``1 - 1/e`` of value).

    Returns
    -------
    float or numpy.ndarray
        Fraction of value destroyed, in [0, 1); a float for a scalar ``S``, else an array of the
        same shape.

    Raises
    ------
    ValueError
        If ``S`` is negative or not finite, or ``sigma`` is not > 0.
    """
    sigma = v.positive("sigma", sigma)
    if isinstance(S, list | tuple | np.ndarray):
        arr = v.array("S", S, min_size=0, lo=0.0)
        return -np.expm1(-arr / sigma)
    s = v.nonnegative("S", S)
    return float(-math.expm1(-s / sigma))


def assured_destruction_threshold(sigma: float, D_star: float = 0.5) -> float:
    """Return ``S* = -sigma * ln(1 - D_star)``, the warheads needed for assured destruction.

    Parameters
    ----------
    sigma : float
        Damage scale in warheads, > 0.
    D_star : float, default 0.5
        Unacceptable damage, a fraction in (0, 1).

    Returns
    -------
    float
        The number of arriving warheads whose damage :func:`damage` equals ``D_star``.

    Raises
    ------
    ValueError
        If ``sigma`` is not > 0 or ``D_star`` is not in (0, 1).
    """
    sigma = v.positive("sigma", sigma)
    D_star = v.in_range("D_star", D_star, 0.0, 1.0, lo_open=True, hi_open=True)
    return float(-sigma * math.log1p(-D_star))


@dataclass(frozen=True)
class Strike:
    """Outcome of a counterforce first strike (MODELS.md 5.1).

    Attributes
    ----------
    used : int
        ICBM warheads the attacker fires, ``min(r * silos_j, silos_i * mirv_i)``.
    surviving_silos : float
        Expected surviving defender silos.
    retaliation : float
        ``S_j``: the defender's expected retaliatory warheads,
        ``surviving_silos * mirv_j + ssbn_j``.
    attacker_remaining : float
        ``W_i - used``: the attacker's warheads left after the strike.
    exchange_ratio : float or None
        Defender warheads destroyed per attacker warhead spent; None when no warhead is used
        (the defender has no silos, the attacker has no ICBMs, or ``r = 0``).
    base : int
        Warheads on every targeted silo (``used // silos_j``; 0 when the defender has no silos).
    extra : int
        Silos that receive ``base + 1`` warheads (``used % silos_j``).
    """

    used: int
    surviving_silos: float
    retaliation: float
    attacker_remaining: float
    exchange_ratio: float | None
    base: int
    extra: int


def first_strike(attacker: Force, defender: Force, r: int) -> Strike:
    """Return the expected result of a counterforce first strike of ``attacker`` on ``defender``.

    The attacker fires ``used = min(r * silos_j, silos_i * mirv_i)`` ICBM warheads spread as
    evenly as possible over the defender's silos (``extra = used % silos_j`` of them receive one
    warhead more than the others); each warhead independently kills its silo with probability
    ``attacker.k``. Sea-based warheads are never targeted and never used in the strike. A
    defender with no silos is not struck: ``used = 0`` and ``exchange_ratio`` is None.

    Parameters
    ----------
    attacker : Force
        The side striking first (its ``k`` is used).
    defender : Force
        The side struck.
    r : int
        Warheads aimed at each defender silo, an integer >= 0.

    Returns
    -------
    Strike
        Warheads used, expected surviving silos, retaliation ``S_j``, the attacker's remaining
        warheads and the exchange ratio.

    Raises
    ------
    ValueError
        If ``attacker`` / ``defender`` is not a :class:`Force` or ``r`` is not an integer >= 0.
    """
    if not isinstance(attacker, Force):
        raise ValueError(f"attacker = {attacker!r} is not a Force; expected Force(silos, ...)")
    if not isinstance(defender, Force):
        raise ValueError(f"defender = {defender!r} is not a Force; expected Force(silos, ...)")
    r = v.integer("r", r, lo=0)
    silos_j = defender.silos
    used = min(r * silos_j, attacker.icbm_warheads)
    if silos_j == 0:
        base, extra = 0, 0
        surviving = 0.0
    else:
        base, extra = divmod(used, silos_j)
        miss = 1.0 - attacker.k
        surviving = (silos_j - extra) * miss**base + extra * miss ** (base + 1)
    retaliation = surviving * defender.mirv + defender.ssbn
    remaining = attacker.warheads - used
    ratio = None if used == 0 else (silos_j - surviving) * defender.mirv / used
    return Strike(
        used=used,
        surviving_silos=float(surviving),
        retaliation=float(retaliation),
        attacker_remaining=float(remaining),
        exchange_ratio=None if ratio is None else float(ratio),
        base=base,
        extra=extra,
    )


# --------------------------------------------------------------------------------------------
# 5.2 Strike/Wait crisis game
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StrikeWait:
    """Solution of the abstract Strike/Wait game of one side (MODELS.md 5.2).

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
    condition ``D_M < D_S`` is the same as ``D_S > D_F`` (MODELS.md); for abstract inputs the
    game-theoretic condition ``D_M < D_S`` is used, so ``q*`` is always the mixed equilibrium's
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
    """First-strike (crisis) stability of a pair of forces (MODELS.md 5.2).

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
# 5.3 Competition in risk taking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nerves:
    """Competition in risk taking under complete information (MODELS.md 5.3).

    Attributes
    ----------
    rho_A, rho_B : float
        Resolve ``v / (v + c)``: the largest cumulative risk of war each side accepts.
    winner : str
        ``"A"`` or ``"B"`` (the more resolute side; the other concedes at once, with no war), or
        ``"tie"`` when the resolves are equal (to a relative 1e-12).
    min_risk_to_coerce : float
        ``min(rho_A, rho_B)``: the risk the winner must be seen to run to coerce the loser.
    """

    rho_A: float  # noqa: N815 (MODELS.md section 0 name)
    rho_B: float  # noqa: N815 (MODELS.md section 0 name)
    winner: str
    min_risk_to_coerce: float


def _resolve(v_name: str, v_val: float, c_name: str, c_val: float) -> float:
    stake = v.nonnegative(v_name, v_val)
    cost = v.positive(c_name, c_val)
    return stake / (stake + cost)


def war_of_nerves(v_A: float, c_A: float, v_B: float, c_B: float) -> Nerves:
    """Return the outcome of a war of nerves between two sides that know each other's resolve.

    Parameters
    ----------
    v_A, v_B : float
        Each side's stake, >= 0.
    c_A, c_B : float
        Each side's cost of nuclear war, > 0.

    Returns
    -------
    Nerves
        Both resolves, the winner (``"tie"`` if equal) and the minimal risk needed to coerce.

    Raises
    ------
    ValueError
        If a stake is negative or a cost is not > 0.
    """
    rho_A = _resolve("v_A", v_A, "c_A", c_A)
    rho_B = _resolve("v_B", v_B, "c_B", c_B)
    if math.isclose(rho_A, rho_B, rel_tol=_TIE_RTOL, abs_tol=0.0):
        winner = "tie"
    else:
        winner = "A" if rho_A > rho_B else "B"
    return Nerves(rho_A=rho_A, rho_B=rho_B, winner=winner, min_risk_to_coerce=min(rho_A, rho_B))


@dataclass(frozen=True)
class NervesUncertain:
    """Competition in risk taking with B's resolve unknown, ``rho_B ~ U[0, 1]`` (MODELS.md 5.3).

    Attributes
    ----------
    p_war : float
        ``E[min(rho_A, rho_B)] = rho_A - rho_A**2 / 2``.
    p_A_prevails : float
        ``rho_A - rho_A**2 / 2`` (B concedes before the war trigger is reached).
    p_B_prevails : float
        ``(1 - rho_A) ** 2`` (A concedes). The three probabilities sum to 1.
    """

    p_war: float
    p_A_prevails: float  # noqa: N815 (MODELS.md section 0 name)
    p_B_prevails: float  # noqa: N815 (MODELS.md section 0 name)


def war_of_nerves_uncertain(rho_A: float) -> NervesUncertain:
    """Return the outcome probabilities of a war of nerves when A does not know B's resolve.

    Both sides raise the shared risk ``r`` until their own resolve; war breaks out when ``r``
    reaches a trigger ``u ~ U[0, 1]``; ``rho_B ~ U[0, 1]``.

    Parameters
    ----------
    rho_A : float
        A's resolve, in [0, 1].

    Returns
    -------
    NervesUncertain
        ``p_war``, ``p_A_prevails`` and ``p_B_prevails`` (summing to 1).

    Raises
    ------
    ValueError
        If ``rho_A`` is not in [0, 1].
    """
    rho_A = v.probability("rho_A", rho_A)
    p = rho_A - rho_A**2 / 2.0
    return NervesUncertain(p_war=p, p_A_prevails=p, p_B_prevails=(1.0 - rho_A) ** 2)

"""The counterforce exchange: forces, kill probability, first strikes, damage (Schelling 1960)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v

# --------------------------------------------------------------------------------------------
# 5.1 Counterforce exchange
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Force:
    """A side's strategic nuclear force.

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
    """Outcome of a counterforce first strike.

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

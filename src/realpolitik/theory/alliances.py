"""Alliance politics: burden sharing, buck-passing, chain-ganging, balancing (MODELS.md 8).

Sources: M. Olson & R. Zeckhauser, "An Economic Theory of Alliances", *Review of Economics and
Statistics* 48(3), 1966; T. Bergstrom, L. Blume & H. Varian, "On the private provision of public
goods", *Journal of Public Economics* 29, 1986 (uniqueness); T. Christensen & J. Snyder, "Chain
Gangs and Passed Bucks", *International Organization* 44(2), 1990; A. Diekmann, "Volunteer's
Dilemma", *Journal of Conflict Resolution* 29(4), 1985; S. Walt, *The Origins of Alliances*
(1987); K. Waltz, *Theory of International Politics* (1979).

8.1 Burden sharing (*lab convention*, Cobb-Douglas): ally i with income ``Y_i > 0`` gives
``q_i`` in ``[0, Y_i]`` to the common deterrent ``Q = sum_j q_j`` and gets
``U_i = (Y_i - q_i)^(1-alpha) Q^alpha``, ``alpha`` in (0, 1). Best response
``q_i = max(0, alpha Y_i - (1-alpha) Q_{-i})``. The unique Nash equilibrium (BBV 1986): with the
allies sorted by income, descending, the contributing set is the top ``k`` with
``Q = alpha sum_K Y / (alpha + k(1-alpha))``, ``Y_i > ((1-alpha)/alpha) Q`` inside and ``<=``
outside, and ``q_i = Y_i - ((1-alpha)/alpha) Q`` for contributors. The efficient (Samuelson)
level is ``Q_eff = alpha sum Y``.

8.2 Buck-passing as a volunteer's dilemma: ``n`` allies, balancing costs ``K``, everyone gets
``U`` if at least one balances. ``n = 1``: balance iff ``U > K``. ``n >= 2`` and ``K < U``: the
symmetric mixed equilibrium has P(a given ally passes) ``= (K/U)^(1/(n-1))`` and P(nobody
balances) ``= (K/U)^(n/(n-1))``, increasing in ``n``; the payoff is ``U - K``. ``K >= U``: nobody
balances (payoff 0). Christensen-Snyder mapping (*lab convention*): ``U = beta V``; an ally gives
unconditional support to a partner at war (chain gang) iff ``beta V > c_war``.

8.3 Balancing vs bandwagoning (*lab convention*, Walt's balance of threat): with the Tullock
contest success function ``CSF(a, b, m) = a^m / (a^m + b^m)``,
``p_D' = CSF(x_D + x_C, x_A, m)``, ``p_A' = CSF(x_A + x_C, x_D, m)``,
``U_balance = p_D' V x_C/(x_D + x_C) - (1 - p_D') L``,
``U_bandwagon = p_A' (V x_C/(x_A + x_C) - theta L) - (1 - p_A') L``;
C balances iff ``U_balance > U_bandwagon``, i.e. iff ``theta > theta*`` with
``theta* = (p_A' V x_C/(x_A + x_C) - (1 - p_A') L - U_balance) / (p_A' L)``.

The engine reuses 8.1 and 8.3 over many runs: :func:`nash_contributions`,
:func:`balance_utilities` and :func:`balance_threshold` are the vectorised (numpy, broadcasting)
forms of the scalar functions.

Conventions: incomes, capabilities, prizes and costs are positive reals; ``alpha`` in (0, 1);
``beta`` and ``theta`` in [0, 1]; ``m > 0``; ``n`` an integer >= 1. Ties go to the "no" side:
``U = K`` means nobody balances, ``beta V = c_war`` gives no unconditional support, and
``U_balance = U_bandwagon`` means bandwagoning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import array, in_range, integer, positive, probability
from realpolitik.theory.contest import tullock_unchecked

__all__ = [
    "REFERENCES",
    "Alignment",
    "BuckPassing",
    "Burden",
    "ChainGang",
    "balance_or_bandwagon",
    "balance_threshold",
    "balance_utilities",
    "best_response",
    "buck_passing",
    "burden_sharing",
    "chain_gang",
    "nash_contributions",
]

REFERENCES: tuple[str, ...] = (
    "olson1966",
    "bergstrom1986",
    "christensen1990",
    "diekmann1985",
    "walt1987",
    "waltz1979",
)

# ---------------------------------------------------------------------------------------------
# 8.1 burden sharing


def _positive_array(name: str, value: object, ndim: int | None = None) -> np.ndarray:
    arr = array(name, value, ndim=ndim)
    if np.any(arr <= 0.0):
        raise ValueError(f"{name} has values <= 0 (min {arr.min():g}); allowed: numbers > 0")
    return arr


def _alpha_array(alpha: object) -> np.ndarray:
    a = array("alpha", alpha, min_size=1)
    if np.any((a <= 0.0) | (a >= 1.0)):
        raise ValueError(f"alpha = {alpha!r} is out of range; allowed: (0, 1)")
    return a


def _nash(Y: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Vectorised BBV equilibrium along the last axis (no validation)."""
    a = alpha[..., None]
    Ys = -np.sort(-Y, axis=-1)  # descending
    k = np.arange(1, Y.shape[-1] + 1)
    # t_k = ((1-alpha)/alpha) Q_k = (1-alpha) S_k / (alpha + k(1-alpha)), S_k the top-k income:
    # the income at or below which an ally gives nothing when the top k contribute. Since
    # t_k is a weighted mean of t_(k-1) and Y_(k), "Y_(k) > t_k" is equivalent to
    # "Y_(k) > t_(k-1)" (t_0 = 0), and once it fails it fails for every larger k. So the BBV
    # set is the top k* with k* = #{k : Y_(k) > t_(k-1)}, and q_i = max(0, Y_i - t_k*) needs
    # no unsorting (ties at the threshold give 0 either way).
    t = (1.0 - a) * np.cumsum(Ys, axis=-1) / (a + k * (1.0 - a))
    t_prev = np.concatenate([np.zeros_like(t[..., :1]), t[..., :-1]], axis=-1)
    n_contrib = np.sum(np.cumprod(Ys > t_prev, axis=-1), axis=-1)  # length of the prefix
    t_star = np.take_along_axis(t, np.maximum(n_contrib - 1, 0)[..., None], axis=-1)
    t_star = np.where(n_contrib[..., None] > 0, t_star, 0.0)
    return np.maximum(Y - t_star, 0.0)


def nash_contributions(Y: object, alpha: object) -> np.ndarray:
    """Return the Nash contributions of 8.1 for many alliances at once (vectorised).

    Parameters
    ----------
    Y : array_like
        Incomes, shape ``(..., n)``: the last axis lists the allies of one alliance, leading
        axes are independent alliances (e.g. runs). Entries must be >= 0; a zero marks an
        absent ally (padding), which contributes 0 and does not change the others.
    alpha : float or array_like
        Weight of the public good in (0, 1), a scalar or an array of shape ``Y.shape[:-1]``.

    Returns
    -------
    numpy.ndarray
        ``q`` with the shape of ``Y``, in input order.

    Raises
    ------
    ValueError
        If ``Y`` is not a finite non-negative array with at least one axis, or ``alpha`` is
        outside (0, 1) or does not broadcast against ``Y.shape[:-1]``.
    """
    Yarr = array("Y", Y, lo=0.0)
    if Yarr.ndim < 1:
        raise ValueError(f"Y has shape {Yarr.shape}; expected at least one axis (the allies)")
    a = _alpha_array(alpha)
    try:
        a = np.broadcast_to(a, Yarr.shape[:-1])
    except ValueError:
        raise ValueError(
            f"alpha has shape {a.shape}; expected a scalar or shape {Yarr.shape[:-1]}"
        ) from None
    return _nash(Yarr, a)


def best_response(Y: object, alpha: float, q: object) -> np.ndarray:
    """Return every ally's best response ``max(0, alpha Y_i - (1-alpha) Q_{-i})`` to ``q``.

    Parameters
    ----------
    Y : array_like
        Incomes, shape ``(n,)``, each > 0.
    alpha : float
        Weight of the public good in (0, 1).
    q : array_like
        Current contributions, shape ``(n,)``, each >= 0.

    Returns
    -------
    numpy.ndarray
        Best responses, shape ``(n,)``; a Nash equilibrium is a fixed point.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes differ.
    """
    Yarr = _positive_array("Y", Y, ndim=1)
    alpha = in_range("alpha", alpha, 0.0, 1.0, lo_open=True, hi_open=True)
    qarr = array("q", q, shape=(Yarr.size,), lo=0.0)
    others = qarr.sum() - qarr
    return np.maximum(0.0, alpha * Yarr - (1.0 - alpha) * others)


@dataclass(frozen=True)
class Burden:
    """Nash equilibrium of alliance burden sharing (MODELS.md 8.1).

    Attributes
    ----------
    q : tuple of float
        Each ally's contribution, in input order.
    Q : float
        Total contribution (the alliance's deterrent).
    contributors : tuple of int
        Ascending 0-based indices (input order) of the allies with ``q_i > 0``.
    efficient_Q : float
        Samuelson (Pareto-efficient) level ``alpha * sum(Y)``.
    exploitation_holds : bool
        Whether the burden ``q_i / Y_i`` is non-decreasing in ``Y_i`` and the largest ally's
        share of contributions is >= its share of income (Olson-Zeckhauser).
    burden : tuple of float
        ``q_i / Y_i`` for each ally.
    """

    q: tuple[float, ...]
    Q: float
    contributors: tuple[int, ...]
    efficient_Q: float  # noqa: N815
    exploitation_holds: bool
    burden: tuple[float, ...]

    @property
    def under_provision(self) -> float:
        """Return ``efficient_Q - Q`` (> 0 whenever two or more allies exist)."""
        return self.efficient_Q - self.Q


def burden_sharing(Y: object, alpha: float) -> Burden:
    """Return the unique Nash equilibrium of voluntary burden sharing (Olson-Zeckhauser, BBV).

    Parameters
    ----------
    Y : array_like
        Allies' incomes, shape ``(n,)`` with ``n >= 1``, each > 0.
    alpha : float
        Weight of the common deterrent in the Cobb-Douglas utility, in (0, 1).

    Returns
    -------
    Burden
        Contributions, total, contributors, efficient level and the exploitation check.

    Raises
    ------
    ValueError
        If ``Y`` is not a non-empty 1-D array of positive finite numbers or ``alpha`` is
        outside (0, 1).
    """
    Yarr = _positive_array("Y", Y, ndim=1)
    alpha = in_range("alpha", alpha, 0.0, 1.0, lo_open=True, hi_open=True)
    q = _nash(Yarr, np.array(alpha))
    Q = float(q.sum())
    burden = q / Yarr
    order = np.argsort(Yarr, kind="stable")
    rtol = 1e-12
    monotone = bool(np.all(np.diff(burden[order]) >= -rtol))
    big = int(np.argmax(Yarr))
    largest_fair = bool(q[big] / Q >= Yarr[big] / Yarr.sum() - rtol)
    return Burden(
        q=tuple(float(x) for x in q),
        Q=Q,
        contributors=tuple(int(i) for i in np.flatnonzero(q > 0.0)),
        efficient_Q=float(alpha * Yarr.sum()),
        exploitation_holds=monotone and largest_fair,
        burden=tuple(float(b) for b in burden),
    )


# ---------------------------------------------------------------------------------------------
# 8.2 buck-passing and chain-ganging


@dataclass(frozen=True)
class BuckPassing:
    """Symmetric equilibrium of the volunteer's dilemma among status-quo allies (8.2).

    Attributes
    ----------
    p_balance_each : float
        Probability that a given ally balances.
    p_nobody_balances : float
        Probability that no ally balances (the aggressor is unchecked).
    payoff : float
        Each ally's expected equilibrium payoff (``U - K`` when balancing is worth it, else 0).
    """

    p_balance_each: float
    p_nobody_balances: float
    payoff: float


def _volunteer(n: int, U: float, K: float) -> BuckPassing:
    if K >= U:
        return BuckPassing(p_balance_each=0.0, p_nobody_balances=1.0, payoff=0.0)
    if n == 1:
        return BuckPassing(p_balance_each=1.0, p_nobody_balances=0.0, payoff=U - K)
    ratio = K / U
    p_pass = ratio ** (1.0 / (n - 1))
    return BuckPassing(
        p_balance_each=1.0 - p_pass,
        p_nobody_balances=ratio ** (n / (n - 1)),
        payoff=U - K,
    )


def buck_passing(n: int, U: float, K: float) -> BuckPassing:
    """Return the symmetric equilibrium of the buck-passing game (Diekmann's volunteer's dilemma).

    Parameters
    ----------
    n : int
        Number of status-quo allies, >= 1.
    U : float
        Value to every ally of the aggressor being balanced, > 0.
    K : float
        Cost of balancing to the ally who does it, > 0.

    Returns
    -------
    BuckPassing
        ``p_balance_each``, ``p_nobody_balances`` (``(K/U)^(n/(n-1))`` for ``n >= 2`` and
        ``K < U``) and ``payoff``. With ``n = 1`` the ally balances iff ``U > K``; with
        ``K >= U`` nobody balances.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1 or ``U``, ``K`` are not positive.
    """
    n = integer("n", n, lo=1)
    U = positive("U", U)
    K = positive("K", K)
    return _volunteer(n, U, K)


@dataclass(frozen=True)
class ChainGang:
    """Christensen-Snyder alliance pattern under an offense advantage ``beta`` (8.2).

    Attributes
    ----------
    regime : str
        ``"pure_buck_passing"`` (``K >= U``: nobody balances) or ``"mixed_buck_passing"``.
    p_balance_each : float
        Probability that a given ally balances.
    p_nobody_balances : float
        Probability that no ally balances.
    unconditional_support : bool
        Whether an ally follows a partner into war unconditionally (``beta V > c_war``).
    U : float
        The stake ``beta * V``.
    """

    regime: str
    p_balance_each: float
    p_nobody_balances: float
    unconditional_support: bool
    U: float


def chain_gang(beta: float, V: float, K: float, n: int, c_war: float) -> ChainGang:
    """Return buck-passing or chain-ganging from the perceived offense advantage.

    Parameters
    ----------
    beta : float
        Perceived offense advantage in [0, 1]; the stake of balancing is ``U = beta * V``.
    V : float
        Value of the threatened front-line ally's survival, > 0.
    K : float
        Cost of balancing, > 0.
    n : int
        Number of status-quo allies, >= 1.
    c_war : float
        Cost of joining a partner's war, > 0.

    Returns
    -------
    ChainGang
        ``regime`` ("pure_buck_passing" iff ``K >= beta V``, else "mixed_buck_passing", also
        for ``n = 1`` where the lone ally balances for sure), the buck-passing probabilities
        of :func:`buck_passing` with ``U = beta V``, and ``unconditional_support``
        (``beta V > c_war``, strict).

    Raises
    ------
    ValueError
        If an argument is outside its allowed range.
    """
    beta = probability("beta", beta)
    V = positive("V", V)
    K = positive("K", K)
    n = integer("n", n, lo=1)
    c_war = positive("c_war", c_war)
    U = beta * V
    eq = _volunteer(n, U, K)
    return ChainGang(
        regime="pure_buck_passing" if K >= U else "mixed_buck_passing",
        p_balance_each=eq.p_balance_each,
        p_nobody_balances=eq.p_nobody_balances,
        unconditional_support=c_war < U,
        U=U,
    )


# ---------------------------------------------------------------------------------------------
# 8.3 balancing vs bandwagoning


def _csf(a: np.ndarray, b: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return Tullock's ``a^m / (a^m + b^m)`` and its complement for a, b > 0.

    Each side is computed directly (:func:`realpolitik.theory.contest.tullock_unchecked`), so
    tiny win probabilities keep their relative accuracy.
    """
    return tullock_unchecked(a, b, m), tullock_unchecked(b, a, m)


def _threshold(
    u_balance: np.ndarray, u_band0: np.ndarray, p_A: np.ndarray, L: np.ndarray
) -> np.ndarray:
    """theta* with the limit ``p_A' = 0`` (underflow) mapped to -inf / +inf."""
    gap = u_band0 - u_balance
    with np.errstate(divide="ignore", invalid="ignore"):
        out = gap / (p_A * L)
    return np.where(p_A > 0.0, out, np.where(gap >= 0.0, np.inf, -np.inf))


def _alignment_inputs(
    x_A: object, x_D: object, x_C: object, m: object, V: object, L: object
) -> tuple[np.ndarray, ...]:
    return (
        _positive_array("x_A", x_A),
        _positive_array("x_D", x_D),
        _positive_array("x_C", x_C),
        _positive_array("m", m),
        _positive_array("V", V),
        _positive_array("L", L),
    )


def _theta_array(theta: object) -> np.ndarray:
    th = array("theta", theta, min_size=1)
    if np.any((th < 0.0) | (th > 1.0)):
        raise ValueError(f"theta = {theta!r} is out of range; allowed: [0, 1]")
    return th


def _utilities(
    x_A: np.ndarray,
    x_D: np.ndarray,
    x_C: np.ndarray,
    m: np.ndarray,
    V: np.ndarray,
    L: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """U_balance, the theta-free part of U_bandwagon, p_A' and p_D' (no validation)."""
    p_D, q_D = _csf(x_D + x_C, x_A, m)
    p_A, q_A = _csf(x_A + x_C, x_D, m)
    u_balance = p_D * V * x_C / (x_D + x_C) - q_D * L
    u_band0 = p_A * V * x_C / (x_A + x_C) - q_A * L
    return u_balance, u_band0, p_A, p_D


def balance_utilities(
    x_A: object,
    x_D: object,
    x_C: object,
    m: object,
    V: object,
    L: object,
    theta: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(U_balance, U_bandwagon)`` of 8.3 elementwise (vectorised, broadcasting).

    Parameters
    ----------
    x_A, x_D, x_C : array_like
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : array_like
        Tullock decisiveness exponent, > 0.
    V : array_like
        Prize shared by the winning side, > 0.
    L : array_like
        Loss of C when on the losing side, > 0.
    theta : array_like
        Threat that a victorious aggressor later turns on C, in [0, 1].

    Returns
    -------
    tuple of numpy.ndarray
        ``U_balance`` and ``U_bandwagon``, broadcast to a common shape. C balances where
        ``U_balance > U_bandwagon``.

    Raises
    ------
    ValueError
        If an argument has a value outside its range or the shapes do not broadcast.
    """
    args = _alignment_inputs(x_A, x_D, x_C, m, V, L)
    th = _theta_array(theta)
    try:
        *args, th = np.broadcast_arrays(*args, th)
    except ValueError:
        raise ValueError("x_A, x_D, x_C, m, V, L and theta do not broadcast together") from None
    return alignment_utilities(*args, th)


def alignment_utilities(
    x_A: np.ndarray,
    x_D: np.ndarray,
    x_C: np.ndarray,
    m: np.ndarray,
    V: np.ndarray,
    L: np.ndarray,
    theta: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`balance_utilities` for inputs that are valid by construction.

    No validation: for vectorised callers (the engine's alliance phase evaluates it on
    ``(runs, states)`` arrays every year) whose capabilities, ``m``, ``V`` and ``L`` are > 0
    and ``theta`` lies in [0, 1]. Same arithmetic, same numbers.

    Parameters
    ----------
    x_A, x_D, x_C, m, V, L, theta : numpy.ndarray
        As :func:`balance_utilities`, broadcast together.

    Returns
    -------
    tuple of numpy.ndarray
        ``U_balance`` and ``U_bandwagon``.
    """
    u_balance, u_band0, p_A, _ = _utilities(x_A, x_D, x_C, m, V, L)
    return u_balance, u_band0 - p_A * theta * L


def balance_threshold(
    x_A: object, x_D: object, x_C: object, m: object, V: object, L: object
) -> np.ndarray:
    """Return the indifference threat ``theta*`` of 8.3 elementwise (vectorised).

    Parameters
    ----------
    x_A, x_D, x_C : array_like
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : array_like
        Tullock decisiveness exponent, > 0.
    V : array_like
        Prize, > 0.
    L : array_like
        Loss on the losing side, > 0.

    Returns
    -------
    numpy.ndarray
        ``theta* = (p_A' V x_C/(x_A+x_C) - (1-p_A') L - U_balance) / (p_A' L)``: C balances iff
        ``theta > theta*``. Not clipped: ``theta* < 0`` means C balances for every threat,
        ``theta* >= 1`` means it bandwagons for every threat.

    Raises
    ------
    ValueError
        If an argument has a value outside its range or the shapes do not broadcast.
    """
    args = _alignment_inputs(x_A, x_D, x_C, m, V, L)
    try:
        args = tuple(np.broadcast_arrays(*args))
    except ValueError:
        raise ValueError("x_A, x_D, x_C, m, V and L do not broadcast together") from None
    u_balance, u_band0, p_A, _ = _utilities(*args)
    return _threshold(u_balance, u_band0, p_A, args[5])


@dataclass(frozen=True)
class Alignment:
    """Third state's choice between balancing and bandwagoning (MODELS.md 8.3).

    Attributes
    ----------
    choice : str
        ``"balance"`` iff ``U_balance > U_bandwagon``, else ``"bandwagon"``.
    U_balance, U_bandwagon : float
        Expected utilities of joining the defender or the aggressor.
    theta_star : float
        Indifference threat: C balances iff ``theta > theta_star`` (may lie outside [0, 1]).
    p_defender_wins, p_aggressor_wins : float
        ``p_D'`` (C with D) and ``p_A'`` (C with A).
    """

    choice: str
    U_balance: float
    U_bandwagon: float
    theta_star: float
    p_defender_wins: float
    p_aggressor_wins: float


def balance_or_bandwagon(
    x_A: float, x_D: float, x_C: float, m: float, V: float, L: float, theta: float
) -> Alignment:
    """Return whether a third state balances against or bandwagons with an aggressor (Walt).

    Parameters
    ----------
    x_A, x_D, x_C : float
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : float
        Tullock decisiveness exponent, > 0 (higher: war more decisive).
    V : float
        Prize shared by the winning side in proportion to capability, > 0.
    L : float
        Loss of C when on the losing side, > 0.
    theta : float
        Threat (intentions times proximity) that a victorious aggressor turns on C, in [0, 1].

    Returns
    -------
    Alignment
        ``choice``, ``U_balance``, ``U_bandwagon``, ``theta_star`` and the two win
        probabilities.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    x_A = positive("x_A", x_A)
    x_D = positive("x_D", x_D)
    x_C = positive("x_C", x_C)
    m = positive("m", m)
    V = positive("V", V)
    L = positive("L", L)
    theta = probability("theta", theta)
    u_balance, u_band0, p_A, p_D = _utilities(*(np.float64(v) for v in (x_A, x_D, x_C, m, V, L)))
    u_bandwagon = float(u_band0 - p_A * theta * L)
    return Alignment(
        choice="balance" if float(u_balance) > u_bandwagon else "bandwagon",
        U_balance=float(u_balance),
        U_bandwagon=u_bandwagon,
        theta_star=float(_threshold(u_balance, u_band0, p_A, np.float64(L))),
        p_defender_wins=float(p_D),
        p_aggressor_wins=float(p_A),
    )

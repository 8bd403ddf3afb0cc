"""Typed contracts between mechanisms: what one phase hands to the phases that decide on war.

Source: docs/mechanisms.md ("The engine contract": mechanisms hand results to each other
through typed World fields only). Both terms depend on parameters
only, so they are per state ``(N,)``, per unordered pair ``(P,)`` (pairs ``i < j`` in
lexicographic order) or per ordered pair ``(N, N)`` (row i, column j), never per run; their
arrays are read-only. They are computed once per chunk by their mechanism's ``prepare`` hook
(again when a schedule changes one of their keys) and set on the World each year:

- ``world.nuclear``: :class:`NuclearTerms`, set by deterrence (None with fewer than two
  nuclear states), read by crisis; it also carries what a strategic choice of war needs: the
  damage to each side of a nuclear exchange and the first-strike thresholds (Schelling 1960,
  ch. 9; Powell 1990).
- ``world.domestic``: :class:`DomesticTerms`, set by domestic politics (None when every
  hawkishness and audience cost is 0), read by crisis (Fearon 1994; Bueno de Mesquita et al. 2003).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

__all__ = ["DomesticTerms", "NuclearTerms", "read_only"]


def read_only(arr: np.ndarray) -> np.ndarray:
    """Return ``arr`` with its write flag cleared (for the arrays of a contract)."""
    arr.setflags(write=False)
    return arr


class _Frozen:
    """Clears the write flag of every array field after construction."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)


@dataclass(frozen=True, eq=False)
class NuclearTerms(_Frozen):
    """Nuclear deterrence between the states (docs/mechanisms.md), from the arsenals.

    Attributes
    ----------
    factor : numpy.ndarray
        ``(P,)`` float64: each unordered pair's factor on P(war | crisis) in the hazard model,
        ``(mad_damping if MAD else 1) * (1 + first_strike_sensitivity * (1 - min q*))``; 1 where
        the pair is not nuclear on both sides.
    pair : numpy.ndarray
        ``(P,)`` bool: both states of the pair are nuclear.
    damage_first : numpy.ndarray
        ``(N, N)`` float64: ``[i, j]`` the share of i's value destroyed if i strikes j first
        (j retaliates with its survivors): D(S_j) (``theory.deterrence.Crisis.D_F``); 0
        where i or j is not nuclear.
    damage_second : numpy.ndarray
        ``(N, N)`` float64: ``[i, j]`` the share of i's value destroyed if j strikes i first
        (j's remaining warheads hit i's cities): D(W_j remaining) (``Crisis.D_S``); 0 where i
        or j is not nuclear.
    q_star : numpy.ndarray
        ``(N, N)`` float64: ``[i, j]`` i's first-strike threshold q*_ij against j, the belief
        that j strikes above which i strikes (``Crisis.q_star``, 1: never); 1 where i or j is
        not nuclear.
    mad : numpy.ndarray
        ``(P,)`` bool: the pair is in mutual assured destruction.
    """

    factor: np.ndarray
    pair: np.ndarray
    damage_first: np.ndarray
    damage_second: np.ndarray
    q_star: np.ndarray
    mad: np.ndarray


@dataclass(frozen=True, eq=False)
class DomesticTerms(_Frozen):
    """Domestic politics in crises (docs/mechanisms.md), from the parameters.

    Attributes
    ----------
    hawkishness : numpy.ndarray
        ``(N,)`` float64: each state's hawk bias h_i.
    audience_cost : numpy.ndarray
        ``(N,)`` float64: each state's audience cost a_i.
    hawk_factor : numpy.ndarray or None
        ``(P,)`` float64 ``1 + h_i + h_j`` per unordered pair (the hazard model's factor on
        P(war | crisis)); None when every h_i is 0.
    audience_factor : numpy.ndarray or None
        ``(N,)`` float64: state i's factor on P(war | crisis) as the crisis initiator,
        ``p_war(a_i) / p_war(0)`` of the audience-cost game; None when every a_i is 0.
    concede_prob : numpy.ndarray or None
        ``(N,)`` float64: the probability that the target of state i's crisis concedes,
        ``p_concedes / p_challenge``; None when every a_i is 0.
    """

    hawkishness: np.ndarray
    audience_cost: np.ndarray
    hawk_factor: np.ndarray | None
    audience_factor: np.ndarray | None
    concede_prob: np.ndarray | None

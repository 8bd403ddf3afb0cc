"""Conformance checks for simulations: invariants, determinism, agreement, speed.

Source: docs/reproducibility.md; docs/engine.md ("Agreement")
for the agreement statistics. Our own tests use these functions; a user's custom mechanism or
scenario can run them too (PettingZoo's ``api_test`` / ``seed_test`` are the model).

- :func:`check_invariants`: no negative, NaN or infinite military or GDP, budget shares finite,
  >= 0 and within the cap, a consistent event table with valid labels, participants, flags
  and rungs.
- :func:`check_probabilities`: every value finite and in [0, 1].
- :func:`check_determinism`: the same seed gives bit-identical trajectories and events (also
  across worker counts); another seed gives another result.
- :func:`agreement` / :func:`assert_agreement`: two samples of a stochastic model agree in
  distribution: two-sample Kolmogorov-Smirnov tests on final military and final GDP (pooled
  over states), a chi-square test on the histogram of wars per run (sparse bins merged until
  every expected count is >= 5), none rejecting at the 0.1% level, and |z| < 3 on each mean,
  ``z = (mean_a - mean_b) / sqrt(var_a / n_a + var_b / n_b)``.
- :func:`measure_speed`: state-steps per second of :func:`~realpolitik.engine.simulate` and of
  its random draws alone, organised the same way.
- :func:`check_mechanism`: a mechanism module's declarations (docs/contributing.md), and that
  its step draws nothing and changes nothing at its neutral keys.
- :func:`full_configuration` / :func:`full_schedule`: every mechanism on, the workload of the
  full-engine benchmark and tests; :func:`strategic_configuration`: the same under the strategic
  engine (docs/strategic.md), the workload of the strategic benchmark row.

Every check raises ``AssertionError`` with a message saying what failed, so it can be called
inside any test framework.
"""

from __future__ import annotations

from typing import Any

from realpolitik.testing.agreement import (
    agreement,
    assert_agreement,
    merged_histogram,
    sample_from_trajectory,
)
from realpolitik.testing.invariants import (
    assert_trajectories_equal,
    check_determinism,
    check_invariants,
    check_probabilities,
)
from realpolitik.testing.mechanisms import check_mechanism
from realpolitik.testing.speed import measure_speed

__all__ = [
    "FULL_MECHANISMS",
    "FULL_WARHEADS",
    "agreement",
    "assert_agreement",
    "assert_trajectories_equal",
    "check_determinism",
    "check_invariants",
    "check_mechanism",
    "check_probabilities",
    "full_configuration",
    "full_schedule",
    "measure_speed",
    "merged_histogram",
    "sample_from_trajectory",
    "strategic_configuration",
]

FULL_MECHANISMS: dict[str, Any] = {
    # perception and signalling (docs/models/spiral.md, docs/mechanisms.md)
    "transparency": 0.3,
    "type_beliefs": True,
    "trust_discount": 0.5,
    "reassurance_gesture": 0.3,
    # offense-defense (Jervis 1978; docs/models/offense_defense.md): od = 1.28,
    # decisiveness = 1.4, q_war = 0.14
    "distinguishability": 0.3,
    "offense_advantage": 0.7,
    # alliances (docs/models/alliances.md)
    "alliances": True,
    "alliance_formation": "threat",
    "burden_sharing": 0.3,
    # domestic politics (docs/models/audience.md)
    "hawkishness": 0.2,
    "audience_cost": 0.5,
    "butter_pressure": 0.5,
    # nuclear deterrence (docs/models/deterrence.md): the arsenals come from full_configuration
    "survivable_share": 0.5,
    # crises
    "escalation_rungs": 3,
    "hotline": 0.5,
    # arms control
    "treaty_cap_share": 0.08,
    "cheat_prob_greedy": 0.3,
    "verification": 0.5,
    # war
    "gdp_cession": 0.1,
}
"""Every mechanism on (docs/mechanisms.md keys): the workload of the full-engine benchmark and
of the tests that check the whole engine; a user's mechanism can be checked against it too."""

FULL_WARHEADS = 1000.0
"""Warheads of each of the full configuration's two nuclear states (states 0 and 1): with half
of them at sea the pair is in MAD (the crisis phase damps its escalation by ``mad_damping``)."""


def full_configuration(states: int, **overrides: Any) -> dict[str, Any]:
    """Return the ``Params.core`` keywords with every mechanism on, two nuclear states.

    Parameters
    ----------
    states : int
        N (>= 2): states 0 and 1 hold :data:`FULL_WARHEADS` warheads each, the others none.
    **overrides
        Further keys (they replace those of :data:`FULL_MECHANISMS`).

    Returns
    -------
    dict
        The keyword arguments of :meth:`realpolitik.engine.Params.core`.
    """
    warheads = [FULL_WARHEADS if s < 2 else 0.0 for s in range(states)]
    return {**FULL_MECHANISMS, "nuclear_warheads": warheads, **overrides}


def full_schedule(states: int, years: int) -> list[Any]:
    """Return the full configuration's scheduled events.

    A pact of states 2 and 3 formed in year 0 (non-nuclear states, so that a war pulls in an
    ally) and, from year ``years // 2``, a hotline of 0.8 instead of 0.5.

    Parameters
    ----------
    states : int
        N (>= 4).
    years : int
        The simulated years.

    Returns
    -------
    list of ScheduledEvent
        The events.
    """
    from realpolitik.engine import ScheduledEvent

    if states < 4:
        raise ValueError(f"states = {states} is too few for the full schedule; need >= 4")
    return [
        ScheduledEvent(0, "alliance_form", (2, 3)),
        ScheduledEvent(years // 2, "set", value=("hotline", 0.8)),
    ]


def strategic_configuration(states: int, **overrides: Any) -> dict[str, Any]:
    """Return the ``Params.strategic`` keywords with every mechanism on, two nuclear states.

    The full configuration (:func:`full_configuration`: alliances, two nuclear states, hawk
    bias and audience costs, transparency, the hotline, arms control, type beliefs, ...) under
    the strategic engine, where wars are chosen by states (docs/strategic.md): the hazard keys
    (``realpolitik.engine.presets.HAZARD_KEYS``, e.g. ``escalation_rungs``) scale the
    probability of war directly and are errors there, so they are left out. Its schedule is
    :func:`full_schedule`.

    Parameters
    ----------
    states : int
        N (>= 2): states 0 and 1 hold :data:`FULL_WARHEADS` warheads each, the others none.
    **overrides
        Further keys (they replace those of the full configuration).

    Returns
    -------
    dict
        The keyword arguments of :meth:`realpolitik.engine.Params.strategic`.

    Examples
    --------
    >>> from realpolitik.engine import Params
    >>> Params.strategic(**strategic_configuration(8)).decisions
    'strategic'
    """
    from realpolitik.engine.presets import HAZARD_KEYS

    keys = full_configuration(states)
    return {**{k: v for k, v in keys.items() if k not in HAZARD_KEYS}, **overrides}

"""The two engines' presets, and the keys that belong to one engine only.

Sources: Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978 (the
offense-defense balance as one number, ``offense_advantage``); Fearon, "Rationalist
Explanations for War", *International Organization* 49(3), 1995, and Powell, "War as a
Commitment Problem", *International Organization* 60(1), 2006 (why wars are chosen, not drawn);
docs/strategic.md (the strategic engine) and docs/mechanisms.md (every key).

The key ``decisions`` chooses how wars start:

- ``"hazard"`` (the core model, :meth:`Params.core`): crises arrive at a fixed rate set by
  the perceived balance (``crisis_base_rate``, ``crisis_sensitivity``) and become wars with a
  fixed probability (``war_given_crisis``), scaled by the nuclear factors (``mad_damping``,
  ``first_strike_sensitivity``) and an escalation ladder (``escalation_rungs``): the
  :data:`HAZARD_KEYS`.
- ``"strategic"`` (:meth:`Params.strategic`): every war is chosen by a state from its own
  perceptions and beliefs. No key may scale the probability of war, so the hazard keys are
  errors when given with a value other than the one the strategic engine runs with
  (:func:`strategic_hazard_value`: ``crisis_base_rate = 0``, the default for the others; the
  values a round trip through ``to_dict`` writes), and ``offense_advantage`` sets only
  ``offense_defense_factor`` and ``decisiveness``.

Two core keys have a default that follows ``decisions`` when they are not given explicitly
(:data:`ENGINE_DEFAULTS`): ``decisiveness`` (1 for the hazard model, 1.5 for the strategic
engine: with 1, a greedy state's war value barely depends on the balance of power, so
bargaining, deterrence and fear hardly operate) and ``crisis_base_rate`` (0.02, and 0 under
the strategic engine: the hazard is off, the crisis phase draws nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from realpolitik.engine.keys import KeySpec, ParamError, to_json

__all__ = [
    "ENGINE_DEFAULTS",
    "HAZARD_KEYS",
    "OFFENSE_ADVANTAGE_KEYS",
    "STRATEGIC_PRESET",
    "check_hazard_keys",
    "derived_values",
    "offense_advantage_mapping",
    "strategic_hazard_value",
]

OFFENSE_ADVANTAGE_KEYS = ("offense_defense_factor", "decisiveness", "war_given_crisis")
"""The core keys that ``offense_advantage`` sets (the first two only under the strategic
engine)."""

HAZARD_KEYS = (
    "crisis_base_rate",
    "crisis_sensitivity",
    "war_given_crisis",
    "mad_damping",
    "first_strike_sensitivity",
    "escalation_rungs",
)
"""The keys of the hazard model: they scale the probability of war directly, so they are errors
under ``decisions = "strategic"`` (:func:`check_hazard_keys`)."""

ENGINE_DEFAULTS: dict[str, dict[str, float]] = {
    "hazard": {"decisiveness": 1.0, "crisis_base_rate": 0.02},
    "strategic": {"decisiveness": 1.5, "crisis_base_rate": 0.0},
}
"""Per value of ``decisions``, the defaults of the core keys that follow it when not given."""

STRATEGIC_PRESET: dict[str, Any] = {
    "decisions": "strategic",
    "type_beliefs": True,
    "gdp_cession": 0.1,
    "mobilization": 0.05,
    "conquest_value_greedy": 1.0,
    "conquest_value_secure": 0.0,
    "cost_uncertainty": 1.5,
    "patience": 0.9,
    "projection_years": 5,
    "trend_window": 10,
    "settlement_years": 5,
    "burn_in": 50,
    "strike_warheads_per_silo": 2,
    "arming_drive": 0.0,
}
"""The keys :meth:`Params.strategic` sets (besides :data:`ENGINE_DEFAULTS`' strategic values);
the core model's values for the rest."""


def offense_advantage_mapping(beta: float, decisions: str = "hazard") -> dict[str, float]:
    """Return the core values that ``offense_advantage = beta`` sets (Jervis 1978, as one number).

    Parameters
    ----------
    beta
        The offense advantage in [0, 1] (0.5: the core model).
    decisions
        The engine (``"hazard"`` or ``"strategic"``).

    Returns
    -------
    dict
        ``offense_defense_factor = 1 + 0.4 beta``, ``decisiveness = 2 beta`` and, for the
        hazard model only, ``war_given_crisis = 0.2 beta`` (under the strategic engine wars
        are chosen, so offense dominance acts only through the contest).
    """
    out = {"offense_defense_factor": 1.0 + 0.4 * beta, "decisiveness": 2.0 * beta}
    if decisions != "strategic":
        out["war_given_crisis"] = 0.2 * beta
    return out


def strategic_hazard_value(key: str, spec: KeySpec) -> Any:
    """Return the value the strategic engine runs a hazard key with (its default; p0 = 0)."""
    return ENGINE_DEFAULTS["strategic"].get(key, spec.default)


def check_hazard_keys(values: Mapping[str, Any], specs: Mapping[str, KeySpec]) -> None:
    """Raise unless every hazard key has the strategic engine's value (see the module docstring).

    Parameters
    ----------
    values
        Key -> validated value (a :class:`Params`' values), with ``decisions = "strategic"``.
    specs
        Key -> :class:`~realpolitik.engine.keys.KeySpec`.

    Raises
    ------
    ParamError
        Naming the first hazard key with another value, the value and the reason.
    """
    for key in HAZARD_KEYS:
        if key not in specs:
            continue
        allowed = strategic_hazard_value(key, specs[key])
        value = values[key]
        if not np.all(np.asarray(value) == allowed):
            raise ParamError(
                key, to_json(value), f"unset (the strategic engine runs it at {allowed!r})",
                f"{key} = {to_json(value)!r}: under decisions='strategic' wars are chosen by "
                f"states; {key} belongs to the hazard model (decisions='hazard'); leave it "
                f"unset",
            )  # fmt: skip


def derived_values(values: Mapping[str, Any], explicit: Mapping[str, bool]) -> dict[str, Any]:
    """Return the core values that ``decisions`` and ``offense_advantage`` set.

    Parameters
    ----------
    values
        Key -> validated value of a parameter set.
    explicit
        Key -> whether the value was given (False: the field's default).

    Returns
    -------
    dict
        The engine's defaults (:data:`ENGINE_DEFAULTS`) of the keys not given, then
        :func:`offense_advantage_mapping` when ``offense_advantage`` is set.

    Raises
    ------
    ParamError
        If a key ``offense_advantage`` sets was given with another value (naming both).
    """
    decisions = values.get("decisions", "hazard")
    out = {k: v for k, v in ENGINE_DEFAULTS.get(decisions, {}).items() if not explicit.get(k, True)}
    beta = values.get("offense_advantage")
    if beta is None:
        return out
    for key, mapped in offense_advantage_mapping(beta, decisions).items():
        given = values[key]
        if explicit[key] and not np.all(np.asarray(given) == mapped):
            raise ParamError(
                "offense_advantage", beta, f"{key} unset or {mapped!r}",
                f"offense_advantage = {beta!r} sets {key} = {mapped!r}, but {key} = "
                f"{to_json(given)!r} was given too; set one of them",
            )  # fmt: skip
        out[key] = mapped
    return out

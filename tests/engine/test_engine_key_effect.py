"""Keys whose mechanism stays off: :func:`ineffective_keys` names the switch that turns it on,
and a schedule that switches the mechanism on mid-run makes the key take effect."""

from __future__ import annotations

import math

import pytest

from realpolitik.engine import Params
from realpolitik.engine.keys import switch_condition
from realpolitik.engine.mechanisms.schedule import ScheduledEvent, scheduled_values
from realpolitik.engine.params import ineffective_keys
from realpolitik.scenarios import bundled_scenarios, compile_scenario
from realpolitik.scenarios.validation import engine_preset
from realpolitik.theory._validate import InputError

SPECS = Params.specs()
SWITCHED = [k for k, s in SPECS.items() if s.requires is not None]


def _off_neutral(key: str):
    """Return a valid value of ``key`` away from its neutral value."""
    spec = SPECS[key]
    if spec.kind == "bool":
        return not spec.neutral
    if spec.kind == "choice":
        return next(c for c in spec.choices if c != spec.neutral)
    step = 1 if spec.kind == "int" else 0.1
    for value in (spec.neutral + step, spec.neutral - step):
        try:
            Params.core(**{key: value})
        except InputError:
            continue
        return value
    raise AssertionError(f"no valid value of {key} away from {spec.neutral}")  # pragma: no cover


def _on(switch: str):
    """Return a value of a switch that turns its mechanism on."""
    spec = SPECS[switch]
    if spec.kind == "float":
        return 0.2 if spec.neutral == math.inf else 1.0
    return _off_neutral(switch)


def test_the_switches_are_the_ones_the_issue_names():
    assert {SPECS[k].requires for k in SWITCHED} == {
        "type_beliefs", "alliances", "treaty_cap_share", "nuclear_warheads", "audience_cost",
        "decisions", "arming_law",
    }  # fmt: skip


@pytest.mark.parametrize("key", SWITCHED)
def test_every_switched_key_is_idle_until_its_switch_is_on(key):
    switch = SPECS[key].requires
    value = _off_neutral(key)
    assert ineffective_keys(Params.core(**{key: value})) == {key: switch}
    assert ineffective_keys(Params.core(**{key: value, switch: _on(switch)})) == {}
    # at its neutral value the key changes nothing either way: not reported
    assert ineffective_keys(Params.core(**{key: SPECS[key].neutral})) == {}


def test_a_float_switch_is_on_when_some_state_has_a_non_neutral_value():
    idle = Params.core(survivable_share=[0.5, 0.5], nuclear_warheads=[0.0, 0.0])
    assert ineffective_keys(idle) == {"survivable_share": "nuclear_warheads"}
    armed = idle.replace(nuclear_warheads=[0.0, 300.0])
    assert ineffective_keys(armed) == {}
    assert ineffective_keys(Params.core(crisis_stake=0.5, audience_cost=[0.0, 1.0])) == {}


def test_a_scheduled_event_that_switches_the_mechanism_on_makes_its_keys_take_effect():
    params = Params.core(verification=0.5, mad_damping=0.3)
    assert ineffective_keys(params) == {
        "verification": "treaty_cap_share", "mad_damping": "nuclear_warheads"
    }  # fmt: skip
    signed = [ScheduledEvent(22, "treaty_sign", (), 0.06)]
    assert ineffective_keys(params, signed) == {"mad_damping": "nuclear_warheads"}
    capped = [ScheduledEvent(5, "set", (), ("treaty_cap_share", 0.1))]
    assert ineffective_keys(params, capped) == {"mad_damping": "nuclear_warheads"}
    # an event that leaves the switch at its neutral value switches nothing on
    uncapped = [ScheduledEvent(5, "set", (), ("treaty_cap_share", math.inf))]
    assert "verification" in ineffective_keys(params, uncapped)
    # pacts do not switch the alliances mechanism on (the alliances key does)
    pact = [ScheduledEvent(0, "alliance_form", (0, 1))]
    assert ineffective_keys(Params.core(burden_sharing=0.5), pact) == {
        "burden_sharing": "alliances"
    }  # fmt: skip


def test_a_key_set_only_by_a_scheduled_event_counts_as_set():
    set_later = [ScheduledEvent(3, "set", (), ("verification", 0.5))]
    assert ineffective_keys(Params.core(), set_later) == {"verification": "treaty_cap_share"}
    treaty = [*set_later, ScheduledEvent(4, "treaty_sign", (0, 1), 0.05)]
    assert ineffective_keys(Params.core(), treaty) == {}


def test_scheduled_values_lists_the_values_set_key_by_key():
    events = [
        ScheduledEvent(1, "set", (), ("hotline", 0.8)),
        ScheduledEvent(2, "treaty_sign", (), 0.06),
        ScheduledEvent(3, "treaty_sign", (), None),  # the parameters' own cap: sets nothing
        ScheduledEvent(4, "set", (), ("hotline", 0.0)),
        ScheduledEvent(5, "alliance_form", (0, 1)),
    ]
    assert scheduled_values(events) == {"hotline": [0.8, 0.0], "treaty_cap_share": [0.06]}
    assert scheduled_values(None) == {}


def test_switch_condition_says_which_value_turns_the_mechanism_on():
    assert switch_condition(SPECS["alliances"]) == "alliances: true"
    assert switch_condition(SPECS["decisions"]) == "decisions: strategic"
    assert switch_condition(SPECS["nuclear_warheads"]) == "nuclear_warheads > 0 (for some state)"
    assert switch_condition(SPECS["treaty_cap_share"]) == "a finite treaty_cap_share"


@pytest.mark.parametrize("name", bundled_scenarios())
def test_every_key_of_the_bundled_scenarios_takes_effect(name):
    compiled = compile_scenario(name)
    idle = ineffective_keys(compiled.params, compiled.schedule)
    # only the engine preset's own values may be idle (strike_warheads_per_silo without
    # nuclear states), never a key the scenario gives
    preset = engine_preset({"decisions": compiled.params.decisions})
    assert set(idle) <= set(ineffective_keys(preset))
    assert all(getattr(compiled.params, k) == getattr(preset, k) for k in idle)

"""Per-state ``set`` events: one state's arsenal or survivable share changes mid-run."""

from types import SimpleNamespace

import numpy as np
import pytest

from realpolitik.engine.mechanisms.schedule import ScheduledEvent, apply_event
from realpolitik.scenarios import load_scenario, run_scenario, scenario_from_dict, with_overrides
from realpolitik.theory._validate import InputError


def _with_events(scenario, events, states=None):
    data = scenario.model_dump(exclude_none=True)
    for name, nuclear in (states or {}).items():
        next(s for s in data["states"] if s["name"] == name)["nuclear"] = nuclear
    data["events"] = [*events, *data["events"]]
    return scenario_from_dict(data)


def test_a_per_state_set_at_the_start_equals_the_value_given_from_the_start():
    s = load_scenario("bipolar-nuclear")
    scheduled = _with_events(
        s,
        [
            {
                "year": 1950,
                "action": "set",
                "key": "survivable_share",
                "states": ["West", "East"],
                "value": 0.0,
            }
        ],
    )
    a = run_scenario(scheduled, runs=64, seed=3, years=20)
    b = run_scenario(with_overrides(s, {"survivable_share": 0.0}), runs=64, seed=3, years=20)
    assert np.array_equal(a.data["military"].values, b.data["military"].values)
    assert a.events.equals(b.events)


def test_arsenals_scheduled_from_zero_switch_deterrence_on_as_if_given():
    s = load_scenario("bipolar-nuclear")
    zero = {"warheads": 0.0, "survivable_share": 0.5, "warheads_per_missile": 4.0}
    scheduled = _with_events(
        s,
        [
            {
                "year": 1950,
                "action": "set",
                "key": "nuclear_warheads",
                "states": [n],
                "value": 2000.0,
            }
            for n in ("West", "East")
        ],
        states={"West": zero, "East": zero},
    )
    a = run_scenario(scheduled, runs=64, seed=4, years=20)
    b = run_scenario(s, runs=64, seed=4, years=20)
    assert a.events.equals(b.events)


def test_a_per_state_set_leaves_the_other_states_values_alone():
    base = SimpleNamespace(survivable_share=np.array([0.5, 0.5, 0.0, 0.0]))
    world = SimpleNamespace(runs=2, states=4, overrides={})
    apply_event(world, ScheduledEvent(10, "set", (0,), ("survivable_share", 1.0)), base)
    assert world.overrides["survivable_share"] == (1.0, 0.5, 0.0, 0.0)
    apply_event(world, ScheduledEvent(12, "set", (1, 2), ("survivable_share", 0.25)), base)
    assert world.overrides["survivable_share"] == (1.0, 0.25, 0.25, 0.0)
    assert base.survivable_share.tolist() == [0.5, 0.5, 0.0, 0.0]


def test_a_system_key_takes_no_states():
    with pytest.raises(InputError, match="hotline is not a per-state key"):
        ScheduledEvent(3, "set", (0,), ("hotline", 0.5))
    assert ScheduledEvent(3, "set", (0,), ("nuclear_warheads", 10.0)).states == (0,)

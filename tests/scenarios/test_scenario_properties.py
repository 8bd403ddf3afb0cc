"""Properties over random scenarios: valid ones run and keep the invariants; junk fails cleanly."""

from __future__ import annotations

import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.engine import Params
from realpolitik.engine.presets import HAZARD_KEYS
from realpolitik.scenarios import (
    ScenarioError,
    parse_scenario,
    run_scenario,
    scenario_from_dict,
)
from realpolitik.testing import check_invariants

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

unit = st.floats(0.0, 1.0)
FLOAT_KEYS = {
    "transparency": unit,
    "prior_trust": unit,
    "misperception": st.floats(0.0, 0.5),
    "trust_discount": unit,
    "reassurance_gesture": unit,
    "offense_advantage": st.one_of(st.none(), unit),
    "distinguishability": unit,
    "burden_sharing": unit,
    "aggressor_threat": unit,
    "hotline": unit,
    "verification": unit,
    "cheat_prob_greedy": unit,
    "gdp_cession": unit,
    "mad_damping": unit,
    "perception_noise": st.floats(0.0, 1.0),
    "reaction": st.floats(0.0, 1.0),
    "fatigue": st.floats(0.0, 1.0),
    "crisis_base_rate": st.floats(0.0, 0.3),
    "war_given_crisis": unit,
    "share_greedy": unit,
}
OTHER_KEYS = {
    "type_beliefs": st.booleans(),
    "alliances": st.booleans(),
    "treaty_collapse_on_detection": st.booleans(),
    "alliance_formation": st.sampled_from(["none", "balance", "bandwagon", "threat"]),
    "escalation_rungs": st.integers(1, 6),
}
SCHEDULABLE = ("hotline", "transparency", "verification", "distinguishability", "mad_damping")
SWITCH_ON = {"type_beliefs": True, "alliances": True, "treaty_cap_share": 0.2,
             "nuclear_warheads": 100.0}  # fmt: skip
"""A value of each switch that turns its mechanism on (a valid scenario sets those it needs)."""


@st.composite
def state_specs(draw, name: str) -> dict:
    state: dict = {"name": name}
    kind = draw(st.sampled_from(["none", "type", "probability"]))
    if kind == "type":
        state["type"] = draw(st.sampled_from(["greedy", "security_seeker"]))
    elif kind == "probability":
        state["greedy_probability"] = draw(unit)
    if draw(st.booleans()):
        state["gdp"] = draw(st.floats(0.5, 50.0))
    if draw(st.booleans()):
        state["military"] = draw(st.floats(0.0, 3.0))
    if draw(st.booleans()):
        state["growth"] = draw(st.floats(-0.05, 0.1))
    if draw(st.booleans()):
        state["hawkishness"] = draw(st.floats(0.0, 2.0))
    if draw(st.booleans()):
        state["audience_cost"] = draw(st.floats(0.0, 3.0))
    if draw(st.booleans()):
        state["nuclear"] = {
            "warheads": draw(st.floats(1.0, 5000.0)),
            "survivable_share": draw(unit),
            "warheads_per_missile": draw(st.floats(1.0, 10.0)),
        }
    return state


@st.composite
def scenarios(draw) -> dict:
    n = draw(st.integers(2, 5))
    names = [f"State {chr(65 + i)}" for i in range(n)]
    years = draw(st.integers(1, 12))
    data: dict = {
        "name": "random",
        "description": "a random valid scenario",
        "years": years,
        "runs": draw(st.integers(1, 6)),
        "seed": draw(st.integers(0, 2**32)),
        "states": [draw(state_specs(name)) for name in names],
    }
    members = st.lists(st.sampled_from(names), min_size=2, max_size=n, unique=True)
    data["alliances"] = [{"members": m} for m in draw(st.lists(members, max_size=2))]
    keys = draw(st.sets(st.sampled_from(sorted(FLOAT_KEYS) + sorted(OTHER_KEYS)), max_size=8))
    if "offense_advantage" in keys:  # it sets war_given_crisis itself (docs/mechanisms.md)
        keys.discard("war_given_crisis")
    data["parameters"] = {
        k: draw(FLOAT_KEYS[k] if k in FLOAT_KEYS else OTHER_KEYS[k]) for k in sorted(keys)
    }
    events = []
    for _ in range(draw(st.integers(0, 4))):
        year = draw(st.integers(0, years - 1))
        action = draw(
            st.sampled_from(
                ["alliance_form", "alliance_dissolve", "treaty_sign", "treaty_end", "set"]
            )
        )
        event: dict = {"year": year, "action": action}
        if action.startswith("alliance"):
            event["states"] = draw(members)
        elif action == "treaty_sign":
            event["states"] = draw(st.one_of(st.just([]), members))
            event["value"] = draw(st.floats(0.01, 0.5))
        elif action == "set":
            event["key"] = draw(st.sampled_from(SCHEDULABLE))
            event["value"] = draw(unit)
        events.append(event)
    data["events"] = events
    hazard = {*data["parameters"], *(e.get("key") for e in events)} & set(HAZARD_KEYS)
    if hazard:  # the hazard model's keys are errors under the strategic engine (the default)
        data["parameters"]["decisions"] = "hazard"
    _switch_on(data)
    return data


def _switch_on(data: dict) -> None:
    """Turn on the switch of every key given away from neutral (else the key would be idle)."""
    specs = Params.specs()
    given = [*data["parameters"].items()]
    given += [(e["key"], e["value"]) for e in data["events"] if e["action"] == "set"]
    for key, value in given:
        switch = specs[key].requires
        if switch is not None and not specs[key].is_neutral(value):
            data["parameters"][switch] = SWITCH_ON[switch]


@SETTINGS
@given(scenarios())
def test_random_valid_scenarios_run_and_keep_the_invariants(data):
    text = yaml.safe_dump(data, sort_keys=False)
    scenario = parse_scenario(text, source="random.yaml")
    assert scenario.n_states == len(data["states"])
    traj = run_scenario(scenario)
    assert (traj.runs, traj.years, traj.states) == (
        data["runs"],
        data["years"],
        len(data["states"]),
    )
    check_invariants(traj)


@SETTINGS
@given(scenarios())
def test_a_scenario_survives_a_round_trip_through_yaml(data):
    first = scenario_from_dict(data)
    again = parse_scenario(yaml.safe_dump(first.to_yaml_dict(), sort_keys=False))
    assert again.model_dump() == first.model_dump()


junk_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["A", "State A", "greedy", "set", "hotline", "threat"]),
)
junk_key = st.sampled_from(
    [
        "name", "description", "years", "runs", "seed", "states", "alliances", "parameters",
        "events", "members", "year", "action", "key", "value", "type", "gdp", "military",
        "nuclear", "warheads", "transparency", "bogus",
    ]
)  # fmt: skip
junk = st.recursive(
    junk_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(junk_key, inner, max_size=5)
    ),
    max_leaves=25,
)


@SETTINGS
@given(st.one_of(junk, scenarios().flatmap(lambda d: st.just(d) | _mutated(d))))
def test_arbitrary_input_gives_a_scenario_or_a_scenario_error_never_a_crash(data):
    try:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError:  # pragma: no cover - hypothesis found an undumpable value
        return
    try:
        parse_scenario(text, source="junk.yaml")
    except ScenarioError as err:
        message = str(err)
        assert message.startswith("junk.yaml")
        assert "\n" not in message


def _mutated(data: dict):
    """Replace one top-level or state value with junk."""

    def change(pair):
        key, value = pair
        out = dict(data)
        out[key] = value
        return out

    return st.tuples(junk_key, junk).map(change)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_scenario_or_a_scenario_error(text):
    try:
        parse_scenario(text, source="text.yaml")
    except ScenarioError as err:
        assert str(err).startswith("text.yaml")


@SETTINGS
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_no_non_finite_number_is_accepted_anywhere(x):
    data = {
        "name": "n",
        "description": "d",
        "years": 3,
        "runs": 2,
        "states": [{"name": "A", "gdp": x}, {"name": "B"}],
    }
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError:
        assert not (math.isfinite(x) and x > 0)
        return
    assert math.isfinite(scenario.states[0].gdp) and scenario.states[0].gdp > 0

"""Checks across fields: the engine's own errors (InputError) name the scenario's field."""

from __future__ import annotations

import pytest

from realpolitik.engine import ScheduledEvent
from realpolitik.scenarios import ScenarioError, parse_scenario, scenario_from_dict
from realpolitik.scenarios.validation import build_schedule, check_treaty_caps
from realpolitik.theory._validate import InputError

BIG = int("9" * 400)  # an integer no float can hold


def base(**changes) -> dict:
    data = {
        "name": "t",
        "description": "d",
        "years": 5,
        "runs": 2,
        "states": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("kwargs", "key", "index"),
    [
        ({"action": "alliance_form", "states": (0, 1, 1)}, "states", 2),
        ({"action": "alliance_form", "states": (0,)}, "states", None),
        ({"action": "alliance_form", "states": (0, -1)}, "states", 1),
        ({"action": "set", "value": ("reaction", 0.5)}, "value", 0),
        ({"action": "set", "value": ("hotline", 2.0)}, "value['hotline']", None),
        ({"action": "treaty_sign", "value": -1.0}, "value", None),
        ({"action": "treaty_end", "value": 3}, "value", None),
        ({"action": "coup"}, "action", None),
    ],
)
def test_scheduled_events_raise_structured_errors(kwargs, key, index):
    """The attributes the scenario layer maps to its fields (never the message text)."""
    with pytest.raises(InputError) as info:
        ScheduledEvent(year=1, **kwargs)
    assert (info.value.key, info.value.index) == (key, index)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"events": [{"year": 1, "action": "alliance_form", "states": ["A", "B", "B"]}]},
         "events[0].states[2]", "'B' is listed twice"),
        ({"alliances": [{"members": ["C", "A", "C"]}]}, "alliances[0].members[2]", "'C'"),
        ({"events": [{"year": 1, "action": "set", "key": "reaction", "value": 0.5}]},
         "events[0].key", "key = 'reaction' cannot be scheduled"),
        ({"events": [{"year": 1, "action": "set", "key": "hotline", "value": 2}]},
         "events[0].value", "value['hotline'] = 2.0"),
        ({"events": [{"year": 1, "action": "set", "key": "hotline", "value": BIG}]},
         "events[0].value", "too large"),
        ({"parameters": {"transparency": BIG}}, "parameters.transparency", "too large"),
        ({"states": [{"name": "A", "hawkishness": BIG}, {"name": "B"}]},
         "states[0].hawkishness", "too large"),
        ({"states": [{"name": "A", "gdp": BIG}, {"name": "B"}]}, "states[0].gdp", "too large"),
        ({"states": [{"name": "A", "nuclear": {"warheads": BIG}}, {"name": "B"}]},
         "states[0].nuclear.warheads", "too large"),
        ({"states": [{"name": "A", "nuclear": {"warheads": float("nan")}}, {"name": "B"}]},
         "states[0].nuclear.warheads", "finite"),
        ({"states": [{"name": "A", "hawkishness": [1, 2]}, {"name": "B"}]},
         "states[0].hawkishness", "one value for the state"),
        ({"parameters": {"war_value_low": 0.5, "war_value_high": 0.2}},
         "parameters.war_value_high", "must exceed war_value_low"),
        ({"parameters": {"hotline": [0.1, 0.2, 0.3]}}, "parameters.hotline", "not per state"),
    ],
)  # fmt: skip
def test_errors_of_the_engine_checks_name_the_scenario_field(changes, field, words):
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(base(**changes))
    assert info.value.field == field, str(info.value)
    assert words in str(info.value)


def test_a_conflict_with_a_value_set_on_a_state_names_the_key_that_sets_it():
    sc = base(parameters={"offense_advantage": 0.5})
    sc["states"][1]["offense_defense_factor"] = 1.5  # offense_advantage sets it too
    with pytest.raises(ScenarioError, match="offense_defense_factor") as info:
        scenario_from_dict(sc)
    assert info.value.field == "parameters.offense_advantage"


def test_a_located_engine_error_keeps_file_and_line():
    text = "name: t\ndescription: d\nyears: 5\nruns: 2\nstates: 2\nevents:\n" + (
        "  - {year: 1, action: alliance_form, states: [S1, S2, S1]}\n"
    )
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="x.yaml")
    assert (info.value.line, info.value.field) == (7, "events[0].states[2]")
    assert str(info.value).startswith("x.yaml:7: events[0].states[2]: states[2] = 'S1'")


def test_the_schedule_is_sorted_by_year_with_alliances_first_and_caps_checked_later():
    sc = scenario_from_dict(
        base(
            alliances=[{"members": ["A", "B"]}],
            events=[
                {"year": 3, "action": "treaty_sign"},
                {"year": 0, "action": "alliance_dissolve", "states": ["A", "B"]},
            ],
        )
    )
    assert [(e.year, e.action) for e in build_schedule(sc)] == [
        (0, "alliance_form"),
        (0, "alliance_dissolve"),
        (3, "treaty_sign"),
    ]
    from realpolitik.scenarios import build_params

    with pytest.raises(ScenarioError, match="treaty_cap_share") as info:
        check_treaty_caps(sc, build_params(sc))
    assert info.value.loc == ("events", 0, "value")

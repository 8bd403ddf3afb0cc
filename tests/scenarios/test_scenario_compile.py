"""A scenario compiles to the engine's (params, states, initial, schedule), as documented."""

from __future__ import annotations

import itertools
import math
import textwrap

import numpy as np
import pytest

from realpolitik.engine import Params
from realpolitik.scenarios import (
    Scenario,
    ScenarioError,
    compile_scenario,
    load_scenario,
    parse_override,
    parse_scenario,
    run_scenario,
    scenario_from_dict,
    with_overrides,
)
from realpolitik.scenarios.compile import INITIAL_TAG, check_run, check_size
from realpolitik.testing import check_invariants


def scenario(**changes) -> Scenario:
    data = {
        "name": "t",
        "description": "test",
        "years": 10,
        "runs": 6,
        "seed": 4,
        "states": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
    }
    data.update(changes)
    return scenario_from_dict(data)


def test_parameters_become_params_keys():
    params = compile_scenario(scenario(parameters={"transparency": 0.4, "reaction": 0.3})).params
    assert params.transparency == pytest.approx(0.4)
    assert params.reaction == pytest.approx(0.3)
    assert params.fatigue == Params.core().fatigue


def test_per_state_keys_on_states_fill_from_parameters_then_defaults():
    sc = scenario(
        states=[{"name": "A", "hawkishness": 0.5}, {"name": "B"}, {"name": "C"}],
        parameters={"hawkishness": 0.1, "fatigue": 0.4},
    )
    resolved = compile_scenario(sc).params.resolve(3)
    assert list(resolved.hawkishness) == [0.5, 0.1, 0.1]
    sc = scenario(states=[{"name": "A"}, {"name": "B", "audience_cost": 2.0}, {"name": "C"}])
    resolved = compile_scenario(sc).params.resolve(3)
    assert list(resolved.audience_cost) == [0.0, 2.0, 0.0]


def test_a_per_state_list_in_parameters_gives_one_value_per_state():
    sc = scenario(parameters={"hawkishness": [0.0, 0.5, 1.0]})
    assert list(compile_scenario(sc).params.resolve(3).hawkishness) == [0.0, 0.5, 1.0]


def test_a_key_set_both_as_a_list_and_on_a_state_is_an_error():
    with pytest.raises(ScenarioError, match="one of the two"):
        scenario(
            states=[{"name": "A", "hawkishness": 0.5}, {"name": "B"}, {"name": "C"}],
            parameters={"hawkishness": [0.0, 0.5, 1.0]},
        )


def test_nuclear_block_sets_the_nuclear_keys():
    sc = scenario(
        states=[
            {"name": "A", "nuclear": {"warheads": 300, "survivable_share": 0.7}},
            {"name": "B", "nuclear": {"warheads": 50, "warheads_per_missile": 4}},
            {"name": "C"},
        ]
    )
    r = compile_scenario(sc).params.resolve(3)
    assert list(r.nuclear_warheads) == [300.0, 50.0, 0.0]
    assert list(r.survivable_share) == [0.7, 0.0, 0.0]
    assert list(r.warheads_per_missile) == [1.0, 4.0, 1.0]


def test_types_become_type_probabilities_and_fix_the_drawn_types():
    sc = scenario(
        states=[
            {"name": "A", "type": "greedy"},
            {"name": "B", "type": "security_seeker"},
            {"name": "C", "greedy_probability": 0.25},
        ]
    )
    compiled = compile_scenario(sc)
    assert list(compiled.params.resolve(3).share_greedy) == [1.0, 0.0, 0.25]
    assert compiled.initial is None  # the engine draws; types follow share_greedy
    traj = run_scenario(sc, runs=400, years=1)
    greedy = traj.array("greedy")
    assert greedy[:, 0].all() and not greedy[:, 1].any()
    share = greedy[:, 2].mean()
    assert abs(share - 0.25) < 4 * math.sqrt(0.25 * 0.75 / 400)


def test_fixed_initial_values_are_used_and_the_rest_drawn_as_core_model():
    sc = scenario(
        states=[
            {"name": "A", "gdp": 20.0, "military": 1.5, "growth": 0.0},
            {"name": "B", "gdp": 8.0},
            {"name": "C"},
        ]
    )
    initial = compile_scenario(sc, runs=500).initial
    assert initial is not None
    assert set(initial) == {"military", "gdp", "greedy", "growth"}
    assert all(v.shape == (500, 3) for v in initial.values())
    assert np.all(initial["gdp"][:, 0] == 20.0) and np.all(initial["military"][:, 0] == 1.5)
    assert np.all(initial["growth"][:, 0] == 0.0)
    assert np.all(initial["gdp"][:, 1] == 8.0)
    ratio = initial["military"][:, 1] / 8.0  # military = 0.02 gdp U(0.5, 1.5) with fixed gdp
    assert ratio.min() >= 0.01 and ratio.max() <= 0.03
    assert initial["gdp"][:, 2].min() >= 5.0 and initial["gdp"][:, 2].max() <= 15.0
    growth = initial["growth"][:, 1:]
    assert growth.min() >= 0.01 and growth.max() <= 0.05
    assert abs(initial["greedy"].mean() - 0.3) < 4 * math.sqrt(0.3 * 0.7 / 1500)
    traj = run_scenario(sc, runs=500, years=3)
    assert np.all(traj.array("gdp")[:, 0, 0] == 20.0)
    check_invariants(traj)


def test_drawn_initial_values_depend_only_on_seed_not_on_the_number_of_runs():
    sc = scenario(states=[{"name": "A", "gdp": 9.0}, {"name": "B"}, {"name": "C"}])
    small = compile_scenario(sc, runs=10, seed=7).initial
    large = compile_scenario(sc, runs=50, seed=7).initial
    other = compile_scenario(sc, runs=10, seed=8).initial
    for key in small:
        np.testing.assert_array_equal(small[key], large[key][:10])
    assert not np.array_equal(small["gdp"], other["gdp"])
    rng = np.random.default_rng(np.random.SeedSequence([7, INITIAL_TAG]))
    u = rng.random((10, 4, 3))
    np.testing.assert_array_equal(small["gdp"][:, 1:], 5 + 10 * u[:, 0, 1:])
    np.testing.assert_array_equal(small["greedy"], u[:, 2] < 0.3)


def test_alliances_switch_the_alliance_mechanism_on_unless_the_scenario_says_otherwise():
    pact = [{"members": ["A", "B"]}]
    assert bool(compile_scenario(scenario(alliances=pact)).params.alliances)
    off = scenario(alliances=pact, parameters={"alliances": False})
    assert not bool(compile_scenario(off).params.alliances)
    assert not bool(compile_scenario(scenario()).params.alliances)


def test_events_compile_to_the_schedule_in_year_order_with_state_indices():
    sc = scenario(
        alliances=[{"members": ["A", "C"]}],
        events=[
            {"year": 7, "action": "treaty_end"},
            {"year": 3, "action": "treaty_sign", "states": ["B", "C"], "value": 0.05},
            {"year": 3, "action": "set", "key": "hotline", "value": 0.5},
            {"year": 5, "action": "alliance_dissolve", "states": ["A", "C"]},
        ],
    )
    schedule = compile_scenario(sc).schedule
    got = [(e.year, e.action, e.states, e.value) for e in schedule]
    assert got == [
        (0, "alliance_form", (0, 2), None),
        (3, "treaty_sign", (1, 2), 0.05),
        (3, "set", (), ("hotline", 0.5)),
        (5, "alliance_dissolve", (0, 2), None),
        (7, "treaty_end", (), None),
    ]
    check_invariants(run_scenario(sc, runs=5, years=10))


def test_calendar_years_count_from_start_year():
    sc = scenario(
        start_year=1900,
        years=20,
        events=[{"year": 1905, "action": "set", "key": "hotline", "value": 0.3}],
    )
    assert compile_scenario(sc).schedule[0].year == 5
    with pytest.raises(ScenarioError, match=r"1900\.\.1919"):
        scenario(
            start_year=1900,
            years=20,
            events=[{"year": 1920, "action": "set", "key": "hotline", "value": 0.3}],
        )


def test_a_shorter_horizon_drops_the_events_beyond_it():
    sc = scenario(years=20, events=[{"year": 15, "action": "set", "key": "hotline", "value": 1}])
    assert compile_scenario(sc, years=10).schedule == ()
    assert len(compile_scenario(sc, years=16).schedule) == 1
    traj = run_scenario(sc, runs=3, years=10)
    assert traj.years == 10


def test_run_scenario_uses_the_scenarios_own_runs_years_and_seed():
    traj = run_scenario(scenario())
    assert (traj.runs, traj.years, traj.seed) == (6, 10, 4)


def test_progress_is_reported_from_start_to_end():
    calls = []
    run_scenario(scenario(), runs=5, progress=lambda done, total: calls.append((done, total)))
    assert calls[0][1] == 5 and calls[-1] == (5, 5)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("runs", 0, "1..10,000,000"),
        ("runs", 10**9, "1000000000"),
        ("years", -1, "1..10,000"),
        ("seed", -5, "0.."),
        ("runs", 2.5, "not an integer"),
        ("years", True, "not an integer"),
    ],
)
def test_run_size_overrides_are_checked(name, value, words):
    with pytest.raises(ScenarioError, match=words.replace(".", r"\.")):
        check_size(name, value)
    with pytest.raises(ScenarioError):
        run_scenario(scenario(), **{name: value})


def test_runs_override_beyond_the_memory_ceiling_fails_before_work():
    big = scenario(years=10_000)
    with pytest.raises(ScenarioError, match="GiB"):
        check_run(big, runs=10_000_000)
    with pytest.raises(ScenarioError, match="GiB"):
        compile_scenario(big, runs=10_000_000)


# ---------------------------------------------------------------------------------------------
# --set key=value
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("transparency=0.5", ("transparency", 0.5)),
        ("alliances=true", ("alliances", True)),
        ("alliance_formation=threat", ("alliance_formation", "threat")),
        ("hawkishness=[0, 0.5, 1]", ("hawkishness", [0, 0.5, 1])),
        (" reaction = 2 ", ("reaction", 2)),
    ],
)
def test_overrides_parse_yaml_scalars_and_lists(text, expected):
    assert parse_override(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("transparency", "key=value"),
        ("=3", "key=value"),
        ("x={a: 1}", "not allowed"),
        ("x=&a 1", "anchor"),
        ("x=!!python/name:os.system", "not allowed"),
        ("x=.nan", "finite"),
    ],
)
def test_bad_overrides_are_refused(text, words):
    with pytest.raises(ScenarioError, match=words) as info:
        parse_override(text)
    assert info.value.file == "--set"


def test_override_replaces_the_states_own_values():
    sc = scenario(
        states=[
            {"name": "A", "hawkishness": 0.5, "type": "greedy"},
            {"name": "B", "nuclear": {"warheads": 10, "survivable_share": 0.5}},
            {"name": "C"},
        ]
    )
    new = with_overrides(sc, {"hawkishness": 0.2, "survivable_share": 0.9, "share_greedy": 0.0})
    r = compile_scenario(new).params.resolve(3)
    assert list(r.hawkishness) == [0.2, 0.2, 0.2]
    assert list(r.survivable_share) == [0.9, 0.9, 0.9]
    assert list(r.nuclear_warheads) == [0.0, 10.0, 0.0]
    assert list(r.share_greedy) == [0.0, 0.0, 0.0]
    assert sc.states[0].type == "greedy"  # the original is unchanged


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"transparancy": 0.5}, "did you mean 'transparency'"),
        ({"runs": 5}, "--runs"),
        ({"transparency": 2.0}, "transparency"),
        ({"hawkishness": [1, 2]}, "2 values"),
    ],
)
def test_bad_override_names_the_key(overrides, words):
    with pytest.raises(ScenarioError, match=words) as info:
        with_overrides(scenario(), overrides)
    assert str(info.value).startswith("--set")


def test_errors_in_per_state_lists_point_at_the_element():
    text = textwrap.dedent(
        """\
        name: t
        description: d
        years: 5
        runs: 2
        states: 3
        parameters:
          hawkishness:
            - 0.1
            - -2
            - 0.3
        """
    )
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source="x.yaml")
    assert info.value.line == 9
    assert info.value.field == "parameters.hawkishness[1]"
    assert "-2" in str(info.value)


def test_bundled_scenario_by_name_compiles_like_its_loaded_object():
    a = compile_scenario("two-state-spiral")
    b = compile_scenario(load_scenario("two-state-spiral"))
    assert a.params == b.params and a.states == b.states


def test_overrides_too_long_or_not_values_are_refused():
    with pytest.raises(ScenarioError, match="too long"):
        parse_override("x=" + "1" * 20_000)
    with pytest.raises(ScenarioError, match="not allowed") as info:
        with_overrides(scenario(), {"transparency": {"a": 1}})
    assert info.value.file == "--set"
    assert with_overrides(scenario(), {}) == scenario()


def test_progress_is_passed_to_an_engine_that_reports_it(monkeypatch):
    import realpolitik.engine as engine

    real = engine.simulate

    def simulate(params, *, progress=None, **kwargs):
        progress(1, kwargs["runs"])
        return real(params, **kwargs)

    monkeypatch.setattr(engine, "simulate", simulate)
    calls = []
    run_scenario(scenario(), runs=3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3)]

"""simulate's arguments, initial conditions, the World, the mechanisms and their metadata."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys

import numpy as np
import pytest

from realpolitik.citations import BIBTEX
from realpolitik.engine import PARAM_SPECS, PHASE_ORDER, PHASES, Params, Phase, World, simulate
from realpolitik.engine.mechanisms import MECHANISMS, crisis, perception, war
from realpolitik.testing import check_invariants

simulate_module = importlib.import_module("realpolitik.engine.simulate")


def test_phases_run_in_the_documented_order():
    assert PHASE_ORDER == (
        "schedule",
        "perception",
        "beliefs",
        "arms_control",
        "arming",
        "economy",
        "alliances",
        "deterrence",
        "domestic",
        "crisis",
        "war",
        "decisions",
        "record",
    )
    names = [p.name for p in PHASES]
    assert names == [n for n in PHASE_ORDER if n in MECHANISMS or n == "record"]
    assert list(MECHANISMS) == names[:-1]
    core = ["schedule", "perception", "arming", "economy", "crisis", "war"]
    assert [n for n in names if n in core] == core


@pytest.mark.parametrize("name", list(MECHANISMS))
def test_every_mechanism_declares_what_it_models_and_reads(name):
    module = MECHANISMS[name]
    assert callable(module.step)
    assert module.MODELS and module.SECTION
    assert set(module.READS) <= set(PARAM_SPECS)
    assert set(module.REFERENCES) <= set(BIBTEX)
    fields = World.__dataclass_fields__
    assert all(f in fields or f.startswith("extra[") for f in module.WRITES)


RUNNER_KEYS = {"share_greedy", "burn_in"}
"""Keys read by the initial conditions (share_greedy) and the chunk runner (burn_in)."""


def test_every_core_key_is_read_by_some_mechanism_or_the_initial_conditions():
    read = {k for m in MECHANISMS.values() for k in m.READS} | RUNNER_KEYS
    assert {k for k, s in PARAM_SPECS.items() if s.mechanism == "core"} <= read


def test_every_key_is_read_by_some_mechanism():
    assert list(MECHANISMS) == list(PHASE_ORDER[:-1])
    read = {k for m in MECHANISMS.values() for k in m.READS} | RUNNER_KEYS
    convenience = {k for k, s in PARAM_SPECS.items() if s.sets_core}
    assert set(PARAM_SPECS) - convenience - read == set()


def halve_military(world, params, rng):
    """A user's mechanism: a treaty halving every state's military after arming."""
    world.military *= 0.5
    return world


def test_drawn_initial_conditions_follow_core_model():
    traj = simulate(Params.core(), states=8, runs=500, years=0, seed=3)
    y = traj.array("gdp")[:, 0]
    m = traj.array("military")[:, 0]
    assert traj.array("military").shape == (500, 1, 8)
    assert y.min() >= 5 and y.max() <= 15
    assert (m / y).min() >= 0.01 and (m / y).max() <= 0.03
    r = traj.array("growth")
    assert r.min() >= 0.01 and r.max() <= 0.05
    share = traj.array("greedy").mean()
    assert abs(share - 0.3) < 4 * np.sqrt(0.3 * 0.7 / 4000)
    assert len(traj.events) == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"states": 1}, "states"),
        ({"runs": 0}, "runs"),
        ({"years": -1}, "years"),
        ({"years": 2.5}, "years"),
        ({"seed": -3}, "seed"),
        ({"seed": "abc"}, "seed"),
        ({"chunk_size": 0}, "chunk_size"),
        ({"workers": 0}, "workers"),
        ({"dtype": "float16"}, "dtype"),
        ({"start_method": "teleport", "workers": 2}, "start_method"),
        ({"phases": [("only", 3)]}, "phases"),
        ({"phases": [("perception", PHASES[0].step)]}, "record"),
        (
            {"fast": True, "phases": [*PHASES[:-1], Phase("x", halve_military), PHASES[-1]]},
            "fast=True",
        ),
    ],
)
def test_invalid_arguments_raise_naming_them(kwargs, match):
    base = {"states": 3, "runs": 4, "years": 2, "seed": 0}
    with pytest.raises(ValueError, match=match):
        simulate(Params.core(), **(base | kwargs))


def test_the_default_phase_list_passed_explicitly_keeps_the_fast_path():
    traj = simulate(Params.core(), states=3, runs=4, years=2, seed=0, phases=list(PHASES))
    assert traj.meta["fast_path"]


def test_params_must_be_params_and_per_state_length_must_match_states():
    with pytest.raises(ValueError, match="params"):
        simulate({"reaction": 0.2}, states=3, runs=2, years=2, seed=0)
    with pytest.raises(ValueError, match="reaction"):
        simulate(Params.core(reaction=[0.1, 0.2]), states=3, runs=2, years=2, seed=0)


def good_initial(runs=4, states=3):
    return {
        "military": np.full((runs, states), 0.2),
        "gdp": np.full((runs, states), 10.0),
        "greedy": np.zeros((runs, states), bool),
        "growth": np.full((runs, states), 0.03),
    }


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"military": np.full((4, 2), 0.2)}, r"initial\['military'\] has shape"),
        ({"military": np.full((4, 3), -0.2)}, r"initial\['military'\]\[0, 0\] = -0.2"),
        ({"gdp": np.zeros((4, 3))}, r"initial\['gdp'\].*> 0"),
        ({"growth": np.full((4, 3), np.nan)}, r"initial\['growth'\]"),
        ({"greedy": np.full((4, 3), 0.5)}, r"initial\['greedy'\] must be boolean"),
        ({"growth": np.full((4, 3), "x")}, r"initial\['growth'\] must be numeric"),
        ({"nuclear": np.ones((4, 3))}, "unknown keys"),
    ],
)
def test_invalid_initial_conditions_raise_naming_the_key(change, match):
    with pytest.raises(ValueError, match=match):
        simulate(Params.core(), states=3, runs=4, years=2, seed=0, initial=good_initial() | change)
    with pytest.raises(ValueError, match="missing keys"):
        simulate(Params.core(), states=3, runs=4, years=2, seed=0, initial={"gdp": 1})
    with pytest.raises(ValueError, match="mapping"):
        simulate(Params.core(), states=3, runs=4, years=2, seed=0, initial=[1, 2])


def test_integer_zero_one_types_are_accepted_as_greedy():
    initial = good_initial() | {"greedy": np.ones((4, 3), dtype=int)}
    traj = simulate(Params.core(), states=3, runs=4, years=2, seed=0, initial=initial)
    assert traj.array("greedy").all()


def test_a_users_mechanism_slots_into_the_phase_list():
    after = [p.name for p in PHASES].index("arming") + 1
    phases = [*PHASES[:after], Phase("treaty", halve_military), *PHASES[after:]]
    kw = {"states": 3, "runs": 20, "years": 30, "seed": 1, "chunk_size": 8}
    treaty = simulate(Params.core(), phases=phases, **kw)
    plain = simulate(Params.core(), **kw)
    assert not treaty.meta["fast_path"] and "treaty" in treaty.meta["phases"]
    assert treaty.array("military")[:, -1].mean() < 0.7 * plain.array("military")[:, -1].mean()
    check_invariants(treaty)
    same = simulate(Params.core(), phases=phases, workers=2, **kw)
    assert same == treaty


def test_world_validates_shapes():
    with pytest.raises(ValueError, match="military"):
        World(np.ones((3, 1)), np.ones((3, 1)), np.ones((3, 1)), np.zeros((3, 1), bool))
    with pytest.raises(ValueError, match="gdp"):
        World(np.ones((3, 2)), np.ones((3, 3)), np.ones((3, 2)), np.zeros((3, 2), bool))
    world = World(np.ones((3, 4)), np.ones((3, 4)), np.ones((3, 4)), np.zeros((3, 4), bool))
    assert (world.runs, world.states, world.pairs) == (3, 4, 6)
    assert world.perceived.shape == (3, 4, 4) and world.crisis.shape == (3, 6)
    assert world.beliefs is None  # optional fields of later mechanisms
    assert world.nuclear is None and world.domestic is None and world.dynamic_pacts is None
    assert not hasattr(world, "extra")  # mechanisms talk through typed fields only


class FixedUniform:
    """A stand-in generator whose uniforms are a fixed value."""

    def __init__(self, value):
        self.value = value

    def random(self, size):
        return np.full(size, self.value)


def crisis_world(m_old, mhat):
    m_old = np.asarray(m_old, dtype=float)[None]
    world = World(m_old.copy(), np.full_like(m_old, 10.0), np.zeros_like(m_old),
                  np.zeros(m_old.shape, bool))  # fmt: skip
    world.begin_step()
    world.perceived[0] = mhat
    return world


def test_the_initiator_is_the_side_with_the_larger_perceived_ratio_ties_to_lower_index():
    params = Params.core(crisis_base_rate=1.0).resolve(3)
    # pair (0,1): ratios 2/1 vs 1/1 -> 0 initiates; pair (0,2): 1/1 vs 3/1 -> 2 initiates;
    # pair (1,2): 1/1 vs 1/1 -> tie, 1 initiates
    mhat = np.array([[0, 2, 1], [1, 0, 1], [3, 1, 0]], dtype=float)
    world = crisis.step(crisis_world([1, 1, 1], mhat), params, FixedUniform(0.0))
    assert world.crisis.all()
    assert world.initiator_second[0].tolist() == [False, True, False]
    codes = world.event_codes()[0]
    assert codes.tolist() == [1, 1 | 4, 1]


def test_crisis_probability_follows_the_ratio():
    R = np.array([0.0, 1.0, 3.0, 1e300, np.inf])
    p = crisis.crisis_probability(R, 0.02, 2.0)
    np.testing.assert_allclose(p, [0.0, 0.01, 0.02 * 9 / 10, 0.02, 0.02])
    np.testing.assert_allclose(crisis.crisis_probability(R[:3], 0.5, 1.5),
                               0.5 * R[:3] ** 1.5 / (1 + R[:3] ** 1.5))  # fmt: skip
    u_above = crisis.step(crisis_world([1, 1], np.array([[0, 1.0], [1.0, 0]])),
                          Params.core().resolve(2), FixedUniform(0.011))  # fmt: skip
    assert not u_above.crisis.any()


def test_no_crisis_draws_when_the_base_rate_is_zero():
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    world = crisis.step(crisis_world([1, 1], np.ones((2, 2))), Params.core(
        crisis_base_rate=0.0).resolve(2), rng)  # fmt: skip
    assert not world.crisis.any() and rng.bit_generator.state == state


def test_war_losses_multiply_per_war_lost_and_won():
    # state 0 fights two wars (wins vs 1, loses vs 2); state 1 loses one; state 2 wins one
    params = Params.core(war_given_crisis=0.5).resolve(3)
    m = np.array([[2.0, 1.0, 4.0]])
    world = World(m.copy(), np.full((1, 3), 10.0), np.zeros((1, 3)), np.zeros((1, 3), bool))
    world.begin_step()
    world.crisis[0] = [True, True, False]  # pairs (0,1), (0,2), (1,2)
    # v < q_war gives war; w = v / q decides: 0 wins vs 1 iff w < 2/3; 0 wins vs 2 iff w < 1/3
    world.crisis_u[0] = [0.1, 0.3, 0.0]  # w = 0.2 -> 0 beats 1; w = 0.6 -> 2 beats 0
    world = war.step(world, params, None)
    assert world.war[0].tolist() == [True, True, False]
    assert world.winner_second[0].tolist() == [False, True, False]
    np.testing.assert_allclose(world.military[0], [2.0 * 0.7 * 0.9, 1.0 * 0.7, 4.0 * 0.9])
    np.testing.assert_allclose(world.gdp[0], [9.0, 9.0, 10.0])
    assert world.event_codes()[0].tolist() == [1 | 2, 1 | 2 | 8, 0]


def test_contest_is_even_when_both_sides_have_nothing():
    p = war.win_probability(np.array([0.0, 1.0, 3.0]), np.array([0.0, 0.0, 1.0]), 1.0)
    np.testing.assert_allclose(p, [0.5, 1.0, 0.75])
    p2 = war.win_probability(np.array([0.0, 3.0]), np.array([0.0, 1.0]), 2.0)
    np.testing.assert_allclose(p2, [0.5, 0.9])


def test_perception_noise_is_drawn_per_observer_target_pair():
    params = Params.core(perception_noise=0.5).resolve(4)
    m = np.ones((2, 4))
    world = World(m.copy(), m * 10, m * 0.02, np.zeros((2, 4), bool))
    world.begin_step()
    rng = np.random.default_rng(3)
    perception.step(world, params, rng)
    eps = perception.draw_noise(np.random.default_rng(3), 2, 4)
    off = ~np.eye(4, dtype=bool)
    np.testing.assert_allclose(world.perceived[:, off].reshape(2, 4, 3),
                               np.maximum(0, 1 + 0.5 * eps.astype(float)))  # fmt: skip
    # observers see the same target differently (no shared noise) and the diagonal is unused
    assert len(np.unique(world.perceived[0, :, 0][1:])) == 3
    assert (world.perceived[:, np.arange(4), np.arange(4)] == 0).all()
    np.testing.assert_allclose(world.threat, 1.2 * world.perceived.sum(axis=2))


def test_gdp_collapses_to_zero_instead_of_going_negative():
    params = Params.core(burden_cost=50.0, military_cap_share=1.0, perception_noise=0.0,
                         crisis_base_rate=0.0, reaction=2.0)  # fmt: skip
    initial = good_initial(2, 3) | {"military": np.full((2, 3), 5.0)}
    for fast in (True, False):
        traj = simulate(params, states=3, runs=2, years=5, seed=0, initial=initial, fast=fast)
        assert (traj.array("gdp")[:, -1] == 0).all()
        check_invariants(traj)


def test_importing_the_engine_does_not_import_numba_xarray_or_pandas():
    code = (
        "import sys, realpolitik.engine; "
        "print(sorted(m for m in ('numba', 'xarray', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_time_draws_and_the_chunk_helpers():
    seconds = simulate_module.time_draws(states=3, runs=10, years=5, chunk_size=4)
    assert seconds > 0
    assert simulate_module.time_draws(states=3, runs=10, years=5, chunk_size=4, workers=2) > 0


def test_without_numba_the_mechanism_modules_run(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "numba" else real(name, *a)
    )
    traj = simulate(Params.core(), states=3, runs=4, years=3, seed=0)
    assert not traj.meta["fast_path"]


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_reported_after_each_chunk_and_changes_nothing(workers):
    calls = []
    kw = {"states": 3, "runs": 10, "years": 5, "seed": 11, "chunk_size": 4}
    traj = simulate(
        Params.core(), workers=workers, progress=lambda d, t: calls.append((d, t)), **kw
    )
    assert [t for _, t in calls] == [10, 10, 10]
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 10 and len(set(done)) == 3
    np.testing.assert_array_equal(
        traj.array("military"), simulate(Params.core(), **kw).array("military")
    )

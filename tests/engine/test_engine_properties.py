"""Property tests over random valid parameters: invariants hold, both engine paths agree."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.engine import Params, simulate
from realpolitik.engine.mechanisms import crisis, war
from realpolitik.testing import assert_trajectories_equal, check_invariants, check_probabilities

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


MILITARY = st.one_of(st.just(0.0), st.floats(1e-100, 1e100))


def unit(lo=0.0, hi=1.0):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def configurations(draw):
    states = draw(st.integers(2, 5))

    def maybe_per_state(strategy):
        if draw(st.booleans()):
            return draw(st.lists(strategy, min_size=states, max_size=states))
        return draw(strategy)

    params = Params.core(
        reaction=maybe_per_state(unit(0, 2)),
        fatigue=maybe_per_state(unit(0, 1)),
        offense_defense_factor=maybe_per_state(unit(0, 3)),
        grievance_greedy=maybe_per_state(unit(-0.1, 0.2)),
        grievance_secure=maybe_per_state(unit(-0.1, 0.2)),
        share_greedy=maybe_per_state(unit()),
        military_cap_share=maybe_per_state(st.one_of(unit(0, 1), st.just(math.inf))),
        burden_cost=maybe_per_state(unit(0, 2)),
        perception_noise=maybe_per_state(unit(0, 1)),
        crisis_base_rate=draw(unit()),
        crisis_sensitivity=draw(unit(0, 4)),
        war_given_crisis=draw(unit()),
        decisiveness=draw(unit(0, 4)),
        loser_military_loss=draw(unit()),
        loser_gdp_loss=draw(unit()),
        winner_military_cost=draw(unit()),
        dt=draw(unit(0.05, 1.5)),
    )
    runs = draw(st.integers(1, 6))
    years = draw(st.integers(0, 25))
    chunk = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    return params, {"states": states, "runs": runs, "years": years, "chunk_size": chunk,
                    "seed": seed}  # fmt: skip


@SETTINGS
@given(configurations())
def test_invariants_hold_for_any_valid_parameters(config):
    params, kw = config
    traj = simulate(params, **kw)
    check_invariants(traj)


@SETTINGS
@given(configurations())
def test_fused_kernel_equals_mechanism_modules_for_any_valid_parameters(config):
    params, kw = config
    assert_trajectories_equal(simulate(params, fast=True, **kw), simulate(params, fast=False, **kw))


@SETTINGS
@given(
    st.lists(st.floats(0, 1e200), min_size=1, max_size=20),
    unit(),
    unit(0, 6),
)
def test_crisis_probability_is_a_probability_at_most_the_base_rate(ratios, p0, beta):
    p = check_probabilities(crisis.crisis_probability(np.array(ratios), p0, beta), "P(crisis)")
    assert (p <= p0).all()


@SETTINGS
@given(
    st.lists(st.tuples(MILITARY, MILITARY), min_size=1, max_size=20),
    unit(0, 4),
)
def test_contest_success_is_a_probability_and_symmetric(pairs, gamma):
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    p_a = check_probabilities(war.win_probability(a, b, gamma), "P(a wins)")
    p_b = war.win_probability(b, a, gamma)
    np.testing.assert_allclose(p_a + p_b, 1.0, rtol=1e-12)
    stronger = a > b
    assert (p_a[stronger] >= 0.5).all() if gamma > 0 else np.allclose(p_a, 0.5)

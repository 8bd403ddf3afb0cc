"""Under the strategic engine a move reads as "arm" against a security seeker's Richardson level:
greedy states are read as arming far more often than security seekers (Kydd 2005)."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import PHASES, Params, Phase, World, simulate
from realpolitik.engine.mechanisms import beliefs, perception
from realpolitik.engine.mechanisms.trust import secure_levels, strategic_moves

STRATEGIC = Params.strategic(perception_noise=0.0)


def world3(greedy=(0, 0, 0)) -> World:
    w = World(military=np.array([[1.0, 0.5, 0.3]]), gdp=np.full((1, 3), 10.0),
              growth=np.zeros((1, 3)), greedy=np.array([greedy], dtype=bool))  # fmt: skip
    w.begin_step()
    return w


def test_a_move_is_arm_iff_it_exceeds_a_security_seekers_level_by_half_the_types_gap():
    # observer 0 last year: its own military 1.0 (diagonal), state 1 at 0.5, state 2 at 0.3;
    # k = 0.2 / 2, od = 1.2, a = 0.3, g_S = 0.005, g_G = 0.05: half the gap is 0.075
    prev = np.array([[[1.0, 0.5, 0.3], [0.9, 0.5, 0.3], [0.9, 0.5, 0.3]]])
    p = STRATEGIC.resolve(3)
    levels = secure_levels(prev, np.full((1, 3), 10.0), p.offense_defense_factor, p.k,
                           p.fatigue, p.grievance_secure, p.military_cap_share)  # fmt: skip
    assert levels[0, 0, 1] == pytest.approx((0.1 * 1.2 * (1.0 + 0.3) + 0.005) / 0.3)  # 0.5367
    assert levels[0, 0, 2] == pytest.approx((0.1 * 1.2 * (1.0 + 0.5) + 0.005) / 0.3)  # 0.6167
    seen = np.array([[[0.0, 0.62, 0.68], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]])
    arm = strategic_moves(seen, levels, p.fatigue, p.grievance_secure, p.grievance_greedy)
    assert arm[0, 0].tolist() == [False, True, False]  # 0.62 > 0.6117; 0.68 < 0.6917
    capped = secure_levels(prev, np.full((1, 3), 1.0), 1.2, 0.1, 0.3, 0.005, 0.1)
    assert capped[0, 0, 1] == pytest.approx(0.1)  # cap * GDP


def test_beliefs_read_the_strategic_rule_and_keep_the_observers_own_military():
    w = world3()
    rng = np.random.default_rng(0)
    w.year = 0
    perception.step(w, STRATEGIC.resolve(3), rng)
    beliefs.step(w, STRATEGIC.resolve(3), rng)
    assert np.array_equal(np.diagonal(w.perceived_prev[0]), [1.0, 0.5, 0.3])
    w.year = 1
    w.begin_step()
    w.military_old[0, 1] = w.military[0, 1] = 0.62  # state 1 jumps above the threshold
    perception.step(w, STRATEGIC.resolve(3), rng)
    expected = beliefs.observe_strategic(w, STRATEGIC.resolve(3), rng)
    mu0 = w.beliefs.copy()
    beliefs.step(w, STRATEGIC.resolve(3), rng)
    assert expected[0, 0, 1] and not expected[0, 0, 2]
    assert w.beliefs[0, 0, 1] < mu0[0, 0, 1] < w.beliefs[0, 0, 2]  # arm lowers trust


def test_distinguishability_reads_a_security_seekers_build_up_as_restraint():
    p = STRATEGIC.replace(distinguishability=1.0).resolve(3)
    for greedy, read in (((0, 0, 0), False), ((0, 1, 0), True)):
        w = world3(greedy)
        w.perceived_prev = np.array([[[1.0, 0.5, 0.3], [0.9, 0.5, 0.3], [0.9, 0.5, 0.3]]])
        w.perceived[0, 0, 1] = 0.62
        assert bool(beliefs.observe_strategic(w, p, np.random.default_rng(1))[0, 0, 1]) is read


def test_the_rule_draws_one_uniform_per_ordered_pair_only_with_distinguishability():
    w = world3()
    w.perceived_prev = w.perceived.copy()
    for d, draws in ((0.0, 0), (0.3, 9)):
        rng = np.random.default_rng(2)
        beliefs.observe_strategic(w, STRATEGIC.replace(distinguishability=d).resolve(3), rng)
        ref = np.random.default_rng(2)
        ref.random(draws)
        assert rng.bit_generator.state == ref.bit_generator.state


def _probe(world, params, rng, ctx=None):
    """Count this year's "arm" readings by the target's true type (before the beliefs phase)."""
    if world.year < 0 or world.perceived_prev_year != world.year - 1:
        return world
    arm = beliefs.observe_strategic(world, params, np.random.default_rng(0))
    off = ~np.eye(world.states, dtype=bool)
    for name, target in (("greedy", world.greedy), ("secure", ~world.greedy)):
        pairs = np.broadcast_to(target[:, None, :], arm.shape) & off
        world.summaries[f"arm_{name}"] = (arm & pairs).sum(axis=(1, 2)).astype(float)
        world.summaries[f"pairs_{name}"] = pairs.sum(axis=(1, 2)).astype(float)
    return world


def test_greedy_states_are_read_as_arming_more_often_than_security_seekers():
    # the observation rule on its own: the strategic preset (with its burn-in) without wars
    phases = []
    for phase in PHASES:
        if phase.name == "beliefs":
            phases.append(Phase("probe", _probe))
        if phase.name != "decisions":
            phases.append(phase)
    traj = simulate(Params.strategic(), states=6, runs=60, years=20, seed=8, phases=phases)
    total = {n: np.nansum(traj.array(n), axis=1)
             for n in ("arm_greedy", "pairs_greedy", "arm_secure", "pairs_secure")}  # fmt: skip
    both = (total["pairs_greedy"] > 0) & (total["pairs_secure"] > 0)
    diff = (total["arm_greedy"] / np.where(both, total["pairs_greedy"], 1.0)
            - total["arm_secure"] / np.where(both, total["pairs_secure"], 1.0))[both]  # fmt: skip
    half = 1.96 * diff.std(ddof=1) / np.sqrt(diff.size)
    assert diff.mean() - half > 0.3  # measured: P(arm | greedy) 0.84, P(arm | secure) 0.005
    p_secure = total["arm_secure"].sum() / total["pairs_secure"].sum()
    assert p_secure < 0.1

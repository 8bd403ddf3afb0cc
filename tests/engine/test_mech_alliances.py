"""Tests of alliances (balancing, bandwagoning, burden sharing) and coalition war (MODELS.md 8)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.engine import ChunkContext, Params, simulate
from realpolitik.engine.mechanisms import alliances, war
from realpolitik.engine.mechanisms.schedule import ScheduledEvent
from realpolitik.engine.world import World
from realpolitik.theory.alliances import balance_or_bandwagon
from realpolitik.theory.contest import tullock_array

Z = 1.959964  # two-sided 95%


# ---------------------------------------------------------------------------------------------
# hand-built worlds


def make_params(states: int = 4, **overrides) -> SimpleNamespace:
    values = {
        "war_given_crisis": 0.5,
        "decisiveness": 1.0,
        "loser_military_loss": 0.2,
        "loser_gdp_loss": 0.1,
        "winner_military_cost": 0.05,
        "offense_defense_factor": np.full(states, 1.2),
        "offense_advantage": None,
        "alliances": True,
        "alliance_formation": "none",
        "alliance_stake": 1.0,
        "alliance_loss": 1.0,
        "aggressor_threat": 0.5,
        "burden_sharing": 0.0,
        "balancing_cost": 0.5,
        "alliance_war_cost": 0.5,
        "gdp_cession": 0.0,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def make_world(military, gdp=None, *, runs: int = 1) -> World:
    military = np.broadcast_to(np.asarray(military, dtype=float), (runs, len(military))).copy()
    gdp = np.full_like(military, 10.0) if gdp is None else gdp
    gdp = np.broadcast_to(np.asarray(gdp, dtype=float), military.shape).copy()
    world = World(
        military=military,
        gdp=gdp,
        growth=np.full(military.shape, 0.02),
        greedy=np.zeros(military.shape, dtype=bool),
    )
    # perception without noise: every observer sees the true military
    world.perceived[...] = military[:, None, :]
    idx = np.arange(world.states)
    world.perceived[:, idx, idx] = 0.0
    return world


def set_pacts(world: World, pairs) -> None:
    allied = np.zeros((world.runs, world.states, world.states), dtype=bool)
    for a, b in pairs:
        allied[:, a, b] = allied[:, b, a] = True
    world.allied = allied


def pacts(world: World, run: int = 0) -> set[tuple[int, int]]:
    a = world.allied[run]
    assert np.array_equal(a, a.T) and not a.diagonal().any()
    i, j = np.nonzero(np.triu(a))
    return {(int(x), int(y)) for x, y in zip(i, j, strict=True)}


def pair_index(states: int, a: int, b: int) -> int:
    i, j = np.triu_indices(states, k=1)
    return int(np.flatnonzero((i == min(a, b)) & (j == max(a, b)))[0])


def start_war(world: World, initiator: int, target: int, w) -> int:
    """Make (initiator, target) fight, q = 0.5; the lower index's side wins iff w < P(it wins)."""
    p = pair_index(world.states, initiator, target)
    world.crisis[:, p] = True
    world.initiator_second[:, p] = initiator > target
    world.crisis_u[:, p] = 0.5 * np.asarray(w, dtype=float)
    return p


def fight(world: World, winner: int, loser: int, initiator: int | None = None) -> int:
    """Start a war that ``winner``'s side wins (its win probability must be in (1e-9, 1))."""
    initiator = winner if initiator is None else initiator
    target = loser if initiator == winner else winner
    return start_war(world, initiator, target, [0.0 if winner < loser else 1.0 - 1e-9])


def alliance_step(world, params, seed=0):
    rng = np.random.default_rng(seed)
    alliances.step(world, params, rng)
    return rng


def war_step(world, params, seed=0):
    rng = np.random.default_rng(seed)
    war.step(world, params, rng)
    return rng


def interval_excludes_zero(diff: float, se: float) -> bool:
    return abs(diff) > Z * se


# ---------------------------------------------------------------------------------------------
# formation (MODELS.md 8.3)

MIL = [1.0, 5.0, 3.0, 2.0]
# state C: most threatening A = strongest rival; strongest other D excludes A and C
# C=0: A=1, D=2; C=1: A=2, D=3; C=2: A=1, D=3; C=3: A=1, D=2


def test_balancing_states_ally_with_the_strongest_state_other_than_the_threat():
    world = make_world(MIL)
    alliance_step(world, make_params(alliance_formation="balance"))
    assert pacts(world) == {(0, 2), (1, 3), (2, 3)}
    assert world.summaries["alliance_pairs"].tolist() == [3.0]
    assert world.summaries["balancing_share"].tolist() == [1.0]


def test_bandwagoning_states_ally_with_the_most_threatening_state():
    world = make_world(MIL)
    alliance_step(world, make_params(alliance_formation="bandwagon"))
    assert pacts(world) == {(0, 1), (1, 2), (1, 3)}
    assert world.summaries["balancing_share"].tolist() == [0.0]


def test_threat_weights_pick_the_most_threatening_state_not_the_strongest():
    world = make_world(MIL)
    w = np.ones((1, 4, 4))
    w[:, 0, 1] = 0.1  # state 0 reads state 1's forces as defensive: 0.5 < 3 (state 2)
    world.threat_weight = w
    alliance_step(world, make_params(alliance_formation="balance"))
    # C=0 now: A=2, D=1
    assert (0, 1) in pacts(world) and (0, 2) not in pacts(world)


@pytest.mark.parametrize(
    ("mil", "theta", "m"),
    [
        ([1.0, 5.0, 3.0, 2.0], 0.5, 1.0),
        ([0.2, 9.0, 1.0, 0.5], 0.0, 4.0),  # weak C, overwhelming A, decisive war: bandwagon
        ([2.0, 3.0, 2.5, 2.2], 1.0, 0.5),
    ],
)
def test_threat_formation_follows_walts_utilities_state_by_state(mil, theta, m):
    world = make_world(mil)
    params = make_params(alliance_formation="threat", aggressor_threat=theta, decisiveness=m)
    alliance_step(world, params)
    expected = set()
    for c in range(4):
        order = sorted((j for j in range(4) if j != c), key=lambda j: (-mil[j], j))
        a, d = order[0], order[1]
        choice = balance_or_bandwagon(mil[a], mil[d], mil[c], m, 1.0, 1.0, theta).choice
        partner = d if choice == "balance" else a
        expected.add((min(c, partner), max(c, partner)))
    assert pacts(world) == expected


# state 1: a small army on a large economy; state 2: a larger army on a small economy
RICH_MIL, RICH_GDP = [1.0, 1.0, 3.0, 2.0], [10.0, 100.0, 10.0, 10.0]


def test_under_the_strategic_engine_a_rich_power_is_the_threat_though_its_army_is_small():
    hazard, strategic = make_world(RICH_MIL, RICH_GDP), make_world(RICH_MIL, RICH_GDP)
    alliance_step(hazard, make_params(alliance_formation="bandwagon"))
    mob = [0.05, 0.05, 0.05, 0.05]
    params = make_params(alliance_formation="bandwagon", decisions="strategic", mobilization=mob)
    alliance_step(strategic, params)
    # hazard: military alone, state 2 (3.0) threatens state 0 most; strategic: strength
    # C = m + mob y, state 1 (1 + 5 = 6) against state 2 (3 + 0.5 = 3.5)
    assert (0, 2) in pacts(hazard) and (0, 1) not in pacts(hazard)
    assert (0, 1) in pacts(strategic) and (0, 2) not in pacts(strategic)


@pytest.mark.parametrize("mob", [0.0, 0.05, 0.3])
def test_strategic_alignment_weighs_the_strength_wars_are_decided_on(mob):
    world = make_world(RICH_MIL, RICH_GDP)
    params = make_params(alliance_formation="threat", decisions="strategic",
                         mobilization=np.full(4, mob), aggressor_threat=0.5)  # fmt: skip
    alliance_step(world, params)
    strength = np.asarray(RICH_MIL) + mob * np.asarray(RICH_GDP)
    expected = set()
    for c in range(4):
        order = sorted((j for j in range(4) if j != c), key=lambda j: (-strength[j], j))
        a, d = order[0], order[1]
        choice = balance_or_bandwagon(strength[a], strength[d], strength[c], 1.0, 1.0, 1.0,
                                      0.5).choice  # fmt: skip
        partner = d if choice == "balance" else a
        expected.add((min(c, partner), max(c, partner)))
    assert pacts(world) == expected


def test_balancing_rises_with_the_aggressors_threat():
    mil = [0.5, 4.0, 3.0, 1.0]
    shares = []
    for theta in (0.0, 0.5, 1.0):
        world = make_world(mil)
        alliance_step(world, make_params(alliance_formation="threat", aggressor_threat=theta))
        shares.append(float(world.summaries["balancing_share"][0]))
    assert shares == sorted(shares) and shares[-1] > shares[0]


def test_trust_in_the_threatening_state_turns_balancing_into_bandwagoning():
    mil = [1.0, 5.0, 3.0, 2.0]
    distrust, trust = make_world(mil), make_world(mil)
    distrust.beliefs = np.zeros((1, 4, 4))
    trust.beliefs = np.ones((1, 4, 4))
    params = make_params(alliance_formation="threat", aggressor_threat=1.0)
    alliance_step(distrust, params)
    alliance_step(trust, params)
    assert distrust.summaries["balancing_share"][0] > trust.summaries["balancing_share"][0]


def test_formed_pacts_are_replaced_each_year_and_scenario_pacts_persist():
    world = make_world(MIL)
    set_pacts(world, [(0, 3)])  # a scenario pact
    params = make_params(alliance_formation="balance")
    alliance_step(world, params)
    assert pacts(world) == {(0, 2), (1, 3), (2, 3), (0, 3)}
    # next year state 3 is the strongest: everyone re-chooses
    world.military[...] = [1.0, 2.0, 3.0, 5.0]
    world.perceived[...] = world.military[:, None, :]
    world.perceived[:, range(4), range(4)] = 0.0
    alliance_step(world, params)
    # C=0: A=3, D=2; C=1: A=3, D=2; C=2: A=3, D=1; C=3: A=2, D=1
    assert pacts(world) == {(0, 2), (1, 2), (1, 3), (0, 3)}


def test_a_scenario_pact_chosen_by_formation_is_not_dropped_the_next_year():
    world = make_world(MIL)
    set_pacts(world, [(0, 2)])  # also state 0's balancing choice
    params = make_params(alliance_formation="balance")
    alliance_step(world, params)
    world.military[...] = [1.0, 2.0, 3.0, 5.0]
    world.perceived[...] = world.military[:, None, :]
    world.perceived[:, range(4), range(4)] = 0.0
    alliance_step(world, make_params(alliance_formation="none"))
    assert pacts(world) == {(0, 2)}


def test_two_states_form_no_pact():
    world = make_world([1.0, 2.0])
    alliance_step(world, make_params(alliance_formation="balance"))
    assert pacts(world) == set()


def test_choose_partners_rejects_unknown_rules_and_two_states():
    with pytest.raises(ValueError, match="alliance_formation"):
        alliances.choose_partners(make_world(MIL), make_params(), "none")
    with pytest.raises(ValueError, match="states"):
        alliances.choose_partners(make_world([1.0, 2.0]), make_params(), "balance")


def test_alliances_off_changes_nothing_and_draws_nothing():
    world = make_world(MIL)
    before = np.random.default_rng(0).bit_generator.state
    rng = alliance_step(world, make_params(alliances=False, alliance_formation="balance"))
    assert rng.bit_generator.state == before
    assert world.allied is None and world.summaries == {}


def test_burden_sharing_offset_is_the_share_of_the_allies_military():
    world = make_world([1.0, 5.0, 3.0, 2.0])
    set_pacts(world, [(0, 1), (0, 2)])
    alliance_step(world, make_params(burden_sharing=0.4))
    np.testing.assert_allclose(world.threat_offset[0], [0.4 * 8.0, 0.4 * 1.0, 0.4 * 1.0, 0.0])
    assert world.summaries["alliance_pairs"].tolist() == [2.0]


# ---------------------------------------------------------------------------------------------
# coalition war (MODELS.md 6, 8.2)


def test_coalition_wins_with_tullocks_probability_over_summed_capabilities():
    mil = [1.0, 2.0, 1.5, 0.7]
    for gamma in (1.0, 2.5):
        # initiator 0 with ally 3 against target 1 with ally 2; chain gang: everyone joins
        params = make_params(decisiveness=gamma, alliance_war_cost=0.1)
        p0 = float(tullock_array(mil[0] + mil[3], mil[1] + mil[2], gamma))
        world = make_world(mil, runs=2)
        set_pacts(world, [(0, 3), (1, 2)])
        p = start_war(world, 0, 1, [p0 * (1 - 1e-9), p0 * (1 + 1e-9)])
        war_step(world, params)
        assert world.war[:, p].all()
        assert world.winner_second[:, p].tolist() == [False, True]


def test_coalition_war_losses_fall_on_every_member_of_each_side():
    mil = np.array([1.0, 2.0, 1.5, 0.7, 1.0])
    world = make_world(mil)
    set_pacts(world, [(0, 3), (1, 2)])
    fight(world, winner=0, loser=1)
    params = make_params(states=5, alliance_war_cost=0.1)
    war_step(world, params)
    factor = np.array([0.95, 0.8, 0.8, 0.95, 1.0])
    np.testing.assert_allclose(world.military[0], mil * factor, rtol=1e-15)
    np.testing.assert_allclose(world.gdp[0], 10.0 * np.array([1, 0.9, 0.9, 1, 1]), rtol=1e-15)
    (_, p, k), *_ = world.joiners
    assert sorted(k.tolist()) == [2, 3] and set(p.tolist()) == {pair_index(5, 0, 1)}


def test_an_ally_of_both_sides_and_the_dyad_itself_do_not_join():
    world = make_world([1.0, 2.0, 1.5, 0.7])
    set_pacts(world, [(0, 2), (1, 2), (0, 1)])
    start_war(world, 1, 0, [0.3])
    rng = war_step(world, make_params(alliance_war_cost=0.1))
    assert world.joiners == []
    assert rng.bit_generator.state == np.random.default_rng(0).bit_generator.state


def test_chain_ganging_allies_always_join_their_partners_war():
    runs = 300
    world = make_world([1.0, 2.0, 1.0, 1.0, 1.0], runs=runs)
    set_pacts(world, [(1, 2), (1, 3), (1, 4)])
    start_war(world, 0, 1, np.linspace(0, 0.99, runs))
    war_step(world, make_params(states=5, alliance_war_cost=0.3))  # beta V = 0.5 > 0.3
    joined = np.concatenate([k for _, _, k in world.joiners])
    assert joined.size == 3 * runs


@pytest.mark.parametrize("n", [1, 2, 3])
def test_buck_passing_allies_join_with_the_volunteers_dilemma_probability(n):
    runs = 4000
    K, U = 0.3, 0.5  # beta = 0.5 (od = 1.2), V = 1; c_war = 0.8 > U: no chain gang
    p_join = 1.0 if n == 1 else 1.0 - (K / U) ** (1.0 / (n - 1))
    world = make_world([1.0] * 5, runs=runs)
    set_pacts(world, [(1, 2 + a) for a in range(n)])
    start_war(world, 0, 1, np.random.default_rng(5).random(runs))
    war_step(world, make_params(states=5, balancing_cost=K, alliance_war_cost=0.8), seed=n)
    joins = np.zeros((runs, 5), dtype=bool)
    for r, _, k in world.joiners:
        joins[r, k] = True
    freq = joins[:, 2 : 2 + n].mean()
    se = math.sqrt(p_join * (1 - p_join) / (runs * n)) if 0 < p_join < 1 else 0.0
    assert abs(freq - p_join) <= 3.5 * se + 1e-12


def test_pure_buck_passing_allies_never_join():
    world = make_world([1.0] * 4, runs=200)
    set_pacts(world, [(1, 2), (1, 3)])
    start_war(world, 0, 1, np.linspace(0, 0.99, 200))
    war_step(world, make_params(balancing_cost=0.6, alliance_war_cost=0.8))  # K >= beta V
    assert world.joiners == []


def test_offense_advantage_key_overrides_the_offense_defense_factor():
    beta = war.offense_advantage(make_params(offense_defense_factor=np.full(4, 2.0)), 4)
    assert beta.tolist() == [1.0] * 4
    params = make_params(offense_advantage=np.array([0.1, np.nan, 0.3, 0.0]))
    np.testing.assert_allclose(war.offense_advantage(params, 4), [0.1, 0.5, 0.3, 0.0])


def test_join_probabilities_are_prepared_once_per_chunk():
    params = make_params(states=5, balancing_cost=0.3, alliance_war_cost=0.8)
    ctx = ChunkContext(params, 5)
    table = ctx.prepared(war.prepare, war.READS).join
    assert ctx.prepared(war.prepare, war.READS).join is table
    np.testing.assert_array_equal(war.join_probabilities(params, 5), table)
    np.testing.assert_allclose(table[:, 1:], [[1.0, 1 - 0.6, 1 - 0.6**0.5]] * 5)
    other = war.join_probabilities(make_params(states=5, alliance_war_cost=0.3), 5)
    assert (other[:, 1:] == 1.0).all()
    assert war.prepare(make_params(states=5, alliances=False), 5).join is None


def test_war_prob_replaces_the_scalar_war_given_crisis():
    world = make_world([1.0, 1.0, 1.0])
    for p in range(3):
        world.crisis[:, p] = True
        world.crisis_u[:, p] = 0.3
    world.war_prob = np.array([[0.2, 0.4, 0.31]])
    war_step(world, make_params(states=3, alliances=False))
    assert world.war[0].tolist() == [False, True, True]


def test_gdp_cession_moves_gdp_to_the_winners_and_conserves_the_total():
    mil = np.array([1.0, 2.0, 1.5, 0.7, 0.4])
    gdp = np.array([8.0, 12.0, 9.0, 6.0, 5.0])
    world = make_world(mil, gdp)
    set_pacts(world, [(0, 3)])
    c = 0.2
    params = make_params(states=5, gdp_cession=c, alliance_war_cost=0.1)
    fight(world, winner=0, loser=1)  # 0 (+ ally 3) beats 1
    fight(world, winner=4, loser=1)  # 4 beats 1 again
    fight(world, winner=4, loser=2, initiator=2)  # 2 attacks 4 and loses
    war_step(world, params)
    n_lost = np.array([0, 2, 1, 0, 0])
    after_losses = gdp * (1 - 0.1) ** n_lost
    np.testing.assert_allclose(world.gdp.sum(), after_losses.sum(), rtol=1e-14)
    expected = after_losses.copy()
    ceded_1 = after_losses[1] * (1 - (1 - c) ** 2)
    ceded_2 = after_losses[2] * c
    expected[1] -= ceded_1
    expected[2] -= ceded_2
    expected[0] += ceded_1 / 2 * mil[0] / (mil[0] + mil[3])
    expected[3] += ceded_1 / 2 * mil[3] / (mil[0] + mil[3])
    expected[4] += ceded_1 / 2 + ceded_2
    np.testing.assert_allclose(world.gdp[0], expected, rtol=1e-14)


def test_cession_to_a_side_without_military_is_split_equally():
    world = make_world([0.0, 0.0, 0.0], [4.0, 6.0, 5.0])
    set_pacts(world, [(0, 2)])
    start_war(world, 0, 1, [0.2])  # 0 vs 0: a coin toss, w = 0.2 < 0.5: state 0's side wins
    war_step(world, make_params(states=3, gdp_cession=0.5, alliance_war_cost=0.1))
    y1 = 6.0 * 0.9
    np.testing.assert_allclose(world.gdp[0], [4.0 + y1 / 4, y1 / 2, 5.0 + y1 / 4], rtol=1e-15)


def test_without_joiners_or_cession_the_coalition_path_equals_the_dyadic_one():
    rng = np.random.default_rng(3)
    runs, states = 300, 5
    mil = rng.uniform(0.0, 1.0, (runs, states))
    mil[:5, :2] = 0.0  # some wars between two empty armies
    crisis = rng.random((runs, 10)) < 0.5
    u = np.where(crisis, rng.random((runs, 10)), 0.0)
    second = crisis & (rng.random((runs, 10)) < 0.5)
    worlds = []
    for _ in range(2):
        w = make_world(mil[0], runs=runs)
        w.military[...] = mil
        w.crisis[...] = crisis
        w.crisis_u[...] = u
        w.initiator_second[...] = second
        worlds.append(w)
    # everyone allied with everyone: every third state is allied with both sides, none joins
    set_pacts(worlds[1], [(a, b) for a in range(states) for b in range(a + 1, states)])
    rngs = [
        war_step(worlds[0], make_params(states=states, alliances=False, decisiveness=1.7)),
        war_step(worlds[1], make_params(states=states, decisiveness=1.7)),
    ]
    assert worlds[0].war.any() and worlds[1].joiners == []
    assert rngs[0].bit_generator.state == rngs[1].bit_generator.state
    np.testing.assert_array_equal(worlds[0].war, worlds[1].war)
    np.testing.assert_array_equal(worlds[0].winner_second, worlds[1].winner_second)
    np.testing.assert_array_equal(worlds[0].military, worlds[1].military)
    np.testing.assert_array_equal(worlds[0].gdp, worlds[1].gdp)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), c=st.floats(0.01, 1.0))
def test_cession_conserves_gdp_keeps_it_nonnegative_and_leaves_military_alone(seed, c):
    rng = np.random.default_rng(seed)
    runs, states = 20, 5
    mil = rng.uniform(0.0, 2.0, (runs, states)) * (rng.random((runs, states)) < 0.9)
    gdp = rng.uniform(1.0, 10.0, (runs, states))
    crisis = rng.random((runs, 10)) < 0.6
    u = np.where(crisis, rng.random((runs, 10)), 0.0)
    second = crisis & (rng.random((runs, 10)) < 0.5)
    allied = np.triu(rng.random((runs, states, states)) < 0.4, k=1)
    worlds = []
    for cession in (0.0, c):
        w = make_world(mil[0], gdp[0], runs=runs)
        w.military[...], w.gdp[...] = mil, gdp
        w.crisis[...], w.crisis_u[...], w.initiator_second[...] = crisis, u, second
        w.allied = allied | allied.transpose(0, 2, 1)
        war_step(w, make_params(states=states, gdp_cession=cession, balancing_cost=0.2), seed=1)
        worlds.append(w)
    plain, ceded = worlds
    np.testing.assert_array_equal(plain.military, ceded.military)
    np.testing.assert_array_equal(plain.winner_second, ceded.winner_second)
    np.testing.assert_allclose(ceded.gdp.sum(axis=1), plain.gdp.sum(axis=1), rtol=1e-13)
    assert (ceded.gdp >= 0.0).all()


def test_no_crisis_no_war_and_no_draws():
    world = make_world([1.0, 2.0, 3.0])
    set_pacts(world, [(0, 1)])
    rng = war_step(world, make_params(states=3))
    assert not world.war.any() and not world.winner_second.any()
    assert rng.bit_generator.state == np.random.default_rng(0).bit_generator.state


def test_metadata_names_its_sources():
    from realpolitik.citations import BIBTEX

    for module in (alliances, war):
        assert module.MODELS and module.SECTION
        assert set(module.REFERENCES) <= set(BIBTEX)
    assert "docs/models/alliances.md" in alliances.SECTION and "alliances.md" in war.SECTION


# ---------------------------------------------------------------------------------------------
# whole simulations (seeded batches; 95% intervals of the difference exclude zero)


def per_run_participants(traj, runs: int) -> np.ndarray:
    """Mean participants per war of each run that had a war."""
    ev = traj.event_arrays()
    w = ev["kind"] == 1
    wars = np.bincount(ev["run"][w], minlength=runs)
    people = np.bincount(ev["run"][w], weights=2.0 + ev["n_joiners"][w], minlength=runs)
    return people[wars > 0] / wars[wars > 0]


def test_offense_dominance_chain_gangs_more_states_into_each_war_than_buck_passing():
    runs, kw = 400, {"states": 6, "years": 60, "seed": 7}
    mean, var = {}, {}
    for beta in (0.9, 0.3):  # beta V = 0.9 > c_war = 0.5: chain gang; 0.3: mixed buck-passing
        params = Params.core(
            alliances=True, alliance_formation="balance", offense_advantage=beta, balancing_cost=0.2
        )
        x = per_run_participants(simulate(params, runs=runs, **kw), runs)
        mean[beta], var[beta] = x.mean(), x.var(ddof=1) / x.size
    diff = mean[0.9] - mean[0.3]
    assert diff > 0 and interval_excludes_zero(diff, math.sqrt(var[0.9] + var[0.3]))


def test_joiners_appear_among_participants_and_labels_stay_with_the_original_dyad():
    runs = 200
    params = Params.core(alliances=True, alliance_formation="balance", offense_advantage=0.9)
    traj = simulate(params, states=5, runs=runs, years=40, seed=2)
    ev = traj.event_arrays()
    w = ev["kind"] == 1
    assert ev["n_joiners"][w].sum() > 0 and ev["n_joiners"][~w].sum() == 0
    greedy = traj.data["greedy"].values
    gi = greedy[ev["run"][w], ev["initiator"][w]]
    gt = greedy[ev["run"][w], ev["target"][w]]
    expected = np.where(gi, "deterrence_failure", np.where(gt, "justified_preemption", "x"))
    labels = traj.events.loc[traj.events["kind"] == "war", "label"].astype(str).to_numpy()
    known = expected != "x"
    assert (labels[known] == expected[known]).all()
    assert (labels[~known] == "security_dilemma_war").all()
    winners = ev["winner"][w]
    assert ((winners == ev["initiator"][w]) | (winners == ev["target"][w])).all()
    assert np.isfinite(traj.array("alliance_pairs")[:, 1:]).all()


def test_burden_sharing_lets_the_small_ally_free_ride_on_the_large_one():
    runs, states = 400, 4
    gdp = np.tile([20.0, 5.0, 10.0, 10.0], (runs, 1))
    initial = {
        "military": 0.02 * gdp,
        "gdp": gdp,
        "greedy": np.zeros((runs, states), dtype=bool),
        "growth": np.full((runs, states), 0.02),
    }
    schedule = [ScheduledEvent(0, "alliance_form", (0, 1))]
    share, allied_m = {}, {}
    for s in (0.0, 0.5):
        traj = simulate(
            Params.core(alliances=True, burden_sharing=s),
            states=states, runs=runs, years=60, seed=4, initial=initial, schedule=schedule,
        )  # fmt: skip
        share[s] = traj.array("budget_share")[:, 20:].mean(axis=1)  # (run, state)
        allied_m[s] = traj.array("military")[:, 20:, :2].sum(axis=2).mean(axis=1)
    drop = share[0.0] - share[0.5]
    exploitation = drop[:, 1] - drop[:, 0]  # small ally's fall minus large ally's
    se = exploitation.std(ddof=1) / math.sqrt(runs)
    assert exploitation.mean() > 0 and interval_excludes_zero(exploitation.mean(), se)
    fall = allied_m[0.0] - allied_m[0.5]
    assert fall.mean() > 0 and interval_excludes_zero(fall.mean(), fall.std(ddof=1) / runs**0.5)


def test_alliances_without_pacts_reproduce_the_core_model_exactly():
    kw = {"states": 4, "runs": 300, "years": 40, "seed": 11}
    core = simulate(Params.core(), **kw)
    traj = simulate(Params.core(alliances=True, offense_advantage=0.5), **kw)
    assert not traj.meta["fast_path"]
    for name in ("military", "gdp", "budget_share"):
        np.testing.assert_array_equal(traj.array(name), core.array(name))
    a, b = traj.event_arrays(), core.event_arrays()
    for col in ("run", "year", "kind", "initiator", "target", "winner", "label"):
        np.testing.assert_array_equal(a[col], b[col])
    assert a["n_joiners"].sum() == 0


def test_a_defence_pact_rules_out_crises_between_its_members():
    kw = {"states": 4, "runs": 300, "years": 40, "seed": 11}
    pact = [ScheduledEvent(0, "alliance_form", (0, 1))]
    core = simulate(Params.core(), **kw).events
    traj = simulate(Params.core(alliances=True), schedule=pact, **kw)
    ev = traj.events
    inside = ((ev["initiator"] == 0) & (ev["target"] == 1)) | (
        (ev["initiator"] == 1) & (ev["target"] == 0)
    )
    core_inside = ((core["initiator"] == 0) & (core["target"] == 1)) | (
        (core["initiator"] == 1) & (core["target"] == 0)
    )
    assert core_inside.sum() > 0 and inside.sum() == 0
    everyone = [ScheduledEvent(0, "alliance_form", (0, 1, 2, 3))]
    peace = simulate(Params.core(alliances=True), schedule=everyone, **kw)
    assert len(peace.events) == 0
    assert (peace.array("alliance_pairs")[:, 1:] == 6).all()


def test_balancing_and_bandwagoning_formation_build_different_alliance_systems():
    kw = {"states": 5, "runs": 200, "years": 30, "seed": 3}
    shares = {}
    for rule in ("balance", "bandwagon"):
        traj = simulate(Params.core(alliances=True, alliance_formation=rule), **kw)
        shares[rule] = traj.array("balancing_share")[:, 1:]
        assert (traj.array("alliance_pairs")[:, 1:] >= 3).all()  # N choices, at least N/2 pacts
    assert (shares["balance"] == 1).all() and (shares["bandwagon"] == 0).all()

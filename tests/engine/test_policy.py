"""Policies (docs/policies.md): a state's decisions replaced by a user's, and the stepper.

Every comparison uses fixed seeds. The base policy, and a policy that returns every default
through the hooks, must give bit-identical trajectories to no policy at all; the worked examples
must do exactly what they say in every run (counts, not rates, so no interval is needed).
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.engine.policy import (
    AlwaysConcede,
    NeverPreempt,
    Pacifist,
    Policy,
    Stepper,
    TitForTatArming,
)
from realpolitik.testing import assert_trajectories_equal

BASE = dict(
    decisions="strategic", crisis_base_rate=0.0, type_beliefs=True, decisiveness=1.5,
    gdp_cession=0.1, offense_defense_factor=2.0,
)  # fmt: skip
SIZE = dict(states=6, runs=40, years=40, seed=5, chunk_size=16)


def strategic(**kw) -> Params:
    return Params.core(**{**BASE, **kw})


class Echo(Policy):
    """Every method overridden, every default returned (the hooks run, nothing changes)."""

    def arming(self, view, default):
        assert view.W_atk.shape == (view.runs, view.states)  # the lazy war values work
        return default.copy()

    def strike(self, view, default):
        return default.copy()

    def demand(self, view, default):
        return default[0].copy(), default[1].copy()

    def answer(self, view, demands, default):
        return default.copy()

    def hotline(self, view, default):
        return default.copy()

    def reassure(self, view, default):
        assert view.stage == "reassurance"
        return default.copy()

    def alliances(self, view, default):
        assert view.stage == "alliances" and view.allied.shape == default.shape
        return default.copy()


class CoinAnswer(Policy):
    """Concede with probability 1/2 from the state's own generator, remembering its answers."""

    def __init__(self):
        self.seen = 0

    def answer(self, view, demands, default):
        self.seen += int(demands.made.sum())
        return demands.made & (view.rng.random(demands.made.shape) < 0.5)


class ShunHotline(Policy):
    def hotline(self, view, default):
        return np.zeros_like(default)


class BadArming(Policy):
    def arming(self, view, default):
        return default[:1]


class Unpicklable(Policy):
    def __init__(self):
        self.f = lambda x: x


def wars(tr, **where):
    ev = tr.events
    w = ev[ev["kind"] == "war"]
    for k, v in where.items():
        w = w[w[k] == v]
    return w


def test_the_base_policy_and_the_defaults_are_the_model_bit_for_bit():
    p = strategic(hotline=0.5, alliances=True, alliance_formation="balance",
                  reassurance_gesture=0.2, prior_trust=0.3)  # fmt: skip
    plain = simulate(p, **SIZE)
    assert len(wars(plain)) > 0
    assert_trajectories_equal(plain, simulate(p, policies={0: Policy(), 3: Echo()}, **SIZE))
    assert_trajectories_equal(plain, simulate(p, policies={i: Echo() for i in range(6)}, **SIZE))


def test_never_preempt_removes_that_states_strikes():
    p = strategic()
    before = wars(simulate(p, **SIZE), initiator=0)
    strikes = before["cause"].isin(["preemption", "prevention"])
    assert strikes.sum() >= 5  # the seeded run has some
    after = wars(simulate(p, policies={0: NeverPreempt()}, **SIZE), initiator=0)
    assert not after["cause"].isin(["preemption", "prevention"]).any()
    assert not after["strike"].any()


def test_always_concede_concedes_every_demand_it_faces():
    tr = simulate(strategic(), policies={2: AlwaysConcede()}, **SIZE)
    ev = tr.events
    faced = ev[(ev["kind"] == "crisis") & (ev["target"] == 2)]
    assert len(faced) >= 10
    assert (faced["outcome"] == "conceded").all() and (faced["transfer"] > 0).all()
    assert not wars(tr, target=2)["cause"].isin(["bargaining_failure", "hawk_bias"]).any()


def test_a_pacifist_starts_no_crisis_and_no_war():
    plain = simulate(strategic(), **SIZE).events
    assert (plain["initiator"] == 1).sum() > 0
    ev = simulate(strategic(), policies={1: Pacifist()}, **SIZE).events
    assert (ev["initiator"] == 1).sum() == 0


def test_tit_for_tat_arming_matches_the_strongest_rival_of_last_year():
    p = strategic(perception_noise=0.0)  # it perceives last year's military exactly
    tr = simulate(p, policies={0: TitForTatArming()}, **SIZE)
    m = tr.data["military"].to_numpy()
    y = tr.data["gdp"].to_numpy()
    cap = p.resolve(6).military_cap_share
    expected = np.minimum(m[:, :-1, 1:].max(axis=2), np.asarray(cap).flat[0] * y[:, :-1, 0])
    at_war = np.zeros(expected.shape, dtype=bool)  # a war's losses come after arming
    ev = wars(tr)
    for r, t in ev[(ev["initiator"] == 0) | (ev["target"] == 0)][["run", "year"]].to_numpy():
        at_war[r, t - 1] = True
    assert (~at_war).sum() > 800
    np.testing.assert_allclose(m[:, 1:, 0][~at_war], expected[~at_war], rtol=1e-12)


def test_shunning_the_hotline_everywhere_is_having_none():
    p = strategic(perception_noise=0.3)
    shun = simulate(p.replace(hotline=1.0), policies={i: ShunHotline() for i in range(6)}, **SIZE)
    none = simulate(p.replace(hotline=0.0), **SIZE)
    assert_trajectories_equal(none, shun)
    with pytest.raises(AssertionError):  # the hotline itself does change the run
        assert_trajectories_equal(none, simulate(p.replace(hotline=1.0), **SIZE))


def test_policies_are_deterministic_whatever_the_workers():
    pol = {0: TitForTatArming(), 2: CoinAnswer(), 4: NeverPreempt()}
    a = simulate(strategic(), policies=pol, workers=1, **SIZE)
    b = simulate(strategic(), policies=pol, workers=2, **SIZE)
    assert_trajectories_equal(a, b)
    assert pol[2].seen == 0  # the user's object is never changed: each chunk has a copy
    faced = a.events[(a.events["kind"] == "crisis") & (a.events["target"] == 2)]
    share = (faced["outcome"] == "conceded").mean()
    assert len(faced) >= 20 and 0.0 < share < 1.0


def test_policy_errors_name_the_policy_the_state_and_the_method():
    p = strategic()
    with pytest.raises(ValueError, match=r"unknown state name 'Athens'.*NeverPreempt"):
        simulate(p, policies={"Athens": NeverPreempt()}, **SIZE)
    with pytest.raises(ValueError, match=r"unknown state name 'Athens'.*names \['Sparta'"):
        simulate(p, policies={"Athens": NeverPreempt()}, state_names=["Sparta", *"abcde"],
                 **SIZE)  # fmt: skip
    with pytest.raises(ValueError, match=r"unknown state 9"):
        simulate(p, policies={9: NeverPreempt()}, **SIZE)
    with pytest.raises(ValueError, match=r"NeverPreempt\(\) for state 0.*strategic engine"):
        simulate(Params.core(), policies={0: NeverPreempt()}, **SIZE)
    with pytest.raises(ValueError, match=r"is not a realpolitik.engine.policy.Policy"):
        simulate(p, policies={0: "hawk"}, **SIZE)
    with pytest.raises(ValueError, match=r"Unpicklable\(\) for state 1.*cannot be pickled"):
        simulate(p, policies={1: Unpicklable()}, workers=2, **SIZE)
    simulate(p, policies={1: Unpicklable()}, **{**SIZE, "years": 2})  # in this process: fine
    names = ["Sparta", "Athens", *"abcd"]
    msg = r"BadArming\(\) for state 1 \('Athens'\), method 'arming'.*shape \(1,\).*\(16,\)"
    with pytest.raises(ValueError, match=msg):
        simulate(p, policies={"Athens": BadArming()}, state_names=names, **SIZE)


def test_a_stepper_left_alone_is_simulate():
    p = strategic()
    s = Stepper(p, states=4, years=12, seed=2, runs=3, players=[1])
    for _ in range(12):
        views = s.begin_year()
        assert set(views) == {1} and views[1].perceived.shape == (3, 4)
        s.demands_faced(1)
        s.finish_year()
    assert_trajectories_equal(s.trajectory(), simulate(p, states=4, years=12, seed=2, runs=3))


def test_a_stepper_takes_a_persons_actions_in_the_stages_of_a_year():
    s = Stepper(strategic(), states=4, years=15, seed=2, runs=2, players=["B"],
                state_names=["A", "B", "C", "D"])  # fmt: skip
    with pytest.raises(RuntimeError, match="needs 'begun'"):
        s.act("B", strike=False)
    conceded = 0
    for _ in range(15):
        view = s.begin_year()[1]
        assert view.stage == "reassurance" and view.name == "B"
        s.act("B", arming=view.military, strike=False, demand=(-1, 0.0))
        faced = s.demands_faced("B")
        s.answer("B", faced.made)
        conceded += int(faced.made.sum())
        events = s.finish_year()
        assert (events["initiator"] != 1).all()
        assert (events[events["target"] == 1]["outcome"] == "conceded").all()
    assert conceded > 0
    with pytest.raises(RuntimeError, match="game is over"):
        s.begin_year()
    s = Stepper(strategic(), states=4, years=2, seed=2, players=[0])
    s.begin_year()
    with pytest.raises(ValueError, match=r"Played\(\) for state 0, method 'strike'.*broadcast"):
        s.act(0, strike=[True, False])
    with pytest.raises(ValueError, match="not played"):
        s.demands_faced(2)

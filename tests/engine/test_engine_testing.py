"""realpolitik.testing: the public checks catch what they promise to catch."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from realpolitik.engine import Params, Trajectory, simulate
from realpolitik.testing import (
    agreement,
    assert_agreement,
    assert_trajectories_equal,
    check_invariants,
    check_probabilities,
    measure_speed,
    sample_from_trajectory,
)
from realpolitik.testing import merged_histogram as merged


def sample(rng, n, shift=0.0, war_rate=1.0):
    return {
        "final_military": rng.lognormal(0.0 + shift, 0.5, 8 * n),
        "final_gdp": rng.lognormal(3.0, 0.3, 8 * n),
        "wars_per_run": rng.poisson(war_rate, n),
    }


def test_agreement_passes_for_samples_of_one_distribution():
    rng = np.random.default_rng(1)
    table = assert_agreement(sample(rng, 400), sample(rng, 300))
    assert list(table.columns) == ["statistic", "test", "value", "p_value", "passes"]
    assert list(table["statistic"]) == [
        "final_military", "final_gdp", "wars_per_run", "final_military", "final_gdp",
        "wars_per_run",
    ]  # fmt: skip
    assert table["passes"].dtype == bool


def test_agreement_statistics_are_the_textbook_ones():
    rng = np.random.default_rng(2)
    a, b = sample(rng, 300), sample(rng, 250, shift=0.02)
    table = agreement(a, b).set_index(["statistic", "test"])
    ks = stats.ks_2samp(a["final_military"], b["final_military"])
    assert table.loc[("final_military", "ks"), "value"] == pytest.approx(ks.statistic)
    assert table.loc[("final_military", "ks"), "p_value"] == pytest.approx(ks.pvalue)
    x, y = a["wars_per_run"], b["wars_per_run"]
    z = (x.mean() - y.mean()) / math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
    assert table.loc[("wars_per_run", "z_mean"), "value"] == pytest.approx(z)
    assert table.loc[("wars_per_run", "z_mean"), "p_value"] == pytest.approx(
        2 * stats.norm.sf(abs(z))
    )


@pytest.mark.parametrize(
    ("kw", "failing"),
    [
        ({"shift": 0.3}, "final_military"),
        ({"war_rate": 1.6}, "wars_per_run"),
    ],
)
def test_agreement_rejects_samples_of_different_distributions(kw, failing):
    rng = np.random.default_rng(3)
    table = agreement(sample(rng, 400), sample(rng, 400, **kw))
    assert not table[table.statistic == failing]["passes"].any()
    with pytest.raises(AssertionError, match="disagree"):
        assert_agreement(sample(rng, 400), sample(rng, 400, **kw))


def test_sparse_war_counts_are_merged_until_expected_counts_reach_five():
    a = np.array([0] * 50 + [1] * 30 + [2] * 6 + [3] * 2 + [7])
    b = np.array([0] * 45 + [1] * 35 + [2] * 5 + [4] * 3)
    table = merged(a, b)
    assert table.sum() == a.size + b.size
    assert table[0].sum() == a.size and table[1].sum() == b.size
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    assert expected.min() >= 5
    assert table.shape[1] == 3  # {0}, {1}, {2, 3, 4, 7}


def test_all_runs_without_war_give_one_bin_and_no_rejection():
    rng = np.random.default_rng(4)
    a, b = sample(rng, 50, war_rate=0.0), sample(rng, 50, war_rate=0.0)
    row = agreement(a, b).set_index(["statistic", "test"]).loc[("wars_per_run", "chi2")]
    assert row["p_value"] == 1.0 and row["passes"]
    z = agreement(a, b).set_index(["statistic", "test"]).loc[("wars_per_run", "z_mean")]
    assert z["value"] == 0.0


def test_constant_samples_with_different_means_give_infinite_z():
    a = {"final_military": [1.0, 1.0], "final_gdp": [1.0, 2.0], "wars_per_run": [1, 1]}
    b = {"final_military": [1.0, 1.0], "final_gdp": [1.0, 2.0], "wars_per_run": [0, 0]}
    z = agreement(a, b).set_index(["statistic", "test"]).loc[("wars_per_run", "z_mean")]
    assert z["value"] == math.inf and not z["passes"]


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ({"final_military": [1.0, 2.0]}, "lacks keys"),
        ({"final_military": [1.0], "final_gdp": [1, 2], "wars_per_run": [1, 2]}, "at least 2"),
        ({"final_military": [1.0, 2], "final_gdp": [1, 2], "wars_per_run": [0.5, 2]}, "integers"),
        ([1, 2, 3], "mapping"),
    ],
)
def test_agreement_rejects_malformed_samples(bad, match):
    good = {"final_military": [1.0, 2.0], "final_gdp": [1.0, 2.0], "wars_per_run": [0, 1]}
    with pytest.raises(ValueError, match=match):
        agreement(bad, good)


def test_sample_from_trajectory_pools_the_last_year_over_states():
    traj = simulate(Params.core(), states=3, runs=7, years=10, seed=0)
    s = sample_from_trajectory(traj)
    assert s["final_military"].shape == (21,) and s["wars_per_run"].shape == (7,)
    np.testing.assert_array_equal(s["final_gdp"], traj.array("gdp")[:, -1].ravel())


def test_check_probabilities_names_the_bad_value():
    assert check_probabilities([0.0, 0.5, 1.0], "p").tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(AssertionError, match=r"p_war\[1\] = .*1.5"):
        check_probabilities([0.2, 1.5], "p_war")
    with pytest.raises(AssertionError, match="p_crisis"):
        check_probabilities(np.nan, "p_crisis")


def make(military=None, gdp=None, greedy=None, share=None, events=None):
    m = np.full((2, 4, 2), 0.5) if military is None else military
    y = np.full((2, 4, 2), 10.0) if gdp is None else gdp
    g = np.array([[False, True], [False, False]]) if greedy is None else greedy
    return Trajectory.from_arrays(m, y, g, budget_share=share, events=events)


def war_events(label="deterrence_failure", winner=1, crisis_first=True, initiator=1):
    rows = [
        {"run": 0, "year": 2, "kind": "crisis", "initiator": initiator, "target": 0,
         "winner": -1, "label": None},
        {"run": 0, "year": 2, "kind": "war", "initiator": initiator, "target": 0,
         "winner": winner, "label": label},
    ]  # fmt: skip
    return pd.DataFrame(rows if crisis_first else rows[::-1])


def test_check_invariants_accepts_valid_trajectories():
    check_invariants(make())
    check_invariants(make(events=war_events()))
    check_invariants(simulate(Params.core(crisis_base_rate=0.2), states=3, runs=5, years=20,
                              seed=0))  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"military": np.full((2, 4, 2), -0.1)}, "military"),
        ({"gdp": np.full((2, 4, 2), np.nan)}, "gdp"),
        ({"military": np.full((2, 4, 2), np.inf)}, "military"),
        ({"share": np.full((2, 4, 2), 0.5)}, "exceeds the cap"),
        ({"share": np.full((2, 4, 2), -0.5)}, "budget_share"),
        ({"events": war_events(label="security_dilemma_war")}, "label"),
        ({"events": war_events(winner=2)}, "winner"),
        ({"events": war_events(crisis_first=False)}, "crisis row"),
        ({"events": war_events(initiator=0)}, "own target"),
    ],
)
def test_check_invariants_catches_violations(kwargs, match):
    with pytest.raises(AssertionError, match=match):
        check_invariants(make(**kwargs))


def test_check_invariants_catches_events_out_of_range_or_unsorted():
    ev = war_events()
    for column, value, match in (("run", 5, "run"), ("year", 9, "year"), ("target", 3, "target")):
        bad = ev.copy()
        bad[column] = value
        with pytest.raises(AssertionError, match=match):
            check_invariants(make(events=bad))
    later = pd.DataFrame([{"run": 1, "year": 1, "kind": "crisis", "initiator": 0, "target": 1,
                           "winner": -1, "label": None}])  # fmt: skip
    with pytest.raises(AssertionError, match="sorted"):
        check_invariants(make(events=pd.concat([later, ev], ignore_index=True)))
    crisis_with_winner = ev.iloc[:1].copy()
    crisis_with_winner["winner"] = 1
    with pytest.raises(AssertionError, match="crisis row"):
        check_invariants(make(events=crisis_with_winner))


def test_assert_trajectories_equal_names_what_differs():
    a = make()
    assert_trajectories_equal(a, make())
    with pytest.raises(AssertionError, match="military differs first at"):
        assert_trajectories_equal(a, make(military=np.full((2, 4, 2), 0.6)))
    with pytest.raises(AssertionError, match="shape"):
        assert_trajectories_equal(a, make(military=np.full((2, 5, 2), 0.5),
                                          gdp=np.full((2, 5, 2), 10.0)))  # fmt: skip
    with pytest.raises(AssertionError, match="greedy"):
        assert_trajectories_equal(a, make(greedy=np.zeros((2, 2), bool)))
    with pytest.raises(AssertionError, match="events differ"):
        assert_trajectories_equal(make(events=war_events()), a)


def test_measure_speed_reports_state_steps_per_second():
    speed = measure_speed(states=3, runs=20, years=10, chunk_size=8)
    assert set(speed) == {
        "seconds", "state_steps_per_s", "draws_seconds", "draws_state_steps_per_s",
        "ratio_to_draws",
    }  # fmt: skip
    assert speed["state_steps_per_s"] == pytest.approx(3 * 20 * 10 / speed["seconds"])
    assert speed["draws_seconds"] > 0

"""Arms races pair by pair, their onsets, and the arms-race/war odds ratio of disputes."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis import (
    EPISODE_COLUMNS,
    METRIC_COLUMNS,
    Z95,
    arms_race_runs,
    bootstrap_mean_interval,
    clustered_share_interval,
    disputes,
    odds_ratio,
    race_episodes,
    race_onset_rate,
    race_onset_timing,
    race_war_odds,
    rivalry_metrics,
)
from realpolitik.analysis import rivalry as rivalry_module
from realpolitik.engine import Params, simulate


def paths(grow: dict[tuple[int, int], list[int]], runs: int, states: int, horizon: int,
          rate: float = 0.10) -> np.ndarray:  # fmt: skip
    """Military (runs, horizon + 1, states): 1 in year 0, growing by `rate` in the listed
    years of each (run, state), flat otherwise."""
    factor = np.ones((runs, horizon + 1, states))
    for (run, state), years in grow.items():
        factor[run, years, state] = 1.0 + rate
    return np.cumprod(factor, axis=1)


def naive_episodes(m: np.ndarray, growth: float = 0.08, years: int = 3) -> list[tuple[int, ...]]:
    """The definition, one pair and year at a time (the reference for the vectorised code)."""
    out = []
    runs, horizon, states = m.shape[0], m.shape[1] - 1, m.shape[2]
    for r in range(runs):
        for i in range(states):
            for j in range(i + 1, states):
                streak = 0
                for t in range(1, horizon + 2):
                    both = t <= horizon and all(
                        m[r, t, k] >= (1 + growth) * m[r, t - 1, k] and m[r, t, k] > 0
                        for k in (i, j)
                    )
                    if both:
                        streak += 1
                        continue
                    if streak >= years:
                        out.append((r, i, j, t - streak, t - 1))
                    streak = 0
    return out


def as_tuples(episodes: pd.DataFrame) -> list[tuple[int, ...]]:
    return [tuple(int(x) for x in row) for row in episodes[list(EPISODE_COLUMNS)].to_numpy()]


def event_rows(rows: list[tuple[int, int, str, int, int]]) -> pd.DataFrame:
    """Events from (run, year, kind, initiator, target)."""
    return pd.DataFrame(rows, columns=["run", "year", "kind", "initiator", "target"])


# -- episodes ---------------------------------------------------------------------------------
def test_hand_built_races_have_exact_onsets_and_ends():
    m = paths(
        {
            (0, 0): [2, 3, 4, 5, 8, 9],  # states 0 and 1: years 2-5 (a race), 8-9 (too short)
            (0, 1): [2, 3, 4, 5, 8, 9],
            (0, 2): [11, 12, 13, 14],  # state 2 arms alone: no race
            (1, 0): [1, 2, 3, 5, 6, 7],  # run 1, states 0 and 2: years 1-3 and 5-7, a gap at 4
            (1, 2): [1, 2, 3, 5, 6, 7],
        },
        runs=2, states=3, horizon=14,
    )  # fmt: skip
    got = race_episodes(m)
    assert list(got.columns) == list(EPISODE_COLUMNS)
    assert as_tuples(got) == [(0, 0, 1, 2, 5), (1, 0, 2, 1, 3), (1, 0, 2, 5, 7)]
    assert as_tuples(got) == naive_episodes(m)


def test_a_race_needs_all_three_years_and_both_sides():
    two = paths({(0, 0): [4, 5], (0, 1): [4, 5]}, runs=1, states=2, horizon=10)
    assert race_episodes(two).empty
    three = paths({(0, 0): [4, 5, 6], (0, 1): [4, 5, 6]}, runs=1, states=2, horizon=10)
    assert as_tuples(race_episodes(three)) == [(0, 0, 1, 4, 6)]
    one_side = paths({(0, 0): list(range(1, 11))}, runs=1, states=2, horizon=10)
    assert race_episodes(one_side).empty
    assert as_tuples(race_episodes(three, years=4)) == []
    assert as_tuples(race_episodes(two, years=2)) == [(0, 0, 1, 4, 5)]


def test_the_threshold_is_eight_percent_inclusive_and_zero_military_never_grows():
    at = paths({(0, 0): [1, 2, 3], (0, 1): [1, 2, 3]}, 1, 2, 5, rate=0.08)
    below = paths({(0, 0): [1, 2, 3], (0, 1): [1, 2, 3]}, 1, 2, 5, rate=0.0799)
    assert len(race_episodes(at)) == 1 and race_episodes(below).empty
    assert len(race_episodes(below, growth=0.07)) == 1
    assert race_episodes(np.zeros((1, 6, 2))).empty


def test_bad_race_options_are_named():
    m = np.ones((1, 5, 2))
    with pytest.raises(ValueError, match=re.escape("growth = -0.1")):
        race_episodes(m, growth=-0.1)
    with pytest.raises(ValueError, match="years = 0"):
        race_episodes(m, years=0)
    with pytest.raises(ValueError, match="window = -1"):
        race_war_odds(m, event_rows([]), window=-1)


@pytest.fixture(scope="module")
def traj():
    return simulate(Params.core(), states=5, runs=60, years=40, seed=11)


def test_episodes_of_a_simulation_match_the_definition_and_the_run_level_races(traj):
    m = traj.array("military")
    got = race_episodes(traj.data["military"])
    assert as_tuples(got) == naive_episodes(m)
    assert len(got) > 0
    raced = np.zeros(traj.runs, bool)
    raced[got["run"].to_numpy()] = True
    np.testing.assert_array_equal(raced, arms_race_runs(m))


def test_blocks_of_runs_give_the_same_answers(traj, monkeypatch):
    m = traj.array("military")
    whole = (race_episodes(m), race_war_odds(m, traj.events))
    monkeypatch.setattr(rivalry_module, "BLOCK", 7)
    pd.testing.assert_frame_equal(race_episodes(m), whole[0])
    assert race_war_odds(m, traj.events) == whole[1]


# -- onsets -----------------------------------------------------------------------------------
def test_the_onset_rate_is_per_pair_century_with_a_run_bootstrap():
    episodes = pd.DataFrame({"run": [0, 0, 2, 2, 2, 3], "onset": [1, 5, 9, 20, 30, 40]})
    rate = race_onset_rate(episodes, runs=4, states=3, years=50)
    assert rate.value == pytest.approx(6 / (4 * 3 * 50 / 100))  # 4 runs x 3 pairs x 50 years
    lo, hi = bootstrap_mean_interval(np.array([2, 0, 3, 1]))
    assert (rate.lo, rate.hi) == pytest.approx((lo * 100 / 150, hi * 100 / 150))
    assert rate.lo <= rate.value <= rate.hi and rate.method == "bootstrap"
    assert (rate.onsets, rate.pairs, rate.years) == (6, 3, 50)
    assert race_onset_rate(episodes, 4, 3, 50) == rate  # the seed is fixed
    many = pd.DataFrame({"run": np.random.default_rng(0).integers(0, 80, 150)})
    assert race_onset_rate(many, 80, 3, 50) == race_onset_rate(many, 80, 3, 50)
    assert race_onset_rate(many, 80, 3, 50, seed=1) != race_onset_rate(many, 80, 3, 50)


def test_no_onset_anywhere_gives_the_exact_poisson_interval():
    rate = race_onset_rate(pd.DataFrame({"run": []}), runs=100, states=4, years=50)
    assert rate.value == 0.0 and rate.lo == 0.0 and rate.method == "exact Poisson"
    assert rate.hi == pytest.approx(-math.log(0.025) / 100 * 100 / (6 * 50))
    with pytest.raises(ValueError, match="states = 1"):
        race_onset_rate(pd.DataFrame({"run": []}), runs=1, states=1, years=50)
    with pytest.raises(ValueError, match=re.escape("outside 0..1")):
        race_onset_rate(pd.DataFrame({"run": [2]}), runs=2, states=2, years=5)


def test_onset_timing_compares_the_early_share_with_the_share_of_years():
    episodes = pd.DataFrame({"run": [0, 0, 1, 2, 3], "onset": [1, 30, 5, 20, 40]})
    timing = race_onset_timing(episodes, runs=4, horizon=52)  # onsets possible in years 1..50
    assert timing.expected == pytest.approx(10 / 50)
    assert (timing.early, timing.onsets, timing.share) == (2, 5, pytest.approx(0.4))
    assert timing.ratio == pytest.approx(2.0)
    _, lo, hi = clustered_share_interval(np.array([1, 1, 0, 0]), np.array([2, 1, 1, 1]))
    assert (timing.lo, timing.hi) == pytest.approx((lo / 0.2, hi / 0.2))
    assert timing.lo <= timing.ratio <= timing.hi
    short = race_onset_timing(episodes, runs=4, horizon=12)  # every onset year is early
    assert math.isnan(short.ratio) and short.expected == 1.0
    assert math.isnan(race_onset_timing(episodes.iloc[:0], runs=4, horizon=52).ratio)


def test_the_hazard_core_races_are_the_start_up_climb(traj):
    # the core model starts below its Richardson levels: every race begins in the first years
    timing = race_onset_timing(race_episodes(traj.array("military")), traj.runs, traj.years)
    assert timing.onsets > 20 and timing.lo > 1.0


# -- disputes and the odds ratio ----------------------------------------------------------------
def test_disputes_count_a_crisis_that_became_war_once_and_wars_without_crisis():
    events = event_rows([(0, 5, "crisis", 1, 0), (0, 5, "war", 1, 0), (0, 6, "war", 0, 1),
                         (1, 6, "crisis", 2, 0), (0, 5, "crisis", 2, 1)])  # fmt: skip
    got = disputes(events, runs=2, states=3)
    assert got["run"].tolist() == [0, 0, 0, 1]
    assert got["year"].tolist() == [5, 5, 6, 6]
    assert list(zip(got["i"].tolist(), got["j"].tolist(), strict=True)) == [
        (0, 1), (1, 2), (0, 1), (0, 2)]  # fmt: skip
    assert got["war"].tolist() == [True, False, True, False]
    with pytest.raises(ValueError, match="lack columns \\['target'\\]"):
        disputes(events.drop(columns="target"), 2, 3)
    with pytest.raises(ValueError, match=re.escape("'initiator' holds states outside 0..1")):
        disputes(events, 2, 2)


def test_the_odds_ratio_is_ad_over_bc_with_a_correction_for_empty_cells():
    assert float(odds_ratio(3, 5, 7, 11)) == pytest.approx(3 * 11 / (5 * 7))
    assert float(odds_ratio(0, 5, 7, 11)) == pytest.approx(0.5 * 11.5 / (5.5 * 7.5))
    assert math.isnan(float(odds_ratio(0, 0, 7, 11)))  # nobody raced: no association to see
    assert math.isnan(float(odds_ratio(0, 5, 0, 11)))  # no war
    np.testing.assert_allclose(odds_ratio([1, 2], [1, 1], [1, 1], [1, 2]), [1.0, 4.0])


def hand_odds_case() -> tuple[np.ndarray, pd.DataFrame]:
    m = paths({(0, 0): [3, 4, 5, 6], (0, 1): [3, 4, 5, 6]}, runs=2, states=2, horizon=20)
    events = event_rows([
        (0, 2, "war", 0, 1),  # preventive war before the race: unexposed, war (c)
        (0, 5, "crisis", 0, 1), (0, 5, "war", 0, 1),  # during the race: exposed, war (a)
        (0, 11, "crisis", 1, 0),  # 5 years after the race's last year 6: exposed, no war (b)
        (0, 12, "crisis", 0, 1),  # 6 years after: unexposed, no war (d)
        (1, 4, "crisis", 0, 1), (1, 4, "war", 0, 1),  # run 1 has no race (c)
        (1, 8, "crisis", 0, 1), (1, 9, "crisis", 1, 0),  # (d), (d)
    ])  # fmt: skip
    return m, events


def test_the_race_war_odds_ratio_of_a_hand_made_table():
    m, events = hand_odds_case()
    odds = race_war_odds(m, events)
    assert (odds.a, odds.b, odds.c, odds.d) == (1, 1, 2, 3)
    assert odds.odds_ratio == pytest.approx(1 * 3 / (1 * 2))
    half = Z95 * math.sqrt(1 + 1 + 1 / 2 + 1 / 3)
    assert (odds.woolf_lo, odds.woolf_hi) == pytest.approx((1.5 * math.exp(-half),
                                                            1.5 * math.exp(half)))  # fmt: skip
    assert (odds.disputes, odds.runs) == (7, 2)
    narrow = race_war_odds(m, events, window=0)  # only the dispute's own year counts
    assert (narrow.a, narrow.b, narrow.c, narrow.d) == (1, 0, 2, 4)
    with pytest.raises(ValueError, match=re.escape("'year' holds years outside 1..20")):
        race_war_odds(m, event_rows([(0, 21, "crisis", 0, 1)]))


def test_odds_intervals_hold_the_point_and_the_bootstrap_is_reproducible():
    rng = np.random.default_rng(5)
    runs, horizon = 200, 30
    m = np.cumprod(1.0 + rng.choice([0.0, 0.1], p=[0.3, 0.7], size=(runs, horizon + 1, 3)), 1)
    rows = [(r, y, "crisis", *rng.permutation(3)[:2]) for r in range(runs)
            for y in rng.choice(np.arange(1, horizon + 1), 4, replace=False)]  # fmt: skip
    events = event_rows(rows)
    wars = events.sample(frac=0.3, random_state=1).assign(kind="war")
    events = pd.concat([events, wars], ignore_index=True)
    odds = race_war_odds(m, events)
    assert min(odds.a, odds.b, odds.c, odds.d) > 10
    assert odds.woolf_lo < odds.odds_ratio < odds.woolf_hi
    assert odds.lo < odds.odds_ratio < odds.hi
    assert race_war_odds(m, events) == odds
    other = race_war_odds(m, events, seed=3)
    assert (other.lo, other.hi) != (odds.lo, odds.hi) and other.odds_ratio == odds.odds_ratio


# -- the tidy table ----------------------------------------------------------------------------
def test_rivalry_metrics_of_a_simulation_are_the_functions(traj):
    table = rivalry_metrics(traj.data, traj.events).set_index("metric")
    assert list(table.reset_index().columns) == list(METRIC_COLUMNS)
    m = traj.array("military")
    episodes = race_episodes(m)
    rate = race_onset_rate(episodes, traj.runs, traj.states, traj.years)
    odds = race_war_odds(m, traj.events)
    assert tuple(table.loc["race_onsets_per_pair_century", ["value", "lo", "hi"]]) == (
        rate.value, rate.lo, rate.hi)  # fmt: skip
    assert table.loc["race_war_odds_ratio", "n"] == odds.disputes
    assert table.loc["race_war_odds_ratio_woolf", "hi"] == odds.woolf_hi
    pd.testing.assert_frame_equal(
        rivalry_metrics(traj.data, traj.event_arrays()), table.reset_index()
    )


def test_rivalry_metrics_need_consecutive_years(traj):
    strided = traj.data.isel(year=slice(0, None, 2))
    with pytest.raises(ValueError, match="consecutive years"):
        rivalry_metrics(strided, traj.events)


@settings(max_examples=40, deadline=None)
@given(
    runs=st.integers(1, 4),
    horizon=st.integers(0, 12),
    states=st.integers(2, 4),
    seed=st.integers(0, 2**16),
    n_events=st.integers(0, 12),
)
def test_rates_are_nonnegative_shares_in_the_unit_interval_and_episodes_exact(
    runs, horizon, states, seed, n_events
):
    rng = np.random.default_rng(seed)
    growth = rng.choice([0.0, 0.05, 0.08, 0.2, -1.0], size=(runs, horizon + 1, states))
    m = np.cumprod(1.0 + growth, axis=1)  # -1: a state wiped out (military 0)
    assert as_tuples(race_episodes(m)) == naive_episodes(m)
    rows = [(int(rng.integers(runs)), int(rng.integers(1, horizon + 1)),
             str(rng.choice(["crisis", "war"])), *rng.permutation(states)[:2].tolist())
            for _ in range(n_events if horizon else 0)]  # fmt: skip
    data = xr.Dataset({"military": (("run", "year", "state"), m)})
    table = rivalry_metrics(data, event_rows(rows), resamples=200).set_index("metric")
    rate = table.loc["race_onsets_per_pair_century"]
    assert 0.0 <= rate["lo"] <= rate["value"] <= rate["hi"]
    timing = race_onset_timing(race_episodes(m), runs, horizon)
    assert math.isnan(timing.share) or 0.0 <= timing.share <= 1.0
    assert math.isnan(timing.ratio) or 0.0 <= timing.lo <= timing.ratio <= timing.hi
    for name in ("race_war_odds_ratio", "race_war_odds_ratio_woolf"):
        values = table.loc[name, ["value", "lo", "hi"]].to_numpy(dtype=float)
        assert np.all(np.isnan(values) | (values >= 0.0))

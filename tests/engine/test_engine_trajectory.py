"""Trajectory: immutable record, event table, outcome metrics, save and load."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest

from realpolitik.engine import LABELS, Params, Trajectory, simulate
from realpolitik.engine.trajectory import arms_race_runs, wilson_interval

Z = 1.959963984540054


@pytest.fixture(scope="module")
def traj():
    return simulate(
        Params.core(crisis_base_rate=0.1, war_given_crisis=0.3),
        states=4,
        runs=30,
        years=40,
        seed=5,
        chunk_size=8,
    )


def hand_made(military, gdp=None, greedy=None, events=None):
    military = np.asarray(military, dtype=float)
    R, _, N = military.shape
    gdp = np.full_like(military, 10.0) if gdp is None else gdp
    greedy = np.zeros((R, N), bool) if greedy is None else greedy
    return Trajectory.from_arrays(military, gdp, greedy, events=events, meta={"seed": 7})


# -- Wilson interval ---------------------------------------------------------------------------
@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (1, 1000), (500, 1000)])
def test_wilson_interval_solves_the_score_equation(k, n):
    # the Wilson bounds are the p with (k/n - p)^2 = z^2 p (1 - p) / n
    phat = k / n
    roots = np.sort(np.roots([1 + Z**2 / n, -(2 * phat + Z**2 / n), phat**2]).real)
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(max(0.0, roots[0]), abs=1e-12)
    assert hi == pytest.approx(min(1.0, roots[1]), abs=1e-12)
    assert 0.0 <= lo <= phat <= hi <= 1.0


def test_wilson_interval_of_no_trials_is_uninformative():
    assert wilson_interval(0, 0) == (0.0, 1.0)


# -- arms races (Diehl: both sides >= 8% a year for 3 consecutive years) ----------------------
def series(growth_by_year, years=10, start=1.0):
    """Military path with the given growth factor in the listed years (else flat)."""
    out = [start]
    for t in range(1, years + 1):
        out.append(out[-1] * growth_by_year.get(t, 1.0))
    return out


def race(*paths):
    return np.array(paths, dtype=float).T[None]  # (1 run, years + 1, states)


def test_both_sides_growing_8_percent_for_three_years_is_an_arms_race():
    up = {3: 1.08, 4: 1.08, 5: 1.08}
    m = race(series(up), series(up), series({}))
    assert arms_race_runs(m).tolist() == [True]


def test_two_years_of_growth_are_not_an_arms_race():
    m = race(series({3: 1.1, 4: 1.1, 5: 1.1}), series({3: 1.1, 4: 1.1, 6: 1.1}))
    assert arms_race_runs(m).tolist() == [False]


def test_growth_just_below_8_percent_is_not_an_arms_race():
    up = {3: 1.079, 4: 1.079, 5: 1.079}
    assert arms_race_runs(race(series(up), series(up))).tolist() == [False]


def test_the_two_sides_must_grow_in_the_same_three_years():
    m = race(series({1: 1.2, 2: 1.2, 3: 1.2}), series({4: 1.2, 5: 1.2, 6: 1.2}))
    assert arms_race_runs(m).tolist() == [False]


def test_one_state_racing_alone_is_not_an_arms_race_and_zeros_do_not_grow():
    up = {2: 1.5, 3: 1.5, 4: 1.5}
    m = race(series(up), series({}, start=0.0), series({}, start=0.0))
    assert arms_race_runs(m).tolist() == [False]


def test_arms_race_share_is_the_share_of_runs_with_a_race():
    up = {3: 1.1, 4: 1.1, 5: 1.1}
    runs = [race(series(up), series(up))[0], race(series(up), series({}))[0]] * 2
    traj = hand_made(np.stack(runs))
    row = traj.metrics().set_index("metric").loc["arms_race_share"]
    assert row["value"] == 0.5
    assert (row["lo"], row["hi"]) == pytest.approx(wilson_interval(2, 4))


# -- metrics on a hand-made event table -------------------------------------------------------
def test_metrics_on_a_hand_made_trajectory():
    R, T, N = 5, 10, 3
    military = np.full((R, T + 1, N), 0.5)
    gdp = np.full((R, T + 1, N), 10.0)  # burden 0.05 everywhere
    events = pd.DataFrame(
        {
            "run": [0, 0, 0, 0, 2, 2, 4],
            "year": [3, 3, 8, 8, 7, 7, 9],
            "kind": ["crisis", "war", "crisis", "war", "crisis", "war", "crisis"],
            "initiator": [0, 0, 1, 1, 2, 2, 0],
            "target": [1, 1, 2, 2, 0, 0, 2],
            "winner": [-1, 1, -1, 1, -1, 2, -1],
            "label": [None, "security_dilemma_war", None, "security_dilemma_war", None,
                      "security_dilemma_war", None],
        }
    )  # fmt: skip
    traj = hand_made(military, gdp, events=events)
    np.testing.assert_array_equal(traj.wars_per_run(), [2, 0, 1, 0, 0])
    np.testing.assert_array_equal(traj.first_war_year(), [3, -1, 7, -1, -1])
    m = traj.metrics().set_index("metric")
    assert list(m.columns) == ["value", "lo", "hi", "n"]
    assert m.loc["p_any_war", "value"] == pytest.approx(2 / 5)
    assert (m.loc["p_any_war", "lo"], m.loc["p_any_war", "hi"]) == pytest.approx(
        wilson_interval(2, 5)
    )
    assert m.loc["wars_per_run", "value"] == pytest.approx(3 / 5)
    assert 0.0 <= m.loc["wars_per_run", "lo"] <= 0.6 <= m.loc["wars_per_run", "hi"] <= 2.0
    assert m.loc["mean_burden", "value"] == pytest.approx(0.05)
    assert m.loc["time_to_first_war", "value"] == pytest.approx(5.0)
    assert m.loc["time_to_first_war", "n"] == 2
    sd = np.std([3, 7], ddof=1)
    assert m.loc["time_to_first_war", "hi"] == pytest.approx(5.0 + Z * sd / math.sqrt(2))
    assert m.loc["time_to_first_war_censored", "value"] == pytest.approx(3 / 5)
    assert m.loc["arms_race_share", "value"] == 0.0


def test_bootstrap_interval_of_wars_per_run_is_reproducible_and_covers_the_mean(traj):
    a, b = traj.metrics(), traj.metrics()
    pd.testing.assert_frame_equal(a, b)
    row = a.set_index("metric").loc["wars_per_run"]
    assert row["lo"] < row["value"] < row["hi"]
    # a bootstrap interval is about mean +- 1.96 standard errors
    w = traj.wars_per_run()
    se = w.std(ddof=1) / math.sqrt(w.size)
    assert row["hi"] - row["lo"] == pytest.approx(2 * Z * se, rel=0.25)


def test_no_war_gives_nan_time_to_first_war_and_full_censoring():
    traj = hand_made(np.ones((3, 5, 2)))
    m = traj.metrics().set_index("metric")
    assert math.isnan(m.loc["time_to_first_war", "value"]) and m.loc["time_to_first_war", "n"] == 0
    assert m.loc["time_to_first_war_censored", "value"] == 1.0
    assert m.loc["p_any_war", "value"] == 0.0


# -- data and events --------------------------------------------------------------------------
def test_data_has_the_documented_dims_variables_and_year_zero(traj):
    ds = traj.data
    assert dict(ds.sizes) == {"run": 30, "year": 41, "state": 4}
    assert set(ds.data_vars) == {"military", "gdp", "budget_share", "greedy", "growth"}
    assert ds["greedy"].dims == ("run", "state") and ds["greedy"].dtype == bool
    assert np.isnan(ds["budget_share"].sel(year=0)).all()
    share = ds["budget_share"].sel(year=slice(1, None)).values
    assert np.all((share >= 0) & (share <= 0.1 + 1e-12))


def test_events_table_has_a_crisis_row_for_every_crisis_and_a_war_row_for_each_war(traj):
    ev = traj.events
    assert list(ev.columns) == [
        "run", "year", "kind", "initiator", "target", "participants", "winner",
        "initiator_name", "target_name", "winner_name", "label",
        "misperceived", "nuclear", "conceded", "rung",
    ]  # fmt: skip
    assert not ev[["misperceived", "nuclear", "conceded"]].any().any()  # core: no flags
    assert (ev.rung == 0).all() and ev.rung.dtype == np.int8
    crises, wars = ev[ev.kind == "crisis"], ev[ev.kind == "war"]
    assert len(wars) > 0 and len(crises) >= len(wars)
    assert (crises.winner == -1).all() and crises.label.isna().all()
    key = ["run", "year", "initiator", "target"]
    merged = wars[key].merge(crises[key], on=key, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert set(wars.label) <= set(LABELS)
    assert ((wars.winner == wars.initiator) | (wars.winner == wars.target)).all()
    assert all(
        list(p) == [i, t] for p, i, t in zip(ev.participants, ev.initiator, ev.target, strict=True)
    )
    greedy = traj.array("greedy")
    for row in wars.itertuples():
        gi, gt = greedy[row.run, row.initiator], greedy[row.run, row.target]
        want = "deterrence_failure" if gi else "justified_preemption" if gt else (
            "security_dilemma_war")  # fmt: skip
        assert row.label == want


# -- immutability -----------------------------------------------------------------------------
def test_trajectory_is_immutable(traj):
    with pytest.raises(AttributeError):
        traj.meta = {}
    with pytest.raises(AttributeError):
        del traj._params
    with pytest.raises(ValueError):
        traj.array("military")[0, 0, 0] = -1.0
    with pytest.raises(TypeError):
        Trajectory()
    ds = traj.data
    ds["military"] = ds["military"] * 0
    assert traj.data["military"].values.max() > 0
    ev = traj.events
    ev.loc[:, "winner"] = 99
    assert (traj.events.winner != 99).all()
    meta = traj.meta
    meta["seed"] = -5
    assert traj.seed == 5
    with pytest.raises(ValueError, match="unknown variable"):
        traj.array("nuclear")


def test_repr_and_pickle(traj):
    text = repr(traj)
    assert "runs=30" in text and "seed=5" in text and "wars=" in text
    again = pickle.loads(pickle.dumps(traj))
    assert again == traj and again is not traj
    assert traj != object()


# -- persistence ------------------------------------------------------------------------------
def test_save_and_load_round_trip(traj, tmp_path):
    out = traj.save(tmp_path / "run")
    assert {p.name for p in out.iterdir()} == {"data.nc", "events.parquet", "meta.json"}
    meta = json.loads((out / "meta.json").read_text())
    assert meta["params"] == traj.params.to_dict()
    for key in ("seed", "runs", "years", "states", "chunk_size", "realpolitik_version"):
        assert key in meta
    assert meta["chunk_size"] == 8
    assert meta["resolved_params"]["k"] == [0.2 / 3] * 4  # kappa / (N - 1), per state
    assert meta["resolved_params"]["crisis_base_rate"] == 0.1
    back = Trajectory.load(out)
    assert back == traj
    pd.testing.assert_frame_equal(back.events, traj.events)
    pd.testing.assert_frame_equal(back.metrics(), traj.metrics())
    assert back.meta == traj.meta


def test_save_and_load_float32_and_no_cap(tmp_path):
    params = Params.core(military_cap_share=[0.1, math.inf, 0.2])
    traj = simulate(params, states=3, runs=5, years=6, seed=1, dtype="float32")
    back = Trajectory.load(traj.save(tmp_path))
    assert back == traj and back.array("gdp").dtype == np.float32
    assert back.params.military_cap_share[1] == math.inf


@pytest.mark.parametrize("name", ["data.nc", "events.parquet", "meta.json"])
def test_missing_file_names_the_file(traj, tmp_path, name):
    traj.save(tmp_path)
    (tmp_path / name).unlink()
    with pytest.raises(FileNotFoundError, match=name):
        Trajectory.load(tmp_path)


@pytest.mark.parametrize("name", ["data.nc", "events.parquet", "meta.json"])
def test_corrupt_file_names_the_file(traj, tmp_path, name):
    traj.save(tmp_path)
    (tmp_path / name).write_bytes(b"this is not a valid file {")
    with pytest.raises(ValueError, match=f"corrupt trajectory file .*{name}"):
        Trajectory.load(tmp_path)


def test_meta_inconsistent_with_data_is_reported(traj, tmp_path):
    traj.save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    meta["runs"] = 31
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match=r"data\.nc"):
        Trajectory.load(tmp_path)


def test_from_arrays_validates_shapes_and_event_values():
    m = np.ones((2, 3, 2))
    with pytest.raises(ValueError, match="military"):
        Trajectory.from_arrays(np.ones((2, 3)), m, np.zeros((2, 2), bool))
    with pytest.raises(ValueError, match="gdp"):
        Trajectory.from_arrays(m, np.ones((2, 3, 3)), np.zeros((2, 2), bool))
    with pytest.raises(ValueError, match="greedy"):
        Trajectory.from_arrays(m, m, np.zeros((2, 3), bool))
    with pytest.raises(ValueError, match="budget_share"):
        Trajectory.from_arrays(m, m, np.zeros((2, 2), bool), budget_share=np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="growth"):
        Trajectory.from_arrays(m, m, np.zeros((2, 2), bool), growth=np.ones(3))
    bad = {"run": [0], "year": [1], "kind": ["skirmish"], "initiator": [0], "target": [1],
           "winner": [-1], "label": [None]}  # fmt: skip
    with pytest.raises(ValueError, match="kind"):
        Trajectory.from_arrays(m, m, np.zeros((2, 2), bool), events=bad)
    with pytest.raises(ValueError, match="lack columns"):
        Trajectory.from_arrays(m, m, np.zeros((2, 2), bool), events={"run": [0]})
    traj = Trajectory.from_arrays(m, m, np.zeros((2, 2), bool))
    assert traj.seed is None and traj.array("budget_share")[0, 1, 0] == 1.0


def test_label_shares_are_shares_of_all_wars_with_run_clustered_intervals():
    R, T, N = 4, 5, 3
    military = np.full((R, T + 1, N), 1.0)
    labels = ["security_dilemma_war", "deterrence_failure", "security_dilemma_war",
              "justified_preemption"]  # fmt: skip
    events = pd.DataFrame(
        {
            "run": [0, 0, 1, 3],
            "year": [1, 2, 1, 4],
            "kind": ["war"] * 4,
            "initiator": [0, 1, 2, 0],
            "target": [1, 2, 0, 2],
            "winner": [0, 1, 2, 0],
            "label": labels,
        }
    )
    m = hand_made(military, events=events).metrics().set_index("metric")
    assert m.loc["share_security_dilemma_war", "value"] == pytest.approx(2 / 4)
    assert m.loc["share_deterrence_failure", "value"] == pytest.approx(1 / 4)
    assert m.loc["share_justified_preemption", "value"] == pytest.approx(1 / 4)
    assert (m.loc[[f"share_{x}" for x in LABELS], "n"] == 4).all()
    for name in LABELS:
        lo, value, hi = m.loc[f"share_{name}", ["lo", "value", "hi"]]
        assert 0.0 <= lo <= value <= hi <= 1.0
    # shares of the three labels add up to one
    assert m.loc[[f"share_{x}" for x in LABELS], "value"].sum() == pytest.approx(1.0)


def test_label_shares_are_undefined_without_wars():
    m = hand_made(np.ones((2, 3, 2))).metrics().set_index("metric")
    assert m.loc["share_security_dilemma_war", "n"] == 0
    assert math.isnan(m.loc["share_security_dilemma_war", "value"])

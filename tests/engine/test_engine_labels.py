"""Labelled results: state names on the coordinates and the events, calendar years."""

import numpy as np
import pytest

from realpolitik import lab
from realpolitik.engine import Params, Trajectory, simulate


@pytest.fixture(scope="module")
def bipolar():
    prepared = lab.prepare_run("bipolar-nuclear", runs=40, years=12, seed=3)
    return prepared, lab.execute(prepared)


def test_state_coordinate_carries_the_scenario_names_and_years_gain_calendar_years(bipolar):
    prepared, traj = bipolar
    ds = traj.data
    names = list(prepared.scenario.state_names)
    assert list(ds["state"].values) == names and all(isinstance(n, str) for n in names)
    assert list(ds["year"].values) == list(range(13))
    start = prepared.scenario.start_year
    assert start is not None
    assert list(ds["calendar_year"].values) == [start + t - 1 for t in range(13)]
    assert traj.state_names == tuple(names) and traj.start_year == start
    # selecting by name works and is the same as by index
    np.testing.assert_array_equal(
        ds["military"].sel(state=names[1]).values, traj.array("military")[:, :, 1]
    )


def test_events_keep_indices_and_gain_names(bipolar):
    prepared, traj = bipolar
    ev = traj.events
    names = np.array(prepared.scenario.state_names, dtype=object)
    assert len(ev) > 0
    for col in ("initiator", "target"):
        assert ev[col].dtype == np.int64
        assert list(ev[f"{col}_name"].astype(object)) == list(names[ev[col].to_numpy()])
    wars = ev[ev.kind == "war"]
    crises = ev[ev.kind == "crisis"]
    assert list(wars["winner_name"].astype(object)) == list(names[wars["winner"].to_numpy()])
    assert crises["winner_name"].isna().all() and (crises["winner"] == -1).all()


def test_labels_survive_save_and_load(bipolar, tmp_path):
    _, traj = bipolar
    loaded = Trajectory.load(traj.save(tmp_path / "t"))
    assert loaded == traj
    assert loaded.data["state"].identical(traj.data["state"])
    assert loaded.data["calendar_year"].identical(traj.data["calendar_year"])
    assert loaded.events.equals(traj.events)
    import pandas as pd

    stored = pd.read_parquet(tmp_path / "t" / "events.parquet")
    assert list(stored["initiator_name"]) == list(traj.events["initiator_name"].astype(object))


def test_plain_simulation_names_states_by_index_and_counts_years_from_one():
    traj = simulate(Params.core(), states=3, runs=4, years=5, seed=1)
    assert list(traj.data["state"].values) == ["state_0", "state_1", "state_2"]
    assert list(traj.data["calendar_year"].values) == list(range(6))


@pytest.mark.parametrize("names", [["a", "a"], ["a"], ["a", ""], ["a", 3]])
def test_bad_state_names_are_one_clear_error(names):
    with pytest.raises(ValueError, match="state_names"):
        simulate(Params.core(), states=2, runs=2, years=1, seed=0, state_names=names)

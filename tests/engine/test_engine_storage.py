"""engine/storage.py: the saved-trajectory folder, its readers and their named errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from realpolitik.engine import Params, Trajectory, simulate, storage


@pytest.fixture(scope="module")
def traj():
    return simulate(
        Params.core(crisis_base_rate=0.2, war_given_crisis=0.3),
        states=3,
        runs=6,
        years=10,
        seed=4,
    )


def test_the_three_files_and_their_lazy_readers(traj, tmp_path):
    folder = traj.save(tmp_path)
    assert storage.check_files(folder) == folder
    params, meta = storage.read_meta(folder)
    assert params == traj.params and "params" not in meta and meta["runs"] == 6
    with storage.open_data(folder, meta) as ds:
        assert ds["greedy"].dtype == np.int8  # NetCDF has no bool
        assert ds["military"].shape == (6, 11, 3)
    arrays, summaries, _ = storage.read_arrays(folder, meta, ("military", "greedy"))
    np.testing.assert_array_equal(arrays["military"], traj.array("military"))
    assert set(summaries) == set(traj.summary_names)
    events = storage.read_events(folder)
    assert list(events.kind.unique()) <= ["crisis", "war"]
    assert pq.read_schema(folder / "events.parquet").field("participants").type == pa.list_(
        pa.int16()
    )


def test_meta_with_invalid_parameters_names_the_file(traj, tmp_path):
    traj.save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text())
    meta["params"] = {"reaction": "fast"}
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match=r"corrupt trajectory file .*meta\.json"):
        Trajectory.load(tmp_path)


def test_data_without_a_variable_names_the_file(traj, tmp_path):
    traj.save(tmp_path)
    ds = traj.data.drop_vars("gdp")
    ds["greedy"] = ds["greedy"].astype(np.int8)
    (tmp_path / "data.nc").unlink()
    ds.to_netcdf(tmp_path / "data.nc", engine="h5netcdf")
    with pytest.raises(ValueError, match=r"corrupt trajectory file .*data\.nc"):
        Trajectory.load(tmp_path)


def test_events_with_unknown_values_name_the_file(traj, tmp_path):
    traj.save(tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    kinds = pa.array(["skirmish"] * table.num_rows, type=pa.string())
    table = table.set_column(table.schema.get_field_index("kind"), "kind", kinds)
    pq.write_table(table, tmp_path / "events.parquet")
    with pytest.raises(ValueError, match=r"corrupt trajectory file .*events\.parquet"):
        Trajectory.load(tmp_path)


def test_participants_in_any_list_form_are_read_and_checked():
    ini, tgt = np.array([0, 1]), np.array([1, 2])
    for column in ([[0, 1, 2], [1, 2]], pd.Series([(0, 1, 2), np.array([1, 2])])):
        n, joiners = storage.joiners_from_participants(column, ini, tgt)
        assert n.tolist() == [1, 0] and joiners.tolist() == [2]
    empty = np.zeros(0, np.int64)
    assert [a.size for a in storage.joiners_from_participants([], empty, empty)] == [0, 0]
    with pytest.raises(ValueError, match="missing entries"):
        storage.joiners_from_participants([[0, 1], None], ini, tgt)
    with pytest.raises(ValueError, match="must start with"):
        storage.joiners_from_participants([[1, 0], [1, 2]], ini, tgt)

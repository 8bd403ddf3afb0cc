"""Streamed simulation: chunk-by-chunk store, lazy load, chunk-wise metrics, save modes."""

import numpy as np
import pandas as pd
import pytest

from realpolitik import lab
from realpolitik.engine import Trajectory, storage
from realpolitik.engine.stream import simulate_stream

RUNS, YEARS, CHUNK = 50, 12, 16


@pytest.fixture(scope="module")
def prepared():
    # the strategic engine (the scenario's default): its decision metrics are kept by every
    # store, strided and summary-only included
    return lab.prepare_run("bipolar-nuclear", runs=RUNS, years=YEARS, seed=11, streamed=True)


@pytest.fixture(scope="module")
def in_memory(prepared):
    return lab.execute(prepared, chunk_size=CHUNK, dtype="float32")


def stream(prepared, path, **kwargs):
    kwargs.setdefault("chunk_size", CHUNK)
    return lab.execute_stream(prepared, path, **kwargs)


@pytest.fixture(scope="module")
def full(prepared, tmp_path_factory):
    return stream(prepared, tmp_path_factory.mktemp("full") / "t")


def test_streamed_metrics_equal_the_in_memory_metrics(full, in_memory):
    pd.testing.assert_frame_equal(full.metrics(), in_memory.metrics())
    pd.testing.assert_frame_equal(storage.saved_metrics(full.path), in_memory.metrics())


def test_load_is_lazy_labelled_and_equal_to_the_in_memory_record(full, in_memory):
    loaded = Trajectory.load(full.path)
    ds = loaded.data
    assert type(ds["military"].data).__module__.startswith("dask")
    assert ds["military"].dims == ("run", "year", "state")
    for name in ("military", "gdp", "budget_share", "greedy", "growth"):
        np.testing.assert_array_equal(loaded.array(name), in_memory.array(name))
    for name in in_memory.summary_names:
        np.testing.assert_allclose(
            loaded.array(name), in_memory.array(name).astype(np.float32), equal_nan=True
        )
    assert list(ds["state"].values) == list(in_memory.data["state"].values)
    np.testing.assert_array_equal(ds["calendar_year"], in_memory.data["calendar_year"])
    pd.testing.assert_frame_equal(loaded.events, in_memory.events)
    pd.testing.assert_frame_equal(loaded.metrics(), in_memory.metrics())
    assert loaded.years == YEARS and loaded.runs == RUNS
    np.testing.assert_array_equal(loaded.arms_race(), in_memory.arms_race())


def test_the_store_is_identical_whatever_the_number_of_workers(prepared, full, tmp_path):
    two = stream(prepared, tmp_path / "two", workers=2)
    a, b = Trajectory.load(full.path), Trajectory.load(two.path)
    assert a == b
    assert (
        a.data.drop_vars(["military", "gdp", "budget_share"])
        .load()
        .identical(b.data.drop_vars(["military", "gdp", "budget_share"]).load())
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(full.path / "events.parquet"), pd.read_parquet(two.path / "events.parquet")
    )


def test_stride_records_every_kth_year_and_keeps_the_metrics(prepared, in_memory, tmp_path):
    run = stream(prepared, tmp_path / "s", stride=5)
    loaded = Trajectory.load(run.path)
    assert list(loaded.data["year"].values) == [0, 5, 10]
    start = prepared.scenario.start_year
    assert list(loaded.data["calendar_year"].values) == [start - 1, start + 4, start + 9]
    np.testing.assert_array_equal(loaded.array("military"), in_memory.array("military")[:, ::5])
    pd.testing.assert_frame_equal(run.metrics(), in_memory.metrics())
    pd.testing.assert_frame_equal(loaded.metrics(), in_memory.metrics())


def test_summary_keeps_outcomes_only_and_none_keeps_nothing(prepared, in_memory, tmp_path):
    summary = stream(prepared, tmp_path / "sum", save="summary")
    assert not (summary.path / "events.parquet").exists()
    pd.testing.assert_frame_equal(storage.saved_metrics(summary.path), in_memory.metrics())
    with pytest.raises(ValueError, match=r"sum was saved with save='summary'"):
        Trajectory.load(summary.path)
    nothing = stream(prepared, None, save="none")
    assert nothing.path is None
    pd.testing.assert_frame_equal(nothing.metrics(), in_memory.metrics())
    np.testing.assert_array_equal(nothing.array("military"), in_memory.array("military"))
    np.testing.assert_array_equal(nothing.war_year_counts(), in_memory.war_year_counts())


def test_bad_save_and_stride_are_named(prepared, tmp_path):
    with pytest.raises(ValueError, match="save = 'all'"):
        stream(prepared, tmp_path / "x", save="all")
    with pytest.raises(ValueError, match="stride"):
        stream(prepared, tmp_path / "x", stride=0)


def test_old_netcdf_folders_still_load(in_memory, tmp_path):
    old = Trajectory.load(in_memory.save(tmp_path / "old"))
    assert old == in_memory and (tmp_path / "old" / "data.nc").is_file()


def test_a_store_with_a_missing_events_file_is_named(full, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(full.path, broken)
    (broken / "events.parquet").unlink()
    with pytest.raises(ValueError, match=r"events\.parquet"):
        Trajectory.load(broken)


def test_streamed_runs_are_not_bound_by_the_in_memory_ceiling():
    with pytest.raises(lab.ScenarioError, match="GiB"):
        lab.prepare_run("multipolar-offense", runs=10_000_000)
    big = lab.prepare_run("multipolar-offense", runs=10_000_000, years=100, streamed=True)
    assert big.runs == 10_000_000


def test_simulate_stream_needs_a_directory_to_save(prepared):
    c = prepared.compiled
    with pytest.raises(ValueError, match="directory"):
        simulate_stream(c.params, states=c.states, runs=2, years=1, seed=0)


@pytest.mark.parametrize("streamed", [True, False])
def test_an_interrupted_loop_stops_the_workers_before_the_error_leaves(
    streamed, tmp_path, workers_gone
):
    # Ctrl-C in the parent while it takes a chunk (here: at the first progress report). The
    # error's traceback keeps the simulation's frames, and with them the loop over the
    # workers' results, alive: unless that loop is closed as the error leaves, the workers
    # would go on running chunks (and writing into a folder the caller is removing) until the
    # traceback is freed.
    from realpolitik.engine import Params, simulate

    def ctrl_c(done, total):
        raise KeyboardInterrupt

    run = simulate_stream if streamed else simulate
    extra = {"directory": tmp_path / "t"} if streamed else {}
    with pytest.raises(KeyboardInterrupt) as caught:
        run(Params.core(), states=3, runs=2048, years=40, seed=1, chunk_size=128, workers=2,
            start_method="fork", progress=ctrl_c, **extra)  # fmt: skip
    assert caught.value.__traceback__ is not None  # the frames are still referenced
    assert workers_gone()

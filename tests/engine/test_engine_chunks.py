"""The public parts of a simulation: the chunk plan, run_chunk, executors and the recorder."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from realpolitik.engine import (
    PHASES,
    ChunkTask,
    EventColumn,
    Params,
    Phase,
    SerialExecutor,
    Trajectory,
    plan_chunks,
    run_chunk,
    simulate,
)
from realpolitik.engine.executors import Executor, ProcessExecutor, make_executor
from realpolitik.testing import assert_trajectories_equal, check_invariants

WARLIKE = Params.core(crisis_base_rate=0.3, war_given_crisis=0.4)
BELIEFS = Params.core(type_beliefs=True, crisis_base_rate=0.1)
KW = {"states": 3, "runs": 30, "years": 12, "chunk_size": 8}


# -- the plan ----------------------------------------------------------------------------------
def test_the_plan_is_the_spawned_streams_over_fixed_run_ranges():
    plan = plan_chunks(runs=70, chunk_size=16, seed=5)
    assert len(plan) == 5 and (plan.runs, plan.chunk_size, plan.seed) == (70, 16, 5)
    assert [(c.start, c.stop) for c in plan] == [(0, 16), (16, 32), (32, 48), (48, 64), (64, 70)]
    assert [c.runs for c in plan][-1] == 6 and plan[2].index == 2
    spawned = np.random.SeedSequence(5).spawn(5)
    for chunk, ref in zip(plan, spawned, strict=True):
        a = np.random.default_rng(chunk.seed).random(4)
        np.testing.assert_array_equal(a, np.random.default_rng(ref).random(4))
    with pytest.raises(ValueError, match="chunk_size"):
        plan_chunks(10, 0, 1)
    with pytest.raises(ValueError, match="seed"):
        plan_chunks(10, 4, -1)


def test_run_chunk_gives_one_chunks_rows_of_a_simulation_as_a_picklable_value():
    full = simulate(WARLIKE, seed=3, **KW)
    plan = plan_chunks(KW["runs"], KW["chunk_size"], 3)
    task = ChunkTask(chunk=plan[1], params=WARLIKE.resolve(3), years=KW["years"])
    records = pickle.loads(pickle.dumps(run_chunk(task)))
    assert records.chunk.index == 1
    np.testing.assert_array_equal(records.output.military, full.array("military")[8:16])
    np.testing.assert_array_equal(records.output.greedy, full.array("greedy")[8:16])
    ev = full.event_arrays()
    rows = (ev["run"] >= 8) & (ev["run"] < 16)
    for name, column in records.events.items():
        if name != "joiners":
            np.testing.assert_array_equal(column, ev[name][rows])


# -- executors ---------------------------------------------------------------------------------
class Reversed(Executor):
    """An executor that hands the chunks back last first (as a cluster might)."""

    def map(self, fn, items):
        return reversed([fn(item) for item in items])


def even_years(world, params, rng):
    """Summaries that appear only in some chunks' years."""
    if world.year % 2 == 0 and world.runs == 8:
        world.summaries["even"] = np.ones(world.runs)
    world.summaries["wars"] = world.war.sum(axis=1).astype(float)
    return world


PROBED = [*PHASES[:-1], Phase("even", even_years), PHASES[-1]]


@pytest.mark.parametrize(
    "executor",
    [SerialExecutor(), Reversed(), ProcessExecutor(2, "fork"), ProcessExecutor(2, "spawn")],
    ids=["serial", "reversed", "fork", "spawn"],
)
def test_results_do_not_depend_on_the_executor(executor):
    base = simulate(WARLIKE, seed=4, phases=PROBED, **KW)
    other = simulate(WARLIKE, seed=4, phases=PROBED, executor=executor, **KW)
    assert_trajectories_equal(base, other)
    assert base.summary_names == ("even", "wars") == other.summary_names


def test_executors_map_any_function_and_are_chosen_by_worker_count():
    assert isinstance(make_executor(1), SerialExecutor)
    pool = make_executor(2, "spawn")
    assert isinstance(pool, ProcessExecutor) and pool.workers == 2
    assert sorted(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]
    assert list(SerialExecutor().map(abs, [-4])) == [4]
    with pytest.raises(ValueError, match="start_method"):
        make_executor(1, "teleport")


# -- declared event columns and pair-level records -------------------------------------------
CAUSE = EventColumn("motive", "category", ("fear", "greed"), doc="why the crisis began")
SHARE = EventColumn("share", "float", doc="a transferred share")
LOUD = EventColumn("loud", "bool")
COUNT = EventColumn("count", "int")


def annotate(world, params, rng):
    """A mechanism writing four declared columns for every pair (after the crisis phase)."""
    cause = world.event_column(CAUSE)
    cause[...] = np.where(world.greedy[:, world.pair_i], 1, 0)
    world.event_column(SHARE)[...] = world.pair_i[None, :] + 0.5
    world.event_column(LOUD)[:, 0] = True
    world.event_column(COUNT)[...] = world.year
    return world


ANNOTATED = [*PHASES[:-1], Phase("annotate", annotate, (CAUSE, SHARE, LOUD, COUNT)), PHASES[-1]]


@pytest.fixture(scope="module")
def annotated():
    return simulate(WARLIKE, seed=6, phases=ANNOTATED, **KW)


def test_declared_event_columns_are_recorded_with_their_kinds(annotated):
    ev = annotated.events
    assert len(ev) > 20
    assert isinstance(ev["motive"].dtype, pd.CategoricalDtype)
    assert list(ev["motive"].cat.categories) == ["fear", "greed"]
    lo = np.minimum(ev.initiator, ev.target)
    greedy = annotated.array("greedy")[ev.run, lo]
    assert (ev["motive"].astype(str) == np.where(greedy, "greed", "fear")).all()
    np.testing.assert_array_equal(ev["share"], lo + 0.5)
    hi = np.maximum(ev.initiator, ev.target)
    assert (ev["loud"] == ((lo == 0) & (hi == 1))).all()
    np.testing.assert_array_equal(ev["count"], ev["year"] - 1)
    check_invariants(annotated)


def test_declared_event_columns_survive_pickling_and_saving(annotated, tmp_path):
    assert pickle.loads(pickle.dumps(annotated)) == annotated
    back = Trajectory.load(annotated.save(tmp_path / "run"))
    assert back == annotated
    pd.testing.assert_frame_equal(back.events, annotated.events)


def test_undeclared_or_badly_declared_event_columns_are_refused():
    def sneaky(world, params, rng):
        world.event_values["motive"] = np.zeros((world.runs, world.pairs))
        return world

    phases = [*PHASES[:-1], Phase("sneaky", sneaky), PHASES[-1]]
    with pytest.raises(ValueError, match="undeclared"):
        simulate(WARLIKE, seed=0, phases=phases, **KW)
    with pytest.raises(ValueError, match="built-in"):
        EventColumn("winner", "int")
    with pytest.raises(ValueError, match="kind"):
        EventColumn("x", "complex")
    with pytest.raises(ValueError, match="categories"):
        EventColumn("x", "category")
    twice = [*ANNOTATED[:-1], Phase("again", annotate, (EventColumn("motive", "int"),)), PHASES[-1]]
    with pytest.raises(ValueError, match="declared twice"):
        simulate(WARLIKE, seed=0, phases=twice, **KW)


def test_pair_level_beliefs_are_kept_on_request():
    traj = simulate(BELIEFS, seed=2, record=("beliefs",), **KW)
    mu = traj.array("beliefs")
    assert traj.pair_names == ("beliefs",) and mu.shape == (30, 13, 3, 3)
    assert traj.data["beliefs"].dims == ("run", "year", "observer", "target")
    assert np.isnan(mu[:, 0]).all() and np.isfinite(mu[:, 1:]).all()
    np.testing.assert_array_equal(mu[:, 1:, [0, 1, 2], [0, 1, 2]], 1.0)
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(mu[:, 1:][:, :, off].mean(axis=2), traj.array("mean_trust")[:, 1:])
    plain = simulate(BELIEFS, seed=2, **KW)
    np.testing.assert_array_equal(plain.array("military"), traj.array("military"))
    two = simulate(BELIEFS, seed=2, record=("beliefs",), workers=2, **KW)
    assert_trajectories_equal(traj, two)
    np.testing.assert_array_equal(two.array("beliefs"), mu)
    assert traj.meta["record"] == ["beliefs"] and not traj.meta["fast_path"]


def test_pair_level_records_survive_saving_and_are_nan_where_unset(tmp_path):
    traj = simulate(Params.core(), seed=1, record=("beliefs", "perceived"), **KW)
    assert np.isnan(traj.array("beliefs")).all()  # no beliefs mechanism on
    assert np.isfinite(traj.array("perceived")[:, 1:]).all()
    back = Trajectory.load(traj.save(tmp_path / "run"))
    assert back == traj and back.pair_names == ("beliefs", "perceived")
    assert pickle.loads(pickle.dumps(traj)) == traj


@pytest.mark.parametrize("record", [("military",), ("beliefs", "beliefs"), ("nonsense",)])
def test_unknown_pair_level_records_are_refused(record):
    with pytest.raises(ValueError, match="record"):
        simulate(Params.core(), seed=1, record=record, **KW)
    with pytest.raises(ValueError, match="pair-level"):
        simulate(Params.core(), seed=1, record=("beliefs",), fast=True, **KW)

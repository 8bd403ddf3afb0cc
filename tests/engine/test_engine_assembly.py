"""The assembly of a simulation's chunks: big arrays in their own maps, the same values."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.testing import assert_trajectories_equal

SIM = sys.modules["realpolitik.engine.simulate"]
MAPS = sys.modules["realpolitik.engine.maps"]
BELIEFS = Params.core(type_beliefs=True, crisis_base_rate=0.2, war_given_crisis=0.3)


@pytest.mark.parametrize("big", [1 << 20, 1])
def test_concatenate_and_nans_equal_numpy(monkeypatch, big):
    monkeypatch.setattr(MAPS, "BIG", big)
    assert MAPS.mapped_empty((4,), np.int8, warm_heap=True).shape == (4,)
    rng = np.random.default_rng(0)
    for dtype in (np.int64, np.int32, np.int8, bool, np.float64, np.uint16):
        pieces = [rng.integers(0, 3, n).astype(dtype) for n in (5, 0, 17)]
        out = SIM._concatenate(pieces)
        ref = np.concatenate(pieces)
        assert out.dtype == ref.dtype and out.tobytes() == ref.tobytes()
    mixed = [np.arange(3, dtype=np.int32), np.arange(4, dtype=np.int64)]
    assert SIM._concatenate(mixed).dtype == np.concatenate(mixed).dtype
    pieces = [rng.random((n, 2, 3)) for n in (2, 0, 4)]
    assert SIM._concatenate(pieces).tobytes() == np.concatenate(pieces).tobytes()
    nans = SIM._nans((7, 3))
    assert nans.tobytes() == np.full((7, 3), np.nan).tobytes()


def test_mapped_assembly_gives_the_same_trajectory(monkeypatch):
    kw = {"states": 4, "runs": 40, "years": 15, "chunk_size": 16, "seed": 3}
    ref = simulate(BELIEFS, record=("beliefs",), **kw)
    monkeypatch.setattr(MAPS, "BIG", 1)  # every assembled array in its own map
    monkeypatch.setattr(MAPS.heap, "MMAP_THRESHOLD", 1)  # even with the chunks run here
    out = simulate(BELIEFS, record=("beliefs",), **kw)
    assert_trajectories_equal(out, ref)
    assert ref.events.shape[0] > 0


# -- records handed back through shared memory (fork) ------------------------------------------
EX = sys.modules["realpolitik.engine.executors"]
fork_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the arena serves forked workers on Linux"
)


@fork_only
def test_arena_round_trip_keeps_values_and_frees_unused_pages():
    arena = EX._Arena.create("fork")
    assert arena is not None
    rng = np.random.default_rng(1)
    parts = {"a": rng.random(50_000), "b": rng.integers(0, 9, (300, 40)).astype(np.int8),
             "small": np.arange(3), "empty": np.zeros(0)}  # fmt: skip
    ref = {k: v.copy() for k, v in parts.items()}
    arena.SMALL = 1
    arena.put(parts)
    assert isinstance(parts["a"], EX._Slot) and isinstance(parts["b"], EX._Slot)
    assert parts["empty"] is not None and parts["empty"].size == 0
    offset = parts["b"].offset
    arena.take(parts)
    same = [parts[k].dtype == v.dtype and parts[k].tobytes() == v.tobytes() for k, v in ref.items()]
    assert all(same)
    tail = parts["b"][1:]  # a view that outlives the array it was taken from
    del parts["b"]
    kept = tail.tobytes() == ref["b"][1:].tobytes()
    assert kept
    del tail  # the last view: its pages are freed (read back as zeros)
    freed = np.frombuffer(arena.buf, np.int8, ref["b"].size, offset)
    assert not freed.any()


@fork_only
@pytest.mark.parametrize("case", ["all", "too_small", "none"])
def test_forked_workers_hand_back_the_same_records(monkeypatch, case):
    kw = {"states": 4, "runs": 60, "years": 20, "chunk_size": 16, "seed": 5}
    params = Params.strategic()
    ref = simulate(params, record=("beliefs",), workers=1, **kw)
    if case == "all":
        monkeypatch.setattr(EX._Arena, "SMALL", 1)  # every array through the arena
    elif case == "too_small":
        monkeypatch.setattr(EX._Arena, "SMALL", 1)
        monkeypatch.setattr(EX._Arena, "SIZES", (1 << 16,))  # nothing fits: all pickled
    else:
        monkeypatch.setattr(EX._Arena, "create", classmethod(lambda cls, method: None))
    out = simulate(params, record=("beliefs",), workers=2, start_method="fork", **kw)
    assert_trajectories_equal(out, ref)
    assert ref.events.shape[0] > 0 and ref.summary_names


def test_populate_changes_no_value():
    from realpolitik.engine.maps import populate

    rng = np.random.default_rng(2)
    arrays = [rng.random((64, 9, 5)), rng.random(3), np.zeros(0), rng.random((40, 40))[:, ::2]]
    before = [a.copy() for a in arrays]
    populate(*arrays)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(arrays, before, strict=True))


@fork_only
def test_arena_hands_back_its_own_arrays_without_a_copy():
    arena = EX._Arena.create("fork")
    made = arena.empty((20_000,), np.int64)
    made[:] = np.arange(20_000)
    other = arena.empty((3, 10_000), np.float64)
    other[:] = 1.5
    small = arena.empty((3,), np.int8)  # small: numpy's own
    at = made.__array_interface__["data"][0] - arena.base
    parts = {"made": made, "alias": made.view(np.uint64), "row": other[1], "small": small}
    arena.put(parts)
    assert isinstance(parts["made"], EX._Slot)
    assert tuple(parts["made"]) == (at, np.dtype(np.int64), (20_000,))  # left where it is
    assert isinstance(parts["alias"], EX._Slot) and parts["alias"].offset != at  # copied
    assert isinstance(parts["row"], EX._Slot)  # a view of an arena array: copied
    assert isinstance(parts["small"], np.ndarray)
    arena.take(parts)
    assert parts["made"].tobytes() == np.arange(20_000).tobytes()
    assert parts["alias"].tobytes() == np.arange(20_000).tobytes()
    assert parts["row"].tobytes() == np.full(10_000, 1.5).tobytes()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_found_loops_equal_the_numpy_codes(seed):
    from realpolitik.engine import event_loops, recorder
    from realpolitik.engine.compiled import compiled
    from realpolitik.engine.world import World

    kernel = compiled(event_loops.found_loops)
    if kernel is None:
        pytest.skip("needs Numba")
    rng = np.random.default_rng(seed)
    runs, states = (37, 5) if seed else (300, 8)
    size = (runs, states)
    world = World(military=rng.random(size), gdp=rng.random(size) + 1, growth=rng.random(size),
                  greedy=rng.random(size) < 0.5)  # fmt: skip
    shape = world.crisis.shape
    world.crisis[...] = rng.random(shape) < 0.2
    world.war[...] = (world.crisis & (rng.random(shape) < 0.4)) | (rng.random(shape) < 0.02)
    world.initiator_second[...] = rng.random(shape) < 0.5
    world.winner_second[...] = rng.random(shape) < 0.5
    world.event_flags[...] = rng.integers(0, 1 << 16, shape)
    world.event_rung[...] = rng.integers(0, 6, shape)
    codes = world.event_codes()
    flat = np.flatnonzero(codes)
    out = (np.empty(codes.size, np.int64), np.empty(codes.size, np.uint16),
           np.empty(codes.size, np.uint8))  # fmt: skip
    buffers = (world.crisis, world.war, world.initiator_second, world.winner_second,
               world.event_flags, world.event_rung)  # fmt: skip
    n = kernel(*buffers, recorder._FOUND_BITS, *out)
    assert n == flat.size
    assert out[0][:n].tobytes() == flat.astype(np.int64).tobytes()
    assert out[1][:n].tobytes() == codes.reshape(-1)[flat].astype(np.uint16).tobytes()
    assert out[2][:n].tobytes() == world.event_rung.reshape(-1)[flat].tobytes()


@fork_only
@pytest.mark.parametrize("rows", [2, 0])  # 0: the chunk still out never fits: concatenated
def test_prefilled_event_columns_equal_one_concatenation(monkeypatch, rows):
    kw = {"states": 5, "runs": 150, "years": 12, "chunk_size": 16, "seed": 9}
    params = Params.strategic()
    ref = simulate(params, workers=1, **kw)
    monkeypatch.setattr(SIM, "_ROWS_PER_PAIR_YEAR", rows)
    prefilled = []
    original = SIM._Assembly.prefill

    def prefill(self):
        original(self)
        prefilled.append(bool(self.early))

    monkeypatch.setattr(SIM._Assembly, "prefill", prefill)
    out = simulate(params, workers=2, start_method="fork", **kw)
    assert_trajectories_equal(out, ref)
    assert any(prefilled) and ref.events.shape[0] > 0

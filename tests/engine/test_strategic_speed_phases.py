"""The fast routes of the strategic year's other phases give the numbers of their numpy reference.

Beliefs (the strategic observation and Bayes update, gestures, mean trust), alliance formation
and the event decoding: compiled loops and reordered numpy operations against the numpy
operations they replace, bit for bit, on whole runs and on inputs with edge cases.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, compiled, simulate
from realpolitik.engine.event_decode import decode_events
from realpolitik.engine.mechanisms import belief_loops, beliefs
from realpolitik.engine.recorder import (
    EVENT_CRISIS,
    EVENT_INITIATOR_SECOND,
    EVENT_WAR,
    EVENT_WINNER_SECOND,
    FLAG_CONCEDED,
    FLAG_STRIKE,
    EventColumn,
    Recorder,
)
from realpolitik.testing import assert_trajectories_equal, full_schedule, strategic_configuration

STATES, YEARS = 6, 15
KW = dict(states=STATES, runs=40, years=YEARS, seed=3, chunk_size=16,
          schedule=full_schedule(STATES, YEARS))  # fmt: skip
# per-state edge cases of the observation: no fatigue (no Richardson level), no cap, turnover
EDGES = dict(
    fatigue=[0.3, 0.0, 0.3, 0.2, 0.3, 0.3],
    military_cap_share=[0.1, float("inf"), 0.1, 0.1, 0.2, 0.1],
    leader_turnover=0.05,
)


@pytest.mark.parametrize(
    "keys", [{}, EDGES, dict(distinguishability=0.0)], ids=["plain", "edges", "d0"]
)
def test_compiled_beliefs_give_the_numpy_numbers(keys, monkeypatch):
    params = Params.strategic(**strategic_configuration(STATES, burn_in=3, **keys))
    fast = simulate(params, **KW)
    assert np.nansum(fast.array("gestures")) > 0  # gestures were made
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert_trajectories_equal(fast, simulate(params, **KW))


@pytest.mark.parametrize("runs", [1, 2, 4, 7, 37])  # four runs side by side and the rest
def test_the_compiled_mean_trust_is_numpys(runs, monkeypatch):
    rng = np.random.default_rng(runs)
    mu = rng.random((runs, 7, 7)) * 10.0 ** rng.integers(-6, 1, (runs, 7, 7))
    const = beliefs.prepare(Params.strategic(**strategic_configuration(7)).resolve(7), 7)
    got = belief_loops.mean_trust(mu, const.off)
    monkeypatch.setattr(compiled, "NUMBA", False)
    want = belief_loops.mean_trust(mu, const.off)
    np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def _recorder(seed: int, runs: int = 30, states: int = 5, years: int = 12):
    """A recorder with random events (strikes, wars, concessions), rungs, a column, joiners."""
    rng = np.random.default_rng(seed)
    P = states * (states - 1) // 2
    shape = (runs, years + 1, states)
    rec = Recorder(np.zeros(shape), np.zeros(shape), np.zeros(shape), (EventColumn("x", "float"),))
    per_year = []
    for t in range(1, years + 1):
        flat = np.flatnonzero(rng.random(runs * P) < 0.2)
        code = np.full(flat.size, EVENT_CRISIS, dtype=np.int64)
        code |= np.where(rng.random(flat.size) < 0.5, EVENT_WAR, 0)
        code |= np.where(rng.random(flat.size) < 0.5, EVENT_INITIATOR_SECOND, 0)
        code |= np.where(rng.random(flat.size) < 0.5, EVENT_WINNER_SECOND, 0)
        code |= np.where(rng.random(flat.size) < 0.2, FLAG_CONCEDED, 0)
        code |= np.where(((code & EVENT_WAR) != 0) & (rng.random(flat.size) < 0.3), FLAG_STRIKE, 0)
        rungs = rng.integers(0, 5, flat.size)
        war = flat[(code & EVENT_WAR) != 0]
        joined = np.repeat(war, 2)
        per_year.append((t, flat, code, rungs, {"x": rng.random(flat.size)}, joined,
                         rng.integers(0, states, joined.size)))  # fmt: skip
    return rec, per_year, rng.random((runs, states)) < 0.3


def _fill(rec, per_year):
    for t, flat, code, rungs, values, joined, states in per_year:
        rec.add_events(t, flat, code, rungs, values)
        rec.add_joiners(t, joined, states)


@pytest.mark.parametrize("numba", [True, False])
def test_events_recorded_out_of_order_decode_as_in_order(numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)  # compiled loops / numpy for the in-order
    rec, per_year, greedy = _recorder(5)
    _fill(rec, per_year)
    in_order = decode_events(rec, 100, greedy)
    other, _, _ = _recorder(5)
    _fill(other, per_year[::-1])  # the years backwards: numpy's general sort
    shuffled = decode_events(other, 100, greedy)
    codes = np.concatenate([y[2] for y in per_year])
    wars = int(((codes & EVENT_WAR) != 0).sum())
    crises = int(((codes & FLAG_STRIKE) == 0).sum())
    assert wars > 0 and crises > wars and (codes & FLAG_STRIKE).any()
    assert (in_order["kind"] == 1).sum() == wars and (in_order["kind"] == 0).sum() == crises
    assert in_order["n_joiners"].sum() > 0
    assert list(in_order) == list(shuffled)
    for name, col in in_order.items():
        assert col.dtype == shuffled[name].dtype, name
        np.testing.assert_array_equal(col, shuffled[name], err_msg=name)
    # rows sorted by run, year, pair and kind (crisis row first), each key once
    lo = np.minimum(in_order["initiator"], in_order["target"])
    hi = np.maximum(in_order["initiator"], in_order["target"])
    key = (((in_order["run"] * 100 + in_order["year"]) * 10 + lo) * 10 + hi) * 2
    key += in_order["kind"]
    assert (np.diff(key) > 0).all()


def test_the_compiled_pacts_are_numpys(monkeypatch):
    from realpolitik.engine.mechanisms import alliances

    rng = np.random.default_rng(2)
    R, N = 200, 7
    allied = rng.random((R, N, N)) < 0.2
    allied &= np.swapaxes(allied, 1, 2)
    allied[:, np.arange(N), np.arange(N)] = False
    partner = (np.arange(N)[None, :] + rng.integers(1, N, (R, N))) % N  # never oneself
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        after = allied.copy()
        dynamic = alliances._form(after, partner)
        got.append((after, dynamic, alliances._pair_count(after, _world(R, N))))
    assert got[1][1].any() and (got[1][0] & ~got[1][1]).any()  # new pacts and kept ones
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


def _world(runs: int, states: int):
    from realpolitik.engine.world import World

    z = np.ones((runs, states))
    return World(military=z, gdp=z, growth=z, greedy=z > 2)


def test_the_compiled_record_finds_numpys_events(monkeypatch):
    from realpolitik.engine import recorder

    rng = np.random.default_rng(4)
    world = _world(300, 6)
    for name in ("crisis", "war", "initiator_second", "winner_second"):
        getattr(world, name)[...] = rng.random(world.crisis.shape) < 0.3
    world.event_flags[...] = rng.integers(0, 256, world.crisis.shape)
    world.event_rung[...] = rng.integers(0, 4, world.crisis.shape)
    shape = (300, 2, 6)
    recs = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rec = Recorder(np.zeros(shape), np.zeros(shape), np.zeros(shape))
        assert (recorder._found(world, rec) is None) == (not numba)
        recorder.record(world, None, None, type("Ctx", (), {"recorder": rec})())
        recs.append(rec)
    fast, slow = recs
    for name in ("years", "flat", "codes", "rungs"):
        a, b = getattr(fast, name)[0], getattr(slow, name)[0]
        assert a.dtype == b.dtype and a.size > 0
        np.testing.assert_array_equal(a, b, err_msg=name)


@pytest.mark.parametrize("numba", [True, False])
def test_a_joiner_of_a_pair_without_a_war_is_an_error(numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    rec, per_year, greedy = _recorder(6)
    t, flat, code, rungs, values, joined, states = per_year[3]
    calm = flat[(code & EVENT_WAR) == 0][:1]  # a crisis without a war, in year order
    per_year[3] = (t, flat, code, rungs, values, np.r_[joined, calm], np.r_[states, 0])
    _fill(rec, per_year)
    with pytest.raises(ValueError, match="which had no war"):
        decode_events(rec, 0, greedy)


@pytest.mark.parametrize("gesture", [0.3, 0.6])  # pooling and separating (x_LC = 0.5)
def test_the_compiled_gestures_are_numpys(gesture, monkeypatch):
    N = 6
    params = Params.strategic(**strategic_configuration(N, reassurance_gesture=gesture))
    const = beliefs.prepare(params.resolve(N), N)
    rng = np.random.default_rng(7)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(400, N)
        world.greedy[...] = np.random.default_rng(1).random((400, N)) < 0.3
        world.military[...] = rng.random((400, N)) if numba else got[0][1]
        world.military_old[...] = world.military * 1.1
        world.perceived[...] = rng.random((400, N, N)) if numba else got[0][3]
        mu = np.random.default_rng(2).random((400, N, N)) ** 3
        mu[:, np.arange(N), np.arange(N)] = 1.0
        start = (world.military.copy(), world.perceived.copy())
        sent = beliefs._gesture(world, mu, const)
        got.append((sent, start[0], world.military_old, start[1], world.perceived, mu))
    assert got[1][0].any() and not got[1][0].all()
    revealed = (got[1][5] == 1.0).sum() > 400 * N  # beliefs set to 1 beyond the diagonal
    assert revealed == (gesture > 0.5)
    for fast, slow in zip(got[0][2:], got[1][2:], strict=True):
        np.testing.assert_array_equal(fast.view(np.uint8), slow.view(np.uint8))
    np.testing.assert_array_equal(got[0][0], got[1][0])


@pytest.mark.parametrize("extras", [False, True])
def test_the_compiled_arming_is_numpys(extras, monkeypatch):
    from realpolitik.engine.mechanisms import arming

    N, R = 5, 300
    keys = dict(military_cap_share=[0.1, float("inf"), 0.2, 0.1, 0.05])
    if extras:
        keys.update(butter_pressure=0.5, arming_drive=[0.0, 0.01, 0.0, 0.02, 0.0])
    params = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    rng = np.random.default_rng(3)
    world = _world(R, N)
    world.greedy[...] = rng.random((R, N)) < 0.4
    world.military_old[...] = rng.random((R, N)) * 10.0
    world.gdp_old[...] = np.where(rng.random((R, N)) < 0.1, 0.0, rng.random((R, N)) * 100.0)
    world.threat[...] = rng.random((R, N)) * 20.0 - 2.0
    if extras:
        world.threat_offset = rng.random((R, N)) * 5.0
        world.military_limit = np.where(rng.random((R, N)) < 0.5, np.inf, rng.random((R, N)))
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        arming.step(world, params, rng, None)
        got.append((world.military.copy(), world.budget_share.copy()))
    assert (got[1][0] == 0.0).any() and (got[1][1] > 0.0).any()
    for fast, slow in zip(*got, strict=True):
        np.testing.assert_array_equal(fast.view(np.uint8), slow.view(np.uint8))


@pytest.mark.parametrize("collapse", [True, False])
def test_the_compiled_treaty_is_numpys(collapse, monkeypatch):
    from realpolitik.engine.mechanisms import arms_control

    N, R = 5, 300
    keys = dict(treaty_cap_share=0.08, treaty_collapse_on_detection=collapse, verification=0.5)
    params = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng = np.random.default_rng(6)
        world = _world(R, N)
        world.greedy[...] = rng.random((R, N)) < 0.5
        world.gdp_old[...] = rng.random((R, N)) * 100.0
        world.treaty_in_force = rng.random(R) < 0.8
        world.treaty_members = rng.random((R, N)) < 0.9
        world.beliefs = rng.random((R, N, N))
        arms_control.step(world, params, rng, None)
        s = world.summaries
        got.append((world.military_limit, world.treaty_in_force, world.beliefs,
                    s["treaty_in_force"], s["cheaters"], s["violations_detected"]))  # fmt: skip
    caught = got[1][5] > 0
    assert caught.any()
    assert (got[1][1][caught] != collapse).all()  # a detection ends the treaty iff collapse
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("with_beliefs", [True, False])
@pytest.mark.parametrize("offense", [0.5, 0.9])  # decisiveness 1 and 1.8
def test_the_compiled_walt_choice_is_numpys(with_beliefs, offense, monkeypatch):
    from realpolitik.engine.mechanisms import alliances

    N, R = 6, 400
    keys = dict(offense_advantage=offense, aggressor_threat=0.2)
    params = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    rng = np.random.default_rng(8)
    world = _world(R, N)
    world.military[...] = rng.random((R, N)) * 10.0 ** rng.integers(-3, 3, (R, N))
    world.perceived[...] = rng.random((R, N, N)) * 10.0 ** rng.integers(-2, 2, (R, N, N))
    world.threat_weight = rng.random((R, N, N))
    world.beliefs = rng.random((R, N, N)) if with_beliefs else None
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        got.append(alliances.choose_partners(world, params, "threat", None))
    assert got[1][1].any() and not got[1][1].all()  # both choices made
    for fast, slow in zip(*got, strict=True):
        np.testing.assert_array_equal(fast, slow)


def test_the_heap_thresholds_are_set_once_and_leave_the_environments_alone(monkeypatch):
    import platform
    import sys

    from realpolitik.engine import heap

    assert heap.keep_freed_memory() is heap.keep_freed_memory()
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    for name in heap._ENV:
        monkeypatch.delenv(name, raising=False)
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert heap._set_thresholds() == glibc
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "100000")
    assert heap._set_thresholds() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=100000")
    assert heap._set_thresholds() is False


@pytest.mark.parametrize("N", [5, 8])
@pytest.mark.parametrize("draws", [True, False], ids=["distinguishability", "none"])
def test_the_compiled_strategic_update_is_numpys_on_edge_inputs(N, draws):
    """The branch-free observation: NaN and inf readings, no fatigue, an inf margin, no cap."""
    from realpolitik.engine.mechanisms.trust import secure_levels, strategic_moves

    rng = np.random.default_rng(N + 10 * draws)
    R = 60
    prev = rng.random((R, N, N)) * 10.0
    perceived = prev * rng.uniform(0.5, 2.0, (R, N, N))
    gdp = rng.uniform(5.0, 50.0, (R, N))
    for arr, fill in ((prev, np.nan), (prev, np.inf), (perceived, np.nan), (perceived, np.inf)):
        arr[rng.random(arr.shape) < 0.03] = fill
    gdp[rng.random(gdp.shape) < 0.05] = np.nan
    od = rng.uniform(0.5, 1.5, N)
    k = rng.uniform(0.0, 0.1, N)
    a = rng.uniform(0.1, 0.5, N)
    a[1], a[2] = 0.0, 1e-310  # no Richardson level; a margin (and a level) of inf
    g_S, g_G = rng.uniform(0.0, 0.1, N), rng.uniform(0.1, 2.0, N)
    g_G[2] = 5.0
    cap = rng.uniform(0.05, 0.2, N)
    cap[3] = np.inf
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        margin = np.where(a > 0, (g_G - g_S) / (2.0 * np.where(a > 0, a, 1.0)), 0.0)
    assert np.isinf(margin).any()
    d = np.full(N, 0.3)
    greedy = rng.random((R, N)) < 0.4
    u = rng.random((R, N, N)) if draws else np.empty((0, N, N))
    lik_S = np.stack([rng.uniform(0.5, 0.9, N), rng.uniform(0.1, 0.5, N)], axis=1)
    lik_G = np.stack([rng.uniform(0.1, 0.5, N), rng.uniform(0.5, 0.9, N)], axis=1)
    mu = rng.random((R, N, N))
    got = mu.copy()
    kernel = compiled.compiled(belief_loops.strategic_update_loops)
    kernel(got, perceived, prev, gdp, od, k, a, g_S, cap, margin, u, d, greedy, lik_S, lik_G)
    # the numpy route: secure_levels, strategic_moves, the defensive reading, Bayes' rule
    with np.errstate(invalid="ignore", over="ignore"):
        levels = secure_levels(prev, gdp, od, k, a, g_S, cap)
        arm = strategic_moves(perceived, levels, a, g_S, g_G)
    if draws:
        arm &= ~((u < d[None, None, :]) & ~greedy[:, None, :])
    idx = np.arange(N)
    l_S = np.where(arm, lik_S[idx, 1][None, :, None], lik_S[idx, 0][None, :, None])
    l_G = np.where(arm, lik_G[idx, 1][None, :, None], lik_G[idx, 0][None, :, None])
    num = mu * l_S
    want = num / (num + (1.0 - mu) * l_G)
    want[:, idx, idx] = 1.0
    assert arm.any() and (~arm & ~np.eye(N, dtype=bool)).any()
    np.testing.assert_array_equal(got.view(np.uint64), want.view(np.uint64))


@pytest.mark.parametrize("formation", ["threat", "balance", "bandwagon"])
@pytest.mark.parametrize("decisions", ["strategic", "hazard"])
@pytest.mark.parametrize("weights", [True, False], ids=["weights", "no-weights"])
def test_the_compiled_partners_and_share_are_numpys(formation, decisions, weights, monkeypatch):
    """Strengths (or armies), ties between rivals, the choice, the pacts and the summaries."""
    from types import SimpleNamespace

    from realpolitik.engine.mechanisms import alliances

    N, R = 7, 300
    keys = dict(aggressor_threat=0.3)
    resolved = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    params = SimpleNamespace(**{k: getattr(resolved, k) for k in dir(resolved) if k[0] != "_"})
    params.decisions, params.alliance_formation = decisions, formation
    params.mobilization = np.linspace(0.0, 0.2, N)
    rng = np.random.default_rng(11)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(R, N)
        world.military[...] = rng.integers(0, 4, (R, N)) * 0.5  # ties (and zeros)
        world.gdp[...] = rng.integers(1, 3, (R, N)) * 10.0
        world.perceived[...] = rng.integers(0, 4, (R, N, N)) * 0.5
        world.threat_weight = rng.integers(0, 3, (R, N, N)) * 0.5 if weights else None
        world.beliefs = rng.random((R, N, N))
        rng = np.random.default_rng(11)  # the same world both times
        partner, balance = alliances.choose_partners(world, params, formation, None)
        alliances.step(world, params, rng, None)
        summaries = world.summaries["balancing_share"], world.summaries["alliance_pairs"]
        got.append((partner, balance, world.allied, world.dynamic_pacts, *summaries))
    if formation == "threat":
        assert got[1][1].any() and not got[1][1].all()  # both choices made
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


def test_the_prepared_arming_constants_follow_the_schedule():
    """The arming constants prepared in a chunk's context follow a schedule's override."""
    from realpolitik.engine.context import ChunkContext
    from realpolitik.engine.mechanisms import arming

    N, R = 5, 50
    base = Params.strategic(**strategic_configuration(N, fatigue=0.3)).resolve(N)
    rng = np.random.default_rng(4)
    world = _world(R, N)
    world.military_old[...] = rng.random((R, N)) * 10.0
    world.gdp_old[...] = rng.random((R, N)) * 100.0
    world.threat[...] = rng.random((R, N)) * 20.0
    ctx = ChunkContext.standalone(world, base)
    for overrides in ({}, {"fatigue": 0.6}, {}):
        ctx.set_overrides(overrides)
        arming.step(world, ctx.params, rng, ctx)
        kept = world.military.copy()
        arming.step(world, ctx.params, rng, None)
        np.testing.assert_array_equal(kept, world.military)
    ctx.set_overrides({"fatigue": 0.6})
    arming.step(world, ctx.params, rng, None)
    assert not np.array_equal(kept, world.military)


def test_the_compiled_begin_step_is_numpys(monkeypatch):
    """The snapshot of the stocks and the cleared event buffers, on flat views."""
    from realpolitik.engine.world import World

    R, N = 37, 6
    rng = np.random.default_rng(5)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = World(military=rng.random((R, N)), gdp=rng.random((R, N)),
                      growth=np.zeros((R, N)), greedy=np.zeros((R, N), dtype=bool))  # fmt: skip
        for name in ("crisis", "initiator_second", "crisis_u", "war", "winner_second",
                     "event_flags", "event_rung"):  # fmt: skip
            buffer = getattr(world, name)
            buffer[...] = rng.integers(1, 3, buffer.shape)
        world.begin_step()
        got.append({k: v.copy() for k, v in vars(world).items() if isinstance(v, np.ndarray)})
        rng = np.random.default_rng(5)
    assert got[0].keys() == got[1].keys() and not got[1]["crisis_u"].any()
    for name, fast in got[0].items():
        np.testing.assert_array_equal(fast.view(np.uint8), got[1][name].view(np.uint8), name)


@pytest.mark.parametrize("with_beliefs", [True, False])
@pytest.mark.parametrize("d", [0.0, 0.3])
def test_the_compiled_threat_weights_are_numpys(with_beliefs, d, monkeypatch):
    """Weights and the weighted threat: greedy and secure observers, beliefs at pi*, NaN."""
    N, R = 6, 200
    keys = dict(distinguishability=d, trust_discount=0.4)
    params = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    rng = np.random.default_rng(6)
    mu = rng.integers(0, 5, (R, N, N)) * 0.25  # at the threshold too
    mu[rng.random(mu.shape) < 0.02] = np.nan
    pi_star = rng.integers(1, 4, N) * 0.25
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(R, N)
        world.greedy = np.random.default_rng(7).random((R, N)) < 0.4
        world.perceived[...] = np.random.default_rng(8).random((R, N, N)) * 10.0
        world.threat = np.empty((R, N))
        buffers = {"weight": np.empty((R, N, N)), "a": np.empty((R, N, N))}
        beliefs._weigh(world, params, mu if with_beliefs else None, pi_star, buffers)
        got.append((world.threat_weight.copy(), world.threat.copy()))
    assert (got[1][0] > 0).any() and len(np.unique(got[1][0])) > (2 if with_beliefs or d else 1)
    for fast, slow in zip(*got, strict=True):
        np.testing.assert_array_equal(fast.view(np.uint8), slow.view(np.uint8))


@pytest.mark.parametrize("diagonal", [True, False])
@pytest.mark.parametrize("shape", [(1, 2), (37, 6), (64, 9)])
def test_the_compiled_stored_perception_and_gesture_count_are_numpys(diagonal, shape, monkeypatch):
    R, N = shape
    rng = np.random.default_rng(R)
    sent = rng.random((R, N)) < 0.3
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(R, N)
        world.military_old = rng.random((R, N))
        world.perceived = rng.random((R, N, N))
        world.perceived_prev = None if numba else np.zeros((R, N, N))
        beliefs._store_perception(world, diagonal)
        count = compiled.compiled(belief_loops.count_loops)
        out = sent.sum(axis=1).astype(np.float64) if count is None else np.empty(R)
        if count is not None:
            count(sent, out)
        got.append((world.perceived_prev, out))
        rng = np.random.default_rng(R)
        sent = rng.random((R, N)) < 0.3
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast.view(np.uint8), slow.view(np.uint8))


@pytest.mark.parametrize("type_beliefs", [True, False])
def test_the_kept_switches_follow_the_schedule(type_beliefs, monkeypatch):
    """Distinguishability switched off and on by the schedule: as if checked every year."""
    from realpolitik.engine import ScheduledEvent

    keys = dict(burn_in=2, type_beliefs=type_beliefs, distinguishability=0.0)
    params = Params.strategic(**strategic_configuration(STATES, **keys))
    schedule = [*full_schedule(STATES, YEARS),
                ScheduledEvent(5, "set", value=("distinguishability", 0.5)),
                ScheduledEvent(9, "set", value=("distinguishability", 0.0))]  # fmt: skip
    kw = {**KW, "schedule": schedule}
    kept = simulate(params, **kw)

    def every_year(p, ctx):
        return (bool(np.any(p.type_beliefs)), bool(np.any(np.asarray(p.distinguishability) > 0)),
                bool(np.any(getattr(p, "leader_turnover", 0.0) > 0.0)))  # fmt: skip

    monkeypatch.setattr(beliefs, "_switches", every_year)
    assert_trajectories_equal(kept, simulate(params, **kw))
    assert not np.array_equal(kept.array("military"), simulate(params, **KW).array("military"))


@pytest.mark.parametrize("numba", [True, False])
def test_the_joiners_range_check_names_the_first_bad_index(numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    world = _world(3, 4)  # 6 pairs
    cases = [(([0, 3], [1, 1], [2, 2]), "run_idx"), (([0, 1], [6, 1], [2, 9]), "pair_idx"),
             (([0], [0], [-1]), "state_idx"), ((-1, [0, 1], 2), "run_idx"),
             (([[0], [2]], [5, 0], 3), None)]  # fmt: skip
    for (r, p, s), bad in cases:
        if bad is None:
            world.add_joiners(r, p, s)
            assert [j.tolist() for j in world.joiners[-1]] == [[0, 0, 2, 2], [5, 0, 5, 0], [3] * 4]
        else:
            with pytest.raises(ValueError, match=bad):
                world.add_joiners(r, p, s)

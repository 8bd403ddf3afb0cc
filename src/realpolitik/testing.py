"""Conformance checks for simulations: invariants, determinism, agreement, speed.

Source: DESIGN.md ("Provenance and conformance"); reference/CORE_MODEL.md ("What agree means")
for the agreement statistics. Our own tests use these functions; a user's custom mechanism or
scenario can run them too (PettingZoo's ``api_test`` / ``seed_test`` are the model).

- :func:`check_invariants`: no negative, NaN or infinite military or GDP, budget shares finite,
  >= 0 and within the cap, a consistent event table with valid labels, participants, flags
  and rungs.
- :func:`check_probabilities`: every value finite and in [0, 1].
- :func:`check_determinism`: the same seed gives bit-identical trajectories and events (also
  across worker counts); another seed gives another result.
- :func:`agreement` / :func:`assert_agreement`: two samples of a stochastic model agree in
  distribution: two-sample Kolmogorov-Smirnov tests on final military and final GDP (pooled
  over states), a chi-square test on the histogram of wars per run (sparse bins merged until
  every expected count is >= 5), none rejecting at the 0.1% level, and |z| < 3 on each mean,
  ``z = (mean_a - mean_b) / sqrt(var_a / n_a + var_b / n_b)``.
- :func:`measure_speed`: state-steps per second of :func:`~realpolitik.engine.simulate` and of
  its random draws alone, organised the same way.

Every check raises ``AssertionError`` with a message saying what failed, so it can be called
inside any test framework.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "FULL_MECHANISMS",
    "FULL_WARHEADS",
    "agreement",
    "assert_agreement",
    "assert_trajectories_equal",
    "check_determinism",
    "check_invariants",
    "check_mechanism",
    "check_probabilities",
    "full_configuration",
    "full_schedule",
    "measure_speed",
    "sample_from_trajectory",
]

ALPHA = 0.001
Z_MAX = 3.0
MIN_EXPECTED = 5.0
SAMPLE_KEYS = ("final_military", "final_gdp", "wars_per_run")

FULL_MECHANISMS: dict[str, Any] = {
    # perception and signalling (MODELS.md 3, 10)
    "transparency": 0.3,
    "type_beliefs": True,
    "trust_discount": 0.5,
    "reassurance_gesture": 0.3,
    # offense-defense (MODELS.md 2, 6): od = 1.28, decisiveness = 1.4, q_war = 0.14
    "distinguishability": 0.3,
    "offense_advantage": 0.7,
    # alliances (MODELS.md 8)
    "alliances": True,
    "alliance_formation": "threat",
    "burden_sharing": 0.3,
    # domestic politics (MODELS.md 9)
    "hawkishness": 0.2,
    "audience_cost": 0.5,
    "butter_pressure": 0.5,
    # nuclear deterrence (MODELS.md 5): the arsenals come from full_configuration
    "survivable_share": 0.5,
    # crises
    "escalation_rungs": 3,
    "hotline": 0.5,
    # arms control
    "treaty_cap_share": 0.08,
    "cheat_prob_greedy": 0.3,
    "verification": 0.5,
    # war
    "gdp_cession": 0.1,
}
"""Every mechanism on (docs/mechanisms.md keys): the workload of the full-engine benchmark and
of the tests that check the whole engine; a user's mechanism can be checked against it too."""

FULL_WARHEADS = 1000.0
"""Warheads of each of the full configuration's two nuclear states (states 0 and 1): with half
of them at sea the pair is in MAD (the crisis phase damps its escalation by ``mad_damping``)."""


def full_configuration(states: int, **overrides: Any) -> dict[str, Any]:
    """Return the ``Params.core`` keywords with every mechanism on, two nuclear states.

    Parameters
    ----------
    states : int
        N (>= 2): states 0 and 1 hold :data:`FULL_WARHEADS` warheads each, the others none.
    **overrides
        Further keys (they replace those of :data:`FULL_MECHANISMS`).

    Returns
    -------
    dict
        The keyword arguments of :meth:`realpolitik.engine.Params.core`.
    """
    warheads = [FULL_WARHEADS if s < 2 else 0.0 for s in range(states)]
    return {**FULL_MECHANISMS, "nuclear_warheads": warheads, **overrides}


def full_schedule(states: int, years: int) -> list[Any]:
    """Return the full configuration's scheduled events.

    A pact of states 2 and 3 formed in year 0 (non-nuclear states, so that a war pulls in an
    ally) and, from year ``years // 2``, a hotline of 0.8 instead of 0.5.

    Parameters
    ----------
    states : int
        N (>= 4).
    years : int
        The simulated years.

    Returns
    -------
    list of ScheduledEvent
        The events.
    """
    from realpolitik.engine import ScheduledEvent

    if states < 4:
        raise ValueError(f"states = {states} is too few for the full schedule; need >= 4")
    return [
        ScheduledEvent(0, "alliance_form", (2, 3)),
        ScheduledEvent(years // 2, "set", value=("hotline", 0.8)),
    ]


# --------------------------------------------------------------------------------------------
# invariants
# --------------------------------------------------------------------------------------------
def check_probabilities(values: Any, name: str) -> np.ndarray:
    """Check that every value is a probability: finite and in [0, 1].

    Parameters
    ----------
    values
        A number or array-like.
    name
        What the values are, for the message.

    Returns
    -------
    numpy.ndarray
        The values as a float64 array.

    Raises
    ------
    AssertionError
        Naming ``name``, the first bad value and its index.
    """
    arr = np.asarray(values, dtype=np.float64)
    bad = ~(np.isfinite(arr) & (arr >= 0.0) & (arr <= 1.0))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        raise AssertionError(
            f"{name}{list(idx) if idx else ''} = {arr[idx]!r} is not a probability in [0, 1]"
            f" ({int(bad.sum())} bad values)"
        )
    return arr


def _check_stock(arr: np.ndarray, name: str) -> None:
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(
            f"{name}[run, year, state = {list(idx)}] = {arr[idx]!r}: must be finite and >= 0"
            f" ({int(bad.sum())} bad values)"
        )


def check_invariants(trajectory: Any) -> None:
    """Check a trajectory's invariants.

    Military and GDP are finite and >= 0 in every run, year and state; budget shares (years
    1..T) are finite, >= 0 and at most the military cap share; every event row is valid: run,
    year, initiator and target in range, initiator != target, crisis rows without winner or
    label, each war row right after the crisis row of the same dyad and year, with a winner
    among its two sides and the label its initiator's and target's true types give. The
    participants are [initiator, target, joiners]: joiners only on war rows, distinct, in
    ascending order, in range and other than the two sides. The crisis attributes
    (misperceived, nuclear, conceded, rung) are the same on a war row as on its crisis row, a
    conceded crisis has no war, and rungs lie in [0, 127].

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.

    Raises
    ------
    AssertionError
        Saying which invariant failed, where and with which value.
    """
    from realpolitik.engine.trajectory import LABELS

    m = trajectory.array("military")
    y = trajectory.array("gdp")
    share = trajectory.array("budget_share")
    greedy = trajectory.array("greedy")
    n_runs, n_years1, n_states = m.shape
    _check_stock(m, "military")
    _check_stock(y, "gdp")
    if greedy.dtype != bool or greedy.shape != (n_runs, n_states):
        raise AssertionError(
            f"greedy must be a bool array {(n_runs, n_states)}, got {greedy.dtype}"
        )
    s = share[:, 1:]
    _check_stock(s, "budget_share (years 1..T)")
    cap = np.broadcast_to(
        np.asarray(trajectory.params.military_cap_share, dtype=np.float64), (n_states,)
    )
    limit = cap * (1.0 + 1e-9) + 1e-300  # rounding of the division, subnormal caps
    over = s > limit[None, None, :]
    if over.any():
        idx = tuple(int(i) for i in np.argwhere(over)[0])
        raise AssertionError(
            f"budget_share[run, year - 1, state = {list(idx)}] = {s[idx]!r} exceeds the cap"
            f" {cap[idx[2]]!r}"
        )
    ev = trajectory.event_arrays()
    run, year, kind = ev["run"], ev["year"], ev["kind"]
    ini, tgt, win, lab = ev["initiator"], ev["target"], ev["winner"], ev["label"]
    n = run.size
    problems = []
    if not all(a.size == n for k, a in ev.items() if k != "joiners"):
        problems.append("event columns differ in length")
    if n:
        if run.min() < 0 or run.max() >= n_runs:
            problems.append(f"event run outside [0, {n_runs})")
        if year.min() < 1 or year.max() > n_years1 - 1:
            problems.append(f"event year outside [1, {n_years1 - 1}]")
        if not np.isin(kind, (0, 1)).all():
            problems.append("event kind not in {crisis, war}")
        for name, col in (("initiator", ini), ("target", tgt)):
            if col.min() < 0 or col.max() >= n_states:
                problems.append(f"event {name} outside [0, {n_states})")
        if (ini == tgt).any():
            problems.append("an event's initiator is its own target")
        if problems:
            raise AssertionError("event table invariants failed: " + "; ".join(problems))
        crisis = kind == 0
        if (win[crisis] != -1).any() or (lab[crisis] != -1).any():
            problems.append("a crisis row has a winner or a label")
        w = np.flatnonzero(kind == 1)
        if w.size:
            if not ((win[w] == ini[w]) | (win[w] == tgt[w])).all():
                problems.append("a war's winner is not one of its sides")
            prev = w - 1
            if (prev < 0).any():
                problems.append("a war row without its crisis row")
            else:
                same = (
                    (kind[prev] == 0)
                    & (run[prev] == run[w])
                    & (year[prev] == year[w])
                    & (ini[prev] == ini[w])
                    & (tgt[prev] == tgt[w])
                )
                if not same.all():
                    problems.append("a war row does not follow the crisis row of its dyad")
            if not np.isin(lab[w], np.arange(len(LABELS))).all():
                problems.append("a war has no valid label")
            else:
                g_i = greedy[run[w], ini[w]]
                g_t = greedy[run[w], tgt[w]]
                expect = np.where(g_i, 1, np.where(g_t, 2, 0))
                if (expect != lab[w]).any():
                    problems.append("a war's label does not match its sides' true types")
            if (prev >= 0).all():
                for name in ("misperceived", "nuclear", "conceded", "rung"):
                    if name in ev and (ev[name][w] != ev[name][prev]).any():
                        problems.append(f"a war row's {name} differs from its crisis row's")
            if "conceded" in ev and ev["conceded"][w].any():
                problems.append("a conceded crisis became a war")
        if "rung" in ev and ((ev["rung"] < 0) | (ev["rung"] > 127)).any():
            problems.append("an event's rung is outside [0, 127]")
        if "n_joiners" in ev:
            problems.extend(_joiner_problems(ev, n_states))
        key = run.astype(np.int64) * n_years1 + year
        if (np.diff(key) < 0).any():
            problems.append("events not sorted by run and year")
    if problems:
        raise AssertionError("event table invariants failed: " + "; ".join(problems))


def _joiner_problems(ev: Mapping[str, np.ndarray], n_states: int) -> list[str]:
    """Return what is wrong with the events' joiners (participants beyond the two sides)."""
    problems = []
    count = ev["n_joiners"].astype(np.int64)
    joiners = ev["joiners"].astype(np.int64)
    if (count < 0).any() or count.sum() != joiners.size:
        return ["n_joiners does not match the joiners"]
    if (count[ev["kind"] == 0] != 0).any():
        problems.append("a crisis row has joiners (only wars have participants beyond the dyad)")
    if joiners.size:
        row = np.repeat(np.arange(count.size), count)
        if joiners.min() < 0 or joiners.max() >= n_states:
            problems.append(f"a joiner outside [0, {n_states})")
        if ((joiners == ev["initiator"][row]) | (joiners == ev["target"][row])).any():
            problems.append("a participant is listed twice (a joiner is the initiator or target)")
        same_row = row[1:] == row[:-1]
        if (same_row & (joiners[1:] <= joiners[:-1])).any():
            problems.append("a war's joiners are not distinct and in ascending order")
    return problems


# --------------------------------------------------------------------------------------------
# a mechanism's declarations
# --------------------------------------------------------------------------------------------
def check_mechanism(
    module: Any, *, params: Any = None, acts_in_core: bool = False, states: int = 3
) -> None:
    """Check a mechanism module's declarations and that it is inert at its neutral keys.

    The module must have a callable ``step(world, params, rng, ctx=None)``, non-empty
    ``MODELS`` and ``SECTION``, ``KEYS`` (a tuple of :class:`~realpolitik.engine.keys.KeySpec`
    beyond the core, each neutral at its default), ``READS`` among the parameter keys,
    ``WRITES`` among the World's fields and ``REFERENCES`` among :mod:`realpolitik.citations`
    (docs/contributing.md). Unless it ``acts_in_core``, its step with every key at its default
    must draw no random number and leave the stocks unchanged.

    Parameters
    ----------
    module
        The mechanism module.
    params
        The :class:`~realpolitik.engine.Params` class that holds its keys (default:
        ``Params.with_mechanisms(module)``).
    acts_in_core
        Whether the mechanism acts in the core configuration (perception, arming, economy,
        crisis, war), so that the neutral check does not apply.
    states
        The number of states of the hand-built world of the neutral check.

    Raises
    ------
    AssertionError
        Naming what is missing or wrong.
    """
    from realpolitik.citations import BIBTEX
    from realpolitik.engine import Params, World
    from realpolitik.engine.keys import KeySpec

    name = getattr(module, "__name__", repr(module))
    params = Params.with_mechanisms(module) if params is None else params
    problems = []
    if not callable(getattr(module, "step", None)):
        problems.append("no callable step(world, params, rng, ctx=None)")
    for attr in ("MODELS", "SECTION"):
        if not getattr(module, attr, ""):
            problems.append(f"{attr} is missing or empty")
    for spec in getattr(module, "KEYS", ()):
        if not isinstance(spec, KeySpec) or spec.mechanism == "core":
            problems.append(f"KEYS holds {spec!r}, not a KeySpec beyond the core")
        elif not (spec.is_neutral(spec.default) or spec.sets_core):
            problems.append(f"key {spec.key!r} is not neutral at its default")
    unknown = set(getattr(module, "READS", ())) - set(params.keys())
    fields = set(World.__dataclass_fields__)
    unknown |= set(getattr(module, "WRITES", ())) - fields
    unknown |= set(getattr(module, "REFERENCES", ())) - set(BIBTEX)
    if unknown:
        problems.append(f"READS / WRITES / REFERENCES name unknown {sorted(unknown)}")
    if problems:
        raise AssertionError(f"mechanism {name}: " + "; ".join(problems))
    if not acts_in_core:
        _check_inert(module, params, states)


def _check_inert(module: Any, params: Any, states: int) -> None:
    """Check that a step at the neutral keys draws nothing and changes no stock."""
    from realpolitik.engine import World

    runs = 4
    grid = np.linspace(0.5, 1.5, runs * states).reshape(runs, states)
    world = World(grid * 0.2, grid * 10.0, np.full((runs, states), 0.02), grid > 1.0)
    world.begin_step()
    world.perceived[...] = world.military_old[:, None, :]
    before = {k: getattr(world, k).copy() for k in ("military", "gdp", "military_old")}
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    out = module.step(world, params().resolve(states), rng)
    name = getattr(module, "__name__", repr(module))
    if out is not world:
        raise AssertionError(f"mechanism {name}: step must return the world it was given")
    if rng.bit_generator.state != state:
        raise AssertionError(f"mechanism {name}: draws random numbers at its neutral keys")
    for k, v in before.items():
        if not np.array_equal(getattr(world, k), v):
            raise AssertionError(f"mechanism {name}: changes {k} at its neutral keys")


# --------------------------------------------------------------------------------------------
# determinism
# --------------------------------------------------------------------------------------------
def assert_trajectories_equal(a: Any, b: Any) -> None:
    """Check that two trajectories are bit-identical (data, types, summaries and events).

    Parameters
    ----------
    a, b
        :class:`~realpolitik.engine.Trajectory` objects.

    Raises
    ------
    AssertionError
        Naming the first variable or event column that differs.
    """
    for name in ("military", "gdp", "budget_share", "greedy", "growth"):
        x, y = a.array(name), b.array(name)
        if x.shape != y.shape or x.dtype != y.dtype:
            raise AssertionError(f"{name}: shape/dtype {x.shape}/{x.dtype} vs {y.shape}/{y.dtype}")
        if not np.array_equal(x, y, equal_nan=x.dtype.kind == "f"):
            diff = np.argwhere(~((x == y) | (np.isnan(x) & np.isnan(y))) if x.dtype.kind == "f"
                               else x != y)[0]  # fmt: skip
            raise AssertionError(f"{name} differs first at {tuple(int(i) for i in diff)}")
    names_a = tuple(getattr(a, "summary_names", ()))
    names_b = tuple(getattr(b, "summary_names", ()))
    if names_a != names_b:
        raise AssertionError(f"summaries differ: {names_a} vs {names_b}")
    for name in names_a:
        if not np.array_equal(a.array(name), b.array(name), equal_nan=True):
            raise AssertionError(f"summary {name!r} differs")
    pairs_a = tuple(getattr(a, "pair_names", ()))
    if pairs_a != tuple(getattr(b, "pair_names", ())):
        raise AssertionError(f"pair-level records differ: {pairs_a} vs {b.pair_names}")
    for name in pairs_a:
        if not np.array_equal(a.array(name), b.array(name), equal_nan=True):
            raise AssertionError(f"pair-level record {name!r} differs")
    ea, eb = a.event_arrays(), b.event_arrays()
    if list(ea) != list(eb):
        raise AssertionError(f"event columns differ: {list(ea)} vs {list(eb)}")
    for name in ea:
        if not np.array_equal(ea[name], eb[name]):
            raise AssertionError(
                f"events differ in column {name!r} ({ea[name].size} vs {eb[name].size} rows)"
            )


def check_determinism(
    run: Callable[..., Any] | None = None,
    /,
    *,
    seed: int = 0,
    other_seed: int = 1,
    workers: Sequence[int] | None = (1, 2),
    **kwargs: Any,
) -> None:
    """Check that a simulation is a function of its seed, whatever the number of workers.

    Runs ``run(seed=seed, workers=w, **kwargs)`` for every ``w`` in ``workers`` and once more
    with the first; all must be bit-identical. Then ``run(seed=other_seed, ...)`` must differ.

    Parameters
    ----------
    run
        A callable returning a Trajectory (default :func:`realpolitik.engine.simulate`).
    seed, other_seed
        The seed to repeat and the seed that must give another result.
    workers
        Worker counts to compare; None calls ``run`` without a ``workers`` argument.
    **kwargs
        Passed to ``run`` (for ``simulate``: params, states, runs, years, chunk_size...).

    Raises
    ------
    AssertionError
        If two runs with the same seed differ, or two seeds give the same result.
    """
    if run is None:
        from realpolitik.engine import simulate as run
    counts: list[int | None] = [None] if workers is None else list(workers)
    if not counts:
        raise ValueError("workers must name at least one worker count (or be None)")

    def call(s: int, w: int | None) -> Any:
        return run(seed=s, **kwargs) if w is None else run(seed=s, workers=w, **kwargs)

    first = call(seed, counts[0])
    for w in [*counts[1:], counts[0]]:
        try:
            assert_trajectories_equal(first, call(seed, w))
        except AssertionError as err:
            raise AssertionError(
                f"seed {seed}: workers={counts[0]} and workers={w} differ: {err}"
            ) from None
    try:
        assert_trajectories_equal(first, call(other_seed, counts[0]))
    except AssertionError:
        return
    raise AssertionError(f"seeds {seed} and {other_seed} gave identical results")


# --------------------------------------------------------------------------------------------
# agreement of stochastic samples
# --------------------------------------------------------------------------------------------
def sample_from_trajectory(trajectory: Any) -> dict[str, np.ndarray]:
    """Return the sample :func:`agreement` compares, from a trajectory.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.

    Returns
    -------
    dict
        ``final_military`` and ``final_gdp`` (float64, the last year pooled over runs and
        states) and ``wars_per_run`` (int64, one per run).
    """
    return {
        "final_military": np.asarray(trajectory.array("military")[:, -1, :], np.float64).ravel(),
        "final_gdp": np.asarray(trajectory.array("gdp")[:, -1, :], np.float64).ravel(),
        "wars_per_run": np.asarray(trajectory.wars_per_run(), dtype=np.int64),
    }


def _sample(sample: Mapping[str, Any], which: str) -> dict[str, np.ndarray]:
    if not isinstance(sample, Mapping):
        raise ValueError(f"{which} must be a mapping with keys {list(SAMPLE_KEYS)}")
    missing = [k for k in SAMPLE_KEYS if k not in sample]
    if missing:
        raise ValueError(f"{which} lacks keys {missing}; expected {list(SAMPLE_KEYS)}")
    out = {}
    for k in SAMPLE_KEYS:
        arr = np.asarray(sample[k], dtype=np.float64).ravel()
        if arr.size < 2 or not np.isfinite(arr).all():
            raise ValueError(f"{which}[{k!r}] must hold at least 2 finite values")
        out[k] = arr
    if not np.all(out["wars_per_run"] == np.round(out["wars_per_run"])):
        raise ValueError(f"{which}['wars_per_run'] must hold integers")
    return out


def merged_histogram(
    a: np.ndarray, b: np.ndarray, min_expected: float = MIN_EXPECTED
) -> np.ndarray:
    """Return the 2 x K contingency table of two count samples, sparse bins merged.

    Bins are the distinct values in increasing order; adjacent bins are merged (from the
    lowest up) until every expected count of the table is >= ``min_expected``; a remainder at
    the top joins the last bin.

    Parameters
    ----------
    a, b
        Integer-valued samples.
    min_expected
        The minimum expected count per cell.

    Returns
    -------
    numpy.ndarray
        Shape (2, K), K >= 1.
    """
    values = np.union1d(a, b)
    ca = np.array([(a == v).sum() for v in values], dtype=np.float64)
    cb = np.array([(b == v).sum() for v in values], dtype=np.float64)
    share = min(a.size, b.size) / (a.size + b.size)
    cols: list[list[float]] = []
    cur = [0.0, 0.0]
    for x, y in zip(ca, cb, strict=True):
        cur = [cur[0] + x, cur[1] + y]
        if (cur[0] + cur[1]) * share >= min_expected:
            cols.append(cur)
            cur = [0.0, 0.0]
    if cur[0] + cur[1] > 0:
        if cols:
            cols[-1] = [cols[-1][0] + cur[0], cols[-1][1] + cur[1]]
        else:
            cols.append(cur)
    return np.array(cols, dtype=np.float64).T


def agreement(
    sample_a: Mapping[str, Any],
    sample_b: Mapping[str, Any],
    *,
    alpha: float = ALPHA,
    z_max: float = Z_MAX,
) -> Any:
    """Compare two samples of a stochastic model (CORE_MODEL.md, "What agree means").

    Parameters
    ----------
    sample_a, sample_b
        Mappings with ``final_military`` and ``final_gdp`` (1-D, pooled over states) and
        ``wars_per_run`` (1-D integers), e.g. from :func:`sample_from_trajectory`.
    alpha
        The level at which a test rejects (default 0.001).
    z_max
        The largest |z| on a mean that passes (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per statistic, columns statistic, test, value, p_value, passes: KS on
        final_military and final_gdp, chi2 on wars_per_run (passes: p >= alpha), and z_mean on
        each of the three means (passes: |z| < z_max; p_value two-sided normal).

    Raises
    ------
    ValueError
        If a sample lacks a key or holds fewer than 2 finite values.
    """
    import pandas as pd
    from scipy import stats

    a = _sample(sample_a, "sample_a")
    b = _sample(sample_b, "sample_b")
    rows = []
    for key in ("final_military", "final_gdp"):
        res = stats.ks_2samp(a[key], b[key])
        p = float(res.pvalue)
        rows.append((key, "ks", float(res.statistic), p, p >= alpha))
    table = merged_histogram(a["wars_per_run"], b["wars_per_run"])
    if table.shape[1] < 2:
        rows.append(("wars_per_run", "chi2", 0.0, 1.0, True))
    else:
        chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
        rows.append(("wars_per_run", "chi2", float(chi2), float(p), float(p) >= alpha))
    for key in SAMPLE_KEYS:
        x, y = a[key], b[key]
        se = math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        diff = float(x.mean() - y.mean())
        z = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
        p = float(2 * stats.norm.sf(abs(z)))
        rows.append((key, "z_mean", z, p, abs(z) < z_max))
    df = pd.DataFrame(rows, columns=["statistic", "test", "value", "p_value", "passes"])
    df["passes"] = df["passes"].astype(bool)
    return df


def assert_agreement(
    sample_a: Mapping[str, Any],
    sample_b: Mapping[str, Any],
    *,
    alpha: float = ALPHA,
    z_max: float = Z_MAX,
) -> Any:
    """Check that two samples agree (:func:`agreement`); return the table.

    Parameters
    ----------
    sample_a, sample_b
        As for :func:`agreement`.
    alpha, z_max
        As for :func:`agreement`.

    Returns
    -------
    pandas.DataFrame
        The agreement table (every row passes).

    Raises
    ------
    AssertionError
        Listing the table when any statistic fails.
    """
    table = agreement(sample_a, sample_b, alpha=alpha, z_max=z_max)
    if not table["passes"].all():
        raise AssertionError("samples disagree:\n" + table.to_string(index=False))
    return table


# --------------------------------------------------------------------------------------------
# speed
# --------------------------------------------------------------------------------------------
def measure_speed(
    params: Any = None,
    *,
    states: int = 8,
    runs: int = 10_000,
    years: int = 200,
    seed: int = 0,
    workers: int = 1,
    chunk_size: int = 1024,
) -> dict[str, float]:
    """Measure the engine's speed and the limit its random draws set, the same way.

    Runs :func:`~realpolitik.engine.simulate` once (after a small warm-up that compiles the
    kernel) and :func:`~realpolitik.engine.time_draws` with the same chunks and workers.

    Parameters
    ----------
    params
        The parameters (default :meth:`Params.core`).
    states, runs, years, seed, workers, chunk_size
        As for :func:`~realpolitik.engine.simulate`.

    Returns
    -------
    dict
        ``seconds``, ``state_steps_per_s``, ``draws_seconds``, ``draws_state_steps_per_s``
        and ``ratio_to_draws`` (simulation time / draws time).
    """
    from realpolitik.engine import Params, simulate, time_draws

    params = Params.core() if params is None else params
    simulate(params, states=states, runs=2, years=2, seed=seed)
    t0 = time.perf_counter()
    simulate(
        params,
        states=states,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        chunk_size=chunk_size,
    )
    seconds = time.perf_counter() - t0
    draws = time_draws(
        params,
        states=states,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        chunk_size=chunk_size,
    )
    work = float(states) * years * runs
    return {
        "seconds": seconds,
        "state_steps_per_s": work / seconds,
        "draws_seconds": draws,
        "draws_state_steps_per_s": work / draws,
        "ratio_to_draws": seconds / draws,
    }

"""Invariants and equality of trajectories: what every simulation must satisfy.

Source: docs/mechanisms.md (the event schema and the engine contract). Every check raises
``AssertionError`` with a message saying what failed, so it can be called inside any test
framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "assert_trajectories_equal",
    "check_determinism",
    "check_invariants",
    "check_probabilities",
]


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
    (misperceived, nuclear, conceded, rung, and any column a mechanism declares) are the same
    on a war row as on its crisis row, a conceded crisis has no war, and rungs lie in [0, 127].

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.

    Raises
    ------
    AssertionError
        Saying which invariant failed, where and with which value.
    """
    m = trajectory.array("military")
    greedy = trajectory.array("greedy")
    n_runs, n_years1, n_states = m.shape
    _check_stock(m, "military")
    _check_stock(trajectory.array("gdp"), "gdp")
    if greedy.dtype != bool or greedy.shape != (n_runs, n_states):
        raise AssertionError(
            f"greedy must be a bool array {(n_runs, n_states)}, got {greedy.dtype}"
        )
    _check_shares(trajectory, n_states)
    ev = trajectory.event_arrays()
    problems = _range_problems(ev, m.shape)
    if problems:
        raise AssertionError("event table invariants failed: " + "; ".join(problems))
    if ev["run"].size:
        problems = _row_problems(ev, greedy)
        if "n_joiners" in ev:
            problems.extend(_joiner_problems(ev, n_states))
        key = ev["run"].astype(np.int64) * n_years1 + ev["year"]
        if (np.diff(key) < 0).any():
            problems.append("events not sorted by run and year")
    if problems:
        raise AssertionError("event table invariants failed: " + "; ".join(problems))


def _check_shares(trajectory: Any, n_states: int) -> None:
    """Check the budget shares of years 1..T: finite, >= 0 and within the cap."""
    s = trajectory.array("budget_share")[:, 1:]
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


def _range_problems(ev: Mapping[str, np.ndarray], shape: tuple[int, ...]) -> list[str]:
    """Return what is out of range in the event columns (lengths, runs, years, kinds, states)."""
    n_runs, n_years1, n_states = shape
    run, year, kind = ev["run"], ev["year"], ev["kind"]
    n = run.size
    problems = []
    if not all(a.size == n for k, a in ev.items() if k != "joiners"):
        problems.append("event columns differ in length")
    if not n:
        return problems
    if run.min() < 0 or run.max() >= n_runs:
        problems.append(f"event run outside [0, {n_runs})")
    if year.min() < 1 or year.max() > n_years1 - 1:
        problems.append(f"event year outside [1, {n_years1 - 1}]")
    if not np.isin(kind, (0, 1)).all():
        problems.append("event kind not in {crisis, war}")
    for name in ("initiator", "target"):
        if ev[name].min() < 0 or ev[name].max() >= n_states:
            problems.append(f"event {name} outside [0, {n_states})")
    if (ev["initiator"] == ev["target"]).any():
        problems.append("an event's initiator is its own target")
    return problems


_NOT_ATTRIBUTES = frozenset({"run", "year", "kind", "winner", "label", "n_joiners", "joiners"})
"""Event columns that may differ between a crisis row and its war row."""


def _row_problems(ev: Mapping[str, np.ndarray], greedy: np.ndarray) -> list[str]:
    """Return what is wrong with the crisis and war rows (winners, labels, attributes)."""
    from realpolitik.engine.recorder import LABELS

    run, year, kind = ev["run"], ev["year"], ev["kind"]
    ini, tgt, win, lab = ev["initiator"], ev["target"], ev["winner"], ev["label"]
    problems = []
    crisis = kind == 0
    if (win[crisis] != -1).any() or (lab[crisis] != -1).any():
        problems.append("a crisis row has a winner or a label")
    w = np.flatnonzero(kind == 1)
    if w.size:
        if not ((win[w] == ini[w]) | (win[w] == tgt[w])).all():
            problems.append("a war's winner is not one of its sides")
        strike = ev["strike"][w].astype(bool) if "strike" in ev else np.zeros(w.size, bool)
        wc, prev = w[~strike], w[~strike] - 1  # a strike (no demand before it) has no crisis row
        if (prev < 0).any():
            problems.append("a war row without its crisis row")
        else:
            same = (kind[prev] == 0) & (run[prev] == run[wc]) & (year[prev] == year[wc])
            if not (same & (ini[prev] == ini[wc]) & (tgt[prev] == tgt[wc])).all():
                problems.append("a war row does not follow the crisis row of its dyad")
            for name in (k for k in ev if k not in _NOT_ATTRIBUTES | {"initiator", "target"}):
                if not np.array_equal(ev[name][wc], ev[name][prev], equal_nan=True):
                    problems.append(f"a war row's {name} differs from its crisis row's")
        if not np.isin(lab[w], np.arange(len(LABELS))).all():
            problems.append("a war has no valid label")
        else:
            expect = np.where(greedy[run[w], ini[w]], 1, np.where(greedy[run[w], tgt[w]], 2, 0))
            if (expect != lab[w]).any():
                problems.append("a war's label does not match its sides' true types")
        if "conceded" in ev and ev["conceded"][w].any():
            problems.append("a conceded crisis became a war")
    if "rung" in ev and ((ev["rung"] < 0) | (ev["rung"] > 127)).any():
        problems.append("an event's rung is outside [0, 127]")
    return problems


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
        nan = ea[name].dtype.kind == "f" and eb[name].dtype.kind == "f"
        if not np.array_equal(ea[name], eb[name], equal_nan=nan):
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

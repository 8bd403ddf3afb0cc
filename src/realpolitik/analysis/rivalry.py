"""Arms races between pairs of states, their onsets, and the arms-race/war odds ratio.

An arms race between two states is a run of at least ``years`` (3) consecutive years in which
both raised their military by at least ``growth`` (8%) a year: Diehl's (1983) criterion of
mutual military build-up, applied pair by pair as in the lists of Gibler, Rider and Hutchison
(2005). The functions here find every race episode of every unordered pair in every run (numpy,
vectorised over runs, pairs and years), rate their onsets per pair-century, test whether onsets
bunch in the first recorded years (a start-up climb rather than races of the model's own), and
estimate the odds that a dispute between two states becomes a war when they were racing
(Wallace 1979; Diehl 1983; Sample 1997), each with a 95% interval for which the run is the unit.

Conventions
-----------
- ``military``: ``(runs, T + 1, states)`` yearly military, year 0 the initial state (a numpy
  array or a DataArray with dims run, year, state, read ``BLOCK`` runs at a time). Year t
  (1..T) is a year of growth for a state when ``m_t >= (1 + growth) m_{t-1}`` and ``m_t > 0``.
- A *race year* of a pair is a year inside one of its episodes; an episode is a maximal run of
  consecutive years of growth of both states of length >= ``years``; its *onset* is its first
  year, its *end* its last. An episode that starts in year 1 may have begun before recording.
- A *dispute* is a crisis row of the event table, or a war row without a crisis row of the same
  run, year and unordered pair (the strategic engine's preventive and preemptive wars); it
  *became a war* when a war row of the same run, year and pair exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.analysis.intervals import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    Z95,
    bootstrap_mean_interval,
    cluster_bootstrap_interval,
    clustered_share_interval,
)
from realpolitik.analysis.outcomes import ARMS_RACE_GROWTH, ARMS_RACE_YEARS, BLOCK, METRIC_COLUMNS
from realpolitik.analysis.vocabulary import EVENT_KINDS, codes_of

__all__ = [
    "EARLY_YEARS",
    "EPISODE_COLUMNS",
    "RACE_WINDOW",
    "OnsetRate",
    "OnsetTiming",
    "RaceWarOdds",
    "disputes",
    "odds_ratio",
    "race_episodes",
    "race_onset_rate",
    "race_onset_timing",
    "race_war_odds",
    "rivalry_metrics",
]

RACE_WINDOW = 5
"""Years before a dispute in which a race counts as exposure (Diehl 1983 looks back 5-10)."""
EARLY_YEARS = 10
"""The first recorded years whose share of onsets :func:`race_onset_timing` tests."""
EPISODE_COLUMNS = ("run", "i", "j", "onset", "end")
"""The columns of :func:`race_episodes`: run, the pair i < j, first and last race year."""

_CRISIS, _WAR = EVENT_KINDS.index("crisis"), EVENT_KINDS.index("war")


def _check(growth: float, years: int) -> None:
    if not (math.isfinite(growth) and growth >= 0):
        raise ValueError(f"growth = {growth!r} is not allowed; use a finite share >= 0")
    if int(years) != years or years < 1:
        raise ValueError(f"years = {years!r} is not allowed; use an integer >= 1")


def _both_grew(m: np.ndarray, growth: float) -> np.ndarray:
    """Return ``(runs, pairs, T)`` bool: both states of the pair grew >= growth in year t + 1."""
    grew = (m[:, 1:] >= (1.0 + growth) * m[:, :-1]) & (m[:, 1:] > 0)
    i, j = np.triu_indices(m.shape[2], k=1)
    return np.swapaxes(grew[:, :, i] & grew[:, :, j], 1, 2)


def _episodes_of(both: np.ndarray, years: int) -> tuple[np.ndarray, ...]:
    """(run, pair, start index, stop index) of runs of True of length >= years along axis 2."""
    edge = np.diff(np.pad(both, ((0, 0), (0, 0), (1, 1))).astype(np.int8), axis=2)
    r, p, start = np.nonzero(edge == 1)
    stop = np.nonzero(edge == -1)[2]  # C order: each stop follows its start
    keep = stop - start >= years
    return r[keep], p[keep], start[keep], stop[keep]


def _blocks(military: Any, growth: float, years: int) -> Any:
    """Yield (first run, both-grew block, its episodes) BLOCK runs at a time."""
    for lo in range(0, military.shape[0], BLOCK):
        both = _both_grew(np.asarray(military[lo : lo + BLOCK], dtype=np.float64), growth)
        yield lo, both, _episodes_of(both, years)


def race_episodes(
    military: Any, growth: float = ARMS_RACE_GROWTH, years: int = ARMS_RACE_YEARS
) -> Any:
    """Return every arms-race episode of every pair of states in every run.

    Diehl's (1983) criterion applied to each unordered pair (Gibler, Rider and Hutchison
    2005): both states' military grows by at least ``growth`` a year for at least ``years``
    consecutive years. Vectorised over runs, pairs and years (no loop per pair or year).

    Parameters
    ----------
    military
        ``(runs, T + 1, states)`` yearly military (see the module docstring).
    growth
        The minimum yearly growth of both sides (default 0.08 = 8%), >= 0.
    years
        The minimum number of consecutive years of that growth (default 3), >= 1.

    Returns
    -------
    pandas.DataFrame
        Columns run, i, j (the pair, i < j), onset and end (the first and last race year,
        1..T), int64, one row per episode, sorted by run, pair and onset.

    Raises
    ------
    ValueError
        For a negative or non-finite growth or years < 1.
    """
    import pandas as pd

    _check(growth, years)
    iu, ju = np.triu_indices(military.shape[2], k=1)
    parts = []
    for lo, _, (r, p, start, stop) in _blocks(military, growth, years):
        parts.append(np.stack([r + lo, iu[p], ju[p], start + 1, stop]).astype(np.int64))
    table = np.concatenate(parts, axis=1) if parts else np.zeros((5, 0), np.int64)
    return pd.DataFrame(dict(zip(EPISODE_COLUMNS, table, strict=True)))


@dataclass(frozen=True)
class OnsetRate:
    """Race onsets per pair-century with a 95% interval (:func:`race_onset_rate`).

    Attributes
    ----------
    value, lo, hi : float
        Onsets / (pairs x recorded years / 100) and its interval.
    onsets, runs, pairs, years : int
        Onsets in all runs, runs, pairs per run (N (N - 1) / 2) and recorded years T.
    method : str
        ``"bootstrap"`` (percentile bootstrap of onsets per run over runs) or
        ``"exact Poisson"`` (every run had the same count, e.g. none: the bootstrap would be a
        point, so the Garwood (1936) interval of the total count is used).
    """

    value: float
    lo: float
    hi: float
    onsets: int
    runs: int
    pairs: int
    years: int
    method: str


def race_onset_rate(
    episodes: Any,
    runs: int,
    states: int,
    years: int,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> OnsetRate:
    """Return the rate of arms-race onsets per pair-century, with an interval over runs.

    The rate is ``onsets / (pairs x years / 100)``, the unit of the Gibler, Rider and
    Hutchison (2005) counts (roughly one race per major-power pair-century). Its interval
    resamples runs (percentile bootstrap of onsets per run, Efron and Tibshirani 1993), or,
    where every run has the same count, takes the exact Poisson interval of the total
    (Garwood 1936); ``method`` says which.

    Parameters
    ----------
    episodes
        :func:`race_episodes`' table (a mapping with a ``run`` column will do).
    runs
        The number of runs (>= 1; runs must lie in 0..runs-1).
    states
        The number of states (>= 2).
    years
        The number of recorded years T (>= 1).
    resamples, seed
        The bootstrap's resamples (default 2000) and seed (default 0).

    Returns
    -------
    OnsetRate

    Raises
    ------
    ValueError
        For runs < 1, states < 2, years < 1 or episodes of runs outside 0..runs-1.
    """
    if runs < 1 or states < 2 or years < 1:
        raise ValueError(
            f"runs = {runs}, states = {states}, years = {years}: need runs >= 1, states >= 2 "
            "and years >= 1 for a rate per pair-century"
        )
    per_run = _per_run(np.asarray(episodes["run"], dtype=np.int64), runs)
    pairs = states * (states - 1) // 2
    scale = 100.0 / (pairs * years)
    lo, hi = bootstrap_mean_interval(per_run, resamples=resamples, seed=seed)
    method = "exact Poisson" if np.all(per_run == per_run[0]) else "bootstrap"
    return OnsetRate(float(per_run.mean()) * scale, lo * scale, hi * scale,
                     int(per_run.sum()), runs, pairs, years, method)  # fmt: skip


def _per_run(run: np.ndarray, runs: int) -> np.ndarray:
    if run.size and (run.min() < 0 or run.max() >= runs):
        raise ValueError(f"column 'run' holds runs outside 0..{runs - 1}")
    return np.bincount(run, minlength=runs).astype(np.int64)


@dataclass(frozen=True)
class OnsetTiming:
    """Whether race onsets bunch in the first recorded years (:func:`race_onset_timing`).

    Attributes
    ----------
    ratio, lo, hi : float
        (share of onsets in the first ``early_years``) / ``expected``, and its 95% interval;
        1 means onsets as frequent early as later, above 1 a start-up climb. NaN without
        onsets or when the early years cover every possible onset year.
    share, expected : float
        The observed share of onsets in the early years, and the share of the possible onset
        years (1..T - years + 1) that those years make up.
    early, onsets : int
        Onsets in the early years, and in all.
    """

    ratio: float
    lo: float
    hi: float
    share: float
    expected: float
    early: int
    onsets: int


def race_onset_timing(
    episodes: Any,
    runs: int,
    horizon: int,
    *,
    years: int = ARMS_RACE_YEARS,
    early_years: int = EARLY_YEARS,
) -> OnsetTiming:
    """Return the share of race onsets in the first recorded years against its share of time.

    An onset can fall in years 1..T - years + 1 (a race needs ``years`` years of growth); the
    first ``early_years`` of them make up ``expected`` of that span. If races were the model's
    own, their onsets would be spread like the years (ratio near 1); a ratio above 1 says they
    are the climb from the initial state (a start-up transient, which a burn-in before
    recording removes). The share's interval is the run-clustered Wilson interval of
    :func:`~realpolitik.analysis.intervals.clustered_share_interval` (Wilson 1927; Kish 1965),
    divided by the fixed ``expected``.

    Parameters
    ----------
    episodes
        :func:`race_episodes`' table (columns run and onset).
    runs
        The number of runs (>= 1).
    horizon
        The number of recorded years T.
    years
        The race length the episodes were found with (default 3).
    early_years
        The early years tested (default 10), >= 1.

    Returns
    -------
    OnsetTiming
    """
    if early_years < 1:
        raise ValueError(f"early_years = {early_years!r} is not allowed; use an integer >= 1")
    run = np.asarray(episodes["run"], dtype=np.int64)
    early = np.asarray(episodes["onset"], dtype=np.int64) <= early_years
    total = _per_run(run, runs)
    span = max(horizon - years + 1, 0)
    expected = min(early_years, span) / span if span else math.nan
    share, lo, hi = (float(x) for x in clustered_share_interval(_per_run(run[early], runs), total))
    usable = int(total.sum()) > 0 and expected < 1.0
    ratio = (share / expected, lo / expected, hi / expected) if usable else (math.nan,) * 3
    return OnsetTiming(*ratio, share, expected, int(early.sum()), int(total.sum()))


def disputes(events: Any, runs: int, states: int) -> dict[str, np.ndarray]:
    """Return the disputes of an event table: one per run, year and unordered pair.

    A dispute is a crisis row, or a war row without a crisis row (a preventive or preemptive
    war of the strategic engine); it became a war when the run, year and pair has a war row.
    This is the unit of Diehl (1983) and Sample (1997): militarised disputes between two
    states, some of which escalate to war.

    Parameters
    ----------
    events
        The event table (DataFrame or mapping of columns run, year, kind, initiator, target;
        kind as names or codes of ``EVENT_KINDS``).
    runs, states
        The numbers of runs and states (run in 0..runs-1, initiator and target in
        0..states-1).

    Returns
    -------
    dict
        ``run``, ``year``, ``i``, ``j`` (the pair, i < j; int64) and ``war`` (bool), one value
        per dispute, sorted by run, year and pair.

    Raises
    ------
    ValueError
        For missing columns or runs or states out of range.
    """
    missing = [c for c in ("run", "year", "kind", "initiator", "target") if c not in events]
    if missing:
        raise ValueError(f"events lack columns {missing}")
    kind = codes_of(events["kind"], EVENT_KINDS, "kind")
    run = np.asarray(events["run"], dtype=np.int64)
    year = np.asarray(events["year"], dtype=np.int64)
    a = np.asarray(events["initiator"], dtype=np.int64)
    b = np.asarray(events["target"], dtype=np.int64)
    _per_run(run, runs)
    for name, side in (("initiator", a), ("target", b)):
        if side.size and (side.min() < 0 or side.max() >= states):
            raise ValueError(f"events column {name!r} holds states outside 0..{states - 1}")
    i, j = np.minimum(a, b), np.maximum(a, b)
    span = int(year.max()) + 1 if year.size else 1
    key = ((run * span + year) * states + i) * states + j
    keys, inverse = np.unique(key, return_inverse=True)
    war = np.zeros(keys.size, dtype=bool)
    np.logical_or.at(war, inverse, kind == _WAR)
    pair_j = keys % states
    rest = keys // states
    return {"run": rest // states // span, "year": rest // states % span, "i": rest % states,
            "j": pair_j, "war": war}  # fmt: skip


def _exposed(military: Any, found: dict[str, np.ndarray], growth: float, years: int,
             window: int) -> np.ndarray:  # fmt: skip
    """Whether each dispute's pair had a race year in years d - window .. d."""
    n = military.shape[2]
    horizon = military.shape[1] - 1
    d = found["year"]
    if d.size and (d.min() < 1 or d.max() > horizon):
        raise ValueError(f"events column 'year' holds years outside 1..{horizon}")
    pair = found["i"] * n - found["i"] * (found["i"] + 1) // 2 + found["j"] - found["i"] - 1
    out = np.zeros(d.size, dtype=bool)
    for lo, both, (r, p, start, stop) in _blocks(military, growth, years):
        sel = (found["run"] >= lo) & (found["run"] < lo + both.shape[0])
        step = np.zeros((both.shape[0], both.shape[1], both.shape[2] + 1), dtype=np.int32)
        np.add.at(step, (r, p, start), 1)
        np.add.at(step, (r, p, stop), -1)
        racing = np.cumsum(step, axis=2, dtype=np.int32)[:, :, :-1] > 0  # year t + 1 is a race year
        cum = np.pad(np.cumsum(racing, axis=2, dtype=np.int32), ((0, 0), (0, 0), (1, 0)))
        rr, pp, dd = found["run"][sel] - lo, pair[sel], d[sel]
        out[sel] = cum[rr, pp, dd] > cum[rr, pp, np.maximum(dd - window - 1, 0)]
    return out


def odds_ratio(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Return the odds ratio ``(a d) / (b c)`` of 2x2 tables.

    0.5 is added to every cell of a table with an empty cell (Haldane 1956; Anscombe 1956).

    Parameters
    ----------
    a, b, c, d
        Cell counts (array-like, broadcast): exposed & war, exposed & no war, unexposed &
        war, unexposed & no war.

    Returns
    -------
    numpy.ndarray
        float64 odds ratios; NaN where a margin is empty (no exposed or no unexposed dispute,
        no war or no peaceful dispute): the table then says nothing about the association.
    """
    cells = np.stack(np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (a, b, c, d))))
    empty_margin = ((cells[0] + cells[1]) == 0) | ((cells[2] + cells[3]) == 0)
    empty_margin |= ((cells[0] + cells[2]) == 0) | ((cells[1] + cells[3]) == 0)
    cells = cells + 0.5 * (cells == 0).any(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):  # an empty margin: NaN below
        ratio = cells[0] * cells[3] / (cells[1] * cells[2])
    return np.where(empty_margin, np.nan, ratio)


@dataclass(frozen=True)
class RaceWarOdds:
    """The arms-race/war odds ratio of disputes (:func:`race_war_odds`).

    Attributes
    ----------
    a, b, c, d : int
        Disputes: raced & war, raced & no war, no race & war, no race & no war.
    odds_ratio : float
        ``a d / (b c)`` (0.5 added to every cell when one is 0; NaN with an empty margin).
    woolf_lo, woolf_hi : float
        Woolf's (1955) interval ``exp(log OR +- z sqrt(1/a + 1/b + 1/c + 1/d))`` (disputes as
        independent).
    lo, hi : float
        The percentile bootstrap interval resampling runs (disputes clustered in runs).
    disputes, runs : int
        Disputes and runs.
    """

    a: int
    b: int
    c: int
    d: int
    odds_ratio: float
    woolf_lo: float
    woolf_hi: float
    lo: float
    hi: float
    disputes: int
    runs: int


def race_war_odds(
    military: Any,
    events: Any,
    *,
    growth: float = ARMS_RACE_GROWTH,
    years: int = ARMS_RACE_YEARS,
    window: int = RACE_WINDOW,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> RaceWarOdds:
    """Return the odds ratio of war between disputants that were racing, and its intervals.

    The design of Wallace (1979), Diehl (1983) and Sample (1997): the unit is a dispute
    between two states (:func:`disputes`); it is *exposed* when the pair had a race year
    (:func:`race_episodes`) in the ``window`` years before the dispute's year or in that year
    (years d - window .. d; a race whose 3 years of growth begin in the dispute's year
    counts, since arming precedes the year's decisions), and its outcome is whether it became
    a war. The odds ratio is Woolf's (1955) estimator with its interval; the run-clustered
    interval is a percentile bootstrap over runs (Efron and Tibshirani 1993).

    Parameters
    ----------
    military
        ``(runs, T + 1, states)`` yearly military (see the module docstring).
    events
        The event table (see :func:`disputes`), years in 1..T.
    growth, years
        The race criterion (default 8% a year for 3 years).
    window
        Years before the dispute in which a race counts (default 5), >= 0.
    resamples, seed
        The bootstrap's resamples (default 2000) and seed (default 0).

    Returns
    -------
    RaceWarOdds

    Raises
    ------
    ValueError
        For bad options or event columns out of range.
    """
    _check(growth, years)
    if int(window) != window or window < 0:
        raise ValueError(f"window = {window!r} is not allowed; use an integer >= 0")
    runs = military.shape[0]
    found = disputes(events, runs, military.shape[2])
    exposed = _exposed(military, found, growth, years, int(window))
    cell = 2 * (~exposed).astype(np.int64) + (~found["war"]).astype(np.int64)  # a b c d: 0..3
    per_run = np.zeros((runs, 4), dtype=np.int64)
    np.add.at(per_run, (found["run"], cell), 1)
    a, b, c, d = (int(x) for x in per_run.sum(axis=0))
    ratio = float(odds_ratio(a, b, c, d))
    half = Z95 * math.sqrt(sum(1.0 / (x + 0.5 * (min(a, b, c, d) == 0)) for x in (a, b, c, d)))
    woolf = (ratio * math.exp(-half), ratio * math.exp(half)) if math.isfinite(ratio) else (
        math.nan, math.nan)  # fmt: skip
    lo, hi = cluster_bootstrap_interval(
        per_run, lambda s: odds_ratio(*s.T), resamples=resamples, seed=seed
    )
    return RaceWarOdds(a, b, c, d, ratio, *woolf, lo, hi, int(exposed.size), runs)


def rivalry_metrics(
    data: Any,
    events: Any,
    *,
    growth: float = ARMS_RACE_GROWTH,
    years: int = ARMS_RACE_YEARS,
    window: int = RACE_WINDOW,
    early_years: int = EARLY_YEARS,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> Any:
    """Return the pair-level arms-race metrics as a tidy table (columns of ``METRIC_COLUMNS``).

    Rows: ``race_onsets_per_pair_century`` (:func:`race_onset_rate`, n = runs),
    ``race_onset_early_ratio`` (:func:`race_onset_timing`, n = onsets),
    ``race_war_odds_ratio`` (:func:`race_war_odds`, run-clustered bootstrap interval,
    n = disputes) and ``race_war_odds_ratio_woolf`` (the same estimate, Woolf's interval).

    Parameters
    ----------
    data
        The xarray Dataset (run, year, state) with ``military``; its years consecutive.
    events
        The event table (see :func:`disputes`).
    growth, years, window, early_years, resamples
        See :func:`race_episodes`, :func:`race_war_odds` and :func:`race_onset_timing`.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    if "year" in data.coords and np.any(np.diff(np.asarray(data["year"])) != 1):
        raise ValueError("data 'year' must be consecutive years: the race criterion is yearly")
    military = data["military"].transpose("run", "year", "state")
    runs, horizon, states = military.shape[0], military.shape[1] - 1, military.shape[2]
    episodes = race_episodes(military, growth, years)
    rate = race_onset_rate(episodes, runs, states, max(horizon, 1), resamples=resamples)
    timing = race_onset_timing(episodes, runs, horizon, years=years, early_years=early_years)
    odds = race_war_odds(military, events, growth=growth, years=years, window=window,
                         resamples=resamples)  # fmt: skip
    rows = [
        ("race_onsets_per_pair_century", rate.value, rate.lo, rate.hi, runs),
        ("race_onset_early_ratio", timing.ratio, timing.lo, timing.hi, timing.onsets),
        ("race_war_odds_ratio", odds.odds_ratio, odds.lo, odds.hi, odds.disputes),
        ("race_war_odds_ratio_woolf", odds.odds_ratio, odds.woolf_lo, odds.woolf_hi,
         odds.disputes),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))

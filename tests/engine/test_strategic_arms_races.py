"""Arms races happen for the strategic engine's own reasons (docs/strategic.md, "Arming").

With the burden law (``arming_law = "burden"``) each state chooses its defence burden from what
it fears and covets from the rival that matters most to it, and new leaders' beliefs restart
from the prior (``leader_turnover``). After the burn-in, Diehl's arms races (both sides' military
growing by at least 8% a year for 3 years; Diehl 1983) occur at a steady rate, not as a climb out
of the initial state, and they are more frequent between pairs that mistrust each other. The run
is the unit of every 95% interval (a run-clustered bootstrap).
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.analysis.intervals import cluster_bootstrap_interval
from realpolitik.analysis.rivalry import race_episodes, race_onset_rate, race_onset_timing
from realpolitik.engine import Params, simulate

RUNS, YEARS, STATES, SEED = 200, 100, 8, 7
BURDEN = dict(arming_law="burden", leader_turnover=0.05)
MISTRUST = 0.5  # a pair mistrusts when one side believes the other more likely greedy


@pytest.fixture(scope="module")
def burnt_in():
    tr = simulate(Params.strategic(**BURDEN), states=STATES, runs=RUNS, years=YEARS, seed=SEED,
                  record=("beliefs",))  # fmt: skip
    military = tr.data["military"].transpose("run", "year", "state").values
    return tr, military, race_episodes(military)


def test_after_the_burn_in_arms_races_occur_at_a_rate_that_excludes_zero(burnt_in):
    _, _, episodes = burnt_in
    rate = race_onset_rate(episodes, RUNS, STATES, YEARS)
    assert rate.lo > 0.0, rate  # onsets per pair-century (measured 0.021 [0.016, 0.027])


def test_race_onsets_in_the_first_ten_recorded_years_are_no_more_frequent_than_later(burnt_in):
    _, _, episodes = burnt_in
    timing = race_onset_timing(episodes, RUNS, YEARS)
    # ratio 1: onsets spread like the years; above 1 would be the climb out of the start
    assert timing.onsets > 100 and timing.lo < 1.0, timing


def test_arms_races_start_more_often_between_pairs_that_mistrust_each_other(burnt_in):
    tr, _, episodes = burnt_in
    mu = tr.data["beliefs"].values  # (run, year, i, j): i's belief that j is a security seeker
    i, j = np.triu_indices(STATES, 1)
    # the pair's trust the year before each possible onset (years 1 .. T - 2)
    pair = np.minimum(mu[:, :-3, i, j], mu[:, :-3, j, i])
    distrust = pair < MISTRUST  # (run, year before onset, pair)
    at = {(int(r), int(y) - 1, int(a), int(b)) for r, y, a, b in
          episodes[["run", "onset", "i", "j"]].itertuples(index=False)}  # fmt: skip
    onset = np.zeros_like(distrust)
    col = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(i, j, strict=True))}
    for r, y, a, b in at:
        if y < onset.shape[1]:
            onset[r, y, col[(a, b)]] = True
    per_run = np.stack(
        [(onset & distrust).sum(axis=(1, 2)), distrust.sum(axis=(1, 2)),
         (onset & ~distrust).sum(axis=(1, 2)), (~distrust).sum(axis=(1, 2))], axis=1,
    ).astype(float)  # fmt: skip

    def difference(s: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return s[:, 0] / s[:, 1] - s[:, 2] / s[:, 3]

    lo, hi = cluster_bootstrap_interval(per_run, difference)
    assert per_run[:, 0].sum() > 20 and lo > 0.0, (per_run.sum(axis=0), lo, hi)

"""Outcomes some cells lack (NULL in a store): metrics over the runs that have them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from realpolitik.experiments.analysis import cell_table, effects


def _runs() -> tuple[pd.DataFrame, pd.DataFrame]:
    n = 8
    runs = pd.DataFrame(
        {
            "cell": np.repeat([0, 1], n),
            "wars": [0, 1] * n,
            "any_war": [False, True] * n,
            "sd_wars": [0, 1] * n,
            "deterrence_failures": 0,
            "justified_preemptions": 0,
            "first_war_year": [-1, 2] * n,
            "arms_burden": 0.05,
            "arms_race": False,
            # a treaty in cell 1 only (as a store gives it: object column with None)
            "treaty_collapsed": [None] * n + [True, False, False, False, None, None, None, None],
            "first_state_attacked": [0.0, 1.0] * n,
        }
    )
    cells = pd.DataFrame({"cell": [0, 1], "intervention": ["baseline", "arms_control"]})
    return runs, cells


def test_a_share_is_over_the_runs_that_have_the_outcome() -> None:
    runs, cells = _runs()
    table = cell_table(runs, cells, resamples=50)
    assert math.isnan(table.loc[0, "treaty_collapse_share"])
    assert table.loc[1, "treaty_collapse_share"] == 0.25  # 1 of the 4 runs that have it
    assert (
        table.loc[1, "treaty_collapse_share_lo"] < 0.25 < table.loc[1, "treaty_collapse_share_hi"]
    )
    assert table.loc[0, "p_any_war"] == 0.5 and table.loc[0, "first_state_attacked_per_run"] == 0.5


def test_an_effect_on_an_outcome_the_baseline_lacks_is_undefined() -> None:
    runs, cells = _runs()
    out = effects(runs, cells).set_index("metric")
    assert math.isnan(out.loc["treaty_collapse_share", "effect"])
    assert not out.loc["treaty_collapse_share", "significant"]
    assert out.loc["p_any_war", "effect"] == 0.0

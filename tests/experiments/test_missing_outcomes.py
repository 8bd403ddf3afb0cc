"""Analysis edge cases: outcomes some cells lack (NULL in a store); Sobol intervals by seed."""

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


def test_sobol_intervals_are_the_same_for_the_same_seed() -> None:
    from SALib.sample import sobol as saltelli

    from realpolitik.experiments.analysis import sobol_indices

    bounds = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    problem = {"num_vars": 2, "names": list(bounds), "bounds": [list(v) for v in bounds.values()]}
    x = saltelli.sample(problem, 16, calc_second_order=False, seed=3)
    cells = pd.DataFrame({"cell": range(len(x)), "intervention": "baseline", "a": x[:, 0],
                          "b": x[:, 1]})  # fmt: skip
    rng = np.random.default_rng(5)
    runs = pd.concat(
        [
            pd.DataFrame(
                {
                    "cell": c,
                    "wars": w,
                    "any_war": w > 0,
                    "sd_wars": w,
                    "deterrence_failures": 0,
                    "justified_preemptions": 0,
                    "first_war_year": -1,
                    "arms_burden": 0.05,
                    "arms_race": False,
                }
            )
            for c, p in enumerate(x[:, 0] * 0.8 + x[:, 1] * 0.1)
            for w in [rng.binomial(1, p, 20)]
        ]
    )
    one, two = (sobol_indices(runs, cells, bounds, seed=0) for _ in range(2))
    pd.testing.assert_frame_equal(one, two)
    assert one.set_index("factor").loc["a", "S1"] > one.set_index("factor").loc["b", "S1"]

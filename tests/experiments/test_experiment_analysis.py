"""Per-cell metrics, effects and Sobol indices on per-run outcomes, with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from realpolitik.analysis import run_outcomes
from realpolitik.engine import Params, simulate
from realpolitik.experiments.analysis import (
    CELL_METRICS,
    RUN_COLUMNS,
    cell_table,
    effects,
    run_table,
    sobol_indices,
)


def _synthetic_runs(rng, cells, runs, p_war, rate):
    """Runs with Bernoulli(p_war) any-war and Poisson(rate) wars among those at war."""
    frames = []
    for cell in cells:
        at_war = rng.random(runs) < p_war[cell]
        wars = np.where(at_war, 1 + rng.poisson(rate[cell], runs), 0)
        frames.append(
            pd.DataFrame(
                {
                    "cell": cell,
                    "wars": wars,
                    "any_war": wars > 0,
                    "sd_wars": wars,
                    "deterrence_failures": np.zeros(runs, dtype=int),
                    "justified_preemptions": np.zeros(runs, dtype=int),
                    "first_war_year": np.where(at_war, rng.integers(1, 50, runs), -1),
                    "arms_burden": rng.normal(0.05, 0.01, runs),
                    "arms_race": rng.random(runs) < 0.5,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _coverage_band(reps: int) -> tuple[float, float]:
    """A 99.9% acceptance band for the coverage of a 95% interval over ``reps`` repetitions."""
    return stats.binom.ppf(0.0005, reps, 0.95) / reps, stats.binom.ppf(0.9995, reps, 0.95) / reps


def test_cell_intervals_cover_the_true_values_about_95_percent_of_the_time():
    reps, runs, p, rate = 400, 60, 0.3, 0.5
    rng = np.random.default_rng(11)
    cells = pd.DataFrame({"cell": range(reps), "intervention": "baseline"})
    runs_df = _synthetic_runs(rng, range(reps), runs, [p] * reps, [rate] * reps)
    table = cell_table(runs_df, cells, resamples=400)
    lo_band, hi_band = _coverage_band(reps)
    truths = {
        "p_any_war": p,
        "wars_per_run": p * (1 + rate),
        "arms_burden": 0.05,
        "arms_race_share": 0.5,
        "time_to_first_war": 25.0,
    }
    for metric, truth in truths.items():
        covered = ((table[f"{metric}_lo"] <= truth) & (truth <= table[f"{metric}_hi"])).mean()
        assert lo_band <= covered <= hi_band, (metric, covered)
    assert (table["runs"] == runs).all()
    # no event at all still gets an interval of honest width
    assert (table["deterrence_failures_per_run"] == 0).all()
    assert (table["deterrence_failures_per_run_hi"] > 0).all()


def test_effect_intervals_cover_the_true_difference_and_detect_a_real_one():
    reps, runs = 300, 80
    rng = np.random.default_rng(5)
    cells = pd.DataFrame(
        {
            "cell": range(2 * reps),
            "intervention": ["baseline", "deterrence"] * reps,
            "point": np.repeat(np.arange(reps), 2),
        }
    )
    p = [0.4, 0.25] * reps
    rate = [0.5, 0.5] * reps
    runs_df = _synthetic_runs(rng, range(2 * reps), runs, p, rate)
    out = effects(runs_df, cells)
    assert set(out["intervention"]) == {"deterrence"}
    assert len(out) == reps * len(CELL_METRICS)
    lo_band, hi_band = _coverage_band(reps)
    truths = {"p_any_war": -0.15, "wars_per_run": -0.15 * 1.5, "arms_burden": 0.0}
    for metric, truth in truths.items():
        rows = out[out["metric"] == metric]
        covered = ((rows["lo"] <= truth) & (truth <= rows["hi"])).mean()
        assert lo_band <= covered <= hi_band, (metric, covered)
    pooled = out[(out["metric"] == "p_any_war")]
    assert pooled["effect"].mean() == pytest.approx(-0.15, abs=0.01)
    # zero on zero: no effect, an interval of honest width around it
    zero = out[out["metric"] == "deterrence_failures_per_run"]
    assert (zero["effect"] == 0).all() and (zero["lo"] < 0).all() and (zero["hi"] > 0).all()


def test_effects_pair_cells_by_their_parameters_without_a_point_column():
    rng = np.random.default_rng(1)
    cells = pd.DataFrame(
        {
            "cell": [0, 1, 2, 3],
            "intervention": ["baseline", "hotline"] * 2,
            "share_greedy": [0.0, 0.0, 0.5, 0.5],
        }
    )
    runs_df = _synthetic_runs(rng, range(4), 200, [0.0, 0.0, 0.9, 0.2], [0.1] * 4)
    out = effects(runs_df, cells)
    p = out[out["metric"] == "p_any_war"].set_index("share_greedy")
    assert p.loc[0.0, "effect"] == 0.0 and not p.loc[0.0, "significant"]
    assert p.loc[0.5, "effect"] < -0.5 and p.loc[0.5, "significant"]
    assert p.loc[0.5, "baseline"] == pytest.approx(runs_df[runs_df.cell == 2].any_war.mean())
    with pytest.raises(ValueError, match="baseline intervention 'none'"):
        effects(runs_df, cells, baseline="none")


def test_bad_tables_are_named():
    cells = pd.DataFrame({"cell": [0], "intervention": ["baseline"]})
    with pytest.raises(ValueError, match="lacks column"):
        cell_table(pd.DataFrame({"cell": [0], "wars": [1]}), cells)
    rng = np.random.default_rng(0)
    runs_df = _synthetic_runs(rng, [0, 7], 5, {0: 0.5, 7: 0.5}, {0: 1, 7: 1})
    with pytest.raises(ValueError, match=r"cell\(s\) \[7\]"):
        cell_table(runs_df, cells)


def test_sobol_indices_of_a_known_linear_model():
    from SALib.sample import sobol as sample

    bounds = {"a": (0.0, 1.0), "b": (0.0, 1.0), "c": (0.0, 1.0)}
    problem = {"num_vars": 3, "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}
    x = sample.sample(problem, 256, calc_second_order=False, seed=3)
    cells = pd.DataFrame(
        {
            "cell": range(len(x)),
            "intervention": "baseline",
            "a": x[:, 0],
            "b": x[:, 1],
            "c": x[:, 2],
        }
    )
    runs_df = pd.DataFrame(
        {
            "cell": np.arange(len(x)),
            "wars": 0,
            "any_war": False,
            "sd_wars": 0,
            "deterrence_failures": 0,
            "justified_preemptions": 0,
            "first_war_year": -1,
            "arms_burden": 4 * x[:, 0] + 2 * x[:, 1],
            "arms_race": False,
        }
    )
    out = sobol_indices(runs_df, cells, bounds, metric="arms_burden", seed=1).set_index("factor")
    # Var(4a) = 16/12, Var(2b) = 4/12: S1 = ST = 0.8, 0.2, 0
    for name, truth in (("a", 0.8), ("b", 0.2), ("c", 0.0)):
        assert out.loc[name, "S1_lo"] - 0.02 <= truth <= out.loc[name, "S1_hi"] + 0.02, name
        assert out.loc[name, "ST"] == pytest.approx(truth, abs=0.05), name
    assert out.loc["a", "S1_lo"] > out.loc["b", "S1_hi"]
    with pytest.raises(ValueError, match="not a Saltelli sample"):
        sobol_indices(runs_df.iloc[:-1], cells.iloc[:-1], bounds, metric="arms_burden")
    with pytest.raises(ValueError, match="metric = 'nope'"):
        sobol_indices(runs_df, cells, bounds, metric="nope")


def test_run_table_from_a_strategic_simulation():
    tr = simulate(
        Params.strategic(burn_in=5, share_greedy=0.5, offense_defense_factor=2.0),
        states=3,
        runs=30,
        years=30,
        seed=2,
    )
    m = tr.data["military"].transpose("run", "year", "state").values
    y = tr.data["gdp"].transpose("run", "year", "state").values
    table = run_table(run_outcomes(m, y, tr.events, 30), cell=4)
    assert list(table.columns) == ["cell", *RUN_COLUMNS] and (table["cell"] == 4).all()
    wars = tr.events[tr.events["kind"] == "war"]
    assert table["wars"].sum() == len(wars)
    assert table["sd_wars"].sum() == int((wars["label"] == "security_dilemma_war").sum())
    assert (table["any_war"] == (table["wars"] > 0)).all()
    metrics = tr.metrics().set_index("metric")
    row = cell_table(table, pd.DataFrame({"cell": [4], "intervention": ["baseline"]})).iloc[0]
    for ours, theirs in (
        ("p_any_war", "p_any_war"),
        ("wars_per_run", "wars_per_run"),
        ("arms_burden", "mean_burden"),
        ("arms_race_share", "arms_race_share"),
    ):
        assert row[ours] == pytest.approx(metrics.loc[theirs, "value"])
        assert row[f"{ours}_lo"] == pytest.approx(metrics.loc[theirs, "lo"])
    assert math.isfinite(row["arms_burden_hi"])


def test_extra_outcomes_of_a_run_with_a_treaty():
    from realpolitik.experiments.analysis import extra_outcomes

    p = Params.strategic(
        burn_in=5,
        share_greedy=0.6,
        offense_defense_factor=2.0,
        treaty_cap_share=0.06,
        verification=0.5,
    )
    tr = simulate(p, states=2, runs=40, years=30, seed=4)
    data = {
        k: tr.data[k].transpose("run", "year").values for k in ("violations_detected", "cheaters")
    }
    extra = extra_outcomes(tr.events, 40, **data)
    wars = tr.events[tr.events["kind"] == "war"]
    assert extra["first_state_attacked"].sum() == int((wars["target"] == 0).sum())
    fought = wars[(wars["initiator"] == 0) | (wars["target"] == 0)]
    lost = fought[(fought["winner"] >= 0) & (fought["winner"] != 0)]
    assert extra["first_state_lost"].sum() == len(lost)
    detected = np.nan_to_num(data["violations_detected"]) > 0
    assert (extra["treaty_collapsed"] == detected.any(axis=1)).all()
    assert extra["treaty_collapsed"].any() and (extra["cheated"] >= extra["treaty_collapsed"]).all()
    table = cell_table(
        run_table(
            run_outcomes(tr.data["military"].values, tr.data["gdp"].values, tr.events, 40),
            extra,
            cell=0,
        ),
        pd.DataFrame({"cell": [0], "intervention": ["arms_control"]}),
    )
    assert {"treaty_collapse_share", "cheating_share", "first_state_lost_per_run"} <= set(table)

"""The strategic engine's event metrics: causes, concessions, transfers, initiators' wins."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis import (
    CAUSES,
    METRIC_COLUMNS,
    OUTCOMES,
    bootstrap_mean_interval,
    clustered_share_interval,
    decision_metrics,
    outcome_metrics,
)
from realpolitik.engine import Trajectory
from realpolitik.report.run_report import summary_table

COLUMNS = ["run", "year", "kind", "initiator", "target", "winner", "label", "misperceived",
           "outcome", "cause", "mistrusted", "transfer"]  # fmt: skip
NAN = math.nan
DF = "deterrence_failure"


def strategic_table() -> pd.DataFrame:
    """Three runs: run 0 two concessions, a bargaining war, a preventive war (no crisis row);
    run 1 a backing down and a preemptive war; run 2 one concession."""
    rows = [
        (0, 1, "crisis", 0, 1, -1, None, False, "conceded", None, False, 2.0),
        (0, 2, "crisis", 0, 2, -1, None, False, "conceded", None, False, 4.0),
        (0, 3, "crisis", 0, 1, -1, None, True, "war", None, False, NAN),
        (0, 3, "war", 0, 1, 0, DF, True, "war", "bargaining_failure", False, NAN),
        (0, 4, "war", 1, 2, 2, DF, False, "war", "prevention", True, NAN),
        (1, 5, "crisis", 2, 0, -1, None, False, "backed_down", None, False, NAN),
        (1, 6, "war", 0, 1, 0, DF, False, "war", "preemption", False, NAN),
        (2, 7, "crisis", 1, 0, -1, None, False, "conceded", None, False, 6.0),
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def as_codes(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """The mapping form (codes, -1 for none) that ``Trajectory.event_arrays`` gives."""
    out = {c: table[c].to_numpy() for c in table.columns}
    out["kind"] = np.where(table["kind"] == "war", 1, 0).astype(np.int8)
    out["label"] = np.where(table["label"].isna(), -1, 1).astype(np.int8)
    out["outcome"] = table["outcome"].map(OUTCOMES.index).to_numpy(np.int8)
    out["cause"] = (
        table["cause"].map(lambda c: -1 if pd.isna(c) else CAUSES.index(c)).to_numpy(np.int8)
    )
    return out


def test_the_decision_metrics_of_a_hand_made_table():
    got = decision_metrics(strategic_table(), runs=3, years=20).set_index("metric")
    assert list(got.reset_index().columns) == list(METRIC_COLUMNS)
    want = {
        "share_cause_prevention": (1 / 3, 3), "share_cause_preemption": (1 / 3, 3),
        "share_cause_hawk_bias": (0.0, 3), "share_cause_bargaining_failure": (1 / 3, 3),
        "concessions_per_run": (1.0, 3), "backed_down_per_run": (1 / 3, 3),
        "mean_transfer": (4.0, 3), "initiator_win_share": (2 / 3, 3),
        "share_misperceived": (1 / 3, 3), "share_mistrusted": (1 / 3, 3),
        "wars_per_decade": (1.0 * 10 / 20, 3),
    }  # fmt: skip
    assert list(got.index) == list(want)
    for name, (value, n) in want.items():
        assert got.loc[name, "value"] == pytest.approx(value), name
        assert got.loc[name, "n"] == n, name
        lo, hi = got.loc[name, ["lo", "hi"]]
        assert lo <= got.loc[name, "value"] <= hi and hi > lo, name
    wars = np.array([2, 1, 0])
    share = clustered_share_interval(np.array([1, 0, 0]), wars)
    assert tuple(got.loc["share_cause_prevention", ["value", "lo", "hi"]]) == tuple(
        float(x) for x in share)  # fmt: skip
    lo, hi = bootstrap_mean_interval(np.array([2, 0, 1]))
    assert tuple(got.loc["concessions_per_run", ["lo", "hi"]]) == (lo, hi)
    lo, hi = bootstrap_mean_interval(wars)
    assert tuple(got.loc["wars_per_decade", ["lo", "hi"]]) == pytest.approx((lo / 2, hi / 2))


def test_codes_and_names_give_the_same_metrics_and_the_bootstrap_is_reproducible():
    table = strategic_table()
    a = decision_metrics(table, 3, 20)
    pd.testing.assert_frame_equal(decision_metrics(as_codes(table), 3, 20), a)
    categorical = table.astype({"kind": "category", "outcome": "category", "cause": "category"})
    pd.testing.assert_frame_equal(decision_metrics(categorical, 3, 20), a)
    pd.testing.assert_frame_equal(decision_metrics(table, 3, 20), a)


def test_without_the_strategic_columns_their_metrics_give_no_rows():
    hazard = strategic_table().drop(columns=["outcome", "cause", "mistrusted", "transfer"])
    got = decision_metrics(hazard, 3, 20)
    assert list(got["metric"]) == ["initiator_win_share", "share_misperceived", "wars_per_decade"]
    no_transfer = decision_metrics(strategic_table().drop(columns="transfer"), 3, 20)
    assert "mean_transfer" not in set(no_transfer["metric"])
    assert "concessions_per_run" in set(no_transfer["metric"])
    empty_cause = strategic_table().assign(cause="")  # the hazard model's empty cause
    shares = decision_metrics(empty_cause, 3, 20).set_index("metric")
    assert shares.filter(like="share_cause_", axis=0)["value"].eq(0.0).all()


def test_outcome_metrics_add_the_decision_rows_only_for_strategic_events():
    m = np.ones((3, 21, 3))
    data = Trajectory.from_arrays(m, m * 10, np.zeros((3, 3), bool)).data
    table = strategic_table()
    base = outcome_metrics(data, table.drop(columns=["outcome"]))
    full = outcome_metrics(data, table)
    assert len(base) == 9  # the hazard model's rows
    pd.testing.assert_frame_equal(full.iloc[:9], base)
    rows = full.iloc[9:].reset_index(drop=True)
    pd.testing.assert_frame_equal(rows, decision_metrics(table, 3, 20))


def test_every_decision_metric_has_a_meaning_in_the_run_summary():
    table = decision_metrics(strategic_table(), 3, 20)
    summary = summary_table(SimpleNamespace(metrics=lambda: table))
    assert summary["description"].str.len().gt(20).all()


def test_mean_transfer_needs_two_runs_for_an_interval_and_bad_values_are_named():
    one_run = strategic_table().query("run != 2")
    row = decision_metrics(one_run, 3, 20).set_index("metric").loc["mean_transfer"]
    assert row["value"] == 3.0 and row["n"] == 2 and math.isnan(row["lo"])
    none = strategic_table().assign(outcome="war")
    row = decision_metrics(none, 3, 20).set_index("metric").loc["mean_transfer"]
    assert math.isnan(row["value"]) and row["n"] == 0
    assert math.isnan(decision_metrics(none, 3, 0).set_index("metric").loc["wars_per_decade",
                                                                             "value"])  # fmt: skip
    with pytest.raises(ValueError, match="'cause' holds 'greed', outside"):
        decision_metrics(strategic_table().assign(cause="greed"), 3, 20)
    with pytest.raises(ValueError, match="'outcome' holds code 7"):
        decision_metrics({**as_codes(strategic_table()), "outcome": np.full(8, 7)}, 3, 20)


@settings(max_examples=40, deadline=None)
@given(
    runs=st.integers(1, 5),
    seed=st.integers(0, 2**16),
    n_events=st.integers(0, 25),
)
def test_rates_are_nonnegative_and_shares_in_the_unit_interval(runs, seed, n_events):
    rng = np.random.default_rng(seed)
    war = rng.random(n_events) < 0.5
    table = pd.DataFrame({
        "run": rng.integers(0, runs, n_events), "year": rng.integers(1, 11, n_events),
        "kind": np.where(war, "war", "crisis"), "initiator": rng.integers(0, 3, n_events),
        "target": 3, "winner": np.where(war, rng.integers(-1, 4, n_events), -1),
        "label": np.where(war, DF, None), "misperceived": rng.random(n_events) < 0.3,
        "outcome": np.where(war, "war", rng.choice(list(OUTCOMES), n_events)),
        "cause": np.where(war, rng.choice(list(CAUSES), n_events), None),
        "mistrusted": rng.random(n_events) < 0.3, "transfer": rng.exponential(1.0, n_events),
    })  # fmt: skip
    got = decision_metrics(table, runs, 10, resamples=200).set_index("metric")
    values = got[["value", "lo", "hi"]].to_numpy(dtype=float)
    assert np.all(np.isnan(values) | (values >= 0.0))
    shares = got.loc[got.index.str.startswith("share_") | (got.index == "initiator_win_share")]
    values = shares[["value", "lo", "hi"]].to_numpy(dtype=float)
    assert np.all(np.isnan(values) | ((values >= 0.0) & (values <= 1.0)))
    defined = shares.dropna()
    assert (defined["lo"] <= defined["value"]).all() and (defined["value"] <= defined["hi"]).all()

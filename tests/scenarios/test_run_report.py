"""The run report: label shares with run-clustered intervals, figures, files and the HTML page."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from realpolitik.analysis import CAUSES, LABELS
from realpolitik.engine import Trajectory
from realpolitik.report.run_report import (
    military_figure,
    outcome_figure,
    summary_table,
    war_timing_figure,
    write_run_report,
)
from realpolitik.scenarios import load_scenario, run_scenario

PNG = b"\x89PNG\r\n\x1a\n"


def hand_built(wars: list[tuple[int, int, str]], runs: int = 4, years: int = 5) -> Trajectory:
    """A trajectory with the given wars (run, year, label), each after its crisis row."""
    states = 3
    m = np.ones((runs, years + 1, states))
    rows = []
    for run, year, label in sorted(wars):
        rows.append((run, year, "crisis", 0, 1, -1, None))
        rows.append((run, year, "war", 0, 1, 0, label))
    events = pd.DataFrame(
        rows, columns=["run", "year", "kind", "initiator", "target", "winner", "label"]
    )
    greedy = np.zeros((runs, states), dtype=bool)
    # labels follow the true types: make them consistent for check_invariants users
    for run, _, label in wars:
        if label == "deterrence_failure":
            greedy[run, 0] = True
        elif label == "justified_preemption":
            greedy[run, 1] = True
    return Trajectory.from_arrays(m, m * 10, greedy, events=events)


def test_summary_shows_the_shares_of_the_three_kinds_of_war():
    traj = hand_built(
        [
            (0, 1, "security_dilemma_war"),
            (0, 2, "security_dilemma_war"),
            (1, 1, "deterrence_failure"),
            (2, 3, "justified_preemption"),
        ]
    )
    rows = summary_table(traj).set_index("metric")
    assert rows.loc["share_security_dilemma_war", "value"] == pytest.approx(0.5)
    assert rows.loc["share_deterrence_failure", "value"] == pytest.approx(0.25)
    assert rows.loc["share_justified_preemption", "value"] == pytest.approx(0.25)
    shares = rows[rows.index.str.startswith("share_")]
    assert (shares["n"] == 4).all()
    assert ((shares["lo"] <= shares["value"]) & (shares["value"] <= shares["hi"])).all()
    fig = outcome_figure(summary_table(traj))
    ax = fig.axes[0]
    ticks = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    bars = {ticks[round(p.get_y() + p.get_height() / 2)]: p.get_width() for p in ax.patches}
    assert bars == pytest.approx(
        {"security-dilemma wars": 0.5, "deterrence failures": 0.25, "justified preemptions": 0.25}
    )


def test_no_wars_gives_nan_shares_and_n_zero():
    table = summary_table(hand_built([]))
    shares = table[table["metric"].str.startswith("share_")]
    assert shares["value"].isna().all() and (shares["n"] == 0).all()
    fig = outcome_figure(table)
    assert "no wars" in " ".join(t.get_text() for t in fig.axes[0].texts)


def test_summary_holds_every_trajectory_metric_and_the_three_label_shares():
    traj = run_scenario("multipolar-offense", runs=30, years=30)
    table = summary_table(traj)
    assert list(table["metric"]) == list(traj.metrics()["metric"])
    for label in ("security_dilemma_war", "deterrence_failure", "justified_preemption"):
        assert f"share_{label}" in set(table["metric"])
    labels = [f"share_{label}" for label in LABELS]
    assert table[table.metric.isin(labels)]["value"].sum() == pytest.approx(1.0)
    causes = [f"share_cause_{cause}" for cause in CAUSES]  # the strategic engine's causes
    assert table[table.metric.isin(causes)]["value"].sum() == pytest.approx(1.0)
    assert (table["description"] != "").all()


def test_figures_draw_bands_timing_and_shares():
    traj = run_scenario("two-state-spiral", runs=40, years=25)
    fig = military_figure(traj, ["Athens", "Sparta"])
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and len(ax.collections) == 2  # a median and a band per state
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Athens", "Sparta"]
    median = ax.lines[0].get_ydata()
    np.testing.assert_allclose(median, np.median(traj.array("military")[:, :, 0], axis=0))
    many = military_figure(run_scenario("multipolar-offense", runs=10, years=5))
    visible = [a for a in many.axes if a.get_visible()]
    assert len(visible) == 8 and [a.get_title() for a in visible][:2] == ["state 0", "state 1"]
    assert all(len(a.lines) == 1 and len(a.collections) == 1 for a in visible)
    timing = war_timing_figure(traj, start_year=1900)
    survival = timing.axes[1].lines[0]
    first = traj.first_war_year()
    assert survival.get_ydata()[-1] == pytest.approx((first < 0).mean())
    # the start (all runs without a war) at the end of 1899, the last year 1924 (1900 + 25 - 1)
    assert survival.get_xdata()[0] == 1899 and survival.get_xdata()[-1] == 1924


def test_write_run_report_writes_summary_figures_trajectory_and_page(tmp_path):
    scenario = load_scenario("bipolar-nuclear")
    traj = run_scenario(scenario, runs=25, years=30)
    report = write_run_report(traj, scenario, tmp_path, overrides={"hotline": 0.5})
    names = {p.name for p in report.files}
    assert {"summary.csv", "summary.json", "scenario.yaml", "trajectory", "index.html"} <= names
    for fig in ("military.png", "war_timing.png", "outcomes.png"):
        assert (tmp_path / fig).read_bytes().startswith(PNG)
    loaded = Trajectory.load(tmp_path / "trajectory")
    np.testing.assert_array_equal(loaded.array("military"), traj.array("military"))
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["scenario"] == "bipolar-nuclear" and summary["seed"] == scenario.seed
    assert summary["overrides"] == {"hotline": 0.5}
    assert len(summary["scenario_sha256"]) == 64
    assert set(summary["metrics"]) == set(report.summary["metric"])
    csv = pd.read_csv(tmp_path / "summary.csv")
    assert list(csv.columns) == ["metric", "value", "lo", "hi", "n", "description"]
    page = report.index.read_text(encoding="utf-8")
    assert len(re.findall(r'src="data:image/png;base64,', page)) == 3
    assert "Schelling" in page and 'realpolitik.cite("schelling1960"' in page
    assert "hotline" in page and "1963" in page and "West ally" in page
    assert "security-dilemma war" in page
    assert "<script" not in page and "https://" not in page


def test_svg_figures_are_inlined(tmp_path):
    scenario = load_scenario("two-state-spiral")
    traj = run_scenario(scenario, runs=5, years=5)
    report = write_run_report(traj, scenario, tmp_path, fmt="svg", save_trajectory=False)
    page = report.index.read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    assert not (tmp_path / "trajectory").exists()

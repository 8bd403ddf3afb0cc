"""Experiment files: schema errors with file, line and field; designs; cells and seeds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from realpolitik.experiments.design import build_sweep, cell_seed, design_points
from realpolitik.experiments.schema import ExperimentError, bundled_experiments, load_experiment

BASE = """\
name: t
title: A test
description: A small test experiment.
scenario: two-state-spiral
years: 5
runs: 10
seed: 7
chunk_size: 4
interventions: [baseline, deterrence]
"""


def write(tmp_path: Path, extra: str = "", base: str = BASE) -> Path:
    path = tmp_path / "exp.yaml"
    path.write_text(base + textwrap.dedent(extra))
    return path


def test_cells_are_interventions_times_points(tmp_path: Path) -> None:
    path = write(tmp_path, "design:\n  kind: grid\n  factors:\n    share_greedy: [0.0, 0.5, 1.0]\n")
    sweep = build_sweep(load_experiment(path))
    assert [(c.intervention, c.factors["share_greedy"]) for c in sweep.cells] == [
        (i, v) for i in ("baseline", "deterrence") for v in (0.0, 0.5, 1.0)
    ]
    assert sweep.chunks_per_cell == 3 and sweep.years == 5 and sweep.factors == ("share_greedy",)
    # the design point is applied last, over the intervention's changes
    assert all(c.overrides["share_greedy"] == c.factors["share_greedy"] for c in sweep.cells)
    seeds = {c.seed for c in sweep.cells}
    assert len(seeds) == 6 and all(0 <= s < 2**63 for s in seeds)
    assert build_sweep(load_experiment(path)).digest == sweep.digest


def test_lhs_and_sobol_points_are_seeded_and_in_bounds(tmp_path: Path) -> None:
    two = "share_greedy: {low: 0.1, high: 0.4}\n    perception_noise: {low: 0.0, high: 0.3}"
    lhs = write(tmp_path, f"design:\n  kind: lhs\n  factors:\n    {two}\n  samples: 8\n")
    points = design_points(load_experiment(lhs))
    values = np.array([[p["share_greedy"], p["perception_noise"]] for p in points])
    assert values.shape == (8, 2) and (values[:, 0] >= 0.1).all() and (values[:, 0] <= 0.4).all()
    # Latin hypercube: one point in each of the 8 strata of every factor
    assert sorted(np.floor((values[:, 0] - 0.1) / 0.3 * 8).astype(int)) == list(range(8))
    assert design_points(load_experiment(lhs)) == points
    sob = write(tmp_path, "design:\n  kind: sobol\n  factors:\n    share_greedy: {low: 0, high: 1}"
                "\n    perception_noise: {low: 0.0, high: 0.3}\n  samples: 4\n")  # fmt: skip
    assert len(design_points(load_experiment(sob))) == 4 * (2 + 2)


def test_cell_seed_depends_on_cell_and_seed() -> None:
    assert cell_seed(1, 0) != cell_seed(1, 1) != cell_seed(2, 1)
    assert cell_seed(1, 5) == cell_seed(1, 5)


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("set: {offense_defense_factr: 1.5}\n", 10, ["set.offense_defense_factr", "did you mean"]),
        ("design:\n  kind: grid\n  factors:\n    share_greedy: []\n", 13, ["no values"]),
        (
            "design:\n  kind: lhs\n  factors:\n    share_greedy: [0.1, 0.2]\n  samples: 4\n",
            13,
            ["needs bounds"],
        ),
        (
            "design:\n  kind: lhs\n  factors:\n    share_greedy: {low: 0.1, high: 0.2}\n",
            10,
            ["needs samples"],
        ),
        (
            "design:\n  kind: sobol\n  factors:\n    share_greedy: {low: 0, high: 1}\n"
            "  samples: 6\n",
            14,
            ["power of two"],
        ),
        (
            "design:\n  kind: grid\n  factors:\n    share_greedy: [0.5, 2.0]\n",
            13,
            ["design.factors.share_greedy"],
        ),
        ("set: {burden_sharing: 0.5}\n", 10, ["set.burden_sharing", "alliances"]),
        ("colour: red\n", 10, ["unknown key 'colour'"]),
    ],
)
def test_bad_experiments_name_file_line_and_field(
    tmp_path: Path, extra: str, line: int, words: list[str]
) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(ExperimentError) as err:
        build_sweep(load_experiment(path))
    text = str(err.value)
    assert text.startswith(f"{path}:{line}:"), text
    for word in words:
        assert word in text, text


def test_unknown_intervention_suggests_a_close_name(tmp_path: Path) -> None:
    path = write(tmp_path, base=BASE.replace("deterrence]", "deterence]"))
    with pytest.raises(ExperimentError, match=r"exp.yaml:9: interventions\[1\]: .*'deterrence'"):
        load_experiment(path)


def test_unknown_experiment_name() -> None:
    with pytest.raises(ExperimentError, match="no experiment file or bundled experiment"):
        load_experiment("no-such-experiment")


def test_scenario_relative_to_the_file(tmp_path: Path) -> None:
    from realpolitik.scenarios.loader import bundled_path

    (tmp_path / "sc.yaml").write_text(bundled_path("two-state-spiral").read_text())
    path = write(tmp_path, base=BASE.replace("two-state-spiral", "sc.yaml"))
    assert build_sweep(load_experiment(path)).cells[0].scenario.n_states == 2


@pytest.mark.parametrize("name", bundled_experiments())
def test_every_bundled_experiment_builds_its_cells(name: str) -> None:
    sweep = build_sweep(load_experiment(name))
    assert sweep.cells and len({c.seed for c in sweep.cells}) == len(sweep.cells)
    assert {c.intervention for c in sweep.cells} == set(sweep.experiment.interventions)

"""The experiment report: one self-contained page with setup, tables, figures, reading, sources."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from realpolitik.report.experiment_report import ExperimentResults, reading, write_experiment_report

EXPERIMENT = {
    "name": "toy",
    "title": "A toy experiment",
    "description": "Two interventions on a grid.",
    "scenario": "scenarios/uncertain-dyad.yaml",
    "years": 30,
    "runs": 50,
    "seed": 1,
    "interventions": ["baseline", "hotline"],
    "set": {"offense_defense_factor": 2.0},
    "design": {"kind": "grid", "factors": {"share_greedy": [0.0, 0.5]}},
    "scenario_sources": ["jervis1978"],
}


def _tables(p_war=(0.1, 0.6, 0.1, 0.2), runs=50, seed=0):
    rng = np.random.default_rng(seed)
    cells = pd.DataFrame(
        {
            "cell": range(4),
            "intervention": ["baseline"] * 2 + ["hotline"] * 2,
            "share_greedy": [0.0, 0.5] * 2,
        }
    )
    wars = (rng.random((4, runs)) < np.array(p_war)[:, None]).astype(int).ravel()
    return cells, pd.DataFrame(
        {
            "cell": np.repeat(np.arange(4), runs),
            "wars": wars,
            "any_war": wars > 0,
            "sd_wars": wars,
            "deterrence_failures": 0,
            "justified_preemptions": 0,
            "first_war_year": np.where(wars > 0, 5, -1),
            "arms_burden": 0.05,
            "arms_race": False,
        }
    )


def test_the_page_is_self_contained_and_has_every_part(tmp_path):
    cells, runs = _tables()
    path = write_experiment_report(EXPERIMENT, cells, runs, tmp_path / "index.html")
    page = path.read_text(encoding="utf-8")
    for anchor in ("setup", "results", "effects", "reading", "methods"):
        assert f'id="{anchor}"' in page
    assert page.count("data:image/png;base64,") == 2  # grid lines with bands, effects
    assert not re.search(r'(src|href)="https?:', page)  # nothing fetched when viewed
    for source in ("Jervis", "Schelling", "Wilson", "Herman"):  # scenario, hotline, methods
        assert source in page
    assert "A toy experiment" in page and "offense_defense_factor=2.0" in page
    assert "DESIGN.md" not in page and "MODELS.md" not in page


def test_the_reading_states_the_measured_numbers():
    cells, runs = _tables()
    res = ExperimentResults(EXPERIMENT, cells, runs)
    text = reading(res)
    base = res.table[res.table["intervention"] == "baseline"]["p_any_war"]
    assert f"from {base.min():.3g} to {base.max():.3g}" in text
    effect = res.effects[(res.effects["metric"] == "p_any_war")]
    assert f"{effect['effect'].mean():+.3g}" in text
    # hotline lowers war at share_greedy 0.5 (0.6 -> 0.2): one interval below 0
    assert "hotline changes the P(any war in a run)" in text
    assert "below 0 in 1 of them" in text


def test_a_sobol_design_gets_its_indices_and_bars(tmp_path):
    from SALib.sample import sobol as sample

    bounds = {"prior_trust": (0.2, 0.9), "perception_noise": (0.0, 0.5)}
    problem = {"num_vars": 2, "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}
    x = sample.sample(problem, 16, calc_second_order=False, seed=2)
    cells = pd.DataFrame(
        {
            "cell": range(len(x)),
            "intervention": "baseline",
            "prior_trust": x[:, 0],
            "perception_noise": x[:, 1],
        }
    )
    rng = np.random.default_rng(4)
    n = 30
    wars = (rng.random((len(x), n)) < (1 - x[:, :1])).astype(int).ravel()
    runs = pd.DataFrame(
        {
            "cell": np.repeat(np.arange(len(x)), n),
            "wars": wars,
            "any_war": wars > 0,
            "sd_wars": 0,
            "deterrence_failures": wars,
            "justified_preemptions": 0,
            "first_war_year": -1,
            "arms_burden": 0.05,
            "arms_race": False,
        }
    )
    exp = {
        **EXPERIMENT,
        "interventions": ["baseline"],
        "design": {
            "kind": "sobol",
            "samples": 16,
            "factors": {k: {"low": lo, "high": hi} for k, (lo, hi) in bounds.items()},
        },
    }
    page = write_experiment_report(exp, cells, runs, tmp_path / "s.html").read_text()
    assert 'id="sensitivity"' in page and 'id="effects"' not in page
    assert page.count("data:image/png;base64,") == 2  # cells against each key, Sobol bars
    assert "largest total Sobol index for the chance of war is prior_trust" in page


def test_a_latin_hypercube_shows_war_and_security_dilemma_wars_against_each_key(tmp_path):
    rng = np.random.default_rng(8)
    x = rng.random((12, 2))
    cells = pd.DataFrame(
        {
            "cell": range(12),
            "intervention": "baseline",
            "prior_trust": x[:, 0],
            "perception_noise": x[:, 1],
        }
    )
    wars = rng.poisson(1.0, 12 * 10)
    runs = pd.DataFrame(
        {
            "cell": np.repeat(np.arange(12), 10),
            "wars": wars,
            "any_war": wars > 0,
            "sd_wars": wars // 2,
            "deterrence_failures": 0,
            "justified_preemptions": 0,
            "first_war_year": np.where(wars, 2, -1),
            "arms_burden": 0.05,
            "arms_race": False,
        }
    )
    factors = {"prior_trust": {"low": 0, "high": 1}, "perception_noise": {"low": 0, "high": 1}}
    exp = {
        **EXPERIMENT,
        "interventions": ["baseline"],
        "design": {"kind": "lhs", "samples": 12, "factors": factors},
    }
    page = write_experiment_report(exp, cells, runs, tmp_path / "l.html").read_text()
    assert page.count("data:image/png;base64,") == 2
    assert "security-dilemma wars per run, 95% intervals" in page

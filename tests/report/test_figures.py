"""Every figure the package draws is legible: no text cut off, every axis labelled with its
units (where its quantity has units), every colour bar labelled.

The figures are the theory tour's (each model's classic stops, from ``tour.stops()`` so that a
new model is checked too, plus inputs that add texts: a custom posture, a marked game, your own
strategies) and the run report's (one panel and a grid of panels, with and without calendar
years, with and without wars).

A label names its units in parentheses at its end, one of :data:`UNITS`; a quantity without
units (a probability, a share, a count, a category, a year) is recognised by the words of
:data:`DIMENSIONLESS`. A figure that breaks a rule fails with the text that breaks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pytest

from realpolitik.engine import Trajectory
from realpolitik.report import tour
from realpolitik.report.figures import colorbar, new_figure
from realpolitik.report.run_figures import (
    MAX_PANELS,
    military_figure,
    outcome_figure,
    report_figures,
    war_timing_figure,
)
from realpolitik.report.run_report import summary_table
from realpolitik.scenarios import load_scenario, run_scenario

#: The units the figures use, as written in parentheses at the end of an axis label.
UNITS: tuple[str, ...] = (
    "M GBP",  # Richardson's armaments, million pounds sterling
    "M GBP / yr",
    "utility",  # payoffs of the games
    "utility per round",
    "share of the pie",  # Fearon's bargaining
    "warheads per silo",
    "units, as A0 and B0",  # Lanchester's forces
    "time units of alpha, beta",  # Lanchester's time: the kill rates are per unit of it
    "resource units, as R_A and R_B",  # guns vs butter
    "income units",  # Olson-Zeckhauser incomes
    "GDP units",  # the engine's military stock, in the units of GDP
    "key's own units",  # an experiment's varied engine key (docs/mechanisms.md gives each)
)

#: Words that name a quantity without units (a label with one of them needs no unit).
DIMENSIONLESS: tuple[str, ...] = (
    r"\bP\(",  # a probability, P(war)
    r"\bprobability\b",
    r"\bbelief\b",  # a subjective probability
    r"\bshare\b",
    r"\bratio\b",
    r"\bnumber of\b",  # a count
    r"\ban index in \[0, 1\]",
    r"\bstrategy\b",  # categories
    r"\bkind of\b",
    r"\bposture\b",
    r"^period\b",  # the rounds of a game
    r"^year\b",  # calendar years: the unit is the year itself
)

_UNIT_AT_END = re.compile(r"\(([^()]*)\)\s*$")


# ---------------------------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------------------------


def unit_problem(label: str) -> str | None:
    """Return what is wrong with an axis label's units, or None when it is fine."""
    text = " ".join(label.split())
    if not text:
        return "has no label"
    if any(re.search(word, text) for word in DIMENSIONLESS):
        return None
    end = _UNIT_AT_END.search(text)
    if end and end.group(1).strip() in UNITS:
        return None
    return (
        f"label {text!r} names no unit: end it with one of UNITS in parentheses, or name a "
        "quantity without units (DIMENSIONLESS)"
    )


def _drawn_texts(fig) -> Iterator:
    """Every text the figure draws: its artists, and the tick labels inside the axes' limits."""
    import matplotlib.axis as maxis
    import matplotlib.text as mtext

    ticks = {id(t) for tick in fig.findobj(maxis.Tick) for t in (tick.label1, tick.label2)}
    for text in fig.findobj(mtext.Text):
        if id(text) not in ticks:
            yield text
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            tol = 1e-9 * max(1.0, hi - lo)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if lo - tol <= tick.get_loc() <= hi + tol:  # matplotlib draws only these
                    yield tick.label1
                    yield tick.label2


def clipped_texts(fig) -> list[str]:
    """Return each drawn text whose extent reaches outside the figure (by more than a pixel)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    out = []
    for text in _drawn_texts(fig):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        e = text.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
            out.append(f"text {text.get_text()!r} is cut off (extent {e.bounds}, figure {box})")
    return out


def _label(fig, ax, which: str) -> str:
    """An axis's label: its own, a shared axis's, or the figure's common label."""
    own = getattr(ax, f"get_{which}label")()
    if own.strip():
        return own
    shared = getattr(ax, f"get_shared_{which}_axes")().get_siblings(ax)
    for other in shared:
        if other is not ax and getattr(other, f"get_{which}label")().strip():
            return getattr(other, f"get_{which}label")()
    sup = getattr(fig, f"_sup{which}label", None)
    return sup.get_text() if sup is not None else ""


def axis_problems(fig) -> list[str]:
    """Return each visible axis without a label, or whose label names no units."""
    out = []
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible() or not ax.axison or getattr(ax, "_colorbar", None) is not None:
            continue
        for which in ("x", "y"):
            problem = unit_problem(_label(fig, ax, which))
            if problem:
                out.append(f"axes {i} ({ax.get_title()!r}), {which} axis: {problem}")
    return out


def colorbar_problems(fig) -> list[str]:
    """Return each colour bar without a label (or whose label names no units)."""
    out = []
    for ax in fig.axes:
        bar = getattr(ax, "_colorbar", None)
        if bar is None:
            continue
        axis = bar.ax.yaxis if bar.orientation == "vertical" else bar.ax.xaxis
        problem = unit_problem(axis.get_label_text())
        if problem:
            out.append(f"colour bar: {problem}")
    return out


def problems(fig) -> list[str]:
    """Every rule a figure breaks."""
    return clipped_texts(fig) + axis_problems(fig) + colorbar_problems(fig)


# ---------------------------------------------------------------------------------------------
# every figure
# ---------------------------------------------------------------------------------------------

#: Inputs that add texts to a model's figure (the classic stops are checked as well).
TOUR_VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("deterrence", {"silos": 200, "mirv": 3, "ssbn": 100}),  # a fourth, labelled posture
    ("offense_defense", {"beta": 0.7, "d": 0.3}),  # the marked game
    ("spiral", {"observations": "1101111111", "eps": 0.25}),  # a longer path
    # strategies of your own with long names, and the longer titles of simulated tournaments
    ("repeated", {"strategy": ("generous-retaliator=1,0.3,1,0.3", "suspicious-TFT=0,1,0,1,0")}),
    ("repeated", {"strategy": "mine=1,0.1,1,0.1", "eps_perc": 0.05, "w": 0.95}),
    ("repeated", {"strategy": "mine=1,0.1,1,0.1", "rounds": 20, "matches": 2, "seed": 12345}),
]

TOUR_CASES = [(stop.MODEL, None) for stop in tour.stops()] + TOUR_VARIANTS


@pytest.mark.parametrize(
    ("model", "given"),
    TOUR_CASES,
    ids=[m + ("-classic" if g is None else f"-variant-{i}") for i, (m, g) in enumerate(TOUR_CASES)],
)
def test_every_tour_figure_is_legible(model, given):
    stop = tour.stop(model)
    items = stop.classic() if given is None else [stop.item(**given)]
    figures = {name: build for item in items for name, build in item.figures.items()}
    assert figures, f"{model} draws no figure"
    for name, build in figures.items():
        assert problems(build()) == [], name


def _no_war_trajectory(states: int) -> Trajectory:
    runs, years = 5, 8
    m = np.linspace(1.0, 2.0, runs * (years + 1) * states).reshape(runs, years + 1, states)
    columns = ["run", "year", "kind", "initiator", "target", "winner", "label"]
    events = pd.DataFrame([], columns=columns)
    return Trajectory.from_arrays(m, m * 10, np.zeros((runs, states), bool), events=events)


RUN_CASES: dict[str, Callable[[], dict[str, Callable]]] = {
    # four states in a grid of panels, calendar years from 1950
    "bipolar-nuclear": lambda: _scenario_figures("bipolar-nuclear", runs=30, years=50),
    # two states in one panel, years counted from 1
    "two-state-spiral": lambda: _scenario_figures("two-state-spiral", runs=30, years=40),
    "multipolar-offense": lambda: _scenario_figures("multipolar-offense", runs=10, years=20),
    # no wars, more states than panels; and a grid with empty places
    "no-wars-many-states": lambda: _builders(_no_war_trajectory(MAX_PANELS + 4)),
    "no-wars-five-states": lambda: _builders(_no_war_trajectory(5)),
}


def _scenario_figures(name: str, runs: int, years: int) -> dict[str, Callable]:
    scenario = load_scenario(name)
    traj = run_scenario(scenario, runs=runs, years=years)
    return report_figures(traj, scenario, summary_table(traj))


def _builders(traj: Trajectory) -> dict[str, Callable]:
    return {
        "military": lambda: military_figure(traj),
        "war_timing": lambda: war_timing_figure(traj, start_year=1816),
        "outcomes": lambda: outcome_figure(summary_table(traj)),
    }


@pytest.mark.parametrize("case", list(RUN_CASES))
def test_every_run_report_figure_is_legible(case):
    figures = RUN_CASES[case]()
    assert set(figures) == {"military", "war_timing", "outcomes"}
    for name, build in figures.items():
        assert problems(build()) == [], name


# ---------------------------------------------------------------------------------------------
# the checks catch what they look for
# ---------------------------------------------------------------------------------------------


def test_a_label_longer_than_the_figure_is_caught():
    fig, ax = new_figure(width=3.0, height=2.0)
    ax.set_ylabel("q*: belief that the other strikes, above which striking first pays")
    ax.set_xlabel("share")
    assert len(clipped_texts(fig)) == 1


def test_a_missing_label_and_a_quantity_without_units_are_caught():
    fig, (ax, bx) = new_figure(ncols=2)
    ax.set_xlabel("time")
    ax.set_ylabel("military capability m")
    bx.set_xlabel("year")  # bx has no y label
    found = axis_problems(fig)
    assert len(found) == 3
    assert "'time' names no unit" in found[0] and "has no label" in found[2]


def test_a_shared_axis_or_a_figure_label_serves_every_panel():
    fig, axes = new_figure(ncols=2, sharey=True)
    axes[0].set_ylabel("P(war)")
    fig.supxlabel("year of the war")
    assert axis_problems(fig) == []


def test_a_colour_bar_without_a_label_is_caught_and_colorbar_requires_one():
    fig, ax = new_figure()
    image = ax.imshow(np.eye(3))
    ax.set_xlabel("column strategy")
    ax.set_ylabel("row strategy")
    fig.colorbar(image, ax=ax)
    assert colorbar_problems(fig) == ["colour bar: has no label"]
    with pytest.raises(ValueError, match="label"):
        colorbar(fig, image, ax, " ")
    labelled, bx = new_figure()
    colorbar(labelled, bx.imshow(np.eye(3)), bx, "payoff (utility per round)")
    assert colorbar_problems(labelled) == []


@pytest.mark.parametrize(
    ("label", "fine"),
    [
        ("military capability m (GDP units)", True),
        ("military capability m", False),
        ("time (time units of alpha, beta)", True),
        ("time", False),
        ("forces (thousands)", False),  # not one of the declared units
        ("P(no war yet)", True),
        ("year (values at its end; 1949: initial values)", True),
        ("share of wars (95% interval)", True),
    ],
)
def test_units_are_named_or_the_quantity_has_none(label, fine):
    assert (unit_problem(label) is None) == fine


# ---------------------------------------------------------------------------------------------
# the experiment report's figures
# ---------------------------------------------------------------------------------------------


def _experiment_tables():
    """A grid over one key with two interventions, and a Sobol sample, of synthetic runs."""
    from SALib.sample import sobol as sample

    from realpolitik.experiments.analysis import cell_table, effects, sobol_indices

    rng = np.random.default_rng(3)
    grid = pd.DataFrame({"cell": range(6), "intervention": ["baseline"] * 3 + ["deterrence"] * 3,
                         "offense_defense_factor": [1.0, 2.0, 3.0] * 2})  # fmt: skip
    bounds = {"offense_defense_factor": (1.0, 3.0), "prior_trust": (0.2, 0.9)}
    problem = {"num_vars": 2, "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}
    x = sample.sample(problem, 16, calc_second_order=False, seed=1)
    sobol = pd.DataFrame({"cell": range(len(x)), "intervention": "baseline",
                          "offense_defense_factor": x[:, 0], "prior_trust": x[:, 1]})  # fmt: skip

    def runs(cells, p):
        n = 40
        return pd.DataFrame({
            "cell": np.repeat(cells["cell"].to_numpy(), n),
            "wars": rng.poisson(np.repeat(p, n)), "sd_wars": rng.poisson(0.2, len(p) * n),
            "deterrence_failures": 0, "justified_preemptions": 0,
            "first_war_year": rng.integers(-1, 30, len(p) * n),
            "arms_burden": rng.normal(0.05, 0.01, len(p) * n), "arms_race": False,
        }).assign(any_war=lambda d: d["wars"] > 0)  # fmt: skip

    grid_runs = runs(grid, grid["offense_defense_factor"].to_numpy() / 3)
    sobol_runs = runs(sobol, x[:, 0] / 3)
    return (
        cell_table(grid_runs, grid),
        effects(grid_runs, grid),
        cell_table(sobol_runs, sobol),
        sobol_indices(sobol_runs, sobol, bounds),
    )


def test_every_experiment_figure_is_legible():
    from realpolitik.report.experiment_figures import (
        effects_figure,
        grid_figure,
        scatter_figure,
        sobol_figure,
    )

    grid, eff, sample, indices = _experiment_tables()
    figures = {
        "grid": grid_figure(grid, "offense_defense_factor", ("p_any_war", "sd_wars_per_run")),
        "effects": effects_figure(eff, "p_any_war", ["offense_defense_factor"]),
        "scatter": scatter_figure(sample, ["offense_defense_factor", "prior_trust"],
                                  "p_any_war"),
        "sobol": sobol_figure(indices),
    }  # fmt: skip
    for name, fig in figures.items():
        assert not problems(fig), (name, problems(fig))

"""The report of an experiment: one self-contained HTML page.

The page holds the experiment's setup, tables, figures, reading and sources. The numbers come
from :mod:`realpolitik.experiments.analysis` (per-cell metrics with 95% intervals, the run as
the unit; effects against the baseline; Sobol indices); this module lays them out, draws them
(:mod:`realpolitik.report.experiment_figures`) and writes a reading made from the numbers
themselves (which interventions move which metric, in how many design points, with their
intervals), so the page says nothing the runs did not show. Figures are embedded as PNG, so
the file needs nothing when viewed (docs/cli.md: "one self-contained HTML file").
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from realpolitik import __version__
from realpolitik.experiments.analysis import (
    CELL_METRICS,
    EXTRA_METRICS,
    REFERENCES,
    cell_table,
    effects,
    sobol_indices,
)
from realpolitik.experiments.interventions import INTERVENTIONS, intervention_sources
from realpolitik.report.experiment_figures import (
    METRIC_LABELS,
    effects_figure,
    grid_figure,
    scatter_figure,
    sobol_figure,
)
from realpolitik.report.figures import png_bytes
from realpolitik.report.html import Block, Section, render_page
from realpolitik.report.tables import Table, table

__all__ = ["ExperimentResults", "experiment_sections", "reading", "write_experiment_report"]

_SHOWN = (
    "p_any_war",
    "wars_per_run",
    "sd_wars_per_run",
    "deterrence_failures_per_run",
    "justified_preemptions_per_run",
    "arms_race_share",
    "arms_burden",
    "first_state_attacked_per_run",
    "first_state_lost_per_run",
    "treaty_collapse_share",
    "cheating_share",
)
_EFFECT_METRICS = (
    "p_any_war",
    "wars_per_run",
    "sd_wars_per_run",
    "first_state_attacked_per_run",
    "treaty_collapse_share",
)


class ExperimentResults:
    """An experiment's description and its analysed tables.

    Parameters
    ----------
    experiment
        The experiment's fields (``name``, ``title``, ``description``, ``scenario``,
        ``years``, ``runs``, ``seed``, ``interventions``, optional ``set``, ``design``,
        ``scenario_sources``).
    cells, runs
        The cells table and the per-run outcomes (:mod:`realpolitik.experiments.analysis`).
    """

    def __init__(self, experiment: Mapping[str, Any], cells: Any, runs: Any) -> None:
        self.experiment = dict(experiment)
        self.design = dict(self.experiment.get("design") or {})
        self.factors = list((self.design.get("factors") or {}).keys())
        self.cells = cells
        self.runs = runs
        self.table = cell_table(runs, cells)
        several = len(set(cells["intervention"])) > 1 and "baseline" in set(cells["intervention"])
        self.effects = effects(runs, cells) if several else None
        self.sobol = None
        if self.design.get("kind") == "sobol":
            bounds = {f: (v["low"], v["high"]) for f, v in self.design["factors"].items()}
            self.sobol = sobol_indices(runs, cells, bounds, metric="p_any_war")

    @property
    def metrics(self) -> list[str]:
        """The metrics shown: the main ones and the extras the runs have."""
        known = {**CELL_METRICS, **EXTRA_METRICS}
        return [m for m in _SHOWN if m in known and m in self.table.columns]


def _interval(value: float, lo: float, hi: float) -> str:
    if value != value:  # NaN
        return "n/a"
    return f"{value:.3g} [{lo:.3g}, {hi:.3g}]"


def _setup_tables(res: ExperimentResults) -> list[Table]:
    exp = res.experiment
    settings = [
        ("scenario", str(exp.get("scenario"))),
        ("years", exp.get("years")),
        ("runs per cell", exp.get("runs")),
        ("seed", exp.get("seed")),
        ("cells", len(res.cells)),
        ("runs in all", len(res.runs)),
        (
            "fixed settings",
            ", ".join(f"{k}={v}" for k, v in (exp.get("set") or {}).items()) or "none",
        ),
    ]
    interventions = [
        (
            n,
            INTERVENTIONS[n].title,
            ", ".join(f"{k}={v}" for k, v in INTERVENTIONS[n].changes.items()) or "no change",
        )
        for n in exp.get("interventions", ())
        if n in INTERVENTIONS
    ]
    out = [
        table("Settings", ("setting", "value"), settings),
        table("Interventions", ("name", "what", "changes"), interventions),
    ]
    if res.factors:
        rows = []
        for f, spec in res.design["factors"].items():
            span = (
                f"[{spec['low']}, {spec['high']}]"
                if isinstance(spec, Mapping)
                else ", ".join(map(str, spec))
            )
            rows.append((f, span))
        title = f"Design: {res.design.get('kind')}"
        if res.design.get("samples"):
            title += f", {res.design['samples']} samples"
        out.append(table(title, ("key", "values or range"), rows))
    return out


def _cell_rows(res: ExperimentResults) -> Table:
    columns = [
        "intervention",
        *res.factors,
        "runs",
        *(METRIC_LABELS.get(m, m) for m in res.metrics),
    ]
    rows = []
    for _, row in res.table.iterrows():
        rows.append(
            (
                row["intervention"],
                *(float(row[f]) for f in res.factors),
                int(row["runs"]),
                *(_interval(row[m], row[f"{m}_lo"], row[f"{m}_hi"]) for m in res.metrics),
            )
        )
    return table("Each cell's metrics: value [95% interval], the run as the unit", columns, rows)


def _effect_rows(res: ExperimentResults) -> Table:
    shown = [m for m in _EFFECT_METRICS if m in res.metrics]
    sel = res.effects[res.effects["metric"].isin(shown)]
    rows = [
        (
            r["intervention"],
            *(float(r[f]) for f in res.factors),
            METRIC_LABELS.get(r["metric"], r["metric"]),
            f"{r['baseline']:.3g}",
            f"{r['value']:.3g}",
            _interval(r["effect"], r["lo"], r["hi"]),
            "yes" if r["significant"] else "no",
        )
        for _, r in sel.iterrows()
    ]
    columns = (
        "intervention",
        *res.factors,
        "metric",
        "baseline",
        "with it",
        "effect [95%]",
        "interval excludes 0",
    )
    return table("Effects against the baseline in the same design point", columns, rows)


def _summary(res: ExperimentResults, name: str, metric: str) -> str | None:
    """One sentence on an intervention's effect on a metric over the design points."""
    rows = res.effects[(res.effects["intervention"] == name) & (res.effects["metric"] == metric)]
    if rows.empty:
        return None
    down = int((rows["hi"] < 0).sum())
    up = int((rows["lo"] > 0).sum())
    mean = float(rows["effect"].mean())
    label = METRIC_LABELS.get(metric, metric)
    span = f"from {rows['effect'].min():+.3g} to {rows['effect'].max():+.3g}"
    return (
        f"{name} changes the {label} by {mean:+.3g} on average over {len(rows)} design "
        f"point(s) ({span}); its 95% interval lies below 0 in {down} of them and above 0 in {up}."
    )


def reading(res: ExperimentResults) -> str:
    """Return a reading of the results made from their numbers only.

    Parameters
    ----------
    res
        The analysed experiment.

    Returns
    -------
    str
        Sentences on the baseline's range of outcomes, each intervention's effects and,
        for a Sobol design, the keys that drive the chance of war.
    """
    t = res.table
    base = t[t["intervention"] == "baseline"] if "baseline" in set(t["intervention"]) else t
    parts = [
        f"Under the baseline, the share of runs with a war ranges from "
        f"{base['p_any_war'].min():.3g} to {base['p_any_war'].max():.3g} across "
        f"{len(base)} cell(s), and security-dilemma wars per run from "
        f"{base['sd_wars_per_run'].min():.3g} to {base['sd_wars_per_run'].max():.3g}."
    ]
    wars = res.runs["wars"].sum()
    if wars:
        share = res.runs["sd_wars"].sum() / wars
        parts.append(
            f"Of all {int(wars):,} wars in the experiment, {share:.1%} were "
            f"security-dilemma wars (a security seeker striking a security seeker)."
        )
    if res.effects is not None:
        for name in dict.fromkeys(res.effects["intervention"]):
            for metric in ("p_any_war", "sd_wars_per_run"):
                sentence = _summary(res, name, metric)
                if sentence:
                    parts.append(sentence)
    if res.sobol is not None and len(res.sobol):
        top = res.sobol.sort_values("ST", ascending=False).iloc[0]
        parts.append(
            f"The key with the largest total Sobol index for the chance of war is "
            f"{top['factor']} (ST {_interval(top['ST'], top['ST_lo'], top['ST_hi'])}; "
            f"first order {_interval(top['S1'], top['S1_lo'], top['S1_hi'])})."
        )
    parts.append(
        "Every number is a 95% interval with the run as the unit; the engine's "
        "assumptions are the scenario's and the strategic engine's (docs/strategic.md)."
    )
    return " ".join(parts)


def _figures(res: ExperimentResults) -> list[tuple[str, str, bytes]]:
    out = []
    kind = res.design.get("kind")
    if kind == "grid" and len(res.factors) == 1:
        metrics = (
            "p_any_war",
            "sd_wars_per_run",
            "first_state_attacked_per_run"
            if "first_state_attacked_per_run" in res.metrics
            else "deterrence_failures_per_run",
        )
        fig = grid_figure(res.table, res.factors[0], metrics)
        out.append(("Each intervention over the design's key, with 95% bands", fig))
    elif res.factors and kind in ("lhs", "sobol", "grid"):
        metrics = [
            "treaty_collapse_share" if "treaty_collapse_share" in res.metrics else "p_any_war"
        ]
        if kind == "lhs":  # how often the dilemma itself ends in war, across the sample
            metrics.append("sd_wars_per_run")
        for metric in metrics:
            fig = scatter_figure(res.table, res.factors, metric)
            out.append((f"Each cell against each key: {METRIC_LABELS[metric]}, 95% intervals", fig))
    if res.effects is not None:
        fig = effects_figure(res.effects, "p_any_war", res.factors)
        out.append(("Effects on the chance of war against the baseline, with 95% intervals", fig))
    if res.sobol is not None:
        for name, rows in res.sobol.groupby("intervention", sort=False):
            out.append((f"Sobol indices of the chance of war ({name})", sobol_figure(rows)))
    return [(caption, "image/png", png_bytes(fig)) for caption, fig in out]


_SOBOL_TEXT = (
    "Share of the variance of the chance of war across the sample each key explains alone "
    "(first order) and with its interactions (total)."
)
_METHODS_TEXT = (
    "Intervals: Wilson (1927) for shares of runs, the percentile bootstrap over runs for counts "
    "per run (the exact Poisson interval when all runs agree), the normal interval for means; "
    "effects: Newcombe's hybrid score interval for shares, Welch's interval for means; Sobol "
    "indices: Sobol' (2001) and Saltelli (2002) through SALib (Herman and Usher 2017)."
)


def experiment_sections(res: ExperimentResults) -> list[Section]:
    """Return the page's sections: setup, results, effects, sensitivity, reading, methods."""
    exp = res.experiment
    scenario_sources = tuple(exp.get("scenario_sources") or ())
    model = scenario_sources + intervention_sources(exp.get("interventions", ()))
    sections = [
        Section(
            "setup",
            "Setup",
            model or None,
            [Block("", str(exp.get("description", "")), _setup_tables(res))],
        ),
        Section(
            "results",
            "Results",
            None,
            [Block("", "Per-cell outcome metrics.", [_cell_rows(res)], _figures(res))],
        ),
    ]
    if res.effects is not None:
        sections.append(
            Section(
                "effects",
                "Effects of the interventions",
                None,
                [Block("", "", [_effect_rows(res)])],
            )
        )
    if res.sobol is not None:
        rows = [
            (
                r["intervention"],
                r["factor"],
                _interval(r["S1"], r["S1_lo"], r["S1_hi"]),
                _interval(r["ST"], r["ST_lo"], r["ST_hi"]),
            )
            for _, r in res.sobol.iterrows()
        ]
        sobol_table = table(
            "Sobol indices of P(any war)",
            ("intervention", "key", "first order [95%]", "total [95%]"),
            rows,
        )
        block = Block("", _SOBOL_TEXT, [sobol_table])
        sections.append(Section("sensitivity", "Sensitivity: Sobol indices", None, [block]))
    sections.append(Section("reading", "Reading", None, [Block("", reading(res))]))
    methods = Block("", _METHODS_TEXT)
    sections.append(Section("methods", "Methods and sources", REFERENCES, [methods]))
    return sections


def write_experiment_report(
    experiment: Mapping[str, Any],
    cells: Any,
    runs: Any,
    path: Path | str,
    *,
    command: str = "realpolitik report",
) -> Path:
    """Write an experiment's self-contained HTML report.

    Parameters
    ----------
    experiment
        The experiment's fields (see :class:`ExperimentResults`).
    cells, runs
        Its cells and per-run outcomes.
    path
        The HTML file to write (its folder must exist).
    command
        The command line, shown in the footer.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    res = ExperimentResults(experiment, cells, runs)
    title = f"realpolitik experiment: {experiment.get('title') or experiment.get('name')}"
    meta = {
        "realpolitik": __version__,
        "command": command,
        "experiment": str(experiment.get("name")),
        "seed": str(experiment.get("seed")),
    }
    page = render_page(title, experiment_sections(res), meta=meta)
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path

"""Figures of results on real data: fits, the rivalry ranking, the arms-race study.

The results come from :mod:`realpolitik.calibrate` (docs/calibrate.md) and
:mod:`realpolitik.studies` (docs/studies.md); this module only draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from realpolitik.report.figures import BLUE, GREEN, GREY, ORANGE, RED, new_figure
from realpolitik.studies.arms import EXPOSURES
from realpolitik.theory.richardson import phase_portrait

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from realpolitik.calibrate import RichardsonFit, RivalryMonitor
    from realpolitik.studies import EngineVsHistory

_GRID = 17  # arrows per axis of the vector field


def phase_figure(result: RichardsonFit) -> Figure:
    """Draw the observed path over the fitted field ``(dx/dt, dy/dt)``, nullclines, equilibrium.

    The box spans the data (and the equilibrium when it is near), so the field is shown where
    the observations are, not where the model's portrait would put its own box.
    """
    model, z = result.model, result.levels
    hi = 1.25 * float(z.max())
    eq = model.equilibrium
    if eq is not None and 0 <= eq[0] <= 2 * hi and 0 <= eq[1] <= 2 * hi:
        hi = max(hi, 1.1 * eq[0], 1.1 * eq[1])
    fig, ax = new_figure(width=6.2, height=5.6)
    grid = np.linspace(0.0, hi, _GRID)
    gx, gy = np.meshgrid(grid, grid)
    u = model.k * gy - model.a * gx + model.g
    v = model.l * gx - model.b * gy + model.h
    ax.quiver(gx, gy, u, v, color=GREY, alpha=0.55, angles="xy", width=0.003)
    portrait = phase_portrait(model, float(z[0, 0]), float(z[0, 1]))
    for curve, colour, text in (
        (portrait.x_nullcline, BLUE, "dx/dt = 0"),
        (portrait.y_nullcline, RED, "dy/dt = 0"),
    ):
        if len(curve):
            ax.plot(*curve.T, color=colour, lw=1.6, label=text)
    ax.plot(z[:, 0], z[:, 1], "-o", color=ORANGE, ms=3.5, lw=1.8, label="observed")
    for i in (0, len(z) - 1):
        ax.annotate(
            str(result.years[i]), z[i], textcoords="offset points", xytext=(4, 4), fontsize=8
        )
    if eq is not None and 0 <= eq[0] <= hi and 0 <= eq[1] <= hi:
        ax.plot(*eq, "o", color="black", ms=7, label="fitted equilibrium")
    x_label, y_label = (s.label for s in result.sides)
    ax.set_xlim(0, hi)
    ax.set_ylim(0, hi)
    ax.set_xlabel(f"x: {x_label} ({result.units})")
    ax.set_ylabel(f"y: {y_label} ({result.units})")
    ax.set_title(
        f"{x_label} vs {y_label}, {result.years[0]}-{result.years[-1]}: "
        f"{'stable' if result.stable else 'unstable'} "
        f"({result.share_unstable:.0%} of bootstrap fits unstable)",
        fontsize=10,
    )
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax.grid(alpha=0.3)
    return fig


def ranking_figure(monitor: RivalryMonitor) -> Figure:
    """Draw each dyad's stability margin with its 95% interval, most unstable at the top."""
    table = monitor.table
    first, last = monitor.years
    unstable = int((~table["stable"]).sum())
    title = (
        f"Strategic rivalries {first}-{last} ({monitor.series}): "
        f"{unstable} of {len(table)} fits unstable"
    )
    fig, ax = new_figure(width=6.4, height=max(3.0, 0.24 * len(table) + 1.2))
    y = np.arange(len(table))[::-1]
    est = table["margin"].to_numpy(float)
    lo, hi = table["margin_low"].to_numpy(float), table["margin_high"].to_numpy(float)
    colours = [RED if e <= 0 else BLUE for e in est]
    ax.errorbar(est, y, xerr=[est - lo, hi - est], fmt="none", ecolor=GREY, lw=1)
    ax.scatter(est, y, c=colours, zorder=3, s=18)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_yticks(y, table["dyad"].tolist(), fontsize=7)
    ax.set_xlabel("stability margin, 1/yr (< 0: unstable; 95% bootstrap interval)")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    return fig


def arms_races_figure(table: pd.DataFrame, outcome: str = "war") -> Figure:
    """Draw the odds ratios of one outcome with their intervals (log scale), by subset."""
    colours = (BLUE, RED, GREEN, ORANGE)

    rows = table[table["outcome"] == outcome].reset_index(drop=True)
    subsets = list(dict.fromkeys(rows["subset"]))
    fig, ax = new_figure(width=7.0, height=0.5 * len(subsets) * 1.1 + 1.6)
    step = 0.8 / len(EXPOSURES)
    for k, exposure in enumerate(EXPOSURES):
        part = rows[rows["exposure"] == exposure]
        y = np.array([len(subsets) - 1 - subsets.index(s) for s in part["subset"]]) + 0.4 - k * step
        est = part["odds_ratio"].to_numpy(float)
        lo, hi = part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float)
        ok = np.isfinite(est) & (est > 0)
        err = [np.where(ok, est - lo, 0), np.where(ok, hi - est, 0)]
        ax.errorbar(
            np.where(ok, est, np.nan),
            y,
            xerr=err,
            fmt="o",
            ms=4,
            color=colours[k],
            label=exposure,
            lw=1,
        )
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.set_yticks(range(len(subsets)), subsets[::-1], fontsize=8)
    ax.set_xlabel("odds ratio of war, race vs no race (95% interval clustered by dispute)")
    ax.set_title(f"Do arms races lead to war? Outcome: {outcome}", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    return fig


def engine_history_figure(result: EngineVsHistory) -> Figure:
    """Draw each quantity's engine and history values with their 95% intervals."""
    fig, axes = new_figure(ncols=2, width=4.6, height=3.6)
    for ax, (quantity, part) in zip(
        axes, result.table.groupby("quantity", sort=False), strict=True
    ):
        y = np.arange(len(part))[::-1]
        est = part["value"].to_numpy(float)
        err = [est - part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float) - est]
        colours = [BLUE if s.startswith("engine") else RED for s in part["source"]]
        ax.errorbar(est, y, xerr=err, fmt="none", ecolor="grey")
        ax.scatter(est, y, c=colours, zorder=3)
        ax.set_yticks(y, [s.replace(": ", ":\n", 1) for s in part["source"]], fontsize=7)
        ax.set_title(quantity, fontsize=9)
        if quantity.startswith("race"):
            ax.set_xscale("log")
            ax.axvline(1.0, color="black", lw=0.8)
        ax.grid(alpha=0.3, axis="x")
    return fig

"""Figure of simulated bands over the historical series (docs/history.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from realpolitik.history.cases import CaseResult


def case_figure(result: CaseResult) -> Figure:
    """Plot a historical case: each series with its simulated band, and the outcomes.

    One panel per series (observed values in black, the model's 5-95% band shaded and its
    median dashed, the first out-of-sample year as a grey dashed line), then one panel of the
    simulated outcome probabilities with their 95% intervals when the case has outcomes.
    """
    from matplotlib.figure import Figure

    panels = len(result.series) + (1 if result.outcomes else 0)
    cols = min(3, max(1, panels))
    rows = max(1, -(-panels // cols))
    fig = Figure(figsize=(3.6 * cols, 3.0 * rows))
    for i, s in enumerate(result.series):
        ax = fig.add_subplot(rows, cols, i + 1)
        obs = np.array([np.nan if x is None else x for x in s.observed], dtype=float)
        if s.low:
            ax.fill_between(s.years, s.low, s.high, alpha=0.3, label="model 5-95%")
            ax.plot(s.years, s.median, "--", lw=1, label="model median")
        ax.plot(s.years, obs, "k-", lw=1.2, label="observed")
        if result.split is not None:
            ax.axvline(result.split, ls="--", color="grey", lw=0.8)
        ax.set_title(s.label, fontsize=9)
        if np.nanmin(obs) > 0 and (not s.low or min(s.low) > 0):
            ax.set_yscale("log")
        if i == 0:
            ax.set_ylabel(result.units, fontsize=8)
            ax.legend(fontsize=6)
    if result.outcomes:
        ax = fig.add_subplot(rows, cols, len(result.series) + 1)
        names = [o.name for o in result.outcomes]
        p = np.array([o.probability for o in result.outcomes])
        err = np.array(
            [
                [o.probability - o.low for o in result.outcomes],
                [o.high - o.probability for o in result.outcomes],
            ]
        )
        ax.barh(range(len(names)), p, xerr=err, color="tab:red", alpha=0.7, capsize=3)
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_xlabel("probability (95% interval)", fontsize=8)
        ax.invert_yaxis()
    fig.suptitle(result.title, fontsize=10)
    fig.tight_layout()
    return fig

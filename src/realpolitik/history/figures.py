"""Figure of simulated bands over the historical series (docs/history.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from realpolitik.history.calibrate import POWERS, Fit, observed, simulate

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def bands_figure(fit: Fit, reps: int = 200, seed: int = 1914) -> Figure:
    """Plot each power's spending (billion 2020 US$) with the fitted model's 5-95% band.

    The model is simulated from the observed spending of ``fit.start`` to 1913 with ``reps``
    runs; the dashed line marks the split between fit and out-of-sample years.
    """
    from matplotlib.figure import Figure

    years, logm = observed(fit.start, 1913)
    shocks = np.random.default_rng(seed).standard_normal((reps, len(years) - 1, len(POWERS)))
    sims = np.exp(simulate(np.array(fit.theta), logm[0], years, shocks)) / 1e9
    lo, hi = np.percentile(sims, [5, 95], axis=0)
    fig = Figure(figsize=(10, 6))
    for i, p in enumerate(POWERS):
        ax = fig.add_subplot(2, 3, i + 1)
        ax.fill_between(years, lo[:, i], hi[:, i], alpha=0.3, label="model 5-95%")
        ax.plot(years, np.exp(logm[:, i]) / 1e9, "k-", label="NMC")
        ax.axvline(fit.split, ls="--", color="grey")
        ax.set_title(p)
        ax.set_yscale("log")
    fig.axes[0].set_ylabel("military spending, bn 2020 US$")
    fig.axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig

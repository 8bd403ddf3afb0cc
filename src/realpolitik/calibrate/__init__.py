"""Fitting models to real series: Richardson's arms race on real spending, the rivalry monitor.

- :func:`fit_richardson`: Richardson's (1960) model fitted to two states' or two blocs'
  yearly military spending (NMC nominal or deflated, OWID, or the user's SIPRI workbook), with
  recursive-residual-bootstrap 95% intervals, the stability verdict and its uncertainty (the
  share of bootstrap fits that are unstable), the phase portrait with the data path, and an
  out-of-sample check against naive persistence.
- :func:`rivalry_monitor`: every strategic rivalry (Thompson, Sakuwa and Suhas 2021) ongoing in
  a window, fitted and ranked by its stability margin.

Command line: ``realpolitik fit richardson`` and ``realpolitik fit rivalries`` (docs/calibrate.md).
"""

from __future__ import annotations

from realpolitik.calibrate._series import SERIES, UNITS, Side, side, spending
from realpolitik.calibrate.monitor import MONITOR_COLUMNS, RivalryMonitor, rivalry_monitor
from realpolitik.calibrate.richardson import (
    BOOTSTRAP,
    PARAMETERS,
    RichardsonFit,
    fit_richardson,
    stability_margin,
)

__all__ = [
    "BOOTSTRAP",
    "MONITOR_COLUMNS",
    "PARAMETERS",
    "SERIES",
    "UNITS",
    "RichardsonFit",
    "RivalryMonitor",
    "Side",
    "fit_richardson",
    "rivalry_monitor",
    "side",
    "spending",
    "stability_margin",
]

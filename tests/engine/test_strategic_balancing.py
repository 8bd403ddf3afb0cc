"""Alignment by strength does not feed coercion (docs/strategic.md, "Alliances").

Under the strategic engine wars are decided on strength in a long war, ``C = m + mob y``, and
states align by the same measure (Walt 1987: aggregate power is a source of threat). Aligning by
armies alone, as the hazard model does, made the state a greedy power coerced ally with the
largest army rather than against the power that threatens it, and raised the flagship's
concessions by about 40% over a world with no alliance formation. Fixed seeds, the run as the
unit, a 95% interval of the difference of means.
"""

from __future__ import annotations

import numpy as np

from realpolitik.scenarios.compile import load_scenario, run_scenario
from realpolitik.scenarios.overrides import with_overrides

RUNS = 300
MARGIN = 0.15  # tolerated rise of concessions per run, as a share of the mean without formation


def _concessions(formation: str) -> np.ndarray:
    """Return the flagship's concessions per run under an alliance formation rule."""
    flagship = load_scenario("multipolar-offense")
    scenario = with_overrides(flagship, {"alliance_formation": formation})
    tr = run_scenario(scenario, runs=RUNS, seed=5)
    conceded = tr.events[tr.events["outcome"] == "conceded"]
    return np.bincount(conceded["run"].to_numpy(), minlength=RUNS).astype(float)


def _interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% interval of mean(b) - mean(a), samples independent."""
    d = b.mean() - a.mean()
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return d - 1.96 * se, d + 1.96 * se


def test_balancing_by_strength_does_not_multiply_concessions():
    alone = _concessions("none")
    aligned = _concessions("threat")
    lo, hi = _interval(alone, aligned)
    assert hi < MARGIN * alone.mean(), (alone.mean(), aligned.mean(), lo, hi)

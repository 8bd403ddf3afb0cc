"""Worked example policies: tit-for-tat arming, never preempt, always concede, pacifist.

docs/policies.md walks through each.

Sources: R. Axelrod, *The Evolution of Cooperation* (1984) (tit for tat: answer the other side's
last move in kind); T. Schelling, *The Strategy of Conflict* (1960), ch. 9 (a state that never
strikes first removes its half of the reciprocal fear of surprise attack); J. Fearon,
"Rationalist Explanations for War" (1995) (a target that concedes every demand never fights a
war of bargaining failure, at the price of what it hands over).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.policy.base import Demands, Policy, View

__all__ = ["AlwaysConcede", "NeverPreempt", "Pacifist", "TitForTatArming"]


class TitForTatArming(Policy):
    """Arm to the level of the strongest rival as this state perceives it, no more, no less.

    Arming answers arming in kind (Axelrod's tit for tat applied to Richardson's race): when
    the strongest rival builds up, so does this state; when it cuts, this state cuts too. The
    model caps the level at ``military_cap_share`` of GDP.
    """

    def arming(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return the largest military it perceives among its rivals."""
        return view.perceived[:, view.rivals].max(axis=1)


class NeverPreempt(Policy):
    """Never strike first: no preventive or preemptive war (demands and answers as the model)."""

    def strike(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return no strike at all."""
        return np.zeros_like(default)


class AlwaysConcede(Policy):
    """Concede every demand this state faces (its wars can only be strikes on it)."""

    def answer(self, view: View, demands: Demands, default: np.ndarray) -> np.ndarray:
        """Return True for every demand made."""
        return demands.made.copy()


class Pacifist(NeverPreempt):
    """Never start a war: no strike and no demand (answers and arming as the model)."""

    def demand(
        self, view: View, default: tuple[np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return no demand (target -1) in every run."""
        none = np.full(view.runs, -1)
        return none, np.zeros(view.runs)

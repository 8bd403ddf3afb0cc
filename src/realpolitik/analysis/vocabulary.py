"""The vocabulary of outcomes: what kinds of events there are and how wars are classified.

The engine records events in these words and every analysis reads them, so they live here, in
the lowest layer that needs them (the engine imports them; the analysis layer imports nothing
of the engine).

- ``EVENT_KINDS``: a crisis or a war (codes 0, 1 of the ``kind`` column).
- ``LABELS``: each war's label, from the true types of its initiator and target (codes 0, 1, 2
  of the ``label`` column): a *security-dilemma war* (a security seeker initiates against a
  security seeker: nobody wanted it), a *deterrence failure* (a greedy state initiates), a
  *justified preemption* (a security seeker initiates against a greedy state).
"""

from __future__ import annotations

__all__ = ["EVENT_KINDS", "LABELS"]

EVENT_KINDS = ("crisis", "war")
"""Values of the events' ``kind`` column (codes 0, 1)."""

LABELS = ("security_dilemma_war", "deterrence_failure", "justified_preemption")
"""Values of the events' ``label`` column for wars (codes 0, 1, 2)."""

"""A state's policy: the decisions of the strategic engine, replaceable for chosen states.

Source: R. Axelrod, *The Evolution of Cooperation* (1984) (users' strategies played inside one
tournament); docs/policies.md (the interface, worked examples); docs/strategic.md (the model's
own choices, which are every method's default).

A :class:`Policy` decides for one state, over all the runs of a chunk at once. Each method
receives a read-only :class:`View` of that state (only what it perceives and believes, never a
rival's true type or true military) and the strategic model's own choice, ``default``, and
returns its action as arrays over runs. The base class returns the defaults, so ``Policy()``
for a state is exactly the model (bit-identical results).

Shapes (``R`` runs of the chunk, ``N`` states; a row of the ``(R, N)`` arrays is one run, a
column one rival, the state's own column is never acted on):

=========================================  ====================================================
method                                     returns
=========================================  ====================================================
``reassure(view, default)``                ``(R,)`` float in [0, 1]: the size of this year's
                                           reassurance gesture, the share of its military it
                                           cuts (0: none; Kydd 2005's costly signal)
``arming(view, default)``                  ``(R,)`` float: this year's military level (the
                                           model clips it to ``[0, military_cap_share y]`` and
                                           an arms-control limit)
``alliances(view, default)``              ``(R, N)`` bool: its pacts this year (join: add a
                                           state; leave: drop one)
``strike(view, default)``                  ``(R, N)`` bool: strike rival j now (prevention or
                                           preemption: a war with no demand before it)
``demand(view, default)``                  ``(target, x)``: ``(R,)`` int rival index or -1
                                           (none) and ``(R,)`` float share of the stake in
                                           ``[0, 1]``
``answer(view, demands, default)``         ``(R, N)`` bool: concede challenger j's demand
``hotline(view, default)``                 ``(R,)`` bool: use the hotline in this year's crises
=========================================  ====================================================
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Demands", "Policy", "View"]


def frozen(a: Any) -> np.ndarray:
    """Return a read-only copy of ``a`` (a view never lets a policy write into the world)."""
    out = np.array(a, copy=True)
    out.flags.writeable = False
    return out


class View:
    """What one state knows in one stage of a year, over the chunk's runs (read-only arrays).

    Parameters
    ----------
    state, name
        The state's index and name (None when the states have no names).
    year
        The year being decided (0 is the first recorded year).
    stage
        ``"reassurance"`` (inside the beliefs phase, after this year's belief update and before
        the year's gestures), ``"arming"`` (before the year's arming: last year's stocks,
        this year's perceptions), ``"alliances"`` (after arming and the economy: this year's
        military and GDP, the pacts formation chose),
        ``"decisions"`` (after arming: the perceptions strikes and demands are decided on) or
        ``"crisis"`` (the re-perception inside a crisis, for answers and the hotline).
    military, gdp, greedy
        ``(R,)`` its own military, GDP and type (True: greedy), known exactly.
    gdp_seen
        ``(R, N)`` every state's GDP (observed exactly).
    perceived
        ``(R, N)`` its perception ``mhat`` of every state's military (its own entry exact).
    beliefs
        ``(R, N)`` its beliefs ``mu`` that each state is a security seeker (its own entry 1).
    allied
        ``(R, N)`` bool: its pacts.
    eligible
        ``(R, N)`` bool: the rivals it may go to war with this year (not allied, not at peace).
    rng
        The state's own generator (deterministic for a seed whatever the workers; the
        model's stream is never touched).
    values
        A function returning the war values of the stage's perceptions, computed on first use
        (:attr:`W_atk`, :attr:`W_def`, :attr:`p_atk`, :attr:`p_def`, :attr:`stake`).
    """

    def __init__(
        self,
        *,
        state: int,
        name: str | None,
        year: int,
        stage: str,
        military: np.ndarray,
        gdp: np.ndarray,
        greedy: np.ndarray,
        gdp_seen: np.ndarray,
        perceived: np.ndarray,
        beliefs: np.ndarray,
        allied: np.ndarray,
        eligible: np.ndarray,
        rng: np.random.Generator,
        values: Callable[[], Any],
    ) -> None:
        self.state, self.name, self.year, self.stage = state, name, year, stage
        self.military, self.gdp, self.greedy = frozen(military), frozen(gdp), frozen(greedy)
        self.gdp_seen, self.perceived = frozen(gdp_seen), frozen(perceived)
        self.beliefs, self.allied, self.eligible = frozen(beliefs), frozen(allied), frozen(eligible)
        self.rng = rng
        self._values = values

    @property
    def runs(self) -> int:
        """The number of runs R in the chunk."""
        return self.military.shape[0]

    @property
    def states(self) -> int:
        """The number of states N."""
        return self.perceived.shape[1]

    @property
    def rivals(self) -> np.ndarray:
        """``(N,)`` bool: every state but this one."""
        out = np.ones(self.states, dtype=bool)
        out[self.state] = False
        return out

    @functools.cached_property
    def _vals(self) -> dict[str, np.ndarray]:
        v = self._values()
        i = self.state
        return {k: frozen(getattr(v, k)[:, i]) for k in ("W_atk", "W_def", "p_atk", "p_def",
                                                        "stake")}  # fmt: skip

    @property
    def W_atk(self) -> np.ndarray:  # noqa: N802 - the symbol of docs/strategic.md
        """``(R, N)`` its expected value (GDP units) of striking each rival first."""
        return self._vals["W_atk"]

    @property
    def W_def(self) -> np.ndarray:  # noqa: N802 - the symbol of docs/strategic.md
        """``(R, N)`` its expected value (GDP units) of a war in which the rival strikes first."""
        return self._vals["W_def"]

    @property
    def p_atk(self) -> np.ndarray:
        """``(R, N)`` its chance of winning a war it starts against each rival."""
        return self._vals["p_atk"]

    @property
    def p_def(self) -> np.ndarray:
        """``(R, N)`` its chance of winning a war each rival starts."""
        return self._vals["p_def"]

    @property
    def stake(self) -> np.ndarray:
        """``(R, N)`` the stake of its war on each rival, ``gdp_cession`` times the rival's GDP."""
        return self._vals["stake"]


@dataclass(frozen=True)
class Demands:
    """The demands a state faces this year (``(R, N)`` arrays, one column per challenger).

    Attributes
    ----------
    made
        bool: challenger j demands of this state.
    x
        The demanded share of the stake (NaN where no demand).
    amount
        The GDP the state would hand over by conceding (``x`` times the stake; 0 where none).
    """

    made: np.ndarray
    x: np.ndarray
    amount: np.ndarray


class Policy:
    """A state's decisions; every method returns the strategic model's choice by default.

    Subclass it and override the methods whose decisions you want to replace (docs/policies.md).
    A policy is given per state to :func:`~realpolitik.engine.simulate` (``policies={state:
    policy}``) or played through :class:`~realpolitik.engine.policy.Stepper`.

    Rules: a policy must be picklable (it travels to worker processes) and deterministic given
    its view (its randomness comes from ``view.rng``). Each chunk of runs starts from a fresh
    copy of it, so attributes it sets while deciding (a memory of last year) stay within one
    chunk and results do not depend on the workers. It decides from the recorded year 0 on;
    the burn-in is the model's.
    """

    def reassure(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return ``(R,)`` the size in [0, 1] of this year's reassurance gesture (0: none).

        A gesture of size s cuts the state's military by the share s before arming; every rival
        sees it, and one of size ``s >= t_G / k_G`` (``temptation_greedy /
        signal_cost_greedy``: a cut a greedy state would not pay for) convinces them that it is
        a security seeker (Kydd 2005). Default: the model's rule, ``reassurance_gesture`` when
        the state is distrusted and willing, else 0 (docs/models/spiral.md).
        """
        return default

    def arming(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return ``(R,)`` this year's military level (default: the model's Richardson level)."""
        return default

    def alliances(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return ``(R, N)`` bool: the state's pacts this year (default: those in force).

        Called after the year's alliance formation when ``alliances`` is on. A state added is
        a pact for this year (renewed each year it is chosen again, as formation's pacts); a
        state dropped leaves the pact now (a scenario pact for good). Pacts need no consent
        (the alliance formation's rule); allies cannot fight each other and join each other's
        wars (docs/strategic.md).
        """
        return default

    def strike(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return ``(R, N)`` bool: the rivals to strike now (default: the model's strikes)."""
        return default

    def demand(
        self, view: View, default: tuple[np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(target, x)``: ``(R,)`` rival index or -1 and ``(R,)`` share of the stake."""
        return default

    def answer(self, view: View, demands: Demands, default: np.ndarray) -> np.ndarray:
        """Return ``(R, N)`` bool: concede challenger j's demand (default: the model's answer)."""
        return default

    def hotline(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return ``(R,)`` bool: use the hotline in this year's crises (default: True)."""
        return default

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

"""The stepping interface: a run advanced one year at a time, so that a person can play a state.

Source: docs/policies.md ("Playing a state"); docs/strategic.md ("One year") for the order of a
year. A :class:`Stepper` runs one chunk of a few runs (often one) through the phases of a year
in the stages of the strategic engine, pausing where a person decides:

1. :meth:`Stepper.begin_year` runs the year through its perceptions and belief update and
   returns each played state's view (:class:`~realpolitik.engine.policy.View`, stage
   ``"reassurance"``);
2. :meth:`Stepper.act` takes a played state's actions (a reassurance gesture, arming, pacts,
   strikes, a demand, the hotline; any action not given is the model's);
3. :meth:`Stepper.demands_faced` runs arming to the selection of strikes and demands and
   returns the demands the state faces; :meth:`Stepper.answer` takes its answers;
4. :meth:`Stepper.finish_year` answers, fights and pays, records the year and returns its events.

A played state is a policy whose actions are the person's, so a Stepper left alone is the model:
its trajectory equals :func:`~realpolitik.engine.simulate` with the same seed and one chunk
(``chunk_size >= runs``). The web lab's crisis game is a person's policy through it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from realpolitik.engine.chunks import ChunkRecords, PhaseLoop, start_chunk
from realpolitik.engine.event_decode import decode_events
from realpolitik.engine.executors import SerialExecutor
from realpolitik.engine.mechanisms import beliefs, decisions
from realpolitik.engine.policy.base import Demands, Policy, View
from realpolitik.engine.policy.runtime import PolicyEntry, _state_index, demands_on
from realpolitik.engine.trajectory import Trajectory

__all__ = ["Played", "Stepper"]

_SHAPES = {"reassure": "R", "arming": "R", "alliances": "RN", "strike": "RN", "hotline": "R",
           "answer": "RN"}  # fmt: skip
_ACTIONS = ("reassure", "arming", "alliances", "strike", "demand", "hotline")


class Played(Policy):
    """A state played through a :class:`Stepper`: this year's actions, else the model's."""

    def __init__(self) -> None:
        self.actions: dict[str, Any] = {}
        self.defaults: dict[str, Any] = {}

    def _take(self, method: str, view: View, default: Any) -> Any:
        """Remember the model's choice (``defaults``) and return the action, else that choice.

        An action that is a function is called as ``action(view, default)`` (a choice that
        depends on the model's, e.g. the pacts in force plus one).
        """
        self.defaults[method] = copy.deepcopy(default)
        action = self.actions.get(method, default)
        return action(view, default) if callable(action) else action

    def reassure(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return this year's ``reassure`` action, else the model's."""
        return self._take("reassure", view, default)

    def arming(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return this year's ``arming`` action, else the model's."""
        return self._take("arming", view, default)

    def alliances(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return this year's ``alliances`` action, else the model's."""
        return self._take("alliances", view, default)

    def strike(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return this year's ``strike`` action, else the model's."""
        return self._take("strike", view, default)

    def demand(self, view: View, default: tuple[np.ndarray, np.ndarray]):
        """Return this year's ``demand`` action, else the model's."""
        return self._take("demand", view, default)

    def answer(self, view: View, demands: Demands, default: np.ndarray) -> np.ndarray:
        """Return this year's ``answer`` action, else the model's."""
        return self._take("answer", view, default)

    def hotline(self, view: View, default: np.ndarray) -> np.ndarray:
        """Return this year's ``hotline`` action, else the model's."""
        return self._take("hotline", view, default)


class Stepper:
    """A simulation advanced one year at a time, some states played by a person.

    Parameters
    ----------
    params
        The parameters (strategic engine, e.g. :meth:`Params.strategic`).
    states, years, seed
        As for :func:`~realpolitik.engine.simulate`; ``years`` is the length of the game.
    runs
        The runs played at once (default 1); every action is an array over them (a scalar is
        broadcast).
    players
        The played states (indices, or names in ``state_names``).
    policies
        Other states' policies, as for :func:`~realpolitik.engine.simulate`.
    state_names
        The states' names, or None.
    record
        Pair-level records, as for :func:`~realpolitik.engine.simulate`.
    initial, schedule
        Initial conditions and scheduled events (a scenario's), as for
        :func:`~realpolitik.engine.simulate`.
    """

    def __init__(
        self,
        params: Any,
        *,
        states: int,
        years: int,
        seed: int,
        runs: int = 1,
        players: Sequence[int | str] = (0,),
        policies: Mapping[int | str, Policy] | None = None,
        state_names: Sequence[str] | None = None,
        record: Sequence[str] = (),
        initial: Mapping[str, Any] | None = None,
        schedule: Sequence[Any] | None = None,
    ) -> None:
        from realpolitik.engine.simulate import _setup

        played = {_state_index(k, states, state_names, "Played()"): Played() for k in players}
        others = dict(policies or {})
        both = [k for k in others if _state_index(k, states, state_names, others[k]) in played]
        if both:
            raise ValueError(f"players {list(players)} and policies {both} name the same state")
        self._setup = _setup(
            params, states, runs, years, seed, runs, initial, "float64", False, None, schedule,
            record, {**others, **played}, state_names,
        )  # fmt: skip
        self.params = params
        self._names = None if state_names is None else tuple(state_names)
        self._task = self._setup.tasks[0]
        self._rng, init, self._out, self._rec = start_chunk(self._task)
        self._loop = PhaseLoop(self._task, self._rng, init, self._rec)
        self._loop.burn_in()
        runtime = self._loop.ctx.policies
        self._played: dict[int, PolicyEntry] = {
            e.index: e for e in runtime.entries if e.index in played
        }
        names = self._loop.names
        self._beliefs, self._decisions = names.index("beliefs"), names.index("decisions")
        self._observed: tuple | None = None
        self._defaults: dict[int, dict[str, Any]] = {}
        self.year = 0
        self._stage = "idle"
        self._pending: decisions.Pending | None = None

    @property
    def years(self) -> int:
        """The length of the game."""
        return self._setup.years

    @property
    def runs(self) -> int:
        """The runs played at once."""
        return self._task.chunk.runs

    def _entry(self, state: int | str) -> PolicyEntry:
        i = _state_index(state, self._setup.states, self._names, "Played()")
        if i not in self._played:
            raise ValueError(f"state {state!r} is not played; played: {sorted(self._played)}")
        return self._played[i]

    def _expect(self, *stages: str) -> None:
        if self._stage not in stages:
            raise RuntimeError(
                f"the stepper is at stage {self._stage!r} of year {self.year}; this call needs "
                f"{' or '.join(repr(s) for s in stages)} (begin_year, act, demands_faced, "
                "answer, finish_year)"
            )

    def begin_year(self) -> dict[int, View]:
        """Run the year to its first choice; return each played state's view.

        The year runs through this year's perceptions and belief update, up to the
        reassurance gestures (stage ``"reassurance"``: last year's military and GDP, this
        year's perceptions and beliefs); every action of :meth:`act` is still to come.
        """
        self._expect("idle")
        if self.year >= self.years:
            raise RuntimeError(f"the game is over: all {self.years} years were played")
        loop = self._loop
        loop.begin(self.year)
        loop.run(0, self._beliefs)
        self._observed = beliefs.observe(loop.world, loop.rng, loop.ctx)
        self._stage = "begun"
        rt, world, ctx = loop.ctx.policies, loop.world, loop.ctx
        return {i: rt.arming_view(e, world, ctx, "reassurance") for i, e in self._played.items()}

    def act(self, state: int | str, **actions: Any) -> None:
        """Take a played state's actions for this year (any not given is the model's).

        Parameters
        ----------
        state
            The played state.
        **actions
            ``reassure`` (the size of a reassurance gesture, a share of its military in
            [0, 1]), ``arming`` (military level), ``alliances`` (bool per state: its pacts),
            ``strike`` (bool per rival), ``demand`` (a pair ``(target, x)``: rival index or
            -1, share of the stake) and ``hotline`` (bool); a scalar or a per-rival row is
            broadcast over the runs. A function ``f(view, default)`` is called when the model
            decides and returns the action (full shape), e.g. to add a pact to those in force.
        """
        self._expect("begun")
        e = self._entry(state)
        bad = [k for k in actions if k not in _ACTIONS]
        if bad:
            raise ValueError(f"act({state!r}): unknown actions {bad}; allowed: {list(_ACTIONS)}")
        for k, v in actions.items():
            e.policy.actions[k] = self._broadcast(e, k, v)

    def _broadcast(self, e: PolicyEntry, method: str, value: Any) -> Any:
        R, N = self.runs, self._setup.states
        if callable(value):  # called when the model decides (Played._take)
            return value
        if method == "demand":
            target, x = value
            return (self._broadcast(e, "_target", target), self._broadcast(e, "arming", x))
        shape = (R, N) if _SHAPES.get(method) == "RN" else (R,)
        try:
            return np.broadcast_to(np.asarray(value), shape).copy()
        except ValueError:
            raise ValueError(
                f"{e.label(method.lstrip('_'))}: the action {value!r} does not broadcast to "
                f"shape {shape} (runs{', states' if len(shape) == 2 else ''})"
            ) from None

    def _decide(self) -> None:
        """Run arming to the selection of this year's strikes and demands (once)."""
        self._expect("begun", "decided")
        if self._stage == "begun":
            loop = self._loop
            beliefs.finish(loop.world, loop.ctx, self._observed)
            loop.run(self._beliefs + 1, self._decisions)
            self._pending = decisions.decide(loop.world, loop.ctx.params, loop.rng, loop.ctx)
            self._stage = "decided"

    def demands_faced(self, state: int | str) -> Demands:
        """Return the demands a played state faces this year (one column per challenger)."""
        e = self._entry(state)
        self._decide()
        if self._pending is None:
            R, N = self.runs, self._setup.states
            z = np.zeros((R, N))
            return Demands(z.astype(bool), np.full((R, N), np.nan), z)
        return demands_on(self._pending, e.index)

    def answer(self, state: int | str, accept: Any) -> None:
        """Take a played state's answers: ``(runs, states)`` bool, concede challenger j."""
        e = self._entry(state)
        self._decide()
        e.policy.actions["answer"] = self._broadcast(e, "answer", accept)

    def finish_year(self) -> Any:
        """Answer, fight and pay; record the year; return its events (a pandas DataFrame).

        The rows are those of :attr:`Trajectory.events <realpolitik.engine.Trajectory.events>`
        for the year just finished (``year`` is the recorded year, 1 for the first one).
        """
        self._decide()
        loop = self._loop
        if self._pending is not None:
            decisions.resolve(self._pending)
        loop.run(self._decisions + 1)
        self._defaults = {}
        for i, e in self._played.items():
            e.policy.actions.clear()
            self._defaults[i], e.policy.defaults = e.policy.defaults, {}
        self._pending, self._stage = None, "idle"
        self.year += 1
        events = self._assemble().events
        return events[events["year"] == self.year].reset_index(drop=True)

    def model_choices(self, state: int | str) -> dict[str, Any]:
        """Return what the model chose for a played state in the year just finished.

        The defaults its hooks were offered (``reassure``, ``arming``, ``alliances``,
        ``strike``, ``demand``, ``answer``, ``hotline``, where the year called them): the
        strategic model's choice in the state's place, given the actions taken before it.
        """
        e = self._entry(state)
        return dict(self._defaults.get(e.index, {}))

    def trajectory(self, partial: bool = False) -> Trajectory:
        """Return the played game as a :class:`~realpolitik.engine.Trajectory` (all years).

        With ``partial`` the years played so far (a game that ended early; the years not
        played are unset), else the game must be over.
        """
        if self.year < self.years and not partial:
            raise RuntimeError(f"the game is at year {self.year} of {self.years}; finish it first")
        return self._assemble()

    def _assemble(self) -> Trajectory:
        """Return the records so far as a Trajectory (years not yet played are unset)."""
        from realpolitik.engine.simulate import _Assembly, _meta, state_labels

        events = decode_events(self._rec, 0, self._out.greedy)
        records = ChunkRecords(self._task.chunk, self._out, events, self._rec.summaries,
                               self._rec.pairs)  # fmt: skip
        assembly = _Assembly(self._setup, SerialExecutor())
        assembly.add(records, None)
        labels = state_labels(self._setup.states, self._names)
        return assembly.trajectory(self.params, {**_meta(self._setup, self.params), **labels})

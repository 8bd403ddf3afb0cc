"""The crisis game: a person plays one state of a scenario against the strategic engine.

Sources: R. Jervis, "Cooperation under the Security Dilemma" (1978) and A. Kydd, *Trust and
Mistrust in International Relations* (2005) (the dilemma the game lets a person feel); docs/game.md
(how to play, the debrief); docs/policies.md (the stepper the game runs on).

A :class:`Game` runs one run of a bundled scenario through
:class:`~realpolitik.engine.policy.Stepper`, the played state's choices being the person's and
every other state's the strategic model's. Each turn is one year: the player sees only what its
state perceives (noisy perceptions of the others' military, exact GDP and pacts, its own beliefs
that each rival is a security seeker, its own type and budget; never a rival's true type), makes a
:class:`~realpolitik.game.moves.Move` and, when demands are made of it and the move carries no
answer, answers them. The game ends after its turns or at the first war its state is in; the
:mod:`~realpolitik.game.debrief` then reveals the types. A game is a function of its start and its
moves: :meth:`Game.save` and :meth:`Game.replay` rebuild it exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from realpolitik.engine.mechanisms.trust import min_trust_per_state
from realpolitik.engine.policy import Stepper
from realpolitik.game.moves import GameError, Move, Start, check_model
from realpolitik.scenarios import bundled_scenarios, compile_scenario, load_scenario

__all__ = ["PUBLIC_EVENT_COLUMNS", "SAVE_VERSION", "Game"]

SAVE_VERSION = 1
"""The version of :meth:`Game.save`'s format."""

PUBLIC_EVENT_COLUMNS = ("year", "kind", "initiator_name", "target_name", "winner_name", "outcome",
                        "cause", "transfer")  # fmt: skip
"""What a player sees of an event (the labels and flags that reveal types are the debrief's)."""


def _names(names: Any, n: int) -> tuple[str, ...]:
    return tuple(names) if names else tuple(f"state_{i}" for i in range(n))


def _float(a: Any) -> float:
    return float(np.asarray(a).reshape(-1)[0])


class Game:
    """One crisis game (see the module docstring; docs/game.md).

    Parameters
    ----------
    start
        A :class:`~realpolitik.game.moves.Start` or its fields as a dict: a bundled
        scenario's name, the played state's name, the number of turns and the seed.

    Raises
    ------
    GameError
        For an unknown scenario or state, or turns or a seed out of range (naming them).
    """

    def __init__(self, start: Start | dict[str, Any]) -> None:
        self.start = check_model(Start, start, "start")
        bundled = bundled_scenarios()
        if self.start.scenario not in bundled:
            raise GameError(
                f"start.scenario: unknown scenario {self.start.scenario!r}; allowed: "
                f"{list(bundled)}"
            )
        scenario = load_scenario(self.start.scenario)
        compiled = compile_scenario(scenario, runs=1, seed=self.start.seed)
        self.params = compiled.params
        if self.params.decisions != "strategic":
            self.params = self.params.replace(decisions="strategic")
        self.names = _names(scenario.state_names, compiled.states)
        if self.start.player not in self.names:
            raise GameError(
                f"start.player: {self.start.player!r} is not a state of "
                f"{self.start.scenario!r}; allowed: {list(self.names)}"
            )
        self.title = scenario.title
        self.start_year = scenario.start_year  # the calendar year of turn 1 (None: none)
        self.player = self.names.index(self.start.player)
        self.stepper = Stepper(
            self.params, states=compiled.states, years=self.start.turns, seed=self.start.seed,
            players=[self.player], state_names=self.names, record=("beliefs",),
            initial=compiled.initial, schedule=compiled.schedule or None,
        )  # fmt: skip
        n = compiled.states
        self.min_trust = min_trust_per_state(
            self.params.exploitation_cost, self.params.temptation_secure, n
        )
        t_g = np.broadcast_to(np.asarray(self.params.temptation_greedy, float), (n,))
        k_g = np.broadcast_to(np.asarray(self.params.signal_cost_greedy, float), (n,))
        self.separating = float(t_g[self.player] / k_g[self.player])
        cap = np.broadcast_to(np.asarray(self.params.military_cap_share, float), (n,))
        self.max_budget = float(min(cap[self.player], 1.0))
        self.joined: set[int] = set()
        self.left: set[int] = set()
        self.turns: list[dict[str, Any]] = []  # one per finished turn (move, model, events)
        self.stage = "move"
        self.end_reason: str | None = None
        self._move: Move | None = None
        self._demands: Any = None
        self._view = self.stepper.begin_year()[self.player]

    # ---- what the player sees -------------------------------------------------------------
    @property
    def over(self) -> bool:
        """Whether the game has ended (its turns played, or a war its state is in)."""
        return self.stage == "over"

    def view(self) -> dict[str, Any]:
        """Return the player's view: its state, what it perceives and believes, the log so far.

        Never a rival's true type or true military (docs/game.md).
        """
        v, i = self._view, self.player
        others = []
        for j, name in enumerate(self.names):
            if j == i:
                continue
            others.append({
                "name": name, "perceived_military": _float(v.perceived[:, j]),
                "gdp": _float(v.gdp_seen[:, j]), "trust": _float(v.beliefs[:, j]),
                "allied": bool(v.allied[0, j]), "may_fight": bool(v.eligible[0, j]),
            })  # fmt: skip
        out = {
            "scenario": self.start.scenario, "title": self.title, "player": self.names[i],
            "turn": self.stepper.year + (0 if self.over else 1), "turns": self.start.turns,
            "year": None if self.start_year is None else
            self.start_year + self.stepper.year - (1 if self.over else 0),
            "stage": self.stage, "over": self.over, "end_reason": self.end_reason,
            "you": {
                "name": self.names[i], "type": "greedy" if bool(v.greedy[0]) else
                "security seeker", "military": _float(v.military), "gdp": _float(v.gdp),
                "budget_share": _float(v.military) / max(_float(v.gdp), 1e-300),
                "max_budget": self.max_budget, "min_trust": float(self.min_trust[i]),
                "separating_gesture": self.separating,
            },
            "others": others, "alliances_on": self._alliances_on(),
            "demands": self._demands_view(), "history": [self._public(t) for t in self.turns],
        }  # fmt: skip
        return _plain(out)

    def _alliances_on(self) -> bool:
        return bool(self.params.alliances) and len(self.names) >= 3

    def _demands_view(self) -> list[dict[str, Any]]:
        if self.stage != "answer":
            return []
        d = self._demands
        return [{"challenger": self.names[j], "share": float(d.x[0, j]),
                 "amount": float(d.amount[0, j])}
                for j in np.flatnonzero(d.made[0])]  # fmt: skip

    @staticmethod
    def _public(turn: dict[str, Any]) -> dict[str, Any]:
        events = [{k: e[k] for k in PUBLIC_EVENT_COLUMNS} for e in turn["events"]]
        return {"turn": turn["turn"], "move": turn["move"], "events": events}

    # ---- playing ----------------------------------------------------------------------------
    def _index(self, name: str, field: str) -> int:
        if name not in self.names or name == self.names[self.player]:
            others = [n for k, n in enumerate(self.names) if k != self.player]
            raise GameError(f"move.{field}: {name!r} is not another state; allowed: {others}")
        return self.names.index(name)

    def play(self, move: Move | dict[str, Any]) -> dict[str, Any]:
        """Play this turn's move; return the player's view after it.

        When demands are made of the state and the move says nothing about them (``answer``,
        ``concede``), the game stops at stage ``"answer"`` with the demands in the view;
        :meth:`answer` then finishes the turn.

        Raises
        ------
        GameError
            For a bad move (naming the field and the value) or a game not awaiting a move.
        """
        if self.stage != "move":
            raise GameError(f"the game is at stage {self.stage!r}; a move needs stage 'move'", 409)
        move = check_model(Move, move, "move")
        actions = self._actions(move)
        self.stepper.act(self.player, **actions)
        self._move = move
        faced = self.stepper.demands_faced(self.player)
        if faced.made.any() and move.answer is None and move.concede is None:
            self._demands, self.stage = faced, "answer"
            return self.view()
        if move.concede is not None:
            return self._finish([self._index(n, "concede") for n in move.concede], faced)
        concede = list(np.flatnonzero(faced.made[0])) if move.answer == "concede" else []
        return self._finish(concede, faced)

    def answer(self, concede: list[str]) -> dict[str, Any]:
        """Answer the demands shown at stage ``"answer"``: concede to these challengers.

        Raises
        ------
        GameError
            For a name that is not a challenger of this turn or a game not awaiting answers.
        """
        if self.stage != "answer":
            raise GameError(f"the game is at stage {self.stage!r}; answers need 'answer'", 409)
        if not isinstance(concede, list) or not all(isinstance(n, str) for n in concede):
            raise GameError(f"concede: expected a list of state names, got {concede!r}")
        made = self._demands.made[0]
        challengers = [self.names[j] for j in np.flatnonzero(made)]
        bad = [n for n in concede if n not in challengers]
        if bad:
            raise GameError(f"concede: {bad} made no demand this turn; challengers: {challengers}")
        return self._finish([self.names.index(n) for n in concede], self._demands)

    def _actions(self, move: Move) -> dict[str, Any]:
        """Return the stepper's actions for ``move`` (checked against the state's situation)."""
        v, n = self._view, len(self.names)
        if move.budget is not None and move.budget > self.max_budget:
            raise GameError(
                f"move.budget: {move.budget} is above the cap military_cap_share = "
                f"{self.max_budget}; allowed: [0, {self.max_budget}]"
            )
        leave = {self._index(name, "leave") for name in move.leave}
        strike = np.zeros(n, dtype=bool)
        for name in move.strike:
            j = self._index(name, "strike")
            if not v.eligible[0, j] and j not in leave:
                raise GameError(f"move.strike: {name!r} is an ally or at peace with you this year")
            strike[j] = True
        target, share = -1, 0.0
        if move.demand is not None:
            target, share = self._index(move.demand.target, "demand.target"), move.demand.share
            if not v.eligible[0, target] and target not in leave:
                raise GameError(
                    f"move.demand.target: {move.demand.target!r} is an ally or at peace with you"
                )
            if strike.any():
                raise GameError("move.demand: a state that strikes makes no demand this year")
        if (move.join or move.leave) and not self._alliances_on():
            raise GameError("move.join/leave: alliances are off in this scenario")
        join = {self._index(name, "join") for name in move.join}
        if join & leave:
            raise GameError(f"move: join and leave name the same states {sorted(join & leave)}")
        self.joined = (self.joined | join) - leave
        self.left = (self.left | leave) - join
        actions: dict[str, Any] = {"reassure": move.reassure, "strike": strike,
                                   "demand": (target, share), "hotline": move.hotline}  # fmt: skip
        gdp, kept = _float(v.gdp), (1.0 - move.reassure) * _float(v.military)
        if move.budget is not None:  # a gesture binds the year: no rebuilding past the cut
            level = move.budget * gdp if move.reassure == 0.0 else min(move.budget * gdp, kept)
            actions["arming"] = level
        if self._alliances_on():
            joined, left = sorted(self.joined), sorted(self.left)

            def pacts(view: Any, default: np.ndarray) -> np.ndarray:
                out = default.copy()
                out[:, joined] = True
                out[:, left] = False
                return out

            actions["alliances"] = pacts
        return actions

    def _finish(self, concede: list[int], faced: Any) -> dict[str, Any]:
        """Answer, finish the year, log the turn and begin the next one (or end the game)."""
        n = len(self.names)
        accept = np.zeros(n, dtype=bool)
        accept[[j for j in concede if faced.made[0, j]]] = True
        self.stepper.answer(self.player, accept)
        events = self.stepper.finish_year()
        record = self._move.model_dump(mode="json")
        record["concede"] = [self.names[j] for j in np.flatnonzero(accept)]
        record["answer"] = None
        rows = [{k: _jsonable(val) for k, val in row.items()}
                for row in events.drop(columns=["run"]).to_dict(orient="records")]  # fmt: skip
        turn = self.stepper.year
        self.turns.append({
            "turn": turn, "move": record, "events": rows,
            "model": self._advice(self.stepper.model_choices(self.player)),
            "faced": [self.names[j] for j in np.flatnonzero(faced.made[0])],
        })  # fmt: skip
        self._move, self._demands, self.stage = None, None, "move"
        at_war = any(r["kind"] == "war" and self.player in (r["participants"] or []) for r in rows)
        if at_war:
            self.stage, self.end_reason = "over", f"war in turn {turn}"
        elif turn >= self.start.turns:
            self.stage, self.end_reason = "over", f"all {turn} turns played"
        else:
            self._view = self.stepper.begin_year()[self.player]
        return self.view()

    def _advice(self, model: dict[str, Any]) -> dict[str, Any]:
        """Return the model's choices in the player's place as a move (what it would have done)."""
        i, gdp = self.player, _float(self._view.gdp)
        out: dict[str, Any] = {}
        if "reassure" in model:
            out["reassure"] = _float(model["reassure"])
        if "arming" in model:
            out["budget"] = _float(model["arming"]) / max(gdp, 1e-300)
        if "alliances" in model:
            out["pacts"] = [self.names[j] for j in np.flatnonzero(model["alliances"][0]) if j != i]
        if "strike" in model:
            out["strike"] = [self.names[j] for j in np.flatnonzero(model["strike"][0])]
        if "demand" in model:
            target, x = model["demand"]
            t = int(np.asarray(target).reshape(-1)[0])
            out["demand"] = None if t < 0 else {"target": self.names[t], "share": _float(x)}
        if "hotline" in model:
            out["hotline"] = bool(np.asarray(model["hotline"]).reshape(-1)[0])
        if "answer" in model:
            out["concede"] = [self.names[j] for j in np.flatnonzero(model["answer"][0])]
        return out

    # ---- saving and replaying ---------------------------------------------------------------
    def save(self) -> dict[str, Any]:
        """Return the game as JSON-able data: its start and its moves (the answers included)."""
        return {"version": SAVE_VERSION, "start": self.start.model_dump(),
                "moves": [t["move"] for t in self.turns]}  # fmt: skip

    @classmethod
    def replay(cls, saved: dict[str, Any]) -> Game:
        """Rebuild a saved game by playing its moves again (same seed, same moves: same game).

        Raises
        ------
        GameError
            For data that is not a saved game (naming the field) or moves the game refuses.
        """
        if not isinstance(saved, dict) or saved.get("version") != SAVE_VERSION:
            got = saved.get("version") if isinstance(saved, dict) else type(saved).__name__
            raise GameError(f"saved.version: expected {SAVE_VERSION}, got {got!r}")
        moves = saved.get("moves")
        if not isinstance(moves, list):
            raise GameError(f"saved.moves: expected a list of moves, got {type(moves).__name__}")
        game = cls(saved.get("start"))
        if len(moves) > game.start.turns:
            raise GameError(f"saved.moves: {len(moves)} moves for a game of {game.start.turns}")
        for k, move in enumerate(moves):
            if game.over:
                raise GameError(f"saved.moves[{k}]: the game ended at turn {k}")
            move = check_model(Move, move, f"saved.moves[{k}]")
            if move.concede is None:
                move = move.model_copy(update={"concede": []})
            game.play(move)
        return game


def _jsonable(val: Any) -> Any:
    """Return an event cell as plain JSON: numbers, strings, lists, None for NaN."""
    if isinstance(val, list | tuple | np.ndarray):
        return [_jsonable(x) for x in val]
    if val is None or pd.isna(val):  # NaN, None, pandas' NA
        return None
    val = val.item() if isinstance(val, np.generic) else val
    return None if isinstance(val, float) and not np.isfinite(val) else val


def _plain(value: Any) -> Any:
    """Return nested dicts and lists with every non-finite number as None (valid JSON)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value

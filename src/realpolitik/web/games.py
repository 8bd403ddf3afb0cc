"""``/api/games``: the crisis game over HTTP (start, state, turns, answers, debrief, save, replay).

Source: docs/game.md ("The API"). A game is a :class:`~realpolitik.game.Game` kept in a bounded
:class:`~realpolitik.game.GameStore` (the least recently used evicted beyond its capacity) under
a random id; several games run at once without sharing anything (one per browser session).
Every input is validated: a bad one is a 4xx answer with one message naming the field, the value
and what is allowed (400 bad input, 404 unknown game, 409 a call the game's stage does not
allow, 422 a body of the wrong shape); no path from a request reaches the file system (a
scenario is named by its bundled name only). The computations are plain functions, which
FastAPI runs in its thread pool, off the event loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from realpolitik.game import MAX_TURNS, Game, GameError, GameStore, Move, Start, debrief
from realpolitik.game.moves import Names
from realpolitik.game.session import SAVE_VERSION

__all__ = ["STORE", "Answers", "Saved", "make_router", "router"]

STORE = GameStore()
"""The live games of this server (:data:`realpolitik.game.store.DEFAULT_CAPACITY` at most)."""

GameId = Path(pattern=r"^[A-Za-z0-9_-]{1,40}$", description="the game's id")


class Answers(BaseModel):
    """The answers to this turn's demands: the challengers conceded to (the rest resisted)."""

    model_config = ConfigDict(extra="forbid")

    concede: Names = Field(default_factory=list)


class Saved(BaseModel):
    """A saved game: its start and its moves (``GET /api/games/{id}/save``)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(SAVE_VERSION, ge=SAVE_VERSION, le=SAVE_VERSION)
    start: Start
    moves: list[Move] = Field(default_factory=list, max_length=MAX_TURNS)


def _call(fn: Any, *args: Any) -> Any:
    """Return ``fn(*args)``, a :class:`GameError` becoming an HTTP error with its status."""
    try:
        return fn(*args)
    except GameError as exc:
        raise HTTPException(exc.status, str(exc)) from None


def _options() -> list[dict[str, Any]]:
    """Return each bundled scenario with its title and its states (what a player may pick)."""
    from realpolitik.scenarios import bundled_scenarios, load_scenario

    out = []
    for name in bundled_scenarios():
        scenario = load_scenario(name)
        out.append({"scenario": name, "title": scenario.title,
                    "states": list(scenario.state_names)})  # fmt: skip
    return out


def make_router(store: GameStore) -> APIRouter:
    """Return the games API over ``store`` (mounted at ``/api/games``)."""
    api = APIRouter(prefix="/api/games", tags=["games"])

    @api.get("/options", summary="The scenarios and states a game can be played with")
    def options() -> list[dict[str, Any]]:
        """Return each bundled scenario's name, title and states."""
        return _options()

    @api.post("", status_code=201, summary="Start a game")
    def start(body: Start) -> dict[str, Any]:
        """Start a game; return its id and the player's view (docs/game.md)."""
        game = _call(Game, body)
        return {"id": store.add(game), "view": game.view()}

    @api.get("/{game_id}", summary="The player's view of a game")
    def state(game_id: str = GameId) -> dict[str, Any]:
        """Return what the player's state sees now (never the others' types)."""
        return _call(store.with_game, game_id, lambda g: g.view())

    @api.post("/{game_id}/turns", summary="Play a turn")
    def turn(body: Move, game_id: str = GameId) -> dict[str, Any]:
        """Play this turn's move; the view after it (stage ``answer`` if demands await)."""
        return _call(store.with_game, game_id, lambda g: g.play(body))

    @api.post("/{game_id}/answers", summary="Answer this turn's demands")
    def answers(body: Answers, game_id: str = GameId) -> dict[str, Any]:
        """Concede to the named challengers, resist the others; the view after the turn."""
        return _call(store.with_game, game_id, lambda g: g.answer(body.concede))

    @api.get("/{game_id}/debrief", summary="The debrief of a finished game")
    def debriefing(game_id: str = GameId) -> dict[str, Any]:
        """Return the true types, the spiral and deterrence-failure marks, the model's advice."""
        return _call(store.with_game, game_id, debrief)

    @api.get("/{game_id}/save", summary="Save a game")
    def save(game_id: str = GameId) -> dict[str, Any]:
        """Return the game as JSON (its start and moves) for ``POST /api/games/replay``."""
        return _call(store.with_game, game_id, lambda g: g.save())

    @api.post("/replay", status_code=201, summary="Replay a saved game")
    def replay(body: Saved) -> dict[str, Any]:
        """Rebuild a saved game (same seed and moves: the same game) as a new live game."""
        game = _call(Game.replay, body.model_dump())
        return {"id": store.add(game), "view": game.view()}

    return api


router = make_router(STORE)
"""The games API of this server, over :data:`STORE`."""

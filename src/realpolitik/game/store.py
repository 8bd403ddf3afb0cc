"""Live crisis games, many at once: a bounded store keyed by unguessable ids.

Source: docs/game.md ("The API"). Each game is its own :class:`~realpolitik.game.Game` (its own
stepper, generators and policies), so games never share state; the store only holds them. It
keeps at most ``capacity`` games and evicts the least recently used one when a new game would
exceed it. Ids are random URL-safe tokens (:func:`secrets.token_urlsafe`), never derived from a
request; a lock serialises the moves of one game (a web server may call from several threads).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from realpolitik.game.moves import GameError
from realpolitik.game.session import Game

__all__ = ["DEFAULT_CAPACITY", "GameStore"]

DEFAULT_CAPACITY = 64
"""The default number of live games a store keeps."""

T = TypeVar("T")


class GameStore:
    """Live games by id, at most ``capacity`` of them (the least recently used is evicted).

    Parameters
    ----------
    capacity
        The most games kept at once (>= 1).
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"capacity = {capacity!r} must be an integer >= 1")
        self.capacity = capacity
        self._games: OrderedDict[str, tuple[Game, threading.Lock]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._games)

    def __contains__(self, game_id: object) -> bool:
        return game_id in self._games

    def add(self, game: Game) -> str:
        """Keep ``game``; return its new id (evicting the least recently used beyond capacity)."""
        game_id = secrets.token_urlsafe(12)
        with self._lock:
            self._games[game_id] = (game, threading.Lock())
            while len(self._games) > self.capacity:
                self._games.popitem(last=False)
        return game_id

    def with_game(self, game_id: str, fn: Callable[[Game], T]) -> T:
        """Return ``fn(game)`` for the game ``game_id``, holding that game's lock.

        Raises
        ------
        GameError
            (status 404) for an unknown or evicted id.
        """
        with self._lock:
            entry = self._games.get(game_id)
            if entry is None:
                raise GameError(
                    f"no game {game_id[:40]!r}: unknown, finished long ago or evicted (the "
                    f"server keeps the {self.capacity} most recently used games)",
                    404,
                )
            self._games.move_to_end(game_id)
        game, lock = entry
        with lock:
            return fn(game)

    def get(self, game_id: str) -> Any:
        """Return the game ``game_id`` (404 :class:`GameError` if unknown)."""
        return self.with_game(game_id, lambda g: g)

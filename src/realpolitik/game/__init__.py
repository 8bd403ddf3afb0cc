"""The crisis game: a person plays one state of a scenario against the strategic engine.

Sources: R. Jervis, "Cooperation under the Security Dilemma" (1978); A. Kydd, *Trust and Mistrust
in International Relations* (2005); docs/game.md (how to play, the debrief, the web API).

- :class:`Game`: one game over :class:`~realpolitik.engine.policy.Stepper` (start, view, play a
  turn, answer demands, save, replay);
- :func:`debrief`: the true types and the turns where a spiral began or deterrence failed, with
  what the model would have done in the player's place;
- :class:`GameStore`: many independent games at once, bounded (the oldest evicted);
- :class:`Move`, :class:`Start`, :class:`GameError`: the validated inputs and the one error.

Example
-------
>>> from realpolitik.game import Game, debrief
>>> game = Game({"scenario": "two-state-spiral", "player": "Athens", "turns": 3, "seed": 1})
>>> view = game.view()
>>> view["you"]["name"], [o["name"] for o in view["others"]], "type" in view["others"][0]
('Athens', ['Sparta'], False)
>>> while not game.over:
...     view = game.play({"budget": 0.05, "answer": "stand_firm"})
>>> sorted(debrief(game)["types"].values())
['security seeker', 'security seeker']
>>> Game.replay(game.save()).save() == game.save()
True
"""

from __future__ import annotations

from realpolitik.game.debrief import debrief
from realpolitik.game.moves import MAX_TURNS, Demand, GameError, Move, Start
from realpolitik.game.session import Game
from realpolitik.game.store import GameStore

__all__ = ["MAX_TURNS", "Demand", "Game", "GameError", "GameStore", "Move", "Start", "debrief"]

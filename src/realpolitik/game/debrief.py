"""The crisis game's debrief: the true types; the turns where a spiral began or deterrence failed.

Sources: R. Jervis, *Perception and Misperception in International Politics* (1976), ch. 3, and
A. Kydd, "Game Theory and the Spiral Model" (1997) (a spiral: security seekers who come to fear
each other from what they see of each other's arming); G. Snyder & P. Diesing, *Conflict Among
Nations* (1977) and Jervis (1976) (deterrence fails when a greedy state is not deterred and
initiates); docs/game.md ("The debrief").

Marks, per turn t (the year just played):

- **spiral began**: a security seeker i's trust mu_ij in another security seeker j fell below
  i's minimum trust pi*_i (Kydd's threshold, docs/models/spiral.md) in turn t, from at least
  pi*_i the turn before, after an observed build-up: j made no demand that turn (a demand reveals
  greed by itself), so the fall came from reading j's arming as "arm". Before turn 1 every
  belief is the prior (``prior_trust``).
- **deterrence failure**: a greedy state initiated a crisis (a demand) or a war in turn t.

Each turn also shows the player's move next to what the strategic model would have done in its
place that turn (given the player's earlier choices of the year).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from realpolitik.game.moves import GameError
from realpolitik.game.session import Game, _plain

__all__ = ["debrief"]


def _spirals(game: Game, mu: np.ndarray, greedy: np.ndarray, turn: int, turns: list) -> list:
    """Return the spiral marks of ``turn`` (see the module docstring)."""
    names, pi = game.names, game.min_trust
    demanded = {e["initiator"] for e in turns[turn - 1]["events"] if e["kind"] == "crisis"}
    out = []
    before, after = mu[turn - 1], mu[turn]
    for i in np.flatnonzero(~greedy):
        for j in np.flatnonzero(~greedy):
            if i == j or int(j) in demanded:
                continue
            if before[i, j] >= pi[i] > after[i, j]:
                out.append({"observer": names[i], "target": names[j],
                            "trust_before": float(before[i, j]), "trust_after": float(after[i, j]),
                            "min_trust": float(pi[i])})  # fmt: skip
    return out


def _failures(game: Game, greedy: np.ndarray, events: list) -> list:
    """Return the deterrence failures among ``events``: a greedy initiator, one per pair."""
    out, seen = [], set()
    for e in events:
        i = e.get("initiator")
        if i is None or i < 0 or not greedy[i] or e["kind"] not in ("crisis", "war"):
            continue
        key = (i, e["target"])
        if key in seen:
            continue
        seen.add(key)
        out.append({"initiator": game.names[i], "target": e.get("target_name"),
                    "kind": e["kind"], "outcome": e.get("outcome"),
                    "war": any(x["kind"] == "war" and (x["initiator"], x["target"]) == key
                               for x in events)})  # fmt: skip
    return out


def debrief(game: Game) -> dict[str, Any]:
    """Return the debrief of a finished game (see the module docstring).

    Raises
    ------
    GameError
        If the game is not over (status 409).
    """
    if not game.over:
        raise GameError("the debrief is shown when the game is over; play on or end it", 409)
    tr = game.stepper.trajectory(partial=True)
    greedy = tr.data["greedy"].to_numpy()[0]
    played = len(game.turns)
    mu = np.array(tr.data["beliefs"].to_numpy()[0, : played + 1], dtype=np.float64)
    prior = np.broadcast_to(np.asarray(game.params.prior_trust, float), (len(game.names),))
    mu[0] = prior[:, None]
    np.fill_diagonal(mu[0], 1.0)
    turns = []
    for t in range(1, played + 1):
        record = game.turns[t - 1]
        turns.append({
            "turn": t, "move": record["move"], "model": record["model"],
            "faced": record["faced"], "events": record["events"],
            "spirals": _spirals(game, mu, greedy, t, game.turns),
            "deterrence_failures": _failures(game, greedy, record["events"]),
        })  # fmt: skip
    return _plain({
        "scenario": game.start.scenario, "player": game.names[game.player],
        "seed": game.start.seed, "end_reason": game.end_reason,
        "types": {n: ("greedy" if g else "security seeker") for n, g in zip(game.names, greedy,
                                                                             strict=True)},
        "turns": turns,
        "spiral_turns": [t["turn"] for t in turns if t["spirals"]],
        "deterrence_failure_turns": [t["turn"] for t in turns if t["deterrence_failures"]],
    })  # fmt: skip

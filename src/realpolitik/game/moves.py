"""A crisis game's inputs: the start of a game and a player's move in one turn (validated).

Source: docs/game.md (how to play); docs/policies.md (the state's choices each move maps to).

A move is what a person decides for their state in one year: a defence budget (arming), a costly
reassurance gesture (Kydd 2005), alliance moves (join, leave) and crisis moves (stand firm,
escalate by a demand or a strike, concede, use the hotline). Inputs are plain JSON-able values
(names of states, numbers in stated ranges) checked by pydantic; anything else is refused with
one message naming the field, the value and the allowed range (:class:`GameError`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

__all__ = [
    "MAX_TURNS", "Demand", "GameError", "Move", "Name", "Names", "Start", "check_model",
    "describe",
]  # fmt: skip

MAX_TURNS = 100
"""The longest game (turns, one year each)."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
"""A state's or a scenario's name (at most 64 characters)."""

Names = Annotated[list[Name], Field(max_length=64)]
"""A list of at most 64 state names."""


class GameError(ValueError):
    """A bad input or a call out of turn; its text names the field, the value and what is allowed.

    ``status`` is the HTTP status the web API answers with (400 bad input, 404 unknown game,
    409 a call the game's stage does not allow).
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Start(BaseModel):
    """The start of a game: a bundled scenario, the state the person plays, its length, a seed."""

    model_config = ConfigDict(extra="forbid")

    scenario: Name = Field(description="a bundled scenario's name")
    player: Name = Field(description="the played state's name")
    turns: int = Field(20, ge=1, le=MAX_TURNS, description="the number of turns (years)")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="the game's seed (same seed, same game)")


class Demand(BaseModel):
    """A demand: a rival and the share of the stake (``gdp_cession`` of its GDP) demanded."""

    model_config = ConfigDict(extra="forbid")

    target: Name
    share: float = Field(ge=0.0, le=1.0, allow_inf_nan=False)


class Move(BaseModel):
    """A player's move in one turn (every field optional; the defaults are a quiet year).

    Attributes
    ----------
    budget
        This year's military as a share of last year's GDP, in ``[0, military_cap_share]``;
        None: the engine's own arming (the Richardson response; Richardson 1960).
    reassure
        A reassurance gesture: the share of its military the state cuts, in [0, 1] (0: none).
        At least ``temptation_greedy / signal_cost_greedy`` it separates (Kydd 2005).
    join, leave
        States to ally with (kept until left) and pacts to leave (until joined again).
    strike
        Rivals to strike now, with no demand before (a preventive or preemptive war).
    demand
        A demand on one rival, or None.
    hotline
        Use the hotline in this year's crises (it sharpens perceptions when both sides use it).
    answer
        A standing answer to the demands the state faces this turn: ``"stand_firm"`` (resist)
        or ``"concede"``; None: the game pauses to show the demands and asks.
    concede
        The challengers whose demands it concedes (the others it resists); overrides ``answer``.
    """

    model_config = ConfigDict(extra="forbid")

    budget: float | None = Field(None, ge=0.0, le=1.0, allow_inf_nan=False)
    reassure: float = Field(0.0, ge=0.0, le=1.0, allow_inf_nan=False)
    join: Names = Field(default_factory=list)
    leave: Names = Field(default_factory=list)
    strike: Names = Field(default_factory=list)
    demand: Demand | None = None
    hotline: bool = True
    answer: Literal["stand_firm", "concede"] | None = None
    concede: Names | None = None


def describe(exc: ValidationError) -> str:
    """Return a pydantic error as one line per problem: ``field: message (got value)``."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "input"
        got = err.get("input")
        shown = repr(got)[:60] if not isinstance(got, dict) else "an object"
        lines.append(f"{where}: {err['msg']} (got {shown})")
    return "; ".join(lines)


def check_model(kind: type[BaseModel], data: object, what: str) -> BaseModel:
    """Return ``data`` validated as ``kind``, or raise a :class:`GameError` naming each field."""
    if isinstance(data, kind):
        return data
    if not isinstance(data, dict):
        raise GameError(f"{what}: expected an object, got {type(data).__name__}")
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        raise GameError(f"{what}: {describe(exc)}") from None

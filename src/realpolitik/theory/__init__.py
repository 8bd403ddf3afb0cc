"""The field's formal models of the security dilemma, one module per model (docs/models/).

Pure functions and small frozen dataclasses: no I/O, no global state, randomness only through
an explicit ``seed``/``rng`` argument. Names and arguments follow the literature's symbols.

Modules
-------
richardson
    Richardson's arms-race equations, their N-nation form and fits (docs/models/richardson.md).
offense_defense
    Jervis's offense-defense balance, distinguishability and 2x2 arming games (2).
spiral
    Glaser and Kydd: trust, reassurance and the spiral of mistrust (3).
bargaining
    Fearon's bargaining model: ranges, risk-return, commitment problems (4).
deterrence
    Counterforce exchanges, first-strike stability, MAD, competition in risk (5).
contest
    Lanchester attrition and contest success functions (6).
repeated
    The iterated security game with noise and memory-one strategies (7).
alliances
    Burden sharing, buck-passing, chain-ganging, balancing vs bandwagoning (8).
audience
    Audience costs in crises and hawk bias (9).

Each model module declares the inputs of its classic examples once, as ``INPUTS`` (a tuple of
:class:`realpolitik.theory.inputs.Input`: name, default, allowed range, units, meaning), and
returns the curves its figures need (phase portraits, maps, sweeps) from its own functions; the
theory tour, the ``realpolitik theory`` commands and ``docs/theory.md`` are built from them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODELS: tuple[str, ...] = (
    "richardson",
    "offense_defense",
    "spiral",
    "bargaining",
    "deterrence",
    "contest",
    "repeated",
    "alliances",
    "audience",
)

__all__ = list(MODELS)


def __getattr__(name: str) -> ModuleType:
    """Import a model module on first use, so ``import realpolitik`` stays fast."""
    if name in MODELS:
        module = importlib.import_module(f"realpolitik.theory.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'realpolitik.theory' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(MODELS))

"""The engine's mechanisms: one module per phase of a simulated year (DESIGN.md).

Each module exposes ``step(world, params, rng) -> world`` (updating the world's arrays in place
and returning it) and metadata: ``MODELS`` (what it models), ``SECTION`` (where its equations
are defined), ``READS`` (the :class:`~realpolitik.engine.params.Params` keys it reads),
``WRITES`` (the :class:`~realpolitik.engine.world.World` fields it sets) and ``REFERENCES``
(BibTeX keys in :mod:`realpolitik.citations`). ``params`` is the
:class:`~realpolitik.engine.params.ResolvedParams` of the simulation: per-state keys as arrays
of shape ``(states,)``, scalar keys as floats.

The core configuration (reference/CORE_MODEL.md) uses perception, arming, economy, crisis and
war; later mechanisms (beliefs, alliances, domestic politics, arms control, nuclear forces)
add modules here and insert them into :data:`realpolitik.engine.simulate.PHASES`.
"""

from __future__ import annotations

from realpolitik.engine.mechanisms import arming, crisis, economy, perception, war

__all__ = ["MECHANISMS", "arming", "crisis", "economy", "perception", "war"]

MECHANISMS = {
    "perception": perception,
    "arming": arming,
    "economy": economy,
    "crisis": crisis,
    "war": war,
}
"""Mechanism name -> module, for every mechanism the engine knows."""

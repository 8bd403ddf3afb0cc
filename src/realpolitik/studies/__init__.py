"""Studies: the field's empirical questions from the bundled data, the engine held against them.

Documentation: docs/studies.md.

- :func:`arms_races`: "do arms races lead to war?" (Wallace 1979; Diehl 1983; Sample 1997;
  Gibler, Rider and Hutchison 2005): the 2x2 tables of militarised disputes with and without an
  ongoing arms race, by exposure, outcome and subset, with intervals clustered by dispute.
- :func:`engine_vs_history`: the strategic engine's flagship initiator win rate and
  arms-race/war odds ratio set against the same quantities from COW's wars and the MIDs.

Command line: ``realpolitik study arms-races`` and ``realpolitik study engine-vs-history``.
"""

from __future__ import annotations

from realpolitik.studies.arms import (
    CELL_DISPUTE_COLUMNS,
    COLUMNS,
    DEFINITIONS,
    EXPOSURES,
    OUTCOMES,
    SUBSETS,
    WORLD_WARS,
    arms_races,
    dispute_dyad_table,
)
from realpolitik.studies.engine_history import (
    COMPARISON_COLUMNS,
    EngineVsHistory,
    engine_vs_history,
    history_initiator_wins,
)

__all__ = [
    "CELL_DISPUTE_COLUMNS",
    "COLUMNS",
    "COMPARISON_COLUMNS",
    "DEFINITIONS",
    "EXPOSURES",
    "OUTCOMES",
    "SUBSETS",
    "WORLD_WARS",
    "EngineVsHistory",
    "arms_races",
    "dispute_dyad_table",
    "engine_vs_history",
    "history_initiator_wins",
]

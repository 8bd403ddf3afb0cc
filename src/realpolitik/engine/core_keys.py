"""The core model's keys: declared once here, read by several mechanisms.

Source: docs/mechanisms.md ("Core keys"); Richardson (1960) for the arms race, Tullock (1980)
for the contest. The core keys are the first keys of :class:`~realpolitik.engine.Params`, in
this order; their defaults are the core model's values. ``offense_advantage`` (Jervis 1978's
offense-defense balance as one number) is declared with them because it only sets three of
them: ``offense_defense_factor = 1 + 0.4 beta``, ``decisiveness = 2 beta``,
``war_given_crisis = 0.2 beta`` (the core values at beta = 0.5; under the strategic engine
only the first two, :mod:`realpolitik.engine.presets`). ``burn_in`` (core default 0, the
strategic engine's 50) is the number of years simulated before the recorded year 0
(:func:`~realpolitik.engine.chunks.run_chunk`).
"""

from __future__ import annotations

import functools
import math

from realpolitik.engine.keys import KeySpec, key

__all__ = ["KEYS"]

_core = functools.partial(key, mechanism="core", source="docs/engine.md")

KEYS: tuple[KeySpec, ...] = (
    _core("reaction", "kappa", 0.2, "total reaction to perceived rival military", per_state=True),
    _core("fatigue", "a", 0.3, "fatigue of one's own military, 1/yr", per_state=True),
    _core("offense_defense_factor", "od", 1.2,
          "offense-defense factor on perceived threat (> 1: offense dominant)", per_state=True),
    _core("grievance_greedy", "g_greedy", 0.05, "arming drive of greedy types", per_state=True,
          lo=-math.inf),
    _core("grievance_secure", "g_secure", 0.005, "arming drive of security seekers",
          per_state=True, lo=-math.inf),
    _core("share_greedy", "p_greedy", 0.3, "probability of a greedy type", per_state=True,
          hi=1.0),
    _core("military_cap_share", "cap", 0.1, "max military / last year's GDP (inf: no cap)",
          per_state=True, allow_inf=True),
    _core("burden_cost", "c", 0.2, "growth cost of the defence burden", per_state=True),
    _core("perception_noise", "sigma", 0.2, "relative Gaussian perception noise",
          per_state=True),
    _core("crisis_base_rate", "p0", 0.02, "crisis probability scale per pair-year", hi=1.0),
    _core("crisis_sensitivity", "beta", 2.0, "crisis sensitivity to the perceived ratio"),
    _core("war_given_crisis", "q_war", 0.1, "P(war | crisis)", hi=1.0),
    _core("decisiveness", "gamma", 1.0, "contest decisiveness"),
    _core("loser_military_loss", "loss_m", 0.3, "loser's military loss share", hi=1.0),
    _core("loser_gdp_loss", "loss_y", 0.1, "loser's GDP loss share", hi=1.0),
    _core("winner_military_cost", "cost_m", 0.1, "winner's military cost share", hi=1.0),
    _core("dt", "dt", 1.0, "step, years", lo_open=True),
    _core("burn_in", "-", 0, "years simulated before recording starts (not recorded; beliefs "
          "then reset to the prior)", kind="int", per_state=False, hi=100000.0,
          source="docs/strategic.md"),
    key("offense_advantage", "beta", None,
        "sets offense_defense_factor = 1 + 0.4 beta, decisiveness = 2 beta, "
        "war_given_crisis = 0.2 beta (core at 0.5; under decisions = 'strategic' only the "
        "first two)",
        mechanism="offense_defense", source="docs/models/offense_defense.md", hi=1.0, nullable=True,
        sets_core=True),
)  # fmt: skip
"""The core keys (the core model's defaults) and the convenience key that sets three of them."""

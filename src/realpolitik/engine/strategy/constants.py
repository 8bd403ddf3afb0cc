"""The decision phase's constants, computed once per chunk from the parameters in effect.

Source: docs/strategic.md ("Keys"). Per-state keys become ``(N,)`` arrays; a schedule that
changes one of the keys this module reads (``transparency``, ``hotline``, ...) has them
computed again (:meth:`~realpolitik.engine.context.ChunkContext.prepared`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.keys import per_state
from realpolitik.engine.mechanisms import war
from realpolitik.theory.spiral import min_trust

__all__ = ["READS", "Constants", "prepare"]

READS = (
    "decisions", "mobilization", "conquest_value_greedy", "conquest_value_secure",
    "cost_uncertainty",
    "patience", "projection_years", "trend_window", "settlement_years", "offense_defense_factor",
    "decisiveness", "gdp_cession", "winner_military_cost", "loser_military_loss",
    "loser_gdp_loss", "perception_noise", "transparency", "hotline", "hawkishness",
    "audience_cost", "share_greedy", "prior_trust", "type_beliefs", "exploitation_cost",
    "temptation_secure", "alliances", "alliance_stake", "balancing_cost", "alliance_war_cost",
    "offense_advantage",
)  # fmt: skip
"""The keys the decision phase reads."""


@dataclass(eq=False)
class Constants:
    """Per-chunk constants of the decision phase (``(N,)`` arrays or scalars)."""

    mobilization: np.ndarray
    v_greedy: np.ndarray
    v_secure: np.ndarray
    u: float
    patience: float
    projection_years: int
    trend_window: int
    settlement_years: int
    od: np.ndarray
    gamma: float
    cession: float
    cost_m: float
    loss_m: float
    loss_y: float
    noise: np.ndarray
    hotline: float
    hawk: np.ndarray
    audience: np.ndarray
    share_greedy: np.ndarray
    pi_star: np.ndarray
    join: np.ndarray | None
    nuclear: object = None  # this year's NuclearTerms (world.nuclear), set by the phase


def prepare(params, states: int) -> Constants:
    """Return the decision phase's constants for ``states`` states.

    Parameters
    ----------
    params
        The resolved parameters in effect.
    states
        The number of states N.

    Returns
    -------
    Constants
        The constants.
    """
    N = states

    def ps(value: object) -> np.ndarray:
        return per_state(value, N)

    sigma = ps(params.perception_noise)
    pi_star = np.array(
        [min_trust(float(c), float(t)) for c, t in
         zip(ps(params.exploitation_cost), ps(params.temptation_secure), strict=True)]
    )  # fmt: skip
    cession = float(np.max(ps(params.gdp_cession)))
    return Constants(
        mobilization=ps(params.mobilization),
        v_greedy=ps(params.conquest_value_greedy),
        v_secure=ps(params.conquest_value_secure),
        u=float(params.cost_uncertainty),
        patience=float(params.patience),
        projection_years=int(params.projection_years),
        trend_window=int(params.trend_window),
        settlement_years=int(params.settlement_years),
        od=ps(params.offense_defense_factor),
        gamma=float(params.decisiveness),
        cession=cession,
        cost_m=float(params.winner_military_cost),
        loss_m=float(params.loser_military_loss),
        loss_y=float(params.loser_gdp_loss),
        noise=sigma * (1.0 - float(params.transparency)),
        hotline=float(params.hotline),
        hawk=ps(params.hawkishness),
        audience=ps(params.audience_cost),
        share_greedy=ps(params.share_greedy),
        pi_star=pi_star,
        join=war.join_probabilities(params, N) if bool(params.alliances) else None,
    )

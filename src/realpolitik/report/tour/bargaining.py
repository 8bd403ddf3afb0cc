"""Fearon's bargaining model of war: range, risk-return trade-off, commitment problem.

J. Fearon, Rationalist Explanations for War (IO 49(3), 1995); R. Powell, War as a Commitment
Problem (IO 60(1), 2006). A pie [0, 1]; x is A's share; costs and hawk bias are shares of the
pie; probabilities in [0, 1]. Prints the bargaining range [p - c_A + h_A, p + c_B - h_B], A's
optimal demand x* and P(war) when B's cost is uniform on [c_B_lo, c_B_hi], and whether a power
shift makes preventive war rational. Draws A's expected utility U_A(x) with x*, and P(war) against
the uncertainty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import BLUE, GREEN, GREY, RED, new_figure
from realpolitik.report.tables import Table, table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import bargaining as bg
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "bargaining"
COMMAND = "bargaining"
INPUTS = bg.INPUTS

# Demands at which A's expected utility is drawn.
_DEMANDS = np.linspace(0.0, 1.0, 401)


def item(**given: Any) -> TourItem:
    """Solve Fearon's bargaining model: range, risk-return trade-off, commitment problem.

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.bargaining.INPUTS` by name.

    Returns
    -------
    TourItem
        Tables of the three results and the risk-return figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    p, c_A, lo, hi = v["p"], v["c_A"], v["c_B_lo"], v["c_B_hi"]  # noqa: N806 (Fearon)
    rng = bg.bargaining_range(p, c_A, v["c_B"], v["h_A"], v["h_B"])
    rr = bg.risk_return(p, c_A, lo, hi)
    com = bg.commitment_problem(v["p_t"], v["p_next"], v["c_D"], v["delta"])
    deal = (
        "hawk bias leaves no share that both prefer to war"
        if rng is None
        else f"both sides prefer any share x in [{rng[0]:.3g}, {rng[1]:.3g}] to war"
    )
    utility = bg.demand_utility(_DEMANDS, p, c_A, lo, hi)
    sweep = bg.uncertainty_sweep(p, c_A, lo, hi)

    def curve() -> Figure:
        return _risk_return_figure(utility, rr, p - c_A, rng, sweep, hi)

    return TourItem(
        key="bargaining",
        model=MODEL,
        title="Fearon's bargaining model of war",
        summary=(
            f"Under complete information {deal}; when B's cost is private, A demands "
            f"x* = {rr.x_star:.3g} and risks war with probability {rr.p_war:.3g}; a shift of power "
            f"from {v['p_t']:g} to {v['p_next']:g} "
            f"{'makes preventive war rational' if com.war else 'leaves peace possible'}."
        ),
        inputs=v,
        tables=_tables(v, rng, rr, com),
        data={
            "inputs": v,
            "bargaining_range": rng,
            "risk_return": {"x_star": rr.x_star, "p_war": rr.p_war, "eu_A": rr.eu_A},
            "commitment": {
                "war": com.war,
                "required_share": com.required_share,
                "critical_shift": com.critical_shift,
                "critical_delta": com.critical_delta,
            },
        },
        figures={"bargaining-risk-return": curve},
    )


def _tables(
    v: dict[str, Any],
    rng: tuple[float, float] | None,
    rr: bg.RiskReturn,
    com: bg.Commitment,
) -> list[Table]:
    lo, hi = v["c_B_lo"], v["c_B_hi"]
    return [
        table(
            "Complete information (Fearon 1995): shares x for A that both prefer to war",
            ("quantity", "value"),
            [("bargaining range [lo, hi]", rng), ("war under complete information", rng is None)],
        ),
        table(
            f"Private information: B's cost of war ~ U[{lo:g}, {hi:g}]",
            ("quantity", "value"),
            [
                ("A's optimal demand x*", rr.x_star),
                ("P(war) = P(B rejects x*)", rr.p_war),
                ("A's expected utility at x*", rr.eu_A),
            ],
        ),
        table(
            f"Commitment problem (Powell 2006): p falls from {v['p_t']:g} to {v['p_next']:g}",
            ("quantity", "value"),
            [
                ("preventive war", com.war),
                (
                    "share of the pie D requires today (above 1: more than the whole pie, "
                    "so no deal buys peace)",
                    com.required_share,
                ),
                ("critical shift Delta*", com.critical_shift),
                ("critical patience delta*", com.critical_delta),
            ],
        ),
    ]


def classic() -> list[TourItem]:
    """Return the classic stop: c_B ~ U[0, 0.3] and a shift of power from 0.6 to 0.3."""
    return [item()]


def _risk_return_figure(
    utility: np.ndarray,
    rr: bg.RiskReturn,
    war_value: float,
    bargaining_range: tuple[float, float] | None,
    sweep: bg.UncertaintySweep,
    c_B_hi: float,  # noqa: N803 (Fearon's symbol)
) -> Figure:
    """Draw U_A(x) with x*, the bargaining range, and P(war) against the uncertainty."""
    fig, (ax, bx) = new_figure(ncols=2, width=5.2, height=4.4)
    if bargaining_range is not None:
        ax.axvspan(
            *bargaining_range, color=GREEN, alpha=0.15, label="bargaining range (complete info)"
        )
    ax.plot(_DEMANDS, utility, color=BLUE, lw=2, label="U_A(x): A's expected utility")
    ax.axhline(war_value, color=GREY, ls=":", label=f"A's war value p - c_A = {war_value:.3g}")
    label = f"x* = {rr.x_star:.3g}, P(war) = {rr.p_war:.3g}"
    ax.plot(rr.x_star, rr.eu_A, "o", color=RED, ms=8, label=label)
    ax.set_xlabel("A's demand x (share of the pie)")
    ax.set_ylabel("A's expected utility U_A (share of the pie)")
    ax.set_title("Risk-return trade-off")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    bx.plot(sweep.c_B_hi, sweep.p_war, color=RED, lw=2)
    bx.axvline(c_B_hi, color=GREY, ls=":", label=f"c_B_hi = {c_B_hi:g}")
    bx.set_xlabel("c_B_hi: highest cost of war to B (share of the pie)")
    bx.set_ylabel("P(war)")
    bx.set_title("More uncertainty, more war")
    bx.set_ylim(bottom=0)
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    return fig

"""Alliance politics: burden sharing, buck-passing and chain gangs.

M. Olson & R. Zeckhauser, An Economic Theory of Alliances (REStat 1966); Bergstrom, Blume &
Varian (1986); T. Christensen & J. Snyder, Chain Gangs and Passed Bucks (IO 1990); A. Diekmann,
Volunteer's Dilemma (1985). Incomes and contributions in any common unit; probabilities in
[0, 1]. Prints the Nash contributions (the great carry the small), the probability that nobody
balances as allies multiply, and the chain-gang verdict; draws burden shares against income and
P(nobody balances) against n.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import BLUE, GREY, PURPLE, RED, new_figure
from realpolitik.report.tables import Table, fmt, table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import alliances as al
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "alliances"
COMMAND = "alliances"
INPUTS = al.INPUTS

# The chain-gang verdict is shown at this defense-dominant offense advantage and at the given one.
_DEFENSIVE_BETA = 0.3
_BURDEN_COLUMNS = (
    "ally",
    "income Y",
    "contribution q",
    "burden q/Y",
    "income share",
    "contribution share",
)


def item(**given: Any) -> TourItem:
    """Solve burden sharing, buck-passing and chain-ganging (Olson-Zeckhauser; Christensen-Snyder).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.alliances.INPUTS` by name.

    Returns
    -------
    TourItem
        Burden shares, the buck-passing curve, the chain-gang verdict and the figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    y = np.asarray(v["Y"], dtype=float)
    burden = al.burden_sharing(y, v["alpha"])
    curve = al.buck_passing_curve(v["n_max"], v["U"], v["K"])
    betas = sorted({_DEFENSIVE_BETA, v["beta"]})
    chains = {b: al.chain_gang(b, v["V"], v["K"], v["n"], v["c_war"]) for b in betas}
    return TourItem(
        key="alliances",
        model=MODEL,
        title="Alliance politics: burden sharing, buck-passing, chain gangs",
        summary=(
            f"The richest ally carries a disproportionate share of the common defence "
            f"(exploitation hypothesis: {fmt(burden.exploitation_holds)}), the alliance "
            f"under-provides it (Q = {burden.Q:.3g} < {burden.efficient_Q:.3g}), and the chance "
            "that nobody balances grows with the number of allies."
        ),
        inputs=v,
        tables=_tables(v, burden, curve, chains),
        data={
            "inputs": v,
            "burden": {
                "q": burden.q,
                "Q": burden.Q,
                "contributors": list(burden.contributors),
                "efficient_Q": burden.efficient_Q,
                "exploitation_holds": burden.exploitation_holds,
            },
            "buck_passing": {
                "n": curve.n,
                "p_balance_each": curve.p_balance_each,
                "p_nobody_balances": curve.p_nobody_balances,
            },
            "chain_gang": [
                {"beta": b, "regime": ch.regime, "unconditional_support": ch.unconditional_support}
                for b, ch in chains.items()
            ],
        },
        figures={"alliances": lambda: _alliances_figure(y, burden, curve)},
    )


def _tables(
    v: dict[str, Any],
    burden: al.Burden,
    curve: al.BuckPassingCurve,
    chains: dict[float, al.ChainGang],
) -> list[Table]:
    y, q = v["Y"], burden.q
    burden_rows = [
        (i, y[i], q[i], burden.burden[i], burden.income_share[i], burden.contribution_share[i])
        for i in range(len(y))
    ]
    buck_rows = zip(
        curve.n.tolist(), curve.p_balance_each, curve.p_nobody_balances, curve.payoff, strict=True
    )
    return [
        table(
            f"Burden sharing (Olson-Zeckhauser), alpha = {v['alpha']:g}: Nash contributions",
            _BURDEN_COLUMNS,
            burden_rows,
        ),
        table(
            "Provision of the public good",
            ("quantity", "value"),
            [
                ("total Q (Nash)", burden.Q),
                ("efficient Q (Samuelson)", burden.efficient_Q),
                ("contributors", tuple(burden.contributors)),
                ("exploitation of the great by the small holds", burden.exploitation_holds),
            ],
        ),
        table(
            f"Buck-passing as a volunteer's dilemma (U = {v['U']:g}, K = {v['K']:g})",
            ("allies n", "P(an ally balances)", "P(nobody balances)", "payoff"),
            list(buck_rows),
        ),
        table(
            f"Chain gangs and passed bucks (Christensen-Snyder): V = {v['V']:g}, "
            f"K = {v['K']:g}, n = {v['n']}, c_war = {v['c_war']:g}",
            ("offense advantage beta", "regime", "P(nobody balances)", "unconditional support"),
            [
                (b, ch.regime, ch.p_nobody_balances, ch.unconditional_support)
                for b, ch in chains.items()
            ],
        ),
    ]


def classic() -> list[TourItem]:
    """Return the classic stop: incomes 10, 5, 2 and buck-passing among 2 to 6 allies."""
    return [item()]


def _alliances_figure(incomes: np.ndarray, burden: al.Burden, curve: al.BuckPassingCurve) -> Figure:
    """Draw burden shares against income, and P(nobody balances) against the number of allies."""
    from matplotlib.ticker import MaxNLocator

    fig, (ax, bx) = new_figure(ncols=2, width=5.0, height=4.2)
    order = np.argsort(incomes)
    x = incomes[order]
    ax.plot(x, np.asarray(burden.burden)[order], "o-", color=BLUE, label="burden q / Y")
    ax.plot(x, np.asarray(burden.income_share)[order], "s--", color=GREY, label="share of income")
    shares = np.asarray(burden.contribution_share)[order]
    ax.plot(x, shares, "^--", color=RED, label="share of contributions")
    ax.set_xlabel("ally's income Y (income units)")
    ax.set_ylabel("share")
    ax.set_title("Exploitation of the great by the small")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    bx.plot(curve.n, curve.p_nobody_balances, "o-", color=PURPLE)
    bx.xaxis.set_major_locator(MaxNLocator(integer=True))
    bx.set_xlabel("number of allies n")
    bx.set_ylabel("P(nobody balances)")
    bx.set_ylim(0, 1)
    bx.set_title("Buck-passing grows with n")
    bx.grid(alpha=0.3)
    return fig

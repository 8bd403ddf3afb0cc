"""Audience costs: public threats as costly signals in a crisis.

J. Fearon, Domestic Political Audiences and the Escalation of International Disputes (APSR
88(3), 1994; the lab's one-shot signalling version); K. Schultz (1999). A's war value is private,
uniform on [w_A_lo, w_A_hi]; values in utility units, probabilities in [0, 1]. Prints the perfect
Bayesian equilibrium at audience cost a (regime, resolved types P_R, B's resistance r*, bluffing,
P(war)) and a sweep over a; draws r*, P_R and P(war) against a.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from realpolitik.report.figures import BLUE, GREEN, GREY, RED, new_figure
from realpolitik.report.tables import table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import audience as au
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "audience"
COMMAND = "audience"
INPUTS = au.INPUTS

_AT_A = (
    "regime",
    "p_resolved",
    "q_bar",
    "r_resist",
    "bluff_prob",
    "p_challenge",
    "p_war",
    "p_backs_down",
    "p_concedes",
)
_SWEEP_COLUMNS = (
    "audience cost a",
    "regime",
    "P_R resolved",
    "r* B resists",
    "bluff",
    "P(war)",
    "P(A backs down)",
    "P(B concedes)",
)


def item(**given: Any) -> TourItem:
    """Solve Fearon's audience-cost crisis game at one cost and over a range (Fearon 1994).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.audience.INPUTS` by name.

    Returns
    -------
    TourItem
        The equilibrium at ``a``, a sweep over audience costs and the figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    game = (v["v"], v["w_B"], v["w_A_lo"], v["w_A_hi"])
    one = au.audience_costs(v["v"], v["a"], *game[1:])
    sweep = au.audience_sweep(*game, v["a_max"])
    few = au.audience_sweep(*game, v["a_max"], points=5)
    rows = [
        (
            float(few.a[i]),
            few.regime[i],
            few.p_resolved[i],
            few.r_resist[i],
            few.bluff_prob[i],
            few.p_war[i],
            few.p_backs_down[i],
            few.p_concedes[i],
        )
        for i in range(len(few.a))
    ]
    tables = [
        table(
            f"Audience-cost crisis (Fearon 1994): v = {v['v']:g}, w_B = {v['w_B']:g}, "
            f"w_A ~ U[{v['w_A_lo']:g}, {v['w_A_hi']:g}]",
            ("quantity", "value"),
            [
                ("audience cost a", v["a"]),
                ("regime", one.regime),
                ("P_R: A's resolved types", one.p_resolved),
                ("q_bar = v / -w_B", one.q_bar),
                ("r*: P(B resists)", one.r_resist),
                ("bluffing probability", one.bluff_prob),
                ("P(challenge)", one.p_challenge),
                ("P(war)", one.p_war),
                ("P(A backs down)", one.p_backs_down),
                ("P(B concedes)", one.p_concedes),
            ],
        ),
        table("Raising audience costs", _SWEEP_COLUMNS, rows),
    ]
    return TourItem(
        key="audience",
        model=MODEL,
        title="Audience costs: public threats as costly signals",
        summary=(
            "Higher audience costs make more of A's types resolved (P_R rises) and B resists "
            f"less often (r* falls): at a = {v['a']:g}, r* = {one.r_resist:.3g} and P(war) = "
            f"{one.p_war:.3g}."
        ),
        inputs=v,
        tables=tables,
        data={
            "inputs": v,
            "at_a": {c: getattr(one, c) for c in _AT_A},
            "sweep": {
                "a": sweep.a,
                "regime": list(sweep.regime),
                "p_resolved": sweep.p_resolved,
                "r_resist": sweep.r_resist,
                "p_war": sweep.p_war,
            },
        },
        figures={"audience": lambda: _audience_figure(sweep)},
    )


def classic() -> list[TourItem]:
    """Return the classic stop: w_A ~ U[-3, 1], w_B = -1.25, audience costs from 0 to 2."""
    return [item()]


def _audience_figure(sweep: au.AudienceSweep) -> Figure:
    """Draw r*, P_R, P(war) and the other outcomes against the audience cost."""
    fig, ax = new_figure(width=6.4, height=4.4)
    ax.plot(sweep.a, sweep.r_resist, color=RED, lw=2, label="r*: P(B resists)")
    ax.plot(sweep.a, sweep.p_resolved, color=BLUE, lw=2, label="P_R: A resolved")
    ax.plot(sweep.a, sweep.p_war, color="black", lw=2, label="P(war)")
    ax.plot(sweep.a, sweep.p_backs_down, color=GREY, lw=1.5, ls="--", label="P(A backs down)")
    ax.plot(sweep.a, sweep.p_concedes, color=GREEN, lw=1.5, ls="-.", label="P(B concedes)")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("audience cost a of backing down (utility)")
    ax.set_ylabel("probability")
    ax.set_title("Audience costs make threats credible")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig

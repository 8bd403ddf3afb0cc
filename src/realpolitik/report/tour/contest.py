"""Lanchester attrition and contest success functions (Tullock, Hirshleifer).

F. W. Lanchester, Aircraft in Warfare (1916); G. Tullock, Efficient Rent Seeking (1980);
J. Hirshleifer, The Paradox of Power (1991). Square law dA/dt = -beta B, dB/dt = -alpha A (A wins
iff alpha A0^2 > beta B0^2); forces in units, time in the rates' units. Guns vs butter: each side
splits resources R into guns G and butter; P(A wins) = G_A^m / (G_A^m + G_B^m). Prints the
battle's winner, survivors and duration and the contest equilibrium; draws the force
trajectories, the contest success curves and guns against the resource share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from realpolitik.report.figures import BLUE, RED, new_figure
from realpolitik.report.tables import table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import contest as ct
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from matplotlib.figure import Figure

MODEL = "contest"
COMMAND = "contest"
INPUTS = ct.INPUTS


def item(**given: Any) -> TourItem:
    """Run a Lanchester battle and Hirshleifer's guns-versus-butter contest.

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.contest.INPUTS` by name.

    Returns
    -------
    TourItem
        The battle, the contest equilibrium and the three-panel figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    A0, B0, alpha, beta, law = (v[n] for n in ("A0", "B0", "alpha", "beta", "law"))  # noqa: N806
    R_A, R_B, m = v["R_A"], v["R_B"], v["m"]  # noqa: N806 (Hirshleifer's symbols)
    battle = ct.lanchester(A0, B0, alpha, beta, law)
    gvb = ct.guns_vs_butter(R_A, R_B, m)
    path = battle.trajectory()
    curves = ct.tullock_curves()
    sweep = ct.guns_vs_butter_sweep(R_A + R_B, m)
    tables = [
        table(
            f"Lanchester {law} law: A0 = {A0:g}, B0 = {B0:g}, alpha = {alpha:g}, beta = {beta:g}",
            ("quantity", "value"),
            [
                ("winner", battle.winner),
                ("survivors of the winner", battle.survivors),
                ("duration (time to annihilation)", battle.duration),
            ],
        ),
        table(
            f"Guns vs butter (Hirshleifer): R_A = {R_A:g}, R_B = {R_B:g}, m = {m:g}",
            ("quantity", "value"),
            [
                ("guns G_A, G_B", (gvb.G_A, gvb.G_B)),
                ("P(A wins) p_A", gvb.p_A),
                ("interior equilibrium (equal guns)", gvb.interior),
                ("A's share of resources", R_A / (R_A + R_B)),
            ],
        ),
    ]
    return TourItem(
        key="contest",
        model=MODEL,
        title="Lanchester attrition and contest success functions",
        summary=(
            f"Under the {law} law {battle.winner} wins with {battle.survivors:.4g} survivors. "
            f"In the guns-vs-butter contest the poorer side arms as much as the richer "
            f"(p_A = {gvb.p_A:.3g}): the paradox of power."
        ),
        inputs=v,
        tables=tables,
        data={
            "inputs": v,
            "battle": {
                "winner": battle.winner,
                "survivors": battle.survivors,
                "duration": battle.duration,
            },
            "guns_vs_butter": {
                "G_A": gvb.G_A,
                "G_B": gvb.G_B,
                "p_A": gvb.p_A,
                "interior": gvb.interior,
            },
        },
        figures={"contest": lambda: _contest_figure(battle, path, curves, sweep)},
    )


def classic() -> list[TourItem]:
    """Return the classic stop: 1000 against 800 under the square law; resources 15 and 5."""
    return [item()]


def _contest_figure(
    battle: ct.Battle,
    path: tuple[np.ndarray, np.ndarray, np.ndarray],
    curves: ct.TullockCurves,
    sweep: ct.GunsButterSweep,
) -> Figure:
    """Draw the battle's forces, Tullock's curves and guns against the resource share."""
    fig, (ax, bx, cx) = new_figure(ncols=3, width=4.2, height=4.0)
    t, force_a, force_b = path
    ax.plot(t, force_a, color=BLUE, lw=2, label="A")
    ax.plot(t, force_b, color=RED, lw=2, label="B")
    ax.set_xlabel("time (time units of alpha, beta)")
    ax.set_ylabel("forces (units, as A0 and B0)")
    ax.set_title(f"Lanchester {battle.law} law: {battle.winner} wins")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    for m, p in curves.p_A.items():
        bx.semilogx(curves.ratio, p, lw=1.8, label=f"m = {m:g}")
    bx.set_xlabel("force ratio x_A / x_B")
    bx.set_ylabel("P(A wins), Tullock")
    bx.set_title("Contest success: decisiveness m")
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    share = sweep.resource_share
    cx.plot(share, sweep.G_A, color=BLUE, label="guns G_A")
    cx.plot(share, sweep.G_B, color=RED, label="guns G_B")
    cx2 = cx.twinx()
    cx2.plot(share, sweep.p_A, color="black", ls="--", label="p_A")
    cx2.set_ylim(0, 1)
    cx2.set_ylabel("P(A wins)")
    cx.set_xlabel("A's share of resources R_A / (R_A + R_B)")
    cx.set_ylabel("guns G (resource units, as R_A and R_B)")
    cx.set_title("Guns vs butter: paradox of power")
    h1, l1 = cx.get_legend_handles_labels()
    h2, l2 = cx2.get_legend_handles_labels()
    cx.legend(h1 + h2, l1 + l2, fontsize=8, loc="lower center")
    cx.grid(alpha=0.3)
    return fig

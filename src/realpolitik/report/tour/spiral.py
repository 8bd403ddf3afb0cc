"""Kydd's spiral of mistrust and reassurance by costly signals.

A. Kydd, Game Theory and the Spiral Model (World Politics 49(3), 1997) and Trust, Reassurance,
and Cooperation (IO 54(2), 2000); C. Glaser, The Security Dilemma Revisited (1997). Stage game
R = 1, P = 0, S = -c, T = t; minimum trust pi* = c / (1 - t_S + c). The observer updates its
belief mu by Bayes' rule on arm / restrain observations (flipped with probability eps) and arms
once mu < pi*. Probabilities in [0, 1], payoffs in utility units. Prints the belief path, n* (arm
observations that destroy trust), the two-type game and the reassurance regime; draws the belief
path with the pi* line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import BLUE, GREEN, GREY, RED, new_figure
from realpolitik.report.tables import Table, fmt, table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import spiral as sp
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "spiral"
COMMAND = "spiral"
INPUTS = sp.INPUTS


def item(**given: Any) -> TourItem:
    """Trace a spiral of mistrust and solve the reassurance game (Kydd 1997, 2000).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.spiral.INPUTS` by name.

    Returns
    -------
    TourItem
        The belief path, the two-type game, the reassurance regime and the belief figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    obs = v["observations"]
    belief = (v["mu0"], v["a_S"], v["a_G"])
    paths = sp.misperception_paths(*belief, v["eps"], v["c"], v["t_S"], obs)
    path = paths[v["eps"]]
    two = sp.two_type(v["c"], v["t_S"], v["t_G"], v["pi"])
    rea = sp.reassurance(v["c"], v["t_S"], v["t_G"], v["pi"], v["k_S"], v["k_G"], v["x_max"])
    n_star = path.arms_to_lose_trust
    return TourItem(
        key="spiral",
        model=MODEL,
        title="Kydd's spiral of mistrust and reassurance",
        summary=(
            f"Starting from trust {v['mu0']:g}, a security seeker who sees its rival arm loses "
            f"trust (falls below pi* = {path.pi_star:.3g}) after {fmt(n_star)} arm observations "
            f"and then arms itself; with trust {v['pi']:g} the reassurance game ends in "
            f"{rea.regime.replace('_', ' ')}."
        ),
        inputs=v,
        tables=_tables(v, path, paths, two, rea),
        data=_data(v, path, two, rea),
        figures={"spiral-beliefs": lambda: _beliefs_figure(v["eps"], obs, paths)},
    )


def _tables(
    v: dict[str, Any],
    path: sp.Spiral,
    paths: dict[float, sp.Spiral],
    two: sp.TwoType,
    rea: sp.Reassurance,
) -> list[Table]:
    obs = v["observations"]
    mus = list(path.posterior_path)
    moves = ["arm" if o else "restrain" for o in obs]
    path_rows = [
        (t, moves[t] if t < len(obs) else "", mus[t], path.actions[t] if t < len(obs) else "")
        for t in range(len(mus))
    ]
    return [
        table(
            "Spiral of mistrust: belief mu_t that the rival is a security seeker",
            ("period t", "observed move", "mu_t", "own action (arm iff mu_t < pi*)"),
            path_rows,
        ),
        table(
            "Trust thresholds",
            ("quantity", "value"),
            [
                ("minimum trust pi* = c / (1 - t_S + c)", path.pi_star),
                ("P(observe arm | security seeker) q_S", path.p_arm_given_S),
                ("P(observe arm | greedy) q_G", path.p_arm_given_G),
                ("arm observations to lose trust n*", path.arms_to_lose_trust),
            ],
        ),
        table(
            "Misperception slows the spiral",
            ("eps", "n* (arms to lose trust)", "final mu"),
            [(e, s.arms_to_lose_trust, float(s.posterior_path[-1])) for e, s in paths.items()],
        ),
        table(
            f"Two-type game and reassurance at trust pi = {v['pi']:g}",
            ("quantity", "value"),
            [
                ("cooperative equilibrium exists (pi >= pi*)", two.cooperative_equilibrium_exists),
                ("P(mutual cooperation)", two.p_mutual_cooperation),
                ("EU cooperate / EU defect (security seeker)", (two.eu_cooperate, two.eu_defect)),
                ("reassurance regime", rea.regime),
                ("separating interval of gestures", rea.separating_interval),
                ("least-cost signal t_G / k_G", rea.least_cost_signal),
                ("EU sender S / sender G", (rea.eu_sender_S, rea.eu_sender_G)),
                ("P(cooperation)", rea.p_cooperation),
            ],
        ),
    ]


def _data(
    v: dict[str, Any], path: sp.Spiral, two: sp.TwoType, rea: sp.Reassurance
) -> dict[str, Any]:
    return {
        "inputs": v,
        "pi_star": path.pi_star,
        "posterior_path": np.asarray(path.posterior_path, dtype=float),
        "actions": list(path.actions),
        "p_arm_given_S": path.p_arm_given_S,
        "p_arm_given_G": path.p_arm_given_G,
        "arms_to_lose_trust": path.arms_to_lose_trust,
        "two_type": {
            "cooperative_equilibrium_exists": two.cooperative_equilibrium_exists,
            "p_mutual_cooperation": two.p_mutual_cooperation,
            "eu_cooperate": two.eu_cooperate,
            "eu_defect": two.eu_defect,
        },
        "reassurance": {
            "regime": rea.regime,
            "separating_interval": rea.separating_interval,
            "least_cost_signal": rea.least_cost_signal,
            "eu_sender_S": rea.eu_sender_S,
            "eu_sender_G": rea.eu_sender_G,
            "p_cooperation": rea.p_cooperation,
        },
    }


#: The belief axis of the spiral figure.
_BELIEF = "belief mu_t = P(the rival is a security seeker)"


def classic() -> list[TourItem]:
    """Return the classic stop: five "arm" observations, and reassurance at trust 0.3."""
    return [item()]


def _beliefs_figure(
    eps: float, observations: Sequence[int], paths: dict[float, sp.Spiral]
) -> Figure:
    """Draw the belief path with the minimum-trust line, and paths at other misperceptions."""
    path = paths[eps]
    mu = np.asarray(path.posterior_path, dtype=float)
    pi_star = path.pi_star
    fig, (ax, bx) = new_figure(ncols=2, width=5.2, height=4.4)
    t = np.arange(len(mu))
    ax.plot(t, mu, "o-", color=BLUE, lw=2, label="belief mu_t (rival is a security seeker)")
    ax.axhline(pi_star, color=RED, ls="--", label=f"minimum trust pi* = {pi_star:.3g}")
    ax.fill_between([t[0] - 0.3, t[-1] + 0.3], 0, pi_star, color=RED, alpha=0.08)
    for i, act in enumerate(path.actions):
        ax.annotate(
            act,
            (t[i], mu[i]),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=7,
            color=RED if act == "arm" else GREEN,
        )
    for i, ob in enumerate(observations):
        ax.text(i + 0.5, 0.03, "A" if ob else "R", ha="center", fontsize=8, color=GREY)
    ax.set_ylim(0, 1.05)
    ax.set_xlim(t[0] - 0.3, t[-1] + 0.3)
    ax.set_xlabel("period t (observed: A = arm, R = restrain)")
    ax.set_ylabel(_BELIEF)
    ax.set_title(f"Spiral of mistrust (eps = {eps:g})")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    for e, p in paths.items():
        bx.plot(
            np.arange(len(p.posterior_path)), p.posterior_path, "o-", ms=3, label=f"eps = {e:g}"
        )
    bx.axhline(pi_star, color=RED, ls="--", label="pi*")
    bx.set_ylim(0, 1.05)
    bx.set_xlabel("period t")
    bx.set_ylabel(_BELIEF)
    bx.set_title("Misperception slows the spiral")
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    return fig

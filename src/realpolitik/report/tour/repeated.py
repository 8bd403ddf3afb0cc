"""Play the iterated security game with noise: a round robin of memory-one strategies.

R. Axelrod, The Evolution of Cooperation (1984); Nowak & Sigmund (Nature 1992: generous TFT;
1993: win-stay lose-shift); Press & Dyson (PNAS 2012). Exact long-run (stationary) payoffs of the
Markov chain over (CC, CD, DC, DD) with implementation and perception noise; payoffs in the stage
game's utility units per round (T > R > P > S). Add strategies of your own with --strategy
"NAME=p_cc,p_cd,p_dc,p_dd" (P(C) after each outcome, own move first; five numbers put P(C) in
round 1 first), once per strategy; --rounds plays simulated matches of that many rounds instead
(--matches per pair, reproducible from --seed). Prints the payoff of each row strategy against
each column strategy and draws the tournament heat map.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import colorbar, new_figure
from realpolitik.report.tables import table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import repeated as rp
from realpolitik.theory._validate import InputError
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "repeated"
COMMAND = "repeated"
INPUTS = rp.INPUTS


def item(**given: Any) -> TourItem:
    """Play a round robin of the classic strategies and your own, with noise (Axelrod 1984).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.repeated.INPUTS` by name: ``strategy`` adds memory-one
        strategies of your own (``"mine=1,0.1,1,0.1"``, a list of such texts, or a mapping
        name -> probabilities); ``rounds`` plays simulated matches (``matches`` per pair, from
        ``seed``) instead of the exact long run.

    Returns
    -------
    TourItem
        The payoff matrix, each strategy's mean payoff and the heat map.

    Raises
    ------
    ValueError
        For an unknown strategy name, a name taken twice, a strategy without four or five
        probabilities, or an input out of its range.
    """
    v = resolve(INPUTS, given)
    R, S, T, P = (v[n] for n in ("R", "S", "T", "P"))  # noqa: N806 (the payoff symbols)
    pool = rp.classic_strategies(R, S, T, P)
    players = {n: pool[n] for n in v["strategies"]} | _own_strategies(v["strategy"], pool)
    names = list(players)
    game = (R, S, T, P, v["eps_impl"], v["eps_perc"], v["w"])
    length = {"rounds": v["rounds"], "matches": v["matches"], "seed": v["seed"]}
    frame = rp.tournament(players, *game, **length)
    matrix = frame.to_numpy(dtype=float)
    means = matrix.mean(axis=1)
    rows = [(n, *matrix[i], means[i]) for i, n in enumerate(names)]
    best = max(range(len(names)), key=lambda i: means[i])
    own = {name: list(numbers) for name, numbers in v["strategy"] or ()}
    inputs = {**v, "strategies": names[: len(names) - len(own)], "strategy": own}
    noise = _method(v, frame.attrs)
    return TourItem(
        key="repeated",
        model=MODEL,
        title="The iterated security game with noise: a round robin of memory-one strategies",
        summary=(
            f"Per-round payoff of the row strategy against the column strategy ({noise}). "
            f"Best average: {names[best]} ({means[best]:.3g}); under noise TFT pairs fall "
            "into echoes of retaliation, while WSLS and GTFT recover."
        ),
        inputs=inputs,
        tables=[
            table(
                f"Per-round payoff of row vs column (R, S, T, P = {R:g}, {S:g}, {T:g}, {P:g}; "
                f"{noise})",
                ("row \\ column", *names, "mean"),
                rows,
            )
        ],
        data={
            "inputs": inputs,
            "method": dict(frame.attrs),
            "strategies": names,
            "payoffs": matrix,
            "mean_payoff": means,
        },
        frames={"repeated-payoffs": table("payoffs", ("row", *names, "mean"), rows)},
        figures={"repeated-tournament": lambda: _heatmap_figure(names, matrix, noise)},
    )


def _own_strategies(
    given: tuple[tuple[str, tuple[float, ...]], ...] | None, pool: dict[str, rp.Strategy]
) -> dict[str, rp.Strategy]:
    """Return the strategies of ``--strategy``: memory-one, under names of their own."""
    taken = {name.lower() for name in pool}
    own = {}
    for name, numbers in given or ():
        text = f"{name}=" + ",".join(f"{x:g}" for x in numbers)
        if name.lower() in taken:
            raise InputError(
                "strategy",
                text,
                f"a name other than {', '.join(pool)}",
                problem="takes a built-in strategy's name",
            )
        if len(numbers) not in (4, 5):
            raise InputError(
                "strategy",
                text,
                "four probabilities (after CC, CD, DC, DD) or five (round 1 first)",
                problem=f"has {len(numbers)} numbers",
            )
        own[name] = rp.memory_one(numbers)
    return own


def _method(v: dict[str, Any], attrs: dict[str, Any]) -> str:
    """How the table was computed, in words: the noise, and the simulation if there was one."""
    text = f"eps_impl = {v['eps_impl']:g}, eps_perc = {v['eps_perc']:g}"
    text += "" if v["w"] is None else f", w = {v['w']:g}"
    if attrs.get("method") == "simulated":
        text += f"; {attrs['matches']} simulated matches of {attrs['rounds']} rounds per pair, "
        text += f"seed {attrs['seed']}"
    return text


def classic() -> list[TourItem]:
    """Return the classic stop: the six classic strategies at 1% implementation noise."""
    return [item()]


def _heatmap_figure(names: Sequence[str], payoffs: np.ndarray, subtitle: str) -> Figure:
    """Draw the tournament heat map, each cell the row strategy's per-round payoff."""
    n = len(names)
    fig, ax = new_figure(width=1.0 + 0.85 * n + 1.5, height=1.0 + 0.75 * n)
    lo, hi = float(np.min(payoffs)), float(np.max(payoffs))
    image = ax.imshow(payoffs, cmap="RdYlGn", vmin=lo, vmax=hi)
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    mid = (lo + hi) / 2
    for i in range(n):
        for j in range(n):
            light = abs(payoffs[i, j] - mid) < 0.35 * (np.ptp(payoffs) or 1.0)
            ax.text(
                j,
                i,
                f"{payoffs[i, j]:.2f}",
                ha="center",
                va="center",
                fontsize=8,
                color="black" if light else "white",
            )
    if max(len(name) for name in names) > 5:  # long names: slanted, so that they do not collide
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_xlabel("column strategy")
    ax.set_ylabel("row strategy (payoff shown)")
    width = fig.get_size_inches()[0]
    ax.set_title(textwrap.fill(f"Per-round payoffs, {subtitle}", int(11 * width)), fontsize=10)
    colorbar(fig, image, ax, "row strategy's payoff (utility per round)", shrink=0.8)
    return fig

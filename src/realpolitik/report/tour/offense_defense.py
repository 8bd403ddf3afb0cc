"""Jervis's four worlds: the arming game over offense advantage and distinguishability.

R. Jervis, Cooperation under the Security Dilemma (World Politics 30(2), 1978); repeated play
after Axelrod (1984). Arming game: R = v, P = v - c, T = (1-d)(v - c + beta g) + d(v - c),
S = (1-d)(v - beta L) + d(v - c); beta in [0, 1] is the offense advantage, d in [0, 1] the
distinguishability (probability of warning). Payoffs in arbitrary utility units. Without --beta/--d:
draws the map over (beta, d) with each cell's game type and the four worlds' quadrant lines. With
--beta and --d: prints that game, its Nash equilibria (as P(cooperate) pairs) and its repeated-play
thresholds on the discount factor (grim trigger, tit for tat, win-stay lose-shift).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import new_figure
from realpolitik.report.tables import Table, table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import offense_defense as od
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "offense_defense"
COMMAND = "jervis"
INPUTS = od.INPUTS

#: Jervis's worlds as the tables name them.
WORLD_NAMES: dict[str, str] = {
    "1_doubly_dangerous": "1 doubly dangerous",
    "2_security_dilemma_compatible_requirements": "2 security dilemma, compatible requirements",
    "3_no_security_dilemma_aggression_possible": "3 no security dilemma, aggression possible",
    "4_doubly_stable": "4 doubly stable",
}

_GAME_COLOURS: dict[str, str] = {
    "harmony": "#a6dba0",
    "stag_hunt": "#fee08b",
    "chicken": "#c2a5cf",
    "prisoners_dilemma": "#f46d43",
    "deadlock": "#a50026",
    "degenerate": "#d9d9d9",
}


def item(**given: Any) -> TourItem:
    """Map Jervis's four worlds over (beta, d), or also solve one arming game (Jervis 1978).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.offense_defense.INPUTS` by name; ``beta`` and ``d``
        together add the one game at that point.

    Returns
    -------
    TourItem
        The four-worlds table (and the one game, if asked), the grid as CSV and the map.

    Raises
    ------
    ValueError
        If an input is out of its range, or only one of ``beta`` and ``d`` is given.
    """
    values = resolve(INPUTS, given)
    beta, d = values["beta"], values["d"]
    if (beta is None) != (d is None):
        missing = "d" if d is None else "beta"
        raise ValueError(f"{missing} is missing; give both beta and d to solve one game")
    payoffs = (values["v"], values["c"], values["g"], values["L"])
    wm = od.four_worlds(*payoffs, values["beta0"], values["d0"], values["grid"])
    tables = _map_tables(wm)
    mix = {WORLD_NAMES[w]: _mix_text(wm, w) for w in WORLD_NAMES}
    data: dict[str, Any] = {
        "inputs": {k: values[k] for k in ("v", "c", "g", "L", "beta0", "d0", "grid")},
        "beta_S": wm.beta_S,
        "beta_T_at_d0": wm.beta_T[0],
        "world_game_mix": mix,
    }
    title = "Jervis's four worlds: the arming game over offense advantage and distinguishability"
    summary = (
        "Offense dominance (high beta) and indistinguishable postures (low d) turn the arming "
        "game from harmony into a stag hunt and then a prisoner's dilemma; warning (high d) lowers "
        "the temptation T."
    )
    point = None
    if beta is not None and d is not None:
        game = od.arming_game(*payoffs, beta, d)
        point = (beta, d)
        one, data["game"] = _game_table(game, payoffs, beta, d, values["beta0"], values["d0"])
        tables.insert(0, one)
        title = f"Jervis arming game at beta = {beta:g}, d = {d:g}: {game.game_type}"
        summary = f"At beta = {beta:g}, d = {d:g} the game is a {game.game_type.replace('_', ' ')}."
    n = len(wm.ds)
    frame = [
        (float(wm.betas[j]), float(wm.ds[i]), wm.worlds[i, j], wm.game_types[i, j])
        for i in range(n)
        for j in range(n)
    ]
    return TourItem(
        key="jervis",
        model=MODEL,
        title=title,
        summary=summary,
        inputs={k: values[k] for k in ("v", "c", "g", "L", "beta0", "d0", "beta", "d")},
        tables=tables,
        data=data,
        frames={"jervis-grid": table("grid", ("beta", "d", "world", "game_type"), frame)},
        figures={"jervis-four-worlds": lambda: _map_figure(wm, point)},
    )


def classic() -> list[TourItem]:
    """Return the classic stop: the four worlds' map at the classic payoffs."""
    return [item()]


def _mix_text(wm: od.WorldMap, world: str) -> str:
    mix = wm.game_mix(world)
    cells = sum(n for _, n in mix)
    parts = [f"{kind.replace('_', ' ')} {100.0 * n / cells:.0f}%" for kind, n in mix]
    return ", ".join(parts) or "none"


def _map_tables(wm: od.WorldMap) -> list[Table]:
    n = len(wm.ds)
    rows = [
        (name, sum(c for _, c in wm.game_mix(w)), _mix_text(wm, w))
        for w, name in WORLD_NAMES.items()
    ]
    return [
        table(
            f"Jervis's four worlds on a {n}x{n} grid (beta0 = {wm.beta0:g}, d0 = {wm.d0:g})",
            ("world", "cells", "game types (share of the world's cells)"),
            rows,
        ),
        table(
            "Thresholds: T > R iff beta > beta_T(d); P > S iff beta > beta_S",
            ("quantity", "value"),
            [
                ("beta_S = c / L", wm.beta_S),
                ("beta_T at d = 0: c / g", wm.beta_T[0]),
                (f"beta_T at d = {wm.ds[n // 2]:.2g}", wm.beta_T[n // 2]),
            ],
        ),
    ]


def _game_table(
    game: od.Game,
    payoffs: tuple[float, float, float, float],
    beta: float,
    d: float,
    beta0: float,
    d0: float,
) -> tuple[Table, dict[str, Any]]:
    label = od.world(beta, d, beta0, d0)
    eqs = game.nash_equilibria()
    b_t, b_s = od.thresholds(payoffs[1], payoffs[2], payoffs[3], d)
    rows = [
        ("R (C,C), S (C,D), T (D,C), P (D,D)", (game.R, game.S, game.T, game.P)),
        ("game type", game.game_type),
        ("world", WORLD_NAMES[label]),
        ("Nash equilibria (row P(C), column P(C))", tuple(eqs)),
        ("grim trigger: delta >=", game.grim_threshold()),
        ("tit for tat: delta >=", game.tft_threshold()),
        ("win-stay lose-shift: delta >=", game.wsls_threshold()),
        ("beta_T(d), beta_S", (b_t, b_s)),
    ]
    data = {
        "beta": beta,
        "d": d,
        "R": game.R,
        "S": game.S,
        "T": game.T,
        "P": game.P,
        "game_type": game.game_type,
        "world": label,
        "nash_equilibria": eqs,
        "grim_threshold": game.grim_threshold(),
        "tft_threshold": game.tft_threshold(),
        "wsls_threshold": game.wsls_threshold(),
    }
    title = f"Arming game at beta = {beta:g}, d = {d:g} (row payoffs; C = restrain, D = arm)"
    return table(title, ("quantity", "value"), rows), data


def _map_figure(wm: od.WorldMap, point: tuple[float, float] | None) -> Figure:
    """Draw the four worlds over (beta, d), each cell coloured by its game type."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    fig, ax = new_figure(width=7.0, height=5.6)
    kinds = [k for k in _GAME_COLOURS if np.any(wm.game_types == k)]
    kinds += sorted({str(t) for t in wm.game_types.ravel()} - set(kinds))
    index = {k: i for i, k in enumerate(kinds)}
    codes = np.vectorize(index.__getitem__)(wm.game_types)
    cmap = ListedColormap([_GAME_COLOURS.get(k, "#ffffff") for k in kinds])
    norm = BoundaryNorm(np.arange(-0.5, len(kinds) + 0.5), cmap.N)
    ax.pcolormesh(wm.betas, wm.ds, codes, cmap=cmap, norm=norm, shading="nearest")
    ax.axvline(wm.beta0, color="black", lw=1.5, ls="--")
    ax.axhline(wm.d0, color="black", lw=1.5, ls="--")
    finite = np.isfinite(wm.beta_T) & (wm.beta_T <= 1.0)
    ax.plot(wm.beta_T[finite], wm.ds[finite], color="black", lw=1, label="beta_T(d): T = R")
    if 0.0 <= wm.beta_S <= 1.0:
        ax.axvline(wm.beta_S, color="black", lw=1, ls=":", label="beta_S: P = S")
    b0, d0 = wm.beta0, wm.d0
    spots = [((1 + b0) / 2, d0 / 2), (b0 / 2, d0 / 2), ((1 + b0) / 2, (1 + d0) / 2)]
    spots.append((b0 / 2, (1 + d0) / 2))
    for (x, y), name in zip(spots, WORLD_NAMES.values(), strict=True):
        ax.text(
            x,
            y,
            name.replace(", ", ",\n", 1),
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round", "fc": "white", "alpha": 0.8},
        )
    if point is not None:
        label = f"beta = {point[0]:g}, d = {point[1]:g}"
        ax.plot(*point, marker="*", color="black", ms=15, label=label)
    handles = [
        Patch(color=_GAME_COLOURS.get(k, "#ffffff"), label=k.replace("_", " ")) for k in kinds
    ]
    line_handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles=handles + line_handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8
    )
    ax.set_xlim(wm.betas[0], wm.betas[-1])
    ax.set_ylim(wm.ds[0], wm.ds[-1])
    ax.set_xlabel("beta: offense advantage, an index in [0, 1] (1 = offense dominant)")
    ax.set_ylabel("d: offense-defense distinguishability (warning), an index in [0, 1]")
    ax.set_title("Jervis (1978): four worlds and the arming game")
    return fig

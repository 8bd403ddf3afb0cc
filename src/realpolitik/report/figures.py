"""Matplotlib figures of the theory tour (Agg backend, imported lazily).

Each function draws results that the theory functions of :mod:`realpolitik.theory` computed
(via :mod:`realpolitik.report.tour`) and returns a :class:`matplotlib.figure.Figure`; none of them
computes a model result. Figures are built with the object-oriented API on an Agg canvas, so no
pyplot state, window or display is involved. :func:`save_figure` writes PNG or SVG and
:func:`png_bytes` returns PNG bytes for embedding in the HTML report.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

#: Image formats :func:`save_figure` writes.
FORMATS: tuple[str, ...] = ("png", "svg")

_BLUE, _RED, _GREEN, _GREY, _ORANGE, _PURPLE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#7f7f7f",
    "#ff7f0e",
    "#9467bd",
)


def _figure(ncols: int = 1, width: float = 6.4, height: float = 4.6) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width * ncols if ncols > 1 else width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    return fig, axes


def save_figure(fig: Figure, folder: Path, name: str, fmt: str = "png") -> Path:
    """Write ``fig`` as ``folder/name.<fmt>`` and return the path.

    Parameters
    ----------
    fig
        The figure.
    folder
        Existing folder.
    name
        File stem.
    fmt
        ``"png"`` (150 dpi) or ``"svg"``.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        For another format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format = {fmt!r} is not allowed; choose one of {list(FORMATS)}")
    path = Path(folder) / f"{name}.{fmt}"
    fig.savefig(path, format=fmt, dpi=150)
    return path


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """Return the figure as PNG bytes (for embedding as a base64 data URI).

    Parameters
    ----------
    fig
        The figure.
    dpi
        Resolution.

    Returns
    -------
    bytes
        The PNG file's content.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def richardson_phase(
    *,
    params: Mapping[str, float],
    equilibrium: tuple[float, float] | None,
    trajectories: Sequence[np.ndarray],
    start_path: np.ndarray,
    start_label: str,
    box: tuple[float, float],
    title: str,
) -> Figure:
    """Draw Richardson's phase portrait: nullclines, equilibrium and sample trajectories.

    Parameters
    ----------
    params
        ``k, l, a, b, g, h``.
    equilibrium
        ``(x*, y*)`` or None.
    trajectories
        Sample paths of the unconstrained system, arrays of shape (n, 2).
    start_path, start_label
        The path from the user's start and its long-run outcome (for the legend).
    box
        Upper limits ``(x_max, y_max)`` of the plotted positive quadrant.
    title
        Figure title (case and stability).

    Returns
    -------
    Figure
        The phase portrait.
    """
    fig, ax = _figure(height=5.2, width=5.6)
    k, l, a, b, g, h = (params[s] for s in ("k", "l", "a", "b", "g", "h"))  # noqa: E741
    xs = np.linspace(0.0, box[0], 200)
    # x-nullcline k*y - a*x + g = 0 and y-nullcline l*x - b*y + h = 0, drawn as lines
    if k != 0:
        ax.plot(xs, (a * xs - g) / k, color=_BLUE, lw=2, label="dx/dt = 0 (x-nullcline)")
    elif a != 0:
        ax.axvline(g / a, color=_BLUE, lw=2, label="dx/dt = 0 (x-nullcline)")
    if b != 0:
        ax.plot(xs, (l * xs + h) / b, color=_RED, lw=2, label="dy/dt = 0 (y-nullcline)")
    elif l != 0:
        ax.axvline(-h / l, color=_RED, lw=2, label="dy/dt = 0 (y-nullcline)")
    for i, path in enumerate(trajectories):
        ax.plot(
            path[:, 0],
            path[:, 1],
            color=_GREY,
            lw=0.9,
            alpha=0.8,
            label="trajectories (unconstrained)" if i == 0 else None,
        )
        if len(path) > 2:
            j = max(1, len(path) // 6)
            ax.annotate(
                "",
                xy=(path[j, 0], path[j, 1]),
                xytext=(path[j - 1, 0], path[j - 1, 1]),
                arrowprops={"arrowstyle": "->", "color": _GREY, "lw": 0.9},
            )
        ax.plot(path[0, 0], path[0, 1], "o", color=_GREY, ms=2.5)
    ax.plot(start_path[:, 0], start_path[:, 1], color=_ORANGE, lw=2, label=start_label)
    ax.plot(start_path[0, 0], start_path[0, 1], "o", color=_ORANGE, ms=6)
    if equilibrium is not None:
        ex, ey = equilibrium
        inside = 0 <= ex <= box[0] and 0 <= ey <= box[1]
        if inside:
            ax.plot(ex, ey, "o", color="black", ms=8, label=f"equilibrium ({ex:.3g}, {ey:.3g})")
        else:
            ax.plot(
                [], [], "o", color="black", label=f"equilibrium ({ex:.3g}, {ey:.3g}), off chart"
            )
    ax.set_xlim(0, box[0])
    ax.set_ylim(0, box[1])
    ax.set_xlabel("x: armaments of A (M GBP / yr)")
    ax.set_ylabel("y: armaments of B (M GBP / yr)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax.grid(alpha=0.3)
    return fig


def richardson_fit(
    *,
    mean_total: np.ndarray,
    increment: np.ndarray,
    slope: float,
    intercept: float,
    zero_point: float | None,
    years: Sequence[int],
) -> Figure:
    """Draw Richardson's fit: yearly increment of U + V against its mean, with the fitted line.

    Parameters
    ----------
    mean_total
        Mean of consecutive years' bloc totals (M GBP).
    increment
        Yearly change of the bloc total (M GBP / yr).
    slope, intercept
        The fitted line ``increment = slope * mean + intercept``.
    zero_point
        Total at which the fitted increment is zero (M GBP), or None.
    years
        The table's years (for labelling the points).

    Returns
    -------
    Figure
        The scatter with its fitted line.
    """
    fig, ax = _figure(width=6.0, height=4.6)
    lo = min(float(np.min(mean_total)), zero_point if zero_point is not None else np.inf) - 10
    hi = float(np.max(mean_total)) + 10
    xs = np.linspace(lo, hi, 50)
    label = f"fit: Delta = {slope:.3f} (U+V - {zero_point:.1f})" if zero_point else "fit"
    ax.plot(xs, slope * xs + intercept, color=_BLUE, lw=2, label=label)
    ax.scatter(mean_total, increment, color=_RED, zorder=3, label="Richardson's table")
    for x, y, y0, y1 in zip(mean_total, increment, years[:-1], years[1:], strict=True):
        ax.annotate(
            f"{y0}-{str(y1)[2:]}", (x, y), textcoords="offset points", xytext=(5, 4), fontsize=8
        )
    if zero_point is not None:
        ax.plot(
            zero_point,
            0.0,
            "o",
            mfc="white",
            color="black",
            ms=8,
            label=f"zero point {zero_point:.1f} M GBP",
        )
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("mean of U + V over consecutive years (M GBP)")
    ax.set_ylabel("yearly change of U + V (M GBP / yr)")
    ax.set_title("Richardson 1909-1913: Entente (U) + Central Powers (V)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


_GAME_COLOURS: dict[str, str] = {
    "harmony": "#a6dba0",
    "stag_hunt": "#fee08b",
    "chicken": "#c2a5cf",
    "prisoners_dilemma": "#f46d43",
    "deadlock": "#a50026",
    "degenerate": "#d9d9d9",
}


def jervis_map(
    *,
    betas: np.ndarray,
    ds: np.ndarray,
    game_types: np.ndarray,
    beta_T: np.ndarray,  # noqa: N803 (MODELS.md symbol)
    beta_S: float,  # noqa: N803
    beta0: float,
    d0: float,
    point: tuple[float, float] | None,
    world_names: Mapping[str, str],
) -> Figure:
    """Draw Jervis's four worlds over (beta, d), each cell coloured by its game type.

    Parameters
    ----------
    betas, ds
        Grid axes (offense advantage, distinguishability).
    game_types
        Game type labels, shape (len(ds), len(betas)).
    beta_T
        The temptation threshold at each d.
    beta_S
        The sucker threshold c / L.
    beta0, d0
        The four worlds' quadrant lines.
    point
        A (beta, d) to mark, or None.
    world_names
        World label -> display name, in the order 1..4.

    Returns
    -------
    Figure
        The map.
    """
    fig, ax = _figure(width=7.0, height=5.6)
    kinds = [k for k in _GAME_COLOURS if np.any(game_types == k)]
    kinds += sorted({str(t) for t in game_types.ravel()} - set(kinds))
    index = {k: i for i, k in enumerate(kinds)}
    codes = np.vectorize(index.__getitem__)(game_types.astype(str))
    cmap = ListedColormap([_GAME_COLOURS.get(k, "#ffffff") for k in kinds])
    norm = BoundaryNorm(np.arange(-0.5, len(kinds) + 0.5), cmap.N)
    ax.pcolormesh(betas, ds, codes, cmap=cmap, norm=norm, shading="nearest")
    ax.axvline(beta0, color="black", lw=1.5, ls="--")
    ax.axhline(d0, color="black", lw=1.5, ls="--")
    finite = np.isfinite(beta_T) & (beta_T <= 1.0)
    ax.plot(beta_T[finite], ds[finite], color="black", lw=1, label="beta_T(d): T = R")
    if 0.0 <= beta_S <= 1.0:
        ax.axvline(beta_S, color="black", lw=1, ls=":", label="beta_S: P = S")
    names = list(world_names.values())
    spots = [
        ((1 + beta0) / 2, d0 / 2),
        (beta0 / 2, d0 / 2),
        ((1 + beta0) / 2, (1 + d0) / 2),
        (beta0 / 2, (1 + d0) / 2),
    ]
    for (x, y), name in zip(spots, names, strict=False):
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
        ax.plot(
            *point, marker="*", color="black", ms=15, label=f"beta = {point[0]:g}, d = {point[1]:g}"
        )
    handles = [
        Patch(color=_GAME_COLOURS.get(k, "#ffffff"), label=k.replace("_", " ")) for k in kinds
    ]
    line_handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles=handles + line_handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8
    )
    ax.set_xlim(betas[0], betas[-1])
    ax.set_ylim(ds[0], ds[-1])
    ax.set_xlabel("beta: offense advantage (0 = defense dominant, 1 = offense dominant)")
    ax.set_ylabel("d: offense-defense distinguishability (warning)")
    ax.set_title("Jervis (1978): four worlds and the arming game")
    return fig


def spiral_beliefs(
    *,
    path: np.ndarray,
    pi_star: float,
    actions: Sequence[str],
    observations: Sequence[int],
    eps: float,
    eps_paths: Sequence[tuple[float, np.ndarray]],
) -> Figure:
    """Draw the belief path of a spiral of mistrust with the minimum-trust line pi*.

    Parameters
    ----------
    path
        Beliefs mu_0..mu_n.
    pi_star
        Minimum trust.
    actions
        The observer's actions per period.
    observations
        The observed moves (1 = arm).
    eps
        The misperception of ``path``.
    eps_paths
        ``(eps, path)`` pairs for the comparison panel.

    Returns
    -------
    Figure
        Two panels: the path with actions, and paths for several misperception levels.
    """
    fig, (ax, bx) = _figure(ncols=2, width=5.2, height=4.4)
    t = np.arange(len(path))
    ax.plot(t, path, "o-", color=_BLUE, lw=2, label="belief mu_t (rival is a security seeker)")
    ax.axhline(pi_star, color=_RED, ls="--", label=f"minimum trust pi* = {pi_star:.3g}")
    ax.fill_between([t[0] - 0.3, t[-1] + 0.3], 0, pi_star, color=_RED, alpha=0.08)
    for i, act in enumerate(actions):
        ax.annotate(
            act,
            (t[i], path[i]),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=7,
            color=_RED if act == "arm" else _GREEN,
        )
    for i, ob in enumerate(observations):
        ax.text(i + 0.5, 0.03, "A" if ob else "R", ha="center", fontsize=8, color=_GREY)
    ax.set_ylim(0, 1.05)
    ax.set_xlim(t[0] - 0.3, t[-1] + 0.3)
    ax.set_xlabel("period t (observed: A = arm, R = restrain)")
    ax.set_ylabel("mu_t")
    ax.set_title(f"Spiral of mistrust (eps = {eps:g})")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    for e, p in eps_paths:
        bx.plot(np.arange(len(p)), p, "o-", ms=3, label=f"eps = {e:g}")
    bx.axhline(pi_star, color=_RED, ls="--", label="pi*")
    bx.set_ylim(0, 1.05)
    bx.set_xlabel("period t")
    bx.set_ylabel("mu_t")
    bx.set_title("Misperception slows the spiral")
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    return fig


def bargaining_risk_return(
    *,
    demands: np.ndarray,
    utility: np.ndarray,
    x_star: float,
    eu_star: float,
    p_war: float,
    war_value: float,
    bargaining_range: tuple[float, float] | None,
    c_hi: np.ndarray,
    p_war_sweep: np.ndarray,
    c_B_hi: float,  # noqa: N803 (MODELS.md symbol)
) -> Figure:
    """Draw Fearon's risk-return trade-off: U_A(x) with x*, P(war) and the bargaining range.

    Parameters
    ----------
    demands, utility
        A's expected utility U_A(x) over demands x.
    x_star, eu_star, p_war
        The optimum from ``risk_return``.
    war_value
        A's war payoff p - c_A.
    bargaining_range
        The complete-information range, or None.
    c_hi, p_war_sweep
        P(war) against the upper bound of B's cost (uncertainty).
    c_B_hi
        The upper bound used in the left panel.

    Returns
    -------
    Figure
        Two panels.
    """
    fig, (ax, bx) = _figure(ncols=2, width=5.2, height=4.4)
    if bargaining_range is not None:
        ax.axvspan(
            *bargaining_range, color=_GREEN, alpha=0.15, label="bargaining range (complete info)"
        )
    ax.plot(demands, utility, color=_BLUE, lw=2, label="U_A(x): A's expected utility")
    ax.axhline(war_value, color=_GREY, ls=":", label=f"A's war value p - c_A = {war_value:.3g}")
    ax.plot(
        x_star, eu_star, "o", color=_RED, ms=8, label=f"x* = {x_star:.3g}, P(war) = {p_war:.3g}"
    )
    ax.set_xlabel("A's demand x (share of the pie)")
    ax.set_ylabel("expected utility of A")
    ax.set_title("Risk-return trade-off")
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    bx.plot(c_hi, p_war_sweep, color=_RED, lw=2)
    bx.axvline(c_B_hi, color=_GREY, ls=":", label=f"c_B_hi = {c_B_hi:g}")
    bx.set_xlabel("upper bound of B's cost of war (uncertainty)")
    bx.set_ylabel("P(war)")
    bx.set_title("More uncertainty, more war")
    bx.set_ylim(bottom=0)
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    return fig


def deterrence_stability(
    *,
    labels: Sequence[str],
    q_star: Sequence[float],
    mirvs: np.ndarray,
    q_mirv: np.ndarray,
    shares: np.ndarray,
    q_ssbn: np.ndarray,
    q_bar: float,
) -> Figure:
    """Draw crisis stability: q* for the classic postures, and q* against MIRVing and SSBN share.

    Parameters
    ----------
    labels, q_star
        Postures and their belief thresholds q*.
    mirvs, q_mirv
        q* against warheads per silo (1000 silo-based warheads).
    shares, q_ssbn
        q* against the share of 1000 warheads at sea (the rest on 10-MIRV silos).
    q_bar
        Stability threshold.

    Returns
    -------
    Figure
        Three panels.
    """
    fig, (ax, bx, cx) = _figure(ncols=3, width=4.2, height=4.2)
    colours = [_GREEN if q >= q_bar else _RED for q in q_star]
    short = [lab.split(" ", 1)[0] for lab in labels]
    ax.bar(short, q_star, color=colours)
    ax.axhline(q_bar, color="black", ls="--", label=f"q_bar = {q_bar:g}")
    for i, q in enumerate(q_star):
        ax.text(i, q + 0.02, f"{q:.2f}", ha="center", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("q*: belief that the other strikes, above which striking pays")
    ax.set_title("Classic postures")
    ax.legend(fontsize=8, loc="lower right")
    ax.text(0.0, -0.22, "\n".join(labels), transform=ax.transAxes, fontsize=7, va="top")
    bx.plot(mirvs, q_mirv, "o-", color=_PURPLE)
    bx.axhline(q_bar, color="black", ls="--")
    bx.set_ylim(0, 1.1)
    bx.set_xlabel("warheads per silo (1000 silo warheads)")
    bx.set_title("MIRVing erodes stability")
    bx.grid(alpha=0.3)
    cx.plot(shares, q_ssbn, "o-", color=_ORANGE)
    cx.axhline(q_bar, color="black", ls="--")
    cx.set_ylim(0, 1.1)
    cx.set_xlabel("share of 1000 warheads at sea (rest: 10-MIRV silos)")
    cx.set_title("Survivable forces restore it")
    cx.grid(alpha=0.3)
    return fig


def contest_panels(
    *,
    t: np.ndarray,
    force_A: np.ndarray,  # noqa: N803 (Lanchester's symbols)
    force_B: np.ndarray,  # noqa: N803
    law: str,
    winner: str,
    ratios: np.ndarray,
    csf: Mapping[float, np.ndarray],
    resource_share: np.ndarray,
    p_A: np.ndarray,  # noqa: N803
    guns_A: np.ndarray,  # noqa: N803
    guns_B: np.ndarray,  # noqa: N803
) -> Figure:
    """Draw Lanchester trajectories, Tullock contest curves and guns versus butter.

    Parameters
    ----------
    t, force_A, force_B
        The battle's forces over time.
    law, winner
        For the title.
    ratios, csf
        Force ratio x_A / x_B and P(A wins) for several decisiveness values m.
    resource_share, p_A, guns_A, guns_B
        Hirshleifer's equilibrium against A's share of resources.

    Returns
    -------
    Figure
        Three panels.
    """
    fig, (ax, bx, cx) = _figure(ncols=3, width=4.2, height=4.0)
    ax.plot(t, force_A, color=_BLUE, lw=2, label="A")
    ax.plot(t, force_B, color=_RED, lw=2, label="B")
    ax.set_xlabel("time")
    ax.set_ylabel("forces")
    ax.set_title(f"Lanchester {law} law: {winner} wins")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    for m, p in csf.items():
        bx.semilogx(ratios, p, lw=1.8, label=f"m = {m:g}")
    bx.set_xlabel("force ratio x_A / x_B")
    bx.set_ylabel("P(A wins), Tullock")
    bx.set_title("Contest success: decisiveness m")
    bx.legend(fontsize=8)
    bx.grid(alpha=0.3)
    cx.plot(resource_share, guns_A, color=_BLUE, label="guns G_A")
    cx.plot(resource_share, guns_B, color=_RED, label="guns G_B")
    cx2 = cx.twinx()
    cx2.plot(resource_share, p_A, color="black", ls="--", label="p_A")
    cx2.set_ylim(0, 1)
    cx2.set_ylabel("P(A wins)")
    cx.set_xlabel("A's share of resources R_A / (R_A + R_B)")
    cx.set_ylabel("guns")
    cx.set_title("Guns vs butter: paradox of power")
    h1, l1 = cx.get_legend_handles_labels()
    h2, l2 = cx2.get_legend_handles_labels()
    cx.legend(h1 + h2, l1 + l2, fontsize=8, loc="lower center")
    cx.grid(alpha=0.3)
    return fig


def repeated_heatmap(*, names: Sequence[str], payoffs: np.ndarray, subtitle: str) -> Figure:
    """Draw the tournament heat map of pairwise per-round payoffs.

    Parameters
    ----------
    names
        Strategy names (rows and columns).
    payoffs
        Entry [i, j]: row strategy i's payoff against column strategy j.
    subtitle
        Noise levels, for the title.

    Returns
    -------
    Figure
        The heat map with the values written in the cells.
    """
    n = len(names)
    fig, ax = _figure(width=1.0 + 0.85 * n + 1.5, height=1.0 + 0.75 * n)
    image = ax.imshow(
        payoffs, cmap="RdYlGn", vmin=float(np.min(payoffs)), vmax=float(np.max(payoffs))
    )
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    mid = (float(np.min(payoffs)) + float(np.max(payoffs))) / 2
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
    ax.set_xlabel("column strategy")
    ax.set_ylabel("row strategy (payoff shown)")
    ax.set_title(f"Per-round payoffs, {subtitle}", fontsize=10)
    fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def alliances_panels(
    *,
    incomes: np.ndarray,
    burden: np.ndarray,
    income_share: np.ndarray,
    contribution_share: np.ndarray,
    ns: np.ndarray,
    p_nobody: np.ndarray,
) -> Figure:
    """Draw burden shares against income and P(nobody balances) against the number of allies.

    Parameters
    ----------
    incomes
        Allies' incomes Y.
    burden
        Each ally's burden q / Y in the Nash equilibrium.
    income_share, contribution_share
        Each ally's share of total income and of total contributions.
    ns, p_nobody
        Numbers of allies and the probability that nobody balances.

    Returns
    -------
    Figure
        Two panels.
    """
    fig, (ax, bx) = _figure(ncols=2, width=5.0, height=4.2)
    order = np.argsort(incomes)
    ax.plot(incomes[order], burden[order], "o-", color=_BLUE, label="burden q / Y")
    ax.plot(incomes[order], income_share[order], "s--", color=_GREY, label="share of income")
    ax.plot(
        incomes[order], contribution_share[order], "^--", color=_RED, label="share of contributions"
    )
    ax.set_xlabel("ally's income Y")
    ax.set_ylabel("share")
    ax.set_title("Exploitation of the great by the small")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    bx.plot(ns, p_nobody, "o-", color=_PURPLE)
    bx.xaxis.set_major_locator(MaxNLocator(integer=True))
    bx.set_xlabel("number of allies n")
    bx.set_ylabel("P(nobody balances)")
    bx.set_ylim(0, 1)
    bx.set_title("Buck-passing grows with n")
    bx.grid(alpha=0.3)
    return fig


def audience_curves(
    *,
    a: np.ndarray,
    r_resist: np.ndarray,
    p_resolved: np.ndarray,
    p_war: np.ndarray,
    p_backs_down: np.ndarray,
    p_concedes: np.ndarray,
) -> Figure:
    """Draw r*, P_R and P(war) against the audience cost a.

    Parameters
    ----------
    a
        Audience costs.
    r_resist, p_resolved, p_war, p_backs_down, p_concedes
        The equilibrium quantities at each cost.

    Returns
    -------
    Figure
        One panel.
    """
    fig, ax = _figure(width=6.4, height=4.4)
    ax.plot(a, r_resist, color=_RED, lw=2, label="r*: P(B resists)")
    ax.plot(a, p_resolved, color=_BLUE, lw=2, label="P_R: A resolved")
    ax.plot(a, p_war, color="black", lw=2, label="P(war)")
    ax.plot(a, p_backs_down, color=_GREY, lw=1.5, ls="--", label="P(A backs down)")
    ax.plot(a, p_concedes, color=_GREEN, lw=1.5, ls="-.", label="P(B concedes)")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("audience cost a of backing down")
    ax.set_ylabel("probability")
    ax.set_title("Audience costs make threats credible")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig

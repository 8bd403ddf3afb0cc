"""Richardson's arms race: equilibrium, stability, case and long-run outcome.

Models dx/dt = k y - a x + g, dy/dt = l x - b y + h (L. F. Richardson, Generalized Foreign
Politics, 1939; Arms and Insecurity, 1960; cases after Rapoport 1960). Armaments x, y in million
GBP per year; k, l, a, b in 1/yr. The equilibrium is stable iff ab > kl. Draws the phase portrait
(nullclines, equilibrium, trajectories). Defaults: the stable example of docs/theory.md (its
runaway example, case iii, is listed there too).

With --data 1909-1913: refits Richardson's table (France + Russia vs Germany + Austria-Hungary),
regressing the yearly change of U + V on its mean; prints the slope k - a (1/yr) and the zero
point (M GBP), and draws the scatter with the fitted line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.report.figures import BLUE, GREY, ORANGE, RED, new_figure
from realpolitik.report.tables import table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import richardson as rich
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "richardson"
COMMAND = "richardson"
INPUTS = rich.INPUTS


def item(**given: Any) -> TourItem:
    """Run Richardson's model on the given inputs (the rest at their classic values).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.richardson.INPUTS` by name; ``data`` fits that table
        instead (:func:`fit_item`).

    Returns
    -------
    TourItem
        The verdict tables and the phase portrait (or the fit and its scatter).

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    values = resolve(INPUTS, given)
    if values["data"] is not None:
        return fit_item(values["data"])
    return _model_item(values)


def classic() -> list[TourItem]:
    """Return the classic stops: the stable and the runaway example, and the 1909-1913 fit."""
    return [
        _model_item(resolve(INPUTS, {}), key="richardson-stable", label=" (stable example)"),
        _model_item(
            resolve(INPUTS, rich.RUNAWAY), key="richardson-runaway", label=" (runaway example)"
        ),
        fit_item(),
    ]


def _model_item(values: dict[str, Any], key: str = "richardson", label: str = "") -> TourItem:
    params = {s: values[s] for s in ("k", "l", "a", "b", "g", "h")}
    x0, y0 = values["x0"], values["y0"]
    model = rich.Richardson(**params)
    long_run = model.long_run(x0, y0)
    rho = model.spectral_radius(1.0)
    discrete = model.discrete_stable(1.0)
    eig = tuple(complex(e) for e in model.eigenvalues)
    eig_out: tuple[Any, ...] = tuple(e.real if abs(e.imag) < 1e-12 else str(e) for e in eig)
    stable_word = "stable" if model.stable else "unstable"
    outcome = long_run.outcome.replace("_", " ")
    rows = [
        ("parameters (k, l, a, b, g, h)", tuple(params.values()), "1/yr; g, h in M GBP/yr"),
        ("determinant D = ab - kl", model.determinant, "1/yr^2"),
        ("equilibrium (x*, y*)", model.equilibrium, "M GBP/yr"),
        ("eigenvalues of J", eig_out, "1/yr"),
        ("stable (continuous time)", model.stable, "stable iff D > 0"),
        ("Richardson case", model.case, "i..iv, mixed or degenerate"),
        ("sign conventions hold", model.sign_conventions_hold, "k, l >= 0; a, b > 0"),
        ("start (x0, y0)", (x0, y0), "M GBP/yr"),
        ("long-run outcome", long_run.outcome, "x, y held >= 0"),
        ("long-run limit", long_run.limit, "M GBP/yr"),
        ("spectral radius, dt = 1 yr", rho, "discrete stable iff < 1"),
        ("discrete stable, dt = 1 yr", discrete, ""),
    ]
    portrait = rich.phase_portrait(model, x0, y0)
    inputs = {**params, "x0": x0, "y0": y0}

    def phase() -> Figure:
        return _phase_figure(
            model,
            portrait,
            start_label=f"from ({x0:g}, {y0:g}): {outcome}",
            title=f"Case {model.case}, {stable_word} (D = {model.determinant:.3g})",
        )

    return TourItem(
        key=key,
        model=MODEL,
        title=f"Richardson arms race{label}: case {model.case}, {stable_word}, long run {outcome}",
        summary=(
            "dx/dt = k y - a x + g, dy/dt = l x - b y + h. The equilibrium is stable iff "
            f"ab > kl; here D = {model.determinant:.3g}, so it is {stable_word} (case "
            f"{model.case}); from ({x0:g}, {y0:g}) the race ends in {outcome}."
        ),
        inputs=inputs,
        tables=[table("Richardson model", ("quantity", "value", "units / rule"), rows)],
        data={
            "inputs": inputs,
            "determinant": model.determinant,
            "equilibrium": model.equilibrium,
            "eigenvalues": [str(e) if e.imag else e.real for e in eig],
            "stable": model.stable,
            "case": model.case,
            "sign_conventions_hold": model.sign_conventions_hold,
            "long_run": {"outcome": long_run.outcome, "limit": long_run.limit},
            "spectral_radius_dt1": rho,
            "discrete_stable_dt1": discrete,
        },
        figures={f"{key}-phase": phase},
    )


def fit_item(data: str = "1909-1913") -> TourItem:
    """Refit one of Richardson's tables with ``fit_total`` on its bloc sums (Richardson 1960).

    Parameters
    ----------
    data
        The table's name, one of :data:`realpolitik.theory.richardson.TABLES`.

    Returns
    -------
    TourItem
        The data table, the fitted slope (k - a, 1/yr), intercept and zero point (M GBP), and
        the scatter-and-line figure.

    Raises
    ------
    ValueError
        For an unknown table.
    """
    data = resolve(INPUTS, {"data": data})["data"]
    bloc = rich.bloc_fit(data)
    fit, tab = bloc.fit, bloc.table
    years, countries = tuple(tab.years), tuple(tab.milex)
    values = np.column_stack([tab.series(c) for c in countries])
    rows = [
        (
            y,
            *values[i],
            bloc.U[i],
            bloc.V[i],
            bloc.total[i],
            bloc.increment[i] if i < len(bloc.increment) else None,
        )
        for i, y in enumerate(years)
    ]
    verdict = "unstable: runaway" if fit.slope > 0 else "stable"
    fit_rows = [
        ("slope k - a", fit.slope, "1/yr", verdict),
        ("intercept g + h", fit.intercept, "M GBP/yr", ""),
        ("zero point", fit.zero_point, "M GBP", "U + V where the increment is 0"),
        ("published (Richardson 1960)", "0.73 (U + V - 194)", "", "slope 0.73, zero point 194"),
    ]
    bloc_u, bloc_v = bloc.blocs
    return TourItem(
        key=f"richardson-{data}",
        model=MODEL,
        title=f"Richardson's {data} arms race, refitted",
        summary=(
            f"Regressing the yearly change of U + V on its mean gives Delta(U+V) = "
            f"{fit.slope:.3f} (U+V - {fit.zero_point:.1f}): k - a > 0, an unstable (runaway) "
            "race, as Richardson found (0.73, 194)."
        ),
        inputs={"data": data},
        tables=[
            table(
                f"Defence budgets, {tab.units} (U = {' + '.join(tab.blocs[bloc_u])}, "
                f"V = {' + '.join(tab.blocs[bloc_v])})",
                ("year", *countries, "U", "V", "U+V", "change to next year"),
                rows,
            ),
            table(
                "Fit of Delta(U+V) on mean(U+V)", ("quantity", "value", "units", "note"), fit_rows
            ),
        ],
        data={
            "inputs": {"data": data},
            "years": list(years),
            "countries": list(countries),
            "values_million_gbp": values,
            "total": bloc.total,
            "increment": bloc.increment,
            "mean_total": bloc.mean_total,
            "slope": fit.slope,
            "intercept": fit.intercept,
            "zero_point": fit.zero_point,
        },
        figures={f"richardson-{data}-fit": lambda: _fit_figure(bloc)},
    )


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------


def _phase_figure(
    model: rich.Richardson, portrait: rich.PhasePortrait, start_label: str, title: str
) -> Figure:
    """Draw the phase portrait: nullclines, equilibrium, trajectories and the start's path."""
    fig, ax = new_figure(height=5.2, width=5.6)
    box = portrait.box
    if len(portrait.x_nullcline):
        ax.plot(*portrait.x_nullcline.T, color=BLUE, lw=2, label="dx/dt = 0 (x-nullcline)")
    if len(portrait.y_nullcline):
        ax.plot(*portrait.y_nullcline.T, color=RED, lw=2, label="dy/dt = 0 (y-nullcline)")
    for i, path in enumerate(portrait.trajectories):
        ax.plot(
            path[:, 0],
            path[:, 1],
            color=GREY,
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
                arrowprops={"arrowstyle": "->", "color": GREY, "lw": 0.9},
            )
        ax.plot(path[0, 0], path[0, 1], "o", color=GREY, ms=2.5)
    start = portrait.start_path
    ax.plot(start[:, 0], start[:, 1], color=ORANGE, lw=2, label=start_label)
    ax.plot(start[0, 0], start[0, 1], "o", color=ORANGE, ms=6)
    if model.equilibrium is not None:
        ex, ey = model.equilibrium
        where = "" if 0 <= ex <= box[0] and 0 <= ey <= box[1] else ", off chart"
        ax.plot(ex, ey, "o", color="black", ms=8, label=f"equilibrium ({ex:.3g}, {ey:.3g}){where}")
    ax.set_xlim(0, box[0])
    ax.set_ylim(0, box[1])
    ax.set_xlabel("x: armaments of A (M GBP / yr)")
    ax.set_ylabel("y: armaments of B (M GBP / yr)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax.grid(alpha=0.3)
    return fig


def _fit_figure(bloc: rich.BlocFit) -> Figure:
    """Draw the yearly increment of U + V against its mean, with the fitted line."""
    fig, ax = new_figure(width=6.0, height=4.6)
    fit, years = bloc.fit, bloc.table.years
    zero = fit.zero_point
    lo = min(float(np.min(bloc.mean_total)), zero if zero is not None else np.inf) - 10
    hi = float(np.max(bloc.mean_total)) + 10
    xs = np.linspace(lo, hi, 50)
    label = f"fit: Delta = {fit.slope:.3f} (U+V - {zero:.1f})" if zero else "fit"
    ax.plot(xs, fit.slope * xs + fit.intercept, color=BLUE, lw=2, label=label)
    ax.scatter(bloc.mean_total, bloc.increment, color=RED, zorder=3, label="Richardson's table")
    for x, y, y0, y1 in zip(bloc.mean_total, bloc.increment, years[:-1], years[1:], strict=True):
        ax.annotate(
            f"{y0}-{str(y1)[2:]}", (x, y), textcoords="offset points", xytext=(5, 4), fontsize=8
        )
    if zero is not None:
        ax.plot(
            zero, 0.0, "o", mfc="white", color="black", ms=8, label=f"zero point {zero:.1f} M GBP"
        )
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("mean of U + V over consecutive years (M GBP)")
    ax.set_ylabel("yearly change of U + V (M GBP / yr)")
    ax.set_title(f"Richardson {years[0]}-{years[-1]}: {' (U) + '.join(bloc.blocs)} (V)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig

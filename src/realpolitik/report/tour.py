"""The theory tour: each formal model run on given inputs, as tables, numbers and figures.

Each ``*_item`` function calls the models of :mod:`realpolitik.theory` (MODELS.md section 0 API)
and returns a :class:`TourItem`: the inputs, the printed tables, the numbers to store as JSON or
CSV, and builders for its figures (drawn by :mod:`realpolitik.report.figures`). The default
arguments are the classic inputs of MODELS.md section 11, held once in :data:`CLASSIC`; the
``realpolitik theory ...`` commands use them as option defaults and ``realpolitik demo`` runs
:func:`classic_tour`. Sources are those of each theory module (``realpolitik.cite(model)``).

Units follow MODELS.md: Richardson armaments in million GBP per year and rates in 1/yr; shares,
costs and probabilities as fractions in [0, 1]; nuclear forces in warheads and silos.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: The classic inputs of MODELS.md section 11 (and a few illustrative ones where section 11 is
#: silent, marked "illustrative"), by tour item. Command-line defaults read these.
CLASSIC: dict[str, dict[str, Any]] = {
    "richardson": {
        "k": 0.9,
        "l": 0.8,
        "a": 1.2,
        "b": 1.0,
        "g": 2.0,
        "h": 1.5,
        "x0": 0.0,
        "y0": 0.0,
    },
    "richardson_runaway": {"k": 1.2, "l": 1.0, "a": 0.5, "b": 0.6, "g": 1.0, "h": 1.0},
    "richardson_data": {"data": "1909-1913"},
    "jervis": {"v": 4.0, "c": 1.0, "g": 3.0, "L": 4.0, "beta0": 0.5, "d0": 0.5, "grid": 51},
    "spiral": {
        "mu0": 0.8,
        "a_S": 0.2,
        "a_G": 0.8,
        "eps": 0.1,
        "c": 0.5,
        "t_S": 0.4,
        "observations": "11111",
        "t_G": 1.5,
        "pi": 0.3,
        "k_S": 1.0,
        "k_G": 3.0,
        "x_max": 1.0,
    },
    "bargaining": {
        "p": 0.5,
        "c_A": 0.1,
        "c_B": 0.15,  # illustrative: the mean of U[0, 0.3], for the complete-information range
        "h_A": 0.0,
        "h_B": 0.0,
        "c_B_lo": 0.0,
        "c_B_hi": 0.3,
        "p_t": 0.6,
        "p_next": 0.3,
        "c_D": 0.05,
        "delta": 0.9,
    },
    "deterrence": {
        "cep": 0.1,
        "lethal_radius": 0.1,
        "r": 1,
        "sigma": 1000.0,
        "lam": 0.5,
        "D_star": 0.5,
        "q_bar": 0.9,
        # illustrative (section 11 is silent): competition in risk taking, MODELS.md 5.3
        "v_A": 1.0,
        "c_A": 2.0,
        "v_B": 1.0,
        "c_B": 4.0,
    },
    "contest": {
        "A0": 1000.0,
        "B0": 800.0,
        "alpha": 0.01,
        "beta": 0.01,
        "law": "square",
        "R_A": 15.0,
        "R_B": 5.0,
        "m": 1.0,
    },
    "repeated": {
        "R": 3.0,
        "S": 0.0,
        "T": 5.0,
        "P": 1.0,
        "eps_impl": 0.01,
        "eps_perc": 0.0,
        "w": None,
        "strategies": "TFT,GTFT,WSLS,GRIM,ALLD,ALLC",
    },
    "alliances": {
        "Y": "10,5,2",
        "alpha": 0.5,
        "n_max": 6,
        "U": 1.0,
        "K": 0.5,
        # illustrative (section 11 is silent): chain-ganging, MODELS.md 8.2
        "beta": 0.8,
        "V": 1.0,
        "n": 3,
        "c_war": 0.5,
    },
    "audience": {"v": 1.0, "a": 1.0, "w_B": -1.25, "w_A_lo": -3.0, "w_A_hi": 1.0, "a_max": 2.0},
}

#: The classic deterrence postures of MODELS.md 11: (label, silos, mirv, ssbn) for each side.
POSTURES: tuple[tuple[str, int, int, float], ...] = (
    ("(a) 1000 single-warhead silos", 1000, 1, 0.0),
    ("(b) 100 silos x 10 MIRVs", 100, 10, 0.0),
    ("(c) 500 silos + 500 SSBN warheads", 500, 1, 500.0),
)

#: Names of the repeated-game strategies the tour can play.
STRATEGY_NAMES: tuple[str, ...] = ("TFT", "GTFT", "WSLS", "GRIM", "ALLD", "ALLC")

#: Richardson tables the CLI can fit, by the name given to ``--data``.
RICHARDSON_TABLES: tuple[str, ...] = ("1909-1913",)


@dataclass(frozen=True)
class Table:
    """A small table of results: printed by the CLI, written as CSV, shown in the HTML page.

    Attributes
    ----------
    title : str
        Caption.
    columns : tuple of str
        Column headings.
    rows : tuple of tuple
        Raw values (numbers, strings, booleans, None, tuples); :func:`fmt` renders them.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class TourItem:
    """One stop of the theory tour: a model run on given inputs.

    Attributes
    ----------
    key : str
        Short name used for files and anchors, e.g. ``"richardson"``.
    model : str
        The theory module (and :func:`realpolitik.cite` name), e.g. ``"offense_defense"``.
    title : str
        Heading.
    summary : str
        One or two sentences saying what the result shows.
    inputs : dict
        The inputs the model was run on.
    tables : list of Table
        The printed results.
    data : dict
        The numbers written to ``result.json``.
    frames : dict of str to Table
        Larger tables written as CSV files (e.g. a parameter grid).
    figures : dict of str to callable
        Figure name -> function building a matplotlib Figure (called lazily).
    """

    key: str
    model: str
    title: str
    summary: str
    inputs: dict[str, Any]
    tables: list[Table]
    data: dict[str, Any]
    frames: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Callable[[], Figure]] = field(default_factory=dict)


def fmt(value: object) -> str:
    """Render a result value for a table cell.

    Parameters
    ----------
    value
        A number, bool, string, None, or a tuple/list of those.

    Returns
    -------
    str
        Floats with 4 significant digits, ``inf`` for infinity, ``yes``/``no`` for booleans,
        ``none`` for None, ``(a, b)`` for sequences.
    """
    if value is None:
        return "none"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if math.isnan(x):
            return "nan"
        if x == 0.0:
            return "0"
        return f"{x:.4g}"
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence | np.ndarray):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    return str(value)


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    return Table(title, tuple(columns), tuple(tuple(r) for r in rows))


def parse_numbers(name: str, text: str) -> tuple[float, ...]:
    """Parse a comma-separated list of finite numbers given on the command line.

    Parameters
    ----------
    name
        Argument name, for the error message.
    text
        E.g. ``"10,5,2"``.

    Returns
    -------
    tuple of float
        The numbers.

    Raises
    ------
    ValueError
        If an entry is not a finite number, or the list is empty.
    """
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts:
        raise ValueError(f"{name} = {text!r} is empty; expected numbers separated by commas")
    out = []
    for part in parts:
        try:
            x = float(part)
        except ValueError:
            raise ValueError(
                f"{name} = {text!r}: {part!r} is not a number; expected numbers separated by commas"
            ) from None
        if not math.isfinite(x):
            raise ValueError(f"{name} = {text!r}: {part!r} is not finite; expected finite numbers")
        out.append(x)
    return tuple(out)


def parse_observations(text: str) -> tuple[int, ...]:
    """Parse spiral observations such as ``"11111"`` or ``"1,0,1"`` (1 = arm, 0 = restrain).

    Parameters
    ----------
    text
        Digits 0/1, optionally separated by commas or spaces; ``""`` means none.

    Returns
    -------
    tuple of int
        The observations.

    Raises
    ------
    ValueError
        If a character other than 0, 1, a comma or a space appears.
    """
    cleaned = str(text).replace(",", "").replace(" ", "")
    if any(ch not in "01" for ch in cleaned):
        raise ValueError(
            f"observations = {text!r} is not allowed; expected a string of 0/1 "
            "(1 = arm, 0 = restrain), e.g. 11111"
        )
    return tuple(int(ch) for ch in cleaned)


def _figures() -> Any:  # lazy: keeps matplotlib out of import time
    from realpolitik.report import figures

    return figures


# ---------------------------------------------------------------------------------------------
# Richardson (MODELS.md 1)
# ---------------------------------------------------------------------------------------------


def richardson_item(
    k: float = 0.9,
    l: float = 0.8,  # noqa: E741 (Richardson's symbol)
    a: float = 1.2,
    b: float = 1.0,
    g: float = 2.0,
    h: float = 1.5,
    x0: float = 0.0,
    y0: float = 0.0,
    *,
    key: str = "richardson",
    label: str = "",
) -> TourItem:
    """Run Richardson's two-nation arms race: equilibrium, stability, case and long run.

    Parameters
    ----------
    k, l : float
        Defence (reaction) coefficients, 1/yr.
    a, b : float
        Fatigue / expense coefficients, 1/yr.
    g, h : float
        Grievances (> 0) or goodwill (< 0), million GBP per year.
    x0, y0 : float
        Starting armaments for the long-run outcome (million GBP per year), >= 0.
    key, label : str
        File key and a title suffix (used when the tour shows several examples).

    Returns
    -------
    TourItem
        Tables of the verdicts and the phase-portrait builder.

    Raises
    ------
    ValueError
        If an argument is not finite or a start is negative (from the theory module).
    """
    from realpolitik.theory import richardson as rich

    model = rich.Richardson(k, l, a, b, g, h)
    if x0 < 0 or y0 < 0:
        bad = "x0" if x0 < 0 else "y0"
        raise ValueError(
            f"{bad} = {min(x0, y0)!r} is out of range; allowed: [0, inf] (armaments >= 0)"
        )
    long_run = model.long_run(x0, y0)
    rho = model.spectral_radius(1.0)
    discrete = model.discrete_stable(1.0)
    eig = tuple(complex(e) for e in model.eigenvalues)
    eig_out: tuple[Any, ...] = tuple(e.real if abs(e.imag) < 1e-12 else str(e) for e in eig)
    stable_word = "stable" if model.stable else "unstable"
    params = {"k": k, "l": l, "a": a, "b": b, "g": g, "h": h}
    rows = [
        ("parameters (k, l, a, b, g, h)", (k, l, a, b, g, h), "1/yr; g, h in M GBP/yr"),
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
    trajectories, start_path, box = _richardson_trajectories(model, x0, y0)
    title = (
        f"Richardson arms race{label}: case {model.case}, {stable_word}, "
        f"long run {long_run.outcome.replace('_', ' ')}"
    )

    def phase() -> Figure:
        return _figures().richardson_phase(
            params=params,
            equilibrium=model.equilibrium,
            trajectories=trajectories,
            start_path=start_path,
            start_label=f"from ({x0:g}, {y0:g}): {long_run.outcome.replace('_', ' ')}",
            box=box,
            title=f"Case {model.case}, {stable_word} (D = {model.determinant:.3g})",
        )

    return TourItem(
        key=key,
        model="richardson",
        title=title,
        summary=(
            "dx/dt = k y - a x + g, dy/dt = l x - b y + h. The equilibrium is stable iff "
            f"ab > kl; here D = {model.determinant:.3g}, so it is {stable_word} (case "
            f"{model.case}); from ({x0:g}, {y0:g}) the race ends in "
            f"{long_run.outcome.replace('_', ' ')}."
        ),
        inputs={**params, "x0": x0, "y0": y0},
        tables=[_table("Richardson model", ("quantity", "value", "units / rule"), rows)],
        data={
            "inputs": {**params, "x0": x0, "y0": y0},
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


def _richardson_trajectories(
    model: Any, x0: float, y0: float
) -> tuple[list[np.ndarray], np.ndarray, tuple[float, float]]:
    """Sample unconstrained trajectories for the phase portrait.

    Uses the model's own iteration ``simulate`` with a time step small against every
    eigenvalue (at most 0.05 / max |lambda| and 1/400 of the horizon), which traces the
    continuous-time flow to drawing accuracy at a fraction of the cost of ``state_at``.
    """
    eq = model.equilibrium
    scale = max([1.0, x0, y0] + ([abs(eq[0]), abs(eq[1])] if eq is not None else []))
    side = 2.0 * scale
    box = (side, side)
    rates = [abs(complex(e).real) for e in model.eigenvalues]
    slow = [r for r in rates if r > 1e-9]
    horizon = 5.0 / min(slow) if slow else 20.0
    horizon = float(min(max(horizon, 1.0), 100.0))
    dt = min(horizon / 400.0, 0.05 / max(max(rates), 1e-9))
    steps = min(math.ceil(horizon / dt), 4000)
    fr = (0.0, 0.25, 0.5, 0.75, 1.0)
    starts = {(f * side, 0.0) for f in fr} | {(0.0, f * side) for f in fr}
    starts |= {(f * side, side) for f in fr[1:]} | {(side, f * side) for f in fr[1:]}
    starts.discard((float(x0), float(y0)))

    def path(sx: float, sy: float) -> np.ndarray:
        pts = model.simulate(sx, sy, steps, dt)
        keep = np.all(np.isfinite(pts) & (np.abs(pts) <= 50.0 * side), axis=1)
        if not keep.all():  # stop runaway paths well off the chart
            pts = pts[: max(int(np.argmin(keep)), 2)]
        return pts[:: max(1, steps // 300)]

    return [path(sx, sy) for sx, sy in sorted(starts)], path(float(x0), float(y0)), box


def richardson_table(name: str = "1909-1913") -> Any:
    """Return Richardson's 1909-1913 defence budgets (MODELS.md 1), million GBP.

    Parameters
    ----------
    name
        The table's name; only ``"1909-1913"`` exists.

    Returns
    -------
    realpolitik.theory.richardson.ArmsTable
        Years, expenditure by country, the two blocs, units and source.

    Raises
    ------
    ValueError
        For an unknown table name.
    """
    if name not in RICHARDSON_TABLES:
        allowed = ", ".join(RICHARDSON_TABLES)
        raise ValueError(f"data = {name!r} is not a known table; allowed: {allowed}")
    from realpolitik.theory import richardson as rich

    return rich.RICHARDSON_1909_1913


def richardson_fit_item(data: str = "1909-1913") -> TourItem:
    """Fit Richardson's 1909-1913 bloc totals with ``fit_total`` (MODELS.md 1).

    Parameters
    ----------
    data
        The table to fit; only ``"1909-1913"``.

    Returns
    -------
    TourItem
        The data table, the fitted slope (k - a, 1/yr), intercept and zero point (M GBP), and
        the scatter-and-line figure builder.

    Raises
    ------
    ValueError
        For an unknown table.
    """
    from realpolitik.theory import richardson as rich

    table = richardson_table(data)
    years = tuple(table.years)
    countries = tuple(table.milex)
    values = np.column_stack([table.series(c) for c in countries])
    bloc_u, bloc_v = tuple(table.blocs)
    U = table.total([bloc_u])  # noqa: N806 (Richardson's bloc symbols)
    V = table.total([bloc_v])  # noqa: N806
    total = table.total([bloc_u, bloc_v])
    fit = rich.fit_total(total)
    increment = np.diff(total)
    mean_total = (total[1:] + total[:-1]) / 2.0
    rows = []
    for i, y in enumerate(years):
        inc = increment[i] if i < len(increment) else None
        rows.append((y, *values[i], U[i], V[i], total[i], inc))
    verdict = "unstable: runaway" if fit.slope > 0 else "stable"
    fit_rows = [
        ("slope k - a", fit.slope, "1/yr", verdict),
        ("intercept g + h", fit.intercept, "M GBP/yr", ""),
        ("zero point", fit.zero_point, "M GBP", "U + V where the increment is 0"),
        ("published (Richardson 1960)", "0.73 (U + V - 194)", "", "slope 0.73, zero point 194"),
    ]

    def scatter() -> Figure:
        return _figures().richardson_fit(
            mean_total=mean_total,
            increment=increment,
            slope=fit.slope,
            intercept=fit.intercept,
            zero_point=fit.zero_point,
            years=years,
        )

    return TourItem(
        key="richardson-1909-1913",
        model="richardson",
        title="Richardson's 1909-1913 arms race, refitted",
        summary=(
            f"Regressing the yearly change of U + V on its mean gives Delta(U+V) = "
            f"{fit.slope:.3f} (U+V - {fit.zero_point:.1f}): k - a > 0, an unstable (runaway) "
            "race, as Richardson found (0.73, 194)."
        ),
        inputs={"data": data},
        tables=[
            _table(
                f"Defence budgets, {table.units} (U = {' + '.join(table.blocs[bloc_u])}, "
                f"V = {' + '.join(table.blocs[bloc_v])})",
                ("year", *countries, "U", "V", "U+V", "change to next year"),
                rows,
            ),
            _table(
                "Fit of Delta(U+V) on mean(U+V)", ("quantity", "value", "units", "note"), fit_rows
            ),
        ],
        data={
            "inputs": {"data": data},
            "years": list(years),
            "countries": list(countries),
            "values_million_gbp": values,
            "total": total,
            "increment": increment,
            "mean_total": mean_total,
            "slope": fit.slope,
            "intercept": fit.intercept,
            "zero_point": fit.zero_point,
        },
        figures={"richardson-1909-1913-fit": scatter},
    )


# ---------------------------------------------------------------------------------------------
# Jervis (MODELS.md 2)
# ---------------------------------------------------------------------------------------------

WORLD_NAMES: dict[str, str] = {
    "1_doubly_dangerous": "1 doubly dangerous",
    "2_security_dilemma_compatible_requirements": "2 security dilemma, compatible requirements",
    "3_no_security_dilemma_aggression_possible": "3 no security dilemma, aggression possible",
    "4_doubly_stable": "4 doubly stable",
}


def jervis_item(
    v: float = 4.0,
    c: float = 1.0,
    g: float = 3.0,
    L: float = 4.0,  # noqa: N803 (Jervis's symbol)
    beta0: float = 0.5,
    d0: float = 0.5,
    grid: int = 51,
    beta: float | None = None,
    d: float | None = None,
) -> TourItem:
    """Map Jervis's four worlds over (beta, d), or solve one arming game (MODELS.md 2).

    Parameters
    ----------
    v, c, g, L : float
        Value of the status quo, cost of arming, gain from exploiting, loss when exploited.
    beta0, d0 : float
        The four worlds' thresholds on offense advantage and distinguishability.
    grid : int
        Grid points per axis of the map (>= 2).
    beta, d : float or None
        If both are given: the one game at that offense advantage and distinguishability.

    Returns
    -------
    TourItem
        The four-worlds table (and the one game, if asked) and the map builder.

    Raises
    ------
    ValueError
        If an argument is out of range, or only one of ``beta`` and ``d`` is given.
    """
    from realpolitik.theory import offense_defense as od

    if (beta is None) != (d is None):
        missing = "d" if d is None else "beta"
        raise ValueError(f"{missing} is missing; give both beta and d to solve one game")
    if isinstance(grid, bool) or not isinstance(grid, int) or not 2 <= grid <= 401:
        raise ValueError(f"grid = {grid!r} is out of range; allowed: integers in [2, 401]")
    od.world(0.5, 0.5, beta0, d0)  # validates the thresholds
    betas = np.linspace(0.0, 1.0, grid)
    ds = np.linspace(0.0, 1.0, grid)
    types = np.empty((grid, grid), dtype=object)
    worlds = np.empty((grid, grid), dtype=object)
    for i, dd in enumerate(ds):
        for j, bb in enumerate(betas):
            types[i, j] = od.arming_game(v, c, g, L, float(bb), float(dd)).game_type
            worlds[i, j] = od.world(float(bb), float(dd), beta0, d0)
    beta_T = np.array([od.thresholds(c, g, L, float(dd))[0] for dd in ds])  # noqa: N806
    beta_S = od.thresholds(c, g, L, 0.0)[1]  # noqa: N806
    world_rows = []
    for label in WORLD_NAMES:
        mask = worlds == label
        cells = int(mask.sum())
        kinds, counts = (
            np.unique(types[mask].astype(str), return_counts=True) if cells else ((), ())
        )
        mix = ", ".join(
            f"{kk.replace('_', ' ')} {100.0 * n / cells:.0f}%"
            for kk, n in sorted(zip(kinds, counts, strict=True), key=lambda t: -t[1])
        )
        world_rows.append((WORLD_NAMES[label], cells, mix or "none"))
    tables = [
        _table(
            f"Jervis's four worlds on a {grid}x{grid} grid (beta0 = {beta0:g}, d0 = {d0:g})",
            ("world", "cells", "game types (share of the world's cells)"),
            world_rows,
        ),
        _table(
            "Thresholds: T > R iff beta > beta_T(d); P > S iff beta > beta_S",
            ("quantity", "value"),
            [
                ("beta_S = c / L", beta_S),
                ("beta_T at d = 0: c / g", beta_T[0]),
                (f"beta_T at d = {ds[grid // 2]:.2g}", beta_T[grid // 2]),
            ],
        ),
    ]
    data: dict[str, Any] = {
        "inputs": {"v": v, "c": c, "g": g, "L": L, "beta0": beta0, "d0": d0, "grid": grid},
        "beta_S": beta_S,
        "beta_T_at_d0": beta_T[0],
        "world_game_mix": {r[0]: r[2] for r in world_rows},
    }
    point = None
    title = "Jervis's four worlds: the arming game over offense advantage and distinguishability"
    summary = (
        "Offense dominance (high beta) and indistinguishable postures (low d) turn the arming "
        "game from harmony into a stag hunt and then a prisoner's dilemma; warning (high d) lowers "
        "the temptation T."
    )
    if beta is not None and d is not None:
        game = od.arming_game(v, c, g, L, beta, d)
        label = od.world(beta, d, beta0, d0)
        point = (float(beta), float(d))
        eqs = game.nash_equilibria()
        bT, bS = od.thresholds(c, g, L, d)  # noqa: N806
        tables.insert(
            0,
            _table(
                f"Arming game at beta = {beta:g}, d = {d:g} (row payoffs; C = restrain, D = arm)",
                ("quantity", "value"),
                [
                    ("R (C,C), S (C,D), T (D,C), P (D,D)", (game.R, game.S, game.T, game.P)),
                    ("game type", game.game_type),
                    ("world", WORLD_NAMES[label]),
                    ("Nash equilibria (row P(C), column P(C))", tuple(eqs)),
                    ("grim trigger: delta >=", game.grim_threshold()),
                    ("tit for tat: delta >=", game.tft_threshold()),
                    ("win-stay lose-shift: delta >=", game.wsls_threshold()),
                    ("beta_T(d), beta_S", (bT, bS)),
                ],
            ),
        )
        data["game"] = {
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
        title = f"Jervis arming game at beta = {beta:g}, d = {d:g}: {game.game_type}"
        summary = f"At beta = {beta:g}, d = {d:g} the game is a {game.game_type.replace('_', ' ')}."
    frame_rows = [
        (float(betas[j]), float(ds[i]), worlds[i, j], types[i, j])
        for i in range(grid)
        for j in range(grid)
    ]

    def world_map() -> Figure:
        return _figures().jervis_map(
            betas=betas,
            ds=ds,
            game_types=types,
            beta_T=beta_T,
            beta_S=beta_S,
            beta0=beta0,
            d0=d0,
            point=point,
            world_names=WORLD_NAMES,
        )

    return TourItem(
        key="jervis",
        model="offense_defense",
        title=title,
        summary=summary,
        inputs={"v": v, "c": c, "g": g, "L": L, "beta0": beta0, "d0": d0, "beta": beta, "d": d},
        tables=tables,
        data=data,
        frames={"jervis-grid": _table("grid", ("beta", "d", "world", "game_type"), frame_rows)},
        figures={"jervis-four-worlds": world_map},
    )


# ---------------------------------------------------------------------------------------------
# Glaser / Kydd (MODELS.md 3)
# ---------------------------------------------------------------------------------------------


def spiral_item(
    mu0: float = 0.8,
    a_S: float = 0.2,  # noqa: N803 (Kydd's symbols)
    a_G: float = 0.8,  # noqa: N803
    eps: float = 0.1,
    c: float = 0.5,
    t_S: float = 0.4,  # noqa: N803
    observations: str = "11111",
    t_G: float = 1.5,  # noqa: N803
    pi: float = 0.3,
    k_S: float = 1.0,  # noqa: N803
    k_G: float = 3.0,  # noqa: N803
    x_max: float = 1.0,
) -> TourItem:
    """Trace a spiral of mistrust and solve the reassurance game (Kydd; MODELS.md 3).

    Parameters
    ----------
    mu0 : float
        Prior belief that the rival is a security seeker.
    a_S, a_G : float
        Probabilities that a security seeker / a greedy state arms.
    eps : float
        Misperception: probability an observation is flipped.
    c : float
        Cost of being exploited.
    t_S : float
        The security seeker's temptation (< 1).
    observations : str
        Observed moves, 1 = arm, 0 = restrain (e.g. ``"11111"``).
    t_G : float
        The greedy type's temptation (> 1).
    pi : float
        Trust: prior that the other is a security seeker (two-type game and reassurance).
    k_S, k_G : float
        Cost per unit of a reassuring gesture for each type.
    x_max : float
        Largest feasible gesture.

    Returns
    -------
    TourItem
        The belief path, the two-type game, the reassurance regime and the figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module) or the observations are not 0/1.
    """
    from realpolitik.theory import spiral as sp

    obs = parse_observations(observations)
    path = sp.spiral(mu0, a_S, a_G, eps, c, t_S, list(obs))
    two = sp.two_type(c, t_S, t_G, pi)
    rea = sp.reassurance(c, t_S, t_G, pi, k_S, k_G, x_max)
    eps_values = sorted({0.0, 0.1, 0.25, 0.4, float(eps)})
    slow = [sp.spiral(mu0, a_S, a_G, e, c, t_S, list(obs)) for e in eps_values]
    mus = list(path.posterior_path)
    path_rows = [
        (
            t,
            "arm" if t < len(obs) and obs[t] else ("restrain" if t < len(obs) else ""),
            mus[t],
            path.actions[t] if t < len(path.actions) else "",
        )
        for t in range(len(mus))
    ]
    tables = [
        _table(
            "Spiral of mistrust: belief mu_t that the rival is a security seeker",
            ("period t", "observed move", "mu_t", "own action (arm iff mu_t < pi*)"),
            path_rows,
        ),
        _table(
            "Trust thresholds",
            ("quantity", "value"),
            [
                ("minimum trust pi* = c / (1 - t_S + c)", path.pi_star),
                ("P(observe arm | security seeker) q_S", path.p_arm_given_S),
                ("P(observe arm | greedy) q_G", path.p_arm_given_G),
                ("arm observations to lose trust n*", path.arms_to_lose_trust),
            ],
        ),
        _table(
            "Misperception slows the spiral",
            ("eps", "n* (arms to lose trust)", "final mu"),
            [
                (e, s.arms_to_lose_trust, float(s.posterior_path[-1]))
                for e, s in zip(eps_values, slow, strict=True)
            ],
        ),
        _table(
            f"Two-type game and reassurance at trust pi = {pi:g}",
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
    inputs = {
        "mu0": mu0,
        "a_S": a_S,
        "a_G": a_G,
        "eps": eps,
        "c": c,
        "t_S": t_S,
        "observations": observations,
        "t_G": t_G,
        "pi": pi,
        "k_S": k_S,
        "k_G": k_G,
        "x_max": x_max,
    }

    def beliefs() -> Figure:
        return _figures().spiral_beliefs(
            path=np.asarray(path.posterior_path, dtype=float),
            pi_star=path.pi_star,
            actions=tuple(path.actions),
            observations=obs,
            eps=eps,
            eps_paths=[
                (e, np.asarray(s.posterior_path, dtype=float))
                for e, s in zip(eps_values, slow, strict=True)
            ],
        )

    n_star = path.arms_to_lose_trust
    return TourItem(
        key="spiral",
        model="spiral",
        title="Kydd's spiral of mistrust and reassurance",
        summary=(
            f"Starting from trust {mu0:g}, a security seeker who sees its rival arm loses trust "
            f"(falls below pi* = {path.pi_star:.3g}) after {fmt(n_star)} arm observations and "
            f"then arms itself; with trust {pi:g} the reassurance game ends in "
            f"{rea.regime.replace('_', ' ')}."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
            "pi_star": path.pi_star,
            "posterior_path": np.asarray(path.posterior_path, dtype=float),
            "actions": list(path.actions),
            "p_arm_given_S": path.p_arm_given_S,
            "p_arm_given_G": path.p_arm_given_G,
            "arms_to_lose_trust": n_star,
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
        },
        figures={"spiral-beliefs": beliefs},
    )


# ---------------------------------------------------------------------------------------------
# Fearon (MODELS.md 4)
# ---------------------------------------------------------------------------------------------


def _demand_utility(x: np.ndarray, p: float, c_A: float, lo: float, hi: float) -> np.ndarray:  # noqa: N803
    """Evaluate MODELS.md 4.2's U_A(x) on a grid of demands, for drawing the curve.

    The theory module returns only the optimum (``risk_return``); this evaluates the same
    expected utility at every demand so the figure can show where the optimum sits.
    """
    p_reject = np.clip((x - p - lo) / (hi - lo), 0.0, 1.0)
    return (1.0 - p_reject) * x + p_reject * (p - c_A)


def bargaining_item(
    p: float = 0.5,
    c_A: float = 0.1,  # noqa: N803 (Fearon's symbols)
    c_B: float = 0.15,  # noqa: N803
    h_A: float = 0.0,  # noqa: N803
    h_B: float = 0.0,  # noqa: N803
    c_B_lo: float = 0.0,  # noqa: N803
    c_B_hi: float = 0.3,  # noqa: N803
    p_t: float = 0.6,
    p_next: float = 0.3,
    c_D: float = 0.05,  # noqa: N803
    delta: float = 0.9,
) -> TourItem:
    """Solve Fearon's bargaining model: range, risk-return trade-off, commitment problem.

    Parameters
    ----------
    p : float
        A's probability of winning a war.
    c_A, c_B : float
        Costs of war (fractions of the pie) under complete information.
    h_A, h_B : float
        Hawk bias: leaders' private benefits from war.
    c_B_lo, c_B_hi : float
        Support of B's private cost of war in the risk-return game.
    p_t, p_next : float
        The declining state's win probability now and after the power shift.
    c_D : float
        The declining state's per-period cost of war.
    delta : float
        Discount factor.

    Returns
    -------
    TourItem
        Tables of the three results and the risk-return figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module).
    """
    from realpolitik.theory import bargaining as bg

    rng = bg.bargaining_range(p, c_A, c_B, h_A, h_B)
    rr = bg.risk_return(p, c_A, c_B_lo, c_B_hi)
    com = bg.commitment_problem(p_t, p_next, c_D, delta)
    deal = (
        "hawk bias leaves no share that both prefer to war"
        if rng is None
        else f"both sides prefer any share x in [{rng[0]:.3g}, {rng[1]:.3g}] to war"
    )
    xs = np.linspace(0.0, 1.0, 401)
    eu = _demand_utility(xs, p, c_A, c_B_lo, c_B_hi)
    his = np.linspace(c_B_lo + (c_B_hi - c_B_lo) * 0.02, max(c_B_hi * 2.0, c_B_lo + 0.05), 60)
    sweep = [bg.risk_return(p, c_A, c_B_lo, float(hh)) for hh in his]
    inputs = {
        "p": p,
        "c_A": c_A,
        "c_B": c_B,
        "h_A": h_A,
        "h_B": h_B,
        "c_B_lo": c_B_lo,
        "c_B_hi": c_B_hi,
        "p_t": p_t,
        "p_next": p_next,
        "c_D": c_D,
        "delta": delta,
    }
    tables = [
        _table(
            "Complete information (Fearon 1995): shares x for A that both prefer to war",
            ("quantity", "value"),
            [
                ("bargaining range [lo, hi]", rng),
                ("war under complete information", rng is None),
            ],
        ),
        _table(
            f"Private information: B's cost of war ~ U[{c_B_lo:g}, {c_B_hi:g}]",
            ("quantity", "value"),
            [
                ("A's optimal demand x*", rr.x_star),
                ("P(war) = P(B rejects x*)", rr.p_war),
                ("A's expected utility at x*", rr.eu_A),
            ],
        ),
        _table(
            f"Commitment problem (Powell 2006): p falls from {p_t:g} to {p_next:g}",
            ("quantity", "value"),
            [
                ("preventive war", com.war),
                ("share D requires today", com.required_share),
                ("critical shift Delta*", com.critical_shift),
                ("critical patience delta*", com.critical_delta),
            ],
        ),
    ]

    def curve() -> Figure:
        return _figures().bargaining_risk_return(
            demands=xs,
            utility=eu,
            x_star=rr.x_star,
            eu_star=rr.eu_A,
            p_war=rr.p_war,
            war_value=p - c_A,
            bargaining_range=rng,
            c_hi=his,
            p_war_sweep=np.array([s.p_war for s in sweep]),
            c_B_hi=c_B_hi,
        )

    return TourItem(
        key="bargaining",
        model="bargaining",
        title="Fearon's bargaining model of war",
        summary=(
            f"Under complete information {deal}; when "
            f"B's cost is private, A demands x* = {rr.x_star:.3g} and risks war with probability "
            f"{rr.p_war:.3g}; a shift of power from {p_t:g} to {p_next:g} "
            f"{'makes preventive war rational' if com.war else 'leaves peace possible'}."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
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


# ---------------------------------------------------------------------------------------------
# Nuclear deterrence (MODELS.md 5)
# ---------------------------------------------------------------------------------------------


def deterrence_item(
    cep: float = 0.1,
    lethal_radius: float = 0.1,
    r: int = 1,
    sigma: float = 1000.0,
    lam: float = 0.5,
    D_star: float = 0.5,  # noqa: N803 (MODELS.md symbol)
    q_bar: float = 0.9,
    force: tuple[int, int, float] | None = None,
    v_A: float = 1.0,  # noqa: N803
    c_A: float = 2.0,  # noqa: N803
    v_B: float = 1.0,  # noqa: N803
    c_B: float = 4.0,  # noqa: N803
) -> TourItem:
    """Compare first-strike (crisis) stability of nuclear postures (MODELS.md 5).

    Parameters
    ----------
    cep, lethal_radius : float
        Accuracy and lethal radius (same units); give the kill probability per warhead.
    r : int
        Warheads aimed at each enemy silo.
    sigma : float
        Damage scale in warheads.
    lam : float
        Weight of the struck-first damage under simultaneous strikes.
    D_star : float
        Unacceptable damage defining assured destruction.
    q_bar : float
        Belief threshold for crisis stability.
    force : tuple or None
        An extra symmetric posture ``(silos, mirv, ssbn)`` to compare with the classic three.
    v_A, c_A, v_B, c_B : float
        Stakes and costs of nuclear war in the competition in risk taking.

    Returns
    -------
    TourItem
        The posture comparison, the war of nerves and the crisis-stability figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module).
    """
    from realpolitik.theory import deterrence as dt

    k = dt.sspk(cep, lethal_radius)
    postures = list(POSTURES)
    if force is not None:
        postures.append(("custom", int(force[0]), int(force[1]), float(force[2])))
    results = []
    for label, silos, mirv, ssbn in postures:
        side = dt.Force(silos, mirv, ssbn, k)
        results.append((label, dt.crisis(side, side, r, sigma, lam, D_star, q_bar)))
    rows = [
        (
            label,
            cr.exchange_ratio[0],
            cr.D_F[0],
            cr.D_S[0],
            cr.fsi[0],
            cr.q_star[0],
            cr.mad,
            cr.stable,
        )
        for label, cr in results
    ]

    def q_symmetric(silos: int, mirv: int, ssbn: float) -> float:
        side = dt.Force(silos, mirv, ssbn, k)
        return dt.crisis(side, side, r, sigma, lam, D_star, q_bar).q_star[0]

    mirvs = np.array([1, 2, 4, 5, 8, 10, 20])
    q_mirv = np.array([q_symmetric(1000 // int(mm), int(mm), 0.0) for mm in mirvs])
    shares = np.linspace(0.0, 1.0, 11)
    q_ssbn = np.array([q_symmetric(round(100 * (1 - sh)), 10, 1000.0 * sh) for sh in shares])
    nerves = dt.war_of_nerves(v_A, c_A, v_B, c_B)
    unsure = dt.war_of_nerves_uncertain(nerves.rho_A)
    S_star = results[0][1].S_star  # noqa: N806
    inputs = {
        "cep": cep,
        "lethal_radius": lethal_radius,
        "k": k,
        "r": r,
        "sigma": sigma,
        "lam": lam,
        "D_star": D_star,
        "q_bar": q_bar,
        "force": force,
        "v_A": v_A,
        "c_A": c_A,
        "v_B": v_B,
        "c_B": c_B,
    }
    tables = [
        _table(
            f"Crisis stability of symmetric postures (k = {k:.3g} per warhead, r = {r}, "
            f"sigma = {sigma:g}; stable iff q* >= {q_bar:g})",
            ("posture (each side)", "exch. ratio", "D_F", "D_S", "FSI", "q*", "MAD", "stable"),
            rows,
        ),
        _table(
            "Competition in risk taking (Schelling, Powell)",
            ("quantity", "value"),
            [
                ("resolve rho_A, rho_B = v / (v + c)", (nerves.rho_A, nerves.rho_B)),
                ("winner under complete information", nerves.winner),
                ("risk the winner must run to coerce", nerves.min_risk_to_coerce),
                ("rho_B ~ U[0, 1] unknown to A: P(war)", unsure.p_war),
                ("P(A prevails), P(B prevails)", (unsure.p_A_prevails, unsure.p_B_prevails)),
            ],
        ),
    ]

    def stability() -> Figure:
        return _figures().deterrence_stability(
            labels=[lab for lab, _ in results],
            q_star=[cr.q_star[0] for _, cr in results],
            mirvs=mirvs,
            q_mirv=q_mirv,
            shares=shares,
            q_ssbn=q_ssbn,
            q_bar=q_bar,
        )

    return TourItem(
        key="deterrence",
        model="deterrence",
        title="Nuclear deterrence: the reciprocal fear of surprise attack",
        summary=(
            "MIRVed silo-only forces give a first striker more than one enemy warhead per warhead "
            "spent, so a small fear of attack justifies striking (low q*); single-warhead silos "
            f"and survivable sea-based forces keep q* high. Assured destruction needs "
            f"S* = {S_star:.0f} surviving warheads."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
            "sspk": k,
            "S_star": S_star,
            "postures": [
                {
                    "label": label,
                    "D_F": cr.D_F,
                    "D_S": cr.D_S,
                    "D_M": cr.D_M,
                    "fsi": cr.fsi,
                    "q_star": cr.q_star,
                    "exchange_ratio": cr.exchange_ratio,
                    "mad": cr.mad,
                    "stable": cr.stable,
                }
                for label, cr in results
            ],
            "q_star_vs_mirv": {"mirv": mirvs, "q_star": q_mirv},
            "q_star_vs_ssbn_share": {"share": shares, "q_star": q_ssbn},
            "war_of_nerves": {
                "rho_A": nerves.rho_A,
                "rho_B": nerves.rho_B,
                "winner": nerves.winner,
                "min_risk_to_coerce": nerves.min_risk_to_coerce,
                "p_war_uncertain": unsure.p_war,
            },
        },
        figures={"deterrence-crisis-stability": stability},
    )


# ---------------------------------------------------------------------------------------------
# Lanchester and contest success functions (MODELS.md 6)
# ---------------------------------------------------------------------------------------------


def contest_item(
    A0: float = 1000.0,  # noqa: N803 (Lanchester's symbols)
    B0: float = 800.0,  # noqa: N803
    alpha: float = 0.01,
    beta: float = 0.01,
    law: str = "square",
    R_A: float = 15.0,  # noqa: N803 (Hirshleifer's symbols)
    R_B: float = 5.0,  # noqa: N803
    m: float = 1.0,
) -> TourItem:
    """Run a Lanchester battle and Hirshleifer's guns-versus-butter contest (MODELS.md 6).

    Parameters
    ----------
    A0, B0 : float
        Initial forces.
    alpha, beta : float
        A's and B's per-unit kill rates.
    law : str
        ``"square"``, ``"area"`` or ``"ancient"``.
    R_A, R_B : float
        Resources of the two sides.
    m : float
        Decisiveness (Tullock exponent).

    Returns
    -------
    TourItem
        The battle, the contest equilibrium and the figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module).
    """
    from realpolitik.theory import contest as ct

    battle = ct.lanchester(A0, B0, alpha, beta, law)
    gvb = ct.guns_vs_butter(R_A, R_B, m)
    horizon = battle.duration if battle.duration else 5.0 / math.sqrt(max(alpha * beta, 1e-12))
    if battle.law != "square" and battle.duration is None:
        horizon = 5.0 / max(alpha * max(A0, 1e-9), beta * max(B0, 1e-9), 1e-12)
    t = np.linspace(0.0, 1.1 * horizon, 200)
    fa, fb = battle.state_at(t)
    ratios = np.logspace(-1, 1, 121)
    csf = {mm: ct.tullock(ratios, np.ones_like(ratios), mm) for mm in (0.5, 1.0, 2.0, 4.0)}
    total = R_A + R_B
    ra_grid = np.linspace(0.05, 0.95, 37) * total
    sweep = [ct.guns_vs_butter(float(x), float(total - x), m) for x in ra_grid]
    inputs = {
        "A0": A0,
        "B0": B0,
        "alpha": alpha,
        "beta": beta,
        "law": law,
        "R_A": R_A,
        "R_B": R_B,
        "m": m,
    }
    tables = [
        _table(
            f"Lanchester {law} law: A0 = {A0:g}, B0 = {B0:g}, alpha = {alpha:g}, beta = {beta:g}",
            ("quantity", "value"),
            [
                ("winner", battle.winner),
                ("survivors of the winner", battle.survivors),
                ("duration (time to annihilation)", battle.duration),
            ],
        ),
        _table(
            f"Guns vs butter (Hirshleifer): R_A = {R_A:g}, R_B = {R_B:g}, m = {m:g}",
            ("quantity", "value"),
            [
                ("guns G_A, G_B", (gvb.G_A, gvb.G_B)),
                ("P(A wins) p_A", gvb.p_A),
                ("interior equilibrium (equal guns)", gvb.interior),
                ("A's share of resources", R_A / total),
            ],
        ),
    ]

    def contest_figure() -> Figure:
        return _figures().contest_panels(
            t=t,
            force_A=np.asarray(fa, dtype=float),
            force_B=np.asarray(fb, dtype=float),
            law=law,
            winner=battle.winner,
            ratios=ratios,
            csf=csf,
            resource_share=ra_grid / total,
            p_A=np.array([s.p_A for s in sweep]),
            guns_A=np.array([s.G_A for s in sweep]),
            guns_B=np.array([s.G_B for s in sweep]),
        )

    return TourItem(
        key="contest",
        model="contest",
        title="Lanchester attrition and contest success functions",
        summary=(
            f"Under the {law} law {battle.winner} wins with {battle.survivors:.4g} survivors. "
            f"In the guns-vs-butter contest the poorer side arms as much as the richer "
            f"(p_A = {gvb.p_A:.3g}): the paradox of power."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
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
        figures={"contest": contest_figure},
    )


# ---------------------------------------------------------------------------------------------
# Repeated game (MODELS.md 7)
# ---------------------------------------------------------------------------------------------


def repeated_item(
    R: float = 3.0,  # noqa: N803 (payoff symbols)
    S: float = 0.0,  # noqa: N803
    T: float = 5.0,  # noqa: N803
    P: float = 1.0,  # noqa: N803
    eps_impl: float = 0.01,
    eps_perc: float = 0.0,
    w: float | None = None,
    strategies: str = "TFT,GTFT,WSLS,GRIM,ALLD,ALLC",
) -> TourItem:
    """Play a round robin of memory-one strategies with noise (MODELS.md 7).

    Parameters
    ----------
    R, S, T, P : float
        Stage payoffs of the prisoner's dilemma (T > R > P > S).
    eps_impl, eps_perc : float
        Implementation and perception noise.
    w : float or None
        Continuation probability (None: the long run).
    strategies : str
        Comma-separated names among TFT, GTFT, WSLS, GRIM, ALLD, ALLC.

    Returns
    -------
    TourItem
        The payoff matrix, each strategy's mean and the heat-map builder.

    Raises
    ------
    ValueError
        For an unknown strategy name or an out-of-range argument.
    """
    from realpolitik.theory import repeated as rp

    names = [s.strip().upper() for s in str(strategies).split(",") if s.strip()]
    bad = [s for s in names if s not in STRATEGY_NAMES]
    if bad or not names:
        allowed = ", ".join(STRATEGY_NAMES)
        raise ValueError(f"strategies = {strategies!r} is not allowed; choose names from {allowed}")
    names = list(dict.fromkeys(names))
    pool = rp.classic_strategies(R, S, T, P)
    chosen = {n: pool[n] for n in names}
    frame = rp.tournament(chosen, R, S, T, P, eps_impl, eps_perc, w)
    matrix = frame.to_numpy(dtype=float)
    means = matrix.mean(axis=1)
    rows = [(n, *matrix[i], means[i]) for i, n in enumerate(names)]
    ranking = sorted(zip(names, means, strict=True), key=lambda t: -t[1])
    inputs = {
        "R": R,
        "S": S,
        "T": T,
        "P": P,
        "eps_impl": eps_impl,
        "eps_perc": eps_perc,
        "w": w,
        "strategies": names,
    }
    noise = f"eps_impl = {eps_impl:g}, eps_perc = {eps_perc:g}" + (
        "" if w is None else f", w = {w:g}"
    )

    def heat() -> Figure:
        return _figures().repeated_heatmap(names=names, payoffs=matrix, subtitle=noise)

    return TourItem(
        key="repeated",
        model="repeated",
        title="The iterated security game with noise: a round robin of memory-one strategies",
        summary=(
            f"Per-round payoff of the row strategy against the column strategy ({noise}). "
            f"Best average: {ranking[0][0]} ({ranking[0][1]:.3g}); under noise TFT pairs fall "
            "into echoes of retaliation, while WSLS and GTFT recover."
        ),
        inputs=inputs,
        tables=[
            _table(
                f"Per-round payoff of row vs column (R, S, T, P = {R:g}, {S:g}, {T:g}, {P:g}; "
                f"{noise})",
                ("row \\ column", *names, "mean"),
                rows,
            )
        ],
        data={"inputs": inputs, "strategies": names, "payoffs": matrix, "mean_payoff": means},
        frames={"repeated-payoffs": _table("payoffs", ("row", *names, "mean"), rows)},
        figures={"repeated-tournament": heat},
    )


# ---------------------------------------------------------------------------------------------
# Alliances (MODELS.md 8)
# ---------------------------------------------------------------------------------------------


def alliances_item(
    Y: str | Sequence[float] = "10,5,2",  # noqa: N803 (Olson-Zeckhauser's symbol)
    alpha: float = 0.5,
    n_max: int = 6,
    U: float = 1.0,  # noqa: N803 (volunteer's-dilemma symbols)
    K: float = 0.5,  # noqa: N803
    beta: float = 0.8,
    V: float = 1.0,  # noqa: N803
    n: int = 3,
    c_war: float = 0.5,
) -> TourItem:
    """Solve burden sharing, buck-passing and chain-ganging (MODELS.md 8).

    Parameters
    ----------
    Y : str or sequence of float
        Allies' incomes (e.g. ``"10,5,2"``).
    alpha : float
        Weight of the public good (deterrence) in each ally's utility, in (0, 1).
    n_max : int
        Largest number of allies in the buck-passing curve (from 2).
    U, K : float
        Value of someone balancing and the cost of balancing.
    beta : float
        Offense advantage, for the chain-gang test.
    V : float
        Stake: with it ``U = beta * V`` in the Christensen-Snyder mapping.
    n : int
        Number of allies in the chain-gang test.
    c_war : float
        Cost of war to an ally that supports its partner.

    Returns
    -------
    TourItem
        Burden shares, the buck-passing curve, the chain-gang verdict and the figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module).
    """
    from realpolitik.theory import alliances as al

    incomes = parse_numbers("Y", Y) if isinstance(Y, str) else tuple(float(y) for y in Y)
    if isinstance(n_max, bool) or not isinstance(n_max, int) or not 2 <= n_max <= 100:
        raise ValueError(f"n_max = {n_max!r} is out of range; allowed: integers in [2, 100]")
    burden = al.burden_sharing(np.asarray(incomes, dtype=float), alpha)
    q = np.asarray(burden.q, dtype=float)
    y = np.asarray(incomes, dtype=float)
    ns = np.arange(2, n_max + 1)
    bucks = [al.buck_passing(int(nn), U, K) for nn in ns]
    chains = [al.chain_gang(bb, V, K, n, c_war) for bb in sorted({0.3, float(beta)})]
    burden_rows = [
        (
            i,
            y[i],
            q[i],
            q[i] / y[i] if y[i] else None,
            y[i] / y.sum(),
            q[i] / burden.Q if burden.Q else None,
        )
        for i in range(len(y))
    ]
    inputs = {
        "Y": incomes,
        "alpha": alpha,
        "n_max": n_max,
        "U": U,
        "K": K,
        "beta": beta,
        "V": V,
        "n": n,
        "c_war": c_war,
    }
    tables = [
        _table(
            f"Burden sharing (Olson-Zeckhauser), alpha = {alpha:g}: Nash contributions",
            (
                "ally",
                "income Y",
                "contribution q",
                "burden q/Y",
                "income share",
                "contribution share",
            ),
            burden_rows,
        ),
        _table(
            "Provision of the public good",
            ("quantity", "value"),
            [
                ("total Q (Nash)", burden.Q),
                ("efficient Q (Samuelson)", burden.efficient_Q),
                ("contributors", tuple(burden.contributors)),
                ("exploitation of the great by the small holds", burden.exploitation_holds),
            ],
        ),
        _table(
            f"Buck-passing as a volunteer's dilemma (U = {U:g}, K = {K:g})",
            ("allies n", "P(an ally balances)", "P(nobody balances)", "payoff"),
            [
                (int(nn), bk.p_balance_each, bk.p_nobody_balances, bk.payoff)
                for nn, bk in zip(ns, bucks, strict=True)
            ],
        ),
        _table(
            f"Chain gangs and passed bucks (Christensen-Snyder): V = {V:g}, K = {K:g}, n = {n}, "
            f"c_war = {c_war:g}",
            ("offense advantage beta", "regime", "P(nobody balances)", "unconditional support"),
            [
                (bb, ch.regime, ch.p_nobody_balances, ch.unconditional_support)
                for bb, ch in zip(sorted({0.3, float(beta)}), chains, strict=True)
            ],
        ),
    ]

    def figure() -> Figure:
        return _figures().alliances_panels(
            incomes=y,
            burden=np.asarray(burden.burden, dtype=float),
            income_share=y / y.sum(),
            contribution_share=q / burden.Q if burden.Q else np.zeros_like(q),
            ns=ns,
            p_nobody=np.array([bk.p_nobody_balances for bk in bucks]),
        )

    return TourItem(
        key="alliances",
        model="alliances",
        title="Alliance politics: burden sharing, buck-passing, chain gangs",
        summary=(
            f"The richest ally carries a disproportionate share of the common defence "
            f"(exploitation hypothesis: {fmt(burden.exploitation_holds)}), the alliance "
            f"under-provides it (Q = {burden.Q:.3g} < {burden.efficient_Q:.3g}), and the chance "
            "that nobody balances grows with the number of allies."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
            "burden": {
                "q": q,
                "Q": burden.Q,
                "contributors": list(burden.contributors),
                "efficient_Q": burden.efficient_Q,
                "exploitation_holds": burden.exploitation_holds,
            },
            "buck_passing": {
                "n": ns,
                "p_balance_each": [bk.p_balance_each for bk in bucks],
                "p_nobody_balances": [bk.p_nobody_balances for bk in bucks],
            },
            "chain_gang": [
                {"beta": bb, "regime": ch.regime, "unconditional_support": ch.unconditional_support}
                for bb, ch in zip(sorted({0.3, float(beta)}), chains, strict=True)
            ],
        },
        figures={"alliances": figure},
    )


# ---------------------------------------------------------------------------------------------
# Audience costs (MODELS.md 9)
# ---------------------------------------------------------------------------------------------


def audience_item(
    v: float = 1.0,
    a: float = 1.0,
    w_B: float = -1.25,  # noqa: N803 (Fearon's symbols)
    w_A_lo: float = -3.0,  # noqa: N803
    w_A_hi: float = 1.0,  # noqa: N803
    a_max: float = 2.0,
) -> TourItem:
    """Solve Fearon's audience-cost crisis game at one cost and over a range (MODELS.md 9).

    Parameters
    ----------
    v : float
        Value of the stake.
    a : float
        Audience cost of backing down after a public threat.
    w_B : float
        B's (known) war value, < 0.
    w_A_lo, w_A_hi : float
        Support of A's private war value.
    a_max : float
        Audience costs from 0 to ``a_max`` in the figure and sweep table.

    Returns
    -------
    TourItem
        The equilibrium at ``a``, a sweep over audience costs and the figure builder.

    Raises
    ------
    ValueError
        If an argument is out of range (from the theory module).
    """
    from realpolitik.theory import audience as au

    if not (math.isfinite(a_max) and a_max > 0):
        raise ValueError(f"a_max = {a_max!r} is out of range; allowed: (0, inf)")
    one = au.audience_costs(v, a, w_B, w_A_lo, w_A_hi)
    grid = np.linspace(0.0, a_max, 81)
    sweep = [au.audience_costs(v, float(x), w_B, w_A_lo, w_A_hi) for x in grid]
    few = [au.audience_costs(v, float(x), w_B, w_A_lo, w_A_hi) for x in np.linspace(0.0, a_max, 5)]
    inputs = {"v": v, "a": a, "w_B": w_B, "w_A_lo": w_A_lo, "w_A_hi": w_A_hi, "a_max": a_max}

    def row(x: float, res: Any) -> tuple[Any, ...]:
        return (
            x,
            res.regime,
            res.p_resolved,
            res.r_resist,
            res.bluff_prob,
            res.p_war,
            res.p_backs_down,
            res.p_concedes,
        )

    cols = (
        "audience cost a",
        "regime",
        "P_R resolved",
        "r* B resists",
        "bluff",
        "P(war)",
        "P(A backs down)",
        "P(B concedes)",
    )
    tables = [
        _table(
            f"Audience-cost crisis (Fearon 1994): v = {v:g}, w_B = {w_B:g}, "
            f"w_A ~ U[{w_A_lo:g}, {w_A_hi:g}]",
            ("quantity", "value"),
            [
                ("audience cost a", a),
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
        _table(
            "Raising audience costs",
            cols,
            [row(float(x), r) for x, r in zip(np.linspace(0.0, a_max, 5), few, strict=True)],
        ),
    ]

    def figure() -> Figure:
        return _figures().audience_curves(
            a=grid,
            r_resist=np.array([s.r_resist for s in sweep]),
            p_resolved=np.array([s.p_resolved for s in sweep]),
            p_war=np.array([s.p_war for s in sweep]),
            p_backs_down=np.array([s.p_backs_down for s in sweep]),
            p_concedes=np.array([s.p_concedes for s in sweep]),
        )

    return TourItem(
        key="audience",
        model="audience",
        title="Audience costs: public threats as costly signals",
        summary=(
            "Higher audience costs make more of A's types resolved (P_R rises) and B resists "
            f"less often (r* falls): at a = {a:g}, r* = {one.r_resist:.3g} and P(war) = "
            f"{one.p_war:.3g}."
        ),
        inputs=inputs,
        tables=tables,
        data={
            "inputs": inputs,
            "at_a": {
                c: getattr(one, c)
                for c in (
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
            },
            "sweep": {
                "a": grid,
                "regime": [s.regime for s in sweep],
                "p_resolved": [s.p_resolved for s in sweep],
                "r_resist": [s.r_resist for s in sweep],
                "p_war": [s.p_war for s in sweep],
            },
        },
        figures={"audience": figure},
    )


# ---------------------------------------------------------------------------------------------
# The whole tour
# ---------------------------------------------------------------------------------------------


def classic_tour() -> list[TourItem]:
    """Run every tour item on the classic inputs of MODELS.md section 11.

    Returns
    -------
    list of TourItem
        Richardson (stable example, runaway example, the 1909-1913 fit), Jervis, Kydd, Fearon,
        deterrence, contest, repeated play, alliances and audience costs, in that order.
    """
    stable = richardson_item(
        **CLASSIC["richardson"], key="richardson-stable", label=" (stable example)"
    )
    runaway = richardson_item(
        **CLASSIC["richardson_runaway"],
        x0=0.0,
        y0=0.0,
        key="richardson-runaway",
        label=" (runaway example)",
    )
    return [
        stable,
        runaway,
        richardson_fit_item(**CLASSIC["richardson_data"]),
        jervis_item(**CLASSIC["jervis"]),
        spiral_item(**CLASSIC["spiral"]),
        bargaining_item(**CLASSIC["bargaining"]),
        deterrence_item(**CLASSIC["deterrence"]),
        contest_item(**CLASSIC["contest"]),
        repeated_item(**CLASSIC["repeated"]),
        alliances_item(**CLASSIC["alliances"]),
        audience_item(**CLASSIC["audience"]),
    ]

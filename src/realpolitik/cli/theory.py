"""``realpolitik theory <model>``: each formal model on its classic inputs, with a figure.

Each command runs one model of :mod:`realpolitik.theory` on options whose defaults are the
model's classic inputs, prints the result as rich tables and writes the numbers (``result.json``,
CSV where a table is large) and a figure (PNG, or SVG with ``--format svg``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import FormatOption, OutOption, UserError, _num, theory_app
from realpolitik.report import tour

_ARG_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\b")


def _option_for(ctx: typer.Context, message: str) -> str:
    """Prefix a theory module's ValueError with the command-line option it came from."""
    match = _ARG_NAME.match(message)
    if not match:
        return message
    name = match.group(1).lower()
    for param in ctx.command.params:
        if param.name and param.name.lower() == name and getattr(param, "opts", None):
            return f"{param.opts[0]}: {message}"
    return message


def _print_tables(item: tour.TourItem) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    console.print(Text(item.title, style="bold"))
    for table in item.tables:
        console.print(Text(table.title, style="italic"))
        out = Table(show_lines=False)
        for i, col in enumerate(table.columns):
            numeric = any(
                isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in table.rows
            )
            out.add_column(Text(col), justify="right" if numeric else "left", overflow="fold")
        for row in table.rows:
            out.add_row(*(Text(tour.fmt(v)) for v in row))
        console.print(out)


def _write(item: tour.TourItem, folder: Path, fmt: str) -> list[Path]:
    from realpolitik._output import write_csv, write_json
    from realpolitik.report.figures import save_figure

    written = [write_json(folder / "result.json", {"model": item.model, **item.data})]
    for name, frame in item.frames.items():
        written.append(write_csv(folder / f"{name}.csv", frame.columns, frame.rows))
    for name, build in item.figures.items():
        written.append(save_figure(build(), folder, name, fmt))
    return written


def _run(
    ctx: typer.Context,
    command: str,
    build: Callable[[], tour.TourItem],
    out: Path | None,
    fmt: str,
) -> None:
    """Build a tour item, print it, write its files and say where."""
    from realpolitik._output import output_dir

    try:
        item = build()
    except ValueError as exc:
        raise UserError(_option_for(ctx, str(exc))) from exc
    _print_tables(item)
    folder = output_dir(command, out)
    files = _write(item, folder, fmt)
    typer.echo(f"wrote {len(files)} files to {folder}")
    for path in files:
        typer.echo(f"  {path}")


# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# theory commands
# ---------------------------------------------------------------------------------------------

_R = tour.CLASSIC["richardson"]


@theory_app.command("richardson")
def richardson_command(
    ctx: typer.Context,
    k: Annotated[float, _num("--k", help="A's reaction (defence) coefficient to B, 1/yr.")] = _R[
        "k"
    ],
    l: Annotated[  # noqa: E741 (Richardson's symbol)
        float, _num("--l", help="B's reaction (defence) coefficient to A, 1/yr.")
    ] = _R["l"],
    a: Annotated[float, _num("--a", help="A's fatigue / expense coefficient, 1/yr.")] = _R["a"],
    b: Annotated[float, _num("--b", help="B's fatigue / expense coefficient, 1/yr.")] = _R["b"],
    g: Annotated[float, _num("--g", help="A's grievance (> 0) or goodwill (< 0), M GBP/yr.")] = _R[
        "g"
    ],
    h: Annotated[float, _num("--h", help="B's grievance (> 0) or goodwill (< 0), M GBP/yr.")] = _R[
        "h"
    ],
    x0: Annotated[float, _num("--x0", help="A's starting armaments, M GBP/yr (>= 0).")] = _R["x0"],
    y0: Annotated[float, _num("--y0", help="B's starting armaments, M GBP/yr (>= 0).")] = _R["y0"],
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            help="Fit a historical table instead (fit_total on the bloc sums). Allowed: 1909-1913.",
        ),
    ] = None,
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Richardson's arms race: equilibrium, stability, case and long-run outcome.

    Models dx/dt = k y - a x + g, dy/dt = l x - b y + h (L. F. Richardson, Generalized Foreign
    Politics, 1939; Arms and Insecurity, 1960; cases after Rapoport 1960). Armaments x, y in
    million GBP per year; k, l, a, b in 1/yr. The equilibrium is stable iff ab > kl. Draws the
    phase portrait (nullclines, equilibrium, trajectories). Defaults: MODELS.md 11's stable
    example; the runaway example is --k 1.2 --l 1.0 --a 0.5 --b 0.6 --g 1 --h 1.

    With --data 1909-1913: refits Richardson's table (France + Russia vs Germany +
    Austria-Hungary), regressing the yearly change of U + V on its mean; prints the slope k - a
    (1/yr) and the zero point (M GBP), and draws the scatter with the fitted line.
    """
    if data is not None:
        if data not in tour.RICHARDSON_TABLES:
            allowed = ", ".join(tour.RICHARDSON_TABLES)
            raise UserError(f"--data: {data!r} is not a known table; allowed: {allowed}")
        _run(ctx, "theory-richardson", lambda: tour.richardson_fit_item(data), out, fmt)
        return
    _run(
        ctx,
        "theory-richardson",
        lambda: tour.richardson_item(k, l, a, b, g, h, x0, y0),
        out,
        fmt,
    )


_J = tour.CLASSIC["jervis"]


@theory_app.command("jervis")
def jervis_command(
    ctx: typer.Context,
    v: Annotated[float, _num("--v", help="Value of the secure status quo (payoff R).")] = _J["v"],
    c: Annotated[float, _num("--c", help="Cost of arming, > 0.")] = _J["c"],
    g: Annotated[float, _num("--g", help="Gain from exploiting a disarmed rival, > 0.")] = _J["g"],
    l: Annotated[  # noqa: E741 (Jervis's L)
        float, _num("--L", "--loss", help="Loss when exploited, > 0.")
    ] = _J["L"],
    beta: Annotated[
        float | None,
        _num("--beta", help="Offense advantage in [0, 1]: with --d, solve that one game."),
    ] = None,
    d: Annotated[
        float | None,
        _num("--d", help="Distinguishability (warning) in [0, 1]: with --beta, one game."),
    ] = None,
    beta0: Annotated[
        float, _num("--beta0", help="Offense-dominance threshold of the four worlds.")
    ] = _J["beta0"],
    d0: Annotated[float, _num("--d0", help="Distinguishability threshold.")] = _J["d0"],
    grid: Annotated[
        int, typer.Option("--grid", help="Grid points per axis of the map (2..401).")
    ] = _J["grid"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Jervis's four worlds: the arming game over offense advantage and distinguishability.

    R. Jervis, Cooperation under the Security Dilemma (World Politics 30(2), 1978); repeated
    play after Axelrod (1984). Arming game (MODELS.md 2): R = v, P = v - c,
    T = (1-d)(v - c + beta g) + d(v - c), S = (1-d)(v - beta L) + d(v - c); beta in [0, 1] is the
    offense advantage, d in [0, 1] the distinguishability (probability of warning). Payoffs in
    arbitrary utility units. Without --beta/--d: draws the map over (beta, d) with each cell's
    game type and the four worlds' quadrant lines. With --beta and --d: prints that game, its
    Nash equilibria (as P(cooperate) pairs) and its repeated-play thresholds on the discount
    factor (grim trigger, tit for tat, win-stay lose-shift).
    """
    _run(
        ctx,
        "theory-jervis",
        lambda: tour.jervis_item(v, c, g, l, beta0, d0, grid, beta, d),
        out,
        fmt,
    )


_S = tour.CLASSIC["spiral"]


@theory_app.command("spiral")
def spiral_command(
    ctx: typer.Context,
    mu0: Annotated[
        float, _num("--mu0", help="Prior trust: P(the rival is a security seeker), [0, 1].")
    ] = _S["mu0"],
    a_s: Annotated[float, _num("--a-s", help="P(a security seeker arms), in [0, 1).")] = _S["a_S"],
    a_g: Annotated[float, _num("--a-g", help="P(a greedy state arms), in (a_S, 1].")] = _S["a_G"],
    eps: Annotated[
        float, _num("--eps", help="Misperception: P(an observation is flipped), [0, 0.5].")
    ] = _S["eps"],
    c: Annotated[float, _num("--c", help="Cost of being exploited, > 0.")] = _S["c"],
    t_s: Annotated[float, _num("--t-s", help="Security seeker's temptation, in [0, 1).")] = _S[
        "t_S"
    ],
    observations: Annotated[
        str,
        typer.Option("--observations", help="Observed moves, 1 = arm, 0 = restrain (e.g. 11111)."),
    ] = _S["observations"],
    t_g: Annotated[float, _num("--t-g", help="Greedy type's temptation, > 1.")] = _S["t_G"],
    pi: Annotated[
        float, _num("--pi", help="Trust for the two-type and reassurance games, [0, 1].")
    ] = _S["pi"],
    k_s: Annotated[
        float, _num("--k-s", help="Security seeker's cost per unit of gesture, > 0.")
    ] = _S["k_S"],
    k_g: Annotated[float, _num("--k-g", help="Greedy type's cost per unit of gesture, > 0.")] = _S[
        "k_G"
    ],
    x_max: Annotated[
        float, _num("--x-max", help="Largest feasible reassuring gesture, >= 0.")
    ] = _S["x_max"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Kydd's spiral of mistrust and reassurance by costly signals.

    A. Kydd, Game Theory and the Spiral Model (World Politics 49(3), 1997) and Trust,
    Reassurance, and Cooperation (IO 54(2), 2000); C. Glaser, The Security Dilemma Revisited
    (1997). Stage game R = 1, P = 0, S = -c, T = t; minimum trust pi* = c / (1 - t_S + c). The
    observer updates its belief mu by Bayes' rule on arm / restrain observations (flipped with
    probability eps) and arms once mu < pi*. Probabilities in [0, 1], payoffs in utility units.
    Prints the belief path, n* (arm observations that destroy trust), the two-type game and the
    reassurance regime; draws the belief path with the pi* line.
    """
    _run(
        ctx,
        "theory-spiral",
        lambda: tour.spiral_item(
            mu0, a_s, a_g, eps, c, t_s, observations, t_g, pi, k_s, k_g, x_max
        ),
        out,
        fmt,
    )


_B = tour.CLASSIC["bargaining"]


@theory_app.command("bargaining")
def bargaining_command(
    ctx: typer.Context,
    p: Annotated[float, _num("--p", help="A's probability of winning a war, [0, 1].")] = _B["p"],
    c_a: Annotated[float, _num("--c-a", help="A's cost of war, share of the pie, >= 0.")] = _B[
        "c_A"
    ],
    c_b: Annotated[float, _num("--c-b", help="B's cost of war (complete information), >= 0.")] = _B[
        "c_B"
    ],
    h_a: Annotated[
        float, _num("--h-a", help="Hawk bias: A's leader's private benefit of war, >= 0.")
    ] = _B["h_A"],
    h_b: Annotated[
        float, _num("--h-b", help="Hawk bias: B's leader's private benefit of war, >= 0.")
    ] = _B["h_B"],
    c_b_lo: Annotated[
        float, _num("--c-b-lo", help="Private information: lowest cost of war to B, >= 0.")
    ] = _B["c_B_lo"],
    c_b_hi: Annotated[
        float, _num("--c-b-hi", help="Private information: highest cost to B, > c_B_lo.")
    ] = _B["c_B_hi"],
    p_t: Annotated[
        float, _num("--p-t", help="Commitment: declining state's P(win) today, [0, 1].")
    ] = _B["p_t"],
    p_next: Annotated[
        float, _num("--p-next", help="Commitment: its P(win) after the shift, [0, 1].")
    ] = _B["p_next"],
    c_d: Annotated[
        float, _num("--c-d", help="Commitment: declining state's per-period war cost, >= 0.")
    ] = _B["c_D"],
    delta: Annotated[float, _num("--delta", help="Discount factor, in (0, 1).")] = _B["delta"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Fearon's bargaining model of war: range, risk-return trade-off, commitment problem.

    J. Fearon, Rationalist Explanations for War (IO 49(3), 1995); R. Powell, War as a
    Commitment Problem (IO 60(1), 2006). A pie [0, 1]; x is A's share; costs and hawk bias are
    shares of the pie; probabilities in [0, 1]. Prints the bargaining range
    [p - c_A + h_A, p + c_B - h_B], A's optimal demand x* and P(war) when B's cost is uniform on
    [c_B_lo, c_B_hi], and whether a power shift makes preventive war rational. Draws A's
    expected utility U_A(x) with x*, and P(war) against the uncertainty.
    """
    _run(
        ctx,
        "theory-bargaining",
        lambda: tour.bargaining_item(
            p, c_a, c_b, h_a, h_b, c_b_lo, c_b_hi, p_t, p_next, c_d, delta
        ),
        out,
        fmt,
    )


_D = tour.CLASSIC["deterrence"]


@theory_app.command("deterrence")
def deterrence_command(
    ctx: typer.Context,
    cep: Annotated[
        float, _num("--cep", help="Circular error probable (same units as lethal radius), > 0.")
    ] = _D["cep"],
    lethal_radius: Annotated[
        float, _num("--lethal-radius", help="Lethal radius against a silo, > 0.")
    ] = _D["lethal_radius"],
    r: Annotated[int, typer.Option("--r", help="Warheads aimed at each enemy silo, >= 0.")] = _D[
        "r"
    ],
    sigma: Annotated[
        float, _num("--sigma", help="Damage scale, warheads: D(S) = 1 - exp(-S/sigma).")
    ] = _D["sigma"],
    lam: Annotated[
        float, _num("--lam", help="Weight of struck-first damage when both strike, [0, 1).")
    ] = _D["lam"],
    d_star: Annotated[
        float, _num("--d-star", help="Unacceptable damage for assured destruction, (0, 1).")
    ] = _D["D_star"],
    q_bar: Annotated[
        float, _num("--q-bar", help="Crisis stable iff both q* >= q_bar, [0, 1].")
    ] = _D["q_bar"],
    silos: Annotated[
        int | None, typer.Option("--silos", help="Extra posture: silos per side.")
    ] = None,
    mirv: Annotated[
        int | None, typer.Option("--mirv", help="Extra posture: warheads per silo (>= 1).")
    ] = None,
    ssbn: Annotated[
        float | None, _num("--ssbn", help="Extra posture: survivable sea-based warheads.")
    ] = None,
    v_a: Annotated[float, _num("--v-a", help="War of nerves: A's stake, > 0.")] = _D["v_A"],
    c_a: Annotated[float, _num("--c-a", help="War of nerves: A's cost of war, > 0.")] = _D["c_A"],
    v_b: Annotated[float, _num("--v-b", help="War of nerves: B's stake, > 0.")] = _D["v_B"],
    c_b: Annotated[float, _num("--c-b", help="War of nerves: B's cost of war, > 0.")] = _D["c_B"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Nuclear deterrence: first-strike (crisis) stability, MAD and the war of nerves.

    T. Schelling, The Strategy of Conflict (1960, ch. 9) and Arms and Influence (1966);
    R. Powell, Nuclear Deterrence Theory (1990); Kent & Thaler, First-Strike Stability (RAND,
    1989). Forces in silos and warheads; kill probability per warhead
    SSPK = 1 - 0.5^((LR/CEP)^2); damages are fractions of value destroyed. q* is the belief that
    the other strikes above which striking first pays; the crisis is stable iff q* >= q_bar.
    Compares MODELS.md 11's postures (a) 1000 single-warhead silos, (b) 100 silos x 10 MIRVs,
    (c) 500 silos + 500 SSBN warheads (plus --silos/--mirv/--ssbn if given) and draws q* for
    them and against MIRVing and the share of warheads at sea.
    """
    force = None
    if silos is not None or mirv is not None or ssbn is not None:
        force = (
            1000 if silos is None else silos,
            1 if mirv is None else mirv,
            0.0 if ssbn is None else ssbn,
        )
    _run(
        ctx,
        "theory-deterrence",
        lambda: tour.deterrence_item(
            cep, lethal_radius, r, sigma, lam, d_star, q_bar, force, v_a, c_a, v_b, c_b
        ),
        out,
        fmt,
    )


_C = tour.CLASSIC["contest"]


@theory_app.command("contest")
def contest_command(
    ctx: typer.Context,
    a0: Annotated[float, _num("--A0", "--a0", help="A's initial force, >= 0.")] = _C["A0"],
    b0: Annotated[float, _num("--B0", "--b0", help="B's initial force, >= 0.")] = _C["B0"],
    alpha: Annotated[
        float, _num("--alpha", help="A's kill rate per unit against B, > 0 (1/time).")
    ] = _C["alpha"],
    beta: Annotated[
        float, _num("--beta", help="B's kill rate per unit against A, > 0 (1/time).")
    ] = _C["beta"],
    law: Annotated[
        str, typer.Option("--law", help="Lanchester law: square, area or ancient.")
    ] = _C["law"],
    r_a: Annotated[float, _num("--R-A", "--r-a", help="Guns vs butter: A's resources, > 0.")] = _C[
        "R_A"
    ],
    r_b: Annotated[float, _num("--R-B", "--r-b", help="Guns vs butter: B's resources, > 0.")] = _C[
        "R_B"
    ],
    m: Annotated[float, _num("--m", help="Decisiveness (Tullock exponent), > 0.")] = _C["m"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Lanchester attrition and contest success functions (Tullock, Hirshleifer).

    F. W. Lanchester, Aircraft in Warfare (1916); G. Tullock, Efficient Rent Seeking (1980);
    J. Hirshleifer, The Paradox of Power (1991). Square law dA/dt = -beta B, dB/dt = -alpha A (A
    wins iff alpha A0^2 > beta B0^2); forces in units, time in the rates' units. Guns vs butter:
    each side splits resources R into guns G and butter; P(A wins) = G_A^m / (G_A^m + G_B^m).
    Prints the battle's winner, survivors and duration and the contest equilibrium; draws the
    force trajectories, the contest success curves and guns against the resource share.
    """
    _run(
        ctx,
        "theory-contest",
        lambda: tour.contest_item(a0, b0, alpha, beta, law, r_a, r_b, m),
        out,
        fmt,
    )


_P = tour.CLASSIC["repeated"]


@theory_app.command("repeated")
def repeated_command(
    ctx: typer.Context,
    r: Annotated[float, _num("--R", help="Reward for mutual cooperation.")] = _P["R"],
    s: Annotated[float, _num("--S", help="Sucker's payoff (cooperate against defect).")] = _P["S"],
    t: Annotated[float, _num("--T", help="Temptation (defect against cooperate).")] = _P["T"],
    p: Annotated[float, _num("--P", help="Punishment for mutual defection.")] = _P["P"],
    eps_impl: Annotated[
        float, _num("--eps-impl", help="Implementation noise: P(a move is flipped), [0, 1].")
    ] = _P["eps_impl"],
    eps_perc: Annotated[
        float, _num("--eps-perc", help="Perception noise: P(a move is misread), [0, 1].")
    ] = _P["eps_perc"],
    w: Annotated[
        float | None,
        _num("--w", help="Continuation probability in [0, 1); default: the long run."),
    ] = None,
    strategies: Annotated[
        str,
        typer.Option("--strategies", help="Comma-separated: TFT, GTFT, WSLS, GRIM, ALLD, ALLC."),
    ] = _P["strategies"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Play the iterated security game with noise: a round robin of memory-one strategies.

    R. Axelrod, The Evolution of Cooperation (1984); Nowak & Sigmund (Nature 1992: generous TFT;
    1993: win-stay lose-shift); Press & Dyson (PNAS 2012). Exact long-run (stationary) payoffs of
    the Markov chain over (CC, CD, DC, DD) with implementation and perception noise; payoffs in
    the stage game's utility units per round (T > R > P > S). Prints the payoff of each row
    strategy against each column strategy and draws the tournament heat map.
    """
    _run(
        ctx,
        "theory-repeated",
        lambda: tour.repeated_item(r, s, t, p, eps_impl, eps_perc, w, strategies),
        out,
        fmt,
    )


_A = tour.CLASSIC["alliances"]


@theory_app.command("alliances")
def alliances_command(
    ctx: typer.Context,
    y: Annotated[
        str, typer.Option("--Y", "--incomes", help="Allies' incomes, comma-separated, > 0.")
    ] = _A["Y"],
    alpha: Annotated[
        float, _num("--alpha", help="Weight of the common defence in utility, (0, 1).")
    ] = _A["alpha"],
    n_max: Annotated[
        int, typer.Option("--n-max", help="Buck-passing curve for 2..n_max allies.")
    ] = _A["n_max"],
    u: Annotated[float, _num("--U", help="Value to each ally of someone balancing, > 0.")] = _A[
        "U"
    ],
    k: Annotated[float, _num("--K", help="Cost of balancing, > 0.")] = _A["K"],
    beta: Annotated[
        float, _num("--beta", help="Chain gangs: perceived offense advantage, [0, 1].")
    ] = _A["beta"],
    v: Annotated[float, _num("--V", help="Chain gangs: stake (U = beta V), > 0.")] = _A["V"],
    n: Annotated[int, typer.Option("--n", help="Chain gangs: number of allies, >= 1.")] = _A["n"],
    c_war: Annotated[
        float, _num("--c-war", help="Chain gangs: an ally's cost of joining a war, >= 0.")
    ] = _A["c_war"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Alliance politics: burden sharing, buck-passing and chain gangs.

    M. Olson & R. Zeckhauser, An Economic Theory of Alliances (REStat 1966); Bergstrom, Blume &
    Varian (1986); T. Christensen & J. Snyder, Chain Gangs and Passed Bucks (IO 1990);
    A. Diekmann, Volunteer's Dilemma (1985). Incomes and contributions in any common unit;
    probabilities in [0, 1]. Prints the Nash contributions (the great carry the small), the
    probability that nobody balances as allies multiply, and the chain-gang verdict; draws
    burden shares against income and P(nobody balances) against n.
    """
    _run(
        ctx,
        "theory-alliances",
        lambda: tour.alliances_item(y, alpha, n_max, u, k, beta, v, n, c_war),
        out,
        fmt,
    )


_U = tour.CLASSIC["audience"]


@theory_app.command("audience")
def audience_command(
    ctx: typer.Context,
    v: Annotated[float, _num("--v", help="Value of the stake, > 0.")] = _U["v"],
    a: Annotated[
        float, _num("--a", help="Audience cost of backing down after a threat, >= 0.")
    ] = _U["a"],
    w_b: Annotated[float, _num("--w-b", help="B's (known) war value, < 0.")] = _U["w_B"],
    w_a_lo: Annotated[
        float, _num("--w-a-lo", help="A's private war value ~ U[w_A_lo, w_A_hi]: low end.")
    ] = _U["w_A_lo"],
    w_a_hi: Annotated[float, _num("--w-a-hi", help="High end, > w_A_lo.")] = _U["w_A_hi"],
    a_max: Annotated[
        float, _num("--a-max", help="Sweep audience costs from 0 to a_max, > 0.")
    ] = _U["a_max"],
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Audience costs: public threats as costly signals in a crisis.

    J. Fearon, Domestic Political Audiences and the Escalation of International Disputes (APSR
    88(3), 1994; the lab's one-shot signalling version); K. Schultz (1999). A's war value is
    private, uniform on [w_A_lo, w_A_hi]; values in utility units, probabilities in [0, 1].
    Prints the perfect Bayesian equilibrium at audience cost a (regime, resolved types P_R, B's
    resistance r*, bluffing, P(war)) and a sweep over a; draws r*, P_R and P(war) against a.
    """
    _run(
        ctx,
        "theory-audience",
        lambda: tour.audience_item(v, a, w_b, w_a_lo, w_a_hi, a_max),
        out,
        fmt,
    )


# ---------------------------------------------------------------------------------------------
# demo
# ---------------------------------------------------------------------------------------------


def _model_heading(model: str) -> str:
    """Return the first line of a theory module's docstring, without its MODELS.md tag."""
    import importlib

    doc = importlib.import_module(f"realpolitik.theory.{model}").__doc__ or model
    first = doc.strip().splitlines()[0].rstrip(".")
    return re.sub(r"\s*\(MODELS\.md[^)]*\)$", "", first)


def _demo_page(items: Sequence[tour.TourItem], folder: Path, fmt: str) -> Path:
    from realpolitik import __version__
    from realpolitik._output import write_json
    from realpolitik.report.figures import save_figure
    from realpolitik.report.html import Block, Section, render_page

    sections: list[Section] = []
    for item in items:
        images: list[tuple[str, str, bytes | str]] = []
        for name, build in item.figures.items():
            path = save_figure(build(), folder, name, fmt)
            if fmt == "svg":
                svg = path.read_text(encoding="utf-8")
                images.append((f"Figure file: {path.name}", "image/svg+xml", svg))
            else:
                images.append((f"Figure file: {path.name}", "image/png", path.read_bytes()))
        block = Block(title=item.title, summary=item.summary, tables=item.tables, images=images)
        if sections and sections[-1].model == item.model:
            sections[-1].blocks.append(block)
        else:
            heading = _model_heading(item.model)
            sections.append(Section(anchor=item.model, title=heading, model=item.model))
            sections[-1].blocks.append(block)
    write_json(folder / "results.json", {item.key: item.data for item in items})
    page = render_page(
        "realpolitik: a tour of the security dilemma's formal models",
        sections,
        intro=(
            "Each section runs one formal model of realpolitik.theory on the classic inputs of "
            "MODELS.md section 11 and shows its numbers, figures and sources. Reproduce any "
            "section with `realpolitik theory <model>` (see `realpolitik theory --help`)."
        ),
        meta={"realpolitik": __version__, "command": "realpolitik demo --theory"},
    )
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index

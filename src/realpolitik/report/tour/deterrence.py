"""Nuclear deterrence: first-strike (crisis) stability, MAD and the war of nerves.

T. Schelling, The Strategy of Conflict (1960, ch. 9) and Arms and Influence (1966); R. Powell,
Nuclear Deterrence Theory (1990); Kent & Thaler, First-Strike Stability (RAND, 1989). Forces in
silos and warheads; kill probability per warhead SSPK = 1 - 0.5^((LR/CEP)^2); damages are
fractions of value destroyed. q* is the belief that the other strikes above which striking first
pays; the crisis is stable iff q* >= q_bar. Compares the classic postures (a) 1000 single-warhead
silos, (b) 100 silos x 10 MIRVs, (c) 500 silos + 500 SSBN warheads (plus --silos/--mirv/--ssbn if
given) and draws q* for them and against MIRVing and the share of warheads at sea.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from realpolitik.report.figures import GREEN, ORANGE, PURPLE, RED, new_figure
from realpolitik.report.tables import Table, table
from realpolitik.report.tour._item import TourItem
from realpolitik.theory import deterrence as dt
from realpolitik.theory.inputs import resolve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MODEL = "deterrence"
COMMAND = "deterrence"
INPUTS = dt.INPUTS

# An extra posture fills what is not given from (silos, mirv, ssbn) = (1000, 1, 0).
_EXTRA_DEFAULTS = (1000, 1, 0.0)


def item(**given: Any) -> TourItem:
    """Compare the first-strike (crisis) stability of nuclear postures (Schelling 1960).

    Parameters
    ----------
    **given
        Any of :data:`realpolitik.theory.deterrence.INPUTS` by name; any of ``silos``,
        ``mirv``, ``ssbn`` adds a "custom" posture to the classic three.

    Returns
    -------
    TourItem
        The posture comparison, the war of nerves and the crisis-stability figure.

    Raises
    ------
    ValueError
        If an input is out of its range.
    """
    v = resolve(INPUTS, given)
    k = dt.sspk(v["cep"], v["lethal_radius"])
    exchange = (k, v["r"], v["sigma"], v["lam"], v["D_star"], v["q_bar"])
    postures = list(dt.POSTURES)
    extra = (v["silos"], v["mirv"], v["ssbn"])
    force = None
    if any(x is not None for x in extra):
        force = tuple(d if x is None else x for x, d in zip(extra, _EXTRA_DEFAULTS, strict=True))
        silos, mirv, ssbn = force
        label = f"(d) custom: {silos:g} silos x {mirv:g} MIRVs + {ssbn:g} SSBN warheads"
        postures.append((label, *force))
    results = [(lab, dt.posture_crisis(s, m, w, *exchange)) for lab, s, m, w in postures]
    sweeps = dt.q_star_sweeps(*exchange)
    nerves = dt.war_of_nerves(v["v_A"], v["c_A"], v["v_B"], v["c_B"])
    unsure = dt.war_of_nerves_uncertain(nerves.rho_A)
    S_star = results[0][1].S_star  # noqa: N806 (Schelling's symbol)
    inputs = {**{n: v[n] for n in ("cep", "lethal_radius")}, "k": k}
    inputs |= {n: v[n] for n in ("r", "sigma", "lam", "D_star", "q_bar")} | {"force": force}
    inputs |= {n: v[n] for n in ("v_A", "c_A", "v_B", "c_B")}
    return TourItem(
        key="deterrence",
        model=MODEL,
        title="Nuclear deterrence: the reciprocal fear of surprise attack",
        summary=(
            "MIRVed silo-only forces give a first striker more than one enemy warhead per warhead "
            "spent, so a small fear of attack justifies striking (low q*); single-warhead silos "
            f"and survivable sea-based forces keep q* high. Assured destruction needs "
            f"S* = {S_star:.0f} surviving warheads."
        ),
        inputs=inputs,
        tables=_tables(v, k, results, nerves, unsure),
        data=_data(inputs, results, sweeps, nerves, unsure),
        figures={
            "deterrence-crisis-stability": lambda: _stability_figure(results, sweeps, v["q_bar"])
        },
    )


def _tables(
    v: dict[str, Any],
    k: float,
    results: list[tuple[str, dt.Crisis]],
    nerves: dt.Nerves,
    unsure: dt.NervesUncertain,
) -> list[Table]:
    rows = [
        (
            lab,
            cr.exchange_ratio[0],
            cr.D_F[0],
            cr.D_S[0],
            cr.fsi[0],
            cr.q_star[0],
            cr.mad,
            cr.stable,
        )
        for lab, cr in results
    ]
    return [
        table(
            f"Crisis stability of symmetric postures (k = {k:.3g} per warhead, r = {v['r']}, "
            f"sigma = {v['sigma']:g}; stable iff q* >= {v['q_bar']:g})",
            ("posture (each side)", "exch. ratio", "D_F", "D_S", "FSI", "q*", "MAD", "stable"),
            rows,
        ),
        table(
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


def _data(
    inputs: dict[str, Any],
    results: list[tuple[str, dt.Crisis]],
    sweeps: dt.QStarSweeps,
    nerves: dt.Nerves,
    unsure: dt.NervesUncertain,
) -> dict[str, Any]:
    return {
        "inputs": inputs,
        "sspk": inputs["k"],
        "S_star": results[0][1].S_star,
        "postures": [
            {
                "label": lab,
                "D_F": cr.D_F,
                "D_S": cr.D_S,
                "D_M": cr.D_M,
                "fsi": cr.fsi,
                "q_star": cr.q_star,
                "exchange_ratio": cr.exchange_ratio,
                "mad": cr.mad,
                "stable": cr.stable,
            }
            for lab, cr in results
        ],
        "q_star_vs_mirv": {"mirv": sweeps.mirv, "q_star": sweeps.q_star_mirv},
        "q_star_vs_ssbn_share": {"share": sweeps.sea_share, "q_star": sweeps.q_star_sea},
        "war_of_nerves": {
            "rho_A": nerves.rho_A,
            "rho_B": nerves.rho_B,
            "winner": nerves.winner,
            "min_risk_to_coerce": nerves.min_risk_to_coerce,
            "p_war_uncertain": unsure.p_war,
        },
    }


def classic() -> list[TourItem]:
    """Return the classic stop: the three classic postures at CEP = lethal radius."""
    return [item()]


def _stability_figure(
    results: list[tuple[str, dt.Crisis]], sweeps: dt.QStarSweeps, q_bar: float
) -> Figure:
    """Draw q* for the postures, and q* against MIRVing and the share of warheads at sea."""
    fig, (ax, bx, cx) = new_figure(ncols=3, width=4.2, height=4.4, sharey=True)
    labels = [lab for lab, _ in results]
    q_star = [cr.q_star[0] for _, cr in results]
    colours = [GREEN if q >= q_bar else RED for q in q_star]
    ax.bar([lab.split(" ", 1)[0] for lab in labels], q_star, color=colours)
    ax.axhline(q_bar, color="black", ls="--", label=f"q_bar = {q_bar:g}")
    for i, q in enumerate(q_star):
        ax.text(i, q + 0.02, f"{q:.2f}", ha="center", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("q*: belief that the other strikes\nabove which striking first pays")
    ax.set_xlabel("posture of each side\n" + "\n".join(labels), fontsize=8)
    ax.set_title("Classic postures")
    ax.legend(fontsize=8, loc="lower right")
    bx.plot(sweeps.mirv, sweeps.q_star_mirv, "o-", color=PURPLE)
    bx.set_xlabel("MIRVs, 1000 warheads in silos (warheads per silo)")
    bx.set_title("MIRVing erodes stability")
    cx.plot(sweeps.sea_share, sweeps.q_star_sea, "o-", color=ORANGE)
    cx.set_xlabel("share of 1000 warheads at sea (rest: 10-MIRV silos)")
    cx.set_title("Survivable forces restore it")
    for panel in (bx, cx):
        panel.axhline(q_bar, color="black", ls="--")
        panel.grid(alpha=0.3)
    return fig

"""`realpolitik theory <model>`: each command prints the model's result and writes its files.

Expected numbers come from MODELS.md's closed forms (or the theory API where no closed form
exists), computed here, independently of the command's own code path.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from realpolitik.theory import offense_defense as od
from realpolitik.theory import repeated as rp

sys.path.insert(0, str(Path(__file__).parent))
import itertools

from cli_helpers import assert_png, number_after, read_json, sig4


def test_richardson_prints_equilibrium_stability_case_and_long_run(invoke, tmp_path):
    k, l, a, b, g, h = 0.9, 0.8, 1.2, 1.0, 2.0, 1.5  # MODELS.md 11, stable example
    D = a * b - k * l
    x_star, y_star = (k * h + b * g) / D, (l * g + a * h) / D
    result = invoke("theory", "richardson", "--out", str(tmp_path))
    out = result.stdout
    assert sig4(D) in out
    assert f"({sig4(x_star)}, {sig4(y_star)})" in out
    assert "stable_equilibrium" in out
    assert re.search(r"Richardson case\s*\S\s*i\s", out)
    data = read_json(tmp_path)
    assert data["case"] == "i"
    assert data["stable"] is True
    assert data["equilibrium"] == pytest.approx([x_star, y_star], rel=1e-12)
    assert data["long_run"]["outcome"] == "stable_equilibrium"
    assert_png(tmp_path / "richardson-phase.png")
    assert str(tmp_path) in out


def test_richardson_runaway_example_is_case_iii_and_runs_away(invoke, tmp_path):
    args = ("--k", "1.2", "--l", "1.0", "--a", "0.5", "--b", "0.6", "--g", "1", "--h", "1")
    result = invoke("theory", "richardson", *args, "--out", str(tmp_path))
    data = read_json(tmp_path)
    assert 0.5 * 0.6 - 1.2 * 1.0 < 0  # ab < kl: unstable
    assert data["stable"] is False
    assert data["case"] == "iii"
    assert data["long_run"]["outcome"] == "runaway"
    assert "runaway" in result.stdout


def test_richardson_1909_1913_fit_reproduces_slope_0731_and_zero_point_1949(invoke, tmp_path):
    result = invoke("theory", "richardson", "--data", "1909-1913", "--out", str(tmp_path))
    out = result.stdout
    assert number_after("slope k - a", out) == pytest.approx(0.731, abs=1e-3)
    assert number_after("zero point", out) == pytest.approx(194.9, abs=0.1)
    data = read_json(tmp_path)
    # independent OLS of the yearly change of U+V on the mean of consecutive years
    total = [
        48.6 + 66.7 + 63.1 + 20.8,
        50.9 + 68.5 + 62.0 + 23.4,
        57.1 + 70.7 + 62.5 + 24.6,
        63.2 + 81.8 + 68.2 + 25.5,
        74.7 + 92.0 + 95.4 + 26.9,
    ]
    x = [(s + t) / 2 for s, t in itertools.pairwise(total)]
    y = [t - s for s, t in itertools.pairwise(total)]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    slope = sum((u - mx) * (v - my) for u, v in zip(x, y, strict=True)) / sum(
        (u - mx) ** 2 for u in x
    )
    intercept = my - slope * mx
    assert data["slope"] == pytest.approx(slope, rel=1e-9)
    assert data["zero_point"] == pytest.approx(-intercept / slope, rel=1e-9)
    assert data["total"] == pytest.approx(total)
    assert_png(tmp_path / "richardson-1909-1913-fit.png")


def test_jervis_map_names_the_four_worlds_and_classifies_every_cell(invoke, tmp_path):
    result = invoke("theory", "jervis", "--grid", "11", "--out", str(tmp_path))
    for name in (
        "1 doubly dangerous",
        "2 security dilemma, compatible requirements",
        "3 no security dilemma, aggression possible",
        "4 doubly stable",
    ):
        assert name in result.stdout
    v, c, g, L = 4.0, 1.0, 3.0, 4.0
    assert sig4(c / L) in result.stdout  # beta_S
    with (tmp_path / "jervis-grid.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 11 * 11
    for row in rows[::7]:
        beta, d = float(row["beta"]), float(row["d"])
        assert row["game_type"] == od.arming_game(v, c, g, L, beta, d).game_type
        assert row["world"] == od.world(beta, d)
    assert_png(tmp_path / "jervis-four-worlds.png")


def test_jervis_one_game_offense_dominance_without_warning_is_a_prisoners_dilemma(invoke, tmp_path):
    v, c, g, L, beta, d = 4.0, 1.0, 3.0, 4.0, 0.8, 0.1
    R, P = v, v - c
    T = (1 - d) * (v - c + beta * g) + d * (v - c)
    S = (1 - d) * (v - beta * L) + d * (v - c)
    assert T > R > P > S
    result = invoke("theory", "jervis", "--beta", "0.8", "--d", "0.1", "--out", str(tmp_path))
    out = result.stdout
    assert "prisoners_dilemma" in out
    assert "1 doubly dangerous" in out
    assert f"({sig4(R)}, {sig4(S)}, {sig4(T)}, {sig4(P)})" in out
    game = read_json(tmp_path)["game"]
    assert game["grim_threshold"] == pytest.approx((T - R) / (T - P))
    assert game["tft_threshold"] == pytest.approx(max((T - R) / (T - P), (T - R) / (R - S)))
    assert game["nash_equilibria"] == [[0.0, 0.0]]


def test_spiral_loses_trust_after_n_star_arm_observations(invoke, tmp_path):
    mu0, a_S, a_G, eps, c, t_S = 0.8, 0.2, 0.8, 0.1, 0.5, 0.4
    pi_star = c / (1 - t_S + c)
    q_S = a_S * (1 - eps) + (1 - a_S) * eps
    q_G = a_G * (1 - eps) + (1 - a_G) * eps
    odds = lambda m: m / (1 - m)  # noqa: E731
    n_star = math.floor(math.log(odds(mu0) / odds(pi_star)) / math.log(q_G / q_S)) + 1
    mu1 = mu0 * q_S / (mu0 * q_S + (1 - mu0) * q_G)
    result = invoke("theory", "spiral", "--out", str(tmp_path))
    out = result.stdout
    assert sig4(pi_star) in out
    assert sig4(mu1) in out
    assert number_after("arm observations to lose trust n*", out) == n_star
    data = read_json(tmp_path)
    assert data["arms_to_lose_trust"] == n_star
    assert data["posterior_path"][1] == pytest.approx(mu1)
    assert data["actions"][:n_star] == ["restrain"] * n_star
    assert data["reassurance"]["regime"] == "separating"  # pi = 0.3 < pi*, t_G/k_G = 0.5 <= 1
    assert data["reassurance"]["least_cost_signal"] == pytest.approx(1.5 / 3.0)
    assert_png(tmp_path / "spiral-beliefs.png")


def test_bargaining_prints_fearons_demand_and_war_probability(invoke, tmp_path):
    p, c_A, c_bar = 0.5, 0.1, 0.3
    x_star = p + (c_bar - c_A) / 2
    p_war = (c_bar - c_A) / (2 * c_bar)
    result = invoke("theory", "bargaining", "--out", str(tmp_path))
    out = result.stdout
    assert number_after("A's optimal demand x*", out) == pytest.approx(x_star, abs=1e-4)
    assert number_after("P(war) = P(B rejects x*)", out) == pytest.approx(p_war, abs=1e-4)
    data = read_json(tmp_path)
    assert data["bargaining_range"] == pytest.approx([p - c_A, p + 0.15])
    # commitment: delta (p_t - p_next) > (1 - delta)(1 - p_t + c_D) -> war
    assert data["commitment"]["war"] is (0.9 * (0.6 - 0.3) > 0.1 * (1 - 0.6 + 0.05))
    assert_png(tmp_path / "bargaining-risk-return.png")


def test_bargaining_hawk_bias_beyond_the_costs_leaves_no_range(invoke, tmp_path):
    invoke("theory", "bargaining", "--h-a", "0.2", "--h-b", "0.1", "--out", str(tmp_path))
    assert read_json(tmp_path)["bargaining_range"] is None  # 0.3 > c_A + c_B = 0.25


def test_deterrence_mirved_silos_are_crisis_unstable_and_survivable_forces_stable(invoke, tmp_path):
    result = invoke("theory", "deterrence", "--out", str(tmp_path))
    data = read_json(tmp_path)
    k = 1 - 0.5 ** ((0.1 / 0.1) ** 2)
    assert data["sspk"] == pytest.approx(k)
    single, mirved, ssbn = data["postures"]
    assert single["stable"] and ssbn["stable"] and not mirved["stable"]
    assert mirved["q_star"][0] == pytest.approx(0.80, abs=0.01)  # MODELS.md 11: about 0.80
    assert mirved["exchange_ratio"][0] == pytest.approx(5.0)
    assert ssbn["mad"] is True
    assert "(b) 100 silos x 10 MIRVs" in result.stdout
    assert sig4(mirved["q_star"][0]) in result.stdout
    assert_png(tmp_path / "deterrence-crisis-stability.png")


def test_deterrence_adds_a_custom_posture(invoke, tmp_path):
    args = ("--silos", "200", "--mirv", "3", "--ssbn", "100")
    result = invoke("theory", "deterrence", *args, "--out", str(tmp_path))
    assert "custom" in result.stdout
    assert len(read_json(tmp_path)["postures"]) == 4


def test_contest_square_law_survivors_and_paradox_of_power(invoke, tmp_path):
    A0, B0, m, R_A, R_B = 1000.0, 800.0, 1.0, 15.0, 5.0
    survivors = math.sqrt(A0**2 - B0**2)  # alpha = beta
    guns = m * (R_A + R_B) / (2 * (1 + m))
    result = invoke("theory", "contest", "--out", str(tmp_path))
    out = result.stdout
    assert number_after("survivors of the winner", out) == pytest.approx(survivors)
    data = read_json(tmp_path)
    assert data["battle"]["winner"] == "A"
    assert data["guns_vs_butter"]["G_A"] == pytest.approx(guns)
    assert data["guns_vs_butter"]["G_B"] == pytest.approx(guns)
    assert data["guns_vs_butter"]["p_A"] == pytest.approx(0.5)
    assert_png(tmp_path / "contest.png")


def test_repeated_tournament_tft_mirror_pays_the_average_payoff(invoke, tmp_path):
    eps = 0.01
    R, S, T, P = 3.0, 0.0, 5.0, 1.0
    alld_vs_allc = eps * (1 - eps) * R + eps**2 * S + (1 - eps) ** 2 * T + (1 - eps) * eps * P
    result = invoke("theory", "repeated", "--out", str(tmp_path))
    data = read_json(tmp_path)
    names = data["strategies"]
    assert names == ["TFT", "GTFT", "WSLS", "GRIM", "ALLD", "ALLC"]
    pay = data["payoffs"]
    assert pay[0][0] == pytest.approx((R + S + T + P) / 4)
    assert pay[names.index("ALLD")][names.index("ALLC")] == pytest.approx(alld_vs_allc)
    expected = rp.match(rp.WSLS, rp.GRIM, eps_impl=eps).payoff_X
    assert pay[names.index("WSLS")][names.index("GRIM")] == pytest.approx(expected)
    assert sig4(alld_vs_allc) in result.stdout
    assert_png(tmp_path / "repeated-tournament.png")
    assert (tmp_path / "repeated-payoffs.csv").is_file()


def test_repeated_plays_your_own_memory_one_strategies_alongside_the_classic_ones(invoke, tmp_path):
    mine, suspicious = rp.memory_one(1, 0.1, 1, 0.1), rp.memory_one(0, 1, 0, 1, 0)
    args = ("--strategy", "mine=1,0.1,1,0.1", "--strategy", "sus=0,1,0,1,0", "--eps-perc", "0.02")
    result = invoke("theory", "repeated", *args, "--out", str(tmp_path))
    data = read_json(tmp_path)
    names = data["strategies"]
    assert names == [*rp.STRATEGY_NAMES, "mine", "sus"]
    assert data["inputs"]["strategy"] == {"mine": [1, 0.1, 1, 0.1], "sus": [0, 1, 0, 1, 0]}
    assert data["method"] == {"method": "exact", "w": None}
    pay = data["payoffs"]
    for name, own in (("mine", mine), ("sus", suspicious)):
        for other in ("WSLS", "mine"):
            pool = {**rp.classic_strategies(), "mine": mine}
            expected = rp.match(own, pool[other], eps_impl=0.01, eps_perc=0.02).payoff_X
            assert pay[names.index(name)][names.index(other)] == pytest.approx(expected)
    assert "mine" in result.stdout and "sus" in result.stdout
    assert_png(tmp_path / "repeated-tournament.png")


def test_repeated_simulated_matches_are_reproducible_from_the_seed(invoke, tmp_path):
    args = ("--strategy", "mine=1,0.1,1,0.1", "--rounds", "50", "--matches", "3", "--seed", "4")
    invoke("theory", "repeated", *args, "--out", str(tmp_path / "a"))
    invoke("theory", "repeated", *args, "--out", str(tmp_path / "b"))
    a, b = read_json(tmp_path / "a"), read_json(tmp_path / "b")
    assert a["payoffs"] == b["payoffs"]
    assert a["method"] == {"method": "simulated", "w": None, "rounds": 50, "matches": 3, "seed": 4}
    table = rp.tournament(
        {**rp.classic_strategies(), "mine": rp.memory_one(1, 0.1, 1, 0.1)},
        eps_impl=0.01,
        rounds=50,
        matches=3,
        seed=4,
    )
    assert np.allclose(a["payoffs"], table.to_numpy(), rtol=1e-12, atol=0)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--strategy", "x=1,2,0,0"), "--strategy: strategy[1] = 2.0 is out of range"),
        (("--strategy", "x=1,0"), "has 2 numbers; allowed: four probabilities"),
        (("--strategy", "x"), "is not NAME=numbers"),
        (("--strategy", "tft=1,0,1,0"), "takes a built-in strategy's name"),
        (("--strategy", "a=1,0,1,0", "--strategy", "a=0,0,0,0"), "repeats a name"),
        (("--rounds", "10", "--w", "0.9"), "--rounds: rounds = 10 and w = 0.9"),
    ],
)
def test_a_bad_strategy_of_your_own_is_one_line_naming_the_option(run_main, tmp_path, args, says):
    code, _, err = run_main("theory", "repeated", *args, "--out", str(tmp_path))
    assert code == 2 and says in err
    assert err.startswith("realpolitik: error: --") and err.count("\n") == 1


def test_alliances_the_great_carry_the_small_and_buck_passing_grows_with_n(invoke, tmp_path):
    Y, alpha, U, K = (10.0, 5.0, 2.0), 0.5, 1.0, 0.5
    # only the largest contributes: Q = alpha*Y1/(alpha + (1-alpha)) = 5, and 5 >= the others
    Q = alpha * Y[0] / (alpha + 1 * (1 - alpha))
    assert Y[1] <= (1 - alpha) / alpha * Q
    result = invoke("theory", "alliances", "--out", str(tmp_path))
    data = read_json(tmp_path)
    assert data["burden"]["Q"] == pytest.approx(Q)
    assert data["burden"]["contributors"] == [0]
    assert data["burden"]["exploitation_holds"] is True
    expected = [(K / U) ** (n / (n - 1)) for n in range(2, 7)]
    assert data["buck_passing"]["p_nobody_balances"] == pytest.approx(expected)
    assert sig4(expected[1]) in result.stdout
    assert_png(tmp_path / "alliances.png")


def test_audience_costs_lower_resistance_and_raise_resolve(invoke, tmp_path):
    v, a, w_B, lo, hi = 1.0, 1.0, -1.25, -3.0, 1.0
    p_R = (hi + a) / (hi - lo)
    r_star = v / (v + a)
    result = invoke("theory", "audience", "--out", str(tmp_path))
    out = result.stdout
    assert number_after("r*: P(B resists)", out) == pytest.approx(r_star)
    assert number_after("P_R: A's resolved types", out) == pytest.approx(p_R)
    data = read_json(tmp_path)
    assert data["at_a"]["regime"] == "semi_separating"  # P_R = 0.5 < q_bar = 0.8 < 1
    assert data["at_a"]["q_bar"] == pytest.approx(v / -w_B)
    sweep = data["sweep"]
    semi = [i for i, r in enumerate(sweep["regime"]) if r == "semi_separating"]
    r = [sweep["r_resist"][i] for i in semi]
    assert all(x > y for x, y in itertools.pairwise(r))  # r* falls in a
    assert_png(tmp_path / "audience.png")


def test_svg_format_writes_an_svg_figure(invoke, tmp_path):
    invoke("theory", "audience", "--format", "svg", "--out", str(tmp_path))
    svg = (tmp_path / "audience.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    assert not (tmp_path / "audience.png").exists()


# --- the commands are generated from each model's declared inputs ------------------------------


def _stops():
    from realpolitik.report.tour import stops

    return stops()


@pytest.mark.parametrize("stop", _stops(), ids=lambda s: s.COMMAND)
def test_every_declared_input_is_an_option_with_its_default_and_help(invoke, stop):
    from realpolitik.cli.theory import flags

    text = " ".join(invoke("theory", stop.COMMAND, "--help").stdout.split())
    for inp in stop.INPUTS:
        for flag in flags(inp):
            assert flag in text
        assert inp.help in text
        if inp.default is not None:
            assert (
                f"[default: {inp.text(inp.default)}" in text or f"[default: {inp.default}" in text
            )


def test_names_with_capitals_have_lower_case_spellings_and_aliases(invoke, tmp_path):
    invoke("theory", "contest", "--a0", "900", "--r-a", "12", "--out", str(tmp_path / "c"))
    inputs = read_json(tmp_path / "c")["inputs"]
    assert inputs["A0"] == 900.0 and inputs["R_A"] == 12.0
    invoke("theory", "alliances", "--incomes", "8,4", "--out", str(tmp_path / "a"))
    assert read_json(tmp_path / "a")["inputs"]["Y"] == [8.0, 4.0]
    args = ("--loss", "5", "--beta", "0.8", "--d", "0.1", "--grid", "3")
    invoke("theory", "jervis", *args, "--out", str(tmp_path / "j"))
    game = read_json(tmp_path / "j")["game"]
    assert game["S"] == pytest.approx((1 - 0.1) * (4 - 0.8 * 5) + 0.1 * (4 - 1))
    invoke("theory", "deterrence", "--d-star", "0.6", "--out", str(tmp_path / "d"))
    assert read_json(tmp_path / "d")["inputs"]["D_star"] == 0.6


def test_a_value_outside_a_declared_range_names_the_option_and_the_range(run_main, tmp_path):
    code, _, err = run_main("theory", "spiral", "--t-g", "1", "--out", str(tmp_path))
    assert code == 2 and "--t-g: t_G = 1.0 is out of range; allowed: (1, inf)" in err
    code, _, err = run_main("theory", "alliances", "--n-max", "101", "--out", str(tmp_path))
    assert code == 2 and "--n-max" in err and "integers in [2, 100]" in err
    code, _, err = run_main("theory", "bargaining", "--p-next", "0.9", "--out", str(tmp_path))
    assert code == 2 and err.startswith("realpolitik: error: --p-next: p_next = 0.9")


def test_docs_theory_md_lists_the_declared_inputs_and_is_up_to_date():
    tools = Path(__file__).resolve().parents[2] / "tools"
    sys.path.insert(0, str(tools))
    import theory_docs

    assert theory_docs.PAGE.read_text(encoding="utf-8") == theory_docs.render()
    assert theory_docs.main(["theory_docs.py", "--check"]) == 0
    assert "| `c_B_hi` | `--c-b-hi` | `0.3` | (0, inf) |" in theory_docs.render()


def test_the_html_page_builder_does_not_import_the_tour():
    import subprocess

    code = "import sys, realpolitik.report.html; sys.exit('realpolitik.report.tour' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120, check=False).returncode == 0


def test_the_tour_has_one_module_per_model():
    from realpolitik.report import tour
    from realpolitik.theory import MODELS

    assert [s.MODEL for s in tour.stops()] == list(MODELS)
    with pytest.raises(ValueError, match="nosuch"):
        tour.stop("nosuch")

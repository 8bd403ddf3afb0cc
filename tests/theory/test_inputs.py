"""Declared inputs: every model states its classic inputs once, and its functions agree with them.

Each model's ``INPUTS`` must (a) run the model on their defaults, (b) refuse every value outside
a declared range with the same error as the model's own functions, naming the input, and
(c) accept the values at a closed bound (unless another input ties them).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik.theory import MODELS
from realpolitik.theory import alliances as al
from realpolitik.theory import audience as au
from realpolitik.theory import bargaining as bg
from realpolitik.theory import contest as ct
from realpolitik.theory import deterrence as dt
from realpolitik.theory import offense_defense as od
from realpolitik.theory import repeated as rp
from realpolitik.theory import richardson as rich
from realpolitik.theory import spiral as sp
from realpolitik.theory._validate import InputError
from realpolitik.theory.inputs import KINDS, Input, defaults, resolve

# --- the Input record ------------------------------------------------------------------------


def test_a_real_input_checks_its_interval_with_the_models_message():
    p = Input("p", 0.5, "A's probability of winning", lo=0.0, hi=1.0)
    assert p.check(1) == 1.0 and isinstance(p.check(1), float)
    with pytest.raises(InputError, match=r"^p = 1.5 is out of range; allowed: \[0, 1\]$"):
        p.check(1.5)
    with pytest.raises(InputError, match="not finite"):
        p.check(math.nan)
    assert p.allowed == "[0, 1]" and p.bounded and not p.optional


def test_open_and_unbounded_intervals_read_in_standard_notation():
    cost = Input("c", 1.0, "cost", lo=0.0, lo_open=True)
    assert cost.allowed == cost.interval == "(0, inf)"
    with pytest.raises(InputError, match=r"^c = 0 is out of range; allowed: \(0, inf\)$"):
        cost.check(0)
    assert Input("w_B", -1.0, "war value", hi=0.0, hi_open=True).allowed == "(-inf, 0)"
    free = Input("g", 2.0, "grievance")
    assert free.allowed == "(-inf, inf)" and not free.bounded
    assert free.check(-3) == -3.0


def test_integer_choice_and_optional_inputs():
    grid = Input("grid", 51, "points", kind="integer", lo=2, hi=401)
    assert grid.allowed == "integers in [2, 401]"
    with pytest.raises(InputError, match="grid = 1 is out of range"):
        grid.check(1)
    with pytest.raises(InputError, match="not an integer"):
        grid.check(2.5)
    r = Input("r", 1, "warheads per silo", kind="integer", lo=0)
    assert r.allowed == "integers in [0, inf]"
    law = Input("law", "square", "law", kind="choice", choices=("square", "area"))
    with pytest.raises(InputError, match="law = 'cube' is not allowed; allowed: square, area"):
        law.check("cube")
    beta = Input("beta", None, "one game", lo=0.0, hi=1.0)
    assert beta.optional and beta.check(None) is None and beta.check(0.3) == 0.3
    with pytest.raises(InputError):
        law.check(None)  # not optional


def test_a_list_of_numbers_reads_its_text_and_names_the_bad_element():
    y = Input("Y", (10.0, 5.0, 2.0), "incomes", kind="reals", lo=0.0, lo_open=True)
    assert y.check("10, 5,2") == (10.0, 5.0, 2.0)
    assert y.check(np.array([1, 2])) == (1.0, 2.0)
    assert y.text(y.default) == "10,5,2"
    assert y.allowed == "numbers in (0, inf)"
    with pytest.raises(InputError, match=r"^Y\[1\] = -5.0 is out of range") as bad:
        y.check("10,-5")
    assert bad.value.key == "Y" and bad.value.index == 1
    with pytest.raises(InputError, match=r"Y\[1\] = 'x' is not a number"):
        y.check("10,x")
    with pytest.raises(InputError, match="not a list"):
        y.check(3.0)


def test_names_are_matched_in_any_case_once_each():
    s = Input("strategies", ("TFT",), "strategies", kind="names", choices=("TFT", "WSLS"))
    assert s.check("wsls, TFT,tft") == ("WSLS", "TFT")
    assert s.text(("TFT", "WSLS")) == "TFT,WSLS"
    with pytest.raises(InputError, match="strategies = 'NICE' is not allowed; allowed: TFT, WSLS"):
        s.check("TFT,NICE")
    with pytest.raises(InputError, match="is empty"):
        s.check(" , ")


def test_bits_read_strings_and_sequences_of_zero_and_one():
    b = Input("observations", (1, 1), "moves", kind="bits")
    assert b.check("1, 0 1") == (1, 0, 1) and b.check([True, 0, np.int64(1)]) == (1, 0, 1)
    assert b.check("") == () and b.text((1, 0, 1)) == "101"
    assert b.allowed == "a string of 0 and 1"
    for bad in ("1x1", [2], [0.5]):
        with pytest.raises(InputError, match="is not allowed"):
            b.check(bad)


def test_named_reals_read_name_equals_numbers_once_per_name():
    own = Input("strategy", None, "strategies of your own", kind="named_reals", lo=0.0, hi=1.0)
    one = (("mine", (1.0, 0.1, 1.0, 0.1)),)
    assert own.check("mine=1,0.1,1,0.1") == one
    assert own.check(["mine = 1, 0.1, 1, 0.1"]) == one == own.check({"mine": [1, 0.1, 1, 0.1]})
    two = own.check("a=1,0,1,0; b=0,1,0,1,0")
    assert [name for name, _ in two] == ["a", "b"] and two[1][1] == (0.0, 1.0, 0.0, 1.0, 0.0)
    assert own.check(two) == two  # already checked values pass as they are
    assert own.text(two) == "a=1,0,1,0; b=0,1,0,1,0" and own.check(own.text(two)) == two
    assert own.check([]) is None and own.check(None) is None  # optional: nothing given
    assert own.allowed == "NAME=numbers in [0, 1]"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("mine=1,2,0,0", r"strategy\[1\] = 2.0 is out of range; allowed: \[0, 1\] \(in mine="),
        ("mine=1,x", r"strategy\[1\] = 'x' is not a number"),
        ("mine", "strategy = 'mine' is not NAME=numbers"),
        ("mine=", "has no numbers"),
        ("=1,0", "strategy = '' is not a name"),
        ("a=1;a=0", "strategy = 'a' repeats a name"),
    ],
)
def test_named_reals_name_what_is_wrong(value, says):
    own = Input("strategy", None, "strategies of your own", kind="named_reals", lo=0.0, hi=1.0)
    with pytest.raises(InputError, match=says) as error:
        own.check(value)
    assert error.value.key == "strategy"


def test_text_of_scalars_and_none():
    assert Input("x", 0.25, "x").text(0.25) == "0.25"
    assert Input("n", 3, "n", kind="integer", lo=1).text(3) == "3"
    assert Input("d", None, "d").text(None) == ""


def test_a_bad_declaration_fails_at_once():
    with pytest.raises(InputError, match="kind"):
        Input("x", 1.0, "x", kind="complex")
    with pytest.raises(InputError, match="out of range"):
        Input("p", 2.0, "p", lo=0.0, hi=1.0)
    with pytest.raises(ValueError, match="finite lower bound"):
        Input("n", 1, "n", kind="integer")


def test_resolve_fills_defaults_checks_given_values_and_refuses_unknown_names():
    inputs = (Input("a", 1.0, "a", lo=0.0), Input("b", None, "b", lo=0.0))
    assert defaults(inputs) == {"a": 1.0, "b": None}
    assert resolve(inputs, {"b": 2}) == {"a": 1.0, "b": 2.0}
    with pytest.raises(InputError, match="a = -1"):
        resolve(inputs, {"a": -1})
    with pytest.raises(TypeError, match=r"unknown input\(s\) \['z'\]"):
        resolve(inputs, {"z": 1})
    assert set(KINDS) >= {inp.kind for m in MODULES.values() for inp in m.INPUTS}


# --- every model's declarations agree with its functions --------------------------------------

MODULES = {
    "richardson": rich,
    "offense_defense": od,
    "spiral": sp,
    "bargaining": bg,
    "deterrence": dt,
    "contest": ct,
    "repeated": rp,
    "alliances": al,
    "audience": au,
}


def _richardson(v):
    model = rich.Richardson(v["k"], v["l"], v["a"], v["b"], v["g"], v["h"])
    model.long_run(v["x0"], v["y0"])
    rich.phase_portrait(model, v["x0"], v["y0"])
    if v["data"] is not None:
        rich.bloc_fit(rich.TABLES[v["data"]])


def _offense_defense(v):
    od.four_worlds(v["v"], v["c"], v["g"], v["L"], v["beta0"], v["d0"], v["grid"])
    beta = 0.5 if v["beta"] is None else v["beta"]
    d = 0.5 if v["d"] is None else v["d"]
    od.arming_game(v["v"], v["c"], v["g"], v["L"], beta, d)
    od.world(beta, d, v["beta0"], v["d0"])


def _spiral(v):
    sp.misperception_paths(
        v["mu0"], v["a_S"], v["a_G"], v["eps"], v["c"], v["t_S"], v["observations"]
    )
    sp.two_type(v["c"], v["t_S"], v["t_G"], v["pi"])
    sp.reassurance(v["c"], v["t_S"], v["t_G"], v["pi"], v["k_S"], v["k_G"], v["x_max"])


def _bargaining(v):
    bg.bargaining_range(v["p"], v["c_A"], v["c_B"], v["h_A"], v["h_B"])
    bg.uncertainty_sweep(v["p"], v["c_A"], v["c_B_lo"], v["c_B_hi"], points=3)
    bg.commitment_problem(v["p_t"], v["p_next"], v["c_D"], v["delta"])


def _deterrence(v):
    k = dt.sspk(v["cep"], v["lethal_radius"])
    given = (v["silos"], v["mirv"], v["ssbn"])
    extra = tuple(d if x is None else x for x, d in zip(given, (0, 1, 0.0), strict=True))
    for _, silos, mirv, ssbn in (*dt.POSTURES, ("extra", *extra)):
        dt.posture_crisis(
            silos, mirv, ssbn, k, v["r"], v["sigma"], v["lam"], v["D_star"], v["q_bar"]
        )
    nerves = dt.war_of_nerves(v["v_A"], v["c_A"], v["v_B"], v["c_B"])
    dt.war_of_nerves_uncertain(nerves.rho_A)


def _contest(v):
    ct.lanchester(v["A0"], v["B0"], v["alpha"], v["beta"], v["law"]).trajectory(3)
    ct.guns_vs_butter(v["R_A"], v["R_B"], v["m"])
    ct.guns_vs_butter_sweep(v["R_A"] + v["R_B"], v["m"], points=3)


def _repeated(v):
    pool = rp.classic_strategies(v["R"], v["S"], v["T"], v["P"])
    chosen = {name: pool[name] for name in v["strategies"][:2]}
    chosen |= {name: rp.memory_one(p) for name, p in v["strategy"] or ()}
    game = (v["R"], v["S"], v["T"], v["P"], v["eps_impl"], v["eps_perc"], v["w"])
    rp.tournament(chosen, *game, rounds=v["rounds"], matches=v["matches"], seed=v["seed"])


def _alliances(v):
    al.burden_sharing(v["Y"], v["alpha"])
    al.buck_passing_curve(v["n_max"], v["U"], v["K"])
    al.chain_gang(v["beta"], v["V"], v["K"], v["n"], v["c_war"])


def _audience(v):
    au.audience_costs(v["v"], v["a"], v["w_B"], v["w_A_lo"], v["w_A_hi"])
    au.audience_sweep(v["v"], v["w_B"], v["w_A_lo"], v["w_A_hi"], v["a_max"], points=3)


RUNS = {
    "richardson": _richardson,
    "offense_defense": _offense_defense,
    "spiral": _spiral,
    "bargaining": _bargaining,
    "deterrence": _deterrence,
    "contest": _contest,
    "repeated": _repeated,
    "alliances": _alliances,
    "audience": _audience,
}

# (model, input, bound) where another input makes the bound itself infeasible.
TIED = {
    ("spiral", "a_S", "hi"),  # a_S < a_G
    ("spiral", "a_G", "lo"),
    ("bargaining", "p_next", "hi"),  # p_next <= p_t
    ("bargaining", "p_t", "lo"),
}


def _bounds(inp: Input):
    """(side, value just outside, value at or just inside) for each finite end of a range."""
    for side, end, is_open, sign in (
        ("lo", inp.lo, inp.lo_open, -1),
        ("hi", inp.hi, inp.hi_open, 1),
    ):
        if math.isfinite(end):
            step = max(1e-6, 1e-6 * abs(end))
            outside = end if is_open else end + sign * (1 if inp.kind == "integer" else step)
            inside = end - sign * (1 if inp.kind == "integer" else step) if is_open else end
            if inp.kind == "integer":
                outside, inside = int(outside), int(inside)
            yield side, outside, inside


def _value(inp: Input, x):
    return (x, *inp.default[1:]) if inp.kind == "reals" else x


CASES = [
    (model, inp, side, outside, inside)
    for model, module in MODULES.items()
    for inp in module.INPUTS
    if inp.kind in ("real", "integer", "reals")
    for side, outside, inside in _bounds(inp)
]


def test_every_model_declares_its_inputs_and_runs_on_their_defaults():
    assert set(MODULES) == set(MODELS)
    for model, module in MODULES.items():
        names = [inp.name for inp in module.INPUTS]
        assert len(names) == len(set(names)), model
        assert all(inp.help and not inp.help.endswith(".") for inp in module.INPUTS), model
        RUNS[model](defaults(module.INPUTS))


@pytest.mark.parametrize(
    ("model", "inp", "side", "outside", "inside"),
    CASES,
    ids=[f"{c[0]}.{c[1].name}.{c[2]}" for c in CASES],
)
def test_declared_ranges_are_the_ranges_the_model_enforces(model, inp, side, outside, inside):
    module = MODULES[model]
    values = defaults(module.INPUTS)
    bad = _value(inp, outside)
    with pytest.raises(InputError) as declared:
        resolve(module.INPUTS, {inp.name: bad})
    assert declared.value.key == inp.name
    with pytest.raises(ValueError, match=inp.name):
        RUNS[model]({**values, inp.name: bad})
    if (model, inp.name, side) not in TIED:
        good = _value(inp, inside)
        RUNS[model]({**values, **resolve(module.INPUTS, {inp.name: good})})


def test_choices_and_names_are_the_models_own():
    by_name = {inp.name: inp for inp in ct.INPUTS}
    assert by_name["law"].choices == ct.LAWS
    strategies = {inp.name: inp for inp in rp.INPUTS}["strategies"]
    assert strategies.choices == tuple(rp.classic_strategies()) == rp.STRATEGY_NAMES
    data = {inp.name: inp for inp in rich.INPUTS}["data"]
    assert data.choices == tuple(rich.TABLES) == ("1909-1913",)


def test_the_runaway_example_is_case_iii():
    values = {**defaults(rich.INPUTS), **rich.RUNAWAY}
    model = rich.Richardson(*(values[s] for s in "klabgh"))
    assert model.case == "iii" and model.long_run(0.0, 0.0).outcome == "runaway"

"""Smoke tests of benchmarks/layout.py: its runs-innermost loop computes the engine's numbers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load():
    name = "layout_benchmark"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "layout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


layout = _load()


def test_the_runs_innermost_loop_gives_the_engines_bits_off_the_diagonal():
    res = layout.run(runs=37, states=5, repeat=1, seed=3)
    assert set(res["kernels"]) == {"payoff_loops", "alliances._select_loops"}
    for kernel in res["kernels"].values():
        assert kernel["float64_identical"] is True
        assert set(kernel["ms"]) == set(kernel["speedup"])
        assert all(v > 0.0 for v in kernel["ms"].values())
        assert kernel["speedup"]["engine, (runs, N, N), float64"] == 1.0


def test_the_runs_innermost_walt_loop_keeps_ties_to_the_lowest_index():
    x = layout.select_inputs(23, 6, seed=7)
    x["perceived"][:, :, :] = 1.0  # every rival equally strong and threatening: ties everywhere
    x["mob_y"][:, :] = 0.5
    x["w"][:, :, :] = 1.0
    e, e_out = layout._select_engine_args(x)
    i, i_out = layout._select_inner_args(x)
    layout.compiled(layout._select_loops)(*e)
    layout.select_runs_inner(*i)
    for k in layout.SELECT_OUT:
        assert layout.same_bits(e_out[k], i_out[k].T), k
    assert (e_out["A"][:, 0] == 1).all() and (e_out["D"][:, 0] == 2).all()


def test_the_bit_check_finds_a_one_ulp_difference():
    x = layout.inputs(9, 4, seed=5)
    e, e_out = layout._engine_args(x, np.float64)
    i, i_out = layout._inner_args(x, np.float64)
    layout.compiled(layout.payoff_loops)(*e)
    layout.payoff_runs_inner(*i)
    assert layout.identical_off_diagonal(e_out, i_out)
    i_out["W_def"][1, 7] = np.nextafter(i_out["W_def"][1, 7], np.inf)  # row 1 = pair (0, 1)
    assert not layout.identical_off_diagonal(e_out, i_out)


def test_main_writes_its_json(tmp_path):
    assert layout.main(["--runs", "16", "--states", "3", "--repeat", "1", "--out",
                        str(tmp_path)]) == 0  # fmt: skip
    (written,) = tmp_path.glob("layout-*.json")
    kernels = json.loads(written.read_text())["kernels"]
    assert all(k["float64_identical"] for k in kernels.values())

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
    assert res["float64_identical_off_diagonal"] is True
    assert set(res["ms"]) == set(res["speedup"])
    assert all(v > 0.0 for v in res["ms"].values())
    assert res["speedup"]["engine, (runs, N, N), float64"] == 1.0


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
    assert json.loads(written.read_text())["float64_identical_off_diagonal"] is True

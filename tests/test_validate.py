"""Argument checks: every bad input names the argument, its value and the allowed range."""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik.theory import _validate as v


def test_real_accepts_numbers_and_numpy_scalars():
    assert v.real("x", 3) == 3.0
    assert v.real("x", np.float32(1.5)) == 1.5
    assert v.real("x", np.int64(2)) == 2.0


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "1", None, True, [1.0]])
def test_real_rejects_non_finite_and_non_numbers(bad):
    with pytest.raises(ValueError, match=r"^x = "):
        v.real("x", bad)


def test_in_range_names_the_interval_with_open_and_closed_ends():
    assert v.in_range("p", 0.0, 0.0, 1.0) == 0.0
    with pytest.raises(ValueError, match=r"p = 1\.5 is out of range; allowed: \[0, 1\]"):
        v.in_range("p", 1.5, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"allowed: \(0, inf\]"):
        v.in_range("c", 0.0, 0.0, lo_open=True)
    with pytest.raises(ValueError, match=r"allowed: \[0, 1\)"):
        v.in_range("lam", 1.0, 0.0, 1.0, hi_open=True)


def test_probability_nonnegative_positive():
    assert v.probability("q", 1.0) == 1.0
    assert v.nonnegative("c", 0.0) == 0.0
    assert v.positive("a", 1e-12) == 1e-12
    with pytest.raises(ValueError, match=r"q = -0\.1"):
        v.probability("q", -0.1)
    with pytest.raises(ValueError, match="c = -1"):
        v.nonnegative("c", -1)
    with pytest.raises(ValueError, match="a = 0"):
        v.positive("a", 0)


def test_integer_checks_type_and_bounds():
    assert v.integer("n", 3, lo=1) == 3
    assert v.integer("n", np.int32(3), lo=1, hi=5) == 3
    with pytest.raises(ValueError, match=r"n = 2\.5 is not an integer"):
        v.integer("n", 2.5)
    with pytest.raises(ValueError, match="n = True is not an integer"):
        v.integer("n", True)
    with pytest.raises(ValueError, match=r"allowed: integers in \[1, inf\]"):
        v.integer("n", 0, lo=1)
    with pytest.raises(ValueError, match=r"allowed: integers in \[1, 5\]"):
        v.integer("n", 6, lo=1, hi=5)


def test_array_checks_shape_size_finiteness_and_bound():
    out = v.array("x", [1, 2, 3], ndim=1, min_size=2, lo=0.0)
    assert out.dtype == float and out.tolist() == [1.0, 2.0, 3.0]
    assert v.array("A", np.eye(2), shape=(2, 2)).shape == (2, 2)
    with pytest.raises(ValueError, match="x has 2 dimensions"):
        v.array("x", np.eye(2), ndim=1)
    with pytest.raises(ValueError, match=r"A has shape \(2, 3\); expected \(n, n\)|expected"):
        v.array("A", np.ones((2, 3)), shape=(None, 2))
    with pytest.raises(ValueError, match="x is empty or too short"):
        v.array("x", [], ndim=1)
    with pytest.raises(ValueError, match="x contains NaN"):
        v.array("x", [1.0, math.nan])
    with pytest.raises(ValueError, match="x has values below 0"):
        v.array("x", [1.0, -2.0], lo=0.0)
    with pytest.raises(ValueError, match="x cannot be read as an array"):
        v.array("x", ["a", "b"])


def test_choice():
    assert v.choice("scheme", "forward", ("forward", "midpoint")) == "forward"
    with pytest.raises(ValueError, match=r"scheme = 'back' is not allowed; choose one of"):
        v.choice("scheme", "back", ("forward", "midpoint"))

"""The common shape of historical cases: validation, JSON, registry, the pre1914 case."""

import json

import pytest

from realpolitik.history import HistoryError
from realpolitik.history.cases import (
    CASES,
    CaseResult,
    Outcome,
    Score,
    Series,
    case_names,
    get_case,
)


def test_series_lengths_must_match_years():
    with pytest.raises(HistoryError, match="low has 1 values for 2 years"):
        Series("X", (1900, 1901), (1.0, 2.0), low=(1.0,))


def test_outcome_from_counts_gives_a_wilson_interval_around_the_share():
    o = Outcome.from_counts("war", 30, 100)
    assert o.probability == 0.3 and o.low < 0.3 < o.high
    assert o.low == pytest.approx(0.2189, abs=1e-3) and o.high == pytest.approx(0.3958, abs=1e-3)
    zero = Outcome.from_counts("war", 0, 50)
    assert zero.probability == 0.0 == zero.low and zero.high > 0


def test_outcome_outside_unit_interval_is_refused():
    with pytest.raises(HistoryError, match="outcome 'x'"):
        Outcome("x", 1.2, 0.0, 1.0, 10)


def test_to_dict_is_json_with_nan_as_none_and_model_better():
    r = CaseResult(
        "c", "t", None, "u", "1-2", 3, scores=(Score("a", 1.0, 2.0), Score("b", 3.0, float("nan")))
    )
    d = json.loads(json.dumps(r.to_dict()))
    assert d["scores"][0]["model_better"] is True
    assert d["scores"][1]["naive"] is None


def test_unknown_case_names_the_allowed_ones():
    with pytest.raises(HistoryError, match="choose one of") as err:
        get_case("waterloo")
    assert "pre1914" in str(err.value)


def test_every_registered_case_imports():
    assert set(case_names()) == set(CASES)

"""The India-Pakistan case: the scenario from the data, the cached fit, the scores, the wars."""

import hashlib
import math

import numpy as np
import pytest

from realpolitik.history import HistoryError, indpak
from realpolitik.history.cases import get_case
from realpolitik.scenarios import load_scenario, scenario_from_dict

Z95 = 1.959964


@pytest.fixture(scope="module")
def result():
    return get_case("indpak")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("indpak")


def test_scenario_starts_from_the_data_and_runs(scenario):
    init = indpak.initial_values()
    for state in scenario.states:
        for field in ("military", "gdp", "growth"):
            assert getattr(state, field) == pytest.approx(init[state.name][field]), field
    pak = next(s for s in scenario.states if s.name == "PAK")
    assert pak.keys_set()["military_cap_share"] == init["PAK"]["max_share"]
    sets = [
        (e.year, e.states[0], e.value)
        for e in scenario.events
        if e.action == "set" and e.key == "nuclear_warheads"
    ]
    assert sets == indpak.nuclear_schedule()
    cal, mil, _ = indpak.simulate_military(scenario, {}, 8, 3)
    assert cal[0] == 1950 and cal[-1] == 2010
    first = indpak.observed(1950, 1951)[1][0]
    assert mil[:, 0] == pytest.approx(np.broadcast_to(first, (8, 2)), rel=1e-3)  # 3 decimals


def test_the_scenario_carries_the_calibrated_values(scenario):
    fit = indpak.cached_fit()
    states = {s.name: s.keys_set() for s in scenario.states}
    for key, value in fit.values().items():
        name, state = key.split(":")
        assert states[state][name] == pytest.approx(value, abs=5e-4), key


def test_the_cached_fit_matches_the_data_it_was_fitted_on():
    fit = indpak.cached_fit()
    _years, spending = indpak.observed(fit.start, fit.end)
    digest = hashlib.sha256(np.ascontiguousarray(np.log(spending)).tobytes()).hexdigest()[:16]
    assert digest == fit.data_hash
    assert fit.keys == indpak.KEYS and (fit.start, fit.end) == (1950, 1990)
    assert all(lo <= v <= hi for lo, v, hi in zip(fit.lower, fit.theta, fit.upper, strict=True))
    assert all(math.isfinite(s) and s > 0 for s in fit.se)


def test_the_war_record_comes_from_cow():
    assert indpak.war_record() == [
        ("Second Kashmir", 1965),
        ("Bangladesh", 1971),
        ("Kargil War", 1999),
    ]
    assert indpak.war_record(1998, 2010) == [("Kargil War", 1999)]


def test_case_scores_and_bands(result):
    assert [s.label for s in result.series] == ["IND", "PAK"]
    for s in result.series:
        assert s.years[0] == 1950 and s.years[-1] == 2010
        assert math.isclose(s.median[0], s.observed[0], rel_tol=1e-3)  # the YAML's 3 decimals
        assert all(lo <= m <= hi for lo, m, hi in zip(s.low, s.median, s.high, strict=True))
    scores = {s.label: s for s in result.scores}
    assert set(scores) == {"IND", "PAK", "all"}
    # the numbers of docs/history.md (fixed seeds: deterministic up to floating point)
    assert scores["all"].model == pytest.approx(EXPECTED["all"][0], abs=2e-3)
    assert scores["all"].naive == pytest.approx(EXPECTED["all"][1], abs=5e-4)
    for state in ("IND", "PAK"):
        assert scores[state].model == pytest.approx(EXPECTED[state][0], abs=2e-3)
        assert scores[state].naive == pytest.approx(EXPECTED[state][1], abs=5e-4)
    assert result.split == 1991 and result.scenario == "indpak"
    assert "PAK" in result.findings[1] and "IND" not in result.findings[1]


def test_outcomes_agree_with_a_run_of_another_seed(result):
    # the case's probabilities against 500 runs with another seed: their difference lies
    # within the 95% interval of a difference of two binomial shares
    counts, _ = indpak.simulated_wars(indpak.cached_fit().values(), 500, 77)
    other, _ = indpak.war_outcomes(counts)
    for a, b in zip(result.outcomes, other, strict=True):
        sd = math.sqrt(
            a.probability * (1 - a.probability) / a.runs
            + b.probability * (1 - b.probability) / b.runs
        )
        assert abs(a.probability - b.probability) <= Z95 * sd + 1e-9, a.name


def test_nuclear_weapons_lower_the_war_rate(scenario):
    # the same runs without the 1998 arsenals: more wars per run-year after 1998
    values = indpak.cached_fit().values()
    with_nukes, _ = indpak.simulated_wars(values, 500, 5)
    data = scenario.model_dump(exclude_none=True)
    data["events"] = []
    for key in ("countervalue_scale", "warhead_kill_prob", "strike_warheads_per_silo"):
        data["parameters"].pop(key)
    plain = scenario_from_dict(data, source="<indpak without arsenals>")
    cal, _, traj = indpak.simulate_military(plain, values, 500, 5)
    wars = traj.events[traj.events["kind"] == "war"]
    after = (wars["year"] + cal[0] >= 1998).sum() / 500
    nuclear_after = with_nukes[:, -13:].sum() / 500
    # difference of two Poisson-like means per run, 95%
    sd = math.sqrt((after + nuclear_after) / 500)
    assert after - nuclear_after > Z95 * sd


def test_bad_years_are_refused():
    with pytest.raises(HistoryError, match="years 1900-2010"):
        indpak.observed(1900, 2010)


EXPECTED = {"IND": (0.2064, 0.3763), "PAK": (0.3952, 0.2075), "all": (0.3152, 0.3039)}

"""The coldwar case: the scenario from the data, the cached fit, scores and war outcomes."""

import math

import numpy as np
import pytest

from realpolitik.analysis import share_difference_interval, wilson_interval
from realpolitik.history import coldwar
from realpolitik.history.cases import case_names, get_case
from realpolitik.history.engine_fit import score_out_of_sample, with_values
from realpolitik.scenarios import run_scenario


@pytest.fixture(scope="module")
def scenario():
    return coldwar.scenario()


@pytest.fixture(scope="module")
def fit():
    return coldwar.cached_fit()


@pytest.fixture(scope="module")
def result():
    return get_case("coldwar")


def _events(scenario, key):
    out: dict[str, dict[int, float]] = {"USA": {}, "RUS": {}}
    for e in scenario.model_dump()["events"]:
        if e["key"] == key:
            for s in e["states"]:
                out[s][e["year"]] = e["value"]
    return out


def test_the_scenario_starts_from_the_1949_data(scenario):
    _, obs = coldwar.observed_spending()
    states = {s.name: s for s in scenario.states}
    assert scenario.start_year == 1950 and scenario.start_year + scenario.years - 1 == 1991
    for i, name in enumerate(coldwar.STATES):
        assert states[name].military == pytest.approx(obs[0, i], abs=0.01)
    from realpolitik.data import load

    owid = load("owid_milex")
    us = owid[(owid["ccode"] == 2) & (owid["year"] == 1949)].iloc[0]
    assert states["USA"].gdp == pytest.approx(us["milex_usd_2020"] / 1e9 / us["share_gdp"], 0.001)
    assert states["RUS"].gdp == pytest.approx(0.3505 * states["USA"].gdp, 0.001)


def test_the_arsenals_follow_the_stockpile_data_every_year(scenario):
    data = coldwar.warhead_schedule()
    scheduled = _events(scenario, "nuclear_warheads")
    states = {s.name: s for s in scenario.states}
    for name in coldwar.STATES:
        assert states[name].nuclear.warheads == data[name][1949]
        assert scheduled[name] == {y: w for y, w in data[name].items() if y >= 1950}


def test_survivable_forces_grow_from_the_1960s(scenario):
    shares = _events(scenario, "survivable_share")
    assert min(shares["USA"]) == 1960 and min(shares["RUS"]) == 1968
    for name in coldwar.STATES:
        values = [shares[name][y] for y in sorted(shares[name])]
        assert values == sorted(values) and 0 < values[-1] <= 0.5


def test_the_counterfactual_has_no_survivable_forces(scenario):
    cf = coldwar.without_second_strike(scenario)
    assert all(s.nuclear.survivable_share == 0 for s in cf.states)
    assert not _events(cf, "survivable_share")["USA"] and not _events(cf, "survivable_share")["RUS"]
    assert _events(cf, "nuclear_warheads") == _events(scenario, "nuclear_warheads")


def test_the_scenario_runs_and_its_defaults_are_the_cached_fit(scenario, fit):
    data = scenario.model_dump()
    for key, value in fit.values().items():
        name, _, state = key.partition(":")
        got = (
            next(s for s in data["states"] if s["name"] == state)[name]
            if state
            else data["parameters"][name]
        )
        assert got == pytest.approx(value, abs=5e-4), key
    tr = run_scenario(scenario, runs=8, seed=1)
    assert tr.data["military"].shape == (8, 43, 2)
    assert tr.data["calendar_year"].values[[0, -1]].tolist() == [1949, 1991]


def test_the_fit_was_made_on_these_data(fit):
    import hashlib

    years, obs = coldwar.observed_spending()
    sel = (years >= fit.start) & (years <= fit.end)
    digest = hashlib.sha256(np.ascontiguousarray(np.log(obs[sel])).tobytes()).hexdigest()[:16]
    assert digest == fit.data_hash
    assert (fit.start, fit.end) == coldwar.FIT_YEARS and fit.keys == coldwar.KEYS
    assert all(lo <= t <= hi for t, lo, hi in zip(fit.theta, fit.lower, fit.upper, strict=True))
    assert all(math.isfinite(s) and s >= 0 for s in fit.se)


def test_out_of_sample_scores_of_the_cached_fit(scenario, fit, result):
    years, obs = coldwar.observed_spending()
    base = with_values(scenario, fit.values())
    scores, q, qyears = score_out_of_sample(base, fit, years, obs, 1976, 1991, runs=1000, seed=1962)
    assert qyears[0] == 1975 and q[1, 0] == pytest.approx(obs[years == 1975][0])
    got = {s.label: (s.model, s.naive) for s in result.scores}
    for name, s in scores.items():
        assert got[name] == pytest.approx((s["model"], s["naive"]), rel=1e-9)
    # persistence's error depends on the data only: the 1975 level carried to 1976-1991
    sel = (years >= 1976) & (years <= 1991)
    naive = np.sqrt(np.mean((np.log(obs[sel]) - np.log(obs[years == 1975])) ** 2, axis=0))
    assert [got["USA"][1], got["RUS"][1]] == pytest.approx(naive.tolist(), rel=1e-9)
    # what docs/history.md reports: the model loses on the USSR and overall, ties on the USA
    assert got["RUS"][0] > got["RUS"][1] + 0.1 and got["all"][0] > got["all"][1] + 0.1
    assert got["USA"][0] == pytest.approx(got["USA"][1], abs=0.03)


def test_war_probabilities_are_counts_of_runs_with_wilson_intervals(scenario, fit, result):
    base = with_values(scenario, fit.values())
    hist, none = result.outcomes
    assert "historical" in hist.name and "no survivable" in none.name
    n = hist.runs
    assert n == none.runs == 1000
    hits = coldwar.superpower_war(base, n, 1962)
    assert hist.probability == hits / n
    assert (hist.low, hist.high) == pytest.approx(wilson_interval(hits, n))
    # a fresh seed's count lies inside the 99.9% band of the case's probability
    other = coldwar.superpower_war(coldwar.without_second_strike(base), n, 7)
    p = max(none.probability, 1 / n)
    assert abs(other / n - none.probability) <= 3.3 * math.sqrt(2 * p * (1 - p) / n) + 1e-9
    d, lo, hi = share_difference_interval(round(none.probability * n), n, hits, n)
    assert lo <= d <= hi and f"{d:+.3f}" in " ".join(result.findings)


def test_the_case_is_registered_with_bands_over_the_series(result):
    assert "coldwar" in case_names()
    assert result.scenario == "coldwar" and result.split == 1976
    assert [s.label for s in result.series] == list(coldwar.STATES)
    for s in result.series:
        assert s.years[0] == 1949 and s.years[-1] == 1991
        assert all(lo <= m <= hi for lo, m, hi in zip(s.low, s.median, s.high, strict=True))
    assert any("loses" in f for f in result.findings)


def test_fit_writes_a_fit_that_loads_with_the_data_hash(tmp_path, fit):
    # a tiny refit (few runs and iterations): the entry point works end to end
    out = tmp_path / "coldwar_engine.json"
    new = coldwar.fit(runs=4, boot=0, maxiter=4, out=out, progress=None)
    again = type(new).loads(out.read_text())
    assert again.dumps() == new.dumps() and new.keys == coldwar.KEYS
    assert new.data_hash == fit.data_hash
    assert all(lo <= t <= hi for t, lo, hi in zip(new.theta, new.lower, new.upper, strict=True))

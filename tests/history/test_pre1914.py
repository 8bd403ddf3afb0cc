"""The pre1914 case on the strategic engine: scenario, cached fit, scores and war outcomes."""

import hashlib
import math

import numpy as np
import pytest

from realpolitik.history import pre1914
from realpolitik.history.calibrate import POWERS
from realpolitik.scenarios import load_scenario, run_scenario
from realpolitik.testing import check_invariants

#: The cached fit's out-of-sample RMSEs of log spending 1905-1913 (model, persistence) and the
#: probability of a great-power war by 1914 over 1000 runs (seed 1914), as docs/history.md.
SCORES = {
    "UKG": (0.306, 0.0990),
    "FRN": (0.159, 0.2380),
    "GMY": (0.156, 0.3143),
    "AUH": (0.626, 0.2380),
    "RUS": (0.614, 0.5011),
    "ITA": (0.248, 0.5025),
    "all": (0.403, 0.3477),
}
WAR_1914 = 0.348


@pytest.fixture(scope="module")
def result():
    return pre1914.case()


@pytest.fixture(scope="module")
def fit():
    return pre1914.cached_fit()


def test_scenario_starts_from_the_1879_spending_and_runs():
    scenario = load_scenario("pre1914")
    _, obs = pre1914.spending(1879, 1880)
    assert [s.name for s in scenario.states] == list(POWERS)
    assert [s.military for s in scenario.states] == pytest.approx(obs[0], abs=1e-3)
    assert [round(s.military / s.gdp, 3) for s in scenario.states] == [0.03] * 6
    pacts = [(e.year, tuple(e.states)) for e in scenario.events if e.action == "alliance_form"]
    assert [y for y, _ in pacts] == [1882, 1894, 1904, 1907]
    traj = run_scenario(scenario, runs=20, years=10)
    check_invariants(traj)
    assert traj.data["calendar_year"].values[0] == 1879


def test_the_scenario_defaults_are_the_cached_fit(fit):
    params = load_scenario("pre1914").parameters
    for key, value in fit.values().items():
        assert params[key] == pytest.approx(value, rel=0.01), key


def test_the_cached_fit_was_made_on_these_data(fit):
    years, obs = pre1914.spending()
    sel = (years >= fit.start) & (years <= fit.end)
    digest = hashlib.sha256(np.ascontiguousarray(np.log(obs[sel])).tobytes()).hexdigest()[:16]
    assert digest == fit.data_hash
    assert (fit.start, fit.end) == (1879, 1904) and fit.keys == pre1914.KEYS
    assert all(lo <= v <= hi for v, lo, hi in zip(fit.theta, fit.lower, fit.upper, strict=True))
    assert all(math.isfinite(s) and s > 0 for s in fit.se)


def test_bands_start_at_the_data_and_cover_1879_to_1913(result):
    assert [s.label for s in result.series] == list(POWERS)
    for s in result.series:
        assert (s.years[0], s.years[-1]) == (1879, 1913)
        assert all(lo <= m <= hi for lo, m, hi in zip(s.low, s.median, s.high, strict=True))
        assert math.isclose(s.median[0], s.observed[0], rel_tol=1e-3)


def test_out_of_sample_scores_of_the_cached_fit(result):
    scores = {s.label: s for s in result.scores}
    assert set(scores) == {*POWERS, "all", "all (Richardson SMM)"}
    assert scores["all"].model == pytest.approx(SCORES["all"][0], abs=0.01)
    assert scores["all"].naive == pytest.approx(SCORES["all"][1], abs=1e-4)
    for p in POWERS:
        assert scores[p].model == pytest.approx(SCORES[p][0], abs=0.01), p
        assert scores[p].naive == pytest.approx(SCORES[p][1], abs=1e-4), p
    # the old spending model, one year ahead (docs/history.md)
    assert scores["all (Richardson SMM)"].model == pytest.approx(0.2135, abs=5e-4)
    assert result.split == 1905 and result.scenario == "pre1914"
    assert result.fit_years == "1880-1904"


def test_war_by_1914_is_within_the_interval_of_the_runs(result):
    war = result.outcomes[0]
    assert war.name == "great-power war 1880-1914" and war.runs == 1000
    assert war.low <= WAR_1914 <= war.high
    # another seed, 300 runs: inside the 99.9% band of the difference of two shares
    other = pre1914.war_outcomes(
        pre1914.simulate_military(load_scenario("pre1914"), pre1914.cached_fit().values(), 300, 77)[
            2
        ].events,
        300,
    )[0]
    half = 3.3 * math.sqrt(war.probability * (1 - war.probability) * (1 / 300 + 1 / 1000))
    assert abs(other.probability - war.probability) < half
    decades = result.outcomes[1:]
    assert [o.name[-9:] for o in decades] == ["1880-1889", "1890-1899", "1900-1909", "1910-1914"]
    assert max(o.probability for o in decades) <= war.probability


def test_findings_say_where_the_model_loses(result):
    text = " ".join(result.findings)
    assert "loses for" in text and "persistence" in text and "P(a war" in text


def test_a_missing_cache_names_the_remedy():
    from realpolitik.history.engine_fit import cached

    with pytest.raises(pre1914.HistoryError, match=r"realpolitik\.history\.nothing\.fit\(\)"):
        cached("nothing")

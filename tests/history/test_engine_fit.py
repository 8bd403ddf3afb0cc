"""SMM calibration of a strategic-engine scenario: recovery, restart, bad input."""

import numpy as np
import pytest

from realpolitik.history import HistoryError
from realpolitik.history.engine_fit import (
    EngineFit,
    carry_events,
    fit_engine,
    moments,
    score_out_of_sample,
    simulate_military,
    with_values,
)
from realpolitik.scenarios import load_scenario


@pytest.fixture(scope="module")
def bipolar():
    return load_scenario("bipolar-nuclear")


def test_moments_of_a_known_path():
    logm = np.log(np.array([[1.0, 2.0], [2.0, 2.0], [4.0, 2.0]]))
    m = moments(logm)
    assert m[:2] == pytest.approx([np.log(2), 0.0])  # mean growth
    assert m[2:4] == pytest.approx([0.0, 0.0])  # sd of growth
    assert m[4:] == pytest.approx([np.log(4), 0.0])  # span


def test_with_values_sets_global_and_per_state_keys(bipolar):
    s = with_values(bipolar, {"arming_drive": 0.01, "hawkishness:East": 0.3})
    assert s.parameters["arming_drive"] == 0.01
    east = next(st for st in s.model_dump()["states"] if st["name"] == "East")
    assert east["hawkishness"] == 0.3
    with pytest.raises(HistoryError, match="state 'Mars'"):
        with_values(bipolar, {"hawkishness:Mars": 0.3})


def test_fit_recovers_the_arming_drive_of_simulated_history(bipolar):
    # A "history" simulated with a known drive: the mean of 16 runs, so one path's noise does
    # not decide the test; SMM with other random numbers must find the drive again.
    cal, mil, _ = simulate_military(bipolar, {"arming_drive": 0.02}, 16, 99, 30)
    history = np.exp(np.log(mil).mean(axis=0))
    fit = fit_engine(
        bipolar, cal, history, ["arming_drive"], [0.0], [0.05], 1950, 1978, runs=16, seed=1
    )
    assert fit.theta[0] == pytest.approx(0.02, abs=0.006)
    assert EngineFit.loads(fit.dumps()).dumps() == fit.dumps()


def test_out_of_sample_restart_starts_from_the_observed_year(bipolar):
    cal, mil, _ = simulate_military(bipolar, {"arming_drive": 0.02}, 1, 5, 30)
    fit = EngineFit(
        "bipolar-nuclear",
        ("arming_drive",),
        (0.02,),
        (np.nan,),
        (0.0,),
        (0.05,),
        1950,
        1970,
        0.0,
        16,
        1,
        "x",
    )
    scores, q, years = score_out_of_sample(bipolar, fit, cal, mil[0], 1971, 1978, runs=32)
    assert years[0] == 1970 and q.shape == (3, 9, 4)
    assert q[1, 0] == pytest.approx(mil[0][list(cal).index(1970)])  # restarted at the data
    assert set(scores) == {"West", "East", "West ally", "East ally", "all"}
    assert all(v["model"] >= 0 and v["naive"] >= 0 for v in scores.values())


def test_bad_inputs_name_what_is_allowed(bipolar):
    cal = np.arange(1949, 1960)
    obs = np.ones((len(cal), 4))
    with pytest.raises(HistoryError, match="fit years 1960-1950"):
        fit_engine(bipolar, cal, obs, ["arming_drive"], [0.0], [0.05], 1960, 1950)
    with pytest.raises(HistoryError, match="lower < upper"):
        fit_engine(bipolar, cal, obs, ["arming_drive"], [0.05], [0.0], 1950, 1955)
    with pytest.raises(HistoryError, match="must be > 0"):
        fit_engine(bipolar, cal, -obs, ["arming_drive"], [0.0], [0.05], 1950, 1955)
    with pytest.raises(HistoryError, match="grid = 0"):
        fit_engine(bipolar, cal, obs, ["arming_drive"], [0.0], [0.05], 1950, 1955, grid=0)


def test_the_restart_keeps_one_state_s_scheduled_values(bipolar):
    # West's force goes to sea in 1955, before the split: the restart from 1971 must keep it
    # for West only (East keeps its own share), i.e. equal a scenario that gives it from 1971.
    from realpolitik.scenarios import scenario_from_dict

    data = bipolar.model_dump(exclude_none=True)
    data["events"] = [
        {
            "year": 1955,
            "action": "set",
            "key": "survivable_share",
            "states": ["West"],
            "value": 1.0,
        },
        *data["events"],
    ]
    scheduled = scenario_from_dict(data)
    cal, mil, _ = simulate_military(scheduled, {}, 1, 5, 30)
    fit = EngineFit(
        "bipolar-nuclear",
        ("arming_drive",),
        (0.0,),
        (np.nan,),
        (0.0,),
        (0.05,),
        1950,
        1970,
        0.0,
        16,
        1,
        "x",
    )
    a = score_out_of_sample(scheduled, fit, cal, mil[0], 1971, 1978, runs=32)
    data["events"] = data["events"][1:]
    west = next(s for s in data["states"] if s["name"] == "West")
    west["nuclear"]["survivable_share"] = 1.0
    b = score_out_of_sample(scenario_from_dict(data), fit, cal, mil[0], 1971, 1978, runs=32)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])


def test_the_restart_carries_a_per_state_set_made_before_the_split(bipolar):
    # West gives up its arsenal in 1955: restarted in 1971, West alone has none (a per-state
    # event re-dated to the split), not both sides (a system-wide parameter)
    data = bipolar.model_dump(exclude_none=True)
    sets = [
        {
            "year": 1955,
            "action": "set",
            "key": "nuclear_warheads",
            "states": ["West"],
            "value": 0.0,
        },
        {
            "year": 1952,
            "action": "set",
            "key": "nuclear_warheads",
            "states": ["West"],
            "value": 9.0,
        },
    ]
    data["events"] = [*sets, *data["events"]]
    out = carry_events(data, bipolar, 1971)
    assert "nuclear_warheads" not in out.get("parameters", {})
    carried = [e for e in out["events"] if e.get("key") == "nuclear_warheads"]
    assert [(e["year"], e["value"]) for e in carried] == [(1971, 9.0), (1971, 0.0)]
    assert out["events"][2]["action"] == "treaty_sign" and out["parameters"]["hotline"] == 0.8

"""pre1914 arms competition: SMM calibration, cached fit, out-of-sample scores, bad input."""

import numpy as np
import pytest

from realpolitik.history import HistoryError
from realpolitik.history.calibrate import cached, fit_pre1914, observed, rivals, validate_pre1914


def test_small_calibration_matches_cache_and_data_hash():
    small = fit_pre1914(reps=6, boot=0, seed=1914)
    full = cached("pre1914")
    assert small.data_hash == full.data_hash  # the cache was fitted on the shipped data
    assert 0.0 < small.theta[2] < 0.3  # yearly shock sd in log units
    # the small fit lies within 4 bootstrap SEs of the cached full fit (a, k, sigma)
    for est, ref, se in zip(small.theta, full.theta, full.se, strict=True):
        assert abs(est - ref) < 4 * se + 0.01


def test_out_of_sample_model_beats_persistence_overall_and_loses_on_britain():
    scores = validate_pre1914(cached("pre1914"))
    assert scores["all"]["model"] < scores["all"]["naive"]
    assert (
        scores["UKG"]["model"] > scores["UKG"]["naive"] - 0.005
    )  # the model does not beat naive on UKG
    assert scores["RUS"]["model"] == pytest.approx(0.476, abs=0.01)


def test_alliance_schedule():
    assert rivals("UKG", 1900) == ("FRN", "RUS")
    assert rivals("UKG", 1910) == ("GMY", "AUH", "ITA")
    assert "UKG" in rivals("GMY", 1908)
    assert rivals("FRN", 1890) == ("GMY",)


def test_observed_shape():
    years, logm = observed(1880, 1904)
    assert years[0] == 1880 and logm.shape == (25, 6) and np.isfinite(logm).all()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: rivals("USA", 1900), "state 'USA'"),
        (lambda: observed(1880, 1920), "years 1880-1920"),
        (lambda: fit_pre1914(split=1870), "split=1870"),
        (lambda: cached("waterloo"), "no cached fit 'waterloo'"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(HistoryError, match=match):
        call()

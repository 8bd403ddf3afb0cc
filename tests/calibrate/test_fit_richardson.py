"""fit_richardson: Richardson's model on real spending, intervals, verdict, forecast check."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.calibrate import fit_richardson, richardson, side, spending
from realpolitik.data import DataError
from realpolitik.theory.richardson import Richardson, fit


@pytest.fixture(scope="module")
def gmy_ukg():
    return fit_richardson(("GMY", "UKG"), (1890, 1913), resamples=300)


def test_the_series_are_nmc_milex_in_million_us_dollars():
    z, text = spending([side("UKG")], (1913, 1914), "nmc")
    assert z[:, 0].round(1).tolist() == [329.6, 1678.8]  # 67,734 thousand GBP at 4.8665
    assert "gold parity" in text
    bloc, _ = spending([side("GMY,AUH")], (1900, 1901), "nmc")
    parts, _ = spending([side("GMY"), side(300)], (1900, 1901), "nmc")
    np.testing.assert_allclose(bloc[:, 0], parts.sum(axis=1))


def test_the_point_estimate_is_ols_on_the_data(gmy_ukg):
    z, _ = spending([side("GMY"), side("UKG")], (1890, 1913))
    direct = fit(z[:, 0], z[:, 1])
    for name in "klabgh":
        assert gmy_ukg.estimates[name][0] == pytest.approx(getattr(direct, name))
    assert gmy_ukg.sides[0].label == "GMY" and gmy_ukg.years[-1] == 1913
    assert len(gmy_ukg.years) == 24 and gmy_ukg.levels.shape == (24, 2)


def test_the_verdict_and_its_uncertainty(gmy_ukg):
    m, lo, hi = gmy_ukg.estimates["margin"]
    assert lo <= m <= hi
    assert m == pytest.approx(richardson.stability_margin(gmy_ukg.model))
    # Germany's spending grows on its own (a < 0): the fitted race is unstable, and most
    # bootstrap fits agree
    assert not gmy_ukg.stable and gmy_ukg.share_unstable > 0.8
    assert "unstable" in gmy_ukg.verdict and "bootstrap fits unstable" in gmy_ukg.verdict
    assert gmy_ukg.failed == 0


def test_out_of_sample_rmse_is_stated_against_persistence(gmy_ukg):
    assert gmy_ukg.train_years == 16
    z = gmy_ukg.levels
    persistence = np.sqrt(np.mean((z[16:] - z[15]) ** 2))
    assert gmy_ukg.rmse_persistence == pytest.approx(persistence)
    # the 1906-1913 spurt (and the Boer War's echo) is not predicted by the 1890-1905 fit
    assert gmy_ukg.rmse_model > gmy_ukg.rmse_persistence and not gmy_ukg.beats_persistence
    out = gmy_ukg.to_dict()["out_of_sample"]
    assert out["train_years"] == [1890, 1905] and out["test_years"] == [1906, 1913]


def test_a_model_without_noise_is_recovered_and_forecast(monkeypatch):
    true = Richardson(k=0.2, l=0.15, a=0.4, b=0.3, g=10.0, h=8.0)
    z = true.simulate(30.0, 25.0, 19)
    monkeypatch.setattr(richardson, "spending", lambda sides, years, series: (z, "synthetic"))
    res = fit_richardson(("USA", "RUS"), (1990, 2009), resamples=100)
    for name in "klabgh":
        assert res.estimates[name][0] == pytest.approx(getattr(true, name), rel=1e-6)
    assert res.stable and res.share_unstable == 0.0
    assert res.rmse_model < 1e-6 < res.rmse_persistence


def test_the_intervals_cover_the_truth_on_simulated_races(monkeypatch):
    """20 noisy 40-year series of a stable race: the margin's 95% interval covers the truth.

    With 95% coverage, 20 series miss more than 4 times with probability 1.6%.
    """
    true = Richardson(k=0.2, l=0.15, a=0.4, b=0.3, g=10.0, h=8.0)
    rng = np.random.default_rng(7)
    margin = richardson.stability_margin(true)
    hits = 0
    for rep in range(20):
        z = np.empty((40, 2))
        z[0] = (30.0, 25.0)
        for t in range(39):
            z[t + 1] = z[t] + true.jacobian @ z[t] + (10.0, 8.0) + rng.normal(0.0, 2.0, 2)
        monkeypatch.setattr(richardson, "spending", lambda s, y, n, z=z: (z, "synthetic"))
        res = fit_richardson(("USA", "RUS"), (1970, 2009), resamples=200, seed=rep)
        lo, hi = res.estimates["margin"][1:]
        hits += lo <= margin <= hi
    assert hits >= 16


def test_blocs_and_other_series():
    res = fit_richardson(
        blocs=("GMY,AUH", ["UKG", "FRN", "RUS"]),
        years=(1890, 1913),
        series="nmc_real",
        resamples=100,
    )
    assert [s.label for s in res.sides] == ["GMY+AUH", "UKG+FRN+RUS"]
    assert res.units == "million US$ per year" and "2020" in res.series_description
    owid = fit_richardson(("USA", "RUS"), (2000, 2020), series="owid", resamples=100)
    assert owid.table()["quantity"].tolist() == ["k", "l", "a", "b", "g", "h", "D", "margin"]


def test_the_figure_draws(gmy_ukg):
    from realpolitik.report.data_figures import phase_figure

    fig = phase_figure(gmy_ukg)
    assert "GMY vs UKG" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"states": ("GMY", "PRU")}, ["unknown state 'PRU'"]),
        ({"states": ("GMY", "UKG"), "years": (1700, 1720)}, ["1700-1720", "coverage 1816-2022"]),
        ({"states": ("GMY", "UKG"), "years": (1935, 1955)}, ["GMY has no value", "1946"]),
        ({"states": ("GMY", "UKG"), "years": (1890, 1894)}, ["5 years", "at least 8"]),
        ({"states": ("GMY", "GMY")}, ["share a state"]),
        ({"states": ("GMY",)}, ["exactly two"]),
        ({"states": ("GMY", "UKG"), "blocs": ("GMY", "UKG")}, ["either two states or two"]),
        ({"states": ("GMY", "UKG"), "series": "cow"}, ["series 'cow'", "nmc_real"]),
        ({"states": ("GMY", "UKG"), "train": 3}, ["train = 3", "6..22"]),
        ({"states": ("GMY", "UKG"), "resamples": 10}, ["resamples = 10"]),
    ],
)
def test_bad_input_is_one_clear_error(kwargs, words):
    with pytest.raises(DataError) as err:
        fit_richardson(**kwargs)
    for word in words:
        assert word in str(err.value)

"""Richardson fits on the user's own SIPRI workbook (a synthetic one here)."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import Workbook

from realpolitik.calibrate import _series, fit_richardson, rivalry_monitor
from realpolitik.data import DataError
from realpolitik.data import sipri as sipri_module
from realpolitik.theory.richardson import Richardson

YEARS = list(range(2000, 2013))
SHEETS = ("Constant (2021) USD", "Current USD", "Share of GDP", "Per capita",
          "Share of Govt. spending")  # fmt: skip


def _levels() -> np.ndarray:
    """A stable race (million US$) with a little noise: USA first, Russia second."""
    model = Richardson(k=0.1, l=0.2, a=0.3, b=0.4, g=150.0, h=20.0)
    rng = np.random.default_rng(3)
    z = np.empty((len(YEARS), 2))
    z[0] = (400.0, 50.0)
    for t in range(len(YEARS) - 1):
        z[t + 1] = z[t] + model.jacobian @ z[t] + (model.g, model.h) + rng.normal(0, 3, 2)
    return z


def _workbook(path, z):
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("Front page")
    for title in SHEETS:
        sheet = book.create_sheet(title)
        sheet.append([f"Military expenditure by country, {title}  © SIPRI"])
        sheet.append([None])
        sheet.append(["Country", None, "Notes", *YEARS])
        sheet.append(["USA", None, None, *z[:, 0].round(3).tolist()])
        sheet.append(["Russia", None, None, *z[:, 1].round(3).tolist()])
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    z = _levels()
    monkeypatch.setenv(sipri_module.ENV, str(_workbook(tmp_path / "sipri.xlsx", z)))
    _series._wide.cache_clear()
    yield z
    _series._wide.cache_clear()


def test_a_fit_reads_the_users_workbook(workbook):
    res = fit_richardson(("USA", "RUS"), (2000, 2012), series="sipri", resamples=200)
    np.testing.assert_allclose(res.levels, workbook.round(3), rtol=1e-9)
    assert "SIPRI" in res.series_description and res.stable


def test_the_monitor_reads_it_too_and_years_outside_it_are_refused(workbook):
    mon = rivalry_monitor((2000, 2012), series="sipri", resamples=100)
    assert mon.table.dyad.tolist() == ["USA-RUS"]
    with pytest.raises(DataError, match="coverage 2000-2012"):
        fit_richardson(("USA", "RUS"), (1995, 2012), series="sipri")


def test_without_a_workbook_the_error_says_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(sipri_module.ENV, raising=False)
    with pytest.raises(DataError, match=r"sipri\.org"):
        fit_richardson(("USA", "RUS"), (2000, 2012), series="sipri")

"""Richardson's arms-race model fitted to real spending, with bootstrap intervals.

The model (Richardson 1960) is fitted in its discrete form, the one the data are observed in,
``z_{t+1} - z_t = J z_t + c`` with ``J = [[-a, k], [l, -b]]`` and ``c = (g, h)``, by ordinary
least squares per equation (:func:`realpolitik.theory.richardson.fit`, scheme "forward").

Uncertainty: a **recursive residual bootstrap** (Efron and Tibshirani 1993, sec. 8.5; Freedman
1984): the fitted equations regenerate the series from the observed first year with the residual
pairs ``(e_x, e_y)`` of a year drawn together (keeping their correlation), and the model is
refitted on each regenerated series; the 95% intervals are the *basic* (reverse percentile)
bootstrap intervals ``(2 t - q_97.5, 2 t - q_2.5)`` of the estimate t and the refits'
percentiles (Davison and Hinkley 1997, eq. 5.6), which correct for the small-sample bias of
least squares in a dynamic model (plain percentiles covered D = ab - kl in 70% of simulated
40-year series, the basic intervals in 95%). The *stability margin* is minus the largest real
part of the eigenvalues of J (1/yr): > 0 stable, < 0 unstable (the sign of Richardson's
condition ``ab > kl`` when ``a + b > 0``); the verdict's uncertainty is the share of bootstrap
fits that are unstable.

Out of sample: the model is refitted on the first ``train`` years and iterated from the last
of them to predict the rest; its root mean squared error (both sides, every held-out year) is
set against naive persistence (the last training year's spending held constant), the
benchmark a time-series model has to beat.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.calibrate._series import UNITS, Side, side, spending
from realpolitik.theory.richardson import Richardson, fit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "BOOTSTRAP",
    "PARAMETERS",
    "REFERENCES",
    "RichardsonFit",
    "fit_richardson",
    "stability_margin",
]

#: BibTeX keys of the model, the bootstrap and the data (``realpolitik.cite(fit)``).
REFERENCES: tuple[str, ...] = (
    "richardson1960",
    "freedman1984",
    "efron1993",
    "davison1997",
    "singer1972",
    "owid2021milex",
)

#: The fitted parameters and their units.
PARAMETERS: dict[str, str] = {
    "k": "1/yr",
    "l": "1/yr",
    "a": "1/yr",
    "b": "1/yr",
    "g": "million US$/yr per yr",
    "h": "million US$/yr per yr",
}
#: How the intervals are made (stated in every result).
BOOTSTRAP = (
    "recursive residual bootstrap: the fitted equations regenerate the series from the first "
    "year with resampled residual pairs (one year's two residuals drawn together); the model "
    "is refitted on each; 95% basic (reverse percentile) intervals"
)
_MIN_YEARS = 8  # at least 7 yearly changes for 3 coefficients per equation
_MIN_TRAIN, _MIN_TEST = 6, 2


def stability_margin(model: Richardson) -> float:
    """Return minus the largest real part of the eigenvalues of J (1/yr); > 0 means stable."""
    return -max(complex(e).real for e in model.eigenvalues)


def _values(model: Richardson) -> np.ndarray:
    """k, l, a, b, g, h, D = ab - kl and the stability margin of a model."""
    return np.array(
        [
            model.k,
            model.l,
            model.a,
            model.b,
            model.g,
            model.h,
            model.determinant,
            stability_margin(model),
        ]
    )


_NAMES = (*PARAMETERS, "D", "margin")


def _bootstrap(
    z: np.ndarray, model: Richardson, resamples: int, seed: int
) -> tuple[np.ndarray, int]:
    """Refits on regenerated series: ``(fits, 8)`` values and the number that failed."""
    fitted = z[:-1] + z[:-1] @ model.jacobian.T + np.array([model.g, model.h])
    resid = z[1:] - fitted
    rng = np.random.default_rng(seed)
    jac, c = np.eye(2) + model.jacobian, np.array([model.g, model.h])
    draws = rng.integers(0, resid.shape[0], size=(resamples, resid.shape[0]))
    sim = np.empty((resamples, z.shape[0], 2))
    sim[:, 0] = z[0]
    for t in range(resid.shape[0]):
        sim[:, t + 1] = sim[:, t] @ jac.T + c + resid[draws[:, t]]
    return _batch_fit(sim)


def _batch_fit(paths: np.ndarray) -> tuple[np.ndarray, int]:
    """Fit many series at once by the OLS of :func:`~realpolitik.theory.richardson.fit`.

    ``paths`` is ``(B, T, 2)``; returns the ``(fits, 8)`` values of the identified fits (full
    rank, finite) and the number of the others.
    """
    x, y = paths[:, :-1, 0], paths[:, :-1, 1]
    dx, dy = np.diff(paths[:, :, 0], axis=1), np.diff(paths[:, :, 1], axis=1)
    ones = np.ones_like(x)
    coef = []
    ok = np.all(np.isfinite(paths), axis=(1, 2))
    for design, target in ((np.stack([y, x, ones], -1), dx), (np.stack([x, y, ones], -1), dy)):
        design = np.where(ok[:, None, None], design, 0.0)
        ok &= np.linalg.matrix_rank(design) == 3
        coef.append(np.einsum("bij,bj->bi", np.linalg.pinv(design), np.nan_to_num(target)))
    (k, minus_a, g), (ell, minus_b, h) = (c.T for c in coef)
    a, b = -minus_a, -minus_b
    jac = np.stack([np.stack([-a, k], -1), np.stack([ell, -b], -1)], -2)
    margin = -np.linalg.eigvals(jac).real.max(axis=1)
    values = np.column_stack([k, ell, a, b, g, h, a * b - k * ell, margin])
    return values[ok], int((~ok).sum())


def _rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)))


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class RichardsonFit:
    """A Richardson model fitted to two sides' spending (:func:`fit_richardson`).

    Attributes
    ----------
    sides : tuple of Side
        Side x first (its spending is x), then side y.
    years : tuple of int
        Every year of the window, in order.
    series, series_description, units : str
        The series key of :data:`~realpolitik.calibrate.SERIES`, what it is, and the units of
        the levels (million US$ per year).
    levels : numpy.ndarray
        ``(years, 2)`` spending of x and y.
    model : Richardson
        The fit on every year.
    estimates : dict
        ``name -> (estimate, ci_low, ci_high)`` for k, l, a, b, g, h, ``D`` (ab - kl, 1/yr^2)
        and ``margin`` (the stability margin, 1/yr).
    share_unstable : float
        The share of bootstrap fits that are unstable (margin <= 0).
    resamples, failed : int
        Bootstrap resamples asked for, and those whose regenerated series could not be fitted.
    train_years : int
        Years the out-of-sample fit used (the first ones).
    rmse_model, rmse_persistence : float
        Out-of-sample RMSE (million US$) of the model and of persistence over the held-out
        years, both sides.
    bootstrap : str
        The bootstrap method, in words.
    """

    sides: tuple[Side, Side]
    years: tuple[int, ...]
    series: str
    series_description: str
    units: str
    levels: np.ndarray
    model: Richardson
    estimates: dict[str, tuple[float, float, float]]
    share_unstable: float
    resamples: int
    failed: int
    train_years: int
    rmse_model: float
    rmse_persistence: float
    bootstrap: str = field(default=BOOTSTRAP)

    @property
    def stable(self) -> bool:
        """Whether the point estimate is stable (Richardson's ab > kl with a + b > 0)."""
        return self.model.stable

    @property
    def verdict(self) -> str:
        """The stability verdict with its uncertainty, in one sentence."""
        word = "stable" if self.stable else "unstable"
        m, lo, hi = self.estimates["margin"]
        return (
            f"{word} (margin {m:.3f} [{lo:.3f}, {hi:.3f}] 1/yr; "
            f"{self.share_unstable:.0%} of bootstrap fits unstable)"
        )

    @property
    def beats_persistence(self) -> bool:
        """Whether the model's out-of-sample RMSE is below persistence's."""
        return self.rmse_model < self.rmse_persistence

    def table(self) -> pd.DataFrame:
        """Return the estimates: ``quantity, estimate, ci_low, ci_high, units``."""
        import pandas as pd

        units = {**PARAMETERS, "D": "1/yr^2", "margin": "1/yr"}
        return pd.DataFrame(
            [(n, *self.estimates[n], units[n]) for n in _NAMES],
            columns=["quantity", "estimate", "ci_low", "ci_high", "units"],
        )

    def to_dict(self) -> dict[str, Any]:
        """Return every number of the fit as plain Python (for ``result.json``)."""
        return {
            "x": {"label": self.sides[0].label, "ccodes": list(self.sides[0].ccodes)},
            "y": {"label": self.sides[1].label, "ccodes": list(self.sides[1].ccodes)},
            "years": [self.years[0], self.years[-1]],
            "series": self.series,
            "series_description": self.series_description,
            "units": self.units,
            "estimates": {
                n: dict(zip(("estimate", "ci_low", "ci_high"), v, strict=True))
                for n, v in self.estimates.items()
            },
            "stable": self.stable,
            "case": self.model.case,
            "equilibrium": self.model.equilibrium,
            "share_unstable": self.share_unstable,
            "verdict": self.verdict,
            "bootstrap": {
                "method": self.bootstrap,
                "resamples": self.resamples,
                "failed": self.failed,
            },
            "out_of_sample": {
                "train_years": [self.years[0], self.years[self.train_years - 1]],
                "test_years": [self.years[self.train_years], self.years[-1]],
                "rmse_model": self.rmse_model,
                "rmse_persistence": self.rmse_persistence,
                "beats_persistence": self.beats_persistence,
            },
        }


def _interval(estimate: float, sample: np.ndarray) -> tuple[float, float]:
    """Return the basic interval ``(2 t - q_97.5, 2 t - q_2.5)`` (Davison and Hinkley 1997)."""
    finite = sample[np.isfinite(sample)]
    if finite.size == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(finite, [0.025, 0.975])
    return float(2 * estimate - hi), float(2 * estimate - lo)


def _out_of_sample(z: np.ndarray, train: int) -> tuple[float, float]:
    """RMSE of the model fitted on the first ``train`` years and of persistence, on the rest."""
    part = fit(z[:train, 0], z[:train, 1])
    x0, y0 = (max(float(v), 0.0) for v in z[train - 1])  # spending is >= 0 in every series
    predicted = part.simulate(x0, y0, z.shape[0] - train)[1:]
    held = z[train:]
    return _rmse(predicted, held), _rmse(np.broadcast_to(z[train - 1], held.shape), held)


def fit_richardson(
    states: Sequence[int | str] | None = None,
    years: tuple[int, int] = (1890, 1913),
    *,
    series: str = "nmc",
    blocs: Sequence[int | str | Sequence[int | str]] | None = None,
    train: int | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> RichardsonFit:
    """Fit Richardson's model to two states' (or blocs') yearly military spending.

    Parameters
    ----------
    states
        Two states (COW codes, abbreviations or names), e.g. ``("GMY", "UKG")``; or None with
        ``blocs``.
    years
        ``(first, last)`` inclusive, at least 8 years.
    series
        ``"nmc"`` (current US$), ``"nmc_real"`` (constant 2020 US$), ``"owid"`` (constant 2020
        US$) or ``"sipri"`` (the user's workbook); see :data:`~realpolitik.calibrate.SERIES`.
    blocs
        Two blocs instead of ``states``, each a sequence of states or a text ``"GMY,AUH"``;
        a bloc's spending is the sum of its members'.
    train
        Years of the out-of-sample fit (the first ones); default two thirds of the window, at
        least 6, leaving at least 2 to predict.
    resamples
        Bootstrap resamples (>= 100).
    seed
        Seed of the bootstrap.

    Returns
    -------
    RichardsonFit

    Raises
    ------
    realpolitik.data.DataError
        For an unknown state or series, years outside the series' coverage, gaps in a series,
        or a bad option (naming it, the value and what is allowed).
    """
    from realpolitik.data import DataError

    pair = _sides(states, blocs)
    first, last = (int(y) for y in years)
    n = last - first + 1
    if n < _MIN_YEARS:
        raise DataError(f"years {first}-{last}: {n} years; a fit needs at least {_MIN_YEARS}")
    if int(resamples) != resamples or resamples < 100:
        raise DataError(f"resamples = {resamples!r}; allowed: integers >= 100")
    train = round(2 * n / 3) if train is None else int(train)
    if not _MIN_TRAIN <= train <= n - _MIN_TEST:
        raise DataError(f"train = {train}; allowed: {_MIN_TRAIN}..{n - _MIN_TEST} years of the {n}")
    z, description = spending(pair, (first, last), series)
    try:
        model = fit(z[:, 0], z[:, 1])
    except ValueError as exc:
        raise DataError(f"{pair[0].label} vs {pair[1].label}, {first}-{last}: {exc}") from None
    boot, failed = _bootstrap(z, model, int(resamples), seed)
    point = _values(model)
    estimates = {
        name: (float(point[i]), *_interval(float(point[i]), boot[:, i]))
        for i, name in enumerate(_NAMES)
    }
    share = float(np.mean(boot[:, -1] <= 0)) if boot.size else math.nan
    rmse_model, rmse_persist = _out_of_sample(z, train)
    return RichardsonFit(
        sides=pair,
        years=tuple(range(first, last + 1)),
        series=series,
        series_description=description,
        units=UNITS,
        levels=z,
        model=model,
        estimates=estimates,
        share_unstable=share,
        resamples=int(resamples),
        failed=failed,
        train_years=train,
        rmse_model=rmse_model,
        rmse_persistence=rmse_persist,
    )


def _sides(
    states: Sequence[int | str] | None,
    blocs: Sequence[int | str | Sequence[int | str]] | None,
) -> tuple[Side, Side]:
    from realpolitik.data import DataError

    if (states is None) == (blocs is None):
        raise DataError("give either two states or two blocs (not both, not neither)")
    given = list(states if states is not None else blocs)  # type: ignore[arg-type]
    if len(given) != 2:
        what = "states" if states is not None else "blocs"
        raise DataError(f"{what}: {len(given)} given ({given!r}); a fit takes exactly two")
    x, y = side(given[0]), side(given[1])
    if set(x.ccodes) & set(y.ccodes):
        raise DataError(f"{x.label} and {y.label} share a state; the two sides must differ")
    return x, y

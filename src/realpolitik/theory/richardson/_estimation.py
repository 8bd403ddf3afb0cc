"""Estimating Richardson's model from yearly data, and his 1909-1913 table (Richardson 1960)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val
from realpolitik.theory.richardson._model import Richardson


# ---------------------------------------------------------------------------- estimation
def _ols(design: np.ndarray, target: np.ndarray, names: str) -> np.ndarray:
    coef, _, rank, _ = np.linalg.lstsq(design, target, rcond=None)
    if rank < design.shape[1]:
        raise ValueError(
            f"{names}: the regressors are collinear (rank {rank} < {design.shape[1]}), so the "
            "parameters are not identified; the series must vary independently"
        )
    return coef


def fit(x: ArrayLike, y: ArrayLike, scheme: str = "forward") -> Richardson:
    """Estimate a Richardson model from yearly series by ordinary least squares.

    Parameters
    ----------
    x, y : array_like
        The two nations' levels in years 0..T, 1-D, equal length >= 4 (at least three yearly
        changes for three coefficients per equation), finite.
    scheme : {"forward", "midpoint"}, default "forward"
        "forward": regress ``x_{t+1} - x_t`` on ``[y_t, x_t, 1]`` and ``y_{t+1} - y_t`` on
        ``[x_t, y_t, 1]``. "midpoint" (Richardson's practice): the same with the means of
        consecutive years, ``(x_t + x_{t+1})/2`` and ``(y_t + y_{t+1})/2``, as regressors.

    Returns
    -------
    Richardson
        The model with the estimated k, l, a, b, g, h (sign conventions not imposed).

    Raises
    ------
    ValueError
        For an unknown scheme; series that are not 1-D, contain NaN/inf, differ in length or
        are shorter than 4; or collinear regressors (parameters not identified).
    """
    scheme = val.choice("scheme", scheme, ("forward", "midpoint"))
    xa = val.array("x", x, ndim=1, min_size=4)
    ya = val.array("y", y, ndim=1, min_size=4)
    if xa.shape != ya.shape:
        raise ValueError(f"x and y have lengths {xa.size} and {ya.size}; expected equal lengths")
    dx, dy = np.diff(xa), np.diff(ya)
    if scheme == "forward":
        xr, yr = xa[:-1], ya[:-1]
    else:
        xr, yr = 0.5 * (xa[:-1] + xa[1:]), 0.5 * (ya[:-1] + ya[1:])
    ones = np.ones_like(dx)
    k, minus_a, g = _ols(np.column_stack([yr, xr, ones]), dx, "x, y")
    l, minus_b, h = _ols(np.column_stack([xr, yr, ones]), dy, "x, y")
    return Richardson(k=k, l=l, a=-minus_a, b=-minus_b, g=g, h=h)


@dataclass(frozen=True)
class TotalFit:
    """Richardson's regression on a bloc sum: ``Delta(U+V) = slope*(U+V) + intercept``.

    Attributes
    ----------
    slope : float
        ``k - a`` for symmetric blocs (1/yr); > 0 means an unstable race.
    intercept : float
        ``g + h`` (units of the sum per year).
    zero_point : float or None
        ``-intercept/slope``, the level at which the sum would stop changing; None if the
        slope is 0 (to rounding: ``|slope|*max|mean| <= 1e-12*max|change|``).
    """

    slope: float
    intercept: float
    zero_point: float | None


def fit_total(total: ArrayLike) -> TotalFit:
    """Fit Richardson's bloc-sum equation ``d(U+V)/dt = (k - a)(U+V) + (g + h)``.

    Regresses the yearly change ``s_{t+1} - s_t`` on the mean of consecutive years
    ``(s_t + s_{t+1})/2``, with an intercept (OLS, numpy.linalg.lstsq).

    Parameters
    ----------
    total : array_like
        The bloc sum U + V in consecutive years, 1-D, length >= 3, finite.

    Returns
    -------
    TotalFit
        Slope, intercept and zero point.

    Raises
    ------
    ValueError
        If total is not a finite 1-D series of length >= 3, or is constant in a way that makes
        slope and intercept unidentified.
    """
    s = val.array("total", total, ndim=1, min_size=3)
    mean = 0.5 * (s[:-1] + s[1:])
    slope, intercept = _ols(np.column_stack([mean, np.ones_like(mean)]), np.diff(s), "total")
    slope, intercept = float(slope), float(intercept)
    # a slope whose effect on the fitted changes is at rounding level counts as 0
    flat = abs(slope) * float(np.abs(mean).max()) <= 1e-12 * float(np.abs(np.diff(s)).max())
    return TotalFit(slope, intercept, None if flat else -intercept / slope)


# ---------------------------------------------------------------------------- data
@dataclass(frozen=True)
class ArmsTable:
    """A small table of yearly defence expenditure by country, read-only.

    Attributes
    ----------
    years : tuple of int
        The years, ascending.
    milex : Mapping[str, tuple of float]
        Expenditure per country, one value per year.
    blocs : Mapping[str, tuple of str]
        The blocs, each a tuple of country names.
    units : str
        Units of ``milex``.
    source : str
        BibTeX key of the source.
    """

    years: tuple[int, ...]
    milex: Mapping[str, tuple[float, ...]]
    blocs: Mapping[str, tuple[str, ...]]
    units: str
    source: str

    def series(self, country: str) -> np.ndarray:
        """Return one country's expenditure per year.

        Parameters
        ----------
        country : str
            One of the table's countries.

        Returns
        -------
        numpy.ndarray
            Float64 array, one value per year.

        Raises
        ------
        ValueError
            For a country not in the table.
        """
        country = val.choice("country", country, tuple(self.milex))
        return np.array(self.milex[country], dtype=float)

    def total(self, countries: Sequence[str] | None = None) -> np.ndarray:
        """Return the yearly sum over countries (default: all, i.e. U + V for two blocs).

        Parameters
        ----------
        countries : sequence of str, optional
            Countries (or bloc names) to add up; default every country.

        Returns
        -------
        numpy.ndarray
            Float64 array, one value per year.

        Raises
        ------
        ValueError
            For a name that is neither a country nor a bloc of the table.
        """
        names: list[str] = []
        for name in self.milex if countries is None else countries:
            if name in self.blocs:
                names.extend(self.blocs[name])
            else:
                names.append(val.choice("countries", name, tuple(self.milex) + tuple(self.blocs)))
        return np.sum([self.milex[c] for c in names], axis=0, dtype=float)


#: Defence expenditure 1909-1913, million GBP, as reproduced from Richardson (1960)
#: ([UNSURE] about individual figures). Blocs: U = France + Russia ("Entente"),
#: V = Germany + Austria-Hungary ("Central Powers"). ``fit_total(RICHARDSON_1909_1913.total())``
#: gives slope 0.731/yr and zero point 194.9.
RICHARDSON_1909_1913 = ArmsTable(
    years=(1909, 1910, 1911, 1912, 1913),
    milex=MappingProxyType(
        {
            "France": (48.6, 50.9, 57.1, 63.2, 74.7),
            "Russia": (66.7, 68.5, 70.7, 81.8, 92.0),
            "Germany": (63.1, 62.0, 62.5, 68.2, 95.4),
            "Austria-Hungary": (20.8, 23.4, 24.6, 25.5, 26.9),
        }
    ),
    blocs=MappingProxyType(
        {"Entente": ("France", "Russia"), "Central Powers": ("Germany", "Austria-Hungary")}
    ),
    units="million GBP per year",
    source="richardson1960",
)

#: Richardson's tables by name (``realpolitik theory richardson --data NAME``).
TABLES: Mapping[str, ArmsTable] = MappingProxyType({"1909-1913": RICHARDSON_1909_1913})


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class BlocFit:
    """Richardson's fit of a two-bloc table: the bloc sums, their yearly changes and the line.

    Attributes
    ----------
    table : ArmsTable
        The data.
    blocs : tuple of str
        The two blocs' names, U first.
    U, V : numpy.ndarray
        Each bloc's yearly expenditure (the table's units).
    total : numpy.ndarray
        ``U + V`` per year.
    increment : numpy.ndarray
        ``total[t+1] - total[t]``, one fewer than the years (units per year).
    mean_total : numpy.ndarray
        ``(total[t] + total[t+1])/2``, the regressor of the fit.
    fit : TotalFit
        :func:`fit_total` of ``total``: slope ``k - a`` (1/yr), intercept and zero point.
    """

    table: ArmsTable
    blocs: tuple[str, str]
    U: np.ndarray
    V: np.ndarray
    total: np.ndarray
    increment: np.ndarray
    mean_total: np.ndarray
    fit: TotalFit


def bloc_fit(table: ArmsTable | str = "1909-1913") -> BlocFit:
    """Fit Richardson's bloc-sum equation to a table with two blocs (Richardson 1960).

    Parameters
    ----------
    table : ArmsTable or str, default "1909-1913"
        The data, or the name of one of :data:`TABLES`.

    Returns
    -------
    BlocFit
        The bloc series, the yearly changes and means of their sum, and :func:`fit_total`.

    Raises
    ------
    ValueError
        For an unknown table name, or a table without exactly two blocs.
    """
    if isinstance(table, str):
        table = TABLES[val.choice("table", table, tuple(TABLES))]
    if len(table.blocs) != 2:
        raise ValueError(f"table has blocs {list(table.blocs)}; expected exactly two")
    bloc_u, bloc_v = tuple(table.blocs)
    total = table.total([bloc_u, bloc_v])
    return BlocFit(
        table=table,
        blocs=(bloc_u, bloc_v),
        U=table.total([bloc_u]),
        V=table.total([bloc_v]),
        total=total,
        increment=np.diff(total),
        mean_total=(total[1:] + total[:-1]) / 2.0,
        fit=fit_total(total),
    )

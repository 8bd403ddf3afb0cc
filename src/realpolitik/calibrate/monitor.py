"""The rivalry monitor: which strategic rivalries' arms races look unstable.

Every strategic rivalry of Thompson, Sakuwa and Suhas (2021) ongoing in the window (its spell
overlaps the years) is fitted with :func:`~realpolitik.calibrate.fit_richardson` on the two
states' spending over the longest stretch of the window in which both have data (at least
:data:`MIN_YEARS` years; the stretch is reported, gaps are never filled), and the dyads are
ranked by the stability margin (minus the largest real part of the eigenvalues of Richardson's
J, 1/yr; < 0 unstable), most unstable first, each with its 95% recursive-residual-bootstrap
interval and the share of bootstrap fits that are unstable. A dyad without such a stretch, or
whose fit is not identified, is left out and listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MIN_YEARS", "MONITOR_COLUMNS", "REFERENCES", "RivalryMonitor", "rivalry_monitor"]

#: BibTeX keys of the model, the rivalries, the bootstrap and the data.
REFERENCES: tuple[str, ...] = (
    "richardson1960",
    "thompson2021",
    "freedman1984",
    "davison1997",
    "owid2021milex",
)

MIN_YEARS = 12
"""The fewest consecutive years with both states' data a dyad is fitted on."""

#: The columns of :attr:`RivalryMonitor.table`.
MONITOR_COLUMNS = (
    "rank",
    "rivalry_id",
    "name",
    "dyad",
    "ccode1",
    "ccode2",
    "first",
    "last",
    "margin",
    "margin_low",
    "margin_high",
    "share_unstable",
    "stable",
    "k",
    "l",
    "a",
    "b",
    "rmse_model",
    "rmse_persistence",
)


@dataclass(frozen=True)
class RivalryMonitor:
    """The ranking of :func:`rivalry_monitor`.

    Attributes
    ----------
    years : tuple of int
        ``(first, last)`` of the window.
    series : str
        The spending series.
    table : pandas.DataFrame
        One row per fitted dyad (columns :data:`MONITOR_COLUMNS`), most unstable first.
    skipped : pandas.DataFrame
        ``rivalry_id, name, dyad, reason``: the rivalries that could not be fitted.
    resamples : int
        Bootstrap resamples per dyad.
    """

    years: tuple[int, int]
    series: str
    table: pd.DataFrame
    skipped: pd.DataFrame
    resamples: int


def rivalry_monitor(
    years: tuple[int, int] = (2000, 2020),
    *,
    series: str = "owid",
    resamples: int = 500,
    seed: int = 0,
) -> RivalryMonitor:
    """Fit every strategic rivalry ongoing in ``years`` and rank the dyads by instability.

    Parameters
    ----------
    years
        ``(first, last)`` inclusive, at least 8 years inside the series' coverage.
    series
        ``"owid"`` (bundled, to 2020) or ``"sipri"`` (your own workbook), or any key of
        :data:`~realpolitik.calibrate.SERIES`.
    resamples
        Bootstrap resamples per dyad (>= 100).
    seed
        Seed of every dyad's bootstrap.

    Returns
    -------
    RivalryMonitor

    Raises
    ------
    realpolitik.data.DataError
        For an unknown series, years outside its coverage, a window shorter than
        :data:`MIN_YEARS`, or one without any rivalry.
    """
    import pandas as pd

    from realpolitik.calibrate._series import levels, longest_complete, side
    from realpolitik.calibrate.richardson import fit_richardson
    from realpolitik.data import DataError, load

    first, last = (int(y) for y in years)
    if last - first + 1 < MIN_YEARS:
        raise DataError(
            f"years {first}-{last}: {last - first + 1} years; the monitor fits "
            f"dyads on at least {MIN_YEARS}"
        )
    rivals = load("rivalries")
    rivals = rivals[(rivals["styear"] <= last) & (rivals["endyear"] >= first)]
    if rivals.empty:
        raise DataError(f"years {first}-{last}: no strategic rivalry is ongoing in them")
    rows, skipped = [], []
    for r in rivals.itertuples(index=False):
        dyad = f"{r.stateabb1}-{r.stateabb2}"
        pair = (side(int(r.ccode1)), side(int(r.ccode2)))
        start, stop = longest_complete(levels(pair, (first, last), series)[0])
        if stop - start < MIN_YEARS:
            skipped.append(
                (
                    int(r.rivalry_id),
                    r.name,
                    dyad,
                    f"longest stretch with both states' data: {stop - start} years "
                    f"(at least {MIN_YEARS} needed)",
                )
            )
            continue
        span = (first + start, first + stop - 1)
        try:
            f = fit_richardson(
                (int(r.ccode1), int(r.ccode2)), span, series=series, resamples=resamples, seed=seed
            )
        except DataError as exc:  # not identified: collinear series
            skipped.append((int(r.rivalry_id), r.name, dyad, str(exc)))
            continue
        est = f.estimates
        rows.append(
            (
                0,
                int(r.rivalry_id),
                r.name,
                dyad,
                int(r.ccode1),
                int(r.ccode2),
                *span,
                *est["margin"],
                f.share_unstable,
                f.stable,
                *(est[p][0] for p in "klab"),
                f.rmse_model,
                f.rmse_persistence,
            )
        )
    table = pd.DataFrame(rows, columns=list(MONITOR_COLUMNS))
    table = table.sort_values(["margin", "rivalry_id"]).reset_index(drop=True)
    table["rank"] = range(1, len(table) + 1)
    skip = pd.DataFrame(skipped, columns=["rivalry_id", "name", "dyad", "reason"])
    return RivalryMonitor((first, last), series, table, skip, int(resamples))

"""Historical cases: one result shape for every historical scenario (docs/history.md).

Each historical scenario (pre1914, coldwar, cuba1962, a regional rivalry) answers with a
:class:`CaseResult`: the observed series with the model's simulated bands over them, the
calibrated parameters with their standard errors, the out-of-sample scores against a naive
baseline, the simulated outcome probabilities with 95% intervals (the run as the unit) and the
findings in words (including where the model loses). The command line (``realpolitik history
NAME``), the web lab's History page and the docs read this one shape, so a new case needs only
a module with a ``case()`` function and an entry in :data:`CASES`.

A case's ``case()`` reads its calibration from the package's cache (no refit) and simulates at
most a few thousand runs, so that it answers in seconds.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from realpolitik.history.calibrate import HistoryError

__all__ = [
    "CASES",
    "CRISES",
    "CaseResult",
    "Estimate",
    "Outcome",
    "Score",
    "Series",
    "case_names",
    "crisis_outcomes",
    "get_case",
]

#: Historical case name -> "module:function" returning its :class:`CaseResult`. A case whose
#: module does not import (a part of the package that has not landed) is left out of
#: :func:`case_names`.
CASES: dict[str, str] = {
    "pre1914": "realpolitik.history.pre1914:case",
    "coldwar": "realpolitik.history.coldwar:case",
    "cuba1962": "realpolitik.history.cuba1962:case",
    "indpak": "realpolitik.history.indpak:case",
}

#: Historical crisis models that ``realpolitik run NAME`` plays instead of a scenario file:
#: name -> "module:function" taking ``(runs, seed)`` and returning a tuple of :class:`Outcome`.
CRISES: dict[str, str] = {
    "cuba1962": "realpolitik.history.cuba1962:outcome_table",
}


@dataclass(frozen=True)
class Series:
    """One observed series with the model's simulated band over the same years.

    Attributes
    ----------
    label
        What the series is, e.g. ``"GMY"`` or ``"USA warheads"``.
    years
        Calendar years of the series.
    observed
        The historical values (None where the data have a gap), in the case's ``units``.
    low, median, high
        The model's simulated 5%, 50% and 95% quantiles in the same years (empty tuples when the
        case has no simulated band for this series).
    """

    label: str
    years: tuple[int, ...]
    observed: tuple[float | None, ...]
    low: tuple[float, ...] = ()
    median: tuple[float, ...] = ()
    high: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.years)
        for name in ("observed", "low", "median", "high"):
            got = len(getattr(self, name))
            if got not in (n, 0) or (name == "observed" and got != n):
                raise HistoryError(f"series {self.label!r}: {name} has {got} values for {n} years")


@dataclass(frozen=True)
class Estimate:
    """A calibrated parameter: its value, standard error (NaN if none) and units."""

    name: str
    value: float
    se: float
    units: str
    note: str = ""


@dataclass(frozen=True)
class Score:
    """An out-of-sample score for one series: the model's error and the naive baseline's.

    ``model`` and ``naive`` are in the units of the case's ``score_label`` (lower is better).
    """

    label: str
    model: float
    naive: float

    @property
    def model_better(self) -> bool:
        """Whether the model's error is below the naive baseline's."""
        return self.model < self.naive


@dataclass(frozen=True)
class Outcome:
    """A simulated outcome: its probability with a 95% interval over ``runs`` runs."""

    name: str
    probability: float
    low: float
    high: float
    runs: int
    note: str = ""

    def __post_init__(self) -> None:
        ok = all(
            math.isfinite(x) and 0.0 <= x <= 1.0 for x in (self.probability, self.low, self.high)
        )
        if not ok or not self.low <= self.probability <= self.high or self.runs < 1:
            raise HistoryError(
                f"outcome {self.name!r}: need 0 <= low <= probability <= high <= 1 and runs >= 1; "
                f"got {self.low}, {self.probability}, {self.high}, runs={self.runs}"
            )

    @classmethod
    def from_counts(cls, name: str, hits: int, runs: int, note: str = "") -> Outcome:
        """Build an outcome from a count of runs with a Wilson 95% interval."""
        from realpolitik.analysis.intervals import wilson_interval

        lo, hi = wilson_interval(int(hits), int(runs))
        p = hits / runs
        return cls(name, p, min(lo, p), max(hi, p), int(runs), note)


@dataclass(frozen=True)
class CaseResult:
    """What a historical scenario reports (the shape of ``realpolitik history NAME``).

    Attributes
    ----------
    name, title
        The case's short name (``pre1914``) and a one-line title.
    scenario
        The bundled scenario that ``realpolitik run`` runs for this case, or None.
    units
        Units of the series' values, e.g. ``"billion 2020 US$"``.
    fit_years, split
        The calibration years as text (``"1880-1904"``) and the first out-of-sample year (None
        when the case cannot be scored out of sample, e.g. a single crisis).
    series
        The observed series with the simulated bands.
    estimates
        The calibrated parameters.
    scores, score_label
        Out-of-sample scores and what they measure (e.g. ``"RMSE of log spending, 1905-1913"``).
    outcomes
        Simulated outcome probabilities (e.g. a great-power war by 1914).
    findings
        Plain sentences: what the model tracks well, where it loses, what the outcomes mean.
    sources
        Citation keys of the models and data used (``realpolitik.cite`` resolves them).
    """

    name: str
    title: str
    scenario: str | None
    units: str
    fit_years: str
    split: int | None
    series: tuple[Series, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    scores: tuple[Score, ...] = ()
    score_label: str = ""
    outcomes: tuple[Outcome, ...] = ()
    findings: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (NaN becomes None)."""

        def clean(x: Any) -> Any:
            if isinstance(x, float) and not math.isfinite(x):
                return None
            if isinstance(x, dict):
                return {k: clean(v) for k, v in x.items()}
            if isinstance(x, list | tuple):
                return [clean(v) for v in x]
            return x

        out = clean(asdict(self))
        out["scores"] = [
            dict(s, model_better=sc.model_better)
            for s, sc in zip(out["scores"], self.scores, strict=True)
        ]
        return out


def _loader(name: str) -> Callable[[], CaseResult] | None:
    module_name, func = CASES[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, func)


def case_names() -> tuple[str, ...]:
    """Return the names of the historical cases this installation has, in :data:`CASES` order."""
    return tuple(n for n in CASES if _loader(n) is not None)


def get_case(name: str) -> CaseResult:
    """Return the :class:`CaseResult` of the historical case ``name`` (from its cached fit).

    Raises
    ------
    HistoryError
        An unknown name, naming the allowed ones.
    """
    names = case_names()
    if name not in names:
        raise HistoryError(f"historical case {name!r}: choose one of {list(names)}")
    loader = _loader(name)
    assert loader is not None
    return loader()


def crisis_outcomes(
    name: str, runs: int | None = None, seed: int | None = None
) -> tuple[Outcome, ...]:
    """Play the crisis model ``name`` of :data:`CRISES` and return its outcome table.

    Parameters
    ----------
    name
        A key of :data:`CRISES`, e.g. ``"cuba1962"``.
    runs, seed
        Independent runs and the root seed (None: the model's defaults).

    Raises
    ------
    HistoryError
        An unknown name (naming the allowed ones), or a bad ``runs`` or ``seed``.
    """
    if name not in CRISES:
        raise HistoryError(f"crisis model {name!r}: choose one of {list(CRISES)}")
    module_name, func = CRISES[name].split(":")
    play = getattr(importlib.import_module(module_name), func)
    given = {k: v for k, v in (("runs", runs), ("seed", seed)) if v is not None}
    return play(**given)

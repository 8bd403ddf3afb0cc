"""An experiment's results read back from its store, ready for the report and the web lab.

:func:`read_results` opens a results store read-only (:class:`~realpolitik.experiments.store.
ResultsStore`) and returns what :func:`realpolitik.report.experiment_report.
write_experiment_report` and the web lab's Experiments page need: the experiment as run (its
fields with the run's ``runs`` and ``years`` and its scenario's sources), the cells (``cell``,
``intervention``, ``point`` and the design's factors) and the per-run outcomes. Both
``realpolitik report STORE.duckdb`` and ``realpolitik results STORE`` start here, so the
report's tables and ``results --format csv`` are computed from the same rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["StoreResults", "read_results"]


@dataclass(frozen=True)
class StoreResults:
    """An experiment's results as stored.

    Attributes
    ----------
    path : pathlib.Path
        The store.
    experiment : dict
        The experiment's fields (name, title, description, scenario, years, runs, seed,
        interventions, set, design) and ``scenario_sources`` (BibTeX keys).
    cells : pandas.DataFrame
        ``cell``, ``intervention``, ``point`` and one column per factor.
    runs : pandas.DataFrame
        One row per finished run: ``cell``, ``chunk``, ``run`` and the outcomes.
    factors : list of str
        The design's factors.
    chunks_done, chunks : int
        Finished chunks and all chunks (a sweep still running or interrupted has fewer done).
    """

    path: Path
    experiment: dict[str, Any]
    cells: Any
    runs: Any
    factors: list[str]
    chunks_done: int
    chunks: int

    @property
    def complete(self) -> bool:
        """Whether every chunk of the sweep is in the store."""
        return self.chunks_done == self.chunks


def _design_order(experiment: dict[str, Any], factors: list[str]) -> None:
    """Put the design's factors back in the order they were sampled in (in place).

    The stored experiment is canonical JSON (sorted keys); the order of a sampler's factors is
    the order of its sample's columns, which Sobol indices (SALib's ``problem``) rely on, and
    the store keeps it in ``meta.factors``.
    """
    design = experiment.get("design")
    if not design or not design.get("factors"):
        return
    given = design["factors"]
    order = [f for f in factors if f in given] + [f for f in given if f not in factors]
    design["factors"] = {f: given[f] for f in order}


def read_results(path: str | os.PathLike[str]) -> StoreResults:
    """Read an experiment's results from its store (read-only; the file is left as it is).

    Parameters
    ----------
    path
        A results store written by ``realpolitik sweep``.

    Returns
    -------
    StoreResults
        The experiment as run, its cells, its finished runs and its progress.

    Raises
    ------
    realpolitik.experiments.store.StoreError
        For a file that is not a store, a corrupt one or one of another layout version.
    """
    from realpolitik.experiments.store import ResultsStore

    with ResultsStore(path) as db:
        experiment = db.experiment()  # with the run's runs, years and scenario sources
        runs, cells, factors = db.runs(), db.cells(), db.factors()
        done, total, _, _ = db.progress()
    _design_order(experiment, factors)
    columns = ["cell", "intervention", "point", *factors]
    return StoreResults(Path(path), experiment, cells[columns], runs, factors, done, total)

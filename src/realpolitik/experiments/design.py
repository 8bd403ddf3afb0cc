"""Designs and cells: the design points of an experiment and each cell's checked run.

A design's points (:func:`design_points`):

- ``grid``: the full factorial of the factors' values, the last factor varying fastest;
- ``lhs``: a Latin hypercube sample (McKay, Beckman and Conover 1979) of ``samples`` points
  in the factors' bounds, from :class:`scipy.stats.qmc.LatinHypercube` seeded with the
  experiment's seed;
- ``sobol``: Saltelli's (2002) sample for Sobol' (2001) indices from SALib (Herman and Usher
  2017), ``samples`` (N, a power of two) x (D + 2) points without second-order terms, seeded
  with the experiment's seed.

Cells are interventions x design points, numbered 0, 1, ... intervention by intervention
(the points in order inside each), so :func:`realpolitik.experiments.analysis.sobol_indices`
reads a Sobol design's cells in the sample's order. Each cell's parameters are the
scenario's, then ``set``, then the intervention's changes, then the design point; each cell
is checked like ``realpolitik run SCENARIO --set ...`` with those overrides (every key known,
every value in range, every key taking effect) before any run.

Each cell has its own root seed, drawn from the experiment's seed and the cell's number
(``SeedSequence(seed, spawn_key=(cell,))``), and its chunks the engine's streams of that seed
(:func:`realpolitik.engine.plan_chunks`), so a chunk's numbers depend on (experiment, cell,
chunk) only, never on the executor, the workers or which chunks ran before.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.experiments.schema import MAX_CELLS, Experiment, Range

__all__ = ["Cell", "Sweep", "build_sweep", "cell_seed", "design_points", "to_json"]


def design_points(exp: Experiment) -> list[dict[str, Any]]:
    """Return the design's points, factor -> value (one empty point without a design).

    Parameters
    ----------
    exp
        The checked experiment.

    Returns
    -------
    list of dict
        The points in the design's order (see the module docstring).
    """
    design = exp.design
    if design is None:
        return [{}]
    names = list(design.factors)
    if design.kind == "grid":
        values = [design.factors[k] for k in names]
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    bounds = [design.factors[k] for k in names]
    assert all(isinstance(b, Range) for b in bounds) and design.samples is not None
    low = np.array([b.low for b in bounds])  # type: ignore[union-attr]
    high = np.array([b.high for b in bounds])  # type: ignore[union-attr]
    if design.kind == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(names), seed=np.random.default_rng(exp.seed))
        sample = qmc.scale(unit.random(design.samples), low, high)
    else:
        from SALib.sample import sobol

        problem = {
            "num_vars": len(names),
            "names": names,
            "bounds": [[lo, hi] for lo, hi in zip(low, high, strict=True)],
        }
        sample = sobol.sample(problem, design.samples, calc_second_order=False, seed=exp.seed)
    return [{k: float(v) for k, v in zip(names, row, strict=True)} for row in sample]


def cell_seed(seed: int, cell: int) -> int:
    """Return cell ``cell``'s root seed: 63 bits of ``SeedSequence(seed, spawn_key=(cell,))``."""
    state = np.random.SeedSequence(seed, spawn_key=(cell,)).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def to_json(value: Any) -> str:
    """Return canonical JSON (sorted keys, no spaces; numpy values as plain numbers)."""

    def plain(v: Any) -> Any:
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, tuple | list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        return v

    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), allow_nan=False)


@dataclass(frozen=True)
class Cell:
    """One cell: an intervention at one design point, with its checked run.

    Attributes
    ----------
    index : int
        The cell's number (0, 1, ...).
    intervention : str
        The intervention's name.
    point : int
        The design point's number (shared by the interventions).
    factors : dict
        The design point: factor -> value.
    overrides : dict
        Every engine key the cell sets (``set``, the intervention, the point).
    seed : int
        The cell's root seed (:func:`cell_seed`).
    scenario : realpolitik.scenarios.Scenario
        The scenario with the cell's overrides applied (checked).
    compiled : realpolitik.scenarios.CompiledScenario
        Its engine inputs ``(params, states, initial, schedule)``.
    """

    index: int
    intervention: str
    point: int
    factors: dict[str, Any]
    overrides: dict[str, Any]
    seed: int
    scenario: Any = field(repr=False)
    compiled: Any = field(repr=False)


@dataclass(frozen=True)
class Sweep:
    """An experiment's cells, sizes and canonical hash (what a results store is made for).

    Attributes
    ----------
    experiment : Experiment
        The experiment.
    cells : tuple of Cell
        Its cells.
    runs, years, chunk_size : int
        Replications per cell, years per run, runs per chunk.
    factors : tuple of str
        The design's factors (the varied columns of the store's cells table).
    scenario_hash : str
        SHA-256 of the scenario as loaded, before any override (canonical JSON).
    digest : str
        SHA-256 of everything the results depend on (scenario, sizes, seed, each cell's
        intervention and parameters): a store belongs to one digest.
    """

    experiment: Experiment
    cells: tuple[Cell, ...]
    runs: int
    years: int
    chunk_size: int
    factors: tuple[str, ...]
    scenario_hash: str
    digest: str

    @property
    def chunks_per_cell(self) -> int:
        """The number of chunks of each cell."""
        return -(-self.runs // self.chunk_size)


def _where(exp: Experiment, key: str, intervention: int) -> tuple[str | int, ...]:
    """Return the experiment's field that gives ``key`` its value in a cell (last layer wins)."""
    if exp.design is not None and key in exp.design.factors:
        return ("design", "factors", key)
    from realpolitik.experiments.interventions import INTERVENTIONS

    if key in INTERVENTIONS[exp.interventions[intervention]].changes:
        return ("interventions", intervention)
    return ("set", key) if key in exp.set else ("scenario",)


def _check_keys(exp: Experiment) -> None:
    """Refuse an unknown engine key in ``set`` or the design, suggesting the closest."""
    from realpolitik.engine import Params

    specs = Params.specs()
    given = [(("set", k), k) for k in exp.set]
    if exp.design is not None:
        given += [(("design", "factors", k), k) for k in exp.design.factors]
    for loc, key in given:
        if key not in specs:
            close = difflib.get_close_matches(key, list(specs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise exp.error(
                f"unknown key {key!r}{hint}; allowed: the engine keys of docs/mechanisms.md", loc
            )


def _load(exp: Experiment) -> Any:
    """Load the experiment's scenario (a file next to the experiment's, or a bundled name)."""
    from realpolitik.scenarios import ScenarioError, load_scenario

    try:
        return load_scenario(exp.scenario_source())
    except ScenarioError as err:
        raise exp.error(f"scenario {exp.scenario!r}: {err}", ("scenario",)) from None


def _compile(
    exp: Experiment, scenario: Any, overrides: dict[str, Any], i: int, years: Any, seed: int = 0
) -> tuple[Any, int, Any]:
    """Return a cell's scenario (overrides applied), years and engine inputs, checked.

    The checks of ``realpolitik run SCENARIO --set ...``: every key known, every value in
    range, every key taking effect; an error names the experiment's field that set the key.
    """
    from realpolitik.scenarios import ScenarioError, compile_scenario, with_overrides
    from realpolitik.scenarios.validation import check_size

    try:
        cell = with_overrides(scenario, overrides)
        years_n = check_size("years", years, cell.years)
        assert years_n is not None
        compiled = compile_scenario(cell, runs=exp.runs, years=years_n, seed=seed, streamed=True)
    except ScenarioError as err:
        if err.file == "--set" and err.loc:
            raise exp.error(err.message, _where(exp, str(err.loc[0]), i)) from None
        if err.loc == ("years",):
            raise exp.error(err.message, ("years",)) from None
        raise exp.error(f"scenario {exp.scenario!r}: {err}", ("scenario",)) from None
    return cell, years_n, compiled


def build_sweep(exp: Experiment) -> Sweep:
    """Build and check every cell of an experiment, before anything runs.

    Parameters
    ----------
    exp
        The experiment (:func:`~realpolitik.experiments.schema.load_experiment`).

    Returns
    -------
    Sweep
        The cells with their checked runs, the sizes and the hash.

    Raises
    ------
    ExperimentError
        Naming the experiment's file, line and field: an unknown key (with the closest
        name), a value out of range or a key whose mechanism stays off in some cell (at the
        field that sets it: ``set``, the intervention or the design factor), a scenario that
        does not load, too many cells.
    """
    from realpolitik.engine.simulate import simulate
    from realpolitik.experiments.interventions import apply_intervention

    _check_keys(exp)
    points = design_points(exp)
    n_cells = len(points) * len(exp.interventions)
    if n_cells > MAX_CELLS:
        raise exp.error(f"{n_cells:,} cells; allowed: at most {MAX_CELLS:,}", ("design",))
    scenario = _load(exp)
    _, years, _ = _compile(exp, scenario, dict(exp.set), 0, exp.years)
    states = scenario.n_states
    cells = []
    for i, name in enumerate(exp.interventions):
        for p, point in enumerate(points):
            try:
                overrides = apply_intervention(name, exp.set, states=states)
            except ValueError as err:
                raise exp.error(str(err), ("interventions", i)) from None
            overrides.update(point)
            index = len(cells)
            seed = cell_seed(exp.seed, index)
            cell, _, compiled = _compile(exp, scenario, overrides, i, years, seed)
            cells.append(Cell(index, name, p, dict(point), overrides, seed, cell, compiled))
    scenario_hash = hashlib.sha256(
        to_json(scenario.model_dump(mode="json", exclude_none=True)).encode()
    ).hexdigest()
    chunk_size = exp.chunk_size or int((simulate.__kwdefaults__ or {})["chunk_size"])
    canon = {
        "scenario": scenario_hash,
        "runs": exp.runs,
        "years": years,
        "seed": exp.seed,
        "chunk_size": chunk_size,
        "cells": [[c.intervention, c.overrides] for c in cells],
    }
    digest = hashlib.sha256(to_json(canon).encode()).hexdigest()
    factors = tuple(exp.design.factors) if exp.design is not None else ()
    return Sweep(exp, tuple(cells), exp.runs, years, chunk_size, factors, scenario_hash, digest)

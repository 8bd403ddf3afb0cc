"""Experiment files: the schema, the safe loader and the checks made before any run.

An experiment is a scenario x named interventions x a parameter design x replications x a
seed, written as YAML (docs/experiments.md gives the format). It is read with the scenarios'
safe YAML (:func:`realpolitik.scenarios.safe_yaml.parse_yaml`: no aliases, no tags, bounded
size) and validated with pydantic; every problem raises :class:`ExperimentError`, one line
``<file>:<line>: <field>: <message>`` as for scenarios.

The cells of an experiment are interventions x design points (:func:`realpolitik.
experiments.design.cells`); each cell's parameters are the scenario's, then ``set``, then the
intervention's changes, then the design point (a later one wins).
"""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from realpolitik.scenarios.loader import _line_of, _read_bounded, first_error
from realpolitik.scenarios.safe_yaml import parse_yaml
from realpolitik.scenarios.schema import Name, ScenarioError, Value

__all__ = [
    "DESIGN_KINDS",
    "Design",
    "Experiment",
    "ExperimentError",
    "Range",
    "bundled_experiments",
    "experiment_path",
    "load_experiment",
    "parse_experiment",
]

DESIGN_KINDS = ("grid", "lhs", "sobol")
"""Designs: full factorial grid, Latin hypercube (McKay et al. 1979), Saltelli's Sobol sample."""
MAX_CELLS = 100_000
"""The most cells (interventions x design points) an experiment may have."""
_LIBRARY = Path(__file__).parent / "library"


class ExperimentError(ScenarioError):
    """An experiment that cannot be run: ``<file>:<line>: <field>: <message>``.

    A :class:`~realpolitik.scenarios.ScenarioError` (and so a ``ValueError``) with the same
    attributes (``message``, ``file``, ``line``, ``loc``, ``field``).
    """


class Range(BaseModel):
    """A factor's bounds for a sampler: ``{low: .., high: ..}`` with low < high."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    low: float
    high: float

    @field_validator("low", "high")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number; allowed: finite numbers")
        return value


class Design(BaseModel):
    """A parameter design: the kind, its factors and (for samplers) the number of samples."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["grid", "lhs", "sobol"]
    factors: dict[str, list[Any] | Range] = Field(min_length=1)
    samples: int | None = Field(default=None, ge=1, le=MAX_CELLS)


class Experiment(BaseModel):
    """An experiment file's contents (see the module docstring and docs/experiments.md).

    Attributes
    ----------
    source : str
        The file as given (errors name it); ``"<dict>"`` for plain values.
    directory : pathlib.Path or None
        The file's folder, against which a relative ``scenario`` path is read.
    lines : dict
        Field path -> 1-based line in the file (empty for plain values).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Name
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    scenario: str = Field(min_length=1)
    years: int | None = Field(default=None, ge=1, le=100_000)
    runs: int = Field(ge=1, le=100_000_000)
    seed: int = Field(ge=0, le=2**63 - 1)
    chunk_size: int | None = Field(default=None, ge=1, le=1_000_000)
    interventions: list[str] = Field(min_length=1)
    set: dict[str, Value] = Field(default_factory=dict)
    design: Design | None = None

    source: str = Field(default="<dict>", exclude=True)
    directory: Path | None = Field(default=None, exclude=True)
    lines: dict[tuple, int] = Field(default_factory=dict, exclude=True, repr=False)

    def error(self, message: str, loc: tuple[str | int, ...]) -> ExperimentError:
        """Return an :class:`ExperimentError` at field ``loc`` of this experiment's file."""
        return ExperimentError(message, file=self.source, line=_line_of(loc, self.lines), loc=loc)

    def scenario_source(self) -> str:
        """Return the scenario to load: a file next to the experiment's, or a bundled name."""
        if self.directory is not None:
            path = self.directory / self.scenario
            if path.is_file():
                return str(path)
        return self.scenario


def _check_design(exp: Experiment) -> None:
    """Refuse an empty grid, a sampler without bounds or samples, a bad Sobol size."""
    design = exp.design
    if design is None:
        return
    for key, values in design.factors.items():
        loc = ("design", "factors", key)
        if design.kind == "grid" and not isinstance(values, list):
            raise exp.error("a grid factor is a list of values, e.g. [0.0, 0.5]", loc)
        if design.kind == "grid" and not values:
            raise exp.error("the grid has no values for this factor; give at least one", loc)
        if design.kind != "grid" and not isinstance(values, Range):
            raise exp.error(
                f"a {design.kind} factor needs bounds {{low: .., high: ..}}, got {values!r}", loc
            )
        if isinstance(values, Range) and not values.low < values.high:
            raise exp.error(
                f"low = {values.low} is not below high = {values.high}; allowed: low < high", loc
            )
    if design.kind != "grid" and design.samples is None:
        raise exp.error(f"a {design.kind} design needs samples (an integer >= 1)", ("design",))
    samples = design.samples or 0
    if design.kind == "sobol" and samples & (samples - 1):
        raise exp.error(
            f"{samples} is not a power of two; allowed: 1, 2, 4, 8, ... (Saltelli's base N)",
            ("design", "samples"),
        )
    if design.kind == "grid" and design.samples is not None:
        raise exp.error(
            "a grid takes no samples (its points are the factors' values)", ("design", "samples")
        )


def _check_interventions(exp: Experiment) -> None:
    from realpolitik.experiments.interventions import INTERVENTIONS

    seen: set[str] = set()
    for i, name in enumerate(exp.interventions):
        if name not in INTERVENTIONS:
            close = difflib.get_close_matches(name, list(INTERVENTIONS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise exp.error(
                f"unknown intervention {name!r}{hint}; known: {', '.join(INTERVENTIONS)}",
                ("interventions", i),
            )
        if name in seen:
            raise exp.error(f"intervention {name!r} is listed twice", ("interventions", i))
        seen.add(name)


def parse_experiment(
    data: Any,
    *,
    source: str = "<dict>",
    lines: dict[tuple, int] | None = None,
    directory: Path | None = None,
) -> Experiment:
    """Validate plain values (as a YAML file gives them) as an experiment.

    Checks the schema, the interventions (known, each once) and the design (grid values,
    sampler bounds and samples). The keys, the scenario and whether each key takes effect
    are checked when the cells are built (:func:`realpolitik.experiments.design.cells`).

    Parameters
    ----------
    data
        The values (a mapping).
    source
        The name shown in errors.
    lines
        Field path -> line (from the YAML).
    directory
        The folder a relative ``scenario`` path is read against.

    Returns
    -------
    Experiment
        The checked experiment.

    Raises
    ------
    ExperimentError
        For the first problem, naming file, line and field.
    """
    lines = lines or {}
    if not isinstance(data, dict):
        raise ExperimentError(
            "an experiment is a mapping of keys (name, title, description, scenario, runs, "
            f"seed, interventions, ...), got {type(data).__name__}",
            file=source,
            line=1 if lines else None,
        )
    try:
        exp = Experiment.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, source, lines, ExperimentError, ("list[any]", "Range")) from None
    exp = exp.model_copy(update={"source": source, "lines": dict(lines), "directory": directory})
    _check_interventions(exp)
    _check_design(exp)
    return exp


def bundled_experiments() -> tuple[str, ...]:
    """Return the names of the experiments shipped with the package, sorted (may be empty)."""
    if not _LIBRARY.is_dir():
        return ()
    return tuple(sorted(p.stem for p in _LIBRARY.glob("*.yaml")))


def experiment_path(name_or_path: str | os.PathLike[str]) -> tuple[Path, str]:
    """Return the experiment's file and the name to show in errors (a bundled name or a path).

    Raises
    ------
    ExperimentError
        For a name that is neither a file nor a bundled experiment (suggesting close names).
    """
    text = os.fspath(name_or_path)
    path = Path(text)
    if path.is_file() or "/" in text or os.sep in text or path.suffix in (".yaml", ".yml"):
        return path, text
    if text in bundled_experiments():
        return _LIBRARY / f"{text}.yaml", f"{text}.yaml"
    known = bundled_experiments()
    close = difflib.get_close_matches(text, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listing = ", ".join(known) if known else "none are bundled"
    raise ExperimentError(
        f"no experiment file or bundled experiment named {text!r}{hint}; bundled: {listing}",
        file=text,
    )


def load_experiment(name_or_path: str | os.PathLike[str]) -> Experiment:
    """Read and check an experiment: a bundled name (``realpolitik experiments``) or a file.

    Parameters
    ----------
    name_or_path
        A bundled experiment's name or a path to a YAML file.

    Returns
    -------
    Experiment
        The checked experiment (its scenario read relative to the file).

    Raises
    ------
    ExperimentError
        For a missing or unreadable file, bad YAML, or the first invalid field.
    """
    path, shown = experiment_path(name_or_path)
    try:
        raw = _read_bounded(path, shown)
        data, lines = parse_yaml(raw.decode("utf-8"), shown)
    except UnicodeDecodeError:
        raise ExperimentError("the file is not UTF-8 text", file=shown) from None
    except ScenarioError as err:
        raise ExperimentError(
            err.message, file=err.file, line=err.line, loc=err.loc, field=err.field
        ) from None
    return parse_experiment(data, source=shown, lines=lines, directory=path.parent)

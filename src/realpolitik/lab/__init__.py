"""The lab: prepare a scenario run, run it with progress, write its outputs.

Source: docs/architecture.md (layer 5: the service both surfaces call).

The command line (``realpolitik run``, ``demo``, ``scenarios``), the web lab and experiment
runners do the same three things with a scenario, and this module does them once, returning
values and printing nothing:

1. :func:`prepare_run`: load the scenario (a bundled name, a file, a :class:`Scenario` or a
   mapping), apply overrides (``--set key=value`` texts or a mapping of engine keys), take the
   runs, years and seed, and check everything (the scenario, the overrides, the sizes, the
   memory ceiling, treaty caps) before any compute. Every problem is one
   :class:`~realpolitik.scenarios.ScenarioError` naming the field: a file's
   ``<file>:<line>: <field>``, ``--set`` and the key for an override, or ``runs``,
   ``years``, ``seed`` (``loc == ("runs",)``) for a size.
2. :func:`execute`: simulate the prepared run; ``progress(done_runs, total_runs)`` is called
   after each chunk. Results depend only on the scenario, the overrides, runs and seed (and
   the chunk size), never on ``workers``. Ctrl-C raises :class:`Interrupted`, which says how
   many chunks had finished.
3. :func:`write_outputs`: write the run's summary (``summary.csv``, ``summary.json``), figures,
   trajectory, the resolved ``scenario.yaml`` and self-contained ``index.html`` into a folder
   (:func:`realpolitik.report.run_report.write_run_report`).

:func:`run_to_folder` does 2 and 3 into an :class:`~realpolitik._output.OutputFolder` opened
before any compute (:func:`open_output`): checked, created and proven writable, and removed
again when the run fails or is interrupted. :func:`check_run` describes a prepared run without
simulating it (what will run, the parameters that take effect, a memory and time estimate);
:func:`describe_keys` lists the engine's keys; :func:`list_scenarios` describes the bundled
scenarios.

Example
-------
>>> from realpolitik import lab
>>> prepared = lab.prepare_run("two-state-spiral", overrides=["prior_trust=0.9"], runs=4, years=5)
>>> prepared.label
'two-state-spiral: 4 runs x 5 years x 2 states'
>>> lab.execute(prepared).data["military"].shape
(4, 6, 2)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from realpolitik._output import OutputFolder
from realpolitik.engine import Trajectory
from realpolitik.engine.stream import SAVE_MODES, StreamedRun
from realpolitik.lab.check import (
    CHUNK_SIZE,
    Estimate,
    RunCheck,
    check_run,
    describe_keys,
    estimate_run,
)
from realpolitik.report.run_report import RunReport, write_run_report
from realpolitik.scenarios import (
    FLAGSHIP,
    CompiledScenario,
    Scenario,
    ScenarioError,
    bundled_scenarios,
    compile_scenario,
    load_scenario,
    parse_override,
    scenario_from_dict,
    simulate_compiled,
    with_overrides,
)
from realpolitik.scenarios.validation import check_size
from realpolitik.theory._validate import InputError

__all__ = [
    "CHUNK_SIZE",
    "FLAGSHIP",
    "SAVE_MODES",
    "Estimate",
    "Interrupted",
    "Overrides",
    "PreparedRun",
    "Progress",
    "RunCheck",
    "RunResult",
    "ScenarioError",
    "ScenarioInfo",
    "ScenarioSource",
    "StreamedRun",
    "check_run",
    "describe_keys",
    "estimate_run",
    "execute",
    "execute_stream",
    "list_scenarios",
    "open_output",
    "parse_overrides",
    "prepare_run",
    "run_to_folder",
    "write_outputs",
]

#: A scenario as the lab takes it: a bundled name, a YAML file, a Scenario or plain values.
ScenarioSource = str | os.PathLike[str] | Scenario | Mapping[str, Any]
#: Overrides: ``key=value`` texts (as ``--set`` gives them) or engine key -> value.
Overrides = Sequence[str] | Mapping[str, Any]
#: A progress callback: ``progress(done_runs, total_runs)``.
Progress = Callable[[int, int], None]


class Interrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C (a ``KeyboardInterrupt``), with how far it had come.

    Parameters
    ----------
    done, total
        Chunks finished and chunks planned.
    """

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"interrupted after {done} of {total} chunks")
        self.done = done
        self.total = total


@dataclass(frozen=True)
class ScenarioInfo:
    """What a bundled scenario is, in a line (for lists and menus).

    Attributes
    ----------
    name : str
        The name ``prepare_run`` takes.
    title : str
        Its title, or the first sentence of its description.
    description : str
        What it shows and how to read it.
    states, runs, years : int
        Its size.
    """

    name: str
    title: str
    description: str
    states: int
    runs: int
    years: int


@dataclass(frozen=True)
class PreparedRun:
    """A checked run: the scenario with its overrides, the sizes and the engine inputs.

    Attributes
    ----------
    scenario : Scenario
        The scenario with the overrides applied (its own ``runs``, ``years`` and ``seed``
        unchanged; the run's are below).
    overrides : dict
        Engine key -> value, as applied (recorded with the result).
    runs, years, seed : int
        The run's sizes and root seed.
    compiled : CompiledScenario
        The engine inputs ``(params, states, initial, schedule)``.
    """

    scenario: Scenario
    overrides: dict[str, Any]
    runs: int
    years: int
    seed: int
    compiled: CompiledScenario = field(repr=False)

    @property
    def label(self) -> str:
        """One line: ``<name>: <runs> runs x <years> years x <states> states``."""
        return (
            f"{self.scenario.name}: {self.runs:,} runs x {self.years:,} years x "
            f"{self.scenario.n_states} states"
        )


@dataclass(frozen=True)
class RunResult:
    """A finished run and the files written.

    Attributes
    ----------
    prepared : PreparedRun
        What ran.
    trajectory : Trajectory
        The simulation's record.
    report : RunReport
        The folder, page, summary table and files written.
    """

    prepared: PreparedRun
    trajectory: Trajectory
    report: RunReport


def list_scenarios() -> tuple[ScenarioInfo, ...]:
    """Describe the scenarios shipped with the package, sorted by name.

    Returns
    -------
    tuple of ScenarioInfo
        One per bundled scenario.
    """
    out = []
    for name in bundled_scenarios():
        sc = load_scenario(name)
        title = sc.title or sc.description.split(". ")[0]
        out.append(ScenarioInfo(name, title, sc.description, sc.n_states, sc.runs, sc.years))
    return tuple(out)


def parse_overrides(overrides: Overrides | None) -> dict[str, Any]:
    """Return overrides as engine key -> value.

    Parameters
    ----------
    overrides
        ``key=value`` texts (each read as a YAML scalar or flat list; a later key wins), a
        mapping of engine keys to values, or None.

    Returns
    -------
    dict
        Key -> value (keys and values are checked against the scenario by
        :func:`prepare_run`).

    Raises
    ------
    ScenarioError
        With ``file == "--set"``, for a text that is not ``key=value``.
    """
    if overrides is None:
        return {}
    if isinstance(overrides, Mapping):
        return dict(overrides)
    texts = [overrides] if isinstance(overrides, str) else list(overrides)
    return dict(parse_override(text) for text in texts)


def prepare_run(
    scenario: ScenarioSource,
    *,
    overrides: Overrides | None = None,
    runs: int | None = None,
    years: int | None = None,
    seed: int | None = None,
    streamed: bool = False,
) -> PreparedRun:
    """Load, override and check a scenario run, so that bad input fails before any compute.

    Parameters
    ----------
    scenario
        A bundled name (:func:`list_scenarios`), a path to a YAML file, a :class:`Scenario`,
        or a mapping of plain values (the keys of a scenario file).
    overrides
        Engine keys for every state: ``key=value`` texts or a mapping (see
        :func:`parse_overrides`).
    runs, years, seed
        The run's sizes and root seed (None: the scenario's own).
    streamed
        The run will be streamed to disk (:func:`run_to_folder`): the memory ceiling of an
        in-memory record is not checked, so every run size up to the limit is allowed.

    Returns
    -------
    PreparedRun
        The checked run with its engine inputs.

    Raises
    ------
    ScenarioError
        For the first problem: the scenario's (``file``, ``line``, ``loc``), an override's
        (``file == "--set"``), or a size's (``loc == ("runs",)``, ``("years",)``,
        ``("seed",)``, with ``file`` None).
    """
    if isinstance(scenario, Mapping):
        loaded = scenario_from_dict(scenario)
    else:
        loaded = load_scenario(scenario)
    applied = parse_overrides(overrides)
    loaded = with_overrides(loaded, applied)
    runs_n = check_size("runs", runs, loaded.runs)
    years_n = check_size("years", years, loaded.years)
    seed_n = check_size("seed", seed, loaded.seed)
    assert runs_n is not None and years_n is not None and seed_n is not None
    compiled = compile_scenario(loaded, runs=runs_n, years=years_n, seed=seed_n, streamed=streamed)
    return PreparedRun(loaded, applied, runs_n, years_n, seed_n, compiled)


def execute(
    prepared: PreparedRun,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    **simulate_kwargs: Any,
) -> Trajectory:
    """Simulate a prepared run.

    Parameters
    ----------
    prepared
        From :func:`prepare_run`.
    workers
        Local processes (results do not depend on it).
    progress
        Optional ``progress(done_runs, total_runs)``, called after each chunk.
    **simulate_kwargs
        Passed to :func:`~realpolitik.engine.simulate` (e.g. ``chunk_size``).

    Returns
    -------
    Trajectory
        The simulation's record.

    Raises
    ------
    Interrupted
        On Ctrl-C (``KeyboardInterrupt``): the worker processes are stopped and the exception
        says how many chunks had finished.
    """
    simulate_kwargs.setdefault("state_names", prepared.scenario.state_names)
    simulate_kwargs.setdefault("start_year", prepared.scenario.start_year)
    return _counted(simulate_compiled, prepared, workers, progress, simulate_kwargs)


def execute_stream(
    prepared: PreparedRun,
    directory: str | os.PathLike[str] | None,
    *,
    save: str = "full",
    stride: int = 1,
    workers: int = 1,
    progress: Progress | None = None,
    **stream_kwargs: Any,
) -> StreamedRun:
    """Simulate a prepared run, streaming each chunk to ``directory`` as it finishes.

    Memory is bounded by a chunk per worker, whatever the number of runs
    (:func:`realpolitik.engine.stream.simulate_stream`).

    Parameters
    ----------
    prepared
        From :func:`prepare_run`.
    directory
        The trajectory folder to write (None with ``save="none"``).
    save
        ``"full"`` (the yearly record, the per-run outcomes and the events), ``"summary"``
        (the per-run outcomes) or ``"none"``.
    stride
        Record every ``stride``-th year of the yearly record (>= 1).
    workers, progress
        As for :func:`execute`.
    **stream_kwargs
        Passed to :func:`~realpolitik.engine.stream.simulate_stream` (e.g. ``chunk_size``).

    Returns
    -------
    StreamedRun
        The metrics, per-run outcomes and the report's sample; ``path`` the folder.

    Raises
    ------
    Interrupted
        On Ctrl-C, saying how many chunks had finished.
    """
    from realpolitik.engine.stream import simulate_stream

    compiled = prepared.compiled

    def stream(_compiled: Any, **kwargs: Any) -> StreamedRun:
        return simulate_stream(
            compiled.params,
            states=compiled.states,
            initial=compiled.initial,
            schedule=compiled.schedule or None,
            directory=directory,
            save=save,
            stride=stride,
            state_names=prepared.scenario.state_names,
            start_year=prepared.scenario.start_year,
            **kwargs,
        )

    return _counted(stream, prepared, workers, progress, stream_kwargs)


def _counted(
    run: Callable[..., Any],
    prepared: PreparedRun,
    workers: int,
    progress: Progress | None,
    kwargs: dict[str, Any],
) -> Any:
    """Run ``run(compiled, runs=..., seed=..., progress=..., **kwargs)``, counting chunks.

    Ctrl-C raises :class:`Interrupted`, saying how many chunks had finished.
    """
    chunk_size = kwargs.get("chunk_size", CHUNK_SIZE)
    total = math.ceil(prepared.runs / chunk_size) if isinstance(chunk_size, int) else 0
    done = 0

    def counted(done_runs: int, total_runs: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done_runs, total_runs)

    try:
        return run(
            prepared.compiled,
            runs=prepared.runs,
            years=prepared.years,
            seed=prepared.seed,
            workers=workers,
            progress=counted,
            **kwargs,
        )
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise Interrupted(done, total) from None


def write_outputs(
    prepared: PreparedRun,
    trajectory: Trajectory,
    folder: str | os.PathLike[str],
    *,
    fmt: str = "png",
    command: str = "realpolitik.lab",
    save_trajectory: bool = True,
) -> RunReport:
    """Write a run's summary, figures, trajectory and HTML page into an existing folder.

    Parameters
    ----------
    prepared
        The run (its scenario and overrides are recorded with the result).
    trajectory
        Its record, from :func:`execute`.
    folder
        An existing folder.
    fmt
        Figure format, ``"png"`` or ``"svg"``.
    command
        What started the run (e.g. the command line), shown in the page's footer.
    save_trajectory
        Also write the trajectory (``trajectory/``).

    Returns
    -------
    RunReport
        The folder, the page, the summary table and every file written.
    """
    return write_run_report(
        trajectory,
        prepared.scenario,
        Path(folder),
        fmt=fmt,
        overrides=prepared.overrides,
        command=command,
        save_trajectory=save_trajectory,
    )


def open_output(
    name: str, out: str | os.PathLike[str] | None = None, *, overwrite: bool = False
) -> OutputFolder:
    """Check, create and prove writable an output folder before any compute.

    Parameters
    ----------
    name
        The default folder's name before its timestamp (e.g. ``"run-two-state-spiral"``).
    out
        The folder (created if missing; must be empty unless ``overwrite``), or None for
        ``./realpolitik-output/<name>-<timestamp>/``.
    overwrite
        Allow a non-empty ``out`` (entries of the same names are replaced, others kept).

    Returns
    -------
    OutputFolder
        The open folder; :func:`run_to_folder` writes into it.

    Raises
    ------
    realpolitik._output.OutputError
        A ``ValueError`` naming ``--out``, the path and the problem.
    """
    return OutputFolder.open(name, None if out is None else Path(out), overwrite=overwrite)


def run_to_folder(
    prepared: PreparedRun,
    folder: str | os.PathLike[str] | OutputFolder,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    fmt: str = "png",
    command: str = "realpolitik.lab",
    save_trajectory: bool = True,
    overwrite: bool = False,
    save: str | None = None,
    stride: int = 1,
    **simulate_kwargs: Any,
) -> RunResult:
    """Simulate a prepared run and write its outputs: :func:`execute`, then :func:`write_outputs`.

    The folder is checked before any compute (:func:`open_output`); the outputs are written
    into its staging folder and moved into place at the end, so an error or Ctrl-C leaves
    neither an empty nor a half-written folder behind.

    Parameters
    ----------
    prepared
        From :func:`prepare_run`.
    folder
        The output folder: an :class:`~realpolitik._output.OutputFolder` from
        :func:`open_output`, or a path (opened here with ``overwrite``).
    workers, progress, **simulate_kwargs
        As for :func:`execute`.
    fmt, command, save_trajectory
        As for :func:`write_outputs`.
    overwrite
        For a path: allow a non-empty folder.
    save
        None (default): simulate in memory (:func:`execute`). ``"full"``, ``"summary"`` or
        ``"none"``: stream the run to ``trajectory/`` chunk by chunk
        (:func:`execute_stream`, memory bounded by a chunk per worker) and save that much of
        it; the result's ``trajectory`` is then a
        :class:`~realpolitik.engine.stream.StreamedRun`.
    stride
        With ``save``: record every ``stride``-th year of the yearly record.

    Returns
    -------
    RunResult
        The run, its trajectory and the report (its paths in the final folder).

    Raises
    ------
    InputError
        A ``ValueError`` for a figure format that is not allowed (before any compute).
    realpolitik._output.OutputError
        For a folder that cannot be used (before any compute).
    Interrupted
        On Ctrl-C, after removing what was written.
    """
    from realpolitik.report.figures import FORMATS  # matplotlib: imported when drawing

    if fmt not in FORMATS:
        raise InputError("fmt", fmt, ", ".join(FORMATS), problem="is not a figure format")
    if not isinstance(folder, OutputFolder):
        folder = OutputFolder.open("run", Path(folder), overwrite=overwrite)
    if save is not None and save not in SAVE_MODES:
        raise InputError("save", save, ", ".join(SAVE_MODES), problem="is not a save mode")
    with folder:  # an exception (Ctrl-C included) discards the folder's new contents
        if save is None:
            trajectory: Any = execute(
                prepared, workers=workers, progress=progress, **simulate_kwargs
            )
        else:
            saved = None if save == "none" else folder.staging / "trajectory"
            trajectory = execute_stream(
                prepared, saved, save=save, stride=stride, workers=workers, progress=progress,
                **simulate_kwargs,
            )  # fmt: skip
        staged = write_outputs(
            prepared,
            trajectory,
            folder.staging,
            fmt=fmt,
            command=command,
            save_trajectory=save_trajectory and save is None,
        )
        if save is not None and save != "none":
            staged.files.insert(len(staged.files) - 1, folder.staging / "trajectory")
        folder.commit()
    report = replace(
        staged,
        folder=folder.path,
        index=folder.final(staged.index),
        files=[folder.final(p) for p in staged.files],
    )
    return RunResult(prepared, trajectory, report)

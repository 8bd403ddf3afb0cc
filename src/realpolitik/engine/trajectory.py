"""Trajectory: the immutable record of a simulation, and its outcome metrics.

Source: docs/architecture.md ("The engine's API", "Randomness and reproducibility").

What it holds
-------------
- ``data``: an xarray Dataset with dims (run, year, state); year 0 is the initial state and
  years 1..T follow each step. Variables ``military``, ``gdp``, ``budget_share`` (the arming
  decision's share of last year's GDP, military_new / gdp_old, before the step's war losses;
  NaN in year 0, where no decision was made), and per (run, state) ``greedy`` (the true type)
  and ``growth`` (trend growth r); plus one variable with dims (run, year) per yearly summary a
  mechanism produced (``world.summaries``, e.g. ``mean_trust``; NaN in year 0 and wherever it
  was not produced). :attr:`Trajectory.summary_names` lists them.
- ``events``: a pandas DataFrame, one row per crisis (kind ``"crisis"``) and one more row per
  war (kind ``"war"``): a crisis that becomes a war appears twice, first as its crisis row,
  then as its war row. Columns run, year (the year whose state the event shaped, 1..T), kind,
  initiator (the side that felt the larger threat; ties: the lower index), target,
  participants (a list of state indices, pyarrow-backed: [initiator, target, joiners in
  ascending order]; joiners are the allies pulled into a war, so crisis rows and the core
  model have [initiator, target]),
  winner (state index; -1 in crisis rows), label (wars only, from the initiator's and the
  target's true types: ``"security_dilemma_war"`` security seeker vs security seeker,
  ``"deterrence_failure"`` greedy initiator, ``"justified_preemption"`` security seeker vs
  greedy target; missing in crisis rows), and the crisis's attributes, the same on its war
  row: ``misperceived`` (bool: escalation driven by misperception), ``nuclear`` (bool: both
  sides nuclear), ``conceded`` (bool: the target conceded, so no war followed) and ``rung``
  (int8: the rung of the escalation ladder reached; 0 when no ladder was recorded). Sorted by
  run, year, pair, kind.

The outcome metrics with their 95% intervals (:meth:`Trajectory.metrics`) are computed by
:mod:`realpolitik.analysis` from ``data`` and the events; :meth:`Trajectory.save` and
:meth:`Trajectory.load` write and read a folder (:mod:`realpolitik.engine.storage`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik import analysis
from realpolitik.engine import storage
from realpolitik.engine.event_table import (
    columns_of,
    complete_events,
    event_columns,
    label_coords,
    name_columns,
    participants,
    state_names_of,
)
from realpolitik.engine.params import Params
from realpolitik.engine.recorder import (
    EVENT_COLUMNS,
    EVENT_KINDS,
    EXTRA_EVENT_COLUMNS,
    FLAG_COLUMNS,
    LABELS,
    PAIR_DIMS,
    RESERVED_NAMES,
    EventColumn,
)

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "EXTRA_EVENT_COLUMNS",
    "FLAG_COLUMNS",
    "LABELS",
    "RESERVED_NAMES",
    "Trajectory",
]


def __getattr__(name: str) -> Any:  # PEP 562: names that moved to realpolitik.analysis
    if name in ("arms_race_runs", "wilson_interval"):
        return getattr(analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Trajectory:
    """The immutable record of a simulation: yearly states, events and metrics.

    Build it with :func:`realpolitik.engine.simulate` or :meth:`load`; see the module
    docstring for the variables, the event table and the metrics.

    Attributes
    ----------
    params : Params
        The parameters of the simulation.
    meta : dict
        Seed, runs, years, states, chunk size, dtype, path, package version (a copy).
    """

    __slots__ = (
        "_arrays", "_cache", "_events", "_frozen", "_meta", "_pairs", "_params", "_summaries"
    )  # fmt: skip

    def __init__(self) -> None:
        raise TypeError("build a Trajectory with realpolitik.engine.simulate or Trajectory.load")

    @classmethod
    def _from_arrays(
        cls,
        *,
        military: np.ndarray,
        gdp: np.ndarray,
        budget_share: np.ndarray,
        greedy: np.ndarray,
        growth: np.ndarray,
        events: dict[str, np.ndarray],
        params: Params,
        meta: dict[str, Any],
        summaries: dict[str, np.ndarray] | None = None,
        pairs: dict[str, np.ndarray] | None = None,
        columns: tuple[EventColumn, ...] = (),
    ) -> Trajectory:
        self = object.__new__(cls)
        if columns:
            meta = {**meta, "event_columns": [c.to_dict() for c in columns]}
        arrays = {
            "military": military,
            "gdp": gdp,
            "budget_share": budget_share,
            "greedy": greedy,
            "growth": growth,
        }
        for a in arrays.values():
            a.setflags(write=False)
        ev = complete_events(events, columns_of(meta))
        for a in ev.values():
            a.setflags(write=False)
        summ = {}
        for name, value in (summaries or {}).items():
            arr = np.asarray(value, dtype=np.float64)
            if name in RESERVED_NAMES or arr.shape != military.shape[:2]:
                raise ValueError(
                    f"summary {name!r} must be a (run, year) array {military.shape[:2]} named "
                    f"other than {sorted(RESERVED_NAMES)}, got shape {arr.shape}"
                )
            arr.setflags(write=False)
            summ[str(name)] = arr
        object.__setattr__(self, "_arrays", arrays)
        object.__setattr__(self, "_summaries", summ)
        object.__setattr__(self, "_pairs", _check_pairs(pairs, military.shape))
        object.__setattr__(self, "_events", ev)
        object.__setattr__(self, "_params", params)
        object.__setattr__(self, "_meta", json.loads(json.dumps(meta)))
        object.__setattr__(self, "_cache", {})
        object.__setattr__(self, "_frozen", True)
        return self

    @classmethod
    def from_arrays(
        cls,
        military: Any,
        gdp: Any,
        greedy: Any,
        *,
        budget_share: Any = None,
        growth: Any = None,
        events: Any = None,
        params: Params | None = None,
        meta: dict[str, Any] | None = None,
        summaries: Any = None,
    ) -> Trajectory:
        """Build a trajectory from arrays made elsewhere (another model, a test, history).

        Parameters
        ----------
        military, gdp
            ``(runs, years + 1, states)`` yearly values, year 0 first (copied).
        greedy
            ``(runs, states)`` bool types.
        budget_share
            ``(runs, years + 1, states)``; default ``military_t / gdp_{t-1}`` (NaN in year 0),
            which differs from the engine's pre-war share only in years with war losses.
        growth
            ``(runs, states)`` trend growth; default NaN.
        events
            A DataFrame (or mapping of columns) with run, year, kind, initiator, target,
            winner, label; kind and label as strings (or the integer codes); winner -1 or
            missing and label missing in crisis rows. Optional columns: misperceived,
            nuclear, conceded (bool, default False), rung (default 0) and participants (lists
            starting with [initiator, target], then the joiners; default [initiator, target]).
            Default: no events.
        params
            The parameters (default :meth:`Params.core`).
        meta
            Extra metadata (seed, chunk_size, ...); runs, years and states are filled in.
        summaries
            Optional mapping name -> ``(runs, years + 1)`` yearly summary.

        Returns
        -------
        Trajectory
            The immutable trajectory.

        Raises
        ------
        ValueError
            For arrays of the wrong shape, unknown event kinds or labels, or participants that
            do not start with [initiator, target].
        """
        m, y, g, share, r = _checked_arrays(military, gdp, greedy, budget_share, growth)
        R, T1, N = m.shape
        ev = event_columns(events)
        info = {"seed": None, "chunk_size": None, "dtype": "float64"}
        info.update(meta or {})
        info.update({"runs": R, "years": T1 - 1, "states": N})
        return cls._from_arrays(
            military=m,
            gdp=y,
            budget_share=share,
            greedy=g,
            growth=r,
            events=ev,
            params=Params.core() if params is None else params,
            meta=info,
            summaries={k: np.array(v, dtype=np.float64) for k, v in (summaries or {}).items()},
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Trajectory is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Trajectory is immutable")

    def __reduce__(self):
        return (
            _rebuild,
            (self._arrays, self._events, self._params, self._meta, self._summaries, self._pairs),
        )

    # -- basic views ----------------------------------------------------------------------
    @property
    def params(self) -> Params:
        """The parameters of the simulation."""
        return self._params

    @property
    def meta(self) -> dict[str, Any]:
        """Seed, runs, years, states, chunk size, dtype, path and versions (a copy)."""
        return json.loads(json.dumps(self._meta))

    @property
    def runs(self) -> int:
        """The number of runs."""
        return int(self._arrays["military"].shape[0])

    @property
    def years(self) -> int:
        """The number of simulated years T (the data has years 0..T, or every k-th of them)."""
        return int(self._meta.get("years", self._arrays["military"].shape[1] - 1))

    @property
    def states(self) -> int:
        """The number of states N."""
        return int(self._arrays["military"].shape[2])

    @property
    def seed(self) -> int | None:
        """The root seed (None for a trajectory built from arrays without one)."""
        seed = self._meta.get("seed")
        return None if seed is None else int(seed)

    @property
    def state_names(self) -> tuple[str, ...]:
        """The states' names in index order (the ``state`` coordinate of :attr:`data`)."""
        return tuple(state_names_of(self._meta, self.states))

    @property
    def start_year(self) -> int | None:
        """The calendar year of year 1 (None: calendar years are the step indices)."""
        start = self._meta.get("start_year")
        return None if start is None else int(start)

    @property
    def summary_names(self) -> tuple[str, ...]:
        """The names of the yearly summaries (variables with dims (run, year))."""
        return tuple(self._summaries)

    @property
    def pair_names(self) -> tuple[str, ...]:
        """The names of the pair-level records (dims (run, year, observer, target))."""
        return tuple(self._pairs)

    def array(self, name: str) -> np.ndarray:
        """Return one recorded variable as a read-only numpy array (no copy).

        Parameters
        ----------
        name
            ``"military"``, ``"gdp"``, ``"budget_share"`` (shape (run, year, state)),
            ``"greedy"`` or ``"growth"`` (shape (run, state)), a summary name (shape
            (run, year)) or a pair-level record (shape (run, year, observer, target)).

        Returns
        -------
        numpy.ndarray
            The read-only array.

        Raises
        ------
        ValueError
            For an unknown name.
        """
        for group in (self._summaries, self._pairs, self._arrays):
            if name in group:
                value = group[name]
                if isinstance(value, np.ndarray):
                    return value
                out = np.asarray(value)  # a lazily loaded store: read now
                out.setflags(write=False)
                return out
        choices = [*self._arrays, *self._summaries, *self._pairs]
        raise ValueError(f"unknown variable {name!r}; choose one of {choices}")

    def event_arrays(self) -> dict[str, np.ndarray]:
        """Return the event table as read-only numpy columns (codes for kind and label).

        Returns
        -------
        dict
            One value per event: run, year, kind (0 crisis, 1 war), initiator, target, winner
            (-1 in crisis rows), label (-1 in crisis rows, else the index in :data:`LABELS`),
            misperceived, nuclear, conceded (bool), rung (int8), n_joiners (int16); and
            ``joiners`` (int32), flat: the joiners of every event in row order (``n_joiners``
            of them per row, ascending within a row).
        """
        return dict(self._events)

    @property
    def data(self) -> Any:
        """The xarray Dataset (run, year, state) of military, gdp, budget_share; greedy, growth.

        A shallow copy of a cached Dataset over read-only arrays: changing it does not
        change the trajectory.
        """
        if "data" not in self._cache:
            import xarray as xr

            a = self._arrays
            dims3 = ("run", "year", "state")
            ds = xr.Dataset(
                {
                    "military": (dims3, a["military"], {"long_name": "military capability m"}),
                    "gdp": (dims3, a["gdp"], {"long_name": "GDP y"}),
                    "budget_share": (
                        dims3,
                        a["budget_share"],
                        {"long_name": "military_new / gdp_old (NaN in year 0)"},
                    ),
                    "greedy": (("run", "state"), a["greedy"], {"long_name": "greedy type"}),
                    "growth": (("run", "state"), a["growth"], {"long_name": "trend growth r"}),
                    **{
                        name: (("run", "year"), arr, {"long_name": f"yearly summary {name}"})
                        for name, arr in self._summaries.items()
                    },
                    **{
                        name: (PAIR_DIMS, arr, {"long_name": f"pair-level record {name}"})
                        for name, arr in self._pairs.items()
                    },
                },
                coords=label_coords(
                    self.runs, np.arange(self.years + 1), self._meta, pairs=bool(self._pairs)
                ),
                attrs={"description": "realpolitik engine trajectory; see meta.json"},
            )
            self._cache["data"] = ds
        return self._cache["data"].copy(deep=False)

    @property
    def events(self) -> Any:
        """The event table (pandas DataFrame): one row per crisis, one more per war.

        Columns run, year, kind, initiator, target, participants, winner, the names
        initiator_name, target_name and winner_name (the states' names, missing where the
        index is -1), label, misperceived, nuclear, conceded, rung and the declared event
        columns; see the module docstring.
        """
        if "events" not in self._cache:
            import pandas as pd

            ev = self._events
            df = pd.DataFrame(
                {
                    "run": ev["run"].astype(np.int64),
                    "year": ev["year"].astype(np.int64),
                    "kind": pd.Categorical.from_codes(ev["kind"], categories=list(EVENT_KINDS)),
                    "initiator": ev["initiator"].astype(np.int64),
                    "target": ev["target"].astype(np.int64),
                    "participants": participants(ev),
                    "winner": ev["winner"].astype(np.int64),
                    **name_columns(ev, self.state_names, pd),
                    "label": pd.Categorical.from_codes(ev["label"], categories=list(LABELS)),
                    "misperceived": ev["misperceived"].astype(bool),
                    "nuclear": ev["nuclear"].astype(bool),
                    "conceded": ev["conceded"].astype(bool),
                    "rung": ev["rung"].astype(np.int8),
                    **{
                        c.name: (
                            pd.Categorical.from_codes(ev[c.name], categories=list(c.categories))
                            if c.kind == "category" else ev[c.name]
                        )
                        for c in columns_of(self._meta)
                    },
                }
            )  # fmt: skip
            self._cache["events"] = df
        return self._cache["events"].copy(deep=False)

    # -- metrics (computed by realpolitik.analysis) -----------------------------------------
    def wars_per_run(self) -> np.ndarray:
        """Return the number of wars in each run: int64 ``(runs,)``."""
        return analysis.war_outcomes(self.event_arrays(), self.runs)["wars"]

    def war_year_counts(self) -> np.ndarray:
        """Return the number of wars in each year 0..T over all runs: int64 ``(T + 1,)``."""
        ev = self._events
        years = ev["year"][ev["kind"] == EVENT_KINDS.index("war")]
        return np.bincount(years, minlength=self.years + 1).astype(np.int64)

    def first_war_year(self) -> np.ndarray:
        """Return the year of each run's first war (-1 where it had none): int64 ``(runs,)``."""
        return analysis.war_outcomes(self.event_arrays(), self.runs)["first_war_year"]

    def arms_race(self) -> np.ndarray:
        """Return, per run, whether some pair ran an arms race (Diehl): bool ``(runs,)``."""
        if "arms_race" in self._cache.get("data", {}):  # a store recorded it at full resolution
            return np.asarray(self._cache["data"]["arms_race"].values, dtype=bool)
        return analysis.arms_race_runs(self._arrays["military"])

    def metrics(self) -> Any:
        """Return the outcome metrics with 95% intervals, as a tidy DataFrame.

        Columns metric, value, lo, hi, n; rows p_any_war, wars_per_run, arms_race_share,
        mean_burden, time_to_first_war, time_to_first_war_censored and ``share_<label>`` per
        label of :data:`LABELS`, computed by :func:`realpolitik.analysis.outcome_metrics` from
        :attr:`data` and the events (see :mod:`realpolitik.analysis.outcomes`).
        """
        return analysis.outcome_metrics(self.data, self.event_arrays(), years=self.years)

    # -- persistence (realpolitik.engine.storage) ------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Write the trajectory to a directory: data.nc, events.parquet and meta.json.

        See :mod:`realpolitik.engine.storage` for the files (meta.json holds every resolved
        parameter, the seed, runs, years, states, chunk size and package versions).

        Parameters
        ----------
        directory
            The directory (created if needed; existing files are replaced).

        Returns
        -------
        pathlib.Path
            The directory.
        """
        events = storage.events_table(
            self.event_arrays(),
            kinds=EVENT_KINDS,
            labels=LABELS,
            columns=columns_of(self._meta),
            names=self.state_names,
        )
        meta = {"params": self._params.to_dict(), **self._meta}
        return storage.write(directory, data=self.data, events=events, meta=meta)

    @classmethod
    def load(cls, directory: str | Path) -> Trajectory:
        """Read a trajectory written by :meth:`save`.

        Parameters
        ----------
        directory
            The directory holding data.nc, events.parquet and meta.json.

        Returns
        -------
        Trajectory
            The trajectory, equal to the one saved.

        Raises
        ------
        FileNotFoundError, ValueError
            For a missing, unreadable or inconsistent file (naming it).
        """
        path = storage.check_files(directory)
        params, meta = storage.read_meta(path)
        if (path / storage.STORE).is_dir():
            return cls._from_store(path, params, meta)
        arrays, summaries, pairs = storage.read_arrays(path, meta, RESERVED_NAMES)
        arrays["greedy"] = arrays["greedy"].astype(bool)
        df = storage.read_events(path, names=False)
        try:
            events = event_columns(df, columns_of(meta))
        except Exception as err:
            raise storage.corrupt(path / storage.FILES["events"], err) from None
        return cls._from_arrays(
            **arrays, events=events, params=params, meta=meta, summaries=summaries, pairs=pairs
        )

    @classmethod
    def _from_store(cls, path: Path, params: Params, meta: dict[str, Any]) -> Trajectory:
        """Open a streamed folder (data.zarr) lazily: yearly values are read chunk by chunk."""
        if meta.get("save", "full") != "full":
            raise ValueError(
                f"trajectory folder {path} was saved with save={meta.get('save')!r}: it holds "
                "the per-run outcomes, not the yearly record; read its metrics with "
                "realpolitik.engine.storage.saved_metrics"
            )
        ds = storage.open_store(path, meta)
        try:
            events = event_columns(storage.read_events(path, names=False), columns_of(meta))
        except Exception as err:
            raise storage.corrupt(path / storage.FILES["events"], err) from None
        try:
            arrays = {name: ds[name].data for name in ("military", "gdp", "budget_share")}
            arrays["greedy"] = np.asarray(ds["greedy"].values, dtype=bool)
            arrays["growth"] = np.asarray(ds["growth"].values, dtype=np.float64)
            summaries = {str(name): ds[name].data for name in meta.get("summaries", ())}
        except KeyError as err:
            raise storage.corrupt(path / storage.STORE, f"lacks variable {err}") from None
        self = object.__new__(cls)
        for name, value in (
            ("_arrays", arrays), ("_summaries", summaries), ("_pairs", {}),
            ("_events", complete_events(events, columns_of(meta))), ("_params", params),
            ("_meta", json.loads(json.dumps(meta))), ("_cache", {"data": ds}), ("_frozen", True),
        ):  # fmt: skip
            object.__setattr__(self, name, value)
        return self

    # -- dunder ---------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trajectory):
            return NotImplemented
        if self._params != other._params:
            return False
        for k, a in self._arrays.items():
            b = np.asarray(other._arrays[k])
            if not np.array_equal(np.asarray(a), b, equal_nan=a.dtype.kind == "f"):
                return False
        if list(self._summaries) != list(other._summaries):
            return False
        for k, a in self._summaries.items():
            if not np.array_equal(np.asarray(a), np.asarray(other._summaries[k]), equal_nan=True):
                return False
        if list(self._pairs) != list(other._pairs) or list(self._events) != list(other._events):
            return False
        for k, a in self._pairs.items():
            if not np.array_equal(a, other._pairs[k], equal_nan=True):
                return False
        return all(
            np.array_equal(a, other._events[k], equal_nan=a.dtype.kind == "f")
            for k, a in self._events.items()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        ev = self._events
        wars = int((ev["kind"] == 1).sum())
        crises = int((ev["kind"] == 0).sum())
        return (
            f"<Trajectory runs={self.runs} years={self.years} states={self.states} "
            f"seed={self.seed} chunk_size={self._meta['chunk_size']} "
            f"crises={crises} wars={wars} dtype={self._meta.get('dtype', 'float64')} "
            f"{self._params!r}>"
        )


def _checked_arrays(
    military: Any, gdp: Any, greedy: Any, budget_share: Any, growth: Any
) -> tuple[np.ndarray, ...]:
    """Return the arrays of :meth:`Trajectory.from_arrays` as copies, checked and defaulted."""
    m = np.array(military, dtype=np.float64)
    if m.ndim != 3:
        raise ValueError(f"military must have shape (runs, years + 1, states), got {m.shape}")
    R, _, N = m.shape
    y = np.array(gdp, dtype=np.float64)
    g = np.array(greedy, dtype=bool)
    if y.shape != m.shape:
        raise ValueError(f"gdp has shape {y.shape}; expected {m.shape} like military")
    if g.shape != (R, N):
        raise ValueError(f"greedy has shape {g.shape}; expected {(R, N)}")
    if budget_share is None:
        share = np.full_like(m, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            share[:, 1:] = np.where(y[:, :-1] > 0, m[:, 1:] / y[:, :-1], 0.0)
    else:
        share = np.array(budget_share, dtype=np.float64)
        if share.shape != m.shape:
            raise ValueError(f"budget_share has shape {share.shape}; expected {m.shape}")
    r = np.full((R, N), np.nan) if growth is None else np.array(growth, dtype=np.float64)
    if r.shape != (R, N):
        raise ValueError(f"growth has shape {r.shape}; expected {(R, N)}")
    return m, y, g, share, r


def _check_pairs(pairs: dict[str, np.ndarray] | None, shape: tuple[int, ...]) -> dict:
    """Return pair-level records as read-only float64 (run, year, observer, target) arrays."""
    R, T1, N = shape
    out = {}
    for name, value in (pairs or {}).items():
        arr = np.asarray(value, dtype=np.float64)
        if name in RESERVED_NAMES or arr.shape != (R, T1, N, N):
            raise ValueError(
                f"pair-level record {name!r} must be a (run, year, observer, target) array "
                f"{(R, T1, N, N)}, got shape {arr.shape}"
            )
        arr.setflags(write=False)
        out[str(name)] = arr
    return out


def _rebuild(arrays, events, params, meta, summaries=None, pairs=None) -> Trajectory:
    arrays = {k: np.array(v) for k, v in arrays.items()}
    events = {k: np.array(v) for k, v in events.items()}
    summaries = {k: np.array(v) for k, v in (summaries or {}).items()}
    pairs = {k: np.array(v) for k, v in (pairs or {}).items()}
    return Trajectory._from_arrays(
        **arrays, events=events, params=params, meta=meta, summaries=summaries, pairs=pairs
    )

"""``/api/theory``: the formal models of :mod:`realpolitik.theory` on inputs from a request.

Each model's inputs are its declared ``INPUTS`` (:mod:`realpolitik.theory.inputs`: name,
classic default, allowed range, units), so the page's sliders, this API, the command line
(``realpolitik theory <model>``) and docs/theory.md share one list. ``GET
/api/theory/{model}?name=value...`` runs the model's theory-tour stop
(:mod:`realpolitik.report.tour`) and answers its tables and numbers, plus what the page draws:
for Jervis (1978) the map of game types over offense advantage and distinguishability, for
Richardson (1960) the phase portrait. A value out of its range, an unknown input or a malformed
number is a 422 naming the input, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
from fastapi import APIRouter, HTTPException, Request

__all__ = ["jsonable", "parse_inputs", "router", "run_model"]

router = APIRouter(prefix="/api/theory", tags=["theory"])


def jsonable(value: Any) -> Any:
    """Return a value as plain JSON: arrays and tuples as lists, NaN and infinities as None."""
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, complex):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _stop(model: str) -> Any:
    from realpolitik.report import tour
    from realpolitik.theory import MODELS

    if model not in MODELS:
        raise HTTPException(
            404, f"model {model[:40]!r} is not a theory model; allowed: {', '.join(MODELS)}"
        )
    return tour.stop(model)


def parse_inputs(inputs: Any, query: Mapping[str, str]) -> dict[str, Any]:
    """Return a model's inputs from query texts: numbers parsed, names and ranges checked.

    Raises
    ------
    HTTPException
        422 naming the input, the value and what is allowed.
    """
    declared = {inp.name: inp for inp in inputs}
    given: dict[str, Any] = {}
    for name, text in query.items():
        inp = declared.get(name)
        if inp is None:
            raise HTTPException(
                422, f"{name[:40]!r} is not an input of this model; allowed: {', '.join(declared)}"
            )
        try:
            value: Any = text
            if inp.kind == "real":
                value = float(text)
            elif inp.kind == "integer":
                value = int(text)
            given[name] = inp.check(value)
        except ValueError as exc:
            message = str(exc) if name in str(exc) else f"{name} = {text[:40]!r}: {exc}"
            if "allowed" not in message:
                message += f"; allowed: {inp.allowed}"
            raise HTTPException(422, message) from None
    return given


def _jervis_plot(item: Any) -> dict[str, Any]:
    from realpolitik.theory import offense_defense as od

    grid = item.frames["jervis-grid"]
    betas = sorted({row[0] for row in grid.rows})
    ds = sorted({row[1] for row in grid.rows})
    kinds = list(dict.fromkeys(row[3] for row in grid.rows))
    codes = [[0] * len(betas) for _ in ds]
    col, line = {b: j for j, b in enumerate(betas)}, {d: i for i, d in enumerate(ds)}
    for beta, d, _world, kind in grid.rows:
        codes[line[d]][col[beta]] = kinds.index(kind)
    v = item.inputs
    beta_t = [od.thresholds(v["c"], v["g"], v["L"], d)[0] for d in ds]
    return {
        "betas": betas,
        "ds": ds,
        "kinds": kinds,
        "codes": codes,
        "beta_T": beta_t,
        "beta_S": item.data["beta_S"],
        "beta0": v["beta0"],
        "d0": v["d0"],
    }


def _richardson_plot(item: Any) -> dict[str, Any]:
    from realpolitik.theory import richardson as rich

    v = item.inputs
    model = rich.Richardson(**{s: v[s] for s in ("k", "l", "a", "b", "g", "h")})
    portrait = rich.phase_portrait(model, v["x0"], v["y0"])
    return {
        "box": portrait.box,
        "x_nullcline": portrait.x_nullcline,
        "y_nullcline": portrait.y_nullcline,
        "trajectories": portrait.trajectories,
        "start_path": portrait.start_path,
        "equilibrium": model.equilibrium,
        "stable": model.stable,
        "case": model.case,
    }


_PLOTS = {"richardson": _richardson_plot}


@lru_cache(maxsize=32)
def _jervis_map(inputs: tuple[tuple[str, Any], ...]) -> tuple[Any, Any]:
    """Return the four worlds' map (2,601 games on the classic grid) and its plot's JSON."""
    from realpolitik.report import tour

    item = tour.stop("offense_defense").item(**dict(inputs))
    return item, jsonable(_jervis_plot(item))


def _jervis_item(given: Mapping[str, Any]) -> tuple[Any, Any]:
    """Return Jervis's tour item and plot: the cached map, and the one game at (beta, d).

    A slider moving beta or d changes only the game, so the map is computed once per payoffs
    (a few milliseconds instead of a tenth of a second per move).
    """
    from realpolitik.report.tour import offense_defense as tour_od
    from realpolitik.theory import offense_defense as od
    from realpolitik.theory.inputs import resolve

    values = resolve(od.INPUTS, given)
    beta, d = values["beta"], values["d"]
    if beta is None or d is None:  # the tour item says what is missing
        item = tour_od.item(**given)
        return item, jsonable(_jervis_plot(item))
    item, plot = _jervis_map(tuple((k, v) for k, v in given.items() if k not in ("beta", "d")))
    payoffs = (values["v"], values["c"], values["g"], values["L"])
    game = od.arming_game(*payoffs, beta, d)
    one, data = tour_od._game_table(game, payoffs, beta, d, values["beta0"], values["d0"])
    return dataclasses.replace(
        item,
        title=f"Jervis arming game at beta = {beta:g}, d = {d:g}: {game.game_type}",
        summary=f"At beta = {beta:g}, d = {d:g} the game is a {game.game_type.replace('_', ' ')}.",
        inputs={**item.inputs, "beta": beta, "d": d},
        tables=[one, *item.tables],
        data={**item.data, "game": data},
    ), plot


def run_model(model: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Run one model's tour stop on checked inputs and return its JSON answer.

    Parameters
    ----------
    model
        One of :data:`realpolitik.theory.MODELS`.
    given
        Checked inputs (:func:`parse_inputs`); the others keep their classic defaults.

    Returns
    -------
    dict
        model, title, summary, inputs, tables (title, columns, rows), data (the numbers the
        command line writes to result.json) and plot (what the page draws, or None).
    """
    stop = _stop(model)
    try:
        if model == "offense_defense":
            item, plot = _jervis_item(given)
        else:
            item = stop.item(**given)
            plot = None if model not in _PLOTS else jsonable(_PLOTS[model](item))
    except ValueError as exc:  # a condition across inputs (c_B_hi > c_B_lo, ...)
        raise HTTPException(422, " ".join(str(exc).split())) from None
    except ArithmeticError as exc:  # inputs in range whose numbers overflow
        raise HTTPException(
            422, f"the model cannot be computed at these inputs ({type(exc).__name__}: {exc})"
        ) from None
    answer = jsonable(
        {
            "model": model,
            "title": item.title,
            "summary": item.summary,
            "inputs": item.inputs,
            "tables": [
                {"title": t.title, "columns": t.columns, "rows": t.rows} for t in item.tables
            ],
            "data": item.data,
        }
    )
    return {**answer, "plot": plot}  # the plot already plain JSON (Jervis's: cached)


@router.get("", summary="List the theory models and their inputs")
def list_models() -> list[dict[str, Any]]:
    """Return each model's name, command, title line and declared inputs with their ranges."""
    from realpolitik.report import tour

    out = []
    for stop in tour.stops():
        inputs = [
            {
                "name": inp.name,
                "default": inp.default,
                "kind": inp.kind,
                "lo": inp.lo,
                "hi": inp.hi,
                "allowed": inp.allowed,
                "units": inp.units,
                "help": inp.help,
            }
            for inp in stop.INPUTS
        ]
        doc = (stop.__doc__ or "").strip().splitlines()
        out.append({"model": stop.MODEL, "command": stop.COMMAND, "title": doc[0] if doc else "",
                    "inputs": inputs})  # fmt: skip
    return jsonable(out)


@router.get("/{model}", summary="Run one theory model")
def theory_model(model: str, request: Request) -> dict[str, Any]:
    """Run a model on the query's inputs (``?beta=0.7&d=0.2``), the others at their defaults."""
    stop = _stop(model)
    query = dict(request.query_params)
    if len(query) != len(request.query_params.multi_items()):
        raise HTTPException(422, "an input is given more than once")
    return run_model(model, parse_inputs(stop.INPUTS, query))

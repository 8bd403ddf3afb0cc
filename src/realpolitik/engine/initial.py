"""Initial conditions of a simulation: the core model's draws and the checks on injected values.

Source: reference conditions of the core model (docs/engine.md, "Initial conditions"): GDP
y ~ U(5, 15); military m = 0.02 y U(0.5, 1.5); greedy with probability p_greedy; trend growth
r ~ U(0.01, 0.05).

Two random layouts draw these distributions, each fixed so that results stay reproducible:

- :func:`draw_initial`, the engine's: four ``(runs, states)`` blocks drawn from a chunk's own
  stream, in the order gdp, military factor, type, growth (used when ``simulate`` gets no
  ``initial``);
- :func:`draw_per_run`, the scenarios': one block ``u = rng.random((runs, 4, states))`` (per
  run: gdp, military factor, type, growth) from
  ``numpy.random.default_rng(SeedSequence([seed, INITIAL_TAG]))``, with a scenario's fixed
  values put in place, so that run r's values depend only on the seed and never on how many
  runs there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "INITIAL_KEYS",
    "INITIAL_TAG",
    "check_initial",
    "draw_initial",
    "draw_per_run",
]

INITIAL_KEYS = ("military", "gdp", "greedy", "growth")
"""The arrays of a simulation's initial conditions, each ``(runs, states)``."""

INITIAL_TAG = 0x5CE7A210
"""Entropy added to a scenario's seed for its per-run initial draws (:func:`draw_per_run`)."""


def draw_initial(
    rng: np.random.Generator, runs: int, states: int, share_greedy: np.ndarray | float
) -> dict[str, np.ndarray]:
    """Draw the core model's initial conditions (docs/engine.md): ``runs`` x ``states``.

    y ~ U(5, 15); m = 0.02 * y * U(0.5, 1.5); greedy with probability p_greedy;
    r ~ U(0.01, 0.05); four ``(runs, states)`` blocks drawn in this order.

    Parameters
    ----------
    rng
        The chunk's generator.
    runs, states
        The shape.
    share_greedy
        p_greedy, a float or a per-state array.

    Returns
    -------
    dict
        military, gdp, greedy, growth arrays of shape ``(runs, states)``.
    """
    gdp = rng.uniform(5.0, 15.0, (runs, states))
    military = 0.02 * gdp * rng.uniform(0.5, 1.5, (runs, states))
    greedy = rng.random((runs, states)) < share_greedy
    growth = rng.uniform(0.01, 0.05, (runs, states))
    return {"military": military, "gdp": gdp, "greedy": greedy, "growth": growth}


def check_initial(initial: Mapping[str, Any], runs: int, states: int) -> dict[str, np.ndarray]:
    """Return injected initial conditions as contiguous arrays, or raise naming the bad value.

    Parameters
    ----------
    initial
        A mapping with exactly the keys of :data:`INITIAL_KEYS`, each ``(runs, states)``:
        military (finite, >= 0), gdp (finite, > 0), greedy (bool or 0/1), growth (finite).
    runs, states
        The expected shape.

    Returns
    -------
    dict
        float64 military, gdp, growth and bool greedy, C-contiguous.

    Raises
    ------
    ValueError
        For missing or unknown keys, a wrong shape or dtype, or a value outside its range.
    """
    if not isinstance(initial, Mapping):
        raise ValueError(f"initial must be a mapping of arrays, got {type(initial).__name__}")
    missing = [k for k in INITIAL_KEYS if k not in initial]
    extra = [k for k in initial if k not in INITIAL_KEYS]
    if missing or extra:
        raise ValueError(
            f"initial has missing keys {missing} / unknown keys {extra}; "
            f"expected exactly {list(INITIAL_KEYS)}"
        )
    out: dict[str, np.ndarray] = {}
    for key in INITIAL_KEYS:
        raw = np.asarray(initial[key])
        if raw.shape != (runs, states):
            raise ValueError(
                f"initial[{key!r}] has shape {raw.shape}; expected (runs, states) = "
                f"{(runs, states)}"
            )
        if key == "greedy":
            if raw.dtype != bool and not (
                np.issubdtype(raw.dtype, np.integer) and np.isin(raw, (0, 1)).all()
            ):
                raise ValueError(f"initial['greedy'] must be boolean, got dtype {raw.dtype}")
            out[key] = np.ascontiguousarray(raw, dtype=bool)
            continue
        try:
            arr = np.ascontiguousarray(raw, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"initial[{key!r}] must be numeric, got dtype {raw.dtype}") from None
        bad = ~np.isfinite(arr)
        allowed = "finite"
        if key == "military":
            bad |= arr < 0
            allowed = "finite and >= 0"
        elif key == "gdp":
            bad |= arr <= 0
            allowed = "finite and > 0"
        if bad.any():
            where = tuple(int(x) for x in np.argwhere(bad)[0])
            raise ValueError(
                f"initial[{key!r}]{list(where)} = {float(arr[where])!r} is not allowed; "
                f"values must be {allowed}"
            )
        out[key] = arr
    return out


def draw_per_run(
    seed: int,
    runs: int,
    share_greedy: np.ndarray | float,
    fixed: Mapping[str, Sequence[float | None]],
) -> dict[str, np.ndarray]:
    """Draw the initial conditions run by run, keeping the values a scenario fixes.

    Parameters
    ----------
    seed
        The root seed; the stream is ``SeedSequence([seed, INITIAL_TAG])``.
    runs
        The number of runs.
    share_greedy
        p_greedy, a float or a per-state array of shape ``(states,)``.
    fixed
        ``military``, ``gdp`` and ``growth``: one value per state, None where it is drawn.

    Returns
    -------
    dict
        military, gdp, greedy, growth arrays of shape ``(runs, states)``.
    """
    n = len(fixed["gdp"])
    rng = np.random.default_rng(np.random.SeedSequence([seed, INITIAL_TAG]))

    def put(block: np.ndarray, values: Sequence[float | None]) -> np.ndarray:
        for i, v in enumerate(values):
            if v is not None:
                block[:, i] = v
        return block

    u = rng.random((runs, 4, n))  # one row of uniforms per run: run r never depends on R
    gdp = put(5.0 + 10.0 * u[:, 0], fixed["gdp"])
    military = put(0.02 * gdp * (0.5 + u[:, 1]), fixed["military"])
    greedy = u[:, 2] < share_greedy
    growth = put(0.01 + 0.04 * u[:, 3], fixed["growth"])
    return {"military": military, "gdp": gdp, "greedy": greedy, "growth": growth}

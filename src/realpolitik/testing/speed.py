"""The engine's speed, and the limit its random draws set, measured the same way."""

from __future__ import annotations

import time
from typing import Any

__all__ = ["measure_speed"]


def measure_speed(
    params: Any = None,
    *,
    states: int = 8,
    runs: int = 10_000,
    years: int = 200,
    seed: int = 0,
    workers: int = 1,
    chunk_size: int = 1024,
) -> dict[str, float]:
    """Measure the engine's speed and the limit its random draws set, the same way.

    Runs :func:`~realpolitik.engine.simulate` once (after a small warm-up that compiles the
    kernel) and :func:`~realpolitik.engine.time_draws` with the same chunks and workers.

    Parameters
    ----------
    params
        The parameters (default :meth:`Params.core`).
    states, runs, years, seed, workers, chunk_size
        As for :func:`~realpolitik.engine.simulate`.

    Returns
    -------
    dict
        ``seconds``, ``state_steps_per_s``, ``draws_seconds``, ``draws_state_steps_per_s``
        and ``ratio_to_draws`` (simulation time / draws time).
    """
    from realpolitik.engine import Params, simulate, time_draws

    params = Params.core() if params is None else params
    simulate(params, states=states, runs=2, years=2, seed=seed)
    t0 = time.perf_counter()
    simulate(
        params,
        states=states,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        chunk_size=chunk_size,
    )
    seconds = time.perf_counter() - t0
    draws = time_draws(
        params,
        states=states,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        chunk_size=chunk_size,
    )
    work = float(states) * years * runs
    return {
        "seconds": seconds,
        "state_steps_per_s": work / seconds,
        "draws_seconds": draws,
        "draws_state_steps_per_s": work / draws,
        "ratio_to_draws": seconds / draws,
    }

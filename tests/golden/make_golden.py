"""Record the golden values of the engine: digests of trajectories and events for fixed seeds.

Run ``python tests/golden/make_golden.py`` to (re)write ``golden.json``. The refactoring of the
engine into public parts must leave every digest unchanged (bit-identical results); only the
intervals that the analysis layer deliberately corrects may move (they are kept apart).
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).parent
GOLDEN = HERE / "golden.json"


def cases() -> dict[str, Any]:
    """Return name -> zero-argument callable giving a Trajectory."""
    import realpolitik as rp
    from realpolitik import testing
    from realpolitik.scenarios import bundled_scenarios

    def core(fast: bool | None) -> Any:
        return lambda: rp.simulate(
            rp.Params.core(), states=8, runs=300, years=60, seed=1914, chunk_size=128, fast=fast
        )

    def full() -> Any:
        return rp.simulate(
            rp.Params.core(**testing.full_configuration(8)),
            states=8,
            runs=120,
            years=60,
            seed=7,
            chunk_size=64,
            schedule=testing.full_schedule(8, 60),
        )

    out: dict[str, Any] = {
        "core_fused": core(None),
        "core_modules": core(False),
        "full": full,
    }
    for name in bundled_scenarios():
        out[f"scenario_{name}"] = lambda name=name: rp.run_scenario(
            name, runs=150, seed=11, chunk_size=64
        )
    return out


def _digest(arr: np.ndarray) -> str:
    arr = np.ascontiguousarray(arr)
    h = hashlib.sha256()
    h.update(str(arr.dtype).encode())
    h.update(str(arr.shape).encode())
    h.update(arr.tobytes())
    return h.hexdigest()[:32]


def _num(x: Any) -> Any:
    x = float(x)
    return None if math.isnan(x) else x


def record(traj: Any) -> dict[str, Any]:
    """Return the golden record of one trajectory."""
    arrays = {
        name: _digest(traj.array(name))
        for name in ("military", "gdp", "budget_share", "greedy", "growth")
    }
    summaries = {name: _digest(traj.array(name)) for name in traj.summary_names}
    ev = traj.events
    events = {}
    for col in ev.columns:
        series = ev[col]
        if col == "participants":
            values = np.asarray([",".join(map(str, p)) for p in series]).astype("U")
        elif hasattr(series, "cat"):
            values = np.asarray(series.astype(str)).astype("U")
        else:
            values = np.asarray(series)
        events[col] = _digest(values)
    metrics = traj.metrics()
    values = {r.metric: _num(r.value) for r in metrics.itertuples()}
    intervals = {r.metric: [_num(r.lo), _num(r.hi), int(r.n)] for r in metrics.itertuples()}
    return {
        "arrays": arrays,
        "summaries": summaries,
        "events": events,
        "n_events": len(ev),
        "metric_values": values,
        "metric_intervals": intervals,
    }


def main() -> None:
    """Write golden.json."""
    out = {name: record(make()) for name, make in cases().items()}
    GOLDEN.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN} ({len(out)} cases)")


if __name__ == "__main__":
    main()

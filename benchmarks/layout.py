"""What a different memory layout and precision would buy the strategic year: one kernel, measured.

The strategic engine keeps a chunk's pair arrays as ``(runs, N, N)``: a run's 64 ordered pairs
(at N = 8) lie together, and the compiled loops run over runs, then observers, then rivals, with
a loop of only N rivals innermost. This script times one of the year's hottest loops, the war
values and chances of :func:`realpolitik.engine.strategy.fused.payoff_loops` (Fearon's war
values with the contest success function; docs/strategic.md), in three ways on the same
numbers:

* **engine**: the engine's own compiled loop, ``(runs, N, N)``, float64 (the reference);
* **runs innermost, float64**: the same floating-point operations with the pair arrays laid out
  ``(N * N, runs)`` and the diagonal skipped, so that each pair's constants are read once and
  the innermost loop runs over the runs (checked: the same bits at every off-diagonal entry);
* **runs innermost, float32**: the same loop on float32 arrays (twice the numbers per vector
  register; different numbers, so not a drop-in change);

and, for completeness, **engine layout, float32** (the engine's loop on float32 arrays). A second
kernel of another kind, the argmax loops of Walt's alliance choice
(:func:`realpolitik.engine.mechanisms.alliances._select_loops`: each state's most threatening
rival and the strongest other, ties to the lowest index, then the contest ratios), is timed
the same way in float64 (the engine's loop against the runs innermost, where the argmax over
the rivals becomes selects across runs; the same bits on inputs without NaN, which is all the
prototype handles).

It answers a design question with a number: how much faster could the decision passes be if
every mechanism's pair arrays were stored with the runs innermost, and how much more in single
precision? The answer bounds what such a rewrite could give the whole year (the decision
passes and the other dense pair loops are about half of it; the rest is sparse work on the
year's crises and wars, random draws and Python glue between the mechanisms).

Run ``python benchmarks/layout.py`` (``--runs``, ``--repeat``; a few seconds). Results are
printed and written as JSON to ``benchmarks/results/layout-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numba
import numpy as np
from rich.console import Console
from rich.table import Table

from realpolitik.engine.compiled import compiled
from realpolitik.engine.mechanisms.alliances import FLOOR, _select_loops
from realpolitik.engine.strategy.fused import csf_finish, payoff_loops

HERE = Path(__file__).resolve().parent
console = Console(width=120)

_finish = numba.njit(inline="always", error_model="numpy")(csf_finish)


@numba.njit(nogil=True, error_model="numpy")
def payoff_runs_inner(  # pragma: no cover - compiled
    M, Mhat, r_atk, r_def, military, gdp, v, od, hawk, nuc_first, nuc_second, consts,
    p_atk, p_def, stake, stake_back, gain, lose, W_atk, W_def, W_atk_conv,
):  # fmt: skip
    """:func:`~realpolitik.engine.strategy.fused.payoff_loops` with the runs innermost.

    Pair arrays are ``(N * N, runs)`` (row ``i N + j``), per-state arrays ``(N, runs)``; the
    diagonal rows are not written. The operations and their order per entry are those of the
    engine's loop (hawk bias and nuclear terms on), so float64 inputs give the same bits.
    """
    N, R = military.shape
    c, cost_m, loss_m, loss_yc = consts[0], consts[1], consts[2], consts[3]
    for i in range(N):
        for r in range(R):
            lose[i, r] = loss_m * military[i, r] + loss_yc * gdp[i, r]
    for i in range(N):
        od_i, hawk_i = od[i], hawk[i]
        y_i, lose_i, m_i, v_i = gdp[i], lose[i], military[i], v[i]
        for j in range(N):
            if i == j:
                continue
            q = i * N + j
            od_j, nf, ns = od[j], nuc_first[q], nuc_second[q]
            m, mh, ra, rd, y_j = M[q], Mhat[q], r_atk[q], r_def[q], gdp[j]
            pa, pd, st, sb, g = p_atk[q], p_def[q], stake[q], stake_back[q], gain[q]
            wa, wd, wc = W_atk[q], W_def[q], W_atk_conv[q]
            for r in range(R):  # contiguous over the runs: vectorises
                p_a = _finish(ra[r], od_i * m[r], mh[r])
                p_d = _finish(rd[r], m[r], od_j * mh[r])
                s = c * y_j[r] * 1.0
                gain_t = v_i[r] * s - cost_m * m_i[r]
                base_atk = p_a * gain_t - (1.0 - p_a) * lose_i[r]
                base_def = p_d * gain_t - (1.0 - p_d) * lose_i[r]
                conv = base_atk + hawk_i * s
                pa[r] = p_a
                pd[r] = p_d
                st[r] = s
                sb[r] = c * y_i[r]
                g[r] = gain_t
                wc[r] = conv
                wa[r] = conv - nf * y_i[r]
                wd[r] = base_def - ns * y_i[r]


@numba.njit(nogil=True, error_model="numpy")
def select_runs_inner(  # pragma: no cover - compiled
    perceived, mob_y, military, w, od, mu, A, D, x_A, x_D, x_C, mu_A, r_D, s_D, r_A, s_A,
    best, v1, v2, d1, d2,
):  # fmt: skip
    """:func:`~realpolitik.engine.mechanisms.alliances._select_loops` with the runs innermost.

    The strategic engine's case (strengths with mobilisable GDP, threat weights, beliefs and
    contests on), for inputs without NaN. Pair arrays are ``(N * N, runs)``, per-state arrays
    ``(N, runs)``; ``best``, ``v1``, ``v2``, ``d1``, ``d2`` are scratch rows of ``runs``. Each
    argmax keeps the first rival and then a strictly greater value, as there, by selects.
    """
    N, R = mob_y.shape
    for c in range(N):
        odc = od[c]
        a_, first = A[c], True
        for j in range(N):
            if j == c:
                continue
            p, wj, my = perceived[c * N + j], w[c * N + j], mob_y[j]
            if first:
                for r in range(R):
                    m = p[r] + my[r]
                    a_[r] = j
                    best[r] = (wj[r] * m) * odc
                    d1[r] = j
                    v1[r] = m
                    d2[r] = -1
                    v2[r] = 0.0
                first = False
                continue
            for r in range(R):  # contiguous over the runs: selects, vectorised
                m = p[r] + my[r]
                v = (wj[r] * m) * odc
                up = v > best[r]
                a_[r] = j if up else a_[r]
                best[r] = v if up else best[r]
                g1 = m > v1[r]
                g2 = (not g1) & ((d2[r] < 0) | (m > v2[r]))
                nd2 = d1[r] if g1 else (j if g2 else d2[r])
                nv2 = v1[r] if g1 else (m if g2 else v2[r])
                d2[r] = nd2
                v2[r] = nv2
                d1[r] = j if g1 else d1[r]
                v1[r] = m if g1 else v1[r]
        for r in range(R):
            a = a_[r]
            d = d1[r] if d1[r] != a else d2[r]
            D[c, r] = d
            v = perceived[c * N + a, r] + mob_y[a, r]
            xa = v if v >= FLOOR else FLOOR
            v = perceived[c * N + d, r] + mob_y[d, r]
            xd = v if v >= FLOOR else FLOOR
            v = military[c, r] + mob_y[c, r]
            xc = v if (v >= FLOOR or np.isnan(v)) else FLOOR
            x_A[c, r] = xa
            x_D[c, r] = xd
            x_C[c, r] = xc
            mu_A[c, r] = mu[c * N + a, r]
            r_D[c, r] = xa / (xd + xc)
            s_D[c, r] = (xd + xc) / xa
            r_A[c, r] = xd / (xa + xc)
            s_A[c, r] = (xa + xc) / xd


PAIR_IN = ("M", "Mhat", "r_atk", "r_def")
STATE_IN = ("military", "gdp", "v")
PAIR_OUT = ("p_atk", "p_def", "stake", "stake_back", "gain", "W_atk", "W_def", "W_atk_conv")


def inputs(runs: int, states: int, seed: int) -> dict[str, np.ndarray]:
    """Return the loop's inputs in the engine's layout: positive strengths, ratios around 1."""
    rng = np.random.default_rng(seed)
    shape, row = (runs, states, states), (runs, states)
    out = {k: rng.lognormal(0.0, 0.5, shape) for k in ("M", "Mhat", "r_atk", "r_def")}
    out["military"] = rng.lognormal(0.0, 0.5, row)
    out["gdp"] = rng.lognormal(2.0, 0.3, row)
    out["v"] = rng.choice([1.5, 0.5], row)
    out["od"] = rng.uniform(1.0, 1.5, states)
    out["hawk"] = rng.uniform(0.0, 0.2, states)
    out["nuc_first"] = rng.uniform(0.0, 0.5, (states, states))
    out["nuc_second"] = rng.uniform(0.0, 0.5, (states, states))
    return out


def _engine_args(x: dict, dtype: type) -> tuple[list, dict]:
    runs, states = x["military"].shape
    cast = {k: np.ascontiguousarray(a, dtype=dtype) for k, a in x.items()}
    out = {k: np.empty((runs, states, states), dtype=dtype) for k in PAIR_OUT}
    out["lose"] = np.empty((runs, states), dtype=dtype)
    consts = (0.1, 0.05, 0.2, 0.3, 1.0, 1.0)  # cession, cost_m, loss_m, loss_y + c, hawk, nuc
    args = [cast[k] for k in (*PAIR_IN, *STATE_IN, "od", "hawk", "nuc_first", "nuc_second")]
    args += [consts] + [out[k] for k in ("p_atk", "p_def", "stake", "stake_back", "gain")]
    args += [out["lose"]] + [out[k] for k in ("W_atk", "W_def", "W_atk_conv")]
    return args, out


def _inner_args(x: dict, dtype: type) -> tuple[list, dict]:
    runs, states = x["military"].shape
    pair = {
        k: np.ascontiguousarray(x[k].reshape(runs, states * states).T, dtype=dtype) for k in PAIR_IN
    }
    state = {k: np.ascontiguousarray(x[k].T, dtype=dtype) for k in STATE_IN}
    const = {
        k: np.ascontiguousarray(x[k].reshape(-1), dtype=dtype)
        for k in ("od", "hawk", "nuc_first", "nuc_second")
    }
    out = {k: np.zeros((states * states, runs), dtype=dtype) for k in PAIR_OUT}
    out["lose"] = np.empty((states, runs), dtype=dtype)
    consts = np.array([0.1, 0.05, 0.2, 0.3], dtype=dtype)
    args = [pair[k] for k in PAIR_IN] + [state[k] for k in STATE_IN]
    args += [const[k] for k in ("od", "hawk", "nuc_first", "nuc_second")] + [consts]
    args += [out[k] for k in ("p_atk", "p_def", "stake", "stake_back", "gain")]
    args += [out["lose"]] + [out[k] for k in ("W_atk", "W_def", "W_atk_conv")]
    return args, out


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays have the same shape, dtype and bits in C order (NaN, -0.0 included)."""
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def identical_off_diagonal(engine_out: dict, inner_out: dict) -> bool:
    """Whether the runs-innermost float64 results have the engine's bits off the diagonal."""
    runs, states, _ = engine_out["p_atk"].shape
    off = ~np.eye(states, dtype=bool)
    return all(
        same_bits(engine_out[k][:, off], inner_out[k].T.reshape(runs, states, states)[:, off])
        for k in PAIR_OUT
    )


def best_ms(fn: Any, args: list, repeat: int) -> float:
    """Best wall time of ``fn(*args)`` in milliseconds, after one untimed call (compiling)."""
    fn(*args)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best * 1e3


SELECT_OUT = ("A", "D", "x_A", "x_D", "x_C", "mu_A", "r_D", "s_D", "r_A", "s_A")


def select_inputs(runs: int, states: int, seed: int) -> dict[str, np.ndarray]:
    """Return the Walt loop's inputs in the engine's layout (positive, no NaN)."""
    rng = np.random.default_rng(seed)
    shape, row = (runs, states, states), (runs, states)
    return {
        "perceived": rng.lognormal(0.0, 0.5, shape),
        "mob_y": rng.lognormal(0.0, 0.5, row),
        "military": rng.lognormal(0.0, 0.5, row),
        "w": rng.uniform(0.0, 1.0, shape),
        "od": rng.uniform(1.0, 1.5, states),
        "mu": rng.uniform(0.0, 1.0, shape),
    }


def _select_engine_args(x: dict) -> tuple[list, dict]:
    runs, states = x["military"].shape
    out = {k: np.empty((runs, states), dtype=np.int64 if k in "AD" else np.float64)
           for k in SELECT_OUT}  # fmt: skip
    args = [x["perceived"], x["mob_y"], True, x["military"], x["w"], True, x["od"], x["mu"]]
    return [*args, True, *(out[k] for k in SELECT_OUT)], out


def _select_inner_args(x: dict) -> tuple[list, dict]:
    runs, states = x["military"].shape
    inner = {k: np.ascontiguousarray(x[k].reshape(runs, -1).T) for k in x if k != "od"}
    out = {k: np.empty((states, runs), dtype=np.int64 if k in "AD" else np.float64)
           for k in SELECT_OUT}  # fmt: skip
    rows = [np.empty(runs) for _ in range(3)] + [np.empty(runs, dtype=np.int64) for _ in range(2)]
    args = [inner["perceived"], inner["mob_y"], inner["military"], inner["w"], x["od"]]
    return [*args, inner["mu"], *(out[k] for k in SELECT_OUT), *rows], out


def _kernel_result(times: dict[str, float], identical: bool) -> dict[str, Any]:
    ref = next(iter(times.values()))
    return {
        "ms": times,
        "speedup": {k: ref / v for k, v in times.items()},
        "float64_identical": identical,
    }


def run(runs: int, states: int, repeat: int, seed: int) -> dict[str, Any]:
    """Time the variants of both kernels on the same inputs; return times, ratios, bit checks."""
    engine = compiled(payoff_loops)
    walt = compiled(_select_loops)
    if engine is None or walt is None:
        raise RuntimeError("the engine's compiled loops are off (realpolitik.engine.compiled)")
    x = inputs(runs, states, seed)
    e64, e64_out = _engine_args(x, np.float64)
    i64, i64_out = _inner_args(x, np.float64)
    e32, _ = _engine_args(x, np.float32)
    i32, _ = _inner_args(x, np.float32)
    payoff = {
        "engine, (runs, N, N), float64": best_ms(engine, e64, repeat),
        "runs innermost, float64": best_ms(payoff_runs_inner, i64, repeat),
        "engine layout, float32": best_ms(engine, e32, repeat),
        "runs innermost, float32": best_ms(payoff_runs_inner, i32, repeat),
    }
    sx = select_inputs(runs, states, seed + 1)
    se, se_out = _select_engine_args(sx)
    si, si_out = _select_inner_args(sx)
    select = {
        "engine, (runs, N, N), float64": best_ms(walt, se, repeat),
        "runs innermost, float64": best_ms(select_runs_inner, si, repeat),
    }
    same = all(same_bits(se_out[k], si_out[k].T) for k in SELECT_OUT)
    return {
        "runs": runs,
        "states": states,
        "repeat": repeat,
        "kernels": {
            "payoff_loops": _kernel_result(payoff, identical_off_diagonal(e64_out, i64_out)),
            "alliances._select_loops": _kernel_result(select, same),
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Run the comparisons, print them and write their JSON; 1 where a float64 variant differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1024, help="runs (the engine's chunk)")
    parser.add_argument("--states", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=50, help="timed calls (the best counts)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results", help="JSON folder")
    args = parser.parse_args(argv)
    res = run(args.runs, args.states, args.repeat, args.seed)
    for name, kernel in res["kernels"].items():
        table = Table(title=f"{name} at {args.runs} runs x {args.states} states (best of "
                      f"{args.repeat})")  # fmt: skip
        for col in ("variant", "ms", "speed-up vs engine"):
            table.add_column(col, justify="left" if col == "variant" else "right")
        for k, ms in kernel["ms"].items():
            table.add_row(k, f"{ms:.3f}", f"{kernel['speedup'][k]:.2f}x")
        console.print(table)
        console.print(f"runs innermost, float64: the engine's bits: {kernel['float64_identical']}")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"layout-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(res, indent=2))
    console.print(f"results written to {path}")
    return 0 if all(k["float64_identical"] for k in res["kernels"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())

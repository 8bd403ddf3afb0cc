"""Perception: each state sees every rival's military through its own Gaussian noise.

Source: docs/engine.md; the noise stands for the
uncertainty about capabilities at the root of the security dilemma (Jervis 1978); transparency
lowers it (docs/mechanisms.md: transparency and verification lower the perception noise;
docs/mechanisms.md, "Perception and signalling", key ``transparency``).

Equations (observer i, target j != i; "old" = start of the step)::

    sigma_eff_i = sigma_i * (1 - tau),                      tau = transparency in [0, 1]
    mhat_ij  = max(0, m_j_old * (1 + sigma_eff_i * eps_ij)),   eps_ij ~ N(0, 1) independent
    threat_i = od_i * sum_{j != i} mhat_ij

Conventions
-----------
- Random draws: when any ``perception_noise`` is > 0, exactly one block
  ``rng.standard_normal((runs, N, N - 1), dtype=float32)`` per step: ``eps[r, i, jj]`` is
  observer i's draw on target ``j = jj if jj < i else jj + 1`` (one independent draw per
  observer-target pair, never shared across observers). float32 normals are promoted exactly
  to float64 before use; the fused fast path consumes the same block. With no noise nothing is
  drawn and mhat_ij = m_j_old.
- Transparency scales the noise, not the draws: whether the block is drawn depends on
  ``perception_noise`` alone, so runs that differ only in transparency consume the same random
  stream (at ``transparency = 1`` the block is drawn and mhat_ij = m_j_old exactly). At
  ``transparency = 0``, ``sigma * (1 - 0) == sigma`` exactly, so the core path and its fused
  kernel are unchanged. ``transparency`` may be set by a scenario's schedule.
- The threat sum runs over j in increasing order (the diagonal of ``perceived`` is 0), so the
  result is bit-identical to the fused kernel's.
- Speed: with noise, mhat and the threat are computed in one pass by a loop compiled with
  Numba (:func:`realpolitik.engine.compiled.compiled`) that performs the numpy operations'
  floating-point operations in the same order (:func:`perceived_value`, shared with the fused
  kernel), so both paths give identical numbers (the numpy operations are the reference and
  run when Numba is missing or :data:`realpolitik.engine.compiled.NUMBA` is False). On the
  engine's PCG64 generator that pass also draws the block's normals, one by one, instead of
  reading them from memory (:func:`realpolitik.engine.strategy.pcg64.perceive`: the same
  draws, the generator left in the same state).
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.compiled import compiled
from realpolitik.engine.context import ChunkContext, ensure_context
from realpolitik.engine.keys import KeySpec, key
from realpolitik.engine.mechanisms.perceived import perceived_value
from realpolitik.engine.strategy.kernels import pcg64_loops, standard_normal
from realpolitik.engine.world import World

__all__ = [
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SECTION",
    "WRITES",
    "draw_noise",
    "off_diagonal",
    "perceived_value",
    "step",
]

MODELS = "noisy perception of rivals' military capability, and the threat it makes"
SECTION = "docs/engine.md; docs/architecture.md 'The engine's world', phase 1"
READS = ("perception_noise", "transparency", "offense_defense_factor")
WRITES = ("perceived", "threat")
REFERENCES = ("jervis1976", "jervis1978")

_key = functools.partial(key, mechanism="perception", source="docs/mechanisms.md")

KEYS: tuple[KeySpec, ...] = (
    _key("transparency", "tau", 0.0,
         "perception noise is perception_noise * (1 - transparency)", hi=1.0, schedulable=True),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""


def draw_noise(rng: np.random.Generator, runs: int, states: int) -> np.ndarray:
    """Draw one step's perception noise: float32 normals of shape ``(runs, N, N - 1)``.

    Parameters
    ----------
    rng
        The chunk's generator.
    runs, states
        The chunk's runs and the number of states N.

    Returns
    -------
    numpy.ndarray
        Standard normal draws, one per observer-target pair (numpy's draws, by the compiled
        loop of :func:`~realpolitik.engine.strategy.kernels.standard_normal` when it is on).
    """
    return standard_normal(rng, np.empty((runs, states, states - 1), dtype=np.float32))


def off_diagonal(a: np.ndarray) -> np.ndarray:
    """Return a writable view of the off-diagonal entries of a stack of square matrices.

    For a C-contiguous ``(runs, N, N)`` array, the entries ``(i, j), i != j`` of each matrix in
    row-major order, as an ``(runs, N - 1, N)`` view (``view[r].reshape(-1)`` lists them in the
    order of ``a[r][~eye]``): the flat matrix without its first entry, read in rows of N + 1,
    holds a diagonal entry at the end of each row.

    Parameters
    ----------
    a
        A ``(runs, N, N)`` array.

    Returns
    -------
    numpy.ndarray
        The view.

    Raises
    ------
    ValueError
        If ``a`` is not C-contiguous (no such view exists).
    """
    runs, N, _ = a.shape
    if not a.flags.c_contiguous:
        raise ValueError("off_diagonal needs a C-contiguous (runs, N, N) array")
    return a.reshape(runs, N * N)[:, 1:].reshape(runs, N - 1, N + 1)[:, :, :N]


def _engine_arrays(*arrays: np.ndarray) -> bool:
    """Return whether the arrays are float64 and C-contiguous (the engine's own buffers)."""
    return all(a.dtype == np.float64 and a.flags.c_contiguous for a in arrays)


def _constants(params, states: int) -> tuple[bool, np.ndarray, np.ndarray]:
    """Return whether any noise is drawn, ``sigma_eff = sigma (1 - tau)`` and od (C-contiguous).

    Prepared once for the parameters in effect (``ctx.prepared(_constants, READS)``).
    """
    sigma = params.perception_noise
    sigma_eff = sigma * (1.0 - np.asarray(params.transparency))
    od = np.ascontiguousarray(params.offense_defense_factor, dtype=np.float64)
    return bool(np.any(sigma > 0)), np.ascontiguousarray(sigma_eff), od


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Fill ``world.perceived`` (mhat) and ``world.threat`` from the start-of-step military.

    Parameters
    ----------
    world
        The chunk's world; reads ``military_old``.
    params
        The resolved parameters (:class:`~realpolitik.engine.params.ResolvedParams`).
    rng
        The chunk's generator (one normals block per step when any ``perception_noise`` is
        > 0, whatever the transparency).
    ctx
        The chunk's context (its scratch holds the noise buffer of the numpy path).

    Returns
    -------
    World
        The same world, updated in place.
    """
    ctx = ensure_context(world, params, ctx)
    params = ctx.params
    runs, N = world.runs, world.states
    m_old = world.military_old
    mhat = world.perceived
    noisy, sigma_eff, od = ctx.prepared(_constants, READS)
    if noisy:
        kernel = compiled(_perceive_loops)
        pcg64 = pcg64_loops(rng) if kernel is not None else None
        if pcg64 is not None and _engine_arrays(m_old, mhat, world.threat):
            pcg64.perceive(rng, m_old, sigma_eff, od, mhat, world.threat)  # draws as below
            return world
        eps = draw_noise(rng, runs, N)
        if kernel is not None:
            kernel(m_old, eps, sigma_eff, od, mhat, world.threat)
            return world
        scratch = ctx.scratch("perception")
        full = scratch.get("noise")
        if full is None or full.shape != mhat.shape:
            full = np.zeros(mhat.shape, dtype=np.float32)  # the diagonal stays 0
            scratch["noise"] = full
        # eps[r, i, jj] is the off-diagonal entry (i, j) of full[r] in row-major order
        off_diagonal(full)[...] = eps.reshape(runs, N - 1, N)
        if mhat.flags.c_contiguous:  # the same operations, in place
            np.multiply(full, sigma_eff[None, :, None], out=mhat)
            mhat += 1.0
            mhat *= m_old[:, None, :]
        else:
            np.multiply(m_old[:, None, :], 1.0 + sigma_eff[None, :, None] * full, out=mhat)
        np.maximum(mhat, 0.0, out=mhat)
    else:
        mhat[...] = m_old[:, None, :]
    idx = np.arange(N)
    mhat[:, idx, idx] = 0.0
    total = np.zeros((runs, N))
    for j in range(N):  # sequential over targets, as the per-state model and fused kernel
        total += mhat[:, :, j]
    np.multiply(params.offense_defense_factor[None, :], total, out=world.threat)
    return world


def _perceive_loops(m_old, eps, sigma, od, mhat, threat):  # pragma: no cover
    """Fill mhat and the threat in one pass (the numpy path of :func:`step`, with noise).

    ``mhat_ij = perceived_value(m_old_j, sigma_i, eps_ij)``, ``mhat_ii = 0``,
    ``threat_i = od_i * sum_j mhat_ij`` summed from 0 over j in increasing order.
    """
    R, N = m_old.shape[0], m_old.shape[1]
    for r in range(R):
        for i in range(N):
            s = sigma[i]
            acc = 0.0
            for j in range(N):
                v = 0.0
                if j != i:
                    v = perceived_value(m_old[r, j], s, eps[r, i, j if j < i else j - 1])
                mhat[r, i, j] = v
                acc += v
            threat[r, i] = od[i] * acc

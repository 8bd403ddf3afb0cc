"""Perception: each state sees every rival's military through its own Gaussian noise.

Source: reference/CORE_MODEL.md, steps 1-2 (DESIGN.md phase 1); the noise stands for the
uncertainty about capabilities at the root of the security dilemma (Jervis 1978); transparency
lowers it (MODELS.md 10: transparency and verification lower the perception noise;
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
  kernel are unchanged. ``transparency`` is read through ``world.param`` (schedulable).
- The threat sum runs over j in increasing order (the diagonal of ``perceived`` is 0), so the
  result is bit-identical to the fused kernel's.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.world import World

__all__ = ["MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "draw_noise", "step"]

MODELS = "noisy perception of rivals' military capability, and the threat it makes"
SECTION = "CORE_MODEL.md steps 1-2; DESIGN.md 'The engine's world', phase 1"
READS = ("perception_noise", "transparency", "offense_defense_factor")
WRITES = ("perceived", "threat")
REFERENCES = ("jervis1976", "jervis1978")


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
        Standard normal draws, one per observer-target pair.
    """
    return rng.standard_normal((runs, states, states - 1), dtype=np.float32)


def step(world: World, params, rng: np.random.Generator) -> World:
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

    Returns
    -------
    World
        The same world, updated in place.
    """
    runs, N = world.runs, world.states
    sigma = params.perception_noise
    m_old = world.military_old
    mhat = world.perceived
    if np.any(sigma > 0):
        eps = draw_noise(rng, runs, N)
        sigma_eff = sigma * (1.0 - np.asarray(world.param("transparency", params)))
        full = np.zeros((runs, N, N), dtype=np.float32)
        full[:, ~np.eye(N, dtype=bool)] = eps.reshape(runs, N * (N - 1))
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

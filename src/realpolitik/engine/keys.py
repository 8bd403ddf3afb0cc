"""Parameter keys as the mechanisms read them.

Source: docs/mechanisms.md (every key, its symbol, range and source).
"""

from __future__ import annotations

import numpy as np

__all__ = ["per_state"]


def per_state(value: object, states: int) -> np.ndarray:
    """Return a scalar or per-state key as a float64 array of shape ``(states,)``.

    Parameters
    ----------
    value
        A number or an array of ``states`` numbers (a resolved per-state key is returned as
        is, without a copy).
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        float64 ``(states,)`` (a read-only broadcast view for a value of another shape that
        broadcasts).
    """
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape == (states,):
        return arr
    if arr.ndim == 0:
        return np.full(states, float(arr))
    return np.broadcast_to(arr, (states,))

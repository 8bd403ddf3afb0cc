"""The perceived capability, one observer's view of one rival: a scalar the compiled loops share.

Source: docs/engine.md ("Perception"); the Gaussian noise on capabilities stands for the
uncertainty about them at the root of the security dilemma (Jervis 1978). The equation lives in
this small module of its own so that every compiled loop that perceives (the perception phase's
loops, the fused core kernel, the compiled generator's perception pass) calls the one
definition without importing the perception phase itself (:mod:`.perception` re-exports it).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import scalar

__all__ = ["perceived_value"]


@scalar
def perceived_value(military: float, sigma: float, eps: float) -> float:
    """Return one observer's view of one rival: ``max(0, m_j (1 + sigma_i eps_ij))``.

    Parameters
    ----------
    military
        The rival's military m_j (start of the step).
    sigma
        The observer's effective noise ``sigma_i (1 - transparency)``.
    eps
        The observer's standard normal draw on the rival (float32, promoted exactly).

    Returns
    -------
    float
        mhat_ij; a negative view is 0 and NaN is kept, as with ``np.maximum``. A view of -0.0
        (a rival's military of 0 seen through a negative factor) stays -0.0 here, where
        numpy's ``np.maximum(-0.0, 0.0)`` may give +0.0: the two compare equal and every sum
        the engine forms from them is the same.
    """
    x = military * (1.0 + sigma * np.float64(eps))
    return 0.0 if x < 0.0 else x

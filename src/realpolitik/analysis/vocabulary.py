"""The vocabulary of outcomes: what kinds of events there are and how wars are classified.

The engine records events in these words and every analysis reads them, so they live here, in
the lowest layer that needs them (the engine imports them; the analysis layer imports nothing
of the engine).

- ``EVENT_KINDS``: a crisis or a war (codes 0, 1 of the ``kind`` column).
- ``LABELS``: each war's label, from the true types of its initiator and target (codes 0, 1, 2
  of the ``label`` column): a *security-dilemma war* (a security seeker initiates against a
  security seeker: nobody wanted it), a *deterrence failure* (a greedy state initiates), a
  *justified preemption* (a security seeker initiates against a greedy state).
- ``OUTCOMES``: how a dispute of the strategic engine ended (codes 0, 1, 2 of the ``outcome``
  column): in war, with the target conceding the demand (Fearon 1995), or with the challenger
  backing down after a resisted demand (its audience cost paid; Fearon 1994).
- ``METRIC_COLUMNS``: the columns of the tidy metric tables (metric, value, lo, hi, n).
- ``CAUSES``: why a war of the strategic engine was chosen (codes 0..3 of the ``cause``
  column), in the order the engine tests them: a preventive war against a rising rival
  (Powell 2006), a preemptive strike out of fear of being struck first (Schelling 1960;
  Jervis 1978), a war that only the initiator's hawk bias made worth fighting, else a
  failure of bargaining under private information (Fearon 1995). Missing in the hazard model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["CAUSES", "EVENT_KINDS", "LABELS", "METRIC_COLUMNS", "OUTCOMES", "codes_of"]

EVENT_KINDS = ("crisis", "war")
"""Values of the events' ``kind`` column (codes 0, 1)."""

LABELS = ("security_dilemma_war", "deterrence_failure", "justified_preemption")
"""Values of the events' ``label`` column for wars (codes 0, 1, 2)."""

OUTCOMES = ("war", "conceded", "backed_down")
"""Values of the strategic engine's ``outcome`` column (codes 0, 1, 2; -1 or null: none)."""

CAUSES = ("prevention", "preemption", "hawk_bias", "bargaining_failure")
"""Values of the strategic engine's ``cause`` column of wars (codes 0..3; -1 or null: none)."""

METRIC_COLUMNS = ("metric", "value", "lo", "hi", "n")
"""The columns of every tidy metric table (a metric, its value, 95% interval and sample size)."""


def codes_of(column: Any, names: tuple[str, ...], what: str) -> np.ndarray:
    """Return the integer codes of a vocabulary column: the index in names, -1 where missing.

    The column holds either the names (strings or a categorical, missing as None/NaN) or the
    codes themselves (integers, or floats with NaN for missing).

    Parameters
    ----------
    column
        The column (numpy array, pandas Series or any sequence).
    names
        The vocabulary (e.g. :data:`LABELS`).
    what
        The column's name, for the error message.

    Returns
    -------
    numpy.ndarray
        int64 codes in -1..len(names) - 1.

    Raises
    ------
    ValueError
        For codes or names outside the vocabulary.
    """
    numeric = column if isinstance(column, np.ndarray) and column.dtype.kind in "iuf" else None
    series = None
    if numeric is None:
        import pandas as pd

        series = column if isinstance(column, pd.Series) else pd.Series(column)
        kind = series.dtype
        if not isinstance(kind, pd.CategoricalDtype) and (
            pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)
        ):
            numeric = series.to_numpy(dtype=np.float64, na_value=np.nan)
    if numeric is not None:
        codes = np.nan_to_num(np.asarray(numeric, dtype=np.float64), nan=-1.0).astype(np.int64)
        bad = (codes < -1) | (codes >= len(names))
        if bad.any():
            raise ValueError(
                f"events column {what!r} holds code {int(codes[bad][0])}, outside "
                f"0..{len(names) - 1} (-1 or NaN: none)"
            )
        return codes
    lookup = pd.Index(list(names))
    if isinstance(series.dtype, pd.CategoricalDtype):  # recode the categories, not the rows
        recode = np.append(lookup.get_indexer(series.cat.categories), -1)  # code -1 stays -1
        codes = recode[np.asarray(series.cat.codes, dtype=np.int64)]
    else:
        codes = lookup.get_indexer(series.astype(object)).astype(np.int64)
    bad = (codes < 0) & series.notna().to_numpy()
    if bad.any():
        raise ValueError(
            f"events column {what!r} holds {series[bad].iloc[0]!r}, outside {list(names)}"
        )
    return codes

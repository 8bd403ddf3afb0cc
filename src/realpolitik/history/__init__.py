"""Historical scenarios fitted to the field's data and scored out of sample (docs/history.md)."""

from realpolitik.history.calibrate import Fit, HistoryError, fit_pre1914, validate_pre1914

__all__ = ["Fit", "HistoryError", "fit_pre1914", "validate_pre1914"]

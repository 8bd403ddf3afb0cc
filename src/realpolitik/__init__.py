"""realpolitik: a laboratory for the security dilemma of international politics.

Layers (see docs/architecture.md): :mod:`realpolitik.theory` (the field's formal models),
:mod:`realpolitik.engine` (a vectorised simulation of an anarchic system),
:mod:`realpolitik.scenarios`, :mod:`realpolitik.report` and the ``realpolitik`` command.

Importing the package has no side effects (no threads, no start-method changes, no network)
and stays fast: the engine, its numerics and the scenario layer load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from realpolitik.citations import cite

__version__ = "0.1.0"

#: Public names resolved lazily: name -> (module, attribute).
_LAZY: dict[str, tuple[str, str | None]] = {
    "theory": ("realpolitik.theory", None),
    "engine": ("realpolitik.engine", None),
    "testing": ("realpolitik.testing", None),
    "Params": ("realpolitik.engine", "Params"),
    "simulate": ("realpolitik.engine", "simulate"),
    "Trajectory": ("realpolitik.engine", "Trajectory"),
    "scenarios": ("realpolitik.scenarios", None),
    "load_scenario": ("realpolitik.scenarios", "load_scenario"),
    "run_scenario": ("realpolitik.scenarios", "run_scenario"),
}

__all__ = ["__version__", "cite", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

"""realpolitik: a laboratory for the security dilemma of international politics.

Layers (see DESIGN.md): ``theory`` (the field's formal models), ``engine`` (a vectorised
simulation of an anarchic system), ``scenarios``, ``report`` and the ``realpolitik`` command.
Importing the package has no side effects: no threads, no start-method changes, no network.
"""

from __future__ import annotations

from realpolitik import theory
from realpolitik.citations import cite

__version__ = "0.1.0"

__all__ = ["__version__", "cite", "theory"]

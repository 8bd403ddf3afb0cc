"""Figures, the theory tour and the self-contained HTML report (DESIGN.md, Interfaces).

- :mod:`realpolitik.report.tour` runs each formal model of :mod:`realpolitik.theory` on given
  (by default the classic, MODELS.md section 11) inputs and collects the numbers, tables and
  figure builders: the ``realpolitik theory ...`` commands and ``realpolitik demo`` print and
  write these.
- :mod:`realpolitik.report.figures` draws them with matplotlib (Agg, imported lazily); a figure
  never computes a model result, it only draws what the theory functions returned.
- :mod:`realpolitik.report.html` renders one self-contained HTML page with the figures embedded.

Importing this package imports neither matplotlib nor the theory modules.
"""

from __future__ import annotations

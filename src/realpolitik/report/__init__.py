"""Figures, the theory tour and the self-contained HTML report (docs/cli.md).

- :mod:`realpolitik.report.tour` turns what each formal model of :mod:`realpolitik.theory`
  returns on given (by default its classic) inputs into tables, numbers and figures, one module
  per model: the ``realpolitik theory ...`` commands and ``realpolitik demo --theory`` print and
  write these.
- :mod:`realpolitik.report.tables` holds the small result tables and how a value is written.
- :mod:`realpolitik.report.figures` makes, writes and embeds matplotlib figures (Agg, imported
  lazily); a figure never computes a model result, it only draws what the theory returned.
- :mod:`realpolitik.report.html` renders one self-contained HTML page with the figures embedded.
- :mod:`realpolitik.report.run_report` is the report of one scenario run, and
  :mod:`realpolitik.report.run_figures` draws its figures.

Importing this package imports neither matplotlib nor the theory modules.
"""

from __future__ import annotations

"""The policy lab: experiments over the security dilemma's prescriptions and controversies.

- :mod:`realpolitik.experiments.interventions`: the named interventions, documented bundles of
  changes on the strategic engine's keys that map the literature's prescriptions.
- :mod:`realpolitik.experiments.analysis`: per-cell outcome metrics with 95% intervals, the
  effects of interventions against the baseline, and Sobol indices, on per-run outcomes.
- ``library/*.yaml``: the bundled experiments, one per controversy of the literature.
- :mod:`realpolitik.experiments.schema`: experiment files (YAML, validated; errors name file,
  line and field) and the bundled library's names.
- :mod:`realpolitik.experiments.design`: design points (grid, Latin hypercube, Saltelli) and
  the cells, each checked like a run before any run, with its own root seed.
- :mod:`realpolitik.experiments.store`: the results store, one resumable DuckDB file.
- :mod:`realpolitik.experiments.sweep`: running the missing chunks on serial, local processes
  or Dask executors (docs/experiments.md).
"""

from __future__ import annotations

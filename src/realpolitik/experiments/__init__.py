"""The policy lab: experiments over the security dilemma's prescriptions and controversies.

- :mod:`realpolitik.experiments.interventions`: the named interventions, documented bundles of
  changes on the strategic engine's keys that map the literature's prescriptions.
- :mod:`realpolitik.experiments.analysis`: per-cell outcome metrics with 95% intervals, the
  effects of interventions against the baseline, and Sobol indices, on per-run outcomes.
- ``library/*.yaml``: the bundled experiments, one per controversy of the literature.
"""

from __future__ import annotations

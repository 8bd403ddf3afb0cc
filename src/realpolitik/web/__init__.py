"""The web lab: scenario and theory explorers in the browser, and an HTTP API (docs/web.md).

``realpolitik serve`` runs :func:`create_app` with uvicorn on localhost. The pages and their
assets ship inside the package (``static/``), so the lab works with no internet access; the
API under ``/api/`` (documented at ``/api/docs``) is what the pages use, and other tools may
use it too:

- ``/api/scenarios``: the bundled scenarios with their parameter controls; uploads checked
  by the scenario loader (:mod:`realpolitik.web.scenarios`);
- ``/api/runs``: start a run, poll its progress, read its result, download its report, cancel
  it; runs are computed in worker processes (:mod:`realpolitik.web.runs`,
  :mod:`realpolitik.web.jobs`);
- ``/api/theory``: the formal models on given inputs (:mod:`realpolitik.web.theory`).

Importing this package imports FastAPI but not the engine.
"""

from __future__ import annotations

from realpolitik.web.app import create_app

__all__ = ["create_app"]

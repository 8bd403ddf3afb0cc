"""The Experiments page in a real browser: a tiny results store's table and figures.

Playwright drives Debian's chromium (``/usr/bin/chromium``) against ``realpolitik serve
--stores DIR`` on a free localhost port; a screenshot is saved in ``test-artifacts/web/``.
Without chromium or playwright the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from realpolitik.web.local import CHROMIUM, LocalServer, browser_missing

ARTIFACTS = Path("test-artifacts") / "web"


if (reason := browser_missing()) is not None:
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


def test_the_experiments_page_shows_a_store_s_cells_effects_and_figures(stores_folder):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "server-experiments.log"
    with LocalServer(workers=1, log=log, stores=stores_folder) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.set_default_timeout(30_000)
        page.goto(server.url + "/experiments")
        page.wait_for_selector("#cells tbody tr")
        assert page.locator('nav a[href="/experiments"]').count() == 1
        assert page.locator("#store-select option").all_text_contents() == ["tiny"]
        assert page.locator("#cells tbody tr").count() == 4
        first = page.locator("#cells tbody tr").first.text_content() or ""
        assert "baseline" in first and "[" in first  # a value with its 95% interval
        page.wait_for_selector("#cells-figure rect")
        assert page.locator("#cells-figure rect").count() == 4  # one bar per cell
        assert page.locator("#effects tbody tr").count() >= 2
        assert page.locator("#effects-figure svg circle").count() == 2  # one per design point
        page.select_option("#metric-select", "wars_per_run")
        page.wait_for_selector("#cells-figure[aria-label^='wars_per_run'] circle")
        assert page.locator("#cells-figure circle").count() == 4  # a point per cell
        page.screenshot(path=str(ARTIFACTS / "experiments.png"), full_page=True)
        context.close()
        browser.close()
    assert errors == [], errors

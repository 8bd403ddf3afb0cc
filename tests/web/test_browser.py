"""The web lab in a real browser: Playwright drives Debian's chromium against the real server.

Screenshots of every page are saved in ``test-artifacts/web/`` (git-ignored), with the timings
measured on the way (``timings.json``). Without chromium or playwright the tests skip, except
under CI (``CI`` set), where they fail: ``.ci/run`` installs both.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from realpolitik.scenarios import bundled_path
from realpolitik.web.local import CHROMIUM, LocalServer, browser_missing

ARTIFACTS = Path("test-artifacts") / "web"


if (reason := browser_missing()) is not None:
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with LocalServer(workers=1, log=ARTIFACTS / "server.log") as running:
        yield running
    (ARTIFACTS / "timings.json").write_text(json.dumps(TIMINGS, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    # Playwright's own waiting evaluates strings, which the lab's content security policy
    # forbids to the page (test_api checks the policy): let the test's scripts through.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if _unexpected(msg) else None)
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert errors == [], errors


def open_scenario(page: Page, server: LocalServer, name: str) -> None:
    page.goto(server.url + "/scenarios")
    page.wait_for_selector("#params tbody tr")
    page.select_option("#scenario-select", name)
    title = page.eval_on_selector("#scenario-select", "s => s.selectedOptions[0].text")
    page.wait_for_function(  # the chosen scenario's controls are shown
        "t => document.getElementById('scenario-description').textContent.startsWith(t)",
        arg=title.split(": ", 1)[1],
    )


def _unexpected(msg) -> bool:
    """A console error other than the browser's note of an API answer 4xx a test asked for."""
    return msg.type == "error" and "the server responded with a status of 4" not in msg.text


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def slide(page: Page, selector: str, value: float) -> None:
    page.eval_on_selector(
        selector,
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        value,
    )


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/", "main h1"),
        ("/scenarios", "#params tbody tr"),
        ("/theory", "#jervis-plot svg"),
        ("/api/docs", ".swagger-ui .opblock"),
    ],
)
def test_each_page_loads(page, server, path, ready):
    page.goto(server.url + path)
    page.wait_for_selector(ready)
    assert page.locator('nav a[href="/scenarios"]').count() == 1
    shot(page, "page-" + (path.strip("/").replace("/", "-") or "home"))


def test_run_a_scenario_and_see_its_plot(page, server):
    open_scenario(page, server, "two-state-spiral")
    page.fill("#runs", "1000")
    page.fill("#key-prior_trust", "0.5")  # a key of the beliefs mechanism, on in this scenario
    start = time.perf_counter()
    page.click("#run-button")
    page.wait_for_selector("#plot-military svg path")
    TIMINGS["first_plot_s_two_state_spiral_1000"] = time.perf_counter() - start
    assert page.locator("#plot-military svg path").count() >= 4  # a band and a median per state
    page.wait_for_selector("#plot-shares svg")
    page.wait_for_function(  # the preview's plot first, then the full run's
        "document.getElementById('result-label').textContent.includes('1,000 runs')"
    )
    page.wait_for_selector("#downloads a[href$='report.html']", timeout=60_000)
    assert "done" in page.text_content("#run-status")
    assert page.locator("#summary tbody tr").count() > 10
    shot(page, "scenario-run")


def test_off_mechanism_keys_are_marked(page, server):
    open_scenario(page, server, "two-state-spiral")
    row = page.locator("#params tr.off", has=page.locator("#key-alliance_stake"))
    assert row.count() == 1 and not row.is_visible()
    page.check("#show-off")
    assert row.is_visible() and "off" in row.text_content()


def test_upload_a_scenario(page, server, tmp_path):
    text = bundled_path("two-state-spiral").read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace("name: two-state-spiral", "name: my-spiral", 1), encoding="utf-8")
    page.goto(server.url + "/scenarios")
    page.wait_for_selector("#params tbody tr")
    page.set_input_files("#upload", str(path))
    page.wait_for_function(
        "document.getElementById('scenario-description').textContent.includes('Athens')"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstates: 3\n", encoding="utf-8")
    page.set_input_files("#upload", str(bad))
    page.wait_for_function("document.getElementById('error').textContent.includes('422')")
    assert "upload.yaml:1" in page.text_content("#error")


def test_theory_slider_changes_the_game(page, server):
    page.goto(server.url + "/theory")
    page.wait_for_function("document.getElementById('jervis-type').textContent !== '-'")
    for model in ("jervis", "richardson", "spiral", "bargaining", "deterrence"):
        page.wait_for_selector(f"#{model}-plot svg")
        assert page.text_content(f"#{model}-table")  # the model's tables, drawn
    assert page.text_content("#error") == ""
    slide(page, "#offense_defense-d", 0.1)
    slide(page, "#offense_defense-beta", 0.9)
    wait_text(page, "#jervis-type", "prisoners dilemma")
    slide(page, "#offense_defense-d", 0.9)
    times = []
    for beta, expected in [(0.1, "harmony"), (0.3, "stag hunt")] * 5:
        start = time.perf_counter()
        slide(page, "#offense_defense-beta", beta)
        wait_text(page, "#jervis-type", expected)
        times.append(time.perf_counter() - start)
    TIMINGS["slider_redraw_ms_median"] = 1000 * sorted(times)[len(times) // 2]
    TIMINGS["slider_redraw_ms_max"] = 1000 * max(times)
    shot(page, "theory-slider")


def wait_text(page: Page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s).textContent === t", arg=[selector, text]
    )


def test_cancel_a_run(page, server):
    open_scenario(page, server, "two-state-spiral")
    page.fill("#runs", "60000")
    page.click("#run-button")
    page.wait_for_function("document.getElementById('progress').value > 0")
    page.click("#cancel-button")
    page.wait_for_function(
        "document.getElementById('run-status').textContent.includes('cancelled')"
    )
    assert page.is_enabled("#run-button")
    assert page.is_hidden("#results") or "preview" in page.text_content("#result-label")
    assert page.locator("#downloads a").count() == 0
    shot(page, "scenario-cancelled")

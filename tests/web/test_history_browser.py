"""The History page in a real browser: pre1914's charts, scores and estimates; a crisis case.

Playwright drives Debian's chromium (``/usr/bin/chromium``) against ``realpolitik serve`` on a
free localhost port; a screenshot is saved in ``test-artifacts/web/``. Without chromium or
playwright the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from realpolitik.history.cases import CaseResult, Outcome, case_names, get_case
from realpolitik.web.local import CHROMIUM, LocalServer, browser_missing

ARTIFACTS = Path("test-artifacts") / "web"


if (reason := browser_missing()) is not None:
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[str, Any]]:
    """A running lab and a chromium context on it (the page errors are checked at the end)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "server-history.log"
    with LocalServer(workers=1, log=log) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        context.set_default_timeout(30_000)
        yield server.url, context
        context.close()
        browser.close()


def _open(context: Any, url: str) -> tuple[Any, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return page, errors


def test_the_history_page_shows_pre1914_s_bands_scores_and_estimates(lab):
    url, context = lab
    expected = get_case("pre1914")
    page, errors = _open(context, url + "/history")
    page.wait_for_selector("#case-select option", state="attached")
    assert page.locator('nav a[href="/history"]').count() == 1
    values = page.locator("#case-select option").evaluate_all("os => os.map((o) => o.value)")
    assert values == list(case_names())
    page.select_option("#case-select", "pre1914")
    page.wait_for_selector("#case-title:text('1880')")
    assert page.locator("#case-title").text_content() == expected.title
    charts = page.locator("#series-charts svg.chart")
    charts.first.wait_for()
    assert charts.count() == 6
    titles = page.locator("#series-charts svg.chart text.title").all_text_contents()
    assert titles == [s.label for s in expected.series]
    assert page.locator("#series-charts svg path.observed").count() == 6
    # each chart marks the first out-of-sample year; the x axis reads years (1880, not 1,880)
    assert page.locator("#series-charts svg line[stroke-dasharray='4 3']").count() == 6
    assert "1880" in page.locator("#series-charts svg").first.text_content()
    scores = page.locator("#scores tbody tr")
    assert scores.count() == len(expected.scores)
    last = scores.last.locator("td").all_text_contents()
    assert last[0] == "all"
    assert last[3] == ("model" if expected.scores[-1].model_better else "naive")
    losers = sum(not s.model_better for s in expected.scores)
    assert page.locator("#scores tr.off").count() == losers
    assert page.locator("#estimates tbody tr").count() == 3
    assert page.locator("#findings li").count() == len(expected.findings)
    assert page.locator("#outcomes-block").is_hidden() == (not expected.outcomes)
    assert page.locator("#case-run").is_hidden() == (expected.scenario is None)
    page.screenshot(path=str(ARTIFACTS / "history.png"), full_page=True)
    other, more = _open(context, url + "/history#no-such-case")  # falls back to the first case
    other.wait_for_selector("#case:not([hidden])")
    assert other.locator("#case-select").input_value() == case_names()[0]
    assert errors + more == [], errors + more


def _crisis() -> dict[str, Any]:
    return CaseResult(
        name="crisis",
        title="A single crisis: outcomes only",
        scenario="two-state-spiral",
        units="",
        fit_years="",
        split=None,
        outcomes=(Outcome.from_counts("war", 30, 200), Outcome.from_counts("deal", 170, 200)),
        findings=("War in 15% of the runs.",),
    ).to_dict()


def test_a_case_with_outcomes_only_draws_bars_with_intervals(lab):
    """A case without series (a single crisis) renders too; its answers stand in for a case."""
    url, context = lab
    crisis = _crisis()
    page = context.new_page()
    listing = [{"name": "crisis", "title": crisis["title"]}]
    page.route("**/api/history", lambda route: route.fulfill(json=listing))
    page.route("**/api/history/crisis", lambda route: route.fulfill(json=crisis))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/history")
    page.wait_for_selector("#outcomes-chart")
    assert page.locator("#series-charts svg").count() == 0
    assert page.locator("#outcomes-chart rect").count() == 2  # a bar per outcome
    assert page.locator("#outcomes-chart line").count() == 2  # and its interval
    assert "15.0%" in page.locator("#outcomes-chart").text_content()
    assert page.locator("#outcomes tbody tr").count() == 2
    assert page.locator("#scores-block").is_hidden()
    assert page.locator("#estimates-block").is_hidden()
    assert page.locator("#case-command").text_content() == "realpolitik run two-state-spiral"
    assert "not scored out of sample" in page.locator("#case-setup").text_content()
    page.screenshot(path=str(ARTIFACTS / "history-outcomes.png"), full_page=True)
    assert errors == [], errors

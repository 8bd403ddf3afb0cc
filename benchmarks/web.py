"""Responsiveness of the web lab (issue 12): first plot, slider redraw, answers under load.

Starts ``realpolitik serve`` on a free localhost port (:class:`realpolitik.web.local.
LocalServer`, default one run worker, as ``realpolitik serve``) once its workers are warm, and
measures, against localhost only:

1. first plot: for each bundled scenario at 1,000 runs, the seconds from pressing *Run* on the
   scenario page until the military plot is drawn (the preview of 128 runs), and until the
   full run's plot replaces it (Playwright driving Debian's chromium);
2. slider redraw: the milliseconds from moving Jervis's offense-advantage slider until the
   game type on the theory page has changed (the request, the answer and the redraw);
3. answers under load: while a 100,000-run job computes (two-state-spiral, 100,000 runs x 60
   years x 2 states), the latency of page loads (``/``, ``/scenarios``, ``/theory``, a script)
   and API calls (scenario list, a theory model, the job's status) over ``--seconds``; then
   the job is cancelled.

Targets: first plot within ~3 s, a slider within ~100 ms, answers within ~200 ms. Results
are printed and written as JSON to ``benchmarks/results/web.json``. Steps 1 and 2 need the
playwright package and /usr/bin/chromium and are skipped without them.

Usage: python benchmarks/web.py [--seconds 30] [--moves 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from pathlib import Path
from typing import Any

from realpolitik import lab
from realpolitik.web.local import CHROMIUM, LocalServer

RESULTS = Path(__file__).resolve().parent / "results" / "web.json"


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as answer:
        answer.read()
    return time.perf_counter() - start


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def _stats(seconds: list[float]) -> dict[str, float]:
    ms = sorted(1000 * s for s in seconds)
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
        "max_ms": ms[-1],
    }


def browser_timings(url: str, moves: int) -> dict[str, Any]:
    """Time the first plot of each bundled scenario and Jervis's slider in chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"first_plot_s": {}, "full_result_s": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(bypass_csp=True)
        for info in lab.list_scenarios():
            page.goto(url + "/scenarios")
            page.wait_for_selector("#params tbody tr")
            page.select_option("#scenario-select", info.name)
            page.wait_for_function(
                "t => document.getElementById('scenario-description').textContent.startsWith(t)",
                arg=info.title,
            )
            page.fill("#runs", "1000")
            start = time.perf_counter()
            page.click("#run-button")
            page.wait_for_selector("#plot-military svg path", timeout=120_000)
            out["first_plot_s"][info.name] = time.perf_counter() - start
            page.wait_for_function(
                "document.getElementById('result-label').textContent.includes('1,000 runs')",
                timeout=120_000,
            )
            out["full_result_s"][info.name] = time.perf_counter() - start
            page.wait_for_function(
                "document.getElementById('run-button').disabled === false", timeout=120_000
            )
        page.goto(url + "/theory")
        page.wait_for_function("document.getElementById('jervis-type').textContent !== '-'")
        times = []
        page.eval_on_selector("#offense_defense-d", "el => { el.value = 0.9; }")
        for i in range(moves):
            beta, expected = (0.1, "harmony") if i % 2 == 0 else (0.3, "stag hunt")
            start = time.perf_counter()
            page.eval_on_selector(
                "#offense_defense-beta",
                "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                beta,
            )
            page.wait_for_function(
                "e => document.getElementById('jervis-type').textContent === e", arg=expected
            )
            times.append(time.perf_counter() - start)
        out["slider_redraw"] = _stats(times[1:])  # the first move also sets d
        browser.close()
    return out


def load_timings(url: str, seconds: float) -> dict[str, Any]:
    """Time page loads and API calls while a 100,000-run job computes; then cancel it."""
    job = _post(url + "/api/runs", {"scenario": "two-state-spiral", "runs": 100_000})
    status_url = f"{url}/api/runs/{job['id']}"
    while json.load(urllib.request.urlopen(status_url))["state"] == "queued":
        time.sleep(0.1)
    pages = ["/", "/scenarios", "/theory", "/static/plot.js"]
    calls = [
        "/api/scenarios",
        "/api/theory/offense_defense?beta=0.6&d=0.4",
        f"/api/runs/{job['id']}",
    ]
    times: dict[str, list[float]] = {"pages": [], "api": []}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path in pages:
            times["pages"].append(_get(url + path))
        for path in calls:
            times["api"].append(_get(url + path))
        time.sleep(0.05)
    status = json.load(urllib.request.urlopen(status_url))
    request = urllib.request.Request(status_url, method="DELETE")
    urllib.request.urlopen(request).read()
    return {
        "job": job["label"],
        "job_state_at_end": status["state"],
        "job_runs_done_at_end": status["done_runs"],
        "pages": _stats(times["pages"]),
        "api": _stats(times["api"]),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the three measurements, print them and write benchmarks/results/web.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="load test duration")
    parser.add_argument("--moves", type=int, default=20, help="slider moves timed")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with LocalServer() as server:
        try:
            results["browser"] = browser_timings(server.url, args.moves)
        except ImportError:
            results["browser"] = "skipped: the playwright package is not installed"
        results["under_load"] = load_timings(server.url, args.seconds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()

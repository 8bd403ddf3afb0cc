"""The crisis game page in a real browser: play a game to its end and read the debrief.

Playwright drives Debian's chromium (``/usr/bin/chromium``) against a real server (uvicorn on a
free localhost port) serving the page and ``/api/games``: the web lab's app when it is present,
else a bare FastAPI app with the games router and the static files. A screenshot of the debrief
is saved under ``test-artifacts/``. Skipped where chromium or Playwright is missing.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _app():
    """Return the web lab's app, or a bare app serving the game page and its API."""
    try:
        from realpolitik.web.app import create_app
    except ImportError:
        from fastapi import FastAPI
        from fastapi.responses import HTMLResponse
        from fastapi.staticfiles import StaticFiles

        from realpolitik.web.games import router

        static = Path(__file__).resolve().parents[2] / "src/realpolitik/web/static"
        app = FastAPI()
        app.include_router(router)
        app.mount("/static", StaticFiles(directory=static), name="static")

        @app.get("/game")
        def page() -> HTMLResponse:
            return HTMLResponse((static / "game.html").read_text(encoding="utf-8"))

        return app
    return create_app()


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(_app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_a_person_plays_a_crisis_game_to_its_end_and_reads_the_debrief(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/game")
        page.select_option("#scenario", "bipolar-nuclear")
        page.select_option("#state", "West")
        page.fill("#turns", "4")
        page.fill("#seed", "5")
        page.click("#start")
        page.wait_for_selector("#status:has-text('turn 1 of 4')")
        assert "greedy" not in page.inner_text("#others")  # the others' types stay hidden
        page.uncheck("#auto-arm")
        page.fill("#budget", "0.05")
        page.fill("#reassure", "0.2")
        page.click("#play")
        for _ in range(10):  # 4 turns, some of them with demands to answer
            page.wait_for_selector("body:not([data-busy])")
            if page.is_visible("#over"):
                break
            page.click("#answer-btn" if page.is_visible("#demands") else "#play")
        assert page.is_visible("#over"), page.inner_text("#status")
        assert "Game over" in page.inner_text("#end-reason")
        page.click("#debrief-btn")
        page.wait_for_selector("#debrief:visible")
        types = page.inner_text("#types")
        assert "West" in types and ("greedy" in types or "security seeker" in types)
        assert page.locator("#debrief-turns tbody tr").count() >= 1
        first = page.inner_text("#debrief-turns tbody tr:first-child")
        assert "budget 0.05" in first and "gesture 0.2" in first
        assert "gesture" not in page.inner_text("#debrief-turns tbody tr:nth-child(2)")
        page.click("#save")
        page.wait_for_selector("#download:visible")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "game-debrief.png"), full_page=True)
        assert not page.inner_text("#error")
        debrief = page.inner_text("#debrief-turns")
        with page.expect_download() as download:  # the saved game, replayed from the file
            page.click("#download")
        saved = ARTIFACTS / "game-saved.json"
        download.value.save_as(saved)
        page.reload()
        page.set_input_files("#load", str(saved))
        page.wait_for_selector("#over:visible")
        page.click("#debrief-btn")
        page.wait_for_selector("#debrief:visible")
        assert page.inner_text("#debrief-turns") == debrief
        assert not errors
        browser.close()

"""``/api/games`` (docs/game.md, "The API"): a game over HTTP, bad inputs, concurrent games.

The router is mounted on a bare FastAPI app with FastAPI's TestClient; fixed seeds.
"""

from __future__ import annotations

import json
import threading
import warnings

import pytest
from fastapi import FastAPI

from realpolitik.game import GameStore
from realpolitik.web.games import make_router

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

START = {"scenario": "bipolar-nuclear", "player": "West", "turns": 6, "seed": 5}
MOVES = [{"budget": 0.05, "reassure": 0.2}, {"join": ["East ally"]}, {"budget": 0.08},
         {"leave": ["East ally"]}, {"hotline": False}, {}]  # fmt: skip


@pytest.fixture
def client():
    app = FastAPI()
    app.include_router(make_router(GameStore(capacity=4)))
    return TestClient(app, raise_server_exceptions=False)


def play(client, start, moves):
    """Start a game, play ``moves`` (resisting every demand); return its id."""
    r = client.post("/api/games", json=start)
    assert r.status_code == 201, r.text
    gid = r.json()["id"]
    for move in moves:
        view = client.get(f"/api/games/{gid}").json()
        if view["over"]:
            break
        r = client.post(f"/api/games/{gid}/turns", json=move)
        assert r.status_code == 200, r.text
        if r.json()["stage"] == "answer":
            assert client.post(f"/api/games/{gid}/answers", json={"concede": []}).is_success
    return gid


def test_a_game_is_played_to_its_debrief_saved_and_replayed(client):
    options = {o["scenario"]: o["states"] for o in client.get("/api/games/options").json()}
    assert options["bipolar-nuclear"] == ["West", "East", "West ally", "East ally"]
    gid = play(client, START, MOVES)
    view = client.get(f"/api/games/{gid}").json()
    assert view["over"] and view["player"] == "West"
    d = client.get(f"/api/games/{gid}/debrief").json()
    assert set(d["types"]) == {"West", "East", "West ally", "East ally"}
    assert len(d["turns"]) == len(view["history"])
    saved = client.get(f"/api/games/{gid}/save").json()
    r = client.post("/api/games/replay", json=saved)
    assert r.status_code == 201
    again = client.get(f"/api/games/{r.json()['id']}/debrief").json()
    assert json.dumps(again) == json.dumps(d)


def test_bad_inputs_are_4xx_with_a_clear_message_never_a_5xx(client):
    gid = client.post("/api/games", json=START).json()["id"]
    cases = [
        ("post", "/api/games", {"scenario": "/etc/passwd", "player": "West"}, 400, "unknown"),
        ("post", "/api/games", {"scenario": "bipolar-nuclear", "player": "Mars"}, 400, "Mars"),
        ("post", "/api/games", {**START, "turns": 10**6}, 422, "turns"),
        ("post", "/api/games", {**START, "seed": -1}, 422, "seed"),
        ("post", "/api/games", [1, 2], 422, ""),
        ("post", f"/api/games/{gid}/turns", {"budget": 0.5}, 400, "above the cap"),
        ("post", f"/api/games/{gid}/turns", {"budget": "lots"}, 422, "budget"),
        ("post", f"/api/games/{gid}/turns", {"strike": ["Nowhere"]}, 400, "not another state"),
        ("post", f"/api/games/{gid}/turns", {"demand": {"target": "East"}}, 422, "share"),
        ("post", f"/api/games/{gid}/turns", {"rm": "-rf"}, 422, "rm"),
        ("post", f"/api/games/{gid}/answers", {"concede": []}, 409, "stage"),
        ("get", "/api/games/unknown-id", None, 404, "no game"),
        ("get", "/api/games/..%2F..%2Fetc", None, 404, ""),
        ("get", f"/api/games/{'x' * 200}", None, 422, ""),
        ("get", f"/api/games/{gid}/debrief", None, 409, "over"),
        ("post", "/api/games/replay", {"version": 2, "start": START}, 422, "version"),
        ("post", "/api/games/replay", {"start": START, "moves": [{"budget": 9}]}, 422, "budget"),
    ]
    for method, url, body, status, text in cases:
        r = getattr(client, method)(url, json=body) if body is not None else client.get(url)
        assert r.status_code == status, (url, body, r.status_code, r.text)
        assert text in json.dumps(r.json()), (url, body, r.text)
        assert "Traceback" not in r.text
    r = client.post(
        "/api/games", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert client.get(f"/api/games/{gid}").json()["turn"] == 1  # nothing was played


def test_the_store_is_bounded_and_evicts_the_oldest_game(client):
    ids = [client.post("/api/games", json=START).json()["id"] for _ in range(5)]
    assert client.get(f"/api/games/{ids[0]}").status_code == 404
    assert all(client.get(f"/api/games/{i}").status_code == 200 for i in ids[1:])


def test_concurrent_games_do_not_interfere():
    """Four games played at once from threads equal the same games played one at a time."""
    app = FastAPI()
    app.include_router(make_router(GameStore(capacity=16)))
    client = TestClient(app)
    starts = [{**START, "seed": s} for s in (1, 2, 3, 4)]
    alone = []
    for s in starts:
        gid = play(client, s, MOVES)
        alone.append(client.get(f"/api/games/{gid}/debrief").json())
    results: dict[int, dict] = {}

    def worker(k):
        gid = play(client, starts[k], MOVES)
        results[k] = client.get(f"/api/games/{gid}/debrief").json()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [json.dumps(results[k]) for k in range(4)] == [json.dumps(d) for d in alone]

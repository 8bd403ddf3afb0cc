"""The web lab's HTTP API (FastAPI's TestClient): scenarios, runs, theory, bad input, safety."""

from __future__ import annotations

import time

import numpy as np
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from realpolitik import lab
from realpolitik.scenarios import bundled_path, bundled_scenarios
from realpolitik.web import create_app, runs

FINISHED = ("done", "cancelled", "failed")


@pytest.fixture(scope="module")
def client():
    app = create_app(allowed_hosts=["testserver"], workers=2)
    with TestClient(app) as c:
        yield c


def wait(client, run_id, states=FINISHED, timeout=90.0, until=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/runs/{run_id}").json()
        if status["state"] in states or (until is not None and until(status)):
            return status
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} still {status['state']} after {timeout} s")


def detail(response):
    body = response.json()
    assert set(body) == {"detail"}
    assert "Traceback" not in body["detail"]
    return body["detail"]


# --------------------------------------------------------------------------------------------
# scenarios
# --------------------------------------------------------------------------------------------


def test_scenarios_list_and_controls(client):
    names = [s["name"] for s in client.get("/api/scenarios").json()]
    # every bundled scenario, sorted (historical scenarios join the three teaching ones)
    assert names == list(bundled_scenarios()) == sorted(names)
    assert {"bipolar-nuclear", "multipolar-offense", "two-state-spiral"} <= set(names)
    info = client.get("/api/scenarios/two-state-spiral").json()
    assert info["states"] == ["Athens", "Sparta"]
    keys = {p["key"]: p for p in info["parameters"]}
    assert keys["prior_trust"]["on"] and keys["prior_trust"]["mechanism"] == "beliefs"
    assert (keys["prior_trust"]["lo"], keys["prior_trust"]["hi"]) == (0.0, 1.0)
    # no alliances in the spiral scenario: their keys' mechanism is off, and says why
    assert not keys["alliance_stake"]["on"] and keys["alliance_stake"]["switch"] == "alliances"
    assert keys["alliance_formation"]["choices"] == ["none", "balance", "bandwagon", "threat"]
    assert info["yaml"] == bundled_path("two-state-spiral").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["nope", "..", "two-state-spiral.yaml", "%2Fetc%2Fpasswd"])
def test_unknown_scenario_is_404(client, name):
    response = client.get(f"/api/scenarios/{name}")
    assert response.status_code == 404
    if name not in ("..", "%2Fetc%2Fpasswd"):  # a slash or a dot-dot never reaches the route
        assert "allowed: bipolar-nuclear" in detail(response)


def test_upload_validated_by_the_loader(client):
    text = bundled_path("bipolar-nuclear").read_text(encoding="utf-8")
    ok = client.post("/api/scenarios/validate", json={"yaml": text})
    assert ok.status_code == 200 and ok.json()["name"] == "bipolar-nuclear"
    cases = {
        "a: &x 1\nb: *x\n": "anchor",
        "name: x\nstates: 3\n": "upload.yaml:1",
        text.replace("runs: ", "runs: -", 1): "runs",
        "[1, 2": "upload.yaml",
    }
    for bad, word in cases.items():
        response = client.post("/api/scenarios/validate", json={"yaml": bad})
        assert response.status_code == 422, bad
        assert word in detail(response)
    big = client.post("/api/scenarios/validate", json={"yaml": "#" * (runs.MAX_YAML_CHARS + 1)})
    assert big.status_code == 422 and "yaml" in detail(big)
    for body in ({}, {"yaml": 3}, {"yaml": "x", "path": "/etc/passwd"}):
        assert client.post("/api/scenarios/validate", json=body).status_code == 422
    raw = client.post("/api/scenarios/validate", content=b"not json")
    assert raw.status_code == 422


# --------------------------------------------------------------------------------------------
# runs
# --------------------------------------------------------------------------------------------


def test_run_result_equals_the_lab(client):
    body = {"scenario": "two-state-spiral", "runs": 300, "years": 20, "seed": 7,
            "overrides": {"prior_trust": 0.4}}  # fmt: skip
    started = client.post("/api/runs", json=body)
    assert started.status_code == 202
    run_id = started.json()["id"]
    status = wait(client, run_id)
    assert status["state"] == "done" and status["done_runs"] == 300, status
    result = client.get(f"/api/runs/{run_id}/result").json()
    prepared = lab.prepare_run("two-state-spiral", overrides={"prior_trust": 0.4}, runs=300,
                               years=20, seed=7, streamed=True)  # fmt: skip
    direct = lab.execute_stream(prepared, None, save="none")
    assert result["war_counts"] == direct.war_year_counts().tolist()
    assert len(result["years"]) == 21 and len(result["bands"]) == 2
    median = np.median(np.asarray(direct.array("military"), dtype=float)[:, :, 0], axis=0)
    np.testing.assert_allclose(result["bands"][0]["median"], median, rtol=1e-12)
    assert {s["metric"] for s in result["shares"]} >= {
        "share_security_dilemma_war", "share_deterrence_failure", "share_justified_preemption"
    }  # fmt: skip
    for row in result["shares"]:
        if row["value"] is not None:
            assert row["lo"] <= row["value"] <= row["hi"]
    report = client.get(f"/api/runs/{run_id}/files/report.html")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "two-state-spiral" in report.text
    csv = client.get(f"/api/runs/{run_id}/files/summary.csv")
    assert csv.status_code == 200 and csv.text.startswith("metric")
    assert client.get(f"/api/runs/{run_id}/preview").status_code == 409  # 300 runs: none
    assert client.get(f"/api/runs/{run_id}/files/..%2Fresult.json").status_code == 404
    assert client.get(f"/api/runs/{run_id}/files/data.nc").status_code == 404
    assert run_id in [r["id"] for r in client.get("/api/runs").json()]


BAD_RUNS = [
    ({"scenario": "two-state-spiral", "runs": 0}, "runs"),
    ({"scenario": "two-state-spiral", "runs": "abc"}, "runs"),
    ({"scenario": "two-state-spiral", "runs": 1.5}, "runs"),
    ({"scenario": "two-state-spiral", "years": -1}, "years"),
    ({"scenario": "two-state-spiral", "seed": -3}, "seed"),
    ({"scenario": "two-state-spiral", "runs": 10**30}, "runs"),
    ({"scenario": "two-state-spiral", "seed": 2**80}, "seed"),
    ({"scenario": "two-state-spiral", "overrides": {"no_such_key": 1}}, "no_such_key"),
    ({"scenario": "two-state-spiral", "overrides": {"prior_trust": 5}}, "prior_trust"),
    ({"scenario": "two-state-spiral", "overrides": {"prior_trust": "x"}}, "prior_trust"),
    ({"scenario": "two-state-spiral", "runs": 100_000, "years": 1000}, "runs x years x states"),
    ({"scenario": "../../etc/passwd"}, "not a bundled scenario"),
    ({"scenario": "/etc/passwd"}, "not a bundled scenario"),
    ({}, "exactly one of"),
    ({"scenario": "two-state-spiral", "yaml": "x"}, "exactly one of"),
    ({"yaml": "name: x\n"}, "upload.yaml"),
    ({"scenario": "two-state-spiral", "workers": 64}, "workers"),
]


@pytest.mark.parametrize(("body", "word"), BAD_RUNS)
def test_bad_run_requests_are_422(client, body, word):
    response = client.post("/api/runs", json=body)
    assert response.status_code == 422
    assert word in detail(response)


def test_unknown_runs_are_404(client):
    for path in ("/api/runs/nope", "/api/runs/nope/result", "/api/runs/nope/files/summary.csv"):
        assert client.get(path).status_code == 404
    assert client.delete("/api/runs/" + "0" * 32).status_code == 404


def test_preview_of_a_large_run(client):
    from realpolitik.web import jobs

    body = {"scenario": "two-state-spiral", "runs": jobs.PREVIEW_MIN_RUNS, "years": 10, "seed": 3}
    run_id = client.post("/api/runs", json=body).json()["id"]
    assert wait(client, run_id)["state"] == "done"
    preview = client.get(f"/api/runs/{run_id}/preview").json()
    result = client.get(f"/api/runs/{run_id}/result").json()
    assert preview["preview"] and preview["runs"] == jobs.PREVIEW_RUNS and preview["seed"] == 3
    assert result["runs"] == jobs.PREVIEW_MIN_RUNS and "preview" not in result
    assert preview["years"] == result["years"]


def test_cancel_and_the_server_answers_while_runs_compute(client):
    started = client.post("/api/runs", json={"scenario": "two-state-spiral", "runs": 60_000})
    run_id = started.json()["id"]
    status = wait(client, run_id, until=lambda s: s["done_runs"] > 0)
    assert status["state"] == "running"
    t0 = time.perf_counter()
    assert client.get("/api/scenarios").status_code == 200
    assert client.get("/api/theory/spiral").status_code == 200
    assert time.perf_counter() - t0 < 2.0  # generous here; benchmarks/web.py measures it
    assert client.delete(f"/api/runs/{run_id}").status_code == 200
    status = wait(client, run_id, timeout=30)
    assert status["state"] == "cancelled" and status["done_runs"] < 60_000
    assert client.get(f"/api/runs/{run_id}/result").status_code == 409


def test_concurrent_runs_and_the_limit(client):
    ids = []
    for seed in range(runs.MAX_ACTIVE):
        body = {"scenario": "two-state-spiral", "runs": 200 if seed < 2 else 60_000, "seed": seed}
        response = client.post("/api/runs", json=body)
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    refused = client.post("/api/runs", json={"scenario": "two-state-spiral", "runs": 10})
    assert refused.status_code == 429 and "cancel one or wait" in detail(refused)
    for run_id in ids[2:]:
        client.delete(f"/api/runs/{run_id}")
    results = []
    for run_id in ids[:2]:
        assert wait(client, run_id)["state"] == "done"
        results.append(client.get(f"/api/runs/{run_id}/result").json())
    assert results[0]["seed"] == 0 and results[1]["seed"] == 1
    assert results[0]["bands"] != results[1]["bands"]  # different seeds, different runs
    for run_id in ids[2:]:
        assert wait(client, run_id, timeout=30)["state"] == "cancelled"


# --------------------------------------------------------------------------------------------
# theory
# --------------------------------------------------------------------------------------------


def test_theory_models(client):
    models = {m["model"]: m for m in client.get("/api/theory").json()}
    assert {"offense_defense", "richardson", "spiral", "bargaining", "deterrence"} <= set(models)
    harmony = client.get("/api/theory/offense_defense?beta=0.1&d=0.9").json()
    dilemma = client.get("/api/theory/offense_defense?beta=1&d=0").json()
    assert harmony["data"]["game"]["game_type"] == "harmony"
    assert dilemma["data"]["game"]["game_type"] == "prisoners_dilemma"
    assert len(dilemma["plot"]["codes"]) == len(dilemma["plot"]["ds"])
    rich = client.get("/api/theory/richardson?k=0.9&l=0.8&a=1.2&b=1.0").json()
    assert rich["plot"]["stable"] is True
    spiral = client.get("/api/theory/spiral?mu0=0.8&observations=11111").json()
    assert spiral["data"]["posterior_path"][0] == 0.8 and len(spiral["data"]["posterior_path"]) == 6
    fearon = client.get("/api/theory/bargaining?p=0.5&c_A=0.1&c_B=0.15").json()
    assert fearon["data"]["bargaining_range"] == pytest.approx([0.4, 0.65])
    assert client.get("/api/theory/deterrence?mirv=10&silos=100").status_code == 200


def test_jervis_with_the_cached_map_equals_the_tour(client):
    from realpolitik.report import tour

    for query in ({"beta": 0.3, "d": 0.9}, {"beta": 0.8, "d": 0.2, "c": 2.0, "grid": 11}):
        answer = client.get("/api/theory/offense_defense", params=query).json()
        item = tour.stop("offense_defense").item(**query)
        assert answer["title"] == item.title and answer["inputs"]["beta"] == query["beta"]
        assert [t["title"] for t in answer["tables"]] == [t.title for t in item.tables]
        assert answer["data"]["game"]["game_type"] == item.data["game"]["game_type"]
        assert answer["data"]["world_game_mix"] == item.data["world_game_mix"]


def test_no_theory_input_gives_a_server_error(client):
    """Every input at its bounds and at huge values: an answer or a 4xx, never a 5xx."""
    extremes = ("0", "1", "-1", "1e300", "-1e300", "1e-300", "inf")
    for model in client.get("/api/theory").json():
        for inp in model["inputs"]:
            if inp["name"] in ("grid", "rounds", "matches", "n_max", "data"):
                continue  # sizes of the computation (bounded by the model, but slow at the top)
            for value in extremes + tuple(str(b) for b in (inp["lo"], inp["hi"]) if b is not None):
                response = client.get(f"/api/theory/{model['model']}", params={inp["name"]: value})
                assert response.status_code < 500, (model["model"], inp["name"], value)


def test_body_size_is_bounded(client):
    big = b'{"yaml": "' + b"#" * (4 * 1024 * 1024) + b'"}'
    response = client.post("/api/scenarios/validate", content=big)
    assert response.status_code == 413 and "Content-Length" in detail(response)


@pytest.mark.parametrize(
    ("path", "status", "word"),
    [
        ("/api/theory/offense_defense?beta=2", 422, "beta = 2"),
        ("/api/theory/offense_defense?beta=abc", 422, "beta"),
        ("/api/theory/offense_defense?beta=nan", 422, "beta"),
        ("/api/theory/offense_defense?beta=0.5", 422, "give both beta and d"),
        ("/api/theory/offense_defense?zzz=1", 422, "'zzz' is not an input"),
        ("/api/theory/offense_defense?beta=0.1&beta=0.2", 422, "more than once"),
        ("/api/theory/spiral?observations=12", 422, "observations"),
        ("/api/theory/bargaining?c_B_lo=0.5&c_B_hi=0.1", 422, "c_B"),
        ("/api/theory/nope", 404, "allowed: richardson"),
    ],
)
def test_bad_theory_inputs(client, path, status, word):
    response = client.get(path)
    assert response.status_code == status
    assert word in detail(response)


# --------------------------------------------------------------------------------------------
# safety and pages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "attacker.com:8000", "127.0.0.2", ""])
def test_foreign_host_header_is_refused(client, host):
    response = client.get("/api/scenarios", headers={"host": host})
    assert response.status_code == 400
    assert "is not allowed" in detail(response)


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:9", "[::1]:8000"])
def test_local_host_header_is_served(client, host):
    assert client.get("/api/scenarios", headers={"host": host}).status_code == 200


def test_no_cors_and_security_headers(client):
    origin = {"origin": "http://evil.example"}
    response = client.get("/api/scenarios", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/runs", headers={**origin, "access-control-request-method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_internal_errors_never_leak_a_traceback():
    app = create_app(allowed_hosts=["testserver"])

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/boom")
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text


def test_pages_and_openapi(client):
    for path, word in [("/", "web lab"), ("/scenarios", "scenario-select"),
                       ("/theory", "jervis-type"), ("/api/docs", "swagger-ui")]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200 and word in response.text
        assert '<a href="/theory"' in response.text  # the nav
        assert "http://" not in response.text and "https://" not in response.text  # no CDN
    spec = client.get("/api/openapi.json").json()
    assert {"/api/runs", "/api/runs/{run_id}", "/api/scenarios/validate"} <= set(spec["paths"])
    vendor = ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/LICENSE")
    for asset in ("style.css", "common.js", "plot.js", "scenarios.js", "theory.js", *vendor):
        assert client.get(f"/static/{asset}").status_code == 200
    assert [p["path"] for p in client.get("/api/pages").json()][:3] == [
        "/",
        "/scenarios",
        "/theory",
    ]

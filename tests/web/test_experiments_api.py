"""``/api/experiments``: the Experiments page's API on a folder of results stores.

The router is mounted on a bare FastAPI app (TestClient) with the folder as the app's
``stores``, as ``realpolitik serve --stores DIR`` sets it; bad names and paths are refused.
"""

from __future__ import annotations

import warnings

import pytest
from fastapi import FastAPI

from realpolitik.experiments.analysis import cell_table
from realpolitik.experiments.results import read_results
from realpolitik.web.experiments import router

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _client(stores) -> TestClient:
    app = FastAPI()
    app.include_router(router)
    app.state.stores = stores
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(stores_folder):
    return _client(stores_folder)


def test_without_a_folder_the_page_is_told_how_to_make_a_store():
    client = _client(None)
    listing = client.get("/api/experiments").json()
    assert listing["configured"] is False and listing["stores"] == []
    assert "realpolitik serve --stores" in listing["hint"]
    r = client.get("/api/experiments/tiny")
    assert r.status_code == 404 and "--stores" in r.json()["detail"]


def test_a_store_s_cells_and_effects_have_95_intervals(client, stores_folder):
    assert client.get("/api/experiments").json()["stores"] == ["tiny"]
    store = client.get("/api/experiments/tiny").json()
    assert store["experiment"] == "tiny-lab" and store["factors"] == ["share_greedy"]
    assert store["chunks_done"] == store["chunks"] == 8 and store["finished_runs"] == 48
    cells = store["cells"]
    assert [c["intervention"] for c in cells] == ["baseline"] * 2 + ["deterrence"] * 2
    expected = cell_table(
        *(lambda r: (r.runs, r.cells))(read_results(stores_folder / "tiny.duckdb"))
    )
    for cell, row in zip(cells, expected.to_dict("records"), strict=True):
        assert cell["runs"] == 12
        assert cell["p_any_war_lo"] <= cell["p_any_war"] <= cell["p_any_war_hi"]
        assert cell["p_any_war"] == pytest.approx(row["p_any_war"], abs=1e-9)
        assert cell["wars_per_run_hi"] == pytest.approx(row["wars_per_run_hi"], abs=1e-9)
    effects = client.get("/api/experiments/tiny/effects").json()
    assert {e["intervention"] for e in effects} == {"deterrence"}
    assert {e["share_greedy"] for e in effects} == {0.0, 0.5}
    for e in effects:
        if e["lo"] is not None:
            assert e["lo"] <= e["effect"] <= e["hi"]
            assert e["significant"] == (e["lo"] > 0 or e["hi"] < 0)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/experiments/..", 404),  # the URL's dot segment is resolved away: no such route
        ("/api/experiments/%2E%2E", 422),
        ("/api/experiments/..%2Ftiny", 404),
        ("/api/experiments/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", 404),
        ("/api/experiments/.hidden", 422),
        ("/api/experiments/a..b", 422),
        ("/api/experiments/tiny.duckdb", 404),
        ("/api/experiments/" + "x" * 101, 422),
        ("/api/experiments/nothing", 404),
        ("/api/experiments/nothing/effects", 404),
        ("/api/experiments/ti%20ny", 422),
    ],
)
def test_bad_names_and_paths_are_refused(client, path, status):
    r = client.get(path)
    assert r.status_code == status, r.text
    assert "Traceback" not in r.text and "/tmp" not in r.text


def test_a_file_that_is_not_a_store_is_a_4xx_naming_it(tmp_path):
    (tmp_path / "broken.duckdb").write_text("not a store")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "stores").mkdir()
    (tmp_path / "stores" / "link.duckdb").symlink_to(tmp_path / "broken.duckdb")
    (tmp_path / "stores" / "broken.duckdb").write_text("not a store")
    client = _client(tmp_path / "stores")
    r = client.get("/api/experiments/broken")
    assert r.status_code == 422 and "not a results store" in r.json()["detail"]
    assert str(tmp_path) not in r.json()["detail"]
    r = client.get("/api/experiments/link")  # a link out of the folder is not followed
    assert r.status_code == 404


def test_serve_refuses_a_stores_folder_that_does_not_exist(run_main, tmp_path):
    code, _, err = run_main("serve", "--stores", str(tmp_path / "none"), "--port", "1")
    assert code == 2 and "--stores" in err and err.count("\n") == 1


def test_a_store_a_sweep_is_writing_is_a_409(stores_folder, tmp_path):
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "busy"
    folder.mkdir()
    shutil.copy(stores_folder / "tiny.duckdb", folder / "busy.duckdb")
    code = (
        "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); "
        "print('open', flush=True); time.sleep(60)"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(folder / "busy.duckdb")], stdout=subprocess.PIPE
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"open"
        r = _client(folder).get("/api/experiments/busy")
        assert r.status_code == 409 and "being written by a sweep" in r.json()["detail"]
    finally:
        writer.kill()
        writer.wait()
    assert _client(folder).get("/api/experiments/busy").status_code == 200

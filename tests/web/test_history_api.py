"""``/api/history``: the History page's API on the historical cases of this installation.

The router is mounted in the whole app (TestClient), as ``realpolitik serve`` mounts it; the
answers must be the cases' own results (``CaseResult.to_dict()``), whichever cases there are.
"""

from __future__ import annotations

import math
import sys
import threading
import types
import warnings

import pytest

from realpolitik.history import cases
from realpolitik.history.calibrate import HistoryError
from realpolitik.history.cases import CaseResult, Outcome, case_names, get_case
from realpolitik.web import history as web_history
from realpolitik.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client():
    # the whole app, without its lifespan (the run workers are not needed here)
    return TestClient(create_app(allowed_hosts=["testserver"]), raise_server_exceptions=False)


def test_the_list_names_every_case_with_its_title(client):
    listing = client.get("/api/history").json()
    assert [c["name"] for c in listing] == list(case_names())
    assert "pre1914" in case_names()
    for entry in listing:
        assert entry["title"] == get_case(entry["name"]).title and "error" not in entry
    assert any(p["path"] == "/history" for p in client.get("/api/pages").json())
    page = client.get("/history")
    assert page.status_code == 200 and "/static/history.js" in page.text
    assert '<a href="/history" aria-current=page>History</a>' in page.text


@pytest.mark.parametrize("name", case_names())
def test_each_case_is_its_own_result(client, name):
    got = client.get(f"/api/history/{name}")
    assert got.status_code == 200
    assert got.json() == get_case(name).to_dict()  # deterministic: fixed seeds


def test_pre1914_has_six_banded_series_estimates_and_scores(client):
    c = client.get("/api/history/pre1914").json()
    assert len(c["series"]) == 6 and c["split"] == 1905
    for s in c["series"]:
        n = len(s["years"])
        assert n == len(s["observed"]) == len(s["low"]) == len(s["median"]) == len(s["high"])
        assert all(lo <= hi for lo, hi in zip(s["low"], s["high"], strict=True))
        assert s["years"][0] <= c["split"] <= s["years"][-1]
    assert {e["name"] for e in c["estimates"]} == {"a", "k", "sigma"}
    assert all(e["se"] is None or e["se"] >= 0 for e in c["estimates"])
    for s in c["scores"]:
        assert s["model_better"] == (s["model"] < s["naive"])
        assert math.isfinite(s["model"]) and math.isfinite(s["naive"])
    assert c["findings"] and c["score_label"]


def test_an_unknown_case_is_a_404_naming_the_cases(client):
    r = client.get("/api/history/no-such-case")
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert "'no-such-case'" in detail and all(n in detail for n in case_names())
    r = client.get("/api/history/" + "x" * 500)
    assert r.status_code == 404 and len(r.json()["detail"]) < 300


def _outcomes_only() -> CaseResult:
    return CaseResult(
        name="crisis",
        title="A single crisis, outcomes only",
        scenario="two-state-spiral",
        units="",
        fit_years="",
        split=None,
        outcomes=(Outcome.from_counts("war", 30, 200), Outcome.from_counts("deal", 170, 200)),
        findings=("War in 15% of the runs.",),
    )


def _broken() -> CaseResult:
    raise HistoryError("no cached fit for 'broken'")


@pytest.fixture
def extra_cases(monkeypatch):
    """Register two further cases in a stand-in module: one of outcomes only, one broken."""
    module = types.ModuleType("realpolitik_test_cases")
    module.crisis = _outcomes_only
    module.broken = _broken
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(cases.CASES, "crisis", f"{module.__name__}:crisis")
    monkeypatch.setitem(cases.CASES, "broken", f"{module.__name__}:broken")
    monkeypatch.setattr(web_history, "_RESULTS", web_history._Results())
    return module


def test_a_case_of_outcomes_only_and_a_broken_case(client, extra_cases):
    listing = {c["name"]: c for c in client.get("/api/history").json()}
    assert listing["crisis"]["title"] == "A single crisis, outcomes only"
    assert "no cached fit" in listing["broken"]["error"]
    c = client.get("/api/history/crisis").json()
    assert c["series"] == [] and c["scores"] == [] and c["split"] is None
    assert [o["name"] for o in c["outcomes"]] == ["war", "deal"]
    war = c["outcomes"][0]
    assert war["low"] < war["probability"] == 0.15 < war["high"] and war["runs"] == 200
    r = client.get("/api/history/broken")
    assert r.status_code == 500 and "'broken'" in r.json()["detail"]
    assert "no cached fit" in r.json()["detail"]


def test_a_case_is_computed_once_even_when_asked_at_once(monkeypatch, extra_cases):
    calls: list[int] = []

    def counted() -> CaseResult:
        calls.append(1)
        return _outcomes_only()

    monkeypatch.setattr(extra_cases, "crisis", counted)
    threads = [threading.Thread(target=web_history.case_dict, args=("crisis",)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert web_history.case_dict("crisis")["name"] == "crisis"
    assert len(calls) == 1

"""``realpolitik serve``: its options, the localhost default, the 0.0.0.0 warning; the pages."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from realpolitik.cli import main
from realpolitik.web import app as web_app
from realpolitik.web.app import Page, _host_name, allowed_host_names, pages


@pytest.fixture
def served(monkeypatch):
    """Replace uvicorn.run: record what would be served instead of serving."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_default_binds_localhost_and_says_so(served, capsys):
    assert main(["serve"]) == 0
    app, kw = served[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8000
    out = capsys.readouterr()
    assert "this machine only (127.0.0.1)" in out.out and "http://127.0.0.1:8000/" in out.out
    assert out.err == ""
    assert app.state.hosts == {"127.0.0.1", "localhost", "::1"}


def test_all_interfaces_warns_and_checks_hosts(served, capsys):
    args = ["serve", "--host", "0.0.0.0", "--port", "9001", "--allowed-host", "lab.example.org"]
    assert main(args) == 0
    app, kw = served[0]
    assert kw["host"] == "0.0.0.0" and kw["port"] == 9001
    err = capsys.readouterr().err
    assert "warning" in err and "every network interface" in err and "lab.example.org" in err
    assert "lab.example.org" in app.state.hosts and "0.0.0.0" not in app.state.hosts


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--port", "0"], "--port"),
        (["--port", "70000"], "--port"),
        (["--port", "x"], "--port"),
        (["--host", "bad host!"], "--host"),
        (["--allowed-host", "evil/path"], "--allowed-host"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_bad_options_are_one_line_errors(served, capsys, args, word):
    assert main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert word in err and "Traceback" not in err
    assert served == []


@pytest.mark.parametrize(
    ("header", "name"),
    [("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("EXAMPLE.org", "example.org"),
     ("127.0.0.1", "127.0.0.1"), ("::1", "::1")],
)  # fmt: skip
def test_host_header_names(header, name):
    assert _host_name(header) == name


def test_allowed_host_names():
    assert allowed_host_names("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    assert "lab" in allowed_host_names("0.0.0.0", ["LAB"])
    assert "192.168.1.5" in allowed_host_names("192.168.1.5")


def test_optional_pages_shown_only_when_present(monkeypatch):
    absent = Page("nothing", "Nothing", "/nothing", "realpolitik.web.no_such_module", "/api/x")
    no_html = Page("nohtml", "No page", "/nohtml", "realpolitik.web.theory", "/api/nohtml")
    present = Page("theory", "Again", "/again", "realpolitik.web.theory", "/api/again")
    shown, routers = pages([absent, no_html, present])
    assert [p.path for p in shown] == ["/", "/scenarios", "/theory", "/again"]
    assert [prefix for _, prefix in routers] == ["/api/nohtml", "/api/again"]
    assert web_app.OPTIONAL_PAGES[-1].module == "realpolitik.web.games"


def test_port_in_use_is_a_one_line_error(served, capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot serve on 127.0.0.1:{port}" in err and served == []


def test_a_page_is_framed_or_kept_whole(monkeypatch, tmp_path):
    (tmp_path / "part.html").write_text("<main>body</main>", encoding="utf-8")
    whole = '<!DOCTYPE html><html><body><nav id="nav"></nav><main>mine</main></body></html>'
    (tmp_path / "whole.html").write_text(whole, encoding="utf-8")
    monkeypatch.setattr(web_app, "_static", lambda: tmp_path)
    shown = list(web_app.CORE_PAGES)
    framed = web_app.render_page("part", "Part", shown)
    assert framed.startswith("<!doctype html>") and "<title>Part - realpolitik" in framed
    assert "<main>body</main>" in framed and '<a href="/scenarios">' in framed
    kept = web_app.render_page("whole", "Whole", shown)
    assert kept.count("<html>") == 1 and '<a href="/theory">' in kept and "<main>mine" in kept


def test_the_crisis_game_api_is_mounted_when_present():
    pytest.importorskip("realpolitik.web.games")
    from fastapi.testclient import TestClient

    from realpolitik.web import create_app

    app = create_app(allowed_hosts=["testserver"])
    paths = set(app.openapi()["paths"])
    assert "/api/games" in paths and "/api/games/{game_id}/turns" in paths
    with TestClient(app) as client:
        assert client.get("/api/games/options").status_code == 200
        bad = client.get("/api/games/no such id!")
        assert bad.status_code in (404, 422) and "Traceback" not in bad.text

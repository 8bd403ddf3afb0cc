"""The documentation site: generated pages up to date, no developer notes cited, commands.

- No text the package ships or writes (docstrings, help, report text, scenario comments) names
  the developer notes DESIGN.md, MODELS.md or CORE_MODEL.md; it names a documentation page.
- The generated pages (docs/cli.md, docs/scenario-format.md) equal what the code gives.
- Every page the site's navigation lists exists, and every docs/ page a source file names.
- ``realpolitik schema`` prints a JSON Schema that validates the bundled scenarios' shape;
  ``realpolitik docs`` serves a built site, says what is missing without the docs extra.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
import yaml

import realpolitik
from realpolitik.citations import docs_reference
from realpolitik.cli import main

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(realpolitik.__file__).parent

#: Paths the grep skips: none (every shipped file names documentation pages, not developer notes).
SKIPPED: tuple[str, ...] = ()

NOTES = re.compile(r"\b(?:DESIGN|MODELS|CORE_MODEL)\.md\b|\bCORE_MODEL\b|\bMODELS \d")

sys.path.insert(0, str(REPO / "tools"))
import docs_pages  # noqa: E402


def _shipped_files() -> list[Path]:
    skipped = [REPO / s for s in SKIPPED]
    return [
        p
        for p in sorted(PACKAGE.rglob("*"))
        if p.is_file()
        and p.suffix in {".py", ".yaml", ".yml", ".md", ".txt", ".html", ".json"}
        and not any(p.is_relative_to(s) for s in skipped)
    ]


def test_no_shipped_text_names_a_developer_note():
    assert len(_shipped_files()) > 50
    offenders = [
        f"{p.relative_to(REPO)}:{n}: {line.strip()}"
        for p in _shipped_files()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if NOTES.search(line)
    ]
    assert offenders == [], "\n".join(offenders)


def test_the_grep_skips_nothing():
    assert SKIPPED == ()


def test_readme_names_no_developer_note():
    assert not NOTES.search((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_grep_finds_what_it_looks_for():
    for text in ("see MODELS.md 3.3", "CORE_MODEL.md", "DESIGN.md", "CORE_MODEL 5", "MODELS 8"):
        assert NOTES.search(text), text
    assert not NOTES.search("from realpolitik.theory import MODELS")


def test_docs_reference_names_pages_that_exist():
    text = "(Kydd 1997; MODELS.md 3.3) CORE_MODEL 2-3; MODELS 1, 9.2 DESIGN.md MODELS.md 5"
    out = docs_reference(text)
    assert not NOTES.search(out)
    pages = re.findall(r"docs/[\w/-]+\.md", out)
    assert pages and all((REPO / p).is_file() for p in pages), pages
    assert docs_reference("no reference here") == "no reference here"


def test_every_docs_page_named_in_the_package_exists():
    named = {
        m
        for p in _shipped_files()
        for m in re.findall(r"docs/[\w/-]+\.md", p.read_text(encoding="utf-8"))
    }
    assert named, "the package names no documentation page"
    assert sorted(p for p in named if not (REPO / p).is_file()) == []


def test_generated_pages_are_up_to_date():
    for name, render in docs_pages.PAGES.items():
        assert (REPO / "docs" / name).read_text(encoding="utf-8") == render(), (
            f"run: python tools/docs_pages.py ({name})"
        )
    assert docs_pages.main(["docs_pages.py", "--check"]) == 0


def test_cli_page_lists_every_command():
    page = docs_pages.cli_markdown()
    for command in ("run", "check", "keys", "schema", "docs", "demo", "scenarios", "theory"):
        assert f"realpolitik {command}" in page
    assert (
        "### realpolitik theory richardson" in page or "#### realpolitik theory richardson" in page
    )
    assert "`--port N`" in page


def test_nav_lists_existing_pages_and_the_engine_pages():
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r"^\s+- [^:]+: ([\w/-]+\.md)\s*$", config, flags=re.M)
    assert len(nav) >= 20
    assert [p for p in nav if not (REPO / "docs" / p).is_file()] == []
    assert "strategic.md" in nav
    for page in ("strategic.md", "policies.md"):  # listed, or reserved until the page exists
        assert page in nav or re.search(rf"^\s+# - .*: {page}$", config, flags=re.M), page
    assert "font: false" in config


def test_schema_command_prints_the_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "realpolitik scenario"
    assert schema["required"] == ["name", "description", "years", "runs", "states"]
    props = schema["properties"]
    assert props["years"]["minimum"] == 1 and props["years"]["maximum"] == 10_000
    assert props["runs"]["maximum"] == 10_000_000
    assert "transparency" in props["parameters"]["properties"]
    assert props["parameters"]["additionalProperties"] is False
    state = schema["$defs"]["StateSpec"]["properties"]
    assert state["gdp"]["anyOf"][0]["exclusiveMinimum"] == 0
    assert "drawn" in state["military"]["description"]
    nuclear = schema["$defs"]["Nuclear"]["properties"]
    assert nuclear["warheads_per_missile"]["anyOf"][0]["minimum"] == 1


def test_schema_matches_the_bundled_scenarios():
    """Every top-level key of a bundled scenario is a property the schema declares."""
    from realpolitik.scenarios.reference import json_schema

    schema = json_schema()
    library = PACKAGE / "scenarios" / "library"
    files = sorted(library.glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= set(schema["properties"]), path.name
        assert set(data.get("parameters", {})) <= set(
            schema["properties"]["parameters"]["properties"]
        )
        for state in data["states"] if isinstance(data["states"], list) else []:
            known = set(schema["$defs"]["StateSpec"]["properties"])
            extra = set(state) - known
            assert extra <= set(schema["properties"]["parameters"]["properties"]), extra


def test_docs_command_serves_a_built_site(tmp_path):
    from realpolitik.cli.docs import make_server

    (tmp_path / "index.html").write_text("<h1>realpolitik docs</h1>", encoding="utf-8")
    server = make_server(tmp_path, 0)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as reply:
            assert b"realpolitik docs" in reply.read()
    finally:
        server.shutdown()
        server.server_close()


def test_docs_command_without_the_extra_says_what_to_install(monkeypatch, tmp_path, capsys):
    from realpolitik.cli import docs as docs_cli

    monkeypatch.setattr(docs_cli, "ROOT", REPO)
    monkeypatch.setattr(docs_cli, "missing_docs_packages", lambda: ["mkdocs-material"])
    site = tmp_path / "site"
    with pytest.raises(docs_cli.UserError, match=r"docs extra .*mkdocs-material"):
        docs_cli.build_site(REPO, site)
    monkeypatch.setattr(docs_cli, "ROOT", tmp_path)  # no site there, so docs must build one
    assert main(["docs", "--port", "8765"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "docs extra" not in err[0] and "mkdocs.yml" in err[0]


def test_docs_command_port_out_of_range(capsys):
    assert main(["docs", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err

"""`realpolitik demo` writes one self-contained HTML page; results land in the output folder."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from realpolitik._output import output_dir, to_jsonable
from realpolitik.report.html import Block, Section, render_page, short_citation

sys.path.insert(0, str(Path(__file__).parent))
from cli_helpers import PNG_MAGIC, assert_png

from realpolitik.theory import MODELS


def test_demo_theory_writes_one_self_contained_page_with_every_model(invoke, tmp_path):
    result = invoke("demo", "--theory", "--out", str(tmp_path))
    index = tmp_path / "index.html"
    assert str(index) in result.stdout
    page = index.read_text(encoding="utf-8")
    for model in MODELS:
        assert f'<section id="{model}">' in page
        assert f'realpolitik.cite("{model}")' in page
    uris = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(uris) == 11  # 3 Richardson figures + one per other model
    assert all(base64.b64decode(u).startswith(PNG_MAGIC) for u in uris)
    assert "http://" not in page and "https://" not in page  # nothing fetched at view time
    assert "<script" not in page
    # the numbers of the classic inputs are on the page
    assert "0.731" in page and "194.9" in page
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["richardson-1909-1913"]["slope"] == pytest.approx(0.731, abs=1e-3)
    for png in tmp_path.glob("*.png"):
        assert_png(png)


def test_default_output_folder_is_realpolitik_output_command_timestamp(
    invoke, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke("theory", "audience")
    folders = list((tmp_path / "realpolitik-output").glob("theory-audience-*"))
    assert len(folders) == 1
    assert re.fullmatch(r"theory-audience-\d{8}-\d{6}", folders[0].name)
    assert (folders[0] / "result.json").is_file()
    assert folders[0].name in result.stdout


def test_output_folders_in_the_same_second_get_a_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    now = datetime(2026, 1, 2, 3, 4, 5)
    first = output_dir("demo", now=now)
    second = output_dir("demo", now=now)
    third = output_dir("demo", now=now)
    assert first.name == "demo-20260102-030405"
    assert second.name == "demo-20260102-030405-2"
    assert third.name == "demo-20260102-030405-3"


def test_out_that_is_a_file_is_an_error(run_main, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    code, _, err = run_main("theory", "audience", "--out", str(target))
    assert code == 2
    assert "--out" in err
    assert len(err.strip().splitlines()) == 1


def test_json_has_no_infinity_or_nan():
    data = to_jsonable({"a": float("inf"), "b": (1, float("nan")), "c": None})
    assert data == {"a": "inf", "b": [1, None], "c": None}
    json.dumps(data, allow_nan=False)


def test_html_page_inlines_svg_and_cites_sources():
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'
    block = Block(title="t", summary="s", images=[("fig", "image/svg+xml", svg)])
    page = render_page(
        "T", [Section(anchor="spiral", title="Spiral", model="spiral", blocks=[block])]
    )
    assert "<svg" in page and "<?xml" not in page
    assert "Kydd" in page


def test_short_citation_reads_author_year_title_venue():
    bib = """@article{x,
  author = {Fearon, James D.},
  title = {Rationalist Explanations for War},
  journal = {International Organization},
  volume = {49},
  year = {1995}
}"""
    assert short_citation(bib) == (
        "Fearon (1995). Rationalist Explanations for War. International Organization 49."
    )


def _console_script() -> Path:
    return Path(sys.executable).with_name("realpolitik")


@pytest.mark.skipif(not _console_script().exists(), reason="console script not installed")
def test_console_script_fits_richardson_and_fails_cleanly(tmp_path):
    script = str(_console_script())
    ok = subprocess.run(
        [script, "theory", "richardson", "--data", "1909-1913", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "0.731" in ok.stdout and "194.9" in ok.stdout
    bad = subprocess.run(
        [script, "theory", "bargaining", "--p", "2", "--out", str(tmp_path / "bad")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "--p" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


def test_importing_realpolitik_and_report_does_not_import_matplotlib():
    code = (
        "import sys, realpolitik, realpolitik.report, realpolitik.report.tour, "
        "realpolitik.report.html; sys.exit('matplotlib' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=120, check=False).returncode == 0


def test_demo_and_demo_theory_write_differently_named_folders(invoke, tmp_path, monkeypatch):
    from realpolitik.report import tour

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tour, "classic_tour", lambda: [tour.richardson_fit_item()])
    result = invoke("demo", "--theory")
    (folder,) = (tmp_path / "realpolitik-output").iterdir()
    assert re.fullmatch(r"tour-\d{8}-\d{6}", folder.name)
    assert (folder / "index.html").is_file()
    assert f"realpolitik-output/{folder.name}/index.html" in result.stdout
    invoke("demo", "--runs", "5", "--years", "5")
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "realpolitik-output").iterdir())
    assert names == ["demo", "tour"]

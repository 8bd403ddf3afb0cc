"""`realpolitik run`, `realpolitik scenarios` and the flagship `realpolitik demo`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cli_helpers import assert_png

from realpolitik.engine import Trajectory

SMALL = ("--runs", "20", "--years", "10")


def test_scenarios_lists_the_bundled_scenarios(invoke):
    out = invoke("scenarios").stdout
    for name in (
        "two-state-spiral",
        "multipolar-offense",
        "bipolar-nuclear",
        "pre1914",
        "coldwar",
        "indpak",
    ):
        assert name in out
    assert "1,000 x 100" in out  # the flagship's size
    assert "Historical crisis models" in out and "cuba1962" in out


def test_run_writes_summary_figures_trajectory_and_page(invoke, tmp_path):
    result = invoke("run", "two-state-spiral", *SMALL, "--out", str(tmp_path))
    for name in ("summary.csv", "summary.json", "index.html", "scenario.yaml"):
        assert (tmp_path / name).is_file(), name
    for name in ("military.png", "war_timing.png", "outcomes.png"):
        assert_png(tmp_path / name)
    traj = Trajectory.load(tmp_path / "trajectory")
    assert (traj.runs, traj.years, traj.states) == (20, 10, 2)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["runs"] == 20 and summary["years"] == 10 and summary["seed"] == 1
    out = result.stdout
    for words in ("p_any_war", "wars_per_run", "security-dilemma wars", "deterrence failures",
                  "justified preemptions", "95% interval"):  # fmt: skip
        assert words in out, words
    assert str(tmp_path / "index.html") in out
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "two-state-spiral" in page and "Kydd" in page


def test_run_takes_a_file_path_too(invoke, tmp_path):
    from realpolitik.scenarios import bundled_path

    path = tmp_path / "mine.yaml"
    text = bundled_path("two-state-spiral").read_text(encoding="utf-8")
    path.write_text(text.replace("name: two-state-spiral", "name: my-spiral"), encoding="utf-8")
    invoke("run", str(path), *SMALL, "--out", str(tmp_path / "out"))
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "my-spiral"
    assert summary["scenario_source"] == str(path)


def test_run_default_folder_names_the_scenario(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("run", "two-state-spiral", "--runs", "3", "--years", "3")
    folders = list((tmp_path / "realpolitik-output").glob("run-two-state-spiral-*"))
    assert len(folders) == 1 and (folders[0] / "index.html").is_file()


def test_set_overrides_a_key_and_is_recorded(invoke, tmp_path):
    invoke(
        "run", "multipolar-offense", *SMALL, "--set", "distinguishability=0.9",
        "--set", "alliance_formation=balance", "--out", str(tmp_path),
    )  # fmt: skip
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == {"distinguishability": 0.9, "alliance_formation": "balance"}
    meta = json.loads((tmp_path / "trajectory" / "meta.json").read_text(encoding="utf-8"))
    assert meta["params"]["distinguishability"] == pytest.approx(0.9)
    assert meta["params"]["alliance_formation"] == "balance"


def test_same_seed_same_numbers_other_seed_other_numbers(invoke, tmp_path):
    def metrics(folder: Path, seed: str) -> dict:
        invoke("run", "multipolar-offense", *SMALL, "--seed", seed, "--out", str(folder))
        return json.loads((folder / "summary.json").read_text(encoding="utf-8"))["metrics"]

    a = metrics(tmp_path / "a", "3")
    b = metrics(tmp_path / "b", "3")
    c = metrics(tmp_path / "c", "4")
    assert a == b
    assert a != c


HOSTILE = {
    "alias-bomb": 'a: &a ["x","x"]\nb: [*a,*a]\n',
    "python-tag": "name: !!python/object/apply:os.system ['echo pwned']\n",
    "nan": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates: 2\nparameters:\n"
    "  transparency: .nan\n",
    "negative-gdp": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates:\n"
    "  - {name: A, gdp: -3}\n  - {name: B}\n",
    "probability": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates:\n"
    "  - {name: A, greedy_probability: 1.5}\n  - {name: B}\n",
    "unknown-key": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates: 2\ncolour: red\n",
    "unknown-ally": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates: [{name: A}, {name: B}]\n"
    "alliances:\n  - {members: [A, Zed]}\n",
    "years-zero": "name: x\ndescription: d\nyears: 0\nruns: 2\nstates: 2\n",
    "million-states": "name: x\ndescription: d\nyears: 5\nruns: 2\nstates: 1000000\n",
    "billion-runs": "name: x\ndescription: d\nyears: 5\nruns: 1000000000\nstates: 2\n",
    "syntax": "name: x\ndescription: [d\n",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_bad_scenario_file_is_one_line_exit_2_before_any_work(run_main, tmp_path, case):
    path = tmp_path / f"{case}.yaml"
    path.write_text(HOSTILE[case], encoding="utf-8")
    out_dir = tmp_path / "out"
    t0 = time.perf_counter()
    code, out, err = run_main("run", str(path), "--out", str(out_dir))
    assert time.perf_counter() - t0 < 2.0
    assert code == 2
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.match(rf"realpolitik: error: {re.escape(str(path))}:\d+: ", lines[0]), lines[0]
    assert not out_dir.exists()


def test_huge_file_is_refused(run_main, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (2 * 1024 * 1024))
    code, _, err = run_main("run", str(path))
    assert code == 2 and "1 MiB" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--set", "transparancy=0.5"), ["--set", "transparancy", "transparency"]),
        (("--set", "transparency=2"), ["--set", "transparency", "2"]),
        (("--set", "transparency"), ["--set", "key=value"]),
        (("--runs", "1000000000"), ["--runs", "1000000000", "10,000,000"]),
        (("--years", "0"), ["--years", "0"]),
        (("--seed", "-1"), ["--seed", "-1"]),
        (("--workers", "0"), ["--workers", "0"]),
    ],
)
def test_bad_options_name_the_option(run_main, tmp_path, args, words):
    code, out, err = run_main("run", "two-state-spiral", *args, "--out", str(tmp_path / "o"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in out + err
    assert not (tmp_path / "o").exists()


def test_unknown_scenario_name_lists_the_bundled_ones(run_main):
    code, _, err = run_main("run", "no-such-scenario")
    assert code == 2
    assert "two-state-spiral" in err and "multipolar-offense" in err


def test_demo_runs_the_flagship_scenario(invoke, tmp_path):
    result = invoke("demo", "--runs", "50", "--years", "20", "--out", str(tmp_path))
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "multipolar-offense" in page
    assert 'id="outcomes"' in page and 'id="military"' in page and 'id="war-timing"' in page
    assert len(re.findall(r'src="data:image/png;base64,', page)) == 3
    assert "Christensen" in page  # the flagship's sources are cited
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "multipolar-offense"
    assert summary["runs"] == 50 and summary["years"] == 20
    assert "deterrence failures" in result.stdout
    assert str(tmp_path / "index.html") in result.stdout


def test_demo_and_demo_theory_are_different_pages(invoke, tmp_path, monkeypatch):
    from realpolitik.report import tour

    monkeypatch.setattr(tour, "classic_tour", lambda: [tour.richardson_fit_item()])
    invoke("demo", "--runs", "5", "--years", "5", "--out", str(tmp_path / "flagship"))
    invoke("demo", "--theory", "--out", str(tmp_path / "theory"))
    flagship = (tmp_path / "flagship" / "index.html").read_text(encoding="utf-8")
    theory = (tmp_path / "theory" / "index.html").read_text(encoding="utf-8")
    assert "multipolar-offense" in flagship and '<section id="richardson">' not in flagship
    assert '<section id="richardson">' in theory and "multipolar-offense" not in theory


def test_help_of_run_scenarios_and_demo(invoke):
    root = invoke("--help").stdout
    for word in ("run", "scenarios", "demo"):
        assert word in root
    run = invoke("run", "--help").stdout
    for word in ("--runs", "--years", "--seed", "--set", "--workers", "--out", "SCENARIO"):
        assert word in run
    demo = invoke("demo", "--help").stdout
    assert "--theory" in demo and "flagship" in demo and "--runs" in demo


def _console_script() -> Path:
    return Path(sys.executable).with_name("realpolitik")


@pytest.mark.skipif(not _console_script().exists(), reason="console script not installed")
def test_console_script_refuses_a_hostile_file_without_traceback(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(HOSTILE["alias-bomb"], encoding="utf-8")
    bad = subprocess.run(
        [str(_console_script()), "run", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and f"{path}:1:" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


def test_the_saved_scenario_is_the_one_that_ran_and_repeats_the_run(invoke, tmp_path):
    import yaml

    from realpolitik.scenarios import load_scenario

    first = tmp_path / "first"
    sets = ("--set", "prior_trust=0.9", "--set", "transparency=0.5")
    invoke("run", "two-state-spiral", "--runs", "30", "--years", "12", "--seed", "7", *sets,
           "--out", str(first))  # fmt: skip
    saved = first / "scenario.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "--set prior_trust=0.9, transparency=0.5" in text.splitlines()[1]
    data = yaml.safe_load(text)
    assert (data["runs"], data["years"], data["seed"]) == (30, 12, 7)
    assert data["parameters"]["prior_trust"] == 0.9 and data["parameters"]["transparency"] == 0.5
    assert load_scenario(saved).name == "two-state-spiral"  # a valid scenario file
    again = tmp_path / "again"
    invoke("run", str(saved), "--out", str(again))  # its own runs, years and seed
    summary = lambda folder: json.loads((folder / "summary.json").read_text("utf-8"))  # noqa: E731
    assert summary(again)["metrics"] == summary(first)["metrics"]
    assert (summary(again)["runs"], summary(again)["seed"]) == (30, 7)


def test_the_saved_scenario_drops_events_beyond_a_shorter_horizon(invoke, tmp_path):
    import yaml

    from realpolitik.scenarios import load_scenario

    full = load_scenario("bipolar-nuclear")
    assert full.events and max(e.year for e in full.events) > (full.start_year or 0) + 4
    invoke("run", "bipolar-nuclear", "--runs", "5", "--years", "5", "--out", str(tmp_path))
    saved = yaml.safe_load((tmp_path / "scenario.yaml").read_text(encoding="utf-8"))
    last = (full.start_year or 0) + 4
    assert all(e["year"] <= last for e in saved.get("events", []))
    assert load_scenario(tmp_path / "scenario.yaml").years == 5

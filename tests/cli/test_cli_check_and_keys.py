"""`realpolitik check` says what a run would do and cost without running it; `realpolitik keys`
lists the engine's keys with symbol, range, neutral value and source."""

from __future__ import annotations

import re

import pytest

import realpolitik.engine as engine
from realpolitik.engine import Params


@pytest.fixture
def no_compute(monkeypatch):
    """Make any simulation fail: check must never simulate."""

    def simulate(*args, **kwargs):  # pragma: no cover - reached only on a regression
        raise AssertionError("simulate was called")

    monkeypatch.setattr(engine, "simulate", simulate)


def test_check_prints_states_alliances_events_parameters_and_an_estimate(
    invoke, no_compute, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    out = invoke("check", "bipolar-nuclear", "--set", "hotline=0.5", "--runs", "2000").stdout
    assert "bipolar-nuclear: 2,000 runs x" in out
    assert "from bipolar-nuclear.yaml (sha256 " in out
    for state in ("West", "East", "East ally"):
        assert state in out
    assert "Alliances in force from the start" in out and "Western alliance" in out
    assert "Scheduled events" in out and "1963" in out  # the hotline of 1963
    assert "Parameters in effect" in out
    assert re.search(r"hotline\s+│\s+h\s+│\s+0\.5\s+│\s+\[0, 1\]\s+│\s+--set", out)
    assert re.search(r"memory: about [\d.]+ MiB", out)
    assert re.search(r"time: +about [\d.]+ s to simulate on 1 worker", out)
    assert "nothing was simulated or written" in out
    assert "realpolitik run bipolar-nuclear --runs 2000 --set hotline=0.5" in out
    assert list(tmp_path.iterdir()) == []  # no output folder


def test_check_lists_only_parameters_whose_mechanism_is_on(invoke, no_compute):
    out = invoke("check", "two-state-spiral").stdout
    table = out[out.index("Parameters in effect") : out.index("Estimate")]
    assert "prior_trust" in table  # type_beliefs is on: its keys act
    assert "alliance_stake" not in table and "burden_sharing" not in table  # defaults, off
    assert "transparency" not in table  # set to its neutral value 0 in the file


def test_check_refuses_bad_input_like_run(run_main, no_compute):
    code, _, err = run_main("check", "two-state-spiral", "--set", "transparency=2")
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "--set" in line and "transparency" in line and "[0, 1]" in line


def test_check_estimates_scale_with_runs_and_workers(invoke, no_compute):
    def numbers(*args: str) -> tuple[float, float]:
        out = invoke("check", "multipolar-offense", *args).stdout
        memory = re.search(r"memory: about ([\d.,]+) (\w+)", out)
        seconds = re.search(r"time: +about ([\d.]+) (s|min)", out)
        assert memory and seconds, out
        scale = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30}[memory.group(2)]
        minutes = 60 if seconds.group(2) == "min" else 1
        return float(memory.group(1).replace(",", "")) * scale, float(seconds.group(1)) * minutes

    mem_small, t_small = numbers("--runs", "10000")
    mem_big, t_big = numbers("--runs", "100000")
    _, t_four = numbers("--runs", "100000", "--workers", "4")
    assert mem_big / mem_small == pytest.approx(10, rel=0.05)
    assert t_big / t_small == pytest.approx(10, rel=0.1)
    assert t_four < t_big / 2


def test_keys_lists_every_key_with_symbol_range_neutral_value_and_source(invoke):
    out = invoke("keys").stdout
    table = Params.describe()
    assert f"{len(table)} keys in" in out
    for row in table.itertuples(index=False):
        assert row.key in out, row.key
    assert re.search(r"reaction\s+│\s+kappa\s+│\s+\[0, inf\)\s+│\s+0\.2\s+│", out)  # core value
    assert re.search(r"hotline\s+│\s+h\s+│\s+\[0, 1\]\s+│\s+0\.0\s+│", out)  # neutral
    assert "acts only while type_beliefs is on" in out  # prior_trust needs the switch


def test_keys_of_one_mechanism_and_an_unknown_one(invoke, run_main):
    out = invoke("keys", "beliefs").stdout
    assert "prior_trust" in out and "reaction" not in out and "hotline" not in out
    code, _, err = run_main("keys", "belief")
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "'belief' is not a mechanism" in line and "beliefs" in line and "core" in line


def test_help_lists_check_and_keys(invoke):
    root = invoke("--help").stdout
    assert "check" in root and "keys" in root
    text = invoke("check", "--help").stdout
    for word in ("--set", "--runs", "--workers", "SCENARIO", "estimate"):
        assert word in text

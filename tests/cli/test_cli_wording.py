"""Honest output: metrics say what they mean in the terminal, a share above the pie says it is
infeasible, and a number that cannot be read names its option and the allowed range."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from realpolitik.cli.run import summary_table
from realpolitik.report.run_report import summary_table as metrics_of
from realpolitik.scenarios import run_scenario


@pytest.fixture(scope="module")
def summary():
    return metrics_of(run_scenario("two-state-spiral", runs=40, years=20))


def test_every_metric_says_what_it_means(summary):
    assert summary["description"].str.len().min() > 15
    meaning = dict(zip(summary["metric"], summary["description"], strict=True))
    assert meaning["time_to_first_war_censored"].startswith("share of runs with no war")
    assert "years until the first war" in meaning["time_to_first_war"]


def test_the_terminal_table_shows_each_meaning_and_fits_80_columns(summary):
    console = Console(width=80, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(summary_table(summary, "two-state-spiral: 40 runs x 20 years, seed 1"))
    text = captured.get()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert all(line.endswith(("│", "┃", "┓", "┩", "┘")) for line in text.splitlines()[1:])
    flat = " ".join(part.strip(" │") for part in text.splitlines())
    assert "time_to_first_war_censored" in flat
    assert "share of runs with no war at all by the horizon" in " ".join(flat.split())


def test_the_run_command_prints_the_meanings(invoke, tmp_path):
    out = invoke("run", "two-state-spiral", "--runs", "10", "--years", "5",
                 "--out", str(tmp_path)).stdout  # fmt: skip
    assert "metric (what it means)" in out
    assert "share of runs with at least one war" in " ".join(out.split())


def test_bargaining_says_a_required_share_above_one_is_infeasible(invoke, tmp_path):
    out = " ".join(invoke("theory", "bargaining", "--out", str(tmp_path)).stdout.split())
    assert "share of the pie D requires today (above 1: more than the whole pie, so no deal " \
        "buys peace)" in out  # fmt: skip
    assert "3.25" in out  # Powell's shift from 0.6 to 0.3 with delta 0.9: infeasible


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("run", "two-state-spiral", "--years", "1e9"), ["--years", "1000000000", "1..10,000"]),
        (("run", "two-state-spiral", "--years", "twelve"), ["--years", "'twelve'", "1..10,000"]),
        (("run", "two-state-spiral", "--runs", "2.5"), ["--runs", "'2.5'", "1..10,000,000"]),
        (("run", "two-state-spiral", "--seed", "x"), ["--seed", "'x'", "integers 0.."]),
        (("run", "two-state-spiral", "--workers", "two"), ["--workers", "'two'", ">= 1"]),
        (("theory", "bargaining", "--p", "half"), ["--p", "'half'", "allowed: [0, 1]"]),
        (("theory", "jervis", "--grid", "1e0.5"), ["--grid", "'1e0.5'", "allowed:"]),
    ],
)
def test_a_number_that_cannot_be_read_names_the_option_and_the_range(
    run_main, tmp_path, args, words
):
    code, out, err = run_main(*args, "--out", str(tmp_path / "o"))
    assert code == 2
    (line,) = err.strip().splitlines()
    for word in words:
        assert word in line, line
    assert "unable to parse" not in line and "Traceback" not in out + err
    assert not (tmp_path / "o").exists()


def test_integers_may_be_written_with_separators_or_as_powers_of_ten(invoke):
    for text in ("100000", "100_000", "100,000", "1e5"):
        out = invoke("check", "two-state-spiral", "--runs", text).stdout
        assert "two-state-spiral: 100,000 runs x 60 years" in out

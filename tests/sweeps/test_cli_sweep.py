"""The command line of the policy lab: experiments, sweep, results, compare."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest


def test_experiments_lists_the_library_and_copes_with_none(
    run_main, monkeypatch, tmp_path: Path, small_experiment
) -> None:
    from realpolitik.experiments import schema

    monkeypatch.setattr(schema, "_LIBRARY", tmp_path / "none")
    code, out, _ = run_main("experiments")
    assert code == 0 and "no experiments are bundled" in out
    library = tmp_path / "library"
    library.mkdir()
    (library / "small.yaml").write_text(small_experiment().read_text())
    monkeypatch.setattr(schema, "_LIBRARY", library)
    code, out, _ = run_main("experiments")
    assert code == 0 and "small" in out and "A small sweep" in out and "2 x grid = 4 cells" in out


def test_sweep_then_results_csv_is_the_same_text_for_two_stores(
    run_main, tmp_path: Path, reference
) -> None:
    exp, _, b = str(reference[0]), None, reference[2]
    a = tmp_path / "a.duckdb"
    code, out, _ = run_main("sweep", exp, "--store", str(a))
    assert code == 0 and "ran 12 chunks (40 runs)" in out
    code, out, _ = run_main("sweep", exp, "--store", str(a))
    assert code == 0 and "ran 0 chunks" in out and "12 were already in the store" in out
    csv_a, csv_b = run_main("results", str(a), "--format", "csv")[1], run_main(
        "results", str(b), "--format", "csv")[1]  # fmt: skip
    assert csv_a == csv_b
    table = pd.read_csv(io.StringIO(csv_a))
    assert list(table["cell"]) == [0, 1, 2, 3] and list(table["runs"]) == [10] * 4
    assert list(table["share_greedy"]) == [0.0, 0.5, 0.0, 0.5]
    assert ((table["p_any_war_lo"] <= table["p_any_war"])
            & (table["p_any_war"] <= table["p_any_war_hi"])).all()  # fmt: skip
    code, out, _ = run_main("results", str(a))
    assert code == 0 and "deterrence" in out and "p_any_war" in out
    code, _, _ = run_main("results", str(a), "--format", "parquet", "--out", str(tmp_path / "o"))
    assert code == 0
    cells = pd.read_parquet(tmp_path / "o" / "cells.parquet")
    runs = pd.read_parquet(tmp_path / "o" / "runs.parquet")
    assert len(cells) == 4 and len(runs) == 40
    code, out, _ = run_main("report", str(tmp_path / "o"), "--out", str(tmp_path / "r"))
    assert code == 0 and (tmp_path / "r" / "index.html").is_file()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--executor", "threads"], "--executor: 'threads' is not allowed"),
        (["--scheduler", "tcp://127.0.0.1:1"], "needs --executor dask"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_sweep_refuses_bad_options(
    run_main, tmp_path: Path, small_experiment, args: list[str], words: str
) -> None:
    code, _, err = run_main("sweep", str(small_experiment()), "--store",
                            str(tmp_path / "s.duckdb"), *args)  # fmt: skip
    assert code == 2 and words in err
    assert not (tmp_path / "s.duckdb").exists()


def test_results_and_sweep_name_a_bad_store(run_main, tmp_path: Path, small_experiment) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_text("junk")
    code, _, err = run_main("results", str(junk))
    assert code == 2 and "not a results store" in err
    code, _, err = run_main("sweep", str(small_experiment()), "--store", str(junk))
    assert code == 2 and "--store" in err and "not a results store" in err
    code, _, err = run_main("results", str(junk), "--format", "parquet")
    assert code == 2 and "--out" in err


def test_compare_two_saved_runs(run_main, tmp_path: Path) -> None:
    common = ["--runs", "40", "--years", "10", "--seed", "3"]
    for name, extra in (("a", []), ("b", ["--set", "share_greedy=0.9"])):
        code, _, err = run_main("run", "two-state-spiral", *common, *extra, "--out",
                                str(tmp_path / name), "--save", "summary")  # fmt: skip
        assert code == 0, err
    code, out, _ = run_main("compare", str(tmp_path / "a"), str(tmp_path / "a"), "--format", "csv")
    same = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(same) == 8
    assert (same["b_minus_a"].fillna(0) == 0).all() and not same["significant"].any()
    code, out, _ = run_main("compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "csv")
    diff = pd.read_csv(io.StringIO(out)).set_index("metric")
    assert code == 0
    assert diff.loc["deterrence_failures_per_run", "b_minus_a"] > 0
    assert (diff["lo"] <= diff["b_minus_a"]).all() and (diff["b_minus_a"] <= diff["hi"]).all()
    code, out, _ = run_main("compare", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 0 and "B - A" in out and "excludes 0" in out
    code, _, err = run_main("compare", str(tmp_path / "a"), str(tmp_path))
    assert code == 2 and "not a saved run" in err

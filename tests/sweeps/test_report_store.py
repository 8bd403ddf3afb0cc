"""End to end on the command line: a bundled experiment -> ``sweep`` -> store -> ``report``.

The bundled experiment is shrunk (runs, years, chunk size) in a copy whose scenario path points
back into the library; everything else (interventions, set, design, seed) is the library's.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import yaml

from realpolitik.experiments import schema

LIBRARY = Path(schema.__file__).resolve().parent / "library"


def tiny(name: str, folder: Path, runs: int = 6, years: int = 6, samples: int | None = None):
    """Write a small copy of the bundled experiment ``name`` into ``folder``; return its path."""
    exp = yaml.safe_load((LIBRARY / f"{name}.yaml").read_text(encoding="utf-8"))
    scenario = LIBRARY / exp["scenario"]
    if scenario.is_file():
        exp["scenario"] = str(scenario)
    exp.update(runs=runs, years=years, chunk_size=3)
    if samples is not None:
        exp["design"]["samples"] = samples
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(exp, sort_keys=False), encoding="utf-8")
    return path


def fetched(page: str) -> list[str]:
    """Return what a browser would fetch from the network to show the page."""
    pattern = r"""(?:src|srcset)\s*=\s*["']?\s*(?:https?:)?//|<link[^>]+href\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import"""  # noqa: E501
    return re.findall(pattern, page, flags=re.IGNORECASE)


def test_a_bundled_experiment_sweeps_into_a_store_and_reports(run_main, tmp_path: Path) -> None:
    experiment = tiny("restraint-vs-modernisation", tmp_path)
    store = tmp_path / "rm.duckdb"
    code, out, err = run_main("sweep", str(experiment), "--store", str(store))
    assert code == 0, err
    assert "9 cells x 6 runs x 6 years" in out and "ran 18 chunks (54 runs)" in out
    code, csv, _ = run_main("results", str(store), "--format", "csv")
    assert code == 0
    code, out, err = run_main("report", str(store), "--out", str(tmp_path / "report"))
    assert code == 0, err
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Restraint or modernisation?" in page and "data:image/png;base64," in page
    assert 'id="effects"' in page and fetched(page) == []
    # the report's table and `results --format csv` are the same numbers, to the last digit
    assert (tmp_path / "report" / "cells.csv").read_text(encoding="utf-8") == csv
    table = pd.read_csv(tmp_path / "report" / "cells.csv")
    assert list(table["runs"]) == [6] * 9
    # the first state's own security is kept in the store, and reported
    assert {"first_state_attacked_per_run", "first_state_lost_per_run"} <= set(table)
    assert "treaty_collapse_share" not in table  # no treaty in this experiment
    assert set(pd.read_csv(tmp_path / "report" / "effects.csv")["intervention"]) == {
        "restraint",
        "modernisation",
    }


def test_report_refuses_a_file_that_is_not_a_store(run_main, tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a store")
    code, _, err = run_main("report", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2 and "not a results store" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists() and bad.read_text() == "not a store"


def test_arms_control_keeps_treaty_collapse_and_cheating(run_main, tmp_path: Path) -> None:
    experiment = tiny("arms-control-guardrails", tmp_path, runs=4)
    store = tmp_path / "ac.duckdb"
    assert run_main("sweep", str(experiment), "--store", str(store))[0] == 0
    code, csv, _ = run_main("results", str(store), "--format", "csv")
    table = pd.read_csv(io.StringIO(csv))
    assert code == 0 and len(table) == 10
    for metric in ("treaty_collapse_share", "cheating_share"):
        assert (
            (table[f"{metric}_lo"] <= table[metric]) & (table[metric] <= table[f"{metric}_hi"])
        ).all()
    # no one cheats where the greedy never do, verification or not; some cheat at 0.8
    assert table["cheating_share"].max() > 0


def test_a_store_of_an_older_layout_is_refused_clearly(run_main, tmp_path: Path) -> None:
    import duckdb

    experiment = tiny("restraint-vs-modernisation", tmp_path, runs=3, years=3)
    store = tmp_path / "old.duckdb"
    assert run_main("sweep", str(experiment), "--store", str(store))[0] == 0
    with duckdb.connect(str(store)) as con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    before = store.read_bytes()
    for args in (("results", str(store)), ("report", str(store), "--out", str(tmp_path / "r")),
                 ("sweep", str(experiment), "--store", str(store))):  # fmt: skip
        code, _, err = run_main(*args)
        assert code == 2 and "store layout version 1" in err and "reads version 2" in err, err
        assert err.count("error:") == 1
    assert store.read_bytes() == before and not (tmp_path / "r").exists()

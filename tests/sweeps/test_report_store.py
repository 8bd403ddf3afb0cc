"""End to end on the command line: a bundled experiment -> ``sweep`` -> store -> ``report``.

The bundled experiment is shrunk (runs, years, chunk size) in a copy whose scenario path points
back into the library; everything else (interventions, set, design, seed) is the library's.
"""

from __future__ import annotations

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

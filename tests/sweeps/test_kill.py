"""A sweep killed with SIGKILL at random moments resumes to the store of an uninterrupted one."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from realpolitik.experiments.design import build_sweep
from realpolitik.experiments.schema import load_experiment
from realpolitik.experiments.store import ResultsStore
from realpolitik.experiments.sweep import run_sweep

CLI = "import sys; from realpolitik.cli import main; sys.exit(main(sys.argv[1:]))"


def _state(store: Path) -> int:
    """Check that every finished chunk is whole and no other run is stored; return how many."""
    if not store.exists():  # killed before the new store was renamed into place
        assert not list(store.parent.glob(f"{store.name}*")), "a half-built store was left"
        return 0
    with ResultsStore(store) as db:
        chunks, runs = db.chunks(), db.runs()
    finished = chunks[chunks["finished"]]
    per_chunk = runs.groupby(["cell", "chunk"]).size()
    assert len(per_chunk) == len(finished)
    for row in finished.itertuples():
        assert per_chunk[row.cell, row.chunk] == row.runs  # no half chunk
        rows = runs[(runs["cell"] == row.cell) & (runs["chunk"] == row.chunk)]["run"]
        assert list(rows) == list(range(row.start, row.start + row.runs))
    return len(finished)


def _start(exp: Path, store: Path) -> subprocess.Popen:
    args = [sys.executable, "-c", CLI, "sweep", str(exp), "--store", str(store)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_kill_9_at_random_moments_then_resume(small_experiment, tmp_path: Path, same_store) -> None:
    exp = small_experiment(runs=24, chunk_size=2)  # 4 cells x 12 chunks
    store = tmp_path / "killed.duckdb"
    rng = random.Random(2024)
    finished = [0]
    # first kill at a random moment of the start (loading, checking, creating the store)
    proc = _start(exp, store)
    time.sleep(rng.uniform(0.2, 1.5))
    proc.kill()
    proc.wait()
    finished.append(_state(store))
    killed_mid_sweep = 0
    for _ in range(2):  # then kills at random moments after a chunk has been written
        proc = _start(exp, store)
        assert proc.stderr is not None
        for line in proc.stderr:  # the progress log: one line per tenth of the runs
            if "%" in line:
                break
        time.sleep(rng.uniform(0.0, 0.4))
        proc.kill()
        proc.wait()
        finished.append(_state(store))
        killed_mid_sweep += 0 < finished[-1] < 48
    assert finished == sorted(finished), finished  # no finished chunk is ever lost
    assert killed_mid_sweep >= 1, finished
    sweep = build_sweep(load_experiment(exp))
    resumed = run_sweep(sweep, store)
    assert resumed.skipped == finished[-1] and resumed.ran == 48 - finished[-1]
    assert _state(store) == 48
    whole = tmp_path / "whole.duckdb"
    run_sweep(sweep, whole)
    assert same_store(whole, store)
    print("finished chunks after each kill:", finished)

"""Sweeps on Dask: a LocalCluster, and a real `dask scheduler` with two `dask worker`s."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from realpolitik.experiments.sweep import run_sweep

pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask() -> list[str]:
    found = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    if found is None:
        pytest.skip("the dask command is not installed")
    return [found]


def test_processes_and_dask_give_the_serial_store(reference, tmp_path: Path, same_store) -> None:
    _, sweep, serial = reference
    stores = {}
    for executor, workers in (("processes", 2), ("dask", 2)):
        stores[executor, workers] = tmp_path / f"{executor}-{workers}.duckdb"
        result = run_sweep(sweep, stores[executor, workers], executor=executor, workers=workers)
        assert result.ran == 12
    assert all(same_store(serial, path) for path in stores.values())


def test_a_sweep_on_a_real_dask_cluster(reference, tmp_path: Path, same_store, run_main) -> None:
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    procs = [subprocess.Popen([*_dask(), "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], **quiet)]  # fmt: skip
    try:
        for _ in range(2):
            worker = [*_dask(), "worker", address, "--nthreads", "1", "--host", "127.0.0.1"]
            procs.append(subprocess.Popen([*worker, "--no-dashboard"], **quiet))
        deadline = time.monotonic() + 60
        while True:  # the scheduler takes a moment to listen
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=60)
                    assert len(client.scheduler_info()["workers"]) == 2
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        exp, _, serial = reference
        store = tmp_path / "cluster.duckdb"
        code, out, err = run_main("sweep", str(exp), "--store", str(store), "--executor",
                                  "dask", "--scheduler", address)  # fmt: skip
        assert code == 0, err
        assert "ran 12 chunks (40 runs)" in out
        assert same_store(serial, store)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _malloc_trim() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _profiling() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def test_the_local_cluster_keeps_mallocs_own_trimming_and_is_quiet() -> None:
    """Dask's nanny would set MALLOC_TRIM_THRESHOLD_=65536: every chunk faults its memory in.

    And the profiler, work stealing and fast monitors would take the chunks' CPU time.
    """
    from distributed import Client

    from realpolitik.experiments.sweep import local_cluster

    expected = _malloc_trim()  # the driver's own setting, if any, is left alone
    with local_cluster(1) as cluster, Client(cluster) as client:
        seen = client.run(_malloc_trim)
        threads = list(client.nthreads().values())
        profiling = list(client.run(_profiling).values())
        stealing = "stealing" in cluster.scheduler.extensions
    assert list(seen.values()) == [expected]
    assert threads == [1]
    assert profiling == [False]
    assert not stealing


def test_small_task_and_warm_up_outcomes(reference) -> None:
    from realpolitik.engine.executors import small_task
    from realpolitik.experiments.sweep import cell_tasks, chunk_outcomes, warm_up_outcomes

    _, sweep, _ = reference
    task = cell_tasks(sweep, sweep.cells[0])[1]  # runs 4..8 of 10, 5 years
    small = small_task(task, runs=2, years=1)
    assert (small.chunk.start, small.chunk.stop, small.years) == (4, 6, 1)
    assert small.chunk.seed == task.chunk.seed
    assert small_task(task, runs=99, years=99).chunk == task.chunk
    warm_up_outcomes(task)
    assert len(chunk_outcomes((0, small)).columns["wars"]) == 2

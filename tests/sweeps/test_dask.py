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

"""Check before compute: the output folder is proven usable before any simulation, a non-empty
one is refused unless --overwrite, every path error names --out, and Ctrl-C keeps nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import realpolitik.engine as engine
from realpolitik import lab
from realpolitik._output import STAGING_PREFIX, OutputError, OutputFolder
from realpolitik.cli import progress as progress_module

SMALL = ("--runs", "20", "--years", "5")
LINUX = sys.platform.startswith("linux") and Path("/proc/self").is_dir()


@pytest.fixture
def no_compute(monkeypatch):
    """Make any simulation fail: the command must refuse the folder before it computes."""

    def simulate(*args, **kwargs):  # pragma: no cover - reached only on a regression
        raise AssertionError("simulate was called")

    monkeypatch.setattr(engine, "simulate", simulate)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.skipif(not LINUX, reason="needs /proc")
@pytest.mark.parametrize(
    ("out", "extra", "words"),
    [
        ("/proc/x", (), "cannot create the folder"),  # no folder can be made there
        ("/proc/self", ("--overwrite",), "cannot write into the folder"),  # exists, read-only
    ],
)
def test_an_unusable_out_is_refused_before_any_simulation(run_main, no_compute, out, extra, words):
    code, out_text, err = run_main("run", "two-state-spiral", *SMALL, "--out", out, *extra)
    line = one_line(err)
    assert code == 2
    assert line.startswith(f"realpolitik: error: --out = '{out}'")
    assert words in line and "allowed:" in line
    assert "Traceback" not in out_text + err


def test_an_out_below_a_file_names_the_option(run_main, no_compute, tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    code, _, err = run_main("run", "two-state-spiral", "--out", str(tmp_path / "a-file" / "sub"))
    line = one_line(err)
    assert code == 2 and "--out" in line and "is a file, not a folder" in line


def test_a_non_empty_out_is_refused_unless_overwrite(run_main, invoke, no_compute, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_main("run", "two-state-spiral", *SMALL, "--out", str(tmp_path))
    line = one_line(err)
    assert code == 2
    assert "--out" in line and "not empty (1 entry)" in line and "--overwrite" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_overwrite_replaces_our_files_and_keeps_the_others(invoke, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "summary.json").write_text("old", encoding="utf-8")
    (tmp_path / "trajectory").mkdir()
    (tmp_path / "trajectory" / "stale.bin").write_bytes(b"old")
    invoke("run", "two-state-spiral", *SMALL, "--out", str(tmp_path), "--overwrite")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "summary.json").read_text(encoding="utf-8").startswith("{")
    assert not (tmp_path / "trajectory" / "stale.bin").exists()  # the run's own folder, new
    assert not any(p.name.startswith(STAGING_PREFIX) for p in tmp_path.iterdir())


def test_an_existing_empty_out_is_used_as_it_is(invoke, tmp_path):
    invoke("theory", "audience", "--out", str(tmp_path))
    assert (tmp_path / "result.json").is_file()


def test_theory_commands_check_the_folder_before_computing(run_main, tmp_path, monkeypatch):
    from realpolitik.report.tour import audience

    def item(**given):  # pragma: no cover - reached only on a regression
        raise AssertionError("the model was computed")

    monkeypatch.setattr(audience, "item", item)
    (tmp_path / "x").write_text("x", encoding="utf-8")
    code, _, err = run_main("theory", "audience", "--out", str(tmp_path))
    assert code == 2 and "--out" in one_line(err)


def test_a_bad_theory_input_leaves_no_empty_folder(run_main, tmp_path):
    out = tmp_path / "new"
    code, _, err = run_main("theory", "bargaining", "--p", "1.5", "--out", str(out))
    assert code == 2 and "--p" in one_line(err)
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Ctrl-C
# ---------------------------------------------------------------------------------------------


def ctrl_c_after(monkeypatch, chunks: int) -> None:
    """Make Ctrl-C arrive when the progress display has seen ``chunks`` chunks finish."""
    update = progress_module.RunProgress.update

    def interrupting(self, done, total):
        update(self, done, total)
        if self.chunks == chunks:
            raise KeyboardInterrupt

    monkeypatch.setattr(progress_module.RunProgress, "update", interrupting)


def test_ctrl_c_during_a_run_prints_one_line_and_leaves_no_folder(run_main, monkeypatch, tmp_path):
    ctrl_c_after(monkeypatch, 2)
    out = tmp_path / "run"
    code, stdout, err = run_main(
        "run", "two-state-spiral", "--runs", "4000", "--years", "5", "--out", str(out)
    )
    assert code == 130
    last = err.strip().splitlines()[-1]
    assert re.fullmatch(r"realpolitik: interrupted after 2 of 4 chunks of .*; nothing was written",
                        last)  # fmt: skip
    assert not out.exists()
    assert "Traceback" not in stdout + err


def test_ctrl_c_leaves_no_default_folder_either(run_main, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    ctrl_c_after(monkeypatch, 1)
    code, _, _ = run_main("run", "two-state-spiral", "--runs", "2000", "--years", "5")
    assert code == 130
    assert list(tmp_path.iterdir()) == []  # not even ./realpolitik-output


def test_ctrl_c_while_writing_keeps_nothing_new_and_the_old_files(run_main, monkeypatch, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    write = lab.write_outputs

    def interrupted_write(prepared, trajectory, folder, **kwargs):
        write(prepared, trajectory, folder, **kwargs)  # everything is written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(lab, "write_outputs", interrupted_write)
    code, _, err = run_main("run", "two-state-spiral", *SMALL, "--out", str(tmp_path),
                            "--overwrite")  # fmt: skip
    assert code == 130
    assert err.strip().splitlines()[-1] == (
        "realpolitik: interrupted while writing the results; nothing was kept"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_the_output_folder_discards_on_any_error(tmp_path):
    target = tmp_path / "a" / "b"
    with pytest.raises(RuntimeError), OutputFolder.open("x", target) as folder:
        (folder.staging / "half.csv").write_text("1,2", encoding="utf-8")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []  # the folders it made are gone too
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"^--out = '.*file' exists and is not a folder"):
        OutputFolder.open("x", tmp_path / "file", overwrite=True)


def _console_script() -> Path:
    return Path(sys.executable).with_name("realpolitik")


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not (LINUX and _console_script().exists()), reason="needs Linux and the script")
def test_ctrl_c_stops_the_worker_processes_at_once(tmp_path):
    out = tmp_path / "big"
    proc = subprocess.Popen(
        [str(_console_script()), "run", "multipolar-offense", "--runs", "60000", "--years", "20",
         "--workers", "2", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert "started" in proc.stderr.readline()
        assert "%" in proc.stderr.readline()  # the first tenth is done: the workers are busy
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert children
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
        t0 = time.perf_counter()
        _, err = proc.communicate(timeout=60)
        stopped_after = time.perf_counter() - t0
    finally:
        if proc.poll() is None:  # pragma: no cover - only on a regression
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    *progress_lines, last = err.strip().splitlines()
    assert re.fullmatch(r"realpolitik: interrupted after \d+ of 59 chunks of .*", last)
    assert all("%" in line for line in progress_lines)  # no traceback from any worker
    assert stopped_after < 10  # the whole run takes about 30 s here: it did not finish
    time.sleep(0.2)
    assert not [pid for pid in children if _alive(int(pid))]
    assert not out.exists()


def test_worker_processes_leave_ctrl_c_to_the_parent():
    from realpolitik.engine.executors import ProcessExecutor

    handlers = list(ProcessExecutor(2).map(signal.getsignal, [signal.SIGINT] * 2))
    assert handlers == [signal.SIG_IGN] * 2


def test_stopping_early_terminates_the_workers_instead_of_waiting_for_them(workers_gone):
    from realpolitik.engine.executors import ProcessExecutor

    results = ProcessExecutor(2).map(time.sleep, [0, 60, 60, 60])
    assert next(results) is None  # the first task is done; two workers now sleep 60 s
    t0 = time.perf_counter()
    results.close()  # what Ctrl-C in the parent does to the loop over the results
    assert time.perf_counter() - t0 < 10
    assert workers_gone()  # terminated, not left to finish their sleep


def test_a_failed_write_names_the_folder_and_keeps_nothing(run_main, monkeypatch, tmp_path):
    write = lab.write_outputs

    def disk_full(prepared, trajectory, folder, **kwargs):
        write(prepared, trajectory, folder, **kwargs)
        raise OSError(28, "No space left on device", str(Path(folder) / "index.html"))

    monkeypatch.setattr(lab, "write_outputs", disk_full)
    out = tmp_path / "full"
    code, _, err = run_main("run", "two-state-spiral", *SMALL, "--out", str(out))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"realpolitik: error: --out = '{out}': cannot write the results (No space left on "
        "device); nothing was kept"
    )
    assert not out.exists()


def test_ctrl_c_in_a_theory_command_says_so_and_leaves_no_folder(run_main, monkeypatch, tmp_path):
    from realpolitik.report.tour import audience

    def item(**given):
        raise KeyboardInterrupt

    monkeypatch.setattr(audience, "item", item)
    code, _, err = run_main("theory", "audience", "--out", str(tmp_path / "new"))
    assert (code, err) == (130, "realpolitik: interrupted\n")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("after", [1, 2])
def test_discard_removes_an_entry_a_late_writer_adds(after, tmp_path, monkeypatch):
    """A write in flight at Ctrl-C recreating a file after the removal leaves nothing behind.

    After the second removal, the staging folder had already been found gone once: the
    writer makes it again (as Zarr makes the folders it writes into).
    """
    from realpolitik import _output

    folder = OutputFolder.open("run", tmp_path / "late", overwrite=False)
    (folder.staging / "trajectory").mkdir()
    rmtree, calls = shutil.rmtree, []

    def late_writer(path, ignore_errors=False):
        rmtree(path, ignore_errors=ignore_errors)
        calls.append(path)
        if len(calls) == after:  # the writer's last chunk lands just after this removal
            (Path(path) / "trajectory").mkdir(parents=True)
            (Path(path) / "trajectory" / "c0").write_bytes(b"x")

    monkeypatch.setattr(_output.shutil, "rmtree", late_writer)
    folder.discard()
    assert len(calls) == after + _output.DISCARD_QUIET  # then gone at that many checks
    assert not (tmp_path / "late").exists()

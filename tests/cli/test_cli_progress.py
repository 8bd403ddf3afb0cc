"""Progress that works everywhere: an ETA, nothing cut at 80 columns, a line per tenth in logs."""

from __future__ import annotations

import io
import re
import sys

import pytest
from rich.console import Console

from realpolitik.cli.progress import RunProgress, clock_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def rendered_bar(name: str, total: int, done: int, width: int, seconds: float) -> str:
    """Return the live bar's line as a terminal of ``width`` columns shows it."""
    clock = FakeClock()
    progress = RunProgress(name, total, stream=io.StringIO(), terminal=True, width=width,
                           clock=clock)  # fmt: skip
    with progress:
        clock.now = seconds
        progress.update(done, total)
        console = Console(width=width, file=io.StringIO(), color_system=None)
        with console.capture() as captured:
            console.print(progress._bar.get_renderable())
    return captured.get().rstrip("\n")


@pytest.mark.parametrize("width", [80, 100, 200])
@pytest.mark.parametrize(
    ("name", "total", "done"),
    [
        ("multipolar-offense", 100_000, 10_240),
        ("two-state-spiral", 10_000_000, 1_024),  # the largest run allowed
        ("a-scenario-whose-name-is-much-longer-than-a-terminal-would-like-it", 5_000, 1_024),
    ],
)
def test_the_bar_fits_the_terminal_and_shows_counts_and_eta_in_full(width, name, total, done):
    line = rendered_bar(name, total, done, width, seconds=12.0)
    assert len(line) <= width - 1, line
    assert f"{done:,}/{total:,}" in line  # the counter is never cut ("102…")
    eta = 12.0 * (total - done) / done
    assert f"eta {clock_text(eta)}" in line
    assert f"{100 * done / total:>3.0f}%" in line
    if len(name) <= 20 or width >= 200:
        assert f" {name} " in line  # shown whole where it fits ...
    else:
        assert f" {name[:4]}" in line and "…" in line  # ... else it gives way, not the numbers


def test_the_eta_is_the_average_pace_so_far():
    clock = FakeClock()
    progress = RunProgress("x", 4096, stream=io.StringIO(), terminal=False, clock=clock)
    with progress:
        assert progress.remaining() is None  # no chunk yet: unknown
        clock.now = 10.0
        progress.update(1024, 4096)  # a quarter in 10 s: 30 s to go
        assert progress.remaining() == pytest.approx(30.0)
    assert clock_text(30.0) == "0:00:30" and clock_text(3725) == "1:02:05"
    assert clock_text(None) == "-:--:--"


def test_a_log_gets_one_line_per_tenth_of_the_runs(run_main, tmp_path):
    code, _, err = run_main(
        "run", "two-state-spiral", "--runs", "10240", "--years", "3", "--out", str(tmp_path)
    )  # fmt: skip  (10 chunks of 1,024)
    assert code == 0
    lines = err.strip().splitlines()
    assert lines[0] == "realpolitik: two-state-spiral: 10,240 runs x 3 years x 2 states: started"
    tenths = lines[1:]
    assert len(tenths) == 10
    for k, line in enumerate(tenths[:-1], start=1):
        assert re.fullmatch(
            rf"realpolitik: two-state-spiral: {10 * k}% \({1024 * k:,} of 10,240 runs\), "
            r"\d:\d\d:\d\d elapsed, eta \d:\d\d:\d\d",
            line,
        ), line
    assert re.fullmatch(r"realpolitik: two-state-spiral: 100% \(10,240 runs\) in \d:\d\d:\d\d",
                        tenths[-1])  # fmt: skip


def test_a_log_gets_at_most_one_line_per_tenth_with_many_chunks(run_main, tmp_path):
    code, _, err = run_main("run", "two-state-spiral", "--runs", "3000", "--years", "2",
                            "--out", str(tmp_path))  # fmt: skip
    assert code == 0
    percents = [int(m) for m in re.findall(r": (\d+)% ", err)]
    assert percents == [34, 68, 100]  # 3 chunks: each crosses a tenth once


def test_progress_goes_to_stderr_and_the_numbers_to_stdout(run_main, tmp_path):
    _, out, err = run_main("run", "two-state-spiral", "--runs", "10", "--years", "3",
                           "--out", str(tmp_path))  # fmt: skip
    assert "%" in err and "p_any_war" not in err
    assert "p_any_war" in out and ": started" not in out  # the progress lines stay on stderr


def test_the_bar_starts_no_thread_so_workers_are_still_forked():
    import threading

    from realpolitik.engine.executors import pick_start_method

    before = threading.active_count()
    with RunProgress("x", 10, stream=io.StringIO(), terminal=True, width=80) as progress:
        progress.update(5, 10)
        assert threading.active_count() == before
        if before == 1 and sys.platform.startswith("linux"):
            assert pick_start_method() == "fork"

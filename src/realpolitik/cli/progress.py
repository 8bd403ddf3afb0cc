"""Progress of a long run on stderr: a live bar on a terminal, a line every 10% in a log.

On a terminal the bar shows the scenario, the bar, the share done, runs done of all runs and the
time left (``eta``); its parts are sized to the terminal's width, so that at 80 columns nothing
is cut (the name gives way first). It is redrawn when a chunk finishes, by this thread: a
drawing thread would make the engine start its worker processes with ``spawn`` instead of
``fork``. When stderr is not a terminal (piped, redirected, a batch
job's log) there is no bar: one line when the run starts and one each time another tenth of
the runs is done (chunks finish one at a time, so a line may cover more than a tenth), each
with the runs done, the time so far and the time left. The numbers on stdout stay clean
either way. (The run commands import this module when they run, so ``--help`` stays fast.)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn
from rich.table import Column
from rich.text import Text

__all__ = ["RunProgress", "clock_text", "fit_name", "line_widths"]

#: The narrowest and widest bar on a terminal (characters).
BAR_MIN, BAR_MAX = 10, 40


def clock_text(seconds: float | None) -> str:
    """Return a duration as ``H:MM:SS`` (``-:--:--`` when unknown).

    Parameters
    ----------
    seconds
        The duration, or None.

    Returns
    -------
    str
        E.g. ``"0:01:05"``.
    """
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return "-:--:--"
    s = max(0, round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def fit_name(name: str, width: int) -> str:
    """Return ``name`` shortened to ``width`` characters (an ellipsis marks a cut).

    Parameters
    ----------
    name
        The text.
    width
        The most characters (>= 1).

    Returns
    -------
    str
        The name, or its start and ``…``.
    """
    return name if len(name) <= width else name[: max(0, width - 1)] + "…"


def line_widths(name: str, total: int, width: int) -> tuple[int, int]:
    """Return the name's and the bar's widths so that the bar line fits ``width`` columns.

    The line is ``<spinner> <name> <bar> <ppp>% <done>/<total> eta H:MM:SS``; the counts and
    the time are never cut: the bar shrinks to :data:`BAR_MIN`, then the name gives way.

    Parameters
    ----------
    name
        The scenario's name.
    total
        All runs.
    width
        The terminal's width in columns.

    Returns
    -------
    (int, int)
        The name's width and the bar's width.
    """
    counts = 2 * len(f"{total:,}") + 1
    fixed = 1 + 1 + 1 + 1 + 4 + 1 + counts + 1 + len("eta 100:00:00")  # spinner and gaps
    room = width - fixed - 1  # keep the last column free: some terminals wrap on it
    bar = max(BAR_MIN, min(BAR_MAX, room - len(name)))
    return max(4, min(len(name), room - bar)), bar


class _EtaColumn(ProgressColumn):
    """``eta H:MM:SS`` from the run's own clock (the average pace so far)."""

    def __init__(self, owner: RunProgress, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owner = owner

    def render(self, task: Any) -> Text:
        """Return the time left as text."""
        return Text(f"eta {clock_text(self.owner.remaining())}")


class RunProgress:
    """Show a run's progress on stderr; pass :meth:`update` as the lab's progress callback.

    Parameters
    ----------
    name
        The scenario's name.
    total
        All runs.
    detail
        What runs, for the start line in a log (e.g. the run's label).
    stream
        Where to write (default ``sys.stderr`` at construction).
    terminal
        Draw the live bar (default: whether ``stream`` is a terminal).
    width
        The terminal's width in columns (default: as detected).
    clock
        The time source (seconds).
    """

    def __init__(
        self,
        name: str,
        total: int,
        *,
        detail: str = "",
        stream: IO[str] | None = None,
        terminal: bool | None = None,
        width: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.total = total
        self.detail = detail or name
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.terminal = bool(isatty and isatty()) if terminal is None else terminal
        self.width = width
        self.clock = clock
        self.done = 0
        self.chunks = 0
        self._tenth = 0
        self._start = self._last = clock()
        self._bar: Progress | None = None
        self._task: Any = None

    # -- the two displays ---------------------------------------------------------------------
    def __enter__(self) -> RunProgress:
        self._start = self._last = self.clock()
        if self.terminal:
            self._bar = self._live_bar()
            self._bar.start()
            self._task = self._bar.add_task(self.name, total=self.total)
            self._bar.refresh()
        else:
            self._write(f"{self.detail}: started")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def update(self, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` runs are finished (one more chunk)."""
        self.done, self.total = done, total
        self.chunks += 1
        self._last = self.clock()
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, refresh=True)
            return
        if not self.terminal:
            tenth = 10 * done // max(1, total)
            if tenth > self._tenth:
                self._tenth = tenth
                self._write(self.log_line())

    def elapsed(self) -> float:
        """Return the seconds since the run started."""
        return self.clock() - self._start

    def simulated(self) -> float:
        """Return the seconds from the start to the last finished chunk."""
        return self._last - self._start

    def remaining(self) -> float | None:
        """Return the estimated seconds left (None before the first chunk)."""
        if self.done <= 0:
            return None
        return self.elapsed() * (self.total - self.done) / self.done

    def log_line(self) -> str:
        """Return the line written to a log: share, runs, time so far and time left."""
        share = 100 * self.done // max(1, self.total)
        if self.done >= self.total:
            return f"{self.name}: 100% ({self.total:,} runs) in {clock_text(self.elapsed())}"
        return (
            f"{self.name}: {share}% ({self.done:,} of {self.total:,} runs), "
            f"{clock_text(self.elapsed())} elapsed, eta {clock_text(self.remaining())}"
        )

    def _write(self, text: str) -> None:
        self.stream.write(f"realpolitik: {text}\n")
        self.stream.flush()

    def _live_bar(self) -> Progress:
        console = Console(file=self.stream, highlight=False, width=self.width)
        name_width, bar_width = line_widths(self.name, self.total, console.width)
        digits = len(f"{self.total:,}")
        return Progress(
            SpinnerColumn(),
            TextColumn(fit_name(self.name, name_width), table_column=Column(no_wrap=True)),
            BarColumn(bar_width=bar_width),
            TextColumn("{task.percentage:>3.0f}%", table_column=Column(no_wrap=True)),
            TextColumn(
                "{task.completed:>" + str(digits) + ",.0f}/{task.total:,.0f}",
                table_column=Column(no_wrap=True),
            ),
            _EtaColumn(self, table_column=Column(no_wrap=True)),
            console=console,
            transient=True,
            auto_refresh=False,  # redrawn per chunk: no thread, so workers can still be forked
        )

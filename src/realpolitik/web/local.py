"""A real ``realpolitik serve`` on a free localhost port, for browser tests and benchmarks.

:class:`LocalServer` starts the command in a child process exactly as a person would, waits
until it answers, and stops it (SIGTERM, which stops its run workers too). Used by the browser
tests (tests/web/test_browser.py) and the web benchmark (benchmarks/web.py).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

__all__ = ["CHROMIUM", "LocalServer", "browser_missing", "free_port"]

#: Debian's chromium, which the browser tests drive (``apt-get install chromium``).
CHROMIUM = "/usr/bin/chromium"


def browser_missing() -> str | None:
    """Return why the browser tests cannot run here (no playwright, no chromium), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    """``realpolitik serve --port <free>`` in a child process, as a context manager.

    Entering returns once the server answers and its workers are warm.

    Parameters
    ----------
    workers
        ``--workers``.
    log
        File for the server's output (default: discarded).
    timeout
        Seconds to wait for the server to answer.
    stores
        ``--stores``: the folder of results stores the Experiments page browses.
    """

    def __init__(
        self,
        workers: int = 1,
        log: Path | None = None,
        timeout: float = 60.0,
        stores: Path | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log = log
        self.timeout = timeout
        self.stores = stores
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> LocalServer:
        code = "import sys; from realpolitik.cli import main; sys.exit(main(sys.argv[1:]))"
        args = ["serve", "--port", str(self.port), "--workers", str(self.workers)]
        if self.stores is not None:
            args += ["--stores", str(self.stores)]
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=out, stderr=out)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"realpolitik serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as answer:
                    if json.load(answer)["warm"]:
                        return self
                time.sleep(0.2)
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"realpolitik serve did not answer within {self.timeout} s")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

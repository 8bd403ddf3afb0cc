"""``realpolitik serve``: the web lab on this machine (docs/web.md).

Runs :func:`realpolitik.web.create_app` with uvicorn. It binds to 127.0.0.1 by default and
says so; binding every interface (``--host 0.0.0.0``) prints a warning, since the lab has no
accounts. The server answers only requests whose ``Host`` header names the bound host, a
loopback name or an ``--allowed-host`` name (a defence against DNS rebinding). FastAPI and
uvicorn are imported inside the command, so that ``realpolitik --help`` starts fast.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from realpolitik.cli.common import UserError, app

__all__ = ["check_host_name", "serve_command"]

_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:.]+\]?$")
_WILDCARD = ("0.0.0.0", "::")


def check_host_name(option: str, value: str) -> str:
    """Return a host name or address if it is well formed, else raise a one-line error.

    Parameters
    ----------
    option
        The option it came from (``--host``, ``--allowed-host``).
    value
        The name.

    Returns
    -------
    str
        The value.

    Raises
    ------
    UserError
        Naming the option, the value and what is allowed.
    """
    if not _NAME.match(value):
        raise UserError(
            f"{option}: {value!r} is not a host name or address; allowed: letters, digits, "
            "dots and hyphens (e.g. lab.example.org), or an IP address"
        )
    return value


def _check_port(host: str, port: int) -> None:
    """Raise a one-line error when ``host:port`` cannot be bound (in use, or not this machine's)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise UserError(
                f"--port: cannot serve on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port, or a --host of this machine"
            ) from None


@app.command("serve")
def serve_command(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to bind: 127.0.0.1 (this machine only) by default; 0.0.0.0 serves "
            "every interface (warned: the lab has no accounts).",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", min=1, max=65535, help="TCP port, 1-65535."),
    ] = 8000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A further host name the server answers to (repeatable), e.g. the machine's "
            "name when serving the network. Others are refused (DNS rebinding).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Processes computing runs, 1-64."),
    ] = 1,
) -> None:
    """Serve the web lab: scenario and theory explorers and the HTTP API (docs/web.md)."""
    check_host_name("--host", host)
    extra = [check_host_name("--allowed-host", name) for name in allowed_host or []]
    import uvicorn

    from realpolitik.web import create_app

    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    if host in _WILDCARD:
        typer.echo(
            f"realpolitik: warning: --host {host} serves every network interface; anyone who "
            "can reach this machine can start runs (the lab has no accounts). Requests must "
            "name an allowed host: " + ", ".join(["localhost", *extra]),
            err=True,
        )
        shown = "localhost"
    elif host in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"serving on this machine only ({host}); --host 0.0.0.0 serves the network")
    typer.echo(f"web lab: http://{shown}:{port}/  (API docs: /api/docs; Ctrl-C stops)")
    application = create_app(host=host, allowed_hosts=extra, workers=workers)
    uvicorn.run(application, host=host, port=port, log_level="warning")

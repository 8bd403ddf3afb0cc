"""``realpolitik schema`` and ``realpolitik docs``: the scenario format for editors, the site.

``schema`` prints the JSON Schema of a scenario file
(:func:`realpolitik.scenarios.reference.json_schema`). ``docs`` serves the documentation site
on this machine (no network needed): it builds the site with MkDocs into ``site/`` of the
source tree when it is missing (or with ``--build``), then serves it on 127.0.0.1 until Ctrl-C.
Building needs the ``docs`` extra (``pip install -e ".[docs]"``, or ``make docs``); without it,
one line says so.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import UserError, app, integer_parser

#: The source tree: mkdocs.yml and docs/ sit two levels above the package (a ``src`` layout).
ROOT = Path(__file__).resolve().parents[3]

#: Packages the site's build needs (the ``docs`` extra): import name -> distribution name.
DOCS_PACKAGES = {"mkdocs": "mkdocs", "material": "mkdocs-material", "mkdocstrings": "mkdocstrings"}


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a scenario file, for editors that check YAML as you type.

    Save it (realpolitik schema > scenario.schema.json) and point your editor at it, e.g. with a
    first line '# yaml-language-server: $schema=scenario.schema.json'. The format:
    docs/scenario-format.md.
    """
    from realpolitik.scenarios.reference import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


def missing_docs_packages() -> list[str]:
    """Return the distributions of the ``docs`` extra that are not installed.

    Returns
    -------
    list of str
        E.g. ``["mkdocs-material"]``; empty when the site can be built.
    """
    return [dist for name, dist in DOCS_PACKAGES.items() if importlib.util.find_spec(name) is None]


def build_site(root: Path, site: Path) -> None:
    """Build the documentation site with MkDocs (strict: a warning is an error).

    Parameters
    ----------
    root
        The source tree holding ``mkdocs.yml``.
    site
        Where to write the site.

    Raises
    ------
    UserError
        When the sources are not there, the ``docs`` extra is missing, or the build fails.
    """
    if not (root / "mkdocs.yml").is_file():
        raise UserError(
            f"the documentation sources are not here ({root / 'mkdocs.yml'} is missing); "
            "realpolitik docs works from a clone of the repository"
        )
    missing = missing_docs_packages()
    if missing:
        raise UserError(
            f"building the documentation needs the docs extra ({', '.join(missing)} not "
            "installed): pip install -e '.[docs]' in the repository, or make docs"
        )
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    done = subprocess.run(
        [*command, "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserError(f"the documentation did not build (mkdocs: {last[0]})")


def make_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Return an HTTP server of the built site on 127.0.0.1 (not yet serving).

    Parameters
    ----------
    site
        The built site (holding ``index.html``).
    port
        The port, 0..65535 (0: any free port).

    Returns
    -------
    http.server.ThreadingHTTPServer
        Call ``serve_forever()``; its ``server_address`` says the port.

    Raises
    ------
    UserError
        When the port cannot be used (naming ``--port``).
    """
    handler = functools.partial(_QuietHandler, directory=str(site))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UserError(f"--port: cannot serve on 127.0.0.1:{port} ({exc.strerror})") from exc


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the terminal shows the address, not every request."""


PortOption = Annotated[
    int,
    typer.Option(
        "--port",
        help="Port on 127.0.0.1 (1..65535).",
        parser=integer_parser("integers 1..65,535"),
        metavar="N",
    ),
]


@app.command("docs")
def docs_command(
    port: PortOption = 8000,
    build: Annotated[
        bool, typer.Option("--build", help="Build the site again even if it exists.")
    ] = False,
) -> None:
    """Serve the documentation site locally (no network needed) until Ctrl-C.

    Builds it first into site/ of the repository when it is missing (needs the docs extra:
    pip install -e '.[docs]', or make docs).
    """
    if not 1 <= port <= 65_535:
        raise UserError(f"--port: {port} is out of range; allowed: integers 1..65,535")
    site = ROOT / "site"
    if build or not (site / "index.html").is_file():
        typer.echo(f"building the documentation into {site} ...")
        build_site(ROOT, site)
    server = make_server(site, port)
    typer.echo(f"serving the documentation at http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        server.server_close()

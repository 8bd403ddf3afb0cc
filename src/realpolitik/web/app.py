"""The web lab's FastAPI application: pages, API, safety (docs/web.md).

:func:`create_app` builds the app that ``realpolitik serve`` runs with uvicorn:

- pages (``/``, ``/scenarios``, ``/theory`` and those of optional modules, see
  :data:`OPTIONAL_PAGES`), static assets shipped inside the package (no CDN: the lab works
  with no internet access), and the OpenAPI page ``/api/docs`` drawn by a vendored Swagger UI;
- the API under ``/api/``: scenarios, runs, theory, and the routers of optional modules;
- safety: the ``Host`` header must name the bound host or an allowed one (a page of another
  site cannot reach the lab by DNS rebinding); no CORS headers are ever set (browsers keep
  other sites' scripts from reading the answers); a strict content security policy; every
  error is one JSON line ``{"detail": ...}``: 4xx for bad input, naming the field, the value
  and what is allowed, never a traceback.

Adding a page (the crisis game, history, experiments): a module with a FastAPI ``router`` (its
API, mounted under the page's ``api`` prefix unless the router's own prefix starts with it),
an HTML file ``static/<key>.html`` (the page's body, which the server frames in
:data:`LAYOUT` with the navigation; or a whole document whose ``<nav id="nav"></nav>`` the
server fills), and an entry in :data:`OPTIONAL_PAGES`. The API is mounted when the module
imports, the page shown when its HTML ships too, so a part of the package that has not landed
leaves no dead link.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from realpolitik.web import runs, scenarios, theory

__all__ = [
    "LAYOUT",
    "LOCAL_NAMES",
    "OPTIONAL_PAGES",
    "Page",
    "allowed_host_names",
    "create_app",
    "pages",
    "render_page",
]

log = logging.getLogger("realpolitik.web")

#: Host names that always mean this machine when the server binds a loopback address.
LOCAL_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")

#: The headers every answer carries: no sniffing, no framing, no referrer, scripts only from
#: the lab itself.
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    ),
}


@dataclass(frozen=True)
class Page:
    """A page of the lab: its nav title, URL path, HTML file and the module that serves it.

    Attributes
    ----------
    key : str
        Short name (the HTML file is ``static/<key>.html``).
    title : str
        Its link text in the nav.
    path : str
        Its URL.
    module : str or None
        A module with a FastAPI ``router`` (its API) that must import for the page to be
        shown; None for the lab's own pages.
    api : str
        Where the module's router is mounted (unless its own prefix already starts so).
    """

    key: str
    title: str
    path: str
    module: str | None = None
    api: str = ""


#: The lab's own pages.
CORE_PAGES: tuple[Page, ...] = (
    Page("index", "Home", "/"),
    Page("scenarios", "Scenario explorer", "/scenarios"),
    Page("theory", "Theory explorer", "/theory"),
)
#: Pages of other parts of the package: their API is mounted when their module imports, and
#: the page is shown when its HTML ships too.
OPTIONAL_PAGES: tuple[Page, ...] = (
    Page("history", "History", "/history", "realpolitik.web.history", "/api/history"),
    Page(
        "experiments",
        "Experiments",
        "/experiments",
        "realpolitik.web.experiments",
        "/api/experiments",
    ),
    Page("game", "Crisis game", "/game", "realpolitik.web.games", "/api/games"),
)


def _static() -> Path:
    return Path(str(resources.files("realpolitik.web") / "static"))


def pages(optional: Iterable[Page] = OPTIONAL_PAGES) -> tuple[list[Page], list[Any]]:
    """Return the pages to show and the routers of the optional modules that are present.

    Parameters
    ----------
    optional
        Candidate pages. A page's router is mounted when its module imports and has a
        ``router``; the page is shown in the nav when its HTML file also ships in ``static/``.

    Returns
    -------
    tuple
        (pages in nav order, (router, prefix) of each optional module present).
    """
    shown, routers = list(CORE_PAGES), []
    for page in optional:
        try:
            module = importlib.import_module(str(page.module))
        except ImportError:
            continue
        router = getattr(module, "router", None)
        if router is None:
            continue
        routers.append((router, "" if router.prefix.startswith(page.api) else page.api))
        if (_static() / f"{page.key}.html").is_file():
            shown.append(page)
    return shown, routers


def allowed_host_names(host: str, extra: Sequence[str] = ()) -> frozenset[str]:
    """Return the host names a server bound to ``host`` answers to.

    Parameters
    ----------
    host
        The bound address (``127.0.0.1``, ``0.0.0.0``, a name).
    extra
        The ``--allowed-host`` names.

    Returns
    -------
    frozenset of str
        Lower-case names without ports: the bound host (unless a wildcard address), the
        loopback names, and the extra names.
    """
    names = {name.lower().strip("[]") for name in extra}
    names.update(LOCAL_NAMES)
    if host not in ("0.0.0.0", "::", ""):
        names.add(host.lower().strip("[]"))
    return frozenset(names)


def _host_name(header: str) -> str:
    """Return the host name of a ``Host`` header, without its port."""
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


#: Most bytes of a request's body: an uploaded scenario (1 MiB) with room for its JSON escaping.
MAX_BODY_BYTES: int = 3 * 1024 * 1024


def _body_problem(request: Request) -> tuple[int, str] | None:
    """Return (status, detail) for a body that is too large or of unknown length, else None."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    length = request.headers.get("content-length")
    if length is None:
        return 411, "a request body needs a Content-Length header"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return (
            413,
            f"the request body is over {MAX_BODY_BYTES:,} bytes (Content-Length {length[:20]})",
        )
    return None


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=SECURITY_HEADERS)


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _validation_message(exc: RequestValidationError) -> str:
    """Return the first problem of a request's validation as one line naming the field."""
    errors = exc.errors()
    if not errors:
        return "the request is not valid"
    first = errors[0]
    given = first.get("input")
    shown = repr(given)[:60] if not isinstance(given, dict) else "an object"
    text = f"{_field(first.get('loc', ()))}: {first.get('msg', 'not valid')} (got {shown})"
    return text if len(errors) == 1 else f"{text}; and {len(errors) - 1} more problem(s)"


def create_app(
    *,
    host: str = "127.0.0.1",
    allowed_hosts: Sequence[str] = (),
    workers: int = 1,
    data_dir: str | Path | None = None,
    optional_pages: Iterable[Page] = OPTIONAL_PAGES,
) -> FastAPI:
    """Build the web lab.

    Parameters
    ----------
    host
        The address the server binds (its name is accepted in the ``Host`` header).
    allowed_hosts
        Further host names accepted in the ``Host`` header (``--allowed-host``).
    workers
        Worker processes computing runs (each one run at a time), >= 1.
    data_dir
        Where runs write their results (default: a fresh temporary folder, removed when the
        server stops).
    optional_pages
        Pages of other modules to show when present (default :data:`OPTIONAL_PAGES`).

    Returns
    -------
    fastapi.FastAPI
        The app; its lifespan starts the run workers and warms the compiled engine.
    """
    if workers < 1:
        raise ValueError(f"workers = {workers!r} is not allowed; allowed: an integer >= 1")
    hosts = allowed_host_names(host, allowed_hosts)
    shown, extra_routers = pages(optional_pages)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = data_dir is None
        root = Path(tempfile.mkdtemp(prefix="realpolitik-web-")) if own else Path(data_dir)
        root.mkdir(parents=True, exist_ok=True)
        app.state.runs = runs.RunManager(root, workers)
        app.state.runs.start()
        try:
            yield
        finally:
            app.state.runs.stop()
            if own:
                shutil.rmtree(root, ignore_errors=True)

    app = FastAPI(
        title="realpolitik web lab",
        summary="Scenario runs and formal models of the security dilemma, over HTTP.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.hosts = hosts
    app.state.pages = shown

    _guard(app, hosts)

    for router in (scenarios.router, runs.router, theory.router):
        app.include_router(router)
    for router, prefix in extra_routers:
        app.include_router(router, prefix=prefix)

    @app.get("/api/pages", tags=["pages"], summary="The pages of the lab")
    def nav() -> list[dict[str, str]]:
        """Return the pages the nav links to (title and path), in order."""
        return [{"key": p.key, "title": p.title, "path": p.path} for p in shown]

    @app.get("/api/status", tags=["pages"], summary="The server's state")
    def server_status(request: Request) -> dict[str, Any]:
        """Return whether the run workers are warm, how many there are and runs active."""
        manager: runs.RunManager = request.app.state.runs
        with manager.lock:
            active = sum(r.active for r in manager.runs.values())
        return {"warm": manager.is_warm(), "workers": manager.workers, "active_runs": active}

    _add_pages(app, shown)
    app.mount("/static", StaticFiles(directory=_static()), name="static")
    return app


def _guard(app: FastAPI, hosts: frozenset[str]) -> None:
    """Add the Host check, the body bound, the security headers and the error handlers."""

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        name = _host_name(request.headers.get("host", ""))
        if name not in hosts:
            return _error(
                400,
                f"Host header {name[:60]!r} is not allowed; this server answers to "
                f"{', '.join(sorted(hosts))} (add names with --allowed-host)",
            )
        if (problem := _body_problem(request)) is not None:
            return _error(*problem)
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has details")


def _version() -> str:
    from realpolitik import __version__

    return __version__


#: The frame of every page: head, stylesheet and the header with the navigation.
LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - realpolitik web lab</title><link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="data:,"></head>
<body><header><span class="brand">realpolitik</span>{nav}</header>
{body}</body></html>
"""


def _nav_html(shown: Sequence[Page], current: str) -> str:
    links = [
        f'<a href="{p.path}"{" aria-current=page" if p.key == current else ""}>{p.title}</a>'
        for p in shown
    ]
    links.append('<a href="/api/docs">API</a>')
    return '<nav id="nav">' + "".join(links) + "</nav>"


def render_page(key: str, title: str, shown: Sequence[Page]) -> str:
    """Return a page's HTML: ``static/<key>.html`` in :data:`LAYOUT`, with the navigation.

    A file that is a whole document (starting ``<!doctype``) is kept as it is, its
    ``<nav id="nav"></nav>`` filled; any other file is the page's body.
    """
    text = (_static() / f"{key}.html").read_text(encoding="utf-8")
    nav = _nav_html(shown, key)
    if text.lstrip()[:9].lower() == "<!doctype":
        return text.replace('<nav id="nav"></nav>', nav)
    return LAYOUT.format(title=title, nav=nav, body=text)


def _add_pages(app: FastAPI, shown: Sequence[Page]) -> None:
    """Serve each page's HTML with the nav filled in, and the OpenAPI page."""

    def serve(page: Page) -> None:
        def handler() -> HTMLResponse:
            return HTMLResponse(render_page(page.key, page.title, shown))

        handler.__name__ = f"page_{page.key}"
        app.get(page.path, include_in_schema=False)(handler)

    for page in shown:
        serve(page)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(render_page("api-docs", "API", shown))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        raise HTTPException(404, "no favicon")

"""The web server: JSON API under ``/api``, downloads under ``/download``, pages everywhere else.

It is read-only, sends a strict Content-Security-Policy, loads nothing from other hosts, and
refuses to listen beyond this machine without an access token.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event
from starlette.exceptions import HTTPException

from onrecord import __version__
from onrecord.api import api_router, downloads_router
from onrecord.api.routes import NotFound
from onrecord.errors import ConfigError, OnRecordError, QueryError, StorageError
from onrecord.store import Store, queries
from onrecord.store.database import database_url
from onrecord.web import pages
from onrecord.web.cache import Generation, Memo, ResponseCache
from onrecord.web.guard import Guard, wants_json

log = logging.getLogger(__name__)

TOKEN_ENV = "ONRECORD_TOKEN"
WORKER_DB_ENV = "ONRECORD_SERVE_DB"  # how `serve` hands the store to its worker processes
WORKER_CACHE_ENV = "ONRECORD_SERVE_CACHE"  # "0" turns the response cache off in the workers
# Pages and API routes run on the event loop; the thread pool only serves static files and
# downloads. Its default of 40 threads would fight over the interpreter lock: use worker processes
# for more cores.
THREADS = 2
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~+/=-]{16,}")
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}
TITLES = {400: "That request could not be understood", 404: "Not found", 405: "Read-only",
          422: "A parameter is not valid", 500: "Something went wrong", 503: "The store is unavailable"}


def create_app(db: str, token: str | None = None, cache: bool = True, threads: int = THREADS) -> FastAPI:
    """Build the web application over the store at ``db`` (a path or a database URL).

    With ``cache`` (SQLite only), whole responses and corpus-wide counts are kept in memory until
    the store changes (see ``onrecord.web.cache``). ``threads`` caps the downloads and static files
    one process sends at once.

    >>> app = create_app("onrecord.db")  # doctest: +SKIP
    >>> # uvicorn.run(app) or serve("onrecord.db") to listen
    """
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise ConfigError(f"no store at {db!r}: run `onrecord ingest PATH --db {db}` first")
    store = Store.open(db)
    queries.setup(store)
    if store.is_sqlite:
        event.listen(store.engine, "connect", _read_pragmas)
        store.engine.dispose()  # so every connection from now on gets them
    generation = Generation.watch(url) if cache else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        store.close()
        if generation is not None:
            generation.close()

    app = FastAPI(title="OnRecord", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Who said what, when, and who reported it: statements, articles, speakers and "
                              "stories of an OnRecord store. Read-only. Lists are cursor-paginated.")
    app.state.store = store
    app.state.memo = Memo(generation)
    app.include_router(api_router)
    app.include_router(downloads_router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    _add_error_handlers(app)
    if generation is not None:
        app.add_middleware(ResponseCache, generation=generation)
    app.add_middleware(Guard, token=token)  # added last, so outermost: the token is checked before the cache
    return app


def _read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Read through a memory map and keep more pages per connection: the server only reads."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA mmap_size=268435456")  # 256 MB of address space, shared with the OS cache
    cursor.execute("PRAGMA cache_size=-16384")  # 16 MB per connection instead of 2 MB
    cursor.close()


def _error(request: Request, status: int, code: str, message: str) -> Response:
    """Answer an error in the API's one shape, or as a page for the pages."""
    if wants_json(request.url.path):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return pages.page("error.html", status=status, nav=None, title=TITLES.get(status, f"Error {status}"),
                      message=message)


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = f"nothing at {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}"),
                      message)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        return _error(request, 422, "invalid_parameter", problems)

    async def bad_query(request: Request, exc: Exception) -> Response:
        return _error(request, 400, "bad_query", str(exc))

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(request, 404, "not_found", str(exc))

    async def storage(request: Request, exc: Exception) -> Response:
        log.error("storage error on %s: %s", request.url.path, exc)
        return _error(request, 503, "storage_error", f"{exc}; try again, or check the database")

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return _error(request, 500, "internal_error",
                      "an unexpected error happened; the server log has the details")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(QueryError, bad_query)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(StorageError, storage)
    app.add_exception_handler(OnRecordError, unexpected)
    app.add_exception_handler(Exception, unexpected)


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(host: str, token: str | None, environ: dict[str, str] | None = None) -> str | None:
    """Return the token to demand (argument, else ``ONRECORD_TOKEN``), refusing an open non-loopback bind."""
    env = os.environ if environ is None else environ
    token = token or env.get(TOKEN_ENV) or None
    if token is not None and not TOKEN_PATTERN.fullmatch(token):
        raise ConfigError("the access token must be 16 or more letters, digits or . _ ~ + / = -; "
                          "make one with: python -c 'import secrets; print(secrets.token_urlsafe())'")
    if token is None and not is_loopback(host):
        raise ConfigError(
            f"refusing to serve on {host}: other machines could read the whole store. Pass --token "
            f"(or set {TOKEN_ENV}) so every request must carry it, or serve on 127.0.0.1"
        )
    return token


def app_from_environment() -> FastAPI:
    """Build the app in a worker process from what ``serve`` put in the environment."""
    return create_app(os.environ[WORKER_DB_ENV], os.environ.get(TOKEN_ENV) or None,
                      cache=os.environ.get(WORKER_CACHE_ENV) != "0")


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          workers: int = 1, cache: bool = True) -> None:
    """Serve the web UI and JSON API until interrupted; several workers use several cores.

    ``cache`` keeps responses in memory until the store changes (see ``create_app``).

    >>> serve("onrecord.db", port=8000)  # doctest: +SKIP
    """
    import uvicorn

    token = resolve_token(host, token)
    app = create_app(db, token, cache)  # also in the parent, so a bad store fails here with a clear message
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
        return
    os.environ[WORKER_DB_ENV] = db
    os.environ[WORKER_CACHE_ENV] = "1" if cache else "0"
    if token:
        os.environ[TOKEN_ENV] = token
    with _listening_socket(host, port) as sock:
        log.info("serving on http://%s:%d with %d worker processes", host, port, workers)
        uvicorn.run("onrecord.server:app_from_environment", factory=True, workers=workers, fd=sock.fileno(),
                    log_level="info", server_header=False)


def _listening_socket(host: str, port: int) -> socket.socket:
    """Bind the port for the worker processes, with Nagle's algorithm off.

    uvicorn hands its workers a shared socket that asyncio does not recognise as TCP, so their
    connections would keep Nagle's algorithm and every response would wait ~40 ms for the client's
    delayed ACK. Accepted connections inherit TCP_NODELAY from the listening socket.
    """
    address = host.strip("[]")
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((address, port))
    sock.listen(2048)
    return sock

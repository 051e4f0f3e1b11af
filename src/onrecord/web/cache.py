"""Answer repeated requests from memory until the store changes.

The store only changes when something writes to it (an ingest, a corpus stage), so a response is
valid for as long as the store's *generation* stays the same. For SQLite the generation is read from
``PRAGMA data_version`` on one dedicated connection that never writes: SQLite changes that value
whenever another connection commits, so the check is exact and costs a few microseconds. Other
backends have no such counter, and get no cache.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from onrecord.web.guard import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")

MAX_BYTES = 64 * 1024 * 1024  # per worker process
MAX_ENTRY = 2 * 1024 * 1024  # a bigger response (a huge document) is computed every time
UNCACHED_PREFIXES = ("/download/", "/static/")  # streamed, or served from disk already
CACHE_HEADER = b"x-onrecord-cache"


class Generation:
    """Tell which version of the store is current: a number that grows whenever another connection commits.

    >>> generation = Generation.watch("sqlite:///onrecord.db")  # doctest: +SKIP
    >>> generation.current()  # doctest: +SKIP
    0
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self._seen: int | None = None
        self._number = 0

    @classmethod
    def watch(cls, url: str) -> Generation | None:
        """Watch the SQLite store at an SQLAlchemy URL; None for other backends."""
        if not url.startswith("sqlite:///"):
            return None
        path = Path(url.removeprefix("sqlite:///")).resolve()
        return cls(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False))

    def current(self) -> int:
        """Return the generation, advancing it if the store changed since the last call."""
        with self._lock:
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            if version != self._seen:
                self._seen = version
                self._number += 1
            return self._number

    def close(self) -> None:
        """Close the watching connection."""
        self._connection.close()


@dataclass
class Memo:
    """Values computed from the store, kept until its generation changes (corpus-wide counts)."""

    generation: Generation | None
    _values: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """Return the value stored under ``key`` for the current generation, computing it when needed."""
        if self.generation is None:
            return compute()
        now = self.generation.current()
        kept = self._values.get(key)
        if kept is not None and kept[0] == now:
            value: T = kept[1]
            return value
        value = compute()
        self._values[key] = (now, value)
        return value


@dataclass
class Stored:
    """A complete response: its start message and its body."""

    generation: int
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware: replay a GET's whole 200 response while the store's generation is unchanged.

    It sits inside ``Guard``, so the token is checked and the security headers are added on every
    request, cached or not. The key is the full path and query string; no page depends on anything
    else of the request. Each response carries ``x-onrecord-cache: hit`` or ``miss``.
    """

    def __init__(self, app: ASGIApp, generation: Generation, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.generation = generation
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, Stored] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(UNCACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        generation = self.generation.current()
        stored = self._lookup(key, generation)
        if stored is not None:
            await _replay(stored, send)
            return
        await self.app(scope, receive, self._recording(key, generation, send))

    def _lookup(self, key: bytes, generation: int) -> Stored | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                return None
            if stored.generation != generation:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return stored

    def _drop(self, key: bytes) -> None:
        self._bytes -= len(self._entries.pop(key).body)

    def _keep(self, key: bytes, stored: Stored) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = stored
            self._bytes += len(stored.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _recording(self, key: bytes, generation: int, send: Send) -> Send:
        """Pass the response on, and keep it when it is a 200 sent in one piece."""
        start: Message = {}
        pieces: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body":
                pieces.append(message.get("body", b""))
                whole = len(pieces) == 1 and not message.get("more_body", False)
                if whole and start.get("status") == 200 and len(pieces[0]) <= MAX_ENTRY:
                    self._keep(key, Stored(generation, 200, list(start.get("headers", [])), pieces[0]))
            await send(message)

        return wrapped


async def _replay(stored: Stored, send: Send) -> None:
    headers = [*stored.headers, (CACHE_HEADER, b"hit")]
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})

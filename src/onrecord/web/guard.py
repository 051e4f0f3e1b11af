"""The outermost layer of the server: read-only methods, the access token and security headers.

Written as plain ASGI middleware so it also covers static files and error responses, and costs
no extra task per request.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from markupsafe import escape

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "onrecord_token"
# Nothing but our own origin: no inline script or style, no plugins, no framing, no external hosts.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
READ_METHODS = ("GET", "HEAD")
JSON_PREFIXES = ("/api/", "/download/")


def wants_json(path: str) -> bool:
    """Tell whether a path belongs to the JSON API (errors as JSON) rather than to the pages."""
    return path.startswith(JSON_PREFIXES) or path == "/openapi.json"


class Guard:
    """Refuse writes, demand the token when one is set, and add security headers to every response."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        method = scope["method"]
        if method not in READ_METHODS:
            await _refuse(scope, send, 405, "method_not_allowed",
                          "OnRecord's web interface is read-only: only GET and HEAD are answered",
                          [(b"allow", b"GET, HEAD")])
            return
        if self.token and not self._authorised(scope):
            if self._token_in_query(scope):
                await _redirect_setting_cookie(scope, send, self.token)
                return
            await _refuse(scope, send, 401, "unauthorized",
                          "this server needs its access token: send 'Authorization: Bearer TOKEN' "
                          "or open any page once with ?token=TOKEN",
                          [(b"www-authenticate", b"Bearer")])
            return
        if method == "HEAD":
            # Routes answer GET; a HEAD gets the same status and headers without the body.
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        await self.app(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        headers = dict(scope["headers"])
        bearer = headers.get(b"authorization", b"").decode("latin-1")
        if bearer.lower().startswith("bearer ") and self._matches(bearer[7:].strip()):
            return True
        cookie = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
        return COOKIE in cookie and self._matches(cookie[COOKIE].value)

    def _token_in_query(self, scope: Scope) -> bool:
        params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        return self._matches(params.get("token", ""))

    def _matches(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), (self.token or "").encode())


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
        await send(message)

    return wrapped


def _without_body(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return wrapped


async def _refuse(scope: Scope, send: Send, status: int, code: str, message: str,
                  extra: list[tuple[bytes, bytes]]) -> None:
    """Answer with the API's error shape, or a small HTML page for the pages."""
    if wants_json(scope["path"]):
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        content_type = b"application/json"
    else:
        body = (f"<!doctype html><meta charset=utf-8><title>{status}</title>"
                f"<h1>{status}</h1><p>{escape(message)}</p>").encode()
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body if scope["method"] != "HEAD" else b""})


async def _redirect_setting_cookie(scope: Scope, send: Send, token: str) -> None:
    """Trade ``?token=`` for a cookie and send the browser back to the same URL without the token."""
    params = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
    location = quote(scope["path"]) + (f"?{urlencode(params)}" if params else "")
    cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    headers = [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
               (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})

"""Query parameters shared by the JSON API, the pages and the downloads, parsed into store filters.

Empty values count as absent, so an HTML form that submits every field unchanged filters nothing.
Bad values raise ``QueryError``, which every route turns into the one error shape.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Query

from onrecord.errors import QueryError
from onrecord.store.queries import KINDS, DocumentFilter, StatementFilter

P = ParamSpec("P")
T = TypeVar("T")

MAX_LIMIT = 500

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]

QUERY_DOC = ('full-text query: words (all must match), "quoted phrases", OR, NOT, and word* for a prefix')


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def parse_day(value: str | None, name: str) -> dt.date | None:
    """Read an ISO date (``YYYY-MM-DD``) or raise a QueryError saying how to write it."""
    value = _blank_to_none(value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{name} must be a date written YYYY-MM-DD, got {value!r}") from exc


def statement_filter(
    speaker: Annotated[str | None, Query(description="entity id, canonical name or alias")] = None,
    outlet: Annotated[str | None, Query(description="outlet name (case-insensitive)")] = None,
    story: Annotated[str | None, Query(description="story id")] = None,
    document: Annotated[str | None, Query(description="document id")] = None,
    tag: Annotated[str | None, Query(description="issue tag from the codebook")] = None,
    kind: Annotated[str | None, Query(description="direct, indirect or mixed")] = None,
    since: Annotated[str | None, Query(description="said on or after this day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="said on or before this day, YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(description=QUERY_DOC)] = None,
) -> StatementFilter:
    """Build a StatementFilter from query parameters (a FastAPI dependency)."""
    kind = _blank_to_none(kind)
    if kind is not None and kind not in KINDS:
        raise QueryError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return StatementFilter(
        speaker=_blank_to_none(speaker), outlet=_blank_to_none(outlet), story_id=_blank_to_none(story),
        document_id=_blank_to_none(document), tag=_blank_to_none(tag), kind=kind,
        since=parse_day(since, "since"), until=parse_day(until, "until"), query=_blank_to_none(q),
    )


def document_filter(
    q: Annotated[str | None, Query(description=QUERY_DOC)] = None,
    outlet: Annotated[str | None, Query(description="outlet name (case-insensitive)")] = None,
    story: Annotated[str | None, Query(description="story id")] = None,
) -> DocumentFilter:
    """Build a DocumentFilter from query parameters (a FastAPI dependency)."""
    return DocumentFilter(query=_blank_to_none(q), outlet=_blank_to_none(outlet),
                          story_id=_blank_to_none(story))


def on_the_loop(parse: Callable[P, T]) -> Callable[P, Coroutine[Any, Any, T]]:
    """Make a quick, non-blocking parser a FastAPI dependency that runs on the event loop.

    FastAPI runs a plain function in its thread pool, a hop that costs more than parsing a few
    parameters; the wrapper keeps the parser's signature, so its query parameters are documented.
    """
    @functools.wraps(parse)
    async def dependency(*args: P.args, **kwargs: P.kwargs) -> T:
        return parse(*args, **kwargs)

    return dependency


statement_filter_param = on_the_loop(statement_filter)
document_filter_param = on_the_loop(document_filter)

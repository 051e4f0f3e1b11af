"""Read-side queries shared by the CLI, the exports, the JSON API and the web pages.

Every function returns plain dicts shaped like the export contract in DESIGN.md, so what a user
downloads is exactly what the API and the pages show.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import DBAPIError

from onrecord.errors import QueryError
from onrecord.store import schema
from onrecord.store.database import Store

S, D, E, ST = schema.statements.c, schema.documents.c, schema.entities.c, schema.stories.c

DOCUMENT_FIELDS = ("id", "source", "url", "outlet", "title", "published", "published_basis", "language",
                   "text", "story_id", "duplicate_of")
STATEMENT_FIELDS = ("id", "document_id", "source", "outlet", "speaker", "speaker_id", "speaker_mention",
                    "speaker_role", "venue", "kind", "text", "cue", "said_on", "said_on_until",
                    "said_on_basis", "content_dates", "start", "end", "speaker_start", "speaker_end", "tags")
ENTITY_FIELDS = ("id", "name", "type", "aliases", "roles", "statement_count")
STORY_FIELDS = ("id", "label", "first_date", "last_date", "document_ids", "outlets")
KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class StatementFilter:
    """Filters a user can combine; ``None`` means no filter on that field."""

    speaker: str | None = None  # an entity id, a canonical name or an alias (case-insensitive)
    outlet: str | None = None
    story_id: str | None = None
    document_id: str | None = None
    tag: str | None = None
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    query: str | None = None  # full-text query


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


def _statement_select() -> Select:
    speaker = func.coalesce(E.name, S.speaker).label("speaker")
    return (
        select(S.id, S.document_id, D.source, D.outlet, speaker, S.speaker_id, S.speaker_mention,
               S.speaker_role, S.venue, S.kind, S.text, S.cue, S.said_on, S.said_on_until, S.said_on_basis,
               S.content_dates, S.start, S.end, S.speaker_start, S.speaker_end, S.tags,
               D.title.label("document_title"), D.story_id, S.original_id)
        .select_from(schema.statements.join(schema.documents, S.document_id == D.id)
                     .outerjoin(schema.entities, S.speaker_id == E.id))
    )


def _speaker_condition(speaker: str) -> Any:
    needle = speaker.strip().lower()
    alias = f'%"{needle}"%'
    return or_(S.speaker_id == speaker, func.lower(E.name) == needle, func.lower(S.speaker) == needle,
               func.lower(E.aliases).like(alias))


def _apply_filters(query: Select, flt: StatementFilter) -> Select:
    if flt.kind and flt.kind not in KINDS:
        raise QueryError(f"unknown kind {flt.kind!r}: use one of {', '.join(KINDS)}")
    conditions = []
    if flt.speaker:
        conditions.append(_speaker_condition(flt.speaker))
    if flt.outlet:
        conditions.append(func.lower(D.outlet) == flt.outlet.lower())
    if flt.story_id:
        conditions.append(D.story_id == flt.story_id)
    if flt.document_id:
        conditions.append(S.document_id == flt.document_id)
    if flt.tag:
        conditions.append(S.tags.like(f'%{json.dumps(flt.tag)}%'))
    if flt.kind:
        conditions.append(S.kind == flt.kind)
    if flt.since:
        conditions.append(S.said_on >= flt.since.isoformat())
    if flt.until:
        conditions.append(S.said_on <= flt.until.isoformat())
    return query.where(and_(*conditions)) if conditions else query


def _statement_dict(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["content_dates"] = json.loads(item["content_dates"] or "[]")
    item["tags"] = json.loads(item["tags"] or "[]")
    return item


def _encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, json.JSONDecodeError) as exc:
        raise QueryError("the page cursor is not valid: start again from the first page") from exc
    if not isinstance(values, list):
        raise QueryError("the page cursor is not valid: start again from the first page")
    return values


def statements_page(store: Store, flt: StatementFilter, limit: int = 50, cursor: str | None = None) -> Page:
    """Return one page of statements, newest first (best match first for a text query)."""
    query = _apply_filters(_statement_select(), flt)
    if flt.query:
        offset = int(_decode_cursor(cursor)[0]) if cursor else 0
        query = store.search.match_statements(query, flt.query).limit(limit + 1).offset(offset)
        rows = _run(store, query, flt.query)
        more = len(rows) > limit
        return Page([_statement_dict(r) for r in rows[:limit]], _encode_cursor([offset + limit]) if more else None)
    said = func.coalesce(S.said_on, "")
    if cursor:
        last_said, last_id = _decode_cursor(cursor)
        query = query.where(or_(said < last_said, and_(said == last_said, S.id > last_id)))
    rows = _run(store, query.order_by(said.desc(), S.id).limit(limit + 1), None)
    items = [_statement_dict(r) for r in rows[:limit]]
    more = len(rows) > limit
    return Page(items, _encode_cursor([items[-1]["said_on"] or "", items[-1]["id"]]) if more else None)


def iter_statements(store: Store, flt: StatementFilter | None = None) -> Iterator[dict[str, Any]]:
    """Yield every statement matching the filter in document order, shaped like the export contract."""
    query = _apply_filters(_statement_select(), flt or StatementFilter())
    if flt and flt.query:
        query = store.search.match_statements(query, flt.query)
    else:
        query = query.order_by(D.published, S.document_id, S.seq)
    for row in _run(store, query, flt.query if flt else None):
        yield _statement_dict(row)


def _run(store: Store, query: Select, text_query: str | None) -> list[Any]:
    with store.reading() as conn:
        try:
            return list(conn.execute(query))
        except DBAPIError as exc:
            if text_query is not None:
                raise store.search.translate_error(exc, text_query) from exc
            raise


def iter_documents(store: Store, query: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield documents (all, or those matching a full-text query) shaped like the export contract."""
    columns = [getattr(D, name) for name in DOCUMENT_FIELDS]
    stmt = select(*columns)
    stmt = store.search.match_documents(stmt, query) if query else stmt.order_by(D.published, D.id)
    for row in _run(store, stmt, query):
        yield dict(row._mapping)


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    """Yield entities, most quoted first."""
    stmt = select(*[getattr(E, name) for name in ENTITY_FIELDS]).order_by(E.statement_count.desc(), E.name)
    for row in _run(store, stmt, None):
        item = dict(row._mapping)
        item["aliases"] = json.loads(item["aliases"])
        item["roles"] = json.loads(item["roles"])
        yield item


def iter_stories(store: Store) -> Iterator[dict[str, Any]]:
    """Yield stories with their documents and outlets, latest first."""
    with store.reading() as conn:
        stories = list(conn.execute(select(ST.id, ST.label, ST.first_date, ST.last_date)
                                    .order_by(ST.last_date.desc(), ST.id)))
        members = list(conn.execute(select(D.story_id, D.id, D.outlet).where(D.story_id.is_not(None))
                                    .order_by(D.published, D.id)))
    by_story: dict[str, list[Any]] = {}
    for story_id, doc_id, outlet in members:
        by_story.setdefault(story_id, []).append((doc_id, outlet))
    for row in stories:
        docs = by_story.get(row.id, [])
        yield {"id": row.id, "label": row.label, "first_date": row.first_date, "last_date": row.last_date,
               "document_ids": [d for d, _ in docs], "outlets": sorted({o for _, o in docs if o})}

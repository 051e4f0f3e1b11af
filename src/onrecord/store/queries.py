"""Read-side queries shared by the CLI, the exports, the JSON API and the web pages.

Every function returns plain dicts shaped like the export contract in DESIGN.md, so what a user
downloads is exactly what the API and the pages show.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.exc import DBAPIError

from onrecord.claims import fold_claims
from onrecord.errors import QueryError
from onrecord.models import copied_from
from onrecord.store import schema
from onrecord.store.database import Store

S, D, E, ST = schema.statements.c, schema.documents.c, schema.entities.c, schema.stories.c

# New fields go last, so that CSV and Parquet columns keep their places for existing readers.
DOCUMENT_FIELDS = ("id", "source", "url", "outlet", "title", "published", "published_basis", "language",
                   "text", "story_id", "duplicate_of", "agency")
STATEMENT_FIELDS = ("id", "document_id", "source", "outlet", "speaker", "speaker_id", "speaker_mention",
                    "speaker_role", "venue", "kind", "text", "cue", "said_on", "said_on_until",
                    "said_on_basis", "content_dates", "start", "end", "speaker_start", "speaker_end", "tags", "agency")
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
        select(S.id, S.document_id, D.source, D.outlet, D.agency, speaker, S.speaker_id, S.speaker_mention,
               S.speaker_role, S.venue, S.kind, S.text, S.cue, S.said_on, S.said_on_until, S.said_on_basis,
               S.content_dates, S.start, S.end, S.speaker_start, S.speaker_end, S.tags,
               D.title.label("document_title"), D.story_id, S.original_id)
        .select_from(schema.statements.join(schema.documents, S.document_id == D.id)
                     .outerjoin(schema.entities, S.speaker_id == E.id))
    )


def _speaker_condition(store: Store, speaker: str) -> Any:
    """Match a speaker given as an entity id, a canonical name or an alias (case-insensitive).

    The entities are looked up first (a small table) so the statement side is two indexed
    conditions rather than a scan of every statement joined to its entity.
    """
    needle = speaker.strip().lower()
    alias = f'%"{needle}"%'
    found = select(E.id).where(or_(E.id == speaker, func.lower(E.name) == needle,
                                   func.lower(E.aliases).like(alias)))
    ids = [speaker] + [row.id for row in _run(store, found, None)]
    return or_(S.speaker_id.in_(ids), func.lower(S.speaker) == needle)


def _apply_filters(store: Store, query: Select, flt: StatementFilter) -> Select:
    if flt.kind and flt.kind not in KINDS:
        raise QueryError(f"unknown kind {flt.kind!r}: use one of {', '.join(KINDS)}")
    conditions = []
    if flt.speaker:
        conditions.append(_speaker_condition(store, flt.speaker))
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
    if flt.query:
        offset = _offset(cursor)
        query = _apply_filters(store, _statement_select(), flt)
        query = store.search.match_statements(query, flt.query, _documents_within(flt))
        query = query.limit(limit + 1).offset(offset)
        rows = _run(store, query, flt.query)
        return _offset_page([_statement_dict(r) for r in rows], offset, limit)
    # A literal '' (not a bound parameter) so the expression matches the ix_statements_newest index.
    said = func.coalesce(S.said_on, literal_column("''"))
    ids = _apply_filters(store, _statement_ids(), flt)
    if cursor:
        last_said, last_id = _keyset(cursor)
        ids = ids.where(or_(said < last_said, and_(said == last_said, S.id > last_id)))
    items = _page_of(store, ids, (said.desc(), S.id), limit + 1)
    more = len(items) > limit
    items = items[:limit]
    return Page(items, _encode_cursor([items[-1]["said_on"] or "", items[-1]["id"]]) if more else None)


def _documents_within(flt: StatementFilter) -> Select | None:
    """Select the ids of the documents the outlet and story filters allow (None: no such filter)."""
    conditions = _document_conditions(DocumentFilter(outlet=flt.outlet, story_id=flt.story_id))
    return select(D.id).where(*conditions) if conditions else None


def _statement_ids() -> Select:
    return select(S.id).select_from(schema.statements.join(schema.documents, S.document_id == D.id))


def _page_of(store: Store, ids: Select, order: tuple[Any, ...], limit: int) -> list[dict[str, Any]]:
    """Return the statements of the first ``limit`` ids in that order, as dicts.

    Two steps, so that sorting and filtering many rows touch only indexes, and only the rows of
    the page are read in full (joined to their document and entity).
    """
    page_ids = ids.order_by(*order).limit(limit).scalar_subquery()
    rows = _run(store, _statement_select().where(S.id.in_(page_ids)).order_by(*order), None)
    return [_statement_dict(r) for r in rows]


def iter_statements(store: Store, flt: StatementFilter | None = None) -> Iterator[dict[str, Any]]:
    """Yield every statement matching the filter in document order, shaped like the export contract."""
    query = _apply_filters(store, _statement_select(), flt or StatementFilter())
    if flt and flt.query:
        query = store.search.match_statements(query, flt.query, _documents_within(flt))
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


# ---------------------------------------------------------------------------------------------------
# Read-side helpers for the JSON API and the web pages.

# Indexes the pages need beyond the schema's; created on start-up by ``setup`` (see bench/web.py).
READ_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_documents_story ON documents (story_id)",
    # Outlet and speaker filters compare lower-cased names.
    "CREATE INDEX IF NOT EXISTS ix_documents_outlet_lower ON documents ((lower(outlet)))",
    # Newest-first statement lists: the ORDER BY of statements_page, served straight from an index.
    "CREATE INDEX IF NOT EXISTS ix_statements_newest ON statements ((coalesce(said_on, '')) DESC, id)",
    "CREATE INDEX IF NOT EXISTS ix_statements_speaker_name ON statements ((lower(speaker)))",
    "CREATE INDEX IF NOT EXISTS ix_documents_newest ON documents ((coalesce(published, '')) DESC, id)",
    # Covering the outlet, story and kind filters and the date sort of statement lists, so that a
    # page's ids are found and sorted from this index alone (see _page_of).
    "CREATE INDEX IF NOT EXISTS ix_statements_document_kind ON statements (document_id, kind, said_on, id)",
)


def setup(store: Store) -> None:
    """Create the indexes the read-side queries rely on (idempotent, safe on a live store)."""
    with store.transaction() as conn:
        for statement in READ_INDEXES:
            conn.exec_driver_sql(statement)


@dataclass(frozen=True)
class DocumentFilter:
    """Filters for the document list; ``None`` means no filter on that field."""

    query: str | None = None  # full-text query over titles and bodies
    outlet: str | None = None
    story_id: str | None = None


@dataclass(frozen=True)
class Count:
    """A value and how many rows carry it (outlets, months)."""

    value: str
    count: int


def _document_conditions(flt: DocumentFilter) -> list[Any]:
    conditions = []
    if flt.outlet:
        conditions.append(func.lower(D.outlet) == flt.outlet.lower())
    if flt.story_id:
        conditions.append(D.story_id == flt.story_id)
    return conditions


def _statement_count() -> Any:
    inner = select(func.count()).select_from(schema.statements).where(S.document_id == D.id)
    return inner.scalar_subquery().label("statement_count")


def documents_page(store: Store, flt: DocumentFilter, limit: int = 50, cursor: str | None = None) -> Page:
    """Return one page of documents without their text, newest first (best match first for a query)."""
    columns = [D.id, D.source, D.url, D.outlet, D.agency, D.title, D.published, D.story_id, D.duplicate_of]
    query = select(*columns, _statement_count()).where(*_document_conditions(flt))
    if flt.query:
        offset = _offset(cursor)
        query = store.search.match_documents(query, flt.query).limit(limit + 1).offset(offset)
        return _offset_page([dict(r._mapping) for r in _run(store, query, flt.query)], offset, limit)
    published = func.coalesce(D.published, literal_column("''"))  # as in the ix_documents_newest index
    if cursor:
        last_published, last_id = _keyset(cursor)
        after = or_(published < last_published, and_(published == last_published, D.id > last_id))
        query = query.where(after)
    query = query.order_by(published.desc(), D.id).limit(limit + 1)
    rows = [dict(r._mapping) for r in _run(store, query, None)]
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    return Page(rows[:limit], _encode_cursor([last["published"] or "", last["id"]]) if last else None)


def iter_filtered_documents(store: Store, flt: DocumentFilter) -> Iterator[dict[str, Any]]:
    """Yield every document matching the filter, shaped like the export contract (for downloads)."""
    stmt = select(*[getattr(D, name) for name in DOCUMENT_FIELDS]).where(*_document_conditions(flt))
    stmt = store.search.match_documents(stmt, flt.query) if flt.query else stmt.order_by(D.published, D.id)
    for row in _run(store, stmt, flt.query):
        yield dict(row._mapping)


def get_document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """Return one document with its story label and every statement in text order, or None."""
    columns = [getattr(D, name) for name in DOCUMENT_FIELDS]
    stmt = (select(*columns, D.dateline_place, ST.label.label("story_label"))
            .select_from(schema.documents.outerjoin(schema.stories, D.story_id == ST.id))
            .where(D.id == doc_id))
    rows = _run(store, stmt, None)
    if not rows:
        return None
    document = dict(rows[0]._mapping)
    in_text_order = _statement_select().where(S.document_id == doc_id).order_by(S.start, S.seq)
    document["statements"] = [_statement_dict(r) for r in _run(store, in_text_order, None)]
    return document


def get_statement(store: Store, statement_id: str) -> dict[str, Any] | None:
    """Return one statement shaped like the export contract (plus its document title), or None."""
    rows = _run(store, _statement_select().where(S.id == statement_id), None)
    return _statement_dict(rows[0]) if rows else None


def _offset_page(rows: list[dict[str, Any]], offset: int, limit: int) -> Page:
    more = len(rows) > limit
    return Page(rows[:limit], _encode_cursor([offset + limit]) if more else None)


def _offset(cursor: str | None) -> int:
    """Read an offset cursor (ranked results, small lists)."""
    if not cursor:
        return 0
    values = _decode_cursor(cursor)
    if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
        raise QueryError("the page cursor is not valid: start again from the first page")
    return values[0]


def _keyset(cursor: str) -> tuple[str, str]:
    """Read a keyset cursor: the sort value and the id of the last row of the previous page."""
    values = _decode_cursor(cursor)
    if len(values) != 2 or not all(isinstance(v, str) for v in values):
        raise QueryError("the page cursor is not valid: start again from the first page")
    return values[0], values[1]


def _entity_dict(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["aliases"] = json.loads(item["aliases"] or "[]")
    item["roles"] = json.loads(item["roles"] or "[]")
    return item


def entities_page(store: Store, limit: int = 50, cursor: str | None = None) -> Page:
    """Return one page of entities, most quoted first."""
    offset = _offset(cursor)
    stmt = (select(*[getattr(E, name) for name in ENTITY_FIELDS])
            .order_by(E.statement_count.desc(), E.name, E.id).limit(limit + 1).offset(offset))
    return _offset_page([_entity_dict(r) for r in _run(store, stmt, None)], offset, limit)


def unlinked_speakers(store: Store, limit: int = 50) -> list[Count]:
    """Return speaker names not linked to an entity yet, most quoted first (before entity linking runs)."""
    stmt = (select(S.speaker, func.count().label("n")).where(S.speaker.is_not(None), S.speaker_id.is_(None))
            .group_by(S.speaker).order_by(func.count().desc(), S.speaker).limit(limit))
    return [Count(r.speaker, r.n) for r in _run(store, stmt, None)]


def find_speaker(store: Store, key: str) -> dict[str, Any] | None:
    """Find a speaker by entity id, canonical name or alias, else by an unlinked in-document name."""
    needle = key.strip().lower()
    columns = [getattr(E, name) for name in ENTITY_FIELDS]
    alias = func.lower(E.aliases).like(f'%"{needle}"%')
    for condition in (E.id == key, func.lower(E.name) == needle, alias):
        best = select(*columns).where(condition).order_by(E.statement_count.desc()).limit(1)
        rows = _run(store, best, None)
        if rows:
            return _entity_dict(rows[0])
    stmt = (select(S.speaker, S.speaker_type, func.count().label("n"))
            .where(func.lower(S.speaker) == needle).group_by(S.speaker, S.speaker_type).limit(1))
    rows = _run(store, stmt, None)
    if not rows:
        return None
    roles = _run(store, select(S.speaker_role).distinct()
                 .where(func.lower(S.speaker) == needle, S.speaker_role.is_not(None)), None)
    return {"id": None, "name": rows[0].speaker, "type": rows[0].speaker_type, "aliases": [],
            "roles": sorted(r.speaker_role for r in roles), "statement_count": rows[0].n}


def statement_months(store: Store, flt: StatementFilter) -> list[Count]:
    """Count matching statements per month of ``said_on`` (``YYYY-MM``), oldest first; undated left out."""
    month = func.substr(S.said_on, 1, 7)
    stmt = _apply_filters(store, select(month.label("month"), func.count().label("n"))
                          .select_from(schema.statements.join(schema.documents, S.document_id == D.id)
                                       .outerjoin(schema.entities, S.speaker_id == E.id)), flt)
    stmt = stmt.where(S.said_on.is_not(None)).group_by(month).order_by(month)
    return [Count(r.month, r.n) for r in _run(store, stmt, None)]


def outlet_counts(store: Store) -> list[Count]:
    """Return every outlet with its number of documents, biggest first."""
    stmt = (select(D.outlet, func.count().label("n")).where(D.outlet.is_not(None))
            .group_by(D.outlet).order_by(func.count().desc(), D.outlet))
    return [Count(r.outlet, r.n) for r in _run(store, stmt, None)]


def _story_dict(row: Any, members: list[tuple[str, str | None]]) -> dict[str, Any]:
    """Shape a story like the export contract from its row and its (document id, outlet) members."""
    return {"id": row.id, "label": row.label, "first_date": row.first_date, "last_date": row.last_date,
            "document_ids": [doc for doc, _ in members], "outlets": sorted({o for _, o in members if o})}


def stories_page(store: Store, limit: int = 50, cursor: str | None = None) -> Page:
    """Return one page of stories with their documents and outlets, latest first."""
    offset = _offset(cursor)
    latest = func.coalesce(ST.last_date, "").desc()
    stories = _run(store, select(ST.id, ST.label, ST.first_date, ST.last_date)
                   .order_by(latest, ST.id).limit(limit + 1).offset(offset), None)
    ids = [row.id for row in stories]
    members = _run(store, select(D.story_id, D.id, D.outlet).where(D.story_id.in_(ids))
                   .order_by(D.published, D.id), None) if ids else []
    by_story: dict[str, list[tuple[str, str | None]]] = {}
    for member in members:
        by_story.setdefault(member.story_id, []).append((member.id, member.outlet))
    return _offset_page([_story_dict(row, by_story.get(row.id, [])) for row in stories], offset, limit)


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """Return one story with its documents (without their text), or None."""
    stories = _run(store, select(ST.id, ST.label, ST.first_date, ST.last_date).where(ST.id == story_id), None)
    if not stories:
        return None
    documents = documents_page(store, DocumentFilter(story_id=story_id), limit=10_000).rows
    documents.sort(key=lambda d: (d["published"] or "", d["id"]))
    story = _story_dict(stories[0], [(d["id"], d["outlet"]) for d in documents])
    story["documents"] = documents
    return story


def story_statements(store: Store, story_id: str) -> list[dict[str, Any]]:
    """Return every statement of a story's documents, in date then text order."""
    stmt = (_statement_select().where(D.story_id == story_id)
            .order_by(func.coalesce(S.said_on, D.published, ""), D.published, S.document_id, S.seq))
    return [_statement_dict(r) for r in _run(store, stmt, None)]


def rejected_page(store: Store, limit: int = 50, cursor: str | None = None) -> Page:
    """Return one page of rejected inputs, latest first."""
    offset = _offset(cursor)
    R = schema.rejected.c
    stmt = (select(R.source, R.stage, R.reason, R.first_seen)
            .order_by(R.first_seen.desc(), R.id.desc()).limit(limit + 1).offset(offset))
    return _offset_page([dict(r._mapping) for r in _run(store, stmt, None)], offset, limit)


REJECTED_FIELDS = ("source", "stage", "reason", "first_seen")


def iter_rejected(store: Store) -> Iterator[dict[str, Any]]:
    """Yield every rejected input, oldest first."""
    R = schema.rejected.c
    for row in _run(store, select(R.source, R.stage, R.reason, R.first_seen).order_by(R.id), None):
        yield dict(row._mapping)


# ---------------------------------------------------------------------------------------------------
# Story coverage and timeline: one row per distinct statement, with every outlet that reported it.

NO_OUTLET = "(no outlet)"


@dataclass(frozen=True)
class Report:
    """One outlet's report of a statement; ``syndicated`` marks a copy of another outlet's report."""

    statement_id: str
    document_id: str
    outlet: str
    syndicated: bool
    agency: str | None = None  # the wire agency behind the report's copy


@dataclass
class CoverageRow:
    """A distinct statement of a story and the reports of it, outlet by outlet."""

    id: str  # the statement id of its first report
    document_id: str  # the document of its first report
    speaker: str | None
    speaker_id: str | None
    kind: str
    text: str
    said_on: str | None
    tags: list[str]
    reports: dict[str, list[Report]] = field(default_factory=dict)  # by outlet


@dataclass
class Coverage:
    """Which outlet reported which statement of a story."""

    story_id: str
    outlets: list[str]
    rows: list[CoverageRow]
    agencies: dict[str, list[str]] = field(default_factory=dict)  # outlet -> wire agencies whose copy it ran


@dataclass
class Lane:
    """One speaker's distinct statements in a story, by date."""

    speaker: str
    speaker_id: str | None
    rows: list[CoverageRow]


def group_reports(statements: list[dict[str, Any]]) -> list[CoverageRow]:
    """Merge the reports of one claim (syndicated copies, the same speaker's same words or a fragment
    of them: :func:`onrecord.claims.fold_claims`) into one row each."""
    rows: list[CoverageRow] = []
    for st, number in zip(statements, fold_claims(statements), strict=True):
        if number == len(rows):
            rows.append(CoverageRow(st["id"], st["document_id"], st["speaker"], st["speaker_id"], st["kind"],
                                    st["text"], st["said_on"], list(st["tags"])))
        row = rows[number]
        if st["said_on"] and (row.said_on is None or st["said_on"] < row.said_on):
            row.said_on = st["said_on"]
        outlet = st["outlet"] or NO_OUTLET
        report = Report(st["id"], st["document_id"], outlet, st["original_id"] is not None, st["agency"])
        row.reports.setdefault(outlet, []).append(report)
    return sorted(rows, key=lambda r: (r.said_on or "9999", r.speaker or ""))


def story_coverage(store: Store, story_id: str) -> Coverage:
    """Return the story's statements by outlet: the outlets as columns, one row per distinct statement."""
    rows = group_reports(story_statements(store, story_id))
    counts: dict[str, int] = {}
    for row in rows:
        for outlet in row.reports:
            counts[outlet] = counts.get(outlet, 0) + 1
    outlets = sorted(counts, key=lambda o: (-counts[o], o))
    agencies = {o: sorted({wire for row in rows for r in row.reports.get(o, []) if (wire := copied_from(o, r.agency))})
                for o in outlets}
    return Coverage(story_id, outlets, rows, {o: names for o, names in agencies.items() if names})


def timeline_lanes(rows: list[CoverageRow]) -> list[Lane]:
    """Split distinct statements into one lane per speaker, most active speaker first."""
    lanes: dict[str, Lane] = {}
    for row in rows:
        name = row.speaker or "(unattributed)"
        lane = lanes.setdefault(row.speaker_id or name.lower(), Lane(name, row.speaker_id, []))
        lane.rows.append(row)
    return sorted(lanes.values(), key=lambda lane: (-len(lane.rows), lane.speaker))


def timeline_page(store: Store, flt: StatementFilter, limit: int = 200, cursor: str | None = None) -> Page:
    """Return dated statements matching the filter, oldest first: a speaker's, tag's or story's timeline."""
    after: Any = True
    if cursor:
        last_said, last_id = _keyset(cursor)
        after = or_(S.said_on > last_said, and_(S.said_on == last_said, S.id > last_id))
    order = (S.said_on, S.id)
    if flt.query:
        query = _apply_filters(store, _statement_select(), flt).where(S.said_on.is_not(None), after)
        query = store.search.match_statements(query, flt.query, _documents_within(flt))
        query = query.order_by(None).order_by(*order)
        items = [_statement_dict(r) for r in _run(store, query.limit(limit + 1), flt.query)]
    else:
        ids = _apply_filters(store, _statement_ids(), flt).where(S.said_on.is_not(None), after)
        items = _page_of(store, ids, order, limit + 1)
    more = len(items) > limit
    last = items[limit - 1] if more else None
    return Page(items[:limit], _encode_cursor([last["said_on"], last["id"]]) if last else None)

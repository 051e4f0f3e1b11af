"""The Store: one object that owns the database connection for every stage and command.

SQLite (WAL) is the default, a ``postgresql://`` URL selects PostgreSQL; all SQL is SQLAlchemy Core
so both backends run the same code, with full-text search behind ``search.SearchIndex``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, bindparam, create_engine, delete, event, func, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from onrecord.errors import StorageError
from onrecord.models import Document, Rejected, Statement
from onrecord.store import schema
from onrecord.store.migrations import migrate
from onrecord.store.search import PostgresSearch, SearchIndex, SqliteSearch

SaveOutcome = Literal["new", "replaced", "unchanged", "duplicate"]


def document_id(text: str, outlet: str | None = None) -> str:
    """Return the identity of an article: the hex SHA-256 of its outlet and cleaned text.

    The outlet is part of the identity because a wire story republished word for word by another
    outlet is a second report (coverage counts it), while the same text from the same outlet at
    another URL is the same article.
    """
    return hashlib.sha256(f"{outlet or ''}\n{text}".encode()).hexdigest()


def statement_id(doc_id: str, statement: Statement) -> str:
    """Return a stable id for a statement: same document, span and kind give the same id."""
    key = f"{doc_id}:{statement.start}:{statement.end}:{statement.kind}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def database_url(db: str) -> str:
    """Turn a ``--db`` value (a path or a URL) into an SQLAlchemy URL."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class StoredSource:
    """What the store knows of one source: the document its last ingest produced."""

    source: str
    document_id: str


class Store:
    """Read and write OnRecord's tables.

    >>> store = Store.open("onrecord.db")
    >>> store.counts()["documents"]
    0
    """

    def __init__(self, engine: Engine, search: SearchIndex) -> None:
        self.engine = engine
        self.search = search
        self.is_sqlite = engine.dialect.name == "sqlite"

    @classmethod
    def open(cls, db: str) -> Store:
        """Open (creating or migrating as needed) the store at a path or database URL."""
        url = database_url(db)
        try:
            engine = create_engine(url, future=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            store = cls(engine, SqliteSearch() if engine.dialect.name == "sqlite" else PostgresSearch())
            with engine.begin() as conn:
                migrate(conn)
                store.search.create(conn)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open the store {db!r}: {exc.__class__.__name__}: {exc}") from exc
        return store

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Yield a connection inside one transaction, translating database errors."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise StorageError(f"database error: {exc.orig}") from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """Yield a connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    # ------------------------------------------------------------------ writing documents
    def source_document(self, source: str) -> str | None:
        """Return the id of the document a source produced last time, if any."""
        with self.reading() as conn:
            return conn.execute(
                select(schema.sources.c.document_id).where(schema.sources.c.source == source)
            ).scalar()

    def fill_agencies(self, agencies: dict[str, str]) -> None:
        """Record the wire agency of documents (id -> agency) where the store has none: documents stored
        before schema 4. A known agency is never overwritten; one transaction for the whole batch."""
        if not agencies:
            return
        documents = schema.documents
        fill = (update(documents).where(documents.c.id == bindparam("doc_id"), documents.c.agency.is_(None))
                .values(agency=bindparam("found")))
        with self.transaction() as conn:
            conn.execute(fill, [{"doc_id": doc_id, "found": agency} for doc_id, agency in agencies.items()])

    def has_document(self, doc_id: str) -> bool:
        """Tell whether a cleaned text with this id is stored."""
        with self.reading() as conn:
            found = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id == doc_id))
            return found.first() is not None

    def save_document(self, doc: Document, source: str) -> SaveOutcome:
        """Store a processed document for a source in one transaction.

        The same text from the same source changes nothing; a new text from a known source replaces
        the old document's rows (unless another source still carries them); a text already stored from
        another source only records the new source.
        """
        with self.transaction() as conn:
            previous = conn.execute(
                select(schema.sources.c.document_id).where(schema.sources.c.source == source)
            ).scalar()
            if previous == doc.id:
                return "unchanged"
            exists = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.id == doc.id)
            ).first() is not None
            if not exists:
                self._insert_document(conn, doc, source)
            self._point_source(conn, source, doc.id, known=previous is not None)
            if previous is not None:
                self._drop_if_orphaned(conn, previous)
                return "replaced"
            return "duplicate" if exists else "new"

    def _insert_document(self, conn: Connection, doc: Document, source: str) -> None:
        meta = doc.meta
        conn.execute(insert(schema.documents).values(
            id=doc.id, source=source, url=meta.url, outlet=meta.outlet, agency=meta.agency, title=meta.title,
            published=_iso(meta.published), published_basis=meta.published_basis,
            language=meta.language, dateline_place=meta.dateline_place,
            partial_date=f"{meta.partial_date[0]:02d}-{meta.partial_date[1]:02d}" if meta.partial_date else None,
            weekday_hint=meta.weekday_hint, text=doc.text, ingested_at=_now(),
        ))
        rows = [_statement_row(doc.id, seq, st) for seq, st in enumerate(doc.statements)]
        if rows:
            conn.execute(insert(schema.statements), rows)
        self.search.add(conn, doc.id, meta.title, doc.text,
                        ((row["id"], row["text"], row["speaker"]) for row in rows))

    def _point_source(self, conn: Connection, source: str, doc_id: str, known: bool) -> None:
        if known:
            conn.execute(update(schema.sources).where(schema.sources.c.source == source)
                         .values(document_id=doc_id, ingested_at=_now()))
        else:
            conn.execute(insert(schema.sources).values(source=source, document_id=doc_id, ingested_at=_now()))

    def _drop_if_orphaned(self, conn: Connection, doc_id: str) -> None:
        still_used = conn.execute(
            select(func.count()).select_from(schema.sources).where(schema.sources.c.document_id == doc_id)
        ).scalar()
        if still_used:
            return
        self.search.remove(conn, doc_id)
        conn.execute(delete(schema.statements).where(schema.statements.c.document_id == doc_id))
        conn.execute(update(schema.documents).where(schema.documents.c.duplicate_of == doc_id)
                     .values(duplicate_of=None))
        conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))

    def record_rejected(self, rejected: Rejected) -> bool:
        """Record a rejected input once; return False when the same rejection was already stored."""
        with self.transaction() as conn:
            seen = conn.execute(select(schema.rejected.c.id).where(
                schema.rejected.c.source == rejected.source,
                schema.rejected.c.stage == rejected.stage,
                schema.rejected.c.reason == rejected.reason,
            )).first()
            if seen:
                return False
            conn.execute(insert(schema.rejected).values(
                source=rejected.source, stage=rejected.stage, reason=rejected.reason, first_seen=_now()))
            return True

    # ------------------------------------------------------------------ reading
    def known_dates(self) -> list[dt.date]:
        """Return the publication dates of stored documents whose date was read, not inferred."""
        with self.reading() as conn:
            rows = conn.execute(select(schema.documents.c.published).where(
                schema.documents.c.published.is_not(None), schema.documents.c.partial_date.is_(None)))
            return [dt.date.fromisoformat(value) for (value,) in rows]

    def counts(self) -> dict[str, int]:
        """Return the number of rows of each main table."""
        tables = {"documents": schema.documents, "statements": schema.statements, "sources": schema.sources,
                  "entities": schema.entities, "stories": schema.stories, "rejected": schema.rejected}
        with self.reading() as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar() or 0
                    for name, table in tables.items()}

    def table_rows(self, table_name: str) -> list[dict[str, Any]]:
        """Return every row of a table, ordered by its key (for tests and audits)."""
        table = schema.metadata.tables[table_name]
        with self.reading() as conn:
            key = list(table.primary_key.columns)
            return [dict(row._mapping) for row in conn.execute(select(table).order_by(*key))]


def _statement_row(doc_id: str, seq: int, st: Statement) -> dict[str, Any]:
    return {
        "id": statement_id(doc_id, st), "document_id": doc_id, "seq": seq, "kind": st.kind,
        "text": st.text, "start": st.start, "end": st.end, "cue": st.cue, "speaker": st.speaker,
        "speaker_id": None, "speaker_type": st.speaker_type, "speaker_mention": st.speaker_mention,
        "speaker_role": st.speaker_role, "speaker_start": st.speaker_start, "speaker_end": st.speaker_end,
        "venue": st.venue, **statement_dates(st), "tags": json.dumps(st.tags), "original_id": None,
    }


def statement_dates(st: Statement) -> dict[str, Any]:
    """Return a statement's date columns as stored: when it was said, on what basis, what it speaks of."""
    return {"said_on": _iso(st.said_on), "said_on_until": _iso(st.said_on_until),
            "said_on_basis": st.said_on_basis,
            "content_dates": json.dumps([d.isoformat() for d in st.content_dates])}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on WAL (readers never block the writer), foreign keys and a busy wait on every connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; a power cut may only lose the last commits,
    # which a re-run of the same ingest restores. FULL would fsync every document.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()

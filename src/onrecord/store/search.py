"""Full-text search behind one small interface: SQLite FTS5 now, PostgreSQL full-text search alike.

Snippets come back with the matched words wrapped in ``MARK_START`` / ``MARK_END`` control
characters, never HTML: the web layer escapes the text first and only then turns the markers into
``<mark>`` tags, so article text can never inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import ColumnElement, Connection, Select, func, literal_column, text
from sqlalchemy.exc import DBAPIError

from onrecord.errors import QueryError
from onrecord.store import schema

MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 16

QUERY_HELP = (
    'write words to find (all must match), "quoted phrases", OR between alternatives, '
    "NOT before a word to exclude, and word* for a prefix"
)


class SearchIndex(Protocol):
    """What the store needs from a backend's full-text index."""

    def create(self, conn: Connection) -> None: ...

    def add(self, conn: Connection, doc_id: str, title: str | None, body: str,
            statements: Iterable[tuple[str, str, str | None]]) -> None: ...

    def remove(self, conn: Connection, doc_id: str) -> None: ...

    def match_statements(self, select_: Select, query: str, within: Select | None = None) -> Select: ...

    def match_documents(self, select_: Select, query: str) -> Select: ...

    def translate_error(self, exc: DBAPIError, query: str) -> QueryError: ...


class SqliteSearch:
    """FTS5 tables kept beside the content tables and written in the same transaction."""

    def create(self, conn: Connection) -> None:
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5("
            "statement_id UNINDEXED, document_id UNINDEXED, text, speaker, tokenize='porter unicode61')"
        ))
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "document_id UNINDEXED, title, text, tokenize='porter unicode61')"
        ))

    def add(self, conn: Connection, doc_id: str, title: str | None, body: str,
            statements: Iterable[tuple[str, str, str | None]]) -> None:
        conn.execute(text("INSERT INTO documents_fts(document_id, title, text) VALUES (:d, :t, :b)"),
                     {"d": doc_id, "t": title or "", "b": body})
        rows = [{"s": sid, "d": doc_id, "t": body_, "p": speaker or ""} for sid, body_, speaker in statements]
        if rows:
            conn.execute(text(
                "INSERT INTO statements_fts(statement_id, document_id, text, speaker) VALUES (:s, :d, :t, :p)"
            ), rows)

    def remove(self, conn: Connection, doc_id: str) -> None:
        conn.execute(text("DELETE FROM documents_fts WHERE document_id = :d"), {"d": doc_id})
        conn.execute(text("DELETE FROM statements_fts WHERE document_id = :d"), {"d": doc_id})

    def match_statements(self, select_: Select, query: str, within: Select | None = None) -> Select:
        """Add the match, its snippet and rank order to a statement select.

        ``within`` (a select of document ids the other filters allow) is checked on the index's own
        document_id column, before any match is joined to its statement and document rows.
        """
        matched = _fts_match(select_, "statements_fts", "statement_id", schema.statements.c.id, query)
        if within is not None:
            matched = matched.where(literal_column("statements_fts.document_id").in_(within.scalar_subquery()))
        return matched

    def match_documents(self, select_: Select, query: str) -> Select:
        return _fts_match(select_, "documents_fts", "document_id", schema.documents.c.id, query)

    def translate_error(self, exc: DBAPIError, query: str) -> QueryError:
        detail = str(exc.orig) if exc.orig else str(exc)
        return QueryError(f"cannot search for {query!r} ({detail}): {QUERY_HELP}")


def _fts_match(select_: Select, table: str, key: str, row_id: ColumnElement[str], query: str) -> Select:
    """Join an FTS5 table to the select, keep its matches, add the body's snippet, order by rank."""
    snippet: ColumnElement[str] = literal_column(
        f"snippet({table}, 2, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"
    )
    return (
        select_.add_columns(snippet.label("snippet"))
        .join(text(table), literal_column(f"{table}.{key}") == row_id)
        .where(text(f"{table} MATCH :fts_query").bindparams(fts_query=query))
        .order_by(None).order_by(literal_column(f"{table}.rank"))
    )


class PostgresSearch:
    """PostgreSQL full-text search on expression indexes; websearch syntax never fails to parse."""

    def create(self, conn: Connection) -> None:
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_statements_fts ON statements "
            "USING gin (to_tsvector('english', text || ' ' || coalesce(speaker, '')))"
        ))
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
            "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"
        ))

    def add(self, conn: Connection, doc_id: str, title: str | None, body: str,
            statements: Iterable[tuple[str, str, str | None]]) -> None:
        """Nothing to do: the expression indexes follow the content tables."""

    def remove(self, conn: Connection, doc_id: str) -> None:
        """Nothing to do: the expression indexes follow the content tables."""

    def _match(self, select_: Select, vector: ColumnElement, body: ColumnElement, query: str) -> Select:
        tsquery = func.websearch_to_tsquery("english", query)
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=5"
        return (
            select_.add_columns(func.ts_headline("english", body, tsquery, options).label("snippet"))
            .where(vector.op("@@")(tsquery))
            .order_by(None).order_by(func.ts_rank(vector, tsquery).desc())
        )

    def match_statements(self, select_: Select, query: str, within: Select | None = None) -> Select:
        """Add the match, its snippet and rank order (``within`` is left to PostgreSQL's planner)."""
        s = schema.statements.c
        vector = func.to_tsvector("english", s.text + " " + func.coalesce(s.speaker, ""))
        return self._match(select_, vector, s.text, query)

    def match_documents(self, select_: Select, query: str) -> Select:
        d = schema.documents.c
        vector = func.to_tsvector("english", func.coalesce(d.title, "") + " " + d.text)
        return self._match(select_, vector, d.text, query)

    def translate_error(self, exc: DBAPIError, query: str) -> QueryError:
        return QueryError(f"cannot search for {query!r} ({exc.orig}): {QUERY_HELP}")

"""Schema versions and the steps between them.

A new database gets the current schema in one go; an older one runs every step above its version.
To change the schema: edit ``schema.py``, then append a step here that brings an old database to
the same shape (``ALTER TABLE ...``). Steps must run on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, select, text

from onrecord.errors import StorageError
from onrecord.store import schema

Migration = Callable[[Connection], None]

CORPUS_STAGE_TABLES = ("document_signatures", "document_buckets", "story_features", "story_terms",
                       "statement_embeddings", "tag_definitions")


def add_corpus_stage_tables(conn: Connection) -> None:
    """Version 1 -> 2: add the tables where dedup, stories and tags keep their per-item state."""
    for name in CORPUS_STAGE_TABLES:
        schema.metadata.tables[name].create(conn, checkfirst=True)


def add_speaker_name_index(conn: Connection) -> None:
    """Version 2 -> 3: index statements by speaker name, which entity linking updates by."""
    index = next(i for i in schema.statements.indexes if i.name == "ix_statements_speaker_name")
    index.create(conn, checkfirst=True)


def add_document_agency(conn: Connection) -> None:
    """Version 3 -> 4: keep the wire agency behind a document's copy (documents stored before stay empty)."""
    if "agency" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN agency TEXT"))


# Index i holds the step from version i+1 to i+2; version 1 is the initial schema.
STEPS: list[Migration] = [add_corpus_stage_tables, add_speaker_name_index, add_document_agency]
CURRENT_VERSION = 1 + len(STEPS)


def current_version(conn: Connection) -> int | None:
    """Return the schema version of the database, or None when it has no OnRecord schema."""
    if not inspect(conn).has_table("schema_version"):
        return None
    return conn.execute(select(schema.schema_version.c.version)).scalar()


def migrate(conn: Connection) -> int:
    """Bring the database to CURRENT_VERSION and return the version it had before (0 when new)."""
    version = current_version(conn)
    if version is None:
        schema.metadata.create_all(conn)
        conn.execute(schema.schema_version.insert().values(version=CURRENT_VERSION))
        return 0
    if version > CURRENT_VERSION:
        raise StorageError(
            f"the database has schema version {version}, newer than this OnRecord ({CURRENT_VERSION}); "
            "upgrade OnRecord to open it"
        )
    for step in STEPS[version - 1 :]:
        step(conn)
    conn.execute(schema.schema_version.update().values(version=CURRENT_VERSION))
    return version

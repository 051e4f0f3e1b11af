"""Tables of the OnRecord store, written once for SQLite and PostgreSQL (SQLAlchemy Core).

List-valued fields (aliases, tags, content dates) are JSON text so both backends read them alike.
Dates are ISO ``YYYY-MM-DD`` strings: they sort correctly and export without conversion.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cleaned text
    Column("source", Text, nullable=False),  # the first source this text came from
    Column("url", Text),
    Column("outlet", Text),
    Column("agency", Text),  # the wire agency behind the copy, when the text names one
    Column("title", Text),
    Column("published", String(10)),
    Column("published_basis", Text),
    Column("language", String(8)),
    Column("dateline_place", Text),
    Column("partial_date", String(5)),  # "MM-DD" of a dateline without year, kept to re-infer the year
    Column("weekday_hint", Integer),
    Column("text", Text, nullable=False),
    Column("story_id", String(64)),
    Column("duplicate_of", String(64)),
    Column("ingested_at", String(32), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("source", Text, primary_key=True),  # a path or URL as given (with #record or :line suffixes)
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("ingested_at", String(32), nullable=False),
)
Index("ix_sources_document", sources.c.document_id)

statements = Table(
    "statements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("seq", Integer, nullable=False),  # order inside the document
    Column("kind", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("cue", Text),
    Column("speaker", Text),
    Column("speaker_id", String(64)),
    Column("speaker_type", String(8)),
    Column("speaker_mention", Text),
    Column("speaker_role", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("venue", Text),
    Column("said_on", String(10)),
    Column("said_on_until", String(10)),
    Column("said_on_basis", Text),
    Column("content_dates", Text, nullable=False, server_default="[]"),
    Column("tags", Text, nullable=False, server_default="[]"),
    Column("original_id", String(64)),  # the same statement in the original of a syndicated copy
)
Index("ix_statements_document", statements.c.document_id)
Index("ix_statements_speaker", statements.c.speaker_id, statements.c.said_on)
Index("ix_statements_said_on", statements.c.said_on)
# Entity linking updates statements by in-document speaker name, once per distinct name.
Index("ix_statements_speaker_name", statements.c.speaker)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8)),
    Column("aliases", Text, nullable=False, server_default="[]"),
    Column("roles", Text, nullable=False, server_default="[]"),
    Column("statement_count", Integer, nullable=False, server_default="0"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("label", Text),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
)

rejected = Table(
    "rejected",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
    UniqueConstraint("source", "stage", "reason", name="uq_rejected"),
)

# ---------------------------------------------------------------- corpus-level stages (schema version 2)
# These tables hold what dedup, stories and tags computed per document or statement, so a new
# document is compared without recomputing the corpus. They carry no foreign keys on purpose: the
# store deletes a replaced document's rows without knowing them, and each stage purges its orphans.

document_signatures = Table(
    "document_signatures",
    metadata,
    Column("document_id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),  # the order dedup first saw the document (ingest order)
    Column("minhash", LargeBinary, nullable=False),  # uint32 MinHash values, little-endian
)

document_buckets = Table(
    "document_buckets",
    metadata,
    Column("bucket", String(40), primary_key=True),  # "band:hash" of one LSH band of the signature
    Column("document_id", String(64), primary_key=True),
)
Index("ix_document_buckets_document", document_buckets.c.document_id)

story_features = Table(
    "story_features",
    metadata,
    Column("document_id", String(64), primary_key=True),
    Column("story_id", String(64)),  # the story the document was last put in (to repair after deletion)
    Column("published", String(10)),
    Column("terms", Text, nullable=False),  # JSON {term: weight}, L2-normalised
    Column("entities", Text, nullable=False),  # JSON [name]
)

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(64), primary_key=True),  # the inverted index that finds candidate neighbours
    Column("document_id", String(64), primary_key=True),
)
Index("ix_story_terms_document", story_terms.c.document_id)

statement_embeddings = Table(
    "statement_embeddings",
    metadata,
    Column("statement_id", String(64), primary_key=True),
    Column("model", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float16, L2-normalised
)

tag_definitions = Table(
    "tag_definitions",
    metadata,
    Column("tag", String(128), primary_key=True),
    Column("digest", String(64), nullable=False),  # hash of the description, examples, threshold, model
)

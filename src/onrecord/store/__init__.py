"""Persistence: the schema, its migrations, full-text search and the Store that wraps them."""

from onrecord.store.database import Store, document_id, statement_id

__all__ = ["Store", "document_id", "statement_id"]

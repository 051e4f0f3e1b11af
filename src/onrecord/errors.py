"""The one exception tree of OnRecord.

Library code raises these; the CLI turns them into a message and an exit code.
Third-party errors are translated at the boundary and chained (``raise ... from exc``).

    OnRecordError
    ├── ConfigError       bad settings, missing spaCy pipeline, unreadable alias or codebook file
    ├── IngestError       an input that cannot be read or cleaned (becomes a rejected row)
    ├── StorageError      the database cannot be opened, migrated or written
    └── QueryError        a search query or filter the user typed cannot be understood
"""

from __future__ import annotations


class OnRecordError(Exception):
    """Base class of every error OnRecord raises on purpose."""


class ConfigError(OnRecordError):
    """A setting, model or configuration file is missing or invalid."""


class IngestError(OnRecordError):
    """An input could not be read, decoded or cleaned.

    ``stage`` names the step that refused it (``read``, ``decode``, ``clean``, ``meta``...).
    """

    def __init__(self, reason: str, stage: str = "read") -> None:
        super().__init__(reason)
        self.reason = reason
        self.stage = stage


class StorageError(OnRecordError):
    """The store could not be opened, migrated or written."""


class QueryError(OnRecordError):
    """A search query or filter is malformed; the message says how to write it."""

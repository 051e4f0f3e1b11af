"""The public API is exactly these names, and each resolves."""

from __future__ import annotations

import onrecord

PUBLIC = ["Config", "ConfigError", "IngestError", "IngestSummary", "OnRecordError",
          "QueryError", "StorageError", "Store", "__version__", "export", "extract_statements", "ingest",
          "update_corpus"]


def test_public_names_are_pinned() -> None:
    assert sorted(onrecord.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in onrecord.__all__:
        assert getattr(onrecord, name) is not None

"""OnRecord: who said what, when, and who reported it.

The public API is small; everything else is private to its stage module::

    from onrecord import Config, Store, ingest, export
    store = Store.open("onrecord.db")
    summary = ingest(["articles/"], store, Config(db="onrecord.db"))
    export(store, "statements", "csv", "statements.csv")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module; imported on first use so `onrecord --help` does not pay for spaCy.
_PUBLIC = {
    "Config": "onrecord.settings",
    "Store": "onrecord.store",
    "ingest": "onrecord.pipeline",
    "update_corpus": "onrecord.pipeline",
    "IngestSummary": "onrecord.pipeline",
    "export": "onrecord.export",
    "extract_statements": "onrecord.statements",
    "OnRecordError": "onrecord.errors",
    "ConfigError": "onrecord.errors",
    "IngestError": "onrecord.errors",
    "StorageError": "onrecord.errors",
    "QueryError": "onrecord.errors",
}
__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'onrecord' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)

"""The distributed job's output on disk, and reading it back into a store without Spark.

A finished job leaves a folder with ``documents/`` (Parquet: one row per article, its statements nested),
``rejected/`` (Parquet: inputs that could not be used, and why) and ``_onrecord_job.json``, written last,
which says the folder is complete. Rows carry everything ``Store.save_document`` needs, so loading a job
stores exactly what ``onrecord ingest`` would have stored for the same articles.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from onrecord.errors import IngestError
from onrecord.models import Document, Metadata, Rejected, Statement

MANIFEST = "_onrecord_job.json"
FORMAT = 1  # the layout version; a loader refuses a folder written in a layout it does not know
DOCUMENTS, REJECTED = "documents", "rejected"

# (column, Spark SQL type). One list serves the job's schema and this module's readers and writers.
STATEMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "string"), ("text", "string"), ("start", "int"), ("end", "int"), ("cue", "string"),
    ("speaker_mention", "string"), ("speaker_start", "int"), ("speaker_end", "int"), ("speaker", "string"),
    ("speaker_type", "string"), ("speaker_role", "string"), ("venue", "string"), ("said_on", "date"),
    ("said_on_until", "date"), ("said_on_basis", "string"), ("content_dates", "array<date>"))
DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("source", "string"), ("text", "string"), ("title", "string"), ("outlet", "string"),
    ("url", "string"), ("dateline_place", "string"), ("published", "date"), ("published_basis", "string"),
    ("language", "string"), ("partial_date", "string"), ("weekday_hint", "int"), ("agency", "string"),
    ("statements", "array<struct<{}>>".format(", ".join(f"`{n}`: {t}" for n, t in STATEMENT_COLUMNS))))
REJECTED_COLUMNS: tuple[tuple[str, str], ...] = (("source", "string"), ("stage", "string"), ("reason", "string"))
_META_FIELDS = ("title", "outlet", "url", "dateline_place", "published", "published_basis", "language",
                "weekday_hint", "agency")


def ddl(columns: tuple[tuple[str, str], ...]) -> str:
    """Render columns as a Spark DDL schema string (names quoted: ``end`` is an SQL keyword)."""
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def document_row(doc: Document) -> dict[str, Any]:
    """Flatten a processed document and its statements into one output row."""
    meta = doc.meta
    row: dict[str, Any] = {"id": doc.id, "source": doc.source, "text": doc.text}
    row |= {name: getattr(meta, name) for name in _META_FIELDS}
    row["partial_date"] = f"{meta.partial_date[0]:02d}-{meta.partial_date[1]:02d}" if meta.partial_date else None
    row["statements"] = [{name: getattr(st, name) for name, _ in STATEMENT_COLUMNS} for st in doc.statements]
    return row


def document_from_row(row: dict[str, Any]) -> Document:
    """Rebuild the document a row was made from (the inverse of ``document_row``)."""
    partial = row["partial_date"]
    meta = Metadata(**{name: row[name] for name in _META_FIELDS},
                    partial_date=(int(partial[:2]), int(partial[3:])) if partial else None)
    statements = [Statement(**{**st, "content_dates": list(st["content_dates"] or [])})
                  for st in row["statements"] or []]
    return Document(row["id"], row["source"], row["text"], meta, statements)


def rejected_row(rejected: Rejected) -> dict[str, Any]:
    """Turn a rejected input into an output row."""
    return {"source": rejected.source, "stage": rejected.stage, "reason": rejected.reason}


def manifest(inputs: list[str], settings: dict[str, Any], counts: dict[str, int]) -> str:
    """Render the manifest that marks a job's folder complete."""
    return json.dumps({"format": FORMAT, "inputs": inputs, "settings": settings, "counts": counts,
                       "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, indent=1)


def is_job_output(path: str) -> bool:
    """Tell whether ``path`` is the folder of a finished distributed job."""
    return (Path(path) / MANIFEST).is_file()


def read_job_output(path: Path) -> Iterator[Document | Rejected]:
    """Yield the rejected inputs, then the documents, of a finished job's folder.

    A damaged Parquet file becomes a rejection naming it; the other files are still read.
    Raises ``IngestError`` when the manifest is unreadable or from a layout this version does not know.
    """
    _check_manifest(path / MANIFEST)
    for row in _rows(path / REJECTED):
        yield row if isinstance(row, Rejected) else Rejected(row["source"], row["stage"], row["reason"])
    for row in _rows(path / DOCUMENTS):
        yield row if isinstance(row, Rejected) else document_from_row(row)


def _check_manifest(path: Path) -> None:
    """Refuse a manifest that is not JSON or names a layout other than ``FORMAT``."""
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError) as exc:
        raise IngestError(f"{path}: not a readable job manifest ({exc})", stage="read") from exc
    if found != FORMAT:
        raise IngestError(f"{path}: job output layout {found!r}; this onrecord reads layout {FORMAT}",
                          stage="read")


def _rows(folder: Path) -> Iterator[dict[str, Any] | Rejected]:
    """Yield the rows of every Parquet file in a folder, batch by batch, in file-name order."""
    for part in sorted(folder.glob("*.parquet")):
        try:
            for batch in pq.ParquetFile(part).iter_batches(batch_size=256):
                yield from batch.to_pylist()
        except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) on a damaged file
            yield Rejected(str(part), "read", f"unreadable Parquet file ({exc})")

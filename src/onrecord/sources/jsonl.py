"""JSON Lines files: one article per line, ``text`` or ``html`` plus optional hints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from onrecord.errors import IngestError
from onrecord.models import InputFormat, RawDocument, Rejected
from onrecord.sources.files import decode_bytes, format_megabytes, size_error

_HINTS = ("url", "title", "published", "outlet")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Yield one document per line, or a rejection naming the line and the problem.

    The size cap applies to each line (one article), not to the file. A record with both
    ``text`` and ``html`` is read as text: the producer already chose the body.

    >>> [d.source for d in read_jsonl(Path("feed.jsonl"), 20_000_000)]  # doctest: +SKIP
    ['feed.jsonl:1', 'feed.jsonl:2']
    """
    if path.stat().st_size == 0:
        yield Rejected(str(path), "read", "file is empty")
        return
    with path.open("rb") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{line_no}"
            try:
                yield _parse_line(source, line, max_bytes)
            except IngestError as exc:
                yield Rejected(source, exc.stage, f"line {line_no}: {exc.reason}")


def _parse_line(source: str, line: bytes, max_bytes: int) -> RawDocument:
    """Turn one JSON line into a document; raise ``IngestError`` saying what is wrong."""
    if len(line) > max_bytes:
        raise size_error(max_bytes, format_megabytes(len(line)))
    try:
        record = json.loads(decode_bytes(line.rstrip(b"\r\n")))
    except json.JSONDecodeError as exc:
        raise IngestError(f"invalid JSON ({exc.msg} at column {exc.colno})", stage="read") from exc
    if not isinstance(record, dict):
        raise IngestError(f"not a JSON object (got {type(record).__name__})", stage="read")
    key = _body_key(record)
    kind: InputFormat = "html" if key == "html" else "text"
    hints = {name: record[name].strip() for name in _HINTS if isinstance(record.get(name), str)}
    hints = {name: value for name, value in hints.items() if value}
    return RawDocument(source=source, body=record[key], format=kind, **hints)


def _body_key(record: dict[str, Any]) -> str:
    """Name the field holding the article body: ``text`` first, else ``html``."""
    for key in ("text", "html"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return key
    if "text" in record or "html" in record:
        raise IngestError("the 'text'/'html' field is empty or not a string", stage="read")
    raise IngestError("no 'text' or 'html' field", stage="read")

"""WARC archives (``.warc``, ``.warc.gz``): every successful HTML response is one article."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from onrecord.errors import IngestError
from onrecord.models import RawDocument, Rejected
from onrecord.sources.files import decode_bytes, format_megabytes, looks_like_html, size_error

# warcio reports damage in several ways: its own error, zlib/gzip errors, and an AttributeError
# when a record's header block is cut off mid-line. All of them mean "the archive ends here".
_DAMAGE_ERRORS = (ArchiveLoadFailed, OSError, EOFError, zlib.error, AttributeError, ValueError)
_CHUNK = 1 << 20


@dataclass
class _Progress:
    """How far a scan got: intact records read, whether it was cut short or is not a WARC at all."""

    records: int = 0
    damaged: bool = False
    not_warc: bool = False


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Yield one document per HTML ``response`` record, then a rejection if the file is cut short.

    ``max_bytes`` caps each record, not the archive. Non-2xx responses (redirects, error pages)
    and non-HTML payloads are skipped: they are not articles.

    >>> [d.url for d in read_warc(Path("crawl.warc.gz"), 20_000_000)]  # doctest: +SKIP
    ['https://example.com/a', 'https://example.com/b']
    """
    if path.stat().st_size == 0:
        yield Rejected(str(path), "read", "file is empty")
        return
    progress = _Progress()
    with path.open("rb") as handle:
        yield from _scan(path, ArchiveIterator(handle), max_bytes, progress)
    compressed = path.name.lower().endswith(".gz")
    if progress.not_warc or (progress.records == 0 and not progress.damaged):
        yield Rejected(str(path), "read", "not a WARC file (no WARC/1.x record found)")
        return
    if compressed and not progress.damaged:
        progress.damaged = not _gzip_complete(path)
    if progress.damaged:
        kind = "gzip stream" if compressed else "WARC file"
        yield Rejected(str(path), "read", f"truncated {kind} after {_plural(progress.records, 'record')}")


def _scan(
    path: Path, records: ArchiveIterator, max_bytes: int, progress: _Progress
) -> Iterator[RawDocument | Rejected]:
    """Walk the records, stopping (and marking damage) at the first broken one."""
    try:
        for record in records:
            if not record.format.startswith("warc"):
                # warcio falls back to the old ARC format for anything else, junk included.
                progress.not_warc = progress.records == 0
                progress.damaged = True
                return
            too_big = record.length is not None and record.length > max_bytes
            # Read (or skip) the payload first: asking warcio for the offset earlier breaks the stream.
            payload = b"" if too_big else record.content_stream().read()
            if too_big:
                records.read_to_end(record)
            source = f"{path}#{records.get_record_offset()}"
            if getattr(record.raw_stream, "limit", 0):
                progress.damaged = True  # the block ended before its declared Content-Length
                return
            progress.records += 1
            if too_big:
                yield Rejected(source, "read", size_error(max_bytes, format_megabytes(record.length)).reason)
                continue
            if _is_html_response(record, payload):
                yield _document(source, record, payload)
    except _DAMAGE_ERRORS:
        progress.damaged = True


def _is_html_response(record: ArcWarcRecord, payload: bytes) -> bool:
    """Tell whether a record is a successful HTTP response carrying HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type:
        return "html" in content_type
    return looks_like_html(payload[:5000].decode("utf-8", "replace"))


def _document(source: str, record: ArcWarcRecord, payload: bytes) -> RawDocument | Rejected:
    """Decode one record's payload into a document, or say why it cannot be decoded."""
    content_type = record.http_headers.get_header("Content-Type") or ""
    declared = content_type.partition("charset=")[2].strip(" \"';") or None
    try:
        body = decode_bytes(payload, declared)
    except IngestError as exc:
        return Rejected(source, exc.stage, exc.reason)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawDocument(source=source, body=body, format="html", url=url)


def _plural(count: int, noun: str) -> str:
    """Render ``3 records`` / ``1 record``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _gzip_complete(path: Path) -> bool:
    """Decompress the whole file to check that its last gzip member is not cut off."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True

"""HTML article files (``.html``, ``.htm``): decoded here, extracted later by the cleaner."""

from __future__ import annotations

import re
from pathlib import Path

from onrecord.models import RawDocument
from onrecord.sources.files import decode_bytes, read_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a ``<meta>`` tag near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def read_html_file(path: Path, max_bytes: int) -> RawDocument:
    """Read one HTML page from disk, honouring its declared charset when it is not UTF-8.

    Raises ``IngestError`` for empty, oversized, binary or undecodable files.

    >>> read_html_file(Path("page.html"), 20_000_000).format  # doctest: +SKIP
    'html'
    """
    data = read_bytes(path, max_bytes)
    return RawDocument(source=str(path), body=decode_bytes(data, declared_charset(data)), format="html")

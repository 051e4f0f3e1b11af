"""Plain-text article files (``.txt``, ``.md``) and files whose ending says nothing."""

from __future__ import annotations

from pathlib import Path

from onrecord.models import InputFormat, RawDocument
from onrecord.sources.files import decode_bytes, looks_like_html, read_bytes


def read_text_file(path: Path, max_bytes: int, *, sniff: bool = False) -> RawDocument:
    """Read one plain-text article; with ``sniff``, an HTML-looking file is read as HTML.

    Raises ``IngestError`` for empty, oversized, binary or undecodable files.

    >>> read_text_file(Path("seed.txt"), 20_000_000).format  # doctest: +SKIP
    'text'
    """
    text = decode_bytes(read_bytes(path, max_bytes))
    kind: InputFormat = "html" if sniff and looks_like_html(text) else "text"
    return RawDocument(source=str(path), body=text, format=kind)

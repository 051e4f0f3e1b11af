"""Local inputs: expand paths and folders, classify files by extension, decode bytes to text.

Decoding is shared by every reader (files, WARC payloads, fetched pages), so it lives here with
the one place that decides what a file is.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from charset_normalizer import from_bytes

from onrecord.errors import IngestError

# Files in a folder with these endings are never articles: skip them without a rejected row.
NOT_ARTICLE_SUFFIXES = frozenset(
    {
        *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".avif"),
        *(".heic", ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".avi", ".mov", ".mkv"),
        *(".woff", ".woff2", ".ttf", ".otf", ".eot", ".css", ".js", ".map"),
        *(".zip", ".tar", ".tgz", ".7z", ".rar", ".bz2", ".xz", ".pyc", ".so", ".dll", ".exe"),
        *(".db", ".sqlite", ".parquet", ".ds_store"),
    }
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MIN_PRINTABLE_RATIO = 0.95
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|article|section|h[1-6]|title|meta)\b", re.I)


class FileKind(Enum):
    """How a local file is read."""

    TEXT = "text"
    HTML = "html"
    WARC = "warc"
    JSONL = "jsonl"
    SNIFF = "sniff"  # unknown ending: decide from the content
    SKIP = "skip"  # obviously not an article (image, font, archive...)


@dataclass(frozen=True)
class LocalFile:
    """One file to read, and whether the user named it or a folder walk found it."""

    path: Path
    explicit: bool


_KINDS_BY_SUFFIX = {
    ".txt": FileKind.TEXT,
    ".md": FileKind.TEXT,
    ".html": FileKind.HTML,
    ".htm": FileKind.HTML,
    ".warc": FileKind.WARC,
    ".jsonl": FileKind.JSONL,
}


def file_kind(path: Path) -> FileKind:
    """Classify a file by its ending (``.warc.gz`` counts as WARC)."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return FileKind.WARC
    suffix = path.suffix.lower()
    if suffix in _KINDS_BY_SUFFIX:
        return _KINDS_BY_SUFFIX[suffix]
    if suffix in NOT_ARTICLE_SUFFIXES or name in NOT_ARTICLE_SUFFIXES:
        return FileKind.SKIP
    return FileKind.SNIFF


def expand_path(path: Path) -> Iterator[LocalFile]:
    """Yield the path itself, or every non-hidden file under a folder in sorted order.

    Raises ``IngestError`` when the path does not exist.

    >>> [f.path.name for f in expand_path(Path("articles"))]  # doctest: +SKIP
    ['a.txt', 'b.html']
    """
    if path.is_file():
        yield LocalFile(path, explicit=True)
        return
    if not path.is_dir():
        raise IngestError("path does not exist", stage="read")
    for child in sorted(path.rglob("*")):
        relative = child.relative_to(path)
        if any(part.startswith(".") for part in relative.parts) or not child.is_file():
            continue
        yield LocalFile(child, explicit=False)


def format_megabytes(size: int) -> str:
    """Render a byte count as megabytes with one decimal, e.g. ``31.2 MB``."""
    return f"{size / 1_000_000:.1f} MB"


def size_error(max_bytes: int, detail: str) -> IngestError:
    """Build the error for an input over the size cap; ``detail`` says how big it was."""
    return IngestError(f"larger than the {max_bytes / 1_000_000:g} MB cap ({detail})", stage="read")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a whole file, refusing empty files and files over ``max_bytes``."""
    size = path.stat().st_size
    if size == 0:
        raise IngestError("file is empty", stage="read")
    if size > max_bytes:
        raise size_error(max_bytes, format_megabytes(size))
    return path.read_bytes()


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as UTF-8 (or a BOM's encoding), else ``declared``, else a detected charset.

    Raises ``IngestError(stage="decode")`` for binary content or undecodable bytes.

    >>> decode_bytes("The port’s café reopened on Monday.".encode("cp1252"))
    'The port’s café reopened on Monday.'
    """
    if not data.strip():
        raise IngestError("file is empty" if not data else "no text (only whitespace)", stage="decode")
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            raise IngestError("binary content (NUL bytes)", stage="decode")
        text = _decode_without_bom(data, declared)
    _check_printable(text)
    return text


def _decode_with_bom(data: bytes) -> str | None:
    """Decode data that starts with a Unicode byte-order mark; ``None`` when there is none."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise IngestError(f"invalid {encoding} text after a byte-order mark", stage="decode") from exc
    return None


def _decode_without_bom(data: bytes, declared: str | None) -> str:
    """Try UTF-8, then the declared charset, then charset-normalizer's best guess."""
    for encoding in ("utf-8", declared):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise IngestError("not valid text in any known encoding", stage="decode")
    return str(best)


def _check_printable(text: str) -> None:
    """Reject text that is mostly control characters (binary data that happened to decode)."""
    sample = text[:100_000]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t\f")
    ratio = printable / len(sample)
    if ratio < _MIN_PRINTABLE_RATIO:
        raise IngestError(f"binary content (only {ratio:.0%} printable characters)", stage="decode")


def looks_like_html(text: str) -> bool:
    """Tell whether decoded text is an HTML page rather than plain text."""
    head = text[:5000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5

"""Input readers: turn paths, folders and URLs into ``RawDocument`` records (or ``Rejected`` ones).

>>> from onrecord.sources import read_inputs
>>> for item in read_inputs(["articles/", "crawl.warc.gz", "https://example.com/feed.xml"]):  # doctest: +SKIP
...     print(item.source)
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from onrecord.errors import IngestError
from onrecord.models import RawDocument, Rejected
from onrecord.sources.files import FileKind, LocalFile, expand_path, file_kind
from onrecord.sources.html import read_html_file
from onrecord.sources.jsonl import read_jsonl
from onrecord.sources.text import read_text_file
from onrecord.sources.url import read_url
from onrecord.sources.warc import read_warc

__all__ = ["read_file_bytes", "read_inputs"]

_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def read_inputs(
    inputs: Sequence[str], *, max_bytes: int = 20_000_000, timeout: float = 20.0
) -> Iterator[RawDocument | Rejected]:
    """Yield a document or a rejection for every article found in the inputs, in order.

    ``inputs`` are file paths, folders (walked recursively in sorted order, hidden entries
    skipped) or http(s) URLs. One bad input never stops the others.

    >>> [type(item).__name__ for item in read_inputs(["a.txt", "missing.txt"])]  # doctest: +SKIP
    ['RawDocument', 'Rejected']
    """
    for given in inputs:
        if _URL_LIKE.match(given):
            yield from read_url(given, max_bytes=max_bytes, timeout=timeout)
        else:
            yield from _read_path(given, max_bytes)


def _read_path(given: str, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Expand one path argument and read every file under it."""
    try:
        files = list(expand_path(Path(given)))
    except IngestError as exc:
        yield Rejected(given, exc.stage, exc.reason)
        return
    for local in files:
        yield from _read_file(local, max_bytes)


def _read_file(local: LocalFile, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Read one file with the reader its ending calls for."""
    kind = file_kind(local.path)
    if kind is FileKind.SKIP and not local.explicit:
        return
    try:
        if kind is FileKind.WARC:
            yield from read_warc(local.path, max_bytes)
        elif kind is FileKind.JSONL:
            yield from read_jsonl(local.path, max_bytes)
        elif kind is FileKind.HTML:
            yield read_html_file(local.path, max_bytes)
        else:
            yield read_text_file(local.path, max_bytes, sniff=kind is not FileKind.TEXT)
    except IngestError as exc:
        yield Rejected(str(local.path), exc.stage, exc.reason)
    except OSError as exc:
        yield Rejected(str(local.path), "read", f"cannot read file ({exc.strerror or exc})")


def read_file_bytes(name: str, data: bytes, *, max_bytes: int = 20_000_000) -> list[RawDocument | Rejected]:
    """Read one file that arrived as bytes (from HDFS or S3, in a Spark task) as if a folder walk found it.

    The local readers run on a spooled copy, so a WARC archive, a JSON Lines file or an article is read
    exactly as ``onrecord ingest`` reads it; every source then names ``name``, never the copy.

    >>> [d.source for d in read_file_bytes("hdfs://nn/crawl.warc.gz", payload)]  # doctest: +SKIP
    ['hdfs://nn/crawl.warc.gz#0']
    """
    with tempfile.TemporaryDirectory(prefix="onrecord-") as folder:
        copy = Path(folder) / (PurePosixPath(name).name or "input")
        copy.write_bytes(data)
        found = list(_read_file(LocalFile(copy, explicit=False), max_bytes))
    return [replace(item, source=name + item.source.removeprefix(str(copy))) for item in found]

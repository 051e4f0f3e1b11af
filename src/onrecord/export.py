"""Write documents, statements, entities or stories as JSON Lines, CSV or Parquet.

Each kind is a row source plus its field list (the DESIGN.md contract); each format is a writer.
Both are plain dicts, so a new kind or format is one entry, and the three formats always carry
exactly the same fields. In CSV, list fields are JSON arrays.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from onrecord.errors import ConfigError
from onrecord.store import Store, queries

Row = dict[str, Any]


@dataclass(frozen=True)
class ExportKind:
    """A kind of record users can export: its fields, in order, and where its rows come from."""

    fields: tuple[str, ...]
    rows: Callable[[Store], Iterator[Row]]
    list_fields: tuple[str, ...] = ()


KINDS: dict[str, ExportKind] = {
    "documents": ExportKind(queries.DOCUMENT_FIELDS, lambda store: queries.iter_documents(store)),
    "statements": ExportKind(queries.STATEMENT_FIELDS, lambda store: queries.iter_statements(store),
                             ("content_dates", "tags")),
    "entities": ExportKind(queries.ENTITY_FIELDS, queries.iter_entities, ("aliases", "roles")),
    "stories": ExportKind(queries.STORY_FIELDS, queries.iter_stories, ("document_ids", "outlets")),
}
FORMATS = ("jsonl", "csv", "parquet")


def project(rows: Iterable[Row], fields: tuple[str, ...]) -> Iterator[Row]:
    """Keep exactly the contract's fields, in order."""
    for row in rows:
        yield {name: row.get(name) for name in fields}


def write_jsonl(rows: Iterable[Row], out: IO[bytes], kind: ExportKind) -> int:
    """Write one JSON object per line; return the row count."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


def write_csv(rows: Iterable[Row], out: IO[bytes], kind: ExportKind) -> int:
    """Write CSV with a header; list fields become JSON arrays."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=list(kind.fields))
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if k in kind.list_fields else v
                         for k, v in row.items()})
        count += 1
    text.detach()
    return count


def write_parquet(rows: Iterable[Row], out: IO[bytes], kind: ExportKind) -> int:
    """Write a Parquet file with list fields as lists of strings, other fields inferred."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table_rows = list(rows)
    schema = pa.schema([
        pa.field(name, pa.list_(pa.string()) if name in kind.list_fields else _arrow_type(name))
        for name in kind.fields
    ])
    table = pa.Table.from_pylist(table_rows, schema=schema)
    pq.write_table(table, out)
    return len(table_rows)


INTEGER_FIELDS = frozenset({"start", "end", "speaker_start", "speaker_end", "statement_count"})


def _arrow_type(name: str) -> Any:
    import pyarrow as pa

    return pa.int64() if name in INTEGER_FIELDS else pa.string()


WRITERS: dict[str, Callable[[Iterable[Row], IO[bytes], ExportKind], int]] = {
    "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet,
}


@contextmanager
def _open_output(output: str | None) -> Iterator[IO[bytes]]:
    if output in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        yield handle


def export(store: Store, kind_name: str, fmt: str = "jsonl", output: str | None = None,
           rows: Iterable[Row] | None = None) -> int:
    """Export one kind of record and return how many rows were written.

    >>> export(Store.open("onrecord.db"), "statements", "csv", "statements.csv")  # doctest: +SKIP
    42
    """
    if kind_name not in KINDS:
        raise ConfigError(f"unknown export kind {kind_name!r}: choose one of {', '.join(KINDS)}")
    if fmt not in WRITERS:
        raise ConfigError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    kind = KINDS[kind_name]
    source = rows if rows is not None else kind.rows(store)
    with _open_output(output) as out:
        return WRITERS[fmt](project(source, kind.fields), out, kind)

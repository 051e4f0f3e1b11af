"""Exports carry exactly the contract's fields, the same in JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from onrecord.errors import ConfigError
from onrecord.export import KINDS, export
from onrecord.store import Store

from .test_store import make_doc

STATEMENT_CONTRACT = ["id", "document_id", "source", "outlet", "speaker", "speaker_id", "speaker_mention",
                      "speaker_role", "venue", "kind", "text", "cue", "said_on", "said_on_until",
                      "said_on_basis", "content_dates", "start", "end", "speaker_start", "speaker_end", "tags",
                      "agency"]  # DESIGN.md's fields, then those added since (always at the end)
DOCUMENT_CONTRACT = ["id", "source", "url", "outlet", "title", "published", "published_basis", "language",
                     "text", "story_id", "duplicate_of", "agency"]


@pytest.fixture
def filled(store: Store) -> Store:
    store.save_document(make_doc(), "wire/cranes.txt")
    return store


def test_statement_jsonl_has_exactly_the_contract_fields(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    assert export(filled, "statements", "jsonl", str(out)) == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(list(row) == STATEMENT_CONTRACT for row in rows)
    assert {row["kind"] for row in rows} == {"direct", "indirect"}
    assert all(isinstance(row["content_dates"], list) for row in rows)


def test_document_jsonl_has_exactly_the_contract_fields(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    export(filled, "documents", "jsonl", str(out))
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert list(row) == DOCUMENT_CONTRACT


def test_csv_and_parquet_match_jsonl(filled: Store, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        export(filled, "statements", fmt, str(tmp_path / f"s.{fmt}"))
    jsonl = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    with (tmp_path / "s.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    parquet = pq.read_table(tmp_path / "s.parquet").to_pylist()
    assert [r["text"] for r in rows] == [r["text"] for r in jsonl] == [r["text"] for r in parquet]
    assert json.loads(rows[0]["tags"]) == jsonl[0]["tags"] == parquet[0]["tags"]
    assert list(parquet[0]) == STATEMENT_CONTRACT


def test_every_kind_exports_from_an_empty_store(store: Store, tmp_path: Path) -> None:
    for kind in KINDS:
        assert export(store, kind, "parquet", str(tmp_path / f"{kind}.parquet")) == 0


def test_unknown_kind_and_format_are_config_errors(store: Store) -> None:
    with pytest.raises(ConfigError, match="choose one of"):
        export(store, "speeches")
    with pytest.raises(ConfigError, match="choose one of"):
        export(store, "statements", "xml")

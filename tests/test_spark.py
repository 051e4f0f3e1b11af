"""Tests for the distributed path: the Spark job's output, loading it with ``ingest``, and the job itself.

The job runs on a real local Spark (PySpark and Java 17); those tests are skipped, saying why, where
either is missing. The output format and its loader need neither.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from onrecord.export import export
from onrecord.models import Document, Metadata, Statement
from onrecord.pipeline import ingest
from onrecord.settings import Config
from onrecord.sources import read_file_bytes
from onrecord.spark import output
from onrecord.store import Store

from .test_sources import WARC_PAGES, write_warc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def a_document(doc_id: str = "d1", partial: tuple[int, int] | None = (8, 24)) -> Document:
    meta = Metadata("Kovac on the ferry", "Harbour Wire", None, "PORTVILLE", dt.date(2020, 8, 24),
                    "dateline+weekday+corpus", "en", partial, 0, "HWS")
    said = Statement("indirect", "the ferry will run in May", 30, 55, cue="said", speaker_mention="Kovac",
                     speaker_start=0, speaker_end=5, speaker="Anna Kovac", speaker_type="PERSON",
                     speaker_role="mayor", venue="told reporters", said_on=dt.date(2020, 8, 24),
                     said_on_basis="said Monday", content_dates=[dt.date(2020, 5, 1)])
    quoted = Statement("direct", "We are ready.", 60, 73)
    return Document(doc_id, f"/news/{doc_id}.txt", "Kovac said on Monday that the ferry will run in May.",
                    meta, [said, quoted])


def write_job(folder: Path, documents: list[Document], manifest_format: int = output.FORMAT) -> None:
    """Write a job's output folder the way the job lays it out (Parquet through pyarrow, no Spark)."""
    (folder / output.DOCUMENTS).mkdir(parents=True)
    (folder / output.REJECTED).mkdir()
    pq.write_table(pa.Table.from_pylist([output.document_row(d) for d in documents]),
                   folder / output.DOCUMENTS / "part-00000.parquet")
    pq.write_table(pa.Table.from_pylist([{"source": "/news/bad.jsonl:3", "stage": "read", "reason": "line 3: x"}]),
                   folder / output.REJECTED / "part-00000.parquet")
    (folder / output.MANIFEST).write_text(json.dumps({"format": manifest_format}))


def test_a_document_survives_the_round_trip_through_parquet(tmp_path: Path) -> None:
    doc, plain = a_document(), a_document("d2", partial=None)
    plain.statements[0].content_dates = []
    write_job(tmp_path / "job", [doc, plain])
    found = list(output.read_job_output(tmp_path / "job"))
    assert [type(item).__name__ for item in found] == ["Rejected", "Document", "Document"]
    assert found[1:] == [doc, plain]


def test_ingest_loads_a_job_folder_and_a_second_load_changes_nothing(tmp_path: Path, store: Store) -> None:
    write_job(tmp_path / "job", [a_document()])
    first = ingest([str(tmp_path / "job")], store, Config())
    again = ingest([str(tmp_path / "job")], store, Config())
    assert (first.new, [r.source for r in first.rejected]) == (1, ["/news/bad.jsonl:3"])
    assert (again.new, again.unchanged) == (0, 1)
    counts = store.counts()
    assert (counts["documents"], counts["statements"], counts["rejected"], counts["entities"]) == (1, 2, 1, 1)


def test_a_damaged_parquet_file_is_rejected_and_the_rest_loaded(tmp_path: Path, store: Store) -> None:
    write_job(tmp_path / "job", [a_document()])
    (tmp_path / "job" / output.DOCUMENTS / "part-00001.parquet").write_bytes(b"PAR1 cut short")
    summary = ingest([str(tmp_path / "job")], store, Config())
    assert summary.new == 1
    assert any(r.source.endswith("part-00001.parquet") and "unreadable Parquet" in r.reason
               for r in summary.rejected)


def test_a_job_folder_of_an_unknown_layout_is_refused_by_name(tmp_path: Path, store: Store) -> None:
    write_job(tmp_path / "job", [a_document()], manifest_format=99)
    summary = ingest([str(tmp_path / "job")], store, Config())
    assert summary.new == 0
    [rejected] = summary.rejected
    assert rejected.source == str(tmp_path / "job") and "layout 99" in rejected.reason


def test_bytes_from_elsewhere_are_read_like_a_local_file_under_their_own_name(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", WARC_PAGES)
    found = read_file_bytes("hdfs://nn/crawls/crawl.warc.gz", (tmp_path / "crawl.warc.gz").read_bytes())
    assert [d.url for d in found] == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert all(d.source.startswith("hdfs://nn/crawls/crawl.warc.gz#") for d in found)
    [empty] = read_file_bytes("s3a://bucket/empty.txt", b"")
    assert (empty.source, getattr(empty, "reason", None)) == ("s3a://bucket/empty.txt", "file is empty")


# ------------------------------------------------------------------ the job on a local Spark
@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local Spark on two cores, or a skip that says what is missing."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (the 'spark' extra)")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: the Spark job needs Java 17")
    from onrecord.spark.job import start_spark

    session = start_spark("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def exported(store: Store, kind: str, tmp_path: Path) -> list[str]:
    """Export one kind and return its rows without the source (the job names files by absolute path)."""
    path = tmp_path / f"{kind}.jsonl"
    export(store, kind, "jsonl", str(path))
    rows = [{k: v for k, v in json.loads(line).items() if k != "source"} for line in path.open()]
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


@pytest.mark.spark
def test_the_job_stores_what_a_local_ingest_stores(spark: Any, tmp_path: Path) -> None:
    from onrecord.spark.job import run_job

    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "corpus", corpus)
    (corpus / "feeds" / "broken.jsonl").write_text('{"text": "A short wire item."}\n{not json\n')
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "wire").mkdir()
    for n, topic in enumerate(("the ferry timetable", "the pier repairs", "the harbour budget")):
        body = (f"PORTVILLE, May {n + 3}. Mayor Anna Kovac said on Monday that {topic} would be settled "
                f"within weeks.\n\nTide tables for the week appear on page four.\n\nThe council meets on Friday.\n")
        (corpus / "wire" / f"day{n}.jsonl").write_text(json.dumps({"text": body}) + "\n")
    config = Config(outlets=str(EXAMPLES / "outlets.yaml"))

    summary = run_job(spark, [str(corpus)], str(tmp_path / "job"), config)
    assert summary.documents == 22 and summary.rejected == 2
    rows = pq.read_table(tmp_path / "job" / output.DOCUMENTS).to_pylist()
    # each file holds the footer once; across the job it recurs, and is dropped as a local batch drops it
    assert not [r["source"] for r in rows if "Tide tables" in r["text"]]
    calm = next(r for r in rows if r["source"].endswith("ostrov_expects_calm_count.txt"))
    # the dateline gave no year: the job took it from the other files' dates, as a local batch does
    assert (calm["published"], calm["published_basis"]) == (dt.date(2023, 3, 13), "dateline+weekday+corpus")

    loaded, local = Store.open(str(tmp_path / "loaded.db")), Store.open(str(tmp_path / "local.db"))
    load = ingest([str(tmp_path / "job")], loaded, config)
    ingest([str(corpus)], local, config)
    reasons = sorted(r.reason for r in load.rejected)
    assert reasons[0] == "file is empty" and reasons[1].startswith("line 2: invalid JSON")
    for kind in ("documents", "statements", "entities", "stories"):
        assert exported(loaded, kind, tmp_path) == exported(local, kind, tmp_path), kind
    assert ingest([str(tmp_path / "job")], loaded, config).unchanged == 22

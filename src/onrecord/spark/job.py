"""The distributed job: ``onrecord ingest``'s per-document stages on Spark, for archives too big for one machine.

Inputs are WARC archives, JSON Lines files and article files on any file system Spark reads (local,
``hdfs://``, ``s3a://``); folders are walked recursively. The output folder (``onrecord.spark.output``)
holds Parquet that ``onrecord ingest OUT`` loads into a store without parsing again; the corpus stages
(entities, copies, stories, tags) then run there, as after any ingest.

Three passes keep the result equal to a local ingest of the same files as one batch:
1. every input file is read into articles (or rejections) in one task;
2. the short lines recurring across the whole job are counted (only those common enough to ever be
   boilerplate reach the driver) and broadcast, then the articles are spread evenly over tasks and
   cleaned with that index, as a local ingest cleans its batch;
3. the full publication dates of the whole job are collected and broadcast, so a dateline without a
   year ("MOSCOW, August 24") is completed from all of them; each task then parses its articles,
   loading the spaCy pipeline once.

Run it with ``onrecord spark INPUT... --out DIR`` or ``spark-submit <this file> INPUT... --out DIR``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import operator
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from onrecord import __version__
from onrecord.clean import BoilerplateIndex, source_group
from onrecord.cue_model import load_cue_model
from onrecord.errors import ConfigError, OnRecordError
from onrecord.meta import OutletRegistry
from onrecord.models import Document, RawDocument, Rejected
from onrecord.pipeline import Article, analyse, identify, read_articles
from onrecord.settings import Config, resolve
from onrecord.sources import read_file_bytes
from onrecord.spark import add_job_arguments, output

# Articles per parsing task: enough to amortise loading spaCy, few enough to spread a small job.
ARTICLES_PER_TASK = 200
_JOB_SETTINGS = ("spacy_pipeline", "extraction", "max_size_mb", "doc_timeout")

Item = tuple[str, Any]  # ("article", Article), ("document", row) or ("rejected", Rejected)


@dataclass(frozen=True)
class JobSummary:
    """What a finished job wrote."""

    out: str
    documents: int
    statements: int
    rejected: int


def start_spark(master: str | None = None) -> Any:
    """Start (or join) a Spark session; ``master`` as Spark takes it (``local[2]``, ``yarn``...).

    Without a master, the one spark-submit was given is used.
    """
    try:  # only the job needs the "spark" extra; the rest of onrecord does not
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("the distributed job needs PySpark: install onrecord with the 'spark' extra "
                          "(uv pip install 'onrecord[spark]') and a Java 17 runtime") from exc
    builder = SparkSession.builder.appName(f"onrecord {__version__}").config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # a local Spark's workers would start the first python3 on PATH, which may lack onrecord
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def run_job(spark: Any, inputs: Sequence[str], out: str, config: Config) -> JobSummary:
    """Read, clean, parse and date every article under ``inputs``; write the output folder ``out``."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    # Folders of folders, as a local ingest walks them (Hadoop skips names starting with "_" or ".").
    context._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    registry = context.broadcast(OutletRegistry.load(Path(config.outlets) if config.outlets else None))
    manifest = f"{out}/{output.MANIFEST}"
    system, target = _file_system(spark, manifest)
    system.delete(target, False)  # a rerun's folder is incomplete until its new manifest is written
    found = context.binaryFiles(",".join(inputs)).flatMap(partial(_read_file, max_bytes=config.max_bytes))
    found.persist(StorageLevel.MEMORY_AND_DISK)
    raws = found.filter(lambda item: not isinstance(item, Rejected))
    boilerplate = context.broadcast(_boilerplate(raws))
    tasks = max(context.defaultParallelism, -(-raws.count() // ARTICLES_PER_TASK))
    cleaned = raws.repartition(tasks).mapPartitions(
        partial(_clean, registry=registry, boilerplate=boilerplate, seconds=config.doc_timeout))
    cleaned.persist(StorageLevel.MEMORY_AND_DISK)
    articles = cleaned.filter(lambda item: item[0] == "article").map(lambda item: item[1])
    known_dates = context.broadcast(sorted(articles.flatMap(_full_date).distinct().collect()))
    results = (articles.mapPartitions(partial(_analyse_articles, known_dates=known_dates, config=config))
               .union(cleaned.filter(lambda item: item[0] == "rejected"))
               .union(found.filter(lambda item: isinstance(item, Rejected)).map(lambda item: ("rejected", item))))
    results.persist(StorageLevel.MEMORY_AND_DISK)
    documents = results.filter(lambda item: item[0] == "document").map(lambda item: item[1])
    rejected = results.filter(lambda item: item[0] == "rejected").map(lambda item: output.rejected_row(item[1]))
    spark.createDataFrame(documents, output.ddl(output.DOCUMENT_COLUMNS)).write.mode("overwrite").parquet(
        f"{out}/{output.DOCUMENTS}")
    spark.createDataFrame(rejected, output.ddl(output.REJECTED_COLUMNS)).write.mode("overwrite").parquet(
        f"{out}/{output.REJECTED}")
    summary = JobSummary(out, documents.count(), documents.map(lambda row: len(row["statements"])).sum(),
                         rejected.count())
    settings = {name: getattr(config, name) for name in _JOB_SETTINGS} | {"onrecord": __version__}
    counts = {"documents": summary.documents, "statements": summary.statements, "rejected": summary.rejected}
    _write_text(spark, manifest, output.manifest(list(inputs), settings, counts))
    for cached in (found, cleaned, results):
        cached.unpersist()
    return summary


def _read_file(file: tuple[str, bytes], max_bytes: int) -> list[RawDocument | Rejected]:
    """Pass 1, one input file: its articles as read, and what could not be read."""
    name, data = file
    return read_file_bytes(_local_name(name), data, max_bytes=max_bytes)


def _boilerplate(raws: Any) -> BoilerplateIndex:
    """Count the recurring short lines of the whole job, as a local ingest counts those of its batch.

    Only lines in enough documents to ever count travel to the driver."""
    least = BoilerplateIndex.min_documents
    lines = (raws.flatMap(lambda raw: [((source_group(raw), line), 1) for line in BoilerplateIndex.lines_of(raw)])
             .reduceByKey(operator.add).filter(lambda counted: counted[1] >= least).collect())
    sizes = raws.map(lambda raw: (source_group(raw), 1)).reduceByKey(operator.add).collectAsMap()
    return BoilerplateIndex.from_counts(lines, sizes)


def _clean(raws: Iterable[RawDocument], registry: Any, boilerplate: Any, seconds: float) -> list[Item]:
    """Pass 2, one task: articles cleaned with the job's boilerplate, their metadata read."""
    articles, failed = read_articles(list(raws), registry.value, seconds, boilerplate.value)
    return [("rejected", r) for r in failed] + [("article", a) for a in articles]


def _local_name(uri: str) -> str:
    """Name a local file by its path, as ``onrecord ingest`` does ("file:/a/b.txt" -> "/a/b.txt")."""
    return "/" + uri.removeprefix("file:").lstrip("/") if uri.startswith("file:") else uri


def _full_date(article: Article) -> list[dt.date]:
    """The publication date an article gives the corpus, if its text or headers told the year."""
    meta = article[1]
    return [meta.published] if meta.published and meta.partial_date is None else []


def _analyse_articles(articles: Iterable[Article], known_dates: Any, config: Config) -> Iterator[Item]:
    """Pass 3, one task: complete dates, extract and date the statements, one output row per article."""
    prepared = identify(list(articles), known_dates.value)
    model = load_cue_model(config.extraction)
    for item, outcome in analyse(prepared, replace(config, workers=1), model):
        if isinstance(outcome, Rejected):
            yield "rejected", outcome
        else:
            yield "document", output.document_row(Document(item.id, item.source, item.clean.text, item.meta, outcome))


def _file_system(spark: Any, path: str) -> tuple[Any, Any]:
    """Return Hadoop's file system for ``path`` and the path, so any URL Spark writes to works."""
    context = spark.sparkContext  # its py4j gateway is the only route to Hadoop's FileSystem from Python
    target = context._jvm.org.apache.hadoop.fs.Path(path)
    return target.getFileSystem(context._jsc.hadoopConfiguration()), target


def _write_text(spark: Any, path: str, text: str) -> None:
    """Write a small file through Spark's Hadoop file system."""
    system, target = _file_system(spark, path)
    stream = system.create(target, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for spark-submit: settings come from the ONRECORD_* environment variables."""
    parser = argparse.ArgumentParser(prog="job.py", description=__doc__.splitlines()[0])
    add_job_arguments(parser, default_master=None)
    args = parser.parse_args(argv)
    try:
        summary = run_job(start_spark(args.master), args.inputs, args.out, resolve())
    except OnRecordError as exc:
        print(f"onrecord spark: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {summary.documents} documents, {summary.statements} statements and {summary.rejected} "
          f"rejected inputs to {summary.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Spark job against a local ingest on the same articles, in the same run.

Usage: .venv/bin/python bench/spark.py [--n 2000] [--per-file 200] [--master local[2]]
Writes N generated wire articles (bench/ingest.py's generator) into JSON Lines files of --per-file
articles, then times:
  * baseline: ``onrecord ingest --workers 2`` into SQLite (parse, extract and store);
  * the job: ``onrecord spark`` on a local Spark, session start included, writing Parquet;
  * loading the job's folder into a fresh SQLite store (no parsing).
On one two-core machine the job cannot be faster than the baseline; the figure to watch is its
overhead (job / baseline), which more executors then divide.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from onrecord.pipeline import ingest
from onrecord.settings import Config
from onrecord.spark.job import run_job, start_spark
from onrecord.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ingest.py writes the articles; share it
from ingest import article  # noqa: E402


def write_jsonl(folder: Path, count: int, per_file: int) -> None:
    """Write ``count`` generated articles as JSON Lines files of ``per_file`` lines."""
    rng = random.Random(7)
    for first in range(0, count, per_file):
        lines = [json.dumps({"text": article(rng, n)}) for n in range(first, min(count, first + per_file))]
        (folder / f"wire-{first:06d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(label: str, count: int, seconds: float) -> float:
    print(f"{label}: {count} documents in {seconds:.1f} s = {count / seconds:.1f} docs/s")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "articles")
        folder.mkdir()
        write_jsonl(folder, args.n, args.per_file)

        start = time.perf_counter()
        local = Store.open(str(Path(tmp, "local.db")))
        summary = ingest([str(folder)], local, Config(workers=2))
        baseline = timed("baseline, onrecord ingest --workers 2", summary.new, time.perf_counter() - start)

        start = time.perf_counter()
        spark = start_spark(args.master)
        spark.sparkContext.setLogLevel("ERROR")
        job = run_job(spark, [str(folder)], str(Path(tmp, "job")), Config())
        spark.stop()
        spent = timed(f"onrecord spark --master {args.master} (session start included)", job.documents,
                      time.perf_counter() - start)

        start = time.perf_counter()
        loaded = ingest([str(Path(tmp, "job"))], Store.open(str(Path(tmp, "loaded.db"))), Config())
        load = timed("loading the job's folder with onrecord ingest", loaded.new, time.perf_counter() - start)
        print(f"statements: baseline {local.counts()['statements']}, job {job.statements}")
        print(f"summary: job / baseline = {spent / baseline:.2f}x the time; job + load / baseline = "
              f"{(spent + load) / baseline:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

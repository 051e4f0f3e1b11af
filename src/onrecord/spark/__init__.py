"""Distributed processing on Spark: the job (``onrecord.spark.job``, needs the ``spark`` extra) and the
Parquet folder it writes (``onrecord.spark.output``), which ``onrecord ingest`` loads without Spark.

This package's own namespace stays light (no spaCy, no Spark) so the CLI can describe the job cheaply.
"""

from __future__ import annotations

import argparse


def add_job_arguments(parser: argparse.ArgumentParser, default_master: str | None) -> None:
    """Add the job's inputs, output folder and Spark master to a parser (``onrecord spark``, spark-submit)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="WARC, JSON Lines or article files and folders (local, hdfs://, s3a://)")
    parser.add_argument("--out", required=True, help="output folder; load it with `onrecord ingest OUT`")
    default = default_master or "spark-submit's"
    parser.add_argument("--master", default=default_master,
                        help=f"Spark master, e.g. local[2] or yarn (default: {default})")

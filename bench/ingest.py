"""Ingest throughput and memory: N generated articles, then the same input again.

Usage: .venv/bin/python bench/ingest.py [--n 10000] [--workers 2]
Prints documents per second and peak RSS of the first run, the time of the second (unchanged) run,
and the ratio second/first, which must be a small fraction.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from onrecord.pipeline import ingest
from onrecord.settings import Config
from onrecord.store import Store

PLACES = ["NOVOGRAD", "PORT ELSA", "KARVIN", "LISSEN", "DORNHOLM", "VASKA"]
PEOPLE = ["Mira Halden", "Oskar Vrell", "Ilse Karno", "Teodor Bask", "Rina Solvik", "Anton Meers"]
ROLES = ["Finance Minister", "harbour authority spokesman", "opposition leader", "city mayor"]
TOPICS = ["the port tariff", "the grain corridor", "the new budget", "the rail strike", "the border talks"]
MONTHS = ["March", "April", "May", "June"]


def article(rng: random.Random, n: int) -> str:
    """Write one synthetic wire article with a dateline, reported speech and quotes."""
    person, role, topic = rng.choice(PEOPLE), rng.choice(ROLES), rng.choice(TOPICS)
    surname = person.split()[-1]
    paragraphs = [
        "All news",
        f"{person.split()[-1]} comments on {topic} (item {n})",
        f"{rng.choice(PLACES)}, {rng.choice(MONTHS)} {rng.randint(1, 28)}. /NORDPRESS/. {role.capitalize()} "
        f"{person} said Tuesday that {topic} would be reviewed before the summer session.",
        f'"We are not going to rush this. Every party will be heard," {surname} told reporters.',
        f"The {role} noted that talks on {topic} had lasted {rng.randint(2, 30)} weeks.",
        f"Local traders said prices rose by {rng.randint(1, 40)} percent over the period, and the "
        f"council published figures for {rng.randint(2015, 2022)} in an annex.",
        f'"There is no deadline," {surname} added. "We will report back in {rng.choice(MONTHS)}."',
        f"{surname} declined to comment on reports that {rng.choice(PEOPLE)} would resign.",
    ]
    return "\n\n".join(paragraphs) + "\n"


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Write ``count`` articles into ``folder``."""
    rng = random.Random(seed)
    for n in range(count):
        (folder / f"{n:06d}.txt").write_text(article(rng, n), encoding="utf-8")


def peak_rss_mb() -> float:
    """Return the peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "corpus", str(Path(tmp) / "bench.db")
        corpus.mkdir()
        generate(corpus, args.n)
        config = Config(db=db, workers=args.workers)
        store = Store.open(db)
        started = time.perf_counter()
        first = ingest([str(corpus)], store, config)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = ingest([str(corpus)], store, config)
        second_s = time.perf_counter() - started
    print(f"documents: {args.n}")
    print(f"workers: {args.workers}")
    print(f"first_run_new: {first.new}")
    print(f"first_run_s: {first_s:.1f}")
    print(f"first_run_docs_per_s: {args.n / first_s:.1f}")
    print(f"second_run_unchanged: {second.unchanged}")
    print(f"second_run_s: {second_s:.1f}")
    print(f"second_over_first: {second_s / first_s:.3f}")
    print(f"peak_rss_mb: {peak_rss_mb():.0f}")
    print(f"summary: {args.n / first_s:.1f} docs/s first run, second run {second_s / first_s:.1%} of the first")
    return 0 if first.new == args.n and second.unchanged == args.n else 1


if __name__ == "__main__":
    sys.exit(main())

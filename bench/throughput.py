"""Measure statement-extraction throughput beside plain spaCy over the same text.

Usage: .venv/bin/python bench/throughput.py [SEED_FILES...] [--mb 2] [--processes 1 2]
The seed articles are repeated until the corpus holds at least ``--mb`` megabytes.
Prints documents/s and characters/s of ``analyse_documents`` (per process count) and of plain
``nlp.pipe`` with the full pipeline, the speed-up, the share of text parsed, and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from onrecord.nlp import load_pipeline, paragraphs_to_parse, split_paragraphs
from onrecord.statements import analyse_documents, load_cues

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def corpus(paths: list[Path], megabytes: float) -> list[str]:
    """Repeat the seed texts until they add up to ``megabytes``."""
    seeds = [p.read_text(encoding="utf-8") for p in paths]
    texts: list[str] = []
    while sum(map(len, texts)) < megabytes * 1_000_000:
        texts += seeds
    return texts


def timed(run: Callable[[], int]) -> tuple[float, int]:
    """Run ``run`` and return (seconds, what it returned)."""
    began = time.perf_counter()
    result = run()
    return time.perf_counter() - began, result


def peak_rss_mb() -> float:
    """Return the peak resident set size of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="seed articles (default ../shared/seeds/*.txt)")
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in megabytes (default 2)")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="n_process values to try")
    ap.add_argument("--batch-size", type=int, default=256, help="paragraphs per nlp.pipe batch (default 256)")
    ap.add_argument("--repeat", type=int, default=2, help="timing rounds; the best of each is kept")
    args = ap.parse_args(argv)
    paths = args.paths or sorted(SEEDS.glob("*.txt"))
    if not paths:
        print(f"cannot run: no seed files (looked in {SEEDS})", file=sys.stderr)
        return 2
    texts = corpus(paths, args.mb)
    chars = sum(map(len, texts))
    nlp = load_pipeline()
    forms = load_cues().forms
    parsed = sum(len(p.text) for t in texts for p in paragraphs_to_parse(split_paragraphs(t), forms))
    print(f"documents: {len(texts)}")
    print(f"characters: {chars}")
    print(f"share_parsed: {parsed / chars:.3f}")

    sum(1 for _ in nlp.pipe(texts[:20]))  # warm up both paths before timing
    sum(1 for _ in analyse_documents(enumerate(texts[:20]), nlp))
    # other work on the machine skews a single timing: interleave the runs and keep each one's best
    plain_s, best_s, counts = float("inf"), {n: float("inf") for n in args.processes}, {}
    for _ in range(args.repeat):
        plain_s = min(plain_s, timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=32)))[0])
        for n in args.processes:
            def run(n: int = n) -> int:
                found = analyse_documents(enumerate(texts), nlp, n_process=n, batch_size=args.batch_size)
                return sum(len(statements) for _, statements in found)

            seconds, counts[n] = timed(run)
            best_s[n] = min(best_s[n], seconds)
    print(f"spacy_plain_docs_per_s: {len(texts) / plain_s:.1f}")
    print(f"spacy_plain_chars_per_s: {chars / plain_s:.0f}")
    for n in args.processes:
        print(f"onrecord_n{n}_docs_per_s: {len(texts) / best_s[n]:.1f}")
        print(f"onrecord_n{n}_chars_per_s: {chars / best_s[n]:.0f}")
        print(f"onrecord_n{n}_statements: {counts[n]}")
    best = chars / min(best_s.values())
    print(f"peak_rss_mb: {peak_rss_mb():.0f}")
    print(f"throughput: onrecord best {best:.0f} chars/s vs plain spaCy {chars / plain_s:.0f} chars/s "
          f"= {best / (chars / plain_s):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

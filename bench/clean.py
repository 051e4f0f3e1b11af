"""Benchmark the cleaner.

(a) On the seed articles (``../shared/seeds``): boilerplate-removal rate and body-keep rate.
    The reference is hand-counted and holds *line numbers* only (1-based, as ``cat -n`` shows
    them), never seed text. Rule: a boilerplate line (navigation, banner, outlet/date/byline line,
    photo caption or credit, URL footer) must not appear in the cleaned text; a body line (every
    other non-blank line, standfirst included) must appear in it. Headlines and in-body subheads
    are left out of both counts: moving or dropping them is a documented choice.
(b) On the article-extraction benchmark (``../shared/data/article-extraction-benchmark``): token
    4-gram shingle precision/recall/F1, macro-averaged as that folder's README describes, for
    ``clean_document`` on HTML next to plain ``trafilatura.extract(html)`` in the same run.

Usage: .venv/bin/python bench/clean.py [SEEDS_DIR] [EXTRACTION_BENCHMARK_DIR]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from onrecord.clean import BoilerplateIndex, clean_document, fix_unicode, strip_markdown
from onrecord.errors import IngestError
from onrecord.models import RawDocument
from onrecord.sources import read_inputs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass(frozen=True)
class SeedReference:
    """Hand-counted line numbers of one seed: boilerplate lines and lines excluded from scoring."""

    boilerplate: frozenset[int]
    excluded: frozenset[int]  # headline and subheads


# Keyed by the seed file's name prefix; line numbers only.
SEED_REFERENCE = {
    "000": SeedReference(frozenset({1, 6, 7, 8}), frozenset({3})),
    "001": SeedReference(frozenset({1}), frozenset({3, 16})),
    "002": SeedReference(frozenset({1, 3, 5, 9, 11, 43}), frozenset({7, 27})),
    "003": SeedReference(frozenset({1}), frozenset({3, 19})),
    "004": SeedReference(frozenset({5, 7, 11, 43, 45, 47}), frozenset({3})),
}


@dataclass
class Tally:
    """Counts of boilerplate lines removed and body lines kept."""

    boilerplate: int = 0
    removed: int = 0
    body: int = 0
    kept: int = 0


def _normal(line: str) -> str:
    """Normalise a source line the way the cleaner does, for a substring check."""
    return " ".join(strip_markdown(fix_unicode(line)).split())


def seed_rates(seeds: Path) -> Tally:
    """Clean every referenced seed and count removed boilerplate and kept body lines."""
    raws = [item for item in read_inputs([str(seeds)]) if isinstance(item, RawDocument)]
    index = BoilerplateIndex.build(raws)
    tally = Tally()
    for raw in raws:
        reference = SEED_REFERENCE.get(Path(raw.source).name[:3])
        if reference is None:
            continue
        text = clean_document(raw, index).text
        for number, line in enumerate(raw.body.split("\n"), start=1):
            normal = _normal(line)
            if not normal or number in reference.excluded:
                continue
            present = normal in text
            if number in reference.boilerplate:
                tally.boilerplate += 1
                tally.removed += not present
            else:
                tally.body += 1
                tally.kept += present
    return tally


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    """Count the word 4-grams of a text (``\\w+`` tokens), as the benchmark's evaluate.py does."""
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@dataclass(frozen=True)
class Score:
    """Per-document precision and recall of predicted shingles."""

    precision: float
    recall: float


def score(gold: str, predicted: str) -> Score:
    """Score one document: TP/FP/FN normalised by their sum, 1.0 when there is no error."""
    gold_s, pred_s = _shingles(gold), _shingles(predicted)
    tp = sum((gold_s & pred_s).values())
    fp = sum((pred_s - gold_s).values())
    fn = sum((gold_s - pred_s).values())
    if tp + fp + fn == 0:
        return Score(1.0, 1.0)
    precision = tp / (tp + fp) if fp else 1.0
    recall = tp / (tp + fn) if fn else 1.0
    return Score(precision, recall)


def _ours(doc_id: str, html: str) -> str:
    """Run our HTML path on one page."""
    try:
        return clean_document(RawDocument(source=doc_id, body=html, format="html")).text
    except IngestError:
        return ""


@dataclass(frozen=True)
class Page:
    """One benchmark page to score: where its HTML is and its gold body."""

    path: Path
    gold: str


def _score_page(page: Page) -> tuple[Score, Score]:
    """Score our cleaner and plain trafilatura on one benchmark page."""
    with gzip.open(page.path, "rt", encoding="utf-8") as handle:
        html = handle.read()
    doc_id, gold = page.path.name, page.gold
    return score(gold, _ours(doc_id, html)), score(gold, trafilatura.extract(html) or "")


def _f1(scores: list[Score]) -> tuple[float, float, float]:
    """Macro-average precision and recall, then take F1 of the averages."""
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    return 2 * precision * recall / (precision + recall), precision, recall


def main(argv: list[str]) -> int:
    """Run both benchmarks and print one figure per line."""
    seeds = Path(argv[1]) if len(argv) > 1 else SHARED / "seeds"
    folder = Path(argv[2]) if len(argv) > 2 else SHARED / "data" / "article-extraction-benchmark"
    if not seeds.is_dir() or not (folder / "ground-truth.json").is_file():
        print(f"cannot run: need {seeds} and {folder}/ground-truth.json", file=sys.stderr)
        return 2
    tally = seed_rates(seeds)
    print(f"seeds_boilerplate_lines: {tally.boilerplate}")
    print(f"seeds_boilerplate_removal_rate: {tally.removed / tally.boilerplate:.3f}")
    print(f"seeds_body_lines: {tally.body}")
    print(f"seeds_body_keep_rate: {tally.kept / tally.body:.3f}")
    truth = json.loads((folder / "ground-truth.json").read_text())
    ids = sorted(truth)
    pages = [Page(folder / "html" / f"{doc_id}.html.gz", truth[doc_id]["articleBody"]) for doc_id in ids]
    with ProcessPoolExecutor() as pool:
        pairs = list(pool.map(_score_page, pages, chunksize=4))
    ours, baseline = _f1([p[0] for p in pairs]), _f1([p[1] for p in pairs])
    print(f"extraction_documents: {len(ids)}")
    for name, (f1, precision, recall) in (("onrecord", ours), ("trafilatura_baseline", baseline)):
        print(f"extraction_{name}_f1: {f1:.4f}")
        print(f"extraction_{name}_precision: {precision:.4f}")
        print(f"extraction_{name}_recall: {recall:.4f}")
    print(
        f"summary: seeds removal {tally.removed}/{tally.boilerplate}, keep {tally.kept}/{tally.body}; "
        f"extraction F1 {ours[0]:.4f} (onrecord) vs {baseline[0]:.4f} (trafilatura.extract)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

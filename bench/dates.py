"""Benchmark publication dates on the htmldate evaluation sample (``../shared/data/htmldate-sample``).

Our path is the one ingest takes: decode the page, ``clean_document`` (format html, URL as a WARC
record would give it), ``read_metadata``, and its ``published``. Baselines in the same run:
plain ``htmldate.find_date(html, original_date=True)`` as the sample's README runs it, and the
same call given the page URL. Counting follows that README: equal -> TP, different -> FP,
none -> FN (and also TN when the gold is none); exact-day match.

Usage: .venv/bin/python bench/dates.py [HTMLDATE_SAMPLE_DIR]
"""

from __future__ import annotations

import gzip
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import htmldate

from onrecord.clean import clean_document
from onrecord.errors import IngestError
from onrecord.meta import read_metadata
from onrecord.models import RawDocument
from onrecord.sources.files import decode_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SYSTEMS = ("onrecord", "htmldate_baseline", "htmldate_with_url")


@dataclass(frozen=True)
class Page:
    """One evaluation page: file, URL and gold date (``None`` when the page has no reliable date)."""

    path: Path
    url: str
    gold: str | None


@dataclass
class Counts:
    """Confusion counts as htmldate's evaluation defines them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: str | None, predicted: str | None) -> None:
        """Count one prediction against its gold date."""
        if predicted is None:
            self.fn += 1
            self.tn += gold is None
        elif predicted == gold:
            self.tp += 1
        else:
            self.fp += 1


def _ours(page: Page, data: bytes) -> str | None:
    """Run the ingest path on one page and return its publication date as ISO text."""
    try:
        raw = RawDocument(source=str(page.path), body=decode_bytes(data), format="html", url=page.url)
        published = read_metadata(clean_document(raw)).published
    except IngestError:
        return None
    return published.isoformat() if published else None


def _predict(page: Page) -> dict[str, str | None]:
    """Predict one page's date with every system."""
    with gzip.open(page.path) as handle:
        data = handle.read()
    return {
        "onrecord": _ours(page, data),
        "htmldate_baseline": htmldate.find_date(data, original_date=True),
        "htmldate_with_url": htmldate.find_date(data, original_date=True, url=page.url),
    }


def load_pages(folder: Path) -> list[Page]:
    """Read both gold files of the sample."""
    pages = []
    for gold_file in sorted(folder.glob("*.sample.json")):
        for url, entry in json.loads(gold_file.read_text()).items():
            pages.append(Page(folder / "pages" / f"{entry['file']}.gz", url, entry["date"]))
    return pages


def main(argv: list[str]) -> int:
    """Score all systems and print one figure per line."""
    folder = Path(argv[1]) if len(argv) > 1 else SHARED / "data" / "htmldate-sample"
    pages = load_pages(folder) if folder.is_dir() else []
    if not pages:
        print(f"cannot run: no *.sample.json gold files in {folder}", file=sys.stderr)
        return 2
    with ProcessPoolExecutor() as pool:
        predictions = list(pool.map(_predict, pages, chunksize=4))
    counts = {name: Counts() for name in SYSTEMS}
    for page, predicted in zip(pages, predictions, strict=True):
        for name in SYSTEMS:
            counts[name].add(page.gold, predicted[name])
    print(f"dates_pages: {len(pages)}")
    accuracy = {}
    for name, c in counts.items():
        accuracy[name] = (c.tp + c.tn) / len(pages)
        print(f"dates_{name}_precision: {c.tp / max(1, c.tp + c.fp):.3f}")
        print(f"dates_{name}_recall: {c.tp / max(1, c.tp + c.fn):.3f}")
        print(f"dates_{name}_accuracy: {accuracy[name]:.3f}")
        print(f"dates_{name}_f1: {2 * c.tp / max(1, 2 * c.tp + c.fp + c.fn):.3f}")
    print(
        f"summary: date accuracy {accuracy['onrecord']:.3f} (onrecord) vs "
        f"{accuracy['htmldate_baseline']:.3f} (htmldate) / {accuracy['htmldate_with_url']:.3f} (htmldate+url)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Build ``corpus/feeds/wire_feed.jsonl`` from the article bodies in ``feed_src/``.

Each line is one JSON object with ``text`` (plain body) or ``html`` (a whole page) plus the
``url``, ``title``, ``published`` and ``outlet`` hints a news feed would carry. The output is
deterministic (fixed order, sorted keys); run it again after editing a source and commit both.

Usage::

    .venv/bin/python examples/make_feed.py            # writes examples/corpus/feeds/wire_feed.jsonl
    .venv/bin/python examples/make_feed.py OUT.jsonl
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus" / "feeds" / "wire_feed.jsonl"


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: the source file for its body and the hints the feed gives about it."""

    source: str
    url: str
    title: str
    published: str
    outlet: str


ITEMS = (
    FeedItem(
        "coastline_strike_extended.txt",
        "https://coastlinenews.example/wire/2023/03/17/brennhaven-strike-extended",
        "Union extends Brennhaven port strike indefinitely",
        "2023-03-17T07:05:00+01:00",
        "Coastline News Service",
    ),
    FeedItem(
        "harbour_strike_ends.html",
        "https://harbourbusinessdaily.example/shipping/brennhaven-strike-ends-deal",
        "Brennhaven strike ends with deal on automation safeguards",
        "2023-03-23T09:40:00+01:00",
        "Harbour Business Daily",
    ),
    FeedItem(
        "polar_sea_ice_record.txt",
        "https://polarsciencedesk.example/news/kessel-strait-ice-record",
        "Kessel Strait sea ice at lowest winter peak on record, institute says",
        "2023-03-09",
        "Polar Science Desk",
    ),
)


def feed_record(item: FeedItem) -> dict[str, str]:
    """Return the JSON object for one feed item, its body under ``html`` or ``text``."""
    body = (HERE / "feed_src" / item.source).read_text(encoding="utf-8")
    body_key = "html" if item.source.endswith(".html") else "text"
    return {
        body_key: body,
        "url": item.url,
        "title": item.title,
        "published": item.published,
        "outlet": item.outlet,
    }


def main(argv: list[str]) -> int:
    """Write the sample feed to the path given, or to the default place in the corpus."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(feed_record(item), ensure_ascii=False, sort_keys=True) for item in ITEMS]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines)} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

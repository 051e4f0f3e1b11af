"""Build the bad inputs in ``broken/`` that a batch must survive (see examples/README.md).

Writes ``empty.txt``, ``binary_garbage.txt``, ``invalid_utf8.txt``, ``bad_feed.jsonl`` and
``truncated.warc.gz``; the hand-written ``boilerplate_only.txt`` and ``good_article.txt`` sit beside
them. Everything is deterministic (fixed seeds, fixed cut point); commit the outputs.

Usage::

    .venv/bin/python examples/make_broken.py
"""

from __future__ import annotations

import json
import random
import sys
from io import BytesIO
from pathlib import Path

from make_warc import CAPTURES, write_warc

HERE = Path(__file__).resolve().parent
OUT = HERE / "broken"

GOOD_FEED_RECORDS = (
    {
        "text": (
            "LARKSPUR – Fruit growers in the Larkspur valley said on Monday that a late frost had "
            "destroyed up to a third of this year’s apricot blossom.\n\n"
            "\"We lost in two nights what we normally lose in a whole season,\" said Hanna Ivers, "
            "who chairs the Larkspur Growers’ Cooperative.\n\n"
            "The regional agriculture office said it would assess the damage this week."
        ),
        "url": "https://valleyfarmer.example/2023/04/03/larkspur-frost",
        "title": "Late frost hits Larkspur apricot growers",
        "published": "2023-04-03",
        "outlet": "Valley Farmer",
    },
    {
        "text": (
            "The ferry operator Northsound Lines will add two night crossings between Brask and "
            "Holmsund from May, its chief executive Aron Fell told reporters on Tuesday.\n\n"
            "\"Demand on the evening sailings has doubled since last summer,\" Fell said, adding that "
            "fares would not rise before the autumn."
        ),
        "url": "https://valleyfarmer.example/2023/04/04/northsound-night-ferries",
        "title": "Northsound Lines adds night ferry crossings",
        "published": "2023-04-04",
        "outlet": "Valley Farmer",
    },
)


def binary_garbage() -> bytes:
    """Return bytes that look like an image, NULs included, saved under a .txt name."""
    rng = random.Random(1611)
    header = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
    return header + bytes(rng.randrange(256) for _ in range(2048)) + b"\x00" * 64


def invalid_utf8() -> bytes:
    """Return NUL-free bytes that are invalid UTF-8 and read as gibberish in any 8-bit codec."""
    rng = random.Random(2023)
    # Mostly high bytes with stray lone continuation bytes and a few spaces: no decoding of this
    # yields words, so a reader must reject it rather than guess an encoding.
    chunks = [bytes(rng.randrange(0x80, 0x100) for _ in range(rng.randrange(3, 12))) for _ in range(200)]
    return b"\xc3\x28" + b" ".join(chunks) + b"\n"


def bad_feed() -> str:
    """Return a JSON Lines feed whose middle lines are broken in three different ways."""
    good_first, good_last = (json.dumps(r, ensure_ascii=False, sort_keys=True) for r in GOOD_FEED_RECORDS)
    truncated = good_first[: len(good_first) // 2]  # a record cut off mid-string: not JSON
    not_an_object = json.dumps(["Late frost hits Larkspur apricot growers", "2023-04-03"])
    no_body = json.dumps({"url": "https://valleyfarmer.example/2023/04/03/empty", "title": "No body here"})
    return "\n".join([good_first, truncated, not_an_object, no_body, good_last]) + "\n"


def truncated_warc() -> bytes:
    """Return a gzipped WARC of two Gazette captures cut off inside the second page's record."""
    buffer = BytesIO()
    gazette = tuple(c for c in CAPTURES if c.content_type.startswith("text/html"))[:1] + CAPTURES[3:]
    write_warc(buffer, "truncated.warc.gz", gazette)
    data = buffer.getvalue()
    # Cut 600 bytes before the end: the last response record (the second page) loses its tail.
    return data[: len(data) - 600]


def main() -> int:
    """Write every generated bad input into broken/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "empty.txt").write_bytes(b"")
    (OUT / "binary_garbage.txt").write_bytes(binary_garbage())
    (OUT / "invalid_utf8.txt").write_bytes(invalid_utf8())
    (OUT / "bad_feed.jsonl").write_text(bad_feed(), encoding="utf-8")
    (OUT / "truncated.warc.gz").write_bytes(truncated_warc())
    print(f"wrote 5 files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

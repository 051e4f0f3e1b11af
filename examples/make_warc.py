"""Build ``corpus/crawl/march2023.warc.gz`` from the pages in ``warc_src/``.

The output is byte-for-byte reproducible: every WARC-Date and WARC-Record-ID is fixed here, and
warcio's gzip members carry no timestamp. Run it again after editing a page and commit both.

Usage::

    .venv/bin/python examples/make_warc.py            # writes examples/corpus/crawl/march2023.warc.gz
    .venv/bin/python examples/make_warc.py OUT.warc.gz
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus" / "crawl" / "march2023.warc.gz"
# A fixed namespace makes record ids stable across runs while still looking like real ids.
ID_NAMESPACE = uuid.UUID("6f1c2a52-8d7e-4b8f-9a53-0b1d2e3f4a5b")

# A 1x1 transparent PNG: a non-HTML response that readers must skip, as real crawls contain many.
FAVICON_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@dataclass(frozen=True)
class Capture:
    """One fetched resource: where it came from, when, and what the server sent."""

    url: str
    warc_date: str
    http_date: str
    content_type: str
    body: bytes


def page(name: str, url: str, warc_date: str, http_date: str) -> Capture:
    """Read one HTML page from warc_src/ as an HTML capture."""
    body = (HERE / "warc_src" / name).read_bytes()
    return Capture(url, warc_date, http_date, "text/html; charset=utf-8", body)


CAPTURES = (
    page(
        "gazette_ships_queue.html",
        "https://www.brennhavengazette.example/news/port/ships-queue-strike-third-day",
        "2023-03-15T09:02:11Z",
        "Wed, 15 Mar 2023 09:02:11 GMT",
    ),
    Capture(
        "https://www.brennhavengazette.example/favicon.png",
        "2023-03-15T09:02:12Z",
        "Wed, 15 Mar 2023 09:02:12 GMT",
        "image/png",
        FAVICON_PNG,
    ),
    page(
        "tallmoor_maps_online.html",
        "https://tallmoorchronicle.example/culture/library-maps-online",
        "2023-03-16T14:20:05Z",
        "Thu, 16 Mar 2023 14:20:05 GMT",
    ),
    page(
        "gazette_mayor_urges_mediation.html",
        "https://www.brennhavengazette.example/news/port/mayor-urges-mediation",
        "2023-03-20T08:45:30Z",
        "Mon, 20 Mar 2023 08:45:30 GMT",
    ),
)


def record_id(kind: str, key: str) -> str:
    """Return a stable WARC-Record-ID for one record."""
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, kind + ' ' + key)}>"


def write_warcinfo(writer: WARCWriter, filename: str) -> None:
    """Write the leading warcinfo record that describes the crawl."""
    fields = b"software: OnRecord examples/make_warc.py\r\nformat: WARC File Format 1.0\r\n" \
        b"description: Sample crawl for the OnRecord demo corpus (fictional pages)\r\n"
    headers = {
        "WARC-Record-ID": record_id("warcinfo", filename),
        "WARC-Date": "2023-03-20T09:00:00Z",
        "WARC-Filename": filename,
        "Content-Type": "application/warc-fields",
    }
    record = writer.create_warc_record(
        "", "warcinfo", payload=BytesIO(fields), length=len(fields), warc_headers_dict=headers
    )
    writer.write_record(record)


def write_capture(writer: WARCWriter, capture: Capture) -> None:
    """Write the request and the response record of one capture."""
    host = capture.url.split("/")[2]
    path = "/" + capture.url.split("/", 3)[3]
    request_http = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", "OnRecordExampleCrawler/1.0"), ("Accept", "*/*")],
        is_http_request=True,
    )
    response_id = record_id("response", capture.url)
    request = writer.create_warc_record(
        capture.url,
        "request",
        http_headers=request_http,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request", capture.url),
            "WARC-Date": capture.warc_date,
            "WARC-Concurrent-To": response_id,
        },
    )
    response_http = StatusAndHeaders(
        "200 OK",
        [
            ("Date", capture.http_date),
            ("Content-Type", capture.content_type),
            ("Content-Length", str(len(capture.body))),
        ],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        capture.url,
        "response",
        payload=BytesIO(capture.body),
        length=len(capture.body),
        http_headers=response_http,
        warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": capture.warc_date},
    )
    writer.write_record(request)
    writer.write_record(response)


def write_warc(stream: BinaryIO, filename: str, captures: tuple[Capture, ...] = CAPTURES) -> None:
    """Write a gzipped WARC of the given captures to a binary stream.

    Example: ``with open("x.warc.gz", "wb") as f: write_warc(f, "x.warc.gz")``
    """
    writer = WARCWriter(stream, gzip=True)
    write_warcinfo(writer, filename)
    for capture in captures:
        write_capture(writer, capture)


def main(argv: list[str]) -> int:
    """Write the sample WARC to the path given, or to the default place in the corpus."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        write_warc(stream, out.name)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(CAPTURES)} captures)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

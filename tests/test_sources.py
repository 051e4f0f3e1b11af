"""Input readers: every format, every kind of bad input, and URLs against a local server."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.models import RawDocument, Rejected
from onrecord.sources import read_inputs
from onrecord.sources.url import FeedItem, parse_feed

ARTICLE = "Harbour strike ends\n\nPORTVILLE, May 5. Dock workers returned to work on Wednesday.\n"
PAGE = "<!DOCTYPE html><html><head><title>Harbour strike ends</title></head><body><p>{}</p></body></html>"


def read_all(*inputs: str, max_bytes: int = 20_000_000, timeout: float = 5.0) -> list[RawDocument | Rejected]:
    return list(read_inputs(list(inputs), max_bytes=max_bytes, timeout=timeout))


def only(items: list[RawDocument | Rejected]) -> RawDocument | Rejected:
    assert len(items) == 1, items
    return items[0]


def documents(items: list[RawDocument | Rejected]) -> list[RawDocument]:
    assert all(isinstance(item, RawDocument) for item in items), items
    return [item for item in items if isinstance(item, RawDocument)]


def reason_of(item: RawDocument | Rejected) -> str:
    assert isinstance(item, Rejected), item
    return item.reason


# --- plain files ---------------------------------------------------------------------------------


def test_txt_and_md_files_are_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.md").write_text("# Title\n\nSome body text here.")
    docs = read_all(str(tmp_path / "a.txt"), str(tmp_path / "b.md"))
    assert [(d.format, d.body[:7]) for d in documents(docs)] == [
        ("text", "Harbour"),
        ("text", "# Title"),
    ]


def test_html_file_is_read_as_html_with_its_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Kyiv’s port</p></body></html>'
    (tmp_path / "a.htm").write_bytes(page.encode("cp1252"))
    doc = only(read_all(str(tmp_path / "a.htm")))
    assert isinstance(doc, RawDocument) and doc.format == "html" and "Kyiv’s port" in doc.body


def test_explicit_file_with_unknown_ending_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.php").write_text(PAGE.format("Dock workers returned."))
    (tmp_path / "note.article").write_text(ARTICLE)
    items = read_all(str(tmp_path / "page.php"), str(tmp_path / "note.article"))
    assert [d.format for d in documents(items)] == ["html", "text"]


def test_folder_is_walked_sorted_recursively_skipping_hidden_and_images(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE)
    (tmp_path / "1.txt").write_text(ARTICLE)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE)
    sources = [Path(d.source).relative_to(tmp_path).as_posix() for d in read_all(str(tmp_path))]
    assert sources == ["1.txt", "b/2.txt"]


def test_non_utf8_text_is_detected(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes("Москва сообщила, что переговоры продолжатся.".encode("cp1251"))
    doc = only(read_all(str(tmp_path / "ru.txt")))
    assert isinstance(doc, RawDocument) and doc.body.startswith("Москва сообщила")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (b"Dock\x00workers" * 10, "binary content (NUL bytes)"),
        (b"\x01\x02\x03\x04abc" * 50, "binary content (only 43% printable characters)"),
        (bytes(range(0x80, 0x100)) * 20, "not valid text in any known encoding"),
    ],
)
def test_bad_file_is_rejected_with_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    assert reason_of(only(read_all(str(tmp_path / "bad.txt")))) == reason


def test_file_over_the_cap_is_rejected_with_both_sizes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 300_000)
    reason = reason_of(only(read_all(str(tmp_path / "big.txt"), max_bytes=1_000_000)))
    assert reason == "larger than the 1 MB cap (1.5 MB)"


def test_missing_path_is_rejected_and_later_inputs_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    items = read_all(str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"))
    assert reason_of(items[0]) == "path does not exist"
    assert isinstance(items[1], RawDocument)


# --- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_lines_become_documents_or_line_numbered_rejections(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "url": "https://example.org/a", "title": "Strike", "outlet": "TASS"}),
        "",
        json.dumps({"html": PAGE.format("Dock workers returned."), "published": "2021-05-05"}),
        '{"text": "unterminated',
        json.dumps({"body": "no usable field"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = read_all(str(path))
    first, second = items[0], items[1]
    assert isinstance(first, RawDocument) and (first.source, first.url, first.outlet) == (
        f"{path}:1",
        "https://example.org/a",
        "TASS",
    )
    assert isinstance(second, RawDocument) and (second.format, second.published) == ("html", "2021-05-05")
    assert reason_of(items[2]).startswith("line 4: invalid JSON (Unterminated string")
    assert reason_of(items[3]) == "line 5: no 'text' or 'html' field"
    assert reason_of(items[4]) == "line 6: not a JSON object (got list)"
    assert items[3].source == f"{path}:5"


# --- WARC ----------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """Write (url, content type, body) response records plus one request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            payload = io.BytesIO(body.encode("utf-8"))
            record = writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
            writer.write_record(record)
        request = writer.create_warc_record("https://example.org/a", "request", payload=io.BytesIO(b"GET /"))
        writer.write_record(request)


WARC_PAGES = [
    ("https://example.org/a", "text/html; charset=utf-8", PAGE.format("First story " + "x" * 3000)),
    ("https://example.org/logo.png", "image/png", "not a page"),
    ("https://example.org/b", "text/html", PAGE.format("Second story " + "y" * 3000)),
    ("https://example.org/c", "text/html", PAGE.format("Third story " + "z" * 3000)),
]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_documents_with_target_uri(tmp_path: Path, name: str) -> None:
    write_warc(tmp_path / name, WARC_PAGES)
    docs = documents(read_all(str(tmp_path / name)))
    assert [d.url for d in docs] == [
        "https://example.org/a",
        "https://example.org/b",
        "https://example.org/c",
    ]
    assert {d.format for d in docs} == {"html"}
    assert docs[0].source == f"{tmp_path / name}#0"
    assert docs[1].source != docs[2].source


def test_warc_record_over_the_cap_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    pages = [WARC_PAGES[0], ("https://example.org/huge", "text/html", PAGE.format("w" * 2_000_000))]
    write_warc(tmp_path / "crawl.warc.gz", pages)
    first, huge = read_all(str(tmp_path / "crawl.warc.gz"), max_bytes=1_000_000)
    assert isinstance(first, RawDocument)
    assert reason_of(huge) == "larger than the 1 MB cap (2.0 MB)"
    assert huge.source.startswith(f"{tmp_path / 'crawl.warc.gz'}#")


def test_truncated_warc_gz_keeps_records_before_the_damage_and_rejects_the_rest(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, WARC_PAGES)
    cut = tmp_path / "cut.warc.gz"
    data = whole.read_bytes()
    # Cut inside the last response record (each record is its own gzip member).
    cut.write_bytes(data[: data.rfind(b"\x1f\x8b\x08", 0, data.rfind(b"\x1f\x8b\x08")) + 200])
    items = read_all(str(cut))
    assert [d.url for d in documents(items[:-1])] == ["https://example.org/a", "https://example.org/b"]
    assert reason_of(items[-1]) == "truncated gzip stream after 3 records"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("junk.warc.gz", gzip.compress(b"this is not a web archive at all\n" * 5)),
        ("junk.warc", b"this is not a web archive at all\n" * 5),
    ],
)
def test_file_that_is_not_a_warc_is_rejected(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    assert reason_of(only(read_all(str(tmp_path / name)))) == "not a WARC file (no WARC/1.x record found)"


# --- URLs ----------------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    """Serve the handful of pages the URL tests need."""

    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if self.path != "/big":  # no Content-Length: the cap must hold while streaming
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title>'
        "<item><title>Strike ends</title><link>/story</link>"
        "<pubDate>Wed, 05 May 2021 10:00:00 GMT</pubDate></item>"
        f"<item><title>Gone</title><link>{base}/missing</link></item>"
        "</channel></rss>"
    )
    Handler.routes = {
        "/story": (200, "text/html; charset=utf-8", PAGE.format("Dock workers returned.").encode()),
        "/plain": (200, "text/plain", ARTICLE.encode()),
        "/big": (200, "text/html", b"<p>" + b"x" * 3_000_000),
        "/big-declared": (200, "text/html", b"<p>" + b"x" * 3_000_000),
        "/feed.xml": (200, "application/rss+xml", feed.encode()),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4 binary"),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_url_page_is_fetched_as_html(server: str) -> None:
    doc = only(read_all(f"{server}/story"))
    assert isinstance(doc, RawDocument) and (doc.format, doc.url) == ("html", f"{server}/story")


def test_url_plain_text_is_fetched_as_text(server: str) -> None:
    assert [d.format for d in documents(read_all(f"{server}/plain"))] == ["text"]


def test_url_404_is_rejected(server: str) -> None:
    assert reason_of(only(read_all(f"{server}/nothing"))) == "HTTP 404"


def test_url_redirect_loop_is_rejected(server: str) -> None:
    assert reason_of(only(read_all(f"{server}/loop"))) == "too many redirects (more than 5)"


def test_url_over_the_cap_is_rejected_while_streaming(server: str) -> None:
    reason = reason_of(only(read_all(f"{server}/big", max_bytes=1_000_000)))
    assert reason == "larger than the 1 MB cap (more than 1.0 MB received)"


def test_url_with_a_declared_length_over_the_cap_is_rejected_before_reading(server: str) -> None:
    reason = reason_of(only(read_all(f"{server}/big-declared", max_bytes=1_000_000)))
    assert reason == "larger than the 1 MB cap (3.0 MB)"


def test_url_with_unsupported_content_type_is_rejected(server: str) -> None:
    assert reason_of(only(read_all(f"{server}/report.pdf"))) == "unsupported content type 'application/pdf'"


def test_feed_yields_one_document_per_item_with_its_hints(server: str) -> None:
    story, missing = read_all(f"{server}/feed.xml")
    assert isinstance(story, RawDocument)
    assert (story.url, story.title, story.published) == (f"{server}/story", "Strike ends", "2021-05-05")
    assert reason_of(missing) == "HTTP 404"


def test_atom_feed_links_are_resolved_against_the_feed_url() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Strike ends</title>'
        b'<link rel="alternate" href="/2021/strike"/><published>2021-05-05T10:00:00Z</published>'
        b"</entry></feed>"
    )
    assert parse_feed(atom, "https://news.example/feed") == [
        FeedItem("https://news.example/2021/strike", "Strike ends", "2021-05-05")
    ]


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file.txt", "file:///etc/hostname"])
def test_non_http_scheme_is_refused(url: str) -> None:
    scheme = url.split(":")[0]
    assert reason_of(only(read_all(url))) == f"scheme '{scheme}' is not supported (only http and https)"


def test_closed_port_is_rejected_as_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert reason_of(only(read_all(f"http://127.0.0.1:{port}/a", timeout=2.0))) == "connection refused"

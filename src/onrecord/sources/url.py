"""Web inputs: fetch an http(s) page, or an RSS/Atom feed and then every article it links to."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from lxml import etree

from onrecord.errors import IngestError
from onrecord.models import InputFormat, RawDocument, Rejected
from onrecord.sources.files import decode_bytes, format_megabytes, looks_like_html, size_error

MAX_REDIRECTS = 5
MAX_FEED_ITEMS = 500
_USER_AGENT = "OnRecord/0.1 (+https://github.com/onrecord; news statement archive)"
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


@dataclass(frozen=True)
class Page:
    """A fetched response body with the URL it finally came from."""

    url: str
    content_type: str
    charset: str | None
    data: bytes


@dataclass(frozen=True)
class FeedItem:
    """One entry of an RSS or Atom feed."""

    link: str
    title: str | None = None
    published: str | None = None


def read_url(url: str, *, max_bytes: int, timeout: float) -> Iterator[RawDocument | Rejected]:
    """Fetch one URL; a feed yields one document per linked article.

    Every failure becomes a ``Rejected`` with a reason such as ``HTTP 404``.

    >>> next(read_url("https://example.com/a", max_bytes=20_000_000, timeout=20.0)).format  # doctest: +SKIP
    'html'
    """
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=timeout,
        headers={"User-Agent": _USER_AGENT},
    )
    with client:
        yield from _read(client, url, max_bytes, timeout, item=None)


def _read(
    client: httpx.Client, url: str, max_bytes: int, timeout: float, item: FeedItem | None
) -> Iterator[RawDocument | Rejected]:
    """Fetch and decode one URL; follow feed links only at the top level (``item`` is None)."""
    try:
        check_scheme(url)
        page = fetch(client, url, max_bytes, timeout)
        if item is None and is_feed(page):
            items = parse_feed(page.data, page.url)
            if not items:
                raise IngestError("feed has no item links", stage="fetch")
            for entry in items[:MAX_FEED_ITEMS]:
                yield from _read(client, entry.link, max_bytes, timeout, item=entry)
            return
        yield _document(url, page, item)
    except IngestError as exc:
        yield Rejected(url, exc.stage, exc.reason)


def check_scheme(url: str) -> None:
    """Refuse anything but http and https before any connection is made."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise IngestError(f"scheme '{scheme}' is not supported (only http and https)", stage="fetch")


def fetch(client: httpx.Client, url: str, max_bytes: int, timeout: float) -> Page:
    """GET a URL, enforcing the size cap while streaming; translate httpx errors to ``IngestError``."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise IngestError(f"HTTP {response.status_code}", stage="fetch")
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_bytes:
                raise size_error(max_bytes, format_megabytes(declared))
            data = _read_capped(response, max_bytes)
            content_type = response.headers.get("Content-Type", "").lower()
            return Page(str(response.url), content_type, response.charset_encoding, data)
    except httpx.TooManyRedirects as exc:
        raise IngestError(f"too many redirects (more than {MAX_REDIRECTS})", stage="fetch") from exc
    except httpx.UnsupportedProtocol as exc:
        raise IngestError(f"redirected to an unsupported scheme ({exc})", stage="fetch") from exc
    except httpx.ConnectError as exc:
        reason = "connection refused" if "refused" in str(exc).lower() else f"cannot connect ({exc})"
        raise IngestError(reason, stage="fetch") from exc
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out after {timeout:g} s", stage="fetch") from exc
    except httpx.HTTPError as exc:
        raise IngestError(f"fetch failed ({exc})", stage="fetch") from exc


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the body chunk by chunk, stopping as soon as it passes the cap."""
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise size_error(max_bytes, f"more than {format_megabytes(max_bytes)} received")
        chunks.append(chunk)
    if not received:
        raise IngestError("empty response body", stage="fetch")
    return b"".join(chunks)


def is_feed(page: Page) -> bool:
    """Tell whether a response is an RSS or Atom feed."""
    if "rss" in page.content_type or "atom" in page.content_type:
        return True
    return "html" not in page.content_type and bool(_FEED_START.match(page.data[:2000]))


def parse_feed(data: bytes, base_url: str) -> list[FeedItem]:
    """List the item links of an RSS 2.0, RSS 1.0 or Atom feed, resolved against ``base_url``.

    >>> parse_feed(b"<rss><channel><item><link>/a</link></item></channel></rss>", "https://x.org/f")
    [FeedItem(link='https://x.org/a', title=None, published=None)]
    """
    # Entities stay unresolved and no network access: a feed is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(data, parser)
    if root is None:
        return []
    items = []
    for element in root.iter("{*}item", "{*}entry"):
        link = _item_link(element)
        if link:
            items.append(
                FeedItem(
                    link=urljoin(base_url, link),
                    title=_child_text(element, "title"),
                    published=_item_date(element),
                )
            )
    return items


def _child_text(element: etree._Element, name: str) -> str | None:
    """Return the stripped text of the first child with this local name."""
    child = element.find(f"{{*}}{name}")
    if child is None or not (child.text or "").strip():
        return None
    return str(child.text).strip()


def _item_link(element: etree._Element) -> str | None:
    """Find an item's article link: RSS ``<link>text``, or Atom ``<link rel="alternate" href>``."""
    for link in element.iterfind("{*}link"):
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return str(href).strip()
        if not href and (link.text or "").strip():
            return str(link.text).strip()
    return None


def _item_date(element: etree._Element) -> str | None:
    """Return an item's date as ISO ``YYYY-MM-DD`` (RFC 822 in RSS, ISO 8601 in Atom)."""
    for name in ("pubDate", "published", "date", "updated"):
        value = _child_text(element, name)
        if not value:
            continue
        if re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value[:10]
        try:
            return email.utils.parsedate_to_datetime(value).date().isoformat()
        except (TypeError, ValueError):
            continue
    return None


def _document(source: str, page: Page, item: FeedItem | None) -> RawDocument:
    """Decode a fetched page into a document, keeping the feed's title and date as hints."""
    media = page.content_type.split(";")[0].strip()
    if media and not (media.startswith("text/") or "html" in media or "xml" in media):
        raise IngestError(f"unsupported content type '{media}'", stage="fetch")
    text = decode_bytes(page.data, page.charset)
    kind: InputFormat = "html" if "html" in media or looks_like_html(text) else "text"
    return RawDocument(
        source=source,
        body=text,
        format=kind,
        url=page.url,
        title=item.title if item else None,
        published=item.published if item else None,
    )

"""Cleaning: turn a raw article into body paragraphs, a headline and the header lines around them.

HTML goes through trafilatura. Plain text goes through line rules (navigation, banners, photo
credits, bylines, date lines, URL footers, markdown syntax) plus corpus evidence: a short line
that recurs in many documents of the same source group is boilerplate (``BoilerplateIndex``).

Choices worth knowing:
- Lines above the first prose paragraph form the header. Its first title-like line becomes the
  headline; a long non-prose line after it (a standfirst/lead) stays in the body; every other
  header line goes to ``header_lines`` for the metadata stage and is removed from the text.
- Section subheads inside the body ("Telephone conversation") are dropped: they are labels, not
  statements, and a paragraph of prose is then always a paragraph of prose.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from urllib.parse import urlsplit

import htmldate
import trafilatura
from trafilatura.settings import Document as TrafilaturaDocument

from onrecord.errors import IngestError
from onrecord.models import CleanDocument, RawDocument, RemovedLine

__all__ = ["BoilerplateIndex", "clean_document", "fix_unicode", "source_group"]

# --- Unicode -----------------------------------------------------------------------------------


def _cp1252_chars(low: int, high: int) -> str:
    """Return the characters that a UTF-8 byte in ``low..high`` turns into when misread as cp1252."""
    chars = []
    for byte in range(low, high + 1):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))  # five bytes cp1252 leaves undefined come through as latin-1
    return re.escape("".join(chars))


_CONT = f"[{_cp1252_chars(0x80, 0xBF)}]"
# A UTF-8 sequence read as cp1252: a lead character followed by the right number of continuations.
_MOJIBAKE = re.compile(
    f"[{_cp1252_chars(0xC2, 0xDF)}]{_CONT}|[{_cp1252_chars(0xE0, 0xEF)}]{_CONT}{{2}}"
    f"|[{_cp1252_chars(0xF0, 0xF4)}]{_CONT}{{3}}"
)
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def fix_unicode(text: str) -> str:
    """Repair mojibake, turn odd spaces into plain ones, drop invisible characters, apply NFC.

    Curly quotes, apostrophes and guillemets are kept as they are.

    >>> fix_unicode("Kremlinâ€™s\u00a0view")
    'Kremlin’s view'
    """
    text = _MOJIBAKE.sub(_repair_sequence, text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _repair_sequence(match: re.Match[str]) -> str:
    """Decode one mojibake sequence back to the character it stood for, if it really was one."""
    chunk = match.group(0)
    try:
        data = chunk.encode("cp1252")
    except UnicodeEncodeError:
        data = chunk.encode("latin-1", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return chunk


# --- Line rules --------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
)
_DATE_FILLER = re.compile(
    rf"\b(?:{_MONTHS}|{_WEEKDAYS}|am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|pst|pdt|msk|irst|ist"
    r"|published|updated|posted|last|modified|on|at|date)\b|\d+|[\s,.:|/\-–—()+]",
    re.I,
)
_HAS_MONTH = re.compile(rf"\b(?:{_MONTHS})\b\.?\s*\d|\d\s*(?:{_MONTHS})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.I)
_NAVIGATION = frozenset(
    {
        *("all news", "news", "latest news", "home", "menu", "search", "world", "politics", "business"),
        *("opinion", "sport", "sports", "more", "top stories", "most read", "trending", "related"),
        *("related articles", "related news", "read more", "see also", "advertisement", "advertising"),
        *("skip to content", "skip to main content", "back to top", "log in", "sign in", "subscribe"),
        *("live", "breaking", "breaking news", "video", "photo", "photos", "gallery", "listen"),
        *("listen to this article", "comments", "comment", "show comments", "more from"),
        *("you may also like", "recommended", "editor's picks"),
    }
)
_SHARE_WORDS = frozenset(
    {
        *("share", "shares", "tweet", "email", "e-mail", "print", "facebook", "twitter", "x", "whatsapp"),
        *("telegram", "linkedin", "vk", "reddit", "pinterest", "copy", "link", "save", "this", "article"),
        *("on", "via", "messenger", "flipboard"),
    }
)
# Banner phrasings that are never article prose.
_BANNERS = [
    re.compile(p, re.I)
    for p in (
        r"^(?:join|subscribe to|sign up (?:for|to)|get|receive)\b.{0,80}"
        r"\b(?:mailing list|newsletters?|updates|alerts|digest)\b",
        r"^(?:donate|support (?:us|our journalism|independent journalism))\b|^follow @",
        r"^(?:read|see) (?:more|also)\b|^(?:related|more on this|also read|recommended)\s*:",
        r"\ball rights reserved\b|^copyright\b|^\(c\)\s",
        r"^(?:download|get) (?:our|the) app\b",
        r"^(?:click|tap) here\b",
    )
]
# Phrasings a real sentence may contain too ("urged people to make a donation"): banners only
# when the line is short or is not a sentence.
_WEAK_BANNERS = [
    re.compile(p, re.I)
    for p in (
        r"\b(?:make|give|support us with) (?:a|your)\b.{0,40}\bdonation\b",
        r"\bfollow us\b",
        r"\b(?:cookies?|privacy policy|terms of (?:use|service))\b",
    )
]
_CREDIT = re.compile(
    r"(?:/\s*[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}"
    r"|\b(?:via )?(?:Getty Images|Shutterstock|EPA-EFE|Sputnik|AP Photo|Reuters|Xinhua))\s*$"
    r"|^(?i:©|\(c\)\s|photo(?:graph)?s?\s*(?:credit)?\s*[:/©]|image\s*(?:credit)?\s*:|picture\s*:)"
)
_BYLINE = re.compile(r"^(?i:by|written by|author|reporting by|words by)\s*:?\s+\[?[A-Z]")
_ORIGINAL_URL = re.compile(
    r"^(?:original|source|canonical)\s*(?:url|link|article)?\s*:\s*(?P<rest>.*)$", re.I
)
_BARE_URL = re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^>\s]+)>")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”»]$")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_SPACE_RUN = re.compile(r"[ \t]+")

_PROSE_MIN_WORDS = 8
_HEADLINE_MIN_WORDS = 6
_STANDFIRST_MIN_WORDS = 10
_SUBHEAD_MAX_WORDS = 12


def _words(line: str) -> list[str]:
    """Split a line into word tokens."""
    return _WORD.findall(line)


def is_prose(line: str) -> bool:
    """Tell whether a line reads like a sentence of body text."""
    return len(_words(line)) >= _PROSE_MIN_WORDS and bool(_TERMINAL.search(line))


def is_date_line(line: str) -> bool:
    """Tell whether a line is only a date (and time), like ``Monday, 31 August 2020 3:37 PM``."""
    if len(line) > 80 or not (_HAS_MONTH.search(line) or re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", line)):
        return False
    return not _DATE_FILLER.sub("", line).strip()


def _is_banner(line: str) -> bool:
    """Tell whether a line is a donation, newsletter, follow-us or copyright banner."""
    if any(pattern.search(line) for pattern in _BANNERS):
        return True
    weak_ok = len(_words(line)) <= 12 or not is_prose(line)
    return weak_ok and any(pattern.search(line) for pattern in _WEAK_BANNERS)


def _is_share_widget(line: str) -> bool:
    """Tell whether a line is nothing but share buttons (``Share Tweet Email``)."""
    tokens = [t.lower() for t in re.split(r"[\s|·•/]+", line) if t]
    return bool(tokens) and len(tokens) <= 8 and all(t.strip(":") in _SHARE_WORDS for t in tokens)


def line_rule(line: str) -> str | None:
    """Name the boilerplate rule a line matches, or ``None`` when it may be content.

    >>> line_rule("Join the Example.org mailing list")
    'banner'
    """
    short = len(_words(line)) <= 25
    lowered = line.lower().strip(" .:!|>-–—•")
    checks = (
        ("navigation", lowered in _NAVIGATION),
        ("share widget", _is_share_widget(line)),
        ("banner", short and _is_banner(line)),
        ("original url", bool(_ORIGINAL_URL.match(line))),
        ("link", bool(_BARE_URL.match(line))),
        ("date line", is_date_line(line)),
        ("byline", len(_words(line)) <= 12 and bool(_BYLINE.match(line)) and not line.endswith(".")),
        ("credit", len(_words(line)) <= 14 and not is_prose(line) and bool(_CREDIT.search(line))),
    )
    return next((name for name, matched in checks if matched), None)


def strip_markdown(line: str) -> str:
    """Remove markdown syntax: images, link targets, heading marks, bold markers."""
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    return _MD_EMPHASIS.sub(r"\2", line).strip()


# --- Corpus evidence ---------------------------------------------------------------------------


def source_group(raw: RawDocument) -> str:
    """Name the group whose documents share boilerplate: the site, else the outlet, else the folder."""
    if raw.url:
        host = urlsplit(raw.url).hostname or ""
        return host.removeprefix("www.")
    if raw.outlet:
        return raw.outlet.lower()
    path = re.split(r"#\d+$|:\d+$", raw.source)[0]
    return str(PurePath(path).parent)


def _line_key(line: str) -> str:
    """Normalise a line for recurrence counting: case, spacing and digits do not matter."""
    return re.sub(r"\d+", "0", " ".join(_words(line.lower())))


@dataclass
class BoilerplateIndex:
    """Short lines that recur across many documents of one source group.

    A line counts as boilerplate in a group when it appears in at least ``min_documents``
    documents and in at least ``min_share`` of the group's documents.

    >>> index = BoilerplateIndex.build(raws)  # doctest: +SKIP
    >>> index.is_boilerplate("All news", "/data/tass")  # doctest: +SKIP
    True
    """

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    sizes: Counter[str] = field(default_factory=Counter)
    min_documents: int = 3
    min_share: float = 0.2
    max_words: int = 15

    @classmethod
    def build(cls, raws: Iterable[RawDocument]) -> BoilerplateIndex:
        """Count, per source group, in how many documents each short line occurs."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        sizes: Counter[str] = Counter()
        for raw in raws:
            group = source_group(raw)
            sizes[group] += 1
            counts[group].update(cls.lines_of(raw))
        return cls(counts=dict(counts), sizes=sizes)

    @classmethod
    def lines_of(cls, raw: RawDocument) -> set[str]:
        """Return the distinct short lines of a document that count towards boilerplate, normalised."""
        return set(_short_line_keys(raw, cls.max_words))

    @classmethod
    def from_counts(cls, lines: Iterable[tuple[tuple[str, str], int]], sizes: dict[str, int]) -> BoilerplateIndex:
        """Build the index from counts made elsewhere (a Spark job): ((group, line), documents) and the
        number of documents per group. Lines seen in fewer than ``min_documents`` may be left out."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for (group, line), seen in lines:
            counts[group][line] += seen
        return cls(counts=dict(counts), sizes=Counter(sizes))

    def is_boilerplate(self, line: str, group: str) -> bool:
        """Tell whether a line recurs often enough in its group to be boilerplate."""
        if len(_words(line)) > self.max_words or group not in self.counts:
            return False
        seen = self.counts[group][_line_key(line)]
        return seen >= self.min_documents and seen >= self.min_share * self.sizes[group]


def _short_line_keys(raw: RawDocument, max_words: int) -> Iterator[str]:
    """Yield the normalised short lines of a plain-text document (HTML is left to trafilatura)."""
    if raw.format != "text":
        return
    for line in fix_unicode(raw.body).split("\n"):
        key = _line_key(line)
        if key and len(key.split()) <= max_words:
            yield key


# --- Plain text --------------------------------------------------------------------------------


@dataclass
class _Line:
    """One non-blank input line, the blank-line block it sits in, and what the cleaner decided."""

    text: str
    block: int
    reason: str | None = None  # why it was removed; None while kept


def _split_lines(body: str) -> list[_Line]:
    """Split text into non-blank lines tagged with their block number, markdown stripped."""
    lines: list[_Line] = []
    block = 0
    for raw_line in fix_unicode(body).split("\n"):
        text = _SPACE_RUN.sub(" ", strip_markdown(raw_line)).strip()
        if not raw_line.strip():
            block += 1
        elif text:
            lines.append(_Line(text, block))
    return lines


@dataclass
class _Header:
    """What the header zone held: the headline and the lines handed to metadata."""

    headline: str | None = None
    lines: list[str] = field(default_factory=list)


def _prose_blocks(lines: list[_Line]) -> set[int]:
    """Return the blocks whose joined lines read as prose (hard-wrapped paragraphs included)."""
    texts: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        texts[line.block].append(line.text)
    return {block for block, parts in texts.items() if is_prose(" ".join(parts))}


def _body_start(lines: list[_Line], prose: set[int]) -> int:
    """Return the index of the first line of prose that no rule removes (0 if there is none)."""
    for index, line in enumerate(lines):
        if line.block in prose and line_rule(line.text) is None:
            return index
    return 0


def _split_header(lines: list[_Line], start: int) -> _Header:
    """Pick the headline among the header lines, keep a standfirst, mark the rest as header."""
    header = _Header()
    candidates = [
        line for line in lines[:start] if line_rule(line.text) is None and 3 <= len(_words(line.text)) <= 30
    ]
    long_enough = [line for line in candidates if len(_words(line.text)) >= _HEADLINE_MIN_WORDS]
    chosen = (long_enough or candidates)[0] if candidates else None
    for line in lines[:start]:
        if line is chosen:
            header.headline = line.text
            line.reason = "headline"
        elif chosen is not None and _is_standfirst(line, lines, chosen):
            continue
        else:
            line.reason = line_rule(line.text) or _header_reason(line, lines[:start])
            header.lines.append(line.text)
    return header


def _header_reason(line: _Line, header: list[_Line]) -> str:
    """Call a header line a caption when a photo credit repeats it, else just a header line."""
    repeated = any(other.text.startswith(line.text) and line_rule(other.text) == "credit" for other in header)
    return "caption" if repeated else "header"


def _is_standfirst(line: _Line, lines: list[_Line], headline: _Line) -> bool:
    """Tell whether a header line below the headline is a lead sentence worth keeping."""
    below = lines.index(line) > lines.index(headline)
    return below and len(_words(line.text)) >= _STANDFIRST_MIN_WORDS and line_rule(line.text) is None


def _mark_body(
    lines: list[_Line], start: int, prose: set[int], group: str, boilerplate: BoilerplateIndex | None
) -> list[str]:
    """Mark boilerplate in the body zone; return metadata lines found there (bylines, URLs)."""
    found: list[str] = []
    last_prose = max(prose, default=len(lines))
    block_sizes = Counter(line.block for line in lines)
    for index in range(start, len(lines)):
        line = lines[index]
        if line.reason is not None:
            continue
        line.reason = line_rule(line.text)
        if line.reason is None and boilerplate is not None and boilerplate.is_boilerplate(line.text, group):
            line.reason = "recurring line"
        if line.reason is None and _is_label(line, block_sizes):
            line.reason = "footer" if line.block > last_prose else "subhead"
        if line.reason == "original url":
            found.append(_original_url(lines, index))
        elif line.reason in ("byline", "date line", "credit"):
            found.append(line.text)
    _mark_captions(lines, start)
    return found


def _is_label(line: _Line, block_sizes: Counter[int]) -> bool:
    """Tell whether a line is a short stand-alone label (subhead, tag list), not a sentence."""
    if is_prose(line.text) or _TERMINAL.search(line.text) or line.text.endswith(","):
        return False
    return block_sizes[line.block] == 1 and len(_words(line.text)) <= _SUBHEAD_MAX_WORDS


def _original_url(lines: list[_Line], index: int) -> str:
    """Join an "Original url:" footer with the URL pieces that follow it, marking them removed."""
    match = _ORIGINAL_URL.match(lines[index].text)
    pieces = [match.group("rest")] if match else [lines[index].text]
    for follower in lines[index + 1 :]:
        # A wrapped URL continues on lines without spaces ("...-a71" then "162").
        if " " in follower.text or len(follower.text) > 300 or is_prose(follower.text):
            break
        if follower.reason not in (None, "link", "footer", "subhead"):
            break
        follower.reason = "original url"
        pieces.append(follower.text)
    url = "".join(piece.strip().strip("<>") for piece in pieces)
    return f"Original url: {url}"


def _mark_captions(lines: list[_Line], start: int) -> None:
    """Remove body captions: a short line right above a credit, or one a credit line repeats."""
    credits = [line.text for line in lines if line.reason == "credit"]
    for index, line in enumerate(lines):
        if index < start or line.reason is not None or is_prose(line.text) or len(_words(line.text)) > 20:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        above_credit = following is not None and (following.block, following.reason) == (line.block, "credit")
        if above_credit or any(credit.startswith(line.text) for credit in credits):
            line.reason = "caption"


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join the kept lines of each block into one paragraph, unless the block writes a paragraph per line."""
    blocks: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        if line.reason is None:
            blocks[line.block].append(line.text)
    paragraphs: list[str] = []
    for _, texts in sorted(blocks.items()):
        paragraphs += texts if _paragraph_per_line(texts) else [" ".join(texts)]
    return paragraphs


# Hard-wrapped text breaks its lines at a fixed width, 72 to 80 characters, rarely more than this.
_WRAP_WIDTH = 120


def _paragraph_per_line(texts: list[str]) -> bool:
    """Tell whether a block's line breaks end paragraphs, not hard wraps: a line before the last is longer
    than any wrap width (scraped pages often put a paragraph, or a reader's quote, on each line)."""
    return any(len(text) > _WRAP_WIDTH for text in texts[:-1])


def _clean_text(raw: RawDocument, boilerplate: BoilerplateIndex | None) -> CleanDocument:
    """Clean a plain-text article with the line rules and corpus evidence."""
    lines = _split_lines(raw.body)
    prose = _prose_blocks(lines)
    start = _body_start(lines, prose)
    header = _split_header(lines, start)
    found = _mark_body(lines, start, prose, source_group(raw), boilerplate)
    removed = tuple(
        RemovedLine(line.text, line.reason) for line in lines if line.reason not in (None, "headline")
    )
    return CleanDocument(
        raw=raw,
        text="\n\n".join(_paragraphs(lines)),
        headline=header.headline,
        header_lines=tuple(header.lines + found),
        removed=removed,
    )


# --- HTML --------------------------------------------------------------------------------------


def _clean_html(raw: RawDocument) -> CleanDocument:
    """Extract the article body and page metadata from HTML with trafilatura and htmldate."""
    page = _extract(raw.body, raw.url, precision=True)
    if page is None or not page.text:
        # Short pages can lose everything to the precision filter; recall mode keeps them.
        page = _extract(raw.body, raw.url, precision=False)
    if page is None:
        raise IngestError("no article text found in the HTML page", stage="clean")
    if raw.url is None and page.url:
        raw = replace(raw, url=page.url)  # the page's canonical/og:url, when the container gave none
    headline = fix_unicode(page.title).strip() if page.title else None
    paragraphs = [_SPACE_RUN.sub(" ", fix_unicode(p)).strip() for p in (page.text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and headline and paragraphs[0].casefold() == headline.casefold():
        paragraphs = paragraphs[1:]  # the page's <h1> repeats the title
    return CleanDocument(
        raw=raw,
        text="\n\n".join(paragraphs),
        headline=headline,
        header_lines=tuple(_html_header_lines(page)),
        html_published=htmldate.find_date(raw.body, original_date=True, url=raw.url),
    )


def _extract(html: str, url: str | None, *, precision: bool) -> TrafilaturaDocument | None:
    """Run trafilatura on a page, returning its text and metadata (``None`` when it finds nothing)."""
    # Reader comments are not the article, and favouring precision drops more page furniture:
    # this pair scored best on the article-extraction benchmark (F1 0.964 against 0.953 for the
    # defaults, see bench/clean.py). Filtering its output with our line rules lowered recall.
    page = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=precision,
        favor_recall=not precision,
    )
    return page if isinstance(page, TrafilaturaDocument) else None


def _html_header_lines(page: TrafilaturaDocument) -> Iterator[str]:
    """Turn the page's author and site name into header lines the metadata stage reads."""
    if page.author:
        yield f"By {fix_unicode(page.author)}"
    if page.sitename:
        yield f"Site name: {fix_unicode(page.sitename)}"


def clean_document(raw: RawDocument, boilerplate: BoilerplateIndex | None = None) -> CleanDocument:
    """Clean one raw article; raise ``IngestError(stage="clean")`` when no body text is left.

    >>> raw = RawDocument("a.txt", "Talks go on\\n\\nMOSCOW, May 2. The minister said talks go on.", "text")
    >>> clean_document(raw).headline
    'Talks go on'
    """
    cleaned = _clean_html(raw) if raw.format == "html" else _clean_text(raw, boilerplate)
    if not cleaned.text.strip():
        raise IngestError("no article text left after cleaning", stage="clean")
    return cleaned

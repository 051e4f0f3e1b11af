"""Typed records that flow between the pipeline stages.

Each stage takes one of these and returns the next; none of them knows about the database.
Character offsets always index ``CleanDocument.text`` (the cleaned body).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

InputFormat = Literal["text", "html"]
StatementKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True)
class RawDocument:
    """One article as a reader found it, decoded to ``str`` but otherwise untouched.

    ``url``, ``title``, ``published`` and ``outlet`` are hints a container gave us (a JSON Lines
    record, a WARC header); ``None`` when the source said nothing.
    """

    source: str
    body: str
    format: InputFormat
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Rejected:
    """An input we could not use, and why: stored and reported, never silently dropped."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped, with the rule that dropped it (kept for metadata and audits)."""

    text: str
    reason: str


@dataclass(frozen=True)
class CleanDocument:
    """The article body after boilerplate and Unicode clean-up.

    ``text`` holds paragraphs separated by one blank line. ``headline`` is the first title-like line
    the cleaner took off the top; ``header_lines`` are the short lines above the body (byline,
    date line, outlet name) that the metadata stage reads; ``removed`` lists what was dropped.
    """

    raw: RawDocument
    text: str
    headline: str | None = None
    header_lines: tuple[str, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    html_published: str | None = None  # a date read from HTML metadata (htmldate), ISO


@dataclass(frozen=True)
class Metadata:
    """What we know about an article besides its text, each date with the basis for it."""

    title: str | None
    outlet: str | None
    url: str | None
    dateline_place: str | None
    published: dt.date | None
    published_basis: str | None
    language: str | None
    # A dateline like "MOSCOW, August 24" whose year must come from elsewhere: (month, day).
    partial_date: tuple[int, int] | None = None
    weekday_hint: int | None = None  # 0=Monday, from "said Monday" near the dateline
    agency: str | None = None  # the wire agency behind the copy ("AFP" on The Moscow Times), if named


def copied_from(outlet: str | None, agency: str | None) -> str | None:
    """Return the wire agency whose copy an outlet ran; None for own reporting and an agency's own story."""
    return agency if agency and agency != outlet else None


@dataclass(frozen=True)
class Paragraph:
    """A blank-line-separated block of the cleaned text and where it starts."""

    start: int
    text: str


@dataclass
class Statement:
    """One attributed statement, with offsets into the cleaned text (see the export contract)."""

    kind: StatementKind
    text: str
    start: int
    end: int
    cue: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None  # canonical name inside the document
    speaker_type: str | None = None  # PERSON, ORG, GPE, NORP or None
    speaker_role: str | None = None
    venue: str | None = None
    said_on: dt.date | None = None
    said_on_until: dt.date | None = None
    said_on_basis: str | None = None
    content_dates: list[dt.date] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A fully processed article, ready for the store."""

    id: str
    source: str
    text: str
    meta: Metadata
    statements: list[Statement] = field(default_factory=list)

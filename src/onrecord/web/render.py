"""Pure helpers that turn stored text into safe HTML and data into chart geometry.

Article text is never trusted: every piece of it goes through ``markupsafe.escape`` and tags are
only ever placed *between* escaped segments, so no offset or snippet can open a tag of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from onrecord.store.queries import KINDS, Count, CoverageRow, Lane
from onrecord.store.search import MARK_END, MARK_START

OUTLET_COLOURS = 8


@dataclass(frozen=True)
class Span:
    """A highlighted range of the text: a statement, or a speaker mention."""

    start: int
    end: int
    statement_id: str | None = None
    kind: str = ""


def _spans(text_length: int, statements: Iterable[dict[str, Any]]) -> tuple[list[Span], list[Span]]:
    """Return the valid statement spans and speaker-mention spans, clamped to the text."""
    quotes, speakers = [], []
    for st in statements:
        start, end = max(0, st["start"]), min(text_length, st["end"])
        if start < end:
            quotes.append(Span(start, end, st["id"], st["kind"] if st["kind"] in KINDS else "other"))
        s_start, s_end = st.get("speaker_start"), st.get("speaker_end")
        if s_start is not None and s_end is not None and 0 <= s_start < s_end <= text_length:
            speakers.append(Span(s_start, s_end))
    return quotes, speakers


def highlight(text: str, statements: Iterable[dict[str, Any]]) -> Markup:
    """Return the text as HTML with every statement and speaker mention marked.

    Each statement becomes links ``<a class="hl hl-KIND" data-st=ID href="#card-ID">`` around its
    escaped segments (the first one carries ``id="s-ID"``); speaker mentions become ``<mark>``.
    Where statements overlap, the innermost one owns the segment.
    """
    quotes, speakers = _spans(len(text), statements)
    every = quotes + speakers
    bounds = sorted({0, len(text)} | {s.start for s in every} | {s.end for s in every})
    anchored: set[str] = set()
    out: list[str] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        segment = str(escape(text[start:end]))
        if any(s.start <= start and end <= s.end for s in speakers):
            segment = f'<mark class="who">{segment}</mark>'
        covering = [s for s in quotes if s.start <= start and end <= s.end]
        if covering:
            owner = max(covering, key=lambda s: (s.start, -s.end))
            segment = _statement_link(owner, segment, anchored, overlap=len(covering) > 1)
        out.append(segment)
    return Markup("".join(out))


def _statement_link(span: Span, inner: str, anchored: set[str], overlap: bool) -> str:
    sid = str(escape(span.statement_id))
    anchor = "" if span.statement_id in anchored else f' id="s-{sid}"'
    anchored.add(span.statement_id or "")
    classes = f"hl hl-{escape(span.kind)}" + (" hl-overlap" if overlap else "")
    return f'<a class="{classes}" href="#card-{sid}" data-st="{sid}"{anchor}>{inner}</a>'


def snippet(text: str | None) -> Markup:
    """Escape a search snippet, then turn its match markers into ``<mark>`` (always balanced)."""
    out: list[str] = []
    inside = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if part == MARK_START and not inside:
            out.append("<mark>")
            inside = True
        elif part == MARK_END and inside:
            out.append("</mark>")
            inside = False
        elif part not in (MARK_START, MARK_END):
            out.append(str(escape(part)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


# ---------------------------------------------------------------------------------------------------
# Small pieces repeated on every row of a list or a matrix, built here rather than as template
# macros: a page shows hundreds of them, and a Python call costs a fraction of a macro call.
# Those that depend on one short string only (a kind, an outlet, a date) are memoised.

KIND_TITLES = {"direct": "quoted word for word", "indirect": "reported speech",
               "mixed": "reported speech with a quoted fragment"}


@functools.lru_cache(maxsize=4096)
def outlet_badge(name: str | None) -> Markup:
    """Return an outlet's badge, coloured the same on every page."""
    return Markup(f'<span class="badge outlet {outlet_class(name)}">{escape(name or "no outlet")}</span>')


@functools.lru_cache(maxsize=64)
def kind_badge(kind: str) -> Markup:
    """Return a statement kind's badge with its meaning as a tooltip."""
    value = escape(kind)
    return Markup(f'<span class="badge kind kind-{value}" title="{escape(KIND_TITLES.get(kind, kind))}">'
                  f"{value}</span>")


def speaker_link(st: dict[str, Any]) -> Markup:
    """Link a statement's speaker to the speaker page (by entity id when linked), or say it is unattributed."""
    if not st.get("speaker"):
        return Markup('<span class="speaker unknown">unattributed</span>')
    key = quote(str(st.get("speaker_id") or st["speaker"]), safe="/")
    return Markup(f'<a class="speaker" href="/speakers/{escape(key)}">{escape(st["speaker"])}</a>')


def statement_card(st: dict[str, Any], with_source: bool = True, with_snippet: bool = False) -> Markup:
    """Return a statement as a card: who, kind, when, the words (or the search snippet) linked to the
    sentence in its article, then cue, venue, source and tags. Every stored value is escaped."""
    link = f'/documents/{escape(st["document_id"])}#s-{escape(st["id"])}'
    words = snippet(st.get("snippet")) if with_snippet and st.get("snippet") else escape(st["text"])
    role = f'<span class="role">{escape(st["speaker_role"])}</span>' if st.get("speaker_role") else ""
    foot = [f'<span class="cue">{escape(st["cue"])}</span>' if st.get("cue") else "",
            f'<span class="venue">{escape(st["venue"])}</span>' if st.get("venue") else ""]
    if with_source:
        title = escape(st.get("document_title") or "untitled article")
        foot.append(f'{outlet_badge(st.get("outlet"))} <a class="doc-link" href="{link}">{title}</a>')
    foot += [f'<a class="badge tag" href="{escape(_tag_link(tag))}">#{escape(tag)}</a>' for tag in st["tags"]]
    said_on = st.get("said_on")
    return Markup(
        f'<article class="statement kind-{escape(st["kind"])}">\n<div class="st-meta">{speaker_link(st)} {role} '
        f'{kind_badge(st["kind"])} <time datetime="{escape(said_on or "")}" '
        f'title="{escape(st.get("said_on_basis") or "")}">{escape(day(said_on) or "date unknown")}</time></div>\n'
        f'<blockquote><a class="st-text" href="{link}" title="Show in the article">{words}</a></blockquote>\n'
        f'<div class="st-foot">{" ".join(part for part in foot if part)}</div>\n</article>\n'
    )


def _tag_link(tag: str) -> str:
    return "/search" + (f"?{urlencode({'tag': tag})}" if tag else "")


def coverage_cells(row: CoverageRow, outlets: list[str]) -> Markup:
    """Return one matrix row's cells: a link to each outlet's report of the statement, or a dash."""
    cells = []
    for outlet in outlets:
        reports = row.reports.get(outlet)
        if not reports:
            cells.append(_empty_cell(outlet))
            continue
        first = reports[0]
        copy = first.syndicated
        cells.append(f'<td class="cell"><a class="yes{" syndicated" if copy else ""}" '
                     f'href="/documents/{escape(first.document_id)}#s-{escape(first.statement_id)}" '
                     f'title="{escape(outlet)}{" (syndicated copy)" if copy else ""}">{"◐" if copy else "●"}</a></td>')
    return Markup("".join(cells))


@functools.lru_cache(maxsize=4096)
def _empty_cell(outlet: str) -> str:
    return f'<td class="cell"><span class="no" title="not reported by {escape(outlet)}">–</span></td>'


def safe_url(url: str | None) -> str | None:
    """Return the URL when it is a plain http(s) link, else None (never a ``javascript:`` URL)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def outlet_class(outlet: str | None) -> str:
    """Give an outlet a stable colour class, so its badge looks the same on every page."""
    if not outlet:
        return "outlet-none"
    return f"outlet-{zlib.crc32(outlet.encode('utf-8')) % OUTLET_COLOURS}"


@functools.lru_cache(maxsize=8192)
def day(value: str | None) -> str:
    """Format an ISO date as ``4 Mar 2024`` (a month as ``Mar 2024``); keep anything else as given."""
    if not value:
        return ""
    try:
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01").strftime("%b %Y")
        parsed = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{parsed.day} {parsed.strftime('%b %Y')}"


# ---------------------------------------------------------------------------------------------------
# Charts: geometry computed here, drawn as inline SVG by the templates (no script, no CDN).

@dataclass(frozen=True)
class Bar:
    """One month's bar."""

    x: float
    y: float
    width: float
    height: float
    month: str
    count: int


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis."""

    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """Statements per month, every month between the first and the last shown (gaps stay visible)."""

    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    peak: int


CHART_WIDTH, BAR_AREA, LABEL_ROOM, MAX_BAR, PEAK_LABEL_ROOM = 640, 120, 22, 48, 14


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 600:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_chart(counts: list[Count]) -> BarChart | None:
    """Lay out a bar per month for the counts (``YYYY-MM``); None when there is nothing dated."""
    valid = {c.value: c.count for c in counts if re.fullmatch(r"\d{4}-\d{2}", c.value or "")}
    if not valid:
        return None
    months = _months_between(min(valid), max(valid))
    peak = max(valid.values())
    slot = CHART_WIDTH / len(months)
    bars = []
    width = min(max(slot * 0.8, 1.0), MAX_BAR)
    for i, month in enumerate(months):
        height = (BAR_AREA - PEAK_LABEL_ROOM) * valid.get(month, 0) / peak
        bars.append(Bar(i * slot + (slot - width) / 2, BAR_AREA - height, width, height, month,
                        valid.get(month, 0)))
    every = max(1, len(months) // 8)
    ticks = [Tick(i * slot + slot / 2, day(m)) for i, m in enumerate(months) if i % every == 0]
    return BarChart(CHART_WIDTH, BAR_AREA + LABEL_ROOM, BAR_AREA, bars, ticks, peak)


@dataclass(frozen=True)
class Dot:
    """One distinct statement on a speaker's lane."""

    x: float
    row: CoverageRow
    outlets: int


@dataclass(frozen=True)
class LaneLayout:
    """A speaker's lane: its vertical position and its dots."""

    y: float
    speaker: str
    speaker_id: str | None
    dots: list[Dot]
    undated: int


@dataclass(frozen=True)
class TimelineChart:
    """A swimlane chart: one lane per speaker, statements placed by the day they were said."""

    width: int
    height: int
    left: int
    lanes: list[LaneLayout]
    ticks: list[Tick]


LANE_HEIGHT, LANE_LABEL, TIMELINE_WIDTH, MAX_LANES = 34, 180, 1100, 24
RIGHT_ROOM = 60  # half a date label, so the last tick is not cut off


def timeline_chart(lanes: list[Lane]) -> TimelineChart | None:
    """Place each speaker's dated statements on a shared day axis; None when nothing is dated."""
    days = sorted({dt.date.fromisoformat(r.said_on) for lane in lanes for r in lane.rows if r.said_on})
    if not days:
        return None
    first, span = days[0], max((days[-1] - days[0]).days, 1)
    plot = TIMELINE_WIDTH - LANE_LABEL - RIGHT_ROOM

    def x_of(value: str) -> float:
        offset = (dt.date.fromisoformat(value) - first).days
        return LANE_LABEL + 12 + (plot * offset / span if len(days) > 1 else plot / 2)

    layouts = []
    for i, lane in enumerate(lanes[:MAX_LANES]):
        seen: dict[str, int] = {}
        dots = []
        for row in (r for r in lane.rows if r.said_on):
            nudge = seen.get(row.said_on or "", 0)  # repeat statements of one day sit side by side
            seen[row.said_on or ""] = nudge + 1
            x = min(x_of(row.said_on or "") + 9 * nudge, TIMELINE_WIDTH - 10)  # stay inside the chart
            dots.append(Dot(x, row, len(row.reports)))
        layouts.append(LaneLayout(i * LANE_HEIGHT + LANE_HEIGHT / 2, lane.speaker, lane.speaker_id, dots,
                                  sum(1 for r in lane.rows if not r.said_on)))
    step = max(1, len(days) // 6)
    ticks = [Tick(x_of(d.isoformat()), day(d.isoformat())) for d in days[::step]]
    return TimelineChart(TIMELINE_WIDTH, len(layouts) * LANE_HEIGHT + LABEL_ROOM, LANE_LABEL, layouts, ticks)

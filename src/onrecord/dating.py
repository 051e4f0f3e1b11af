"""Decide when each statement was said, and which dates its content speaks of.

A time expression in the attribution part of a sentence, near the cue ("Peskov said Monday",
"said in a call with reporters on Monday", "On Tuesday, the minister said") dates the saying; one
inside the reported content ("the presidents spoke on Tuesday") is a content date. A statement
without its own time that continues an earlier one of the same speaker keeps that one's time;
otherwise the publication date stands in, with the basis "published".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from onrecord.models import Statement
from onrecord.sentences import is_abbreviation
from onrecord.timex import TimeExpression, find_time_expressions

PUBLISHED_BASIS = "published"
CONTINUES_PREFIX = "continues: "

# How far a time expression may sit from the cue and still date the saying ("said in a conference
# call with reporters on Monday" is about 45 characters).
MAX_GAP_AFTER_CUE = 80
MAX_GAP_BEFORE_CUE = 30

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z.]+)\.[\"'”’)\]]*\s*$")
# Words that open a clause of their own between the cue and a date: the date then belongs to
# that clause ("said, adding that the vote on Sunday ...", "Lukashenko, who won on Sunday, said").
# Quotes, brackets and dashes close off a dateline or an aside ("MOSCOW, Aug 24 (Wire) - X said").
_CLAUSE_WORD = re.compile(
    r"\b(?:that|who|whom|whose|which|when|where|after|before|because|since|while|if|whether)\b"
    r"|[\"“”;()/]|\s[-–—]\s",
    re.IGNORECASE,
)
_INFINITIVE_AFTER = re.compile(r"\s+to\s+[a-z]+\b")
_SPEECH_VERBS = {
    "said", "says", "told", "added", "noted", "stressed", "announced", "stated", "declared", "urged",
    "warned", "explained", "insisted", "claimed", "argued", "emphasized", "emphasised", "underlined",
    "underscored", "pointed", "wrote", "tweeted", "confirmed", "denied", "suggested", "replied",
    "answered", "asserted", "admitted", "acknowledged", "reiterated", "remarked", "commented",
}


@dataclass(frozen=True)
class Span:
    """A half-open character range of the text."""

    start: int
    end: int


@dataclass(frozen=True)
class SaidOn:
    """When a statement was said, over which period, and why we think so."""

    value: dt.date | None
    until: dt.date | None
    basis: str | None
    expression: TimeExpression | None = None  # the expression it was read from, if any


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans at end punctuation and line breaks, minding abbreviations."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = _WORD_BEFORE_DOT.search(text, max(0, match.start() - 20), match.end())
        if match.group(0)[0] == "." and before and is_abbreviation(before.group(1)):
            continue
        end = match.start() + (text[match.start()] in ".!?")  # keep the full stop, not the newline
        if text[start:end].strip():
            spans.append(Span(start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return spans


def _attribution_sentences(sentences: list[Span], statement: Statement) -> Span:
    """Return the span of the sentences that hold the statement."""
    touching = [s for s in sentences if s.start < statement.end and s.end > statement.start]
    if not touching:
        return Span(statement.start, statement.end)
    return Span(touching[0].start, touching[-1].end)


def _inside(expression: TimeExpression, statement: Statement) -> bool:
    """Tell whether an expression belongs to the statement's content (its middle lies inside)."""
    middle = (expression.start + expression.end) // 2
    return statement.start <= middle < statement.end


def _cue_span(text: str, region: Span, statement: Statement) -> Span:
    """Locate the cue: the cue word nearest the content, else the speaker mention, else the content."""
    content = Span(statement.start, statement.end)
    if statement.cue:
        words = statement.cue.split()
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
        found = [Span(m.start(), m.end()) for m in pattern.finditer(text, region.start, region.end)
                 if m.end() <= content.start or m.start() >= content.end]
        if found:
            return min(found, key=lambda cue: _distance(cue, content))
    if statement.speaker_start is not None and statement.speaker_end is not None:
        return Span(statement.speaker_start, statement.speaker_end)
    return content


def _distance(a: Span, b: Span) -> int:
    """Return the number of characters between two spans (0 when they touch or overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


def _gap_to_cue(text: str, expression: TimeExpression, cue: Span, sentence_start: int,
                statement: Statement) -> int | None:
    """Return how far an attribution-side expression sits from the cue, or None if it is not the cue's."""
    content = Span(statement.start, statement.end)
    if expression.start >= cue.end:
        gap, limit = Span(cue.end, expression.start), MAX_GAP_AFTER_CUE
        between = text[gap.start:gap.end]
    else:
        gap, limit = Span(expression.end, cue.start), MAX_GAP_BEFORE_CUE
        # A fronted adverbial ("On Monday, ...") sets the time of the whole sentence.
        opens_sentence = not text[sentence_start:expression.start].strip(" \"“‘'(")
        if opens_sentence and text.startswith(",", gap.start):
            return gap.end - gap.start
        # From the speaker on, so that "Lukashenko, who won on Sunday, said" shows its "who".
        speaker_end = statement.speaker_end
        from_speaker = speaker_end is not None and speaker_end <= expression.start
        between = text[speaker_end if from_speaker and speaker_end is not None else expression.end:gap.end]
    crosses_content = gap.start < content.end and content.start < gap.end
    if gap.end - gap.start > limit or crosses_content or _CLAUSE_WORD.search(between):
        return None
    return gap.end - gap.start


def _dates_cue_from_inside(text: str, expression: TimeExpression, statement: Statement) -> bool:
    """Tell whether an expression inside an object-and-infinitive content belongs to the cue.

    In "urged the unions on Thursday to settle" the content runs from the object to the end, but
    "on Thursday" modifies "urged": an expression right before the infinitive, early in a content
    that is neither a that-clause nor a quote, dates the saying.
    """
    lead = text[statement.start:expression.start]
    return (len(lead) <= MAX_GAP_AFTER_CUE and "," not in lead
            and not re.match(r"\s*(?:that|to)\b|\s*[\"“]", lead)
            and _INFINITIVE_AFTER.match(text, expression.end) is not None)


def _cue_distance(text: str, expression: TimeExpression, cue: Span, sentences: list[Span],
                  statement: Statement) -> int | None:
    """Return how far an expression sits from the cue when it dates the saying, else None."""
    if _inside(expression, statement):
        if _dates_cue_from_inside(text, expression, statement):
            return expression.start - statement.start
        return None
    sentence_start = max((s.start for s in sentences if s.start <= expression.start), default=0)
    return _gap_to_cue(text, expression, cue, sentence_start, statement)


def _basis(text: str, expression: TimeExpression) -> str:
    """Name the basis: the expression, with the speech verb just before it ("said Monday")."""
    found = re.search(r"\b([A-Za-z]+)\s+$", text[max(0, expression.start - 30):expression.start])
    if found and found.group(1).lower() in _SPEECH_VERBS:
        return f"{found.group(1)} {expression.text}"
    return expression.text


def _said_on_from_cue(text: str, statement: Statement, sentences: list[Span],
                      expressions: list[TimeExpression], published: dt.date | None) -> SaidOn | None:
    """Date a statement by the time expression tied to its cue, if there is one."""
    region = _attribution_sentences(sentences, statement)
    cue = _cue_span(text, region, statement)
    candidates: list[tuple[int, TimeExpression]] = []
    for expression in expressions:
        if expression.start < region.start or expression.end > region.end:
            continue
        if published is not None and expression.value > published:
            continue  # nobody is reported to have said something after the article appeared
        gap = _cue_distance(text, expression, cue, sentences, statement)
        if gap is not None:
            candidates.append((gap, expression))
    if not candidates:
        return None
    _, chosen = min(candidates, key=lambda pair: pair[0])
    return SaidOn(chosen.value, chosen.until, _basis(text, chosen), chosen)


def _content_dates(statement: Statement, expressions: list[TimeExpression],
                   cue_time: TimeExpression | None) -> list[dt.date]:
    """Return the distinct dates named inside the statement's content (bar the cue's), in text order."""
    dates: list[dt.date] = []
    for expression in expressions:
        if expression is cue_time:
            continue
        if _inside(expression, statement) and expression.value not in dates:
            dates.append(expression.value)
    return dates


def _inherited(said_on: SaidOn) -> SaidOn:
    """Mark a time taken over from an earlier statement of the same speaker."""
    basis = said_on.basis or ""
    if not basis.startswith(CONTINUES_PREFIX):
        basis = CONTINUES_PREFIX + basis
    return SaidOn(said_on.value, said_on.until, basis)  # the expression stays with the first statement


def date_statements(text: str, statements: list[Statement], published: dt.date | None) -> list[Statement]:
    """Return copies of the statements with ``said_on``, its period, basis and content dates filled.

    >>> from onrecord.models import Statement
    >>> text = "Talks will go on, minister Ana Pereira said Monday."
    >>> s = Statement(kind="indirect", text="Talks will go on", start=0, end=16, speaker="Ana Pereira",
    ...               speaker_start=27, speaker_end=38)
    >>> dated = date_statements(text, [s], dt.date(2021, 3, 10))[0]
    >>> dated.said_on, dated.said_on_basis
    (datetime.date(2021, 3, 8), 'said Monday')
    """
    expressions = find_time_expressions(text, published)
    sentences = split_sentences(text)
    fallback = SaidOn(published, None, PUBLISHED_BASIS if published else None)
    last_by_speaker: dict[str, SaidOn] = {}
    dated: dict[int, Statement] = {}
    for index in sorted(range(len(statements)), key=lambda i: statements[i].start):
        statement = statements[index]
        said_on = _said_on_from_cue(text, statement, sentences, expressions, published)
        cue_time = said_on.expression if said_on else None
        if said_on is None and statement.speaker in last_by_speaker:
            said_on = _inherited(last_by_speaker[statement.speaker])
        if said_on is not None and statement.speaker:
            last_by_speaker[statement.speaker] = said_on
        said_on = said_on or fallback
        dated[index] = dataclasses.replace(
            statement,
            said_on=said_on.value,
            said_on_until=said_on.until,
            said_on_basis=said_on.basis,
            content_dates=_content_dates(statement, expressions, cue_time),
        )
    return [dated[i] for i in range(len(statements))]

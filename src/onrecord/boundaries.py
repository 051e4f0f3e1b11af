"""Learned content boundaries: where a statement the rules found should really end or start.

The rules take a cue's content from the parse: the subtree of its content clause, the quote it closes.
Where the parser hangs part of what was said elsewhere ("said the tax was unfair, and that it would
hurt farmers", a coordinated clause on the cue) or hangs an aside inside the clause, the span is cut
short or runs long. A few other spans are always at hand: to the end of the sentence, to the end of
the next one, back to the start of the sentence, or up to the last comma. A logistic model scores
each of them from the words that would be added or dropped (``data/cue_model.json``, key
``bounds``); a statement takes the likeliest one when it scores above the model's threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from onrecord.cue_model import EDGE
from onrecord.nlp import QUOTE_MARK_RE

# Punctuation a content span may be cut at ("X, Y" -> "X").
CUT_MARKS = frozenset({",", ";", ":", "-", "--", "\u2013", "\u2014"})


@dataclass(frozen=True)
class Reach:
    """Another span for a statement's content, and the words it adds (or drops, for a cut)."""

    name: str  # "to_sentence_end", "to_next_sentence_end", "from_sentence_start", "cut_last"
    start: int
    end: int
    piece: Span


def reaches(cue: Token, content: Span, start: int, end: int, base: int, text: str) -> Iterator[Reach]:
    """Yield the other spans a content could have: ``content`` is its tokens in the cue's paragraph
    (offset ``base``), ``start`` and ``end`` its document offsets. Each reach moves one edge only.

    None of them takes in the cue itself: the words of the attribution are never its content.
    """
    doc = content.doc
    last_sentence = doc[content.end - 1].sent
    if content.end < last_sentence.end and cue.i < content.end:
        yield from _reach("to_sentence_end", doc[content.end:last_sentence.end], start, end, base, text)
        if last_sentence.end < len(doc):
            following = doc[last_sentence.end].sent
            yield from _reach("to_next_sentence_end", doc[content.end:following.end], start, end, base, text)
    first_sentence = content[0].sent
    if first_sentence.start < content.start and cue.i >= content.end:
        yield from _reach("from_sentence_start", doc[first_sentence.start:content.start], start, end, base, text)
    marks = [t for t in content[2:] if t.text in CUT_MARKS]
    if marks:
        yield from _reach("cut_last", doc[marks[-1].i:content.end], start, end, base, text)


def _reach(name: str, piece: Span, start: int, end: int, base: int, text: str) -> Iterator[Reach]:
    """Yield one reach, its moved edge trimmed of punctuation; none if the piece has no words."""
    if not any(t.is_alpha for t in piece):
        return
    if name == "from_sentence_start":
        start = base + piece.start_char
        while start < end and (text[start] in EDGE or QUOTE_MARK_RE.match(text, start)):
            start += 1
    else:
        end = base + (piece.start_char if name == "cut_last" else piece.end_char)
        while end > start and text[end - 1] in EDGE:
            end -= 1
    if end - start >= 2:
        yield Reach(name, start, end, piece)


def reach_features(reach: Reach, cue: Token, content: Span, lemma: str, share: str,
                   speech_forms: frozenset[str]) -> list[str]:
    """Return the feature names of one reach of a statement (cue ``lemma``, ``share`` of it quoted)."""
    name, piece = reach.name, reach.piece
    words = [t for t in piece if not t.is_punct] or list(piece)
    first = words[0] if name != "cut_last" else next((t for t in piece[1:] if not t.is_punct), piece[0])
    edge = piece[0].text if piece[0].is_punct else "none"
    tops = [t for t in piece if not piece.start <= t.head.i < piece.end or t.head.i == t.i]
    size = len(words)
    found = [f"r={name}", f"r|q={name}|{share}", f"r|w={name}|{lemma}", f"r|first={name}|{first.lower_}",
             f"r|fpos={name}|{first.pos_}", f"r|fdep={name}|{first.dep_}", f"r|edge={name}|{edge}",
             f"r|len={name}|{_bucket(size)}", f"r|edge|fpos={name}|{edge}|{first.pos_}"]
    for top in tops[:3]:
        holder = "cue" if top.head.i == cue.i else "content" if content.start <= top.head.i < content.end else "other"
        found += [f"r|top={name}|{top.dep_}|{holder}", f"r|toppos={name}|{top.pos_}|{holder}"]
    root = content.root
    found += [f"r|croot={name}|{root.dep_}|{'cue' if root.head.i == cue.i else 'other'}",
              f"r|croot|edge={name}|{root.dep_}|{edge}"]
    if tops:
        found.append(f"r|croot|top={name}|{root.dep_}|{tops[0].dep_}")
    if piece.end == len(piece.doc) or all(t.is_punct or t.is_space for t in piece.doc[piece.end:]):
        found.append(f"r|paragraph_end={name}")
    if any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in piece):
        found.append(f"r|subject={name}")
    if any(t.pos_ in ("VERB", "AUX") and t.lower_ in speech_forms for t in piece):
        found.append(f"r|says={name}")
    if QUOTE_MARK_RE.search(piece.text):
        found.append(f"r|quote={name}")
    return found


def _bucket(size: int) -> str:
    """Name a piece's length in words."""
    return "1-2" if size <= 2 else "3-6" if size <= 6 else "7-14" if size <= 14 else "15+"

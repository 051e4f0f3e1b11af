"""Positions over time: what one speaker said, in the order it was said.

The same claim said again (or carried again by another outlet, or in a syndicated copy) folds into
the entry where it first appeared, with every repeat's date and outlet kept. An entry is marked
``changed`` only on evidence we can show: it says nearly the same words as an earlier entry of the
speaker on the same issue but with the negation flipped ("will send troops" after "will not send
troops"). A merely new claim is a new entry, not a change of position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from onrecord.claims import fold_claims, negated, words
from onrecord.models import copied_from
from onrecord.store import Store, schema
from onrecord.store.queries import StatementFilter, iter_statements
from onrecord.stories import weighted_terms

UNDATED = "9999-12-31"
_FLIP_OVERLAP = 0.6  # share of the longer entry's content words the other must repeat to be a reversal
_FLIP_MIN_SHARED = 3


@dataclass(frozen=True)
class Mention:
    """One appearance of an entry's claim: when it was said and who carried it."""

    said_on: str | None
    outlet: str | None
    document_id: str
    statement_id: str
    via_copy: bool  # a syndicated copy of an earlier article
    agency: str | None = None  # the wire agency behind the article's copy


@dataclass
class Entry:
    """One position of the speaker, with every time it was repeated."""

    said_on: str | None
    said_on_until: str | None
    text: str
    cue: str | None
    speaker_mention: str | None
    outlet: str | None
    statement_id: str
    tags: list[str]
    agency: str | None = None  # the wire agency behind the first article's copy
    repeats: list[Mention] = field(default_factory=list)
    changed: bool = False
    change_note: str | None = None

    @property
    def outlets(self) -> list[str]:
        """Return every outlet that carried this position, first carrier first."""
        seen = [self.outlet] + [m.outlet for m in self.repeats]
        return list(dict.fromkeys(o for o in seen if o))


@dataclass(frozen=True)
class Timeline:
    """A speaker's positions in the order they were said."""

    speaker: str  # as asked
    entity: str | None  # the canonical name found (None when no statement matched)
    entity_id: str | None
    tag: str | None
    story_id: str | None
    entries: list[Entry]


def speaker_timeline(store: Store, speaker: str, tag: str | None = None,
                     story_id: str | None = None) -> Timeline:
    """Return a speaker's statements in said-on order, repeats folded, negation flips marked.

    >>> t = speaker_timeline(Store.open("onrecord.db"), "Peskov", tag="dialogue-and-talks")  # doctest: +SKIP
    >>> [(e.said_on, len(e.repeats)) for e in t.entries][:2]  # doctest: +SKIP
    [('2020-08-15', 2), ('2020-08-19', 0)]
    """
    statements = list(iter_statements(store, StatementFilter(speaker=speaker, tag=tag, story_id=story_id)))
    if not statements and (entity_id := _by_surname(store, speaker)):
        by_id = StatementFilter(speaker=entity_id, tag=tag, story_id=story_id)
        statements = list(iter_statements(store, by_id))
    copies = _copy_documents(store, {s["document_id"] for s in statements})
    statements.sort(key=lambda s: (s["said_on"] or UNDATED, s["original_id"] is not None, s["document_id"],
                                   s["start"]))
    entries: list[Entry] = []
    tokens: dict[int, list[str]] = {}
    content: dict[int, set[str]] = {}
    # one speaker asked for, however its statements were linked: fold repeats whoever is named
    for st, number in zip(statements, fold_claims(statements, by_speaker=False), strict=True):
        if number == len(entries):
            entry = _entry(st)
            tokens[id(entry)], content[id(entry)] = words(st["text"]), set(weighted_terms(st["text"]))
            _mark_change(entry, entries, tokens, content)
            entries.append(entry)
        else:
            entries[number].repeats.append(Mention(st["said_on"], st["outlet"], st["document_id"], st["id"],
                                                   st["document_id"] in copies, st["agency"]))
    first = statements[0] if statements else None
    return Timeline(speaker, first["speaker"] if first else None, first["speaker_id"] if first else None,
                    tag, story_id, entries)


def _by_surname(store: Store, name: str) -> str | None:
    """Return the most quoted entity whose name ends with this word ("Peskov" -> Dmitry Peskov)."""
    e = schema.entities.c
    needle = name.strip().lower()
    if not needle or " " in needle:
        return None
    with store.reading() as conn:
        return conn.execute(select(e.id).where(func.lower(e.name).like(f"% {needle}"))
                            .order_by(e.statement_count.desc(), e.id).limit(1)).scalar()


def _copy_documents(store: Store, doc_ids: set[str]) -> set[str]:
    """Return which of these documents are syndicated copies."""
    d = schema.documents.c
    with store.reading() as conn:
        rows = conn.execute(select(d.id).where(d.id.in_(sorted(doc_ids)), d.duplicate_of.is_not(None)))
        return {row.id for row in rows}


def _entry(st: dict[str, Any]) -> Entry:
    return Entry(st["said_on"], st["said_on_until"], st["text"], st["cue"], st["speaker_mention"],
                 st["outlet"], st["id"], list(st["tags"]), st["agency"])


def _mark_change(entry: Entry, earlier: list[Entry], tokens: dict[int, list[str]],
                 content: dict[int, set[str]]) -> None:
    """Mark an entry that says an earlier one's content words on the same issue with the opposite polarity."""
    mine = content[id(entry)]
    for previous in reversed(earlier):
        if entry.tags and previous.tags and not set(entry.tags) & set(previous.tags):
            continue
        theirs = content[id(previous)]
        shared = len(mine & theirs)
        # Both sides must be mostly the same content words: a short remark sharing two words with a
        # long quote is not its reversal.
        if shared < _FLIP_MIN_SHARED or shared / max(len(mine), len(theirs)) < _FLIP_OVERLAP:
            continue
        if negated(tokens[id(entry)]) != negated(tokens[id(previous)]):
            entry.changed = True
            entry.change_note = f"reverses the {previous.said_on or 'undated'} position: {previous.text}"
            return


def render_timeline(t: Timeline, width: int = 100) -> str:
    """Render a timeline for the terminal: one block per position, repeats listed under it.

    >>> print(render_timeline(speaker_timeline(store, "Peskov")))  # doctest: +SKIP
    """
    scope = "".join([f", tag {t.tag}" if t.tag else "", f", story {t.story_id}" if t.story_id else ""])
    if not t.entries:
        return f"No statements by {t.speaker}{scope}."
    lines = [f"{t.entity or t.speaker}{scope}: {len(t.entries)} position(s)", ""]
    for e in t.entries:
        when = e.said_on or "undated"
        if e.said_on_until and e.said_on_until != e.said_on:
            when += f"..{e.said_on_until}"
        mark = "CHANGED " if e.changed else ""
        mention = f"{e.speaker_mention} " if e.speaker_mention else ""
        outlets = ", ".join(e.outlets) or "unknown outlet"
        lines.append(f"{when}  {mark}[{outlets}]{_agency_copy(e.outlet, e.agency)} "
                     f"{mention}{cue_before_text(e.cue, e.text)}:")
        lines.append(f"    {_wrap(e.text, width)}")
        if e.tags:
            lines.append(f"    tags: {', '.join(e.tags)}")
        if e.change_note:
            lines.append(f"    ! {_wrap(e.change_note, width)}")
        for m in e.repeats:
            copy = " (syndicated copy)" if m.via_copy else ""
            lines.append(f"    again {m.said_on or 'undated'} in {m.outlet or 'unknown outlet'}{copy}"
                         f"{_agency_copy(m.outlet, m.agency)}")
    return "\n".join(lines)


def _agency_copy(outlet: str | None, agency: str | None) -> str:
    """Name the wire agency behind an outlet's copy (" (AFP copy)"); nothing for an agency's own story."""
    wire = copied_from(outlet, agency)
    return f" ({wire} copy)" if wire else ""


def cue_before_text(cue: str | None, text: str) -> str:
    """Return the cue as it reads before the statement's text: a refusal's "declined to comment" shows
    as "declined" when the text already opens with "to comment on ..."."""
    words = (cue or "said").split()
    opening = text.lower().split()
    for k in range(1, len(words)):
        if [w.lower() for w in words[k:]] == opening[:len(words) - k]:
            return " ".join(words[:k])
    return " ".join(words)


def _wrap(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

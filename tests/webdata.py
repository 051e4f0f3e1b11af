"""A small store for the API, page and browser tests: two stories, three outlets, hostile texts.

The texts are fictional. Several carry markup and script on purpose (in article text, titles,
outlet and speaker names, URLs and rejected sources) so the tests can prove it is always escaped.
Corpus tables (entities, stories) are written directly, standing in for the corpus stages.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, update

from onrecord.models import Document, Metadata, Rejected, Statement
from onrecord.store import Store, document_id, schema, statement_id

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(1)'
JS_URL = "javascript:alert(1)"

HERALD_TEXT = (
    "TARNWICK, March 4 - The Orvel bridge will close for six weeks, Mayor Mara Quell said on Monday.\n\n"
    '"We cannot risk another winter on those cables," Quell told reporters at the town hall.\n\n'
    "Engineer Ostin Varga said the steel was older than anyone had thought."
)
WIRE_TEXT = (
    'Tarnwick will shut its only bridge, Mayor Mara Quell said. "We cannot risk another winter on those '
    'cables," she said.\n\n'
    f"A ferry operator, {SCRIPT}, said the boats were {ATTRIBUTE} ready for the crossing."
)
LEDGER_TEXT = (
    "The Tarnwick council approved its budget on Tuesday.\n\n"
    'Mara Quell said the bridge money was "safe and ring-fenced" for the repairs.'
)
FLYER_TEXT = f"Residents were told to read more at {JS_URL} according to a flyer seen on Friday."


@dataclass(frozen=True)
class WebData:
    """Where the store is and the ids the tests look for."""

    db: str
    herald: str
    wire: str
    ledger: str
    flyer: str
    quote: str  # the mayor's direct quote in the Herald
    hostile_statement: str  # the ferry operator's statement in the Wire


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _statement(text: str, kind: str, words: str, speaker: str, mention: str, day: dt.date,
               tags: list[str] | None = None) -> Statement:
    start, end = _span(text, words)
    speaker_start, speaker_end = _span(text, mention)
    return Statement(kind=kind, text=words, start=start, end=end, cue="said", speaker=speaker,  # type: ignore[arg-type]
                     speaker_mention=mention, speaker_start=speaker_start, speaker_end=speaker_end,
                     speaker_type="PERSON", said_on=day, said_on_basis="on Monday", tags=tags or [])


def _document(text: str, title: str, outlet: str | None, url: str | None, published: dt.date,
              statements: list[Statement], agency: str | None = None) -> Document:
    meta = Metadata(title=title, outlet=outlet, url=url, dateline_place=None, published=published,
                    published_basis="date-line", language="en", agency=agency)
    return Document(document_id(text), f"fixtures/{document_id(text)[:8]}.txt", text, meta, statements)


def _documents() -> list[Document]:
    monday, tuesday = dt.date(2024, 3, 4), dt.date(2024, 3, 5)
    herald = _document(HERALD_TEXT, "Orvel bridge to close for repairs", "Tarnwick Herald",
                       "https://herald.example/orvel-bridge", monday, [
        _statement(HERALD_TEXT, "indirect", "The Orvel bridge will close for six weeks", "Mara Quell",
                   "Mayor Mara Quell", monday, ["infrastructure"]),
        _statement(HERALD_TEXT, "direct", "We cannot risk another winter on those cables,", "Mara Quell",
                   "Quell told", monday, ["infrastructure", "safety"]),
        _statement(HERALD_TEXT, "indirect", "the steel was older than anyone had thought", "Ostin Varga",
                   "Ostin Varga", monday, ["safety"]),
    ])
    wire = _document(WIRE_TEXT, f"Bridge {SCRIPT} closure", "Valley <b>Wire</b>", JS_URL, tuesday, [
        _statement(WIRE_TEXT, "indirect", "Tarnwick will shut its only bridge", "Mara Quell",
                   "Mayor Mara Quell", monday),
        _statement(WIRE_TEXT, "direct", "We cannot risk another winter on those cables,", "Mara Quell",
                   "she said", monday),
        _statement(WIRE_TEXT, "mixed", f"the boats were {ATTRIBUTE} ready for the crossing", SCRIPT,
                   SCRIPT, tuesday, [ATTRIBUTE]),
    ], agency=f"Coast <b>Wire</b> Agency {SCRIPT}")
    ledger = _document(LEDGER_TEXT, "Council passes budget", "North Ledger", "http://ledger.example/budget",
                       dt.date(2024, 4, 10), [
        _statement(LEDGER_TEXT, "mixed", 'the bridge money was "safe and ring-fenced" for the repairs',
                   "Mara Quell", "Mara Quell", dt.date(2024, 4, 9), ["budget"]),
    ])
    flyer = _document(FLYER_TEXT, ATTRIBUTE, None, None, dt.date(2024, 2, 1), [])
    return [herald, wire, ledger, flyer]


def _write_corpus_tables(store: Store, herald: str, wire: str, ledger: str) -> None:
    """Stand in for the corpus stages: entities with aliases, and two stories."""
    quell = {"id": "ent-quell", "name": "Mara Quell", "type": "PERSON",
             "aliases": json.dumps(["Mara Quell", "Quell", "Mayor Mara Quell"]),
             "roles": json.dumps(["mayor"]), "statement_count": 5}
    varga = {"id": "ent-varga", "name": "Ostin Varga", "type": "PERSON",
             "aliases": json.dumps(["Ostin Varga", ATTRIBUTE]), "roles": json.dumps([SCRIPT]),
             "statement_count": 1}
    with store.transaction() as conn:
        conn.execute(insert(schema.entities), [quell, varga])
        for entity in (quell, varga):
            conn.execute(update(schema.statements).where(schema.statements.c.speaker == entity["name"])
                         .values(speaker_id=entity["id"]))
        conn.execute(insert(schema.stories), [
            {"id": "story-bridge", "label": "Orvel bridge closure", "first_date": "2024-03-04",
             "last_date": "2024-03-05"},
            {"id": "story-budget", "label": f"Budget {SCRIPT}", "first_date": "2024-04-10",
             "last_date": "2024-04-10"},
        ])
        for doc_id, story in ((herald, "story-bridge"), (wire, "story-bridge"), (ledger, "story-budget")):
            documents = schema.documents
            conn.execute(update(documents).where(documents.c.id == doc_id).values(story_id=story))


def build(db: str | Path) -> WebData:
    """Write the fixture corpus into a new store (an SQLite path or a database URL); return its ids."""
    store = Store.open(str(db))
    docs = _documents()
    for doc in docs:
        store.save_document(doc, doc.source)
    store.record_rejected(Rejected(f"feeds/{SCRIPT}.html", "clean", f"no article text found {ATTRIBUTE}"))
    herald, wire, ledger, flyer = (doc.id for doc in docs)
    _write_corpus_tables(store, herald, wire, ledger)
    store.close()
    return WebData(db=str(db), herald=herald, wire=wire, ledger=ledger, flyer=flyer,
                   quote=statement_id(herald, docs[0].statements[1]),
                   hostile_statement=statement_id(wire, docs[1].statements[2]))

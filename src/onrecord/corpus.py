"""Corpus-level stages that run after documents are stored: years of partial datelines read again,
entity linking, syndicated copies, stories and (when a codebook is given) issue tags. Coverage is
computed on demand from their output.

Each stage reads what it needs from the store and writes its results back in one transaction,
so a crash mid-way leaves the previous consistent state. Dedup, stories and tags keep per-item
state in the store and only process what changed since their last pass.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select

from onrecord.dedup import update_duplicates
from onrecord.entities import AliasRules, SpeakerRef, link_entities
from onrecord.redating import redate_partial_documents
from onrecord.store import Store, schema
from onrecord.stories import update_stories
from onrecord.tags import Codebook, tag_statements

S = schema.statements.c


def update(store: Store, rules: AliasRules | None = None, codebook: Codebook | None = None) -> None:
    """Bring every corpus-level table up to date with the stored documents.

    >>> update(Store.open("onrecord.db"), AliasRules.load(None))  # doctest: +SKIP
    """
    # Dates first: new documents may tell the year of an earlier partial dateline, and copies and
    # stories both read publication dates.
    redated = redate_partial_documents(store)
    link_speakers(store, rules)
    # Copies first: a copy joins its original's story, and its statements point at the original's.
    update_duplicates(store, redated)
    update_stories(store)
    if codebook is not None:
        tag_statements(store, codebook)


def link_speakers(store: Store, rules: AliasRules | None = None) -> int:
    """Link in-document speakers to corpus entities; return the number of entities.

    What the statements say is read too: a speaker named only by surname in one article ("Putin")
    takes the full name others quote ("Vladimir Putin").
    """
    with store.reading() as conn:
        rows = conn.execute(select(S.speaker, S.speaker_type, S.speaker_role, S.document_id, S.text)
                            .order_by(S.document_id, S.seq)).all()
    refs = [SpeakerRef(name=r.speaker, type=r.speaker_type, role=r.speaker_role, document_id=r.document_id)
            for r in rows if r.speaker is not None]
    found, mapping = link_entities(refs, rules, (r.text for r in rows))
    with store.transaction() as conn:
        conn.execute(delete(schema.entities))
        if found:
            conn.execute(insert(schema.entities), [
                {"id": e.id, "name": e.name, "type": e.type, "aliases": json.dumps(e.aliases),
                 "roles": json.dumps(e.roles), "statement_count": e.statement_count} for e in found])
        # Touch only rows whose entity changed: an unchanged corpus writes nothing, and each name is
        # one indexed update rather than a scan of every statement.
        for name in sorted({ref.name for ref in refs}):
            entity_id = mapping.get(name)
            conn.execute(schema.statements.update()
                         .where(S.speaker == name, S.speaker_id.is_distinct_from(entity_id))
                         .values(speaker_id=entity_id))
    return len(found)

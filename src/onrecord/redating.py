"""Date anew the stored documents whose dateline gave no year, as later batches bring evidence.

A wire dateline like "MOSCOW, August 24" with "said Monday" fits every year in which 24 August is a
Monday. Alone, an article gets the latest such year (``meta.complete_dates``); once documents with full
dates are stored, the year nearest to them is the better reading, whatever order the files came in.
This stage applies it and dates the document's statements again, since "Monday" and "on August 20"
are read against the publication date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select, update

from onrecord.dating import date_statements
from onrecord.meta import complete_dates
from onrecord.models import Metadata, Statement
from onrecord.store import Store, schema
from onrecord.store.database import statement_dates

D = schema.documents.c
S = schema.statements.c


def redate_partial_documents(store: Store) -> list[str]:
    """Infer again the year of every document whose dateline had none; return the ids of those changed.

    >>> redate_partial_documents(Store.open("onrecord.db"))  # doctest: +SKIP
    ['44b1c0912da655e9...']
    """
    known = store.known_dates()
    changed: list[str] = []
    with store.transaction() as conn:
        rows = conn.execute(select(D.id, D.partial_date, D.weekday_hint, D.published, D.published_basis)
                            .where(D.partial_date.is_not(None))).all()
        found = complete_dates([_partial(row.partial_date, row.weekday_hint) for row in rows], known)
        for row, meta in zip(rows, found, strict=True):
            published = meta.published.isoformat() if meta.published else None
            if (published, meta.published_basis) == (row.published, row.published_basis):
                continue
            conn.execute(update(schema.documents).where(D.id == row.id)
                         .values(published=published, published_basis=meta.published_basis))
            _date_statements_again(conn, row.id, meta.published)
            changed.append(row.id)
    return changed


def _partial(month_day: str, weekday_hint: int | None) -> Metadata:
    """Rebuild the metadata of a dateline without a year from its stored "MM-DD" and weekday."""
    month, day = (int(part) for part in month_day.split("-"))
    return Metadata(title=None, outlet=None, url=None, dateline_place=None, published=None,
                    published_basis=None, language=None, partial_date=(month, day), weekday_hint=weekday_hint)


def _date_statements_again(conn: Connection, doc_id: str, published: dt.date | None) -> None:
    """Recompute when each statement of a document was said, against its new publication date."""
    rows = conn.execute(select(schema.statements).where(S.document_id == doc_id).order_by(S.seq)).all()
    if not rows:
        return
    text = conn.execute(select(D.text).where(D.id == doc_id)).scalar_one()
    dated = date_statements(text, [_statement(row) for row in rows], published)
    for row, statement in zip(rows, dated, strict=True):
        conn.execute(update(schema.statements).where(S.id == row.id).values(**statement_dates(statement)))


def _statement(row: Any) -> Statement:
    """Rebuild what dating reads of a stored statement: its span, cue and speaker."""
    return Statement(kind=row.kind, text=row.text, start=row.start, end=row.end, cue=row.cue,
                     speaker_mention=row.speaker_mention, speaker_start=row.speaker_start,
                     speaker_end=row.speaker_end, speaker=row.speaker, speaker_type=row.speaker_type,
                     speaker_role=row.speaker_role, venue=row.venue)


__all__ = ["redate_partial_documents"]

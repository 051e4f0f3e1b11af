"""Syndicated copies point at their earliest version and their statements at the original's."""

from __future__ import annotations

import dataclasses
import datetime as dt

from onrecord import dedup
from onrecord.store import Store

from .story_fixtures import COPY, TRAM, WIRE, Article, save


def _documents(store: Store) -> dict[str, dict]:
    return {row["source"]: row for row in store.table_rows("documents")}


def test_copy_under_other_boilerplate_points_at_the_wire_original(store: Store) -> None:
    save(store, [WIRE, COPY, TRAM])
    summary = dedup.update_duplicates(store)
    docs = _documents(store)
    assert docs[COPY.key]["duplicate_of"] == docs[WIRE.key]["id"]
    assert docs[WIRE.key]["duplicate_of"] is None
    assert docs[TRAM.key]["duplicate_of"] is None
    assert (summary.signed, summary.copies) == (3, 1)


def test_copy_statements_link_to_the_original_statements(store: Store) -> None:
    save(store, [WIRE, COPY])
    dedup.update_duplicates(store)
    docs = _documents(store)
    statements = store.table_rows("statements")
    original = {s["text"]: s["id"] for s in statements if s["document_id"] == docs[WIRE.key]["id"]}
    copies = [s for s in statements if s["document_id"] == docs[COPY.key]["id"]]
    assert len(copies) == 3
    assert all(s["original_id"] == original[s["text"]] for s in copies)
    assert all(s["original_id"] is None for s in statements if s["document_id"] == docs[WIRE.key]["id"])


def test_an_earlier_version_arriving_later_becomes_the_original(store: Store) -> None:
    save(store, [COPY])
    dedup.update_duplicates(store)
    earlier = dataclasses.replace(WIRE, published=dt.date(2024, 3, 4))
    save(store, [earlier])
    dedup.update_duplicates(store)
    docs = _documents(store)
    assert docs[COPY.key]["duplicate_of"] == docs[WIRE.key]["id"]
    assert docs[WIRE.key]["duplicate_of"] is None


def test_removing_the_original_frees_its_copy(store: Store) -> None:
    save(store, [WIRE, COPY])
    dedup.update_duplicates(store)
    rewritten = dataclasses.replace(WIRE, text="A different report entirely about a ferry timetable change.",
                                    quotes=())
    save(store, [rewritten])  # same source, new text: the old document is deleted
    summary = dedup.update_duplicates(store)
    docs = _documents(store)
    assert summary.removed == 1
    assert docs[COPY.key]["duplicate_of"] is None
    assert all(s["original_id"] is None for s in store.table_rows("statements"))


def test_second_pass_without_new_documents_changes_nothing(store: Store) -> None:
    save(store, [WIRE, COPY])
    dedup.update_duplicates(store)
    before = store.table_rows("documents"), store.table_rows("statements")
    summary = dedup.update_duplicates(store)
    assert summary.signed == 0
    assert (store.table_rows("documents"), store.table_rows("statements")) == before


def test_texts_too_short_to_shingle_have_no_signature() -> None:
    assert dedup.signature("Too short to compare.") is None


def test_unrelated_articles_are_never_copies() -> None:
    other = Article("x", "X", dt.date(2024, 1, 1), "t", TRAM.text.replace("tram", "ferry"))
    a, b = dedup.signature(WIRE.text), dedup.signature(other.text)
    assert a is not None and b is not None
    assert dedup.similarities(a, b.reshape(1, -1))[0] < 0.1

"""The store keeps one row per text, replaces changed documents atomically and never duplicates."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.errors import QueryError, StorageError
from onrecord.models import Document, Metadata, Rejected, Statement
from onrecord.store import Store, document_id
from onrecord.store.queries import StatementFilter, iter_documents, iter_statements, statements_page

TEXT = 'The harbour authority said on Friday that cranes would stop. "We will not move," a docker said.'


def make_doc(text: str = TEXT, outlet: str = "Port Wire") -> Document:
    meta = Metadata(title="Cranes stop", outlet=outlet, url=None, dateline_place="ODESSA",
                    published=dt.date(2023, 3, 10), published_basis="date-line", language="en")
    quote = Statement(kind="direct", text="We will not move,", start=text.index("We"),
                      end=text.index(",\" a"), cue="said", speaker="docker")
    reported = Statement(kind="indirect", text="cranes would stop", start=text.index("cranes"),
                         end=text.index("stop") + 4, cue="said", speaker="harbour authority",
                         said_on=dt.date(2023, 3, 10), said_on_basis="on Friday")
    return Document(document_id(text, outlet), "wire/cranes.txt", text, meta, [quote, reported])


def test_new_document_is_stored_with_its_statements(any_store: Store) -> None:
    assert any_store.save_document(make_doc(), "wire/cranes.txt") == "new"
    assert any_store.counts()["documents"] == 1
    assert any_store.counts()["statements"] == 2


def test_same_text_from_same_source_changes_nothing(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    before = {t: any_store.table_rows(t) for t in ("documents", "statements", "sources")}
    assert any_store.save_document(make_doc(), "wire/cranes.txt") == "unchanged"
    assert {t: any_store.table_rows(t) for t in before} == before


def test_changed_text_replaces_old_rows(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    changed = make_doc(TEXT.replace("Friday", "Thursday"))
    assert any_store.save_document(changed, "wire/cranes.txt") == "replaced"
    assert [row["id"] for row in any_store.table_rows("documents")] == [changed.id]
    assert {row["document_id"] for row in any_store.table_rows("statements")} == {changed.id}


def test_same_text_from_another_outlet_is_a_second_document(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    assert any_store.save_document(make_doc(outlet="Harbour Daily"), "daily/cranes.txt") == "new"
    assert any_store.counts()["documents"] == 2


def test_same_text_from_another_source_is_one_document(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    assert any_store.save_document(make_doc(), "mirror/cranes.txt") == "duplicate"
    assert any_store.counts()["documents"] == 1
    assert any_store.counts()["sources"] == 2


def test_rejection_is_recorded_once(any_store: Store) -> None:
    bad = Rejected("broken/empty.txt", "read", "file is empty")
    assert any_store.record_rejected(bad) is True
    assert any_store.record_rejected(bad) is False
    assert any_store.counts()["rejected"] == 1


def test_full_text_search_finds_statement_with_marked_snippet(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    page = statements_page(any_store, StatementFilter(query="cranes"))
    assert [row["text"] for row in page.rows] == ["cranes would stop"]
    assert "\x02cranes\x03" in page.rows[0]["snippet"]


def test_malformed_query_raises_query_error_with_help(store: Store) -> None:
    store.save_document(make_doc(), "wire/cranes.txt")
    with pytest.raises(QueryError, match="quoted phrases"):
        list(iter_statements(store, StatementFilter(query='"unclosed')))


@pytest.mark.parametrize("any_store", ["postgres"], indirect=True)
def test_postgres_reads_any_query_as_web_search(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    assert [r["text"] for r in iter_statements(any_store, StatementFilter(query='"cranes'))] == ["cranes would stop"]


def test_statement_pages_follow_cursor_without_overlap(any_store: Store) -> None:
    for n in range(3):
        any_store.save_document(make_doc(TEXT + f" Note {n}."), f"wire/{n}.txt")
    first = statements_page(any_store, StatementFilter(), limit=4)
    second = statements_page(any_store, StatementFilter(), limit=4, cursor=first.next_cursor)
    ids = [r["id"] for r in first.rows + second.rows]
    assert len(ids) == len(set(ids)) == 6
    assert second.next_cursor is None


def test_filters_by_kind_and_date(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    direct = list(iter_statements(any_store, StatementFilter(kind="direct")))
    dated = list(iter_statements(any_store, StatementFilter(since=dt.date(2023, 3, 10))))
    assert [r["kind"] for r in direct] == ["direct"]
    assert [r["said_on"] for r in dated] == ["2023-03-10"]
    with pytest.raises(QueryError):
        list(iter_statements(any_store, StatementFilter(kind="rumour")))


def test_documents_export_shape(any_store: Store) -> None:
    any_store.save_document(make_doc(), "wire/cranes.txt")
    (row,) = iter_documents(any_store)
    assert row["published"] == "2023-03-10" and row["outlet"] == "Port Wire"


def test_unopenable_store_raises_storage_error(tmp_path) -> None:
    with pytest.raises(StorageError, match="cannot open"):
        Store.open(str(tmp_path / "missing-dir" / "x.db"))


def test_reopening_keeps_schema_version(tmp_path) -> None:
    path = str(tmp_path / "v.db")
    Store.open(path).save_document(make_doc(), "wire/cranes.txt")
    assert Store.open(path).counts()["documents"] == 1


def test_version_2_database_gains_the_speaker_name_index(tmp_path) -> None:
    from sqlalchemy import inspect, text

    from onrecord.store.migrations import CURRENT_VERSION

    path = str(tmp_path / "v2.db")
    old = Store.open(path)
    old.save_document(make_doc(), "wire/cranes.txt")
    with old.transaction() as conn:
        conn.execute(text("DROP INDEX ix_statements_speaker_name"))
        conn.execute(text("UPDATE schema_version SET version = 2"))
    old.close()
    store = Store.open(path)
    names = {ix["name"] for ix in inspect(store.engine).get_indexes("statements")}
    assert "ix_statements_speaker_name" in names
    assert store.table_rows("schema_version") == [{"version": CURRENT_VERSION}]
    assert store.counts()["statements"] == 2


def test_version_3_database_gains_the_agency_column(any_store: Store) -> None:
    from sqlalchemy import inspect, text

    from onrecord.store.migrations import CURRENT_VERSION, migrate

    any_store.save_document(make_doc(), "wire/cranes.txt")
    with any_store.transaction() as conn:
        conn.execute(text("ALTER TABLE documents DROP COLUMN agency"))
        conn.execute(text("UPDATE schema_version SET version = 3"))
    with any_store.transaction() as conn:
        assert migrate(conn) == 3
    assert "agency" in {c["name"] for c in inspect(any_store.engine).get_columns("documents")}
    assert any_store.table_rows("schema_version") == [{"version": CURRENT_VERSION}]
    assert [row["agency"] for row in any_store.table_rows("documents")] == [None]  # stored before: not known
    doc_id = any_store.table_rows("documents")[0]["id"]
    any_store.fill_agencies({doc_id: "MPA"})  # read again from the same input on the next ingest
    any_store.fill_agencies({doc_id: "Other Wire"})  # a known agency stays
    assert [row["agency"] for row in any_store.table_rows("documents")] == ["MPA"]

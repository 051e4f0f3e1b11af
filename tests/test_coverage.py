"""Story comparison: claims x outlets, who was first, what each outlet alone carried or left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import coverage, dedup, stories, tags
from onrecord.errors import QueryError
from onrecord.store import Store

from .story_fixtures import ALL, BRASK_RIGGED, KOVIN_FRAUD, KOVIN_TALKS, WIRE, generated, save


def _update(store: Store) -> None:
    dedup.update_duplicates(store)
    stories.update_stories(store)


def _story(store: Store, source: str) -> str:
    return next(r["story_id"] for r in store.table_rows("documents") if r["source"] == source)


@pytest.fixture
def comparison(store: Store) -> coverage.Comparison:
    save(store, ALL)
    _update(store)
    return coverage.compare_story(store, _story(store, WIRE.key))


def _row(c: coverage.Comparison, text: str) -> coverage.ClaimRow:
    return next(r for r in c.rows if r.text == text)


def test_outlets_are_the_columns(comparison: coverage.Comparison) -> None:
    assert comparison.outlets == ["Coastline Daily", "Harbour Wire", "Northgate Ledger"]


def test_a_claim_carried_by_three_outlets_is_one_row(comparison: coverage.Comparison) -> None:
    row = _row(comparison, BRASK_RIGGED)
    assert sorted(row.carried) == ["Coastline Daily", "Harbour Wire", "Northgate Ledger"]
    assert sum(1 for r in comparison.rows if r.speaker == "Ilya Brask") == 1


def test_a_syndicated_copy_carries_the_claim_once_per_outlet(comparison: coverage.Comparison) -> None:
    row = _row(comparison, KOVIN_FRAUD)
    assert [c.via_copy for c in row.carried["Northgate Ledger"]] == [True]
    assert [c.via_copy for c in row.carried["Harbour Wire"]] == [False]


def test_first_carrier_is_the_earliest_article(comparison: coverage.Comparison) -> None:
    row = _row(comparison, BRASK_RIGGED)
    assert (row.first.outlet, row.first.published) == ("Harbour Wire", "2024-03-04")


def test_exclusives_and_omissions_per_outlet(comparison: coverage.Comparison) -> None:
    by_outlet = {o.outlet: o for o in comparison.by_outlet}
    talks = _row(comparison, KOVIN_TALKS).number
    fraud = _row(comparison, KOVIN_FRAUD).number
    assert talks in by_outlet["Coastline Daily"].only
    assert fraud in by_outlet["Coastline Daily"].missing
    assert talks not in by_outlet["Harbour Wire"].missing  # one rival's exclusive is not an omission


def test_render_lists_legend_matrix_and_outlet_summary(comparison: coverage.Comparison) -> None:
    text = coverage.render_comparison(comparison)
    assert "  B = Harbour Wire\n" in text  # the wire's own story is no copy
    assert "  C = Northgate Ledger (copy from Harbour Wire)" in text
    assert "X X c" in text  # Brask's claim: Coastline, Harbour Wire, the Northgate copy
    assert "A Coastline Daily: 1 article(s)" in text


def test_unknown_story_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="no story"):
        coverage.compare_story(store, "nope")


def test_ten_new_articles_give_the_same_stories_tags_and_coverage_as_a_fresh_run(tmp_path: Path) -> None:
    codebook = tags.parse_codebook({"tags": {
        "election-legitimacy": {"examples": ["The vote was rigged.", "The election was fair."]},
        "public-works": {"examples": ["The new tram line will open next year."]}}})
    incremental, scratch = Store.open(str(tmp_path / "i.db")), Store.open(str(tmp_path / "s.db"))
    save(incremental, ALL)
    _update(incremental)
    tags.tag_statements(incremental, codebook)
    save(incremental, generated(10))
    _update(incremental)
    tags.tag_statements(incremental, codebook)
    save(scratch, ALL + generated(10))
    _update(scratch)
    tags.tag_statements(scratch, codebook)
    for table in ("documents", "statements", "stories"):
        drop = {"ingested_at"}
        assert [{k: v for k, v in r.items() if k not in drop} for r in incremental.table_rows(table)] == \
               [{k: v for k, v in r.items() if k not in drop} for r in scratch.table_rows(table)]
    story = _story(incremental, WIRE.key)
    compared = coverage.compare_story(incremental, story), coverage.compare_story(scratch, story)
    assert compared[0].to_dict() == compared[1].to_dict()


def test_all_stages_run_alike_on_sqlite_and_postgresql(any_store: Store) -> None:
    codebook = tags.parse_codebook({"tags": {"talks": {"examples": ["The government is ready for talks."]}}})
    save(any_store, ALL)
    _update(any_store)
    summary = tags.tag_statements(any_store, codebook)
    comparison = coverage.compare_story(any_store, _story(any_store, WIRE.key))
    assert comparison.outlets == ["Coastline Daily", "Harbour Wire", "Northgate Ledger"]
    assert sorted(_row(comparison, BRASK_RIGGED).carried) == comparison.outlets
    assert summary.tagged >= 2
    assert len(any_store.table_rows("stories")) == 2

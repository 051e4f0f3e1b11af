"""Stories group articles about the same events, incrementally and independently of arrival order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from onrecord import dedup, stories
from onrecord.store import Store

from .story_fixtures import ALL, COPY, FOLLOW_UP, REVERSAL, TRAM, TRAM_COSTS, WIRE, generated, save


def _run(store: Store) -> None:
    dedup.update_duplicates(store)
    stories.update_stories(store)


def _story_of(store: Store) -> dict[str, str]:
    return {row["source"]: row["story_id"] for row in store.table_rows("documents")}


def _result(store: Store) -> tuple[dict[str, str], list[dict]]:
    return _story_of(store), store.table_rows("stories")


def test_wire_story_copy_and_follow_ups_are_one_story(store: Store) -> None:
    save(store, ALL)
    _run(store)
    story = _story_of(store)
    assert story[WIRE.key] == story[COPY.key] == story[FOLLOW_UP.key] == story[REVERSAL.key]
    assert story[TRAM.key] == story[TRAM_COSTS.key]


def test_unrelated_stories_never_merge(store: Store) -> None:
    save(store, ALL + generated(10))
    _run(store)
    story = _story_of(store)
    assert story[WIRE.key] != story[TRAM.key]
    assert len(set(story.values())) == 2


def test_story_rows_have_label_and_date_range(store: Store) -> None:
    save(store, ALL)
    _run(store)
    rows = {row["id"]: row for row in store.table_rows("stories")}
    valdoria = rows[_story_of(store)[WIRE.key]]
    assert (valdoria["first_date"], valdoria["last_date"]) == ("2024-03-04", "2024-03-12")
    assert "Marta Kovin" in valdoria["label"]
    assert "tarnov" in valdoria["label"]


def test_incremental_equals_from_scratch(tmp_path: Path) -> None:
    first, later = ALL + generated(4), generated(10, start=4)
    incremental = Store.open(str(tmp_path / "incremental.db"))
    save(incremental, first)
    _run(incremental)
    save(incremental, later)
    summary = stories.update_stories(incremental)
    scratch = Store.open(str(tmp_path / "scratch.db"))
    save(scratch, first + later)
    _run(scratch)
    assert summary.added == 10
    assert _result(incremental) == _result(scratch)


def test_a_posting_cap_keeps_stories_whole_and_incremental_equal(tmp_path: Path) -> None:
    # Two postings per term: every key term of the generated articles is in more documents than that.
    capped = dataclasses.replace(stories.DEFAULT, max_postings=2)
    first, later = ALL + generated(6), generated(8, start=6)
    incremental = Store.open(str(tmp_path / "incremental.db"))
    save(incremental, first)
    dedup.update_duplicates(incremental)
    stories.update_stories(incremental, capped)
    save(incremental, later)
    stories.update_stories(incremental, capped)
    scratch = Store.open(str(tmp_path / "scratch.db"))
    save(scratch, first + later)
    dedup.update_duplicates(scratch)
    stories.update_stories(scratch, capped)
    story = _story_of(incremental)
    assert len(set(story.values())) == 2
    assert story["gen/valdoria-13.txt"] == story[WIRE.key] != story["gen/tram-12.txt"] == story[TRAM.key]
    assert _result(incremental) == _result(scratch)


def test_the_neighbour_lookup_reads_at_most_max_postings_per_term(store: Store) -> None:
    save(store, generated(12))
    _run(store)
    newcomer = generated(1, start=13)[0]
    features = stories.document_features("new", newcomer.title, newcomer.text, "2024-03-20")
    with store.reading() as conn:
        everyone = stories._candidates(conn, features, stories.DEFAULT)
        capped = stories._candidates(conn, features, dataclasses.replace(stories.DEFAULT, max_postings=2))
    assert len(everyone) == 6  # the six articles of its story
    assert 0 < len(capped) < len(everyone) and set(capped) <= set(everyone)


def test_arrival_order_does_not_change_the_stories(tmp_path: Path) -> None:
    articles = ALL + generated(6)
    forward, backward = Store.open(str(tmp_path / "f.db")), Store.open(str(tmp_path / "b.db"))
    for article in articles:
        save(forward, [article])
        _run(forward)
    save(backward, list(reversed(articles)))
    _run(backward)
    assert _result(forward) == _result(backward)


def test_a_bridging_article_merges_stories_and_deleting_it_splits_them(store: Store) -> None:
    save(store, [WIRE, TRAM])
    _run(store)
    assert len(store.table_rows("stories")) == 2
    bridge = dataclasses.replace(WIRE, text=WIRE.text + "\n\n" + TRAM.text, quotes=(), key="bridge.txt")
    save(store, [bridge])
    _run(store)
    assert len(store.table_rows("stories")) == 1
    save(store, [dataclasses.replace(bridge, title="Weather", text="Nothing to see here: a weather report.")])
    _run(store)
    story = _story_of(store)
    assert story[WIRE.key] != story[TRAM.key]
    assert len(store.table_rows("stories")) == 3


def test_the_search_for_links_finds_the_components_all_pairs_give() -> None:
    articles = [*ALL, *generated(8)]
    features = {a.key: stories.document_features(a.key, a.title, a.text, a.published.isoformat())
                for a in articles}
    ids = sorted(features)
    pairs = stories._Groups()
    for i, a in enumerate(ids):
        pairs.find(a)
        for b in ids[i + 1:]:
            if stories.linked(features[a], features[b]):
                pairs.union(a, b)
    searched = stories._linked_groups(ids, features, stories.DEFAULT)
    components = sorted(map(sorted, stories._components(searched, ids)))
    assert components == sorted(map(sorted, stories._components(pairs, ids)))
    assert len(components) == 2
    # a chain: "a" and "c" share nothing, "b" links to both
    chain = {"a": {"tarnov": 1.0}, "b": {"tarnov": 0.7, "recount": 0.7}, "c": {"recount": 1.0}}
    linked = {k: stories.Features(k, "2024-03-04", terms, frozenset()) for k, terms in chain.items()}
    assert not stories.linked(linked["a"], linked["c"])
    found = stories._linked_groups(["a", "c", "b"], linked, stories.DEFAULT)
    assert stories._components(found, ["a", "b", "c"]) == [["a", "b", "c"]]


def test_long_gaps_need_more_similarity() -> None:
    a = stories.Features("a", "2024-01-01", {"tarnov": 0.6, "election": 0.8}, frozenset())
    near = dataclasses.replace(a, document_id="b", published="2024-01-10",
                               terms={"tarnov": 0.6, "recount": 0.8})
    far = dataclasses.replace(near, published="2024-12-01")
    assert stories.linked(a, near)
    assert not stories.linked(a, far)


def test_corpus_update_runs_dedup_then_stories(store: Store) -> None:
    from onrecord import corpus

    save(store, ALL)
    corpus.update(store)
    docs = {row["source"]: row for row in store.table_rows("documents")}
    assert docs[COPY.key]["duplicate_of"] == docs[WIRE.key]["id"]
    assert docs[COPY.key]["story_id"] == docs[WIRE.key]["story_id"] is not None


def test_an_old_database_gains_the_corpus_stage_tables(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    from onrecord.store import schema
    from onrecord.store.migrations import CORPUS_STAGE_TABLES

    path = tmp_path / "v1.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        old = [t for name, t in schema.metadata.tables.items() if name not in CORPUS_STAGE_TABLES]
        schema.metadata.create_all(conn, tables=old)
        conn.execute(schema.schema_version.insert().values(version=1))
    engine.dispose()
    store = Store.open(str(path))
    assert set(CORPUS_STAGE_TABLES) <= set(inspect(store.engine).get_table_names())
    save(store, ALL)
    _run(store)
    assert len(store.table_rows("stories")) == 2

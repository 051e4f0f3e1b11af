"""A speaker's positions in date order: repeats folded, copies kept as carriers, reversals marked."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord import dedup, stories, timeline
from onrecord.store import Store

from .story_fixtures import (
    ALL,
    BRASK_RIGGED,
    FOLLOW_UP,
    KOVIN_FRAUD,
    KOVIN_NO_TALKS,
    KOVIN_TALKS,
    Article,
    Quote,
    save,
)


@pytest.fixture
def corpus(store: Store) -> Store:
    save(store, ALL)
    dedup.update_duplicates(store)
    stories.update_stories(store)
    return store


def test_entries_follow_the_dates_the_speaker_said_them(corpus: Store) -> None:
    t = timeline.speaker_timeline(corpus, "Marta Kovin")
    assert [e.said_on for e in t.entries] == ["2024-03-04", "2024-03-04", "2024-03-06", "2024-03-12"]
    assert t.entity == "Marta Kovin"


def test_a_syndicated_copy_is_a_repeat_not_a_new_position(corpus: Store) -> None:
    first = timeline.speaker_timeline(corpus, "Marta Kovin").entries[0]
    assert first.text == KOVIN_FRAUD
    assert first.outlets == ["Harbour Wire", "Northgate Ledger"]
    assert [(m.outlet, m.via_copy) for m in first.repeats] == [("Northgate Ledger", True)]


def test_the_same_claim_said_again_elsewhere_folds_into_one_entry(corpus: Store) -> None:
    entries = timeline.speaker_timeline(corpus, "Ilya Brask").entries
    assert len(entries) == 1
    assert entries[0].text == BRASK_RIGGED
    assert [(m.said_on, m.outlet) for m in entries[0].repeats] == [
        ("2024-03-05", "Northgate Ledger"), ("2024-03-06", "Coastline Daily")]


def test_a_negation_flip_is_marked_as_a_change(corpus: Store) -> None:
    entries = timeline.speaker_timeline(corpus, "Marta Kovin").entries
    talks, no_talks = entries[2], entries[3]
    assert (talks.text, talks.changed) == (KOVIN_TALKS, False)
    assert (no_talks.text, no_talks.changed) == (KOVIN_NO_TALKS, True)
    assert no_talks.change_note is not None and "2024-03-06" in no_talks.change_note


def test_a_new_claim_is_not_a_change(corpus: Store) -> None:
    entries = timeline.speaker_timeline(corpus, "Marta Kovin").entries
    assert [e.changed for e in entries[:3]] == [False, False, False]


def test_story_filter_keeps_only_that_story(corpus: Store) -> None:
    tram_story = next(r["story_id"] for r in corpus.table_rows("documents") if r["outlet"] == "Kestrel Post")
    assert timeline.speaker_timeline(corpus, "Marta Kovin", story_id=tram_story).entries == []


def test_render_shows_date_outlets_cue_and_text(corpus: Store) -> None:
    text = timeline.render_timeline(timeline.speaker_timeline(corpus, "Marta Kovin"))
    assert "2024-03-04  [Harbour Wire, Northgate Ledger] Marta Kovin said:" in text
    assert "CHANGED [Harbour Wire] Marta Kovin told:" in text
    assert "again 2024-03-05 in Northgate Ledger (syndicated copy)" in text


@pytest.mark.parametrize(("cue", "text", "shown"), [
    ("declined to comment", "to comment on the report", "declined"),
    ("refused to answer", "whether the mayor would sign", "refused to answer"),
    ("said", "the ferry will run", "said"),
    (None, "the ferry will run", "said"),
])
def test_a_cue_is_not_repeated_by_the_text_it_introduces(cue: str | None, text: str, shown: str) -> None:
    assert timeline.cue_before_text(cue, text) == shown


def test_unknown_speaker_renders_a_plain_message(corpus: Store) -> None:
    assert timeline.render_timeline(timeline.speaker_timeline(corpus, "Nobody")) == "No statements by Nobody."


def test_a_surname_finds_the_linked_entity(store: Store) -> None:
    from onrecord import corpus

    save(store, ALL)
    corpus.update(store)
    t = timeline.speaker_timeline(store, "Kovin")
    assert t.entity == "Marta Kovin"
    assert len(t.entries) == 4


def test_a_short_remark_sharing_few_words_is_not_a_reversal(store: Store) -> None:
    remark = "There is no hurry"
    later = Article("x/remark.txt", "Harbour Wire", dt.date(2024, 3, 7), "Kovin on talks",
                    f"Asked about the talks with the opposition, Marta Kovin said: \"{remark}.\"",
                    (Quote("Marta Kovin", remark),))
    save(store, [FOLLOW_UP, later])
    entries = timeline.speaker_timeline(store, "Marta Kovin").entries
    assert [e.text for e in entries] == [KOVIN_TALKS, remark]
    assert not any(e.changed for e in entries)


def test_render_names_the_wire_agency_behind_a_copy() -> None:
    entry = timeline.Entry("2024-03-04", None, "the ferry will run", "said", "Lind", "Harbour Times", "s1", [],
                           agency="NORDWIRE")
    entry.repeats.append(timeline.Mention("2024-03-05", "NORDWIRE", "d2", "s2", False, agency="NORDWIRE"))
    text = timeline.render_timeline(timeline.Timeline("Lind", "Tom Lind", None, None, None, [entry]))
    assert "[Harbour Times, NORDWIRE] (NORDWIRE copy) Lind said:" in text
    assert "again 2024-03-05 in NORDWIRE\n" in text + "\n"  # the agency's own story is no copy

"""Tests for onrecord.sentences: one rule for where a sentence ends, shared by three stages."""

from __future__ import annotations

import pytest

from onrecord.sentences import is_abbreviation, sentence_ends


@pytest.mark.parametrize("word", ["Mr", "Sen", "Rev", "Inc", "Aug", "Sept", "No", "J", "U.S", "a.m", "D.C"])
def test_abbreviations_and_initials(word: str) -> None:
    assert is_abbreviation(word)


@pytest.mark.parametrize("word", ["no", "co", "said", "Tchadinfos.com", "I.am"])
def test_words_that_end_sentences(word: str) -> None:
    assert not is_abbreviation(word)


def test_full_stops_inside_names_dates_and_companies_end_nothing() -> None:
    text = "Sen. Ann W. Lee met Acme Inc. staff on Aug. 24 in the U.S. at 9 a.m. sharp. They left."
    assert sentence_ends(text) == [text.index("They")]


def test_ends_after_closing_quotes_and_other_marks() -> None:
    text = 'Would it hold? "It will," she said. "No doubt!" Then the answer was no. Later'
    starts = ['"It will', '"No doubt', "Then", "Later"]
    assert sentence_ends(text) == [text.index(s) for s in starts]


def test_a_web_address_ends_its_sentence() -> None:
    text = "The list was posted on portnews.example. Officials said nothing."
    assert sentence_ends(text) == [text.index("Officials")]

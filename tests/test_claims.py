"""When two statements are one claim, and how a story's statements fold into claims."""

from __future__ import annotations

from typing import Any

from onrecord.claims import fold_claims, same_claim, words


def row(id: str, text: str, speaker: str | None = "Ostrov", original: str | None = None) -> dict[str, Any]:
    """Build an exported statement row with what claim folding reads."""
    return {"id": id, "original_id": original, "speaker_id": None, "speaker": speaker, "text": text}


def test_a_statement_fragment_is_the_same_claim_but_a_negation_is_not() -> None:
    assert same_claim(words("the count was fair"), words("She said the count was fair."))
    assert not same_claim(words("the count was fair"), words("the count was not fair"))


def test_a_fragment_by_the_same_speaker_folds_into_the_first_wording() -> None:
    rows = [row("a", "the ferry will run again in May"), row("b", "the ferry will run again"),
            row("c", "the ferry will not run again")]
    assert fold_claims(rows) == [0, 0, 1]


def test_the_same_words_by_another_speaker_are_another_claim_unless_asked() -> None:
    rows = [row("a", "the ferry will run again"), row("b", "the ferry will run again", speaker="Lind")]
    assert fold_claims(rows) == [0, 1]
    assert fold_claims(rows, by_speaker=False) == [0, 0]


def test_a_copy_joins_the_claim_of_its_original_whatever_its_words() -> None:
    rows = [row("a", "the ferry will run again"), row("b", "services resume in spring", original="a")]
    assert fold_claims(rows) == [0, 0]


def test_a_copy_listed_before_its_original_still_joins_it() -> None:
    rows = [row("b", "services resume in spring", original="a"), row("c", "fares will rise"),
            row("a", "the ferry will run again")]
    assert fold_claims(rows) == [0, 1, 0]

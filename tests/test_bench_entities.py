"""``bench/entities.py``: pairwise scores of cross-document speaker linking."""

from __future__ import annotations

from onrecord.models import Statement
from tests.test_accuracy_gate import bench

entities = bench("entities")


def scored(article: int, gold: str) -> object:
    """Build a scored statement of an article with a gold instance."""
    return entities.Scored(article, Statement(kind="direct", text="x", start=0, end=1), gold)


def test_pairwise_scores_count_only_pairs_from_different_articles() -> None:
    found = [scored(0, "lind"), scored(0, "lind"), scored(1, "lind"), scored(2, "vasquez")]
    # one entity for everyone: of 5 cross-article pairs joined, 2 share the gold instance
    precision, recall = entities.pairwise(found, ["e1", "e1", "e1", "e1"])
    assert (round(precision, 2), recall) == (0.4, 1.0)
    # the right split; the same-article pair (0, 1) is not counted
    assert entities.pairwise(found, ["e1", "e1", "e1", "e2"]) == (1.0, 1.0)
    # nothing linked: no pair joined
    assert entities.pairwise(found, ["e1", None, "e3", "e4"]) == (0.0, 0.0)

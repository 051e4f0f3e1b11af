"""Worker processes: documents go out in chunks, results come back in input order, failures surface."""

from __future__ import annotations

import os

import pytest
from spacy.language import Language

from onrecord import workers
from onrecord.statements import analyse_documents

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="worker processes need fork")

_prefix = ""


def _set_prefix(prefix: str) -> None:
    global _prefix
    _prefix = prefix


def _label(batch: list[int]) -> list[tuple[str, int, int]]:
    if 13 in batch:
        raise ValueError("thirteen is not welcome")
    return [(_prefix, n, os.getpid()) for n in batch]


def test_chunks_keep_order_and_close_at_the_size() -> None:
    items = [("a", "x" * 6), ("b", "x" * 6), ("c", "x" * 30), ("d", "x")]
    assert [[k for k, _ in c] for c in workers.chunks(items, chars=10)] == [["a", "b"], ["c"], ["d"]]
    assert list(workers.chunks([], chars=10)) == []


def test_results_come_back_in_order_from_other_processes() -> None:
    batches = [[n, n + 1] for n in range(100, 140, 2)]
    results = list(workers.map_in_workers(_label, batches, 2, _set_prefix, ("w",)))
    assert [n for _, n, _ in results] == list(range(100, 140))
    assert {prefix for prefix, _, _ in results} == {"w"}  # the initializer ran in every worker
    assert os.getpid() not in {pid for _, _, pid in results}


def test_a_failing_batch_raises_where_it_is_due() -> None:
    results = workers.map_in_workers(_label, [[1], [2], [13], [14]], 2, _set_prefix, ("w",))
    assert [n for _, n, _ in [next(results), next(results)]] == [1, 2]
    with pytest.raises(ValueError, match="thirteen"):
        next(results)


def test_two_workers_find_what_one_process_finds(nlp: Language) -> None:
    texts = [f'"The quay {n} reopens on Monday," harbour master Tor Lind said.\n\n'
             f"He added that ferries to pier {n} would run again, the port authority said in a statement.\n"
             for n in range(150)]  # over 20,000 characters: two chunks, one per worker
    alone = list(analyse_documents(enumerate(texts), nlp, n_process=1))
    shared = list(analyse_documents(enumerate(texts), nlp, n_process=2))
    assert [k for k, _ in shared] == list(range(150))
    assert shared == alone
    assert all(len(found) == 2 for _, found in shared)

"""When two statements make the same claim: one rule for copy matching, coverage and timelines.

Two statements are one claim when they share most of their words, the shorter may be a fragment of
the longer, and both have the same polarity ("will resume" is not "will not resume"). Across a story,
statements of one speaker that make one claim are folded together, and a syndicated copy's statement
joins the statement of the original it was matched to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_WORD = re.compile(r"\w+")
NEGATIONS = frozenset({"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "t"})


def words(text: str) -> list[str]:
    """Return the lower-cased word tokens of a text."""
    return _WORD.findall(text.lower())


def shared_tokens(a: Sequence[str], b: Sequence[str]) -> int:
    """Return how many tokens two token lists have in common, counting repeats."""
    counts: dict[str, int] = {}
    for token in a:
        counts[token] = counts.get(token, 0) + 1
    shared = 0
    for token in b:
        if counts.get(token, 0) > 0:
            counts[token] -= 1
            shared += 1
    return shared


def negated(tokens: Sequence[str]) -> bool:
    """Tell whether a statement's tokens carry an odd number of negations ("n't" tokenises to "t")."""
    return sum(1 for token in tokens if token in NEGATIONS) % 2 == 1


def same_claim(a: Sequence[str], b: Sequence[str]) -> bool:
    """Tell whether two statements' tokens say the same thing, one possibly a fragment of the other.

    Most of the shorter one must be in the longer, a fair share of the longer in the shorter (the
    statement-matching rule of the accuracy benchmark, made symmetric), and both must have the same
    polarity: "will resume" and "will not resume" are two claims however many words they share.

    >>> same_claim(words("the talks will resume"), words("He said the talks will resume on Monday"))
    True
    >>> same_claim(words("the talks will resume"), words("the talks will not resume"))
    False
    """
    if not a or not b or negated(a) != negated(b):
        return False
    shared = shared_tokens(a, b)
    return shared / min(len(a), len(b)) >= 0.7 and shared / max(len(a), len(b)) >= 0.4


def fold_claims(statements: Sequence[Mapping[str, Any]], by_speaker: bool = True) -> list[int]:
    """Number the claims of statements (exported rows: ``id``, ``original_id``, ``speaker_id``,
    ``speaker``, ``text``): each statement gets the number of the claim it repeats (its original's,
    or the same claim's, by the same speaker unless ``by_speaker`` is off). Claims are numbered in
    the order they first appear.

    >>> rows = [{"id": "a", "original_id": None, "speaker_id": "e1", "speaker": "Ostrov",
    ...          "text": "the talks will resume"},
    ...         {"id": "b", "original_id": None, "speaker_id": "e1", "speaker": "Ostrov",
    ...          "text": "He said the talks will resume on Monday"}]
    >>> fold_claims(rows)
    [0, 0]
    """
    present = {st["id"] for st in statements}
    # a copy is folded after its original whatever the order given, so it always finds it
    order = sorted(range(len(statements)), key=lambda i: statements[i]["original_id"] in present)
    group: dict[int, int] = {}
    group_of_id: dict[str, int] = {}
    firsts: list[tuple[str | None, list[str]]] = []  # each claim's speaker and first wording
    for i in order:
        st = statements[i]
        key = (st["speaker_id"] or (st["speaker"] or "").lower() or None) if by_speaker else None
        tokens = words(st["text"])
        found = group_of_id.get(st["original_id"] or "")
        if found is None:
            found = next((n for n, (k, first) in enumerate(firsts) if k == key and same_claim(first, tokens)),
                         len(firsts))
        if found == len(firsts):
            firsts.append((key, tokens))
        group[i] = group_of_id[st["id"]] = found
    renumbered: dict[int, int] = {}  # numbers in the order claims first appear in the input
    return [renumbered.setdefault(group[i], len(renumbered)) for i in range(len(statements))]

"""Syndicated and near-duplicate copies: MinHash over word shingles, LSH buckets kept in the store.

A document's signature and its LSH band keys are computed once, when it first arrives, and stored;
a new document is compared only with the documents that share a bucket with it. Copies form groups
(near-duplicate links, taken transitively); in each group the earliest version (published date,
then ingest order) is the original, every other member gets ``documents.duplicate_of`` = the
original, and each of its statements gets ``statements.original_id`` = the original's matching
statement, so a wire quote counts once while every outlet that carried it is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from sqlalchemy import Connection, delete, func, insert, select, update

from onrecord.claims import shared_tokens, words
from onrecord.store import Store, schema

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands of 4 rows: a pair with Jaccard 0.6 shares a bucket with p = 0.99
SHINGLE_WORDS = 5
SEED = 1
COPY_THRESHOLD = 0.6  # estimated Jaccard of shingle sets at which two texts are one article
STATEMENT_OVERLAP = 0.6  # share of the longer statement's words found in the other
UNDATED = "9999-12-31"  # sorts documents of unknown date after every dated one

D, S = schema.documents.c, schema.statements.c
SIG, BUCKET = schema.document_signatures.c, schema.document_buckets.c


@dataclass(frozen=True)
class DedupSummary:
    """What one dedup pass did."""

    signed: int  # new documents signed
    removed: int  # signatures dropped because their document is gone
    copies: int  # documents that are copies of another after the pass (whole corpus)
    statements_linked: int  # statements of the touched groups that point at an original


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash of a text's word 5-shingles, or None when it is too short to compare.

    >>> signature("too short") is None
    True
    """
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS * 2:
        return None
    count = len(tokens) - SHINGLE_WORDS + 1
    shingles = {" ".join(tokens[i : i + SHINGLE_WORDS]).encode() for i in range(count)}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(sorted(shingles))
    return np.asarray(minhash.hashvalues, dtype="<u4")


def bucket_keys(sig: np.ndarray) -> list[str]:
    """Return the LSH bucket of each band of a signature, as ``"band:hash"`` strings."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return keys


def similarities(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Return the Jaccard similarity of a text's shingle set with each of others' (one signature per
    row), estimated from their signatures."""
    return np.asarray((others == sig).mean(axis=1))


def _decode(blob: bytes) -> np.ndarray | None:
    return np.frombuffer(blob, dtype="<u4") if blob else None


@dataclass(frozen=True)
class _StatementText:
    id: str
    tokens: tuple[str, ...]


def match_statements(copy: Sequence[_StatementText], original: Sequence[_StatementText]) -> dict[str, str]:
    """Pair each copy statement with the original statement of the same words, best pairs first."""
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(copy):
        for j, b in enumerate(original):
            score = _overlap(a.tokens, b.tokens)
            if score >= STATEMENT_OVERLAP:
                pairs.append((-score, i, j))
    matched: dict[str, str] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        if copy[i].id not in matched and j not in used:
            matched[copy[i].id] = original[j].id
            used.add(j)
    return matched


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the multiset overlap of two token lists over the longer one's length."""
    if not a or not b:
        return 0.0
    return shared_tokens(a, b) / max(len(a), len(b))


def update_duplicates(store: Store, redated: Iterable[str] = ()) -> DedupSummary:
    """Sign new documents, forget deleted ones, and re-decide the copy groups they touch, and those of
    documents whose publication date changed (``redated``: the earliest copy may now be another).

    >>> update_duplicates(Store.open("onrecord.db")).copies  # doctest: +SKIP
    3
    """
    with store.transaction() as conn:
        removed_neighbours, removed = _forget_removed(conn)
        signed = _sign_new(conn)
        linked = _regroup(conn, signed, removed_neighbours | set(redated))
        copies = conn.execute(select(func.count()).select_from(schema.documents)
                              .where(D.duplicate_of.is_not(None))).scalar() or 0
    return DedupSummary(signed=len(signed), removed=removed, copies=copies, statements_linked=linked)


def _forget_removed(conn: Connection) -> tuple[set[str], int]:
    """Drop signatures of documents no longer stored; return their bucket neighbours and the count."""
    gone = [row[0] for row in conn.execute(
        select(SIG.document_id).where(SIG.document_id.not_in(select(D.id))).order_by(SIG.document_id))]
    if not gone:
        return set(), 0
    buckets = select(BUCKET.bucket).where(BUCKET.document_id.in_(gone))
    neighbours = {row[0] for row in conn.execute(
        select(BUCKET.document_id).where(BUCKET.bucket.in_(buckets), BUCKET.document_id.not_in(gone)))}
    conn.execute(delete(schema.document_buckets).where(BUCKET.document_id.in_(gone)))
    conn.execute(delete(schema.document_signatures).where(SIG.document_id.in_(gone)))
    return neighbours, len(gone)


def _sign_new(conn: Connection) -> dict[str, np.ndarray | None]:
    """Compute and store the signature and buckets of every document not signed yet, in ingest order."""
    rows = conn.execute(select(D.id, D.text).where(D.id.not_in(select(SIG.document_id)))
                        .order_by(D.ingested_at, D.id)).all()
    seq = conn.execute(select(func.max(SIG.seq))).scalar() or 0
    signatures: list[dict[str, object]] = []
    buckets: list[dict[str, str]] = []
    computed: dict[str, np.ndarray | None] = {}
    for doc_id, text in rows:
        seq += 1
        sig = computed[doc_id] = signature(text)
        blob = sig.tobytes() if sig is not None else b""
        signatures.append({"document_id": doc_id, "seq": seq, "minhash": blob})
        if sig is not None:
            buckets.extend({"bucket": key, "document_id": doc_id} for key in bucket_keys(sig))
    if signatures:
        conn.execute(insert(schema.document_signatures), signatures)
    if buckets:
        conn.execute(insert(schema.document_buckets), buckets)
    return computed


def _neighbours(conn: Connection, doc_id: str, sig: np.ndarray, known: set[str]) -> list[str]:
    """Return the documents not in ``known`` whose estimated Jaccard with this signature reaches the
    copy threshold (those already known to be in the group need no comparison)."""
    candidates = select(BUCKET.document_id).where(
        BUCKET.bucket.in_(bucket_keys(sig)), BUCKET.document_id != doc_id).distinct()
    rows = [(other_id, blob) for other_id, blob in conn.execute(
        select(SIG.document_id, SIG.minhash).where(SIG.document_id.in_(candidates)))
        if blob and other_id not in known]
    if not rows:
        return []
    # One comparison for all candidates: a wire story's copy group can hold hundreds of documents.
    others = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<u4").reshape(len(rows), NUM_PERM)
    close = similarities(sig, others) >= COPY_THRESHOLD
    return [other_id for (other_id, _), near in zip(rows, close, strict=True) if near]


def _group_of(conn: Connection, start: str, signatures: dict[str, np.ndarray | None]) -> set[str]:
    """Return the connected group of near-duplicates that contains a document."""
    group, frontier = {start}, [start]
    while frontier:
        doc_id = frontier.pop()
        if doc_id not in signatures:
            blob = conn.execute(select(SIG.minhash).where(SIG.document_id == doc_id)).scalar()
            signatures[doc_id] = _decode(blob) if blob is not None else None
        sig = signatures[doc_id]
        if sig is None:
            continue
        for other in _neighbours(conn, doc_id, sig, group):
            group.add(other)
            frontier.append(other)
    return group


def _regroup(conn: Connection, signed: dict[str, np.ndarray | None], others: Iterable[str]) -> int:
    """Re-decide originals and statement links for every group containing a new or touched document."""
    done: set[str] = set()
    signatures = dict(signed)
    linked = 0
    for doc_id in sorted(set(signed) | set(others)):
        if doc_id in done:
            continue
        group = _group_of(conn, doc_id, signatures)
        done |= group
        if group == {doc_id} and doc_id in signed:
            continue  # a new document with no copy: stored without links, nothing to write
        linked += _write_group(conn, group)
    return linked


def _write_group(conn: Connection, group: set[str]) -> int:
    """Point every copy of a group at its earliest member and link their statements; return links made."""
    joined = schema.documents.join(schema.document_signatures, SIG.document_id == D.id)
    rows = conn.execute(select(D.id, D.published, SIG.seq).select_from(joined)
                        .where(D.id.in_(sorted(group)))).all()
    original = min(rows, key=lambda r: (r.published or UNDATED, r.seq, r.id)).id
    conn.execute(update(schema.documents).where(D.id == original).values(duplicate_of=None))
    conn.execute(update(schema.statements).where(S.document_id == original).values(original_id=None))
    originals = _statement_texts(conn, original)
    linked = 0
    for row in rows:
        if row.id == original:
            continue
        conn.execute(update(schema.documents).where(D.id == row.id).values(duplicate_of=original))
        copies = _statement_texts(conn, row.id)
        matches = match_statements(copies, originals)
        for statement in copies:
            conn.execute(update(schema.statements).where(S.id == statement.id)
                         .values(original_id=matches.get(statement.id)))
        linked += len(matches)
    return linked


def _statement_texts(conn: Connection, doc_id: str) -> list[_StatementText]:
    rows = conn.execute(select(S.id, S.text).where(S.document_id == doc_id).order_by(S.seq))
    return [_StatementText(statement_id, tuple(words(text))) for statement_id, text in rows]

"""Stories: documents about the same events, clustered incrementally.

Two documents are linked when their similarity reaches a threshold that rises with the days between
them; a story is a connected group of linked documents (copies always join their original).
Everything a link depends on belongs to the two documents alone: terms weighted by a fixed,
corpus-independent rarity (:data:`WORD_RANKS`), names (capitalised words, speakers) and dates. So
a document's features are computed once and stored, a new document is compared only with stored
documents that share its key terms (an inverted index in ``story_terms``), and a new link can only
join stories. The result depends on the set of documents, not on when each arrived, except where the
candidate caps (:attr:`StoryParams.max_candidates`, :attr:`StoryParams.max_postings`) bind;
incremental runs equal a from-scratch run on the same ingest order in every case.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import ColumnElement, Connection, Select, bindparam, delete, func, insert, select, union_all, update

from onrecord.names import word_ranks
from onrecord.store import Store, schema

D, S, E = schema.documents.c, schema.statements.c, schema.entities.c
F, T, ST = schema.story_features.c, schema.story_terms.c, schema.stories.c
UNDATED = "9999-12-31"

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*[^\W\d_]")
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“”«»\n]\s*)$")


@dataclass(frozen=True)
class StoryParams:
    """The knobs of story linking; the defaults are what ``update_stories`` uses."""

    # Single link chains, so the threshold is high enough that unrelated pairs (score < 0.1 for
    # 99% of MEANTIME's cross-topic pairs) never link, and a story drifting over months still does.
    threshold: float = 0.20  # score two articles of the same month need to be one story
    window_days: int = 30  # no penalty for articles this close in time
    penalty_per_month: float = 0.02  # added to the threshold per 30 days beyond the window
    max_penalty: float = 0.10  # an old story stays joinable by a clearly matching article
    term_weight: float = 0.7  # share of the term cosine in the score; the rest is name overlap
    top_terms: int = 30  # terms kept per document (its stored vector)
    query_terms: int = 12  # key terms used to look up candidate neighbours
    min_shared: int = 2  # key terms a candidate must share
    max_candidates: int = 400
    max_postings: int = 500  # documents read per key term: a term in more is like a common word


DEFAULT = StoryParams()


STOP_RANK = 150  # the most frequent words (the, said, would...) carry no topic
RARE_WEIGHT = math.log(30_000)


def _weight(word: str) -> float:
    """Return a word's rarity weight: log of its frequency rank, highest for words not in the list."""
    rank = word_ranks().get(word)
    return RARE_WEIGHT if rank is None else math.log(rank + 1)


def _stem(word: str) -> str:
    """Fold English plurals ("protests", "clashes", "parties") onto a known singular; names stay."""
    ranks = word_ranks()
    # Shortest suffix first: "lines" is "line", not the name "lin".
    for suffix, replacement in (("s", ""), ("es", ""), ("ies", "y")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in ranks:
            return word[: -len(suffix)] + replacement
    return word


def _term(word: str) -> str | None:
    """Return the term a word counts as, or None for the most common words."""
    word = word.lower().replace("’", "'")
    if word_ranks().get(word, STOP_RANK + 1) <= STOP_RANK or len(word) > 64:
        return None
    return _stem(word)


def weighted_terms(text: str) -> dict[str, float]:
    """Return a text's terms weighted by (1 + log count) x rarity, the most common words left out.

    >>> sorted(weighted_terms("Dockers said the dockers would strike."))
    ['dockers', 'strike']
    """
    counts = Counter(term for m in _WORD.finditer(text) if (term := _term(m.group())))
    return {term: (1 + math.log(n)) * _weight(term) for term, n in counts.items()}


@dataclass(frozen=True)
class Features:
    """What story linking knows of one document."""

    document_id: str
    published: str | None
    terms: dict[str, float]  # L2-normalised
    entities: frozenset[str]


def document_features(doc_id: str, title: str | None, text: str, published: str | None,
                      speakers: Iterable[str] = (), params: StoryParams = DEFAULT) -> Features:
    """Compute a document's story features from its title, text and statement speakers.

    >>> f = document_features("d1", "Dock strike", "Dockers in Brennhaven walked out.", "2024-05-02")
    >>> sorted(f.terms)[:2]
    ['brennhaven', 'dock']
    """
    counts: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for source, boost in ((title or "", 3), (text, 1)):
        for match in _WORD.finditer(source):
            term = _term(match.group())
            if term is None:
                continue
            counts[term] += boost
            # Headlines are title-cased, so only the body tells a name from a capitalised word.
            if source is text and match.group()[0].isupper() and not _sentence_start(text, match.start()):
                names[match.group().lower()] += 1
    weights = {term: (1 + math.log(n)) * _weight(term) for term, n in counts.items()}
    kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[: params.top_terms]
    norm = math.sqrt(sum(w * w for _, w in kept)) or 1.0
    entities = {name for name, n in names.items() if n >= 2}
    entities |= {speaker.split()[-1].lower() for speaker in speakers if speaker.strip()}
    return Features(doc_id, published, {term: round(w / norm, 6) for term, w in kept}, frozenset(entities))


def _sentence_start(text: str, offset: int) -> bool:
    return _SENTENCE_START.search(text[max(0, offset - 3) : offset]) is not None


def key_terms(features: Features, n: int) -> list[str]:
    """Return a document's n heaviest terms (ties by spelling), the ones used to find neighbours."""
    return [term for term, _ in sorted(features.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0  # an undated article is judged on its text alone
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def score(a: Features, b: Features, params: StoryParams = DEFAULT) -> float:
    """Return how alike two documents are: term cosine blended with the overlap of their names."""
    small, large = (a.terms, b.terms) if len(a.terms) <= len(b.terms) else (b.terms, a.terms)
    cosine = sum(w * large.get(term, 0.0) for term, w in small.items())
    union = len(a.entities | b.entities)
    names = len(a.entities & b.entities) / union if union else 0.0
    return params.term_weight * cosine + (1 - params.term_weight) * names


def linked(a: Features, b: Features, params: StoryParams = DEFAULT) -> bool:
    """Tell whether two documents belong to one story: similar enough for the time between them."""
    beyond = max(0, _days_apart(a.published, b.published) - params.window_days)
    penalty = min(params.max_penalty, params.penalty_per_month * beyond / 30)
    return score(a, b, params) >= params.threshold + penalty


def story_id(members: Iterable[tuple[str | None, str]]) -> str:
    """Return a story's id from its earliest member (published date, then document id)."""
    _, first = min((published or UNDATED, doc_id) for published, doc_id in members)
    return hashlib.sha256(f"story:{first}".encode()).hexdigest()[:16]


@dataclass
class _Groups:
    """Union-find over documents, seeded with the stories already stored."""

    parent: dict[str, str] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:  # path compression keeps later finds short
            item, self.parent[item] = self.parent.get(item, item), root
        return root

    def union(self, a: str, b: str) -> None:
        self.nodes |= {a, b}
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class StorySummary:
    """What one stories pass did."""

    added: int  # documents placed for the first time
    removed: int  # documents whose features were dropped (deleted from the store)
    stories: int  # stories in the corpus after the pass
    changed: int  # stories written (new, grown, merged, split or relabelled)


def update_stories(store: Store, params: StoryParams = DEFAULT) -> StorySummary:
    """Place new documents into stories, repair stories that lost documents, relabel what changed.

    >>> update_stories(Store.open("onrecord.db")).stories  # doctest: +SKIP
    12
    """
    with store.transaction() as conn:
        removed, broken = _forget_removed(conn)
        changed = _resplit(conn, broken, params)
        added, merged = _place_new(conn, params)
        changed |= merged
        _write_stories(conn, changed)
        total = conn.execute(select(func.count()).select_from(schema.stories)).scalar() or 0
    return StorySummary(added=added, removed=removed, stories=total, changed=len(changed))


def _forget_removed(conn: Connection) -> tuple[int, set[str]]:
    """Drop features of deleted documents, and of documents dated anew (a dateline's year read again),
    which are then placed again as new; return how many and the stories they belonged to."""
    joined = schema.story_features.outerjoin(schema.documents, F.document_id == D.id)
    gone = conn.execute(select(F.document_id, F.story_id).select_from(joined)
                        .where(D.id.is_(None) | D.published.is_distinct_from(F.published))).all()
    if not gone:
        return 0, set()
    ids = [row.document_id for row in gone]
    conn.execute(delete(schema.story_terms).where(T.document_id.in_(ids)))
    conn.execute(delete(schema.story_features).where(F.document_id.in_(ids)))
    return len(ids), {row.story_id for row in gone if row.story_id}


def _load_features(conn: Connection, where: ColumnElement[bool]) -> dict[str, Features]:
    rows = conn.execute(select(F.document_id, F.published, F.terms, F.entities).where(where))
    return {r.document_id: Features(r.document_id, r.published, json.loads(r.terms),
                                    frozenset(json.loads(r.entities))) for r in rows}


def _copy_links(conn: Connection, doc_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Return (copy, original) pairs touching these documents: a copy is always in its original's story."""
    rows = conn.execute(select(D.id, D.duplicate_of).where(
        D.duplicate_of.is_not(None), (D.id.in_(doc_ids)) | (D.duplicate_of.in_(doc_ids))))
    return [(row.id, row.duplicate_of) for row in rows]


def _resplit(conn: Connection, broken: set[str], params: StoryParams) -> set[str]:
    """Re-cluster the remaining members of stories that lost documents; return the stories touched."""
    touched: set[str] = set()
    for old in sorted(broken):
        members = _load_features(conn, F.story_id == old)
        ids = sorted(members)
        groups = _linked_groups(ids, members, params)
        for copy, original in _copy_links(conn, ids):
            if copy in members and original in members:
                groups.union(copy, original)
        touched.add(old)
        touched |= _assign(conn, _components(groups, ids), members)
    return touched


def _linked_groups(ids: Sequence[str], members: Mapping[str, Features], params: StoryParams) -> _Groups:
    """Return the union-find of the links among documents, found by search: each document is compared
    only with those no link has reached yet, so a story that stays whole costs about one comparison
    per member rather than one per pair."""
    groups = _Groups()
    unreached = dict.fromkeys(ids)  # an ordered set
    while unreached:
        seed = next(iter(unreached))
        del unreached[seed]
        groups.find(seed)
        frontier = [seed]
        while frontier:
            current = members[frontier.pop()]
            for other in [o for o in unreached if linked(current, members[o], params)]:
                del unreached[other]
                groups.union(current.document_id, other)
                frontier.append(other)
    return groups


def _components(groups: _Groups, ids: Iterable[str]) -> list[list[str]]:
    found: dict[str, list[str]] = {}
    for doc_id in ids:
        found.setdefault(groups.find(doc_id), []).append(doc_id)
    return list(found.values())


def _assign(conn: Connection, components: Iterable[list[str]], features: Mapping[str, Features]) -> set[str]:
    """Write each component's story id on its documents; return the ids now in use."""
    used = set()
    for members in components:
        sid = story_id((features[m].published, m) for m in members)
        used.add(sid)
        conn.execute(update(schema.documents).where(D.id.in_(members), D.story_id.is_distinct_from(sid))
                     .values(story_id=sid))
        conn.execute(update(schema.story_features).where(F.document_id.in_(members)).values(story_id=sid))
    return used


def _new_documents(conn: Connection, params: StoryParams) -> list[Features]:
    """Compute features of documents not placed yet, in ingest order."""
    rows = conn.execute(select(D.id, D.title, D.text, D.published).where(D.id.not_in(select(F.document_id)))
                        .order_by(D.ingested_at, D.id)).all()
    if not rows:
        return []
    speakers: dict[str, list[str]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 500):
        for doc_id, speaker in conn.execute(select(S.document_id, S.speaker).where(
                S.document_id.in_(ids[start : start + 500]), S.speaker.is_not(None))):
            speakers.setdefault(doc_id, []).append(speaker)
    return [document_features(r.id, r.title, r.text, r.published, speakers.get(r.id, ()), params)
            for r in rows]


def _candidates(conn: Connection, features: Features, params: StoryParams) -> list[str]:
    """Return placed documents that share enough key terms with a new one.

    Each term contributes at most ``max_postings`` documents, the first by id: a fixed sample, and the
    same documents for every term, so a document in the sample of one term is in that of the others.
    The lookup then costs the same in a store where one story has grown to thousands of documents.
    """
    terms = key_terms(features, params.query_terms)
    if not terms:
        return []
    values = {f"term{k}": term for k, term in enumerate(terms)}
    rows = conn.execute(_candidate_query(len(terms)), {**values, "postings": params.max_postings,
                        "shared": min(params.min_shared, len(terms)), "most": params.max_candidates})
    return [row.document_id for row in rows]


@cache
def _candidate_query(terms: int) -> Select[tuple[str, int]]:
    """Build (once per number of terms) the lookup of documents by the key terms they share."""
    postings = union_all(*(select(T.document_id).where(T.term == bindparam(f"term{k}"))
                           .order_by(T.document_id).limit(bindparam("postings")).subquery().select()
                           for k in range(terms))).subquery()
    shared = func.count().label("shared")
    return (select(postings.c.document_id, shared).group_by(postings.c.document_id)
            .having(shared >= bindparam("shared")).order_by(shared.desc(), postings.c.document_id)
            .limit(bindparam("most")))


def _place_new(conn: Connection, params: StoryParams) -> tuple[int, set[str]]:
    """Link each new document to earlier ones, merge the stories it bridges; return count and stories."""
    new = _new_documents(conn, params)
    if not new:
        return 0, set()
    groups = _Groups()
    known: dict[str, Features] = {}
    stored_story: dict[str, str | None] = {}
    for item in new:
        groups.find(item.document_id)
        candidates = _candidates(conn, item, params)
        missing = [c for c in candidates if c not in known]
        if missing:
            known.update(_load_features(conn, F.document_id.in_(missing)))
            stored_story.update(conn.execute(select(F.document_id, F.story_id).where(F.document_id.in_(missing))).all())
        _link(item, [(known[c], stored_story.get(c)) for c in candidates], groups, params)
        _store_features(conn, item, params)
        known[item.document_id] = item
    new_ids = [item.document_id for item in new]
    for copy, original in _copy_links(conn, new_ids):
        groups.union(copy, original)
    return len(new), _merge(conn, groups, new_ids)


def _link(item: Features, candidates: Sequence[tuple[Features, str | None]], groups: _Groups,
          params: StoryParams) -> None:
    """Union a new document with each candidate (features, stored story) it is linked to.

    One link to a story joins all of it, so the other members of a story already joined are not
    scored: that cannot change the stories, and in one large story it spares nearly every comparison.
    """
    joined: set[str] = set()  # stored stories this document already links to
    for other, story in candidates:
        if story in joined or groups.find(other.document_id) == groups.find(item.document_id):
            continue
        if linked(item, other, params):
            groups.union(item.document_id, other.document_id)
            if story is not None:
                joined.add(story)


def _store_features(conn: Connection, item: Features, params: StoryParams) -> None:
    conn.execute(insert(schema.story_features).values(
        document_id=item.document_id, story_id=None, published=item.published,
        terms=json.dumps(item.terms, sort_keys=True), entities=json.dumps(sorted(item.entities))))
    terms = key_terms(item, params.query_terms)
    if terms:
        conn.execute(insert(schema.story_terms),
                     [{"term": term, "document_id": item.document_id} for term in terms])


def _merge(conn: Connection, groups: _Groups, new_ids: list[str]) -> set[str]:
    """Turn the union-find over new documents and their neighbours into stored story ids."""
    linked_ids = sorted(groups.nodes | set(new_ids))
    components = _components(groups, linked_ids)
    old_stories = {row.story_id for row in conn.execute(
        select(F.story_id).where(F.document_id.in_(linked_ids), F.story_id.is_not(None)).distinct())}
    touched = set(old_stories)
    for members in components:
        stories = {row.story_id for row in conn.execute(
            select(F.story_id).where(F.document_id.in_(members), F.story_id.is_not(None)).distinct())}
        everyone = set(members)
        if stories:
            everyone |= {row.document_id for row in conn.execute(
                select(F.document_id).where(F.story_id.in_(sorted(stories))))}
        dates = dict(conn.execute(select(F.document_id, F.published)
                                  .where(F.document_id.in_(sorted(everyone)))).all())
        sid = story_id((dates.get(m), m) for m in everyone)
        touched.add(sid)
        ids = sorted(everyone)
        conn.execute(update(schema.documents).where(D.id.in_(ids)).values(story_id=sid))
        conn.execute(update(schema.story_features).where(F.document_id.in_(ids)).values(story_id=sid))
    return touched


def _write_stories(conn: Connection, story_ids: set[str]) -> None:
    """Rewrite the rows of the given stories from their members; drop those left without members."""
    if not story_ids:
        return
    ids = sorted(story_ids)
    conn.execute(delete(schema.stories).where(ST.id.in_(ids)))
    for sid in ids:
        members = _load_features(conn, F.story_id == sid)
        if not members:
            continue
        dates = sorted(f.published for f in members.values() if f.published)
        conn.execute(insert(schema.stories).values(
            id=sid, label=_label(conn, members), first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None))


def _label(conn: Connection, members: Mapping[str, Features]) -> str:
    """Name a story by its most quoted speakers and its heaviest terms."""
    speaker = func.coalesce(E.name, S.speaker)
    rows = conn.execute(select(speaker, func.count()).select_from(
        schema.statements.outerjoin(schema.entities, S.speaker_id == E.id))
        .where(S.document_id.in_(sorted(members)), speaker.is_not(None))
        .group_by(speaker).order_by(func.count().desc(), speaker).limit(3)).all()
    actors = [name for name, _ in rows]
    totals: Counter[str] = Counter()
    for item in members.values():
        totals.update(item.terms)
    taken = {word.lower() for name in actors for word in name.split()}
    terms = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])) if t not in taken][:4]
    return f"{', '.join(actors)}: {', '.join(terms)}" if actors else ", ".join(terms)

"""Issue tags from a codebook: statements tagged by meaning, incrementally.

A codebook is YAML: each tag has a description and example phrases (see
``data/codebook.example.yaml``). A statement gets a tag when its sentence embedding is close enough
(cosine) to one of the tag's phrases or its description; it can get several. Statement embeddings are
stored (float16) and each tag's definition is hashed, so after new articles only new statements are
embedded, and after a codebook edit only the edited tags are re-decided over the stored vectors.
Statements no tag fits are grouped by :func:`suggest_groups` so an analyst can name new tags.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import Connection, delete, func, insert, select, update

from onrecord import embeddings
from onrecord.errors import ConfigError
from onrecord.store import Store, schema
from onrecord.stories import weighted_terms

S, EMB, TD = schema.statements.c, schema.statement_embeddings.c, schema.tag_definitions.c
DEFAULT_THRESHOLD = 0.45  # chosen on the fixtures of tests/test_tags.py: recall first, few stray tags
EMBED_BATCH = 256
Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class TagDefinition:
    """One issue tag: what it covers and phrases that say it."""

    name: str
    description: str
    examples: tuple[str, ...]
    threshold: float

    def phrases(self) -> list[str]:
        return [self.description, *self.examples] if self.description else list(self.examples)

    def digest(self) -> str:
        """Return a hash of everything that decides which statements get this tag."""
        key = json.dumps([embeddings.MODEL_NAME, self.description, list(self.examples), self.threshold])
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Codebook:
    """The tags an analyst defined, in file order."""

    tags: tuple[TagDefinition, ...]
    source: str = "<memory>"


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook YAML file; raise ConfigError naming the file when it is malformed.

    >>> load_codebook("src/onrecord/data/codebook.example.yaml").tags[0].name  # doctest: +SKIP
    'foreign-interference'
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the codebook {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"the codebook {path} is not valid YAML: {exc}") from exc
    return parse_codebook(data, str(path))


def parse_codebook(data: Any, origin: str = "<memory>") -> Codebook:
    """Validate a parsed codebook: ``{threshold?, tags: {name: {description, examples, threshold?}}}``."""
    if not isinstance(data, dict) or not isinstance(data.get("tags"), dict) or not data["tags"]:
        raise ConfigError(f"the codebook {origin} needs a 'tags:' mapping of tag name -> "
                          "description and examples")
    default = _threshold(data.get("threshold", DEFAULT_THRESHOLD), origin, "threshold")
    tags = []
    for name, entry in data["tags"].items():
        if not isinstance(entry, dict):
            raise ConfigError(f"the codebook {origin}: tag {name!r} must be a mapping with description "
                              "and examples")
        description = entry.get("description") or ""
        examples = entry.get("examples") or []
        if not isinstance(description, str) or not isinstance(examples, list) \
                or not all(isinstance(e, str) and e.strip() for e in examples):
            raise ConfigError(f"the codebook {origin}: tag {name!r} needs a text description and a list of "
                              "example phrases")
        if not description and not examples:
            raise ConfigError(f"the codebook {origin}: tag {name!r} has neither description nor examples")
        threshold = _threshold(entry.get("threshold", default), origin, f"{name}.threshold")
        phrases = tuple(e.strip() for e in examples)
        tags.append(TagDefinition(str(name), description.strip(), phrases, threshold))
    return Codebook(tuple(tags), origin)


def _threshold(value: Any, origin: str, where: str) -> float:
    if not isinstance(value, int | float) or not 0 < value < 1:
        raise ConfigError(f"the codebook {origin}: {where} must be a number between 0 and 1, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class TagSummary:
    """What one tagging pass did."""

    statements: int  # statements in the store
    embedded: int  # statements embedded in this pass (new ones)
    tagged: int  # statements with at least one tag after the pass
    changed: int  # statements whose tags changed in this pass
    recomputed_tags: list[str] = field(default_factory=list)  # tags new or edited since the last pass
    removed_tags: list[str] = field(default_factory=list)


def _to_blob(vector: np.ndarray) -> bytes:
    return vector.astype("<f2").tobytes()


def _from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f2").astype(np.float32)


def update_embeddings(conn: Connection, embed: Embed) -> set[str]:
    """Embed statements that have no stored vector and drop vectors of deleted statements."""
    conn.execute(delete(schema.statement_embeddings).where(EMB.statement_id.not_in(select(S.id))))
    missing = S.id.not_in(select(EMB.statement_id))
    rows = conn.execute(select(S.id, S.text).where(missing).order_by(S.id)).all()
    for start in range(0, len(rows), EMBED_BATCH):
        chunk = rows[start : start + EMBED_BATCH]
        vectors = embed([text for _, text in chunk])
        conn.execute(insert(schema.statement_embeddings), [
            {"statement_id": sid, "model": embeddings.MODEL_NAME, "vector": _to_blob(vec)}
            for (sid, _), vec in zip(chunk, vectors, strict=True)])
    return {sid for sid, _ in rows}


def stored_embeddings(conn: Connection, ids: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
    """Return statement ids and their stored vectors (all, or those asked for), in id order."""
    query = select(EMB.statement_id, EMB.vector).order_by(EMB.statement_id)
    if ids is not None:
        query = query.where(EMB.statement_id.in_(sorted(ids)))
    rows = conn.execute(query).all()
    if not rows:
        return [], np.zeros((0, embeddings.DIMENSION), dtype=np.float32)
    return [r.statement_id for r in rows], np.stack([_from_blob(r.vector) for r in rows])


def _matches(vectors: np.ndarray, tags: Sequence[TagDefinition], embed: Embed) -> dict[str, np.ndarray]:
    """Return, per tag, which rows reach its threshold against its closest phrase."""
    found = {}
    for tag in tags:
        phrases = embed(tag.phrases())
        # float16 storage: compare rounded scores so a vector and its stored copy decide alike.
        best = np.round((vectors @ phrases.T).max(axis=1), 3) if len(vectors) else np.zeros(0)
        found[tag.name] = best >= tag.threshold
    return found


def tag_statements(store: Store, codebook: Codebook, embed: Embed | None = None) -> TagSummary:
    """Tag statements with a codebook, recomputing only new statements and edited tags.

    >>> summary = tag_statements(Store.open("onrecord.db"), load_codebook("codebook.yaml"))  # doctest: +SKIP
    >>> summary.tagged, summary.changed  # doctest: +SKIP
    (41, 41)
    """
    embed = embed or embeddings.embed
    with store.transaction() as conn:
        new_ids = update_embeddings(conn, embed)
        stored = dict(conn.execute(select(TD.tag, TD.digest)).all())
        wanted = {tag.name: tag for tag in codebook.tags}
        edited = [tag for tag in codebook.tags if stored.get(tag.name) != tag.digest()]
        removed = sorted(set(stored) - set(wanted))
        unchanged = [tag for tag in codebook.tags if tag not in edited]
        new_tags = _decide(conn, edited, unchanged, new_ids, embed)
        changed = _write_tags(conn, new_tags, {t.name for t in edited} | set(removed), set(wanted), new_ids)
        conn.execute(delete(schema.tag_definitions).where(TD.tag.in_(removed + [t.name for t in edited])))
        if edited:
            conn.execute(insert(schema.tag_definitions),
                         [{"tag": t.name, "digest": t.digest()} for t in edited])
        total, tagged = _counts(conn)
    return TagSummary(statements=total, embedded=len(new_ids), tagged=tagged, changed=changed,
                      recomputed_tags=[t.name for t in edited], removed_tags=removed)


def _decide(conn: Connection, edited: Sequence[TagDefinition], unchanged: Sequence[TagDefinition],
            new_ids: set[str], embed: Embed) -> dict[str, set[str]]:
    """Return statement id -> tags it reaches, for edited tags over all and other tags over new ones."""
    decided: dict[str, set[str]] = {}
    for tags, ids in ((edited, None), (unchanged, sorted(new_ids))):
        if not tags or ids == []:
            continue
        statement_ids, vectors = stored_embeddings(conn, ids)
        for name, hits in _matches(vectors, tags, embed).items():
            for sid in np.asarray(statement_ids)[hits]:
                decided.setdefault(str(sid), set()).add(name)
    return decided


def _write_tags(conn: Connection, decided: dict[str, set[str]], recomputed: set[str], wanted: set[str],
                new_ids: set[str]) -> int:
    """Rewrite statements.tags where it changes; return how many statements changed."""
    if recomputed:
        rows = conn.execute(select(S.id, S.tags)).all()
    else:  # no tag edited: only new statements can change
        ids = sorted(new_ids)
        rows = [row for start in range(0, len(ids), 500)
                for row in conn.execute(select(S.id, S.tags).where(S.id.in_(ids[start : start + 500])))]
    changed = 0
    for sid, tags_json in rows:
        old = set(json.loads(tags_json or "[]"))
        # A new statement is decided on every tag; an old one keeps its verdicts on tags not edited.
        keep = set() if sid in new_ids else {t for t in old if t in wanted and t not in recomputed}
        new = sorted(keep | decided.get(sid, set()))
        if new != sorted(old):
            conn.execute(update(schema.statements).where(S.id == sid).values(tags=json.dumps(new)))
            changed += 1
    return changed


def _counts(conn: Connection) -> tuple[int, int]:
    total = conn.execute(select(func.count()).select_from(schema.statements)).scalar() or 0
    tagged = conn.execute(select(func.count()).select_from(schema.statements).where(S.tags != "[]")).scalar()
    return total, tagged or 0


@dataclass(frozen=True)
class Group:
    """Untagged statements that say similar things: a candidate for a new tag."""

    label_terms: list[str]
    statement_ids: list[str]
    examples: list[str]


def suggest_groups(store: Store, similarity: float = 0.6, min_size: int = 2, limit: int = 5000,
                   embed: Embed | None = None) -> list[Group]:
    """Group untagged statements by meaning, largest groups first.

    Each statement joins the most similar group leader (the group's first statement) at or above
    ``similarity``, or leads a new group: unlike single link, a chain of loosely related claims
    never becomes one catch-all group. Only the ``limit`` most recently said untagged statements
    are grouped, since recent claims are the ones an analyst is naming tags for.

    >>> [g.label_terms for g in suggest_groups(Store.open("onrecord.db"))]  # doctest: +SKIP
    [['gas', 'transit', 'price']]
    """
    with store.transaction() as conn:
        update_embeddings(conn, embed or embeddings.embed)
        untagged = dict(conn.execute(select(S.id, S.text).where(S.tags == "[]")
                                     .order_by(func.coalesce(S.said_on, "").desc(), S.id).limit(limit)).all())
        ids, vectors = stored_embeddings(conn, sorted(untagged))
    leaders: list[int] = []
    members: dict[int, list[str]] = {}
    for i, sid in enumerate(ids):
        scores = vectors[leaders] @ vectors[i] if leaders else np.zeros(0)
        best = int(np.argmax(scores)) if len(scores) else -1
        if best >= 0 and scores[best] >= similarity:
            members[leaders[best]].append(sid)
        else:
            leaders.append(i)
            members[i] = [sid]
    groups = [_group([untagged[s] for s in m], m) for m in members.values() if len(m) >= min_size]
    return sorted(groups, key=lambda g: (-len(g.statement_ids), g.statement_ids[0]))


def _group(texts: list[str], ids: list[str]) -> Group:
    totals: Counter[str] = Counter()
    for text in texts:
        totals.update(weighted_terms(text))
    terms = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:4]]
    return Group(terms, ids, texts[:3])

"""Cross-document entity linking against MEANTIME's cross-document coreference: do the statements of one
real speaker, across articles, land on one entity, and those of different speakers on different ones?

Usage: .venv/bin/python bench/entities.py [MEANTIME_DIR]

MEANTIME's cross-document layer gives every annotated entity mention an instance ("Steve Jobs" in any of
the 30 Apple articles is one instance). OnRecord extracts the statements of all 120 articles, links their
speakers across the corpus as ``onrecord ingest`` does (:func:`onrecord.entities.link_entities`, with
the statements' texts), and every statement whose speaker mention overlaps a mention with an instance is
scored. Over the pairs of such statements from different articles, precision is the share of the pairs
put in one entity that share the gold instance, recall the share of the pairs sharing the gold instance
that are put in one entity (pairwise clustering scores).

Baselines, on the same statements in the same run:
  * in-document name: each statement's canonical speaker inside its article, joined only when the
    strings are equal (what OnRecord would give without linking across documents);
  * mention as written: the speaker mention's own text, lower-cased ("he" joins every "he").
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from onrecord.entities import SpeakerRef, link_entities
from onrecord.models import Statement
from onrecord.nlp import load_pipeline
from onrecord.statements import analyse_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/timex.py reads CAT XML too; share its reader
from timex import detokenize  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CROSS_LAYER = "intra_cross-doc_annotation"


@dataclass(frozen=True)
class Instance:
    """An annotated entity mention and the corpus-wide instance it refers to."""

    start: int
    end: int
    instance: str


@dataclass(frozen=True)
class Article:
    """A MEANTIME article: its text (one paragraph per sentence) and its mentions with instances."""

    name: str
    text: str
    mentions: tuple[Instance, ...]


@dataclass(frozen=True)
class Scored:
    """One statement whose speaker mention has a gold instance."""

    article: int
    statement: Statement
    gold: str


def read_articles(folder: Path) -> Iterator[Article]:
    """Yield each article of the cross-document layer with its instance-linked entity mentions."""
    for path in sorted((folder / CROSS_LAYER).glob("corpus_*/*.xml")):
        root = ET.parse(path).getroot()
        text, spans = detokenize(list(root.iter("token")), sentence_break="\n\n")
        yield Article(path.stem, text, tuple(_instances(root, spans)))


def _instances(root: ET.Element, spans: dict[str, tuple[int, int]]) -> Iterator[Instance]:
    """Yield each located mention that REFERS_TO an entity carrying an instance id."""
    instance_of = {e.get("m_id", ""): e.get("instance_id", "") for e in root.iter("ENTITY") if e.get("instance_id")}
    located = {}
    for mention in root.iter("ENTITY_MENTION"):
        anchors = [spans[a.get("t_id", "")] for a in mention.findall("token_anchor")]
        if anchors:
            located[mention.get("m_id", "")] = (anchors[0][0], anchors[-1][1])
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        entity = instance_of.get(target.get("m_id", "") if target is not None else "")
        for source in link.findall("source"):
            if entity and (where := located.get(source.get("m_id", ""))):
                yield Instance(*where, entity)


def scored_statements(articles: list[Article]) -> list[Scored]:
    """Extract every article's statements; keep those whose speaker mention overlaps an instance mention
    (the shortest such mention: "Apple CEO Steve Jobs" holds "Steve Jobs" and "Apple")."""
    found = []
    texts = ((i, a.text) for i, a in enumerate(articles))
    for index, statements in analyse_documents(texts, load_pipeline(), n_process=2):
        for statement in statements:
            start, end = statement.speaker_start, statement.speaker_end
            if start is None or end is None:
                continue
            golds = [m for m in articles[index].mentions if m.start < end and start < m.end]
            if golds:
                gold = min(golds, key=lambda m: (m.end - m.start, m.start))
                found.append(Scored(index, statement, gold.instance))
    return found


def linked(found: list[Scored], articles: list[Article]) -> list[str | None]:
    """Return each statement's entity, linked across the corpus as ``onrecord ingest`` links it."""
    refs = [SpeakerRef(s.statement.speaker, s.statement.speaker_type, s.statement.speaker_role,
                       articles[s.article].name) for s in found if s.statement.speaker]
    _, ids = link_entities(refs, texts=[s.statement.text for s in found])
    return [ids.get(s.statement.speaker) if s.statement.speaker else None for s in found]


def pairwise(found: list[Scored], label: list[str | None]) -> tuple[float, float]:
    """Return pairwise precision and recall over pairs of statements from different articles."""
    together = right_together = same_gold = 0
    for (a, la), (b, lb) in combinations(zip(found, label, strict=True), 2):
        if a.article == b.article:
            continue
        joined = la is not None and la == lb
        together += joined
        same_gold += a.gold == b.gold
        right_together += joined and a.gold == b.gold
    return right_together / max(1, together), right_together / max(1, same_gold)


def main(argv: list[str]) -> int:
    """Run the benchmark on MEANTIME."""
    folder = Path(argv[0]) if argv else SHARED / "meantime-en"
    if not (folder / CROSS_LAYER).is_dir():
        print(f"error: MEANTIME not found under {folder}", file=sys.stderr)
        return 2
    articles = list(read_articles(folder))
    found = scored_statements(articles)
    systems: dict[str, Callable[[], list[str | None]]] = {
        "onrecord": lambda: linked(found, articles),
        "in_document_name": lambda: [s.statement.speaker for s in found],
        "mention_as_written": lambda: [(s.statement.speaker_mention or "").lower() or None for s in found],
    }
    print(f"meantime_articles: {len(articles)}")
    print(f"statements_with_a_gold_instance: {len(found)} in {len({s.article for s in found})} articles, "
          f"{len({s.gold for s in found})} instances")
    scores = {}
    for name, system in systems.items():
        precision, recall = scores[name] = pairwise(found, system())
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"entities_{name}_pairwise: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    ours, base = scores["onrecord"], scores["in_document_name"]
    print(f"summary: cross-document speakers on MEANTIME, pairwise P/R: onrecord {ours[0]:.3f}/{ours[1]:.3f}, "
          f"in-document names {base[0]:.3f}/{base[1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

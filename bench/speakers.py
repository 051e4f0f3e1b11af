"""Speaker resolution against MEANTIME's coreference gold: does each statement's canonical speaker name
the entity its speaker mention refers to?

Usage: .venv/bin/python bench/speakers.py [MEANTIME_DIR]

MEANTIME (120 Wikinews articles) links entity mentions (names, pronouns, "the company", "officials") to
one entity of the document, which carries a descriptive name. OnRecord extracts the statements of each
article; every statement whose speaker mention overlaps an annotated, linked mention is scored. Both of
MEANTIME's layers are read (intra-document and cross-document); a mention linked in either counts.

The gold mention must hold the speaker mention's head word ("United States automaker General Motors" is
scored only where General Motors is annotated, not by the "United States" inside it). A canonical speaker
is right when its words and the words of one of the entity's names are one a contiguous run of the
other: the names are the descriptor (without its notes in brackets) and the names the document writes
for that entity, titles in front left out ("Jobs" and "Apple CEO Steve Jobs" fit "Steve Jobs"; "company"
fits no name of Apple). Mentions are grouped by their head word: pronoun, name, or common noun;
"to resolve" pools pronouns and common nouns.

Baselines, on the same statements in the same run:
  * mention as written: the speaker is the mention's own text, unresolved;
  * nearest name: a name mention becomes the recogniser's entity inside it; a pronoun or common noun
    becomes the nearest entity before it (a PERSON for he/she, a person or organisation otherwise).
MEANTIME annotates only the first sentences of each article, so later statements cannot be scored.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from onrecord.nlp import load_pipeline
from onrecord.statements import analyse_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/timex.py reads CAT XML too; share its reader
from timex import detokenize  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LAYERS = ("intra-doc_annotation", "intra_cross-doc_annotation")
KINDS = ("pronoun", "name", "common noun")
NOT_A_NAME = frozenset({"the", "a", "an", "he", "she", "it", "its", "they", "their", "his", "her", "we",
                        "this", "that", "these", "those", "some", "many", "one"})
# Words of a title or description in front of a name ("Apple CEO Steve Jobs", "automaker Chrysler LLC").
TITLE_WORDS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "ceo", "chief", "executive", "officer", "president", "vice",
    "chairman", "chairwoman", "director", "minister", "secretary", "analyst", "manager", "founder",
    "co-founder", "head", "governor", "senator", "official", "company", "firm", "manufacturer", "automaker",
    "maker", "carrier", "airline", "magazine", "newspaper", "agency", "group", "bank",
})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
GROUP_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass
class GoldMention:
    """An annotated entity mention and the names of the entity it refers to."""

    start: int
    end: int
    names: set[str]


@dataclass
class Article:
    """A MEANTIME article: its text (one paragraph per sentence) and its linked entity mentions."""

    name: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def read_meantime(folder: Path) -> Iterator[Article]:
    """Yield each article with the linked mentions of both annotation layers."""
    for path in sorted((folder / LAYERS[0]).glob("corpus_*/*.xml")):
        article: Article | None = None
        for layer in LAYERS:
            layered = folder / layer / path.parent.name / path.name
            if not layered.is_file():
                continue
            root = ET.parse(layered).getroot()
            text, spans = detokenize(list(root.iter("token")), sentence_break="\n\n")
            article = article or Article(path.stem, text)
            article.mentions += _linked_mentions(root, text, spans)
        if article is not None:
            yield article


def _linked_mentions(root: ET.Element, text: str, spans: dict[str, tuple[int, int]]) -> list[GoldMention]:
    """Return the entity mentions that REFERS_TO links to an entity, each with that entity's names."""
    located: dict[str, tuple[int, int]] = {}
    for mention in root.iter("ENTITY_MENTION"):
        anchors = [spans[a.get("t_id", "")] for a in mention.findall("token_anchor")]
        if anchors:
            located[mention.get("m_id", "")] = (anchors[0][0], anchors[-1][1])
    descriptors = {e.get("m_id", ""): e.get("TAG_DESCRIPTOR", "") for e in root.iter("ENTITY")}
    entity_of: dict[str, str] = {}
    for link in root.iter("REFERS_TO"):
        source, target = link.find("source"), link.find("target")
        if source is not None and target is not None and target.get("m_id", "") in descriptors:
            entity_of[source.get("m_id", "")] = target.get("m_id", "")
    names: dict[str, set[str]] = {entity: {_descriptor(d)} for entity, d in descriptors.items()}
    for mention, entity in entity_of.items():
        if mention in located and (name := _name_in(text[slice(*located[mention])])):
            names[entity].add(name)
    return [GoldMention(*located[m], names[e]) for m, e in entity_of.items() if m in located]


def _descriptor(text: str) -> str:
    """Drop an entity descriptor's notes: "Thomas (Tom) Enders (CEO of Airbus)" -> "Thomas Enders"."""
    return re.sub(r"\([^)]*\)|\s-\s.*$", " ", text)


def _name_in(surface: str) -> str | None:
    """Return the name a mention is written with, after any title in front of it, if it has one.

    "Spokeswoman Sandy Angers" -> "Sandy Angers"; "Apple CEO Steve Jobs" -> "Steve Jobs"; "The company",
    "he" and "Some analysts" -> None.
    """
    words = surface.split()
    titled = [i for i, w in enumerate(words) if w.lower() in TITLE_WORDS]
    name = words[titled[-1] + 1:] if titled else words
    if not name or name[0].lower() in NOT_A_NAME or not all(w[0].isupper() or not w[0].isalpha() for w in name):
        return None
    return " ".join(name)


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w != "the"]


def names_entity(speaker: str | None, names: set[str]) -> bool:
    """Tell whether a speaker's words and one of the entity's names are one a contiguous run of the other."""
    said = _words(speaker or "")
    return bool(said) and any(_run_of(said, words) or _run_of(words, said)
                              for words in map(_words, names) if words)


def _run_of(part: list[str], whole: list[str]) -> bool:
    return any(whole[i:i + len(part)] == part for i in range(len(whole) - len(part) + 1))


@dataclass(frozen=True)
class Case:
    """One scorable statement: its speaker mention, our canonical speaker and the gold mentions it overlaps."""

    article: int
    start: int
    end: int
    ours: str | None
    golds: tuple[GoldMention, ...]


def cases(articles: list[Article], nlp: Language, n_process: int = 2) -> list[Case]:
    """Extract every article's statements; keep those whose speaker mention overlaps a linked gold mention."""
    found = []
    texts = ((i, a.text) for i, a in enumerate(articles))
    for index, statements in analyse_documents(texts, nlp, n_process=n_process):
        for statement in statements:
            start, end = statement.speaker_start, statement.speaker_end
            if start is None or end is None:
                continue
            golds = tuple(m for m in articles[index].mentions if m.start < end and start < m.end)
            if golds:
                found.append(Case(index, start, end, statement.speaker, golds))
    return found


def gold_for(mention: Span, golds: tuple[GoldMention, ...]) -> GoldMention | None:
    """Return the shortest gold mention that holds the speaker mention's head word, if any."""
    head = mention.root.idx
    holding = [m for m in golds if m.start <= head < m.end]
    return min(holding, key=lambda m: m.end - m.start, default=None)


def kind_of(mention: Span) -> str:
    """Group a speaker mention by its head: pronoun, name or common noun."""
    head = mention.root
    if head.pos_ == "PRON":
        return "pronoun"
    if head.pos_ == "PROPN" or any(e.start <= head.i < e.end for e in mention.ents):
        return "name"
    return "common noun"


def as_written(mention: Span, doc: Doc) -> str:
    """Baseline: the mention's own text."""
    return mention.text


def nearest_name(mention: Span, doc: Doc) -> str:
    """Baseline: the entity inside a name mention, else the nearest entity before the mention."""
    inside = [e for e in mention.ents if e.label_ in GROUP_LABELS]
    if inside:
        return inside[-1].text
    person = mention.root.lower_ in PERSON_PRONOUNS
    before = [e for e in doc.ents if e.end <= mention.start
              and (e.label_ == "PERSON" if person else e.label_ in GROUP_LABELS)]
    return before[-1].text if before else mention.text


def report(articles: list[Article], found: list[Case], nlp: Language) -> dict[str, dict[str, float]]:
    """Print accuracy by mention kind for OnRecord and both baselines; return the accuracies."""
    docs = {i: nlp(articles[i].text) for i in sorted({c.article for c in found})}
    systems: dict[str, Callable[[Span, Doc], str]] = {"mention_as_written": as_written,
                                                      "nearest_name": nearest_name}
    totals: Counter[str] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for case in found:
        doc = docs[case.article]
        mention = doc.char_span(case.start, case.end, alignment_mode="expand")
        if mention is None or len(mention) == 0:
            continue
        gold = gold_for(mention, case.golds)
        if gold is None:
            continue
        kind, names = kind_of(mention), gold.names
        totals[kind] += 1
        right["onrecord", kind] += names_entity(case.ours, names)
        for name, system in systems.items():
            right[name, kind] += names_entity(system(mention, doc), names)
    groups = {**{kind: (kind,) for kind in KINDS}, "to resolve": ("pronoun", "common noun"), "all": KINDS}
    results: dict[str, dict[str, float]] = {}
    for system in ("onrecord", *systems):
        results[system] = {}
        for group, kinds in groups.items():
            n, hits = sum(totals[k] for k in kinds), sum(right[system, k] for k in kinds)
            results[system][group] = hits / n if n else 0.0
            print(f"speakers_{system}_{group.replace(' ', '_')}: {results[system][group]:.3f} ({hits}/{n})")
    return results


def main(argv: list[str]) -> int:
    """Run the benchmark on MEANTIME."""
    folder = Path(argv[0]) if argv else SHARED / "meantime-en"
    if not (folder / LAYERS[0]).is_dir():
        print(f"error: MEANTIME not found under {folder}", file=sys.stderr)
        return 2
    articles = list(read_meantime(folder))
    nlp = load_pipeline()
    found = cases(articles, nlp)
    print(f"meantime_articles: {len(articles)}")
    print(f"statements_with_a_linked_gold_speaker: {len(found)}")
    results = report(articles, found, nlp)
    print(f"summary: speaker resolution on MEANTIME, all mentions: onrecord {results['onrecord']['all']:.3f}, "
          f"nearest name {results['nearest_name']['all']:.3f}, mention as written "
          f"{results['mention_as_written']['all']:.3f}; pronouns and common nouns: onrecord "
          f"{results['onrecord']['to resolve']:.3f}, nearest name {results['nearest_name']['to resolve']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

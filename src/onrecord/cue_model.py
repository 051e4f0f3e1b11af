"""Learned attribution cues: statements whose cue is no verb of saying ("wants to ban X", "backed the plan").

The cue lexicon (``data/cues.yaml``) finds what people say. News text also attributes positions,
intentions and beliefs ("Smith supports the bill", "the campaign plans to appeal"), with thousands of
different cue words, most of them rare. Rules over a list cannot follow that tail, so a logistic model
scores every pair the parse offers (a word and one of its complements) that the rules left alone, from
features of the parse: the word, the complement's relation, the subject, tense, negation. A second
logistic model vets the rules' own statements (cue, subject, share in quotes, shape of the content).
A third moves the bounds of a rule's statement. Beside them, each preset but "rules" carries the
attribution tagger (``onrecord.tagger``), which reads every word. Where each model is cut is a preset
(``PRESETS``), the user's choice between precision and recall.

The weights in ``data/cue_model.json`` were fitted on PolNeAR's train split by
``training/train_cue_model.py``. They are numbers per feature name (English words and dependency labels);
no text of the corpus is kept.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from onrecord.errors import ConfigError
from onrecord.nlp import QUOTE_MARK_RE
from onrecord.tagger import AttributionTagger, load_tagger

# Dependents of a word that can hold what someone said, thinks or wants.
COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp"})
# Parts of speech a cue can have: "supports", "support for", "critical of".
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
# Words that open a content and tell its type ("that", "to", "whether").
OPENERS = frozenset({"that", "to", "whether", "if", "how", "what", "why", "who", "when", "where", "the", "a", "an"})
PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "it", "who", "which", "that"})
_SUFFIX_RE = re.compile(r"(?:ing|ed|es|e|s)$")

# Finds who a cue's statement is from (the rules' own subject finder).
SubjectFinder = Callable[[Token], "Span | None"]


@dataclass(frozen=True)
class Candidate:
    """A word that may be a cue, with one complement (or several joined) as its possible content."""

    cue: Token
    relation: str  # "ccomp", "dobj", "prep_for", "dobj+xcomp"
    content: Span
    mention: Span | None  # who would be speaking: the cue's subject


@dataclass(frozen=True)
class Logistic:
    """A logistic model over feature names."""

    weights: dict[str, float]
    bias: float

    def probability(self, features: Sequence[str]) -> float:
        """Return the model's probability for an item with these features."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class CueModel:
    """The learned models and where to cut them: one vets what the rules found, one adds what they
    missed, one moves the bounds of what the rules found, and the tagger finds attributions word by word.

    A rule's statement stays when ``rules`` gives it ``keep_rule`` or more; an open candidate is added
    when ``open`` gives it ``add_open`` or more (above 1: never); a rule's statement takes another span
    when ``bounds`` gives that span ``reach`` or more; a tagged attribution counts when the tagger is
    ``tag_threshold`` or more confident of it.
    """

    rules: Logistic
    open: Logistic
    keep_rule: float
    add_open: float
    bounds: Logistic = Logistic({}, 0.0)  # scores another span for a rule's statement (``boundaries``)
    reach: float = 1.01  # the score a span needs to replace the rules' own (above 1: never)
    tagger: AttributionTagger | None = None  # tags attributions word by word (``onrecord.tagger``)
    tag_threshold: float = 1.01  # the confidence a tagged attribution needs (above 1: none)

    def with_tagger(self, tagger: AttributionTagger | None, threshold: float) -> CueModel:
        """Return this model with the tagger at ``threshold`` (``None``: no tagger)."""
        return replace(self, tagger=tagger, tag_threshold=threshold)


# The trade-offs a user can pick (setting ``extraction``); each names the thresholds of cue_model.json
# and tagger.npz, except "rules": the cue lexicon and the quotation marks alone, no learned weights at all.
PRESETS = ("precise", "balanced", "broad", "rules")
RULES_ONLY = CueModel(Logistic({}, 0.0), Logistic({}, 0.0), keep_rule=0.0, add_open=1.01)


@cache
def load_cue_model(preset: str = "precise", path: str | None = None, tagger_path: str | None = None) -> CueModel:
    """Load the packaged models (or the JSON file at ``path`` and the tagger at ``tagger_path``) with the
    thresholds of ``preset``."""
    if preset not in PRESETS:
        raise ConfigError(f"unknown extraction preset {preset!r}: choose one of {', '.join(PRESETS)}")
    if preset == "rules":
        return RULES_ONLY
    try:
        source = Path(path) if path else resources.files("onrecord").joinpath("data/cue_model.json")
        data = json.loads(source.read_text(encoding="utf-8"))
        cut = data["presets"][preset]
        model = CueModel(_logistic(data["rules"]), _logistic(data["open"]), float(cut["keep_rule"]),
                         float(cut["add_open"]))
        if "bounds" in data:  # a model fitted before bounds were learned moves none
            model = replace(model, bounds=_logistic(data["bounds"]), reach=float(data["bounds"]["threshold"]))
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"cannot read the cue model {path or 'data/cue_model.json'}: {exc}") from exc
    tagger = load_tagger(tagger_path)
    if preset in tagger.thresholds:
        model = model.with_tagger(tagger, tagger.thresholds[preset])
    return model


def _logistic(data: dict[str, Any]) -> Logistic:
    """Build one model from its JSON object."""
    return Logistic({str(k): float(v) for k, v in dict(data["weights"]).items()}, float(data["bias"]))


def stem(word: str) -> str:
    """Return a crude stem that joins a verb's forms ("supports", "supported" -> "support")."""
    word = word.lower()
    return _SUFFIX_RE.sub("", word) if len(word) > 4 else word


def candidates(sent: Span, subject_of: SubjectFinder, free: Callable[[Token], bool]) -> Iterator[Candidate]:
    """Yield every (word, complement) pair of a sentence, each complement alone and all of them joined.

    Only words ``free`` accepts are looked at (the subject search is the costly part).
    """
    for token in sent:
        if token.pos_ not in CUE_POS or not free(token):
            continue
        parts = list(_complements(token))
        mention = subject_of(token) if parts else None
        for relation, head in parts:
            yield Candidate(token, relation, _subtree(head), mention)
        after = [(r, h) for r, h in parts if h.i > token.i]
        if len(after) > 1:
            start = min(h.left_edge.i for _, h in after)
            end = max(h.right_edge.i for _, h in after)
            yield Candidate(token, "+".join(sorted(r for r, _ in after)), sent.doc[start:end + 1], mention)


def _complements(token: Token) -> Iterator[tuple[str, Token]]:
    """Yield (relation, head) for each dependent of ``token`` that can be a content."""
    for child in token.children:
        if child.dep_ in COMPLEMENTS:
            yield child.dep_, child
        elif child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    yield "prep_" + child.lower_, grand
        elif child.dep_ == "acl" and token.pos_ == "NOUN":
            yield "acl", child


def _subtree(head: Token) -> Span:
    """Return the span a head's subtree covers."""
    return head.doc[head.left_edge.i:head.right_edge.i + 1]


def features(candidate: Candidate, lemma: str, kind: str) -> list[str]:
    """Return the feature names of a candidate.

    ``lemma`` is the cue word's lemma as the lexicon knows it, ``kind`` the lexicon list holding it.
    """
    token, relation, content = candidate.cue, candidate.relation, candidate.content
    word = stem(lemma)
    subject = _subject_kind(candidate.mention)
    first = content[0].lower_ if content[0].lower_ in OPENERS else content[0].pos_
    found = [
        f"w={word}", f"d={relation}", f"w|d={word}|{relation}", f"tag={token.tag_}", f"pos={token.pos_}",
        f"tdep={token.dep_}", f"s={subject}", f"w|s={word}|{subject.split(':')[0]}", f"first={first}",
        f"d|first={relation}|{first}", f"len={min(6, int(math.log2(len(content) + 1)))}",
        f"side={'after' if content.start > token.i else 'before'}", f"k={kind}", f"k|d={kind}|{relation}",
        f"f={token.lower_}", f"w|first={word}|{first}", f"tag|d={token.tag_}|{relation}",
        f"ch={content.root.tag_}", f"d|ch={relation}|{content.root.tag_}", f"hdep={token.head.dep_}",
        f"gap={min(3, abs(content.start - token.i) - 1)}",
    ]
    if token.dep_ in ("xcomp", "ccomp", "advcl", "conj", "pcomp", "prep", "pobj", "dobj"):
        found += [f"h={stem(token.head.lower_)}", f"h|w={stem(token.head.lower_)}|{word}"]
    if any(c.dep_ == "neg" for c in token.children):
        found.append("neg")
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        found.append("passive")
    if QUOTE_MARK_RE.search(content.text):
        found.append("quoted")
    return found


def _subject_kind(mention: Span | None) -> str:
    """Describe a cue's subject: none, a pronoun (which one), a name, or a common noun (which one)."""
    if mention is None:
        return "none"
    head = mention.root
    if head.lower_ in PERSONAL:
        return "pron:" + head.lower_
    if head.pos_ == "PROPN":
        return "name"
    return "noun:" + stem(head.lower_)


@dataclass(frozen=True)
class Placed:
    """A candidate with its content's document offsets (trimmed of edge punctuation)."""

    candidate: Candidate
    start: int
    end: int


def open_candidates(
    sentences: Sequence[Span], offsets: dict[int, int], text: str, taken: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]], subject_of: SubjectFinder,
) -> Iterator[Placed]:
    """Yield the candidates the rules left open: someone holds them, cue and content are clear of the
    rules' statements (``taken``).

    PolNeAR gives each word to one attribution at most; and a word inside a quotation (``quoted``) is
    someone's words, not a cue of the writer's.
    """
    closed = [*taken, *quoted]
    for sent in sentences:
        base = offsets[id(sent.doc)]

        def free(token: Token, base: int = base) -> bool:
            at = base + token.idx
            return not any(s <= at < e for s, e in closed)

        for found in candidates(sent, subject_of, free):
            if found.mention is None:
                continue  # "sales are expected to rise": a position held by nobody is no record
            start, end = _trimmed(found.content, base, text)
            if end - start >= 2 and not any(start < e and s < end for s, e in taken):
                yield Placed(found, start, end)


def choose(scored: Sequence[tuple[Placed, float]], threshold: float) -> list[Placed]:
    """Keep the best candidate of each cue word, then the likeliest ones that do not overlap."""
    best: dict[tuple[int, int], tuple[Placed, float]] = {}
    for placed, p in scored:
        key = (id(placed.candidate.cue.doc), placed.candidate.cue.i)
        if p >= threshold and (key not in best or p > best[key][1]):
            best[key] = (placed, p)
    kept: list[Placed] = []
    for placed, _ in sorted(best.values(), key=lambda pair: -pair[1]):
        cue_at = placed.candidate.cue
        if not any(k.start < placed.end and placed.start < k.end or k.candidate.cue == cue_at for k in kept):
            kept.append(placed)
    return sorted(kept, key=lambda placed: placed.start)


def _trimmed(span: Span, base: int, text: str) -> tuple[int, int]:
    """Return a span's document offsets without the spaces and punctuation at its edges."""
    start, end = base + span.start_char, base + span.end_char
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


# Characters a content span does not start or end with.
EDGE = " \t\n,;:.\u2014\u2013-"


def share_name(quoted_share: float) -> str:
    """Name how much of a content is quoted: "direct", "mixed" or "indirect"."""
    return "direct" if quoted_share >= 0.9 else "mixed" if quoted_share > 0 else "indirect"


def rule_features(cue: Token | None, cue_text: str, kind: str, mention: Span | None, content: Span | None,
                  text: str, quoted_share: float) -> list[str]:
    """Return the feature names of a statement the rules found (to vet it).

    ``cue`` is the cue word when the parse has it, ``content`` the content's tokens when it lies in one
    parsed paragraph, ``text`` the content as written and ``quoted_share`` how much of it is in quotes.
    """
    words = cue_text.lower().split() or ["none"]
    word = stem(words[-1])
    subject = _subject_kind(mention)
    share = share_name(quoted_share)
    first = text.split(maxsplit=1)[0].lower() if text.split() else ""
    found = [f"w={word}", f"k={kind}", f"s={subject}", f"w|s={word}|{subject.split(':')[0]}", f"q={share}",
             f"q|k={share}|{kind}", f"w|q={word}|{share}", f"first={first if first in OPENERS else 'other'}",
             f"q|s={share}|{subject.split(':')[0]}"]
    if any(w in ("not", "n't", "never") for w in words):
        found.append("neg")
    if text.rstrip().endswith("?"):
        found.append("question")
    if cue is not None:
        found += [f"tag={cue.tag_}", f"tdep={cue.dep_}", f"pos={cue.pos_}", f"hdep={cue.head.dep_}"]
        if content is not None:
            found.append(f"side={'after' if content.start > cue.i else 'before'}")
            found.append(f"ch={content.root.tag_}")
    else:
        found.append("no_cue_token")
    return found

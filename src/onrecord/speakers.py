"""Resolve a speaker mention to a canonical speaker inside one document.

No coreference model is available, so resolution works on the spaCy parse and entities:
names are expanded to the fullest form the document uses ("Peskov" -> "Dmitry Peskov"), titles
in front of a name become the speaker's role ("Kremlin spokesman Dmitry Peskov"), role nominals
("the spokesman", "the Kremlin representative") find the person holding that role here, and
pronouns find the most salient recent person (or organisation for "they").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its", "we", "us", "our"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Head nouns that name a person by the office they hold.
ROLE_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "representative", "secretary", "president", "minister",
    "chancellor", "premier", "leader", "chief", "head", "director", "chairman", "chairwoman", "chair",
    "governor", "mayor", "senator", "ambassador", "envoy", "official", "aide", "adviser", "advisor",
    "candidate", "nominee", "king", "queen", "prince", "pope", "general", "commander", "prosecutor",
    "judge", "lawyer", "attorney", "congressman", "congresswoman", "lawmaker", "speaker", "manager",
    "executive", "founder", "ceo", "economist", "analyst", "expert", "professor", "author", "strategist",
})
# Different words for the same office: "the Kremlin representative" finds the Kremlin spokesman.
ROLE_SYNONYMS = {"spokesman": "spokes", "spokeswoman": "spokes", "spokesperson": "spokes",
                 "representative": "spokes", "aide": "spokes", "secretary": "spokes"}


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name, entity type and role (any may be unknown)."""

    name: str | None
    type: str | None = None
    role: str | None = None


@dataclass
class _Person:
    """A person the document names, with the roles it gives them."""

    name: str
    first_seen: int
    roles: list[str] = field(default_factory=list)


@dataclass
class SpeakerIndex:
    """What one document says about its people and organisations, for resolving mentions."""

    people: list[_Person] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # lower-cased name -> entity label
    # (start offset, Speaker) of every named person or group mention, in text order.
    mentions: list[tuple[int, Speaker]] = field(default_factory=list)

    def person(self, surface: str) -> _Person | None:
        """Return the person whose fullest name ends like ``surface`` (or equals it)."""
        words = _name_words(surface)
        if not words:
            return None
        for p in self.people:
            names = _name_words(p.name)
            if names[-len(words):] == words or (len(words) == 1 and words[0] in names[-1:]):
                return p
        return None


def _name_words(name: str) -> list[str]:
    """Split a name into lower-cased words without possessive endings."""
    return [w.lower() for w in name.removesuffix("'s").removesuffix("\u2019s").split()]


def build_index(sentences: Sequence[Span]) -> SpeakerIndex:
    """Collect the document's people (fullest names, roles) and groups from its parsed sentences.

    >>> index = build_index(list(nlp("Kremlin spokesman Dmitry Peskov spoke.").sents))  # doctest: +SKIP
    """
    index = SpeakerIndex()
    for sent in sentences:
        for ent in sent.ents:
            if ent.label_ == "PERSON":
                _add_person(index, ent)
            elif ent.label_ in GROUP_LABELS:
                name = _strip_the(ent)
                index.groups.setdefault(name.lower(), ent.label_)
                index.mentions.append((ent.start_char, Speaker(name, ent.label_)))
    return index


def _add_person(index: SpeakerIndex, ent: Span) -> None:
    """Record a PERSON entity: merge it into a known person or add a new one, keep its role."""
    name = ent.text.removesuffix("'s").removesuffix("\u2019s").strip()
    if not name:
        return
    known = index.person(name)
    if known is None:
        known = _Person(name, ent.start_char)
        index.people.append(known)
    elif len(name.split()) > len(known.name.split()):
        known.name = name
    role = role_of(ent)
    if role and role not in known.roles:
        known.roles.append(role)
    index.mentions.append((ent.start_char, Speaker(known.name, "PERSON", role)))


def role_of(ent: Span) -> str | None:
    """Return the title written before or in apposition to a name ("Kremlin spokesman")."""
    head = ent.root
    words = [t for t in head.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
    if words:
        first = min(t.left_edge.i for t in words)
        span = ent.doc[first:ent.start]
        if not any(t.ent_type_ == "PERSON" for t in span):
            return span.text.strip(" ,") or None
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            tokens = [t for t in child.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
            if tokens and tokens[-1].i - tokens[0].i < 6:
                return ent.doc[tokens[0].i:tokens[-1].i + 1].text
    return None


def _strip_the(span: Span) -> str:
    """Return the span's text without a leading article or possessive ending."""
    words = [t for t in span if not (t.i == span.start and t.lower_ in ("the", "a", "an"))]
    text = span.doc[words[0].i:span.end].text if words else span.text
    return text.removesuffix("'s").removesuffix("\u2019s").strip()


def resolve(mention: Span, index: SpeakerIndex, recent: Sequence[Speaker]) -> Speaker:
    """Resolve one speaker mention, given the speakers of the statements before it (latest last).

    >>> resolve(doc[0:1], index, [Speaker("Dmitry Peskov", "PERSON")]).name  # doctest: +SKIP
    'Dmitry Peskov'
    """
    head = mention.root
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        return resolve(_noun_phrase(head.head.head), index, recent)
    if lower in PERSON_PRONOUNS:
        return _antecedent(mention, index, recent, person=True)
    if lower in GROUP_PRONOUNS and head.pos_ == "PRON":
        return _antecedent(mention, index, recent, person=False)
    if head.pos_ == "PRON":
        return Speaker(None)
    return _named(mention, index) or _by_role(mention, index) or Speaker(_strip_the(mention).lower()
                                                                         if _is_common(mention) else
                                                                         _strip_the(mention))


def resolve_name(name: str, index: SpeakerIndex) -> Speaker:
    """Resolve a name found without the parse ("Obama" in a headline "Obama: ...")."""
    person = index.person(name)
    if person is not None:
        return Speaker(person.name, "PERSON", person.roles[0] if person.roles else None)
    return Speaker(name, index.groups.get(name.lower()))


def _noun_phrase(token: Token) -> Span:
    """Return the compact noun phrase headed by ``token`` (no clauses or appositions)."""
    lefts = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod")]
    start = min([t.left_edge.i for t in lefts] + [token.i])
    return token.doc[start:token.i + 1]


def _is_common(mention: Span) -> bool:
    """Tell whether a mention is a common-noun phrase ("the ministry") rather than a name."""
    return mention.root.pos_ == "NOUN" and not any(t.pos_ == "PROPN" for t in mention)


def _named(mention: Span, index: SpeakerIndex) -> Speaker | None:
    """Resolve a mention that carries a name (entity or proper noun)."""
    for ent in mention.ents:
        if ent.label_ == "PERSON":
            person = index.person(ent.text)
            name = person.name if person else ent.text
            return Speaker(name, "PERSON", role_of(ent) or (person.roles[0] if person and person.roles else None))
    for ent in mention.ents:
        if ent.label_ in GROUP_LABELS and ent.root.i == mention.root.i:
            return Speaker(_strip_the(ent), ent.label_)
    if mention.root.pos_ == "PROPN":
        person = index.person(mention.root.text)
        if person:
            return Speaker(person.name, "PERSON", person.roles[0] if person.roles else None)
        label = index.groups.get(_strip_the(mention).lower())
        return Speaker(_strip_the(mention), label)
    return None


def _by_role(mention: Span, index: SpeakerIndex) -> Speaker | None:
    """Resolve "the spokesman" or "the Kremlin representative" to the person holding that role."""
    head = mention.root.lower_
    if head not in ROLE_NOUNS:
        return None
    words = {t.lower_ for t in mention if t.pos_ in ("NOUN", "PROPN", "ADJ")}
    best, best_score = None, 0
    for person in index.people:
        for role in person.roles:
            role_words = {w.lower() for w in role.split()}
            same_office = head in role_words or (
                head in ROLE_SYNONYMS and any(ROLE_SYNONYMS.get(w) == ROLE_SYNONYMS[head] for w in role_words))
            score = 2 * same_office + len((words - {head}) & role_words)
            if same_office or score >= 1 and len(words) > 1:
                if score > best_score:
                    best, best_score = person, score
    if best is None:
        return None
    return Speaker(best.name, "PERSON", _strip_the(mention))


def _antecedent(mention: Span, index: SpeakerIndex, recent: Sequence[Speaker], person: bool) -> Speaker:
    """Find a pronoun's antecedent: the last speaker of the right kind, else the last named one."""
    for speaker in reversed(recent[-4:]):
        if speaker.name and (speaker.type == "PERSON") == person:
            return speaker
    before = [s for start, s in index.mentions if start < mention.start_char and (s.type == "PERSON") == person]
    if before:
        return before[-1]
    return Speaker(None)

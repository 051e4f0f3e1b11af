"""Resolve a speaker mention to a canonical speaker inside one document.

No coreference model is available, so resolution works on the spaCy parse and entities:
names are expanded to the fullest form the document uses ("Peskov" -> "Dmitry Peskov"), titles
in front of a name become the speaker's role ("Kremlin spokesman Dmitry Peskov"), role nominals
("the spokesman", "the Kremlin representative") find the person holding that role here, and
pronouns find the most salient recent person (or organisation for "they"). A person's gender, when the
document shows it (honorifics, gendered role nouns, the pronouns that follow them as subject) or the
name does (a given name that is nearly always a man's or a woman's, a Slavic feminine surname), keeps
"she" from resolving to a man and "he" to a woman.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from onrecord.names import (
    COMMON_WORD_RANK,
    GIVEN_NAMES,
    Gender,
    given_name_gender,
    known_given_names,
    may_be_given_name,
    title_length,
    word_ranks,
    written_full_names,
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its", "we", "us", "our"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# What news calls a company, and the words of a name that show an organisation is one.
COMPANY_NOUNS = frozenset({"company", "firm", "airline", "carrier", "automaker", "carmaker", "bank", "lender",
                           "insurer", "manufacturer", "retailer"})
COMPANY_NAME_WORDS = frozenset({"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "ag", "sa",
                                "holdings", "airlines", "airways", "motors", "bank"})
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
                 "representative": "spokes"}


PRONOUN_GENDER: dict[str, Gender] = {
    **dict.fromkeys(("he", "him", "his", "himself"), "male"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "female"),
}
HONORIFIC_GENDER: dict[str, Gender] = {
    **dict.fromkeys(("mr", "mr.", "sir", "messrs."), "male"),
    **dict.fromkeys(("mrs", "mrs.", "ms", "ms.", "miss", "lady", "dame", "madam"), "female"),
}
# Role and kinship nouns that tell a person's gender. Words like "chairman" or "spokesman" are not
# evidence: newsrooms use them for women too.
ROLE_GENDER: dict[str, Gender] = {
    **dict.fromkeys((
        "husband", "father", "son", "brother", "uncle", "nephew", "grandfather", "grandson", "boyfriend",
        "widower", "king", "prince", "duke", "emperor", "businessman", "congressman", "councilman",
        "assemblyman", "sportsman", "stepfather", "stepson", "fiance", "monk", "dad"), "male"),
    **dict.fromkeys((
        "wife", "mother", "daughter", "sister", "aunt", "niece", "grandmother", "granddaughter", "girlfriend",
        "widow", "queen", "princess", "duchess", "empress", "businesswoman", "congresswoman", "councilwoman",
        "assemblywoman", "spokeswoman", "chairwoman", "sportswoman", "stepmother", "stepdaughter",
        "fiancee", "actress", "waitress", "heiress", "hostess", "nun", "mom", "lady"), "female"),
}
# Evidence weights: a title or role noun says it outright; a feminine surname ending nearly always
# does; one following pronoun may be a misreading.
_STRONG, _NAME, _WEAK = 3, 2, 1


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: canonical name, entity type and role (any may be unknown)."""

    name: str | None
    type: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Mentioned:
    """A person or group named (or quoted as speaker) at ``start``; ``subject`` when it is a subject."""

    start: int
    speaker: Speaker
    subject: bool = False


@dataclass
class _Person:
    """A person the document names, with the roles it gives them."""

    name: str
    roles: list[str] = field(default_factory=list)
    votes: Counter[Gender] = field(default_factory=Counter)  # weighted evidence from this document

    @property
    def gender(self) -> Gender | None:
        """Return the gender the document's evidence and the name point to, if any."""
        votes = self.votes.copy()
        for by_name in (surname_gender(self.name), given_name_gender(self.name)):
            if by_name:
                votes[by_name] += _NAME
        male, female = votes["male"], votes["female"]
        return None if male == female else "male" if male > female else "female"

    @property
    def stated_gender(self) -> Gender | None:
        """Return the gender a title or role noun states outright ("Mrs. Lind", "the actress"), if any;
        a pronoun after the name is too weak to count."""
        male, female = (self.votes[g] // _STRONG for g in ("male", "female"))
        return None if male == female else "male" if male > female else "female"


@dataclass
class SpeakerIndex:
    """What one document says about its people and organisations, for resolving mentions."""

    people: list[_Person] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # lower-cased name -> entity label
    # every named person or group mention, in text order
    mentions: list[Mentioned] = field(default_factory=list)

    def person(self, surface: str, gender: Gender | None = None) -> _Person | None:
        """Return the person whose fullest name ends like ``surface`` (or equals it), of a gender
        compatible with ``gender`` or with the honorific ``surface`` starts with."""
        words = _name_words(surface)
        if len(words) > 1 and words[0] in HONORIFIC_GENDER:
            gender, words = gender or HONORIFIC_GENDER[words[0]], words[1:]
        if not words:
            return None
        for p in self.people:
            # "Peskov" and "Dmitry Peskov" are one person; "Mrs. Lind" is not "Tom Lind"
            if _one_ends_the_other(_name_words(p.name), words) and (gender is None or p.gender in (None, gender)):
                return p
        return None

    def gender_of(self, speaker: Speaker) -> Gender | None:
        """Return the known gender of a speaker (None for groups and people of unknown gender)."""
        person = self.person(speaker.name) if speaker.name and speaker.type == "PERSON" else None
        return person.gender if person else None


def _name_words(name: str) -> list[str]:
    """Split a name into lower-cased words without possessive endings."""
    return [w.lower() for w in name.removesuffix("'s").removesuffix("\u2019s").split()]


def _one_ends_the_other(words: list[str], others: list[str]) -> bool:
    """Tell whether one name's words end the other's ("Clinton", "Hillary Clinton")."""
    shorter = min(len(words), len(others))
    return words[-shorter:] == others[-shorter:]


def build_index(sentences: Sequence[Span]) -> SpeakerIndex:
    """Collect the document's people (fullest names, roles) and groups from its parsed sentences.

    >>> index = build_index(list(nlp("Kremlin spokesman Dmitry Peskov spoke.").sents))  # doctest: +SKIP
    """
    index = SpeakerIndex()
    for n, sent in enumerate(sentences):
        following = sentences[n + 1] if n + 1 < len(sentences) else None
        for ent in sent.ents:
            if not _NAME_RE.match(ent.text):
                continue
            subject = _main_subject(ent.root)
            if ent.label_ == "PERSON":
                ent = _full_name(ent)
                person = _add_person(index, ent)
                _add_evidence(person, ent, following if subject else None)
                index.mentions.append(Mentioned(ent.start_char + _base(sent), Speaker(
                    person.name, "PERSON", role_of(ent)), subject))
            elif ent.label_ in GROUP_LABELS:
                name = _strip_the(ent)
                index.groups.setdefault(name.lower(), ent.label_)
                where = ent.start_char + _base(sent)
                index.mentions.append(Mentioned(where, Speaker(name, ent.label_), subject))
    _add_known_subjects(index, sentences)
    index.mentions.sort(key=lambda m: m.start)
    return index


def _add_known_subjects(index: SpeakerIndex, sentences: Sequence[Span]) -> None:
    """Record a known person or group that is a main-clause subject again where the recogniser did not
    see them ("Mr. Trump was asked about it. He said ...", "Belarus handed them back. It said ..."):
    salience must follow them there too."""
    for sent in sentences:
        for token in sent:
            # a surname that opens a sentence is often tagged as a common noun ("Sanders laughed.")
            named = token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.is_title)
            if not named or token.ent_type_ == "PERSON" or not _main_subject(token):
                continue
            person = _only_person_called(index, token)
            if token.pos_ == "NOUN" and person is None:
                continue
            name = _compound_name(token)
            if person is not None:
                speaker = Speaker(person.name, "PERSON", person.roles[0] if person.roles else None)
            elif not token.ent_type_ and name.lower() in index.groups and not _dateline(token):
                speaker = Speaker(name, index.groups[name.lower()])
            else:
                continue
            index.mentions.append(Mentioned(token.idx + _base(sent), speaker, True))


def _dateline(token: Token) -> bool:
    """Tell whether a name is a dateline the parse took for a subject ("DES MOINES, Iowa - One ...")."""
    first = token.left_edge
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.is_upper and first.i == token.sent.start and after is not None and after.text == ","


def _only_person_called(index: SpeakerIndex, token: Token) -> _Person | None:
    """Return the one known person a surname can mean: None when two share it (Bill and Hillary Clinton),
    or when an honorific in front ("Mrs. Clinton") asks for a gender the person is not known to have."""
    called = [p for p in index.people if _name_words(p.name)[-1:] == [token.lower_]]
    if len(called) != 1:
        return None
    before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    wanted = HONORIFIC_GENDER.get(before)
    return called[0] if wanted is None or called[0].gender == wanted else None


def _main_subject(token: Token) -> bool:
    """Tell whether a name is the subject of a main clause, or in apposition to it ("His rival, X, came
    second"). Only such a name becomes salient: "X said that Y had not spoken" leaves Y inside the
    reported content, and a following "he said" still means X."""
    if token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass"):
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


def _honorific(ent: Span) -> Gender | None:
    """Return the gender of an honorific in front of (or starting) a name ("Mrs. Lind")."""
    titles = [ent[0]] + ([ent.doc[ent.start - 1]] if ent.start > 0 else [])
    return next((HONORIFIC_GENDER[t.lower_] for t in titles if t.lower_ in HONORIFIC_GENDER), None)


def _add_evidence(person: _Person, ent: Span, following: Span | None) -> None:
    """Count what the text says about a person's gender: an honorific or gendered role noun next to
    the name, and the pronoun that picks up the name when it is a main-clause subject."""
    honorific = _honorific(ent)
    if honorific:
        person.votes[honorific] += _STRONG
    nouns = [t for t in ent.root.children if t.dep_ == "appos"]
    if ent.root.dep_ == "appos":
        nouns.append(ent.root.head)
    words = [t.lower_ for t in ent.root.lefts if t.i < ent.start] + [t.lower_ for t in nouns]
    for gender in (ROLE_GENDER.get(w) for w in words):
        if gender:
            person.votes[gender] += _STRONG
    if following is not None:
        gender = _next_pronoun(ent, following)
        if gender:
            person.votes[gender] += _WEAK


def _next_pronoun(ent: Span, following: Span) -> Gender | None:
    """Return the gender of the first subject or possessive pronoun after a subject name, in its
    sentence or the next one of the paragraph, unless another name or a quote comes first (then the
    pronoun may be someone else's)."""
    sent = ent.sent
    tokens = list(sent.doc[ent.end:sent.end])
    if following.doc is sent.doc and following.start == sent.end:
        tokens += list(following)
    for token in tokens:
        if token.is_quote or _may_name_a_person(token):
            return None
        if token.lower_ in PRONOUN_GENDER and token.dep_ in ("nsubj", "nsubjpass", "poss"):
            return PRONOUN_GENDER[token.lower_]
    return None


def _may_name_a_person(token: Token) -> bool:
    """Tell whether a token may be part of a person's name (a proper noun of no other entity type;
    most sentences are not read by the recogniser, so a weekday or month is told by its spelling)."""
    if token.pos_ != "PROPN" or token.ent_type_ not in ("", "PERSON"):
        return False
    return token.ent_type_ == "PERSON" or not _CALENDAR_RE.fullmatch(token.text)


_CALENDAR_RE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June"
                          r"|July|August|September|October|November|December|[A-Z][a-z]{2}\.")


def surname_gender(name: str) -> Gender | None:
    """Return "female" for a surname with a Slavic feminine ending ("Tikhanovskaya", "Kolesnikova").

    Russian, Belarusian and Ukrainian women's surnames keep that ending in English transliteration.
    The masculine endings prove nothing in English text (Monica Lewinsky); English surnames carry no
    mark at all.
    """
    words = name.replace(".", " ").split()
    if len(words) > 1 and _FEMALE_SURNAME_RE.search(words[-1].lower()):
        return "female"
    return None


_FEMALE_SURNAME_RE = re.compile(r"(?:ova|eva|yova|skaya|tskaya)$")


def _base(span: Span) -> int:
    """Return the document offset of the paragraph a span was parsed from (0 if not recorded)."""
    return int(span.doc.user_data.get("onrecord_base", 0))


# A name starts with a capital and has no URL or markup characters in it.
_NAME_RE = re.compile(r"^(?:the |The )?[A-Z][\w.'\u2019 -]*$")


def _full_name(ent: Span) -> Span:
    """Extend a PERSON entity over given names the recogniser left out ("Dmitry" in "Spokesman Dmitry Peskov")
    and drop an honorific from its front."""
    start = ent.start
    while start > 0:
        prev = ent.doc[start - 1]
        if prev.pos_ != "PROPN" or not prev.is_title or prev.lower_ in ROLE_NOUNS or prev.ent_type_ \
                or prev.lower_ in HONORIFIC_GENDER:
            break
        start -= 1
    # "Mrs. Pascoe" is Pascoe: the honorific only tells her gender; "Sen. Marco Rubio" is Marco Rubio;
    # "Billionaire Donald Trump" is Donald Trump: a common word the recogniser took in before a given name
    # and a surname is no given name itself ("Holger Schmieding" keeps a given name the tagger misread)
    while start < ent.end - 1 and (ent.doc[start].lower_ in HONORIFIC_GENDER or _abbreviated_title(ent.doc[start])
                                   or (ent.end - start > 2 and _common_word_before_name(ent.doc[start]))):
        start += 1
    return ent.doc[start:ent.end] if start != ent.start else ent


# A word among this many most frequent English words at the front of a longer name was glued on
# ("Leadership", "Staff"); rarer ones are often given names ("Marc", "Terry", "Laurence").
GLUED_WORD_RANK = 3000


def _common_word_before_name(token: Token) -> bool:
    """Tell whether a word at the front of a name is a common noun or adjective ("Billionaire"), or a
    common English word a headline glued on ("Leadership Marco Rubio"), not a given name the tagger
    misread ("Rose").

    Before a known given name any English word is glued on ("Rival Hillary Clinton", "Pastor Joseph
    Brown"); a rare word there is more often a given name of its own ("Norbert Leo Butz").
    """
    if token.lower_ in GIVEN_NAMES:
        return False
    rank = word_ranks().get(token.lower_, GLUED_WORD_RANK + 1)
    given_name_follows = token.lower_ in word_ranks() and token.nbor().lower_ in GIVEN_NAMES
    return token.pos_ in ("NOUN", "ADJ") or rank <= GLUED_WORD_RANK or given_name_follows


def _abbreviated_title(token: Token) -> bool:
    """Tell whether a word is a title written short ("Sen.", "Gov.", "Lt."), not an initial ("J.")."""
    return token.text.endswith(".") and len(token.text) >= 3 and token.text[:-1].isalpha() and token.is_title


def _add_person(index: SpeakerIndex, ent: Span) -> _Person:
    """Record a PERSON entity: merge it into a known person or add a new one, keep its role."""
    name = ent.text.removesuffix("'s").removesuffix("\u2019s").strip()
    known = index.person(name, _honorific(ent))
    if known is None:
        known = _Person(name)
        index.people.append(known)
    elif len(name.split()) > len(known.name.split()):
        known.name = name
    role = role_of(ent)
    if role and role not in known.roles:
        known.roles.append(role)
    return known


def role_of(ent: Span) -> str | None:
    """Return the title written before or in apposition to a name ("Kremlin spokesman")."""
    head = ent.root
    words = [t for t in head.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
    if words:
        first = min(t.left_edge.i for t in words)
        span = ent.doc[first:ent.start]
        while len(span) and span[-1].lower_ in HONORIFIC_GENDER:
            span = span[:-1]  # "Mr." tells a gender, not a role
        if len(span) and not any(t.ent_type_ == "PERSON" for t in span):
            return span.text.strip(" ,") or None
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            tokens = [t for t in child.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
            if tokens and tokens[-1].i - tokens[0].i < 6:
                return ent.doc[tokens[0].i:tokens[-1].i + 1].text
    return _title_written_before(ent)


def _title_written_before(ent: Span) -> str | None:
    """Return the words of a title right before a name, whatever the parse made of them: in "Putin
    and his Belarusian counterpart Alexander Lukashenko" it hangs the name on Putin."""
    doc, first = ent.doc, ent.start
    if first == 0 or doc[first - 1].pos_ != "NOUN":
        return None
    while first > 0 and first > ent.start - 4 and (doc[first - 1].pos_ in ("NOUN", "ADJ")
                                                  or doc[first - 1].ent_type_ == "NORP"):
        first -= 1
    return doc[first:ent.start].text


def _strip_the(span: Span) -> str:
    """Return the span's text without a leading article or possessive ending."""
    words = [t for t in span if not (t.i == span.start and t.lower_ in ("the", "a", "an"))]
    text = span.doc[words[0].i:span.end].text if words else span.text
    return " ".join(text.removesuffix("'s").removesuffix("\u2019s").split())


def resolve(mention: Span, index: SpeakerIndex, recent: Sequence[Mentioned]) -> Speaker:
    """Resolve one speaker mention, given the speakers of the statements before it (latest last).

    >>> resolve(doc[0:1], index, [Mentioned(0, Speaker("Dmitry Peskov", "PERSON"))]).name  # doctest: +SKIP
    'Dmitry Peskov'
    """
    head = mention.root
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        return resolve(_noun_phrase(head.head.head), index, recent)
    if lower in PERSON_PRONOUNS:
        return _antecedent(mention, index, recent, person=True, gender=PRONOUN_GENDER[lower])
    if lower in GROUP_PRONOUNS and head.pos_ == "PRON":
        return _antecedent(mention, index, recent, person=False)
    if head.pos_ == "PRON":
        return Speaker(None)
    apposed = _apposed_name(head)
    if apposed is not None:
        found = _named(apposed, index)
        if found is not None and found.type == "PERSON":
            return Speaker(found.name, "PERSON", found.role or _strip_the(mention))
    inside = _name_after_organisation(head)
    if inside is not None:
        found = _named(inside, index)
        if found is not None and found.type == "PERSON":  # the role is all before the name
            return Speaker(found.name, "PERSON", _strip_the(head.doc[mention.start:inside.start]))
    return (_named(mention, index) or _by_role(mention, index, recent) or _by_company_noun(mention, index)
            or Speaker(_strip_the(mention)))


def full_names_written(surnames: dict[str, Gender | None], full_names: Iterable[str], text: str) -> dict[str, str]:
    """Return the full name the document writes each person known by one name with, where it writes one:
    a surname after a given name, or for a given name alone ("Steve"), the one surname after it.

    ``surnames`` maps each one-word name to the gender its honorific gives ("Mrs. Lind": female), and
    ``full_names`` are the document's other people, whose given names count besides the packaged list.
    A surname the text writes after two capitalised words ("Rupert Murdoch", "James Murdoch") stays as
    it is. A surname with an honorific refuses a given name of the other gender and the name of another
    speaker (resolution kept them apart).

    >>> full_names_written({"Lind": None}, [], "Rep. Tom Lind spoke. Lind said no.")
    {'Lind': 'Tom Lind'}
    """
    given = known_given_names(full_names)
    written = written_full_names([text], set(surnames))
    found: dict[str, list[str]] = {}
    for name in sorted(written, key=lambda n: (-len(n), n)):  # "George W. Bush" before "George Bush"
        found.setdefault(name.split()[-1], []).append(name)
    # a "Mrs." resolution kept apart from a speaker of that name is another person ("Mrs. Trewin")
    speaking = set(full_names)
    chosen = {}
    for surname, names in found.items():
        gender, wanted = given_name_gender(names[0]), surnames[surname]
        alone = len({n.split()[0] for n in names}) == 1 and names[0].split()[0].lower() in given
        if alone and (wanted is None or (gender in (None, wanted) and names[0] not in speaking)):
            chosen[surname] = names[0]
    for name, wanted in surnames.items():  # a given name alone ("Steve"), where no surname reading fits
        known = GIVEN_NAMES.get(name.lower())
        # written after another name ("Rand Paul"), a given name alone may be a surname: left alone
        if known and name not in found and wanted in (None, known) and (full := _surname_written_after(name, text)):
            chosen[name] = full
    return chosen


def _surname_written_after(given: str, text: str) -> str | None:
    """Return the full name the text writes a given name with, when it writes it with one surname only
    ("Steve" is "Steve Jobs" where no other Steve is named)."""
    found = {f"{given}{m.group(1)} {m.group(2)}" for m in re.finditer(
        rf"\b{re.escape(given)}((?: [A-Z]\.)*) ([A-Z][a-z\u00e0-\u017f-]*(?:['’][A-Z][a-z\u00e0-\u017f-]+)?)\b", text)
        if word_ranks().get(m.group(2).lower(), COMMON_WORD_RANK + 1) > COMMON_WORD_RANK}
    surnames = {name.split()[-1] for name in found}
    return max(sorted(found), key=len) if len(surnames) == 1 else None


def name_people_in_full(index: SpeakerIndex, text: str) -> None:
    """Give each person the index knows by surname alone the full name the document writes elsewhere
    (:func:`full_names_written`), so that its given name tells a pronoun who can be meant; and put
    first the person a shared surname alone stands for (:func:`_add_first_written`)."""
    surnames = {p.name: p.stated_gender for p in index.people if len(p.name.split()) == 1}
    if surnames:
        full = full_names_written(surnames, [p.name for p in index.people if len(p.name.split()) > 1], text)
        for person in index.people:
            person.name = full.get(person.name, person.name)
    _add_first_written(index, text)


def _add_first_written(index: SpeakerIndex, text: str) -> None:
    """Make the person a text names first with a surname the one that surname alone stands for.

    The recogniser reads only some sentences: of "Hillary Rodham Clinton found a way ... accompanied by
    former president Bill Clinton", it may have seen only Bill Clinton, and then every "Clinton" and
    "she" would be him. A story names its main person first and writes the others in full, so the
    first full name written with the surname goes before everyone else of that surname.
    """
    full_names = [p.name for p in index.people if len(p.name.split()) > 1]
    given = known_given_names(full_names)
    for surname in sorted({name.split()[-1] for name in full_names}):
        first = _first_full_name(surname, text, given)
        if first is None or any(_same_person(first, p.name) for p in index.people):
            continue
        at = next(n for n, p in enumerate(index.people) if p.name.split()[-1] == surname)
        index.people.insert(at, _Person(first))


def _same_person(name: str, other: str) -> bool:
    """Tell whether two names of a document are one person: one ends the other ("Clinton", "Hillary
    Clinton"), or both have the same given name and surname ("Donald J. Trump", "Donald Trump")."""
    words, others = _name_words(name), _name_words(other)
    return _one_ends_the_other(words, others) or (words[0], words[-1]) == (others[0], others[-1])


# A capitalised word, hyphenated parts included ("Anne-Marie").
_CAPITALISED = r"[A-Z][a-z\u00e0-\u017f]+(?:-[A-Z]?[a-z\u00e0-\u017f]+)*"


def _first_full_name(surname: str, text: str, given: set[str]) -> str | None:
    """Return the first name the text writes ``surname`` with after one or two words, the first of them
    one of the ``given`` names ("Hillary Rodham Clinton"; "Chris Murphy" of "How Newtown Gave Chris
    Murphy ...")."""
    pattern = rf"(?<![\w-])((?:{_CAPITALISED} )+)((?:[A-Z]\. )*){re.escape(surname)}\b"
    for match in re.finditer(pattern, text):
        words: list[str] = []
        for word in reversed(match.group(1).split()):
            if len(words) == 2 or not may_be_given_name(word):
                break
            words.insert(0, word)
        while words and words[0].lower() not in given:
            words = words[1:]
        if words:
            return f"{' '.join(words)} {match.group(2)}{surname}"
    return None


def resolve_name(name: str, index: SpeakerIndex) -> Speaker:
    """Resolve a name found without the parse ("Obama" in a headline "Obama: ...")."""
    person = index.person(name) or index.person(_without_title(name))  # "Senator Lind: ..." is Lind
    if person is not None:
        written = name.removesuffix("'s").removesuffix("\u2019s").split()
        # "Cecile Richards: ..." over a body that only says "Richards": the headline has the full name
        fuller = written[1:] == person.name.split() and may_be_given_name(written[0])
        return Speaker(" ".join(written) if fuller else person.name, "PERSON",
                       person.roles[0] if person.roles else None)
    return Speaker(name, index.groups.get(name.lower()))


def _without_title(name: str) -> str:
    """Return a name without the titles written before it ("Former Senator Tom Lind" -> "Tom Lind")."""
    words = name.split()
    return " ".join(words[title_length(words):])


def _apposed_name(head: Token) -> Span | None:
    """Return the name set beside a singular title ("The general counsel of the company, Mark Chandler,")."""
    if head.pos_ != "NOUN" or head.tag_ == "NNS":
        return None  # a name speaks for itself; "the two leading Republicans, X and Y" are not one person
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return _noun_phrase(child)
    return None


def _name_after_organisation(head: Token) -> Span | None:
    """Return, for a singular role, a name the parse hung on the organisation after it ("the chairman
    of Acme Corp Jim Lind"): the name closes the object of "of", after an organisation or a common noun.
    "The wife of Jim Lind", "the campaign of Senator Lind" and "the spectacle of Mr. Lind" are not Lind.
    """
    if head.pos_ != "NOUN" or head.tag_ == "NNS" or head.lower_ not in ROLE_NOUNS:
        return None
    for obj in title_objects(head):
        doc = obj.doc
        if obj.ent_type_ != "PERSON" or (obj.i + 1 < len(doc) and doc[obj.i + 1].ent_iob_ == "I"):
            continue
        start = obj.i
        while doc[start].ent_iob_ == "I":
            start -= 1
        before = doc[obj.left_edge.i:start]
        if any(t.ent_type_ in GROUP_LABELS or t.pos_ == "NOUN" for t in before):
            return doc[start:obj.i + 1]
    return None


def title_objects(head: Token) -> list[Token]:
    """Return the objects of "of" after a title and the titles joined to it ("president and chairman of Acme")."""
    titles = [head, *(c for c in head.rights if c.dep_ == "conj")]
    return [o for t in titles for p in t.rights if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.rights if o.dep_ == "pobj"]


def _noun_phrase(token: Token) -> Span:
    """Return the compact noun phrase headed by ``token`` (no clauses or appositions)."""
    lefts = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod")]
    start = min([t.left_edge.i for t in lefts] + [token.i])
    return token.doc[start:token.i + 1]


def _named(mention: Span, index: SpeakerIndex) -> Speaker | None:
    """Resolve a mention that carries a name (entity or proper noun)."""
    for ent in mention.ents:
        if ent.label_ == "PERSON" and ent.start <= mention.root.i < ent.end and _NAME_RE.match(ent.text):
            person = index.person(ent.text, _honorific(ent))
            name = person.name if person else ent.text
            known_role = person.roles[0] if person and person.roles else None
            return Speaker(name, "PERSON", role_of(ent) or known_role)
    # a name the recogniser mistyped or did not read ("Orlov" as ORG) is still the person named in full
    # elsewhere; its first names keep "Hillary Clinton" apart from "Chelsea Clinton"
    proper = mention.root.pos_ == "PROPN" and not _role_tagged_as_name(mention.root)
    person = index.person(_compound_name(mention.root)) if proper else None
    if person:
        return Speaker(person.name, "PERSON", person.roles[0] if person.roles else None)
    for ent in mention.ents:
        if ent.label_ in GROUP_LABELS and ent.root.i == mention.root.i:
            return Speaker(_strip_the(ent), ent.label_)
    if proper:
        label = index.groups.get(_strip_the(mention).lower())
        return _titled_name(mention) or Speaker(_strip_the(mention), label)
    return None


def _titled_name(mention: Span) -> Speaker | None:
    """Return the person a role word names when the recogniser saw no one ("Harbour chief Lind"): the
    capitalised words after a lower-case role noun, with the words before them as the role."""
    head = mention.root
    if head.pos_ != "PROPN" or not head.is_title or head.i != mention.end - 1:
        return None
    start = head.i
    while start > mention.start and head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].is_title:
        start -= 1
    role = head.doc[start - 1] if start > mention.start else None
    if role is None or role.lower_ not in ROLE_NOUNS or not role.is_lower:
        return None
    return Speaker(head.doc[start:head.i + 1].text, "PERSON", _strip_the(head.doc[mention.start:start]))


def _role_tagged_as_name(token: Token) -> bool:
    """Tell whether a proper noun is a role word the tagger took for a name ("Indonesia's transport
    minister" in a headline, "the President"), not a surname, a name's title or part of a name ("Mr. King",
    "President Barack Obama", "the Union Leader")."""
    if token.lower_ not in ROLE_NOUNS:
        return False
    if token.is_lower:
        return True
    titled = any(t.dep_ == "compound" and t.pos_ == "PROPN" for t in token.lefts)
    before_a_name = token.i + 1 < len(token.doc) and token.nbor().ent_type_ == "PERSON"  # "President Barack Obama"
    return not (titled or before_a_name)


def _compound_name(head: Token) -> str:
    """Return a proper noun with the proper nouns compounded in front of it ("Hillary Clinton")."""
    first = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return " ".join(t.text for t in [*first, head])


def _by_role(mention: Span, index: SpeakerIndex, recent: Sequence[Mentioned]) -> Speaker | None:
    """Resolve "the spokesman" or "the Kremlin representative" to the person holding that role here,
    else (for "the ...") to the salient recent person whose known roles do not contradict it."""
    head = mention.root.lower_
    if head not in ROLE_NOUNS:
        return None
    words = {t.lower_ for t in mention if t.pos_ in ("NOUN", "PROPN", "ADJ")} - {head} - _ANY_OFFICE
    best, best_score = None, 0
    for person in index.people:
        for role in person.roles:
            role_words = {w.lower() for w in role.split()}
            office = _office(head) in {_office(w) for w in role_words}
            score = 2 * office + sum(any(_same_word(w, r) for r in role_words) for w in words)
            if (office or score) and score > best_score and not _contradicts(mention.text, role):
                best, best_score = person, score
    if best is not None:
        return Speaker(best.name, "PERSON", _strip_the(mention))
    if mention[0].lower_ != "the":
        return None
    fits = [m for m in recent if not _contradicts(mention.text, m.speaker.role or "")]
    found = _antecedent(mention, index, fits, person=True, gender=ROLE_GENDER.get(head))
    return Speaker(found.name, "PERSON", _strip_the(mention)) if found.name else None


def _by_company_noun(mention: Span, index: SpeakerIndex) -> Speaker | None:
    """Resolve "the company" or "the airline" to the latest organisation named before it whose name says
    it is a company ("Nordic Airlines", "Acme Inc."). Political news calls many things a company that
    it never names so; those stay unresolved rather than fall to whichever organisation came last."""
    if mention.root.lower_ not in COMPANY_NOUNS or mention[0].lower_ != "the" or len(mention) != 2:
        return None
    where = mention.start_char + _base(mention)
    named = [m.speaker for m in index.mentions if m.start < where and m.speaker.type == "ORG" and m.speaker.name
             and COMPANY_NAME_WORDS & set(_name_words(m.speaker.name.replace(".", "")))]
    return named[-1] if named else None


# Words that fit any office: sharing one says nothing of who holds it ("former CEO", "former governor").
_ANY_OFFICE = frozenset({"former", "then", "current", "new", "top", "senior", "acting", "longtime", "veteran"})


def _same_word(word: str, other: str) -> bool:
    """Tell whether two words of a role are one, a country and its people's adjective included
    ("Belarus" and "Belarusian", "China" and "Chinese"), not "minister" and "ministry"."""
    if word == other:
        return True
    shorter, longer = sorted((word, other), key=len)
    stem = shorter[:-1] if len(shorter) > 4 else shorter
    return len(shorter) >= 4 and longer.startswith(stem) and (word.endswith(_DEMONYM_ENDINGS)
                                                               or other.endswith(_DEMONYM_ENDINGS))


_DEMONYM_ENDINGS = ("an", "ese", "ish", "i")


def _contradicts(mention: str, role: str) -> bool:
    """Tell whether a mention and a role name different nationalities ("Russian" vs "Belarusian")."""
    ours, theirs = _nationalities(mention), _nationalities(role)
    return bool(ours and theirs and not ours & theirs)


def _nationalities(text: str) -> set[str]:
    """Return the capitalised nationality adjectives of a role ("Belarusian President" -> {"belarusian"})."""
    return {w.lower() for w in re.findall(r"\b[A-Z][a-z]+(?:an|ese|ish|i|ch)\b", text)}


def names_a_role(sent: Span) -> bool:
    """Tell whether a sentence introduces someone by role ("Belarusian President Alexander Lukashenko")."""
    for token in sent:
        if token.lower_ in ROLE_NOUNS:
            nxt = token.nbor() if token.i + 1 < len(token.doc) else None
            titled = nxt is not None and nxt.pos_ == "PROPN"
            if titled or (token.dep_ == "appos" and token.head.pos_ == "PROPN"):
                return True
    return False


def _office(word: str) -> str:
    """Return the office a role word names, folding synonyms ("representative" -> "spokes")."""
    return ROLE_SYNONYMS.get(word, word)


def _antecedent(
    mention: Span, index: SpeakerIndex, recent: Sequence[Mentioned], person: bool, gender: Gender | None = None
) -> Speaker:
    """Find a pronoun's antecedent by salience: a person (or group) who became the subject of a
    sentence after the last speaker of that kind, else that last speaker, else the last one named.
    A person whose known gender differs from ``gender`` is passed over for the next most salient one
    (a person of unknown gender fits either)."""
    start = mention.start_char + _base(mention)

    def fits(speaker: Speaker) -> bool:
        return _kind_fits(speaker, person) and (not gender or index.gender_of(speaker) in (None, gender))

    earlier = [m for m in recent if m.start < start and m.speaker.name and fits(m.speaker)]
    named = [m for m in index.mentions if m.start < start and fits(m.speaker)
             and not start <= m.start < mention.end_char + _base(mention)]
    last = earlier[-1] if earlier else None
    newer = [m for m in named if m.subject and (last is None or m.start > last.start)]
    if newer:
        return newer[-1].speaker
    if last is not None:
        return last.speaker
    if named:
        return named[-1].speaker
    # the small model often types an unfamiliar name as ORG, or not at all: fall back on the last
    # speaker written as a name ("one user", "the organizer" are nobody's antecedent)
    others = [m for m in recent if m.start < start and m.speaker.name and m.speaker.type != "GPE"
              and _written_as_name(m.speaker.name) and (not gender or index.gender_of(m.speaker) in (None, gender))]
    return others[-1].speaker if others and person else Speaker(None)


def _written_as_name(name: str) -> bool:
    """Tell whether every word of a speaker's name is capitalised ("Ebeling", "Jim Press", not "one user")."""
    return all(word[:1].isupper() for word in name.split())


def _kind_fits(speaker: Speaker, person: bool) -> bool:
    """Tell whether a speaker can be the antecedent of a personal (he/she) or group (it/they) pronoun."""
    return speaker.type == "PERSON" if person else speaker.type in GROUP_LABELS

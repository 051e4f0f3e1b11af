"""Cross-document entity linking: one entity per real speaker, whatever the spelling.

The per-document stages give every statement a canonical speaker name *inside its document*
("Peskov", "Dmitry Peskov", "the Kremlin", "Sviatlana Tsikhanouskaya"). This stage groups those
names across the corpus:

1. names with the same :func:`entity_key` (determiners, titles and transliteration folded away)
   are one entity when their types agree (PERSON never joins ORG/GPE/NORP) and their titles do
   not disagree on gender ("Mr. Clinton" is not "Mrs. Clinton");
2. organisations merge when they differ only by a legal form ("Apple", "Apple Inc.", "Ford Motor
   Company" and "Ford"), and an acronym joins the one organisation whose initials it is ("GM");
   full person names merge when both given name and surname are transliteration variants
   (equal "loose" keys, same grammatical gender, Jaro-Winkler above a floor; a short form counts
   as its formal name, "Joe" as "Joseph") and their middle initials do not disagree;
3. a surname-only mention ("Peskov", "Mr. Trump") joins the one full name with that surname, or
   the overwhelmingly most frequent one (:data:`DOMINANCE_RATIO`), else stays on its own;
   a surname-only person no speaker completes takes its full name from the corpus's texts, when
   several write that surname after one known given name ("Putin" -> "Vladimir Putin", met in quotes);
4. a user alias file (:class:`AliasRules`) forces merges, forbids merges and renames.

A speaker the document could not name ("officials", "the company", "his campaign": no capital
letter anywhere) is no entity: "the company" of one article is not that of the next. Its statements
keep the description and no entity id, unless the alias file names it.

Steps 2 and 3 need one side typed PERSON, so that untyped "House" never joins "White House".

Linking is near-linear: names are blocked by their loose surname key, so only names that could
match are ever compared. Quick timing check (not a test)::

    import random, time
    syl = ["ka", "lo", "mi", "ne", "ru", "sto", "vad", "gor", "pel", "zin"]
    word = lambda: "".join(random.choice(syl) for _ in range(3)).title()
    names = [f"{word()} {word()}" for _ in range(5_000)]
    refs = [SpeakerRef(random.choice(names), "PERSON", None, str(i)) for i in range(50_000)]
    t = time.perf_counter(); link_entities(refs); print(time.perf_counter() - t)  # ~0.1 s
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jellyfish
import yaml

from onrecord.errors import ConfigError
from onrecord.names import (
    GIVEN_NAMES,
    NICKNAMES,
    bare_word,
    given_name_gender,
    known_given_names,
    title_length,
    written_full_names,
)

__all__ = ["DOMINANCE_RATIO", "AliasRules", "Entity", "SpeakerRef", "entity_key", "link_entities"]

# A surname-only mention with several candidate full names joins the most frequent one only when
# it has at least this many times the statements of the runner-up: "Trump" next to 500 "Donald
# Trump" and 3 "Melania Trump" is Donald; "Ivanov" next to 3 "Sergei" and 2 "Viktor" is nobody.
DOMINANCE_RATIO = 10.0

# A full name found only in the texts completes a surname-only speaker when this many texts write it:
# one stray "Paula Jones" must not name every "Jones" of the corpus.
MIN_TEXTS = 2

# Loose keys can collapse short, different words; this Jaro-Winkler floor on the strict keys keeps
# only variants that still look alike (Fedor/Fiodor is 0.77, the weakest true pair we know).
JW_MIN = 0.75

# Loose (vowel-class) matching is only trusted on tokens at least this long: "Bond"/"Band" differ.
LOOSE_MIN_LEN = 5

# fmt: off
_DETERMINERS = frozenset({"the", "a", "an"})
# Titles that tell a man from a woman: "Mrs. Clinton" is not "Mr. Clinton".
_TITLE_GENDER = {
    # "spokesman" and "chairman" are left out: newsrooms use them for women too.
    **dict.fromkeys(["mr", "sir", "lord", "king", "prince", "congressman"], "m"),
    **dict.fromkeys(["mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "congresswoman",
                     "chairwoman", "spokeswoman"], "f"),
}
# Words that end a company's legal name ("Apple Inc.", "General Motors Corporation"), and words of
# trade that a one-word name may carry ("Ford Motor Company" is Ford, "Apple Computer" is Apple).
_LEGAL_FORMS = frozenset({"inc", "incorporated", "corp", "corporation", "company", "co", "llc", "ltd",
                          "limited", "plc", "ag", "sa", "nv", "gmbh", "holdings", "group"})
_TRADE_WORDS = frozenset({"motor", "motors", "computer", "computers"})  # already in folded spelling
_ACRONYM_RE = re.compile(r"^[A-Z]{2,6}$")
_ACRONYM_SKIPPED = frozenset({"of", "and", "the", "for", "&"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SURNAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "la", "le", "bin", "al"})
_PERSON = "PERSON"
_GROUP = "GROUP"  # the type class of organisations, places and groups

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "ye", "i", "yi", "g", "u"],
    strict=True,
))
_SPECIAL_LATIN = {"š": "sh", "č": "ch", "ž": "zh", "ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe",
                  "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
# fmt: on
_LATIN_TABLE = str.maketrans({**_CYRILLIC, **_SPECIAL_LATIN})

# Ordered rewrites that bring transliterations of one name to one spelling.
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"x", "ks"),
        (r"ph", "f"),
        (r"ck", "k"),
        (r"w", "v"),  # Polish/German: Kowalski, Wladimir
        (r"kh", "h"),  # Mikhail / Mihail
        (r"ts(?=[iey])", "t"),  # Belarusian tsekanne: Tsikhanouskaya / Tikhanovskaya
        (r"dz(?=[iey]|m)", "d"),  # Belarusian dzekanne: Dzmitry / Dmitry
        (r"(?<=.)j", "y"),  # Tikhanovskaja, Aleksej (not initial: Jang and Yang are different)
        (r"^[yi]e", "e"),  # Yevgeny / Evgeny / Iermak
        (r"(?<=.)y", "i"),  # Zelensky / Zelenski, Navalnyi, Dmitriy (after the two rules above)
        (r"(?<=[aeo])u(?=[^aeiou]|$)", "v"),  # Belarusian u-breve: Tsikhanouski, Kalesnikau
        (r"(.)\1+", r"\1"),  # doubled letters: Zelenskyy, Dmitrii
        (r"(?<=en|sh)ka$", "ko"),  # Belarusian -ka for Russian -ko: Lukashenka, Latushka
        (r"(?<=sk|ck)aia$", "a"),  # Russian -skaya for Polish/Ukrainian -ska: Zhuravskaya, Zelenska
    )
)
# Vowel classes that transliteration and Belarusian/Russian spelling swap; used only on tokens of
# the same grammatical gender and with a Jaro-Winkler floor, never for exact identity.
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"i[aeo]", "e"),  # yakanne, yo: Sviatlana / Svetlana, Fyodor / Fedor, Pyotr / Petr
        (r"o", "a"),  # akanne: Kalesnikava / Kolesnikova
        (r"(?<=[^aeiou])er$", "r"),  # Alexander / Aleksandr, Peter / Petr
    )
)


@dataclass(frozen=True)
class SpeakerRef:
    """One statement's speaker as a per-document stage named it."""

    name: str
    type: str | None
    role: str | None
    document_id: str


@dataclass
class Entity:
    """One speaker across the corpus (see the ``entities`` export contract)."""

    id: str
    name: str
    type: str | None
    aliases: list[str]
    roles: list[str]
    statement_count: int


@dataclass(frozen=True)
class AliasRules:
    """User corrections applied on top of automatic linking (format: ``data/aliases.example.yaml``)."""

    merge: list[list[str]] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> AliasRules:
        """Read an alias YAML file; ``None`` gives empty rules.

        >>> AliasRules.load(None).merge
        []
        """
        if path is None:
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"alias file {path}: cannot be read ({exc.strerror or exc})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"alias file {path}: not valid YAML ({exc})") from exc
        try:
            rules = _rules_from_data(data)
        except ValueError as exc:
            raise ConfigError(f"alias file {path}: {exc}; see data/aliases.example.yaml") from exc
        return rules


def _rules_from_data(data: Any) -> AliasRules:
    """Validate parsed YAML into rules, raising ValueError with the problem."""
    if data is None:
        return AliasRules()
    if not isinstance(data, dict):
        raise ValueError(
            f"the top level must be a mapping with merge/split/rename, not {type(data).__name__}"
        )
    unknown = sorted(str(key) for key in data if key not in {"merge", "split", "rename"})
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (allowed: merge, split, rename)")
    rules = AliasRules(
        merge=_name_groups(data.get("merge"), "merge"),
        split=_name_groups(data.get("split"), "split"),
        rename=_rename_map(data.get("rename")),
    )
    _check_no_contradiction(rules)
    return rules


def _name_groups(value: Any, key: str) -> list[list[str]]:
    """Validate a list of name groups (each a list of at least two names)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"'{key}' must be a list of name lists")
    groups = []
    for number, group in enumerate(value, start=1):
        if not isinstance(group, list) or len(group) < 2:
            raise ValueError(f"'{key}' entry {number} must be a list of at least two names")
        if not all(isinstance(name, str) and name.strip() for name in group):
            raise ValueError(f"'{key}' entry {number} must contain only non-empty names")
        groups.append([name.strip() for name in group])
    return groups


def _rename_map(value: Any) -> dict[str, str]:
    """Validate the rename mapping (name -> display name)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("'rename' must be a mapping of name: display name")
    for name, display in value.items():
        if not (isinstance(name, str) and isinstance(display, str) and name.strip() and display.strip()):
            raise ValueError(f"'rename' entry {name!r}: {display!r} must map a name to a non-empty name")
    return {name.strip(): display.strip() for name, display in value.items()}


def _check_no_contradiction(rules: AliasRules) -> None:
    """Refuse a split between two names that merge groups join (directly or through a chain)."""
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for group in rules.merge:
        for name in group[1:]:
            parent[find(name)] = find(group[0])
    for group in rules.split:
        roots: dict[str, str] = {}
        for name in group:
            other = roots.setdefault(find(name), name)
            if other != name:
                raise ValueError(f"'{other}' and '{name}' are both merged and split")


# --- names and keys -------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """Lower-case ``text`` and spell it in plain ASCII letters (Cyrillic, diacritics)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)  # names repeat their tokens a lot: fold each once
def _fold_token(token: str) -> str:
    """Fold one name token to its transliteration-neutral spelling.

    >>> [_fold_token(t) for t in ("Tsikhanouskaya", "Tikhanovskaja", "Zelenskyy", "Lukashenka")]
    ['tihanovska', 'tihanovska', 'zelenski', 'lukashenko']
    """
    folded = re.sub(r"[^a-z]", "", _ascii(token))
    for pattern, replacement in _FOLD_RULES:
        folded = pattern.sub(replacement, folded)
    # Scripts we do not transliterate (Chinese, Arabic...) keep their own letters as the key.
    return folded or re.sub(r"\W", "", token.casefold())


def _loose(folded: str) -> str:
    """Collapse the vowel classes that transliterations swap (for same-gender comparison only)."""
    for pattern, replacement in _LOOSE_RULES:
        folded = pattern.sub(replacement, folded)
    return folded


def _is_feminine(folded: str) -> bool:
    """Tell Slavic feminine forms (Ivanova, Tikhanovskaia) from masculine ones by the final -a."""
    return folded.endswith("a")


def _clean_name(name: str) -> list[str]:
    """Split a name into tokens without leading determiners, titles, possessive or Jr./Sr.

    >>> _clean_name("the Kremlin"), _clean_name("Kremlin spokesman Dmitry Peskov")
    (['Kremlin'], ['Dmitry', 'Peskov'])
    """
    return _tidy(_split_title(name)[1], name)


def _split_title(name: str) -> tuple[list[str], list[str]]:
    """Split a name's tokens into its leading determiners and titles, and the rest."""
    tokens = name.split()
    start = 0
    while start < len(tokens) - 1 and bare_word(tokens[start]) in _DETERMINERS:
        start += 1
    end = start + title_length(tokens[start:])
    return tokens[:end], tokens[end:]


def _tidy(tokens: list[str], name: str) -> list[str]:
    """Drop a possessive, trailing Jr./Sr. and letterless tokens from name tokens."""
    if tokens:
        tokens[-1] = re.sub(r"['’]s?$", "", tokens[-1])
    while len(tokens) > 1 and bare_word(tokens[-1]) in _NAME_SUFFIXES:
        tokens = tokens[:-1]
    return [token for token in tokens if _fold_token(token)] or name.split()


def entity_key(name: str) -> str:
    """Return the normalised, transliteration-folded key used for matching names.

    >>> entity_key("the Kremlin"), entity_key("President Vladimir Putin")
    ('kremlin', 'vladimir putin')
    >>> entity_key("Sviatlana Tsikhanouskaya") == entity_key("Sviatlana Tikhanovskaja")
    True
    """
    return " ".join(_fold_token(token) for token in _clean_name(name))


@dataclass(frozen=True)
class _NameForm:
    """A distinct input name, parsed once: display tokens, folded parts and corpus counts."""

    name: str
    display: str
    key: str
    given: str | None  # folded given name; None for surname-only mentions
    initial: str | None  # "D. Peskov": the given name's initial
    middle: str  # initials of middle names of a full name: "hw" for "George H. W. Bush"
    surname: str
    type_class: str | None
    gender: str | None  # "m" or "f" when a title says so ("Mr.", "Mrs.")
    count: int

    @property
    def is_full(self) -> bool:
        """Tell whether the name has a full given name and a surname."""
        return self.given is not None


def _parse(name: str, type_class: str | None, count: int) -> _NameForm:
    """Parse one input name into its matching parts."""
    title, rest = _split_title(name)
    tokens = _tidy(rest, name)
    folded = [_fold_token(token) for token in tokens]
    genders = {_TITLE_GENDER[bare_word(token)] for token in title if bare_word(token) in _TITLE_GENDER}
    given: str | None = None
    initial: str | None = None
    if len(folded) > 1 and bare_word(tokens[0]) not in _SURNAME_PARTICLES:
        if len(folded[0]) == 1:
            initial = folded[0]
        else:
            given = folded[0]
    gender = genders.pop() if len(genders) == 1 else None
    middle = "".join(token[0] for token in folded[1:-1]) if given else ""
    return _NameForm(
        name=name,
        display=" ".join(tokens),
        key=" ".join(folded).strip(),
        given=given,
        initial=initial,
        middle=middle,
        surname=folded[-1],
        type_class=type_class,
        gender=gender,
        count=count,
    )


def _surname_block(form: _NameForm) -> tuple[str, bool]:
    """Return the blocking key of a name's surname: its loose spelling and its gender."""
    return _loose(form.surname), _is_feminine(form.surname)


def _type_class(entity_type: str | None) -> str | None:
    """Map a NER type to the class that must agree for a merge.

    PERSON stands alone; ORG, GPE, NORP and the like form one class because spaCy labels the same
    institution inconsistently ("the Kremlin" ORG, "Kremlin" GPE).
    """
    if entity_type is None:
        return None
    return _PERSON if entity_type == _PERSON else _GROUP


def _tokens_match(a: str, b: str) -> bool:
    """Tell whether two folded name tokens are spellings of one name."""
    if a == b:
        return True
    if min(len(a), len(b)) < LOOSE_MIN_LEN or _is_feminine(a) != _is_feminine(b):
        return False
    return _loose(a) == _loose(b) and jellyfish.jaro_winkler_similarity(a, b) >= JW_MIN


# Short forms of given names, folded as names are ("joe" -> the folding of "joseph").
_FORMAL_NAMES = {_fold_token(short): _fold_token(formal) for short, formal in NICKNAMES.items()}


# --- clustering -----------------------------------------------------------------------------


class _Clusters:
    """Union-find over names that refuses merges across types, title genders or a user split."""

    def __init__(self, forms: list[_NameForm], rules: AliasRules) -> None:
        self.parent = list(range(len(forms)))
        self.type_class = [form.type_class for form in forms]
        self.gender = [form.gender for form in forms]
        self.count = [form.count for form in forms]
        self.full = [form.is_full for form in forms]
        # For every user split group, which member (by index) a cluster contains.
        self.split_slots: list[dict[int, int]] = [{} for _ in forms]
        lookup = _RuleLookup(forms)
        for group_index, group in enumerate(rules.split):
            for slot, name in enumerate(group):
                for node in lookup.nodes(name):
                    self.split_slots[node].setdefault(group_index, slot)

    def find(self, node: int) -> int:
        """Return the root of ``node``'s cluster."""
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: int, b: int, forced: bool = False) -> None:
        """Merge the clusters of ``a`` and ``b`` unless ``compatible`` refuses and it is not forced."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not forced and not self.compatible(ra, rb)):
            return
        ra, rb = min(ra, rb), max(ra, rb)  # deterministic root whatever the call order
        self.parent[rb] = ra
        self.type_class[ra] = self.type_class[ra] or self.type_class[rb]
        self.gender[ra] = self.gender[ra] or self.gender[rb]
        self.count[ra] += self.count[rb]
        self.full[ra] = self.full[ra] or self.full[rb]
        self.split_slots[ra] = {**self.split_slots[rb], **self.split_slots[ra]}

    def compatible(self, a: int, b: int) -> bool:
        """Tell whether two clusters may merge: types and genders agree (unknown agrees), no split."""
        ra, rb = self.find(a), self.find(b)
        if not _agree(self.type_class[ra], self.type_class[rb]) or not _agree(
            self.gender[ra], self.gender[rb]
        ):
            return False
        slots_a, slots_b = self.split_slots[ra], self.split_slots[rb]
        return all(slots_a[group] == slot for group, slot in slots_b.items() if group in slots_a)


def _agree(a: str | None, b: str | None) -> bool:
    """Tell whether two optional labels agree (an unknown one agrees with anything)."""
    return a is None or b is None or a == b


class _RuleLookup:
    """Find the input names a user rule names: the exact name if seen, else every name with its key.

    Exact names come first so that a rule can tell apart two names that fold to one key
    ("split: [[Dmitry Peskov, Dmitri Peskov]]").
    """

    def __init__(self, forms: list[_NameForm]) -> None:
        self.by_name = {form.name.strip(): node for node, form in enumerate(forms)}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for node, form in enumerate(forms):
            self.by_key[form.key].append(node)

    def nodes(self, rule_name: str) -> list[int]:
        """Return the input names (by index) that ``rule_name`` designates."""
        if rule_name in self.by_name:
            return [self.by_name[rule_name]]
        return self.by_key.get(entity_key(rule_name), [])


def _apply_user_merges(clusters: _Clusters, forms: list[_NameForm], rules: AliasRules) -> None:
    """Force the user's merge groups together (they win over every automatic refusal)."""
    lookup = _RuleLookup(forms)
    for group in rules.merge:
        nodes = [node for name in group for node in lookup.nodes(name)]
        for node in nodes[1:]:
            clusters.union(nodes[0], node, forced=True)


def _merge_same_key(clusters: _Clusters, forms: list[_NameForm]) -> None:
    """Merge names with one key and one type class; untyped names join only an unambiguous class."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for node, form in enumerate(forms):
        by_key[form.key].append(node)
    for nodes in by_key.values():
        by_class: dict[str | None, list[int]] = defaultdict(list)
        for node in nodes:
            by_class[forms[node].type_class].append(node)
        for members in by_class.values():
            for node in members[1:]:
                clusters.union(members[0], node)
        untyped = by_class.pop(None, [])
        if untyped and len(by_class) == 1:
            clusters.union(next(iter(by_class.values()))[0], untyped[0])


def _company_core(display: str) -> str:
    """Return a company name without its legal form, folded.

    >>> _company_core("Ford Motor Company"), _company_core("General Motors Corp."), _company_core("Apple Corps")
    ('ford motor', 'general motors', 'aple corps')
    """
    tokens = display.split()
    while len(tokens) > 1 and bare_word(tokens[-1]) in _LEGAL_FORMS:
        tokens = tokens[:-1]
    return " ".join(_fold_token(token) for token in tokens)


def _merge_company_names(clusters: _Clusters, forms: list[_NameForm], organisations: list[int]) -> None:
    """Merge organisations that are one company once legal forms are set aside ("Apple", "Apple Inc."),
    and a one-word company with its name and a trade word ("Ford", "Ford Motor"; not "General Motors")."""
    by_core: dict[str, list[int]] = defaultdict(list)
    for node in organisations:
        by_core[_company_core(forms[node].display)].append(node)
    for core, nodes in by_core.items():
        for node in nodes[1:] if core else []:
            clusters.union(nodes[0], node)
    for core, nodes in by_core.items():
        name, _, trade = core.partition(" ")
        if trade in _TRADE_WORDS and by_core.get(name):
            clusters.union(by_core[name][0], nodes[0])


def _merge_acronyms(clusters: _Clusters, forms: list[_NameForm], organisations: list[int]) -> None:
    """Merge an organisation written as an acronym ("GM") into the one organisation whose initials it is
    ("General Motors"); an acronym two organisations share stays apart."""
    by_initials: dict[str, set[int]] = defaultdict(set)
    for node in organisations:
        words = [w for w in _company_core(forms[node].display).split() if w not in _ACRONYM_SKIPPED]
        if len(words) > 1:
            by_initials["".join(w[0] for w in words)].add(clusters.find(node))
    for node in organisations:
        display = forms[node].display
        targets = by_initials.get(display.lower(), set()) if _ACRONYM_RE.match(display) else set()
        if len(targets) == 1:
            clusters.union(next(iter(targets)), node)


def _merge_full_names(clusters: _Clusters, forms: list[_NameForm]) -> None:
    """Merge full person names whose given name and surname are both spelling variants (a short form
    counts as its formal name: "Joe Biden" is "Joseph R. Biden").

    Names with the same middle initials (or both without) merge first; a name without middle
    names then joins a middled one only if it is the only one: "George Bush" stays apart when
    both "George W. Bush" and "George H. W. Bush" are known.
    """
    blocks: dict[tuple[str, bool, str, bool], list[int]] = defaultdict(list)
    for node, form in enumerate(forms):
        if form.given is not None and form.type_class != _GROUP:
            given = _formal(form.given)
            blocks[(*_surname_block(form), _loose(given), _is_feminine(given))].append(node)
    unmiddled_choices: dict[int, set[int]] = defaultdict(set)
    for nodes in blocks.values():
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                if not _full_names_match(forms[a], forms[b]):
                    continue
                if forms[a].middle == forms[b].middle:
                    clusters.union(a, b)
                elif not (forms[a].middle and forms[b].middle):
                    plain, middled = (a, b) if not forms[a].middle else (b, a)
                    unmiddled_choices[plain].add(middled)
    for plain, choices in sorted(unmiddled_choices.items()):
        if len({clusters.find(node) for node in choices}) == 1:
            clusters.union(plain, min(choices))


def _full_names_match(a: _NameForm, b: _NameForm) -> bool:
    """Tell whether two full names, one of them typed PERSON, have matching given names and surnames."""
    return (
        _PERSON in (a.type_class, b.type_class)
        and _tokens_match(a.surname, b.surname)
        and _tokens_match(_formal(a.given or ""), _formal(b.given or ""))
    )


def _formal(given: str) -> str:
    """Return the formal given name a folded short form stands for ("joe" -> "josef"), else the name."""
    return _FORMAL_NAMES.get(given, given)


def _attach_partial_names(clusters: _Clusters, forms: list[_NameForm]) -> None:
    """Attach surname-only and initial+surname mentions to their unique (or dominant) full name.

    One side must be typed PERSON: an untyped "House" must not become an untyped "White House".
    """
    full_by_surname: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for node, form in enumerate(forms):
        if form.given is not None and form.type_class != _GROUP:
            full_by_surname[_surname_block(form)].append(node)
    # Counts are read before any attachment so that the order of attachments cannot matter.
    cluster_count = {clusters.find(n): clusters.count[clusters.find(n)] for n in range(len(forms))}
    partial_groups: dict[int, list[int]] = defaultdict(list)
    for node, form in enumerate(forms):
        root = clusters.find(node)
        if not clusters.full[root] and form.type_class != _GROUP:
            partial_groups[root].append(node)
    # Choose every target against the same state, then attach: the order cannot matter.
    choices: dict[int, int] = {}
    for root, members in sorted(partial_groups.items()):
        candidates = {
            clusters.find(full)
            for node in members
            for full in full_by_surname.get(_surname_block(forms[node]), [])
            if _partial_matches(forms[node], forms[full]) and clusters.compatible(root, full)
        }
        if clusters.type_class[root] != _PERSON:
            candidates = {cand for cand in candidates if clusters.type_class[cand] == _PERSON}
        target = _choose_candidate(sorted(candidates), cluster_count)
        if target is not None:
            choices[root] = target
    contested = _contested_targets(choices, clusters)
    for root, target in sorted(choices.items()):
        if target not in contested or clusters.gender[root] is None:
            clusters.union(target, root)


def _contested_targets(choices: dict[int, int], clusters: _Clusters) -> set[int]:
    """Return full names of unknown gender that both a "Mr." and a "Mrs." mention chose."""
    genders: dict[int, set[str]] = defaultdict(set)
    for root, target in choices.items():
        gender = clusters.gender[root]
        if gender is not None and clusters.gender[target] is None:
            genders[target].add(gender)
    return {target for target, seen in genders.items() if len(seen) > 1}


def _partial_matches(partial: _NameForm, full: _NameForm) -> bool:
    """Tell whether a surname-only or initial mention can refer to ``full``."""
    if partial.initial is not None and not (full.given or "").startswith(partial.initial):
        return False
    return _tokens_match(partial.surname, full.surname)


def _choose_candidate(candidates: list[int], cluster_count: dict[int, int]) -> int | None:
    """Pick the only candidate, or the dominant one by DOMINANCE_RATIO; None when ambiguous."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    ranked = sorted(candidates, key=lambda root: (-cluster_count[root], root))
    first, second = cluster_count[ranked[0]], cluster_count[ranked[1]]
    return ranked[0] if first >= DOMINANCE_RATIO * second else None


# --- full names from the texts ----------------------------------------------------------------


def _complete_from_texts(clusters: _Clusters, forms: list[_NameForm], texts: Iterable[str]) -> dict[int, _NameForm]:
    """Return, for each surname-only person no full-name speaker joined, the full name the texts give it.

    The texts must agree: one full name, or one written DOMINANCE_RATIO times as often as the next, in
    :data:`MIN_TEXTS` texts or more. Its given name must be one the packaged list knows or a full-name
    speaker of the corpus bears ("Sviatlana"); a surname that is itself a given name ("Bill") is left
    alone. A "Mrs." keeps away from a man's given name. Where a speaker bears that full name, the
    surname joins its entity ("Rubio" stayed apart from "Marco Rubio" while the recogniser also gave
    "Mario Rubio"); otherwise the full name only names the entity.
    """
    partial = {clusters.find(n): form for n, form in enumerate(forms)
               if not clusters.full[clusters.find(n)] and clusters.type_class[clusters.find(n)] == _PERSON
               and form.display.split()[-1].lower() not in GIVEN_NAMES}
    if not partial:
        return {}
    given = known_given_names(f.display for f in forms if f.is_full and f.type_class == _PERSON)
    written = written_full_names(texts, {form.display.split()[-1] for form in partial.values()})
    found = [_parse(name, _PERSON, count) for name, count in sorted(written.items()) if count >= MIN_TEXTS]
    speakers_by_key = {form.key: node for node, form in enumerate(forms) if form.is_full}
    completed = {}
    for root, form in sorted(partial.items()):
        fitting = [f for f in found if _partial_matches(form, f) and _gender_fits(clusters.gender[root], f)]
        ranked = sorted(fitting, key=lambda f: (-f.count, f.name))
        if not ranked or (len(ranked) > 1 and ranked[0].count < DOMINANCE_RATIO * ranked[1].count):
            continue
        if ranked[0].display.split()[0].lower() not in given:  # a rare capitalised word, not a known name
            continue
        speaker = speakers_by_key.get(ranked[0].key)
        if speaker is not None:  # a speaker bears that full name: join it
            clusters.union(speaker, root)
        else:
            completed[root] = ranked[0]
    return {clusters.find(root): form for root, form in completed.items()}


def _gender_fits(title_gender: str | None, full: _NameForm) -> bool:
    """Tell whether a title's gender ("m", "f") allows a full name's given name."""
    gender = given_name_gender(full.display)
    return title_gender is None or gender is None or gender[0] == title_gender

# --- entities -------------------------------------------------------------------------------


@dataclass
class _NameStats:
    """Per input name: how often it was seen, with which types and roles."""

    count: int = 0
    types: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)


def _named(name: str) -> bool:
    """Tell whether a speaker is named (a capital letter somewhere), not only described ("officials")."""
    return any(char.isupper() for char in name)


def _rule_keys(rules: AliasRules) -> set[str]:
    """Return the keys of every name the user's alias rules mention."""
    names = [*(n for group in rules.merge + rules.split for n in group), *rules.rename]
    return {entity_key(name) for name in names}


def _collect(refs: Iterable[SpeakerRef]) -> dict[str, _NameStats]:
    """Count statements, types and roles per distinct non-empty input name."""
    stats: dict[str, _NameStats] = defaultdict(_NameStats)
    for ref in refs:
        if not ref.name.strip():
            continue
        entry = stats[ref.name]
        entry.count += 1
        if ref.type:
            entry.types[ref.type] += 1
        if ref.role and ref.role.strip():
            entry.roles[ref.role.strip()] += 1
    return stats


def _most_common(counter: Counter[str]) -> str | None:
    """Return the most frequent key, ties broken alphabetically; None when empty."""
    return min(counter, key=lambda key: (-counter[key], key)) if counter else None


def _display_form(forms: list[_NameForm]) -> _NameForm:
    """Pick the name whose cleaned form is the fullest and most frequent in a cluster."""
    counts: Counter[str] = Counter()
    for form in forms:
        counts[form.display] += form.count
    return min(
        forms, key=lambda f: (not f.is_full, -counts[f.display], -len(f.display.split()), f.display, f.name)
    )


def _renamed(forms: list[_NameForm], rename_by_key: dict[str, str]) -> str | None:
    """Return the user's display name for a cluster, if one of its names has a rename rule."""
    hits: Counter[str] = Counter()
    for form in forms:
        if form.key in rename_by_key:
            hits[rename_by_key[form.key]] += form.count
    return _most_common(hits)


def _entity_id(key: str, taken: set[str]) -> str:
    """Derive a stable id from a canonical key, salted only if another entity took it."""
    salt = 0
    while True:
        digest = hashlib.blake2b(f"{key}\x1f{salt}".encode(), digest_size=8).hexdigest()
        if f"ent-{digest}" not in taken:
            taken.add(f"ent-{digest}")
            return f"ent-{digest}"
        salt += 1


def link_entities(
    refs: Iterable[SpeakerRef], rules: AliasRules | None = None, texts: Iterable[str] = ()
) -> tuple[list[Entity], dict[str, str]]:
    """Group speaker names across documents into entities.

    Returns the entities (most statements first) and a mapping from every input name that has
    letters to its entity id. Ids derive from the key of the automatic display name, so re-running on the
    same refs gives the same ids, and a ``rename`` rule changes the name but not the id. ``texts``
    (say, the statements' own words) may give a surname-only person its full name.

    >>> refs = [SpeakerRef("Dmitry Peskov", "PERSON", "Kremlin spokesman", "d1"),
    ...         SpeakerRef("Peskov", "PERSON", None, "d2")]
    >>> entities, ids = link_entities(refs)
    >>> entities[0].name, entities[0].aliases, ids["Peskov"] == entities[0].id
    ('Dmitry Peskov', ['Dmitry Peskov', 'Peskov'], True)
    """
    rules = rules or AliasRules()
    ruled = _rule_keys(rules)
    stats = _collect(ref for ref in refs if _named(ref.name) or entity_key(ref.name) in ruled)
    parsed = (
        _parse(name, _type_class(_most_common(stats[name].types)), stats[name].count)
        for name in sorted(stats)
    )
    forms = [form for form in parsed if form.key]  # a name without letters names nobody
    clusters = _Clusters(forms, rules)
    _apply_user_merges(clusters, forms, rules)
    _merge_same_key(clusters, forms)
    organisations = [n for n, form in enumerate(forms) if _most_common(stats[form.name].types) == "ORG"]
    _merge_company_names(clusters, forms, organisations)
    _merge_acronyms(clusters, forms, organisations)
    _merge_full_names(clusters, forms)
    _attach_partial_names(clusters, forms)
    completed = _complete_from_texts(clusters, forms, texts)

    members: dict[int, list[int]] = defaultdict(list)
    for node in range(len(forms)):
        members[clusters.find(node)].append(node)
    # each cluster's automatic name: the full name the texts gave it, else its fullest, most frequent name
    named = sorted(
        ((completed.get(root) or _display_form([forms[n] for n in nodes]), nodes) for root, nodes in members.items()),
        key=lambda pair: (pair[0].key, forms[pair[1][0]].name),
    )
    rename_by_key = {entity_key(name): display for name, display in sorted(rules.rename.items())}
    taken: set[str] = set()
    entities: list[Entity] = []
    mapping: dict[str, str] = {}
    for automatic, nodes in named:
        entity = _build_entity([forms[n] for n in nodes], automatic, stats, rename_by_key, taken)
        entities.append(entity)
        mapping.update({forms[n].name: entity.id for n in nodes})
    entities.sort(key=lambda e: (-e.statement_count, e.name, e.id))
    return entities, mapping


def _build_entity(
    forms: list[_NameForm], automatic: _NameForm, stats: dict[str, _NameStats], rename_by_key: dict[str, str],
    taken: set[str],
) -> Entity:
    """Assemble one entity from its cluster of names, named ``automatic`` unless a rename rule says otherwise."""
    types: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for form in forms:
        types.update(stats[form.name].types)
        roles.update(stats[form.name].roles)
    return Entity(
        id=_entity_id(automatic.key, taken),
        name=_renamed(forms, rename_by_key) or automatic.display,
        type=_most_common(types),
        aliases=sorted(form.name for form in forms),
        roles=sorted(roles, key=lambda role: (-roles[role], role)),
        statement_count=sum(form.count for form in forms),
    )

"""Word lists shipped with the package, and what they tell about names: given names that tell a
person's gender, titles that head a name, the most frequent English words, and the full names a
text writes for a surname.

The given names (``data/given_names.yaml``) are only those that nearly always name a man or a woman
in English-language news, with the short forms that stand for one of them ("Joe": Joseph); they
serve speaker resolution and entity linking. The frequency ranks
(``data/word_ranks.txt``) weight words for story grouping and tell a common word from a name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

Gender = Literal["male", "female"]


_DATA = yaml.safe_load(resources.files("onrecord").joinpath("data/given_names.yaml").read_text("utf-8"))
GIVEN_NAMES: dict[str, Gender] = {**dict.fromkeys(_DATA["male"], "male"), **dict.fromkeys(_DATA["female"], "female")}
# short form -> the one formal given name it stands for ("joe" -> "joseph")
NICKNAMES: dict[str, str] = {str(short): str(formal) for short, formal in _DATA["nicknames"].items()}

# fmt: off
# Titles that head a role before a name ("President Vladimir Putin", "Kremlin spokesman Peskov").
TITLE_HEADS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "president", "minister", "premier",
    "chancellor", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor",
    "gov", "mayor", "spokesman", "spokeswoman", "spokesperson", "ambassador", "secretary", "sheikh", "sir",
    "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope", "gen", "lt", "col", "colonel",
    "capt", "captain", "adm", "admiral", "sgt", "judge", "chairman", "chairwoman", "chair", "leader",
})
# Words that may precede a title head ("Deputy Prime Minister", "Foreign Minister").
TITLE_MODIFIERS = frozenset({
    "former", "acting", "deputy", "vice", "prime", "foreign", "defence", "defense", "interior", "finance",
    "press", "chief", "first", "then", "ex", "state", "general", "opposition",
})
# fmt: on
# Words among this many most frequent English words that open a sentence before a surname ("What
# Trump said", "Like Sanders") name no one; rarer capitalised words ("Rupert", "Hunter") may, and
# then stand against another first name written with the same surname.
COMMON_WORD_RANK = 300


def given_name_gender(name: str) -> Gender | None:
    """Return the gender of a full name's given name when it nearly always names a man or a woman
    ("Hillary Clinton", "Sen. Ted Cruz").

    >>> given_name_gender("Sen. Ted Cruz"), given_name_gender("Clinton")
    ('male', None)
    """
    words = name.replace(".", " ").lower().split()[:-1]
    return next((GIVEN_NAMES[w] for w in words if w in GIVEN_NAMES), None)


def known_given_names(full_names: Iterable[str]) -> set[str]:
    """Return the given names to trust: the packaged list and the first words of the full names a text
    gives ("Sviatlana" of "Sviatlana Tsikhanouskaya"), lower-cased.

    >>> "sviatlana" in known_given_names(["Sviatlana Tsikhanouskaya", "Peskov"])
    True
    """
    return set(GIVEN_NAMES) | {name.split()[0].lower() for name in full_names if len(name.split()) > 1}


@lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """Return the frequency rank of common English words (see data/word_ranks.txt)."""
    text = resources.files("onrecord").joinpath("data/word_ranks.txt").read_text(encoding="utf-8")
    words = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {word: rank for rank, word in enumerate(words, start=1)}


def bare_word(token: str) -> str:
    """Lower-case a token without dots and possessive, for title and particle look-ups."""
    return re.sub(r"['’]s$", "", token.lower()).strip(".,")


def written_full_names(texts: Iterable[str], surnames: set[str]) -> Counter[str]:
    """Count the texts that write a name ending in one of ``surnames`` after a capitalised word that
    may be a given name ("Vladimir Putin", "George W. Bush"; not "President Putin" or "When Putin").

    >>> written_full_names(["When Putin spoke, President Vladimir Putin said"], {"Putin"})
    Counter({'Vladimir Putin': 1})
    """
    written: Counter[str] = Counter()
    if not surnames:
        return written
    alternatives = "|".join(sorted(map(re.escape, surnames)))
    pattern = re.compile(rf"\b([A-Z][a-z\u00e0-\u017f-]+)((?: [A-Z]\.)*) ({alternatives})\b")
    for text in texts:
        written.update({f"{m.group(1)}{m.group(2)} {m.group(3)}" for m in pattern.finditer(text)
                        if may_be_given_name(m.group(1))})
    return written


def may_be_given_name(word: str) -> bool:
    """Tell whether a capitalised word before a surname may be a given name: a known one, or a word
    that is neither a title nor one of the most common English words ("Jean-Claude", not "Oscar-winner")."""
    bare = bare_word(word)
    if bare in GIVEN_NAMES:
        return True
    ranks = word_ranks()
    return all(ranks.get(part, COMMON_WORD_RANK + 1) > COMMON_WORD_RANK and part not in TITLE_HEADS
               and part not in TITLE_MODIFIERS for part in bare.split("-"))


def title_length(tokens: list[str]) -> int:
    """Return how many leading tokens form a title or role before a capitalised name (0 if none)."""
    end = 0
    for index, token in enumerate(tokens[:-1]):
        bare = bare_word(token)
        next_is_name = tokens[index + 1][:1].isupper()
        in_title_run = all(bare_word(t) in TITLE_HEADS | TITLE_MODIFIERS for t in tokens[:index])
        # "Foreign Minister Lavrov" (a run of title words), "Kremlin spokesman Peskov" (a lower-case
        # role noun) or "Kremlin Spokesman Dmitry Peskov" (any title before a full name): each ends
        # at a title head followed by a capitalised word.
        full_name_follows = len(tokens) - index - 1 >= 2
        if bare in TITLE_HEADS and next_is_name and (in_title_run or token.islower() or full_name_follows):
            end = index + 1
    return end

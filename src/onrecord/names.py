"""Word lists shipped with the package: given names that tell a person's gender, and the most
frequent English words.

The given names (``data/given_names.yaml``) are only those that nearly always name a man or a woman
in English-language news, with the short forms that stand for one of them ("Joe": Joseph); they
serve speaker resolution and entity linking. The frequency ranks
(``data/word_ranks.txt``) weight words for story grouping and tell a common word from a name.
"""

from __future__ import annotations

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

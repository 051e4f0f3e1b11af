"""Where sentences end in plain text, before (or without) a parse.

Three stages need it without spaCy: choosing which paragraphs to parse, the quote rules between a
quotation and its attribution, and dating a statement by the sentence that holds it. They share
one rule, so that "Mr.", "Aug." or "U.S." ends a sentence for none of them.
"""

from __future__ import annotations

import re

# Words a full stop follows without ending the sentence: titles ("Mr. Christie"), company forms
# ("Acme Inc. said"), AP-style months ("on Aug. 24") and "No. 10". Written as they are capitalised,
# so that a sentence can still end in "no." or "co.".
ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "St", "Mt", "Jr", "Sr", "Sen", "Sens", "Rep", "Reps", "Gov",
    "Pres", "Gen", "Lt", "Col", "Sgt", "Capt", "Maj", "Adm", "Cmdr", "Inc", "Ltd", "Co", "Corp", "No", "vs",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
})
# An end mark, any closing quotation marks, then a space; group 1 is the word before the mark.
_SENTENCE_END_RE = re.compile(r"([\w.]*)([.!?])[\"\u201d\u2019']*\s")

# Letters with full stops between them ("U.S", "a.m", "D.C"); "example.com" is no abbreviation.
_DOTTED_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def is_abbreviation(word: str) -> bool:
    """Tell whether a full stop after ``word`` closes an abbreviation rather than a sentence: a listed
    word, an initial ("George W. Bush") or a dotted form ("U.S.", "a.m.")."""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or bool(_DOTTED_RE.fullmatch(word))


def sentence_ends(text: str) -> list[int]:
    """Return the offsets right after each sentence end in ``text`` (after the mark, its closing quotes
    and one space). Full stops that close an abbreviation do not count."""
    return [m.end() for m in _SENTENCE_END_RE.finditer(text) if m.group(2) != "." or not is_abbreviation(m.group(1))]

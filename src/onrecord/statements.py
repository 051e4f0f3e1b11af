"""Find every quote and reported statement of a document and attribute it to a speaker.

Direct quotes are found on the characters (every quotation style, quotes running over several
paragraphs), reported speech on the spaCy parse (the content clause of a cue verb, "according
to X", "X's statement that ...", refusals). A quote takes the cue next to it; a quote-only
paragraph continues the previous speaker. Speakers are then resolved by ``onrecord.speakers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from spacy.language import Language
from spacy.tokens import Span, Token

from onrecord import speakers as spk
from onrecord import workers
from onrecord.boundaries import Reach, reach_features, reaches
from onrecord.cue_model import (
    Candidate,
    CueModel,
    choose,
    features,
    load_cue_model,
    open_candidates,
    rule_features,
    share_name,
)
from onrecord.errors import ConfigError
from onrecord.meta import read_dateline
from onrecord.models import Paragraph, Statement, StatementKind
from onrecord.nlp import (
    QUOTE_MARK_RE,
    ParsedParagraph,
    may_carry_statement,
    paragraphs_to_parse,
    parse_paragraphs,
    recognise_entities,
    split_paragraphs,
)
from onrecord.sentences import sentence_ends
from onrecord.tagger import Context, Passage, Tagged, check_pipeline, decode, passages
from onrecord.timex import MONTHS, WEEKDAYS

K = TypeVar("K")

OPENERS = {"\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb", "``": "''"}
CLOSERS = frozenset({"\u201d", "\u00bb"})
# Marks that open when outside a quote and close when inside (NYT text uses '' on both sides).
TOGGLES = frozenset({'"', "''"})
_TRIM = " \t\n,;:\u2014\u2013-"
# How a quote ends when its attribution follows: '"...," he said' (never a full stop or mid-phrase).
_QUOTE_ENDS = frozenset(",?!\u2014\u2013-\u2026")
# How far (in characters) an attribution may sit from its quote: '," Peskov told journalists'.
MAX_GAP = 90
_IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "think": ["thought"],
              "know": ["knew", "known"], "see": ["saw", "seen"], "hear": ["heard"], "feel": ["felt"],
              "find": ["found"], "show": ["shown"], "speak": ["spoke", "spoken"], "swear": ["swore", "sworn"],
              "understand": ["understood"], "go": ["went"], "lay": ["laid"], "bet": ["bet"], "read": ["read"],
              "hit": ["hit"], "forecast": ["forecast"], "cry": ["cried"], "teach": ["taught"],
              "deny": ["denied"], "reply": ["replied"], "imply": ["implied"], "specify": ["specified"],
              "clarify": ["clarified"], "testify": ["testified"], "notify": ["notified"]}


@dataclass(frozen=True)
class CueLexicon:
    """The cue lexicon of ``data/cues.yaml``: lemmas by role, venue patterns, selection forms."""

    speech: frozenset[str]
    belief: frozenset[str]
    quote_only: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    nouns: frozenset[str]
    object_verbs: frozenset[str]
    instruct_verbs: frozenset[str]
    needs_complement: frozenset[str]
    source_nouns: frozenset[str]
    refusal_verbs: frozenset[str]
    venues: tuple[re.Pattern[str], ...]
    forms: frozenset[str]  # word forms that make a paragraph worth parsing
    speech_forms: frozenset[str]  # word forms of the verbs of saying ("adding", "told")
    lemmas: dict[str, str]  # word form -> lemma for every cue word (the parse runs without a lemmatizer)

    def lemma(self, token: Token) -> str:
        """Return the lemma of a token if it is a form of a cue word, else its lower-cased text."""
        return self.lemmas.get(token.lower_, token.lower_)

    def kind(self, token: Token) -> str:
        """Name the lexicon's list a word belongs to ("speech", "belief", "object", "noun"), or "none"."""
        lemma = self.lemma(token)
        lists = (("speech", self.speech), ("belief", self.belief), ("object", self.object_verbs),
                 ("object", self.instruct_verbs), ("noun", self.nouns))
        return next((name for name, words in lists if lemma in words), "none")


@dataclass(frozen=True)
class Quote:
    """A span inside double quotation marks; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    paragraph: int  # index of the paragraph the quote opens in
    last_paragraph: int


@dataclass
class Draft:
    """A statement before speaker resolution: the content span and the mention of its source."""

    start: int
    end: int
    cue: str | None
    mention: Span | None
    venue: str | None = None
    cue_at: int | None = None  # offset of the cue word, to spot a statement nested in another
    mention_chars: tuple[int, int] | None = None  # a source found without the parse ("Obama: ...")

    @property
    def mention_start(self) -> int:
        """Return the document offset of the speaker mention (the content start if there is none)."""
        if self.mention is None:
            return self.start
        return int(self.mention.doc.user_data.get("onrecord_base", 0)) + self.mention.start_char
    continues: bool = False  # a quote-only paragraph that continues the previous speaker
    lead_start: int | None = None  # where the sentence running into the quote starts (the exported start)

    @property
    def exported_start(self) -> int:
        """Return where the statement's text starts: the lead-in of its quote if it has one."""
        return self.start if self.lead_start is None else self.lead_start


@cache
def load_cues(path: str | None = None) -> CueLexicon:
    """Load the cue lexicon (the packaged ``cues.yaml`` unless ``path`` is given)."""
    try:
        source = Path(path) if path else resources.files("onrecord").joinpath("data/cues.yaml")
        raw = source.read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
        venues = tuple(re.compile(v, re.IGNORECASE) for v in data["venues"])
        lexicon = CueLexicon(
            speech=frozenset(data["speech_verbs"]), belief=frozenset(data["belief_verbs"]),
            quote_only=frozenset(data["quote_verbs"]),
            phrasal={k: frozenset(v) for k, v in data["phrasal_cues"].items()},
            nouns=frozenset(data["noun_cues"]), object_verbs=frozenset(data["object_verbs"]),
            instruct_verbs=frozenset(data["instruct_verbs"]),
            needs_complement=frozenset(data["needs_complement"]),
            source_nouns=frozenset(data["source_nouns"]),
            refusal_verbs=frozenset(data["refusal_verbs"]),
            venues=venues, forms=frozenset(), speech_forms=frozenset(), lemmas={})
    except (OSError, KeyError, TypeError, yaml.YAMLError, re.error) as exc:
        raise ConfigError(f"cannot read the cue lexicon {path or 'data/cues.yaml'}: {exc}") from exc
    verbs = (lexicon.speech | lexicon.belief | lexicon.quote_only | lexicon.object_verbs | lexicon.refusal_verbs
             | lexicon.instruct_verbs | set(lexicon.phrasal))
    nouns = {form: noun for noun in lexicon.nouns | lexicon.source_nouns for form in (noun, noun + "s", noun + "es")}
    verb_forms = {form: verb for verb in sorted(verbs) for form in _inflections(verb)}
    speech = frozenset(f for lemma in lexicon.speech for f in _inflections(lemma))
    return replace(lexicon, forms=frozenset(nouns | verb_forms), speech_forms=speech, lemmas=nouns | verb_forms)


def _inflections(lemma: str) -> list[str]:
    """Return the word forms of a regular (or listed irregular) English verb."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = [lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"]
    if lemma.endswith("y"):
        forms += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return forms + _IRREGULAR.get(lemma, [])


# ------------------------------------------------------------------ public entry points
def analyse_documents(
    items: Iterable[tuple[K, str]], nlp: Language, n_process: int = 1, batch_size: int = 256,
    model: CueModel | None = None, seconds_per_document: float | None = None,
) -> Iterator[tuple[K, list[Statement]]]:
    """Extract the statements of many documents, parsing only paragraphs that can carry one.

    Yields each key with its statements (speakers resolved, offsets into its text), in input order.
    With ``n_process`` above 1, worker processes each take whole documents through every stage.
    With ``seconds_per_document``, a chunk of documents that takes longer than that per document
    raises TimeoutError (in this process's main thread, or in a worker), so one pathological text
    cannot stall the stream.

    >>> for key, found in analyse_documents([("a", '"We will win," Ms Lane said.')], nlp):  # doctest: +SKIP
    ...     print(key, found[0].speaker, found[0].text)
    a Ms Lane We will win,
    """
    model = model or load_cue_model()
    if model.tagger is not None:
        check_pipeline(model.tagger, nlp)  # fail before any work, not once per document
    setup = (nlp, model, batch_size, seconds_per_document)
    if n_process > 1 and workers.can_fork():
        return workers.map_in_workers(_analyse_batch, workers.chunks(items), n_process, _start_worker, setup)
    if n_process > 1 or seconds_per_document is None:
        return _analyse_here(items, nlp, n_process, batch_size, model)
    return (found for batch in workers.chunks(items) for found in _analyse_chunk(batch, *setup))


def _analyse_here(
    items: Iterable[tuple[K, str]], nlp: Language, n_process: int, batch_size: int, model: CueModel | None,
) -> Iterator[tuple[K, list[Statement]]]:
    """Extract in this process; ``n_process`` above 1 (only where workers cannot fork) parallelises the parse."""
    lexicon = load_cues()
    texts: dict[int, tuple[K, str, list[Paragraph]]] = {}

    def selected() -> Iterator[tuple[int, list[Paragraph]]]:
        for index, (key, text) in enumerate(items):
            paragraphs = split_paragraphs(text)
            texts[index] = (key, text, paragraphs)
            yield index, paragraphs_to_parse(paragraphs, lexicon.forms)

    waiting: list[tuple[K, ParsedDocument]] = []
    for index, parsed in parse_paragraphs(selected(), nlp, n_process=n_process, batch_size=batch_size):
        key, text, paragraphs = texts.pop(index)
        waiting.append((key, ParsedDocument(text, paragraphs, parsed)))
        if len(waiting) == TAGGED_TOGETHER:
            yield from _extract_waiting(waiting, lexicon, nlp, model)
            waiting = []
    yield from _extract_waiting(waiting, lexicon, nlp, model)


# Documents whose paragraphs the tagger reads in one batch: its LSTM steps through the longest passage
# of a batch one token at a time, so a batch of many passages costs little more than one.
TAGGED_TOGETHER = 32


def _extract_waiting(waiting: list[tuple[K, ParsedDocument]], lexicon: CueLexicon, nlp: Language,
                     model: CueModel | None) -> Iterator[tuple[K, list[Statement]]]:
    """Extract the statements of parsed documents, in order."""
    found = extract_many([document for _, document in waiting], lexicon, nlp, model)
    return ((key, statements) for (key, _), statements in zip(waiting, found, strict=True))


def _analyse_chunk(
    batch: list[tuple[K, str]], nlp: Language, model: CueModel | None, batch_size: int, seconds: float | None,
) -> list[tuple[K, list[Statement]]]:
    """Extract a chunk of documents in one process, within ``seconds`` per document if given."""
    with workers.time_limit(seconds * len(batch)) if seconds else nullcontext():
        return list(_analyse_here(batch, nlp, 1, batch_size, model))


# What a worker process extracts with, set once when it starts (see onrecord.workers).
_worker_setup: tuple[Language, CueModel | None, int, float | None] | None = None


def _start_worker(nlp: Language, model: CueModel | None, batch_size: int, seconds: float | None) -> None:
    global _worker_setup
    _worker_setup = (nlp, model, batch_size, seconds)


def _analyse_batch(batch: list[tuple[K, str]]) -> list[tuple[K, list[Statement]]]:
    """Extract a batch of documents in a worker process."""
    assert _worker_setup is not None, "the worker was not started with _start_worker"
    return _analyse_chunk(batch, *_worker_setup)


def extract_statements(text: str, nlp: Language, model: CueModel | None = None) -> list[Statement]:
    """Extract the statements of one document.

    >>> extract_statements('"No talks are underway," Peskov said.', nlp)[0].kind  # doctest: +SKIP
    'direct'
    """
    return next(analyse_documents([(0, text)], nlp, model=model))[1]


@dataclass(frozen=True)
class ParsedDocument:
    """A document's text, its paragraphs and the parse of those spaCy read."""

    text: str
    paragraphs: list[Paragraph]
    parsed: list[ParsedParagraph]


def extract_parsed(
    text: str, paragraphs: list[Paragraph], parsed: list[ParsedParagraph], lexicon: CueLexicon, nlp: Language,
    model: CueModel | None = None,
) -> list[Statement]:
    """Extract and attribute statements from the parsed paragraphs of one document."""
    return extract_many([ParsedDocument(text, paragraphs, parsed)], lexicon, nlp, model)[0]


def extract_many(documents: Sequence[ParsedDocument], lexicon: CueLexicon, nlp: Language,
                 model: CueModel | None = None) -> list[list[Statement]]:
    """Extract and attribute the statements of parsed documents (the tagger reads them in one batch).

    Statements come from the paragraphs that may carry one; the others were parsed for who is who.
    """
    model = model or load_cue_model()
    founds = [draft_document(d, lexicon) for d in documents]
    tagged = _tagged_drafts(documents, founds, lexicon, model)
    return [_attribute_document(d, _with_tagged(d.text, _rule_drafts(d.text, found, lexicon, model), t), found.quotes,
                                lexicon, nlp)
            for d, found, t in zip(documents, founds, tagged, strict=True)]


def draft_document(document: ParsedDocument, lexicon: CueLexicon) -> Drafting:
    """Find a document's statements by the rules, from the parsed paragraphs that may carry one."""
    carrying = [p for p in document.parsed if may_carry_statement(p.paragraph.text, lexicon.forms)]
    return draft_by_rules(document.text, document.paragraphs, carrying, lexicon)


def _rule_drafts(text: str, found: Drafting, lexicon: CueLexicon, model: CueModel) -> list[Draft]:
    """Return the rules' drafts as the learned cue models vet, bound and complete them."""
    drafts = _reached(text, found, _vetted(text, found, lexicon, model), lexicon, model)
    return drafts + _learned_drafts(text, found, lexicon, model)


def _attribute_document(document: ParsedDocument, drafts: list[Draft], quotes: list[Quote], lexicon: CueLexicon,
                        nlp: Language) -> list[Statement]:
    """Recognise the names the drafts' speakers need, then resolve them and make the statements."""
    drafts.sort(key=lambda d: d.start)
    known = [s for p in document.parsed for s in p.doc.sents]
    context = [p for p in document.parsed if not may_carry_statement(p.paragraph.text, lexicon.forms)]
    naming = [*_naming_sentences(drafts, known), *(s for p in context for s in p.doc.sents)]
    recognise_entities(nlp, list({(id(s.doc), s.start): s for s in naming}.values()))
    offsets = {id(p.doc): p.paragraph.start for p in document.parsed}  # the tagger reads context paragraphs too
    return _attribute(document.text, drafts, known, offsets, quotes)


@dataclass
class Drafting:
    """What the rules found in one document, before speakers are resolved."""

    quotes: list[Quote]
    sentences: list[Span]
    offsets: dict[int, int]  # id of a parsed paragraph's Doc -> its document offset
    drafts: list[Draft]

    @cached_property
    def tokens_by_offset(self) -> dict[int, Token]:
        """Every parsed token by its document offset (to find a draft's cue from ``cue_at``); built once,
        for vetting and bounds both."""
        return {self.offsets[id(t.doc)] + t.idx: t for sent in self.sentences for t in sent}


def draft_by_rules(
    text: str, paragraphs: list[Paragraph], parsed: list[ParsedParagraph], lexicon: CueLexicon
) -> Drafting:
    """Find the statements the cue lexicon and the quotation marks give, unattributed."""
    quotes = find_quotes(text, paragraphs)
    sentences = [s for pp in parsed for s in pp.doc.sents]
    offsets = {id(pp.doc): pp.paragraph.start for pp in parsed}
    drafts: list[Draft] = []
    used: set[Quote] = set()
    for sent in sentences:
        base = offsets[id(sent.doc)]
        drafts += _sentence_drafts(sent, base, text, quotes, used, lexicon)
    drafts += _headline_drafts(text, paragraphs, drafts)
    drafts += _signed_quotes(paragraphs, quotes, used)
    drafts += _orphan_quotes(text, quotes, used)
    return Drafting(quotes, sentences, offsets, drafts)


def _vetted(text: str, found: Drafting, lexicon: CueLexicon, model: CueModel) -> list[Draft]:
    """Drop the rules' statements the vetting model finds unlikely (a quote-only paragraph always stays)."""
    if model.keep_rule <= 0:
        return found.drafts  # every probability passes: spare the work
    cues = found.tokens_by_offset
    return [d for d in found.drafts if d.continues
            or model.rules.probability(draft_features(d, text, found, cues, lexicon)) >= model.keep_rule]


def draft_features(draft: Draft, text: str, found: Drafting, cues: dict[int, Token], lexicon: CueLexicon) -> list[str]:
    """Return the vetting model's features of one of the rules' statements (``cues``: tokens by offset)."""
    cue = cues.get(draft.cue_at) if draft.cue_at is not None else None
    content = None
    if cue is not None:
        base = found.offsets[id(cue.doc)]
        content = cue.doc.char_span(draft.start - base, draft.end - base, alignment_mode="expand")
    kind = lexicon.kind(cue) if cue is not None else "none"
    return rule_features(cue, draft.cue or "", kind, draft.mention, content, text[draft.start:draft.end],
                         quoted_share(draft.start, draft.end, text, found.quotes))


def _reached(text: str, found: Drafting, drafts: list[Draft], lexicon: CueLexicon, model: CueModel) -> list[Draft]:
    """Move each statement's bounds to the span the bounds model likes best, where it likes it enough."""
    if model.reach > 1:
        return drafts
    cues = found.tokens_by_offset
    for draft in drafts:
        scored = [(model.bounds.probability(features), reach)
                  for reach, features in draft_reaches(draft, text, found, cues, lexicon)]
        p, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if best is not None and p >= model.reach:
            draft.start, draft.end, draft.lead_start = best.start, best.end, None
    return drafts


def draft_reaches(draft: Draft, text: str, found: Drafting, cues: dict[int, Token], lexicon: CueLexicon
                  ) -> list[tuple[Reach, list[str]]]:
    """Return the other spans a rule's statement could have, each with its features for the bounds model."""
    cue = cues.get(draft.cue_at) if draft.cue_at is not None else None
    if cue is None or draft.continues:
        return []
    base, start = found.offsets[id(cue.doc)], draft.exported_start
    content = cue.doc.char_span(start - base, draft.end - base, alignment_mode="expand")
    if content is None or not len(content):
        return []  # a quote running over several paragraphs: the parse of one does not hold it
    quoted = share_name(quoted_share(start, draft.end, text, found.quotes))
    return [(reach, reach_features(reach, cue, content, lexicon.lemma(cue), quoted, lexicon.speech_forms))
            for reach in reaches(cue, content, start, draft.end, base, text)]


def source_of(token: Token) -> Span | None:
    """Return who holds a learned cue: a verb's subject; for a noun, its owner or the one acting with it.

    "Clinton's assertion that ...", "a complaint by the governor", "she raised questions about ...",
    "Trump floated the idea of ...".
    """
    if token.pos_ != "NOUN":
        return _subject(token)
    for child in token.children:
        if child.dep_ == "poss":
            return _mention_span(child)
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            owner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if owner is not None:
                return _mention_span(owner)
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if token.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "AUX"):
        return _subject(head)
    return None


def candidate_features(candidate: Candidate, lexicon: CueLexicon) -> list[str]:
    """Return the open model's features of a candidate, with its cue word as the lexicon knows it."""
    return features(candidate, lexicon.lemma(candidate.cue), lexicon.kind(candidate.cue))


def _learned_drafts(text: str, found: Drafting, lexicon: CueLexicon, model: CueModel) -> list[Draft]:
    """Add the statements the learned cue model finds where the rules found none."""
    if model.add_open > 1:
        return []  # this preset adds nothing: spare the work
    taken = [(d.start, d.end) for d in found.drafts]
    quoted = [(q.mark_start, q.mark_end) for q in found.quotes]
    scored = [(placed, model.open.probability(candidate_features(placed.candidate, lexicon)))
              for placed in open_candidates(found.sentences, found.offsets, text, taken, quoted, source_of)]
    drafts = []
    for placed in choose(scored, model.add_open):
        cue = placed.candidate.cue
        drafts.append(Draft(placed.start, placed.end, _cue_text(cue), placed.candidate.mention,
                            cue_at=found.offsets[id(cue.doc)] + cue.idx))
    return drafts


def tagger_context(text: str, found: Drafting, lexicon: CueLexicon) -> Context:
    """Return what the tagger reads of a document besides the parse: quotes, cue words, the rules' drafts."""
    sources = [_mention_range(d, found.offsets) for d in found.drafts]
    return Context(len(text), [(q.start, q.end) for q in found.quotes], lexicon.speech_forms, lexicon.forms,
                   [(d.exported_start, d.end) for d in found.drafts], [r for r in sources if r is not None],
                   [d.cue_at for d in found.drafts if d.cue_at is not None])


def _mention_range(draft: Draft, offsets: dict[int, int]) -> tuple[int, int] | None:
    """Return the document range of a draft's speaker mention, if it has one."""
    if draft.mention is not None:
        base = offsets.get(id(draft.mention.doc), 0)
        return base + draft.mention.start_char, base + draft.mention.end_char
    return draft.mention_chars


def tagger_passages(paragraphs: Sequence[Paragraph], parsed: Sequence[ParsedParagraph]) -> list[Passage]:
    """Return the passages the tagger reads: every parsed paragraph, in document order."""
    index = {p.start: n for n, p in enumerate(paragraphs)}
    return passages(parsed, [index.get(p.paragraph.start, 0) for p in parsed])


def _tagged_drafts(documents: Sequence[ParsedDocument], founds: Sequence[Drafting], lexicon: CueLexicon,
                   model: CueModel) -> list[list[Draft]]:
    """Return each document's attributions as the learned tagger finds them, as drafts."""
    tagger = model.tagger
    if tagger is None:
        return [[] for _ in documents]
    read = [tagger_passages(d.paragraphs, d.parsed) for d in documents]
    inputs = []
    for d, found, passages_ in zip(documents, founds, read, strict=True):
        context = tagger_context(d.text, found, lexicon)
        inputs += [tagger.inputs(passage, context) for passage in passages_]
    probabilities = iter(tagger.probabilities(inputs))  # in the order of the passages, document by document
    drafts: list[list[Draft]] = []
    for d, found, passages_ in zip(documents, founds, read, strict=True):
        drafts.append([_tagged_draft(tagged, passage, d.text, found.quotes, lexicon) for passage in passages_
                       for tagged in decode(passage, next(probabilities), model.tag_threshold)
                       if not _in_dateline(tagged, passage)])
    return drafts


def _in_dateline(tagged: Tagged, passage: Passage) -> bool:
    """Tell whether a tagged content lies inside the wire dateline opening its paragraph ("MOSCOW, May 4.")."""
    holder = passage.paragraph_at(tagged.start)
    dateline = read_dateline(holder.paragraph.text) if holder is not None else None
    return (holder is not None and dateline is not None
            and tagged.end <= holder.paragraph.start + len(holder.paragraph.text) - len(dateline.story))


def _tagged_draft(tagged: Tagged, passage: Passage, text: str, quotes: list[Quote], lexicon: CueLexicon) -> Draft:
    """Turn one tagged attribution into a draft: its source a span of the parse, its cue as written."""
    mention = passage.span(tagged.source) if tagged.source else None
    cue = passage.span(tagged.cue) if tagged.cue else None
    start, end = _tidy_bounds(text, tagged.start, tagged.end)
    draft = Draft(start, end, _as_written(cue.text) if cue is not None else None, mention)
    if cue is not None:
        base = int(cue.doc.user_data.get("onrecord_base", 0))
        draft.cue_at = base + cue.start_char
        draft.venue = _venue(cue.sent, base, text, quotes, lexicon)
    return draft


def _tidy_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a tagged content's bounds as the rules write them: inside the quotation marks that open or
    close it (the punctuation inside stays), else before the stop that ends it.

    PolNeAR's annotators, whom the tagger learned from, take the marks in; the export gives the words said.
    """
    marks = list(QUOTE_MARK_RE.finditer(text, start, end))
    opens = bool(marks) and marks[0].start() == start
    closes = bool(marks) and marks[-1].end() == end and (len(marks) > 1 or not opens)
    if opens or closes:
        return _char_bounds(text, marks[0].end() if opens else start, marks[-1].start() if closes else end, tail="")
    return _char_bounds(text, start, end, tail=_TRIM + ".")


def _char_bounds(text: str, start: int, end: int, tail: str) -> tuple[int, int]:
    """Return the bounds without the spaces and punctuation at their start, and the ``tail`` characters
    (spaces always) at their end."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in tail + " \t\n":
        end -= 1
    return start, end


def _with_tagged(text: str, drafts: list[Draft], tagged: list[Draft]) -> list[Draft]:
    """Merge the rules' drafts with the tagger's.

    Where both found a statement, the tagger's bounds win and the rules' speaker, cue and venue stay (the
    rules resolve speakers better), from the rules' draft that matches best; a quote-only paragraph the
    rules took for more of the quote before stays so, and so does a quote over several paragraphs. What
    only one of them found stays as it is.
    """
    if not tagged:
        return drafts
    spanning = [d for d in drafts if "\n" in text[d.exported_start:d.end]]  # a quote over several paragraphs
    tagged = [t for t in tagged if not any(_overlap(d, t) > 0.5 for d in spanning)]
    for t in tagged:
        same = max(drafts, key=lambda d: _jaccard(d, t), default=None)
        if same is not None and _overlap(same, t) > 0.5 and (
                same.mention is not None or same.mention_chars is not None or same.continues):
            t.mention, t.mention_chars, t.cue, t.cue_at, t.continues = (
                same.mention, same.mention_chars, same.cue, same.cue_at, same.continues)
            t.venue = same.venue or t.venue
    return [d for d in drafts if not any(_overlap(d, t) > 0.3 for t in tagged)] + tagged


def _jaccard(a: Draft, b: Draft) -> float:
    """Return the share of their joint extent that two drafts' contents share."""
    shared = min(a.end, b.end) - max(a.exported_start, b.exported_start)
    return max(0, shared) / max(1, max(a.end, b.end) - min(a.exported_start, b.exported_start))


def _overlap(a: Draft, b: Draft) -> float:
    """Return how much of the shorter of two drafts' contents the other covers."""
    start, end = a.exported_start, a.end
    shared = min(end, b.end) - max(start, b.exported_start)
    return max(0, shared) / max(1, min(end - start, b.end - b.exported_start))


def _naming_sentences(drafts: list[Draft], sentences: list[Span]) -> list[Span]:
    """Return the sentences the entity recogniser must read: the first of each name used as a
    speaker, the sentence before a pronoun speaker, and those that introduce someone by their role.

    A name seen before ("Peskov" again) is resolved from what the first reading found, which
    spares the recogniser most sentences of a story that quotes a few people many times.
    """
    found: dict[tuple[int, int], Span] = {}
    named: set[str] = set()
    before = {(id(b.doc), b.start): a for a, b in zip(sentences, sentences[1:], strict=False)}
    for d in sorted(drafts, key=lambda d: d.mention_start):
        names = {t.text for t in _name_words(d.mention)} if d.mention is not None else set()
        if d.mention is not None and names - named:
            named |= names
            sent = d.mention.sent
            found.setdefault((id(sent.doc), sent.start), sent)
        elif d.mention is not None and d.mention.root.lower_ in spk.PERSON_PRONOUNS | spk.GROUP_PRONOUNS:
            # "His rival, Irina Volkova, came second. She refused ...": the antecedent needs reading too
            previous = before.get((id(d.mention.doc), d.mention.sent.start))
            if previous is not None and _new_subject_name(previous, named):
                found.setdefault((id(previous.doc), previous.start), previous)
    for sent in sentences:
        if (id(sent.doc), sent.start) not in found and spk.names_a_role(sent):
            found[(id(sent.doc), sent.start)] = sent
    return sorted(found.values(), key=lambda s: (s.doc.user_data.get("onrecord_base", 0), s.start))


def _name_words(mention: Span) -> list[Token]:
    """Return the proper nouns of a speaker mention, of a name set beside it ("the firm's chief, Ann Lee,")
    and of what its title is of ("the chairman of Acme Ltd Ann Lee")."""
    apposed = [t for c in mention.root.rights if c.dep_ == "appos" for t in c.subtree]
    of = [t for o in spk.title_objects(mention.root) for t in o.subtree]
    return [t for t in [*mention, *apposed, *of] if t.pos_ == "PROPN"]


def _new_subject_name(sent: Span, named: set[str]) -> bool:
    """Tell whether a sentence's subject holds a proper noun not read yet (only a subject is salient)."""
    for token in sent:
        if token.pos_ != "PROPN" or token.text in named:
            continue
        head = token.head if token.dep_ == "compound" else token
        if head.dep_ == "appos":
            head = head.head  # "His rival, Irina Volkova, came second"
        if head.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


# ------------------------------------------------------------------ quotes
def find_quotes(text: str, paragraphs: Sequence[Paragraph]) -> list[Quote]:
    """Find the double-quoted spans of ``text``; a quote left open at a paragraph's end continues
    into the next paragraph when that one opens with a quotation mark (the newspaper convention)."""
    quotes: list[Quote] = []
    pending: tuple[int, int, int] | None = None  # (mark_start, content start, paragraph) of an open quote
    for n, para in enumerate(paragraphs):
        opened = pending
        closer: str | None = '"'
        marks = list(QUOTE_MARK_RE.finditer(para.text))
        if pending and not (marks and marks[0].start() == 0 and marks[0].group() not in CLOSERS):
            quotes.append(_quote_to(pending, paragraphs[n - 1], n - 1))
            opened = None
        elif pending:
            marks = marks[1:]  # the re-opening mark of a continued quote
        for m in marks:
            mark, pos = m.group(), para.start + m.start()
            if opened and (mark == closer or mark in CLOSERS or mark in TOGGLES or _typed_as_opener(text, m, para)):
                quotes.append(Quote(opened[1], pos, opened[0], pos + len(mark), opened[2], n))
                opened = None
            elif not opened and (mark not in CLOSERS or _closer_typed_as_opener(m, para)):
                opened, closer = (pos, pos + len(mark), n), OPENERS.get(mark, '"')
        pending = opened
    if pending:
        quotes.append(_quote_to(pending, paragraphs[-1], len(paragraphs) - 1))
    return quotes


def _typed_as_opener(text: str, mark: re.Match[str], para: Paragraph) -> bool:
    """Tell whether an opening mark is a mistyped closing one ('..., here,“ said Lee'): no quote
    opens right after a comma or full stop and before a space."""
    pos = para.start + mark.start()
    return mark.group() == "\u201c" and text[pos - 1:pos] in (",", ".", "?", "!") and (
        text[pos + 1:pos + 2].isspace() or pos + 1 == para.start + len(para.text))


def _closer_typed_as_opener(mark: re.Match[str], para: Paragraph) -> bool:
    """Tell whether a closing mark is a mistyped opening one: it starts its paragraph, right before a
    word (a quote paragraph typed with two closing marks)."""
    return mark.group() == "\u201d" and mark.start() == 0 and para.text[1:2].isalnum()


def _quote_to(opened: tuple[int, int, int], para: Paragraph, n: int) -> Quote:
    """Close a quote left open at the end of paragraph ``para``."""
    end = para.start + len(para.text)
    return Quote(opened[1], end, opened[0], end, opened[2], n)


def quoted_share(start: int, end: int, text: str, quotes: Sequence[Quote]) -> float:
    """Return the share of alphanumeric characters of ``text[start:end]`` that sit inside quotes."""
    alnum = sum(1 for ch in text[start:end] if ch.isalnum())
    if not alnum:
        return 0.0
    inside = 0
    for s, e in _merged((max(start, q.start), min(end, q.end)) for q in quotes if q.start < end and start < q.end):
        inside += sum(1 for ch in text[s:e] if ch.isalnum())
    return inside / alnum


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the union of character ranges as sorted, disjoint ranges."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def kind_of(start: int, end: int, text: str, quotes: Sequence[Quote]) -> StatementKind:
    """Type a content span as the PolNeAR study does: by the share of it inside double quotes."""
    share = quoted_share(start, end, text, quotes)
    return "direct" if share >= 0.9 else "mixed" if share > 0 else "indirect"


# ------------------------------------------------------------------ cues in a sentence
def _sentence_drafts(
    sent: Span, base: int, text: str, quotes: list[Quote], used: set[Quote], lexicon: CueLexicon
) -> list[Draft]:
    """Return the statements whose cue is in ``sent`` (offsets made document-relative by ``base``)."""
    drafts = []
    for token in sent:
        if _inside_quote(base + token.idx, quotes):
            continue
        draft = (_verb_draft(token, base, text, quotes, used, lexicon)
                 or _according_draft(token, base, text, quotes, used, lexicon)
                 or _noun_draft(token, base, lexicon))
        if draft:
            draft.cue_at = base + token.idx
            draft.venue = _venue(sent, base, text, quotes, lexicon)
            drafts.append(draft)
    return drafts


def _inside_quote(pos: int, quotes: Sequence[Quote]) -> bool:
    """Tell whether a character offset is inside a quote's marks."""
    return any(q.mark_start <= pos < q.mark_end for q in quotes)


def _is_cue_verb(token: Token, lexicon: CueLexicon) -> bool:
    """Tell whether ``token`` is a verb of saying or thinking (phrasal ones need their particle)."""
    if token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
        return False
    lemma = lexicon.lemma(token)
    if lemma in lexicon.phrasal:
        return any(c.dep_ == "prt" and c.lower_ in lexicon.phrasal[lemma] for c in token.children)
    kinds = (lexicon.speech, lexicon.belief, lexicon.quote_only, lexicon.object_verbs)
    return any(lemma in words for words in kinds)


def _verb_draft(
    token: Token, base: int, text: str, quotes: list[Quote], used: set[Quote], lexicon: CueLexicon
) -> Draft | None:
    """Build the statement of a cue verb: an adjacent quote, else its content clause."""
    if _is_cue_verb(token, lexicon) and not _refused(token, lexicon) and not _discourse_marker(token):
        mention = _subject(token) or _fronted_name(token)
        lemma = lexicon.lemma(token)
        quote = None if lemma in lexicon.belief - lexicon.quote_only else _adjacent_quote(
            token, base, text, quotes, used, lexicon.speech_forms)
        if quote:
            used.update(quote)
            after = mention is None or base + mention.start_char > quote[0].mark_end
            lead = _lead_in(text, quote[0]) if after and quote[0].mark_end <= base + token.idx else None
            return Draft(quote[0].start, quote[-1].end, _cue_text(token), mention, lead_start=lead)
        if (lemma in lexicon.quote_only - lexicon.speech - lexicon.belief) or (
                _passive(token) and lemma in lexicon.belief):
            return None  # "sales are expected to rise": nobody is speaking
        clause = _content_clause(token, lexicon) or _stray_that_clause(token, lexicon)
        # "plans to attack Clinton", "refused to endorse Ryan": the object of an intended act is no
        # statement ("used the rally to attack X", with an object of its own, is one)
        intent = token.dep_ == "xcomp" and _has_to(token) and not any(
            c.dep_ == "dobj" for c in token.head.children)
        if clause is None and lemma in lexicon.object_verbs and not intent:
            clause = _object_content(token, lemma in lexicon.needs_complement)
        if clause is None and lemma in lexicon.speech | lexicon.belief and _parenthetical(token):
            clause = _trim_tail(token.sent)  # "The ferry, Lind said, will run daily": the rest is said
        if clause is None and lemma in lexicon.speech:
            clause = _closing_attribution(token)
        if clause is not None:
            start, end = _extend_over_quotes(*_char_span(clause, base, text), text, quotes, used)
            return Draft(start, end, _cue_text(token), mention)
    if lexicon.lemma(token) in lexicon.refusal_verbs and token.pos_ == "VERB":
        return _refusal_draft(token, base, text, lexicon)
    return None


def _discourse_marker(token: Token) -> bool:
    """Tell whether a verb of saying is part of a set phrase that says nothing ("That said, ...",
    "All told, ...", "to say the least")."""
    doc, after = token.doc, token.doc[token.i + 1:token.i + 3]
    if token.i > 0 and doc[token.i - 1].lower_ in ("that", "all") and after[:1].text == ",":
        return token.i == 1 or doc[token.i - 2].is_punct or bool(doc[token.i - 2].is_sent_start)
    return token.lower_ == "say" and after.text.lower() == "the least"


def _parenthetical(token: Token) -> bool:
    """Tell whether a cue verb and its subject sit between commas inside a sentence (", Lind said,")."""
    # the subject next to the cue: a parse may take the words said for a second one ("The pier, the
    # mayor said, ...")
    subject = next((c for c in reversed(list(token.lefts)) if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    doc, sent = token.doc, token.sent
    before, after = subject.left_edge.i - 1, _attribution_end(token) + 1
    return (before > sent.start and doc[before].text == "," and after < sent.end - 2
            and doc[after].text == "," and not _modifies(doc[after + 1], token)
            and _speaker_clause_after(token) is None)


def _speaker_clause_after(cue: Token) -> int | None:
    """Return where a clause about the speaker, not more of the words said, opens after the attribution
    and its comma (", when asked if ...", ", speaking to reporters"), if one does: a participle without a
    subject of its own, which a reader takes as the speaker's wherever the parse hangs it."""
    doc, comma = cue.doc, _attribution_end(cue) + 1
    if comma + 1 >= cue.sent.end or doc[comma].text != ",":
        return None
    clause = doc[comma + 1]
    while clause.dep_ in ("advmod", "mark", "aux", "auxpass") and clause.head.i != clause.i:
        clause = clause.head
    about_the_speaker = clause.dep_ == "advcl" and clause.tag_ in ("VBN", "VBG") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    return comma + 1 if about_the_speaker else None


def _modifies(word: Token, cue: Token) -> bool:
    """Tell whether a word belongs to a modifier of the cue (", in a statement", ", two days after ...",
    ", noting ..."), not to the words said."""
    while word.head.i != cue.i and word.head.i != word.i:
        word = word.head
    return word.head.i == cue.i and word.dep_ in ("prep", "advmod", "npadvmod", "advcl")


def _attribution_end(token: Token) -> int:
    """Return the last word of a cue with its short modifiers after it (", he said this week,", ", she
    told reporters on Monday,"), where the words said may resume."""
    end = token.i
    for child in token.rights:
        modifier = child.dep_ in ("npadvmod", "prep", "advmod", "dative") or _listener(child)
        if not modifier or child.right_edge.i - token.i > 6:
            break
        end = child.right_edge.i
    return end


def _closing_attribution(token: Token) -> Span | None:
    """Return what precedes a comma and an attribution that ends the sentence ("X ..., said Ann Lee.").

    The content clause is the rest of the sentence even where the parse lost it (a long content,
    or one with quoted slogans, often comes out as no clause of the cue at all).
    """
    subject = _nearest_subject(token, ("nsubj",))
    if subject is None:
        return None
    doc, sent = token.doc, token.sent
    comma = min(subject.left_edge.i, token.i) - 1
    tail = [t for t in doc[comma + 1:sent.end] if not t.is_punct]
    inside = {t.i for t in subject.subtree} | {token.i} | {  # ", said Lee on Monday, adding ..."
        t.i for c in token.children for t in c.subtree
        if c.dep_ in ("prep", "npadvmod", "advmod", "aux", "neg") or (c.dep_ == "advcl" and c.tag_ == "VBG")
        or _listener(c)}  # ", his aide told The Huffington Post."
    if (clause := _speaker_clause_after(token)) is not None:
        # ", the spokesman said, when asked if ...": the question runs to the end, however it parses
        inside |= set(range(clause, sent.end))
    if comma - sent.start < 4 or doc[comma].text != "," or any(t.i not in inside for t in tail):
        return None
    said = doc[sent.start:comma]
    # "In the same debate, the moderator asked Carson ...", "Because ..., he ...": an adverbial, not words said
    opener = said[1] if said[0].dep_ == "cc" else said[0]
    verbs = [t for t in said if t.pos_ in ("VERB", "AUX")]
    main = any(t.dep_ in ("ROOT", "ccomp", "conj", "parataxis") for t in verbs)
    if (not verbs and len(said) < 6) or (opener.dep_ in ("prep", "mark") and not main):
        return None  # a long one without a verb is more likely a parse that missed it ("the vote signals")
    return _trim_tail(said)


def _listener(word: Token) -> bool:
    """Tell whether a cue's object is whom the words were said to ("told CNN", "told reporters")."""
    # the pipeline runs no lemmatiser: "reporters" is folded by hand
    return word.dep_ in ("dobj", "dative") and (
        word.pos_ in ("PROPN", "PRON") or word.lower_.removesuffix("s") in _LISTENER_NOUNS)


_LISTENER_NOUNS = frozenset({"reporter", "journalist", "audience", "crowd", "supporter", "listener", "viewer",
                             "reader", "interviewer", "lawmaker", "student", "voter", "member", "donor"})


def _passive(token: Token) -> bool:
    """Tell whether a verb is in the passive voice."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _refused(token: Token, lexicon: CueLexicon) -> bool:
    """Tell whether a cue verb is what someone declined to do ("declined to say whether ...")."""
    return token.dep_ == "xcomp" and lexicon.lemma(token.head) in lexicon.refusal_verbs


def _cue_text(token: Token) -> str:
    """Return the cue as written, with its particle and negation ("pointed out", "did not say")."""
    parts = [t for t in token.children if t.dep_ in ("prt", "neg", "aux") and t.i > token.i - 3]
    tokens = sorted([token, *parts], key=lambda t: t.i)
    return " ".join(t.text for t in tokens)


def _as_written(cue: str | None) -> str | None:
    """Join the endings the tokenizer splits off words ("did n't say" -> "didn't say") for readers; the
    models keep reading the tokens."""
    return _CLITIC_SPACE_RE.sub("", cue) if cue else cue


_CLITIC_SPACE_RE = re.compile(r" (?=n['\u2019]t\b|['\u2019](?:s|re|ve|ll|d|m)\b)")


def _subject(token: Token) -> Span | None:
    """Return the source of a cue verb: its subject, the agent of a passive, or its head's subject."""
    seen = 0
    while token is not None and seen < 4:
        if (subject := _nearest_subject(token)) is not None:
            return _mention_span(_author(subject))
        for child in token.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return _mention_span(objs[0])
        if any(c.dep_ == "nsubjpass" for c in token.children):
            return None  # "Peskov was asked": the subject is the addressee, not the speaker
        if token.dep_ == "relcl":
            return _mention_span(token.head)
        if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep":
            token, seen = token.head.head, seen + 1  # "called her son a hero before explaining why"
            continue
        if token.dep_ not in ("conj", "advcl", "xcomp", "acl", "acomp") or token.head.i == token.i:
            return None
        if token.tag_ == "VBN" and token.dep_ in ("advcl", "acl") or token.tag_ == "VB" and token.dep_ == "acl":
            return None  # 'when asked whether ...', 'his decision to ask': no speaker here
        participle = token.dep_ == "advcl" and token.tag_ == "VBG"
        token, seen = token.head, seen + 1
        if participle and token.dep_ == "ccomp":
            token = token.head  # 'X says [the situation is calm], stressing ...': X is the one stressing
        if token.pos_ in ("NOUN", "PROPN") and seen:
            if token.dep_ == "dobj" and token.lower_ in _ISSUED:
                token = token.head  # "the office released a statement saying ...": the office speaks
                continue
            return _mention_span(token)
    return None


def _fronted_name(cue: Token) -> Span | None:
    """Return the name that opens the sentence when only an aside stands between it and a cue without
    a subject ("Mitt Romney, the 2012 nominee, tweeted ...", "Lee, meanwhile, who ..., said"): the parse
    often hangs such a name on a word of the aside."""
    if _passive(cue) or any(c.dep_ in ("nsubj", "csubj", "expl") for c in cue.children):
        return None  # "Peskov was asked": not the speaker
    doc, start = cue.doc, cue.sent.start
    end = start
    while end < cue.i and doc[end].pos_ in ("PROPN", "NOUN"):
        end += 1
    before = cue.i - 1
    while before > end and doc[before].pos_ in ("ADV", "AUX"):
        before -= 1  # ", also said", ", has said"
    if end == start or end >= before or doc[end].text != "," or doc[before].text != ",":
        return None
    if any(_names_a_time(t) for t in doc[start:end]):
        return None  # "Friday, a day after the vote, said": a time, not a speaker
    return doc[start:end]


# Things one issues that then speak for the issuer: "released a statement saying", "ran an ad calling".
_ISSUED = frozenset({"statement", "letter", "release", "memo", "email", "tweet", "post", "note", "message",
                     "report", "ad", "video", "resolution", "op-ed", "column", "filing"})


# Documents that speak for someone: "a statement from the ministry said", "Smith's letter says",
# "according to the commission's results".
_DOCUMENT_NOUNS = frozenset({"statement", "letter", "release", "memo", "email", "tweet", "post", "note",
                             "message", "transcript", "filing", "spokesman", "spokeswoman", "spokesperson",
                             "proposal", "speech", "remark", "comment", "testimony", "report", "result",
                             "figure", "estimate", "data", "tally", "count"})


def _nearest_subject(token: Token, deps: tuple[str, ...] = ("nsubj", "csubj")) -> Token | None:
    """Return a verb's subject; of two (a parse that hangs "X was late, Lind said" on one verb),
    the one nearer the verb."""
    return min((c for c in token.children if c.dep_ in deps), key=lambda c: abs(c.i - token.i), default=None)


def _author(subject: Token) -> Token:
    """Return who speaks through a document subject ("a statement from X", "X's statement" -> X),
    else the subject."""
    if subject.lower_.removesuffix("s") not in _DOCUMENT_NOUNS:
        return subject
    for child in subject.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their"):
            return child  # "His proposals rejected ...": he did
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return subject


def _mention_span(head: Token) -> Span:
    """Return a speaker mention: the head with its name and title words, without clauses."""
    keep = ("compound", "amod", "det", "poss", "nmod", "nummod", "case")
    tokens = [head]
    for child in head.lefts:
        if child.dep_ in keep:
            tokens += list(child.subtree)
    for child in head.rights:
        if child.dep_ == "case" or (child.dep_ == "cc" and child.i == head.i + 1):
            tokens.append(child)
        elif child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN") and not any(
                t.pos_ == "VERB" for t in child.lefts):  # not a misparsed "the opposition organized riots"
            tokens += [t for t in child.subtree if t.i <= child.i]  # "Putin and his counterpart"
        elif child.dep_ == "prep" and child.lower_ == "of":
            tokens += [t for t in child.subtree if t.dep_ not in ("relcl", "acl", "appos")]
        else:
            break
    start, end = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    span = head.doc[start:end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "cc"):
        span = span[:-1]
    return span


def _content_clause(token: Token, lexicon: CueLexicon) -> Span | None:
    """Return the content of a cue verb: its clausal complement, or object + infinitive ("urged X to Y").

    A complement after the cue comes first; one before it counts unless a semicolon parts them
    ("X were worried; most said they were").
    """
    for child in [*token.rights, *token.lefts]:
        infinitive = child.dep_ == "xcomp" and child.i > token.i and _has_to(child)
        if child.dep_ == "ccomp" and child.i < token.i and any(
                t.text == ";" for t in token.doc[child.right_edge.i:token.i]):
            continue
        if child.dep_ == "ccomp" or (infinitive and lexicon.lemma(token) in lexicon.instruct_verbs):
            start = _torn_clause_start(token, child) if child.dep_ == "ccomp" else child.left_edge.i
            if child.dep_ == "xcomp":
                # "urged Congress to act", "called on Congress to act": the addressee is part of it;
                # "warned of a plot to oust him": the parse hangs the plot's aim on the cue
                objs = [c for c in token.children if c.dep_ == "dobj" and token.i < c.i < child.i]
                objs += [g for c in token.children if c.dep_ == "prep" and token.i < c.i < child.i
                         and c.lower_ in ("on", "for", "of", "against") for g in c.children if g.dep_ == "pobj"]
                start = min(o.left_edge.i for o in objs) if objs else start
            end = _infinitive_end(child)  # "warned of a plot to oust him [and turned to Moscow]"
            if child.i > token.i:
                end = max([end] + [c.right_edge.i for c in token.rights if c.i > end and _goes_on(c, lexicon)])
            # "said she regretted it and promised to stay out": the second cue is a statement of its own
            cues = [c for c in child.rights if c.dep_ == "conj" and _is_cue_verb(c, lexicon)
                    and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
            if cues:
                end = min(end, _end_before(cues[0], start))
            return _trim_tail(token.doc[start:end + 1])
    return None


def _torn_clause_start(cue: Token, clause: Token) -> int:
    """Return where a content clause after its cue starts, where the parse tore its subject off.

    In "asked if the instance of a meeting between X, Y and Z was a sign ...", a long subject full of
    names comes out as the cue's object and the clause as a bare "was a sign ...". The clause starts at
    the last "if", "whether" or "that" before it; an earlier one may open a clause of the listener
    ("told a woman who suggested that X that Y").
    """
    if clause.i < cue.i or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children):
        return clause.left_edge.i
    mark = next((t for t in reversed(cue.doc[cue.i + 1:clause.left_edge.i]) if t.dep_ == "mark"
                 and t.lower_ in ("if", "whether", "that")), None)
    return clause.left_edge.i if mark is None else mark.i


def _stray_that_clause(token: Token, lexicon: CueLexicon) -> Span | None:
    """Return a "that" clause the parser hung on a phrase after the cue instead of on the cue.

    In "said for the first time that X", the parse makes X a relative clause of "time"; a reader
    takes X as what was said.
    """
    if lexicon.lemma(token) not in lexicon.speech | lexicon.belief:
        return None
    doc = token.doc
    for child in token.rights:
        if child.dep_ not in ("prep", "npadvmod", "advmod", "dobj"):  # "told Clinton at a debate that"
            break
        inside = range(child.left_edge.i, child.right_edge.i + 1)
        words = [*child.subtree, *doc[child.right_edge.i + 1:child.right_edge.i + 2]]
        # hung on a noun of the phrase: a clause of a verb in it ("before explaining that") is that verb's
        that = next((t for t in words if t.i > child.i and t.lower_ == "that" and t.dep_ in ("mark", "advmod")
                     and t.head.dep_ in ("relcl", "ccomp", "advcl") and t.head.head.i in inside
                     and t.head.head.pos_ not in ("VERB", "AUX")), None)
        if that is not None:
            return _trim_tail(doc[that.i:that.head.right_edge.i + 1])
    return None


def _goes_on(clause: Token, lexicon: CueLexicon) -> bool:
    """Tell whether a clause after the content still belongs to it ('said that X, so Y', 'X because Y').

    PolNeAR keeps a coordinated clause with its own subject and a trailing adverbial clause, but
    not a second cue ("and added that ...") or a participle about the speaker ("..., adding").
    """
    if lexicon.lemma(clause) in lexicon.speech or clause.tag_ == "VBG":
        return False
    if clause.dep_ == "conj":
        return any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in clause.children) and not _after_comma(clause)
    return clause.dep_ == "advcl"


def _after_comma(clause: Token) -> bool:
    """Tell whether a coordinated clause follows a comma (", and they rejected ...")."""
    doc, first = clause.doc, clause.left_edge.i
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False  # "said X, but that Y": a second content clause of the same cue
    return first > 1 and doc[first - 1].dep_ == "cc" and doc[first - 2].text == ","


def _object_content(token: Token, needs_complement: bool = False) -> Span | None:
    """Return the object of a cue verb with what completes it ("the plan a mistake", "him as weak").

    With ``needs_complement`` a bare object is not enough ("called the plan a mistake" is a
    statement, "called two directors" is a phone call).
    """
    objs = [c for c in token.rights if c.dep_ == "dobj"]
    if not objs:
        # "called for an inquiry", "called on Congress to act"; not "asked for it" (nothing a reader
        # can use) or "were announced on August 9" (a date)
        preps = [c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("for", "on")]
        objs = [c for p in preps[:1] for c in p.children if c.dep_ == "pobj"
                and not (c.pos_ == "PRON" and c.n_lefts + c.n_rights == 0) and not _names_a_time(c)]
    if not objs:
        return None
    parts = [objs[0]] + [c for c in token.rights if c.i > objs[0].i and (
        c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("as", "for", "of")))]
    parts += [c for c in objs[0].children if c.dep_ in ("oprd", "appos") and c.i > objs[0].i]
    if needs_complement and len(parts) == 1 and objs[0].head.i == token.i:
        return None
    end = max(_infinitive_end(p) for p in parts)
    for c in token.rights:
        if c.left_edge.i == end + 1 and _completes_object(c):
            end = c.right_edge.i
    return _trim_tail(token.doc[objs[0].left_edge.i:end + 1])


def _infinitive_end(part: Token) -> int:
    """Return where a content part ends: its subtree, less a finite verb the parse joined to an
    infinitive ("to close the port [and went home]": a finite verb cannot join an infinitive, it goes
    on the speaker's own clause)."""
    stray = [c for c in part.rights if c.dep_ == "conj" and c.tag_ in ("VBD", "VBZ") and not any(
        g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    if part.dep_ != "xcomp" or not stray:
        return part.right_edge.i
    return _end_before(stray[0], part.i)


def _end_before(clause: Token, start: int) -> int:
    """Return the last token before a clause, less the "and" or comma that joins it."""
    doc, end = clause.doc, clause.left_edge.i - 1
    while end > start and (doc[end].dep_ == "cc" or doc[end].is_punct):
        end -= 1
    return end


def _names_a_time(noun: Token) -> bool:
    """Tell whether a noun phrase is a date or a time of day by its head ("August 9", "Monday", "that night")."""
    return noun.lower_ in _TIME_WORDS


_TIME_WORDS = frozenset({*MONTHS, *WEEKDAYS, "morning", "afternoon", "evening", "night", "day", "week", "month",
                        "year", "today", "tomorrow"})


def _completes_object(modifier: Token) -> bool:
    """Tell whether a phrase after a cue's object is part of what was said: its aim ("dismissed the
    rules [to curb sales]") or topic ("warned the council [about the cost]", "[over the deal]")."""
    if modifier.dep_ == "advcl":
        return _has_to(modifier)
    return modifier.dep_ == "prep" and modifier.lower_ in ("to", "against", "about", "with", "in", "over")


def _trim_tail(span: Span) -> Span:
    """Drop an aside that closes a content span after a comma: a non-restrictive relative clause
    (", which ..."), a "while"/"as" clause or an appositive noun (", an approach ...").

    PolNeAR ends the content before such an aside more often than not; other trailing clauses
    ("because ...", ", adding ...") it keeps.
    """
    doc = span.doc
    for token in span[2:]:
        if token.right_edge.i < span.end - 1 or not span.start <= token.head.i < span.end:
            continue
        comma = doc[token.left_edge.i - 1]
        if comma.i > span.start + 1 and comma.text in _ASIDE_MARKS and _is_aside(token):
            return doc[span.start:comma.i]
    return span


_ASIDE_MARKS = frozenset({",", "-", "--", "\u2013", "\u2014"})


def _is_aside(token: Token) -> bool:
    """Tell whether a clause or phrase after a comma is an aside ("which ...", "while ...", "a rule ...")."""
    first = token.doc[token.left_edge.i].lower_
    if token.dep_ == "relcl":
        return first in ("which", "who", "where")
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in ("while", "as") for c in token.children)
    return token.dep_ == "appos" and token.tag_ in ("NN", "NNS")


def _has_to(token: Token) -> bool:
    """Tell whether a verb is an infinitive with "to"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _char_span(span: Span, base: int, text: str) -> tuple[int, int]:
    """Return the document offsets of ``span`` without surrounding punctuation and spaces."""
    start, end = base + span.start_char, base + span.end_char
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM + ".":
        end -= 1
    return start, end


def _extend_over_quotes(
    start: int, end: int, text: str, quotes: list[Quote], used: set[Quote]
) -> tuple[int, int]:
    """Grow a content span to the whole of any quote it cuts, and mark those quotes as used."""
    for q in quotes:
        if q.mark_start >= end and not text[end:q.mark_start].strip():
            end = q.end  # 'said that the album is "in the home stretch"': the quote goes on the clause
            used.add(q)
        elif q.start < end and start < q.end:
            if q.start >= start or q.end <= end or q.end - q.start > (end - start):
                start, end = min(start, q.start), max(end, q.end)
            used.add(q)
    return start, end


def _adjacent_quote(
    token: Token, base: int, text: str, quotes: list[Quote], used: set[Quote], forms: frozenset[str]
) -> list[Quote] | None:
    """Return the quote(s) a speech verb introduces or closes: '"A," he said' / 'he said: "A"'.

    A split quote ('"A," he said, "B."') returns both parts; ``None`` when no quote is adjacent.
    """
    pos = base + token.idx
    free = [q for q in quotes if q not in used and not _title_like(text[q.start:q.end])]
    before = [q for q in free if q.mark_end <= pos and _attribution_gap(text, q.mark_end, pos)
              and _last_mark(text, q) in _QUOTE_ENDS and not _says_after(token, base, quotes)]
    after = [q for q in free if q.mark_start > pos and _attribution_gap(text, pos, q.mark_start, opening=True)]
    if before:
        parts = [before[-1]]
        for q in free:
            if q.mark_start > pos and q.paragraph == parts[-1].last_paragraph:
                if not _resumes(token, base, text, pos if len(parts) == 1 else parts[-1].mark_end, q, forms):
                    break
                parts.append(q)
        return _best_prefix(text, parts)
    if after and re.search(r"[:,]\s*$", text[pos:after[0].mark_start]) and not _other_speech_verb(
            token, base, pos, after[0].mark_start, forms) and not _clause_opens_before(token, base, after[0]):
        return [after[0]]  # not in '..., Nefzi said, adding, "B."': the quote is the second cue's
    following = next((q for q in free if q.mark_start > pos), None)
    if following is not None and _bare_cue_before(token, base, text, following, forms):
        return [following]
    return None


def _says_after(cue: Token, base: int, quotes: Sequence[Quote]) -> bool:
    """Tell whether a cue's own content clause follows it outside quotes ('- "why now?" - voters said they
    were unfazed'): a quote before it is then an aside, not what it closes."""
    doc = cue.doc
    if not any(c.dep_ == "nsubj" for c in cue.lefts):
        return False  # 'said Robin Lee, half joking': what follows the cue is its speaker
    return any(c.dep_ == "ccomp" and cue.i < c.left_edge.i <= cue.i + 3
               and not any(t.is_punct for t in doc[cue.i + 1:c.left_edge.i + 1])
               and not _inside_quote(base + c.left_edge.idx, quotes) for c in cue.rights)


def _bare_cue_before(cue: Token, base: int, text: str, quote: Quote, forms: frozenset[str]) -> bool:
    """Tell whether a cue that says nothing itself ends its sentence and the next sentence is a quote:
    'Bystrom agreed. "Mainstream Republicans are running out of time."'."""
    pos = base + cue.idx
    gap = text[pos:quote.mark_start]
    ends = sentence_ends(gap)
    if len(gap) > MAX_GAP or "\n" in gap or not re.search(r"\w[.]\s+$", gap) or len(ends) != 1:
        return False  # the cue's sentence must end right before the quote, and only there
    says = ("ccomp", "xcomp", "dobj", "attr", "oprd", "prep", "advcl")
    return (not any(c.dep_ in says for c in cue.children) and len(text[quote.start:quote.end].split()) >= 4
            and not _other_speech_verb(cue, base, pos, quote.mark_start, forms)
            and not _attributed_after(text, quote, forms))


def _title_like(quoted: str) -> bool:
    """Tell whether a short quotation is a title ("The Apprentice," "A Time for Truth"), not words said."""
    words = re.findall(r"[\w'\u2019]+", quoted)
    if not 2 <= len(words) <= 6 or re.search(r"[!?]|\.\s", quoted.strip()):
        return False  # "What a night!", "Like Oakland. Or Ferguson": exclaimed, asked, said
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "in", "on", "to", "at", "with", "from", "or"})


def _last_mark(text: str, quote: Quote) -> str:
    """Return the last character of a quote, past the closing mark of a quote inside it ('..., 'B,'')."""
    return text[quote.start:quote.end].rstrip().rstrip("\u2019'")[-1:]


def _clause_opens_before(cue: Token, base: int, quote: Quote) -> bool:
    """Tell whether the cue's content clause starts before the quote it runs into
    ('said that in her state, "there is pessimism"'): the quote is then part of the clause."""
    return any(c.dep_ == "ccomp" and c.i > cue.i and base + c.left_edge.idx < quote.mark_start
               for c in cue.rights)


def _best_prefix(text: str, parts: list[Quote]) -> list[Quote]:
    """Return the leading parts of a split quote that one contiguous span should cover.

    PolNeAR marks the parts of '"A," said X, a long description, "B."' as one discontinuous
    content; a statement is one span, so it stops before a part whose attribution in between
    would outweigh it (the overlap with all the parts is then highest).
    """
    quoted = [_size(text, q.start, q.end) for q in parts]
    total = sum(quoted)

    def overlap(k: int) -> float:
        inside = sum(quoted[:k])
        return inside / max(1, total + _size(text, parts[0].start, parts[k - 1].end) - inside)

    return parts[:max(range(1, len(parts) + 1), key=overlap)]


def _size(text: str, start: int, end: int) -> int:
    """Count the characters of ``text[start:end]`` that PolNeAR scoring weighs (no spaces or quote marks)."""
    return sum(1 for c in text[start:end] if not c.isspace() and c not in _QUOTE_MARKS)


def _worth_joining(text: str, start: int, end: int, next_start: int, next_end: int) -> bool:
    """Tell whether one span over two quotes and what lies between them overlaps both better than
    the first quote alone (a long attribution between them outweighs the second quote)."""
    first, second = _size(text, start, end), _size(text, next_start, next_end)
    return (first + second) / max(1, _size(text, start, next_end)) >= first / max(1, first + second)


_QUOTE_MARKS = frozenset("\"\u201c\u201d\u201e\u00ab\u00bb")


def _lead_in(text: str, quote: Quote) -> int | None:
    """Return where a sentence that runs into a quote closed by its attribution starts
    ('The party "lets us meet voters," she said'), or None when the quote opens its sentence.

    A lead-in ending in a comma, colon or dash ('Asked why, "...," she said') is not part of the content.
    """
    line_start = text.rfind("\n", 0, quote.mark_start) + 1
    lead = text[line_start:quote.mark_start]
    ends = sentence_ends(lead)
    lead_start = line_start + (ends[-1] if ends else 0)
    lead = text[lead_start:quote.mark_start].strip()
    if not re.search(r"\w", lead) or QUOTE_MARK_RE.search(lead) or lead.endswith((",", ":", "-", "\u2014", "(")):
        return None
    return text.index(lead, lead_start)


def _attribution_gap(text: str, start: int, end: int, opening: bool = False) -> bool:
    """Tell whether ``text[start:end]`` can be the attribution between a cue and its quote."""
    gap = text[start:end]
    if opening and re.fullmatch(rf"[^\n]{{0,{MAX_GAP}}}:\s*", gap):
        return True  # 'as the website notes:' with the quote in the next paragraph
    if len(gap) > MAX_GAP or "\n" in gap or QUOTE_MARK_RE.search(gap):
        return False
    return not sentence_ends(gap) and not (opening and ";" in gap)


def _resumes(token: Token, base: int, text: str, pos: int, quote: Quote, forms: frozenset[str]) -> bool:
    """Tell whether a quote resumes right after the attribution ('"A," he said, "B."' or '... said. "B."').

    PolNeAR counts both forms, and any quote that follows in the paragraph, as one attribution,
    unless the words between bring in another cue ('..., he said, adding: "B."'), a narrative
    sentence sits between ('"A," she said. Others disagree. "B."') or the quote has an
    attribution of its own ('"B," he added.').
    """
    gap = text[pos:quote.mark_start]
    if len(gap) > 2 * MAX_GAP or "\n" in gap or QUOTE_MARK_RE.search(_TITLE_QUOTE_RE.sub(_unless_title, gap)):
        return False  # '"A," she said on "Meet the Press." "B."' resumes; a quote said in between does not
    if _other_speech_verb(token, base, pos, quote.mark_start, forms) or _describes_speaker(token, base, quote):
        return False
    ends = sentence_ends(gap)
    if ends and (gap[ends[0]:].strip() or text[pos - 1:pos] in CLOSERS | TOGGLES):
        return False  # more than the attribution sentence sits between the quotes
    return not _attributed_after(text, quote, forms)


_TITLE_QUOTE_RE = re.compile(r"[\u201c\"]([^\u201c\u201d\"\n]{1,60})[\u201d\"]|(?:``|'')([^`'\n]{1,60})''")


def _unless_title(quoted: re.Match[str]) -> str:
    """Blank a quotation that is a title ('CNN's "State of the Union"'), keep any other."""
    return "" if _title_like((quoted.group(1) or quoted.group(2)).rstrip(",.")) else quoted.group()


def _other_speech_verb(cue: Token, base: int, start: int, end: int, forms: frozenset[str]) -> bool:
    """Tell whether a verb of saying other than ``cue`` lies in ``text[start:end]`` of its paragraph.

    The parse decides, not the spelling: "at one point" or "a host on the TV show" bring in no cue,
    nor does a clause that describes the speaker ("said an aide who asked not to be named").
    """
    speaker = {t.i for t in _speaker_words(cue)}
    return any(t.i != cue.i and t.i not in speaker and t.pos_ in ("VERB", "AUX") and t.lower_ in forms
               and start <= base + t.idx < end for t in cue.doc)


def _describes_speaker(cue: Token, base: int, quote: Quote) -> bool:
    """Tell whether a quote sits in the words about the cue's speaker ('said Ann Lee, who waited in an
    "extraordinarily long line"'): it is the writer's, not more of what she said."""
    words = _speaker_words(cue)
    return bool(words) and base + words[0].idx <= quote.mark_start < base + words[-1].idx + len(words[-1])


def _speaker_words(cue: Token) -> list[Token]:
    """Return the words of a cue's subject with all that describes it ("an aide who asked not to be named")."""
    return [t for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]


def _attributed_after(text: str, quote: Quote, forms: frozenset[str]) -> bool:
    """Tell whether an attribution follows a quote in its own sentence ('"B," expert Ann Lee wrote')."""
    if _last_mark(text, quote) not in _QUOTE_ENDS:
        return False
    tail = re.split(r"[.!?:;\n]", QUOTE_MARK_RE.split(text[quote.mark_end:quote.mark_end + MAX_GAP])[0])[0]
    return any(w in forms for w in re.findall(r"[a-z]+", tail.lower()))


def _according_draft(
    token: Token, base: int, text: str, quotes: list[Quote], used: set[Quote], lexicon: CueLexicon
) -> Draft | None:
    """Build the statement of "according to X" or "in X's poll/interview, ...": X is the source and
    the rest of the sentence, on both sides of the phrase, the content (as PolNeAR marks it)."""
    if token.dep_ != "prep":
        return None
    if token.lower_ == "according":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        cue = "according to"
    elif token.lower_ == "in" and token.i == token.sent.start and not _is_cue_verb(token.head, lexicon):
        source = next((c for c in token.children if c.dep_ == "pobj"
                       and lexicon.lemma(c) in lexicon.source_nouns), None)
        cue = "in"
    else:
        return None
    if source is None:
        return None
    skip = {t.i for t in token.subtree} | _asides_after(token)
    kept = [t for t in token.sent if t.i not in skip and not t.is_punct]
    if not kept:
        return None
    last = _trim_tail(token.doc[kept[0].i:kept[-1].i + 1])[-1]
    start, end = base + kept[0].idx, base + last.idx + len(last)
    start, end = _extend_over_quotes(start, end, text, quotes, used)
    author = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    if cue == "in" and author is not None and lexicon.lemma(source) in _PERSONAL_MEDIA:
        source = author  # "In an interview, Lind argued ...": Lind speaks, the interview is the venue
    return Draft(start, end, cue, _mention_span(_author(source)))


def _asides_after(phrase: Token) -> set[int]:
    """Return the tokens of what follows "according to X" after a comma and is the writer's own: a
    contrast (", although ...", ", even as ..."), a second clause (", but ...") or a comment on the
    figure (", a large sum for ...")."""
    doc, found = phrase.doc, set()
    for head in dict.fromkeys((phrase.head, phrase.sent.root)):
        for part in head.rights:
            first = part.left_edge.i
            if part.dep_ == "conj" and doc[first - 1].dep_ == "cc":
                first -= 1  # the parse hangs "but" on the first clause
            if part.i < phrase.i or phrase.i in {t.i for t in part.subtree} or doc[first - 1].text != ",":
                continue
            marks = {c.lower_ for c in part.children if c.dep_ in ("mark", "advmod", "cc")} | {doc[first].lower_}
            if ((part.dep_ == "advcl" and marks & _CONTRASTS) or (part.dep_ == "conj" and marks & {"but", "yet"})
                    or (part.dep_ in ("dobj", "appos", "npadvmod") and part.pos_ == "NOUN")):
                found |= {t.i for t in doc[first - 1:part.right_edge.i + 1]}
    return found


_CONTRASTS = frozenset({"although", "though", "while", "whereas", "even"})


# Media in which the sentence's subject speaks for themselves (unlike a poll or a study).
_PERSONAL_MEDIA = frozenset({"interview", "statement", "letter", "speech", "memo", "tweet", "post", "column",
                             "op-ed", "essay", "book", "email", "message", "video"})


def _noun_draft(token: Token, base: int, lexicon: CueLexicon) -> Draft | None:
    """Build the statement of a cue noun with a "that" clause ("his statement that ...")."""
    if token.pos_ != "NOUN" or lexicon.lemma(token) not in lexicon.nouns:
        return None
    clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    mention = _mention_span(owner) if owner is not None else None
    held = token.dep_ in ("dobj", "pobj") and token.head.pos_ == "VERB"
    if mention is None and held:
        mention = _subject(token.head)
    if mention is None:
        return None
    span = token.doc[clause.left_edge.i:clause.right_edge.i + 1]
    # "expressed hope", "voiced the concern": the verb that carries the noun is part of the cue
    cue = token.doc[token.head.i:token.i + 1].text if held and 0 < token.i - token.head.i <= 2 else token.text
    return Draft(base + span.start_char, base + span.end_char, cue, mention)


def _refusal_draft(token: Token, base: int, text: str, lexicon: CueLexicon) -> Draft | None:
    """Build the statement of a refusal: "declined to comment on X" (the content starts at "to")."""
    for child in token.children:
        if child.dep_ == "xcomp" and _has_to(child):
            start, end = _char_span(_trim_tail(token.doc[child.left_edge.i:child.right_edge.i + 1]), base, text)
            return Draft(start, end, f"{token.text} to {child.text}", _subject(token))
    return None


def _venue(sent: Span, base: int, text: str, quotes: Sequence[Quote], lexicon: CueLexicon) -> str | None:
    """Return the venue named in the attribution part of a sentence ("told reporters", "in a statement")."""
    outside = QUOTE_MARK_RE.split(text[base + sent.start_char:base + sent.end_char])[::2]
    for part in outside:
        for pattern in lexicon.venues:
            if m := pattern.search(part):
                return m.group(0).strip()
    return None


# ------------------------------------------------------------------ "Name: statement" lines
_COLON_LINE = re.compile(
    r"(?P<who>(?:[A-Z][\w.'\u2019-]*|of|the|to|and)(?: (?:[A-Z][\w.'\u2019-]*|of|the|to|and)){0,5})"
    r"(?P<to> to [A-Z][\w.'\u2019 -]{0,40})?:\s+(?P<what>\S.*?)[.\s]*$")
_NOT_SPEAKERS = frozenset({
    "update", "updates", "watch", "note", "editor", "photo", "photos", "video", "read", "related", "source",
    "sources", "q", "a", "question", "answer", "breaking", "exclusive", "listen", "live", "warning",
    "correction", "disclosure", "subscribe", "follow", "latest", "fix", "is", "in", "recap", "analysis",
    "opinion", "review", "poll", "email", "daily", "news", "contributing", "week", "stat", "report",
    "credit", "more", "also", "plus", "bottom", "line", "takeaway", "verdict", "tags", "topics", "today"})


def _bare(word: str) -> str:
    """Lower-case a word and drop a possessive ending and a trailing full stop."""
    return word.lower().rstrip(".").removesuffix("'s").removesuffix("\u2019s")


def _headline_drafts(text: str, paragraphs: Sequence[Paragraph], drafts: list[Draft]) -> list[Draft]:
    """Find headline and transcript lines of the form "Obama: I'm optimistic" (the colon is the cue)."""
    found = []
    for para in paragraphs:
        m = _COLON_LINE.match(para.text)
        if m is None or len(para.text) > 300 or len(m.group("what").split()) < 3:
            continue
        who = m.group("who").split()
        if {_bare(w) for w in who} & _NOT_SPEAKERS or (len(who) > 1 and m.group("who").isupper()):
            continue  # a section label ("The Latest:", "STAT OF THE WEEK:"), not a speaker
        if not _named_elsewhere(who[-1], text, para):
            continue  # "Wow: ...", "Breaking News: ...": a speaker is named again in the story
        start, end = para.start + m.start("what"), para.start + m.end("what")
        if any(d.start < end and start < d.end and not _within(d, start, end) for d in drafts):
            continue  # the line is part of a statement found otherwise
        speaker_at = (para.start + m.start("who"), para.start + m.end("who"))
        found.append(Draft(start, end, ":", None, mention_chars=speaker_at))
    return found


def _within(draft: Draft, start: int, end: int) -> bool:
    """Tell whether a statement and its cue lie in ``text[start:end]``: in "Lee: Audit Will Show Fraud",
    "Audit Will Show Fraud" is the headline's content, not a statement of the audit's."""
    return draft.cue_at is not None and start <= draft.cue_at < end and start <= draft.start and draft.end <= end


def _named_elsewhere(word: str, text: str, para: Paragraph) -> bool:
    """Tell whether ``word`` (as written) occurs in the text outside paragraph ``para``."""
    pattern = re.compile(r"(?<!\w)" + re.escape(word.rstrip(".")) + r"(?!\w)")
    return any(not para.start <= m.start() < para.start + len(para.text) for m in pattern.finditer(text))


# ------------------------------------------------------------------ quotes without a cue
def _signed_quotes(paragraphs: Sequence[Paragraph], quotes: list[Quote], used: set[Quote]) -> list[Draft]:
    """Find quote paragraphs signed with a dash and a name ("“He scares me.” ― Ana Ruiz, 34, Tucson"):
    readers' voices, epigraphs and posts quoted in a list. The dash is the cue.

    The whole paragraph up to its last closing mark is what was said, whatever quotes it holds ("... what
    he calls “hell” than live ...").
    """
    found = []
    for para in paragraphs:
        m = _SIGNED.fullmatch(para.text)
        if m is None or _bare(m.group("who").split()[0]) in _NOT_SPEAKERS or len(m.group("what").split()) < 3:
            continue  # '"Deplorables" - Clinton Regrets Remark' is a headline
        start, end = para.start + m.start("what"), para.start + m.end("what")
        used.update(q for q in quotes if start <= q.start and q.end <= end)
        found.append(Draft(start, end, m.group("dash"), None,
                           mention_chars=(para.start + m.start("who"), para.start + m.end("who"))))
    return found


# A quote paragraph, a dash, a name of up to five capitalised words and what may follow it (", 34, Tucson").
_SIGNED = re.compile(
    r"\s*[\"\u201c\u201d](?P<what>[^\n]+?)[\"\u201d][^\S\n]*(?P<dash>\u2015|\u2014|\u2013|--?)[^\S\n]*"
    r"(?P<who>[A-Z][\w'\u2019-]*(?:\.?[^\S\n](?:[A-Z][\w'\u2019-]*|de|da|van|von|del|la|le|bin|al)){0,4})"
    r"\.?(?:,[^\n]{0,80})?\s*")


def _orphan_quotes(text: str, quotes: list[Quote], used: set[Quote]) -> list[Draft]:
    """Turn unattributed quote-only paragraphs into statements that continue the previous speaker."""
    found = []
    for q in quotes:
        if q in used or not _starts_paragraph(text, q.mark_start) or len(text[q.start:q.end].split()) < 4:
            continue
        found.append(Draft(q.start, q.end, None, None, continues=True))
    return found


def _starts_paragraph(text: str, pos: int) -> bool:
    """Tell whether ``pos`` is the first non-space character of its paragraph."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


# ------------------------------------------------------------------ speakers
def _attribute(
    text: str, drafts: list[Draft], sentences: list[Span], offsets: dict[int, int], quotes: list[Quote]
) -> list[Statement]:
    """Resolve each draft's speaker in text order and turn the drafts into statements."""
    index = spk.build_index(sentences)
    spk.name_people_in_full(index, text)
    statements: list[Statement] = []
    recent: list[spk.Mentioned] = []
    last: Statement | None = None
    for draft in _dedupe(drafts):
        if draft.continues:
            if last is None or last is not statements[-1] or not _next_paragraph(text, last.end, draft.start):
                continue  # a quote far from any statement is a title or a slogan, not a continuation
            if last.kind != "indirect":
                # PolNeAR (and readers) take a quote-only paragraph as more of the quote before it
                if not _worth_joining(text, last.start, last.end, draft.start, draft.end):
                    continue
                last.end, last.text = draft.end, text[last.start:draft.end]
                last.kind = kind_of(last.start, last.end, text, quotes)
                continue
            statement = replace(last, kind="direct", text=text[draft.start:draft.end], start=draft.start,
                                end=draft.end, cue=None, venue=None)
        else:
            statement = _statement(text, draft, offsets, quotes, index, recent)
        statements.append(statement)
        if statement.speaker:
            where = statement.speaker_start if statement.speaker_start is not None else statement.start
            recent.append(spk.Mentioned(where, spk.Speaker(statement.speaker, statement.speaker_type,
                                                           statement.speaker_role)))
            last = statement
    _name_in_full(statements, text)
    return statements


def _name_in_full(statements: list[Statement], text: str) -> None:
    """Give a person known by surname alone the full name the document writes elsewhere ("Jones" is
    "Owen Jones" from a sentence the recogniser never read), whether or not the recogniser typed it.

    The gender an honorific gives ("Mrs. Obama") must fit the given name. A pronoun's gender is not
    asked: "he" is too often resolved to the wrong person to veto a name the text writes.
    """
    people = [(s, s.speaker) for s in statements if s.speaker and (
        s.speaker_type == "PERSON" or s.speaker_type is None and s.speaker.istitle())]
    surnames = {name: _honorific_gender(name, statements) for _, name in people if len(name.split()) == 1}
    if not surnames:
        return
    full = spk.full_names_written(surnames, {name for s, name in people if s.speaker_type == "PERSON"}, text)
    for statement, name in people:
        if name in full:  # a name the recogniser did not type is a person's once written in full
            statement.speaker, statement.speaker_type = full[name], "PERSON"


def _honorific_gender(name: str, statements: list[Statement]) -> spk.Gender | None:
    """Return the gender the honorifics of a speaker's mentions agree on ("Mrs. Lind"), if any."""
    seen = set()
    for s in statements:
        words = (s.speaker_mention or "").lower().split()
        if s.speaker == name and words and words[0] in spk.HONORIFIC_GENDER:
            seen.add(spk.HONORIFIC_GENDER[words[0]])
    return seen.pop() if len(seen) == 1 else None


def _after_dateline(text: str, start: int, end: int) -> int:
    """Move a content that opens its paragraph past the wire dateline in front of it
    ("WASHINGTON (AP) — Trump has invested ..., according to ..." starts at "Trump")."""
    if not _starts_paragraph(text, start):
        return start
    found = read_dateline(text[start:end])
    return end - len(found.story) if found is not None and found.story.strip() else start


def _next_paragraph(text: str, end: int, start: int) -> bool:
    """Tell whether ``start`` lies in the paragraph right after the one holding ``end``."""
    return bool(re.fullmatch(r"[^\n]*\n\s*\S*", text[end:start]))


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """Drop repeated drafts and those nested in another draft's content (one statement per content)."""
    kept: list[Draft] = []
    for d in drafts:
        if any(k.start == d.start and k.end == d.end for k in kept) or _nested(d, drafts):
            continue
        kept.append(d)
    return kept


def _nested(draft: Draft, drafts: list[Draft]) -> bool:
    """Tell whether a statement's cue and content sit inside another statement's content."""
    return any(o is not draft and _within(draft, o.start, o.end) for o in drafts)


def _statement(
    text: str, draft: Draft, offsets: dict[int, int], quotes: list[Quote],
    index: spk.SpeakerIndex, recent: list[spk.Mentioned],
) -> Statement:
    """Turn a draft into a statement with its speaker resolved."""
    speaker = spk.Speaker(None)
    mention_start = mention_end = None
    mention_text = None
    if draft.mention is not None:
        speaker = spk.resolve(draft.mention, index, recent)
        base = offsets[id(draft.mention.doc)]
        mention_start, mention_end = base + draft.mention.start_char, base + draft.mention.end_char
        mention_text = text[mention_start:mention_end]
    elif draft.mention_chars is not None:
        mention_start, mention_end = draft.mention_chars
        mention_text = text[mention_start:mention_end]
        speaker = spk.resolve_name(mention_text, index)
    start = _after_dateline(text, draft.exported_start, draft.end)
    return Statement(
        kind=kind_of(start, draft.end, text, quotes), text=text[start:draft.end],
        start=start, end=draft.end, cue=_as_written(draft.cue), speaker_mention=mention_text,
        speaker_start=mention_start, speaker_end=mention_end, speaker=speaker.name,
        speaker_type=speaker.type, speaker_role=speaker.role, venue=draft.venue)

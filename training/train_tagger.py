"""Fit the attribution tagger (``src/onrecord/data/tagger.npz``) on PolNeAR's train split.

Usage: .venv/bin/python training/train_tagger.py [--data ../shared/data/polnear/data] [--epochs 10]
       [--cache DIR] [--out src/onrecord/data/tagger.npz]

Every article of the train split is parsed as the pipeline parses it (the paragraphs that may carry a
statement, and those before a pronoun speaker), drafted by the rules, and tagged token by token from
its first annotator's attributions: B/I of content, source and cue (a content's later pieces, after
its own attribution, continue with I). One article in ten (by a hash of its name) is held out: the
epoch with the best held-out score is kept, and the thresholds of the extraction presets are chosen
on the held-out articles, running OnRecord's own extraction and the shared scorer. Dev is never read.
Needs PyTorch (``pip install torch==2.13.0``, a CPU build) and ``../shared``; the result runs without it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import torch
from spacy.tokens import DocBin
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from onrecord.cue_model import load_cue_model
from onrecord.models import Statement
from onrecord.nlp import (
    ParsedParagraph,
    load_pipeline,
    paragraphs_to_parse,
    parse_paragraphs,
    split_paragraphs,
)
from onrecord.statements import (
    ParsedDocument,
    draft_document,
    extract_parsed,
    load_cues,
    tagger_context,
    tagger_passages,
)
from onrecord.tagger import (
    B_CONTENT,
    B_CUE,
    B_SOURCE,
    DENSE_FEATURES,
    LABELS,
    OUTSIDE,
    Context,
    Inputs,
    Passage,
    encode,
    load_tagger,
    pipeline_identity,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HELD_OUT = 10  # one article in this many is held out
WORD_MIN_COUNT = 3
WORD_LIMIT = 20000
SIZES = {"word": 64, "tag": 16, "dep": 16, "projection": 128, "hidden": 64, "layers": 2}
DROPOUT = 0.3
WORD_DROPOUT = 0.1
BATCH = 16
LEARNING_RATE = 2e-3
DECAY = 0.85  # the learning rate's factor from one epoch to the next
SEED = 13
# The presets' floors on held-out precision; each takes the threshold with the best recall above it.
PRESET_FLOORS = {"precise": 0.86, "balanced": 0.83, "broad": 0.80}
THRESHOLDS = tuple(round(0.4 + 0.05 * k, 2) for k in range(11))  # 0.40 .. 0.90


@dataclass
class Article:
    """One train article: its name, text, gold attributions (role -> ranges), parse and rule context."""

    name: str
    text: str
    events: list[dict[str, list[tuple[int, int]]]]
    parsed: list[ParsedParagraph]


@dataclass
class Example:
    """One passage ready for training: its inputs and gold labels."""

    inputs: Inputs
    labels: np.ndarray


def load_scorer() -> ModuleType:
    """Import the shared scorer, the contract for what counts as a match."""
    spec = importlib.util.spec_from_file_location("polnear_score", SHARED / "eval" / "polnear_score.py")
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load ../shared/eval/polnear_score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_score"] = module
    spec.loader.exec_module(module)
    return module


def read_articles(data: Path, scorer: ModuleType, cache: Path | None) -> list[Article]:
    """Read and parse the train articles that have annotations (first annotator, as the scorer reads)."""
    found: list[tuple[str, str, list[dict[str, list[tuple[int, int]]]]]] = []
    for path in sorted((data / "train" / "text").glob("*.txt")):
        anns = sorted((data / "train" / "attributions").glob(f"{path.stem}_*.ann"))
        if anns:
            spans, events = scorer.parse_ann(str(anns[0]))
            roles = [{role: sorted(r for t in ids for r in spans[t]) for role, ids in ev.items()} for ev in events]
            found.append((path.stem, path.read_text(encoding="utf-8"), roles))
    parsed = parse([text for _, text, _ in found], cache)
    return [Article(name, text, events, p) for (name, text, events), p in zip(found, parsed, strict=True)]


def parse(texts: list[str], cache: Path | None) -> list[list[ParsedParagraph]]:
    """Parse what the pipeline parses of each text (reusing ``cache``, a folder, if it holds this parse).

    A DocBin keeps no token vectors, so they are kept beside it.
    """
    lexicon, nlp = load_cues(), load_pipeline()
    chosen = [paragraphs_to_parse(split_paragraphs(t), lexicon.forms) for t in texts]
    name = f"train-{hashlib.sha1(''.join(texts).encode()).hexdigest()[:12]}"
    if cache and (cache / f"{name}.spacy").is_file():
        docs = list(DocBin(store_user_data=True).from_disk(cache / f"{name}.spacy").get_docs(nlp.vocab))
        vectors = np.load(cache / f"{name}.npy")
        at = 0
        for doc in docs:
            doc.tensor = vectors[at:at + len(doc)]
            at += len(doc)
        found = iter(docs)
        return [[ParsedParagraph(p, next(found)) for p in paragraphs] for paragraphs in chosen]
    parsed = [found for _, found in parse_paragraphs(enumerate(chosen), nlp, n_process=2)]
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        docs = [pp.doc for article in parsed for pp in article]
        DocBin(docs=docs, store_user_data=True).to_disk(cache / f"{name}.spacy")
        np.save(cache / f"{name}.npy", np.concatenate([doc.tensor for doc in docs]))
    return parsed


def held_out(name: str) -> bool:
    """Tell whether an article is held out (a stable choice: a hash of its name)."""
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % HELD_OUT == 0


def article_passages(article: Article) -> list[tuple[Passage, Context]]:
    """Return an article's passages, each with the tagger context of its document (as ``extract_many``
    builds them)."""
    lexicon = load_cues()
    document = ParsedDocument(article.text, split_paragraphs(article.text), article.parsed)
    context = tagger_context(article.text, draft_document(document, lexicon), lexicon)
    return [(p, context) for p in tagger_passages(document.paragraphs, article.parsed)]


def gold_labels(passage: Passage, events: list[dict[str, list[tuple[int, int]]]]) -> np.ndarray:
    """Tag each token of a passage from the gold attributions (a token takes the first role it touches)."""
    tokens = passage.places
    labels = np.full(len(tokens), OUTSIDE, dtype=np.int64)
    for event in events:
        for role, begin in (("Content", B_CONTENT), ("Source", B_SOURCE), ("Cue", B_CUE)):
            first = True
            for start, end in event.get(role, []):
                for k, (_, _, a, z) in enumerate(tokens):
                    if a < end and z > start and labels[k] == OUTSIDE:
                        labels[k] = begin if first else begin + 1
                        first = False
    return labels


def vocabularies(passages: list[tuple[Passage, Context]]) -> tuple[list[str], list[str], list[str]]:
    """Return the words (frequent enough), tags and dependency labels of the fitting passages."""
    words: Counter[str] = Counter()
    tags, deps = set(), set()
    for passage, _ in passages:
        for doc in passage.docs:
            for t in doc:
                words[t.lower_] += 1
                tags.add(t.tag_)
                deps.add(t.dep_)
    common = [w for w, n in words.most_common(WORD_LIMIT) if n >= WORD_MIN_COUNT]
    return common, sorted(tags), sorted(deps)


class Tagger(nn.Module):
    """The PyTorch twin of ``onrecord.tagger.AttributionTagger`` (same layers, same layout)."""

    def __init__(self, words: int, tags: int, deps: int, dense: int) -> None:
        super().__init__()
        self.word_vectors = nn.Embedding(words, SIZES["word"], padding_idx=0)
        self.tag_vectors = nn.Embedding(tags, SIZES["tag"], padding_idx=0)
        self.dep_vectors = nn.Embedding(deps, SIZES["dep"], padding_idx=0)
        self.projection = nn.Linear(SIZES["word"] + SIZES["tag"] + SIZES["dep"] + dense, SIZES["projection"])
        self.dropout = nn.Dropout(DROPOUT)
        self.lstm = nn.LSTM(SIZES["projection"], SIZES["hidden"], num_layers=SIZES["layers"], bidirectional=True,
                            batch_first=True, dropout=DROPOUT)
        self.output = nn.Linear(2 * SIZES["hidden"], len(LABELS))

    def forward(self, words: torch.Tensor, tags: torch.Tensor, deps: torch.Tensor, dense: torch.Tensor,
                lengths: torch.Tensor) -> torch.Tensor:
        x = torch.cat([self.word_vectors(words), self.tag_vectors(tags), self.dep_vectors(deps), dense], dim=-1)
        x = self.dropout(torch.relu(self.projection(x)))
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        return self.output(self.dropout(h))


def batch_tensors(items: list[Example]) -> tuple[torch.Tensor, ...]:
    """Pad a batch of sequences into tensors (labels of padding are ignored)."""
    width = max(len(s.labels) for s in items)
    n = len(items)
    words, tags, deps = (torch.zeros(n, width, dtype=torch.long) for _ in range(3))
    dense = torch.zeros(n, width, items[0].inputs.dense.shape[1])
    labels = torch.full((n, width), -100, dtype=torch.long)
    for k, s in enumerate(items):
        length = len(s.labels)
        words[k, :length] = torch.from_numpy(s.inputs.words)
        tags[k, :length] = torch.from_numpy(s.inputs.tags)
        deps[k, :length] = torch.from_numpy(s.inputs.deps)
        dense[k, :length] = torch.from_numpy(s.inputs.dense)
        labels[k, :length] = torch.from_numpy(s.labels)
    lengths = torch.tensor([len(s.labels) for s in items])
    return words, tags, deps, dense, labels, lengths


def train_epoch(model: Tagger, optimiser: torch.optim.Optimizer, sequences: list[Example]) -> float:
    """Run one epoch over shuffled sequences; return the summed loss."""
    model.train()
    random.shuffle(sequences)
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    total = 0.0
    for k in range(0, len(sequences), BATCH):
        words, tags, deps, dense, labels, lengths = batch_tensors(sequences[k:k + BATCH])
        words = words.masked_fill((torch.rand(words.shape) < WORD_DROPOUT) & (words > 1), 1)  # unknown word
        logits = model(words, tags, deps, dense, lengths)
        loss = loss_of(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()
        total += loss.item()
    return total


def save(model: Tagger, vocab: tuple[list[str], list[str], list[str]], pipeline: str, out: Path,
         thresholds: dict[str, float]) -> None:
    """Write the weights and vocabularies as ``onrecord.tagger.load_tagger`` reads them (float16 on disk)."""
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays = {"word_vectors": state["word_vectors.weight"], "tag_vectors": state["tag_vectors.weight"],
              "dep_vectors": state["dep_vectors.weight"], "projection_weight": state["projection.weight"],
              "projection_bias": state["projection.bias"], "output_weight": state["output.weight"],
              "output_bias": state["output.bias"]}
    for n in range(SIZES["layers"]):
        for direction, suffix in (("forward", ""), ("backward", "_reverse")):
            arrays[f"lstm{n}_{direction}_ih"] = state[f"lstm.weight_ih_l{n}{suffix}"]
            arrays[f"lstm{n}_{direction}_hh"] = state[f"lstm.weight_hh_l{n}{suffix}"]
            arrays[f"lstm{n}_{direction}_bias"] = (state[f"lstm.bias_ih_l{n}{suffix}"]
                                                   + state[f"lstm.bias_hh_l{n}{suffix}"])
    meta = {"pipeline": pipeline, "layers": SIZES["layers"], "labels": list(LABELS), "dense": list(DENSE_FEATURES),
            "words": vocab[0], "tags": vocab[1], "deps": vocab[2], "thresholds": thresholds,
            "trained_on": "PolNeAR v1.0.0 train split, first annotator, nine articles in ten"}
    np.savez_compressed(out, meta=np.array(json.dumps(meta)),
                        **{k: v.astype(np.float16 if v.ndim == 2 else np.float32) for k, v in arrays.items()})


def held_out_scores(articles: list[Article], gold: dict[str, Any], tagger_path: Path, scorer: ModuleType,
                    thresholds: Iterable[float]) -> dict[float, dict[str, float]]:
    """Run OnRecord's extraction (the ``precise`` preset's rules) on the held-out articles with the tagger
    at each threshold; return the scorer's strict figures for each."""
    nlp, lexicon = load_pipeline(), load_cues()
    load_tagger.cache_clear()
    load_cue_model.cache_clear()
    tagger = load_tagger(str(tagger_path))
    rules = load_cue_model("precise", tagger_path=str(tagger_path))
    results = {}
    for threshold in thresholds:
        model = rules.with_tagger(tagger, threshold)
        preds = {a.name: [_pred(s, scorer) for s in extract_parsed(
            a.text, split_paragraphs(a.text), a.parsed, lexicon, nlp, model)] for a in articles}
        results[threshold] = scorer.score(gold, preds, "strict")
    return results


def _pred(statement: Statement, scorer: ModuleType) -> Any:
    """Return a statement as the scorer's prediction (the article's text is the cleaned text here)."""
    speaker = ((statement.speaker_start, statement.speaker_end)
               if statement.speaker_start is not None and statement.speaker_end is not None else None)
    strings = [s for s in (statement.speaker_mention, statement.speaker) if s and s.strip()]
    return scorer.Pred((statement.start, statement.end), speaker, strings, "offsets")


def _figures(figures: dict[str, float]) -> str:
    return (f"P={figures['precision']:.3f} R={figures['recall_all']:.3f} F1={figures['f1_all']:.3f} "
            f"spk={figures['speaker_acc']:.3f}")


def choose_thresholds(scores: dict[float, dict[str, float]]) -> dict[str, float]:
    """Return each preset's threshold: the best held-out recall whose precision reaches its floor."""
    chosen = {}
    for preset, floor in PRESET_FLOORS.items():
        fitting = [(figures["recall_all"], t) for t, figures in scores.items() if figures["precision"] >= floor]
        chosen[preset] = max(fitting, default=(0.0, max(scores)))[1]
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "polnear" / "data")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--cache", type=Path, default=None, help="keep the parse here for the next run")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "onrecord" / "data" / "tagger.npz")
    args = ap.parse_args(argv)
    if not (args.data / "train" / "text").is_dir():
        print(f"cannot run: need {args.data / 'train' / 'text'}", file=sys.stderr)
        return 2
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    scorer = load_scorer()
    began = time.perf_counter()
    articles = read_articles(args.data, scorer, args.cache)
    print(f"parsed {len(articles)} articles in {time.perf_counter() - began:.0f} s", flush=True)
    fitting = [a for a in articles if not held_out(a.name)]
    holding = [a for a in articles if held_out(a.name)]
    gold = {name: art for name, art in scorer.load_split(str(args.data), "train").items()
            if name in {a.name for a in holding}}
    passages = {a.name: article_passages(a) for a in fitting}
    vocab = vocabularies([p for a in fitting for p in passages[a.name]])
    ids = [{name: n for n, name in enumerate(names, start=2)} for names in vocab]
    sequences = [Example(encode(p, context, ids[0], ids[1], ids[2]), gold_labels(p, a.events))
                 for a in fitting for p, context in passages[a.name]]
    print(f"{len(fitting)} articles to fit ({len(sequences)} passages), {len(holding)} held out", flush=True)
    model = Tagger(len(vocab[0]) + 2, len(vocab[1]) + 2, len(vocab[2]) + 2, sequences[0].inputs.dense.shape[1])
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    # a decaying rate: held-out scores swing from epoch to epoch at a constant one
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimiser, gamma=DECAY)
    pipeline = pipeline_identity(load_pipeline())
    candidate = args.out.with_name("tagger.candidate.npz")
    best = -1.0
    for epoch in range(args.epochs):
        began = time.perf_counter()
        loss = train_epoch(model, optimiser, sequences)
        schedule.step()
        trained = time.perf_counter() - began
        model.eval()
        save(model, vocab, pipeline, candidate, {})
        scores = held_out_scores(holding, gold, candidate, scorer, (0.6, 0.7, 0.8))
        f1 = max(figures["f1_all"] for figures in scores.values())
        print(f"epoch {epoch}: loss {loss:.1f} (trained in {trained:.0f} s, scored in "
              f"{time.perf_counter() - began - trained:.0f} s); held out: "
              + "; ".join(f"{t} {_figures(figures)}" for t, figures in scores.items()), flush=True)
        if f1 > best:
            best = f1
            candidate.replace(args.out)
    scores = held_out_scores(holding, gold, args.out, scorer, THRESHOLDS)
    for threshold, figures in scores.items():
        print(f"threshold {threshold:.2f}: held out {_figures(figures)}")
    thresholds = choose_thresholds(scores)
    meta_with(args.out, thresholds)
    print(f"presets: {thresholds}; written: {args.out}")
    return 0


def meta_with(path: Path, thresholds: dict[str, float]) -> None:
    """Write the presets' thresholds into the metadata of a saved tagger."""
    with np.load(path, allow_pickle=False) as saved:
        arrays = {k: saved[k] for k in saved.files}
    meta = json.loads(str(arrays.pop("meta")))
    meta["thresholds"] = thresholds
    np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)


if __name__ == "__main__":
    sys.exit(main())

"""Fit the learned cue model (``src/onrecord/data/cue_model.json``) on PolNeAR's train split.

Usage: .venv/bin/python training/train_cue_model.py [--data ../shared/data/polnear/data] [--folds 5]
       [--limit N] [--cache PARSE.spacy] [--out src/onrecord/data/cue_model.json]

Two logistic regressions are fitted over feature names (``onrecord.cue_model``): one vets each
statement the rules find (positive when its content matches a gold attribution under the scorer's
strict rule, Jaccard >= 0.5), one scores every (word, complement) pair the rules leave open (positive
likewise). Thresholds are chosen on out-of-fold probabilities (folds by article), one pair per preset:
the best train recall whose train precision stays above the preset's floor. Only feature names,
weights and thresholds are written; no text of the corpus.
Needs scikit-learn (a development dependency) and ``../shared``; dev is never read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from spacy.tokens import DocBin

from onrecord.cue_model import Logistic, Placed, choose, open_candidates
from onrecord.nlp import ParsedParagraph, load_pipeline, parse_paragraphs, split_paragraphs
from onrecord.statements import (
    Draft,
    _dedupe,
    candidate_features,
    draft_by_rules,
    draft_features,
    draft_reaches,
    load_cues,
    may_carry_statement,
    source_of,
)

ROOT = Path(__file__).resolve().parents[1]
# Each preset's floor on train precision (strict rule) and whether it may drop the rules' statements;
# within these, the thresholds with the best recall. Only "precise" second-guesses the rules: vetting
# also drops sound statements of rare shapes, which a user asking for more recall would not want.
PRESET_LIMITS = {"precise": (0.85, True), "balanced": (0.82, False), "broad": (0.78, False)}
SHARED = ROOT.parent / "shared"
BOUNDS_C = 0.1  # the bounds model learns from few telling examples: regularise it harder
STEPS = tuple(round(0.3 + 0.05 * k, 2) for k in range(11))  # the thresholds tried: 0.30, 0.35 .. 0.80


@dataclass
class Example:
    """One item to score in one article: its features, its character set and its gold label."""

    article: int
    features: list[str]
    chars: set[int]  # the scorer's character set of the content
    positive: bool
    placed: Placed | None = None  # open candidates only
    draft: Draft | None = None  # the rules' statements only


@dataclass
class ReachExample:
    """Another span for one of the rules' statements: is it right, and was the rules' own span right."""

    article: int
    draft: Draft  # the statement it would move (one span per statement is picked)
    features: list[str]
    chars: set[int]  # the scorer's character set of the span
    was_right: bool
    positive: bool


@dataclass
class FittedBounds:
    """The bounds model, its threshold, its out-of-fold curve, and the spans it moves out of fold."""

    model: Logistic
    threshold: float
    curve: list[str]
    moved: dict[int, set[int]]  # id of a rule's statement -> the character set it moves to


@dataclass
class Article:
    """One article's golds, as the scorer's character sets."""

    golds: list[set[int]]


def load_scorer() -> ModuleType:
    """Import the shared scorer, the contract for what counts as a match."""
    spec = importlib.util.spec_from_file_location("polnear_score", SHARED / "eval" / "polnear_score.py")
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load ../shared/eval/polnear_score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_score"] = module
    spec.loader.exec_module(module)
    return module


def parse(texts: list[str], cache: Path | None) -> list[list[ParsedParagraph]]:
    """Parse each article's paragraphs as the pipeline does (reusing ``cache``, a DocBin, if it exists)."""
    lexicon, nlp = load_cues(), load_pipeline()
    chosen = [[p for p in split_paragraphs(t) if may_carry_statement(p.text, lexicon.forms)] for t in texts]
    if cache and cache.is_file():
        docs = iter(DocBin().from_disk(cache).get_docs(nlp.vocab))
        return [[ParsedParagraph(p, next(docs)) for p in paragraphs] for paragraphs in chosen]
    parsed = [found for _, found in parse_paragraphs(enumerate(chosen), nlp, n_process=2)]
    if cache:
        DocBin(docs=[pp.doc for article in parsed for pp in article]).to_disk(cache)
    return parsed


def collect(data: Path, scorer: ModuleType, cache: Path | None, limit: int | None = None
            ) -> tuple[list[Example], list[Example], list[Article], list[ReachExample]]:
    """Label the rules' statements, the other spans they could have and every open candidate."""
    articles = list(scorer.load_split(str(data), "train").values())[:limit]
    lexicon = load_cues()
    drafted: list[Example] = []
    opened: list[Example] = []
    golds: list[Article] = []
    reached: list[ReachExample] = []
    for index, (art, parsed) in enumerate(zip(articles, parse([a.text for a in articles], cache), strict=True)):
        text = art.text
        found = draft_by_rules(text, split_paragraphs(text), parsed, lexicon)
        gold_sets = [scorer.charset(art.qtext, g.content) for g in art.golds]
        golds.append(Article(gold_sets))
        cues = found.tokens_by_offset
        for d in found.drafts:
            chars = scorer.charset(art.qtext, [(d.exported_start, d.end)])
            right = _best_gold(chars, gold_sets) >= 0
            drafted.append(Example(index, draft_features(d, text, found, cues, lexicon), chars, right, draft=d))
            for reach, features in draft_reaches(d, text, found, cues, lexicon):
                reach_chars = scorer.charset(art.qtext, [(reach.start, reach.end)])
                positive = _best_gold(reach_chars, gold_sets) >= 0
                reached.append(ReachExample(index, d, features, reach_chars, right, positive))
        taken = [(d.start, d.end) for d in found.drafts]
        quoted = [(q.mark_start, q.mark_end) for q in found.quotes]
        for placed in open_candidates(found.sentences, found.offsets, text, taken, quoted, source_of):
            chars = scorer.charset(art.qtext, [(placed.start, placed.end)])
            gold = _best_gold(chars, gold_sets)
            # an addition must come with its source: a right content with a wrong speaker misleads
            positive = gold >= 0 and _speaker_fits(placed, found.offsets, art.golds[gold], scorer)
            opened.append(Example(index, candidate_features(placed.candidate, lexicon), chars, positive,
                                  placed=placed))
    return drafted, opened, golds, reached


def _speaker_fits(placed: Placed, offsets: dict[int, int], gold: Any, scorer: ModuleType) -> bool:
    """Apply the scorer's own speaker rule to a candidate's subject mention."""
    mention = placed.candidate.mention
    span = None
    if mention is not None:
        base = offsets[id(mention.doc)]
        span = (base + mention.start_char, base + mention.end_char)
    return bool(scorer.speaker_ok(scorer.Pred((placed.start, placed.end), span, [], "offsets"), gold))


def _best_gold(chars: set[int], golds: list[set[int]]) -> int:
    """Return the gold whose Jaccard with ``chars`` is highest and at least 0.5, else -1."""
    best, best_j = 0.0, -1
    for j, g in enumerate(golds):
        inter = len(chars & g)
        if inter and (jac := inter / (len(chars) + len(g) - inter)) >= 0.5 and jac > best:
            best, best_j = jac, j
    return best_j


def out_of_fold(x: Any, y: np.ndarray, groups: np.ndarray, folds: int, c: float,
                learns: np.ndarray | None = None) -> np.ndarray:
    """Return each example's probability from a model fitted without its article (and only on the
    examples ``learns`` marks, if given)."""
    probability = np.zeros(len(y))
    for fit, held in GroupKFold(n_splits=folds).split(x, y, groups):
        if learns is not None:
            fit = fit[learns[fit]]
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x[fit], y[fit])
        probability[held] = model.predict_proba(x[held])[:, 1]
    return probability


def _matrix(features: list[list[str]]) -> tuple[DictVectorizer, Any]:
    """Turn each example's feature names into one row of a sparse 0/1 matrix."""
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(names, 1) for names in features]).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)  # liblinear wants 32-bit
    return vectorizer, x


def _final_model(vectorizer: DictVectorizer, x: Any, y: np.ndarray, c: float) -> Logistic:
    """Fit on all the rows given and keep the weights that matter (rounded, as the JSON stores them)."""
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0],
                                                             strict=True) if abs(w) >= 0.02}
    return Logistic(weights, round(float(model.intercept_[0]), 4))


@dataclass
class Fitted:
    """One model's examples with out-of-fold probabilities, and the model fitted on all of them."""

    examples: list[Example]
    probability: np.ndarray
    model: Logistic


def fit(examples: list[Example], folds: int, c: float) -> Fitted:
    """Fit a logistic model on the examples; keep out-of-fold probabilities to choose thresholds."""
    vectorizer, x = _matrix([e.features for e in examples])
    y = np.array([e.positive for e in examples], dtype=int)
    probability = out_of_fold(x, y, np.array([e.article for e in examples]), folds, c)
    model = _final_model(vectorizer, x, y, c)
    print(f"examples: {len(y)}  positive: {int(y.sum())}  features kept: {len(model.weights)}")
    return Fitted(examples, probability, model)


def fit_bounds(examples: list[ReachExample], folds: int, c: float) -> FittedBounds:
    """Fit the bounds model on the spans that fix or break a statement; choose its threshold out of fold.

    The threshold is the one with the most statements fixed less broken (strict rule) when each
    statement takes its likeliest other span, among those fixing at least twice as many as they break
    (a moved span that is no better either way is churn for a user).
    """
    vectorizer, x = _matrix([e.features for e in examples])
    y = np.array([e.positive for e in examples], dtype=int)
    telling = np.array([e.positive != e.was_right for e in examples])  # a span that changes the outcome
    probability = out_of_fold(x, y, np.array([e.article for e in examples]), folds, c, learns=telling)
    best: dict[int, tuple[ReachExample, float]] = {}
    for e, p in zip(examples, probability, strict=True):
        if id(e.draft) not in best or p > best[id(e.draft)][1]:
            best[id(e.draft)] = (e, float(p))
    threshold, curve = _bounds_threshold(list(best.values()))
    moved = {key: e.chars for key, (e, p) in best.items() if p >= threshold}
    return FittedBounds(_final_model(vectorizer, x[telling], y[telling], c), threshold, curve, moved)


def _bounds_threshold(best: list[tuple[ReachExample, float]]) -> tuple[float, list[str]]:
    """Return the threshold with the most statements fixed less broken (each statement's likeliest span
    and its out-of-fold probability in ``best``), and the curve to print. Never moving always qualifies."""
    curve, gains = [], {}
    for threshold in STEPS[4:] + (0.85, 0.9, 1.01):
        taken = [e for e, p in best if p >= threshold]
        fixed = sum(e.positive and not e.was_right for e in taken)
        broken = sum(e.was_right and not e.positive for e in taken)
        if fixed >= 2 * broken:
            gains[threshold] = fixed - broken
        curve.append(f"bounds threshold {threshold:.2f}: {len(taken)} moved, {fixed} fixed, {broken} broken")
    return max(gains, key=lambda t: (gains[t], t)), curve


def simulate(rules: Fitted, opened: Fitted, bounds: FittedBounds, golds: list[Article], keep_rule: float,
             add_open: float, scorer: ModuleType) -> tuple[float, float]:
    """Return train precision and recall (strict rule) of the vetted rules, their bounds moved, plus the
    open candidates added."""
    kept_rules: dict[int, list[Draft]] = {}
    for e, p in zip(rules.examples, rules.probability, strict=True):
        if e.draft is not None and (e.draft.continues or p >= keep_rule):
            kept_rules.setdefault(e.article, []).append(e.draft)
    by_article: dict[int, list[tuple[Example, float]]] = {}
    for e, p in zip(opened.examples, opened.probability, strict=True):
        by_article.setdefault(e.article, []).append((e, float(p)))
    chars = {id(e.draft): e.chars for e in rules.examples} | bounds.moved
    chars |= {id(e.placed): e.chars for e in opened.examples}
    predictions = matches = 0
    for index, article in enumerate(golds):
        pairs = by_article.get(index, [])
        added = choose([(e.placed, p) for e, p in pairs if e.placed is not None], add_open)
        stated = [chars[id(d)] for d in _dedupe(kept_rules.get(index, []))] + [chars[id(a)] for a in added]
        predictions += len(stated)
        matches += len(scorer.match(stated, article.golds, "strict"))
    total = sum(len(a.golds) for a in golds)
    return matches / max(1, predictions), matches / max(1, total)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "polnear" / "data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("--limit", type=int, default=None, help="fit on the first N articles only (a smoke run)")
    ap.add_argument("--cache", type=Path, default=None, help="keep the parse here (a DocBin) for the next run")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "onrecord" / "data" / "cue_model.json")
    args = ap.parse_args(argv)
    if not (args.data / "train" / "text").is_dir():
        print(f"cannot run: need {args.data / 'train' / 'text'}", file=sys.stderr)
        return 2
    scorer = load_scorer()
    drafted, opened, golds, reached = collect(args.data, scorer, args.cache, args.limit)
    rules, added = fit(drafted, args.folds, args.c), fit(opened, args.folds, args.c)
    bounds = fit_bounds(reached, args.folds, BOUNDS_C)
    print("\n".join(bounds.curve))
    grid = {(keep_rule, add_open): simulate(rules, added, bounds, golds, keep_rule, add_open, scorer)
            for keep_rule in (0.0, *STEPS[:-2]) for add_open in (*STEPS, 1.01)}
    for (keep_rule, add_open), (precision, recall) in grid.items():
        print(f"keep_rule {keep_rule:.2f} add_open {add_open:.2f}: P={precision:.3f} R={recall:.3f}")
    presets = {name: _cut(grid, floor, vets) for name, (floor, vets) in PRESET_LIMITS.items()}
    model = {"trained_on": "PolNeAR v1.0.0 train split, first annotator; strict match (Jaccard >= 0.5)",
             "presets": presets, "rules": _json(rules.model), "open": _json(added.model),
             "bounds": {"threshold": bounds.threshold, **_json(bounds.model)}}
    args.out.write_text(json.dumps(model, indent=0) + "\n")
    for name, cut in presets.items():
        print(f"{name}: {cut}")
    print(f"bounds: threshold {bounds.threshold}")
    print(f"written: {args.out}")
    return 0


def _cut(grid: dict[tuple[float, float], tuple[float, float]], floor: float, vets: bool) -> dict[str, float]:
    """Return the thresholds with the best train recall whose train precision is at least ``floor``."""
    fitting = [(recall, cut) for cut, (precision, recall) in grid.items()
               if precision >= floor and (vets or cut[0] == 0.0)]
    _, (keep_rule, add_open) = max(fitting, default=(0.0, (0.5, 1.01)))
    return {"keep_rule": keep_rule, "add_open": add_open}


def _json(model: Logistic) -> dict[str, object]:
    """Return one model as the JSON object ``cue_model.load_cue_model`` reads."""
    return {"bias": model.bias, "weights": dict(sorted(model.weights.items()))}


if __name__ == "__main__":
    sys.exit(main())

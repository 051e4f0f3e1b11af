"""Story clustering quality and incremental cost.

    .venv/bin/python bench/stories.py [MEANTIME_DIR] [SEEDS_DIR] [--scale N]

1. MEANTIME (English): 120 Wikinews articles in four topic corpora (the gold clusters); documents are
   rebuilt from the tokens of the intra-doc annotation, the creation-time TIMEX3 as their date.
2. Mixed: the five seed articles (one story, cleaned and dated by OnRecord's own clean/meta stages)
   plus a copy of one seed under another outlet's boilerplate, plus the MEANTIME articles.
   Gold: the seeds and the copy are one story, MEANTIME keeps its topics.
3. Scale: the time to add 100 generated documents to a store of N (default 20,000) generated ones,
   next to a full recomputation of all N + 100; and whether both give the same stories.
4. One large story: the time to place M (default 4,000) generated articles that all share their key
   terms, with the neighbour lookup capped per term (the default) next to reading every posting; then
   the time to repair the story after one of its articles is replaced (its members linked again).

Pairwise and BCubed precision/recall/F1 are printed for OnRecord (dedup + stories as ``corpus.update``
runs them, statements not extracted) beside two baselines measured in the same run: all singletons,
and plain TF-IDF single-link (scikit-learn, English stop words, cosine >= 0.3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import delete, select, update

from onrecord import dedup, stories
from onrecord.models import Document, Metadata, RawDocument
from onrecord.store import Store, document_id, schema

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TFIDF_THRESHOLD = 0.3
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "'s", "n't", "%", "''"}


@dataclass(frozen=True)
class Article:
    """A benchmark document with its gold cluster."""

    key: str
    gold: str
    title: str | None
    text: str
    published: dt.date | None
    outlet: str | None = None


def _detokenize(tokens: Sequence[str]) -> str:
    out = ""
    for token in tokens:
        glue = not out or token in NO_SPACE_BEFORE or out.endswith(("(", "$", "``"))
        out += token if glue else " " + token
    return out.replace("``", '"').replace("''", '"')


def read_meantime(folder: Path) -> list[Article]:
    """Rebuild MEANTIME articles: sentence 0 is the headline, the rest the body."""
    articles = []
    for path in sorted(folder.glob("intra-doc_annotation/corpus_*/*.xml")):
        root = ET.parse(path).getroot()
        sentences: dict[int, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
        published = None
        for timex in root.iter("TIMEX3"):
            if timex.get("functionInDocument") == "CREATION_TIME":
                try:
                    published = dt.date.fromisoformat(timex.get("value", ""))
                except ValueError:
                    published = None  # one creation time is written 03-02-2009: day and month unclear
        body = "\n\n".join(_detokenize(sentences[i]) for i in sorted(sentences) if i > 0)
        title = _detokenize(sentences.get(0, []))
        articles.append(Article(path.stem, path.parent.name, title, body, published))
    return articles


COPY_HEADER = "Northgate Ledger\n\nHome | World | Europe | Opinion\n\nSubscribe to our morning briefing\n\n"
COPY_FOOTER = ("\n\nThis report was first carried by a news agency and is republished by the Northgate "
               "Ledger under a syndication agreement; our editors added no reporting of their own.\n\n"
               "Share this article: Facebook | X | Email\n")


def read_seeds(folder: Path) -> list[Article]:
    """Clean the seeds with OnRecord's own stages; add a copy of the first under another boilerplate."""
    from onrecord import meta, pipeline

    raws = [RawDocument(str(p), p.read_text(encoding="utf-8"), "text") for p in sorted(folder.glob("*.txt"))]
    copy = RawDocument("northgate/copy-of-" + Path(raws[0].source).name,
                       COPY_HEADER + raws[0].body + COPY_FOOTER, "text", outlet="Northgate Ledger")
    prepared, rejected = pipeline.prepare([*raws, copy], meta.OutletRegistry.load(None), [])
    if rejected:
        raise SystemExit(f"cannot prepare the seeds: {rejected}")
    return [Article(Path(p.source).name, "seeds", p.meta.title, p.clean.text, p.meta.published, p.meta.outlet)
            for p in prepared]


def load(store: Store, articles: Sequence[Article]) -> dict[str, list[str]]:
    """Save articles as documents; return document id -> the keys of the articles with that text."""
    keys: dict[str, list[str]] = {}
    for article in articles:
        meta = Metadata(title=article.title, outlet=article.outlet, url=None, dateline_place=None,
                        published=article.published, published_basis="bench" if article.published else None,
                        language="en")
        doc = Document(document_id(article.text), article.key, article.text, meta)
        store.save_document(doc, article.key)
        keys.setdefault(doc.id, []).append(article.key)
    return keys


def run_onrecord(articles: Sequence[Article],
                 params: stories.StoryParams = stories.DEFAULT) -> dict[str, str]:
    """Cluster with dedup + stories in a fresh store; return article key -> story id."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.db"))
        keys = load(store, articles)
        dedup.update_duplicates(store)
        stories.update_stories(store, params)
        with store.reading() as conn:
            rows = conn.execute(select(schema.documents.c.id, schema.documents.c.story_id)).all()
        store.close()
    return {key: story for doc_id, story in rows for key in keys[doc_id]}


def run_tfidf(articles: Sequence[Article], threshold: float = TFIDF_THRESHOLD) -> dict[str, str]:
    """Baseline: TF-IDF vectors, single-link components at a fixed cosine threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a.title or ''}\n{a.text}" for a in articles])
    similar = (matrix @ matrix.T).toarray() >= threshold
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(articles)), 2):
        if similar[i, j]:
            parent[find(i)] = find(j)
    return {a.key: str(find(i)) for i, a in enumerate(articles)}


@dataclass(frozen=True)
class Scores:
    pairwise: tuple[float, float, float]
    bcubed: tuple[float, float, float]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: dict[str, str], gold: dict[str, str]) -> Scores:
    """Return pairwise and BCubed precision, recall and F1 of a clustering against the gold one."""
    keys = sorted(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(keys, 2):
        same_pred, same_gold = predicted[a] == predicted[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    pp = tp / (tp + fp) if tp + fp else 1.0
    pr = tp / (tp + fn) if tp + fn else 1.0
    precision = recall = 0.0
    for key in keys:
        pred_cluster = {k for k in keys if predicted[k] == predicted[key]}
        gold_cluster = {k for k in keys if gold[k] == gold[key]}
        both = len(pred_cluster & gold_cluster)
        precision += both / len(pred_cluster)
        recall += both / len(gold_cluster)
    bp, br = precision / len(keys), recall / len(keys)
    return Scores((pp, pr, _f1(pp, pr)), (bp, br, _f1(bp, br)))


def report(corpus: str, articles: Sequence[Article]) -> dict[str, Scores]:
    """Print the three systems' figures on one corpus."""
    gold = {a.key: a.gold for a in articles}
    # MEANTIME's gold clusters are topics spanning years; the second OnRecord line shows what the
    # time penalty (a story is weeks, not years) costs against such a gold, all else equal.
    timeless = stories.StoryParams(penalty_per_month=0.0, max_penalty=0.0)
    systems = {
        "onrecord": run_onrecord(articles),
        "onrecord_without_time_penalty": run_onrecord(articles, timeless),
        "tfidf_single_link": run_tfidf(articles),
        "singletons": {a.key: a.key for a in articles},
    }
    results = {}
    for name, predicted in systems.items():
        s = results[name] = score(predicted, gold)
        print(f"{corpus}.{name}.pairwise_p_r_f1: {s.pairwise[0]:.3f} {s.pairwise[1]:.3f} {s.pairwise[2]:.3f}")
        print(f"{corpus}.{name}.bcubed_p_r_f1: {s.bcubed[0]:.3f} {s.bcubed[1]:.3f} {s.bcubed[2]:.3f}")
        print(f"{corpus}.{name}.clusters: {len(set(predicted.values()))} (gold {len(set(gold.values()))})")
    # The fixed threshold may be unfair to TF-IDF: also show its best threshold chosen on this very gold
    # (an upper bound no real run can reach, since it looks at the answers).
    sweep = {t: score(run_tfidf(articles, t), gold).bcubed for t in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)}
    best = max(sweep, key=lambda t: sweep[t][2])
    print(f"{corpus}.tfidf_single_link_oracle_threshold: {best}")
    print(f"{corpus}.tfidf_single_link_oracle.bcubed_p_r_f1: "
          f"{sweep[best][0]:.3f} {sweep[best][1]:.3f} {sweep[best][2]:.3f}")
    return results


@dataclass(frozen=True)
class Synthetic:
    """A generator of articles about many made-up stories, with the story each article belongs to."""

    stories: int
    seed: int = 7

    def articles(self, count: int, offset: int = 0) -> list[Article]:
        rng = random.Random(self.seed)
        ranked = sorted(stories.word_ranks(), key=stories.word_ranks().__getitem__)
        common, topical = ranked[:3000], ranked[3000:]
        syllables = ["ka", "lo", "mi", "ne", "ru", "sto", "vad", "gor", "pel", "zin", "tar", "bre", "hov"]
        plans = []
        for _ in range(self.stories):
            names = ["".join(rng.choice(syllables) for _ in range(3)).title() for _ in range(4)]
            start = dt.date(2020, 1, 1) + dt.timedelta(rng.randrange(1400))
            plans.append((rng.sample(topical, 8), names, start))
        rng = random.Random(self.seed * 1000 + offset)
        return [self._article(rng, plans, offset + i, common, topical) for i in range(count)]

    @staticmethod
    def _article(rng: random.Random, plans: list, number: int, common: list[str],
                 topical: list[str]) -> Article:
        story = rng.randrange(len(plans))
        topic, names, start = plans[story]
        sentences = []
        for _ in range(8):
            chosen = []
            for _ in range(15):
                draw = rng.random()
                if draw < 0.65:
                    chosen.append(rng.choice(common))
                elif draw < 0.85:
                    chosen.append(rng.choice(topic))
                elif draw < 0.95:
                    chosen.append(rng.choice(names))
                else:
                    chosen.append(rng.choice(topical))
            sentences.append(" ".join(chosen).capitalize() + ".")
        title = " ".join(rng.sample(topic, 3) + [rng.choice(names)]).capitalize()
        return Article(f"synthetic/{number}", f"story-{story}", title, " ".join(sentences),
                       start + dt.timedelta(rng.randrange(21)), f"Outlet {number % 12}")


def _reset(store: Store) -> None:
    """Forget everything dedup and stories computed, as before their first run."""
    with store.transaction() as conn:
        for name in ("document_signatures", "document_buckets", "story_features", "story_terms", "stories"):
            conn.execute(delete(schema.metadata.tables[name]))
        conn.execute(update(schema.documents).values(story_id=None, duplicate_of=None))
        conn.execute(update(schema.statements).values(original_id=None))


def _update(store: Store) -> float:
    started = time.perf_counter()
    dedup.update_duplicates(store)
    stories.update_stories(store)
    return time.perf_counter() - started


def report_scale(size: int) -> None:
    """Time 100 new articles against a full recomputation on a store of ``size`` generated ones."""
    generator = Synthetic(stories=max(10, size // 10))
    base, extra = generator.articles(size), generator.articles(100, offset=size)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "scale.db"))
        started = time.perf_counter()
        keys = load(store, base)
        print(f"scale.load_{size}_s: {time.perf_counter() - started:.1f}")
        print(f"scale.first_run_{size}_s: {_update(store):.2f}")
        keys.update(load(store, extra))
        incremental = _update(store)
        placed = _stories_by_key(store, keys)
        _reset(store)
        full = _update(store)
        same = placed == _stories_by_key(store, keys)
        gold = {a.key: a.gold for a in [*base, *extra]}
        quality = score_fast(placed, gold)
        store.close()
    print(f"scale.incremental_add_100_s: {incremental:.2f}")
    print(f"scale.full_recompute_{size + 100}_s: {full:.2f}")
    print(f"scale.speedup: {full / incremental:.1f}x")
    print(f"scale.incremental_equals_full: {same}")
    print(f"scale.synthetic_pairwise_p_r_f1: {quality[0]:.3f} {quality[1]:.3f} {quality[2]:.3f}")


def report_one_story(size: int) -> None:
    """Time placing ``size`` generated articles of one story (every key term shared by all of them),
    reading at most ``max_postings`` documents per key term, next to reading all of them."""
    articles = Synthetic(stories=1).articles(size)
    placed, seconds = {}, {}
    for label, params in (("exhaustive", replace(stories.DEFAULT, max_postings=size)),
                          ("capped", stories.DEFAULT)):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(str(Path(tmp) / "one.db"))
            keys = load(store, articles)
            dedup.update_duplicates(store)
            started = time.perf_counter()
            stories.update_stories(store, params)
            seconds[label] = time.perf_counter() - started
            placed[label] = _stories_by_key(store, keys)
            if label == "capped":
                seconds["repair"] = _replace_one(store, articles[0])
            store.close()
        print(f"one_story.{label}_lookup_{size}_s: {seconds[label]:.1f}")
    print(f"one_story.capped_speedup: {seconds['exhaustive'] / seconds['capped']:.1f}x "
          f"(max_postings {stories.DEFAULT.max_postings})")
    print(f"one_story.same_stories: {placed['exhaustive'] == placed['capped']} "
          f"({len(set(placed['capped'].values()))} story)")
    print(f"one_story.repair_after_one_replaced_article_s: {seconds['repair']:.2f} "
          f"({seconds['capped'] / seconds['repair']:.0f}x faster than placing the story)")


def _replace_one(store: Store, article: Article) -> float:
    """Replace one article of a story by an unrelated text; return the seconds dedup + stories take."""
    load(store, [replace(article, text="A weather report: rain over the coast, and sun inland by noon.")])
    return _update(store)


def _stories_by_key(store: Store, keys: dict[str, list[str]]) -> dict[str, str]:
    with store.reading() as conn:
        rows = conn.execute(select(schema.documents.c.id, schema.documents.c.story_id)).all()
    return {key: story for doc_id, story in rows for key in keys[doc_id]}


def score_fast(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Return pairwise precision, recall and F1 from cluster contingency counts (no pair loop)."""
    from collections import Counter

    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts.values())  # noqa: E731
    both = pairs(Counter((predicted[k], gold[k]) for k in gold))
    in_pred, in_gold = pairs(Counter(predicted[k] for k in gold)), pairs(Counter(gold.values()))
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return p, r, _f1(p, r)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meantime", nargs="?", default=str(SHARED / "data" / "meantime-en"))
    parser.add_argument("seeds", nargs="?", default=str(SHARED / "seeds"))
    parser.add_argument("--scale", type=int, default=20_000, help="generated corpus size (0 to skip)")
    parser.add_argument("--one-story", type=int, default=4_000,
                        help="generated articles of a single story, to time the capped lookup (0 to skip)")
    args = parser.parse_args(argv)
    meantime_dir, seeds_dir = Path(args.meantime), Path(args.seeds)
    if not (meantime_dir / "intra-doc_annotation").is_dir() or not seeds_dir.is_dir():
        print(f"cannot run: need {meantime_dir}/intra-doc_annotation and {seeds_dir}", file=sys.stderr)
        return 2
    meantime = read_meantime(meantime_dir)
    seeds = read_seeds(seeds_dir)
    results = report("meantime", meantime)
    mixed = report("mixed", seeds + meantime)
    _report_seeds(seeds, meantime)
    if args.scale:
        report_scale(args.scale)
    if args.one_story:
        report_one_story(args.one_story)
    print(f"summary: MEANTIME BCubed F1 {results['onrecord'].bcubed[2]:.3f} "
          f"(TF-IDF single-link {results['tfidf_single_link'].bcubed[2]:.3f}, "
          f"singletons {results['singletons'].bcubed[2]:.3f}); "
          f"mixed BCubed F1 {mixed['onrecord'].bcubed[2]:.3f} "
          f"(TF-IDF {mixed['tfidf_single_link'].bcubed[2]:.3f})")
    return 0


def _report_seeds(seeds: Sequence[Article], meantime: Sequence[Article]) -> None:
    """Print whether the seeds form one story with their copy flagged, and nothing else joins it."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "seeds.db"))
        keys = load(store, [*seeds, *meantime])
        dedup.update_duplicates(store)
        stories.update_stories(store)
        with store.reading() as conn:
            rows = conn.execute(select(schema.documents.c.id, schema.documents.c.story_id,
                                       schema.documents.c.duplicate_of)).all()
        store.close()
    seed_keys = {a.key for a in seeds}
    story_of = {key: row.story_id for row in rows for key in keys[row.id]}
    copies = [key for row in rows if row.duplicate_of for key in keys[row.id]]
    seed_stories = {story_of[k] for k in seed_keys}
    intruders = [k for k, s in story_of.items() if s in seed_stories and k not in seed_keys]
    print(f"seeds.stories: {len(seed_stories)} (want 1)")
    print(f"seeds.copies_flagged: {sorted(copies)}")
    print(f"seeds.unrelated_articles_in_seed_story: {len(intruders)}")


if __name__ == "__main__":
    sys.exit(main())

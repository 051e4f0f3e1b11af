"""Score statement extraction on PolNeAR with the shared scorer, beside textacy's direct_quotations.

Usage: .venv/bin/python bench/accuracy.py [--split dev|train] [--data ../shared/data/polnear/data]
       [--limit N] [--keep DIR]
Prints the scorer's strict figures, one per line, for the systems run in the same process:
``pipeline`` (the real ``onrecord ingest`` + ``export`` of the split's text files with the default
settings: cleaning, metadata, extraction, dates, entity linking, store), ``extraction_<preset>`` (the
statement stage alone on the raw text, once per extraction preset), the ``textacy`` baseline, and
``human_second_annotator``: the articles several people annotated, one annotator scored against another
(the scorer's gold), beside ``extraction_precise_same_articles`` on the same articles (most of them are
from train, where OnRecord was tuned). Each system's ``R_saying_with_source`` is its recall of the gold
attributions that have a source and a cue of saying (see ``speech_subset``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.cue_model import PRESETS, load_cue_model
from onrecord.models import Statement
from onrecord.nlp import load_pipeline, split_paragraphs
from onrecord.statements import CueLexicon, analyse_documents, load_cues

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "polnear_score.py"


@dataclass(frozen=True)
class Article:
    """One PolNeAR article as the export sees it."""

    id: str
    source: str
    text: str


def read_articles(data: Path, split: str, limit: int | None) -> list[Article]:
    """Read the split's article texts; the whole file is the cleaned text."""
    paths = sorted((data / split / "text").glob("*.txt"))[:limit]
    return [Article(hashlib.sha1(p.read_bytes()).hexdigest()[:16], str(p), p.read_text(encoding="utf-8"))
            for p in paths]


def write_export(
    out: Path, articles: list[Article], statements: dict[str, list[Statement]]
) -> tuple[Path, Path]:
    """Write documents.jsonl and statements.jsonl in the export contract; return their paths."""
    docs, stmts = out / "documents.jsonl", out / "statements.jsonl"
    with docs.open("w", encoding="utf-8") as fd, stmts.open("w", encoding="utf-8") as fs:
        for a in articles:
            fd.write(json.dumps({"id": a.id, "source": a.source, "text": a.text}) + "\n")
            for n, s in enumerate(statements.get(a.id, [])):
                fs.write(json.dumps({
                    "id": f"{a.id}-{n}", "document_id": a.id, "source": a.source, "text": s.text,
                    "start": s.start, "end": s.end, "kind": s.kind, "cue": s.cue, "speaker": s.speaker,
                    "speaker_mention": s.speaker_mention, "speaker_role": s.speaker_role,
                    "speaker_start": s.speaker_start, "speaker_end": s.speaker_end, "venue": s.venue,
                }) + "\n")
    return docs, stmts


def subset_data(articles: list[Article], out: Path, name: str) -> Path:
    """Link the chosen articles and their annotations (beside their text folder, in any split) into a
    data folder of their own, as split ``name``.

    The scorer counts every article of a split; scoring a ``--limit`` sample needs a smaller split.
    """
    for sub in ("text", "attributions"):
        (out / name / sub).mkdir(parents=True, exist_ok=True)
    for a in articles:
        source = Path(a.source)
        (out / name / "text" / source.name).symlink_to(source)
        for ann in (source.parent.parent / "attributions").glob(f"{source.stem}_*.ann"):
            (out / name / "attributions" / ann.name).symlink_to(ann)
    return out


def speech_subset(data: Path, split: str, articles: list[Article], out: Path) -> Path:
    """Write a copy of the split whose gold keeps only attributions with a source and a cue of saying.

    A cue of saying is one whose words include a verb or noun of OnRecord's speech lexicon, "according"
    or a colon. The shared scorer, unchanged, then gives the recall of that part of the gold: what the
    issue's analysts ask for ("he said" attributed to somebody), apart from PolNeAR's wider notion of
    attribution (beliefs, plans, stances). Only the first annotator's file is kept, as the scorer reads.
    """
    lexicon = load_cues()
    for sub in ("text", "attributions"):
        (out / split / sub).mkdir(parents=True, exist_ok=True)
    for a in articles:
        source = Path(a.source)
        anns = sorted((data / split / "attributions").glob(f"{source.stem}_*.ann"))
        if not anns:
            continue
        (out / split / "text" / source.name).symlink_to(source)
        kept = _speech_attributions(anns[0].read_text(encoding="utf-8"), a.text, lexicon)
        (out / split / "attributions" / anns[0].name).write_text(kept, encoding="utf-8")
    return out


def _speech_attributions(ann: str, text: str, lexicon: CueLexicon) -> str:
    """Return the lines of a brat file for its attributions that have a source and a cue of saying."""
    spans, events = read_brat(ann)
    kept: list[str] = []
    for event in events:
        cue = " ".join(text[a:b] for t in event.roles.get("Cue", []) for a, b in _ranges(spans[t]))
        if event.roles.get("Source") and _says(cue.lower().split(), lexicon):
            kept += [f"{t}\t{spans[t]}" for t in event.ids if t in spans] + [event.line]
    return "\n".join(dict.fromkeys(kept)) + "\n"


@dataclass(frozen=True)
class BratEvent:
    """One event line of a brat file: the line, the ids it names (trigger first) and its role arguments."""

    line: str
    ids: list[str]
    roles: dict[str, list[str]]  # role without its number ("Content2" -> "Content") -> span ids


def read_brat(ann: str) -> tuple[dict[str, str], list[BratEvent]]:
    """Return a brat file's span annotations by id ("Cue 10 14;20 23") and its events."""
    spans: dict[str, str] = {}
    events: list[BratEvent] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) > 1:
            spans[fields[0]] = fields[1]
        elif line.startswith("E") and len(fields) > 1:
            args = [arg.split(":") for arg in fields[1].split()]
            roles: dict[str, list[str]] = {}
            for role, span_id in args[1:]:
                roles.setdefault(role.rstrip("0123456789"), []).append(span_id)
            events.append(BratEvent(line, [span_id for _, span_id in args], roles))
    return spans, events


def _ranges(annotation: str) -> list[tuple[int, int]]:
    """Return the character ranges of a brat span annotation ("Cue 10 14;20 23")."""
    return [(int(a), int(b)) for a, b in (part.split() for part in annotation.split(" ", 1)[1].split(";"))]


def _says(words: list[str], lexicon: CueLexicon) -> bool:
    return any(lexicon.lemmas.get(w, w) in lexicon.speech | lexicon.nouns or w in ("according", ":")
               for w in words)


def score(data: Path, split: str, docs: Path, stmts: Path) -> dict[str, float]:
    """Run the shared scorer as a subprocess and return its strict figures."""
    res = subprocess.run([sys.executable, str(SCORER), "--data", str(data), "--split", split,
                          "--documents", str(docs), "--statements", str(stmts), "--json"],
                         capture_output=True, text=True, check=True)
    result = json.loads(res.stdout)
    return {**result["strict"], "docs_scored": result["docs_scored"]}


def pipeline_export(articles: list[Article], out: Path) -> tuple[Path, Path]:
    """Ingest the article files with the full pipeline and export them as a user would."""
    from onrecord.export import export
    from onrecord.pipeline import ingest
    from onrecord.settings import Config
    from onrecord.store import Store

    config = Config(db=str(out / "polnear.db"), workers=2)
    store = Store.open(config.db)
    ingest([a.source for a in articles], store, config)
    docs, stmts = out / "documents.jsonl", out / "statements.jsonl"
    export(store, "documents", "jsonl", str(docs))
    export(store, "statements", "jsonl", str(stmts))
    return docs, stmts


def preset_statements(preset: str) -> Callable[[list[Article], Language], dict[str, list[Statement]]]:
    """Return a runner of OnRecord's extraction alone with one extraction preset."""
    def run(articles: list[Article], nlp: Language) -> dict[str, list[Statement]]:
        return dict(analyse_documents(((a.id, a.text) for a in articles), nlp, model=load_cue_model(preset)))
    return run


def textacy_statements(articles: list[Article], nlp: Language) -> dict[str, list[Statement]]:
    """Run textacy's direct_quotations per paragraph, mapped onto statements."""
    from textacy.extract.triples import direct_quotations

    found: dict[str, list[Statement]] = {}
    for a in articles:
        paragraphs = split_paragraphs(a.text)
        found[a.id] = []
        for para, doc in zip(paragraphs, nlp.pipe(p.text for p in paragraphs), strict=True):
            for triple in _safe(direct_quotations, doc):
                content, speaker = triple.content, triple.speaker
                s0, s1 = para.start + speaker[0].idx, para.start + speaker[-1].idx + len(speaker[-1])
                c0, c1 = para.start + content.start_char, para.start + content.end_char
                found[a.id].append(Statement(
                    kind="direct", text=a.text[c0:c1], start=c0, end=c1,
                    cue=" ".join(t.text for t in triple.cue),
                    speaker=a.text[s0:s1], speaker_mention=a.text[s0:s1], speaker_start=s0, speaker_end=s1))
    return found


def _safe(extract: Callable[[Doc], Iterable[Any]], doc: Doc) -> Iterator[Any]:
    """Run a textacy extractor, treating its crashes on odd paragraphs as finding nothing."""
    try:
        yield from list(extract(doc))
    except (ValueError, IndexError, AttributeError):
        return


def second_annotator(data: Path, out: Path) -> tuple[Path, list[Article], dict[str, list[Statement]]]:
    """Gather the articles that several people annotated (train and dev) into a split of their own,
    and return it with the second annotator's attributions as statements.

    The scorer takes the first annotator as gold, so scoring the second shows how far two careful
    people agree under the same strict rule: the ceiling any system's figures should be read against.
    A statement is one span, so each attribution is exported from its first to its last character,
    as OnRecord's own are.
    """
    articles, found = [], {}
    for split in ("train", "dev"):
        by_article: dict[str, list[Path]] = {}
        for ann in sorted((data / split / "attributions").glob("*.ann")):
            by_article.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
        for stem, anns in by_article.items():
            text_path = data / split / "text" / f"{stem}.txt"
            if len(anns) < 2 or not text_path.is_file():
                continue
            text = text_path.read_text(encoding="utf-8")
            article = Article(hashlib.sha1(text_path.read_bytes()).hexdigest()[:16], str(text_path), text)
            articles.append(article)
            found[article.id] = list(_attributions(anns[1], text))
    return subset_data(articles, out, "multi"), articles, found


def _attributions(ann: Path, text: str) -> Iterator[Statement]:
    """Read one brat file's attributions (events with a Content) as one-span statements."""
    spans, events = read_brat(ann.read_text(encoding="utf-8"))
    for event in events:
        content = [r for t in event.roles.get("Content", []) for r in _ranges(spans[t])]
        source = [r for t in event.roles.get("Source", []) for r in _ranges(spans[t])]
        if content:
            start, end = min(a for a, _ in content), max(b for _, b in content)
            s0, s1 = (min(a for a, _ in source), max(b for _, b in source)) if source else (None, None)
            yield Statement(kind="indirect", text=text[start:end], start=start, end=end, cue=None,
                            speaker_mention=text[s0:s1] if s0 is not None else None,
                            speaker_start=s0, speaker_end=s1)


FIGURES = {"P": "precision", "R_all": "recall_all", "R_direct": "recall_direct",
           "R_d+m": "recall_direct+mixed",
           "F1_all": "f1_all", "spk": "speaker_acc", "e2e_F1": "e2e_f1_all", "n_pred": "n_pred"}


def _output(keep: Path | None, name: str) -> Path:
    out = keep / name if keep else Path(tempfile.mkdtemp(prefix=f"polnear-{name}-"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _print(name: str, figures: dict[str, Any], seconds: float) -> None:
    for label, key in FIGURES.items():
        value = figures[key]
        print(f"{name}_{label}: {value:.3f}" if isinstance(value, float) else f"{name}_{label}: {value}")
    print(f"{name}_docs_scored: {figures['docs_scored']}")
    print(f"{name}_seconds: {seconds:.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "polnear" / "data")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    ap.add_argument("--keep", type=Path, default=None, help="write the exports here instead of a temp dir")
    ap.add_argument("--no-baseline", action="store_true", help="skip the textacy baseline")
    args = ap.parse_args(argv)
    if not (args.data / args.split / "text").is_dir() or not SCORER.is_file():
        print(f"cannot run: need {args.data / args.split / 'text'} and {SCORER}", file=sys.stderr)
        return 2
    articles = read_articles(args.data, args.split, args.limit)
    data = args.data
    if args.limit:
        data = subset_data(articles, Path(tempfile.mkdtemp(prefix="polnear-subset-")), args.split)
    results = {}
    began = time.perf_counter()
    out = _output(args.keep, "pipeline")
    exported = pipeline_export(articles, out)
    results["pipeline"] = score(data, args.split, *exported)
    _print("pipeline", results["pipeline"], time.perf_counter() - began)
    saying = speech_subset(data, args.split, articles, Path(tempfile.mkdtemp(prefix="polnear-saying-")))
    recall_saying = {"pipeline": score(saying, args.split, *exported)["recall_all"]}
    print(f"pipeline_R_saying_with_source: {recall_saying['pipeline']:.3f}")
    nlp = load_pipeline()
    systems = {f"extraction_{preset}": preset_statements(preset) for preset in PRESETS}
    if not args.no_baseline:
        systems["textacy"] = textacy_statements
    for name, run in systems.items():
        began = time.perf_counter()
        found = run(articles, nlp)
        seconds = time.perf_counter() - began
        written = write_export(_output(args.keep, name), articles, found)
        results[name] = score(data, args.split, *written)
        _print(name, results[name], seconds)
        recall_saying[name] = score(saying, args.split, *written)["recall_all"]
        print(f"{name}_R_saying_with_source: {recall_saying[name]:.3f}")
    multi, agreed, second = second_annotator(args.data, Path(tempfile.mkdtemp(prefix="polnear-multi-")))
    for name, produce in (("human_second_annotator", lambda: second),
                          ("extraction_precise_same_articles", lambda: preset_statements("precise")(agreed, nlp))):
        began = time.perf_counter()
        found = produce()
        seconds = time.perf_counter() - began
        results[name] = score(multi, "multi", *write_export(_output(args.keep, name), agreed, found))
        _print(name, results[name], seconds)
    ours = results["pipeline"]
    base = results.get("textacy", {})
    print(f"polnear-{args.split} strict: onrecord P={ours['precision']:.3f} R_all={ours['recall_all']:.3f} "
          f"spk={ours['speaker_acc']:.3f} e2e_F1={ours['e2e_f1_all']:.3f}"
          + (f" | textacy P={base['precision']:.3f} R_all={base['recall_all']:.3f} "
             f"spk={base['speaker_acc']:.3f}"
             if base else ""))
    print(f"recall of attributions with a source and a cue of saying: onrecord {recall_saying['pipeline']:.3f}"
          + (f" | textacy {recall_saying['textacy']:.3f}" if "textacy" in recall_saying else ""))
    human = results["human_second_annotator"]
    print(f"agreement ({human['docs_scored']} articles annotated by several people, train+dev): second annotator "
          f"P={human['precision']:.3f} R_all={human['recall_all']:.3f} spk={human['speaker_acc']:.3f} | "
          f"onrecord precise on the same articles P={results['extraction_precise_same_articles']['precision']:.3f} "
          f"R_all={results['extraction_precise_same_articles']['recall_all']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

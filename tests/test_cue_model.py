"""The learned cue model: statements whose cue is not in the lexicon, the presets, and bad model files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.cue_model import load_cue_model, stem
from onrecord.errors import ConfigError
from onrecord.models import Statement
from onrecord.pipeline import ingest
from onrecord.settings import Config
from onrecord.statements import extract_statements
from onrecord.store import Store


def found(text: str, nlp: Language, preset: str = "precise") -> list[Statement]:
    return extract_statements(text, nlp, load_cue_model(preset))


def test_a_position_the_lexicon_lacks_is_a_statement(nlp: Language) -> None:
    [statement] = found("Senator Ray Lind supports the harbour bill.", nlp, "balanced")
    assert (statement.cue, statement.speaker_mention, statement.text) == (
        "supports", "Senator Ray Lind", "the harbour bill")


def test_the_learned_presets_add_intentions_the_rules_leave_out(nlp: Language) -> None:
    text = "Mayor Ana Costa plans to appeal the ruling."
    assert found(text, nlp, "rules") == []
    for preset in ("precise", "broad"):
        [statement] = found(text, nlp, preset)
        assert (statement.cue, statement.speaker_mention, statement.text) == (
            "plans", "Mayor Ana Costa", "to appeal the ruling")


def test_a_position_nobody_holds_is_not_added(nlp: Language) -> None:
    assert found("Sales are expected to rise next year.", nlp, "broad") == []


def test_presets_order_from_fewest_to_most_statements(nlp: Language) -> None:
    text = ("Mayor Ana Costa plans to appeal the ruling. Her deputy wants to close the old bridge before winter. "
            "Senator Ray Lind supports the harbour bill.")
    counts = [len(found(text, nlp, preset)) for preset in ("precise", "balanced", "broad")]
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_rules_preset_keeps_every_rule_statement_and_adds_none(nlp: Language) -> None:
    text = "Mayor Ana Costa plans to appeal the ruling. Lind used the rally to attack the new tariff."
    assert [s.cue for s in found(text, nlp, "rules")] == ["to attack"]


def test_unknown_preset_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown extraction preset 'loose'"):
        load_cue_model("loose")


def test_broken_model_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"presets": {"precise": {"keep_rule": 0.5}}, "rules": {}, "open": {}}))
    with pytest.raises(ConfigError, match="cannot read the cue model"):
        load_cue_model("precise", str(path))


def test_stem_joins_the_forms_of_a_verb() -> None:
    assert {stem(w) for w in ("supports", "supported", "supporting", "support")} == {"support"}


def test_ingest_uses_the_configured_preset(tmp_path: Path) -> None:
    article = tmp_path / "costa.txt"
    article.write_text("Costa to appeal\n\nMayor Ana Costa plans to appeal the ruling, her office said on Friday. "
                       "She wants to keep the ferry running.\n", encoding="utf-8")
    counts = {}
    for preset in ("precise", "broad"):
        store = Store.open(str(tmp_path / f"{preset}.db"))
        ingest([str(article)], store, Config(db=str(tmp_path / f"{preset}.db"), extraction=preset))
        counts[preset] = store.counts()["statements"]
    assert counts["precise"] < counts["broad"]


def test_the_trainer_writes_a_model_the_pipeline_loads(shared: Path, tmp_path: Path) -> None:
    data = shared / "data" / "polnear" / "data"
    if not (data / "train" / "text").is_dir():
        pytest.skip(f"PolNeAR train split not found at {data}")
    out = tmp_path / "cue_model.json"
    trainer = Path(__file__).resolve().parents[1] / "training" / "train_cue_model.py"
    done = subprocess.run([sys.executable, str(trainer), "--data", str(data), "--limit", "24", "--folds", "2",
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    model = load_cue_model("broad", str(out))
    assert model.open.weights and model.rules.weights and 0 <= model.add_open <= 1.01
    assert model.bounds.weights and 0 < model.reach <= 1.01


def test_the_packaged_model_moves_bounds_only_when_sure() -> None:
    model = load_cue_model("precise")
    assert model.bounds.weights and 0.5 <= model.reach <= 1.0

"""End to end on the bundled sample corpus: what lands in the store, and that re-running changes nothing.

The expected values come from the answer key in examples/README.md.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from onrecord import clean, statements
from onrecord.errors import ConfigError
from onrecord.pipeline import ingest, update_corpus
from onrecord.settings import Config
from onrecord.store import Store, schema
from onrecord.store.queries import iter_documents
from onrecord.workers import time_limit

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TABLES = ("documents", "sources", "statements", "entities", "stories", "rejected")

# file name (or source suffix) -> (outlet, published, basis fragment)
EXPECTED = {
    "ostrov_expects_calm_count.txt": ("NORDPRESS", "2023-03-13", "weekday"),
    "veldoria_opposition_claims_victory.txt": ("Kestrel Post", "2023-03-13", "date-line"),
    "eastwind_domskiy_declared_winner.txt": ("Eastwind TV", "2023-03-14", "date-line"),
    "ostrov_no_contacts_with_opposition.txt": ("NORDPRESS", "2023-03-15", "dateline"),
    "lirensk_rally_recount.html": ("Veldoria Herald", "2023-03-16", "html"),
    "domsky_offers_talks_syndicated.txt": ("Atlantic Ledger", "2023-03-17", "date-line"),
    "ostrov_welcomes_court_ruling.txt": ("NORDPRESS", "2023-03-27", "dateline"),
    "wire_feed.jsonl:1": ("Coastline News Service", "2023-03-17", "feed"),
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Config]:
    db = str(tmp_path_factory.mktemp("pipeline") / "sample.db")
    config = Config(db=db, outlets=str(EXAMPLES / "outlets.yaml"))
    store = Store.open(db)
    summary = ingest([str(EXAMPLES / "corpus")], store, config)
    assert (summary.new, summary.rejected) == (18, [])
    return store, config


def test_sample_documents_have_title_outlet_and_date(sample: tuple[Store, Config]) -> None:
    store, _ = sample
    docs = {Path(d["source"]).name: d for d in iter_documents(store)}
    for name, (outlet, published, basis) in EXPECTED.items():
        doc = docs[name]
        assert (doc["outlet"], doc["published"]) == (outlet, published), name
        assert basis in doc["published_basis"], (name, doc["published_basis"])
        assert doc["title"] and doc["language"] == "en"


def test_sample_has_statements_and_linked_speakers(sample: tuple[Store, Config]) -> None:
    store, _ = sample
    counts = store.counts()
    assert counts["statements"] > 100
    names = {row["name"] for row in store.table_rows("entities")}
    assert {"Pavel Ostrov", "Aurel Domsky", "Katarina Zhuravska"} <= names


def test_second_ingest_changes_no_table(sample: tuple[Store, Config]) -> None:
    store, config = sample
    before = {t: store.table_rows(t) for t in TABLES}
    summary = ingest([str(EXAMPLES / "corpus")], store, config)
    assert (summary.new, summary.unchanged) == (0, 18)
    assert {t: store.table_rows(t) for t in TABLES} == before


def test_broken_inputs_are_recorded_and_good_ones_stored(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "broken.db"))
    summary = ingest([str(EXAMPLES / "broken"), str(tmp_path / "no-such-file.txt")], store, Config())
    reasons = {Path(r.source.split(":")[0].split("#")[0]).name: r.reason for r in summary.rejected}
    assert reasons["empty.txt"] == "file is empty"
    assert "binary" in reasons["binary_garbage.txt"]
    assert "truncated" in reasons["truncated.warc.gz"]
    assert "does not exist" in reasons["no-such-file.txt"]
    assert summary.new >= 3
    assert store.counts()["rejected"] == len(summary.rejected)
    again = ingest([str(EXAMPLES / "broken")], store, Config())
    assert store.counts()["rejected"] == len(summary.rejected)  # the same rejections are not stored twice
    assert again.new == 0


def test_changed_file_replaces_its_document(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(EXAMPLES / "corpus" / "nordpress" / "icebreaker_floated_out.txt", article)
    store = Store.open(str(tmp_path / "c.db"))
    ingest([str(article)], store, Config())
    article.write_text(article.read_text(encoding="utf-8") + "\nThe yard said a second ship would follow.\n",
                       encoding="utf-8")
    summary = ingest([str(article)], store, Config())
    assert summary.replaced == 1
    assert store.counts()["documents"] == 1


def test_alias_file_is_applied_when_relinking(sample: tuple[Store, Config], tmp_path: Path) -> None:
    store, config = sample
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("rename:\n  Pavel Ostrov: Pavel Ostrov (Rostovan spokesman)\n"
                       "split:\n  - [Aurel Domsky, Aurel Domskiy]\n", encoding="utf-8")
    update_corpus(store, replace(config, aliases=str(aliases)))
    names = {row["name"] for row in store.table_rows("entities")}
    assert "Pavel Ostrov (Rostovan spokesman)" in names
    assert {"Aurel Domsky", "Aurel Domskiy"} <= names
    update_corpus(store, config)  # without the file the automatic linking comes back
    names = {row["name"] for row in store.table_rows("entities")}
    assert "Pavel Ostrov" in names and "Aurel Domskiy" not in names


def test_time_limit_interrupts_a_stuck_step() -> None:
    with pytest.raises(TimeoutError), time_limit(0.05):
        time.sleep(2)


def _board_notes(tmp_path: Path, *names: str) -> Path:
    """Write a short wire note for each name into a new folder and return the folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(f"Harbour note {name}\n\nTARNOW, May 4. /NORDPRESS/. The board agreed "
                                            f"on {name} shifts, its chair Elin Rask said.\n", encoding="utf-8")
    return folder


def test_a_document_that_hangs_is_rejected_and_the_batch_goes_on(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _board_notes(tmp_path, "slow", "fine")
    real_clean = clean.clean_document

    def stuck_on_slow(raw, boilerplate=None):  # type: ignore[no-untyped-def]
        if raw.source.endswith("slow.txt"):
            time.sleep(5)
        return real_clean(raw, boilerplate)

    monkeypatch.setattr(clean, "clean_document", stuck_on_slow)
    store = Store.open(str(tmp_path / "t.db"))
    summary = ingest([str(folder)], store, Config(doc_timeout=0.2))
    assert summary.new == 1
    assert [r.reason for r in summary.rejected] == ["cleaning took longer than 0.2 s"]


def test_a_bad_alias_file_fails_before_any_work(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("merge: [unclosed\n", encoding="utf-8")
    store = Store.open(str(tmp_path / "t.db"))
    with pytest.raises(ConfigError, match="aliases.yaml"):
        ingest([str(EXAMPLES / "corpus" / "nordpress")], store, Config(aliases=str(aliases)))
    assert store.counts()["documents"] == 0


def _break_the_parser() -> None:
    raise RuntimeError("parser fell over")


def _hang() -> None:
    time.sleep(30)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(("trouble", "reason"), [
    (_break_the_parser, "statement extraction failed: RuntimeError('parser fell over')"),
    (_hang, "statement extraction took longer than 0.5 s"),
])
def test_a_document_whose_analysis_fails_is_rejected_and_the_others_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, trouble: Callable[[], None],
        reason: str) -> None:
    folder = _board_notes(tmp_path, "broken", "fine", "sound")
    real_extract = statements.extract_many

    def troubled(documents, *args, **kwargs):  # type: ignore[no-untyped-def]
        if any("broken shifts" in document.text for document in documents):
            trouble()
        return real_extract(documents, *args, **kwargs)

    monkeypatch.setattr(statements, "extract_many", troubled)  # forked workers inherit the patch
    summary = ingest([str(folder)], Store.open(str(tmp_path / "t.db")), Config(workers=workers, doc_timeout=0.5))
    assert summary.new == 2  # a hanging batch stopped at its time limit, not after the sleep
    assert [(Path(r.source).name, r.stage, r.reason) for r in summary.rejected] == [
        ("broken.txt", "statements", reason)]


def test_surname_only_speaker_is_named_in_full_from_other_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Ferry talks to resume\n\nThe ministry said Anatoly Verkhov would lead the delegation.\n\n"
        "A spokeswoman said Anatoly Verkhov had asked for more time.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Envoy hopeful on ferry deal\n\nThe envoy, Verkhov, said the talks would resume on Monday, adding that "
        "both sides were ready.\n", encoding="utf-8")
    store = Store.open(str(tmp_path / "v.db"))
    ingest([str(tmp_path)], store, Config())
    named = {row["name"]: json.loads(row["aliases"]) for row in store.table_rows("entities")}
    assert named["Anatoly Verkhov"] == ["Verkhov"]


def test_re_ingest_fills_the_agency_of_a_document_stored_before_agencies(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(EXAMPLES / "corpus" / "nordpress" / "icebreaker_floated_out.txt", article)
    store = Store.open(str(tmp_path / "old.db"))
    ingest([str(article)], store, Config())
    [agency] = [row["agency"] for row in store.table_rows("documents")]
    assert agency
    with store.transaction() as conn:  # as a store written before schema 4 holds it
        conn.execute(schema.documents.update().values(agency=None))
    summary = ingest([str(article)], store, Config())
    assert (summary.unchanged, [row["agency"] for row in store.table_rows("documents")]) == (1, [agency])
    with store.transaction() as conn:  # a known agency is never overwritten
        conn.execute(schema.documents.update().values(agency="Other Wire"))
    ingest([str(article)], store, Config())
    assert [row["agency"] for row in store.table_rows("documents")] == ["Other Wire"]

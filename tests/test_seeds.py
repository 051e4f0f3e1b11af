"""Issue 3's acceptance on the real seed articles in ../shared/seeds (skipped without ../shared).

The TASS article of 24 August 2020 has a dateline without a year and "said Monday"; it is ingested
alone first, as an analyst's first file may be, and the rest of the seeds after it. No seed text is
kept here: only who speaks and when.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.pipeline import ingest
from onrecord.settings import Config
from onrecord.store import Store
from onrecord.store.queries import iter_documents, iter_statements

pytestmark = pytest.mark.shared

WIRE_24_AUGUST = "000_79e0accc7dbb9a77.txt"
WIRE_19_AUGUST = "001_5c78829e661dd6bc.txt"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not (seeds / WIRE_24_AUGUST).is_file():
        pytest.skip(f"{seeds} is absent: the acceptance run needs ../shared beside the repository")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    store = Store.open(db)
    ingest([str(seeds / WIRE_24_AUGUST)], store, Config(db=db))
    ingest([str(seeds)], store, Config(db=db))
    return store


def statements_of(store: Store, name: str) -> list[dict]:
    doc = next(d for d in iter_documents(store) if Path(d["source"]).name == name)
    return [s for s in iter_statements(store) if s["document_id"] == doc["id"]]


def test_the_speakers_an_analyst_would_list_are_there(seeded: Store) -> None:
    speakers = {s["speaker"] for s in iter_statements(seeded)}
    assert {"Dmitry Peskov", "Alexander Lukashenko", "Kremlin"} <= speakers
    assert any(name and name.endswith("Putin") for name in speakers)


def test_said_monday_in_the_24_august_article_is_2020_08_24(seeded: Store) -> None:
    peskov = [s for s in statements_of(seeded, WIRE_24_AUGUST) if s["speaker"] == "Dmitry Peskov"]
    assert any((s["said_on"], s["said_on_basis"]) == ("2020-08-24", "said Monday") for s in peskov)
    assert {s["said_on"] for s in peskov} == {"2020-08-24"}


def test_calls_on_tuesday_are_a_content_date_while_peskov_spoke_on_the_19th(seeded: Store) -> None:
    found = statements_of(seeded, WIRE_19_AUGUST)
    calls = [s for s in found if "2020-08-18" in s["content_dates"]]
    assert calls and all((s["speaker"], s["said_on"]) == ("Dmitry Peskov", "2020-08-19") for s in calls)


def test_the_moscow_times_article_is_known_as_afp_copy(seeded: Store) -> None:
    agency = {d["outlet"]: d["agency"] for d in iter_documents(seeded)}
    assert agency == {"The Moscow Times": "AFP", "TASS": "TASS", "Press TV": None}

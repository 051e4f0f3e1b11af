"""A dateline without a year, read again when later batches bring documents with full dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from onrecord.models import Document, Metadata, Statement
from onrecord.pipeline import ingest
from onrecord.redating import redate_partial_documents
from onrecord.settings import Config
from onrecord.store import Store
from onrecord.store.database import document_id
from onrecord.store.queries import iter_documents, iter_statements, iter_stories

# A wire report whose dateline has no year; "said Monday" fits every year in which 24 August is a Monday.
WIRE = ("Harbour talks to resume next week\n\n"
        "MOSCOW, August 24. /TASS/. The harbour talks will resume next week, Kremlin spokesman "
        "Pavel Orlov said Monday.\n\n"
        "\u201cWe expect progress on the fees,\u201d Orlov told reporters.\n")
# A later file of the same story, with a full date.
DATED = ("Harbour talks stall over fees\n\n"
         "August 20, 2020\n\n"
         "The harbour talks stalled over port fees, Kremlin spokesman Pavel Orlov said on Thursday.\n\n"
         "\u201cThe fees are the last open question,\u201d Orlov said.\n")


def wire_document(store: Store) -> dict:
    return next(d for d in iter_documents(store) if d["source"].endswith("wire.txt"))


def store_beside(tmp_path: Path, files: dict[str, str]) -> tuple[Store, Config]:
    """Write the files into ``tmp_path`` and open a store there."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = Config(db=str(tmp_path / "t.db"))
    return Store.open(config.db), config


def test_a_later_batch_with_full_dates_fixes_the_year_and_the_statements(tmp_path: Path) -> None:
    store, config = store_beside(tmp_path, {"wire.txt": WIRE, "dated.txt": DATED})

    ingest([str(tmp_path / "wire.txt")], store, config)
    alone = wire_document(store)
    assert alone["published"][5:] == "08-24" and alone["published"] > "2020-12-31"  # the latest such year
    assert alone["published_basis"] == "dateline+weekday"

    ingest([str(tmp_path / "dated.txt")], store, config)
    wire = wire_document(store)
    assert (wire["published"], wire["published_basis"]) == ("2020-08-24", "dateline+weekday+corpus")
    said = {s["said_on"] for s in iter_statements(store) if s["document_id"] == wire["id"]}
    assert said == {"2020-08-24"}
    story = next(s for s in iter_stories(store) if wire["id"] in s["document_ids"])
    assert story["last_date"] < "2021-01-01"  # the story was placed again with the new date


def test_running_again_changes_nothing(tmp_path: Path) -> None:
    store, config = store_beside(tmp_path, {"wire.txt": WIRE, "dated.txt": DATED})
    ingest([str(tmp_path / "wire.txt")], store, config)
    ingest([str(tmp_path / "dated.txt")], store, config)
    before = {t: store.table_rows(t) for t in ("documents", "statements", "stories")}
    ingest([str(tmp_path)], store, config)
    assert {t: store.table_rows(t) for t in before} == before


BODY = ("The harbour talks will resume next week, Kremlin spokesman Pavel Orlov said Monday. The two sides "
        "disagree over port fees, over the schedule of the ferries and over who pays for the new cranes at "
        "the northern pier. \u201cWe expect progress on the fees,\u201d Orlov told reporters, adding that "
        "the delegations would meet in the old customs house. The city council has asked both sides to "
        "publish the draft agreement before the vote, which is planned for the end of the month.\n")


def test_a_copy_group_is_decided_again_when_a_member_is_dated_anew(tmp_path: Path) -> None:
    # The wire story first arrives alone; a republication dated 1 March 2021 then puts it in August 2021,
    # after the republication. Reports from 2020 show it is from 24 August 2020, before it: the original.
    store, config = store_beside(tmp_path, {
        "wire.txt": f"Harbour talks to resume\n\nMOSCOW, August 24. /TASS/. {BODY}",
        "republished.txt": f"Harbour talks to resume\n\nMarch 1, 2021\n\n{BODY}"})
    later = tmp_path / "later"
    later.mkdir()
    for n, day in enumerate(("August 20, 2020", "August 25, 2020", "September 1, 2020")):
        (later / f"report{n}.txt").write_text(
            f"Grain exports rise again\n\n{day}\n\nGrain exports through the northern ports rose by {n + 3} "
            "percent in the past month, the agriculture ministry said, as the new ferry line opened and the "
            "rail strike ended. Traders expect the harvest to be larger than last year's.\n", encoding="utf-8")
    for batch in ("wire.txt", "republished.txt"):
        ingest([str(tmp_path / batch)], store, config)
    docs = {Path(d["source"]).name: d for d in iter_documents(store)}
    assert docs["wire.txt"]["published"] == "2021-08-24"
    assert docs["wire.txt"]["duplicate_of"] == docs["republished.txt"]["id"]

    ingest([str(later)], store, config)
    docs = {Path(d["source"]).name: d for d in iter_documents(store)}
    assert docs["wire.txt"]["published"] == "2020-08-24"
    assert docs["wire.txt"]["duplicate_of"] is None
    assert docs["republished.txt"]["duplicate_of"] == docs["wire.txt"]["id"]


def test_the_stage_runs_alike_on_sqlite_and_postgresql(any_store: Store) -> None:
    text = "MOSCOW, August 24. /TASS/. The talks will resume, Pavel Orlov said Monday."
    wire = Metadata("Talks", "TASS", None, "MOSCOW", dt.date(2026, 8, 24), "dateline+weekday", "en", (8, 24), 0)
    said = Statement(kind="indirect", text="The talks will resume", start=27, end=48, cue="said",
                     speaker_mention="Pavel Orlov", speaker_start=50, speaker_end=61, speaker="Pavel Orlov",
                     said_on=dt.date(2026, 8, 24), said_on_basis="said Monday")
    dated = Metadata("Fees", None, None, None, dt.date(2020, 8, 20), "date-line", "en")
    any_store.save_document(Document(document_id(text, "TASS"), "wire.txt", text, wire, [said]), "wire.txt")
    any_store.save_document(Document(document_id("Fees.", None), "dated.txt", "Fees.", dated), "dated.txt")

    assert redate_partial_documents(any_store) == [document_id(text, "TASS")]
    row = next(r for r in any_store.table_rows("documents") if r["source"] == "wire.txt")
    assert (row["published"], row["published_basis"]) == ("2020-08-24", "dateline+weekday+corpus")
    assert [r["said_on"] for r in any_store.table_rows("statements")] == ["2020-08-24"]
    assert redate_partial_documents(any_store) == []

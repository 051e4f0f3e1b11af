"""Metadata: title, outlet precedence, dateline, language, dates and year completion."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from onrecord.clean import BoilerplateIndex, clean_document
from onrecord.errors import ConfigError
from onrecord.meta import OutletRegistry, complete_dates, detect_language, parse_date, read_metadata
from onrecord.models import CleanDocument, Metadata, RawDocument
from onrecord.sources import read_inputs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
STORY = "The port company said the cranes would be back in service by the weekend, a spokesman said."


def doc(
    text: str = STORY,
    header: tuple[str, ...] = (),
    headline: str | None = "Harbor strike ends",
    **hints: str,
) -> CleanDocument:
    raw = RawDocument(source="story.txt", body=text, format="text", **hints)
    return CleanDocument(raw=raw, text=text, headline=headline, header_lines=header)


def partial(month: int, day: int, weekday: int | None = None) -> Metadata:
    return Metadata(None, None, None, "MOSCOW", None, None, "en", (month, day), weekday)


def dated(day: dt.date) -> Metadata:
    return Metadata(None, None, None, None, day, "date-line", "en")


# --- title and outlet ----------------------------------------------------------------------------


def test_title_is_the_headline_unless_the_container_gave_one() -> None:
    assert read_metadata(doc()).title == "Harbor strike ends"
    assert read_metadata(doc(title="Strike over")).title == "Strike over"


def test_outlet_from_url_domain_including_subdomains() -> None:
    assert read_metadata(doc(url="https://www.presstv.ir/Detail/2021/05/05/1")).outlet == "Press TV"
    assert read_metadata(doc(url="https://edition.cnn.com/2021/05/05/a")).outlet == "CNN"


def test_publishing_site_wins_over_agency_byline() -> None:
    footer = "Original url: https://www.themoscowtimes.com/2021/05/05/harbor-strike-a70123"
    meta = read_metadata(doc(header=("By AFP", footer)))
    assert (meta.outlet, meta.url) == ("The Moscow Times", footer.removeprefix("Original url: "))


def test_outlet_from_dateline_agency_tag() -> None:
    assert read_metadata(doc(text=f"VOLOGDA, March 3. /TASS/. {STORY}")).outlet == "TASS"
    assert read_metadata(doc(text=f"LONDON (Reuters) - {STORY}")).outlet == "Reuters"


def test_outlet_from_outlet_line_and_from_byline() -> None:
    assert read_metadata(doc(header=("Military Aviation News", "Iran Press TV"))).outlet == "Press TV"
    assert read_metadata(doc(header=("By Jane Roe, Associated Press",))).outlet == "AP"


def test_agency_behind_the_copy_from_a_byline_or_a_dateline_tag() -> None:
    footer = "Original url: https://www.themoscowtimes.com/2021/05/05/harbor-strike-a70123"
    assert read_metadata(doc(header=("By AFP", footer))).agency == "AFP"
    assert read_metadata(doc(text=f"LONDON (Reuters) - {STORY}", url="https://gazette.example/a")).agency == "Reuters"
    assert read_metadata(doc(text=f"TARNOW, May 4. /NORDPRESS/. {STORY}")).agency == "NORDPRESS"


def test_no_agency_for_own_reporting_or_a_byline_naming_no_agency() -> None:
    assert read_metadata(doc(url="https://www.presstv.ir/Detail/2021/05/05/1")).agency is None
    assert read_metadata(doc(header=("By Jane Roe",))).agency is None
    assert read_metadata(doc(text=f"WASHINGTON (CNN) - {STORY}")).agency is None  # an outlet, not a wire


def test_container_hint_wins_and_is_canonicalised() -> None:
    assert read_metadata(doc(outlet="Moscow Times", url="https://tass.com/x")).outlet == "The Moscow Times"
    assert read_metadata(doc(outlet="Harbor Gazette")).outlet == "Harbor Gazette"


def test_html_site_name_wins_over_a_wire_byline() -> None:
    clean = doc(header=("By Reuters", "Site name: Harbor Gazette"), url="https://gazette.example/a")
    assert read_metadata(clean).outlet == "Harbor Gazette"


def test_unknown_site_falls_back_to_its_host_name() -> None:
    assert read_metadata(doc(url="https://www.harbor-gazette.example/a")).outlet == "harbor-gazette.example"


def test_registry_accepts_a_user_file_and_reports_bad_ones(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {name: Harbor Gazette, domains: [harbor-gazette.example], aliases: [HG]}\n")
    registry = OutletRegistry.load(extra)
    assert read_metadata(doc(url="https://harbor-gazette.example/a"), registry).outlet == "Harbor Gazette"
    extra.write_text("- {domains: [x.example]}\n")
    with pytest.raises(ConfigError, match="entry 1 needs a 'name'"):
        OutletRegistry.load(extra)


# --- dateline, language, dates -------------------------------------------------------------------


def test_dateline_without_year_gives_place_partial_date_and_weekday() -> None:
    text = f"VOLOGDA, March 3. /TASS/. Talks will resume, the minister said Tuesday.\n\n{STORY}"
    meta = read_metadata(doc(text=text))
    assert (meta.dateline_place, meta.published, meta.partial_date, meta.weekday_hint) == (
        "VOLOGDA",
        None,
        (3, 3),
        1,
    )


def test_weekday_outside_the_first_sentence_is_not_a_hint() -> None:
    text = "VOLOGDA, March 3. /TASS/. Talks will resume, the minister said. He spoke on Friday."
    assert read_metadata(doc(text=text)).weekday_hint is None


def test_dateline_with_year_is_a_full_date() -> None:
    meta = read_metadata(doc(text=f"BEIJING, Aug. 24, 2020 (Xinhua) -- {STORY}"))
    assert (meta.published, meta.published_basis, meta.outlet) == (dt.date(2020, 8, 24), "dateline", "Xinhua")


@pytest.mark.parametrize(
    ("clean", "expected"),
    [
        (doc(published="2021-05-04", header=("May 2, 2021",)), (dt.date(2021, 5, 4), "feed")),
        (doc(header=("By AFP", "Monday, 3 May 2021 3:37 PM")), (dt.date(2021, 5, 3), "date-line")),
        (doc(header=("May 2, 2021",)), (dt.date(2021, 5, 2), "date-line")),
        (doc(url="https://example.org/2021/05/01/strike"), (dt.date(2021, 5, 1), "url")),
    ],
)
def test_published_date_and_its_basis(clean: CleanDocument, expected: tuple[dt.date, str]) -> None:
    meta = read_metadata(clean)
    assert (meta.published, meta.published_basis) == expected


def test_html_metadata_date_has_html_meta_basis() -> None:
    clean = replace(doc(), html_published="2021-05-06")
    assert (read_metadata(clean).published, read_metadata(clean).published_basis) == (
        dt.date(2021, 5, 6),
        "html-meta",
    )


def test_parse_date_reads_common_formats() -> None:
    assert parse_date("Published 05.05.2021 at 10:00") == dt.date(2021, 5, 5)
    assert parse_date("Sept. 9th, 2019") == dt.date(2019, 9, 9)
    assert parse_date("May 5") is None


def test_language_by_function_words() -> None:
    assert detect_language(STORY) == "en"
    german = "Die Hafenarbeiter sind nach zwei Wochen wieder an die Arbeit gegangen, sagte die Gewerkschaft."
    assert detect_language(german) == "de"
    assert detect_language("항만 노동자들이 파업을 끝내고 일터로 돌아왔다") == "ko"
    assert detect_language("港の労働者はストライキを終えて職場に戻った") == "ja"
    assert detect_language("12 34 56 78 90") is None


# --- year completion -----------------------------------------------------------------------------


def test_weekday_and_corpus_pick_the_year() -> None:
    # 24 August was a Monday in 2015 and 2020; the corpus is in 2020.
    metas = complete_dates([partial(8, 24, weekday=0), dated(dt.date(2020, 8, 31))])
    assert (metas[0].published, metas[0].published_basis) == (dt.date(2020, 8, 24), "dateline+weekday+corpus")


def test_weekday_alone_can_move_the_year_away_from_the_nearest() -> None:
    # Corpus in early 2021; 30 December with a Wednesday hint is 2020, not 2021 (a Thursday).
    metas = complete_dates([partial(12, 30, weekday=2)], known_dates=[dt.date(2021, 6, 1)])
    assert metas[0].published == dt.date(2020, 12, 30)


def test_without_weekday_the_nearest_corpus_year_wins_across_new_year() -> None:
    metas = complete_dates([partial(12, 30), dated(dt.date(2021, 1, 4))])
    assert (metas[0].published, metas[0].published_basis) == (dt.date(2020, 12, 30), "dateline+corpus")


def test_a_weekday_that_only_fits_far_from_the_corpus_is_ignored() -> None:
    # 24 August 2020 was a Monday, so a Tuesday hint fits only years far away: keep 2020.
    metas = complete_dates([partial(8, 24, weekday=1), dated(dt.date(2020, 8, 31))])
    assert (metas[0].published, metas[0].published_basis) == (dt.date(2020, 8, 24), "dateline+corpus")


def test_completed_dates_are_never_in_the_future() -> None:
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    metas = complete_dates([partial(tomorrow.month, tomorrow.day)], known_dates=[today])
    assert metas[0].published is not None and metas[0].published <= today


def test_without_corpus_a_weekday_picks_the_latest_past_year() -> None:
    (meta,) = complete_dates([partial(8, 24, weekday=0)])
    assert meta.published is not None and meta.published.weekday() == 0
    assert meta.published <= dt.date.today() and meta.published_basis == "dateline+weekday"
    assert complete_dates([partial(8, 24)])[0].published is None


@pytest.mark.shared
def test_seed_articles_get_their_publication_dates() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds}")
    raws = [item for item in read_inputs([str(seeds)]) if isinstance(item, RawDocument)]
    index = BoilerplateIndex.build(raws)
    metas = complete_dates([read_metadata(clean_document(raw, index)) for raw in raws])
    found = {Path(raw.source).name[:3]: meta.published for raw, meta in zip(raws, metas, strict=True)}
    assert found == {
        "000": dt.date(2020, 8, 24),
        "001": dt.date(2020, 8, 19),
        "002": dt.date(2020, 8, 31),
        "003": dt.date(2020, 11, 13),
        "004": dt.date(2020, 8, 15),
    }


def test_iso_timestamp_from_a_feed_is_a_date() -> None:
    assert parse_date("2023-03-17T07:05:00+01:00") == dt.date(2023, 3, 17)


def test_unregistered_dateline_agency_tag_still_names_the_outlet() -> None:
    raw = RawDocument("w.txt", "Dock deal\n\nTARNOW, May 4. /NORDPRESS/. The board agreed, its chair said.\n", "text")
    assert read_metadata(clean_document(raw), OutletRegistry.load()).outlet == "NORDPRESS"

"""The pages in-process: hostile article text stays text, highlights follow offsets, errors help."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from onrecord.store import Store
from onrecord.store.queries import Count, CoverageRow, Lane
from onrecord.web import render
from tests import webdata


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> webdata.WebData:
    return webdata.build(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(data: webdata.WebData) -> Iterator[TestClient]:
    from onrecord.server import create_app

    with TestClient(create_app(data.db)) as test_client:
        yield test_client


def _pages(data: webdata.WebData) -> list[str]:
    return ["/", "/stories", "/stories/story-bridge", "/stories/story-budget", "/speakers",
            "/speakers/ent-quell", "/speakers/ent-varga", "/speakers/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/documents", f"/documents/{data.herald}", f"/documents/{data.wire}", f"/documents/{data.flyer}",
            "/search", "/search?q=boats", "/search?q=%22%3Cscript%3E%22", "/search?speaker=%3Cscript%3E",
            "/documents?q=ferry", "/rejected", "/api"]


def test_every_page_renders(client: TestClient, data: webdata.WebData) -> None:
    for path in _pages(data):
        assert client.get(path).status_code == 200, path


def test_hostile_text_is_escaped_on_every_page(client: TestClient, data: webdata.WebData) -> None:
    for path in _pages(data):
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<b>Wire</b>" not in html, path
        assert 'onmouseover="' not in html, path
        assert 'href="javascript' not in html.lower(), path


def test_pages_have_no_inline_script_or_style(client: TestClient, data: webdata.WebData) -> None:
    for path in _pages(data):
        html = client.get(path).text
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>'], path
        assert " style=" not in html and "<style" not in html, path


def test_pages_load_nothing_from_other_hosts(client: TestClient, data: webdata.WebData) -> None:
    for path in _pages(data):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//(?!herald\.example)', html), path


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe" not in policy


def test_document_marks_each_statement_at_its_offsets(client: TestClient, data: webdata.WebData) -> None:
    html = client.get(f"/documents/{data.herald}").text
    assert f'id="s-{data.quote}"' in html and f'id="card-{data.quote}"' in html
    quote = re.search(rf'<a class="hl hl-direct" href="#card-{data.quote}" data-st="{data.quote}" '
                      rf'id="s-{data.quote}">([^<]*)</a>', html)
    assert quote is not None and quote.group(1) == "We cannot risk another winter on those cables,"
    assert '<mark class="who">Mayor Mara Quell</mark>' in html


def test_a_copy_names_its_agency_beside_the_outlet(client: TestClient, data: webdata.WebData) -> None:
    for path in (f"/documents/{data.wire}", "/documents", "/stories/story-bridge"):
        assert "Coast &lt;b&gt;Wire&lt;/b&gt; Agency" in client.get(path).text, path


def test_unsafe_source_link_is_shown_as_text(client: TestClient, data: webdata.WebData) -> None:
    wire = client.get(f"/documents/{data.wire}").text
    assert "<code>fixtures/" in wire and "javascript:" not in wire
    herald = client.get(f"/documents/{data.herald}").text
    assert 'href="https://herald.example/orvel-bridge" rel="noopener noreferrer nofollow"' in herald


def test_malformed_search_explains_instead_of_failing(client: TestClient) -> None:
    response = client.get("/search", params={"q": 'bridge "unclosed'})
    assert response.status_code == 400
    assert "That search could not run" in response.text and "quoted phrases" in response.text


def test_bad_date_filter_explains_instead_of_failing(client: TestClient) -> None:
    response = client.get("/search", params={"since": "03/04/2024"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text


def test_empty_form_fields_filter_nothing(client: TestClient) -> None:
    html = client.get("/search?q=&speaker=&outlet=&kind=&tag=&since=&until=").text
    assert html.count('class="statement ') == 7


def test_search_snippets_mark_matches(client: TestClient) -> None:
    html = client.get("/search", params={"q": "boats"}).text
    assert "<mark>boats</mark> were &#34; onmouseover=&#34;alert(1)" in html


def test_text_search_links_to_the_matching_articles(client: TestClient) -> None:
    html = client.get("/search", params={"q": "boats", "outlet": "Harbour"}).text
    assert 'href="/documents?q=boats&amp;outlet=Harbour"' in html
    articles = client.get("/documents", params={"q": "boats"}).text
    assert "<mark>" in articles


def test_unknown_story_is_a_friendly_404_page(client: TestClient) -> None:
    response = client.get("/stories/nope")
    assert response.status_code == 404 and "Back to the overview" in response.text


def test_downloads_keep_the_page_filters(client: TestClient) -> None:
    html = client.get("/search?outlet=Tarnwick+Herald&kind=direct").text
    assert 'href="/download/statements.csv?outlet=Tarnwick+Herald&amp;kind=direct"' in html


# ---------------------------------------------------------------------------------------------------
# The pure helpers behind the pages.

def _st(sid: str, start: int, end: int, kind: str = "direct", who: tuple[int, int] | None = None) -> dict:
    return {"id": sid, "start": start, "end": end, "kind": kind,
            "speaker_start": who[0] if who else None, "speaker_end": who[1] if who else None}


def test_highlight_escapes_every_segment() -> None:
    text = '<b>"Hi" & bye</b> said <i>Al</i>'
    html = render.highlight(text, [_st("a", 3, 13, who=(23, 32))])
    assert str(html) == ('&lt;b&gt;<a class="hl hl-direct" href="#card-a" data-st="a" id="s-a">&#34;Hi&#34; '
                         '&amp; bye</a>&lt;/b&gt; said <mark class="who">&lt;i&gt;Al&lt;/i&gt;</mark>')


def test_highlight_overlapping_statements_stay_well_formed() -> None:
    html = str(render.highlight("abcdefghij", [_st("a", 0, 6), _st("b", 3, 9, "indirect")]))
    assert html.count("<a ") == html.count("</a>") == 3
    assert html.count('id="s-a"') == html.count('id="s-b"') == 1
    assert re.sub(r"<[^>]+>", "", html) == "abcdefghij"


def test_highlight_ignores_offsets_outside_the_text() -> None:
    html = str(render.highlight("short", [_st("a", 3, 99), _st("b", 7, 9), _st("c", 4, 2)]))
    assert re.sub(r"<[^>]+>", "", html) == "short" and 'data-st="b"' not in html


def test_snippet_escapes_before_marking() -> None:
    marked = str(render.snippet("<i>\x02x\x03</i> \x02open"))
    assert marked == "&lt;i&gt;<mark>x</mark>&lt;/i&gt; <mark>open</mark>"


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "//evil.example/x", "vbscript:x", "http:no-host"])
def test_safe_url_refuses_everything_but_http(url: str) -> None:
    assert render.safe_url(url) is None


def test_safe_url_keeps_http_links() -> None:
    assert render.safe_url("https://a.example/b?c=1") == "https://a.example/b?c=1"


def test_month_chart_keeps_empty_months_visible() -> None:
    chart = render.month_chart([Count("2024-01", 2), Count("2024-04", 4)])
    assert chart is not None
    assert [bar.count for bar in chart.bars] == [2, 0, 0, 4]
    assert chart.bars[3].height == 2 * chart.bars[0].height


def test_timeline_places_dots_by_day() -> None:
    def row(sid: str, day: str | None) -> CoverageRow:
        return CoverageRow(sid, "d", "A", None, "direct", "t", day, [], {})

    chart = render.timeline_chart([Lane("A", None, [row("1", "2024-01-01"), row("2", "2024-01-11"),
                                                    row("3", None)])])
    assert chart is not None
    first, last = chart.lanes[0].dots
    assert last.x > first.x and chart.lanes[0].undated == 1
    assert render.timeline_chart([Lane("A", None, [row("3", None)])]) is None


def test_an_empty_store_explains_what_to_do(tmp_path: Path) -> None:
    from onrecord.server import create_app

    Store.open(str(tmp_path / "empty.db")).close()
    with TestClient(create_app(str(tmp_path / "empty.db"))) as empty:
        for path in ("/", "/stories", "/speakers", "/documents", "/search", "/rejected", "/search?q=x"):
            assert empty.get(path).status_code == 200, path
        assert "onrecord ingest" in empty.get("/").text


def test_repeated_requests_are_answered_from_the_cache(client: TestClient) -> None:
    first, second = client.get("/search?q=bridge&kind=direct"), client.get("/search?q=bridge&kind=direct")
    assert (first.headers["x-onrecord-cache"], second.headers["x-onrecord-cache"]) == ("miss", "hit")
    assert second.text == first.text
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]


def test_a_write_to_the_store_is_seen_at_once(tmp_path: Path) -> None:
    from onrecord.server import create_app

    data = webdata.build(tmp_path / "web.db")
    with TestClient(create_app(data.db)) as fresh:
        assert "Renamed story" not in fresh.get("/stories").text
        assert fresh.get("/stories").headers["x-onrecord-cache"] == "hit"
        writer = Store.open(data.db)
        with writer.transaction() as conn:
            conn.execute(text("UPDATE stories SET label = 'Renamed story' WHERE id = 'story-bridge'"))
        writer.close()
        again = fresh.get("/stories")
        assert again.headers["x-onrecord-cache"] == "miss" and "Renamed story" in again.text


def test_errors_and_downloads_are_never_cached(client: TestClient) -> None:
    for _ in range(2):
        assert client.get("/stories/nope").headers["x-onrecord-cache"] == "miss"
        assert "x-onrecord-cache" not in client.get("/download/statements.csv").headers


def test_a_cached_page_still_needs_the_token(data: webdata.WebData) -> None:
    from onrecord.server import create_app

    token = "a-long-enough-test-token"
    with TestClient(create_app(data.db, token=token)) as guarded:
        for _ in range(2):
            assert guarded.get("/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert guarded.get("/stories").status_code == 401

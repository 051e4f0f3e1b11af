"""The UI in real Chromium against a real uvicorn server: follow a story down to the sentence.

Needs Debian's ``chromium`` (``make browser`` installs it); Playwright drives it through
``executable_path`` because its own browser download cannot work here. Screenshots of the main
pages land in ``docs/screenshots/`` when ``ONRECORD_SCREENSHOTS=1`` is set (``make screenshots``), and in
a temporary folder otherwise, so a test run never changes tracked files.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from tests import webdata

from onrecord.server import create_app
from onrecord.settings import Config
from onrecord.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[2]
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
SAMPLE_CORPUS = REPO / "examples" / "corpus"
_SCRATCH = Path(tempfile.gettempdir()) / "onrecord-screenshots"


@dataclass
class Running:
    """A live server and what the tests need to reach it."""

    base: str
    data: webdata.WebData


@dataclass
class Watched:
    """A browser page plus everything suspicious it did: dialogs, and requests to other hosts."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(db: str) -> Iterator[str]:
    """Serve a store on 127.0.0.1 from a thread, as `onrecord serve` would; yield its base URL."""
    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """Serve the hand-written fixture store (hostile texts included)."""
    data = webdata.build(tmp_path_factory.mktemp("web") / "web.db")
    with _serving(data.db) as base:
        yield Running(base, data)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Ingest the bundled sample corpus with the real pipeline, as `make demo` does, and serve it."""
    from onrecord import pipeline

    db = str(tmp_path_factory.mktemp("sample") / "sample.db")
    store = Store.open(db)
    config = Config(workers=1, outlets=str(REPO / "examples" / "outlets.yaml"),
                    codebook=str(REPO / "src" / "onrecord" / "data" / "codebook.example.yaml"))
    try:
        pipeline.ingest([str(SAMPLE_CORPUS)], store, config)
    finally:
        store.close()
    with _serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def watched(browser: Any, server: Running) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    seen = Watched(page)
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith((server.base, "data:"))
            else seen.foreign.append(request.url))
    yield seen
    context.close()
    assert seen.dialogs == [], "a script from an article ran"
    assert seen.foreign == [], "the page loaded something from another host"


def _shot(page: Any, name: str) -> None:
    """Keep a screenshot of what a reader sees first (the viewport): for the docs when asked to."""
    folder = DOCS_SCREENSHOTS if os.environ.get("ONRECORD_SCREENSHOTS") == "1" else _SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_overview_shows_counts_stories_and_rejected_inputs(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(server.base + "/")
    assert "Who said what" in page.locator("h1").inner_text()
    assert page.locator(".stats dd").first.inner_text() == "4"
    assert page.locator(".story-list li").count() == 2
    assert "<script>alert(1)</script>" in page.locator(".rejected-list").inner_text()


def test_story_shows_timeline_coverage_and_articles(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(server.base + "/")
    page.get_by_role("link", name="Orvel bridge closure").first.click()
    page.wait_for_url("**/stories/story-bridge")
    assert page.locator("svg.timeline circle").count() == 5  # six reports, the shared quote is one dot
    assert page.locator("table.matrix tbody tr").count() == 5
    assert page.locator("table.matrix thead th").count() == 3  # the statement column and two outlets


def test_clicking_a_statement_highlights_it_in_its_document(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(server.base + "/stories/story-bridge")
    page.locator(".said a.st-text", has_text="We cannot risk another winter").first.click()
    page.wait_for_url("**/documents/**")
    current = page.locator(".doc-text .hl.is-current")
    assert current.count() >= 1
    assert "We cannot risk another winter" in " ".join(current.all_inner_texts())
    assert page.locator(".st-card.is-current").count() == 1


def test_highlight_click_selects_its_statement_card(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(f"{server.base}/documents/{server.data.herald}")
    page.locator(".doc-text .hl", has_text="the steel was older").click()
    card = page.locator(".st-card.is-current")
    assert "the steel was older" in card.inner_text()


def test_search_highlights_matches_and_filters_by_outlet(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(server.base + "/search")
    page.fill("#search-form input[name=q]", "bridge")
    page.locator("#search-form button[type=submit]").click()
    page.wait_for_url("**/search?q=bridge*")
    assert page.locator(".results .statement").count() == 3
    assert page.locator(".results mark").first.inner_text().lower() == "bridge"
    page.select_option("#search-form select[name=outlet]", "Tarnwick Herald")  # submits on change
    page.wait_for_url("**outlet=Tarnwick*")
    assert page.locator(".results .statement").count() == 1


def test_malformed_search_shows_help_not_a_crash(watched: Watched, server: Running) -> None:
    page = watched.page
    response = page.goto(server.base + '/search?q="unclosed')
    assert response.status == 400
    assert "quoted phrases" in page.locator(".alert").inner_text()


def test_csv_download_carries_the_page_filters(watched: Watched, server: Running, tmp_path: Path) -> None:
    page = watched.page
    page.goto(server.base + "/search?kind=direct")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "statements.csv"
    download.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,document_id,source,outlet,speaker")
    assert len(lines) == 3  # header and the mayor's quote in two outlets


def test_speaker_page_draws_monthly_chart(watched: Watched, server: Running) -> None:
    page = watched.page
    page.goto(server.base + "/speakers/ent-quell")
    assert page.locator("svg.bars rect").count() == 2  # March and April 2024
    assert "mayor" in page.locator(".page-head").inner_text()


def test_hostile_article_text_stays_text(watched: Watched, server: Running) -> None:
    page = watched.page
    for path in (f"/documents/{server.data.wire}", f"/documents/{server.data.flyer}",
                 "/speakers/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?q=%22%3Cscript%3E%22",
                 "/stories/story-budget"):
        page.goto(server.base + path)
        assert page.locator("script").count() == 1, path  # only /static/app.js
        assert page.locator("[onmouseover]").count() == 0, path
        assert page.locator("a[href^='javascript']").count() == 0, path


def test_sample_corpus_can_be_followed_from_overview_to_sentence(browser: Any, sample: str) -> None:
    """Walk the sample corpus as a newcomer would, and keep screenshots of each page for the docs."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(sample + "/")
    _shot(page, "overview")
    page.locator(".story-list .story-label").first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("svg.timeline circle").count() > 3
    assert page.locator("table.matrix tbody tr").count() > 3
    _shot(page, "story")
    page.locator(".said a.st-text").first.click()
    page.wait_for_url("**/documents/**")
    assert page.locator(".doc-text .hl.is-current").count() >= 1
    _shot(page, "document")
    page.goto(sample + "/speakers")
    page.locator("table.list tbody a").first.click()
    page.wait_for_url("**/speakers/**")
    assert page.locator("svg.bars rect").count() >= 1
    _shot(page, "speaker")
    page.goto(sample + "/search")
    page.fill("#search-form input[name=q]", "court OR election")
    page.locator("#search-form button[type=submit]").click()
    page.wait_for_url("**/search?q=*")
    assert page.locator(".results mark").count() > 0
    page.goto(page.url)  # a fresh load: no focus or hover left from typing, so the screenshot is stable
    _shot(page, "search")
    context.close()

"""Server-rendered pages: overview, stories, speakers, documents, search and rejected inputs.

Each route gathers its data from ``onrecord.store.queries`` and renders one Jinja2 template with
autoescaping on; article text reaches HTML only through ``render`` helpers or escaping. Routes are
``async`` and run on the event loop, like the API's (see ``onrecord.api.routes``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from onrecord import __version__
from onrecord.api.params import statement_filter
from onrecord.api.routes import NotFound, StoreDep
from onrecord.errors import QueryError
from onrecord.models import copied_from
from onrecord.store import Store, queries
from onrecord.store.queries import KINDS, Count, DocumentFilter, StatementFilter
from onrecord.store.search import QUERY_HELP
from onrecord.web import render
from onrecord.web.cache import Memo

HERE = Path(__file__).parent
STATIC = HERE / "static"
STATEMENT_PARAMS = ("speaker", "outlet", "story", "document", "tag", "kind", "since", "until", "q")
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


def link(path: str, params: dict[str, Any] | None = None, **changes: Any) -> str:
    """Build ``path?query`` from the current parameters with some changed (None or "" drops one)."""
    merged = {**(params or {}), **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return path + (f"?{urlencode(kept)}" if kept else "")


def _environment() -> Environment:
    # auto_reload off: templates only change with the code, so no stat() of every template per request.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      auto_reload=False, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=render.day, snippet=render.snippet, outlet_class=render.outlet_class,
                       safe_url=render.safe_url)
    env.globals.update(link=link, kinds=KINDS, version=__version__, query_help=QUERY_HELP, outlet=render.outlet_badge,
                       kind=render.kind_badge, speaker_link=render.speaker_link,
                       coverage_cells=render.coverage_cells, statement=render.statement_card, copied_from=copied_from)
    return env


TEMPLATES = _environment()


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template into an HTML response."""
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status)


async def get_memo(request: Request) -> Memo:
    """Return the app's memo of corpus-wide values (a FastAPI dependency; async as get_store)."""
    memo: Memo = request.app.state.memo
    return memo


MemoDep = Annotated[Memo, Depends(get_memo)]


def outlets(store: Store, memo: Memo) -> list[Count]:
    """Return every outlet with its document count (a scan of every document, so kept per store generation)."""
    return memo.get("outlet_counts", lambda: queries.outlet_counts(store))


def counts(store: Store, memo: Memo) -> dict[str, int]:
    """Return the row count of every table, kept per store generation."""
    return memo.get("counts", store.counts)


def _params(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k != "cursor" and v}


def _filter_from(params: dict[str, str]) -> StatementFilter:
    return statement_filter(**{k: params.get(k) for k in STATEMENT_PARAMS})


@router.get("/", response_class=HTMLResponse)
async def overview(store: StoreDep, memo: MemoDep) -> HTMLResponse:
    """Show what the corpus holds and what is new."""
    return page("overview.html", nav="overview", counts=counts(store, memo),
                latest=queries.statements_page(store, StatementFilter(), limit=8).rows,
                stories=queries.stories_page(store, limit=6).rows,
                speakers=queries.entities_page(store, limit=8).rows or None,
                unlinked=queries.unlinked_speakers(store, limit=8),
                outlets=outlets(store, memo),
                rejected=queries.rejected_page(store, limit=5).rows)


@router.get("/stories", response_class=HTMLResponse)
async def stories(store: StoreDep, request: Request, cursor: str | None = None) -> HTMLResponse:
    """List stories, latest first."""
    return page("stories.html", nav="stories", result=queries.stories_page(store, PAGE_SIZE, cursor),
                params=_params(request))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(store: StoreDep, story_id: str) -> HTMLResponse:
    """Show a story: who said what when, which outlet reported it, and its articles."""
    found = queries.get_story(store, story_id)
    if found is None:
        raise NotFound(f"no story with id {story_id!r}")
    coverage = queries.story_coverage(store, story_id)
    lanes = queries.timeline_lanes(coverage.rows)
    return page("story.html", nav="stories", story=found, coverage=coverage, lanes=lanes,
                chart=render.timeline_chart(lanes), params={"story": story_id})


@router.get("/speakers", response_class=HTMLResponse)
async def speakers(store: StoreDep, request: Request, cursor: str | None = None) -> HTMLResponse:
    """List speakers, most quoted first."""
    return page("speakers.html", nav="speakers", result=queries.entities_page(store, PAGE_SIZE, cursor),
                unlinked=queries.unlinked_speakers(store, limit=200) if not cursor else [],
                params=_params(request))


@router.get("/speakers/{key:path}", response_class=HTMLResponse)
async def speaker(store: StoreDep, request: Request, key: str, cursor: str | None = None) -> HTMLResponse:
    """Show a speaker: names and roles, statements per month, and every statement by date."""
    found = queries.find_speaker(store, key)
    if found is None:
        raise NotFound(f"no speaker called {key!r}: see the list of speakers")
    flt = StatementFilter(speaker=found["id"] or found["name"])
    return page("speaker.html", nav="speakers", speaker=found,
                chart=render.month_chart(queries.statement_months(store, flt)),
                result=queries.statements_page(store, flt, PAGE_SIZE, cursor),
                params={"speaker": found["id"] or found["name"]}, path=request.url.path)


@router.get("/documents", response_class=HTMLResponse)
async def documents(store: StoreDep, memo: MemoDep, request: Request, cursor: str | None = None) -> HTMLResponse:
    """List articles, newest first, with outlet and story filters."""
    params = _params(request)
    flt = DocumentFilter(query=params.get("q"), outlet=params.get("outlet"), story_id=params.get("story"))
    return _with_query_error("documents.html",
                             lambda: {"result": queries.documents_page(store, flt, PAGE_SIZE, cursor)},
                             nav="documents", params=params, outlets=outlets(store, memo))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
async def document(store: StoreDep, document_id: str) -> HTMLResponse:
    """Show an article's text with every statement and speaker highlighted, beside the statements."""
    found = queries.get_document(store, document_id)
    if found is None:
        raise NotFound(f"no document with id {document_id!r}")
    return page("document.html", nav="documents", doc=found,
                body=render.highlight(found["text"], found["statements"]),
                source_url=render.safe_url(found["url"]), params={"document": document_id})


@router.get("/search", response_class=HTMLResponse)
async def search(store: StoreDep, memo: MemoDep, request: Request, cursor: str | None = None) -> HTMLResponse:
    """Search and filter statements with highlighted matches (articles: a link to /documents?q=)."""
    params = _params(request)

    def run() -> dict[str, Any]:
        # Matching articles are one click away (/documents?q=), not computed here: ranking a second
        # full-text index doubled the cost of the busiest page.
        return {"result": queries.statements_page(store, _filter_from(params), PAGE_SIZE, cursor)}

    return _with_query_error("search.html", run, nav="search", params=params, outlets=outlets(store, memo))


@router.get("/rejected", response_class=HTMLResponse)
async def rejected(store: StoreDep, request: Request, cursor: str | None = None) -> HTMLResponse:
    """List inputs that could not be used, and why."""
    return page("rejected.html", nav="rejected", result=queries.rejected_page(store, PAGE_SIZE, cursor),
                params=_params(request))


@router.get("/api", response_class=HTMLResponse)
async def api_reference(request: Request) -> HTMLResponse:
    """Describe the JSON API from its own OpenAPI schema (no external documentation viewer)."""
    schema = request.app.openapi()
    return page("api.html", nav="api", paths=schema["paths"])


def _with_query_error(template: str, run: Callable[[], dict[str, Any]], **context: Any) -> HTMLResponse:
    """Render the page with its results, or with a helpful message (status 400) for a malformed query."""
    try:
        results = run()
    except QueryError as exc:
        return page(template, status=400, error=str(exc), result=None, **context)
    return page(template, error=None, **results, **context)

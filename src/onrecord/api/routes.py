"""The JSON API under ``/api``: thin routes over ``onrecord.store.queries``.

Every list is cursor-paginated (pass ``next_cursor`` back as ``cursor``); every error has the shape
``{"error": {"code": ..., "message": ...}}`` (see ``onrecord.server``).

Routes are ``async`` although they query the store synchronously: each is a few milliseconds of
CPU under the interpreter lock, so handing it to a thread would only add lock handoffs. More cores
come from more worker processes (``serve(workers=...)``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from onrecord.api import models
from onrecord.api.params import Cursor, Limit, document_filter_param, statement_filter_param
from onrecord.errors import OnRecordError
from onrecord.store import Store, queries
from onrecord.store.queries import DocumentFilter, StatementFilter

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": models.ErrorBody, "description": "malformed query or filter"},
    404: {"model": models.ErrorBody, "description": "no such record"},
    422: {"model": models.ErrorBody, "description": "invalid parameter"},
}

router = APIRouter(prefix="/api", responses=ERRORS)


class NotFound(OnRecordError):
    """A record the request names does not exist (answered with 404)."""


async def get_store(request: Request) -> Store:
    """Return the app's store (a FastAPI dependency)."""
    # async although it never awaits: FastAPI runs a plain function in its thread pool, a hop
    # that costs more than this whole lookup.
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
StatementFilterDep = Annotated[StatementFilter, Depends(statement_filter_param)]
DocumentFilterDep = Annotated[DocumentFilter, Depends(document_filter_param)]


def _page(page: queries.Page) -> dict[str, Any]:
    return {"items": page.rows, "next_cursor": page.next_cursor}


def _found(item: Any, what: str, key: str) -> Any:
    if item is None:
        raise NotFound(f"no {what} with id {key!r}: list them at /api/{what.replace(' ', '_')}s")
    return item


@router.get("/overview", response_model=models.OverviewOut, tags=["corpus"])
async def overview(store: StoreDep) -> dict[str, Any]:
    """Count every table and list the outlets."""
    return {"counts": store.counts(), "outlets": [asdict(c) for c in queries.outlet_counts(store)]}


@router.get("/statements", response_model=models.StatementPage, tags=["statements"])
async def statements(store: StoreDep, flt: StatementFilterDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """List statements, newest first, or best match first with a text query (q)."""
    return _page(queries.statements_page(store, flt, limit, cursor))


@router.get("/statements/{statement_id}", response_model=models.StatementOut, tags=["statements"])
async def statement(store: StoreDep, statement_id: str) -> Any:
    """Return one statement with its offsets into its document's text."""
    return _found(queries.get_statement(store, statement_id), "statement", statement_id)


@router.get("/timeline", response_model=models.TimelinePage, tags=["statements"])
async def timeline(store: StoreDep, flt: StatementFilterDep, limit: Limit = 200, cursor: Cursor = None) -> Any:
    """List dated statements oldest first (e.g. one speaker's), with counts per month."""
    page = queries.timeline_page(store, flt, limit, cursor)
    months = [asdict(c) for c in queries.statement_months(store, flt)] if not flt.query else []
    return {"items": page.rows, "months": months, "next_cursor": page.next_cursor}


@router.get("/documents", response_model=models.DocumentPage, tags=["documents"])
async def documents(store: StoreDep, flt: DocumentFilterDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """List documents without their text, newest first, or best match first with a text query (q)."""
    return _page(queries.documents_page(store, flt, limit, cursor))


@router.get("/documents/{document_id}", response_model=models.DocumentOut, tags=["documents"])
async def document(store: StoreDep, document_id: str) -> Any:
    """Return one document's cleaned text and every statement in it, in text order."""
    return _found(queries.get_document(store, document_id), "document", document_id)


@router.get("/entities", response_model=models.EntityPage, tags=["speakers"])
async def entities(store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """List linked entities (speakers), most quoted first."""
    return _page(queries.entities_page(store, limit, cursor))


@router.get("/speakers/{key:path}", response_model=models.SpeakerOut, tags=["speakers"])
async def speaker(store: StoreDep, key: str) -> Any:
    """Find a speaker by entity id, name or alias, with dated statements per month."""
    found = _found(queries.find_speaker(store, key), "speaker", key)
    months = queries.statement_months(store, StatementFilter(speaker=found["id"] or found["name"]))
    return {**found, "months": [asdict(c) for c in months]}


@router.get("/stories", response_model=models.StoryPage, tags=["stories"])
async def stories(store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """List stories with their documents and outlets, latest first."""
    return _page(queries.stories_page(store, limit, cursor))


@router.get("/stories/{story_id}", response_model=models.StoryDetail, tags=["stories"])
async def story(store: StoreDep, story_id: str) -> Any:
    """Return one story and its documents."""
    return _found(queries.get_story(store, story_id), "story", story_id)


@router.get("/stories/{story_id}/coverage", response_model=models.CoverageOut, tags=["stories"])
async def coverage(store: StoreDep, story_id: str) -> Any:
    """Return the story's distinct statements by outlet (syndicated copies and repeated quotes merged)."""
    _found(queries.get_story(store, story_id), "story", story_id)
    return queries.story_coverage(store, story_id)  # read by attribute: no dataclasses.asdict deep copy


@router.get("/stories/{story_id}/timeline", response_model=list[models.LaneOut], tags=["stories"])
async def story_timeline(store: StoreDep, story_id: str) -> Any:
    """Return the story's distinct statements in one lane per speaker, by date."""
    _found(queries.get_story(store, story_id), "story", story_id)
    return queries.timeline_lanes(queries.story_coverage(store, story_id).rows)


@router.get("/rejected", response_model=models.RejectedPage, tags=["corpus"])
async def rejected(store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
    """List inputs that could not be used, with the stage that refused them and why."""
    return _page(queries.rejected_page(store, limit, cursor))


"""Downloads of every list as CSV or JSON Lines, with the same filters as the page showing it.

Rows go through ``onrecord.export`` so a download carries exactly the export contract's fields.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from onrecord import export
from onrecord.api.params import document_filter_param, statement_filter_param
from onrecord.api.routes import ERRORS, StoreDep
from onrecord.export import ExportKind
from onrecord.store import queries
from onrecord.store.queries import DocumentFilter, StatementFilter

router = APIRouter(prefix="/download", tags=["downloads"], responses=ERRORS)

Format = Literal["csv", "jsonl"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
CHUNK = 64 * 1024
REJECTED = ExportKind(queries.REJECTED_FIELDS, queries.iter_rejected)


def _stream(rows: Iterator[dict[str, Any]], kind: ExportKind, fmt: Format, name: str) -> StreamingResponse:
    """Write the rows into a spooled file first, so a bad query fails before any byte is sent."""
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed below
    export.WRITERS[fmt](export.project(rows, kind.fields), spool, kind)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            yield from iter(lambda: spool.read(CHUNK), b"")

    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return StreamingResponse(chunks(), media_type=MEDIA_TYPES[fmt], headers=headers)


def _simple(kind_name: str) -> Callable[..., StreamingResponse]:
    kind = REJECTED if kind_name == "rejected" else export.KINDS[kind_name]

    def download(store: StoreDep, fmt: Format) -> StreamingResponse:
        return _stream(kind.rows(store), kind, fmt, kind_name)

    download.__doc__ = f"Download every {kind_name.rstrip('s')} row."
    return download


@router.get("/statements.{fmt}")
def download_statements(store: StoreDep, fmt: Format,
                        flt: Annotated[StatementFilter, Depends(statement_filter_param)]) -> StreamingResponse:
    """Download the statements matching the filters (the same as /api/statements)."""
    return _stream(queries.iter_statements(store, flt), export.KINDS["statements"], fmt, "statements")


@router.get("/documents.{fmt}")
def download_documents(store: StoreDep, fmt: Format,
                       flt: Annotated[DocumentFilter, Depends(document_filter_param)]) -> StreamingResponse:
    """Download the documents matching the filters, with their text."""
    return _stream(queries.iter_filtered_documents(store, flt), export.KINDS["documents"], fmt, "documents")


for _name in ("entities", "stories", "rejected"):
    router.add_api_route(f"/{_name}.{{fmt}}", _simple(_name), methods=["GET"], name=f"download_{_name}",
                         response_class=StreamingResponse)

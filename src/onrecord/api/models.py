"""Response shapes of the JSON API: they document the OpenAPI schema and check what we send.

Field names follow the export contract in DESIGN.md, so an API row and an exported row agree.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

SNIPPET_DOC = "for text queries: the matched words wrapped in \\u0002 and \\u0003"


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. not_found, bad_query")
    message: str = Field(description="what went wrong and what to do next")


class ErrorBody(BaseModel):
    """The one shape of every error the API returns."""

    error: ErrorDetail


class CountOut(BaseModel):
    value: str
    count: int


class StatementOut(BaseModel):
    id: str
    document_id: str
    source: str
    outlet: str | None
    agency: str | None = Field(description="the wire agency behind the copy, if the text names one")
    speaker: str | None = Field(description="canonical name")
    speaker_id: str | None
    speaker_mention: str | None = Field(description="surface form in this text")
    speaker_role: str | None
    venue: str | None
    kind: str = Field(description="direct, indirect or mixed")
    text: str
    cue: str | None
    said_on: str | None
    said_on_until: str | None
    said_on_basis: str | None
    content_dates: list[str]
    start: int = Field(description="offset into the document's cleaned text")
    end: int
    speaker_start: int | None
    speaker_end: int | None
    tags: list[str]
    document_title: str | None
    story_id: str | None
    original_id: str | None = Field(description="the statement this one is a syndicated copy of")
    snippet: str | None = Field(None, description=SNIPPET_DOC)


class StatementPage(BaseModel):
    items: list[StatementOut]
    next_cursor: str | None


class DocumentSummary(BaseModel):
    id: str
    source: str
    url: str | None
    outlet: str | None
    agency: str | None
    title: str | None
    published: str | None
    story_id: str | None
    duplicate_of: str | None
    statement_count: int
    snippet: str | None = Field(None, description=SNIPPET_DOC)


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    next_cursor: str | None


class DocumentOut(BaseModel):
    id: str
    source: str
    url: str | None
    outlet: str | None
    agency: str | None
    title: str | None
    published: str | None
    published_basis: str | None
    language: str | None
    dateline_place: str | None
    text: str
    story_id: str | None
    story_label: str | None
    duplicate_of: str | None
    statements: list[StatementOut]


class EntityOut(BaseModel):
    id: str | None = Field(description="null for a speaker not linked to an entity yet")
    name: str
    type: str | None
    aliases: list[str]
    roles: list[str]
    statement_count: int


class EntityPage(BaseModel):
    items: list[EntityOut]
    next_cursor: str | None


class SpeakerOut(EntityOut):
    months: list[CountOut] = Field(description="dated statements per month (YYYY-MM)")


class StoryOut(BaseModel):
    id: str
    label: str | None
    first_date: str | None
    last_date: str | None
    document_ids: list[str]
    outlets: list[str]


class StoryPage(BaseModel):
    items: list[StoryOut]
    next_cursor: str | None


class StoryDetail(StoryOut):
    documents: list[DocumentSummary]


class ReportOut(BaseModel):
    statement_id: str
    document_id: str
    outlet: str
    syndicated: bool = Field(description="a syndicated copy of another outlet's report")
    agency: str | None = Field(None, description="the wire agency behind the report's copy, if named")


class CoverageRowOut(BaseModel):
    id: str
    document_id: str
    speaker: str | None
    speaker_id: str | None
    kind: str
    text: str
    said_on: str | None
    tags: list[str]
    reports: dict[str, list[ReportOut]] = Field(description="reports of this statement, by outlet")


class CoverageOut(BaseModel):
    story_id: str
    outlets: list[str]
    rows: list[CoverageRowOut]
    agencies: dict[str, list[str]] = Field(description="for an outlet that ran wire copy, the agencies")


class LaneOut(BaseModel):
    speaker: str
    speaker_id: str | None
    rows: list[CoverageRowOut]


class TimelinePage(BaseModel):
    items: list[StatementOut]
    months: list[CountOut]
    next_cursor: str | None


class RejectedOut(BaseModel):
    source: str
    stage: str
    reason: str
    first_seen: str


class RejectedPage(BaseModel):
    items: list[RejectedOut]
    next_cursor: str | None


class OverviewOut(BaseModel):
    counts: dict[str, int]
    outlets: list[CountOut]

"""Outlet-by-outlet coverage of a story, statement by statement.

Rows are claims: statements from different articles that are the same claim (same speaker, the
same words or a fragment of them, or a syndicated copy linked by dedup: :mod:`onrecord.claims`) are
one row; the story page of the web UI folds them by the same rule. Columns are
outlets. For every row we know who carried it, who carried it first and when; for every outlet,
what only it reported and what it left out that most others carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from onrecord.claims import fold_claims
from onrecord.errors import QueryError
from onrecord.models import copied_from
from onrecord.store import Store, schema
from onrecord.store.queries import StatementFilter, iter_statements

D, ST = schema.documents.c, schema.stories.c
UNKNOWN_OUTLET = "(unknown outlet)"
UNDATED = "9999-12-31"


@dataclass(frozen=True)
class Carriage:
    """One outlet's article carrying a claim."""

    outlet: str
    document_id: str
    statement_id: str
    published: str | None
    said_on: str | None
    via_copy: bool  # the article is a syndicated copy of another outlet's


@dataclass
class ClaimRow:
    """One claim of the story and everyone who carried it."""

    number: int
    speaker: str | None
    text: str  # as the earliest article worded it
    carried: dict[str, list[Carriage]] = field(default_factory=dict)

    @property
    def first(self) -> Carriage:
        """Return the earliest carriage (published date, then outlet name)."""
        every = [c for items in self.carried.values() for c in items]
        return min(every, key=lambda c: (c.published or UNDATED, c.outlet, c.document_id))


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet carried of the story."""

    outlet: str
    documents: int
    carried: list[int]  # row numbers
    only: list[int]  # rows no other outlet carried
    missing: list[int]  # rows it left out that at least half of the others (and two or more) carried
    agencies: list[str] = field(default_factory=list)  # wire agencies whose copy it ran in this story


@dataclass(frozen=True)
class Comparison:
    """A story's claims x outlets matrix and each outlet's exclusives and omissions."""

    story_id: str
    label: str | None
    first_date: str | None
    last_date: str | None
    outlets: list[str]
    rows: list[ClaimRow]
    by_outlet: list[OutletCoverage]

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as plain data (for JSON)."""
        return {
            "story_id": self.story_id, "label": self.label, "first_date": self.first_date,
            "last_date": self.last_date, "outlets": self.outlets,
            "rows": [{"number": r.number, "speaker": r.speaker, "text": r.text,
                      "first_outlet": r.first.outlet, "first_date": r.first.published,
                      "carried": {o: [c.__dict__ for c in cs] for o, cs in r.carried.items()}}
                     for r in self.rows],
            "by_outlet": [o.__dict__ for o in self.by_outlet],
        }


def compare_story(store: Store, story_id: str) -> Comparison:
    """Build the statements x outlets comparison of one story.

    >>> c = compare_story(Store.open("onrecord.db"), "3f2a9c0d1e4b5a67")  # doctest: +SKIP
    >>> c.outlets, len(c.rows)  # doctest: +SKIP
    (['AFP', 'TASS'], 7)
    """
    with store.reading() as conn:
        story = conn.execute(select(ST.label, ST.first_date, ST.last_date).where(ST.id == story_id)).first()
        if story is None:
            raise QueryError(f"no story {story_id!r}: list stories with `onrecord export stories`")
        docs = {row.id: row for row in conn.execute(
            select(D.id, D.outlet, D.published, D.duplicate_of, D.agency).where(D.story_id == story_id))}
    rows = _claim_rows(list(iter_statements(store, StatementFilter(story_id=story_id))), docs)
    outlets = sorted({row.outlet or UNKNOWN_OUTLET for row in docs.values()})
    documents = {o: sum(1 for d in docs.values() if (d.outlet or UNKNOWN_OUTLET) == o) for o in outlets}
    agencies = {o: sorted({wire for d in docs.values() if (d.outlet or UNKNOWN_OUTLET) == o
                           and (wire := copied_from(o, d.agency))}) for o in outlets}
    return Comparison(story_id, story.label, story.first_date, story.last_date, outlets, rows,
                      [_outlet_coverage(o, documents[o], rows, outlets, agencies[o]) for o in outlets])


def _claim_rows(statements: list[dict[str, Any]], docs: dict[str, Any]) -> list[ClaimRow]:
    """Fold statements into claim rows (:func:`onrecord.claims.fold_claims`), earliest articles first."""
    statements.sort(key=lambda s: (docs[s["document_id"]].published or UNDATED, s["document_id"], s["start"]))
    rows: list[ClaimRow] = []
    for st, number in zip(statements, fold_claims(statements), strict=True):
        doc = docs[st["document_id"]]
        if number == len(rows):
            rows.append(ClaimRow(number + 1, st["speaker"], st["text"]))
        outlet = doc.outlet or UNKNOWN_OUTLET
        rows[number].carried.setdefault(outlet, []).append(Carriage(
            outlet, st["document_id"], st["id"], doc.published, st["said_on"], doc.duplicate_of is not None))
    return rows


def _outlet_coverage(outlet: str, documents: int, rows: list[ClaimRow], outlets: list[str],
                     agencies: list[str]) -> OutletCoverage:
    others = len(outlets) - 1
    carried = [r.number for r in rows if outlet in r.carried]
    only = [r.number for r in rows if list(r.carried) == [outlet]]
    # "Left out" means at least half of the others carried it, and with two or more rivals at least
    # two of them: one rival's exclusive is not everyone else's omission.
    needed = 1 if others == 1 else max(2, (others + 1) // 2)
    missing = [r.number for r in rows if outlet not in r.carried and others and len(r.carried) >= needed]
    return OutletCoverage(outlet, documents, carried, only, missing, agencies)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_comparison(c: Comparison, width: int = 72) -> str:
    """Render a comparison for the terminal: legend, matrix, then each outlet's exclusives and omissions.

    >>> print(render_comparison(compare_story(store, story_id)))  # doctest: +SKIP
    """
    letters = {outlet: _column_name(i) for i, outlet in enumerate(c.outlets)}
    span = f"[{c.first_date or '?'} .. {c.last_date or '?'}]"
    lines = [f"Story {c.story_id}: {c.label or '(no label)'}  {span}", ""]
    copies = {o.outlet: f" (copy from {', '.join(o.agencies)})" if o.agencies else "" for o in c.by_outlet}
    lines += [f"  {letters[o]} = {o}{copies.get(o, '')}" for o in c.outlets]
    lines += ["", "  X carried   c carried in a syndicated copy   . not carried", ""]
    header = " ".join(letters[o] for o in c.outlets)
    lines.append(f"  #  {header}  first            claim")
    for row in c.rows:
        cells = " ".join(_cell(row, o) for o in c.outlets)
        first = f"{letters[row.first.outlet]} {row.first.published or '?':<10}"
        speaker = f"{row.speaker}: " if row.speaker else ""
        lines.append(f"{row.number:>3}  {cells}  {first:<15}  {_short(speaker + row.text, width)}")
    if not c.rows:
        lines.append("     (no statements extracted from this story's articles)")
    lines.append("")
    for o in c.by_outlet:
        lines.append(f"{letters[o.outlet]} {o.outlet}: {o.documents} article(s), {len(o.carried)} claim(s); "
                     f"only here: {_numbers(o.only)}; left out: {_numbers(o.missing)}")
    return "\n".join(lines)


def _column_name(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"A{index - 25}"


def _cell(row: ClaimRow, outlet: str) -> str:
    items = row.carried.get(outlet)
    if not items:
        return "."
    return "X" if any(not c.via_copy for c in items) else "c"


def _numbers(numbers: list[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers) if numbers else "none"

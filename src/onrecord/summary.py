"""A short plain-text report of what the store holds, for ``onrecord summary`` and the demo."""

from __future__ import annotations

from sqlalchemy import func, select

from onrecord.store import Store, schema

D, S, E, R = schema.documents.c, schema.statements.c, schema.entities.c, schema.rejected.c
TOP = 8


def render_summary(store: Store) -> str:
    """Return counts, outlets and the wire agencies behind their copy, top speakers, the date range and
    rejected inputs as text."""
    counts = store.counts()
    with store.reading() as conn:
        outlets = conn.execute(select(func.coalesce(D.outlet, "(unknown)"), func.count())
                               .group_by(D.outlet).order_by(func.count().desc())).all()
        agencies = conn.execute(select(D.agency, func.count()).where(D.agency.is_not(None))
                                .group_by(D.agency).order_by(func.count().desc(), D.agency)).all()
        first, last = conn.execute(select(func.min(D.published), func.max(D.published))).one()
        speakers = conn.execute(select(E.name, E.statement_count).order_by(E.statement_count.desc(), E.name)
                                .limit(TOP)).all()
        kinds = conn.execute(select(S.kind, func.count()).group_by(S.kind).order_by(S.kind)).all()
        rejected = conn.execute(select(R.source, R.reason).order_by(R.id)).all()
    wire = ["wire agencies behind the copy: " + ", ".join(f"{name} {n}" for name, n in agencies)] if agencies else []
    lines = [
        f"documents: {counts['documents']} from {counts['sources']} sources, published {first or '?'} .. "
        f"{last or '?'}",
        f"statements: {counts['statements']} (" + ", ".join(f"{k} {n}" for k, n in kinds) + ")",
        f"entities: {counts['entities']}   stories: {counts['stories']}   rejected inputs: {counts['rejected']}",
        "outlets: " + ", ".join(f"{name} {n}" for name, n in outlets),
        *wire,
        "most quoted: " + ", ".join(f"{name} {n}" for name, n in speakers),
    ]
    lines += [f"rejected: {source}: {reason}" for source, reason in rejected]
    return "\n".join(lines)

"""Fixtures shared by the whole suite: a temporary store and the path to ../shared."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import create_engine, text

from onrecord.nlp import load_pipeline
from onrecord.store import Store
from onrecord.store.database import database_url

from . import pgserver

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """Load the default spaCy pipeline once for the whole test session."""
    return load_pipeline()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Return a fresh SQLite store in a temporary folder."""
    opened = Store.open(str(tmp_path / "test.db"))
    yield opened
    opened.close()


@pytest.fixture
def shared() -> Path:
    """Return ../shared, or skip when this checkout has no shared data beside it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: evaluation on real data needs ../shared beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Start one real PostgreSQL server for the session (skipped where it cannot start)."""
    reason = pgserver.available()
    if reason:
        pytest.skip(reason)
    with pgserver.postgres_server() as url:
        yield url


_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Return a fresh store on each backend: SQLite in a temp folder, a new PostgreSQL database."""
    if request.param == "sqlite":
        opened = Store.open(str(tmp_path / "test.db"))
    else:
        server = request.getfixturevalue("postgres_url")
        name = f"test_{next(_databases)}"
        admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        opened = Store.open(server.rsplit("/", 1)[0] + f"/{name}")
    yield opened
    opened.close()

"""The JSON API in-process: filters, cursors, one error shape, downloads, the token and the headers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from onrecord.errors import ConfigError
from onrecord.server import create_app, resolve_token
from onrecord.store.database import database_url
from onrecord.store.queries import STATEMENT_FIELDS
from tests import webdata

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> webdata.WebData:
    return webdata.build(tmp_path_factory.mktemp("api") / "api.db")


@pytest.fixture(scope="module")
def client(data: webdata.WebData) -> Iterator[TestClient]:
    with TestClient(create_app(data.db)) as test_client:
        yield test_client


def _items(client: TestClient, path: str, **params: str | int) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _error(response: object, status: int, code: str) -> str:
    assert response.status_code == status  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]["message"]


def test_cursor_pages_cover_every_statement_once(client: TestClient) -> None:
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/statements", params=params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7


def test_speaker_filter_accepts_an_alias(client: TestClient) -> None:
    items = _items(client, "/api/statements", speaker="mayor mara quell")
    assert len(items) == 5 and {item["speaker"] for item in items} == {"Mara Quell"}


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "tarnwick herald"}, 3),
    ({"kind": "direct"}, 2),
    ({"tag": "safety"}, 2),
    ({"story": "story-budget"}, 1),
    ({"since": "2024-03-05", "until": "2024-03-31"}, 1),
    ({"q": "bridge"}, 3),
])
def test_statement_filters_narrow_the_list(client: TestClient, params: dict, expected: int) -> None:
    assert len(_items(client, "/api/statements", **params)) == expected


def test_text_query_returns_marked_snippets(client: TestClient) -> None:
    items = _items(client, "/api/statements", q="steel")
    assert items[0]["snippet"] == "the \x02steel\x03 was older than anyone had thought"


def test_malformed_query_is_a_400_with_help(client: TestClient) -> None:
    message = _error(client.get("/api/statements", params={"q": '"unclosed'}), 400, "bad_query")
    assert "quoted phrases" in message


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"since": "yesterday"}, 400, "bad_query"),
    ({"kind": "rumour"}, 400, "bad_query"),
    ({"cursor": "not-a-cursor"}, 400, "bad_query"),
    ({"cursor": "WyJhIl0="}, 400, "bad_query"),  # ["a"]: valid base64 JSON, not a cursor
    ({"cursor": "WyJhIl0=", "q": "bridge"}, 400, "bad_query"),
    ({"limit": 0}, 422, "invalid_parameter"),
    ({"limit": "many"}, 422, "invalid_parameter"),
])
def test_bad_parameters_share_the_error_shape(client: TestClient, params: dict, status: int,
                                              code: str) -> None:
    _error(client.get("/api/statements", params=params), status, code)


def test_unknown_records_and_routes_are_404s(client: TestClient) -> None:
    for path in ("/api/documents/nope", "/api/statements/nope", "/api/stories/nope/coverage",
                 "/api/speakers/Nobody%20Atall", "/api/no-such-route"):
        _error(client.get(path), 404, "not_found")


def test_writes_are_refused(client: TestClient) -> None:
    _error(client.post("/api/statements", json={}), 405, "method_not_allowed")
    _error(client.delete("/api/documents/x"), 405, "method_not_allowed")


def test_head_answers_without_a_body(client: TestClient) -> None:
    response = client.head("/api/statements")
    assert response.status_code == 200 and response.content == b""


def test_document_offsets_point_into_its_text(client: TestClient, data: webdata.WebData) -> None:
    document = client.get(f"/api/documents/{data.herald}").json()
    assert document["story_label"] == "Orvel bridge closure"
    for statement in document["statements"]:
        assert document["text"][statement["start"]:statement["end"]] == statement["text"]


def test_document_list_and_text_search(client: TestClient) -> None:
    assert [d["outlet"] for d in _items(client, "/api/documents", outlet="North Ledger")] == ["North Ledger"]
    found = _items(client, "/api/documents", q="ferry")
    assert len(found) == 1 and "\x02ferry\x03" in found[0]["snippet"]


def test_coverage_merges_one_quote_reported_by_two_outlets(client: TestClient) -> None:
    coverage = client.get("/api/stories/story-bridge/coverage").json()
    assert coverage["outlets"] == ["Tarnwick Herald", "Valley <b>Wire</b>"]
    quote = next(row for row in coverage["rows"] if row["kind"] == "direct")
    assert sorted(quote["reports"]) == ["Tarnwick Herald", "Valley <b>Wire</b>"]
    assert len(coverage["rows"]) == 5
    assert list(coverage["agencies"]) == ["Valley <b>Wire</b>"]  # the outlet that ran an agency's copy


def test_story_timeline_has_a_lane_per_speaker(client: TestClient) -> None:
    lanes = client.get("/api/stories/story-bridge/timeline").json()
    assert [lane["speaker"] for lane in lanes][0] == "Mara Quell"
    assert len(lanes) == 3


def test_speaker_timeline_is_oldest_first_with_months(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"speaker": "ent-quell"}).json()
    days = [item["said_on"] for item in body["items"]]
    assert days == sorted(days) and len(days) == 5
    assert body["months"] == [{"value": "2024-03", "count": 4}, {"value": "2024-04", "count": 1}]


def test_speaker_lookup_by_alias_and_unlinked_name(client: TestClient) -> None:
    assert client.get("/api/speakers/Quell").json()["id"] == "ent-quell"
    unlinked = client.get("/api/speakers/" + webdata.SCRIPT.replace("/", "%2F")).json()
    assert unlinked["id"] is None and unlinked["statement_count"] == 1


def test_corpus_lists(client: TestClient) -> None:
    assert [e["id"] for e in _items(client, "/api/entities")] == ["ent-quell", "ent-varga"]
    assert [s["id"] for s in _items(client, "/api/stories")] == ["story-budget", "story-bridge"]
    assert _items(client, "/api/rejected")[0]["stage"] == "clean"
    assert client.get("/api/overview").json()["counts"]["statements"] == 7


def test_openapi_documents_the_api_and_no_cdn_viewer_is_served(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/statements", "/api/documents/{document_id}", "/api/stories/{story_id}/coverage",
            "/api/timeline", "/api/rejected", "/download/statements.{fmt}"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 404


def test_statement_download_has_the_export_fields_and_the_filters(client: TestClient) -> None:
    response = client.get("/download/statements.csv", params={"kind": "direct"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == STATEMENT_FIELDS
    assert len(rows) == 2 and json.loads(rows[0]["tags"]) in (["infrastructure", "safety"], [])
    assert response.headers["content-disposition"] == 'attachment; filename="statements.csv"'


def test_jsonl_downloads_for_every_list(client: TestClient) -> None:
    for kind, count in (("documents", 4), ("entities", 2), ("stories", 2), ("rejected", 1)):
        lines = client.get(f"/download/{kind}.jsonl").text.splitlines()
        assert len(lines) == count and all(json.loads(line) for line in lines)
    _error(client.get("/download/statements.jsonl", params={"q": "NOT"}), 400, "bad_query")


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/api/statements", "/static/app.css", "/api/nope"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


@pytest.fixture
def guarded(data: webdata.WebData) -> Iterator[TestClient]:
    with TestClient(create_app(data.db, token=TOKEN), follow_redirects=False) as test_client:
        yield test_client


def test_token_is_required_when_set(guarded: TestClient) -> None:
    _error(guarded.get("/api/statements"), 401, "unauthorized")
    _error(guarded.get("/api/statements", headers={"Authorization": "Bearer wrong-token-123456"}),
           401, "unauthorized")
    assert guarded.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert guarded.get("/static/app.css").status_code == 401


def test_token_in_query_sets_a_cookie_and_is_dropped_from_the_url(guarded: TestClient) -> None:
    response = guarded.get("/search", params={"q": "bridge", "token": TOKEN})
    assert response.status_code == 303 and response.headers["location"] == "/search?q=bridge"
    assert "HttpOnly" in response.headers["set-cookie"]
    assert guarded.get("/search?q=bridge").status_code == 200  # the client kept the cookie


def test_non_loopback_bind_needs_a_token() -> None:
    with pytest.raises(ConfigError, match="--token"):
        resolve_token("0.0.0.0", None, environ={})
    assert resolve_token("0.0.0.0", None, environ={"ONRECORD_TOKEN": TOKEN}) == TOKEN
    assert resolve_token("127.0.0.1", None, environ={}) is None
    assert resolve_token("::1", None, environ={}) is None
    with pytest.raises(ConfigError, match="16"):
        resolve_token("0.0.0.0", "short", environ={})


def test_missing_store_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="onrecord ingest"):
        create_app(str(tmp_path / "absent.db"))


def test_api_and_pages_work_on_postgresql(postgres_url: str) -> None:
    admin = create_engine(database_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE web_api"))
    admin.dispose()
    data = webdata.build(postgres_url.rsplit("/", 1)[0] + "/web_api")
    with TestClient(create_app(data.db)) as pg:
        assert len(_items(pg, "/api/statements", speaker="Quell")) == 5
        assert len(_items(pg, "/api/statements", kind="direct", outlet="tarnwick herald")) == 1
        assert "\x02" in _items(pg, "/api/statements", q="steel")[0]["snippet"]
        assert len(pg.get("/api/stories/story-bridge/coverage").json()["rows"]) == 5
        assert pg.get("/api/timeline", params={"speaker": "ent-quell"}).json()["months"][0]["count"] == 4
        for path in ("/", "/stories/story-bridge", "/speakers/ent-quell", f"/documents/{data.wire}",
                     "/search?q=bridge", "/documents?q=ferry"):
            assert pg.get(path).status_code == 200, path

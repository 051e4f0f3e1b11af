"""The command line: exit codes, messages naming the input and the reason, exports to stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.cli import main

ARTICLE = """All news

Harbour board backs night shifts

TARNOW, May 4. /NORDPRESS/. The harbour board will allow night shifts from June, its chair Elin Rask said Thursday.

"We have waited long enough," Rask told reporters.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "board.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    return tmp_path


def test_ingest_reports_rejections_and_exits_zero(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ingest", str(folder / "in"), "--db", str(folder / "x.db")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "1 new" in out and "1 rejected" in out
    assert "empty.txt: file is empty" in err


def test_strict_ingest_fails_on_any_rejection(folder: Path) -> None:
    assert main(["ingest", str(folder / "in"), "--db", str(folder / "x.db"), "--strict"]) == 1


def test_ingest_with_nothing_readable_fails(folder: Path) -> None:
    assert main(["ingest", str(folder / "in" / "empty.txt"), "--db", str(folder / "x.db")]) == 1


def test_export_statements_to_stdout(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(folder / "in"), "--db", str(folder / "x.db")])
    capsys.readouterr()
    assert main(["export", "statements", "--db", str(folder / "x.db")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    quote = next(r for r in rows if r["kind"] == "direct")
    assert quote["text"].startswith("We have waited long enough")
    assert quote["speaker"] == "Elin Rask"


def test_malformed_search_gets_a_helpful_message(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(folder / "in"), "--db", str(folder / "x.db")])
    assert main(["search", '"night', "--db", str(folder / "x.db")]) == 2
    assert "quoted phrases" in capsys.readouterr().err


def test_bad_setting_value_is_a_clear_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(folder / "in"), "--workers", "none", "--db", str(folder / "x.db")]) == 2
    assert "--workers" in capsys.readouterr().err


def test_summary_lists_outlets_and_rejections(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(folder / "in"), "--db", str(folder / "x.db")])
    capsys.readouterr()
    assert main(["summary", "--db", str(folder / "x.db")]) == 0
    out = capsys.readouterr().out
    assert "NORDPRESS" in out and "file is empty" in out
    assert "wire agencies behind the copy: NORDPRESS 1" in out  # its dateline tag names the wire


def test_compare_prints_the_story_matrix_as_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(folder / "x.db")
    main(["ingest", str(folder / "in"), "--db", db])
    capsys.readouterr()
    main(["export", "stories", "--db", db])
    story = json.loads(capsys.readouterr().out.splitlines()[0])
    assert main(["compare", "--story", story["id"], "--format", "json", "--db", db]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert comparison["outlets"] == ["NORDPRESS"]
    assert any("waited long enough" in row["text"] for row in comparison["rows"])


def test_compare_unknown_story_is_a_clear_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(folder / "in"), "--db", str(folder / "x.db")])
    assert main(["compare", "--story", "nope", "--db", str(folder / "x.db")]) == 2
    assert "nope" in capsys.readouterr().err

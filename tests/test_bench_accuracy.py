"""The agreement baseline of ``bench/accuracy.py``: a second annotator's brat file read as statements."""

from __future__ import annotations

from pathlib import Path

from tests.test_accuracy_gate import bench

TEXT = 'The pier will close, Lind said. "We have no money," she added, "and no boat."\n'


def write_article(data: Path, split: str, stem: str, annotations: list[str]) -> None:
    (data / split / "text").mkdir(parents=True, exist_ok=True)
    (data / split / "attributions").mkdir(parents=True, exist_ok=True)
    (data / split / "text" / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    for n, ann in enumerate(annotations):
        (data / split / "attributions" / f"{stem}_annotator{n}.ann").write_text(ann, encoding="utf-8")


# Two attributions: one with a discontinuous content (the split quote), one source each.
SECOND = ("T1\tContent 0 19\tThe pier will close\nT2\tSource 21 25\tLind\nT3\tCue 26 30\tsaid\n"
          "E1\tAttribution:T3 Content:T1 Source:T2\n"
          "T4\tContent 33 49;64 76\tWe have no money and no boat.\nT5\tSource 52 55\tshe\n"
          "T6\tCue 56 61\tadded\nE2\tAttribution:T6 Content:T4 Source:T5\n")


def test_second_annotator_attributions_become_one_span_statements(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_article(data, "train", "paper_2016-01-01_pier", [SECOND, SECOND])
    write_article(data, "dev", "paper_2016-01-02_alone", [SECOND])  # one annotator: not gathered
    accuracy = bench("accuracy")
    multi, articles, found = accuracy.second_annotator(data, tmp_path / "multi")
    assert [Path(a.source).stem for a in articles] == ["paper_2016-01-01_pier"]
    statements = found[articles[0].id]
    assert [(s.start, s.end, s.speaker_mention) for s in statements] == [(0, 19, "Lind"), (33, 76, "she")]
    assert sorted(p.name for p in (multi / "multi" / "attributions").iterdir()) == [
        "paper_2016-01-01_pier_annotator0.ann", "paper_2016-01-01_pier_annotator1.ann"]

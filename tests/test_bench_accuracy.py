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


# "The pier will close, Lind said." has a source and a cue of saying; "Berg backs the plan." a stance;
# "The plan is expected to pass." no source. Brat lines as PolNeAR writes them (the trigger copies the cue).
STANCES = 'The pier will close, Lind said. Berg backs the plan. The plan is expected to pass.\n'
MIXED_GOLD = ("T1\tSource 21 25\tLind\nT2\tCue 26 30\tsaid\nT3\tContent 0 19\tThe pier will close\n"
              "T4\tAttribution 26 30\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
              "T5\tSource 32 36\tBerg\nT6\tCue 37 42\tbacks\nT7\tContent 43 51\tthe plan\n"
              "T8\tAttribution 37 42\tbacks\nE2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
              "T9\tCue 61 72\tis expected\nT10\tContent 52 60\tThe plan\n"
              "T11\tAttribution 61 72\tis expected\nE3\tAttribution:T11 Content:T10 Cue:T9\n")


def test_the_saying_subset_keeps_attributions_with_a_source_and_a_cue_of_saying(tmp_path: Path) -> None:
    accuracy = bench("accuracy")
    kept = accuracy._speech_attributions(MIXED_GOLD, STANCES, accuracy.load_cues())
    assert kept.splitlines() == ["T4\tAttribution 26 30", "T3\tContent 0 19", "T2\tCue 26 30",
                                 "T1\tSource 21 25", "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"]

"""Value accuracy of our time-expression resolver against TempEval-3 platinum and MEANTIME gold.

Usage: .venv/bin/python bench/timex.py [TEMPEVAL3_DIR] [MEANTIME_DIR]

For every gold DATE timex (DURATION, TIME and SET are counted and skipped) we look for one of our
expressions overlapping its span (relaxed match, as the TempEval-3 scorer does) and compare our value
with the gold ``value`` rendered at the gold's granularity (day, ISO week, weekend, month, season,
quarter, year). Gold values we cannot render (PRESENT_REF, decades, XXXX) count as misses for everyone.
Precision counts predictions overlapping a gold timex of any type; MEANTIME annotates only its first
sentences, so predictions after them are left out of its precision.

Baseline, measured in the same run: ``dateparser.search.search_dates`` over the whole text with
``RELATIVE_BASE`` = the document creation time and ``PREFER_DATES_FROM`` = "past"; its matches are
located in the text left to right and scored exactly like ours. A second pair of figures
("given_gold_span") hands each system the gold phrase alone: ``resolve_expression`` against
``dateparser.parse`` with the same settings, which measures normalisation without extraction.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.timex import TimeExpression, find_time_expressions, resolve_expression

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "%", "'s", "'", "n't", "''", "'re", "'ve", "'ll"}
NO_SPACE_AFTER = {"(", "$", "``"}


@dataclass(frozen=True)
class GoldTimex:
    """One gold DATE timex: its span in the document text and its TimeML value."""

    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Prediction:
    """A system's date for a span of the document text, with the period name it carries."""

    start: int
    end: int
    value: dt.date
    weekend: bool = False


@dataclass
class GoldDocument:
    """A document's text, its creation date and gold DATE timexes."""

    name: str
    text: str
    dct: dt.date
    timexes: list[GoldTimex] = field(default_factory=list)
    skipped_types: int = 0
    all_spans: list[tuple[int, int]] = field(default_factory=list)  # every gold timex in the text
    annotated_until: int | None = None  # end of the annotated part of the text, None for all of it


@dataclass
class Score:
    """Counts for one system on one corpus."""

    gold: int = 0
    matched: int = 0
    correct: int = 0
    predicted: int = 0
    predicted_on_gold: int = 0  # predictions overlapping some gold timex of any type

    def add(self, matched: bool, correct: bool) -> None:
        """Count one gold timex."""
        self.gold += 1
        self.matched += matched
        self.correct += correct


# --- gold readers ---------------------------------------------------------------------------------


def _spans(element: ET.Element, offset: int, found: list[tuple[int, ET.Element]]) -> int:
    """Walk ``element`` collecting (start offset, TIMEX3 element) pairs; return the offset after it."""
    if element.tag == "TIMEX3":
        found.append((offset, element))
    offset += len(element.text or "")
    for child in element:
        offset = _spans(child, offset, found)
        offset += len(child.tail or "")
    return offset


def read_tempeval(folder: Path) -> Iterator[GoldDocument]:
    """Yield the TempEval-3 platinum documents with gold DATE timexes located in the TEXT."""
    for path in sorted((folder / "te3-platinum").glob("*.tml")):
        root = ET.parse(path).getroot()
        dct_node = root.find("DCT/TIMEX3")
        text_node = root.find("TEXT")
        if dct_node is None or text_node is None:
            continue
        text = "".join(text_node.itertext())
        document = GoldDocument(path.stem, text, dt.date.fromisoformat(dct_node.get("value", "")))
        found: list[tuple[int, ET.Element]] = []
        _spans(text_node, 0, found)
        for start, timex in found:
            surface = "".join(timex.itertext())
            document.all_spans.append((start, start + len(surface)))
            if timex.get("type") != "DATE":
                document.skipped_types += 1
                continue
            document.timexes.append(GoldTimex(start, start + len(surface), surface, timex.get("value", "")))
        yield document


def detokenize(tokens: list[ET.Element], sentence_break: str = "\n") -> tuple[str, dict[str, tuple[int, int]]]:
    """Join CAT tokens into readable text (``sentence_break`` between sentences); return text and token spans."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    length, previous, sentence = 0, "", None
    for token in tokens:
        word = token.text or ""
        if sentence is not None and token.get("sentence") != sentence:
            separator = sentence_break
        elif not parts or word in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER:
            separator = ""
        else:
            separator = " "
        parts.append(separator + word)
        length += len(separator)
        spans[token.get("t_id", "")] = (length, length + len(word))
        length += len(word)
        previous, sentence = word, token.get("sentence")
    return "".join(parts), spans


def _dateline(text: str) -> dt.date | None:
    """Read the Wikinews dateline ("February 3, 2009") on the second line of the text."""
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    found = re.search(r"[A-Z][a-z]+ \d{1,2}, \d{4}", lines[1])
    return dt.datetime.strptime(found.group(0), "%B %d, %Y").date() if found else None


def _annotated_end(root: ET.Element, spans: dict[str, tuple[int, int]]) -> int:
    """Return where the annotated sentences end: MEANTIME marks up only the first few sentences."""
    sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in root.iter("token")}
    anchored = [a.get("t_id", "") for m in root.iter("EVENT_MENTION") for a in m.findall("token_anchor")]
    last = max((sentence_of[t] for t in anchored), default=max(sentence_of.values(), default=0))
    return max(end for t, (_, end) in spans.items() if sentence_of[t] <= last)


def read_meantime(folder: Path) -> Iterator[GoldDocument]:
    """Yield MEANTIME documents; a missing or non-ISO creation time is read from the dateline."""
    for path in sorted((folder / "intra-doc_annotation").glob("corpus_*/*.xml")):
        root = ET.parse(path).getroot()
        text, spans = detokenize(list(root.iter("token")))
        timexes = list(root.iter("TIMEX3"))
        dct_values = [t.get("value", "") for t in timexes if t.get("functionInDocument") == "CREATION_TIME"]
        try:
            dct = dt.date.fromisoformat(dct_values[0])
        except (IndexError, ValueError):
            dateline = _dateline(text)
            if dateline is None:
                continue
            dct = dateline
        document = GoldDocument(path.stem, text, dct, annotated_until=_annotated_end(root, spans))
        for timex in timexes:
            anchors = [spans[a.get("t_id", "")] for a in timex.findall("token_anchor")]
            if not anchors:
                continue
            document.all_spans.append((anchors[0][0], anchors[-1][1]))
            if timex.get("functionInDocument") == "CREATION_TIME":
                continue
            if timex.get("type") != "DATE":
                document.skipped_types += 1
                continue
            start, end = anchors[0][0], anchors[-1][1]
            document.timexes.append(GoldTimex(start, end, text[start:end], timex.get("value", "")))
        yield document


# --- systems ----------------------------------------------------------------------------------------


def ours(document: GoldDocument) -> list[Prediction]:
    """Run our resolver over the document."""
    found: list[TimeExpression] = find_time_expressions(document.text, document.dct)
    return [Prediction(e.start, e.end, e.value, "weekend" in e.rule) for e in found]


def dateparser_search(document: GoldDocument) -> list[Prediction]:
    """Run dateparser's search_dates over the document and locate its matches in order."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(document.dct, dt.time()), "PREFER_DATES_FROM": "past"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(document.text, languages=["en"], settings=settings) or []
    predictions, cursor = [], 0
    for surface, when in found:
        start = document.text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        predictions.append(Prediction(start, cursor, when.date()))
    return predictions


def ours_given_span(gold: GoldTimex, dct: dt.date) -> Prediction | None:
    """Resolve the gold phrase alone with our resolver (no surrounding context)."""
    found = resolve_expression(gold.text, dct)
    return Prediction(gold.start, gold.end, found.value, "weekend" in found.rule) if found else None


def dateparser_given_span(gold: GoldTimex, dct: dt.date) -> Prediction | None:
    """Resolve the gold phrase alone with ``dateparser.parse``."""
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(dct, dt.time()), "PREFER_DATES_FROM": "past"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = dateparser.parse(gold.text, languages=["en"], settings=settings)
    return Prediction(gold.start, gold.end, found.date()) if found else None


# --- scoring ----------------------------------------------------------------------------------------


def render(value: dt.date, gold: str, weekend: bool) -> str | None:
    """Write ``value`` at the granularity of the gold value, or None when that has no calendar form."""
    year, week, _ = value.isocalendar()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", gold):
        return value.isoformat()
    if re.fullmatch(r"\d{4}-W\d\d", gold):
        return f"{year}-W{week:02d}"
    if re.fullmatch(r"\d{4}-W\d\d-WE", gold):
        return f"{year}-W{week:02d}-WE" if weekend or value.weekday() >= 5 else None
    if re.fullmatch(r"\d{4}-\d\d", gold):
        return value.strftime("%Y-%m")
    if re.fullmatch(r"\d{4}-Q[1-4]", gold):
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    if re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", gold):  # seasons begin in March, June, September, December
        return f"{value.year - (value.month < 3)}-{['WI', 'SP', 'SU', 'FA'][value.month % 12 // 3]}"
    if re.fullmatch(r"\d{4}", gold):
        return str(value.year)
    return None


def best_overlap(gold: GoldTimex, predictions: list[Prediction]) -> Prediction | None:
    """Return the prediction overlapping the gold span the most, if any."""
    def overlap(p: Prediction) -> int:
        return min(p.end, gold.end) - max(p.start, gold.start)

    touching = [p for p in predictions if overlap(p) > 0]
    return max(touching, key=overlap) if touching else None


def score(documents: list[GoldDocument], system: Callable[[GoldDocument], list[Prediction]]) -> Score:
    """Score one system over the documents."""
    result = Score()
    for document in documents:
        predictions = system(document)
        limit = len(document.text) if document.annotated_until is None else document.annotated_until
        in_scope = [p for p in predictions if p.start < limit]
        result.predicted += len(in_scope)
        result.predicted_on_gold += sum(
            any(min(p.end, end) > max(p.start, start) for start, end in document.all_spans) for p in in_scope
        )
        for gold in document.timexes:
            match = best_overlap(gold, predictions)
            correct = match is not None and render(match.value, gold.value, match.weekend) == gold.value
            result.add(match is not None, correct)
    return result


def accuracy_given_span(documents: list[GoldDocument],
                        system: Callable[[GoldTimex, dt.date], Prediction | None]) -> float:
    """Return the share of gold DATE timexes a system resolves right when handed the gold phrase."""
    pairs = [(gold, system(gold, d.dct)) for d in documents for gold in d.timexes]
    right = sum(p is not None and render(p.value, g.value, p.weekend) == g.value for g, p in pairs)
    return right / len(pairs) if pairs else 0.0


def report(corpus: str, documents: list[GoldDocument]) -> dict[str, float]:
    """Print the figures of both systems on one corpus; return ours and the baseline's overall accuracy."""
    gold = [t for d in documents for t in d.timexes]
    renderable = sum(render(dt.date(2000, 1, 1), t.value, True) is not None for t in gold)
    print(f"{corpus}_documents: {len(documents)}")
    print(f"{corpus}_gold_date_timexes: {len(gold)}")
    print(f"{corpus}_gold_with_calendar_value: {renderable}")
    print(f"{corpus}_skipped_duration_time_set: {sum(d.skipped_types for d in documents)}")
    overall: dict[str, float] = {}
    for name, given_span in (("ours", ours_given_span), ("dateparser", dateparser_given_span)):
        figure = accuracy_given_span(documents, given_span)
        print(f"{corpus}_{name}_value_accuracy_given_gold_span: {figure:.3f}")
    for name, system in (("ours", ours), ("dateparser", dateparser_search)):
        began = time.perf_counter()
        result = score(documents, system)
        seconds = time.perf_counter() - began
        recall = result.matched / result.gold if result.gold else 0.0
        over_matched = result.correct / result.matched if result.matched else 0.0
        overall[name] = result.correct / result.gold if result.gold else 0.0
        precision = result.predicted_on_gold / result.predicted if result.predicted else 0.0
        print(f"{corpus}_{name}_extraction_recall_relaxed: {recall:.3f}")
        print(f"{corpus}_{name}_extraction_precision_relaxed_any_type: {precision:.3f}")
        print(f"{corpus}_{name}_value_accuracy_over_matched: {over_matched:.3f}")
        print(f"{corpus}_{name}_value_accuracy_over_all_gold: {overall[name]:.3f}")
        print(f"{corpus}_{name}_value_accuracy_over_calendar_gold: {result.correct / max(renderable, 1):.3f}")
        print(f"{corpus}_{name}_seconds: {seconds:.2f}")
    return overall


def main(argv: list[str]) -> int:
    """Run the benchmark on both corpora."""
    tempeval = Path(argv[0]) if argv else SHARED / "tempeval3-platinum"
    meantime = Path(argv[1]) if len(argv) > 1 else SHARED / "meantime-en"
    if not (tempeval / "te3-platinum").is_dir() or not (meantime / "intra-doc_annotation").is_dir():
        print(f"error: gold data not found under {tempeval} and {meantime}", file=sys.stderr)
        return 2
    te3 = report("tempeval3", list(read_tempeval(tempeval)))
    mt = report("meantime", list(read_meantime(meantime)))
    print(f"summary: value accuracy over all gold DATE timexes: ours {te3['ours']:.3f} vs dateparser "
          f"{te3['dateparser']:.3f} (TempEval-3), ours {mt['ours']:.3f} vs dateparser "
          f"{mt['dateparser']:.3f} (MEANTIME)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

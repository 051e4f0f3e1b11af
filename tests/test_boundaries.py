"""Learned content boundaries: the other spans a statement could have, and moving to the likeliest."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.boundaries import Reach, reach_features, reaches
from onrecord.cue_model import CueModel, Logistic
from onrecord.statements import extract_statements, load_cues

TEXT = "Lind said the tax was unfair, and farmers would pay more for diesel. The council meets in May."


def reached(doc: Doc, cue: str, content: str) -> dict[str, Reach]:
    """Return the reaches of ``content`` (a substring of the one-paragraph ``doc``) by name."""
    start = doc.text.index(content)
    span = doc.char_span(start, start + len(content))
    assert span is not None
    token = next(t for t in doc if t.text == cue)
    return {r.name: r for r in reaches(token, span, start, start + len(content), 0, doc.text)}


def test_a_content_after_its_cue_can_reach_the_end_of_its_sentence_or_the_next(nlp: Language) -> None:
    found = {name: TEXT[r.start:r.end] for name, r in reached(nlp(TEXT), "said", "the tax was unfair").items()}
    assert found == {
        "to_sentence_end": "the tax was unfair, and farmers would pay more for diesel",
        "to_next_sentence_end": "the tax was unfair, and farmers would pay more for diesel. The council meets in May",
    }


def test_a_content_can_be_cut_at_its_last_comma(nlp: Language) -> None:
    cut = reached(nlp(TEXT), "said", "the tax was unfair, and farmers would pay more for diesel")["cut_last"]
    assert TEXT[cut.start:cut.end] == "the tax was unfair"


def test_no_reach_takes_in_the_cue(nlp: Language) -> None:
    text = "In the harbour, the tax is unfair, Lind said on Monday."
    found = reached(nlp(text), "said", "the tax is unfair")
    assert set(found) == {"from_sentence_start"}
    start, end = found["from_sentence_start"].start, found["from_sentence_start"].end
    assert text[start:end] == "In the harbour, the tax is unfair"


def test_features_name_another_verb_of_saying_in_the_words_added(nlp: Language) -> None:
    text = "Lind said the tax was unfair, Costa added on Monday."
    doc = nlp(text)
    reach = reached(doc, "said", "the tax was unfair")["to_sentence_end"]
    cue, content = doc[1], doc[2:6]
    speech_forms = load_cues().speech_forms
    assert "r|says=to_sentence_end" in reach_features(reach, cue, content, "say", "indirect", speech_forms)


def test_a_statement_moves_to_the_span_the_bounds_model_likes(nlp: Language) -> None:
    text = "Lind said the tax was unfair, and farmers would pay more for diesel."
    keep = CueModel(Logistic({}, 0.0), Logistic({}, 0.0), keep_rule=0.0, add_open=1.01)
    [before] = extract_statements(text, nlp, keep)
    assert before.text == "the tax was unfair"
    likes_the_sentence_end = Logistic({"r=to_sentence_end": 6.0}, -3.0)
    moving = CueModel(keep.rules, keep.open, 0.0, 1.01, bounds=likes_the_sentence_end, reach=0.9)
    [after] = extract_statements(text, nlp, moving)
    assert (after.text, after.start) == ("the tax was unfair, and farmers would pay more for diesel", before.start)
    assert (after.speaker, after.cue) == ("Lind", "said")

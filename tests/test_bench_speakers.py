"""``bench/speakers.py``: MEANTIME's coreference read from CAT XML, and how a canonical speaker is judged."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from tests.test_accuracy_gate import bench

speakers = bench("speakers")

SENTENCES = [["Nordvik", "Ferries", "chief", "executive", "Ann", "Lind", "said", "fares", "would", "rise", "."],
             ["She", "said", "the", "pier", "would", "close", "."]]


def cat_xml(mentions: dict[int, list[int]], links: dict[int, int]) -> str:
    """Write a CAT document: the tokens above, entity mentions by token ids, links from mention to entity."""
    tokens, t_id = [], 0
    for number, sentence in enumerate(SENTENCES):
        for word in sentence:
            t_id += 1
            tokens.append(f'<token t_id="{t_id}" sentence="{number}" number="{t_id - 1}">{word}</token>')
    marks = [f'<ENTITY_MENTION m_id="{m}" syntactic_type="">'
             + "".join(f'<token_anchor t_id="{t}"/>' for t in ids) + "</ENTITY_MENTION>"
             for m, ids in mentions.items()]
    marks.append('<ENTITY m_id="90" ent_type="PER" TAG_DESCRIPTOR="Ann Lind (chief executive)"/>')
    relations = [f'<REFERS_TO r_id="{n}"><source m_id="{m}"/><target m_id="{e}"/></REFERS_TO>'
                 for n, (m, e) in enumerate(links.items())]
    return (f'<Document doc_id="1" doc_name="1_ferries">{"".join(tokens)}<Markables>{"".join(marks)}</Markables>'
            f'<Relations>{"".join(relations)}</Relations></Document>')


def write_corpus(root: Path) -> Path:
    # The intra-document layer links the name; the cross-document layer links "She" too.
    for layer, links in (("intra-doc_annotation", {1: 90}), ("intra_cross-doc_annotation", {1: 90, 2: 90})):
        folder = root / layer / "corpus_ferries"
        folder.mkdir(parents=True)
        (folder / "1_ferries.xml").write_text(cat_xml({1: [1, 2, 3, 4, 5, 6], 2: [12]}, links), encoding="utf-8")
    return root


def test_both_layers_are_read_and_each_mention_knows_its_entity_names(tmp_path: Path) -> None:
    [article] = list(speakers.read_meantime(write_corpus(tmp_path)))
    assert article.text.split("\n\n")[1] == "She said the pier would close."
    located = [article.text[m.start:m.end] for m in article.mentions]
    assert located == ["Nordvik Ferries chief executive Ann Lind"] * 2 + ["She"]
    assert {" ".join(n.split()) for n in article.mentions[-1].names} == {"Ann Lind"}


def test_a_speaker_names_the_entity_when_one_is_a_run_of_the_others_words() -> None:
    assert speakers.names_entity("Jobs", {"Steve Jobs"})
    assert speakers.names_entity("Apple CEO Steve Jobs", {"Steve Jobs"})
    assert not speakers.names_entity("company", {"Apple Inc."})
    assert not speakers.names_entity(None, {"Apple Inc."})


def test_a_written_mention_gives_its_name_without_the_title_in_front() -> None:
    assert speakers._name_in("Spokeswoman Sandy Angers") == "Sandy Angers"
    assert speakers._name_in("Apple CEO Steve Jobs") == "Steve Jobs"
    assert speakers._name_in("The company") is None
    assert speakers._name_in("Some economic analysts") is None


def test_onrecord_resolves_the_pronoun_where_the_written_mention_does_not(tmp_path: Path, nlp: Language) -> None:
    articles = list(speakers.read_meantime(write_corpus(tmp_path)))
    found = speakers.cases(articles, nlp, n_process=1)
    results = speakers.report(articles, found, nlp)
    assert results["onrecord"]["pronoun"] == 1.0
    assert results["mention_as_written"]["pronoun"] == 0.0
    assert results["onrecord"]["name"] == 1.0

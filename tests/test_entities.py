"""Cross-document entity linking: keys, transliteration, surnames, types, alias rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from onrecord.entities import (
    DOMINANCE_RATIO,
    AliasRules,
    Entity,
    SpeakerRef,
    entity_key,
    link_entities,
)
from onrecord.errors import ConfigError

EXAMPLE_ALIASES = Path(__file__).resolve().parents[1] / "src" / "onrecord" / "data" / "aliases.example.yaml"


def refs_of(*names: str | tuple[str, str | None], copies: int = 1) -> list[SpeakerRef]:
    """Build refs from names (PERSON) or (name, type) pairs, one document per ref."""
    refs = []
    for index, item in enumerate(names):
        name, kind = (item, "PERSON") if isinstance(item, str) else item
        refs += [SpeakerRef(name, kind, None, f"doc{index}-{n}") for n in range(copies)]
    return refs


def entity_of(name: str, refs: list[SpeakerRef], rules: AliasRules | None = None) -> Entity:
    """Link refs and return the entity that ``name`` belongs to."""
    entities, ids = link_entities(refs, rules)
    return next(entity for entity in entities if entity.id == ids[name])


def same_entity(a: str, b: str, refs: list[SpeakerRef], rules: AliasRules | None = None) -> bool:
    """Tell whether two input names link to one entity."""
    _, ids = link_entities(refs, rules)
    return ids[a] == ids[b]


# --- keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("the Kremlin", "Kremlin"),
        ("President Vladimir Putin", "Vladimir Putin"),
        ("Mr. Trump", "Trump"),
        ("Deputy Prime Minister Alexei Overchuk", "Alexei Overchuk"),
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("Lavrov's", "Lavrov"),
        ("Martin Luther King Jr.", "Martin Luther King"),
        ("Дмитрий Песков", "Dmitriy Peskov"),
        ("Lukašenka", "Lukashenka"),
    ],
)
def test_key_ignores_determiners_titles_and_script(variant: str, plain: str) -> None:
    assert entity_key(variant) == entity_key(plain)


@pytest.mark.parametrize("name", ["Foreign Ministry", "Prime Minister", "Secretary of State"])
def test_key_keeps_institutions_that_start_with_title_words(name: str) -> None:
    assert len(entity_key(name).split()) == len(name.split())


@pytest.mark.parametrize(
    "variants",
    [
        ["Tikhanovskaya", "Tsikhanouskaya", "Tikhanovskaja"],
        ["Lukashenko", "Lukashenka"],
        ["Zelensky", "Zelenskyy", "Zelenskiy"],
        ["Navalny", "Navalnyi"],
        ["Dmitry", "Dmitri", "Dmitriy", "Dzmitry"],
    ],
)
def test_key_folds_transliterations_to_one_spelling(variants: list[str]) -> None:
    assert len({entity_key(name) for name in variants}) == 1


def test_key_of_an_untransliterated_script_is_not_empty() -> None:
    assert entity_key("习近平") == "习近平"


# --- transliteration variants ---------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ["Svetlana Tikhanovskaya", "Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaja"],
        ["Alexander Lukashenko", "Alyaksandr Lukashenka", "Aleksandr Lukashenko"],
        ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy"],
        ["Alexei Navalny", "Aleksei Navalnyi", "Alexey Navalny"],
        ["Dmitry Peskov", "Dmitri Peskov", "Dmitriy Peskov"],
        ["Maria Kolesnikova", "Maryia Kalesnikava"],
        ["Fyodor Lukyanov", "Fedor Lukyanov"],
    ],
)
def test_transliterated_full_names_are_one_entity(variants: list[str]) -> None:
    entities, _ = link_entities(refs_of(*variants))
    assert len(entities) == 1
    assert entities[0].aliases == sorted(variants)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Peskov", "Pesko"),
        ("Ivanov", "Ivanova"),  # male and female forms are different people (husband and wife)
        ("Sergei Tikhanovsky", "Svetlana Tikhanovskaya"),
        ("Charles Michel", "Charles Mitchell"),
        ("Vladimir Putin", "Vladimir Rutin"),
        ("Alexander Lukashenko", "Alexander Lukashevich"),
        ("John Martin", "John Morton"),
        ("Karen Smith", "Karin Smith"),
        ("Tom Hanks", "Tam Hanks"),  # vowel swaps are trusted only on longer tokens
        ("James Bond", "James Band"),
        ("Joan Oriol", "Joan Arel"),  # vowel classes agree, but too few letters do (Jaro-Winkler floor)
    ],
)
def test_similar_but_different_names_stay_apart(a: str, b: str) -> None:
    assert not same_entity(a, b, refs_of(a, b))


def test_middle_initials_keep_father_and_son_apart() -> None:
    refs = refs_of("George Bush", "George W. Bush", "George H. W. Bush", "George Walker Bush")
    _, ids = link_entities(refs)
    assert ids["George W. Bush"] == ids["George Walker Bush"] != ids["George H. W. Bush"]
    assert ids["George Bush"] not in {ids["George W. Bush"], ids["George H. W. Bush"]}


def test_name_without_middle_joins_the_only_middled_form() -> None:
    refs = refs_of("Hillary Clinton", "Hillary Rodham Clinton", "Loretta E. Lynch", "Loretta Lynch")
    assert same_entity("Hillary Clinton", "Hillary Rodham Clinton", refs)
    assert same_entity("Loretta Lynch", "Loretta E. Lynch", refs)


def test_different_middle_words_keep_full_names_apart() -> None:
    refs = refs_of(("National Rifle Association", None), ("National Education Association", "PERSON"))
    assert not same_entity("National Rifle Association", "National Education Association", refs)


def test_untyped_multiword_names_are_not_matched_by_first_and_last_word() -> None:
    refs = refs_of(("Democratic leaders", None), ("Democratic Party leaders", None))
    assert not same_entity("Democratic leaders", "Democratic Party leaders", refs)


# --- surnames and titles --------------------------------------------------------------------


def test_surname_joins_the_only_full_name_with_it() -> None:
    refs = refs_of("Dmitry Peskov", "Peskov", "Mr. Peskov", "Maria Zakharova")
    assert entity_of("Peskov", refs).aliases == ["Dmitry Peskov", "Mr. Peskov", "Peskov"]


def test_title_and_surname_join_the_unique_full_name() -> None:
    assert same_entity("Mr. Trump", "Donald Trump", refs_of("Donald Trump", "Mr. Trump"))


def test_transliterated_surname_joins_the_full_name() -> None:
    refs = refs_of("Svetlana Tikhanovskaya", "Tsikhanouskaya", "Alexander Lukashenko", "Lukashenka")
    assert same_entity("Tsikhanouskaya", "Svetlana Tikhanovskaya", refs)
    assert same_entity("Lukashenka", "Alexander Lukashenko", refs)


def test_feminine_surname_joins_the_woman_not_her_husband() -> None:
    refs = refs_of("Sergei Tikhanovsky", "Svetlana Tikhanovskaya", "Tikhanovskaya")
    assert same_entity("Tikhanovskaya", "Svetlana Tikhanovskaya", refs)
    assert not same_entity("Tikhanovskaya", "Sergei Tikhanovsky", refs)


def test_ambiguous_surname_stays_separate() -> None:
    refs = refs_of("Sergei Ivanov", "Viktor Ivanov", "Ivanov", copies=3)
    _, ids = link_entities(refs)
    assert len({ids["Sergei Ivanov"], ids["Viktor Ivanov"], ids["Ivanov"]}) == 3


def test_ambiguous_surname_joins_an_overwhelmingly_frequent_full_name() -> None:
    refs = refs_of("Donald Trump", copies=int(DOMINANCE_RATIO) * 3)
    refs += refs_of("Melania Trump", copies=3) + refs_of("Trump")
    assert same_entity("Trump", "Donald Trump", refs)


def test_surname_below_the_dominance_ratio_stays_separate() -> None:
    refs = refs_of("Donald Trump", copies=int(DOMINANCE_RATIO) * 3 - 1)
    refs += refs_of("Melania Trump", copies=3) + refs_of("Trump")
    assert not same_entity("Trump", "Donald Trump", refs)


def test_mr_and_mrs_with_one_surname_stay_apart() -> None:
    refs = refs_of("Mr. Clinton", "Mrs. Clinton", "Clinton")
    _, ids = link_entities(refs)
    assert ids["Mr. Clinton"] != ids["Mrs. Clinton"]


def test_mr_and_mrs_rivals_for_a_full_name_of_unknown_gender_leave_it_alone() -> None:
    refs = refs_of("Mr. Clinton", "Mrs. Clinton", "Hillary Clinton")
    _, ids = link_entities(refs)
    assert len({ids["Mr. Clinton"], ids["Mrs. Clinton"], ids["Hillary Clinton"]}) == 3


def test_title_gender_picks_the_compatible_full_name() -> None:
    refs = refs_of("Mr. Bill Clinton", "Bill Clinton", "Hillary Clinton", "Mrs. Clinton")
    _, ids = link_entities(refs)
    assert ids["Mrs. Clinton"] == ids["Hillary Clinton"] != ids["Bill Clinton"]


def test_initial_picks_the_full_name_it_fits() -> None:
    refs = refs_of("Dmitry Peskov", "Nikolai Peskov", "D. Peskov")
    assert same_entity("D. Peskov", "Dmitry Peskov", refs)
    assert not same_entity("D. Peskov", "Nikolai Peskov", refs)


# --- types -----------------------------------------------------------------------------------


def test_organisation_never_merges_with_a_person() -> None:
    refs = refs_of(("Jordan", "GPE"), "Michael Jordan", ("Peskov", "ORG"), "Dmitry Peskov")
    assert not same_entity("Jordan", "Michael Jordan", refs)
    assert not same_entity("Peskov", "Dmitry Peskov", refs)


def test_same_key_with_person_and_org_types_stays_apart() -> None:
    assert not same_entity("the Kremlin", "Kremlin", refs_of(("the Kremlin", "ORG"), ("Kremlin", "PERSON")))


def test_institution_tagged_org_and_gpe_is_one_entity() -> None:
    refs = refs_of(("the Kremlin", "ORG"), ("Kremlin", "GPE"), ("Kremlin", "ORG"))
    assert entity_of("Kremlin", refs).name == "Kremlin"
    assert entity_of("Kremlin", refs).type == "ORG"


def test_untyped_surname_does_not_join_an_untyped_full_name() -> None:
    refs = refs_of(("the House", None), ("the White House", None))
    assert not same_entity("the House", "the White House", refs)


def test_untyped_name_joins_the_typed_one() -> None:
    assert same_entity("Peskov", "Dmitry Peskov", refs_of(("Peskov", None), "Dmitry Peskov"))
    assert same_entity("Kremlin", "the Kremlin", refs_of(("Kremlin", None), ("the Kremlin", "ORG")))


# --- the entity record ---------------------------------------------------------------------


def test_entity_has_the_fullest_most_frequent_name_roles_and_count() -> None:
    refs = [
        SpeakerRef("Peskov", "PERSON", "Kremlin spokesman", "d1"),
        SpeakerRef("Peskov", "PERSON", "Kremlin spokesman", "d2"),
        SpeakerRef("Dmitry Peskov", "PERSON", "Kremlin spokesman", "d3"),
        SpeakerRef("Kremlin spokesman Dmitry Peskov", "PERSON", "press secretary", "d4"),
        SpeakerRef("Dmitri Peskov", None, None, "d5"),
    ]
    entity = entity_of("Peskov", refs)
    assert entity.name == "Dmitry Peskov"
    assert entity.type == "PERSON"
    assert entity.roles == ["Kremlin spokesman", "press secretary"]
    assert entity.statement_count == 5
    assert entity.aliases == ["Dmitri Peskov", "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", "Peskov"]


def test_every_input_name_is_mapped_and_letterless_names_are_ignored() -> None:
    refs = refs_of("Dmitry Peskov", "Peskov", ("the Kremlin", "ORG"), "  ", "— —")
    entities, ids = link_entities(refs)
    assert set(ids) == {"Dmitry Peskov", "Peskov", "the Kremlin"}
    assert set(ids.values()) == {entity.id for entity in entities}


def test_entities_are_ordered_by_statement_count() -> None:
    entities, _ = link_entities(refs_of("Maria Zakharova") + refs_of("Dmitry Peskov", copies=2))
    assert [entity.name for entity in entities] == ["Dmitry Peskov", "Maria Zakharova"]


# --- determinism ---------------------------------------------------------------------------


def test_relinking_in_any_order_gives_identical_output() -> None:
    refs = refs_of(
        "Dmitry Peskov", "Peskov", "Sergei Ivanov", "Viktor Ivanov", "Ivanov", ("the Kremlin", "ORG"),
        ("Kremlin", None), "Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya", "Tikhanovskaya",
        "Sergei Tikhanovsky", "Mr. Trump", "Donald Trump",
    )  # fmt: skip
    rules = AliasRules(split=[["Peskov", "Dmitry Peskov"]])
    first = link_entities(refs, rules)
    shuffled = refs[:]
    random.Random(7).shuffle(shuffled)
    assert link_entities(shuffled, rules) == first


def test_id_depends_on_the_name_not_on_the_rest_of_the_corpus() -> None:
    alone = entity_of("Dmitry Peskov", refs_of("Dmitry Peskov"))
    crowded = entity_of("Dmitry Peskov", refs_of("Dmitry Peskov", "Peskov", "Maria Zakharova"))
    assert alone.id == crowded.id


def test_two_entities_with_one_key_get_different_ids() -> None:
    entities, _ = link_entities(refs_of(("Jordan", "GPE"), ("Mr. Jordan", "PERSON")))
    assert len({entity.id for entity in entities}) == 2


# --- alias rules ---------------------------------------------------------------------------


def test_merge_rule_wins_over_an_automatic_split() -> None:
    refs = refs_of("Sergei Ivanov", "Viktor Ivanov", "Ivanov")
    assert same_entity("Ivanov", "Sergei Ivanov", refs, AliasRules(merge=[["Ivanov", "Sergei Ivanov"]]))


def test_merge_rule_joins_different_types() -> None:
    refs = refs_of(("Kremlin", "ORG"), ("Vladimir Putin", "PERSON"))
    assert same_entity("Kremlin", "Vladimir Putin", refs, AliasRules(merge=[["Kremlin", "Vladimir Putin"]]))


def test_split_rule_wins_over_an_automatic_merge() -> None:
    refs = refs_of("Dmitry Peskov", "Dmitri Peskov", "Peskov")
    rules = AliasRules(split=[["Dmitry Peskov", "Dmitri Peskov"]])
    assert not same_entity("Dmitry Peskov", "Dmitri Peskov", refs, rules)


def test_split_rule_can_separate_names_with_one_key() -> None:
    refs = refs_of(("Kremlin", "ORG"), ("the Kremlin", "ORG"))
    assert not same_entity("Kremlin", "the Kremlin", refs, AliasRules(split=[["Kremlin", "the Kremlin"]]))


def test_rule_names_not_seen_verbatim_match_by_key() -> None:
    rules = AliasRules(split=[["Peskov", "Dmitry Peskov"]])
    assert not same_entity("Mr. Peskov", "Dmitry Peskov", refs_of("Mr. Peskov", "Dmitry Peskov"), rules)


def test_rename_rule_changes_the_name_but_not_the_id() -> None:
    refs = refs_of("Volodymyr Zelensky", "Zelenskiy")
    plain = entity_of("Zelenskiy", refs)
    renamed = entity_of("Zelenskiy", refs, AliasRules(rename={"Zelensky": "Volodymyr Zelenskyy"}))
    assert (renamed.name, renamed.id) == ("Volodymyr Zelenskyy", plain.id)


def test_example_alias_file_loads() -> None:
    rules = AliasRules.load(EXAMPLE_ALIASES)
    assert ["George Bush", "George W. Bush"] in rules.split
    assert rules.rename["Zelensky"] == "Volodymyr Zelenskyy"


def test_no_alias_file_means_no_rules() -> None:
    assert AliasRules.load(None) == AliasRules()


def test_empty_alias_file_means_no_rules(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert AliasRules.load(path) == AliasRules()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("merge: [Peskov\n", "not valid YAML"),
        ("- Peskov\n", "top level must be a mapping"),
        ("merges: [[a, b]]\n", "unknown key(s) merges"),
        ("merge: [[Peskov]]\n", "'merge' entry 1 must be a list of at least two names"),
        ("split: Peskov\n", "'split' must be a list"),
        ("split: [[Peskov, 3]]\n", "'split' entry 1 must contain only non-empty names"),
        ("rename: [Peskov]\n", "'rename' must be a mapping"),
        ("rename: {Peskov: ''}\n", "'rename' entry 'Peskov'"),
        (
            "merge: [[a b, c d], [c d, e f]]\nsplit: [[a b, e f]]\n",
            "'a b' and 'e f' are both merged and split",
        ),
    ],
)
def test_bad_alias_file_raises_config_error_naming_file_and_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        AliasRules.load(path)
    assert str(path) in str(error.value)
    assert problem in str(error.value)


def test_missing_alias_file_raises_config_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError, match="nowhere.yaml: cannot be read"):
        AliasRules.load(path)


def test_russian_skaya_and_ukrainian_ska_are_one_person() -> None:
    refs = [SpeakerRef("Katarina Zhuravska", "PERSON", None, "a"),
            SpeakerRef("Katarina Zhuravskaya", "PERSON", None, "b"),
            SpeakerRef("Zhuravskaya", "PERSON", None, "b")]
    entities, mapping = link_entities(refs)
    assert len(entities) == 1 and len(set(mapping.values())) == 1


def test_a_capitalised_title_before_a_full_name_is_dropped() -> None:
    refs = [SpeakerRef("Pavel Ostrov", "PERSON", None, "a"),
            SpeakerRef("Rostovan Presidential Spokesman Pavel Ostrov", "PERSON", None, "b"),
            SpeakerRef("Kremlin Spokesman Dmitry Peskov", "PERSON", None, "c"),
            SpeakerRef("Dmitry Peskov", "PERSON", None, "c")]
    entities, _ = link_entities(refs)
    assert sorted(e.name for e in entities) == ["Dmitry Peskov", "Pavel Ostrov"]


# --- full names written in the texts ------------------------------------------------------------

QUOTED_TWICE = ["President Anatoly Verkhov met the envoys.", "They thanked Anatoly Verkhov for the talks."]


def linked_with_texts(refs: list[SpeakerRef], texts: list[str]) -> tuple[list[Entity], dict[str, str]]:
    """Link refs with the statements' texts as evidence of full names."""
    return link_entities(refs, texts=texts)


def test_surname_only_speaker_takes_the_full_name_the_texts_write() -> None:
    entities, ids = linked_with_texts(refs_of("Verkhov"), QUOTED_TWICE)
    entity = next(e for e in entities if e.id == ids["Verkhov"])
    assert (entity.name, entity.aliases) == ("Anatoly Verkhov", ["Verkhov"])
    # the id is the one a speaker named in full would get, so later articles quoting him in full join it
    full_id = link_entities(refs_of("Anatoly Verkhov"))[1]["Anatoly Verkhov"]
    assert entity.id == full_id


def test_full_name_written_once_names_nobody() -> None:
    entities, _ = linked_with_texts(refs_of("Verkhov"), QUOTED_TWICE[:1])
    assert [e.name for e in entities] == ["Verkhov"]


def test_texts_writing_two_full_names_leave_the_surname_alone() -> None:
    texts = [*QUOTED_TWICE, "Pavel Verkhov, his brother, said so.", "Pavel Verkhov left."]
    entities, _ = linked_with_texts(refs_of("Verkhov"), texts)
    assert [e.name for e in entities] == ["Verkhov"]


def test_a_title_of_the_other_gender_refuses_the_full_name() -> None:
    entities, _ = linked_with_texts(refs_of("Mrs. Verkhov"), QUOTED_TWICE)
    assert [e.name for e in entities] == ["Verkhov"]


def test_a_given_name_alone_is_not_completed() -> None:
    entities, _ = linked_with_texts(refs_of("Anatoly"), ["Anatoly Anatoly said.", "Anatoly Anatoly left."])
    assert [e.name for e in entities] == ["Anatoly"]


def test_surname_joins_the_speaker_the_texts_name_when_a_misread_name_made_it_ambiguous() -> None:
    # "Maria Holt" (a misreading of Mark Holt) leaves the surname two speakers to choose from
    refs = refs_of("Mark Holt", "Maria Holt", "Holt", copies=3)
    assert not same_entity("Holt", "Mark Holt", refs)
    _, ids = linked_with_texts(refs, ["Senator Mark Holt spoke.", "Aides to Mark Holt agreed.", "Mark Holt won."])
    assert ids["Holt"] == ids["Mark Holt"] != ids["Maria Holt"]


def test_words_that_are_no_given_name_do_not_complete() -> None:
    entities, _ = linked_with_texts(refs_of("Verkhov"), ["When Verkhov spoke", "Senator Verkhov", "When Verkhov left"])
    assert [e.name for e in entities] == ["Verkhov"]


def test_a_short_form_of_a_given_name_is_the_formal_name() -> None:
    refs = refs_of("Joe Verkhov", "Joseph R. Verkhov Jr.", "Bill Lind", "William Lind", "Hillary Lind")
    assert same_entity("Joe Verkhov", "Joseph R. Verkhov Jr.", refs)
    assert same_entity("Bill Lind", "William Lind", refs)
    assert not same_entity("Bill Lind", "Hillary Lind", refs)


def test_a_short_form_of_several_names_links_nothing() -> None:
    refs = refs_of("Ted Lind", "Edward Lind", "Theodore Lind")  # Ted is either
    assert not same_entity("Ted Lind", "Edward Lind", refs)
    assert not same_entity("Ted Lind", "Theodore Lind", refs)


# --- organisations ------------------------------------------------------------------------------


def orgs(*names: str) -> list[SpeakerRef]:
    """Build refs typed ORG, one document each."""
    return refs_of(*[(name, "ORG") for name in names])


def test_a_legal_form_does_not_make_another_company() -> None:
    refs = orgs("Nordhavn", "Nordhavn Inc.", "Nordhavn Holdings Ltd", "Nordhavn Corps")
    assert same_entity("Nordhavn", "Nordhavn Inc.", refs)
    assert same_entity("Nordhavn", "Nordhavn Holdings Ltd", refs)
    assert not same_entity("Nordhavn", "Nordhavn Corps", refs)  # a corps is not a legal form


def test_a_trade_word_joins_a_one_word_company_only() -> None:
    refs = orgs("Kestrel", "Kestrel Motor Company", "General Motors", "General Motors Corp.", "General Dynamics")
    assert same_entity("Kestrel", "Kestrel Motor Company", refs)
    assert same_entity("General Motors", "General Motors Corp.", refs)
    assert not same_entity("General Motors", "General Dynamics", refs)  # no company is called "General"


def test_an_acronym_joins_the_one_organisation_whose_initials_it_is() -> None:
    refs = orgs("NAB", "Nordic Airways Board", "Veldorian Ferry Authority", "VFA", "Volkov Freight Alliance")
    assert same_entity("NAB", "Nordic Airways Board", refs)
    assert not same_entity("VFA", "Veldorian Ferry Authority", refs)  # two organisations share it
    assert not same_entity("VFA", "Volkov Freight Alliance", refs)


def test_a_place_does_not_join_a_company_named_after_it() -> None:
    refs = refs_of(("Singapore", "GPE"), ("Singapore Airlines", "ORG"), ("Veldoria", "GPE"), ("Veldoria Inc.", "ORG"))
    assert not same_entity("Singapore", "Singapore Airlines", refs)
    assert not same_entity("Veldoria", "Veldoria Inc.", refs)


def test_a_speaker_only_described_is_no_entity() -> None:
    entities, ids = link_entities(refs_of(("the company", None), ("officials", None), ("Nordhavn Inc.", "ORG")))
    assert [e.name for e in entities] == ["Nordhavn Inc."]
    assert "the company" not in ids and "officials" not in ids


def test_an_alias_rule_makes_a_described_speaker_an_entity() -> None:
    rules = AliasRules(rename={"the harbour board": "Port Elsa Harbour Board"})
    entities, ids = link_entities(refs_of(("the harbour board", None)), rules)
    assert [e.name for e in entities] == ["Port Elsa Harbour Board"] and "the harbour board" in ids

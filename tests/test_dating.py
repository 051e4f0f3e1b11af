"""Tests of statement dating (onrecord.dating) on hand-written news fixtures."""

from __future__ import annotations

import datetime as dt

from onrecord.dating import date_statements, split_sentences
from onrecord.models import Statement, StatementKind

D = dt.date

WIRE_MONDAY = (
    "OSLO, August 24. /NORDWIRE/. Harbour workers will not strike this month, port authority "
    "spokeswoman Ingrid Dahl said Monday, adding that talks would continue.\n\n"
    "\"We have reached an understanding with the unions. The terminals stay open,\" "
    "Dahl told journalists.\n\n"
    "\"There is no reason for alarm,\" she said."
)

WIRE_WEDNESDAY = (
    "BERGEN, August 19. /NORDWIRE/. The ministry spokesman pointed out that the prime minister had held "
    "phone calls with the mayors of Tromsø and Narvik on Tuesday."
)

WEEKLY_ROUNDUP = (
    "Minister Sofia Lind said in a conference call with reporters on Monday that the border crossings "
    "were operating normally.\n\n"
    "Lind announced last week that a new ferry line would open.\n\n"
    "The governor urged the unions and the port owners on Thursday to settle their dispute.\n\n"
    "The mayor had earlier in the day discussed plans for a new bridge."
)


def statement(text: str, content: str, mention: str | None, speaker: str | None, cue: str | None,
              kind: StatementKind = "indirect", nth_mention: int = 0) -> Statement:
    """Build a statement whose offsets are found by searching ``text``."""
    start = text.index(content)
    speaker_start = speaker_end = None
    if mention is not None:
        speaker_start = -1
        for _ in range(nth_mention + 1):
            speaker_start = text.index(mention, speaker_start + 1)
        speaker_end = speaker_start + len(mention)
    return Statement(kind=kind, text=content, start=start, end=start + len(content), cue=cue,
                     speaker_mention=mention, speaker_start=speaker_start, speaker_end=speaker_end,
                     speaker=speaker)


def dated_one(text: str, item: Statement, published: dt.date | None) -> Statement:
    """Date a single statement."""
    return date_statements(text, [item], published)[0]


def test_said_weekday_dates_the_statement() -> None:
    item = statement(WIRE_MONDAY, "Harbour workers will not strike this month", "Ingrid Dahl", "Ingrid Dahl",
                     "said")
    dated = dated_one(WIRE_MONDAY, item, D(2020, 8, 24))
    assert (dated.said_on, dated.said_on_until, dated.said_on_basis) == (D(2020, 8, 24), None, "said Monday")


def test_content_dates_come_from_inside_the_statement() -> None:
    item = statement(WIRE_MONDAY, "Harbour workers will not strike this month", "Ingrid Dahl", "Ingrid Dahl",
                     "said")
    assert dated_one(WIRE_MONDAY, item, D(2020, 8, 24)).content_dates == [D(2020, 8, 1)]


def test_later_statements_of_the_same_speaker_keep_the_time() -> None:
    items = [
        statement(WIRE_MONDAY, "Harbour workers will not strike this month", "Ingrid Dahl", "Ingrid Dahl",
                  "said"),
        statement(WIRE_MONDAY, "We have reached an understanding with the unions. The terminals stay open,",
                  "Dahl", "Ingrid Dahl", "told", kind="direct", nth_mention=1),
        statement(WIRE_MONDAY, "There is no reason for alarm,", "she", "Ingrid Dahl", "said", kind="direct"),
    ]
    dated = date_statements(WIRE_MONDAY, items, D(2020, 8, 27))
    assert [(s.said_on, s.said_on_basis) for s in dated] == [
        (D(2020, 8, 24), "said Monday"),
        (D(2020, 8, 24), "continues: said Monday"),
        (D(2020, 8, 24), "continues: said Monday"),
    ]


def test_another_speaker_does_not_inherit_the_time() -> None:
    text = WIRE_MONDAY + "\n\n\"We disagree,\" union leader Per Holm said."
    items = [
        statement(text, "Harbour workers will not strike this month", "Ingrid Dahl", "Ingrid Dahl", "said"),
        statement(text, "We disagree,", "Per Holm", "Per Holm", "said", kind="direct"),
    ]
    dated = date_statements(text, items, D(2020, 8, 25))
    assert (dated[1].said_on, dated[1].said_on_basis) == (D(2020, 8, 25), "published")


def test_date_in_reported_content_is_not_when_it_was_said() -> None:
    content = "the prime minister had held phone calls with the mayors of Tromsø and Narvik on Tuesday"
    item = statement(WIRE_WEDNESDAY, content, "The ministry spokesman", "Lars Berg", "pointed out")
    dated = dated_one(WIRE_WEDNESDAY, item, D(2020, 8, 19))
    assert (dated.said_on, dated.said_on_basis, dated.content_dates) == (
        D(2020, 8, 19), "published", [D(2020, 8, 18)])


def test_date_after_a_venue_phrase_dates_the_statement() -> None:
    content = "the border crossings were operating normally"
    item = statement(WEEKLY_ROUNDUP, content, "Sofia Lind", "Sofia Lind", "said")
    dated = dated_one(WEEKLY_ROUNDUP, item, D(2020, 8, 31))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 31), "on Monday")


def test_period_dates_the_statement_with_its_last_day() -> None:
    item = statement(WEEKLY_ROUNDUP, "a new ferry line would open", "Lind", "Sofia Lind", "announced",
                     nth_mention=1)
    dated = dated_one(WEEKLY_ROUNDUP, item, D(2020, 8, 31))
    assert (dated.said_on, dated.said_on_until, dated.said_on_basis) == (
        D(2020, 8, 24), D(2020, 8, 30), "announced last week")


def test_weekday_between_cue_and_content_dates_the_statement() -> None:
    item = statement(WEEKLY_ROUNDUP, "to settle their dispute", "The governor", "governor", "urged")
    dated = dated_one(WEEKLY_ROUNDUP, item, D(2020, 8, 31))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 27), "on Thursday")


def test_weekday_inside_an_object_and_infinitive_content_dates_the_statement() -> None:
    content = "the unions and the port owners on Thursday to settle their dispute"
    item = statement(WEEKLY_ROUNDUP, content, "The governor", "governor", "urged")
    dated = dated_one(WEEKLY_ROUNDUP, item, D(2020, 8, 31))
    assert (dated.said_on, dated.said_on_basis, dated.content_dates) == (D(2020, 8, 27), "on Thursday", [])


def test_weekday_inside_a_that_clause_stays_a_content_date() -> None:
    text = "The envoy said that the ministers met on Tuesday to discuss the ferry."
    content = "that the ministers met on Tuesday to discuss the ferry"
    item = statement(text, content, "The envoy", "envoy", "said")
    dated = dated_one(text, item, D(2020, 8, 27))
    assert (dated.said_on, dated.said_on_basis, dated.content_dates) == (
        D(2020, 8, 27), "published", [D(2020, 8, 25)])


def test_earlier_in_the_day_is_the_publication_day() -> None:
    item = statement(WEEKLY_ROUNDUP, "plans for a new bridge", "The mayor", "mayor", "discussed")
    dated = dated_one(WEEKLY_ROUNDUP, item, D(2020, 8, 31))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 31), "earlier in the day")


def test_fronted_time_dates_a_quote() -> None:
    text = "On Tuesday, \"we will rebuild the pier,\" the mayor told residents."
    item = statement(text, "we will rebuild the pier,", "the mayor", "mayor", "told", kind="direct")
    dated = dated_one(text, item, D(2020, 8, 27))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 25), "On Tuesday")


def test_date_inside_a_relative_clause_is_not_the_cue_time() -> None:
    text = "The party leader, who won a disputed vote on Sunday, said he needed help."
    item = statement(text, "he needed help", "The party leader", "party leader", "said")
    dated = dated_one(text, item, D(2020, 8, 15))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 15), "published")


def test_dateline_date_is_not_the_cue_time() -> None:
    text = "TROMSØ, Aug 24 (Nordwire) - The port authority said talks would resume."
    item = statement(text, "talks would resume", "The port authority", "port authority", "said")
    dated = dated_one(text, item, D(2020, 8, 25))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 25), "published")


def test_date_after_publication_does_not_date_the_saying() -> None:
    text = "Voting ends tomorrow, the election chief said."
    item = statement(text, "Voting ends", "the election chief", "election chief", "said")
    dated = dated_one(text, item, D(2020, 8, 15))
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 15), "published")


def test_without_publication_date_relative_times_stay_unknown() -> None:
    item = statement(WIRE_MONDAY, "Harbour workers will not strike this month", "Ingrid Dahl", "Ingrid Dahl",
                     "said")
    dated = dated_one(WIRE_MONDAY, item, None)
    assert (dated.said_on, dated.said_on_basis, dated.content_dates) == (None, None, [])


def test_without_publication_date_a_full_date_still_dates_the_statement() -> None:
    text = "The ferry will keep running, the operator said on August 9, 2020."
    item = statement(text, "The ferry will keep running", "the operator", "operator", "said")
    dated = dated_one(text, item, None)
    assert (dated.said_on, dated.said_on_basis) == (D(2020, 8, 9), "said on August 9, 2020")


def test_statements_come_back_in_the_given_order() -> None:
    items = [
        statement(WEEKLY_ROUNDUP, "plans for a new bridge", "The mayor", "mayor", "discussed"),
        statement(WEEKLY_ROUNDUP, "a new ferry line would open", "Lind", "Sofia Lind", "announced",
                  nth_mention=1),
    ]
    dated = date_statements(WEEKLY_ROUNDUP, items, D(2020, 8, 31))
    assert [s.text for s in dated] == [s.text for s in items]
    assert items[0].said_on is None  # the input statements are not modified


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "Mr. Holm met U.S. envoys on Aug. 9 in Oslo. \"It went well,\" he said.\nA heading\n\nNext line."
    sentences = [text[s.start:s.end] for s in split_sentences(text)]
    assert sentences == [
        "Mr. Holm met U.S. envoys on Aug. 9 in Oslo.", "\"It went well,\" he said.", "A heading",
        "Next line."]

"""Tests of the time-expression finder and resolver (onrecord.timex)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.timex import TimeExpression, find_time_expressions, resolve_expression

D = dt.date


def only(text: str, reference: dt.date | None) -> TimeExpression:
    """Return the single expression found in ``text``."""
    found = find_time_expressions(text, reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Peskov said Monday", D(2020, 8, 24), D(2020, 8, 24)),  # the same day: not after the reference
        ("the minister said Friday", D(2020, 8, 20), D(2020, 8, 14)),  # Thursday -> the Friday before
        ("talks held on Tuesday", D(2021, 1, 1), D(2020, 12, 29)),  # across the year boundary
        ("the vote on Saturday", D(2020, 3, 1), D(2020, 2, 29)),  # leap day
        ("the vote on Saturday", D(2021, 3, 1), D(2021, 2, 27)),
        ("rallies on Monday", D(2020, 3, 1), D(2020, 2, 24)),
        ("Monday's vote was calm", D(2020, 8, 26), D(2020, 8, 24)),
        ("the talks on Thursday evening", D(2020, 8, 31), D(2020, 8, 27)),
        ("the council will meet on Friday", D(2020, 8, 26), D(2020, 8, 28)),
        ("next Monday", D(2020, 8, 30), D(2020, 8, 31)),
        ("next Monday", D(2020, 8, 31), D(2020, 9, 7)),
        ("this coming Friday", D(2020, 12, 30), D(2021, 1, 1)),
        ("last Sunday", D(2020, 8, 30), D(2020, 8, 23)),
        ("this Wednesday", D(2020, 8, 24), D(2020, 8, 26)),
    ],
)
def test_weekdays_resolve_around_the_reference(text: str, reference: dt.date, expected: dt.date) -> None:
    expression = only(text, reference)
    assert (expression.value, expression.granularity, expression.until) == (expected, "day", None)


@pytest.mark.parametrize(
    ("text", "reference", "expected", "rule"),
    [
        ("today", D(2020, 8, 24), D(2020, 8, 24), "today"),
        ("yesterday", D(2020, 3, 1), D(2020, 2, 29), "yesterday"),
        ("yesterday", D(2021, 1, 1), D(2020, 12, 31), "yesterday"),
        ("tomorrow", D(2020, 12, 31), D(2021, 1, 1), "tomorrow"),
        ("had earlier in the day discussed", D(2020, 8, 31), D(2020, 8, 31), "earlier-in-the-day"),
        ("earlier today", D(2020, 8, 31), D(2020, 8, 31), "earlier-today"),
        ("this morning", D(2020, 8, 31), D(2020, 8, 31), "this-morning"),
        ("this afternoon", D(2020, 8, 31), D(2020, 8, 31), "this-afternoon"),
        ("this evening", D(2020, 8, 31), D(2020, 8, 31), "this-evening"),
        ("last night", D(2020, 9, 1), D(2020, 8, 31), "last-night"),
        ("3 days ago", D(2020, 3, 2), D(2020, 2, 28), "days-ago"),
        ("two weeks ago", D(2020, 8, 31), D(2020, 8, 17), "weeks-ago"),
    ],
)
def test_day_words_resolve_to_one_day(text: str, reference: dt.date, expected: dt.date, rule: str) -> None:
    expression = only(text, reference)
    assert (expression.value, expression.until, expression.rule) == (expected, None, rule)


@pytest.mark.parametrize(
    ("text", "reference", "first", "last", "granularity"),
    [
        ("last week", D(2020, 8, 31), D(2020, 8, 24), D(2020, 8, 30), "week"),
        ("last week", D(2021, 1, 1), D(2020, 12, 21), D(2020, 12, 27), "week"),
        ("this week", D(2020, 8, 26), D(2020, 8, 24), D(2020, 8, 30), "week"),
        ("next week", D(2020, 12, 31), D(2021, 1, 4), D(2021, 1, 10), "week"),
        ("earlier this week", D(2020, 8, 26), D(2020, 8, 24), D(2020, 8, 26), "week"),
        ("over the weekend", D(2020, 8, 24), D(2020, 8, 22), D(2020, 8, 23), "week"),
        ("at the weekend", D(2020, 8, 15), D(2020, 8, 15), D(2020, 8, 16), "week"),
        ("last month", D(2020, 1, 15), D(2019, 12, 1), D(2019, 12, 31), "month"),
        ("this month", D(2020, 2, 10), D(2020, 2, 1), D(2020, 2, 29), "month"),
        ("last year", D(2020, 8, 24), D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("a year ago", D(2020, 8, 24), D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("losses in the third quarter of 2009", D(2012, 5, 1), D(2009, 7, 1), D(2009, 9, 30), "quarter"),
        ("Q4 2008 results", D(2009, 2, 1), D(2008, 10, 1), D(2008, 12, 31), "quarter"),
        ("its third-quarter profit rose", D(2009, 10, 21), D(2009, 7, 1), D(2009, 9, 30), "quarter"),
        # the fourth quarter of 2009 has not closed yet: the last one that has
        ("sales fell in the fourth quarter", D(2009, 10, 21), D(2008, 10, 1), D(2008, 12, 31), "quarter"),
        ("the plant will open in the first quarter", D(2009, 10, 21), D(2010, 1, 1), D(2010, 3, 31), "quarter"),
        ("revenue dipped last quarter", D(2009, 1, 15), D(2008, 10, 1), D(2008, 12, 31), "quarter"),
        ("the final quarter of last year", D(2009, 5, 1), D(2008, 10, 1), D(2008, 12, 31), "quarter"),
        ("he visited last summer", D(2013, 3, 22), D(2012, 6, 1), D(2012, 8, 31), "season"),
        ("last winter", D(2013, 3, 22), D(2012, 12, 1), D(2013, 2, 28), "season"),  # the one just ended
        ("in the spring", D(2013, 3, 22), D(2013, 3, 1), D(2013, 5, 31), "season"),  # the season now
        ("the talks resumed in the autumn", D(2013, 3, 22), D(2012, 9, 1), D(2012, 11, 30), "season"),
        ("the plant will close in the autumn", D(2013, 3, 22), D(2013, 9, 1), D(2013, 11, 30), "season"),
        ("in the fall of 1989", D(2013, 3, 22), D(1989, 9, 1), D(1989, 11, 30), "season"),
    ],
)
def test_periods_span_whole_units(
    text: str, reference: dt.date, first: dt.date, last: dt.date, granularity: str
) -> None:
    expression = only(text, reference)
    assert (expression.value, expression.until, expression.granularity) == (first, last, granularity)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("on August 24", D(2020, 8, 31), D(2020, 8, 24)),
        ("on 24 August 2020", D(2021, 5, 1), D(2020, 8, 24)),
        ("by Aug. 9", D(2020, 8, 24), D(2020, 8, 9)),
        ("since 9 August", D(2020, 11, 13), D(2020, 8, 9)),
        ("the 2020-08-24 filing", D(2022, 1, 1), D(2020, 8, 24)),
        ("on August 9, 2020", D(2022, 1, 1), D(2020, 8, 9)),
        ("the 24th of August 2020", D(2022, 1, 1), D(2020, 8, 24)),
        ("late on August 9", D(2020, 8, 24), D(2020, 8, 9)),
        ("the December 30 deadline", D(2021, 1, 10), D(2020, 12, 30)),  # the closest December 30
        ("the summit on January 5", D(2020, 12, 20), D(2021, 1, 5)),
        ("it was on the 9th.", D(2020, 8, 24), D(2020, 8, 9)),
        ("it was on the 9th.", D(2020, 8, 5), D(2020, 7, 9)),
        ("on February 29", D(2021, 3, 10), D(2020, 2, 29)),  # only the leap year has the day
    ],
)
def test_explicit_dates(text: str, reference: dt.date, expected: dt.date) -> None:
    expression = only(text, reference)
    assert (expression.value, expression.granularity) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "reference", "first", "last"),
    [
        ("in August", D(2020, 8, 24), D(2020, 8, 1), D(2020, 8, 31)),
        ("in August", D(2020, 7, 10), D(2019, 8, 1), D(2019, 8, 31)),  # not after the reference
        ("in December", D(2021, 1, 5), D(2020, 12, 1), D(2020, 12, 31)),
        ("elections will be held in September", D(2020, 8, 24), D(2020, 9, 1), D(2020, 9, 30)),
        ("last July", D(2013, 3, 22), D(2012, 7, 1), D(2012, 7, 31)),
        ("next March", D(2020, 8, 24), D(2021, 3, 1), D(2021, 3, 31)),
        ("in February 2020", D(2023, 1, 1), D(2020, 2, 1), D(2020, 2, 29)),
        ("In 2019, talks in August failed", D(2020, 12, 1), D(2019, 8, 1), D(2019, 8, 31)),
    ],
)
def test_months_resolve_to_the_month(text: str, reference: dt.date, first: dt.date, last: dt.date) -> None:
    months = [e for e in find_time_expressions(text, reference) if e.granularity == "month"]
    assert [(e.value, e.until) for e in months] == [(first, last)]


@pytest.mark.parametrize(
    ("text", "year"),
    [("in 2019", 2019), ("the 1994 constitution", 1994), ("since '82", 1982), ("in 1957-58", 1957)],
)
def test_years_resolve_to_the_year(text: str, year: int) -> None:
    expression = find_time_expressions(text, D(2020, 8, 24))[0]
    assert (expression.value, expression.until, expression.granularity) == (
        D(year, 1, 1), D(year, 12, 31), "year")


def test_apostrophe_year_is_the_closest_century() -> None:
    assert only("the iLife '11 suite", D(2010, 10, 23)).value == D(2011, 1, 1)
    assert only("lowest since '82", D(2008, 10, 27)).value == D(1982, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide later.",
        "May we ask a question?",
        "Theresa May spoke to the press.",
        "Thousands march through the capital.",
        "The Sun reported the leak.",
        "The Sunday Times reported the leak.",
        "Turnout stood at 80.10% overall.",
        "Some 2000 troops and 1,994 volunteers took part.",
        "The council passed Resolution 2254.",
        "Growth reached 2019% in the model.",
        "Shops opened for Good Friday sales.",
        "USA Today ran the story.",
        "Music of the 1990s returned.",
        "He finished on the 9th floor.",
        "A quarter of voters stayed home.",
        "The Arab Spring began in Tunisia.",
        "He walked with a spring in his step.",
        "Prices will fall during the fall in demand.",
    ],
)
def test_non_dates_are_not_found(text: str) -> None:
    assert find_time_expressions(text, D(2020, 8, 24)) == []


def test_offsets_index_the_given_text() -> None:
    text = "Peskov said Monday that talks held on August 9, 2020 failed."
    found = find_time_expressions(text, D(2020, 8, 24))
    assert [(text[e.start:e.end], e.text) for e in found] == [
        ("Monday", "Monday"), ("on August 9, 2020", "on August 9, 2020")]


def test_without_reference_only_stated_years_resolve() -> None:
    found = find_time_expressions("He said Monday that on August 9, 2020 and in 2019 it began.", None)
    assert [e.value for e in found] == [D(2020, 8, 9), D(2019, 1, 1)]


def test_resolve_expression_returns_the_longest_expression() -> None:
    expression = resolve_expression("last week", D(2020, 8, 31))
    assert expression is not None
    assert (expression.value, expression.until, expression.rule) == (
        D(2020, 8, 24), D(2020, 8, 30), "last-week")


def test_resolve_expression_returns_none_for_no_date() -> None:
    assert resolve_expression("the spokesman", D(2020, 8, 31)) is None

"""Find time expressions in English news text and resolve them against a reference date.

A small rule set in the spirit of HeidelTime, written as plain regular expressions so that it runs
without spaCy: each rule finds a phrase ("said Monday", "last week", "August 9, 2020", "in 2019")
and resolves it to a calendar date or period relative to the reference (usually the publication
date). News speaks mostly of the recent past, so bare weekdays and months resolve backwards unless
the clause before them looks future ("will", "is due to", "scheduled").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["day", "week", "month", "season", "quarter", "year"]


@dataclass(frozen=True)
class TimeExpression:
    """A time phrase found in a text, with the date or period it names.

    ``start``/``end`` index the text given to :func:`find_time_expressions`; ``value`` is the first
    day, ``until`` the last day when the phrase names a period ("last week", "in August", "2019").
    Weeks run Monday..Sunday (ISO); a weekend is a "week" expression from Saturday to Sunday.
    ``rule`` names the rule that resolved it ("weekday-past", "yesterday", "explicit-date", ...).
    """

    start: int
    end: int
    text: str
    value: dt.date
    until: dt.date | None
    granularity: Granularity
    rule: str


@dataclass(frozen=True)
class _Resolved:
    """What a rule made of one match, before offsets are attached."""

    value: dt.date
    until: dt.date | None
    granularity: Granularity
    rule: str


@dataclass(frozen=True)
class _Context:
    """The text around a match that rules may consult."""

    text: str
    reference: dt.date | None
    sentence_starts: list[int]
    year_anchors: list[tuple[int, int]]  # (offset, year) of years stated in the text, in order


Resolver = Callable[[re.Match[str], _Context], _Resolved | None]


@dataclass(frozen=True)
class _Rule:
    """A pattern and the function that turns its matches into dates."""

    pattern: re.Pattern[str]
    resolve: Resolver


MONTHS = {
    name.lower(): number
    for number, name in enumerate(calendar.month_name)
    if name
}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Month and weekday names must be capitalised: that alone keeps out "may" (modal) and "march" (verb).
_FULL_MONTH = "|".join(calendar.month_name[1:])
_MONTH = rf"(?P<month>(?:{_FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z]))"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_YEAR_END = r"(?![\w%]|[.,]\d)"
_DATE_SEP = r"(?:\s*,\s*|\s+)"
_WEEKDAY = "|".join(calendar.day_name)

# Words after a four-digit number that make it a count or a name, not a year ("2000 troops").
_NOT_YEAR_AFTER = re.compile(
    r"\s+(?:people|persons|troops|soldiers|police|protesters|officers|km|kilometers|kilometres|miles|"
    r"meters|metres|feet|ft|kg|tons|tonnes|votes|jobs|members|times|units|employees|workers|dollars|"
    r"euros|rubles|roubles|pounds|yuan|yen|hours|minutes|seconds|days|weeks|months|years|cases|deaths|"
    r"dead|injured|seats|barrels|shares|points|aircraft|planes|cars|vehicles|homes|households|"
    r"students|children|residents|prisoners|detainees|delegates|copies|pages|words|acres|hectares|index)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)")
# Labels before a number that make it an identifier ("Resolution 2254", "Flight 1549").
_ID_BEFORE = re.compile(
    r"(?i:\b(?:no\.?|number|flight|route|resolution|article|section|room|page|model|code|chapter|"
    r"box|tel\.?|phone|iso|bus|train|order|decree|law|bill|case|item|version|highway)\s*#?)$"
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|would|is\s+due|are\s+due|due\s+to|scheduled|set\s+to|set\s+for|"
    r"expected\s+to|expected\s+on|plans?\s+to|planned|going\s+to|upcoming|to\s+be\s+held|should|"
    r"until|till)\b|'ll\b",
    re.IGNORECASE,
)
# A clause boundary: the future cue must sit in the same clause as the date it shifts.
_CLAUSE_BREAK = re.compile(r"[,;:\"“”()]|\bsaid\b|\bsays\b")
_OPENING_IN = re.compile(r"(?:^|[.!?;,\n])\s*[Ii]n\s+$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+|\n")
_NON_DATE_PREFIXES = {"good", "black", "bloody", "super", "cyber", "ash", "palm", "easter", "holy", "usa"}
_NEWSPAPERS = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|People|Star|Show)\b")


# --- calendar arithmetic -------------------------------------------------------------------------


def _week_start(day: dt.date) -> dt.date:
    """Return the Monday of the week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def _month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Shift a (year, month) pair by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a date, or None when the day does not exist (30 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(value: dt.date, rule: str) -> _Resolved:
    """Resolve to a single day."""
    return _Resolved(value, None, "day", rule)


def _week(monday: dt.date, rule: str) -> _Resolved:
    """Resolve to the Monday..Sunday week starting at ``monday``."""
    return _Resolved(monday, monday + dt.timedelta(days=6), "week", rule)


def _month(year: int, month: int, rule: str) -> _Resolved:
    """Resolve to a whole calendar month."""
    return _Resolved(dt.date(year, month, 1), _month_end(year, month), "month", rule)


def _quarter(year: int, quarter: int, rule: str) -> _Resolved:
    """Resolve to a calendar quarter (1..4)."""
    first = 3 * quarter - 2
    return _Resolved(dt.date(year, first, 1), _month_end(year, first + 2), "quarter", rule)


def _year(year: int, rule: str) -> _Resolved:
    """Resolve to a whole calendar year."""
    return _Resolved(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", rule)


# --- context ---------------------------------------------------------------------------------------


def _sentence_start(ctx: _Context, pos: int) -> int:
    """Return the offset where the sentence holding ``pos`` starts."""
    index = bisect.bisect_right(ctx.sentence_starts, pos) - 1
    return ctx.sentence_starts[index] if index >= 0 else 0


def _looks_future(ctx: _Context, pos: int) -> bool:
    """Tell whether the clause before ``pos`` speaks of the future ("will meet on Friday")."""
    window_start = max(_sentence_start(ctx, pos), pos - 60)
    window = ctx.text[window_start:pos]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    return bool(_FUTURE_CUE.search(window))


def _context_year(ctx: _Context, pos: int) -> int | None:
    """Return a year stated earlier in the same sentence ("In 2019, ... in August")."""
    sentence_start = _sentence_start(ctx, pos)
    years = [year for offset, year in ctx.year_anchors if sentence_start <= offset < pos]
    return years[-1] if years else None


def _word_before(text: str, pos: int) -> str:
    """Return the word just before ``pos`` (lowercased), or an empty string."""
    found = re.search(r"([A-Za-z]+)\W*$", text[max(0, pos - 30):pos])
    return found.group(1).lower() if found else ""


def _capitalised_word_before(text: str, pos: int) -> bool:
    """Tell whether a capitalised word sits right before ``pos`` ("Theresa May")."""
    return re.search(r"[A-Z][a-z]+\s$", text[max(0, pos - 30):pos]) is not None


# --- rules with an explicit year (need no reference) ----------------------------------------------


def _resolve_iso(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve 2020-08-24."""
    value = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return _day(value, "iso-date") if value else None


def _resolve_full_date(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "August 24, 2020" and "24 August 2020"."""
    month = MONTHS[match["month"].rstrip(".").lower()]
    value = _safe_date(int(match["year"]), month, int(match["day"]))
    return _day(value, "explicit-date") if value else None


def _resolve_month_year(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "August 2020"."""
    return _month(int(match["year"]), MONTHS[match["month"].rstrip(".").lower()], "month-year")


def _resolve_numeric(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve 8/24/2020 (US order unless the first number cannot be a month)."""
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (second, first) if first > 12 else (first, second)
    value = _safe_date(year, month, day)
    return _day(value, "numeric-date") if value else None


def _resolve_short_year(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "'82" and the "58" of "1957-58" to a full year."""
    short = int(match["yy"])
    if match["century"]:
        return _year(int(match["century"]) * 100 + short, "short-year")
    if ctx.reference is None:
        return None
    # An apostrophe year is the closest one to the reference: '82 in 2008 is 1982, '11 in 2010 is 2011.
    reference_year = ctx.reference.year
    base = reference_year // 100 * 100 + short
    year = min((base - 100, base, base + 100), key=lambda y: abs(y - reference_year))
    return _year(year, "short-year")


def _resolve_year(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve a bare year ("in 2019", "the 1994 constitution") unless it reads as a count."""
    start, end = match.span("year")
    before, after = ctx.text[max(0, start - 30):start], ctx.text[end:end + 40]
    if start >= 2 and ctx.text[start - 1] in ",." and ctx.text[start - 2].isdigit():
        return None
    if _PERCENT_AFTER.match(after) or _NOT_YEAR_AFTER.match(after) or _ID_BEFORE.search(before):
        return None
    return _year(int(match["year"]), "year")


# --- rules relative to the reference ---------------------------------------------------------------


def _resolve_date_without_year(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "August 24": the context year, else the occurrence closest to the reference."""
    month, day = MONTHS[match["month"].rstrip(".").lower()], int(match["day"])
    year = _context_year(ctx, match.start())
    if year is not None:
        value = _safe_date(year, month, day)
        return _day(value, "date-context-year") if value else None
    if ctx.reference is None:
        return None
    reference = ctx.reference
    candidates = [d for y in (reference.year - 1, reference.year, reference.year + 1)
                  if (d := _safe_date(y, month, day))]
    if not candidates:
        return None
    if _looks_future(ctx, match.start()):
        ahead = [d for d in candidates if d >= reference]
        return _day(ahead[0], "date-future") if ahead else None
    # Ties go to the past: news reports more than it forecasts.
    closest = min(candidates, key=lambda d: (abs((d - reference).days), d > reference))
    return _day(closest, "date-closest")


_BARE_MONTH_NEEDS_PREP = {"may", "march"}


def _resolve_month(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "in August", "last July", "early December" to a whole month."""
    month = MONTHS[match["month"].lower()]
    mod = (match["mod"] or "").lower().rstrip("- ")
    prep = (match["prep"] or "").lower()
    if not mod and not prep:
        if match["month"].lower() in _BARE_MONTH_NEEDS_PREP:
            return None
        if _capitalised_word_before(ctx.text, match.start()):
            return None
    if match["rel"] and ctx.reference is not None:
        shift = {"next": 1, "last": -1}.get(match["rel"].lower(), 0)
        return _month(ctx.reference.year + shift, month, "month-of-relative-year")
    year = _context_year(ctx, match.start())
    if year is not None and mod not in ("last", "next"):
        return _month(year, month, "month-context-year")
    if ctx.reference is None:
        return None
    ref_year, ref_month = ctx.reference.year, ctx.reference.month
    future = prep in ("until", "till") or _looks_future(ctx, match.start())
    if mod == "last":
        return _month(ref_year if month < ref_month else ref_year - 1, month, "month-last")
    if mod == "next":
        return _month(ref_year if month > ref_month else ref_year + 1, month, "month-next")
    if mod == "this":
        return _month(ref_year, month, "month-this")
    if future:
        return _month(ref_year if month >= ref_month else ref_year + 1, month, "month-future")
    return _month(ref_year if month <= ref_month else ref_year - 1, month, "month-past")


def _resolve_weekday(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "Monday", "on Tuesday", "next Friday", "last Sunday", "this Wednesday"."""
    if ctx.reference is None:
        return None
    start = match.start("weekday")
    if _word_before(ctx.text, start) in _NON_DATE_PREFIXES or _NEWSPAPERS.match(ctx.text, match.end()):
        return None
    reference, target = ctx.reference, WEEKDAYS[match["weekday"].lower()]
    mod = " ".join((match["mod"] or "").lower().split())
    forward = (target - reference.weekday()) % 7
    backward = (reference.weekday() - target) % 7
    if mod in ("next", "coming", "this coming"):
        return _day(reference + dt.timedelta(days=forward or 7), "weekday-next")
    if mod in ("last", "past", "this past"):
        return _day(reference - dt.timedelta(days=backward or 7), "weekday-last")
    if mod == "this":
        return _day(_week_start(reference) + dt.timedelta(days=target), "weekday-this")
    if _looks_future(ctx, match.start()):
        return _day(reference + dt.timedelta(days=forward), "weekday-future")
    return _day(reference - dt.timedelta(days=backward), "weekday-past")


_DAY_WORDS: dict[str, tuple[int, str]] = {
    "the day before yesterday": (-2, "day-before-yesterday"),
    "the day after tomorrow": (2, "day-after-tomorrow"),
    "yesterday": (-1, "yesterday"),
    "last night": (-1, "last-night"),
    "last evening": (-1, "last-night"),
    "tomorrow": (1, "tomorrow"),
    "today": (0, "today"),
    "tonight": (0, "tonight"),
    "earlier today": (0, "earlier-today"),
    "later today": (0, "later-today"),
    "earlier in the day": (0, "earlier-in-the-day"),
    "later in the day": (0, "later-in-the-day"),
    "late in the day": (0, "later-in-the-day"),
    "this morning": (0, "this-morning"),
    "this afternoon": (0, "this-afternoon"),
    "this evening": (0, "this-evening"),
}


def _resolve_day_word(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "yesterday", "earlier in the day", "last night" and their kin."""
    if ctx.reference is None or _word_before(ctx.text, match.start()) in _NON_DATE_PREFIXES:
        return None
    offset, rule = _DAY_WORDS[" ".join(match["phrase"].lower().split())]
    return _day(ctx.reference + dt.timedelta(days=offset), rule)


def _resolve_period(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "last week", "this month", "earlier this year", "next week"."""
    if ctx.reference is None:
        return None
    mod = " ".join(match["mod"].lower().split()).removeprefix("the ")
    unit, reference = match["unit"].lower(), ctx.reference
    shift = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(mod, 0)
    rule = f"{mod.replace(' ', '-')}-{unit}"
    if unit == "week":
        period = _week(_week_start(reference) + dt.timedelta(weeks=shift), rule)
    elif unit == "month":
        period = _month(*_add_months(reference.year, reference.month, shift), rule)
    else:
        period = _year(reference.year + shift, rule)
    if mod == "earlier this":
        return _Resolved(period.value, reference, period.granularity, rule)
    if mod == "later this":
        return _Resolved(reference, period.until, period.granularity, rule)
    return period


_FALL_AS_NOUN = re.compile(r"\s+(?:of|in|to|from|by|at|was|is|has|had|would|will)\b")
# The month each season starts in (meteorological seasons of the northern hemisphere).
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season(year: int, start_month: int, rule: str) -> _Resolved:
    """Resolve to the three months of a season starting in ``start_month`` of ``year``."""
    end_year, end_month = _add_months(year, start_month, 2)
    return _Resolved(dt.date(year, start_month, 1), _month_end(end_year, end_month), "season", rule)


def _resolve_season(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "last summer", "in the spring", "this autumn", "winter 2009".

    A bare season is the latest one begun by the reference, or the next in a future clause; "last"
    is the one before the current season's, "next" the one after.
    """
    season = match["season"].lower()
    start_month = _SEASON_START[season]
    if match["year"]:
        return _season(int(match["year"]), start_month, "explicit-season")
    if ctx.reference is None or not (match["mod"] or match["prep"]):
        return None  # "a spring in his step", "the Arab Spring": a season needs "in", "last", a year
    if season == "fall" and _FALL_AS_NOUN.match(ctx.text, match.end()):
        return None  # "during the fall in prices"
    ref = ctx.reference
    current = _add_months(ref.year, ref.month, -((ref.month - start_month) % 3))  # the season begun last
    this_year = (ref.year - (start_month == 12 and ref.month <= 2), start_month)
    earlier = this_year if this_year < current else (this_year[0] - 1, start_month)
    later = this_year if this_year > current else (this_year[0] + 1, start_month)
    mod = (match["mod"] or "").lower()
    if mod == "last":
        return _season(*earlier, "season-last")
    if mod == "next":
        return _season(*later, "season-next")
    if mod == "this" or this_year == current:
        return _season(*this_year, "season-this")
    if _looks_future(ctx, match.start()):
        return _season(*later, "season-future")
    return _season(*earlier, "season-past")


_QUARTER_NUMBERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                    "final": 4, "last": 4}


def _resolve_quarter(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "the third quarter of 2009", "Q3 2009", "third-quarter" (profit) and "last quarter".

    A quarter without a year is the latest of that number to have ended by the reference (results
    are reported after a quarter closes), or the next one in a future clause; "last quarter" alone
    is the one before the reference's.
    """
    found = match.groupdict()  # "Q3 2009" has only q and year; the worded form has no q
    quarter = int(found["q"]) if found.get("q") else _QUARTER_NUMBERS[found["ord"].lower()]
    if found["year"]:
        return _quarter(int(found["year"]), quarter, "explicit-quarter")
    if ctx.reference is None:
        return None
    current = (ctx.reference.month - 1) // 3 + 1
    if found["rel"]:
        shift = {"last": -1, "previous": -1, "next": 1}.get(found["rel"].lower(), 0)
        return _quarter(ctx.reference.year + shift, quarter, "quarter-of-year")
    if found["ord"].lower() == "last" and not found["of"]:
        year, month = _add_months(ctx.reference.year, 3 * current - 2, -3)
        return _quarter(year, (month - 1) // 3 + 1, "last-quarter")
    if _looks_future(ctx, match.start()):
        return _quarter(ctx.reference.year + (quarter < current), quarter, "quarter-future")
    return _quarter(ctx.reference.year - (quarter >= current), quarter, "quarter-past")


def _resolve_weekend(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "over the weekend", "this weekend", "last weekend", "next weekend" to Saturday..Sunday."""
    if ctx.reference is None:
        return None
    mod = " ".join(match["mod"].lower().split())
    reference = ctx.reference
    this_saturday = _week_start(reference) + dt.timedelta(days=5)
    in_weekend = reference.weekday() >= 5
    if mod == "this":
        saturday, rule = this_saturday, "this-weekend"
    elif mod == "last":
        saturday, rule = this_saturday - dt.timedelta(weeks=1), "last-weekend"
    elif mod == "next":
        saturday, rule = this_saturday + dt.timedelta(weeks=1 if in_weekend else 0), "next-weekend"
    elif _looks_future(ctx, match.start()):
        saturday, rule = this_saturday, "weekend-future"
    else:
        saturday, rule = this_saturday - dt.timedelta(weeks=0 if in_weekend else 1), "weekend-past"
    return _Resolved(saturday, saturday + dt.timedelta(days=1), "week", rule)


def _resolve_ago(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "three days ago", "two weeks ago", "a year ago"."""
    if ctx.reference is None:
        return None
    raw = match["n"].lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit, reference = match["unit"].lower(), ctx.reference
    if unit == "day":
        return _day(reference - dt.timedelta(days=count), "days-ago")
    if unit == "week":
        # TimeML annotators give "a week ago" the day exactly seven days back.
        return _day(reference - dt.timedelta(weeks=count), "weeks-ago")
    if unit == "month":
        return _month(*_add_months(reference.year, reference.month, -count), "months-ago")
    return _year(reference.year - count, "years-ago")


def _resolve_ordinal_day(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """Resolve "on the 9th": the nearest month with that day, backwards unless future."""
    if ctx.reference is None:
        return None
    day, reference = int(match["day"]), ctx.reference
    step = 1 if _looks_future(ctx, match.start()) else -1
    for months in range(0, 3 * step, step):
        year, month = _add_months(reference.year, reference.month, months)
        value = _safe_date(year, month, day)
        if value and (value - reference).days * step >= 0:
            return _day(value, "ordinal-day-future" if step > 0 else "ordinal-day")
    return None


# --- the rule table --------------------------------------------------------------------------------

_DAY_WORD_PATTERN = "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(_DAY_WORDS, key=len, reverse=True)
)
_ON = r"(?:(?i:late\s+on|early\s+on|on)\s+)?"
_ON_THE = r"(?:(?i:on\s+the|on|the)\s+)?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Rules whose matches state a year; they run first and anchor the year of later yearless dates.
_YEAR_RULES = (
    _Rule(re.compile(r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b"), _resolve_iso),
    _Rule(re.compile(rf"\b{_ON}{_MONTH}\s+{_DAY}{_DATE_SEP}{_YEAR}{_YEAR_END}"),
          _resolve_full_date),
    _Rule(re.compile(rf"\b{_ON_THE}{_DAY}\s+(?:of\s+)?{_MONTH}{_DATE_SEP}{_YEAR}{_YEAR_END}"),
          _resolve_full_date),
    _Rule(re.compile(rf"\b{_MONTH}(?:\s+of)?\s+{_YEAR}{_YEAR_END}"), _resolve_month_year),
    _Rule(re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b(?!/)"), _resolve_numeric),
    _Rule(re.compile(rf"(?<![\w$€£#/]){_YEAR}{_YEAR_END}"), _resolve_year),
    _Rule(re.compile(r"(?:(?<=\b(?P<century>1[89]|20)\d\d[-–])|(?<![\w'’])['’])(?P<yy>\d\d)(?![\w%'’]|[.,]\d)"),
          _resolve_short_year),
)

_RELATIVE_RULES = (
    _Rule(re.compile(rf"\b{_ON}{_MONTH}\s+{_DAY}(?![\d:]|\s*,?\s*\d)\b"),
          _resolve_date_without_year),
    _Rule(re.compile(rf"\b{_ON_THE}{_DAY}\s+(?:of\s+)?{_MONTH}"), _resolve_date_without_year),
    _Rule(
        re.compile(
            r"\b(?:(?P<prep>(?i:in|since|until|till|by|during|from|through|throughout|of|before|after|"
            r"the|end\s+of|start\s+of))\s+)?"
            r"(?P<mod>(?i:last|next|this|early|late|mid)(?:\s+|-))?"
            rf"(?P<month>{_FULL_MONTH})\b(?!\s*\d)"
            r"(?:\s+of\s+(?P<rel>(?i:next|last|this))\s+(?i:year)\b)?"
        ),
        _resolve_month,
    ),
    _Rule(
        re.compile(
            r"\b(?P<mod>(?i:next|last|this\s+coming|this\s+past|this|coming|past|on|late\s+on|"
            r"early\s+on|earlier\s+on|later\s+on)\s+)?"
            rf"(?P<weekday>{_WEEKDAY})\b{_PART_OF_DAY}"
        ),
        _resolve_weekday,
    ),
    _Rule(re.compile(rf"\b(?P<phrase>(?i:{_DAY_WORD_PATTERN}))\b{_PART_OF_DAY}"), _resolve_day_word),
    _Rule(
        re.compile(
            r"\b(?P<mod>(?i:earlier\s+this|later\s+this|the\s+previous|the\s+last|the\s+coming|last|this|"
            r"next|previous|the\s+current|current))\s+(?P<unit>(?i:week|month|year))\b(?!s|-)"
        ),
        _resolve_period,
    ),
    _Rule(
        re.compile(r"\b(?P<mod>(?i:over\s+the|at\s+the|during\s+the|on\s+the|this|last|next))\s+"
                   r"(?i:weekend)\b"),
        _resolve_weekend,
    ),
    _Rule(
        re.compile(
            r"\b(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+(?i:quarter)\b"
            rf"(?P<of>\s+(?i:of)\s+(?:{_YEAR}{_YEAR_END}|(?i:(?:the\s+)?(?P<rel>this|last|next|previous|current)"
            r"\s+year)\b))?"
        ),
        _resolve_quarter,
    ),
    _Rule(re.compile(rf"\b[Qq](?P<q>[1-4])(?:\s+|\s*-\s*){_YEAR}{_YEAR_END}"), _resolve_quarter),
    _Rule(
        re.compile(
            r"\b(?:(?P<mod>(?i:last|this|next|early|late))\s+|(?P<prep>(?i:in|during|since|until|by|through|over))\s+"
            r"(?:(?i:the)\s+)?(?:(?i:early|late)\s+)?)?"
            r"(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
            rf"(?:\s+(?:(?i:of)\s+)?{_YEAR}{_YEAR_END})?"
        ),
        _resolve_season,
    ),
    _Rule(
        re.compile(
            r"\b(?P<n>\d{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
            r"\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b"
        ),
        _resolve_ago,
    ),
    _Rule(re.compile(r"\b(?i:on\s+the)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$|and\b))"),
          _resolve_ordinal_day),
)

# Rules whose stated year may anchor a later yearless date in the same sentence.
_ANCHOR_RULES = {"iso-date", "explicit-date", "month-year", "numeric-date"}


def _sentence_starts(text: str) -> list[int]:
    """Return the offsets where sentences start, by a punctuation-and-newline splitter."""
    return [0] + [match.end() for match in _SENTENCE_BREAK.finditer(text)]


def _apply(rules: tuple[_Rule, ...], ctx: _Context) -> Iterator[TimeExpression]:
    """Run rules over the text and yield every expression they resolve."""
    for rule in rules:
        for match in rule.pattern.finditer(ctx.text):
            resolved = rule.resolve(match, ctx)
            if resolved is None:
                continue
            start, end = match.span()
            yield TimeExpression(start, end, ctx.text[start:end], resolved.value, resolved.until,
                                 resolved.granularity, resolved.rule)


def _year_anchors(text: str, found: list[TimeExpression]) -> list[tuple[int, int]]:
    """Return the stated years that can set the year of a later date ("In 2019, ... in May")."""
    anchors = [(e.start, e.value.year) for e in found if e.rule in _ANCHOR_RULES]
    # A bare year sets the year of later dates only when it opens the clause ("In 2019, ..."):
    # "its launch in 2003 and, as of February" must not move February to 2003.
    anchors += [(e.start, e.value.year) for e in found
                if e.rule == "year" and _OPENING_IN.search(text[:e.start][-12:])]
    return sorted(anchors)


def _longest_first(candidates: list[TimeExpression]) -> list[TimeExpression]:
    """Keep the longest of overlapping expressions (earlier rules win ties) and sort by position."""
    chosen: list[TimeExpression] = []
    for candidate in sorted(candidates, key=lambda e: e.start - e.end):
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda e: e.start)


def find_time_expressions(text: str, reference: dt.date | None) -> list[TimeExpression]:
    """Find and resolve the time expressions of ``text`` against the ``reference`` date.

    Without a reference only expressions that state their year are returned.

    >>> [(e.text, e.value.isoformat()) for e in find_time_expressions(
    ...     "Officials said Monday that talks held on August 9, 2020 failed.", dt.date(2020, 8, 24))]
    [('Monday', '2020-08-24'), ('on August 9, 2020', '2020-08-09')]
    """
    starts = _sentence_starts(text)
    ctx = _Context(text, reference, starts, [])
    with_year = list(_apply(_YEAR_RULES, ctx))
    ctx = _Context(text, reference, starts, _year_anchors(text, with_year))
    return _longest_first(with_year + list(_apply(_RELATIVE_RULES, ctx)))


def resolve_expression(expression: str, reference: dt.date) -> TimeExpression | None:
    """Resolve one phrase on its own; return its longest expression, or None when none is found.

    >>> resolve_expression("last week", dt.date(2020, 8, 31)).until
    datetime.date(2020, 8, 30)
    """
    found = find_time_expressions(expression, reference)
    return max(found, key=lambda e: e.end - e.start) if found else None

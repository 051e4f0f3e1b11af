"""Metadata: title, outlet, URL, dateline, language and publication date (with the basis for it).

Which outlet wins, when sources disagree (first match):
1. the container's own hint (a JSON Lines ``outlet``);
2. the publishing site, from the URL or an "Original url:" footer (themoscowtimes.com);
3. an outlet line above the body that the registry knows ("Iran Press TV");
4. the site name an HTML page declares ("Site name: ..." header line from the cleaner);
5. a dateline agency tag ("/TASS/", "(Reuters)"), then a byline naming an agency ("By AFP");
6. the bare host name of an unknown site.
So an AFP story republished on themoscowtimes.com is credited to The Moscow Times: the statement
record is about who *reported* it. The wire agency behind the copy is kept beside it as ``agency``
(from the dateline tag, else a byline naming an agency), so that copy can be told from own reporting.

Dates: a feed/JSON hint, then HTML metadata, then a date line in the header, then a dateline with
a year, then a date in the URL. A dateline without a year ("MOSCOW, August 24. /TASS/.") gives
``partial_date`` and a ``weekday_hint``; ``complete_dates`` later picks the year from corpus evidence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from onrecord.errors import ConfigError
from onrecord.models import CleanDocument, Metadata

__all__ = ["Outlet", "OutletRegistry", "complete_dates", "parse_date", "read_metadata"]

# --- Outlet registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    """A news outlet or wire agency and the names and sites that identify it."""

    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    agency: bool = False


@dataclass
class OutletRegistry:
    """Outlet names, domains and agency tags, from the packaged list plus an optional user file.

    >>> registry = OutletRegistry.load()
    >>> registry.by_url("https://www.themoscowtimes.com/2021/05/05/a").name
    'The Moscow Times'
    >>> registry.by_name("/TASS/").name
    'TASS'
    """

    outlets: list[Outlet] = field(default_factory=list)
    _domains: dict[str, Outlet] = field(default_factory=dict, repr=False)
    _names: dict[str, Outlet] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for outlet in self.outlets:
            self._add(outlet)

    def _add(self, outlet: Outlet) -> None:
        """Index one outlet; a later entry overrides an earlier one with the same key."""
        for domain in outlet.domains:
            self._domains[domain.lower().removeprefix("www.")] = outlet
        for alias in (outlet.name, *outlet.aliases):
            self._names[_name_key(alias)] = outlet

    @classmethod
    def load(cls, extra: Path | None = None) -> OutletRegistry:
        """Load the packaged ``outlets.yaml``, then entries from ``extra`` (which win on conflict)."""
        packaged = resources.files("onrecord") / "data" / "outlets.yaml"
        outlets = _parse_outlets(packaged.read_text(encoding="utf-8"), "outlets.yaml")
        if extra is not None:
            try:
                text = extra.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"cannot read outlet file {extra}: {exc.strerror or exc}") from exc
            outlets += _parse_outlets(text, str(extra))
        return cls(outlets)

    def by_url(self, url: str | None) -> Outlet | None:
        """Find the outlet publishing at a URL, matching parent domains too (edition.cnn.com)."""
        host = (urlsplit(url).hostname or "") if url else ""
        parts = host.lower().removeprefix("www.").split(".")
        for start in range(len(parts) - 1):
            outlet = self._domains.get(".".join(parts[start:]))
            if outlet is not None:
                return outlet
        return None

    def by_name(self, text: str) -> Outlet | None:
        """Find the outlet a name, alias or agency tag (``/TASS/``, ``(Reuters)``) refers to."""
        return self._names.get(_name_key(text))


def _name_key(text: str) -> str:
    """Normalise an outlet name for lookup: case, surrounding punctuation and spacing ignored."""
    return " ".join(text.strip(" \t/().,:;-–—[]").lower().split())


def _parse_outlets(text: str, origin: str) -> list[Outlet]:
    """Parse an outlet YAML list; raise ``ConfigError`` naming the file and entry when it is wrong."""
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin} is not valid YAML: {exc}") from exc
    if not isinstance(entries, list):
        raise ConfigError(f"{origin} must be a list of outlets with 'name', 'domains' and 'aliases'")
    return [_outlet_entry(entry, origin, number) for number, entry in enumerate(entries, start=1)]


def _outlet_entry(entry: Any, origin: str, number: int) -> Outlet:
    """Build one ``Outlet`` from a YAML mapping."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{origin}: entry {number} needs a 'name' string")
    return Outlet(
        name=entry["name"],
        domains=tuple(str(d) for d in entry.get("domains") or ()),
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        agency=bool(entry.get("agency", False)),
    )


@cache
def _default_registry() -> OutletRegistry:
    """Load the packaged registry once per process."""
    return OutletRegistry.load()


# --- Dates -------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_NUMBERS["sept"] = 9
_MONTH = r"(?i:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")"
_WEEKDAY_NAMES = [name.lower() for name in calendar.day_name]
_WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # ISO, maybe with "T07:05"
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b"),  # US order
)
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>\d{1,2})[/-](?P<day>\d{1,2})(?:/|-|\b)")


def parse_date(text: str) -> dt.date | None:
    """Read the first full date (day, month and year) in a string.

    >>> parse_date("Monday, 31 August 2020 3:37 PM")
    datetime.date(2020, 8, 31)
    >>> parse_date("August 15, 2020")
    datetime.date(2020, 8, 15)
    """
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from_match(match)
            if found is not None:
                return found
    return None


def _date_from_match(match: re.Match[str]) -> dt.date | None:
    """Build a date from a match with ``year``, ``day`` and ``mon`` (name) or ``month`` groups."""
    groups = match.groupdict()
    month = _MONTH_NUMBERS[groups["mon"].lower()] if groups.get("mon") else int(groups["month"])
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


# --- Dateline ----------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3})"
    rf"(?:,\s+(?!{_MONTH}\b)[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?)?"  # region: "MINSK, Belarus"
    rf"(?:,\s+(?:(?P<mon1>{_MONTH})\.?\s+(?P<day1>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?)?"
    r"\s*[.,]?\s*(?:/(?P<tag>[A-Za-z][\w-]*(?:\s[A-Za-z][\w-]*)?)/\.?|\((?P<tag2>[A-Za-z][\w .&/-]{0,30})\))?"
    r"\s*(?P<sep>[-–—:.]*)\s",
)


@dataclass(frozen=True)
class Dateline:
    """The opening "PLACE, Month Day. /AGENCY/." of a wire story."""

    place: str
    month: int | None
    day: int | None
    year: int | None
    agency_tag: str | None
    story: str  # the paragraph's text after the dateline


def read_dateline(paragraph: str) -> Dateline | None:
    """Parse the dateline at the start of a paragraph, if there is one.

    >>> read_dateline("MOSCOW, August 24. /TASS/. The minister said Monday it was fine.").agency_tag
    'TASS'
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    groups = match.groupdict()
    month_name = groups["mon1"] or groups["mon2"]
    tag = groups["tag"] or groups["tag2"]
    if not (month_name or tag or groups["sep"].strip(".")):
        return None  # "NATO said..." is a sentence, not a dateline
    return Dateline(
        place=groups["place"].rstrip(".,"),
        month=_MONTH_NUMBERS[month_name.lower()] if month_name else None,
        day=int(groups["day1"] or groups["day2"]) if month_name else None,
        year=int(groups["year"]) if groups["year"] else None,
        agency_tag=tag.strip() if tag else None,
        story=paragraph[match.end() :],
    )


def _weekday_hint(text: str) -> int | None:
    """Return the weekday (0=Monday) named in the first sentence of a story, if any."""
    first_sentence = re.split(r"(?<=[.!?])\s+(?=[\"“A-Z])", text.strip(), maxsplit=1)[0]
    match = _WEEKDAY.search(first_sentence)
    return _WEEKDAY_NAMES.index(match.group(1).lower()) if match else None


# --- Language ----------------------------------------------------------------------------------

_STOP_WORDS = {
    "en": "the of and to in a is that for on was with he it as at by from said his be has have are were",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an",
    "fr": "le la les de des et en un une du est que pour dans qui au sur par pas il a se ne ce",
    "es": "el la de que y en los del se las por un para con una su al lo como más pero sus",
    "it": "il di che la e in un per del della è non una con le si da al sono gli nel",
    "pt": "o a de que e do da em um para com não uma os no se na por mais as dos",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als door",
    "ru": "и в не на что с он по как это к но из а то за от так же все о его",
    "uk": "і в не на що з він до як це та але із а й за від так же все про його",
}
_STOP_SETS = {code: frozenset(words.split()) for code, words in _STOP_WORDS.items()}
_MIN_STOP_RATIO = 0.12
# Languages told apart by their script alone, where function words do not apply.
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7a3]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)


def detect_language(text: str) -> str | None:
    """Guess the ISO 639-1 language of a text from its share of common function words.

    >>> detect_language("The minister said that the talks were going well and he was hopeful.")
    'en'
    """
    sample = text[:20_000]
    letters = sum(ch.isalpha() for ch in sample)
    for code, script in _SCRIPTS:
        # Japanese mixes kana with Chinese characters, so kana is checked before Han.
        if letters and len(script.findall(sample)) / letters > (0.05 if code == "ja" else 0.3):
            return code
    tokens = re.findall(r"\w+", sample.lower())
    if len(tokens) < 5:
        return None
    ratios = {code: sum(t in words for t in tokens) / len(tokens) for code, words in _STOP_SETS.items()}
    best = max(ratios, key=lambda code: ratios[code])
    return best if ratios[best] >= _MIN_STOP_RATIO else None


# --- Reading metadata --------------------------------------------------------------------------

_ORIGINAL_URL = re.compile(r"^original url:\s*(?P<url>\S+)$", re.I)
_SITE_NAME = re.compile(r"^Site name:\s*(?P<name>.+)$")
_BYLINE = re.compile(r"^(?:by|written by|reporting by)\s+(?P<who>.+)$", re.I)


def _footer_url(clean: CleanDocument) -> str | None:
    """Return the URL from an "Original url:" line the cleaner collected."""
    for line in clean.header_lines:
        match = _ORIGINAL_URL.match(line)
        if match:
            return match.group("url")
    return None


def _byline_outlet(lines: Sequence[str], registry: OutletRegistry) -> Outlet | None:
    """Find an outlet named by a byline: "By AFP", "By Jane Doe, Reuters", "By Jane Doe and AP"."""
    for line in lines:
        match = _BYLINE.match(line)
        if match is None:
            continue
        for part in re.split(r",|\band\b|\||/(?!\w+/)", match.group("who")):
            outlet = registry.by_name(part)
            if outlet is not None:
                return outlet
    return None


def _agency(clean: CleanDocument, dateline: Dateline | None, registry: OutletRegistry) -> str | None:
    """Return the wire agency behind the copy: a dateline's tag ("/TASS/", "(Reuters)"), else a byline
    naming an agency ("By AFP"). A tag the registry knows as an outlet but not an agency ("(CNN)") is none."""
    if dateline and dateline.agency_tag:
        tagged = registry.by_name(dateline.agency_tag)
        if tagged is None:
            return dateline.agency_tag  # "/NORDPRESS/." is a wire's tag by its form
        return tagged.name if tagged.agency else None
    byline = _byline_outlet(clean.header_lines, registry)
    return byline.name if byline is not None and byline.agency else None


def _choose_outlet(
    clean: CleanDocument, url: str | None, dateline: Dateline | None, registry: OutletRegistry
) -> str | None:
    """Choose the outlet by the precedence in the module docstring."""
    hint = clean.raw.outlet
    if hint:
        known = registry.by_name(hint)
        return known.name if known else hint
    site = registry.by_url(url)
    if site is not None:
        return site.name
    named = (registry.by_name(line) for line in clean.header_lines)
    line_outlet = next((outlet for outlet in named if outlet is not None), None)
    if line_outlet is not None:
        return line_outlet.name
    site_name = next((m.group("name") for line in clean.header_lines if (m := _SITE_NAME.match(line))), None)
    if site_name:
        site_name = site_name.split(" | ")[0].strip()  # "Autoracing | F1 | Indy" names sections too
        known = registry.by_name(site_name)
        return known.name if known else site_name
    tagged = registry.by_name(dateline.agency_tag) if dateline and dateline.agency_tag else None
    if tagged is not None:
        return tagged.name
    byline = _byline_outlet(clean.header_lines, registry)
    if byline is not None:
        return byline.name
    if dateline and dateline.agency_tag:  # "/NORDPRESS/." names a wire even when the registry does not
        return dateline.agency_tag
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


@dataclass(frozen=True)
class _Published:
    """A publication date with its basis, or the partial date a dateline gave."""

    date: dt.date | None = None
    basis: str | None = None
    partial: tuple[int, int] | None = None


def _published(clean: CleanDocument, url: str | None, dateline: Dateline | None) -> _Published:
    """Pick the publication date by the precedence in the module docstring."""
    candidates = (
        (clean.raw.published, "feed"),
        (clean.html_published, "html-meta"),
        *((line, "date-line") for line in clean.header_lines if not _ORIGINAL_URL.match(line)),
    )
    for text, basis in candidates:
        found = parse_date(text) if text else None
        if found is not None:
            return _Published(found, basis)
    if dateline and dateline.month and dateline.day:
        if dateline.year:
            try:
                return _Published(dt.date(dateline.year, dateline.month, dateline.day), "dateline")
            except ValueError:
                pass
        from_url = _url_date(url)
        if from_url is not None:
            return _Published(from_url, "url")
        return _Published(partial=(dateline.month, dateline.day))
    from_url = _url_date(url)
    return _Published(from_url, "url") if from_url else _Published()


def _url_date(url: str | None) -> dt.date | None:
    """Read a /2020/08/15/ style date from a URL path."""
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    return _date_from_match(match) if match else None


def read_metadata(clean: CleanDocument, registry: OutletRegistry | None = None) -> Metadata:
    """Read title, outlet, URL, dateline, language and publication date of a cleaned article.

    >>> from onrecord.models import RawDocument
    >>> raw = RawDocument("a.txt", "", "text")
    >>> doc = CleanDocument(raw, "MOSCOW, May 4. /TASS/. The envoy said Tuesday talks went well.", "Talks")
    >>> meta = read_metadata(doc)
    >>> (meta.outlet, meta.agency, meta.dateline_place, meta.partial_date, meta.weekday_hint)
    ('TASS', 'TASS', 'MOSCOW', (5, 4), 1)
    """
    registry = registry or _default_registry()
    url = clean.raw.url or _footer_url(clean)
    paragraphs = clean.text.split("\n\n")
    # The dateline opens the story, which may come after a standfirst paragraph.
    dateline = next((found for para in paragraphs[:2] if (found := read_dateline(para))), None)
    published = _published(clean, url, dateline)
    story = dateline.story if dateline else paragraphs[0]
    return Metadata(
        title=(clean.raw.title or clean.headline or None),
        outlet=_choose_outlet(clean, url, dateline, registry),
        url=url,
        dateline_place=dateline.place if dateline else None,
        published=published.date,
        published_basis=published.basis,
        language=detect_language(clean.text),
        partial_date=published.partial,
        weekday_hint=_weekday_hint(story) if published.partial else None,
        agency=_agency(clean, dateline, registry),
    )


# --- Year completion ---------------------------------------------------------------------------

_WEEKDAY_SEARCH_YEARS = 11  # a (month, day) falls on each weekday at least once in 11 years
_WEEKDAY_MARGIN = dt.timedelta(days=183)  # how far outside the corpus span a weekday may place a story


def complete_dates(metas: Sequence[Metadata], known_dates: Sequence[dt.date] = ()) -> list[Metadata]:
    """Fill the year of partial datelines from corpus evidence; return the metadata in order.

    Candidate years are those where (month, day) exists, is not in the future, and falls on the
    hinted weekday; the one nearest the corpus's full dates (other documents plus ``known_dates``)
    wins. A weekday that fits only outside the corpus's span widened by half a year is ignored
    (the story may report an earlier day) and the nearest year is taken. Without corpus dates, a
    weekday picks the latest past year that fits; with neither, the date stays partial.

    >>> partial = Metadata(None, None, None, "MOSCOW", None, None, "en", (8, 24), 0)
    >>> dated = replace(partial, published=dt.date(2020, 8, 31), partial_date=None)
    >>> complete_dates([partial, dated])[0].published
    datetime.date(2020, 8, 24)
    """
    corpus = sorted({m.published for m in metas if m.published} | set(known_dates))
    today = dt.date.today()
    return [_complete(meta, corpus, today) if _needs_year(meta) else meta for meta in metas]


def _needs_year(meta: Metadata) -> bool:
    """Tell whether a metadata record has only a (month, day) date."""
    return meta.published is None and meta.partial_date is not None


def _complete(meta: Metadata, corpus: list[dt.date], today: dt.date) -> Metadata:
    """Choose the year for one partial date."""
    assert meta.partial_date is not None
    month, day = meta.partial_date
    low = (corpus[0].year if corpus else today.year) - _WEEKDAY_SEARCH_YEARS
    high = min(corpus[-1].year + _WEEKDAY_SEARCH_YEARS if corpus else today.year, today.year)
    candidates = [d for year in range(low, high + 1) if (d := _safe_date(year, month, day)) and d <= today]
    if not candidates:
        return meta
    weekday = [d for d in candidates if d.weekday() == meta.weekday_hint]
    if not corpus:
        return replace(meta, published=weekday[-1], published_basis="dateline+weekday") if weekday else meta
    nearest = min(candidates, key=lambda d: _distance(d, corpus))
    window = (corpus[0] - _WEEKDAY_MARGIN, corpus[-1] + _WEEKDAY_MARGIN)
    plausible = [d for d in weekday if window[0] <= d <= window[1]]
    if plausible:
        best = min(plausible, key=lambda d: _distance(d, corpus))
        return replace(meta, published=best, published_basis="dateline+weekday+corpus")
    return replace(meta, published=nearest, published_basis="dateline+corpus")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a date, or ``None`` when it does not exist (29 February in a common year)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _distance(day: dt.date, corpus: list[dt.date]) -> int:
    """Days from a date to the nearest corpus date."""
    return min(abs((day - other).days) for other in corpus)

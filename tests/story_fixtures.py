"""Hand-written articles for the corpus-level stages (fictional places, people and outlets).

Two stories: the disputed Valdorian election (a wire report, its syndicated copy under another
outlet's boilerplate, follow-ups) and the Brennhaven tram line, which must never merge with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onrecord.models import Document, Metadata, Statement
from onrecord.store import Store, document_id


@dataclass(frozen=True)
class Quote:
    """A statement of a fixture article, located by its text."""

    speaker: str
    text: str
    cue: str = "said"
    kind: str = "direct"
    said_on: dt.date | None = None


@dataclass(frozen=True)
class Article:
    """A fixture article: text, metadata and its statements."""

    key: str
    outlet: str
    published: dt.date
    title: str
    text: str
    quotes: tuple[Quote, ...] = ()
    agency: str | None = None

    def document(self) -> Document:
        statements = []
        for q in self.quotes:
            start = self.text.index(q.text)
            speaker_at = self.text.find(q.speaker.split()[-1])
            statements.append(Statement(
                kind=q.kind, text=q.text, start=start, end=start + len(q.text), cue=q.cue,  # type: ignore[arg-type]
                speaker_mention=q.speaker, speaker_start=speaker_at if speaker_at >= 0 else None,
                speaker_end=speaker_at + len(q.speaker.split()[-1]) if speaker_at >= 0 else None,
                speaker=q.speaker, speaker_type="PERSON", said_on=q.said_on or self.published,
                said_on_basis="published" if q.said_on is None else "fixture"))
        meta = Metadata(title=self.title, outlet=self.outlet, url=None, dateline_place=None,
                        published=self.published, published_basis="fixture", language="en", agency=self.agency)
        return Document(document_id(self.text), self.key, self.text, meta, statements)


def save(store: Store, articles: list[Article]) -> None:
    """Save articles in the order given."""
    for article in articles:
        store.save_document(article.document(), article.key)


KOVIN_FRAUD = "There was no fraud in this election and the count was carried out according to the law"
KOVIN_CALM = "the security forces acted with restraint and the situation in Tarnov is calm"
BRASK_RIGGED = "The result was rigged from the first hour and we will not accept it"
KOVIN_TALKS = "The government is ready to hold talks with the opposition next week"
KOVIN_NO_TALKS = "The government is not ready to hold talks with the opposition next week"

WIRE = Article(
    "harbourwire/valdoria-vote.txt", "Harbour Wire", dt.date(2024, 3, 4),
    "Valdoria rejects fraud claims as protests grow in Tarnov",
    "TARNOV, March 4 (Harbour Wire). Valdoria's government on Monday rejected opposition claims that "
    "the presidential election was stolen, as thousands of protesters marched through the capital "
    "for a second night.\n\n"
    f"\"{KOVIN_FRAUD},\" government spokeswoman Marta Kovin told reporters in Tarnov.\n\n"
    f"Kovin added that {KOVIN_CALM}, and that the electoral commission would publish the final "
    "protocols by Friday.\n\n"
    f"Opposition leader Ilya Brask disagreed. \"{BRASK_RIGGED},\" Brask told a crowd outside the "
    "electoral commission building, where riot police stood in lines behind metal barriers.\n\n"
    "Observers from the Lindmark Institute said they had seen ballot boxes arrive at counting centres "
    "without seals in three districts of Tarnov and in the port city of Vessa.",
    (Quote("Marta Kovin", KOVIN_FRAUD), Quote("Marta Kovin", KOVIN_CALM, "added", "indirect"),
     Quote("Ilya Brask", BRASK_RIGGED, "told")),
)

COPY = Article(
    "northgate/valdoria-vote.html", "Northgate Ledger", dt.date(2024, 3, 5),
    "Valdoria rejects fraud claims as protests grow in Tarnov",
    "Republished from Harbour Wire under a syndication agreement with the Northgate Ledger newsroom.\n\n"
    + WIRE.text
    + "\n\nThe Northgate Ledger is an independent regional daily; its editors did not add any reporting "
    "to this wire article.",
    WIRE.quotes,
    agency="Harbour Wire",
)

FOLLOW_UP = Article(
    "coastline/valdoria-talks.txt", "Coastline Daily", dt.date(2024, 3, 6),
    "Valdorian government offers talks to Brask's opposition",
    "VESSA. Two days after the disputed Valdorian presidential election sparked protests in Tarnov and "
    "Vessa, the government offered to meet opposition leader Ilya Brask.\n\n"
    f"\"{KOVIN_TALKS},\" spokeswoman Marta Kovin said on Wednesday, repeating that there was no fraud "
    "in the election and that the electoral commission counted the votes according to the law.\n\n"
    f"Brask's camp was unmoved. \"{BRASK_RIGGED},\" Ilya Brask said again at a rally in Vessa, "
    "demanding a recount of every ballot in the capital Tarnov and the release of detained protesters.",
    (Quote("Marta Kovin", KOVIN_TALKS, said_on=dt.date(2024, 3, 6)),
     Quote("Ilya Brask", BRASK_RIGGED, said_on=dt.date(2024, 3, 6))),
)

REVERSAL = Article(
    "harbourwire/valdoria-no-talks.txt", "Harbour Wire", dt.date(2024, 3, 12),
    "Valdoria shelves talks with opposition after new Tarnov protests",
    "TARNOV, March 12 (Harbour Wire). Valdoria's government shelved its offer of talks with the "
    "opposition on Tuesday after a week of protests in Tarnov over the disputed presidential election.\n\n"
    f"\"{KOVIN_NO_TALKS},\" spokeswoman Marta Kovin told reporters, blaming opposition leader Ilya Brask "
    "for the clashes between protesters and riot police outside the electoral commission in Tarnov.",
    (Quote("Marta Kovin", KOVIN_NO_TALKS, "told", said_on=dt.date(2024, 3, 12)),),
)

ELDER_TRAM = "The new tram line will connect the harbour district with the university campus by 2026"
TRAM = Article(
    "brennhavenpost/tram.txt", "Brennhaven Post", dt.date(2024, 3, 5),
    "Brennhaven council approves harbour tram line",
    "BRENNHAVEN. The Brennhaven city council approved a new tram line on Tuesday after a two-year "
    "debate over its route along the old canal.\n\n"
    f"\"{ELDER_TRAM},\" Mayor Tomas Eld said after the vote, adding that construction of the tram "
    "depot would begin in the summer.\n\n"
    "Shopkeepers on Canal Street fear that two years of tram construction will drive their customers "
    "to the malls on the ring road, the Brennhaven traders' association warned.",
    (Quote("Tomas Eld", ELDER_TRAM),),
)

TRAM_COSTS = Article(
    "kestrelpost/tram-costs.txt", "Kestrel Post", dt.date(2024, 3, 8),
    "Brennhaven tram line cost rises to 240 million",
    "BRENNHAVEN. The cost of Brennhaven's harbour tram line has risen to 240 million crowns, the city "
    "council's budget office said on Friday, three days after councillors approved the route.\n\n"
    "Mayor Tomas Eld said the tram depot and the canal bridge explained most of the increase and that "
    "the line would still reach the university campus by 2026.",
    (Quote("Tomas Eld", "the tram depot and the canal bridge explained most of the increase",
           kind="indirect"),),
)

ALL = [WIRE, COPY, FOLLOW_UP, REVERSAL, TRAM, TRAM_COSTS]


def generated(count: int, start: int = 0) -> list[Article]:
    """Return more short articles alternating between the two stories (for incremental tests)."""
    items = []
    for i in range(start, start + count):
        day = dt.date(2024, 3, 13) + dt.timedelta(days=i % 9)
        if i % 2:
            text = (f"TARNOV. Protesters gathered in Tarnov for the {i}th evening over the disputed "
                    "Valdorian election, and opposition leader Ilya Brask again demanded a recount in "
                    "Tarnov and Vessa.\n\n"
                    f"\"Every ballot of district {i} must be counted again,\" Brask said.")
            quote = Quote("Ilya Brask", f"Every ballot of district {i} must be counted again")
            items.append(Article(f"gen/valdoria-{i}.txt", f"Outlet {i % 4}", day,
                                 "Brask demands Tarnov recount", text, (quote,)))
        else:
            text = (f"BRENNHAVEN. Work on the Brennhaven harbour tram line reached stop {i} along the canal, "
                    f"Mayor Tomas Eld said, and the tram depot is on schedule for the university line.\n\n"
                    f"\"Stop {i} of the tram line will open before the winter,\" Eld said.")
            quote = Quote("Tomas Eld", f"Stop {i} of the tram line will open before the winter")
            items.append(Article(f"gen/tram-{i}.txt", f"Outlet {i % 4}", day,
                                 "Brennhaven tram works advance", text, (quote,)))
    return items

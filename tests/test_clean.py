"""Cleaning rules on hand-written articles in wire-agency, broadcaster and republished-AFP style."""

from __future__ import annotations

import pytest

from onrecord.clean import BoilerplateIndex, clean_document, fix_unicode, line_rule
from onrecord.errors import IngestError
from onrecord.models import CleanDocument, RawDocument

AGENCY_STORY = """All news

Ministry expects grain talks to resume next month

The deputy minister noted that the consultations with partners had been constructive
Deputy Minister Ivan Petrov Anna Sidorova/TASS
Deputy Minister Ivan Petrov
© Anna Sidorova/TASS

VOLOGDA, March 3. /TASS/. Grain export talks will resume in April, Deputy Minister Ivan Petrov said Tuesday.

"We expect the next round in the first half of April. […] The ‘technical’ issues are settled," he said.

Quota talks

He added that the quota question remained open
and would be discussed separately."""

BROADCASTER_STORY = """HELPLINE - Make a charitable donation to the harbor relief fund!

Military Aviation News

Example Press TV

Port authority says new terminal will open before winter

Example Press TV

Tuesday, 14 October 2025 9:12 AM

The port authority says the new container terminal will open before winter, despite delays.

Its director told reporters on Tuesday that "the cranes are in place" and testing had begun.

Join the Example.org mailing list"""

REPUBLISHED_STORY = """

Harbor Strike Ends After Two Weeks

By [AFP](#)

May 5, 2021



Jane Roe / AFP

Dock workers returned to work on Wednesday after a two-week strike, their union said in a statement.

"We won most of what we asked for," a union spokeswoman told [local radio](https://radio.example/item).

Original url:

<https://www.example-times.com/2021/05/05/harbor-strike-ends-a70>

123"""


def clean(body: str, source: str = "story.txt") -> CleanDocument:
    return clean_document(RawDocument(source=source, body=body, format="text"))


def test_agency_story_headline_and_dateline_paragraph() -> None:
    doc = clean(AGENCY_STORY)
    assert doc.headline == "Ministry expects grain talks to resume next month"
    assert doc.text.split("\n\n")[1].startswith("VOLOGDA, March 3. /TASS/. Grain export talks")


def test_agency_story_keeps_the_standfirst_but_drops_caption_and_credits() -> None:
    doc = clean(AGENCY_STORY)
    first = doc.text.split("\n\n")[0]
    assert first == "The deputy minister noted that the consultations with partners had been constructive"
    assert "Sidorova" not in doc.text and "All news" not in doc.text
    assert ("Deputy Minister Ivan Petrov", "caption") in {(r.text, r.reason) for r in doc.removed}
    assert "© Anna Sidorova/TASS" in doc.header_lines


def test_subhead_is_dropped_and_lines_of_a_block_are_joined() -> None:
    doc = clean(AGENCY_STORY)
    assert "Quota talks" not in doc.text
    assert doc.text.endswith("remained open and would be discussed separately.")
    assert any(line.text == "Quota talks" and line.reason == "subhead" for line in doc.removed)


def test_a_block_with_a_paragraph_on_each_line_keeps_them_apart() -> None:
    readers = ("\u201cThe new ferry timetable leaves the island without a morning boat twice a week, and nobody at "
               "the council has answered our letters.\u201d \u2015 Ana Ruiz")
    text = ("Ferry riders speak out\n\nWe asked islanders what they think of the new timetable. Here is what they "
            f"said.\n\n{readers}\n\u201cIt is a disgrace.\u201d \u2015 Tom Lind")
    doc = clean(text)
    assert doc.text.endswith(f"{readers}\n\n\u201cIt is a disgrace.\u201d \u2015 Tom Lind")


def test_quotes_ellipsis_and_brackets_in_the_body_are_kept() -> None:
    assert "April. […] The ‘technical’ issues" in clean(AGENCY_STORY).text


def test_broadcaster_story_skips_section_and_outlet_lines_for_the_headline() -> None:
    doc = clean(BROADCASTER_STORY)
    assert doc.headline == "Port authority says new terminal will open before winter"
    assert {"Example Press TV", "Tuesday, 14 October 2025 9:12 AM"} <= set(doc.header_lines)


def test_broadcaster_story_drops_donation_and_mailing_list_banners() -> None:
    doc = clean(BROADCASTER_STORY)
    assert doc.text.startswith("The port authority says")
    assert doc.text.endswith("testing had begun.")
    reasons = {line.text: line.reason for line in doc.removed}
    assert reasons["Join the Example.org mailing list"] == "banner"
    assert reasons["HELPLINE - Make a charitable donation to the harbor relief fund!"] == "banner"


def test_republished_story_moves_byline_date_and_credit_to_header_lines() -> None:
    doc = clean(REPUBLISHED_STORY)
    assert doc.headline == "Harbor Strike Ends After Two Weeks"
    assert doc.header_lines[:3] == ("By AFP", "May 5, 2021", "Jane Roe / AFP")
    assert doc.text.startswith("Dock workers returned")


def test_original_url_broken_over_lines_is_joined_and_removed() -> None:
    doc = clean(REPUBLISHED_STORY)
    url = "https://www.example-times.com/2021/05/05/harbor-strike-ends-a70123"
    assert f"Original url: {url}" in doc.header_lines
    assert "123" not in doc.text and "http" not in doc.text


def test_bare_link_in_the_body_is_dropped_but_not_taken_as_the_article_url() -> None:
    doc = clean(AGENCY_STORY.replace("Quota talks", "<https://ministry.example/report.pdf>"))
    assert "ministry.example" not in doc.text
    assert not any("ministry.example" in line for line in doc.header_lines)


def test_markdown_links_keep_only_their_text() -> None:
    assert "told local radio." in clean(REPUBLISHED_STORY).text


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("All news", "navigation"),
        ("Share Tweet Email", "share widget"),
        ("Sign up for our morning newsletter", "banner"),
        ("By Jane Doe and John Roe", "byline"),
        ("August 15, 2020", "date line"),
        ("Published: Mon 3 Feb 2025, 10:45 GMT", "date line"),
        ("Photo: Maria Lind", "credit"),
        ("Protesters in the square Petr Ivanov/Sputnik", "credit"),
        ("https://example.org/a/b", "link"),
        ("Original url: https://example.org/a/b", "original url"),
        ("He said the port would open on May 5, 2021, if the cranes arrived.", None),
        ("By the end of the day, the union said, most workers had returned.", None),
        ("By the end of the day", None),
        ("He urged residents of the port city to make a donation to the strike fund.", None),
        ("Make a donation today", "banner"),
    ],
)
def test_line_rules(line: str, rule: str | None) -> None:
    assert line_rule(line) == rule


def test_fix_unicode_repairs_mojibake_and_spaces_but_keeps_quotes() -> None:
    assert fix_unicode("the unionâ€™s\u00a0view") == "the union’s view"
    assert fix_unicode("cafÃ© «open» “yes” ‘no’") == "café «open» “yes” ‘no’"
    assert fix_unicode("cafe\u0301\u200b") == "café"


def test_recurring_line_across_a_source_group_is_boilerplate() -> None:
    footer = "Tip us off at the newsroom desk"
    raws = [
        RawDocument(f"/corpus/site/{n}.txt", f"Story {n} headline here\n\n{footer}\n\nBody {n}.", "text")
        for n in range(4)
    ]
    index = BoilerplateIndex.build([*raws, RawDocument("/other/x.txt", footer, "text")])
    assert index.is_boilerplate(footer, "/corpus/site")
    assert not index.is_boilerplate("Story 1 headline here and more", "/corpus/site")
    assert not index.is_boilerplate(footer, "/other")


def test_clean_drops_a_recurring_line_only_with_corpus_evidence() -> None:
    footer = "Tips can be sent to our newsroom desk by phone."
    body = "Dock workers in {} returned to work on Wednesday, their union said in a statement."
    towns = ["Alpha", "Beta", "Gamma"]
    raws = [RawDocument(f"/corpus/site/{t}.txt", f"{body.format(t)}\n\n{footer}", "text") for t in towns]
    index = BoilerplateIndex.build(raws)
    assert footer not in clean_document(raws[0], index).text
    assert footer in clean_document(raws[0]).text


def test_text_with_nothing_but_boilerplate_is_refused() -> None:
    with pytest.raises(IngestError) as caught:
        clean("All news\n\nShare Tweet Email\n\nJoin the Example.org mailing list")
    assert caught.value.stage == "clean"


HTML_PAGE = """<!DOCTYPE html><html><head>
<title>Harbor strike ends | Example Times</title>
<meta property="og:title" content="Harbor strike ends after two weeks">
<meta property="og:url" content="https://www.example-times.com/2021/05/05/harbor-strike">
<meta property="article:published_time" content="2021-05-05T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbor strike ends after two weeks</h1>
<p>Dock workers in the port returned to work on Wednesday after a two-week strike over pay,
their union said in a statement that was read out at the gates.</p>
<p>"We won most of what we asked for, and the rest will come," a union spokeswoman told reporters
outside the harbor office, adding that talks with the port company would continue next month.</p>
<p>The port company said the cranes would be back in full service by the weekend and that
ships waiting in the bay would be unloaded in the order they arrived.</p>
</article>
<footer>© 2021 Example Times. All rights reserved.</footer>
</body></html>"""


def test_html_page_gives_paragraphs_title_date_and_canonical_url() -> None:
    doc = clean_document(RawDocument(source="page.html", body=HTML_PAGE, format="html"))
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 3 and paragraphs[0].startswith("Dock workers in the port returned")
    assert doc.headline == "Harbor strike ends after two weeks"
    assert doc.html_published == "2021-05-05"
    assert doc.raw.url == "https://www.example-times.com/2021/05/05/harbor-strike"
    assert "All rights reserved" not in doc.text

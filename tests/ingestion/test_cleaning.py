"""Cleaning: formats to text, whitespace and paragraphs, publisher boilerplate removed by general rules."""

from __future__ import annotations

import pytest

from timeline.ingestion.cleaning import clean, detect_format, split_paragraphs, strip_boilerplate

REAL = "The White House said last week a second summit would be held in late February."


@pytest.mark.parametrize(
    "line",
    [
        "Your support helps us to tell the story",
        "Your donation allows us to keep sending journalists to speak to both sides of the story.",
        "Your support makes all the difference.",
        "We choose not to lock readers out of our reporting with paywalls.",
        "Join our commenting forum",
        "Join thought-provoking conversations, follow other Independent readers and see their replies",
        "Comments",
        "View 12 comments",
        "Sign up to our free morning newsletter",
        "Subscribe to our daily briefing email",
        "We use cookies to improve your experience.",
        "Accept all cookies",
        "Share this article",
        "Facebook | Twitter | WhatsApp",
        "Read more: Trump and Kim to meet again",
        "Additional reporting by agencies",
        "Related: Kim's train arrives in Hanoi",
        "Most popular",
        "Advertisement",
        "Follow us on Twitter",
        "Click here to read the full transcript",
        "Subscribe now",
        "Get the morning headlines delivered to your inbox",
        "Download our free app",
        "Print this article",
        "Photograph: Jorge Silva/Reuters",
        "Topics: North Korea, Donald Trump",
    ],
)
def test_boilerplate_lines_are_dropped(line):
    assert strip_boilerplate([REAL, line]) == [REAL]


@pytest.mark.parametrize(
    "line",
    [
        # Reporting that merely shares words with chrome must survive.
        "More than 100 people attended the talks in Stockholm.",
        "Comments by the foreign minister angered Seoul.",
        "Mr Trump shared the letter with reporters on Thursday.",
        "The summit makes a difference for the region, officials said.",
        "Readers of the state newspaper were told the meeting went well.",
        "Subscribers to the agency's service received the statement on Monday.",
        "Photographs showed the two leaders shaking hands in Hanoi.",
        "Registered voters in Seoul backed the summit.",
    ],
)
def test_reporting_that_resembles_boilerplate_is_kept(line):
    assert strip_boilerplate([REAL, line]) == [REAL, line]


def test_appeal_glued_to_the_first_sentence_is_cut_at_the_glue():
    # Regression: the seed article has no space between the appeal and the news ("difference.North").
    paragraphs = ["Your support makes all the difference.North Korea‘s leader has expressed satisfaction."]
    assert strip_boilerplate(paragraphs) == ["North Korea‘s leader has expressed satisfaction."]


def test_paragraphs_between_two_appeal_lines_are_the_same_appeal():
    paragraphs = [
        "Your support helps us to tell the story",
        "From climate change to Big Tech, we are on the ground when the story is developing.",
        "At such a critical moment, we need reporters on the ground.",
        "Your support makes all the difference.",
        REAL,
    ]
    assert strip_boilerplate(paragraphs) == [REAL]


def test_line_endings_spaces_and_paragraphs_are_normalised():
    raw = "First  paragraph\u00a0here.\r\n\r\n\r\nSecond\tparagraph.\rThird\u200b one.\n"
    assert split_paragraphs(raw) == ["First paragraph here.", "Second paragraph.", "Third one."]
    assert clean(raw).body == "First paragraph here.\n\nSecond paragraph.\n\nThird one."


def test_hard_wrapped_paragraphs_are_rejoined():
    raw = (
        "The White House said last week that a second summit between the\n"
        "two leaders would be held in late February, but it did not say\n"
        "where.\n\nA second paragraph."
    )
    assert split_paragraphs(raw) == [
        "The White House said last week that a second summit between the two leaders would be held in late "
        "February, but it did not say where.",
        "A second paragraph.",
    ]


def test_headline_repeating_the_title_is_dropped_standfirst_kept():
    raw = "Kim ‘enjoys’ letter\nStandfirst about the letter.\nBody text."
    assert clean(raw, title="Kim 'enjoys' letter").body == "Standfirst about the letter.\n\nBody text."


def test_markdown_is_rendered_to_text():
    raw = "# Heading\n\nMr **Trump** met [Kim Jong-un](https://example.org) in *Hanoi*.\n\n- one\n- two\n"
    cleaned = clean(raw, fmt="auto")
    assert cleaned.source_format == "markdown"
    # The heading reads as a headline and is dropped like one (the title is stored separately).
    assert cleaned.body == "Mr Trump met Kim Jong-un in Hanoi.\n\none\n\ntwo"


def test_html_main_text_is_extracted_without_chrome():
    html = (
        "<!doctype html><html><head><title>Summit</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        "<article><h1>Second summit</h1>"
        "<p>The White House said last week that a second summit between the two leaders would be held in late "
        "February, but it did not say where the meeting would take place.</p>"
        "<p>Mr Pompeo told Fox News on Wednesday that he hoped for a substantial step at the end of February.</p>"
        "<p>Sign up to our newsletter</p></article>"
        "<footer>We use cookies. Copyright 2019 Example News</footer></body></html>"
    )
    cleaned = clean(html)
    assert cleaned.source_format == "html"
    assert "The White House said last week" in cleaned.body
    assert "Mr Pompeo told Fox News on Wednesday" in cleaned.body
    for chrome in ("var x", "Home", "cookies", "newsletter", "<p>"):
        assert chrome not in cleaned.body


def test_html_too_small_for_trafilatura_falls_back_to_lxml():
    cleaned = clean("<p>Mr Kim met Mr Trump on <b>Sunday</b>.</p><p>Talks follow.</p>", fmt="html")
    assert cleaned.body == "Mr Kim met Mr Trump on Sunday.\n\nTalks follow."


@pytest.mark.parametrize(
    "text, fmt",
    [
        ("Plain news text. On Monday the talks began.", "text"),
        ("## Talks\n\nOn Monday the talks began.", "markdown"),
        ("<html><body><p>On Monday</p><p>talks</p></body></html>", "html"),
        # Angle brackets in prose are not HTML.
        ("Turnout was <50% and rising > expected.", "text"),
    ],
)
def test_format_detection(text, fmt):
    assert detect_format(text) == fmt


def test_html_article_page_keeps_the_story_and_drops_link_lists():
    story = "".join(
        f"<p>Paragraph {i}: the White House said the second summit between the two leaders would be held in "
        f"late February, and officials in Seoul and Washington discussed the preparations at length.</p>"
        for i in range(1, 9)
    )
    related = "".join(f"<li><a href='/story/{i}'>Another story number {i}</a></li>" for i in range(12))
    html = (
        "<html><head><title>Summit</title></head><body><header><a href='/'>News</a></header>"
        f"<main><article><h1>Second summit</h1>{story}</article>"
        f"<div class='related'><h2>Related</h2><ul>{related}</ul></div></main></body></html>"
    )
    body = clean(html, fmt="html").body
    assert body.count("the second summit between the two leaders") == 8
    assert "Paragraph 1:" in body and "Paragraph 8:" in body
    assert "Another story number" not in body

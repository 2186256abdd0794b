"""Sentence spans index into the body exactly and never cross paragraphs."""

from __future__ import annotations

from timeline.ingestion.sentences import sentence_span, split_sentences


def test_spans_match_the_text_and_respect_paragraphs():
    body = (
        "Mr. Kim met Mr Trump in Singapore on 12 June 2018. They signed a statement.\n\n"
        "The U.S. hoped to achieve disarmament by January 2021. Talks stalled"
    )
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Mr. Kim met Mr Trump in Singapore on 12 June 2018.",
        "They signed a statement.",
        "The U.S. hoped to achieve disarmament by January 2021.",
        "Talks stalled",
    ]
    for s in sentences:
        assert body[s.start : s.end] == s.text


def test_sentence_span_of_an_expression():
    body = "First one here. The summit is in late February. Last."
    sentences = split_sentences(body)
    start = body.index("late February")
    s, e = sentence_span(sentences, start, start + len("late February"))
    assert body[s:e] == "The summit is in late February."


def test_seed_sentences_cover_every_character(seed_text):
    from timeline.ingestion.cleaning import clean

    body = clean(seed_text).body
    sentences = split_sentences(body)
    covered = "".join(body[s.start : s.end] for s in sentences)
    assert "".join(covered.split()) == "".join(body.split())

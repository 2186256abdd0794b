"""Event candidates from dated sentences: kind and modality cues per clause, actors, place, titles.

The timexes are written by hand (what a correct tagger returns), so these tests pin down the
extraction rules independently of the tagger's progress.
"""

from __future__ import annotations

import datetime

import pytest

from timeline.ingestion.extract import anchors_event, extract, trim_summary
from timeline.ingestion.sentences import split_sentences
from timeline.temporal import Timex

PUB = datetime.date(2019, 1, 24)


def run(body, specs, memory_gazetteer, timex, published=PUB):
    """Extract from body; specs are (expression, value, earliest, latest, precision[, mod])."""
    timexes = [timex(body, s[0], s[1], s[2], s[3], s[4], mod=s[5] if len(s) > 5 else None) for s in specs]
    drafts = extract(body=body, sentences=split_sentences(body), timexes=timexes, published=published,
                     gazetteer=memory_gazetteer)
    return [d.candidate for d in drafts]


@pytest.mark.parametrize(
    "sentence, specs, expected",
    [
        # Two dates in one sentence: each takes the cues of its own clause.
        (
            "The White House said last week a second summit between the two leaders would be held in late February, "
            "but it did not say where.",
            [("last week", "2019-W03", "2019-01-14", "2019-01-20", "week"),
             ("late February", "2019-02", "2019-02-19", "2019-02-28", "month", "END")],
            [("statement", "occurred"), ("summit", "scheduled")],
        ),
        (
            "“I hope that at the end of February, when the two leaders get together, we can make a substantial step "
            "along the way,” Mr Pompeo told Fox News on Wednesday.",
            [("the end of February", "2019-02", "2019-02-19", "2019-02-28", "month", "END"),
             ("Wednesday", "2019-01-23", "2019-01-23", "2019-01-23", "day")],
            [("summit", "scheduled"), ("statement", "occurred")],
        ),
        (
            "After the Singapore summit Mr Pompeo said the US hoped to achieve “major disarmament” by the end of "
            "Mr Trump’s current term in office in January 2021.",
            [("January 2021", "2021-01", "2021-01-01", "2021-01-31", "month")],
            [("deadline", "target")],
        ),
        ("Mr Kim visited Beijing on Tuesday.", [("Tuesday", "2019-01-22", "2019-01-22", "2019-01-22", "day")],
         [("visit", "occurred")]),
        ("Mr Trump sent a letter to Mr Kim on 24 December.",
         [("24 December", "2018-12-24", "2018-12-24", "2018-12-24", "day")], [("letter", "occurred")]),
        ("North Korea fired two short-range missiles on Thursday.",
         [("Thursday", "2019-01-24", "2019-01-24", "2019-01-24", "day")], [("test", "occurred")]),
        ("The UN imposed new sanctions on Pyongyang in December.",
         [("December", "2018-12", "2018-12-01", "2018-12-31", "month")], [("sanctions", "occurred")]),
        # "joint statement" is an agreement, not a statement.
        ("The two sides signed a joint statement on 12 June 2018.",
         [("12 June 2018", "2018-06-12", "2018-06-12", "2018-06-12", "day")], [("agreement", "occurred")]),
        ("Working-level talks could resume in March.", [("March", "2019-03", "2019-03-01", "2019-03-31", "month")],
         [("talks", "possible")]),
        ("Officials are considering a meeting in the spring.",
         [("the spring", "2019-SP", "2019-03-01", "2019-05-31", "season")], [("summit", "possible")]),
        ("The summit is scheduled for 27 February.",
         [("27 February", "2019-02-27", "2019-02-27", "2019-02-27", "day")], [("summit", "scheduled")]),
        ("Negotiators aim to reach a deal by March.", [("March", "2019-03", "2019-03-01", "2019-03-31", "month")],
         [("agreement", "target")]),
        # A future date with no modal cue is still only scheduled.
        ("Mr Moon travels to Washington on 11 February.",
         [("11 February", "2019-02-11", "2019-02-11", "2019-02-11", "day")], [("visit", "scheduled")]),
        # "May" the month is not the modal "may".
        ("The summit in May 2018 was a success.", [("May 2018", "2018-05", "2018-05-01", "2018-05-31", "month")],
         [("summit", "occurred")]),
        # A statement made in the past happened, whatever "will" it reports.
        ("On Monday Mr Kim said he will wait with patience.",
         [("Monday", "2019-01-21", "2019-01-21", "2019-01-21", "day")], [("statement", "occurred")]),
        # Regression: the nearer "signed ... statement" is across "and", in another clause.
        ("Donald Trump and Kim Jong-un met in Singapore on 12 June 2018 and signed a short statement.",
         [("12 June 2018", "2018-06-12", "2018-06-12", "2018-06-12", "day")], [("summit", "occurred")]),
        # Regression: a modal in the next clause does not make the talks merely possible.
        ("Working-level talks resume in Stockholm on Saturday, but officials say they could collapse.",
         [("Saturday", "2019-01-26", "2019-01-26", "2019-01-26", "day")], [("talks", "scheduled")]),
        ("Nothing much happened in March 2018.", [("March 2018", "2018-03", "2018-03-01", "2018-03-31", "month")],
         [("other", "occurred")]),
    ],
)
def test_kind_and_modality_cues(memory_gazetteer, timex, sentence, specs, expected):
    candidates = run(sentence, specs, memory_gazetteer, timex)
    assert [(c.kind, c.modality) for c in candidates] == expected


@pytest.mark.parametrize(
    "body, spec, title",
    [
        ("Donald Trump and Kim Jong-un met in Singapore on 12 June 2018.",
         ("12 June 2018", "2018-06-12", "2018-06-12", "2018-06-12", "day"), "Trump–Kim summit in Singapore"),
        ("“We will see,” Mr Pompeo told Fox News on Wednesday.",
         ("Wednesday", "2019-01-23", "2019-01-23", "2019-01-23", "day"), "Pompeo statement"),
        ("The White House said on Friday that the talks went well.",
         ("Friday", "2019-01-18", "2019-01-18", "2019-01-18", "day"), "White House statement"),
        ("Mr Trump and Mr Kim will hold a second summit in late February.",
         ("late February", "2019-02", "2019-02-19", "2019-02-28", "month", "END"), "Second Trump–Kim summit"),
        ("Mr Pompeo said the US hoped to achieve “major disarmament” by January 2021.",
         ("January 2021", "2021-01", "2021-01-01", "2021-01-31", "month"), "Disarmament target"),
        ("Mr Moon visited Pyongyang on 18 September 2018.",
         ("18 September 2018", "2018-09-18", "2018-09-18", "2018-09-18", "day"), "Moon visit to Pyongyang"),
        ("North Korea fired a missile on 4 May 2019.",
         ("4 May 2019", "2019-05-04", "2019-05-04", "2019-05-04", "day"), "North Korea missile test"),
        # The test's agent, not the country that reported it.
        ("North Korea test-fired two missiles on Thursday, according to South Korea's military.",
         ("Thursday", "2019-05-09", "2019-05-09", "2019-05-09", "day"), "North Korea missile test"),
        ("On 24 May Mr Trump cancelled it in a letter to Mr Kim.",
         ("24 May", "2018-05-24", "2018-05-24", "2018-05-24", "day"), "Trump letter to Kim"),
        ("Kim Yong Chol brought a letter from Mr Kim to Mr Trump on 1 June 2018.",
         ("1 June 2018", "2018-06-01", "2018-06-01", "2018-06-01", "day"), "Kim letter to Trump"),
        ("On Wednesday the two leaders signed the Pyongyang Joint Declaration.",
         ("Wednesday", "2018-09-19", "2018-09-19", "2018-09-19", "day"), "Pyongyang Joint Declaration"),
        ("Nuclear talks between North Korea and the United States broke down in Stockholm on Saturday.",
         ("Saturday", "2019-10-05", "2019-10-05", "2019-10-05", "day"), "North Korea–US talks in Stockholm"),
        # The subject right before "said" is the speaker, even when a person is named after it.
        ("The White House said on Friday that President Donald Trump will hold a second summit.",
         ("Friday", "2019-01-18", "2019-01-18", "2019-01-18", "day"), "White House statement"),
        ("In a speech to the North's parliament last month, Mr Kim said he would wait.",
         ("last month", "2019-04", "2019-04-01", "2019-04-30", "month"), "Kim statement"),
        # "the White House" after a locative is the place, and the visitor the actor.
        ("Kim Yong Chol visited the White House in January.",
         ("January", "2019-01", "2019-01-01", "2019-01-31", "month"), "Kim Yong Chol visit to Washington"),
    ],
)
def test_titles_are_short_and_readable(memory_gazetteer, timex, body, spec, title):
    (candidate,) = run(body, [spec], memory_gazetteer, timex, published=datetime.date(2019, 6, 1))
    assert candidate.title == title


def test_summit_without_named_actors_falls_back_to_the_articles_main_people(memory_gazetteer, timex):
    body = (
        "Mr Kim praised Mr Trump. Mr Trump praised Mr Kim. Chairman Kim and President Trump exchanged letters.\n\n"
        "Progress has been patchy since their first landmark summit in Singapore last June."
    )
    (candidate,) = run(body, [("last June", "2018-06", "2018-06-01", "2018-06-30", "month")],
                       memory_gazetteer, timex)
    assert [a.name for a in candidate.actors] == ["Donald Trump", "Kim Jong-un"]
    assert candidate.place.name == "Singapore"
    assert candidate.title == "Trump–Kim summit in Singapore"


def test_only_anchored_dates_become_candidates(memory_gazetteer, timex):
    body = "After 40 years of nothing, talks resume every Monday, and the current talks began on 2 January 2019."
    timexes = [
        timex(body, "40 years", "P40Y", type="DURATION"),
        timex(body, "every Monday", "XXXX-WXX-1", type="SET"),
        timex(body, "current", "PRESENT_REF"),
        timex(body, "2 January 2019", "2019-01-02", "2019-01-02", "2019-01-02", "day"),
    ]
    drafts = extract(body=body, sentences=split_sentences(body), timexes=timexes, published=PUB,
                     gazetteer=memory_gazetteer)
    assert [(d.expression, d.candidate is not None) for d in drafts] == [
        ("40 years", False), ("every Monday", False), ("current", False), ("2 January 2019", True),
    ]


@pytest.mark.parametrize(
    "timex_args, anchors",
    [
        (("DATE", "2019-02", datetime.date(2019, 2, 1), datetime.date(2019, 2, 28), "month"), True),
        (("TIME", "2019-01-24T10:00", datetime.date(2019, 1, 24), datetime.date(2019, 1, 24), "day"), True),
        (("DURATION", "P15M", None, None, None), False),
        (("SET", "P1W", None, None, None), False),
        (("DATE", "PAST_REF", None, None, None), False),
        (("DATE", "XXXX-06", None, None, None), False),
        (("DATE", "19", datetime.date(1801, 1, 1), datetime.date(1900, 12, 31), "century"), False),
    ],
)
def test_anchors_event(timex_args, anchors):
    kind, value, earliest, latest, precision = timex_args
    assert anchors_event(Timex(0, 1, "x", kind, value, None, earliest, latest, precision)) is anchors


def test_summary_is_trimmed_on_a_word_boundary():
    sentence = "word " * 100
    summary = trim_summary(sentence)
    assert len(summary) <= 300 and summary.endswith("word…")


def test_overlapping_or_malformed_timexes_do_not_break_extraction(memory_gazetteer, timex):
    body = "The summit ended on 28 February 2019 in Hanoi."
    timexes = [
        timex(body, "28 February 2019", "2019-02-28", "2019-02-28", "2019-02-28", "day"),
        # The same expression again, shorter: one mention only.
        timex(body, "28 February", "2019-02-28", "2019-02-28", "2019-02-28", "day"),
        # A range that ends before it starts (a tagger bug) must not become an event.
        timex(body, "Hanoi", "2019-03", "2019-03-31", "2019-03-01", "month"),
        # Offsets outside the body are ignored.
        Timex(500, 510, "x", "DATE", "2019", None, datetime.date(2019, 1, 1), datetime.date(2019, 12, 31), "year"),
    ]
    drafts = extract(body=body, sentences=split_sentences(body), timexes=timexes, published=PUB,
                     gazetteer=memory_gazetteer)
    assert [(d.expression, d.candidate is not None) for d in drafts] == [("28 February 2019", True), ("Hanoi", False)]

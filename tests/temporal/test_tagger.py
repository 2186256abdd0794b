"""Behaviour of tag(): recognition and normalisation per expression family, direction, seed, robustness."""
from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.temporal import Timex, tag, tagger

REF = datetime.date(2019, 1, 24)  # a Thursday, the seed article's publication date


@pytest.fixture(autouse=True)
def strict_handlers(monkeypatch):
    # In production a handler bug skips one expression; here it must fail the test.
    monkeypatch.setattr(tagger, "STRICT", True)
SEED = Path(__file__).resolve().parents[2] / "seeds" / "independent-kim-trump-letter.txt"


def found(text: str, ref: datetime.date = REF) -> list[tuple[str, str, str, str | None]]:
    """Return (text, type, value, mod) of every timex in text."""
    return [(t.text, t.type, t.value, t.mod) for t in tag(text, ref)]


def one(text: str, ref: datetime.date = REF) -> Timex:
    """Return the single timex of text."""
    result = tag(text, ref)
    assert len(result) == 1, result
    return result[0]


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("He arrived on 24 January 2019.", "24 January 2019", "2019-01-24"),
        ("The deal was signed Jan. 3, 2018.", "Jan. 3, 2018", "2018-01-03"),
        ("It happened on 2018-05-04.", "2018-05-04", "2018-05-04"),
        ("Filed 5/4/98 in court.", "5/4/98", "1998-05-04"),
        ("The editorial of Monday, Oct. 26, 1998: read it.", "Monday, Oct. 26, 1998", "1998-10-26"),
        ("The books closed Sept. 30 as usual.", "Sept. 30", "2018-09-30"),
        ("He visited on the 4th of July 2016.", "4th of July 2016", "2016-07-04"),
        ("WASHINGTON, August 11 (Xinhua) -- Talks began.", "August 11", "2018-08-11"),  # datelines count
        ("Published 2019/01/22.", "2019/01/22", "2019-01-22"),
        ("Filed on 24/1/2019 in London.", "24/1/2019", "2019-01-24"),  # a first number over 12 is a day
    ],
)
def test_explicit_dates(text, expr, value):
    t = one(text)
    assert (t.text, t.type, t.value, t.precision) == (expr, "DATE", value, "day")


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The term ends in January 2021.", "January 2021", "2021-01"),
        ("Talks will resume in March.", "March", "2019-03"),
        ("Prices fell in November.", "November", "2018-11"),  # past tense, later month: the year before
        ("It began last June.", "last June", "2018-06"),
        ("He arrives next June.", "next June", "2019-06"),
        ("It opened in June of last year.", "June of last year", "2018-06"),
        ("Sales fell in December 2017.", "December 2017", "2017-12"),
    ],
)
def test_months(text, expr, value):
    t = one(text)
    assert (t.text, t.type, t.value, t.precision) == (expr, "DATE", value, "month")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He said on Monday that talks had stalled.", "2019-01-21"),
        ("Talks will resume on Monday.", "2019-01-28"),
        ("She left last Tuesday.", "2019-01-22"),
        ("We will meet next Monday.", "2019-01-28"),
        ("On Thursday, he said so.", "2019-01-24"),  # the reference day itself
        ("The talks, set to resume Saturday, were welcome.", "2019-01-26"),
        ("Investors waited for Friday's ruling.", "2019-01-18"),  # a possessive names a past event
        ("The deadline is as early as Tuesday.", "2019-01-29"),
        # News puts the calendar in the simple present: a scheduled event lies ahead.
        ("He and Arafat meet separately Monday with Albright.", "2019-01-28"),
        ("The trial begins Tuesday in Boston.", "2019-01-29"),
        # ...but not after an infinitive or a negation, where the governing verb decides,
        # nor when the verb form is a noun after a determiner or a possessive.
        ("After the vote Tuesday, leaders spoke.", "2019-01-22"),
        ("Kim's visit Monday went well.", "2019-01-21"),
        ("They refused to meet Monday.", "2019-01-21"),
        # A pluperfect arrangement is a plan that lapsed: the day is behind us.
        ("The offer had been due to expire Friday evening.", "2019-01-18"),
        ("It previously had been scheduled to expire Friday.", "2019-01-18"),
        ("The vote had been scheduled for Friday.", "2019-01-18"),
        ("The vote is scheduled for Friday.", "2019-01-25"),
        # "next to" is a place: the bomb still went off in the past.
        ("A bomb ripped through a building next to the embassy Friday morning.", "2019-01-18"),
        # "set aside" is a past tense, "vacation plans" a noun: the plan is no future cue here.
        ("On Tuesday, when Albright set aside vacation plans, the warning was lifted.", "2019-01-22"),
        # "postponed until Tuesday": a running deadline lies ahead even after a past verb...
        ("Officials postponed until Tuesday morning any action.", "2019-01-29"),
        # ...but a sentence-initial "Until Tuesday, they had not..." tells what held before a change.
        ("Until Tuesday, they had not called him a suspect.", "2019-01-22"),
    ],
)
def test_weekdays_direction_from_tense(text, value):
    t = one(text)
    assert (t.type, t.value) == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "value", "type_"),
    [
        ("He came two years ago.", "2017", "DATE"),
        ("Five days ago it rained.", "2019-01-19", "DATE"),
        ("It closed a week ago.", "2019-W03", "DATE"),
        ("She resigned last year.", "2018", "DATE"),
        ("He resigned last month.", "2018-12", "DATE"),
        ("We meet next week.", "2019-W05", "DATE"),
        ("This year is busy.", "2019", "DATE"),
        ("Yesterday he slept.", "2019-01-23", "DATE"),
        ("Tomorrow he leaves.", "2019-01-25", "DATE"),
        ("It is now clear.", "PRESENT_REF", "DATE"),
        # TimeBank reads "the past year" / "the last week" as the calendar unit before, like "last year".
        ("Prices rose over the past year.", "2018", "DATE"),
        ("He has been in Bethesda for the last week.", "2019-W03", "DATE"),
        ("He has recently left.", "PAST_REF", "DATE"),
        ("In the future it may change.", "FUTURE_REF", "DATE"),
        ("Yesterday morning he slept.", "2019-01-23TMO", "TIME"),
        ("Tonight we fly.", "2019-01-24TNI", "TIME"),
    ],
)
def test_relative(text, value, type_):
    t = one(text)
    assert (t.type, t.value) == (type_, value)


def test_later_keeps_the_duration_only():
    # TimeBank convention: "[three weeks] later" is a duration; 'later' stays outside the span.
    assert found("It happened three weeks later.") == [("three weeks", "DURATION", "P3W", None)]


def test_anchored_relative_follows_the_last_named_day():
    result = found("The vote was on March 3, 2018. The following day, protests began.")
    assert result[1] == ("The following day", "DATE", "2018-03-04", None)


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("It would be held in late February.", "late February", "2019-02", "END"),
        ("He hopes to meet at the end of February.", "the end of February", "2019-02", "END"),
        ("Growth slowed in mid-2018.", "mid-2018", "2018", "MID"),
        ("Elections are due early next year.", "early next year", "2020", "START"),
        ("It ended late last week.", "late last week", "2019-W03", "END"),
        ("We talked around Nov. 1, 2018.", "around Nov. 1, 2018", "2018-11-01", "APPROX"),
        ("They rebuilt it by the end of 1990.", "the end of 1990", "1990", "END"),
        ("Troops arrive by the end of the month.", "the end of the month", "2019-01", "END"),
        ("The deal should close by year-end.", "year-end", "2019", "END"),
        ("He said sales rose earlier this month.", "earlier this month", "2019-01", None),
    ],
)
def test_modifiers(text, expr, value, mod):
    t = one(text)
    assert (t.text, t.value, t.mod) == (expr, value, mod)


def test_modifier_narrows_the_range():
    t = one("It would be held in late February.")
    assert (t.earliest, t.latest) == (datetime.date(2019, 2, 19), datetime.date(2019, 2, 28))


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("After 40 years of talks.", "40 years", "P40Y", None),
        ("In a short 15 months.", "15 months", "P15M", None),
        ("For the past two years prices rose.", "the past two years", "P2Y", None),
        ("Over the next few days.", "the next few days", "PXD", None),
        ("It took several months.", "several months", "PXM", None),
        ("It took about three weeks.", "about three weeks", "P3W", "APPROX"),
        ("It lasted more than 40 years.", "more than 40 years", "P40Y", "MORE_THAN"),
        ("He signed a two-year contract.", "two-year", "P2Y", None),  # the article stays outside
        ("Talks lasted four hours.", "four hours", "PT4H", None),
        ("It took a year and a half.", "a year and a half", "P1Y6M", None),
        ("In the first nine months, sales rose.", "the first nine months", "P9M", None),
        ("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M", None),
        ("It took about 5 1/2 hours.", "about 5 1/2 hours", "PT5H30M", "APPROX"),
        ("The talks would last 40 years.", "40 years", "P40Y", None),  # regression: 'last' is the verb here
    ],
)
def test_durations(text, expr, value, mod):
    t = one(text)
    assert (t.text, t.type, t.value, t.mod) == (expr, "DURATION", value, mod)
    assert t.earliest is None and t.latest is None


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Every Monday, he runs.", "Every Monday", "XXXX-WXX-1"),
        ("He runs daily.", "daily", "P1D"),
        ("We meet twice a year.", "twice a year", "P1Y"),
        ("Output rose 5% a year.", "a year", "P1Y"),  # a rate
        ("Each July they march.", "Each July", "XXXX-07"),
        ("They meet every two weeks.", "every two weeks", "P2W"),
    ],
)
def test_sets(text, expr, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (expr, "SET", value)


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("At 3:30 p.m. EST the market closed.", "3:30 p.m. EST", "2019-01-24T15:30"),
        ("He called at 9 a.m. yesterday.", "9 a.m. yesterday", "2019-01-23T09:00"),
        ("They met at noon Tuesday.", "noon Tuesday", "2019-01-22T12:00"),
        ("The offer expires at 5 p.m. EST, Feb. 6.", "5 p.m. EST, Feb. 6", "2019-02-06T17:00"),
    ],
)
def test_clock_times(text, expr, value):
    t = one(text)
    assert (t.text, t.type, t.value) == (expr, "TIME", value)


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        ("In the 1990s prices rose.", "the 1990s", "199", "decade"),
        ("Since the early '80s.", "the early '80s", "198", "decade"),
        ("In the 20th century.", "the 20th century", "19", "century"),
        ("Back in the sixties.", "the sixties", "196", "decade"),
        ("In 1998 it fell.", "1998", "1998", "year"),
        ("Results for fiscal 1999 are due.", "fiscal 1999", "1999", "year"),
        ("Since the year 2000.", "the year 2000", "2000", "year"),
        # A company's "fiscal year" is named like "the year": the running one, or the last closed one.
        ("Earnings for the fiscal year will fall.", "the fiscal year", "2019", "year"),
        ("Sales in the latest fiscal year rose.", "the latest fiscal year", "2018", "year"),
    ],
)
def test_years_decades_centuries(text, expr, value, precision):
    t = one(text)
    assert (t.text, t.value, t.precision) == (expr, value, precision)


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        ("In the summer of 2017 it rained.", "the summer of 2017", "2017-SU", "season"),
        ("Last fall he quit.", "Last fall", "2018-FA", "season"),
        ("Profits rose in the third quarter.", "the third quarter", "2018-Q3", "quarter"),
        ("Third-quarter profit rose.", "Third-quarter", "2018-Q3", "quarter"),
        ("Sales in the first quarter of 2017 fell.", "the first quarter of 2017", "2017-Q1", "quarter"),
        ("The first half of 2018 was bad.", "The first half of 2018", "2018-H1", "half-year"),
        ("Sales in Q3 2017 rose.", "Q3 2017", "2017-Q3", "quarter"),
        ("Net income rose in the quarter.", "the quarter", "2018-Q4", "quarter"),  # the last one reported
        ("It fell from the year-earlier quarter.", "the year-earlier quarter", "2017-Q4", "quarter"),
    ],
)
def test_seasons_quarters_halves(text, expr, value, precision):
    t = one(text)
    assert (t.text, t.value, t.precision) == (expr, value, precision)


@pytest.mark.parametrize(
    "text",
    [
        "we know how important it is",  # dateparser reads 'we' as Wednesday
        "ordered preparations for a second summit",  # 'a second' is an ordinal, not a duration
        "Second, the talks failed.",
        "They may decide to march on the capital.",  # 'may' and 'march' as verbs
        "The Second World War.",
        "He sold 2000 shares and 1500 people came.",  # numbers alone
        "It has 15 members.",
        "The fall of the Berlin Wall.",
        "Czech Foreign Minister Jan Kavan spoke.",
        "The current account deficit grew.",
    ],
)
def test_negatives(text):
    assert found(text) == []


SEED_EXPECTED = [
    # (expression, value, mod, earliest, latest): the seed article's expectations from issue 2.
    ("last June", "2018-06", None, "2018-06-01", "2018-06-30"),
    ("late February", "2019-02", "END", "2019-02-19", "2019-02-28"),
    ("the end of February", "2019-02", "END", "2019-02-19", "2019-02-28"),
    ("Thursday", "2019-01-24", None, "2019-01-24", "2019-01-24"),
    ("Wednesday", "2019-01-23", None, "2019-01-23", "2019-01-23"),
    ("last week", "2019-W03", None, "2019-01-14", "2019-01-20"),
    ("January 2021", "2021-01", None, "2021-01-01", "2021-01-31"),
    ("40 years", "P40Y", None, None, None),
    ("15 months", "P15M", None, None, None),
]


@pytest.fixture(scope="module")
def seed_timexes() -> dict[str, Timex]:
    if not SEED.exists():
        pytest.skip("seed article not available")
    return {t.text: t for t in tag(SEED.read_text(encoding="utf-8"), REF)}


@pytest.mark.parametrize(("expr", "value", "mod", "earliest", "latest"), SEED_EXPECTED)
def test_seed_article(seed_timexes, expr, value, mod, earliest, latest):
    t = seed_timexes[expr]
    assert (t.value, t.mod) == (value, mod)
    assert (t.earliest and t.earliest.isoformat(), t.latest and t.latest.isoformat()) == (earliest, latest)


def test_seed_article_has_no_false_friends(seed_timexes):
    texts = {k.lower() for k in seed_timexes}
    assert not texts & {"we", "a second", "second", "may", "march"}
    assert all(not t.text.isdigit() or len(t.text) == 4 for t in seed_timexes.values())


def test_same_call_same_answer_and_sorted_offsets():
    text = "On Monday, Jan. 7, 2019, and last week, he said so. Talks resume in March."
    a, b = tag(text, REF), tag(text, REF)
    assert a == b
    assert [t.start for t in a] == sorted(t.start for t in a)
    assert all(a[i].end <= a[i + 1].start for i in range(len(a) - 1))


def test_to_dict_is_json_ready():
    d = one("It would be held in late February.").to_dict()
    assert d == {
        "start": 20, "end": 33, "text": "late February", "type": "DATE", "value": "2019-02", "mod": "END",
        "earliest": "2019-02-19", "latest": "2019-02-28", "precision": "month",
    }


def test_accepts_a_datetime_reference():
    assert one("Yesterday he left.", datetime.datetime(2019, 1, 24, 15, 0)).value == "2019-01-23"


@pytest.mark.parametrize(
    "ref",
    [datetime.date(1, 1, 1), datetime.date(1, 1, 3), datetime.date(9999, 12, 31), datetime.date(9999, 12, 27)],
)
def test_calendar_edges_do_not_raise(ref):
    text = ("last week next week yesterday tomorrow last year next year two years ago in 20 years "
            "the following day this weekend last Monday next Friday the decade Christmas last June "
            "next spring the third quarter next quarter the year-earlier quarter the 1990s this century")
    for t in tag(text, ref):
        assert text[t.start:t.end] == t.text
        if t.earliest is not None:
            assert t.earliest <= t.latest


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=300) | st.lists(
        st.sampled_from(["last", "next", "June", "Monday", "the", "end", "of", "2019", "a", "year", "ago", "30",
                         "quarter", "third", "early", "mid-", "'98", "1990s", "p.m.", "3:30", "every", ",", ".",
                         "said", "will", "today", "weeks", "about", "century", "20th", "fiscal", "Sept.", "-"]),
        max_size=40,
    ).map(" ".join),
    ref=st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
)
def test_never_raises_and_offsets_slice_back(text, ref):
    for t in tag(text, ref):
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.earliest is not None:
            assert t.earliest <= t.latest


def _tag_seconds(text: str) -> float:
    start = time.perf_counter()
    tag(text, REF)
    return time.perf_counter() - start


def _ratio_is_linear(unit: str, small_size: int) -> bool:
    """Ten times the text must take about ten times as long (quadratic would be ~100x); one retry for noise."""
    small = unit * (small_size // len(unit))
    large = unit * (10 * small_size // len(unit))
    for _ in range(2):
        t_small = min(_tag_seconds(small) for _ in range(2))
        if _tag_seconds(large) < 25 * t_small + 0.5:
            return True
    return False


@pytest.mark.slow
def test_five_megabytes_of_news_in_linear_time(seed_timexes):
    # 5 MB of news against 0.5 MB.
    assert _ratio_is_linear(SEED.read_text(encoding="utf-8"), 500_000)


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "1 2 3 4 5 6 7 8 9 10 11 ",  # digits start and end candidate expressions everywhere
        "the the the about about more than the past ",  # prefix words, many candidates
        "last week a second summit would be held in late February. ",  # dense expressions
        "a" * 60 + " ",  # one long word
        "-" * 50 + "'" * 50,  # punctuation the patterns look at
        "1,",  # regression: an unbounded number token in the master regex made these quadratic
        "12/12/",
        "May 1, ",
        "1.1.",
    ],
)
def test_adversarial_input_in_linear_time(unit):
    assert _ratio_is_linear(unit, 10_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the fiscal year ended ..." is a span of accounts (TimeBank: P1Y), and the closing day lies behind:
        # a day right after "ended" is never ahead of the reference, however near the later candidate is.
        ("In the fiscal year ended Nov. 30, sales rose.",
         [("the fiscal year", "DURATION", "P1Y", None), ("Nov. 30", "DATE", "2018-11-30", None)]),
    ],
)
def test_closed_periods_lie_behind(text, expected):
    assert found(text) == expected


def test_day_after_ended_beats_a_nearer_future_day():
    # March 31 2019 is nearer to the reference than March 31 2018, but a quarter that ended is behind us.
    assert ("March 31", "DATE", "2018-03-31", None) in found("For the quarter ended March 31, it lost money.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TimeBank tags both days of "April 24 and 25": the bare second day takes the first one's month.
        ("The summit is on April 24 and 25.", [("April 24", "DATE", "2019-04-24", None), ("25", "DATE", "2019-04-25", None)]),
        # A number after "and" that counts something is no day.
        ("On April 24 and 25 percent of voters.", [("April 24", "DATE", "2019-04-24", None)]),
        ("Shares rose 24 and 25 points.", []),
    ],
)
def test_second_day_of_a_pair(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Words written lower case inside a sentence, capitalised there, are a name (a TV show), no time.
        ('Baker said on ABC\'s "This Week With David Brinkley" that talks failed.', []),
        ('Gonzalez said on CBS\'s "60 Minutes" that he was sad.', []),
        # Sentence-initial, after a dateline dash, in a headline or in a holiday name the capitals say nothing.
        ("WASHINGTON (AP) _ Today the Senate voted.", [("Today", "DATE", "2019-01-24", None)]),
        ("Leaders To Meet Next Week In Paris\nThey agreed.", [("Next Week", "DATE", "2019-W05", None)]),
        ("He was found at sea on Thanksgiving Day and brought ashore.", [("Thanksgiving Day", "DATE", "2018-11-22", None)]),
    ],
)
def test_title_cased_names_are_no_timexes(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TimeBank marks "the near/short term" and "a later date" as an unspecified future (FUTURE_REF)...
        ("Holders were placated in the short term.", [("the short term", "DATE", "FUTURE_REF", None)]),
        ("We do not minimize the challenges of the near term.", [("the near term", "DATE", "FUTURE_REF", None)]),
        ("It will be financed at a later date.", [("a later date", "DATE", "FUTURE_REF", None)]),
        # ...but not the adjective "short-term debt" nor "to date".
        ("It cut short-term debt to date.", []),
    ],
)
def test_vague_future_phrases(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ALL-CAPS headlines are read like running text; the timex keeps the original capitals.
        ("LEADERS TO MEET NEXT WEEK IN PARIS\nThey agreed.", [("NEXT WEEK", "DATE", "2019-W05", None)]),
        ("TALKS WILL RESUME ON MONDAY\nThey agreed.", [("MONDAY", "DATE", "2019-01-28", None)]),
        ("PRICES FELL IN NOVEMBER", [("NOVEMBER", "DATE", "2018-11", None)]),
        ("NEXT MEETING IN MAY 2020", [("MAY 2020", "DATE", "2020-05", None)]),
        # In capitals the verbs "may"/"march" and the months look alike: a bare one is left out.
        ("TROOPS MAY LEAVE SOON", []),
        ("TROOPS MARCH ON CAPITAL", []),
    ],
)
def test_all_caps_headlines(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        # "Easter week" is the week holding the holiday, a week value (TimeBank: 2000-W16), not the day.
        ("Protesters prayed as Easter week began.", datetime.date(2000, 4, 17), [("Easter week", "DATE", "2000-W16", None)]),
        ("Easter Sunday was calm.", datetime.date(2000, 4, 25), [("Easter Sunday", "DATE", "2000-04-23", None)]),
    ],
)
def test_holiday_week(text, ref, expected):
    assert found(text, ref) == expected


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        # "the day before last Tuesday" names the Monday: TimeBank tags the whole phrase with that day.
        ("The day before last Tuesday's hearing, he went home.", datetime.date(2000, 2, 24),
         [("day before last Tuesday", "DATE", "2000-02-21", None)]),
        ("They met the day after Christmas.", datetime.date(2000, 1, 10), [("day after Christmas", "DATE", "1999-12-26", None)]),
    ],
)
def test_day_before_after_a_named_day(text, ref, expected):
    assert found(text, ref) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the quarter" of a report is the quarter it just named (a fiscal first quarter ending in October)...
        ("Sun reported a loss for its fiscal first quarter. Sales in the quarter fell.",
         [("fiscal first quarter", "DATE", "1989-Q1", None), ("the quarter", "DATE", "1989-Q1", None)]),
        # ...not a comparison quarter with its own year; alone it is the latest finished quarter.
        ("Profit rose in the third quarter of 1988. In the latest quarter, it fell.",
         [("the third quarter of 1988", "DATE", "1988-Q3", None), ("the latest quarter", "DATE", "1989-Q3", None)]),
        ("Sales in the quarter fell.", [("the quarter", "DATE", "1989-Q3", None)]),
    ],
)
def test_the_quarter_refers_to_the_quarter_just_named(text, expected):
    assert found(text, datetime.date(1989, 10, 26)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Quoted speech starts a sentence: its capital says nothing...
        ('He said, "Today we are free."', [("Today", "DATE", "2019-01-24", None)]),
        ('She said: "Next week will tell."', [("Next week", "DATE", "2019-W05", None)]),
        # ...while a quoted title closes at once.
        ('Baker said on ABC News\' "This Week," that talks failed.', []),
    ],
)
def test_quoted_speech_versus_quoted_titles(text, expected):
    assert found(text) == expected

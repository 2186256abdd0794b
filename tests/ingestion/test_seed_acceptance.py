"""Acceptance (issue 3): the Independent seed article of 2019-01-24 becomes the expected dated events."""

from __future__ import annotations

import datetime

import pytest

from timeline.models import Article, Event, Mention
from timeline.services import article_ingest

pytestmark = pytest.mark.django_db

BOILERPLATE = [
    "Your support helps us",
    "Your donation allows",
    "paywalls",
    "makes all the difference",
    "Join our commenting forum",
    "follow other Independent readers",
    "Additional reporting by",
    "reproductive rights",
]


@pytest.fixture
def seed_article(gazetteer, seed_text, seed_published, seed_manifest):
    meta = seed_manifest[0]
    return article_ingest(text=seed_text, published=seed_published, title=meta["title"], outlet=meta["outlet"])


def events_dated(earliest, latest=None, **filters):
    latest = latest or earliest
    return list(Event.objects.filter(earliest=earliest, latest=latest, **filters))


def test_body_has_no_boilerplate_and_starts_at_the_reporting(seed_article):
    body = seed_article.article.body
    for phrase in BOILERPLATE:
        assert phrase not in body
    # The appeal is glued to the first real sentence in the source ("difference.North Korea").
    first_news = body.index("North Korea‘s leader has expressed")
    assert body[first_news - 2 : first_news] == "\n\n"
    assert body.rstrip().endswith("Mr Pompeo told Fox News on Wednesday.")


def test_standfirst_is_kept_and_headline_is_not_repeated(seed_article):
    body = seed_article.article.body
    assert body.startswith("North Korean leader says he will trust president's approach")
    assert "Kim Jong-un enjoys 'great' Trump letter" not in body


def test_singapore_summit_june_2018_occurred(seed_article):
    (event,) = [e for e in Event.objects.filter(kind="summit") if e.earliest.year == 2018]
    assert (event.earliest, event.latest, event.precision) == (datetime.date(2018, 6, 1), datetime.date(2018, 6, 30), "month")
    assert event.label == "June 2018"
    assert event.modality == "occurred"
    assert event.place.name == "Singapore"
    assert {a.name for a in event.actors.all()} == {"Donald Trump", "Kim Jong-un"}
    assert event.mentions.get().expression == "last June"


def test_one_second_summit_late_february_2019_with_both_sentences(seed_article):
    events = [e for e in Event.objects.filter(kind="summit") if e.earliest.year == 2019]
    assert len(events) == 1, [(e.title, e.label) for e in events]
    event = events[0]
    assert event.label == "late February 2019"
    assert event.earliest.month == event.latest.month == 2 and event.latest == datetime.date(2019, 2, 28)
    assert event.modality == "scheduled"
    assert event.title == "Second Trump–Kim summit"
    expressions = sorted(m.expression for m in event.mentions.all())
    assert expressions == ["late February", "the end of February"]
    assert event.source_count == 2
    sentences = [m.sentence for m in event.mentions.all()]
    assert any(s.startswith("The White House said last week a second summit") for s in sentences)
    assert any("when the two leaders get together" in s for s in sentences)


def test_january_2021_disarmament_target(seed_article):
    (event,) = events_dated(datetime.date(2021, 1, 1), datetime.date(2021, 1, 31))
    assert event.kind == "deadline"
    assert event.modality == "target"
    assert event.title == "Disarmament target"
    assert event.label == "January 2021"


@pytest.mark.parametrize(
    "earliest, latest, expression, title",
    [
        ("2019-01-24", "2019-01-24", "Thursday", "Trump statement"),
        ("2019-01-23", "2019-01-23", "Wednesday", "Pompeo statement"),
        ("2019-01-14", "2019-01-20", "last week", "White House statement"),
    ],
)
def test_dated_statements(seed_article, earliest, latest, expression, title):
    (event,) = events_dated(datetime.date.fromisoformat(earliest), datetime.date.fromisoformat(latest))
    assert event.kind == "statement"
    assert event.modality == "occurred"
    assert event.title == title
    # The tagger may or may not include the preposition ("On Thursday" / "Thursday").
    assert event.mentions.get().expression.lower().removeprefix("on ") == expression.lower()


def test_last_week_is_iso_week_3(seed_article):
    mention = Mention.objects.get(expression__iendswith="last week")
    assert mention.value == "2019-W03"
    assert mention.event.label == "week of 14 January 2019"


def test_durations_and_generic_references_make_no_events(seed_article):
    for mention in Mention.objects.filter(article=seed_article.article):
        if mention.timex_type in {"DURATION", "SET"} or mention.value.endswith("_REF"):
            assert mention.event_id is None, mention.expression
    durations = {m.expression for m in Mention.objects.filter(timex_type="DURATION")}
    assert {"40 years", "15 months"} <= {d.removeprefix("a short ") for d in durations}


def test_exactly_the_expected_events(seed_article):
    got = sorted((e.label, e.kind, e.modality) for e in Event.objects.all())
    assert got == sorted(
        [
            ("June 2018", "summit", "occurred"),
            ("late February 2019", "summit", "scheduled"),
            ("January 2021", "deadline", "target"),
            ("24 January 2019", "statement", "occurred"),
            ("23 January 2019", "statement", "occurred"),
            ("week of 14 January 2019", "statement", "occurred"),
        ]
    )
    assert Article.objects.count() == 1
    # Every mention's offsets point at its expression and sentence in the stored body.
    body = seed_article.article.body
    for m in Mention.objects.all():
        assert body[m.start : m.end] == m.expression
        assert body[m.sentence_start : m.sentence_end] == m.sentence


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_the_seed_as_html_or_markdown_is_the_same_article(gazetteer, seed_text, seed_published, fmt):
    """Format does not change the cleaned body, so it does not change the events (or the de-duplication)."""
    import html

    lines = seed_text.splitlines()
    if fmt == "html":
        doc = (
            "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>{html.escape(lines[0])}</h1>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
            + "</article><footer>Cookie policy</footer></body></html>"
        )
    else:
        doc = f"# {lines[0]}\n\n" + "\n\n".join(lines[1:])
    plain = article_ingest(text=seed_text, published=seed_published, title="plain")
    other = article_ingest(text=doc, published=seed_published, title="other", fmt=fmt)
    assert other.created is False and other.article.pk == plain.article.pk

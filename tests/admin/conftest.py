"""A tiny hand-built archive for the admin tests: one article, two events, three mentions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from timeline.models import Actor, Article, Event, Mention, Place, Topic

# The script tag and the markup in the title are there to prove the admin escapes article text.
BODY = (
    "Progress has been patchy since the summit in Singapore last June. "
    "The White House said a second summit <script>alert('x')</script> would be held in late February. "
    "Officials expect the meeting at the end of February."
)


@dataclass
class Archive:
    article: Article
    singapore: Event
    second: Event
    kim: Actor
    trump: Actor
    topic: Topic
    place: Place


def add_mention(article: Article, event: Event | None, expression: str, sentence: str, **timex) -> Mention:
    sentence_start = article.body.index(sentence)
    start = article.body.index(expression, sentence_start)
    return Mention.objects.create(
        article=article,
        event=event,
        start=start,
        end=start + len(expression),
        sentence_start=sentence_start,
        sentence_end=sentence_start + len(sentence),
        expression=expression,
        sentence=sentence,
        **timex,
    )


@pytest.fixture
def make_mention():
    """add_mention for tests that build their own articles."""
    return add_mention


@pytest.fixture
def archive(db) -> Archive:
    # get_or_create: the gazetteer data migration may already hold these names.
    kim, _ = Actor.objects.get_or_create(name="Kim Jong-un", defaults={"aliases": "Mr Kim\nChairman Kim"})
    trump, _ = Actor.objects.get_or_create(name="Donald Trump", defaults={"aliases": "Mr Trump"})
    topic = Topic.objects.create(name="Test talks topic", slug="test-talks-topic", aliases="peninsula")
    place, _ = Place.objects.get_or_create(name="Singapore")
    article = Article.objects.create(
        title="Kim <b>enjoys</b> letter",
        outlet="Test Wire",
        published=datetime.date(2019, 1, 24),
        body=BODY,
        content_hash="0" * 64,
    )
    singapore = Event.objects.create(
        title="First Trump–Kim meeting",
        kind="summit",
        modality="occurred",
        status="approved",
        earliest=datetime.date(2018, 6, 1),
        latest=datetime.date(2018, 6, 30),
        precision="month",
        label="June 2018",
        place=place,
        source_count=1,
    )
    singapore.actors.set([kim, trump])
    singapore.topics.set([topic])
    second = Event.objects.create(
        title="Second Trump–Kim summit",
        kind="summit",
        modality="scheduled",
        status="candidate",
        earliest=datetime.date(2019, 2, 19),
        latest=datetime.date(2019, 2, 28),
        precision="day",
        label="late February 2019",
        source_count=2,
    )
    second.actors.set([trump])
    sentences = BODY.split(". ")
    add_mention(
        article, singapore, "last June", sentences[0] + ".",
        timex_type="DATE", value="2018-06", earliest=datetime.date(2018, 6, 1),
        latest=datetime.date(2018, 6, 30), precision="month",
    )
    add_mention(
        article, second, "late February", sentences[1] + ".",
        timex_type="DATE", value="2019-02", mod="END", earliest=datetime.date(2019, 2, 19),
        latest=datetime.date(2019, 2, 28), precision="day",
    )
    add_mention(
        article, second, "the end of February", sentences[2],
        timex_type="DATE", value="2019-02", mod="END", earliest=datetime.date(2019, 2, 19),
        latest=datetime.date(2019, 2, 28), precision="day",
    )
    return Archive(article, singapore, second, kim, trump, topic, place)

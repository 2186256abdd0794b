"""Tiny ORM factories for UI and browser tests: articles, and events backed by mentions in those articles."""

from __future__ import annotations

import datetime
import hashlib
import itertools

from timeline.models import Actor, Article, Event, Mention, Place, Topic

_seq = itertools.count(1)


def make_article(*, title: str = "", body: str = "", published: datetime.date = datetime.date(2019, 1, 24),
                 outlet: str = "The Test Times", url: str = "https://example.org/a") -> Article:
    n = next(_seq)
    title = title or f"Article {n}"
    body = body or f"Body of article {n}."
    return Article.objects.create(
        title=title,
        body=body,
        outlet=outlet,
        url=url,
        published=published,
        content_hash=hashlib.sha256(f"{n}:{body}".encode()).hexdigest(),
    )


def add_mention(*, article: Article, event: Event | None, sentence: str, expression: str,
                value: str = "2019-02", precision: str = "month") -> Mention:
    """Append `sentence` to the article body and record `expression` inside it as a mention."""
    offset = len(article.body) + 1
    article.body = f"{article.body} {sentence}"
    article.save(update_fields=["body"])
    start = offset + sentence.index(expression)
    return Mention.objects.create(
        article=article,
        event=event,
        start=start,
        end=start + len(expression),
        sentence_start=offset,
        sentence_end=offset + len(sentence),
        expression=expression,
        sentence=sentence,
        timex_type="DATE",
        value=value,
        precision=precision,
        earliest=event.earliest if event else None,
        latest=event.latest if event else None,
    )


def make_event(*, title: str = "Summit in Hanoi", kind: str = "summit", modality: str = "occurred",
               earliest: datetime.date = datetime.date(2019, 2, 27), latest: datetime.date | None = None,
               precision: str = "day", label: str = "", status: str = "approved",
               actors: tuple[str, ...] = (), place: str = "", topics: tuple[str, ...] = (),
               mentions: list[tuple[Article, str, str]] | None = None) -> Event:
    """An event; `mentions` are (article, sentence, expression) triples attached to it."""
    latest = latest or earliest
    event = Event.objects.create(
        title=title,
        kind=kind,
        modality=modality,
        earliest=earliest,
        latest=latest,
        precision=precision,
        label=label or earliest.strftime("%-d %B %Y"),
        status=status,
        place=Place.objects.get_or_create(name=place)[0] if place else None,
    )
    for name in actors:
        event.actors.add(Actor.objects.get_or_create(name=name)[0])
    for name in topics:
        event.topics.add(Topic.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})[0])
    for article, sentence, expression in mentions or []:
        add_mention(article=article, event=event, sentence=sentence, expression=expression)
    event.source_count = event.mentions.count()
    event.save(update_fields=["source_count"])
    return event

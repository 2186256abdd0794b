"""Writes: ingesting articles, (re)extracting their events, merging and curating events.

Every entrypoint (web form, `ingest` command, admin actions) goes through these functions.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from timeline.ingestion import merge as M
from timeline.ingestion.cleaning import FORMATS, clean
from timeline.ingestion.decoding import check_size, decode
from timeline.ingestion.errors import IngestError
from timeline.ingestion.extract import Candidate, MentionDraft, extract
from timeline.ingestion.gazetteer import load_gazetteer
from timeline.ingestion.labels import date_label
from timeline.ingestion.sentences import split_sentences
from timeline.models import Article, Event, Mention, Status
from timeline.temporal import tag

__all__ = [
    "IngestError",
    "IngestResult",
    "article_ingest",
    "article_reextract",
    "event_recompute",
    "events_merge",
    "events_set_status",
]


@dataclass
class IngestResult:
    article: Article
    created: bool
    events_created: list[Event] = field(default_factory=list)
    events_merged: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    message: str = ""


# ---------------------------------------------------------------- validation


EARLIEST_PUBLISHED = datetime.date(1800, 1, 1)


def parse_published(published: datetime.date | str | None, *, today: datetime.date) -> datetime.date:
    """A real calendar date, not in the future."""
    if published is None or (isinstance(published, str) and not published.strip()):
        raise IngestError("Enter the publication date (YYYY-MM-DD).", field="published")
    if isinstance(published, datetime.datetime):
        published = published.date()
    if isinstance(published, str):
        raw = published.strip()
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
        if not m:
            raise IngestError(f"Publication date {raw!r} is not in the form YYYY-MM-DD.", field="published")
        try:
            published = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise IngestError(f"Publication date {raw} does not exist on the calendar.", field="published") from None
    if not isinstance(published, datetime.date):
        raise IngestError("Publication date must be a date (YYYY-MM-DD).", field="published")
    if published > today:
        raise IngestError(
            f"Publication date {published.isoformat()} is in the future (today is {today.isoformat()}).",
            field="published",
        )
    if published < EARLIEST_PUBLISHED:
        # Almost always a mistyped year (0019, 1019); it would also stretch the timeline back to year 1.
        raise IngestError(
            f"Publication date {published.isoformat()} is before {EARLIEST_PUBLISHED.year}; check the year.",
            field="published",
        )
    return published


def _one_line(value: str | None) -> str:
    """Collapse whitespace and drop control characters and lone surrogates (PostgreSQL refuses NUL in text)."""
    text = " ".join((value or "").split())
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


def _validate_meta(*, title: str, outlet: str, url: str, language: str, fmt: str) -> tuple[str, str, str, str]:
    title = _one_line(title).strip()
    if not title:
        raise IngestError("Enter the article's title.", field="title")
    if len(title) > Article._meta.get_field("title").max_length:
        raise IngestError("The title is too long (500 characters at most).", field="title")
    outlet = _one_line(outlet).strip()
    if len(outlet) > Article._meta.get_field("outlet").max_length:
        raise IngestError("The outlet name is too long (200 characters at most).", field="outlet")
    url = (url or "").strip()
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in url):
        raise IngestError("The URL contains control characters.", field="url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise IngestError(f"{url!r} is not a valid http(s) URL.", field="url") from None
        if len(url) > Article._meta.get_field("url").max_length:
            raise IngestError("The URL is too long.", field="url")
    language = _one_line(language).strip() or "en"
    if len(language) > 16:
        raise IngestError("Language must be a short code such as 'en'.", field="language")
    if fmt not in FORMATS:
        raise IngestError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.", field="fmt")
    return title, outlet, url, language


def _text_of(text: str | bytes | None) -> str:
    if text is None:
        raise IngestError("Paste the article text or upload a file.")
    limit = settings.TIMELINE_MAX_UPLOAD_BYTES
    check_size(len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass")), limit)
    decoded = decode(text)
    if not decoded.strip():
        raise IngestError("The article text is empty.")
    return decoded


# ---------------------------------------------------------------- ingest


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _duplicate(article: Article) -> IngestResult:
    return IngestResult(
        article=article,
        created=False,
        mentions=list(article.mentions.all()),
        message=f"Already ingested as article {article.pk} — nothing changed.",
    )


def article_ingest(
    *,
    text: str | bytes,
    published: datetime.date | str,
    title: str,
    outlet: str = "",
    url: str = "",
    language: str = "en",
    fmt: str = "auto",
    today: datetime.date | None = None,
) -> IngestResult:
    """Clean, tag and store an article with its mentions and events, all in one transaction.

    Raises IngestError (nothing written) on bad input; a body already stored is a no-op.
    """
    today = today or timezone.localdate()
    title, outlet, url, language = _validate_meta(title=title, outlet=outlet, url=url, language=language, fmt=fmt)
    published = parse_published(published, today=today)
    raw = _text_of(text)
    cleaned = clean(raw, fmt=fmt, title=title)
    if not cleaned.body.strip():
        raise IngestError("No article text is left after removing markup and publisher boilerplate.")
    digest = content_hash(cleaned.body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return _duplicate(existing)

    # The slow, pure part runs before the write transaction so writers hold locks briefly.
    drafts = _analyse(cleaned.body, published=published, language=language)

    with transaction.atomic():
        _lock_event_matching()
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    title=title, outlet=outlet, url=url, published=published, language=language,
                    body=cleaned.body, content_hash=digest, source_format=cleaned.source_format,
                )
        except IntegrityError:
            # A concurrent submission of the same text won the race; report it instead of a second copy.
            existing = Article.objects.filter(content_hash=digest).first()
            if existing is None:
                raise
            return _duplicate(existing)
        result = _store(article, drafts)
    n_created, n_merged = len(result.events_created), len(result.events_merged)
    result.message = (
        f"Ingested article {article.pk}: {_plural(len(result.mentions), 'time expression')}, "
        f"{_plural(n_created, 'new event')}, {n_merged} merged into existing event{'s' if n_merged != 1 else ''}."
    )
    return result


# Any constant: the advisory lock that makes concurrent ingestions match events one at a time.
_EVENT_MATCH_LOCK = 0x7431_6E67


def _lock_event_matching() -> None:
    """Serialise the find-or-create of events between concurrent ingestions.

    Without it two PostgreSQL transactions could each miss the other's uncommitted event and create
    the same event twice. SQLite needs nothing: IMMEDIATE transactions already take the write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_EVENT_MATCH_LOCK])


def _analyse(body: str, *, published: datetime.date, language: str) -> list[MentionDraft]:
    sentences = split_sentences(body, language=language)
    timexes = tag(body, published)
    return extract(body=body, sentences=sentences, timexes=timexes, published=published, gazetteer=load_gazetteer())


def _store(article: Article, drafts: list[MentionDraft]) -> IngestResult:
    """Persist mentions, then attach each candidate to a matching event or a new one."""
    mentions = Mention.objects.bulk_create(
        [
            Mention(
                article=article, start=d.start, end=d.end, sentence_start=d.sentence_start,
                sentence_end=d.sentence_end, expression=d.expression, sentence=d.sentence,
                timex_type=d.timex_type, value=d.value, mod=d.mod, earliest=d.earliest, latest=d.latest,
                precision=d.precision,
            )
            for d in drafts
        ]
    )
    if any(m.pk is None for m in mentions):  # backends that do not return ids from bulk inserts
        mentions = list(article.mentions.order_by("start", "end"))
    created: set[int] = set()
    # One instance per event, so the result lists show the recomputed dates and source counts.
    touched: dict[int, Event] = {}
    for draft, mention in zip(drafts, mentions):
        candidate = draft.candidate
        if candidate is None:
            continue
        event = _find_match(candidate)
        if event is None:
            event = _create_event(candidate)
            created.add(event.pk)
        else:
            event = touched.setdefault(event.pk, event)
            _absorb(event, candidate)
        mention.event = event
        touched[event.pk] = event
    Mention.objects.bulk_update([m for m in mentions if m.event_id], ["event"])
    _events_recompute(list(touched.values()))
    events = sorted(touched.values(), key=lambda e: (e.earliest, e.latest, e.pk))
    return IngestResult(
        article=article, created=True, events_created=[e for e in events if e.pk in created],
        events_merged=[e for e in events if e.pk not in created], mentions=mentions,
    )


def _find_match(candidate: Candidate) -> Event | None:
    """The existing event this candidate describes: same kind, compatible dates, actors and place."""
    rows = list(
        Event.objects.filter(kind=candidate.kind, earliest__lte=candidate.latest, latest__gte=candidate.earliest)
        .order_by("id")
    )
    cand_range = (candidate.earliest, candidate.latest, candidate.precision)
    cand_actors = candidate.actor_ids
    cand_place = candidate.place.pk if candidate.place else None
    # Dates and place are checked on the rows already fetched; actors only for the events that pass them.
    rows = [
        event for event in rows
        if M.ranges_compatible((event.earliest, event.latest, event.precision), cand_range)
        and M.places_agree(event.place_id, cand_place)
    ]
    if not rows:
        return None
    actors_of: dict[int, set[int]] = {event.pk: set() for event in rows}
    for event_id, actor_id in Event.actors.through.objects.filter(event_id__in=list(actors_of)).values_list(
        "event_id", "actor_id"
    ):
        actors_of[event_id].add(actor_id)
    best, best_score = None, None
    for event in rows:
        event_actors = actors_of[event.pk]
        if not M.actors_agree(event_actors, cand_actors, kind=candidate.kind):
            continue
        score = (
            -len(event_actors & cand_actors),
            0 if event.place_id == cand_place and cand_place else 1,
            M.width(event.earliest, event.latest),
            event.pk,
        )
        if best_score is None or score < best_score:
            best, best_score = event, score
    return best


def _create_event(candidate: Candidate) -> Event:
    event = Event.objects.create(
        title=candidate.title, summary=candidate.summary, kind=candidate.kind, modality=candidate.modality,
        earliest=candidate.earliest, latest=candidate.latest, precision=candidate.precision or "day",
        label=candidate.label, place_id=candidate.place.pk if candidate.place else None, status=Status.CANDIDATE,
    )
    if candidate.actors:
        event.actors.add(*[a.pk for a in candidate.actors])
    if candidate.topics:
        event.topics.add(*[t.pk for t in candidate.topics])
    return event


def _absorb(event: Event, candidate: Candidate) -> None:
    """Fold a new source's details into an existing event (the dates are recomputed afterwards)."""
    changed = []
    modality = M.strongest_modality(event.modality, candidate.modality)
    if modality != event.modality:
        event.modality = modality
        changed.append("modality")
    if event.place_id is None and candidate.place is not None:
        event.place_id = candidate.place.pk
        # The title may name the place now ("Trump–Kim summit in Singapore").
        event.title = candidate.title
        changed += ["place", "title"]
    if changed:
        event.save(update_fields=changed + ["updated_at"])
    # Actors are kept as first identified: every later source already agrees with them, and adding each
    # source's bystanders would blur titles and filters.
    if candidate.actors and not event.actors.exists():
        event.actors.add(*[a.pk for a in candidate.actors])
    if candidate.topics:
        event.topics.add(*[t.pk for t in candidate.topics])


# ---------------------------------------------------------------- events


def event_recompute(*, event: Event) -> Event:
    """Set dates, precision, label and source count from the event's mentions (the narrowest range wins)."""
    _events_recompute([event])
    return event


def _events_recompute(events: Sequence[Event]) -> None:
    """event_recompute for several events, reading all their mentions in one query."""
    by_event: dict[int, list[tuple]] = {event.pk: [] for event in events}
    for row in Mention.objects.filter(event_id__in=list(by_event)).values_list(
        "event_id", "earliest", "latest", "precision", "mod", "article_id", "start"
    ).order_by("event_id", "article_id", "start"):
        by_event[row[0]].append(row)
    for event in events:
        rows = by_event[event.pk]
        dated = [r for r in rows if r[1] is not None and r[2] is not None]
        if dated:
            _, earliest, latest, precision, mod, _, _ = min(dated, key=lambda r: (M.width(r[1], r[2]), r[5], r[6]))
            event.earliest, event.latest = earliest, latest
            event.precision = precision or event.precision or "day"
            event.label = date_label(earliest, latest, precision or None, mod)
        event.source_count = len(rows)
        event.save(update_fields=["earliest", "latest", "precision", "label", "source_count", "updated_at"])


def events_merge(*, events: Sequence[Event]) -> Event:
    """Merge events into the first (oldest) one: all mentions, actors and topics kept, dates recomputed."""
    events = sorted({e.pk: e for e in events}.values(), key=lambda e: e.pk)
    if not events:
        raise ValueError("Nothing to merge.")
    target, others = events[0], events[1:]
    if not others:
        return event_recompute(event=target)
    with transaction.atomic():
        _lock_event_matching()  # an ingestion must not attach a mention to an event being merged away
        other_ids = [e.pk for e in others]
        Mention.objects.filter(event_id__in=other_ids).update(event=target)
        for other in Event.objects.filter(pk__in=other_ids).prefetch_related("actors", "topics"):
            target.actors.add(*other.actors.all())
            target.topics.add(*other.topics.all())
            target.modality = M.strongest_modality(target.modality, other.modality)
            if target.place_id is None and other.place_id is not None:
                target.place_id = other.place_id
            if other.status == Status.APPROVED:
                target.status = Status.APPROVED  # an editor already vouched for part of it
        target.save(update_fields=["modality", "place", "status", "updated_at"])
        Event.objects.filter(pk__in=other_ids).delete()
        return event_recompute(event=target)


def events_set_status(*, events: QuerySet[Event] | Sequence[Event], status: str) -> int:
    """Approve/reject/reset events; returns how many rows were updated."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}; use one of {', '.join(Status.values)}.")
    ids = list(events.values_list("pk", flat=True)) if isinstance(events, QuerySet) else [e.pk for e in events]
    return Event.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())


def article_reextract(*, article: Article) -> IngestResult:
    """Run extraction again over the stored body (after tagger or gazetteer improvements).

    Old mentions are replaced; events left without sources are deleted unless an editor curated them.
    """
    drafts = _analyse(article.body, published=article.published, language=article.language)
    with transaction.atomic():
        _lock_event_matching()
        old_event_ids = set(
            article.mentions.filter(event__isnull=False).values_list("event_id", flat=True)
        )
        article.mentions.all().delete()
        result = _store(article, drafts)
        still = {e.pk for e in result.events_created} | {e.pk for e in result.events_merged}
        orphans = Event.objects.filter(pk__in=old_event_ids - still).annotate(n=Count("mentions"))
        for event in orphans:
            if event.n == 0 and event.status == Status.CANDIDATE:
                event.delete()
            else:
                event_recompute(event=event)
        # Events it merged back into are not news to the editor: report them as merged, not created.
    result.message = (
        f"Re-extracted article {article.pk}: {_plural(len(result.mentions), 'time expression')}, "
        f"{_plural(len(result.events_created), 'new event')}, "
        f"{_plural(len(result.events_merged), 'existing event')} updated."
    )
    return result

"""`manage.py synth`: a large, realistic, reproducible synthetic archive for benchmarks.

Articles are written sentence by sentence so every mention's offsets point at its time expression
inside the stored body; events get 1-20 sources from articles published around their date, every
precision and modality, a place, actors and topics. Rows go in as batched executemany INSERTs
with ids assigned up front (Django's bulk_create spends ~70 us per row compiling SQL; this is ~10x faster).
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import random
import time
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from timeline.models import Actor, Article, Event, EventKind, Mention, Modality, Place, Precision, Status, Topic

BATCH = 2000

ACTORS = [
    "Kim Jong-un", "Donald Trump", "Moon Jae-in", "Xi Jinping", "Vladimir Putin", "Shinzo Abe",
    "Mike Pompeo", "Kim Yo-jong", "Stephen Biegun", "Joe Biden", "Yoon Suk-yeol", "Antony Blinken",
    "Sergey Lavrov", "Wang Yi", "UN Security Council", "IAEA", "European Union", "NATO",
    "Emmanuel Macron", "Angela Merkel", "Olaf Scholz", "Narendra Modi", "Recep Tayyip Erdogan",
    "Volodymyr Zelensky", "Hassan Rouhani", "Mohammad Javad Zarif", "Benjamin Netanyahu",
    "Mahmoud Abbas", "Ri Yong-ho", "Choe Son-hui", "Kim Yong-chol", "John Bolton", "Fumio Kishida",
    "Lee Jae-myung", "Ursula von der Leyen", "Antonio Guterres", "Rafael Grossi", "Jens Stoltenberg",
]
PLACES = [
    ("Hanoi", "Vietnam"), ("Singapore", "Singapore"), ("Panmunjom", "Korea"), ("Pyongyang", "North Korea"),
    ("Seoul", "South Korea"), ("Washington", "United States"), ("Beijing", "China"), ("Moscow", "Russia"),
    ("Geneva", "Switzerland"), ("Vienna", "Austria"), ("Brussels", "Belgium"), ("New York", "United States"),
    ("Tokyo", "Japan"), ("Helsinki", "Finland"), ("Doha", "Qatar"), ("Istanbul", "Turkey"),
    ("Minsk", "Belarus"), ("Oslo", "Norway"), ("Vladivostok", "Russia"), ("Stockholm", "Sweden"),
]
TOPICS = [
    "Denuclearisation", "Sanctions", "Trade", "Ceasefire", "Nuclear deal", "Human rights",
    "Arms control", "Humanitarian aid", "Energy", "Climate",
]
OUTLETS = [
    "The Independent", "Reuters", "Associated Press", "Yonhap", "KCNA", "BBC News", "The Guardian",
    "NK News", "The Korea Herald", "Nikkei Asia", "Le Monde", "Deutsche Welle",
]

# kind -> (noun for titles, past-tense phrase, base-form phrase); {place} and {topic} are filled in.
KIND_PHRASES = {
    EventKind.SUMMIT: ("summit", "held a summit in {place}", "hold a summit in {place}"),
    EventKind.TALKS: ("talks", "held talks on {topic} in {place}", "hold talks on {topic} in {place}"),
    EventKind.VISIT: ("visit", "visited {place}", "visit {place}"),
    EventKind.LETTER: ("letter", "exchanged letters about {topic}", "exchange letters about {topic}"),
    EventKind.STATEMENT: ("statement", "issued a joint statement on {topic}", "issue a joint statement on {topic}"),
    EventKind.AGREEMENT: ("agreement", "signed an agreement on {topic} in {place}", "sign an agreement on {topic}"),
    EventKind.TEST: ("missile test", "carried out a missile test near {place}", "carry out a missile test"),
    EventKind.SANCTIONS: ("sanctions", "imposed new sanctions over {topic}", "impose new sanctions over {topic}"),
    EventKind.DEADLINE: ("deadline", "set a deadline on {topic}", "meet a deadline on {topic}"),
    EventKind.OTHER: ("meeting", "met in {place} to discuss {topic}", "meet in {place} to discuss {topic}"),
}
KIND_WEIGHTS = [14, 16, 12, 8, 14, 6, 8, 7, 5, 10]
MODALITY_WEIGHTS = {Modality.OCCURRED: 65, Modality.SCHEDULED: 15, Modality.TARGET: 10, Modality.POSSIBLE: 10}
PRECISION_WEIGHTS = {
    Precision.DAY: 44, Precision.WEEK: 5, Precision.MONTH: 20, Precision.QUARTER: 5, Precision.SEASON: 5,
    Precision.HALF_YEAR: 4, Precision.YEAR: 12, Precision.DECADE: 3, Precision.CENTURY: 2,
}
STATUS_WEIGHTS = {Status.APPROVED: 85, Status.CANDIDATE: 11, Status.REJECTED: 4}
# Most events are reported once or twice; a few big ones are covered by up to 20 articles.
SOURCE_COUNTS = list(range(1, 21))
SOURCE_WEIGHTS = [1 / k**1.6 for k in SOURCE_COUNTS]
MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)
SEASONS = [("spring", "SP", 3, 5), ("summer", "SU", 6, 8), ("autumn", "FA", 9, 11)]
FILLER = [
    "Analysts said the move reflected growing pressure at home.",
    "The foreign ministry did not respond to a request for comment.",
    "Diplomats cautioned that much remained to be agreed.",
    "State media carried a lengthy commentary on the meeting.",
    "Officials on both sides described the atmosphere as constructive.",
    "Critics argued that the process had produced few concrete results.",
    "The announcement was welcomed by neighbouring governments.",
]
START = datetime.date(1995, 1, 1)
END = datetime.date(2025, 12, 31)


@dataclass(frozen=True)
class Timex:
    """One resolved time expression as the tagger would produce it."""

    text: str
    value: str
    mod: str
    earliest: datetime.date
    latest: datetime.date
    precision: str
    label: str


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def make_timex(rng: random.Random, precision: str, anchor: datetime.date, published: datetime.date) -> Timex:
    """A time expression of the given precision around `anchor`, phrased as a reporter would."""
    y, m = anchor.year, anchor.month
    if precision == Precision.DAY:
        delta = (anchor - published).days
        if -6 <= delta <= 6 and delta != 0 and rng.random() < 0.4:
            text = ("last " if delta < 0 and rng.random() < 0.3 else "on ") + WEEKDAYS[anchor.weekday()]
        elif rng.random() < 0.5:
            text = f"on {anchor.day} {MONTHS[m - 1]} {y}"
        else:
            text = f"on {MONTHS[m - 1]} {anchor.day}"
        return Timex(text, anchor.isoformat(), "", anchor, anchor, precision, f"{anchor.day} {MONTHS[m - 1]} {y}")
    if precision == Precision.WEEK:
        monday = anchor - datetime.timedelta(days=anchor.weekday())
        iso_year, iso_week, _ = monday.isocalendar()
        return Timex(
            f"the week of {monday.day} {MONTHS[monday.month - 1]}", f"{iso_year}-W{iso_week:02d}", "",
            monday, monday + datetime.timedelta(days=6), precision, f"week of {monday.day} {MONTHS[monday.month - 1]} {monday.year}",
        )
    if precision == Precision.MONTH:
        first, last = datetime.date(y, m, 1), _month_end(y, m)
        part = rng.random()
        if part < 0.2:
            return Timex(f"late {MONTHS[m - 1]}", f"{y}-{m:02d}", "END", datetime.date(y, m, 21), last, precision,
                         f"late {MONTHS[m - 1]} {y}")
        if part < 0.35:
            return Timex(f"early {MONTHS[m - 1]}", f"{y}-{m:02d}", "START", first, datetime.date(y, m, 10), precision,
                         f"early {MONTHS[m - 1]} {y}")
        relative = ("last " if anchor < published else "next ") + MONTHS[m - 1]
        text = f"in {MONTHS[m - 1]} {y}" if rng.random() < 0.6 or y == published.year else relative
        return Timex(text, f"{y}-{m:02d}", "", first, last, precision, f"{MONTHS[m - 1]} {y}")
    if precision == Precision.QUARTER:
        q = (m - 1) // 3 + 1
        return Timex(f"in the {['first', 'second', 'third', 'fourth'][q - 1]} quarter of {y}", f"{y}-Q{q}", "", datetime.date(y, 3 * q - 2, 1),
                     _month_end(y, 3 * q), precision, f"Q{q} {y}")
    if precision == Precision.SEASON:
        name, code, m1, m2 = SEASONS[min(max((m - 3) // 3, 0), 2)]
        return Timex(f"in the {name} of {y}", f"{y}-{code}", "", datetime.date(y, m1, 1), _month_end(y, m2),
                     precision, f"{name} {y}")
    if precision == Precision.HALF_YEAR:
        h = 1 if m <= 6 else 2
        return Timex(f"in the {'first' if h == 1 else 'second'} half of {y}", f"{y}-H{h}", "",
                     datetime.date(y, 1 if h == 1 else 7, 1), _month_end(y, 6 if h == 1 else 12), precision,
                     f"{'first' if h == 1 else 'second'} half of {y}")
    if precision == Precision.YEAR:
        text = f"in {y}" if y != published.year else ("earlier" if anchor < published else "later") + " this year"
        return Timex(text, str(y), "", datetime.date(y, 1, 1), datetime.date(y, 12, 31), precision, str(y))
    if precision == Precision.DECADE:
        d = y - y % 10
        return Timex(f"in the {d}s", str(d // 10), "", datetime.date(d, 1, 1), datetime.date(d + 9, 12, 31),
                     precision, f"{d}s")
    c = (y - 1) // 100 + 1
    return Timex(f"in the {_ordinal(c)} century", str(c - 1), "", datetime.date((c - 1) * 100 + 1, 1, 1),
                 datetime.date(c * 100, 12, 31), precision, f"{_ordinal(c)} century")


def make_sentence(rng: random.Random, ev: "EventPlan", timex: Timex, outlet: str) -> tuple[str, int]:
    """A sentence reporting `ev` with `timex.text` in it; returns (sentence, offset of the expression)."""
    _, past, base = KIND_PHRASES[ev.kind]
    subject = " and ".join(ev.actor_names[:2]) if len(ev.actor_names) > 1 else ev.actor_names[0]
    past = past.format(place=ev.place_name, topic=ev.topic_names[0].lower())
    base = base.format(place=ev.place_name, topic=ev.topic_names[0].lower())
    if ev.modality == Modality.OCCURRED:
        head, tail = f"{subject} {past} ", f", {outlet} reported."
    elif ev.modality == Modality.SCHEDULED:
        head, tail = f"{subject} are scheduled to {base} ", ", officials said."
    elif ev.modality == Modality.TARGET:
        head, tail = f"{subject} aim to {base} by ", ", according to a joint statement."
    else:
        head, tail = f"{subject} could {base} ", ", diplomats said on condition of anonymity."
    return head + timex.text + tail, len(head)


@dataclass
class EventPlan:
    """An event before it is written: what it is and which articles report it."""

    kind: str
    modality: str
    precision: str
    status: str
    place_name: str
    place_id: int
    actor_names: list[str]
    actor_ids: list[int]
    topic_names: list[str]
    topic_ids: list[int]
    anchor: datetime.date
    article_indexes: list[int]
    timex: Timex | None = None
    pk: int | None = None
    sources: list[tuple[int, Timex]] = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic archive for benchmarks: N events with 1-20 source mentions each, "
        "spread over M articles (sentences with time expressions, every precision and modality, places, "
        "actors, topics; ~85% approved). Deterministic for a given --seed and starting database; rows are "
        "written in batches of --batch-size rows (tens of thousands of rows per second)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="Number of events to create (N).")
        parser.add_argument("--articles", type=int, required=True, help="Number of articles to create (M).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; same seed, same archive (default 1).")
        parser.add_argument(
            "--replace", action="store_true", help="Delete existing articles, events and mentions first."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH, help=f"Rows per INSERT batch (default {BATCH}).")

    def handle(self, *args, events: int, articles: int, seed: int, replace: bool, batch_size: int, **options):
        if events < 0 or articles < 1:
            raise CommandError("--events must be >= 0 and --articles >= 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be >= 1.")
        t0 = time.perf_counter()
        with transaction.atomic():
            if replace:
                # Plain DELETEs, children first: the ORM's collector would load every row to cascade.
                for model in (Mention, Event.actors.through, Event.topics.through, Event, Article):
                    model.objects.all()._raw_delete(using=connection.alias)
            counts = generate(
                n_events=events, n_articles=articles, seed=seed, batch_size=batch_size,
                serial_offset=Article.objects.count(),
            )
            analyze()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Sets the visibility map so the covering indexes allow index-only scans right away.
            with connection.cursor() as cursor:
                for model in (Event, Mention):
                    cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        elapsed = time.perf_counter() - t0
        rows = sum(counts.values())
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(f"Created {summary} in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s).")


def _gazetteer() -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """Actors, places and topics used by the archive, reusing gazetteer rows of the same name."""
    actors = [(Actor.objects.get_or_create(name=n)[0].pk, n) for n in ACTORS]
    places = [(Place.objects.get_or_create(name=n, defaults={"country": c})[0].pk, n) for n, c in PLACES]
    topics = []
    for n in TOPICS:
        t = Topic.objects.filter(slug=slugify(n)).first() or Topic.objects.filter(name=n).first()
        if t is None:
            t = Topic.objects.create(name=n, slug=slugify(n))
        topics.append((t.pk, t.name))
    return actors, places, topics


def generate(*, n_events: int, n_articles: int, seed: int, batch_size: int = BATCH, serial_offset: int = 0) -> dict:
    """Write the archive; returns row counts per table."""
    rng = random.Random(seed)
    actors, places, topics = _gazetteer()
    span = (END - START).days
    published = sorted(START + datetime.timedelta(days=rng.randrange(span + 1)) for _ in range(n_articles))
    outlets = [rng.choice(OUTLETS) for _ in range(n_articles)]
    # Sources of one event come from articles close in time: a window of ~90 days of articles.
    window = max(25, int(n_articles * 90 / span))
    kinds, kind_w = list(KIND_PHRASES), KIND_WEIGHTS
    mods, mod_w = list(MODALITY_WEIGHTS), list(MODALITY_WEIGHTS.values())
    precs, prec_w = list(PRECISION_WEIGHTS), list(PRECISION_WEIGHTS.values())
    stats, stat_w = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())

    plans: list[EventPlan] = []
    for _ in range(n_events):
        first = rng.randrange(n_articles)
        k = min(rng.choices(SOURCE_COUNTS, SOURCE_WEIGHTS)[0], n_articles)
        modality = rng.choices(mods, mod_w)[0]
        # Reports of something that happened come after it; of plans, before.
        if modality == Modality.OCCURRED:
            lo, hi = first + 1, min(n_articles, first + window)
        else:
            lo, hi = max(0, first - window), first
        if hi - lo < k - 1:
            lo, hi = max(0, min(lo, n_articles - window)), min(n_articles, max(hi, window))
        others = [i for i in rng.sample(range(lo, hi), min(k - 1, hi - lo)) if i != first] if k > 1 else []
        idxs = sorted(set([first] + others))
        # Occurred events lie before the reporting; scheduled/targets/possibilities after it.
        offset = rng.randint(-60, 0) if modality == Modality.OCCURRED else rng.randint(1, 150)
        anchor = min(max(published[first] + datetime.timedelta(days=offset), START), END)
        a = rng.sample(actors, rng.choice([1, 2, 2, 2, 3]))
        t = rng.sample(topics, rng.choice([1, 1, 2]))
        p = rng.choice(places)
        plans.append(EventPlan(
            kind=rng.choices(kinds, kind_w)[0], modality=modality, precision=rng.choices(precs, prec_w)[0],
            status=rng.choices(stats, stat_w)[0], place_name=p[1], place_id=p[0],
            actor_names=[x[1] for x in a], actor_ids=[x[0] for x in a],
            topic_names=[x[1] for x in t], topic_ids=[x[0] for x in t], anchor=anchor, article_indexes=idxs,
        ))

    # Ids are assigned here so mentions and links can point at events and articles without a round trip.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    next_event = (Event.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_article = (Article.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    per_article: list[list[tuple[EventPlan, Timex]]] = [[] for _ in range(n_articles)]
    event_rows, actor_rows, topic_rows = [], [], []
    for n, plan in enumerate(plans):
        plan.pk = next_event + n
        for i in plan.article_indexes:
            timex = make_timex(rng, plan.precision, plan.anchor, published[i])
            plan.sources.append((i, timex))
            per_article[i].append((plan, timex))
        plan.timex = plan.sources[0][1]
        noun = KIND_PHRASES[plan.kind][0]
        who = " and ".join(plan.actor_names[:2])
        title = f"{who}: {noun} in {plan.place_name}" if "{place}" in KIND_PHRASES[plan.kind][1] else (
            f"{who}: {noun} on {plan.topic_names[0].lower()}")
        event_rows.append((
            plan.pk, title[:300], f"Synthetic {noun} reported by {len(plan.sources)} article(s).", plan.kind,
            plan.modality, plan.timex.earliest, plan.timex.latest, plan.precision, plan.timex.label,
            plan.place_id, plan.status, len(plan.sources), now, now,
        ))
        actor_rows.extend((plan.pk, a) for a in plan.actor_ids)
        topic_rows.extend((plan.pk, t) for t in plan.topic_ids)
    counts = {"events": 0, "articles": 0, "mentions": 0, "actor links": 0, "topic links": 0}
    counts["events"] = _insert(Event, EVENT_COLUMNS, event_rows, batch_size)
    through_a, through_t = Event.actors.through, Event.topics.through
    counts["actor links"] = _insert(through_a, ["event", "actor"], actor_rows, batch_size)
    counts["topic links"] = _insert(through_t, ["event", "topic"], topic_rows, batch_size)
    del event_rows, actor_rows, topic_rows

    # Articles and their mentions, a batch at a time so bodies need not all sit in memory.
    for start in range(0, n_articles, batch_size):
        art_rows, men_rows = [], []
        for i in range(start, min(start + batch_size, n_articles)):
            art_id = next_article + i
            art, mentions = _article(rng, serial_offset + i, published[i], outlets[i], per_article[i], actors)
            art_rows.append((art_id, *art, now))
            men_rows.extend((art_id, *m) for m in mentions)
        counts["articles"] += _insert(Article, ARTICLE_COLUMNS, art_rows, batch_size)
        counts["mentions"] += _insert(Mention, MENTION_COLUMNS, men_rows, batch_size)
    if n_events or n_articles:
        # PostgreSQL sequences do not see explicit ids; move them past what was written (as loaddata does).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Event, Article]):
                cursor.execute(sql)
    return counts


def analyze() -> None:
    """Refresh planner statistics after a bulk load (stale stats made PostgreSQL pick slow plans)."""
    tables = [m._meta.db_table for m in (Event, Article, Mention, Event.actors.through, Event.topics.through)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


EVENT_COLUMNS = [
    "id", "title", "summary", "kind", "modality", "earliest", "latest", "precision", "label", "place", "status",
    "source_count", "created_at", "updated_at",
]
ARTICLE_COLUMNS = [
    "id", "title", "outlet", "url", "published", "language", "body", "content_hash", "source_format", "ingested_at",
]
MENTION_COLUMNS = [
    "article", "event", "start", "end", "sentence_start", "sentence_end", "expression", "sentence", "timex_type",
    "value", "mod", "earliest", "latest", "precision",
]


def _insert(model, names: list[str], rows: list[tuple], batch_size: int) -> int:
    """INSERT rows (values in `names` order) with executemany, `batch_size` rows per call."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(n).column) for n in names)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream instead of a round trip per row.
            raw = cursor.cursor
            with raw.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start:start + batch_size])
    return len(rows)


def _article(rng, serial, published, outlet, reported, actors) -> tuple[tuple, list[tuple]]:
    """One article (ARTICLE_COLUMNS without id and ingested_at) built sentence by sentence, and a mention row
    (MENTION_COLUMNS without article) per report, its offsets pointing into the body."""
    parts: list[str] = []
    mentions: list[tuple] = []
    pos = 0

    def add(sentence: str, timex: Timex | None = None, at: int = 0, event_id: int | None = None) -> None:
        nonlocal pos
        if parts:
            parts.append(" ")
            pos += 1
        if timex is not None:
            mentions.append((
                event_id, pos + at, pos + at + len(timex.text), pos, pos + len(sentence), timex.text, sentence,
                "DATE", timex.value, timex.mod, timex.earliest, timex.latest, timex.precision,
            ))
        parts.append(sentence)
        pos += len(sentence)

    lead_actor = reported[0][0].actor_names[0] if reported else rng.choice(actors)[1]
    title = f"{lead_actor} {rng.choice(['signals', 'weighs', 'rejects', 'welcomes', 'discusses'])} " \
            f"{rng.choice(['new talks', 'a summit', 'fresh sanctions', 'a deal', 'a visit'])}"
    add(f"{outlet} dispatch no. {serial + 1}, filed {published.day} {MONTHS[published.month - 1]} {published.year}.")
    for plan, timex in reported:
        sentence, at = make_sentence(rng, plan, timex, outlet)
        add(sentence, timex, at, plan.pk)
        if rng.random() < 0.5:
            add(rng.choice(FILLER))
    if rng.random() < 0.3:
        # A time expression that anchors no event, as real articles have.
        year = published.year - rng.randint(1, 5)
        tx = Timex(f"in {year}", str(year), "", datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                   Precision.YEAR, str(year))
        head = "The two sides first made contact "
        add(head + tx.text + ".", tx, len(head))
    add(rng.choice(FILLER))
    body = "".join(parts)
    url = f"https://news.example/{slugify(outlet)}/{published:%Y/%m}/{slugify(title)}-{serial + 1}"
    article = (title, outlet, url, published, "en", body, hashlib.sha256(body.encode()).hexdigest(), "text")
    return article, mentions

"""timeline.services: ingestion is all-or-nothing, idempotent, validated, and merges events across articles."""

from __future__ import annotations

import codecs
import datetime

import pytest

from timeline import services
from timeline.export import event_records
from timeline.ingestion.gazetteer_seed import seed_gazetteer
from timeline.models import Actor, Article, Event, Mention, Place, Topic
from timeline.services import IngestError, article_ingest

pytestmark = pytest.mark.django_db

SECOND_ARTICLE = (
    "Trump and Kim to meet in Vietnam\n\n"
    "Donald Trump and Kim Jong-un met in Singapore on 12 June 2018 and signed a short statement.\n\n"
    "Officials say the next meeting will take place in Hanoi next week."
)


@pytest.fixture(autouse=True)
def gazetteer(db):
    # Transactional tests elsewhere flush the data migration's rows; put them back.
    seed_gazetteer(Actor, Place, Topic)


@pytest.fixture
def seed(seed_text, seed_published, seed_manifest):
    return article_ingest(text=seed_text, published=seed_published, title=seed_manifest[0]["title"],
                          outlet=seed_manifest[0]["outlet"])


def counts():
    return Article.objects.count(), Mention.objects.count(), Event.objects.count()


def test_result_lists_show_recomputed_events(seed):
    # Regression: an event created and then joined in the same article was reported with 0 sources.
    second = next(e for e in seed.events_created if e.kind == "summit" and e.earliest.year == 2019)
    assert second.source_count == 2 and second.label == "late February 2019"
    assert [e.earliest for e in seed.events_created] == sorted(e.earliest for e in seed.events_created)


def test_reingesting_the_same_text_changes_nothing_and_says_so(seed, seed_text, seed_published):
    before = counts()
    again = article_ingest(text=seed_text, published=seed_published, title="Another title")
    assert again.created is False
    assert again.article.pk == seed.article.pk
    assert again.message == f"Already ingested as article {seed.article.pk} — nothing changed."
    assert again.events_created == [] and again.events_merged == []
    assert counts() == before


def test_same_text_with_bom_crlf_and_extra_spaces_is_the_same_article(seed, seed_text, seed_published):
    # The hash is of the cleaned body, so byte-level noise does not defeat de-duplication.
    noisy = codecs.BOM_UTF8 + seed_text.replace("\n", "  \r\n").encode("utf-8")
    assert article_ingest(text=noisy, published=seed_published, title="x").created is False


def test_utf16_with_bom_is_accepted(seed_published):
    text = "Mr Kim met Mr Trump in Singapore on 12 June 2018."
    result = article_ingest(text=text.encode("utf-16"), published=seed_published, title="UTF-16 brief")
    assert result.created and result.article.body == text


def test_two_articles_about_one_event_merge(seed):
    singapore = Event.objects.get(kind="summit", place__name="Singapore")
    assert singapore.label == "June 2018"
    second = article_ingest(text=SECOND_ARTICLE, published="2019-02-20", title="Trump and Kim to meet in Vietnam",
                            outlet="Brief")
    assert singapore in second.events_merged
    singapore.refresh_from_db()
    # The more precise date wins and both sources stay attached.
    assert (singapore.earliest, singapore.latest, singapore.precision) == (
        datetime.date(2018, 6, 12), datetime.date(2018, 6, 12), "day")
    assert singapore.label == "12 June 2018"
    assert singapore.source_count == 2
    assert sorted(m.expression for m in singapore.mentions.all()) == ["12 June 2018", "last June"]
    assert Event.objects.filter(kind="summit", place__name="Singapore").count() == 1
    # Its export lists the sources oldest first.
    (record,) = event_records(Event.objects.filter(pk=singapore.pk))
    assert [s["published"] for s in record["sources"]] == ["2019-01-24", "2019-02-20"]


def test_events_with_different_places_do_not_merge(seed):
    article_ingest(text="Mr Trump and Mr Kim held a summit in Hanoi in June 2018, a reader insisted.",
                   published="2019-03-01", title="Wrong memory")
    assert Event.objects.filter(kind="summit", earliest__year=2018).count() == 2


BAD_INPUTS = [
    # (kwargs overriding a good call, field, message fragment)
    ({"text": None}, "text", "Paste the article text"),
    ({"text": ""}, "text", "The article text is empty."),
    ({"text": "   \n\t  \r\n"}, "text", "The article text is empty."),
    ({"text": b""}, "text", "The article text is empty."),
    ({"text": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "text", "binary or is not UTF-8"),
    ({"text": "Caf\u00e9 talks on Monday.".encode("latin-1")}, "text", "binary or is not UTF-8"),
    ({"text": "text with a NUL\x00 in it"}, "text", "binary or is not UTF-8"),
    ({"text": "Your support makes all the difference.\nComments"}, "text", "No article text is left"),
    ({"published": ""}, "published", "Enter the publication date"),
    ({"published": None}, "published", "Enter the publication date"),
    ({"published": "24/01/2019"}, "published", "not in the form YYYY-MM-DD"),
    ({"published": "2019-02-30"}, "published", "does not exist"),
    ({"published": "2999-01-01"}, "published", "is in the future"),
    ({"title": "  "}, "title", "Enter the article's title."),
    ({"url": "javascript:alert(1)"}, "url", "not a valid http(s) URL"),
    ({"fmt": "pdf"}, "fmt", "Unknown format"),
]


@pytest.mark.parametrize("override, field, message", BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(seed, override, field, message):
    before = counts()
    kwargs = dict(text="Mr Kim met Mr Trump on Monday.", published="2019-01-24", title="A brief")
    kwargs.update(override)
    with pytest.raises(IngestError) as excinfo:
        article_ingest(**kwargs)
    assert excinfo.value.field == field
    assert message in excinfo.value.message
    assert counts() == before


def test_text_over_the_size_limit_is_refused(settings):
    settings.TIMELINE_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(IngestError, match=r"too large \(1\.95 KB\); the limit is 1000 bytes"):
        article_ingest(text=b"a" * 2000, published="2019-01-24", title="Big")
    assert counts() == (0, 0, 0)


def test_future_is_judged_against_today():
    with pytest.raises(IngestError, match="in the future"):
        article_ingest(text="On Monday.", published="2019-01-25", title="t", today=datetime.date(2019, 1, 24))


def test_failure_midway_leaves_no_article_mentions_or_events(monkeypatch, seed_text, seed_published):
    def explode(candidate):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_create_event", explode)
    with pytest.raises(RuntimeError):
        article_ingest(text=seed_text, published=seed_published, title="t")
    assert counts() == (0, 0, 0)


def test_concurrent_duplicate_returns_the_winner_instead_of_a_second_article(monkeypatch):
    text = "Mr Kim met Mr Trump in Singapore on 12 June 2018."
    real_analyse = services._analyse

    def analyse_while_another_request_commits(body, **kwargs):
        # Another request stores the same body between our duplicate check and our insert.
        Article.objects.create(title="winner", published=datetime.date(2019, 1, 24), body=body,
                               content_hash=services.content_hash(body))
        return real_analyse(body, **kwargs)

    monkeypatch.setattr(services, "_analyse", analyse_while_another_request_commits)
    result = article_ingest(text=text, published="2019-01-24", title="loser")
    assert result.created is False
    assert result.article.title == "winner"
    assert Article.objects.count() == 1
    assert Mention.objects.count() == 0 and Event.objects.count() == 0


def test_event_recompute_takes_the_narrowest_range(seed):
    event = Event.objects.get(kind="summit", place__name="Singapore")
    event.earliest, event.latest, event.label, event.source_count = (
        datetime.date(2018, 1, 1), datetime.date(2018, 12, 31), "2018", 0)
    event.save()
    services.event_recompute(event=event)
    event.refresh_from_db()
    assert (event.label, event.source_count, event.precision) == ("June 2018", 1, "month")


def test_events_merge_keeps_every_mention_and_recomputes(seed):
    statements = list(Event.objects.filter(kind="statement").order_by("pk"))
    mention_ids = set(Mention.objects.filter(event__in=statements).values_list("pk", flat=True))
    Event.objects.filter(pk=statements[1].pk).update(status="approved")
    merged = services.events_merge(events=statements)
    assert merged.pk == statements[0].pk
    assert set(merged.mentions.values_list("pk", flat=True)) == mention_ids
    assert merged.source_count == 3
    assert merged.status == "approved"
    assert not Event.objects.filter(pk__in=[e.pk for e in statements[1:]]).exists()
    # The narrowest of the merged ranges is a single day.
    assert merged.precision == "day"


def test_events_set_status(seed):
    n = services.events_set_status(events=Event.objects.filter(kind="statement"), status="approved")
    assert n == 3
    assert set(Event.objects.filter(kind="statement").values_list("status", flat=True)) == {"approved"}
    with pytest.raises(ValueError, match="Unknown status"):
        services.events_set_status(events=Event.objects.all(), status="published")


def test_reextract_rebuilds_mentions_without_duplicating_events(seed):
    before = sorted(Event.objects.values_list("kind", "label", "source_count"))
    approved = Event.objects.get(kind="deadline")
    services.events_set_status(events=[approved], status="approved")
    result = services.article_reextract(article=seed.article)
    assert sorted(Event.objects.values_list("kind", "label", "source_count")) == before
    assert Mention.objects.count() == len(result.mentions)
    # The curated event keeps its identity and status.
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.source_count == 1


def test_event_records_contract_with_a_fixed_number_of_queries(seed, django_assert_num_queries):
    article_ingest(text=SECOND_ARTICLE, published="2019-02-20", title="Second", outlet="Brief",
                   url="https://example.org/second")
    with django_assert_num_queries(4):
        records = event_records(Event.objects.all())
    assert len(records) == Event.objects.count()
    record = next(r for r in records if r["place"] == "Singapore")
    assert set(record) == {"id", "title", "kind", "modality", "status", "earliest", "latest", "precision", "label",
                           "place", "actors", "topics", "sources"}
    assert record["earliest"] == record["latest"] == "2018-06-12"
    assert record["actors"] == ["Donald Trump", "Kim Jong-un"]
    assert set(record["sources"][1]) == {"article_id", "title", "outlet", "published", "url", "sentence",
                                         "expression", "value"}
    assert record["sources"][1]["url"] == "https://example.org/second"
    assert record["sources"][1]["value"] == "2018-06-12"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_articles_about_one_event_make_one_event():
    """Two writers at the same moment: the second merges into the first's event instead of duplicating it."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's IMMEDIATE transactions serialise writers; its shared in-memory test DB cannot run threads")
    seed_gazetteer(Actor, Place, Topic)
    texts = [f"Donald Trump and Kim Jong-un met in Singapore on 12 June 2018, report {i} said." for i in range(4)]
    barrier = threading.Barrier(len(texts))
    errors = []

    def submit(text):
        try:
            barrier.wait()
            article_ingest(text=text, published="2019-02-20", title=text[-20:])
        except Exception as exc:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert Article.objects.count() == 4
    (summit,) = Event.objects.filter(kind="summit")
    assert summit.source_count == 4


# Regression (found by the fuzz test on PostgreSQL): a NUL in the title reached the database, which
# refuses NUL in text columns with a DataError instead of our validation error.
@pytest.mark.django_db
@pytest.mark.parametrize("field, value, stored", [("title", "Kim\x00 letter", "Kim letter"), ("outlet", "\x00AP", "AP")])
def test_control_characters_are_dropped_from_metadata(seed_text, field, value, stored):
    meta = {"title": "Kim letter", "outlet": "AP", field: value}
    result = article_ingest(text=seed_text, published=datetime.date(2019, 1, 24), **meta)
    assert getattr(result.article, field) == stored


@pytest.mark.django_db
def test_control_characters_in_the_url_are_refused(seed_text):
    from timeline.models import Article

    with pytest.raises(IngestError, match="control characters"):
        article_ingest(text=seed_text, published=datetime.date(2019, 1, 24), title="T", url="https://a.example/\x00x")
    assert Article.objects.count() == 0

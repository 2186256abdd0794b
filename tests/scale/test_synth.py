"""`manage.py synth` writes a consistent, varied, reproducible archive."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from timeline.models import Article, Event, Mention, Modality, Precision, Status


def synth(**kwargs) -> str:
    out = io.StringIO()
    call_command("synth", stdout=out, **kwargs)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(Event.objects.order_by("id").values_list("title", "kind", "modality", "earliest", "latest", "label"))


@pytest.mark.django_db
def test_synth_prints_counts_and_rate():
    out = synth(events=300, articles=60, seed=5)
    assert "300 events" in out and "60 articles" in out and "rows/s" in out
    assert Event.objects.count() == 300 and Article.objects.count() == 60


@pytest.mark.django_db
def test_every_mention_points_at_its_expression_and_sentence():
    synth(events=200, articles=40, seed=2)
    mentions = list(Mention.objects.select_related("article"))
    assert mentions
    for m in mentions:
        body = m.article.body
        assert body[m.start:m.end] == m.expression
        assert body[m.sentence_start:m.sentence_end] == m.sentence
        assert m.earliest <= m.latest


@pytest.mark.django_db
def test_events_have_1_to_20_sources_and_a_true_source_count():
    synth(events=400, articles=300, seed=3)
    rows = Event.objects.annotate(n=Count("mentions")).values_list("n", "source_count")
    assert all(1 <= n <= 20 and n == count for n, count in rows)
    # Some events are reported by several articles, as merged events are.
    assert max(n for n, _ in rows) >= 5


@pytest.mark.django_db
def test_archive_covers_every_precision_and_modality_and_is_mostly_approved():
    synth(events=600, articles=120, seed=4)
    assert set(Event.objects.values_list("precision", flat=True)) == set(Precision.values)
    assert set(Event.objects.values_list("modality", flat=True)) == set(Modality.values)
    statuses = Counter(Event.objects.values_list("status", flat=True))
    assert statuses[Status.APPROVED] > 0.7 * 600 and statuses[Status.CANDIDATE] and statuses[Status.REJECTED]
    assert Event.objects.filter(actors__isnull=False).distinct().count() == 600
    assert Event.objects.filter(topics__isnull=False).distinct().count() == 600
    assert Event.objects.values("place").distinct().count() > 5
    assert not Event.objects.filter(earliest__gt=F("latest")).exists()


@pytest.mark.django_db
def test_same_seed_same_archive_different_seed_different_archive():
    synth(events=150, articles=30, seed=9)
    first = snapshot()
    synth(events=150, articles=30, seed=9, replace=True)
    assert snapshot() == first
    synth(events=150, articles=30, seed=10, replace=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_append_keeps_ids_unique_and_orm_inserts_still_work():
    # Ids are assigned by synth; the ORM (and PostgreSQL's sequence) must continue after them.
    synth(events=50, articles=10, seed=1)
    synth(events=50, articles=10, seed=1)
    assert Event.objects.count() == 100 and Article.objects.count() == 20
    ev = Event.objects.create(title="after synth", earliest="2020-01-01", latest="2020-01-01", label="1 Jan 2020")
    assert ev.pk > max(Event.objects.exclude(pk=ev.pk).values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs", [{"events": -1, "articles": 5}, {"events": 5, "articles": 0}])
def test_bad_sizes_are_refused(kwargs):
    with pytest.raises(CommandError):
        synth(seed=1, **kwargs)


def test_help_explains_the_options(capsys):
    with pytest.raises(SystemExit):
        call_command("synth", "--help")
    text = capsys.readouterr().out
    assert "--events" in text and "--articles" in text and "--seed" in text and "synthetic archive" in text

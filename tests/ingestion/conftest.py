"""Fixtures for ingestion tests: the gazetteer (in the database or in memory) and hand-made timexes."""

from __future__ import annotations

import datetime

import pytest

from timeline.ingestion.gazetteer import Gazetteer
from timeline.ingestion.gazetteer_seed import ACTORS, PLACES, TOPICS, seed_gazetteer
from timeline.temporal import Timex


@pytest.fixture
def gazetteer(db):
    """The seeded gazetteer rows; re-seeded because transactional tests elsewhere flush the data migration."""
    from timeline.models import Actor, Place, Topic

    seed_gazetteer(Actor, Place, Topic)


@pytest.fixture(scope="session")
def memory_gazetteer() -> Gazetteer:
    """The seed gazetteer without a database (ids are list positions)."""
    return Gazetteer.build(
        actors=[(i, name, aliases) for i, (name, _, aliases) in enumerate(ACTORS, 1)],
        places=[(i, name, aliases) for i, (name, _, aliases) in enumerate(PLACES, 1)],
        topics=[(i, name, aliases) for i, (name, aliases) in enumerate(TOPICS, 1)],
    )


def make_timex(text: str, expression: str, value: str, earliest=None, latest=None, precision=None, *, mod=None,
               type="DATE", nth: int = 0) -> Timex:
    """A Timex for the nth occurrence of expression in text (what a perfect tagger would return)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(expression, start + 1)
    as_date = lambda v: datetime.date.fromisoformat(v) if isinstance(v, str) else v  # noqa: E731
    return Timex(start, start + len(expression), expression, type, value, mod, as_date(earliest), as_date(latest),
                 precision)


@pytest.fixture(scope="session")
def timex():
    return make_timex


# The suite-wide users hash real passwords (slow PBKDF2); these tests only need force_login.
@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(username="editor", password=None, is_staff=True)


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user(username="reader", password=None)

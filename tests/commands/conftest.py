"""Command tests need the gazetteer rows even after a transactional test flushed the data migration."""

from __future__ import annotations

import pytest

from timeline.ingestion.gazetteer_seed import seed_gazetteer


@pytest.fixture(autouse=True)
def gazetteer(request):
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from timeline.models import Actor, Place, Topic

        seed_gazetteer(Actor, Place, Topic)

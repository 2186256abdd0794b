"""UI test fixtures: a small sourced event built with the ORM factories."""

from __future__ import annotations

import datetime

import pytest

from tests.ui.factories import make_article, make_event


@pytest.fixture
def hanoi(db):
    """Two articles dating the Hanoi summit: first vaguely ("late February"), then exactly."""
    early = make_article(title="Second summit announced", published=datetime.date(2019, 1, 19), outlet="Wire A")
    late = make_article(title="Hanoi talks end without deal", published=datetime.date(2019, 3, 1), outlet="Wire B")
    return make_event(
        title="Second Trump-Kim summit",
        kind="summit",
        earliest=datetime.date(2019, 2, 27),
        latest=datetime.date(2019, 2, 28),
        precision="day",
        label="February 27 and 28, 2019",
        actors=("Donald Trump", "Kim Jong-un"),
        place="Hanoi",
        topics=("Denuclearisation",),
        mentions=[
            # Given out of order on purpose: the drill-down must sort by publication date.
            (late, "The leaders met on February 27 and 28 in Hanoi.", "February 27 and 28"),
            (early, "A second summit will be held in late February, the White House said.", "late February"),
        ],
    )

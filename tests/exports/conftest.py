"""Export fixtures: a small archive with approved, candidate and rejected events and hostile text."""

from __future__ import annotations

import datetime

import pytest

from tests.ui.factories import make_article, make_event


@pytest.fixture
def archive(db):
    """Five events: three approved (one hostile), one candidate, one rejected."""
    early = make_article(title="Second summit announced", published=datetime.date(2019, 1, 19), outlet="Wire A",
                         url="https://example.org/early")
    late = make_article(title="Hanoi talks end without deal", published=datetime.date(2019, 3, 1), outlet="Wire B",
                        url="https://example.org/late")
    evil = make_article(title='<img src=x onerror=alert(1)>', published=datetime.date(2019, 6, 1),
                        outlet="=HYPERLINK(\"http://evil.example\")", url="javascript:alert(1)")
    events = {
        "hanoi": make_event(
            title="Second Trump-Kim summit", kind="summit", earliest=datetime.date(2019, 2, 27),
            latest=datetime.date(2019, 2, 28), precision="day", label="February 27 and 28, 2019",
            actors=("Donald Trump", "Kim Jong-un"), place="Hanoi", topics=("Denuclearisation",),
            mentions=[
                # Out of publication order on purpose: exports list sources by publication date.
                (late, "The leaders met on February 27 and 28 in Hanoi.", "February 27 and 28"),
                (early, "A second summit will be held in late February, the White House said.", "late February"),
            ],
        ),
        "letter": make_event(
            title="Kim receives Trump letter", kind="letter", earliest=datetime.date(2019, 1, 1),
            latest=datetime.date(2019, 1, 31), precision="month", label="January 2019",
            actors=("Kim Jong-un",), topics=("Sanctions",),
            mentions=[(early, "Kim received the letter in January.", "in January")],
        ),
        "hostile": make_event(
            title='=HYPERLINK("http://evil.example","<script>alert(1)</script>")', kind="statement", modality="scheduled",
            earliest=datetime.date(2019, 6, 1), latest=datetime.date(2019, 8, 31), precision="season",
            label="summer 2019", actors=("-Someone",), topics=("Trade",),
            mentions=[(evil, 'He said "<b>bold</b>" would happen this summer.', "this summer")],
        ),
        "candidate": make_event(
            title="Unreviewed rumour of talks", kind="talks", earliest=datetime.date(2019, 4, 1),
            status="candidate", mentions=[(late, "Talks may follow on April 1.", "April 1")],
        ),
        "rejected": make_event(
            title="Wrongly extracted event", kind="other", earliest=datetime.date(2019, 5, 1),
            status="rejected", mentions=[(late, "Nothing happened on May 1.", "May 1")],
        ),
    }
    return events

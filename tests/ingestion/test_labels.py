"""Date labels read the way a journalist would write the date, at the precision the sources give."""

from __future__ import annotations

import datetime

import pytest

from timeline.ingestion.labels import date_label

D = datetime.date


@pytest.mark.parametrize(
    "earliest, latest, precision, mod, label",
    [
        (D(2019, 1, 24), D(2019, 1, 24), "day", None, "24 January 2019"),
        (D(2019, 1, 14), D(2019, 1, 20), "week", None, "week of 14 January 2019"),
        (D(2018, 6, 1), D(2018, 6, 30), "month", None, "June 2018"),
        (D(2019, 2, 19), D(2019, 2, 28), "month", "END", "late February 2019"),
        (D(2019, 2, 1), D(2019, 2, 10), "month", "START", "early February 2019"),
        (D(2019, 2, 11), D(2019, 2, 20), "month", "MID", "mid-February 2019"),
        (D(2019, 1, 1), D(2019, 4, 30), "year", "START", "early 2019"),
        (D(2019, 9, 1), D(2019, 12, 31), "year", "END", "late 2019"),
        (D(2019, 1, 1), D(2019, 3, 31), "quarter", None, "Q1 2019"),
        (D(2019, 10, 1), D(2019, 12, 31), "quarter", None, "Q4 2019"),
        (D(2019, 6, 1), D(2019, 8, 31), "season", None, "summer 2019"),
        (D(2018, 12, 1), D(2019, 2, 28), "season", None, "winter 2018"),
        (D(2019, 1, 1), D(2019, 6, 30), "half-year", None, "first half of 2019"),
        (D(2019, 1, 1), D(2019, 12, 31), "year", None, "2019"),
        (D(2010, 1, 1), D(2019, 12, 31), "decade", None, "the 2010s"),
        (D(2010, 1, 1), D(2013, 12, 31), "decade", "START", "the early 2010s"),
        (D(1901, 1, 1), D(2000, 12, 31), "century", None, "the 20th century"),
        (D(2019, 2, 27), D(2019, 2, 28), "day", None, "27–28 February 2019"),
        (D(2018, 6, 1), D(2018, 6, 30), "month", "APPROX", "around June 2018"),
        # No precision from the tagger: inferred from the width of the range.
        (D(2019, 3, 1), D(2019, 3, 31), None, None, "March 2019"),
        (D(2019, 5, 5), D(2019, 5, 5), None, None, "5 May 2019"),
    ],
)
def test_labels(earliest, latest, precision, mod, label):
    assert date_label(earliest, latest, precision, mod) == label

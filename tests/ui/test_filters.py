"""Filter parsing: partial dates, multi-value fields, bad input as field errors, query-string round trip."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from timeline.filters import parse_filters

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2019", "2019", (D(2019, 1, 1), D(2019, 12, 31))),
        ("2019-02", "2019-02", (D(2019, 2, 1), D(2019, 2, 28))),
        ("2020-02", "2020-02", (D(2020, 2, 1), D(2020, 2, 29))),  # leap year: the end is the 29th
        ("2019-2-5", "2019-02-27", (D(2019, 2, 5), D(2019, 2, 27))),
        (" 2019-02-27 ", "", (D(2019, 2, 27), None)),
        ("", "", (None, None)),
    ],
)
def test_partial_dates_cover_their_whole_period(start, end, expected):
    form, filters = parse_filters({"start": start, "end": end})
    assert filters is not None, form.errors
    assert (filters.start, filters.end) == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ({"start": "2019-00"}, "start"),
        ({"start": "2019-02-29"}, "start"),  # 2019 is not a leap year
        ({"end": "0000"}, "end"),
        ({"end": "19-02-01"}, "end"),
        ({"start": "2019-03", "end": "2019-02"}, "end"),
        ({"kind": ["summit", "picnic"]}, "kind"),
        ({"lane": "topic"}, "lane"),
        ({"actor": "1; drop table"}, "actor"),
    ],
)
def test_bad_values_are_field_errors(query, field):
    form, filters = parse_filters(query)
    assert filters is None and field in form.errors


def test_query_string_round_trip_keeps_multi_values_and_drops_defaults():
    query = QueryDict("kind=summit&kind=letter&modality=scheduled&q=Hanoi+summit&start=2019-02&lane=kind&page=3")
    form, filters = parse_filters(query)
    assert filters.kinds == ("summit", "letter") and filters.modalities == ("scheduled",)
    assert filters.querystring() == "start=2019-02-01&kind=summit&kind=letter&modality=scheduled&q=Hanoi+summit"
    _, again = parse_filters(QueryDict(filters.querystring()))
    assert again == filters


def test_options_mark_what_is_selected():
    form, _ = parse_filters(QueryDict("kind=letter&modality=target"))
    assert [v for v, _, checked in form.kind_options() if checked] == ["letter"]
    assert [v for v, _, checked in form.modality_options() if checked] == ["target"]
    assert [v for v, _, selected in form.lane_options() if selected] == []

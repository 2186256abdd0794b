"""The figure builder: precision drawn honestly, modality visible, lanes, aggregation, escaped hover text."""

from __future__ import annotations

import datetime
import json

import pytest

from timeline.charts import NO_ACTOR, OTHER_ACTORS, Bucket, ChartEvent, timeline_figure
from timeline.selectors import CHART_EVENT_LIMIT

D = datetime.date


def ev(id=1, *, title="Summit", kind="summit", modality="occurred", earliest=D(2019, 2, 27), latest=None,
       precision="day", label="27 February 2019", sources=1, actors=()):
    return ChartEvent(id=id, title=title, kind=kind, modality=modality, earliest=earliest,
                      latest=latest or earliest, precision=precision, label=label, source_count=sources,
                      actors=tuple(actors))


def event_traces(fig):
    """Traces that draw events (legend-key traces carry no event ids)."""
    return [t for t in fig["data"] if t.get("customdata")]


def trace_of(fig, event_id):
    [trace] = [t for t in event_traces(fig) if event_id in t["customdata"]]
    return trace


@pytest.mark.parametrize(
    "precision, earliest, latest, geometry",
    [
        ("day", D(2019, 2, 27), D(2019, 2, 27), "marker"),
        ("week", D(2019, 1, 21), D(2019, 1, 27), "range"),
        ("month", D(2019, 2, 21), D(2019, 2, 28), "range"),  # "late February"
        ("season", D(2019, 3, 20), D(2019, 6, 20), "range"),
        ("year", D(2019, 1, 1), D(2019, 12, 31), "range"),
    ],
)
def test_day_precise_events_are_markers_and_vaguer_ones_are_bars(precision, earliest, latest, geometry):
    """Known to the day -> a marker at that day; otherwise a bar over every possible day."""
    fig = timeline_figure(events=[ev(precision=precision, earliest=earliest, latest=latest)])
    trace = trace_of(fig, 1)
    if geometry == "marker":
        assert trace["type"] in ("scatter", "scattergl") and trace["mode"] == "markers"
        assert trace["x"] == ["2019-02-27"]
    else:
        assert trace["type"] == "bar" and trace["orientation"] == "h"
        assert trace["base"] == [earliest.isoformat()]
        # The bar covers earliest..latest inclusive: one extra day in milliseconds.
        assert trace["x"] == [((latest - earliest).days + 1) * 86_400_000]
        assert trace["textposition"] == "none"
        # Lighter fill than the outline: the fill colour is translucent.
        assert trace["marker"]["color"].startswith("rgba(") and trace["marker"]["color"].endswith("0.32)")


@pytest.mark.parametrize(
    "modality, symbol, pattern",
    [
        ("occurred", "circle", None),
        ("scheduled", "circle-open", "/"),
        ("target", "diamond-open", "x"),
        ("possible", "square-open", "."),
    ],
)
def test_scheduled_and_target_events_look_different_from_occurred_ones(modality, symbol, pattern):
    """Open markers and hatched bars for things that have not been reported as happening."""
    fig = timeline_figure(events=[ev(1, modality=modality), ev(2, modality=modality, precision="month",
                                                                  earliest=D(2019, 2, 1), latest=D(2019, 2, 28))])
    assert trace_of(fig, 1)["marker"]["symbol"] == symbol
    bar = trace_of(fig, 2)["marker"]
    assert bar.get("pattern", {}).get("shape") == pattern
    legend = [t["name"] for t in fig["data"] if t.get("showlegend")]
    assert any(modality.split()[0] in name for name in legend), legend


def test_legend_says_what_open_markers_and_bars_mean():
    fig = timeline_figure(events=[ev(1), ev(2, modality="scheduled"), ev(3, modality="target", precision="year",
                                                                          earliest=D(2019, 1, 1), latest=D(2019, 12, 31))])
    legend = [t["name"] for t in fig["data"] if t.get("showlegend")]
    assert "occurred, known to the day" in legend
    assert any(name.startswith("scheduled (open circle") for name in legend)
    assert any(name.startswith("target (open diamond") for name in legend)
    assert any("bar over every possible day" in name for name in legend)
    # Event traces stay out of the legend: lanes are named on the axis.
    assert all(not t.get("showlegend", True) for t in event_traces(fig))


def test_lanes_by_kind_name_the_y_axis_and_place_each_event_in_its_kind():
    fig = timeline_figure(events=[ev(1, kind="letter"), ev(2, kind="summit"), ev(3, kind="letter")])
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert ticks == ["Summit", "Letter"]  # fixed kind order, only kinds present
    assert round(trace_of(fig, 1)["y"][0]) == 1
    assert round(trace_of(fig, 2)["y"][0]) == 0


def test_lanes_by_actor_repeat_an_event_in_each_actor_lane():
    events = [
        ev(1, actors=["Kim Jong-un", "Donald Trump"]),
        ev(2, actors=["Kim Jong-un"]),
        ev(3, actors=[]),
    ]
    fig = timeline_figure(events=events, lane="actor")
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert ticks == ["Kim Jong-un", "Donald Trump", NO_ACTOR]
    ids_by_lane = {}
    for trace in event_traces(fig):
        for y, event_id in zip(trace["y"], trace["customdata"]):
            ids_by_lane.setdefault(ticks[round(y)], set()).add(event_id)
    assert ids_by_lane == {"Kim Jong-un": {1, 2}, "Donald Trump": {1}, NO_ACTOR: {3}}


def test_actor_lanes_are_capped_and_the_rest_share_one_lane():
    events = [ev(i, actors=[f"Actor {i:02d}"]) for i in range(1, 21)]
    fig = timeline_figure(events=events, lane="actor")
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == 13 and ticks[-1] == OTHER_ACTORS


def test_same_day_events_in_one_lane_do_not_sit_on_top_of_each_other():
    fig = timeline_figure(events=[ev(1), ev(2), ev(3)])
    ys = trace_of(fig, 1)["y"]
    assert len(set(ys)) == 3 and all(abs(y) < 0.5 for y in ys)


def test_hover_shows_title_label_modality_and_number_of_sources():
    fig = timeline_figure(events=[ev(7, title="Second summit", label="late February 2019", modality="scheduled",
                                     sources=3)])
    trace = trace_of(fig, 7)
    [text] = trace["hovertext"]
    assert "Second summit" in text and "late February 2019" in text and "scheduled" in text and "3 sources" in text
    assert trace["hovertemplate"] == "%{hovertext}<extra></extra>"
    assert trace["customdata"] == [7]  # the click handler opens /events/7/sources/


# Regression guard: Plotly renders hover text and axis labels as HTML, so user text must arrive escaped.
@pytest.mark.parametrize("lane", ["kind", "actor"])
def test_hostile_text_is_escaped_everywhere_in_the_figure(lane):
    hostile = "<img src=x onerror=alert(1)>"
    fig = timeline_figure(events=[ev(1, title=hostile, label=f"late <b>February</b> {hostile}", actors=[hostile])],
                          lane=lane)
    dumped = json.dumps(fig)
    assert "<img" not in dumped and "<b>February" not in dumped
    assert "&lt;img src=x onerror=alert(1)&gt;" in trace_of(fig, 1)["hovertext"][0]


def test_markers_are_svg_scatter_up_to_the_aggregation_threshold():
    """The page ships Plotly's basic bundle, which has no WebGL traces: a scattergl trace would not draw."""
    many = timeline_figure(events=[ev(i, earliest=D(2019, 1, 1) + datetime.timedelta(days=i % 300))
                                   for i in range(1, CHART_EVENT_LIMIT + 1)])
    assert {t["type"] for t in event_traces(many)} == {"scatter"}


def test_marker_arrays_are_compact():
    """Dates as plain YYYY-MM-DD strings and ids as bare integers: a 1,500-event figure stays small."""
    events = [ev(i, title=f"Event number {i}", earliest=D(2018, 1, 1) + datetime.timedelta(days=i % 700))
              for i in range(1, 1501)]
    size = len(json.dumps(timeline_figure(events=events), separators=(",", ":")))
    assert size < 400_000, size


def test_buckets_give_stacked_bars_per_kind_and_clicking_zooms():
    buckets = [
        Bucket(start=D(2019, 1, 1), group="summit", count=4, granularity="month"),
        Bucket(start=D(2019, 1, 1), group="letter", count=2, granularity="month"),
        Bucket(start=D(2019, 2, 1), group="summit", count=1, granularity="month"),
    ]
    fig = timeline_figure(events=buckets, total=7)
    assert fig["layout"]["barmode"] == "stack"
    assert fig["layout"]["meta"] == {"mode": "aggregate", "granularity": "month", "total": 7, "lane": "kind"}
    summit = next(t for t in fig["data"] if t["name"] == "Summit")
    assert summit["y"] == [4, 1] and summit["x"] == ["2019-01-01", "2019-02-01"]
    # customdata carries the bucket's first and last day so a click can zoom into it.
    assert summit["customdata"][1] == ["2019-02-01", "2019-02-28"]
    assert "events per month" in fig["layout"]["yaxis"]["title"]["text"]


def test_no_events_gives_an_empty_figure_with_a_message():
    fig = timeline_figure(events=[])
    assert fig["data"] == [] and "No events" in fig["layout"]["annotations"][0]["text"]


def test_window_fixes_the_x_range():
    fig = timeline_figure(events=[ev(1)], window=(D(2019, 1, 1), D(2019, 3, 31)))
    assert fig["layout"]["xaxis"]["range"] == ["2019-01-01", "2019-03-31"]


def test_unknown_lane_is_refused():
    with pytest.raises(ValueError):
        timeline_figure(events=[ev(1)], lane="colour")


def test_colour_means_kind_in_both_lane_modes():
    events = [ev(1, kind="summit", actors=["Kim"]), ev(2, kind="letter", actors=["Kim"])]
    by_kind = timeline_figure(events=events)
    by_actor = timeline_figure(events=events, lane="actor")
    summit_colour = trace_of(by_kind, 1)["marker"]["color"]
    letter_colour = trace_of(by_kind, 2)["marker"]["color"]
    assert summit_colour != letter_colour
    # Lanes by actor: both events share Kim's lane and trace, each point keeps its kind's colour.
    trace = trace_of(by_actor, 1)
    colours = dict(zip(trace["customdata"], trace["marker"]["color"]))
    assert colours == {1: summit_colour, 2: letter_colour}
    legend = [t["name"] for t in by_actor["data"] if t.get("showlegend")]
    assert "Summit" in legend and "Letter" in legend

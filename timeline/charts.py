"""Plain data -> Plotly figure dict. Pure: no database, no Django; tests call it directly.

Encoding (also explained in the legend and the page's key):
- lane (y): the event kind, or an actor;
- geometry: an event known to the day is a marker; an event known only to a week, month, part of a month,
  season, quarter or year is a horizontal bar from its earliest to its latest possible day, in a lighter fill;
- modality: occurred = filled marker / plain bar; scheduled, target and possible = open markers / hatched bars.
All user text is HTML-escaped before it reaches the figure, because Plotly renders hover text as HTML.
"""

from __future__ import annotations

import datetime
import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

# Readable labels; kept here (not imported from models) so the module stays free of Django.
KIND_LABELS = {
    "summit": "Summit",
    "talks": "Talks",
    "visit": "Visit",
    "letter": "Letter",
    "statement": "Statement",
    "agreement": "Agreement",
    "test": "Test or launch",
    "sanctions": "Sanctions",
    "deadline": "Deadline or target",
    "other": "Other",
}
KIND_ORDER = list(KIND_LABELS)
MODALITY_LABELS = {
    "occurred": "occurred",
    "scheduled": "scheduled",
    "target": "target",
    "possible": "reported as possible",
}
MODALITY_ORDER = list(MODALITY_LABELS)
# Okabe-Ito-like palette: distinguishable for common colour-vision deficiencies.
PALETTE = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
    "#56B4E9", "#8C6D31", "#6A3D9A", "#B22222", "#4D4D4D",
    "#1B9E77", "#7570B3", "#E7298A",
]
KIND_COLORS = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(KIND_ORDER)}
LABEL_COLORS = {KIND_LABELS[kind]: color for kind, color in KIND_COLORS.items()}
MARKER_SYMBOLS = {"occurred": "circle", "scheduled": "circle-open", "target": "diamond-open", "possible": "square-open"}
BAR_PATTERNS = {"occurred": "", "scheduled": "/", "target": "x", "possible": "."}
MODALITY_NOTES = {
    "occurred": "",
    "scheduled": " · scheduled (open)",
    "target": " · target (open ◇)",
    "possible": " · possible (open □)",
}
NO_ACTOR = "(no actor named)"
OTHER_ACTORS = "Other actors"
ACTOR_LANES = 12
DAY_MS = 86_400_000


@dataclass(frozen=True)
class ChartEvent:
    """The few fields of an event the chart needs."""

    id: int
    title: str
    kind: str
    modality: str
    earliest: datetime.date
    latest: datetime.date
    precision: str
    label: str
    source_count: int = 0
    actors: tuple[str, ...] = field(default=())

    @property
    def is_point(self) -> bool:
        """Known to the day: drawn as a marker. Anything vaguer is a range bar."""
        return self.precision == "day"


@dataclass(frozen=True)
class Bucket:
    """Number of events starting in one period (week, month or year) for one lane group."""

    start: datetime.date
    group: str
    count: int
    granularity: str = "month"

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return next_period(self.start, self.granularity) - datetime.timedelta(days=1)


def next_period(start: datetime.date, granularity: str) -> datetime.date:
    if granularity == "week":
        return start + datetime.timedelta(days=7)
    if granularity == "year":
        return datetime.date(min(start.year + 1, 9999), 1, 1)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return datetime.date(year, month, 1)


def _esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def _kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def hover_text(event: ChartEvent) -> str:
    """Hover label: title, date label, kind and modality, number of sources. User text escaped."""
    sources = f"{event.source_count} source" + ("" if event.source_count == 1 else "s")
    return (
        f"<b>{_esc(event.title)}</b><br>{_esc(event.label)}<br>"
        f"{_esc(_kind_label(event.kind))} · {_esc(MODALITY_LABELS.get(event.modality, event.modality))}"
        f"<br>{sources} · click for sentences"
    )


def _jitter(event_id: int) -> float:
    """A stable small vertical offset so events on the same day in one lane do not hide each other."""
    return round(((event_id * 2654435761) % 9 - 4) * 0.055, 3)


def _lanes(events: Sequence[ChartEvent], lane: str) -> tuple[list[str], dict[int, list[str]]]:
    """Lane names (top to bottom) and, per event id, the lanes it is drawn in."""
    placement: dict[int, list[str]] = {}
    if lane == "actor":
        counts = Counter(name for e in events for name in e.actors)
        top = [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:ACTOR_LANES]]
        top_set = set(top)
        extra: set[str] = set()
        for e in events:
            names = [n for n in e.actors if n in top_set]
            if any(n not in top_set for n in e.actors):
                names.append(OTHER_ACTORS)
            if not e.actors:
                names.append(NO_ACTOR)
            extra.update(n for n in names if n not in top_set)
            placement[e.id] = names
        lanes = top + [n for n in (OTHER_ACTORS, NO_ACTOR) if n in extra]
        return lanes, placement
    present = {e.kind for e in events}
    lanes = [_kind_label(k) for k in KIND_ORDER if k in present]
    lanes += sorted(_kind_label(k) for k in present if k not in KIND_LABELS)
    for e in events:
        placement[e.id] = [_kind_label(e.kind)]
    return lanes, placement


def _base_layout(*, height: int) -> dict:
    return {
        "height": height,
        # Small fixed margins; the y axis' automargin makes room for the lane names it actually has.
        "margin": {"l": 8, "r": 12, "t": 8, "b": 30},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 13, "color": "#1b2430"},
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "#ffffff", "bordercolor": "#9aa5b1", "font": {"color": "#1b2430"}, "align": "left"},
        "dragmode": "zoom",
        "showlegend": True,
        # Above the plot: below it the legend would collide with the date ticks on small screens.
        # Three entries per row (timeline.js switches to one per row on phones).
        "legend": {
            "orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left", "font": {"size": 12},
            "traceorder": "normal", "entrywidth": 0.33, "entrywidthmode": "fraction",
        },
        "uirevision": "timeline",
        "xaxis": {
            "type": "date",
            "showgrid": True,
            "gridcolor": "#eef1f5",
            "linecolor": "#c3cad3",
            "ticks": "outside",
            "tickcolor": "#c3cad3",
            "hoverformat": "%d %b %Y",
        },
    }


def _x_range(lo: datetime.date, hi: datetime.date) -> list[str]:
    pad = max(datetime.timedelta(days=3), (hi - lo) * 0.04)
    return [(lo - pad).isoformat(), (hi + pad).isoformat()]


def empty_figure(*, message: str = "No events match these filters.") -> dict:
    layout = _base_layout(height=260)
    layout.update(
        {
            "showlegend": False,
            "xaxis": {**layout["xaxis"], "visible": False},
            "yaxis": {"visible": False, "fixedrange": True},
            "annotations": [
                {"text": _esc(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                 "font": {"size": 15, "color": "#6b7685"}}
            ],
            "meta": {"mode": "empty", "total": 0},
        }
    )
    return {"data": [], "layout": layout}


def events_figure(
    *, events: Sequence[ChartEvent], lane: str = "kind", window: tuple[datetime.date, datetime.date] | None = None
) -> dict:
    """One trace per lane x modality x geometry (marker or range bar); customdata is the event id."""
    if not events:
        return empty_figure()
    lanes, placement = _lanes(events, lane)
    lane_index = {name: i for i, name in enumerate(lanes)}
    # (lane, modality, is_point) -> columns
    groups: dict[tuple[str, str, bool], dict[str, list]] = defaultdict(
        lambda: {"x": [], "base": [], "y": [], "customdata": [], "hovertext": [], "color": []}
    )
    for e in events:
        text = hover_text(e)
        for name in placement[e.id]:
            g = groups[(name, e.modality, e.is_point)]
            y = lane_index[name] + _jitter(e.id)
            if e.is_point:
                g["x"].append(e.earliest.isoformat())
            else:
                g["base"].append(e.earliest.isoformat())
                g["x"].append(((e.latest - e.earliest).days + 1) * DAY_MS)
            g["y"].append(y)
            g["customdata"].append(e.id)
            g["hovertext"].append(text)
            g["color"].append(KIND_COLORS.get(e.kind, KEY_COLOR))

    def order(key):
        name, modality, is_point = key
        return (lane_index[name], MODALITY_ORDER.index(modality) if modality in MODALITY_ORDER else 99, is_point)

    traces = []
    for key in sorted(groups, key=order):
        name, modality, is_point = key
        cols = groups[key]
        # Colour always means kind: one colour per lane by kind; per point when lanes are actors.
        if lane == "kind":
            color = LABEL_COLORS.get(name) or PALETTE[lane_index[name] % len(PALETTE)]
            fill = _rgba(color, 0.12 if modality != "occurred" else 0.32)
        else:
            color = cols["color"]
            fill = [_rgba(c, 0.12 if modality != "occurred" else 0.32) for c in color]
        open_ = modality != "occurred"
        common = {
            "name": _esc(name) + MODALITY_NOTES.get(modality, f" · {_esc(modality)}") + ("" if is_point else " · date range"),
            "legendgroup": _esc(name),
            "showlegend": False,
            "y": cols["y"],
            "customdata": cols["customdata"],
            "hovertext": cols["hovertext"],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "meta": {"modality": modality, "geometry": "marker" if is_point else "range"},
        }
        if is_point:
            traces.append(
                {
                    **common,
                    # SVG scatter: the server aggregates before a window holds more markers than SVG draws
                    # smoothly, so the page can ship Plotly's small eval-free basic bundle (no WebGL traces).
                    "type": "scatter",
                    "mode": "markers",
                    "x": cols["x"],
                    "marker": {
                        "symbol": MARKER_SYMBOLS.get(modality, "circle-open"),
                        "size": 11,
                        "color": color,
                        "line": {"width": 2, "color": color} if open_ else {"width": 1, "color": "#ffffff"},
                    },
                }
            )
        else:
            marker = {
                "color": fill,
                "line": {"width": 1.5, "color": color},
            }
            if open_:
                marker["pattern"] = {"shape": BAR_PATTERNS.get(modality, "/"), "fgcolor": color, "size": 6, "solidity": 0.25}
            traces.append(
                {
                    **common,
                    "type": "bar",
                    "orientation": "h",
                    "base": cols["base"],
                    "x": cols["x"],
                    "width": 0.3,
                    "marker": marker,
                    "textposition": "none",
                }
            )
    traces += legend_key(modalities={e.modality for e in events}, ranges=any(not e.is_point for e in events))
    if lane == "actor":
        traces += kind_key(kinds={e.kind for e in events})
    lo = window[0] if window else min(e.earliest for e in events)
    hi = window[1] if window else max(e.latest for e in events)
    layout = _base_layout(height=max(300, min(900, 170 + 44 * len(lanes))))
    # Legend entries explain the encoding; lanes are named on the y axis, so lane traces stay out of it.
    layout["legend"].update({"itemclick": False, "itemdoubleclick": False})
    layout["barmode"] = "overlay"
    layout["xaxis"]["range"] = [lo.isoformat(), hi.isoformat()] if window else _x_range(lo, hi)
    layout["yaxis"] = {
        "tickmode": "array",
        "tickvals": list(range(len(lanes))),
        "ticktext": [_esc(n) for n in lanes],
        "range": [len(lanes) - 0.5, -0.5],
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "automargin": True,
    }
    # Thin separators between lanes.
    layout["shapes"] = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": i + 0.5, "y1": i + 0.5,
         "line": {"color": "#eef1f5", "width": 1}, "layer": "below"}
        for i in range(len(lanes) - 1)
    ]
    layout["meta"] = {"mode": "events", "total": len(events), "lane": lane}
    return {"data": traces, "layout": layout}


KEY_COLOR = "#4a5568"


def legend_key(*, modalities: set[str], ranges: bool) -> list[dict]:
    """Data-less traces whose only job is a legend entry per encoding in use (occurred vs scheduled...)."""
    entries = []
    for modality in MODALITY_ORDER:
        if modality not in modalities:
            continue
        name = {
            "occurred": "occurred, known to the day",
            "scheduled": "scheduled (open circle, hatched bar)",
            "target": "target (open diamond, crossed bar)",
            "possible": "possible (open square, dotted bar)",
        }[modality]
        entries.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None],
                "y": [None],
                "name": name,
                "hoverinfo": "skip",
                "showlegend": True,
                "marker": {
                    "symbol": MARKER_SYMBOLS[modality],
                    "size": 10,
                    "color": KEY_COLOR,
                    "line": {"width": 2, "color": KEY_COLOR},
                },
                "meta": {"key": modality},
            }
        )
    if ranges:
        entries.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": [None],
                "y": [None],
                "name": "vague date: bar over every possible day",
                "hoverinfo": "skip",
                "showlegend": True,
                "marker": {"color": _rgba(KEY_COLOR, 0.32), "line": {"width": 1.5, "color": KEY_COLOR}},
                "meta": {"key": "range"},
            }
        )
    return entries


def kind_key(*, kinds: set[str]) -> list[dict]:
    """Legend entries naming the colour of each kind (needed when lanes are actors)."""
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None],
            "y": [None],
            "name": _esc(_kind_label(kind)),
            "hoverinfo": "skip",
            "showlegend": True,
            "marker": {"symbol": "square", "size": 10, "color": KIND_COLORS.get(kind, KEY_COLOR)},
            "meta": {"key": f"kind:{kind}"},
        }
        for kind in KIND_ORDER + sorted(kinds - set(KIND_ORDER))
        if kind in kinds
    ]


def aggregate_figure(
    *,
    buckets: Sequence[Bucket],
    lane: str = "kind",
    total: int | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> dict:
    """Stacked bars: events per period per kind (or actor). Clicking a bar zooms into its period."""
    if not buckets:
        return empty_figure()
    granularity = buckets[0].granularity
    by_group: dict[str, list[Bucket]] = defaultdict(list)
    for b in buckets:
        by_group[b.group].append(b)
    if lane == "kind":
        group_order = [k for k in KIND_ORDER if k in by_group] + sorted(k for k in by_group if k not in KIND_LABELS)
    else:
        group_order = sorted(by_group, key=lambda g: (-sum(b.count for b in by_group[g]), g))
    traces = []
    for i, group in enumerate(group_order):
        rows = by_group[group]
        name = _kind_label(group) if lane == "kind" else group
        color = KIND_COLORS.get(group) if lane == "kind" else None
        color = color or PALETTE[i % len(PALETTE)]
        traces.append(
            {
                "type": "bar",
                "name": _esc(name),
                "x": [b.start.isoformat() for b in rows],
                "y": [b.count for b in rows],
                "width": [((b.end - b.start).days + 1) * DAY_MS * 0.9 for b in rows],
                "offset": 0,
                "marker": {"color": color, "line": {"width": 0}},
                "customdata": [[b.start.isoformat(), b.end.isoformat()] for b in rows],
                "hovertemplate": f"<b>{_esc(name)}</b><br>%{{y}} events, {granularity} of %{{x}}"
                "<br>click to zoom in<extra></extra>",
            }
        )
    lo = window[0] if window else min(b.start for b in buckets)
    hi = window[1] if window else max(b.end for b in buckets)
    layout = _base_layout(height=420)
    layout["barmode"] = "stack"
    layout["bargap"] = 0.05
    layout["xaxis"]["range"] = [lo.isoformat(), hi.isoformat()] if window else _x_range(lo, hi)
    layout["yaxis"] = {
        "title": {"text": f"events per {granularity}"},
        "fixedrange": True,
        "gridcolor": "#eef1f5",
        "rangemode": "tozero",
    }
    layout["meta"] = {
        "mode": "aggregate",
        "granularity": granularity,
        "total": total if total is not None else sum(b.count for b in buckets),
        "lane": lane,
    }
    return {"data": traces, "layout": layout}


def timeline_figure(
    *,
    events: Sequence[ChartEvent] | Sequence[Bucket],
    lane: str = "kind",
    total: int | None = None,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> dict:
    """The timeline figure: events drawn individually, or counts per period when given buckets."""
    if lane not in ("kind", "actor"):
        raise ValueError(f"unknown lane {lane!r}")
    if events and isinstance(events[0], Bucket):
        return aggregate_figure(buckets=events, lane=lane, total=total, window=window)  # type: ignore[arg-type]
    return events_figure(events=events, lane=lane, window=window)  # type: ignore[arg-type]


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    return f"rgba({r},{g},{b},{alpha})"

"""Event records (timeline.export.event_records) rendered as CSV, iCalendar and TimelineJS 3 JSON.

Pure functions over plain dicts: each format yields text chunks so the views can stream large exports.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator

import icalendar
from django.utils.html import format_html, format_html_join

CSV_COLUMNS = [
    "id", "title", "kind", "modality", "status", "earliest", "latest", "precision", "label", "place",
    "actors", "topics", "sources", "first_source_url",
]
# Spreadsheets run cells starting with these as formulas (CSV injection); tab and CR too (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ICS_PRODID = "-//Diplomatic Timeline//events export//EN"
UID_DOMAIN = "diplomatic-timeline"


def csv_safe(value):
    """A cell value a spreadsheet will show as text: strings starting like a formula get a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(record: dict) -> list:
    """One CSV row per event: lists joined by "; ", sources as a count and the first source's URL."""
    sources = record["sources"]
    row = [
        record["id"], record["title"], record["kind"], record["modality"], record["status"], record["earliest"],
        record["latest"], record["precision"], record["label"], record["place"] or "",
        "; ".join(record["actors"]), "; ".join(record["topics"]), len(sources),
        sources[0]["url"] if sources else "",
    ]
    return [csv_safe(cell) for cell in row]


def csv_chunks(records: Iterable[dict]) -> Iterator[str]:
    """The header, then rows, as CSV text (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_row(record))
        if buffer.tell() > 32_768:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _source_line(source: dict) -> str:
    parts = [source["outlet"] or "Unknown outlet", f"“{source['title']}”", source["published"] or ""]
    line = ", ".join(p for p in parts if p)
    if source["url"]:
        line += f" <{source['url']}>"
    return f"- {line}: {source['sentence']}"


def ics_event(record: dict, *, stamp: datetime.datetime, url: str = "") -> icalendar.Event:
    """An all-day VEVENT over earliest..latest (DTEND is exclusive, so latest + 1 day)."""
    earliest = datetime.date.fromisoformat(record["earliest"])
    latest = datetime.date.fromisoformat(record["latest"])
    event = icalendar.Event()
    event.add("uid", f"event-{record['id']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", earliest)
    event.add("dtend", latest + datetime.timedelta(days=1))
    event.add("summary", record["title"])
    lines = [f"{record['label']} ({record['precision']} precision, {record['modality']})"]
    if record["place"]:
        lines.append(f"Place: {record['place']}")
    if record["actors"]:
        lines.append("Actors: " + "; ".join(record["actors"]))
    lines.append(f"Sources ({len(record['sources'])}):")
    lines += [_source_line(s) for s in record["sources"]]
    event.add("description", "\n".join(lines))
    event.add("categories", [record["kind"]])
    if record["place"]:
        event.add("location", record["place"])
    if url:
        event.add("url", url)
    return event


def ics_chunks(
    records: Iterable[dict], *, stamp: datetime.datetime, url_for=lambda record: ""
) -> Iterator[bytes]:
    """A VCALENDAR streamed one VEVENT at a time (each VEVENT serialised by icalendar)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", ICS_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Diplomatic Timeline")
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    yield head[: -len(end)]
    for record in records:
        yield ics_event(record, stamp=stamp, url=url_for(record)).to_ical()
    yield end


def _tl_date(day: datetime.date, *, precision: str, display: str = "") -> dict:
    """A TimelineJS date object carrying only the parts the precision knows."""
    date: dict = {"year": day.year}
    if precision in {"day", "week", "month", "quarter", "season", "half-year"}:
        date["month"] = day.month
    if precision in {"day", "week"}:
        date["day"] = day.day
    if display:
        date["display_date"] = display
    return date


def _safe_href(url: str) -> str:
    return url if url.lower().startswith(("http://", "https://")) else ""


def timelinejs_event(record: dict, *, url: str = "") -> dict:
    """One TimelineJS 3 slide; TimelineJS renders headline and text as HTML, so all text is escaped."""
    earliest = datetime.date.fromisoformat(record["earliest"])
    latest = datetime.date.fromisoformat(record["latest"])
    precision = record["precision"]
    slide: dict = {
        "start_date": _tl_date(earliest, precision=precision, display=record["label"]),
        "text": {"headline": format_html("{}", record["title"]), "text": ""},
        "group": record["kind"],
        "unique_id": f"event-{record['id']}",
        "display_date": record["label"],
    }
    if latest != earliest:
        slide["end_date"] = _tl_date(latest, precision=precision)
    sources = format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}">{}</a> ({}): {}', href, s["outlet"] or s["title"], s["published"], s["sentence"])
                if (href := _safe_href(s["url"]))
                else format_html("{} ({}): {}", s["outlet"] or s["title"], s["published"], s["sentence"]),
            )
            for s in record["sources"]
        ),
    )
    details = ", ".join(x for x in [record["modality"], record["place"] or "", "; ".join(record["actors"])] if x)
    text = format_html("<p>{} — {}</p><ul>{}</ul>", record["label"], details, sources)
    if url:
        text += format_html('<p><a href="{}">All sources on Diplomatic Timeline</a></p>', url)
    slide["text"]["text"] = str(text)
    slide["text"]["headline"] = str(slide["text"]["headline"])
    return slide


def timelinejs_chunks(
    records: Iterable[dict], *, headline: str, summary: str, url_for=lambda record: ""
) -> Iterator[str]:
    """{"title": ..., "events": [...]} streamed one slide at a time."""
    title = {"text": {"headline": str(format_html("{}", headline)), "text": str(format_html("<p>{}</p>", summary))}}
    yield '{"title": ' + json.dumps(title) + ', "events": ['
    first = True
    for record in records:
        yield ("" if first else ", ") + json.dumps(timelinejs_event(record, url=url_for(record)))
        first = False
    yield "]}"


def json_chunks(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array of records (the export_events shape), streamed record by record."""
    yield "["
    first = True
    for record in records:
        yield ("" if first else ", ") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "]"

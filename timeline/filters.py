"""Timeline filters: the GET query string parsed and validated into a TimelineFilters value."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from timeline.models import Actor, EventKind, Modality, Status, Topic

_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
LANES = ("kind", "actor")
MAX_Q_LENGTH = 200


def parse_partial_date(raw: str, *, end: bool) -> datetime.date:
    """Read YYYY, YYYY-MM or YYYY-MM-DD; a start is the first day of that period, an end its last day."""
    match = _PARTIAL_DATE.match(raw or "")
    if not match:
        raise forms.ValidationError("Use a date like 2019, 2019-02 or 2019-02-27.", code="format")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise forms.ValidationError("The year must be between 0001 and 9999.", code="range")
    if month is not None and not 1 <= month <= 12:
        raise forms.ValidationError(f"There is no month {month}.", code="month")
    if month is None:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return datetime.date(year, month, last if end else 1)
    if not 1 <= day <= last:
        raise forms.ValidationError(f"{year:04d}-{month:02d} has no day {day}.", code="day")
    return datetime.date(year, month, day)


class PartialDateField(forms.CharField):
    """A CharField whose cleaned value is a date; `end=True` rounds a partial date up to its last day."""

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return parse_partial_date(value, end=self.end)


class TimelineFilterForm(forms.Form):
    """The filter bar: every field optional; anything malformed becomes a field error, never an exception."""

    start = PartialDateField(label="From", widget=forms.TextInput(attrs={"placeholder": "2018", "inputmode": "numeric"}))
    end = PartialDateField(end=True, label="To", widget=forms.TextInput(attrs={"placeholder": "2019-06", "inputmode": "numeric"}))
    kind = forms.MultipleChoiceField(
        choices=EventKind.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Kind"
    )
    modality = forms.MultipleChoiceField(
        choices=Modality.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Modality"
    )
    actor = forms.ModelChoiceField(
        queryset=Actor.objects.only("id", "name"), required=False, empty_label="Any actor", label="Actor"
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.only("id", "name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
        label="Topic",
    )
    q = forms.CharField(
        required=False,
        max_length=MAX_Q_LENGTH,
        strip=True,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "letter, Hanoi, sanctions…"}),
    )
    lane = forms.ChoiceField(
        choices=[("kind", "by kind"), ("actor", "by actor")], required=False, label="Lanes", initial="kind"
    )
    # Only staff are allowed to look beyond approved events; the selector enforces that.
    status = forms.MultipleChoiceField(choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple)

    # Plain (value, label, selected) rows for the template: rendering Django's widget templates
    # option by option costs more than the rest of the page put together.
    def _selected(self, name: str) -> set[str]:
        raw = self[name].value()
        values = raw if isinstance(raw, (list, tuple)) else [raw]
        return {str(v) for v in values if v not in (None, "")}

    def _options(self, name: str, choices) -> list[tuple[str, str, bool]]:
        selected = self._selected(name)
        return [(str(value), str(label), str(value) in selected) for value, label in choices]

    def kind_options(self):
        return self._options("kind", EventKind.choices)

    def modality_options(self):
        return self._options("modality", Modality.choices)

    def status_options(self):
        return self._options("status", Status.choices)

    def lane_options(self):
        return self._options("lane", self.fields["lane"].choices)

    def actor_options(self):
        return self._options("actor", Actor.objects.order_by("name").values_list("id", "name"))

    def topic_options(self):
        return self._options("topic", Topic.objects.order_by("name").values_list("slug", "name"))

    def clean_actor(self):
        actor = self.cleaned_data.get("actor")
        return actor.pk if actor is not None else None

    def clean_topic(self):
        topic = self.cleaned_data.get("topic")
        return topic.slug if topic is not None else ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the range is before its start.")
        return cleaned


@dataclass(frozen=True)
class TimelineFilters:
    """What the reader asked to see. Empty tuples/None mean "no restriction"."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    kinds: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    actor: int | None = None
    topic: str = ""
    q: str = ""
    lane: str = "kind"
    statuses: tuple[str, ...] = field(default=())

    @classmethod
    def from_cleaned(cls, data: dict) -> TimelineFilters:
        return cls(
            start=data.get("start"),
            end=data.get("end"),
            kinds=tuple(data.get("kind") or ()),
            modalities=tuple(data.get("modality") or ()),
            actor=data.get("actor"),
            topic=data.get("topic") or "",
            q=(data.get("q") or "").strip(),
            lane=data.get("lane") or "kind",
            statuses=tuple(data.get("status") or ()),
        )

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for download links and chart window fetches)."""
        pairs: list[tuple[str, str]] = []
        if self.start:
            pairs.append(("start", self.start.isoformat()))
        if self.end:
            pairs.append(("end", self.end.isoformat()))
        pairs += [("kind", k) for k in self.kinds]
        pairs += [("modality", m) for m in self.modalities]
        if self.actor is not None:
            pairs.append(("actor", str(self.actor)))
        if self.topic:
            pairs.append(("topic", self.topic))
        if self.q:
            pairs.append(("q", self.q))
        if self.lane != "kind":
            pairs.append(("lane", self.lane))
        pairs += [("status", s) for s in self.statuses]
        return pairs

    def querystring(self) -> str:
        return urlencode(self.as_query())

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.start or self.end or self.kinds or self.modalities or self.actor is not None or self.topic or self.q
        )


def parse_filters(query: QueryDict | dict) -> tuple[TimelineFilterForm, TimelineFilters | None]:
    """Validate a query string. Returns the bound form and the filters, or None when any field is invalid."""
    form = TimelineFilterForm(data=query)
    if not form.is_valid():
        return form, None
    return form, TimelineFilters.from_cleaned(form.cleaned_data)

"""The Timex value object returned by the tagger."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

TYPES = ("DATE", "TIME", "DURATION", "SET")
PRECISIONS = ("day", "week", "month", "quarter", "season", "half-year", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: its span in the text and its TIMEX3 normalisation."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # TIMEX3 value, e.g. 2019-02, P40Y, PRESENT_REF
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER, ...
    earliest: datetime.date | None = None  # first day covered (anchored DATE/TIME only)
    latest: datetime.date | None = None  # last day covered (anchored DATE/TIME only)
    precision: str | None = None  # day, week, month, quarter, season, half-year, year, decade, century

    def to_dict(self) -> dict:
        """Return a JSON-able dict with dates as ISO strings."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
        }

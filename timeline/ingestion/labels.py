"""Human date labels for a resolved range: "24 January 2019", "late February 2019", "the 2010s"."""

from __future__ import annotations

import datetime

_MOD_PREFIX = {"START": "early", "MID": "mid", "END": "late", "APPROX": "around", "BEFORE": "before",
               "AFTER": "after", "ON_OR_BEFORE": "by", "ON_OR_AFTER": "from", "LESS_THAN": "before",
               "MORE_THAN": "after", "EQUAL_OR_LESS": "by", "EQUAL_OR_MORE": "from"}
_SEASONS = {3: "spring", 4: "spring", 5: "spring", 6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn",
            11: "autumn", 12: "winter", 1: "winter", 2: "winter"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day(d: datetime.date) -> str:
    return f"{d.day} {d:%B} {d.year}"


def infer_precision(earliest: datetime.date, latest: datetime.date) -> str:
    """Precision from the range alone, when the tagger gave none."""
    days = (latest - earliest).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    if days <= 92:
        return "quarter"
    if days <= 184:
        return "half-year"
    if days <= 366:
        return "year"
    if days <= 3653:
        return "decade"
    return "century"


def date_label(
    earliest: datetime.date, latest: datetime.date, precision: str | None = None, mod: str | None = None
) -> str:
    """A label a reader understands, at the precision the sources give."""
    precision = precision or infer_precision(earliest, latest)
    mod = (mod or "").upper()
    prefix = _MOD_PREFIX.get(mod, "")
    if precision == "day":
        if earliest == latest:
            base = _day(earliest)
        elif earliest.year == latest.year and earliest.month == latest.month:
            base = f"{earliest.day}–{latest.day} {earliest:%B} {earliest.year}"
        else:
            base = f"{_day(earliest)} – {_day(latest)}"
        return f"{prefix} {base}".strip() if prefix and mod not in {"START", "MID", "END"} else base
    if precision == "week":
        base = f"week of {_day(earliest)}"
    elif precision == "month":
        if earliest.month != latest.month or earliest.year != latest.year:
            base = f"{earliest:%B} – {latest:%B} {latest.year}" if earliest.year == latest.year else (
                f"{earliest:%B} {earliest.year} – {latest:%B} {latest.year}")
        else:
            base = f"{earliest:%B} {earliest.year}"
    elif precision == "quarter":
        base = f"Q{(earliest.month - 1) // 3 + 1} {earliest.year}"
    elif precision == "season":
        season = _SEASONS[earliest.month]
        # Winter spans the new year; it is named by the year it starts in ("winter 2018" = Dec 2018 - Feb 2019).
        base = f"{season} {earliest.year}"
    elif precision == "half-year":
        base = f"{'first' if earliest.month <= 6 else 'second'} half of {earliest.year}"
    elif precision == "year":
        base = str(earliest.year) if earliest.year == latest.year else f"{earliest.year}–{latest.year}"
    elif precision == "decade":
        base = f"the {earliest.year // 10 * 10}s"
    elif precision == "century":
        base = f"the {_ordinal(earliest.year // 100 + 1)} century"
    else:
        base = f"{_day(earliest)} – {_day(latest)}"
    if not prefix:
        return base
    if mod == "MID" and precision in {"month", "year", "decade", "season"}:
        return f"mid-{base}" if not base.startswith("the ") else f"the mid-{base[4:]}"
    if mod in {"START", "END", "MID"} and base.startswith("the "):
        return f"the {prefix} {base[4:]}"
    if mod in {"START", "END"} and precision in {"week", "day"}:
        return f"{'start' if mod == 'START' else 'end'} of {base}"
    return f"{prefix} {base}"

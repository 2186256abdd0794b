"""TIMEX3 value strings: formatting calendar units, and the day range a value covers."""
from __future__ import annotations

import calendar
import datetime
import re

MIN_YEAR, MAX_YEAR = datetime.MINYEAR, datetime.MAXYEAR

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def day(d: datetime.date) -> str:
    """Return the TIMEX3 value of one day, e.g. 2019-01-24."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def month(year: int, m: int) -> str | None:
    """Return YYYY-MM, or None when the year is outside 1..9999."""
    return f"{year:04d}-{m:02d}" if MIN_YEAR <= year <= MAX_YEAR else None


def year(y: int) -> str | None:
    """Return YYYY, or None when the year is outside 1..9999."""
    return f"{y:04d}" if MIN_YEAR <= y <= MAX_YEAR else None


def week(d: datetime.date) -> str:
    """Return the ISO week of a day, e.g. 2019-W03."""
    iso_year, iso_week, _ = d.isocalendar()
    return f"{iso_year:04d}-W{iso_week:02d}"


def add_days(d: datetime.date, n: int) -> datetime.date | None:
    """Return d + n days, or None when that leaves the calendar (year 1..9999)."""
    try:
        return d + datetime.timedelta(days=n)
    except OverflowError:
        return None


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """Return (year, month) n months after year-month; the year may leave 1..9999."""
    total = y * 12 + (m - 1) + n
    return total // 12, total % 12 + 1


def shift_day(d: datetime.date, n: int, unit: str) -> datetime.date | None:
    """Return d moved by n days, weeks, months or years (clamping the day of month)."""
    if unit == "D":
        return add_days(d, n)
    if unit == "W":
        return add_days(d, 7 * n)
    months = {"M": n, "Q": 3 * n, "Y": 12 * n, "E": 120 * n, "C": 1200 * n}.get(unit)
    if months is None:
        return None
    y, m = add_months(d.year, d.month, months)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe(y: int, m: int, d: int) -> datetime.date:
    """Return the date, clamped to the calendar's ends."""
    if y < MIN_YEAR:
        return datetime.date.min
    if y > MAX_YEAR:
        return datetime.date.max
    return datetime.date(y, m, min(d, calendar.monthrange(y, m)[1]))


_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d?)(?:-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?(?:T.*)?$"
    r"|(?P<dec>\d{3})$|(?P<cen>\d{2})$"
)


def value_range(value: str, mod: str | None = None) -> tuple[datetime.date | None, datetime.date | None, str | None]:
    """Return (earliest, latest, precision) of an anchored DATE/TIME value; Nones if not anchored."""
    m = _VALUE.match(value)
    if not m:
        return None, None, None
    try:
        if m["dec"]:
            start_y = int(m["dec"]) * 10
            lo, hi, prec = _safe(max(start_y, 1), 1, 1), _safe(start_y + 9, 12, 31), "decade"
        elif m["cen"]:
            start_y = int(m["cen"]) * 100
            lo, hi, prec = _safe(max(start_y, 1), 1, 1), _safe(start_y + 99, 12, 31), "century"
        else:
            y = int(m["y"])
            if y < MIN_YEAR:
                return None, None, None
            if m["d"]:
                lo = hi = datetime.date(y, int(m["m"]), int(m["d"]))
                prec = "day"
            elif m["m"]:
                mo = int(m["m"])
                lo, hi, prec = _safe(y, mo, 1), _safe(y, mo, 31), "month"
            elif m["w"]:
                lo = datetime.date.fromisocalendar(y, int(m["w"]), 1)
                hi = add_days(lo, 6) or datetime.date.max
                if value.endswith("-WE"):
                    lo = add_days(lo, 5) or lo
                prec = "week"
            elif m["q"]:
                q = int(m["q"])
                lo, hi, prec = _safe(y, 3 * q - 2, 1), _safe(y, 3 * q, 31), "quarter"
            elif m["h"]:
                h = int(m["h"])
                lo, hi, prec = _safe(y, 6 * h - 5, 1), _safe(y, 6 * h, 31), "half-year"
            elif m["s"]:
                first, last = SEASON_MONTHS[m["s"]]
                lo = _safe(y, first, 1)
                hi = _safe(y + 1, last, 31) if m["s"] == "WI" else _safe(y, last, 31)
                prec = "season"
            else:
                lo, hi, prec = _safe(y, 1, 1), _safe(y, 12, 31), "year"
    except ValueError:
        return None, None, None
    return (*_narrow(lo, hi, mod), prec)


def _narrow(lo: datetime.date, hi: datetime.date, mod: str | None) -> tuple[datetime.date, datetime.date]:
    """Return the part of [lo, hi] that START/MID/END picks: the first, middle or last third."""
    if mod not in ("START", "MID", "END"):
        return lo, hi
    n = (hi - lo).days + 1
    if n < 3:
        return lo, hi
    if mod == "START":
        return lo, add_days(lo, n // 3 - 1) or lo
    if mod == "MID":
        return add_days(lo, n // 3) or lo, add_days(lo, n - n // 3 - 1) or hi
    # late February 2019 -> 19..28 Feb: the last third, rounded up.
    return add_days(lo, (2 * n) // 3) or lo, hi

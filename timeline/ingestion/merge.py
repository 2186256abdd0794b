"""When does a new mention describe an event we already have? Pure rules, no database."""

from __future__ import annotations

import datetime

MODALITY_RANK = {"occurred": 0, "scheduled": 1, "target": 2, "possible": 3}


def ranges_compatible(
    a: tuple[datetime.date, datetime.date, str], b: tuple[datetime.date, datetime.date, str]
) -> bool:
    """One range contains the other, or they overlap at equal precision."""
    (a0, a1, ap), (b0, b1, bp) = a, b
    if a0 <= b0 and b1 <= a1 or b0 <= a0 and a1 <= b1:
        return True
    return a0 <= b1 and b0 <= a1 and ap == bp


def actors_agree(a: set[int], b: set[int], *, kind: str) -> bool:
    if kind == "other":
        return bool(a & b)  # nothing else ties two unclassified events together
    return not a or not b or bool(a & b)


def places_agree(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def strongest_modality(a: str, b: str) -> str:
    """A report that something happened beats one that it was scheduled, a target or possible."""
    return a if MODALITY_RANK.get(a, 9) <= MODALITY_RANK.get(b, 9) else b


def width(earliest: datetime.date, latest: datetime.date) -> int:
    return (latest - earliest).days

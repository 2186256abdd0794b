"""tag(): find and normalise the time expressions of a text (grammar lands in the next commit)."""
from __future__ import annotations

import datetime

from .model import Timex


def tag(text: str, reference: datetime.date) -> list[Timex]:
    """Return the time expressions of text, resolved against reference, in text order."""
    return []
